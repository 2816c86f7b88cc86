"""WF01-WF06 on a hand-made extract; every expected number is worked out in the comments."""

from __future__ import annotations

from dataclasses import replace

import pytest

from micro import micro
from scorecard.extract.model import Extract
from scorecard.measures import workforce  # noqa: F401  (registers WF01-WF06)
from scorecard.measures.registry import MEASURES, summarise
from scorecard.params import Params
from scorecard.periods import quarter, year_to_date

Q1 = quarter("2025-26-Q1")  # 2025-04-01 .. 2025-06-30
Q2 = quarter("2025-26-Q2")  # 2025-07-01 .. 2025-09-30


def _inv(iid, worker, role, person, start, end=""):
    return {
        "invo_involvements_id": iid, "invo_professional_id": worker,
        "invo_professional_role_id": role, "invo_person_id": person,
        "invo_involvement_start_date": start, "invo_involvement_end_date": end,
    }


INVOLVEMENTS = [
    # W1, social worker: A, B, C open; A a second time (a child counts once); D ended on the
    # Q2 end itself (ended > end is needed to be open, so not open at the Q2 end, open at Q1).
    _inv("1", "W1", "SW", "A", "2025-01-01"),
    _inv("2", "W1", "SW", "B", "2025-01-01"),
    _inv("3", "W1", "SW", "C", "2025-01-01"),
    _inv("4", "W1", "SW", "A", "2025-02-01"),
    _inv("5", "W1", "SW", "D", "2025-01-01", "2025-09-30"),
    # W2: E starts on the Q2 end (open), F ends after it (open); at Q1 only F.
    _inv("6", "W2", "SW", "E", "2025-09-30"),
    _inv("7", "W2", "SW", "F", "2025-04-01", "2025-10-01"),
    # W3: every involvement closed before both ends: not case-holding.
    _inv("8", "W3", "SW", "A", "2024-01-01", "2025-03-31"),
    # W5: role written " sw" (trimmed and upper-cased to SW); G from August.
    _inv("9", "W5", " sw", "G", "2025-08-01"),
    # IROs: W4 with A-E, W6 with A; W7 is a personal adviser (not counted anywhere).
    _inv("10", "W4", "IRO", "A", "2025-01-01"),
    _inv("11", "W4", "IRO", "B", "2025-01-01"),
    _inv("12", "W4", "IRO", "C", "2025-01-01"),
    _inv("13", "W4", "IRO", "D", "2025-01-01"),
    _inv("14", "W4", "IRO", "E", "2025-07-15"),
    _inv("15", "W6", "IRO", "A", "2025-01-01"),
    _inv("16", "W7", "PA", "X", "2025-01-01"),
]
PROFESSIONALS = [
    {"prof_professional_id": w, "prof_agency_worker_flag": f}
    for w, f in [("W1", "Y"), ("W2", "N"), ("W3", "Y"), ("W4", "N"), ("W5", " y"),
                 ("W6", "N"), ("W7", "N")]
]
SUPERVISIONS = [
    # Q2 window with 28 days: 2025-09-30 - 28 days = 2025-09-02 .. 2025-09-30.
    {"supervision_id": "1", "professional_id": "W1", "supervision_date": "2025-09-02"},  # 28 d
    {"supervision_id": "2", "professional_id": "W2", "supervision_date": "2025-09-01"},  # 29 d
    {"supervision_id": "3", "professional_id": "W2", "supervision_date": "2025-10-03"},  # after
    {"supervision_id": "4", "professional_id": "W1", "supervision_date": "2025-06-10"},
    {"supervision_id": "5", "professional_id": "W2", "supervision_date": "2025-06-02"},
    # W5 has no supervision at all
]
AUDITS = [
    {"audit_id": "A1", "person_id": "A", "audit_date": "2025-06-30", "audit_grade": "Good"},
    {"audit_id": "A2", "person_id": "B", "audit_date": "2025-07-01", "audit_grade": "Good"},
    {"audit_id": "A3", "person_id": "C", "audit_date": "2025-08-15",
     "audit_grade": "Requires improvement"},
    {"audit_id": "A4", "person_id": "D", "audit_date": "2025-08-20", "audit_grade": "Inadequate"},
    {"audit_id": "A5", "person_id": "E", "audit_date": "2025-09-30", "audit_grade": "Outstanding"},
    {"audit_id": "A6", "person_id": "F", "audit_date": "2025-09-01", "audit_grade": " good"},
    {"audit_id": "A7", "person_id": "G", "audit_date": "2025-08-01", "audit_grade": ""},
    {"audit_id": "A8", "person_id": "A", "audit_date": "2025-10-01", "audit_grade": "Good"},
]


@pytest.fixture(scope="module")
def x():
    return micro("2025-10-07", ssd_involvements=INVOLVEMENTS, ssd_professionals=PROFESSIONALS,
                 local_supervisions=SUPERVISIONS, local_case_audits=AUDITS)


def run(x, mid, period, params=None, key="invo_professional_id"):
    m = MEASURES[mid]
    audit = m.func(x, period, params or Params())
    return summarise(m, audit), audit.set_index(key)


def test_WF01_average_social_worker_caseload_Q2(x):
    # Case-holding SWs at 2025-09-30: W1 {A,B,C} = 3 (D ended on the end day; A twice counts
    # once), W2 {E,F} = 2, W5 {G} = 1. W3 holds nothing, W4/W6 are IROs, W7 a PA.
    # numerator 3 + 2 + 1 = 6, denominator 3 workers, value 2.0.
    r, a = run(x, "WF01", Q2)
    assert (r.numerator, r.denominator, r.value) == (6.0, 3, 2.0)
    assert list(a.index) == ["W1", "W2", "W5"]
    assert a.loc["W1", "caseload"] == 3 and a.loc["W1", "open_involvements"] == 4
    assert list(a["numerator_value"]) == [3.0, 2.0, 1.0]


def test_WF01_average_social_worker_caseload_Q1(x):
    # At 2025-06-30: W1 {A,B,C,D} = 4 (D still open), W2 {F} = 1 (E not started), W5 none yet
    # (G from August). 5 / 2 = 2.5.
    r, a = run(x, "WF01", Q1)
    assert (r.numerator, r.denominator, r.value) == (5.0, 2, 2.5)
    assert list(a.index) == ["W1", "W2"]


def test_WF02_caseload_equal_to_threshold_is_not_above(x):
    # Threshold 2 at Q2: W1 3 > 2 yes; W2 2 is not above 2; W5 1 no -> 1 of 3 = 33.3%.
    r, a = run(x, "WF02", Q2, Params(caseload_threshold=2))
    assert (r.numerator, r.denominator) == (1, 3)
    assert r.value == pytest.approx(100 / 3)
    assert list(a.index[a.in_numerator]) == ["W1"]
    assert a.loc["W2", "reason"] == "caseload 2 is not above 2"


def test_WF02_default_threshold_20(x):
    # Default threshold 20: nobody above -> 0 of 3 = 0% (a value, since there are workers).
    r, _ = run(x, "WF02", Q2)
    assert (r.numerator, r.denominator, r.value) == (0, 3, 0.0)
    # threshold 1: W1 (3) and W2 (2) are above -> 2 of 3
    r, a = run(x, "WF02", Q2, Params(caseload_threshold=1))
    assert (r.numerator, r.denominator) == (2, 3)
    assert list(a.index[a.in_numerator]) == ["W1", "W2"]


def test_WF03_average_IRO_caseload_Q2(x):
    # IROs at Q2 end: W4 {A,B,C,D,E} = 5, W6 {A} = 1 -> 6 / 2 = 3.0. The PA (W7) is not an IRO.
    r, a = run(x, "WF03", Q2)
    assert (r.numerator, r.denominator, r.value) == (6.0, 2, 3.0)
    assert dict(a["caseload"]) == {"W4": 5, "W6": 1}


def test_WF03_average_IRO_caseload_Q1(x):
    # At 2025-06-30 W4 has A-D (E starts 2025-07-15) = 4, W6 = 1 -> 5 / 2 = 2.5.
    r, a = run(x, "WF03", Q1)
    assert (r.numerator, r.denominator, r.value) == (5.0, 2, 2.5)
    assert a.loc["W4", "caseload"] == 4


def test_WF04_agency_social_workers_Q2(x):
    # Case-holding SWs at Q2: W1 (Y), W2 (N), W5 (" y" = Y) -> 2 of 3 = 66.7%.
    # W3 is agency but holds no case, so it is not counted.
    r, a = run(x, "WF04", Q2)
    assert (r.numerator, r.denominator) == (2, 3)
    assert r.value == pytest.approx(200 / 3)
    assert list(a.index[a.in_numerator]) == ["W1", "W5"]
    assert a.loc["W2", "reason"] == "not an agency worker"


def test_WF04_agency_social_workers_Q1_and_unknown_worker(x):
    # Q1: W1 (Y), W2 (N) -> 1 of 2 = 50%.
    r, _ = run(x, "WF04", Q1)
    assert (r.numerator, r.denominator, r.value) == (1, 2, 50.0)
    # Without W1's professionals row (as if the validator had let it through), W1's agency
    # status is unknown: out of the denominator, so 0 of 1 = 0% (W2 only).
    prof = x.tables["ssd_professionals"]
    tables = dict(x.tables, ssd_professionals=prof[prof["prof_professional_id"] != "W1"])
    y = replace(x, tables=tables, _derived={})
    assert isinstance(y, Extract)
    r, a = run(y, "WF04", Q1)
    assert (r.numerator, r.denominator, r.value) == (0, 1, 0.0)
    assert a.loc["W1", "reason"] == "no row in ssd_professionals: agency status unknown"


def test_WF05_supervised_in_the_last_28_days(x):
    # Window 2025-09-02 .. 2025-09-30. W1 supervised 2025-09-02 (exactly 28 days: in);
    # W2 last on or before the end 2025-09-01 (29 days: out; 2025-10-03 is after the end);
    # W5 never -> 1 of 3 = 33.3%.
    r, a = run(x, "WF05", Q2)
    assert (r.numerator, r.denominator) == (1, 3)
    assert list(a.index[a.in_numerator]) == ["W1"]
    assert a.loc["W1", "days_since_supervision"] == 28
    assert a.loc["W2", "days_since_supervision"] == 29
    assert a.loc["W2", "reason"] == "last supervision 29 days before the end (more than 28)"
    assert a.loc["W5", "reason"] == "no supervision on or before the end"


def test_WF05_supervision_days_param(x):
    # supervision_days 29: window from 2025-09-01, so W2 (29 days) counts too -> 2 of 3.
    r, a = run(x, "WF05", Q2, Params(supervision_days=29))
    assert (r.numerator, r.denominator) == (2, 3)
    assert list(a.index[a.in_numerator]) == ["W1", "W2"]
    # Q1 (end 2025-06-30, from 2025-06-02): W1 2025-06-10 in, W2 2025-06-02 (28 days) in -> 2/2.
    r, _ = run(x, "WF05", Q1)
    assert (r.numerator, r.denominator, r.value) == (2, 2, 100.0)


def test_WF06_case_audits_good_or_better_Q2(x):
    # Dated in 2025-07-01 .. 2025-09-30: A2 Good (first day), A3 RI, A4 Inadequate,
    # A5 Outstanding (last day), A6 " good", A7 no grade (out of the denominator).
    # A1 (2025-06-30) and A8 (2025-10-01) lie outside. Good or better: A2, A5, A6 -> 3 of 5 = 60%.
    r, a = run(x, "WF06", Q2, key="audit_id")
    assert (r.numerator, r.denominator, r.value) == (3, 5, 60.0)
    assert list(a.index) == ["A2", "A3", "A4", "A5", "A6", "A7"]
    assert list(a.index[a.in_numerator]) == ["A2", "A5", "A6"]
    assert a.loc["A7", "reason"] == "no grade recorded"
    assert a.loc["A4", "reason"] == "graded Inadequate"


def test_WF06_case_audits_good_or_better_year_to_date(x):
    # YTD 2025-04-01 .. 2025-09-30 adds A1 (Good, 2025-06-30) -> 4 of 6 = 66.7%.
    r, a = run(x, "WF06", year_to_date(Q2), key="audit_id")
    assert (r.numerator, r.denominator) == (4, 6)
    assert r.value == pytest.approx(400 / 6)
    assert "A1" in a.index and "A8" not in a.index


def test_WF05_before_any_supervision_was_recorded(x):
    # 2024-25 Q4 ends 2025-03-31: no supervision is dated on or before it. Case-holding SWs:
    # W1 {A,B,C,D} (from 2025-01-01); W3's involvement ends on 2025-03-31 itself, so W3 does
    # not hold it at the end. 0 of 1 = 0%.
    r, a = run(x, "WF05", quarter("2024-25-Q4"))
    assert (r.numerator, r.denominator, r.value) == (0, 1, 0.0)
    assert a.loc["W1", "reason"] == "no supervision on or before the end"
    assert list(a.index) == ["W1"]
