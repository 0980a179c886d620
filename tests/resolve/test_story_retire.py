"""Retired stories: stories no article in date order can join leave the clusterer's memory
for its archive, and every reader (stories, threads, story_of, members, state) still sees
them as before."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

import pytest

from brinkwatch.resolve import _story_retire
from brinkwatch.resolve._story_archive import MemoryArchive
from brinkwatch.resolve.stories import StoryClusterer, StoryItem, StorySettings
from tests.resolve.test_stories import INQUIRY, NORTH, SOUTH

_SYLLABLES = ["ka", "lo", "mi", "ren", "su", "tav", "bor", "el", "quin", "dar", "vo", "zet"]


def _word(k: int, j: int) -> str:
    """A made-up word, different for every (event k, slot j)."""
    n = k * 40 + j
    return "".join(_SYLLABLES[(n // 12**i) % 12] for i in range(3)) + _SYLLABLES[j % 12]


def _unique(n: int) -> str:
    """A made-up word of its own for every ``n`` below 12 ** 4."""
    return "".join(_SYLLABLES[(n // 12**i) % 12] for i in range(4))


def _stream(events: int = 30, every_days: int = 100) -> list[StoryItem]:
    """``events`` made-up events ``every_days`` apart (eight years for the defaults), three
    reports each within three days, each event with its own words and names."""
    start = dt.date(2015, 1, 5)
    items = []
    for k in range(events):
        words = [_word(k, j) for j in range(14)]
        name, place = f"{words[0]} {words[1]}", words[2]
        for r in range(3):
            day = start + dt.timedelta(days=k * every_days + r)
            text = (f"{name.title()} said on {day:%B} {day.day} that the {words[3]} near "
                    f"{place.title()} had {' '.join(words[4 + r : 12 + r])}.")
            items.append(StoryItem(f"e{k:02d}r{r}", f"{name.title()} {words[3]} {words[13]}",
                                   text, day.isoformat(), (name,), (place,)))
    return items


def _partition(clusterer: StoryClusterer) -> set[frozenset[str]]:
    return {frozenset(s["doc_ids"]) for s in clusterer.stories()}


@pytest.fixture
def retire_early(monkeypatch):
    """Retire as soon as one story can (the default waits for a thousand)."""
    monkeypatch.setattr(_story_retire, "RETIRE_MIN", 1)


def test_old_stories_leave_memory_and_every_reader_still_sees_them(retire_early) -> None:
    items = _stream()
    kept = StoryClusterer()
    kept.add(items)
    archive = MemoryArchive()
    retiring = StoryClusterer(archive=archive)
    for start in range(0, len(items), 9):  # three events a call, as derive's slices come
        retiring.add(items[start : start + 9])

    assert len(kept.stories()) == 30 and kept.stories_in_memory() == 30
    # eight years of events, two years and a bit of which can still be joined
    assert retiring.stories_in_memory() < 12
    assert _partition(retiring) == _partition(kept)
    assert retiring.document_count() == kept.document_count() == 90
    for it in items:
        story = retiring.story_of(it.doc_id)
        assert story == kept.story_of(it.doc_id)
        assert retiring.members(story) == kept.members(story)
    assert retiring.story_of("never-seen") is None and retiring.members("s-unknown") == []
    old = next(s for s in retiring.stories() if "e00r0" in s["doc_ids"])
    assert old == next(s for s in kept.stories() if "e00r0" in s["doc_ids"])
    assert (old["first_date"], old["last_date"]) == ("2015-01-05", "2015-01-07")


def test_readding_retired_documents_is_a_noop(retire_early) -> None:
    items = _stream()
    clusterer = StoryClusterer(archive=MemoryArchive())
    first = clusterer.add(items)
    before = clusterer.stories()
    assert clusterer.add(items[:6]) == {k: v for k, v in first.items() if k in
                                        {it.doc_id for it in items[:6]}}
    assert clusterer.stories() == before


def test_a_thread_links_a_retired_story_to_a_later_one(retire_early) -> None:
    # the storm in April 2022, its inquiry in April 2024: too far apart to be one story,
    # close enough to be one crisis (749 days); the storm retires when September 2024 comes
    north = [dataclasses.replace(it, date=d) for it, d in zip(NORTH, ["2022-04-01", "2022-04-02", None])]
    later = [INQUIRY, *SOUTH]
    kept, retiring = StoryClusterer(StorySettings(window_days=30)), StoryClusterer(
        StorySettings(window_days=30), archive=MemoryArchive())
    for c in (kept, retiring):
        c.add(north)
        c.add(later)
    assert retiring.stories_in_memory() == 2  # the storm's story is retired
    threads = retiring.threads()
    assert threads == kept.threads()
    storm = retiring.story_of("n1")
    assert sorted(len(t["story_ids"]) for t in threads) == [1, 2]
    linked = next(t for t in threads if storm in t["story_ids"])
    assert linked["story_ids"] == [storm, retiring.story_of("n7")]


def test_archive_aliases_join_thread_roots() -> None:
    from brinkwatch.resolve._story_archive import RetiredStory

    archive = MemoryArchive()
    archive.put([RetiredStory({"id": sid, "doc_ids": [sid + "d"], "title": sid}, 1, day, root)
                 for sid, day, root in (("sa", 10, "sa"), ("sb", 20, "sb"), ("sc", 5, "sc"))])
    archive.alias("sb", "sa")
    archive.alias("sa", "sc")
    assert archive.resolve("sb") == archive.resolve("sa") == "sc"
    assert [(root, [s.id for s in group]) for root, group in archive.by_root()] == [
        ("sc", ["sa", "sb", "sc"])]


def test_state_round_trip_after_retiring(retire_early) -> None:
    items = _stream()
    archive = MemoryArchive()
    c = StoryClusterer(archive=archive)
    c.add(items[:60])
    assert c._carry or c.stories_in_memory() < 20
    restored = StoryClusterer.from_state_json(c.state_to_json())
    restored.archive = copy.deepcopy(archive)
    assert restored.stories() == c.stories() and restored.threads() == c.threads()
    assert restored._carry == c._carry
    # the rest of the stream lands the same way in both
    assert restored.add(items[60:]) == c.add(items[60:])
    assert restored.stories() == c.stories() and restored.threads() == c.threads()


def test_undated_stories_and_recent_ones_stay(retire_early) -> None:
    items = _stream(events=12)
    undated = StoryItem("u1", _unique(1), f"{_unique(2)} {_unique(3)} {_unique(4)}")
    c = StoryClusterer(archive=MemoryArchive())
    c.add([undated])
    c.add(items)
    # the undated article's story never retires; the newest two years do not either
    assert c.story_of("u1") in {st.id for st in c._stories}
    assert c.story_of("e11r0") in {st.id for st in c._stories}
    assert c.story_of("e00r0") not in {st.id for st in c._stories}


def test_a_few_far_future_dates_do_not_retire_everything(retire_early) -> None:
    items = _stream(events=8)  # under two years
    wrong = dataclasses.replace(items[0], doc_id="typo", date="2099-01-01")
    c = StoryClusterer(archive=MemoryArchive())
    c.add(items)
    # a thousand stories in memory: one bad date among them is passed over
    c.add([dataclasses.replace(items[k % len(items)], doc_id=f"x{k}", title=_unique(3 * k),
                               text=f"{_unique(3 * k + 1)} {_unique(3 * k + 2)}", entities=(),
                               places=()) for k in range(1000)])
    assert c.stories_in_memory() > 1000
    c.add([wrong])
    assert c.story_of("e00r0") in {st.id for st in c._stories}


def test_an_undated_story_retires_when_many_articles_passed_it_by(retire_early) -> None:
    undated = StoryItem("u1", _unique(1), f"{_unique(2)} {_unique(3)} {_unique(4)}")
    c = StoryClusterer(StorySettings(undated_reach=20), archive=MemoryArchive())
    c.add([undated])
    c.add(_stream(events=6)[:15])  # fifteen articles later: still in memory
    assert c.story_of("u1") in {st.id for st in c._stories}
    restored = StoryClusterer.from_state_json(c.state_to_json())
    assert restored._undated_seen == c._undated_seen == {c.story_of("u1"): 1}
    c.add(_stream(events=6)[15:])  # 18 since it last grew: not yet (20)
    assert c.story_of("u1") in {st.id for st in c._stories}
    c.add([dataclasses.replace(it, doc_id=f"{it.doc_id}b") for it in _stream(events=1)])
    assert c.story_of("u1") not in {st.id for st in c._stories}
    assert any(s["doc_ids"] == ["u1"] for s in c.stories())


@pytest.mark.parametrize("every_days", [10, 1])  # ten months within reach, a month within window
def test_dense_news_retires_the_oldest_stories_past_the_memory_cap(every_days: int) -> None:
    items = _stream(events=30, every_days=every_days)
    kept = StoryClusterer()
    kept.add(items)
    c = StoryClusterer(StorySettings(memory_docs=24), archive=MemoryArchive())
    for start in range(0, len(items), 6):
        c.add(items[start : start + 6])
        assert len(c._doc_story) <= 24 + 6  # back under the cap after each call
    assert _partition(c) == _partition(kept) and c.threads() == kept.threads()
    # what stays: the newest stories
    live = {st.id for st in c._stories}
    assert 5 <= len(live) < 10
    assert live == {c.story_of(f"e{k:02d}r0") for k in range(30 - len(live), 30)}
