"""The command line: a thin layer over the library.

Exit codes: 0 done; 1 error (store, input or argument, with a message);
2 bad command-line usage; 3 done, but some items were rejected.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.tree import Tree

from newstrace import demo as demo_corpus
from newstrace.clean import clean_article
from newstrace.config import DEFAULT_THRESHOLD, TraceConfig
from newstrace.errors import NewstraceError, UsageError
from newstrace.export import (
    article_record,
    export,
    export_csv,
    export_dot,
    export_graphml,
    export_parquet,
    link_record,
    shorten,
    story_record,
)
from newstrace.ingest import Limits, read_paths
from newstrace.ingest.decode import DEFAULT_MAX_BYTES
from newstrace.model import Article, ClaimsResult, Link, Placement, Reject, Story
from newstrace.outlets import OutletTable
from newstrace.pipeline import (
    BOILERPLATE_MIN_ARTICLES,
    BOILERPLATE_MIN_SHARE,
    ClaimsSummary,
    LinkStage,
    Summary,
    TraceSummary,
    article_claims,
    ingest,
    run_claims,
    story_claims,
    trace,
)
from newstrace.store import DEFAULT_DB, ProvenanceStore, open_store

EXIT_REJECTS = 3
F = TypeVar("F", bound=Callable[..., Any])

out = Console(soft_wrap=True)
err = Console(stderr=True)


def db_option(func: F) -> F:
    return click.option("--db", "db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                        help="SQLite database file of the store.")(func)


def aliases_option(func: F) -> F:
    return click.option("--aliases", multiple=True, type=click.Path(exists=True, dir_okay=False),
                        help="JSON file of extra outlet names, aliases and domains (repeatable).")(func)


@contextmanager
def _errors() -> Iterator[None]:
    """Named newstrace errors become click errors with their message and exit code 1."""
    try:
        yield
    except NewstraceError as exc:
        raise click.ClickException(_neutralise(str(exc))) from exc


@click.group()
@click.version_option(package_name="newstrace")
def main() -> None:
    """newstrace: find where a news story came from, who copied it, and what changed."""


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@aliases_option
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, type=click.IntRange(min=1),
              help="Reject any single file or record larger than this.")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(min=1),
              help="Articles committed per transaction.")
@click.option("--quiet", is_flag=True, help="No progress display.")
@click.option("--trace", "then_trace", is_flag=True, help="Run 'newstrace trace' after storing.")
@click.option("--claims", "then_claims", is_flag=True,
              help="Then run the claims stage ('newstrace claims --all'); with --trace, after tracing.")
def ingest_command(paths: tuple[str, ...], db: str, aliases: tuple[str, ...], max_bytes: int, batch_size: int,
                   quiet: bool, then_trace: bool, then_claims: bool) -> None:
    """Read PATHS (files, directories or - for stdin), clean the articles and store them.

    Reads plain text, Markdown, HTML, JSON Lines (.jsonl, .gz too), WARC
    (.warc, .warc.gz) and RSS/Atom feeds.  Bad items are rejected with a
    reason, stored, and listed; the run goes on.  Exits 3 if anything was rejected.
    """
    with _errors():
        table = OutletTable.load([Path(a) for a in aliases])
        with open_store(db) as store:
            summary = _run_ingest(list(paths), store, table, Limits(max_bytes), batch_size, quiet)
            traced = _run_trace(store, TraceConfig(), quiet) if then_trace else None
            claimed = _run_claims(store, False, quiet) if then_claims else None
        _print_rejects(summary.reject_samples, limit=20, total=summary.total_rejected)
    out.print(summary.line())
    for later in (traced, claimed):
        if later is not None:
            out.print(later.line())
    if summary.total_rejected or (claimed is not None and claimed.failed):
        sys.exit(EXIT_REJECTS)


def _run_ingest(paths: list[str], store: ProvenanceStore, table: OutletTable, limits: Limits, batch_size: int,
                quiet: bool) -> Summary:
    if quiet:
        return ingest(paths, store, table=table, limits=limits, batch_size=batch_size)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("ingesting", total=None)

        def show(summary: Summary, _ids: list[str]) -> None:
            progress.update(task, description=f"ingesting: {summary.line()}")

        return ingest(paths, store, table=table, limits=limits, batch_size=batch_size, on_batch=show)


@main.command("clean")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per article, one a line.")
@db_option
@aliases_option
def clean_command(file: str, as_json: bool, db: str, aliases: tuple[str, ...]) -> None:
    """Clean FILE without storing it: print the clean text, the removed chrome and the credits.

    If the --db file exists, the outlet boilerplate learned there is used too.
    """
    with _errors():
        table = OutletTable.load([Path(a) for a in aliases])
        boilerplate = _learned_boilerplate(db)
        failed = False
        for record in read_paths([file], table):
            if isinstance(record, Reject):
                failed = True
                err.print(f"[red]rejected[/red] {_safe(record.item)}: {_safe(record.message)}", highlight=False)
                continue
            article = clean_article(record, boilerplate.get(record.outlet or "", set()), table)
            _print_clean(article, as_json)
    if failed:
        sys.exit(EXIT_REJECTS)


def _learned_boilerplate(db: str) -> dict[str, set[str]]:
    if not Path(db).exists():
        return {}
    with open_store(db, create=False) as store:
        return store.boilerplate(BOILERPLATE_MIN_ARTICLES, BOILERPLATE_MIN_SHARE)


def _print_clean(article: Article, as_json: bool) -> None:
    if as_json:  # one line per article, so a file of many articles gives JSON Lines
        _echo_json(article_record(article))
        return
    if article.title:
        out.print(f"[bold]{_safe(article.title)}[/bold]\n")
    out.print(_safe(article.clean_text), highlight=False)
    out.print()
    _print_removed(article)
    _print_credits(article)


@main.command("articles")
@db_option
@click.option("--outlet", help="Only articles of this outlet.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines instead of a table.")
def articles_command(db: str, outlet: str | None, limit: int | None, as_json: bool) -> None:
    """List the stored articles."""
    with _errors(), open_store(db, create=False) as store:
        rows = store.listing(limit=limit, outlet=outlet)
    if as_json:
        for row in rows:
            _echo_json(asdict(row))
        return
    table = Table("id", "outlet", "published", "words", "title")
    for row in rows:
        table.add_row(_safe(row.id), _safe(row.outlet or ""), _safe(row.published or ""), str(row.words),
                      _safe(row.title or ""))
    out.print(table)
    out.print(f"{len(rows)} articles")


@main.command("show")
@click.argument("item_id", metavar="ID")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def show_command(item_id: str, db: str, as_json: bool) -> None:
    """Show one article (metadata, clean text, chrome, credits, place in its story) or one story.

    For a story (an id from 'newstrace stories'): its origin, the tree of copies with their
    relation and evidence, and the passages each copy shares with its source.
    """
    with _errors(), open_store(db, create=False) as store:
        story = store.story(item_id)
        if story is not None:
            _show_story(store, story, as_json)
            return
        article = store.get(item_id)
        placement = store.placement(item_id) if article else None
        claims = store.claims_result(item_id) if article else None
    if article is None:
        raise _not_found(item_id, db)
    failure = claims.error if claims is not None else None
    if as_json:
        record = article_record(article, placement)
        if failure is not None:
            record["claims_error"] = failure
        _echo_json(record, indent=2)
        return
    for label, value in (("id", article.id), ("url", article.url), ("outlet", article.outlet),
                         ("title", article.title), ("published", _published(article)), ("lang", article.lang),
                         ("source", article.source)):
        out.print(f"[bold]{label:>9}[/bold]  {_safe(str(value or '-'))}", highlight=False)
    if placement is not None:
        source = placement.parent or placement.parent_outlet or "-"
        out.print(f"[bold]{'story':>9}[/bold]  {_safe(placement.story)}: {placement.relation} of {_safe(source)}",
                  highlight=False)
    out.print()
    out.print(_safe(article.clean_text), highlight=False)
    out.print()
    _print_removed(article)
    _print_credits(article)
    if failure is not None:
        out.print(f"[red]claims failed[/red]: {_safe(failure)}", highlight=False)


def _not_found(item_id: str, db: str) -> click.ClickException:
    return click.ClickException(f"no article or story with id {item_id!r} in {db}; "
                                "list them with 'newstrace articles' or 'newstrace stories'")


def _story_title(store: ProvenanceStore, story: Story) -> str | None:
    """The origin's title, else the first title among the story's articles."""
    for article_id in ([story.origin] if story.origin else []) + story.article_ids:
        article = store.get(article_id)
        if article is not None and article.title:
            return article.title
    return None


def _show_story(store: ProvenanceStore, story: Story, as_json: bool) -> None:
    placements = {p.article_id: p for p in store.placements(story.id)}
    articles = {i: store.get(i) for i in story.article_ids}
    links = {tuple(sorted((lk.a, lk.b))): lk for lk in store.story_links(story.id, with_detail=True)}
    if as_json:
        data = story_record(story)
        data["articles"] = [article_record(a, placements.get(i)) for i, a in articles.items() if a]
        data["links"] = [link_record(lk, detail=True) for lk in links.values()]
        _echo_json(data, indent=2)
        return
    origin = story.origin or story.origin_outlet or "unknown"
    tree = Tree(f"[bold]{_safe(story.id)}[/bold]: {len(story.article_ids)} article(s); origin "
                f"{_safe(_label(origin, articles))} (confidence {story.confidence:.2f})")
    for line in story.evidence:
        tree.add(f"[dim]{_safe(line)}[/dim]")
    for other in story.kept_apart:
        tree.add(f"[dim]kept apart from {_safe(other['story'])}, which reads alike (similarity "
                 f"{other['similarity']:.2f}): {_safe(other['reason'])}[/dim]")
    nodes: dict[str, Tree] = {}
    outside: dict[str, Tree] = {}
    for article_id in _tree_order(placements):
        placement = placements[article_id]
        label = f"{_safe(_label(article_id, articles))}  [cyan]{placement.relation}[/cyan]"
        if placement.parent and placement.parent in nodes:
            parent_node = nodes[placement.parent]
        elif placement.parent_outlet:
            parent_node = outside.setdefault(placement.parent_outlet,
                                             tree.add(f"[bold]{_safe(placement.parent_outlet)}[/bold] "
                                                      "(not in the corpus)"))
        else:
            parent_node = tree
        node = parent_node.add(label)
        for line in placement.evidence:
            node.add(f"[dim]{_safe(line)}[/dim]")
        if placement.parent:
            link = links.get(tuple(sorted((article_id, placement.parent))))
            if link is not None:
                _add_passages(node, link, article_id, articles)
        nodes[article_id] = node
    out.print(tree)


def _tree_order(placements: dict[str, Placement]) -> list[str]:
    """Parents before their children."""
    done: list[str] = []
    pending = sorted(placements)
    while pending:
        ready = [i for i in pending if placements[i].parent in (None, *done) or placements[i].parent not in placements]
        if not ready:
            ready = pending[:1]
        done.extend(ready)
        pending = [i for i in pending if i not in ready]
    return done


def _label(article_id: str, articles: dict[str, Article | None]) -> str:
    article = articles.get(article_id)
    if article is None:
        return article_id
    return f"{article_id} ({article.outlet or '-'}, {(article.published or 'undated')[:10]})"


def _add_passages(node: Tree, link: Link, child: str, articles: dict[str, Article | None]) -> None:
    child_is_a = link.a == child
    article = articles.get(child)
    if article is None:
        return
    for passage in link.detail.passages[:3]:
        start, end = passage.a if child_is_a else passage.b
        node.add(f"[green]shared[/green] \"{_safe(shorten(article.clean_text[start:end], 140))}\"")
        for edit in passage.edits[:5]:
            mine, theirs = (edit.a, edit.b) if child_is_a else (edit.b, edit.a)
            node.add(f"[yellow]changed[/yellow] \"{_safe(theirs)}\" -> \"{_safe(mine)}\"")


@main.command("trace")
@db_option
@click.option("--threshold", default=DEFAULT_THRESHOLD, show_default=True, type=float,
              help="MinHash similarity that LSH aims to catch; bands and rows are derived from it.")
@click.option("--no-embeddings", is_flag=True,
              help="Skip multilingual embeddings: no translations or same-event links, much faster.")
@click.option("--relation-model/--relation-rules", default=True, show_default=True,
              help="Name the relation of a copy of a source outside the corpus with the learned model, or by the "
                   "rules alone (see docs/benchmarks.md).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where the link stage runs: this process, or Ray tasks (pip install 'newstrace[ray]').")
@click.option("--address", default=None, metavar="ray://HOST:PORT",
              help="With --engine ray: the Ray cluster to use; without it Ray starts here with this machine's cores.")
@click.option("--quiet", is_flag=True, help="No progress display.")
def trace_command(db: str, threshold: float, no_embeddings: bool, relation_model: bool, engine: str,
                  address: str | None, quiet: bool) -> None:
    """Link the stored articles, group them into stories, and trace each story's origin.

    Incremental: only articles not seen by an earlier trace are fingerprinted and compared;
    stories are then regrouped from all links.
    """
    with _errors():
        # checked before the store opens
        config = TraceConfig(threshold=threshold, embeddings=not no_embeddings, relation_model=relation_model)
        if address and engine != "ray":
            raise UsageError("--address names a Ray cluster: give it with --engine ray")
        linker = _ray_linker(address) if engine == "ray" else None
        with open_store(db, create=False) as store:
            summary = _run_trace(store, config, quiet, linker)
    out.print(summary.line())


def _ray_linker(address: str | None) -> LinkStage:
    from newstrace.engine.raylink import RayEngine

    return RayEngine(address).link


def _run_trace(store: ProvenanceStore, config: TraceConfig, quiet: bool,
               linker: LinkStage | None = None) -> TraceSummary:
    if quiet:
        return trace(store, config, linker=linker)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  transient=True) as progress:
        task = progress.add_task("tracing", total=None)
        return trace(store, config, linker=linker,
                     on_progress=lambda message: progress.update(task, description=f"tracing: {message}"))


@main.command("stories")
@db_option
@click.option("--min-size", default=2, show_default=True, type=click.IntRange(min=1),
              help="Only stories with at least this many articles.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines instead of a table.")
def stories_command(db: str, min_size: int, as_json: bool) -> None:
    """List the stories found by 'newstrace trace', largest first, with their origins."""
    with _errors(), open_store(db, create=False) as store:
        found = [s for s in store.stories() if len(s.article_ids) >= min_size]
        titles = {s.id: _story_title(store, s) for s in found}
    if as_json:
        for story in found:
            _echo_json(story_record(story))
        return
    table = Table("story", "articles", "origin", "confidence", "title")
    for story in found:
        table.add_row(_safe(story.id), str(len(story.article_ids)), _safe(story.origin or story.origin_outlet or "-"),
                      f"{story.confidence:.2f}", _safe(titles.get(story.id) or "-"))
    out.print(table)
    out.print(f"{len(found)} stories with {min_size} or more articles")


@main.command("claims")
@click.argument("item_id", metavar="[STORY|ARTICLE]", required=False)
@db_option
@click.option("--all", "run_all", is_flag=True,
              help="Run the claims stage: extract the claims of every article that has none for its current "
                   "text, with progress and a summary; exits 3 if any article failed.")
@click.option("--retry", is_flag=True, help="With --all: try the articles whose extraction failed again.")
@click.option("--failures", is_flag=True, help="List the articles whose claims failed, with the error.")
@click.option("--quiet", is_flag=True, help="With --all: no progress display.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON (with --failures, one object a line).")
def claims_command(item_id: str | None, db: str, run_all: bool, retry: bool, failures: bool, quiet: bool,
                   as_json: bool) -> None:
    """Who said what, hedges and figures in an article; or, for a story, every figure's versions.

    For a story: each claim slot (a count, a speed, a sum...) with its variants, the articles that
    state each, the earliest, and the copies that changed it relative to their parent.  Claims not
    stored yet are extracted on the spot.  --all extracts and stores them for every article (export
    reads only what is stored); --failures lists the articles whose extraction failed.
    """
    if sum((item_id is not None, run_all, failures)) != 1:
        raise click.UsageError("give one of STORY|ARTICLE, --all or --failures")
    if retry and not run_all:
        raise click.UsageError("--retry goes with --all")
    target = item_id or ""
    with _errors(), open_store(db, create=False) as store:
        if run_all:
            summary = _run_claims(store, retry, quiet)
        elif failures:
            failed = store.claims_failures()
        elif store.story(target) is not None:
            data = story_claims(store, target)
            if as_json:
                _echo_json(data, indent=2)
            else:
                _print_story_claims(data)
            return
        else:
            article = store.get(target)
            if article is None:
                raise _not_found(target, db)
            data = article_claims(store, article)
    if run_all:
        out.print(summary.line())
        if summary.failed:
            err.print("list them with: newstrace claims --failures")
            sys.exit(EXIT_REJECTS)
    elif failures:
        _print_claims_failures(failed, as_json)
    elif as_json:
        _echo_json(data, indent=2)
    else:
        _print_article_claims(data)


def _run_claims(store: ProvenanceStore, retry: bool, quiet: bool) -> ClaimsSummary:
    if quiet:
        return run_claims(store, retry_failed=retry)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("claims", total=None)

        def show(summary: ClaimsSummary) -> None:
            progress.update(task, total=summary.todo, completed=summary.extracted + summary.failed_now,
                            description=f"claims: extracted {summary.extracted}, failed {summary.failed_now}")

        return run_claims(store, retry_failed=retry, on_batch=show)


def _print_claims_failures(failed: list[ClaimsResult], as_json: bool) -> None:
    if as_json:
        for result in failed:
            _echo_json({"id": result.article_id, "error": result.error})
        return
    if failed:
        table = Table("article", "error", title="Claims failed")
        for result in failed:
            table.add_row(_safe(result.article_id), _safe(result.error or ""))
        out.print(table)
    out.print(f"{len(failed)} articles whose claims failed")


def _print_article_claims(data: dict[str, Any]) -> None:
    table = Table("source", "cue", "content", "direct", "hedges", title="Attributions")
    for a in data["attributions"]:
        source = (a["source"] or {}).get("text") or "-"
        if a["resolved_source"]:
            source += f" (= {a['resolved_source']})"
        table.add_row(_safe(source), _safe(a["cue"]["text"]), _safe(shorten(a["content"]["text"], 80)),
                      "yes" if a["direct"] else "no", _safe(", ".join(h["text"] for h in a["hedges"])))
    out.print(table)
    table = Table("as written", "value", "unit", "bound", "of", "normalised", title="Quantities")
    for q in data["quantities"]:
        norm = q["normalized"]
        shown = f"{norm['value']:.4g} {norm.get('unit') or ''}" if norm.get("value") is not None else "-"
        table.add_row(_safe(q["text"]), f"{q['value']:g}", _safe(q["unit"] or "-"), q["bound"],
                      _safe(q["of"] or "-"), _safe(shown))
    out.print(table)
    hedges = ", ".join(f"{h['text']}{'' if h['attributed'] else ' (unattributed)'}" for h in data["hedges"])
    out.print(f"Hedges: {_safe(hedges or 'none')}", highlight=False)


def _print_story_claims(data: dict[str, Any]) -> None:
    table = Table("slot", "variant as written", "articles", "earliest", "changed by", title="Claims across the story")
    for slot in data["slots"]:
        name = _safe(f"{slot['of'] or '-'} ({slot['dimension']})")
        for n, variant in enumerate(slot["variants"]):
            changed = [c["article"] for c in slot["changes"] if c["to"] == variant["written"]]
            table.add_row(name if n == 0 else "", _safe(variant["written"]), str(len(variant["articles"])),
                          _safe(variant["earliest"] or "-"), _safe(", ".join(changed) or "-"))
    out.print(table)
    for change in data["quote_changes"]:
        out.print(f"quote changed in {_safe(change['article'])} (from {_safe(change['parent'])}): "
                  f"\"{_safe(change['from'])}\" -> \"{_safe(change['to'])}\"")


@main.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "csv", "parquet", "graphml", "dot"]),
              default="json", show_default=True,
              help="json: one object with the keys 'articles', 'stories', 'links' and 'rejects'; "
                   "jsonl: one article a line; csv, parquet: the --table as rows; "
                   "graphml, dot: the derivation tree of --story.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="File to write (default: stdout; parquet needs a file).")
@click.option("--claims/--no-claims", default=True, show_default=True,
              help="Include the 'claims' key (json only): the claims stored by 'newstrace claims --all'; "
                   "export extracts none.")
@click.option("--table", type=click.Choice(["articles", "links"]), default="articles", show_default=True,
              help="csv and parquet: one row per article (with its place in its story) or per link.")
@click.option("--story", "story_id", help="graphml and dot: the story whose tree to write.")
def export_command(db: str, fmt: str, output: str, claims: bool, table: str, story_id: str | None) -> None:
    """Export every stored article with its clean text, removed chrome, credits, story, and stored claims;
    or articles or links as CSV or Parquet; or a story's tree as GraphML or DOT (for Gephi or Graphviz)."""
    if fmt in ("graphml", "dot") and not story_id:
        raise click.UsageError(f"--format {fmt} needs --story ID (see 'newstrace stories')")
    if fmt == "parquet" and output == "-":
        raise click.UsageError("--format parquet needs -o FILE")
    if fmt not in ("json", "jsonl"):
        with _errors(), open_store(db, create=False) as store:
            count = _export_other(store, fmt, output, table, story_id or "")
        if output != "-":
            err.print(f"exported {count} {'nodes' if story_id and fmt in ('graphml', 'dot') else table} to {output}")
        return
    with _errors(), open_store(db, create=False) as store, click.open_file(output, "w", encoding="utf-8") as stream:
        missing = len(store.needing_claims()) if claims and fmt == "json" else 0
        count = export(store, _SafeJsonWriter(stream), fmt, with_claims=claims)  # type: ignore[arg-type]
    if output != "-":
        err.print(f"exported {count} articles to {output}")
    if missing:
        err.print(f"{missing} articles have no claims yet (listed under claims.not_extracted); "
                  "run 'newstrace claims --all' first")


def _export_other(store: ProvenanceStore, fmt: str, output: str, table: str, story_id: str) -> int:
    """CSV, Parquet, GraphML or DOT; text formats with control characters made visible (XML cannot hold them)."""
    if fmt == "parquet":
        return export_parquet(store, output, table)  # type: ignore[arg-type]
    with click.open_file(output, "w", encoding="utf-8") as stream:
        visible = _VisibleWriter(stream)
        if fmt == "csv":
            return export_csv(store, visible, table)  # type: ignore[arg-type]
        if fmt == "graphml":
            return export_graphml(store, story_id, visible)  # type: ignore[arg-type]
        return export_dot(store, story_id, visible)  # type: ignore[arg-type]


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the store: reads then need the token too.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--new-token", is_flag=True, help="Replace the write token with a new one, printed once.")
@click.option("--max-upload-mb", default=64, show_default=True, type=click.IntRange(min=1),
              help="Largest upload accepted, in MiB.")
def serve_command(db: str, host: str, port: int, new_token: bool, max_upload_mb: int) -> None:
    """Serve the web app and JSON API over the store (OpenAPI at /docs).

    Creates the store if it is missing.  Writes (uploads, trace runs) need a token, made at the first
    start and printed once; the store keeps only its hash.
    """
    from newstrace.web import prepare, serve  # the web stack loads only for this command

    with _errors():
        prepared = prepare(db, host, new_token=new_token, max_upload=max_upload_mb * 1024 * 1024)
    if prepared.new_token:
        err.print("Write token (shown this once; 'newstrace serve --new-token' makes another):")
        err.print(prepared.new_token, highlight=False, soft_wrap=True)
    else:
        err.print("Writes need the token printed at this store's first serve ('--new-token' replaces it).")
    if not prepared.settings.open_reads:
        err.print(f"[yellow]Listening on {_safe(host)}, not loopback: anyone who can reach it can try; reads "
                  "need the token too.[/yellow]")
    err.print(f"Serving {_safe(db)} on http://{_safe(host)}:{port}/ (Ctrl-C stops)", highlight=False)
    serve(prepared, host, port)


@main.command("rejects")
@db_option
def rejects_command(db: str) -> None:
    """List the items rejected so far, with their reasons."""
    with _errors(), open_store(db, create=False) as store:
        rejects = store.rejects()
    _print_rejects(rejects, limit=None)
    out.print(f"{len(rejects)} rejects")


@main.command("demo")
@click.option("--db", "db", default="newstrace-demo.db", show_default=True, type=click.Path(dir_okay=False),
              help="Database file to create for the demo; an earlier demo database there is replaced.")
def demo_command(db: str) -> None:
    """Ingest a small fictional corpus in five formats into a fresh database, trace it, and show what was found."""
    with _errors():
        _fresh_demo_db(Path(db))
        table = demo_corpus.outlet_table()
        with tempfile.TemporaryDirectory(prefix="newstrace-demo-") as tmp, open_store(db) as store:
            store.set_meta(demo_corpus.DEMO_MARK, "1")
            paths = demo_corpus.write_corpus(Path(tmp))
            out.print(f"[bold]Demo corpus[/bold]: {', '.join(p.name for p in paths)}")
            summary = _run_ingest([str(p) for p in paths], store, table, Limits(), 500, quiet=True)
            out.print(summary.line())
            rejects = store.rejects()
            _print_rejects(rejects, limit=None)
            if rejects:
                out.print(demo_corpus.reject_note(rejects))
            _print_demo_findings(store)
            traced = trace(store)
            out.print(f"\n[bold]Trace[/bold]: {traced.line()}")
            biggest = store.stories()[0]
            _show_story(store, biggest, as_json=False)
            _print_demo_figures(story_claims(store, biggest.id))
    out.print(f"\nThe database is {db}. Try: newstrace stories --db {db}; newstrace show {biggest.id} --db {db}; "
              f"newstrace show dnf24-ferry --db {db}")


def _print_demo_figures(data: dict[str, Any]) -> None:
    """The story's figures that copies changed, and those given in other units with the same value."""
    out.print("\n[bold]Figures along the way[/bold] (all of them: newstrace claims STORY)")
    for slot in data["slots"]:
        for change in slot["changes"]:
            out.print(f"  {_safe(change['article'])} changed \"{_safe(change['from'])}\" to "
                      f"\"{_safe(change['to'])}\" (its parent: {_safe(change['parent'])})", highlight=False)
        for variant in slot["variants"]:
            written = sorted({span["text"] for span in variant["spans"]})
            if len({w.split()[-1] for w in written}) > 1:  # in other units, not only other words
                out.print(f"  the same value: {' = '.join(_safe(w) for w in written)}", highlight=False)


def _fresh_demo_db(path: Path) -> None:
    if not path.exists():
        return
    with open_store(path) as store:
        is_demo = store.meta(demo_corpus.DEMO_MARK) == "1" or store.count() == 0
    if not is_demo:
        raise UsageError(f"{path} holds articles that are not from the demo; give the demo another --db path")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _print_demo_findings(store: ProvenanceStore) -> None:
    table = Table("id", "outlet", "published", "words", "chrome cut", "credits", "title", title="Articles")
    for article in store.articles():
        credits = "; ".join(f"{c.kind}: {c.outlet or '-'}{' (fuzzy)' if c.fuzzy else ''}" for c in article.credits)
        reasons = sorted({r.reason for r in article.removed})
        table.add_row(_safe(article.id), _safe(article.outlet or "-"), _safe((article.published or "-")[:10]),
                      str(len(article.clean_text.split())), ", ".join(reasons), credits, _safe(article.title or "-"))
    out.print(table)


def _published(article: Article) -> str | None:
    if not article.published:
        return None
    return f"{article.published} (from {article.published_from})"


def _print_removed(article: Article) -> None:
    if not article.removed:
        out.print("no chrome removed")
        return
    table = Table("reason", "offsets", "removed text", title="Removed chrome")
    for span in article.removed:
        table.add_row(span.reason, f"{span.start}-{span.end}", _safe(shorten(span.text, 90)))
    out.print(table)


def _print_credits(article: Article) -> None:
    if not article.credits:
        out.print("no credits found")
        return
    table = Table("kind", "outlet", "as written", "match", title="Credits")
    for credit in article.credits:
        match = f"fuzzy {credit.score:.0f}" if credit.fuzzy else ("exact" if credit.outlet else "-")
        table.add_row(credit.kind, _safe(credit.outlet or "-"), _safe(shorten(credit.text, 90)), match)
    out.print(table)


def _print_rejects(rejects: list[Reject], limit: int | None, total: int | None = None) -> None:
    if not rejects:
        return
    table = Table("item", "reason", "message", title="Rejected")
    shown = rejects[:limit]
    for reject in shown:
        table.add_row(_safe(reject.item), _safe(reject.reason), _safe(reject.message))
    err.print(table)
    total = len(rejects) if total is None else total
    if total > len(shown):
        err.print(f"... and {total - len(shown)} more: newstrace rejects")


# What a terminal acts on instead of showing: C0 controls but tab and newline, DEL and the C1 controls
# (0x9b is a one-byte CSI).  JSON escapes C0 itself, not DEL or C1.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _neutralise(text: str, *, as_json: bool = False) -> str:
    """``text`` with every control character written as a visible escape (``\\x1b``), or in JSON as
    ``\\u001b``, which parses back to the same string: an article's ``\\x1b]0;...`` must not retitle the
    terminal that prints it.  Every command that prints stored text goes through here."""
    if as_json:
        return _TERMINAL_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return _TERMINAL_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _safe(text: object) -> str:
    """Stored text for rich output: control characters neutralised, markup brackets escaped."""
    return _neutralise(str(text)).replace("[", "\\[")


def _echo_json(data: Any, indent: int | None = None) -> None:
    click.echo(_neutralise(json.dumps(data, ensure_ascii=False, indent=indent), as_json=True))


class _SafeJsonWriter:
    """A text stream for export: the JSON it is given, with DEL and C1 controls escaped as JSON escapes."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(_neutralise(text, as_json=True))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _VisibleWriter(_SafeJsonWriter):
    """A text stream for CSV, GraphML and DOT: stored text with control characters written as visible escapes."""

    def write(self, text: str) -> int:
        return self._stream.write(_neutralise(text))
