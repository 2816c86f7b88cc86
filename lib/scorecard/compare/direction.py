"""Direction of travel against the previous quarter (MEASURES.md).

Read through the polarity: `improving` / `worsening` where higher or lower is better, `up` /
`down` for neutral measures, and `no change` when the two values are equal as displayed (1
decimal): 84.96% and 85.04% both read "85.0%", so nothing has changed for the reader. None when
either value is missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard.compare.rounding import as_displayed, as_displayed_column

DIRECTIONS = ("improving", "worsening", "no change", "up", "down")
_WORDS = {
    # polarity -> (word when the value went up, word when it went down)
    "higher": ("improving", "worsening"),
    "lower": ("worsening", "improving"),
    "neutral": ("up", "down"),
}


def direction(current, previous, polarity: str) -> str | None:
    """improving | worsening | no change | up | down, or None when a value is missing."""
    if polarity not in _WORDS:
        raise ValueError(f"unknown polarity {polarity!r} (higher, lower or neutral)")
    now, before = as_displayed(current), as_displayed(previous)
    if now is None or before is None:
        return None
    if now == before:
        return "no change"
    went_up, went_down = _WORDS[polarity]
    return went_up if now > before else went_down


def direction_column(current, previous, polarity) -> pd.Series:
    """`direction` over columns (polarity may be one string or a column)."""
    now, before = as_displayed_column(current), as_displayed_column(previous)
    n = len(now)
    pol = np.broadcast_to(np.asarray(polarity, dtype=object), (n,))
    unknown = set(pol) - set(_WORDS)
    if unknown:
        raise ValueError(f"unknown polarity {sorted(map(str, unknown))[0]!r}")
    up_word = np.array([_WORDS[p][0] for p in pol], dtype=object)
    down_word = np.array([_WORDS[p][1] for p in pol], dtype=object)
    out = np.select([now == before, now > before, now < before],
                    ["no change", up_word, down_word], default=None).astype(object)
    out[np.isnan(now) | np.isnan(before)] = None
    index = current.index if isinstance(current, pd.Series) else None
    return pd.Series(out, index=index, dtype=object, name="direction")
