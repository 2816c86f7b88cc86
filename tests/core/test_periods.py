import pandas as pd
import pytest

from scorecard.periods import (
    custom,
    fy_label,
    months_before,
    previous_quarter,
    quarter,
    quarter_of,
    trailing_quarters,
    year_to_date,
)


def test_quarter_bounds():
    q = quarter("2025-26-Q2")
    assert (q.start, q.end) == (pd.Timestamp("2025-07-01"), pd.Timestamp("2025-09-30"))
    q4 = quarter("2024-25 Q4")
    assert (q4.start, q4.end) == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-03-31"))
    assert q4.label == "2024-25-Q4"


@pytest.mark.parametrize("bad", ["2025-Q2", "2025-27-Q2", "2025-26-Q5", "Q2"])
def test_bad_quarter_labels_are_refused(bad):
    with pytest.raises(ValueError, match="quarter"):
        quarter(bad)


def test_ytd_and_trailing_quarters():
    q = quarter("2025-26-Q2")
    ytd = year_to_date(q)
    assert (ytd.start, ytd.end) == (pd.Timestamp("2025-04-01"), pd.Timestamp("2025-09-30"))
    labels = [p.label for p in trailing_quarters(q)]
    assert labels[0] == "2023-24-Q3" and labels[-1] == "2025-26-Q2" and len(labels) == 8
    assert previous_quarter(quarter("2025-26-Q1")).label == "2024-25-Q4"
    assert quarter_of(pd.Timestamp("2026-03-31")).label == "2025-26-Q4"
    assert fy_label(pd.Timestamp("2025-03-31")) == "2024-25"


def test_contains_includes_both_ends():
    q = quarter("2025-26-Q2")
    s = pd.Series(pd.to_datetime(["2025-06-30", "2025-07-01", "2025-09-30", "2025-10-01", None]))
    assert q.contains(s).tolist() == [False, True, True, False, False]


def test_months_clamp_to_month_end():
    assert months_before(pd.Timestamp("2024-02-29"), 12) == pd.Timestamp("2023-02-28")
    assert months_before(pd.Timestamp("2025-03-31"), 6) == pd.Timestamp("2024-09-30")


def test_custom_period_refuses_end_before_start():
    assert custom("2025-01-01", "2025-03-31").label == "custom_2025-01-01_2025-03-31"
    with pytest.raises(ValueError, match="before"):
        custom("2025-03-31", "2025-01-01")
