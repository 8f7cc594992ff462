"""The labelled development sets (../shared/data/devpages and devpages2), how to trace them, and how to score
what the pipeline found against their labels.

Used by ``devpages_eval.py`` and its tests.  The pages are read in place; what the pipeline sees is written to
a temporary JSON Lines file with the input fields only (id, url, text, lang), so no label reaches it.

Cross-validation by story: a *unit* is one labelled story with its hard negatives (a negative's id prefix
names its story: ``tqneg-`` pages are negatives of the story of the ``tq-`` pages, as both READMEs say).
Units are dealt into k folds; for each fold a ``Fitter`` sees only the other folds' pages and returns a
``Tracer``, which traces the held-out fold in a store of its own.  The folds' findings are pooled and scored
like one run.  Today nothing in the pipeline is learned from the pages, so ``DefaultFitter`` returns the
default ``TraceConfig`` whatever it sees; a pair model or a tuned threshold plugs in as another fitter.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from _report import scores
from newstrace.cluster import Member, stories
from newstrace.config import TraceConfig
from newstrace.link.eventmodel import Attach, EventModel, StoryCut, fit_attach
from newstrace.link.eventmodel import fit as fit_event
from newstrace.model import Link
from newstrace.pipeline import ingest, link, relation_pages, story_members, trace
from newstrace.relations import CLASSES, RELATION_C, RelationModel, features, judged_by_model, train
from newstrace.store import open_store
from newstrace.store.base import ProvenanceStore

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SETS = ("devpages", "devpages2")
COPY_KINDS = frozenset({"verbatim_copy", "partial_copy", "rewrite", "translation", "shared_source"})
INPUT_FIELDS = ("id", "url", "text", "lang")  # what the pipeline is given; the rest are labels
NEGATIVE = "neg-"

Pair = tuple[str, str]


# --- the labelled pages ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """One labelled page.  ``unit`` is the story it is scored and folded with: its own story, or for a hard
    negative the story it is a negative of."""

    id: str
    url: str
    lang: str
    text: str
    story: str
    relation: str
    credited_source: str | None
    derived_from: str | None
    source_group: str | None
    dataset: str
    unit: str

    @property
    def negative(self) -> bool:
        return self.story.startswith(NEGATIVE)

    def input(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in INPUT_FIELDS}


def pages_path(dataset: str) -> Path:
    return DATA / dataset / "pages.jsonl"


def available() -> bool:
    return all(pages_path(name).exists() for name in SETS)


def load(dataset: str) -> list[Page]:
    """The pages of one set, in file order, each with its unit."""
    rows: list[dict[str, Any]] = [json.loads(line) for line in
                                  pages_path(dataset).read_text(encoding="utf-8").splitlines() if line.strip()]
    units = negative_units(rows)
    return [Page(r["id"], r["url"], r["lang"], r["text"], r["story"], r["relation"], r["credited_source"],
                 r["derived_from"], r["source_group"], dataset, units.get(r["id"], r["story"])) for r in rows]


def negative_units(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Each hard negative's id -> the story it is a negative of.  Page ids start with their story's prefix
    (``tq-``) and negatives with the prefix plus ``neg`` (``tqneg-``); a prefix that names no story, or
    more than one, is an error rather than a guess."""
    rows = list(rows)
    by_prefix: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        if not row["story"].startswith(NEGATIVE):
            by_prefix[row["id"].split("-", 1)[0]].add(row["story"])
    units = {}
    for row in rows:
        if row["story"].startswith(NEGATIVE):
            prefix = row["id"].split("-", 1)[0]
            stories = by_prefix.get(prefix.removesuffix("neg"), set()) if prefix.endswith("neg") else set()
            if len(stories) != 1:
                raise ValueError(f"hard negative {row['id']}: its prefix {prefix!r} names {len(stories)} stories")
            units[row["id"]] = next(iter(stories))
    return units


HEAD = re.compile(r"[^\s(;,]+")


def labelled_parent(page: Page, ids: set[str]) -> str | None:
    """The page in the set that ``derived_from`` names as this page's upstream, if any.  The field holds a
    page id when the upstream is in the set and an outlet name otherwise, either followed by a note in
    parentheses ("abe-nhk (earlier version of the NHK text)"); ids named inside the note ("Reuters (same
    version as tq-gazesport)") are siblings that share an unseen upstream, not parents."""
    head = HEAD.match(page.derived_from or "")
    return head.group(0) if head and head.group(0) in ids and head.group(0) != page.id else None


# --- what a run found --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Found:
    """What one run (or the pooled folds of a cross-validation) found for each page."""

    story: dict[str, str]  # page -> found story id
    relation: dict[str, str]  # page -> relation to its parent
    parent: dict[str, str | None]  # page -> parent page, if the parent is a page
    copies: set[Pair]  # page pairs joined by a copy link (sorted)
    origin: dict[str, str | None]  # found story -> its origin page
    seconds: float = 0.0
    lines: list[str] = field(default_factory=list)

    @staticmethod
    def pooled(parts: Sequence[Found]) -> Found:
        """The folds' findings as one: story ids are kept apart by the fold's number."""
        pooled = Found({}, {}, {}, set(), {})
        for n, part in enumerate(parts):
            pooled.story.update({i: f"{n}:{s}" for i, s in part.story.items()})
            pooled.origin.update({f"{n}:{s}": o for s, o in part.origin.items()})
            pooled.relation.update(part.relation)
            pooled.parent.update(part.parent)
            pooled.copies |= part.copies
            pooled.seconds += part.seconds
            pooled.lines += part.lines
        return pooled


class Tracer(Protocol):
    """Something fitted: traces pages it may never have seen."""

    def run(self, pages: Sequence[Page]) -> Found: ...

    def describe(self) -> str: ...


class Fitter(Protocol):
    """Learns or tunes whatever it needs from training pages (labels included) and returns the tracer that
    is then run on held-out pages.  It must not look at anything but ``pages``."""

    @property
    def name(self) -> str: ...

    def fit(self, pages: Sequence[Page]) -> Tracer: ...


@contextmanager
def ingested(pages: Sequence[Page]) -> Iterator[ProvenanceStore]:
    """A fresh store holding the pages (their input fields only)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "pages.jsonl"
        source.write_text("".join(json.dumps(p.input(), ensure_ascii=False) + "\n" for p in pages),
                          encoding="utf-8")
        with open_store(Path(tmp) / "run.db") as store:
            stored = ingest([source], store)
            if stored.total_rejected:
                raise RuntimeError(f"{stored.total_rejected} of {len(pages)} pages rejected at ingest: "
                                   f"{stored.line()}")
            yield store


@dataclass(frozen=True, slots=True)
class ConfigTracer:
    """The pipeline as it ships, with one ``TraceConfig`` (and a relation model in place of the shipped one,
    if given): ingest the pages into a fresh store, trace them."""

    config: TraceConfig = field(default_factory=TraceConfig)
    relation_model: RelationModel | None = None
    event_model: EventModel | None = None

    def run(self, pages: Sequence[Page]) -> Found:
        with ingested(pages) as store:
            started = time.perf_counter()
            summary = trace(store, self.config, relation_model=self.relation_model, event_model=self.event_model)
            seconds = time.perf_counter() - started
            placements = store.placements()
            copies = {_pair(lk.a, lk.b) for lk in store.links() if lk.kind in COPY_KINDS}
            origins: dict[str, str | None] = {s.id: s.origin for s in store.stories()}
        found = Found({p.article_id: p.story for p in placements},
                      {p.article_id: str(p.relation) for p in placements},
                      {p.article_id: p.parent for p in placements}, copies, origins, seconds, [summary.line()])
        missing = [p.id for p in pages if p.id not in found.story]
        if missing:
            raise RuntimeError(f"{len(missing)} pages were placed in no story, e.g. {missing[0]}")
        return found

    def describe(self) -> str:
        default = TraceConfig()
        changed = [f"{item.name}={getattr(self.config, item.name)}" for item in fields(self.config)
                   if getattr(self.config, item.name) != getattr(default, item.name)]
        model = f" with {self.relation_model.note}" if self.relation_model else ""
        if self.event_model is not None:
            model += f" with {self.event_model.note}"
        return "TraceConfig(" + ", ".join(changed) + ")" + model


def evident_labels(pages: Sequence[Page]) -> dict[str, str]:
    """Relation labels the model may learn from: pages whose relation the page or the set shows, except origins
    (the tree's shape, not the model's) and unknowns."""
    unseen = without_evidence(pages)
    return {p.id: p.relation for p in pages if p.id not in unseen and p.relation in {c.value for c in CLASSES}}


def relation_rows(pages: Sequence[Page], config: TraceConfig,
                  event_model: EventModel | None = None) -> tuple[list[list[float]], list[str]]:
    """The relation model's features of the labelled pages, traced together with the rules alone (and
    ``event_model``'s stories, if given), and their labels: only the pages the model judges (not origins, not
    pages placed under a page in the corpus)."""
    labels = evident_labels(pages)
    with ingested(pages) as store:
        trace(store, replace(config, relation_model=False), event_model=event_model)
        judged = [page for page in relation_pages(store)
                  if page.placement.article_id in labels and judged_by_model(page)]
    return [features(page) for page in judged], [labels[page.placement.article_id] for page in judged]


def fit_relation_model(pages: Sequence[Page], config: TraceConfig, event_model: EventModel | None = None,
                       c: float = RELATION_C) -> RelationModel:
    """The relation model fitted on ``pages`` (what a fold's training pages give)."""
    rows, labels = relation_rows(pages, config, event_model)
    return train(rows, labels, c, note=f"a relation model fitted on {len(rows)} pages")


@dataclass(frozen=True, slots=True)
class RelationFitter:
    """Fits the relation model (newstrace.relations) on the training pages; the rest as shipped."""

    config: TraceConfig = field(default_factory=TraceConfig)
    c: float = RELATION_C
    name: str = "the relation model, fitted on the training pages"

    def fit(self, pages: Sequence[Page]) -> Tracer:
        config = replace(self.config, relation_model=True)
        return ConfigTracer(config, fit_relation_model(pages, config, c=self.c))


# --- the event model (newstrace.link.eventmodel), fitted on training pages --------------------------------

EVENT_C = 0.1  # of 1.0 and 0.1 (both story F1 0.95-0.96 cross-validated), the one merging fewer hard negatives
EVENT_FLOOR = 0.2  # unlinked pairs linked from here: 0.2, 0.3 and 0.4 cross-validated alike (0.2 best by a hair)
EVENT_CUTS = tuple(float(c) for c in np.round(np.arange(0.3, 0.91, 0.05), 2))
# The attach model's cuts tried on the training pages (the lowest of the best; 0.99 attaches next to nothing)
ATTACH_CUTS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.99)
# What an undated page needs of the attach model to stay in its story, tried on the training pages (None: all stay)
STAY_CUTS = (None, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(slots=True)
class Judged:
    """What the event model learns from and the story stage is given, for pages traced by the rules alone:
    every judged pair with its features, the rules' links, and each article's order and dates."""

    pages: list[Page]
    pairs: list[Pair]
    rows: np.ndarray
    links: list[Link]
    members: dict[str, Member]


def judged(pages: Sequence[Page], config: TraceConfig | None = None) -> Judged:
    """Trace the pages in a fresh store with the rules only (no event model), recording every judged pair."""
    found: list[Pair] = []
    rows: list[np.ndarray] = []

    def record(a: str, b: str, _verdict: Link | None, row: np.ndarray) -> None:
        found.append(_pair(a, b))
        rows.append(row)

    def linker(store: ProvenanceStore, cfg: TraceConfig, say: Any) -> Any:
        return link(store, cfg, say, recorder=record)

    with ingested(pages) as store:
        trace(store, replace(config or TraceConfig(), event_model=False), linker=linker)
        links, members = store.links(), story_members(store)
    width = len(rows[0]) if rows else 0
    return Judged(list(pages), found, np.stack(rows) if rows else np.zeros((0, width)), links, members)


def with_probabilities(data: Judged, model: EventModel) -> list[Link]:
    """The links the link stage would store with ``model``: the rules' links carrying the probability, and
    unlinked pairs the model puts at ``floor`` or above as reports of one event."""
    p = {pair: round(model.probability(row), 4) for pair, row in zip(data.pairs, data.rows, strict=True)}
    out = [replace(lk, same_event=None) if _pair(lk.a, lk.b) not in p else
           model.judged(lk.a, lk.b, lk, p[_pair(lk.a, lk.b)]) for lk in data.links]
    linked = {_pair(lk.a, lk.b) for lk in data.links}
    for pair, prob in sorted(p.items()):
        if pair not in linked and (found := model.judged(*pair, None, prob)) is not None:
            out.append(found)
    return out


def fit_event_model(data: Judged, c: float = EVENT_C, floor: float = EVENT_FLOOR, note: str = "") -> EventModel:
    """Fit on every judged pair (label: the two pages share a story); the cut is the one in EVENT_CUTS with
    the best story F1 on the same pages, the highest of equals: the F1 of training pages is flat over a range
    of cuts, and the stricter cut merged fewer hard negatives in cross-validation (7 of 52 against 10).  Then
    the attach model for pages left alone (``attach_rows``), its cut the lowest in ATTACH_CUTS with the best
    story F1 on the same pages (the highest of equals attached nothing in cross-validation), and the
    probability an undated page needs to stay in its story (``Attach.stay``), chosen in STAY_CUTS alike."""
    story = {p.id: p.story for p in data.pages}
    same = np.array([story[a] == story[b] for a, b in data.pairs])
    model = fit_event(data.rows, same, c, EVENT_CUTS[0], floor, note)
    links = with_probabilities(data, model)
    truth = pairs(story)

    def f1(cut: float) -> float:
        return prf(pairs(stories(data.members, links, cut=cut)), truth)[2]

    best = max(EVENT_CUTS, key=lambda cut: (f1(cut), cut))
    attach = fit_attach(*attach_rows(data, links), ATTACH_CUTS[0])

    def attached_f1(cut: float) -> float:
        return f1(StoryCut(best, replace(attach, cut=cut)))

    # the lowest of equals: where no page of the training set is left alone to tell, attach as much as they allow
    joins = max(ATTACH_CUTS, key=lambda cut: (attached_f1(cut), -cut))
    attach = replace(attach, cut=joins)

    def stay_f1(cut: float | None) -> float:
        return f1(StoryCut(best, replace(attach, stay=cut)))

    # the lowest of equals (None first: no page leaves); choosing it by 4-fold cross-validation within the
    # training pages instead picked the same cut in each of the 5 folds over both sets
    stay = max(STAY_CUTS, key=lambda cut: (stay_f1(cut), -(cut or 0.0)))
    return replace(model, cut=best, note=note or f"an event model fitted on {len(data.pages)} pages, cut {best}",
                   attach=replace(attach, stay=stay))


def attach_rows(data: Judged, links: list[Link]) -> tuple[np.ndarray, np.ndarray]:
    """What the attach model learns from: each page against each labelled story it has links to (without the
    page), ``Attach.row`` of those links' probabilities, and whether the page is the story's."""
    story = {p.id: p.story for p in data.pages}
    size = Counter(story.values())
    found: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for lk in links:
        if lk.same_event is not None:
            found[lk.a][story[lk.b]].append(lk.same_event)
            found[lk.b][story[lk.a]].append(lk.same_event)
    rows, joined = [], []
    for page, by_story in sorted(found.items()):
        for name, probabilities in sorted(by_story.items()):
            if (others := size[name] - (story[page] == name)) > 0:
                rows.append(Attach.row(probabilities, others))
                joined.append(story[page] == name)
    return np.array(rows), np.array(joined)


@dataclass(frozen=True, slots=True)
class EventFitter:
    """Fits the event model on the training pages (and its cut there); the rest as shipped."""

    config: TraceConfig = field(default_factory=TraceConfig)
    name: str = "the event model and its cut (and the relation model), fitted on the training pages"

    def fit(self, pages: Sequence[Page]) -> Tracer:
        event_model = fit_event_model(judged(pages, self.config))
        # the relation model (when on) is refitted as well, on the stories the fold's event model finds
        relations = fit_relation_model(pages, self.config, event_model) if self.config.relation_model else None
        return ConfigTracer(self.config, relations, event_model)


@dataclass(frozen=True, slots=True)
class DefaultFitter:
    """Fits nothing: the shipped defaults, whatever the training pages."""

    config: TraceConfig = field(default_factory=TraceConfig)
    name: str = "default TraceConfig, nothing fitted"

    def fit(self, pages: Sequence[Page]) -> Tracer:
        return ConfigTracer(self.config)


@dataclass(frozen=True, slots=True)
class ThresholdFitter:
    """Picks ``TraceConfig.threshold`` from a grid by story F1 on the training pages (the first best wins).
    A small example of something tuned; each candidate is one trace of the training pages."""

    grid: tuple[float, ...] = (0.4, 0.5, 0.6)
    base: TraceConfig = field(default_factory=TraceConfig)
    name: str = "threshold from a grid by training story F1"

    def fit(self, pages: Sequence[Page]) -> Tracer:
        best: tuple[float, ConfigTracer] | None = None
        for threshold in self.grid:
            tracer = ConfigTracer(replace(self.base, threshold=threshold))
            f1 = score(pages, tracer.run(pages)).story[2]
            if best is None or f1 > best[0]:
                best = (f1, tracer)
        assert best is not None, "an empty grid"
        return best[1]


# --- folds -------------------------------------------------------------------------------------------------


def folds(pages: Sequence[Page], k: int) -> list[list[str]]:
    """k folds of units (a story with its hard negatives), balanced by pages: the largest unit first, each
    into the fold with the fewest pages so far.  Deterministic."""
    sizes = Counter(p.unit for p in pages)
    if not 2 <= k <= len(sizes):
        raise ValueError(f"k = {k}: needs 2 to {len(sizes)} folds for {len(sizes)} stories")
    dealt: list[list[str]] = [[] for _ in range(k)]
    load_of = [0] * k
    for unit in sorted(sizes, key=lambda u: (-sizes[u], u)):
        n = min(range(k), key=lambda i: (load_of[i], i))
        dealt[n].append(unit)
        load_of[n] += sizes[unit]
    return [sorted(units) for units in dealt]


@dataclass(slots=True)
class Fold:
    units: list[str]
    trained_on: int  # pages
    tracer: str  # what was fitted
    found: Found


@dataclass(slots=True)
class CrossValidation:
    found: Found  # the held-out folds' findings, pooled
    folds: list[Fold]


def cross_validate(pages: Sequence[Page], fitter: Fitter, k: int) -> CrossValidation:
    """Fit on k-1 folds, trace the held-out fold with what was fitted, for each fold; pool the findings."""
    done = []
    for units in folds(pages, k):
        held = set(units)
        train = [p for p in pages if p.unit not in held]
        test = [p for p in pages if p.unit in held]
        tracer = fitter.fit(train)
        done.append(Fold(units, len(train), tracer.describe(), tracer.run(test)))
    return CrossValidation(Found.pooled([f.found for f in done]), done)


# --- scores ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ratio:
    hit: int
    total: int

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else float("nan")

    def __str__(self) -> str:
        return f"{self.value:.3f} ({self.hit} of {self.total})" if self.total else "- (0 of 0)"


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def pairs(groups: dict[str, str]) -> set[Pair]:
    """Pairs of items that share a group."""
    by: dict[str, list[str]] = defaultdict(list)
    for item, group in groups.items():
        by[group].append(item)
    return {_pair(a, b) for members in by.values() for a, b in itertools.combinations(members, 2)}


def ari(truth: dict[str, str], found: dict[str, str]) -> float:
    """Adjusted Rand index of ``found`` against ``truth`` over truth's items."""
    items = sorted(truth)
    table = Counter((truth[i], found[i]) for i in items)
    a, b = Counter(truth[i] for i in items), Counter(found[i] for i in items)

    def comb(n: int) -> float:
        return n * (n - 1) / 2

    index = sum(comb(n) for n in table.values())
    sum_a, sum_b, total = sum(comb(n) for n in a.values()), sum(comb(n) for n in b.values()), comb(len(items))
    expected = sum_a * sum_b / total if total else 0.0
    top = (sum_a + sum_b) / 2
    return (index - expected) / (top - expected) if top != expected else 1.0


def prf(found: set[Pair], truth: set[Pair]) -> tuple[float, float, float]:
    return scores(len(found & truth), len(found), len(truth))


def without_evidence(pages: Sequence[Page]) -> set[str]:
    """Pages labelled as copies of something neither the page nor the set shows: no credit in the excerpt,
    no parent in the set, no other page of its source group.  No reading of the corpus can name their
    relation; the labeller knew the wire text from elsewhere."""
    ids = {p.id for p in pages}
    groups = Counter(p.source_group for p in pages if p.source_group)
    return {p.id for p in pages if p.relation in COPY_KINDS and not p.credited_source
            and labelled_parent(p, ids) is None and groups[p.source_group or ""] < 2}


@dataclass(slots=True)
class Scores:
    """Every figure of one run over a set of labelled pages."""

    pages: int
    story: tuple[float, float, float]  # pairwise P, R, F1 against ``story``
    ari: float
    copy: tuple[float, float, float]  # copy-link pairs against ``source_group`` pairs
    relation: Ratio  # over pages not labelled unknown
    relation_evidence: Ratio  # over those with evidence in the page or the set
    without_evidence: int
    parent: Ratio  # pages whose derived_from names a page in the set: that page found as parent
    origin_pages: Ratio  # pages labelled origin: found as their found story's origin
    origin_stories: Ratio  # stories with a labelled origin: one of them found as origin
    negatives: Ratio  # hard-negative pages in a found story with a page of another labelled story
    confusion: Counter[tuple[str, str]]
    parents: list[tuple[str, str, str | None]] = field(default_factory=list)  # page, labelled, found
    origins: list[tuple[str, str, bool]] = field(default_factory=list)  # story, origin page, found

    def figures(self) -> dict[str, float]:
        """The figures the quality gate holds."""
        return {"story_f1": self.story[2], "ari": self.ari, "copy_f1": self.copy[2],
                "relation_accuracy": self.relation.value, "relation_accuracy_evidence": self.relation_evidence.value,
                "parent_accuracy": self.parent.value, "origin_accuracy": self.origin_pages.value,
                "hard_negatives_merged": float(self.negatives.hit)}


def merged_negatives(pages: Sequence[Page], found: Found) -> set[str]:
    """Hard negatives whose found story holds a page of another labelled story."""
    members: dict[str, list[Page]] = defaultdict(list)
    for p in pages:
        members[found.story[p.id]].append(p)
    return {p.id for p in pages if p.negative
            and any(q.story != p.story for q in members[found.story[p.id]])}


def score(pages: Sequence[Page], found: Found) -> Scores:
    """Score ``found`` over ``pages``, all the pages of the run (or of the pooled folds)."""
    ids = {p.id for p in pages}
    truth = {p.id: p.story for p in pages}
    story_of = {i: found.story[i] for i in ids}
    judged = [p for p in pages if p.relation != "unknown"]
    unseen = without_evidence(pages)
    evident = [p for p in judged if p.id not in unseen]
    parents = [(p.id, parent, found.parent.get(p.id)) for p in pages
               if (parent := labelled_parent(p, ids)) is not None]
    origins = [(p.story, p.id, found.origin.get(found.story[p.id]) == p.id) for p in pages if p.relation == "origin"]
    origin_stories = {story: any(ok for s, _, ok in origins if s == story) for story, _, _ in origins}
    negatives = [p for p in pages if p.negative]
    return Scores(
        pages=len(pages),
        story=prf(pairs(story_of), pairs(truth)),
        ari=ari(truth, story_of),
        copy=prf({c for c in found.copies if c[0] in ids and c[1] in ids},
                 pairs({p.id: p.source_group for p in pages if p.source_group})),
        relation=Ratio(sum(found.relation[p.id] == p.relation for p in judged), len(judged)),
        relation_evidence=Ratio(sum(found.relation[p.id] == p.relation for p in evident), len(evident)),
        without_evidence=len(unseen & {p.id for p in judged}),
        parent=Ratio(sum(labelled == got for _, labelled, got in parents), len(parents)),
        origin_pages=Ratio(sum(ok for _, _, ok in origins), len(origins)),
        origin_stories=Ratio(sum(origin_stories.values()), len(origin_stories)),
        negatives=Ratio(len(merged_negatives(pages, found)), len(negatives)),
        confusion=Counter((p.relation, found.relation[p.id]) for p in judged),
        parents=parents, origins=origins)


@dataclass(slots=True)
class StoryScores:
    """One labelled story (with its hard negatives) within a run over more pages."""

    story: str
    dataset: str
    pages: int  # the story's own pages
    negatives: Ratio  # its hard negatives merged into another story
    story_prf: tuple[float, float, float]  # pairs with a page of the unit on either side
    copy_prf: tuple[float, float, float]
    relation_evidence: Ratio
    languages: int  # the story's languages
    apart: dict[str, tuple[int, int]]  # language -> (its pages outside the story's largest found part, all)

    @property
    def languages_apart(self) -> int:
        return len(self.apart)

    @property
    def languages_wholly_apart(self) -> int:
        """Languages none of whose pages are in the story's largest found part."""
        return sum(n == total for n, total in self.apart.values())


def per_story(pages: Sequence[Page], found: Found) -> list[StoryScores]:
    """Figures per labelled story.  Story and copy pairs count when either page is the story's or one of
    its negatives', so a wrong merge counts against both stories it joins."""
    all_story = pairs({p.id: found.story[p.id] for p in pages})
    unseen = without_evidence(pages)
    merged = merged_negatives(pages, found)
    out = []
    for unit, members in itertools.groupby(sorted(pages, key=lambda p: p.unit), key=lambda p: p.unit):
        group = list(members)
        ids = {p.id for p in group}
        own = [p for p in group if not p.negative]
        touching = {c for c in all_story if c[0] in ids or c[1] in ids}
        copies = {c for c in found.copies if c[0] in ids or c[1] in ids}
        evident = [p for p in group if p.relation != "unknown" and p.id not in unseen]
        parts = Counter(found.story[p.id] for p in own)
        largest = min(parts, key=lambda s: (-parts[s], s))
        langs = Counter(p.lang for p in own)
        outside = Counter(p.lang for p in own if found.story[p.id] != largest)
        out.append(StoryScores(
            unit, own[0].dataset if own else group[0].dataset, len(own),
            Ratio(len(merged & ids), sum(p.negative for p in group)),
            prf(touching, pairs({p.id: p.story for p in group})),
            prf(copies, pairs({p.id: p.source_group for p in group if p.source_group})),
            Ratio(sum(found.relation[p.id] == p.relation for p in evident), len(evident)),
            len(langs), {lang: (n, langs[lang]) for lang, n in sorted(outside.items())}))
    return out
