"""Property tests (hypothesis): the date readers and the file readers never raise on any input,
and records survive the store's JSON round trip unchanged."""

from __future__ import annotations

import datetime as dt
import email.utils
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brinkwatch.ingest.dates import (
    EARLIEST_YEAR,
    find_date_cue,
    implausible_reason,
    parse_date_phrase,
    parse_metadata_date,
    scan_date_cues,
)
from brinkwatch.ingest.readers import MAX_TEXT_CHARS, read_path
from brinkwatch.records import ArticleAnalysis, Copy, Document, Mention, Problem, RawDocument, Span, from_dict, to_dict

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(st.text())
def test_date_readers_never_raise_on_any_text(text):
    assert parse_date_phrase(text) is None or isinstance(parse_date_phrase(text), dt.date)
    assert parse_metadata_date(text) is None or isinstance(parse_metadata_date(text), dt.date)
    found, ignored = scan_date_cues(text)
    assert all(isinstance(note, str) and "ignored" in note for note in ignored)
    if found:
        date, evidence = found
        assert implausible_reason(date) is None
        assert evidence in text


@FAST
@given(st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(),
                 st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2)))
def test_metadata_date_never_raises_on_json_values(value):
    assert parse_metadata_date(value) is None or isinstance(parse_metadata_date(value), dt.date)


@FAST
@given(dates, st.sampled_from(["{m} {d}, {y}", "{d} {m} {y}", "{mm}. {d}, {y}", "{iso}"]))
def test_written_dates_are_read_back(date, form):
    if date.year < 1000:
        return  # four-digit years only, as newspapers write them
    month = MONTHS[date.month - 1]
    text = form.format(m=month, mm=month[:3], d=date.day, y=date.year, iso=date.isoformat())
    assert parse_date_phrase(f"Published {text} at noon") == date


@FAST
@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 1, 1), timezones=st.just(dt.timezone.utc)))
def test_rfc2822_and_iso_metadata_dates_are_read_back(moment):
    assert parse_metadata_date(email.utils.format_datetime(moment)) == moment.date()
    assert parse_metadata_date(moment.isoformat()) == moment.date()


@FAST
@given(dates, st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_cue_dates_are_kept_only_when_plausible(date, filler):
    line = f"Updated: {MONTHS[date.month - 1]} {date.day}, {date.year:04d}"
    found = find_date_cue(f"{filler}\n{line}\n")
    if date.year >= EARLIEST_YEAR and date <= dt.date.today() and found and found[1] == line:
        assert found[0] == date
    if found:
        assert implausible_reason(found[0]) is None


def _check_outputs(outputs) -> None:
    for out in outputs:
        assert isinstance(out, (RawDocument, Problem))
        if isinstance(out, Problem):
            assert out.reason and "internal error" not in out.reason, out.reason
        else:
            assert out.text.strip() and len(out.text) <= MAX_TEXT_CHARS


SUFFIXES = [".txt", ".html", ".jsonl", ".json", ".rss", ".atom", ".xml", ".warc", ".gz", ".jsonl.gz", ".warc.gz", ".bin"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000), st.sampled_from(SUFFIXES))
def test_readers_never_raise_on_any_bytes(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    _check_outputs(list(read_path(str(path), path, max_bytes=1500)))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
line_objects = st.fixed_dictionaries(
    {"text": st.one_of(st.text(min_size=0, max_size=300), json_values)},
    optional={"id": json_values, "title": json_values, "published": json_values, "outlet": json_values,
              "url": json_values, "language": json_values},
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(line_objects.map(json.dumps), st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=80)), max_size=8))
def test_jsonl_reader_gives_one_output_per_nonblank_line(tmp_path, lines):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines), encoding="utf-8")
    outputs = list(read_path(str(path), path, max_bytes=100_000))
    _check_outputs(outputs)
    nonblank = [line for line in lines if line.replace("\n", " ").replace("\r", " ").strip()]
    if nonblank:
        assert len(outputs) == len(nonblank)


# -- records: the JSON form the store keeps ---------------------------------------------------
texts = st.text(max_size=30)
opt_texts = st.none() | texts
spans = st.builds(Span, doc_id=texts, start=st.integers(0, 10**6), end=st.integers(0, 10**6), text=texts)
copies = st.builds(Copy, source_path=texts, outlet=opt_texts, url=opt_texts, published=opt_texts,
                   kind=st.sampled_from(["original", "exact", "near"]),
                   similarity=st.floats(0, 1, allow_nan=False))
documents = st.builds(
    Document, id=texts, text=texts, source_path=texts, title=opt_texts, outlet=opt_texts, url=opt_texts,
    published=opt_texts, published_source=st.sampled_from(["metadata", "text", "inferred", "unknown"]),
    published_evidence=opt_texts, language=opt_texts, external_id=opt_texts,
    copies=st.lists(copies, max_size=3).map(tuple),
)
mentions = st.builds(Mention, span=spans, label=st.sampled_from(["PERSON", "ORG", "GPE"]))


@FAST
@given(documents)
def test_document_survives_the_json_round_trip(doc):
    assert from_dict(Document, json.loads(json.dumps(to_dict(doc)))) == doc


@FAST
@given(st.builds(RawDocument, text=texts, source_path=texts, title=opt_texts), st.builds(Problem, source_path=texts, reason=texts, detail=opt_texts))
def test_raw_document_and_problem_survive_the_json_round_trip(raw, problem):
    assert from_dict(RawDocument, json.loads(json.dumps(to_dict(raw)))) == raw
    assert from_dict(Problem, json.loads(json.dumps(to_dict(problem)))) == problem


@FAST
@given(st.lists(spans, max_size=4), st.lists(mentions, max_size=4), opt_texts)
def test_analysis_survives_the_store(tmp_path_factory, sentences, found, anchor):
    from brinkwatch.store.db import Store

    analysis = ArticleAnalysis(doc_id="d1", analyzer_version="1", anchor_date=anchor,
                               sentences=tuple(sentences), mentions=tuple(found))
    db = tmp_path_factory.mktemp("round") / "store.db"
    with Store(db) as store:
        doc = Document(id="d1", text="Some article text for the round trip.", source_path="a.txt")
        with store.transaction():
            store.insert_document(doc, fingerprint="f", signature=None)
            store.put_analysis(analysis)
        assert store.analyses()["d1"] == analysis
        [back] = store.documents()
        assert back == doc
