"""Quantities in German, French and Spanish: value F1 and value+unit F1 on sentences of devpages and devpages2.

The sentences are not in the repository: ``annotations/quantities_de_fr_es.json`` holds, for each, the set,
the page id, its character offsets in the page text and the first 12 hex digits of its SHA-1 (so a changed
page is noticed), with the quantities it states.  The benchmark reads the sentences from ../shared at run time.

How they were annotated: from each de, fr and es page, the first three sentences holding a digit (a page's
leading date stamp left out; repeated sentences once), 60 per language drawn by ``random.Random(17)``; each was
read and its quantities written down by hand before the reader was run on any of them.  A quantity is any
figure that measures, counts or prices something, in figures or in words ("cuatro horas", "un millier de
disparus"): ages and durations are years, "Stärke 7,6" a magnitude, money an ISO code (a rate's "per share"
is not scored), a count the noun the figure stands before, as written ("#menschen"), and a figure whose noun
stands elsewhere is bare.  Years, dates, times of day, ordinals, scores, names and codes ("Luna-25",
"Cloud-Service 365") are not quantities.  A second reading, after the first scores, corrected four working-half
sentences: two longer than 400 characters had been shown cut short when annotated (their later figures were
missing), and two spelled counts had been missed ("deux pays", "des dizaines de morts"); every sentence was
then searched for spelled numbers and vague magnitudes, and none other was missing.

A second batch (``"batch": "working2"``, 30 sentences, all in the working half) was added after rules had been
written from the first working half, to find more of the reader's errors without reading the check half: from
each page, the next three sentences holding a digit that the first batch did not take, 10 per language drawn
by ``random.Random(18)``; each was annotated by hand, as above, before the reader was run on it.

A third batch (``"batch": "working3"``, 90 sentences, all in the working half) was drawn by ``draw()``
(``--draw`` prints it): for each of de, fr and es, the sentences holding a digit that neither earlier batch
took (the same sentence split, the leading date stamp left out, repeated sentences once), first those of
the pages no earlier batch used (16 de, 9 fr, 4 es), then the rest in the order of
``random.Random(23).shuffle``, 30 per language.  Each was annotated by hand, as above, before the reader was
run on any of them.  Conventions made explicit on this batch: a range ("entre 30 et 40 ans") is written as
its low figure; a match's minute ("a los 117 minutos", "(23.)") is a time, not a quantity; a figure before
an adjective that names no noun ("12-köpfige Jury") is bare.  A fourth batch (``"working4"``, 89 sentences:
30 de, 30 fr and the 29 es sentences left after the shuffle of ``random.Random(24)``) was drawn and
annotated the same way, after rules had been written from the third; one of its counts ("un pont à quatre
voies") was found missing on reading the reader's output and added, as the batch counts "cuatro carriles"
and "vier Fahrspuren".  A fifth batch (``"working5"``, 33 sentences: all that were left, 7 de, 25 fr, 1 es;
``random.Random(25)``) was drawn and annotated the same way after rules had been written from the fourth.
That left no sentence with a digit, so a sixth batch (``"working6"``, 90 sentences, 30 per language) was
drawn from the sentences without one: first those holding a number num2words spells (2 to 100, hundreds,
a thousand, millions, billions; not "one"), 27 de, 32 fr and 18 es, then the others, each group in the order of
``random.Random(26)``'s shuffle.  It was annotated by hand as above before the reader ran on it; a word for
"one" ("un", "ein", "uno") is read as an article and not annotated, as most earlier batches did ("una semana").

The reader runs on the whole page, as the claims stage does; the quantities that start inside an annotated
sentence are scored.  Units match when pint gives both the same base unit ("Kilometer" = "km"), a currency
has the same code, a count the same noun.  Years the reader marks as dates are left out of what it found.
As for NewsQuant, the sentences are split by a seeded shuffle into a working half (errors printed with
``--verbose``) and a check half (scored only).

    python benchmarks/claims_languages.py [--verbose]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from _report import publish, scores
from newstrace.claims.quantities import Quantity, find_quantities, normalise

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
ANNOTATIONS = Path(__file__).resolve().parent / "annotations" / "quantities_de_fr_es.json"
SPLIT_SEED = 17
HALVES = ("working", "check")


def sentences() -> list[dict[str, Any]]:
    """The annotated sentences with their text, read from the pages in ../shared."""
    pages: dict[tuple[str, str], str] = {}
    for name in ("devpages", "devpages2"):
        for line in (SHARED / name / "pages.jsonl").read_text(encoding="utf-8").splitlines():
            page = json.loads(line)
            pages[(name, page["id"])] = page["text"]
    rows = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    for row in rows:
        row["page_text"] = pages[(row["set"], row["page"])]
        text = row["page_text"][row["start"]:row["end"]]
        if hashlib.sha1(text.encode()).hexdigest()[:12] != row["sha1"]:
            raise SystemExit(f"{row['set']}/{row['page']} {row['start']}-{row['end']}: the page text has changed")
        row["text"] = text
    return rows


# a sentence ends at . ! ? or … before a capital, a quotation mark or an opening ¿ ¡; or at a line break
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[„\"«“¿¡A-ZÀ-ÖØ-Þ])|\n+")
_DATE_STAMP = re.compile(r"\s*date \d{4}-\d\d(?:-\d\d)?\s*")
# the batches drawn by draw(), in order, each with the seed of its shuffle
DRAWN = {"working3": 23, "working4": 24, "working5": 25, "working6": 26}
LATER = ("working2", *DRAWN)
# batches drawn from the sentences without a digit, once working5 had taken the last sentence with one
DIGITLESS = frozenset({"working6"})


@lru_cache(maxsize=4)
def _spelled(lang: str) -> re.Pattern[str]:
    """A number num2words spells in ``lang`` (2 to 100, the hundreds, a thousand, two million, two billion, and
    each word of them), "one" and "and" left out: the draw's own list, not the reader's."""
    from num2words import num2words
    found: set[str] = set()
    for n in [*range(2, 101), *range(200, 1_000, 100), 1_000, 10**6, 2 * 10**6, 10**9, 2 * 10**9]:
        spelled = num2words(n, lang=lang).casefold()
        found |= {spelled, *spelled.replace("-", " ").split()}
    found -= {"un", "une", "uno", "una", "ein", "eine", "und", "y", "et"}
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(found, key=len, reverse=True)))
                      + r")(?![\w-])", re.IGNORECASE)


def _sentences_of(text: str) -> list[tuple[int, int]]:
    """Character spans of a page's sentences, its leading date stamp left out."""
    spans, pos = [], 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        start = pos + (len(stamp.group(0)) if pos == 0 and (stamp := _DATE_STAMP.match(text)) else 0)
        start += len(text[start:end]) - len(text[start:end].lstrip())
        stop = start + len(text[start:end].rstrip())
        if stop > start:
            spans.append((start, stop))
        pos = m.end() if m is not None else len(text)
    return spans


def draw(batch: str, per_language: int = 30) -> list[dict[str, Any]]:
    """A drawn batch: for each of de, fr, es, sentences holding a digit that no earlier batch took
    (repeated sentences once within the batch), those of pages no earlier batch used first, the rest in the order of
    ``random.Random(DRAWN[batch])``'s shuffle; the first ``per_language`` of each language.  A batch in
    ``DIGITLESS`` takes sentences without a digit instead: first those holding a spelled number (``_spelled``),
    then the rest, each group in the order of the shuffle."""
    earlier = LATER[:LATER.index(batch)]
    rows = [row for row in json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
            if row.get("batch") is None or row["batch"] in earlier]
    taken = defaultdict(list)
    for row in rows:
        taken[(row["set"], row["page"])].append((row["start"], row["end"]))
    drawn: list[dict[str, Any]] = []
    for lang in ("de", "fr", "es"):
        seen: set[str] = set()
        fresh, rest = [], []
        for name in ("devpages", "devpages2"):
            for line in (SHARED / name / "pages.jsonl").read_text(encoding="utf-8").splitlines():
                page = json.loads(line)
                if page["lang"] != lang:
                    continue
                used = taken.get((name, page["id"]), [])
                for start, end in _sentences_of(page["text"]):
                    text = page["text"][start:end]
                    sha1 = hashlib.sha1(text.encode()).hexdigest()[:12]
                    if (not re.search(r"\d", text)) != (batch in DIGITLESS) or text in seen \
                            or any(a < end and start < b for a, b in used):
                        continue
                    seen.add(text)
                    row = {"set": name, "page": page["id"], "lang": lang, "start": start, "end": end,
                           "sha1": sha1, "text": text}
                    first = _spelled(lang).search(text) if batch in DIGITLESS else not used
                    (fresh if first else rest).append(row)
        if batch in DIGITLESS:
            random.Random(DRAWN[batch]).shuffle(fresh)
        random.Random(DRAWN[batch]).shuffle(rest)
        drawn += (fresh + rest)[:per_language]
    return drawn


def split(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The first batch split by the seeded shuffle; the later batches (``LATER``) all in the working half."""
    first = [row for row in rows if "batch" not in row]
    order = list(range(len(first)))
    random.Random(SPLIT_SEED).shuffle(order)
    half = len(first) // 2
    later = [row for row in rows if row.get("batch") in LATER]
    return {"working": [first[i] for i in sorted(order[:half])] + later,
            "check": [first[i] for i in sorted(order[half:])]}


def same_unit(found: Quantity, gold: str | None) -> bool:
    if gold is None:
        return found.unit is None
    if gold.startswith("#"):
        return found.kind == "count" and (found.unit or "").casefold() == gold[1:]
    if gold.isupper():
        return found.kind == "currency" and (found.unit or "").split(" per ")[0] == gold
    if found.unit is None:
        return False
    if gold == "magnitude" or found.unit == "magnitude":
        return found.unit == gold
    expected = normalise(Quantity("", 0, 0, 1.0, gold))
    return found.normalized.get("unit") == expected.get("unit") and found.kind != "count"


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


@lru_cache(maxsize=512)
def _page_quantities(text: str, lang: str) -> tuple[Quantity, ...]:
    """The quantities of a whole page, read as the claims stage reads it (the sentence keeps its context)."""
    return tuple(find_quantities(text, decimal_comma=True, english=False, lang=lang))


def count(rows: list[dict[str, Any]], verbose: bool = False) -> dict[str, list[int]]:
    """Per language (and "all"): gold, found, value matches, value+unit matches."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in rows:
        found = [q for q in _page_quantities(row["page_text"], row["lang"])
                 if q.kind != "year" and row["start"] <= q.start < row["end"]]
        gold = list(row["quantities"])
        for key in (row["lang"], "all"):
            tally[key][0] += len(gold)
            tally[key][1] += len(found)
        for q in found:
            match = next((g for g in gold if same_value(g["value"], q.value)), None)
            if match is None:
                if verbose:
                    print(f"extra  {q.text!r} {q.value} {q.unit} | {row['text'][:120]}")
                continue
            gold.remove(match)
            unit_ok = same_unit(q, match["unit"])
            for key in (row["lang"], "all"):
                tally[key][2] += 1
                tally[key][3] += unit_ok
            if verbose and not unit_ok:
                print(f"unit   {q.text!r} {q.unit} (gold {match['unit']}) | {row['text'][:120]}")
        if verbose:
            for g in gold:
                print(f"missed {g} | {row['text'][:120]}")
    return tally


def measure() -> dict[str, float]:
    """Value+unit F1 of each half: the figures the quality gate holds."""
    halves = split(sentences())
    figures = {}
    for half in HALVES:
        gold, found, _, tp_vu = count(halves[half])["all"]
        figures[f"{half}_value_unit_f1"] = scores(tp_vu, found, gold)[2]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print the working half's errors")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--draw", choices=list(DRAWN), help="print a drawn batch's sentences, to annotate")
    args = parser.parse_args()
    if args.draw:
        print(json.dumps(draw(args.draw), ensure_ascii=False, indent=1))
        return
    rows = sentences()
    halves = split(rows)
    tallies = {half: count(halves[half], args.verbose and half == "working") for half in HALVES}
    lines = []
    for key in ("de", "fr", "es", "all"):
        cells = []
        for half in HALVES:
            gold, found, tp_v, tp_vu = tallies[half][key]
            cells += [f"{gold}/{found}", f"{scores(tp_v, found, gold)[2]:.3f}", f"{scores(tp_vu, found, gold)[2]:.3f}"]
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    by_lang = {lang: sum(r["lang"] == lang for r in rows) for lang in ("de", "fr", "es")}
    report = "\n".join([
        f"{len(rows)} sentences ({by_lang['de']} de, {by_lang['fr']} fr, {by_lang['es']} es) from devpages and "
        f"devpages2, {sum(len(r['quantities']) for r in rows)} annotated quantities; working half "
        f"{len(halves['working'])} sentences, check half {len(halves['check'])} (the first 180 split by "
        f"`random.Random({SPLIT_SEED})`; later batches of 30, 90, 89, 33 and 90 (the last of sentences without a "
        f"digit), annotated after rules were written from the ones before, all working).", "",
        "| language | working gold/found | working value F1 | working value+unit F1 "
        "| check gold/found | check value F1 | check value+unit F1 |",
        "|---|---|---|---|---|---|---|", *lines, "",
        "Target: value+unit F1 >= 0.85. Annotation: `benchmarks/annotations/quantities_de_fr_es.json` holds "
        "references (page id, offsets, SHA-1 prefix) and the quantities; how they were chosen and read is in "
        "this script's docstring."])
    publish("claims_languages", "Quantities in German, French and Spanish", report, write=not args.no_write)


if __name__ == "__main__":
    main()
