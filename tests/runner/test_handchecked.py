"""The engine on the hand-checked test extract gives the values worked out by hand
(tests/runner/handchecked_values.py holds them, with the working)."""

from __future__ import annotations

import pandas as pd
import pytest

from runner.handchecked_values import EXTRACT, HAND_WORKED, PARAMS, Q2_END
from scorecard.engine import compute_scorecard
from scorecard.extract.load import load_extract
from scorecard.params import load_params
from scorecard.periods import quarter


@pytest.fixture(scope="module")
def scorecard():
    x = load_extract(EXTRACT)
    params = load_params(PARAMS).with_extract_defaults(x.la_code, x.la_name)
    return compute_scorecard(x, params, quarter("2025-26-Q2"))


@pytest.mark.parametrize("measure_id, window, numerator, denominator, value", HAND_WORKED,
                         ids=[f"{m}-{w}" for m, w, *_ in HAND_WORKED])
def test_hand_worked_value(scorecard, measure_id, window, numerator, denominator, value):
    rows = scorecard.rows
    row = rows[(rows.measure_id == measure_id) & (rows.window == window)
               & (rows.period_end == Q2_END)]
    assert len(row) == 1
    row = row.iloc[0]
    assert row.numerator == numerator
    if denominator is None:
        assert pd.isna(row.denominator)
    else:
        assert row.denominator == denominator
    assert row.value == pytest.approx(value)


def test_rates_per_10k_on_the_12_month_basis(scorecard):
    # population_0_17 is 1,000 in the test params. FD02's rate counts the referrals of the 12
    # months to 30 Sep 2025 (R2, R3, R4, R6, R7 = 5): 5 * 10000 / 1000 = 50; CN01's snapshot
    # of 4 children: 40.
    rows = scorecard.rows.set_index(["measure_id", "window", "period_end"])
    assert rows.loc[("FD02", "quarter", Q2_END), "rate_per_10k"] == pytest.approx(50.0)
    assert rows.loc[("CN01", "snapshot", Q2_END), "rate_per_10k"] == pytest.approx(40.0)


def test_absent_tables_switch_off_only_their_measures(scorecard):
    assert sorted(scorecard.unavailable) == ["LA13", "WF06"]  # no ssd_missing, no case audits


def test_every_distribution_column_is_in_its_measures_audit(scorecard):
    """The notebooks draw these columns; a renamed audit column would fail the run."""
    from scorecard.notebook_helpers import DISTRIBUTIONS

    for mid, spec in DISTRIBUTIONS.items():
        audit = scorecard.audits[mid]
        assert spec.column in audit.columns, mid
        assert pd.api.types.is_numeric_dtype(audit[spec.column]), mid
