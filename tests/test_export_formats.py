"""export --format csv, parquet, graphml and dot: what people load into spreadsheets, pandas, Gephi and Graphviz."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newstrace.cli import main
from newstrace.export import export_csv, export_dot, export_graphml, story_tree
from newstrace.pipeline import ingest, trace
from newstrace.store import open_store

ODD_OUTLET = 'The "Odd" \\ Outlet\nline two'
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    path = folder / "demo.db"
    assert CliRunner().invoke(main, ["demo", "--db", str(path)]).exit_code == 0
    odd = {"id": "odd-1", "outlet": ODD_OUTLET, "title": 'A "quoted", comma title',
           "text": "The odd outlet wrote about the lighthouse keepers' strike on Tuesday, \"a first\", they said."}
    (folder / "odd.jsonl").write_text(json.dumps(odd) + "\n", encoding="utf-8")
    with open_store(path) as store:
        ingest([folder / "odd.jsonl"], store)
        trace(store, embeddings=False)
    return path


def demo_story(db: Path) -> str:
    with open_store(db, create=False) as store:
        return store.stories()[0].id


def test_csv_of_articles_parses_back_with_each_articles_place(db: Path) -> None:
    out = io.StringIO()
    with open_store(db, create=False) as store:
        count = export_csv(store, out, "articles")
        stored = {a.id: a for a in store.articles()}
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert count == len(rows) == len(stored)
    by_id = {r["id"]: r for r in rows}
    assert by_id["dnf24-ferry"]["relation"] == "verbatim_copy"
    assert by_id["dnf24-ferry"]["parent"] == "4812a5a327ff39dc"
    assert by_id["odd-1"]["title"] == 'A "quoted", comma title'
    assert by_id["odd-1"]["clean_text"] == stored["odd-1"].clean_text
    assert int(by_id["dnf24-ferry"]["removed"]) >= 3


def test_csv_of_links_through_the_cli(db: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "csv", "--table", "links"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {"a", "b", "kind", "score", "a_coverage", "b_coverage", "same_event"} == set(rows[0])
    assert any(r["kind"] == "verbatim_copy" and float(r["score"]) == 1.0 for r in rows)
    # the event model's probability, on every link of a trace with embeddings; empty without them
    assert all(r["same_event"] == "" or 0.0 <= float(r["same_event"]) <= 1.0 for r in rows)
    assert any(r["same_event"] for r in rows)


def test_parquet_has_typed_columns_and_every_row(db: Path, tmp_path: Path) -> None:
    for table in ("articles", "links"):
        target = tmp_path / f"{table}.parquet"
        result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "parquet", "--table", table,
                                           "-o", str(target)])
        assert result.exit_code == 0, result.output
        read = pq.read_table(target)
        with open_store(db, create=False) as store:
            expected = store.count() if table == "articles" else len(store.links())
        assert read.num_rows == expected
    articles = pq.read_table(tmp_path / "articles.parquet").to_pylist()
    assert str(pq.read_schema(tmp_path / "articles.parquet").field("words").type) == "int64"
    assert {r["id"]: r for r in articles}["odd-1"]["outlet"] == ODD_OUTLET


def test_parquet_needs_a_file_and_trees_need_a_story(db: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["export", "--db", str(db), "--format", "parquet"]).exit_code == 2
    assert runner.invoke(main, ["export", "--db", str(db), "--format", "dot"]).exit_code == 2
    missing = runner.invoke(main, ["export", "--db", str(db), "--format", "dot", "--story", "nope"])
    assert missing.exit_code == 1 and "no story 'nope'" in missing.output


def test_graphml_tree_has_every_article_and_an_edge_to_each_copy(db: Path) -> None:
    story = demo_story(db)
    out = io.StringIO()
    with open_store(db, create=False) as store:
        count = export_graphml(store, story, out)
        members = store.story(story).article_ids  # type: ignore[union-attr]
    root = ET.fromstring(out.getvalue())
    graph = root.find(f"{GRAPHML}graph")
    assert graph is not None and graph.get("edgedefault") == "directed"
    nodes = {n.get("id") for n in graph.iter(f"{GRAPHML}node")}
    assert nodes == set(members) and count == len(members)
    edges = [(e.get("source"), e.get("target")) for e in graph.iter(f"{GRAPHML}edge")]
    assert ("4812a5a327ff39dc", "dnf24-ferry") in edges and len(edges) == len(members) - 1
    keys = {k.get("id") for k in root.iter(f"{GRAPHML}key")}
    used = {d.get("key") for d in root.iter(f"{GRAPHML}data")}
    assert used <= keys


def test_dot_tree_quotes_names_and_evidence(db: Path) -> None:
    with open_store(db, create=False) as store:
        odd_story = store.placement("odd-1").story  # type: ignore[union-attr]
        out = io.StringIO()
        export_dot(store, odd_story, out)
        demo = io.StringIO()
        export_dot(store, demo_story(db), demo)
        nodes, edges = story_tree(store, demo_story(db))
    text = out.getvalue()
    assert 'label="The \\"Odd\\" \\\\ Outlet\\nline two' in text
    assert "\n" not in text.split('label="', 1)[1].split('"];', 1)[0]
    assert demo.getvalue().startswith('digraph "') and demo.getvalue().rstrip().endswith("}")
    arrows = re.findall(r'^  "([^"]+)" -> "([^"]+)"', demo.getvalue(), re.MULTILINE)
    assert len(arrows) == len(edges) and len(nodes) == len(edges) + 1


def test_shorten_puts_text_on_one_line_and_cuts_it_with_an_ellipsis() -> None:
    from newstrace.export import shorten

    assert shorten("a  b\nc", 10) == "a b c"
    cut = shorten("word " * 10, 12)
    assert len(cut) == 12 and cut.endswith("\u2026") and cut.startswith("word word")
