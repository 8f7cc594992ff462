"""Attributions the fourth round of issue 14 reads: a second outlet joined to a cited one, an outlet that opens a
sentence of its own past the opening ("The Karrow Courier reported that ..."), a writer's title line naming an
outlet the table does not know, and a syndication line ("information fournie par ...").  The sentences and the
outlets are made up."""

from __future__ import annotations

import pytest

from newstrace.credits import credits_by_rule, find_credits
from newstrace.outlets import OutletTable

TABLE = OutletTable([{"name": "Reuters", "wire": True},
                     {"name": "BBC", "aliases": ["British Broadcasting Corporation"]}])
EMPTY = OutletTable([])
OPENING = "\n\n".join(f"Paragraph {n} of the report says the harbour board met on Monday and agreed to close the pier."
                      for n in range(1, 4))


def outlets(text: str, table: OutletTable = EMPTY) -> list[str | None]:
    return [c.outlet for c in find_credits(text, table) if c.outlet]


@pytest.mark.parametrize(("text", "found"), [
    ("The pier closed, according to Reuters and the Karrow Courier.", ["Reuters", "Karrow Courier"]),
    ("Selon des informations de Reuters et de la British Broadcasting Corporation (BBC), le port a fermé.",
     ["Reuters", "BBC"]),
    ("El puerto cerró, según informó Reuters y el Diario de Karrow.", ["Reuters", "Diario de Karrow"]),
    ("Der Hafen ist geschlossen, berichtet Reuters und die Karrower Zeitung.", ["Reuters", "Karrower Zeitung"]),
])
def test_a_second_outlet_joined_to_a_cited_one_is_credited_too(text: str, found: list[str]) -> None:
    assert outlets(text, TABLE) == found


@pytest.mark.parametrize("text", [
    "The pier closed, according to Reuters and Prime Minister Jane Doe.",
    "Le port a fermé, selon Reuters et le ministre des Transports.",
])
def test_a_person_or_an_office_joined_to_a_cited_outlet_is_no_outlet(text: str) -> None:
    assert outlets(text, TABLE) == ["Reuters"]


@pytest.mark.parametrize(("sentence", "outlet"), [
    ("The Karrow Courier reported that the pier would stay closed until spring.", "Karrow Courier"),
    ("Die Karrower Zeitung berichtete, der Hafen bleibe bis zum Frühjahr geschlossen.", "Karrower Zeitung"),
    ("Karrow News writes that the pier will stay closed until spring.", "Karrow News"),
])
def test_an_outlet_opening_its_sentence_past_the_opening_is_the_pages_attribution(sentence: str,
                                                                                     outlet: str) -> None:
    text = f"{OPENING}\n\n{sentence}"
    [(credit, rule)] = credits_by_rule(text, EMPTY)
    # a fact's source, not the text's: the trace stage does not take it for the outlet the page copies
    assert (credit.outlet, credit.kind, rule.split(":")[0]) == (outlet, "attributed", "cited_late")


@pytest.mark.parametrize("sentence", [
    "The Karrow Courier said that its editors had reviewed the complaint.",  # a party speaking, not a source
    "The pier will stay closed, the Karrow Courier reported.",  # mid-sentence, as copied text cites
    "The Karrow Courier's Jane Doe reported that the pier would stay closed.",  # a reporter between name and verb
    "Officials told the Karrow Courier that the pier would stay closed.",
])
def test_an_outlet_past_the_opening_in_other_shapes_is_no_credit(sentence: str) -> None:
    assert outlets(f"{OPENING}\n\n{sentence}") == []


def test_a_late_attribution_yields_to_a_credit_line_and_to_its_own_rule_being_left_out() -> None:
    late = f"{OPENING}\n\nThe Karrow Courier reported that the pier would stay closed."
    assert outlets(f"{late}\n\nSource: Karrow Wire Service") == ["Karrow Wire Service"]
    assert credits_by_rule(late, EMPTY, rules={"cited_after"}) == []
    both = {"cited_after", "cited_late"}  # a late attribution is a cited outlet that the late rule keeps
    assert [rule for _, rule in credits_by_rule(late, EMPTY, rules=both)] == ["cited_late:reported"]


def test_as_opening_the_clause_is_not_part_of_the_outlets_name() -> None:
    assert outlets("As the Karrow Courier reported, the pier will stay closed.") == ["Karrow Courier"]


@pytest.mark.parametrize(("title", "outlet"), [
    ("KRN Technology Writer", "KRN"),
    ("KNT Correspondent", "KNT"),
])
def test_a_title_line_under_a_byline_names_an_outlet_the_table_does_not_know(title: str, outlet: str) -> None:
    text = f"Pier closes for winter\nBy JANE ROE\n{title}\nThe harbour board closed the pier on Monday."
    assert [(c.outlet, rule) for c, rule in credits_by_rule(text, EMPTY)] == [(outlet, "byline:title_line")]


@pytest.mark.parametrize("title", ["Senior Writer", "US Politics Reporter", "Sports Staff Writer"])
def test_a_title_line_without_an_outlet_credits_nobody(title: str) -> None:
    assert outlets(f"By JANE ROE\n{title}\nThe harbour board closed the pier on Monday.") == []


def test_a_syndication_line_names_its_outlet_known_or_not() -> None:
    text = " date 2024-03 information fournie par Karrow 24 • 26/03/2024 à 14:45\n\nLe port a fermé lundi."
    [(credit, rule)] = credits_by_rule(text, EMPTY)
    assert (credit.outlet, credit.kind, rule) == ("Karrow 24", "source", "credit_phrase:provided_by")


@pytest.mark.parametrize("text", [
    "The new route was provided by Karrow 24 hours after the storm.",  # no noun of content before the phrase
    "Satellite image: content provided by Karrow Space\n\nThe pier closed.",  # a picture's credit
    "Information provided by France, the minister said.",  # a country
])
def test_provided_by_without_a_syndicated_noun_or_for_a_picture_names_no_unknown_outlet(text: str) -> None:
    assert outlets(text) == []


def test_variants_of_a_shape_are_kept_with_it() -> None:
    text = "Die Evakuierungen werden erschwert. – KRN"
    assert [rule for _, rule in credits_by_rule(text, EMPTY, rules={"closing_tag"})] == ["closing_tag:sign_off"]
    assert credits_by_rule(text, EMPTY, rules={"closing_tag:tag"}) == []
