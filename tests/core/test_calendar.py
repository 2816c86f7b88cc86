"""wd(a, b) against MEASURES.md's examples and a day-by-day count on random pairs."""

import datetime as dt
import random

import holidays
import numpy as np
import pandas as pd
import pytest

from scorecard.calendar import add_working_days, bank_holidays, wd


@pytest.mark.parametrize("a, b, expected", [
    ("2024-01-08", "2024-01-15", 5),   # Mon to Mon
    ("2023-12-22", "2024-01-02", 4),   # Fri to Tue over 25, 26 Dec and 1 Jan
    ("2024-01-06", "2024-01-08", 1),   # Sat to Mon
    ("2024-01-08", "2024-01-08", 0),   # wd(a, a) = 0
    ("2024-01-15", "2024-01-08", -5),  # reversed
    ("2022-06-01", "2022-06-06", 1),   # Platinum Jubilee: Thu 2 and Fri 3 June 2022 are holidays
    ("2022-09-16", "2022-09-20", 1),   # Queen's funeral, Mon 19 Sep 2022
    ("2023-05-05", "2023-05-09", 1),   # Coronation, Mon 8 May 2023 (Fri 5 not counted: a < d)
])
def test_wd_examples(a, b, expected):
    assert wd(a, b) == expected


def test_one_off_bank_holidays_present():
    one_offs = ["2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"]
    hols = bank_holidays()
    assert all(np.datetime64(d, "D") in hols for d in one_offs)


def _naive_wd(a: dt.date, b: dt.date, hols: set) -> int:
    sign, lo, hi = (1, a, b) if a <= b else (-1, b, a)
    n, d = 0, lo
    while d < hi:
        d += dt.timedelta(days=1)
        if d.weekday() < 5 and d not in hols:
            n += 1
    return sign * n


def test_wd_matches_day_by_day_count_on_random_pairs():
    rng = random.Random(20251007)
    hols = set(holidays.country_holidays("GB", subdiv="ENG", years=range(2015, 2031)))
    start, span = dt.date(2015, 1, 1), (dt.date(2030, 12, 31) - dt.date(2015, 1, 1)).days
    pairs = []
    for _ in range(3000):
        a = start + dt.timedelta(days=rng.randrange(span))
        b = a + dt.timedelta(days=rng.randrange(-30, 400))
        b = min(max(b, start), dt.date(2030, 12, 31))
        pairs.append((a, b))
    got = wd(pd.Series([pd.Timestamp(a) for a, _ in pairs]),
             pd.Series([pd.Timestamp(b) for _, b in pairs]))
    expected = [_naive_wd(a, b, hols) for a, b in pairs]
    assert got.astype(int).tolist() == expected


def test_wd_missing_dates_give_nan_and_keep_index():
    a = pd.Series(pd.to_datetime(["2024-01-08", None]), index=[10, 11])
    b = pd.Series(pd.to_datetime(["2024-01-15", "2024-01-15"]), index=[10, 11])
    out = wd(a, b)
    assert out.index.tolist() == [10, 11]
    assert out.iloc[0] == 5 and np.isnan(out.iloc[1])
    assert wd(None, "2024-01-15") is None


def test_add_working_days_is_the_inverse_of_wd():
    # 45th working day after Tue 2023-12-19: counted by hand skipping 25, 26 Dec and 1 Jan
    d = add_working_days("2023-12-19", 45)
    assert wd("2023-12-19", d) == 45 and wd("2023-12-19", d - pd.Timedelta(days=1)) < 45
    assert add_working_days("2023-12-22", 1) == pd.Timestamp("2023-12-27")
