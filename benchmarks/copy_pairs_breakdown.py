"""Copy pairs on devpages and devpages2: the pairs of one source group the link stage misses and the copy links
it makes across source groups, counted by cause; and how the translation rule's cuts were chosen.

Both sets are traced together in one store, as shipped (the copy figures of ``devpages_eval.py``'s "both"
column: a copy link of any kind between two pages of one labelled ``source_group``).  Each missed pair is put
under the first cause that holds:

- never a candidate: the indexes and the openings never proposed it;
- a candidate judged not a copy, same language (or sharing text across languages): which rule of
  ``classify.text_link`` turned its shared text away, with the share of text aligned;
- a candidate judged not a copy, across languages: where ``classify.event_link`` stopped (dates, languages,
  openings, sentences).

Each wrong copy link is counted by its kind and score, and by whether its pages are in two groups or one of
them shares text with no other page.  Then two remedies are measured on the same run: comparing pages that
copy a common neighbour (copy-of-copy candidates), and the translation rule's statistic and cuts, chosen for
copy-pair F1 by 5-fold cross-validation by story (each story with its hard negatives).  The report goes to
docs/benchmarks.md unless ``--no-write``; ``--list`` prints every missed and wrong pair.

    python benchmarks/copy_pairs_breakdown.py [--no-write] [--list]
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from _devsets import COPY_KINDS, SETS, Page, Pair, folds, ingested, load, pairs, prf
from _report import publish
from newstrace.config import TraceConfig
from newstrace.link import classify
from newstrace.link.align import Alignment
from newstrace.link.classify import View
from newstrace.link.embed import reads, unpack_rows, unpack_vector
from newstrace.model import Link, LinkKind
from newstrace.pipeline import trace
from newstrace.store.base import ProvenanceStore

K = 5
TEXT_COPIES = (LinkKind.VERBATIM_COPY, LinkKind.PARTIAL_COPY, LinkKind.SHARED_SOURCE)


@dataclass(slots=True)
class Measured:
    """What the link stage's rules see of one pair, measured again from the stored run."""

    views: tuple[View, View]
    alignment: Alignment | None
    cosine: float | None
    sentences: classify.SentenceMatch | None
    top3: float  # mean cosine of the shorter text's three best-matched sentences (0 without sentences)
    more: tuple[float, float, float] = (0.0, 0.0, 0.0)  # MORE_STATS (0 without sentences)


@dataclass(slots=True)
class Run:
    pages: list[Page]
    links: dict[Pair, Link]
    checked: set[Pair]
    measured: dict[Pair, Measured]
    views: dict[str, View]


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def traced(pages: Sequence[Page], config: TraceConfig, truth: set[Pair]) -> Run:
    """Trace the pages; measure again the group pairs and every cross-language pair the link stage checked."""
    by_id = {p.id: p for p in pages}
    with ingested(pages) as store:
        trace(store, config)
        ids = [p.id for p in pages]
        links = {_pair(lk.a, lk.b): lk for lk in store.links(with_detail=True)}
        checked = {_pair(*c) for c in store.checked_pairs(ids)}
        across = {(a, b) for a, b in checked if by_id[a].lang != by_id[b].lang}
        views, measured = _measure(store, ids, truth | across)
    return Run(list(pages), links, checked, measured, views)


def _measure(store: ProvenanceStore, ids: list[str], wanted: set[Pair]) -> tuple[dict[str, View],
                                                                                    dict[Pair, Measured]]:
    articles = store.articles_by_id(ids)
    rows = store.fingerprint_rows(ids)
    vectors = {i: unpack_vector(v).astype(np.float32) for i, v in store.embeddings(ids).items()}
    sentences = {i: unpack_rows(v) for i, v in store.sentence_vectors(ids).items()}
    views = {i: classify.view(articles[i], rows[i].lang, rows[i].keys, rows[i].weekday) for i in ids}
    out = {}
    for a, b in sorted(wanted):
        _, al = classify.text_link(views[a], views[b])
        cosine = float(vectors[a] @ vectors[b]) if a in vectors and b in vectors else None
        both = a in sentences and b in sentences
        match = classify.sentence_match(sentences[a], sentences[b]) if both else None
        best3 = top3(sentences[a], sentences[b]) if both else 0.0
        more = more_stats(sentences[a], sentences[b], views[a].numbers, views[b].numbers) if both else (0.0, 0.0, 0.0)
        out[(a, b)] = Measured((views[a], views[b]), al, cosine, match, best3, more)
    return views, out


def top3(xs: np.ndarray, ys: np.ndarray) -> float:
    """As classify.sentence_match, the shorter side's best cosine for each of its sentences: the three best's mean."""
    if len(xs) == 0 or len(ys) == 0:
        return 0.0
    sims = xs.astype(np.float32) @ ys.astype(np.float32).T
    best = sims.max(axis=1) if len(xs) <= len(ys) else sims.max(axis=0)
    return float(np.sort(best)[-3:].mean())


MORE_STATS = ("order", "both ways", "numbers kept")


def more_stats(xs: np.ndarray, ys: np.ndarray, x_numbers: set[str], y_numbers: set[str]) -> tuple[float, float,
                                                                                                 float]:
    """What might tell a translation from another language's report of one event: whether the shorter text's
    matched sentences keep their order in the other (share of consecutive ones in increasing order), the share
    of the longer text's sentences matched as well, and the share of the numbers of the text with fewer kept."""
    if len(xs) == 0 or len(ys) == 0:
        return 0.0, 0.0, 0.0
    sims = xs.astype(np.float32) @ ys.astype(np.float32).T
    if len(xs) > len(ys):
        sims = sims.T
    best, where = sims.max(axis=1), sims.argmax(axis=1)
    places = where[best >= classify.SENTENCE_MATCH]
    order = float(np.mean(np.diff(places) > 0)) if len(places) >= 2 else 0.5
    both_ways = float((sims.max(axis=0) >= classify.SENTENCE_MATCH).mean())
    kept = len(x_numbers & y_numbers) / max(1, min(len(x_numbers), len(y_numbers)))
    return order, both_ways, kept


# --- causes ------------------------------------------------------------------------------------------------


def text_cause(m: Measured) -> str:
    """Which of text_link's rules turned the pair's shared text away (in the order they are tried)."""
    x, y = m.views
    al = m.alignment
    if al is None:
        return "identical text"
    high = max(al.a_coverage, al.b_coverage)
    little = al.shared_tokens < classify.MIN_SHARED_TOKENS or \
        (high < classify.MIN_COPY_COVERAGE and al.shared_tokens < classify.QUOTE_TOKENS)
    if little and not classify.shared_lede(x, y, al):
        return "nothing aligned" if not al.shared_tokens else \
            f"too little shared (< {classify.MIN_SHARED_TOKENS} tokens, or < {classify.MIN_COPY_COVERAGE:.0%} of both)"
    if high < classify.PARTIAL_COVERAGE and \
            classify.quoted_share(x.article.clean_text, y.article.clean_text, al) >= classify.QUOTED_SHARE:
        return "a quoted statement"
    return "a copy by the rules, not stored"


def language_cause(m: Measured) -> str:
    """Where event_link stopped for a cross-language pair."""
    if not reaches_sentences(m):
        x, y = m.views
        if classify.dates_conflict(x, y):
            return "dates conflict"
        if not (reads(x.lang) and reads(y.lang)):
            return "a language the encoder does not read"
        return f"openings' cosine < {classify.EVENT_SIMILARITY}"
    s = m.sentences
    if s is None:
        return "sentences never matched"
    if s.matched < classify.TRANSLATION_SENTENCES:
        return f"matched sentences < {classify.TRANSLATION_SENTENCES}"
    if s.mean < classify.TRANSLATION_MEAN:
        return f"mean best match < {classify.TRANSLATION_MEAN}"
    return "a translation by the rules, not stored"


def reaches_sentences(m: Measured) -> bool:
    """Whether event_link asks for this cross-language pair's sentences (its gates before them)."""
    x, y = m.views
    return not classify.dates_conflict(x, y) and reads(x.lang) and reads(y.lang) and \
        m.cosine is not None and m.cosine >= classify.EVENT_SIMILARITY


def coverage_band(m: Measured) -> str:
    al = m.alignment
    high = 1.0 if al is None else max(al.a_coverage, al.b_coverage)
    for edge in (0.0, 0.1, 0.2, 0.5):
        if high <= edge:
            return f"<= {edge:.0%}" if edge else "none"
    return "> 50%"


def score_band(score: float) -> str:
    for edge in (0.1, 0.15, 0.2, 0.3, 0.5, 0.8):
        if score < edge:
            return f"< {edge}"
    return ">= 0.8"


@dataclass(slots=True)
class Breakdown:
    truth: set[Pair]
    found: set[Pair]
    missed: Counter[tuple[str, ...]]
    wrong: Counter[tuple[str, ...]]
    rows: list[str]


def breakdown(run: Run, pages: Sequence[Page]) -> Breakdown:
    ids = {p.id for p in pages}
    by_id = {p.id: p for p in pages}
    truth = pairs({p.id: p.source_group for p in pages if p.source_group})
    found = {pair for pair, lk in run.links.items() if lk.kind in COPY_KINDS and pair[0] in ids and pair[1] in ids}
    group_size = Counter(p.source_group for p in pages if p.source_group)
    out = Breakdown(truth, found, Counter(), Counter(), [])
    for a, b in sorted(truth - found):
        x, y = by_id[a], by_id[b]
        languages = "same language" if x.lang == y.lang else "cross-language"
        if (a, b) not in run.checked:
            out.missed[("never a candidate", languages, "")] += 1
            out.rows.append(f"missed {a} {b} ({x.lang}/{y.lang}) never a candidate")
            continue
        m = run.measured[(a, b)]
        shares_text = m.alignment is None or m.alignment.shared_tokens >= classify.MIN_SHARED_TOKENS
        cause = text_cause(m) if x.lang == y.lang or shares_text else language_cause(m)
        out.missed[("judged not a copy", languages, cause)] += 1
        stored = run.links.get((a, b))
        out.rows.append(f"missed {a} {b} ({x.lang}/{y.lang}) {cause}; aligned {coverage_band(m)}; {_sentences(m)}; "
                        f"stored {stored.kind.value if stored else 'nothing'}")
    for a, b in sorted(found - truth):
        x, y = by_id[a], by_id[b]
        lk = run.links[(a, b)]
        lonely = [p for p in (x, y) if not p.source_group or group_size[p.source_group] < 2]
        where = "one in no group" if lonely else "two groups"
        story = "same story" if x.story == y.story else "other stories"
        out.wrong[(lk.kind.value, score_band(lk.score), where, story)] += 1
        out.rows.append(f"wrong {a} {b} ({x.lang}/{y.lang}) {lk.kind.value} score {lk.score:.3f} "
                        f"cov {lk.a_coverage:.2f}/{lk.b_coverage:.2f} shared {lk.detail.shared_tokens} {where} {story}")
    return out


def _sentences(m: Measured) -> str:
    s = m.sentences
    cos = "-" if m.cosine is None else f"{m.cosine:.2f}"
    found = "-" if s is None else f"{s.matched:.2f} / {s.mean:.2f} / {m.top3:.2f}"
    return f"opening cosine {cos}, sentences matched / mean / top3 {found}"


# --- remedies ----------------------------------------------------------------------------------------------


def copy_of_copy(run: Run, truth: set[Pair]) -> str:
    """Pairs never compared whose pages both copy text of one page: how many, in one group, linked if compared."""
    near: dict[str, set[str]] = {}
    for (a, b), lk in run.links.items():
        if lk.kind in TEXT_COPIES or classify.reuses_text(lk):
            near.setdefault(a, set()).add(b)
            near.setdefault(b, set()).add(a)
    fresh = {_pair(a, b) for mates in near.values() for a in mates for b in mates if a != b} - run.checked
    linked = [pair for pair in fresh if classify.text_link(run.views[pair[0]], run.views[pair[1]])[0] is not None]
    return (f"Copy-of-copy candidates: {len(fresh)} pairs that were never compared share a page whose text both "
            f"copy; {len(fresh & truth)} of them are in one group, and the rules would link {len(linked)} "
            f"({len(set(linked) & truth)} in one group).  Of the {len(truth - run.checked)} group pairs never "
            "compared, none shares a passage of 8 tokens: no candidate step can make copies of them.")


@dataclass(slots=True)
class Translations:
    """The cross-language pairs whose sentences the link stage matched, with their statistics and labels."""

    pairs: list[Pair]
    stats: np.ndarray  # columns: STATS
    same_group: np.ndarray
    fold: np.ndarray
    base: set[Pair]  # copy links of other kinds: fixed whatever the translation rule says


STATS = ("matched", "mean", "top3", "opening cosine", *MORE_STATS)
TOP3_CUT, TOP3_MEAN = 0.725, 0.45  # the rule the folds chose (see the report)


def translations(run: Run, truth: set[Pair]) -> Translations:
    by_id = {p.id: p for p in run.pages}
    fold_of = {unit: n for n, units in enumerate(folds(run.pages, K)) for unit in units}
    base = {pair for pair, lk in run.links.items() if lk.kind in COPY_KINDS and lk.kind != LinkKind.TRANSLATION}
    chosen = [(pair, m) for pair, m in sorted(run.measured.items())
              if by_id[pair[0]].lang != by_id[pair[1]].lang and pair in run.checked and pair not in base
              and reaches_sentences(m) and m.sentences is not None]
    stats = np.array([[m.sentences.matched, m.sentences.mean, m.top3, m.cosine or 0.0, *m.more]
                      for _, m in chosen if m.sentences])
    return Translations([pair for pair, _ in chosen], stats, np.array([pair in truth for pair, _ in chosen]),
                        np.array([fold_of[by_id[pair[0]].unit] for pair, _ in chosen]), base)


def copy_f1(data: Translations, truth: set[Pair], called: np.ndarray, among: set[str] | None = None) -> tuple[
        float, float, float]:
    """Copy-pair P / R / F1 with these pairs called translations (over the pages ``among``, or all)."""
    keep = (lambda pair: pair[0] in among and pair[1] in among) if among is not None else (lambda pair: True)
    found = {pair for pair in data.base if keep(pair)} | \
        {pair for pair, yes in zip(data.pairs, called, strict=True) if yes and keep(pair)}
    return prf(found, {pair for pair in truth if keep(pair)})


def best_rule(data: Translations, truth: set[Pair], statistic: str, rows: np.ndarray, among: set[str]) -> tuple[
        float, float]:
    """The (statistic, mean) cuts with the best copy F1 over the pages ``among`` (the first of equals)."""
    column, mean = data.stats[:, STATS.index(statistic)], data.stats[:, STATS.index("mean")]
    best: tuple[float, float, float] | None = None
    for cut in np.round(np.arange(0.05, 0.951, 0.025), 3):
        for mean_cut in np.round(np.arange(0.0, 0.701, 0.025), 3):
            called = rows & (column >= cut) & (mean >= mean_cut)
            f1 = copy_f1(data, truth, called, among)[2]
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, float(cut), float(mean_cut))
    assert best is not None
    return best[1], best[2]


def translation_rules(run: Run, truth: set[Pair]) -> list[str]:
    data = translations(run, truth)
    units = folds(run.pages, K)
    lines = [f"Translation rule: {len(data.pairs)} cross-language pairs reach the sentence match (candidates not "
             f"copied as text, dates agreeing, both languages read, openings' cosine >= {classify.EVENT_SIMILARITY}); "
             f"{int(data.same_group.sum())} of them are pairs of one group.  A rule calls a translation when the "
             "statistic and the mean best match reach their cuts; the cuts are chosen for copy F1 (with every other "
             f"copy link as found) on the training folds ({K} folds of stories, each with its hard negatives) and "
             "scored on the held-out fold, pooled; *fitted*: chosen on every page.", "",
             "| statistic | AUC, one group or not | cuts per fold | CV P / R / F1 | fitted cuts | fitted P / R / F1 |",
             "|---|---|---|---|---|---|"]
    for statistic in ("matched", "top3"):
        column = data.stats[:, STATS.index(statistic)]
        called = np.zeros(len(data.pairs), dtype=bool)
        cuts = []
        for n in range(K):
            held = data.fold == n
            train_pages = {p.id for p in run.pages if p.unit not in units[n]}
            cut, mean_cut = best_rule(data, truth, statistic, ~held, train_pages)
            cuts.append(f"{cut:g}/{mean_cut:g}")
            called |= held & (column >= cut) & (data.stats[:, 1] >= mean_cut)
        everyone = np.ones(len(data.pairs), dtype=bool)
        cut, mean_cut = best_rule(data, truth, statistic, everyone, {p.id for p in run.pages})
        fitted = (column >= cut) & (data.stats[:, 1] >= mean_cut)
        lines.append(f"| {statistic} | {roc_auc_score(data.same_group, column):.3f} | {', '.join(cuts)} | "
                     f"{_prf(copy_f1(data, truth, called))} | {cut:g} / {mean_cut:g} | "
                     f"{_prf(copy_f1(data, truth, fitted))} |")
    lines += ["", *learned_translations(run, truth, data)]
    shipped = (data.stats[:, 0] >= classify.TRANSLATION_SENTENCES) & (data.stats[:, 1] >= classify.TRANSLATION_MEAN)
    lines += ["", f"Shipped (matched >= {classify.TRANSLATION_SENTENCES} and mean >= {classify.TRANSLATION_MEAN}): "
              f"{_called(data, truth, shipped)}; top3 >= {TOP3_CUT} and mean >= {TOP3_MEAN} (the cuts of 4 of 5 "
              f"folds): {_called(data, truth, (data.stats[:, 2] >= TOP3_CUT) & (data.stats[:, 1] >= TOP3_MEAN))}; "
              f"no translations at all: {_called(data, truth, np.zeros(len(data.pairs), dtype=bool))}."]
    return lines


def learned_translations(run: Run, truth: set[Pair], data: Translations) -> list[str]:
    """A logistic regression over the statistics (label: a pair of one group) in place of the two cuts: fitted on
    the training folds with its probability cut chosen there for copy F1, scored on the held-out fold."""
    units = folds(run.pages, K)
    lines = ["Learned instead of two cuts: a logistic regression over the statistics (label: one group), its "
             "probability cut chosen for copy F1 on the training folds, scored on the held-out fold, pooled.  AUC of "
             "each statistic alone, one group or not: " + ", ".join(
                 f"{name} {roc_auc_score(data.same_group, data.stats[:, j]):.3f}" for j, name in enumerate(STATS))
             + ".", "", "| statistics | C | cuts per fold | CV P / R / F1 |", "|---|---|---|---|"]
    sets = [("matched, mean", [0, 1]), ("matched, mean, top3", [0, 1, 2]),
            ("matched, mean, top3, opening cosine", [0, 1, 2, 3]), ("... + order", [0, 1, 2, 3, 4]),
            ("... + both ways", [0, 1, 2, 3, 5]), ("... + numbers kept", [0, 1, 2, 3, 6]),
            ("all", list(range(len(STATS))))]
    for label, columns in sets:
        for c in (0.1, 1.0):
            called, cuts = np.zeros(len(data.pairs), dtype=bool), []
            for n in range(K):
                held = data.fold == n
                x = data.stats[:, columns]
                mean, scale = x[~held].mean(axis=0), x[~held].std(axis=0) + 1e-9
                model = LogisticRegression(C=c, max_iter=2000).fit((x[~held] - mean) / scale, data.same_group[~held])
                p = model.predict_proba((x - mean) / scale)[:, 1]
                train_pages = {q.id for q in run.pages if q.unit not in units[n]}
                cut = max(np.round(np.arange(0.05, 0.951, 0.025), 3),
                          key=lambda t: (copy_f1(data, truth, ~held & (p >= t), train_pages)[2], -t))
                cuts.append(f"{cut:g}")
                called |= held & (p >= cut)
            lines.append(f"| {label} | {c:g} | {', '.join(cuts)} | {_prf(copy_f1(data, truth, called))} |")
    return lines


def _called(data: Translations, truth: set[Pair], called: np.ndarray) -> str:
    return (f"copy P / R / F1 {_prf(copy_f1(data, truth, called))}, {int(called.sum())} translations "
            f"({int((called & data.same_group).sum())} in one group)")


def _prf(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.3f}" for v in values)


# --- report ------------------------------------------------------------------------------------------------


def report(run: Run, parts: dict[str, Breakdown]) -> str:
    lines = ["Both sets traced together in one store, as shipped.  Copy pairs: a copy link of any kind (verbatim, "
             "partial, rewrite, translation, shared source) between two pages of one labelled `source_group`.", "",
             "| set | group pairs | copy links | right | P / R / F1 |", "|---|---|---|---|---|"]
    for name, part in parts.items():
        lines.append(f"| {name} | {len(part.truth)} | {len(part.found)} | {len(part.found & part.truth)} | "
                     f"{_prf(prf(part.found, part.truth))} |")
    names = list(parts)
    head = " | ".join(names) + " |"
    lines += ["", "Missed pairs by cause (the first that holds):", "",
              "| cause | languages | rule | " + head, "|---|---|---|" + "---|" * len(names)]
    keys = sorted({k for part in parts.values() for k in part.missed}, key=lambda k: (-parts[names[-1]].missed[k], k))
    lines += ["| " + " | ".join(key) + " | " + " | ".join(str(parts[n].missed[key]) for n in names) + " |"
              for key in keys]
    lines += ["", "Wrong copy links (pages of two groups, or one of them in no group of two or more):", "",
              "| kind | score | pages | stories | " + head, "|---|---|---|---|" + "---|" * len(names)]
    keys = sorted({k for part in parts.values() for k in part.wrong}, key=lambda k: (-parts[names[-1]].wrong[k], k))
    lines += ["| " + " | ".join(key) + " | " + " | ".join(str(parts[n].wrong[key]) for n in names) + " |"
              for key in keys]
    truth = parts[names[-1]].truth
    lines += ["", copy_of_copy(run, truth), "", *translation_rules(run, truth)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--list", action="store_true", help="print every missed and wrong pair")
    args = parser.parse_args()
    pages = [p for name in SETS for p in load(name)]
    run = traced(pages, TraceConfig(), pairs({p.id: p.source_group for p in pages if p.source_group}))
    parts = {name: breakdown(run, [p for p in pages if p.dataset == name]) for name in SETS}
    parts["both"] = breakdown(run, pages)
    if args.list:
        print("\n".join(parts["both"].rows))
    publish("copy_pairs_breakdown", "Copy pairs: what is missed and what is wrong (issue 14)", report(run, parts),
            write=not args.no_write)


if __name__ == "__main__":
    main()
