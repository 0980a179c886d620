"""Evidence that joins name keys in entity resolution: acronym definitions and demonyms.

Acronyms ("Kosovo Liberation Army (KLA)") are joined to their long form where the text
defines them. When two documents define the same acronym as two different bodies, the
acronym is not one entity: each defining document's (and each of its story-mates')
mentions of it go to that document's long form, and the rest stay apart, unjoined.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Mapping

from brinkwatch.resolve._entity_mentions import MentionColumns
from brinkwatch.resolve._names import name_key, without_led_prefix

log = logging.getLogger(__name__)

ACRONYM_DEF = re.compile(
    r"([A-Z][\w'’.-]*(?:\s+(?:of|the|and|for|[A-Z][\w'’.-]*)){1,8})\s*\(\s*([A-Za-z][A-Za-z.&-]{1,9})\s*\)"
)


def plausible_acronym(acronym: str, long_key: str) -> bool:
    """Whether ``acronym`` can abbreviate ``long_key`` (letters in order, first one a word start)."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    words = [w for w in re.split(r"[\s-]+", long_key) if w]
    if not letters or not words:
        return False
    if not any(w.startswith(letters[0]) for w in words):
        return False
    flat, pos = long_key.replace(" ", ""), 0
    for letter in letters:
        pos = flat.find(letter, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def join_acronyms(
    texts: Mapping[str, str],
    columns: MentionColumns,
    surfaces: dict[str, Counter],
    labels: dict[str, Counter],
    uf,
    story_of: dict[str, str],
) -> None:
    """Join acronyms to their defined long forms; re-key per document when they conflict
    (``columns``: the mentions of the documents resolved; only their texts are read)."""
    defs: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)  # short -> doc -> (long key, words)
    for doc_id, text in texts.items():
        if doc_id not in columns.doc_numbers:
            continue
        for m in ACRONYM_DEF.finditer(text):
            long_key, short_key = name_key(m.group(1)), name_key(m.group(2))
            if short_key not in surfaces or not plausible_acronym(m.group(2), long_key):
                continue
            for candidate in (long_key, without_led_prefix(long_key)):
                if candidate and candidate in surfaces:
                    defs[short_key].setdefault(doc_id, (candidate, m.group(0)))
                    break
    for short_key, by_doc in defs.items():
        roots = {uf.find(c) for c, _ in by_doc.values()}
        if len(roots) == 1:
            for doc_id, (candidate, words) in sorted(by_doc.items()):
                uf.union(candidate, short_key, f"'{words}' defines the acronym in document {doc_id}")
            continue
        log.info("acronym %r is defined as %d different bodies; joined per document", short_key, len(roots))
        story_defs: dict[str, set[str]] = defaultdict(set)
        for doc_id, (candidate, _) in by_doc.items():
            if story_of.get(doc_id):
                story_defs[story_of[doc_id]].add(candidate)
        number = columns.keys.numbers.get(short_key)
        for row in [r for r, k in enumerate(columns.key) if k == number]:
            doc_id, label = columns.doc_of(row), columns.label_of(row)
            target = by_doc.get(doc_id, (None, ""))[0]
            scope = "document"
            if target is None and len(story_defs.get(story_of.get(doc_id, ""), ())) == 1:
                target, scope = next(iter(story_defs[story_of[doc_id]])), "story"
            if target is None:
                continue
            columns.set_key(row, target)
            surface = columns.surface_of(row)
            surfaces[short_key][surface] -= 1
            surfaces[target][surface] += 1
            labels[short_key][label] -= 1
            labels[target][label] += 1
            root = uf.find(target)
            reason = (f"'{surface}' is '{target}' where its {scope} defines it "
                      f"(the acronym names {len(roots)} different bodies in the corpus)")
            if reason not in uf.reasons[root]:
                uf.reasons[root].append(reason)
        for counter in (surfaces, labels):
            counter[short_key] = Counter({k: v for k, v in counter[short_key].items() if v > 0})
        if not surfaces[short_key]:
            del surfaces[short_key]
            labels.pop(short_key, None)


def join_demonyms(surfaces: dict[str, Counter], labels: dict[str, Counter], nationality: dict[str, str], uf) -> None:
    """Groups of people named by demonym forms of one country ("Serbs", "Serbian") are one."""
    by_country: dict[str, list[str]] = defaultdict(list)
    for key in surfaces:
        if not labels[key] or labels[key].most_common(1)[0][0] != "NORP":
            continue
        singular = key[:-1] if key.endswith("s") else key
        cc = nationality.get(key) or nationality.get(singular)
        if cc:
            by_country[cc].append(key)
    for cc, keys in by_country.items():
        keys.sort()
        for other in keys[1:]:
            uf.union(keys[0], other, f"'{keys[0]}' and '{other}' are demonyms of {cc}")
