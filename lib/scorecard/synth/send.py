"""SEND: requests for an EHC needs assessment -> assessments -> named EHC plans."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from scorecard.synth import output
from scorecard.synth import rates as R
from scorecard.synth.arrays import gamma_days, integers
from scorecard.synth.context import Context
from scorecard.synth.days import NEVER, YEAR


def ehcp_tables(ctx: Context) -> dict[str, pa.Table]:
    rng = ctx.rng("send")
    E, H = ctx.extract_day, ctx.history_start
    n = ctx.count(rng, R.EHCP_REQUESTS_PER_YEAR, (E - H) / YEAR)
    request = np.sort(integers(rng, H, E, n))
    request_id = ctx.ids.take("ehcp_request", n)
    # The decision to assess is due within 6 weeks.
    decided = request + integers(rng, 14, 45, n)
    assess = rng.random(n) < R.EHCP_ASSESSED
    decided_known = decided <= E

    a = np.flatnonzero(assess & decided_known)
    k = len(a)
    exceptions = rng.random(k) < R.EHCP_EXCEPTIONS
    # Weeks from request to the plan: half within the 20-week (140-day) limit.
    within = rng.random(k) < R.EHCP_WITHIN_20_WEEKS
    issue = request[a] + np.where(within, integers(rng, 90, 140, k),
                                  141 + gamma_days(rng, 60, 1.5, k))
    plan = rng.random(k) < R.EHCP_PLAN_AFTER_ASSESSMENT
    outcome_day = np.where(plan, issue, decided[a] + integers(rng, 60, 110, k))
    outcome_known = outcome_day <= E
    assessment_id = ctx.ids.take("ehcp_assessment", k)

    p = np.flatnonzero(plan & outcome_known)
    m = len(p)
    ceased = issue[p] + gamma_days(rng, 900, 2.0, m)
    return {
        "ssd_ehcp_requests": output.to_table("ssd_ehcp_requests", {
            "ehcr_ehcp_request_id": output.ids(request_id),
            "ehcr_send_table_id": output.ids(ctx.ids.take("send", n)),
            "ehcr_ehcp_req_date": output.dates(request),
            "ehcr_ehcp_req_outcome_date": output.dates(np.where(decided_known, decided, NEVER)),
            "ehcr_ehcp_req_outcome": output.codes(
                ("Agreed to assess", "Refused to assess"),
                np.where(decided_known, np.where(assess, 0, 1), -1)),
        }),
        "ssd_ehcp_assessment": output.to_table("ssd_ehcp_assessment", {
            "ehca_ehcp_assessment_id": output.ids(assessment_id),
            "ehca_ehcp_request_id": output.ids(request_id[a]),
            "ehca_ehcp_assessment_outcome_date": output.dates(
                np.where(outcome_known, outcome_day, NEVER)),
            "ehca_ehcp_assessment_outcome": output.codes(
                ("Plan issued", "No plan"), np.where(outcome_known, np.where(plan, 0, 1), -1)),
            "ehca_ehcp_assessment_exceptions": output.flags(exceptions),
        }),
        "ssd_ehcp_named_plan": output.to_table("ssd_ehcp_named_plan", {
            "ehcn_named_plan_id": output.ids(ctx.ids.take("ehcp_plan", m)),
            "ehcn_ehcp_asmt_id": output.ids(assessment_id[p]),
            "ehcn_named_plan_start_date": output.dates(issue[p]),
            "ehcn_named_plan_ceased_date": output.dates(np.where(ceased <= E, ceased, NEVER)),
        }),
    }
