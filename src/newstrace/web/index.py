"""The story list: one summary row per story, built from the store once and kept in memory.

Listing and filtering stories is the page people open first; reading every placement for each request would
take a second at 100k articles, so the summaries are made once (and again after a trace), kept in the store's
meta table for the next start, and filtered in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections import Counter
from dataclasses import astuple, dataclass, field

from newstrace.errors import StoreError
from newstrace.model import Story
from newstrace.store.base import ProvenanceStore


@dataclass(slots=True, frozen=True)
class StorySummary:
    id: str
    size: int
    title: str | None
    origin: str | None
    origin_outlet: str | None
    confidence: float
    outlets: tuple[str, ...]
    languages: tuple[str, ...]
    first: str | None  # earliest publication date (YYYY-MM-DD) among its articles
    last: str | None
    search_text: str = field(repr=False, default="")

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "size": self.size, "title": self.title, "origin": self.origin,
                "origin_outlet": self.origin_outlet, "confidence": self.confidence, "outlets": list(self.outlets),
                "languages": list(self.languages), "first": self.first, "last": self.last}


@dataclass(slots=True, frozen=True)
class StoryFilter:
    text: str | None = None
    outlet: str | None = None
    lang: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None
    min_size: int = 1

    def keeps(self, story: StorySummary) -> bool:
        if story.size < self.min_size:
            return False
        if self.text and self.text.casefold() not in story.search_text:
            return False
        if self.outlet and self.outlet not in story.outlets:
            return False
        if self.lang and self.lang not in story.languages:
            return False
        if self.since and (story.last is None or story.last < self.since):
            return False
        return not (self.until and (story.first is None or story.first > self.until))


@dataclass(slots=True)
class Page:
    stories: list[StorySummary]
    total: int
    offset: int
    limit: int
    timeline: list[tuple[str, int]]  # (day, month or year; stories that began in it) over the matching stories


def summarise(store: ProvenanceStore, stories: list[Story] | None = None) -> list[StorySummary]:
    """One summary per story, largest first (the store's order)."""
    rows = {row.id: row for row in store.listing()}
    langs = {f.id: f.lang for f in store.article_facts()}
    summaries = []
    for story in store.stories() if stories is None else stories:
        members = [rows[i] for i in story.article_ids if i in rows]
        origin = rows.get(story.origin) if story.origin else None
        title = (origin.title if origin else None) or next((r.title for r in members if r.title), None)
        outlets = tuple(sorted({r.outlet for r in members if r.outlet}))
        languages = tuple(sorted({lang for i in story.article_ids if (lang := langs.get(i))}))
        dates = sorted(r.published[:10] for r in members if r.published)
        search = " ".join([story.id, title or "", *outlets, *(r.title or "" for r in members)]).casefold()
        summaries.append(StorySummary(story.id, len(story.article_ids), title, story.origin, story.origin_outlet,
                                      story.confidence, outlets, languages, dates[0] if dates else None,
                                      dates[-1] if dates else None, search))
    return summaries


def signature(store: ProvenanceStore, stories: list[Story]) -> str:
    """What the saved summaries were made from: the article count and every story's id, size and origin."""
    digest = hashlib.sha256(str(store.count()).encode())
    for story in stories:
        digest.update(f"\n{story.id} {len(story.article_ids)} {story.origin} {story.origin_outlet}".encode())
    return digest.hexdigest()


TIMELINE_BINS = 120


def binned(days: list[tuple[str, int]], most: int = TIMELINE_BINS) -> list[tuple[str, int]]:
    """Counts per day (YYYY-MM-DD), or per month (YYYY-MM) or year when there would be more than ``most``."""
    for width in (10, 7, 4):
        bins: Counter[str] = Counter()
        for day, n in days:
            bins[day[:width]] += n
        if len(bins) <= most:
            break
    return sorted(bins.items())


SAVED = "web_story_index"  # store meta: the summaries and their signature, so a restart lists stories at once
CACHED_FILTERS = 256


class StoryIndex:
    """The summaries.  A start installs the ones saved in the store at once, then checks them against the
    stories in the background and rebuilds them if the stories changed; a trace job rebuilds them too.
    Readers wait only for the first install."""

    def __init__(self) -> None:
        self._stories: list[StorySummary] = []
        self._facets: tuple[list[str], list[str]] = ([], [])
        self._pages: dict[StoryFilter, tuple[list[StorySummary], list[tuple[str, int]]]] = {}
        self._ready = threading.Event()
        self._lock = threading.Lock()

    def start(self, store: ProvenanceStore) -> None:
        saved = _load(store.meta(SAVED))
        if saved is not None:
            self._install(saved[1])
        self.rebuild(store, saved[0] if saved else None)

    def rebuild(self, store: ProvenanceStore, known: str | None = None) -> None:
        """Summaries made again unless ``known`` is the stories' signature.  Readers never wait past this,
        even if it fails (they keep the summaries they had)."""
        with self._lock:
            try:
                stories = store.stories()
                current = signature(store, stories)
                if current == known:
                    return
                summaries = summarise(store, stories)
                # saving only spares the next start this work; a store busy with a job may refuse it
                with contextlib.suppress(StoreError):
                    store.set_meta(SAVED, json.dumps({"signature": current,
                                                      "stories": [astuple(s) for s in summaries]}))
                self._install(summaries)  # after saving: a listed story list is one the next start has
            finally:
                self._ready.set()

    def _install(self, stories: list[StorySummary]) -> None:
        outlets = sorted({o for s in stories for o in s.outlets})
        languages = sorted({lang for s in stories for lang in s.languages})
        self._stories, self._facets, self._pages = stories, (outlets, languages), {}
        self._ready.set()

    def stories(self) -> list[StorySummary]:
        self._ready.wait()
        return self._stories

    def page(self, where: StoryFilter, offset: int = 0, limit: int = 50) -> Page:
        """One page of the stories ``where`` keeps; what a filter keeps is worked out once per build."""
        found = self._pages.get(where)
        if found is None:
            matching = [s for s in self.stories() if where.keeps(s)]
            days: Counter[str] = Counter(s.first for s in matching if s.first)
            found = (matching, binned(sorted(days.items())))
            if len(self._pages) >= CACHED_FILTERS:
                self._pages.clear()
            self._pages[where] = found
        matching, timeline = found
        return Page(matching[offset:offset + limit], len(matching), offset, limit, timeline)

    def facets(self) -> tuple[list[str], list[str]]:
        """Every outlet and language seen in a story, for the filter form."""
        self._ready.wait()
        return self._facets


def _load(text: str | None) -> tuple[str, list[StorySummary]] | None:
    """Saved summaries, or None if there are none or they do not read as this version wrote them."""
    if not text:
        return None
    try:
        data = json.loads(text)
        stories = [StorySummary(i, size, title, origin, outlet, confidence, tuple(outlets), tuple(langs), first,
                                last, search)
                   for i, size, title, origin, outlet, confidence, outlets, langs, first, last, search
                   in data["stories"]]
        return str(data["signature"]), stories
    except (ValueError, KeyError, TypeError):
        return None
