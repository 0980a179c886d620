"""The merged timeline: event-date order, one entry per happening told by several outlets."""

from __future__ import annotations

from types import SimpleNamespace as NS

from brinkwatch.signals.timeline import build_timeline


def _event(eid, root, date, date_source, docs, place=None, actor=None, quad=4):
    return NS(
        id=eid, root=root, quad_class=quad, date=date, date_source=date_source,
        documents=list(docs),
        place=NS(name=place, feature="P.PPL") if place else None,
        source=NS(entity=None, name=actor),
    )  # fmt: skip


def _timeline(*events):
    return build_timeline(list(events), {e.id: f"summary {e.id}" for e in events})


def test_same_fight_at_one_place_from_two_outlets_is_one_entry_with_the_event_date():
    dated = _event("a", "19", "2031-03-04", "sentence", ["doc1"], place="Vetrovo")
    undated = _event("b", "19", None, "document", ["doc2"], place="Vetrovo")
    [entry] = _timeline(undated, dated)
    assert (entry.date, entry.dated_by) == ("2031-03-04", "event")
    assert entry.sources == ("doc1", "doc2")


def test_a_statement_dated_by_publication_joins_the_same_speakers_dated_statement():
    said = _event("k1", "01", "2031-03-07", "sentence", ["doc1"], actor="Ana Petrova", quad=1)
    reported = _event("k2", "01", "2031-03-08", "document", ["doc2"], actor="Ana Petrova", quad=1)
    other = _event("k3", "01", "2031-03-08", "document", ["doc3"], actor="Ivo Brant", quad=1)
    entries = _timeline(reported, said, other)
    assert [(e.date, e.dated_by, e.sources) for e in entries] == [
        ("2031-03-07", "event", ("doc1", "doc2")),
        ("2031-03-08", "publication", ("doc3",)),
    ]


def test_entries_sort_by_event_date_not_publication_and_undated_last():
    late_told_early = _event("x", "19", "2031-01-02", "sentence", ["doc9"], place="Lorn")
    early_pub = _event("y", "04", "2031-01-05", "document", ["doc1"], actor="A", quad=1)
    undated = _event("z", "05", None, "document", ["doc2"], actor="B", quad=1)
    entries = _timeline(undated, early_pub, late_told_early)
    assert [e.event_id for e in entries] == ["x", "y", "z"]
    assert [e.dated_by for e in entries] == ["event", "publication", "none"]


def test_different_places_or_dates_stay_separate():
    a = _event("a", "19", "2031-03-04", "sentence", ["doc1"], place="Vetrovo")
    b = _event("b", "19", "2031-03-04", "sentence", ["doc2"], place="Lorn")
    c = _event("c", "19", "2031-05-04", "sentence", ["doc3"], place="Vetrovo")
    assert len(_timeline(a, b, c)) == 3


def _streamed(events, batch_size):
    from brinkwatch.signals.timeline import entry_order, stream_timeline, timeline_row

    rows = sorted((timeline_row(e, f"summary {e.id}") for e in events),
                  key=lambda r: (r.date is None, r.date or "", r.event_id))
    return sorted(stream_timeline(rows, batch_size), key=entry_order)


def test_streamed_timeline_in_small_batches_equals_the_whole_one():
    """Rows read in date order a few at a time: an entry closes only when no later date can
    agree with it, so a statement reported two days after it was made still joins it across
    a batch boundary, and the entries are those of one pass over every event."""
    events = [
        _event("s1", "01", "2031-03-07", "sentence", ["doc1"], actor="Ana Petrova", quad=1),
        _event("s2", "01", "2031-03-09", "document", ["doc2"], actor="Ana Petrova", quad=1),
        _event("f1", "19", "2031-03-20", "sentence", ["doc3"], place="Vetrovo"),
        _event("f2", "19", "2031-03-20", "document", ["doc4"], place="Vetrovo"),
        _event("f3", "19", "2031-06-01", "sentence", ["doc5"], place="Vetrovo"),
        _event("u1", "05", None, "document", ["doc6"], actor="Ivo Brant", quad=1),
    ]
    whole = _timeline(*events)
    assert [(e.event_id, e.sources) for e in whole][:2] == [("s1", ("doc1", "doc2")), ("f1", ("doc3", "doc4"))]
    for batch_size in (1, 2, 3, 100):
        assert _streamed(events, batch_size) == whole
