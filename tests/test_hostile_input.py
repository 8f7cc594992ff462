"""Broken and hostile input (issue 15): one test for each case of the issue's table, then a corpus of nasty
real-world shapes, each with the clean text or the reject it must give.  Every fixture is written here."""

from __future__ import annotations

import gzip
import io
import json
import socket
import tracemalloc
import zlib
from pathlib import Path

import brotli
import pytest
from click.testing import CliRunner
from fastwarc.warc import WarcRecord, WarcRecordType

from newstrace.clean import clean_article
from newstrace.cli import main
from newstrace.errors import InputError
from newstrace.ingest import Limits, read_paths, read_stream
from newstrace.ingest.feed import read_feed
from newstrace.model import Article, Reject
from newstrace.outlets import default_table
from newstrace.pipeline import ingest
from newstrace.store import open_store
from tests.conftest import ARTICLE

LINE = "The harbour board approved a new breakwater on Monday after a two-year study of winter storms."


def read_all(*paths: Path, limits: Limits | None = None) -> tuple[list[Article], list[Reject]]:
    records = list(read_paths(paths, limits=limits))
    return [r for r in records if isinstance(r, Article)], [r for r in records if isinstance(r, Reject)]


def cli(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.output


def reasons(article: Article) -> set[str]:
    return {r.reason for r in article.removed}


# --- the table, a test a row -------------------------------------------------------------------------

def test_stray_0xff_in_a_utf8_text_is_stored_replaced_with_a_warning_saying_where(tmp_path: Path) -> None:
    text = f"Le café du port a rouvert lundi.\n{ARTICLE}"
    data = text.encode("utf-8")
    cut = data.index(b"two-year")
    (tmp_path / "a.txt").write_bytes(data[:cut] + b"\xff" + data[cut:])
    with open_store(tmp_path / "n.db") as store:
        summary = ingest([tmp_path / "a.txt"], store)
        [article] = list(store.articles())
    assert summary.stored == 1 and summary.total_rejected == 0
    assert "café" in article.text and "cafĂ" not in article.text  # read as UTF-8, not a guessed charset
    [warning] = [r for r in article.removed if r.reason == "undecodable_bytes"]
    assert warning.text == "\ufffd" and article.text[warning.start:warning.end] == "\ufffd"
    assert article.text[warning.end:].startswith("two-year")  # where the bad byte was
    assert "café" in article.clean_text and "\ufffd" not in article.clean_text


def test_one_jsonl_line_with_invalid_utf8_is_read_as_utf8_with_a_warning(tmp_path: Path) -> None:
    good = json.dumps({"id": "good", "text": f"“Prices”, said the café owner. {ARTICLE}"}, ensure_ascii=False)
    bad = json.dumps({"id": "bad", "text": f"The café owner said “prices” rose. {ARTICLE}"},
                     ensure_ascii=False).encode("utf-8").replace(b"owner", b"own\xff\xfeer")
    (tmp_path / "a.jsonl").write_bytes(good.encode("utf-8") + b"\n" + bad + b"\n" + good.replace('"good"', '"g2"')
                                      .encode("utf-8") + b"\n")
    articles, rejects = read_all(tmp_path / "a.jsonl")
    assert not rejects
    by_id = {a.id: clean_article(a) for a in articles}
    assert set(by_id) == {"good", "bad", "g2"}
    assert by_id["good"].text.startswith("“Prices”, said the café owner.")
    bad_article = by_id["bad"]
    assert bad_article.text.startswith("The café own\ufffd\ufffder said “prices” rose.")  # no mojibake around it
    [warning] = [r for r in bad_article.removed if r.reason == "undecodable_bytes"]
    assert (warning.start, warning.text) == (len("The café own"), "\ufffd\ufffd")
    assert not any(r.reason == "undecodable_bytes" for r in by_id["good"].removed)


# Bytes as a terminal recording shows them: set the window title, clear the screen, red text, reset, and the
# one-byte C1 form of CSI.
RECORDED_ESCAPES = "\x1b]0;newstrace was here\x07\x1b[2J\x1b[1;31mALERT\x1b[0m \x9b31mred\x1b[0m\x07"


def test_terminal_escape_codes_never_reach_the_terminal(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    text = f"Ferry runs aground{RECORDED_ESCAPES}\n{ARTICLE}\nThe coastguard said{RECORDED_ESCAPES} all were safe."
    record = {"id": "esc\x1b[31m", "url": "https://baypost.com/esc", "title": f"Title{RECORDED_ESCAPES}",
              "outlet": f"Bay{RECORDED_ESCAPES}", "text": text}
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps(record) + "\n{broken" + RECORDED_ESCAPES + "\n")
    code, output = cli("ingest", str(src), "--db", db, "--quiet")
    assert code == 3
    with open_store(db) as store:
        [article] = list(store.articles())
    assert "\x1b" not in article.clean_text and "\x9b" not in article.clean_text and "\x07" not in article.clean_text
    assert "ALERT" in article.clean_text and "all were safe" in article.clean_text
    assert "control_characters" in reasons(article)
    outputs = [output]
    for args in (["show", article.id], ["articles"], ["rejects"], ["stories", "--min-size", "1"],
                 ["export", "--format", "jsonl"], ["show", article.id, "--json"], ["clean", str(src)],
                 ["claims", article.id]):
        outputs.append(cli(*args, "--db", db)[1])
    for shown in outputs:
        assert not any(ch in shown for ch in "\x1b\x07\x9b\x9d"), shown
    assert "\\x1b]0;newstrace was here" in outputs[1]  # shown, as a visible escape, in the removed spans
    assert json.loads(outputs[5])["title"] == f"Title{RECORDED_ESCAPES}"  # JSON escapes parse back the same


def test_feed_whose_content_is_a_local_path_is_not_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "other.rss"
    secret.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Other</title><item>'
                      f"<title>Secret</title><link>https://secret.example.com/a</link><description>SECRET {LINE}"
                      "</description></item></channel></rss>")
    pointer = tmp_path / "pointer.rss"
    pointer.write_text(str(secret))
    url_pointer = tmp_path / "url.rss"
    url_pointer.write_text("http://127.0.0.1:9/feed.rss")
    connections: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: connections.append(address))
    articles, rejects = read_all(pointer, url_pointer)
    assert not articles and not connections
    assert [r.reason for r in rejects] == ["bad_feed", "bad_feed"]
    # and bytes given straight to the reader are read as the feed they are, never as a file name
    with pytest.raises(InputError, match="E010"):
        list(read_feed("x.rss", str(secret).encode(), default_table()))


@pytest.mark.parametrize("command", [["stories"], ["show", "x"], ["articles"], ["rejects"], ["export"],
                                     ["trace"], ["claims", "--all"]])
def test_read_commands_on_a_missing_store_name_it_and_create_nothing(tmp_path: Path, command: list[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = cli(*command)
    assert code == 1 and "newstrace.db: no such store" in output and "newstrace ingest" in output
    assert not list(tmp_path.iterdir())


def test_only_ingest_creates_a_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _ = cli("ingest", "-", "--quiet", input=json.dumps({"id": "a", "text": ARTICLE}) + "\n")
    assert code == 0 and (tmp_path / "newstrace.db").is_file()
    assert cli("stories")[0] == 0


def test_a_50_mb_single_line_reject_gives_its_real_size(tmp_path: Path) -> None:
    size = 50 * 1024 * 1024
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        out.write(b"word " * (size // 5))
    _, [reject] = read_all(big)
    assert reject.reason == "too_large" and "52,428,800 bytes" in reject.message
    line = b'{"id": "x", "text": "' + b"a" * 5000 + b'"}'
    lines = [b'{"id": "ok", "text": "fine"}', line, b'{"id": "y", "text": "ok"}']
    (tmp_path / "a.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    articles, [reject] = read_all(tmp_path / "a.jsonl", limits=Limits(max_bytes=1000))
    assert [a.id for a in articles] == ["ok", "y"]
    assert reject.item.endswith("a.jsonl:2") and f"{len(line) + 1:,} bytes" in reject.message


def test_html_with_100k_nested_divs_gives_its_text(tmp_path: Path) -> None:
    depth = 100_000
    page = ("<html><head><title>Deep</title><script>var hidden = 1;</script></head><body>" + "<div>" * depth
            + f"<p>{LINE}</p><p>The structure will be 480 metres long.</p>" + "</div>" * depth + "</body></html>")
    (tmp_path / "deep.html").write_text(page)
    [article], rejects = read_all(tmp_path / "deep.html")
    assert not rejects
    assert article.text == f"{LINE}\nThe structure will be 480 metres long."


def billion_laughs(encoding: str, markup: str) -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    big = markup + "laugh " * 20_000
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE rss [\n' + "\n".join(entities)
            + f'\n<!ENTITY big "{big}">\n]>\n<rss version="2.0"><channel><title>T</title><item><title>Laughs</title>'
            f"<link>https://x.com/a</link><description>{LINE} &lol9; {'&big;' * 2000}</description></item>"
            "</channel></rss>").encode(encoding)


@pytest.mark.parametrize(("encoding", "markup"), [("utf-8", ""), ("utf-8", "<p>"), ("utf-16", "")])
def test_billion_laughs_feed_stays_bounded(encoding: str, markup: str) -> None:
    data = billion_laughs(encoding, markup)
    tracemalloc.start()
    try:
        records = list(read_feed("laughs.rss", data, default_table()))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024  # expanded, the "big" entity alone is 240 MB of text
    for record in records:
        assert isinstance(record, Reject) or len(record.text) < len(data)


def http_response(body: bytes, headers: list[str], content_type: str = "text/html; charset=utf-8") -> bytes:
    head = "".join(f"{h}\r\n" for h in [f"Content-Type: {content_type}", *headers])
    return f"HTTP/1.1 200 OK\r\n{head}\r\n".encode() + body


def warc_record(kind: WarcRecordType, url: str, block: bytes, content_type: str, extra: dict[str, str]) -> bytes:
    record = WarcRecord()
    record.init_headers(record_type=kind)
    record.headers["WARC-Target-URI"] = url
    record.headers["WARC-Date"] = "2026-03-14T12:00:00Z"
    record.headers["Content-Type"] = content_type
    for name, value in extra.items():
        record.headers[name] = value
    record.set_bytes_content(block)
    out = io.BytesIO()
    record.write(out)
    return out.getvalue()


def chunked(data: bytes, size: int = 97) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size]) for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def page(n: int) -> bytes:
    return (f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1><p>{LINE} Item {n}.</p>"
            f"<p>The structure will be 480 metres long, said source {n}.</p></article></body></html>").encode()


def crawler_warc() -> list[bytes]:
    """Records as Webrecorder, wget and Heritrix write them: bodies as they came over the wire."""
    response = WarcRecordType.response
    http = "application/http; msgtype=response"
    return [
        warc_record(WarcRecordType.warcinfo, "", b"software: test\r\n", "application/warc-fields", {}),
        warc_record(WarcRecordType.request, "https://a.example.com/1", b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\n",
                    "application/http; msgtype=request", {}),
        warc_record(response, "https://a.example.com/1", http_response(
            chunked(gzip.compress(page(1))), ["Transfer-Encoding: chunked", "Content-Encoding: gzip"]), http, {}),
        warc_record(response, "https://a.example.com/2", http_response(
            zlib.compress(page(2)), ["Content-Encoding: deflate"]), http, {}),
        warc_record(response, "https://a.example.com/3", http_response(
            brotli.compress(page(3)), ["Content-Encoding: br"]), http, {}),
        warc_record(WarcRecordType.revisit, "https://a.example.com/1", http_response(b"", []), http, {
            "WARC-Profile": "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
            "WARC-Refers-To-Target-URI": "https://a.example.com/1"}),
        warc_record(response, "https://a.example.com/4", http_response(
            page(4), ["Transfer-Encoding: chunked", "Content-Encoding: gzip"]), http, {}),  # stored decoded
    ]


@pytest.mark.parametrize("compress", [False, True])
def test_warc_with_http_gzip_chunked_and_br_bodies_is_decoded(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(b"".join(gzip.compress(r) if compress else r for r in crawler_warc()))
    articles, rejects = read_all(path)
    assert not rejects
    assert [a.url for a in articles] == [f"https://a.example.com/{n}" for n in (1, 2, 3, 4)]
    for n, article in enumerate(articles, start=1):
        assert f"{LINE} Item {n}.\nThe structure will be 480 metres long, said source {n}." in article.text


def test_warc_body_that_decodes_past_the_limit_is_rejected_alone(tmp_path: Path) -> None:
    bomb = warc_record(WarcRecordType.response, "https://a.example.com/bomb", http_response(
        gzip.compress(b" " * 3_000_000), ["Content-Encoding: gzip"]), "application/http; msgtype=response", {})
    path = tmp_path / "bomb.warc"
    path.write_bytes(bomb + crawler_warc()[2])
    articles, [reject] = read_all(path, limits=Limits(max_bytes=1_000_000))
    assert [a.url for a in articles] == ["https://a.example.com/1"]
    assert reject.reason == "too_large" and "3,000,000 bytes" in reject.message


def arc_file() -> bytes:
    header_body = b"1 0 Example\nURL IP-address Archive-date Content-type Archive-length\n"
    header = b"filedesc://example.arc 127.0.0.1 20260314120000 text/plain %d\n" % len(header_body)
    body = b"HTTP/1.0 200 OK\nContent-Type: text/html\n\n" + page(1)
    record = b"https://a.example.com/1 93.184.216.34 20260314120000 text/html %d\n" % len(body)
    return header + header_body + b"\n" + record + body + b"\n"


@pytest.mark.parametrize("name", ["example.arc", "example.arc.gz", "example.dat"])
def test_arc_file_is_rejected_as_unsupported_never_stored_as_text(tmp_path: Path, name: str) -> None:
    data = arc_file()
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    articles, [reject] = read_all(tmp_path / name)
    assert not articles
    assert reject.reason == "unsupported" and "ARC file" in reject.message
    with pytest.raises(InputError, match="E013"):
        list(read_stream("-", io.BytesIO(data)))


# --- nasty real-world shapes ---------------------------------------------------------------------------------

def test_windows_1252_page_declared_as_utf8_is_read_as_windows_1252(tmp_path: Path) -> None:
    text = f"“The café will reopen”, said the maître d’hôtel. {LINE}"
    html = (f'<html><head><meta charset="utf-8"><title>Café</title></head><body><article><p>{text}</p>'
            "</article></body></html>")
    (tmp_path / "page.html").write_bytes(html.encode("cp1252"))
    [article], _ = read_all(tmp_path / "page.html")
    assert clean_article(article).clean_text == text


def test_byte_order_mark_in_the_middle_is_cut_and_recorded(tmp_path: Path) -> None:
    first, second = "Part one of the text about the harbour board.", LINE
    (tmp_path / "joined.txt").write_bytes(b"\xef\xbb\xbf" + first.encode() + b"\n\xef\xbb\xbf" + second.encode())
    [article], _ = read_all(tmp_path / "joined.txt")
    cleaned = clean_article(article)
    assert cleaned.clean_text == f"{first}\n{second}"
    assert [r.text for r in cleaned.removed if r.reason == "control_characters"] == ["\ufeff"]


def test_nul_bytes_in_a_file_are_a_binary_reject_and_escaped_nuls_in_json_are_cut(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(LINE.encode() + b"\x00\x00" + LINE.encode())
    (tmp_path / "nul.jsonl").write_text(json.dumps({"id": "n", "text": f"{LINE}\u0000\u0000 {ARTICLE}"}) + "\n")
    articles, [reject] = read_all(tmp_path / "nul.txt", tmp_path / "nul.jsonl")
    assert reject.reason == "binary" and "NUL" in reject.message
    cleaned = clean_article(articles[0])
    assert cleaned.clean_text == f"{LINE}\n{ARTICLE}".replace("\n", " ", 1)
    assert [r.text for r in cleaned.removed] == ["\x00\x00"]


def test_broken_nesting_script_style_and_noscript_wall_give_the_article_text(tmp_path: Path) -> None:
    html = f"""<html><head><title>Breakwater approved</title><style>p {{color: red}}</style></head><body>
<noscript><div class="wall">Please enable JavaScript to read this site. Please enable JavaScript.</div></noscript>
<article><h1>Breakwater approved</h1><p>{LINE} <b>Bold <i>and italic</b> words</i> too.
<script>var secret = "window.alert('x')"; document.write("tracking pixel");</script>
<p>The structure will be 480 metres long and cost 12 million pounds, the board said.
<style>.ad {{ display: none }}</style>
<div><p>Fishing crews welcomed the plan.</span></div></div>
</article></body></html>"""
    (tmp_path / "broken.html").write_text(html)
    [article], _ = read_all(tmp_path / "broken.html")
    assert clean_article(article).clean_text == (
        f"{LINE} Bold and italic words too.\n"
        "The structure will be 480 metres long and cost 12 million pounds, the board said.\n"
        "Fishing crews welcomed the plan.")


def rss(items: str) -> str:
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Watch</title>{items}</channel></rss>'


@pytest.mark.parametrize("name", ["feed.html", "feed.txt", "feed.json.txt"])
def test_feed_with_the_wrong_content_type_is_read_as_a_feed(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(rss(f"<item><title>Breakwater</title><link>https://coastwatch.example.org/b</link>"
                                     f"<description>{LINE}</description></item>"))
    [article], rejects = read_all(tmp_path / name)
    assert not rejects and article.text == LINE and article.url == "https://coastwatch.example.org/b"


def test_atom_feed_with_a_relative_base_gives_absolute_links(tmp_path: Path) -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://coastwatch.example.org/news/">
<title>Coast Watch</title><id>urn:cw</id><updated>2026-03-14T12:00:00Z</updated>
<entry><title>Breakwater</title><id>urn:cw:1</id><updated>2026-03-14T12:00:00Z</updated>
<link href="2026/03/breakwater.html"/><content type="html">&lt;p&gt;{LINE}&lt;/p&gt;</content></entry></feed>"""
    (tmp_path / "feed.atom").write_text(atom)
    [article], _ = read_all(tmp_path / "feed.atom")
    assert article.url == "https://coastwatch.example.org/news/2026/03/breakwater.html"
    assert article.outlet == "example.org" and article.text == LINE
