"""The small untidiness of real case systems, none of it breaking the rules of time.

Flags typed in lower case or with a stray space (`y`, ` N`: still read as yes and no), a flag
recorded as `U`, a code the workbook does not know, a visit carrying a plan id that does not
exist, and planned end dates after the extract date (read as still open). The validator lists
these as suspect and still counts them; nothing here makes it exclude a record.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scorecard.synth import output
from scorecard.synth.arrays import integers
from scorecard.synth.context import Context

# (table, flag column): where keyed-in flags come through in odd forms.
SLOPPY_FLAGS = (("ssd_cp_visits", "cppv_cp_visit_seen"),
                ("ssd_cla_visits", "clav_cla_visit_seen_alone"),
                ("ssd_cin_assessments", "cina_assessment_child_seen"),
                ("ssd_cin_visits", "cinv_cin_visit_seen_alone"))
SLOPPY_SHARE = 0.002


def _replace(table: pa.Table, column: str, rows: np.ndarray, value) -> pa.Table:
    if len(rows) == 0:
        return table
    col = table[column].combine_chunks()
    mask = np.zeros(table.num_rows, dtype=bool)
    mask[rows] = True
    new = pc.if_else(pa.array(mask), pa.scalar(value, col.type), col)
    return table.set_column(table.schema.get_field_index(column), column, new)


def _some(rng: np.random.Generator, candidates: np.ndarray, k: int) -> np.ndarray:
    k = min(k, len(candidates))
    return np.sort(rng.choice(candidates, k, replace=False)) if k else candidates[:0]


def make_messy(ctx: Context, tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    rng = ctx.rng("mess")
    handful = max(1, int(round(3 * ctx.fraction)))
    for name, column in SLOPPY_FLAGS:
        t = tables[name]
        values = t[column].to_numpy(zero_copy_only=False)
        yes = np.flatnonzero(values == "Y")
        no = np.flatnonzero(values == "N")
        t = _replace(t, column, _some(rng, yes, int(len(yes) * SLOPPY_SHARE)), "y")
        t = _replace(t, column, _some(rng, no, int(len(no) * SLOPPY_SHARE)), " N")
        tables[name] = t
    t = tables["ssd_cp_visits"]
    tables["ssd_cp_visits"] = _replace(t, "cppv_cp_visit_seen_alone",
                                       _some(rng, np.arange(t.num_rows), handful), "U")
    t = tables["ssd_cla_health"]
    tables["ssd_cla_health"] = _replace(t, "clah_health_check_type",
                                        _some(rng, np.arange(t.num_rows), handful), "OPTICIAN")
    # A visit recorded against a plan id the system no longer holds (visits belong to the child).
    t = tables["ssd_cp_visits"]
    lost = output.ids(ctx.ids.take("cp_plan", 1))[0].as_py()
    tables["ssd_cp_visits"] = _replace(t, "cppv_cp_plan_id",
                                       _some(rng, np.arange(t.num_rows), 1), lost)
    # Planned end dates typed in ahead of time on records that are still open.
    for name, column in (("ssd_cin_plans", "cinp_cin_plan_end_date"),
                         ("ssd_cla_placement", "clap_cla_placement_end_date")):
        t = tables[name]
        open_rows = np.flatnonzero(t[column].is_null().to_numpy(zero_copy_only=False))
        rows = _some(rng, open_rows, handful)
        if len(rows):
            ahead = ctx.extract_day + integers(rng, 10, 120, len(rows))
            col = t[column].combine_chunks()
            values = np.array(col.cast(pa.int32()).fill_null(0).to_numpy(), dtype=np.int64)
            values[rows] = ahead
            blank = col.is_null().to_numpy(zero_copy_only=False).copy()
            blank[rows] = False
            new = pa.array(values.astype(np.int32), mask=blank).cast(pa.date32())
            t = t.set_column(t.schema.get_field_index(column), column, new)
        tables[name] = t
    return tables
