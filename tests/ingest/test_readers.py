"""Readers: each format gives the right title, outlet, date (and its source) and text."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from brinkwatch.ingest.readers import read_path
from brinkwatch.records import Problem, RawDocument

BODY = (
    "Officials in the capital said on Friday that talks would resume next week, after a "
    "tense night on the border in which two checkpoints were closed."
)


def _read(path: Path, max_bytes: int = 10_000_000):
    return list(read_path(str(path), path, max_bytes=max_bytes))


def test_text_file_first_nonempty_line_is_title(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(f"\n\nBorder talks to resume\n\n{BODY}\n", encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(doc, RawDocument)
    assert doc.title == "Border talks to resume"
    assert doc.published is None and doc.published_source == "unknown"
    assert doc.source_path == str(path)


def test_text_updated_line_gives_publication_date_from_text(tmp_path):
    path = tmp_path / "dated.txt"
    path.write_text(f"Border talks to resume\n\n{BODY}\n\nUpdated: March 4, 2022, 9:05 AM\n", encoding="utf-8")
    [doc] = _read(path)
    assert doc.published == "2022-03-04"
    assert doc.published_source == "text"
    assert "Updated: March 4, 2022" in doc.published_evidence


def test_future_date_cue_is_not_taken_as_publication_date(tmp_path):
    path = tmp_path / "future.txt"
    path.write_text(f"Headline here\n\n{BODY}\n\nPublished: May 1, 2999\n", encoding="utf-8")
    [doc] = _read(path)
    assert doc.published is None and doc.published_source == "unknown"


def test_html_metadata_gives_title_outlet_and_date(tmp_path):
    html = f"""<!doctype html><html><head><title>Border talks | The Test Courier</title>
    <meta property="og:site_name" content="The Test Courier">
    <meta property="og:title" content="Border talks to resume">
    <meta property="article:published_time" content="2023-10-02T08:00:00Z">
    <script>alert('x')</script></head>
    <body><nav>Home | World | Sport</nav><article><h1>Border talks to resume</h1>
    <p>{BODY}</p><p>{BODY.replace('Friday', 'Monday')}</p></article>
    <footer>Copyright The Test Courier</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(doc, RawDocument), doc
    assert doc.title == "Border talks to resume"
    assert doc.outlet == "The Test Courier"
    assert doc.published == "2023-10-02" and doc.published_source == "metadata"
    assert "alert(" not in doc.text and "two checkpoints" in doc.text


def test_jsonl_bad_line_is_named_and_other_lines_kept(tmp_path):
    good = {"id": "a1", "title": "One", "text": BODY, "outlet": "Wire", "published": "2023-09-29"}
    other = {"title": "Two", "text": BODY.replace("two", "three")}
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps(good) + "\n" + '{"title": "Three", "text": "cut of' + "\n" + json.dumps(other) + "\n")
    out = _read(path)
    docs = [o for o in out if isinstance(o, RawDocument)]
    problems = [o for o in out if isinstance(o, Problem)]
    assert [d.title for d in docs] == ["One", "Two"]
    assert docs[0].published == "2023-09-29" and docs[0].published_source == "metadata"
    assert docs[0].external_id == "a1" and docs[0].outlet == "Wire"
    assert len(problems) == 1
    assert problems[0].source_path == f"{path}#L2"
    assert "line 2" in problems[0].reason and "JSON" in problems[0].reason


def test_rss_items_become_documents_with_pubdate(tmp_path):
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Test Feed</title>
    <item><title>First item</title><link>https://news.example.org/a</link>
    <pubDate>Fri, 29 Sep 2023 10:00:00 GMT</pubDate><description>&lt;p&gt;{BODY}&lt;/p&gt;</description></item>
    <item><title>Second item</title><link>https://news.example.org/b</link>
    <description>{BODY.replace('Friday', 'Sunday')}</description></item></channel></rss>"""
    path = tmp_path / "feed.rss"
    path.write_text(rss, encoding="utf-8")
    docs = _read(path)
    assert [d.title for d in docs] == ["First item", "Second item"]
    assert docs[0].published == "2023-09-29" and docs[0].outlet == "Test Feed"
    assert docs[0].url == "https://news.example.org/a"
    assert "<p>" not in docs[0].text and docs[0].text.startswith("Officials")


def test_feed_with_entity_expansion_is_refused(tmp_path):
    bomb = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
    <rss version="2.0"><channel><title>&lol2;</title><item><title>x</title><description>y</description></item></channel></rss>"""
    path = tmp_path / "bomb.xml"
    path.write_text(bomb, encoding="utf-8")
    [problem] = _read(path)
    assert isinstance(problem, Problem)
    assert "entities" in problem.reason


def test_warc_html_responses_are_read(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    page = f"<html><head><title>Crawled page</title></head><body><article><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    record = writer.create_warc_record("https://crawl.example.net/story", "response",
                                       payload=io.BytesIO(page.encode()), http_headers=headers)
    writer.write_record(record)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buffer.getvalue())
    [doc] = _read(path)
    assert isinstance(doc, RawDocument), doc
    assert doc.url == "https://crawl.example.net/story"
    assert doc.source_path == f"{path}#record1"
    assert "two checkpoints" in doc.text


def test_truncated_gzip_is_named(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"text": BODY}).encode())[:20])
    [problem] = _read(path)
    assert "gzip" in problem.reason


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(("Wide headline\n\n" + BODY).encode("utf-16"))
    [doc] = _read(path)
    assert doc.title == "Wide headline"


def test_text_file_starting_with_a_paragraph_has_no_invented_title(tmp_path):
    path = tmp_path / "no_headline.txt"
    path.write_text(f"{BODY} The talks are expected to last two days.\n\nA second paragraph follows.\n", encoding="utf-8")
    [doc] = _read(path)
    assert doc.title is None
    assert doc.text.startswith("Officials in the capital")
