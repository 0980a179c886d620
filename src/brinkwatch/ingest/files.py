"""Finding input files under the paths a user gave, and reading them safely as text."""

from __future__ import annotations

import codecs
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from brinkwatch.ingest.errors import DropRecord
from brinkwatch.records import Problem

log = logging.getLogger(__name__)

_SKIP_NAMES = {".DS_Store", "Thumbs.db"}
# Inside folders, a corpus's own documentation is not an article (a file named on the
# command line is always read).
_DOC_SUFFIXES = {".md", ".rst"}
_DOC_STEMS = {"readme", "license", "licence", "copying", "changelog"}


def iter_input_files(paths: list[str]) -> Iterator[tuple[str, Path] | Problem]:
    """Each file under ``paths`` as (the path as the user would write it, the real path).

    Folders are walked recursively in sorted order; hidden files and folders are skipped;
    symlink loops and unreadable folders become :class:`Problem` records.
    """
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield Problem(source_path=given, reason="no such file or folder")
        elif path.is_dir():
            yield from _walk(given, path, seen=set())
        else:
            yield given, path


def _walk(shown: str, folder: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[str, Path] | Problem]:
    try:
        stat = folder.stat()
    except OSError as exc:
        yield Problem(source_path=shown, reason=f"cannot read folder: {exc.strerror or exc}")
        return
    key = (stat.st_dev, stat.st_ino)
    if key in seen:
        yield Problem(source_path=shown, reason="symlink loop: folder already visited")
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Problem(source_path=shown, reason=f"cannot read folder: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _SKIP_NAMES or _is_documentation(entry.name):
            log.info("skipping %s (hidden or documentation file)", entry.name)
            continue
        child_shown = os.path.join(shown, entry.name)
        child = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(child_shown, child, seen)
        elif entry.is_symlink() and not child.exists():
            yield Problem(source_path=child_shown, reason="broken symlink")
        else:
            yield child_shown, child


def _is_documentation(name: str) -> bool:
    path = Path(name)
    return path.suffix.lower() in _DOC_SUFFIXES or path.stem.lower() in _DOC_STEMS


def read_bytes(path: Path, *, max_bytes: int) -> bytes:
    """The file's bytes, refusing empty and over-large files with the reason.

    :raises DropRecord: empty, too large, or unreadable.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DropRecord(f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise DropRecord("empty file (0 bytes)")
    if size > max_bytes:
        raise DropRecord(
            f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
            f"(raise it with --max-bytes)"
        )
    try:
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise DropRecord(f"cannot read file: {exc.strerror or exc}") from exc


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16 text) or mostly control bytes mean a binary file."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 20)


def decode_text(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM.

    :raises DropRecord: binary data, or bytes that are not valid UTF-8.
    """
    if looks_binary(data):
        raise DropRecord("binary file, not text")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DropRecord(f"invalid UTF-16 text: {exc.reason} at byte {exc.start}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise DropRecord(
            f"not valid UTF-8 (byte 0x{bad} at offset {exc.start}); convert the file to UTF-8"
        ) from exc
