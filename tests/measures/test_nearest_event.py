"""The nearest-event index behind FD03, CP04, CP05, AS02/AS03, CP08 and CN02.

Checked on small hand-made cases and against a brute-force scan over every (record, event) pair
on random data, including ties, self-exclusion and missing values.
"""

import numpy as np
import pandas as pd
import pytest

from scorecard.measures.nearest_event import EventIndex, nearest_events


def s(values, dtype="string"):
    return pd.Series(values, dtype=dtype)


def d(values):
    return pd.Series(pd.to_datetime(values)).astype("datetime64[ns]")


EVENTS = dict(
    event_person=s(["A", "A", "A", "B", "A"]),
    event_date=d(["2025-01-10", "2025-01-20", "2025-01-20", "2025-01-15", None]),
    event_id=s(["e1", "e3", "e2", "e4", "e5"]),
)


def test_before_and_after_inclusive_and_strict_with_ties_broken_by_id():
    person = s(["A", "A", "A", "A", "B", "C"])
    date = d(["2025-01-20", "2025-01-20", "2025-01-09", "2025-01-21", "2025-01-15", "2025-01-15"])
    before_incl = nearest_events(person, date, **EVENTS, direction="before", inclusive=True)
    # A on 20 Jan: tied e2/e3 on 20 Jan -> the larger id, e3. A on 9 Jan: nothing before.
    # A on 21 Jan: e3 again. B on 15 Jan: e4 (same day, inclusive). C: no events at all.
    assert list(before_incl["event_id"].fillna("-")) == ["e3", "e3", "-", "e3", "e4", "-"]
    before_strict = nearest_events(person, date, **EVENTS, direction="before", inclusive=False)
    # A on 20 Jan strictly before: e1 (10 Jan). B on 15 Jan strictly before: none.
    assert list(before_strict["event_id"].fillna("-")) == ["e1", "e1", "-", "e3", "-", "-"]
    after_incl = nearest_events(person, date, **EVENTS, direction="after", inclusive=True)
    # A on 20 Jan forward: tied e2/e3 -> the smaller id, e2. A on 9 Jan: e1. A on 21 Jan: none
    # (e5 has no date and can never be found).
    assert list(after_incl["event_id"].fillna("-")) == ["e2", "e2", "e1", "-", "e4", "-"]
    assert after_incl["event_date"].iloc[2] == pd.Timestamp("2025-01-10")


def test_exclude_ids_skips_the_record_itself_but_not_a_tied_other():
    # Plans of one child ending 5 Aug: P1 (id smaller) and P2; P3 ends 20 Aug.
    person = s(["K", "K", "K"])
    start = d(["2025-08-05", "2025-08-05", "2025-08-05"])
    ids = s(["P1", "P2", "P3"])
    end = d(["2025-08-05", "2025-08-05", "2025-08-20"])
    got = nearest_events(person, start, person, end, ids, direction="before", inclusive=True,
                         exclude_ids=ids)
    # P1: the tie's last is P2 (another plan) -> P2. P2: the last is itself -> step to P1.
    # P3: P2 (the latest end on or before 5 Aug).
    assert list(got["event_id"]) == ["P2", "P1", "P2"]
    alone = nearest_events(s(["G"]), d(["2025-08-05"]), s(["G"]), d(["2025-08-05"]), s(["G1"]),
                           direction="before", inclusive=True, exclude_ids=s(["G1"]))
    assert alone["event_id"].isna().all()


def test_index_reused_for_small_queries_keeps_the_query_index():
    index = EventIndex.build(EVENTS["event_person"], EVENTS["event_date"], EVENTS["event_id"])
    person = pd.Series(["B", "A", None], index=[10, 20, 30], dtype="string")
    date = d(["2025-02-01", "2025-01-15", "2025-02-01"]).set_axis([10, 20, 30])
    got = index.nearest(person, date, direction="before", inclusive=True)
    assert list(got.index) == [10, 20, 30]
    assert list(got["event_id"].fillna("-")) == ["e4", "e1", "-"]


def test_bad_direction_is_refused():
    index = EventIndex.build(EVENTS["event_person"], EVENTS["event_date"], EVENTS["event_id"])
    with pytest.raises(ValueError, match="direction"):
        index.nearest(s(["A"]), d(["2025-01-01"]), direction="backwards", inclusive=True)


@pytest.mark.parametrize("direction", ["before", "after"])
@pytest.mark.parametrize("inclusive", [True, False])
def test_matches_a_brute_force_scan(direction, inclusive):
    rng = np.random.default_rng(7)
    n_events, n_records = 200, 100
    base = pd.Timestamp("2024-01-01")
    ev_person = s([f"P{i}" for i in rng.integers(0, 30, n_events)])
    ev_date = pd.Series(base + pd.to_timedelta(rng.integers(0, 60, n_events), unit="D"))
    ev_date = ev_date.mask(rng.random(n_events) < 0.05).astype("datetime64[ns]")
    ev_id = s([f"E{i:04d}" for i in rng.permutation(n_events)])
    rec_person = s([f"P{i}" for i in rng.integers(0, 35, n_records)])
    rec_date = pd.Series(base + pd.to_timedelta(rng.integers(0, 60, n_records), unit="D"))
    rec_date = rec_date.astype("datetime64[ns]")
    got = nearest_events(rec_person, rec_date, ev_person, ev_date, ev_id,
                         direction=direction, inclusive=inclusive)
    for i in range(n_records):
        p, day = rec_person[i], rec_date[i]
        ok = (ev_person == p) & ev_date.notna()
        if direction == "before":
            ok &= (ev_date <= day) if inclusive else (ev_date < day)
        else:
            ok &= (ev_date >= day) if inclusive else (ev_date > day)
        cands = pd.DataFrame({"date": ev_date[ok], "id": ev_id[ok]})
        if cands.empty:
            assert pd.isna(got["event_id"].iloc[i])
            continue
        cands = cands.sort_values(["date", "id"])
        best = cands.iloc[-1] if direction == "before" else cands.iloc[0]
        assert got["event_id"].iloc[i] == best["id"]
        assert got["event_date"].iloc[i] == best["date"]
