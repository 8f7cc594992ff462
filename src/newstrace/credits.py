"""Credit lines: republication notices, wire tags, bylines, "Source:" lines and cited outlets.

All spans index into the text given to :func:`find_credits` (``Article.text``).

The parser reads the shapes credits are written in, so an outlet the alias table does not know is found
too and kept as written (tidied by :func:`as_written`: no leading article, quotes or stray punctuation):

- an agency's tag after a dateline, in parentheses or slashes, with the agencies' punctuation ("MADRID,
  3 mar (EFE).-", "MOSCOW, May 2. /TASS/.", "Berlin (dpa) -"), a tag opening a line ("(Reuters) The
  minister said") or signing one off ("... de 2008. (Belga)", "[sid/hm]", "dpa/sh", "... erschwert. – BR");
- a byline naming an outlet ("By JANE DOE, Reuters", "By The Associated Press", "Von dpa", a title line
  "AP Technology Writer" under the byline), or a line of names signed with an agency ("Jane Doe | AP");
- credit lines: "Source: X" (also "SOURCE:X", and a link "READ MORE: https://apnews.com/..."), "avec AFP",
  "mit Material von dpa", "con información de EFE", "information fournie par France 24", "The Associated
  Press contributed to this report", "Copyright 2024 The Associated Press", a line that is only a known
  outlet's name;
- outlets cited with a verb of reporting, in English, French, German, Spanish, Italian, Portuguese, Dutch
  and Indonesian ("according to the BBC", "selon Le Monde", "wie der Spiegel berichtet", "según informó
  El País", "KTLA's Jane Doe reports"), and a second one joined to it ("selon Reuters et la BBC").  A cited
  name the table does not know counts only when it reads as an outlet's: a media noun stands before it ("the
  newspaper X", "la agencia X") or a word of its name is one (News, Zeitung, Diario).

Not every outlet a text names is one it credits.  A cited outlet is the page's credit only in the page's opening
paragraphs (past them, only when it opens a sentence of the page's own before a verb of publishing, "The Karrow
Courier reported that ...": a credit of kind "attributed", the source of a fact rather than of the text), when no
credit line of the page names another outlet ("TASS reported" in AFP copy is AFP's source, not the page's), when it
is not passing on an authority ("TASS reported, citing the emergencies ministry") or described as a state's voice
("said national broadcaster NHK"; "according to state news agency TASS" names it the source), and when it is not
credited for pictures ("photos published by the newspaper X").  A tag signing off a paragraph is dropped on a page
whose credit lines name another outlet: it is a photo caption's ("... in Adana. (AFP)").

Speed matters here (every article passes through), so the text is scanned once for cue words with an
Aho-Corasick automaton, line shapes are tested on the lines that can hold them, and patterns avoid
IGNORECASE, which made these scans about three times slower.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

import ahocorasick
import tldextract
from babel import Locale

from newstrace.model import Credit
from newstrace.outlets import LEADING_ARTICLES, Match, OutletTable, default_table

# Characters that end a name when reading a phrase after a cue ("reports The Sun, on Monday").
_STOP = r"\n.,;:!?()\[\]\"“”«»„"
_STOP_RE = re.compile(r"[" + _STOP + r"]")
_LEADING_ARTICLES = LEADING_ARTICLES | {"des", "dem", "a"}
_MAX_NAME_WORDS = 6
_WINDOW = 80
_LEDE_PARAGRAPHS = 3  # a page credits its source in its opening; outlets cited further down are its text's sources
_PARAGRAPH_WORDS = 12  # a line of more words than this is a paragraph of the text, not a title or chrome
_CREDIT_KINDS = frozenset({"republication", "source", "wire"})


def find_credits(text: str, table: OutletTable | None = None) -> list[Credit]:
    """Every credit in ``text``, in order of position, without overlapping repeats."""
    return [credit for credit, _rule in credits_by_rule(text, table)]


def credits_by_rule(text: str, table: OutletTable | None = None,
                    rules: Container[str] | None = None) -> list[tuple[Credit, str]]:
    """:func:`find_credits` with the rule that found each credit ("opening_tag", "cited_before:selon",
    "closing_tag:sign_off": a shape, and after a colon its variant or cue word), using only ``rules`` when
    given, by shape or by full name: the benchmark counts what each rule does and cross-validates which to keep."""
    table = table or default_table()
    page = _Page.read(text)
    found = _Found(allowed=rules)
    for finder in (_republications, _wires, _line_shapes, _credit_phrases, _datelines, _source_lines, _link_backs,
                   _linked_sources, _cues):
        finder(page, table, found)
    # Outlets the page credits in a line of its own.  A byline naming an outlet the table does not know may
    # be the page's own newsroom's, and keeps no other outlet out.
    credited: set[str | None] = {c.outlet for c in found.lines if c.outlet and c.kind in _CREDIT_KINDS}
    credited |= {c.outlet for c in found.bylines if c.outlet and c.score > 0}
    closing = [c for c in found.closing if not credited - {c.outlet}]
    credited |= {c.outlet for c in closing}
    cited = _credited_citations(page, found, credited)
    credits = sorted([*found.lines, *found.bylines, *closing, *cited], key=lambda c: (c.start, c.kind))
    return [(credit, found.rules[id(credit)]) for credit in credits]


# --- the page and what was found on it ---------------------------------------------------------------

@dataclass(slots=True)
class _Page:
    """The text, its lines with their offsets, and what one Aho-Corasick pass found: where cues may start and
    which trigger words occur."""

    text: str
    lines: list[tuple[int, str]]
    cue_starts: list[int]
    phrase_starts: list[int]
    words: frozenset[str]

    @classmethod
    def read(cls, text: str) -> _Page:
        cues: set[int] = set()
        phrases: set[int] = set()
        words: set[str] = set()
        for end, (word, family) in _automaton().iter(text):
            words.add(word)
            if family == _CUE_FAMILY:
                cues.add(end - len(word) + 1)
            elif family == _PHRASE_FAMILY:
                phrases.add(end - len(word) + 1)
        lines, pos = [], 0
        for line in text.split("\n"):
            lines.append((pos, line))
            pos += len(line) + 1
        return cls(text, lines, sorted(cues), sorted(phrases), frozenset(words))


@dataclass(slots=True)
class _Found:
    """Credits by how much they say: credit lines, bylines, tags signing a paragraph off, outlets cited."""

    lines: list[Credit] = field(default_factory=list)
    bylines: list[Credit] = field(default_factory=list)
    closing: list[Credit] = field(default_factory=list)
    cited: list[Credit] = field(default_factory=list)
    allowed: Container[str] | None = None  # the rules in use ("cited_before:selon", or its shape "cited_before")
    rules: dict[int, str] = field(default_factory=dict)  # id of a credit -> the rule that found it

    def allows(self, rule: str) -> bool:
        return self.allowed is None or rule in self.allowed or rule.split(":", 1)[0] in self.allowed

    def add(self, credit: Credit | None, group: list[Credit] | None = None, *, rule: str) -> None:
        if credit is None or not self.allows(rule):
            return
        if any(_same(credit, other) for other in (*self.lines, *self.bylines, *self.closing, *self.cited)):
            return
        (self.lines if group is None else group).append(credit)
        self.rules[id(credit)] = rule


def _same(a: Credit, b: Credit) -> bool:
    overlap = a.start < b.end and b.start < a.end
    return overlap and (a.outlet == b.outlet or a.kind == b.kind == "link_back" or "dateline" in (a.kind, b.kind))


def _credit(kind: str, text: str, start: int, end: int, name: str | None, match: Match | None) -> Credit:
    """A credit; an outlet that the table does not know is kept as written."""
    outlet = match.outlet if match else (as_written(name) if name else None)
    return Credit(outlet=outlet or None, kind=kind, text=text[start:end], start=start, end=end, name=name,
                  fuzzy=bool(match and match.fuzzy), score=match.score if match else 0.0)


def as_written(name: str) -> str:
    """An outlet's name as written, tidied: no quotes, stray punctuation, doubled spaces or leading article."""
    name = name.strip(" \t\n.,;:!?-–—'’\"“”„«»‹›()[]")
    words = name.split()
    while len(words) > 1 and words[0].lower().strip("'’") in LEADING_ARTICLES:
        words = words[1:]
    if words and words[0][:2].lower() in {"l'", "l’"} and len(words[0]) > 2:
        words[0] = words[0][2:]
    return " ".join(words)


# --- what an outlet's name looks like ---------------------------------------------------------------

# A word of a name that makes it an outlet's when the table does not know the name ("Karrow Courier",
# "Hamburger Abendblatt": the word, or the end of a longer one).
_OUTLET_WORDS = frozenset({
    "news", "press", "presse", "prensa", "stampa", "imprensa", "nachrichtenagentur", "wire", "newswire", "times",
    "post", "journal", "herald", "tribune", "telegraph", "gazette", "gazzetta", "gazeta", "courier", "courrier",
    "corriere", "kurier", "zeitung", "tageblatt", "rundschau", "nachrichten", "noticias", "notícias", "notizie",
    "nieuws", "diario", "diário", "daily", "weekly", "express", "mirror", "observer", "chronicle", "examiner",
    "magazine", "magazin", "radio", "tv", "television", "televisión", "télévision", "televisão", "fernsehen",
    "broadcasting", "media", "médias", "medien", "online", "shimbun", "ilbo", "inquirer", "dispatch", "periódico",
    "quotidien", "quotidiano", "krant", "dagblad", "nieuwsblad", "abendblatt", "tagblatt", "wochenblatt", "anzeiger",
    "morgenpost",
})
_OUTLET_ENDINGS = ("news", "wire", "zeitung", "blatt", "nachrichten", "presse", "tv", "post", "kurier", "anzeiger")
_DOMAIN = re.compile(r"\w\.(?:com|net|org|info|news|co|de|fr|es|it|id|in|jp|uk|nl|at|ch|mx|ar|br)\b", re.IGNORECASE)
# Names that are no outlet's: editorial labels, newsrooms, agencies in general, social networks.
_NOT_OUTLETS = frozenset({
    "video", "videos", "vídeo", "photo", "photos", "foto", "fotos", "bild", "bilder", "image", "images", "picture",
    "pictures", "graphic", "graphics", "infographic", "file", "files", "archive", "archives", "archivo", "update",
    "updated", "updates", "lead", "urgent", "breaking", "watch", "live", "en vivo", "en direct", "direct", "exclusive",
    "opinion", "analysis", "editorial", "audio", "corrected", "correction", "refile", "interview", "sponsored",
    "advertisement", "ad", "anzeige", "werbung", "publicité", "publicidad", "podcast", "explainer", "feature",
    "staff", "newsroom", "redacción", "redaktion", "rédaction", "redazione", "redação", "redactie", "agencies",
    "agencias", "agences", "agenturen", "wires", "en", "english", "telegram", "youtube", "twitter", "x", "facebook",
    "instagram", "tiktok", "whatsapp", "vk", "vkontakte", "weibo", "wechat", "threads", "reddit", "linkedin", "truth",
    "sic", "ndlr", "ndr", "ndt", "nda", "left", "right", "center", "centre", "top", "bottom", "above", "below",
    "pictured", "links", "rechts", "mitte", "gauche", "droite", "izquierda", "derecha", "sinistra", "destra",
    "esquerda", "direita",
})
# Words of a photo or video credit: "(AP Photo/Jane Roe)", "(PA Graphics/PA)", "Source: JANE ROE / Getty".
_PHOTO_WORDS = frozenset({"photo", "photos", "foto", "fotos", "image", "images", "picture", "bild", "graphics",
                          "getty", "file", "files", "archive", "archivo", "video"})
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}(?:-[A-Z]{1,5})?")
_INITIALS = re.compile(r"[a-z][A-Za-z]{0,3}")  # an editor's, after an agency's tag: "(dpa/lno)", "(dpa/jW)"


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """Two-letter country codes (CLDR through babel) and the usual others: "(US)" is a place, not an agency."""
    codes = {code for code in Locale("en").territories if isinstance(code, str) and code.isalpha() and len(code) == 2}
    return frozenset(codes | {"UK", "USA", "UAE", "EU", "UN"})


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Names of countries and regions in the languages of the data (CLDR through babel), lower-cased: a tag
    "(Argentina)" after a city names its country, not an agency."""
    names = {str(name).lower() for lang in ("en", "fr", "de", "es", "it", "pt", "nl")
             for name in Locale(lang).territories.values()}
    return frozenset(names)


def _lone_name(name: str) -> bool:
    """One capitalised word that may be an agency's name when a tag's position says it is one ("(Belga)",
    "(Lusitania)"): not a country's, not an editorial label, no digits."""
    return (name[:1].isupper() and name.isalpha() and len(name) > 2 and name.lower() not in _NOT_OUTLETS
            and name.lower() not in _place_names())


def _outlet_like(name: str) -> bool:
    """A name the table does not know reads as an outlet's: a word of it is an outlet word, or it is a domain."""
    if _DOMAIN.search(name):
        return True
    for word in re.split(r"[\s\-]+", name.lower().strip(" .,'’\"“”„«»")):
        if word in _NOT_OUTLETS:
            return False
        if word in _OUTLET_WORDS or (len(word) > 5 and word.endswith(_OUTLET_ENDINGS)):
            return True
    return False


def _outlet_word(word: str) -> bool:
    """Whether one word may make a name an outlet's: a quick test before :func:`_outlet_like`."""
    lower = word.lower().strip(" .,'’\"“”„«»")
    return lower in _OUTLET_WORDS or lower.endswith(_OUTLET_ENDINGS) or "." in lower or "-" in lower


def _agency_like(name: str, places: bool = True) -> bool:
    """A tag's name that reads as an agency's: an acronym ("EFE", "KNA"), not a country's where a place may
    stand, or an outlet's name."""
    if name.lower() in _NOT_OUTLETS:
        return False
    if _ACRONYM.fullmatch(name):
        return not places or name not in _country_codes()
    return name[:1].isupper() and _outlet_like(name)


def _photo_words(text: str) -> bool:
    return any(word in _PHOTO_WORDS for word in re.findall(r"\w+", text.lower()))


# --- the one scan for cue words ------------------------------------------------------------------------

_CUE_FAMILY, _PHRASE_FAMILY, _TRIGGER_FAMILY = 1, 2, 3

# One pass finds every cue; the group says where the outlet's name stands.
_BEFORE = (r"reported\s+by|[Aa]s\s+reported\s+by|[Aa]ccording\s+to|told|citing|cited\s+by|quoted\s+by|obtained\s+by|"
           r"spoke\s+to|interview\s+with|[Ss]elon\s+des\s+informations\s+d(?:e|u|es)|[Ss]elon|[Dd]['’]après|"
           r"rapporté\s+par|[Ss]egún\s+(?:informó|informa|publicó|publica|reportó|reporta|indicó|señaló|difundió)|"
           r"[Ss]egún|[Dd]e\s+acuerdo\s+con|[Cc]itad[oa]\s+por|[Ii]nformó|[Pp]ublicó|[Rr]eportó|[Ll]aut|"
           r"[Nn]ach\s+(?:Angaben|Informationen|Berichten)\s+(?:der|des|von|vom)|[Uu]nter\s+Berufung\s+auf|"
           r"[Ss]econdo|[Ss]tando\s+a|riportato\s+da|[Ss]egundo|[Dd]e\s+acordo\s+com|[Cc]onforme|"
           r"[Vv]olgens|gemeld\s+door|gegenüber|a\s+(?:déclaré|dit|confié|expliqué)\s+à|(?:dijo|declaró|explicó)\s+a|"
           r"en\s+declaraciones\s+a|ha\s+detto\s+a|disse\s+(?:à|ao|a)|[Mm]enurut|[Dd]ilansir(?:\s+dari)?|[Mm]elansir|"
           r"[Mm]engutip|[Dd]ikutip\s+dari")
_EITHER = (r"reports|writes|wrote|meldet|meldete|berichtet|berichtete|schreibt|schrieb|informa|publica|reporta|"
           r"rapporte|écrit|indique|riporta|riferisce|scrive|informou|noticiou|relatou|divulgou|meldt|meldde|"
           r"schrijft|schreef|bericht|berichtte|aldus")
_AFTER = (r"reported|said|says|gemeldet|zufolge|a\s+rapporté|a\s+indiqué|a\s+écrit|ha\s+informado|ha\s+publicado|"
          r"ha\s+riferito|ha\s+scritto|ha\s+riportato|heeft\s+gemeld")
_MEDIA = (r"broadcaster|newspaper|daily|tabloid|news\s+agency|wire\s+service|news\s+outlet|outlet|channel|network|"
          r"magazine|news\s+site|website|Nachrichtenagentur|Agentur|Zeitung|Tageszeitung|Boulevardzeitung|"
          r"Wochenzeitung|Sender|Fernsehsender|Nachrichtenmagazin|Magazin|agencia\s+de\s+noticias|agencia|diario|"
          r"periódico|cadena|televisora|emisora|agence\s+de\s+presse|agence|quotidien|hebdomadaire|chaîne|"
          r"agenzia\s+di\s+stampa|agenzia|quotidiano|giornale|emittente|agência\s+de\s+notícias|agência|jornal|"
          r"emissora|persbureau|krant|dagblad|omroep|zender|laman|situs|kantor\s+berita")
_CUE = re.compile(
    rf"(?<![\w])(?:(?P<before>{_BEFORE})|(?P<either>{_EITHER})|(?P<after>{_AFTER})|(?P<media>{_MEDIA})|(?P<via>via))"
    r"(?![\w])"
)
_MEDIA_RE = re.compile(_MEDIA)
# Literal openings of every cue.  The automaton finds them all in one pass, and _CUE then only confirms a
# match where one was found: measured at 41 us for a 600-word article, against 146 us for scanning the
# whole text with _CUE (benchmarks/ingest_throughput.py).
_CUE_OPENINGS = (
    "reported", "As ", "as ", "According", "according", "told", "citing", "cited", "quoted", "obtained", "spoke",
    "interview", "Selon", "selon", "D'après", "d'après", "D’après", "d’après", "rapporté", "Según", "según",
    "De acuerdo", "de acuerdo", "Citad", "citad", "Informó", "informó", "Publicó", "publicó", "Reportó", "reportó",
    "Laut", "laut", "Nach ", "nach ", "Unter Berufung", "unter Berufung", "Secondo", "secondo", "Stando", "stando",
    "riportato", "Segundo", "segundo", "De acordo", "de acordo", "Conforme", "conforme", "Volgens", "volgens",
    "gemeld", "gegenüber", "a déclaré", "a dit", "a confié", "a expliqué", "dijo", "declaró", "explicó",
    "en declaraciones", "ha detto", "disse", "Menurut", "menurut", "Dilansir", "dilansir", "Melansir", "melansir",
    "Mengutip", "mengutip", "Dikutip", "dikutip", "reports", "writes", "wrote", "meldet", "berichte", "schreibt",
    "schrieb", "informa", "publica", "reporta", "rapporte", "écrit", "indique", "riporta", "riferisce", "scrive",
    "informou", "noticiou", "relatou", "divulgou", "meldt", "meldde", "schrijft", "schreef", "bericht", "aldus",
    "said", "says", "gemeldet", "zufolge", "a rapporté", "a indiqué", "a écrit", "ha informado", "ha publicado",
    "ha riferito", "ha scritto", "ha riportato", "heeft gemeld", "broadcaster", "newspaper", "daily", "tabloid",
    "news", "wire", "outlet", "channel", "network", "magazine", "website", "Nachrichtenagentur", "Agentur", "Zeitung",
    "Tageszeitung", "Boulevardzeitung", "Wochenzeitung", "Sender", "Fernsehsender", "Nachrichtenmagazin", "Magazin",
    "agencia", "diario", "periódico", "cadena", "televisora", "emisora", "agence", "quotidien", "hebdomadaire",
    "chaîne", "agenzia", "quotidiano", "giornale", "emittente", "agência", "jornal", "emissora", "persbureau",
    "krant", "dagblad", "omroep", "zender", "laman", "situs", "kantor berita", "via",
)
# Literal openings of the credit phrases ("avec AFP", "mit Material von dpa", "provided by France 24").
_PHRASE_OPENINGS = (
    "Mit ", "mit ", "Con ", "con ", "Com ", "com ", "With ", "with ", "Additional", "additional", "Reporting",
    "reporting", "Information from", "information from", "Material from", "material from", "Avec ", "avec ", "AVEC ",
    "Content ", "Contenu ", "contenu ", "Information ", "information ", "Article ", "Vidéo ", "vidéo ", "Provided by",
    "provided by", "fourni", "Bereitgestellt", "bereitgestellt", "Proporcionad", "proporcionad", "Fornit", "fornit",
)
# Words one of which a text must hold before a pattern is worth running over it.
_REPUBLICATION_WORDS = frozenset({"ppeared", "ublished", "eproduced", "eprinted", "ran "})
_SOURCE_WORDS = frozenset({"ource", "OURCE", "uente", "UENTE", "uelle", "UELLE", "Bron", "BRON", "Fonte", "FONTE",
                           "Link to"})
_VIA_WORDS = frozenset({"via", "Via"})
_CREDIT_LINE_WORDS = frozenset({"contributed", "opyright", "OPYRIGHT", "©", "(c)", "(C)"})


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word in _REPUBLICATION_WORDS | _SOURCE_WORDS | _VIA_WORDS | _CREDIT_LINE_WORDS:
        automaton.add_word(word, (word, _TRIGGER_FAMILY))
    for opening in _PHRASE_OPENINGS:
        automaton.add_word(opening, (opening, _PHRASE_FAMILY))
    for opening in _CUE_OPENINGS:  # added last: "via" is a trigger and a cue, "with " a phrase and a cue
        automaton.add_word(opening, (opening, _CUE_FAMILY))
    automaton.make_automaton()
    return automaton


# --- republication notices ------------------------------------------------------------------------------

_REPUBLICATION = re.compile(
    r"(?:(?:This|The)\s+(?:story|article|piece|report|post|content)\s+(?:is\s+republished|"
    r"(?:(?:first|originally)\s+)?(?:appeared|was\s+(?:first\s+|originally\s+)?published|ran))\s+(?:in|on|at|by|from)\s+"
    r"|(?:Republished|Reproduced|Reprinted)\s+(?:here\s+)?(?:with\s+(?:kind\s+)?permission\s+)?(?:from|of)\s+"
    r"|Originally\s+(?:published|appeared)\s+(?:in|on|at|by)\s+)"
    r"(?P<name>[^\n.;]{1,80}?)"
    r"(?=\s+(?:and|under)\s+(?:is|has\s+been|was|a)\b|\s*[.;\n]|\s*$)",
)


def _republications(page: _Page, table: OutletTable, found: _Found) -> None:
    if not page.words & _REPUBLICATION_WORDS:
        return
    for m in _REPUBLICATION.finditer(page.text):
        name = _strip_article(m.group("name").strip())
        found.add(_credit("republication", page.text, m.start(), _sentence_end(page.text, m.end()), name,
                          table.resolve(name)), rule="republication")


# --- known wire agencies ---------------------------------------------------------------------------------

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


def _wires(page: _Page, table: OutletTable, found: _Found) -> None:
    dateline, line_pattern = _wire_patterns(table.wire_alternation())
    for m in dateline.finditer(page.text):
        found.add(_wire(page.text, m, 0, table), rule="known_wire_tag")
    for pos, line in page.lines:
        stamp = _STAMP.match(line)
        skip = stamp.end() if stamp else 0  # " date 2023-05-01 AP": the collection's date, then the agency
        if _might_hold_wire(line[skip:], table):
            for m in line_pattern.finditer(line[skip:]):
                found.add(_wire(page.text, m, pos + skip, table), rule="known_wire_line")


_STAMP = re.compile(r"[ \t]*date[ \t]+\d{4}(?:-\d\d){0,2}[ \t]+")  # the date a page collection puts first


def _might_hold_wire(line: str, table: OutletTable) -> bool:
    """Cheap test before the line pattern: a wire name must open or close the line."""
    head = line[:_EDGE].split(None, 2)[:2]
    if not head:
        return False
    first = head[0]
    if len(first) % 2 == 0 and first[:len(first) // 2] == first[len(first) // 2:]:
        first = first[:len(first) // 2]  # a logo's text twice: "ReutersReuters"
    if not table.wire_firsts.isdisjoint(_EDGE_SPLIT.split(first)) or not table.wire_firsts.isdisjoint(head[1:]):
        return True  # "Reuters", "- Associated Press", "The Associated Press"
    if not table.wire_lasts.isdisjoint(_EDGE_SPLIT.split(line[-_EDGE:].rsplit(None, 1)[-1])):
        return True  # "parliament. -AP"
    return not table.wire_words.isdisjoint(_GLUED_TAG.findall(line, max(0, len(line) - _TAIL)))


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


# --- shapes of a line: tags, bylines, signatures, an outlet's name alone ---------------------------------

_TAG_NAME = r"[A-Za-zÀ-ÿ][\w&'’.+\-]*(?:(?: |[ \t]?/[ \t]?)[A-Za-zÀ-ÿ][\w&'’.+\-]*){0,3}"
_PLACE = (r"[A-ZÀ-Þ][\w'’.\-]*(?:[ \t]+(?:(?:de|del|la|am|an|der|el|upon|on|sur|en|di|da|do|dos|das|im)[ \t]+)?"
          r"[A-ZÀ-Þ][\w'’.\-]*){0,3}")
# "MADRID, 3 mar (EFE).-", "MOSCOW, May 2. /TASS/.", "Berlin (dpa) -", "(Reuters) The minister said": a tag in
# parentheses or slashes after a place (and a region or a date), or opening the line, then the text.
_OPENING_TAG = re.compile(
    rf"[ \t]*(?:date[ \t]+\S+[ \t]+)?(?:{_PLACE}(?:[ \t]*,[ \t]*[^,()\n]{{1,30}}?){{0,3}}[ \t]*)?"
    rf"(?:\((?P<paren>{_TAG_NAME})\)|/[ \t]?(?P<slash>{_TAG_NAME})[ \t]?/)"
    r"[ \t]*(?:\.?[ \t]*(?:--|[-—–])|:|\.|,)?[ \t]*(?=[A-ZÀ-Þ0-9\"“«„'‘¿¡]|$)")
# "JAKARTA, KOMPAS.com -", "Jakarta, CNN Indonesia --": the outlet after the place, without brackets.
_OUTLET_DATELINE = re.compile(rf"[ \t]*(?:date[ \t]+\S+[ \t]+)?{_PLACE}[ \t]*,[ \t]*(?P<name>[A-Z][\w&'’.\-]*(?:[ \t]+"
                              r"[A-Z][\w&'’.\-]*){0,3})[ \t]*(?:--|[-—–])[ \t]+(?=[A-ZÀ-Þ\"“])")
# "【ワシントン共同】", "（共同）": Japanese agencies' tags, in full-width brackets.
_JAPANESE_TAG = re.compile(r"【[^】\n]{0,12}?[＝=]?(?P<name>共同|時事|ロイター|AFP時事|AFP|AP|新華社|聯合)】|"
                           r"（(?P<alone>共同|時事|ロイター|AFP時事|AFP|AP|新華社|聯合)）")
# A tag signing a paragraph off: "... de 2008. (Belga)", "[sid/hm]", "(dpa/lno)", "dpa/sh" alone on its line,
# "... erschwert. – BR".
_CLOSING_TAG = re.compile(rf"(?:^[ \t]*|[.!?\"”»)][ \t]+)\((?P<paren>{_TAG_NAME})\)[ \t]*$|"
                          rf"(?:^|[.!?\"”»)])[ \t]*\[(?P<bracket>{_TAG_NAME})\][ \t]*$")
_INITIALLED = re.compile(r"[ \t]*(?P<name>[A-Za-z]{2,12}(?:[ \t]?/[ \t]?[A-Za-z]{1,12}){1,3})[ \t]*$")
_SIGN_OFF = re.compile(r"[.!?\"”»][ \t]+[-–—][ \t]?(?P<name>[A-Z][A-Z&]{1,7})[ \t]*$")
# "... he added.PTI KSU GMS": an agency's acronym glued to the last sentence, then two or more editors' initials.
_GLUED_SIGN_OFF = re.compile(r"[.!?\"”](?P<name>[A-Z]{2,6})(?:[ \t]+[A-Z]{2,4}){2,}\.?[ \t]*$")
# "/ATS" alone on a line: a tag in slashes signing the text off.
_SLASH_TAG = re.compile(r"[ \t]*/[ \t]?(?P<name>[A-Za-z][\w\-]{1,11})[ \t]?/?[ \t]*")
# A tag in lower case is an agency's ("(dpa-AFX)", "(kna)"): places and regions are capitalised.
_LOWER_TAG = re.compile(r"[a-z]{3,5}(?:-[A-Za-z]{2,6})?")
_DASH_AFTER = re.compile(r"[ \t]*\.?[ \t]*(?:--|[-—–])")
_TAG_SPLIT = re.compile(r"[ \t]*[/+][ \t]*")

# "By JANE DOE, Associated Press", "By The Associated Press", "Por EFE", "Von Jane Doe, dpa": a line opening
# with the byline word; the outlet is the part that names one.
_BYLINE = re.compile(r"[ \t]*(?:(?:Story|Written|Text|Texto|Texte|Words|Provided)[ \t]+by|By|BY|by|Por|POR|Par|PAR|"
                     r"Von|VON|Door)(?:[ \t]*:)?[ \t]+(?P<rest>[^\n]{2,120}?)[ \t]*$")
_BYLINE_OPENINGS = ("Story", "Written", "Text", "Words", "Provided", "By", "BY", "by", "Por", "POR", "Par", "PAR",
                    "Von", "VON", "Door")
_BYLINE_SPLIT = re.compile(r"[ \t]*(?:[,|•·/;]|[ \t][-–—][ \t]|[ \t](?:for|para|pour|für|and|y|und|et|with|avec|con|"
                           r"mit)[ \t])[ \t]*")
_BYLINE_TAIL = re.compile(r"(?:[ \t]+(?:[Ss]taff(?:[ \t]+[Ww]riters?)?|[Nn]ewsroom|[Rr]eporters?|[Cc]orrespondents?|"
                          r"[Dd]esk|[Ee]ditors?|[Rr]edacción|[Rr]edaktion|[Rr]édaction|[Ww]ire))+$")
_BYLINE_MAX_WORDS = 14
# The line under a byline: the writer's outlet and title ("AP Technology Writer", "Reuters correspondent").
_TITLE_LINE = re.compile(r"[ \t]*(?P<name>[A-Z][\w&'’.\-]*(?:[ \t]+[A-Z][\w&'’.\-]*){0,3}?)"
                         r"(?:[ \t]+[A-Z]?[a-z]+){0,2}[ \t]+(?:[Ww]riter|[Cc]orrespondent|[Rr]eporter|[Ee]ditor|"
                         r"[Pp]roducer|[Jj]ournalist|[Ss]taff)[ \t]*$")
# "Jane Doe, Reuters", "JANE DOE and JOHN ROE | AP": a short line of names signed with an agency, no "By".
_SIGNED_LINE = re.compile(r"[ \t]*(?:[A-ZÀ-Þ][\w'’.\-]*[ \t]+){1,3}(?:(?:and|&|und|y|et|,)[ \t]*(?:[A-ZÀ-Þ][\w'’.\-]*"
                          r"[ \t]*){1,3})*(?:,|\||/|–|—|-)[ \t]*(?P<name>[A-Za-z][\w .'’\-]{1,40}?)[ \t]*$")
# "Source AFP", "Quelle dpa": the word and a name the table knows, without the colon.
_SOURCE_NO_COLON = re.compile(r"[ \t]*(?:Sources?|SOURCES?|Quelle|QUELLE|Fuentes?|FUENTES?|Fonte|FONTE)[ \t]+"
                              r"(?P<name>[^\n:]{2,40}?)[ \t]*$")
# "© Agence France-Presse" alone on its line.
_COPYRIGHT_LINE = re.compile(r"[ \t]*(?:©|\([Cc]\)|Copyright)[ \t]*(?P<name>[A-Z][\w .'’\-]{1,40}?)[ \t]*$")
_SHORT_LINE = 42  # characters: an outlet's name alone on a line is shorter


def _line_shapes(page: _Page, table: OutletTable, found: _Found) -> None:
    """Credits that are a line's shape: each line is tested only for the shapes it can hold."""
    text = page.text
    for i, (pos, line) in enumerate(page.lines):
        stripped = line.strip()
        if not stripped:
            continue
        head = line[:120]
        if "(" in head or "/" in head:
            _opening_tag(text, pos, line, table, found)
        if "," in head[:60] and ("-" in head or "—" in head or "–" in head):
            m = _OUTLET_DATELINE.match(line)
            if m is not None:
                name = m.group("name")
                match = table.resolve(name, fuzzy=False)
                if match is not None or _outlet_like(name):
                    found.add(_credit("wire", text, pos + m.start("name"), pos + m.end(), name, match),
                              rule="outlet_dateline")
        if "【" in line or "（" in line:
            for m in _JAPANESE_TAG.finditer(line):
                name = m.group("name") or m.group("alone")
                found.add(_credit("wire", text, pos + m.start(), pos + m.end(), name, table.resolve(name, False)),
                          rule="japanese_tag")
        if stripped.startswith(_BYLINE_OPENINGS):
            _byline(text, page.lines, i, table, found)
        if len(stripped) <= _SHORT_LINE and stripped.lower() not in _NOT_OUTLETS:
            match = table.resolve(stripped, fuzzy=False)
            if match is not None:  # "France 24" under the text, "Voice of America" under the headline
                start = pos + line.index(stripped)
                found.add(_credit("source", text, start, start + len(stripped), stripped, match), rule="outlet_line")
        if len(stripped) <= 2 * _SHORT_LINE:
            _short_line(text, pos, line, table, found)
        _closing_tag(text, pos, line, stripped, table, found)


def _opening_tag(text: str, pos: int, line: str, table: OutletTable, found: _Found) -> None:
    m = _OPENING_TAG.match(line)
    if m is None:
        return
    group = "paren" if m.group("paren") else "slash"
    start, end = pos + m.start(group) - 1, pos + len(line[:m.end()].rstrip())
    before = _STAMP.sub("", line[:m.start(group) - 1])
    # A lone name is an agency's where only agencies stand: opening the text, or after a place and a date
    # ("LISBON, 5 May (Lusitania) -"); after a place alone it may be a region ("SPRINGFIELD (Illinois) -").
    lone = not before.strip() or any(ch.isdigit() for ch in before)
    # a name in lower case only where agencies put their tags: opening the text, or before a dash ("Richard Roe
    # (left), 40" is a caption's)
    lower = not before.strip() or _DASH_AFTER.match(line, m.end(group) + 1) is not None
    for part, match in _tag_outlets(m.group(group), table, lone=lone, lower=lower):
        found.add(_credit("wire", text, start, end, part, match), rule="opening_tag")


def _closing_tag(text: str, pos: int, line: str, stripped: str, table: OutletTable, found: _Found) -> None:
    last = stripped[-1]
    if last in ")]":
        m = _CLOSING_TAG.search(line, max(0, len(line) - 60))
        if m is not None:
            group = "paren" if m.group("paren") else "bracket"
            start, end = pos + m.start(group) - 1, pos + m.end(group) + 1
            last_line = not text[pos + len(line):].strip()  # where an agency signs its text off: "(Belga)"
            for part, match in _tag_outlets(m.group(group), table, places=False, lone=last_line):
                found.add(_credit("wire", text, start, end, part, match), found.closing, rule="closing_tag:tag")
    elif "/" in stripped and len(stripped) <= 30:
        m = _INITIALLED.fullmatch(line)
        slash = _SLASH_TAG.fullmatch(line) if m is None else None
        if slash is not None:
            last_line = not text[pos + len(line):].strip()
            for part, match in _tag_outlets(slash.group("name"), table, places=False, lone=last_line):
                found.add(_credit("wire", text, pos + slash.start("name") - 1, pos + slash.end("name"), part, match),
                          found.closing, rule="closing_tag:tag")
        if m is not None:
            parts = _TAG_SPLIT.split(m.group("name"))
            known = [(part, table.resolve(part, fuzzy=False)) for part in parts]
            if any(match for _, match in known) and all(match or _INITIALS.fullmatch(part) for part, match in known):
                for part, match in known:
                    if match is not None:  # "dpa/sh", "red/dpa"; "jum/red" is initials only
                        found.add(_credit("wire", text, pos + m.start("name"), pos + m.end("name"), part, match),
                                  found.closing, rule="closing_tag:initialled")
    elif last.isupper() or (last == "." and _GLUED_TAG.search(line, max(0, len(line) - _TAIL))):
        m = _SIGN_OFF.search(line, max(0, len(line) - 16)) or _GLUED_SIGN_OFF.search(line, max(0, len(line) - _TAIL))
        if m is not None and m.group("name").lower() not in _NOT_OUTLETS:
            name = m.group("name")
            found.add(_credit("wire", text, pos + m.start("name"), pos + m.end("name"), name,
                              table.resolve(name, fuzzy=False)), found.closing, rule="closing_tag:sign_off")


def _tag_outlets(name: str, table: OutletTable, places: bool = True, lone: bool = False,
                 lower: bool = False) -> list[tuple[str, Match | None]]:
    """The outlets a tag names ("dpa/AFP"), without editors' initials ("dpa/lno"); none if a part is no outlet's
    or the tag is a photo's.  With ``lower`` (a tag opening the text), a name in lower case is an agency's."""
    if _photo_words(name):
        return []  # "(AP Photo/Jane Roe)", "(PA Graphics/PA)"
    parts = _TAG_SPLIT.split(name.strip())
    found: list[tuple[str, Match | None]] = []
    for i, part in enumerate(parts):
        match = table.resolve(part, fuzzy=False)
        if match is None and " " in part:  # "CNN Business": the outlet and its desk
            first = part.split()[0]
            match = table.resolve(first, fuzzy=False)
            part = first if match else part
        if match is not None:
            found.append((part, match))
        elif _INITIALS.fullmatch(part) and (i or len(parts) > 1):
            continue
        elif (_agency_like(part, places) or (lone and len(parts) == 1 and _lone_name(part))
              or (lower and _LOWER_TAG.fullmatch(part) and part not in _NOT_OUTLETS)):
            found.append((part, None))
        else:
            return []
    return found


def _byline(text: str, lines: list[tuple[int, str]], i: int, table: OutletTable, found: _Found) -> None:
    pos, line = lines[i]
    m = _BYLINE.match(line)
    if m is None:
        return
    rest = m.group("rest")
    if len(rest.split()) > _BYLINE_MAX_WORDS or re.search(r"[.!?][ \t]+[a-z]", rest):
        return  # a sentence ("By Monday, the toll had risen"), not a byline
    start = pos + len(line) - len(line.lstrip())
    if i + 1 < len(lines) and (title := _TITLE_LINE.match(lines[i + 1][1])) is not None:
        name = title.group("name")  # "By MATT O'BRIEN" / "AP Technology Writer"
        match = table.resolve(name, fuzzy=False)
        if match is not None or _outlet_like(name) or (_ACRONYM.fullmatch(name) and name not in _country_codes()):
            found.add(_credit(_kind(match, table), text, start, lines[i + 1][0] + title.end(), title.group("name"),
                              match), found.bylines, rule="byline:title_line")
    for segment in _BYLINE_SPLIT.split(rest):
        segment = segment.strip(" .'’\"“”")
        desk = _BYLINE_TAIL.search(segment)
        segment = segment[:desk.start()] if desk else segment
        if not segment or any(ch.isdigit() for ch in segment) or len(segment.split()) > _MAX_NAME_WORDS:
            continue
        segment, match = _known_part(segment, table)
        if match is None and desk is not None:
            continue  # "Cox Media Group National Content Desk": the page's own newsroom
        if match is None and not (segment[:1].isupper() and (_outlet_like(segment) or (
                len(segment) > 2 and _ACRONYM.fullmatch(segment) and segment not in _country_codes()))):
            continue
        found.add(_credit(_kind(match, table), text, start, pos + m.end(), segment, match), found.bylines,
                  rule="byline:by")


def _kind(match: Match | None, table: OutletTable) -> str:
    """A byline naming an agency (or an outlet the table does not know) is a wire credit; naming a known
    outlet that is no agency, a source."""
    return "wire" if match is None or match.outlet in table.wires.values() else "source"


def _known_part(segment: str, table: OutletTable) -> tuple[str, Match | None]:
    """The longest end of a byline's segment that the table knows ("TAMMY WEBBER Associated Press"), or its
    start before a job title or a date ("AP Technology Writer", "AP Published Date"); else the segment."""
    words = segment.split()
    for i in range(len(words)):
        name = " ".join(words[i:])
        match = table.resolve(name, fuzzy=False)
        if match is not None:
            return name, match
    for i in range(len(words) - 1, 0, -1):
        name = " ".join(words[:i])
        match = table.resolve(name, fuzzy=False)
        if match is not None and words[i][:1].isupper():
            return name, match
    return segment, None


def _short_line(text: str, pos: int, line: str, table: OutletTable, found: _Found) -> None:
    """Signatures, "Source AFP" and "© Agence France-Presse": short lines naming a known agency."""
    start = line.lstrip()[:1]
    for pattern, kind, wires_only, rule in ((_SIGNED_LINE, "wire", True, "byline:signed_line"),
                                            (_SOURCE_NO_COLON, "source", False, "source_no_colon"),
                                            (_COPYRIGHT_LINE, "source", True, "copyright_line")):
        if pattern is _SOURCE_NO_COLON and start not in "SQF":
            continue
        if pattern is _COPYRIGHT_LINE and start not in "©(C":
            continue
        m = pattern.fullmatch(line)
        if m is None:
            continue
        match = table.resolve(m.group("name").strip(), fuzzy=False)
        if match is not None and (not wires_only or match.outlet in table.wires.values()):
            found.add(_credit(kind, text, pos + len(line) - len(line.lstrip()), pos + m.end(),
                              m.group("name").strip(), match), rule=rule)


# --- credit phrases ---------------------------------------------------------------------------------------

# "avec AFP", "mit Material von dpa", "con información de EFE y AFP", "with files from The Canadian Press",
# "information fournie par France 24": the outlets after the phrase.  The bare "avec", "mit" or "with" must
# end a line or stand in parentheses ("Le Figaro avec AFP", "(mit dpa)"); "avec le président" is no credit.
_WITH_OUTLETS = re.compile(
    r"(?:(?P<long>[Mm]it[ \t]+Material[ \t]+(?:von|der|des)|[Cc]on[ \t]+(?:información|informaciones|datos)"
    r"[ \t]+d[e]|[Cc]om[ \t]+(?:informações|agências)[ \t]+d[aeo]s?|[Cc]on[ \t]+informazioni[ \t]+d[ie]|"
    r"(?:[Ww]ith[ \t]+)?(?:[Aa]dditional[ \t]+)?[Rr]eporting[ \t]+(?:by|from)|[Ww]ith[ \t]+files[ \t]+from|"
    r"[Ii]nformation[ \t]+from|[Mm]aterial[ \t]+from)|(?P<provided>(?:[Cc]ontent[ \t]+|[Cc]ontenu[ \t]+|"
    r"[Ii]nformation[ \t]+|[Aa]rticle[ \t]+|[Vv]idéo[ \t]+)?(?:[Pp]rovided[ \t]+by|fourni(?:e|s|es)?[ \t]+par|"
    r"[Bb]ereitgestellt[ \t]+von|[Pp]roporcionad[oa][ \t]+por|[Ff]ornit[oa][ \t]+da))|"
    r"(?P<short>[Aa]vec|AVEC|[Mm]it|[Ww]ith))"
    r"[ \t]+(?P<names>[^\n.;:()]{1,80})")
_SYNDICATED = re.compile(r"(?:[Cc]ontent|[Cc]ontenu|[Ii]nformation|[Aa]rticle|[Vv]idéo)[ \t]")
_SHORT_CREDIT_END = re.compile(r"[ \t]*(?:$|\)|\||•)", re.MULTILINE)
_CONTRIBUTED = re.compile(r"(?:^|(?<=[.!?\n]))[ \t]*(?P<names>[^\n.!?]{2,100}?)[ \t]+contributed[ \t]+"
                          r"(?:reporting[ \t]+)?to[ \t]+this[ \t]+(?:report|story|article)", re.MULTILINE)
_COPYRIGHT = re.compile(r"(?:Copyright|COPYRIGHT|©)[^\n]{0,80}?(?:All[ \t]+rights[ \t]+reserved|Alle[ \t]+Rechte[ \t]+"
                        r"vorbehalten|Todos[ \t]+los[ \t]+derechos[ \t]+reservados|Tous[ \t]+droits[ \t]+réservés|"
                        r"Copyright[ \t]+\d{4}[ \t]+[A-Z][^\n.]{1,40})|(?:Copyright[ \t]*)?(?:©|\([Cc]\))[ \t]*"
                        r"(?:\d{4}[ \t]+[A-Z][^\n.,|]{1,40}|[A-Z][^\n.,|]{1,40}?[ \t]+\d{4})[ \t]*$", re.MULTILINE)
_AGENCY_NOUNS = re.compile(r"(?:(?:der|des|la|las|el|les|the|l['’]|da|do|das|dos)[ \t]*)?(?:[Nn]achrichtenagenturen?|"
                           r"[Aa]gencias?|[Aa]gences?|[Aa]gências?|[Aa]genzie|[Aa]gencies|[Aa]gentur(?:en)?)?[ \t]*")
# Several outlets in one credit: "Reuters/AFP", "dpa und AFP", "EFE y Europa Press".
_NAME_LIST_SPLIT = re.compile(r"[ \t]*(?:[,/;&+|]|[ \t](?:and|y|und|et|e|en)[ \t])[ \t]*")


def _credit_phrases(page: _Page, table: OutletTable, found: _Found) -> None:
    text = page.text
    done = 0
    for start in page.phrase_starts:
        if start < done or (start and (text[start - 1].isalnum() or text[start - 1] == "_")):
            continue
        m = _WITH_OUTLETS.match(text, start)
        if m is None:
            continue
        done = m.end()
        names = m.group("names")
        if m.group("provided"):
            provided = _NAME_RUN.match(names)
            if provided is None or _photo_line(text, m.start()):
                continue  # "Satellite image provided by Maxar": a picture's credit
            name = provided.group("run").rstrip(".")
            match = table.resolve(name, fuzzy=False)
            # "information fournie par Karrow 24": with the noun before it, the phrase names its outlet, known or not
            syndicated = _SYNDICATED.match(m.group("provided")) is not None and len(name.split()) <= 4
            if match is not None or _outlet_like(name) or (syndicated and name.lower() not in _place_names()):
                found.add(_credit("source", text, m.start(), m.start("names") + provided.end(), name, match),
                          rule="credit_phrase:provided_by")
            continue
        if m.group("short") and (_SHORT_CREDIT_END.match(text, m.end()) is None or len(names.split()) > 4):
            continue
        for name, match, end in _listed_outlets(names, m.start("names"), table, known_only=bool(m.group("short"))):
            found.add(_credit("source", text, m.start(), end, name, match),
                      rule="credit_phrase:with_short" if m.group("short") else "credit_phrase:with")
    if not page.words & _CREDIT_LINE_WORDS:
        return
    if "contributed" in page.words:
        for m in _CONTRIBUTED.finditer(text):
            for name, match, _end in _outlets_among(m.group("names"), table, known_only=False):
                found.add(_credit("source", text, m.start("names"), m.end(), name, match),
                          rule="credit_phrase:contributed")
    for m in _COPYRIGHT.finditer(text):
        if _photo_words(m.group(0)):
            continue
        for name, match, _end in _outlets_among(m.group(0), table, known_only=True):
            if match is not None and match.outlet in table.wires.values():
                found.add(_credit("source", text, m.start(), m.end(), name, match), rule="copyright")


def _listed_outlets(names: str, offset: int, table: OutletTable,
                    known_only: bool) -> Iterator[tuple[str, Match | None, int]]:
    """The outlets a credit line lists, with where each ends: "dpa und AFP", "la agencia EFE y Europa Press"."""
    pos = 0
    for part in _NAME_LIST_SPLIT.split(names):
        pos = names.find(part, pos) + len(part)
        lead = _AGENCY_NOUNS.match(part)
        name = part[lead.end():] if lead else part
        name = name.strip(" \t'’\"“”„«»")
        if not name:
            continue
        match = table.resolve(name, fuzzy=False)
        if match is None and (known_only or not (name[:1].isupper() and (_outlet_like(name) or (
                _ACRONYM.fullmatch(name) and len(name) > 2 and name not in _country_codes())))):
            return  # the list ends at the first part that names no outlet
        yield name, match, offset + pos


def _outlets_among(words_text: str, table: OutletTable, known_only: bool) -> Iterator[tuple[str, Match | None, int]]:
    """Known outlets (and, unless ``known_only``, names that read as outlets') among other words: "CNN's Jane Doe
    contributed to this report", "Copyright 2024 The Associated Press"."""
    words = list(re.finditer(r"[^\s,;/|()]+", words_text))
    i = 0
    while i < len(words):
        for size in range(min(_MAX_NAME_WORDS, len(words) - i), 0, -1):
            span = words_text[words[i].start():words[i + size - 1].end()]
            if not span[:1].isupper() and span.lower() not in table.lowercase_names:
                continue
            match = table.resolve(span, fuzzy=False)
            if match is not None or (not known_only and size > 1 and span.istitle() and _outlet_like(span)):
                yield span, match, words[i + size - 1].end()
                i += size - 1
                break
        i += 1


# --- datelines ---------------------------------------------------------------------------------

# "PARIS —", "MINNEAPOLIS (AP) --", "BUENOS AIRES (Argentina) - ": a place in capitals opening the story,
# the form agencies write in.  It names no outlet; with no source found it marks agency copy.
_DATELINE = re.compile(r"^[ \t]*(?:date \S+[ \t]+)?(?P<place>[A-ZÀ-Þ]{3,}(?:[ .'-]+[A-ZÀ-Þ][A-ZÀ-Þ.'-]*){0,3}"
                       r"(?:,[ \t]*[A-Z][\w.]*(?:[ \t][A-Z][\w.]*){0,2})?)[ \t]*(?:\([^)\n]{1,40}\)[ \t]*)?"
                       r"(?:—|–|--|-)[ \t]+(?=[A-Z\"“])", re.MULTILINE)
_DATELINE_WITHIN = 400  # characters from the top


def _datelines(page: _Page, table: OutletTable, found: _Found) -> None:
    text = page.text
    m = _DATELINE.search(text, 0, _DATELINE_WITHIN + 60)
    if m is not None and m.start("place") < _DATELINE_WITHIN:
        end = m.end() - len(m.group(0)) + len(m.group(0).rstrip())
        found.add(Credit(outlet=None, kind="dateline", text=text[m.start("place"):end], start=m.start("place"),
                         end=end, name=m.group("place")), rule="dateline")


# --- "Source:" and "via" lines, and links back -------------------------------------------------------------

_SOURCE_LINE = re.compile(r"(?:^|[.!?])[ \t]{0,2}(?P<label>(?:[Ss]ources?|SOURCES?|Quelle|QUELLE|Fuentes?|FUENTES?|"
                          r"Bron|BRON|Fonte|FONTE)[ \t]*:)[ \t]*(?P<name>[^\n]{1,80}?)[ \t]*$")
_VIA_LINE = re.compile(r"[ \t]*(?P<label>[Vv]ia)[ \t]*:?[ \t]+(?P<name>[^\n]{1,60}?)[ \t]*$")
_LINK_BACK = re.compile(r"[ \t]*(?:[Ss]ource[ \t]+link|[Ss]ource|SOURCE|Original[ \t]+source|Source[ \t]+article|"
                        r"Link[ \t]+to[ \t]+source|Fuente|Quelle)[ \t]*:?[ \t]*$")
_URL = re.compile(r"https?://|www\.")
_ADAPTED = re.compile(r"^(?:(?:[Ee]dited|[Aa]dapted|[Ee]xcerpted|[Tt]ranslated|[Tt]aken|[Rr]epublished)[ \t]+)?"
                      r"from[ \t]+")
_LINK_TEXT = re.compile(r"(?i)^(?:link|article|here)$|\b(?:read|click|full article|original article|story link)\b")


def _source_lines(page: _Page, table: OutletTable, found: _Found) -> None:
    sources, vias = bool(page.words & _SOURCE_WORDS), bool(page.words & _VIA_WORDS)
    if not sources and not vias:
        return
    text = page.text
    for pos, line in page.lines:
        m, kind = None, "source"
        if sources and ":" in line:
            m = _SOURCE_LINE.search(line)  # "Source:" inside a sentence is the writer's, not a credit line
        if m is None and vias and line.lstrip().startswith(("via", "Via")):
            m, kind = _VIA_LINE.match(line), "via"
        if m is None:
            continue
        name = re.sub(r"[ \t]*(?:\(.*|\|.*)$", "", m.group("name")).strip()
        name = _strip_article(_ADAPTED.sub("", name))  # "Source: Edited from Vatican News"
        if not name or _LINK_TEXT.search(name) or _URL.match(name) or _photo_words(name):
            continue  # "Source: Read Full Article", a link (read by _linked_sources), "Source: JANE ROE / Getty"
        for part in _source_names(name, table):
            found.add(_credit(kind, text, pos + m.start("label"), pos + m.end(), part, table.resolve(part)),
                      rule=f"{kind}_line")


def _source_names(name: str, table: OutletTable) -> list[str]:
    """The outlets a source line names: one, or several that each resolve ("Reuters/AFP", "dpa, AFP"), without
    the agencies in general ("TRTWorld and agencies")."""
    if table.resolve(name, fuzzy=False) is not None:
        return [name]
    parts = [p.strip() for p in _NAME_LIST_SPLIT.split(name) if p.strip()]
    named = [p for p in parts if p.lower() not in _NOT_OUTLETS]
    if len(parts) > 1 and (len(named) == 1 or (named and all(table.resolve(p, fuzzy=False) for p in named))):
        return named
    return [name]


def _link_backs(page: _Page, table: OutletTable, found: _Found) -> None:
    if not page.words & _SOURCE_WORDS:
        return
    for pos, line in page.lines:
        if len(line) <= _SHORT_LINE and (m := _LINK_BACK.match(line)) is not None:
            start = pos + len(line) - len(line.lstrip())
            found.add(Credit(outlet=None, kind="link_back", text=line.strip(), start=start, end=pos + m.end()),
                      rule="link_back")


# "READ MORE: https://apnews.com/article/...", "FUENTE:\n\nhttps://www.bbc.com/mundo/...": a link back names its
# outlet's site.
_LINKED_SOURCE = re.compile(r"^[ \t]*(?:read[ \t]+more|read[ \t]+the[ \t]+(?:full|original)[ \t]+(?:story|article)"
                            r"(?:[ \t]+(?:at|on))?|source(?:[ \t]+link)?|original(?:[ \t]+(?:article|source|story))?|"
                            r"fuente|quelle|lire[ \t]+la[ \t]+suite|leer[ \t]+más|weiterlesen|via|link)[ \t]*:?[ \t]*"
                            r"(?:\n[ \t]*){0,2}(?P<url>https?://[^\s/]+|www\.[^\s/]+)\S*[ \t]*$",
                            re.MULTILINE | re.IGNORECASE)
# A link alone on the last line, or after a bracketed label ("[テレ朝news] https://news.tv-asahi.co.jp").  Links
# to social networks and shorteners point at a post, not at a source.
_LAST_URL = re.compile(r"(?:^|\n)[ \t]*(?:\[[^\]\n]{1,30}\][ \t]*)?(?P<url>https?://(?!(?:[\w-]+\.)?(?:t\.co|twitter\.com|"
                       r"x\.com|youtube\.com|youtu\.be|facebook\.com|instagram\.com|tiktok\.com|t\.me|bit\.ly)\b)"
                       r"[^\s/]+)\S*\s*$")


def _linked_sources(page: _Page, table: OutletTable, found: _Found) -> None:
    text = page.text
    if "http" not in text and "www." not in text:
        return
    matches = list(_LINKED_SOURCE.finditer(text))
    last = _LAST_URL.search(text, max(0, len(text) - 300))
    if last is not None:
        matches.append(last)
    for m in matches:
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", m.group("url").lower()).split(":")[0]
        domain = _registered_domain(host)
        if domain is None:
            continue
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        outlet = table.from_domain(domain)
        found.add(Credit(outlet=outlet or domain, kind="source", text=text[start:m.end()].rstrip(), start=start,
                         end=m.end(), name=domain, score=100.0 if outlet else 0.0),
                  rule="linked_source:last_url" if m is last else "linked_source:labelled")


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # the bundled suffix list; nothing fetched


def _registered_domain(host: str) -> str | None:
    """``edition.cnn.com`` -> ``cnn.com``, as the ingest stage names an outlet by its site."""
    return _extractor()(host).top_domain_under_public_suffix or None


# --- outlets cited in the text --------------------------------------------------------------------

# A name after a media noun or a cue: capitalised words, with the small words names hold ("Corriere della Sera").
_NAME_RUN = re.compile(r"[ \t]*[\"“„'‘«]?[ \t]*(?P<run>[A-ZÀ-Þ0-9][\w&'’.\-]*(?:[ \t]+(?:(?:of|de|del|della|di|du|"
                       r"des|der|da|do|für|and|&|y|e|i)[ \t]+)?[A-ZÀ-Þ0-9][\w&'’.\-]*){0,5})")
_NAME_LINKS = frozenset({"of", "de", "del", "della", "di", "du", "des", "der", "da", "do", "für", "and", "&", "y", "e"})
# A quoted name after a cue ("berichtet die „Bild“", "según el diario 'Clarín'") or before one ("wie die
# „Süddeutsche Zeitung“ schreibt"); German compounds glue a media noun to it ("„Bild“-Zeitung").
_QUOTED_AFTER = re.compile(r"[ \t]+(?:(?P<article>der|die|das|dem|den|des|the|la|le|el|il|lo|o|a|de|het)[ \t]+)?"
                           r"[„“\"‘«](?P<name>[A-ZÀ-Þ][^„“”\"’«»\n]{1,40})[“”\"’»](?P<compound>-[A-ZÄÖÜ]\w+)?")
_QUOTED_BEFORE = re.compile(r"[„“\"‘«](?P<name>[A-ZÀ-Þ][^„“”\"’«»\n]{1,40})[“”\"’»](?P<compound>-[A-ZÄÖÜ]\w+)?[ \t]+$")
# "KTLA's Chris Wolfe reports": an outlet's reporter.
_POSSESSIVE_REPORTER = re.compile(r"(?<![\w])(?P<name>[A-Z][\w&.\-]*(?:[ \t]+[A-Z][\w&.\-]*){0,2})['’]s[ \t]+"
                                  r"[A-Z][a-z]+(?:[ \t]+[A-Z][\w'’\-]+){1,2}[ \t]+$")
_CLOSING_QUOTES = frozenset("“”\"’»")
_ARTICLE_BEFORE = re.compile(r"(?<![\w])(?:der|die|das|des|dem|the|la|le|el|il|het)[ \t]+$")
_SHORT_FORM = re.compile(r"[ \t]*\([A-Z]{2,8}\)[ \t]*$")  # "British Broadcasting Corporation (BBC) reported"
# Words after a media noun that open a sentence or clause, not a name ("the newspaper. On Monday").
_NOT_OUTLET_AFTER_MEDIA = re.compile(r"(?:On|In|At|The|This|That|It|He|She|They|We|Der|Die|Das|Den|Dem|Des|Ein|Eine|"
                                     r"Im|Am|Mit|Und|Es|Er|Sie|Wir|Le|La|Les|Il|Elle|El|Los|Las|Un|Una|Lo|I)(?:\s|$)")
# Words saying an outlet speaks for a state: its reports are relayed like an authority's, not credited.
_STATUS_WORDS = frozenset({"state", "state-run", "state-owned", "national", "public", "official", "government",
                           "government-run", "öffentlich-rechtliche", "öffentlich-rechtlichen", "staatliche",
                           "staatlichen", "officielle", "publique", "nationale", "statale", "ufficiale", "pubblica",
                           "estatal", "oficial", "pública", "público", "nacional"})
_STATUS_AFTER = re.compile(r"[ \t]+(?:de[ \t]+noticias[ \t]+)?(?:state|officielle|publique|oficial|pública|público|"
                           r"estatal|statale|ufficiale|pubblica|nacional|nationale)\b")
# A verb of reporting before a media noun makes its outlet the text's source, even one speaking for a state:
# "according to Russian state news agency TASS", "según informó la emisora pública japonesa NHK".
_ATTRIBUTED = re.compile(rf"(?<![\w])(?:{_BEFORE})(?:[ \t]+[\w\-]+){{0,4}}[ \t]+(?:[lL]['’])?$")
# Adjectives after a media noun, before the name, as Romance languages place them ("la emisora pública japonesa").
_ADJECTIVES_AFTER = re.compile(r"(?:[ \t]+[a-zà-ÿ][\w\-]*){1,2}(?=[ \t]+[A-ZÀ-Þ])")
# "... in San Francisco. Eric Risberg via Associated Press": a photographer's name before "via" ends a caption.
_PERSON_VIA = re.compile(r"[.!?\n][ \t]*[A-Z][a-z]+(?:[ \t]+[A-Z][\w'’\-]+){1,2}[ \t]+v$")
_PHOTO_CREDIT = re.compile(r"(?<![\w])(?:[Pp]hotos?|PHOTO|[Ff]otos?|FOTO|[Ii]mages?|IMAGE|[Pp]ictures?|[Bb]ild|"
                           r"Getty|[Cc]redit|[Ss]creenshot|[Vv]ideo)(?![\w])")
_GENERIC_ENDINGS = (" News", " news", " Agency", " agency", " Newspaper", " newspaper", " TV", " Television",
                    " television", " Radio", " radio", " Daily", " daily", " Online", " online")
_GENERIC_TAIL = re.compile(r"(?:[ \t]+(?:[Nn]ews|[Aa]gency|[Nn]ewspaper|TV|[Tt]elevision|[Rr]adio|[Dd]aily|"
                           r"[Oo]nline))+$")  # "Kyodo News Agency", "NHK TV"


def _cues(page: _Page, table: OutletTable, found: _Found) -> None:
    text = page.text
    done = 0
    named: dict[tuple[str, ...], tuple[str, Match | None] | None] = {}
    for start in page.cue_starts:
        if start < done:
            continue
        m = _CUE.match(text, start)
        if m is None:
            continue
        done = m.end()
        group = m.lastgroup
        credit: Credit | None = None
        also: Credit | None = None
        if group in {"before", "either"}:
            credit = _name_after(text, m, table)
            also = _joined_outlet(text, credit, table) if credit is not None else None
        if credit is None and group in {"after", "either"}:
            credit = _name_before(text, m, table, named)
        if group == "media":
            credit = _media_name(text, m, table)
        if group == "via":
            credit = _via_name(text, m, table)
        if credit is not None:
            cue = " ".join(m.group(group or "").lower().split())
            found.add(credit, found.cited, rule=f"cited_{group}:{cue}")  # the shape, and the word that cued it
            found.add(also, found.cited, rule=f"cited_{group}:{cue}")


# "selon Reuters et de la BBC", "according to CNN and the BBC": a second outlet joined to the one a verb names.
_AND_ANOTHER = re.compile(r"[ \t]+(?:and|et|y|e|und|en)[ \t]+(?:(?:de|du|des|del|von|vom)[ \t]+)?"
                          r"(?:(?:the|la|le|les|el|los|las|die|der|das|dem|l['’])[ \t]*)?(?=[A-ZÀ-Þ])")


def _joined_outlet(text: str, first: Credit, table: OutletTable) -> Credit | None:
    """The outlet named after the one a verb of reporting names, joined by "and": one the table knows exactly,
    or a name that reads as an outlet's ("and the Karrow Courier"); not "and Prime Minister Doe"."""
    m = _AND_ANOTHER.match(text, first.end)
    if m is None:
        return None
    words = _tail_words(text, m.end())
    name, match = _longest_prefix(words, table)
    if match is None or match.fuzzy:
        name, match = _unknown_outlet(words), None
    end = _end_of(text, name, m.end()) if name else None
    return _credit("cited", text, m.end(), end, name, match) if end is not None else None


def _tail_words(text: str, pos: int) -> list[str]:
    stop = _STOP_RE.search(text, pos, pos + _WINDOW)
    return text[pos:stop.start() if stop else pos + _WINDOW].split()


def _name_after(text: str, m: re.Match[str], table: OutletTable) -> Credit | None:
    """"reports The Sun", "according to the BBC", "berichtet die „Bild“": the name follows the cue."""
    quoted = _QUOTED_AFTER.match(text, m.end())
    if quoted is not None:
        return _quoted_name(text, m.start(), quoted.end(), quoted, table, bool(quoted.group("article")))
    words = _tail_words(text, m.end())
    bare = list(words)
    while bare and bare[0].lower().strip("'’") in _LEADING_ARTICLES:
        bare = bare[1:]
    if not bare or not _could_be_name(bare[0], table) or _MEDIA_RE.fullmatch(bare[0]):
        return None  # "meldet die Nachrichtenagentur Bloomberg": the media noun is a cue of its own
    name, match = _longest_prefix(words, table) if bare != words else ("", None)
    if match is None:
        name, match = _longest_prefix(bare, table)
    if match is None:
        name = _unknown_outlet(bare) or _titled_outlet(text, words, m.end()) or _heading_name(text, m.start(), bare)
        if not name:
            return None
    end = _end_of(text, name, m.end())
    return _credit("cited", text, m.start(), end, name, match) if end is not None else None


# A title that opens with its own capitalised article, as newspapers' do ("Le Monde", "El Karrow", "The Sun"):
# mid-sentence, the capital marks the article as part of a name.
_TITLE_WITH_ARTICLE = re.compile(r"(?:The|Le|La|Les|L['’]|El|Los|Las|Il|Lo|O|Die|Der|Das|De|Het)[ \t]*"
                                 r"[A-ZÀ-Þ][\w'’\-]*(?:[ \t]+[A-ZÀ-Þ][\w'’\-]*){0,2}")


def _titled_outlet(text: str, words: list[str], end: int) -> str:
    """After a verb of reporting, a name opening with a capitalised article and ending the clause: "selon Le
    Karrow,", "según informó El Karrow."; not a country ("según El Salvador"), nor a name going on in lower case
    ("according to Los Angeles police")."""
    run = _TITLE_WITH_ARTICLE.match(" ".join(words[:4]))
    if run is None:
        return ""
    name = run.group(0).rstrip(".")
    after = text.find(name, end)
    if after < 0 or as_written(name).lower() in _place_names():
        return ""
    rest = text[after + len(name):after + len(name) + 2]
    return name if not rest or rest[0] in _STOP or rest[0] == "\n" else ""


_HEADING_END = re.compile(r"[ \t]*:?[ \t]*(?:\n|$)")


def _heading_name(text: str, cue_start: int, words: list[str]) -> str:
    """A line that is only a verb of reporting and a name introduces the text that follows ("Selon France Info :",
    "According to KXAN:"): the name, capitalised and of a few words, is its source's, known or not."""
    if text[text.rfind("\n", 0, cue_start) + 1:cue_start].strip() or len(words) > 4:
        return ""
    run = _NAME_RUN.match(" ".join(words))
    if run is None or run.group("run") != " ".join(words):
        return ""
    end = _end_of(text, run.group("run"), cue_start)
    return run.group("run") if end is not None and _HEADING_END.match(text, end) else ""


def _unknown_outlet(words: list[str]) -> str:
    """The capitalised name opening ``words``, if it reads as an outlet's ("the Karrow Courier"), else ""."""
    run = _NAME_RUN.match(" ".join(words[:_MAX_NAME_WORDS + 2]))
    if run is None:
        return ""
    name = run.group("run").rstrip(".")
    return name if _outlet_like(name) else ""


def _quoted_name(text: str, start: int, end: int, m: re.Match[str], table: OutletTable,
                 article: bool = False) -> Credit | None:
    """A quoted name by a verb of reporting.  With an article before the quotes ("wie die „Karrow“ berichtet") it
    is a title: a quotation takes no article."""
    name = m.group("name").strip()
    if len(name.split()) > 4 or (article and len(name.split()) > 3):
        return None  # a quotation, not a name
    match = table.resolve(name, fuzzy=False)
    if match is None and not (_outlet_like(name) or (m.group("compound") and _outlet_like(m.group("compound")))
                              or (article and all(w[:1].isupper() for w in name.split()))):
        return None
    return _credit("cited", text, start, end, name, match)


def _name_before(text: str, m: re.Match[str], table: OutletTable,
                 memo: dict[tuple[str, ...], tuple[str, Match | None] | None] | None = None) -> Credit | None:
    """"CNN reports", "broadcaster YTN reported", "KTLA's Jane Doe reports": the name is the last few words
    before the cue.  ``memo``: what the words before earlier cues of the same page named."""
    window_start = max(0, m.start() - _WINDOW)
    end = m.start()
    last = text[max(window_start, end - 4):end].rstrip()[-1:]
    if last in _CLOSING_QUOTES:
        quoted = _QUOTED_BEFORE.search(text, window_start, end)
        if quoted is None:
            return None
        article = _ARTICLE_BEFORE.search(text, max(0, quoted.start() - 6), quoted.start()) is not None
        return _quoted_name(text, quoted.start(), m.end(), quoted, table, article)
    if last == ")" and (short := _SHORT_FORM.search(text, window_start, end)) is not None:
        end = short.start()  # "British Broadcasting Corporation (BBC) reported"
    stop = _LAST_STOP.match(text, window_start, end)
    head_start = stop.end() if stop else window_start
    words = text[head_start:end].split()
    if not words or not _could_be_name(words[-1], table):
        return None  # "officials said": no name before the cue
    if len(words) >= 3 and ("'s" in text[head_start:end] or "’s" in text[head_start:end]):
        possessive = _POSSESSIVE_REPORTER.search(text, head_start, end)
        if possessive is not None:  # "KTLA's Chris Wolfe reports"
            name = possessive.group("name")
            match = table.resolve(name, fuzzy=False)
            if match is not None or _agency_like(name):
                return _credit("cited", text, possessive.start(), m.end(), name, match)
    last_words = tuple(words[-_MAX_NAME_WORDS:])
    memo = {} if memo is None else memo
    if last_words not in memo:
        memo[last_words] = _named_before(last_words, table)
    return _cited_before(text, head_start, end, m, memo[last_words])


# the last stop before a cue: the name, if any, is in the words after it
_LAST_STOP = re.compile(r"(?s:.*)[" + _STOP + r"]")


def _named_before(words: tuple[str, ...], table: OutletTable) -> tuple[str, Match | None] | None:
    """The outlet named by the last of ``words`` (those before a cue, in its clause): the longest run the table
    knows, else the longest capitalised run reading as an outlet's.  It depends on the words alone, so a page
    that repeats a speaker before many cues works it out once."""
    for size in range(len(words), 0, -1):
        name = " ".join(words[-size:])
        match = _resolve_name(name, table)
        if match:
            return name, match
    if not _outlet_word(words[-1]):
        return None  # an outlet's name before its verb ends in its outlet word ("the Karrow Courier said")
    for size in range(len(words), 0, -1):  # the longest capitalised run that is an outlet's
        tail = words[-size:]
        if tail[0][:1].isupper() and tail[0] not in _CLAUSE_OPENERS and all(w[:1].isupper() or w in _NAME_LINKS
                                                                           for w in tail):
            name = _unknown_outlet(list(tail))
            if name == " ".join(tail):
                return name, None
    return None


def _cited_before(text: str, head_start: int, end: int, m: re.Match[str],
                  named: tuple[str, Match | None] | None) -> Credit | None:
    if named is None:
        return None
    name, match = named
    return _credit("cited", text, text.rfind(name, head_start, end), m.end(), name, match)


# "As the Karrow Courier reported": the word opening the clause is not the outlet's.
_CLAUSE_OPENERS = frozenset({"As", "Wie", "Comme", "Como", "Come", "Zoals", "Seperti"})


def _media_name(text: str, m: re.Match[str], table: OutletTable) -> Credit | None:
    """"broadcaster YTN", "news agency Interfax", "el diario El Universal": a name after a media noun is an
    outlet, known or not; not a platform's channel, nor an outlet speaking for a state."""
    before = text[max(0, m.start() - 30):m.start()].split()
    if before and before[-1].lower().strip("-") in _NOT_OUTLETS:
        return None  # "a Telegram channel Grey Zone"
    attributed = _ATTRIBUTED.search(text, max(0, m.start() - _WINDOW), m.start()) is not None
    status = any(w.lower().strip(",") in _STATUS_WORDS for w in before[-2:]) or _STATUS_AFTER.match(text, m.end())
    if status and not attributed:
        return None  # "said national broadcaster NHK", "la emisora pública NHK warnte": an authority the text relays
    after = _ADJECTIVES_AFTER.match(text, m.end()) if attributed else None
    run = _NAME_RUN.match(text, after.end() if after else m.end())
    if run is None or run.start("run") - (after.end() if after else m.end()) > 3:
        name, match = _longest_prefix(_tail_words(text, m.end())[:1], table)  # "Nachrichtenagentur dpa"
        if match is None or match.fuzzy:
            return None
        end = _end_of(text, name, m.end())
        return _credit("cited", text, m.start(), end, name, match) if end is not None else None
    words = run.group("run").split()
    name, match = _longest_prefix(words, table)
    if match is None:
        name = run.group("run")
        # "le quotidien Le Karrow": a capitalised article after a media noun is the title's
        titled = _TITLE_WITH_ARTICLE.fullmatch(name.rstrip(".")) is not None
        if (_NOT_OUTLET_AFTER_MEDIA.match(name) and not titled) or name.lower() in _NOT_OUTLETS:
            return None
    name = name.rstrip(".")
    return _credit("cited", text, m.start(), run.start("run") + len(name), name, match)


def _via_name(text: str, m: re.Match[str], table: OutletTable) -> Credit | None:
    """"..., via NBC.": only outlets the table knows, exactly; "via Vladivostok" is a route, and "Photo: Jane
    Doe via Reuters" a photo credit."""
    if _photo_line(text, m.start()) or _PERSON_VIA.search(text, max(0, m.start() - _WINDOW), m.start() + 1):
        return None
    name, match = _longest_prefix(_tail_words(text, m.end()), table)
    if match is None or match.fuzzy:
        return None
    end = _end_of(text, name, m.end())
    return _credit("via", text, m.start(), end, name, match) if end is not None else None


def _end_of(text: str, name: str, start: int) -> int | None:
    """Where ``name`` (its words joined by single spaces) ends in ``text`` after ``start``, whatever whitespace
    stands between its words there; ``None`` when it is not there."""
    found = re.compile(r"\s+".join(map(re.escape, name.split()))).search(text, start)
    return found.end() if found else None


def _photo_line(text: str, pos: int) -> bool:
    """Whether the line before ``pos`` speaks of a picture ("Photo: Jane Doe via Reuters")."""
    line_start = text.rfind("\n", 0, pos) + 1
    return _PHOTO_CREDIT.search(text, max(line_start, pos - _WINDOW), pos) is not None


def _longest_prefix(words: list[str], table: OutletTable) -> tuple[str, Match | None]:
    for size in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
        name = " ".join(words[:size])
        match = _resolve_name(name, table)
        if match:
            return name, match
    return "", None


def _resolve_name(name: str, table: OutletTable) -> Match | None:
    """Exact match for any name, also without a generic word after it ("Kyodo News Agency", "NHK TV"); fuzzy
    only when every word is capitalised, as names are."""
    match = table.resolve(name, fuzzy=all(w[:1].isupper() for w in name.split()))
    if (match is None or match.fuzzy) and name.endswith(_GENERIC_ENDINGS):
        bare = _GENERIC_TAIL.sub("", name)
        match = (table.resolve(bare, fuzzy=False) if bare else None) or match
    return match


def _could_be_name(word: str, table: OutletTable) -> bool:
    """Outlet names are capitalised, or are one of the table's few lower-case names ("dpa")."""
    return word[:1].isupper() or word.lower() in table.lowercase_names


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+(?=[A-Z])", "The ", name) if name else name


def _sentence_end(text: str, pos: int) -> int:
    """Extend a match to the end of its sentence or line, so the whole notice is the span."""
    m = re.compile(r"[^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)").match(text, pos)
    return m.end() if m else pos


# --- outlets mentioned, not credited ---------------------------------------------------------------

# "TASS news agency reports, citing the emergencies ministry", "meldete Tass unter Berufung auf die Behörde":
# an outlet passing on what an authority said, as agencies relay one another.  An outlet citing unnamed people
# ("citing people familiar with the matter") is the page's source of the news.
_RELAY = re.compile(r"[^.!?\n]{0,40}?(?<![\w])(?:citing|quoting|unter[ \t]+Berufung[ \t]+auf|se[ \t]+référant[ \t]+à|"
                    r"en[ \t]+citant|citant|citando[ \t]+a|citando|qui[ \t]+cite|que[ \t]+cita)[ \t]+"
                    r"(?!(?:\w+[ \t]+){0,2}(?:people|persons?|sources?|insiders?|unnamed|anonymous|officials?[ \t]+"
                    r"familiar|Kreise|Insider|Personen|fuentes|personnes|sources|informations))")
# "photos published by the newspaper Vedomosti", "footage by the broadcaster NHK": a picture's credit.
_VISUAL = re.compile(r"(?<![\w])(?:[Ff]otos?|[Pp]hotos?|[Ii]mages?|[Ii]mágenes|[Bb]ilder|[Ff]ootage|[Aa]ufnahmen|"
                     r"[Vv]idéos?|[Vv]ideos?|[Pp]ictures?)(?![\w])")


def _credited_citations(page: _Page, found: _Found, credited: set[str | None]) -> list[Credit]:
    """The outlets cited in the text that the page credits (see the module's notes): those its credit lines
    name, or, when they name none, those cited in its opening, not relaying an authority, not for pictures.
    Past the opening, an outlet the page names as its sentence's subject before the verb ("Sky News reported
    that ...") is still the page's own attribution, of a fact rather than of its text: its kind is "attributed"
    (the trace stage does not read it as the text's source), its rule "cited_late", fitted on its own."""
    cited = found.cited
    if not cited:
        return []
    text = page.text
    lede_end = _lede_end(page)
    relayed = {c.outlet for c in cited if _relays(text, c) or _VISUAL.search(text, max(0, c.start - 40), c.end + 40)}
    out = []
    for c in cited:
        if c.outlet in credited:
            out.append(c)
        elif credited or c.outlet in relayed:
            continue
        elif c.start < lede_end:
            out.append(c)
        elif (late := _late_rule(text, c, found.rules[id(c)])) and found.allows(late):
            attributed = replace(c, kind="attributed")
            found.rules[id(attributed)] = late
            out.append(attributed)
    return out


_SENTENCE_OPENING = re.compile(r"(?:^|[.!?][\"”»]?[ \t]+)(?:(?:The|Die|Der|Das|La|Le|Les|El|Los|Las|L['’])[ \t]*)?$",
                               re.MULTILINE)


# Verbs that say an outlet spoke rather than published: past the opening it is a party to the news ("The Karrow
# Courier said that its editors had reviewed ..."), not the page's source.
_SPEAKING_VERBS = frozenset({"said", "says", "indique", "a indiqué", "aldus"})


def _late_rule(text: str, credit: Credit, rule: str) -> str:
    """"cited_late:reported" for an outlet that opens its sentence right before a verb of publishing ("The
    Karrow Courier reported that"), else ""."""
    shape, _, verb = rule.partition(":")
    if shape not in {"cited_after", "cited_either"} or verb in _SPEAKING_VERBS or not credit.name:
        return ""
    if not text.startswith(credit.name, credit.start) or credit.text[len(credit.name):].split() != verb.split():
        return ""  # the name follows its verb ("reports the Karrow Courier"), or a reporter stands between
    line_start = text.rfind("\n", 0, credit.start) + 1
    if _SENTENCE_OPENING.search(text, max(line_start, credit.start - 80), credit.start) is None:
        return ""
    return "cited_late:" + verb


def _lede_end(page: _Page) -> int:
    """Where the page's opening ends: after its first few paragraphs."""
    seen = 0
    for pos, line in page.lines:
        if len(line.split()) > _PARAGRAPH_WORDS:
            seen += 1
            if seen == _LEDE_PARAGRAPHS:
                return pos + len(line)
    return len(page.text)


def _relays(text: str, credit: Credit) -> bool:
    if not credit.name:
        return False
    pos = text.find(credit.name)
    while pos >= 0:
        if _RELAY.match(text, pos + len(credit.name)):
            return True
        pos = text.find(credit.name, pos + 1)
    return False
