"""RAG status against the authority's target (MEASURES.md, "Comparisons shown beside each value").

- green: the value meets the target: `value >= target` where higher is better, `value <= target`
  where lower is better;
- amber: it misses the target but is within the amber threshold, which is given in the
  measure's own unit (`value >= amber` where higher is better, `value <= amber` where lower is);
- red: otherwise (also whenever a target has no amber threshold and is missed);
- no status (None): no target, no value, or a neutral measure.

The value judged is the value as displayed (1 decimal, see `rounding`): what the committee
reads is what gets the colour. A status is never shown by colour alone: `rag_label` gives the
symbol and word ("✔ Green").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard.charts.style import RAG_SYMBOLS, RAG_WORDS
from scorecard.compare.rounding import _missing, as_displayed, as_displayed_column

STATUSES = ("green", "amber", "red")


def rag(value, polarity: str, target, amber=None) -> str | None:
    """'green' | 'amber' | 'red' for one value, or None when there is nothing to judge."""
    if polarity not in ("higher", "lower") or _missing(target):
        return None
    v = as_displayed(value)
    if v is None:
        return None
    higher = polarity == "higher"
    target = float(target)
    if (v >= target) if higher else (v <= target):
        return "green"
    if not _missing(amber) and ((v >= float(amber)) if higher else (v <= float(amber))):
        return "amber"
    return "red"


def rag_column(values, polarity, targets, ambers=None) -> pd.Series:
    """`rag` over columns (polarity may be one string or a column); None where no status."""
    v = as_displayed_column(values)
    n = len(v)
    pol = np.broadcast_to(np.asarray(polarity, dtype=object), (n,))
    t = pd.to_numeric(pd.Series(np.asarray(targets, dtype=object)), errors="coerce").to_numpy(float)
    a = (np.full(n, np.nan) if ambers is None else
         pd.to_numeric(pd.Series(np.asarray(ambers, dtype=object)), errors="coerce")
         .to_numpy(float))
    higher, lower = pol == "higher", pol == "lower"
    judged = (higher | lower) & ~np.isnan(v) & ~np.isnan(t)
    with np.errstate(invalid="ignore"):
        meets = np.where(higher, v >= t, v <= t)
        within = np.where(higher, v >= a, v <= a) & ~np.isnan(a)
    status = np.select([meets, within], ["green", "amber"], default="red").astype(object)
    status[~judged] = None
    index = values.index if isinstance(values, pd.Series) else None
    return pd.Series(status, index=index, dtype=object, name="rag")


def rag_label(status: str | None) -> str:
    """The status as a reader sees it, symbol and word ('✔ Green'); '' when there is none."""
    if status is None or _missing_text(status):
        return ""
    if status not in STATUSES:
        raise ValueError(f"unknown RAG status {status!r} (green, amber or red)")
    return f"{RAG_SYMBOLS[status]} {RAG_WORDS[status]}"


def rag_labels(statuses) -> pd.Series:
    index = statuses.index if isinstance(statuses, pd.Series) else None
    return pd.Series([rag_label(s) for s in statuses], index=index, dtype=object, name="rag_label")


def _missing_text(s) -> bool:
    return s is pd.NA or s == "" or (isinstance(s, float) and np.isnan(s))
