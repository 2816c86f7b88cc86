"""Integer codes and sort orders for string ids, so that joins and sorts on ids become
integer work.

An England-sized extract holds tens of millions of id strings. Hashing them once per extract
(Arrow's dictionary encoding, one pass over several columns at once) and working on the codes
afterwards replaces a string join per measure and period with array look-ups; an Arrow sort
made once per extract replaces a string sort per period.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def arrow_strings(column: pd.Series) -> pa.ChunkedArray:
    """The column's ids as one Arrow large_string chunked array (no copy for Arrow strings)."""
    values = column.array if isinstance(column.dtype, pd.StringDtype) else (
        column.astype("string").array)
    arr = pa.array(values)
    if isinstance(arr, pa.Array):
        arr = pa.chunked_array([arr])
    return arr.cast(pa.large_string()) if arr.type != pa.large_string() else arr


def encode(columns: Sequence[pd.Series]) -> tuple[list[np.ndarray], pd.Index]:
    """One code per distinct id across all `columns`: the codes of each column (int32, -1 where
    the id is missing; widen before multiplying them into keys) and the ids (an Index: code ->
    id)."""
    arrays = [arrow_strings(c) for c in columns]
    chunks = [ch for a in arrays for ch in a.chunks]
    if not chunks or sum(len(ch) for ch in chunks) == 0:
        return [np.full(len(c), -1, dtype=np.int32) for c in columns], pd.Index(
            [], dtype="string")
    encoded = pc.dictionary_encode(pa.chunked_array(chunks, type=pa.large_string()))
    dictionary = encoded.chunks[-1].dictionary
    if any(len(ch.dictionary) != len(dictionary) for ch in encoded.chunks):
        # Arrow shares one dictionary across chunks; should a version not, fall back to pandas.
        codes, ids = pd.factorize(pd.concat([pd.Series(c, dtype="string") for c in columns],
                                            ignore_index=True))
        bounds = np.cumsum([0, *(len(a) for a in arrays)])
        flat = np.asarray(codes, dtype=np.int32)
        return ([flat[lo:hi].copy() for lo, hi in zip(bounds[:-1], bounds[1:])],
                pd.Index(ids, dtype="string"))
    out, at = [], 0
    for a in arrays:
        # each column's codes on their own, so keeping one column's does not keep all alive
        indices = pa.chunked_array([ch.indices for ch in encoded.chunks[at:at + a.num_chunks]],
                                   type=encoded.type.index_type)
        out.append(indices.fill_null(-1).to_numpy().astype(np.int32, copy=False))
        at += a.num_chunks
    return out, pd.Index(pd.array(dictionary, dtype="string"))


def sort_order(*keys: tuple[pd.Series | np.ndarray, str]) -> np.ndarray:
    """Positions sorting rows by the keys, each `(values, "ascending" | "descending")`, first
    key first: stable, missing values last, strings in code-point order, exactly as pandas'
    `sort_values(kind="stable")` orders them, but in one Arrow call without hashing strings."""
    table = pa.table({f"k{i}": (arrow_strings(v) if isinstance(v, pd.Series)
                                and isinstance(v.dtype, pd.StringDtype) else pa.array(v))
                      for i, (v, _) in enumerate(keys)})
    if table.num_rows == 0:
        return np.empty(0, dtype=np.int64)
    order = pc.sort_indices(table, sort_keys=[(f"k{i}", how) for i, (_, how) in enumerate(keys)])
    return np.asarray(order, dtype=np.int64)


def child_numbers(ids: pd.Series, order: np.ndarray) -> np.ndarray:
    """Along `order` (rows sorted by `ids`), a number that changes exactly where the id does;
    rows with a missing id get a number each. int32: it numbers at most the table's rows."""
    along = arrow_strings(ids).take(pa.array(order))
    same = np.zeros(len(order), dtype=bool)
    if len(order) > 1:
        same[1:] = np.asarray(pc.equal(along[1:], along[:-1]).fill_null(False))
    return np.cumsum(~same, dtype=np.int32)


def first_of_each(numbers: np.ndarray) -> np.ndarray:
    """Positions of the first row of each run of equal `numbers` (e.g. `child_numbers` of
    chosen rows, still in order)."""
    first = np.ones(len(numbers), dtype=bool)
    first[1:] = numbers[1:] != numbers[:-1]
    return np.flatnonzero(first)
