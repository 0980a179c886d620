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
import logging
import os
import sys
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources

from brinkwatch._setting_files import AliasFileError, read_setting_csv
from brinkwatch.records import ArticleAnalysis, Mention, content_id
from brinkwatch.resolve._countries import alpha3, capitals, country_names, demonyms
from brinkwatch.resolve._entity_fixes import common_words, correct
from brinkwatch.resolve._entity_mentions import MentionColumns
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
    mention_count: int = 0  # its mentions in the corpus (``mentions`` may be left empty)
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
    """alias key -> row; the canonical name is its own alias. User file: BRINKWATCH_ALIASES.

    :raises AliasFileError: the user's file is unreadable, not UTF-8, or has no
        ``canonical`` and ``alias`` columns (rows missing either value are skipped).
    """
    sources = [resources.files("brinkwatch.resolve").joinpath("data/aliases.csv").read_text("utf-8")]
    extra = os.environ.get("BRINKWATCH_ALIASES")
    if extra:
        sources.append(_read_alias_file(extra))
    table: dict[str, AliasRow] = {}
    conflicts: set[str] = set()
    for source in sources:
        for row in csv.DictReader(source.splitlines()):
            if not (row.get("canonical") or "").strip() or not (row.get("alias") or "").strip():
                continue
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


def _read_alias_file(path: str) -> str:
    lines = read_setting_csv(path, "BRINKWATCH_ALIASES", ("canonical", "alias"), error=AliasFileError)
    return "\n".join(lines)


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
    resolver = EntityResolver(common_words(texts[d] for d in analyses if d in texts))
    for doc_id in sorted(analyses):
        resolver.add(doc_id, analyses[doc_id], texts.get(doc_id))
    entities = resolver.resolve(texts, story_of)
    for entity, row in resolver.mention_rows():
        entity.mentions.append(resolver.columns.mention(row))
    return entities


class EntityResolver:
    """Entity resolution fed one document at a time (:meth:`add`, in document-id order),
    then :meth:`resolve`. The mentions are kept as compact rows (:class:`MentionColumns`),
    not records, so a corpus's mentions cost tens of bytes each; the entities
    :meth:`resolve` returns have no ``mentions`` list: :meth:`mention_rows` and
    :meth:`links` read them from the rows.

    :param common: words the corpus writes in lower case somewhere (``common_words``).
    """

    def __init__(self, common: frozenset[str] = frozenset()) -> None:
        self.aliases = load_alias_table()
        self.known = set(self.aliases)
        self.capital_table, self.countries, self.nationality = capitals(), country_names(), demonyms()
        self.common = common
        self.uf = _UnionFind()
        self.surfaces: dict[str, Counter] = defaultdict(Counter)
        self.labels: dict[str, Counter] = defaultdict(Counter)
        self.place_country: dict[str, Counter] = defaultdict(Counter)
        self.notes: dict[str, list[str]] = defaultdict(list)
        self.columns = MentionColumns()
        self._position: array | None = None  # name key number -> its entity's position
        self._entities: list[ResolvedEntity] = []  # in resolve()'s order

    def add(self, doc_id: str, analysis: ArticleAnalysis, text: str | None) -> None:
        """One document's mentions, corrected (:func:`correct`) and filed by name key."""
        self.columns.open_document(doc_id)
        placed = {(p.span.start, p.span.end): p.country for p in analysis.places}
        for mention in analysis.mentions:
            key = _mention_key(mention)
            if not key:
                continue
            span = (mention.span.start, mention.span.end)
            fixed = correct(mention, key, text, span in placed, self.known, self.countries,
                            self.capital_table, self.nationality, self.common)
            if fixed is None or not fixed.key:
                continue
            key = sys.intern(fixed.key)  # one string per name key, however many mentions
            if fixed.note:
                notes, note = self.notes[key], f"'{mention.span.text}': {fixed.note}"
                if note not in notes and len(notes) < 3:
                    notes.append(note)
            if placed.get(span):
                self.place_country[key][placed[span]] += 1
            self.columns.append(mention, key, fixed.label)
            self.uf.find(key)
            self.surfaces[key][mention.span.text] += 1
            self.labels[key][fixed.label] += 1

    def resolve(self, texts: Mapping[str, str], story_of: dict[str, str] | None = None) -> list[ResolvedEntity]:
        """The entities of the documents added, most documents first (``texts``: for the
        acronyms the texts define; ``story_of``: where a surname or acronym is unique)."""
        story_of = story_of or {}
        aliases, uf, surfaces, labels = self.aliases, self.uf, self.surfaces, self.labels
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
        _join_acronyms(texts, self.columns, surfaces, labels, uf, story_of)
        # 4: surnames.
        _join_surnames(self.columns, uf, story_of)
        # 5: groups named by their demonym ("Serbs", "Serbian", "Serb") are one group.
        _join_demonyms(surfaces, labels, self.nationality, uf)

        groups: dict[str, list[str]] = defaultdict(list)
        for key in surfaces:
            groups[uf.find(key)].append(key)
        group_of = {root: n for n, root in enumerate(groups)}
        columns = self.columns
        # Keys the acronym step emptied have no rows: -1.
        group_of_key = array("i", (group_of.get(uf.find(k), -1) for k in columns.keys.items))
        counts = [0] * len(groups)
        documents: list[list[int]] = [[] for _ in groups]
        for key, doc in zip(columns.key, columns.doc):
            g = group_of_key[key]
            counts[g] += 1
            docs = documents[g]
            if not docs or docs[-1] != doc:  # a document's rows are contiguous
                docs.append(doc)
        entities = [
            self._entity(keys, counts[n], sorted(columns.doc_ids[d] for d in documents[n]))
            for n, keys in enumerate(groups.values())
        ]
        _dedupe_ids(entities)
        order = sorted(range(len(entities)), key=lambda n: (-len(entities[n].documents), -entities[n].mention_count, entities[n].name))
        position = [0] * len(entities)
        for place, n in enumerate(order):
            position[n] = place
        self._position = array("i", (position[g] for g in group_of_key))
        self._entities = [entities[n] for n in order]
        return list(self._entities)

    def _entity(self, keys: list[str], mention_count: int, documents: list[str]) -> ResolvedEntity:
        aliases, surfaces, countries = self.aliases, self.surfaces, self.countries
        capital_table, nationality = self.capital_table, self.nationality
        label_counts = Counter()
        for key in keys:
            label_counts.update(self.labels[key])
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
                placed_in.update(self.place_country.get(key, {}))
            if placed_in:
                country = placed_in.most_common(1)[0][0]
        root = self.uf.find(keys[0])
        return ResolvedEntity(
            id=content_id("entity", name_key(name), etype if etype != "GPE" else "GPE", prefix="e"),
            name=name,
            type=etype,
            country=country,
            role=row.role if row else None,
            acts_for=acts_for,
            aliases=sorted({s for k in keys for s in surfaces[k]} - {name}),
            documents=documents,
            mention_count=mention_count,
            merge_reasons=self.uf.reasons.get(root, []) + [n for k in sorted(keys) for n in self.notes.get(k, [])],
            code=(row.code if row and row.code else None) or (alpha3(country) if etype == "GPE" and country else None),
        )

    def mention_rows(self) -> Iterator[tuple[ResolvedEntity, int]]:
        """(entity, mention row) for every mention: entity by entity in :meth:`resolve`'s
        order, each entity's mentions in document-id then text order."""
        import numpy as np

        position = np.frombuffer(self._position_array(), dtype=np.int32)
        rows = np.frombuffer(self.columns.key, dtype=np.int32)
        for row in np.argsort(position[rows], kind="stable").tolist():
            yield self._entities[self._position[self.columns.key[row]]], row

    def mention_records(self) -> Iterator[tuple[str, str, int, int, str, str]]:
        """(entity id, doc id, start, end, text, label) of every mention, in
        :meth:`mention_rows` order: the rows of the store's ``mentions`` table."""
        c = self.columns
        for entity, row in self.mention_rows():
            yield entity.id, c.doc_of(row), c.start[row], c.end[row], c.surface_of(row), c.label_of(row)

    def links(self, doc_id: str) -> list:
        """Document ``doc_id``'s mentions as a flat ``[start, end, entity, ...]`` list,
        entity by entity in :meth:`resolve`'s order (so the first overlapping mention
        names the entity the whole corpus ranks first)."""
        columns, position = self.columns, self._position_array()
        rows = sorted(columns.document_rows(doc_id), key=lambda r: position[columns.key[r]])
        flat: list = []
        for row in rows:
            flat += (columns.start[row], columns.end[row], self._entities[position[columns.key[row]]])
        return flat

    def _position_array(self) -> array:
        if self._position is None:
            raise RuntimeError("EntityResolver.resolve() has not run")
        return self._position


def _join_surnames(columns: MentionColumns, uf: _UnionFind, story_of: dict[str, str]) -> None:
    full_by_surname: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for _, key, label, doc_id in columns.rows():
        if label == "PERSON" and len(key.split()) >= 2:
            full_by_surname[key.split()[-1]][key].add(doc_id)
    given_in_doc: dict[tuple[str, str], set[str]] = defaultdict(set)
    for surname, fulls in full_by_surname.items():
        for full, docs in fulls.items():
            for doc in docs:
                given_in_doc[(full.split()[0], doc)].add(full)
    for _, key, label, doc_id in columns.rows():
        if label != "PERSON" or len(key.split()) != 1:
            continue
        if key not in full_by_surname:
            fulls = given_in_doc.get((key, doc_id), set())
            if len(fulls) == 1:  # a given name alone, e.g. left over from a run-on mention
                full = next(iter(fulls))
                uf.union(full, key, f"'{key}' is the given name of '{full}' (unique in its document)")
            continue
        candidates = full_by_surname[key]
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
