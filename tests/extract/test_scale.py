"""A million contacts with a few planted problems: the vectorised paths find exactly those.

Marked slow (make test-slow). It also prints how long reading and validating took, for the
record; the time is not asserted, as the machine is shared.
"""

from __future__ import annotations

import time

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from clean_extract import write_meta

from scorecard.extract.load import load_extract

N = 1_000_000


@pytest.mark.slow
def test_a_million_contacts_with_planted_problems(tmp_path):
    rng = np.random.default_rng(3)
    ids = np.char.add("C", np.arange(N).astype("U7")).astype(object)
    persons = np.char.add("P", rng.integers(0, N // 3, N).astype("U7")).astype(object)
    dates = (np.datetime64("2021-04-01") + rng.integers(0, 1600, N)).astype(str).astype(object)
    ids[[500_000, 900_000]] = ids[[10, 20]]           # two repeats of earlier ids
    dates[[123_456]] = "2024-02-30"                   # an impossible date
    dates[[654_321]] = "2026-01-01"                   # after the extract date
    persons[[777_777]] = ""                           # no child
    pacsv.write_csv(pa.table({"cont_contact_id": ids.tolist(), "cont_person_id": persons.tolist(),
                              "cont_contact_date": dates.tolist()}),
                    tmp_path / "ssd_contacts.csv")
    write_meta(tmp_path)

    started = time.perf_counter()
    x = load_extract(tmp_path)
    print(f"\n{N:,} contacts read and validated in {time.perf_counter() - started:.1f} s")

    got = sorted((r.rule, r.row_id, r.reason.split(":")[0])
                 for r in x.data_quality.itertuples(index=False))
    # positions p are on line p + 2
    assert got == sorted([
        ("duplicate_id", "C10", "line 500002"),
        ("duplicate_id", "C20", "line 900002"),
        ("unparseable_date", "C123456", "line 123458"),
        ("event_after_extract_date", "C654321", "line 654323"),
        ("missing_person_id", "C777777", "line 777779"),
    ])
    assert len(x.tables["ssd_contacts"]) == N - 5
