"""Claim extraction throughput, one core, on real news text, with a full spaCy parse as the peer.

The texts are the PolNeAR dev articles (../shared), read in place; the rate is also given per
600-word article.  The peer is spaCy parsing the same texts whole (the en_core_web_sm pipeline newstrace
loads: tagger and parser); newstrace parses only sentences that may hold a statement.  Extraction is timed
two ways: as the claims stage runs it (``extract_all``: the sentences of several articles parsed together)
and one article at a time (``extract``, as before the stage batched its parsing), which must find the same
claims.  Peer and both ways alternate over ``--rounds`` rounds and the best of each is kept, since the
machine is shared.  A last row runs the stage with the parser's matrix products in thinc's BLIS build
(spaCy's default) instead of numpy's BLAS, and checks that it finds the same statements.

Wall time on a shared machine counts the time other work held the core, so each way's CPU time (this process's
``time.process_time``, best of the rounds) is given beside it: the rate per core.  A second table splits the
stage's CPU time into its steps, run one after another on the same texts (which sentences to parse; spaCy's
tokenizer, tok2vec, tagger and parser over the pieces, in the stage's batches; attributions, quantities and
hedges on the parsed pieces).  Last, what the levers the parse offers would give: the pieces parsed in batches
of 200,000 characters instead of 50,000, no neighbouring sentence parsed for context (``parse.CONTEXT`` 0), and
no sentence parsed for a cue form that rarely heads a cue alone; each with its parse CPU time and the
statements it finds that the stage does not, and the reverse.

    python benchmarks/claims_throughput.py [--articles 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import newstrace.claims.parse as parsing
from _report import publish
from newstrace.claims import extract, extract_all
from newstrace.claims.attributions import find_attributions
from newstrace.claims.hedges import find_hedges
from newstrace.claims.parse import nlp
from newstrace.claims.quantities import find_quantities
from newstrace.claims.units import lexicon
from newstrace.model import Article

TARGET = 30.0


def _peer(texts: list[str]) -> list[Any]:
    with parsing._threads().limit(limits=1, user_api="blas"):
        for doc in nlp().pipe(texts):
            del doc
    return []


def _stage(articles: list[Article]) -> list[Any]:
    return [r.data for r in extract_all(articles)]


def _one_by_one(articles: list[Article]) -> list[Any]:
    return [extract(a).as_dict() for a in articles]


def timed(work: Callable[[], list[Any]]) -> tuple[float, list[Any]]:
    start = time.perf_counter()
    found = work()
    return time.perf_counter() - start, found


def cpu(work: Callable[[], Any]) -> tuple[float, Any]:
    """This process's CPU seconds for ``work``: the time on a core, whoever else holds the others."""
    start = time.process_time()
    found = work()
    return time.process_time() - start, found


def _pieces(texts: list[str]) -> list[tuple[str, list[int]]]:
    return [(text[start:end], [s - start for s in starts])
            for text in texts for start, end, starts in parsing.plan(text)]


def _components(pieces: list[tuple[str, list[int]]], spent: dict[str, float]) -> None:
    """The stage's parse of ``pieces`` (see parse._pipe), in its batches, adding each step's CPU seconds."""
    pipeline = nlp()
    batches: list[list[tuple[str, list[int]]]] = [[]]
    size = 0
    for piece in pieces:
        batches[-1].append(piece)
        size += len(piece[0])
        if size >= parsing.BATCH_CHARS:
            batches.append([])
            size = 0
    for batch in filter(None, batches):
        took, docs = cpu(lambda batch=batch: [pipeline.make_doc(text) for text, _ in batch])
        spent["tokenizer"] = spent.get("tokenizer", 0.0) + took
        for doc, (_, starts) in zip(docs, batch, strict=True):
            for token in doc:
                if token.i > 0 and token.idx in starts:
                    token.is_sent_start = True
        with parsing._threads().limit(limits=1, user_api="blas"):
            for name, component in pipeline.pipeline:
                took, docs = cpu(lambda component=component, docs=docs: list(component.pipe(docs)))
                spent[name] = spent.get(name, 0.0) + took


def breakdown(texts: list[str], rounds: int) -> dict[str, float]:
    """CPU seconds of each step of the stage, best of ``rounds``."""
    best: dict[str, float] = {}
    for _ in range(rounds):
        spent: dict[str, float] = {}
        spent["sentences to parse"], pieces = cpu(lambda: _pieces(texts))
        _components(pieces, spent)
        pairs = list(zip(texts, parsing.parse_many(texts), strict=True))
        spent["attributions"], _ = cpu(lambda pairs=pairs: [find_attributions(t, d) for t, d in pairs])
        spent["quantities"], _ = cpu(lambda pairs=pairs: [find_quantities(t, docs=d) for t, d in pairs])
        spent["hedges"], _ = cpu(lambda: [find_hedges(t) for t in texts])
        best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
    return best


def levers(texts: list[str], articles: list[Article], rounds: int) -> list[tuple[str, float, int, int]]:
    """Each lever of the parse: its parse CPU seconds (best of ``rounds``) and the statements it finds that the
    stage as shipped does not, and the reverse."""
    def found() -> list[set[tuple[int, int, int]]]:
        return [set(claims) for claims in statements(_stage(articles))]

    shipped = found()
    rows = []
    own_only = parsing._cue_positions
    settings: list[tuple[str, Callable[[], None]]] = [
        ("as shipped (batches of 50,000 characters, a sentence on each side)", lambda: None),
        ("batches of 200,000 characters", lambda: setattr(parsing, "BATCH_CHARS", 200_000)),
        ("no sentence parsed for context (CONTEXT 0)", lambda: setattr(parsing, "CONTEXT", 0)),
        ("no sentence parsed for a rare cue form alone",
         lambda: setattr(parsing, "_cue_positions", lambda text: (own_only(text)[0], []))),
    ]
    for label, change in settings:
        batch, context = parsing.BATCH_CHARS, parsing.CONTEXT
        change()
        try:
            seconds = min(cpu(lambda: parsing.parse_many(texts))[0] for _ in range(rounds))
            now = found()
        finally:
            parsing.BATCH_CHARS, parsing.CONTEXT, parsing._cue_positions = batch, context, own_only
        rows.append((label, seconds, sum(len(n - s) for n, s in zip(now, shipped, strict=True)),
                     sum(len(s - n) for n, s in zip(now, shipped, strict=True))))
    return rows


def statements(found: list[Any]) -> list[list[tuple[int, int, int]]]:
    return [[(a["cue"]["start"], a["content"]["start"], a["content"]["end"]) for a in claims["attributions"]]
            for claims in found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    folder = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear" / "dev" / "text"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[: args.articles]]
    articles = [Article(id=str(i), raw=t, text=t, clean_text=t, lang="en") for i, t in enumerate(texts)]
    words = sum(len(t.split()) for t in texts)
    load = os.getloadavg()[1]
    lexicon()  # built once from CLDR and quantulum3, outside the timings, as the model's load
    _one_by_one(articles[:3])
    ways: dict[str, tuple[Callable[[], list[Any]], list[float]]] = {
        "peer": (lambda: _peer(texts), []), "stage": (lambda: _stage(articles), []),
        "one": (lambda: _one_by_one(articles), [])}
    found: dict[str, list[Any]] = {}
    on_core: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(args.rounds):
        for name, (work, seconds) in ways.items():
            start = time.process_time()
            took, found[name] = timed(work)
            seconds.append(took)
            on_core[name].append(time.process_time() - start)
    best = {name: min(seconds) for name, (_, seconds) in ways.items()}
    best_cpu = {name: min(seconds) for name, seconds in on_core.items()}
    steps = breakdown(texts, args.rounds)
    lever_rows = levers(texts, articles, args.rounds)
    parsed = sum(len(piece) for piece, _ in _pieces(texts)) / sum(len(t[:parsing.MAX_PARSED]) for t in texts)
    parsing.BLIS = True
    nlp.cache_clear()
    blis, found_blis = timed(lambda: _stage(articles))
    same_one = found["stage"] == found["one"]
    same_blis = statements(found["stage"]) == statements(found_blis)
    rate = words / 600 / best["stage"]
    row = "| {} | {:.2f} | {:,.0f} | {:.1f} | {:.2f}x | {:.2f} | {:.1f} | {:.2f}x |".format
    peer, peer_cpu = best["peer"], best_cpu["peer"]
    rate_cpu = words / 600 / best_cpu["stage"]
    total = sum(steps.values())
    report = "\n".join([
        f"{len(texts)} PolNeAR dev articles, {words:,} words, one core, best of {args.rounds} alternating rounds "
        f"({sum(len(c['quantities']) for c in found['stage'])} quantities found; 5-minute load average "
        f"{load:.1f} before the run, {os.getloadavg()[1]:.1f} after, on 2 cores).", "",
        "| step | seconds | words/s | 600-word articles/s | time against the peer | CPU seconds "
        "| 600-word articles/s per core (CPU) | CPU against the peer |", "|---|---|---|---|---|---|---|---|",
        row("peer: spaCy parse of the whole texts", peer, words / peer, words / 600 / peer, 1.0, peer_cpu,
            words / 600 / peer_cpu, 1.0),
        row("claims stage (attributions, quantities, hedges; articles parsed together)", best["stage"],
            words / best["stage"], rate, best["stage"] / peer, best_cpu["stage"], rate_cpu,
            best_cpu["stage"] / peer_cpu),
        row("the same, one article at a time (`extract`)", best["one"], words / best["one"],
            words / 600 / best["one"], best["one"] / peer, best_cpu["one"], words / 600 / best_cpu["one"],
            best_cpu["one"] / peer_cpu),
        f"| the stage with thinc's BLIS matrix products (spaCy's default; one round) | {blis:.2f} "
        f"| {words / blis:,.0f} | {words / 600 / blis:.1f} | {blis / peer:.2f}x | | | |",
        "", f"The claims stage runs at {rate:.1f} 600-word articles/s ({best['stage'] / peer:.2f}x the time of the "
        f"whole parse; one article at a time {best['one'] / peer:.2f}x), {rate_cpu:.1f} per core in CPU time; "
        f"target {TARGET:.0f}: {'met' if rate >= TARGET else 'missed'}.  Parsing articles together finds "
        f"{'the same' if same_one else 'NOT the same'} claims as one at a time.  numpy's BLAS instead of BLIS: "
        f"{blis / best['stage']:.2f}x faster, {'the same' if same_blis else 'NOT the same'} statements found.", "",
        f"Where the stage's CPU time goes (each step alone, best of {args.rounds}; {parsed:.1%} of the characters "
        "are in sentences parsed):", "",
        "| step | CPU seconds | share |", "|---|---|---|",
        *[f"| {name} | {seconds:.3f} | {seconds / total:.1%} |" for name, seconds in steps.items()],
        f"| all | {total:.3f} | |", "",
        "The parse's levers (parse CPU seconds, best of the rounds; statements as cue and content offsets):", "",
        "| parse | CPU seconds | statements found that the stage does not | the stage's statements lost |",
        "|---|---|---|---|",
        *[f"| {label} | {seconds:.3f} | {new} | {lost} |" for label, seconds, new, lost in lever_rows]])
    publish("claims_throughput", "Claim extraction throughput", report, write=not args.no_write)


if __name__ == "__main__":
    main()
