"""The whole pipeline on the five seed articles: `brinkwatch run ../shared/seeds` then export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from brinkwatch.cli import main

from conftest import shared_path


def _stem(doc: dict) -> str:
    return Path(doc["source_path"]).name[:3]


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory):
    seeds = shared_path("seeds")
    db = tmp_path_factory.mktemp("seeds") / "s.db"
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(seeds), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output + result.stderr
    exported = runner.invoke(main, ["export", "--db", str(db), "--format", "json"])
    assert exported.exit_code == 0
    data = json.loads(exported.stdout)
    data["_db"] = str(db)
    data["_seeds"] = str(seeds)
    return data


def test_export_has_contract_keys(seeds_export):
    for key in ("documents", "stories", "entities", "events", "claims", "timeline", "escalation"):
        assert key in seeds_export
    doc = seeds_export["documents"][0]
    assert {"id", "title", "outlet", "published", "published_source", "story", "source_path"} <= set(doc)


def test_all_five_documents_with_paths_as_given(seeds_export):
    docs = {_stem(d): d for d in seeds_export["documents"]}
    assert sorted(docs) == ["000", "001", "002", "003", "004"]
    for doc in docs.values():
        assert doc["source_path"].startswith(seeds_export["_seeds"])
        assert Path(doc["source_path"]).exists()


def test_publication_date_of_003_from_text_and_others_unknown(seeds_export):
    docs = {_stem(d): d for d in seeds_export["documents"]}
    assert docs["003"]["published"] == "2023-09-30"
    assert docs["003"]["published_source"] == "text"
    for stem in ("000", "001", "002", "004"):
        assert docs[stem]["published"] is None, stem
        assert docs[stem]["published_source"] == "unknown", stem


def test_us_reaction_articles_are_one_story_and_clash_article_another(seeds_export):
    story = {_stem(d): d["story"] for d in seeds_export["documents"]}
    assert story["001"] == story["003"] == story["004"]
    assert story["002"] != story["001"]
    stories = {s["id"]: s for s in seeds_export["stories"]}
    assert set(stories[story["001"]]["documents"]) >= {
        d["id"] for d in seeds_export["documents"] if _stem(d) in ("001", "003", "004")
    }


def test_undated_story_mates_are_anchored_on_003_and_flagged_inferred(seeds_export):
    docs = {_stem(d): d for d in seeds_export["documents"]}
    for stem in ("001", "004"):
        assert docs[stem]["anchor_date"] == "2023-09-30"
        assert docs[stem]["anchor_source"] == "inferred"
        assert docs["003"]["id"] in docs[stem]["anchor_reason"]


def test_kfor_spellings_are_one_entity(seeds_export):
    kfor = [e for e in seeds_export["entities"] if {e["name"], *e["aliases"]} & {"KFOR", "KFor"}]
    assert len(kfor) == 1
    names = {kfor[0]["name"], *kfor[0]["aliases"]}
    assert {"KFOR", "KFor"} <= names
    assert any("Kosovo Force" in n for n in names)
    assert len(kfor[0]["documents"]) >= 4


def test_kosovo_and_serbia_carry_country_codes(seeds_export):
    by_name = {e["name"]: e for e in seeds_export["entities"]}
    assert by_name["Kosovo"]["country"] == "XK"
    assert by_name["Serbia"]["country"] == "RS"
    assert by_name["Belgrade"]["acts_for"] == "RS"


def test_vucic_spellings_are_one_person(seeds_export):
    vucic = [e for e in seeds_export["entities"] if e["type"] == "PERSON" and "Vucic" in e["name"]]
    assert len(vucic) == 1
    assert vucic[0]["name"] == "Aleksandar Vucic"
    assert len(vucic[0]["documents"]) >= 4


def test_every_event_mention_quotes_its_document_exactly(seeds_export):
    texts = {}
    for doc in seeds_export["documents"]:
        texts[doc["id"]] = Path(doc["source_path"]).read_text(encoding="utf-8").strip()
    assert seeds_export["events"], "no events coded on the seeds"
    for event in seeds_export["events"]:
        for mention in event["mentions"]:
            assert texts[mention["document"]][mention["start"]:mention["end"]] == mention["text"]
    for claim in seeds_export["claims"]:
        for value in claim["values"]:
            assert texts[value["document"]][value["start"]:value["end"]] == value["text"]


def test_rerun_changes_nothing(seeds_export):
    runner = CliRunner()
    again = runner.invoke(main, ["run", seeds_export["_seeds"], "--db", seeds_export["_db"], "--quiet"])
    assert again.exit_code == 0
    exported = json.loads(runner.invoke(main, ["export", "--db", seeds_export["_db"], "--format", "json"]).stdout)
    for key in ("documents", "stories", "entities", "events", "claims", "timeline", "escalation"):
        assert exported[key] == seeds_export[key], key


def test_export_validates_against_the_documented_json_schema(seeds_export):
    import jsonschema

    schema = json.loads((Path(__file__).parent.parent / "docs" / "export.schema.json").read_text())
    data = {k: v for k, v in seeds_export.items() if not k.startswith("_")}
    jsonschema.validate(data, schema)


def _run_in_two_steps(tmp_path, first: list[str], then: list[str]) -> tuple[dict, dict]:
    seeds = shared_path("seeds")
    files = {p.name[:3]: str(p) for p in sorted(seeds.glob("0*.txt"))}
    db = str(tmp_path / "inc.db")
    runner = CliRunner()
    assert runner.invoke(main, ["run", *[files[s] for s in first], "--db", db, "--quiet"]).exit_code == 0
    before = json.loads(runner.invoke(main, ["export", "--db", db, "--format", "json"]).stdout)
    assert runner.invoke(main, ["run", *[files[s] for s in then], "--db", db, "--quiet"]).exit_code == 0
    after = json.loads(runner.invoke(main, ["export", "--db", db, "--format", "json"]).stdout)
    return before, after


def test_new_files_join_existing_stories_and_entities(tmp_path):
    before, after = _run_in_two_steps(tmp_path, ["001", "003"], ["004"])
    story_before = {_stem(d): d["story"] for d in before["documents"]}
    story_after = {_stem(d): d["story"] for d in after["documents"]}
    assert story_before["001"] == story_before["003"]
    assert story_after["001"] == story_before["001"]  # the existing story keeps its id
    assert story_after["004"] == story_before["001"]  # the new article joins it
    vucic = [e for e in after["entities"] if e["name"] == "Aleksandar Vucic"]
    assert len(vucic) == 1 and len(vucic[0]["documents"]) == 3


def test_article_of_another_episode_added_later_opens_its_own_story(tmp_path):
    before, after = _run_in_two_steps(tmp_path, ["001", "003"], ["004", "002"])
    story_before = {_stem(d): d["story"] for d in before["documents"]}
    story_after = {_stem(d): d["story"] for d in after["documents"]}
    assert story_after["002"] != story_before["001"]
