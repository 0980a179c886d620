"""CAMEO reference tables, read from ``data/*.csv``: names, Goldstein weights, QuadClass,
and the CAMEO → PLOVER and CAMEO → ACLED maps (sources and licenses in ``data/README.md``)."""

from __future__ import annotations

import csv
import functools
from importlib import resources

__all__ = [
    "acled",
    "cameo_name",
    "goldstein",
    "is_known_code",
    "plover",
    "plover_mode",
    "quad_class",
    "root_of",
]


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of the CSV file ``data/<name>`` as dicts (lines starting with ``#`` are skipped)."""
    text = resources.files("brinkwatch.coding").joinpath("data", name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines))


@functools.cache
def _codes() -> dict[str, tuple[str, float]]:
    return {r["code"]: (r["name"], float(r["goldstein"])) for r in read_table("cameo_codes.csv")}


@functools.cache
def _roots() -> dict[str, int]:
    return {r["root"]: int(r["quad_class"]) for r in read_table("cameo_roots.csv")}


@functools.cache
def _plover() -> dict[str, tuple[str, str]]:
    return {r["code"]: (r["plover_event"], r["plover_mode"]) for r in read_table("cameo_plover.csv")}


@functools.cache
def _acled() -> dict[str, tuple[str, str]]:
    return {
        r["code"]: (r["acled_event_type"], r["acled_sub_event_type"])
        for r in read_table("cameo_acled.csv")
    }


def root_of(code: str) -> str:
    """The two-digit CAMEO root of a code (``"1823"`` → ``"18"``)."""
    return code[:2]


def is_known_code(code: str) -> bool:
    """Whether ``code`` is a CAMEO 1.1b3 event code (root or sub-code)."""
    return code in _codes()


def cameo_name(code: str) -> str | None:
    """The CAMEO 1.1b3 name of an event code, e.g. ``"190"`` → ``"Use conventional military force"``."""
    row = _codes().get(code)
    return row[0] if row else None


def goldstein(code: str) -> float | None:
    """The Goldstein conflict-cooperation weight (-10..+10) of a code; falls back to its root's."""
    row = _codes().get(code) or _codes().get(root_of(code))
    return row[1] if row else None


def quad_class(root: str) -> int | None:
    """QuadClass of a root (or any code): 1 verbal coop, 2 material coop, 3 verbal conflict,
    4 material conflict."""
    return _roots().get(root_of(root))


def plover(code: str) -> str | None:
    """The PLOVER (2021 map) event type of a CAMEO code, or None (CAMEO 01 and 02 have none)."""
    row = _plover().get(code)
    return row[0] if row else None


def plover_mode(code: str) -> str | None:
    """The PLOVER mode of a CAMEO code (e.g. ``"visit"``, ``"arrest"``), or None."""
    row = _plover().get(code)
    return (row[1] or None) if row else None


def acled(code: str) -> tuple[str, str] | None:
    """The ACLED (event type, sub-event type) closest to a CAMEO code, or None when ACLED
    does not record that kind of act (most verbal events)."""
    return _acled().get(code)
