"""Cue words, who-took-territory features, the hand-written examples and the no-data fallback."""

from __future__ import annotations

from collections import Counter

import pytest

from brinkwatch.coding import event_types
from brinkwatch.coding._event_types_examples import EXAMPLES
from brinkwatch.coding._event_types_features import actor_tokens
from brinkwatch.coding.event_types import _cue_label, cue_tokens


def test_cue_tokens_find_label_cues():
    toks = cue_tokens("A suicide bomber blew himself up at a checkpoint.")
    assert "KW_SUIC_BOMB" in toks


def test_cue_fallback_labels_plain_cases():
    assert _cue_label("A magnitude 6 earthquake struck the region overnight.") == "NATURAL_DISASTER"
    assert _cue_label("Police arrested and detained four suspects.") == "ARREST"
    assert _cue_label("Nothing here at all.") == "OTHER"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The army recaptured the hill town from the insurgents on Sunday.", "CAPBY_GOV"),
        ("Government troops retook control of the airport.", "CAPBY_GOV"),
        ("Rebel fighters seized the district centre after a long siege.", "CAPBY_NS"),
        ("The market town fell to the militants overnight.", "CAPBY_NS"),
        ("The barracks were captured by separatists at dawn.", "CAPBY_NS"),
    ],
)
def test_actor_tokens_say_who_took_territory(text, expected):
    toks = actor_tokens(text)
    assert expected in toks
    other = "CAPBY_NS" if expected == "CAPBY_GOV" else "CAPBY_GOV"
    assert other not in toks


def test_actor_tokens_name_actors_without_a_capture():
    assert actor_tokens("Soldiers patrolled the road.") == ["ACT_GOV"]
    assert actor_tokens("A storm hit the coast.") == []


def test_examples_cover_every_label_several_times():
    counts = Counter(label for label, _ in EXAMPLES)
    assert set(counts) == set(event_types._cues())  # the 30 CASE 2021 labels
    assert min(counts.values()) >= 5
    texts = [t for _, t in EXAMPLES]
    assert len(set(texts)) == len(texts)


@pytest.mark.slow
def test_without_training_data_the_examples_train_a_model(tmp_path, monkeypatch):
    monkeypatch.setenv("BRINKWATCH_EVENT_TYPES_TRAIN", str(tmp_path / "missing.jsonl"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    event_types._default_model.cache_clear()
    try:
        assert event_types.classify_snippet(
            "A strong earthquake shook the coastal province, flattening dozens of houses."
        ) == "NATURAL_DISASTER"
        assert event_types.classify_snippet(
            "Officers detained six men suspected of planning the bombing."
        ) == "ARREST"
        assert event_types.classify_snippet(
            "A suicide bomber detonated his vest at the entrance of the police academy."
        ) == "SUIC_BOMB"
        assert list((tmp_path / "cache" / "brinkwatch").glob("event_types-*.pkl"))  # cached
    finally:
        event_types._default_model.cache_clear()
