"""SEND (SE01): new education, health and care plans issued within 20 weeks (DfE SEN2)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard.extract.model import Extract
from scorecard.measures.derive_cla import lookup
from scorecard.measures.registry import measure
from scorecard.params import Params
from scorecard.periods import Period

REQUESTS = "ssd_ehcp_requests"
ASSESSMENTS = "ssd_ehcp_assessment"
NAMED_PLANS = "ssd_ehcp_named_plan"
TIME_LIMIT_DAYS = 140  # 20 weeks


def _by_key(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
    """key -> value; primary keys are unique after validation, first row kept if not."""
    return frame.drop_duplicates(key).set_index(key)[value]


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
    plans = x.table(NAMED_PLANS)
    rows = plans.loc[
        period.contains(plans["ehcn_named_plan_start_date"]),
        ["ehcn_named_plan_id", "ehcn_ehcp_asmt_id", "ehcn_named_plan_start_date"],
    ].sort_values("ehcn_named_plan_id", kind="mergesort").reset_index(drop=True)

    asmt = x.table(ASSESSMENTS)
    requests = x.table(REQUESTS)
    asmt_found = rows["ehcn_ehcp_asmt_id"].isin(asmt["ehca_ehcp_assessment_id"]).to_numpy()
    request_id = lookup(rows["ehcn_ehcp_asmt_id"],
                        _by_key(asmt, "ehca_ehcp_assessment_id", "ehca_ehcp_request_id"))
    exception = lookup(
        rows["ehcn_ehcp_asmt_id"],
        _by_key(asmt, "ehca_ehcp_assessment_id", "ehca_ehcp_assessment_exceptions"),
    ).fillna(False).astype(bool).to_numpy()
    request_found = request_id.isin(requests["ehcr_ehcp_request_id"]).to_numpy()
    request_date = lookup(
        request_id, _by_key(requests, "ehcr_ehcp_request_id", "ehcr_ehcp_req_date")
    ).astype("datetime64[ns]")
    deadline = request_date + pd.Timedelta(days=TIME_LIMIT_DAYS)
    start = rows["ehcn_named_plan_start_date"]
    days = (start - request_date).dt.days.astype("Int64")

    rows["ehca_ehcp_request_id"] = request_id.astype("string")
    rows["ehca_ehcp_assessment_exceptions"] = exception
    rows["ehcr_ehcp_req_date"] = request_date
    rows["deadline_20_weeks"] = deadline
    rows["days_from_request"] = days
    in_time = (start <= deadline).fillna(False).to_numpy(dtype=bool)

    reason = np.select(
        [~asmt_found, ~request_found, request_date.isna().to_numpy(), exception, ~in_time],
        [
            "assessment not in ssd_ehcp_assessment",
            "request not in ssd_ehcp_requests",
            "request has no date",
            "exception to the 20-week limit applies",
            "issued " + days.astype("string").to_numpy(dtype=object)
            + f" days after the request (more than {TIME_LIMIT_DAYS})",
        ],
        default="",
    )
    in_denominator = asmt_found & request_found & request_date.notna().to_numpy() & ~exception
    rows["in_denominator"] = in_denominator
    rows["in_numerator"] = in_denominator & in_time
    rows["numerator_value"] = np.nan
    rows["reason"] = pd.Series(reason, index=rows.index, dtype="str")
    return rows
