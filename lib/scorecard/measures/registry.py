"""The one registry of measures: id, title, area, polarity, window, unit and definition.

The catalogue (`scorecard measures`), the notebooks and the report's methodology appendix all
read this registry. A measure's rule lives in exactly one function, registered here with
`@measure(...)`; that function returns the record-level audit frame, and the numbers are the
sums of that frame, so an audit always reconciles with the value it explains.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

AREAS: dict[str, str] = {
    "front_door": "Front door",
    "assessment": "Assessment",
    "child_protection": "Child protection",
    "children_in_need": "Children in need",
    "looked_after": "Children looked after",
    "adoption": "Adoption",
    "care_leavers": "Care leavers",
    "workforce": "Workforce",
    "send": "SEND",
}
POLARITIES = ("higher", "lower", "neutral")
WINDOWS = ("flow", "snapshot", "rolling", "latest")
UNITS = ("percent", "count", "average", "days")

# The columns every audit frame carries, after the measure's own ids, dates and derived values.
AUDIT_FLAGS = ("in_denominator", "in_numerator", "numerator_value", "reason")


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    area: str
    polarity: str
    window: str  # flow | snapshot | rolling (36 months to the end) | latest (current state only)
    unit: str
    definition: str  # plain English, for the catalogue and the methodology appendix
    source: str  # "DfE: <publication>" or "Local measure"
    tables: tuple[str, ...]  # tables the measure cannot do without
    columns: tuple[tuple[str, str], ...]  # optional (table, column) pairs it reads
    rate_per_10k: bool
    func: Callable

    @property
    def area_title(self) -> str:
        return AREAS[self.area]

    @property
    def window_label(self) -> str:
        return {
            "flow": "Events in the period (quarter and year to date)",
            "snapshot": "At the period's end",
            "rolling": "Rolling 36 months to the period's end",
            "latest": "Current state at the extract date (no history)",
        }[self.window]


MEASURES: dict[str, Measure] = {}


def measure(
    id: str,
    title: str,
    area: str,
    polarity: str,
    window: str,
    unit: str,
    definition: str,
    source: str,
    tables: tuple[str, ...] | list[str],
    columns: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (),
    rate_per_10k: bool = False,
) -> Callable:
    """Register a measure function `f(extract, period, params) -> audit DataFrame`.

    The audit frame has one row per record considered (one per child for measures that count
    children) with the ids, the dates used and the derived values, then:
    - `in_denominator` (bool; percent and average measures only),
    - `in_numerator` (bool),
    - `numerator_value` (float; average measures only: the row's contribution, e.g. a caseload),
    - `reason` (text: why a row is outside the denominator or the numerator; empty otherwise).
    """
    assert area in AREAS, area
    assert polarity in POLARITIES, polarity
    assert window in WINDOWS, window
    assert unit in UNITS, unit

    def register(func: Callable) -> Callable:
        if id in MEASURES:
            raise ValueError(f"measure {id} registered twice")
        MEASURES[id] = Measure(
            id, title, area, polarity, window, unit, " ".join(definition.split()), source,
            tuple(tables), tuple(columns), rate_per_10k, func,
        )
        return func

    return register


@dataclass(frozen=True)
class Result:
    numerator: float | None
    denominator: float | None
    value: float | None
    audit: pd.DataFrame


def summarise(m: Measure, audit: pd.DataFrame) -> Result:
    """Numerator, denominator and value as sums over the audit frame (MEASURES.md rules)."""
    # plain numpy sums: the engine summarises some 400 frames per run
    numerator = audit["in_numerator"].to_numpy(dtype=bool)
    if m.unit == "count":
        n = int(numerator.sum())
        return Result(n, None, float(n), audit)
    denominator = audit["in_denominator"].to_numpy(dtype=bool)
    den = int(denominator.sum())
    if m.unit == "percent":
        num = int((numerator & denominator).sum())
        value = 100.0 * num / den if den else None
        return Result(num, den, value, audit)
    # averages and day counts: the mean of each row's contribution over the denominator
    contribution = audit["numerator_value"].to_numpy(dtype="float64")[denominator]
    num = float(np.nansum(contribution)) if den else 0.0  # missing counts as 0, as pandas sums
    value = num / den if den else None
    return Result(num, den, value, audit)


def load_all() -> dict[str, Measure]:
    """Import every family module so that each registers its measures."""
    from scorecard.measures import (  # noqa: F401
        adoption,
        assessment,
        care_leavers,
        child_protection,
        children_in_need,
        front_door,
        looked_after,
        send,
        workforce,
    )
    # Committee order: the areas as AREAS lists them, then by id within an area.
    area_rank = {a: i for i, a in enumerate(AREAS)}
    ordered = sorted(MEASURES.values(), key=lambda m: (area_rank[m.area], m.id))
    if list(MEASURES) != [m.id for m in ordered]:
        MEASURES.clear()
        MEASURES.update((m.id, m) for m in ordered)
    return MEASURES
