from __future__ import annotations

import pytest

from newstrace.claims import extract
from newstrace.claims.compare import compare
from newstrace.claims.hedges import find_hedges
from newstrace.claims.parse import MAX_PARSED, nlp
from newstrace.claims.quantities import find_quantities, parse_number
from newstrace.clean import clean_article
from newstrace.ingest import read_paths
from newstrace.model import Article, Link, LinkDetail, LinkKind, Placement
from tests.conftest import SEED, needs


@pytest.fixture(scope="module")
def seed_claims():  # type: ignore[no-untyped-def]
    [article] = list(read_paths([SEED]))
    cleaned = clean_article(article)  # type: ignore[arg-type]
    return cleaned, extract(cleaned)


@needs(SEED)
def test_seed_attributions(seed_claims) -> None:  # type: ignore[no-untyped-def]
    article, claims = seed_claims
    sources = {a.source.text for a in claims.attributions if a.source}
    assert {"The Kremlin press service", "South Korean broadcaster YTN", "The White House",
            "Russian Defence Minister Sergei Shoigu"} <= sources
    kremlin = next(a for a in claims.attributions if a.source and a.source.text == "The Kremlin press service")
    assert kremlin.direct and kremlin.cue.text == "said"
    assert kremlin.content.text.startswith("At the invitation of the President")
    for a in claims.attributions:
        for span in (a.cue, a.content, *([a.source] if a.source else [])):  # "seems" credits no one
            assert article.clean_text[span.start:span.end] == span.text


@needs(SEED)
def test_seed_hedges(seed_claims) -> None:  # type: ignore[no-untyped-def]
    _, claims = seed_claims
    assert sum(h["text"].lower() == "reportedly" for h in claims.hedges) == 3
    assert any(not h["attributed"] for h in claims.hedges)


@needs(SEED)
def test_seed_quantities(seed_claims) -> None:  # type: ignore[no-untyped-def]
    article, claims = seed_claims
    found = {(q.value, q.unit, q.bound, q.of) for q in claims.quantities}
    assert (21.0, "carriages", "=", "carriages") in found
    assert (60.0, "km/h", "=", "maximum speed") in found
    assert (20.0, "hour", ">=", None) in found
    assert (2019.0, "year", "=", None) in found
    assert (4.0, "year", ">", None) in found
    for q in claims.quantities:
        assert article.clean_text[q.start:q.end] == q.text


@pytest.mark.parametrize(("text", "value", "unit", "bound", "high"), [
    ("at least 20 hours", 20, "hour", ">=", None),
    ("up to 90 carriages", 90, "carriages", "<=", None),
    ("more than 2,000 people", 2000, "people", ">", None),
    ("twenty-one guns", 21, "guns", "=", None),
    ("between 20 and 30 boats", 20, "boats", "range", 30),
    ("a $44bn deal", 44e9, "USD", "=", None),
    ("a 38% premium", 38, "percent", "=", None),
    ("1.180 km", 1180, "kilometer", "=", None),
    ("1,180km", 1180, "kilometer", "=", None),
    ("magnitude 7,8", 7.8, None, "=", None),
    ("from $370,000 to $5.5 million", 370_000, "USD", "range", 5.5e6),
    ("from $10 to $15 billion", 10e9, "USD", "range", 15e9),
    ("worth $US55,931,000", 55_931_000, "USD", "=", None),
    ("worth $A82,615,680", 82_615_680, "AUD", "=", None),
    ("about $1,100 per square foot", 1100, "USD per square foot", "~", None),
    ("a 52,000 barrel-a-day refinery", 52_000, "barrel per day", "=", None),
    ("the offense was -5 yards", -5, "yard", "=", None),
    ("a four-cylinder engine", 4, "cylinder", "=", None),
    ("after a five-year journey", 5, "year", "=", None),
    ("down to minus-130 degrees", -130, None, "=", None),
])
def test_quantity_forms(text: str, value: float, unit: str | None, bound: str, high: float | None) -> None:
    q = find_quantities(text)[0]
    assert (q.value, q.bound, q.high) == (value, bound, high)
    if unit is not None:
        assert q.unit == unit


def test_vague_magnitudes_are_ranges_of_one_order() -> None:
    found = find_quantities("Dozens of people died and tens of thousands of students marched.")
    assert [(q.value, q.high, q.unit) for q in found] == [(12, 120, "people"), (10_000, 100_000, "students")]


def test_a_code_after_a_name_and_a_dash_is_neither_a_minus_sign_nor_a_figure() -> None:
    assert [q.value for q in find_quantities("They bought COVID -19 tests; the offense was -5 yards.")] == [-5]


def test_thousands_of_pounds_is_money() -> None:
    [q] = find_quantities("The repairs will cost thousands of pounds.")
    assert (q.value, q.high, q.unit, q.kind) == (1000, 10_000, "GBP", "currency")


def test_a_year_earlier_is_not_a_rate() -> None:
    [q, earlier] = find_quantities("Revenue rose to $7.36 billion from $6.78 billion a year earlier.")
    assert (q.unit, earlier.unit) == ("USD", "USD")


def test_number_before_a_model_or_street_name_is_not_a_count() -> None:
    text = "The iPhone 11 Pro is out; Boeing's own 787 Dreamliner flew; 12 Democrats voted no."
    assert [q.value for q in find_quantities(text)] == [12]
    parsed = find_quantities(text, docs=[(0, nlp()(text))])
    assert [(q.value, q.unit) for q in parsed] == [(12, "democrats")]


def test_odd_separators_parse() -> None:
    assert parse_number("2.300") == 2300 and parse_number("7,8") == 7.8 and parse_number("2,300") == 2300
    assert parse_number("2 300") == 2300 and parse_number("twenty-one") == 21


def test_units_are_normalised_with_pint() -> None:
    mph, kmh = find_quantities("37 mph"), find_quantities("60 km/h")
    assert mph[0].normalized["unit"] == kmh[0].normalized["unit"] == "meter / second"


def test_times_of_day_and_shortcodes_are_not_quantities() -> None:
    assert find_quantities("It left at 05:40 after the [ad_1] marker.") == []


def test_text_with_no_sentences() -> None:
    claims = extract(Article(id="e", raw="", text="", clean_text=""))
    assert claims.attributions == [] and claims.quantities == [] and claims.hedges == []
    claims = extract(Article(id="p", raw="", text="", clean_text="!!! ... ---", lang="en"))
    assert claims.attributions == [] and claims.quantities == []


def test_unbalanced_quotes_do_not_break_attribution() -> None:
    text = 'The mayor said: "We will rebuild the pier by spring. Officials said the cost was 2 million pounds.'
    claims = extract(Article(id="q", raw="", text=text, clean_text=text, lang="en"))
    assert claims.attributions
    for a in claims.attributions:
        assert text[a.content.start:a.content.end] == a.content.text


@pytest.mark.slow
def test_megabyte_article_is_handled_in_pieces() -> None:
    sentence = "The council said the harbour wall would cost 2 million pounds, officials reportedly added. "
    text = (sentence * 12000)[:1_000_000]
    claims = extract(Article(id="big", raw="", text=text, clean_text=text, lang="en"))
    assert len(claims.attributions) > 1_000  # from the parsed head of the article
    assert max(a.cue.end for a in claims.attributions) <= MAX_PARSED
    assert all(text[a.cue.start:a.cue.end] == a.cue.text for a in claims.attributions)
    assert len(claims.quantities) >= 10_000 and claims.quantities[-1].end > 900_000  # figures: the whole text


def test_hedge_cues() -> None:
    found = [h.text.lower() for h in find_hedges("He is said to have left; sources say he could return, allegedly.")]
    assert found == ["is said to", "sources say", "could", "allegedly"]


def _article(article_id: str, text: str, published: str) -> Article:
    return Article(id=article_id, raw=text, text=text, clean_text=text, published=published, lang="en")


def test_story_comparison_finds_the_copy_that_changed_a_figure() -> None:
    origin = _article("o", "With 21 carriages, the train has a maximum speed of 60 km/h, officials said.",
                      "2023-09-11T08:00")
    faithful = _article("f", "With 21 carriages, the train runs at a maximum speed of 37 mph, officials said.",
                        "2023-09-11T09:00")
    drifted = _article("d", "With 90 carriages, the train has a maximum speed of 55 km/h, officials said.",
                       "2023-09-11T10:00")
    claims = {a.id: extract(a) for a in (origin, faithful, drifted)}
    placements = {"o": Placement("o", "s", "origin", 1.0), "f": Placement("f", "s", "verbatim_copy", 1.0, parent="o"),
                  "d": Placement("d", "s", "verbatim_copy", 1.0, parent="o")}
    result = compare(claims, {a.id: a for a in (origin, faithful, drifted)}, placements,
                     [Link("o", "f", "verbatim_copy", 1, 1, 1), Link("o", "d", "verbatim_copy", 1, 1, 1)])
    slots = {(s["dimension"], s["of"]): s for s in result["slots"]}
    carriages = slots[("count", "carriage")]
    assert [(v["written"], v["articles"], v["earliest"]) for v in carriages["variants"]] == [
        ("21 carriages", ["o", "f"], "o"), ("90 carriages", ["d"], "d")]
    assert carriages["changes"] == [{"article": "d", "parent": "o", "from": "21 carriages", "to": "90 carriages"}]
    speed = next(s for s in result["slots"] if s["dimension"] == "[length] / [time]")
    assert [sorted(v["articles"]) for v in speed["variants"]] == [["f", "o"], ["d"]]  # 37 mph = 60 km/h


def test_pronoun_source_resolves_to_the_last_named_speaker() -> None:
    text = ("Harbour master Tomas Quill said the vessel had left the marked channel. "
            "An inquiry would look at why the alarm had not sounded, he added.")
    claims = extract(Article(id="p", raw="", text=text, clean_text=text, lang="en"))
    added = next(a for a in claims.attributions if a.cue.text == "added")
    assert added.source is not None and added.source.text == "he" and added.resolved == "Tomas Quill"


def test_bare_pounds_are_a_weight_unless_money_is_about() -> None:
    [weight] = find_quantities("He got in shape, dropping from 208 pounds over the summer.")
    [fine] = find_quantities("The court fined him 500 pounds for the damage.")
    [budget] = find_quantities("The breakwater will cost 12 million pounds.")
    assert (weight.unit, fine.unit, budget.unit) == ("pound", "GBP", "GBP")


def test_a_measure_compound_is_the_counted_unit() -> None:
    text = "The 12 page document and 700 heart transplants."
    found = find_quantities(text, docs=[(0, nlp()(text))])
    assert [(q.value, q.unit) for q in found] == [(12, "page"), (700, "transplants")]


@pytest.mark.parametrize(("text", "unit"), [
    ("a 2.4 GHz band", "gigahertz"), ("about 250ml of water", "milliliter"), ("500 mg daily", "milligram"),
    ("a 10 nm process", "nanometer"), ("400 Nm of torque", "newton*meter"), ("61.4 MPa", "megapascal"),
])
def test_unit_symbols_missing_from_the_table_are_read_by_pint(text: str, unit: str) -> None:
    assert find_quantities(text)[0].unit == unit


@pytest.mark.parametrize("text", ["sales in the 1990s rose", "5 in a row", "the 460 Kia cars", "Grade 5 A pupils"])
def test_words_and_plurals_after_a_number_are_not_unit_symbols(text: str) -> None:
    assert all(q.unit in (None, "year") for q in find_quantities(text))


def test_numbers_listed_before_a_unit_share_it() -> None:
    found = find_quantities("Screens come in 7- or 8-inch sizes; slots of 5-, 10- and 15-minute length.")
    assert [(q.value, q.unit) for q in found] == [(7, "inch"), (8, "inch"), (5, "minute"), (10, "minute"),
                                                 (15, "minute")]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("por 44.000 millones de dólares", 44e9, "USD"),
    ("pour 3 milliards d'euros", 3e9, "EUR"),
])
def test_money_in_spanish_and_french_forms(text: str, value: float, unit: str) -> None:
    [q] = find_quantities(text, decimal_comma=True)
    assert (q.value, q.unit, q.kind) == (value, unit, "currency")


def test_a_share_price_and_a_deal_value_are_not_one_slot_but_a_slip_of_scale_is() -> None:
    from newstrace.claims.compare import _comparable

    assert not _comparable(54.20, 44e9)
    assert _comparable(44e6, 44e9) and _comparable(43e9, 44e9)
    assert not _comparable(44e9, 273e9, max_ratio=3.0)  # a deal and a fortune, both in billions


@pytest.mark.parametrize(("text", "value"), [
    ("ein Beben der Stärke 7,9 erschütterte", 7.9), ("un sismo de magnitud 7,8", 7.8), ("magnitude 7,4", 7.4)])
def test_a_magnitude_named_before_the_number_is_its_unit(text: str, value: float) -> None:
    [q] = find_quantities(text, decimal_comma=True, english=False)
    assert (q.value, q.unit) == (value, "magnitude")


def test_other_languages_do_not_read_english_number_words_or_verbs_as_counts() -> None:
    found = find_quantities("om 4.17 uur ten noordwesten, 237 doden; Stärke 7,9 hatte", decimal_comma=True,
                            english=False)
    assert [(q.value, q.unit) for q in found if q.kind == "count"] == [(237, "doden")]


def test_a_point_before_one_or_two_digits_is_a_decimal_point_in_any_language() -> None:
    assert parse_number("7.8", decimal_comma=True) == 7.8 and parse_number("2.300", decimal_comma=True) == 2300


def test_the_same_figure_in_other_words_or_another_language_fills_one_slot() -> None:
    english = _article("en", "Twitter accepted the buyout worth $44 billion on Monday.", "2022-04-25T18:00")
    spanish = _article("es", "Elon Musk compró la red por 44.000 millones de dólares, informó la firma.",
                       "2022-04-25T19:00")
    spanish.lang = "es"
    claims = {a.id: extract(a) for a in (english, spanish)}
    placements = {a.id: Placement(a.id, "s", "independent", 0.5) for a in (english, spanish)}
    result = compare(claims, {a.id: a for a in (english, spanish)}, placements, [])
    [slot] = [s for s in result["slots"] if s["dimension"] == "money:USD"]
    assert [sorted(v["articles"]) for v in slot["variants"]] == [["en", "es"]]
    spans = slot["variants"][0]["spans"]
    assert {s["article"]: s["text"] for s in spans} == {"en": "$44 billion", "es": "44.000 millones de dólares"}


def test_a_figure_at_the_same_place_in_a_copied_passage_is_the_same_claim() -> None:
    parent = _article("p", "Rescuers said the ferry carried 212 passengers when it ran aground.", "2026-03-14T08:00")
    copy = _article("c", "Rescuers said the ferry carried 240 passengers when it ran aground.", "2026-03-14T09:00")
    claims = {a.id: extract(a) for a in (parent, copy)}
    placements = {"p": Placement("p", "s", "origin", 1.0), "c": Placement("c", "s", "verbatim_copy", 1.0, parent="p")}
    start = parent.clean_text.index("212")
    passage = {"a": [0, len(parent.clean_text)], "b": [0, len(copy.clean_text)], "tokens": 12,
               "edits": [{"a": "212", "b": "240", "a_span": [start, start + 3], "b_span": [start, start + 3]}]}
    link = Link("p", "c", LinkKind.VERBATIM_COPY, 0.9, 1.0, 1.0, detail=LinkDetail.from_dict({"passages": [passage]}))
    [slot] = compare(claims, {a.id: a for a in (parent, copy)}, placements, [link])["slots"]
    assert slot["changes"] == [{"article": "c", "parent": "p", "from": "212 passengers", "to": "240 passengers"}]


def test_a_unit_starting_like_a_month_is_not_a_date() -> None:
    [q] = find_quantities("well over double the 120 decibels reached")
    assert (q.value, q.unit) == (120, "decibel")


@pytest.mark.parametrize(("text", "value", "unit", "of"), [
    ("A third of those screened were obese.", 1 / 3, "fraction", None),
    ("One out of three Germans have housing problems.", 1 / 3, "fraction", "germans"),
    ("One fluid ounce is 1/16 of a US pint.", 1 / 16, "pint", None),
    ("Three quarters of the vote went to her.", 0.75, "fraction", None),
])
def test_shares_are_fractions(text: str, value: float, unit: str, of: str | None) -> None:
    [q] = [q for q in find_quantities(text) if q.unit != "fluid_ounce"]
    assert (round(q.value, 6), q.unit, q.of) == (round(value, 6), unit, of)


@pytest.mark.parametrize("text", [
    "Updated 2019-09-01T10:38:07.190Z by the desk.", "They bought COVID-19 kits.", "the sp 500 was down",
    "He lives at 575 Wilbraham Road now.", "a flat at 9 E 71st St, Manhattan",
])
def test_stamps_codes_indexes_and_house_numbers_are_not_figures(text: str) -> None:
    assert [q for q in find_quantities(text) if q.kind != "year"] == []


def test_a_year_then_a_smaller_figure_are_two_figures_not_a_range() -> None:
    found = find_quantities("from 20 miles per gallon in 2008 to 29 mpg in 2020")
    assert [(q.value, q.high, q.unit) for q in found] == [(20, None, "mile/gallon"), (2008, None, "year"),
                                                          (29, None, "mile/gallon"), (2020, None, "year")]
    [calories] = find_quantities("needs about 2000 - 2500 calories a day")
    assert (calories.value, calories.high, calories.unit) == (2000, 2500, "calorie per day")  # CLDR's energy unit


def test_one_counts_a_noun_but_not_as_a_pronoun() -> None:
    text = "She put one hand up. No one came. It is one of the best wireless speakers. Two of Ann's deputies quit."
    found = find_quantities(text, docs=[(0, nlp()(text))])
    assert [(q.value, q.unit) for q in found] == [(1, "hand"), (1, "speakers"), (2, "deputies")]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("a density of 1.3 A/cm2", 1.3, "ampere/centimeter**2"), ("a price of C $6 a share", 6, "CAD per share"),
    ("fell to Y=28,030 in Tokyo", 28_030, "JPY"), ("a PS6m golden hello", 6e6, "GBP"),
    ("a rate of .001 percent", 0.001, "percent"), ("the 2.4Ghz toy", 2.4, "gigahertz"),
    ("at 1200 parts per million", 1200, "ppm"),
])
def test_more_unit_and_currency_forms(text: str, value: float, unit: str) -> None:
    [q] = find_quantities(text)
    assert (q.value, q.unit) == (value, unit)


def test_a_figure_an_article_repeats_stays_in_one_slot_with_the_other_pages() -> None:
    first = _article("a", "Quake of magnitude 7.8 hits. The magnitude 7.8 quake struck at dawn.", "2023-02-06T04:00")
    second = _article("b", "A quake of magnitude 7.8 struck the border region before dawn.", "2023-02-06T05:00")
    claims = {a.id: extract(a) for a in (first, second)}
    placements = {a.id: Placement(a.id, "s", "independent", 0.5) for a in (first, second)}
    result = compare(claims, {a.id: a for a in (first, second)}, placements, [])
    [slot] = [s for s in result["slots"] if s["dimension"] == "[seismic_magnitude]"]
    [variant] = slot["variants"]
    assert variant["articles"] == ["a", "b"] and len(variant["spans"]) == 3


def test_counted_nouns_in_other_languages_keep_their_case_and_accents() -> None:
    found = find_quantities("mindestens 284 Menschen; plus de 340 sièges", decimal_comma=True, english=False)
    assert [(q.value, q.unit) for q in found] == [(284, "menschen"), (340, "sièges")]


def test_the_same_count_under_nouns_of_other_languages_fills_one_slot_but_not_in_one_language() -> None:
    english = _article("en", "The quake killed 284 people in Turkey.", "2023-02-06T05:00")
    german = _article("de", "Das Beben hat mindestens 284 Menschen getötet.", "2023-02-06T06:00")
    german.lang = "de"
    other = _article("en2", "The quake toppled 284 buildings in Turkey.", "2023-02-06T07:00")
    claims = {a.id: extract(a) for a in (english, german, other)}
    placements = {a.id: Placement(a.id, "s", "independent", 0.5) for a in (english, german, other)}
    result = compare(claims, {a.id: a for a in (english, german, other)}, placements, [])
    [slot] = [s for s in result["slots"] if s["dimension"] == "count"]
    assert slot["variants"][0]["articles"] == ["en", "de"]


def test_a_speed_in_german_and_in_mph_fills_the_english_pages_slot_as_one_value() -> None:
    pages = [("en", "en", "The armoured train travels at a maximum speed of 60 km/h, officials said."),
             ("us", "en", "The armored train has a top speed of 37 mph, officials said."),
             ("de", "de", "Der gepanzerte Zug fährt mit höchstens 60 Kilometer pro Stunde, sagten Beamte."),
             ("fr", "fr", "Le train blindé roule à 60 km/h au maximum, selon des responsables.")]
    articles = {}
    for k, (article_id, lang, text) in enumerate(pages):
        articles[article_id] = _article(article_id, text, f"2023-09-12T0{k}:00")
        articles[article_id].lang = lang
    claims = {i: extract(a) for i, a in articles.items()}
    placements = {i: Placement(i, "s", "independent", 0.5) for i in articles}
    [slot] = compare(claims, articles, placements, [])["slots"]
    assert [sorted(v["articles"]) for v in slot["variants"]] == [["de", "en", "fr", "us"]]
    assert slot["variants"][0]["normalized"]["unit"] == "meter / second"


def _claims_of(text: str):  # type: ignore[no-untyped-def]
    return extract(Article(id="t", raw=text, text=text, clean_text=text, lang="en"))


def test_a_day_after_the_cue_is_when_it_was_reported_not_what() -> None:
    text = "Kim appears to be on his way to the northeastern border, South Korean broadcaster YTN reported on Tuesday."
    [a] = _claims_of(text).attributions
    assert (a.source.text, a.cue.text) == ("South Korean broadcaster YTN", "reported")  # type: ignore[union-attr]
    assert a.content.text.startswith("Kim appears to be on his way")


def test_a_quotation_closing_right_after_the_statement_is_closed_in_it() -> None:
    text = "The White House has already said that arms negotiations are “actively advancing”."
    [a] = _claims_of(text).attributions
    assert a.content.text.endswith("“actively advancing”")


def test_n_more_counts_what_the_figure_before_it_counted() -> None:
    found = _claims_of("Two people died and 15 more needed hospital treatment, officials said.").quantities
    assert [(q.value, q.unit) for q in found] == [(2, "people"), (15, "people")]


def test_a_top_speed_and_a_maximum_speed_are_one_slot() -> None:
    a = _article("a", "The train has a maximum speed of 60 km/h.", "2023-09-12T01:00")
    b = _article("b", "The train has a top speed of 37 mph.", "2023-09-12T02:00")
    claims = {x.id: extract(x) for x in (a, b)}
    placements = {x.id: Placement(x.id, "s", "independent", 0.5) for x in (a, b)}
    [slot] = compare(claims, {x.id: x for x in (a, b)}, placements, [])["slots"]
    assert [sorted(v["articles"]) for v in slot["variants"]] == [["a", "b"]]
