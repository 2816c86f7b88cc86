"""LA01-LA13 on hand-made extracts; every expected number is worked out in the comments.

The period is 2025-26 Q2 (2025-07-01 .. 2025-09-30) and the extract date 2025-10-07 unless a
test says otherwise.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from cla_rows import (
    episode,
    health,
    missing,
    open_episode,
    person,
    placement,
    review,
    status,
    visit,
)

from micro import micro
from scorecard.measures import looked_after  # noqa: F401  (registers LA01-LA13)
from scorecard.measures.registry import MEASURES, summarise
from scorecard.params import Params
from scorecard.periods import custom, quarter, year_to_date

Q2 = quarter("2025-26-Q2")
T = pd.Timestamp


def run(mid, x, period=Q2, params=None):
    m = MEASURES[mid]
    return summarise(m, m.func(x, period, params or Params()))


def rows(result, key):
    return result.audit.set_index(key)


def counted(result, key):
    a = result.audit
    return sorted(a.loc[a["in_numerator"], key])


def in_denominator(result, key):
    a = result.audit
    return sorted(a.loc[a["in_denominator"], key])


# -- LA01 ---------------------------------------------------------------------------------------

def test_LA01_children_with_an_episode_open_at_the_end():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[
            open_episode("a", "A", "2025-01-01"),  # open: counted
            episode("b", "B", "2025-01-01", end="2025-09-30", ceased="E13"),  # ended on the end
            episode("c", "C", "2025-01-01", end="2025-10-01", ceased="E13"),  # ended after it
            open_episode("d", "D", "2025-09-30"),  # starts on the end
            open_episode("e", "E", "2025-01-01"),  # V3 only: short break
            open_episode("f", "F", "2025-01-01"),  # V3 and C2: counted
            open_episode("g1", "G", "2025-01-01"),  # two open episodes:
            open_episode("g2", "G", "2025-05-01"),  # one child
            open_episode("h", "H", "2025-10-01"),  # starts after the end
        ],
        ssd_legal_status=[
            status("1", "A", "C2", "2025-01-01"),
            status("2", "E", "V3", "2025-01-01"),
            status("3", "F", "V3", "2025-01-01"),
            status("4", "F", "C2", "2025-03-01"),
        ],
    )
    r = run("LA01", x)
    # open at 2025-09-30: A, C, D, E, F, G (B ended on it, H starts after); E is a short break
    assert r.numerator == 5 and r.value == 5.0 and r.denominator is None
    assert counted(r, "clae_person_id") == ["A", "C", "D", "F", "G"]
    audit = rows(r, "clae_person_id")
    assert list(audit.index) == ["A", "C", "D", "E", "F", "G"]
    assert audit.loc["E", "reason"].startswith("short break")
    assert audit.loc["F", "legal_status_at_end"] == "C2/V3"
    assert audit.loc["G", "clae_cla_episode_id"] == "g1"
    assert MEASURES["LA01"].rate_per_10k


def test_LA01_legal_status_changing_on_the_last_day():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[open_episode("j", "J", "2025-01-01"),
                          open_episode("k", "K", "2025-01-01")],
        ssd_legal_status=[
            # J: C2 ends on 09-30 (not in force: end > d fails), V3 starts that day -> short break
            status("1", "J", "C2", "2025-01-01", "2025-09-30"),
            status("2", "J", "V3", "2025-09-30"),
            # K: the other way round -> C2 in force -> counted
            status("3", "K", "V3", "2025-01-01", "2025-09-30"),
            status("4", "K", "C2", "2025-09-30"),
        ],
    )
    r = run("LA01", x)
    assert r.numerator == 1
    assert counted(r, "clae_person_id") == ["K"]
    assert rows(r, "clae_person_id").loc["J", "legal_status_at_end"] == "V3"


# -- LA02 ---------------------------------------------------------------------------------------

def _starts():
    return micro(
        "2025-10-07",
        ssd_cla_episodes=[
            open_episode("a", "A", "2025-07-01"),                 # S on the period's first day
            open_episode("b", "B", "2025-06-30"),                 # S the day before: Q1
            open_episode("c", "C", "2025-09-30", reason="P"),    # not a start to care
            episode("d", "D", "2025-08-10", end="2025-08-12", ceased="E13"),  # short break
            episode("e1", "E", "2025-07-05", end="2025-07-06", ceased="E13"),  # short break
            open_episode("e2", "E", "2025-09-01"),               # ... then a real start
            open_episode("f", "F", "2025-09-30", reason=" s "),  # S written loosely, last day
        ],
        ssd_legal_status=[
            status("1", "D", "V3", "2025-08-10", "2025-08-12"),
            status("2", "E", "V4", "2025-07-05", "2025-07-06"),
            status("3", "E", "C2", "2025-09-01"),
        ],
    )


def test_LA02_children_starting_in_the_quarter():
    r = run("LA02", _starts())
    # S starts in Q2: A (07-01), D (short break), E (twice, one not a short break), F (09-30)
    assert r.numerator == 3
    assert counted(r, "clae_person_id") == ["A", "E", "F"]
    audit = rows(r, "clae_person_id")
    assert list(audit.index) == ["A", "D", "E", "F"]  # one row per child
    assert audit.loc["E", "clae_cla_episode_id"] == "e2"  # the episode that counts
    assert audit.loc["D", "reason"].startswith("short break")


def test_LA02_year_to_date_adds_the_first_quarter():
    r = run("LA02", _starts(), year_to_date(Q2))
    # 2025-04-01 .. 2025-09-30 adds B (2025-06-30)
    assert r.numerator == 4
    assert counted(r, "clae_person_id") == ["A", "B", "E", "F"]


# -- LA03 ---------------------------------------------------------------------------------------

def test_LA03_children_ceasing_with_a_reason_other_than_x1():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[
            episode("a", "A", "2025-01-01", end="2025-07-01", ceased="E11"),  # first day
            episode("b1", "B", "2025-01-01", end="2025-08-01", ceased="X1"),  # care continues
            open_episode("b2", "B", "2025-08-01", reason="P"),
            episode("c", "C", "2025-01-01", end="2025-09-30", ceased=""),    # blank reason
            episode("d", "D", "2025-08-01", end="2025-08-15", ceased="E13"),  # ended under V3
            episode("e", "E", "2025-01-01", end="2025-09-10", ceased="E4A"),  # ended under C2
            episode("f", "F", "2025-01-01", end="2025-10-01", ceased="E13"),  # after the end
            episode("g", "G", "2025-01-01", end="2025-09-20", ceased="E13"),  # see statuses
        ],
        ssd_legal_status=[
            status("1", "D", "V3", "2025-08-01", "2025-08-15"),
            status("2", "E", "V3", "2025-01-01", "2025-09-01"),
            status("3", "E", "C2", "2025-09-01"),
            # G: C2 ends on the episode's end (start < e <= end: the status it ended under);
            # V3 starts that day (not before it), so G did not end under a short break
            status("4", "G", "C2", "2025-01-01", "2025-09-20"),
            status("5", "G", "V3", "2025-09-20"),
        ],
    )
    r = run("LA03", x)
    # ceased in Q2, not X1: A, C, D (short break), E, G -> 4 children
    assert r.numerator == 4
    assert counted(r, "clae_person_id") == ["A", "C", "E", "G"]
    audit = rows(r, "clae_person_id")
    assert "B" not in audit.index and "F" not in audit.index
    assert audit.loc["D", "reason"].startswith("short break")


def test_LA03_several_endings_count_the_child_once():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[
            episode("1", "A", "2025-07-01", end="2025-07-10", ceased="E13"),
            episode("2", "A", "2025-08-01", end="2025-08-10", ceased="E4A"),
        ],
        ssd_legal_status=[status("1", "A", "C2", "2025-01-01")],
    )
    r = run("LA03", x)
    assert r.numerator == 1
    assert rows(r, "clae_person_id").loc["A", "clae_cla_episode_id"] == "1"


# -- LA04 ---------------------------------------------------------------------------------------

def test_LA04_three_placements_overlapping_the_last_12_months():
    # window: 2024-09-30 + 1 day = 2024-10-01 .. 2025-09-30
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[open_episode(p.lower(), p, "2024-01-01") for p in "ABCDE"][:4]
        + [episode("e", "E", "2024-01-01", end="2025-09-01", ceased="E13")],
        ssd_legal_status=[status("1", "D", "V3", "2024-01-01")],
        ssd_cla_placement=[
            # A: a1 ends on the window's first day (overlaps), a2, a3 -> 3
            placement("a1", "A", "2024-01-01", "2024-10-01"),
            placement("a2", "A", "2024-10-01", "2025-03-01"),
            placement("a3", "A", "2025-03-01"),
            # B: b1 ends the day before the window (out), b2, b3 -> 2
            placement("b1", "B", "2024-01-01", "2024-09-30"),
            placement("b2", "B", "2024-09-30", "2025-05-01"),
            placement("b3", "B", "2025-05-01"),
            # C: c3 starts after the end -> 2
            placement("c1", "C", "2024-01-01", "2025-01-01"),
            placement("c2", "C", "2025-01-01", "2025-10-01"),
            placement("c3", "C", "2025-10-01"),
            # D: short break; E: not looked after at the end
            placement("d1", "D", "2025-01-01", "2025-02-01"),
            placement("d2", "D", "2025-02-01", "2025-03-01"),
            placement("d3", "D", "2025-03-01"),
            placement("e1", "E", "2025-01-01", "2025-02-01"),
            placement("e2", "E", "2025-02-01", "2025-03-01"),
            placement("e3", "E", "2025-03-01", "2025-09-01"),
        ],
    )
    r = run("LA04", x)
    # denominator A, B, C; numerator A -> 1 / 3
    assert (r.numerator, r.denominator) == (1, 3)
    assert r.value == pytest.approx(100 / 3)
    audit = rows(r, "clae_person_id")
    assert audit["placements_in_12_months"].to_dict() == {"A": 3, "B": 2, "C": 2, "D": 3}
    assert not audit.loc["D", "in_denominator"]


def test_LA04_window_on_a_leap_day():
    # custom period ending 2024-02-29: 12 months before is 2023-02-28, window from 2023-03-01
    x = micro(
        "2024-03-05",
        ssd_cla_episodes=[open_episode("a", "A", "2022-01-01"),
                          open_episode("b", "B", "2022-01-01")],
        ssd_legal_status=[status("1", "A", "C2", "2022-01-01"),
                          status("2", "B", "C2", "2022-01-01")],
        ssd_cla_placement=[
            placement("a1", "A", "2022-01-01", "2023-03-01"),  # ends on the window's first day
            placement("a2", "A", "2023-03-01", "2023-06-01"),
            placement("a3", "A", "2023-06-01"),
            placement("b1", "B", "2022-01-01", "2023-02-28"),  # ends the day before: out
            placement("b2", "B", "2023-02-28", "2023-06-01"),
            placement("b3", "B", "2023-06-01"),
        ],
    )
    r = run("LA04", x, custom("2024-01-01", "2024-02-29"))
    assert (r.numerator, r.denominator) == (1, 2)
    assert counted(r, "clae_person_id") == ["A"]


# -- LA05 ---------------------------------------------------------------------------------------

def test_LA05_long_term_stability_boundaries():
    # end 2025-09-30: period of care on or before 2023-03-30 (30 months), placement on or
    # before 2023-09-30 (24 months), aged under 16 at the end
    x = micro(
        "2025-10-07",
        ssd_person=[person("A", "2015-01-01"), person("B", "2015-01-01"),
                    person("C", "2009-09-01"), person("D", "2009-10-01"),
                    person("E", "2015-01-01"), person("F", "2015-01-01"),
                    person("H", "2015-01-01")],
        ssd_cla_episodes=[
            # A: period of care from 2023-03-30 through an X1 chain
            episode("a1", "A", "2023-03-30", end="2024-01-01", ceased="X1"),
            open_episode("a2", "A", "2024-01-01", reason="P"),
            open_episode("b", "B", "2023-03-31"),  # one day too recent
            open_episode("c", "C", "2020-01-01"),  # 16 on 2025-09-01
            open_episode("d", "D", "2020-01-01"),  # 15 until 2025-10-01
            open_episode("e", "E", "2020-01-01"),
            open_episode("f", "F", "2020-01-01"),
            # H: episode starts 2024, but the child entered care 2023-01-01
            open_episode("h", "H", "2024-01-01", reason="P", entered="2023-01-01"),
        ],
        ssd_legal_status=[status(str(i), p, "C2", "2020-01-01") for i, p in enumerate("ABCDEFH")],
        ssd_cla_placement=[
            placement("pa", "A", "2023-09-30"),               # exactly 24 months: stable
            placement("pb", "B", "2023-03-31"),
            placement("pc", "C", "2020-01-01"),
            placement("pd", "D", "2023-10-01"),               # one day short
            placement("pe1", "E", "2025-01-01"),              # two open placements:
            placement("pe2", "E", "2022-01-01"),              # any qualifies
            placement("pf", "F", "2020-01-01", "2025-09-30"),  # none open at the end
            placement("ph", "H", "2023-05-01"),
        ],
    )
    r = run("LA05", x)
    # denominator A, D, E, F, H (B too recent, C aged 16); numerator A, E, H -> 3 / 5
    assert (r.numerator, r.denominator, r.value) == (3, 5, 60.0)
    assert in_denominator(r, "clae_person_id") == ["A", "D", "E", "F", "H"]
    assert counted(r, "clae_person_id") == ["A", "E", "H"]
    audit = rows(r, "clae_person_id")
    assert audit.loc["C", "age_at_end"] == 16 and audit.loc["D", "age_at_end"] == 15
    assert audit.loc["A", "period_of_care_start"] == T("2023-03-30")
    assert audit.loc["H", "period_of_care_start"] == T("2023-01-01")
    assert audit.loc["F", "reason"] == "no placement open at the end"
    assert audit.loc["B", "reason"].startswith("period of care started 2023-03-31")


def test_LA05_child_without_date_of_birth_is_listed_outside_the_cohort():
    x = micro(
        "2025-10-07",
        ssd_person=[person("A", ""), person("B", "2015-01-01")],
        ssd_cla_episodes=[open_episode("a", "A", "2020-01-01"),
                          open_episode("b", "B", "2020-01-01")],
        ssd_legal_status=[status("1", "A", "C2", "2020-01-01"),
                          status("2", "B", "C2", "2020-01-01")],
        ssd_cla_placement=[placement("pa", "A", "2020-01-01"), placement("pb", "B", "2025-01-01")],
    )
    r = run("LA05", x)
    # A cannot be aged; B is in the cohort but moved in 2025 -> 0 / 1
    assert (r.numerator, r.denominator, r.value) == (0, 1, 0.0)
    assert rows(r, "clae_person_id").loc["A", "reason"] == "no date of birth in ssd_person"


# -- LA06 ---------------------------------------------------------------------------------------

def _visits():
    # end 2025-09-30; 42 days before is 2025-08-19
    return micro(
        "2025-10-07",
        ssd_cla_episodes=[
            open_episode("a", "A", "2025-08-19"),  # period of care exactly 42 days old
            open_episode("b", "B", "2025-08-20"),  # 41 days: too recent
            open_episode("c", "C", "2025-01-01"),
            open_episode("d", "D", "2025-01-01"),
            open_episode("e", "E", "2025-01-01"),
            open_episode("f", "F", "2025-01-01"),
        ],
        ssd_legal_status=[status(str(i), p, "C2", "2025-01-01") for i, p in enumerate("ABCDEF")],
        ssd_cla_visits=[
            visit("1", "A", "2025-08-19"),            # first day of the window
            visit("2", "B", "2025-09-01"),
            visit("3", "C", "2025-08-18"),            # one day before the window
            visit("4", "D", "2025-09-30", seen="N"),  # not seen
            visit("5", "E", "2025-09-30"),            # last day
            visit("6", "F", "2025-10-01"),            # after the end
        ],
    )


def test_LA06_seen_in_the_last_42_days():
    r = run("LA06", _visits())
    # denominator A, C, D, E, F; numerator A, E -> 2 / 5
    assert (r.numerator, r.denominator, r.value) == (2, 5, 40.0)
    assert counted(r, "clae_person_id") == ["A", "E"]
    audit = rows(r, "clae_person_id")
    assert audit.loc["A", "latest_seen_visit"] == T("2025-08-19")
    assert not audit.loc["B", "in_denominator"]


def test_LA06_window_follows_the_param():
    # 28 days: window 2025-09-02 .. 2025-09-30, period of care on or before 2025-09-02;
    # A's visit (08-19) is now too old; B joins the cohort but its visit (09-01) is too old too
    r = run("LA06", _visits(), params=replace(Params(), cla_visit_days=28))
    assert (r.numerator, r.denominator) == (1, 6)
    assert counted(r, "clae_person_id") == ["E"]


# -- LA07 ---------------------------------------------------------------------------------------

def test_LA07_reviews_held_by_the_due_date():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[
            open_episode("a", "A", "2024-01-01", cla_id="CA"),
            open_episode("v", "V", "2024-01-01", cla_id="CV"),
            # W's id sits on its second episode only: the link still finds W
            episode("w1", "W", "2024-01-01", end="2025-01-01", ceased="X1"),
            open_episode("w2", "W", "2025-01-01", reason="P", cla_id="CW"),
        ],
        ssd_legal_status=[
            status("1", "A", "C2", "2024-01-01"),
            status("2", "V", "V3", "2024-01-01"),
            status("3", "W", "C2", "2024-01-01"),
        ],
        ssd_cla_reviews=[
            review("r1", "CA", "2025-07-01", "2025-07-01"),  # held on the due date
            review("r2", "CA", "2025-09-30", "2025-10-02"),  # held 2 days late
            review("r3", "CA", "2025-08-01"),                # not held: late
            review("r4", "CA", "2025-08-15", cancelled="Y"),
            review("r5", "ZZ", "2025-08-20", "2025-08-20"),  # reaches no child
            review("r6", "CA", "2025-06-30", "2025-06-30"),  # due in Q1
            review("r7", "CV", "2025-09-01", "2025-09-01"),  # short break on the due date
            review("r8", "CW", "2025-09-10", "2025-09-05"),  # held early
        ],
    )
    r = run("LA07", x)
    # denominator r1, r2, r3, r8; numerator r1, r8 -> 2 / 4
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
    assert in_denominator(r, "clar_cla_review_id") == ["r1", "r2", "r3", "r8"]
    assert counted(r, "clar_cla_review_id") == ["r1", "r8"]
    audit = rows(r, "clar_cla_review_id")
    assert "r6" not in audit.index
    assert audit.loc["r2", "days_late"] == 2
    assert audit.loc["r2", "reason"] == "held 2 day(s) after the due date"
    assert audit.loc["r3", "reason"] == "not held"
    assert audit.loc["r4", "reason"] == "cancelled"
    assert audit.loc["r5", "reason"].startswith("clar_cla_id matches no looked-after episode")
    assert audit.loc["r8", "clae_person_id"] == "W"


def test_LA07_reviews_not_held_count_as_late_even_when_due_after_the_extract_date():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[open_episode("a", "A", "2024-01-01", cla_id="CA")],
        ssd_legal_status=[status("1", "A", "C2", "2024-01-01")],
        ssd_cla_reviews=[review("r1", "CA", "2025-10-20"), review("r2", "CA", "2025-10-01")],
    )
    # Q3 (2025-10-01 .. 2025-12-31): r2 due 10-01, not held by the extract date -> late;
    # r1 due 10-20 (a due date after the extract date is normal) not held: the rule reads
    # "not held by the due date counts as late", as CP09 does -> late too: 0 / 2
    r = run("LA07", x, quarter("2025-26-Q3"))
    assert (r.numerator, r.denominator, r.value) == (0, 2, 0.0)


# -- LA08 ---------------------------------------------------------------------------------------

def test_LA08_initial_health_assessment_within_20_working_days():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[
            open_episode("a", "A", "2025-07-01"),
            open_episode("b", "B", "2025-07-01"),
            open_episode("c", "C", "2025-08-20"),
            open_episode("d", "D", "2025-09-10"),
            open_episode("e", "E", "2025-09-09"),
            open_episode("f", "F", "2025-08-01", reason="P"),
            episode("g", "G", "2025-08-05", end="2025-08-07", ceased="E13"),
            # H: a period of care from May; the X1 continuation in August is not a new one
            episode("h1", "H", "2025-05-01", end="2025-08-01", ceased="X1"),
            open_episode("h2", "H", "2025-08-01", reason="P"),
        ],
        ssd_legal_status=[status("1", "G", "V3", "2025-08-05", "2025-08-07")],
        ssd_cla_health=[
            # A: Tue 07-01 to Tue 07-29 is 20 working days (no July bank holidays) -> in time
            health("1", "A", "IHA", "2025-07-29"),
            # B: 07-30 is 21 -> late; an IHA before the start does not count
            health("2", "B", "IHA", "2025-06-20"),
            health("3", "B", "IHA", "2025-07-30"),
            # C: Wed 08-20; Mon 08-25 is a bank holiday, so day 20 is Thu 09-18 -> in time
            health("4", "C", "IHA", "2025-09-18"),
            health("5", "C", "RHA", "2025-08-21"),  # not an IHA
            health("6", "H", "IHA", "2025-08-05"),
        ],
    )
    r = run("LA08", x)
    # D: day 20 after 09-10 is 10-08, after the extract date -> not yet judged;
    # E: day 20 after 09-09 is 10-07, the extract date -> judged, no IHA -> late;
    # F: first episode P; G: short break at the start; H: started in Q1
    # denominator A, B, C, E; numerator A, C -> 2 / 4
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
    assert in_denominator(r, "period_of_care_id") == ["a", "b", "c", "e"]
    audit = rows(r, "period_of_care_id")
    assert sorted(audit.index) == ["a", "b", "c", "d", "e", "f", "g"]
    assert audit.loc["a", "working_days_to_iha"] == 20
    assert audit.loc["b", "working_days_to_iha"] == 21
    assert audit.loc["c", "working_days_to_iha"] == 20
    assert audit.loc["c", "working_day_20"] == T("2025-09-18")
    assert audit.loc["d", "working_day_20"] == T("2025-10-08")
    assert audit.loc["e", "working_day_20"] == T("2025-10-07")
    assert audit.loc["f", "reason"] == "first episode's start reason is P, not S"


def test_LA08_counts_periods_of_care_not_children():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[
            episode("1", "A", "2025-07-01", end="2025-07-15", ceased="E13"),
            open_episode("2", "A", "2025-08-01"),
        ],
        ssd_cla_health=[health("1", "A", "IHA", "2025-07-10")],
        ssd_legal_status=[status("1", "A", "C2", "2025-07-01")],
    )
    r = run("LA08", x)
    # period 1: IHA 07-10 is 7 working days after 07-01 -> in time;
    # period 2 (from 08-01): that IHA is before its start -> late. 1 / 2
    assert (r.numerator, r.denominator, r.value) == (1, 2, 50.0)
    assert rows(r, "period_of_care_id").loc["1", "working_days_to_iha"] == 7


# -- LA09, LA10 ---------------------------------------------------------------------------------

def test_LA09_health_assessments_up_to_date_with_the_under_5_window():
    # end 2025-09-30: cohort in care since 2024-09-30 or before; window from 2024-09-30
    # (12 months), from 2025-03-30 (6 months) for children under 5
    kids = "ABCDEFG"
    x = micro(
        "2025-10-07",
        ssd_person=[person("A", "2015-01-01"), person("B", "2015-01-01"),
                    person("C", "2021-01-01"), person("D", "2021-01-01"),
                    person("E", "2020-09-01"), person("F", "2015-01-01"),
                    person("G", "2015-01-01")],
        ssd_cla_episodes=[open_episode("a", "A", "2024-09-30"),
                          open_episode("b", "B", "2024-10-01")]
        + [open_episode(k.lower(), k, "2023-01-01") for k in kids[2:]],
        ssd_legal_status=[status(str(i), k, "C2", "2023-01-01") for i, k in enumerate(kids)],
        ssd_cla_health=[
            health("1", "A", "RHA", "2024-09-30"),  # first day of the 12-month window
            health("2", "B", "RHA", "2025-01-01"),  # B not in the cohort (one day short)
            health("3", "C", "RHA", "2025-03-29"),  # aged 4: a day before the 6-month window
            health("4", "D", "IHA", "2025-03-30"),  # aged 4: first day of the 6-month window
            health("5", "E", "RHA", "2024-10-15"),  # aged 5 at the end: 12-month window
            health("6", "F", "DENTAL", "2025-01-01"),  # not a health assessment
            health("7", "G", "RHA", "2025-10-01"),  # after the end
        ],
    )
    r = run("LA09", x)
    # denominator A, C, D, E, F, G; numerator A, D, E -> 3 / 6
    assert (r.numerator, r.denominator, r.value) == (3, 6, 50.0)
    assert counted(r, "clae_person_id") == ["A", "D", "E"]
    audit = rows(r, "clae_person_id")
    assert audit.loc["C", "age_at_end"] == 4 and audit.loc["E", "age_at_end"] == 5
    assert audit.loc["C", "window_start"] == T("2025-03-30")
    assert audit.loc["E", "window_start"] == T("2024-09-30")
    assert not audit.loc["B", "in_denominator"]


def test_LA10_dental_checks_in_the_last_12_months():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[open_episode(k.lower(), k, "2023-01-01") for k in "ABCE"]
        + [open_episode("d", "D", "2024-10-01")],
        ssd_legal_status=[status(str(i), k, "C2", "2023-01-01") for i, k in enumerate("ABCD")]
        + [status("9", "E", "V4", "2023-01-01")],
        ssd_cla_health=[
            health("1", "A", "DENTAL", "2024-09-30"),  # first day of the window
            health("2", "B", "DENTAL", "2024-09-29"),  # a day before
            health("3", "C", "RHA", "2025-05-01"),     # not a dental check
            health("4", "D", "DENTAL", "2025-05-01"),  # D in care since 2024-10-01: not cohort
            health("5", "E", "DENTAL", "2025-05-01"),  # E on short breaks
        ],
    )
    r = run("LA10", x)
    # denominator A, B, C; numerator A -> 1 / 3
    assert (r.numerator, r.denominator) == (1, 3)
    assert r.value == pytest.approx(100 / 3)
    assert counted(r, "clae_person_id") == ["A"]
    assert rows(r, "clae_person_id").loc["A", "latest_dental_check"] == T("2024-09-30")


# -- LA11, LA12 ---------------------------------------------------------------------------------

def _placed():
    kids = "ABCDEF"
    return micro(
        "2025-10-07",
        ssd_cla_episodes=[open_episode(k.lower(), k, "2024-01-01") for k in kids],
        ssd_legal_status=[status(str(i), k, "C2", "2024-01-01") for i, k in enumerate("ABCEF")]
        + [status("9", "D", "V3", "2024-01-01")],
        ssd_cla_placement=[
            placement("a1", "A", "2024-01-01", kind="U1", provider="PR1"),
            placement("b1", "B", "2024-01-01", kind="U4", provider="PR4"),
            placement("c1", "C", "2024-01-01", kind="K2", provider="PR1"),
            placement("d1", "D", "2024-01-01", "2025-06-01", kind="U1", provider="PR4"),
            placement("d2", "D", "2025-06-01", kind="U6", provider="PR1"),
            placement("e1", "E", "2024-01-01", "2025-09-30", kind="U3", provider="PR1"),
            placement("e2", "E", "2025-09-30", kind="P1", provider="PR0"),
            placement("f1", "F", "2024-01-01", kind="U2", provider="PR4"),
            placement("f2", "F", "2025-01-01", kind="u5", provider="pr1"),
            placement("g1", "G", "2024-01-01", kind="P1", provider="PR0"),  # not looked after
        ],
    )


def test_LA11_placed_with_parents_at_the_end():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[open_episode(k.lower(), k, "2024-01-01") for k in "ABCDE"],
        ssd_legal_status=[status(str(i), k, "C2", "2024-01-01") for i, k in enumerate("ABCE")]
        + [status("9", "D", "V4", "2024-01-01")],
        ssd_cla_placement=[
            placement("a1", "A", "2025-01-01", kind="P1", provider="PR0"),
            # B: P1 ended on the end, a U1 from that day: not with parents at the end
            placement("b1", "B", "2025-01-01", "2025-09-30", kind="P1", provider="PR0"),
            placement("b2", "B", "2025-09-30", kind="U1"),
            # C: two open, one of them P1 (written loosely): any qualifies
            placement("c1", "C", "2025-01-01", kind="K2"),
            placement("c2", "C", "2025-02-01", kind=" p1", provider="PR0"),
            placement("d1", "D", "2025-01-01", kind="P1", provider="PR0"),  # short break
            placement("f1", "F", "2025-01-01", kind="P1", provider="PR0"),  # not looked after
        ],
    )
    r = run("LA11", x)
    # A and C -> 2 (E has no placement open; D on short breaks)
    assert r.numerator == 2 and r.denominator is None
    assert counted(r, "clae_person_id") == ["A", "C"]
    audit = rows(r, "clae_person_id")
    assert list(audit.index) == ["A", "B", "C", "D", "E"]
    assert audit.loc["B", "reason"] == "placement type at the end: U1"
    assert audit.loc["C", "placement_types_at_end"] == "K2/P1"
    assert audit.loc["E", "reason"] == "no placement open at the end"


def test_LA11_placement_ending_after_the_end_is_still_open():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[open_episode("a", "A", "2024-01-01")],
        ssd_legal_status=[status("1", "A", "C2", "2024-01-01")],
        ssd_cla_placement=[placement("a1", "A", "2025-01-01", "2025-10-01", kind="P1")],
    )
    assert run("LA11", x).numerator == 1


def test_LA12_fostered_children_with_own_provision():
    r = run("LA12", _placed())
    # foster placement open at the end: A (U1 PR1), B (U4 PR4), D (short break), F (U2 PR4
    # and u5 pr1: any qualifies); C is in K2; E's U3 ended on the end (now P1).
    # denominator A, B, F; numerator A, F -> 2 / 3
    assert (r.numerator, r.denominator) == (2, 3)
    assert r.value == pytest.approx(200 / 3)
    assert in_denominator(r, "clae_person_id") == ["A", "B", "F"]
    assert counted(r, "clae_person_id") == ["A", "F"]
    audit = rows(r, "clae_person_id")
    assert audit.loc["E", "reason"] == "not in a foster placement (U1-U6) at the end: P1"
    assert audit.loc["B", "reason"] == "foster placement provider is not PR1"
    assert "G" not in audit.index


def test_LA12_no_foster_placements_gives_no_value():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[open_episode("a", "A", "2024-01-01")],
        ssd_legal_status=[status("1", "A", "C2", "2024-01-01")],
        ssd_cla_placement=[placement("a1", "A", "2024-01-01", kind="K2")],
    )
    r = run("LA12", x)
    assert (r.numerator, r.denominator, r.value) == (0, 0, None)


# -- LA13 ---------------------------------------------------------------------------------------

def test_LA13_return_home_interviews_offered():
    x = micro(
        "2025-10-07",
        ssd_missing=[
            missing("m1", "A", "M", "2025-06-30", "2025-07-01", "Y"),  # ended on the first day
            missing("m2", "B", "Missing", "2025-09-29", "2025-09-30", "N"),  # last day
            missing("m3", "C", " missing ", "2025-08-01", "2025-08-01", "Y"),
            missing("m4", "D", "Away", "2025-08-01", "2025-08-01", "Y"),  # not missing
            missing("m5", "E", "M", "2025-09-30", "2025-10-01", "Y"),  # ended after the end
            missing("m6", "F", "M", "2025-08-01", "2025-08-02", ""),  # blank: not offered
            missing("m7", "G", "", "2025-08-01", "2025-08-02", "Y"),  # no type
            missing("m8", "H", "M", "2025-09-20", "", "Y"),  # still missing
        ],
    )
    r = run("LA13", x)
    # denominator m1, m2, m3, m6; numerator m1, m3 -> 2 / 4
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
    assert in_denominator(r, "miss_table_id") == ["m1", "m2", "m3", "m6"]
    assert counted(r, "miss_table_id") == ["m1", "m3"]
    audit = rows(r, "miss_table_id")
    assert list(audit.index) == ["m1", "m2", "m3", "m4", "m6", "m7"]
    assert audit.loc["m4", "reason"] == "episode type Away is not a missing episode"
    assert audit.loc["m7", "reason"] == "no episode type"
    assert audit.loc["m2", "reason"] == "return home interview not offered"


def test_LA13_counts_episodes_and_ignores_short_breaks():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[open_episode("a", "A", "2024-01-01")],
        ssd_legal_status=[status("1", "A", "V3", "2024-01-01")],
        ssd_missing=[
            missing("m1", "A", "M", "2025-07-01", "2025-07-02", "Y"),
            missing("m2", "A", "M", "2025-08-01", "2025-08-02", "N"),
        ],
    )
    # A is on short breaks, but LA13 has no short-break rule; two episodes of one child -> 1 / 2
    r = run("LA13", x)
    assert (r.numerator, r.denominator, r.value) == (1, 2, 50.0)
    assert MEASURES["LA13"].tables == ("ssd_missing",)
