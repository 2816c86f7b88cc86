"""Assemble a measure's audit frame: the record columns, then the flags registry.summarise reads.

Every measure of the front door, assessment, child protection and children-in-need families ends
with the same step (pick and order the record's columns, append `in_denominator`, `in_numerator`,
`numerator_value` and `reason`, sort by the record id), so it lives here once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def audit_frame(
    records: pd.DataFrame,
    columns: Sequence[str],
    *,
    in_numerator: pd.Series | np.ndarray,
    reason: pd.Series | np.ndarray,
    in_denominator: pd.Series | np.ndarray | None = None,
    numerator_value: pd.Series | np.ndarray | None = None,
    sort_by: str | Sequence[str],
) -> pd.DataFrame:
    """The audit frame: `columns` of `records`, then the flags, sorted by `sort_by`.

    `in_denominator` is given for percent and average measures only, `numerator_value` for
    averages only (MEASURES.md contract); count measures carry `in_numerator` and `reason`.
    Flags and reasons must be aligned with `records` (same length, same order).
    """
    out = records.loc[:, list(columns)].copy()
    if in_denominator is not None:
        out["in_denominator"] = np.asarray(in_denominator, dtype=bool)
    out["in_numerator"] = np.asarray(in_numerator, dtype=bool)
    if numerator_value is not None:
        out["numerator_value"] = np.asarray(numerator_value, dtype="float64")
    reason = pd.Series(reason) if not isinstance(reason, pd.Series) else reason
    # by position, like the flags (an array assigned is never re-aligned on an index)
    out["reason"] = reason.astype("string").fillna("").array
    keys = [sort_by] if isinstance(sort_by, str) else list(sort_by)
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def choose_reason(conditions: Sequence[tuple[pd.Series | np.ndarray, pd.Series | str]],
                  index: pd.Index) -> pd.Series:
    """The reason of the first condition that holds, row by row; "" where none holds.

    Reasons may be constants or Series aligned with `index` (e.g. text built from a day count),
    so a row's reason can carry its own figures without a Python loop over rows.
    """
    reason = pd.Series("", index=index, dtype="string")
    # Walk backwards so that earlier conditions overwrite later ones: first match wins.
    for condition, text in reversed(list(conditions)):
        mask = pd.Series(np.asarray(condition, dtype=bool), index=index)
        if isinstance(text, pd.Series):
            reason = reason.mask(mask, text.astype("string"))
        else:
            reason = reason.mask(mask, text)
    return reason


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
