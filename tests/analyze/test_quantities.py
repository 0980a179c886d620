"""Quantities: values, qualifier intervals, counted nouns, and what is not a count."""

from __future__ import annotations

import pytest

from brinkwatch.analyze.quantities import parse_number, read_quantities


def _read(nlp, text):
    doc = nlp(text)
    return doc, read_quantities(doc, "t")


def _by_text(quantities):
    return {q.span.text: q for q in quantities}


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("4,500", 4500),
        ("1.7 million", 1_700_000),
        ("50 thousand", 50_000),
        ("three", 3),
        ("a dozen", 12),
        ("two hundred and fifty", 250),
        ("twenty-five", 25),
        ("a million", 1_000_000),
        ("dozens", 24),
        ("several dozen", 36),
        ("hundreds", 200),
        ("a few", 2),
        ("500-650", 500),
        ("no number here", None),
    ],
)
def test_parse_number_reads_digits_words_and_vague_amounts(phrase, value):
    assert parse_number(phrase) == value


def test_qualifiers_become_intervals(nlp):
    text = (
        "Roughly 4,500 soldiers, nearly two hundred vehicles, at least a dozen tanks, up to 20 "
        "drones, fewer than 50 police officers and dozens of civilians were counted. "
        "More than 4,500 sailors waited."
    )
    q = _by_text(_read(nlp, text)[1])
    assert (q["Roughly 4,500"].low, q["Roughly 4,500"].high, q["Roughly 4,500"].qualifier) == (4275, 4725, "about")
    assert q["Roughly 4,500"].unit == "soldier"
    assert (q["nearly two hundred"].value, q["nearly two hundred"].high) == (200, 199)
    assert q["nearly two hundred"].unit == "vehicle"
    assert (q["at least a dozen"].low, q["at least a dozen"].high) == (12, None)
    assert (q["up to 20"].low, q["up to 20"].high, q["up to 20"].unit) == (None, 20, "drone")
    assert (q["fewer than 50"].high, q["fewer than 50"].unit) == (49, "police officer")
    assert (q["dozens"].value, q["dozens"].low, q["dozens"].high, q["dozens"].unit) == (24, 24, 99, "civilian")
    assert (q["More than 4,500"].low, q["More than 4,500"].high) == (4501, None)


def test_ranges_and_percentages(nlp):
    text = "Between 500 and 650 troops left, a unit (300-400 troops) stayed, and about 12% of voters abstained."
    q = _by_text(_read(nlp, text)[1])
    assert (q["Between 500 and 650"].low, q["Between 500 and 650"].high) == (500, 650)
    assert q["Between 500 and 650"].qualifier == "between"
    assert (q["300-400"].low, q["300-400"].high, q["300-400"].unit) == (300, 400, "troop")
    assert (q["about 12%"].value, q["about 12%"].unit) == (12, "%")


def test_number_words_with_scale(nlp):
    q = _by_text(_read(nlp, "About 50 thousand ethnic Hungarians and 1.2 million people live there.")[1])
    assert q["About 50 thousand"].value == 50_000
    assert q["1.2 million"].value == 1_200_000 and q["1.2 million"].unit == "people"


def test_dates_years_times_ordinals_durations_and_phones_are_not_quantities(nlp):
    text = (
        "In 2019 the town held elections on March 3, and the 2nd Brigade worked 12-hour shifts "
        "for three months. Call 555-123-4567 at 4:30 pm. It was one of the worst days."
    )
    assert _read(nlp, text)[1] == []


def test_spans_are_exact_character_offsets(nlp):
    text = "Officials said that around 4,500 NATO-led troops (KFOR) and a battalion (500-650 troops) — and some 1.7 million people — were counted."
    doc, qs = _read(nlp, text)
    assert qs
    for q in qs:
        assert doc.text[q.span.start : q.span.end] == q.span.text
        if q.unit_span is not None:
            assert doc.text[q.unit_span.start : q.unit_span.end] == q.unit_span.text


def test_number_words_after_tens_join_one_number(nlp):
    # "twenty five" reached the tens-then-units branch, which once raised TypeError.
    doc = nlp("Officials said twenty five protesters and forty-two police officers were hurt.")
    values = sorted(q.value for q in read_quantities(doc, "d1"))
    assert values == [25, 42]
