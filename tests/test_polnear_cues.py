"""The cue model's token-vector weights, and the pieces of the cue recall harness (benchmarks/polnear_cues_cv.py)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from newstrace.claims import cuemodel, lexicon
from newstrace.claims.cuemodel import CueModel
from newstrace.claims.parse import nlp
from newstrace.claims.train import learn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import polnear_cues_cv as harness


def _said() -> object:
    return next(t for t in nlp()("The mayor said the port would reopen.") if t.lower_ == "said")


def test_the_cue_model_adds_the_verbs_token_vector_to_its_named_features() -> None:
    token = _said()
    vector = token.doc.tensor[token.i]  # type: ignore[attr-defined]
    plain = CueModel({}, 0.0, 0.4)
    assert plain.chance(token) == pytest.approx(0.5)
    dense = np.ones(len(vector), dtype=np.float32) / len(vector)
    expected = 1.0 / (1.0 + math.exp(-float(vector.mean())))
    assert CueModel({}, 0.0, 0.4, dense).chance(token) == pytest.approx(expected, rel=1e-5)


def test_a_parse_without_token_vectors_reads_the_named_features_alone() -> None:
    token = _said()
    token.doc.tensor = np.zeros((0, 0), dtype=np.float32)  # type: ignore[attr-defined]
    assert CueModel({}, 0.0, 0.4, np.ones(96, dtype=np.float32)).chance(token) == pytest.approx(0.5)


def test_a_stored_cue_model_with_vector_weights_loads_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cue_model.json"
    path.write_text(json.dumps({"threshold": 0.35, "bias": -1.0, "weights": {"f=said": 2.0}, "dense": [0.5] * 96}))
    monkeypatch.setattr(cuemodel, "MODEL", path)
    cuemodel.model.cache_clear()
    try:
        loaded = cuemodel.model()
        assert loaded.threshold == 0.35 and loaded.dense is not None and loaded.dense.shape == (96,)
    finally:
        monkeypatch.undo()
        cuemodel.model.cache_clear()


def _folder(root: Path) -> Path:
    (root / "attributions").mkdir(parents=True)
    (root / "text").mkdir()
    texts = [("The mayor said the port would reopen.", (10, 14)), ("The crew made the ship ready.", None),
             ("The mayor says the pier is safe.", (10, 14)), ("Officials said so.", (10, 14))] * 2
    for n, (text, cue) in enumerate(texts):
        (root / "text" / f"doc{n}.txt").write_text(text, encoding="utf-8")
        ann = f"T1\tCue {cue[0]} {cue[1]}\t{text[cue[0]:cue[1]]}\n" if cue else ""
        (root / "attributions" / f"doc{n}_a1.ann").write_text(ann, encoding="utf-8")
    return root


def test_the_harness_counts_the_lexicon_train_would_learn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path / "polnear" / "train")
    monkeypatch.setattr(harness.polnear_eval, "POLNEAR", tmp_path / "polnear")
    monkeypatch.setattr(lexicon, "LEXICON", lexicon.LEXICON)  # write_lexicon points the stage at its file
    items = harness.load(None, tmp_path / "cache")
    assert [len(i.heads) for i in items] == [1, 0, 1, 1, 1, 0, 1, 1]
    try:
        harness.write_lexicon(items, tmp_path / "lexicon.json")
        written = json.loads((tmp_path / "lexicon.json").read_text())["verbs"]
    finally:
        monkeypatch.undo()
        lexicon.cues.cache_clear()
    assert written == learn(folder)
    assert lexicon.cues().lemmas >= {"say", "tell"}  # the shipped lexicon again


def test_every_sentence_is_parsed_only_when_asked() -> None:
    text = "The mayor said the port would reopen. The pier closed in May. Boats left in June. Fish returned in July."
    item = harness.Text("t", text, None, set(), [])

    def parsed_text(way: harness.Way) -> str:
        return " ".join(doc.text for _, doc in harness.parsed([item], way)[0])

    assert "Fish returned" not in parsed_text(harness.Way("shipped"))
    assert "Fish returned" in parsed_text(harness.Way("all", parse_all=True))
