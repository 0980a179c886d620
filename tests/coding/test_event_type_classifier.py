"""Cue words for ACLED-style event types (the trained model is measured in tests/eval)."""

from __future__ import annotations

from brinkwatch.coding.event_types import _cue_label, cue_tokens


def test_cue_tokens_find_label_cues():
    toks = cue_tokens("A suicide bomber blew himself up at a checkpoint.")
    assert "KW_SUIC_BOMB" in toks


def test_cue_fallback_labels_plain_cases():
    assert _cue_label("A magnitude 6 earthquake struck the region overnight.") == "NATURAL_DISASTER"
    assert _cue_label("Police arrested and detained four suspects.") == "ARREST"
    assert _cue_label("Nothing here at all.") == "OTHER"
