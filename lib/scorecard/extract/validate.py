"""Validation: typed frames, anonymisation rules, keys, rules of time -> Extract + data quality.

(Foundation stub: typing only. The full validator replaces the body of `validate_frames`.)
"""

from __future__ import annotations

import pandas as pd

from scorecard import schema
from scorecard.extract.model import Extract


def _to_dates(s: pd.Series) -> pd.Series:
    s = s.astype("string").str.strip().str.slice(0, 10)
    return pd.to_datetime(s, format="%Y-%m-%d", errors="coerce").astype("datetime64[ns]")


def type_table(name: str, raw: pd.DataFrame) -> pd.DataFrame:
    t = schema.TABLES[name]
    out = {}
    for c in t.columns:
        if c.name not in raw.columns:
            continue
        s = raw[c.name]
        if c.kind == schema.DATE:
            out[c.name] = _to_dates(s)
        elif c.kind == schema.FLAG:
            out[c.name] = s.astype("string").str.strip().str.upper().eq("Y").fillna(False).astype(bool)
        elif c.kind == schema.NUMBER:
            out[c.name] = pd.to_numeric(s, errors="coerce")
        else:
            v = s.astype("string").str.strip()
            out[c.name] = v.mask(v == "")
    return pd.DataFrame(out, index=raw.index)


def validate_frames(raw: dict[str, pd.DataFrame], meta: dict, allow_exact_dob: bool = False) -> Extract:
    """Validate raw string frames (as read from the files) into an Extract."""
    tables = {name: type_table(name, df) for name, df in raw.items() if name in schema.TABLES}
    return Extract(
        tables=tables,
        extract_date=pd.Timestamp(meta["extract_date"]),
        la_code=str(meta.get("la_code", "")),
        la_name=str(meta.get("la_name", "")),
        source=str(meta.get("source", "")),
    )
