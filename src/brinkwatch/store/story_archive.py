"""The story clusterer's retired stories in the store (``resolve._story_archive``).

Writes go through the store's connection, so they land in the caller's transaction with the
clusterer's saved state (derive: one transaction) and roll back with it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from brinkwatch.resolve._story_archive import RetiredStory

_IN_CHUNK = 500  # ids per "IN (...)" query


class SqliteStoryArchive:
    """:class:`~brinkwatch.resolve._story_archive.StoryArchive` over tables ``story_archive``,
    ``story_archive_documents`` and ``story_archive_aliases``. An alias also moves the
    stories' root column to its target, so rows of one thread share one root."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def put(self, stories: Sequence[RetiredStory]) -> None:
        self.conn.executemany(
            "INSERT INTO story_archive (id, size, first_day, root, summary) VALUES (?,?,?,?,?)",
            [(st.id, st.size, st.first_day, self.resolve(st.root),
              json.dumps(st.summary, separators=(",", ":"))) for st in stories])
        self.conn.executemany(
            "INSERT INTO story_archive_documents (doc_id, story_id) VALUES (?, ?)",
            [(doc, st.id) for st in stories for doc in st.summary["doc_ids"]])

    def alias(self, root: str, to: str) -> None:
        root, to = self.resolve(root), self.resolve(to)
        if root == to:
            return
        self.conn.execute("INSERT INTO story_archive_aliases (root, target) VALUES (?, ?)", (root, to))
        self.conn.execute("UPDATE story_archive_aliases SET target = ? WHERE target = ?", (to, root))
        self.conn.execute("UPDATE story_archive SET root = ? WHERE root = ?", (to, root))

    def resolve(self, root: str) -> str:
        # aliases are kept pointing at a final target (alias() re-points older ones)
        row = self.conn.execute("SELECT target FROM story_archive_aliases WHERE root = ?",
                                (root,)).fetchone()
        return root if row is None else row[0]

    def story_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        ids = list(doc_ids)
        out: dict[str, str] = {}
        for start in range(0, len(ids), _IN_CHUNK):
            part = ids[start : start + _IN_CHUNK]
            marks = ",".join("?" * len(part))
            out.update(self.conn.execute(
                f"SELECT doc_id, story_id FROM story_archive_documents WHERE doc_id IN ({marks})", part))
        return out

    def members(self, story_id: str) -> list[str]:
        row = self.conn.execute("SELECT summary FROM story_archive WHERE id = ?", (story_id,)).fetchone()
        return [] if row is None else list(json.loads(row[0])["doc_ids"])

    def document_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM story_archive_documents").fetchone()[0]

    def summaries(self) -> Iterator[dict]:
        for (text,) in self.conn.execute("SELECT summary FROM story_archive ORDER BY id"):
            yield json.loads(text)

    def by_root(self) -> Iterator[tuple[str, list[RetiredStory]]]:
        rows = self.conn.execute(
            "SELECT root, size, first_day, summary FROM story_archive ORDER BY root, id")
        root, group = None, []
        for r, size, first_day, text in rows:
            if r != root and group:
                yield root, group
                group = []
            root = r
            group.append(RetiredStory(json.loads(text), size, first_day, r))
        if group:
            yield root, group

    def first_unreadable(self) -> str | None:
        """The id of a row whose summary is not a JSON object listing its documents (a
        damaged store), or None; checked in SQLite, without decoding every row here."""
        row = self.conn.execute(
            "SELECT id FROM story_archive WHERE NOT json_valid(summary) "
            "OR json_type(CASE WHEN json_valid(summary) THEN summary END, '$.doc_ids') "
            "IS NOT 'array' LIMIT 1").fetchone()
        return None if row is None else row[0]

    def clear(self) -> None:
        for table in ("story_archive", "story_archive_documents", "story_archive_aliases"):
            self.conn.execute(f"DELETE FROM {table}")
