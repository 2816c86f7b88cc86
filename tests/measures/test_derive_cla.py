"""Periods of care, legal status in force and short breaks (derive_cla), worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
from cla_rows import episode, health, missing, permanence, person, placement, review, status, visit

from micro import micro
from scorecard.measures import adoption, looked_after  # noqa: F401  (registers LA and AD)
from scorecard.measures.derive_cla import (
    age_at,
    cla_id_links,
    code_of,
    episodes,
    looked_after_at,
    periods_of_care,
    short_break_on,
)
from scorecard.measures.registry import MEASURES, summarise
from scorecard.params import Params
from scorecard.periods import quarter

T = pd.Timestamp


def _chains():
    return micro(
        "2025-10-07",
        ssd_cla_episodes=[
            # Rows deliberately out of order: chains are built after sorting by child and start.
            # A: a1 -X1-> a2 -X1-> a3 (ends E13): one period of care, then a4 starts a new one.
            episode("a3", "A", "2023-03-01", "L", "2023-05-05", "E13"),
            episode("a1", "A", "2022-01-10", "S", "2022-06-01", "X1", cla_id="CA1"),
            episode("a4", "A", "2024-02-01", "S", cla_id="CA2"),
            episode("a2", "A", "2022-06-01", "P", "2023-03-01", "X1", cla_id="CA1"),
            # B: b1 ends X1 but b2 starts the next day, not the same day: two periods of care.
            episode("b1", "B", "2023-01-01", "S", "2023-02-01", "X1"),
            episode("b2", "B", "2023-02-02", "P"),
            # C: the extract starts mid-care; the first episode's entered-care date is the start
            # of the period of care; a later episode's entered-care date is not used.
            episode("c1", "C", "2024-05-01", "P", "2024-07-01", "X1", entered="2021-03-01"),
            episode("c2", "C", "2024-07-01", "P", entered="2019-01-01"),
        ],
    )


def test_periods_of_care_chain_x1_episodes_starting_the_same_day():
    p = periods_of_care(_chains()).set_index("period_of_care_id")
    assert sorted(p.index) == ["a1", "a4", "b1", "b2", "c1"]
    # a1..a3: starts at a1's start, ends with a3's end and reason (E13), 3 episodes
    assert p.loc["a1", "period_of_care_start"] == T("2022-01-10")
    assert p.loc["a1", "period_of_care_end"] == T("2023-05-05")
    assert p.loc["a1", "period_of_care_end_reason"] == "E13"
    assert p.loc["a1", "episodes"] == 3
    assert p.loc["a1", "period_of_care_start_reason"] == "S"
    assert pd.isna(p.loc["a4", "period_of_care_end"])
    # b1 ended X1 on 2023-02-01 and b2 started 2023-02-02: not a chain
    assert p.loc["b1", "period_of_care_end"] == T("2023-02-01")
    assert p.loc["b2", "period_of_care_start"] == T("2023-02-02")


def test_period_of_care_start_uses_first_episodes_entered_care_date():
    x = _chains()
    p = periods_of_care(x).set_index("period_of_care_id")
    assert p.loc["c1", "period_of_care_start"] == T("2021-03-01")  # not c2's 2019-01-01
    assert p.loc["c1", "period_of_care_start_reason"] == "P"
    assert p.loc["c1", "episodes"] == 2
    e = episodes(x).set_index("clae_cla_episode_id")
    assert e.loc["c2", "period_of_care_id"] == "c1"
    assert e.loc["a3", "period_of_care_id"] == "a1"
    assert list(e.loc[["a1", "a2", "a3", "a4"], "first_of_period_of_care"]) == [
        True, False, False, True]


def test_cla_ids_link_to_child_and_period_of_care():
    links = cla_id_links(_chains())[["clae_cla_id", "clae_person_id", "period_of_care_id"]]
    assert links.values.tolist() == [["CA1", "A", "a1"], ["CA2", "A", "a4"]]


def _statuses():
    return micro(
        "2025-10-07",
        ssd_cla_episodes=[episode("1", p, "2025-01-01") for p in "DEFG"],
        ssd_legal_status=[
            # D: V3 to 2025-03-01, then C2 from that day
            status("1", "D", "V3", "2025-01-01", "2025-03-01"),
            status("2", "D", "C2", "2025-03-01"),
            # E: V4 and C1 both in force: not "V3/V4 and none other"
            status("3", "E", "V4", "2025-01-01"),
            status("4", "E", "C1", "2025-02-01"),
            # G: code written " v3 " (trimmed, upper-cased)
            status("5", "G", " v3 ", "2025-01-01"),
        ],
    )


def test_short_break_in_force_on_a_day():
    x = _statuses()
    persons = code_of(x, ["D", "D", "E", "F", "G", "D", "Z"])
    dates = pd.to_datetime(["2025-02-28", "2025-03-01", "2025-03-01", "2025-03-01",
                            "2025-03-01", None, "2025-03-01"]).to_numpy()
    # D 02-28: V3 only -> yes; D 03-01: V3 ended that day (end > d fails), C2 starts -> no;
    # E: V4 + C1 -> no; F: no status at all -> no; G: V3 -> yes; missing date -> no;
    # Z appears in no table -> no
    assert persons[-1] == -1
    assert short_break_on(x, persons, dates).tolist() == [
        True, False, False, False, True, False, False]


def test_short_break_at_an_episode_end_is_the_status_it_ended_under():
    x = _statuses()
    persons = code_of(x, ["D", "D"])
    dates = pd.to_datetime(["2025-03-01", "2025-03-02"]).to_numpy()
    # ended 03-01: start < e <= end holds for V3 (01-01 < 03-01 <= 03-01) but not for C2
    # (starts 03-01, not before) -> V3 only -> short break; ended 03-02: C2 only -> no.
    assert short_break_on(x, persons, dates, ended_under=True).tolist() == [True, False]


def test_looked_after_at_one_row_per_child_with_its_status():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[
            episode("1", "A", "2025-01-01"),
            episode("2", "A", "2025-06-01"),  # overlapping open episodes: one row for A
            episode("3", "B", "2025-01-01", end="2025-09-30", ceased="E13"),  # ended on d
        ],
        ssd_legal_status=[status("1", "A", "V3", "2025-01-01"),
                          status("2", "A", "C2", "2025-01-01")],
    )
    c = looked_after_at(x, T("2025-09-30"))
    assert c["clae_person_id"].tolist() == ["A"]
    assert c["clae_cla_episode_id"].tolist() == ["1"]  # its period of care started first
    assert c["legal_status_at_end"].tolist() == ["C2/V3"]
    assert c["short_break"].tolist() == [False]


def test_age_in_whole_years_counts_the_birthday():
    dob = pd.Series(pd.to_datetime(["2009-09-01", "2009-10-01", None]))
    # 2025-09-30: 16th birthday was 2025-09-01 -> 16; next one 2025-10-01 -> still 15
    assert age_at(dob, T("2025-09-30")).tolist() == [16, 15, pd.NA]


# -- the vectorised rules against a plain loop over random records -----------------------------

def _random_days(rng, n, first="2024-01-01", span=60):
    return [str((T(first) + pd.Timedelta(days=int(d))).date()) for d in rng.integers(0, span, n)]


def test_short_breaks_match_a_loop_over_every_status():
    rng = np.random.default_rng(7)
    n = 300
    kids = [f"K{i}" for i in rng.integers(0, 25, n)]
    starts = _random_days(rng, n)
    lengths = rng.integers(0, 20, n)
    ends = ["" if rng.random() < 0.3 else str((T(s) + pd.Timedelta(days=int(k))).date())
            for s, k in zip(starts, lengths)]
    code_list = [str(c) for c in rng.choice(["V3", "V4", "C2", "E1"], n, p=[.4, .2, .3, .1])]
    records = list(zip(kids, code_list, starts, ends))
    x = micro("2025-10-07", ssd_legal_status=[
        status(str(i), *record) for i, record in enumerate(records)])
    parsed = [(k, c, T(s), T(e) if e else None) for k, c, s, e in records]
    queries = [(f"K{k}", T(d)) for k, d in zip(rng.integers(0, 27, 400), _random_days(rng, 400))]

    def loop(kid, d, ended_under):
        in_force = []
        for k, c, start, end in parsed:
            if k != kid:
                continue
            if ended_under:
                held = start < d and (end is None or d <= end)
            else:
                held = start <= d and (end is None or end > d)
            if held:
                in_force.append(c)
        return bool(in_force) and all(c in ("V3", "V4") for c in in_force)

    child = code_of(x, [k for k, _ in queries])
    days = np.array([d for _, d in queries], dtype="datetime64[ns]")
    for ended_under in (False, True):
        expected = [loop(k, d, ended_under) for k, d in queries]
        assert short_break_on(x, child, days, ended_under).tolist() == expected
    assert any(expected) and not all(expected)  # the sample exercises both answers


def test_periods_of_care_match_a_loop_over_each_childs_episodes():
    rng = np.random.default_rng(11)
    rows, n = [], 0
    for kid in range(30):
        day = T("2020-01-01") + pd.Timedelta(days=int(rng.integers(0, 30)))
        for _ in range(int(rng.integers(1, 6))):
            length = int(rng.integers(1, 40))
            end = day + pd.Timedelta(days=length)
            reason = str(rng.choice(["X1", "X1", "E13", "E11"]))
            last = rng.random() < 0.15
            rows.append(episode(f"e{n}", f"K{kid}", str(day.date()), "S",
                                "" if last else str(end.date()), "" if last else reason))
            n += 1
            if last:
                break
            # usually the next episode starts the day this one ends, sometimes later
            day = end + pd.Timedelta(days=int(rng.choice([0, 0, 0, 1, 5])))
    order = rng.permutation(len(rows))
    x = micro("2025-10-07", ssd_cla_episodes=[rows[i] for i in order])

    expected = {}
    by_kid: dict[str, list[dict]] = {}
    for r in rows:  # rows were made in each child's order of start
        by_kid.setdefault(r["clae_person_id"], []).append(r)
    for eps in by_kid.values():
        chain = None
        for prev, r in zip([None, *eps[:-1]], eps):
            continues = (prev is not None and prev["clae_cla_episode_ceased_reason"] == "X1"
                         and prev["clae_cla_episode_ceased_date"]
                         == r["clae_cla_episode_start_date"])
            chain = chain if continues else r["clae_cla_episode_id"]
            expected[r["clae_cla_episode_id"]] = chain
    e = episodes(x)
    assert dict(zip(e["clae_cla_episode_id"], e["period_of_care_id"])) == expected
    assert e["period_of_care_id"].nunique() < len(e)  # some chains of several episodes


# -- every LA/AD measure: the audit contract, purity, and a period with nothing in it ----------

def _everything():
    return micro(
        "2025-10-07",
        ssd_person=[person("A", "2015-01-01"), person("B", "2021-05-01"), person("C", "")],
        ssd_cla_episodes=[
            episode("a1", "A", "2022-01-01", end="2025-08-01", ceased="X1", cla_id="CA"),
            episode("a2", "A", "2025-08-01", "P", cla_id="CA"),
            episode("b1", "B", "2025-07-10", end="2025-09-01", ceased="E11", cla_id="CB"),
            episode("c1", "C", "2023-01-01"),
        ],
        ssd_legal_status=[status("1", "A", "C2", "2022-01-01"),
                          status("2", "C", "V3", "2023-01-01")],
        ssd_cla_placement=[placement("p1", "A", "2022-01-01", "2025-01-01"),
                           placement("p2", "A", "2025-01-01", kind="P1", provider="PR0"),
                           placement("p3", "C", "2023-01-01")],
        ssd_cla_visits=[visit("v1", "A", "2025-09-01"), visit("v2", "C", "2025-09-01", "N")],
        ssd_cla_reviews=[review("r1", "CA", "2025-08-01", "2025-08-02"),
                         review("r2", "ZZ", "2025-09-01")],
        ssd_cla_health=[health("h1", "A", "RHA", "2025-03-01"),
                        health("h2", "B", "IHA", "2025-07-20")],
        ssd_missing=[missing("m1", "A", "M", "2025-07-01", "2025-07-02", "Y"),
                     missing("m2", "B", "Away", "2025-07-01", "2025-07-02")],
        ssd_permanence=[permanence("pm1", "B", placed_for_adoption="2025-08-01",
                                   placement_order="2025-07-20", matched="2025-07-25")],
    )


def test_every_LA_AD_measure_keeps_the_audit_contract_and_the_tables():
    x = _everything()
    before = {name: t.copy() for name, t in x.tables.items()}
    ids = [mid for mid in MEASURES if mid[:2] in ("LA", "AD")]
    assert len(ids) == 16
    for mid in ids:
        m = MEASURES[mid]
        audit = m.func(x, quarter("2025-26-Q2"), Params())
        flags = {"count": ["in_numerator", "reason"],
                 "percent": ["in_denominator", "in_numerator", "reason"],
                 "days": ["in_denominator", "in_numerator", "numerator_value", "reason"]}[m.unit]
        assert list(audit.columns[-len(flags):]) == flags, mid
        assert len(audit) > 0, mid
        assert audit["in_numerator"].dtype == bool, mid
        key = audit.columns[0]
        assert audit[key].is_monotonic_increasing and audit[key].is_unique, mid
        counted = audit["in_numerator"] & audit.get("in_denominator", True)
        assert (audit.loc[counted, "reason"] == "").all(), mid
        assert (audit.loc[~counted, "reason"] != "").all(), mid
        if "in_denominator" in audit:
            assert not (audit["in_numerator"] & ~audit["in_denominator"]).any(), mid
        summarise(m, audit)  # must not raise
    for name, t in x.tables.items():
        pd.testing.assert_frame_equal(t, before[name])


def test_every_LA_AD_measure_copes_with_a_period_before_any_record():
    x = _everything()
    for mid in [mid for mid in MEASURES if mid[:2] in ("LA", "AD")]:
        m = MEASURES[mid]
        r = summarise(m, m.func(x, quarter("2019-20-Q1"), Params()))
        assert r.audit.empty, mid
        assert r.numerator == 0 and r.value == (0.0 if m.unit == "count" else None), mid
