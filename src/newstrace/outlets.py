"""Outlet names: an alias table users can extend, exact and fuzzy lookup, domains."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Indel

from newstrace.errors import UsageError

# Fuzzy matches on short names are mostly accidents ("AP" vs "AFP"), so only
# names at least this long are matched fuzzily, and only above this score.
FUZZY_MIN_LENGTH = 5
FUZZY_MIN_SCORE = 0.84
_FUZZY_MEMO_SIZE = 100_000
# Normalised insert-and-delete distance above which no name can reach FUZZY_MIN_SCORE: it is at most
# 2 * (1 - FUZZY_MIN_SCORE) * longer / (longer + shorter), and the shorter is at least FUZZY_MIN_SCORE * longer.
_INDEL_CUTOFF = 2 * (1 - FUZZY_MIN_SCORE) / (1 + FUZZY_MIN_SCORE) + 0.01


@dataclass(slots=True, frozen=True)
class Match:
    outlet: str
    fuzzy: bool
    score: float


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Lower-case, drop punctuation around words, collapse whitespace."""
    name = re.sub(r"[’'`]s\b", "", name)
    name = re.sub(r"[^\w&+]+", " ", name.lower())
    return " ".join(name.split())


# Articles that may open an outlet's name as written ("the Karrow Courier", "l'Ansa", "der Spiegel").
LEADING_ARTICLES = frozenset({"the", "la", "le", "les", "l", "el", "los", "las", "die", "der", "das", "den", "de",
                              "het", "il", "lo", "gli", "o", "os"})


_WORD_PARTS = re.compile(r"[-—–/.!?()]+")


def outlet_key(name: str) -> str:
    """A key to compare outlet names that the table does not know: normalised, without a leading article."""
    words = normalise_name(name).split()
    if len(words) > 1 and words[0] in LEADING_ARTICLES:
        words = words[1:]
    return " ".join(words)


class OutletTable:
    """Canonical outlets with their aliases and domains."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self._by_key: dict[str, str] = {}
        self._by_domain: dict[str, str] = {}
        self._fuzzy_memo: dict[str, Match | None] = {}
        self._lengths: dict[int, list[tuple[int, str]]] | None = None  # known names by length, in order
        self.wires: dict[str, str] = {}
        self.lowercase_names: set[str] = set()
        self.wire_words: set[str] = set()
        # the parts of the word a wire's name opens with ("dpa", "AFX", "Associated"), and ends with ("Press")
        self.wire_firsts: set[str] = set()
        self.wire_lasts: set[str] = set()
        for entry in entries:
            self.add(entry)

    def add(self, entry: dict[str, Any]) -> None:
        try:
            name = str(entry["name"])
        except (KeyError, TypeError) as exc:
            raise UsageError(f"outlet entry {entry!r} has no 'name'; give each entry a 'name'") from exc
        self._fuzzy_memo.clear()
        self._lengths = None
        surfaces = [name, *entry.get("aliases", [])]
        for surface in surfaces:
            self._by_key[normalise_name(surface)] = name
            first = surface.split()[0].lower() if surface.split() else ""
            if surface[:1].islower() and first not in {"the", "la", "le", "el", "die", "der"}:
                self.lowercase_names.add(first)
            if entry.get("wire"):
                self.wires[surface] = name
                words = surface.split()
                self.wire_words.update(words)
                if words:
                    start = words[1] if words[0].lower() in LEADING_ARTICLES and len(words) > 1 else words[0]
                    self.wire_firsts.update(filter(None, _WORD_PARTS.split(start)))
                    self.wire_lasts.update(filter(None, _WORD_PARTS.split(words[-1])))
        for domain in entry.get("domains", []):
            self._by_domain[domain.lower()] = name

    @classmethod
    def load(cls, extra: list[Path] | None = None) -> OutletTable:
        table = cls(_builtin_entries())
        for path in extra or []:
            table.extend(path)
        return table

    def extend(self, path: Path) -> None:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read outlet aliases from {path}: {exc}; give a JSON file "
                             '{"outlets": [{"name": ..., "aliases": [...], "domains": [...]}]}') from exc
        entries = data.get("outlets") if isinstance(data, dict) else data
        if not isinstance(entries, list):
            raise UsageError(f"{path}: expected a list of outlets under the key 'outlets'")
        for entry in entries:
            self.add(entry)

    def resolve(self, name: str, fuzzy: bool = True) -> Match | None:
        """Canonical outlet for ``name``: exact (case-insensitive), else fuzzy when ``fuzzy`` is set."""
        key = normalise_name(name)
        if not key:
            return None
        exact = self._by_key.get(key)
        if exact is not None:
            return Match(exact, False, 100.0)
        if not fuzzy or len(key) < FUZZY_MIN_LENGTH:
            return None
        if key not in self._fuzzy_memo:
            if len(self._fuzzy_memo) >= _FUZZY_MEMO_SIZE:
                self._fuzzy_memo.clear()
            self._fuzzy_memo[key] = self._fuzzy(key)
        return self._fuzzy_memo[key]

    def _fuzzy(self, key: str) -> Match | None:
        # The Damerau-Levenshtein comparison is slow, so it runs only on the names that can reach the score: a
        # fast insert-and-delete distance is at most twice it (a substitution or a transposition is two of
        # those), which bounds it from below.  The result is the same as comparing with every name.
        # Names whose length differs by more than the score allows are left out first, by the same reasoning.
        if self._lengths is None:
            self._lengths = {}
            for order, known in enumerate(self._by_key):
                self._lengths.setdefault(len(known), []).append((order, known))
        low, high = math.ceil(len(key) * FUZZY_MIN_SCORE), math.floor(len(key) / FUZZY_MIN_SCORE)
        sized = sorted(pair for size in range(low, high + 1) for pair in self._lengths.get(size, ()))
        near = process.extract(key, [known for _, known in sized], scorer=Indel.normalized_distance,
                               score_cutoff=_INDEL_CUTOFF, limit=None)
        candidates = [known for known, _, _ in sorted(near, key=lambda found: found[2])]  # ties go to the first
        best = process.extractOne(key, candidates, scorer=DamerauLevenshtein.normalized_similarity,
                                  score_cutoff=FUZZY_MIN_SCORE)
        if best is None or best[0][0] != key[0]:
            return None
        return Match(self._by_key[best[0]], True, round(best[1] * 100, 1))

    def wire_alternation(self) -> str:
        """A regex alternation of every wire agency name, longest first."""
        return _alternation(tuple(sorted(self.wires)))

    def from_domain(self, domain: str) -> str | None:
        return self._by_domain.get(domain.lower())


@lru_cache(maxsize=8)
def _alternation(names: tuple[str, ...]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def _builtin_entries() -> list[dict[str, Any]]:
    text = resources.files("newstrace.data").joinpath("outlets.json").read_text(encoding="utf-8")
    entries: list[dict[str, Any]] = json.loads(text)["outlets"]
    return entries


@lru_cache(maxsize=1)
def default_table() -> OutletTable:
    return OutletTable.load()
