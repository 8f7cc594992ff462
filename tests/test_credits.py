from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.credits import as_written, credits_by_rule, find_credits
from newstrace.errors import UsageError
from newstrace.outlets import OutletTable, default_table, outlet_key


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


# --- shapes of credits, for outlets the table may not know (issue 14, item 7) ------------------------------

def outlets(text: str) -> set[str | None]:
    return {c.outlet for c in find_credits(text) if c.outlet}


@pytest.mark.parametrize(("text", "outlet"), [
    ("KARROW, 3 mar (HNA).- El puerto de Karrow cerrará el lunes.", "HNA"),
    ("HARBOURTON, May 2. /KNX/. The mayor of Harbourton resigned on Friday.", "KNX"),
    ("Karrow (KNX) - Der Hafen schließt am Montag.", "KNX"),
    ("PORT ELLEN, Karrow, June 4, 2031 (Karrow Press Agency) -- The ferry sank.", "Karrow Press Agency"),
    ("HARBOURTON, U.S., 26th March, 2031 (HNA/ KNX) -- The bridge fell.", "HNA"),
    ("(Karrow Wire) The minister said the harbour would close.", "Karrow Wire"),
    ("(Reuters) The minister said the harbour would close.", "Reuters"),
])
def test_agency_tag_after_a_dateline_or_opening_the_text_names_any_outlet(text: str, outlet: str) -> None:
    assert ("wire", outlet, False) in kinds(text)


@pytest.mark.parametrize("text", [
    "(VIDEO) The storm reached the harbour on Monday.",
    "(FILES) In this file photo the harbour is seen from the air.",
    "HARBOURTON (US) - The mayor resigned on Friday.",
    "The Harbour Board (HB) met on Monday to discuss the breakwater.",
])
def test_editorial_labels_places_and_short_forms_are_no_agency_tags(text: str) -> None:
    assert outlets(text) == set()


@pytest.mark.parametrize(("text", "outlet"), [
    ("By JANE ROE, Karrow Press\n\nThe harbour will close.", "Karrow Press"),
    ("By The Associated Press\n\nThe harbour will close.", "Associated Press"),
    ("Von Jana Roe, dpa\n\nDer Hafen schließt.", "dpa"),
    ("By JOHN DOE and JANE ROE Associated Press\n\nThe harbour will close.", "Associated Press"),
    ("By JOHN DOE\nAP Science Writer\nThe harbour will close.", "Associated Press"),
    ("By AP Published Date - 11:18 PM, Wed\n\nThe harbour will close.", "Associated Press"),
    ("Jane Roe | Reuters\n\nThe harbour will close.", "Reuters"),
])
def test_byline_ending_in_an_outlet_credits_it(text: str, outlet: str) -> None:
    assert outlet in outlets(text)


def test_byline_of_a_newsroom_desk_or_of_people_only_credits_nothing() -> None:
    assert outlets("By Jane Roe, Harbour Media Group National Desk\n\nThe pier closed.") == set()
    assert outlets("By Jane Roe and John Doe\n\nThe pier closed.") == set()
    assert outlets("By Monday, the toll had risen to twelve, officials in Karrow said.") == set()


@pytest.mark.parametrize(("text", "outlet"), [
    ("The pier closed.\n\nSOURCE:Karrow Courier", "Karrow Courier"),
    ("The pier closed.\n\nSOURCE:Reuters", "Reuters"),
    ("The pier closed.\n\nsource: Aljazeera", "Al Jazeera"),
    ("The pier closed.\n\nSource: Edited from Karrow News", "Karrow News"),
    ("The pier closed.\n\nQuelle: dpa/AFP", "AFP"),
])
def test_source_line_with_or_without_a_space(text: str, outlet: str) -> None:
    assert outlet in outlets(text)


def test_source_line_naming_a_link_or_a_photographer_credits_no_outlet() -> None:
    assert outlets("The pier closed.\n\nSource: Read Full Article") == set()
    assert outlets("Source: JANE ROE / Getty\n\nThe pier closed.") == set()


@pytest.mark.parametrize(("text", "outlet"), [
    ("Le port de Karrow fermera lundi, selon Le Monde.", "Le Monde"),
    ("Der Hafen von Karrow schließt am Montag, wie der Spiegel berichtet.", "Der Spiegel"),
    ("El puerto de Karrow cerrará el lunes, según informó El País.", "El País"),
    ("Il porto di Karrow chiuderà lunedì, secondo il Corriere della Sera.", "Corriere della Sera"),
    ("O porto de Karrow vai fechar na segunda-feira, segundo o Diário de Karrow.", "Diário de Karrow"),
    ("De haven van Karrow gaat maandag dicht, volgens De Telegraaf.", "De Telegraaf"),
    ("Pelabuhan Karrow ditutup pada hari Senin, menurut laman The Verge.", "The Verge"),
    ("Der Hafen schließt, berichtet die „Karrower Zeitung“ am Montag.", "Karrower Zeitung"),
    ("The pier will close on Monday, according to the Karrow Courier.", "Karrow Courier"),
    ("The pier will close on Monday. KTLA's Jane Roe reports.", "KTLA"),
    ("The pier closed, British Broadcasting Corporation (BBC) reported.", "BBC"),
    ("The pier closed, Kyodo News Agency reports.", "Kyodo"),
])
def test_outlets_cited_with_verbs_of_other_languages(text: str, outlet: str) -> None:
    assert ("cited", outlet, False) in kinds(text)


def test_an_outlet_the_table_does_not_know_is_kept_as_written_without_its_article() -> None:
    [credit] = find_credits("The pier will close on Monday, according to the Karrow Courier.")
    assert (credit.outlet, credit.name, credit.score) == ("Karrow Courier", "Karrow Courier", 0.0)
    assert as_written("„the Karrow Courier“,") == "Karrow Courier"


def test_names_of_people_and_agencies_of_state_are_no_outlets_when_cited() -> None:
    text = ("The pier will close on Monday, according to the Federal Emergency Management Agency, and Jane Roe "
            "told reporters the ferry would stop.")
    assert outlets(text) == set()


@pytest.mark.parametrize(("text", "outlet"), [
    ("Le port fermera lundi.\n\nLe Karrow Matin avec AFP", "AFP"),
    ("Der Hafen schließt am Montag. Mit Material von dpa", "dpa"),
    ("El puerto cerrará el lunes. Con información de EFE y Europa Press.", "Europa Press"),
    ("The pier closed.\n\nThe Associated Press contributed to this report.", "Associated Press"),
    ("The pier closed.\n\nCopyright 2031 The Associated Press. All rights reserved.", "Associated Press"),
    ("The pier closed.\n\n© Agence France-Presse", "AFP"),
    ("information fournie par France 24 • 26/03/2031\n\nLe port a fermé.", "France 24"),
    ("The pier closed.\n\nREAD MORE: https://apnews.com/article/harbour-closes", "Associated Press"),
    ("El puerto cerró.\n\nFUENTE:\n\nhttps://www.bbc.com/mundo/noticias-1", "BBC"),
    ("The pier closed on Monday after the storm.\nFrance 24", "France 24"),
])
def test_credit_lines_name_their_outlets(text: str, outlet: str) -> None:
    assert outlet in outlets(text)


def test_avec_in_a_sentence_is_no_credit_line() -> None:
    assert outlets("Le maire de Karrow a longuement parlé avec AFP Karrow du port.") == set()


@pytest.mark.parametrize(("text", "outlet"), [
    ("The harbour will close on Monday, the board said on Friday. (HNA)", "HNA"),
    ("Der Hafen schließt am Montag.\n[sid/hm]", "SID"),
    ("Der Hafen schließt am Montag.\ndpa/sh", "dpa"),
    ("Der Hafen schließt, sagte der Bürgermeister am Montag. (dpa/jR)", "dpa"),
    ("Der Hafen schließt am Montag, sagte der Bürgermeister. – KNX", "KNX"),
    (" date 2031-05-01 AP\n\nThe harbour closed on Monday.", "Associated Press"),
    ("【ワシントン共同】港は月曜日に閉鎖される。", "Kyodo"),
])
def test_tag_signing_the_text_off_names_its_agency(text: str, outlet: str) -> None:
    assert outlet in outlets(text)


def test_tag_of_a_photo_caption_yields_to_the_credit_line_of_the_text() -> None:
    text = ("Rescuers search the rubble in Karrow on Monday. (AFP)\n\n"
            "KARROW (Reuters) - The harbour closed on Monday after the storm.")
    assert outlets(text) == {"Reuters"}


def test_photo_credits_are_no_credits() -> None:
    assert outlets("The mayor speaks in Karrow on Monday. Jane Roe via Associated Press\n\nThe pier closed.") == set()
    assert outlets("Satellite image provided by Karrow Imaging News.\n\nThe pier closed.") == set()
    assert outlets("The pier closed, as photos published by the newspaper Karrow Courier show.") == set()


def test_outlets_mentioned_in_the_text_of_another_outlet_are_not_its_credits() -> None:
    text = "KARROW (Reuters) - The harbour closed on Monday, the Karrow Courier reported."
    assert outlets(text) == {"Reuters"}


def test_outlet_relaying_an_authority_or_speaking_for_a_state_is_no_credit() -> None:
    assert outlets("Ten people died, the Karrow News agency reported, citing the emergencies ministry.") == set()
    assert outlets("The pier closed, said national broadcaster NHK.") == set()
    assert outlets("The pier closed, the Karrow Courier reported, citing people familiar with the matter.") == {
        "Karrow Courier"}


def test_outlet_cited_below_the_opening_paragraphs_is_no_credit() -> None:
    paragraph = "The harbour board met on Monday and agreed to close the old pier for the winter storms ahead."
    late = "\n\n".join([paragraph] * 3 + ["The work will take a year, the Karrow Courier reported on Tuesday."])
    early = "\n\n".join(["The work will take a year, the Karrow Courier reported on Tuesday.", *[paragraph] * 3])
    assert outlets(late) == set()
    assert outlets(early) == {"Karrow Courier"}


def test_fuzzy_lookup_with_its_prefilter_finds_what_a_full_comparison_finds() -> None:
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    table = default_table()
    for key in ["reuterss", "assocated press", "finacial times", "karrow courier", "bloombreg news", "the guardain"]:
        best = process.extractOne(key, list(table._by_key), scorer=DamerauLevenshtein.normalized_similarity,
                                  score_cutoff=0.84)
        expected = None if best is None or best[0][0] != key[0] else table._by_key[best[0]]
        found = table.resolve(key)
        assert (found.outlet if found else None) == expected


def test_outlet_key_compares_names_without_case_punctuation_or_article() -> None:
    assert outlet_key("The Karrow Courier") == outlet_key("karrow courier") == "karrow courier"


# --- shapes that name an outlet the table does not know (issue 14, item 7) ----------------------------------

@pytest.mark.parametrize(("text", "outlet"), [
    ("(Zetapress) The minister said the law would change.", "Zetapress"),  # a lone tag opening the text
    ("LISBON, 5 May (Lusitania) - The minister said the law would change.", "Lusitania"),
    ("PARÍS, 3 may (Zetapress).- El ministro dimitió.", "Zetapress"),
    ("Berlin, 3. Mai (Zetapress) - Der Minister ist zurückgetreten.", "Zetapress"),
    ("The minister resigned in May, after two years in office.\n\n(Zetapress)", "Zetapress"),
])
def test_a_lone_name_in_an_agency_tag_is_an_outlet_where_only_agencies_stand(text: str, outlet: str) -> None:
    assert outlets(text) == {outlet}


def test_a_lone_name_after_a_place_alone_may_be_a_region_and_is_no_outlet() -> None:
    assert outlets("SPRINGFIELD (Illinois) - The minister said the law would change.") == set()
    assert outlets("LISBON, 5 May (Portugal) - The minister said the law would change.") == set()
    assert outlets("He spoke for an hour. (Laughter) The hall was full.\n\nMore text follows.") == set()


def test_the_rule_behind_each_credit_is_named_and_rules_can_be_left_out() -> None:
    text = "(Zetapress) The minister said the law would change, the Karrow Courier reported."
    assert [rule for _, rule in credits_by_rule(text)] == ["opening_tag"]
    assert credits_by_rule(text, rules={"dateline"}) == []
    cited = "The minister said the law would change, the Karrow Courier reported."
    assert [rule for _, rule in credits_by_rule(cited, rules={"cited_after"})] == ["cited_after:reported"]


@pytest.mark.parametrize(("text", "outlet"), [
    ("Le ministre a démissionné, selon Le Karrow.", "Karrow"),
    ("El ministro dimitió, según informó El Karrow.", "Karrow"),
    ("Le ministre a démissionné, selon le quotidien Le Karrow.", "Karrow"),
    ("El ministro dimitió, según informó el diario El Karrow.", "Karrow"),
    ("Der Minister ist zurückgetreten, wie die „Karrow“ berichtet.", "Karrow"),
    ("Der Minister ist zurückgetreten, wie der Karrower Anzeiger berichtet.", "Karrower Anzeiger"),
])
def test_a_title_cited_in_another_language_is_kept_as_written(text: str, outlet: str) -> None:
    assert outlets(text) == {outlet}


def test_a_capitalised_article_naming_a_place_or_going_on_in_lower_case_is_no_title() -> None:
    assert outlets("The minister resigned, according to Los Angeles police.") == set()
    assert outlets("El ministro dimitió, según El Salvador.") == set()
