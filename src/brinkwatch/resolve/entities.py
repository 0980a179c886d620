"""Cross-document entity resolution: one entity per real actor, with the reason for each merge.

Mentions are joined by a normalised name key (case, diacritics, possessives, leading
'the'), then keys are joined by evidence:
1. the alias table (``data/aliases.csv`` and the user's file): "North Atlantic Alliance" = NATO;
2. in-text acronym definitions, "NATO-led Kosovo Force (KFor)";
3. "X-led Y" spellings: "NATO-led Kosovo Force" = "Kosovo Force";
4. people: title + surname and bare surnames join the one full name that ends with that
   surname — first within the same document, then the same story, then the corpus — and
   never when two different full names share the surname there.
5. groups named by demonym forms of one country ("Serbs", "Serbian") are one group.
Before that, NER slips are corrected from data (:mod:`._entity_fixes`: junk such as "State"
out of "Secretary of State", "Adriatic" as NORP, headings, "PM Kurti" as ORG), and an acronym
two documents define as two bodies is joined per document, never corpus-wide
(:mod:`._entity_joins`). Every merge records its reason (``merge_reasons``).
Capitals and seats of power keep their own entity and record the country they act for
(metonymy is a link, not a merge). Countries carry ISO codes (``country`` alpha-2, ``code``
alpha-3; Kosovo XK / XKX); bodies carry the alias table's ``code``; places the geocoder
resolved carry the country it placed them in.
"""

from __future__ import annotations

import csv
import dataclasses
import logging
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources

from brinkwatch.records import ArticleAnalysis, Mention, content_id
from brinkwatch.resolve._countries import alpha3, capitals, country_names, demonyms
from brinkwatch.resolve._entity_fixes import common_words, correct
from brinkwatch.resolve._entity_joins import join_acronyms as _join_acronyms
from brinkwatch.resolve._entity_joins import join_demonyms as _join_demonyms
from brinkwatch.resolve._entity_joins import plausible_acronym as _plausible_acronym  # noqa: F401
from brinkwatch.resolve._names import name_key, strip_titles, without_led_prefix

log = logging.getLogger(__name__)



@dataclass
class ResolvedEntity:
    id: str
    name: str
    type: str
    country: str | None = None
    role: str | None = None
    acts_for: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    merge_reasons: list[str] = field(default_factory=list)
    code: str | None = None  # ISO alpha-3 for a country (Kosovo XKX), the alias table's code for a body


@dataclass(frozen=True)
class AliasRow:
    canonical: str
    type: str
    country: str | None
    role: str | None
    acts_for: str | None
    code: str | None = None


def load_alias_table() -> dict[str, AliasRow]:
    """alias key -> row; the canonical name is its own alias. User file: BRINKWATCH_ALIASES."""
    sources = [resources.files("brinkwatch.resolve").joinpath("data/aliases.csv").read_text("utf-8")]
    extra = os.environ.get("BRINKWATCH_ALIASES")
    if extra:
        with open(extra, encoding="utf-8") as handle:
            sources.append(handle.read())
    table: dict[str, AliasRow] = {}
    conflicts: set[str] = set()
    for source in sources:
        for row in csv.DictReader(source.splitlines()):
            entry = AliasRow(
                canonical=row["canonical"].strip(), type=row.get("type") or "ORG",
                country=row.get("country") or None, role=row.get("role") or None,
                acts_for=row.get("acts_for") or None, code=(row.get("code") or "").strip() or None,
            )
            for name in (row["canonical"], row["alias"]):
                key = name_key(name)
                known = table.get(key)
                if known and known.canonical != entry.canonical:
                    conflicts.add(key)
                table.setdefault(key, entry)
    for key in conflicts:
        log.warning("alias %r names two different actors in the alias tables; ignored", key)
        table.pop(key, None)
    return table


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.reasons: dict[str, list[str]] = defaultdict(list)

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str, reason: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        keep, drop = sorted((ra, rb))
        self.parent[drop] = keep
        self.reasons[keep].extend(self.reasons.pop(drop, []))
        self.reasons[keep].append(reason)


def _mention_key(mention: Mention) -> str:
    key = name_key(mention.span.text)
    return strip_titles(key) if mention.label == "PERSON" else key


def resolve_entities(
    texts: dict[str, str],
    analyses: dict[str, ArticleAnalysis],
    story_of: dict[str, str] | None = None,
) -> list[ResolvedEntity]:
    """Entities over all analysed documents, each with its mentions and merge reasons."""
    story_of = story_of or {}
    aliases = load_alias_table()
    uf = _UnionFind()
    surfaces: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, Counter] = defaultdict(Counter)
    keyed: list[tuple[str, Mention]] = []
    capital_table, countries, nationality = capitals(), country_names(), demonyms()
    known = set(aliases)
    lower_words = common_words(texts[d] for d in analyses if d in texts)
    place_country: dict[str, Counter] = defaultdict(Counter)
    notes: dict[str, list[str]] = defaultdict(list)
    for doc_id in sorted(analyses):
        analysis = analyses[doc_id]
        placed = {(p.span.start, p.span.end): p.country for p in analysis.places}
        for mention in analysis.mentions:
            key = _mention_key(mention)
            if not key:
                continue
            span = (mention.span.start, mention.span.end)
            fixed = correct(mention, key, texts.get(doc_id), span in placed, known, countries, capital_table,
                            nationality, lower_words)
            if fixed is None or not fixed.key:
                continue
            key = sys.intern(fixed.key)  # one string per name key, however many mentions
            if fixed.label != mention.label:
                mention = dataclasses.replace(mention, label=fixed.label)
            note = f"'{mention.span.text}': {fixed.note}" if fixed.note else None
            if note and note not in notes[key] and len(notes[key]) < 3:
                notes[key].append(note)
            if placed.get(span):
                place_country[key][placed[span]] += 1
            keyed.append((key, mention))
            uf.find(key)
            surfaces[key][mention.span.text] += 1
            labels[key][fixed.label] += 1

    # 1 and 3: alias table and "X-led Y" spellings.
    for key in list(surfaces):
        row = aliases.get(key)
        if row and name_key(row.canonical) != key:
            uf.union(name_key(row.canonical), key, f"'{key}' is an alias of {row.canonical} (alias table)")
        inner = without_led_prefix(key)
        if inner:
            uf.union(inner, key, f"'{key}' names '{inner}' with its leader")
            row = aliases.get(inner)
            if row:
                uf.union(name_key(row.canonical), inner, f"'{inner}' is an alias of {row.canonical} (alias table)")
    # 2: acronyms defined in the text (per document when two documents define them apart).
    _join_acronyms(texts, analyses, keyed, surfaces, labels, uf, story_of)
    # 4: surnames.
    _join_surnames(keyed, uf, story_of)
    # 5: groups named by their demonym ("Serbs", "Serbian", "Serb") are one group.
    _join_demonyms(surfaces, labels, nationality, uf)

    groups: dict[str, list[str]] = defaultdict(list)
    for key in surfaces:
        groups[uf.find(key)].append(key)
    members_of: dict[str, list[Mention]] = defaultdict(list)
    for key, mention in keyed:
        members_of[uf.find(key)].append(mention)
    entities: list[ResolvedEntity] = []
    for root, keys in groups.items():
        label_counts = Counter()
        for key in keys:
            label_counts.update(labels[key])
        etype = label_counts.most_common(1)[0][0]
        row = next((aliases[k] for k in sorted(keys) if k in aliases), None)
        name = row.canonical if row else _display_name(keys, surfaces, etype)
        country = row.country if row else None
        acts_for = row.acts_for if row else None
        if country is None:
            for key in keys:
                if key in countries and etype in {"GPE", "LOC", "ORG"}:
                    country = countries[key]
                    break
                if key in capital_table and etype in {"GPE", "LOC", "FAC", "ORG"}:
                    country = acts_for = capital_table[key]
                    break
                singular = key[:-1] if key.endswith("s") else key
                if key in nationality or singular in nationality:
                    country = nationality.get(key) or nationality[singular]
                    break
        if country is None and etype in {"GPE", "FAC"}:
            placed_in = Counter()
            for key in keys:
                placed_in.update(place_country.get(key, {}))
            if placed_in:
                country = placed_in.most_common(1)[0][0]
        members = members_of[root]
        entities.append(
            ResolvedEntity(
                id=content_id("entity", name_key(name), etype if etype != "GPE" else "GPE", prefix="e"),
                name=name,
                type=etype,
                country=country,
                role=row.role if row else None,
                acts_for=acts_for,
                aliases=sorted({s for k in keys for s in surfaces[k]} - {name}),
                mentions=members,
                documents=sorted({m.span.doc_id for m in members}),
                merge_reasons=uf.reasons.get(root, []) + [n for k in sorted(keys) for n in notes.get(k, [])],
                code=(row.code if row and row.code else None) or (alpha3(country) if etype == "GPE" and country else None),
            )
        )
    _dedupe_ids(entities)
    entities.sort(key=lambda e: (-len(e.documents), -len(e.mentions), e.name))
    return entities


def _join_surnames(keyed: list[tuple[str, Mention]], uf: _UnionFind, story_of: dict[str, str]) -> None:
    full_by_surname: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key, mention in keyed:
        if mention.label == "PERSON" and len(key.split()) >= 2:
            full_by_surname[key.split()[-1]][key].add(mention.span.doc_id)
    given_in_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for surname, fulls in full_by_surname.items():
        for full, docs in fulls.items():
            for doc in docs:
                given_in_doc[(full.split()[0], doc)].add(full)
    for key, mention in keyed:
        if mention.label != "PERSON" or len(key.split()) != 1:
            continue
        if key not in full_by_surname:
            fulls = given_in_doc.get((key, mention.span.doc_id), set())
            if len(fulls) == 1:  # a given name alone, e.g. left over from a run-on mention
                full = next(iter(fulls))
                uf.union(full, key, f"'{key}' is the given name of '{full}' (unique in its document)")
            continue
        candidates = full_by_surname[key]
        doc_id = mention.span.doc_id
        story = story_of.get(doc_id)
        for scope, pick in (
            ("document", lambda docs: doc_id in docs),
            ("story", lambda docs: story is not None and any(story_of.get(d) == story for d in docs)),
            ("corpus", lambda docs: True),
        ):
            matches = [full for full, docs in candidates.items() if pick(docs)]
            if len(matches) == 1:
                uf.union(matches[0], key, f"'{key}' is the surname of '{matches[0]}' (unique in its {scope})")
                break
            if len(matches) > 1:
                log.info("surname %r is ambiguous in its %s: %s; not merged", key, scope, matches)
                break


def _display_name(keys: list[str], surfaces: dict[str, Counter], etype: str) -> str:
    best: Counter = Counter()
    for key in keys:
        best.update(surfaces[key])
    if etype == "PERSON":
        # The fullest form of a person's name, without a title.
        return max(best, key=lambda s: (len(strip_titles(name_key(s)).split()), best[s], -len(s)))
    return max(best, key=lambda s: (best[s], s.isupper(), -len(s), s))


def _dedupe_ids(entities: list[ResolvedEntity]) -> None:
    seen: Counter = Counter()
    for entity in entities:
        seen[entity.id] += 1
        if seen[entity.id] > 1:
            entity.id = f"{entity.id}-{seen[entity.id]}"
