"""AS01-AS04 on hand-made micro extracts; working days counted by hand in the comments.

Bank holidays used below: 2025 Good Friday 18 Apr, Easter Monday 21 Apr, 5 May, 26 May,
25 Aug (Mon); 2023-24: 25 and 26 Dec 2023, 1 Jan 2024. wd(a, b) counts working days d with
a < d <= b. Month lengths in weekdays: Jul 2025 has 23 (Tue 1st), Aug 2025 21 less 25 Aug = 20,
Sep 2025 22 (Mon 1st), Jun 2025 21, May 2025 22 less 2 = 20.
"""

import pandas as pd

from micro import micro
from scorecard.measures import assessment  # noqa: F401  (registers AS01-AS04)
from scorecard.measures.registry import MEASURES, summarise
from scorecard.params import Params
from scorecard.periods import custom, quarter

Q1 = quarter("2025-26-Q1")
Q2 = quarter("2025-26-Q2")


def run(mid, x, period=Q2, params=None):
    m = MEASURES[mid]
    return summarise(m, m.func(x, period, params or Params()))


def assessment_row(aid, person, start, auth=""):
    return {"cina_assessment_id": aid, "cina_person_id": person,
            "cina_assessment_start_date": start, "cina_assessment_auth_date": auth}


def visit(vid, person, date, seen="Y"):
    return {"cinv_cin_visit_id": vid, "cinv_person_id": person, "cinv_cin_visit_date": date,
            "cinv_cin_visit_seen": seen}


def test_AS01_45_and_46_working_days_across_the_august_bank_holiday():
    x = micro(ssd_cin_assessments=[
        # Tue 1 Jul -> Mon 1 Sep: Jul 2-31 = 22, Aug = 20 (25 Aug off), 1 Sep = 1 -> 43: in time.
        assessment_row("S1", "A", "2025-07-01", "2025-09-01"),
        # -> Wed 3 Sep = 43 + 2 = 45: in time (46 if 25 Aug were counted).
        assessment_row("S2", "B", "2025-07-01", "2025-09-03"),
        # -> Thu 4 Sep = 46: late.
        assessment_row("S3", "C", "2025-07-01", "2025-09-04"),
        assessment_row("S4", "D", "2025-05-01", "2025-06-30"),  # authorised before Q2: out
        assessment_row("S5", "E", "2025-08-01", "2025-10-01"),  # authorised after Q2: out
        assessment_row("S6", "F", "2025-08-01"),                # not authorised: out
        assessment_row("S7", "G", "2025-07-01", "2025-07-01"),  # same day: 0 working days
    ])
    # Denominator S1, S2, S3, S7 = 4; numerator S1, S2, S7 = 3 -> 75%.
    r = run("AS01", x)
    assert (r.numerator, r.denominator, r.value) == (3, 4, 75.0)
    a = r.audit.set_index("cina_assessment_id")
    assert list(a.index) == ["S1", "S2", "S3", "S7"]
    assert list(a["working_days_to_authorisation"]) == [43, 45, 46, 0]
    assert list(a.index[a.in_numerator]) == ["S1", "S2", "S7"]
    assert a.loc["S3", "reason"] == "authorised 46 working days after the start"


def test_AS01_over_christmas_and_new_year():
    x = micro(ssd_cin_assessments=[
        # MEASURES.md's example: Fri 22 Dec 2023 -> Tue 2 Jan 2024 = 4.
        assessment_row("T1", "A", "2023-12-22", "2024-01-02"),
        # Wed 1 Nov 2023 -> Mon 8 Jan 2024: Nov 2-30 = 21, Dec = 21 less 25, 26 = 19,
        # Jan 2-5 = 4 (1 Jan off), Mon 8 = 1 -> 45: in time.
        assessment_row("T2", "B", "2023-11-01", "2024-01-08"),
        # -> Tue 9 Jan = 46: late.
        assessment_row("T3", "C", "2023-11-01", "2024-01-09"),
    ])
    # 2023-24 Q4 (Jan-Mar 2024): 2 of 3 in time.
    r = run("AS01", x, quarter("2023-24-Q4"))
    assert (r.numerator, r.denominator) == (2, 3)
    assert abs(r.value - 200 / 3) < 1e-9
    assert list(r.audit["working_days_to_authorisation"]) == [4, 45, 46]


AS02_EXTRACT = dict(
    ssd_cin_assessments=[
        # A1: Tue 1 Jul; 5th working day Tue 8 Jul; seen 8 Jul -> wd 5: in both AS02 and AS03.
        assessment_row("A1", "P1", "2025-07-01", "2025-08-01"),
        # A2: seen Wed 9 Jul -> wd 6: late for AS02, in time for AS03 (10th wd is 15 Jul).
        assessment_row("A2", "P2", "2025-07-01"),
        # A3: a visit on 2 Jul NOT seen, then seen 16 Jul -> wd 11: late for both.
        assessment_row("A3", "P3", "2025-07-01"),
        # A4: Wed 20 Aug; 21, 22, (25 off), 26, 27, 28 -> 5th wd is Thu 28 Aug; seen 28 Aug: in.
        # A seen visit the day before the start does not count (v >= start).
        assessment_row("A4", "P4", "2025-08-20"),
        # A5: Tue 30 Sep (last day); 5th wd = Tue 7 Oct = the extract date -> judged for AS02,
        # seen 7 Oct -> in. 10th wd = Tue 14 Oct, after the extract date -> not yet in AS03.
        assessment_row("A5", "P5", "2025-09-30"),
        # A6: starts after the quarter: not considered.
        assessment_row("A6", "P6", "2025-10-01"),
        # A7: P1's second assessment, Mon 1 Sep; P1's only seen visit (8 Jul) is before it.
        assessment_row("A7", "P1", "2025-09-01"),
        # A8: seen on the start day -> wd 0: in.
        assessment_row("A8", "P7", "2025-07-10"),
        # A9: a seen visit of ANOTHER child (P9) the next day does not count.
        assessment_row("A9", "P8", "2025-07-01"),
    ],
    ssd_cin_visits=[
        visit("V1", "P1", "2025-07-08"),
        visit("V2", "P2", "2025-07-09"),
        visit("V3a", "P3", "2025-07-02", seen="N"),
        visit("V3b", "P3", "2025-07-16"),
        visit("V4a", "P4", "2025-08-19"),
        visit("V4b", "P4", "2025-08-28"),
        visit("V5", "P5", "2025-10-07"),
        visit("V7", "P7", "2025-07-10"),
        visit("V9", "P9", "2025-07-02"),
    ],
)


def test_AS02_seen_within_5_working_days():
    # Denominator: A1, A2, A3, A4, A5, A7, A8, A9 = 8 (A6 not in Q2).
    # Numerator: A1 (5), A4 (5 over the bank holiday), A5 (5), A8 (0) = 4 -> 50%.
    r = run("AS02", micro(**AS02_EXTRACT))
    assert (r.numerator, r.denominator, r.value) == (4, 8, 50.0)
    a = r.audit.set_index("cina_assessment_id")
    assert list(a.index[a.in_numerator]) == ["A1", "A4", "A5", "A8"]
    assert a.loc["A1", "working_day_5"] == pd.Timestamp("2025-07-08")
    assert a.loc["A4", "working_day_5"] == pd.Timestamp("2025-08-28")
    assert a.loc["A4", "first_seen_visit_id"] == "V4b"
    assert a.loc["A2", "working_days_to_seen"] == 6
    assert a.loc["A3", "reason"] == "first seen visit 11 working days after the start"
    assert a.loc["A7", "reason"] == "no seen CIN visit on or after the start"
    assert a.loc["A9", "reason"] == "no seen CIN visit on or after the start"


def test_AS02_only_assessments_whose_5th_working_day_has_passed():
    x = micro(
        "2025-07-08",
        ssd_cin_assessments=[
            # B1: Tue 1 Jul, 5th wd Tue 8 Jul = extract date -> judged; seen 8 Jul -> in.
            assessment_row("B1", "P1", "2025-07-01"),
            # B2: Wed 2 Jul, 5th wd Wed 9 Jul > extract date -> not yet judged.
            assessment_row("B2", "P2", "2025-07-02"),
            # B3: Tue 1 Jul, never seen -> judged, not seen.
            assessment_row("B3", "P3", "2025-07-01"),
        ],
        ssd_cin_visits=[visit("V1", "P1", "2025-07-08")],
    )
    r = run("AS02", x)
    assert (r.numerator, r.denominator, r.value) == (1, 2, 50.0)
    a = r.audit.set_index("cina_assessment_id")
    assert not a.loc["B2", "in_denominator"]
    assert a.loc["B2", "reason"] == (
        "working day 5 after the start (2025-07-09) is after the extract date")


def test_AS03_seen_within_10_working_days():
    # Denominator: A1, A2, A3, A4, A7, A8, A9 = 7 (A5's 10th working day, 14 Oct, is after
    # the extract date). Numerator: A1 (5), A2 (6), A4 (5), A8 (0) = 4 -> 4/7.
    r = run("AS03", micro(**AS02_EXTRACT))
    assert (r.numerator, r.denominator) == (4, 7)
    assert abs(r.value - 400 / 7) < 1e-9
    a = r.audit.set_index("cina_assessment_id")
    assert list(a.index[a.in_numerator]) == ["A1", "A2", "A4", "A8"]
    assert a.loc["A1", "working_day_10"] == pd.Timestamp("2025-07-15")
    assert a.loc["A5", "reason"] == (
        "working day 10 after the start (2025-10-14) is after the extract date")
    assert a.loc["A3", "working_days_to_seen"] == 11


def test_AS03_nothing_due_yet_gives_no_value():
    # Extract taken Tue 8 Jul: an assessment started Tue 1 Jul reaches its 10th working day on
    # 15 Jul, so none can be judged yet: denominator 0, no value (never 0%).
    x = micro(
        "2025-07-08",
        ssd_cin_assessments=[assessment_row("B1", "P1", "2025-07-01")],
        ssd_cin_visits=[visit("V1", "P1", "2025-07-08")],
    )
    r = run("AS03", x)
    assert (r.numerator, r.denominator, r.value) == (0, 0, None)
    assert len(r.audit) == 1


def test_AS04_open_assessments_past_45_working_days_at_the_quarter_end():
    x = micro(ssd_cin_assessments=[
        # wd(start, Tue 30 Sep):
        assessment_row("O1", "A", "2025-07-01"),  # Jul 22 + Aug 20 + Sep 22 = 64: past
        assessment_row("O2", "B", "2025-08-01"),  # Aug 4-29 = 19 + Sep 22 = 41: not yet
        assessment_row("O3", "C", "2025-07-28"),  # Jul 29-31 = 3 + 20 + 22 = 45: not past
        assessment_row("O4", "D", "2025-07-25"),  # Jul 28-31 = 4 + 42 = 46: past
        assessment_row("O5", "E", "2025-06-01", "2025-09-30"),  # authorised on the end: closed
        assessment_row("O6", "F", "2025-06-01", "2025-10-01"),  # authorised after: open, 86
        assessment_row("O7", "G", "2025-10-01"),  # starts after the end
    ])
    # Count: O1, O4, O6 = 3. The audit lists the open ones: O1, O2, O3, O4, O6.
    r = run("AS04", x)
    assert (r.numerator, r.denominator, r.value) == (3, None, 3.0)
    a = r.audit.set_index("cina_assessment_id")
    assert list(a.index) == ["O1", "O2", "O3", "O4", "O6"]
    assert list(a["working_days_open"]) == [64, 41, 45, 46, 86]
    assert list(a.index[a.in_numerator]) == ["O1", "O4", "O6"]
    assert a.loc["O3", "reason"] == "open 45 working days at the end (not past 45)"


def test_AS04_snapshot_at_an_earlier_quarter_end_over_easter_and_may():
    x = micro(ssd_cin_assessments=[
        # wd(start, Mon 30 Jun 2025); April: Tue 1st, Good Friday 18th, Easter Monday 21st.
        # P1: Apr 2-30 = 19, May = 20, Jun = 21 -> 60: past.
        assessment_row("P1", "A", "2025-04-01"),
        assessment_row("P2", "B", "2025-04-01", "2025-06-30"),  # authorised on the end: closed
        assessment_row("P3", "C", "2025-04-01", "2025-07-01"),  # authorised after: open, 60
        # P5: Apr 25, 28, 29, 30 = 4 + 41 = 45: not past. P6 one working day earlier: 46.
        assessment_row("P5", "D", "2025-04-24"),
        assessment_row("P6", "E", "2025-04-23"),
        assessment_row("P4", "F", "2025-07-01"),  # starts after the end
    ])
    r = run("AS04", x, Q1)
    assert r.value == 3.0  # P1, P3, P6
    a = r.audit.set_index("cina_assessment_id")
    assert list(a.index) == ["P1", "P3", "P5", "P6"]
    assert list(a["working_days_open"]) == [60, 60, 45, 46]
    assert list(a.index[a.in_numerator]) == ["P1", "P3", "P6"]
    # The same records at a custom period ending 2025-04-30: P1 has run Apr 2-30 = 19 days.
    assert run("AS04", x, custom("2025-04-01", "2025-04-30")).value == 0.0
