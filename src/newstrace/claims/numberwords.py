"""Numbers written in words in German, French and Spanish ("cinq ans", "cuatro horas", "zwölf Menschen"),
and their words for vague magnitudes ("des milliers de", "cientos de", "Tausende").

The words for 2 to 100 and 1,000 are spelled by num2words (installed with quantulum3), so they are not
typed here.  "One" is left out: "un", "une", "ein", "uno" are as often articles.
"""

from __future__ import annotations

import re
from functools import lru_cache

from num2words import num2words

LANGUAGES = ("de", "fr", "es")
# a vague magnitude and its lower bound: "des milliers de blessés" counts at least 1,000
VAGUE = {
    "de": {"dutzende": 12, "hunderte": 100, "tausende": 1_000, "zehntausende": 10_000, "hunderttausende": 100_000,
           "millionen von": 1_000_000, "milliarden": 1_000_000_000},
    "fr": {"des dizaines de": 10, "des centaines de": 100, "quelques dizaines de": 10, "quelques centaines de": 100,
           "quelques milliers de": 1_000, "un millier de": 1_000, "des milliers de": 1_000,
           "plus d'un millier de": 1_000, "des dizaines de milliers de": 10_000, "des millions de": 1_000_000,
           "des milliards de": 1_000_000_000},
    "es": {"decenas de": 10, "cientos de": 100, "centenares de": 100, "miles de": 1_000, "millares de": 1_000,
           "un millar de": 1_000, "decenas de miles de": 10_000, "millones de": 1_000_000,
           "miles de millones de": 1_000_000_000},
}
# about a number: "une dizaine de morts", "un millier à Istanbul", "una docena de casas"
ABOUT = {
    "de": {"ein dutzend": 12, "einem dutzend": 12},
    "fr": {"une dizaine": 10, "une douzaine": 12, "une quinzaine": 15, "une vingtaine": 20, "une trentaine": 30,
           "une quarantaine": 40, "une cinquantaine": 50, "une centaine": 100, "un millier": 1_000},
    "es": {"una decena": 10, "una docena": 12, "un centenar": 100, "un millar": 1_000},
}
# what a vague magnitude may stand before without naming what it counts: "un millar de ellos"
PRONOUNS = {"de": frozenset({"ihnen", "denen"}), "fr": frozenset({"eux", "elles", "autres"}),
            "es": frozenset({"ellos", "ellas", "otros", "otras"})}


@lru_cache(maxsize=4)
def words(lang: str) -> dict[str, int]:
    """Each spelled number of ``lang`` from 2 to 100, the hundreds to 900, and 1,000, with its value; French
    with and without hyphens ("vingt-deux", "vingt deux", "quatre cents")."""
    table: dict[str, int] = {}
    for n in [*range(2, 101), *range(200, 1_000, 100), 1_000]:
        spelled = num2words(n, lang=lang).casefold()
        table[spelled] = n
        table.setdefault(spelled.replace("-", " "), n)
    if lang == "fr":
        table["mille"] = 1_000
    return table


@lru_cache(maxsize=4)
def pattern(lang: str) -> re.Pattern[str]:
    """A spelled number of ``lang`` standing as a word of its own, longest first."""
    alternatives = sorted(words(lang), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, alternatives)) + r")(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=4)
def vague_pattern(lang: str) -> re.Pattern[str]:
    """A vague magnitude of ``lang`` and the word after it: "miles de personas", "Tausende Menschen"."""
    alternatives = sorted(VAGUE[lang], key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?P<word>" + "|".join(map(re.escape, alternatives)) + r")\s(?:von\s)?"
                      r"(?P<noun>[^\W\d_][^\W\d_'’-]+)", re.IGNORECASE)


@lru_cache(maxsize=4)
def about_pattern(lang: str) -> re.Pattern[str]:
    """A word for about a number in ``lang``, and the noun after "de" if one follows."""
    alternatives = sorted(ABOUT[lang], key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?P<word>" + "|".join(a.replace(" ", r"\s") for a in alternatives) + r")(?![\w-])"
                      r"(?:\s(?:de|d['’])\s?(?P<noun>[^\W\d_][^\W\d_'’-]+))?", re.IGNORECASE)
