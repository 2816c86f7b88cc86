"""Dates as integer day numbers (days since 1970-01-01), the generator's working currency.

Whole columns of dates are plain int64 arrays, so a life story is arithmetic on arrays. A
date that has not happened (an open end, a visit never made) is `NEVER`, far in the future, so
"still open at the extract date" is simply `end > extract_day`; the table writer turns it into
a blank. Working days follow the same definition as `scorecard.calendar` (Monday to Friday, not
an England and Wales bank holiday): `wd(a, b)` counts the working days `d` with `a < d <= b`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from scorecard.calendar import bank_holidays

NEVER = 100_000_000  # a sentinel day number far beyond any real date: "has not happened"
YEAR = 365.25
_FIRST = np.datetime64("1970-01-01", "D")
_LAST = np.datetime64("2080-01-01", "D")


def day(iso: str) -> int:
    """'2025-10-07' -> its day number."""
    return int((np.datetime64(iso, "D") - _FIRST).astype(np.int64))


def iso(d: int) -> str:
    return str(_FIRST + np.timedelta64(int(d), "D"))


@lru_cache(maxsize=1)
def _working_day_tables() -> tuple[np.ndarray, np.ndarray]:
    """(count, nth): count[d] = working days in (day 0, d]; nth[k] = the day of working day k."""
    days = np.arange(_FIRST, _LAST, dtype="datetime64[D]")
    holidays = np.array(sorted(bank_holidays()), dtype="datetime64[D]")
    working = np.is_busday(days, holidays=holidays)
    working[0] = False  # wd counts days strictly after the start, so day 0 never counts
    count = np.cumsum(working, dtype=np.int64)
    nth = np.flatnonzero(working)  # nth[k - 1] is the k-th working day after day 0
    nth = np.concatenate([[0], nth]).astype(np.int64)
    return count, nth


def _clip(d: np.ndarray, count: np.ndarray) -> np.ndarray:
    return np.clip(np.asarray(d, dtype=np.int64), 0, len(count) - 1)


def wd(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Working days d with a < d <= b (negative when b is before a)."""
    count, _ = _working_day_tables()
    return count[_clip(b, count)] - count[_clip(a, count)]


def add_wd(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """The n-th working day after a (a itself when n == 0): the smallest d with wd(a, d) == n.

    A day that has not happened (NEVER) stays NEVER.
    """
    count, nth = _working_day_tables()
    a = np.asarray(a, dtype=np.int64)
    n = np.asarray(n, dtype=np.int64)
    out = nth[np.minimum(count[_clip(a, count)] + n, len(nth) - 1)]
    return np.where(a >= NEVER, NEVER, np.where(n <= 0, a, out))


def add_months(d: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """d + N months, the day number clamped to the end of a shorter month (pandas DateOffset)."""
    dd = np.asarray(d, dtype=np.int64).astype("datetime64[D]")
    month = dd.astype("datetime64[M]")
    day_of_month = (dd - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(months, dtype=np.int64).astype("timedelta64[M]")
    first = target.astype("datetime64[D]")
    month_length = ((target + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(
        np.int64
    )
    out = first + np.minimum(day_of_month, month_length - 1).astype("timedelta64[D]")
    return np.where(np.asarray(d) >= NEVER, NEVER, (out - _FIRST).astype(np.int64))


def first_of_month(d: np.ndarray) -> np.ndarray:
    """The 1st of each date's month (how an anonymised extract degrades a date of birth)."""
    dd = np.asarray(d, dtype=np.int64).astype("datetime64[D]")
    return (dd.astype("datetime64[M]").astype("datetime64[D]") - _FIRST).astype(np.int64)


def birthday(dob: np.ndarray, years: int) -> np.ndarray:
    """The day a child born on `dob` turns `years` (dob + years * 12 months)."""
    return add_months(dob, 12 * years)


def age_years(dob: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Whole years of age on a date (MEASURES.md: from the month-degraded date of birth)."""
    dob = np.asarray(dob, dtype=np.int64).astype("datetime64[D]")
    on = np.asarray(on, dtype=np.int64).astype("datetime64[D]")
    months = on.astype("datetime64[M]").astype(np.int64) - dob.astype("datetime64[M]").astype(
        np.int64
    )
    dom_on = (on - on.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    dom_dob = (dob - dob.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    months = months - (dom_on < dom_dob)
    return months // 12
