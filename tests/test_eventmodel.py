from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newstrace import demo
from newstrace.cluster import KeptApart, Member, stories
from newstrace.dates import when
from newstrace.errors import UsageError
from newstrace.link.eventmodel import Attach, EventModel, StoryCut, fit, fit_attach, shipped
from newstrace.link.features import NAMES
from newstrace.model import Link, LinkKind
from newstrace.pipeline import ingest, trace
from newstrace.store import open_store
from tests.conftest import ROOT, SHARED, needs

WIDTH = len(NAMES)


def probable(a: str, b: str, p: float, kind: str = "independent") -> Link:
    return Link(a, b, LinkKind(kind), p, 0.0, 0.0, same_event=p)


def constant(p: float, cut: float = 0.5, floor: float = 0.2) -> EventModel:
    """A model that gives every pair the probability ``p``."""
    logit = float(np.log(p / (1 - p)))
    return EventModel(np.zeros(WIDTH), np.ones(WIDTH), np.zeros(WIDTH), logit, cut, floor)


def test_the_probability_is_a_fitted_logistic_regression_on_standardised_features() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    rows = rng.normal(size=(300, WIDTH)) * rng.uniform(0.1, 5, WIDTH)
    same = rows[:, 0] + rng.normal(size=300) > 0
    model = fit(rows, same, 0.5, 0.5, 0.2)
    reference = LogisticRegression(C=0.5, max_iter=2000).fit((rows - rows.mean(0)) / rows.std(0), same)
    expected = reference.predict_proba((rows[:5] - rows.mean(0)) / rows.std(0))[:, 1]
    assert [model.probability(r) for r in rows[:5]] == pytest.approx(expected, abs=1e-6)
    assert EventModel.from_dict(model.as_dict()).probability(rows[0]) == model.probability(rows[0])


def test_a_model_for_other_features_or_with_the_cut_below_the_floor_is_refused_with_how_to_fix_it() -> None:
    data = constant(0.5).as_dict()
    with pytest.raises(UsageError, match="train_event_model"):
        EventModel.from_dict({**data, "features": data["features"][:-1]})
    with pytest.raises(UsageError, match=r"floor 0\.6 and cut 0\.5"):
        EventModel.from_dict({**data, "floor": 0.6})


def test_the_shipped_model_reads_the_link_stages_features() -> None:
    model = shipped()
    assert 0 < model.floor <= model.cut < 1 and len(model.coef) == WIDTH
    assert "devpages" in model.note


def test_stories_join_while_the_average_probability_between_them_reaches_the_cut() -> None:
    members = {i: Member(n) for n, i in enumerate("abc")}
    links = [probable("a", "b", 0.9), probable("b", "c", 0.4), probable("a", "c", 0.6)]
    found = stories(members, links, cut=0.55)
    assert found["a"] == found["b"] != found["c"]  # {a, b} to c: (0.4 + 0.6) / 2 = 0.5
    assert len(set(stories(members, links, cut=0.5).values())) == 1


def test_a_probable_join_that_dates_contradict_is_refused_and_reported() -> None:
    members = {"a": Member(0, when("2019-04-15")), "b": Member(1, when("2024-02-13"))}
    apart: list[KeptApart] = []
    found = stories(members, [probable("a", "b", 0.8)], apart=apart, cut=0.5)
    assert found["a"] != found["b"]
    assert apart == [KeptApart("story-a", "story-b", 0.8, "dated 2019-04-15 and 2024-02-13, 1765 days apart")]


def test_text_reuse_joins_before_probabilities_and_whatever_they_say() -> None:
    members = {i: Member(n) for n, i in enumerate("abc")}
    copy = Link("a", "b", LinkKind.VERBATIM_COPY, 1.0, 1.0, 1.0, same_event=0.1)
    found = stories(members, [copy, probable("b", "c", 0.7), probable("a", "c", 0.5)], cut=0.55)
    assert found["a"] == found["b"] == found["c"]  # {a, b} to c: (0.7 + 0.5) / 2 = 0.6


def test_links_stored_without_probabilities_leave_stories_to_the_rules() -> None:
    vec = np.ones(4, dtype=np.float32) / 2
    members = {i: Member(n) for n, i in enumerate("ab")}
    unscored = Link("a", "b", LinkKind.INDEPENDENT, 0.9, 0.0, 0.0)  # linked before the model shipped
    assert len(set(stories(members, [unscored], dict.fromkeys("ab", vec), cut=0.5).values())) == 1
    assert len(set(stories(members, [unscored], {}, cut=0.5).values())) == 2  # no vectors: the rules join nothing


@pytest.mark.slow
def test_the_link_stage_stores_the_probability_and_links_pairs_the_rules_left_when_the_model_is_sure(
        tmp_path: Path) -> None:
    stored = {}
    for name, model in (("unsure", constant(0.1)), ("sure", constant(0.95))):
        with open_store(tmp_path / f"{name}.db") as store:
            ingest(demo.write_corpus(tmp_path / f"corpus-{name}"), store, table=demo.outlet_table())
            trace(store, event_model=model)
            stored[name] = store.links()
    unsure, sure = stored["unsure"], stored["sure"]
    assert unsure and all(lk.same_event == 0.1 for lk in unsure)
    assert all(lk.same_event == 0.95 for lk in sure)
    extra = {(lk.a, lk.b) for lk in sure} - {(lk.a, lk.b) for lk in unsure}
    assert extra and all(lk.kind == LinkKind.INDEPENDENT for lk in sure if (lk.a, lk.b) in extra)


def test_a_links_probability_survives_the_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        store.put_links([probable("a", "b", 0.8125), Link("a", "c", LinkKind.VERBATIM_COPY, 1.0, 1.0, 1.0)], [])
        assert [(lk.b, lk.same_event) for lk in store.links()] == [("b", 0.8125), ("c", None)]


@pytest.mark.slow
@needs(SHARED / "data" / "devpages2" / "pages.jsonl")
def test_the_shipped_model_is_what_its_script_builds_from_the_dev_pages() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from train_event_model import build

    rebuilt, _ = build()
    model = shipped()
    assert rebuilt.cut == model.cut and rebuilt.floor == model.floor
    assert np.allclose(rebuilt.coef, model.coef, atol=1e-3) and np.allclose(rebuilt.mean, model.mean, atol=1e-4)


def test_an_undated_report_paired_early_with_a_later_event_moves_to_the_larger_story_its_dates_allow() -> None:
    # s1-s3 copy one text (dated 2 December); u is undated; n and x report a later event (8 December).
    # u pairs with n first (0.95); x joins them; their dates refuse the join with the s story, yet u's
    # links to it (0.9) are more probable than those to the rest of its group (0.95 and 0.3: 0.625).
    members = {"s1": Member(0, when("2020-12-02")), "s2": Member(1, when("2020-12-02")),
               "s3": Member(2, when("2020-12-02")), "u": Member(3), "n": Member(4, when("2020-12-08")),
               "x": Member(5, when("2020-12-08"))}
    copies = [Link(a, b, LinkKind.VERBATIM_COPY, 1.0, 1.0, 1.0) for a, b in (("s1", "s2"), ("s2", "s3"))]
    links = [*copies, probable("u", "n", 0.95), probable("n", "x", 0.9), probable("u", "x", 0.3),
             *(probable("u", s, 0.9) for s in ("s1", "s2", "s3"))]
    apart: list[KeptApart] = []
    found = stories(members, links, apart=apart, cut=0.55)
    assert found["u"] == found["s1"] == "story-s1"
    assert found["n"] == found["x"] == "story-n" != found["s1"]
    assert [(k.a, k.b) for k in apart] == [("story-n", "story-s1")]
    members["u"] = Member(3, when("2020-12-08"))  # dated with the later event: it stays there
    found = stories(members, links, cut=0.55)
    assert found["u"] == found["n"] == "story-u" != found["s1"]


def test_an_undated_report_takes_the_date_most_of_its_probable_links_agree_on() -> None:
    # u is undated and reads closest to n, a report of a later event (8 December); but three reports of
    # 2 December hold most of the probability of its links: u is dated with them, so it never pairs with n.
    members = {"s1": Member(0, when("2020-12-02")), "s2": Member(1, when("2020-12-03")),
               "s3": Member(2, when("2020-12-02")), "u": Member(3), "n": Member(4, when("2020-12-08"))}
    links = [probable("s1", "s2", 0.8), probable("s2", "s3", 0.8), probable("s1", "s3", 0.8),
             probable("u", "n", 0.97), *(probable("u", s, 0.7) for s in ("s1", "s2", "s3"))]
    apart: list[KeptApart] = []
    found = stories(members, links, apart=apart, cut=0.55)
    assert found["u"] == found["s1"] == found["s2"] == found["s3"] != found["n"]
    # the reason says that the date which kept them apart is one u took from its links
    assert [k.reason for k in apart] == [
        "dated 2020-12-02 and 2020-12-08, 6 days apart (an undated report's date taken from its links)"]


def test_an_undated_report_whose_links_disagree_on_the_date_stays_undated() -> None:
    # u's probability is split between two dates (0.9 against 0.7 + 0.7): no date holds two thirds of it,
    # so u is judged on its links alone and joins n, the closest, as before.
    members = {"a1": Member(0, when("2020-12-02")), "a2": Member(1, when("2020-12-02")),
               "n": Member(2, when("2020-12-09")), "u": Member(3)}
    links = [probable("a1", "a2", 0.9), probable("u", "n", 0.9), probable("u", "a1", 0.7), probable("u", "a2", 0.7)]
    found = stories(members, links, cut=0.55)
    assert found["u"] == found["n"] != found["a1"]


def test_a_date_from_links_months_from_the_reports_own_month_is_not_taken() -> None:
    # u's URL gives July 2025; its links all point to 2024: its own month stands, and vetoes the join.
    members = {"a": Member(0, when("2024-07-19")), "b": Member(1, when("2024-07-19")), "u": Member(2, when("2025-07"))}
    links = [probable("a", "b", 0.9), probable("u", "a", 0.9), probable("u", "b", 0.9)]
    apart: list[KeptApart] = []
    found = stories(members, links, apart=apart, cut=0.55)
    assert found["u"] != found["a"] == found["b"]
    assert [k.reason for k in apart] == ["dated 2024-07 and 2025-07"]


def linked_share_attach(cut: float = 0.7) -> Attach:
    """An attach model that reads only the share of the story's pages a lone page has links to."""
    return Attach(np.array([0.0, 0.0, 0.0, 10.0, 0.0]), -5.0, cut)


def test_a_page_left_alone_joins_the_story_its_links_make_probable_as_a_whole() -> None:
    # f's links to the four s reports are all 0.5: on average below the cut, but it has links to every one.
    members = {f"s{n}": Member(n, when("2024-07-13")) for n in range(4)} | {"f": Member(4, when("2024-07-14"))}
    links = [probable(f"s{n}", f"s{m}", 0.9) for n in range(4) for m in range(n + 1, 4)]
    links += [probable("f", f"s{n}", 0.5) for n in range(4)]
    assert len(set(stories(members, links, cut=0.55).values())) == 2  # the average alone keeps f apart
    found = stories(members, links, cut=StoryCut(0.55, linked_share_attach()))
    assert set(found.values()) == {"story-s0"}
    # linked to one report of four, it stays alone: 1/4 of the story gives 0.076, under the cut
    assert linked_share_attach().probability([0.5], 4) == pytest.approx(1 / (1 + np.exp(2.5)))
    few = [lk for lk in links if lk.a.startswith("s") or lk.b == "s0"]
    assert stories(members, few, cut=StoryCut(0.55, linked_share_attach()))["f"] == "story-f"


def test_an_undated_page_left_alone_stays_alone() -> None:
    # f has no date and its links (0.5, under the cut) give it none: nothing but its wording would place it
    members = {f"s{n}": Member(n, when("2024-07-13")) for n in range(4)} | {"f": Member(4)}
    links = [probable(f"s{n}", f"s{m}", 0.9) for n in range(4) for m in range(n + 1, 4)]
    links += [probable("f", f"s{n}", 0.5) for n in range(4)]
    assert stories(members, links, cut=StoryCut(0.55, linked_share_attach()))["f"] == "story-f"


def test_a_page_left_alone_does_not_join_a_story_its_dates_contradict() -> None:
    members = {f"s{n}": Member(n, when("2024-07-13")) for n in range(3)} | {"f": Member(3, when("2024-09-16"))}
    links = [probable(f"s{n}", f"s{m}", 0.9) for n in range(3) for m in range(n + 1, 3)]
    links += [probable("f", f"s{n}", 0.5) for n in range(3)]
    assert stories(members, links, cut=StoryCut(0.55, linked_share_attach()))["f"] == "story-f"


def test_the_attach_model_is_a_logistic_regression_that_survives_the_models_file() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(5)
    rows = np.stack([Attach.row(list(rng.uniform(0, 1, n)), n + 2) for n in rng.integers(1, 6, 200)])
    joined = rows[:, 2] + rng.normal(scale=0.1, size=200) > 0.5
    attach = fit_attach(rows, joined, 0.7)
    reference = LogisticRegression(max_iter=2000).fit(rows, joined)
    assert attach.probability([0.9, 0.4], 5) == pytest.approx(
        reference.predict_proba([Attach.row([0.9, 0.4], 5)])[0, 1])
    model = replace(constant(0.5), attach=attach)
    rebuilt = EventModel.from_dict(model.as_dict())
    assert isinstance(rebuilt.cut, StoryCut) and rebuilt.cut == 0.5 and rebuilt.cut.attach == rebuilt.attach
    assert rebuilt.attach is not None and rebuilt.attach.probability([0.9, 0.4], 5) == attach.probability([0.9, 0.4], 5)
    with pytest.raises(UsageError, match="ATTACH_NAMES"):
        EventModel.from_dict({**model.as_dict(), "attach": {**attach.as_dict(), "features": ["best"]}})


def test_the_shipped_model_attaches_pages_left_alone() -> None:
    cut = shipped().cut
    assert isinstance(cut, StoryCut) and cut.attach is not None and 0 < cut.attach.cut < 1


def staying(stay: float | None) -> StoryCut:
    """The story cut with an attach model reading only the share of the story's pages a page has links to."""
    return StoryCut(0.55, replace(linked_share_attach(), stay=stay))


def story_with_an_undated_page(lang: str = "en", weekday: int | None = None) -> tuple[dict[str, Member], list[Link]]:
    """Six English reports of one day, linked to each other at 0.9, and an undated page u linked to two of them
    at 0.95: it joins the story on its links (their average 0.95 beats the cut), yet it reaches 2 of 6 pages."""
    members = {f"s{n}": Member(n, when("2024-07-04", 3), "en") for n in range(6)}
    members["u"] = Member(6, when(None, weekday), lang)
    links = [probable(f"s{n}", f"s{m}", 0.9) for n in range(6) for m in range(n + 1, 6)]
    links += [probable("u", "s0", 0.95), probable("u", "s1", 0.95)]
    return members, links


def test_an_undated_page_whose_links_to_its_story_are_few_leaves_it() -> None:
    members, links = story_with_an_undated_page()
    assert stories(members, links, cut=staying(None))["u"] == "story-s0"
    # linked to a third of the story: the attach model gives it 1/(1 + e^(5 - 10/3)) = 0.16, under 0.5
    found = stories(members, links, cut=staying(0.5))
    assert found["u"] == "story-u" and {found[f"s{n}"] for n in range(6)} == {"story-s0"}
    # linked to all six, it stays
    links += [probable("u", f"s{n}", 0.6) for n in range(2, 6)]
    assert stories(members, links, cut=staying(0.5))["u"] == "story-s0"


def test_a_page_that_leaves_its_story_leaves_it_named_after_the_others() -> None:
    # u is ingested first: the story was named after it, and is named after the first of the rest once it leaves
    members, links = story_with_an_undated_page()
    members = {i: replace(m, order=m.order + 1) for i, m in members.items()} | {"u": replace(members["u"], order=0)}
    found = stories(members, links, cut=staying(0.5))
    assert found["u"] == "story-u" and found["s0"] == "story-s0" != found["u"]


def test_a_page_in_another_language_than_most_of_its_story_stays() -> None:
    # a translation's links are weaker whatever its event: only pages of the story's main language are read
    members, links = story_with_an_undated_page(lang="fr")
    assert stories(members, links, cut=staying(0.5))["u"] == "story-s0"


def test_a_dated_page_or_one_held_by_shared_text_stays() -> None:
    members, links = story_with_an_undated_page()
    dated = {**members, "u": Member(6, when("2024-07-05"), "en")}
    assert stories(dated, links, cut=staying(0.5))["u"] == "story-s0"
    copied = [*links, Link("u", "s2", LinkKind.VERBATIM_COPY, 1.0, 1.0, 1.0)]
    assert stories(members, copied, cut=staying(0.5))["u"] == "story-s0"


def test_an_undated_page_naming_the_storys_weekday_stays() -> None:
    # the story's reports name Thursday (3): u naming Thursday or Friday stays, naming Saturday it leaves
    for weekday, home in ((3, "story-s0"), (4, "story-s0"), (5, "story-u")):
        members, links = story_with_an_undated_page(weekday=weekday)
        assert stories(members, links, cut=staying(0.5))["u"] == home


def test_the_stay_cut_survives_the_models_file_and_the_shipped_model_has_one() -> None:
    model = replace(constant(0.5), attach=replace(linked_share_attach(), stay=0.8))
    rebuilt = EventModel.from_dict(model.as_dict())
    assert rebuilt.attach is not None and rebuilt.attach.stay == 0.8
    with pytest.raises(UsageError, match="cuts are outside"):
        EventModel.from_dict({**model.as_dict(), "attach": {**model.attach.as_dict(), "stay": 1.5}})  # type: ignore[union-attr]
    attach = shipped().attach
    assert attach is not None and attach.stay is not None and attach.cut < 1


def test_a_page_left_alone_dated_to_a_later_month_only_still_attaches() -> None:
    # f's text gives only "2025-07" (a crawl or update month): a report comes after its event, so a later month
    # alone does not keep it from the July 2024 story its links point to; an earlier month does
    members = {f"s{n}": Member(n, when("2024-07-19")) for n in range(4)}
    links = [probable(f"s{n}", f"s{m}", 0.9) for n in range(4) for m in range(n + 1, 4)]
    links += [probable("f", f"s{n}", 0.5) for n in range(4)]
    later = members | {"f": Member(4, when("2025-07"))}
    assert stories(later, links, cut=StoryCut(0.55, linked_share_attach()))["f"] == "story-s0"
    earlier = members | {"f": Member(4, when("2024-05"))}
    assert stories(earlier, links, cut=StoryCut(0.55, linked_share_attach()))["f"] == "story-f"
    dated = members | {"f": Member(4, when("2025-07-19"))}
    assert stories(dated, links, cut=StoryCut(0.55, linked_share_attach()))["f"] == "story-f"


def test_pages_of_a_small_story_or_a_story_of_two_languages_in_equal_numbers_all_stay() -> None:
    # two undated reports linked at 0.97: the attach model reads a story of one other page as a stranger's
    members = {"u": Member(0, when(None), "en"), "v": Member(1, when(None), "en")}
    assert set(stories(members, [probable("u", "v", 0.97)], cut=staying(0.5)).values()) == {"story-u"}
    # u (English) in a story of three English and three German reports: no language is the story's main one
    members, links = story_with_an_undated_page()
    members = {i: replace(m, lang="de") if i in {"s0", "s1", "s2"} else m for i, m in members.items()}
    members["s3"] = replace(members["s3"], lang="fr")
    assert stories(members, links, cut=staying(0.5))["u"] == "story-s0"
