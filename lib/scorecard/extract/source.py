"""Where a record came from, said the way the person who opens the file will count it.

Every refusal and every data-quality row names the file and the row. A CSV is counted in lines
as a spreadsheet or text editor shows them: the header is line 1, so the first record is line 2.
A parquet file has no header, so its records are counted from 1. Frames handed in directly
(tests, micro extracts) are counted like a CSV, as if they had been written to one.

Lines are counted as records: a quoted value holding a line break (rare in an SSD export) makes
the editor's line number larger than the one given here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

CSV, PARQUET, FRAME = "csv", "parquet", "frame"


@dataclass(frozen=True)
class Source:
    name: str  # the file name ("ssd_contacts.csv") or, for a frame, "table ssd_contacts"
    kind: str = FRAME

    @property
    def _word(self) -> str:
        return "row" if self.kind == PARQUET else "line"

    @property
    def _first(self) -> int:
        return 1 if self.kind == PARQUET else 2

    @property
    def convention(self) -> str:
        if self.kind == PARQUET:
            return "(row 1 is the first record)"
        return "(line 1 is the header)"

    def row(self, position: int) -> str:
        """'line 7' for the record at 0-based position 5 of a CSV."""
        return f"{self._word} {int(position) + self._first}"

    def rows(self, positions: np.ndarray) -> pd.Series:
        """`row` for many positions at once (one string per position)."""
        numbers = pd.Series(np.asarray(positions, dtype=np.int64) + self._first)
        return (self._word + " " + numbers.astype("string")).astype("string")


def source_of(frame: pd.DataFrame, table: str) -> Source:
    """The Source a loader recorded in the frame's attrs, or a frame's own description."""
    name = frame.attrs.get("source_name")
    kind = frame.attrs.get("source_kind")
    if name and kind:
        return Source(str(name), str(kind))
    return Source(f"table {table}", FRAME)
