"""Quotation marks around statements: whether a statement is quoted, where a quotation opens and closes,
and a quotation broken by its cue read as one.

Papers print curly and straight marks, guillemets and doubled apostrophes, and mix them.  These rules read the
characters around a statement; those that start from a cue word take its token only for where it stands.
"""

from __future__ import annotations

import re
from typing import Any

from newstrace.claims.lexicon import cues
from newstrace.claims.spans import Span, doc_text

QUOTE_MARKS = frozenset(["\"", "“", "”", "''", "``", "«", "»"])  # as the tokenizer splits them
OPENERS = frozenset(["“", "«", "„", "``"])
CLOSERS = frozenset(["”", "»"])
QUOTE_TOKENS = OPENERS | {'"', "''"}  # marks that can open a quotation

# Quotation marks, with the doubled apostrophes some papers print ("''It hurts,'' she said").
_OPEN_MARK = r"(?:[\"“«„]|''|``)"
_CLOSE_MARK = r"(?:[\"”»]|'')"
_INNER = r"(?:(?!'')[^\"“”«»„])"
_RESUMES = re.compile(rf"[,.!?]?\s*{_CLOSE_MARK}((?:(?!'')[^\"“”\n]){{1,200}}?)[,.:]?\s*"
                      rf"{_OPEN_MARK}({_INNER}{{1,3000}}?)[,.]?{_CLOSE_MARK}")
_OPENING = re.compile(_OPEN_MARK)
_CLOSING = re.compile(_CLOSE_MARK)
_SENTENCE_ENDS = re.compile(r"[.;]\s*[\"“«„'`]*\s*$|[.;]\s")
_BEFORE_TITLE = re.compile(r"(?:\b(?:on|in|of|at|to|from|for|with|by)|['’]s)\s*$")

# Pairs of marks: a curly opener and its closer, or a straight mark (the doubled apostrophe too) closing itself.
_PAIRS = (("“", "”"), ("\"", "\""), ("''", "''"))
CLOSES_AFTER = re.compile(rf"[,.!?]?\s*{_CLOSE_MARK}")
_ANY_MARK = re.compile(r"[\"“”«»„]|''|``")
_OPENS_QUOTE = re.compile(rf"{_OPEN_MARK}\s*$")
_WHOLE_QUOTE = re.compile(rf"\s*{_OPEN_MARK}.+{_CLOSE_MARK}?\s*", re.S)
_QUOTED = re.compile(rf"{_OPEN_MARK}({_INNER}{{3,}}){_CLOSE_MARK}")

# A closing "?" or "!" stays inside the quotation, as PolNeAR marks it (see attributions._KEPT_AT_END).
_QUOTE_BEFORE = re.compile(rf"{_OPEN_MARK}({_INNER}{{3,}}?)[,.]?{_CLOSE_MARK}[ \t]*$")
_QUOTE_AFTER = re.compile(rf"[ \t]*[,:][ \t]*{_OPEN_MARK}({_INNER}{{3,}}?)[,.]?{_CLOSE_MARK}")

# A cue followed by a colon ("The New York Times reports:", "He said on Friday:") and what it introduces,
# a quotation or the rest of the line, often in the next paragraph.
_COLON_AFTER = re.compile(r"[^\S\n]*[^.!?:\n\"“”]{0,30}?[^\S\n]*:\s*(?:[\"“]|'')?(?P<said>[^\"“”\n]{3,3000})")


def opens_quote(sentence: str, quoting: bool) -> bool:
    """Whether a quotation is still open after ``sentence``, its marks read in order: an opening mark
    opens, a closing one closes, a straight one does whichever is due (papers mix them: “... FBI,")."""
    for mark in _ANY_MARK.findall(sentence):
        quoting = mark in OPENERS or (mark not in CLOSERS and not quoting)
    return quoting


def quoted(text: str, start: int, end: int) -> bool:
    """A direct quotation: the content opens right after a quotation mark, or is one."""
    return bool(_OPENS_QUOTE.search(text, max(0, start - 3), start)) or bool(_WHOLE_QUOTE.fullmatch(text[start:end]))


def quotation_in_sentence(token: Any, sent: Any, offset: int) -> Span | None:
    """The quoted words beside a cue that has no reported clause: “…,” she said."""
    text = doc_text(sent.doc)
    m = _QUOTED.search(text[sent.start_char:sent.end_char])
    if m is None:
        return None
    start, end = sent.start_char + m.start(1), sent.start_char + m.end(1)
    inner = text[start:end].rstrip(" ,.")
    return Span(inner, start + offset, start + len(inner) + offset)


def adjacent_quotation(token: Any, subject: Any, offset: int) -> Span | None:
    """A quotation right before the speaker ("Probably not," Ms. Vane said.) or right after the cue
    (Trump said, "When people come back ..."), when the parse put it in a sentence of its own."""
    text = doc_text(token.doc)
    first = min(subject.left_edge.idx, token.idx)
    found: re.Match[str] | None = _QUOTE_BEFORE.search(text, max(0, first - 3_000), first)
    if found is None:
        last = max(token.idx + len(token.text), subject.right_edge.idx + len(subject.right_edge.text))
        found = _QUOTE_AFTER.match(text, last)
    if found is None:
        return None
    inner = found.group(1).rstrip(" ,.")
    start = found.start(1)
    return Span(inner, start + offset, start + len(inner) + offset)


def after_colon(token: Any, offset: int) -> Span | None:
    whole: str | None = token.doc.user_data.get("newstrace_whole")
    if whole is None:
        return None
    found = _COLON_AFTER.match(whole, token.idx + len(token.text) + offset)
    if found is None:
        return None
    said = found.group("said").rstrip(" ,.'")
    start = found.start("said")
    return Span(said, start, start + len(said)) if len(said) >= 3 else None


def whole_quotation(text: str, content: Span, offset: int, cue: Span) -> Span:
    """A quotation that runs over several sentences is reported whole, up to its closing mark."""
    start = content.start - offset
    marks = list(_OPENING.finditer(text, max(0, start - 5), start + 2))
    if not marks or not start - 3 <= marks[-1].end() <= start + 1:
        return content
    opening = marks[-1].end()
    found = _CLOSING.search(text, max(start, opening))
    closing = found.start() if found else -1
    if closing < 0 or closing - opening > 3_000 or opening < cue.start - offset < closing:
        return content
    inner = text[opening:closing].rstrip(" ,.")
    return Span(inner, opening + offset, opening + len(inner) + offset)


def continued(text: str, content: Span, offset: int, cue: Span) -> Span:
    """A quotation broken by its cue ("It hurts," she said. "We will rebuild.") is reported as one span,
    from its first word to its last, the way PolNeAR marks it."""
    end = content.end - offset
    m = _RESUMES.match(text, end)
    if m is None or not (m.start(1) <= cue.start - offset and cue.end - offset <= m.end(1) + 1):
        return content
    after = text[cue.end - offset:m.end(1)].lower()
    before_quote = text[cue.end - offset:m.start(2)]  # with the stop the resuming quotation may follow
    if any(w.group(1) in cues().forms and not _SENTENCE_ENDS.search(before_quote, w.end())
           for w in re.finditer(r"(?:^|,)\W*(?:and\s+)?(?:(?:he|she|they|we|i)\s+)?([a-z]+)", after)):
        # "..., the mayor said, adding that ..." or "... said. The storm, she added, ...": the next quotation
        # has a cue of its own (a cue word deeper in an aside, "a lawyer who has been challenging the
        # industry", does not count, nor one whose aside ends in a full stop before the quotation resumes)
        return content
    if _BEFORE_TITLE.search(text[cue.end - offset:m.start(2)].rstrip(" \"“«„'`")):
        return content  # 'said on KRW's "Harbour Today"': a title, not the quotation going on
    tail = re.split(r"[.!?\n]", text[m.end():m.end() + 80], maxsplit=1)[0].lower()
    if any(w in cues().forms for w in re.findall(r"[a-z]+", tail)[:4]):
        return content  # '"It will take years," she added': the next quotation is the next cue's
    stop = m.end(2)
    inner = text[content.start - offset:stop].rstrip(" ,.")
    return Span(inner, content.start, content.start + len(inner))


def opened_earlier(text: str, content: Span) -> Span:
    """A quotation of several sentences before its cue ("This is a waste of money. It's ruining the
    harbour," she said) is reported from its opening mark, which may lie outside the parsed sentence."""
    if not CLOSES_AFTER.match(text, content.end) or _OPENS_QUOTE.search(text, max(0, content.start - 3),
                                                                          content.start):
        return content
    before = text[max(0, content.start - 3_000):content.start]
    marks = list(_ANY_MARK.finditer(before))
    mark = marks[-1] if marks else None
    if mark is None or not _OPENING.fullmatch(mark.group(0)) or "\n" in before[mark.end():]:
        return content
    if mark.group(0) in ('"', "''") and before[:mark.start()].count(mark.group(0)) % 2:
        return content  # a mark that opens and closes alike, here closing an earlier quotation
    start = content.start - len(before) + mark.end()
    return Span(text[start:content.end], start, content.end)


def inside_quotation(text: str, at: int) -> bool:
    """Whether ``at`` lies inside a quotation opened earlier in its paragraph: a statement someone quotes
    ("Then, he said, 'If we don't ...'", inside another's words) is part of that quotation, and
    PolNeAR does not mark it as one of its own."""
    return opens_quote(text[text.rfind("\n", 0, at) + 1:at], False)


def through_open_quotation(text: str, content: Span) -> Span:
    """A reported clause that opens a quotation runs on to where the quotation closes, in its paragraph:
    'that "turnout will decide it. We are ready."' (PolNeAR train's first 400 files: 32 such ends to 5)."""
    inner = content.text
    for opener, closer in _PAIRS:
        opened = inner.count(opener) - inner.count(closer) if opener != closer else inner.count(opener) % 2
        if opened == 1 and text.startswith(closer, content.end):
            end = content.end + len(closer)  # 'are “actively advancing”': the mark that closes it goes with it
            return Span(text[content.start:end], content.start, end)
        if opened != 1 or closer in text[content.end:content.end + 3]:
            continue
        paragraph = text.find("\n", content.end)
        close = text.find(closer, content.end, paragraph if paragraph != -1 else len(text))
        if close == -1:
            return content
        end = close
        while end > content.end and text[end - 1] in " ,.;:":
            end -= 1
        return Span(text[content.start:end], content.start, end)
    return content
