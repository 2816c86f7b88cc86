"""Children in need measures CN01-CN02: children in need at the end, CIN plan visits."""

from __future__ import annotations

import pandas as pd

from scorecard.extract.model import Extract
from scorecard.measures.audit_frame import audit_frame
from scorecard.measures.derive_cin import first_record_per_child, seen_cin_visits
from scorecard.measures.masks import open_on
from scorecard.measures.plan_visits import seen_in_last_working_days
from scorecard.measures.registry import measure
from scorecard.params import Params
from scorecard.periods import Period


@measure(
    id="CN01", title="Children in need at the end (and per 10,000)", area="children_in_need",
    polarity="neutral", window="snapshot", unit="count",
    source="DfE: Characteristics of children in need (table B1, children in need at 31 March)",
    definition="""The number of children (distinct person ids) with a referral episode open at
    the period's end: referral date on or before the end, and close date blank or after the
    end. A child with two open episodes counts once; the audit shows the earliest open referral
    and how many were open. The rate per 10,000 children aged 0-17 uses this snapshot
    count.""",
    tables=("ssd_cin_episodes",), rate_per_10k=True,
)
def cn01(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    e = x.tables["ssd_cin_episodes"]
    rows, open_episodes = first_record_per_child(
        x, "ssd_cin_episodes",
        open_on(e["cine_referral_date"], e["cine_close_date"], period.end),
        person="cine_person_id", date="cine_referral_date", record_id="cine_referral_id")
    return audit_frame(
        e, ["cine_person_id", "cine_referral_id", "cine_referral_date", "open_episodes"],
        rows=rows, computed={"open_episodes": open_episodes}, in_numerator=True, reason="",
        sort_by="cine_person_id",
    )


@measure(
    id="CN02", title="Children on a CIN plan seen in the last 20 working days",
    area="children_in_need", polarity="higher", window="snapshot", unit="percent",
    source="Local measure",
    definition="""Of child in need plans open at the period's end (started on or before it, end
    date blank or after it) that started at least N working days before the end, the percentage
    where the child was seen in the last N working days: a CIN visit of the child recorded as
    seen (cinv_cin_visit_seen = Y), matched by the child's id (never by plan), dated on or
    after the plan's start and on or before the end, with no more than N working days after the
    visit up to and including the end. N is the authority's cin_visit_wd setting (20 unless set
    otherwise). Plans are counted, not children.""",
    tables=("ssd_cin_plans", "ssd_cin_visits"),
    columns=(("ssd_cin_visits", "cinv_cin_visit_seen"),),
)
def cn02(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    p = x.tables["ssd_cin_plans"]
    is_open = open_on(p["cinp_cin_plan_start_date"], p["cinp_cin_plan_end_date"], period.end)
    visits = seen_cin_visits(x)
    return seen_in_last_working_days(
        p, is_open, visits.record_codes["ssd_cin_plans"], visits.index, period.end,
        params.cin_visit_wd, plan_id="cinp_cin_plan_id",
        person="cinp_person_id", start="cinp_cin_plan_start_date", visit_kind="CIN",
    )
