"""The windowed greedy merger behind the event merger and the timeline."""

from __future__ import annotations

import datetime as dt

from brinkwatch.resolve._greedy_merge import GreedyMerger, date_range, last_day


def _merger() -> GreedyMerger[dict]:
    """Items are dicts {"key", "day", "ids"}: same key and days at most 2 apart merge."""
    def absorb(into: dict, other: dict) -> None:
        into["ids"] = into["ids"] + other["ids"]
        into["day"] = max(into["day"], other["day"])

    return GreedyMerger(
        keys=lambda item, query: [item["key"]],
        buckets=lambda item, query: None,
        fits=lambda cluster, item: abs(cluster["day"] - item["day"]) <= 2,
        absorb=absorb,
    )


def _item(key: str, day: int, name: str) -> dict:
    return {"key": key, "day": day, "ids": [name]}


def test_items_join_clusters_made_by_earlier_batches():
    merger = _merger()
    merger.add([_item("a", 1, "a1"), _item("b", 1, "b1")])
    merger.add([_item("a", 2, "a2"), _item("b", 9, "b9")])
    assert [c["ids"] for c in merger.finish()] == [["a1", "a2"], ["b1"], ["b9"]]


def test_closed_clusters_are_handed_back_once_and_no_longer_joined():
    merger = _merger()
    merger.add([_item("a", 1, "a1"), _item("a", 10, "a10")])
    closed = merger.close(lambda c: c["day"] < 5)
    assert [c["ids"] for c in closed] == [["a1"]]
    assert merger.close(lambda c: c["day"] < 5) == []
    merger.add([_item("a", 3, "a3"), _item("a", 11, "a11")])  # a3 fits a1, which is closed
    assert [c["ids"] for c in merger.finish()] == [["a10", "a11"], ["a3"]]
    assert merger.finish() == []


def test_date_values_cover_their_calendar_span():
    assert date_range("2023-09-24") == (dt.date(2023, 9, 24), dt.date(2023, 9, 24))
    assert date_range("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert date_range("2023-W39") == (dt.date(2023, 9, 25), dt.date(2023, 10, 1))
    assert date_range("2023") == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert date_range("XXXX-09-24") is None and date_range("2023-13") is None
    assert last_day("2023-09") == dt.date(2023, 9, 30).toordinal()
    assert last_day(None) is None
