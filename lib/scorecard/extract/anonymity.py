"""The anonymisation rules of EXTRACT.md: an extract carrying a direct identifier is refused.

Refused: a forbidden identifier column in any file of the extract (also files the workbook does
not otherwise read: `send_upn` lives in ssd_send, `addr_address_json` in ssd_address), a full unit
postcode in any `*_postcode` column, and a date of birth that is not the 1st of its month (unless
the run allows exact dates, inside the authority's own secure environment). Messages name the file,
the column and the first offending row, but never print the identifying value itself: they end
up in terminals and CI logs.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from scorecard import schema
from scorecard.errors import ExtractRefused
from scorecard.extract.coerce import Dates, clean_strings
from scorecard.extract.source import Source

POSTCODE_SUFFIX = "_postcode"


def normalise_column_name(name: object) -> str:
    """Header names as the SSD writes them: lower case, no spaces or byte-order mark around."""
    return str(name).replace("\ufeff", "").strip().lower()


def refuse_forbidden_columns(source: Source, columns: Iterable[str]) -> None:
    found = sorted(c for c in (normalise_column_name(c) for c in columns)
                   if c in schema.FORBIDDEN_COLUMNS)
    if found:
        listed = ", ".join(found)
        raise ExtractRefused(
            f"{source.name}: column {listed} is a direct identifier, which an anonymised extract "
            f"must not carry (EXTRACT.md, anonymisation rules); remove "
            f"{'it' if len(found) == 1 else 'them'} from the export and run again"
        )


def postcode_columns(columns: Iterable[str]) -> list[str]:
    return [c for c in columns if normalise_column_name(c).endswith(POSTCODE_SUFFIX)]


def _more(count: int, noun: str) -> str:
    return f" ({count - 1} more {noun} like it)" if count > 1 else ""


def refuse_full_postcodes(
    source: Source, column: str, values: pd.Series | pa.Array, positions: np.ndarray | None = None
) -> None:
    """Refuse a column holding any full unit postcode (`AB12 3DE`); a sector (`AB12 3`) is fine.

    `positions` maps the values to record positions in the file when only part of it is given.
    """
    text = clean_strings(values)
    full = pc.fill_null(pc.match_substring_regex(text, schema.FULL_POSTCODE_PATTERN), False)
    hits = np.flatnonzero(np.asarray(full.to_numpy(zero_copy_only=False), dtype=bool))
    if hits.size:
        first = hits[0] if positions is None else positions[hits[0]]
        raise ExtractRefused(
            f"{source.name}: column {column}, {source.row(first)} {source.convention} holds a "
            f"full unit postcode{_more(hits.size, 'rows')}; an anonymised extract may carry only "
            f"the postcode sector (e.g. 'AB12 3', EXTRACT.md)"
        )


def refuse_exact_dob(source: Source, column: str, dates: Dates, allow_exact_dob: bool) -> None:
    """Dates of birth must be degraded to the 1st of the month unless exact dates are allowed."""
    if allow_exact_dob:
        return
    exact = np.flatnonzero(dates.ok & (dates.day_of_month != 1))
    if exact.size:
        raise ExtractRefused(
            f"{source.name}: column {column}, {source.row(exact[0])} {source.convention} is an "
            f"exact date of birth, not the 1st of its month{_more(exact.size, 'rows')}; dates of "
            f"birth must be degraded to the 1st of the month (EXTRACT.md), or run with "
            f"--allow-exact-dob inside the authority's own secure environment"
        )
