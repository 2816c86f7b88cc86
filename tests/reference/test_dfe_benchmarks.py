"""DfE benchmarks: the compact table, the year rule, the neighbours' mean, the rate basis.

Every expected figure below was read by hand from the raw CSV rows in data/dfe/ (the line is
quoted) and worked out by hand; none is pasted from the code's output.
"""

from __future__ import annotations

import pandas as pd
import pytest

from scorecard.errors import ParamsInvalid
from scorecard.params import Params
from scorecard.reference.dfe import (
    attach_benchmarks,
    benchmark_sources,
    dfe_year,
    load_benchmarks,
    lookup,
    year_label,
)
from scorecard.reference.sources import BENCHMARKED, SOURCES

EAST_MIDLANDS = "E12000004"
LEICESTERSHIRE = "E10000018"
# d5 2025 (CP10, plans open 2 years or more at 31 March): CPP_At31 and 2_years_or_more
DARLINGTON = "E06000005"  # line 15: 92 plans, 6 for 2+ years
MIDDLESBROUGH = "E06000002"  # line 18: 353 plans, 14 for 2+ years
NORTH_TYNESIDE = "E08000022"  # line 20: 133 plans, 0 for 2+ years (a published zero)
COUNTY_DURHAM = "E06000047"  # line 14: 489 plans, 2_years_or_more = c (suppressed)
HARTLEPOOL = "E06000001"  # line 17: 173 plans, 2_years_or_more = c


def rows(*specs: tuple[str, str]) -> pd.DataFrame:
    """measures.csv-like rows: (measure_id, period_end), with the benchmark columns empty."""
    n = len(specs)
    return pd.DataFrame({
        "measure_id": [m for m, _ in specs],
        "window": ["quarter"] * n,
        "period_start": pd.to_datetime([e for _, e in specs]) - pd.Timedelta(days=90),
        "period_end": pd.to_datetime([e for _, e in specs]),
        "value": [50.0] * n,
        "rate_per_10k": [None] * n,
        "england": [None] * n, "region": [None] * n, "neighbours": [None] * n,
        "benchmark_year": [None] * n,
    })


# -- the loader reproduces the England figures quoted in the DfE README ------------------------

def test_england_rereferrals_2025():
    # c1 2025 release, line 2: referral_count 632830, rereferral_count 142900
    row = lookup("FD03", 2025, "E92000001")
    assert (row.numerator, row.denominator) == (142900, 632830)
    assert row.value == pytest.approx(100 * 142900 / 632830, abs=1e-6)
    assert round(row.value, 1) == 22.6
    assert row.method == "counts"


def test_england_second_or_subsequent_plans_2025():
    # d3, line 2: CPP_start 61840, CPP_subsequent 15130
    row = lookup("CP04", 2025, "E92000001")
    assert (row.numerator, row.denominator) == (15130, 61840)
    assert round(row.value, 1) == 24.5


def test_england_assessments_within_45_days_2024():
    # c2, line 2: bins up to 41-45 days 9880 + 73420 + 110950 + 102600 + 129690 + 116670
    # = 543210 of Assessments_completed 643170
    row = lookup("AS01", 2024, "E92000001")
    assert (row.numerator, row.denominator) == (543210, 643170)
    assert round(row.value, 1) == 84.5


def test_england_long_term_stability_from_the_long_file_2025():
    # la_cla_placement_stability, lines 2-3: same carer 2+ years 19680 of 28710 (DfE shows 69,
    # rounded to a whole percent; the counts give 68.547...)
    row = lookup("LA05", 2025, "E92000001")
    assert (row.numerator, row.denominator) == (19680, 28710)
    assert row.value == pytest.approx(68.5475, abs=1e-4)


def test_suppressed_counts_fall_back_to_the_published_percent():
    # d3 line 126: Isles of Scilly 2025, CPP_start c, CPP_subsequent 0, CPP_subsequent_percent 0
    row = lookup("CP04", 2025, "E06000053")
    assert row.value == 0.0 and row.method == "published percent" and row.status == ""


def test_suppressed_figure_keeps_dfe_code_and_no_value():
    row = lookup("CP10", 2025, COUNTY_DURHAM)
    assert pd.isna(row.value) and row.status == "c"
    # d7 2024 line 126: Isles of Scilly ended no plans (CPP_End 0), DfE's percent is z
    row = lookup("CP07", 2024, "E06000053")
    assert pd.isna(row.value) and row.status == "z"


def test_table_is_loaded_once():
    assert load_benchmarks() is load_benchmarks()


# -- the year rule ---------------------------------------------------------------------------

def test_year_rule_at_the_31_march_boundary():
    out = attach_benchmarks(rows(("FD03", "2025-03-31"), ("FD03", "2025-03-30")), Params())
    # ending on 31 March 2025 takes time_period 2025: 142900 / 632830
    assert out.benchmark_year[0] == "2024-25"
    assert out.england[0] == pytest.approx(22.581104, abs=1e-6)
    # a day earlier takes 2024 (c1 2025 release, 2024 row: 139080 / 621880 = 22.36444)
    assert out.benchmark_year[1] == "2023-24"
    assert out.england[1] == pytest.approx(22.364443, abs=1e-6)


def test_year_rule_uses_latest_published_year_when_the_file_stops_earlier():
    # c2 stops at 2024: a 2025-26 Q2 row (ending 2025-09-30) asks for 2025 and gets 2024
    out = attach_benchmarks(rows(("AS01", "2025-09-30"), ("FD03", "2025-09-30")), Params())
    assert list(out.benchmark_year) == ["2023-24", "2024-25"]
    assert out.england[0] == pytest.approx(84.458230, abs=1e-6)  # 543210 / 643170


def test_row_before_dfes_first_year_is_left_empty():
    out = attach_benchmarks(rows(("FD03", "2013-03-30")), Params())
    assert pd.isna(out.england[0]) and out.benchmark_year[0] is None
    assert pd.isna(out.neighbours_used[0])


def test_dfe_year_and_label():
    ends = pd.Series(pd.to_datetime(["2025-03-31", "2025-03-30", "2025-12-31", "2026-01-01"]))
    assert list(dfe_year(ends)) == [2025, 2024, 2025, 2025]
    assert year_label(2025) == "2024-25" and year_label(2000) == "1999-00"


# -- region and neighbours --------------------------------------------------------------------

def test_neighbours_mean_leaves_out_a_suppressed_neighbour():
    params = Params(region_code=EAST_MIDLANDS,
                    statistical_neighbours=(DARLINGTON, MIDDLESBROUGH, NORTH_TYNESIDE,
                                            COUNTY_DURHAM))
    out = attach_benchmarks(rows(("CP10", "2025-06-30")), params)
    # Darlington 6/92 = 6.5217391%, Middlesbrough 14/353 = 3.9660057%, North Tyneside 0/133 = 0%
    # County Durham c: left out. Mean (6.5217391 + 3.9660057 + 0) / 3 = 3.4959149
    assert out.neighbours[0] == pytest.approx(3.4959149, abs=1e-6)
    assert out.neighbours_used[0] == 3
    assert out.benchmark_year[0] == "2024-25"


def test_neighbours_all_suppressed_leaves_the_mean_empty():
    params = Params(statistical_neighbours=(COUNTY_DURHAM, HARTLEPOOL))
    out = attach_benchmarks(rows(("CP10", "2025-06-30")), params)
    assert pd.isna(out.neighbours[0]) and out.neighbours_used[0] == 0
    assert out.england[0] == pytest.approx(100 * 1130 / 49420, abs=1e-6)  # d5 line 2


def test_region_is_the_regional_row_of_params_region_code():
    # c1 2025 release, line 6: East Midlands 13120 re-referrals of 53190 referrals = 24.666291%
    out = attach_benchmarks(rows(("FD03", "2025-06-30")), Params(region_code=EAST_MIDLANDS))
    assert out.region[0] == pytest.approx(24.666291, abs=1e-6)


def test_no_region_code_leaves_region_empty():
    out = attach_benchmarks(rows(("FD03", "2025-06-30")), Params())
    assert pd.isna(out.region[0]) and out.england[0] == pytest.approx(22.581104, abs=1e-6)


# -- counts compare as rates, other measures stay empty --------------------------------------

def test_count_measure_gets_dfe_rates_not_counts():
    params = Params(region_code=EAST_MIDLANDS, statistical_neighbours=(LEICESTERSHIRE,))
    out = attach_benchmarks(rows(("FD02", "2025-09-30"), ("CP06", "2024-03-31")), params)
    # c1 2024 release (FD02 stops at 2024), Referrals_rate: England 518.3 (line 2, not the
    # 621880 referrals), East Midlands 552.9 (line 6), Leicestershire 429.6 (line 68)
    assert (out.england[0], out.region[0], out.neighbours[0]) == (518.3, 552.9, 429.6)
    assert out.benchmark_year[0] == "2023-24"
    # d1 2024, CPP_At31_rate: England 41.6 (line 2), East Midlands 38.1 (line 6)
    assert (out.england[1], out.region[1]) == (41.6, 38.1)
    assert SOURCES["FD02"].compare_to == "rate_per_10k" and SOURCES["FD03"].compare_to == "value"


def test_measure_without_benchmark_is_left_empty():
    params = Params(region_code=EAST_MIDLANDS, statistical_neighbours=(LEICESTERSHIRE,))
    out = attach_benchmarks(rows(("WF01", "2025-09-30"), ("FD01", "2025-09-30"),
                                 ("FD03", "2025-09-30")), params)
    for i in (0, 1):
        assert out.loc[i, ["england", "region", "neighbours"]].isna().all()
        assert out.benchmark_year[i] is None and pd.isna(out.neighbours_used[i])
    assert not pd.isna(out.england[2])


def test_rows_keep_their_order_index_and_other_columns():
    r = rows(("FD03", "2025-09-30"), ("WF01", "2025-09-30"), ("AS01", "2025-09-30"))
    r.index = [10, 5, 7]
    out = attach_benchmarks(r, Params())
    assert list(out.index) == [10, 5, 7] and list(out.measure_id) == ["FD03", "WF01", "AS01"]
    assert out.loc[7, "benchmark_year"] == "2023-24" and out.loc[10, "benchmark_year"] == "2024-25"
    assert (out.value == 50.0).all()


def test_exactly_the_measures_md_benchmarks():
    assert BENCHMARKED == {"FD02", "FD03", "FD04", "AS01", "CP02", "CP03", "CP04", "CP06",
                           "CP07", "CP10", "LA04", "LA05"}
    assert set(load_benchmarks().measure_id) == BENCHMARKED
    listing = benchmark_sources()
    assert set(listing.measure_id) == BENCHMARKED
    as01 = listing.set_index("measure_id").loc["AS01"]
    assert as01.file.startswith("c2_") and as01.latest_year == "2023-24"


# -- params that DfE's tables do not know are refused, naming the key -------------------------

def test_unknown_region_code_is_refused():
    with pytest.raises(ParamsInvalid, match="region_code 'E12999999'"):
        attach_benchmarks(rows(("FD03", "2025-06-30")),
                          Params(region_code="E12999999", source="params/x.yaml"))


def test_unknown_or_repeated_neighbour_is_refused():
    with pytest.raises(ParamsInvalid, match="statistical_neighbours: '855'"):
        attach_benchmarks(rows(("FD03", "2025-06-30")), Params(statistical_neighbours=("855",)))
    with pytest.raises(ParamsInvalid, match="listed twice"):
        attach_benchmarks(rows(("FD03", "2025-06-30")),
                          Params(statistical_neighbours=(LEICESTERSHIRE, LEICESTERSHIRE)))
