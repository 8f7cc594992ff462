"""Quantity extraction on NewsQuant dev (../shared/data/newsquant/dev.json): value F1 and value+unit F1.

A found quantity matches a gold one in the same sentence when the values are equal (1e-6 relative);
for value+unit the units must also agree, compared by name after normalising spelling, plurals and
currency codes ("kilometre" = "kilometer", "USD per gallon" = "dollar per gallon"); a counted noun
matches a gold unit that ends with it ("transplants" for "heart transplant").  A range ("from $370,000
to $5.5 million") is one quantity, as NewsQuant annotates it ("370000.0-5500000.0"); its low ends must be
equal, and its high ends too when both sides give one.  Years, which NewsQuant does not
annotate, are left out (newstrace keeps them apart, kind "year").  NewsQuant writes a share ("a third of
those screened") as value 0.333 with unit "percent", at times followed by the whole ("% Germans");
newstrace gives it the unit "fraction", which matches those.  Gold units "-" match a unitless find.
Sentences are parsed with the same spaCy model the claims stage uses, for counted nouns.

Protocol (issue 17): dev.json is split once, by a seeded shuffle of its sentence indices (``SPLIT_SEED``),
into a working half (the first 148 after the shuffle) and a check half (the other 147).  Rules are written
from the working half only, and ``--verbose`` prints only its errors; the check half is only scored.  The
report prints both halves side by side, and the check half's indices, so the split can be checked.

    python benchmarks/newsquant_eval.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from _report import publish, scores
from newstrace.claims.parse import nlp
from newstrace.claims.quantities import find_quantities

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "newsquant" / "dev.json"
_CURRENCY_NAMES = {"USD": "dollar", "EUR": "euro", "GBP": "pound sterling", "JPY": "japanese yen", "INR": "rupee",
                   "AUD": "australian dollar", "CAD": "canadian dollar", "MYR": "malaysian ringgit", "ILS": "shekel",
                   "CNY": "yuan", "CHF": "franc", "NZD": "new zealand dollar", "HKD": "hong kong dollar"}
_SPELLING = [("metre", "meter"), ("litre", "liter"), ("percentage", "percent"), ("/", " per "),
             ("degree_fahrenheit", "fahrenheit"), ("degree_celsius", "celsius"), ("**2", " squared"),
             ("km", "kilometer"), ("metric_horsepower", "horsepower"), ("newton*meter", "newton meter"),
             ("kip_", "kilopound_"), ("*", " "), ("_", " ")]
# the same unit under two names: pint's "foot*pound_force" is NewsQuant's "pound-foot" too
_SYNONYMS = {"pound foot": "foot pound force", "pound mass": "pound", "ppm": "part per million"}
_SQUARED = re.compile(r"(\w+) squared")
SPLIT_SEED = 17
WORKING_SIZE = 148


def split(n_sentences: int) -> tuple[list[int], list[int]]:
    """The working and check halves of NewsQuant dev: sentence indices, each half sorted."""
    order = list(range(n_sentences))
    random.Random(SPLIT_SEED).shuffle(order)
    return sorted(order[:WORKING_SIZE]), sorted(order[WORKING_SIZE:])


def unit_key(unit: str | None) -> str:
    if unit in (None, "", "-"):
        return "-"
    text = " ".join(_CURRENCY_NAMES.get(word.upper(), word) for word in str(unit).split()).lower()
    for old, new in _SPELLING:
        text = text.replace(old, new)
    text = _SQUARED.sub(r"square \1", text)
    words = [w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w
             for w in re.findall(r"[a-z%]+", text)]
    words = ["foot" if w == "feet" else w for w in words]
    key = " ".join(words).replace("%", "percent")
    return _SYNONYMS.get(key, key)


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def gold_high(raw: str) -> float | None:
    """The top of a gold range ("370000.0-5500000.0"), if the value is one."""
    parts = raw.lstrip("-").split("-") if raw else []
    try:
        return float(parts[1]) if len(parts) == 2 and parts[1] else None
    except ValueError:
        return None


def gold_value(raw: str) -> float | None:
    """The value, or the low end of a range; "-5.0" is negative."""
    sign = -1.0 if raw.startswith("-") else 1.0
    try:
        return sign * float(raw.lstrip("-").split("-")[0]) if raw else None
    except ValueError:
        return None


def count(half: str, verbose: bool = False) -> tuple[int, int, int, int, int]:
    """Sentences, gold quantities, found quantities, value matches and value+unit matches over one half of
    NewsQuant dev ("working" or "check"); only the working half's errors are ever printed."""
    every = json.loads(DEV.read_text())
    working, check = split(len(every))
    sentences = [every[i] for i in (working if half == "working" else check)]
    verbose = verbose and half == "working"
    parser_ = nlp()
    tp_v = tp_vu = n_found = n_gold = 0
    for sentence in sentences:
        docs = [(0, parser_(sentence["text"]))]
        found = [q for q in find_quantities(sentence["text"], docs=docs) if q.kind != "year"]
        gold = [(gold_value(g["value"]), gold_high(g["value"]), {unit_key(g["unit"]), unit_key(g["normalized_unit"])})
                for g in sentence["quantities"]]
        gold = [(v, h, u) for v, h, u in gold if v is not None]
        n_found += len(found)
        n_gold += len(gold)
        unused = list(gold)
        for q in found:
            match = next((g for g in unused if same_value(g[0], q.value)  # type: ignore[arg-type]
                          and (g[1] is None or q.high is None or same_value(g[1], q.high))), None)
            if match is None:
                if verbose:
                    print("extra", q.text, q.value, q.unit, "|", sentence["text"][:100])
                continue
            unused.remove(match)
            tp_v += 1
            mine = unit_key(q.unit)
            if mine in match[2] or (q.unit is None and "-" in match[2]) or \
                    (q.kind == "count" and any(g.split()[-1:] == [mine] for g in match[2])) or \
                    (q.kind == "fraction" and any(g.split()[:1] == ["percent"] for g in match[2])):
                tp_vu += 1
            elif verbose:
                print("unit", q.text, q.unit, match[2], "|", sentence["text"][:100])
        if verbose:
            for g in unused:
                print("missed", g, "|", sentence["text"][:100])
    return len(sentences), n_gold, n_found, tp_v, tp_vu


def measure() -> dict[str, float]:
    """Value F1 and value+unit F1 of each half: the figures the quality gate holds."""
    figures = {}
    for half in ("working", "check"):
        _, n_gold, n_found, tp_v, tp_vu = count(half)
        figures[f"{half}_value_f1"] = scores(tp_v, n_found, n_gold)[2]
        figures[f"{half}_value_unit_f1"] = scores(tp_vu, n_found, n_gold)[2]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    halves = {half: count(half, args.verbose) for half in ("working", "check")}
    rows = []
    for name, k in (("value", 0), ("value+unit", 1)):
        cells = []
        for half in ("working", "check"):
            _, n_gold, n_found, *matched = halves[half]
            p, r, f1 = scores(matched[k], n_found, n_gold)
            cells.append(f"{p:.3f} / {r:.3f} / {f1:.3f}")
        rows.append(f"| {name} | {cells[0]} | {cells[1]} |")
    sizes = {half: f"{c[0]} sentences, {c[1]} gold quantities, {c[2]} found" for half, c in halves.items()}
    gap = scores(halves["working"][4], halves["working"][2], halves["working"][1])[2] - \
        scores(halves["check"][4], halves["check"][2], halves["check"][1])[2]
    _, check = split(sum(c[0] for c in halves.values()))
    report = "\n".join([
        f"Working half: {sizes['working']}. Check half: {sizes['check']}.", "",
        "| match | working P / R / F1 | check P / R / F1 |", "|---|---|---|", *rows, "",
        f"Working minus check, value+unit F1: {gap:+.3f}.", "",
        "Targets: value+unit F1 >= 0.88 on the check half, and within 0.03 of the working half. "
        "Anchors (whole of dev): CQE 0.920 / 0.856, quantulum3 0.730 / 0.472 (value / value+unit F1).", "",
        f"Split: `random.Random({SPLIT_SEED}).shuffle` of the indices 0-294 of dev.json; the first {WORKING_SIZE} "
        "are the working half. Check half indices: " + " ".join(map(str, check)) + "."])
    publish("newsquant_eval", "Quantities on NewsQuant dev", report, write=not args.no_write)


if __name__ == "__main__":
    main()
