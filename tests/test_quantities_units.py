"""Units, money and scales in English, German, French and Spanish, on sentences generated per unit family.

Figures are written by babel the way each locale writes them (CLDR: "12.345,6 Kilometer pro Stunde",
"12 345,6 km/h" with narrow spaces, "1.234.567,50 €"), with bounds, ranges and written numbers around them;
the reader must give the value and the unit pint converts to the same base quantity.
"""

from __future__ import annotations

import pytest
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from newstrace.claims.quantities import Quantity, find_quantities, registry
from newstrace.claims.units import LANGUAGES, lexicon, scale_words, unit_at

# one or two units of each family the issue names, as CLDR ids, with their pint names
FAMILIES = {
    "length": [("length-kilometer", "kilometer"), ("length-mile", "mile"), ("length-meter", "meter")],
    "mass": [("mass-kilogram", "kilogram"), ("mass-tonne", "tonne")],
    "speed": [("speed-kilometer-per-hour", "kilometer/hour"), ("speed-mile-per-hour", "mile/hour")],
    "area": [("area-square-kilometer", "kilometer**2"), ("area-hectare", "hectare")],
    "volume": [("volume-liter", "liter"), ("volume-cubic-meter", "meter**3")],
    "energy": [("energy-kilowatt-hour", "kilowatt_hour")],
    "power": [("power-megawatt", "megawatt"), ("power-kilowatt", "kilowatt")],
    "temperature": [("temperature-celsius", "degree_Celsius")],
    "duration": [("duration-hour", "hour"), ("duration-day", "day")],
    "percent": [("concentr-percent", "percent")],
}
# in English a lone letter after a figure ("5 t") is left alone: it is more often a label than a unit
CASES = [(lang, unit_id, pint_unit, width) for lang in LANGUAGES for units in FAMILIES.values()
         for unit_id, pint_unit in units for width in ("long", "short")
         if not (lang == "en" and len(format_unit(1, unit_id, length=width, locale=lang).split()[-1]) == 1)]
FRAMES = {"en": "The figure reached {} last year.", "de": "Der Wert lag im Vorjahr bei {} insgesamt.",
          "fr": "Le chiffre a atteint {} l'an dernier.", "es": "La cifra alcanzó {} el año pasado."}


def _read(text: str, lang: str) -> list[Quantity]:
    found = find_quantities(text, decimal_comma=lang != "en", english=lang == "en", lang=lang)
    return [q for q in found if q.kind != "year"]


def _base(value: float, unit: str) -> tuple[float, str]:
    q = registry().Quantity(value, unit).to_base_units()
    return round(float(q.magnitude), 6), str(q.units)


@pytest.mark.parametrize(("lang", "unit_id", "pint_unit", "width"), CASES)
def test_each_family_reads_in_each_language_as_its_locale_writes_it(lang: str, unit_id: str, pint_unit: str,
                                                                      width: str) -> None:
    written = format_unit(12345.6, unit_id, length=width, locale=lang)
    [q] = _read(FRAMES[lang].format(written), lang)
    assert q.value == pytest.approx(12345.6)
    assert (round(q.normalized["value"], 6), q.normalized["unit"]) == _base(12345.6, pint_unit), written


BOUNDS = {"en": [("more than {}", ">"), ("up to {}", "<="), ("at least {}", ">="), ("about {}", "~")],
          "de": [("mehr als {}", ">"), ("bis zu {}", "<="), ("mindestens {}", ">="), ("rund {}", "~")],
          "fr": [("plus de {}", ">"), ("jusqu'à {}", "<="), ("au moins {}", ">="), ("environ {}", "~")],
          "es": [("más de {}", ">"), ("hasta {}", "<="), ("al menos {}", ">="), ("unos {}", "~")]}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("unit_id", ["speed-kilometer-per-hour", "mass-tonne", "concentr-percent"])
def test_bounds_in_each_language(lang: str, unit_id: str) -> None:
    for phrase, bound in BOUNDS[lang]:
        written = phrase.format(format_unit(120, unit_id, length="long", locale=lang))
        [q] = _read(FRAMES[lang].format(written), lang)
        assert (q.value, q.bound) == (120, bound), written


RANGES = {"en": "between {} and {}", "de": "zwischen {} und {}", "fr": "entre {} et {}", "es": "entre {} y {}"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ranges_in_each_language_share_the_unit_after_the_second_figure(lang: str) -> None:
    low = format_decimal(1234.5, locale=lang)
    written = RANGES[lang].format(low, format_unit(2345.5, "speed-kilometer-per-hour", length="short", locale=lang))
    [q] = _read(FRAMES[lang].format(written), lang)
    assert (q.value, q.high, q.bound) == (1234.5, 2345.5, "range") and q.normalized["unit"] == "meter / second"


CURRENCIES = ["USD", "EUR", "GBP", "JPY", "CHF", "INR", "CNY", "CAD", "AUD", "BRL", "MXN", "RUB", "TRY", "KRW"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", CURRENCIES)
def test_money_in_many_currencies_as_each_locale_writes_it(lang: str, code: str) -> None:
    for form in ("standard", "name"):
        written = format_currency(1234567, code, locale=lang, format_type=form)
        [q] = _read(FRAMES[lang].format(written), lang)
        assert (q.value, q.unit, q.kind) == (1234567, code, "currency"), written


@pytest.mark.parametrize(("lang", "text", "value", "unit"), [
    ("de", "Der Schaden beträgt 2,5 Mrd. Euro.", 2.5e9, "EUR"),
    ("de", "Der Bund gibt 20 Millionen Dollar.", 2e7, "USD"),
    ("fr", "Les dégâts sont estimés à 20 millions d'euros.", 2e7, "EUR"),
    ("fr", "La dette atteint 3 billions d'euros.", 3e12, "EUR"),
    ("es", "La deuda llega a 3 mil millones de dólares.", 3e9, "USD"),
    ("es", "El PIB es de 1,2 billones de euros.", 1.2e12, "EUR"),
    ("en", "The deal is worth $44bn and 3 trillion yen.", 44e9, "USD"),
])
def test_scale_words_follow_the_language(lang: str, text: str, value: float, unit: str) -> None:
    q = _read(text, lang)[0]
    assert (q.value, q.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("The train had twenty-one carriages at sixty km/h.", 21, "carriages"),
    ("Rescuers found forty-two survivors.", 42, "survivors"),
    ("It carried 2,300 passengers and 12 cows.", 2300, "passengers"),
])
def test_written_numbers_and_counts_of_any_noun(text: str, value: float, unit: str) -> None:
    from newstrace.claims.parse import nlp

    q = find_quantities(text, docs=[(0, nlp()(text))])[0]
    assert (q.value, q.unit, q.kind) == (value, unit, "count")


def test_the_lexicon_comes_from_cldr_and_quantulum3_and_every_unit_parses_in_pint() -> None:
    table = lexicon()
    assert table["kilometer pro stunde"][0] == table["km/h"][0] == table["kilómetros por hora"][0]
    assert table["kph"][1] == "amount" and table["lbs"][0] and table["€"] == ("EUR", "currency")
    assert "in" not in table and "an" not in table  # words of the four languages are not units
    assert unit_at("5 m tall", 1) is None and unit_at("5 m tall", 1, letters=True) == ("meter", "amount", 3)
    for unit, kind in set(table.values()):
        if kind != "currency":
            registry().parse_units(unit)
    assert scale_words("fr")["billions"] == 1e12 and scale_words("de")["mrd."] == 1e9


@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Das Beben wurde um 16.10 Uhr (8.10 MEZ) gemessen, am 10. März."),
    ("fr", "Le feu est parti vers 18 h 50, le 13 mars, et à 14h30 puis à 09H34."),
    ("es", "El sismo ocurrió a las 16.10 (7.10 GMT) del 28 de diciembre, a las 9:34 horas."),
    ("fr", "L'Argentine menait 2 à 0 à la mi-temps, puis 3-3 après prolongation (80e, 1er but)."),
    ("de", "Das Spiel im Stadion endete mit 3:3."),
    ("de", "Die Burg aus dem 14. Jahrhundert fiel in der 17. Minute; Müller (61.) glich zum 1:1 aus."),
    ("fr", "Le buteur a marqué son doublé (2-1) avant que la finale ne se joue à 2-2."),
    ("es", "El delantero marcó de penal a los 64 y luego en los 70 llegó el empate."),
    ("es", "Llamó al número de emergencias 112 desde una iglesia del siglo 14."),
    ("fr", "Une télévision 8K a été présentée hier."),
    ("fr", "Appelez le 3 412 77 90 ; la réunion reprend vers 21h, dans l'abbaye bâtie entre 1150 et 1180."),
    ("fr", "Les visiteurs ont regagné les vestiaires en menant 3-1."),
    ("de", "Müller (12., 57.) traf zweimal vor der Pause."),
    ("fr", "Le château fut construit en 1066 puis agrandi vers 1250."),
])
def test_times_dates_ordinals_and_scores_in_other_languages_are_not_quantities(lang: str, text: str) -> None:
    assert _read(text, lang) == []


@pytest.mark.parametrize(("lang", "text", "value", "unit"), [
    ("de", "Er erhält wohl nicht die Höchststrafe von 40 Jahren.", 40, "year"),
    ("de", "In einem Umkreis von 300 Kilometern drohen Wellen.", 300, "kilometer"),
    ("de", "Das kündigte der 50-jährige Unternehmer an.", 50, "year"),
    ("de", "Beerbt wird sie von ihrem Sohn Charles (73).", 73, "year"),
    ("es", "Un terremoto de 7,6 grados en la escala Richter sacudió Noto.", 7.6, "magnitude"),
    ("es", "El seísmo, de una magnitud preliminar de 7,6, obligó a evacuar.", 7.6, "magnitude"),
])
def test_german_endings_ages_and_magnitudes(lang: str, text: str, value: float, unit: str) -> None:
    [q] = _read(text, lang)
    assert (q.value, q.unit) == (value, unit)


def test_a_german_count_is_a_capitalised_noun() -> None:
    [deaths, bare] = _read("Mindestens 284 Menschen starben; die Zahl ist über 600 gestiegen.", "de")
    assert (deaths.value, deaths.unit, bare.value, bare.unit) == (284, "menschen", 600, None)


@pytest.mark.parametrize(("lang", "text", "value", "unit", "kind"), [
    ("fr", "Il a été élu il y a cinq ans.", 5, "year", "amount"),
    ("fr", "Il y a deux écrans à l'intérieur.", 2, "écrans", "count"),
    ("es", "Se arrodilló durante más de nueve minutos.", 9, "minute", "amount"),
    ("es", "El comunicado salió en seis idiomas.", 6, "idiomas", "count"),
    ("de", "Seit sieben Jahrzehnten leben dort zwölf Menschen.", 7, "decade", "amount"),
    ("es", "El sismo causó cientos de muertos.", 100, "muertos", "count"),
    ("fr", "Le bilan fait état d'un millier de disparus.", 1000, "disparus", "count"),
    ("de", "Tausende Menschen flohen vor dem Feuer.", 1000, "menschen", "count"),
])
def test_numbers_spelled_in_other_languages_count_or_measure(lang: str, text: str, value: float, unit: str,
                                                              kind: str) -> None:
    q = _read(text, lang)[0]
    assert (q.value, q.unit, q.kind) == (value, unit, kind)


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Le bâtiment est neuf et la rue est calme."),
    ("es", "Los dos se fueron."),
    ("de", "Die beiden haben acht gegeben."),
])
def test_a_spelled_number_with_nothing_counted_after_it_is_not_a_quantity(lang: str, text: str) -> None:
    assert _read(text, lang) == []


def test_money_written_with_a_comma_before_three_digits_is_thousands() -> None:
    [q] = _read("Las gafas se venderán por 3,500 dólares.", "es")
    assert (q.value, q.unit) == (3500, "USD")
    [km] = _read("Der Stau war 3,500 Kilometer lang.", "de")
    assert km.value == 3.5  # a length may be given to a thousandth
    [money] = _read("Ofreció 52,000 millones de dólares por la empresa.", "es")
    assert (money.value, money.unit) == (52e9, "USD")  # nor is money counted in thousandths of millions


@pytest.mark.parametrize(("lang", "text", "value", "unit"), [
    ("fr", "Ils ont attendu trois années avant le procès.", 3, "year"),
    ("fr", "Le vote a touché six différentes régions.", 6, "régions"),
    ("es", "Llegaron 12 nuevos barcos al puerto.", 12, "barcos"),
    ("es", "El partido de Pérez obtuvo 210 de los 350 escaños.", 210, None),
    ("fr", "C'est l'une des 30 plus grandes villes du pays.", 30, "villes"),
    ("fr", "À Alep, 150 autres ont été blessées.", 150, None),
    ("de", "Sein Bruder Georg, 88, lebt in Regensburg.", 88, "year"),
    ("de", "Es gab Nachbeben mit einer Stärke von über 5,0.", 5.0, "magnitude"),
    ("es", "Fue un sismo de 6,9 grados Richter.", 6.9, "magnitude"),
    ("fr", "Trois cents soldats sont arrivés.", 300, "soldats"),
    ("fr", "Une quinzaine de maisons ont brûlé.", 15, "maisons"),
    ("es", "Un millar de ellas eran niños.", 1000, None),
    ("fr", "Il règne aussi sur 14 autres royaumes.", 14, "royaumes"),
    ("fr", "La rivière coule à quelques dizaines de mètres.", 10, "meter"),
])
def test_year_words_adjectives_before_the_noun_and_parts_of_a_whole(lang: str, text: str, value: float,
                                                                     unit: str | None) -> None:
    q = _read(text, lang)[0]
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize(("lang", "text", "value", "unit"), [
    ("de", "Zwei weitere Personen wurden verletzt.", 2, "personen"),
    ("de", "Plötzlich sind zwei laute Schüsse zu hören.", 2, "schüsse"),
    ("de", "Nach sieben weiteren Menschen wird gesucht.", 7, "menschen"),
    ("de", "Sie standen vor einer 12-köpfigen Geschworenen-Jury.", 12, None),
    ("de", "Ein Zuschauer starb und zwei wurden schwer verletzt.", 2, None),
    ("de", "Ein Zuschauer starb, zwei weitere schwer verletzt.", 2, None),
    ("fr", "Le tireur a été tué, et deux autres ont été blessées.", 2, None),
    ("es", "Sonaron los disparos, al menos cinco.", 5, None),
])
def test_a_spelled_count_skips_german_adjectives_and_stands_alone_before_a_verb(
        lang: str, text: str, value: float, unit: str | None) -> None:
    [q] = _read(text, lang)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize(("lang", "text", "value", "unit"), [
    ("de", "Dort leben drei Millionen Menschen.", 3e6, "menschen"),
    ("de", "Es kostete zwei Milliarden Euro.", 2e9, "EUR"),
    ("es", "Pagó tres mil millones de dólares.", 3e9, "USD"),
    ("fr", "Il a fallu des milliards de dollars d'investissement.", 1e9, "USD"),
    ("de", "Nach rund zehnstündiger Beratung fiel das Urteil.", 10, "hour"),
    ("de", "Es war eine 3-tägige Reise.", 3, "day"),
    ("fr", "Les trois quarts de ses sujets l'ignorent.", 3, "quarts"),
])
def test_spelled_numbers_take_scale_words_and_german_spans(lang: str, text: str, value: float, unit: str) -> None:
    [q] = _read(text, lang)
    assert (q.value, q.unit) == (value, unit)


def test_a_vague_magnitude_before_a_pronoun_counts_what_was_named_before() -> None:
    [dead, part] = _read("El sismo dejó 9.000 muertos, un millar de ellos en la capital.", "es")
    assert (dead.value, dead.unit, part.value, part.unit) == (9000, "muertos", 1000, None)
