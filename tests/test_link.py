from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newstrace.fingerprint import text_tokens
from newstrace.link import classify
from newstrace.link.align import align
from newstrace.model import Article, Credit
from newstrace.pipeline import ingest, trace
from newstrace.store import open_store
from tests.conftest import ARTICLE

SEED_SENTENCE = ("With 21 carriages, the old green ferry train has tinted windows to hide the faces of those "
                 "who ride it. Each carriage is armoured, which makes the train slower, with a maximum speed of "
                 "60 km/h.")


def aligned(a: str, b: str):  # type: ignore[no-untyped-def]
    return align(a, text_tokens(a), b, text_tokens(b))


def test_changed_figure_inside_a_copied_sentence_is_an_edit() -> None:
    copy = SEED_SENTENCE.replace("21 carriages", "90 carriages").replace("60 km/h", "55 km/h")
    result = aligned(SEED_SENTENCE, copy)
    assert [(e.a_text, e.b_text) for e in result.edits] == [("21", "90"), ("60", "55")]
    edit = result.edits[0]
    assert SEED_SENTENCE[edit.a_start:edit.a_end] == "21" and copy[edit.b_start:edit.b_end] == "90"
    assert result.a_coverage > 0.9 and result.b_coverage > 0.9


def test_partial_copy_inside_a_long_article_is_found_with_its_span() -> None:
    filler = " ".join(f"Unrelated sentence number {i} about the weather and the market." for i in range(40))
    long_text = f"{filler} {ARTICLE} {filler}"
    result = aligned(ARTICLE, long_text)
    assert result.a_coverage == 1.0 and result.b_coverage < 0.2
    [passage] = result.passages
    assert long_text[passage.b_start:passage.b_end] == ARTICLE.rstrip(".")


def test_unrelated_texts_share_no_passage() -> None:
    assert aligned(ARTICLE, "A school choir won a national prize in spring, the head teacher said.").passages == []


def test_repeated_paragraph_maps_once() -> None:
    result = aligned(ARTICLE, ARTICLE + "\n" + ARTICLE)
    assert result.a_coverage == 1.0 and 0.45 < result.b_coverage < 0.55


@pytest.mark.slow
def test_megabyte_articles_align() -> None:
    big = " ".join(f"Paragraph {i} tells of harbour works number {i * 7} and the fishing fleet." for i in range(12000))
    assert len(big) > 800_000
    result = aligned(big, big[: len(big) // 2])
    assert result.b_coverage > 0.99 and 0.45 < result.a_coverage < 0.55


def view(article_id: str, text: str, weekday: int | None = None, **kwargs: object) -> classify.View:
    article = Article(id=article_id, raw=text, text=text, clean_text=text, **kwargs)  # type: ignore[arg-type]
    return classify.view(article, "en", [], weekday)


def test_link_kinds_from_text_reuse() -> None:
    filler = " ".join(f"Local reaction sentence {i} from the island's cafes and shops today." for i in range(30))
    verbatim, _ = classify.text_link(view("a", ARTICLE), view("b", ARTICLE))
    partial, _ = classify.text_link(view("a", ARTICLE), view("c", f"{filler}\n{ARTICLE}"))
    nothing, _ = classify.text_link(view("a", ARTICLE), view("d", filler))
    assert verbatim is not None and verbatim.kind == "verbatim_copy" and verbatim.detail.identical
    assert partial is not None and partial.kind == "partial_copy" and partial.a_coverage == 1.0
    assert nothing is None


def test_heavily_edited_copy_is_a_rewrite() -> None:
    edited = (ARTICLE.replace("approved", "backed").replace("study", "review").replace("long", "in length")
              .replace("welcomed", "praised").replace("expected", "due").replace("about", "roughly"))
    link, _ = classify.text_link(view("a", ARTICLE), view("b", edited))
    assert link is not None and link.kind == "rewrite"


def test_copies_crediting_the_same_absent_wire_share_a_source() -> None:
    wire = [Credit("Associated Press", "wire", "(AP) —", 0, 6)]
    x = view("a", ARTICLE, outlet="one.com", credits=wire)
    y = view("b", ARTICLE, outlet="two.com", credits=wire)
    link, _ = classify.text_link(x, y)
    assert link is not None and link.kind == "shared_source" and link.detail.shared_source == "Associated Press"


def test_dates_days_apart_conflict_and_undated_do_not() -> None:
    day1 = view("a", ARTICLE, published="2023-02-06")
    day2 = view("b", ARTICLE, published="2023-02-07")
    later = view("c", ARTICLE, published="2023-02-20")
    undated = view("d", ARTICLE)
    assert not classify.dates_conflict(day1, day2)
    assert classify.dates_conflict(day1, later)
    assert not classify.dates_conflict(day1, undated)


def test_years_named_in_an_undated_text_are_no_date() -> None:
    dated = view("a", ARTICLE, published="2023-06-05")
    undated = view("b", "Apple showed the headset on Monday; it goes on sale in early 2024. " + ARTICLE)
    assert not classify.dates_conflict(dated, undated)


def test_undated_reports_whose_openings_name_days_apart_conflict() -> None:
    friday, wednesday, thursday = (view(i, ARTICLE, weekday=day) for i, day in zip("abc", (4, 2, 3), strict=True))
    assert classify.dates_conflict(friday, wednesday)
    assert not classify.dates_conflict(friday, thursday)  # the day after, or the same day in another time zone
    dated = view("d", ARTICLE, published="2023-08-23", weekday=2)
    assert not classify.dates_conflict(dated, view("e", ARTICLE, published="2023-08-24"))


def test_a_translation_sharing_no_names_is_found_through_close_openings(tmp_path: Path) -> None:
    english = ("The old lighthouse on the northern cliff collapsed into the sea during the storm last night.\n"
               "Fishermen said the waves were higher than anything they had seen in decades.\n"
               "The local council will meet tomorrow to discuss how to protect the rest of the coast.")
    spanish = ("El viejo faro del acantilado norte se derrumbó en el mar durante la tormenta de anoche.\n"
               "Los pescadores dijeron que las olas eran más altas que nada de lo que habían visto en décadas.\n"
               "El ayuntamiento se reunirá mañana para discutir cómo proteger el resto de la costa.")
    rows = [{"id": "en", "text": english, "lang": "en"}, {"id": "es", "text": spanish, "lang": "es"}]
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    store = open_store(tmp_path / "t.db")
    ingest([path], store)
    trace(store)
    assert [({lk.a, lk.b}, lk.kind) for lk in store.links()] == [({"en", "es"}, "translation")]


def test_a_stray_shared_phrase_inside_a_passage_does_not_cut_it_whichever_page_comes_first() -> None:
    # "quiet mountain villages celebrated" lies between the two halves of the passage in a, far away in b
    first = "harbour cranes lifted the broken ferry hull"
    second = "divers counted eleven missing crew members overnight"
    stray = "quiet mountain villages celebrated"
    a = f"alpha bravo {first} zulu {stray} yankee {second} xray whiskey victor"
    b = (f"charlie delta {first} uniform tango sierra {second} romeo quebec papa oscar november mike lima kilo "
         f"juliet india hotel golf foxtrot echo {stray} end")
    one, other = aligned(a, b), aligned(b, a)
    assert len(one.passages) == len(other.passages) == 1
    assert one.shared_tokens == other.shared_tokens >= 15


def test_a_lede_quoted_on_one_side_is_judged_alike_in_either_order() -> None:
    lede = ("The regional ferry operator said on Tuesday that all crossings between the two islands would stop "
            "until the damaged pier at the northern terminal had been inspected by engineers")
    own = " ".join(f"Unrelated local item {i} about the market and the weather." for i in range(30))
    other = " ".join(f"Sports round-up number {i} from the weekend fixtures." for i in range(30))
    plain = view("a", f"{lede}. {own}")
    quoted = view("b", f"Other news first. {other} A spokesman said: \"{lede}.\" More to follow.")
    forward, backward = classify.text_link(plain, quoted), classify.text_link(quoted, plain)
    assert forward[1] is not None and backward[1] is not None
    assert classify.shared_lede(plain, quoted, forward[1]) == classify.shared_lede(quoted, plain, backward[1]) is False


def test_a_phrase_kept_from_the_wire_lede_links_two_versions_but_the_same_phrase_later_or_a_masthead_does_not(
        ) -> None:
    phrase = "as harbour workers watched in silence from the breakwater below"
    one = (f"The old ferry Nordljus sank at its mooring in Karrow on Tuesday {phrase}, and divers searched the "
           "hull through the night. " + " ".join(f"First version line {i} about the pumps." for i in range(20)))
    two = (f"A ferry went down in Karrow harbour late that night {phrase}. Officials later said no one was aboard. "
           + " ".join(f"Second version remark {i} on the insurers." for i in range(20)))
    link, _ = classify.text_link(view("a", one, outlet="one.com"), view("b", two, outlet="two.com"))
    assert link is not None and (link.detail.shared_tokens or 0) < classify.MIN_SHARED_TOKENS
    late = " ".join(f"Filler sentence number {i} of the later report." for i in range(8)) + f" It sank {phrase}."
    assert classify.text_link(view("a", one, outlet="one.com"), view("c", late, outlet="three.com"))[0] is None
    masthead = "Karrow Courier | News | Sport | Weather | Sign in for more"
    council = " ".join(f"The council weighed budget item {i} for roads." for i in range(12))
    football = " ".join(f"The club recalled goal {i} of its promotion season." for i in range(12))
    x, y = view("a", f"{masthead}\n{council}", outlet="courier.com"), view("b", f"{masthead}\n{football}",
                                                                          outlet="courier.com")
    assert classify.text_link(x, y)[0] is None


def test_a_report_in_a_language_the_encoder_cannot_read_joins_its_story_through_shared_names(
        tmp_path: Path) -> None:
    english = ("The ferry Nordljus ran aground off Karrow on Tuesday. Captain Maren Holt said all 230 passengers "
               "were rescued by the Ostvik lifeboat crew. The harbour at Ostvik was closed for 14 hours.")
    swedish = ("Färjan Nordljus gick på grund utanför Karrow på tisdagen. Kaptenen Maren Holt sade att alla 230 "
               "passagerare räddades av sjöräddningen i Ostvik. Hamnen i Ostvik var stängd i 14 timmar.")
    other = ("The Karrow council approved a new budget for its schools on Thursday after a long debate about "
             "teachers' pay and the cost of heating old buildings through the winter.")
    rows = [{"id": "en", "text": english, "lang": "en"}, {"id": "sv", "text": swedish, "lang": "sv"},
            {"id": "other", "text": other, "lang": "en"}]
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    store = open_store(tmp_path / "t.db")
    ingest([path], store)
    trace(store)
    assert "sv" not in store.embeddings()  # its vector would be noise
    [link] = [lk for lk in store.links(with_detail=True) if "sv" in (lk.a, lk.b)]
    assert {link.a, link.b} == {"en", "sv"} and link.kind == "independent"
    assert link.detail.unread_language == "sv"
    story = {p.article_id: p.story for p in store.placements()}
    assert story["sv"] == story["en"] != story["other"]


def test_one_long_lede_shared_outside_quotes_links_but_a_shared_quotation_does_not() -> None:
    lede = ("A powerful earthquake of magnitude 7.8 struck southern Turkey and northern Syria before dawn on "
            "Monday, toppling hundreds of buildings in several cities.")
    quote = ("“We are doing everything we can to reach the people trapped under the rubble in every one of the "
             "provinces hit,” the minister said.")
    one = " ".join(f"Reporters in the first city described scene {i} of the night." for i in range(12))
    two = " ".join(f"Witnesses in another town told of moment {i} after the shaking." for i in range(12))
    by_lede, _ = classify.text_link(view("a", f"{lede}\n{one}"), view("b", f"{lede}\n{two}"))
    by_quote, _ = classify.text_link(view("a", f"{quote}\n{one}"), view("b", f"{quote}\n{two}"))
    assert by_lede is not None and by_lede.a_coverage < classify.MIN_COPY_COVERAGE
    assert by_quote is None


def test_reports_sharing_only_a_quoted_statement_are_not_copies_but_the_same_words_unquoted_are() -> None:
    statement = ("The bank's depositors will have access to all of their money starting Monday, and no losses "
                 "associated with the resolution will be borne by the taxpayer, while shareholders and certain "
                 "unsecured debt holders will not be protected under the plan agreed this weekend")
    one = " ".join(f"Traders in the first market described reaction {i} of the morning." for i in range(16))
    two = " ".join(f"Analysts in another city weighed consequence {i} for lenders." for i in range(16))
    for opening, closing in (("“", "”"), ("„", "“"), ("«\u00a0", "\u00a0»"), ('"', '"')):
        quoted = f"{opening}{statement}{closing}, the regulators said."
        link, al = classify.text_link(view("a", f"{one}\n{quoted}"), view("b", f"{quoted}\n{two}"))
        assert link is None and al is not None and al.shared_tokens >= classify.PARTIAL_SHARED_TOKENS
    plain = f"{statement}, the regulators said."
    link, _ = classify.text_link(view("a", f"{one}\n{plain}"), view("b", f"{plain}\n{two}"))
    assert link is not None and link.kind == "partial_copy"


def test_quoted_share_counts_shared_characters_inside_quotation_marks_on_either_side() -> None:
    said = "the ferry will sail again on Friday once the harbour master has inspected the damaged hull"
    a = f'Crowds gathered at the pier. The operator said: "{said}." Nobody else commented.'
    b = f"Officials confirmed that {said}, according to a notice."
    assert classify.quoted_share(a, b, aligned(a, b)) >= 0.9
    assert classify.quoted_share(b, b, aligned(b, b)) == 0.0


@pytest.mark.slow
def test_an_article_the_encoder_cannot_read_gets_no_vector_and_no_crash(tmp_path: Path) -> None:
    rows = [{"id": "words", "text": ARTICLE, "published": "2026-03-14"},
            {"id": "numbers", "text": "12 480 3 2026\n7 19 44 1 000 250\n88 913 2 5", "published": "2026-03-14"},
            {"id": "copy", "text": ARTICLE + "\nFiled by our harbour correspondent.", "published": "2026-03-14"}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    with open_store(tmp_path / "e.db") as store:
        ingest([source], store)
        summary = trace(store)
        assert summary.linked.fingerprinted == 3
        assert set(store.embeddings()) == {"words", "copy"}
        assert store.placement("numbers") is not None


def test_vectors_are_stored_as_float16_and_read_back_as_written() -> None:
    from newstrace.link.embed import DIM, pack, unpack_rows, unpack_vector

    rows = np.random.default_rng(1).standard_normal((3, DIM)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    data = pack(rows)
    assert len(data) == 3 * DIM * 2
    assert np.array_equal(unpack_rows(data), rows.astype(np.float16))
    assert np.allclose(unpack_vector(rows[0].tobytes()), rows[0], atol=1e-3)  # a float32 vector of an older store
    assert float(np.max(np.abs(rows.astype(np.float16).astype(np.float32) @ rows.T - rows @ rows.T))) < 2e-3
    with pytest.raises(ValueError, match="whole number"):
        unpack_rows(b"\x00" * 10)


def test_the_link_stage_runs_over_records_without_a_store() -> None:
    from newstrace.config import TraceConfig
    from newstrace.link import Linker, Proposal, build_index

    linker = Linker(build_index([], 25, 5)[0], TraceConfig(embeddings=False))

    def run(proposal: Proposal, checked: set[tuple[str, str]]) -> None:
        for part in proposal.parts(1):
            assert linker.unknown(proposal, part) == []  # every candidate is held from an earlier batch
            linker.settle(linker.verify(proposal, part, {}, {}, checked), {})

    first = linker.propose([Article(id="a", raw=ARTICLE, text=ARTICLE, clean_text=ARTICLE)])
    run(first, set())
    batch = linker.finish(first)
    assert [fp.article_id for fp in batch.prints] == ["a"] and not batch.links
    copy = ARTICLE + "\nFiled by our harbour correspondent."
    proposal = linker.propose([Article(id="b", raw=copy, text=copy, clean_text=copy)])
    assert proposal.ranked["b"] == ["a"]
    run(proposal, set())
    batch = linker.finish(proposal)
    assert [(lk.a, lk.b, lk.kind) for lk in batch.links] == [("a", "b", "verbatim_copy")]
    assert batch.checked == [("a", "b")] and linker.summary.pairs_checked == 1
    again = linker.propose([Article(id="c", raw=copy, text=copy, clean_text=copy)])
    run(again, {("a", "c"), ("b", "c")})  # compared in an earlier run
    assert linker.finish(again).links == []


def test_pair_features_name_what_was_measured() -> None:
    from newstrace.link.features import NAMES, pair_features

    x, y = view("a", ARTICLE, published="2026-03-14"), view("b", ARTICLE + "\nMore later.", published="2026-03-20")
    link, al = classify.text_link(x, y)
    row = dict(zip(NAMES, pair_features(x, y, al, 0.9, None).tolist(), strict=True))
    assert link is not None and row["coverage_high"] == 1.0 and row["shared_tokens"] > 3
    assert row["cosine"] == pytest.approx(0.9) and row["has_cosine"] == 1.0 and row["has_sentences"] == 0.0
    assert row["dates_conflict"] == 1.0 and row["days_apart"] == pytest.approx(6 / 30) and row["same_language"] == 1.0
    far = view("c", "An unrelated report about a football transfer in another city entirely.")
    row = dict(zip(NAMES, pair_features(x, far, None, None, None).tolist(), strict=True))
    assert row["shared_tokens"] == 0.0 and row["has_cosine"] == 0.0


@pytest.mark.parametrize(("opening", "near", "apart"), [
    ("The board met on March 13 to approve the plan.", 1.0, 0.0),  # a day before x's date
    ("The board met on October 2 to approve the plan.", 0.0, 1.0),  # months from it, in any year
    ("The board met to approve the plan.", 0.0, 0.0),  # no day named: nothing either way
])
def test_a_day_an_undated_opening_names_is_compared_with_the_other_pages_date(
        opening: str, near: float, apart: float) -> None:
    from newstrace.link.features import NAMES, pair_features

    dated, undated = view("a", ARTICLE, published="2026-03-14"), view("b", opening)
    row = dict(zip(NAMES, pair_features(dated, undated, None, 0.8, None).tolist(), strict=True))
    assert (row["named_date_is_dated"], row["named_dates_not_dated"]) == (near, apart)
