"""SE01 on a hand-made extract; every expected number is worked out in the comments."""

from __future__ import annotations

from dataclasses import replace

import pytest

from micro import micro
from scorecard.measures import send  # noqa: F401  (registers SE01)
from scorecard.measures.registry import MEASURES, summarise
from scorecard.params import Params
from scorecard.periods import quarter, year_to_date

Q2 = quarter("2025-26-Q2")  # 2025-07-01 .. 2025-09-30


def _req(rid, date):
    return {"ehcr_ehcp_request_id": rid, "ehcr_ehcp_req_date": date}


def _asmt(aid, rid, exceptions):
    return {"ehca_ehcp_assessment_id": aid, "ehca_ehcp_request_id": rid,
            "ehca_ehcp_assessment_exceptions": exceptions}


def _plan(pid, aid, start):
    return {"ehcn_named_plan_id": pid, "ehcn_ehcp_asmt_id": aid,
            "ehcn_named_plan_start_date": start}


@pytest.fixture(scope="module")
def x():
    requests = [_req("R1", "2025-03-01"), _req("R2", "2025-03-01"), _req("R3", "2025-02-01"),
                _req("R4", "2025-01-10"), _req("R5", "2025-04-01")]
    assessments = [_asmt("S1", "R1", "N"), _asmt("S2", "R2", ""), _asmt("S3", "R3", "Y"),
                   _asmt("S4", "R4", "n"), _asmt("S5", "R5", "N")]
    plans = [
        # 2025-03-01 + 140 days: Mar 1 +30 = Mar 31, +30 = Apr 30 (60), +31 = May 31 (91),
        # +30 = Jun 30 (121), +19 = Jul 19 (140). So P1 on Jul 19 is exactly 20 weeks: in time;
        _plan("P1", "S1", "2025-07-19"),
        # P2 a day later (141 days): late.
        _plan("P2", "S2", "2025-07-20"),
        # P3: exception applies: out of the denominator.
        _plan("P3", "S3", "2025-08-01"),
        # P4 on the period's first day; R4 2025-01-10 + 140 = 2025-05-30
        # (Jan 10 +21 = Jan 31, +28 = Feb 28 (49), +31 = Mar 31 (80), +30 = Apr 30 (110),
        # +30 = May 30 (140)); Jul 1 is 172 days after the request: late.
        _plan("P4", "S4", "2025-07-01"),
        # P5 after the period, P6 on the day before it (Q1): neither is in Q2.
        # P6: R5 2025-04-01 to 2025-06-30 is 90 days: in time (counts in the year to date).
        _plan("P5", "S5", "2025-10-01"),
        _plan("P6", "S5", "2025-06-30"),
    ]
    return micro("2025-10-07", ssd_ehcp_requests=requests, ssd_ehcp_assessment=assessments,
                 ssd_ehcp_named_plan=plans)


def run(x, period):
    m = MEASURES["SE01"]
    audit = m.func(x, period, Params())
    return summarise(m, audit), audit.set_index("ehcn_named_plan_id")


def test_SE01_within_20_weeks_quarter(x):
    # Q2 plans: P1 (140 days, in time), P2 (141, late), P3 (exception, out), P4 (172, late).
    # 1 of 3 = 33.3%.
    r, a = run(x, Q2)
    assert (r.numerator, r.denominator) == (1, 3)
    assert r.value == pytest.approx(100 / 3)
    assert list(a.index) == ["P1", "P2", "P3", "P4"]
    assert list(a.index[a.in_numerator]) == ["P1"]
    assert a.loc["P1", "days_from_request"] == 140
    assert str(a.loc["P1", "deadline_20_weeks"].date()) == "2025-07-19"
    assert a.loc["P2", "reason"] == "issued 141 days after the request (more than 140)"
    assert a.loc["P3", "reason"] == "exception to the 20-week limit applies"
    assert not a.loc["P3", "in_denominator"]
    assert a.loc["P4", "days_from_request"] == 172


def test_SE01_within_20_weeks_year_to_date(x):
    # YTD 2025-04-01 .. 2025-09-30 adds P6 (90 days, in time): 2 of 4 = 50%.
    r, a = run(x, year_to_date(Q2))
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
    assert list(a.index[a.in_numerator]) == ["P1", "P6"]
    assert "P5" not in a.index


def test_SE01_plan_whose_assessment_or_request_is_missing_is_listed(x):
    # As if the validator had let orphans through: P1's assessment is gone, and S2's request.
    asmt = x.tables["ssd_ehcp_assessment"]
    req = x.tables["ssd_ehcp_requests"]
    tables = dict(x.tables,
                  ssd_ehcp_assessment=asmt[asmt["ehca_ehcp_assessment_id"] != "S1"],
                  ssd_ehcp_requests=req[req["ehcr_ehcp_request_id"] != "R2"])
    y = replace(x, tables=tables, _derived={})
    # Left: P4 only in the denominator (late) -> 0 of 1 = 0%.
    r, a = run(y, Q2)
    assert (r.numerator, r.denominator, r.value) == (0, 1, 0.0)
    assert a.loc["P1", "reason"] == "assessment not in ssd_ehcp_assessment"
    assert a.loc["P2", "reason"] == "request not in ssd_ehcp_requests"
