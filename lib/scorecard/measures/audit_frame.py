"""Assemble a measure's audit frame: the record columns, then the flags registry.summarise reads.

Every measure of the front door, assessment, child protection, children-in-need, looked-after and
adoption families ends with the same step (pick and order the record's columns, append
`in_denominator`, `in_numerator`, `numerator_value` and `reason`, sort by the record id), so it
lives here once.

Numbers only: the engine needs the full audit frame for the period asked for, but for the trend
quarters and the 12-month rates it needs only the numbers. Inside `numbers_only()`, audit_frame
returns just the flag columns (unsorted: sums do not depend on order), and a reason given as a
function is never called, so the text work is skipped. The flags come from the same rule function
either way, so the numbers cannot differ from those of the full audit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_NUMBERS_ONLY: ContextVar[bool] = ContextVar("scorecard_numbers_only", default=False)

Reasons = pd.Series | np.ndarray | str
Flags = pd.Series | np.ndarray


@contextmanager
def numbers_only(enabled: bool = True) -> Iterator[None]:
    """Within the block, measures built on audit_frame return only their flag columns."""
    token = _NUMBERS_ONLY.set(enabled)
    try:
        yield
    finally:
        _NUMBERS_ONLY.reset(token)


def numbers_only_wanted() -> bool:
    """True inside `numbers_only()`: the caller will read the flags and nothing else."""
    return _NUMBERS_ONLY.get()


def _flag(values: Flags | bool, n: int, dtype: str) -> np.ndarray:
    if np.ndim(values) == 0:  # one value for every record
        return np.full(n, values, dtype=dtype)
    out = np.asarray(values, dtype=dtype)
    if out.shape != (n,):
        raise ValueError(f"a flag has {out.shape} values for {n} records")
    return out


def _positions(rows: np.ndarray | None, n_records: int) -> np.ndarray:
    if rows is None:
        return np.arange(n_records)
    rows = np.asarray(rows)
    return np.flatnonzero(rows) if rows.dtype == bool else rows.astype(np.int64, copy=False)


def _count(rows: np.ndarray | None, n_records: int) -> int:
    if rows is None:
        return n_records
    rows = np.asarray(rows)
    return int(rows.sum()) if rows.dtype == bool else len(rows)


def _take(values, positions: np.ndarray):
    """values[positions] for a record column (pandas array) or a computed column."""
    if isinstance(values, pd.Series):
        values = values.array
    if isinstance(values, np.ndarray):
        return values[positions]
    return values.take(positions)


def _ascending(values) -> bool:
    """True when no value is missing and each is >= the one before (a stable sort would keep
    this order); checked in one vectorised pass, far cheaper than sorting strings."""
    if len(values) < 2:
        return True
    if isinstance(values, np.ndarray):
        if values.dtype.kind not in "iumM" or (values.dtype.kind == "M" and np.isnat(values).any()):
            return False
        return bool(np.all(values[:-1] <= values[1:]))
    if not isinstance(values.dtype, pd.StringDtype):
        return False
    arr = pa.array(values)
    if arr.null_count:
        return False
    return bool(pc.all(pc.less_equal(arr[:-1], arr[1:])).as_py())


def audit_frame(
    records: pd.DataFrame,
    columns: Sequence[str],
    *,
    in_numerator: Flags | bool,
    reason: Reasons | Callable[[], Reasons],
    in_denominator: Flags | bool | None = None,
    numerator_value: Flags | None = None,
    sort_by: str | Sequence[str],
    rows: np.ndarray | None = None,
    computed: Mapping[str, Flags] | Callable[[], Mapping[str, Flags]] | None = None,
) -> pd.DataFrame:
    """The audit frame: `columns` of `records`, then the flags, sorted by `sort_by`.

    `in_denominator` is given for percent and average measures only, `numerator_value` for
    averages only (MEASURES.md contract); count measures carry `in_numerator` and `reason`.
    `rows` (a boolean mask or positions) picks the audited records out of `records` (e.g. a
    whole table); without it every record is audited. Flags, reasons and `computed` columns
    (columns that are not in `records`, e.g. a day count) are aligned with the audited records
    (same length, same order). A flag may be one value for every record. `reason` and
    `computed` may be functions returning them, so they are worked out only when the full audit
    is wanted; `reason` may also be one text for every record.
    """
    n = _count(rows, len(records))
    flags: dict[str, np.ndarray] = {}
    if in_denominator is not None:
        flags["in_denominator"] = _flag(in_denominator, n, "bool")
    flags["in_numerator"] = _flag(in_numerator, n, "bool")
    if numerator_value is not None:
        flags["numerator_value"] = _flag(numerator_value, n, "float64")
    if numbers_only_wanted():
        return pd.DataFrame(flags, copy=False)

    if callable(reason):
        reason = reason()
    if isinstance(reason, str):
        reason = pd.Series(reason, index=range(n), dtype="string")
    elif not isinstance(reason, pd.Series):
        reason = pd.Series(reason)
    # by position, like the flags (an array assigned is never re-aligned on an index)
    flags["reason"] = reason.astype("string").fillna("").array
    if len(flags["reason"]) != n:
        raise ValueError(f"{len(flags['reason'])} reasons for {n} records")
    extra = dict((computed() if callable(computed) else computed) or {})

    positions = _positions(rows, len(records))

    def column(name: str, at: np.ndarray, among_audited: np.ndarray):
        if name in extra:
            return _take(extra[name], among_audited)
        return _take(records[name], at)

    keys = [sort_by] if isinstance(sort_by, str) else list(sort_by)
    every = np.arange(n)
    key_values = {k: column(k, positions, every) for k in keys}
    if len(keys) == 1 and _ascending(key_values[keys[0]]):
        order = every  # already in order (tables usually come sorted by id): nothing to sort
    else:
        order = pd.DataFrame(key_values).sort_values(keys, kind="stable").index.to_numpy()
    at = positions[order]
    data = {c: column(c, at, order) for c in columns}
    for name, values in flags.items():
        data[name] = values.take(order)
    return pd.DataFrame(data, copy=False)


def choose_reason(conditions: Sequence[tuple[Flags, pd.Series | str]],
                  index: pd.Index | int) -> pd.Series:
    """The reason of the first condition that holds, row by row; "" where none holds.

    Reasons may be constants or Series aligned with `index` (e.g. text built from a day count),
    so a row's reason can carry its own figures without a Python loop over rows. `index` may
    be a number of rows (positional reasons).
    """
    if not isinstance(index, pd.Index):
        index = pd.RangeIndex(index)
    n = len(index)
    # which[i]: the first condition that holds for row i (len(conditions): none holds).
    # Walk backwards so that earlier conditions overwrite later ones: first match wins.
    which = np.full(n, len(conditions), dtype=np.int64)
    for i in range(len(conditions) - 1, -1, -1):
        which[np.asarray(conditions[i][0], dtype=bool)] = i
    constants = np.array([t if isinstance(t, str) else None for _, t in conditions] + [""],
                         dtype=object)
    out = constants[which]
    for i, (_, text) in enumerate(conditions):
        if not isinstance(text, str):
            rows = np.flatnonzero(which == i)
            if len(rows):
                out[rows] = pd.Series(text).astype("string").to_numpy(
                    dtype=object, na_value=None)[rows]
    return pd.Series(out, index=index, dtype="string")


def whole_number_text(values: pd.Series) -> pd.Series:
    """Whole numbers as text for reasons ("52"); missing values as "?" (never expected)."""
    return pd.to_numeric(values).round().astype("Int64").astype("string").fillna("?")


def days_text(values: pd.Series) -> pd.Series:
    """Day counts as text for reasons: "1 day", "3 days"."""
    unit = pd.Series(np.where(pd.to_numeric(values) == 1, " day", " days"), index=values.index)
    return whole_number_text(values) + unit.astype("string")


def date_text(values: pd.Series) -> pd.Series:
    """Dates as ISO text for reasons ("2025-08-14"); missing as "none"."""
    return values.dt.strftime("%Y-%m-%d").astype("string").fillna("none")
