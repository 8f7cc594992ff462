"""Numbers that are not quantities, and input the claims stage must survive (issue 17, bad input)."""

from __future__ import annotations

import pytest

from newstrace.claims import extract, extract_all, quantities
from newstrace.claims.parse import nlp
from newstrace.claims.quantities import find_quantities
from newstrace.model import Article


def _amounts(text: str) -> list[tuple[float, str | None]]:
    """The quantities found that measure or count something (years are kept apart as dates)."""
    docs = [(0, nlp()(text))]
    return [(q.value, q.unit) for q in find_quantities(text, docs=docs) if q.kind != "year"]


@pytest.mark.parametrize("text", [
    "For tickets call 555-123-4567 before noon.",
    "The hotline, +1 (212) 555-0199, is open all night.",
    "Ring the desk on 020 7946 0958 today.",
    "Readers can phone +44 20 7946 0958 with tips.",
])
def test_phone_numbers_are_not_quantities(text: str) -> None:
    assert _amounts(text) == []


@pytest.mark.parametrize("text", [
    "The hearing is set for 12/03/2024 in the capital.",
    "Die Sitzung wurde auf den 12.03.2024 verschoben.",
    "The archive lists it under 2024/3/12 and 2024-03-12T10:15:00Z.",
    "It opened on 14 September and closed on Aug. 14.",
])
def test_dates_are_not_quantities(text: str) -> None:
    assert _amounts(text) == []


@pytest.mark.parametrize("text", [
    "Arsenal won 3-1 against Chelsea on Saturday.",
    "The score was 2–0 at half-time.",
    "The Bears lost 24-17 in overtime.",
    "The Supreme Court ruled 5-4 that the law stands.",
])
def test_scores_are_not_quantities(text: str) -> None:
    assert _amounts(text) == []


@pytest.mark.parametrize("text", [
    "The memoir (ISBN 978-3-16-148410-0) sold out.",
    "Its first edition, ISBN 0-306-40615-2, is rare.",
    "Order it as 978-1-4028-9462-6 from the publisher.",
])
def test_isbns_are_not_quantities(text: str) -> None:
    assert _amounts(text) == []


def test_years_are_dates_not_amounts() -> None:
    text = "The plant opened in 1998 and closed by 2004, after the 2014-15 season."
    assert _amounts(text) == []
    assert {q.value for q in find_quantities(text) if q.kind == "year"} >= {1998, 2004}


def test_ranges_and_counts_beside_the_non_quantities_are_still_read() -> None:
    text = "Between 20 and 30 people called 555-123-4567; 3-5 people were hurt and 2 300 000 residents fled."
    assert _amounts(text) == [(20, "people"), (3, "people"), (2_300_000, "residents")]


def test_a_weight_in_thousands_of_pounds_is_not_money() -> None:
    text = "Each carriage is bulletproof, making the train thousands of pounds heavier."
    [q] = find_quantities(text)
    assert (q.value, q.unit, q.kind) == (1000, "pound", "amount")


def _article(article_id: str, text: str, lang: str | None = "en") -> Article:
    return Article(id=article_id, raw=text, text=text, clean_text=text, lang=lang)


def test_a_sentence_of_two_thousand_words_gives_claims_or_none() -> None:
    words = " ".join(f"word{k % 50}" for k in range(2_000))
    text = f"The minister said that {words} and 21 carriages left at 60 km/h."
    claims = extract(_article("long", text))
    assert [q.value for q in claims.quantities] == [21, 60]
    for a in claims.attributions:
        assert text[a.cue.start:a.cue.end] == a.cue.text


@pytest.mark.parametrize("text", [
    "金正恩乘坐装甲列车前往俄罗斯，时速60公里，共21节车厢。",
    "รถไฟหุ้มเกราะวิ่งด้วยความเร็ว 60 กม./ชม. และมี 21 ตู้",
    "ኪም ወደ ሩሲያ ተጓዙ። 21 ፉርጎዎች ነበሩ።",
])
def test_a_script_the_parser_does_not_read_gives_claims_or_none(text: str) -> None:
    for lang in ("en", None):
        claims = extract(_article("script", text, lang))
        assert all(text[q.start:q.end] == q.text for q in claims.quantities)


def test_quotation_marks_left_open_across_paragraphs_give_claims_or_none() -> None:
    text = ('The mayor said: “We will rebuild the pier.\n\n“It will cost 2 million pounds, she added.\n\n'
            'Officials said “the work” would take “at least 20 weeks.\n\nNobody closed the quotation')
    claims = extract(_article("quotes", text))
    assert any(q.value == 2_000_000 for q in claims.quantities)
    for a in claims.attributions:
        assert text[a.content.start:a.content.end] == a.content.text


def test_one_failing_article_never_stops_the_others() -> None:
    articles = [_article("a", "The council said 40 homes were flooded."),
                _article("bad", "The council said 12 homes were flooded."),
                _article("c", "Police said 3 people were hurt.")]

    def fails_on_bad(article: Article):  # type: ignore[no-untyped-def]
        if article.id == "bad":
            raise RecursionError("parse too deep")
        return extract(article)

    results = list(extract_all(articles, fails_on_bad))
    assert [r.article_id for r in results] == ["a", "bad", "c"]
    assert results[1].error == "RecursionError: parse too deep" and results[1].data is None
    assert results[0].data is not None and results[2].data is not None
    assert results[2].data["quantities"][0]["value"] == 3


@pytest.mark.parametrize("text", [
    "Call 555-123-4567 now. " + "No figure here at all. " * 20 + "ISBN: 978-3-16-148410-0",
    "13\n" + " " * 40 + "mars 2024 à 14h30, score 3-1 " + "x" * 200 + " 2024-05-01 and 12/03/2024",
    "1/16 of a US pint " + "word " * 50 + "+1 (212) 555-0199, at 9.30 GMT, 9",
    "No digits at all in this one.",
])
def test_not_quantity_patterns_scanned_near_digits_find_what_a_whole_scan_finds(text: str) -> None:
    windows = quantities._near_digits(text)
    for pattern in (quantities._DATE_STAMP, quantities._NUMERIC_DATE, quantities._CLOCK, quantities._PHONE,
                    quantities._SCORE, quantities._ISBN, quantities._DAY_OF_MONTH, quantities._SLASH_FRACTION,
                    quantities._CLOCK_AFTER_WORD, quantities._SHORT_SCORE, quantities._GERMAN_ORDINAL):
        whole = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in quantities._scan(pattern, text, windows)] == whole
