from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from newstrace.errors import InputError
from newstrace.ingest import Limits, read_paths, read_stream
from newstrace.ingest.decode import sniff
from newstrace.ingest.records import normalise_date, registered_domain
from newstrace.ingest.warc import write_warc
from newstrace.model import Article, Reject
from tests.conftest import ARTICLE

PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Breakwater approved | Bay Post</title>"
    "<meta property='article:published_time' content='2026-02-03T08:00:00+00:00'></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Breakwater approved</h1>"
    + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n"))
    + "</article><footer>Share this article</footer></body></html>"
)


def read_all(*paths: Path | str, limits: Limits | None = None) -> tuple[list[Article], list[Reject]]:
    records = list(read_paths(list(paths), limits=limits))
    return ([r for r in records if isinstance(r, Article)], [r for r in records if isinstance(r, Reject)])


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# --- readers -----------------------------------------------------------------------------------

def test_plain_text_file(tmp_path: Path) -> None:
    [article], rejects = read_all(write(tmp_path / "a.txt", ARTICLE))
    assert not rejects
    assert article.text == ARTICLE and article.raw_kind == "text" and article.source == str(tmp_path / "a.txt")
    assert len(article.id) == 16


def test_markdown_heading_is_title_and_markup_is_dropped(tmp_path: Path) -> None:
    md = "# Breakwater approved\n\nThe **harbour board** approved a [new breakwater](https://x.org) on Monday.\n"
    [article], _ = read_all(write(tmp_path / "a.md", md))
    assert article.title == "Breakwater approved"
    assert "The harbour board approved a new breakwater on Monday." in article.text
    assert "**" not in article.text and "](" not in article.text


def test_html_file_extracted_with_date(tmp_path: Path) -> None:
    [article], rejects = read_all(write(tmp_path / "a.html", PAGE))
    assert not rejects
    assert "The harbour board approved a new breakwater" in article.text
    assert "Home" not in article.text.split("\n")
    assert article.published == "2026-02-03" and article.published_from == "htmldate"
    assert article.raw_kind == "html" and article.raw == PAGE


def test_jsonl_fields_and_outlet_from_url(tmp_path: Path) -> None:
    rows = [
        {"id": "a1", "url": "https://www.thesun.co.uk/news/1", "text": ARTICLE, "title": "T",
         "published": "6 February 2023 14:05", "lang": "en"},
        {"url": "https://news.bbc.co.uk/x", "html": PAGE},
        {"text": ARTICLE + " Again.", "outlet": "Harbour Weekly", "published": "2023-02-06"},
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(r) for r in rows))
    articles, rejects = read_all(path)
    assert not rejects
    first, second, third = articles
    assert (first.id, first.outlet, first.title, first.lang) == ("a1", "The Sun", "T", "en")
    assert first.published == "2023-02-06T14:05:00" and first.published_from == "metadata"
    assert second.outlet == "BBC" and second.raw_kind == "html" and "breakwater" in second.text
    assert third.outlet == "Harbour Weekly" and third.published == "2023-02-06"
    assert first.source == f"{path}:1"


def test_jsonl_gz_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl.gz", gzip.compress(json.dumps({"id": "z", "text": ARTICLE}).encode()))
    [article], _ = read_all(path)
    assert article.id == "z"


def test_json_array_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", json.dumps([{"id": "x", "text": ARTICLE}, {"id": "y", "text": ARTICLE}]))
    articles, _ = read_all(path)
    assert [a.id for a in articles] == ["x", "y"]


def _warc_pages() -> list[tuple[str, str, str]]:
    return [(f"https://www.baypost.com/news/{i}", "2026-02-04T10:00:00Z", PAGE.replace("Monday", f"day {i}"))
            for i in range(3)]


@pytest.mark.parametrize("compress", [True, False])
def test_warc_response_records(tmp_path: Path, compress: bool) -> None:
    buffer = io.BytesIO()
    write_warc(buffer, _warc_pages(), compress=compress)
    path = write(tmp_path / ("a.warc.gz" if compress else "a.warc"), buffer.getvalue())
    articles, rejects = read_all(path)
    assert not rejects
    assert [a.url for a in articles] == [p[0] for p in _warc_pages()]
    assert all(a.outlet == "baypost.com" for a in articles)
    assert "day 2" in articles[2].text


RSS = """<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Bay Post</title><link>https://baypost.com/</link>
<item><title>Breakwater approved</title><link>https://baypost.com/a</link><guid>bp-1</guid>
<pubDate>Tue, 03 Feb 2026 08:00:00 GMT</pubDate><description>Short summary.</description>
<content:encoded><![CDATA[{body}]]></content:encoded></item>
<item><title>Summary only</title><link>https://baypost.com/b</link>
<description>Only a summary of the second story here.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bay Post</title>
<entry><title>Breakwater approved</title><id>urn:bp:1</id><link href="https://baypost.com/a"/>
<updated>2026-02-03T08:00:00Z</updated><content type="html">{body}</content></entry></feed>"""


def test_rss_entries_with_full_content(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n"))
    articles, rejects = read_all(write(tmp_path / "a.rss", RSS.format(body=body)))
    assert not rejects
    full, summary = articles
    assert full.id == "bp-1" and full.title == "Breakwater approved" and full.url == "https://baypost.com/a"
    assert "480 metres long" in full.text and "Short summary" not in full.text
    assert full.published == "2026-02-03T08:00:00+00:00" and full.published_from == "feed"
    assert summary.text == "Only a summary of the second story here."


def test_atom_feed(tmp_path: Path) -> None:
    body = "&lt;p&gt;" + ARTICLE.split("\n")[0] + "&lt;/p&gt;"
    [article], _ = read_all(write(tmp_path / "a.atom", ATOM.format(body=body)))
    assert article.id == "urn:bp:1" and article.text.startswith("The harbour board approved")


def test_directory_is_walked_recursively_in_order_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    write(tmp_path / "b.txt", ARTICLE + " B")
    write(tmp_path / "sub" / "a.html", PAGE)
    write(tmp_path / ".git" / "c.txt", ARTICLE + " hidden")
    articles, rejects = read_all(tmp_path)
    assert not rejects
    assert [Path(a.source or "").name for a in articles] == ["b.txt", "a.html"]


@pytest.mark.parametrize(("data", "kind"), [
    (b'{"text": "x"}\n', "jsonl"), (b"WARC/1.1\r\n", "warc"), (b"<?xml version='1.0'?>\n<rss>", "feed"),
    (b"<!DOCTYPE html><html>", "html"), (b"Plain words here.", "text"),
])
def test_stdin_kind_is_sniffed(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_stream_of_jsonl_is_read() -> None:
    stream = io.BufferedReader(io.BytesIO(json.dumps({"id": "s", "text": ARTICLE}).encode()))  # type: ignore[arg-type]
    [article] = list(read_stream("-", stream))
    assert isinstance(article, Article) and article.id == "s"


def test_registered_domain_uses_bundled_suffix_list() -> None:
    assert registered_domain("https://www.news.bbc.co.uk/a") == "bbc.co.uk"
    assert registered_domain("http://localhost/x") is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-02-06", "2023-02-06"), ("2023-02-06T10:00:00Z", "2023-02-06T10:00:00+00:00"),
    ("Feb 6, 2023", "2023-02-06"), ("06 February 2023 10:30", "2023-02-06T10:30:00"), (None, None),
])
def test_dates_are_normalised_to_iso(value: str | None, expected: str | None) -> None:
    assert normalise_date(value, "x") == expected


@pytest.mark.parametrize("value", [
    "2024-01-01T08:00:00", "2024-01-01 08:00", "2024-01-01T08:00:00.250Z", "2024-03-05T23:59:59+05:30",
    "2024-02-30T10:00:00", "2024-01-01T24:00:00",
])
def test_iso_times_read_quickly_agree_with_the_general_parser(value: str) -> None:
    from dateutil import parser as dateparser
    try:
        expected = dateparser.parse(value).isoformat()
    except ValueError:
        with pytest.raises(InputError):
            normalise_date(value, "x")
        return
    assert normalise_date(value, "x") == expected


# --- bad input -----------------------------------------------------------------------------------

def test_missing_path_is_rejected_and_run_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "a.txt", ARTICLE)
    articles, [reject] = read_all(tmp_path / "nope.txt", good)
    assert reject.reason == "missing_path" and "nope.txt" in reject.item
    assert len(articles) == 1


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    _, [reject] = read_all(write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00binary"))
    assert reject.reason == "binary" and "PNG" in reject.message


def test_file_with_nul_bytes_is_rejected(tmp_path: Path) -> None:
    _, [reject] = read_all(write(tmp_path / "blob.dat", b"abc\x00\x01\x02" * 100))
    assert reject.reason == "binary"


def test_latin1_text_is_decoded_not_crashed(tmp_path: Path) -> None:
    text = "Le café de la Gare a fermé ses portes à Genève après trente années, a déclaré le propriétaire. " * 3
    [article], rejects = read_all(write(tmp_path / "a.txt", text.encode("latin-1")))
    assert not rejects and "café" in article.text and "Genève" in article.text


def test_invalid_utf8_in_a_jsonl_line_is_decoded(tmp_path: Path) -> None:
    # JSON text is UTF-8: the bad bytes are replaced (and marked by the clean stage), never read in a guessed
    # charset (issue 15; tests/test_hostile_input.py has the warning)
    line = '{"id": "l1", "text": "Caf\xe9 owners in Gen\xe8ve were told to close the terraces."}\n'
    [article], rejects = read_all(write(tmp_path / "a.jsonl", line.encode("latin-1")))
    assert not rejects and article.text == "Caf\ufffd owners in Gen\ufffdve were told to close the terraces."


def test_empty_items_are_rejected(tmp_path: Path) -> None:
    write(tmp_path / "empty.txt", "   \n\n")
    write(tmp_path / "a.jsonl", '{"id": "e", "text": "  "}\n')
    _, rejects = read_all(tmp_path)
    assert sorted(r.reason for r in rejects) == ["empty", "empty"]


def test_bad_json_line_is_rejected_by_line_number_and_others_kept(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "text": ARTICLE}), '{"id": "b", "text": ', json.dumps([1, 2]),
             json.dumps({"id": "c"}), json.dumps({"id": "d", "text": ARTICLE})]
    path = write(tmp_path / "a.jsonl", "\n".join(lines))
    articles, rejects = read_all(path)
    assert [a.id for a in articles] == ["a", "d"]
    assert [(r.item, r.reason) for r in rejects] == [
        (f"{path}:2", "bad_json"), (f"{path}:3", "bad_record"), (f"{path}:4", "bad_record")]
    assert "neither 'text' nor 'html'" in rejects[2].message


def test_html_without_article_is_rejected(tmp_path: Path) -> None:
    _, [reject] = read_all(write(tmp_path / "nav.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>"))
    assert reject.reason == "no_article"


def test_truncated_gz_keeps_earlier_lines_and_rejects_the_rest(tmp_path: Path) -> None:
    rows = "".join(json.dumps({"id": f"r{i}", "text": ARTICLE + f" {i} " + "x" * i * 50}) + "\n" for i in range(200))
    data = gzip.compress(rows.encode())
    articles, [reject] = read_all(write(tmp_path / "cut.jsonl.gz", data[: len(data) // 2]))
    assert reject.reason == "truncated" and "cut.jsonl.gz" in reject.item
    assert 0 < len(articles) < 200


@pytest.mark.parametrize("compress", [True, False])
def test_truncated_warc_is_rejected_after_whole_records(tmp_path: Path, compress: bool) -> None:
    buffer = io.BytesIO()
    write_warc(buffer, _warc_pages(), compress=compress)
    data = buffer.getvalue()
    path = write(tmp_path / ("cut.warc.gz" if compress else "cut.warc"), data[: len(data) * 3 // 4])
    articles, [reject] = read_all(path)
    assert reject.reason == "truncated"
    assert 1 <= len(articles) < 3


def test_file_over_size_limit_is_rejected(tmp_path: Path) -> None:
    big = write(tmp_path / "big.txt", ARTICLE * 50)
    _, [reject] = read_all(big, limits=Limits(max_bytes=1000))
    assert reject.reason == "too_large" and "--max-bytes" in reject.message


def test_jsonl_record_over_size_limit_is_rejected_alone(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "small", "text": ARTICLE}), json.dumps({"id": "big", "text": ARTICLE * 50})]
    articles, [reject] = read_all(write(tmp_path / "a.jsonl", "\n".join(lines)), limits=Limits(max_bytes=2000))
    assert [a.id for a in articles] == ["small"] and reject.item.endswith(":2")


def test_broken_feed_is_rejected(tmp_path: Path) -> None:
    _, [reject] = read_all(write(tmp_path / "a.rss", "<rss><channel><title>x</title>"))
    assert reject.reason == "bad_feed"
