"""CP01-CP10 on hand-made micro extracts; every expected figure is worked out in the comments.

Period 2025-26 Q2 is Tue 2025-07-01 to Tue 2025-09-30; extract date 2025-10-07 unless stated.
Mon 25 Aug 2025 is a bank holiday. wd(a, b) counts working days d with a < d <= b.
"""

import pandas as pd

from micro import micro
from scorecard.measures import child_protection  # noqa: F401  (registers CP01-CP10)
from scorecard.measures.registry import MEASURES, summarise
from scorecard.params import Params
from scorecard.periods import custom, quarter, year_to_date

Q1 = quarter("2025-26-Q1")
Q2 = quarter("2025-26-Q2")


def run(mid, x, period=Q2, params=None):
    m = MEASURES[mid]
    return summarise(m, m.func(x, period, params or Params()))


def s47(sid, person, start):
    return {"s47e_s47_enquiry_id": sid, "s47e_person_id": person, "s47e_s47_start_date": start}


def icpc(cid, person, date, s47_id="", transfer="N"):
    return {"icpc_icpc_id": cid, "icpc_person_id": person, "icpc_icpc_date": date,
            "icpc_s47_enquiry_id": s47_id, "icpc_icpc_transfer_in": transfer}


def plan(pid, person, start, end=""):
    return {"cppl_cp_plan_id": pid, "cppl_person_id": person, "cppl_cp_plan_start_date": start,
            "cppl_cp_plan_end_date": end}


def cp_visit(vid, person, date, seen="Y", plan_id=""):
    return {"cppv_cp_visit_id": vid, "cppv_person_id": person, "cppv_cp_visit_date": date,
            "cppv_cp_visit_seen": seen, "cppv_cp_plan_id": plan_id}


def review(rid, person, due, held=""):
    return {"cppr_cp_review_id": rid, "cppr_person_id": person, "cppr_cp_review_due": due,
            "cppr_cp_review_date": held}


def numbers(r):
    return r.numerator, r.denominator, r.value


def ids(audit, column):
    return list(audit.loc[audit.in_numerator, column])


# -- CP01 -------------------------------------------------------------------------------------

S47S = [
    s47("E1", "A", "2025-06-30"),  # day before Q2
    s47("E2", "A", "2025-07-01"),  # first day
    s47("E3", "B", "2025-09-30"),  # last day
    s47("E4", "B", "2025-09-30"),  # the same child the same day: a second enquiry
    s47("E5", "C", "2025-10-01"),  # after Q2
]


def test_CP01_counts_enquiries_started_in_the_quarter():
    # E2, E3, E4 -> 3.
    r = run("CP01", micro(ssd_s47_enquiry=S47S))
    assert numbers(r) == (3, None, 3.0)
    assert list(r.audit["s47e_s47_enquiry_id"]) == ["E2", "E3", "E4"]


def test_CP01_year_to_date():
    # 2025-04-01..2025-09-30: E1, E2, E3, E4 -> 4; Q1 alone: E1 -> 1.
    x = micro(ssd_s47_enquiry=S47S)
    assert run("CP01", x, year_to_date(Q2)).value == 4.0
    assert run("CP01", x, Q1).value == 1.0


# -- CP02 -------------------------------------------------------------------------------------

def test_CP02_conferences_within_15_working_days():
    x = micro(
        ssd_s47_enquiry=[
            s47("E1", "A", "2025-07-01"),
            s47("E2", "B", "2025-07-01"),
            s47("E3", "C", "2025-08-15"),
            s47("E7", "F", "2025-08-10"),
            s47("E8", "G", "2025-09-30"),
        ],
        ssd_initial_cp_conference=[
            # Tue 1 Jul -> Tue 22 Jul: Jul 2-4 (3), 7-11 (8), 14-18 (13), 21, 22 -> 15: in time.
            icpc("I1", "A", "2025-07-22", "E1"),
            # -> Wed 23 Jul: 16: late.
            icpc("I2", "B", "2025-07-23", "E2"),
            # Fri 15 Aug -> Mon 8 Sep: Aug 18-22 (5), 26-29 (9, 25 Aug off), Sep 1-5 (14),
            # Sep 8 (15): in time.
            icpc("I3", "C", "2025-09-08", "E3"),
            icpc("I4", "A", "2025-08-01", "E1", transfer="Y"),   # transfer in: out
            icpc("I5", "D", "2025-08-01", ""),                   # no linked S47: out
            icpc("I6", "E", "2025-08-01", "E99"),                # S47 not in the extract: out
            icpc("I7", "F", "2025-08-05", "E7"),                 # S47 starts after it: out
            icpc("I8", "A", "2025-06-30", "E1"),                 # before Q2: not considered
            icpc("I9", "G", "2025-09-30", "E8"),                 # same day as the S47: 0
        ],
    )
    # Denominator I1, I2, I3, I9 = 4; numerator I1, I3, I9 = 3 -> 75%.
    r = run("CP02", x)
    assert numbers(r) == (3, 4, 75.0)
    a = r.audit.set_index("icpc_icpc_id")
    assert list(a.index) == ["I1", "I2", "I3", "I4", "I5", "I6", "I7", "I9"]
    assert ids(r.audit, "icpc_icpc_id") == ["I1", "I3", "I9"]
    assert a.loc["I1", "working_days_from_s47_start"] == 15
    assert a.loc["I3", "working_days_from_s47_start"] == 15
    assert a.loc["I2", "reason"] == "held 16 working days after the S47 start"
    assert a.loc["I4", "reason"] == "transfer in"
    assert a.loc["I5", "reason"] == "no linked S47 enquiry"
    assert a.loc["I6", "reason"] == "linked S47 enquiry E99 is not in the extract"
    assert a.loc["I7", "reason"] == "linked S47 enquiry starts after the conference"
    assert not a.loc[["I4", "I5", "I6", "I7"], "in_denominator"].any()


def test_CP02_enquiry_started_in_the_previous_quarter():
    x = micro(
        ssd_s47_enquiry=[s47("Ea", "A", "2025-06-20"), s47("Eb", "B", "2025-06-09")],
        ssd_initial_cp_conference=[
            # Fri 20 Jun -> Tue 1 Jul: Jun 23-27 (5), 30 (6), Jul 1 (7): in time.
            icpc("Ia", "A", "2025-07-01", "Ea"),
            # Mon 9 Jun -> Tue 1 Jul: Jun 10-13 (4), 16-20 (9), 23-27 (14), 30 (15), 1 Jul (16).
            icpc("Ib", "B", "2025-07-01", "Eb"),
        ],
    )
    r = run("CP02", x)
    assert numbers(r) == (1, 2, 50.0)
    assert list(r.audit["working_days_from_s47_start"]) == [7, 16]
    # Nothing dated in Q1 -> no value.
    assert numbers(run("CP02", x, Q1)) == (0, 0, None)


# -- CP03 -------------------------------------------------------------------------------------

PLANS_STARTED = [
    plan("P1", "A", "2025-06-30", "2025-07-10"),  # before Q2
    plan("P2", "A", "2025-07-01"),                # first day
    plan("P3", "B", "2025-09-30"),                # last day
    plan("P4", "C", "2025-08-01", "2025-08-02"),  # ended already: still started in Q2
    plan("P5", "D", "2025-10-01"),                # after Q2
]


def test_CP03_counts_plans_started():
    # P2, P3, P4 -> 3.
    r = run("CP03", micro(ssd_cp_plans=PLANS_STARTED))
    assert numbers(r) == (3, None, 3.0)
    assert list(r.audit["cppl_cp_plan_id"]) == ["P2", "P3", "P4"]


def test_CP03_rate_measure_over_twelve_months():
    assert MEASURES["CP03"].rate_per_10k
    # The engine's rate basis for Q2: 2024-10-01..2025-09-30 -> P1, P2, P3, P4 = 4.
    r = run("CP03", micro(ssd_cp_plans=PLANS_STARTED), custom("2024-10-01", "2025-09-30"))
    assert r.value == 4.0


# -- CP04 -------------------------------------------------------------------------------------

def test_CP04_second_or_subsequent_plans():
    x = micro(ssd_cp_plans=[
        plan("A1", "A", "2023-01-01", "2023-06-01"),
        plan("A2", "A", "2025-07-15"),                # earlier plan A1: subsequent
        plan("B1", "B", "2025-08-01"),                # B1 and B2 start the same day:
        plan("B2", "B", "2025-08-01"),                #   neither is earlier -> neither
        plan("C1", "C", "2025-07-01"),                # first plan
        plan("D1", "D", "2025-07-02", "2025-07-20"),  # first plan
        plan("D2", "D", "2025-09-30"),                # D1 started earlier in Q2: subsequent
    ])
    # Denominator A2, B1, B2, C1, D1, D2 = 6; numerator A2, D2 = 2 -> 33.3%.
    r = run("CP04", x)
    assert (r.numerator, r.denominator) == (2, 6)
    assert abs(r.value - 100 / 3) < 1e-9
    assert ids(r.audit, "cppl_cp_plan_id") == ["A2", "D2"]
    a = r.audit.set_index("cppl_cp_plan_id")
    assert a.loc["A2", "earlier_plan_id"] == "A1"
    assert a.loc["B2", "reason"] == "no earlier plan of the child"


def test_CP04_ever_means_any_earlier_plan_even_long_ago_or_still_open():
    x = micro(ssd_cp_plans=[
        plan("E1", "E", "2010-05-01", "2011-05-01"),  # 15 years earlier still counts
        plan("E2", "E", "2025-08-01"),
        plan("F1", "F", "2025-01-01"),                # an earlier plan still open counts
        plan("F2", "F", "2025-08-10"),
        plan("G1", "G", "2025-09-01", "2025-09-20"),  # a LATER plan does not make G1 second
        plan("G2", "G", "2025-10-01"),
    ])
    # Denominator E2, F2, G1 = 3; numerator E2, F2 = 2.
    r = run("CP04", x)
    assert (r.numerator, r.denominator) == (2, 3)
    assert ids(r.audit, "cppl_cp_plan_id") == ["E2", "F2"]
    a = r.audit.set_index("cppl_cp_plan_id")
    assert a.loc["E2", "earlier_plan_start_date"] == pd.Timestamp("2010-05-01")


# -- CP05 -------------------------------------------------------------------------------------

def test_CP05_previous_plan_ended_within_24_months():
    x = micro(ssd_cp_plans=[
        # A2 starts 2025-07-15; 24 months before = 2023-07-15; A1 ended exactly then: in.
        plan("A1", "A", "2021-01-01", "2023-07-15"),
        plan("A2", "A", "2025-07-15"),
        # B1 ended 2023-07-14, one day too early: out.
        plan("B1", "B", "2021-01-01", "2023-07-14"),
        plan("B2", "B", "2025-07-15"),
        # C1 ended the day C2 started (e <= start): in.
        plan("C1", "C", "2024-01-01", "2025-08-01"),
        plan("C2", "C", "2025-08-01"),
        # D1 is still open: it has not ended, so it does not count.
        plan("D1", "D", "2024-01-01"),
        plan("D2", "D", "2025-08-10"),
        # E1 started in Q2 (nothing before it) and ended after E2 started: neither counts.
        plan("E1", "E", "2025-07-01", "2025-09-15"),
        plan("E2", "E", "2025-09-01"),
        # F: the latest earlier end (2024-12-01) decides, not the oldest (2020-01-01): in.
        plan("F1", "F", "2019-01-01", "2020-01-01"),
        plan("F2", "F", "2024-06-01", "2024-12-01"),
        plan("F3", "F", "2025-09-10"),
    ])
    # Denominator A2, B2, C2, D2, E1, E2, F3 = 7; numerator A2, C2, F3 = 3 -> 3/7.
    r = run("CP05", x)
    assert (r.numerator, r.denominator) == (3, 7)
    assert abs(r.value - 300 / 7) < 1e-9
    assert ids(r.audit, "cppl_cp_plan_id") == ["A2", "C2", "F3"]
    a = r.audit.set_index("cppl_cp_plan_id")
    assert a.loc["A2", "two_years_before_start"] == pd.Timestamp("2023-07-15")
    assert a.loc["F3", "previous_plan_ended_id"] == "F2"
    assert a.loc["B2", "reason"] == (
        "previous plan ended 2023-07-14, more than 24 months before the start")
    assert a.loc["D2", "reason"] == "no other plan of the child ended on or before the start"
    assert a.loc["E2", "reason"] == "no other plan of the child ended on or before the start"


def test_CP05_a_plan_is_never_its_own_previous_plan_and_leap_day():
    x = micro(ssd_cp_plans=[
        # G1 starts and ends the same day: its own end is not "another plan": out.
        plan("G1", "G", "2025-08-05", "2025-08-05"),
        # H1 and H2 start the same day; H1 ended that day -> H2 in; H1 has no other plan
        # ended by 2025-08-05 (H2 ended 2025-08-20): out.
        plan("H1", "H", "2025-08-05", "2025-08-05"),
        plan("H2", "H", "2025-08-05", "2025-08-20"),
        # K2 starts and ends the day K1 ended: K1 is another plan ending on K2's start: in.
        plan("K1", "K", "2025-03-01", "2025-08-05"),
        plan("K2", "K", "2025-08-05", "2025-08-05"),
        # L2 starts 2024-02-29; 24 months before = 2022-02-28 (clamped); L1 ended then: in.
        plan("L1", "L", "2021-06-01", "2022-02-28"),
        plan("L2", "L", "2024-02-29", "2024-06-01"),
    ])
    # Period 2024-01-01..2025-09-30: G1, H1, H2, K1, K2, L2 = 6; numerator H2, K2, L2 = 3.
    r = run("CP05", x, custom("2024-01-01", "2025-09-30"))
    assert numbers(r) == (3, 6, 50.0)
    assert ids(r.audit, "cppl_cp_plan_id") == ["H2", "K2", "L2"]
    a = r.audit.set_index("cppl_cp_plan_id")
    assert pd.isna(a.loc["G1", "previous_plan_ended_id"])
    assert a.loc["K2", "previous_plan_ended_id"] == "K1"
    assert a.loc["L2", "two_years_before_start"] == pd.Timestamp("2022-02-28")


# -- CP06 -------------------------------------------------------------------------------------

CP06_PLANS = [
    plan("A1", "A", "2025-09-30"),                # starts on the end day: open at Q2 end
    plan("B1", "B", "2025-02-01", "2025-09-30"),  # ends on the Q2 end day: not open then
    plan("C1", "C", "2025-06-30", "2025-10-01"),  # ends after Q2 end: open at both ends
    plan("D1", "D", "2025-01-01"),                # two open plans: one child
    plan("D2", "D", "2025-05-01"),
    plan("E1", "E", "2025-10-01"),                # not started by either end
    plan("F1", "F", "2024-01-01"),                # open throughout
    plan("H1", "H", "2025-04-01", "2025-07-15"),  # open at Q1 end only
    plan("G1", "G", "2025-03-01", "2025-06-30"),  # ended on the Q1 end day: never open at an end
]


def test_CP06_children_on_a_plan_at_the_quarter_end():
    # At 2025-09-30: A, C, D, F -> 4 children (D once, with 2 open plans).
    r = run("CP06", micro(ssd_cp_plans=CP06_PLANS))
    assert numbers(r) == (4, None, 4.0)
    a = r.audit.set_index("cppl_person_id")
    assert list(a.index) == ["A", "C", "D", "F"]
    assert a.loc["D", "open_plans"] == 2
    assert a.loc["D", "cppl_cp_plan_id"] == "D1"
    assert MEASURES["CP06"].rate_per_10k


def test_CP06_snapshot_at_the_previous_quarter_end():
    # At 2025-06-30: B, C (started that day), D, F, H -> 5 (A, E not started; G ended that day).
    r = run("CP06", micro(ssd_cp_plans=CP06_PLANS), Q1)
    assert r.value == 5.0
    assert list(r.audit["cppl_person_id"]) == ["B", "C", "D", "F", "H"]


# -- CP07 -------------------------------------------------------------------------------------

def test_CP07_plans_ended_lasting_two_years():
    x = micro(ssd_cp_plans=[
        plan("P1", "A", "2023-07-15", "2025-07-15"),  # start + 24 months = end: 2 years: in
        plan("P2", "B", "2023-07-16", "2025-07-15"),  # one day short
        plan("P4", "C", "2025-01-01", "2025-09-30"),  # ended on the last day, short
        plan("P5", "D", "2020-01-01", "2025-10-01"),  # ended after Q2
        plan("P6", "E", "2020-01-01", "2025-06-30"),  # ended before Q2
        plan("P7", "F", "2020-01-01"),                # still open
    ])
    # Denominator P1, P2, P4 = 3; numerator P1 -> 33.3%.
    r = run("CP07", x)
    assert (r.numerator, r.denominator) == (1, 3)
    assert abs(r.value - 100 / 3) < 1e-9
    a = r.audit.set_index("cppl_cp_plan_id")
    assert list(a.index) == ["P1", "P2", "P4"]
    assert a.loc["P2", "two_years_after_start"] == pd.Timestamp("2025-07-16")
    assert a.loc["P2", "reason"] == "ended before 2 years"


def test_CP07_leap_day_start_clamps_to_28_february():
    x = micro(
        "2026-04-01",
        ssd_cp_plans=[
            plan("P8", "A", "2024-02-29", "2026-02-28"),  # + 24 months = 2026-02-28: in
            plan("P9", "B", "2024-03-01", "2026-02-28"),  # + 24 months = 2026-03-01: out
        ],
    )
    r = run("CP07", x, quarter("2025-26-Q4"))
    assert numbers(r) == (1, 2, 50.0)
    assert ids(r.audit, "cppl_cp_plan_id") == ["P8"]


# -- CP08 -------------------------------------------------------------------------------------

def test_CP08_seen_in_the_last_10_working_days():
    # End Tue 30 Sep: wd(Tue 16 Sep, 30 Sep) = 17-19 (3), 22-26 (8), 29-30 (10); wd(15 Sep) = 11.
    x = micro(
        ssd_cp_plans=[
            plan("P1", "A", "2025-01-01"),
            plan("P2", "B", "2025-01-01"),
            plan("P3", "C", "2025-01-01"),
            plan("P4", "D", "2025-09-16"),                # open 10 working days: in denominator
            plan("P5", "E", "2025-09-17"),                # open 9: out of the denominator
            plan("P7", "A", "2025-03-01"),                # A's second plan
            plan("P8", "G", "2025-01-01", "2025-09-30"),  # ended on the end day: not open
        ],
        ssd_cp_visits=[
            # carries P1's id, but visits belong to the child: counts for P7 too
            cp_visit("V1", "A", "2025-09-16", plan_id="P1"),
            cp_visit("V2", "B", "2025-09-15"),             # 11 working days: too old
            cp_visit("V2b", "B", "2025-10-02"),            # after the end: ignored
            cp_visit("V3", "C", "2025-09-29", seen="N"),   # not seen
            cp_visit("V4", "D", "2025-09-16"),             # plan start day, 10 wd: in
            cp_visit("V5", "E", "2025-09-29"),
            cp_visit("V9", "H", "2025-09-29"),             # a child with no plan
        ],
    )
    # Denominator P1, P2, P3, P4, P7 = 5; numerator P1, P4, P7 = 3 -> 60%.
    r = run("CP08", x)
    assert numbers(r) == (3, 5, 60.0)
    a = r.audit.set_index("cppl_cp_plan_id")
    assert list(a.index) == ["P1", "P2", "P3", "P4", "P5", "P7"]
    assert ids(r.audit, "cppl_cp_plan_id") == ["P1", "P4", "P7"]
    assert a.loc["P7", "latest_seen_visit_id"] == "V1"
    assert a.loc["P2", "working_days_since_seen"] == 11
    assert a.loc["P2", "reason"] == "last seen 11 working days before the end"
    assert a.loc["P3", "reason"] == "no seen CP visit of the child"
    assert a.loc["P5", "working_days_open"] == 9
    assert a.loc["P5", "reason"] == "plan started 9 working days before the end (fewer than 10)"
    assert not a.loc["P5", "in_denominator"]


def test_CP08_visit_before_the_plan_start_does_not_count():
    # End Fri 26 Sep: wd(Sun 14 Sep, 26 Sep) = 15-19 (5), 22-26 (10) -> plans open 10 wd;
    # wd(Sat 13 Sep, 26 Sep) = 10 as well, but that visit is before J's plan started: out.
    # wd(Mon 15 Sep, 26 Sep) = 9: K seen in time.
    x = micro(
        ssd_cp_plans=[plan("J1", "J", "2025-09-14"), plan("K1", "K", "2025-09-14")],
        ssd_cp_visits=[cp_visit("VJ", "J", "2025-09-13"), cp_visit("VK", "K", "2025-09-15")],
    )
    r = run("CP08", x, custom("2025-07-01", "2025-09-26"))
    assert numbers(r) == (1, 2, 50.0)
    a = r.audit.set_index("cppl_cp_plan_id")
    assert a.loc["J1", "working_days_since_seen"] == 10
    assert a.loc["J1", "reason"] == "no seen CP visit since the plan started"
    assert a.loc["K1", "working_days_since_seen"] == 9


# -- CP09 -------------------------------------------------------------------------------------

CP09_REVIEWS = [
    review("R1", "A", "2025-07-01", "2025-07-01"),  # held on the due date: in time
    review("R2", "B", "2025-07-10", "2025-07-11"),  # a day late
    review("R3", "C", "2025-09-30"),                # due on the last day, not held: late
    review("R4", "D", "2025-10-01"),                # due after Q2
    review("R5", "E", "2025-06-30", "2025-07-05"),  # due in Q1, held late in Q2
    review("R6", "F", "2025-08-15", "2025-08-01"),  # held early: in time
    review("R8", "H", "2025-08-20", "2025-08-27"),  # a week late
    review("R7", "G", "2025-09-01"),                # overdue: late
]


def test_CP09_reviews_held_by_the_due_date():
    # Due in Q2: R1, R2, R3, R6, R7, R8 = 6; in time R1, R6 = 2 -> 33.3%.
    r = run("CP09", micro(ssd_cp_reviews=CP09_REVIEWS))
    assert (r.numerator, r.denominator) == (2, 6)
    assert abs(r.value - 100 / 3) < 1e-9
    a = r.audit.set_index("cppr_cp_review_id")
    assert ids(r.audit, "cppr_cp_review_id") == ["R1", "R6"]
    assert a.loc["R3", "reason"] == "not held"
    assert a.loc["R7", "reason"] == "not held"
    assert a.loc["R2", "reason"] == "held 1 day after the due date"
    assert a.loc["R8", "reason"] == "held 7 days after the due date"


def test_CP09_year_to_date_keeps_the_late_first_quarter_review():
    # YTD: R1, R2, R3, R5, R6, R7, R8 = 7; in time R1, R6 = 2. Q1 alone: R5 late -> 0%.
    x = micro(ssd_cp_reviews=CP09_REVIEWS)
    r = run("CP09", x, year_to_date(Q2))
    assert (r.numerator, r.denominator) == (2, 7)
    assert abs(r.value - 200 / 7) < 1e-9
    assert numbers(run("CP09", x, Q1)) == (0, 1, 0.0)


# -- CP10 -------------------------------------------------------------------------------------

def test_CP10_plans_open_two_years_or_more():
    # End 2025-09-30; 24 months before = 2023-09-30.
    x = micro(ssd_cp_plans=[
        plan("P1", "A", "2023-09-30"),                # on the cut-off: 2 years: in
        plan("P2", "B", "2023-10-01"),                # a day short
        plan("P3", "C", "2020-01-01", "2025-09-30"),  # ended on the end day: not open
        plan("P4", "D", "2022-01-01", "2025-10-03"),  # ends after the end: open, long
        plan("P5", "E", "2025-09-30"),                # started on the end day
    ])
    # Denominator P1, P2, P4, P5 = 4; numerator P1, P4 = 2 -> 50%.
    r = run("CP10", x)
    assert numbers(r) == (2, 4, 50.0)
    assert ids(r.audit, "cppl_cp_plan_id") == ["P1", "P4"]
    a = r.audit.set_index("cppl_cp_plan_id")
    assert a.loc["P2", "reason"] == "started after 2023-09-30 (open less than 2 years)"


def test_CP10_leap_day_end_clamps_the_cut_off():
    # End 2024-02-29; 24 months before = 2022-02-28 (clamped).
    x = micro(
        "2024-03-05",
        ssd_cp_plans=[plan("P6", "A", "2022-02-28"), plan("P7", "B", "2022-03-01")],
    )
    r = run("CP10", x, custom("2024-01-01", "2024-02-29"))
    assert numbers(r) == (1, 2, 50.0)
    assert ids(r.audit, "cppl_cp_plan_id") == ["P6"]
