"""How numbers read in the documents: rounding, thousands separators, and the cell symbols.

Symbols follow DfE's local-authority tables: `c` a suppressed small number, `x` not available,
`z` not applicable (e.g. a year-to-date figure for a snapshot measure). A percentage with a
denominator of 0 reads "no cases" (MEASURES.md: never 0%).
"""

from __future__ import annotations

import math
import re

import pandas as pd

from scorecard.compare.rounding import round_half_up

SUPPRESSED = "c"
NOT_AVAILABLE = "x"
NOT_APPLICABLE = "z"
NO_CASES = "no cases"

LEGEND = (
    "c: not shown because it is a small number (fewer than {n}) or could reveal one; "
    "x: not available; z: not applicable. Percentages and averages are rounded to 1 decimal place."
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|$~^@:])")


def md_escape(text: object) -> str:
    """Plain text made safe inside Markdown (tables, lists, sentences)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def missing(v: object) -> bool:
    if v is None or v is pd.NA:
        return True
    try:
        return math.isnan(float(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def number(v: float, unit: str) -> str:
    """A value in its unit: 84.5%, 1,234, 17.3 (averages and days to 1 decimal)."""
    if unit == "count":
        return f"{round_half_up(v, 0):,.0f}"
    text = f"{round_half_up(v):,.1f}"
    return text + "%" if unit == "percent" else text


def target_number(v: float, unit: str) -> str:
    """Targets as set: 85% rather than 85.0%, but 17.5 kept."""
    text = f"{round_half_up(v):,.1f}".removesuffix(".0")
    return text + ("%" if unit == "percent" else "")


def rate(v: float) -> str:
    return f"rate {round_half_up(v):,.1f}"


def value_cell(row: dict | pd.Series | None, with_counts: bool = True) -> str:
    """One row of the suppressed frame as the cell a reader sees."""
    if row is None:
        return NOT_AVAILABLE
    if bool(row.get("value_suppressed", False)):
        return SUPPRESSED
    unit = row["unit"]
    value = row["value"]
    if missing(value):
        if unit != "count" and not missing(row["denominator"]) and row["denominator"] == 0:
            return NO_CASES
        return NOT_AVAILABLE
    text = number(float(value), unit)
    if unit == "percent" and with_counts:
        num, den = row["numerator"], row["denominator"]
        if not missing(num) and not missing(den):
            text += f" ({round(num):,} of {round(den):,})"
    if unit == "count" and not missing(row.get("rate_per_10k")):
        text += f" ({rate(float(row['rate_per_10k']))})"
    return text


def benchmark_cell(v: object, unit: str) -> str:
    """England or neighbours: percentages as they are; counts are compared as rates."""
    if missing(v):
        return NOT_AVAILABLE
    return rate(float(v)) if unit == "count" else number(float(v), unit)


def rag_text(status: str | None) -> str:
    """'✔ Green': the word and symbol, never colour alone (colour is added by the filter)."""
    from scorecard.compare.rag import rag_label

    return rag_label(status)


def rag_markdown(status: str | None) -> str:
    """The RAG cell in Markdown: a span the Lua filter colours in each format."""
    if not status:
        return "no target"
    return f"[{rag_text(status)}]{{.rag .rag-{status}}}"


def direction_text(direction: str | None) -> str:
    return direction.capitalize() if direction else NOT_AVAILABLE
