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

FIRST_YEAR = 1990
LAST_YEAR = 2060
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


def _day_index(x) -> np.ndarray:
    """Days since the calendar epoch as float (NaN for missing), for scalars or columns."""
    arr = pd.to_datetime(pd.Series(x) if np.ndim(x) else pd.Series([x]))
    days = arr.to_numpy(dtype="datetime64[D]")
    missing = pd.isna(arr).to_numpy()
    idx = (days - _EPOCH).astype("int64").astype("float64")
    idx[missing] = np.nan
    if np.any((idx < 0) | (idx >= (_END - _EPOCH).astype("int64"))):
        lo, hi = arr.min(), arr.max()
        raise ValueError(
            f"dates outside the working-day calendar ({FIRST_YEAR}-{LAST_YEAR}): {lo} to {hi}"
        )
    return idx


def wd(a, b):
    """Working days d with a < d <= b; wd(a, a) == 0; negative when b is before a.

    Accepts scalars (returns int, or None when either date is missing) or array-likes/Series
    (returns a float Series aligned with the input, NaN where either date is missing).
    """
    cum = _cumulative_working_days()
    scalar = np.ndim(a) == 0 and np.ndim(b) == 0
    ia, ib = _day_index(a), _day_index(b)
    ia, ib = np.broadcast_arrays(ia, ib)
    ok = ~(np.isnan(ia) | np.isnan(ib))
    out = np.full(ia.shape, np.nan)
    out[ok] = cum[ib[ok].astype(np.int64)] - cum[ia[ok].astype(np.int64)]
    if scalar:
        return None if np.isnan(out[0]) else int(out[0])
    index = a.index if isinstance(a, pd.Series) else (b.index if isinstance(b, pd.Series) else None)
    return pd.Series(out, index=index, name="working_days")


def add_working_days(a, n: int):
    """The date of the n-th working day after a (n >= 1): the smallest d with wd(a, d) == n."""
    cum = _cumulative_working_days()
    ia = _day_index(a)
    ok = ~np.isnan(ia)
    target = np.full(ia.shape, -1, dtype=np.int64)
    target[ok] = cum[ia[ok].astype(np.int64)] + n
    pos = np.searchsorted(cum, target, side="left")
    days = np.where(ok, _EPOCH + pos.astype("timedelta64[D]"), np.datetime64("NaT"))
    result = pd.Series(days.astype("datetime64[ns]"))
    if np.ndim(a) == 0:
        return result.iloc[0]
    if isinstance(a, pd.Series):
        result.index = a.index
    return result
