"""Light verbs, frame nouns and sub-code choice, on sentences written for these tests."""

from __future__ import annotations

import pytest

from brinkwatch.eval.events import predict_text


def _coded(nlp, text):
    return [(e["cameo"], e["source"], e["target"]) for e in predict_text(text, nlp)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hold/have + talks/conversation/call with X is a consultation
        ("The German chancellor held a telephone conversation with the Polish president on Monday.",
         ("041", "DEUGOV", "POLGOV")),
        ("Greece held a meeting with Turkey in Athens.", ("040", "GRC", "TUR")),
        # make/issue + appeal/demand/warning: the noun's complement decides the code
        ("Norway issued an appeal for a ceasefire.", ("0256", "NOR", None)),
        ("Chile made a demand that Peru withdraw its troops.", ("1056", "CHL", "PER")),
        ("Egypt issued a warning to Sudan.", ("130", "EGY", "SDN")),
        # agreement nouns with a to-infinitive are intents, sub-coded by what is agreed
        ("Japan and Vietnam reached a consensus to share intelligence.", ("0314", "JPN", "VNM")),
        # a reduction noun is sub-coded by what it reduces
        ("Portugal announced a suspension of diplomatic ties with Angola.", ("161", "PRT", "AGO")),
        # mediation between two parties targets both
        ("Norway launched a mediation effort between Colombia and Venezuela.", ("045", "NOR", "COL")),
        # a saying verb reporting what another must/should do is a demand/appeal
        ("Canada declared that Iran must release the detained sailors.", ("1053", "CAN", "IRN")),
        # yielding to demands, sub-coded by what was demanded
        ("The Nepali government accepted demands that it hold political reforms.", ("083", "NPLGOV", None)),
        ("Teachers in Kenya called off their strike.", ("082", "KENLAB", None)),
        # a rejected request is coded by what was requested
        ("Mali rejected a French proposal for a ceasefire.", ("1246", "MLI", "FRA")),
        # aircraft as the means of an attack
        ("Ethiopian aircraft bombed a market in Tigray.", ("195", "ETHMIL", None)),
        ("Algeria expelled two Moroccan diplomats.", ("161", "DZA", "MARGOV")),
    ],
)
def test_nominal_and_sub_code_frames(nlp, text, expected):
    coded = _coded(nlp, text)
    assert any(c[0] == expected[0] and (expected[1] is None or (c[1] or "")[:3] == expected[1][:3])
               and (expected[2] is None or (c[2] or "")[:3] == expected[2][:3]) for c in coded), coded


def test_postponing_a_protest_is_not_a_threat(nlp):
    coded = _coded(nlp, "The opposition agreed to postpone the demonstration in Dhaka.")
    assert [c[0] for c in coded] == ["0352"]


def test_question_without_object_is_not_disapproval(nlp):
    coded = _coded(nlp, "A judge ordered the former minister to appear for questioning.")
    assert all(c[0][:2] != "11" for c in coded)
    assert any(c[0][:2] == "10" for c in coded)
