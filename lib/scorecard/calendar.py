"""Working days, exactly as MEASURES.md defines them.

`wd(a, b)` is the number of working days `d` with `a < d <= b` (Monday to Friday, not a bank
holiday in England and Wales, one-off holidays included). It is computed by looking up a
cumulative count of working days, so a column of ten million date pairs costs two array
look-ups rather than ten million calendar walks.
"""

from __future__ import annotations

from functools import lru_cache

import holidays
import numpy as np
import pandas as pd

FIRST_YEAR = 1900  # wide enough that a placeholder date (1900-01-01) never stops a run
LAST_YEAR = 2100
_EPOCH = np.datetime64(f"{FIRST_YEAR}-01-01", "D")
_END = np.datetime64(f"{LAST_YEAR + 1}-01-01", "D")


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[np.datetime64]:
    """England and Wales bank holidays (the `holidays` package, England subdivision)."""
    uk = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1),
    )
    return frozenset(np.datetime64(d, "D") for d in uk)


@lru_cache(maxsize=1)
def _cumulative_working_days() -> np.ndarray:
    """cum[i] = working days in (epoch, epoch + i]; so wd(a, b) = cum[b] - cum[a]."""
    days = np.arange(_EPOCH, _END, dtype="datetime64[D]")
    weekday = (days.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    is_working = weekday < 5
    hols = np.array(sorted(bank_holidays()), dtype="datetime64[D]")
    is_working &= ~np.isin(days, hols)
    cum = np.cumsum(is_working, dtype=np.int32)
    # Day 0 itself is never counted: wd counts days strictly after a.
    return cum - int(is_working[0])


def is_working_day(d) -> bool:
    day = np.datetime64(pd.Timestamp(d).date(), "D")
    return bool(np.is_busday(day, holidays=np.array(sorted(bank_holidays()))))


def _day_index(x) -> tuple[np.ndarray, np.ndarray]:
    """(days since the calendar epoch as int64, missing mask) for a scalar or a column."""
    if isinstance(x, (pd.Series, pd.Index, np.ndarray)) and np.asarray(x).dtype.kind == "M":
        values = np.asarray(x)
    else:
        values = pd.to_datetime(pd.Series(x) if np.ndim(x) else pd.Series([x])).to_numpy()
    missing = np.isnat(values)
    unit_per_day = np.timedelta64(1, "D") // np.timedelta64(1, np.datetime_data(values.dtype)[0])
    idx = values.view("int64") // unit_per_day - _EPOCH.astype("int64")
    idx[missing] = 0
    if np.any((idx < 0) | (idx >= len(_cumulative_working_days()))):
        present = values[~missing]
        raise ValueError(
            f"dates outside the working-day calendar ({FIRST_YEAR}-{LAST_YEAR}): "
            f"{present.min()} to {present.max()}"
        )
    return idx, missing


def wd(a, b):
    """Working days d with a < d <= b; wd(a, a) == 0; negative when b is before a.

    Accepts scalars (returns int, or None when either date is missing) or array-likes/Series
    (returns a float Series aligned with the input, NaN where either date is missing).
    """
    cum = _cumulative_working_days()
    scalar = np.ndim(a) == 0 and np.ndim(b) == 0
    (ia, ma), (ib, mb) = _day_index(a), _day_index(b)
    ia, ib = np.broadcast_arrays(ia, ib)
    out = (cum[ib] - cum[ia]).astype("float64")
    out[np.broadcast_to(ma, out.shape) | np.broadcast_to(mb, out.shape)] = np.nan
    if scalar:
        return None if np.isnan(out[0]) else int(out[0])
    index = a.index if isinstance(a, pd.Series) else (b.index if isinstance(b, pd.Series) else None)
    return pd.Series(out, index=index, name="working_days")


def add_working_days(a, n: int):
    """The date of the n-th working day after a (n >= 1): the smallest d with wd(a, d) == n."""
    cum = _cumulative_working_days()
    ia, missing = _day_index(a)
    ok = ~missing
    target = np.full(ia.shape, -1, dtype=np.int64)
    target[ok] = cum[ia[ok]] + n
    pos = np.searchsorted(cum, target, side="left")
    days = np.where(ok, _EPOCH + pos.astype("timedelta64[D]"), np.datetime64("NaT"))
    result = pd.Series(days.astype("datetime64[ns]"))
    if np.ndim(a) == 0:
        return result.iloc[0]
    if isinstance(a, pd.Series):
        result.index = a.index
    return result
