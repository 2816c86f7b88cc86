"""The data-quality report: every excluded or suspect record, with its rule and reason.

One row per record and rule broken (a record breaking two rules has two rows):
- `table`, `row_id` (the record's own id; `line N` where it has none),
- `rule` (a short stable name, e.g. `end_before_start`), `reason` (the row in its file, then why),
- `status`: `excluded` (taken out of the validated tables: the measures named in `measures`, every
  measure that reads the table, never see it) or `suspect` (listed, still counted),
- `measures`: the measure ids the record is excluded from, separated by spaces ('' for suspect).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from scorecard import schema
from scorecard.extract.coerce import to_pandas_strings
from scorecard.extract.model import DATA_QUALITY_COLUMNS, Extract
from scorecard.extract.source import Source

EXCLUDED, SUSPECT = "excluded", "suspect"
# Rules whose records are excluded from some measures only and so stay in the validated table
# (a looked-after review that reaches no child is left out of LA07 by LA07 itself).
PARTIAL_EXCLUSION_RULES = frozenset({"missing_cla_id", "unknown_cla_id"})
TABLE_ORDER = {name: i for i, name in enumerate(schema.TABLES)}


def _registry():
    """Every registered measure. The measure modules may still be incomplete (they are written
    alongside this one and tests run without some of them), so a failed import leaves whatever
    registered so far."""
    from scorecard.measures import registry

    try:
        return registry.load_all()
    except ImportError:
        return registry.MEASURES


def measures_reading() -> dict[str, tuple[str, ...]]:
    """table -> ids of the measures that read it (needed or optional): a record excluded from
    the table is excluded from all of them."""
    readers: dict[str, set[str]] = defaultdict(set)
    for m in _registry().values():
        for t in m.tables:
            readers[t].add(m.id)
        for t, _ in m.columns:
            readers[t].add(m.id)
    return {t: tuple(sorted(ids)) for t, ids in readers.items()}


def measures_using_column(table: str, column: str) -> tuple[str, ...]:
    """Ids of the measures switched off when the optional column is missing."""
    return tuple(sorted(m.id for m in _registry().values() if (table, column) in m.columns))


def measures_needing_table(table: str) -> tuple[str, ...]:
    """Ids of the measures not available when the table is absent."""
    return tuple(sorted(m.id for m in _registry().values() if table in m.tables))


class Issues:
    """Collects data-quality rows table by table, vectorised: one call per rule and table."""

    def __init__(self, readers: dict[str, tuple[str, ...]]):
        self._readers = readers
        self._parts: list[pd.DataFrame] = []

    def add(
        self,
        table: str,
        source: Source,
        positions: np.ndarray,
        row_ids: pa.Array,
        rule: str,
        status: str,
        reasons: pd.Series | str,
        measures: str | None = None,
    ) -> None:
        """Rows for the records at `positions` (0-based in the file) with ids `row_ids`.

        An excluded record is excluded from every measure reading the table unless `measures`
        names the ones it is left out of."""
        positions = np.asarray(positions, dtype=np.int64)
        if positions.size == 0:
            return
        where = source.rows(positions)
        ids = to_pandas_strings(row_ids)
        ids = ids.fillna(where)  # no id of its own: the row in its file identifies it
        if isinstance(reasons, str):
            reason = where + ": " + reasons
        else:
            reason = where + ": " + reasons.reset_index(drop=True).astype("string")
        if measures is None:
            measures = " ".join(self._readers.get(table, ())) if status == EXCLUDED else ""
        self._parts.append(pd.DataFrame({
            "table": table, "row_id": ids, "rule": rule, "reason": reason, "status": status,
            "measures": measures, "_table_order": TABLE_ORDER.get(table, len(TABLE_ORDER)),
            "_position": positions,
        }))

    def frame(self) -> pd.DataFrame:
        """All rows in a fixed order: tables as in the schema, records in file order, then rule."""
        if not self._parts:
            return empty_data_quality()
        dq = pd.concat(self._parts, ignore_index=True)
        dq = dq.sort_values(["_table_order", "_position", "rule"], kind="stable")
        dq = dq[DATA_QUALITY_COLUMNS].reset_index(drop=True)
        return dq.astype("string")


def empty_data_quality() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="string") for c in DATA_QUALITY_COLUMNS})


def write_data_quality(dq: pd.DataFrame, path: Path) -> None:
    """data_quality.csv: the six columns, in the frame's (deterministic) order, UTF-8, LF."""
    dq[DATA_QUALITY_COLUMNS].to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def data_quality_summary(x: Extract) -> pd.DataFrame:
    """table, rule, status, records: how many records each rule caught (counts only)."""
    dq = x.data_quality
    if len(dq) == 0:
        return pd.DataFrame({"table": pd.Series(dtype="string"), "rule": pd.Series(dtype="string"),
                             "status": pd.Series(dtype="string"),
                             "records": pd.Series(dtype="int64")})
    counts = dq.groupby(["table", "rule", "status"], sort=False, observed=True).size()
    out = counts.rename("records").reset_index()
    out["_order"] = out["table"].map(TABLE_ORDER).fillna(len(TABLE_ORDER))
    out = out.sort_values(["_order", "status", "rule"], kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)


TABLE_COUNT_COLUMNS = ["table", "rows_read", "used", "excluded", "partly_excluded", "suspect"]


def table_counts(x: Extract) -> pd.DataFrame:
    """Per present table, in records: read from the file; used (in the validated table);
    excluded (left out of every measure reading the table: read - used); partly_excluded (in
    the table, left out of some measures); suspect (in the table, listed, counted)."""
    dq = x.data_quality
    suspect = dq[dq["status"] == SUSPECT].groupby("table", observed=True)["row_id"].nunique()
    partial = dq[(dq["status"] == EXCLUDED) & dq["rule"].isin(PARTIAL_EXCLUSION_RULES)]
    partial = partial.groupby("table", observed=True)["row_id"].nunique()
    rows = []
    for name in schema.TABLES:
        if name not in x.tables:
            continue
        used = len(x.tables[name])
        read = int(x.rows_read.get(name, used))
        rows.append({"table": name, "rows_read": read, "used": used, "excluded": read - used,
                     "partly_excluded": int(partial.get(name, 0)),
                     "suspect": int(suspect.get(name, 0))})
    return pd.DataFrame(rows, columns=TABLE_COUNT_COLUMNS)
