from __future__ import annotations

import pytest

from newstrace.clean import clean_article, clean_text, find_chrome, line_key
from newstrace.model import Article
from tests.conftest import ARTICLE


def cleaned(text: str, **kwargs: object) -> Article:
    return clean_article(Article(id="t", raw=text, text=text, **kwargs))  # type: ignore[arg-type]


def reasons(text: str) -> dict[str, str]:
    return {r.text.strip(): r.reason for r in find_chrome(text)}


@pytest.mark.parametrize(("line", "reason"), [
    ("[ad_1]", "ad_shortcode"),
    ("[ad_2]", "ad_shortcode"),
    ("[adsense]", "ad_shortcode"),
    ("Source link", "link_back"),
    ("Read more", "link_back"),
    ("READ MORE: https://example.org/a-story", "link_back"),
    ("Continue reading", "link_back"),
    ("COMMENTS", "comments"),
    ("Leave a comment", "comments"),
    ("Share this article", "share_prompt"),
    ("Facebook Twitter WhatsApp Email", "share_prompt"),
    ("Follow us on Twitter", "share_prompt"),
    ("Advertisement", "advertisement"),
    ("ADVERTISEMENT", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Sign up to our newsletter for the latest headlines", "newsletter"),
    ("Subscribe", "newsletter"),
    ("We use cookies to give you the best experience on our website.", "cookie_notice"),
    ("Photo: Getty Images", "image_credit"),
    ("(AP Photo/Jane Roe)", "image_credit"),
    ("February 06, 2023 / 11:47 PM IST", "timestamp"),
    ("Reading Time: 7 minutes", "reading_time"),
])
def test_chrome_line_is_removed_with_its_reason(line: str, reason: str) -> None:
    text = f"{ARTICLE}\n{line}\nThe board meets again in June to approve the contractors."
    article = cleaned(text)
    assert reasons(text).get(line) == reason
    assert line not in article.clean_text
    assert "The board meets again in June" in article.clean_text


@pytest.mark.parametrize("sentence", [
    "The advertisement ran in three newspapers before the council withdrew it.",
    "Readers were asked to share their memories of the old pier in a letter to the editor.",
    "Subscribers to the ferry pass will get a refund, the operator said.",
    "Comments made by the minister on Tuesday drew criticism from the opposition.",
    "Source: officials speaking on condition of anonymity said the talks had stalled over fishing rights.",
])
def test_article_sentence_mentioning_chrome_words_stays(sentence: str) -> None:
    article = cleaned(f"{ARTICLE}\n{sentence}")
    assert sentence in article.clean_text


def test_inline_shortcode_is_cut_but_rest_of_line_kept() -> None:
    article = cleaned(f"[ad_1] {ARTICLE}")
    assert article.clean_text.startswith("The harbour board approved")
    assert [r.reason for r in article.removed] == ["ad_shortcode"]


def test_teaser_repeating_start_of_body_is_dropped() -> None:
    teaser = ARTICLE.replace("\n", "")[:130]  # scraped: newlines lost, cut mid-word
    article = cleaned(f"{teaser}\n{ARTICLE}")
    assert article.clean_text == ARTICLE
    assert any(r.reason == "teaser" and r.text == teaser for r in article.removed)
    assert article.title is None


def test_short_first_line_becomes_title_and_leaves_the_body() -> None:
    article = cleaned(f"Harbour board backs new breakwater\n{ARTICLE}")
    assert article.title == "Harbour board backs new breakwater"
    assert article.clean_text == ARTICLE


def test_line_repeating_known_title_is_dropped() -> None:
    article = cleaned(f"Breakwater approved\n{ARTICLE}", title="Breakwater approved")
    assert article.clean_text == ARTICLE


def test_related_headlines_under_most_read_header_go_with_it() -> None:
    text = f"{ARTICLE}\nMost read in News\nMayor opens new skate park\nSchool wins robotics prize\n\n" \
           "The board meets again in June."
    article = cleaned(text)
    assert "Mayor opens" not in article.clean_text and "robotics" not in article.clean_text
    assert article.clean_text.endswith("The board meets again in June.")
    assert sum(r.reason == "related" for r in article.removed) == 3


def test_learned_boilerplate_line_is_removed() -> None:
    footer = "The Island Post: your weekly window on the bay"
    article = clean_article(Article(id="t", raw="", text=f"{ARTICLE}\n{footer}"), {line_key(footer)})
    assert footer not in article.clean_text
    assert article.removed[-1].reason == "outlet_boilerplate"


def test_cleaning_keys_the_lines_for_the_store_to_count_and_learning_keeps_them() -> None:
    footer = "The Island Post: your weekly window on the bay"
    first = clean_article(Article(id="t", raw="", text=f"[ad_1]\n{ARTICLE}\n{footer}"))
    assert first.line_keys == tuple(sorted(line_key(line) for line in [*ARTICLE.splitlines(), footer]))
    again = clean_article(first, {line_key(footer)})
    assert footer not in again.clean_text and again.line_keys == first.line_keys  # counts stay put on recleaning


def test_removed_spans_index_the_text_and_clean_text_is_text_without_them() -> None:
    text = f"[ad_1]\n{ARTICLE}\nSource link\nCOMMENTS"
    article = cleaned(text)
    for span in article.removed:
        assert text[span.start:span.end] == span.text
    assert clean_text(text, article.removed) == article.clean_text == ARTICLE


def test_date_stamp_prefix_gives_published_date() -> None:
    article = cleaned(f" date 2023-02-06 {ARTICLE}")
    assert article.published == "2023-02-06" and article.published_from == "text_stamp"
    assert article.clean_text == ARTICLE


def test_date_and_time_line_gives_published_date_when_none_is_known() -> None:
    article = cleaned(f"Storm closes the harbour\n31 October 2020, 07:54\n{ARTICLE}")
    assert article.published == "2020-10-31" and article.published_from == "timestamp_line"


def test_date_inside_a_sentence_is_not_taken_as_the_page_date() -> None:
    article = cleaned(f"The ferry sailed on 14 July 2023 from the harbour after repairs.\n{ARTICLE}")
    assert article.published is None


def test_known_date_wins_over_a_timestamp_line() -> None:
    article = cleaned(f"Apr 20, 2021 @ 2:47pm\n{ARTICLE}", published="2021-04-19")
    assert article.published == "2021-04-19"
