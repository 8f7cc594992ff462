"""Credit shapes that find an outlet the alias table does not know, keeping its name as written, and the
shapes that look alike but credit nobody.  Every sentence here is made up; the outlets are invented too."""

from __future__ import annotations

import pytest

from newstrace.credits import credits_by_rule, find_credits
from newstrace.outlets import OutletTable

EMPTY = OutletTable([])  # no outlet known: only a shape can find one


def outlets(text: str, table: OutletTable = EMPTY) -> list[str | None]:
    return [c.outlet for c in find_credits(text, table) if c.outlet]


@pytest.mark.parametrize(("text", "outlet"), [
    ("HAMBURG (nrd-AFX) - Der Versicherer hebt seine Prognose an.", "nrd-AFX"),
    ("BONN (kpz) – Die Bischöfe treffen sich im Herbst.", "kpz"),
    ("(zvk) Die Ministerin hat am Montag ihren Rücktritt erklärt.", "zvk"),
])
def test_a_tag_in_lower_case_opening_the_text_is_an_agency(text: str, outlet: str) -> None:
    assert outlets(text) == [outlet]


@pytest.mark.parametrize("text", [
    "SPRINGFIELD (Illinois) - The governor signed the bill.",
    "(video) The minister spoke to reporters on Monday.",
    "PARIS (sic) - Le ministre a parlé lundi.",
])
def test_a_region_or_an_editorial_label_in_an_opening_tag_is_no_agency(text: str) -> None:
    assert outlets(text) == []


def test_a_tag_in_slashes_alone_on_the_last_line_signs_the_text_off() -> None:
    text = "Le module s'est posé sans encombre.\n\nLes ingénieurs ont applaudi.\n\n/ZTA"
    [credit] = [c for c in find_credits(text, EMPTY) if c.outlet]
    assert (credit.kind, credit.outlet) == ("wire", "ZTA")
    assert text[credit.start:credit.end] == "/ZTA"


def test_a_path_alone_on_a_line_is_no_tag() -> None:
    assert outlets("Das Archiv liegt hier.\n/ home\n\nMehr dazu morgen.") == []


def test_an_acronym_glued_to_the_last_sentence_with_editors_initials_signs_it_off() -> None:
    text = "The probe is being checked, he added.KNX ABR TLS RS\n\n(This story was not edited.)"
    assert outlets(text) == ["KNX"]


@pytest.mark.parametrize("text", [
    "The mission was a success.NASA said the crew is well.",
    "The bridge reopened on Monday.ALL LANES",
])
def test_capitals_after_a_sentence_without_initials_are_no_sign_off(text: str) -> None:
    assert outlets(text) == []


@pytest.mark.parametrize(("text", "outlet"), [
    ("Un séisme frappe le Japon\n\nSelon Radio Karrow :\n\nUn important séisme a frappé le centre du pays lundi.",
     "Radio Karrow"),
    ("According to KXQT:\nThe bridge will stay closed until Friday, officials said.", "KXQT"),
    ("Según Canal Nueve\nEl puente seguirá cerrado hasta el viernes.", "Canal Nueve"),
    ("Laut Karrow Online:\nDie Brücke bleibt bis Freitag gesperrt.", "Karrow Online"),
])
def test_a_line_of_a_verb_of_reporting_and_a_name_credits_the_text_below_it(text: str, outlet: str) -> None:
    credits = [c for c in find_credits(text, EMPTY) if c.outlet]
    assert [(c.kind, c.outlet) for c in credits] == [("cited", outlet)]


@pytest.mark.parametrize("text", [
    "Selon le ministre :\nLe pont restera fermé.",  # no name
    "Selon Paul Karrow, le pont restera fermé jusqu'à vendredi.",  # a person in a sentence
    "The report continued. According to Karrow Bay residents the water rose fast.",  # not a line of its own
])
def test_a_verb_of_reporting_inside_a_sentence_or_before_no_name_is_no_heading(text: str) -> None:
    assert outlets(text) == []


def paragraph(n: int) -> str:
    return f"Paragraph {n} of the report says that the council met on Monday and agreed on the budget for next year."


def test_an_outlet_cited_after_the_opening_paragraphs_is_the_texts_source_not_the_pages() -> None:
    cited = "The vote was close, a clerk told the Karrow Courier."
    text = "\n\n".join([paragraph(1), paragraph(2), paragraph(3), cited + " " + paragraph(4)])
    assert outlets(text) == []


def test_the_new_shapes_keep_the_rules_the_benchmark_fits() -> None:
    for text, rule in (("BONN (kpz) – Die Bischöfe treffen sich.", "opening_tag"),
                       ("Sie tagen im Mai.\n/ZTA", "closing_tag:tag"),
                       ("It ended, he said.KNX ABR TLS", "closing_tag:sign_off"),
                       ("Selon Radio Karrow :\nLe pont.", "cited_before:selon")):
        assert [r for _, r in credits_by_rule(text, EMPTY)] == [rule]


@pytest.mark.parametrize(("text", "outlet"), [
    ("Ten people died in the crash, according to Karrovian state news agency KNT.", "KNT"),
    ("Los fallecidos ascendieron a 57, según informó la emisora pública karroviana KRT.", "KRT"),
    ("Le bilan s'alourdit, selon l'agence officielle karrovienne KNT.", "KNT"),
])
def test_an_outlet_speaking_for_a_state_is_the_source_when_a_verb_of_reporting_names_it(text: str,
                                                                                        outlet: str) -> None:
    assert outlets(text) == [outlet]


@pytest.mark.parametrize("text", [
    '"Everyone must move to higher ground," said national broadcaster KRT after the quake.',
    "Der öffentlich-rechtliche Fernsehsender KRT warnte vor bis zu fünf Meter hohen Wellen.",
    "La emisora pública KRT mostró imágenes del puerto.",
])
def test_an_outlet_speaking_for_a_state_without_a_verb_of_reporting_is_relayed_not_credited(text: str) -> None:
    assert outlets(text) == []


@pytest.mark.parametrize("text", [
    "Richard Karrow (left), 40, and his brother.",
    "Jane Karrow (right) shot the picture in February.",
    "(left) Jane Karrow at the harbour on Monday.",
])
def test_a_place_in_a_picture_in_brackets_is_no_agency(text: str) -> None:
    assert outlets(text) == []
