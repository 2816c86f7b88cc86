"""The measure engine: every registered measure for the periods a run needs, in one place.

For a quarter it computes the 8 quarters ending with it (the trend), the year to date for flow
measures, snapshots at each quarter end, rolling windows at each quarter end, and the care-leaver
snapshot for the latest period only. A `--start/--end` period gives its own window only. Derived
columns shared by measures and periods are cached through `Extract.derived`, so each period
costs a mask over columns computed once; the cache lives on a copy of the extract per group of
areas that share such work (SHARED_WORK) and is let go when the group is done.

The rows follow the measures.csv contract of DESIGN.md; the audit frames are kept for the period
asked for (quarter and YTD). The trailing quarters and the 12-month rates need only their
numbers, so the measures run inside `numbers_only()` for them: the same rule functions, without
the record columns, reasons and sorting of a full audit.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from scorecard.extract.model import Extract
from scorecard.measures.audit_frame import numbers_only
from scorecard.measures.registry import Measure, load_all, summarise
from scorecard.params import Params
from scorecard.periods import Period, custom, months_before, trailing_quarters, year_to_date

MEASURES_CSV_COLUMNS = [
    "measure_id", "title", "area", "window", "period_start", "period_end", "numerator",
    "denominator", "value", "rate_per_10k", "unit", "polarity", "target", "rag", "england",
    "region", "neighbours", "benchmark_year", "direction",
]
_WINDOW_ORDER = {"quarter": 0, "ytd": 1, "period": 2, "snapshot": 3, "rolling": 4}
TREND_QUARTERS = 8


@dataclass
class Scorecard:
    period: Period
    rows: pd.DataFrame
    audits: dict[str, pd.DataFrame] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)
    # benchmark detail the rows cannot carry (e.g. how many neighbours had a number)
    notes: dict[str, dict] = field(default_factory=dict)

    def row(self, measure_id: str, window: str | None = None) -> pd.Series:
        """The row of the period asked for (its quarter/ytd/snapshot...)."""
        r = self.rows[(self.rows.measure_id == measure_id)
                      & (self.rows.period_end == self.period.end)]
        if window:
            r = r[r.window == window]
        if len(r) != 1:
            raise KeyError(f"{measure_id} {window}: {len(r)} rows")
        return r.iloc[0]


# Areas whose measures share derived work (seen-visit indexes, periods of care...): each group
# computes on its own copy of the extract whose derived cache is dropped when the group is done,
# so a national-size run holds one group's working data at a time, not every group's.
SHARED_WORK = (
    ("front_door", "assessment", "child_protection", "children_in_need"),
    ("looked_after", "adoption"),
)


def _work_group(area: str) -> tuple[str, ...]:
    return next((g for g in SHARED_WORK if area in g), (area,))


def unavailable_reason(m: Measure, x: Extract) -> str | None:
    """Why a measure cannot be computed from this extract, or None when it can."""
    missing_tables = [t for t in m.tables if t not in x.tables]
    if missing_tables:
        return "not available from this extract: no " + ", ".join(missing_tables)
    missing_cols = [f"{t}.{c}" for t, c in m.columns if t in x.tables and not x.has(t, c)]
    if missing_cols:
        return "not available from this extract: no column " + ", ".join(missing_cols)
    return None


def _windows(
    m: Measure, period: Period, extract_date: pd.Timestamp
) -> list[tuple[str, Period, bool]]:
    """(window label, period, keep the audit?) for every row the measure needs."""
    if period.kind == "period":
        label = {"flow": "period", "snapshot": "snapshot", "rolling": "rolling",
                 "latest": "snapshot"}[m.window]
        return [(label, period, True)]
    quarters = trailing_quarters(period, TREND_QUARTERS)
    if m.window == "flow":
        out = [("quarter", q, q == period) for q in quarters]
        return out + [("ytd", year_to_date(period), True)]
    if m.window == "latest":
        return [("snapshot", period, True)]
    label = m.window  # snapshot | rolling
    # a snapshot needs the extract to reach the period's end
    return [(label, q, q == period) for q in quarters if q.end <= extract_date]


def _row_start(window: str, p: Period) -> pd.Timestamp:
    if window == "snapshot":
        return p.end
    if window == "rolling":
        return months_before(p.end, 36) + pd.Timedelta(days=1)
    return p.start


def _rate(m: Measure, x: Extract, p: Period, value, params: Params,
          yearly: dict[pd.Timestamp, float | None]):
    """Per 10,000 children; `yearly` keeps a flow's 12-month value per period end (the quarter
    and the year to date end on the same day and share it)."""
    if not m.rate_per_10k or not params.population_0_17 or value is None:
        return None
    if m.window == "flow":
        # DfE publishes flows per year: the rate is over the 12 months ending at the period's end
        if p.end not in yearly:
            year = custom(months_before(p.end, 12) + pd.Timedelta(days=1), p.end)
            with numbers_only():
                yearly[p.end] = summarise(m, m.func(x, year, params)).value
        value = yearly[p.end]
        if value is None:
            return None
    return value * 10000.0 / params.population_0_17


def compute_scorecard(
    x: Extract,
    params: Params,
    period: Period,
    areas: list[str] | None = None,
    audits: bool = True,
    progress=None,
) -> Scorecard:
    """Every measure (or those of `areas`) for `period` and its trend; see the module docstring."""
    registry = load_all()
    measures = [m for m in registry.values() if areas is None or m.area in areas]
    windows: dict[str, list[tuple[str, Period, bool]]] = {}  # per kind of window, made once
    rows: list[dict] = []
    kept: dict[str, pd.DataFrame] = {}
    unavailable: dict[str, str] = {}
    group, work = None, x
    for m in measures:
        if _work_group(m.area) != group:
            # a fresh cache for this group's derived work; the last group's is let go
            group, work = _work_group(m.area), dataclasses.replace(x, _derived={})
        reason = unavailable_reason(m, x)
        if reason:
            unavailable[m.id] = reason
            continue
        target = params.targets.get(m.id)
        frames = []
        yearly: dict[pd.Timestamp, float | None] = {}
        if m.window not in windows:
            windows[m.window] = _windows(m, period, x.extract_date)
        for window, p, keep in windows[m.window]:
            # the trend quarters and rates need only numbers: no record columns, reasons, sort
            with numbers_only(not (keep and audits)):
                audit = m.func(work, p, params)
            r = summarise(m, audit)
            rows.append({
                "measure_id": m.id, "title": m.title, "area": m.area, "window": window,
                "period_start": _row_start(window, p), "period_end": p.end,
                "numerator": r.numerator, "denominator": r.denominator, "value": r.value,
                "rate_per_10k": _rate(m, work, p, r.value, params, yearly),
                "unit": m.unit, "polarity": m.polarity,
                "target": target.target if target else None,
                "_amber": target.amber if target else None,
            })
            if keep and audits:
                framed = audit.copy(deep=False)  # shares the data; the measure's frame untouched
                framed.insert(0, "window", window)
                frames.append(framed)
            if progress:
                progress(m.id, window, p)
        if frames:
            kept[m.id] = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    frame = _finish(pd.DataFrame(rows), params)
    return Scorecard(period, frame, kept, unavailable)


def _finish(rows: pd.DataFrame, params: Params) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=MEASURES_CSV_COLUMNS)
    rows["rag"] = _rag(rows)
    rows = rows.drop(columns="_amber")
    rows["direction"] = _direction(rows)
    for c in ("england", "region", "neighbours", "benchmark_year"):
        rows[c] = None
    rows = _benchmarks(rows, params)
    order = {mid: i for i, mid in enumerate(load_all())}
    rows = rows.assign(
        _m=rows.measure_id.map(order), _w=rows.window.map(_WINDOW_ORDER)
    ).sort_values(["_m", "_w", "period_end"], kind="stable")
    rows = rows.drop(columns=["_m", "_w"]).reset_index(drop=True)
    for c in ("numerator", "denominator"):
        rows[c] = pd.array(
            [None if v is None or pd.isna(v) else int(round(v)) for v in rows[c]], dtype="Int64"
        )
    for c in ("value", "rate_per_10k", "target"):
        rows[c] = pd.to_numeric(rows[c], errors="coerce").astype("float64")
    extra = [c for c in rows.columns if c not in MEASURES_CSV_COLUMNS]
    return rows[MEASURES_CSV_COLUMNS + extra]


def _rag(rows: pd.DataFrame) -> list:
    try:
        from scorecard.compare.rag import rag
    except ImportError:  # comparisons not installed yet: no RAG rather than a wrong one
        return [None] * len(rows)
    return [
        rag(v, pol, t, a) if t is not None and not pd.isna(t) else None
        for v, pol, t, a in zip(rows.value, rows.polarity, rows.target, rows._amber)
    ]


def _direction(rows: pd.DataFrame) -> list:
    """Against the previous quarter's row of the same measure and window (not for YTD)."""
    try:
        from scorecard.compare.direction import direction
    except ImportError:
        return [None] * len(rows)
    out = [None] * len(rows)
    trend = rows[rows.window.isin(["quarter", "snapshot", "rolling"])]
    for (_, _), g in trend.groupby(["measure_id", "window"], sort=False):
        g = g.sort_values("period_end")
        prev_value = None
        prev_end = None
        for idx, v, end, pol in zip(g.index, g.value, g.period_end, g.polarity):
            consecutive = prev_end is not None and (end - prev_end).days <= 92
            if consecutive:
                out[idx] = direction(v, prev_value, pol)
            prev_value, prev_end = v, end
    return out


def _benchmarks(rows: pd.DataFrame, params: Params) -> pd.DataFrame:
    try:
        from scorecard.reference.dfe import attach_benchmarks
    except ImportError:
        return rows
    return attach_benchmarks(rows, params)


# -- writing, byte for byte reproducible ------------------------------------------------------

def write_measures_csv(rows: pd.DataFrame, path: Path) -> None:
    out = rows[MEASURES_CSV_COLUMNS].copy()
    for c in ("period_start", "period_end"):
        out[c] = pd.to_datetime(out[c]).dt.strftime("%Y-%m-%d")
    out.to_csv(path, index=False, lineterminator="\n", float_format=None)


def write_audits(audits: dict[str, pd.DataFrame], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for mid, frame in sorted(audits.items()):
        frame.to_csv(folder / f"{mid}.csv", index=False, lineterminator="\n",
                     date_format="%Y-%m-%d")


def to_float(v) -> float | None:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)
