"""The generator's building blocks, each checked against values worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from scorecard.synth import blocks, days, output
from scorecard.synth.arrays import IdCounter, group_rank, next_in_group, recurrences
from scorecard.synth.days import NEVER, day


def d(*isos: str) -> np.ndarray:
    return np.array([day(s) for s in isos])


def test_working_days_match_measures_md_examples():
    # MEASURES.md: Mon 2024-01-08 -> Mon 2024-01-15 is 5; Fri 2023-12-22 -> Tue 2024-01-02 is 4
    # (25, 26 Dec and 1 Jan are holidays); Sat 2024-01-06 -> Mon 2024-01-08 is 1; wd(a, a) = 0.
    a = d("2024-01-08", "2023-12-22", "2024-01-06", "2024-03-01")
    b = d("2024-01-15", "2024-01-02", "2024-01-08", "2024-03-01")
    assert days.wd(a, b).tolist() == [5, 4, 1, 0]


def test_add_working_days_is_the_first_day_reaching_n():
    # After Fri 2023-12-22 the working days are 27, 28, 29 Dec, 2 Jan, 3 Jan: the 5th is 3 Jan.
    # After Sat 2024-01-06 the 1st is Mon 8 Jan. n = 0 leaves the day as it is. NEVER stays.
    out = days.add_wd(d("2023-12-22", "2024-01-06", "2024-01-06").tolist() + [NEVER],
                      np.array([5, 1, 0, 3]))
    assert [days.iso(x) for x in out[:3]] == ["2024-01-03", "2024-01-08", "2024-01-06"]
    assert out[3] == NEVER


def test_add_months_clamps_to_month_end_like_pandas():
    # 31 Jan + 1 month = 29 Feb in a leap year, 28 Feb otherwise; 29 Feb 2024 + 12 = 28 Feb 2025;
    # 31 Aug + 3 = 30 Nov; a date that has not happened stays NEVER.
    out = days.add_months(np.r_[d("2024-01-31", "2023-01-31", "2024-02-29", "2025-08-31"),
                                NEVER], np.array([1, 1, 12, 3, 3]))
    assert [days.iso(x) for x in out[:4]] == ["2024-02-29", "2023-02-28", "2025-02-28",
                                              "2025-11-30"]
    assert out[4] == NEVER


def test_ages_and_birth_months():
    # Born (degraded) 1 Oct 2007: 17 on 30 Sep 2025, 18 on 1 Oct 2025, when he turns 18.
    dob = d("2007-10-01", "2007-10-01")
    assert days.age_years(dob, d("2025-09-30", "2025-10-01")).tolist() == [17, 18]
    assert days.iso(days.birthday(dob, 18)[0]) == "2025-10-01"
    assert days.iso(days.first_of_month(d("2019-07-19"))[0]) == "2019-07-01"


def test_recurrences_in_calendar_days():
    # Owner 0: start 100, first event 1 day in, then every 3 days, up to 110 inclusive:
    # 101, 104, 107, 110. Owner 1 ends before it starts: nothing. Owner 2: 201 only (end 203).
    owner, when = recurrences(np.random.default_rng(0), np.array([100, 50, 200]),
                              np.array([110, 40, 203]),
                              first=lambda o: np.ones(len(o), np.int64),
                              gap=lambda k: np.full(k, 3), min_gap=3)
    assert owner.tolist() == [0, 0, 0, 0, 2]
    assert when.tolist() == [101, 104, 107, 110, 201]


def test_recurrences_in_working_days():
    # From Fri 2024-01-05, first at 0 working days (that Friday), then every 5 working days:
    # Fri 12 Jan, Fri 19 Jan; the end (Mon 22 Jan) stops the next (Fri 26 Jan).
    # From Sat 2024-01-06 the "0th" working day would be the Friday before the start, so the
    # event is kept on the start day itself.
    owner, when = recurrences(np.random.default_rng(0), d("2024-01-05", "2024-01-06"),
                              d("2024-01-22", "2024-01-10"),
                              first=lambda o: np.zeros(len(o), np.int64),
                              gap=lambda k: np.full(k, 5), min_gap=5, working_days=True)
    assert owner.tolist() == [0, 0, 0, 1]
    assert [days.iso(x) for x in when] == ["2024-01-05", "2024-01-12", "2024-01-19",
                                           "2024-01-06"]


def test_group_helpers():
    owner = np.array([0, 0, 0, 4, 7, 7])
    assert group_rank(owner).tolist() == [0, 1, 2, 0, 0, 1]
    assert next_in_group(owner, np.array([1, 2, 3, 4, 5, 6]), -1).tolist() == [2, 3, -1, -1,
                                                                              6, -1]


def test_blocks_split_the_scale_into_authorities():
    assert blocks(2.5) == [1.0, 1.0, 0.5]
    assert blocks(3) == [1.0, 1.0, 1.0]
    assert blocks(0.05) == [0.05]
    for bad in (0, -1, float("nan"), float("inf"), 1000):
        with pytest.raises(ValueError):
            blocks(bad)


def test_ids_are_unique_across_blocks_and_zero_padded():
    # Block 3's first contact id is 3 * 10^7 + 1; a negative id is a blank link.
    first = IdCounter(3).take("contact", 2)
    assert first.tolist() == [30_000_001, 30_000_002]
    assert output.ids(np.array([30_000_001, -1])).to_pylist() == ["0030000001", None]
    assert output.dates(np.r_[d("2025-10-07"), NEVER]).cast("string").to_pylist() == [
        "2025-10-07", None]
