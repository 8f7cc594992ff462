"""All date reasoning of the link and story stages: when an article says its event happened, and whether
two articles (or two stories) can report one event.

Two sources of a date: the publication date the ingest stage found (``Article.published``: metadata, URL,
a timestamp line), and the weekday a report's opening gives its event ("early Monday", "am Freitag",
"el miércoles").  Years named in a text are no date: they are as often history ("last won in 1986") or
plans ("on sale early next year") as the year of the event.

Reports of one event name the same day in their first lines, whatever their language; a page about the
launch ("on Friday") and one about the landing ("on Wednesday") do not, even when they share every name
and neither is dated.  Day names come from CLDR through babel, for languages whose names are not also
common words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

import ahocorasick

MAX_DAYS_APART = 4  # reports of one event, both dated to the day
MAX_MONTHS_APART = 1  # ... both dated to the month only
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # for messages
OPENING_CHARS = 400  # the lede: later lines bring in earlier and later days ("the vote on Sunday")
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "ja")
# Day names that are part of another name (holidays, sales, newspapers), or days still to come
# ("ahead of elections on Sunday", "bis Freitag", "dimanche prochain"): not the day of the event.
_NOT_THE_DAY = re.compile(
    r"(?:\b(?:good|black|cyber|super|ash|holy|palm|easter|maundy|bloody)\s+"
    r"|\b(?:ahead|before|until|next|coming|upcoming|will|bis|kommenden|nächsten|avant|d'ici|"
    r"antes|hasta|próximo|entro|komende|volgende|até|före|innan)\b(?:[\s,'’]+[\w'’-]+){0,4}[\s,'’]+)$",
    re.IGNORECASE)
_NOT_THE_DAY_AFTER = re.compile(
    r"^\s*(?:times|express|telegraph|mirror|post|mail|people|sport|herald|world|night football|school|"
    r"prochain|próximo|prossimo)\b", re.IGNORECASE)

# Languages that write the part of the day into the word ("Montagabend", "zondagochtend", "måndagskvällen")
_PART_OF_DAY = re.compile(
    r"^s?(?:abend|morgen|früh|vormittag|mittag|nachmittag|nacht|avond|ochtend|middag|"
    r"kväll|morgon|förmiddag|eftermiddag|natt|aften|formiddag)", re.IGNORECASE)


@cache
def _automaton(lang: str) -> ahocorasick.Automaton | None:
    """Day names of one language, lower-cased, found in one pass (a regex alternation ran 5x slower)."""
    if lang not in LANGUAGES:
        return None
    from babel.dates import get_day_names

    automaton = ahocorasick.Automaton()
    for context in ("format", "stand-alone"):
        for day, name in get_day_names("wide", context=context, locale=lang).items():
            automaton.add_word(name.lower(), (len(name), day))
    automaton.make_automaton()
    return automaton


def event_weekday(text: str, lang: str | None) -> int | None:
    """The first day of the week named in the opening (0 is Monday), or ``None``."""
    automaton = _automaton(lang) if lang else None
    if automaton is None:
        return None
    opening = text[:OPENING_CHARS].lower()
    spaced = lang != "ja"  # Japanese writes no spaces: a name needs no word edge there
    for end, (size, day) in automaton.iter(opening):
        start, stop = end - size + 1, end + 1
        joined = stop < len(opening) and opening[stop].isalnum()
        if spaced and ((start > 0 and opening[start - 1].isalnum()) or
                       (joined and not _PART_OF_DAY.match(opening[stop:]))):
            continue
        if _NOT_THE_DAY.search(opening[:start]) or _NOT_THE_DAY_AFTER.match(opening[stop:]):
            continue
        return int(day)
    return None


def days_apart(a: int, b: int) -> int:
    """Days between two weekdays, either way round the week."""
    gap = abs(a - b) % 7
    return min(gap, 7 - gap)


def usual(weekdays: Iterable[int]) -> set[int]:
    """The weekday(s) most of a story's reports name."""
    counts = Counter(weekdays)
    top = max(counts.values(), default=0)
    return {day for day, n in counts.items() if n == top}


def different_days(a: Iterable[int], b: Iterable[int]) -> bool:
    """True when two groups of reports name days two or more apart: news reports of one event name its
    day or the next (a quake before dawn is "early Monday" in Turkey and "Sunday" in New York)."""
    xs, ys = usual(a), usual(b)
    return bool(xs and ys) and all(days_apart(x, y) >= 2 for x in xs for y in ys)


@dataclass(slots=True, frozen=True)
class When:
    """What one article, or the earliest of a group of articles, says of the event's date."""

    day: date | None = None
    month: tuple[int, int] | None = None  # (year, month)
    weekdays: tuple[int, ...] = ()  # the days the openings name

    def joined(self, other: When) -> When:
        """A group's dates: the earliest (late republications do not move an event), and every weekday named."""
        return When(_earliest(self.day, other.day), _earliest(self.month, other.month),
                    self.weekdays + other.weekdays)


def when(published: str | None, weekday: int | None = None) -> When:
    """The day and month of an ISO publication date (``2024-03-26``, ``2024-03``), and a named weekday."""
    day, month = None, None
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", published or "")
    if m:
        year, month_number = int(m.group(1)), int(m.group(2))
        month = (year, month_number)
        day = date(year, month_number, int(m.group(3))) if m.group(3) else None
    return When(day, month, () if weekday is None else (weekday,))


def months_apart(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Calendar months between two (year, month) pairs."""
    return abs((a[0] * 12 + a[1]) - (b[0] * 12 + b[1]))


def conflict(x: When, y: When) -> str | None:
    """Why the two cannot be one event, or ``None``: dates compared at the finest grain both have (day, then
    month).  The weekdays their openings name decide only when one of the two has no date at all: an event
    that lasts days (a wildfire, a search) is reported on many weekdays within one month."""
    if x.day and y.day:
        gap = abs((x.day - y.day).days)
        return f"dated {min(x.day, y.day)} and {max(x.day, y.day)}, {gap} days apart" if gap > MAX_DAYS_APART else None
    both_dated = bool((x.day or x.month) and (y.day or y.month))
    if not both_dated and different_days(x.weekdays, y.weekdays):
        named = [" or ".join(DAY_NAMES[d] for d in sorted(usual(w.weekdays))) for w in (x, y)]
        return f"their reports name {named[0]} and {named[1]}"
    if x.month and y.month and months_apart(x.month, y.month) > MAX_MONTHS_APART:
        return "dated {}-{:02d} and {}-{:02d}".format(*min(x.month, y.month), *max(x.month, y.month))
    return None


def _earliest(a, b):  # type: ignore[no-untyped-def]
    return b if a is None else a if b is None else min(a, b)


# --- calendar dates named in a report's opening -----------------------------------------------------------

NAMED_DATE_CHARS = 600  # the opening: the event's date is named there when it is named at all
NAMED_DATE_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "id")
_JAPANESE_DATE = re.compile(r"(?:(?P<year>(?:19|20)\d\d)年)?(?P<month>1[0-2]|0?[1-9])月(?P<day>[0-3]?\d)日")


@dataclass(slots=True, frozen=True)
class NamedDate:
    """A calendar day a text names ("July 4", "le 2 janvier 2024", "3月26日"); the year when it is written."""

    month: int
    day: int
    year: int | None = None

    def days_to(self, other: NamedDate) -> int:
        """Days between the two, within one year when either lacks its year (round the year end)."""
        if self.year and other.year:
            return abs((_day(self.year, self.month, self.day) - _day(other.year, other.month, other.day)).days)
        gap = abs((_day(2001, self.month, self.day) - _day(2001, other.month, other.day)).days)
        return min(gap, 365 - gap)


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31))


@cache
def _month_names(lang: str) -> dict[str, int]:
    """CLDR month names of one language, wide and abbreviated, lower-cased without a trailing dot."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context=context, locale=lang).items():
                if len(key := name.lower().rstrip(".")) >= 3:
                    names[key] = int(number)
    if lang == "en":
        names["sept"] = 9  # the AP's spelling
    return names


@cache
def _date_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    month = "(?P<month>{})\\.?".format("|".join(sorted(map(re.escape, _month_names(lang)), key=len, reverse=True)))
    year = r"(?:,?\s+(?:de\s+|del\s+)?(?P<year>(?:19|20)\d\d))?"
    day_first = rf"(?<![\w.])(?P<day>[0-3]?\d)(?:\.|º|er|st|nd|rd|th)?\s+(?:de\s+|di\s+)?{month}(?!\w){year}"
    month_first = rf"(?<!\w){month}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\w){year}"
    return re.compile(day_first, re.IGNORECASE), re.compile(month_first, re.IGNORECASE)


def named_dates(text: str, lang: str | None) -> tuple[NamedDate, ...]:
    """The calendar days named in the opening, in order.  Not every one is the event's: an obituary names
    the death and the funeral, a verdict the crime.  They are evidence for a same-event decision, not a veto
    (on devpages and devpages2, the first date named by two reports of one story differed by more than
    MAX_DAYS_APART in 56 of 125 pairs)."""
    opening = text[:NAMED_DATE_CHARS]
    if lang == "ja":
        found = [(m.start(), NamedDate(int(m["month"]), int(m["day"]), int(m["year"]) if m["year"] else None))
                 for m in _JAPANESE_DATE.finditer(opening)]
    elif lang in NAMED_DATE_LANGUAGES:
        names = _month_names(lang)
        found = []
        for pattern in _date_patterns(lang):
            for m in pattern.finditer(opening):
                # English month names are capitalised; "may 2" is rarely a date
                if (lang == "en" and not m["month"][0].isupper()) or not 1 <= int(m["day"]) <= 31:
                    continue
                found.append((m.start(), NamedDate(names[m["month"].lower()], int(m["day"]),
                                                   int(m["year"]) if m["year"] else None)))
    else:
        return ()
    return tuple(d for _, d in sorted(found, key=lambda f: f[0]))
