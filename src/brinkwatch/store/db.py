"""The embedded SQLite store: the only state shared between stages.

WAL mode and foreign keys are on; ``PRAGMA user_version`` counts applied migrations.
Writes go through :meth:`Store.transaction` in batches, so a crash loses at most the batch
in flight and a re-run completes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

from brinkwatch.records import (
    ArticleAnalysis,
    Copy,
    Document,
    Problem,
    from_dict,
    to_dict,
)
from brinkwatch.store.schema import DERIVED_TABLES, MIGRATIONS

log = logging.getLogger(__name__)


class StoreError(RuntimeError):
    """The store cannot be opened or written (read-only file, full disk, not a store)."""


def explain(path: Path, exc: sqlite3.Error, *, opening: bool = False) -> StoreError:
    """A :class:`StoreError` whose message says in one line what went wrong and what to do."""
    message = " ".join(str(exc).split())
    lowered = message.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(
            f"{path}: the store is read-only ({message}); check the permissions of the file "
            f"and of its folder (SQLite writes -wal and -shm files beside it)"
        )
    if "full" in lowered:
        return StoreError(f"{path}: the disk is full ({message}); free some space and run again")
    if "disk i/o" in lowered:
        return StoreError(f"{path}: disk I/O error ({message}); the file system failed a write")
    if "unable to open" in lowered:
        return StoreError(
            f"{path}: cannot open store ({message}); check that its folder exists and is writable"
        )
    if "not a database" in lowered or "malformed" in lowered:
        return StoreError(f"{path}: not a brinkwatch store, or a damaged one ({message})")
    if "locked" in lowered or "busy" in lowered:
        return StoreError(f"{path}: the store is locked by another process ({message})")
    what = "cannot open store" if opening else "cannot write store"
    return StoreError(f"{path}: {what}: {message}")


def _writable(path: Path) -> bool:
    folder = path.resolve().parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK)


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection. A WAL store on read-only media (no -shm file, none can be
    made) is opened as immutable: nothing can be writing to it there."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        conn.execute("PRAGMA user_version").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if "unable to open" not in str(exc) or _writable(path):
            raise
        log.info("%s: read-only media; opening the store as immutable", path)
        conn = sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=False)
    return conn


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _document(row: sqlite3.Row, copies: tuple[Copy, ...] = ()) -> Document:
    return Document(
        id=row["id"], text=row["text"], source_path=row["source_path"], title=row["title"],
        outlet=row["outlet"], url=row["url"], published=row["published"],
        published_source=row["published_source"], published_evidence=row["published_evidence"],
        language=row["language"], external_id=row["external_id"], copies=copies,
    )


_META_COLUMNS = (
    "id, title, outlet, url, published, published_source, published_evidence, language, "
    "source_path, external_id"
)


class DocumentTexts(Mapping[str, str]):
    """Document texts by id, read from the store when asked for (the last one kept, since
    callers ask for one document's text several times in a row), so a pass over every
    document's text holds one text at a time. Iterates in the order of ``ids``."""

    def __init__(self, conn: sqlite3.Connection, ids: Iterable[str]) -> None:
        self._conn = conn
        self._ids = list(ids)
        self._known = frozenset(self._ids)
        self._last: tuple[str, str] | None = None

    def __getitem__(self, doc_id: str) -> str:
        if self._last is not None and self._last[0] == doc_id:
            return self._last[1]
        if doc_id not in self._known:
            raise KeyError(doc_id)
        row = self._conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        self._last = (doc_id, row[0])
        return row[0]

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


_SHARED_KEYS = frozenset({"text", "name"})  # span texts (names) and place names repeat across documents
_MAX_SHARED = 200_000  # distinct longer strings shared in one pass (about 20 MB at most)


class _SharedStrings:
    """JSON hooks that make equal values one object across a pass over the analyses: short
    strings (labels, codes, every span's document id) interned, names and span texts up
    to 64 characters, integers (offsets, sentence numbers, GeoNames ids) and floats
    (coordinates) from one cache. Analyses held for a whole derivation take about half the
    memory, and a name or an offset seen in many documents is stored once. Values are
    unchanged. Use one instance per pass; set :attr:`doc_id` per document."""

    __slots__ = ("doc_id", "values", "numbers")

    def __init__(self, doc_id: str = "") -> None:
        self.doc_id = doc_id
        self.values: dict[str, str] = {}
        self.numbers: dict[str, int | float] = {}

    def __call__(self, obj: dict) -> dict:
        values = self.values
        for key, value in obj.items():
            if type(value) is str:
                if value == self.doc_id:
                    obj[key] = self.doc_id
                elif len(value) <= 16:
                    obj[key] = sys.intern(value)
                elif len(value) <= 64 and key in _SHARED_KEYS:
                    shared = values.get(value)
                    if shared is not None:
                        obj[key] = shared
                    elif len(values) < _MAX_SHARED:
                        values[value] = value
        return obj

    def number(self, text: str):
        """``parse_int``/``parse_float``: one object per distinct number text."""
        value = self.numbers.get(text)
        if value is None:
            value = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
            if len(self.numbers) < _MAX_SHARED:
                self.numbers[text] = value
        return value

    def loads(self, data: str, doc_id: str) -> dict:
        self.doc_id = doc_id
        return json.loads(data, object_hook=self, parse_int=self.number, parse_float=self.number)


class Store:
    """A brinkwatch SQLite file.

    :param path: the database file (created when missing unless ``readonly``).
    :param readonly: open for reading only (``serve``, ``export``).
    :raises StoreError: the file is not a SQLite database, or cannot be opened/written.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        try:
            if readonly:
                if not self.path.exists():
                    raise StoreError(f"{self.path}: no such store (run `brinkwatch run` first)")
                self.conn = _connect_readonly(self.path)
            else:
                self.conn = sqlite3.connect(self.path, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
            else:
                self._check_version()
        except sqlite3.DatabaseError as exc:
            if not readonly and "unable to open" in str(exc) and not _writable(self.path):
                raise StoreError(
                    f"{self.path}: the store is read-only (its file or folder cannot be written; "
                    f"SQLite writes -wal and -shm files beside it)"
                ) from exc
            raise explain(self.path, exc, opening=True) from exc

    # -- schema ----------------------------------------------------------------------------
    def _check_version(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path}: store schema version {version} is newer than this brinkwatch "
                f"({len(MIGRATIONS)}); upgrade brinkwatch"
            )

    def _migrate(self) -> None:
        self._check_version()
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        for number, (name, sql) in enumerate(MIGRATIONS[version:], start=version + 1):
            log.info("applying migration %s", name)
            with self.conn:
                self.conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic batch of writes."""
        try:
            with self.conn:
                yield self.conn
        except sqlite3.OperationalError as exc:
            error = explain(self.path, exc)
            if str(error).endswith(f"cannot write store: {' '.join(str(exc).split())}"):
                raise  # not a storage fault: a bug, reported as such
            raise error from exc
        except sqlite3.DatabaseError as exc:  # e.g. the file was damaged under us
            raise explain(self.path, exc) from exc

    # -- documents -------------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None

    def insert_document(
        self, doc: Document, *, fingerprint: str, signature: bytes | None, shingles: int | None = None
    ) -> None:
        """Insert a new document (callers check :meth:`has_document` first)."""
        self.conn.execute(
            """INSERT INTO documents (id, text, title, outlet, url, published, published_source,
                   published_evidence, language, source_path, external_id, fingerprint, signature,
                   shingles, added_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                doc.id, doc.text, doc.title, doc.outlet, doc.url, doc.published,
                doc.published_source, doc.published_evidence, doc.language, doc.source_path,
                doc.external_id, fingerprint, signature, shingles, _now(),
            ),
        )

    def add_copy(self, doc_id: str, copy: Copy) -> None:
        self.conn.execute(
            """INSERT INTO copies (doc_id, source_path, outlet, url, published, kind, similarity)
               VALUES (?,?,?,?,?,?,?)
               ON CONFLICT(doc_id, source_path) DO UPDATE SET
                 outlet = excluded.outlet, url = excluded.url, published = excluded.published""",
            (doc_id, copy.source_path, copy.outlet, copy.url, copy.published, copy.kind,
             copy.similarity),
        )

    def has_copy(self, doc_id: str, source_path: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM copies WHERE doc_id = ? AND source_path = ?", (doc_id, source_path)
        ).fetchone()
        return row is not None

    def add_lsh_keys(self, doc_id: str, keys: Iterable[str]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO lsh_keys (key, doc_id) VALUES (?, ?)",
            [(k, doc_id) for k in keys],
        )

    def lsh_candidates(self, keys: list[str]) -> list[tuple[str, bytes, int | None]]:
        """Documents sharing an LSH band key, with their MinHash signature and shingle count."""
        if not keys:
            return []
        found: dict[str, tuple[bytes, int | None]] = {}
        query = """SELECT DISTINCT d.id, d.signature, d.shingles FROM lsh_keys k
                   JOIN documents d ON d.id = k.doc_id WHERE k.key IN ({marks})"""
        for _, rows in self._pages(query, keys, 500):
            for row in rows:
                found[row["id"]] = (row["signature"], row["shingles"])
        return [(doc_id, sig, size) for doc_id, (sig, size) in found.items()]

    def documents(self, *, texts: bool = True) -> list[Document]:
        """Every document with its copies, in insertion order.

        :param texts: read the texts too; without them each ``text`` is ``""`` (read one
            document's text with :meth:`texts`), so a pass over a large store holds only
            the metadata.
        """
        copies: dict[str, list[Copy]] = {}
        for row in self.conn.execute("SELECT * FROM copies ORDER BY doc_id, source_path"):
            copies.setdefault(row["doc_id"], []).append(
                Copy(
                    source_path=row["source_path"], outlet=row["outlet"], url=row["url"],
                    published=row["published"], kind=row["kind"], similarity=row["similarity"],
                )
            )
        # Insertion order (rowid), not the clock: a run interrupted and re-run stores the same
        # documents in the same order as one clean run, so everything derived is the same.
        columns = "*" if texts else f"'' AS text, {_META_COLUMNS}"
        rows = self.conn.execute(f"SELECT {columns} FROM documents ORDER BY rowid")
        return [_document(row, tuple(copies.get(row["id"], ()))) for row in rows]

    def texts(self, ids: Iterable[str]) -> DocumentTexts:
        """The texts of these documents as a mapping read from the store on access."""
        return DocumentTexts(self.conn, ids)

    def iter_documents(self, ids: list[str], *, page: int = 256, texts: bool = True) -> Iterator[Document]:
        """The documents with these ids, in the given order, read a page at a time (without
        their copies), so memory stays flat however many there are (``texts``: as in
        :meth:`documents`; ids with no document are skipped)."""
        columns = "*" if texts else f"'' AS text, {_META_COLUMNS}"
        query = f"SELECT {columns} FROM documents WHERE id IN ({{marks}})"
        for chunk, found in self._pages(query, ids, page):
            rows = {r["id"]: r for r in found}
            for doc_id in chunk:
                if doc_id in rows:
                    yield _document(rows[doc_id])

    def analysed_ids(self, ids: Sequence[str]) -> list[str]:
        """Those of ``ids`` that have a stored analysis, sorted."""
        query = "SELECT doc_id FROM analyses WHERE doc_id IN ({marks})"
        return sorted(r[0] for _, rows in self._pages(query, ids, 500) for r in rows)

    def _pages(self, query: str, ids: Sequence[str], page: int) -> Iterator[tuple[Sequence[str], list]]:
        """(page of ``ids``, its rows): ``query`` run on ``page`` ids at a time, its
        ``{marks}`` standing for the placeholders of ``IN (...)`` (SQLite caps their number)."""
        for first in range(0, len(ids), page):
            chunk = ids[first : first + page]
            marks = ",".join("?" * len(chunk))
            yield chunk, self.conn.execute(query.format(marks=marks), chunk).fetchall()

    def document_windows(self, size: int) -> Iterator[list[str]]:
        """The stored documents' ids in windows of about ``size`` (all in one window, in
        insertion order, when there are no more than that): else in arrival order (dated
        first by day, then id; undated last), each window running on to the end of the
        day it reaches, so no day is split between two windows."""
        if self.count("documents") <= size:
            yield [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY rowid")]
            return
        cursor = self.conn.cursor()  # its own: the caller writes while the windows are read
        cursor.execute("SELECT id, substr(published, 1, 10) AS day FROM documents "
                       "ORDER BY day IS NULL, day, id")
        window: list[str] = []
        last_day: str | None = None
        for doc_id, day in cursor:
            if len(window) >= size and (day != last_day or day is None):
                yield window
                window = []
            window.append(doc_id)
            last_day = day
        if window:
            yield window

    def count(self, table: str) -> int:
        if not table.isidentifier():
            raise ValueError(table)
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    # -- analyses --------------------------------------------------------------------------
    def analysis_versions(self) -> dict[str, str]:
        rows = self.conn.execute("SELECT doc_id, analyzer_version FROM analyses")
        return {r[0]: r[1] for r in rows}

    def put_analysis(self, analysis: ArticleAnalysis) -> None:
        self.conn.execute(
            """INSERT INTO analyses (doc_id, analyzer_version, data) VALUES (?,?,?)
               ON CONFLICT(doc_id) DO UPDATE SET analyzer_version = excluded.analyzer_version,
                 data = excluded.data""",
            (analysis.doc_id, analysis.analyzer_version,
             json.dumps(to_dict(analysis), separators=(",", ":"))),
        )

    def analyses(self) -> dict[str, ArticleAnalysis]:
        """Every stored analysis by document id (see :meth:`iter_analyses` for a pass)."""
        return dict(self.iter_analyses())

    def iter_analyses(
        self, *, without: Iterable[str] = (), by_id: bool = False, share: bool = True,
        ids: Sequence[str] | None = None,
    ) -> Iterator[tuple[str, ArticleAnalysis]]:
        """(doc id, analysis) one at a time, so a pass over them holds one in memory.

        :param without: fields left empty (e.g. ``("sentences", "times")``): not decoded
            into records, for passes that do not read them.
        :param by_id: in document-id order (as ``sorted``), else in the order of
            :meth:`analyses`.
        :param share: equal strings and numbers are one object across the pass (see
            :class:`_SharedStrings`), for passes that keep parts of the analyses; False
            decodes faster, for passes that keep nothing of the records.
        :param ids: only these documents' analyses, in this order (ids without one are
            skipped).
        """
        drop = tuple(without)
        shared = _SharedStrings()

        def decode(doc_id: str, data: str) -> tuple[str, ArticleAnalysis]:
            raw = shared.loads(data, doc_id) if share else json.loads(data)
            for name in drop:
                raw.pop(name, None)
            return doc_id, from_dict(ArticleAnalysis, raw)

        if ids is not None:
            query = "SELECT doc_id, data FROM analyses WHERE doc_id IN ({marks})"
            for page, rows in self._pages(query, ids, 256):
                found = dict(rows)
                for doc_id in page:
                    if doc_id in found:
                        yield decode(doc_id, found.pop(doc_id))
            return
        sql = "SELECT doc_id, data FROM analyses" + (" ORDER BY doc_id" if by_id else "")
        # A cursor of its own, read in pages: the caller may write through self.conn meanwhile.
        cursor = self.conn.cursor()
        cursor.execute(sql)
        while rows := cursor.fetchmany(256):
            for doc_id, data in rows:
                yield decode(doc_id, data)

    # -- problems, state, runs -------------------------------------------------------------
    def record_problem(self, problem: Problem) -> None:
        now = _now()
        self.conn.execute(
            """INSERT INTO problems (source_path, stage, reason, detail, first_seen, last_seen)
               VALUES (?,?,?,?,?,?)
               ON CONFLICT(source_path, stage, reason) DO UPDATE SET last_seen = excluded.last_seen,
                 detail = excluded.detail""",
            (problem.source_path, problem.stage, problem.reason, problem.detail, now, now),
        )

    def problems(self) -> list[Problem]:
        rows = self.conn.execute("SELECT * FROM problems ORDER BY source_path, stage")
        return [
            Problem(source_path=r["source_path"], reason=r["reason"], stage=r["stage"],
                    detail=r["detail"])
            for r in rows
        ]

    def get_state(self, key: str) -> str | None:
        """A saved value (:meth:`set_state`, or the parts of :meth:`set_state_parts` joined)."""
        row = self.conn.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        if row:
            return row[0]
        parts = [r[0] for r in self.conn.execute(
            "SELECT value FROM state WHERE key >= ? AND key < ? ORDER BY key", (f"{key}#", f"{key}$"))]
        return "".join(parts) if parts else None

    def set_state(self, key: str, value: str) -> None:
        self._drop_state_parts(key)
        self.conn.execute(
            "INSERT INTO state (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def set_state_parts(self, key: str, parts: Iterable[str], *, part_chars: int = 1 << 20) -> None:
        """Save a long value written in pieces as rows of about ``part_chars`` characters
        (``key#000000``, ...), so the whole text is never held at once; :meth:`get_state`
        joins them. Inside the caller's transaction."""
        self._drop_state_parts(key)
        self.conn.execute("DELETE FROM state WHERE key = ?", (key,))
        insert = "INSERT INTO state (key, value) VALUES (?, ?)"
        pending: list[str] = []
        size = number = 0
        for part in parts:
            pending.append(part)
            size += len(part)
            if size >= part_chars:
                self.conn.execute(insert, (f"{key}#{number:06d}", "".join(pending)))
                pending, size, number = [], 0, number + 1
        if pending or number == 0:
            self.conn.execute(insert, (f"{key}#{number:06d}", "".join(pending)))

    def _drop_state_parts(self, key: str) -> None:
        self.conn.execute("DELETE FROM state WHERE key >= ? AND key < ?", (f"{key}#", f"{key}$"))

    def start_run(self, inputs: list[str]) -> int:
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO runs (started, inputs) VALUES (?, ?)", (_now(), json.dumps(inputs))
            )
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, stats: dict) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE runs SET finished = ?, stats = ? WHERE id = ?",
                (_now(), json.dumps(stats), run_id),
            )

    def clear_derived(self) -> None:
        """Empty the derived tables (inside the caller's transaction)."""
        for table in DERIVED_TABLES:
            self.conn.execute(f"DELETE FROM {table}")

    def rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()
