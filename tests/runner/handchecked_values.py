"""The hand-checked test extract (tests/data/handchecked): every value below was worked out by
hand from its CSV rows, for 2025-26 Q2 (1 July to 30 September 2025; YTD from 1 April 2025),
extract date 2025-10-07. The nbval goldens (tests/notebooks/golden) show these same numbers,
and test_goldens_show_the_hand_worked_numbers ties the two together, so a golden output can be
wrong only if a hand-worked value here is wrong too.

Working days (MEASURES.md: wd(a, b) counts working days d with a < d <= b; 2025 bank holidays
18 and 21 April, 5 and 26 May, 25 August):
  July after Tue 1 July: 2-4 (3) + 7-11, 14-18, 21-25 (15) + 28-31 (4) = 22
  August: Fri 1 (1) + 4-8, 11-15, 18-22 (15) + 26-29 (4, Mon 25 a holiday) = 20
  June after Mon 2 June: 3-6 (4) + 9-13, 16-20, 23-27 (15) + Mon 30 (1) = 20
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data"
EXTRACT = DATA / "handchecked"
PARAMS = DATA / "handchecked-params.yaml"
Q2_END = pd.Timestamp("2025-09-30")

# (measure, window, numerator, denominator, value) with the working.
HAND_WORKED = [
    # FD01 contacts dated in Q2: C2 (1 Jul, first day), C3 (15 Aug), C4 (30 Sep, last day) = 3;
    # C1 (30 Jun) is Q1, C5 (1 Oct) after; C7 (20 Oct) is after the extract date: excluded.
    ("FD01", "quarter", 3, None, 3.0),
    # YTD adds C1 (30 Jun) and C6 (10 Apr) = 5
    ("FD01", "ytd", 5, None, 5.0),
    # FD02 referrals dated in Q2: R2 (1 Jul), R3, R4 (30 Sep), R6 (1 Jul) = 4
    ("FD02", "quarter", 4, None, 4.0),
    # FD03: R2 (P01, 1 Jul 2025) has R1 on 1 Sep 2024, within 12 months; R6 (P04, 1 Jul 2025)
    # has R5 on 1 Jul 2024 = exactly d - 12 months, which counts (d - 12 months <= p < d);
    # R3 and R4 have no earlier referral. 2 of 4 = 50%.
    ("FD03", "quarter", 2, 4, 50.0),
    # YTD adds R7 (P05, 10 Apr 2025, no earlier referral): 2 of 5 = 40%
    ("FD03", "ytd", 2, 5, 40.0),
    # FD04: of the 4 Q2 referrals only R3 is NFA = Y: 1 of 4 = 25%
    ("FD04", "quarter", 1, 4, 25.0),
    # AS01 authorised in Q2: A1 1 Jul -> 29 Aug = 22 + 20 = 42 (in time); A2 2 Jun -> 6 Aug
    # = 20 + 23 (all of July) + 4 (1, 4, 5, 6 Aug) = 47 (late); A3 1 Jul -> 3 Sep = 42 + 3
    # (29 Aug counted already; 1, 2, 3 Sep) = 45 (in time, on the limit); A6 1 Jul -> 4 Sep =
    # 46 (late, one over). 2 of 4 = 50%.
    ("AS01", "quarter", 2, 4, 50.0),
    # YTD adds A7 10 Apr -> 1 May: 11 Apr (1), 14-17 (4), 22-25 (4, Good Friday and Easter
    # Monday out), 28-30 (3), 1 May (1) = 13, in time: 3 of 5 = 60%
    ("AS01", "ytd", 3, 5, 60.0),
    # AS04 open at 30 Sep: A4 (started 30 Sep, 0 working days) and A5 (started 1 May, about
    # 105 working days): only A5 is past 45 -> 1
    ("AS04", "snapshot", 1, None, 1.0),
    # CP01 S47s started in Q2: S1 (2 Jul), S2 (1 Sep) = 2; YTD adds S3 (1 May) = 3
    ("CP01", "quarter", 2, None, 2.0),
    ("CP01", "ytd", 3, None, 3.0),
    # CP02: ICPC I1 on 23 Jul, S1 started 2 Jul: 3-4 Jul (2) + 7-11, 14-18 (10) + 21-23 (3)
    # = 15, on the limit: 1 of 1
    ("CP02", "quarter", 1, 1, 100.0),
    # CP03 plans started in Q2: CPP1 (23 Jul) = 1; YTD adds CPP2 (23 May) = 2
    ("CP03", "quarter", 1, None, 1.0),
    ("CP03", "ytd", 2, None, 2.0),
    # CP04: CPP1 (P04) has CPP0 started 10 Jan 2022, earlier: 1 of 1; YTD CPP2 (P05) has none:
    # 1 of 2 = 50%
    ("CP04", "quarter", 1, 1, 100.0),
    ("CP04", "ytd", 1, 2, 50.0),
    # CP05: CPP1's previous plan ended 1 Mar 2023, before 23 Jul 2023 (start - 24 months): 0 of 1
    ("CP05", "quarter", 0, 1, 0.0),
    # CP06 children with a plan open at 30 Sep: P04 (CPP1), P05 (CPP2); CPP3 ended 15 Aug -> 2
    ("CP06", "snapshot", 2, None, 2.0),
    # CP07 plans ended in Q2: CPP3 1 Jun 2023 -> 15 Aug 2025, end >= start + 24 months: 1 of 1
    ("CP07", "quarter", 1, 1, 100.0),
    # CP08 plans open at the end, both open 10+ working days: CPP1 last seen 25 Sep (26, 29,
    # 30 Sep = 3 working days before the end: in), CPP2 last seen 1 Sep (21: out): 1 of 2
    ("CP08", "snapshot", 1, 2, 50.0),
    # CP09 reviews due in Q2: RV1 due 22 Aug held 20 Aug (in time), RV2 due 30 Sep not held
    # (late): 1 of 2
    ("CP09", "quarter", 1, 2, 50.0),
    # CN01 children with a referral open at 30 Sep: P01 (R2), P03 (R4, dated 30 Sep), P04
    # (R6), P05 (R7); R3 closed 20 Aug -> 4
    ("CN01", "snapshot", 4, None, 4.0),
    # CN02 CIN plans open at the end: N1 (P01, from 1 Aug: 41 working days) seen 20 Sep, 7
    # working days before the end: in; N2 (P04, from 20 Jul) only visit 15 Jul, before the plan:
    # out. 1 of 2
    ("CN02", "snapshot", 1, 2, 50.0),
    # LA01 children looked after at 30 Sep: P02 (E1 from 21 Aug), P08 (E3 open); P03 left
    # 31 Jul -> 2
    ("LA01", "snapshot", 2, None, 2.0),
    # LA02 started (reason S) in Q2: P02 -> 1; LA03 ceased (not X1) in Q2: P03 (E11) -> 1
    ("LA02", "quarter", 1, None, 1.0),
    ("LA03", "quarter", 1, None, 1.0),
    # LA06: cohort looked after at the end and in care since 19 Aug (end - 42 days) or earlier:
    # P08 only (P02 came in 21 Aug); seen 10 Sep: 1 of 1
    ("LA06", "snapshot", 1, 1, 100.0),
    # LA07 reviews due in Q2: CR1 due 1 Aug held 30 Jul (in time), CR2 due 18 Sep held 19 Sep
    # (late): 1 of 2
    ("LA07", "quarter", 1, 2, 50.0),
    # LA08: P02's period of care began 21 Aug (S); IHA 10 Sep: 22 Aug (1) + 26-29 Aug (4) +
    # 1-5 Sep (5) + 8-10 Sep (3) = 13 <= 20: 1 of 1
    ("LA08", "quarter", 1, 1, 100.0),
    # LA12: fostered at the end (U1-U6): P02 (U1, provider PR1): 1 of 1; P08 is in K2
    ("LA12", "snapshot", 1, 1, 100.0),
    # AD01 adopted in Q2: P03 (E11, 31 Jul) -> 1
    ("AD01", "quarter", 1, None, 1.0),
    # AD02: P03 entered care 1 May 2021, placed for adoption 1 Oct 2022: 365 + (31 + 30 + 31
    # + 31 + 30 from May to September) = 518 days; one child
    ("AD02", "rolling", 518, 1, 518.0),
    # AD03: placement order 1 Jun 2022 to match 1 Sep 2022 = 30 + 31 + 31 = 92 days
    ("AD03", "rolling", 92, 1, 92.0),
    # CL01: care leavers P06 (born May 2005) and P07 (Nov 2004), both 20 at 30 Sep 2025 and
    # former relevant; in touch: P06 only: 1 of 2
    ("CL01", "snapshot", 1, 2, 50.0),
    # WF01 case-holding social workers at the end: W1 (P01, P04, P05 = 3), W2 (P02 = 1; P08's
    # involvement ended 30 Jun): (3 + 1) / 2 = 2.0
    ("WF01", "snapshot", 4, 2, 2.0),
    # WF03: the one IRO, W3, holds P04 -> 1 / 1
    ("WF03", "snapshot", 1, 1, 1.0),
    # WF04: W2 is agency: 1 of 2
    ("WF04", "snapshot", 1, 2, 50.0),
    # WF05: supervised in [2 Sep, 30 Sep]: W1 (15 Sep) yes, W2 (1 Aug) no: 1 of 2
    ("WF05", "snapshot", 1, 2, 50.0),
    # SE01 plans starting in Q2: NP1 (request 3 Mar + 140 days = 21 Jul: 28 + 30 + 31 + 30 +
    # 21; plan 21 Jul, in time on the limit), NP2 (request 3 Feb + 140 = 23 Jun; plan 25 Jul,
    # late), NP3 (exception: out): 1 of 2
    ("SE01", "quarter", 1, 2, 50.0),
]
