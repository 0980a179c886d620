"""Online, incremental story clustering: articles → stories (one event) → threads (one crisis).

How an item finds its story (``StoryClusterer.add``):

1. Skip ids already placed (re-adding is a no-op). A large batch is taken in chunks of
   ``max_batch`` items (in date order). Update the document frequencies with the chunk,
   then build each item's unit TF-IDF vector over hashed features: content words (title
   words count twice), and the item's entity keys and places, boosted by ``name_boost``
   because names and places are what tell two same-kind events apart. Vectors are rows of
   a ``scipy.sparse`` matrix over the vocabulary columns (``_story_vocab``, ``_story_matrix``).
2. Blocking, never all pairs: an inverted index maps each story's heaviest features to the
   story; an item looks up its own ``query_terms`` heaviest features (only the most recent
   ``posting_cap`` stories per feature) and keeps the ``max_candidates`` stories with most
   hits. Stories whose date span is more than ``window_days`` away from a dated item are
   skipped (see step 5 for later ones); an unknown date never blocks. A chunk's look-ups
   are one sparse product; so is the temporary index that finds pairs inside the chunk
   (``_story_matrix``). A candidate story none of whose similarities to the chunk's items
   reaches ``threshold`` (``attach_threshold`` when lower) can never merge: it is dropped.
3. The chunk is agglomerated with average linkage (``_story_batch``): nodes are the new
   items and their candidate stories; linkage = mean pairwise cosine (from summed member
   vectors, whose dot products are computed once and added on merges), times
   ``exp(-gap / decay_days)`` when both date spans are known. The best pair >= ``threshold``
   merges first; two existing stories never merge, so stored stories keep their ids and
   members (nothing is recomputed).
   A group of new items joins a stored story only if their names agree
   (``_story_refine.group_names_agree``; a group naming nothing the story lacks agrees;
   names weighted by their corpus IDF, ``_story_specific``)
   and, for a group of at least ``min_side`` items, the split test of step 4 run between
   the story's *exemplars* (names, numbers and month-days of ``join_exemplars`` members,
   the most central of a larger founding group: ``_story_matrix.central_rows``; kept in
   its state) and the group finds no second event
   (``_story_refine.group_disagrees``).
4. A group of new items only (no existing story) is checked for two same-kind events:
   ``_story_refine.split_group`` bipartitions it on within-group (local IDF) similarity and
   splits it when the two sides' *names* (entity/place keys) disagree.
5. Leftovers re-attach (``_story_attach.reattach``): a new-items-only group of at most
   ``attach_max_size`` items joins the best larger group or candidate story when the
   linkage reaches the lower bar ``attach_threshold`` (and beats the runner-up by
   ``attach_margin``), the names agree as in step 3 (or the group's lead names a name specific
   to the target: ``specific_name_tie``), and the target holds no other side of a split the
   group came from (optionally, a best target of at most ``attach_max_size`` that refuses
   passes the turn to the next ``attach_fallback`` targets); up to ``group_attach_max`` items, a
   larger new group only, and between two groups of ``min_side`` or more the split test
   (step 4) replaces the names check, as if they had been agglomerated together. Months
   apart (beyond ``window_days``, up to ``late_days``) a new group of any size may still join
   a stored story, and a small one a larger group, when the undecayed linkage reaches
   ``late_threshold`` and an explicit date ties them (``_story_attach.dates_link``: a trial
   report naming the day of the arrest); ``late_candidates`` such stories per item.
6. A group holding an existing story joins it (its centroid, cohesion, dates, names and
   index entries are updated once per group); any other group founds a new story whose id
   is a content hash of its first document id (stable across runs).

Stored stories keep an IDF-free centroid (``StoryState``), re-weighted with the current IDF
in one vectorised pass whenever they are compared (``_weighted_matrix``); their normalised
names are cached. Within a batch, items are taken in date order (undated last, ties by id).

``threads()`` links stories whose centroids reach the lower ``thread_threshold`` (same crisis,
other episodes) and are mutual ``thread_neighbours`` (or reach ``thread_strong``) into connected
components (``_story_threads``); two stories further apart than
``reach_days()`` (the reach of joins, 775 days by default) link only through stories between.

A clusterer given an archive retires the stories no article in date order can join any more
(``_story_archive``): its memory then follows the last ``reach_days()`` of news, not the corpus.

Defaults sit inside plateaus on the ECB+ dev topics (tables in ``brinkwatch.eval.clusters``):
``threshold`` 0.18, ``split_ratio`` 0.25, ``number_weight`` 1.5, ``attach_max_size`` 3 and
``attach_threshold`` 0.08 (0.07 equal), ``join_exemplars`` 8, ``late_threshold`` 0.18
(same for 0.12-0.25), ``group_attach_max`` 6 (same for 4-6; eval/RESULTS.md, rounds 8-10).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from brinkwatch.records import content_id
from brinkwatch.resolve._story_archive import StoryArchive
from brinkwatch.resolve._story_attach import lead_names, reattach
from brinkwatch.resolve._story_batch import agglomerate
from brinkwatch.resolve._story_distinct import damp_distinct, specific_word_sets
from brinkwatch.resolve._story_matrix import (
    batch_neighbours,
    candidate_stories,
    central_rows,
    dot_sorted,
    item_matrix,
    scaled_rows,
    stack_rows,
)
from brinkwatch.resolve._story_refine import (
    exemplar,
    sides_disagree,
    full_dates,
    group_disagrees,
    group_names_agree,
    month_days,
    split_group,
)
from brinkwatch.resolve._story_retire import reach_days, retire
from brinkwatch.resolve._story_specific import name_df, rare_word, specificity
from brinkwatch.resolve._story_state import (
    NO_COLUMNS,
    StoryState,
    arrival_key,
    dump_state,
    dump_state_parts,
    index_columns,
    load_state,
    nan_padded,
    summary,
    to_ordinal,
)
from brinkwatch.resolve._story_thread_memory import cosine_matrix, holding_roots
from brinkwatch.resolve._story_text import central_title, dot, key_norm, raw_features
from brinkwatch.resolve._story_vocab import Postings, Vocab

log = logging.getLogger(__name__)

STATE_VERSION = 2  # 2: IDF-free story centroids + pair_sum (1 is migrated on load)
_STORY_CHUNK = 2000  # candidate stories scored against a chunk of items at a time
_NAME_CACHE = 2048  # stories whose normalised names are cached (least recently used go)


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
    headline_names: tuple[str, ...] = ()  # the keys of ``entities`` its headline names


@dataclass(frozen=True, slots=True, kw_only=True)
class StorySettings:
    """Knobs of the clusterer (persisted with its state)."""

    threshold: float = 0.18  # linkage similarity to join a story (then split, see _story_refine)
    linkage: str = "average"  # "average" (mean pairwise cosine) or "centroid" (cosine of sums)
    thread_threshold: float = 0.12  # centroid cosine to link two stories into one thread
    thread_neighbours: int = 3  # ... if each is among the other's most similar this many
    thread_strong: float = 0.4  # ... or whatever their neighbours at this cosine
    window_days: int = 45  # a dated item never joins a story this far from its date span
    decay_days: float = 90.0  # score *= exp(-gap/decay_days)
    name_boost: float = 1.5
    title_weight: float = 2.0
    item_terms: int = 200  # features kept per item vector (0: all)
    centroid_terms: int = 150  # features kept in a story's summed vector
    index_terms: int = 30  # features of a story listed in the inverted index
    query_terms: int = 25
    posting_cap: int = 100
    max_candidates: int = 50
    max_batch: int = 1000  # a larger batch is clustered in chunks of this many items
    split_ratio: float = 0.25  # split a new group when cross/within name cosine is below this
    min_side: int = 2  # each side of a split has at least this many items
    min_side_share: float = 0.3  # ... and at least this share of the group
    local_max_df: float = 0.8  # local-IDF features: in at most this share of the group
    split_max: int = 400  # groups larger than this are not split (cost is quadratic in size)
    join_ratio: float = 0.35  # new items join a stored story only if their names agree (0: off)
    number_weight: float = 1.5  # numbers (years, counts, magnitudes) in the split check (0: off)
    date_max_ratio: float = 0.45  # below this name ratio, split if the dates differ (0: off)
    date_gap_days: int = 3  # dominant month-days further apart than this are different events
    date_support: float = 0.3  # share of a side's items that must carry its dominant month-day
    date_min_articles: int = 2  # ... and how many items at least (1: the share alone)
    join_exemplars: int = 8  # members kept per story for the split test on joins (0: off)
    central_exemplars: bool = True  # ... the most central of a large group, not the first
    attach_max_size: int = 3  # new groups this small re-attach to their best target (0: off)
    attach_threshold: float = 0.08  # ... when the linkage reaches this lower bar
    attach_margin: float = 1.0  # ... and beats the runner-up by this factor (1.0: no margin)
    # runner-up targets tried when a leftover best target refuses; off: on real news (Reuters)
    # it joined leftovers to other events' stories (eval/RESULTS.md, round 14)
    attach_fallback: int = 0
    late_threshold: float = 0.18  # beyond window_days: undecayed linkage to join (0: off) if
    late_days: int = 730  # ... a date ties the two (_story_attach), up to this many days apart
    late_candidates: int = 3  # stories beyond the window looked up per item for that
    # with an archive: an undated story retires when this many articles came since it last
    # took one (a dated one when the newest article is reach_days() past it)
    undated_reach: int = 100_000
    # ... and, when the stories in memory hold more articles than this, the dated ones retire
    # oldest (last day) first down to three quarters of it, those only a late join can reach
    # first: memory stays bounded however dense the news (0: off)
    memory_docs: int = 200_000
    group_attach_max: int = 6  # new groups this small re-attach to larger new groups too
    group_split_test: bool = True  # two new groups re-attach by the split test, not names
    attach_name_share: float = 0.5  # a specific name on this share of a target waives names
    lead_chars: int = 400  # ... if named in an item's title or its text's first characters
    name_specificity: float = 1.0  # names check: weight names by corpus IDF ** this (0: off)
    # ... a one-word name ties if in at most this share of docs; off: on real news (Reuters)
    # it tied reports of one company's different events (eval/RESULTS.md, round 14)
    tie_word_max_df: float = 0.0
    # links of an item whose headline names something and an item or story naming something
    # specific, sharing no name word, are multiplied by this (1.0: off); a word is specific
    # in at most this share of documents (and this many); _story_distinct, bench/RESULTS.md
    distinct_names_factor: float = 0.0
    distinct_names_max_share: float = 0.01
    distinct_names_min_df: int = 100


def settings_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    """``NAME=VALUE`` strings (a bench script's ``--set``) as :class:`StorySettings` keyword
    arguments, each value read as its setting's type ("0"/"1" for a flag)."""
    defaults = StorySettings()
    out: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not hasattr(defaults, name):
            raise ValueError(f"{pair!r}: expected NAME=VALUE with NAME a story setting")
        default = getattr(defaults, name)
        out[name] = value == "1" if isinstance(default, bool) else type(default)(value)
    return out


class StoryClusterer:
    """Incremental story clustering with a JSON state (see the module docstring)."""

    def __init__(self, settings: StorySettings | None = None,
                 archive: StoryArchive | None = None) -> None:
        self.settings = settings or StorySettings()
        # where stories no article can join any more go (None: every story stays in memory)
        self.archive = archive
        # story -> a retired thread root (states saved before ``_gone_links`` only)
        self._carry: dict[str, str] = {}
        self._undated_seen: dict[str, int] = {}  # undated story -> articles seen when it last grew
        # story in memory -> its most similar retired thread neighbours, judged again at
        # every read (``_story_thread_memory``)
        self._gone_links: dict[str, list[tuple[float, str, bool]]] = {}
        self._vocab = Vocab()
        self._idf = self._vocab.idf()
        self._stories: list[StoryState] = []
        self._by_id: dict[str, int] = {}
        self._doc_story: dict[str, int] = {}
        self._postings = Postings()  # column -> story indices (inverted index)
        self._indexed: list[np.ndarray] = []  # columns of each story in the index (sorted)
        self._first = np.zeros(0)  # story date spans as day ordinals (NaN: unknown)
        self._last = np.zeros(0)
        self._weighted_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._name_keys: dict[int, Counter[str]] = {}  # story -> normalised names (LRU)

    @property
    def _df(self) -> Vocab:
        """Document frequencies by hashed feature id (``.get(fid, 0)``)."""
        return self._vocab

    @property
    def _n_docs(self) -> int:
        return self._vocab.n_docs

    # ----------------------------------------------------------------- adding
    def add(self, items: Sequence[StoryItem]) -> dict[str, str]:
        """Place new items into stories; returns ``{doc_id: story_id}`` for every given item.

        Items whose id is already placed keep their story (no-op); duplicates in the batch
        are placed once.
        """
        fresh: dict[str, StoryItem] = {}
        retired = {} if self.archive is None else self.archive.story_of(
            it.doc_id for it in items if it.doc_id not in self._doc_story)
        for it in items:
            if (it.doc_id not in self._doc_story and it.doc_id not in fresh
                    and it.doc_id not in retired):
                fresh[it.doc_id] = it
        batch = sorted(fresh.values(), key=lambda i: arrival_key(i.date, i.doc_id))
        step = max(1, self.settings.max_batch)
        for start in range(0, len(batch), step):
            self._add_chunk(batch[start : start + step])
        if batch:
            log.debug("placed %d new items; %d stories", len(batch), len(self._stories))
        out = {it.doc_id: self._stories[idx].id for it in items
               if (idx := self._doc_story.get(it.doc_id)) is not None}
        missing = [it.doc_id for it in items if it.doc_id not in out]
        if missing and self.archive is not None:  # placed before, or retired since
            out.update(self.archive.story_of(missing))
        return {it.doc_id: out[it.doc_id] for it in items}

    def _add_chunk(self, batch: Sequence[StoryItem]) -> None:
        s = self.settings
        feats = [raw_features(it.title, it.text, it.entities, it.places, s.title_weight)
                 for it in batch]
        x = item_matrix(feats, self._vocab, s.name_boost, s.item_terms)
        self._idf = self._vocab.idf()
        self._weighted_cache.clear()  # the IDF changed
        fids = self._vocab.fids
        n = len(batch)
        days = np.array([np.nan if (d := to_ordinal(it.date)) is None else d for it in batch],
                        dtype=np.float64)
        neighbours = batch_neighbours(x, fids, s)
        cand_rows, cand_stories = self._candidates(x, days, fids)
        stories, story_dots = self._story_dots(x, cand_stories)
        node_of = {st: n + k for k, st in enumerate(stories)}
        neighbours.extend(set() for _ in stories)
        for i, st in zip(cand_rows.tolist(), cand_stories.tolist()):
            k = node_of.get(st)
            if k is not None:
                neighbours[i].add(k)
                neighbours[k].add(i)
        dots = np.vstack([(x @ x.T).toarray(), story_dots])
        st_arr = np.asarray(stories, dtype=np.int64)
        sizes = np.concatenate([np.ones(n), [float(self._stories[i].size) for i in stories]])
        story_sq = np.array([self._sq(i) for i in stories], dtype=np.float64)
        first = np.concatenate([days, self._first[st_arr]])
        last = np.concatenate([days, self._last[st_arr]])
        names = None
        attach = s.attach_max_size > 0
        texts = [f"{it.title or ''}\n{it.text}" for it in batch]
        dates: dict[int, frozenset] = {}  # month-days by batch position, read once
        full: dict[int, frozenset] = {}  # full dates (day ordinals), read once when needed

        def days(i: int) -> frozenset:
            got = dates.get(i)
            if got is None:
                got = dates[i] = month_days(texts[i])
            return got

        name_count = name_df(self._vocab)  # corpus document frequency of a name key
        spec = specificity(name_count, self._vocab.n_docs, s.name_specificity)
        if (s.join_ratio > 0 and stories) or attach:
            names = [Counter(key_norm(v) for v in set(f[1].values())) for f in feats]
            names += [self._story_names(i) for i in stories]
        if s.distinct_names_factor < 1.0:
            self._damp_distinct(dots, batch, stories, names[n:] if names is not None else None)

        def agree(a: Counter[str], na: int, b: Counter[str], nb: int, story: int | None = None,
                  items: Sequence[int] = (), target: Sequence[int] = (),
                  late: bool = False, names_ok: bool = False) -> bool:
            if story is not None and s.join_exemplars > 0 and group_disagrees(
                    self._stories[story].exemplars, [feats[i] for i in items],
                    [days(i) for i in items], self._vocab, self._vocab.n_docs, s):
                return False
            if (story is None and s.group_split_test
                    and min(len(target), len(items)) >= s.min_side):
                # two groups of new items: the split test, as if agglomerated together (a
                # date-tied late follow-up cites another day by nature: names only)
                return not sides_disagree(list(target), list(items), feats, self._vocab,
                                          self._vocab.n_docs, s, None if late else texts,
                                          dates)
            return names_ok or group_names_agree(a, na, b, nb, s, spec)

        def node_dates(v: int) -> tuple[frozenset, frozenset]:
            # dates cited by a batch item, or month-days cited by a story's exemplars
            if v >= n:
                ex = self._stories[stories[v - n]].exemplars
                return frozenset().union(*(e[3] for e in ex)), frozenset()
            if v not in full:
                full[v] = full_dates(texts[v])
            return days(v), full[v]

        kept = (dots.copy(), sizes[n:].copy(), first.copy(), last.copy(),
                [Counter(c) for c in names]) if attach and names is not None else None
        groups: list[tuple[int | None, list[int]]] = []
        origin: list[int] = []  # the agglomerated group each final group came from
        for k, g in enumerate(agglomerate(dots, n, stories, sizes, first, last, neighbours,
                                          story_sq, s, names if s.join_ratio > 0 and stories
                                          else None, agree)):
            if g.story is not None or s.split_ratio <= 0:
                parts = [g.items]
            else:
                parts = split_group(g.items, feats, self._vocab, self._vocab.n_docs, s, texts,
                                    dates)
            groups.extend((g.story, part) for part in parts)
            origin.extend([k] * len(parts))
        if kept is not None:
            groups = reattach(groups, origin, kept[0], n, stories, kept[1], kept[2], kept[3],
                              kept[4], agree, s, node_dates,
                              lambda i: lead_names(batch[i], feats[i][1].values(), s.lead_chars),
                              rare_word(name_count, self._vocab.n_docs, s.tie_word_max_df))
        for story, positions in groups:
            members = sorted(positions)  # batch order: date, then id
            idx = story if story is not None else self._new_story(batch[members[0]].doc_id)
            self._join(idx, members, batch, x, feats, days)
        self._retire()

    def _damp_distinct(self, dots: np.ndarray, batch: Sequence[StoryItem],
                       stories: Sequence[int], story_names: Sequence[Counter[str]] | None,
                       ) -> None:
        """Damp the links of items (and candidate stories) naming nothing in common
        (``distinct_names_factor``, :mod:`_story_distinct`); ``story_names``: each candidate
        story's :meth:`_story_names`, when the caller has them."""
        s = self.settings
        if not any(it.headline_names for it in batch):
            return
        cap = max(s.distinct_names_min_df, s.distinct_names_max_share * self._vocab.n_docs)
        # only an item whose headline names its subject is judged (a wire notice's company;
        # short reports of one event, often without a headline, name different facets)
        judged = [{*it.entities, *it.places} if it.headline_names else () for it in batch]
        if story_names is None:
            story_names = [self._story_names(i) for i in stories]
        words = specific_word_sets([*judged, *story_names], self._vocab.df_of, cap)
        damp_distinct(dots, words[:len(batch)], words[len(batch):], s.distinct_names_factor)

    def _candidates(self, x: sp.csr_matrix, days: np.ndarray,
                    fids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(item positions, story indices)``: each item's candidate stories (blocking)."""
        n = len(self._stories)
        return candidate_stories(x, days, fids, self._postings, self._first[:n],
                                 self._last[:n], self.settings)

    def _story_dots(self, x: sp.csr_matrix, cand: np.ndarray) -> tuple[list[int], np.ndarray]:
        """Candidate stories that can still merge, and their dot products with every item."""
        s = self.settings
        kept: list[int] = []
        blocks = [np.zeros((0, x.shape[0]))]
        # a story none of whose items reaches this can neither merge nor take a small group
        bar = min(s.threshold, s.attach_threshold) if s.attach_max_size > 0 else s.threshold
        uniq = np.unique(cand)
        xt = x.T.tocsc()
        for start in range(0, len(uniq), _STORY_CHUNK):
            part = uniq[start : start + _STORY_CHUNK].tolist()
            w = self._weighted_matrix(part, x.shape[1])
            d = (w @ xt).toarray()
            if s.linkage == "average" and d.shape[1]:
                sizes = np.array([self._stories[i].size for i in part], dtype=np.float64)
                ok = d.max(axis=1) / sizes >= bar
                d = d[ok]
                part = [i for i, k in zip(part, ok.tolist()) if k]
            kept.extend(part)
            blocks.append(d)
        return kept, np.vstack(blocks)

    def score(self, vec: dict[int, float], story: StoryState, day: int | None) -> float:
        """Average-linkage cosine of a unit vector to a story, decayed by the date gap."""
        sim = dot(vec, self._weighted(self._by_id[story.id])) / story.size
        gap = story.day_gap(day)
        return sim * math.exp(-gap / self.settings.decay_days) if gap else sim

    def _join(self, idx: int, members: list[int], batch: Sequence[StoryItem],
              x: sp.csr_matrix, feats: Sequence, days: Callable[[int], frozenset]) -> None:
        """Add batch positions ``members`` to story ``idx`` (centroid, cohesion, dates, names;
        up to ``join_exemplars`` members, the most central first, are kept as exemplars,
        ``days(i)``: month-days)."""
        story, s = self._stories[idx], self.settings
        room = max(0, s.join_exemplars - len(story.exemplars))
        for i in central_rows(x, members, room) if s.central_exemplars else members[:room]:
            story.exemplars.append(exemplar(feats[i], days(i)))
        ptr = x.indptr
        if len(members) == 1:
            lo, hi = ptr[members[0]], ptr[members[0] + 1]
            m_cols, m_vals = x.indices[lo:hi], x.data[lo:hi]
        else:
            m_cols = np.concatenate([x.indices[ptr[i] : ptr[i + 1]] for i in members])
            m_vals = np.concatenate([x.data[ptr[i] : ptr[i + 1]] for i in members])
        cols, inv = np.unique(m_cols, return_inverse=True)
        sums = np.bincount(inv, weights=m_vals, minlength=len(cols))
        cross = dot_sorted(*self._weighted_arrays(idx), cols, sums) if story.doc_ids else 0.0
        story.pair_sum += cross + max(0.0, float(sums @ sums) - len(members)) / 2.0
        all_cols = np.concatenate([story.cols, cols])
        all_vals = np.concatenate([story.vals, sums / self._idf[cols]])
        story.cols, inv = np.unique(all_cols, return_inverse=True)
        story.vals = np.bincount(inv, weights=all_vals, minlength=len(story.cols))
        shown: list[str] = []  # each member's names, in order
        for i in members:
            it = batch[i]
            story.doc_ids.append(it.doc_id)
            story.add_day(to_ordinal(it.date))
            shown.extend(set(feats[i][1].values()))
            if it.title:
                story.add_title(it.doc_id, it.title)
            self._doc_story[it.doc_id] = idx
        story.names.update(shown)
        keys = self._name_keys.get(idx)
        if keys is not None:  # counts only grow: the max over final counts is exact
            counts = story.names.as_dict()
            for name in dict.fromkeys(shown):
                key = key_norm(name)
                keys[key] = max(keys[key], counts[name])
        self._first[idx] = np.nan if story.first_day is None else story.first_day
        self._last[idx] = np.nan if story.last_day is None else story.last_day
        if story.first_day is None:
            self._undated_seen[story.id] = self._vocab.n_docs
        else:
            self._undated_seen.pop(story.id, None)
        self._weighted_cache.pop(idx, None)
        self._prune_and_index(idx)

    def _story_names(self, idx: int) -> Counter[str]:
        """A story's names (normalised keys) -> how many members carry each (a fresh copy).

        Cached per story and kept up to date by :meth:`_join`, so a large story that is a
        candidate in every batch is not re-normalised every time.
        """
        out = self._name_keys.pop(idx, None)  # re-inserted: the dict's order is recency
        if out is None:
            out = Counter()
            for name, c in self._stories[idx].names.items():
                key = key_norm(name)
                out[key] = max(out[key], c)
            if len(self._name_keys) >= _NAME_CACHE:
                del self._name_keys[next(iter(self._name_keys))]
        self._name_keys[idx] = out
        return Counter(out)

    def _new_story(self, founder: str) -> int:
        sid = content_id("story", founder, prefix="s", length=15)
        idx = len(self._stories)
        self._stories.append(StoryState(id=sid, founder=founder))
        self._by_id[sid] = idx
        self._indexed.append(NO_COLUMNS)
        self._grow_days(idx + 1)
        return idx

    def _grow_days(self, n: int) -> None:
        if n > len(self._first):
            size = max(n, 2 * len(self._first), 64)
            self._first, self._last = nan_padded(self._first, size), nan_padded(self._last, size)

    def _sq(self, idx: int) -> float:
        """Squared length of a story's sum of member vectors."""
        st = self._stories[idx]
        return max(st.size + 2.0 * st.pair_sum, float(st.size)) if len(st.cols) else 0.0

    def _weighted_arrays(self, idx: int) -> tuple[np.ndarray, np.ndarray]:
        """A story's sum of member vectors under the current IDF (cached until it changes).

        The IDF-free centroid times today's IDF gives the direction; the length is set to
        ``sqrt(size + 2 * pair_sum)``, the length of a sum of unit vectors with that cohesion,
        so average linkage (``dot / (n_a * n_b)``) keeps its scale.
        """
        got = self._weighted_cache.get(idx)
        if got is None:
            story = self._stories[idx]
            vec = story.vals * self._idf[story.cols]
            norm = math.sqrt(float(vec @ vec))
            if norm > 0:
                vec = vec * (math.sqrt(self._sq(idx)) / norm)
            got = (story.cols, vec)
            self._weighted_cache[idx] = got
        return got

    def _weighted_matrix(self, idxs: Sequence[int], n_cols: int) -> sp.csr_matrix:
        """:meth:`_weighted_arrays` of many stories as CSR rows, in one vectorised pass."""
        cache = self._weighted_cache
        if all(i in cache for i in idxs):
            return stack_rows([cache[i] for i in idxs], n_cols)
        stories = [self._stories[i] for i in idxs]
        return scaled_rows([(st.cols, st.vals) for st in stories], self._idf,
                           np.array([self._sq(i) for i in idxs], dtype=np.float64), n_cols)

    def _weighted(self, idx: int) -> dict[int, float]:
        """:meth:`_weighted_arrays` as ``{hashed feature id: weight}``."""
        cols, vec = self._weighted_arrays(idx)
        return dict(zip(self._vocab.fids[cols].tolist(), vec.tolist()))

    def _prune_and_index(self, idx: int) -> None:
        """Keep a story's ``centroid_terms`` heaviest features (when it has 1.5x as many) and
        list its ``index_terms`` heaviest in the inverted index (one ranking for both)."""
        story = self._stories[idx]
        cols, vec = self._weighted_arrays(idx)
        ranked = cols[np.lexsort((self._vocab.fids[cols], -vec))]
        k = self.settings.centroid_terms
        if len(story.cols) > k * 3 // 2:
            keep = np.isin(story.cols, ranked[:k])
            story.cols, story.vals = story.cols[keep], story.vals[keep]
            self._weighted_cache.pop(idx, None)
        self._indexed[idx] = index_columns(self._postings, self._indexed[idx],
                                           ranked[: self.settings.index_terms], idx)

    # -------------------------------------------------------------- retiring
    def reach_days(self) -> int:
        """How many days from its date span a story can still be joined or linked."""
        return reach_days(self.settings)

    def _retire(self) -> None:
        if self.archive is not None:
            retire(self)

    # ---------------------------------------------------------------- reading
    def story_of(self, doc_id: str) -> str | None:
        """The story id of a placed document, or None."""
        idx = self._doc_story.get(doc_id)
        if idx is not None:
            return self._stories[idx].id
        return None if self.archive is None else self.archive.story_of((doc_id,)).get(doc_id)

    def members(self, story_id: str) -> list[str]:
        """The document ids of a story (none for an unknown id)."""
        idx = self._by_id.get(story_id)
        if idx is not None:
            return list(self._stories[idx].doc_ids)
        return [] if self.archive is None else self.archive.members(story_id)

    def document_count(self) -> int:
        """How many documents are placed (retired stories' included)."""
        return len(self._doc_story) + (0 if self.archive is None else self.archive.document_count())

    def stories_in_memory(self) -> int:
        """How many stories the clusterer holds (the others are retired to its archive)."""
        return len(self._stories)

    def _title(self, story: StoryState) -> str | None:
        """The most central headline: the title whose words best match the story vector."""
        return central_title(story.title_texts, self._weighted(self._by_id[story.id]),
                             self._vocab)

    def stories(self) -> list[dict]:
        """All stories: ``{id, doc_ids, title, first_date, last_date, key_entities}``."""
        return list(self.iter_stories())

    def iter_stories(self) -> Iterator[dict]:
        """:meth:`stories` one at a time: the retired ones (by id), then those in memory."""
        if self.archive is not None:
            yield from self.archive.summaries()
        for st in self._stories:
            yield summary(st, self._title(st))

    def _thread_links(self) -> tuple[np.ndarray, np.ndarray, tuple]:
        """The linked pairs of stories in memory and the candidate pairs with their cosines
        (``_story_threads.thread_links``, ranks counting the cosines remembered of retired
        neighbours)."""
        from brinkwatch.resolve._story_threads import thread_links

        n = len(self._stories)
        w = self._weighted_matrix(range(n), len(self._vocab))
        return thread_links(w, self._vocab.fids, self._postings, self.settings,
                            self._first[:n], self._last[:n], self.reach_days(),
                            self._remembered_matrix())

    def _remembered_matrix(self) -> np.ndarray | None:
        """``n x thread_neighbours`` cosines the stories in memory had to retired
        neighbours (NaN padded), or None when none is remembered."""
        if not self._gone_links:
            return None
        return cosine_matrix([self._gone_links.get(st.id) for st in self._stories],
                             self.settings.thread_neighbours)

    def _holding_roots(self, rows: np.ndarray, cols: np.ndarray,
                       sims: np.ndarray) -> list[set[str]]:
        """Per story in memory, the retired threads it is linked to now: its remembered
        links that still hold (``_story_thread_memory.holding_roots``, over the candidate
        pairs ``rows``, ``cols``, ``sims``), and a root carried from an older state."""
        s = self.settings
        out = holding_roots([self._gone_links.get(st.id) for st in self._stories], rows, cols,
                            sims, s.thread_neighbours, s.thread_strong)
        for i, st in enumerate(self._stories):
            if st.id in self._carry:
                out[i].add(self._carry[st.id])
        return out

    def threads(self) -> list[dict]:
        """Stories grouped by crisis: ``{id, story_ids, title}`` (connected components),
        by id. A component of the stories in memory joins the retired stories of the
        thread roots its stories carry (``_story_archive``)."""
        from brinkwatch.resolve._story_threads import (
            components,
            join_retired,
            member,
            thread_record,
        )

        rows, cols, candidates = self._thread_links()
        comps = components(len(self._stories), rows, cols)
        live = [[member(self._stories[i], self._title) for i in comp] for comp in comps]
        if self.archive is None:
            return sorted((thread_record(m) for m in live), key=lambda t: t["id"])
        holding, resolve = self._holding_roots(*candidates), self.archive.resolve
        roots = [{resolve(r) for i in comp for r in holding[i]} for comp in comps]
        return join_retired(live, roots, self.archive)

    # ------------------------------------------------------------------ state
    def state_to_json(self) -> str:
        """Everything needed to continue later (settings, document frequencies, stories)."""
        return dump_state(self, STATE_VERSION)

    def state_parts(self) -> Iterator[str]:
        """:meth:`state_to_json`'s text in pieces, made as they are read."""
        return dump_state_parts(self, STATE_VERSION)

    @classmethod
    def from_state_json(cls, s: str) -> StoryClusterer:
        """Rebuild a clusterer from :meth:`state_to_json` output (version 1 is migrated).

        :raises ValueError: the state is not JSON, has an unknown version, or a field of
            the wrong shape (a hand-edited or damaged state: the message says what failed).
        """
        try:
            return load_state(cls, StorySettings, s, STATE_VERSION)
        except (TypeError, AttributeError, KeyError, IndexError) as exc:
            raise ValueError(f"malformed state ({type(exc).__name__}: {exc})") from exc
