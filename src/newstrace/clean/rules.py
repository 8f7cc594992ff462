"""Chrome rules: what page furniture looks like.

Line rules must match a whole line (after trimming bullets, spaces and
trailing punctuation), so a sentence that merely mentions "advertisement"
or "subscribe" is never removed.  Inline rules cut only marker tokens.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Inline markers cut wherever they stand.
AD_SHORTCODE = re.compile(r"\[\s*(?:ad|ads|adv|advert|advertisement|adsense|adsbygoogle|sponsored)(?:[_\- ]?\w{0,12})\s*\]", _I)
PHOTO_PAREN = re.compile(
    r"\((?:[\w .\-]{0,30}\s)?(?:Photo|Photograph|Foto|Graphics|Image)s?\s*(?:by\s+|/)[^()\n]{1,90}\)", _I)
# Starts at the sentence's closing mark, which is given back when the span is cut (a leading
# lookbehind would slow the scan down fourfold).
TRAILING_PICTURE_CREDIT = re.compile(r"[.!?](?P<credit>[ \t](?:Picture|Photo|Image|Foto|Bild|Credit)\s*:\s*[^\n.]{1,40})$", re.M)
# Terminal escape sequences (CSI such as "\x1b[31m", OSC such as "\x1b]0;title\x07", two-byte escapes, their
# one-byte C1 forms) and other control characters.  Characters Python counts as whitespace (tab, the line
# breaks, \x1c-\x1f, \x85) are left to the whitespace tidying, which already turns them into spaces or lines.
_LINE_BREAKS = r"\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    rf"|\x1b\][^\x07\x1b{_LINE_BREAKS}]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    rf"|\x9d[^\x07\x9c{_LINE_BREAKS}]*[\x07\x9c]?"
    r"|[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufeff]+")  # U+FEFF: a byte-order mark left inside joined texts
# A cheap test that a text holds any of them, or a character put in for an undecodable byte.
HAS_CONTROL_OR_REPLACED = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufeff\ufffd]")
REPLACED_BYTES = re.compile("\ufffd+")
DATE_STAMP = re.compile(r"\A[ \t]*date[ \t]+(?P<date>\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*")

# Lines longer than this are article prose, never chrome (teasers and learned boilerplate aside).
MAX_CHROME_WORDS = 40

_SOCIAL = r"(?:facebook|twitter|x|whatsapp|linkedin|e-?mail|telegram|reddit|pinterest|copy\s+link|print|messenger|flipboard|threads|bluesky)"

LINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("link_back", re.compile(
        r"source\s+link|source|original\s+source|view\s+original|continue\s+reading(?:\s+the\s+main\s+story)?"
        r"|read\s+(?:the\s+)?full\s+(?:story|article)(?:\s+here)?|click\s+here\s+to\s+read\s+more"
        r"|read\s+more(?:\s*[:»›>…\-]+.{0,160}|\s+(?:at|on)\s+.{1,60})?|lire\s+la\s+suite|weiterlesen|leer\s+más|fuente"
        r"|en\s+voir\s+plus.{0,80}|mehr\s+(?:lesen|erfahren)", _I)),
    ("comments", re.compile(
        r"comments?(?:\s*\(\d+\))?|\d+\s+comments?|leave\s+a\s+(?:comment|reply)|speak\s+your\s+mind"
        r"|join\s+the\s+(?:conversation|discussion)|(?:post|add|show|view)\s+(?:a\s+)?comments?"
        r"|comments?\s+are\s+closed|kommentare?|comentarios?|commentaires?", _I)),
    ("share_prompt", re.compile(
        rf"share|share\s+(?:this|the)\s*(?:article|story|post|page)?|partager|teilen|compartir|tweet|pin\s+it"
        rf"|share\s+on\s+{_SOCIAL}|follow\s+us(?:\s+on\s+.{{1,40}})?|like\s+us\s+on\s+facebook|mehr\s+folgen"
        rf"|follow\s+.{{1,40}}\s+on\s+(?:twitter|x|facebook|instagram|google\s+news)"
        rf"|{_SOCIAL}(?:\s*[|/·•,]?\s*{_SOCIAL})+", _I)),
    ("advertisement", re.compile(
        r"advertisements?|advert|ad|ads|sponsored(?:\s+content)?|paid\s+content|promoted(?:\s+content)?"
        r"|(?:story|article)\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?(?:ad|advertisement))?"
        r"|scroll\s+(?:down\s+)?to\s+continue(?:\s+with\s+content)?|anzeige|werbung|publicidad|publicité", _I)),
    ("related", re.compile(
        r"most\s+read(?:\s+in\s+.{1,40})?|most\s+popular|related(?:\s+(?:articles|stories|posts|news|coverage|content|links))?"
        r"|related\s*:.{0,160}|more\s+(?:from|on)\s+.{1,40}|more\s+on\s+this\s+story|recommended(?:\s+(?:for\s+you|stories))?"
        r"|you\s+(?:may|might)\s+also\s+like|(?:read|see)\s+also\s*:?.{0,160}|also\s+read\s*:?.{0,160}"
        r"|trending(?:\s+(?:now|stories))?|top\s+stories|auch\s+interessant|lesen\s+sie\s+auch\s*:?.{0,160}"
        r"|mehr\s+zum\s+thema.{0,80}|te\s+puede\s+interesar.{0,160}|(?:à\s+)?lire\s+aussi.{0,160}", _I)),
    ("newsletter", re.compile(
        r"(?:sign\s+up|subscribe)(?:\s+(?:now|today|here))?"
        r"|(?:sign\s+up|subscribe|register)\s+(?:to|for)\s.{0,100}\b(?:newsletters?|updates|alerts|e-?mails?|digest|briefing|inbox)\b.{0,80}"
        r"|subscribe\s+to\s+\S+(?:\s+\S+){0,4}"
        r"|(?:get|receive)\s+.{0,80}\s(?:to|in)\s+your\s+inbox.{0,80}|enter\s+your\s+e-?mail(?:\s+address)?.{0,80}"
        r"|by\s+(?:signing\s+up|subscribing|clicking).{0,160}(?:privacy|terms).{0,80}"
        r"|thank\s+you\s+for\s+(?:signing\s+up|subscribing).{0,80}|we\s+have\s+more\s+newsletters.{0,80}"
        r"|newsletters?", _I)),
    ("cookie_notice", re.compile(
        r"(?:this\s+(?:web)?site|we)\s+uses?\s+cookies.{0,240}|accept\s+(?:all\s+)?cookies|cookie\s+(?:settings|policy|preferences)"
        r"|manage\s+(?:consent|cookies)|by\s+continuing\s+to\s+(?:use|browse)\s+(?:this|our)\s+(?:site|website).{0,200}", _I)),
    ("image_credit", re.compile(
        r"-?\s*(?:main\s+)?(?:photo|photograph|image|picture|pic|foto|fotos|bild|credit|image\s+source|source\s+image)"
        r"(?:\s+credit)?\s*:\s*.{1,120}"
        r"|\(?[\w .\-]{0,30}(?:photo|graphics)s?\s*/.{1,90}\)?|©.{1,100}|getty\s+images|shutterstock|istock", _I)),
    ("reading_time", re.compile(
        r"(?:reading\s+time|lesezeit|tiempo\s+de\s+lectura|temps\s+de\s+lecture)\s*:?\s*\d+\s*\w*|\d+\s*min(?:ute)?s?\s+read", _I)),
    ("agency_tag", re.compile(r"\[[a-z]{2,6}(?:/[a-z]{1,6})+\]|\([a-z]{2,6}(?:/[a-z]{1,6})+\)", _I)),
    ("navigation", re.compile(
        r"latest|home|menu|skip\s+to\s+(?:main\s+)?content|search|log\s?in|sign\s+in|register|back\s+to\s+top"
        r"|next\s+article|previous\s+article|loading\.*|cargando\.*|chargement\.*|watch\s+the\s+video\s+here|article\s+content"
        r"|(?:news\s+)?categor(?:y|ies)\s*:.{0,80}|tags?\s*:.{0,120}|filed\s+under\s*:?.{0,120}", _I)),
]

# Headers that open a block of related headlines; those lines go with the header.
RELATED_HEADER = re.compile(
    r"most\s+read(?:\s+in\s+.{1,40})?|most\s+popular|related(?:\s+(?:articles|stories|posts|news|coverage|links))?"
    r"|more\s+(?:from|on)\s+.{1,40}|recommended(?:\s+(?:for\s+you|stories))?|you\s+(?:may|might)\s+also\s+like"
    r"|trending(?:\s+(?:now|stories))?|top\s+stories|auch\s+interessant|read\s+more|lesen\s+sie\s+auch|(?:à\s+)?lire\s+aussi",
    _I)
RELATED_BLOCK_MAX_LINES = 10
HEADLINE_MAX_WORDS = 16

_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec")
_TIME_WORDS = set((_MONTHS + " monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun "
                   "updated published posted last modified on at am pm gmt utc bst cet cest est edt pst pdt ist jst "
                   "h uhr de del of the").split())


def is_timestamp(line: str) -> bool:
    """A line holding only a date and time ("February 06, 2023 / 11:47 PM IST")."""
    if len(line) > 80 or not re.search(r"\d", line):
        return False
    words = re.findall(r"[^\W\d_]+", line.lower())
    return all(w in _TIME_WORDS for w in words)


def trim(line: str) -> str:
    """The line as rules see it: no bullets, dashes or punctuation around it."""
    return line.strip().strip("-–—•·*|>»›:.…!").strip()
