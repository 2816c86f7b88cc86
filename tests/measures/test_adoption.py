"""AD01-AD03 on hand-made extracts; every expected number is worked out in the comments."""

from __future__ import annotations

import pandas as pd
import pytest
from cla_rows import episode, permanence

from micro import micro
from scorecard.measures import adoption  # noqa: F401  (registers AD01-AD03)
from scorecard.measures.registry import MEASURES, summarise
from scorecard.params import Params
from scorecard.periods import custom, quarter, year_to_date

Q2 = quarter("2025-26-Q2")  # 2025-07-01 .. 2025-09-30; AD02/AD03 cohort 2022-10-01 .. 2025-09-30
T = pd.Timestamp


def run(mid, x, period=Q2):
    m = MEASURES[mid]
    return summarise(m, m.func(x, period, Params()))


def audit(result):
    return result.audit.set_index("clae_person_id")


def test_AD01_children_adopted_in_the_quarter_and_year():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[
            episode("a", "A", "2023-01-01", end="2025-07-01", ceased="E11"),  # first day
            episode("b", "B", "2023-01-01", end="2025-09-30", ceased="e12"),  # last day
            episode("c", "C", "2023-01-01", end="2025-09-30", ceased="E13"),  # not adopted
            episode("d", "D", "2023-01-01", end="2025-06-30", ceased="E11"),  # Q1
            episode("e", "E", "2023-01-01", end="2025-10-01", ceased="E11"),  # Q3
        ],
    )
    r = run("AD01", x)
    assert (r.numerator, r.denominator, r.value) == (2, None, 2.0)
    assert sorted(r.audit["clae_person_id"]) == ["A", "B"]
    # year to date 2025-04-01 .. 2025-09-30 adds D
    assert run("AD01", x, year_to_date(Q2)).numerator == 3


def test_AD01_counts_children_not_episodes():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[
            episode("1", "A", "2023-01-01", end="2025-07-10", ceased="E11"),
            episode("2", "A", "2025-07-10", end="2025-08-10", ceased="E11"),
        ],
    )
    r = run("AD01", x)
    assert r.numerator == 1
    assert audit(r).loc["A", "clae_cla_episode_id"] == "2"  # the latest adoption


def _cohort():
    return micro(
        "2025-10-07",
        ssd_cla_episodes=[
            # A: in care from 2023-01-10 (an X1 chain), adopted 2025-09-30
            episode("a1", "A", "2023-01-10", end="2024-01-01", ceased="X1"),
            episode("a2", "A", "2024-01-01", "P", end="2025-09-30", ceased="E11"),
            # B: adopted on the cohort's first day, 2022-10-01
            episode("b", "B", "2021-01-01", end="2022-10-01", ceased="E12"),
            # C: adopted a day before the cohort window
            episode("c", "C", "2021-01-01", end="2022-09-30", ceased="E11"),
            episode("d", "D", "2023-03-01", end="2024-05-01", ceased="E11"),
            episode("e", "E", "2023-03-01", end="2024-01-01", ceased="E11"),
            episode("f", "F", "2022-06-01", end="2024-02-01", ceased="E12"),
            episode("g", "G", "2022-06-01", end="2024-02-01", ceased="E13"),  # not adopted
        ],
        ssd_permanence=[
            # A: a1 placed 2024-06-01; a2 placed after the adoption (2025-10-02): not chosen
            permanence("a1", "A", placed_for_adoption="2024-06-01",
                       placement_order="2024-01-01", matched="2024-03-01"),
            permanence("a2", "A", placed_for_adoption="2025-10-02",
                       placement_order="2025-01-01", matched="2025-09-01"),
            # B: adopted by its foster carer: moved in on the foster placement date
            permanence("b1", "B", placed_for_adoption="2022-05-01",
                       placed_foster_carer="2021-03-01", by_carer="Y",
                       placement_order="2022-05-10", matched="2022-05-01"),
            permanence("c1", "C", placed_for_adoption="2022-01-01",
                       placement_order="2021-06-01", matched="2021-07-01"),
            # D: flag Y but no foster-carer date: the placed-for-adoption date is used
            permanence("d1", "D", placed_for_adoption="2024-03-01", by_carer="Y",
                       matched="2024-02-01"),
            # F: two rows before the adoption: the later placement (f2) is chosen
            permanence("f1", "F", placed_for_adoption="2023-01-01",
                       placement_order="2022-09-01", matched="2022-10-01"),
            permanence("f2", "F", placed_for_adoption="2023-06-01",
                       placement_order="2023-01-01"),
        ],
    )


def test_AD02_days_from_entering_care_to_moving_in():
    r = run("AD02", _cohort())
    # A: 2023-01-10 -> 2024-06-01 = 365 (to 2024-01-10) + 21 + 29 + 31 + 30 + 31 + 1 = 508
    # B: 2021-01-01 -> 2021-03-01 = 31 + 28 = 59 (foster carer date)
    # D: 2023-03-01 -> 2024-03-01 = 366 (29 Feb 2024 inside)
    # F: 2022-06-01 -> 2023-06-01 = 365 (row f2)
    # E has no permanence row: outside. Mean (508 + 59 + 366 + 365) / 4 = 1298 / 4 = 324.5
    assert (r.numerator, r.denominator, r.value) == (1298.0, 4, 324.5)
    a = audit(r)
    assert sorted(a.index) == ["A", "B", "D", "E", "F"]
    assert a["days"].dropna().to_dict() == {"A": 508.0, "B": 59.0, "D": 366.0, "F": 365.0}
    assert a.loc["A", "perm_table_id"] == "a1"
    assert a.loc["F", "perm_table_id"] == "f2"
    assert a.loc["A", "entered_care_date"] == T("2023-01-10")
    assert a.loc["B", "moved_in_date"] == T("2021-03-01")
    assert not a.loc["E", "in_denominator"]
    assert a.loc["E", "reason"].startswith("no ssd_permanence row")


def test_AD02_rolling_window_of_36_months_on_a_leap_day():
    # custom period ending 2024-02-29: 36 months before is 2021-02-28, cohort from 2021-03-01
    x = micro(
        "2024-03-05",
        ssd_cla_episodes=[
            episode("a", "A", "2020-01-01", end="2021-03-01", ceased="E11"),  # first day: in
            episode("b", "B", "2020-01-01", end="2021-02-28", ceased="E11"),  # a day before
        ],
        ssd_permanence=[permanence("a1", "A", placed_for_adoption="2020-01-11"),
                        permanence("b1", "B", placed_for_adoption="2020-01-21")],
    )
    r = run("AD02", x, custom("2023-12-01", "2024-02-29"))
    assert (r.numerator, r.denominator, r.value) == (10.0, 1, 10.0)
    assert list(r.audit["clae_person_id"]) == ["A"]


def test_AD03_days_from_placement_order_to_match():
    r = run("AD03", _cohort())
    # A (row a1): 2024-01-01 -> 2024-03-01 = 31 + 29 = 60
    # B: matched before the order -> 0
    # D: no placement order; E: no permanence row; F (row f2): order but no match date
    # mean (60 + 0) / 2 = 30
    assert (r.numerator, r.denominator, r.value) == (60.0, 2, 30.0)
    a = audit(r)
    assert a.loc["B", "days"] == 0.0
    assert a.loc["D", "reason"] == "no placement order date"
    assert a.loc["F", "reason"] == "no match date"
    assert a.loc["F", "perm_table_id"] == "f2"


def test_AD03_empty_cohort_gives_no_value():
    x = micro(
        "2025-10-07",
        ssd_cla_episodes=[episode("a", "A", "2020-01-01", end="2021-01-01", ceased="E11")],
        ssd_permanence=[permanence("a1", "A", placed_for_adoption="2020-06-01",
                                   placement_order="2020-03-01", matched="2020-04-01")],
    )
    r = run("AD03", x)  # adopted 2021, before the cohort window
    assert (r.numerator, r.denominator, r.value) == (0.0, 0, None)
    assert r.audit.empty


@pytest.mark.parametrize("mid", ["AD02", "AD03"])
def test_AD02_AD03_are_rolling_day_averages(mid):
    m = MEASURES[mid]
    assert (m.window, m.unit, m.polarity) == ("rolling", "days", "lower")
