"""The JSON API on the hand-made Valdoria/Karsk store and on the seeds: lists, filters, pages,
sorting, CSV, details, search, the OpenAPI document and the one error shape."""

from __future__ import annotations

import csv
import io

import jsonschema
import pytest

from brinkwatch.web import _schemas
from brinkwatch.web._errors import ERROR_SCHEMA

LISTS = ("documents", "stories", "entities", "events", "claims", "timeline", "escalation")


def _ids(page: dict, key: str = "id") -> list:
    return [item[key] for item in page["items"]]


def test_every_list_answers_a_page_valid_against_its_schema(fixture_client):
    for name in LISTS:
        page = fixture_client.get(f"/api/{name}").json()
        assert set(page) == {"total", "limit", "offset", "items"}
        assert page["total"] == len(page["items"]) > 0, name
        for item in page["items"]:
            jsonschema.validate(item, _schemas.ITEMS[name])


def test_seeds_lists_and_details_match_their_schemas(seeds_client):
    for name in LISTS:
        page = seeds_client.get(f"/api/{name}", params={"limit": 1000}).json()
        assert page["total"] >= len(page["items"])
        for item in page["items"]:
            jsonschema.validate(item, _schemas.ITEMS[name])
    assert seeds_client.get("/api/documents").json()["total"] == 5
    for name in ("documents", "stories", "entities", "events", "claims"):
        first = seeds_client.get(f"/api/{name}", params={"limit": 1}).json()["items"]
        if first:
            detail = seeds_client.get(f"/api/{name}/{first[0]['id']}")
            assert detail.status_code == 200
            jsonschema.validate(detail.json(), _schemas.DETAILS[name])


def test_seed_event_mentions_point_at_their_text(seeds_client):
    events = seeds_client.get("/api/events", params={"limit": 20}).json()["items"]
    assert events
    checked = 0
    for ev in events:
        detail = seeds_client.get(f"/api/events/{ev['id']}").json()
        for m in detail["mentions"]:
            text = seeds_client.get(f"/api/documents/{m['document']}").json()["text"]
            assert text[m["start"]:m["end"]] == m["text"]
            checked += 1
    assert checked >= len(events)


def test_pagination_reports_the_total_and_pages_do_not_overlap(fixture_client):
    whole = fixture_client.get("/api/events", params={"sort": "id"}).json()
    assert whole["total"] == 4
    first = fixture_client.get("/api/events", params={"sort": "id", "limit": 3}).json()
    second = fixture_client.get("/api/events", params={"sort": "id", "limit": 3, "offset": 3}).json()
    assert first["total"] == second["total"] == 4
    assert _ids(first) + _ids(second) == _ids(whole) == ["v1", "v2", "v3", "v4"]
    empty = fixture_client.get("/api/events", params={"from": "2024-03-10", "to": "2024-03-01"})
    assert empty.status_code == 200 and empty.json()["total"] == 0  # an empty range, not an error
    past = fixture_client.get("/api/events", params={"offset": 100}).json()
    assert past["total"] == 4 and past["items"] == []


def test_sort_is_stable_with_nulls_last_and_descending(fixture_client):
    by_date = _ids(fixture_client.get("/api/events", params={"sort": "date"}).json())
    assert by_date == ["v1", "v2", "v3", "v4"]  # v4 has no date: last
    desc = _ids(fixture_client.get("/api/events", params={"sort": "-date"}).json())
    assert desc == ["v3", "v2", "v1", "v4"]
    # equal keys break ties by id, the same way on every request
    by_root = [_ids(fixture_client.get("/api/events", params={"sort": "-goldstein"}).json())
               for _ in range(3)]
    assert by_root[0] == by_root[1] == by_root[2] == ["v3", "v4", "v2", "v1"]


@pytest.mark.parametrize("params, expected", [
    ({"dyad": "VLD,KRS"}, ["v1", "v2", "v3"]),
    ({"dyad": "KRS,VLD"}, ["v1", "v2", "v3"]),
    ({"root": "19"}, ["v1"]),
    ({"quad_class": "1"}, ["v3", "v4"]),
    ({"from": "2024-03-05", "to": "2024-03-12"}, ["v2", "v3"]),
    ({"story": "s2"}, ["v3"]),
    ({"entity": "eK"}, ["v1", "v2", "v3"]),
    ({"outlet": "Lumen Post"}, ["v3"]),
    ({"outlet": "karsk_news.html"}, ["v1", "v2", "v4"]),
    ({"document": "dv2", "quad_class": "4"}, ["v1"]),
])
def test_event_filters(fixture_client, params, expected):
    page = fixture_client.get("/api/events", params={**params, "sort": "id"}).json()
    assert _ids(page) == expected
    assert page["total"] == len(expected)


def test_filters_on_other_lists(fixture_client):
    get = fixture_client.get
    assert _ids(get("/api/documents", params={"story": "s1", "sort": "id"}).json()) == ["dv1", "dv2"]
    assert _ids(get("/api/documents", params={"from": "2024-03-05"}).json()) == ["dv3", "dv2"]
    assert _ids(get("/api/documents", params={"entity": "eV", "sort": "id"}).json()) == ["dv1", "dv3"]
    assert _ids(get("/api/stories", params={"entity": "eK"}).json()) == ["s1"]
    assert _ids(get("/api/entities", params={"story": "s2"}).json()) == ["eV"]
    assert _ids(get("/api/entities", params={"type": "PERSON"}).json()) == ["eX"]
    assert _ids(get("/api/claims", params={"status": "disputed"}).json()) == ["c1"]
    assert _ids(get("/api/claims", params={"story": "s2"}).json()) == ["c2"]
    assert _ids(get("/api/timeline", params={"story": "s2"}).json(), "position") == [2]
    assert _ids(get("/api/timeline", params={"entity": "eK", "quad_class": "3"}).json(),
                "position") == [1]
    esc = get("/api/escalation", params={"dyad": "VLD,KRS", "from": "2024-03-04"}).json()
    assert [r["period"] for r in esc["items"]] == ["2024-W10", "2024-W11"]
    assert [r["band"] for r in get("/api/escalation", params={"band": "surge"}).json()["items"]] == ["surge"]


def test_disputed_claim_keeps_every_source_value_with_its_span(fixture_client):
    claim = fixture_client.get("/api/claims/c1").json()
    assert claim["status"] == "disputed"
    assert [(v["value"], v["source"]) for v in claim["values"]] == [
        (300, "Valdoria Herald"), (120, "Valdoria Herald"), (300, "karsk_news.html")]
    doc = fixture_client.get("/api/documents/dv1").json()
    for v in claim["values"][:2]:
        assert doc["text"][v["start"]:v["end"]] == v["text"]


def test_csv_for_every_list_has_the_same_rows_as_json(fixture_client):
    for name in LISTS:
        page = fixture_client.get(f"/api/{name}").json()
        answer = fixture_client.get(f"/api/{name}", params={"format": "csv"})
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(answer.text)))
        assert len(rows) == len(page["items"]), name
    events = list(csv.DictReader(io.StringIO(
        fixture_client.get("/api/events", params={"format": "csv", "sort": "id"}).text)))
    assert events[0]["id"] == "v1" and events[0]["place.name"] == "Tarn"
    assert events[0]["source.country"] == "VLD"
    hits = fixture_client.get("/api/search", params={"q": "ambassador", "format": "csv"})
    assert len(list(csv.DictReader(io.StringIO(hits.text)))) == 2


def test_csv_neutralises_spreadsheet_formulas():
    from brinkwatch.web.api import to_csv

    text = to_csv([{"id": "x", "title": "=HYPERLINK(\"http://x\")"}], "t").body.decode()
    assert "'=HYPERLINK" in text


def test_full_text_search_ranks_and_marks_words(fixture_client):
    page = fixture_client.get("/api/search", params={"q": "ambassador recalled"}).json()
    assert page["total"] == 2 and {h["id"] for h in page["items"]} == {"dv1", "dv2"}
    hit = page["items"][0]
    marked = [hit["snippet"][a:b].lower() for a, b in hit["snippet_marks"]]
    assert "ambassador" in marked and "recalled" in marked
    assert fixture_client.get("/api/search", params={"q": "talk*"}).json()["total"] == 1
    assert fixture_client.get("/api/search", params={"q": "ambassador", "story": "s2"}).json()["total"] == 0


@pytest.mark.parametrize("q", ['"', "NEAR(", "title:x", "a OR", "*", "'); DROP TABLE documents;--"])
def test_search_never_fails_on_fts_syntax(fixture_client, q):
    answer = fixture_client.get("/api/search", params={"q": q})
    assert answer.status_code == 200
    assert fixture_client.get("/api/documents").json()["total"] == 3


def _assert_error(answer, status: int, parameter: str | None = None) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    jsonschema.validate(body, ERROR_SCHEMA)
    assert body["error"]["status"] == status
    if parameter:
        assert body["error"]["parameter"] == parameter
    return body


def test_one_error_shape_across_every_endpoint(fixture_client):
    for name in LISTS:
        _assert_error(fixture_client.get(f"/api/{name}", params={"limit": "0"}), 400, "limit")
        _assert_error(fixture_client.get(f"/api/{name}", params={"offset": "-1"}), 400, "offset")
        _assert_error(fixture_client.get(f"/api/{name}", params={"sort": "nope"}), 400, "sort")
        _assert_error(fixture_client.get(f"/api/{name}", params={"bogus": "1"}), 400, "bogus")
        _assert_error(fixture_client.get(f"/api/{name}", params={"format": "xml"}), 400, "format")
        _assert_error(fixture_client.post(f"/api/{name}"), 405)
    for name in ("documents", "stories", "entities", "events", "claims"):
        body = _assert_error(fixture_client.get(f"/api/{name}/nope"), 404)
        assert "nope" in body["error"]["message"]
        _assert_error(fixture_client.delete(f"/api/{name}/nope"), 405)
    _assert_error(fixture_client.get("/api/search"), 400, "q")
    _assert_error(fixture_client.get("/api/events", params={"from": "2024-13-01"}), 400, "from")
    _assert_error(fixture_client.get("/api/events", params={"dyad": "VLD"}), 400, "dyad")
    _assert_error(fixture_client.get("/api/events", params={"quad_class": "5"}), 400, "quad_class")
    _assert_error(fixture_client.get("/api/events?limit=1&limit=2"), 400, "limit")
    _assert_error(fixture_client.get("/api/no/such/thing"), 404)
    _assert_error(fixture_client.get("/api/openapi.json", params={"x": "1"}), 400)
    _assert_error(fixture_client.get("/api/events", params={"q": "x" * 5000}), 414)
    _assert_error(fixture_client.request("GET", "/api/events", content=b"x" * 20000), 413)


def test_openapi_document_lists_every_endpoint_and_is_valid(fixture_client):
    doc = fixture_client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    for name in LISTS:
        op = doc["paths"][f"/api/{name}"]["get"]
        params = {p["name"] for p in op["parameters"]}
        assert {"limit", "offset", "format", "sort"} <= params
        assert "text/csv" in op["responses"]["200"]["content"]
        assert "400" in op["responses"]
    assert {"from", "to", "dyad", "root", "quad_class", "outlet", "story", "entity"} <= {
        p["name"] for p in doc["paths"]["/api/events"]["get"]["parameters"]}
    assert "/api/search" in doc["paths"] and "/api/events/{item_id}" in doc["paths"]
    jsonschema.Draft202012Validator.check_schema(doc["components"]["schemas"]["EventsPage"])


def test_timeline_merges_imported_events_by_date(fixture_client):
    page = fixture_client.get("/api/timeline").json()
    assert page["total"] == 5
    assert [(i["date"], i["dataset"]) for i in page["items"]] == [
        ("2024-03-04", "brinkwatch"), ("2024-03-05", "brinkwatch"), ("2024-03-05", "gdelt2"),
        ("2024-03-12", "brinkwatch"), ("2024-03-20", "acled")]
    gdelt = page["items"][2]
    assert gdelt["imported_event"] == "gdelt2:900001" and gdelt["event"] is None
    assert gdelt["dated_by"] == "dataset" and gdelt["sources"] == ["https://news.example/tarn"]
    assert gdelt["summary"] == "VALDORIA: use conventional military force (190) → KARSK at Tarn [gdelt2]"
    acled = page["items"][4]
    assert acled["summary"] == ("Military Forces of Valdoria: armed clash → Military Forces of "
                                "Karsk at Oster 2 killed [acled]")
    newest = fixture_client.get("/api/timeline", params={"sort": "-date", "limit": 2}).json()
    assert [i["date"] for i in newest["items"]] == ["2024-03-20", "2024-03-12"]
    second = fixture_client.get("/api/timeline", params={"limit": 2, "offset": 2}).json()
    assert [i["dataset"] for i in second["items"]] == ["gdelt2", "brinkwatch"]


def test_timeline_and_imported_filters(fixture_client):
    get = fixture_client.get
    ours = get("/api/timeline", params={"dataset": "brinkwatch"}).json()
    assert ours["total"] == 3 and {i["dataset"] for i in ours["items"]} == {"brinkwatch"}
    acled = get("/api/timeline", params={"dataset": "acled"}).json()
    assert [i["imported_event"] for i in acled["items"]] == ["acled:KRS77"]
    assert get("/api/timeline", params={"from": "2024-03-13"}).json()["total"] == 1
    # imported events have no story: a story filter leaves only our entries
    assert _ids(get("/api/timeline", params={"story": "s2"}).json(), "position") == [2]
    fights = get("/api/imported_events", params={"root": "19"}).json()
    assert _ids(fights) == ["gdelt2:900001"]
    both = get("/api/imported_events", params={"dyad": "KRS,VLD", "sort": "-date"}).json()
    assert _ids(both) == ["acled:KRS77", "gdelt2:900001"]
    item = both["items"][0]
    assert item["fatalities"] == 2 and item["place"]["name"] == "Oster"
    assert item["source"] == {"name": "Military Forces of Valdoria", "country": "VLD", "role": "MIL"}
    jsonschema.validate(item, _schemas.ITEMS["imported_events"])
    bad = get("/api/imported_events", params={"dataset": "no such;name"})
    assert bad.status_code == 400 and bad.json()["error"]["parameter"] == "dataset"
