"""Mutable per-story state of the clusterer and the JSON form of the whole clusterer."""

from __future__ import annotations

from array import array
import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import numpy as np

from brinkwatch.resolve._story_vocab import Postings, Vocab

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


_NO_DAYS: frozenset = frozenset()
_FEATURE = np.dtype([("f", "<i8"), ("c", "<f4"), ("n", "?")])  # 13 bytes, no padding


class Exemplars:
    """A story's exemplars (``_story_refine.exemplar``) packed into one record array.

    Iterating (or indexing) gives ``(hashed ids, counts, is-name flags, month-days)`` as
    views of the packed array, with the values the exemplar tuples held (same dtypes'
    values: int64 ids, float32 counts, bools). One array per story instead of three
    arrays and a tuple per exemplar; an empty month-day set is one shared object.
    """

    __slots__ = ("_rows", "_ends", "_days")

    def __init__(self) -> None:
        self._rows: np.ndarray | None = None
        self._ends: tuple[int, ...] = ()
        self._days: tuple[frozenset, ...] = ()

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, frozenset]:
        k = range(len(self._ends))[k]
        lo = self._ends[k - 1] if k else 0
        rows = self._rows[lo : self._ends[k]]
        return rows["f"], rows["c"], rows["n"], self._days[k]

    def __iter__(self) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, frozenset]]:
        return (self[k] for k in range(len(self._ends)))

    def append(self, ex: Sequence) -> None:
        """Add one exemplar ``(hashed ids, counts, is-name flags, month-days)``."""
        fids, counts, names, days = ex
        rows = np.empty(len(fids), dtype=_FEATURE)
        rows["f"], rows["c"], rows["n"] = fids, counts, names
        self._rows = rows if self._rows is None else np.concatenate([self._rows, rows])
        self._ends += ((self._ends[-1] if self._ends else 0) + len(fids),)
        self._days += (frozenset(days) if days else _NO_DAYS,)

    def to_json(self) -> list[dict[str, Any]]:
        return [{"f": f.tolist(), "c": [round(v, 4) for v in c.tolist()],
                 "n": np.flatnonzero(m).tolist(), "d": sorted(list(x) for x in d)}
                for f, c, m, d in self]

    @classmethod
    def from_json(cls, items: Iterable[dict[str, Any]]) -> Exemplars:
        out = cls()
        for e in items:
            fids = np.asarray(e["f"], dtype=np.int64)
            is_name = np.zeros(len(fids), dtype=bool)
            is_name[np.asarray(e["n"], dtype=np.int64)] = True
            out.append((fids, np.asarray(e["c"], dtype=np.float32), is_name,
                        frozenset((int(m), int(dd)) for m, dd in e["d"])))
        return out


class NameCounts:
    """A story's names -> how many members carry each (a compact ``Counter``).

    Names (one interned string per distinct name) in first-seen order and their counts in
    an ``array``; ``items()``/``as_dict()`` give what the ``Counter`` gave, in its order.
    """

    __slots__ = ("_keys", "_counts")

    def __init__(self, counts: dict[str, int] | None = None) -> None:
        self._keys: tuple[str, ...] = tuple(map(sys.intern, counts)) if counts else ()
        self._counts = array("i", counts.values() if counts else ())

    def __len__(self) -> int:
        return len(self._keys)

    def items(self) -> Iterator[tuple[str, int]]:
        return zip(self._keys, self._counts)

    def as_dict(self) -> dict[str, int]:
        return dict(zip(self._keys, self._counts))

    def update(self, names: Iterable[str]) -> None:
        """Count each of ``names`` once more (as ``Counter.update`` with an iterable)."""
        pos = {k: i for i, k in enumerate(self._keys)}
        keys, counts = list(self._keys), self._counts
        for name in names:
            i = pos.get(name)
            if i is None:
                pos[name] = len(keys)
                keys.append(sys.intern(name))
                counts.append(1)
            else:
                counts[i] += 1
        self._keys = tuple(keys)


_WS = re.compile(r"[ \t\n\r]*")


class JsonReader:
    """Reads one JSON object lazily: its keys one by one, a value whole or an array's
    elements one at a time (``json`` decodes each piece), so a large state is never held
    as Python objects all at once. The caller reads each key's value before the next key.
    """

    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0
        self._decode = json.JSONDecoder().raw_decode

    def _skip(self) -> str:
        self.pos = _WS.match(self.text, self.pos).end()
        return self.text[self.pos : self.pos + 1]

    def _expect(self, ch: str) -> None:
        if self._skip() != ch:
            raise ValueError(f"story state: expected {ch!r} at character {self.pos}")
        self.pos += 1

    def value(self) -> Any:
        """The next JSON value, decoded whole."""
        self._skip()
        try:
            got, self.pos = self._decode(self.text, self.pos)
        except json.JSONDecodeError as exc:
            raise ValueError(f"story state: {exc}") from exc
        return got

    def _sequence(self, opening: str, closing: str) -> Iterator[None]:
        self._expect(opening)
        if self._skip() == closing:
            self.pos += 1
            return
        while True:
            yield None
            if self._skip() == ",":
                self.pos += 1
                continue
            self._expect(closing)
            return

    def keys(self) -> Iterator[str]:
        """The keys of the object at the current position (read each one's value)."""
        for _ in self._sequence("{", "}"):
            key = self.value()
            if not isinstance(key, str):
                raise ValueError(f"story state: object key expected at character {self.pos}")
            self._expect(":")
            yield key

    def items(self) -> Iterator[Any]:
        """The elements of the array at the current position, decoded one at a time."""
        for _ in self._sequence("[", "]"):
            yield self.value()

    def end(self) -> None:
        """Check that nothing but whitespace follows."""
        if self._skip():
            raise ValueError(f"story state: extra data at character {self.pos}")


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
    cols: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    vals: np.ndarray = field(default_factory=lambda: np.zeros(0))  # IDF-free sum of members
    pair_sum: float = 0.0  # sum of member-pair cosines (cohesion)
    first_day: int | None = None
    last_day: int | None = None
    names: NameCounts = field(default_factory=lambda: NameCounts())  # display name -> docs
    title_docs: list[str] = field(default_factory=list)  # members with a title (their ids)
    title_texts: list[str] = field(default_factory=list)  # ... and those titles
    # the first members' name and number features, for the split test on joins, packed
    # (``_story_packed.Exemplars``; each reads as ``_story_refine.Exemplar``: hashed ids,
    # counts, which ids are names, month-days)
    exemplars: Exemplars = field(default_factory=Exemplars)

    @property
    def titles(self) -> list[tuple[str, str]]:
        """``(doc_id, title)`` of the members with a title, in joining order."""
        return list(zip(self.title_docs, self.title_texts))

    def add_title(self, doc_id: str, title: str) -> None:
        self.title_docs.append(doc_id)
        self.title_texts.append(title)

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
            "names": self.names.as_dict(),
            "titles": [list(t) for t in self.titles],
            "exemplars": self.exemplars.to_json(),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any], columns: Any) -> StoryState:
        """From :meth:`to_json`; ``columns(fids)`` maps hashed ids to vocabulary columns."""
        pairs = d["centroid"]
        doc_ids = list(d["doc_ids"])
        own = {doc: doc for doc in doc_ids}
        return cls(
            id=d["id"],
            founder=d["founder"],
            doc_ids=doc_ids,
            cols=np.asarray(columns([int(f) for f, _ in pairs]), dtype=np.int32),
            vals=np.asarray([float(w) for _, w in pairs], dtype=np.float64),
            pair_sum=float(d.get("pair_sum", 0.0)),
            first_day=d["first_day"],
            last_day=d["last_day"],
            # one string per distinct name (one json.loads per story shares nothing)
            names=NameCounts(d["names"]),
            title_docs=[own.get(a, a) for a, _ in d["titles"]],  # the doc_ids strings
            title_texts=[b for _, b in d["titles"]],
            exemplars=Exemplars.from_json(d.get("exemplars", ())),  # absent: older states
        )


_SEP = (",", ":")


def dump_state(c: Any, version: int) -> str:
    """JSON state of a ``StoryClusterer`` ``c``: settings, document frequencies, stories.

    The pieces of :func:`dump_state_parts` joined once, so saving holds about two copies
    of the text, never the whole state as Python objects; the text is the one
    ``json.dumps`` of the whole dict gives (``{"version", "settings", "n_docs", "df",
    "stories", "indexed"}``, compact separators).
    """
    return "".join(dump_state_parts(c, version))


def dump_state_parts(c: Any, version: int) -> Iterator[str]:
    """:func:`dump_state`'s text in pieces (a story at a time), for a caller that writes
    them as they come and so never holds the whole text."""
    fids = c._vocab.fids
    dumps = json.JSONEncoder(separators=_SEP).encode
    yield (f'{{"version":{dumps(version)},"settings":{dumps(asdict(c.settings))},'
           f'"n_docs":{dumps(c._vocab.n_docs)},"df":[')
    yield ",".join(f"[{f},{n}]" for f, n in c._vocab.items())
    yield '],"stories":['
    for k, st in enumerate(c._stories):
        yield ("," if k else "") + dumps(st.to_json(fids))
    yield '],"indexed":['
    for k, ix in enumerate(c._indexed):
        yield ("," if k else "") + dumps(sorted(fids[ix].tolist()))
    yield "]"
    if c._carry:  # thread roots of retired stories (``_story_archive``)
        yield ',"carry":' + dumps(dict(sorted(c._carry.items())))
    if c._undated_seen:  # when undated stories last grew (articles seen then)
        yield ',"undated_seen":' + dumps(dict(sorted(c._undated_seen.items())))
    if c._gone_links:  # retired thread neighbours (``_story_thread_memory``)
        yield ',"gone_links":' + dumps(dict(sorted(
            (sid, [list(e) for e in links]) for sid, links in c._gone_links.items())))
    yield "}"


def load_state(cls: Any, settings_cls: Any, text: str, version: int) -> Any:
    """A ``StoryClusterer`` (class ``cls``) rebuilt from :func:`dump_state` output.

    Settings the state does not know keep their defaults; settings it holds that this
    version no longer has are ignored. Version 1 states are migrated. Stories are read one
    at a time (``JsonReader``) when the header comes first, as :func:`dump_state` writes
    it, so loading never holds the whole state as Python objects.

    :raises ValueError: the state has an unknown version, or is not a valid state.
    """
    reader = JsonReader(text)
    d: dict[str, Any] = {}
    c = None
    n_stories = n_indexed = -1
    for key in reader.keys():
        if key == "stories" and n_stories < 0 and {"version", "settings", "n_docs", "df"} <= d.keys():
            c = c or _start(cls, settings_cls, d, version)
            n_stories = _add_stories(c, reader.items())
        elif key == "indexed" and n_indexed < 0 and n_stories >= 0:
            n_indexed = _add_indexed(c, reader.items())
        else:
            d[key] = reader.value()
    reader.end()
    c = c or _start(cls, settings_cls, d, version)
    if n_stories < 0:
        n_stories = _add_stories(c, d["stories"])
    if n_indexed < 0:
        n_indexed = _add_indexed(c, d["indexed"])
    if n_indexed != n_stories:
        raise ValueError(f"story state: {n_stories} stories but {n_indexed} index lists")
    c._carry = dict(d.get("carry") or {})
    c._undated_seen = {k: int(v) for k, v in (d.get("undated_seen") or {}).items()}
    c._gone_links = {k: [(float(cos), str(root), bool(ok)) for cos, root, ok in v]
                     for k, v in (d.get("gone_links") or {}).items()}
    c._idf = c._vocab.idf()
    if d["version"] == 1:
        _migrate_v1(c._stories, c._idf)
        log.info("migrated story state v1 -> v%d (%d stories)", version, len(c._stories))
    return c


def _start(cls: Any, settings_cls: Any, d: dict[str, Any], version: int) -> Any:
    """An empty clusterer with the state's settings and document frequencies."""
    got = d.get("version")
    if got not in (1, version):
        raise ValueError(f"unsupported story state version {got!r}")
    known = {f.name for f in fields(settings_cls)}
    c = cls(settings_cls(**{k: v for k, v in d["settings"].items() if k in known}))
    c._vocab = Vocab.from_pairs(d.pop("df"), d["n_docs"])
    return c


def _add_stories(c: Any, stories: Iterable[dict[str, Any]]) -> int:
    """Append stored stories (JSON form) to clusterer ``c``; returns how many."""
    for sd in stories:
        st = StoryState.from_json(sd, c._vocab.columns)
        order = np.argsort(st.cols)
        st.cols, st.vals = st.cols[order], st.vals[order]
        idx = len(c._stories)
        c._stories.append(st)
        c._by_id[st.id] = idx
        c._grow_days(idx + 1)
        c._first[idx] = np.nan if st.first_day is None else st.first_day
        c._last[idx] = np.nan if st.last_day is None else st.last_day
        c._indexed.append(NO_COLUMNS)
        for doc in st.doc_ids:
            c._doc_story[doc] = idx
    return len(c._stories)


def _add_indexed(c: Any, indexed: Iterable[list[int]]) -> int:
    """Each story's indexed features (hashed ids) into ``c``'s index; returns how many."""
    k = -1
    for k, ix in enumerate(indexed):
        if k >= len(c._indexed):
            continue  # more lists than stories: reported by the caller
        cols = c._vocab.columns([int(f) for f in ix]).tolist()
        c._indexed[k] = np.unique(np.asarray(cols, dtype=np.int32))
        for col in cols:
            c._postings.add(col, k)
    return k + 1


NO_COLUMNS = np.zeros(0, dtype=np.int32)


def index_columns(postings: Postings, done: np.ndarray, top: np.ndarray,
                  idx: int) -> np.ndarray:
    """List story ``idx`` under the columns ``top`` it is not yet listed under (``done``,
    sorted); returns the story's new sorted column array."""
    fresh = top[~np.isin(top, done)]
    if not len(fresh):
        return done
    for col in fresh.tolist():
        postings.add(col, idx)
    return np.union1d(done, fresh).astype(np.int32)


def _migrate_v1(stories: list[StoryState], idf: np.ndarray) -> None:
    """Version 1 stored IDF-weighted sums of unit vectors: divide by today's IDF."""
    for st in stories:
        sq = float(st.vals @ st.vals)
        st.pair_sum = max(0.0, (sq - st.size) / 2.0)
        st.vals = st.vals / idf[st.cols]
