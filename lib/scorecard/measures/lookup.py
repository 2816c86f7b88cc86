"""Key look-ups that keep their dtype: `values[key]` for a column of keys.

Series.map would do, but with an empty mapper pandas casts dates to float and fails, and
Series.isin against Arrow strings runs a Python loop; a reindex on a unique index does neither.
For a large table (ssd_person at national size holds millions of rows) `first_rows` finds the
rows through Arrow's hashing of the few keys asked for, so the table's ids are never turned
into Python strings or an index.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from scorecard.measures.id_codes import arrow_strings, encode


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


def first_rows(keys: pd.Series, table_keys: pd.Series) -> np.ndarray:
    """For each key, the position of the first row of `table_keys` holding it; -1 where no row
    does (a blank key never matches). Same answers as `lookup(keys, by_key(...))`."""
    wanted = pc.unique(arrow_strings(keys)).drop_null()
    # only the rows whose key is asked for are encoded: a probe per row, no hash table of them
    candidates = np.flatnonzero(np.asarray(
        pc.is_in(arrow_strings(table_keys), value_set=pa.array(wanted)).fill_null(False)))
    (table_codes, key_codes), ids = encode([table_keys.iloc[candidates], keys])
    first = np.full(len(ids), -1, dtype=np.int64)
    # the first row of each key: the candidates are in table order, so keep first occurrences
    is_first = ~pd.Series(table_codes).duplicated(keep="first").to_numpy() & (table_codes >= 0)
    first[table_codes[is_first]] = candidates[is_first]
    return np.where(key_codes >= 0, first[np.maximum(key_codes, 0)], -1)


def take_rows(column: pd.Series, rows: np.ndarray, index: pd.Index) -> pd.Series:
    """`column`'s values at the positions `rows`, missing where a position is -1."""
    values = column.array.take(rows, allow_fill=True)
    return pd.Series(values, index=index, name=column.name)
