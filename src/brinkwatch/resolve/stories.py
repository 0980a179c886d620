"""Online, incremental story clustering: articles → stories (one event) → threads (one crisis).

How an item finds its story (``StoryClusterer.add``):

1. Skip ids already placed (re-adding is a no-op). Update the document frequencies with the
   new batch, then build each item's unit TF-IDF vector over hashed features: content words
   (title words count twice), and the item's entity keys and places, boosted by
   ``name_boost`` because names and places are what tell two same-kind events apart.
2. Blocking, never all pairs: an inverted index maps each story's heaviest features to the
   story; an item looks up its own ``query_terms`` heaviest features (only the most recent
   ``posting_cap`` stories per feature) and keeps the ``max_candidates`` stories with most
   hits. Stories whose date span is more than ``window_days`` away from a dated item are
   skipped; an unknown date never blocks.
3. The batch is agglomerated with average linkage (``_story_batch``): nodes are the new
   items and their candidate stories; linkage = mean pairwise cosine (from summed member
   vectors), times ``exp(-gap / decay_days)`` when both date spans are known. The best pair
   >= ``threshold`` merges first; two existing stories never merge, so stored stories keep
   their ids and members (nothing is recomputed).
4. A group of new items only (no existing story) is checked for two same-kind events:
   ``_story_refine.split_group`` bipartitions it on within-group (local IDF) similarity and
   splits it when the two sides' *names* (entity/place keys) disagree.
5. A group holding an existing story joins it; any other group founds a new story whose id
   is a content hash of its first document id (stable across runs).

Stored stories keep an IDF-free centroid (``StoryState``), re-weighted with the current IDF
whenever they are compared, so a story stored while the corpus was tiny is not compared with
the flat IDF it was built under.

Within a batch, items are taken in date order (undated last, ties by id), so the result
does not depend on the order the caller happened to pass.

``threads()`` links stories whose centroids are similar at the lower ``thread_threshold``
(same crisis, different episodes), without the time window, and takes connected components.

The defaults (``threshold`` 0.18, ``split_ratio`` 0.2) sit inside a plateau on the ECB+ dev
topics (B-cubed F1 0.86-0.89 for thresholds 0.12-0.18); see the sensitivity table in
``brinkwatch.eval.clusters``.
"""

from __future__ import annotations

import bisect
import json
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields

from brinkwatch.records import content_id
from brinkwatch.resolve._story_batch import Node, agglomerate
from brinkwatch.resolve._story_refine import split_group
from brinkwatch.resolve._story_state import StoryState, from_ordinal, to_ordinal
from brinkwatch.resolve._story_text import (
    dot,
    feature_id,
    idf,
    raw_features,
    tokens,
    top_terms,
    weight_vector,
)

log = logging.getLogger(__name__)

STATE_VERSION = 2  # 2: IDF-free story centroids + pair_sum (1 is migrated on load)


@dataclass(frozen=True, slots=True)
class StoryItem:
    """One article as the clusterer sees it (entity and place keys already normalised)."""

    doc_id: str
    title: str | None
    text: str
    date: str | None = None
    entities: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    outlet: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StorySettings:
    """Knobs of the clusterer (persisted with its state)."""

    threshold: float = 0.18  # linkage similarity to join a story (then split, see _story_refine)
    linkage: str = "average"  # "average" (mean pairwise cosine) or "centroid" (cosine of sums)
    thread_threshold: float = 0.12  # centroid cosine to link two stories into one thread
    window_days: int = 45  # a dated item never joins a story this far from its date span
    decay_days: float = 90.0  # score *= exp(-gap/decay_days)
    name_boost: float = 1.5
    title_weight: float = 2.0
    centroid_terms: int = 150  # features kept in a story's summed vector
    index_terms: int = 30  # features of a story listed in the inverted index
    query_terms: int = 25
    posting_cap: int = 100
    max_candidates: int = 50
    split_ratio: float = 0.2  # split a new group when cross/within name cosine is below this
    min_side: int = 2  # each side of a split has at least this many items
    min_side_share: float = 0.3  # ... and at least this share of the group
    local_max_df: float = 0.8  # local-IDF features: in at most this share of the group
    split_max: int = 400  # groups larger than this are not split (cost is quadratic in size)


class StoryClusterer:
    """Incremental story clustering with a JSON state (see the module docstring)."""

    def __init__(self, settings: StorySettings | None = None) -> None:
        self.settings = settings or StorySettings()
        self._df: dict[int, int] = {}
        self._n_docs = 0
        self._stories: list[StoryState] = []
        self._by_id: dict[str, int] = {}
        self._doc_story: dict[str, int] = {}
        self._postings: dict[int, list[int]] = defaultdict(list)
        self._indexed: list[set[int]] = []
        self._weighted_cache: dict[int, dict[int, float]] = {}

    # ----------------------------------------------------------------- adding
    def add(self, items: Sequence[StoryItem]) -> dict[str, str]:
        """Place new items into stories; returns ``{doc_id: story_id}`` for every given item.

        Items whose id is already placed keep their story (no-op); duplicates in the batch
        are placed once.
        """
        fresh: dict[str, StoryItem] = {}
        for it in items:
            if it.doc_id not in self._doc_story and it.doc_id not in fresh:
                fresh[it.doc_id] = it
        batch = sorted(fresh.values(), key=lambda i: (to_ordinal(i.date) is None,
                                                      to_ordinal(i.date) or 0, i.doc_id))
        feats = []
        for it in batch:
            counts, names = raw_features(it.title, it.text, it.entities, it.places,
                                         self.settings.title_weight)
            feats.append((counts, names))
            for fid in counts:
                self._df[fid] = self._df.get(fid, 0) + 1
        self._n_docs += len(batch)
        self._weighted_cache.clear()  # the IDF changed
        vecs = [weight_vector(counts, self._df, self._n_docs, set(names), self.settings.name_boost)
                for counts, names in feats]
        days = [to_ordinal(it.date) for it in batch]
        groups: list[tuple[int | None, list[int]]] = []
        for node in agglomerate(vecs, days, self._story_nodes, self.settings):
            if node.story is not None or self.settings.split_ratio <= 0:
                groups.append((node.story, node.items))
            else:
                groups.extend((None, part) for part in split_group(
                    node.items, feats, self._df, self._n_docs, self.settings))
        for story, positions in groups:
            members = sorted(positions)  # batch order: date, then id
            idx = story if story is not None else self._new_story(batch[members[0]].doc_id)
            for i in members:
                self._join(idx, batch[i], vecs[i], days[i], feats[i][1])
        if batch:
            log.debug("placed %d new items; %d stories", len(batch), len(self._stories))
        return {it.doc_id: self._stories[self._doc_story[it.doc_id]].id for it in items}

    def _candidates(self, vec: dict[int, float], day: int | None) -> list[int]:
        s = self.settings
        hits: Counter[int] = Counter()
        for fid in top_terms(vec, s.query_terms):
            posting = self._postings.get(fid)
            if posting:
                hits.update(posting[-s.posting_cap:])
        out = []
        for idx, _ in sorted(hits.items(), key=lambda x: (-x[1], x[0])):
            if self._stories[idx].day_gap(day) <= s.window_days:
                out.append(idx)
                if len(out) >= s.max_candidates:
                    break
        return out

    def score(self, vec: dict[int, float], story: StoryState, day: int | None) -> float:
        """Average-linkage cosine of a unit vector to a story, decayed by the date gap."""
        sim = dot(vec, self._weighted(self._by_id[story.id])) / story.size
        gap = story.day_gap(day)
        return sim * math.exp(-gap / self.settings.decay_days) if gap else sim

    def _story_nodes(self, vec: dict[int, float], day: int | None) -> list[tuple[int, Node]]:
        """Existing stories proposed for an item, as agglomeration nodes."""
        return [
            (idx, Node(vec=dict(self._weighted(idx)), size=st.size, first_day=st.first_day,
                       last_day=st.last_day, story=idx))
            for idx in self._candidates(vec, day)
            for st in (self._stories[idx],)
        ]

    def _join(self, idx: int, it: StoryItem, vec: dict[int, float], day: int | None,
              names: dict[int, str]) -> None:
        story = self._stories[idx]
        if story.doc_ids:
            story.pair_sum += dot(vec, self._weighted(idx))
        story.doc_ids.append(it.doc_id)
        story.add_day(day)
        df, n = self._df, self._n_docs
        for fid, w in vec.items():
            story.centroid[fid] = story.centroid.get(fid, 0.0) + w / idf(df, n, fid)
        self._weighted_cache.pop(idx, None)
        self._prune(idx)
        story.names.update(set(names.values()))
        if it.title:
            story.titles.append((it.doc_id, it.title))
        self._doc_story[it.doc_id] = idx
        self._index(idx)

    def _new_story(self, founder: str) -> int:
        sid = content_id("story", founder, prefix="s", length=15)
        idx = len(self._stories)
        self._stories.append(StoryState(id=sid, founder=founder))
        self._by_id[sid] = idx
        self._indexed.append(set())
        return idx

    def _weighted(self, idx: int) -> dict[int, float]:
        """A story's sum of member vectors under the current IDF (cached until it changes).

        The IDF-free centroid times today's IDF gives the direction; the length is set to
        ``sqrt(size + 2 * pair_sum)``, the length of a sum of unit vectors with that cohesion,
        so average linkage (``dot / (n_a * n_b)``) keeps its scale.
        """
        vec = self._weighted_cache.get(idx)
        if vec is None:
            story = self._stories[idx]
            df, n = self._df, self._n_docs
            vec = {f: c * idf(df, n, f) for f, c in story.centroid.items()}
            norm = math.sqrt(sum(w * w for w in vec.values()))
            target = math.sqrt(max(story.size + 2.0 * story.pair_sum, float(story.size)))
            if norm > 0:
                scale = target / norm
                vec = {f: w * scale for f, w in vec.items()}
            self._weighted_cache[idx] = vec
        return vec

    def _prune(self, idx: int) -> None:
        story = self._stories[idx]
        k = self.settings.centroid_terms
        if len(story.centroid) > k * 3 // 2:
            keep = top_terms(self._weighted(idx), k)
            story.centroid = {f: story.centroid[f] for f in keep}
            self._weighted_cache.pop(idx, None)

    def _index(self, idx: int) -> None:
        done = self._indexed[idx]
        for fid in top_terms(self._weighted(idx), self.settings.index_terms):
            if fid not in done:
                done.add(fid)
                bisect.insort(self._postings[fid], idx)

    # ---------------------------------------------------------------- reading
    def story_of(self, doc_id: str) -> str | None:
        """The story id of a placed document, or None."""
        idx = self._doc_story.get(doc_id)
        return None if idx is None else self._stories[idx].id

    def _title(self, story: StoryState) -> str | None:
        """The most central headline: the title whose words best match the story vector."""
        best, best_score = None, -1.0
        for _, title in story.titles:
            counts = Counter(tokens(title))
            if not counts:
                continue
            vec = weight_vector(Counter({feature_id("w", t): c for t, c in counts.items()}),
                                self._df, self._n_docs, set(), 1.0)
            sc = dot(vec, self._weighted(self._by_id[story.id]))
            if sc > best_score:
                best, best_score = title, sc
        return best

    def stories(self) -> list[dict]:
        """All stories: ``{id, doc_ids, title, first_date, last_date, key_entities}``."""
        out = []
        for st in self._stories:
            out.append({
                "id": st.id,
                "doc_ids": list(st.doc_ids),
                "title": self._title(st),
                "first_date": from_ordinal(st.first_day),
                "last_date": from_ordinal(st.last_day),
                "key_entities": [n for n, _ in sorted(st.names.items(),
                                                       key=lambda x: (-x[1], x[0]))[:8]],
            })
        return out

    def threads(self) -> list[dict]:
        """Stories grouped by crisis: ``{id, story_ids, title}`` (connected components)."""
        from brinkwatch.resolve._story_threads import link_threads

        vecs = [self._weighted(i) for i in range(len(self._stories))]
        return link_threads(self._stories, vecs, self._postings, self.settings, self._title)

    # ------------------------------------------------------------------ state
    def state_to_json(self) -> str:
        """Everything needed to continue later (settings, document frequencies, stories)."""
        return json.dumps({
            "version": STATE_VERSION,
            "settings": asdict(self.settings),
            "n_docs": self._n_docs,
            "df": [[f, c] for f, c in self._df.items()],
            "stories": [st.to_json() for st in self._stories],
            "indexed": [sorted(ix) for ix in self._indexed],
        }, separators=(",", ":"))

    @classmethod
    def from_state_json(cls, s: str) -> StoryClusterer:
        """Rebuild a clusterer from :meth:`state_to_json` output.

        :raises ValueError: the state has an unknown version.
        """
        d = json.loads(s)
        version = d.get("version")
        if version not in (1, STATE_VERSION):
            raise ValueError(f"unsupported story state version {version!r}")
        known = {f.name for f in fields(StorySettings)}
        self = cls(StorySettings(**{k: v for k, v in d["settings"].items() if k in known}))
        self._n_docs = d["n_docs"]
        self._df = {int(f): int(c) for f, c in d["df"]}
        for sd, ix in zip(d["stories"], d["indexed"], strict=True):
            st = StoryState.from_json(sd)
            idx = len(self._stories)
            self._stories.append(st)
            self._by_id[st.id] = idx
            self._indexed.append(set(ix))
            for doc in st.doc_ids:
                self._doc_story[doc] = idx
            for fid in ix:
                self._postings[fid].append(idx)
        if version == 1:
            self._migrate_v1()
        return self

    def _migrate_v1(self) -> None:
        """Version 1 stored IDF-weighted sums of unit vectors: divide by today's IDF."""
        df, n = self._df, self._n_docs
        for st in self._stories:
            sq = sum(w * w for w in st.centroid.values())
            st.pair_sum = max(0.0, (sq - st.size) / 2.0)
            st.centroid = {f: w / idf(df, n, f) for f, w in st.centroid.items()}
        log.info("migrated story state v1 -> v%d (%d stories)", STATE_VERSION, len(self._stories))
