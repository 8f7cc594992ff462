"""A deterministic generator of synthetic news articles, for benchmarks and tests.

The text is random English-like prose from a fixed vocabulary, with page
chrome added the way scrapers leave it, so cleaning has real work to do.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import IO, Any

_WORDS = (
    "the a of to in and said on for with by at from that was were has had will would officials police council "
    "minister government ferry train harbour island city river bridge school hospital market court report "
    "week year month morning evening night people residents workers passengers crew children families "
    "announced confirmed warned added reported described expected planned delayed opened closed moved rose fell "
    "new old large small early late local national regional public private several many few more most "
    "storm fire flood vote deal plan budget inquiry trial election project service route station road "
    "north south east west central coastal northern southern after before during while because although"
).split()
_NAMES = ("Karrow", "Ellery", "Tollan", "Marr", "Quill", "Dunmore", "Strand", "Ferrow", "Bluewater", "Ashby")
_CHROME = ("[ad_1]", "Advertisement", "Share this article", "Read more", "Source link", "COMMENTS",
           "Sign up to our newsletter for the latest news", "Most read in News")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 24))]
    words[rng.randrange(len(words))] = rng.choice(_NAMES)
    words.insert(rng.randrange(len(words)), str(rng.randint(2, 2000)))
    return " ".join(words).capitalize() + "."


def article_text(rng: random.Random, words: int = 600, chrome: bool = True) -> str:
    """About ``words`` words of prose in paragraphs, with chrome lines when ``chrome`` is set."""
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    if chrome:
        for line in rng.sample(_CHROME, 3):
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), line)
    return "\n".join(paragraphs)


def records(n: int, seed: int = 0, words: int = 600) -> Iterator[dict[str, Any]]:
    """``n`` JSONL records with ids, URLs, outlets, dates and text."""
    rng = random.Random(seed)
    for i in range(n):
        outlet = f"outlet{i % 50}.example.com"
        yield {
            "id": f"synth-{seed}-{i}",
            "url": f"https://{outlet}/news/{i}",
            "outlet": outlet,
            "title": sentence(rng)[:80],
            "published": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "lang": "en",
            "text": article_text(rng, words),
        }


def write_jsonl(out: IO[str], n: int, seed: int = 0, words: int = 600) -> int:
    """Write ``n`` records; returns the bytes of article text written."""
    size = 0
    for record in records(n, seed, words):
        out.write(json.dumps(record) + "\n")
        size += len(record["text"].encode("utf-8"))
    return size


# --- stories with syndication chains and ground truth ----------------------------------------------

_RELATIONS = ("verbatim_copy", "verbatim_copy", "partial_copy", "rewrite")
_SWAPS = {"said": "stated", "officials": "authorities", "people": "residents", "announced": "revealed",
          "expected": "likely", "large": "big", "small": "minor", "warned": "cautioned", "opened": "launched"}


def _rewrite(text: str, rng: random.Random) -> str:
    """Edit every sentence a little and change some numbers, as a rewriting site would."""
    out = []
    for word in text.split(" "):
        bare = word.strip(".,")
        if bare in _SWAPS and rng.random() < 0.7:
            word = word.replace(bare, _SWAPS[bare])
        elif bare.isdigit() and rng.random() < 0.3:
            word = word.replace(bare, str(int(bare) + rng.randint(1, 9)))
        out.append(word)
    return " ".join(out)


def story_records(n: int, seed: int = 0, words: int = 300,
                  copies: tuple[int, int] = (1, 6)) -> Iterator[dict[str, Any]]:
    """``n`` articles in stories: an origin and its verbatim, partial and rewritten copies, some copied
    in turn (a chain).  Each record carries the truth: ``story``, ``parent`` and ``relation``."""
    rng = random.Random(seed)
    made = story = 0
    while made < n:
        story += 1
        origin_id = f"s{seed}-{story}-0"
        paragraphs = article_text(rng, words, chrome=False).split("\n")
        day = 1 + story % 27
        yield _story_record(origin_id, story, seed, None, "origin", "\n".join(paragraphs), day, 0)
        made += 1
        texts = {origin_id: paragraphs}
        for k in range(1, rng.randint(*copies) + 1):
            if made >= n:
                return
            parent = rng.choice(sorted(texts))
            relation = rng.choice(_RELATIONS)
            source = texts[parent]
            if relation == "partial_copy":
                keep = max(1, len(source) // 3)
                body = source[:keep] + [sentence(rng) for _ in range(2)]
            elif relation == "rewrite":
                body = [_rewrite(p, rng) for p in source]
            else:
                body = list(source)
            article_id = f"s{seed}-{story}-{k}"
            texts[article_id] = body
            text = "\n".join(body)
            if relation == "verbatim_copy":
                text = f"[ad_1]\n{text}\n[ad_2]\nSource link"
            yield _story_record(article_id, story, seed, parent, relation, text, day, k)
            made += 1


def _story_record(article_id: str, story: int, seed: int, parent: str | None, relation: str, text: str, day: int,
                  k: int) -> dict[str, Any]:
    return {"id": article_id, "url": f"https://site{(story * 7 + k) % 997}.example.com/{article_id}",
            "outlet": f"site{(story * 7 + k) % 997}", "published": f"2026-03-{day:02d}T{8 + k % 12:02d}:00:00",
            "lang": "en", "text": text, "truth_story": f"s{seed}-{story}", "truth_parent": parent,
            "truth_relation": relation}
