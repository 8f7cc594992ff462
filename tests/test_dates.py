from __future__ import annotations

import pytest

from newstrace.dates import days_apart, different_days, event_weekday


@pytest.mark.parametrize(("text", "lang", "day"), [
    ("KARROW (Wire) — A ferry ran aground early Monday off the harbour wall.", "en", 0),
    ("Die Fähre lief am Mittwoch vor Karrow auf Grund.", "de", 2),
    ("Le ferry s'est échoué jeudi au large de Karrow.", "fr", 3),
    ("El transbordador encalló el sábado frente a Karrow.", "es", 5),
    ("De veerboot liep zondag vast voor Karrow.", "nl", 6),
    ("フェリーが金曜日にカロウ沖で座礁した。", "ja", 4),
    ("Die Fähre lief am späten Montagabend vor Karrow auf Grund.", "de", 0),
    ("Veerboot liep zondagochtend vast.", "nl", 6),
])
def test_the_first_day_named_in_the_opening_is_the_events(text: str, lang: str, day: int) -> None:
    assert event_weekday(text, lang) == day


def test_days_to_come_and_names_holding_a_day_are_not_the_events_day() -> None:
    assert event_weekday("The mayor spoke ahead of the vote on Sunday. The bridge shut on Tuesday.", "en") == 1
    assert event_weekday("Queues formed before Black Friday; the store opened Thursday.", "en") == 3
    assert event_weekday("The Sunday Times said the ferry sank on Wednesday.", "en") == 2
    assert event_weekday("Die Sonntagszeitung berichtet, die Fähre sei am Dienstag gesunken.", "de") == 1
    assert event_weekday("Avant le scrutin de dimanche prochain, le maire a parlé mardi.", "fr") == 1


def test_a_day_far_into_the_text_or_in_an_unread_language_is_not_used() -> None:
    late = "The ferry ran aground. " + "More text follows here. " * 30 + "On Friday it sank."
    assert event_weekday(late, "en") is None
    assert event_weekday("Паром сел на мель в среду.", "ru") is None
    assert event_weekday("lundi", None) is None


def test_days_are_counted_either_way_round_the_week() -> None:
    assert days_apart(0, 6) == 1 and days_apart(2, 4) == 2 and days_apart(0, 3) == 3


def test_groups_differ_only_when_their_usual_days_are_two_or_more_apart() -> None:
    assert different_days([2, 2, 1], [4])  # launch on Friday, landing on Wednesday
    assert not different_days([0, 0, 6], [6])  # a quake before dawn: Monday there, Sunday in New York
    assert not different_days([], [4])  # nothing to compare


def test_named_dates_are_read_in_the_opening_in_several_languages() -> None:
    from newstrace.dates import NamedDate, named_dates

    assert named_dates("WASHINGTON, Sept. 12, 2023 (AP) — Since July 4 the port ...", "en") == (
        NamedDate(9, 12, 2023), NamedDate(7, 4))
    assert named_dates("MADRID, 13 de julio de 2023 (EFE).- El tribunal ...", "es") == (NamedDate(7, 13, 2023),)
    assert named_dates("Karrow, le 2 janvier. Le ferry ...", "fr") == (NamedDate(1, 2),)
    assert named_dates("Am 3. März stimmte der Rat ...", "de") == (NamedDate(3, 3),)
    assert named_dates("2024年3月26日、港で", "ja") == (NamedDate(3, 26, 2024),)
    assert named_dates("Residents may 2 times a year ...", "en") == ()  # "may" the verb is no month
    assert named_dates(" " * 700 + "on July 4", "en") == ()  # past the opening


def test_named_dates_measure_days_within_a_year_when_a_year_is_missing() -> None:
    from newstrace.dates import NamedDate

    assert NamedDate(12, 30).days_to(NamedDate(1, 2)) == 3  # round the year end
    assert NamedDate(7, 4, 2023).days_to(NamedDate(7, 4, 2024)) == 366


def test_named_weekdays_decide_only_when_one_side_has_no_date() -> None:
    from newstrace.dates import conflict, when

    thursday, sunday = 3, 6
    # a fire reported through one August: pages of the same month name different days
    assert conflict(when("2023-08", thursday), when("2023-08", sunday)) is None
    assert conflict(when("2023-08-10", thursday), when("2023-08-13", sunday)) is None
    # an undated page naming Sunday against pages naming Thursday: still two events
    assert conflict(when(None, sunday), when("2023-08", thursday)) == "their reports name Sunday and Thursday"
    assert conflict(when("2023-08", thursday), when("2023-10", thursday)) == "dated 2023-08 and 2023-10"
