"""Property semantics and qualifier intervals: a force's strength is not its reinforcement,
a national contingent is not the mission, "nearly 1.8 million" is not "about 1.7 million".
Sentences written for these tests."""

from __future__ import annotations

from brinkwatch.analyze.quantities import read_quantities
from brinkwatch.claims._intervals import interval_of, rounding_unit
from brinkwatch.claims.extract import extract_claims
from brinkwatch.claims.reconcile import reconcile


def _claims(nlp, text, doc_id="t"):
    doc = nlp(text)
    return extract_claims(doc, doc_id, read_quantities(doc, doc_id))


def _groups(nlp, texts):
    claims = []
    for outlet, text in texts.items():
        claims += [(c, outlet) for c in _claims(nlp, text, outlet)]
    return reconcile(claims)


def test_rounding_unit_and_qualifier_intervals():
    assert rounding_unit(4500) == 100 and rounding_unit(1_700_000) == 100_000 and rounding_unit(37) == 1
    about_17 = interval_of(1_700_000, None, None, "about")
    nearly_18 = interval_of(1_800_000, None, None, "nearly")
    assert not about_17.overlaps(nearly_18)
    assert interval_of(4500, None, None, "about").overlaps(interval_of(4500, None, None, "more than"))
    assert interval_of(50_000, None, None, "about").overlaps(interval_of(50_000, None, None, None))


def test_nearly_and_about_different_round_figures_are_disputed(nlp):
    groups = _groups(nlp, {
        "Daily A": "Lithuania, a country of nearly 1.8 million people, held elections.",
        "Weekly B": "Lithuania, home to about 1.7 million people, held elections.",
    })  # fmt: skip
    [g] = [g for g in groups if g.property == "population"]
    assert (g.subject, g.status) == ("lithuania", "disputed")
    assert g.reason == "nearly 1.8 million (Daily A) vs about 1.7 million (Weekly B)"


def test_reinforcements_are_an_increase_by_their_sender_not_the_missions_strength(nlp):
    groups = _groups(nlp, {
        "Daily A": "The UN Interim Force in Lebanon (UNIFIL) has about 10,000 peacekeepers. "
                   "Spain will send about 300 more soldiers to Lebanon, the ministry said.",
        "Weekly B": "UNIFIL has around 10,000 troops in the country. "
                    "On Sunday, Spain said about 300 soldiers would reinforce the mission.",
    })  # fmt: skip
    strength = [g for g in groups if g.property == "troop_count"]
    assert [(g.subject, g.status) for g in strength] == [("unifil", "agreed")]
    increase = [g for g in groups if g.property == "troop_increase"]
    assert [(g.subject, g.status) for g in increase] == [("spain troops", "agreed")]
    assert {v.outlet for v in increase[0].values} == {"Daily A", "Weekly B"}


def test_a_national_contingent_and_a_unit_size_are_not_the_missions_strength(nlp):
    claims = _claims(nlp, "The new arrivals will join some 400 Spanish soldiers already in Lebanon. "
                          "A Spanish infantry battalion usually has between 500 and 650 soldiers.")
    subjects = {(c.subject, c.property) for c in claims}
    assert ("spain troops", "troop_count") in subjects
    assert ("spain battalion", "troop_count") in subjects
    assert not any(c.subject == "unifil" for c in claims)


def test_troops_without_an_owner_give_no_claim(nlp):
    assert not [c for c in _claims(nlp, "Seven hundred soldiers will not change the balance, he said.")
                if c.property == "troop_count"]


def test_a_figure_in_the_speakers_own_phrase_has_no_speaker(nlp):
    [c] = [c for c in _claims(nlp, "Lithuania, a country of nearly 1.8 million people, declared independence in 2001.")
           if c.property == "population"]
    assert c.speaker is None
