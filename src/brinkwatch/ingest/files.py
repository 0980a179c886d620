"""Finding input files under the paths a user gave, and reading them safely as text."""

from __future__ import annotations

import codecs
import errno
import logging
import os
import stat as stat_module
from collections.abc import Iterator
from pathlib import Path

from brinkwatch.ingest.errors import DropRecord, display_path
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
        shown = display_path(given)
        problem = _stat_problem(path)
        if problem:
            yield Problem(source_path=shown, reason=problem)
        elif path.is_dir():
            yield from _walk(shown, path, seen=set())
        else:
            yield shown, path


def _stat_problem(path: Path) -> str | None:
    """Why ``path`` cannot be followed (missing, symlink loop, no permission), or None."""
    try:
        path.stat()
    except OSError as exc:
        return os_reason(exc, missing="no such file or folder")
    return None


def os_reason(exc: OSError, *, missing: str = "no such file") -> str:
    """The one-line reason for an operating-system error on an input."""
    if exc.errno == errno.ELOOP:
        return "symlink loop: the link leads back to itself"
    if exc.errno == errno.ENOENT:
        return missing
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read: permission denied"
    return f"cannot read: {exc.strerror or exc}"


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
        child_shown = os.path.join(shown, display_path(entry.name))
        child = Path(entry.path)
        if entry.is_symlink():
            problem = _stat_problem(child)
            if problem:
                reason = "broken symlink" if problem == "no such file or folder" else problem
                yield Problem(source_path=child_shown, reason=reason)
                continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(child_shown, child, seen)
        else:
            yield child_shown, child


def _is_documentation(name: str) -> bool:
    path = Path(name)
    return path.suffix.lower() in _DOC_SUFFIXES or path.stem.lower() in _DOC_STEMS


def read_bytes(path: Path, *, max_bytes: int) -> bytes:
    """The file's bytes, refusing empty and over-large files with the reason.

    :raises DropRecord: empty, too large, or unreadable.
    """
    size = check_file(path)
    if size > max_bytes:
        raise DropRecord(too_large(size, max_bytes))
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise DropRecord(os_reason(exc)) from exc
    if len(data) > max_bytes:  # the file grew after it was measured
        raise DropRecord(too_large(len(data), max_bytes))
    if not data:
        raise DropRecord("empty file (0 bytes)")
    return data


def check_file(path: Path) -> int:
    """The size of a regular, non-empty file; anything else is refused without opening it
    (opening a named pipe would wait forever).

    :raises DropRecord: not a regular file, empty, missing or unreadable.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise DropRecord(os_reason(exc)) from exc
    if not stat_module.S_ISREG(info.st_mode):
        raise DropRecord(f"not a regular file ({_file_kind(info.st_mode)})")
    if info.st_size == 0:
        raise DropRecord("empty file (0 bytes)")
    return info.st_size


def too_large(size: int, max_bytes: int) -> str:
    """The reason for refusing ``size`` bytes over the ``max_bytes`` limit."""
    return f"file is {megabytes(size)}, over the {megabytes(max_bytes)} limit (raise it with --max-bytes)"


def megabytes(size: int) -> str:
    """``size`` for a reader: "20 MB", "1.5 MB", "1,000 bytes"."""
    if size >= 1e6:
        return f"{size / 1e6:.1f} MB".replace(".0 MB", " MB")
    return f"{size:,} bytes"


def _file_kind(mode: int) -> str:
    if stat_module.S_ISFIFO(mode):
        return "a named pipe"
    if stat_module.S_ISSOCK(mode):
        return "a socket"
    if stat_module.S_ISCHR(mode) or stat_module.S_ISBLK(mode):
        return "a device"
    if stat_module.S_ISDIR(mode):
        return "a folder"
    return "not a file"


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
        raise DropRecord(utf8_reason(data, exc)) from exc


def utf8_reason(data: bytes, exc: UnicodeDecodeError, *, offset: int = 0) -> str:
    """Why ``data`` is not UTF-8: the first bad byte, its offset and the likely encoding.

    Other 8-bit encodings are refused, not guessed: Latin-1, Windows-1252 and Windows-1251
    all accept any byte, so a wrong guess would store silently garbled text.
    """
    bad = data[exc.start : exc.start + 1].hex()
    return (
        f"not valid UTF-8 (byte 0x{bad} at offset {offset + exc.start}); "
        f"{_likely_encoding(data)}: convert the file to UTF-8"
    )


def _likely_encoding(data: bytes) -> str:
    sample = data[:65536]
    decoded = sample.decode("utf-8", "replace")
    if any(ord(ch) > 0x7F and ch != "\ufffd" for ch in decoded):
        return "the rest of the file is UTF-8, so these bytes are damaged"
    high = [b for b in sample if b >= 0x80]
    if high and all(b >= 0xA0 for b in high):
        return "it looks like Latin-1 (ISO-8859-1) or another 8-bit encoding"
    if "\ufffd" not in sample.decode("cp1252", "replace"):
        return "it looks like Windows-1252 or another 8-bit encoding"
    return "the encoding is unknown"
