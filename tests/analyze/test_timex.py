"""The time-expression tagger on sentences written for these tests (anchor: Saturday 2023-09-30)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brinkwatch.analyze.timex import split_sentences, tag_times

ANCHOR = "2023-09-30"  # a Saturday, ISO week 39


def one(text: str, anchor: str | None = ANCHOR):
    """The single expression found in ``text``."""
    found = tag_times(text, anchor, doc_id="d1")
    assert len(found) == 1, [(t.span.text, t.value) for t in found]
    return found[0]


def values(text: str, anchor: str | None = ANCHOR) -> list[tuple[str, str]]:
    return [(t.span.text, t.value) for t in tag_times(text, anchor)]


def test_past_tense_weekday_is_the_one_before_the_anchor():
    t = one("Police reported clashes on Sunday near the northern crossing.")
    assert (t.span.text, t.type, t.value, t.date) == ("Sunday", "DATE", "2023-09-24", "2023-09-24")


def test_weekday_the_day_before_the_anchor():
    t = one("On Friday, the ministry said it had closed two roads.")
    assert t.value == "2023-09-29"
    assert t.span.start == 3 and t.span.text == "Friday"


def test_future_tense_weekday_is_the_next_one():
    assert one("The two delegations will meet on Monday in the capital.").value == "2023-10-02"


def test_next_weekday():
    assert one("A second round of talks is planned for next Monday.").value == "2023-10-02"


def test_month_day_without_year_takes_the_nearest_year():
    t = one("The convoy was stopped on Sept. 24, a spokesman said.")
    assert (t.span.text, t.value, t.date) == ("Sept. 24", "2023-09-24", "2023-09-24")


def test_year_extent_leaves_out_the_preposition():
    t = one("The plant was built in 2008 by a state firm.")
    assert (t.span.text, t.value, t.date) == ("2008", "2008", None)


def test_year_range_is_two_dates():
    assert values("Exports doubled in 1998-1999.") == [("1998", "1998"), ("1999", "1999")]


def test_last_week_is_the_iso_week_before():
    assert one("Negotiators walked out last week.").value == "2023-W38"


def test_earlier_this_week_is_the_anchor_week():
    assert one("The border was reopened earlier this week.").value == "2023-W39"


def test_recent_months_is_a_vague_duration():
    t = one("Tension has grown in recent months along the line.")
    assert (t.span.text, t.type, t.value) == ("recent months", "DURATION", "PXM")


def test_durations():
    assert one("The truce lasted three years.").value == "P3Y"
    assert one("Talks went on for the past 24 hours.").value == "PT24H"
    assert one("The siege lasted 12 days.").type == "DURATION"


def test_hour_long_is_a_duration_not_a_date():
    t = one("After an hour-long meeting the envoys left.")
    assert (t.span.text, t.type, t.value) == ("hour-long", "DURATION", "PT1H")


def test_relative_days():
    assert one("The mayor resigned yesterday.").value == "2023-09-29"
    assert one("The vote is due tomorrow.").value == "2023-10-01"
    assert one("The shelling started two days ago.").value == "2023-09-28"


def test_vague_references():
    assert one("Roads are now closed.").value == "PRESENT_REF"
    assert one("The mine was recently sold.").value == "PAST_REF"


def test_quarter_decade_season_fiscal_year():
    assert one("Exports fell in the third quarter.").value == "2023-Q3"
    assert one("The region was at war in the 1990s.").value == "199X"
    assert one("Fighting flared last summer.").value == "2023-SU"
    assert one("The budget for fiscal 2022 was cut.").value == "2022"


def test_date_with_clock_time():
    t = one("Updated: September 30, 2023, 4:16 AM")
    assert (t.type, t.value, t.date) == ("TIME", "2023-09-30T04:16", "2023-09-30")


def test_set_expressions():
    assert one("Patrols cross the bridge daily.").type == "SET"


def test_modal_may_is_not_a_month():
    assert tag_times("Officials may travel to the north.", ANCHOR) == []


def test_without_anchor_relative_values_keep_unknown_parts():
    t = one("The convoy was stopped on Sept. 24.", anchor=None)
    assert (t.value, t.date, t.anchor) == ("XXXX-09-24", None, None)
    assert one("On Friday the ministry spoke.", anchor=None).value == "XXXX-WXX-5"
    assert one("The plant was built in 2008.", anchor=None).value == "2008"


def test_bad_anchor_is_treated_as_unknown():
    assert one("The mayor resigned yesterday.", anchor="not a date").value == "XXXX-XX-XX"


def test_span_provenance_and_sentence_index():
    text = "Troops arrived on Friday. They left on Sunday."
    sents = [(0, 25), (26, len(text))]
    found = tag_times(text, ANCHOR, doc_id="doc-7", sentences=sents)
    assert [(t.span.doc_id, t.sentence, text[t.span.start : t.span.end]) for t in found] == [
        ("doc-7", 0, "Friday"),
        ("doc-7", 1, "Sunday"),
    ]
    assert all(t.anchor == ANCHOR for t in found)


def test_sentence_splitter_keeps_month_abbreviations_together():
    text = "It began on Sept. 24 at dawn. Then it stopped."
    assert len(split_sentences(text)) == 2


ODD = ["", " ", "\x00", "1/1/1", "Sept. 99", "the 0th century", "9999-99-99", "-" * 500, "İ Friday"]


@pytest.mark.parametrize("text", ODD)
def test_odd_inputs_do_not_raise(text):
    assert isinstance(tag_times(text, ANCHOR), list)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=12)))
def test_never_raises_and_spans_are_exact(text, anchor):
    for t in tag_times(text, anchor):
        assert text[t.span.start : t.span.end] == t.span.text


def test_a_plan_in_the_past_tense_points_forward():
    # anchor Saturday 2023-09-30: the planned Tuesday is the coming one
    assert one("Protesters planned a march in the capital on Tuesday.").value == "2023-10-03"


def test_past_perfect_plan_points_back():
    assert one("The offer had been scheduled to expire on Tuesday.").value == "2023-09-26"


def test_until_a_weekday_points_forward():
    assert one("Officials postponed the vote until Tuesday morning.").value.startswith("2023-10-03")


def test_next_to_is_not_a_future_cue():
    t = one("Two people were hurt in a blast next to the embassy on Friday.")
    assert t.value == "2023-09-29"


def test_ages_and_rates_are_not_time_expressions():
    assert values("The 52 years old envoy sold 700 seats a week and paid $2 million a year.") == []


def test_decimal_numbers_are_not_years():
    assert values("The index closed at 2082.1 points.") == []


def test_the_full_year_is_the_anchor_year():
    assert one("Sales for the full year rose 13%.").value == "2023"
