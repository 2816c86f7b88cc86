"""Key look-ups that keep their dtype: `values[key]` for a column of keys, as one reindex.

Series.map would do, but with an empty mapper pandas casts dates to float and fails, and
Series.isin against Arrow strings runs a Python loop; a reindex on a unique index does neither.
"""

from __future__ import annotations

import pandas as pd


def by_key(frame: pd.DataFrame, key: str, value: str | None = None) -> pd.Series:
    """key -> value (True when no value column is named, to test presence). Keys are unique
    after validation; the first row is kept if not, and blank keys are never matched."""
    rows = frame.dropna(subset=[key]).drop_duplicates(key).set_index(key)
    return rows[value] if value else pd.Series(True, index=rows.index)


def lookup(keys: pd.Series, values: pd.Series) -> pd.Series:
    """`values[key]` for each key, aligned with `keys`; missing where the key is absent.
    `values` must have a unique index (a groupby result, `by_key`)."""
    found = values.reindex(pd.Index(keys.to_numpy(dtype=object)))
    return pd.Series(found.to_numpy(), index=keys.index, name=values.name)
