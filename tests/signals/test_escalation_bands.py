"""Index, baselines, bands and monthly trends on hand-made weekly series."""

from __future__ import annotations

from types import SimpleNamespace

from brinkwatch.signals._periods import iso_week, period_range
from brinkwatch.signals.escalation import BandSettings, escalation_rows, escalation_series, index_of
from brinkwatch.signals.series import SeriesCell
from brinkwatch.signals.trends import trend_word, trends_of


def cell(period: str, q1=0, q2=0, q3=0, q4=0, dyad=("SRB", "XKX")) -> SeriesCell:
    n = q1 + q2 + q3 + q4
    return SeriesCell(dyad[0], dyad[1], period, n, q1, q2, q3, q4, -1.0 * n, 0, n, ("test",))


def test_index_weighs_material_conflict_double_and_cooperation_half():
    assert index_of(2, 0, 1, 1) == 1 + 2 - 1.0
    assert index_of(0, 0, 0, 0, BandSettings(material_weight=3.0)) == 0


def test_first_week_is_new_then_surge_when_conflict_doubles_the_four_week_mean():
    rows = list(escalation_rows([cell("2023-W36", q3=1), cell("2023-W37", q3=1), cell("2023-W38", q4=2)]))
    assert [r.band for r in rows] == ["new", "stable", "surge"]
    assert rows[2].conflict == 4 and rows[2].baseline_4 == 1.0


def test_surge_needs_a_minimum_amount_of_conflict():
    rows = list(escalation_rows([cell("2023-W36", q3=1), cell("2023-W37", q3=2)]))
    assert rows[1].band == "increase"  # doubled, but 2 < surge_min 3
    rows = list(escalation_rows([cell("2023-W36", q3=1), cell("2023-W37", q3=2)], BandSettings(surge_min=2)))
    assert rows[1].band == "surge"


def test_empty_weeks_count_as_zero_in_the_baseline():
    # W36: 4, W37-W39: nothing, W40: 2 -> 4-week mean (4+0+0+0)/4 = 1 -> 2 is an increase, not a decrease.
    rows = list(escalation_rows([cell("2023-W36", q3=4), cell("2023-W40", q3=2)]))
    assert [r.period for r in rows] == ["2023-W36", "2023-W40"]
    assert rows[1].baseline_4 == 1.0 and rows[1].band == "increase"


def test_dense_rows_show_the_fall_to_zero_after_a_surge():
    rows = list(escalation_rows([cell("2023-W36", q3=1), cell("2023-W37", q4=3)], dense=True, through="2023-W40"))
    assert [r.period for r in rows] == ["2023-W36", "2023-W37", "2023-W38", "2023-W39", "2023-W40"]
    assert [r.band for r in rows] == ["new", "surge", "decrease", "decrease", "decrease"]


def test_long_baseline_band_is_measured_against_52_weeks():
    cells = [cell(p, q3=4) for p in period_range("week", "2022-W40", "2023-W35")] + [cell("2023-W36", q3=1),
                                                                                      cell("2023-W37", q3=1),
                                                                                      cell("2023-W38", q3=1),
                                                                                      cell("2023-W39", q3=1),
                                                                                      cell("2023-W40", q3=1)]
    last = list(escalation_rows(cells))[-1]
    assert last.band == "stable" and last.band_52 == "decrease"


def test_week_numbers_follow_iso_years():
    assert iso_week("2023-01-01") == "2022-W52" and iso_week("2023-09-24") == "2023-W38"
    assert period_range("week", "2020-W52", "2021-W02") == ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]


def test_in_memory_series_of_events_groups_unordered_country_pairs():
    def ev(date, a, b, quad, gold, docs):
        return SimpleNamespace(date=date, quad_class=quad, goldstein=gold, fatalities=None, documents=docs,
                               source=SimpleNamespace(country=a), target=SimpleNamespace(country=b))

    rows = escalation_series([ev("2023-09-24", "SRB", "XKX", 4, -10.0, ["d1", "d2"]),
                              ev("2023-09-24", "XKX", "SRB", 3, -2.0, ["d1"]),
                              ev("2023-09-24", "SRB", "SRB", 4, -10.0, ["d1"]),
                              ev("2023", "SRB", "XKX", 4, -10.0, ["d1"])])
    assert len(rows) == 1
    r = rows[0]
    assert (r.dyad, r.period, r.events, r.goldstein_sum, r.sources) == (("SRB", "XKX"), "2023-W38", 2, -12.0, 3)
    assert r.quad_counts == {"1": 0, "2": 0, "3": 1, "4": 1}


def test_monthly_trend_words():
    assert trend_word(5, 1) == "deteriorated" and trend_word(-3, 1) == "improved" and trend_word(1.5, 1) == "unchanged"
    months = list(trends_of([cell("2023-08", q1=2), cell("2023-09", q4=3), cell("2023-11", q4=3)]))
    assert [(t.month, t.trend) for t in months] == [
        ("2023-08", "unchanged"), ("2023-09", "deteriorated"), ("2023-10", "improved"), ("2023-11", "deteriorated")]
