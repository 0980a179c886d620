"""JSONL read line by line: a file of any size in bounded memory.

``--max-bytes`` then limits each line (one article), not the whole file, so a 200 MB batch
of articles is read without holding it in memory. Each bad line is a problem naming its
line number; the other lines are kept. A repeated ``id`` with a different text is refused
(which of the two is right cannot be told); the same text again is an exact copy.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from brinkwatch.ingest.errors import DropRecord
from brinkwatch.ingest.files import looks_binary, megabytes, utf8_reason
from brinkwatch.records import Problem, RawDocument

Finish = Callable[..., RawDocument]
_CHUNK = 1 << 16


def iter_lines(handle: BinaryIO, *, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, line bytes or None when the line is over ``max_bytes``, byte offset).

    Reads with ``read1`` so that what was decompressed before a cut in a gzip file is still
    returned line by line before the error is raised; an over-long line is skipped without
    being kept in memory.
    """
    number, offset = 0, 0  # offset: where the current line starts
    parts: list[bytes] = []
    size, over = 0, False
    while True:
        chunk = handle.read1(_CHUNK)
        if not chunk:
            break
        start = 0
        while True:
            newline = chunk.find(b"\n", start)
            piece = chunk[start:] if newline < 0 else chunk[start : newline + 1]
            size += len(piece)
            if size > max_bytes:
                over, parts = True, []
            elif not over:
                parts.append(piece)
            if newline < 0:
                break
            number += 1
            yield number, (None if over else b"".join(parts)), offset
            offset += size
            parts, size, over = [], 0, False
            start = newline + 1
    if size:
        yield number + 1, (None if over else b"".join(parts)), offset


def read_jsonl_stream(shown: str, handle: BinaryIO, *, max_bytes: int, finish: Finish) -> Iterator[RawDocument | Problem]:
    """Every article of a JSONL byte stream, or a problem per bad line."""
    head = handle.peek(8192)[:8192] if hasattr(handle, "peek") else b""
    if head and looks_binary(head):
        yield Problem(source_path=shown, reason="binary file, not text")
        return
    yield from read_jsonl_lines(shown, iter_lines(handle, max_bytes=max_bytes), max_bytes=max_bytes, finish=finish)


def read_jsonl_lines(
    shown: str, lines: Iterable[tuple[int, bytes | str | None, int]], *, max_bytes: int, finish: Finish
) -> Iterator[RawDocument | Problem]:
    """Articles from numbered lines (bytes to decode as UTF-8, or text already decoded)."""
    seen: dict[str, tuple[int, int]] = {}  # id -> (first line, hash of its text)
    empty = True
    for number, raw, offset in lines:
        empty = empty and (raw is not None and not raw.strip())
        where = f"{shown}#L{number}"
        if raw is None:
            reason = f"line {number}: over the {megabytes(max_bytes)} limit for one line (raise it with --max-bytes)"
            yield Problem(source_path=where, reason=reason)
            continue
        if isinstance(raw, bytes):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(source_path=where, reason=f"line {number}: {utf8_reason(raw, exc, offset=offset)}")
                continue
        else:
            line = raw
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            cut = exc.pos >= len(line.rstrip()) - 1 or exc.msg.startswith("Unterminated string")
            kind = "truncated JSON" if cut else "invalid JSON"
            yield Problem(source_path=where, reason=f"line {number}: {kind} ({exc.msg})")
            continue
        except RecursionError:
            yield Problem(source_path=where, reason=f"line {number}: invalid JSON (nested too deeply)")
            continue
        if not isinstance(item, dict):
            yield Problem(source_path=where, reason=f"line {number}: not a JSON object")
            continue
        body = item.get("text")
        if not isinstance(body, str):
            yield Problem(source_path=where, reason=f"line {number}: no 'text' string")
            continue
        external_id = _str_or_none(item.get("id"))
        if external_id is not None:
            first = seen.setdefault(external_id, (number, hash(body)))
            if first[0] != number and first[1] != hash(body):
                yield Problem(
                    source_path=where,
                    reason=f"line {number}: duplicate id {json.dumps(external_id)[:80]} (first on line "
                    f"{first[0]}) with a different text; give each article its own id",
                )
                continue
        try:
            yield finish(
                text=body,
                source_path=where,
                title=_str_or_none(item.get("title")),
                outlet=_str_or_none(item.get("outlet")),
                url=_str_or_none(item.get("url")),
                published=item.get("published", item.get("date")),
                external_id=external_id,
                language=_str_or_none(item.get("language")),
            )
        except DropRecord as exc:
            yield Problem(source_path=where, reason=f"line {number}: {exc}")
    if empty:
        yield Problem(source_path=shown, reason="no JSON lines in file")


def _str_or_none(value: object) -> str | None:
    if value in (None, "") or isinstance(value, (dict, list)):
        return None
    return str(value)
