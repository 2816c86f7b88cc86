"""Plans open at a snapshot whose child was seen recently (CP08 and CN02 share this rule).

Of plans open at the end with wd(plan start, end) >= N, those whose child has a seen visit dated
v with plan start <= v <= end and wd(v, end) <= N. Visits belong to the child: they are matched
by person id and date, never by the plan id a visit may carry. The child's latest seen visit on
or before the end decides: wd(v, end) only shrinks as v moves later, so if the latest visit is
too old or before the plan started, no other visit qualifies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard.measures.audit_frame import audit_frame, choose_reason, whole_number_text
from scorecard.measures.derive_cin import working_days
from scorecard.measures.nearest_event import EventIndex


def seen_in_last_working_days(
    plans: pd.DataFrame,
    rows: np.ndarray,
    child_codes: np.ndarray,
    seen_visits: EventIndex,
    end: pd.Timestamp,
    limit: int,
    *,
    plan_id: str,
    person: str,
    start: str,
    visit_kind: str,
) -> pd.DataFrame:
    """The audit frame for the plans at `rows` (those open at `end`), seen within `limit` wd.

    `child_codes` are the plans' children coded as `seen_visits` codes them (row by row)."""
    plan_start = plans[start][rows]
    days_open = working_days(plan_start, end)
    at_end = np.full(len(plan_start), np.datetime64(end, "ns"))

    def latest(with_ids: bool) -> pd.DataFrame:
        return seen_visits.nearest_codes(child_codes[rows], plan_start.index, at_end,
                                         direction="before", inclusive=True, with_ids=with_ids)

    seen_date = latest(with_ids=False)["event_date"]
    days_since = working_days(seen_date, end)
    long_enough = (days_open >= limit).fillna(False)
    during_plan = seen_date >= plan_start
    seen = long_enough & during_plan & (days_since <= limit).fillna(False)
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (~long_enough, "plan started " + whole_number_text(days_open)
             + f" working days before the end (fewer than {limit})"),
            (seen_date.isna(), f"no seen {visit_kind} visit of the child"),
            (~during_plan, f"no seen {visit_kind} visit since the plan started"),
            (~seen, "last seen " + whole_number_text(days_since)
             + " working days before the end"),
        ], len(seen))
    return audit_frame(
        plans, [plan_id, person, start, "working_days_open", "latest_seen_visit_id",
                "latest_seen_visit_date", "working_days_since_seen"],
        rows=rows, computed=lambda: {
            "working_days_open": days_open, "latest_seen_visit_id": latest(True)["event_id"],
            "latest_seen_visit_date": seen_date, "working_days_since_seen": days_since},
        in_denominator=long_enough, in_numerator=seen, reason=reason, sort_by=plan_id,
    )
