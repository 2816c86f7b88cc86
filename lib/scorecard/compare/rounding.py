"""Values as the documents display them: rounded to 1 decimal place.

RAG and direction of travel judge the value a committee reads, not the unrounded one: 84.96%
reads "85.0%", and a red "85.0%" against a target of 85% would look like an error. Rounding
goes through Python's own float formatting, which is what the documents use (`f"{v:.1f}"`);
numpy's `round` disagrees with it on some values (0.15 -> 0.2 against "0.1").
"""

from __future__ import annotations

import math

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


def as_displayed(value) -> float | None:
    """The number a reader sees (1 decimal), or None when there is no value."""
    if _missing(value):
        return None
    return float(f"{float(value):.{DISPLAY_DECIMALS}f}")


def as_displayed_column(values) -> np.ndarray:
    """`as_displayed` over a column (NaN where missing). A scorecard has a few hundred rows, so
    formatting each one is cheap; no vectorised form rounds exactly as the documents do."""
    out = [as_displayed(v) for v in values]
    return np.array([np.nan if v is None else v for v in out], dtype="float64")
