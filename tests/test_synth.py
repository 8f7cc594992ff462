"""The synthetic news generator: deterministic, story-specific, copies that keep their parent's text, and
stories that neither share passages nor read alike to the sentence encoder."""

from __future__ import annotations

import io
import json
import random
import re
import string
from collections import defaultdict
from difflib import SequenceMatcher
from typing import Any

import numpy as np
import pytest

from newstrace import synth
from newstrace.clean import clean_article
from newstrace.fingerprint import fingerprint
from newstrace.ingest.jsonl import from_record
from newstrace.link import classify
from newstrace.outlets import default_table


def _stories(n: int = 120, seed: int = 3, words: int = 300) -> list[dict[str, Any]]:
    return list(synth.story_records(n, seed=seed, words=words))


def test_the_same_seed_gives_the_same_records_and_another_seed_other_ones() -> None:
    assert _stories(60) == _stories(60)
    assert list(synth.records(5, seed=2)) == list(synth.records(5, seed=2))
    assert [r["text"] for r in _stories(20, seed=4)] != [r["text"] for r in _stories(20, seed=5)]
    assert synth.article_text(random.Random(7), 80) == synth.article_text(random.Random(7), 80)


def test_story_records_carry_the_truth_and_each_story_its_own_title_topic_and_names() -> None:
    records = _stories()
    by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_story[record["truth_story"]].append(record)
    assert len(records) == 120 and len(by_story) > 15
    ids = {r["id"] for r in records}
    titles: dict[str, str] = {}
    for story, members in by_story.items():
        origin, *copies = members
        assert origin["truth_relation"] == "origin" and origin["truth_parent"] is None
        assert {m["truth_topic"] for m in members} == {origin["truth_topic"]}
        assert len({m["published"][:10] for m in members}) == 1  # copies run the same day, later
        for copy in copies:
            assert copy["truth_parent"] in ids and copy["truth_parent"].startswith(story + "-")
            assert copy["truth_relation"] in {"verbatim_copy", "partial_copy", "rewrite"}
        titles[story] = origin["title"]
    assert len(set(titles.values())) == len(titles)  # a story's title names its own places or people
    assert len({r["truth_topic"] for r in records}) > 10


def test_copies_keep_their_parent_text_as_their_relation_says() -> None:
    records = _stories(200)
    by_id = {r["id"]: r for r in records}
    seen = set()
    for record in records:
        relation, parent = record["truth_relation"], by_id.get(record["truth_parent"] or "")
        if parent is None:
            continue
        seen.add(relation)
        if relation == "verbatim_copy":
            assert record["text"] == f"[ad_1]\n{_bare(parent)}\n[ad_2]\nSource link"  # chrome around the text
            assert record["title"] == parent["title"]
        elif relation == "partial_copy":
            kept = record["text"].split("\n")[0]
            assert kept == _bare(parent).split("\n")[0] and len(record["text"]) < len(_bare(parent)) + 400
        else:
            before, after = _bare(parent).split(), record["text"].split()
            assert before != after and SequenceMatcher(None, before, after, autojunk=False).ratio() > 0.8
    assert seen == {"verbatim_copy", "partial_copy", "rewrite"}


def _bare(record: dict[str, Any]) -> str:
    """A record's text without the chrome a verbatim copy adds."""
    text: str = record["text"]
    return text.removeprefix("[ad_1]\n").removesuffix("\n[ad_2]\nSource link")


def test_texts_are_about_the_requested_length_and_origins_lead_with_the_story() -> None:
    for words in (120, 300, 600):
        origins = [r for r in _stories(60, words=words) if r["truth_relation"] == "origin"]
        lengths = [len(r["text"].split()) for r in origins]
        assert words <= min(lengths) and max(lengths) < words + 80, (words, lengths)
    article = synth.article_text(random.Random(1), 200)
    assert sum(line in synth._CHROME for line in article.split("\n")) == 3
    assert "[ad_1]" not in synth.article_text(random.Random(1), 200, chrome=False)


def test_sentence_and_write_jsonl_keep_their_old_use() -> None:
    for seed in range(20):
        text = synth.sentence(random.Random(seed))
        assert (text[0].isupper() or text[0].isdigit() or text[:2] == '"' + text[1:2].upper()), text
        assert text.endswith(".") and "{" not in text
    out = io.StringIO()
    size = synth.write_jsonl(out, 12, seed=1, words=80)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == 12 and size == sum(len(r["text"].encode()) for r in rows)
    assert {"id", "url", "outlet", "title", "published", "lang", "text"} <= set(rows[0])


def test_every_template_of_every_topic_fills() -> None:
    rng = random.Random(0)
    for topic in synth.TOPICS:
        story = synth.make_story(rng, topic=topic)
        for angle in range(len(topic.leads)):
            story.angle = angle
            for template in (topic.titles[angle], topic.leads[angle], *topic.facts):
                text = synth._fill(template, story, rng)
                assert "{" not in text and "}" not in text, (topic.name, template)
        for _ in range(30):
            assert "{" not in synth.sentence(rng, story)
        assert not re.search(r"\ba [aeiou]", synth.article_text(rng, 300, chrome=False, story=story))
    assert len(synth.TOPICS) >= 30 and len({t.name for t in synth.TOPICS}) == len(synth.TOPICS)
    words = {w for t in synth.TOPICS for w in t.nouns + t.verbs + t.adjectives}
    assert all(set(w) <= set(string.ascii_lowercase + " -'") for w in words)


def _view(record: dict[str, Any]) -> classify.View:
    article = clean_article(from_record(record["id"], record, default_table()))
    print_ = fingerprint(article.id, article.clean_text, "en")
    return classify.view(article, "en", print_.keys, print_.weekday)


def test_stories_of_one_topic_share_no_passage_while_copies_do() -> None:
    """Different stories are built from short runs of common words between names and figures, so the link
    stage finds no copy between them; a story's copies it links."""
    records = [r for r in _stories(600, seed=8) if r["truth_relation"] == "origin"]
    by_topic: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_topic[record["truth_topic"]].append(record)
    views = {r["id"]: _view(r) for r in records}
    pairs = [(a, b) for group in by_topic.values() for i, a in enumerate(group) for b in group[i + 1:]]
    assert len(pairs) > 150
    linked = [(a["id"], b["id"]) for a, b in pairs if classify.text_link(views[a["id"]], views[b["id"]])[0]]
    assert len(linked) <= 0.01 * len(pairs), linked
    copies = [r for r in _stories(60, seed=8) if r["truth_parent"]]
    by_id = {r["id"]: r for r in _stories(60, seed=8)}
    assert all(classify.text_link(_view(c), _view(by_id[c["truth_parent"]]))[0] for c in copies)


@pytest.mark.slow
def test_the_encoder_reads_a_story_s_copies_closer_than_other_stories() -> None:
    from newstrace.link.embed import article_text, embed

    records = _stories(150, seed=6)
    articles = [clean_article(from_record(r["id"], r, default_table())) for r in records]
    vectors = embed([article_text(a.title, a.clean_text) for a in articles])
    story = np.array([r["truth_story"] for r in records])
    sims = vectors @ vectors.T
    same = (story[:, None] == story[None, :]) & ~np.eye(len(records), dtype=bool)
    other = story[:, None] != story[None, :]
    assert sims[same].mean() > 0.9 and sims[other].mean() < 0.5
    assert np.percentile(sims[same], 5) > np.percentile(sims[other], 99)
    np.fill_diagonal(sims, -1.0)
    nearest = sims.argmax(axis=1)
    has_mate = same.any(axis=1)
    assert np.mean(story[nearest][has_mate] == story[has_mate]) > 0.98
