"""Expected rejections of inputs: a dropped record is not a bug (Scrapy's DropItem)."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class DropRecord(Exception):
    """An input that cannot become a document; the message is the reason a user reads."""


def one_line(text: str) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``), so a path or reason
    with a newline in it still prints as one line of a log or terminal."""

    def escape(m: re.Match[str]) -> str:
        ch = m.group(0)
        named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch)
        if named:
            return named
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL.sub(escape, text)


def display_path(path: str) -> str:
    """A path as text that can be stored and printed: bytes that are not UTF-8 in a file
    name (kept by Python as surrogate escapes) become ``\\xNN``."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
