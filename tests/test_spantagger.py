"""The CRF span tagger tried against the attribution rules (benchmarks/_spantagger.py, run by polnear_spans_cv.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstrace.claims.attributions import find_attributions
from newstrace.claims.parse import parse
from newstrace.claims.spans import Attribution, Span
from newstrace.errors import ModelError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import _spantagger as tagger

TEXT = "The mayor of Port Ellen said on Tuesday that the pier, which opened in 1902, was no longer safe."


def _found(text: str = TEXT) -> tuple[list[tuple[int, object]], list[Attribution]]:
    docs = parse(text)
    return docs, find_attributions(text, docs)


@pytest.fixture
def trained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A tagger trained on one statement whose annotator ends the speaker before "of Port Ellen"."""
    docs, found = _found()
    gold = [{"source": (0, 9), "cue": (24, 28), "content": (TEXT.index("the pier"), len(TEXT) - 1)}]
    model = tmp_path / "span_model.crfsuite"
    tagger.fit_spans(tagger.span_sequences(TEXT, docs, found, [gold] * 5), model)
    monkeypatch.setattr(tagger, "MODEL", model)
    tagger.tagger.cache_clear()
    yield model
    tagger.tagger.cache_clear()


def test_a_trained_tagger_tags_each_role_and_how_sure_it_is(trained: Path) -> None:
    docs, found = _found()
    tagged = tagger.tag_spans(TEXT, found[0], docs)
    assert tagged is not None
    for role in ("source", "cue", "content"):
        span, sure = tagged[role]
        assert TEXT[span.start:span.end] == span.text
        assert 0.0 < sure <= 1.0
    assert tagged["source"][0].text == "The mayor"
    assert tagged["cue"][0].text == "said"
    assert tagged["content"][0].text.startswith("the pier")


def test_rule_tags_mark_the_rules_spans_and_the_cue_wins_where_they_overlap() -> None:
    docs, found = _found()
    where = tagger.placed(found[0], docs)
    assert where is not None
    offset, doc = where[0], where[1]
    start, stop, rows = tagger.sequence(found[0], where)
    tags = tagger.rule_tags(doc, offset, start, stop, found[0])
    words = [doc[i].text for i in range(start, stop)]
    assert tags[words.index("mayor")] == "S"
    assert tags[words.index("said")] == "Q"
    assert tags[words.index("pier")] == "C"
    assert len(rows) == stop - start and all(f"r={tag}" in row for row, tag in zip(rows, tags, strict=True))


def test_a_statement_split_by_its_own_speaker_and_cue_is_one_span() -> None:
    doc = parse("The deal, he said, is dead.")[0][1]
    words = [t.text for t in doc]
    assert words == ["The", "deal", ",", "he", "said", ",", "is", "dead", "."]
    tags = ["C", "C", "O", "S", "Q", "O", "C", "C", "O"]
    runs = tagger.spans_of(tags, doc, 0, ["O"] * len(words))
    assert runs["content"] == (0, 8) and runs["source"] == (3, 4) and runs["cue"] == (4, 5)


def test_of_several_runs_the_one_over_the_rules_span_is_taken() -> None:
    doc = parse("Rain fell all day and the officials said nothing about it.")[0][1]
    n = len(doc)
    tags = ["C", "C", "C", "C"] + ["O"] * (n - 6) + ["C", "O"]
    rules = ["O"] * (n - 2) + ["C", "O"]
    assert tagger.spans_of(tags, doc, 0, rules)["content"] == (n - 2, n - 1)
    assert tagger.spans_of(tags, doc, 0, ["O"] * n)["content"] == (0, 4)


def test_retag_keeps_the_rules_spans_where_the_tagger_is_not_sure_enough(trained: Path) -> None:
    docs, found = _found()
    before = [(a.source, a.cue, a.content) for a in found]
    tagger.retag(TEXT, found, docs, roles=("source", "cue", "content"), sure=1.01)
    assert [(a.source, a.cue, a.content) for a in found] == before


def test_retag_sets_a_role_the_tagger_is_sure_of(monkeypatch: pytest.MonkeyPatch) -> None:
    docs, found = _found()
    moved = Span(TEXT[4:9], 4, 9)
    monkeypatch.setattr(tagger, "tag_spans", lambda *_: {"source": (moved, 0.95), "content": (moved, 0.5)})
    content = found[0].content
    tagger.retag(TEXT, found, docs, roles=("source", "content"), sure=0.7)
    assert found[0].source == moved and found[0].content == content


def test_a_missing_model_file_is_named_in_the_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tagger, "MODEL", tmp_path / "span_model.crfsuite")
    tagger.tagger.cache_clear()
    try:
        with pytest.raises(ModelError, match=r"span_model\.crfsuite: the span model is missing or damaged"):
            tagger.tagger()
    finally:
        monkeypatch.undo()
        tagger.tagger.cache_clear()


def test_training_sequences_come_from_statements_an_annotator_made_too() -> None:
    text = "The mayor said the pier was unsafe. Rain fell. Reyes said the ferry was late."
    docs, found = _found(text)
    assert len(found) == 2
    cue = (text.index("said"), text.index("said") + 4)
    gold = [{"source": (0, 9), "cue": cue, "content": (text.index("the pier"), text.index(". Rain"))}]
    rows = tagger.span_sequences(text, docs, found, [gold])
    assert len(rows) == 1
    features, tags = rows[0]
    assert len(features) == len(tags)
    assert tags.count("Q") == 1 and tags.count("S") == 2 and tags.count("C") == 4
    assert len(tagger.span_sequences(text, docs, found, [gold, gold])) == 2  # once per annotator's file


def test_span_events_reads_every_role_of_a_brat_event(tmp_path: Path) -> None:
    ann = tmp_path / "a_1.ann"
    ann.write_text("T1\tSource 0 3\tHe\nT2\tCue 4 8\tsaid\nT3\tContent 9 20;21 25\tthe pier is shut\n"
                   "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\nT4\tContent 40 44\tx\n"
                   "E2\tAttribution:T4 Content:T4\n", encoding="utf-8")
    assert tagger.span_events(ann) == [{"source": (0, 3), "cue": (4, 8), "content": (9, 25)}]
