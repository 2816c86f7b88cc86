"""Assessment measures AS01-AS04: timeliness of assessments and of seeing the child."""

from __future__ import annotations

import pandas as pd

from scorecard.calendar import add_working_days
from scorecard.extract.model import Extract
from scorecard.measures.audit_frame import (
    audit_frame,
    choose_reason,
    date_text,
    whole_number_text,
)
from scorecard.measures.derive_cin import (
    assessment_durations,
    assessment_first_seen,
    working_days,
)
from scorecard.measures.masks import in_period, open_on
from scorecard.measures.registry import measure
from scorecard.params import Params
from scorecard.periods import Period

ASSESSMENT_LIMIT_WD = 45


@measure(
    id="AS01", title="Assessments completed within 45 working days", area="assessment",
    polarity="higher", window="flow", unit="percent",
    source="DfE: Characteristics of children in need (table C2, assessments)",
    definition="""Of assessments whose authorisation date falls in the period, the percentage
    authorised within 45 working days of their start: the working days after the start date up
    to and including the authorisation date (weekends and England and Wales bank holidays not
    counted) are 45 or fewer (DfE).""",
    tables=("ssd_cin_assessments",),
)
def as01(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    a = assessment_durations(x)
    rows = in_period(a["cina_assessment_auth_date"], period)
    days = a["working_days_to_authorisation"][rows]
    in_time = (days <= ASSESSMENT_LIMIT_WD).fillna(False)
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason(
            [(~in_time, "authorised " + whole_number_text(days) + " working days after the start")],
            len(days),
        )
    return audit_frame(
        a, ["cina_assessment_id", "cina_person_id", "cina_assessment_start_date",
            "cina_assessment_auth_date", "working_days_to_authorisation"],
        rows=rows, in_denominator=True, in_numerator=in_time, reason=reason,
        sort_by="cina_assessment_id",
    )


def _seen_within(x: Extract, period: Period, limit: int) -> pd.DataFrame:
    """AS02/AS03: assessments started in the period, child seen within `limit` working days."""
    a = assessment_first_seen(x)
    rows = in_period(a["cina_assessment_start_date"], period)
    # Only assessments whose deadline has passed by the extract date can be judged: a visit
    # may still happen in time for the others.
    due = (a["working_days_to_extract_date"][rows] >= limit).fillna(False)
    days_to_seen = a["working_days_to_seen"][rows]
    seen = (days_to_seen <= limit).fillna(False)  # no seen visit: not seen

    def deadline() -> pd.Series:  # for the audit: the day the child had to be seen by
        return add_working_days(a["cina_assessment_start_date"][rows], limit)

    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (~due, f"working day {limit} after the start ("
             + date_text(deadline()) + ") is after the extract date"),
            (a["first_seen_visit_date"][rows].isna(), "no seen CIN visit on or after the start"),
            (~seen, "first seen visit " + whole_number_text(days_to_seen)
             + " working days after the start"),
        ], len(days_to_seen))
    return audit_frame(
        a, ["cina_assessment_id", "cina_person_id", "cina_assessment_start_date",
            f"working_day_{limit}", "first_seen_visit_id", "first_seen_visit_date",
            "working_days_to_seen"],
        rows=rows, computed=lambda: {f"working_day_{limit}": deadline().to_numpy()},
        in_denominator=due, in_numerator=due & seen, reason=reason, sort_by="cina_assessment_id",
    )


_SEEN_DEFINITION = """Of assessments started in the period whose {n}th working day after the
    start is on or before the extract date, the percentage where the child was seen within {n}
    working days: the child has a CIN visit recorded as seen (cinv_cin_visit_seen = Y), matched
    by the child's id (never by plan), dated on or after the start and no more than {n} working
    days after it. Visits up to the extract date count. Assessments are counted, not children:
    a child with two assessments counts twice."""


@measure(
    id="AS02", title="Children seen within 5 working days of assessment start",
    area="assessment", polarity="higher", window="flow", unit="percent", source="Local measure",
    definition=_SEEN_DEFINITION.format(n=5),
    tables=("ssd_cin_assessments", "ssd_cin_visits"),
    columns=(("ssd_cin_visits", "cinv_cin_visit_seen"),),
)
def as02(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    return _seen_within(x, period, 5)


@measure(
    id="AS03", title="Children seen within 10 working days of assessment start",
    area="assessment", polarity="higher", window="flow", unit="percent", source="Local measure",
    definition=_SEEN_DEFINITION.format(n=10),
    tables=("ssd_cin_assessments", "ssd_cin_visits"),
    columns=(("ssd_cin_visits", "cinv_cin_visit_seen"),),
)
def as03(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    return _seen_within(x, period, 10)


@measure(
    id="AS04", title="Open assessments past 45 working days", area="assessment",
    polarity="lower", window="snapshot", unit="count", source="Local measure",
    definition="""The number of assessments open at the period's end (started on or before it and
    not authorised by it: authorisation date blank or after the end) that have run more than 45
    working days: the working days after the start up to and including the period's end exceed
    45. The audit lists every assessment open at the end, the others marked as not yet past
    45 working days.""",
    tables=("ssd_cin_assessments",),
)
def as04(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    a = assessment_durations(x)
    rows = open_on(a["cina_assessment_start_date"], a["cina_assessment_auth_date"], period.end)
    days_open = working_days(a["cina_assessment_start_date"][rows], period.end)
    past = (days_open > ASSESSMENT_LIMIT_WD).fillna(False)
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason(
            [(~past, "open " + whole_number_text(days_open)
              + " working days at the end (not past 45)")],
            len(days_open),
        )
    return audit_frame(
        a, ["cina_assessment_id", "cina_person_id", "cina_assessment_start_date",
            "cina_assessment_auth_date", "working_days_open"],
        rows=rows, computed={"working_days_open": days_open},
        in_numerator=past, reason=reason, sort_by="cina_assessment_id",
    )
