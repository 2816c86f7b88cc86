"""Typing the columns of an extract: strings, ISO dates, Y/N flags and numbers.

Every function works on a whole column at once with Arrow compute and numpy (a national extract
has about 10 million contacts), never row by row in Python. The caller decides what a problem
means (refuse, exclude, list as suspect); these functions only say where the problems are.

Blank means missing: an empty or all-space value, and the literal `NULL` that SQL Server's export
tools write for a missing value (no SSD id, code or date can be the word NULL).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

BLANK_WORDS = ["", "NULL", "null"]

# Values that are dates written in some other convention than ISO YYYY-MM-DD. They mean the
# export itself is set up wrongly (every date in the file will be like it), so the extract is
# refused rather than losing the records one by one.
WRONG_DATE_FORMATS = "|".join([
    r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}([ T].*)?$",  # 31/12/2024, 12-31-2024, 31.12.24
    r"^\d{4}[/.]\d{1,2}[/.]\d{1,2}([ T].*)?$",  # 2024/12/31
    r"^\d{4}-\d{1,2}-\d{1,2}([ T].*)?$",  # 2024-1-5 (not zero-padded)
    r"^\d{1,2}[ \-][A-Za-z]{3,9}[ \-]\d{2,4}([ T].*)?$",  # 31 Dec 2024, 31-Dec-24
    r"^[A-Za-z]{3,9}\.? \d{1,2},? \d{4}$",  # Dec 31, 2024
    r"^\d{8}$",  # 20241231
    r"^\d{5}(\.\d+)?$",  # 45657: a spreadsheet's serial day number
])

# datetime64[ns] covers 1677-09-21 to 2262-04-11; dates in the whole years inside it are usable.
FIRST_USABLE_DAY = int(np.datetime64("1678-01-01", "D").astype(np.int64))
LAST_USABLE_DAY = int(np.datetime64("2261-12-31", "D").astype(np.int64))


def to_arrow(values: pd.Series | pa.Array | pa.ChunkedArray) -> pa.LargeStringArray:
    """A column as one contiguous Arrow large_string array (zero-copy for Arrow-backed pandas)."""
    if isinstance(values, pd.Series):
        arr = pa.array(values, from_pandas=True)
    else:
        arr = values
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.large_string())
    return arr


def clean_strings(arr: pa.Array) -> pa.LargeStringArray:
    """Spaces trimmed; blank and NULL become missing."""
    trimmed = pc.utf8_trim_whitespace(to_arrow(arr))
    blank = pc.is_in(trimmed, value_set=pa.array(BLANK_WORDS, pa.large_string()))
    return pc.if_else(blank, pa.scalar(None, pa.large_string()), trimmed)


def is_blank(arr: pa.Array) -> np.ndarray:
    return np.asarray(arr.is_null().to_numpy(zero_copy_only=False), dtype=bool)


def to_pandas_strings(arr: pa.Array | pa.ChunkedArray) -> pd.Series:
    """Arrow strings as a pandas `string` column (missing = <NA>), without copying the text."""
    if not (isinstance(arr, pa.ChunkedArray) and pa.types.is_large_string(arr.type)):
        arr = to_arrow(arr)
    return pd.Series(pd.arrays.ArrowStringArray(arr))


@dataclass
class Dates:
    """A date column parsed. `days` counts days from 1970-01-01 and is valid where `ok`."""

    days: np.ndarray  # int32 (enough for years 1 to 9999)
    day_of_month: np.ndarray  # int8, valid where `ok`
    ok: np.ndarray  # a real calendar date written YYYY-MM-DD (a time part after it is dropped)
    blank: np.ndarray  # no value
    wrong_format: np.ndarray  # a date in another convention (31/12/2024...): refuse the extract

    @property
    def in_range(self) -> np.ndarray:
        """A date that datetime64[ns] can hold (years 1678 to 2261)."""
        return self.ok & (self.days >= FIRST_USABLE_DAY) & (self.days <= LAST_USABLE_DAY)

    @property
    def unparseable(self) -> np.ndarray:
        """Neither blank nor a date: ISO-looking but impossible (2024-02-30) or not a date."""
        return ~self.ok & ~self.blank & ~self.wrong_format

    def as_datetime64(self) -> np.ndarray:
        """datetime64[ns], NaT where there is no usable date."""
        usable = self.in_range
        days = np.where(usable, self.days, 0)
        out = days.astype("datetime64[D]").astype("datetime64[ns]")
        out[~usable] = np.datetime64("NaT")
        return out


def days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm)."""
    y = year - (month <= 2)
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


# Look-up tables for the four-digit years: gathering from them is several times faster than
# numpy's month-to-day datetime conversion or integer division on ten million values.
_YEARS = np.arange(10_000, dtype=np.int32)
LEAP_YEAR = ((_YEARS % 4 == 0) & ((_YEARS % 100 != 0) | (_YEARS % 400 == 0)))
YEAR_START = days_from_civil(_YEARS, np.ones_like(_YEARS), np.ones_like(_YEARS)).astype(np.int32)
MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int32)
MONTH_START = np.concatenate([[0], np.cumsum(MONTH_DAYS)[:-1]]).astype(np.int32)  # common year


def parse_iso_dates(values: pd.Series | pa.Array) -> Dates:
    """Parse `YYYY-MM-DD`, dropping any time part (`2024-05-01T10:00`, `2024-05-01 10:00:00`).

    Done on the raw bytes with numpy, because Arrow's strptime accepts 2024-02-30 (it rolls over
    to 1 March) and pandas' parser is several times slower on ten million values.
    """
    arr = pc.utf8_trim_whitespace(to_arrow(values))
    n = len(arr)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset: arr.offset + n + 1]
    data_buffer = arr.buffers()[2]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else None
    if data is None or data.size == 0:
        data = np.zeros(1, dtype=np.uint8)
    starts = offsets[:-1]
    null = is_blank(arr)
    lengths = np.where(null, 0, np.diff(offsets))
    # byte k of every value; past a value's end it is some other value's byte (or clipped), so
    # every test below also checks the length.
    b = [data[k:].take(starts, mode="clip") if k < data.size else np.zeros(n, np.uint8)
         for k in range(11)]

    null_word = (lengths == 4) & (
        ((b[0] == ord("N")) & (b[1] == ord("U")) & (b[2] == ord("L")) & (b[3] == ord("L")))
        | ((b[0] == ord("n")) & (b[1] == ord("u")) & (b[2] == ord("l")) & (b[3] == ord("l"))))
    blank = null | (lengths == 0) | null_word

    digit = {k: b[k] - np.uint8(48) for k in (0, 1, 2, 3, 5, 6, 8, 9)}  # non-digits wrap > 9
    shape = (lengths >= 10) & (b[4] == ord("-")) & (b[7] == ord("-"))
    for d in digit.values():
        shape &= d <= 9
    shape &= (lengths == 10) | ((lengths > 10) & ((b[10] == ord(" ")) | (b[10] == ord("T"))))

    # where the shape is wrong these are garbage, kept in range so that the look-ups work
    as_int = {k: np.minimum(d, 9).astype(np.int32) for k, d in digit.items()}
    year = as_int[0] * 1000 + as_int[1] * 100 + as_int[2] * 10 + as_int[3]
    month = as_int[5] * 10 + as_int[6]
    day = as_int[8] * 10 + as_int[9]
    month_index = np.clip(month - 1, 0, 11)
    leap = LEAP_YEAR[year]
    month_days = MONTH_DAYS[month_index] + (leap & (month == 2))
    ok = shape & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_days)
    days = YEAR_START[year] + MONTH_START[month_index] + (leap & (month > 2)) + day - 1
    days = np.where(ok, days, 0).astype(np.int32)

    wrong_format = np.zeros(n, dtype=bool)
    odd = ~ok & ~blank & ~shape
    if odd.any():
        positions = np.flatnonzero(odd)
        matched = pc.match_substring_regex(arr.take(pa.array(positions)), WRONG_DATE_FORMATS)
        wrong_format[positions] = np.asarray(matched.to_numpy(zero_copy_only=False), dtype=bool)
    return Dates(days=days, day_of_month=np.where(ok, day, 0).astype(np.int8), ok=ok, blank=blank,
                 wrong_format=wrong_format)


def parse_flags(values: pd.Series | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(yes, odd): yes only for `Y` after trimming and upper-casing; odd = not Y, N or blank."""
    upper = pc.utf8_upper(clean_strings(values))
    yes = pc.fill_null(pc.equal(upper, "Y"), False)
    odd = pc.fill_null(pc.not_equal(pc.equal(upper, "Y"), True), False)
    odd = pc.and_(odd, pc.fill_null(pc.not_equal(upper, "N"), False))
    as_np = lambda a: np.asarray(a.to_numpy(zero_copy_only=False), dtype=bool)  # noqa: E731
    return as_np(yes), as_np(odd)


def parse_numbers(values: pd.Series | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(float values with NaN where missing, odd = not blank yet not a number)."""
    text = clean_strings(values)
    numbers = pd.to_numeric(to_pandas_strings(text), errors="coerce").astype("float64")
    out = numbers.to_numpy(dtype="float64", na_value=np.nan)
    odd = np.isnan(out) & ~is_blank(text)
    return out, odd
