"""Values the event builder's single reports share (see :class:`.events.EventBuilder`):
equal actors, story sets, code counts and date sources are one object each across a
corpus, and a document's sentence texts one string each (or left in the document), so the
reports of a large corpus stay small. Merging never mutates a shared value in place."""

from __future__ import annotations

from collections import Counter


class Shared:
    """Values equal reports share, so a corpus's reports hold each once: actors, story
    sets, date sources and code counts (read, never mutated: merging makes new ones), and
    one document's sentence texts (reset per document; with ``doc_text``, a sentence text
    equal to ``doc_text[start:end]`` is left out: None)."""

    def __init__(self) -> None:
        self.actors: dict[tuple, object] = {}  # actor fields -> Actor
        self.values: dict = {}
        self.counts: dict[tuple[str, int], Counter] = {}
        self.texts: dict[str, str] = {}
        self.doc_text: str | None = None

    def value(self, value):
        return self.values.setdefault(value, value)

    def codes(self, cameo: str, weight: int) -> Counter:
        found = self.counts.get((cameo, weight))
        if found is None:
            found = self.counts[(cameo, weight)] = Counter({cameo: weight})
        return found

    def text(self, text: str, start: int, end: int) -> str | None:
        if self.doc_text is not None and self.doc_text[start:end] == text:
            return None
        return self.texts.setdefault(text, text)


__all__ = ["Shared"]
