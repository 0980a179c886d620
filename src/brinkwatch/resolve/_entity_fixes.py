"""Corrections to NER mentions before entity resolution, from data and the article itself.

The small English model makes the same slips again and again in this domain; each is fixed
by evidence, never per document:

1. ``data/label_fixes.csv``: names that are junk as entities ("State" out of "Secretary of
   State") or carry a wrong label ("Adriatic" as NORP is a sea, LOC);
2. a mention that runs over a line break, a lone capitalised word that is a whole line of
   the article, or one that starts a sentence or sits in a title-case heading while the
   corpus also writes it in lower case ("Tensions rise"), is dropped unless a table knows
   the name; a demonym labelled GPE or ORG ("Kosovar") is a NORP;
3. a PERSON that the geocoder placed, or that is a country or capital ("Pristina"), is a GPE;
4. a non-PERSON that is a person's title and a name ("PM Kurti") is a PERSON;
5. a PERSON whose first word is a country name ("Serbia Aleksandar Vucic", a run-on of
   "Serbia" and the name) loses that word.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

from brinkwatch.records import Mention
from brinkwatch.resolve._names import name_key

# titles that only people carry (a body can be "State" or "Defence", a person "PM X")
PERSON_TITLES = {
    "mr", "mrs", "ms", "dr", "sir", "dame", "president", "pm", "prime minister", "general", "gen",
    "lt", "col", "colonel", "major", "captain", "capt", "admiral", "adm", "chancellor", "king",
    "queen", "prince", "pope", "senator", "sen", "rep", "governor", "gov", "mayor", "ambassador",
    "sheikh", "judge", "premier", "minister", "foreign minister", "defence minister",
    "defense minister", "interior minister", "secretary of state", "spokesman", "spokeswoman",
}


@dataclass(frozen=True)
class Fixed:
    """A mention as resolution should see it: its key and (corrected) label, and why."""

    key: str
    label: str
    note: str | None = None


@functools.lru_cache(maxsize=1)
def label_fixes() -> dict[tuple[str, str], str]:
    """(name key, label or ``*``) -> ``drop`` or the right label."""
    text = resources.files("brinkwatch.resolve").joinpath("data/label_fixes.csv").read_text("utf-8")
    table: dict[tuple[str, str], str] = {}
    for row in csv.DictReader(text.splitlines()):
        table[(name_key(row["name"]), row["label"].strip() or "*")] = row["action"].strip()
    return table


def _line_of(text: str, start: int, end: int) -> str:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return text[a : b if b >= 0 else len(text)].strip()


def _starts_or_heading(text: str, start: int, line: str) -> bool:
    """Whether ``start`` begins a sentence or a line, or lies in a title-case heading line."""
    before = text[max(0, start - 3) : start]
    if start == 0 or before.endswith("\n") or re.search(r"[.!?][\"'”’]?\s+$", before):
        return True
    words = re.findall(r"[A-Za-z][\w'-]*", line)
    caps = sum(1 for w in words if w[0].isupper())
    return not line.endswith(".") and len(words) >= 3 and caps >= 0.6 * len(words)


def common_words(texts) -> frozenset[str]:
    """Words the texts write in lower case somewhere (so a capitalised one is position only)."""
    found: set[str] = set()
    for text in texts:
        found.update(_LOWER_WORD.findall(text))
    return frozenset(found)


_LOWER_WORD = re.compile(r"(?<![\w.-])[a-z][a-z]{2,}(?![\w-])")


def _strip_person_title(key: str) -> str | None:
    words = key.split()
    for n in (3, 2, 1):
        if len(words) > n and " ".join(words[:n]) in PERSON_TITLES:
            return " ".join(words[n:])
    return None


def correct(
    mention: Mention,
    key: str,
    text: str | None,
    placed: bool,
    known: set[str],
    countries: dict[str, str],
    capitals: dict[str, str],
    nationality: dict[str, str] | None = None,
    common_words: frozenset[str] = frozenset(),
) -> Fixed | None:
    """The mention's key and label after the corrections above; None drops it.

    :param key: the mention's name key (titles already stripped for PERSON).
    :param text: the article's text (None when unknown).
    :param placed: whether the geocoder resolved this exact span as a place.
    :param known: keys some table knows (aliases), which are never dropped as headings.
    :param common_words: words the corpus also writes in lower case (common nouns).
    """
    nationality = nationality or {}
    label = mention.label
    fixes = label_fixes()
    action = fixes.get((key, label)) or fixes.get((key, "*"))
    if action == "drop":
        return None
    if action:
        return Fixed(key, action, f"label {label} corrected to {action} (label table)")
    surface = mention.span.text
    if "\n" in surface:
        return None
    singular = key[:-1] if key.endswith("s") else key
    unknown = key not in known and key not in countries and key not in capitals
    if text and " " not in surface and unknown and key not in nationality and singular not in nationality:
        line = _line_of(text, mention.span.start, mention.span.end)
        if line == surface:
            return None  # a one-word heading
        if surface.lower() in common_words and _starts_or_heading(text, mention.span.start, line):
            return None  # "Tensions rise ...": a common noun capitalised by position
    if label in {"GPE", "ORG", "FAC"} and unknown and (key in nationality or singular in nationality):
        return Fixed(key, "NORP", f"a demonym labelled {label}")
    if label == "PERSON":
        if placed or key in countries or key in capitals:
            return Fixed(key, "GPE", "a place the model took for a person")
        words = key.split()
        if len(words) >= 2 and words[0] in countries:
            return Fixed(" ".join(words[1:]), "PERSON", f"'{words[0]}' run on to the name")
    elif label in {"ORG", "GPE", "NORP", "FAC"}:
        rest = _strip_person_title(key)
        if rest and rest not in countries:
            return Fixed(rest, "PERSON", "a person's title and name taken for a body")
    return Fixed(key, label)
