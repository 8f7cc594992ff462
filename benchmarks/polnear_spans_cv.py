"""A CRF span tagger (``_spantagger.py``) against the attribution rules, cross-validated on PolNeAR train.

Train's texts are split in the folds of ``polnear_cv.py`` (``random.Random(17)``, all annotators' files of a text in
one fold).  The rules find their statements with the shipped models (fitted on all of train: the rules' tags the
tagger stacks on are fitted ones on every fold, so the rules' row and the tagger's rows are both fitted figures for
the rules' part).  The tagger is trained on two folds and tags the third; each mix of rules and tagger is scored with
``polnear_eval``'s exact matcher on the held-out folds, summed.  Dev is not read here.

Train is parsed once; ``--cache DIR`` keeps the parses between runs (outside the repository).

    python benchmarks/polnear_spans_cv.py [--folds 3] [--limit N] [--cache /tmp/polnear_parses] [--no-write]
"""

from __future__ import annotations

import argparse
import copy
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import _spantagger as spanmodel
import polnear_eval
from _report import publish, scores
from newstrace.claims import train
from newstrace.claims.attributions import find_attributions
from newstrace.claims.parse import MAX_PARSED, nlp, parse
from newstrace.claims.spans import Attribution, Span

SEED = 17
Counts = dict[str, dict[str, int]]


@dataclass
class Text:
    stem: str
    text: str
    docs: list[tuple[int, Any]]
    found: list[Attribution]
    golds: list[list[spanmodel.Roles]]  # one per annotation file


def _parses(text: str, stem: str, cache: Path | None) -> list[tuple[int, Any]]:
    from spacy.tokens import DocBin

    if cache is None:
        return parse(text)
    path = cache / f"{stem}.spacy"
    if path.exists() and (cache / f"{stem}.npz").exists():
        data = DocBin().from_bytes(path.read_bytes())
        offsets = [int(x) for x in (cache / f"{stem}.offsets").read_text().split()]
        docs = list(data.get_docs(nlp().vocab))
        # a DocBin keeps no token vectors, which the content model reads: they are stored beside it
        vectors = np.load(cache / f"{stem}.npz")
        for k, doc in enumerate(docs):
            doc.user_data["newstrace_whole"] = text[:MAX_PARSED]
            doc.tensor = vectors[str(k)]
        return list(zip(offsets, docs, strict=True))
    docs = parse(text)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(DocBin(docs=[d for _, d in docs]).to_bytes())
    np.savez(cache / f"{stem}.npz", **{str(k): np.asarray(d.tensor) for k, (_, d) in enumerate(docs)})
    (cache / f"{stem}.offsets").write_text(" ".join(str(o) for o, _ in docs))
    return docs


def load(limit: int | None, cache: Path | None, skip: int = 0) -> list[Text]:
    source = polnear_eval.POLNEAR / "train"
    files = train.annotation_files(source)
    texts = []
    for stem in sorted(files)[skip:][:limit]:
        text = train.text_of(source, stem)
        docs = _parses(text, stem, cache)
        found = find_attributions(text, docs)
        texts.append(Text(stem, text, docs, found, [polnear_eval.read_gold(ann) for ann in files[stem]]))
    return texts


def fit(items: list[Text], model: Path) -> None:
    sequences = []
    for item in items:
        sequences += spanmodel.span_sequences(item.text, item.docs, item.found, item.golds)
    spanmodel.fit_spans(sequences, model)


Tagged = list[dict[str, tuple[Span, float]] | None]
Change = Callable[[Attribution, dict[str, Span], str], None]


def tag(item: Text) -> Tagged:
    return [spanmodel.tag_spans(item.text, a, item.docs) for a in item.found]


def _content_end(a: Attribution, t: dict[str, Span], text: str) -> None:
    if "content" in t and t["content"].end > a.content.start:
        a.content = Span(text[a.content.start:t["content"].end], a.content.start, t["content"].end)


def _content_start(a: Attribution, t: dict[str, Span], text: str) -> None:
    if "content" in t and t["content"].start < a.content.end:
        a.content = Span(text[t["content"].start:a.content.end], t["content"].start, a.content.end)


def _roles(*roles: str, new_sources: bool = False) -> Change:
    def change(a: Attribution, t: dict[str, Span], text: str) -> None:
        for role in roles:
            if role not in t or (role == "source" and a.source is None and not new_sources):
                continue
            if role == "cue" and not (t["cue"].start < a.cue.end and a.cue.start < t["cue"].end):
                continue
            setattr(a, role, t[role])
    return change


MIXES: dict[str, tuple[Change | None, float]] = {"rules": (None, 0.0)}
for _sure in (0.0, 0.7, 0.9, 0.97):
    _at = f", changes the tagger is {_sure} sure of" if _sure else ""
    MIXES |= {
        f"tagger: content{_at}": (_roles("content"), _sure),
        f"tagger: content end only{_at}": (_content_end, _sure),
        f"tagger: content start only{_at}": (_content_start, _sure),
        f"tagger: source (where the rules found one){_at}": (_roles("source"), _sure),
        f"tagger: source, also where the rules found none{_at}": (_roles("source", new_sources=True), _sure),
        f"tagger: cue (where it overlaps the rules' cue){_at}": (_roles("cue"), _sure),
        f"tagger: source and content{_at}": (_roles("source", "content"), _sure),
        f"tagger: source, cue and content{_at}": (_roles("source", "cue", "content"), _sure),
    }


def score(item: Text, tagged: Tagged, change: Change | None, sure: float, counts: Counts) -> None:
    found = item.found
    if change is not None:
        found = copy.deepcopy(found)
        for a, t in zip(found, tagged, strict=True):
            if t:
                change(a, {role: span for role, (span, certainty) in t.items() if certainty >= sure}, item.text)
    for gold in item.golds:
        polnear_eval.match(item.text, gold, found, counts)


def _zero() -> Counts:
    return {role: {"exact": 0, "overlap": 0, "found": 0, "gold": 0} for role in polnear_eval.ROLES}


def cross_validate(items: list[Text], folds: int, workdir: Path) -> tuple[dict[str, Counts], list[float]]:
    stems = [item.stem for item in items]
    random.Random(SEED).shuffle(stems)
    fold_of = {stem: i % folds for i, stem in enumerate(stems)}
    totals = {name: _zero() for name in MIXES}
    seconds = []
    shipped = spanmodel.MODEL
    try:
        for k in range(folds):
            started = time.perf_counter()
            spanmodel.MODEL = workdir / f"fold{k}.crfsuite"
            fit([i for i in items if fold_of[i.stem] != k], spanmodel.MODEL)
            spanmodel.tagger.cache_clear()
            for item in (i for i in items if fold_of[i.stem] == k):
                tagged = tag(item)
                for name, (change, sure) in MIXES.items():
                    score(item, tagged, change, sure, totals[name])
            seconds.append(time.perf_counter() - started)
            print(f"fold {k + 1}: {seconds[-1]:.0f}s", flush=True)
    finally:
        spanmodel.MODEL = shipped
        spanmodel.tagger.cache_clear()
    return totals, seconds


def _f1(c: dict[str, int]) -> float:
    return scores(c["exact"], c["found"], c["gold"])[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--limit", type=int, help="only N texts (in name order)")
    parser.add_argument("--skip", type=int, default=0, help="leave out the first N texts (in name order)")
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--c1", type=float, default=spanmodel.C1)
    parser.add_argument("--c2", type=float, default=spanmodel.C2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    spanmodel.C1, spanmodel.C2 = args.c1, args.c2
    started = time.perf_counter()
    items = load(args.limit, args.cache, args.skip)
    print(f"{len(items)} texts read, parsed and their rules run in {time.perf_counter() - started:.0f}s", flush=True)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        totals, seconds = cross_validate(items, args.folds, Path(tmp))
    base = totals["rules"]
    rows = []
    for name, counts in totals.items():
        cells = [f"{_f1(counts[r]):.3f} ({counts[r]['exact'] - base[r]['exact']:+d})" for r in polnear_eval.ROLES]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    report = "\n".join([
        f"PolNeAR train, {len(items)} texts (from the {args.skip + 1}th in name order), {args.folds} folds by text "
        f"(`random.Random({SEED})`); the CRF "
        f"(c1 {args.c1}, c2 {args.c2}) trained on the other folds each time ({sum(seconds) / 60:.0f} min); the rules "
        "with the shipped models (fitted on all of train).", "",
        "| spans from | source exact F1 (exact matches against the rules) | cue | content |", "|---|---|---|---|",
        *rows])
    publish("polnear_spans_cv", "Span tagger against the rules, cross-validated on PolNeAR train", report,
            write=not args.no_write)


if __name__ == "__main__":
    main()
