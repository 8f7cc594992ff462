"""Pair judging on long-lived Ray actors, one per worker, each holding the articles it judged lately.

A judging task that is handed its articles with every chunk of pairs tokenises them again on whichever
worker runs it: at 100k articles that cost a worker 0.89 ms a pair against the local engine's 0.35 ms for
everything.  Here each actor keeps its articles' views (tokens, grams, vectors) between calls, as the local
engine keeps its own between batches, and the driver keeps a copy of what each actor holds (``Router``): it
sends a chunk to the actor already holding most of the chunk's articles, sends only those the actor lacks,
reads only those from the store, and says which to let go, least recently used first.  The driver decides
every eviction, so the actor's cache and the driver's copy of it stay equal without messages back.

An actor that died and was restarted holds nothing: a call that names an article it does not hold is
answered with the missing ids instead of verdicts, and the driver sends that chunk again with all its
articles, so a killed worker's pairs get the same verdicts.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import islice

from newstrace.config import TraceConfig
from newstrace.engine.work import Item, Judged, encoded, judge_held
from newstrace.link import Linker
from newstrace.link.embed import unpack_vector
from newstrace.link.index import CandidateIndex

Pair = tuple[str, str]  # (candidate, new article), in the order the local engine checks it


class Judge:
    """The actor's body (Ray makes it remote; tests can use it directly)."""

    def __init__(self) -> None:
        self.linker = Linker(CandidateIndex(1, 1), TraceConfig())

    def ready(self) -> bool:
        """Importing the link stage is part of the start-up, not of the first chunk."""
        return True

    def judge(self, config: TraceConfig, items: dict[str, Item], pairs: list[Pair], drop: list[str],
              fresh: bool = False) -> Judged:
        """Hold ``items`` besides what is held, judge ``pairs``, then let ``drop`` go.  ``fresh``: let
        everything held go first (a chunk sent again).  An actor restarted after a crash starts with the
        default config: it takes the run's from each call, and holds nothing then."""
        started = time.process_time()
        linker = self.linker
        if fresh or config != linker.config:
            linker = self.linker = Linker(CandidateIndex(1, 1), config)
        made = []
        for _, item in sorted(items.items()):
            vector = unpack_vector(item.vector) if item.vector else None
            made.append(linker._remember(item.article, item.lang, item.keys, item.weekday, vector))
        needed = {i for pair in pairs for i in pair}
        missing = sorted(needed - linker._known.keys())
        if missing:  # a restarted actor: what the driver thinks it holds is gone
            return Judged([], missing=missing)
        judged = judge_held(linker, made, pairs)
        judged.links = [encoded(link) for link in judged.links]  # the driver stores them as they are
        for article_id in drop:
            linker._known.pop(article_id, None)
        judged.seconds = time.process_time() - started
        return judged


@dataclass(slots=True)
class Chunk:
    """Pairs for one actor, the articles to send it (``send``: ids; the driver fills in their items) and
    those it lets go after."""

    actor: int
    pairs: list[Pair] = field(default_factory=list)
    send: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)


class Router:
    """The driver's copy of what each actor holds, and the choice of actor for each new article's pairs."""

    def __init__(self, actors: int, capacity: int) -> None:
        self.held: list[OrderedDict[str, None]] = [OrderedDict() for _ in range(actors)]
        self.capacity = capacity  # articles an actor holds at most between calls

    def plan(self, todo: list[Pair], size: int) -> list[Chunk]:
        """Chunks of at most about ``size`` pairs; a new article's pairs go to one actor, the one holding most
        of their articles among those not loaded past their share of the pairs."""
        groups: OrderedDict[str, list[Pair]] = OrderedDict()
        for pair in todo:
            groups.setdefault(pair[1], []).append(pair)
        actors = len(self.held)
        share = len(todo) / actors * 1.05 + size
        load = [0] * actors
        open_: list[Chunk] = [Chunk(k) for k in range(actors)]
        near: list[set[str]] = [set() for _ in range(actors)]  # articles of each actor's open chunk
        chunks: list[Chunk] = []
        for new, pairs in groups.items():
            ids = {new} | {other for other, _ in pairs}
            fits = [k for k in range(actors) if load[k] < share] or list(range(actors))
            k = max(fits, key=lambda a: (sum(1 for i in ids if i in self.held[a] or i in near[a]), -load[a], -a))
            open_[k].pairs.extend(pairs)
            near[k] |= ids
            load[k] += len(pairs)
            if len(open_[k].pairs) >= size:
                chunks.append(self._close(open_[k]))
                open_[k], near[k] = Chunk(k), set()
        chunks.extend(self._close(chunk) for chunk in open_ if chunk.pairs)
        return chunks

    def _close(self, chunk: Chunk) -> Chunk:
        """What the actor must be sent for the chunk, and what it lets go after it, as its cache will be."""
        held = self.held[chunk.actor]
        needed = sorted({i for pair in chunk.pairs for i in pair})
        chunk.send = [i for i in needed if i not in held]
        for i in needed:
            held[i] = None
            held.move_to_end(i)
        keep = set(needed)
        excess = len(held) - max(self.capacity, len(keep))
        if excess > 0:  # the least recently used first; walked lazily, not copied (the cache is 20,000 long)
            chunk.drop.extend(islice((i for i in held if i not in keep), excess))
            for i in chunk.drop:
                del held[i]
        return chunk

    def forget(self, ids: set[str]) -> None:
        """Articles no actor will get (no longer stored)."""
        for held in self.held:
            for i in ids:
                held.pop(i, None)

    def restarted(self, chunk: Chunk) -> None:
        """The chunk's actor answered with missing articles: it now holds only the chunk's, sent again."""
        self.held[chunk.actor] = OrderedDict.fromkeys(sorted({i for pair in chunk.pairs for i in pair}))
