"""Quantities in news text: value, unit normalised with pint, bound, and what is counted or measured.

"21 carriages", "a maximum speed of 60 km/h", "at least 20 hours", "more than 2,000", "twenty-one",
"between 20 and 30", "$44bn", "38%", "1,180km".  Years ("since 2019") are kept with kind ``year``,
apart from amounts, since they date an event rather than measure it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

import pint
from babel.dates import get_month_names

from newstrace.claims import numberwords
from newstrace.claims.parse import is_noun
from newstrace.claims.spans import doc_text
from newstrace.claims.units import LANGUAGES, currency_before, registry, scale_words, unit_at

# --- numbers ---------------------------------------------------------------------------------------

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12,
}
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
          "k": 1_000, "tn": 1_000_000_000_000, "milliarden": 1_000_000_000, "millionen": 1_000_000,
          "millones": 1_000_000, "mil millones": 1_000_000_000, "millions": 1_000_000, "billions": 1_000_000_000,
          "milliards": 1_000_000_000, "milliard": 1_000_000_000, "miliardi": 1_000_000_000,
          "milioni": 1_000_000, "milliarde": 1_000_000_000}
_WORD_NUMBER = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|"
                r"seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|dozen)")
# "2,300.5"; "12 345,6" (spaces group thousands in French, with either decimal mark); "2.300,5"
_DIGITS = (r"\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f ]\d{3}(?!\d))+(?:[.,]\d+)?"
           r"|\d{1,3}(?:\.\d{3}(?!\d))+(?:,\d+)?|\d+(?:[.,]\d+)?|\.\d+")
_SCALE_WORDS = (r"(?:\s?(?:hundred|thousand|million|billion|trillion|milliarden|milliarde|millionen|mil millones|"
                r"millones|milliards?|miliardi|milioni)\b"
                r"|(?:bn|mn|tn|m|b|k)\b)")
# "Y=" is Reuters' yen; "PS" is how a pound sign comes out of an ASCII transliteration ("PS6m")
_CURRENCY_BEFORE = (r"(?:US\s?\$|\$US|\$A|\$C|\$NZ|A\$|C\s?\$|(?-i:Y=)|(?-i:PS)(?=\d[\d.]*(?:m|bn)\b|\d{1,3},\d{3})"
                    r"|NZ\$|HK\$|\$|€|£|¥|₹|Rs\.?\s?|USD\s?|EUR\s?|GBP\s?|INR\s?|RM\s?)")

_NUMBER = re.compile(
    rf"(?:(?<![A-Za-z_\d.,:])|(?<=\b[A-Z]{{3}}))(?!\d{{1,2}}:\d\d)(?P<cur>{_CURRENCY_BEFORE})?(?P<num>{_DIGITS}|(?<![\w-]){_WORD_NUMBER}(?!\w)(?!-(?:thirds?|fourths?|fifths?|quarters?|halves|half)\b))"
    rf"(?P<scale>{_SCALE_WORDS})?"
    rf"(?:\s?(?:-|–|to|and|bis|und|et|à|y)\s?(?P<cur2>{_CURRENCY_BEFORE})?(?P<num2>{_DIGITS}|(?<=[\s-]){_WORD_NUMBER}(?!\w))(?P<scale2>{_SCALE_WORDS})?)?"
    r"(?![.,]?\d|st\b|nd\b|rd\b|th\b|\s?[ap]\.?m\b|(?-i:e|er|re|ère|ème|eme)\b|[ºª])",  # not part of a longer
    # number, an ordinal ("21st", "80e", "1er", "1º") or a time
    re.IGNORECASE,
)
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
# "-5 yards", "minus-130 degrees"; not "COVID -19"
_MINUS = re.compile(r"(?:(?<![\w.,])(?<!(?-i:[A-Z]{2}) )[-−]|\bminus[- ])$", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"\s+(?:{_MONTHS})\b", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)\b[a-z]?[A-Z][\w&/-]*\s+$")  # "Big 12", "iPhone 11"
# "COVID-19", "F-35": a code after a capitalised word and a hyphen; "last-32", "top-10", "under-21": a rank
_CODE_BEFORE = re.compile(r"\b[A-Z][A-Za-z]*\s?-$|\b(?!minus-)[a-z]+-$")  # also "covid-19", "last-32", "top-10"
# "category 4 hurricane", "level 3", "phase 2": a number that labels, not one that counts or measures
_LABEL_BEFORE = re.compile(r"\b(?:category|level|grade|phase|stage|tier|class|type|chapter|section|article|"
                           r"episode|season|no\.|number)\s$", re.IGNORECASE)
# "numéro d'urgence 911", "en el minuto 23", "Artikel 5": a number that labels, in German, French and Spanish
_LABEL_BEFORE_ELSEWHERE = re.compile(r"\b(?:numéro|número|nummer|n[°º]|minuto|minute|artikel|article|artículo|"
                                     r"kapitel|chapitre|capítulo|etapa|étape|stufe|kategorie|catégorie|"
                                     r"categoría|siglo|siècle|jahrhundert)(?:\s[\w'’-]+){0,2}\s$", re.IGNORECASE)
# "a los 80 descontaría", "en los 81 repite": a minute of a match, said without its unit
_MATCH_MINUTE_BEFORE = re.compile(r"\b(?:a|en) los\s$", re.IGNORECASE)
# "4K", "8K": a screen's resolution, a name; a sum of money in thousands has its currency ("$4K")
_GLUED_K = re.compile(r"\d(?-i:K)$")
# "Maddon, 66, has used": an age set off by commas after a name
_AGE_APPOSITION = re.compile(r"\b[A-Z][\w'’-]+,\s$")
# "Dak Prescott (4) celebrates": a player's shirt number in brackets after a name
_SHIRT_NUMBER = re.compile(r"\b[A-Z][\w'’-]+\s\($")
# "the sp 500 was down": a stock index, also written in lower case
_INDEX_BEFORE = re.compile(r"\b(?:s&?p|ftse|nasdaq|russell|stoxx|nikkei|dax|asx|cac|kospi|sensex|nifty|tsx|ibex)\s?$",
                           re.IGNORECASE)
# "575 Wilbraham Road", "9 E 71st St": a house number
_STREET_AFTER = re.compile(r"\s(?:[NSEW]\.?\s)?(?:[A-Z0-9][\w'.-]*\s){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Way|Lane|"
                           r"Drive|Boulevard|Blvd|Place|Court|Terrace|Highway|Square)\b")

# --- bounds ---------------------------------------------------------------------------------------

_BOUNDS = [
    (re.compile(r"(?:at least|no fewer than|no less than|a minimum of|mindestens|al menos|au moins)\s+$", re.I), ">="),
    (re.compile(r"(?:more than|over|above|in excess of|upwards of|exceeding|mehr als|über|más de|plus de)\s+$",
                re.I), ">"),
    (re.compile(r"(?:up to|at most|no more than|a maximum of|as many as|bis zu|hasta|jusqu'à)\s+$", re.I), "<="),
    (re.compile(r"(?:less than|fewer than|under|below|weniger als|menos de|moins de)\s+$", re.I), "<"),
    (re.compile(r"(?:about|around|nearly|almost|roughly|some|approximately|an estimated|close to|rund|etwa|fast|"
                r"casi|cerca de|unos|près de|environ)\s+$", re.I), "~"),
]
_MAGNITUDE_BEFORE = re.compile(r"\b(?:magnitude|magnitud|magnitudo|stärke|kracht|richter)(?:\s(?!de\b|of\b)\w+)?"
                               r"(?:\s(?:of|de|von|van|di))?"
                               r"\s(?:(?:about|around|rund|etwa|de|environ)\s)?$", re.IGNORECASE)
_RICHTER_AFTER = re.compile(r"\s(?:(?:en la escala(?: de)?|on the|auf der|sur l'échelle de)\s)?Richter", re.IGNORECASE)
_BETWEEN = re.compile(r"(?:between|from|zwischen|von|entre|de)\s+$", re.I)

# --- units ----------------------------------------------------------------------------------------

# surface form (lower case) -> pint unit, or a currency code (pint has no currencies)
_UNITS: dict[str, str] = {
    "km/h": "km/h", "kph": "km/h", "kmh": "km/h", "km/hr": "km/h", "kilometres per hour": "km/h",
    "kilometers per hour": "km/h", "mph": "mile/hour", "miles per hour": "mile/hour", "knots": "knot", "knot": "knot",
    "km": "kilometer", "kilometres": "kilometer", "kilometers": "kilometer", "kilometre": "kilometer",
    "kilometer": "kilometer", "m": "meter", "metres": "meter", "meters": "meter", "metre": "meter", "meter": "meter",
    "cm": "centimeter", "mm": "millimeter", "miles": "mile", "mile": "mile", "feet": "foot", "ft": "foot",
    "foot": "foot", "inches": "inch", "inch": "inch", "yards": "yard", "yard": "yard",
    "kg": "kilogram", "kilograms": "kilogram", "kilos": "kilogram", "grams": "gram",
    "tonnes": "tonne", "tonne": "tonne", "tons": "tonne", "ton": "tonne", "pounds of": "pound", "lbs": "pound",
    "lb": "pound",
    "seconds": "second", "second": "second", "minutes": "minute", "minute": "minute", "mins": "minute",
    "hours": "hour", "hour": "hour", "hrs": "hour", "days": "day", "day": "day", "weeks": "week", "week": "week",
    "months": "month", "month": "month", "years": "year", "year": "year", "decades": "decade", "decade": "decade",
    "centuries": "century", "century": "century", "stunden": "hour", "horas": "hour", "heures": "hour",
    "litres": "liter", "liters": "liter", "litre": "liter", "liter": "liter", "gallons": "gallon", "gallon": "gallon",
    "barrels": "barrel", "barrel": "barrel", "pints": "pint", "pint": "pint", "quarts": "quart", "quart": "quart",
    "ounces": "ounce", "ounce": "ounce", "oz": "ounce", "fluid ounces": "fluid_ounce", "fluid ounce": "fluid_ounce",
    "°c": "degree_Celsius", "degrees celsius": "degree_Celsius", "celsius": "degree_Celsius",
    "°f": "degree_Fahrenheit", "degrees fahrenheit": "degree_Fahrenheit", "fahrenheit": "degree_Fahrenheit",
    "degrees": "degree",
    "kw": "kilowatt", "kilowatts": "kilowatt", "mw": "megawatt", "megawatts": "megawatt", "gw": "gigawatt",
    "gigawatts": "gigawatt", "kwh": "kilowatt_hour", "hp": "horsepower", "horsepower": "horsepower",
    "gb": "gigabyte", "gigabytes": "gigabyte", "mb": "megabyte", "tb": "terabyte",
    "acres": "acre", "acre": "acre", "hectares": "hectare", "hectare": "hectare",
    "square metres": "meter**2", "square meters": "meter**2", "sq m": "meter**2", "square kilometres": "km**2",
    "square kilometers": "km**2", "square miles": "mile**2", "sq km": "km**2", "km2": "km**2",
    "%": "percent", "per cent": "percent", "percent": "percent", "prozent": "percent", "por ciento": "percent",
    "pour cent": "percent", "percentage points": "percentage_point",
    "magnitude": "magnitude", "mpg": "mile/gallon", "miles per gallon": "mile/gallon",
    "square feet": "foot**2", "sq ft": "foot**2", "sq. ft.": "foot**2", "sqm": "meter**2",
    "w": "watt", "watts": "watt", "min": "minute", "l": "liter", "mbps": "megabit/second", "gbps": "gigabit/second",
    "nm": "newton*meter", "ps": "metric_horsepower", "lb ft": "foot*pound_force", "lb-ft": "foot*pound_force",
    "pound-feet": "foot*pound_force", "pound feet": "foot*pound_force", "pc": "percent", "degf": "degree_Fahrenheit",
    "deg f": "degree_Fahrenheit", "degc": "degree_Celsius", "deg c": "degree_Celsius", "m.p.h.": "mile/hour",
    "m.p.h": "mile/hour", "ghz": "gigahertz", "mhz": "megahertz", "khz": "kilohertz", "hz": "hertz",
    "nanometers": "nanometer", "nanometres": "nanometer", "nanometer": "nanometer", "nanometre": "nanometer",
    "decibels": "decibel", "decibel": "decibel", "parts per million": "ppm", "ppm": "ppm", "parts per billion": "ppb",
    "ppb": "ppb",
}
# "per day", "a barrel": a rate's second unit
_PER = re.compile(r"[\s-](?:per|a|an|each|por|je|pro|par)[\s-](?P<per>day|week|month|year|hour|minute|second|gallon|"
                  r"barrel|share|acción|aktie|action|"
                  r"ounce|litre|liter|kilo|kilogram|tonne|person|head|game|night|capita|"
                  r"square (?:foot|feet|metre|meter)|sq\.? ?ft)\b(?!\s(?:earlier|ago|before|later|after|on)\b)",
                  re.IGNORECASE)
_PER_WORDS = {"acción": "share", "aktie": "share", "action": "share"}
# Units pint does not measure in, kept by name: ages, per-game statistics.
_NAMED_UNITS = {"year-old": "year of age", "years-old": "year of age", "years old": "year of age",
                "year old": "year of age", "ppg": "point per game", "rpg": "rebound per game",
                "apg": "assist per game", "points per game": "point per game", "tds": "touchdown",
                "touchdowns": "touchdown", "cents": "cent"}
_CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "us dollars": "USD", "dólares": "USD", "euros": "EUR", "euro": "EUR",
    "pounds": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "rupees": "INR", "ringgit": "MYR",
    "shekels": "ILS", "francs": "CHF", "dollar-": "USD", "dollars américains": "USD", "dólares estadounidenses": "USD",
    "libras": "GBP", "livres": "GBP", "us-dollar": "USD", "us-dollars": "USD",
    # codes after the figure: "108.79 JPY=", "5 EUR"
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "chf": "CHF", "cad": "CAD", "aud": "AUD", "inr": "INR",
}
_OF_CURRENCY = re.compile(r"\s(?:de|d['’])\s?(?P<unit>dólares|dollars|euros|libras|livres|francs)\b", re.IGNORECASE)
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
                   "¥": "JPY", "₹": "INR", "rs": "INR", "rs.": "INR", "a$": "AUD", "c$": "CAD", "nz$": "NZD",
                   "hk$": "HKD", "inr": "INR", "rm": "MYR", "$us": "USD", "us $": "USD", "$a": "AUD", "$c": "CAD",
                   "$nz": "NZD", "c $": "CAD", "y=": "JPY", "ps": "GBP"}
_UNIT_AFTER = re.compile(
    r"[\s-]?(?P<unit>" + "|".join(sorted((re.escape(u) for u in (*_UNITS, *_CURRENCY_WORDS, *_NAMED_UNITS)),
                                          key=len, reverse=True))
    + r")(?![\w/])",
    re.IGNORECASE,
)
_NOUN_AFTER = re.compile(r"(?:\s(?:(?:more|new|additional|other|extra|of the|of)\s)?|-)(?P<noun>[a-z][a-z\-]{2,})\b")
# in other languages the next word, whatever its case or accents: "410 sièges", "284 Menschen"
_NOUN_AFTER_ANY = re.compile(r"[\s-](?P<noun>[^\W\d_][^\W\d_-]{2,})\b")
_NOT_COUNTED = frozenset(
    "and or to of in on at by for with from the a an as than that which who is are was were be been has have had "
    "will would per cent percent times time year-old years-old year old".split()
)
# function words and common verbs of other languages that follow numbers ("7,9 hatte", "4.17 uur")
_NOT_COUNTED_ELSEWHERE = frozenset(
    "hatte hat haben wurde wurden war waren ist sind gemessen uhr uur ten van het een op naar bij der die das den "
    "dem des und mit von auf los las del de en y que con por para les des une dans pour avec sur et il ha hanno "
    "da di per nel sono era heures horas".split())
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


@dataclass(slots=True)
class Quantity:
    """One quantity, with its span in the text."""

    text: str
    start: int
    end: int
    value: float
    unit: str | None
    kind: str = "amount"  # amount, currency, percent, count, year, fraction
    bound: str = "="  # =, ~, >, >=, <, <=, range
    high: float | None = None  # the top of a range
    of: str | None = None  # what is counted or measured
    normalized: dict[str, Any] = field(default_factory=dict)  # value and unit in base units (pint)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "unit": self.unit,
                "kind": self.kind, "bound": self.bound, "high": self.high, "of": self.of,
                "normalized": self.normalized}


def parse_number(raw: str, decimal_comma: bool = False) -> float | None:
    """The value of "2,300", "7.8", "1.180" (a thousands point when three digits follow), "twenty-one"."""
    text = raw.strip().lower().replace("\u00a0", " ").replace("\u202f", " ")
    if text in _SMALL:
        return float(_SMALL[text])
    parts = re.split(r"[- ]", text)
    if all(p in _SMALL for p in parts):
        return float(sum(_SMALL[p] for p in parts))
    digits = text.replace(" ", "")
    if decimal_comma and not re.fullmatch(r"\d+\.\d{1,2}", digits):
        digits = digits.replace(".", "").replace(",", ".")  # "2.300 Tote", "7,8"; "7.8" stays a decimal point
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        digits = digits.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", digits):
        digits = digits.replace(".", "").replace(",", ".")  # "1.180 km", "2.300 Tote": a thousands point
    elif re.fullmatch(r"\d+,\d{1,2}", digits):
        digits = digits.replace(",", ".")  # "7,8": a decimal comma
    else:
        digits = digits.replace(",", "")
    try:
        return float(digits)
    except ValueError:
        return None


def find_quantities(text: str, decimal_comma: bool = False, docs: list[tuple[int, Any]] | None = None,
                    english: bool = True, lang: str | None = None) -> list[Quantity]:
    """Every quantity in ``text``, left to right.  Where spaCy ``docs`` (offset, doc) of the text cover a
    number, its counted noun comes from the parse ("two new 737 Max jets" counts jets); elsewhere, from
    the next word.  In other languages numbers written as English words are not read ("ten" is Dutch
    for "at the"), and common function words and verbs are not taken for counted nouns.  ``lang`` (de, fr,
    es) reads that language's scale words as CLDR has them ("2,5 Mrd.", "20 millions", "3 billones")."""
    found = _fractions(text) if english else []
    skip = [(q.start, q.end) for q in found] + _not_quantities(text, english, lang)
    pos = 0
    while (m := _NUMBER.search(text, pos)) is not None:
        pos = m.end()
        if not english and not m.group("num")[0].isdigit():
            continue
        if skip and any(a <= m.start() < b for a, b in skip):
            continue
        first_end = _not_a_range(m, decimal_comma)
        if first_end is not None:  # "in 2008 to 29 mpg": two figures, read one at a time
            pos = m.start("cur2") if m.group("cur2") else m.start("num2")
            first = _NUMBER.match(text, m.start(), first_end)
            if first is None:
                continue
            m = first
        quantity = _quantity(text, m, decimal_comma, docs or [], english, lang)
        if quantity is not None:
            found.append(quantity)
    found.sort(key=lambda q: q.start)
    _share_units(text, found)
    _elliptic_counts(text, found)
    if english:
        _elliptic_units(text, found)
    _elliptic_decimals(text, found)
    taken = [(q.start, q.end) for q in found]
    if lang in numberwords.LANGUAGES:
        more = _spelled(text, lang, taken)
    else:
        vague = _VAGUE.finditer(text) if _holds(text, _VAGUE_HINTS) else iter(())
        more = [q for q in (_vague(text, v) for v in vague)
                if not any(a < q.end and q.start < b for a, b in taken)]
    return sorted(found + more, key=lambda q: q.start) if more else found


def _spelled(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """Numbers spelled in German, French or Spanish that count or measure something ("cinq ans", "cuatro
    horas", "zwölf Menschen"), and vague magnitudes ("miles de personas"); a spelled number with neither a
    unit nor a counted noun after it is left alone ("neuf" is also "new")."""
    found: list[Quantity] = []
    spelled_before = re.compile(r"(?:\d|\b(?:" + numberwords.pattern(lang).pattern + r"))[ \u00a0]$", re.IGNORECASE)
    for m in numberwords.vague_pattern(lang).finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken) \
                or spelled_before.search(text, max(0, m.start() - 30), m.start()):
            continue  # "zwei Milliarden Euro", "dos millones de personas": a figure with its scale word
        low = float(numberwords.VAGUE[lang][" ".join(m.group("word").casefold().split())])
        noun = m.group("noun")
        unit, kind, end = _unit(text, m.start("noun") - 1, None, letters=True)
        if unit is None and noun.casefold() in numberwords.PRONOUNS[lang]:
            kind, end = "amount", m.end("word")  # "un millar de ellos": what is counted is said before
        elif unit is None:
            unit, kind, end = noun.casefold(), "count", m.end()
        q = Quantity(text[m.start():end], m.start(), end, low, unit, kind, "range", low * 10,
                     unit if kind == "count" else None)
        q.normalized = normalise(q)
        found.append(q)
    taken = taken + [(q.start, q.end) for q in found]
    found += _about(text, lang, taken)
    taken = taken + [(q.start, q.end) for q in found]
    if lang == "de":
        found += _spelled_spans(text, taken)
        taken = taken + [(q.start, q.end) for q in found]
    spelled = numberwords.words(lang)
    for m in numberwords.pattern(lang).finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        value = float(spelled[" ".join(m.group(0).casefold().split())])
        factor, after = _language_scale(text, m.end(), lang)  # "drei Millionen", "tres mil millones"
        value *= factor
        unit, kind, end = _unit(text, after, None, letters=True)
        if _fraction_word(unit, lang):
            unit, kind, end = None, "amount", after
        window = max(0, m.start() - 40)
        bound, opening = _bound(text[window:m.start()])
        if unit is None and factor != 1.0:
            counted = _counted_noun(text, after, [], False, lang, value) or _noun_after_scale(text, after)
            unit, kind, end = (counted[0], "count", counted[1]) if counted else (None, "amount", after)
        elif unit is None:
            counted = _counted_noun(text, m.end(), [], False, lang, value)
            if counted is None and not _stands_for_a_count(text, m.end(), lang, bound):
                continue
            if counted is not None:
                unit, kind, end = counted[0], "count", counted[1]
        start = window + opening.start() if opening is not None else m.start()
        q = Quantity(text[start:end], start, end, value, unit, kind, bound, None, unit if kind == "count" else None)
        q.normalized = normalise(q)
        found.append(q)
        taken.append((m.start(), end))  # "tres mil millones": "mil" is part of the figure read
    return found


@lru_cache(maxsize=1)
def _spelled_span_pattern() -> re.Pattern[str]:
    alternatives = sorted(numberwords.words("de"), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?P<num>" + "|".join(map(re.escape, alternatives)) + r")" + _SPAN_ENDING,
                      re.IGNORECASE)


def _spelled_spans(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """German time spans spelled in one word: "nach zehnstündiger Beratung" (10 hours)."""
    found = []
    spelled = numberwords.words("de")
    for m in _spelled_span_pattern().finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        q = Quantity(m.group(0), m.start(), m.end(), float(spelled[m.group("num").casefold()]),
                     _SPAN_UNITS[m.group(2).casefold()])
        q.normalized = normalise(q)
        found.append(q)
    return found


# what a spelled number that counts people or things already named stands before: "deux autres ont été
# blessées", "zwei wurden verletzt" (the verbs "to be", "to have", "to become" of each language)
_SUBJECT_AFTER = re.compile(r"\s(?:autres|otros|otras|weitere|weiteren|andere|anderen)?\s?(?:"
                            r"ont|sont|étaient|avaient|furent|seront|fueron|están|estaban|son|eran|han|habían|"
                            r"resultaron|wurden|waren|sind|haben|hatten|werden|seien|wären)\b"
                            r"|\s(?:autres|otros|otras)\s(?=[^\W\d_]+(?:ées?|és|ados|adas|idos|idas)\b)"
                            r"|\s(?:weitere|weiteren|andere|anderen)\s(?=(?-i:[a-zäöüß]))", re.IGNORECASE)


def _stands_for_a_count(text: str, end: int, lang: str, bound: str) -> bool:
    """A spelled number with no noun after it that still counts: the subject of a verb ("deux autres ont
    été blessés", "zwei wurden verletzt"), or a bound's figure closing a clause ("al menos cinco.")."""
    if _SUBJECT_AFTER.match(text, end):
        return True
    return bound != "=" and re.match(r"\s*(?:[.;,)!?]|$)", text[end:end + 3]) is not None


def _about(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """"une dizaine de morts" (about 10 counted deaths), "une centaine de mètres".  Not without what is
    counted after it ("dont un millier à Istanbul"): read bare, such figures fell into no claim slot with
    the figures they restate (claims_devpages slot-pair F1 0.412 -> 0.404)."""
    found: list[Quantity] = []
    for m in numberwords.about_pattern(lang).finditer(text):
        noun = (m.group("noun") or "").casefold()
        if not noun or noun in numberwords.PRONOUNS[lang] or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        value = float(numberwords.ABOUT[lang][" ".join(m.group("word").casefold().split())])
        unit, kind, end = _unit(text, m.start("noun") - 1, None, letters=True)
        if unit is None:
            unit, kind, end = noun, "count", m.end()
        q = Quantity(text[m.start():end], m.start(), end, value, unit, kind, "~", None,
                     unit if kind == "count" else None)
        q.normalized = normalise(q)
        found.append(q)
    return found


# "https://example.org/2024/05/46ac1.png", "data:image/png;base64,...": figures of an address
_ADDRESS = re.compile(r"(?:\b[a-z][a-z\d+.-]*://|\bwww\.|\bdata:)[^\s\"'<>)\]]+", re.IGNORECASE)
_DATE_STAMP = re.compile(r"\b\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z?)?")
# "12/03/2024", "12.03.24", "2024/3/12": a date written in figures
_NUMERIC_DATE = re.compile(r"(?<![\w.,/-])(?:\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d\d)|\d{4}([./])\d{1,2}\2\d{1,2})"
                           r"(?![\w/-]|[.,]\d)")
# "+1 (212) 555-0199", "555-123-4567", "020 7946 0958": groups of digits that dial a number
_PHONE = re.compile(r"(?<![\w.,+-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{1,5}(?:[\s.-]\d{2,5}){1,4}"
                    r"(?![\w-]|[.,]\d)")
_THOUSANDS = re.compile(r"\d{1,3}(?:([ .,\u00a0\u202f])\d{3})(?:\1\d{3})*")
_ISBN = re.compile(r"\bISBN(?:-1[03])?:?\s*[\dX][\d\s-]{8,15}[\dX]\b|(?<![\w-])97[89]-\d{1,5}-\d{1,7}-\d{1,7}-[\dX]\b",
                   re.IGNORECASE)
# "won 3-1", "a 24-17 defeat": a score, two small whole numbers with a game's word about them
_SCORE = re.compile(r"(?<![\w.,:-])\d{1,3}(?:\s?[-–:]\s?|\sà\s)\d{1,3}(?![\w.,:]?\d|\s?(?:%|per|percent))")
_GAME_WORDS = re.compile(r"\b(?:won|win|wins|winning|lost|lose|loses|losing|loss|beat|beats|beaten|defeat|defeated|"
                         r"defeats|victory|draw|drew|tied|lead|led|leads|trail|trailed|score|scored|scores|scoreline|"
                         r"match|game|games|final|half-time|halftime|goals?|points?|sets?|innings|vote|votes|voted|"
                         r"ruled|ruling|decision|margin|"
                         # German, French, Spanish
                         r"spiel|tor|tore|sieg|endete|elfmeterschießen|halbzeit|verlängerung|menait|mi-temps|"
                         r"prolongation|victoire|buts?|t\.a\.b|partido|goles?|penales|prórroga|finale?|"
                         r"führung|elfmeter|foulelfmeter|durchgang|treffer|doublé|triplé|penal|alargue|marcador|"
                         r"descanso|empate|igualdad|menant|mène|période|vestiaires|pénalty)\b",
                         re.IGNORECASE)


# "16.10 Uhr", "18 h 50", "14h30", "09H34", "4 h GMT", "0530 GMT", "a las 9:34 horas", "5 heures du matin"
_CLOCK = re.compile(r"(?<![\w.,])(?:\d{1,2}[:hH]\d{2}(?![.,]?\d)|\d{1,2}\.\d{2}\s?(?:Uhr|h|horas?|heures?)\b"
                    r"|\d{1,2}\s?h\s?\d{2}\b|\d{1,4}(?:[.:]\d{2})?\s?(?:Uhr|GMT|UTC|MEZ|MESZ|CET|CEST|EST|EDT|PST|PDT|JST|"
                    r"ET)\b|\d{1,2}\s?h\s?(?:GMT|UTC|locale|du matin|du soir)\b|\d{1,2}\s?heures? du (?:matin|soir)\b)")
# "a las 16.10", "um 9.34": a time after the word that introduces one, where a point parts hours and minutes
_CLOCK_AFTER_WORD = re.compile(r"\b(?:a las|um|gegen|vers|à|hacia las|sobre las)\s(\d{1,2}\.\d{2})(?![.,]?\d)"
                               r"|\b(?i:vers|à|dès|jusqu'à|avant|après)\s(\d{1,2}\s?h)(?!\w)")
# "13 mars", "28 de diciembre", "am 10. März", "1er janvier": a day of a month in German, French or Spanish
_MONTH_NAMES = sorted({name.lower().rstrip(".") for lang in ("de", "fr", "es") for width in ("wide", "abbreviated")
                       for name in get_month_names(width, locale=lang).values()}, key=len, reverse=True)
_DAY_OF_MONTH = re.compile(r"(?<![\w.,])\d{1,2}(?:\.|er|º|°)?\s+(?:de\s+)?(?:" + "|".join(map(re.escape, _MONTH_NAMES))
                           + r")\b\.?", re.IGNORECASE)


# "auf 2:0", "(3-2)": a score, in languages whose times of day never have one digit after the colon
_SHORT_SCORE = re.compile(r"(?<![\w.,:])\d{1,2}:\d(?![\w.,:]?\d)|\(\d{1,2}\s?[-–:]\s?\d{1,2}\)")
# "aus dem 12. Jahrhundert", "in der 23. Minute", "Messi (23.)": a German ordinal after an article, a
# contracted preposition or a possessive, or alone in brackets
_GERMAN_ORDINAL = re.compile(r"\b(?i:der|die|das|dem|den|des|am|im|zum|zur|vom|beim|ins|(?:sein|ihr|mein|unser)"
                             r"(?:e|em|en|er))\s(?P<ordinal>\d{1,3}\.)(?=\s|$)|(?P<alone>\(\d{1,3}\.\))"
                             r"|(?P<listed>(?<![\d.,])\d{1,3}\.(?=[,)]))")  # "(80., Foulelfmeter, 81.)"


def _not_quantities(text: str, english: bool = True, lang: str | None = None) -> list[tuple[int, int]]:
    """Spans of figures that are not quantities: date stamps and dates in figures or with a month named in
    German, French or Spanish, times of day, phone numbers, ISBNs and scores ("3-1", "3:3", "2 à 0";
    "5-4 ruling" of a court too); in other languages also "2:0" and "(3-2)", and German ordinals ("im 12.
    Jahrhundert", "(23.)")."""
    windows = _near_digits(text)
    spans = [m.span() for m in _scan(_DATE_STAMP, text, windows)]
    spans += [m.span() for m in _scan(_NUMERIC_DATE, text, windows)]
    if "://" in text or "www." in text or "data:" in text:
        spans += [m.span() for m in _ADDRESS.finditer(text)]
    spans += [m.span() for m in _scan(_CLOCK, text, windows)]
    if not english:  # English months are read where each figure is (_MONTH_BEFORE, _MONTH_AFTER)
        spans += [m.span() for m in _scan(_DAY_OF_MONTH, text, windows)]
        spans += [m.span(1) if m.group(1) else m.span(2) for m in _scan(_CLOCK_AFTER_WORD, text, windows)]
        spans += [m.span() for m in _scan(_SHORT_SCORE, text, windows)]
    if lang == "de":
        spans += [m.span("ordinal") if m.group("ordinal") else m.span()
                  for m in _scan(_GERMAN_ORDINAL, text, windows)]

    if "97" in text or "isbn" in text.lower():  # the pattern is slow to scan; most texts hold neither
        spans += [m.span() for m in _scan(_ISBN, text, windows)]
    spans += [m.span() for m in _scan(_PHONE, text, windows) if _dials(m.group(0))]
    spans += [m.span() for m in _scan(_SCORE, text, windows) if _is_score(text, m, english)]
    return spans


# Each pattern above holds a digit within a few characters of either end of what it matches, so it is run
# only on the stretches of text around digits, with this much on each side: most of a news text has none,
# and Python's regular expressions try every position of what they scan (a third of the reader's time).
_DIGIT_REACH = 64
_DIGIT_RUN = re.compile(r"\d+")


def _near_digits(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` within _DIGIT_REACH characters of a digit, merged."""
    windows: list[tuple[int, int]] = []
    for m in _DIGIT_RUN.finditer(text):
        start, end = max(0, m.start() - _DIGIT_REACH), min(len(text), m.end() + _DIGIT_REACH)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _scan(pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches hold a digit: the same matches, found by
    scanning the stretches near digits only (what is before a stretch is still seen by look-behinds)."""
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


def _dials(figures: str) -> bool:
    """Seven or more digits in three or more groups, or a "555-0199" pair; not "2 300 000" nor "1998-2004"."""
    if _THOUSANDS.fullmatch(figures):
        return False
    digits = sum(c.isdigit() for c in figures)
    groups = re.findall(r"\d+", figures)
    if figures.startswith(("+", "(")):
        return digits >= 7
    return digits >= 7 and (len(groups) >= 3 or re.fullmatch(r"\d{3}-\d{4}", figures) is not None)


def _is_score(text: str, m: re.Match[str], english: bool = True) -> bool:
    """A pair of small numbers with a game's word within a few words (in other languages, within the
    sentence: their match reports name the game less often next to the score), and no unit or range word
    about it."""
    if _BETWEEN.search(text, max(0, m.start() - 10), m.start()) or _unit_follows(text, m.end()):
        return False
    if english:
        return _GAME_WORDS.search(text, max(0, m.start() - 40), min(len(text), m.end() + 25)) is not None
    start, end = _sentence_around(text, m.start(), m.end())
    return _GAME_WORDS.search(text, start, end) is not None


def _sentence_around(text: str, start: int, end: int, reach: int = 200) -> tuple[int, int]:
    """The span of the sentence holding ``start``-``end``, at most ``reach`` characters each way."""
    head = text.rfind("\n", max(0, start - reach), start)
    stops = [m.end() for m in _SENTENCE_BREAK.finditer(text, max(0, start - reach), start)]
    first = max([head + 1, *stops, max(0, start - reach)])
    tail = _SENTENCE_BREAK.search(text, end, min(len(text), end + reach))
    return first, tail.start() if tail is not None else min(len(text), end + reach)
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6,
                 "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_WORD_FRACTION = re.compile(r"\b(?P<num>an?|one|two|three|four|five|six|seven|eight|nine|\d)[ -](?P<den>halfs?|halves|"
                            r"thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\s+of\b",
                            re.IGNORECASE)
_ONE_IN = re.compile(rf"\b(?P<num>one|\d+)\s+(?:out of|in)\s+(?:every\s+)?(?P<den>{_WORD_NUMBER}|\d+)\b"
                     r"(?:\s+(?P<noun>[a-z]\w+s)\b)?", re.IGNORECASE)
_SLASH_FRACTION = re.compile(r"(?<![\d/.,])(?P<num>\d{1,2})\s?[/⁄](?P<den>\d{1,3})(?![\d/⁄])"
                             r"(?:\s+of\s+(?:an?|the)\s+(?:(?:US|UK|imperial)\s+)?|[ -](?=\w))(?P<unit>[a-z]+)",
                             re.IGNORECASE)


# words one of which a pattern needs: a text without any is not scanned with it (a plain search is faster)
_DENOMINATOR_HINTS = ("hal", "third", "quarter", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_VAGUE_HINTS = ("dozens", "hundreds", "thousands", "millions", "billions")


def _holds(text: str, words: tuple[str, ...]) -> bool:
    lower = text.lower()
    return any(w in lower for w in words)


def _fractions(text: str) -> list[Quantity]:
    """Shares: "a third of", "one out of three Germans", "1/16 of a US pint" (0.0625 pint).  A share of
    nothing measured has the unit "fraction" and a value between 0 and 1."""
    found: list[Quantity] = []
    for m in _WORD_FRACTION.finditer(text) if _holds(text, _DENOMINATOR_HINTS) else ():
        num, den = m.group("num").lower(), m.group("den").lower().rstrip("s")
        top = 1.0 if num in ("a", "an") else parse_number(num)
        parts = _DENOMINATORS.get("half" if den.startswith("hal") else den)
        if top is not None and parts:
            found.append(_share(text, m.start(), m.end("den"), top / parts, None))
    for m in _ONE_IN.finditer(text):
        some, every = parse_number(m.group("num")), parse_number(m.group("den"))
        if some is not None and every and some < every:
            found.append(_share(text, m.start(), m.end("den"), some / every, m.group("noun")))
    for m in _scan(_SLASH_FRACTION, text, _near_digits(text)) if "/" in text or "⁄" in text else ():
        numerator, denominator = int(m.group("num")), int(m.group("den"))
        unit = _UNITS.get(m.group("unit").lower())
        if 0 < numerator < denominator and unit is not None:
            q = Quantity(text[m.start():m.end()], m.start(), m.end(), numerator / denominator, unit)
            q.normalized = normalise(q)
            found.append(q)
    return found


def _share(text: str, start: int, end: int, value: float, noun: str | None) -> Quantity:
    q = Quantity(text[start:end], start, end, value, "fraction", "fraction", of=noun.lower() if noun else None)
    q.normalized = {"value": value, "unit": "fraction"}
    return q


_SUSPENDED = re.compile(r"-?,?\s*(?:or|and|to|,)?\s*")


def _share_units(text: str, found: list[Quantity]) -> None:
    """"7- or 8-inch", "5-, 10- and 15-minute": a bare number takes the unit of the one it is listed with."""
    for i in range(len(found) - 2, -1, -1):
        q, after = found[i], found[i + 1]
        if q.unit is None and after.unit and after.kind != "count" and text[q.end:q.end + 1] == "-" \
                and _SUSPENDED.fullmatch(text, q.end, after.start):
            q.unit, q.kind = after.unit, after.kind
            q.normalized = normalise(q)


_MORE_AFTER = re.compile(r"\s+(?:more|others?|additional|further)\b(?!\s+than)", re.IGNORECASE)


def _elliptic_counts(text: str, found: list[Quantity]) -> None:
    """"Two people died and 15 more needed treatment": a bare figure followed by "more" counts what the
    figure before it in the sentence counted."""
    for before, q in pairwise(found):
        if q.unit is None and before.kind == "count" and _MORE_AFTER.match(text, q.end) \
                and not _SENTENCE_BREAK.search(text, before.end, q.start):
            q.unit, q.kind, q.of = before.unit, "count", before.of
            q.normalized = normalise(q)


_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n")
# "from 21 mpg combined to 23", "3.9 million headsets, up from 2.4 million": the second figure leaves its unit unsaid
_COMPARED_BEFORE = re.compile(r"\b(?:(?:up|down) from|compared (?:with|to)|against|versus|vs\.?)\s+$", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|around\s+)?$", re.IGNORECASE)
ELLIPSIS_REACH = 60  # characters between the two figures, at most
_DECIMALS = re.compile(r"\d[.,](\d{1,2})(?!\d)")


def _elliptic_decimals(text: str, found: list[Quantity]) -> None:
    """"eine Stärke von 7,6, die USGS spricht von 7,5": a bare figure given to as many decimals as the measure
    just before it in the sentence is read as the same measure.  Not after a share or a count."""
    for before, q in pairwise(found):
        if q.unit is not None or before.unit is None or before.kind in ("year", "fraction", "percent", "count") \
                or q.start - before.end > 2 * ELLIPSIS_REACH or _SENTENCE_BREAK.search(text, before.end, q.start):
            continue
        mine, theirs = _DECIMALS.search(q.text), _DECIMALS.search(before.text)
        if mine is not None and theirs is not None and len(mine.group(1)) == len(theirs.group(1)):
            q.unit, q.kind, q.of = before.unit, before.kind, before.of
            q.normalized = normalise(q)


def _elliptic_units(text: str, found: list[Quantity]) -> None:
    """A unitless figure compared with the figure before it in the sentence takes that figure's unit: "from
    208 pounds to 193", "up from 2.4 million".  Not after a share ("rose 5% to 120" gives a price)."""
    for before, q in pairwise(found):
        if q.unit is not None or before.unit is None or before.kind in ("year", "fraction", "percent") \
                or q.start - before.end > ELLIPSIS_REACH or _SENTENCE_BREAK.search(text, before.end, q.start):
            continue
        lead = text[max(0, q.start - 20):q.start]
        if _COMPARED_BEFORE.search(lead) or (_TO_BEFORE.search(lead)
                                             and _FROM_BEFORE.search(text, max(0, before.start - 20), before.start)):
            q.unit, q.kind, q.of = before.unit, before.kind, before.of
            q.normalized = normalise(q)


# "dozens of people", "tens of thousands of students": a range of one order of magnitude.
_VAGUE = re.compile(r"\b(?P<tens>tens of |hundreds of )?(?P<word>dozens|hundreds|thousands|millions|billions)\b"
                    r"(?:\s+of\s+(?:(?:the|their|its|his|her)\s+)?(?P<noun>[\w-]+(?:\s+[\w-]+){0,2}))?",
                    re.IGNORECASE)
_PLURALS = frozenset("people children men women police staff cattle".split())
_VAGUE_LOW = {"dozens": 12, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000}


def _vague(text: str, m: re.Match[str]) -> Quantity:
    low = float(_VAGUE_LOW[m.group("word").lower()])
    if m.group("tens"):
        low *= 10 if m.group("tens").lower().startswith("tens") else 100
    words = m.group("noun").split() if m.group("noun") else []
    # the first plural in the next words is what is counted: "thousands of COVID-19 tests from ..."
    found = next((i for i, w in enumerate(words) if w.lower() in _PLURALS
                  or (len(w) > 3 and w.endswith("s") and not w.endswith("ss"))), None)
    noun = words[found].lower() if found is not None else None
    end = m.start("noun") + len(" ".join(words[:found + 1])) if found is not None else m.end("word")
    if noun == "pounds" and _weight_pounds(text, m.start(), end):
        q = Quantity(text[m.start():end], m.start(), end, low, "pound", "amount", "range", low * 10)
    elif noun in _CURRENCY_WORDS:  # "thousands of pounds" is money where money is about
        q = Quantity(text[m.start():end], m.start(), end, low, _CURRENCY_WORDS[noun], "currency", "range", low * 10)
    else:
        q = Quantity(text[m.start():end], m.start(), end, low, noun, "count" if noun else "amount", "range",
                     low * 10, noun)
    q.normalized = normalise(q)
    return q


def _quantity(text: str, m: re.Match[str], decimal_comma: bool, docs: list[tuple[int, Any]],
              english: bool = True, lang: str | None = None) -> Quantity | None:
    number = m.group("num")
    if m.group("scale") and re.fullmatch(r"\d+\.\d{3}", number) and not decimal_comma:
        number = number + "0"  # "1.356 billion": a decimal point before a scale word, not thousands
    value = parse_number(number, decimal_comma)
    if value is None:
        return None
    if m.group("num").lower() == "one" and not _unit_follows(text, m.end()) and not _counted_noun(text, m.end(), docs):
        return None  # "no one", "one another": a pronoun; "one hand", "one of the best speakers" count
    value *= _scale(m.group("scale"), lang)
    sign = _MINUS.search(text, max(0, m.start() - 7), m.start()) if not m.group("cur") else None
    if sign is not None:
        value = -value
    high = None
    if m.group("num2"):
        high_value = parse_number(m.group("num2"), decimal_comma)
        if high_value is not None:
            high = high_value * _scale(m.group("scale2") or m.group("scale"), lang)
            if not m.group("scale") and m.group("scale2") and value <= high_value:
                value *= _scale(m.group("scale2"), lang)  # "$10 to $15 billion", not "$370,000 to $5.5 million"
    start, end = (sign.start() if sign else m.start()), m.end()
    factor = 1.0
    if lang not in (None, "en") and not (m.group("scale") or m.group("scale2")):
        factor, end = _language_scale(text, end, lang)  # "2,5 Mrd.", "20 Millionen"
        value, high = value * factor, (high * factor if high is not None else None)
    currency = m.group("cur") or m.group("cur2")
    figure_end = end
    unit, kind, end = _unit(text, end, currency, letters=not english)
    if _fraction_word(unit, lang):
        unit, kind, end = None, "amount", figure_end
    age = _AGE_AFTER.match(text, end) if unit is None else None
    span = _SPAN_AFTER.match(text, end) if unit is None and lang == "de" else None
    if age is not None:  # "der 45-Jährige", "ein 50-jähriger Unternehmer"
        unit, kind, end = "year", "amount", age.end()
    elif span is not None:  # "eine 10-stündige Beratung", "der 3-tägige Besuch"
        unit, kind, end = _SPAN_UNITS[span.group(1).casefold()], "amount", span.end()
    elif unit is None and not english and _AGE_IN_BRACKETS.search(text, max(0, start - 30), start) \
            and text[end:end + 1] == ")":
        unit = "year"  # "Charles (73)", "George Floyd (†46)": an age, as German papers give it
    ahead = currency_before(text, start) if unit is None and not currency else None
    if ahead is not None:  # "CN¥1,234", "CHF 20": a symbol the pattern above does not know
        unit, kind, start = ahead[0], "currency", ahead[1]
    elif start > 0 and text[start - 1].isalpha():
        return None  # "ABC123": a code, unless its letters are a currency's ("CHF1,234")
    if kind == "currency" and decimal_comma and re.fullmatch(r"\d{1,3},\d{3}", number):
        value *= 1000  # "3,500 dólares", "43,000 millones de dólares": money is not priced to a thousandth, nor
        # counted in thousandths of millions, so the comma groups thousands
    if unit == "GBP" and not m.group("scale") and _weight_pounds(text, start, end):
        unit, kind = "pound", "amount"  # "dropping from 208 pounds": a weight, not money
    if high is not None and (not re.search(r"[-–]|\b(?:to|and|bis|und|et|à|y)\b", m.group(0)) or high < value):
        high = None
    window = max(0, start - 40)
    before = text[window:start]
    bound, opening = ("range", _BETWEEN.search(before)) if high is not None else _bound(before)
    if opening is not None:
        start = window + opening.start()  # the span includes "at least", "between"
    lead = before[:opening.start()] if opening is not None else before  # "der Stärke von über 4,0"
    if (unit is None and _MAGNITUDE_BEFORE.search(lead)) or (unit == "degree" and _RICHTER_AFTER.match(text, end)):
        unit = "magnitude"  # "magnitude 7.8", "der Stärke 7,9", "de magnitud 7,8", "7,6 grados en la escala Richter"
    if _is_year(m, unit, high) or (not english and unit is None and high is None and not m.group("cur")
                                    and _EARLY_YEAR.fullmatch(m.group("num"))
                                    and _YEAR_WORD_BEFORE.search(text, window, m.start())):
        # "2019", "2014-15", "from 2008 to ..." are dates; so is "en 1066", "seit 1871"
        return Quantity(m.group("num"), m.start("num"), m.end("num"), value, "year", kind="year")
    bare = unit is None and not m.group("cur") and not m.group("scale")
    if bare and (_MONTH_BEFORE.search(text, window, m.start()) or _MONTH_AFTER.match(text, m.end())):
        return None  # a day of a month: "Aug. 14", "1 September"
    if bare and bound == "=" and _NAME_BEFORE.search(text, window, m.start()) \
            and not _counted_noun(text, end, docs, english, lang, value) \
            and not (not english and _PART_AFTER.match(text, end)):
        return None  # part of a name: "Big 12", "iPhone 11", "S&P 500"; not "Starmer 410 de los 650 asientos"
    if bare and (_CODE_BEFORE.search(text, window, m.start()) or _INDEX_BEFORE.search(text, window, m.start())
                 or _STREET_AFTER.match(text, end) or _LABEL_BEFORE.search(text, window, m.start())):
        return None  # "COVID-19", "the sp 500", "575 Wilbraham Road", "category 4"
    if not english and _not_a_figure_elsewhere(text, m, start, end, bare and not _counted_noun(
            text, end, docs, english, lang, value)):
        return None
    if english and bare and m.group("num").isdigit() and text[end:end + 1] in (",", ")"):
        if text[end] == ")" and _SHIRT_NUMBER.search(text, window, m.start()):
            return None
        if text[end] == "," and value <= 120 and _AGE_APPOSITION.search(text, window, m.start()):
            unit = "year of age"
    elif bare and m.group("num").isdigit() and text[end:end + 1] == "," and value <= 120 \
            and _AGE_APPOSITION.search(text, window, m.start()):
        unit = "year"  # "Charles, 73, ist jetzt König": an age, as the bracketed "(73)" is
    of = _property(text, start)
    if unit is None:
        counted = _counted_noun(text, end, docs, english, lang, value)
        scaled = factor != 1.0 or m.group("scale") is not None
        if counted is None and scaled and not english:
            counted = _noun_after_scale(text, end)  # "20 millions de personnes", "3 millones de personas"
        following = _next_word(text, end)
        # German capitalises every noun: "284 Menschen" is a count there
        if english and bare and _model_name(following) and (counted is None or counted[0] == following.lower()
                                                             or text[counted[1] - len(counted[0])].isupper()):
            return None  # a model or a place, not a count: "iPhone 11 Pro", "787 Dreamliner", "575 Wilbraham Road"
        if counted is not None:
            unit, kind, end, of = counted[0], "count", counted[1], counted[0]
            per = _PER.match(text, end)
            if per is not None:  # "three thousand tests per day"
                unit, end = f"{unit} per {_PER_WORDS.get(per.group('per').lower(), per.group('per').lower())}", \
                    per.end()
    q = Quantity(text[start:end], start, end, value, unit, kind, bound, high, of)
    q.normalized = normalise(q)
    return q


def _not_a_figure_elsewhere(text: str, m: re.Match[str], start: int, end: int, alone: bool) -> bool:
    """In German, French and Spanish: a label ("numéro d'urgence 911", "minuto 23"), a match's minute
    ("a los 80" with a game's word in the sentence), a resolution ("4K"), a station's name on a line of
    its own ("France 24")."""
    if m.group("scale") and not m.group("cur") and _GLUED_K.search(text, m.start(), m.end()):
        return True
    if not alone:  # a figure with a unit or a counted noun is read as one
        return False
    window = max(0, start - 60)
    if _LABEL_BEFORE_ELSEWHERE.search(text, window, m.start()):
        return True
    if _MATCH_MINUTE_BEFORE.search(text, window, m.start()) and _GAME_WORDS.search(text, *_sentence_around(
            text, m.start(), end)):
        return True
    return _NAME_LINE.fullmatch(text, text.rfind("\n", 0, start) + 1, _line_end(text, end)) is not None


# "France 24", "Antena 3": a line that is a name and a number
_NAME_LINE = re.compile(r"\s*[A-ZÀ-Þ][\w'’&-]*(?:\s[A-ZÀ-Þ][\w'’&-]*)*\s\d{1,4}\s*")


def _line_end(text: str, pos: int) -> int:
    stop = text.find("\n", pos)
    return len(text) if stop < 0 else stop


# "410 de los 650", "410 des 650": a part of a whole, which a name is not followed by
_PART_AFTER = re.compile(r"\s(?:de (?:los|las)|des|sur(?: les)?|von(?: den)?)\s\d", re.IGNORECASE)
_AGE_AFTER = re.compile(r"-(?:[jJ]ährige[nmrs]?|[jJ]ährig)\b")
# German adjectives of a time span made from a number: "zehnstündig", "3-tägig", "zweiwöchig"
_SPAN_UNITS = {"stündig": "hour", "tägig": "day", "wöchig": "week", "monatig": "month", "minütig": "minute",
               "sekündig": "second", "jährig": "year"}
_SPAN_ENDING = r"(" + "|".join(_SPAN_UNITS) + r")(?:e|en|er|es|em)?\b"
_SPAN_AFTER = re.compile(r"-" + _SPAN_ENDING, re.IGNORECASE)
_AGE_IN_BRACKETS = re.compile(r"\b[A-ZÄÖÜ][\w.-]+\s\(†?$")


def _not_a_range(m: re.Match[str], decimal_comma: bool) -> int | None:
    """Where the first figure ends when "A to B" is two figures, not a range: B is below A ("from 208
    pounds to 193"), or A is a year and B is not ("in 2018 to 3.9 million").  "2014-15" is a season and
    "9-2" a score: one figure each."""
    if not m.group("num2") or re.fullmatch(r"\d+-\d+", m.group(0)):
        return None
    low = parse_number(m.group("num"), decimal_comma)
    high = parse_number(m.group("num2"), decimal_comma)
    if low is None or high is None:
        return None
    low, high = low * _scale(m.group("scale")), high * _scale(m.group("scale2") or m.group("scale"))
    year_to_other = _YEAR.fullmatch(m.group("num")) and (m.group("scale2") or re.search(r"\D", m.group("num2")))
    if high >= low and not year_to_other:
        return None
    return m.end("scale") if m.group("scale") else m.end("num")


def _is_year(m: re.Match[str], unit: str | None, high: float | None) -> bool:
    """"2019", "2014-15", "between 1600 and 1900" are dates."""
    if m.group("cur") or m.group("scale") or (unit is not None and high is None):
        return False
    if high is None or high < 100:
        return _YEAR.fullmatch(m.group("num")) is not None
    if all(re.fullmatch(r"1[5-9]\d\d|20\d\d|2100", m.group(g)) for g in ("num", "num2")):
        return True
    # "entre 1220 et 1240": two earlier years a few decades apart, with nothing counted or measured
    low = float(m.group("num")) if m.group("num").isdigit() else None
    return unit is None and low is not None and re.fullmatch(r"1\d{3}", m.group("num2") or "") is not None \
        and 1000 <= low < high <= low + 50


def _next_word(text: str, end: int) -> str:
    m = _WORD_AFTER.match(text, end)
    return m.group(1) if m else ""


_WORD_AFTER = re.compile(r"[ \t]([^\W\d_]+)")


def _model_name(word: str) -> bool:
    """A capitalised singular word after a number names a thing; plural ones count people ("12 Democrats"),
    and upper-case ones are units or codes ("5 Hz", "110 JPY")."""
    return len(word) >= 3 and word[0].isupper() and word[1:].islower() and not word.endswith("s")


def _counted_noun(text: str, end: int, docs: list[tuple[int, Any]], english: bool = True,
                  lang: str | None = None, value: float | None = None) -> tuple[str, int] | None:
    """The noun a bare number counts, and where it ends: "21 carriages" -> ("carriages", ...).  German
    writes every noun with a capital, so a German count's next word must have one ("284 Menschen", not
    "über 600 gestiegen")."""
    token, offset = _token_at(docs, end - 1)
    if token is not None:
        part = _part_of(token)
        if part is not None:  # "two of Johnson's deputies" counts deputies
            return part.text.lower(), part.idx + offset + len(part.text)
        # "15 more needed hospital treatment": "more" and a verb after it leave the noun unsaid
        between = token.doc[token.i + 1:token.head.i]
        verb_between = len(between) > 1 and between[0].lower_ in ("more", "others", "other") \
            and between[1].tag_.startswith("VB")
        if token.dep_ == "nummod" and is_noun(token.head) and token.head.idx + offset >= end and not verb_between:
            head = token.head
            after = token.nbor(1) if token.i + 1 < len(token.doc) else None
            if after is not None and after.i < head.i and after.dep_ == "compound" and after.tag_ == head.tag_ == "NN":
                head = after  # "a 12 page document" counts pages; "700 heart transplants" counts transplants
            return head.text.lower(), head.idx + offset + len(head.text)
        after = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if after is not None and after.tag_ in ("NNS", "NNPS") and after.idx + offset in (end, end + 1):
            return after.text.lower(), after.idx + offset + len(after.text)  # "from 1000 to 2000 hires"
        return None
    counted = (_NOUN_AFTER if english else _NOUN_AFTER_ANY).match(text, end)
    if counted is None or counted.group("noun").lower() in _NOT_COUNTED | _NOT_COUNTED_ELSEWHERE:
        return None
    if english:
        return _unparsed_count(text, counted)
    noun = counted.group("noun").lower()
    if lang == "de" and not counted.group("noun")[0].isupper():
        following = _NOUN_AFTER_ANY.match(text, counted.end())
        if not counted.group(0)[0].isspace() or not _german_adjective(noun) or following is None \
                or not following.group("noun")[0].isupper():
            return None
        return following.group("noun").lower(), following.end()  # "zwei laute Schüsse", "sieben weiteren Menschen"
    if noun in _OTHERS:  # "14 autres pays"; "420 autres blessées", "15 otros": what is counted was said before
        following = _NOUN_AFTER_ANY.match(text, counted.end())
        if following is None or lang not in ("fr", "es") or not following.group("noun").lower().endswith(("s", "x")) \
                or _PARTICIPLE.search(following.group("noun")):
            return None
        counted, noun = following, following.group("noun").lower()
    if lang in ("fr", "es") and noun in _COMPARATIVE:  # "les 20 plus grandes banques"
        counted = _NOUN_AFTER_ANY.match(text, counted.end()) or counted
        noun = counted.group("noun").lower()
    if lang in ("fr", "es") and noun in _BEFORE_NOUN[lang]:
        following = _NOUN_AFTER_ANY.match(text, counted.end())  # "sept différentes provinces"
        if following is not None and following.group("noun").lower().endswith(("s", "x")):
            counted, noun = following, following.group("noun").lower()
    if lang in ("fr", "es") and value is not None and value >= 2 and not noun.endswith(("s", "x")):
        return None  # "7,6 selon", "a los 80 descontaría": French and Spanish count in plurals, in -s or -x
    return noun, counted.end()


_PARTICIPLE = re.compile(r"(?:ées?|és|ados|adas|idos|idas)$", re.IGNORECASE)
# German words after a number that end as an adjective does but are verbs or prepositions ("zwei wurden")
_GERMAN_NOT_ADJECTIVES = frozenset("wurden waren werden haben hatten hätten seien wären sollen sollten können konnten "
                                   "müssen mussten dürfen wollen gegen neben zwischen wegen binnen oben unten "
                                   "davon daher".split())


def _german_adjective(word: str) -> bool:
    """A lower-case German word with an adjective's ending after a number ("weitere", "lauten", "schwere")."""
    return word.endswith(("e", "en", "er", "es", "em")) and word not in _GERMAN_NOT_ADJECTIVES \
        and word not in _NOT_COUNTED_ELSEWHERE
# "en 1066", "seit 1648": a year before 1800 is read as one after a word that introduces a date
_EARLY_YEAR = re.compile(r"1[0-7]\d\d")
_YEAR_WORD_BEFORE = re.compile(r"\b(?i:en|in|im jahr|im jahre|depuis|desde|seit|année|año|l'an|el año|vers|hacia|"
                               r"um)\s$")
_OTHERS = frozenset({"autres", "otros", "otras", "weitere", "andere"})
_COMPARATIVE = frozenset({"plus", "moins", "más", "menos"})
# the few French and Spanish adjectives that stand before the noun they qualify, in the plural
_BEFORE_NOUN = {
    "fr": frozenset("différents différentes nouveaux nouvelles premiers premières derniers dernières petits petites "
                    "grands grandes jeunes anciens anciennes principaux principales bons bonnes mauvais mauvaises "
                    "vieux vieilles beaux belles longues longs seuls seules véritables".split()),
    "es": frozenset("diferentes distintos distintas nuevos nuevas primeros primeras últimos últimas grandes "
                    "pequeños pequeñas jóvenes antiguos antiguas principales buenos buenas malos malas largos largas "
                    "viejos viejas únicos únicas verdaderos verdaderas".split()),
}


_OF_NOUN = re.compile(r"\s(?:de|d['’]|von)\s?(?P<noun>[^\W\d_][^\W\d_'’-]{2,})\b")


def _noun_after_scale(text: str, end: int) -> tuple[str, int] | None:
    m = _OF_NOUN.match(text, end)
    if m is None or m.group("noun").lower() in _NOT_COUNTED_ELSEWHERE:
        return None
    return m.group("noun").lower(), m.end()


_NEXT_WORD = re.compile(r"\s([a-z][a-z\-]{2,})\b")


def _plural(word: str) -> bool:
    return word in _PLURALS or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")))


def _unparsed_count(text: str, counted: re.Match[str]) -> tuple[str, int] | None:
    """The counted noun of an English figure in a sentence that was not parsed, from the words after it:
    a plural within two words ("nine fishing boats", "four young men"), else the next word unless it looks
    like a verb ("15 more needed treatment" leaves the noun unsaid; "the 14 crew were" counts crew)."""
    first = counted.group("noun")
    if _plural(first):
        return first, counted.end()
    second = _NEXT_WORD.match(text, counted.end())
    if second is not None and _plural(second.group(1)) and second.group(1) not in _NOT_COUNTED:
        return second.group(1), second.end()
    return None if first.endswith("ed") else (first, counted.end())


def _part_of(token: Any) -> Any:
    """The plural noun of "two of the deputies", "one of the best wireless speakers"."""
    if token.tag_ != "CD":
        return None
    prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    noun = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    return noun if noun is not None and noun.tag_ == "NNS" else None


def _token_at(docs: list[tuple[int, Any]], char: int) -> tuple[Any, int]:
    """The parsed token at a character of the text, if a parsed piece covers it."""
    for offset, doc in docs:
        if offset <= char < offset + len(doc_text(doc)):
            span = doc.char_span(char - offset, char - offset + 1, alignment_mode="expand")
            return (span[0] if span is not None and len(span) else None), offset
    return None, 0


_PROPERTY = re.compile(r"(?P<words>(?:[A-Za-z][\w-]*\s){0,3}[A-Za-z][\w-]*)\s+of\s+(?:about\s+|around\s+|up to\s+)?$")
_FUNCTION = frozenset("a an the with at by in on to of for and or its his her their this that is was has had".split())


def _property(text: str, start: int) -> str | None:
    """What a measure is of: "a maximum speed of 60 km/h" -> "maximum speed"."""
    m = _PROPERTY.search(text, max(0, start - 60), start)
    if m is None:
        return None
    words = m.group("words").split()
    while words and (words[0].lower() in _FUNCTION or len(words[0]) == 1):
        words = words[1:]  # "Musk’s offer of": the "s" left by the apostrophe goes too
    return " ".join(words).lower() or None


def _scale(word: str | None, lang: str | None = None) -> float:
    """What a scale word multiplies by, in the article's language when CLDR knows it: French "billions"
    are 1e12, English ones 1e9."""
    if not word:
        return 1.0
    key = word.strip().lower()
    known = scale_words(lang).get(key) if lang in LANGUAGES and lang != "en" else None
    return float(known or _SCALE.get(key, 1))


_SCALE_AFTER = re.compile(r"[\s\u00a0\u202f](?P<first>[^\s\d]+)(?:\s(?P<second>[^\s\d]+))?")


def _language_scale(text: str, end: int, lang: str) -> tuple[float, int]:
    """A scale word of ``lang`` right after a figure, and where it ends: "20 Mio.", "3 mil millones"."""
    m = _SCALE_AFTER.match(text, end) if lang in LANGUAGES else None
    if m is None:
        return 1.0, end
    words = scale_words(lang)
    spans = [(m.start("first"), m.end("second"))] if m.group("second") else []
    spans.append((m.start("first"), m.end("first")))
    for a, b in spans:
        for stop in (b, b - len(text[a:b]) + len(text[a:b].rstrip(",;:")),
                     b - len(text[a:b]) + len(text[a:b].rstrip(".,;:!?)»\"”"))):  # "... 20 millions."
            word = text[a:stop]
            factor = words.get(word.casefold())
            if factor and len(word) > 1:  # "m", "b" alone are too often something else
                return factor, stop
    return 1.0, end


def _fraction_word(unit: str | None, lang: str | None) -> bool:
    """French "quart" is a quarter ("les trois quarts de ses sujets") far more often than the US quart."""
    return lang == "fr" and unit == "quart"


def _unit_follows(text: str, pos: int) -> bool:
    return _UNIT_AFTER.match(text, pos) is not None


def _unit(text: str, pos: int, currency: str | None, letters: bool = False) -> tuple[str | None, str, int]:
    unit, kind, end = _base_unit(text, pos, currency, letters)
    per = _PER.match(text, end) if unit else None
    if per is not None and unit is not None:
        second = per.group("per").lower()
        return f"{unit} per {_PER_WORDS.get(second, second)}", kind, per.end()
    return unit, kind, end


def _base_unit(text: str, pos: int, currency: str | None, letters: bool = False) -> tuple[str | None, str, int]:
    if currency:
        return _CURRENCY_SIGNS.get(currency.strip().lower().rstrip("."), "USD"), "currency", pos
    m = _UNIT_AFTER.match(text, pos)
    known = unit_at(text, pos, letters)  # CLDR, quantulum3 and pint's names; the table above decides a tie
    if known is not None and (m is None or known[2] > m.end()):
        return known
    if m is None:
        money = _OF_CURRENCY.match(text, pos)  # "44.000 millones de dólares", "3 milliards d'euros"
        if money:
            return _CURRENCY_WORDS[money.group("unit").lower()], "currency", money.end()
        return _pint_symbol(text, pos)
    surface = m.group("unit").lower()
    if surface == "nm" and m.group("unit") != "Nm":
        return "nanometer", "amount", m.end()  # "10 nm" chips; "400 Nm" of torque is newton metres
    if surface in _CURRENCY_WORDS:
        return _CURRENCY_WORDS[surface], "currency", m.end()
    if surface in _NAMED_UNITS:
        return _NAMED_UNITS[surface], "amount", m.end()
    unit = _UNITS[surface]
    if unit == "meter" and surface == "m" and not re.match(r"\s?m\b(?!\w)", text[pos:pos + 3]):
        return None, "amount", pos
    return unit, "percent" if unit == "percent" else "amount", m.end()


_MONEY_WORDS = re.compile(r"\b(?:cost|costs|paid|pay|pays|fine|fined|worth|price|priced|spend|spent|salary|raise|"
                          r"raised|charge|charged|bill|budget|fee|fees|loan|prize|donated|sold|bought|earn|earns|"
                          r"earned|bonus|wage|wages|rent|tax)\b", re.IGNORECASE)


def _weight_pounds(text: str, start: int, end: int) -> bool:
    """Bare "pounds" with no money about it is a weight; "sterling" or a money word nearby makes it money."""
    surface = text[start:end].lower()
    if "pound" not in surface or "sterling" in surface or re.search(r"[A-Z][a-z]+\s+pounds?$", text[start:end]):
        return False  # "British pounds", "Egyptian pounds" are money
    return _MONEY_WORDS.search(text, max(0, start - 60), min(len(text), end + 30)) is None


# A unit symbol the table above lacks ("2.4 GHz", "250 ml", "61.4 MPa") is asked of pint, but not a
# word of English or a lone capital ("5 in", "Grade A"), which pint would also read as a unit.
_SYMBOL = re.compile(r"[ \t]?(?P<unit>[A-Za-zµ]{1,4}(?:/[A-Za-zµ]{1,4}[23]?)?)(?![\w/-])")
_NOT_SYMBOLS = frozenset(
    "a an am as at be by do go he if in is it me my no of on or so to up us we the and for are but not you all any "
    "can had her was one our out get has him his how man new now old see two way who did its let put say she too "
    "use per pro max mini plus lot top low set run big bit end few off own due each than then them they this that "
    "with from into over more most less very just also only even much such some what when will were been have".split())


_TITLE_SYMBOLS = frozenset({"Hz", "Pa", "Wh", "Gy", "Bq", "Sv"})


def _pint_symbol(text: str, pos: int) -> tuple[str | None, str, int]:
    m = _SYMBOL.match(text, pos)
    if m is None:
        return None, "amount", pos
    unit = _symbol_unit(m.group("unit"))
    return (unit, "amount", m.end()) if unit else (None, "amount", pos)


@lru_cache(maxsize=4096)
def _symbol_unit(symbol: str, in_compound: bool = False) -> str | None:
    if "/" in symbol:  # "A/cm2": each side must be a unit of its own
        top, bottom = symbol.split("/")
        power = bottom[-1] if bottom[-1] in "23" else ""
        parts = (_symbol_unit(top, True), _symbol_unit(bottom.rstrip("23"), True))
        return f"{parts[0]}/{parts[1]}{'**' + power if power else ''}" if None not in parts else None
    if not in_compound and (symbol.lower() in _NOT_SYMBOLS or (len(symbol) == 1 and symbol != "g")):
        return None  # "2018s", "Model 3s", "Grade A"; but "A/cm2" is amperes
    if symbol[0].isupper() and symbol[1:].islower() and symbol not in _TITLE_SYMBOLS:
        return None  # a name: "460 Kia", "358 El Brillo Way"
    try:
        unit = str(registry().parse_units(symbol))
    except (pint.errors.PintError, ValueError, AttributeError, TypeError):
        return None
    # only the units news measures in, with everyday prefixes: "de" is not a deci-elementary charge
    return unit if _EVERYDAY_UNIT.fullmatch(unit) else None


_EVERYDAY_UNIT = re.compile(r"(?:kilo|mega|giga|tera|milli|micro|nano|centi)?(?:gram|liter|meter|hertz|pascal|watt|"
                            r"volt|ampere|byte|bit|calorie|joule|newton|decibel|ohm|watt_hour|second)|"
                            r"ounce|pint|cup|kip_per_square_inch|revolutions_per_minute|ppm|cubic_centimeter")


def _bound(before: str) -> tuple[str, re.Match[str] | None]:
    """The bound the words before a number set ("at least", "up to", "about"), and where they start."""
    for pattern, bound in _BOUNDS:
        found = pattern.search(before)
        if found:
            return bound, found
    return "=", None


def normalise(q: Quantity) -> dict[str, Any]:
    """The value in base units (pint), so 37 mph and 60 km/h compare; currencies and counts as they are."""
    if q.unit is None or q.kind in ("count", "currency", "year"):
        return {"value": q.value, "unit": q.unit}
    factor = _to_base(q.unit)
    if factor is None:
        return {"value": q.value, "unit": q.unit}
    scale, offset, unit, dimension = factor
    return {"value": q.value * scale + offset, "unit": unit, "dimension": dimension}


@lru_cache(maxsize=1024)
def _to_base(unit: str) -> tuple[float, float, str, str] | None:
    """How a unit maps to base units (scale, offset, unit, dimension); pint parses each unit once."""
    units = registry()
    try:
        zero = units.Quantity(0.0, unit.replace(" per ", "/")).to_base_units()
        one = units.Quantity(1.0, unit.replace(" per ", "/"))
        base = one.to_base_units()
    except (pint.errors.PintError, ValueError, AttributeError):
        return None
    offset = float(zero.magnitude)  # degrees Celsius and Fahrenheit are offset from kelvin
    return float(base.magnitude) - offset, offset, str(base.units), str(one.dimensionality)
