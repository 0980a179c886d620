"""The gazetteer: loading the compact GeoNames-derived table and looking names up.

Opened once per process (:func:`get_gazetteer`). The table is the user's import
(``brinkwatch gazetteer import FILE``) when present, else the one shipped in
``brinkwatch/geo``; ``geo/supplement.tsv`` (GeoNames dump columns) is always added. The
table is read through a SQLite index built once into a cache folder
(:mod:`brinkwatch.analyze._gazetteer_cache`), so a process starts in milliseconds and
workers share the pages.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_instance: Gazetteer | None = None


class Entry(NamedTuple):
    """One gazetteer row."""

    geonameid: int | None
    name: str
    feature: str  # GeoNames class.code, e.g. "A.PCLI", "A.ADM1", "P.PPL"
    country: str  # ISO alpha-2, "" for continents
    admin1: str
    lat: float
    lon: float
    population: int

    @property
    def fclass(self) -> str:
        return self.feature.split(".", 1)[0]

    @property
    def is_country(self) -> bool:
        return self.feature.startswith("A.PCL") or self.feature == "A.TERR"


_PUNCT = re.compile(r"[.'’`´]")
_SPACES = re.compile(r"[\s\-‐–/]+")


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """A lookup key: ASCII-folded, lower case, no dots or apostrophes, ``saint`` as ``st``."""
    from unidecode import unidecode

    key = unidecode(name).casefold()
    key = _PUNCT.sub("", key)
    key = _SPACES.sub(" ", key).strip()
    key = re.sub(r"\bsaint\b", "st", key)
    key = re.sub(r"\bsainte\b", "ste", key)
    key = re.sub(r"\bmount\b", "mt", key)
    key = re.sub(r"\bfort\b", "ft", key)
    return re.sub(r"^the ", "", key)


def user_gazetteer_path() -> Path:
    """Where ``build_gazetteer`` writes by default and the loader looks first."""
    env = os.environ.get("BRINKWATCH_GAZETTEER")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "brinkwatch" / "gazetteer.tsv.gz"


class Gazetteer:
    """Read-only view of a gazetteer index (:mod:`._gazetteer_cache`): entries and names.

    Every query goes to the memory-mapped SQLite file; name lookups are cached per process.
    The connection is reopened after a fork, so a loaded instance is safe in workers.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._pid = -1
        self._conn: sqlite3.Connection | None = None
        self._qlock = threading.Lock()
        self._names: dict[str, tuple[tuple[int, Entry, bool], ...]] = {}
        conn = self._db()
        self.countries_idx: dict[str, int] = dict(conn.execute("SELECT cc, i FROM countries"))
        self.admin1_idx: dict[tuple[str, str], int] = {
            (cc, code): i for cc, code, i in conn.execute("SELECT cc, code, i FROM admin1")
        }
        self.demonyms: dict[str, str] = dict(conn.execute("SELECT key, target FROM demonyms"))
        self._size = conn.execute("SELECT count(*) FROM entries").fetchone()[0]

    def _db(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():
            uri = f"file:{self.path}?mode=ro"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._conn.execute("PRAGMA mmap_size=268435456")
            self._conn.execute("PRAGMA cache_size=-2000")
            self._pid = os.getpid()
        return self._conn

    def __len__(self) -> int:
        return self._size

    def _query(self, sql: str, args: tuple) -> list[tuple]:
        with self._qlock:
            return self._db().execute(sql, args).fetchall()

    def _key_rows(self, key: str) -> tuple[tuple[int, Entry, bool], ...]:
        rows = self._names.get(key)
        if rows is None:
            found = self._query(
                "SELECT e.i, e.geonameid, e.name, e.feature, e.country, e.admin1, e.lat, e.lon, "
                "e.population, n.prim FROM names n JOIN entries e ON e.i = n.i WHERE n.key = ? ORDER BY n.i",
                (key,),
            )
            rows = tuple((r[0], Entry(*r[1:9]), bool(r[9])) for r in found)
            if len(self._names) > 50000:
                self._names.clear()
            self._names[key] = rows
        return rows

    def entry(self, i: int) -> Entry:
        """The entry at index ``i``."""
        row = self._query("SELECT geonameid, name, feature, country, admin1, lat, lon, population "
                          "FROM entries WHERE i = ?", (i,))
        if not row:
            raise IndexError(i)
        return Entry(*row[0])

    def has(self, name: str) -> bool:
        """Whether some entry has ``name`` (by its lookup key) as a name or alternate name."""
        return bool(self._key_rows(normalize(name)))

    def lookup(self, name: str) -> list[Entry]:
        """Every entry one of whose names normalises to ``name``'s key."""
        return [e for _, e, _ in self._key_rows(normalize(name))]

    def lookup_indexed(self, name: str) -> list[tuple[int, Entry]]:
        return [(i, e) for i, e, _ in self._key_rows(normalize(name))]

    def is_primary(self, entry_index: int, name: str) -> bool:
        return any(i == entry_index and prim for i, _, prim in self._key_rows(normalize(name)))

    def by_geonameid(self, geonameid: int) -> Entry | None:
        row = self._query("SELECT geonameid, name, feature, country, admin1, lat, lon, population "
                          "FROM entries WHERE geonameid = ? ORDER BY i LIMIT 1", (geonameid,))
        return Entry(*row[0]) if row else None

    def country(self, cc: str) -> Entry | None:
        i = self.countries_idx.get(cc)
        return self.entry(i) if i is not None else None

    def admin1(self, cc: str, code: str) -> Entry | None:
        i = self.admin1_idx.get((cc, code))
        return self.entry(i) if i is not None else None


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Open a gazetteer (default: the user's import, else the shipped one).

    The first call for a given table builds its SQLite index in the cache folder (seconds,
    once); later calls, in any process, only open it.
    """
    from brinkwatch.analyze._gazetteer_cache import index_path

    src = Path(path) if path else user_gazetteer_path()
    source = src if (path or src.exists()) else None
    if source is not None:
        logger.info("using gazetteer %s", source)
    gaz = Gazetteer(index_path(source, normalize))
    logger.info("gazetteer: %d entries (%s)", len(gaz), gaz.path)
    return gaz


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, opened on first use."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = load_gazetteer()
    return _instance
