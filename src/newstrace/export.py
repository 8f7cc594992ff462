"""Export the store as JSON or JSON Lines, streamed article by article; articles or links as CSV or Parquet;
a story's derivation tree as GraphML or DOT."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any, Literal

from newstrace.errors import UsageError
from newstrace.model import Article, Link, Placement, Story
from newstrace.pipeline import story_claims
from newstrace.store.base import ProvenanceStore

Format = Literal["json", "jsonl"]


def article_record(article: Article, placement: Placement | None = None) -> dict[str, Any]:
    """The exported view of an article: metadata, clean text, removed chrome, credits, and its story."""
    record: dict[str, Any] = {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published,
        "published_from": article.published_from,
        "lang": article.lang,
        "source": article.source,
        "clean_text": article.clean_text,
        "removed": [asdict(r) for r in article.removed],
        "credits": [asdict(c) for c in article.credits],
    }
    if placement is not None:
        record.update(story=placement.story, parent=placement.parent, parent_outlet=placement.parent_outlet,
                      relation=placement.relation, relation_confidence=placement.confidence,
                      evidence=placement.evidence)
    return record


def shorten(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis: how the CLI and the web pages quote."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "\u2026"


def story_record(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "article_ids": story.article_ids,
        "origin": {"article": story.origin, "outlet": story.origin_outlet, "confidence": story.confidence,
                   "evidence": story.evidence},
        "kept_apart": story.kept_apart,
    }


def link_record(link: Link, detail: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {"a": link.a, "b": link.b, "kind": link.kind, "score": link.score,
                              "a_coverage": link.a_coverage, "b_coverage": link.b_coverage,
                              "same_event": link.same_event}
    if detail:
        record["detail"] = link.detail.as_dict()
    return record


def export(store: ProvenanceStore, out: IO[str], fmt: Format = "json", with_claims: bool = False) -> int:
    """Write every article to ``out``; returns how many.

    JSON is one object with the keys ``articles``, ``stories``, ``links`` and ``rejects``, and ``claims``
    with ``with_claims`` (the stored claims only: see ``_write_claims``); JSON Lines is one article a line.
    """
    placements = {p.article_id: p for p in store.placements()}
    count = 0
    if fmt == "jsonl":
        for article in store.articles():
            out.write(json.dumps(article_record(article, placements.get(article.id)), ensure_ascii=False) + "\n")
            count += 1
        return count
    out.write('{"articles": [')
    for article in store.articles():
        record = article_record(article, placements.get(article.id))
        out.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False))
        count += 1
    out.write('\n], "stories": [')
    for n, story in enumerate(store.stories()):
        out.write(("," if n else "") + "\n" + json.dumps(story_record(story), ensure_ascii=False))
    out.write('\n], "links": [')
    for n, link in enumerate(store.links()):
        out.write(("," if n else "") + "\n" + json.dumps(link_record(link), ensure_ascii=False))
    out.write("\n]")
    if with_claims:
        _write_claims(store, out)
    rejects = [asdict(r) for r in store.rejects()]
    out.write(', "rejects": ' + json.dumps(rejects, ensure_ascii=False) + "}\n")
    return count


def _write_claims(store: ProvenanceStore, out: IO[str]) -> None:
    """The "claims" key, read from what the claims stage stored (``newstrace claims --all``); nothing is
    extracted here.  ``articles``: per article with claims for its current text, its attributions, quantities
    and hedges; ``stories``: per story of two or more articles, the claim slots of those articles that have
    claims; ``failed``: per article whose extraction failed, the error; ``not_extracted``: the ids of the
    articles whose claims have not been extracted (or were extracted from an earlier version of the text)."""
    out.write(', "claims": {"articles": {')
    failed: dict[str, str | None] = {}
    written = 0
    for result in store.claims_results():
        if result.data is None:
            failed[result.article_id] = result.error
            continue
        data = json.dumps(result.data, ensure_ascii=False)
        out.write(("," if written else "") + "\n" + json.dumps(result.article_id) + ": " + data)
        written += 1
    out.write('\n}, "stories": {')
    stories = [s for s in store.stories() if len(s.article_ids) > 1]
    for n, story in enumerate(stories):
        data = json.dumps(story_claims(store, story.id, extract_missing=False), ensure_ascii=False)
        out.write(("," if n else "") + "\n" + json.dumps(story.id) + ": " + data)
    out.write('\n}, "failed": ' + json.dumps(failed, ensure_ascii=False)
              + ', "not_extracted": ' + json.dumps(store.needing_claims(), ensure_ascii=False) + "}")


# --- tables (CSV, Parquet) and story trees (GraphML, DOT) --------------------------------------------------

Table = Literal["articles", "links"]
ARTICLE_COLUMNS = ("id", "url", "outlet", "title", "published", "published_from", "lang", "source", "story",
                   "parent", "parent_outlet", "relation", "relation_confidence", "words", "removed", "credits",
                   "clean_text")
LINK_COLUMNS = ("a", "b", "kind", "score", "a_coverage", "b_coverage", "same_event")


def table_rows(store: ProvenanceStore, table: Table) -> Iterator[dict[str, Any]]:
    """One flat row per article (with its place in its story; ``removed`` and ``credits`` as counts) or per link."""
    if table == "links":
        for link in store.links():
            yield {"a": link.a, "b": link.b, "kind": link.kind.value, "score": link.score,
                   "a_coverage": link.a_coverage, "b_coverage": link.b_coverage, "same_event": link.same_event}
        return
    placements = {p.article_id: p for p in store.placements()}
    for article in store.articles():
        placement = placements.get(article.id)
        yield {"id": article.id, "url": article.url, "outlet": article.outlet, "title": article.title,
               "published": article.published, "published_from": article.published_from, "lang": article.lang,
               "source": article.source, "story": placement.story if placement else None,
               "parent": placement.parent if placement else None,
               "parent_outlet": placement.parent_outlet if placement else None,
               "relation": placement.relation.value if placement else None,
               "relation_confidence": placement.confidence if placement else None,
               "words": len(article.clean_text.split()), "removed": len(article.removed),
               "credits": len(article.credits), "clean_text": article.clean_text}


def export_csv(store: ProvenanceStore, out: IO[str], table: Table = "articles") -> int:
    """The table as CSV with a header line; returns the rows written."""
    writer = csv.DictWriter(out, fieldnames=LINK_COLUMNS if table == "links" else ARTICLE_COLUMNS,
                            lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in table_rows(store, table):
        writer.writerow(row)
        count += 1
    return count


PARQUET_BATCH = 5_000


def export_parquet(store: ProvenanceStore, path: str | Path, table: Table = "articles") -> int:
    """The table as a Parquet file (pyarrow), written a batch of rows at a time; returns the rows written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    text, real, integer = pa.string(), pa.float64(), pa.int64()
    if table == "links":
        schema = pa.schema([("a", text), ("b", text), ("kind", text), ("score", real), ("a_coverage", real),
                            ("b_coverage", real), ("same_event", real)])
    else:
        types = {"relation_confidence": real, "words": integer, "removed": integer, "credits": integer}
        schema = pa.schema([(name, types.get(name, text)) for name in ARTICLE_COLUMNS])
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in table_rows(store, table):
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


@dataclass(slots=True, frozen=True)
class TreeNode:
    id: str
    label: str
    outlet: str
    published: str
    relation: str
    in_corpus: bool


@dataclass(slots=True, frozen=True)
class TreeEdge:
    parent: str
    child: str
    relation: str
    confidence: float
    evidence: str


def story_tree(store: ProvenanceStore, story_id: str) -> tuple[list[TreeNode], list[TreeEdge]]:
    """A story's derivation tree: its articles, the outlets outside the corpus they derive from, and an edge
    from each parent to its child with the relation and evidence."""
    story = store.story(story_id)
    if story is None:
        raise UsageError(f"no story {story_id!r}; list them with 'newstrace stories'")
    articles = store.articles_by_id(story.article_ids)
    nodes: dict[str, TreeNode] = {}
    edges: list[TreeEdge] = []
    for placement in store.placements(story.id):
        article = articles.get(placement.article_id)
        outlet = (article.outlet if article else None) or ""
        nodes[placement.article_id] = TreeNode(placement.article_id, (article.title if article else None) or "",
                                               outlet, (article.published if article else None) or "",
                                               placement.relation.value, True)
        parent = placement.parent
        if parent is None and placement.parent_outlet:
            parent = "outlet:" + placement.parent_outlet
            nodes.setdefault(parent, TreeNode(parent, placement.parent_outlet, placement.parent_outlet, "",
                                              "outside", False))
        if parent is not None:
            edges.append(TreeEdge(parent, placement.article_id, placement.relation.value, placement.confidence,
                                  "; ".join(placement.evidence)))
    return list(nodes.values()), edges


def export_graphml(store: ProvenanceStore, story_id: str, out: IO[str]) -> int:
    """The story tree as GraphML (for Gephi, yEd, networkx); returns the number of nodes."""
    nodes, edges = story_tree(store, story_id)
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    node_keys = ("label", "outlet", "published", "relation")
    for name in node_keys:
        ET.SubElement(root, "key", {"id": name, "for": "node", "attr.name": name, "attr.type": "string"})
    ET.SubElement(root, "key", {"id": "in_corpus", "for": "node", "attr.name": "in_corpus",
                                "attr.type": "boolean"})
    for name, kind in (("e_relation", "string"), ("confidence", "double"), ("evidence", "string")):
        ET.SubElement(root, "key", {"id": name, "for": "edge", "attr.name": name.removeprefix("e_"),
                                    "attr.type": kind})
    graph = ET.SubElement(root, "graph", id=story_id, edgedefault="directed")
    for node in nodes:
        element = ET.SubElement(graph, "node", id=node.id)
        for name in node_keys:
            ET.SubElement(element, "data", key=name).text = getattr(node, name)
        ET.SubElement(element, "data", key="in_corpus").text = "true" if node.in_corpus else "false"
    for n, edge in enumerate(edges):
        element = ET.SubElement(graph, "edge", id=f"e{n}", source=edge.parent, target=edge.child)
        ET.SubElement(element, "data", key="e_relation").text = edge.relation
        ET.SubElement(element, "data", key="confidence").text = f"{edge.confidence:g}"
        ET.SubElement(element, "data", key="evidence").text = edge.evidence
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n")
    return len(nodes)


def _dot(text: str) -> str:
    """A DOT double-quoted string: backslashes, quotes and line breaks escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", " ").replace("\n", "\\n") + '"'


def export_dot(store: ProvenanceStore, story_id: str, out: IO[str]) -> int:
    """The story tree as a Graphviz DOT digraph; returns the number of nodes."""
    nodes, edges = story_tree(store, story_id)
    out.write(f"digraph {_dot(story_id)} {{\n  rankdir=TB;\n  node [shape=box];\n")
    for node in nodes:
        when = node.published[:10] if node.in_corpus else "outside the corpus"
        label = f"{node.outlet or node.id}\n{when}"
        style = "" if node.in_corpus else ", style=dashed"
        out.write(f"  {_dot(node.id)} [label={_dot(label.strip())}, relation={_dot(node.relation)}{style}];\n")
    for edge in edges:
        out.write(f"  {_dot(edge.parent)} -> {_dot(edge.child)} [label={_dot(edge.relation)}, "
                  f"confidence={edge.confidence:g}, evidence={_dot(edge.evidence)}];\n")
    out.write("}\n")
    return len(nodes)
