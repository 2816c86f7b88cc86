"""The benchmark's baseline gives the engine's numbers, so the ratio compares equal work.

- its working-day arithmetic (CustomBusinessDay, row by row) against hand-worked dates;
- a micro extract worked by hand for AS01, CP08 and LA08 (the weekend after a deadline, chains
  of episodes, the entered-care date, short breaks, IHAs not yet due), both ways;
- a small synthetic extract (scale 0.05): every numerator and denominator of every compared
  measure and period identical to `compute_scorecard`'s.
"""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks import baseline, stages
from micro import micro
from scorecard.calendar import add_working_days
from scorecard.engine import compute_scorecard
from scorecard.measures.registry import load_all, summarise
from scorecard.params import Params
from scorecard.periods import quarter
from scorecard.synth import generate

Q2 = quarter("2025-26-Q2")  # 2025-07-01 to 2025-09-30


def _dates(*texts: str | None) -> pd.Series:
    return pd.Series(pd.to_datetime(list(texts)), dtype="datetime64[ns]")


# -- working days, the straightforward way --------------------------------------------------

def test_deadline_is_the_nth_working_day_after():
    got = baseline.deadline(_dates("2023-12-22", "2024-01-06", "2024-01-08", "2022-06-01", None),
                            1)
    # Fri 22 Dec 2023 + 1: 25 and 26 Dec are bank holidays, so Wed 27 Dec.
    # Sat 6 Jan 2024 + 1: Mon 8 Jan. Mon 8 Jan + 1: Tue 9 Jan.
    # Wed 1 Jun 2022 + 1: Thu 2 and Fri 3 Jun 2022 were one-off bank holidays, so Mon 6 Jun.
    assert list(got[:4]) == list(_dates("2023-12-27", "2024-01-08", "2024-01-09", "2022-06-06"))
    assert pd.isna(got[4])
    # MEASURES.md's examples read as deadlines: wd(Fri 2023-12-22, Tue 2024-01-02) = 4
    # (27, 28, 29 Dec, 2 Jan), and wd(Mon 2024-01-08, Mon 2024-01-15) = 5.
    assert baseline.deadline(_dates("2023-12-22"), 4)[0] == pd.Timestamp("2024-01-02")
    assert baseline.deadline(_dates("2024-01-08"), 5)[0] == pd.Timestamp("2024-01-15")


def test_deadline_agrees_with_the_calendar_on_every_day_of_three_years():
    days = pd.Series(pd.date_range("2022-01-01", "2024-12-31", freq="D"), dtype="datetime64[ns]")
    for n in (1, 16, 46):
        assert (baseline.deadline(days, n).to_numpy()
                == add_working_days(days, n).to_numpy()).all(), n


def test_within_and_at_least_read_wd_as_measures_md_defines_it():
    a = _dates("2024-01-08", "2024-01-08", "2024-01-08", "2024-01-08", None)
    b = _dates("2024-01-12", "2024-01-13", "2024-01-15", "2024-01-05", "2024-01-12")
    # wd(Mon 8 Jan, .): Fri 12 -> 4 (9-12); Sat 13 -> still 4; Mon 15 -> 5; Fri 5 -> -1
    # (before the start); a missing start never meets a limit.
    assert list(baseline.within(a, b, 4)) == [True, True, False, True, False]
    assert list(baseline.within(a, b, 3)) == [False, False, False, True, False]
    assert list(baseline.at_least(a, b, 4)) == [True, True, True, False, False]
    assert list(baseline.at_least(a, b, 5)) == [False, False, True, False, False]


# -- a micro extract worked by hand -----------------------------------------------------------

def _micro_extract():
    y, n = "Y", "N"
    return micro(
        "2025-10-07",
        ssd_cin_assessments=[
            # 45th working day after Mon 2 Jun 2025 is Mon 4 Aug (no bank holiday in between)
            {"cina_assessment_id": "A1", "cina_person_id": "C1",
             "cina_assessment_start_date": "2025-06-02", "cina_assessment_auth_date": "2025-08-04"},
            {"cina_assessment_id": "A2", "cina_person_id": "C2",  # 46 working days: late
             "cina_assessment_start_date": "2025-06-02", "cina_assessment_auth_date": "2025-08-05"},
            # 45th working day after Fri 30 May is Fri 1 Aug; authorised Sat 2 Aug: still 45
            {"cina_assessment_id": "A3", "cina_person_id": "C3",
             "cina_assessment_start_date": "2025-05-30", "cina_assessment_auth_date": "2025-08-02"},
            {"cina_assessment_id": "A4", "cina_person_id": "C4",  # authorised after Q2
             "cina_assessment_start_date": "2025-08-01", "cina_assessment_auth_date": "2025-10-01"},
        ],
        ssd_cp_plans=[
            {"cppl_cp_plan_id": "P1", "cppl_person_id": "C1",
             "cppl_cp_plan_start_date": "2025-09-01", "cppl_cp_plan_end_date": ""},
            {"cppl_cp_plan_id": "P2", "cppl_person_id": "C2",
             "cppl_cp_plan_start_date": "2025-09-01", "cppl_cp_plan_end_date": ""},
            {"cppl_cp_plan_id": "P3", "cppl_person_id": "C3",  # 6 working days open: too new
             "cppl_cp_plan_start_date": "2025-09-22", "cppl_cp_plan_end_date": ""},
            {"cppl_cp_plan_id": "P4", "cppl_person_id": "C4",
             "cppl_cp_plan_start_date": "2025-09-01", "cppl_cp_plan_end_date": ""},
            {"cppl_cp_plan_id": "P5", "cppl_person_id": "C5",  # ended before the end
             "cppl_cp_plan_start_date": "2025-06-01", "cppl_cp_plan_end_date": "2025-09-29"},
        ],
        ssd_cp_visits=[
            # wd(Tue 16 Sep, Tue 30 Sep) = 10: seen in time
            {"cppv_cp_visit_id": "V1", "cppv_person_id": "C1", "cppv_cp_visit_date": "2025-09-16",
             "cppv_cp_visit_seen": y},
            # wd(Mon 15 Sep, Tue 30 Sep) = 11: too long ago
            {"cppv_cp_visit_id": "V2", "cppv_person_id": "C2", "cppv_cp_visit_date": "2025-09-15",
             "cppv_cp_visit_seen": y},
            # C4: the recent visit did not see the child; the seen one is before the plan
            {"cppv_cp_visit_id": "V3", "cppv_person_id": "C4", "cppv_cp_visit_date": "2025-09-29",
             "cppv_cp_visit_seen": n},
            {"cppv_cp_visit_id": "V4", "cppv_person_id": "C4", "cppv_cp_visit_date": "2025-08-20",
             "cppv_cp_visit_seen": y},
        ],
        ssd_cla_episodes=[
            # K1: one period of care from Wed 2 Jul: the X1 chain's second episode (even with
            # start reason S) does not start another
            {"clae_cla_episode_id": "E1", "clae_person_id": "K1",
             "clae_cla_episode_start_date": "2025-07-02", "clae_cla_episode_start_reason": "S",
             "clae_cla_episode_ceased_date": "2025-07-20", "clae_cla_episode_ceased_reason": "X1"},
            {"clae_cla_episode_id": "E2", "clae_person_id": "K1",
             "clae_cla_episode_start_date": "2025-07-20", "clae_cla_episode_start_reason": "S",
             "clae_cla_episode_ceased_date": "", "clae_cla_episode_ceased_reason": ""},
            # K2: entered care on 20 Jun, so the period of care starts before Q2
            {"clae_cla_episode_id": "E3", "clae_person_id": "K2",
             "clae_cla_episode_start_date": "2025-07-10", "clae_cla_episode_start_reason": "S",
             "clae_entered_care_date": "2025-06-20"},
            # K3: only a V3 short-break status in force on the start
            {"clae_cla_episode_id": "E4", "clae_person_id": "K3",
             "clae_cla_episode_start_date": "2025-08-01", "clae_cla_episode_start_reason": "S"},
            # K4: IHA 21 working days after the start (Wed 2 Jul to Thu 31 Jul): late; its
            # start reason is read trimmed and upper-cased
            {"clae_cla_episode_id": "E5", "clae_person_id": "K4",
             "clae_cla_episode_start_date": "2025-07-02", "clae_cla_episode_start_reason": " s"},
            # K5: 20th working day after Tue 30 Sep is after the extract date: not yet due
            {"clae_cla_episode_id": "E6", "clae_person_id": "K5",
             "clae_cla_episode_start_date": "2025-09-30", "clae_cla_episode_start_reason": "S"},
            # K6: the only IHA is before the start
            {"clae_cla_episode_id": "E7", "clae_person_id": "K6",
             "clae_cla_episode_start_date": "2025-08-04", "clae_cla_episode_start_reason": "S"},
        ],
        ssd_legal_status=[
            {"lega_legal_status_id": "L1", "lega_person_id": "K3", "lega_legal_status": "V3",
             "lega_legal_status_start_date": "2025-08-01", "lega_legal_status_end_date": ""},
            {"lega_legal_status_id": "L2", "lega_person_id": "K1", "lega_legal_status": "C2",
             "lega_legal_status_start_date": "2025-07-02", "lega_legal_status_end_date": ""},
        ],
        ssd_cla_health=[
            # wd(Wed 2 Jul, Wed 30 Jul) = 20: in time
            {"clah_health_check_id": "H1", "clah_person_id": "K1",
             "clah_health_check_type": "IHA", "clah_health_check_date": "2025-07-30"},
            {"clah_health_check_id": "H2", "clah_person_id": "K4",
             "clah_health_check_type": "IHA", "clah_health_check_date": "2025-07-31"},
            {"clah_health_check_id": "H3", "clah_person_id": "K6",
             "clah_health_check_type": "IHA", "clah_health_check_date": "2025-08-01"},
            {"clah_health_check_id": "H4", "clah_person_id": "K3",  # in time, but a short break
             "clah_health_check_type": "IHA", "clah_health_check_date": "2025-08-05"},
        ],
    )


# (numerator, denominator) in Q2, worked by hand above:
HAND = {
    "AS01": (2, 3),  # A1 (45) and A3 (45, a Saturday) in time, A2 (46) late; A4 not in Q2
    "CP08": (1, 3),  # P1, P2, P4 open 10+ working days (P3 6, P5 ended); only P1 seen in time
    "LA08": (1, 3),  # K1 (in time), K4 (21), K6 (no IHA after); K2 before Q2, K3 short
                     # break, K5 not yet due
}


@pytest.mark.parametrize("measure_id", sorted(HAND))
def test_micro_extract_by_hand_both_ways(measure_id):
    x = _micro_extract()
    params = Params()
    _, func = baseline.MEASURES[measure_id]
    assert func(x.tables, Q2, x.extract_date, params) == HAND[measure_id]
    m = load_all()[measure_id]
    r = summarise(m, m.func(x, Q2, params))
    assert (r.numerator, r.denominator) == HAND[measure_id]


# -- a small synthetic extract: every compared number ----------------------------------------

@pytest.fixture(scope="module")
def small_extract(tmp_path_factory):
    from scorecard.extract.load import load_extract

    folder = tmp_path_factory.mktemp("bench") / "scale-0.05"
    generate(folder, scale=0.05, seed=1)
    return load_extract(folder)


def _key(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[["measure_id", "window", "period_end", "numerator", "denominator"]].copy()
    out["period_end"] = pd.to_datetime(out["period_end"])
    for c in ("numerator", "denominator"):
        out[c] = pd.to_numeric(out[c]).astype("Float64")
    return out.sort_values(["measure_id", "window", "period_end"]).reset_index(drop=True)


def test_baseline_gives_the_engines_numbers_on_a_small_synthetic_extract(small_extract):
    x = small_extract
    params = Params(cin_visit_wd=20)
    engine = compute_scorecard(x, params, Q2, audits=False).rows
    engine = engine[engine["measure_id"].isin(list(baseline.MEASURES))]
    base = baseline.compute_baseline(x.tables, x.extract_date, params, Q2)

    got, want = _key(base), _key(engine)
    # 5 flows x (8 quarters + YTD) + 3 snapshots x 8 quarter ends (all before the extract date)
    assert len(got) == 5 * 9 + 3 * 8
    pd.testing.assert_frame_equal(got, want)
    # the benchmark's engine stage (each measure's function per window) gives them too
    pd.testing.assert_frame_equal(_key(stages.engine_numbers(x, params, Q2)), want)

    # the comparison has teeth: every percentage has a period where some, not all, qualify
    for mid in ("AS01", "CP02", "CP08", "CN02", "LA08"):
        rows = got[got["measure_id"] == mid]
        assert ((rows["numerator"] > 0) & (rows["numerator"] < rows["denominator"])).any(), mid
    for mid in ("FD01", "FD02", "AS04"):
        assert (got.loc[got["measure_id"] == mid, "numerator"] > 0).all(), mid
