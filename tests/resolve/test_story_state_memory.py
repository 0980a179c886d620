"""The story clusterer's compact in-memory state (issue 10): the state is written and read
story by story, a state in another key order or layout still loads, and the packed
structures (vocabulary map, exemplars, name counts, inverted index) behave like the plain
Python ones they replace.

All texts are invented for these tests.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from brinkwatch.resolve._story_state import Exemplars, JsonReader, NameCounts, Postings
from brinkwatch.resolve._story_vocab import Vocab
from brinkwatch.resolve.stories import StoryClusterer, StoryItem


def _item(doc: str, day: int, title: str | None, text: str, names: tuple[str, ...]) -> StoryItem:
    return StoryItem(doc, title, text, f"2024-06-{day:02d}", names, ("varnholt",))


FLOOD = [
    _item(f"f{k}", 3 + k, f"Varnholt flood: river Selm rises again ({k})",
          "The river Selm burst its banks in Varnholt on June 3, flooding 40 homes. Mayor "
          f"Lina Oster said pumps were running through the night, day {k}.",
          ("lina oster", "river selm")) for k in range(4)
]
STRIKE = [
    _item(f"s{k}", 5 + k, None if k == 1 else f"Varnholt tram drivers strike ({k})",
          "Tram drivers in Varnholt walked out over pay; union leader Bo Krenn said the "
          f"strike would last until Friday, update {k}.", ("bo krenn", "varnholt trams"))
    for k in range(3)
]
LATER = [
    _item("f9", 12, "Varnholt flood damage counted", "Mayor Lina Oster said the river Selm "
          "flood of June 3 damaged 40 homes in Varnholt.", ("lina oster", "river selm")),
    _item("s9", 12, "Tram strike ends in Varnholt", "Bo Krenn said tram drivers in Varnholt "
          "return to work after the strike.", ("bo krenn", "varnholt trams")),
]


def _clusterer() -> StoryClusterer:
    c = StoryClusterer()
    c.add(FLOOD[:2] + STRIKE[:2])
    c.add(FLOOD[2:] + STRIKE[2:])
    return c


def test_streamed_state_is_the_plain_json_dump_and_loads_to_the_same_clusterer() -> None:
    c = _clusterer()
    state = c.state_to_json()
    d = json.loads(state)
    assert list(d) == ["version", "settings", "n_docs", "df", "stories", "indexed"]
    assert json.dumps(d, separators=(",", ":")) == state  # byte for byte
    restored = StoryClusterer.from_state_json(state)
    assert restored.state_to_json() == state
    assert restored.stories() == c.stories()
    assert restored.threads() == c.threads()
    assert all(restored.story_of(i.doc_id) == c.story_of(i.doc_id) for i in FLOOD + STRIKE)
    assert restored.add(LATER) == c.add(LATER)
    # (centroid weights are saved to 7 digits, so later states agree in members, not bytes)
    assert [s["doc_ids"] for s in restored.stories()] == [s["doc_ids"] for s in c.stories()]


def test_a_state_in_another_key_order_or_layout_loads_the_same() -> None:
    c = _clusterer()
    state = c.state_to_json()
    d = json.loads(state)
    shuffled = {k: d[k] for k in ["indexed", "stories", "df", "settings", "n_docs", "version"]}
    for text in (json.dumps(d, indent=2), json.dumps(shuffled)):
        again = StoryClusterer.from_state_json(text)
        assert again.state_to_json() == state
        assert again.add(LATER) == c.add(LATER)


def test_broken_states_raise_value_error() -> None:
    state = _clusterer().state_to_json()
    d = json.loads(state)
    with pytest.raises(ValueError):
        StoryClusterer.from_state_json(state + " x")
    with pytest.raises(ValueError):
        StoryClusterer.from_state_json(state[:-40])
    with pytest.raises(ValueError, match="version"):
        StoryClusterer.from_state_json(json.dumps({**d, "version": 99}))
    with pytest.raises(ValueError, match="index lists"):
        StoryClusterer.from_state_json(json.dumps({**d, "indexed": d["indexed"][:-1]}))


@pytest.mark.parametrize("field, value", [
    ("settings", "x"), ("n_docs", None), ("df", 5), ("df", [1, 2]), ("stories", [1, 2]),
    ("indexed", [1, 2]),
])
def test_a_field_of_the_wrong_shape_raises_value_error(field, value) -> None:
    # valid JSON, hand-edited or damaged: derive catches ValueError, warns and re-clusters
    d = json.loads(_clusterer().state_to_json())
    with pytest.raises(ValueError, match="malformed state"):
        StoryClusterer.from_state_json(json.dumps({**d, field: value}))


def test_json_reader_walks_keys_and_array_items() -> None:
    r = JsonReader(' {"a": [1, {"b": 2}] , "c" : "x", "e": []}\n')
    got = {}
    for key in r.keys():
        got[key] = list(r.items()) if key in ("a", "e") else r.value()
    r.end()
    assert got == {"a": [1, {"b": 2}], "c": "x", "e": []}


def test_vocab_columns_follow_first_appearance_across_merges() -> None:
    v = Vocab()
    ids = [int(x) for x in np.random.default_rng(3).integers(0, 2**32, 12000)]
    cols = v.columns(ids[:5000]).tolist() + v.columns(ids[5000:] + ids[:10]).tolist()
    first: dict[int, int] = {}
    for f in ids + ids[:10]:
        first.setdefault(f, len(first))
    assert cols == [first[f] for f in ids + ids[:10]]
    assert v.fids.tolist() == list(first)
    v.count_docs(v.columns([ids[0], ids[7000]]), 1)
    assert (v.get(ids[0]), v.get(ids[7000]), v.get(ids[1] + 2**33)) == (1, 1, 0)
    # the vectorised look-up agrees with get(), for merged ids, recent ids and unseen ones
    v.count_docs(v.columns([ids[0], 2**40 + 5]), 1)  # one more on a merged id, one new id
    probe = [ids[0], ids[7000], 2**40 + 5, ids[1] + 2**33, ids[3]]
    assert v.df_of(np.array(probe)).tolist() == [v.get(f) for f in probe] == [2, 1, 1, 0, 0]


def test_packed_exemplars_name_counts_and_postings_read_as_before() -> None:
    ex = Exemplars()
    ex.append((np.array([5, 3], dtype=np.int64), np.array([1.5, 2.0], dtype=np.float32),
               np.array([True, False]), frozenset({(6, 3)})))
    ex.append((np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32),
               np.zeros(0, dtype=bool), frozenset()))
    (f, c, m, d), (f2, _, _, d2) = ex
    assert (f.tolist(), c.tolist(), m.tolist(), d) == ([5, 3], [1.5, 2.0], [True, False],
                                                       {(6, 3)})
    assert (len(ex), f2.tolist(), d2) == (2, [], frozenset())
    assert Exemplars.from_json(ex.to_json()).to_json() == ex.to_json()

    names = NameCounts({"Selm": 2})
    names.update(["Oster", "Selm", "Oster"])
    assert names.as_dict() == {"Selm": 3, "Oster": 2} and list(names.as_dict()) == ["Selm", "Oster"]

    p = Postings()
    for col, idx in [(4, 2), (4, 7), (4, 5), (0, 1)]:
        p.add(col, idx)
    assert (list(p.get(4)), list(p.get(0)), p.get(3), p.get(99)) == ([2, 5, 7], [1], None, None)
