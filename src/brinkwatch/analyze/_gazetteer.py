"""The gazetteer: loading the compact GeoNames-derived table and looking names up.

Loaded once per process (:func:`get_gazetteer`). The file is the user's import
(``brinkwatch gazetteer import FILE``) when present, else the one shipped in
``brinkwatch/geo``; ``geo/supplement.tsv`` (GeoNames dump columns) is always added.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
import threading
from functools import lru_cache
from importlib import resources
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


_DIVISION_SUFFIX = re.compile(
    r"\s+(county|parish|borough|district|municipality|province|prefecture|oblast|region|governorate)$"
)
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


def _geo_file(name: str):
    return resources.files("brinkwatch.geo").joinpath(name)


class Gazetteer:
    """Entries and a name index over them (primary and alternate names)."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.index: dict[str, list[int]] = {}
        self.primary: dict[str, list[int]] = {}
        self.by_id: dict[int, int] = {}
        self.countries: dict[str, int] = {}  # alpha-2 -> entry index of the country
        self.admin1: dict[tuple[str, str], int] = {}  # (cc, admin1) -> entry index
        self.demonyms: dict[str, str] = {}  # normalised demonym -> alpha-2 or continent name

    def add(self, entry: Entry, alts: list[str]) -> None:
        """Add one entry under its name and alternate names."""
        if entry.geonameid is not None and entry.geonameid in self.by_id:
            return
        i = len(self.entries)
        self.entries.append(entry)
        if entry.geonameid is not None:
            self.by_id[entry.geonameid] = i
        keys = {normalize(entry.name)}
        self.primary.setdefault(normalize(entry.name), []).append(i)
        keys.update(normalize(a) for a in alts)
        if entry.feature.startswith("A.ADM"):
            keys.update(_DIVISION_SUFFIX.sub("", k) for k in list(keys))
        if entry.is_country:
            self.countries.setdefault(entry.country, i)
        elif entry.feature == "A.ADM1" and entry.admin1:
            self.admin1.setdefault((entry.country, entry.admin1), i)
        for key in keys:
            if key:
                self.index.setdefault(key, []).append(i)

    def lookup(self, name: str) -> list[Entry]:
        """Every entry one of whose names normalises to ``name``'s key."""
        return [self.entries[i] for i in self.index.get(normalize(name), ())]

    def is_primary(self, entry_index: int, name: str) -> bool:
        return entry_index in self.primary.get(normalize(name), ())

    def lookup_indexed(self, name: str) -> list[tuple[int, Entry]]:
        return [(i, self.entries[i]) for i in self.index.get(normalize(name), ())]

    def country(self, cc: str) -> Entry | None:
        i = self.countries.get(cc)
        return self.entries[i] if i is not None else None


def _read_rows(fh, gaz: Gazetteer) -> None:
    for line in fh:
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 8:
            continue
        try:
            entry = Entry(
                int(cols[0]) if cols[0] else None, cols[1], cols[2], cols[3], cols[4],
                float(cols[5]), float(cols[6]), int(cols[7] or 0),
            )
        except ValueError:
            continue
        gaz.add(entry, cols[8].split("|") if len(cols) > 8 and cols[8] else [])


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Read a gazetteer file (default: the user's import, else the shipped one)."""
    from brinkwatch.analyze._gazetteer_build import parse_geonames_lines

    gaz = Gazetteer()
    # the supplement first, so its rows win when an import also has the place
    with _geo_file("supplement.tsv").open(encoding="utf-8") as fh:
        lines = list(fh)
    for row in parse_geonames_lines(lines):
        gaz.add(Entry(int(row[0]) if row[0] else None, *row[1:8]), row[8].split("|") if row[8] else [])
    src = Path(path) if path else user_gazetteer_path()
    if path or src.exists():
        logger.info("loading gazetteer %s", src)
        with gzip.open(src, "rt", encoding="utf-8") as fh:
            _read_rows(fh, gaz)
    else:
        with _geo_file("gazetteer.tsv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
            _read_rows(fh, gaz)
    with _geo_file("demonyms.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or "\t" not in line:
                continue
            word, target = line.rstrip("\n").split("\t")[:2]
            gaz.demonyms[normalize(word)] = target
    logger.info("gazetteer: %d entries, %d names", len(gaz.entries), len(gaz.index))
    return gaz


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = load_gazetteer()
    return _instance
