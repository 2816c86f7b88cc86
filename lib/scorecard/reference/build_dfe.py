"""Build the compact benchmark table from DfE's published CSVs.

    python -m scorecard.reference.build_dfe [--raw data/dfe] [--out lib/scorecard/data/...]

The table is long: one row per (measure_id, time_period, geographic_level, code) for exactly the
measures in `sources.SOURCES`, with England (National), every region (Regional) and every local
authority. It is shipped as package data, so a run needs neither the raw files nor the network;
rerun this script when DfE publishes a new year (and copy the new files into data/dfe/).

A cell holding one of DfE's codes instead of a number leaves `value` empty and keeps the code in
`status`. Values DfE suppressed are never reconstructed (say, a suppressed bin by subtraction
from the total): that would undo DfE's disclosure control.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np
import pandas as pd

from scorecard.errors import ScorecardError
from scorecard.reference.sources import (
    SOURCES,
    STABILITY_BREAKDOWN,
    STABILITY_COUNT,
    STABILITY_GROUP,
    STABILITY_PERCENT,
    BenchmarkSource,
)

# c confidential, x not available, z not applicable, u low reliability, k rounds to 0
DFE_CODES = ("c", "x", "z", "u", "k")
LEVELS = ("National", "Regional", "Local authority")
TABLE_COLUMNS = [
    "measure_id", "time_period", "geographic_level", "code", "name", "region_code", "value",
    "status", "numerator", "denominator", "method",
]
_ID_COLUMNS = ["time_period", "geographic_level", "country_code", "country_name", "region_code",
               "region_name", "new_la_code", "la_name"]
VALUE_DECIMALS = 6
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")

REPO = Path(__file__).resolve().parents[3]
DEFAULT_RAW = REPO / "data" / "dfe"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "dfe_benchmarks.csv"


class BenchmarkDataError(ScorecardError):
    """A DfE file that cannot be read as expected; the message names file, column and row."""


def build_table(raw: Path = DEFAULT_RAW) -> pd.DataFrame:
    """The compact table (TABLE_COLUMNS) from the raw files in `raw`."""
    raw = Path(raw)
    frames: dict[str, pd.DataFrame] = {}
    out = []
    for src in SOURCES.values():
        if src.file not in frames:
            frames[src.file] = _read(raw / src.file)
        out.append(_measure_rows(src, frames[src.file]))
    table = pd.concat(out, ignore_index=True)
    level_order = table["geographic_level"].map({lv: i for i, lv in enumerate(LEVELS)})
    table = (table.assign(_level=level_order)
             .sort_values(["measure_id", "time_period", "_level", "code"], kind="stable")
             .drop(columns="_level").reset_index(drop=True))
    return table[TABLE_COLUMNS]


def write_table(table: pd.DataFrame, out: Path = DEFAULT_OUT) -> None:
    """Write byte for byte reproducibly (same raw files, same bytes)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False, lineterminator="\n")


def _read(path: Path) -> pd.DataFrame:
    try:
        # utf-8-sig: some DfE files start with a byte-order mark
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise BenchmarkDataError(f"DfE file not found: {path}") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as e:
        raise BenchmarkDataError(f"{path}: not a readable CSV file: {e}") from None
    frame.attrs["path"] = str(path)
    _require(frame, _ID_COLUMNS)
    # a level we do not use (none in today's files) is an error, not a silent drop
    unknown_level = ~frame["geographic_level"].isin(LEVELS)
    if unknown_level.any():
        _fail_at(frame, "geographic_level", unknown_level, f"is not one of {', '.join(LEVELS)}")
    if not frame["time_period"].str.fullmatch(r"\d{4}").all():
        _fail_at(frame, "time_period", ~frame["time_period"].str.fullmatch(r"\d{4}"),
                 "is not a year like 2025")
    frame["code"] = np.select(
        [frame["geographic_level"] == "National", frame["geographic_level"] == "Regional"],
        [frame["country_code"], frame["region_code"]], frame["new_la_code"])
    frame["name"] = np.select(
        [frame["geographic_level"] == "National", frame["geographic_level"] == "Regional"],
        [frame["country_name"], frame["region_name"]], frame["la_name"])
    if (frame["code"] == "").any():
        _fail_at(frame, "code", frame["code"] == "",
                 "has no geography code (country_code, region_code or new_la_code)")
    # region_code of a National row is empty in some files and not others: keep it empty
    frame.loc[frame["geographic_level"] == "National", "region_code"] = ""
    return frame


def _require(frame: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BenchmarkDataError(
            f"{frame.attrs['path']}: missing column {missing[0]!r} "
            f"(DfE may have renamed it; update scorecard/reference/sources.py)"
        )


def _fail_at(frame: pd.DataFrame, column: str, bad: pd.Series, what: str) -> None:
    i = int(np.flatnonzero(bad.to_numpy())[0])
    line = frame.index[i] + 2  # the header is line 1, the first data row line 2
    value = frame[column].iloc[i] if column in frame.columns else ""
    raise BenchmarkDataError(
        f"{frame.attrs['path']}, column {column}, row {line}: {value!r} {what}"
    )


def _cells(frame: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """(numbers, codes) of a column: each cell is a number or one of DfE's codes."""
    text = frame[column].str.strip()
    is_number = text.str.fullmatch(_NUMBER)
    is_code = text.isin(DFE_CODES)
    if not (is_number | is_code).all():
        _fail_at(frame, column, ~(is_number | is_code),
                 f"is neither a number nor a DfE code ({', '.join(DFE_CODES)})")
    numbers = pd.to_numeric(text.where(is_number), errors="coerce").astype("float64")
    codes = text.where(is_code, "")
    return numbers, codes


def _widen_stability(frame: pd.DataFrame, src: BenchmarkSource) -> pd.DataFrame:
    """One row per geography and year, a `<breakdown>:<column>` column per breakdown."""
    _require(frame, [STABILITY_GROUP, STABILITY_BREAKDOWN, STABILITY_COUNT, STABILITY_PERCENT])
    for column in (STABILITY_COUNT, STABILITY_PERCENT):
        _cells(frame, column)  # every cell checked in place, so an error names its row
    rows = frame[frame[STABILITY_GROUP] == src.group]
    if rows.empty:
        raise BenchmarkDataError(f"{frame.attrs['path']}: no rows with {STABILITY_GROUP} = "
                                 f"{src.group!r}")
    keys = ["time_period", "geographic_level", "code", "name", "region_code"]
    dup = rows.duplicated([*keys, STABILITY_BREAKDOWN])
    if dup.any():
        _fail_at(rows, STABILITY_BREAKDOWN, dup, "appears twice for the same geography and year")
    wide = rows.pivot(index=keys, columns=STABILITY_BREAKDOWN,
                      values=[STABILITY_COUNT, STABILITY_PERCENT])
    wide.columns = [f"{breakdown}:{value}" for value, breakdown in wide.columns]
    wide = wide.reset_index()
    for column in src.columns:
        if column not in wide.columns:
            raise BenchmarkDataError(f"{frame.attrs['path']}: no {column.split(':')[0]!r} rows "
                                     f"in {STABILITY_GROUP} {src.group!r}")
        missing = wide[column].isna()
        if missing.any():
            row = wide[missing].iloc[0]
            raise BenchmarkDataError(
                f"{frame.attrs['path']}: {src.group!r} has no {column.split(':')[0]!r} row for "
                f"{row['name']} ({row['code']}) in {row['time_period']}"
            )
    wide.attrs["path"] = frame.attrs["path"]
    return wide


def _measure_rows(src: BenchmarkSource, frame: pd.DataFrame) -> pd.DataFrame:
    if src.group is not None:
        frame = _widen_stability(frame, src)
    _require(frame, src.columns)
    dup = frame.duplicated(["time_period", "geographic_level", "code"])
    if dup.any():
        _fail_at(frame, "code", dup, "appears twice in the same year")
    cells = {c: _cells(frame, c) for c in src.columns}
    n = len(frame)
    numerator = denominator = pd.Series(np.nan, index=frame.index)
    if src.kind == "rate":
        value, codes = cells[src.rate_column]
        method = np.where(value.notna(), "published rate", "")
        status = codes
    else:
        numerator = _sum(cells, src.numerator)
        denominator = _sum(cells, src.denominator)
        from_counts = numerator.notna() & (denominator > 0)
        value = (100.0 * numerator / denominator).where(from_counts)
        method = np.where(from_counts, "counts", "")
        if src.percent_column:
            published, _ = cells[src.percent_column]
            fallback = ~from_counts & published.notna()
            value = value.where(~fallback, published)
            method = np.where(fallback, "published percent", method)
        status = _first_code(cells, value.isna(), src)
    return pd.DataFrame({
        "measure_id": [src.measure_id] * n,
        "time_period": frame["time_period"].astype(int).to_numpy(),
        "geographic_level": frame["geographic_level"].to_numpy(),
        "code": frame["code"].to_numpy(),
        "name": frame["name"].to_numpy(),
        "region_code": frame["region_code"].to_numpy(),
        # a millionth of a percentage point is far below what any document shows (1 decimal)
        "value": value.round(VALUE_DECIMALS).to_numpy(),
        "status": status.to_numpy(),
        "numerator": pd.array(numerator.round(), dtype="Int64"),
        "denominator": pd.array(denominator.round(), dtype="Int64"),
        "method": method,
    })


def _sum(cells: dict, columns: tuple[str, ...]) -> pd.Series:
    """Sum of count columns; empty where any of them is a code (no partial sums)."""
    numbers = pd.concat([cells[c][0] for c in columns], axis=1)
    return numbers.sum(axis=1, min_count=len(columns)).where(numbers.notna().all(axis=1))


def _first_code(cells: dict, empty: pd.Series, src: BenchmarkSource) -> pd.Series:
    """Why a value is empty: DfE's code from the percent column, else the counts' first code.

    A value can also be empty with every count a number, when the denominator is 0 and there
    is no percent column to say so: that is DfE's `z` (not applicable) by their own convention.
    """
    order = [src.percent_column] if src.percent_column else []
    order += [*src.denominator, *src.numerator]
    status = pd.Series("", index=empty.index, dtype=object)
    for column in order:
        codes = cells[column][1]
        status = status.where(status != "", codes)
    status = status.where(status != "", "z")
    return status.where(empty, "")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder of DfE CSV files")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="compact table to write")
    args = p.parse_args(argv)
    table = build_table(args.raw)
    write_table(table, args.out)
    print(f"{args.out}: {len(table)} rows, {table['measure_id'].nunique()} measures")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
