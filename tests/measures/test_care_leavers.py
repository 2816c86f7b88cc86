"""CL01-CL03 on a hand-made extract; every expected number is worked out in the comments."""

from __future__ import annotations

from dataclasses import replace

import pytest

from micro import micro
from scorecard.measures import care_leavers  # noqa: F401  (registers CL01-CL03)
from scorecard.measures.registry import MEASURES, summarise
from scorecard.params import Params
from scorecard.periods import quarter

Q1 = quarter("2025-26-Q1")  # ends 2025-06-30
Q2 = quarter("2025-26-Q2")  # ends 2025-09-30


def _leaver(table_id, person, eligibility, in_touch, suitable, activity, contact=""):
    return {
        "clea_table_id": table_id, "clea_person_id": person,
        "clea_care_leaver_eligibility": eligibility, "clea_care_leaver_in_touch": in_touch,
        "clea_care_leaver_latest_contact": contact,
        "clea_care_leaver_accom_suitable": suitable, "clea_care_leaver_activity": activity,
    }


@pytest.fixture(scope="module")
def x():
    # Ages at 2025-09-30 (Q2 end) and 2025-06-30 (Q1 end), whole years from the DOB:
    #   P1 2006-09-01: 19 at Q2 end (birthday 1 Sep passed), 18 at Q1 end
    #   P2 2006-10-01: 18 at Q2 end (turns 19 the day after the end), 18 at Q1 end
    #   P3 2003-10-01: 21 at Q2 end (turns 22 the day after), 21 at Q1 end
    #   P4 2003-09-01: 22 at Q2 end, 21 at Q1 end (turns 22 on 1 Sep)
    #   P5 2005-01-01: 20 / 20 but eligibility Qualifying (not former relevant)
    #   P6 2005-06-01: 20 / 20, eligibility as an Annex A code "b) ..."
    #   P7 2004-03-01: 21 / 21, eligibility "FORMER RELEVANT " (case and spaces)
    people = [
        {"pers_person_id": p, "pers_dob": d} for p, d in [
            ("P1", "2006-09-01"), ("P2", "2006-10-01"), ("P3", "2003-10-01"),
            ("P4", "2003-09-01"), ("P5", "2005-01-01"), ("P6", "2005-06-01"),
            ("P7", "2004-03-01"),
        ]
    ]
    leavers = [
        _leaver("1", "P1", "Former relevant", "YES", "1", "F2", "2025-08-01"),
        _leaver("2", "P2", "Former relevant", "YES", "1", "F1", "2025-08-01"),
        _leaver("3", "P3", "Former relevant", "YES", "2", "F5", "2025-08-01"),
        _leaver("4", "P4", "Former relevant", "YES", "1", "F1", "2025-08-01"),
        _leaver("5", "P5", "Qualifying", "YES", "1", "F1", "2025-08-01"),
        _leaver("6", "P6", "b) Former relevant child", "NO", "2", "G6", "2025-08-01"),
        _leaver("7", "P7", "FORMER RELEVANT ", "REFU", "", "P4", "2025-08-01"),
        # A second, older row for P1: the row with the latest contact (row 1) is used.
        _leaver("9", "P1", "Former relevant", "NO", "2", "G4", "2025-05-01"),
    ]
    return micro("2025-10-07", ssd_person=people, ssd_care_leavers=leavers)


def run(x, mid, period, params=None):
    m = MEASURES[mid]
    audit = m.func(x, period, params or Params())
    return summarise(m, audit), audit.set_index("clea_table_id")


def test_CL01_in_touch_cohort_aged_19_to_21_at_Q2_end(x):
    # Q2 cohort: P1 (row 1, 19), P3 (21), P6 (20, "b)"), P7 (21) -> 4.
    # Out: P2 aged 18, P4 aged 22, P5 not former relevant, row 9 a second row of P1.
    # In touch = YES: P1, P3 -> 2 of 4 = 50%.
    r, a = run(x, "CL01", Q2)
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
    assert sorted(a.index[a.in_numerator]) == ["1", "3"]
    assert sorted(a.index[a.in_denominator]) == ["1", "3", "6", "7"]
    assert a.loc["2", "reason"] == "aged 18 at the period's end (cohort is 19 to 21)"
    assert a.loc["4", "age_at_end"] == 22
    assert "not former relevant" in a.loc["5", "reason"]
    assert a.loc["9", "reason"].startswith("another record of the same young person")
    assert a.loc["7", "reason"] == "in touch: REFU"
    assert len(a) == 8  # every care-leaver row is in the audit


def test_CL01_age_boundaries_move_with_the_period_end(x):
    # Q1 end 2025-06-30: P1 is 18 (out), P4 is 21 (in). Cohort P3, P4, P6, P7 -> 4.
    # In touch YES: P3, P4 -> 2 of 4 = 50%.
    r, a = run(x, "CL01", Q1)
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
    assert sorted(a.index[a.in_numerator]) == ["3", "4"]
    assert a.loc["1", "age_at_end"] == 18 and not a.loc["1", "in_denominator"]


def test_CL02_suitable_accommodation_Q2(x):
    # Q2 cohort P1, P3, P6, P7: suitable (1) only P1; P3 and P6 are 2; P7 blank stays in the
    # denominator as DfE counts it -> 1 of 4 = 25%.
    r, a = run(x, "CL02", Q2)
    assert (r.numerator, r.denominator, r.value) == (1, 4, 25.0)
    assert list(a.index[a.in_numerator]) == ["1"]
    assert a.loc["3", "reason"] == "accommodation not suitable (2)"
    assert a.loc["7", "reason"] == "suitability of accommodation not recorded"


def test_CL02_suitable_accommodation_Q1(x):
    # Q1 cohort P3 (2), P4 (1), P6 (2), P7 (blank) -> 1 of 4 = 25%, this time P4.
    r, a = run(x, "CL02", Q1)
    assert (r.numerator, r.denominator, r.value) == (1, 4, 25.0)
    assert list(a.index[a.in_numerator]) == ["4"]


def test_CL03_education_employment_training_Q2(x):
    # Q2 cohort: P1 F2 (EET), P3 F5 (EET), P6 G6 (not), P7 P4 (EET) -> 3 of 4 = 75%.
    r, a = run(x, "CL03", Q2)
    assert (r.numerator, r.denominator, r.value) == (3, 4, 75.0)
    assert sorted(a.index[a.in_numerator]) == ["1", "3", "7"]
    assert a.loc["6", "reason"] == "activity G6 (not in education, employment or training)"
    # row 9 (P1's older row, activity G4) is not counted a second time
    assert not a.loc["9", "in_denominator"]


def test_CL03_Q1_turning_22_leaves_the_cohort(x):
    # Q1 cohort P3 F5, P4 F1, P6 G6, P7 P4 -> 3 of 4 = 75%; P4 is counted because at 2025-06-30
    # it is 21 (it turns 22 on 2025-09-01 and drops out at the Q2 end).
    r, a = run(x, "CL03", Q1)
    assert (r.numerator, r.denominator, r.value) == (3, 4, 75.0)
    assert sorted(a.index[a.in_numerator]) == ["3", "4", "7"]
    r2, a2 = run(x, "CL03", Q2)
    assert not a2.loc["4", "in_denominator"]


def test_CL_empty_cohort_gives_no_value():
    x = micro("2025-10-07",
              ssd_person=[{"pers_person_id": "P1", "pers_dob": "2010-01-01"}],
              ssd_care_leavers=[_leaver("1", "P1", "Former relevant", "YES", "1", "F1")])
    # P1 is 15 at the end: nobody in the cohort, so no percentage (not 0%).
    r, a = run(x, "CL01", Q2)
    assert (r.numerator, r.denominator, r.value) == (0, 0, None)
    assert a.loc["1", "reason"] == "aged 15 at the period's end (cohort is 19 to 21)"


def test_CL01_young_person_without_a_date_of_birth_is_listed(x):
    # As if P3 had no row in ssd_person: its age is unknown, so it leaves the Q2 cohort
    # (P1, P6, P7 remain; in touch YES: P1 -> 1 of 3) with the reason in the audit.
    people = x.tables["ssd_person"]
    y = replace(x, tables=dict(x.tables, ssd_person=people[people["pers_person_id"] != "P3"]),
                _derived={})
    r, a = run(y, "CL01", Q2)
    assert (r.numerator, r.denominator) == (1, 3)
    assert a.loc["3", "reason"] == "no date of birth in ssd_person"
