from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.credits import find_credits
from newstrace.errors import UsageError
from newstrace.outlets import OutletTable, default_table


def kinds(text: str, table: OutletTable | None = None) -> list[tuple[str, str | None, bool]]:
    return [(c.kind, c.outlet, c.fuzzy) for c in find_credits(text, table)]


def test_republication_notice_names_the_outlet() -> None:
    text = "Body text.\nThis story appeared in The Sun and is reproduced with permission.\n"
    credit = find_credits(text)[0]
    assert (credit.kind, credit.outlet, credit.fuzzy) == ("republication", "The Sun", False)
    assert text[credit.start:credit.end] == "This story appeared in The Sun and is reproduced with permission."


def test_republication_notice_keeps_an_unknown_outlet_as_written() -> None:
    assert kinds("This article originally appeared on Harbour Weekly.") == [
        ("republication", "Harbour Weekly", False)]


@pytest.mark.parametrize(("text", "outlet"), [
    ("LONDON (Reuters) - Shares fell on Monday.", "Reuters"),
    ("ADANA, Turkey (AP) — A powerful earthquake struck.", "Associated Press"),
    ("BERLIN (dpa) - Die Regierung hat beschlossen.", "dpa"),
    ("The minister resigned on Friday. — AFP", "AFP"),
    ("The vote passed. -AP\n\nMore text follows here.", "Associated Press"),
    ("ReutersReuters\n\nApple stellt eine Brille vor.", "Reuters"),
    ("The data is being analysed, he added.PTI KSU GMS RS\n\nMore text.", "PTI"),
])
def test_wire_dateline_or_tag_is_a_wire_credit(text: str, outlet: str) -> None:
    assert ("wire", outlet, False) in kinds(text)


def test_wire_dateline_credit_spans_the_agency_in_the_text() -> None:
    text = "Quake hits Turkey\n\nADANA, Turkey (AP) — A powerful earthquake struck."
    [credit] = find_credits(text)
    assert credit.kind == "wire" and text[credit.start:credit.end] == credit.text == "(AP) —"


@pytest.mark.parametrize(("text", "place"), [
    ("PARIS — A fire engulfed the roof of the cathedral.", "PARIS"),
    ("Harbour closes\nMINNEAPOLIS -- The jury found him guilty.", "MINNEAPOLIS"),
    ("BUENOS AIRES (Argentina) - Crowds filled the streets.", "BUENOS AIRES (Argentina) -"),
])
def test_place_in_capitals_opening_the_story_is_a_dateline_without_outlet(text: str, place: str) -> None:
    [credit] = find_credits(text)
    assert (credit.kind, credit.outlet) == ("dateline", None)
    assert credit.text.startswith(place.split(" (")[0]) and text[credit.start:credit.end] == credit.text


def test_capitals_deep_in_the_text_or_before_lower_case_are_not_a_dateline() -> None:
    body = "The council met on Monday. " * 20
    assert kinds(f"{body}\nNATO - the alliance met.") == []
    assert kinds("USA - bigger than ever, said the fans.") == []


def test_photo_credit_is_not_a_wire_credit() -> None:
    assert kinds("A rescuer at the scene. (AP Photo/Jane Roe)") == []


@pytest.mark.parametrize(("text", "kind", "outlet"), [
    ("Body.\nSource: The Guardian", "source", "The Guardian"),
    ("Body.\nSource: Harbour Weekly", "source", "Harbour Weekly"),
    ("Body.\nvia BBC News", "via", "BBC"),
    ("He said so in a press release, via NBC.", "via", "NBC News"),
])
def test_source_and_via_lines(text: str, kind: str, outlet: str) -> None:
    assert (kind, outlet, False) in kinds(text)


def test_bare_source_link_is_a_link_back_without_an_outlet() -> None:
    assert kinds("Body.\nSource link\n") == [("link_back", None, False)]


@pytest.mark.parametrize(("text", "outlet"), [
    ("The leader rarely travels, reports The Sun.", "The Sun"),
    ("The deal is worth $44bn, according to the BBC.", "BBC"),
    ("South Korean broadcaster YTN reported on Tuesday that the train left.", "YTN"),
    ("CNN reports shareholders will receive $54.20 a share.", "CNN"),
    ("Die Zahl stieg, meldet die Nachrichtenagentur Bloomberg.", "Bloomberg"),
])
def test_cited_outlets(text: str, outlet: str) -> None:
    assert ("cited", outlet, False) in kinds(text)


def test_misspelt_outlet_resolves_fuzzily_and_is_marked() -> None:
    credit = find_credits("Kim rarely leaves his country, reports Teh Sun.")[0]
    assert (credit.kind, credit.outlet, credit.name, credit.fuzzy) == ("cited", "The Sun", "Teh Sun", True)
    assert 80 <= credit.score < 100


def test_people_and_institutions_are_not_outlets() -> None:
    text = ("The two nations plan joint war games, according to Russian Defence Minister Sergei Shoigu. "
            "The White House has already said talks are advancing. The Kremlin press service said so.")
    assert kinds(text) == []


def test_short_names_are_never_matched_fuzzily() -> None:
    assert default_table().resolve("APF") is None


def test_alias_table_can_be_extended_from_a_file(tmp_path: Path) -> None:
    extra = tmp_path / "outlets.json"
    extra.write_text(json.dumps({"outlets": [{"name": "Harbour Weekly", "aliases": ["HW"],
                                              "domains": ["harbourweekly.com"]}]}))
    table = OutletTable.load([extra])
    assert ("cited", "Harbour Weekly", False) in kinds("The pier will close, according to HW.", table)
    assert table.from_domain("harbourweekly.com") == "Harbour Weekly"


def test_bad_alias_file_says_what_shape_to_give(tmp_path: Path) -> None:
    bad = tmp_path / "outlets.json"
    bad.write_text("not json")
    with pytest.raises(UsageError, match="give a JSON file"):
        OutletTable.load([bad])


def test_an_agency_name_inside_a_sentence_is_not_a_wire_credit() -> None:
    assert kinds("We met on PTI Road with friends after the match.") == []
