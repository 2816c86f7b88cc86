"""Values as the documents display them: rounded to 1 decimal place, halves up.

RAG and direction of travel judge the value a committee reads, not the unrounded one: 84.96%
reads "85.0%", and a red "85.0%" against a target of 85% would look like an error. Halves round
away from zero on the number as written (16.25 -> 16.3, 0.15 -> 0.2), as a spreadsheet shows
them and as a committee member rounding by hand would; Python's own formatting rounds the binary
value to even (16.25 -> "16.2"), which reads as a mistake. Every document formats through here.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

DISPLAY_DECIMALS = 1


def _missing(v) -> bool:
    if v is None or v is pd.NA:
        return True
    try:
        return math.isnan(float(v))
    except (TypeError, ValueError):
        return True


def round_half_up(value: float, decimals: int = DISPLAY_DECIMALS) -> float:
    """Round the number as written (its shortest repr) to `decimals` places, halves up."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def as_displayed(value) -> float | None:
    """The number a reader sees (1 decimal), or None when there is no value."""
    if _missing(value):
        return None
    return round_half_up(float(value))


def as_displayed_column(values) -> np.ndarray:
    """`as_displayed` over a column (NaN where missing). A scorecard has a few hundred rows, so
    formatting each one is cheap; no vectorised form rounds exactly as the documents do."""
    out = [as_displayed(v) for v in values]
    return np.array([np.nan if v is None else v for v in out], dtype="float64")
