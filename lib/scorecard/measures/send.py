"""SEND (SE01): new education, health and care plans issued within 20 weeks (DfE SEN2)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard.extract.model import Extract
from scorecard.measures.lookup import first_rows, take_rows
from scorecard.measures.registry import measure
from scorecard.params import Params
from scorecard.periods import Period

REQUESTS = "ssd_ehcp_requests"
ASSESSMENTS = "ssd_ehcp_assessment"
NAMED_PLANS = "ssd_ehcp_named_plan"
TIME_LIMIT_DAYS = 140  # 20 weeks


def named_plans(x: Extract) -> pd.DataFrame:
    """Every named plan joined to its assessment and request, once per extract (sorted by id):
    the request date, the 20-week deadline, the days taken and the exception flag."""
    def build(x: Extract) -> pd.DataFrame:
        plans = x.table(NAMED_PLANS)
        asmt = x.table(ASSESSMENTS)
        requests = x.table(REQUESTS)
        out = plans[["ehcn_named_plan_id", "ehcn_ehcp_asmt_id", "ehcn_named_plan_start_date"]]
        out = out.sort_values("ehcn_named_plan_id", kind="mergesort").reset_index(drop=True)
        asmt_id = out["ehcn_ehcp_asmt_id"]
        # each plan's assessment row, then that assessment's request row (-1: not found)
        asmt_row = first_rows(asmt_id, asmt["ehca_ehcp_assessment_id"])
        request_id = take_rows(asmt["ehca_ehcp_request_id"], asmt_row, out.index).astype(
            "string")
        request_row = first_rows(request_id, requests["ehcr_ehcp_request_id"])
        request_date = take_rows(requests["ehcr_ehcp_req_date"], request_row,
                                 out.index).astype("datetime64[ns]")
        exception = take_rows(asmt["ehca_ehcp_assessment_exceptions"].astype("boolean"),
                              asmt_row, out.index)
        deadline = request_date + pd.Timedelta(days=TIME_LIMIT_DAYS)
        start = out["ehcn_named_plan_start_date"]
        out = out.assign(
            ehca_ehcp_request_id=request_id,
            ehca_ehcp_assessment_exceptions=exception.fillna(False).astype(bool),
            ehcr_ehcp_req_date=request_date,
            deadline_20_weeks=deadline,
            days_from_request=(start - request_date).dt.days.astype("Int64"),
            _asmt_found=asmt_row >= 0,
            _request_found=request_row >= 0,
        )
        return out
    return x.derived("send:named_plans", build)


@measure(
    id="SE01", title="New EHC plans issued within 20 weeks", area="send", polarity="higher",
    window="flow", unit="percent",
    source="DfE: Education, health and care plans (SEN2)",
    definition=(
        "Of EHC plans starting (ehcn_named_plan_start_date) in the period, joined to their "
        "assessment (ehcn_ehcp_asmt_id) and through it to the request, the percentage issued "
        "within 20 weeks: plan start on or before the request date + 140 days. Plans whose "
        "assessment has an exception to the 20-week limit (ehca_ehcp_assessment_exceptions = Y) "
        "are left out, as DfE does; so are plans whose assessment or request is not in the "
        "extract or whose request has no date (listed in the audit, as the time cannot be worked "
        "out)."
    ),
    tables=(NAMED_PLANS, ASSESSMENTS, REQUESTS),
    columns=((ASSESSMENTS, "ehca_ehcp_assessment_exceptions"),),
)
def se01(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    plans = named_plans(x)
    rows = plans.loc[period.contains(plans["ehcn_named_plan_start_date"])].reset_index(drop=True)
    asmt_found = rows.pop("_asmt_found").to_numpy(dtype=bool)
    request_found = rows.pop("_request_found").to_numpy(dtype=bool)
    dated = rows["ehcr_ehcp_req_date"].notna().to_numpy()
    exception = rows["ehca_ehcp_assessment_exceptions"].to_numpy(dtype=bool)
    in_time = (rows["ehcn_named_plan_start_date"] <= rows["deadline_20_weeks"]).fillna(False)
    in_time = in_time.to_numpy(dtype=bool)
    reason = np.select(
        [~asmt_found, ~request_found, ~dated, exception, ~in_time],
        [
            "assessment not in ssd_ehcp_assessment",
            "request not in ssd_ehcp_requests",
            "request has no date",
            "exception to the 20-week limit applies",
            "issued " + rows["days_from_request"].astype("string").to_numpy(dtype=object)
            + f" days after the request (more than {TIME_LIMIT_DAYS})",
        ],
        default="",
    )
    in_denominator = asmt_found & request_found & dated & ~exception
    rows["in_denominator"] = in_denominator
    rows["in_numerator"] = in_denominator & in_time
    rows["numerator_value"] = np.nan
    rows["reason"] = pd.Series(reason, index=rows.index, dtype="str")
    return rows
