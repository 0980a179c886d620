"""Words for the brief's sentences: actors, places, dates, numbers and event clauses.

Only names and values from the export are used; when a part is missing or unusable (a
pronoun as an actor, a place the quoted evidence never names), it is left out rather than
guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from ._cameo_phrases import MATERIAL_ROOTS, NORP_ROLE, VIOLENT_ROOTS, forms_for
from ._text import clean, fmt_number

_PRONOUNS = {
    "he", "she", "it", "they", "we", "i", "you", "who", "which", "this", "that", "these",
    "those", "him", "her", "them", "us", "one", "two parties", "both", "others", "someone",
}  # fmt: skip
_POSSESSIVE = re.compile(r"\b(its|their|his|her|our|my|your)\b", re.I)
_DETERMINERS = {"a", "an", "the", "some", "several", "many", "few", "two", "three", "four",
                "five", "six", "seven", "eight", "nine", "ten", "dozens", "hundreds"}
_INSTITUTIONS = {"police", "ministry", "government", "army", "forces", "house", "council",
                 "office", "union", "department", "parliament", "assembly", "kremlin",
                 "pentagon", "military", "command", "administration", "commission",
                 "presidency", "alliance", "guard", "guards", "service", "embassy"}
_THE_COUNTRY = re.compile(r"^(united|republic|kingdom|federation|netherlands|philippines|"
                          r"czech republic|democratic|people's|european union|gambia|bahamas)",
                          re.I)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_INVARIANT = {"people", "personnel", "police", "staff", "troops", "civilians", "military",
              "infantry", "aircraft", "sheep", "livestock", "militia", "police officers"}


@functools.lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """An ISO alpha-2/alpha-3 code as a country name (``XK``/``XKX`` → Kosovo); else ""."""
    code = clean(code).upper()
    if code in ("XK", "XKX"):
        return "Kosovo"
    if len(code) not in (2, 3) or not code.isalpha():
        return ""
    try:
        import pycountry

        found = pycountry.countries.get(**{"alpha_2" if len(code) == 2 else "alpha_3": code})
    except (ImportError, KeyError, LookupError):
        return ""
    if found is None:
        return ""
    return getattr(found, "common_name", None) or found.name.split(",")[0]


def with_article(name: str, etype: str = "") -> str:
    """``United States`` → ``the United States``; ``Kosovo Police`` → ``the Kosovo Police``."""
    if not name or name.lower().startswith("the "):
        return name
    words = name.split()
    if etype == "PERSON":
        return name
    if _THE_COUNTRY.match(name) and etype in ("", "GPE", "LOC"):
        return "the " + name
    if len(words) > 1 and words[0][:1].isupper() and any(w.lower() in _INSTITUTIONS
                                                         for w in words):
        return "the " + name
    return name


def _common_noun(name: str) -> str:
    """A lower-case actor phrase the coder found (``patrol``) with an article when it needs one;
    "" when it is not a usable noun phrase."""
    words = name.split()
    if not words or len(words) > 4 or _POSSESSIVE.search(name) or " of " in f" {name} ":
        return ""
    if words[0].lower() in _DETERMINERS or words[0][:1].isdigit():
        return name
    if name.lower().endswith("s") or name.lower() in _INVARIANT:
        return name  # a plural: "peacekeepers", "crowds"
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


def actor_phrase(side: Any, entities: dict[str, dict[str, Any]], root: str, *,
                 target: bool = False) -> str:
    """An event side as words for a sentence, or "" when it names no usable actor.

    Resolved entities use their canonical name (with "the" where English needs one); a
    nationality (NORP) becomes "Serbian forces"/"Serbian assailants" after the event's root;
    pronouns and clause fragments are dropped.
    """
    if not isinstance(side, dict):
        return ""
    raw = clean(side.get("name"))
    ent = entities.get(clean(side.get("entity"))) if side.get("entity") else None
    if ent is not None:
        name, etype = clean(ent.get("name")) or raw, clean(ent.get("type")).upper()
    else:
        name, etype = raw, ""
    if not name:
        name = country_name(clean(side.get("country")))
        etype = "GPE" if name else ""
    if not name or name.lower() in _PRONOUNS:
        return ""
    demonym = not ent and re.fullmatch(r"[A-Z][a-z]+(ian|ish|ese|ean|ovan|ani)", name)
    if etype == "NORP" or demonym:
        role = None if target else NORP_ROLE.get(root)
        return f"{name} {role}" if role else f"the {name} side"
    if name[:1].islower():
        return _common_noun(name)
    return with_article(name, etype)


def place_phrase(ev: dict[str, Any]) -> str:
    """``in Banjska (Kosovo)``, only when the event's quoted evidence names the place."""
    place = ev.get("place") if isinstance(ev.get("place"), dict) else {}
    name = clean(place.get("name"))
    if not name:
        return ""
    quoted = " ".join(clean(m.get("text")) for m in ev.get("mentions") or []
                      if isinstance(m, dict)).lower()
    if name.lower() not in quoted:
        return ""
    country = country_name(clean(place.get("country")))
    if country and country.lower() != name.lower():
        return f"in {name} ({country})"
    return f"in {with_article(name)}"


def parse_date(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a TIMEX-style date covers (``2008`` → 2008-01-01..2008-12-31)."""
    s = clean(value)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            d = dt.date.fromisoformat(s)
            return d, d
        if re.fullmatch(r"\d{4}-\d{2}", s):
            y, m = int(s[:4]), int(s[5:])
            last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1))
            return dt.date(y, m, 1), last
        if re.fullmatch(r"\d{4}-W\d{2}", s):
            first = dt.date.fromisocalendar(int(s[:4]), int(s[6:]), 1)
            return first, first + dt.timedelta(days=6)
        if re.fullmatch(r"\d{4}", s):
            return dt.date(int(s), 1, 1), dt.date(int(s), 12, 31)
    except ValueError:
        return None
    return None


def date_words(value: str) -> tuple[str, str]:
    """``2023-09-24`` → (``on``, ``24 September 2023``); ``2008`` → (``in``, ``2008``)."""
    s = clean(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) and parse_date(s):
        return "on", f"{int(s[8:])} {_MONTHS[int(s[5:7]) - 1]} {s[:4]}"
    if re.fullmatch(r"\d{4}-\d{2}", s) and parse_date(s):
        return "in", f"{_MONTHS[int(s[5:7]) - 1]} {s[:4]}"
    if re.fullmatch(r"\d{4}-W\d{2}", s):
        return "in", f"week {int(s[6:])} of {s[:4]}"
    return ("in", s) if s else ("", "")


def big_number(x: Any) -> str:
    """``1700000`` → ``1.7 million``; smaller numbers with thousands separators."""
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        for size, word in ((1e9, "billion"), (1e6, "million")):
            if abs(x) >= size:
                return f"{fmt_number(round(x / size, 2))} {word}"
    return fmt_number(x)


def plural(unit: str, n: Any) -> str:
    """A counted noun in the number ``n`` asks for (``gunman``, 3 → ``gunmen``)."""
    u = clean(unit)
    if not u or n == 1 or u.lower() in _INVARIANT or u.lower().endswith(("s", "people")):
        return u
    if u.endswith("man"):
        return u[:-3] + "men"
    if u.endswith("y") and u[-2:-1] not in ("a", "e", "o", "u"):
        return u[:-1] + "ies"
    if u.endswith(("ch", "sh", "x")):
        return u + "es"
    return u + "s"


def value_words(v: dict[str, Any], *, unit: bool = True) -> str:
    """A claim value as a reader says it: ``about 1.8 million inhabitants``, ``500–650 troops``."""
    low, high, value = v.get("low"), v.get("high"), v.get("value")
    qualifier = clean(v.get("qualifier"))
    ranged = value is None or qualifier.lower() in ("range", "between", "from")  # else low/high only widen "about"
    if ranged and isinstance(low, (int, float)) and isinstance(high, (int, float)) and low != high:
        number, n = f"{big_number(low)}–{big_number(high)}", high
    elif value is not None:
        number, n = big_number(value), value
    elif low is not None or high is not None:
        number = big_number(low if low is not None else high)
        n = low if low is not None else high
    else:
        return "?"
    if ranged and low != high:
        qualifier = ""
    if qualifier and qualifier.lower() not in ("range", "exact", "none", "="):
        number = f"{qualifier} {number}"
    noun = plural(clean(v.get("unit")), n) if unit else ""
    return f"{number} {noun}".strip()


class Recaser:
    """Restore the resolved spelling of entity names in lower-cased text (``kfor`` → ``KFOR``)."""

    def __init__(self, entities: list[dict[str, Any]]) -> None:
        forms: dict[str, str] = {}
        for ent in entities:
            names = [clean(a) for a in ent.get("aliases") or []] + [clean(ent.get("name"))]
            for n in names:  # the canonical name last, so it wins
                if n and n != n.lower():
                    forms[n.lower()] = n if n.lower() != clean(ent.get("name")).lower() \
                        else clean(ent.get("name"))
        self._forms = forms
        keys = sorted(forms, key=len, reverse=True)
        self._pattern = (re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b", re.I)
                         if keys else None)

    def __call__(self, text: str) -> str:
        text = clean(text)
        if not self._pattern or not text:
            return text
        return self._pattern.sub(lambda m: self._forms.get(m.group(0).lower(), m.group(0)), text)


def event_root(ev: dict[str, Any]) -> str:
    """The two-digit CAMEO root of an event ("" when unknown)."""
    root = clean(ev.get("root"))
    if root:
        return root.zfill(2)[:2]
    return clean(ev.get("cameo"))[:2]


def is_material(ev: dict[str, Any]) -> bool:
    """Does the event happen on the ground (QuadClass 2/4 or a material root)?"""
    q = ev.get("quad_class")
    return str(q) in ("2", "4") or event_root(ev) in MATERIAL_ROOTS


def is_violent(ev: dict[str, Any]) -> bool:
    """Assault, fighting or mass violence, or any event with casualties."""
    toll = any(isinstance(ev.get(k), (int, float)) and ev.get(k) for k in ("fatalities",
                                                                         "injuries"))
    return event_root(ev) in VIOLENT_ROOTS or bool(toll)


def toll_words(ev: dict[str, Any]) -> str:
    """``4 killed, 2 injured`` from the event's counts ("" when none)."""
    parts = []
    for key, word in (("fatalities", "killed"), ("injuries", "injured"), ("arrests", "arrested")):
        n = ev.get(key)
        if isinstance(n, (int, float)) and not isinstance(n, bool) and n > 0:
            parts.append(f"{fmt_number(n)} {word}")
    return ", ".join(parts)


def event_clause(ev: dict[str, Any], entities: dict[str, dict[str, Any]], *,
                 strict: bool = False) -> str:
    """What happened, as a clause (not capitalised): ``Serbian assailants attacked a patrol in Banjska (Kosovo)``.

    With ``strict``, an event whose actors cannot be named and whose code has no agentless
    wording gives "" (the story sentences skip it); otherwise "an unidentified actor" stands in.
    """
    root = event_root(ev)
    forms = forms_for(clean(ev.get("cameo")), root, clean(ev.get("plover")))
    if forms is None:
        return ""
    src = actor_phrase(ev.get("source"), entities, root)
    tgt = actor_phrase(ev.get("target"), entities, root, target=True)
    if tgt and src and tgt.lower() == src.lower():
        tgt = ""
    if src and tgt:
        text = forms.st.format(s=src, t=tgt)
    elif src:
        text = forms.s.format(s=src)
    elif tgt and forms.t:
        text = forms.t.format(t=tgt)
    elif forms.none:
        text = forms.none
    elif strict:
        return ""
    else:
        text = forms.st.format(s="an unidentified actor", t=tgt) if tgt else \
            forms.s.format(s="an unidentified actor")
    if is_material(ev):
        place = place_phrase(ev)
        if place and place.split(" (")[0][3:].lower() not in text.lower():
            text += f" {place}"
    return text
