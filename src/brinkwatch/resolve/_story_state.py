"""Mutable per-story state of the clusterer and the JSON form of the whole clusterer."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

from brinkwatch.resolve._story_vocab import Vocab

log = logging.getLogger(__name__)


def to_ordinal(date: str | None) -> int | None:
    """``YYYY-MM-DD`` (or a longer ISO timestamp) to a day ordinal; None when unreadable."""
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None


def arrival_key(date: str | None, doc_id: str) -> tuple[bool, int, str]:
    """The order the clusterer takes new items in: dated ones first, by day, then by id."""
    day = to_ordinal(date)
    return day is None, day or 0, doc_id


def from_ordinal(day: int | None) -> str | None:
    return None if day is None else dt.date.fromordinal(day).isoformat()


def summary(st: StoryState, title: str | None) -> dict[str, Any]:
    """A story as ``StoryClusterer.stories`` lists it (eight most carried names)."""
    return {
        "id": st.id,
        "doc_ids": list(st.doc_ids),
        "title": title,
        "first_date": from_ordinal(st.first_day),
        "last_date": from_ordinal(st.last_day),
        "key_entities": [n for n, _ in sorted(st.names.items(), key=lambda x: (-x[1], x[0]))[:8]],
    }


def nan_padded(old: np.ndarray, size: int) -> np.ndarray:
    """A copy of ``old`` grown to ``size`` entries, the new ones NaN (story date spans)."""
    new = np.full(size, np.nan)
    new[: len(old)] = old
    return new


@dataclass(slots=True)
class StoryState:
    """One story: members, the (pruned) IDF-free sum of member vectors, dates and names.

    ``cols``/``vals`` hold (vocabulary columns, see ``_story_vocab``) the centroid: per
    feature, the sum over members of ``w / idf`` where ``w`` is the
    member's unit TF-IDF weight when it joined: multiplying by the *current* IDF gives back the
    sum of member vectors as if they were weighted today, so a story stored while the corpus
    was tiny (flat IDF) is compared with later items on the same footing (see
    ``StoryClusterer._weighted``). ``pair_sum`` is the sum of cosines over member pairs, so
    ``size + 2 * pair_sum`` is the squared length of the sum of unit member vectors.
    """

    id: str
    founder: str
    doc_ids: list[str] = field(default_factory=list)
    cols: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    vals: np.ndarray = field(default_factory=lambda: np.zeros(0))  # IDF-free sum of members
    pair_sum: float = 0.0  # sum of member-pair cosines (cohesion)
    first_day: int | None = None
    last_day: int | None = None
    names: Counter[str] = field(default_factory=Counter)  # entity/place display name -> docs
    titles: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, title)
    # the first members' name and number features, for the split test on joins
    # (``_story_refine.Exemplar``: hashed ids, counts, which ids are names, month-days)
    exemplars: list[tuple[np.ndarray, np.ndarray, np.ndarray, frozenset]] = field(
        default_factory=list)

    @property
    def size(self) -> int:
        return len(self.doc_ids)

    def day_gap(self, day: int | None) -> int:
        """Days between ``day`` and the story's date span (0 inside it or when unknown)."""
        if day is None or self.first_day is None or self.last_day is None:
            return 0
        if day < self.first_day:
            return self.first_day - day
        if day > self.last_day:
            return day - self.last_day
        return 0

    def add_day(self, day: int | None) -> None:
        if day is None:
            return
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)

    def to_json(self, fids: np.ndarray) -> dict[str, Any]:
        """JSON form; ``fids`` maps vocabulary columns to hashed feature ids."""
        return {
            "id": self.id,
            "founder": self.founder,
            "doc_ids": self.doc_ids,
            # float rounding keeps the state small; 7 digits is far below any decision margin
            "centroid": [[f, round(w, 7)] for f, w in zip(fids[self.cols].tolist(),
                                                          self.vals.tolist())],
            "pair_sum": round(self.pair_sum, 6),
            "first_day": self.first_day,
            "last_day": self.last_day,
            "names": dict(self.names),
            "titles": [list(t) for t in self.titles],
            "exemplars": [{"f": f.tolist(), "c": [round(v, 4) for v in c.tolist()],
                           "n": np.flatnonzero(m).tolist(), "d": sorted(list(x) for x in d)}
                          for f, c, m, d in self.exemplars],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any], columns: Any) -> StoryState:
        """From :meth:`to_json`; ``columns(fids)`` maps hashed ids to vocabulary columns."""
        pairs = d["centroid"]
        return cls(
            id=d["id"],
            founder=d["founder"],
            doc_ids=list(d["doc_ids"]),
            cols=np.asarray(columns([int(f) for f, _ in pairs]), dtype=np.int64),
            vals=np.asarray([float(w) for _, w in pairs], dtype=np.float64),
            pair_sum=float(d.get("pair_sum", 0.0)),
            first_day=d["first_day"],
            last_day=d["last_day"],
            names=Counter(d["names"]),
            titles=[(a, b) for a, b in d["titles"]],
            exemplars=[_exemplar_from_json(e) for e in d.get("exemplars", ())],  # absent: older
        )


def _exemplar_from_json(e: dict[str, Any]) -> tuple:
    """An exemplar (``_story_refine.exemplar``) from its JSON form."""
    fids = np.asarray(e["f"], dtype=np.int64)
    is_name = np.zeros(len(fids), dtype=bool)
    is_name[np.asarray(e["n"], dtype=np.int64)] = True
    return (fids, np.asarray(e["c"], dtype=np.float32), is_name,
            frozenset((int(m), int(dd)) for m, dd in e["d"]))


def dump_state(c: Any, version: int) -> str:
    """JSON state of a ``StoryClusterer`` ``c``: settings, document frequencies, stories."""
    fids = c._vocab.fids
    return json.dumps({
        "version": version,
        "settings": asdict(c.settings),
        "n_docs": c._vocab.n_docs,
        "df": [[f, n] for f, n in c._vocab.items()],
        "stories": [st.to_json(fids) for st in c._stories],
        "indexed": [sorted(fids[list(ix)].tolist()) for ix in c._indexed],
    }, separators=(",", ":"))


def load_state(cls: Any, settings_cls: Any, text: str, version: int) -> Any:
    """A ``StoryClusterer`` (class ``cls``) rebuilt from :func:`dump_state` output.

    Settings the state does not know keep their defaults; settings it holds that this
    version no longer has are ignored. Version 1 states are migrated.

    :raises ValueError: the state has an unknown version.
    """
    d = json.loads(text)
    got = d.get("version")
    if got not in (1, version):
        raise ValueError(f"unsupported story state version {got!r}")
    known = {f.name for f in fields(settings_cls)}
    c = cls(settings_cls(**{k: v for k, v in d["settings"].items() if k in known}))
    c._vocab = Vocab.from_pairs(d["df"], d["n_docs"])
    c._grow_days(len(d["stories"]))
    for sd, ix in zip(d["stories"], d["indexed"], strict=True):
        st = StoryState.from_json(sd, c._vocab.columns)
        order = np.argsort(st.cols)
        st.cols, st.vals = st.cols[order], st.vals[order]
        idx = len(c._stories)
        c._stories.append(st)
        c._by_id[st.id] = idx
        c._first[idx] = np.nan if st.first_day is None else st.first_day
        c._last[idx] = np.nan if st.last_day is None else st.last_day
        cols = c._vocab.columns([int(f) for f in ix]).tolist()
        c._indexed.append(set(cols))
        for doc in st.doc_ids:
            c._doc_story[doc] = idx
        for col in cols:
            c._postings[col].append(idx)
    c._idf = c._vocab.idf()
    if got == 1:
        _migrate_v1(c._stories, c._idf)
        log.info("migrated story state v1 -> v%d (%d stories)", version, len(c._stories))
    return c


def _migrate_v1(stories: list[StoryState], idf: np.ndarray) -> None:
    """Version 1 stored IDF-weighted sums of unit vectors: divide by today's IDF."""
    for st in stories:
        sq = float(st.vals @ st.vals)
        st.pair_sum = max(0.0, (sq - st.size) / 2.0)
        st.vals = st.vals / idf[st.cols]
