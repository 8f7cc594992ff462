"""Credit parsing and chrome removal on the real pages of ../shared/data/devpages and devpages2.

Credits: precision and recall of the outlets found against the labelled ``credited_source`` (outlets the
page itself credits), per set, per half of devpages2 and over both sets.  An outlet counts once per page.
A found outlet that is not labelled counts against precision, whatever its kind: an outlet cited inside
copied wire text ("told Reuters") is not a credit of the page, and the labels leave it out.  Outlets are
compared by their canonical name in the alias table, else by their name as written, lower-cased, without
punctuation or a leading article ("The Karrow Courier" = "Karrow Courier").  Also: the share of pages
with a labelled credit whose credit is found (every labelled outlet, and at least one), and precision
per credit kind.

Chrome: lines the test-suite's independent counter sees before and after cleaning, and how many
labelled claim values (devpages only) survive cleaning.

The parser learns nothing from these pages, but its rules and its alias table were written by reading them,
so the figures of the pages read are fitted ones.  Two honest estimates:

- Cross-validation by story (leave one of the 20 stories of both sets out, its hard negatives with it): what
  was written from the pages is treated as fitted and kept for a held-out story only when the other stories
  support it.  The alias table keeps an entry unless only the held-out story names it; a rule's shape (the
  rule that found a credit, from ``credits_by_rule``, with every variant and cue word of it: "closing_tag" for
  "closing_tag:sign_off", "cited_before" for "cited_before:selon") is kept when it finds more labelled outlets
  than unlabelled ones on the other stories.  Stricter, each variant fitted on its own (as the rounds before
  the fourth did), and each cue word fitted on its own; looser, each of the four kinds of credit of issue 14
  (an agency's tag, a byline, a credit line, an outlet cited with a verb) fitted with all its shapes at once,
  so that a shape only one story uses is kept when its kind is.  Found outlets are compared with the labels
  through the whole table in every run, by name or by site (a link's site the parser keeps as written).
- The protocol of the earlier work (PROTOCOL below): each half of devpages2 scored before its pages were
  read.  The later work (the shapes for unknown names) was written from the shapes of issue 14 and from
  devpages and half A only; half B's pages were not read.

Also: which rule finds how many labelled and unlabelled outlets on each part.

    python benchmarks/credits_devpages.py [--no-write] [--errors PART [--cv]]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _devsets as devsets
from _report import publish, scores
from newstrace.clean import clean_article
from newstrace.credits import credits_by_rule
from newstrace.ingest import read_paths
from newstrace.model import Article
from newstrace.outlets import OutletTable, _builtin_entries, default_table, outlet_key

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SETS = ("devpages", "devpages2")
# devpages2's halves by story (the id's prefix; a hard negative "bbneg-..." goes with its story "bb-...").
HALF_A = frozenset({"bb", "mw", "oa", "pr", "svb"})
# Measured while the rules were written: each half of devpages2 scored before its pages were read.
PROTOCOL = (
    "| devpages2 half | rules written from | precision | recall |\n|---|---|---|---|\n"
    "| A, before it was read | shapes and devpages | 0.517 (15 of 29) | 0.405 (15 of 37) |\n"
    "| B, before it was read | shapes, devpages and half A | 0.667 (20 of 30) | 0.571 (20 of 35) |\n"
    "| both halves, each before it was read | | 0.593 (35 of 59) | 0.486 (35 of 72) |\n"
    "| both halves, the parser before this work | | 0.448 (30 of 67) | 0.417 (30 of 72) |"
)
# The shapes for unknown names (lone tags, titles with their article, quoted titles), written from devpages and
# half A only, measured before and after on half B, whose pages were not read; fitted figures did not move.
LATER = (
    "| devpages2 half B, not read | fitted | cross-validated by story |\n|---|---|---|\n"
    "| before the shapes for unknown names | 0.938 / 0.857 | 0.964 / 0.771 (27 of 28 / 35) |\n"
    "| after | 0.938 / 0.857 | 0.964 / 0.771 (27 of 28 / 35) |\n"
    "| half A, read: before / after, cross-validated | | 0.889 / 0.649 -> 0.893 / 0.676 |"
)
# The third round (issue 14 again): shapes written from the cross-validated errors of both sets (every page read),
# so only the cross-validated columns say anything of unseen pages.  Before: the parser of b4aeb61 (scored the
# same way, with the site of a link looked up in the table).
THIRD = (
    "| both sets, before / after | fitted | cross-validated by story (shapes) | cross-validated (kinds) |\n"
    "|---|---|---|---|\n"
    "| devpages | 1.000 / 0.857 -> 1.000 / 0.857 | 1.000 / 0.714 -> 1.000 / 0.800 | 1.000 / 0.714 -> 1.000 / 0.800 |\n"
    "| devpages2 | 0.922 / 0.819 -> 0.924 / 0.847 | 0.929 / 0.722 -> 0.932 / 0.764 | 0.934 / 0.792 -> 0.938 / 0.833 |"
)
# The fourth round (issue 14, item 7): variants grouped into their shapes, and two attributions read.  Before: the
# parser of 7e53f3d; its shapes column is scored with the variants grouped as now (the rounds before fitted each
# variant on its own: the "each variant" column).
FOURTH = (
    "| set, before -> after | fitted | cross-validated: shapes | each variant | kinds |\n|---|---|---|---|---|\n"
    "| devpages | 1.000 / 0.857 -> 1.000 / 0.886 | 1.000 / 0.800 -> 1.000 / 0.829 | 1.000 / 0.800 -> 1.000 / 0.829 "
    "| 1.000 / 0.800 -> 1.000 / 0.829 |\n"
    "| devpages2 | 0.924 / 0.847 -> 0.926 / 0.875 | 0.938 / 0.833 -> 0.939 / 0.861 | 0.932 / 0.764 -> 0.934 / 0.792 "
    "| 0.938 / 0.833 -> 0.939 / 0.861 |"
)
sys.path.insert(0, str(ROOT))
from tests.test_devpages import CLAIM_FILES, _claim_values, chrome_lines  # noqa: E402


@dataclass
class Tally:
    """Counts for some pages (a set, a half of one, or several added together)."""

    pages: int = 0
    removed: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    credited_pages: int = 0
    all_found: int = 0
    any_found: int = 0
    raw_chrome: int = 0
    left_chrome: int = 0
    claims_kept: int = 0
    claims_total: int = 0
    by_kind: Counter[tuple[str, bool]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def __add__(self, other: Tally) -> Tally:
        out = Tally()
        for name in ("pages", "removed", "tp", "fp", "fn", "credited_pages", "all_found", "any_found",
                     "raw_chrome", "left_chrome", "claims_kept", "claims_total"):
            setattr(out, name, getattr(self, name) + getattr(other, name))
        out.by_kind = self.by_kind + other.by_kind
        out.errors = self.errors + other.errors
        return out

    @property
    def precision(self) -> float:
        return scores(self.tp, self.tp + self.fp, self.tp + self.fn)[0]

    @property
    def recall(self) -> float:
        return scores(self.tp, self.tp + self.fp, self.tp + self.fn)[1]


def _key(name: str, table: OutletTable) -> str:
    """An outlet's canonical name, found by its name or its site ("tv-asahi.co.jp", as the parser keeps a link's
    site it does not know), else its name as written."""
    match = table.resolve(name)
    return match.outlet if match else table.from_domain(name) or outlet_key(name)


def half(page_id: str) -> str:
    """The half of devpages2 a page belongs to, by its story."""
    return "A" if page_id.split("-")[0].removesuffix("neg") in HALF_A else "B"


def tally(name: str, table: OutletTable) -> dict[str, Tally]:
    """Counts for the set, and for each half of it by story (used for devpages2)."""
    folder = DATA / name
    labels: dict[str, dict[str, Any]] = {row["id"]: row for row in
                                         map(json.loads, (folder / "pages.jsonl").read_text().splitlines())}
    articles = {a.id: clean_article(a, table=table) for a in read_paths([folder / "pages.jsonl"])
                if isinstance(a, Article)}
    halves = {"A": Tally(), "B": Tally()}
    for page_id, article in articles.items():
        out = halves[half(page_id)]
        out.pages += 1
        gold = {_key(n, table) for n in filter(None, (labels[page_id]["credited_source"] or "").split("; "))}
        found = {_key(c.outlet, table) for c in article.credits if c.outlet}
        out.tp, out.fp, out.fn = out.tp + len(gold & found), out.fp + len(found - gold), out.fn + len(gold - found)
        if gold:
            out.credited_pages += 1
            out.all_found += gold <= found
            out.any_found += bool(gold & found)
        kinds = {(c.kind, _key(c.outlet, table)) for c in article.credits if c.outlet}
        out.by_kind.update((kind, outlet in gold) for kind, outlet in kinds)
        if gold != found:
            out.errors.append(f"{page_id}: labelled {sorted(gold)}, found "
                              f"{[(c.kind, c.outlet, c.text) for c in article.credits if c.outlet]}")
        out.removed += len(article.removed)
        out.raw_chrome += len(chrome_lines(article.text))
        out.left_chrome += len(chrome_lines(article.clean_text))
    whole = halves["A"] + halves["B"]
    for claims in CLAIM_FILES:
        if not (folder / claims).exists():
            continue
        for page in json.loads((folder / claims).read_text()):
            article = articles[page["id"]]
            body = f"{article.title or ''}\n{article.clean_text}"
            for value in _claim_values(page):
                whole.claims_total += 1
                whole.claims_kept += value in body
    return {name: whole, f"{name} A": halves["A"], f"{name} B": halves["B"]}


def run() -> dict[str, Tally]:
    table = default_table()
    first, second = (tally(name, table) for name in SETS)
    return {"devpages": first["devpages"], "devpages2": second["devpages2"],
            "devpages2 half A": second["devpages2 A"], "devpages2 half B": second["devpages2 B"],
            "both": first["devpages"] + second["devpages2"]}


# --- which rule finds what, and cross-validation by story ------------------------------------------------

# Rules that name no outlet: they only mark a span ("PARIS —", "Source link") and are always in use.
NEUTRAL_RULES = frozenset({"dateline", "link_back"})


@dataclass(frozen=True, slots=True)
class Labelled:
    """A page's text as the parser sees it, with its story (the fold unit) and its labelled outlets' keys."""

    id: str
    dataset: str
    unit: str
    text: str
    gold: frozenset[str]

    @property
    def part(self) -> str:
        """The set, and for devpages2 its half: the columns of the report."""
        return self.dataset if self.dataset == "devpages" else f"devpages2 half {half(self.id)}"


def labelled(table: OutletTable) -> list[Labelled]:
    out = []
    for name in SETS:
        texts = {a.id: a.text for a in read_paths([DATA / name / "pages.jsonl"]) if isinstance(a, Article)}
        for page in devsets.load(name):
            gold = frozenset(_key(n, table) for n in filter(None, (page.credited_source or "").split("; ")))
            out.append(Labelled(page.id, name, page.unit, texts[page.id], gold))
    return out


Found = dict[str, dict[str, set[str]]]  # page id -> rule -> the outlets (keys) it found


def parse(pages: list[Labelled], parser_table: OutletTable, key_table: OutletTable,
          rules: frozenset[str] | None = None) -> Found:
    """What each rule finds on each page.  Outlets are keyed with ``key_table`` (the full table: comparing
    names is the scorer's business, not the parser's)."""
    found: Found = {}
    for page in pages:
        by_rule: dict[str, set[str]] = {}
        for credit, rule in credits_by_rule(page.text, parser_table, rules):
            if credit.outlet:
                by_rule.setdefault(rule, set()).add(_key(credit.outlet, key_table))
        found[page.id] = by_rule
    return found


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: frozenset[str], found: set[str]) -> None:
        self.tp, self.fp = self.tp + len(gold & found), self.fp + len(found - gold)
        self.fn += len(gold - found)

    def figures(self) -> tuple[float, float]:
        p, r, _ = scores(self.tp, self.tp + self.fp, self.tp + self.fn)
        return p, r

    def cell(self) -> str:
        p, r, _ = scores(self.tp, self.tp + self.fp, self.tp + self.fn)
        return f"{p:.3f} / {r:.3f} ({self.tp} of {self.tp + self.fp} / {self.tp + self.fn})"


def page_outlets(by_rule: dict[str, set[str]]) -> set[str]:
    return set().union(*by_rule.values()) if by_rule else set()


def rule_counts(pages: list[Labelled], found: Found) -> Counter[tuple[str, bool]]:
    """(rule, labelled?) -> outlets: each outlet a rule finds on a page, right or wrong."""
    counts: Counter[tuple[str, bool]] = Counter()
    for page in pages:
        for rule, outlets in found[page.id].items():
            counts.update((rule, outlet in page.gold) for outlet in outlets)
    return counts


def mentions(pages: list[Labelled], entries: list[dict[str, Any]]) -> list[frozenset[str]]:
    """For each alias-table entry, the pages whose text writes one of its names or domains."""
    out = []
    for entry in entries:
        surfaces = [str(entry["name"]), *entry.get("aliases", []), *entry.get("domains", [])]
        patterns = [re.compile(rf"(?<![\w]){re.escape(s)}(?![\w])") for s in surfaces if s]
        out.append(frozenset(p.id for p in pages if any(s in p.text for s in surfaces if s)
                             and any(pattern.search(p.text) for pattern in patterns)))
    return out


@dataclass(slots=True)
class FoldFit:
    """What one fold keeps, fitted on the other folds' pages."""

    unit: str
    table: OutletTable
    rules: frozenset[str]
    dropped_entries: list[str]


def shape(rule: str) -> str:
    """A rule's shape: "cited_before" for "cited_before:selon" (cited after a verb, whatever the verb)."""
    return rule.split(":", 1)[0]


def variant(rule: str) -> str:
    """A rule as the rounds before the fourth fitted it: a tag's or a byline's variant on its own
    ("closing_tag:sign_off"), a cited outlet's shape with all its cue words ("cited_before")."""
    return shape(rule) if rule.startswith("cited_") else rule


# The kinds of credit issue 14 names, and the shapes (rules) of the parser that read each: an agency's tag (after a
# dateline, opening the text or signing it off), a byline, a credit line ("SOURCE:X", "avec AFP", a link back) and
# an outlet cited with a verb of reporting.  Fitting a kind keeps or drops all its shapes at once.
KINDS = {
    "tag": ("known_wire_tag", "known_wire_line", "opening_tag", "closing_tag", "japanese_tag", "outlet_dateline"),
    "byline": ("byline",),
    "credit line": ("source_line", "via_line", "source_no_colon", "copyright_line", "copyright", "credit_phrase",
                    "outlet_line", "republication", "linked_source"),
    "cited": ("cited_before", "cited_after", "cited_either", "cited_media", "cited_via", "cited_late"),
}
KIND_OF = {name: kind for kind, names in KINDS.items() for name in names}


def fit(train: list[Labelled], entries: list[dict[str, Any]], mentioned: list[frozenset[str]],
        key_table: OutletTable, unit: str, level: str) -> FoldFit:
    """The alias table keeps an entry that no page names, or one that a training page names (an entry only
    the held-out story names was, for all we know, written from it).  A shape (or, by ``level``, a kind of
    credit with all its shapes, or a rule with
    its cue word) is kept when, on the training pages, it finds more labelled outlets than unlabelled ones;
    one that finds nothing there is dropped."""
    ids = {p.id for p in train}
    kept = [e for e, pages in zip(entries, mentioned, strict=True) if not pages or pages & ids]
    table = OutletTable(kept)
    counts = rule_counts(train, parse(train, table, key_table))
    by_word = level == "word"
    name_of = {"word": lambda rule: rule, "shape": shape, "kind": lambda rule: KIND_OF[shape(rule)],
               "variant": variant}[level]
    support: Counter[tuple[str, bool]] = Counter()
    for (rule, right), n in counts.items():
        support[(name_of(rule), right)] += n
    supported = {name for name, _ in support if support[(name, True)] > support[(name, False)]}
    # A shape kept keeps every word of it: the verbs are a lexicon of each language, the shape is what is fitted.
    rules = supported if not by_word else {rule for rule, _ in counts if rule in supported}
    if level == "kind":
        rules = {name for name, kind in KIND_OF.items() if kind in supported}
    dropped = [str(e["name"]) for e, pages in zip(entries, mentioned, strict=True) if pages and not pages & ids]
    return FoldFit(unit, table, frozenset(rules | NEUTRAL_RULES), dropped)


@dataclass(slots=True)
class CrossValidated:
    found: Found  # each page as parsed by its fold's fit
    fits: list[FoldFit]


def cross_validate(pages: list[Labelled], key_table: OutletTable, table_too: bool = True,
                   level: str = "shape") -> CrossValidated:
    """Leave one story out (with its hard negatives): fit the rules (and, with ``table_too``, the alias table)
    on every other story of both sets, parse the held-out story with what was kept."""
    entries = list(_builtin_entries())
    mentioned = mentions(pages, entries) if table_too else [frozenset()] * len(entries)
    found: Found = {}
    fits = []
    for unit in sorted({p.unit for p in pages}):
        train = [p for p in pages if p.unit != unit]
        test = [p for p in pages if p.unit == unit]
        fold = fit(train, entries, mentioned, key_table, unit, level)
        found.update(parse(test, fold.table, key_table, fold.rules))
        fits.append(fold)
    return CrossValidated(found, fits)


PARTS = ("devpages", "devpages2 half A", "devpages2 half B")


def part_scores(pages: list[Labelled], found: Found) -> dict[str, Score]:
    out = {name: Score() for name in (*PARTS, "devpages2", "both")}
    for page in pages:
        outlets = page_outlets(found[page.id])
        for name in (page.part, "both", *(["devpages2"] if page.dataset == "devpages2" else [])):
            out[name].add(page.gold, outlets)
    return out


def measure() -> dict[str, float]:
    """The figures the quality gate holds, fitted and cross-validated by story."""
    tallies = run()
    key_table = default_table()
    pages = labelled(key_table)
    cv = part_scores(pages, cross_validate(pages, key_table).found)
    cv_scores = {f"{part}_cv_{name}": figure for part in ("devpages2", "both")
                 for name, figure in zip(("precision", "recall"), cv[part].figures(), strict=True)}
    return {**cv_scores,
            "devpages_precision": tallies["devpages"].precision, "devpages_recall": tallies["devpages"].recall,
            "devpages2_precision": tallies["devpages2"].precision, "devpages2_recall": tallies["devpages2"].recall,
            "devpages_chrome_left": float(tallies["devpages"].left_chrome),
            "devpages_claims_lost": float(tallies["devpages"].claims_total - tallies["devpages"].claims_kept)}


def cv_report(pages: list[Labelled], fitted: Found, strict: CrossValidated, others: dict[str, CrossValidated]) -> str:
    columns = ("devpages", "devpages2", "devpages2 half A", "devpages2 half B", "both")
    runs = {"fitted: every rule, the whole alias table": part_scores(pages, fitted),
            "**cross-validated: shapes and alias table fitted on the other stories**": part_scores(pages, strict.found),
            **{name: part_scores(pages, cv.found) for name, cv in others.items()}}
    lines = ["Precision / recall (labelled of found / labelled), leave one story out over the 20 stories of both "
             "sets, each story's hard negatives with it.  Fitted on the other 19 stories: the alias table keeps "
             "an entry unless only the held-out story names it; a shape (a rule with every variant and cue word "
             "of it: `closing_tag` with `closing_tag:sign_off`, `cited_before` with `cited_before:selon`) is "
             "kept when it finds more labelled outlets than unlabelled ones there, and dropped when it finds "
             "none.  Until the fourth round each variant of a tag, byline, credit phrase or link was fitted on "
             "its own, so that one only one story uses was always dropped (row \"each variant\").  "
             "Strictest, each cue word is fitted on its own (\"selon\" kept only if another story "
             "credits an outlet after \"selon\").  Outlets found are compared to the labels through the whole "
             "table in every run: matching names is the scorer's business.", "",
             "| run | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    lines += [f"| {name} | " + " | ".join(s[c].cell() for c in columns) + " |" for name, s in runs.items()]
    lines += ["", target_line({name.strip("*"): s["devpages2"] for name, s in runs.items()})]
    lines += ["", "devpages2 per story, cross-validated (rules and table) against fitted:", "",
              "| story | fitted | cross-validated | alias entries dropped |", "|---|---|---|---|"]
    for fold in strict.fits:
        story = [p for p in pages if p.unit == fold.unit]
        if story[0].dataset != "devpages2":
            continue
        fit_score, cv_score = Score(), Score()
        for page in story:
            fit_score.add(page.gold, page_outlets(fitted[page.id]))
            cv_score.add(page.gold, page_outlets(strict.found[page.id]))
        dropped = ", ".join(sorted(fold.dropped_entries)) or "-"
        lines.append(f"| {fold.unit} | {fit_score.cell()} | {cv_score.cell()} | {dropped} |")
    lines += ["", rules_report(pages, fitted, strict)]
    return "\n".join(lines)


def target_line(runs: dict[str, Score]) -> str:
    """Issue 14's target on devpages2 (recall >= 0.85 with precision >= 0.90, cross-validated by story; fitted
    within 0.03 of it), for each cross-validated run."""
    fitted_name = next(iter(runs))
    fitted_recall = runs[fitted_name].figures()[1]
    parts = []
    for name, score in list(runs.items())[1:]:
        p, r = score.figures()
        met = p >= 0.90 and r >= 0.85 and fitted_recall - r <= 0.03
        parts.append(f"{name.split(':', 1)[1].strip()}: {p:.3f} / {r:.3f}, fitted recall {fitted_recall - r:+.3f} "
                     f"above it ({'met' if met else 'not met'})")
    return "Target on devpages2 (cross-validated recall >= 0.85 with precision >= 0.90, fitted within 0.03): " + \
        "; ".join(parts) + "."


def rules_report(pages: list[Labelled], fitted: Found, strict: CrossValidated) -> str:
    """Each rule: the outlets it finds (labelled / all) per part, fitted, and in how many folds it was kept."""
    by_part = {part: rule_counts([p for p in pages if p.part == part], fitted) for part in PARTS}
    cv = rule_counts([p for p in pages if p.dataset == "devpages2"], strict.found)
    names = sorted({rule for counts in by_part.values() for rule, _ in counts})
    kept = Counter(rule for fold in strict.fits for rule in names if rule in fold.rules or shape(rule) in fold.rules)
    cell = lambda c, r: f"{c[(r, True)]} / {c[(r, True)] + c[(r, False)]}" if c[(r, True)] + c[(r, False)] else "-"  # noqa: E731
    lines = ["Outlets each rule finds, labelled / all (an outlet found by two rules counts for both), with every "
             "rule and the whole table; the folds (of 20) whose fit kept the rule; and what it found on devpages2 "
             "cross-validated.", "",
             "| rule | " + " | ".join(PARTS) + " | folds kept | devpages2 cross-validated |",
             "|---|" + "---|" * (len(PARTS) + 2)]
    for rule in names:
        lines.append(f"| `{rule}` | " + " | ".join(cell(by_part[p], rule) for p in PARTS)
                     + f" | {kept[rule]} | {cell(cv, rule)} |")
    return "\n".join(lines)


def report(tallies: dict[str, Tally], cv: str) -> str:
    names = list(tallies)
    row = lambda label, cell: f"| {label} | " + " | ".join(cell(tallies[n]) for n in names) + " |"  # noqa: E731
    kinds = sorted({kind for t in tallies.values() for kind, _ in t.by_kind})
    lines = [
        "Outlets compared by canonical name, else by the name as written; an outlet counts once per page; "
        "every found outlet that is not labelled counts against precision, cited ones included.  The rules "
        "were written reading devpages and both halves of devpages2, so every column of this first table is "
        "fitted; the cross-validated figures are below it.", "",
        "| measure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names),
        row("pages", lambda t: str(t.pages)),
        row("credited outlets: precision", lambda t: f"{t.precision:.3f} ({t.tp} of {t.tp + t.fp})"),
        row("credited outlets: recall", lambda t: f"{t.recall:.3f} ({t.tp} of {t.tp + t.fn})"),
        row("pages with a labelled credit: every labelled outlet found",
            lambda t: f"{t.all_found / t.credited_pages:.3f} ({t.all_found} of {t.credited_pages})"),
        row("pages with a labelled credit: at least one found",
            lambda t: f"{t.any_found / t.credited_pages:.3f} ({t.any_found} of {t.credited_pages})"),
    ]
    for kind in kinds:
        lines.append(row(f"outlets found by `{kind}` credits: labelled / all",
                         lambda t, k=kind: f"{t.by_kind[(k, True)]} / {t.by_kind[(k, True)] + t.by_kind[(k, False)]}"))
    lines += [
        row("spans of chrome removed", lambda t: str(t.removed)),
        row("chrome lines seen by the test counter, before cleaning", lambda t: str(t.raw_chrome)),
        row("chrome lines seen by the test counter, after cleaning", lambda t: str(t.left_chrome)),
        row("labelled claim values still in title or clean text",
            lambda t: f"{t.claims_kept} of {t.claims_total}" if t.claims_total else "-"),
        "", "### Cross-validated by story", "", cv,
        "", "### Earlier protocol", "",
        "Each half of devpages2 as scored before its pages were read (the rules of the time, measured while "
        "they were written): the figure to expect on pages no rule was written from.", "", PROTOCOL,
        "", "The later shapes for names the table does not know, written from devpages and half A, half B not "
        "read:", "", LATER,
        "", "The third round: shapes for names the table does not know, written from the cross-validated errors of "
        "both sets: a tag in lower case after a dateline (\"TOKIO (dpa-AFX) -\"), a tag in slashes signing the "
        "text off (\"/ATS\"), an agency's acronym glued to the last sentence with editors' initials (\"he added."
        "PTI KSU GMS\"), a line of a verb of reporting and a name (\"Selon France Info :\"); fitted, these find "
        "nothing new (the table knew the names), cross-validated, where the table does not, they find them.  And an "
        "outlet speaking for a state is the source when a verb of reporting names it (\"according to Russian state "
        "news agency TASS\", \"según informó la emisora pública japonesa NHK\"), not when it speaks (\"said "
        "national broadcaster NHK\"): two more labelled outlets in two stories, none unlabelled.  Tried and "
        "held back: not counting a headline (no sentence end) or a photo caption among the opening paragraphs finds "
        "one more labelled outlet (devpages2 fitted 59 -> 60 of 72, cross-validated 53 -> 54, none unlabelled), but "
        "the trace stage then calls that page (a hard negative citing AP for one fact) a copy of AP, and devpages2 "
        "relation accuracy falls 87 -> 86 of 216, below its floor.  Off the dev pages, the new shapes find nothing "
        "new on 3,000 generated articles nor on polnear's 924 texts (checked side by side with the parser before).",
        "",
        THIRD,
        "",
        "The fourth round.  A tag's, a byline's, a credit phrase's or a link's variants are one shape, as a "
        "cited outlet's cue words always were: a tag signing the text off in brackets, in slashes, after a "
        "dash (\"... erschwert. – BR\") or before editors' initials (\"dpa/sh\"); a byline's \"By\" line, title "
        'line ("AP Technology Writer") and signed line; the phrases "avec", "provided by" and "contributed to'
        ' this report"; a labelled link and a last link.  Fitted one by one, a variant only one story uses '
        'was dropped whatever it found; five labelled outlets of devpages2 were lost that way, none '
        'unlabelled.  Two attributions are read: a second outlet joined to a cited one ("selon des '
        'informations de Reuters et de la BBC"), and past the opening paragraphs an outlet that opens a '
        'sentence right before a verb of publishing ("Sky News reported that"), its own shape `cited_late`, '
        'not a speaking verb ("said"), not mid-sentence (", the X reported"), not where a credit line names '
        'another outlet.  The late shape finds 2 labelled outlets in 2 stories and none unlabelled on the dev'
        " pages; on polnear's 927 texts (unlabelled, US politics, 2015-16) it finds one more outlet on 6 "
        'texts (5 late, as "The Washington Post reported that", 1 joined), and nothing new on 3,000 generated'
        ' articles.  A title line or a syndication line ("information fournie par X") now names an outlet the'
        ' table does not know; these find nothing new here, the table knew the names.',
        "", FOURTH,
    ]
    return "\n".join(lines)


def errors(pages: list[Labelled], found: Found, part: str) -> str:
    """The pages of one part whose outlets differ from the labels, with the rule behind each outlet found."""
    out = []
    for page in pages:
        outlets = page_outlets(found[page.id])
        if page.part == part and outlets != set(page.gold):
            by_rule = {rule: sorted(keys) for rule, keys in found[page.id].items()}
            out.append(f"{page.id}: labelled {sorted(page.gold)}, found {by_rule}")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    parser.add_argument("--errors", choices=PARTS, help="list the pages of this part whose outlets differ")
    parser.add_argument("--cv", action="store_true", help="with --errors: as cross-validated, not fitted")
    args = parser.parse_args()
    tallies = run()
    key_table = default_table()
    pages = labelled(key_table)
    fitted = parse(pages, key_table, key_table)
    strict = cross_validate(pages, key_table)
    if args.errors:
        print(errors(pages, strict.found if args.cv else fitted, args.errors))
        return
    others = {"cross-validated: each cue word fitted on its own, and the alias table":
              cross_validate(pages, key_table, level="word"),
              "cross-validated: each variant of a shape fitted on its own (the rounds before), and the alias table":
              cross_validate(pages, key_table, level="variant"),
              "cross-validated: the four kinds of credit fitted (each with all its shapes), and the alias table":
              cross_validate(pages, key_table, level="kind"),
              "cross-validated: shapes only (the whole alias table)": cross_validate(pages, key_table, table_too=False)}
    publish("credits_devpages", "Credits and chrome on devpages and devpages2",
            report(tallies, cv_report(pages, fitted, strict, others)), write=not args.no_write)


if __name__ == "__main__":
    main()
