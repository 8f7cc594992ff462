"""Quantities whose reading depends on the words around the figure: labels, ages, shirt numbers, a unit
left unsaid in a comparison, and counts per unit of time."""

from __future__ import annotations

import pytest

from newstrace.claims.parse import nlp
from newstrace.claims.quantities import find_quantities


def _found(text: str) -> list[tuple[float, str | None]]:
    return [(q.value, q.unit) for q in find_quantities(text, docs=[(0, nlp()(text))]) if q.kind != "year"]


@pytest.mark.parametrize("text", [
    "The category 4 hurricane made landfall early Wednesday.",
    "The city moved to level 3 restrictions on Monday.",
    "The team reached the last-32 stage of the cup.",
    "Quarterback Dak Prescott (4) celebrates a touchdown.",
    "Apple showed the new iPhone 11 and the iPhone 11 Pro Max at the event.",
])
def test_a_number_that_labels_or_names_is_not_a_quantity(text: str) -> None:
    assert _found(text) == []


def test_an_age_set_off_by_commas_after_a_name_is_in_years() -> None:
    assert _found("Maddon, 66, has used the downtime to get in shape.") == [(66.0, "year of age")]
    assert _found("In Ohio, 12 people died.") == [(12.0, "people")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Fuel economy climbed from 21 mpg combined to 23 for FWD models.",
     [(21.0, "mile/gallon"), (23.0, "mile/gallon")]),
    ("Sales rose to 3.9 million headsets, up from 2.4 million in 2017.",
     [(3_900_000.0, "headsets"), (2_400_000.0, "headsets")]),
    ("He dropped from 208 pounds to 193 by exercising.", [(208.0, "pound"), (193.0, "pound")]),
])
def test_a_figure_compared_with_the_one_before_takes_its_unit(text: str, expected: list[tuple[float, str]]) -> None:
    assert _found(text) == expected


def test_a_share_does_not_lend_its_unit_to_the_price_after_it() -> None:
    assert _found("Shares rose 5% to 120 on Friday.") == [(5.0, "percent"), (120.0, None)]


def test_a_count_per_unit_of_time_is_a_rate() -> None:
    assert _found("The lab will provide three thousand tests per day.") == [(3000.0, "tests per day")]


def test_figures_of_a_web_address_are_not_quantities() -> None:
    text = "Das Foto (https://example.org/2024/05/46ac1.png) zeigt 12 Menschen."
    assert [(q.value, q.unit) for q in find_quantities(text, decimal_comma=True, english=False, lang="de")] == \
        [(12.0, "menschen")]


def test_a_figure_after_a_lower_case_word_and_a_hyphen_is_a_code() -> None:
    text = "la lucha contra el covid-19, que sigue batiendo récords"
    assert find_quantities(text, decimal_comma=True, english=False, lang="es") == []


def test_a_figure_given_to_as_many_decimals_as_the_measure_before_it_is_the_same_measure() -> None:
    text = "Das Beben hatte eine Stärke von 7,6, die US-Erdbebenwarte USGS spricht von 7,5."
    found = find_quantities(text, decimal_comma=True, english=False, lang="de")
    assert [(q.value, q.unit) for q in found] == [(7.6, "magnitude"), (7.5, "magnitude")]
    assert [q.unit for q in find_quantities("It fell 0.5% to 3,120.4 on Friday.")] == ["percent", None]


def test_a_french_scale_word_at_the_end_of_a_sentence_scales_the_figure() -> None:
    [q] = find_quantities("Le budget atteint 20 millions.", decimal_comma=True, english=False, lang="fr")
    assert (q.value, q.unit) == (20_000_000.0, None)


@pytest.mark.parametrize(("text", "lang", "unit"), [
    ("Elle touche 20 millions de personnes.", "fr", "personnes"),
    ("Afectó a 3 millones de personas.", "es", "personas"),
])
def test_what_a_scaled_figure_counts_follows_de(text: str, lang: str, unit: str) -> None:
    [q] = find_quantities(text, decimal_comma=True, english=False, lang=lang)
    assert (q.unit, q.kind) == (unit, "count")


@pytest.mark.parametrize(("text", "expected"), [
    ("Two people died and 15 more needed hospital treatment.", [("Two people", "people"), ("15", "people")]),
    ("A fleet of nine fishing boats carried people ashore.", [("nine fishing boats", "boats")]),
    ("The 14 crew were safe.", [("14 crew", "crew")]),
])
def test_counted_nouns_of_sentences_not_parsed(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(q.text, q.unit) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(("text", "lang"), [
    ("Une magnitude de 7,5 selon l'institut et de 7,6 selon l'agence japonaise.", "fr"),
    ("Mbappe descontaría a los 80 minutos y en los 81 repite Mbappe.", "es"),
])
def test_french_and_spanish_function_words_and_verbs_are_not_counted(text: str, lang: str) -> None:
    found = find_quantities(text, decimal_comma=True, english=False, lang=lang)
    assert not any(q.kind == "count" and q.unit in ("selon", "repite") for q in found)


def test_french_and_spanish_counts_above_one_are_plural_nouns() -> None:
    found = find_quantities("Il y avait 10 personnes à bord, dont 3 membres d'équipage.", decimal_comma=True,
                            english=False, lang="fr")
    assert [(q.value, q.unit) for q in found] == [(10.0, "personnes"), (3.0, "membres")]
