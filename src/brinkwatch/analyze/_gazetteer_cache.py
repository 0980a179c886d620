"""The gazetteer's on-disk index: a SQLite file built once from the gzip table, then shared.

Reading the gzip table (about 272,000 rows, 500,000 names) and folding every name to ASCII
takes seconds and holds hundreds of MB per process. Instead, the first process that needs
the gazetteer writes an indexed SQLite file into a cache folder; every later process (and
every worker) opens it read-only and memory-mapped, so start-up is a file open and the
pages are shared through the OS page cache.

The cascade:

1. the cache file name carries a signature of its sources (the table's path, size and
   mtime, the shipped supplement and demonym files, the format version), so a new import
   or a new release builds a new file and never reads a stale one;
2. the builder holds an exclusive file lock, writes to a temporary file and renames it into
   place, so two workers starting together build once and never see half a file;
3. the cache folder is ``$BRINKWATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/brinkwatch``, else
   ``~/.cache/brinkwatch``; when it cannot be written, a temporary folder is used (logged).

The rows and their order are exactly what the old in-memory loader produced, so lookups
give the same candidates in the same order.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1

_DIVISION_SUFFIX = re.compile(
    r"\s+(county|parish|borough|district|municipality|province|prefecture|oblast|region|governorate)$"
)

_SCHEMA = """
CREATE TABLE entries (
    i INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, feature TEXT NOT NULL,
    country TEXT NOT NULL, admin1 TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    population INTEGER NOT NULL
);
CREATE TABLE names (key TEXT NOT NULL, i INTEGER NOT NULL, prim INTEGER NOT NULL,
                    PRIMARY KEY (key, i)) WITHOUT ROWID;
CREATE TABLE countries (cc TEXT PRIMARY KEY, i INTEGER NOT NULL);
CREATE TABLE admin1 (cc TEXT NOT NULL, code TEXT NOT NULL, i INTEGER NOT NULL, PRIMARY KEY (cc, code));
CREATE TABLE demonyms (key TEXT PRIMARY KEY, target TEXT NOT NULL);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""


def cache_dir() -> Path:
    """Where built gazetteer indexes live."""
    env = os.environ.get("BRINKWATCH_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "brinkwatch"


def _geo_bytes(name: str) -> bytes:
    return resources.files("brinkwatch.geo").joinpath(name).read_bytes()


def _signature(source: Path | None) -> str:
    h = hashlib.sha256(f"v{FORMAT_VERSION}".encode())
    if source is None:
        shipped = resources.files("brinkwatch.geo").joinpath("gazetteer.tsv.gz")
        h.update(b"shipped")
        with resources.as_file(shipped) as p:
            st = Path(p).stat()
            h.update(f"{st.st_size}".encode())
    else:
        st = source.stat()
        h.update(f"{source.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
    h.update(_geo_bytes("supplement.tsv"))
    h.update(_geo_bytes("demonyms.tsv"))
    return h.hexdigest()[:16]


class _Writer:
    """Streams entries into the SQLite file with the in-memory loader's rules."""

    def __init__(self, conn: sqlite3.Connection, normalize) -> None:
        self.conn = conn
        self.normalize = normalize
        self.n = 0
        self.ids: set[int] = set()
        self.countries: dict[str, int] = {}
        self.admin1: dict[tuple[str, str], int] = {}
        self._entries: list[tuple] = []
        self._names: list[tuple] = []

    def add(self, entry: tuple, alts: list[str]) -> None:
        gid, name, feature, cc, adm1 = entry[:5]
        if gid is not None:
            if gid in self.ids:
                return
            self.ids.add(gid)
        i = self.n
        self.n += 1
        self._entries.append((i, *entry))
        primary = self.normalize(name)
        keys = {primary}
        keys.update(self.normalize(a) for a in alts)
        if feature.startswith("A.ADM"):
            keys.update(_DIVISION_SUFFIX.sub("", k) for k in list(keys))
        if feature.startswith("A.PCL") or feature == "A.TERR":
            self.countries.setdefault(cc, i)
        elif feature == "A.ADM1" and adm1:
            self.admin1.setdefault((cc, adm1), i)
        self._names.extend((k, i, int(k == primary)) for k in keys if k)
        if len(self._entries) >= 20000:
            self.flush()

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)", self._entries)
        self.conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", self._names)
        self._entries.clear()
        self._names.clear()

    def finish(self) -> None:
        self.flush()
        self.conn.executemany("INSERT INTO countries VALUES (?,?)", self.countries.items())
        self.conn.executemany("INSERT INTO admin1 VALUES (?,?,?)", [(c, a, i) for (c, a), i in self.admin1.items()])


def _table_rows(lines: Iterable[str]) -> Iterator[tuple[tuple, list[str]]]:
    for line in lines:
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 8:
            continue
        try:
            entry = (int(cols[0]) if cols[0] else None, cols[1], cols[2], cols[3], cols[4],
                     float(cols[5]), float(cols[6]), int(cols[7] or 0))
        except ValueError:
            continue
        yield entry, (cols[8].split("|") if len(cols) > 8 and cols[8] else [])


def _build(target: Path, source: Path | None, normalize) -> None:
    from brinkwatch.analyze._gazetteer_build import parse_geonames_lines

    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        writer = _Writer(conn, normalize)
        # the supplement first, so its rows win when an import also has the place
        supplement = _geo_bytes("supplement.tsv").decode("utf-8").splitlines(keepends=True)
        for row in parse_geonames_lines(supplement):
            writer.add((int(row[0]) if row[0] else None, *row[1:8]), row[8].split("|") if row[8] else [])
        if source is not None:
            fh = gzip.open(source, "rt", encoding="utf-8")
        else:
            raw = resources.files("brinkwatch.geo").joinpath("gazetteer.tsv.gz").open("rb")
            fh = gzip.open(raw, "rt", encoding="utf-8")
        with fh:
            for entry, alts in _table_rows(fh):
                writer.add(entry, alts)
        writer.finish()
        demonyms: dict[str, str] = {}
        for line in _geo_bytes("demonyms.tsv").decode("utf-8").splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            word, tgt = line.split("\t")[:2]
            demonyms[normalize(word)] = tgt
        conn.executemany("INSERT INTO demonyms VALUES (?,?)", demonyms.items())
        conn.execute("CREATE INDEX entries_gid ON entries(geonameid)")
        conn.execute("INSERT INTO meta VALUES ('source', ?)", (str(source) if source else "shipped",))
        conn.commit()
        conn.execute("VACUUM")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)  # a failed build (bad gzip, full disk) leaves nothing behind
        raise
    conn.close()
    os.replace(tmp, target)
    logger.info("gazetteer index built: %s (%d entries)", target, writer.n)


@contextmanager
def _locked(path: Path):
    import fcntl

    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def index_path(source: Path | None, normalize) -> Path:
    """The SQLite index for ``source`` (None: the shipped table), built on first use."""
    name = f"gazetteer-{_signature(source)}.sqlite"
    folders = [cache_dir(), Path(tempfile.gettempdir()) / "brinkwatch-cache"]
    last_error: Exception | None = None
    for folder in folders:
        target = folder / name
        if target.exists():
            return target
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with _locked(folder / (name + ".lock")):
                if not target.exists():
                    logger.info("building the gazetteer index %s (once)", target)
                    _build(target, source, normalize)
            return target
        except OSError as exc:
            logger.warning("cannot build the gazetteer index in %s: %s", folder, exc)
            last_error = exc
    raise OSError(f"no writable cache folder for the gazetteer index: {last_error}")
