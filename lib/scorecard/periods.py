"""Reporting periods: financial-year quarters, year to date, custom ranges, trailing quarters.

A period is `[start, end]` with both days included (MEASURES.md). Quarters are financial-year
quarters: Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

_QUARTER = re.compile(r"^(\d{4})-(\d{2})[- ]Q([1-4])$")


@dataclass(frozen=True, order=True)
class Period:
    start: pd.Timestamp
    end: pd.Timestamp
    label: str  # "2025-26-Q2", "2025-26-YTD-Q2", or "custom_2025-01-01_2025-03-31"
    kind: str  # "quarter" | "ytd" | "period"

    @property
    def display(self) -> str:
        """How a committee reads it: '2025-26 Q2', '2025-26 year to date (Apr-Sep)'."""
        if self.kind == "quarter":
            return self.label.replace("-Q", " Q")
        if self.kind == "ytd":
            return f"{fy_label(self.start)} year to date ({self.start:%b}-{self.end:%b %Y})"
        return f"{self.start:%d %b %Y} to {self.end:%d %b %Y}"

    def contains(self, dates: pd.Series) -> pd.Series:
        """In the period: start <= d <= end (missing dates are not in it)."""
        return (dates >= self.start) & (dates <= self.end)


def fy_label(d: pd.Timestamp) -> str:
    """Financial year of a date, e.g. 2025-07-01 -> '2025-26'."""
    y = d.year if d.month >= 4 else d.year - 1
    return f"{y}-{(y + 1) % 100:02d}"


def quarter(label: str) -> Period:
    """Parse '2025-26-Q2' (or '2025-26 Q2')."""
    m = _QUARTER.match(label.strip())
    if not m:
        raise ValueError(f"period {label!r} is not a financial-year quarter like 2025-26-Q2")
    y, y2, q = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if (y + 1) % 100 != y2:
        raise ValueError(
            f"period {label!r} is not a financial-year quarter: {y2:02d} does not follow {y}"
        )
    start = pd.Timestamp(year=y, month=4, day=1) + pd.DateOffset(months=3 * (q - 1))
    end = start + pd.DateOffset(months=3) - pd.Timedelta(days=1)
    return Period(pd.Timestamp(start), pd.Timestamp(end), f"{y}-{y2:02d}-Q{q}", "quarter")


def quarter_of(d: pd.Timestamp) -> Period:
    """The financial-year quarter containing a date."""
    d = pd.Timestamp(d)
    fy = fy_label(d)
    q = ((d.month - 4) % 12) // 3 + 1
    return quarter(f"{fy}-Q{q}")


def previous_quarter(p: Period, n: int = 1) -> Period:
    return quarter_of(p.start - pd.DateOffset(months=3 * n))


def year_to_date(q: Period) -> Period:
    """1 April of the quarter's financial year to the quarter's end."""
    fy = fy_label(q.start)
    start = pd.Timestamp(year=int(fy[:4]), month=4, day=1)
    return Period(start, q.end, f"{fy}-YTD-{q.label[-2:]}", "ytd")


def trailing_quarters(q: Period, n: int = 8) -> list[Period]:
    """The n quarters ending with q, oldest first."""
    return [previous_quarter(q, k) for k in range(n - 1, 0, -1)] + [q]


def custom(start, end) -> Period:
    s, e = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    if e < s:
        raise ValueError(f"--end {e.date()} is before --start {s.date()}")
    return Period(s, e, f"custom_{s.date()}_{e.date()}", "period")


def months_before(d: pd.Timestamp, n: int) -> pd.Timestamp:
    """d - n months, clamped to the end of a shorter month (MEASURES.md, pandas DateOffset)."""
    return pd.Timestamp(d) - pd.DateOffset(months=n)


def months_after(d: pd.Timestamp, n: int) -> pd.Timestamp:
    return pd.Timestamp(d) + pd.DateOffset(months=n)
