"""Toponym recognition and geocoding: spaCy entities plus a GeoNames gazetteer.

Steps, for one document (:meth:`Geocoder.resolve_doc`):

1. spans: spaCy GPE/LOC/FAC entities (split at commas: "Alexandria, La." is two places),
   NORP demonyms ("Serbian" -> Serbia), abbreviations ("Ky.", "U.S."), and gazetteer
   rescues where spaCy mislabels a place (a village tagged PERSON, a town at the head of an
   ORG such as "Cottonport Fire Station") when the name is a known place in the document's
   own region or country or the text uses it as a municipality ("Berea police");
   a place name leading a longer place entity ("Boone County Jail", "East Texas" -> "Texas"),
   two-token abbreviations ("W. Va."); a lone word that is part of a person's full name in
   the document ("Brunson" after "Andrew Brunson") is dropped unless the context says place;
2. disambiguation: candidates scored by feature type and population
   (:mod:`brinkwatch.analyze._gazetteer_resolve`); a "City, ST" qualifier seen once holds
   for every bare mention of the name (one sense per discourse); then chosen jointly
   (:mod:`brinkwatch.analyze._gazetteer_joint`): each name's reading given the others'
   (country and first-level division shares, distance to the other local places, a tight
   cluster of three names in one area), so "Dublin" beside Columbus is the Ohio suburb.

The gazetteer is the shipped GeoNames-derived table (``brinkwatch/geo``) or the user's
import (:func:`build_gazetteer`); see ``geo/README.md``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from brinkwatch.analyze._gazetteer import Entry, Gazetteer, get_gazetteer, normalize
from brinkwatch.analyze._gazetteer_build import build_gazetteer
from brinkwatch.analyze._gazetteer_joint import resolve_jointly
from brinkwatch.analyze._gazetteer_locality import municipal
from brinkwatch.analyze._gazetteer_resolve import Context, add_to_context, rank
from brinkwatch.analyze.nlp import doc_ents, doc_text, token_sentences
from brinkwatch.records import Place, Span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

__all__ = ["GeoHit", "Geocoder", "build_gazetteer", "geocode", "get_geocoder"]

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_RESCUE_LABELS = {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART"}
_TRIM_LEAD = re.compile(r"^(?:the|The)\s+")
_TRIM_TAIL = re.compile(r"(?:'s|’s|'|’)$")
# Words that name some hamlet somewhere but are rarely places when spaCy did not say so.
_GENERIC = {
    "north", "south", "east", "west", "central", "center", "centre", "western", "eastern", "southern",
    "northern", "first", "federal", "union", "valley", "forest", "gulf", "earth", "christian", "national",
    "state", "city", "county", "lake", "river", "mount", "university", "college", "church", "street",
    "independence", "liberty", "victory", "unity", "hope", "friendship", "commerce", "industry",
}
# Words after a place name that make the name a place ("Boone County Jail", "Dublin City Council").
_INSTITUTIONS = {
    "jail", "sheriff", "police", "court", "courthouse", "council", "commission", "commissioners", "schools",
    "school", "fire", "hospital", "county", "city", "township", "mayor", "board", "department", "library",
    "airport", "high", "chamber", "fair", "elections", "clerk", "district", "area", "village", "town",
}
_DIRECTIONS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "northeast",
    "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern",
    "upper", "lower", "downtown", "greater", "n", "s", "e", "w", "se", "sw", "ne", "nw", "the",
}
_RESCUE_WEIGHT = 0.25  # how much a name spaCy did not call a place informs the others
_LOCATIVE = {"in", "near", "at", "from", "outside", "to", "of", "into", "toward", "towards", "around", "across"}


@dataclass(frozen=True, slots=True)
class GeoHit:
    """A gazetteer reading of a name, without a span (what :func:`geocode` returns)."""

    name: str
    geonameid: int | None
    lat: float
    lon: float
    country: str | None
    feature: str


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str
    sentence: int
    target: Entry | None = None  # fixed by an abbreviation or demonym
    strong: bool = True  # from a place label, not a rescue
    kind: str = "place"  # or "person", "inside" (another entity), "free" (no entity)
    locative: bool = False  # right after "in", "near", "from", ...
    qualifier: tuple[str, str] | None = None


class Geocoder:
    """Finds and resolves toponyms; the gazetteer is loaded lazily, once per process."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gaz = gazetteer
        self._abbrev: dict[str, Entry] | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = get_gazetteer()
        return self._gaz

    # -- single names ----------------------------------------------------------------
    def geocode(self, name: str, context_countries: tuple[str, ...] = ()) -> GeoHit | None:
        """The best reading of one place name, or None; never raises on odd input."""
        try:
            if not isinstance(name, str) or not name.strip() or len(name) > 200:
                return None
            fixed = self._fixed_target(name.strip())
            if fixed is not None:
                return _hit(fixed)
            ctx = Context(countries=set(context_countries))
            scored = rank(self.gazetteer, _clean(name), ctx)
            return _hit(scored[0][1]) if scored else None
        except Exception:  # a lookup must not take the pipeline down
            logger.exception("geocode failed for %r", name)
            return None

    # -- documents -------------------------------------------------------------------
    def resolve_doc(self, doc: Doc, doc_id: str, context_countries: tuple[str, ...] = ()) -> list[Place]:
        """The document's toponyms as :class:`Place` records, in text order."""
        mentions = self._mentions(doc)
        if not mentions:
            return []
        gaz = self.gazetteer
        _share_qualifiers(mentions)
        fixed = [m.target for m in mentions if m.target is not None]
        names = [(m.text, m.qualifier, 1.0 if m.strong else _RESCUE_WEIGHT) for m in mentions if m.target is None]
        text = doc_text(doc)
        towns = {normalize(m.text) for m in mentions if m.target is None and municipal(text, m.start, m.end)}
        reading = resolve_jointly(gaz, names, fixed, context_countries, towns)
        ctx = Context(countries=set(context_countries))
        for e in fixed:
            add_to_context(ctx, e)
        for m in mentions:
            e = reading.get((normalize(m.text), m.qualifier)) if m.target is None else None
            if m.strong and e is not None:
                add_to_context(ctx, e)
        accepted: set[str] = set()  # one sense per discourse: a name accepted once counts everywhere
        for m in mentions:
            if m.strong and m.target is None:
                accepted.add(normalize(m.text))
        for m in mentions:
            if not m.strong and m.target is None:
                e = reading.get((normalize(m.text), m.qualifier))
                if e is not None and _rescue_ok(e, m, ctx, normalize(m.text) in towns):
                    accepted.add(normalize(m.text))
        places: list[Place] = []
        for m in mentions:
            entry = m.target
            if entry is None:
                if not m.strong and normalize(m.text) not in accepted:
                    continue
                entry = reading.get((normalize(m.text), m.qualifier))
            if entry is None:
                continue
            places.append(
                Place(
                    span=Span(doc_id=doc_id, start=m.start, end=m.end, text=m.text),
                    name=entry.name, geonameid=entry.geonameid, lat=entry.lat, lon=entry.lon,
                    country=entry.country or None, feature=entry.feature, sentence=m.sentence,
                )
            )
        return places

    # -- span finding ----------------------------------------------------------------
    def _mentions(self, doc: Doc) -> list[_Mention]:
        gaz = self.gazetteer
        sent_of = token_sentences(doc)
        ents = doc_ents(doc)
        # one pass over the tokens for the attributes the loops below read
        words, idxs, lowers, tags = [], [], [], []
        for tok in doc:
            words.append(tok.text)
            idxs.append(tok.idx)
            lowers.append(tok.lower_)
            tags.append(tok.pos_)
        toks = _Tokens(doc_text(doc), words, idxs, lowers, tags)
        out: list[_Mention] = []
        taken: set[int] = set()

        def add(m: _Mention) -> None:
            if any(i in taken for i in range(m.start, m.end)):
                return
            taken.update(range(m.start, m.end))
            out.append(m)

        for ent in ents:
            sent = sent_of.get(ent.start, -1)
            if ent.label_ in _PLACE_LABELS:
                for start, end in _parts(doc_text(doc), ent.start_char, ent.end_char):
                    text = doc_text(doc)[start:end]
                    fixed = self._fixed_target(text)
                    if fixed is not None:
                        add(_Mention(start, end, text, sent, target=fixed))
                    elif gaz.has(text):
                        add(_Mention(start, end, text, sent,
                                     qualifier=self._qualifier(doc_text(doc), start, end)))
                    else:  # "East Texas", "Boone County Jail": the place name inside a place entity
                        span = doc.char_span(start, end, alignment_mode="expand")
                        lead = span.start if span is not None else 0
                        while span is not None and lead < span.end - 1 and lowers[lead].rstrip(".") in _DIRECTIONS:
                            lead += 1
                        for i, j in _gazetteer_ngrams(gaz, toks, lead, span.end) if span is not None else []:
                            if i != lead or j - i == 1 and lowers[i] in _GENERIC:
                                break
                            a, b = idxs[i], idxs[j - 1] + len(words[j - 1])
                            add(_Mention(a, b, doc_text(doc)[a:b], sent,
                                         qualifier=self._qualifier(doc_text(doc), a, b)))
            elif ent.label_ == "NORP":
                text = doc_text(doc)[ent.start_char:ent.end_char]
                target = self._demonym(text) or self._fixed_target(text)
                if target is not None:
                    add(_Mention(ent.start_char, ent.end_char, text, sent, target=target))
        # abbreviations spaCy leaves out ("Ky." after a town) and rescues of mislabelled names
        for k in range(len(words) - 1):  # two-token abbreviations: "W. Va."
            w, nw = words[k], words[k + 1]
            if idxs[k] in taken or idxs[k + 1] in taken or not w.endswith(".") or not nw.endswith("."):
                continue
            fixed = self._fixed_target(w + nw)
            if fixed is not None:
                add(_Mention(idxs[k], idxs[k + 1] + len(nw), doc_text(doc)[idxs[k]:idxs[k + 1] + len(nw)],
                             sent_of.get(k, -1), target=fixed))
        for k, w in enumerate(words):
            if idxs[k] in taken:
                continue
            fixed = self._fixed_target(w) if "." in w or w.isupper() else None
            if fixed is not None and (w.endswith(".") or len(w) > 2):
                add(_Mention(idxs[k], idxs[k] + len(w), w, sent_of.get(k, -1), target=fixed))
        # names spaCy did not call places: inside other entities, or in no entity at all
        in_ent = {i for ent in ents for i in range(ent.start, ent.end)}
        runs = [(ent.start, ent.end, "person" if ent.label_ == "PERSON" else "inside")
                for ent in ents if ent.label_ in _RESCUE_LABELS]
        runs += [(a, b, "free") for a, b in _propn_runs(toks, in_ent)]
        n_tokens = len(words)
        for a, b, kind in runs:
            for i in range(a, b):
                target = self._demonym(words[i]) if words[i][:1].isupper() else None
                if target is not None and kind != "person":
                    add(_Mention(idxs[i], idxs[i] + len(words[i]), words[i], sent_of.get(i, -1),
                                 target=target))
            for i, j in _gazetteer_ngrams(gaz, toks, a, b):
                if j - i == 1 and lowers[i] in _GENERIC:
                    continue
                start, end = idxs[i], idxs[j - 1] + len(words[j - 1])
                prev = lowers[i - 1] if i > 0 else ""
                # "Alexandria woman", "Cottonport area": a name used as a modifier of a noun
                modifier = j < n_tokens and (tags[j] == "NOUN" and words[j].islower()
                                             or lowers[j] in _INSTITUTIONS)
                qualifier = self._qualifier(doc_text(doc), start, end)
                add(_Mention(start, end, doc_text(doc)[start:end], sent_of.get(i, -1), strong=False,
                             kind=kind, locative=prev in _LOCATIVE or modifier, qualifier=qualifier))
        # a word that is part of a person's full name here ("Andrew Brunson", "Georgia Stevens")
        # is that person when it stands alone, unless the words around it say it is a place
        person_words = {words[k] for ent in ents if ent.label_ == "PERSON" and len(ent) > 1
                        for k in range(ent.start, ent.end)}
        out = [m for m in out if m.target is not None or m.locative or m.qualifier is not None
               or " " in m.text or m.text not in person_words]
        out.sort(key=lambda m: m.start)
        return out

    def _qualifier(self, text: str, start: int, end: int) -> tuple[str, str] | None:
        """The division or country named right after a comma: "Alexandria, La.".

        A country after a country's own name is the next item of a list or clause ("in
        Russia, U.S. officials said"), not a qualifier."""
        m = re.match(r",\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)", text[end:end + 40])
        if not m:
            return None
        words = m.group(1).rstrip(",")
        target = None
        # "Alexandria, La.", "Dublin, New Hampshire", "Monroeville, Ala. An Amber Alert"
        for word in dict.fromkeys((words, re.split(r"\s", words)[0].rstrip(","))):
            target = self._fixed_target(word) or self._fixed_target(word + ".")
            if target is None:
                hits = [e for e in self.gazetteer.lookup(word) if e.feature == "A.ADM1" or e.is_country]
                target = hits[0] if hits else None
            if target is not None:
                break
        if target is None:
            return None
        if target.is_country and any(e.is_country and normalize(e.name) == normalize(text[start:end])
                                     for e in self.gazetteer.lookup(text[start:end])):
            return None
        return (target.country, target.admin1 if target.feature == "A.ADM1" else "")

    def _fixed_target(self, text: str) -> Entry | None:
        if self._abbrev is None:
            self._abbrev = _load_abbreviations(self.gazetteer)
        return self._abbrev.get(text)

    def _demonym(self, text: str) -> Entry | None:
        gaz = self.gazetteer
        key = normalize(text)
        target = gaz.demonyms.get(key)
        if target is None and key.endswith("s"):
            target = gaz.demonyms.get(key[:-1])
        return _target_entry(gaz, target) if target else None


def _share_qualifiers(mentions: list[_Mention]) -> None:
    """One sense per discourse: "Belgrade, Minn." makes every bare "Belgrade" (and the
    "BELGRADE" of a dateline) of the document the Minnesota town."""
    named: dict[str, tuple[str, str]] = {}
    for m in mentions:
        if m.target is None and m.qualifier is not None:
            named.setdefault(normalize(m.text), m.qualifier)
    for m in mentions:
        if m.target is None and m.qualifier is None:
            m.qualifier = named.get(normalize(m.text))


def _target_entry(gaz: Gazetteer, target: str) -> Entry | None:
    if target.isdigit():
        return gaz.by_geonameid(int(target))
    if ":" in target:
        cc, name = target.split(":", 1)
        hits = [e for e in gaz.lookup(name) if e.country == cc and e.feature == "A.ADM1"]
        return hits[0] if hits else None
    return gaz.country(target)


def _load_abbreviations(gaz: Gazetteer) -> dict[str, Entry]:
    from importlib import resources

    out: dict[str, Entry] = {}
    text = resources.files("brinkwatch.geo").joinpath("abbreviations.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        abbr, target = line.split("\t")[:2]
        entry = _target_entry(gaz, target)
        if entry is not None:
            out[abbr] = entry
    return out


def _rescue_ok(e: Entry, m: _Mention, ctx: Context, town: bool = False) -> bool:
    """A name spaCy did not call a place counts only with support.

    Countries, first-level divisions and continents count anywhere; a town counts when the
    document's own division backs it, when it is large and in the document's country, when
    the words around it say it is a place ("in X", "X, Ky."), or when the text uses the name
    as a municipality (``town``: "Berea police", "the city of X"). A name spaCy took for a
    person needs those words.
    """
    if m.qualifier is not None and (e.country, e.admin1 if m.qualifier[1] else "") == m.qualifier:
        return True
    if town and e.fclass == "P":
        return True
    if m.kind == "person":
        return m.locative and (e.is_country or e.feature == "A.ADM1" or (e.country, e.admin1) in ctx.admin1)
    if e.is_country or e.feature in ("A.ADM1", "L.CONT"):
        return True
    if (e.country, e.admin1) in ctx.admin1:
        return True
    return e.population >= 100000 and (e.country in ctx.countries or e.population >= 1000000 or m.locative)


@dataclass(frozen=True, slots=True)
class _Tokens:
    """A document's token attributes, read once (spaCy builds a Token object per access)."""

    text: str
    words: list[str]
    idxs: list[int]
    lowers: list[str]
    tags: list[str]  # coarse part of speech (``pos_``)


def _propn_runs(toks: _Tokens, skip: set[int]) -> list[tuple[int, int]]:
    """Runs of proper-noun tokens outside every entity."""
    runs, start = [], None
    words, tags = toks.words, toks.tags
    for i in range(len(words)):
        if i not in skip and tags[i] == "PROPN" and words[i][:1].isupper():
            start = i if start is None else start
            continue
        if start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(words)))
    return runs


def _gazetteer_ngrams(gaz: Gazetteer, toks: _Tokens, a: int, b: int) -> list[tuple[int, int]]:
    """Longest-first, left-to-right token n-grams (at most 4) inside ``a:b`` that name places."""
    words, idxs = toks.words, toks.idxs
    out = []
    i = a
    while i < b:
        if not words[i][:1].isupper() or toks.lowers[i] == "the":
            i += 1
            continue
        for j in range(min(b, i + 4), i, -1):
            if not words[j - 1][:1].isupper():
                continue
            text = toks.text[idxs[i]:idxs[j - 1] + len(words[j - 1])]
            if len(text) > 3 and gaz.has(text):
                out.append((i, j))
                i = j - 1
                break
        i += 1
    return out


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an entity at commas and trim "the" and a possessive."""
    out = []
    pos = start
    for piece in re.split(r"(,)", text[start:end]):
        if piece == ",":
            pos += 1
            continue
        s, e = pos, pos + len(piece)
        pos = e
        sub = text[s:e]
        lead = len(sub) - len(sub.lstrip())
        m = _TRIM_LEAD.match(sub[lead:])
        if m:
            lead += m.end()
        sub2 = sub.rstrip()
        tail = _TRIM_TAIL.search(sub2)
        e2 = s + (tail.start() if tail else len(sub2))
        if e2 > s + lead:
            out.append((s + lead, e2))
    return out


def _clean(name: str) -> str:
    name = _TRIM_LEAD.sub("", name.strip())
    return _TRIM_TAIL.sub("", name)


def _hit(e: Entry) -> GeoHit:
    return GeoHit(name=e.name, geonameid=e.geonameid, lat=e.lat, lon=e.lon, country=e.country or None, feature=e.feature)


_default: Geocoder | None = None


def get_geocoder() -> Geocoder:
    """The process-wide geocoder."""
    global _default
    if _default is None:
        _default = Geocoder()
    return _default


def geocode(name: str, context_countries: tuple[str, ...] = ()) -> GeoHit | None:
    """Module-level shortcut for :meth:`Geocoder.geocode`."""
    return get_geocoder().geocode(name, context_countries)
