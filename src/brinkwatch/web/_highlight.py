"""Article text with source spans marked: every piece of text is escaped, only our tags are HTML."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Mark:
    """A span of ``text[start:end]`` to wrap in ``<mark>`` (optionally a link)."""

    start: int
    end: int
    css: str = "span"
    href: str | None = None
    element_id: str | None = None
    title: str | None = None


def valid_span(text: str, start: int, end: int) -> bool:
    return 0 <= start < end <= len(text)


def _open(mark: Mark) -> str:
    attrs = f' class="{escape(mark.css)}"'
    if mark.element_id:
        attrs += f' id="{escape(mark.element_id)}"'
    if mark.title:
        attrs += f' title="{escape(mark.title)}"'
    tag = f"<mark{attrs}>"
    if mark.href:
        tag = f'<a class="mark-link" href="{escape(mark.href)}">' + tag
    return tag


def _close(mark: Mark) -> str:
    return "</mark></a>" if mark.href else "</mark>"


def marked(text: str, marks: list[Mark]) -> Markup:
    """``text`` escaped, with non-overlapping ``marks`` wrapped (earlier-listed marks win)."""
    chosen: list[Mark] = []
    for mark in marks:
        if not valid_span(text, mark.start, mark.end):
            continue
        if any(mark.start < m.end and m.start < mark.end for m in chosen):
            continue
        chosen.append(mark)
    chosen.sort(key=lambda m: m.start)
    out, pos = [], 0
    for mark in chosen:
        out.append(str(escape(text[pos:mark.start])))
        out.append(_open(mark) + str(escape(text[mark.start:mark.end])) + _close(mark))
        pos = mark.end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def in_context(text: str, start: int, end: int, *, width: int = 220,
               element_id: str | None = None) -> Markup:
    """The span ``text[start:end]`` marked, with up to ``width`` characters either side."""
    if not valid_span(text, start, end):
        return Markup('<span class="muted">(the span lies outside this document\'s text)</span>')
    lo, hi = max(0, start - width), min(len(text), end + width)
    if lo > 0:
        cut = text.find(" ", lo, start)
        lo = cut + 1 if cut != -1 else lo
    if hi < len(text):
        cut = text.rfind(" ", end, hi)
        hi = cut if cut != -1 else hi
    body = marked(text[lo:hi], [Mark(start - lo, end - lo, "span target", element_id=element_id)])
    return Markup(("…" if lo > 0 else "") + body + ("…" if hi < len(text) else ""))
