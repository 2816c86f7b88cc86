"""Hand-made micro extracts for tests: a handful of rows, typed and validated like real files.

    x = micro("2025-10-07", ssd_contacts=[{"cont_contact_id": "1", "cont_person_id": "A",
                                          "cont_contact_date": "2025-07-01"}])

Values are given as the strings a CSV would hold; columns left out of every row are absent from
the table (so a test can also exercise a missing optional column). Tables not named are absent.
"""

from __future__ import annotations

import pandas as pd

from scorecard.extract.validate import validate_frames


def frame(rows: list[dict]) -> pd.DataFrame:
    cols: list[str] = []
    for r in rows:
        cols += [c for c in r if c not in cols]
    return pd.DataFrame([{c: r.get(c, "") for c in cols} for r in rows], columns=cols,
                        dtype="string")


def micro(extract_date: str = "2025-10-07", la_code: str = "E99999999", **tables: list[dict]):
    raw = {name: frame(rows) for name, rows in tables.items()}
    meta = {"la_code": la_code, "la_name": "Microshire", "extract_date": extract_date}
    return validate_frames(raw, meta)
