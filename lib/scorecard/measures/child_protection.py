"""Child protection measures CP01-CP10: enquiries, conferences, plans, visits and reviews."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard.extract.model import Extract
from scorecard.measures.audit_frame import (
    audit_frame,
    choose_reason,
    date_text,
    days_text,
    whole_number_text,
)
from scorecard.measures.derive_cin import (
    conference_timing,
    cp_plan_history,
    first_record_per_child,
    seen_cp_visits,
)
from scorecard.measures.masks import in_period, open_on
from scorecard.measures.plan_visits import seen_in_last_working_days
from scorecard.measures.registry import measure
from scorecard.params import Params
from scorecard.periods import Period, months_before

ICPC_LIMIT_WD = 15
CP_VISIT_WD = 10
TWO_YEARS = 24  # months

_PLAN_COLUMNS = ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date",
                 "cppl_cp_plan_end_date"]


@measure(
    id="CP01", title="Section 47 enquiries started", area="child_protection",
    polarity="neutral", window="flow", unit="count",
    source="DfE: Characteristics of children in need (table C4, section 47 enquiries)",
    definition="""The number of section 47 enquiries whose start date falls in the period, first
    and last days included; every enquiry counts, so a child with two enquiries counts twice.""",
    tables=("ssd_s47_enquiry",),
)
def cp01(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    s = x.tables["ssd_s47_enquiry"]
    return audit_frame(
        s, ["s47e_s47_enquiry_id", "s47e_person_id", "s47e_s47_start_date"],
        rows=in_period(s["s47e_s47_start_date"], period), in_numerator=True, reason="",
        sort_by="s47e_s47_enquiry_id",
    )


@measure(
    id="CP02", title="Initial conferences within 15 working days of the S47 start",
    area="child_protection", polarity="higher", window="flow", unit="percent",
    source="DfE: Characteristics of children in need (table C4, initial conferences)",
    definition="""Of initial child protection conferences dated in the period that are not
    transfers in (icpc_icpc_transfer_in is not Y) and that link, through icpc_s47_enquiry_id, to
    a section 47 enquiry starting on or before the conference, the percentage held within 15
    working days of the enquiry's start: the working days after the S47 start up to and
    including the conference date are 15 or fewer (DfE). A conference with no linked enquiry
    (blank, or an id not in the extract) cannot be timed and is left out of the denominator,
    with its reason in the audit.""",
    tables=("ssd_initial_cp_conference", "ssd_s47_enquiry"),
    columns=(("ssd_initial_cp_conference", "icpc_s47_enquiry_id"),
             ("ssd_initial_cp_conference", "icpc_icpc_transfer_in")),
)
def cp02(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    timing = conference_timing(x)
    rows = in_period(timing["icpc_icpc_date"], period)
    c = timing[["icpc_icpc_date", "icpc_icpc_transfer_in", "icpc_s47_enquiry_id",
                "s47e_s47_enquiry_id", "s47e_s47_start_date", "working_days_from_s47_start"]][rows]
    transfer = c["icpc_icpc_transfer_in"].fillna(False).astype(bool)
    unlinked = c["icpc_s47_enquiry_id"].isna()
    unknown = ~unlinked & c["s47e_s47_enquiry_id"].isna()
    s47_after = c["s47e_s47_start_date"] > c["icpc_icpc_date"]
    counted = ~transfer & ~unlinked & ~unknown & ~s47_after
    in_time = counted & (c["working_days_from_s47_start"] <= ICPC_LIMIT_WD).fillna(False)
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (transfer, "transfer in"),
            (unlinked, "no linked S47 enquiry"),
            (unknown, "linked S47 enquiry " + c["icpc_s47_enquiry_id"].astype("string").fillna("")
             + " is not in the extract"),
            (s47_after, "linked S47 enquiry starts after the conference"),
            (~in_time, "held " + whole_number_text(c["working_days_from_s47_start"])
             + " working days after the S47 start"),
        ], c.index)
    return audit_frame(
        timing, ["icpc_icpc_id", "icpc_person_id", "icpc_icpc_date", "icpc_icpc_transfer_in",
                 "icpc_s47_enquiry_id", "s47e_s47_start_date", "working_days_from_s47_start"],
        rows=rows, in_denominator=counted, in_numerator=in_time, reason=reason,
        sort_by="icpc_icpc_id",
    )


@measure(
    id="CP03", title="Child protection plans started (and per 10,000)", area="child_protection",
    polarity="neutral", window="flow", unit="count",
    source="DfE: Characteristics of children in need (table D1, child protection plans)",
    definition="""The number of child protection plans whose start date falls in the period,
    first and last days included; every plan counts. The rate per 10,000 children aged 0-17 is
    taken over the 12 months ending at the period's end, the basis DfE publishes.""",
    tables=("ssd_cp_plans",), rate_per_10k=True,
)
def cp03(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    p = x.tables["ssd_cp_plans"]
    return audit_frame(
        p, _PLAN_COLUMNS, rows=in_period(p["cppl_cp_plan_start_date"], period),
        in_numerator=True, reason="", sort_by="cppl_cp_plan_id",
    )


@measure(
    id="CP04", title="Plans started that are a second or subsequent plan",
    area="child_protection", polarity="lower", window="flow", unit="percent",
    source="DfE: Characteristics of children in need (table D3, second or subsequent plans)",
    definition="""Of child protection plans starting in the period, the percentage where the
    same child has another plan that started on an earlier date, however far back the extract
    goes (DfE: second or subsequent plan, ever). A plan starting on the same day is not
    earlier.""",
    tables=("ssd_cp_plans",),
)
def cp04(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    h = cp_plan_history(x)
    rows = in_period(h["cppl_cp_plan_start_date"], period)
    subsequent = h["earlier_plan_start_date"][rows].notna().to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([(~subsequent, "no earlier plan of the child")], len(subsequent))
    return audit_frame(
        h, ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date", "earlier_plan_id",
            "earlier_plan_start_date"],
        rows=rows, in_denominator=True, in_numerator=subsequent, reason=reason,
        sort_by="cppl_cp_plan_id",
    )


@measure(
    id="CP05", title="Plans started within 2 years of a previous plan ending",
    area="child_protection", polarity="lower", window="flow", unit="percent",
    source="Local measure",
    definition="""Of child protection plans starting in the period, the percentage where the
    same child has another plan that ended on a date from 24 months before this plan's start up
    to and including the start date itself (24 months back is the same day number, clamped to
    the end of a shorter month). A previous plan still open, or ending after this plan started,
    does not count.""",
    tables=("ssd_cp_plans",),
)
def cp05(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    h = cp_plan_history(x)
    rows = in_period(h["cppl_cp_plan_start_date"], period)
    two_years_before = h["cppl_cp_plan_start_date"][rows] - pd.DateOffset(months=TWO_YEARS)
    previous_end = h["previous_plan_end_date"][rows]
    # previous_plan_end_date is the latest other end on or before the start, so comparing
    # it alone with the lower bound answers "is there any such end in the window".
    within = previous_end >= two_years_before
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (previous_end.isna(), "no other plan of the child ended on or before the start"),
            (~within, "previous plan ended " + date_text(previous_end)
             + ", more than 24 months before the start"),
        ], len(previous_end))
    return audit_frame(
        h, ["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date",
            "two_years_before_start", "previous_plan_ended_id", "previous_plan_end_date"],
        rows=rows, computed={"two_years_before_start": two_years_before},
        in_denominator=True, in_numerator=within, reason=reason, sort_by="cppl_cp_plan_id",
    )


@measure(
    id="CP06", title="Children on a plan at the end (and per 10,000)", area="child_protection",
    polarity="neutral", window="snapshot", unit="count",
    source="DfE: Characteristics of children in need (table D1, child protection plans)",
    definition="""The number of children (distinct person ids) with a child protection plan open
    at the period's end: started on or before the end, and end date blank or after the end. A
    child with two open plans counts once; the audit shows the earliest-starting open plan and
    how many were open. The rate per 10,000 children aged 0-17 uses this snapshot count.""",
    tables=("ssd_cp_plans",), rate_per_10k=True,
)
def cp06(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    p = x.tables["ssd_cp_plans"]
    rows, open_plans = first_record_per_child(
        x, "ssd_cp_plans",
        open_on(p["cppl_cp_plan_start_date"], p["cppl_cp_plan_end_date"], period.end),
        person="cppl_person_id", date="cppl_cp_plan_start_date", record_id="cppl_cp_plan_id")
    return audit_frame(
        p, ["cppl_person_id", "cppl_cp_plan_id", "cppl_cp_plan_start_date", "open_plans"],
        rows=rows, computed={"open_plans": open_plans}, in_numerator=True, reason="",
        sort_by="cppl_person_id",
    )


@measure(
    id="CP07", title="Plans ended that lasted 2 years or more", area="child_protection",
    polarity="lower", window="flow", unit="percent",
    source="DfE: Characteristics of children in need (table D7, plans ending by duration)",
    definition="""Of child protection plans whose end date falls in the period, the percentage
    that lasted 2 years or more: the end date is on or after the date 24 months after the
    start (same day number, clamped to the end of a shorter month) (DfE).""",
    tables=("ssd_cp_plans",),
)
def cp07(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    p = x.tables["ssd_cp_plans"]
    rows = in_period(p["cppl_cp_plan_end_date"], period)
    two_years_after = p["cppl_cp_plan_start_date"][rows] + pd.DateOffset(months=TWO_YEARS)
    long = p["cppl_cp_plan_end_date"][rows] >= two_years_after
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([(~long, "ended before 2 years")], len(long))
    return audit_frame(
        p, [*_PLAN_COLUMNS, "two_years_after_start"],
        rows=rows, computed={"two_years_after_start": two_years_after},
        in_denominator=True, in_numerator=long, reason=reason, sort_by="cppl_cp_plan_id",
    )


@measure(
    id="CP08", title="Children on a plan seen in the last 10 working days",
    area="child_protection", polarity="higher", window="snapshot", unit="percent",
    source="Local measure",
    definition="""Of child protection plans open at the period's end that started at least 10
    working days before the end, the percentage where the child was seen in the last 10 working
    days: a CP visit of the child recorded as seen (cppv_cp_visit_seen = Y), matched by the
    child's id (never by plan), dated on or after the plan's start and on or before the end,
    with no more than 10 working days after the visit up to and including the end. Plans are
    counted, not children.""",
    tables=("ssd_cp_plans", "ssd_cp_visits"),
    columns=(("ssd_cp_visits", "cppv_cp_visit_seen"),),
)
def cp08(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    p = x.tables["ssd_cp_plans"]
    is_open = open_on(p["cppl_cp_plan_start_date"], p["cppl_cp_plan_end_date"], period.end)
    visits = seen_cp_visits(x)
    return seen_in_last_working_days(
        p[_PLAN_COLUMNS], is_open, visits.record_codes["ssd_cp_plans"], visits.index,
        period.end, CP_VISIT_WD, plan_id="cppl_cp_plan_id",
        person="cppl_person_id", start="cppl_cp_plan_start_date", visit_kind="CP",
    )


@measure(
    id="CP09", title="Child protection reviews held in time", area="child_protection",
    polarity="higher", window="flow", unit="percent", source="Local measure",
    definition="""Of child protection reviews whose due date falls in the period, the percentage
    held on or before the due date (a review date is recorded and is no later than the due
    date). A review with no review date counts as late, so overdue reviews never drop out of
    the figure.""",
    tables=("ssd_cp_reviews",),
)
def cp09(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    r = x.tables["ssd_cp_reviews"]
    rows = in_period(r["cppr_cp_review_due"], period)
    due, held = r["cppr_cp_review_due"][rows], r["cppr_cp_review_date"][rows]
    in_time = held.notna() & (held <= due)
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (held.isna(), "not held"),
            (~in_time, "held " + days_text((held - due).dt.days) + " after the due date"),
        ], len(held))
    return audit_frame(
        r, ["cppr_cp_review_id", "cppr_person_id", "cppr_cp_review_due", "cppr_cp_review_date"],
        rows=rows, in_denominator=True, in_numerator=in_time, reason=reason,
        sort_by="cppr_cp_review_id",
    )


@measure(
    id="CP10", title="Plans open 2 years or more at the end", area="child_protection",
    polarity="lower", window="snapshot", unit="percent",
    source="DfE: Characteristics of children in need (table D5, plans open by duration)",
    definition="""Of child protection plans open at the period's end (started on or before the
    end, end date blank or after it), the percentage that started on or before the date 24
    months before the end (same day number, clamped to the end of a shorter month). Plans are
    counted.""",
    tables=("ssd_cp_plans",),
)
def cp10(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    p = x.tables["ssd_cp_plans"]
    rows = open_on(p["cppl_cp_plan_start_date"], p["cppl_cp_plan_end_date"], period.end)
    cutoff = months_before(period.end, TWO_YEARS)
    long = p["cppl_cp_plan_start_date"].to_numpy()[rows] <= np.datetime64(cutoff, "ns")
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason(
            [(~long, f"started after {cutoff:%Y-%m-%d} (open less than 2 years)")], len(long),
        )
    return audit_frame(
        p, _PLAN_COLUMNS, rows=rows, in_denominator=True, in_numerator=long, reason=reason,
        sort_by="cppl_cp_plan_id",
    )
