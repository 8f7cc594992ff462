from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newstrace.cli import EXIT_REJECTS, main
from newstrace.link.eventmodel import shipped as shipped_event_model
from tests.conftest import ARTICLE, SEED, needs


def run(*args: str, input: str | None = None) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def commands() -> list[str]:
    return sorted(main.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_and_takes_db(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    assert len(main.commands[name].help or "") > 20  # type: ignore[attr-defined]
    assert "--db" in result.output


@needs(SEED)
def test_clean_seed_json() -> None:
    result = run("clean", str(SEED), "--json", "--db", "/nonexistent/dir/x.db")
    assert result.exit_code == 0
    data = json.loads(result.output)
    text = data["clean_text"]
    assert text.startswith("Kim Jong-un has reportedly boarded his armoured train")
    for chrome in ("[ad_", "Source link", "COMMENTS"):
        assert chrome not in text
    assert "There are concern\n" not in text and "Putin.There are concern" not in text
    assert text.count("Kim Jong-un has reportedly boarded") == 1
    sun = [(c["kind"], c["fuzzy"]) for c in data["credits"] if c["outlet"] == "The Sun"]
    assert sorted(sun) == [("cited", True), ("republication", False)]
    assert {r["reason"] for r in data["removed"]} >= {"teaser", "ad_shortcode", "link_back", "comments"}


def test_ingest_articles_show_export(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "keep-me", "url": "https://baypost.com/a", "title": "Breakwater",
                               "published": "2026-02-03", "lang": "en", "text": f"[ad_1]\n{ARTICLE}\nSource link"}))
    result = run("ingest", str(src), "--db", db, "--quiet")
    assert result.exit_code == 0 and "stored 1, updated 0, duplicates 0, rejected 0" in result.output
    assert "keep-me" in run("articles", "--db", db).output
    shown = run("show", "keep-me", "--db", db)
    assert shown.exit_code == 0 and "480 metres" in shown.output and "ad_shortcode" in shown.output
    exported = json.loads(run("export", "--db", db, "--format", "json").stdout)
    [record] = exported["articles"]
    assert {"id", "url", "outlet", "title", "published", "lang", "clean_text", "removed", "credits"} <= set(record)
    assert record["id"] == "keep-me" and record["clean_text"] == ARTICLE
    lines = run("export", "--db", db, "--format", "jsonl").output.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["keep-me"]


def test_ingest_with_rejects_exits_3_and_reports_reasons(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "ok", "text": ARTICLE}) + "\n{broken\n")
    result = run("ingest", str(src), str(tmp_path / "missing.txt"), "--db", db, "--quiet")
    assert result.exit_code == EXIT_REJECTS
    assert "stored 1, updated 0, duplicates 0, rejected 2 (bad_json 1, missing_path 1)" in result.output
    assert "missing_path" in run("rejects", "--db", db).output


def test_ingest_from_stdin(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    result = run("ingest", "-", "--db", db, "--quiet", input=json.dumps({"id": "s1", "text": ARTICLE}) + "\n")
    assert result.exit_code == 0 and "stored 1" in result.output


def test_show_unknown_id_fails_with_hint(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    run("ingest", "-", "--db", db, "--quiet", input=json.dumps({"id": "s1", "text": ARTICLE}) + "\n")
    result = CliRunner().invoke(main, ["show", "nope", "--db", db])
    assert result.exit_code == 1 and "newstrace articles" in result.output


def test_bad_database_file_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_text("not a database " * 200)
    result = CliRunner().invoke(main, ["articles", "--db", str(bad)])
    assert result.exit_code == 1 and "cannot open as a newstrace database" in result.output


def test_demo_builds_a_fresh_database_and_reports(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    for _ in range(2):  # a second run replaces the first demo database
        result = run("demo", "--db", str(db))
        assert result.exit_code == 0
        assert "stored 6, updated 0, duplicates 0, rejected 1 (bad_json 1)" in result.output
        assert "autoblog-copies.jsonl:2 is planted on purpose" in result.output  # and says why
        # the rewrite's changed figure, and a speed it gives in other units
        assert 'changed "nine fishing boats" to "eleven fishing boats"' in result.output
        assert "the same value: about 12 knots = around 22 km/h" in result.output
    exported = json.loads(run("export", "--db", str(db)).stdout)
    by_id = {a["id"]: a for a in exported["articles"]}
    copy = by_id["dnf24-ferry"]
    assert copy["clean_text"].startswith("The passenger ferry Marigold ran aground")
    assert {"republication"} <= {c["kind"] for c in copy["credits"] if c["outlet"] == "The Karrow Courier"}
    rewrite = by_id["coastwatch-2026-0315-karrow"]
    assert any(c["fuzzy"] and c["outlet"] == "The Karrow Courier" for c in rewrite["credits"])
    courier = [a for a in exported["articles"] if a["outlet"] == "The Karrow Courier"]
    assert len(courier) == 3
    assert all("independent news for the islands" not in a["clean_text"] for a in courier)


def test_demo_refuses_to_overwrite_a_real_database(tmp_path: Path) -> None:
    db = str(tmp_path / "real.db")
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE)
    run("ingest", str(src), "--db", db, "--quiet")
    result = CliRunner().invoke(main, ["demo", "--db", db])
    assert result.exit_code == 1 and "not from the demo" in result.output
    assert "1 articles" in run("articles", "--db", db).output


def test_show_and_export_name_an_alike_story_kept_apart_by_its_weekday(tmp_path: Path) -> None:
    landing = ("The Kestrel lunar probe touched down near the moon's south pole on Wednesday, making Karrovia the "
               "fourth nation to land a craft on the moon. Mission chief Ada Lind said the lander was healthy.")
    launch = ("The Kestrel lunar probe lifted off from the Ostvik spaceport on Friday on a month-long journey to "
              "the moon's south pole. Mission chief Ada Lind said the rocket had performed perfectly.")
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t, "lang": "en"}) + "\n"
                           for i, t in [("landing", landing), ("launch", launch)]))
    db = str(tmp_path / "n.db")
    assert run("ingest", str(src), "--db", db, "--quiet").exit_code == 0
    assert run("trace", "--db", db).exit_code == 0
    stories = {s["id"]: s for s in json.loads(run("export", "--db", db, "--format", "json").stdout)["stories"]}
    [apart] = stories["story-landing"]["kept_apart"]
    assert apart["story"] == "story-launch" and apart["reason"] == "their reports name Wednesday and Friday"
    assert shipped_event_model().cut <= apart["similarity"] <= 1  # the event model's: one event, but for the days
    assert "kept apart from story-launch, which reads alike" in run("show", "story-landing", "--db", db).output


def test_ingest_then_trace_then_claims_runs_every_stage_and_export_reads_them(tmp_path: Path) -> None:
    db = str(tmp_path / "all.db")
    src = tmp_path / "in.jsonl"
    rows = [{"id": "first", "published": "2026-02-03", "lang": "en", "text": ARTICLE},
            {"id": "copy", "published": "2026-02-04", "lang": "en", "text": f"[ad_1]\n{ARTICLE}\nSource link"}]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = run("ingest", str(src), "--db", db, "--quiet", "--trace", "--claims")
    assert result.exit_code == 0, result.output
    assert "new links: verbatim_copy 1" in result.output and "claims: extracted 2, cached 0, failed 0" in result.output
    exported = json.loads(run("export", "--db", db, "--format", "json").stdout)
    assert set(exported["claims"]["articles"]) == {"first", "copy"}
    assert {r["id"]: r["relation"] for r in exported["articles"]} == {"first": "origin", "copy": "verbatim_copy"}


def test_the_relation_model_leaves_copies_of_pages_in_the_corpus_to_the_rules(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    assert run("demo", "--db", db).exit_code == 0

    def relations() -> dict[str, str]:
        return {a["id"]: a["relation"] for a in json.loads(run("export", "--db", db).stdout)["articles"]}

    with_model = relations()
    assert "relation model:" not in run("export", "--db", db).output  # every demo copy sits under a demo page
    assert sorted(with_model.values()).count("partial_copy") == 1  # the half-shared copy stays partial
    result = run("trace", "--db", db, "--relation-rules", "--quiet")
    assert result.exit_code == 0, result.output
    assert relations() == with_model
