"""Reconciling claims across outlets: agreed, disputed, single-source, with checkable reasons."""

from __future__ import annotations

from pathlib import Path

from conftest import shared_path

from brinkwatch.analyze.quantities import read_quantities
from brinkwatch.claims.extract import extract_claims
from brinkwatch.claims.reconcile import reconcile
from brinkwatch.records import ClaimCandidate, Span


def _claim(doc_id, subject, prop, value, low=None, high=None, qualifier=None, unit=None, scope=None, start=0):
    low = value if low is None and high is None else low
    high = value if high is None and low == value else high
    return ClaimCandidate(
        span=Span(doc_id=doc_id, start=start, end=start + 5, text="x" * 5),
        subject=subject, property=prop, value=value, low=low, high=high,
        qualifier=qualifier, unit=unit, time_scope=scope,
    )  # fmt: skip


def _only(groups, subject, prop):
    found = [g for g in groups if g.subject == subject and g.property == prop]
    assert len(found) == 1, groups
    return found[0]


def test_non_overlapping_populations_are_disputed_and_reason_names_sources():
    groups = reconcile([
        (_claim("d1", "ruritania", "population", 1_800_000, 1_710_000, 1_890_000, "about", "inhabitant"), "Daily A"),
        (_claim("d2", "ruritania", "population", 1_700_000, unit="people"), "Weekly B"),
    ])  # fmt: skip
    g = _only(groups, "ruritania", "population")
    assert g.status == "disputed"
    assert g.reason == "about 1.8 million (Daily A) vs 1.7 million (Weekly B)"
    assert {v.outlet for v in g.values} == {"Daily A", "Weekly B"}


def test_overlapping_qualified_figures_agree():
    g = _only(reconcile([
        (_claim("d1", "kfor", "troop_count", 4500, 4275, 4725, "about"), "A"),
        (_claim("d2", "kfor", "troop_count", 4500, 4275, 4725, "about"), "B"),
    ]), "kfor", "troop_count")  # fmt: skip
    assert g.status == "agreed" and g.reason.startswith("2 sources agree")


def test_more_than_after_a_stated_increase_is_a_later_state_not_a_dispute():
    earlier = (_claim("d1", "unifil", "troop_count", 3600, 3420, 3780, "about"), "A")
    later = _claim("d2", "unifil", "troop_count", 4500, 4501, None, "more than", scope="after_increase:+1000")
    g = _only(reconcile([earlier, (later, "B")]), "unifil", "troop_count")
    assert g.status == "agreed"
    assert "later state after an increase of 1,000" in g.reason
    unscoped = _claim("d2", "unifil", "troop_count", 4500, 4501, None, "more than")
    assert _only(reconcile([earlier, (unscoped, "B")]), "unifil", "troop_count").status == "disputed"


def test_one_document_is_one_source_and_ranges_stay_single_source():
    g = _only(reconcile([
        (_claim("d1", "poland battalion", "troop_count", 500, 500, 650, "range", start=0), "A"),
        (_claim("d1", "poland battalion", "troop_count", 600, start=40), "A"),
    ]), "poland battalion", "troop_count")  # fmt: skip
    assert g.status == "single-source" and "500-650" in g.reason and len(g.values) == 2


def test_aliases_and_fuzzy_subjects_group_together():
    groups = reconcile(
        [
            (_claim("d1", "kosovo force", "troop_count", 4500), "A"),
            (_claim("d2", "kfor", "troop_count", 4500), "B"),
            (_claim("d3", "serbs in the north", "population", 50_000), "C"),
            (_claim("d4", "serbs in the north of kosovo", "population", 50_000), "D"),
        ],
        aliases={"Kosovo Force": "KFOR"},
    )
    assert _only(groups, "kfor", "troop_count").status == "agreed"
    assert len([g for g in groups if g.property == "population"]) == 1


def test_a_part_of_the_casualties_does_not_contradict_the_total():
    g = _only(reconcile([
        (_claim("d1", "tetovo", "killed", 4, unit="people"), "A"),
        (_claim("d2", "tetovo", "killed", 3, unit="gunman"), "B"),
    ]), "tetovo", "killed")  # fmt: skip
    assert g.status == "agreed"


def test_group_ids_are_content_hashes_independent_of_input_order():
    items = [(_claim("d1", "s", "killed", 2), "A"), (_claim("d2", "s", "killed", 2), "B")]
    assert [g.id for g in reconcile(items)] == [g.id for g in reconcile(items[::-1])]


def test_number_words_and_digits_agree_end_to_end(nlp):
    texts = {
        "outlet-a": "About 50 thousand ethnic Hungarians live in the south of the province.",
        "outlet-b": "But about 50,000 Hungarians in the south reject the plan.",
    }
    claims = []
    for outlet, text in texts.items():
        doc = nlp(text)
        claims += [(c, outlet) for c in extract_claims(doc, outlet, read_quantities(doc, outlet))]
    g = _only(reconcile(claims), "hungarians in the south", "population")
    assert g.status == "agreed"


def test_seed_articles_give_the_expected_claim_groups(nlp):
    seeds = sorted(Path(shared_path("seeds")).glob("*.txt"))
    claims = []
    for path in seeds:
        doc = nlp(path.read_text(encoding="utf-8"))
        claims += [(c, path.stem) for c in extract_claims(doc, path.stem, read_quantities(doc, path.stem))]
    groups = reconcile(claims)

    population = _only(groups, "kosovo", "population")
    assert population.status == "disputed"
    by_value = {v.value: v.outlet for v in population.values}
    assert by_value[1_800_000].startswith("001_") and by_value[1_700_000].startswith("003_")
    assert "1.8 million (001_" in population.reason and "1.7 million (003_" in population.reason

    kfor = _only(groups, "kfor", "troop_count")
    assert kfor.status == "agreed"
    assert {v.outlet[:3] for v in kfor.values} >= {"003", "004"}

    serbs = [g for g in groups if g.property == "population" and g.subject.startswith("serbs")]
    assert len(serbs) == 1 and serbs[0].status == "agreed"
    assert {v.value for v in serbs[0].values} == {50_000}

    battalion = [g for g in groups if g.property == "troop_count" and "battalion" in g.subject]
    assert len(battalion) == 1 and battalion[0].status == "single-source"
    assert (battalion[0].values[0].low, battalion[0].values[0].high) == (500, 650)

    drill = [g for g in groups if g.property == "troop_count" and "drill" in g.subject]
    assert len(drill) == 1 and drill[0].status == "single-source"
    assert drill[0].values[0].value == 2_000
