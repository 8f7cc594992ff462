"""The demo: a fictional ferry story in five input formats, written for this project.

The Karrow Courier breaks the story (HTML); an autoblog republishes it word
for word inside ad shortcodes (JSONL, next to one broken line); a local site
takes two paragraphs (plain text); a maritime site rewrites it and changes
the passenger count (RSS); two unrelated Courier stories come in a WARC.
"""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

from newstrace.ingest.warc import write_warc
from newstrace.model import Reject
from newstrace.outlets import OutletTable

ARTICLE_FILES = ("courier-ferry-aground.html", "autoblog-copies.jsonl", "islandtimes-ferry.txt", "coastwatch.rss")
WARC_SPEC = "courier-other-news.warc.json"
ALIASES = "outlets.json"
DEMO_MARK = "demo"
# The one reject the demo makes, on purpose: line 2 of the autoblog's JSONL is a scrape cut off mid-line.
PLANTED_REJECT = ("autoblog-copies.jsonl:2", "bad_json")


def corpus_dir() -> Path:
    return Path(str(resources.files("newstrace.demo").joinpath("corpus")))


def write_corpus(target: Path) -> list[Path]:
    """Lay the demo inputs out in ``target``: the article files, and a WARC built from its spec."""
    target.mkdir(parents=True, exist_ok=True)
    source = corpus_dir()
    paths = []
    for name in ARTICLE_FILES:
        paths.append(Path(shutil.copy(source / name, target / name)))
    pages = json.loads((source / WARC_SPEC).read_text(encoding="utf-8"))
    warc_path = target / "courier-other-news.warc.gz"
    with warc_path.open("wb") as out:
        write_warc(out, [(p["url"], p["date"], _page(p["title"], p["paragraphs"])) for p in pages])
    paths.append(warc_path)
    return paths


def outlet_table() -> OutletTable:
    """The built-in outlet table, extended with the demo's fictional outlets."""
    return OutletTable.load([corpus_dir() / ALIASES])


def _page(title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\n{body}\n</article>"
            f"<footer><p>Share this article</p></footer></body></html>")


def reject_note(rejects: list[Reject]) -> str:
    """What the demo says about its rejects: the planted one and why, and any other as unexpected."""
    planted = [r for r in rejects if r.item.endswith(PLANTED_REJECT[0]) and r.reason == PLANTED_REJECT[1]]
    notes = []
    if planted:
        notes.append(f"The reject of {PLANTED_REJECT[0]} is planted on purpose: that line is a scrape cut off "
                     "mid-line, to show that a bad item becomes a reject naming its file, line and reason, "
                     "and the run goes on.")
    if len(rejects) > len(planted):
        notes.append(f"{len(rejects) - len(planted)} other reject(s) were not planted; please report them.")
    return " ".join(notes)
