"""Row masks over date columns as plain numpy work (pandas' Series comparisons cost more per
call and build Series nobody reads); missing dates are never inside."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard.periods import Period


def _days(values: pd.Series | np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype="datetime64[ns]")


def in_period(dates: pd.Series | np.ndarray, period: Period) -> np.ndarray:
    """start <= d <= end, as `Period.contains` (missing dates are not in it)."""
    d = _days(dates)
    return (d >= np.datetime64(period.start, "ns")) & (d <= np.datetime64(period.end, "ns"))


def open_on(start: pd.Series | np.ndarray, end: pd.Series | np.ndarray,
            day: pd.Timestamp) -> np.ndarray:
    """Open at a date (MEASURES.md): started on or before it and not ended by it."""
    s, e, d = _days(start), _days(end), np.datetime64(pd.Timestamp(day), "ns")
    return (s <= d) & (np.isnat(e) | (e > d))
