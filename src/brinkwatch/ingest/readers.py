"""Readers turn one input file into raw documents (or problems naming the reason).

Formats, chosen by suffix and then by sniffing the content:
1. plain text (``.txt``): first non-empty line is the headline;
2. HTML (``.html``/``.htm``): trafilatura's main text and metadata;
3. JSONL (``.jsonl``/``.ndjson``): one article per line
   (``id,title,text,url,outlet,published,language``, only ``text`` required), streamed line
   by line, so ``--max-bytes`` limits each line rather than the file (see ``_jsonl``);
4. RSS/Atom (``.rss``/``.atom``/``.xml``): feedparser, after a defusedxml safety check;
5. WARC (``.warc``/``.warc.gz``): HTML responses, read as in 2.
``.gz`` files are decompressed first (bounded by the same size limit).

:func:`read_path` never raises: an input that cannot be read is a :class:`Problem` with a
one-line reason, and an unexpected exception (a bug) becomes a problem that says so.
"""

from __future__ import annotations

import gzip
import io
import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from brinkwatch.ingest._jsonl import read_jsonl_lines, read_jsonl_stream
from brinkwatch.ingest.dates import implausible_reason, parse_metadata_date, scan_date_cues
from brinkwatch.ingest.errors import DropRecord
from brinkwatch.ingest.files import check_file, decode_text, megabytes, os_reason, read_bytes
from brinkwatch.records import Problem, RawDocument

log = logging.getLogger(__name__)

Output = Iterator[RawDocument | Problem]
MIN_TEXT_CHARS = 20
# One article's text, in characters: spaCy's limit is raised to 2,000,000 (analyze/nlp.py),
# and its memory grows with the length of a text. Longer texts are refused with the reason.
MAX_TEXT_CHARS = 1_000_000


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
    if len(text) > MAX_TEXT_CHARS:
        raise DropRecord(
            f"text is {len(text):,} characters, over the {MAX_TEXT_CHARS:,}-character limit "
            f"for one article; split it into articles"
        )
    letters = sum(ch.isalnum() for ch in text)
    if letters == 0:
        raise DropRecord("no text after extraction")
    if letters < MIN_TEXT_CHARS:
        raise DropRecord(
            f"no text after extraction worth analysing ({letters} letters or digits; "
            f"an article needs at least {MIN_TEXT_CHARS})"
        )
    title = " ".join(title.split()) if isinstance(title, str) and title.strip() else None
    date, source, evidence = None, "unknown", None
    notes: list[str] = []
    meta_date = parse_metadata_date(published)
    why = implausible_reason(meta_date) if meta_date else None
    if meta_date and why is None:
        date, source, evidence = meta_date, "metadata", str(published)
    else:
        if published not in (None, "") and meta_date is None:
            log.info("%s: unreadable date %r, looking in the text", source_path, published)
            notes.append(f"metadata date {str(published)[:40]!r} unreadable")
        elif meta_date is not None:
            log.info("%s: metadata date %s ignored: %s", source_path, meta_date, why)
            notes.append(f"metadata date {meta_date.isoformat()} ignored: {why}")
        cue, ignored = scan_date_cues(text)
        notes.extend(ignored)
        if cue:
            date, source, evidence = cue[0], "text", cue[1]
        elif notes:
            # No date: the evidence field says which dates were seen and why none was kept.
            evidence = "; ".join(notes)
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
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[A-Z\"“]")
HEADLINE_MAX_WORDS = 25


def headline_of(line: str) -> str | None:
    """The first line as a headline, or None when it is plainly body text (a file that
    starts with its first paragraph): more than 25 words, or two sentences and more than 20
    words ("Tensions are rising. NATO responds" is still a headline)."""
    line = line.strip()
    words = len(line.split())
    if not line or words > HEADLINE_MAX_WORDS or (words > 20 and _SENTENCE_BREAK.search(line)):
        return None
    return line


def read_text(shown: str, text: str) -> Output:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    title = headline_of(first)
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


def read_jsonl(shown: str, text: str, *, max_bytes: int = 20 * 1000 * 1000) -> Output:
    """Articles of JSONL text already decoded (UTF-16 files); lines split at ``\\n`` only,
    since U+2028 may appear inside a JSON string."""
    lines = ((n, line, 0) for n, line in enumerate(text.split("\n"), start=1))
    yield from read_jsonl_lines(shown, lines, max_bytes=max_bytes, finish=finish)


_FEED_REFUSED = (
    "feed refused: it declares XML entities or a DTD (entity expansion and external entities "
    "are not allowed)"
)


def read_feed(shown: str, data: bytes) -> Output:
    import defusedxml.ElementTree as SafeET
    import feedparser
    from defusedxml import DefusedXmlException

    from brinkwatch.ingest._html_text import fragment_to_text

    head = data[:65536].lower()
    if b"<!doctype" in head or b"<!entity" in head:
        # Checked on the raw bytes, so a feed that is also malformed cannot slip past to the
        # lenient parser: no entity is ever expanded and no external entity ever fetched.
        yield Problem(source_path=shown, reason=_FEED_REFUSED)
        return
    try:
        SafeET.fromstring(data)
    except DefusedXmlException:
        yield Problem(source_path=shown, reason=_FEED_REFUSED)
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
    broken = False
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
            missing = getattr(record.raw_stream, "limit", 0) or 0
            if missing > 0:  # the file ends inside this record
                yield Problem(source_path=where, reason=f"truncated WARC record: its last {missing:,} bytes are missing")
                broken = True
                continue
            try:
                html = decode_text(payload)
            except DropRecord as exc:
                yield Problem(source_path=where, reason=str(exc))
                continue
            yield from read_html(where, html, url=url)
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        broken = True
        detail = str(exc).splitlines()[0][:120] if str(exc) else ""
        yield Problem(source_path=shown, reason=f"truncated or invalid WARC ({type(exc).__name__}: {detail})"
                      + (f"; {count} record(s) before it were read" if count else ""))
    if count == 0 and not broken:
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
    """Every raw document in one file, or problems naming why not. Never raises."""
    try:
        name = path.name.lower()
        stem = name[:-3] if name.endswith(".gz") else name
        if Path(stem).suffix in _STREAMED:
            yield from _read_jsonl_file(shown, path, gzipped=name.endswith(".gz"), max_bytes=max_bytes)
            return
        yield from _read_whole(shown, path, max_bytes=max_bytes)
    except DropRecord as exc:
        yield Problem(source_path=shown, reason=str(exc))
    except Exception as exc:  # a bug in a reader: report it, never stop the run
        log.exception("reading %s failed", shown)
        yield Problem(
            source_path=shown,
            reason=f"internal error while reading: {type(exc).__name__}: {str(exc)[:200]} "
            f"(this is a bug; please report it)",
        )


_STREAMED = {".jsonl", ".ndjson"}


def _read_jsonl_file(shown: str, path: Path, *, gzipped: bool, max_bytes: int) -> Output:
    check_file(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise DropRecord(os_reason(exc)) from exc
    with raw:
        head = raw.peek(4)[:4]
        if not gzipped and head.startswith((b"\xff\xfe", b"\xfe\xff")):
            # UTF-16 JSONL cannot be split into lines as bytes: read it whole (bounded).
            yield from _read_whole(shown, path, max_bytes=max_bytes)
            return
        read = 0
        try:
            if gzipped:
                with gzip.GzipFile(fileobj=raw) as handle:
                    stream = read_jsonl_stream(shown, handle, max_bytes=max_bytes, finish=finish)
                    for read, out in enumerate(stream, start=1):
                        yield out
            else:
                yield from read_jsonl_stream(shown, raw, max_bytes=max_bytes, finish=finish)
        except (OSError, EOFError, zlib.error) as exc:
            if not gzipped:
                raise DropRecord(os_reason(exc)) from exc
            kept = f"; the {read} line(s) before it were read" if read else ""
            yield Problem(source_path=shown, reason=f"truncated or invalid gzip ({str(exc)[:120]}){kept}")


def _read_whole(shown: str, path: Path, *, max_bytes: int) -> Output:
    data = read_bytes(path, max_bytes=max_bytes)
    name = path.name.lower()
    if name.endswith(".warc.gz"):  # warcio reads gzip record by record: a cut keeps the records before it
        yield from read_warc(shown, data)
        return
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
        yield from read_jsonl(shown, text, max_bytes=max_bytes)
    else:
        yield from read_text(shown, text)


def _gunzip(data: bytes, *, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise DropRecord(f"truncated or invalid gzip ({str(exc)[:120]})") from exc
    if len(out) > max_bytes:
        raise DropRecord(f"decompresses to over the {megabytes(max_bytes)} limit (raise it with --max-bytes)")
    if not out:
        raise DropRecord("empty file (0 bytes after decompression)")
    return out
