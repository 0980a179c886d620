"""Readers turn one input file into raw documents (or problems naming the reason).

Formats, chosen by suffix and then by sniffing the content:
1. plain text (``.txt``): first non-empty line is the headline;
2. HTML (``.html``/``.htm``): trafilatura's main text and metadata;
3. JSONL (``.jsonl``/``.ndjson``): one article per line
   (``id,title,text,url,outlet,published,language``, only ``text`` required);
4. RSS/Atom (``.rss``/``.atom``/``.xml``): feedparser, after a defusedxml safety check;
5. WARC (``.warc``/``.warc.gz``): HTML responses, read as in 2.
``.gz`` files are decompressed first (bounded by the same size limit).
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from brinkwatch.ingest.dates import find_date_cue, parse_metadata_date, plausible
from brinkwatch.ingest.errors import DropRecord
from brinkwatch.ingest.files import decode_text, read_bytes
from brinkwatch.records import Problem, RawDocument

log = logging.getLogger(__name__)

Output = Iterator[RawDocument | Problem]
MIN_TEXT_CHARS = 20


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    host = host.removeprefix("www.")
    return host or None


def finish(
    *,
    text: str,
    source_path: str,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: object = None,
    external_id: str | None = None,
    language: str | None = None,
) -> RawDocument:
    """Normalise a reader's fields into a :class:`RawDocument`, running the date cascade.

    :raises DropRecord: no usable text.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    if sum(ch.isalnum() for ch in text) < MIN_TEXT_CHARS:
        raise DropRecord("no text after extraction")
    title = " ".join(title.split()) if title and title.strip() else None
    date, source, evidence = None, "unknown", None
    meta_date = parse_metadata_date(published)
    if meta_date and plausible(meta_date):
        date, source, evidence = meta_date, "metadata", str(published)
    else:
        if published not in (None, "") and meta_date is None:
            log.info("%s: unreadable date %r, looking in the text", source_path, published)
        elif meta_date is not None:
            log.info("%s: implausible date %s ignored", source_path, meta_date)
        cue = find_date_cue(text)
        if cue:
            date, source, evidence = cue[0], "text", cue[1]
    return RawDocument(
        text=text,
        source_path=source_path,
        title=title,
        outlet=(outlet or "").strip() or outlet_from_url(url),
        url=url or None,
        published=date.isoformat() if date else None,
        published_source=source,
        published_evidence=evidence,
        language=language or None,
        external_id=external_id,
    )


def _guarded(source_path: str, build) -> RawDocument | Problem:
    try:
        return build()
    except DropRecord as exc:
        return Problem(source_path=source_path, reason=str(exc))


# -- formats -------------------------------------------------------------------------------
def read_text(shown: str, text: str) -> Output:
    lines = text.splitlines()
    title = next((line.strip() for line in lines if line.strip()), None)
    yield _guarded(shown, lambda: finish(text=text, source_path=shown, title=title))


def read_html(shown: str, html: str, *, url: str | None = None) -> Output:
    import trafilatura

    def build() -> RawDocument:
        try:
            extracted = trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                favor_recall=True,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
        except Exception as exc:  # trafilatura raises many types on broken markup
            raise DropRecord(f"HTML could not be parsed: {type(exc).__name__}") from exc
        if extracted is None:
            raise DropRecord("no text after extraction")
        meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
        return finish(
            text=meta.get("text") or "",
            source_path=shown,
            title=meta.get("title"),
            outlet=meta.get("sitename"),
            url=meta.get("url") or url,
            published=meta.get("date"),
            language=None,
        )

    yield _guarded(shown, build)


def read_jsonl(shown: str, text: str) -> Output:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{shown}#L{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            kind = "truncated JSON" if exc.pos >= len(line.rstrip()) - 1 else "invalid JSON"
            yield Problem(source_path=where, reason=f"line {number}: {kind} ({exc.msg})")
            continue
        if not isinstance(item, dict):
            yield Problem(source_path=where, reason=f"line {number}: not a JSON object")
            continue
        body = item.get("text")
        if not isinstance(body, str):
            yield Problem(source_path=where, reason=f"line {number}: no 'text' string")
            continue
        yield _guarded(
            where,
            lambda: finish(
                text=body,
                source_path=where,
                title=_str_or_none(item.get("title")),
                outlet=_str_or_none(item.get("outlet")),
                url=_str_or_none(item.get("url")),
                published=item.get("published", item.get("date")),
                external_id=_str_or_none(item.get("id")),
                language=_str_or_none(item.get("language")),
            ),
        )


def _str_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def read_feed(shown: str, data: bytes) -> Output:
    import defusedxml.ElementTree as SafeET
    import feedparser
    from defusedxml import DefusedXmlException

    from brinkwatch.ingest._html_text import fragment_to_text

    try:
        SafeET.fromstring(data)
    except DefusedXmlException as exc:
        yield Problem(source_path=shown, reason=f"feed refused: it declares XML entities or a DTD ({type(exc).__name__})")
        return
    except Exception as exc:  # ParseError: let feedparser's lenient parser try
        log.info("%s: not well-formed XML (%s); parsing leniently", shown, exc)
    feed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not feed.entries:
        reason = "no items in feed"
        if feed.get("bozo"):
            reason = f"not a readable RSS/Atom feed ({type(feed.get('bozo_exception')).__name__})"
        yield Problem(source_path=shown, reason=reason)
        return
    feed_title = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{shown}#item{number}"
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry.content), key=len)
        body = body or entry.get("summary", "")
        yield _guarded(
            where,
            lambda: finish(
                text=fragment_to_text(body),
                source_path=where,
                title=entry.get("title"),
                outlet=feed_title,
                url=entry.get("link"),
                published=entry.get("published") or entry.get("updated"),
                external_id=entry.get("id"),
            ),
        )


def read_warc(shown: str, data: bytes) -> Output:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            count += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{shown}#record{count}"
            payload = record.content_stream().read()
            try:
                html = decode_text(payload)
            except DropRecord as exc:
                yield Problem(source_path=where, reason=str(exc))
                continue
            yield from read_html(where, html, url=url)
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        yield Problem(source_path=shown, reason=f"truncated or invalid WARC ({type(exc).__name__}: {exc})")
    if count == 0:
        yield Problem(source_path=shown, reason="no HTML responses in WARC")


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed"):
        return "feed" if (b"<rss" in head or b"<feed" in head or b"<rdf" in head) else "html"
    if head.startswith(b"<"):
        return "html"
    return "text"


_BY_SUFFIX = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".rss": "feed", ".atom": "feed",
    ".warc": "warc",
}


def read_path(shown: str, path: Path, *, max_bytes: int) -> Output:
    """Every raw document in one file, or problems naming why not. Never raises DropRecord."""
    try:
        data = read_bytes(path, max_bytes=max_bytes)
        name = path.name.lower()
        if name.endswith(".gz"):
            data = _gunzip(data, max_bytes=max_bytes)
            name = name[:-3]
        suffix = Path(name).suffix
        kind = _BY_SUFFIX.get(suffix) or _sniff(data)
        if suffix == ".xml":
            kind = _sniff(data)
        if kind == "warc":
            yield from read_warc(shown, data)
            return
        if kind == "feed":
            yield from read_feed(shown, data)
            return
        text = decode_text(data)
        if kind == "html":
            yield from read_html(shown, text)
        elif kind == "jsonl":
            yield from read_jsonl(shown, text)
        else:
            yield from read_text(shown, text)
    except DropRecord as exc:
        yield Problem(source_path=shown, reason=str(exc))


def _gunzip(data: bytes, *, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise DropRecord(f"truncated or invalid gzip ({exc})") from exc
    if len(out) > max_bytes:
        raise DropRecord(f"decompresses to over the {max_bytes / 1e6:.0f} MB limit (raise it with --max-bytes)")
    return out
