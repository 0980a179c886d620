"""The mentions entity resolution reads, held as columns of small integers.

A corpus has tens of mentions per document; as records (a ``Mention`` with its ``Span``)
each costs a few hundred bytes, as a row of these columns about thirty. Strings (document
ids, name keys, surfaces, labels) are stored once each and rows refer to them by number.
Rows are appended document by document, so one document's rows are contiguous.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

from brinkwatch.records import Mention, Span


class _Strings:
    """Each distinct string once, numbered in order of first use."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.numbers: dict[str, int] = {}

    def number(self, value: str) -> int:
        found = self.numbers.get(value)
        if found is None:
            found = self.numbers[value] = len(self.items)
            self.items.append(value)
        return found


class MentionColumns:
    """Mentions as rows: document, start, end, sentence, name key, surface, label."""

    def __init__(self) -> None:
        self.doc_ids: list[str] = []
        self.doc_numbers: dict[str, int] = {}
        self.doc_rows: list[int] = []  # document n's rows are doc_rows[n]:doc_rows[n + 1]
        self.doc = array("i")
        self.start = array("i")
        self.end = array("i")
        self.sentence = array("i")
        self.key = array("i")
        self.surface = array("i")
        self.label = array("i")
        self.keys = _Strings()
        self.surfaces = _Strings()
        self.labels = _Strings()

    def __len__(self) -> int:
        return len(self.doc)

    def open_document(self, doc_id: str) -> None:
        """Rows appended from now on belong to ``doc_id`` (each document opened once)."""
        self.doc_numbers[doc_id] = len(self.doc_ids)
        self.doc_ids.append(doc_id)
        self.doc_rows.append(len(self.doc))

    def append(self, mention: Mention, key: str, label: str) -> None:
        """A row of the open document: ``mention`` filed under ``key`` with ``label``."""
        span = mention.span
        self.doc.append(len(self.doc_ids) - 1)
        self.start.append(span.start)
        self.end.append(span.end)
        self.sentence.append(mention.sentence)
        self.key.append(self.keys.number(key))
        self.surface.append(self.surfaces.number(span.text))
        self.label.append(self.labels.number(label))

    def key_of(self, row: int) -> str:
        return self.keys.items[self.key[row]]

    def set_key(self, row: int, key: str) -> None:
        self.key[row] = self.keys.number(key)

    def label_of(self, row: int) -> str:
        return self.labels.items[self.label[row]]

    def surface_of(self, row: int) -> str:
        return self.surfaces.items[self.surface[row]]

    def doc_of(self, row: int) -> str:
        return self.doc_ids[self.doc[row]]

    def rows(self) -> Iterator[tuple[int, str, str, str]]:
        """(row, name key, label, document id) of every row, in order."""
        keys, labels, docs = self.keys.items, self.labels.items, self.doc_ids
        for row, (k, lab, d) in enumerate(zip(self.key, self.label, self.doc)):
            yield row, keys[k], labels[lab], docs[d]

    def document_rows(self, doc_id: str) -> range:
        """The rows of ``doc_id`` (empty when it has none)."""
        n = self.doc_numbers.get(doc_id)
        if n is None:
            return range(0)
        stop = self.doc_rows[n + 1] if n + 1 < len(self.doc_rows) else len(self.doc)
        return range(self.doc_rows[n], stop)

    def mention(self, row: int) -> Mention:
        """Row ``row`` as a :class:`~brinkwatch.records.Mention` (its label as filed)."""
        return Mention(
            span=Span(doc_id=self.doc_of(row), start=self.start[row], end=self.end[row], text=self.surface_of(row)),
            label=self.label_of(row),
            sentence=self.sentence[row],
        )


__all__ = ["MentionColumns"]
