"""Cross-document entity resolution on short texts written for these tests.

ArticleAnalysis records are built by hand (mentions with spaCy-style labels, as the model
would give them, slips included), so the tests are fast and exact.
"""

from __future__ import annotations

import re

from brinkwatch.records import ArticleAnalysis, Mention, Place, Span
from brinkwatch.resolve.entities import resolve_entities


def _analysis(doc_id: str, text: str, labelled: list[tuple[str, str]], places: dict[str, str] | None = None):
    """Mentions for each (surface, label), at every place the surface occurs in ``text``."""
    mentions, found = [], []
    for surface, label in labelled:
        for m in re.finditer(re.escape(surface), text):
            if any(s <= m.start() < e for s, e in found):
                continue
            found.append((m.start(), m.end()))
            mentions.append(Mention(span=Span(doc_id=doc_id, start=m.start(), end=m.end(), text=surface), label=label))
    place_records = []
    for name, cc in (places or {}).items():
        for m in re.finditer(re.escape(name), text):
            place_records.append(Place(span=Span(doc_id=doc_id, start=m.start(), end=m.end(), text=name),
                                       name=name, country=cc, feature="P.PPL"))
    return ArticleAnalysis(doc_id=doc_id, analyzer_version="t", anchor_date=None,
                           mentions=tuple(mentions), places=tuple(place_records))


def _resolve(docs: dict[str, tuple[str, list[tuple[str, str]]]], story_of=None, places=None):
    texts = {d: t for d, (t, _) in docs.items()}
    analyses = {d: _analysis(d, t, labelled, (places or {}).get(d)) for d, (t, labelled) in docs.items()}
    return resolve_entities(texts, analyses, story_of)


def _by_alias(entities, surface: str):
    return [e for e in entities if surface == e.name or surface in e.aliases]


def test_resolve_merges_surname_title_and_diacritics_with_full_name_across_articles():
    entities = _resolve({
        "a": ("President Milorad Dragović spoke in Novi Grad. Dragović said talks would go on.",
              [("Milorad Dragović", "PERSON"), ("Dragović", "PERSON")]),
        "b": ("President Dragovic met envoys. Dragovic's office confirmed it.",
              [("President Dragovic", "PERSON"), ("Dragovic", "PERSON")]),
    })
    people = [e for e in entities if e.type == "PERSON"]
    assert len(people) == 1
    person = people[0]
    assert person.name == "Milorad Dragović"
    assert set(person.documents) == {"a", "b"}
    assert person.merge_reasons and all("surname" in r for r in person.merge_reasons)


def test_resolve_keeps_two_people_who_share_a_surname_apart():
    entities = _resolve({
        "a": ("Ana Petrenko and Ivan Petrenko both signed. Petrenko later left.",
              [("Ana Petrenko", "PERSON"), ("Ivan Petrenko", "PERSON"), ("Petrenko", "PERSON")]),
    })
    names = {e.name for e in entities if e.type == "PERSON"}
    assert {"Ana Petrenko", "Ivan Petrenko"} <= names
    bare = _by_alias(entities, "Petrenko")
    assert len(bare) == 1 and bare[0].name == "Petrenko"  # ambiguous: not merged into either


def test_resolve_joins_long_forms_and_acronym_case_variants_of_a_body():
    entities = _resolve({
        "a": ("The North Atlantic Treaty Organization met. NATO said it would act.",
              [("North Atlantic Treaty Organization", "ORG"), ("NATO", "ORG")]),
        "b": ("The NATO-led Kosovo Force (KFor) sent troops. KFOR said the road was open.",
              [("NATO-led Kosovo Force", "ORG"), ("KFor", "ORG"), ("KFOR", "ORG")]),
    })
    nato = _by_alias(entities, "North Atlantic Treaty Organization")
    kfor = _by_alias(entities, "KFor")
    assert len(nato) == 1 and nato[0].name == "NATO" and nato[0].code == "NATO"
    assert len(kfor) == 1 and kfor[0].name == "KFOR" and "NATO-led Kosovo Force" in kfor[0].aliases
    assert kfor[0].role == "IGO"


def test_resolve_keeps_two_bodies_that_share_an_acronym_apart():
    entities = _resolve({
        "a": ("The Northern Farmers Union (NFU) protested. The NFU asked for aid.",
              [("Northern Farmers Union", "ORG"), ("NFU", "ORG")]),
        "b": ("The National Fishing Union (NFU) went on strike. The NFU wants talks.",
              [("National Fishing Union", "ORG"), ("NFU", "ORG")]),
    })
    farmers = _by_alias(entities, "Northern Farmers Union")
    fishers = _by_alias(entities, "National Fishing Union")
    assert len(farmers) == 1 and len(fishers) == 1 and farmers[0].id != fishers[0].id
    assert farmers[0].documents == ["a"] and fishers[0].documents == ["b"]
    assert any("defines it" in r for r in farmers[0].merge_reasons)


def test_resolve_links_a_capital_to_its_country_without_merging():
    entities = _resolve({
        "a": ("Belgrade rejected the claim. Serbia called it a provocation.",
              [("Belgrade", "GPE"), ("Serbia", "GPE")]),
    })
    belgrade, serbia = _by_alias(entities, "Belgrade")[0], _by_alias(entities, "Serbia")[0]
    assert belgrade.id != serbia.id
    assert belgrade.acts_for == "RS" and serbia.country == "RS" and serbia.code == "SRB"


def test_resolve_gives_kosovo_its_user_assigned_codes():
    entities = _resolve({"a": ("Kosovo said the border was calm.", [("Kosovo", "GPE")])})
    kosovo = _by_alias(entities, "Kosovo")[0]
    assert (kosovo.country, kosovo.code) == ("XK", "XKX")


def test_resolve_drops_title_words_and_fixes_labels_from_data():
    entities = _resolve({
        "a": ("The Secretary of State flew over the Adriatic. PM Voss met Karl Voss's aides.",
              [("State", "ORG"), ("Adriatic", "NORP"), ("PM Voss", "ORG"), ("Karl Voss", "PERSON")]),
    })
    assert not _by_alias(entities, "State")
    assert _by_alias(entities, "Adriatic")[0].type == "LOC"
    voss = _by_alias(entities, "PM Voss")
    assert len(voss) == 1 and voss[0].name == "Karl Voss" and voss[0].type == "PERSON"


def test_resolve_treats_a_placed_person_as_a_place_with_its_country():
    text = "Troops reached Dobrava on Monday. Villagers in Dobrava stayed indoors."
    entities = _resolve({"a": (text, [("Dobrava", "PERSON")])}, places={"a": {"Dobrava": "XK"}})
    place = _by_alias(entities, "Dobrava")[0]
    assert (place.type, place.country) == ("GPE", "XK")


def test_resolve_joins_demonym_forms_of_one_group():
    entities = _resolve({
        "a": ("Serbs gathered. A Serbian official and a Serb priest spoke.",
              [("Serbs", "NORP"), ("Serbian", "NORP"), ("Serb", "NORP")]),
    })
    groups = [e for e in entities if e.type == "NORP"]
    assert len(groups) == 1 and groups[0].country == "RS"
    assert all("demonyms of RS" in r for r in groups[0].merge_reasons)


def test_users_alias_file_adds_a_merge(tmp_path, monkeypatch):
    alias_file = tmp_path / "aliases.csv"
    alias_file.write_text("canonical,alias,type,country,role,acts_for,code\n"
                          "Northern Relief Agency,Relief Office,ORG,XK,NGO,,NRA\n", encoding="utf-8")
    docs = {"a": ("The Northern Relief Agency said aid arrived.", [("Northern Relief Agency", "ORG")]),
            "b": ("The Relief Office said more aid was coming.", [("Relief Office", "ORG")])}
    assert len(_by_alias(_resolve(docs), "Relief Office")[0].documents) == 1
    monkeypatch.setenv("BRINKWATCH_ALIASES", str(alias_file))
    agency = _by_alias(_resolve(docs), "Relief Office")[0]
    assert agency.name == "Northern Relief Agency" and agency.documents == ["a", "b"]
    assert agency.code == "NRA" and agency.country == "XK"
    assert any("alias table" in r for r in agency.merge_reasons)


def test_resolve_drops_a_common_noun_capitalised_at_a_sentence_start():
    entities = _resolve({
        "a": ("Tensions rose in the north. The tensions eased by night.", [("Tensions", "ORG")]),
    })
    assert not _by_alias(entities, "Tensions")
