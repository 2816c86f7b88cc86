"""Typing of single columns: ISO dates (time part dropped), flags, numbers, blanks."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.extract.coerce import (
    clean_strings,
    days_from_civil,
    parse_flags,
    parse_iso_dates,
    parse_numbers,
)
from scorecard.extract.validate import _duplicates

EPOCH = dt.date(1970, 1, 1)


def strings(values) -> pd.Series:
    return pd.Series(values, dtype="string")


def test_every_day_of_eight_centuries_parses_to_its_own_day_number():
    # 1600-2399 holds every leap-year case (every 4, not every 100, every 400); then the ends
    days = np.concatenate([np.arange(np.datetime64("1600-01-01"), np.datetime64("2400-01-01")),
                           np.arange(np.datetime64("0001-01-01"), np.datetime64("0002-01-01")),
                           np.arange(np.datetime64("9999-01-01"), np.datetime64("9999-12-31"))])
    d = parse_iso_dates(strings(days.astype(str)))
    assert d.ok.all()
    assert (d.days == days.astype(np.int64)).all()
    assert (d.day_of_month == (days - days.astype("M8[M]")).astype(np.int64) + 1).all()


@pytest.mark.parametrize("text, day", [
    ("2024-02-29", "2024-02-29"),           # leap year
    ("2000-02-29", "2000-02-29"),           # divisible by 400: leap
    ("  2024-05-01  ", "2024-05-01"),       # spaces trimmed
    ("2024-05-01T10:30:00", "2024-05-01"),  # time part dropped
    ("2024-05-01 23:59:59.997", "2024-05-01"),
])
def test_iso_dates_with_or_without_a_time_part(text, day):
    d = parse_iso_dates(strings([text]))
    assert d.ok.tolist() == [True]
    assert d.as_datetime64()[0] == np.datetime64(day, "ns")


@pytest.mark.parametrize("text", ["2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10",
                                  "2024-01-00", "2024-04-31", "unknown", "2024-05-01x",
                                  "TBC", "2024-05"])
def test_impossible_or_garbage_values_are_unparseable(text):
    d = parse_iso_dates(strings([text]))
    assert (d.ok[0], d.blank[0], d.wrong_format[0], d.unparseable[0]) == (False, False, False, True)


@pytest.mark.parametrize("text", ["31/12/2024", "12-31-2024", "31.12.24", "2024/12/31",
                                  "2024-1-5", "31 Dec 2024", "31-Dec-24", "Dec 31, 2024",
                                  "20241231", "45657"])
def test_dates_in_another_convention_are_a_wrong_format(text):
    d = parse_iso_dates(strings([text]))
    assert (d.ok[0], d.wrong_format[0]) == (False, True)


@pytest.mark.parametrize("text", ["", "   ", None, "NULL", "null"])
def test_blanks_and_sql_null_are_missing(text):
    d = parse_iso_dates(strings([text]))
    assert (d.blank[0], d.ok[0], d.unparseable[0]) == (True, False, False)
    assert np.isnat(d.as_datetime64()[0])


def test_dates_outside_what_datetime64_ns_holds_are_missing_not_wrapped():
    d = parse_iso_dates(strings(["9999-12-31", "0001-01-01", "2261-12-31"]))
    assert d.ok.tolist() == [True, True, True]
    assert d.in_range.tolist() == [False, False, True]
    assert np.isnat(d.as_datetime64()[:2]).all()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.text(alphabet="0123456789-/ T:x", max_size=14),
), max_size=40))
def test_parser_agrees_with_python_fromisoformat(values):
    d = parse_iso_dates(strings(values))
    for i, v in enumerate(values):
        expected = reference_date(v)
        assert d.ok[i] == (expected is not None), v
        if expected is not None:
            assert d.days[i] == (expected - EPOCH).days, v


def reference_date(value: str) -> dt.date | None:
    """The rule in plain Python: YYYY-MM-DD, then nothing or a space or T and anything."""
    head = value.strip()
    if len(head) < 10 or (len(head) > 10 and head[10] not in " T"):
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", head[:10]):
        return None
    try:
        return dt.date.fromisoformat(head[:10])
    except ValueError:
        return None


def test_days_from_civil_known_days():
    y, m = np.array([1970, 2000, 1969, 2024]), np.array([1, 3, 12, 2])
    day = np.array([1, 1, 31, 29])
    # 2000-03-01 is day 11017; 2024-02-29 is day 19782 (checked with date.toordinal)
    assert days_from_civil(y, m, day).tolist() == [0, 11017, -1, 19782]


def test_flags_yes_only_for_y_and_odd_values_flagged():
    yes, odd = parse_flags(strings(["Y", " y ", "N", "n", "", None, "NULL", "Yes", "1", "X"]))
    assert yes.tolist() == [True, True, False, False, False, False, False, False, False, False]
    assert odd.tolist() == [False, False, False, False, False, False, False, True, True, True]


def test_numbers_and_their_odd_values():
    values, odd = parse_numbers(strings(["1", " 0.5 ", "", None, "abc", "NULL"]))
    assert values[:2].tolist() == [1.0, 0.5]
    assert np.isnan(values[2:]).all()
    assert odd.tolist() == [False, False, False, False, True, False]


def test_strings_trimmed_blank_missing_leading_zeros_kept():
    out = clean_strings(strings(["  a ", "", "NULL", None, "007", "Null"]))
    assert out.to_pylist() == ["a", None, None, None, "007", "Null"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["1", "2", "10", "9", "a", "b", "ab"])),
                max_size=30), st.booleans())
def test_duplicates_match_a_plain_python_count(ids, ordered):
    import pyarrow as pa
    if ordered:
        ids = sorted({i for i in ids if i is not None}, key=lambda s: (len(s), s))
    repeats, firsts = _duplicates(pa.array(ids, pa.large_string()))
    seen: dict[str, int] = {}
    expected_repeats, expected_firsts = [], []
    for pos, v in enumerate(ids):
        if v is None:
            continue
        if v in seen:
            expected_repeats.append(pos)
            expected_firsts.append(seen[v])
        else:
            seen[v] = pos
    assert repeats.tolist() == expected_repeats
    assert firsts.tolist() == expected_firsts
