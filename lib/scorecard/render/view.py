"""The suppressed scorecard as the documents read it: which row is "this quarter", "previous
quarter", "same quarter last year" and "year to date" for each measure.

Everything shown in a document comes through here, from rows that have already been through
`scorecard.compare.suppression` (the one suppression rule); nothing reads the unsuppressed
sidecar directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scorecard.errors import RunFailed
from scorecard.periods import previous_quarter, quarter
from scorecard.render.sidecars import RunInfo

SUPPRESSION_FLAGS = ("numerator_suppressed", "denominator_suppressed", "value_suppressed",
                     "rate_suppressed")


def suppress(measures: pd.DataFrame, suppress_below: int) -> pd.DataFrame:
    """Every row the document shows, through the project's one suppression function."""
    try:
        from scorecard.compare.suppression import suppress_scorecard
    except ImportError as e:
        # Never publish unsuppressed numbers: no suppression, no documents.
        raise RunFailed(
            "documents cannot be rendered: scorecard.compare.suppression is not available "
            f"({e}); small numbers would be shown"
        ) from None
    out = suppress_scorecard(measures, suppress_below)
    missing = [c for c in SUPPRESSION_FLAGS if c not in out.columns]
    if missing:
        raise RunFailed(f"suppress_scorecard returned no {missing[0]} column")
    if len(out) != len(measures):
        raise RunFailed("suppress_scorecard changed the number of rows")
    for c in SUPPRESSION_FLAGS:
        out[c] = out[c].fillna(False).astype(bool)
    # A cell flagged as hidden must hold no number, whatever the suppression code returned.
    for flag, column in (("numerator_suppressed", "numerator"),
                         ("denominator_suppressed", "denominator"),
                         ("value_suppressed", "value"), ("rate_suppressed", "rate_per_10k")):
        out[column] = out[column].astype("float64").mask(out[flag])
    return out


@dataclass(frozen=True)
class Column:
    key: str  # this | previous | last_year | ytd
    heading: str


class ScorecardView:
    """Look-ups into the suppressed rows by measure, window and period end."""

    def __init__(self, rows: pd.DataFrame, run: RunInfo):
        self.rows = rows
        self.run = run
        self.quarterly = run.period.kind == "quarter"
        # Plain dicts: a document makes ~1,000 look-ups, and a pandas row costs ~0.5 ms each.
        self._records = rows.to_dict("records")
        self._index = {
            (m, w, pd.Timestamp(e)): i
            for i, (m, w, e) in enumerate(zip(rows.measure_id, rows.window, rows.period_end))
        }
        self.measure_ids = list(dict.fromkeys(rows.measure_id))
        self._main_window = {}
        for mid, windows in rows.groupby("measure_id", sort=False)["window"]:
            present = set(windows)
            self._main_window[mid] = next(
                w for w in ("quarter", "period", "snapshot", "rolling", "ytd") if w in present
            )
        end = run.period.end
        if self.quarterly:
            try:
                q = quarter(run.period.label)
            except ValueError as e:
                raise RunFailed(f"run.json: period.label: {e}") from None
            prev, last_year = previous_quarter(q), previous_quarter(q, 4)
            self.ends = {"this": end, "previous": prev.end, "last_year": last_year.end}
            self.labels = {"this": q.display, "previous": prev.display,
                           "last_year": last_year.display}
        else:
            self.ends = {"this": end}
            self.labels = {"this": run.period.display}

    def main_window(self, mid: str) -> str | None:
        return self._main_window.get(mid)

    def is_flow(self, mid: str) -> bool:
        return self.main_window(mid) in ("quarter", "period")

    def row(self, mid: str, window: str, end: pd.Timestamp) -> dict | None:
        i = self._index.get((mid, window, pd.Timestamp(end)))
        return None if i is None else self._records[i]

    def at(self, mid: str, key: str) -> dict | None:
        """The row for column `key` (this, previous, last_year, ytd) or None when there is none."""
        window = self.main_window(mid)
        if window is None:
            return None
        if key == "ytd":
            return self.row(mid, "ytd", self.ends["this"]) if self.is_flow(mid) else None
        if key not in self.ends:
            return None
        return self.row(mid, window, self.ends[key])

    def trend(self, mid: str) -> dict[pd.Timestamp, dict]:
        """The measure's quarterly rows (quarter, snapshot or rolling) by period end."""
        window = self.main_window(mid)
        return {end: self._records[i] for (m, w, end), i in self._index.items()
                if m == mid and w == window}

    def value_hidden(self, row: dict | None) -> bool:
        return row is not None and bool(row["value_suppressed"])
