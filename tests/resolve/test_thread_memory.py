"""Threads do not change when stories retire: a story still in memory ranks its nearest
neighbours as if the retired ones were still there, and its link to a retired one holds
only while that one still ranks among its nearest (``_story_thread_memory``)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from brinkwatch.resolve import _story_retire
from brinkwatch.resolve._story_archive import MemoryArchive
from brinkwatch.resolve._story_thread_memory import holding_roots, merged
from brinkwatch.resolve._story_threads import _mutual_top
from brinkwatch.resolve.stories import StoryClusterer, StoryItem, StorySettings
from tests.resolve.test_story_retire import _unique, _word


def _event(k: int, day0: int, shared: list[str]) -> list[StoryItem]:
    """Three reports of made-up event ``k`` from ``day0`` on, each also writing ``shared``."""
    words = [_word(k, j) for j in range(14)]
    name, place = f"{words[0]} {words[1]}", words[2]
    out = []
    for r in range(3):
        day = dt.date(2015, 1, 5) + dt.timedelta(days=day0 + r)
        text = (f"{name.title()} reported that the {words[3]} near {place.title()} had "
                f"{' '.join(words[4 + r : 12 + r])} and {' '.join(shared)}.")
        out.append(StoryItem(f"e{k}r{r}", f"{name.title()} {words[3]}", text, day.isoformat(),
                             (name,), (place,)))
    return out


def _chain() -> list[StoryItem]:
    """Three events 700 days apart: the middle one shares many words with the first (its
    nearest neighbour) and fewer with the last; a fourth, unrelated, two years later."""
    first = [_unique(1000 + i) for i in range(30)]
    last = [_unique(2000 + i) for i in range(12)]
    return (_event(0, 0, first) + _event(1, 700, first + last) + _event(2, 1400, last)
            + _event(3, 2200, []))


def _threads(c: StoryClusterer) -> list[list[str]]:
    first_doc = {s["id"]: s["doc_ids"][0][:2] for s in c.stories()}
    return sorted(sorted(first_doc[sid] for sid in t["story_ids"]) for t in c.threads())


@pytest.fixture
def retire_early(monkeypatch):
    monkeypatch.setattr(_story_retire, "RETIRE_MIN", 1)


SETTINGS = StorySettings(thread_neighbours=1)


def test_a_story_whose_nearest_neighbour_retired_does_not_link_to_a_weaker_one(
        retire_early) -> None:
    items = _chain()
    kept = StoryClusterer(SETTINGS)
    retiring = StoryClusterer(SETTINGS, archive=MemoryArchive())
    for start in range(0, len(items), 3):  # one event a call
        kept.add(items[start : start + 3])
        retiring.add(items[start : start + 3])
        if start == 6:  # the last of the chain came: the first event has retired
            assert retiring.stories_in_memory() == 2
            middle = retiring.story_of("e1r0")
            # the middle event remembers how close it was to the first
            [(cosine, root, counted)] = retiring._gone_links[middle]
            assert cosine > 0.3 and counted and root == retiring.story_of("e0r0")
    # the middle event's nearest neighbour is the first, so the last is not its neighbour
    assert _threads(kept) == [["e0", "e1"], ["e2"], ["e3"]]
    assert _threads(retiring) == _threads(kept)


def test_remembered_cosines_survive_a_state_round_trip(retire_early) -> None:
    items = _chain()
    c = StoryClusterer(SETTINGS, archive=MemoryArchive())
    for start in range(0, 9, 3):
        c.add(items[start : start + 3])
    assert c._gone_links
    again = StoryClusterer.from_state_json(c.state_to_json())
    assert again._gone_links == c._gone_links
    again.archive = c.archive
    again.add(items[9:])
    assert _threads(again) == [["e0", "e1"], ["e2"], ["e3"]]


def test_a_remembered_cosine_ranks_ahead_of_weaker_present_neighbours() -> None:
    rows = np.array([0, 0])
    cols = np.array([1, 2])
    sims = np.array([0.5, 0.3])
    assert _mutual_top(rows, cols, sims, 1).tolist() == [True, False]
    remembered = np.array([[0.6], [np.nan], [np.nan]])  # story 0 had a closer neighbour
    assert _mutual_top(rows, cols, sims, 1, remembered).tolist() == [False, False]
    weaker = np.array([[0.4], [np.nan], [np.nan]])
    assert _mutual_top(rows, cols, sims, 1, weaker).tolist() == [True, False]


def test_a_link_to_a_retired_story_goes_when_a_nearer_neighbour_comes(retire_early) -> None:
    first = [_unique(1000 + i) for i in range(10)] * 2
    later = [_unique(2000 + i) for i in range(14)] * 2
    # the middle event is linked to the first until, after the first retired (an unrelated
    # event moved the stream on), a nearer neighbour comes
    items = (_event(0, 0, first) + _event(1, 700, first + later) + _event(3, 790, [])
             + _event(2, 1000, later))
    kept = StoryClusterer(SETTINGS)
    retiring = StoryClusterer(SETTINGS, archive=MemoryArchive())
    for start in range(0, len(items), 3):
        kept.add(items[start : start + 3])
        retiring.add(items[start : start + 3])
        if start == 3:
            assert _threads(retiring) == [["e0", "e1"]]
    assert retiring.stories_in_memory() == 3  # the first event retired
    assert _threads(kept) == [["e0"], ["e1", "e2"], ["e3"]]
    assert _threads(retiring) == _threads(kept)


def test_a_remembered_link_holds_while_it_ranks_and_the_retired_side_counted_it() -> None:
    rows, cols = np.array([0]), np.array([1])
    entry = [(0.5, "root", True)]
    assert holding_roots([entry, None], rows, cols, np.array([0.4]), 1, 0.9) == [{"root"}, set()]
    assert holding_roots([entry, None], rows, cols, np.array([0.6]), 1, 0.9) == [set(), set()]
    assert holding_roots([entry, None], rows, cols, np.array([0.6]), 2, 0.9) == [{"root"}, set()]
    assert holding_roots([entry, None], rows, cols, np.array([0.6]), 1, 0.5) == [{"root"}, set()]
    not_counted = [(0.5, "root", False)]
    assert holding_roots([not_counted, None], rows, cols, np.array([0.4]), 1, 0.9) == [set(), set()]


def test_each_story_keeps_only_its_most_similar_retired_neighbours() -> None:
    old = [(0.3, "a", True)]
    got = merged(old, [(0.2, "b", True), (0.5, "c", False), (0.4, "d", True)], 2)
    assert got == [(0.5, "c", False), (0.4, "d", True)]
