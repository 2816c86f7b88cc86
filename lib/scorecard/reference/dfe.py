"""England, region and statistical-neighbour benchmarks from DfE's published statistics.

The compact table (package data `data/dfe_benchmarks.csv`, made by `build_dfe.py`) holds one
value per measure, DfE year and geography. `attach_benchmarks` puts beside each measures.csv row
of a benchmarked measure:

- `england`: the National figure; `region`: the Regional figure of `params.region_code`;
- `neighbours`: the plain mean of the statistical neighbours' published figures, over those with
  a number (a suppressed or missing neighbour is left out; `neighbours_used` says how many
  counted; none leaves it empty), as DfE's own benchmarking tools average them;
- `benchmark_year`: the DfE year used, as a financial year ("2024-25" for time_period 2025).

Year rule: each row takes the latest DfE year whose 31 March is on or before the row's
`period_end`, among the years published for that measure (the file's latest year may be older:
assessments, c2, stop at 2024, so a 2025-26 row takes 2023-24). A suppressed figure for that
year stays empty; an older year is never substituted, so the three benchmarks of a row are
always the same year.

Percentages compare with the row's `value`; counts with its `rate_per_10k`, which the engine
works out over the 12 months ending at the period's end (MEASURES.md), DfE's annual basis.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from scorecard.errors import ParamsInvalid
from scorecard.params import Params
from scorecard.reference.sources import BENCHMARKED, SOURCES

ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Source: Department for Education, Characteristics of children in need / Children looked "
    "after in England."
)
BENCHMARK_COLUMNS = ("england", "region", "neighbours", "benchmark_year", "neighbours_used")


def _packaged_table() -> Path:
    return Path(str(resources.files("scorecard") / "data" / "dfe_benchmarks.csv"))


@lru_cache(maxsize=4)
def load_benchmarks(path: str | Path | None = None) -> pd.DataFrame:
    """The compact benchmark table, read once per process (callers must not modify it)."""
    path = Path(path) if path is not None else _packaged_table()
    return pd.read_csv(
        path,
        dtype={"measure_id": str, "time_period": "int64", "geographic_level": str, "code": str,
               "name": str, "region_code": str, "value": "float64", "status": str,
               "numerator": "Int64", "denominator": "Int64", "method": str},
        keep_default_na=False,
        na_values={"value": [""], "numerator": [""], "denominator": [""]},
    )


def dfe_year(period_end: pd.Series) -> pd.Series:
    """The DfE year (time_period) whose 31 March is the latest on or before each date."""
    ends = pd.to_datetime(period_end)
    year = ends.dt.year
    before_march_31 = (ends.dt.month < 3) | ((ends.dt.month == 3) & (ends.dt.day < 31))
    return (year - before_march_31.astype(int)).astype("Int64")


def year_label(time_period: int) -> str:
    """DfE's time_period 2025 is the financial year 2024-25."""
    return f"{time_period - 1}-{time_period % 100:02d}"


def lookup(measure_id: str, time_period: int, code: str, table: pd.DataFrame | None = None
           ) -> pd.Series:
    """One published figure (value, status, numerator, denominator, ...) of one geography."""
    table = load_benchmarks() if table is None else table
    hit = table[(table.measure_id == measure_id) & (table.time_period == time_period)
                & (table.code == code)]
    if len(hit) != 1:
        raise KeyError(f"no DfE figure for {measure_id} {time_period} {code}")
    return hit.iloc[0]


def check_params(params: Params, table: pd.DataFrame | None = None) -> None:
    """Refuse a region or neighbour code that DfE's tables do not know (a typo, an old code)."""
    table = load_benchmarks() if table is None else table
    where = params.source or "params"
    if params.region_code:
        regions = set(table.loc[table.geographic_level == "Regional", "code"])
        if params.region_code not in regions:
            raise ParamsInvalid(
                f"{where}: region_code {params.region_code!r} is not a region in DfE's tables "
                f"(ONS codes E12000001-E12000009, or E13000001/E13000002 for Inner/Outer London)"
            )
    las = set(table.loc[table.geographic_level == "Local authority", "code"])
    seen: set[str] = set()
    for code in params.statistical_neighbours:
        if code not in las:
            raise ParamsInvalid(
                f"{where}: statistical_neighbours: {code!r} is not a local authority in DfE's "
                f"tables (use the 9-character new_la_code, e.g. E10000018)"
            )
        if code in seen:
            raise ParamsInvalid(f"{where}: statistical_neighbours: {code!r} is listed twice")
        seen.add(code)


def attach_benchmarks(rows: pd.DataFrame, params: Params,
                      table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Fill england, region, neighbours, benchmark_year, neighbours_used (see module docstring).

    Rows of measures without a DfE benchmark, and rows ending before DfE's first year, keep
    these columns empty.
    """
    table = load_benchmarks() if table is None else table
    check_params(params, table)
    out = rows.copy()
    keys = pd.DataFrame({
        "measure_id": out["measure_id"].astype(str),
        "asked_year": dfe_year(out["period_end"]),
    }, index=out.index)
    keys["time_period"] = _published_year(keys, table)

    figures = _figures_by_year(table, params)
    # a left merge keeps the rows' order, so the result lines up with `out` position by position
    found = keys.merge(figures, on=["measure_id", "time_period"], how="left")
    found.index = out.index
    has_year = keys["time_period"].notna()
    out["england"] = found["england"].astype("float64")
    out["region"] = found["region"].astype("float64")
    out["neighbours"] = found["neighbours"].astype("float64")
    out["neighbours_used"] = (found["neighbours_used"].fillna(0).astype("Int64")
                              .where(has_year, pd.NA))
    out["benchmark_year"] = pd.Series(
        [year_label(int(y)) if not pd.isna(y) else None for y in keys["time_period"]],
        index=out.index, dtype=object)
    return out


def _published_year(keys: pd.DataFrame, table: pd.DataFrame) -> pd.Series:
    """The latest year DfE published for the measure at or before the asked year (else NA)."""
    published = (table.loc[table.geographic_level == "National", ["measure_id", "time_period"]]
                 .drop_duplicates())
    chosen = pd.Series(pd.NA, index=keys.index, dtype="Int64")
    for measure_id, years in published.groupby("measure_id")["time_period"]:
        mine = (keys["measure_id"] == measure_id) & keys["asked_year"].notna()
        if not mine.any():
            continue
        years = np.sort(years.to_numpy())
        asked = keys.loc[mine, "asked_year"].to_numpy(dtype="int64")
        position = np.searchsorted(years, asked, side="right") - 1
        picked = pd.array(years[np.clip(position, 0, None)], dtype="Int64")
        picked[position < 0] = pd.NA  # the row ends before DfE's first year
        chosen.loc[mine] = picked
    return chosen


def _figures_by_year(table: pd.DataFrame, params: Params) -> pd.DataFrame:
    """England, region and the neighbours' mean per (measure_id, time_period)."""
    keys = ["measure_id", "time_period"]
    national = table.loc[table.geographic_level == "National", [*keys, "value"]]
    figures = national.rename(columns={"value": "england"})
    region = table.loc[(table.geographic_level == "Regional")
                       & (table.code == (params.region_code or "")), [*keys, "value"]]
    figures = figures.merge(region.rename(columns={"value": "region"}), on=keys, how="left")
    neighbours = table.loc[(table.geographic_level == "Local authority")
                           & table.code.isin(params.statistical_neighbours), [*keys, "value"]]
    mean = (neighbours.groupby(keys)["value"].agg(neighbours="mean", neighbours_used="count")
            .reset_index())
    return figures.merge(mean, on=keys, how="left")


def benchmark_sources(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which measures have benchmarks, from which DfE file and columns (methodology appendix)."""
    table = load_benchmarks() if table is None else table
    national = table[table.geographic_level == "National"]
    years = national.groupby("measure_id")["time_period"].agg(["min", "max"])
    return pd.DataFrame([{
        "measure_id": s.measure_id,
        "publication": s.publication,
        "file": s.file,
        "compares_with": "percentage" if s.kind == "percent"
        else "rate per 10,000 children (12 months to the period's end)",
        "method": s.method,
        "definition": s.note,
        "first_year": year_label(int(years.loc[s.measure_id, "min"])),
        "latest_year": year_label(int(years.loc[s.measure_id, "max"])),
    } for s in SOURCES.values()])


def has_benchmark(measure_id: str) -> bool:
    return measure_id in BENCHMARKED
