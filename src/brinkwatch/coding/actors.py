"""The actor dictionary (``data/actors.csv``) and the actor coder.

An actor phrase is coded as CAMEO-style ``country + role`` (``SRBGOV``, ``XKXPOL``,
``SRBUAF``) or as an international organisation's code (``IGOWSTNAT`` for NATO). Phrases are
matched against the dictionary by longest token n-gram, on word forms and on lemmas:

- a country name alone is the country (``Serbia`` → ``SRB``);
- a capital or seat of power stands for its government (``Belgrade`` → ``SRBGOV``,
  ``the Kremlin`` → ``RUSGOV``);
- a demonym or possessive gives the country of a role noun or title
  (``Serb gunmen`` → ``SRBUAF``, ``Serbia's president`` → ``SRBGOV``);
- unidentified armed men (gunmen, attackers, militants) are ``UAF``; organised insurgents
  (rebels, separatists, militias) are ``REB``; protesters and activists ``OPP``.

Users extend the dictionary by adding rows to the CSV, or with a CSV of their own named by
``BRINKWATCH_ACTORS`` (its rows take precedence). That file is checked once, before a run
stores anything (:func:`check_user_dictionary`): one that cannot be used stops the run with
one line naming it (:class:`ActorFileError`); its rows without a pattern or kind are skipped
and counted in a warning.
"""

from __future__ import annotations

import csv
import functools
import logging
import os
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from brinkwatch._setting_files import SettingFileError, read_setting_csv
from brinkwatch.coding.tables import read_table
from brinkwatch.ingest.errors import one_line
from brinkwatch.records import ActorRef, Span

__all__ = ["ActorEntry", "ActorFileError", "Tok", "check_user_dictionary", "code_tokens", "load_dictionary",
           "lookup_actor"]

log = logging.getLogger(__name__)
USER_FILE_VARIABLE = "BRINKWATCH_ACTORS"

# Which dictionary kinds carry a country, and which make the phrase a government by metonymy.
_COUNTRY_KINDS = {"country", "capital", "demonym", "seat", "person"}
_ARMED_ROLES = {"MIL", "POL", "REB", "UAF", "SPY"}
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z.'\-]*[A-Za-z.]|[A-Za-z]|\d+")


class ActorFileError(SettingFileError):
    """The user's actor dictionary (``BRINKWATCH_ACTORS``) cannot be read or lacks its
    ``pattern`` and ``kind`` columns; the message is one line naming the file and the reason."""


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One dictionary row: what a pattern means."""

    pattern: str
    kind: str  # country | capital | demonym | seat | igo | role | person
    country: str | None
    role: str | None
    code: str | None


@dataclass(frozen=True, slots=True)
class Tok:
    """The little a token needs for dictionary look-up (built from spaCy tokens or strings)."""

    text: str
    lemma: str
    pos: str = ""
    idx: int = -1


def _key(pattern: str) -> tuple[tuple[str, ...], bool]:
    words = pattern.replace("'s", " 's").split()
    case_sensitive = pattern.isupper() and len(pattern.replace(".", "")) <= 4
    return tuple(w if case_sensitive else w.lower() for w in words), case_sensitive


@functools.cache
def load_dictionary() -> dict:
    """The actor dictionary as ``{(case_sensitive, words): ActorEntry}``.

    Rows of a user's own CSV (same columns as ``data/actors.csv``; ``pattern`` and ``kind``
    required) named by the environment variable ``BRINKWATCH_ACTORS`` come first, so they
    override the shipped rows. Call :func:`check_user_dictionary` (or
    ``load_dictionary.cache_clear()``) after changing it in a running process.

    :raises ActorFileError: the user's file cannot be read, is not UTF-8 CSV, or has no
        ``pattern`` or ``kind`` column (rows missing either value are skipped with a warning).
    """
    rows = []
    user = os.environ.get(USER_FILE_VARIABLE)
    if user:
        rows += _user_rows(user)
    rows += [
        (r["pattern"], r["kind"], r["country"], r["role"], r["code"])
        for r in read_table("actors.csv")
    ]
    table: dict[tuple[bool, tuple[str, ...]], ActorEntry] = {}
    for pattern, kind, country, role, code in rows:
        words, cs = _key(pattern)
        entry = ActorEntry(pattern, kind, country or None, role or None, code or None)
        table.setdefault((cs, words), entry)
    return table


def _user_rows(path: str) -> list[tuple[str, str, str, str, str]]:
    """(pattern, kind, country, role, code) of the user's rows; rows without a pattern or a
    kind are skipped and counted in one warning."""
    lines = read_setting_csv(path, USER_FILE_VARIABLE, ("pattern", "kind"), error=ActorFileError, comments=True)
    rows, skipped = [], 0
    for r in csv.DictReader(lines):
        pattern, kind = (r.get("pattern") or "").strip(), (r.get("kind") or "").strip()
        if not pattern or not kind:
            skipped += 1
            continue
        rows.append((pattern, kind, *((r.get(c) or "").strip() for c in ("country", "role", "code"))))
    if skipped:
        log.warning("%s (%s): %d row(s) without a pattern or kind skipped", one_line(path), USER_FILE_VARIABLE,
                    skipped)
    return rows


def check_user_dictionary() -> None:
    """Read the actor dictionary afresh, so a ``BRINKWATCH_ACTORS`` file that cannot be used
    stops a command before it stores or analyses anything (the pipeline calls this first).

    With a user file the table is loaded and cached for the analysis that follows (worker
    processes forked later share it); the shipped table alone is loaded on first use, so a
    run with nothing to analyse never builds it.

    :raises ActorFileError: see :func:`load_dictionary`.
    """
    load_dictionary.cache_clear()
    if os.environ.get(USER_FILE_VARIABLE):  # the shipped table needs no check: load it lazily
        load_dictionary()


_MAX_LEN: tuple[dict, int] | None = None


def _max_len() -> int:
    """The most words in a pattern of the current dictionary (recomputed when it is reloaded)."""
    global _MAX_LEN
    table = load_dictionary()
    if _MAX_LEN is None or _MAX_LEN[0] is not table:
        _MAX_LEN = (table, max((len(k[1]) for k in table), default=1))
    return _MAX_LEN[1]


_FIRST_WORDS: tuple[dict, dict[str, int]] | None = None


def _first_word_lengths(table: dict) -> dict[str, int]:
    """First word of a pattern -> its longest pattern's length (patterns of 2+ words), for
    the dictionary ``table`` (rebuilt when the dictionary is reloaded)."""
    global _FIRST_WORDS
    if _FIRST_WORDS is None or _FIRST_WORDS[0] is not table:
        lengths: dict[str, int] = {}
        for _, words in table:
            if len(words) > 1:
                lengths[words[0]] = max(lengths.get(words[0], 0), len(words))
        _FIRST_WORDS = (table, lengths)
    return _FIRST_WORDS[1]


def _match(tokens: Sequence[Tok]) -> list[tuple[int, int, ActorEntry]]:
    """Longest-first dictionary matches over ``tokens`` as (start, end, entry)."""
    table = load_dictionary()
    lengths = _first_word_lengths(table)
    texts = [t.text for t in tokens]
    lows = [w.lower() for w in texts]
    max_len = _max_len()
    found = []
    i = 0
    while i < len(tokens):
        hit = None
        # A window of 2+ words starts with the token's form or its lower case (every variant
        # below keeps the first word), so windows longer than any pattern starting so are skipped.
        top = min(max_len, len(tokens) - i, max(lengths.get(texts[i], 0), lengths.get(lows[i], 0), 1))
        for n in range(top, 0, -1):
            window = tokens[i : i + n]
            forms = [tuple(texts[i : i + n])]
            lowered = tuple(lows[i : i + n])
            lemmas = lowered[:-1] + (window[-1].lemma.lower(),)
            variants = [(True, forms[0]), (False, lowered), (False, lemmas)]
            if window[-1].text[:1].isupper() and lowered[-1].endswith("s"):  # "Algerians"
                variants.append((False, lowered[:-1] + (lowered[-1][:-1],)))
            for cs, words in variants:
                entry = table.get((cs, words))
                if entry is None:
                    continue
                # role nouns only count as nouns ("general" the adjective is not an officer)
                if entry.kind == "role" and window[-1].pos not in ("", "NOUN", "PROPN"):
                    continue
                hit = (i, i + n, entry)
                break
            if hit:
                break
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found


def code_tokens(tokens: Sequence[Tok], head: int | None = None) -> tuple[str | None, str | None, str | None]:
    """(country, role, code) of an actor phrase; ``head`` is the index of its head token.

    Nothing known in the phrase gives ``(None, None, None)``.
    """
    matches = _match(tokens)
    if not matches:
        return None, None, None
    igo = next((e for _, _, e in matches if e.kind == "igo"), None)
    country = next((e.country for _, _, e in matches if e.kind in _COUNTRY_KINDS and e.country), None)
    if igo is not None and not any(e.kind == "country" for _, _, e in matches):
        return None, igo.role, igo.code
    role = None
    if head is not None:
        role = next((e.role for s, end, e in matches if s <= head < end and e.role), None)
    if role is None:
        role = next((e.role for _, _, e in reversed(matches) if e.kind == "role" and e.role), None)
    if role is None:
        role = next((e.role for _, _, e in matches if e.kind in ("capital", "seat", "person") and e.role), None)
    if role is None and head is not None and any(
        e.kind == "demonym" and s <= head < end for s, end, e in matches
    ) and not any(e.kind == "country" for _, _, e in matches):
        role = "CVL"  # a people named by nationality ("Serbs", "Albanians") are civilians
    if role is None and country is None:
        person = next((e for _, _, e in matches if e.kind == "person" and e.code), None)
        return (None, person.role, person.code) if person else (None, None, None)
    if country is None and igo is not None:
        return None, "IGO", igo.code
    code = f"{country or ''}{role or ''}" or None
    return country, role, code


def is_armed(actor: ActorRef) -> bool:
    """Whether an actor can use organised force: military, police, rebels, an unidentified
    armed group, a state named as a whole, or a military alliance."""
    if actor.role in _ARMED_ROLES:
        return True
    if actor.code and actor.country and actor.code == actor.country:
        return True
    return bool(actor.code and actor.code.startswith("IGOWSTNAT"))


def lookup_actor(text: str) -> ActorRef | None:
    """Code an actor given as plain text (``"Serbian President Aleksandar Vucic"`` → SRBGOV).

    Returns None when nothing in the text is in the actor dictionary.
    """
    words = _TOKEN_RE.findall(text)
    toks = [Tok(w, _naive_lemma(w)) for w in words]
    country, role, code = code_tokens(toks)
    if code is None:
        return None
    return ActorRef(text=text, country=country, role=role, code=code, entity_key=_entity_key(text))


def _naive_lemma(word: str) -> str:
    lower = word.lower()
    if lower.endswith("men") and len(lower) > 4:
        return lower[:-3] + "man"
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3:
        return lower[:-1]
    return lower


def _entity_key(text: str) -> str:
    return " ".join(w.lower() for w in _TOKEN_RE.findall(text) if w.lower() not in ("the", "a", "an"))


def make_ref(text: str, span: Span | None, tokens: Iterable[Tok], head: int | None) -> ActorRef | None:
    """An :class:`ActorRef` for a phrase, or None when it codes to nothing."""
    country, role, code = code_tokens(list(tokens), head)
    if code is None:
        return None
    return ActorRef(text=text, span=span, country=country, role=role, code=code, entity_key=_entity_key(text))
