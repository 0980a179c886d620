"""Event coding, dating, placing and merging end to end on the five seed articles.

Runs ``brinkwatch run`` once over ../shared/seeds and checks what an analyst would check in
the export: the deadly attack at a village in northern Kosovo reported by four articles is
one event with its date, place and toll, and the build-up, the call to withdraw and the
accusation are each found with the right actors' countries.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from brinkwatch.cli import main

from conftest import shared_path


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    seeds = shared_path("seeds")
    db = tmp_path_factory.mktemp("seed_events") / "s.db"
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(seeds), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    exported = runner.invoke(main, ["export", "--db", str(db), "--format", "json"])
    assert exported.exit_code == 0
    data = json.loads(exported.stdout)
    stems = {d["id"]: Path(d["source_path"]).name[:3] for d in data["documents"]}
    for event in data["events"]:
        event["_stems"] = sorted({stems[d] for d in event["documents"]})
    return data


def _countries(event: dict) -> tuple[str | None, str | None]:
    return event["source"]["country"], event["target"]["country"]


def _village_attacks(export: dict) -> list[dict]:
    return [
        e for e in export["events"]
        if e["root"] in ("18", "19", "20") and e["place"] and e["place"]["name"] == "Banjska"
    ]


def test_the_village_attack_is_one_event_carried_by_four_articles(export):
    attacks = _village_attacks(export)
    assert len(attacks) == 1, [(e["cameo"], e["date"], e["_stems"]) for e in attacks]
    attack = attacks[0]
    assert attack["_stems"] == ["000", "001", "003", "004"]  # 002 is another episode
    assert {m["document"] for m in attack["mentions"]} == set(attack["documents"])


def test_the_village_attack_date_toll_and_place(export):
    attack = _village_attacks(export)[0]
    assert attack["date"] == "2023-09-24"
    assert attack["fatalities"] == 4  # one police officer and three gunmen
    assert attack["place"]["country"] == "XK"
    assert attack["quad_class"] == 4


def test_no_violent_event_is_dated_by_a_historical_year_of_another_clause(export):
    attack = _village_attacks(export)[0]
    assert not attack["date"].startswith(("2008", "1999"))


def test_serbian_build_up_has_serbia_as_source(export):
    build_up = [e for e in export["events"] if e["root"] == "15" and e["source"]["country"] == "SRB"]
    assert build_up, "Serbia's deployment on the border was not coded"


def test_us_call_on_serbia_to_withdraw(export):
    calls = [
        e for e in export["events"]
        if _countries(e) == ("USA", "SRB") and (e["root"] == "10" or e["cameo"].startswith("02"))
    ]
    assert calls, "the US call on Serbia to withdraw was not coded"


def test_kosovo_accuses_serbia(export):
    accusations = [e for e in export["events"] if e["cameo"].startswith("112") and _countries(e) == ("XKX", "SRB")]
    assert accusations, "Kosovo's accusation against Serbia was not coded"


def test_denied_acts_are_not_events(export):
    for event in export["events"]:
        for mention in event["mentions"]:
            assert not (event["cameo"] == "072" and "denied" in mention["text"])
