"""Claims: subject, property, value and speaker read from sentences written for these tests."""

from __future__ import annotations

from brinkwatch.analyze.quantities import read_quantities
from brinkwatch.claims.extract import extract_claims


def _claims(nlp, text, doc_id="t"):
    doc = nlp(text)
    return extract_claims(doc, doc_id, read_quantities(doc, doc_id))


def _one(claims, prop):
    found = [c for c in claims if c.property == prop]
    assert len(found) == 1, claims
    return found[0]


def test_population_from_apposition_and_relative_clause(nlp):
    a = _one(_claims(nlp, "Officials visited Lithuania, a country of 2.6 million people, on Monday."), "population")
    b = _one(_claims(nlp, "Lithuania, which has about 2.8 million inhabitants, joined the bloc in 2004."), "population")
    assert (a.subject, a.value) == ("lithuania", 2_600_000)
    assert (b.subject, b.value, b.qualifier) == ("lithuania", 2_800_000, "about")


def test_ethnic_group_counts_are_population_of_group_in_region(nlp):
    a = _one(_claims(nlp, "About 50 thousand ethnic Hungarians live in the south of the province."), "population")
    b = _one(_claims(nlp, "But about 50,000 Hungarians in the south reject the plan."), "population")
    assert a.subject == b.subject == "hungarians in the south"
    assert a.value == b.value == 50_000


def test_peacekeepers_in_a_country_resolve_to_its_mission(nlp):
    c = _one(_claims(nlp, "About 10,000 peacekeepers are stationed in Lebanon, the mission said."), "troop_count")
    assert (c.subject, c.low, c.high) == ("unifil", 9_500, 10_500)


def test_troops_owned_by_a_drill_or_a_battalion(nlp):
    drill = _one(_claims(nlp, "Hungary's military exercise, involving around 2,000 troops, began on Monday."), "troop_count")
    assert (drill.subject, drill.value) == ("hungary military exercise", 2_000)
    battalion = _one(_claims(nlp, "Poland offered a battalion (500-650 troops) to the alliance."), "troop_count")
    assert (battalion.subject, battalion.low, battalion.high) == ("poland battalion", 500, 650)


def test_coordinated_casualties_under_one_verb_are_summed(nlp):
    # documented choice: one claim per outcome predicate, groups summed, unit "people"
    c = _one(_claims(nlp, "One police officer and three gunmen were killed in the clash near Tetovo."), "killed")
    assert (c.value, c.unit, c.subject) == (4, "people", "tetovo")
    assert c.span.text == "One police officer and three gunmen"


def test_separate_predicates_give_separate_claims(nlp):
    claims = _claims(nlp, "In the firefight three gunmen were killed and two were arrested.")
    assert _one(claims, "killed").value == 3
    assert _one(claims, "arrested").value == 2


def test_speaker_from_according_to_and_said(nlp):
    a = _one(_claims(nlp, "According to Reuters, about 300 soldiers were deployed to Lebanon."), "troop_count")
    assert a.speaker == "reuters"
    b = _one(_claims(nlp, "The interior ministry said 40 people were arrested in the capital."), "arrested")
    assert b.speaker == "interior ministry"
    assert b.speaker_span is not None and b.speaker_span.text == "interior ministry"


def test_figure_after_a_stated_increase_is_marked_as_later_state(nlp):
    claims = _claims(nlp, "After the alliance sent 800 more troops to Lebanon, more than 10,000 troops are now deployed there.")
    assert _one(claims, "troop_increase").value == 800
    state = _one(claims, "troop_count")
    assert (state.low, state.time_scope) == (10_001, "after_increase:+800")


def test_claim_spans_are_exact(nlp):
    text = "Lithuania, which has about 2.8 million inhabitants, lost 3 soldiers, who were killed on patrol."
    doc = nlp(text)
    for c in extract_claims(doc, "t", read_quantities(doc, "t")):
        assert doc.text[c.span.start : c.span.end] == c.span.text
