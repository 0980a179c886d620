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


# ---- the seed requirement, on the seed article itself (read from ../shared, never copied) ----


@pytest.mark.shared
def test_seed_article_weekdays_are_anchored_on_its_update_date():
    from conftest import shared_path

    from brinkwatch.ingest.dates import find_date_cue

    seeds = shared_path("seeds")
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    found = []
    for text in texts:
        cue = find_date_cue(text)
        if cue is None or cue[0].isoformat() != ANCHOR:
            continue
        found.extend(tag_times(text, cue[0].isoformat()))
    by_text = {(t.span.text, t.value) for t in found}
    assert ("Sunday", "2023-09-24") in by_text  # "clashes on Sunday"
    assert ("Friday", "2023-09-29") in by_text  # "On Friday, Britain's Ministry of Defence said"


# ---- tense and prepositions that point a bare day or month -------------------------------


def test_since_a_month_looks_back_whatever_the_tense():
    # anchor September: "since November" in a sentence with a future cue is still last November
    assert one("The road has been closed since November and will reopen soon.").value == "2022-11"


def test_until_with_a_past_perfect_looks_back():
    assert one("Until Thursday, the police had not named a suspect.").value == "2023-09-28"


def test_by_a_weekday_looks_forward():
    assert one("The mission must report by Wednesday.").value == "2023-10-04"


def test_a_past_progressive_plan_points_forward():
    assert one("Veterans were planning to march in the capital on Tuesday.").value == "2023-10-03"


def test_capitalised_words_ending_in_ed_are_not_past_tense():
    # "United" is a name, not a verb: the modal "would" decides
    assert one("The envoy would be flying to the United States Tuesday.").value == "2023-10-03"


def test_a_past_tense_sentence_places_a_far_month_behind():
    # anchor September 2023: in a past-tense sentence, March is March 2023, not March 2024
    assert one("The chief executive stepped down in March for health reasons.").value == "2023-03"


# ---- extents and shapes -----------------------------------------------------------------------


def test_last_with_an_abbreviated_month_and_day_keeps_the_day():
    t = one("He was shot last Oct. 23 at his home.", anchor="2024-04-19")
    assert (t.span.text, t.value) == ("Oct. 23", "2023-10-23")


def test_the_week_of_a_date_is_that_iso_week():
    t = one("A hearing is set for the week of Oct. 9.")
    assert (t.span.text, t.value) == ("the week of Oct. 9", "2023-W41")


def test_two_days_of_one_month_are_two_dates():
    assert values("The summit will be held on Oct. 24 and 25.") == [
        ("Oct. 24", "2023-10-24"),
        ("25", "2023-10-25"),
    ]


def test_an_edge_modifier_makes_march_a_month():
    assert one("The accession is planned for early March.").value == "2024-03"
    assert one("They will make the late-November trip.").value == "2023-11"
    # a past verb of the event itself in September points to the November before
    # (was "2023-11" until round 3, when event verbs began to lean back firmly)
    assert one("They made the late-November trip.").value == "2022-11"


def test_clock_time_dated_by_a_weekday_after_a_parenthesis():
    t = tag_times("The blast came at 10:35 a.m. (0735 GMT) Friday, officials said.", ANCHOR)
    assert [(x.span.text, x.value) for x in t] == [
        ("10:35 a.m.", "2023-09-29T10:35"),
        ("Friday", "2023-09-29"),
    ]


# ---- earnings prose: accounting periods --------------------------------------------------------


def test_the_year_ended_a_day_is_a_twelve_month_duration():
    t = tag_times("Revenue was $76 million for the year ended March 31.", ANCHOR)[0]
    assert (t.span.text, t.type, t.value) == ("the year", "DURATION", "P1Y")


def test_the_quarter_ended_a_day_is_the_quarter_that_day_closes():
    found = values("Sales rose 4% in the quarter ended July 31.", anchor="2023-10-30")
    assert found[0] == ("the quarter", "2023-Q2")
    assert values("Net fell in the quarter ended Sept. 30.", anchor="2023-10-30")[0] == ("the quarter", "2023-Q3")


def test_a_named_fiscal_quarter_keeps_its_number_when_its_end_is_given():
    found = values("Profit rose in the fiscal first quarter. Sales in the quarter ended Sept. 30 rose 3%.", anchor="2023-10-30")
    assert found[0][1] == "2023-Q1" and found[1] == ("the quarter", "2023-Q1")


def test_the_near_term_is_the_future():
    assert one("Prices will stay high in the near term.").value == "FUTURE_REF"


def test_fractions_and_quoted_titles_are_not_durations():
    assert values("Funds hold more than a quarter of the market.") == []
    assert values('He told CBS\'s "60 Minutes" that he would stay.') == []


# ---- round 2: anaphora, accounting periods, durations, filters ---------------------------------


def test_that_day_and_that_year_point_back_to_the_last_named_date():
    text = "The depot was shelled on March 3, 2019. Earlier that day, crews left. Talks resumed later that year."
    assert values(text) == [
        ("March 3, 2019", "2019-03-03"),
        ("Earlier that day", "2019-03-03"),
        ("later that year", "2019"),
    ]


def test_the_following_month_and_the_next_morning_count_from_the_reference():
    found = values("The accord was signed in May 2020. The following month, troops withdrew.")
    assert found[-1] == ("The following month", "2020-06")
    t = tag_times("The envoy arrived on Aug. 4, 2021, and left the next morning.", ANCHOR)[-1]
    assert (t.span.text, t.type, t.value) == ("the next morning", "TIME", "2021-08-05TMO")


def test_the_previous_weekday_is_before_the_reference_day():
    found = values("Shares fell on Friday, Oct. 20, 2023, down 4% from the previous Friday.")
    assert found[-1] == ("the previous Friday", "2023-10-13")


def test_a_complementiser_that_is_not_an_anaphoric_day():
    assert values("He said that day laborers were turned away at the gate.") == []


def test_the_quarter_a_year_ago_and_last_years_period_are_that_quarter_a_year_before():
    text = (
        "Profit rose in the third quarter. It compared with a loss in the quarter a year ago "
        "and with sales in the corresponding period last year."
    )
    found = values(text, anchor="2023-10-25")
    assert found == [
        ("the third quarter", "2023-Q3"),
        ("the quarter a year ago", "2022-Q3"),
        ("the corresponding period last year", "2022-Q3"),
    ]


def test_a_forecast_quarter_is_not_the_period_reported_on():
    text = (
        "Net income fell in the third quarter. The company expects to see weakness in the "
        "fourth quarter and through the first two quarters of 2024. In the year-ago period it earned $5 million."
    )
    found = dict(values(text, anchor="2023-10-25"))
    assert found["the first two quarters of 2024"] == "2024-H1"
    assert found["the year-ago period"] == "2022-Q3"


def test_the_year_earlier_nine_months_is_a_duration():
    t = one("Net for the year-earlier nine months included a gain.", anchor="2023-10-25")
    assert (t.span.text, t.type, t.value) == ("the year-earlier nine months", "DURATION", "P9M")


def test_durations_of_weeks_trading_days_and_several_years():
    assert one("He was killed within a week of his capture.").value == "P1W"
    assert one("Eight trading days after the crash, prices recovered.").value == "P8D"
    assert one("She followed a several-year tenure as editor.").value == "PXY"


def test_one_day_after_a_modal_is_the_future():
    t = one("The republic will one day join the union.")
    assert (t.span.text, t.value) == ("one day", "FUTURE_REF")


def test_year_end_is_the_year_whose_end_is_meant():
    assert one("The deal should close by year-end.").value == "2023"
    assert one("The index has gained 12% since year-end.").value == "2022"


def test_a_newspaper_an_idiom_and_a_generic_today_are_not_times():
    assert values("The party daily Borba printed the letter.") == []
    assert values('The poster showed a scene from "High Noon" in the square.') == []
    assert values("The case matters for today's youth.") == []
    assert values("Students held ``Summer of Peace'' rallies.") == []


def test_a_bare_month_in_a_past_tense_sentence_is_behind_the_anchor():
    assert one("In January, a bomb exploded near the court.", anchor="2023-10-25").value == "2023-01"


def test_since_shortly_after_a_day_looks_back():
    t = one("Police have searched for him since shortly after the Oct. 23 attack.", anchor="2024-05-06")
    assert t.value == "2023-10-23"


def test_a_month_before_a_noun_after_the_is_a_date():
    assert one("The March accession will let the three states vote.", anchor="2024-02-10").value == "2024-03"
    assert values("He led the March on the capital.", anchor="2024-02-10") == []


# ---- round 3: tense classes, compositions, sets, non-times ---------------------------------


def test_an_event_verb_in_the_past_points_to_the_month_before():
    # "changed" is the event itself: last December, though the coming one is nearer
    assert one("The operator changed its reporting calendar in December.").value == "2022-12"
    assert values("The store's season ended Jan. 31.", anchor="2023-10-31") == [("Jan. 31", "2023-01-31")]


def test_a_present_tense_near_a_month_keeps_it_ahead():
    text = "The guardian still had not signed the deal when the case is heard in November."
    assert one(text).value == "2023-11"


def test_a_passive_participle_is_not_a_past_tense():
    t = one("She will be named commander of the mission in December.", anchor="2023-03-04")
    assert t.value == "2023-12"


def test_a_perfect_in_an_earlier_clause_does_not_turn_by_back():
    text = "The sale, which had been expected, is part of a plan to repay the loan by February."
    assert one(text).value == "2024-02"
    # the perfect of the main clause still does
    assert one("Until Thursday, the police had not named a suspect.").value == "2023-09-28"


def test_by_the_weekday_deadline_follows_the_tense():
    text = "The company completed its offer, with holders tendering shares by the Tuesday deadline."
    assert one(text).value == "2023-09-26"


def test_a_schedule_verb_in_the_present_points_forward():
    assert one("The two envoys meet separately Monday with the mediator.").value == "2023-10-02"


def test_a_quotation_keeps_its_own_tense():
    text = "``The delegation will leave at dawn (4 a.m. Thursday),'' the minister said."
    assert values(text) == [("4 a.m. Thursday", "2023-10-05T04:00")]


def test_the_day_before_a_date_is_one_expression():
    t = one("The day before last Tuesday's hearing, the mayor met them.")
    assert (t.span.text, t.value) == ("The day before last Tuesday", "2023-09-25")
    assert one("He left the day after Sept. 12.").value == "2023-09-13"


def test_annually_is_a_set_unless_a_rate():
    t = one("The festival is held here annually.")
    assert (t.type, t.value) == ("SET", "P1Y")
    assert values("Sales should rise 8% annually.") == []
    assert values("The plant would make 10,000 units annually.") == []


def test_spelled_thousands_count_years():
    t = one("The guild kept its secrets for two thousand years.")
    assert (t.span.text, t.type, t.value) == ("two thousand years", "DURATION", "P2000Y")
    assert values("They sent two thousand troops.") == []
    assert one("By the year two thousand, it will be done.").value == "2000"


def test_programme_titles_are_not_times():
    assert values('Baker, speaking on ABC News\' "This Week," said the request was valid.') == []
    assert values("This is VOA Today.") == []
    assert one("Today, the talks resumed.").value == "2023-09-30"


def test_recurring_parts_of_weekdays_are_sets():
    assert values("Two flights will leave on Monday and Tuesday nights.") == [
        ("Monday", "XXXX-WXX-1TNI"),
        ("Tuesday nights", "XXXX-WXX-2TNI"),
    ]
    t = one("The show airs on Sunday mornings.")
    assert (t.type, t.value) == ("SET", "XXXX-WXX-7TMO")


def test_then_current_is_the_past_reference():
    assert one("Holders may buy shares at half the then-current price.").value == "PAST_REF"


def test_weekday_before_day_month_is_one_date_with_the_year_it_agrees_with():
    t = one("Early on Sunday 24 September an armed group attacked the village.", anchor="2023-05-29")
    assert (t.span.text, t.value) == ("Sunday 24 September", "2023-09-24")
