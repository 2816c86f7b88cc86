"""FD01-FD04 on hand-made micro extracts; every expected figure is worked out in the comments.

Period 2025-26 Q2 is 2025-07-01 to 2025-09-30, both days included; extract date 2025-10-07.
"""

import pandas as pd

from micro import micro
from scorecard.engine import unavailable_reason
from scorecard.measures import front_door  # noqa: F401  (registers FD01-FD04)
from scorecard.measures.registry import MEASURES, summarise
from scorecard.params import Params
from scorecard.periods import custom, quarter, year_to_date

Q2 = quarter("2025-26-Q2")


def run(mid, x, period=Q2, params=None):
    m = MEASURES[mid]
    return summarise(m, m.func(x, period, params or Params()))


def contact(cid, person, date):
    return {"cont_contact_id": cid, "cont_person_id": person, "cont_contact_date": date}


def referral(rid, person, date, close="", nfa=None):
    row = {"cine_referral_id": rid, "cine_person_id": person, "cine_referral_date": date,
           "cine_close_date": close}
    if nfa is not None:
        row["cine_referral_nfa"] = nfa
    return row


CONTACTS = [
    contact("C1", "A", "2025-06-30"),  # day before the quarter: out
    contact("C2", "A", "2025-07-01"),  # first day: in
    contact("C3", "B", "2025-09-30"),  # last day: in
    contact("C4", "B", "2025-10-01"),  # day after: out (but before the extract date)
    contact("C5", "C", "2025-08-15"),  # the same child twice on one day: both count
    contact("C6", "C", "2025-08-15"),
    contact("C7", "D", "2025-04-01"),  # first day of the financial year: YTD only
]


def test_FD01_counts_contacts_in_the_quarter_edges_included():
    # In [2025-07-01, 2025-09-30]: C2, C3, C5, C6 -> 4 (records, not children: C counts twice).
    r = run("FD01", micro(ssd_contacts=CONTACTS))
    assert (r.numerator, r.denominator, r.value) == (4, None, 4.0)
    assert list(r.audit["cont_contact_id"]) == ["C2", "C3", "C5", "C6"]
    assert r.audit["in_numerator"].all()


def test_FD01_year_to_date_and_an_empty_period():
    x = micro(ssd_contacts=CONTACTS)
    # YTD 2025-04-01..2025-09-30: C1 (06-30), C2, C3, C5, C6, C7 (04-01) -> 6.
    assert run("FD01", x, year_to_date(Q2)).value == 6.0
    # Nothing in January 2025: a count of 0, not "no value".
    r = run("FD01", x, custom("2025-01-01", "2025-01-31"))
    assert (r.numerator, r.value, len(r.audit)) == (0, 0.0, 0)


def test_FD02_counts_referrals_not_children():
    x = micro(ssd_cin_episodes=[
        referral("R1", "A", "2025-06-30"),                      # out: before the quarter
        referral("R2", "A", "2025-07-01", close="2025-07-02"),  # in: first day
        referral("R3", "A", "2025-09-30"),                      # in: same child again, last day
        referral("R4", "B", "2025-08-01"),                      # in
    ])
    # R2, R3, R4 -> 3 referrals (child A counts twice).
    r = run("FD02", x)
    assert (r.numerator, r.value) == (3, 3.0)
    assert list(r.audit["cine_referral_id"]) == ["R2", "R3", "R4"]


def test_FD02_is_a_rate_measure_and_counts_over_twelve_months():
    assert MEASURES["FD02"].rate_per_10k
    x = micro(ssd_cin_episodes=[
        referral("R1", "A", "2024-09-30"),  # just outside the 12 months to 2025-09-30
        referral("R2", "A", "2024-10-01"),  # first day of those 12 months
        referral("R3", "B", "2025-09-30"),  # last day
    ])
    # The engine's rate basis: 2024-10-01..2025-09-30 holds R2 and R3 -> 2.
    r = run("FD02", x, custom("2024-10-01", "2025-09-30"))
    assert r.value == 2.0
    assert list(r.audit["cine_referral_id"]) == ["R2", "R3"]


def test_FD03_re_referrals_exactly_twelve_months_and_same_day():
    x = micro(ssd_cin_episodes=[
        # A: previous referral exactly 12 months earlier (2025-07-01 - 12 months = 2024-07-01,
        # and p >= d - 12 months) -> re-referral.
        referral("RA1", "A", "2024-07-01", close="2024-08-01"),
        referral("RA2", "A", "2025-07-01"),
        # B: previous referral one day further back (2024-06-30 < 2024-07-01) -> not.
        referral("RB1", "B", "2024-06-30", close="2024-08-01"),
        referral("RB2", "B", "2025-07-01"),
        # C: two referrals on the same day and nothing earlier: neither is earlier than the
        # other (p < d is strict) -> neither is a re-referral.
        referral("RC1", "C", "2025-08-10"),
        referral("RC2", "C", "2025-08-10"),
        # E: both in the quarter; E1 has nothing earlier, E2 follows E1 -> E2 only.
        referral("RE1", "E", "2025-07-05", close="2025-07-20"),
        referral("RE2", "E", "2025-09-01"),
        # F: an earlier referral within 12 months, then two on one day -> both re-referrals.
        referral("RF1", "F", "2025-01-10", close="2025-02-01"),
        referral("RF2", "F", "2025-08-01"),
        referral("RF3", "F", "2025-08-01"),
    ])
    # Denominator: referrals in Q2 = RA2, RB2, RC1, RC2, RE1, RE2, RF2, RF3 = 8.
    # Numerator: RA2, RE2, RF2, RF3 = 4 -> 50%.
    r = run("FD03", x)
    assert (r.numerator, r.denominator, r.value) == (4, 8, 50.0)
    a = r.audit.set_index("cine_referral_id")
    assert list(a.index[a.in_numerator]) == ["RA2", "RE2", "RF2", "RF3"]
    assert a.loc["RA2", "twelve_months_before"] == pd.Timestamp("2024-07-01")
    assert a.loc["RA2", "previous_referral_id"] == "RA1"
    assert a.loc["RB2", "reason"] == "previous referral 2024-06-30 is more than 12 months earlier"
    assert a.loc["RC2", "reason"] == "no earlier referral of the child"
    assert pd.isna(a.loc["RC2", "previous_referral_date"])
    assert a.loc["RF3", "previous_referral_id"] == "RF1"


def test_FD03_leap_day_and_the_latest_earlier_referral_decides():
    x = micro(ssd_cin_episodes=[
        # G: 2024-02-29 - 12 months = 2023-02-28 (clamped); the latest earlier referral is
        # 2023-02-28 -> on the boundary -> re-referral (the 2022 one does not matter).
        referral("RG1", "G", "2022-01-01", close="2022-02-01"),
        referral("RG2", "G", "2023-02-28", close="2023-03-01"),
        referral("RG3", "G", "2024-02-29"),
        # H: the only earlier referral is 2023-02-27, one day too early -> not.
        referral("RH1", "H", "2023-02-27", close="2023-03-01"),
        referral("RH2", "H", "2024-02-29"),
    ])
    # Period Feb 2024: denominator RG3, RH2 = 2; numerator RG3 = 1 -> 50%.
    r = run("FD03", x, custom("2024-02-01", "2024-02-29"))
    assert (r.numerator, r.denominator, r.value) == (1, 2, 50.0)
    a = r.audit.set_index("cine_referral_id")
    assert a.loc["RG3", "twelve_months_before"] == pd.Timestamp("2023-02-28")
    assert a.loc["RG3", "previous_referral_id"] == "RG2"
    assert not a.loc["RH2", "in_numerator"]


def test_FD03_no_referrals_gives_no_value():
    x = micro(ssd_cin_episodes=[referral("R1", "A", "2025-01-01")])
    r = run("FD03", x)
    assert (r.numerator, r.denominator, r.value) == (0, 0, None)


def test_FD04_nfa_flag_counts_only_y():
    x = micro(ssd_cin_episodes=[
        referral("R1", "A", "2025-07-01", close="2025-07-01", nfa="Y"),
        referral("R2", "B", "2025-07-15", nfa="N"),
        referral("R3", "C", "2025-08-01", nfa=""),     # blank is not yes
        referral("R4", "D", "2025-09-30", close="2025-09-30", nfa=" y"),  # trimmed, upper -> Y
        referral("R5", "E", "2025-06-30", close="2025-06-30", nfa="Y"),   # before the quarter
    ])
    # Denominator R1..R4 = 4; numerator R1, R4 = 2 -> 50%.
    r = run("FD04", x)
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
    a = r.audit.set_index("cine_referral_id")
    assert list(a.index[a.in_numerator]) == ["R1", "R4"]
    assert a.loc["R3", "reason"] == "not recorded as no further action"


def test_FD04_year_to_date_and_switched_off_without_the_flag():
    x = micro(ssd_cin_episodes=[
        referral("R1", "A", "2025-07-01", close="2025-07-01", nfa="Y"),
        referral("R5", "E", "2025-06-30", close="2025-06-30", nfa="Y"),
        referral("R6", "F", "2025-04-01", nfa="N"),
    ])
    # YTD 2025-04-01..2025-09-30: R1, R5, R6; NFA R1, R5 -> 2/3.
    r = run("FD04", x, year_to_date(Q2))
    assert (r.numerator, r.denominator) == (2, 3)
    assert abs(r.value - 200 / 3) < 1e-9
    no_flag = micro(ssd_cin_episodes=[referral("R1", "A", "2025-07-01")])
    assert "cine_referral_nfa" in unavailable_reason(MEASURES["FD04"], no_flag)
    assert unavailable_reason(MEASURES["FD02"], no_flag) is None
