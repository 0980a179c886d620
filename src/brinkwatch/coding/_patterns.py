"""Verb patterns, frames and event nouns (``data/verbs.tsv``, ``frames.tsv``, ``nominals.tsv``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

__all__ = ["Pattern", "frame_code", "frame_of", "nominal_code", "verb_patterns"]


@dataclass(frozen=True, slots=True)
class Pattern:
    """One verb pattern: the code it gives, and the conditions a verb must meet."""

    code: str
    lemmas: frozenset[str]
    conditions: tuple[tuple[str, frozenset[str]], ...]  # (kind, values); kind "armed" has none

    @property
    def specificity(self) -> int:
        return len(self.conditions)


def _lines(name: str) -> list[list[str]]:
    text = resources.files("brinkwatch.coding").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.rstrip("\n").split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@functools.cache
def verb_patterns() -> dict[str, list[Pattern]]:
    """Patterns by verb lemma, most specific first (file order breaks ties)."""
    by_lemma: dict[str, list[Pattern]] = {}
    for cols in _lines("verbs.tsv"):
        code, lemmas = cols[0], frozenset(cols[1].split("|"))
        conds = []
        for part in " ".join(cols[2:]).split():
            kind, _, values = part.partition("=")
            conds.append((kind, frozenset(values.split("|")) if values else frozenset()))
        pat = Pattern(code, lemmas, tuple(conds))
        for lemma in lemmas:
            by_lemma.setdefault(lemma, []).append(pat)
    for pats in by_lemma.values():
        pats.sort(key=lambda p: -p.specificity)  # stable: file order within equal specificity
    return by_lemma


@functools.cache
def _frames() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    verbs: dict[str, str] = {}
    maps: dict[str, dict[str, str]] = {}
    section = ""
    for cols in _lines("frames.tsv"):
        if cols[0].startswith("["):
            section = cols[0]
            continue
        if section == "[verbs]":
            for lemma in cols[1].split("|"):
                verbs.setdefault(lemma, cols[0])
        else:
            maps.setdefault(cols[0], {})[cols[1]] = cols[2]
    return verbs, maps


def frame_of(lemma: str) -> str | None:
    """The frame (appeal, intent, demand, refuse, threaten) a verb lemma belongs to, if any."""
    return _frames()[0].get(lemma)


def frame_code(frame: str, complement: str | None) -> str:
    """The CAMEO code of ``frame`` applied to a complement event code (longest prefix wins)."""
    table = _frames()[1][frame]
    if complement:
        for n in range(len(complement), 1, -1):
            if complement[:n] in table:
                return table[complement[:n]]
    return table["*"]


@functools.cache
def _nominals() -> dict[str, str]:
    out: dict[str, str] = {}
    for cols in _lines("nominals.tsv"):
        for lemma in cols[1].split("|"):
            out.setdefault(lemma, cols[0])
    return out


def nominal_code(lemma: str) -> str | None:
    """The CAMEO code an event noun stands for ("talks" → 046, "airstrike" → 195), or None."""
    return _nominals().get(lemma.lower())
