"""Joint disambiguation: every toponym of a document chooses its reading given the others.

Local news names towns that share their names with bigger places elsewhere ("Paris" in
Illinois, "Dublin" in Ohio, "Gainesville" in Georgia). One name alone cannot tell; the
document's other toponyms can. The cascade:

1. each distinct name (with its "City, ST" qualifier) gets its context-free candidates from
   :func:`~brinkwatch.analyze._gazetteer_resolve.rank` (feature type, population, own name,
   qualifier); a qualifier decides outright ("Belgrade, Minn." keeps only Minnesota
   readings, and the town over its same-named county); a big city's size bonus counts only
   for its own name, not a historic or foreign alternate ("Berea" for Aleppo);
2. every name starts at its context-free best reading; fixed targets (demonyms,
   abbreviations such as "Ky.") and the caller's context countries are fixed readings; the
   document's home division (most sure readings: a state named outright or as a qualifier
   counts twice) lifts the ambiguous names' readings there;
3. a few rounds of coordinate ascent: each name re-scores its candidates against the
   current readings of the *other* names (never its own): the share of them in the same
   country, in neighbouring countries, the same first-level division (the document's
   implied region: a newspaper's state dominates its own toponyms), and the distance to the
   nearest other local place; a division of a country nothing else is in or borders is
   discounted; names whose best reading is clear go first; a small namesake of a city of
   millions gets half the context unless another name reads as its own state or county
   ("London" beside "Laurel County, Kentucky");
4. the readings stop changing (or the round limit is hit) and each name keeps its best;
   the same ascent also runs from up to three cluster starts (three names in one small
   area, or a county and a town in it) and the configuration with the best weighted
   objective wins.

A name the text uses as a municipality ("Berea police", "mayor of X") favours populated
places over same-named divisions and countries.

Coherence is weighed by share, not presence, so one passing mention of France does not pull
every "Paris" there, while a document full of Illinois towns does pull its "Paris" home.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from brinkwatch.analyze._gazetteer import Entry, Gazetteer, normalize
from brinkwatch.analyze._gazetteer_resolve import _FEATURE_PRIOR, country_facts, haversine_km, rank

_MAX_CANDIDATES = 80
_ROUNDS = 4
# a namesake under 0.5% of the name's biggest place, a city of millions (a Belgian hamlet "Belgrade") gets half the context
_DWARF_SHARE = 0.005
_DWARFED = 0.5
_PROMINENT = 100000  # population above which a place gets a growing bonus
_W_PROMINENT = 2.0  # per tenfold population above that
_FAR_KM = 2500.0
_W_FAR = 1.5  # a reading far from every other one
_CLUSTER_KM = 80.0
_STARTS = 3  # cluster starts tried besides the context-free one
_SEAT_KM = 40.0  # a town this close to a same-state county's middle counts as in it  # how close three names' readings must lie to count as one area
_UNSURE = 0.5  # an ambiguous name's current reading counts half for the others
_W_COUNTRY = 4.0  # times the share of other readings in the candidate's country
_W_ADMIN1_ANY = 2.0  # some other reading lies in the candidate's first-level division
_W_ADMIN1_SHARE = 3.0  # times the share of other readings in that division
_W_NEIGHBOUR = 1.5  # times the share of other readings in countries bordering the candidate's
_W_FOREIGN_ADM1 = 2.0  # a division of a country nothing else in the document is in or borders
_W_HOME = 1.5  # a reading in the document's own first-level division (see _home_prior)
_HOME_VOTES = 2  # votes a division needs to be the document's own (a named division has 2)
_W_TOWN = 3.0  # a name used as a municipality ("Berea police", "the city of Dublin") is a town


@dataclass(slots=True)
class Item:
    """One distinct name of a document (all its mentions share one reading)."""

    text: str
    qualifier: tuple[str, str] | None
    weight: float  # how much this name's reading informs the others
    scored: list[tuple[float, Entry]]


def _prominence(e: Entry, key: str) -> float:
    """Cities of millions ("Belgrade", "London") are what a bare name means unless much
    evidence says otherwise: their namesake villages must not win on nearness alone.

    Only for the city's own name: a historic or foreign alternate name ("Berea" for Aleppo,
    "New York" for New York City beside the state of that name) is no evidence that the
    writer meant the big city."""
    if e.fclass != "P" or e.population < _PROMINENT or normalize(e.name) != key:
        return 0.0
    return _W_PROMINENT * (math.log10(e.population) - math.log10(_PROMINENT))


def _town_shift(e: Entry) -> float:
    """A name used as a municipality ("Berea police") is a town: populated places gain and
    divisions lose their feature prior (a district of Lesotho has no city council)."""
    if e.fclass == "P":
        return _W_TOWN
    return -_FEATURE_PRIOR.get(e.feature, 0.0) if e.feature.startswith("A.ADM") else 0.0


def _in_qualifier(e: Entry, qualifier: tuple[str, str]) -> bool:
    return e.country == qualifier[0] and (not qualifier[1] or e.admin1 == qualifier[1])


def _backed(e: Entry, others: list[tuple[Entry, float]]) -> bool:
    """Whether another name reads as the division ``e`` lies in (its state or one of its
    counties): "London" beside "Laurel County" and "Kentucky" is the small Kentucky town."""
    return any(o.feature in ("A.ADM1", "A.ADM2") and o.country == e.country and o.admin1 == e.admin1
               and (o.feature == "A.ADM1" or haversine_km(e.lat, e.lon, o.lat, o.lon) <= _SEAT_KM)
               for o, _ in others)


def _is_local(e: Entry) -> bool:
    return not e.is_country and e.feature not in ("A.ADM1", "L.CONT")


def _coherence(e: Entry, others: list[tuple[Entry, float]]) -> float:
    """How well ``e`` fits the other names' readings (weights are their informativeness)."""
    total = sum(w for _, w in others)
    if total <= 0:
        return 0.0
    same_cc = sum(w for o, w in others if o.country and o.country == e.country)
    score = _W_COUNTRY * same_cc / total
    near_cc = country_facts()[1].get(e.country, frozenset())
    if near_cc:  # "Gaza" beside Israel and Egypt is the Palestinian city, not Mozambique's province
        score += _W_NEIGHBOUR * sum(w for o, w in others if o.country in near_cc) / total
    if e.is_country or e.feature == "L.CONT":
        return score
    if e.feature == "A.ADM1" and not same_cc and not any(o.country in near_cc for o, _ in others):
        score -= _W_FOREIGN_ADM1
    # each distance once: the far test and the nearest-local test read the same pairs
    dists = [haversine_km(e.lat, e.lon, o.lat, o.lon) for o, _ in others]
    if all(d > _FAR_KM for d in dists):
        score -= _W_FAR  # "Gaza" in Mozambique, in a story about Israel and Egypt
    same_a1 = sum(w for o, w in others if o.country == e.country and o.admin1 == e.admin1 and o.admin1
                  and not o.is_country)
    if same_a1 > 0:
        score += _W_ADMIN1_ANY + _W_ADMIN1_SHARE * same_a1 / total
    if _is_local(e):
        local = [dist for dist, (o, _) in zip(dists, others) if _is_local(o)]
        if local:
            near = min(local)
            score += 2.5 if near < 60 else 1.5 if near < 200 else 0.5 if near < 500 else 0.0
    return score


def _confident(it: Item) -> bool:
    """A reading that needs no context: one candidate, a clear margin, or a qualifier."""
    return it.qualifier is not None or _margin(it.scored) >= 2.5


def _margin(scored: list[tuple[float, Entry]]) -> float:
    return scored[0][0] - scored[1][0] if len(scored) > 1 else 99.0


def resolve_jointly(
    gaz: Gazetteer,
    names: Iterable[tuple[str, tuple[str, str] | None, float]],
    fixed: Iterable[Entry] = (),
    context_countries: Iterable[str] = (),
    towns: Iterable[str] = (),
) -> dict[tuple[str, tuple[str, str] | None], Entry | None]:
    """The reading of each ``(text, qualifier, weight)`` name, chosen jointly, keyed by
    ``(normalize(text), qualifier)``.

    ``fixed`` are readings already known (demonyms, abbreviations); ``context_countries``
    are countries the caller knows the document is about (each counts as one fixed reading);
    ``towns`` are normalized names the text uses as municipalities (their populated places
    gain over same-named divisions and countries).
    """
    towns = set(towns)
    fixed = list(fixed)
    items: dict[tuple[str, tuple[str, str] | None], Item] = {}
    for text, qualifier, weight in names:
        key = (normalize(text), qualifier)
        if key in items:
            items[key].weight = max(items[key].weight, weight)
            continue
        town = key[0] in towns
        scored = [(s + _prominence(e, key[0]) + (_town_shift(e) if town else 0.0), e)
                  for s, e in rank(gaz, text, None, qualifier)]
        if qualifier is not None:  # "Belgrade, Minn.": the named division or country decides
            scored = [se for se in scored if _in_qualifier(se[1], qualifier)] or scored
            if any(e.fclass == "P" for _, e in scored):  # "Caddo, Okla." is the town, not the county
                scored = [se for se in scored if se[1].fclass == "P" or not se[1].feature.startswith("A.ADM")
                          or se[1].feature == "A.ADM1"]
        scored.sort(key=lambda x: (-x[0], -(x[1].population)))
        items[key] = Item(text, qualifier, weight, scored[:_MAX_CANDIDATES])
    known = list(dict.fromkeys(fixed))  # one vote per distinct fixed reading
    for cc in context_countries:
        entry = gaz.country(cc)
        if entry is not None and entry not in known:
            known.append(entry)
    fixed_readings = [(e, 1.0) for e in known]
    for it in items.values():
        if it.weight and it.scored and not _confident(it):
            it.weight *= _UNSURE
    _home_prior(items, fixed)
    start: dict[tuple, Entry | None] = {k: (it.scored[0][1] if it.scored else None) for k, it in items.items()}
    best_cfg, best_obj = None, -1e9
    for init in (start, *_cluster_starts(items, start)):
        cfg = _ascend(items, dict(init), fixed_readings)
        obj = _objective(items, cfg, fixed_readings)
        if obj > best_obj + 1e-9:
            best_cfg, best_obj = cfg, obj
    return best_cfg if best_cfg is not None else start


def _home_prior(items: dict[tuple, Item], fixed: list[Entry]) -> tuple[str, str] | None:
    """The newspaper's own division: the first-level division most of the document's
    sure readings lie in ("Ga." and Grovetown and Augusta; a division named outright or as
    a qualifier counts twice, every distinct name once) lifts the ambiguous names'
    readings there ("Harlem", "Richmond County"), so a chance cluster of namesakes in
    another state ("Madison", "Atlanta" and "McLean County" are all in Illinois too) does
    not outvote the division the text names."""
    votes: Counter[tuple[str, str]] = Counter()
    for e in dict.fromkeys(fixed):  # "Ga.", "Texan": the division named outright
        if not e.is_country and e.feature != "L.CONT" and e.admin1:
            votes[(e.country, e.admin1)] += 2
    for it in items.values():
        if it.scored and it.weight >= 1.0 and _confident(it):
            e = it.scored[0][1]
            if not e.is_country and e.feature != "L.CONT" and e.admin1:
                named = e.feature == "A.ADM1" or it.qualifier is not None
                votes[(e.country, e.admin1)] += 2 if named else 1
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < _HOME_VOTES or len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]:
        return None
    _lift(items, ranked[0][0])
    return ranked[0][0]


def _lift(items: dict[tuple, Item], home: tuple[str, str]) -> None:
    """Add the home-division prior to the ambiguous names' local readings there."""
    for it in items.values():
        if len(it.scored) > 1 and not _confident(it):
            it.scored = sorted(((s + _W_HOME if (e.country, e.admin1) == home and _is_local(e) else s, e)
                                for s, e in it.scored), key=lambda x: (-x[0], -(x[1].population)))


def _others(items: dict[tuple, Item], current: dict[tuple, Entry | None], key: tuple,
            fixed_readings: list[tuple[Entry, float]]) -> list[tuple[Entry, float]]:
    return fixed_readings + [(e, items[k].weight) for k, e in current.items()
                             if k != key and e is not None and items[k].weight > 0]


def _objective(items: dict[tuple, Item], current: dict[tuple, Entry | None],
               fixed_readings: list[tuple[Entry, float]]) -> float:
    """Base scores plus coherence of a whole configuration (to compare two starts)."""
    total = 0.0
    for key, it in items.items():
        e = current[key]
        if e is None or len(it.scored) < 2:
            continue
        base = next(s for s, c in it.scored if c == e)
        total += it.weight * (base + _coherence(e, _others(items, current, key, fixed_readings)))
    return total


def _cluster_starts(items: dict[tuple, Item], start: dict[tuple, Entry | None]) -> list[dict[tuple, Entry | None]]:
    """Readings that put names within a small area: three or more ("Albany", "Brandon" and
    "Douglas County" all in one corner of Minnesota), or a county and a town in it; one
    start per area, best supported first (at most :data:`_STARTS`).

    Local papers name nearby small places whose bigger namesakes lie far apart; a tight
    cluster of readings is strong evidence no single name gives. Several areas are tried
    because names spaCy did not call places (low weight) can make a spurious one.
    """
    keys = [k for k, it in items.items() if it.scored and it.weight > 0]
    if len(keys) < 2:
        return []
    grid: dict[tuple[int, int], list[tuple[int, Entry]]] = {}
    for n, k in enumerate(keys):
        for _, e in items[k].scored:
            if _is_local(e):
                grid.setdefault((int(e.lat // 1), int(e.lon // 1)), []).append((n, e))
    found: list[tuple[float, Entry]] = []
    for (gy, gx), cell in grid.items():
        near = [ne for dy in (-1, 0, 1) for dx in (-1, 0, 1) for ne in grid.get((gy + dy, gx + dx), [])]
        for n, e in cell:
            names = {m for m, o in near if m != n and haversine_km(e.lat, e.lon, o.lat, o.lon) <= _CLUSTER_KM}
            if len(names) >= 2 or _seat_pair(e, [o for m, o in near if m in names]):
                found.append((sum(items[keys[m]].weight for m in names) + items[keys[n]].weight, e))
    found.sort(key=lambda x: -x[0])
    out: list[dict[tuple, Entry | None]] = []
    centers: list[Entry] = []
    for _, center in found:
        if len(out) >= _STARTS:
            break
        if any(haversine_km(center.lat, center.lon, c.lat, c.lon) <= _CLUSTER_KM for c in centers):
            continue
        centers.append(center)
        cfg = dict(start)
        for k in keys:
            local = [e for _, e in items[k].scored
                     if _is_local(e) and haversine_km(e.lat, e.lon, center.lat, center.lon) <= _CLUSTER_KM]
            if local and not _confident(items[k]):
                cfg[k] = local[0]
        out.append(cfg)
    return out


def _seat_pair(e: Entry, near: list[Entry]) -> bool:
    """Whether two names' readings are a county and a town in it ("Paris" and "Henry
    County": the seat and its county), which is evidence enough without a third name."""
    return any((e.feature == "A.ADM2") != (o.feature == "A.ADM2") and o.country == e.country
               and o.admin1 == e.admin1 and haversine_km(e.lat, e.lon, o.lat, o.lon) <= _SEAT_KM for o in near)


def _ascend(items: dict[tuple, Item], current: dict[tuple, Entry | None],
            fixed_readings: list[tuple[Entry, float]]) -> dict[tuple, Entry | None]:
    order = sorted(items, key=lambda k: -_margin(items[k].scored) if items[k].scored else 0.0)
    for _ in range(_ROUNDS):
        changed = False
        for key in order:
            it = items[key]
            if len(it.scored) < 2:
                continue
            others = _others(items, current, key, fixed_readings)
            top = max((e.population for _, e in it.scored if e.fclass == "P"), default=0)
            best = max(it.scored, key=lambda se: se[0] + _coherence(se[1], others)
                       * (_DWARFED if top >= 1000000 and se[1].population < _DWARF_SHARE * top
                          and not _backed(se[1], others) else 1.0))[1]
            if best != current[key]:
                current[key] = best
                changed = True
        if not changed:
            break
    return current
