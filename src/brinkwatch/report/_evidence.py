"""Evidence notes: each quoted source span gets one numbered note, cited wherever it is used.

A note quotes ``text[start:end]`` of the document (from the ``texts`` the caller passes) with a
little context either side, and names the document id and character offsets, so an analyst
can check every figure and event against the article it came from. Without the text, the
span's own ``text`` field from the export is quoted instead.
"""

from __future__ import annotations

import re
from typing import Any

from ._text import anchor, clean, span_ref

CONTEXT_CHARS = 90
_SPACE = re.compile(r"\s+")


def _squash(s: str) -> str:
    """Collapse whitespace runs to one space but keep one at either end (the quote joins on it)."""
    return _SPACE.sub(" ", s)


def _trim_left(s: str, cut: bool) -> str:
    """Context before a quote; when ``cut``, start at a word boundary after an ellipsis."""
    s = _squash(s)
    if not cut:
        return s.lstrip()
    space = s.find(" ")
    return "…" + (s[space + 1 :] if 0 <= space < 30 else s)


def _trim_right(s: str, cut: bool) -> str:
    """Context after a quote; when ``cut``, end at a word boundary before an ellipsis."""
    s = _squash(s)
    if not cut:
        return s.rstrip()
    space = s.rfind(" ")
    return (s[: space + 1] if space > len(s) - 30 else s) + "…"


class Evidence:
    """Numbered quotes of source spans, de-duplicated by (document, start, end)."""

    def __init__(self, scope: Any, texts: dict[str, str] | None) -> None:
        self._scope = scope
        self._texts = texts or {}
        self._index: dict[tuple[str, Any, Any], dict[str, Any]] = {}
        self._refs: dict[int, dict[str, Any]] = {}  # note number → the one shared reference
        self.notes: list[dict[str, Any]] = []

    def cite(self, doc_id: Any, start: Any, end: Any, text: Any = None) -> dict[str, Any] | None:
        """A reference to the note quoting this span (made on first use); None if unusable."""
        if doc_id is None:
            return None
        doc_id = str(doc_id)
        start = start if isinstance(start, int) and not isinstance(start, bool) else None
        end = end if isinstance(end, int) and not isinstance(end, bool) else None
        key = (doc_id, start, end)
        note = self._index.get(key)
        if note is None:
            note = self._make(doc_id, start, end, text)
            if note is None:
                return None
            self._index[key] = note
            self.notes.append(note)
            self._refs[id(note)] = {"kind": "note", "n": note["n"], "anchor": note["anchor"],
                                    "label": str(note["n"])}
        return self._refs[id(note)]

    def renumber(self, reading_order: list[dict[str, Any] | None]) -> None:
        """Number the notes in the order their references are read (first use wins); notes
        never referenced there (their rows were left out of the brief) are dropped."""
        by_ref = {id(self._refs[id(note)]): note for note in self.notes}
        ordered: list[dict[str, Any]] = []
        seen: set[int] = set()
        for ref in reading_order:
            note = by_ref.get(id(ref)) if ref else None
            if note is not None and id(note) not in seen:
                seen.add(id(note))
                ordered.append(note)
        for i, note in enumerate(ordered, 1):
            note["n"], note["anchor"] = i, anchor("span", i)
            ref = self._refs[id(note)]
            ref.update(n=i, anchor=note["anchor"], label=str(i))
        self.notes[:] = ordered

    def _make(self, doc_id: str, start: int | None, end: int | None, text: Any) -> dict | None:
        before = after = ""
        quote = clean(text)
        full = self._texts.get(doc_id)
        if isinstance(full, str) and start is not None and end is not None:
            if 0 <= start < end <= len(full):
                quote = clean(full[start:end])
                left = max(0, start - CONTEXT_CHARS)
                right = min(len(full), end + CONTEXT_CHARS)
                before = _trim_left(full[left:start], left > 0)
                after = _trim_right(full[end:right], right < len(full))
        if not quote:  # nothing to show: the caller falls back to a link to the document
            return None
        n = len(self.notes) + 1
        doc = self._scope.doc_by_id.get(doc_id, {})
        return {
            "n": n,
            "anchor": anchor("span", n),
            "doc_id": doc_id,
            "doc_label": self._scope.labels.get(doc_id, ""),
            "doc_anchor": anchor("doc", doc_id),
            "outlet": clean(doc.get("outlet")),
            "ref": span_ref(doc_id, start, end),
            "before": before,
            "quote": quote,
            "after": after,
        }

    def doc_ref(self, doc_id: Any) -> dict[str, Any] | None:
        """A reference to a document's entry in the Sources list (when it is in scope)."""
        doc_id = str(doc_id)
        label = self._scope.labels.get(doc_id)
        if label is None:
            return None
        return {"kind": "doc", "label": label, "anchor": anchor("doc", doc_id)}
