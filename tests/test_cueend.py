from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.claims import cueend, train
from newstrace.claims.attributions import find_attributions
from newstrace.errors import ModelError
from tests.conftest import SHARED, needs

POLNEAR_TRAIN = SHARED / "data" / "polnear" / "train"

SENTENCES = [
    "The mayor said Friday that the pier would reopen in spring.",
    "The mayor appeared to suggest that the harbour would stay closed all winter.",
    "The minister warned against cuts to the harbour budget.",
    "Reyes expressed concern that the ferry would be late.",
    "The union has repeatedly called for an inquiry into the ferry crash.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_the_learned_end_only_shortens_the_rules_cue(text: str) -> None:
    rules = find_attributions(text, learned_spans=False)
    learned = find_attributions(text)
    assert len(rules) == len(learned)
    for mine, theirs in zip(learned, rules, strict=True):
        assert mine.cue.start == theirs.cue.start and mine.cue.end <= theirs.cue.end
        assert theirs.cue.text.startswith(mine.cue.text)
        assert (mine.source, mine.content) == (theirs.source, theirs.content)


def test_a_damaged_model_file_is_named_in_the_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = tmp_path / "cue_end_model.json"
    damaged.write_text('{"weights": [1, 2]}', encoding="utf-8")
    monkeypatch.setattr(cueend, "MODEL", damaged)
    cueend.model.cache_clear()
    try:
        with pytest.raises(ModelError, match=r"cue_end_model\.json: the cue end model is missing or damaged"):
            cueend.model()
    finally:
        monkeypatch.undo()
        cueend.model.cache_clear()


def test_trimmed_drops_edge_marks_and_closing_punctuation() -> None:
    text = 'He said: “the pier is closed,” and left.'
    start = text.index("“")
    end = text.index(" and")
    assert text[slice(*train.trimmed(text, start, end))] == "the pier is closed"
    assert train.trimmed(text, 3, 3) == (3, 3)


def test_events_reads_cue_and_content_spans_of_a_brat_file(tmp_path: Path) -> None:
    ann = tmp_path / "a_1.ann"
    ann.write_text("T1\tSource 0 3\tHe\nT2\tCue 4 8\tsaid\nT3\tContent 9 20;21 25\tthe pier is shut\n"
                   "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\nT4\tCue 30 34\tsays\n"
                   "E2\tAttribution:T4 Cue:T4\n", encoding="utf-8")
    assert train.events(ann) == [((4, 8), (9, 25)), ((30, 34), None)]


@needs(POLNEAR_TRAIN)
def test_training_on_a_few_texts_writes_a_model_the_stage_reads(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "train"
    (folder / "attributions").mkdir(parents=True)
    (folder / "text").mkdir()
    stems = sorted(train.annotation_files(POLNEAR_TRAIN))[:6]
    for stem in stems:
        (folder / "text" / f"{stem}.txt").symlink_to(POLNEAR_TRAIN / "text" / f"{stem}.txt")
        for ann in train.annotation_files(POLNEAR_TRAIN)[stem]:
            (folder / "attributions" / ann.name).symlink_to(ann)
    monkeypatch.setattr(cueend, "MODEL", tmp_path / "cue_end_model.json")
    cueend.model.cache_clear()
    try:
        candidates, ends, weights = train.write_cue_end_model(folder)
        assert candidates > ends > 0 and weights > 0
        stored = json.loads((tmp_path / "cue_end_model.json").read_text(encoding="utf-8"))
        assert len(stored["weights"]) == weights and cueend.model().weights == stored["weights"]
    finally:
        monkeypatch.undo()
        cueend.model.cache_clear()
