"""Credit lines: republication notices, wire tags, "Source:" lines and cited outlets.

All spans index into the text given to :func:`find_credits` (``Article.text``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newstrace.model import Credit
from newstrace.outlets import Match, OutletTable, default_table

# Words that stop a name when reading a phrase after a cue ("reports The Sun on Monday").
_STOP = r"\n.,;:!?()\[\]\"“”«»"
_LEADING_ARTICLES = {"the", "la", "le", "les", "el", "los", "die", "der", "des", "das", "de", "l"}
_MAX_NAME_WORDS = 6

_REPUBLICATION = re.compile(
    r"(?:(?:This|The)\s+(?:story|article|piece|report|post|content)\s+"
    r"(?:(?:first|originally)\s+)?(?:appeared|was\s+(?:first\s+|originally\s+)?published|ran)\s+(?:in|on|at|by)\s+"
    r"|(?:Republished|Reproduced|Reprinted)\s+(?:here\s+)?(?:with\s+(?:kind\s+)?permission\s+)?(?:from|of)\s+"
    r"|Originally\s+(?:published|appeared)\s+(?:in|on|at|by)\s+)"
    r"(?P<name>[^\n.;]{1,80}?)"
    r"(?=\s+and\s+(?:is|has\s+been|was)\b|\s*[.;\n]|\s*$)",
)

_CITE_BEFORE = re.compile(
    r"\b(?:reports|reported\s+by|as\s+reported\s+by|according\s+to|told|writes|wrote|citing|cited\s+by|"
    r"quoted\s+by|obtained\s+by|spoke\s+to|in\s+an\s+interview\s+with|"
    r"selon\s+des\s+informations\s+de|selon|d['’]après|según|laut|meldet|berichtet|berichtete|"
    r"informó|reportó|rapporte|secondo)\s+(?P<tail>[^" + _STOP + r"]{1,80})",
    re.IGNORECASE,
)

_CITE_AFTER = re.compile(
    r"(?P<head>[^" + _STOP + r"]{1,80}?)\s+(?:reported|reports|said|says|wrote|writes|"
    r"gemeldet|berichtet|berichtete|meldete|informó|reportó|a\s+rapporté|rapporte)\b",
)

_MEDIA_NOUN = re.compile(
    r"\b(?:broadcaster|newspaper|daily|tabloid|news\s+agency|wire\s+service|news\s+outlet|outlet|channel|"
    r"network|magazine|news\s+site|website|Nachrichtenagentur|agencia\s+de\s+noticias|agence\s+de\s+presse)\s+"
    r"(?P<name>[A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){0,3})",
)

_SOURCE_LINE = re.compile(
    r"(?:^|(?<=[.!?])\s+)[ \t]*(?:Sources?|Quelle|Fuente|Bron|Fonte)\s*:\s*(?P<name>[^\n]{1,80}?)[ \t]*$",
    re.MULTILINE,
)
_VIA_LINE = re.compile(r"^[ \t]*[Vv]ia\s*:?\s+(?P<name>[^\n]{1,60}?)[ \t]*$", re.MULTILINE)
_VIA_INLINE = re.compile(r"\bvia\s+(?P<tail>[^" + _STOP + r"]{1,60})")
_LINK_BACK = re.compile(
    r"^[ \t]*(?:Source\s+link|Source|Original\s+source|Source\s+article|Link\s+to\s+source|Fuente|Quelle)"
    r"[ \t]*:?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)


def find_credits(text: str, table: OutletTable | None = None) -> list[Credit]:
    """Every credit in ``text``, in order of position, without overlapping repeats."""
    table = table or default_table()
    found: list[Credit] = []
    for finder in (_republications, _wires, _source_lines, _link_backs, _media_nouns, _cited_before,
                   _cited_after, _via_inline):
        for credit in finder(text, table):
            if not any(_same(credit, other) for other in found):
                found.append(credit)
    return sorted(found, key=lambda c: (c.start, c.kind))


def _same(a: Credit, b: Credit) -> bool:
    overlap = a.start < b.end and b.start < a.end
    return overlap and (a.outlet == b.outlet or a.kind == b.kind == "link_back")


def _credit(kind: str, text: str, start: int, end: int, name: str, match: Match | None,
            keep_unknown: bool) -> Credit | None:
    if match is None and not keep_unknown:
        return None
    outlet = match.outlet if match else name
    return Credit(outlet=outlet, kind=kind, text=text[start:end], start=start, end=end, name=name,
                  fuzzy=bool(match and match.fuzzy), score=match.score if match else 0.0)


def _republications(text: str, table: OutletTable) -> Iterator[Credit]:
    for m in _REPUBLICATION.finditer(text):
        name = _strip_article(m.group("name").strip())
        end = _sentence_end(text, m.end())
        credit = _credit("republication", text, m.start(), end, name, table.resolve(name), keep_unknown=True)
        if credit:
            yield credit


def _wire_patterns(table: OutletTable) -> list[re.Pattern[str]]:
    wire = rf"(?P<name>{table.wire_alternation()})(?![\w])"
    return [
        re.compile(rf"\(\s*{wire}\s*\)\s*[-—–]"),  # dateline: "LONDON (AP) —"
        re.compile(rf"(?<=[\s.!?])[-—–][ \t]?{wire}[ \t]*$", re.MULTILINE),  # sign-off: "parliament. -AP"
        re.compile(rf"^[ \t]*[-—–/]?[ \t]?{wire}[ \t]*$", re.MULTILINE),  # a line holding only the agency
        re.compile(rf"^[-—–][ \t]?{wire}", re.MULTILINE),  # a line opening with "- Associated Press"
        re.compile(rf"(?<=[.!?] ){wire}(?:[-/][A-Z]+)*[ \t]*$", re.MULTILINE),  # closing tag: "EFE-EPA"
    ]


def _wires(text: str, table: OutletTable) -> Iterator[Credit]:
    for pattern in _wire_patterns(table):
        for m in pattern.finditer(text):
            name = m.group("name")
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            yield Credit(outlet=table.wires[name], kind="wire", text=text[start:m.end()].rstrip(), start=start,
                         end=m.end(), name=name)


def _source_lines(text: str, table: OutletTable) -> Iterator[Credit]:
    for pattern, kind in ((_SOURCE_LINE, "source"), (_VIA_LINE, "via")):
        for m in pattern.finditer(text):
            name = _strip_article(m.group("name").strip())
            if name.lower() in {"link", "article"}:
                continue
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            credit = _credit(kind, text, start, m.end(), name, table.resolve(name), keep_unknown=True)
            if credit:
                yield credit


def _link_backs(text: str, table: OutletTable) -> Iterator[Credit]:
    for m in _LINK_BACK.finditer(text):
        yield Credit(outlet=None, kind="link_back", text=m.group(0).strip(), start=m.start(), end=m.end())


def _media_nouns(text: str, table: OutletTable) -> Iterator[Credit]:
    for m in _MEDIA_NOUN.finditer(text):
        name, match = _longest_prefix(m.group("name").split(), table)
        name = name or m.group("name")
        end = m.start("name") + len(name)
        credit = _credit("cited", text, m.start(), end, name, match, keep_unknown=True)
        if credit:
            yield credit


def _cited_before(text: str, table: OutletTable) -> Iterator[Credit]:
    for m in _CITE_BEFORE.finditer(text):
        words = m.group("tail").split()
        bare = list(words)
        while bare and bare[0].lower().strip("'’") in _LEADING_ARTICLES:
            bare = bare[1:]
        if not bare or not _is_name_start(bare[0], table):
            continue
        name, match = _longest_prefix(words, table) if bare != words else ("", None)
        if match is None:
            name, match = _longest_prefix(bare, table)
        if match:
            end = text.find(name, m.start("tail")) + len(name)
            yield Credit(outlet=match.outlet, kind="cited", text=text[m.start():end], start=m.start(), end=end,
                         name=name, fuzzy=match.fuzzy, score=match.score)


def _cited_after(text: str, table: OutletTable) -> Iterator[Credit]:
    for m in _CITE_AFTER.finditer(text):
        words = m.group("head").split()
        for size in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
            name = " ".join(words[-size:])
            match = _resolve_name(name, table)
            if match:
                start = m.start("head") + m.group("head").rfind(name)
                yield Credit(outlet=match.outlet, kind="cited", text=text[start:m.end()], start=start,
                             end=m.end(), name=name, fuzzy=match.fuzzy, score=match.score)
                break


def _via_inline(text: str, table: OutletTable) -> Iterator[Credit]:
    for m in _VIA_INLINE.finditer(text):
        name, match = _longest_prefix(m.group("tail").split(), table)
        if match and not match.fuzzy:
            end = m.start("tail") + len(name)
            yield Credit(outlet=match.outlet, kind="via", text=text[m.start():end], start=m.start(), end=end,
                         name=name)


def _longest_prefix(words: list[str], table: OutletTable) -> tuple[str, Match | None]:
    for size in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
        name = " ".join(words[:size])
        match = _resolve_name(name, table)
        if match:
            return name, match
    return "", None


def _resolve_name(name: str, table: OutletTable) -> Match | None:
    """Exact match for any name; fuzzy only when every word is capitalised, as names are."""
    match = table.resolve(name)
    if match and match.fuzzy and not all(w[:1].isupper() for w in name.split()):
        return None
    return match


def _is_name_start(word: str, table: OutletTable) -> bool:
    return word[:1].isupper() or table.resolve(word) is not None


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+(?=[A-Z])", "The ", name) if name else name


def _sentence_end(text: str, pos: int) -> int:
    """Extend a match to the end of its sentence or line, so the whole notice is the span."""
    m = re.compile(r"[^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)").match(text, pos)
    return m.end() if m else pos
