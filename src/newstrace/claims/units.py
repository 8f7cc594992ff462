"""Unit, currency and scale words from maintained data, not from the sentences the scores are taken on.

- CLDR (through babel): each unit's long, short and narrow names in English, German, French and Spanish
  ("kilometers per hour", "Kilometer pro Stunde", "kilómetros por hora", "km/h"), currency names and
  symbols in those languages, and the scale words of compact numbers ("Millionen", "Mrd.", "mil millones").
- quantulum3's bundled ``units.json``: surface forms and symbols of units CLDR lacks ("kph", "lbs",
  "pound-feet").  Only its data file is read; its classifier is not used.
- pint: every unit name above must parse in pint's registry, so 37 mph and 60 km/h compare in base units.

Names are matched whatever their case; symbols ("MW", "mW") as written.  The table is built once, at first use.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import pint
from babel import Locale

LANGUAGES = ("en", "de", "fr", "es")
# a unit after a number is taken for one of these families only; others ("point", "em", "dot") are words
FAMILIES = frozenset({"length", "mass", "speed", "area", "volume", "energy", "power", "temperature", "duration",
                      "digital", "frequency", "pressure", "consumption", "electric", "force", "torque",
                      "data storage", "data transfer rate", "time", "current", "electric potential", "currency"})
# ids CLDR files under these families that news does not measure in, or that read as words
_SKIP_IDS = frozenset({"duration-quarter", "duration-year-person", "duration-month-person", "duration-week-person",
                       "duration-day-person", "length-point", "length-earth-radius", "length-solar-radius",
                       "mass-earth-mass", "mass-solar-mass", "mass-dalton", "mass-grain",
                       "force-kilowatt-hour-per-100-kilometer", "consumption-liter-per-100-kilometer"})
# CLDR ids whose pint name is not spelled out in the id
_NAMED_IDS = {"concentr-percent": "percent", "concentr-part-per-1e6": "ppm", "concentr-permille": "permille",
              "temperature-generic": "degree"}
# words of the four languages that a unit symbol or name may also spell ("in" for inches, "an" for a year)
_WORDS = frozenset("a an am as at be by do in is it of on or to us we he me my no so up de la le les el un une en "
                   "et y e o mit von pro per par para der die das den dem des ein eine und im au du".split())
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_TOKEN = re.compile(r"[\s\u00a0\u202f-]?(?P<unit>\S+(?:[\s\u00a0\u202f]\S+){0,3})")
_TRAILING = ".,;:!?)]}\"'”’»"
MAX_WORDS = 4


def _key(surface: str) -> str:
    return _SPACES.sub(" ", surface.strip()).casefold()


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:  # type: ignore[type-arg]
    """The one pint registry of the claims stage, with the news magnitudes and points it adds."""
    units: pint.UnitRegistry = pint.UnitRegistry()  # type: ignore[type-arg]
    units.define("magnitude = [seismic_magnitude]")
    units.define("percentage_point = [percentage_point]")
    units.define("ppb = 1e-9")
    return units


def _pint_name(expression: str) -> str | None:
    """The expression if pint reads it as a unit, else None."""
    if not re.fullmatch(r"[A-Za-z_]+(?:\*\*-?\d)?(?:[*/][A-Za-z_]+(?:\*\*-?\d)?)*", expression):
        return None  # pint's own parser fails with an AssertionError on some malformed strings
    try:
        registry().parse_units(expression)
    except (pint.errors.PintError, ValueError, AttributeError, TypeError, KeyError, AssertionError):
        return None
    return expression


def _cldr_unit(unit_id: str) -> str | None:
    """The pint expression of a CLDR unit id: "speed-kilometer-per-hour" -> "kilometer/hour"."""
    if unit_id in _NAMED_IDS:
        return _NAMED_IDS[unit_id]
    family, _, name = unit_id.partition("-")
    if family not in FAMILIES or unit_id in _SKIP_IDS:
        return None
    parts = []
    for side in name.split("-per-"):
        side = re.sub(r"^square-(.+)$", r"\1**2", side)
        side = re.sub(r"^cubic-(.+)$", r"\1**3", side)
        parts.append(side.replace("-", "_"))
    return _pint_name("/".join(parts))


def _is_symbol(surface: str) -> bool:
    """A symbol keeps its case ("MW" is not "mW"); a name of letters and spaces does not."""
    return not re.fullmatch(r"[^\W\d_]{3,}(?:[ '’-][^\W\d_]+)*", surface) or surface.isupper()


def _usable(surface: str) -> bool:
    plain = surface.casefold().strip(".")
    return bool(plain) and plain not in _WORDS


def _add(table: dict[str, tuple[str, str]], surface: str, unit: str, kind: str) -> None:
    surface = _SPACES.sub(" ", surface.strip())
    if not _usable(surface):
        return
    key = surface if _is_symbol(surface) else _key(surface)
    table.setdefault(key, (unit, kind))


def _cldr_units(table: dict[str, tuple[str, str]]) -> None:
    for lang in LANGUAGES:
        patterns = Locale(lang)._data["unit_patterns"]
        for unit_id in patterns:
            unit = _cldr_unit(unit_id)
            if unit is None:
                continue
            kind = "percent" if unit == "percent" else "amount"
            for width in ("long", "short"):  # narrow forms ("5m" for months) are for tight screens, not prose
                for pattern in patterns[unit_id].get(width, {}).values():
                    if isinstance(pattern, str) and pattern.startswith("{0}"):
                        _add(table, pattern[3:], unit, kind)


# CLDR's calendar fields and the pint unit of each: "cette année" names the year in French, where the unit
# patterns only say "an", "ans"
_FIELDS = {"year": "year", "month": "month", "week": "week", "day": "day", "hour": "hour", "minute": "minute"}


def _cldr_fields(table: dict[str, tuple[str, str]]) -> None:
    """Each calendar field's own word ("année", "semana", "Woche"), from CLDR's "this year"-style phrase, with
    its plural in French and Spanish ("années")."""
    for lang in ("de", "fr", "es"):
        fields = Locale(lang)._data["date_fields"]
        for field, unit in _FIELDS.items():
            phrase = fields[field]["relative"].get(0)
            if not phrase:
                continue
            word = phrase.split()[-1].removesuffix("-ci")
            _add(table, word, unit, "amount")
            if lang != "de" and not word.endswith(("s", "x")):
                _add(table, word + "s", unit, "amount")


def _cldr_currencies(table: dict[str, tuple[str, str]]) -> None:
    for lang in LANGUAGES:
        data = Locale(lang)._data
        for code, name in data["currency_names"].items():
            _add(table, name, code, "currency")
        for code, forms in data["currency_names_plural"].items():
            for name in forms.values():
                _add(table, name, code, "currency")
        for code, symbol in data["currency_symbols"].items():
            if symbol != code and not symbol.isalpha():  # "$", "€", "US$", "£"; not a bare "Kč"-like word
                _add(table, symbol, code, "currency")
        for code in data["currency_names"]:
            if re.fullmatch(r"[A-Z]{3}", code):
                _add(table, code, code, "currency")


def _quantulum_units(table: dict[str, tuple[str, str]]) -> None:
    """Surfaces and symbols of quantulum3's units whose names pint reads (its metre is pint's meter)."""
    raw: dict[str, Any] = json.loads(resources.files("quantulum3").joinpath("units.json").read_text("utf-8"))
    for name, entry in raw.items():
        family = entry.get("entity", "")
        code = entry.get("currency_code")
        if family == "currency" and code:
            unit, kind = code, "currency"
        elif family in FAMILIES:
            names = [name, *entry.get("surfaces", [])]
            spelled = [n.replace("metre", "meter").replace("litre", "liter").replace("-", "_").replace(" ", "_")
                       for n in names]
            found = next((u for u in (*map(_pint_name, spelled), _pint_name(_from_dimensions(
                entry.get("dimensions", [])))) if u), None)
            if found is None:
                continue
            unit, kind = found, "amount"
        else:
            continue
        for surface in entry.get("surfaces", []):
            _add(table, surface, unit, kind)
            if not _is_symbol(surface):
                _add(table, _plural(surface), unit, kind)
        for symbol in entry.get("symbols", []):
            _add(table, symbol, unit, kind)


def _from_dimensions(dimensions: list[dict[str, Any]]) -> str:
    parts = [f"{d['base'].replace('metre', 'meter').replace('litre', 'liter').replace(' ', '_')}**{d['power']}"
             for d in dimensions]
    return "*".join(parts) or "?"


def _plural(name: str) -> str:
    """The English plural of a unit's name: "mile per hour" -> "miles per hour", "foot" -> "feet"."""
    head, sep, rest = name.partition(" per ")
    words = head.split(" ")
    last = words[-1]
    if last.endswith("foot"):
        last = last[:-4] + "feet"
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return " ".join([*words[:-1], last]) + sep + rest


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, str]]:
    """Surface -> (unit, kind): names case-folded, symbols as written; a unit is a pint expression or, for
    money, an ISO 4217 code.  CLDR's names come first; quantulum3 adds the forms CLDR lacks."""
    table: dict[str, tuple[str, str]] = {}
    _cldr_units(table)
    _cldr_fields(table)
    _cldr_currencies(table)
    _quantulum_units(table)
    return table


def unit_at(text: str, pos: int, letters: bool = False) -> tuple[str, str, int] | None:
    """The longest known unit right after ``pos`` (one to four words), as (unit, kind, end).  A lone letter
    ("t", "h") is a unit only with ``letters`` (pages in German, French, Spanish write "24 h", "5 t"; in
    English a letter after a figure is more often a label)."""
    m = _TOKEN.match(text, pos)
    if m is None:
        return None
    table = lexicon()
    words = list(re.finditer(r"\S+", m.group("unit")))
    for n in range(min(len(words), MAX_WORDS), 0, -1):
        end = m.start("unit") + words[n - 1].end()
        for stop in (end, _strip_end(text, m.start("unit"), end)):
            surface = text[m.start("unit"):stop]
            found = table.get(surface) or table.get(_key(surface)) or _dative(table, surface)
            if found is not None and stop > m.start("unit") and (letters or not _letter(surface)):
                return found[0], found[1], stop
    return None


@lru_cache(maxsize=1)
def _currency_symbols() -> dict[str, str]:
    """Currency symbols (not names) -> code: "CN¥", "US$", "€", "CHF"."""
    return {surface: unit for surface, (unit, kind) in lexicon().items()
            if kind == "currency" and (not surface.isalpha() or (surface.isupper() and len(surface) == 3))}


def currency_before(text: str, start: int) -> tuple[str, int] | None:
    """A currency symbol written right before a figure ("CN¥1,234", "CHF 20", "R$ 5"), as (code, start)."""
    symbols = _currency_symbols()
    for width in range(min(4, start), 0, -1):
        for gap in (0, 1):
            a, b = start - gap - width, start - gap
            if a < 0 or (gap and not text[b].isspace()) or (a > 0 and text[a - 1].isalnum()):
                continue
            code = symbols.get(text[a:b])
            if code is not None:
                return code, a
    return None


def _dative(table: dict[str, tuple[str, str]], surface: str) -> tuple[str, str] | None:
    """German adds -n to a plural after "von", "mit", "in" ("von 40 Jahren", "300 Kilometern")."""
    if len(surface) > 4 and surface.endswith("n") and surface[0].isupper():
        return table.get(_key(surface[:-1]))
    return None


def _letter(surface: str) -> bool:
    return len(surface.rstrip(".")) == 1 and surface[0].isalpha()


def _strip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


@lru_cache(maxsize=4)
def scale_words(lang: str) -> dict[str, float]:
    """CLDR's compact-number words of a language and what they multiply by: "Millionen" 1e6, "Mrd." 1e9."""
    words: dict[str, float] = {}
    formats = Locale(lang)._data["compact_decimal_formats"]
    for width in ("long", "short"):
        for forms in formats.get(width, {}).values():
            for magnitude, pattern in forms.items():
                text = str(getattr(pattern, "pattern", pattern)).replace("'", "")
                word = _SPACES.sub(" ", re.sub(r"^[0#.,]+", "", text)).strip()
                zeros = len(re.match(r"0*", text).group(0))  # type: ignore[union-attr]
                if word and word != "0" and zeros:
                    words.setdefault(word.casefold(), float(magnitude) / 10 ** (zeros - 1))
    return words
