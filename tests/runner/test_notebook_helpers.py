"""The working the notebooks show, read off audit frames (scorecard/notebook_helpers.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from scorecard.measures.registry import load_all
from scorecard.notebook_helpers import (
    DISTRIBUTIONS,
    cohort_table,
    general_reason,
    reason_table,
    reconcile,
)


def _audit() -> pd.DataFrame:
    # a percent measure's audit: quarter has 4 records (3 in the denominator, 2 counted), the
    # YTD 5 (4 in the denominator, 2 counted)
    return pd.DataFrame({
        "window": ["quarter"] * 4 + ["ytd"] * 5,
        "id": ["A", "B", "C", "D", "A", "B", "C", "D", "E"],
        "in_denominator": [True, True, True, False, True, True, True, False, True],
        "in_numerator": [True, True, False, False, True, True, False, False, False],
        "reason": ["", "", "authorised 52 working days after the start",
                   "started 2025-09-30, not due", "", "",
                   "authorised 52 working days after the start",
                   "started 2025-09-30, not due", "authorised 47 working days after the start"],
    })


def test_reasons_group_once_their_own_figures_are_taken_out():
    out = general_reason(pd.Series(["authorised 52 working days after the start",
                                    "previous plan ended 2023-03-01 (24.5 months)"]))
    assert list(out) == ["authorised N working days after the start",
                         "previous plan ended <date> (N months)"]


def test_cohort_table_counts_each_window():
    table = cohort_table(load_all()["AS01"], _audit())
    assert table.loc["quarter"].to_dict() == {
        "records considered": 4, "outside the denominator": 1, "in the denominator": 3,
        "in the numerator": 2}
    assert table.loc["ytd"].to_dict() == {
        "records considered": 5, "outside the denominator": 1, "in the denominator": 4,
        "in the numerator": 2}


def test_reason_table_by_window():
    table = reason_table(_audit())
    # quarter: C (52 days) and D (not due); YTD: C and E (52 and 47 days: one reason) and D
    assert table.loc["authorised N working days after the start"].to_dict() == {
        "quarter": 1, "ytd": 2}
    assert table.loc["started <date>, not due"].to_dict() == {"quarter": 1, "ytd": 1}


def test_reconcile_states_the_numbers_and_refuses_a_mismatch():
    m = load_all()["AS01"]
    rows = pd.DataFrame({"window": ["quarter", "ytd"], "numerator": [2, 2],
                         "denominator": [3, 4]})
    text = reconcile(m, _audit(), rows)
    assert "- quarter: 2 of 3, 66.7%" in text and "- year to date: 2 of 4, 50.0%" in text
    wrong = rows.assign(numerator=[2, 3])
    with pytest.raises(AssertionError, match="AS01 ytd: the audit frame gives 2/4"):
        reconcile(m, _audit(), wrong)


def test_every_distribution_names_a_measure_and_a_side():
    registry = load_all()
    for mid, spec in DISTRIBUTIONS.items():
        assert mid in registry
        assert spec.side in ("le", "lt", "ge", "gt")


def test_cohort_table_shows_empty_windows_as_zero():
    # a quarter with no adoption at all: the audit frame has no row, the table still says so
    empty = pd.DataFrame({"window": pd.Series(dtype="string"),
                          "in_numerator": pd.Series(dtype=bool),
                          "reason": pd.Series(dtype="string")})
    table = cohort_table(load_all()["AD01"], empty, ["quarter", "ytd"])
    assert table.to_dict("index") == {
        "quarter": {"records considered": 0, "counted": 0, "not counted": 0},
        "ytd": {"records considered": 0, "counted": 0, "not counted": 0}}
