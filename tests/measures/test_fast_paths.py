"""The integer and Arrow helpers behind the fast measure engine, each against a small case worked
by hand and against the plain pandas operation it replaces on random data (ties, blanks,
non-ASCII ids), so that a speed-up can never change an answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from micro import micro
from scorecard.measures.audit_frame import audit_frame, choose_reason
from scorecard.measures.derive_cin import (
    first_record_per_child,
    one_row_per_child,
    referral_history,
)
from scorecard.measures.id_codes import child_numbers, encode, first_of_each, sort_order
from scorecard.measures.lookup import by_key, first_rows, lookup, take_rows
from scorecard.measures.masks import in_period, open_on
from scorecard.measures.nearest_event import EventIndex, nearest_events
from scorecard.periods import quarter


def s(values):
    return pd.Series(values, dtype="string")


def random_ids(rng, n, pool=("a", "B", "b", "ä", "aa", "", None)):
    return s(list(rng.choice(np.array(pool, dtype=object), n)))


def test_encode_gives_one_code_per_distinct_id_across_columns():
    (left, right), ids = encode([s(["x", "y", None, "x"]), s(["y", "z"])])
    # x, y, z are three ids; the blank is -1; the same id has the same code in both columns
    assert len(ids) == 3
    assert left[0] == left[3] and left[1] == right[0] and left[2] == -1
    assert [ids[c] for c in left if c >= 0] == ["x", "y", "x"]
    assert ids[right[1]] == "z"
    assert left.dtype == np.int32


def test_encode_of_empty_columns():
    (codes,), ids = encode([s([])])
    assert len(codes) == 0 and len(ids) == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_sort_order_is_pandas_stable_sort(seed):
    rng = np.random.default_rng(seed)
    n = 3000
    frame = pd.DataFrame({
        "who": random_ids(rng, n),
        "when": pd.to_datetime(pd.Series(rng.choice(["2025-01-01", "2025-01-02", None], n))),
        "flag": rng.random(n) < 0.5,
        "id": s([str(v) for v in rng.integers(0, 40, n)]),
    })
    for ascending in ([True, False, True, True], [False, True, False, True]):
        want = frame.sort_values(list(frame.columns), ascending=ascending,
                                 kind="stable").index.to_numpy()
        got = sort_order(*[(frame[c], "ascending" if a else "descending")
                           for c, a in zip(frame.columns, ascending)])
        assert (got == want).all()


def test_sort_order_small_case():
    # by person ascending (blank last), then date descending (missing last)
    person = s(["b", "a", None, "a"])
    date = pd.Series(pd.to_datetime(["2025-01-01", "2025-01-01", "2025-01-01", "2025-02-01"]))
    assert sort_order((person, "ascending"), (date, "descending")).tolist() == [3, 1, 0, 2]


def test_child_numbers_and_first_of_each():
    ids = s(["b", "a", None, "a", None])
    order = np.array([1, 3, 0, 2, 4])  # a, a, b, blank, blank
    numbers = child_numbers(ids, order)
    # a and a share a number; b is next; each blank is a child of its own
    assert numbers.tolist() == [1, 1, 2, 3, 4]
    assert first_of_each(numbers).tolist() == [0, 2, 3, 4]


@pytest.mark.parametrize("seed", [3, 4])
def test_first_rows_is_the_by_key_lookup(seed):
    rng = np.random.default_rng(seed)
    table = pd.DataFrame({"key": random_ids(rng, 400, pool=tuple(f"k{i}" for i in range(60))
                                           + (None,)),
                          "value": pd.to_datetime("2020-01-01") + pd.to_timedelta(
                              rng.integers(0, 999, 400), unit="D")})
    keys = random_ids(rng, 300, pool=tuple(f"k{i}" for i in range(80)) + (None,))
    want = lookup(keys, by_key(table, "key", "value"))
    got = take_rows(table["value"], first_rows(keys, table["key"]), keys.index)
    pd.testing.assert_series_equal(got.astype("datetime64[ns]"),
                                   want.astype("datetime64[ns]"), check_names=False)


def test_first_rows_small_case():
    # k1 is on rows 0 and 2: the first, 0; k3 is on no row; a blank key never matches
    rows = first_rows(s(["k2", "k1", "k3", None]), s(["k1", "k2", "k1", None]))
    assert rows.tolist() == [1, 0, -1, -1]


@pytest.mark.parametrize("seed", [5, 6])
def test_first_record_per_child_is_one_row_per_child(seed):
    rng = np.random.default_rng(seed)
    n = 500
    rows = [{"cine_referral_id": f"R{i:03d}", "cine_person_id": str(rng.choice(list("ABCDEFG"))),
             "cine_referral_date": str(rng.choice(["2025-01-01", "2025-02-01", "2025-03-01"])),
             "cine_close_date": ""}
            for i in rng.permutation(n)]
    x = micro("2025-10-07", ssd_cin_episodes=rows)
    e = x.tables["ssd_cin_episodes"]
    selected = rng.random(len(e)) < 0.6
    keys = ["cine_person_id", "cine_referral_date", "cine_referral_id"]
    want = one_row_per_child(e[selected], *keys, "n")
    got, counts = first_record_per_child(x, "ssd_cin_episodes", selected, person=keys[0],
                                         date=keys[1], record_id=keys[2])
    assert e["cine_referral_id"].iloc[got].tolist() == want["cine_referral_id"].tolist()
    assert counts.tolist() == want["n"].tolist()


def test_masks_match_the_period_rules():
    dates = pd.Series(pd.to_datetime(["2025-06-30", "2025-07-01", "2025-09-30", "2025-10-01",
                                      None]))
    q2 = quarter("2025-26-Q2")
    # first and last days of the quarter are in it; a missing date never is
    assert in_period(dates, q2).tolist() == [False, True, True, False, False]
    assert in_period(dates, q2).tolist() == q2.contains(dates).tolist()
    end = pd.Series(pd.to_datetime([None, "2025-09-30", "2025-10-01", None, None]))
    # open at 30 Sep: started by then and not ended by then (ending that day is closed)
    assert open_on(dates, end, q2.end).tolist() == [True, False, True, False, False]


def test_event_dates_come_back_from_the_index_keys():
    index = EventIndex.build(s(["A", "A", "B"]), pd.Series(pd.to_datetime(
        ["2025-01-10", "2025-03-01", "2024-12-31"])), s(["e1", "e2", "e3"]))
    got = index.nearest(s(["A", "B", "C"]), pd.Series(pd.to_datetime(
        ["2025-02-01", "2025-01-01", "2025-01-01"])), direction="before", inclusive=True)
    assert got["event_id"].tolist()[:2] == ["e1", "e3"]
    assert got["event_date"].tolist()[:2] == [pd.Timestamp("2025-01-10"),
                                              pd.Timestamp("2024-12-31")]
    assert pd.isna(got["event_date"].iloc[2])
    dates_only = index.nearest_codes(np.array([0]), pd.RangeIndex(1), pd.Series(
        pd.to_datetime(["2025-12-31"])), direction="before", inclusive=True, with_ids=False)
    assert list(dates_only.columns) == ["event_date"]
    assert dates_only["event_date"].iloc[0] == pd.Timestamp("2025-03-01")


def test_audit_frame_picks_rows_and_computed_columns_then_sorts():
    table = pd.DataFrame({"id": s(["c", "a", "b", "d"]), "n": [3, 1, 2, 4]})
    rows = np.array([True, True, False, True])  # c, a, d
    audit = audit_frame(table, ["id", "n", "double"], rows=rows,
                        computed={"double": np.array([6, 2, 8])},
                        in_denominator=True, in_numerator=np.array([True, False, True]),
                        reason=lambda: choose_reason([(np.array([False, True, False]), "no")],
                                                     3),
                        sort_by="id")
    # sorted a, c, d; each row keeps its own flags, reason and computed value
    assert audit["id"].tolist() == ["a", "c", "d"]
    assert audit["double"].tolist() == [2, 6, 8]
    assert audit["in_numerator"].tolist() == [False, True, True]
    assert audit["in_denominator"].tolist() == [True, True, True]
    assert audit["reason"].tolist() == ["no", "", ""]


def test_audit_frame_keeps_an_order_already_sorted_and_sorts_blanks_last():
    table = pd.DataFrame({"id": s(["a", "a", "b"]), "k": [1, 2, 3]})
    audit = audit_frame(table, ["id", "k"], in_numerator=True, reason="", sort_by="id")
    assert audit["k"].tolist() == [1, 2, 3]  # ties keep their order (a stable sort)
    blanks = pd.DataFrame({"id": s([None, "b", "a"]), "k": [1, 2, 3]})
    audit = audit_frame(blanks, ["id", "k"], in_numerator=True, reason="", sort_by="id")
    assert audit["k"].tolist() == [3, 2, 1]


@pytest.mark.parametrize("seed", [7, 8])
def test_referral_history_is_the_nearest_earlier_referral(seed):
    rng = np.random.default_rng(seed)
    rows = [{"cine_referral_id": f"R{i:03d}", "cine_person_id": str(rng.choice(list("ABCDE"))),
             "cine_referral_date": str(rng.choice(["2025-01-01", "2025-02-01", "2025-03-01",
                                                   "2025-04-01"])), "cine_close_date": ""}
            for i in rng.permutation(300)]
    x = micro("2025-10-07", ssd_cin_episodes=rows)
    e = x.tables["ssd_cin_episodes"]
    # the rule (MEASURES.md FD03), as the general nearest-event look-up states it
    want = nearest_events(e["cine_person_id"], e["cine_referral_date"], e["cine_person_id"],
                          e["cine_referral_date"], e["cine_referral_id"], direction="before",
                          inclusive=False)
    got = referral_history(x)
    assert got["previous_referral_id"].fillna("-").tolist() == want["event_id"].fillna(
        "-").tolist()
    assert got["previous_referral_date"].tolist() == want["event_date"].tolist()


def test_referral_history_small_case():
    x = micro("2025-10-07", ssd_cin_episodes=[
        {"cine_referral_id": i, "cine_person_id": p, "cine_referral_date": d,
         "cine_close_date": ""}
        for i, p, d in [("R1", "A", "2025-01-01"), ("R3", "A", "2025-01-01"),
                        ("R2", "A", "2025-02-01"), ("R4", "A", "2025-02-01"),
                        ("R5", "B", "2025-02-01")]])
    h = referral_history(x).set_index("cine_referral_id")["previous_referral_id"]
    # R1, R3: nothing strictly earlier; R2, R4: of R1 and R3 (same day) the larger id, R3;
    # R5: B's first referral
    assert h.fillna("-").to_dict() == {"R1": "-", "R3": "-", "R2": "R3", "R4": "R3", "R5": "-"}
