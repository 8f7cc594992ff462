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
