"""Issue 7 targets on the seed articles, through the whole pipeline and the JSON export:
claim statuses, the documents behind each figure, exact source spans, and the timeline."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from brinkwatch.cli import main

from conftest import shared_path


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    db = tmp_path_factory.mktemp("issue7") / "s.db"
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(shared_path("seeds")), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    exported = runner.invoke(main, ["export", "--db", str(db), "--format", "json"])
    assert exported.exit_code == 0
    data = json.loads(exported.stdout)
    with sqlite3.connect(db) as con:
        data["_texts"] = dict(con.execute("SELECT id, text FROM documents"))
    data["_stem"] = {d["id"]: Path(d["source_path"]).name[:3] for d in data["documents"]}
    return data


def _group(seeds, prop, pred):
    found = [c for c in seeds["claims"] if c["property"] == prop and pred(c["subject"])]
    assert len(found) == 1, [(c["subject"], c["status"]) for c in seeds["claims"] if c["property"] == prop]
    return found[0]


def _by_doc(seeds, group):
    return {(seeds["_stem"][v["document"]], v["value"]) for v in group["values"]}


def test_every_claim_value_quotes_its_span_exactly(seeds):
    assert seeds["claims"]
    for group in seeds["claims"]:
        for v in group["values"]:
            assert seeds["_texts"][v["document"]][v["start"] : v["end"]] == v["text"], v


def test_kosovo_population_is_disputed_between_001_and_003(seeds):
    g = _group(seeds, "population", lambda s: s == "kosovo")
    assert g["status"] == "disputed"
    assert _by_doc(seeds, g) == {("001", 1_800_000), ("003", 1_700_000)}


def test_kfor_strength_of_about_4500_is_agreed_across_articles(seeds):
    g = _group(seeds, "troop_count", lambda s: s == "kfor")
    assert g["status"] == "agreed"
    assert {v["value"] for v in g["values"]} == {4_500}
    assert {stem for stem, _ in _by_doc(seeds, g)} >= {"003", "004"}


def test_fifty_thousand_serbs_in_the_north_is_one_agreed_figure(seeds):
    g = _group(seeds, "population", lambda s: s.startswith("serbs in the north"))
    assert g["status"] == "agreed"
    assert _by_doc(seeds, g) == {("001", 50_000), ("003", 50_000)}


def test_uk_battalion_and_serbian_drill_are_single_source(seeds):
    battalion = _group(seeds, "troop_count", lambda s: "battalion" in s)
    assert battalion["status"] == "single-source"
    assert {(seeds["_stem"][v["document"]], v["low"], v["high"]) for v in battalion["values"]} == {("004", 500, 650)}
    drill = _group(seeds, "troop_count", lambda s: "drill" in s)
    assert drill["status"] == "single-source"
    assert _by_doc(seeds, drill) == {("002", 2_000)}


def _entries_mentioning(seeds, word):
    events = {e["id"]: e for e in seeds["events"]}
    return [
        t for t in seeds["timeline"]
        if any(word in m["text"] for m in events[t["event"]]["mentions"])
    ]  # fmt: skip


def test_timeline_places_the_banjska_attack_on_september_24(seeds):
    dates = {t["date"] for t in _entries_mentioning(seeds, "Banjska") if t["dated_by"] == "event"}
    assert "2023-09-24" in dates


def test_timeline_places_kirbys_friday_statement_on_september_29(seeds):
    kirby = [t for t in _entries_mentioning(seeds, "Kirby stated on Friday")]
    assert kirby and all(t["date"] == "2023-09-29" and t["dated_by"] == "event" for t in kirby)


def test_timeline_places_the_blinken_vucic_call_on_september_29(seeds):
    call = _entries_mentioning(seeds, "phone conversation")
    assert call and all(t["date"] == "2023-09-29" for t in call)


def test_timeline_is_in_event_date_order_with_sources(seeds):
    dated = [t["date"] for t in seeds["timeline"] if t["date"]]
    assert dated == sorted(dated)
    assert all(t["sources"] for t in seeds["timeline"])
    undated = [i for i, t in enumerate(seeds["timeline"]) if not t["date"]]
    assert all(i >= len(dated) for i in undated)
