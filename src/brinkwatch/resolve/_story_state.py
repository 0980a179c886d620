"""Mutable per-story state of the clusterer and its JSON form."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def to_ordinal(date: str | None) -> int | None:
    """``YYYY-MM-DD`` (or a longer ISO timestamp) to a day ordinal; None when unreadable."""
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None


def from_ordinal(day: int | None) -> str | None:
    return None if day is None else dt.date.fromordinal(day).isoformat()


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
