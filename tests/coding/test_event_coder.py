"""The CAMEO coder on sentences written for these tests."""

from __future__ import annotations

from brinkwatch.coding import code_doc


def _events(nlp, text):
    return code_doc(nlp(text), "t")


def _codes(events):
    return [(e.cameo, e.source and e.source.code, e.target and e.target.code) for e in events]


def test_passive_agent_is_the_source(nlp):
    events = _events(nlp, "A Kosovo police officer was killed by Serb gunmen near the border.")
    assert ("190", "SRBUAF", "XKXPOL") in _codes(events)


def test_denial_is_coded_and_what_is_denied_is_not(nlp):
    events = _events(nlp, "Serbia denied arming the gunmen.")
    assert [e.cameo for e in events] == ["016"]
    assert events[0].source.code == "SRB"


def test_negated_attack_is_flagged_not_asserted(nlp):
    events = _events(nlp, "Serbia did not attack Kosovo.")
    assert all(e.negated for e in events if e.root in ("18", "19"))


def test_threat_to_sanction_is_1312_with_threat_modality(nlp):
    events = _events(nlp, "The Kremlin threatened to impose sanctions on Kosovo.")
    assert _codes(events) == [("1312", "RUSGOV", "XKX")]
    assert events[0].modality == "threat"
    assert events[0].quad_class == 3


def test_reported_speech_gives_statement_and_reported_act(nlp):
    events = _events(nlp, "The White House said Serbia had deployed troops along the border.")
    by_code = {e.cameo: e for e in events}
    assert by_code["010"].source.code == "USAGOV"
    deploy = by_code["154"]
    assert deploy.source.code == "SRB"
    assert deploy.speaker is not None and deploy.speaker.code == "USAGOV"
    assert deploy.modality == "reported"


def test_coordinated_subjects_give_one_event_each(nlp):
    events = _events(nlp, "Serbia and Russia condemned the raid on the monastery.")
    assert sorted(e.source.code for e in events if e.cameo == "111") == ["RUS", "SRB"]


def test_metonymy_capitals_code_governments(nlp):
    events = _events(nlp, "Belgrade accused Pristina of provoking violence.")
    assert _codes(events) == [("1123", "SRBGOV", "XKXGOV")]


def test_appeal_with_complement_codes_the_requested_act(nlp):
    events = _events(nlp, "The European Union urged Serbia to release the detained officers.")
    assert ("0253", "IGOEUREEC", "SRB") in _codes(events)


def test_reciprocal_agreement_codes_both_directions(nlp):
    events = _events(nlp, "Serbia and Kosovo agreed to resume talks.")
    pairs = {(e.source.code, e.target.code) for e in events if e.cameo == "036"}
    assert pairs == {("SRB", "XKX"), ("XKX", "SRB")}


def test_fatalities_are_summed_over_coordinated_victims(nlp):
    events = _events(nlp, "One police officer and three gunmen were killed in the shootout.")
    assert sum(e.fatalities or 0 for e in events) == 4


def test_vague_fatality_counts_are_conservative(nlp):
    events = _events(nlp, "Dozens of people were killed when troops attacked the village.")
    assert sum(e.fatalities or 0 for e in events) == 12


def test_arrests_go_on_the_arrest_event(nlp):
    events = _events(nlp, "Kosovo police arrested six Serbs at the crossing.")
    arrest = next(e for e in events if e.cameo == "173")
    assert arrest.arrests == 6 and arrest.source.code == "XKXPOL"


def test_spans_are_character_offsets_into_the_document(nlp):
    text = "Troops arrived. Serb gunmen attacked a police patrol in the village."
    doc = nlp(text)
    events = code_doc(doc, "d1")
    attack = next(e for e in events if e.root == "19")
    assert text[attack.trigger.start:attack.trigger.end] == "attacked"
    assert text[attack.sentence.start:attack.sentence.end].startswith("Serb gunmen")
    assert attack.trigger.doc_id == "d1"
    assert attack.goldstein == -10.0


def test_future_cooperation_is_an_intent(nlp):
    events = _events(nlp, "Germany will provide humanitarian aid to Kosovo.")
    assert ("0333", "DEU", "XKX") in _codes(events)


def test_incident_noun_is_a_background_event_with_the_toll(nlp):
    events = _events(nlp, "Tensions rose after a violent episode in a mountain village, where an officer and two gunmen lost their lives.")
    incident = [e for e in events if e.root in ("18", "19", "20")]
    assert incident and incident[0].salience == "background"
    assert incident[0].fatalities == 3


def test_split_coordination_of_victims_is_counted_whole(nlp):
    events = _events(nlp, "The raid, which resulted in one soldier and two rebels being killed, shocked the town.")
    assert max(e.fatalities or 0 for e in events) == 3


def test_prevented_attacks_are_not_incidents(nlp):
    events = _events(nlp, "The new checkpoints aim to prevent attacks on the convoy.")
    assert not [e for e in events if e.salience == "background"]


def test_event_time_comes_from_its_own_clause(nlp):
    events = _events(nlp, "Gunfire erupted between rebels and soldiers on Sept. 12, the worst since the war ended in 2001.")
    gunfire = [e for e in events if e.trigger.text == "Gunfire"]
    assert gunfire and [s.text for s in gunfire[0].time_spans] == ["Sept. 12"]


def test_habitual_clash_is_flagged(nlp):
    events = _events(nlp, "Protesters have often clashed with the police.")
    assert any(e.modality == "habitual" for e in events if e.root == "19")


def test_older_igo_names_are_igos_not_their_neighbours(nlp):
    events = _events(nlp, "The European Community gave Bolivia ten million dollars of aid.")
    assert ("071", "IGOEUREEC", "BOL") in _codes(events)
    events = _events(nlp, "The International Labour Organization urged Chile to protect miners.")
    assert any(e.source is not None and e.source.code == "IGOUNOILO" for e in events)
