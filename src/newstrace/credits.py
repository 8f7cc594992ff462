"""Credit lines: republication notices, wire tags, "Source:" lines and cited outlets.

All spans index into the text given to :func:`find_credits` (``Article.text``).

Speed matters here (every article passes through), so the text is scanned
once for cue words and once per line for wire tags; patterns avoid
IGNORECASE, which made these scans about three times slower.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from newstrace.model import Credit
from newstrace.outlets import Match, OutletTable, default_table

# Characters that end a name when reading a phrase after a cue ("reports The Sun, on Monday").
_STOP = r"\n.,;:!?()\[\]\"“”«»"
_STOP_RE = re.compile(r"[" + _STOP + r"]")
_LEADING_ARTICLES = {"the", "la", "le", "les", "el", "los", "die", "der", "des", "das", "de", "l"}
_MAX_NAME_WORDS = 6
_WINDOW = 80

_REPUBLICATION = re.compile(
    r"(?:(?:This|The)\s+(?:story|article|piece|report|post|content)\s+"
    r"(?:(?:first|originally)\s+)?(?:appeared|was\s+(?:first\s+|originally\s+)?published|ran)\s+(?:in|on|at|by)\s+"
    r"|(?:Republished|Reproduced|Reprinted)\s+(?:here\s+)?(?:with\s+(?:kind\s+)?permission\s+)?(?:from|of)\s+"
    r"|Originally\s+(?:published|appeared)\s+(?:in|on|at|by)\s+)"
    r"(?P<name>[^\n.;]{1,80}?)"
    r"(?=\s+and\s+(?:is|has\s+been|was)\b|\s*[.;\n]|\s*$)",
)

# One pass finds every cue; the group says where the outlet's name stands.
_BEFORE = (r"reported\s+by|[Aa]s\s+reported\s+by|[Aa]ccording\s+to|told|citing|cited\s+by|quoted\s+by|obtained\s+by|"
           r"spoke\s+to|interview\s+with|[Ss]elon\s+des\s+informations\s+de|[Ss]elon|[Dd]['’]après|"
           r"[Ss]egún|[Ll]aut|[Ss]econdo")
_EITHER = r"reports|writes|wrote|meldet|berichtet|berichtete|informó|reportó|rapporte"
_AFTER = r"reported|said|says|gemeldet|meldete|a\s+rapporté"
_MEDIA = (r"broadcaster|newspaper|daily|tabloid|news\s+agency|wire\s+service|news\s+outlet|outlet|channel|network|"
          r"magazine|news\s+site|website|Nachrichtenagentur|agencia\s+de\s+noticias|agence\s+de\s+presse")
_CUE = re.compile(
    rf"(?<![\w])(?:(?P<before>{_BEFORE})|(?P<either>{_EITHER})|(?P<after>{_AFTER})|(?P<media>{_MEDIA})|(?P<via>via))"
    r"(?![\w])"
)
# Literal openings of every cue.  An Aho-Corasick automaton finds them all in one pass, and _CUE
# then only confirms a match where one was found: measured at 41 us for a 600-word article,
# against 146 us for scanning the whole text with _CUE (benchmarks/ingest_throughput.py).
_CUE_OPENINGS = (
    "reported", "As ", "as ", "According", "according", "told", "citing", "cited", "quoted", "obtained", "spoke",
    "interview", "Selon", "selon", "D'après", "d'après", "D’après", "d’après", "Según", "según", "Laut", "laut",
    "Secondo", "secondo", "reports", "writes", "wrote", "meldet", "berichtet", "informó", "reportó", "rapporte",
    "said", "says", "gemeldet", "a rapporté", "broadcaster", "newspaper", "daily", "tabloid", "news", "wire",
    "outlet", "channel", "network", "magazine", "website", "Nachrichtenagentur", "agencia", "agence", "via",
)
_CAPITALISED_RUN = re.compile(r"\s+([A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){0,3})")

_SOURCE_LINE = re.compile(r"(?:Sources?|Quelle|Fuente|Bron|Fonte)\s*:\s*(?P<name>[^\n]{1,80}?)[ \t]*$", re.MULTILINE)
_LINE_OR_SENTENCE_START = re.compile(r"(?:^|\n|[.!?])[ \t]*$")
_VIA_LINE = re.compile(r"^[ \t]*[Vv]ia\s*:?\s+(?P<name>[^\n]{1,60}?)[ \t]*$", re.MULTILINE)
_LINK_BACK = re.compile(
    r"^[ \t]*(?:[Ss]ource\s+link|[Ss]ource|SOURCE|Original\s+source|Source\s+article|Link\s+to\s+source|Fuente|Quelle)"
    r"[ \t]*:?[ \t]*$",
    re.MULTILINE,
)


def find_credits(text: str, table: OutletTable | None = None) -> list[Credit]:
    """Every credit in ``text``, in order of position, without overlapping repeats."""
    table = table or default_table()
    scan = _scan(text)
    found: list[Credit] = []
    for finder in (_republications, _wires, _datelines, _source_lines, _link_backs, _cues):
        for credit in finder(text, table, scan):
            if not any(_same(credit, other) for other in found):
                found.append(credit)
    return sorted(found, key=lambda c: (c.start, c.kind))


@dataclass(slots=True, frozen=True)
class _Scan:
    """What one Aho-Corasick pass over the text found: where cues may start, which trigger words occur."""

    cue_starts: list[int]
    words: frozenset[str]


# Words one of which a text must hold before a pattern is worth running over it.
_REPUBLICATION_WORDS = frozenset({"ppeared", "ublished", "eproduced", "eprinted", "ran "})
_SOURCE_WORDS = frozenset({"ource", "OURCE", "uente", "uelle", "Bron", "Fonte", "Link to"})
_VIA_WORDS = frozenset({"via", "Via"})


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in _REPUBLICATION_WORDS | _SOURCE_WORDS | _VIA_WORDS:
        automaton.add_word(word, (word, False))
    for opening in _CUE_OPENINGS:  # added last: "via" is a trigger and a cue
        automaton.add_word(opening, (opening, True))
    automaton.make_automaton()
    return automaton


def _scan(text: str) -> _Scan:
    starts: set[int] = set()
    words: set[str] = set()
    for end, (word, is_cue) in _automaton().iter(text):
        words.add(word)
        if is_cue:
            starts.add(end - len(word) + 1)
    return _Scan(sorted(starts), frozenset(words))


def _same(a: Credit, b: Credit) -> bool:
    overlap = a.start < b.end and b.start < a.end
    return overlap and (a.outlet == b.outlet or a.kind == b.kind == "link_back" or "dateline" in (a.kind, b.kind))


def _make(kind: str, text: str, start: int, end: int, name: str | None, match: Match | None) -> Credit:
    """A credit; an outlet that the table does not know is kept as written."""
    return Credit(outlet=match.outlet if match else name, kind=kind, text=text[start:end], start=start, end=end,
                  name=name, fuzzy=bool(match and match.fuzzy), score=match.score if match else 0.0)


def _republications(text: str, table: OutletTable, scan: _Scan) -> Iterator[Credit]:
    if not scan.words & _REPUBLICATION_WORDS:
        return
    for m in _REPUBLICATION.finditer(text):
        name = _strip_article(m.group("name").strip())
        yield _make("republication", text, m.start(), _sentence_end(text, m.end()), name, table.resolve(name))


# --- wire agencies -------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _wire_patterns(alternation: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    wire = rf"({alternation})(?![\w])"  # the one group in each branch is the name
    dateline = re.compile(rf"\(\s*{wire}\s*\)\s*[-—–]")  # "LONDON (AP) —"
    # On one line: the agency alone ("Reuters", "/ATS", a logo's "ReutersReuters"), opening it
    # ("- Associated Press ..."), signing it off ("parliament. -AP") or tagging its end ("in a statement.
    # EFE-EPA", "he added.PTI KSU GMS" with the editors' initials).
    line = re.compile(rf"^[ \t]*[-—–/]?[ \t]?(?:{alternation})?{wire}[ \t]*$|^[-—–][ \t]?{wire}|"
                      rf"[\s.!?][-—–][ \t]?{wire}[ \t]*$|[.!?] ?{wire}(?:[-/][A-Z]+| [A-Z]{{2,4}})*\.?[ \t]*$")
    return dateline, line


def _wires(text: str, table: OutletTable, scan: _Scan) -> Iterator[Credit]:
    dateline, line_pattern = _wire_patterns(table.wire_alternation())
    for m in dateline.finditer(text):
        yield _wire(text, m, 0, table)
    pos = 0
    for line in text.split("\n"):
        if _might_hold_wire(line, table):
            for m in line_pattern.finditer(line):
                yield _wire(text, m, pos, table)
        pos += len(line) + 1


def _might_hold_wire(line: str, table: OutletTable) -> bool:
    """Cheap test before the line pattern: a wire name must open or close the line."""
    head = line[:_EDGE].split(None, 2)[:2]
    if not head:
        return False
    first = head[0]
    if len(first) % 2 == 0 and first[:len(first) // 2] == first[len(first) // 2:]:
        first = first[:len(first) // 2]  # a logo's text twice: "ReutersReuters"
    edges = [*_EDGE_SPLIT.split(first), *head[1:], *_EDGE_SPLIT.split(line[-_EDGE:].rsplit(None, 1)[-1])]
    edges += _GLUED_TAG.findall(line, max(0, len(line) - _TAIL))  # "he added.PTI KSU GMS"
    return any(token in table.wire_words for token in edges)


_EDGE = 60  # wide enough for any wire name with its dashes
_TAIL = 40  # the end of a line where an agency signs off, with its editors' initials after it
_GLUED_TAG = re.compile(r"[.!?]([A-Z][A-Za-z]+)")
_EDGE_SPLIT = re.compile(r"[-—–/.!?()]+")


def _wire(text: str, m: re.Match[str], offset: int, table: OutletTable) -> Credit:
    name = next(g for g in m.groups() if g)
    matched = m.group(0)
    start = offset + m.start() + len(matched) - len(matched.lstrip(" \t\n.!?"))
    end = offset + m.end()
    return Credit(outlet=table.wires[name], kind="wire", text=text[start:end].rstrip(), start=start, end=end,
                  name=name)


# --- datelines ---------------------------------------------------------------------------------

# "PARIS —", "MINNEAPOLIS (AP) --", "BUENOS AIRES (Argentina) - ": a place in capitals opening the story,
# the form agencies write in.  It names no outlet; with no source found it marks agency copy.
_DATELINE = re.compile(r"^[ \t]*(?:date \S+[ \t]+)?(?P<place>[A-ZÀ-Þ]{3,}(?:[ .'-]+[A-ZÀ-Þ][A-ZÀ-Þ.'-]*){0,3}"
                       r"(?:,[ \t]*[A-Z][\w.]*(?:[ \t][A-Z][\w.]*){0,2})?)[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?"
                       r"(?:—|–|--|-)[ \t]+(?=[A-Z\"“])", re.MULTILINE)
_DATELINE_WITHIN = 400  # characters from the top


def _datelines(text: str, table: OutletTable, scan: _Scan) -> Iterator[Credit]:
    m = _DATELINE.search(text, 0, _DATELINE_WITHIN + 60)
    if m is not None and m.start("place") < _DATELINE_WITHIN:
        end = m.end() - len(m.group(0)) + len(m.group(0).rstrip())
        yield Credit(outlet=None, kind="dateline", text=text[m.start("place"):end], start=m.start("place"), end=end,
                     name=m.group("place"))


# --- credit lines ---------------------------------------------------------------------------------

def _source_lines(text: str, table: OutletTable, scan: _Scan) -> Iterator[Credit]:
    for pattern, kind, words in ((_SOURCE_LINE, "source", _SOURCE_WORDS), (_VIA_LINE, "via", _VIA_WORDS)):
        if not scan.words & words:
            continue
        for m in pattern.finditer(text):
            if not _LINE_OR_SENTENCE_START.search(text, max(0, m.start() - 3), m.start()):
                continue  # "Source:" inside a sentence is the writer's, not a credit line
            name = _strip_article(m.group("name").strip())
            if name.lower() in {"link", "article"}:
                continue
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            yield _make(kind, text, start, m.end(), name, table.resolve(name))


def _link_backs(text: str, table: OutletTable, scan: _Scan) -> Iterator[Credit]:
    if not scan.words & _SOURCE_WORDS:
        return
    for m in _LINK_BACK.finditer(text):
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        yield Credit(outlet=None, kind="link_back", text=m.group(0).strip(), start=start, end=m.end())


# --- outlets cited in the text --------------------------------------------------------------------

def _cue_matches(text: str, scan: _Scan) -> Iterator[re.Match[str]]:
    done = 0
    for start in scan.cue_starts:
        if start < done:
            continue
        m = _CUE.match(text, start)
        if m:
            done = m.end()
            yield m


def _cues(text: str, table: OutletTable, scan: _Scan) -> Iterator[Credit]:
    for m in _cue_matches(text, scan):
        group = m.lastgroup
        credit: Credit | None = None
        if group in {"before", "either"}:
            credit = _name_after(text, m, table)
        if credit is None and group in {"after", "either"}:
            credit = _name_before(text, m, table)
        if group == "media":
            credit = _media_name(text, m, table)
        if group == "via":
            credit = _via_name(text, m, table)
        if credit is not None:
            yield credit


def _tail_words(text: str, pos: int) -> list[str]:
    stop = _STOP_RE.search(text, pos, pos + _WINDOW)
    return text[pos:stop.start() if stop else pos + _WINDOW].split()


def _name_after(text: str, m: re.Match[str], table: OutletTable) -> Credit | None:
    """"reports The Sun", "according to the BBC": the name follows the cue."""
    words = _tail_words(text, m.end())
    bare = list(words)
    while bare and bare[0].lower().strip("'’") in _LEADING_ARTICLES:
        bare = bare[1:]
    if not bare or not _could_be_name(bare[0], table):
        return None
    name, match = _longest_prefix(words, table) if bare != words else ("", None)
    if match is None:
        name, match = _longest_prefix(bare, table)
    if match is None:
        return None
    end = text.find(name, m.end()) + len(name)
    return _make("cited", text, m.start(), end, name, match)


def _name_before(text: str, m: re.Match[str], table: OutletTable) -> Credit | None:
    """"CNN reports", "broadcaster YTN reported": the name is the last few words before the cue."""
    window_start = max(0, m.start() - _WINDOW)
    stops = list(_STOP_RE.finditer(text, window_start, m.start()))
    head_start = stops[-1].end() if stops else window_start
    words = text[head_start:m.start()].split()
    if not words or not _could_be_name(words[-1], table):
        return None  # "officials said": no name before the cue
    for size in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
        name = " ".join(words[-size:])
        match = _resolve_name(name, table)
        if match:
            start = text.rfind(name, head_start, m.start())
            return _make("cited", text, start, m.end(), name, match)
    return None


def _media_name(text: str, m: re.Match[str], table: OutletTable) -> Credit | None:
    """"broadcaster YTN", "news agency Interfax": a name after a media noun is an outlet, known or not."""
    run = _CAPITALISED_RUN.match(text, m.end())
    if run is None:
        return None
    name, match = _longest_prefix(run.group(1).split(), table)
    name = name or run.group(1)
    end = run.start(1) + len(name)
    return _make("cited", text, m.start(), end, name, match)


def _via_name(text: str, m: re.Match[str], table: OutletTable) -> Credit | None:
    """"..., via NBC.": only outlets the table knows, exactly; "via Vladivostok" is a route."""
    name, match = _longest_prefix(_tail_words(text, m.end()), table)
    if match is None or match.fuzzy:
        return None
    end = text.find(name, m.end()) + len(name)
    return _make("via", text, m.start(), end, name, match)


def _longest_prefix(words: list[str], table: OutletTable) -> tuple[str, Match | None]:
    for size in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
        name = " ".join(words[:size])
        match = _resolve_name(name, table)
        if match:
            return name, match
    return "", None


def _resolve_name(name: str, table: OutletTable) -> Match | None:
    """Exact match for any name; fuzzy only when every word is capitalised, as names are."""
    capitalised = all(w[:1].isupper() for w in name.split())
    return table.resolve(name, fuzzy=capitalised)


def _could_be_name(word: str, table: OutletTable) -> bool:
    """Outlet names are capitalised, or are one of the table's few lower-case names ("dpa")."""
    return word[:1].isupper() or word.lower() in table.lowercase_names


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+(?=[A-Z])", "The ", name) if name else name


def _sentence_end(text: str, pos: int) -> int:
    """Extend a match to the end of its sentence or line, so the whole notice is the span."""
    m = re.compile(r"[^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)").match(text, pos)
    return m.end() if m else pos
