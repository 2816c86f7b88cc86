"""`scorecard validate --extract DIR [--output DIR] [--allow-exact-dob]`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scorecard import schema
from scorecard.extract.load import other_files, read_extract
from scorecard.extract.model import Extract
from scorecard.extract.quality import (
    data_quality_summary,
    measures_needing_table,
    measures_using_column,
    table_counts,
    write_data_quality,
)
from scorecard.extract.validate import validate_frames

DATA_QUALITY_FILE = "data_quality.csv"


def validate_command(extract: Path, output: Path | None, allow_exact_dob: bool) -> int:
    """Validate the extract, print the summary, write data_quality.csv; 0 when usable.

    A refusal raises ExtractRefused, which the command line prints (exit code 2).
    """
    frames, meta = read_extract(extract)
    x = validate_frames(frames, meta, allow_exact_dob=allow_exact_dob)
    print(format_summary(x, ignored=other_files(extract)))
    if output is not None:
        Path(output).mkdir(parents=True, exist_ok=True)
        path = Path(output) / DATA_QUALITY_FILE
        write_data_quality(x.data_quality, path)
        print(f"\nWritten: {path} ({len(x.data_quality):,} rows)")
    return 0


def _table(frame: pd.DataFrame, numbers: list[str]) -> list[str]:
    """A plain aligned text table (numbers right-aligned with thousands separators)."""
    cells = [[str(c) for c in frame.columns]]
    for row in frame.itertuples(index=False):
        cells.append([f"{v:,}" if c in numbers else str(v) for c, v in zip(frame.columns, row)])
    widths = [max(len(r[i]) for r in cells) for i in range(len(frame.columns))]
    lines = []
    for r in cells:
        parts = [v.rjust(w) if c in numbers else v.ljust(w)
                 for c, v, w in zip(frame.columns, r, widths)]
        lines.append("  " + "  ".join(parts).rstrip())
    return lines


def format_summary(x: Extract, ignored: list[str] | None = None) -> str:
    """The readable summary: counts per table, issues per rule, absent tables, missing columns."""
    name = f"{x.la_name} ({x.la_code})" if x.la_name else (x.la_code or "extract")
    present = [t for t in schema.TABLES if t in x.tables]
    out = [f"{name}: extract date {x.extract_date.date()}, "
           f"{len(present)} of {len(schema.TABLES)} tables present. The extract is usable.", ""]

    counts = table_counts(x)
    numbers = list(counts.columns[1:])
    out.append("Records per table (excluded: left out of every measure that reads the table; "
               "partly excluded: left out of some; suspect: listed, still counted):")
    out += _table(counts, numbers)
    total = counts[numbers].sum()
    out.append(f"  total: {int(total.rows_read):,} read, {int(total.used):,} used, "
               f"{int(total.excluded):,} excluded, {int(total.partly_excluded):,} partly "
               f"excluded, {int(total.suspect):,} suspect")

    out.append("")
    rules = data_quality_summary(x)
    if len(rules):
        out.append("Issues per rule (records):")
        out += _table(rules, ["records"])
    else:
        out.append("No record breaks a rule.")

    absent = [t for t in schema.TABLES if t not in x.tables]
    if absent:
        out += ["", "Tables absent (the measures that need them are not available):"]
        for t in absent:
            ids = measures_needing_table(t)
            out.append(f"  {t}" + (f": {' '.join(ids)}" if ids else ""))

    if x.missing_columns:
        out += ["", "Optional columns missing (the measures that read them are switched off):"]
        for t in schema.TABLES:
            for c in sorted(x.missing_columns.get(t, ())):
                ids = measures_using_column(t, c)
                switched_off = f": {' '.join(ids)}" if ids else " (no measure reads it)"
                out.append(f"  {t}.{c}{switched_off}")

    if ignored:
        out += ["", "Files ignored (not tables of the extract): " + ", ".join(ignored)]
    return "\n".join(out)
