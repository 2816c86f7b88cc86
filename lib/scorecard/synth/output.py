"""From generated arrays to the extract's files: typed Arrow columns and streaming writers.

Each table's columns are built from numpy arrays (ids as integers, dates as day numbers, codes
as indexes into a list of codes) and written with pyarrow, so a national-size extract is
formatted in C++ rather than row by row. Writers stay open across blocks and append each
block's rows, so the whole extract is never held in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from scorecard import schema
from scorecard.synth.days import NEVER

ID_WIDTH = 10  # pseudonymous ids are zero-padded strings, as many case systems export them
_ARROW_TYPE = {
    schema.ID: pa.string(), schema.CODE: pa.string(), schema.TEXT: pa.string(),
    schema.FLAG: pa.string(), schema.DATE: pa.date32(), schema.NUMBER: pa.float64(),
}


def ids(values: np.ndarray) -> pa.Array:
    """Integer ids as zero-padded strings; a negative value is a blank (no link)."""
    values = np.asarray(values, dtype=np.int64)
    arr = pa.array(values, mask=values < 0)
    return pc.utf8_lpad(pc.cast(arr, pa.string()), ID_WIDTH, "0")


def dates(values: np.ndarray) -> pa.Array:
    """Day numbers as dates; NEVER (has not happened) is a blank."""
    values = np.asarray(values, dtype=np.int64)
    blank = values >= NEVER
    return pa.array(np.where(blank, 0, values).astype(np.int32), mask=blank).cast(pa.date32())


def codes(choices: Sequence[str], index: np.ndarray) -> pa.Array:
    """The code `choices[i]` for each index i; -1 is a blank."""
    index = np.asarray(index, dtype=np.int64)
    table = pa.array(list(choices) + [None], type=pa.string())
    return table.take(pa.array(np.where(index < 0, len(choices), index)))


def flags(yes: np.ndarray, blank: np.ndarray | None = None) -> pa.Array:
    """Y/N flags from booleans; `blank` marks values not recorded."""
    index = np.where(np.asarray(yes, dtype=bool), 0, 1)
    if blank is not None:
        index = np.where(blank, -1, index)
    return codes(["Y", "N"], index)


def text(value: str, n: int) -> pa.Array:
    return codes([value], np.zeros(n, dtype=np.int64))


def numbers(values: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.float64))


def arrow_schema(table: str) -> pa.Schema:
    t = schema.TABLES[table]
    return pa.schema([pa.field(c.name, _ARROW_TYPE[c.kind]) for c in t.columns])


def to_table(table: str, columns: dict[str, pa.Array]) -> pa.Table:
    """Columns in the schema's order, each of the schema's kind; every schema column present."""
    sch = arrow_schema(table)
    missing = [f.name for f in sch if f.name not in columns]
    extra = [c for c in columns if c not in sch.names]
    if missing or extra:
        raise ValueError(f"{table}: columns missing {missing} or unexpected {extra}")
    return pa.table([columns[f.name].cast(f.type) for f in sch], schema=sch)


def encode(table: pa.Table, fmt: str) -> bytes | pa.Table:
    """A block's rows ready to append: CSV bytes without the header, or the Arrow table."""
    if fmt != "csv":
        return table
    sink = pa.BufferOutputStream()
    # Our values never hold commas, quotes or newlines; quoting "none" makes the writer
    # refuse rather than quote if one ever did.
    opts = pacsv.WriteOptions(include_header=False, quoting_style="none")
    pacsv.write_csv(table, sink, write_options=opts)
    return sink.getvalue().to_pybytes()


class ExtractWriter:
    """One open file per table; each block's rows are appended as they are made."""

    def __init__(self, out: Path, fmt: str):
        if fmt not in ("csv", "parquet"):
            raise ValueError(f"format {fmt!r}: csv or parquet")
        self.out, self.fmt = out, fmt
        self._sinks: dict[str, object] = {}

    def _open(self, table: str):
        path = self.out / f"{table}.{self.fmt}"
        # A stale file of the other format would make the extract ambiguous to the loader.
        other = self.out / f"{table}.{'parquet' if self.fmt == 'csv' else 'csv'}"
        other.unlink(missing_ok=True)
        sch = arrow_schema(table)
        if self.fmt == "csv":
            f = open(path, "wb")
            f.write((",".join(sch.names) + "\n").encode("utf-8"))
            return f
        return pq.ParquetWriter(str(path), sch, compression="zstd")

    def write(self, table: str, rows: bytes | pa.Table) -> None:
        """Append one block's rows, as made by `encode` (opening the file on first use)."""
        if table not in self._sinks:
            self._sinks[table] = self._open(table)
        sink = self._sinks[table]
        if isinstance(rows, bytes):
            sink.write(rows)
        elif rows.num_rows:
            sink.write_table(rows)

    def close(self) -> None:
        for sink in self._sinks.values():
            sink.close()
        self._sinks.clear()
