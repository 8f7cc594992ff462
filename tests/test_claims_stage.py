"""The claims stage: extraction over records, failures recorded per article, stored claims read by export."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newstrace import pipeline
from newstrace.claims import ArticleClaims, extract, extract_all, stage
from newstrace.cli import EXIT_REJECTS, main
from newstrace.errors import ClaimsError, ModelError, StoreError
from newstrace.export import export
from newstrace.model import Article, ClaimsResult
from newstrace.pipeline import run_claims, story_claims
from newstrace.store import ProvenanceStore, open_store
from tests.conftest import ARTICLE

# The sentence from issue 13 that crashed extraction (spaCy E035 in contentmodel.clause_of).
CRASH = ("Seeming to peer past the end of the season, the coach offered himself as a figure of calm during a visit "
         "on Sunday to a school in Karrow.")
MAYOR = "The mayor said the pier would reopen in May after repairs costing 3 million pounds."


def article(article_id: str, text: str) -> Article:
    return Article(id=article_id, raw=text, text=text, clean_text=text, lang="en")


def failing_on(broken: str) -> stage.Extractor:
    """``extract``, except that it raises for one article, as a bug on one odd page would."""
    def extractor(item: Article, docs: list[tuple[int, Any]] | None = None) -> ArticleClaims:
        if item.id == broken:
            raise RuntimeError(f"deliberately broken: {item.id}")
        return extract(item, docs)
    return extractor


def test_a_failure_on_one_article_is_recorded_and_the_others_go_on() -> None:
    articles = [article("good", ARTICLE), article("broken", MAYOR), article("coach", CRASH), article("mayor", MAYOR)]
    results = list(extract_all(articles, failing_on("broken")))
    assert [r.article_id for r in results] == ["good", "broken", "coach", "mayor"]
    by_id = {r.article_id: r for r in results}
    assert by_id["broken"].data is None and by_id["broken"].error == "RuntimeError: deliberately broken: broken"
    assert all(by_id[i].error is None and by_id[i].data is not None for i in ("good", "coach", "mayor"))
    assert any(a["cue"]["text"] == "said" for a in by_id["mayor"].data["attributions"])  # type: ignore[index]
    assert by_id["coach"].content_hash == articles[2].content_hash


def test_articles_parsed_together_get_the_claims_each_gets_alone() -> None:
    german = Article(id="de", raw="x", text="x", clean_text="Der Zug fuhr mit 120 Kilometer pro Stunde durch den Ort.",
                     lang="de")
    articles = [article("good", ARTICLE), german, article("coach", CRASH), article("mayor", MAYOR),
                article("empty", " ")]
    together = [r.data for r in extract_all(articles)]
    assert together == [extract(a).as_dict() for a in articles]
    assert together[1] is not None and together[1]["quantities"][0]["value"] == 120.0


def test_when_a_group_fails_to_parse_each_article_is_parsed_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_: list[str]) -> list[list[object]]:
        raise ValueError("one odd text broke the batch")

    monkeypatch.setattr(stage, "parse_many", broken)
    results = list(extract_all([article("good", ARTICLE), article("mayor", MAYOR)]))
    assert all(r.error is None for r in results)
    assert any(a["cue"]["text"] == "said" for a in results[1].data["attributions"])  # type: ignore[index]


def test_a_missing_model_file_stops_the_stage_instead_of_failing_every_article() -> None:
    def no_model(_: Article) -> ArticleClaims:
        raise ModelError("the cue model is missing")

    with pytest.raises(ModelError):
        list(extract_all([article("a", ARTICLE)], no_model))


def test_the_store_keeps_claims_and_failures_per_version_of_the_text(store: ProvenanceStore) -> None:
    store.put_articles([article("a", ARTICLE), article("b", MAYOR), article("c", CRASH)])
    assert store.needing_claims() == ["a", "b", "c"]
    a, b = article("a", ARTICLE), article("b", MAYOR)
    assert store.put_claims_results([ClaimsResult("a", a.content_hash, data={"lang": "en"}),
                                     ClaimsResult("b", b.content_hash, error="ValueError: odd")]) == 2
    assert store.needing_claims() == ["c"]
    assert store.needing_claims(retry_failed=True) == ["b", "c"]
    assert store.claims_result("a") == ClaimsResult("a", a.content_hash, data={"lang": "en"})
    assert store.claims_result("c") is None
    assert [r.article_id for r in store.claims_results()] == ["a", "b"]
    assert store.claims_failures() == [ClaimsResult("b", b.content_hash, error="ValueError: odd")]
    assert store.cached_claims("b", b.content_hash) is None  # a failure holds no claims
    store.put_articles([article("b", MAYOR + " It will be ready in June.")])  # a new version of b
    assert store.needing_claims() == ["b", "c"]
    assert store.claims_failures() == [] and store.claims_result("b") is None  # the failure was of the old text


def test_the_claims_methods_raise_store_errors(store: ProvenanceStore) -> None:
    store.close()
    for call in (lambda: store.needing_claims(), lambda: store.claims_failures(), lambda: store.claims_result("a"),
                 lambda: list(store.claims_results()), lambda: store.put_claims_results([])):
        with pytest.raises(StoreError, match="claims"):
            call()


def _stocked(store: ProvenanceStore) -> None:
    store.put_articles([article("good", ARTICLE), article("broken", MAYOR), article("coach", CRASH),
                        article("mayor", MAYOR)])


def test_run_claims_counts_what_it_did_and_export_reads_only_what_is_stored(
        store: ProvenanceStore, monkeypatch: pytest.MonkeyPatch) -> None:
    _stocked(store)
    first = run_claims(store, batch_size=2, extractor=failing_on("broken"))
    assert (first.extracted, first.cached, first.failed, first.failed_now) == (3, 0, 1, 1)
    assert first.line() == "claims: extracted 3, cached 0, failed 1"
    again = run_claims(store)
    assert (again.extracted, again.cached, again.failed) == (0, 3, 1)
    assert again.line() == "claims: extracted 0, cached 3, failed 1 (1 in an earlier run; --retry tries them again)"
    store.put_articles([article("late", MAYOR.replace("mayor", "harbour master"))])

    def no_parsing(_: Article) -> ArticleClaims:
        raise AssertionError("export must not extract claims")

    monkeypatch.setattr(stage, "extract", no_parsing)
    out = io.StringIO()
    assert export(store, out, "json", with_claims=True) == 5
    claims = json.loads(out.getvalue())["claims"]
    assert sorted(claims["articles"]) == ["coach", "good", "mayor"]
    assert claims["failed"] == {"broken": "RuntimeError: deliberately broken: broken"}
    assert claims["not_extracted"] == ["late"]
    assert any(a["cue"]["text"] == "said" for a in claims["articles"]["mayor"]["attributions"])
    out = io.StringIO()
    export(store, out, "json", with_claims=False)
    assert "claims" not in json.loads(out.getvalue())


def test_one_article_and_a_story_extract_what_is_missing_and_keep_failures(
        store: ProvenanceStore, monkeypatch: pytest.MonkeyPatch) -> None:
    _stocked(store)
    monkeypatch.setattr(stage, "extract", failing_on("broken"))
    with pytest.raises(ClaimsError, match=r"broken: claim extraction failed \(RuntimeError: deliberately broken"):
        pipeline.article_claims(store, article("broken", MAYOR))
    assert [r.article_id for r in store.claims_failures()] == ["broken"]
    assert pipeline.article_claims(store, article("mayor", MAYOR))["attributions"]
    assert story_claims(store, "no-such-story") == {"slots": [], "quote_changes": []}


def _cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_the_claims_command_runs_the_stage_lists_failures_and_show_prints_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "n.db")
    with open_store(db) as opened:
        _stocked(opened)
    monkeypatch.setattr(stage, "extract", failing_on("broken"))
    result = _cli("claims", "--all", "--db", db, "--quiet")
    assert result.exit_code == EXIT_REJECTS
    assert "claims: extracted 3, cached 0, failed 1" in result.output
    listed = _cli("claims", "--failures", "--db", db, "--json")
    assert [json.loads(line) for line in listed.output.splitlines()] == [
        {"id": "broken", "error": "RuntimeError: deliberately broken: broken"}]
    shown = _cli("show", "broken", "--db", db)
    assert "claims failed" in shown.output and "deliberately broken" in shown.output
    shown_json = json.loads(_cli("show", "broken", "--db", db, "--json").output)
    assert shown_json["claims_error"].startswith("RuntimeError")
    assert "claims failed" not in _cli("show", "coach", "--db", db).output
    exported = json.loads(_cli("export", "--db", db).stdout)
    assert sorted(exported["claims"]["articles"]) == ["coach", "good", "mayor"]
    assert "broken" in exported["claims"]["failed"] and exported["claims"]["not_extracted"] == []
    monkeypatch.setattr(stage, "extract", extract)  # the bug is fixed: --retry reads the article now
    retried = _cli("claims", "--all", "--retry", "--db", db, "--quiet")
    assert retried.exit_code == 0
    assert "claims: extracted 1, cached 3, failed 0" in retried.output


@pytest.mark.parametrize("args", [[], ["some-id", "--all"], ["--all", "--failures"], ["some-id", "--retry"]])
def test_the_claims_command_wants_one_thing_to_do(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["claims", *args, "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 2
