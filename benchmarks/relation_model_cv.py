"""What the relation model can learn from the dev sets: features tried, regularisation, calibration.

Both sets are traced together once with the rules alone; each page whose relation the page or the set shows
(origins and unknowns aside, pages the rules made origins, and pages placed under a page in the corpus,
which keep the relation the rules measured against it) is one row: the shipped model's features
(newstrace.relations.features), a few candidate features computed here from the links' passages and the
pages' texts, and the label.  Every figure is an accuracy over these rows, cross-validated by story (k folds
of stories, each with its hard negatives, as in devpages_eval.py), beside the figure fitted on all rows:
- the rules' own call, and the shipped features at a few regularisation strengths;
- the shipped features plus the story-level ones the model once had, and plus each candidate alone;
- how far each feature alone separates verbatim from partial copies (area under the ROC curve);
- calibration of the shipped model's cross-validated probabilities (Brier score, reliability by bins).

    python benchmarks/relation_model_cv.py [--no-write]
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from _devsets import SETS, Page, evident_labels, folds, ingested, labelled_parent, load
from _report import publish, reliability
from newstrace.config import TraceConfig
from newstrace.link.classify import reuses_text
from newstrace.model import Link, LinkKind
from newstrace.pipeline import relation_pages, trace
from newstrace.relations import NAMES, RELATION_C, features, judged_by_model
from newstrace.relations import Page as ModelPage
from newstrace.store.base import ArticleFacts
from newstrace.trace import Facts, credited_outlet

CAP = 1900  # bytes: the corpus cuts excerpts at 1914 or 2000 (both READMEs)
# A page that stops mid-sentence, and the markers a teaser or a cut repost leaves (issue 14, sixth round)
_SENTENCE_END = tuple('.!?"\u201d\u00bb\')\u3002')
_TEASER = re.compile(r"read more|continue reading|weiterlesen|mehr zum thema|lesen sie (auch|mehr)|leer m[a\u00e1]s|"
                     r"lire (la suite|aussi|plus)|lea tambi[e\u00e9]n|also read|"
                     r"\[\u2026\]|\[\.\.\.\]|\u2026\s*$|\.\.\.\s*$",
                     re.IGNORECASE)
BINS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)


@dataclass(slots=True)
class Rows:
    """One row per judged page: shipped features, candidate features by name, label, story unit."""

    shipped: np.ndarray
    extra: dict[str, np.ndarray]
    labels: np.ndarray
    units: list[str]
    rules: np.ndarray
    pages: list[Page]  # every page of both sets, to deal the folds as devpages_eval.py does
    dated_to_undated: Counter[tuple[str, str]]  # (link kind, what the labels say of the pair)


def _union(spans: list[tuple[int, int]], size: int) -> float:
    covered = np.zeros(max(size, 1), dtype=bool)
    for start, end in spans:
        covered[start:end] = True
    return float(covered[:size].mean()) if size else 0.0


def _candidates(page: ModelPage, raw: str, story_langs: Counter[str | None], detail: dict[tuple[str, str], Link],
                langs: dict[str, str | None], texts: dict[str, str]) -> dict[str, float]:
    """Features tried beside the shipped ones (some need every link's passages, which the trace stage does not
    read)."""
    me = page.placement.article_id
    lengths = {i: len(t) for i, t in texts.items()}
    reuse = [detail.get((lk.a, lk.b), lk) for lk in page.links if reuses_text(lk)]
    spans = [p.a if lk.a == me else p.b for lk in reuse for p in lk.detail.passages]
    size, lang, story_size = lengths[me], langs.get(me), sum(story_langs.values())
    best = max(reuse, key=lambda lk: (lk.coverage(me), lk.coverage(lk.other(me)), lk.other(me)), default=None)
    tokens = sum(p.tokens for p in best.detail.passages) if best else 0
    edits = sum(len(p.edits) for p in best.detail.passages) if best else 0
    longest = max((lengths[lk.other(me)] for lk in reuse), default=size)
    others = [detail.get((lk.a, lk.b), lk) for lk in page.links if langs.get(lk.other(me)) != lang]
    majority = story_langs.most_common(1)[0][0] if story_langs else lang
    first, last = min((s for s, _ in spans), default=size), max((e for _, e in spans), default=0)
    return {
        "share of its text shared with any other page": _union(spans, size),
        "its own text before the first shared passage": first / size if size else 1.0,
        "its own text after the last shared passage": 1 - last / size if size else 1.0,
        "length against its longest copy partner's": min(3.0, size / longest) if longest else 1.0,
        "excerpt cut at the corpus cap": float(len(raw.encode()) >= CAP),
        "edits per shared word (best link)": edits / tokens if tokens else 0.0,
        "language differs from the story's majority": float(lang != majority),
        "best opening similarity across languages": max((lk.detail.similarity or 0.0 for lk in others), default=0.0),
        "story size (log)": math.log1p(story_size) / 4,
        "share of the story in its language": story_langs[lang] / story_size if story_size else 1.0,
        "copy links (log)": math.log1p(len(reuse)),
        "same-event links (log)": math.log1p(sum(lk.kind == "independent" for lk in page.links)),
        **_whole_article(me, texts, raw, reuse),
        **_other_links(page, langs),
    }


def _whole_article(me: str, texts: dict[str, str], raw: str, reuse: list[Link]) -> dict[str, float]:
    """Whether the page reads as a whole article or a cut or patched one, from itself and its copy partners'
    passages: does it stop mid-sentence or carry a teaser's marker, do its shared passages leave gaps (text
    dropped or put in), do they keep the partner's order, does the partner go on where the page stops."""
    gaps, kept, stops = [], [], []
    for lk in reuse:
        other = lk.other(me)
        mine = [p.a if lk.a == me else p.b for p in lk.detail.passages]
        theirs = [p.b if lk.a == me else p.a for p in lk.detail.passages]
        if not mine:
            continue
        gaps.append(_gap_share(mine, len(texts[me])))
        kept.append(float(sorted(range(len(mine)), key=lambda j: mine[j][0]) ==
                          sorted(range(len(theirs)), key=lambda j: theirs[j][0])))
        mine_after = 1 - max(e for _, e in mine) / max(1, len(texts[me]))
        theirs_after = 1 - max(e for _, e in theirs) / max(1, len(texts[other]))
        stops.append(float(mine_after < 0.1 and theirs_after > 0.15))
    return {
        "ends mid-sentence": float(not texts[me].rstrip().endswith(_SENTENCE_END)),
        "a teaser's or a cut's marker": float(bool(_TEASER.search(raw))),
        "gaps inside its shared passages (mean over copy links)": float(np.mean(gaps)) if gaps else 0.0,
        "its partners' passages in its own order (all copy links)": min(kept, default=1.0),
        "a partner goes on where it stops": max(stops, default=0.0),
    }


def _gap_share(spans: list[tuple[int, int]], size: int) -> float:
    """The share of a text between its first and last shared passage that no passage covers."""
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    covered = np.zeros(max(size, 1), dtype=bool)
    for start, end in spans:
        covered[start:end] = True
    return float((last - first - covered[first:last].sum()) / max(size, 1))


def _other_links(page: ModelPage, langs: dict[str, str | None]) -> dict[str, float]:
    """What the links that share no passage say: the strongest same-language report of the event (a rewrite
    follows one sibling's facts in other words) and the strongest translation."""
    me = page.placement.article_id
    same = [lk.score for lk in page.links
            if lk.kind == LinkKind.INDEPENDENT and langs.get(lk.other(me)) == langs.get(me)]
    translated = [lk.score for lk in page.links if lk.kind == LinkKind.TRANSLATION]
    reuse = [lk for lk in page.links if reuses_text(lk)]
    best = max(reuse, key=lambda lk: lk.coverage(me), default=None)
    ratio = best.coverage(best.other(me)) / best.coverage(me) if best and best.coverage(me) > 0 else 1.0
    return {
        "best same-language same-event score": max(same, default=0.0),
        "best translation score": max(translated, default=0.0),
        "length against its best partner's (from the two coverages)": min(3.0, ratio),
    }


STORY_LEVEL = ("story size (log)", "share of the story in its language", "copy links (log)", "same-event links (log)")


def rows() -> Rows:
    pages = [p for name in SETS for p in load(name)]
    labels = evident_labels(pages)
    units = {p.id: p.unit for p in pages}
    raw = {p.id: p.text for p in pages}
    with ingested(pages) as store:
        trace(store, replace(TraceConfig(), relation_model=False))
        judged = [page for page in relation_pages(store)
                  if page.placement.article_id in labels and judged_by_model(page)]
        detail = {(lk.a, lk.b): lk for lk in store.links(with_detail=True)}
        articles = store.articles_by_id(list(units))
        langs = {f.id: f.lang for f in store.article_facts()}
        story_of = {p.article_id: p.story for p in store.placements()}
        facts = {f.id: f for f in store.article_facts()}
    story_langs: dict[str, Counter[str | None]] = {}
    for article_id, story in story_of.items():
        story_langs.setdefault(story, Counter())[langs.get(article_id)] += 1
    texts = {i: a.clean_text for i, a in articles.items()}
    extra = [_candidates(page, raw[page.placement.article_id], story_langs[page.placement.story], detail, langs,
                         texts) for page in judged]
    names = list(extra[0])
    return Rows(np.array([features(p) for p in judged]), {n: np.array([e[n] for e in extra]) for n in names},
                np.array([labels[p.placement.article_id] for p in judged]),
                [units[p.placement.article_id] for p in judged],
                np.array([str(p.placement.relation) for p in judged]), pages,
                dated_to_undated(pages, list(detail.values()), facts))


def dated_to_undated(pages: Sequence[Page], links: Sequence[Link], facts: dict[str, ArticleFacts]
                     ) -> Counter[tuple[str, str]]:
    """Copy and translation links within one labelled story from a dated page to an undated one, neither
    naming an outside source: is the dated page the labelled upstream of the other, or are the two siblings
    (one source group), or neither?  What a rule "dated before undated" would rest on."""
    by_id, ids = {p.id: p for p in pages}, {p.id for p in pages}
    found: Counter[tuple[str, str]] = Counter()
    for link in links:
        if not (reuses_text(link) or link.kind == LinkKind.TRANSLATION):
            continue
        for first, then in ((link.a, link.b), (link.b, link.a)):
            a, b = by_id[first], by_id[then]
            if a.story != b.story or not facts[first].published or facts[then].published:
                continue
            if any(credited_outlet(Facts.of(i, 0, facts[i].outlet, None, facts[i].credits)) for i in (first, then)):
                continue
            said = ("its upstream" if labelled_parent(b, ids) == first else
                    "siblings" if a.source_group and a.source_group == b.source_group else "neither")
            found["translation" if link.kind == LinkKind.TRANSLATION else "text reuse", said] += 1
    return found


def _standard(train: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean, scale = train.mean(axis=0), train.std(axis=0)
    scale[scale == 0] = 1.0
    return mean, scale


Classifier = Callable[[], Any]


def logistic(c: float) -> Classifier:
    return lambda: LogisticRegression(C=c, max_iter=3000)


def boosted_trees() -> Any:
    """Gradient-boosted trees, shallow and slow to learn, as small data asks."""
    return HistGradientBoostingClassifier(max_depth=2, learning_rate=0.05, max_iter=100, l2_regularization=1.0,
                                          random_state=0)


def cross_validated(x: np.ndarray, data: Rows, c: float, k: int, make: Classifier | None = None
                    ) -> tuple[float, float, np.ndarray]:
    """Accuracy cross-validated by story and fitted on everything, and the held-out probabilities (columns in
    the order of the model fitted on everything).  ``make`` gives another classifier than the logistic
    regression at ``c``."""
    make = make or logistic(c)
    classes = sorted(set(data.labels))
    held = np.zeros((len(data.labels), len(classes)))
    for units in folds(data.pages, k):
        test = np.array([u in set(units) for u in data.units])
        mean, scale = _standard(x[~test])
        model = make().fit((x[~test] - mean) / scale, data.labels[~test])
        probs = model.predict_proba((x[test] - mean) / scale)
        for j, label in enumerate(model.classes_):
            held[test, classes.index(label)] = probs[:, j]
    mean, scale = _standard(x)
    whole = make().fit((x - mean) / scale, data.labels)
    fitted = float(np.mean(whole.predict((x - mean) / scale) == data.labels))
    predicted = np.array(classes)[held.argmax(axis=1)]
    return float(np.mean(predicted == data.labels)), fitted, held


def _auc(values: np.ndarray, positive: np.ndarray) -> str:
    return "-" if values.std() == 0 else f"{roc_auc_score(positive, values):.2f}"


def calibration(held: np.ndarray, data: Rows) -> list[str]:
    classes = sorted(set(data.labels))
    truth = np.array([[label == c for c in classes] for label in data.labels], dtype=float)
    brier = float(np.mean(np.sum((held - truth) ** 2, axis=1)))
    confidence, predicted = held.max(axis=1), np.array(classes)[held.argmax(axis=1)]
    right = predicted == data.labels
    lines, gap = reliability(confidence, right.astype(float), BINS,
                             ("top probability", "pages", "mean probability", "accuracy"))
    return [f"Brier score {brier:.3f} (a model giving each relation its share of the rows: "
            f"{_prior_brier(truth):.3f}); expected calibration error {gap:.3f}.", "", *lines]


def _prior_brier(truth: np.ndarray) -> float:
    return float(np.mean(np.sum((truth.mean(axis=0) - truth) ** 2, axis=1)))


def report(data: Rows) -> str:
    shipped = data.shipped
    counts = ", ".join(f"{label} {n}" for label, n in sorted(Counter(data.labels).items()))
    dataset = {p.unit: p.dataset for p in data.pages}
    sets = np.array([dataset[u] for u in data.units])

    def per_set(right: np.ndarray) -> str:
        return " | ".join(f"{right[sets == name].mean():.3f}" for name in SETS)

    rules_right = data.rules == data.labels
    lines = [f"Rows: {len(data.labels)} pages of both sets whose relation the page or the set shows ({counts}); "
             "origins, unknowns, pages the rules made origins and pages placed under a page in the corpus (whose "
             "relation the rules measure against it) left out.  Accuracy over these rows, so it differs "
             "from devpages_eval.py's figure over all pages with evidence.  CV: 5 and 10 folds of stories, each "
             "with its hard negatives (the 5-fold figure also per set); fitted: trained and scored on all rows.", "",
             "| model | CV 5 folds | CV 10 folds | fitted | fitted minus CV (5) | "
             + " | ".join(f"{name} CV 5 folds" for name in SETS) + " |", "|---|---|---|---|---|---|---|",
             f"| the rules' call | {rules_right.mean():.3f} | {rules_right.mean():.3f} | {rules_right.mean():.3f} | "
             f"+0.000 | {per_set(rules_right)} |"]
    classes = np.array(sorted(set(data.labels)))

    def row(label: str, x: np.ndarray, c: float = RELATION_C, make: Classifier | None = None) -> np.ndarray:
        five, fitted, held = cross_validated(x, data, c, 5, make)
        ten, _, _ = cross_validated(x, data, c, 10, make)
        right = classes[held.argmax(axis=1)] == data.labels
        lines.append(f"| {label} | {five:.3f} | {ten:.3f} | {fitted:.3f} | {fitted - five:+.3f} | {per_set(right)} |")
        return held

    held = row(f"shipped features ({len(NAMES)}), C={RELATION_C}", shipped)
    for c in (0.03, 0.3, 1.0):
        row(f"shipped features, C={c}", shipped, c)
    story = np.column_stack([data.extra[n] for n in STORY_LEVEL])
    wire = NAMES.index("carries a wire tag")
    row("before this round: without the wire tag, with the story-level features (" + ", ".join(STORY_LEVEL) + ")",
        np.hstack([np.delete(shipped, wire, axis=1), story]))
    row("shipped plus the story-level features", np.hstack([shipped, story]))
    tried = [n for n in data.extra if n not in STORY_LEVEL]
    for name in tried:
        row(f"shipped plus: {name}", np.column_stack([shipped, data.extra[name]]))
    passages = ("edits per shared word (best link)", "its partners' passages in its own order (all copy links)")
    row("shipped plus the two best that need every link's passages: " + " and ".join(passages),
        np.column_stack([shipped, *(data.extra[n] for n in passages)]))
    every = np.hstack([shipped, np.column_stack([data.extra[n] for n in tried])])
    row("shipped plus all of these", every)
    row("gradient-boosted trees (depth 2, 100 rounds at 0.05), shipped features", shipped, make=boosted_trees)
    row("gradient-boosted trees, shipped plus all of these", every, make=boosted_trees)
    copies = np.isin(data.labels, ["verbatim_copy", "partial_copy"])
    verbatim = data.labels[copies] == "verbatim_copy"
    lines += ["", f"Verbatim against partial copies ({verbatim.sum()} and {(~verbatim).sum()} rows): area under the "
              "ROC curve of each feature alone (0.5: no separation; below 0.5, higher for partial copies).", "",
              "| feature | AUC |", "|---|---|"]
    for j, name in enumerate(NAMES):
        lines.append(f"| {name} | {_auc(shipped[copies, j], verbatim)} |")
    for name in data.extra:
        lines.append(f"| {name} (not shipped) | {_auc(data.extra[name][copies], verbatim)} |")
    lines += ["", "Direction (issue 14, item 6): copy and translation links within one labelled story from a dated "
              "page to an undated one, neither naming an outside source, by what the labels say of the pair: "
              + "; ".join(f"{kind}: {n} {said}" for (kind, said), n in sorted(data.dated_to_undated.items()))
              + ".  Taking the dated page as the upstream would be right only where the labels say so."]
    lines += ["", f"Calibration of the shipped model (C={RELATION_C}), probabilities held out by 5 folds of stories:",
              "", *calibration(held, data)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    publish("relation_model_cv", "Relation model: features, regularisation and calibration (issue 14)",
            report(rows()), write=not args.no_write)


if __name__ == "__main__":
    main()
