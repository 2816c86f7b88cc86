"""Children looked after measures LA01-LA13 (MEASURES.md, "Children looked after").

Every LA01-LA12 measure leaves out children on a series of short breaks (legal status V3/V4 and
none other on the date that matters); they stay in the audit with the reason. Periods of care,
legal status and who is looked after at a date come from derive_cla, built once per extract.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard.calendar import add_working_days, wd
from scorecard.extract.model import Extract
from scorecard.measures.audit_frame import (
    audit_frame,
    choose_reason,
    date_text,
    whole_number_text,
)
from scorecard.measures.derive_cla import (
    SHORT_BREAK_REASON,
    age_at,
    at_children,
    child_of_cla_id,
    code_column,
    codes,
    date_of_birth,
    episode_short_breaks,
    episodes,
    flags_for,
    looked_after_at,
    open_placement_summary,
    per_child,
    periods_of_care,
    person_code,
    placements_open_at,
    short_break_on,
)
from scorecard.measures.registry import measure
from scorecard.params import Params
from scorecard.periods import Period, months_before

EPISODES = "ssd_cla_episodes"
LEGAL = "ssd_legal_status"
PLACEMENTS = "ssd_cla_placement"
CLA_SOURCE = "DfE: Children looked after in England (SSDA903)"
def short_break_note(when: str) -> str:
    """The definition's sentence on short breaks, naming the date that matters."""
    return (f"Children whose legal status in force on {when} is V3 or V4 and no other (a "
            "series of short-term breaks) are left out, as DfE does.")
CEASED_REASON = (EPISODES, "clae_cla_episode_ceased_reason")  # needed to chain periods of care


def _short_break_text(when: str) -> str:
    return f"{SHORT_BREAK_REASON} on {when}"


def _at_end(x: Extract, period: Period) -> pd.DataFrame:
    """Children looked after at the period's end (a copy the measure may add columns to)."""
    return looked_after_at(x, period.end).copy()


def _first_per_child(rows: pd.DataFrame, counted: np.ndarray, order: list[str]) -> pd.DataFrame:
    """One row per child: a counted record where the child has one, else its first record."""
    rows = rows.assign(_counted=counted)
    rows = rows.sort_values(["clae_person_id", "_counted", *order],
                            ascending=[True, False] + [True] * len(order), kind="stable")
    return rows.drop_duplicates("clae_person_id").drop(columns="_counted")


# -- LA01-LA03: how many --------------------------------------------------------------------------

@measure(
    id="LA01", title="Children looked after at the end (and per 10,000)", area="looked_after",
    polarity="neutral", window="snapshot", unit="count", source=CLA_SOURCE,
    definition="""Children (distinct) with a looked-after episode open at the period's end:
    started on or before it and not ceased by it. """ + short_break_note("that day")
    + " The rate is per 10,000 children aged 0-17 (params).",
    tables=(EPISODES, LEGAL), rate_per_10k=True,
)
def la01(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    c = _at_end(x, period)
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([(c["short_break"], _short_break_text("the end"))], c.index)
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "clae_cla_episode_start_date",
            "legal_status_at_end"],
        in_numerator=~c["short_break"], reason=reason, sort_by="clae_person_id",
    )


@measure(
    id="LA02", title="Children starting to be looked after", area="looked_after",
    polarity="neutral", window="flow", unit="count", source=CLA_SOURCE,
    definition="""Children (distinct) with a looked-after episode starting in the period with
    start reason S (started to be looked after). """
    + short_break_note("the episode's start date") + """ A child with several such episodes
    counts once, and counts if any of them was not a short break.""",
    tables=(EPISODES, LEGAL), columns=((EPISODES, "clae_cla_episode_start_reason"),),
)
def la02(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    e, sb = episodes(x), episode_short_breaks(x)
    started = (period.contains(e["clae_cla_episode_start_date"]).to_numpy()
               & e["clae_cla_episode_start_reason"].isin(["S"]).to_numpy(dtype=bool))
    rows = e[started].assign(short_break=sb.loc[started, "short_break_at_start"].to_numpy())
    rows = _first_per_child(rows, ~rows["short_break"].to_numpy(),
                            ["clae_cla_episode_start_date", "clae_cla_episode_id"])
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason(
            [(rows["short_break"], _short_break_text("the episode's start"))], rows.index)
    return audit_frame(
        rows, ["clae_person_id", "clae_cla_episode_id", "clae_cla_episode_start_date",
               "clae_cla_episode_start_reason"],
        in_numerator=~rows["short_break"], reason=reason, sort_by="clae_person_id",
    )


@measure(
    id="LA03", title="Children ceasing to be looked after", area="looked_after",
    polarity="neutral", window="flow", unit="count", source=CLA_SOURCE,
    definition="""Children (distinct) with a looked-after episode ceasing in the period with a
    reason other than X1 (X1: the episode ends and another starts, so care continues; a blank
    reason counts as ceasing). """
    + short_break_note("the episode's end (the status it ended under)") + """ A child with
    several such episodes counts once, and counts if any of them was not a short break.""",
    tables=(EPISODES, LEGAL), columns=(CEASED_REASON,),
)
def la03(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    e, sb = episodes(x), episode_short_breaks(x)
    ceased = (period.contains(e["clae_cla_episode_ceased_date"]).to_numpy()
              & ~e["clae_cla_episode_ceased_reason"].isin(["X1"]).to_numpy(dtype=bool))
    rows = e[ceased].assign(short_break=sb.loc[ceased, "short_break_at_end"].to_numpy())
    rows = _first_per_child(rows, ~rows["short_break"].to_numpy(),
                            ["clae_cla_episode_ceased_date", "clae_cla_episode_id"])
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason(
            [(rows["short_break"], SHORT_BREAK_REASON + " when the episode ended")], rows.index)
    return audit_frame(
        rows, ["clae_person_id", "clae_cla_episode_id", "clae_cla_episode_start_date",
               "clae_cla_episode_ceased_date", "clae_cla_episode_ceased_reason"],
        in_numerator=~rows["short_break"], reason=reason, sort_by="clae_person_id",
    )


# -- LA04-LA05: placement stability -------------------------------------------------------------

@measure(
    id="LA04", title="Children with 3 or more placements in the last 12 months",
    area="looked_after", polarity="lower", window="snapshot", unit="percent",
    source="DfE: Children looked after in England (placement stability)",
    definition="""Of children looked after at the period's end, the percentage with 3 or more
    distinct placements (distinct clap_cla_placement_id, from any period of care, matched by
    the child's id) overlapping the 12 months ending at the end: placement start on or before
    the end, and placement end empty or on or after the day after the same date 12 months
    earlier. """ + short_break_note("the period's end"),
    tables=(EPISODES, LEGAL, PLACEMENTS),
)
def la04(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    c = _at_end(x, period)
    window_start = months_before(period.end, 12) + pd.Timedelta(days=1)
    p = x.tables[PLACEMENTS]
    end = p["clap_cla_placement_end_date"]
    child = person_code(x, PLACEMENTS)
    wanted = ((p["clap_cla_placement_start_date"] <= period.end)
              & (end.isna() | (end >= window_start))).to_numpy() & (child >= 0)
    wanted[wanted] = flags_for(x, c["person_code"].to_numpy())[child[wanted]]
    distinct = pd.DataFrame({"child": child[wanted],
                             "placement": p["clap_cla_placement_id"].to_numpy()[wanted]})
    counts = np.bincount(distinct.drop_duplicates()["child"].to_numpy(), minlength=len(child))
    c["placements_in_12_months"] = counts[c["person_code"].to_numpy()]
    many = c["placements_in_12_months"] >= 3
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (c["short_break"], _short_break_text("the end")),
            (~many, whole_number_text(c["placements_in_12_months"])
             + " placement(s) in the 12 months"),
        ], c.index)
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end",
            "placements_in_12_months"],
        in_denominator=~c["short_break"], in_numerator=~c["short_break"] & many, reason=reason,
        sort_by="clae_person_id",
    )


@measure(
    id="LA05", title="Long-term placement stability", area="looked_after", polarity="higher",
    window="snapshot", unit="percent",
    source="DfE: Children looked after in England (placement stability)",
    definition="""Of children looked after at the period's end, aged under 16 at the end,
    whose period of care started on or before the end minus 30 months, the percentage whose
    current placement (a placement open at the end; any of them where several are open)
    started on or before the end minus 24 months. DfE's measure counts time with the same
    carer; an extract has no carer id, so a new placement record counts as a move, and DfE's
    adjustment for children placed for adoption is left out. Children with no date of birth
    cannot be placed in the age cohort and are listed in the audit, outside the denominator.
    """ + short_break_note("the period's end"),
    tables=(EPISODES, LEGAL, PLACEMENTS, "ssd_person"), columns=(CEASED_REASON,),
)
def la05(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    c = _at_end(x, period)
    c["age_at_end"] = age_at(at_children(date_of_birth(x), c["person_code"].to_numpy()),
                             period.end).to_numpy()
    care_cutoff = months_before(period.end, 30)
    placement_cutoff = months_before(period.end, 24)
    open_p = placements_open_at(x, period.end)
    # any open placement qualifies, so the earliest-starting one decides
    earliest = per_child(x, open_p["person_code"].to_numpy(),
                         open_p["clap_cla_placement_start_date"].to_numpy(), "min")
    c["current_placement_start"] = at_children(earliest, c["person_code"].to_numpy())
    no_dob = c["age_at_end"].isna().to_numpy()
    over_16 = c["age_at_end"].fillna(0).to_numpy() >= 16
    recent_care = (c["period_of_care_start"] > care_cutoff).to_numpy()
    in_den = ~c["short_break"].to_numpy() & ~no_dob & ~over_16 & ~recent_care
    stable = (c["current_placement_start"] <= placement_cutoff).to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (c["short_break"], _short_break_text("the end")),
            (no_dob, "no date of birth in ssd_person"),
            (over_16, "aged " + whole_number_text(c["age_at_end"].astype("float64"))
             + " at the end"),
            (recent_care, "period of care started " + date_text(c["period_of_care_start"])
             + ", after " + f"{care_cutoff:%Y-%m-%d}"),
            (c["current_placement_start"].isna(), "no placement open at the end"),
            (~stable, "current placement started " + date_text(c["current_placement_start"])
             + ", after " + f"{placement_cutoff:%Y-%m-%d}"),
        ], c.index)
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end", "age_at_end",
            "period_of_care_start", "current_placement_start"],
        in_denominator=in_den, in_numerator=in_den & stable, reason=reason,
        sort_by="clae_person_id",
    )


# -- LA06-LA07: visits and reviews ------------------------------------------------------------

@measure(
    id="LA06", title="Children visited in the last 6 weeks", area="looked_after",
    polarity="higher", window="snapshot", unit="percent", source="Local measure",
    definition="""Of children looked after at the period's end whose period of care started on
    or before the end minus 42 days, the percentage with a looked-after visit recorded as seen
    (clav_cla_visit_seen = Y), matched by the child's id, dated from the end minus 42 days to
    the end, both included. 42 is the param cla_visit_days. """
    + short_break_note("the period's end"),
    tables=(EPISODES, LEGAL, "ssd_cla_visits"),
    columns=(CEASED_REASON, ("ssd_cla_visits", "clav_cla_visit_seen")),
)
def la06(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    c = _at_end(x, period)
    since = period.end - pd.Timedelta(days=params.cla_visit_days)
    v = x.tables["ssd_cla_visits"]
    seen = (v["clav_cla_visit_seen"] & (v["clav_cla_visit_date"] >= since)
            & (v["clav_cla_visit_date"] <= period.end)).to_numpy(dtype=bool)
    latest = per_child(x, person_code(x, "ssd_cla_visits")[seen],
                       v["clav_cla_visit_date"].to_numpy()[seen], "max")
    c["latest_seen_visit"] = at_children(latest, c["person_code"].to_numpy())
    recent_care = (c["period_of_care_start"] > since).to_numpy()
    visited = c["latest_seen_visit"].notna().to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (c["short_break"], _short_break_text("the end")),
            (recent_care, "period of care started " + date_text(c["period_of_care_start"])
             + f", after {since:%Y-%m-%d}"),
            (~visited, f"no seen visit from {since:%Y-%m-%d} to the end"),
        ], c.index)
    in_den = ~c["short_break"].to_numpy() & ~recent_care
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end",
            "period_of_care_start", "latest_seen_visit"],
        in_denominator=in_den, in_numerator=in_den & visited,
        reason=reason, sort_by="clae_person_id",
    )


@measure(
    id="LA07", title="Looked-after reviews held in time", area="looked_after",
    polarity="higher", window="flow", unit="percent", source="Local measure",
    definition="""Of looked-after reviews due in the period and not cancelled
    (clar_cla_review_cancelled not Y), the percentage held on or before the due date. A review
    not held (no review date) counts as late, so overdue reviews never vanish. Reviews reach
    their child through clar_cla_id, matched to the clae_cla_id of the child's episodes; a
    review whose clar_cla_id matches no episode cannot reach its child and stays in the audit,
    outside the denominator. """ + short_break_note("the due date"),
    tables=("ssd_cla_reviews", EPISODES, LEGAL),
    columns=((EPISODES, "clae_cla_id"), ("ssd_cla_reviews", "clar_cla_review_cancelled")),
)
def la07(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    r = x.tables["ssd_cla_reviews"]
    r = r[period.contains(r["clar_cla_review_due_date"])].copy()
    child = child_of_cla_id(x, r["clar_cla_id"])
    r["clae_person_id"] = child["clae_person_id"]
    unlinked = (child["person_code"] < 0).to_numpy()
    cancelled = r["clar_cla_review_cancelled"].to_numpy(dtype=bool)
    short = short_break_on(x, child["person_code"].to_numpy(),
                           r["clar_cla_review_due_date"].to_numpy())
    due, held = r["clar_cla_review_due_date"], r["clar_cla_review_date"]
    in_time = (held.notna() & (held <= due)).to_numpy()
    r["days_late"] = (held - due).dt.days.where(~pd.Series(in_time, index=r.index))
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (unlinked, "clar_cla_id matches no looked-after episode, so the child is unknown"),
            (cancelled, "cancelled"),
            (short, _short_break_text("the due date")),
            (held.isna(), "not held"),
            (~in_time, "held " + whole_number_text(r["days_late"]) + " day(s) after the due date"),
        ], r.index)
    in_den = ~unlinked & ~cancelled & ~short
    return audit_frame(
        r, ["clar_cla_review_id", "clar_cla_id", "clae_person_id", "clar_cla_review_due_date",
            "clar_cla_review_date", "days_late"],
        in_denominator=in_den, in_numerator=in_den & in_time, reason=reason,
        sort_by="clar_cla_review_id",
    )


# -- LA08-LA10: health ------------------------------------------------------------------------

IHA_LIMIT_WD = 20


def _health_checks(x: Extract, types: tuple[str, ...]) -> pd.DataFrame:
    """Health checks of the given types: child code and date."""
    h = x.tables["ssd_cla_health"]
    wanted = code_column(x, "ssd_cla_health", "clah_health_check_type").isin(
        list(types)).to_numpy(dtype=bool) & h["clah_health_check_date"].notna().to_numpy()
    return pd.DataFrame({"person_code": person_code(x, "ssd_cla_health")[wanted],
                         "check_date": h["clah_health_check_date"].to_numpy()[wanted]})


@measure(
    id="LA08", title="Initial health assessments within 20 working days", area="looked_after",
    polarity="higher", window="flow", unit="percent",
    source="Local measure (statutory guidance: IHA within 20 working days)",
    definition="""Of periods of care starting in the period (their first episode has start
    reason S) whose 20th working day after the start is on or before the extract date, the
    percentage with an initial health assessment (IHA) of the child dated on or after the start
    and no more than 20 working days after it. Periods of care are counted, not children. The
    start is the first episode's entered-care date where given, else its start date. """
    + short_break_note("the start of the period of care"),
    tables=(EPISODES, LEGAL, "ssd_cla_health"),
    columns=(CEASED_REASON, (EPISODES, "clae_cla_episode_start_reason")),
)
def la08(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    pocs = periods_of_care(x)
    p = pocs[period.contains(pocs["period_of_care_start"])].copy()
    p["short_break"] = short_break_on(x, p["person_code"].to_numpy(),
                                      p["period_of_care_start"].to_numpy())
    p[f"working_day_{IHA_LIMIT_WD}"] = add_working_days(
        p["period_of_care_start"], IHA_LIMIT_WD).to_numpy()
    iha = _health_checks(x, ("IHA",))
    # the earliest IHA on or after the start is the one that can be in time
    pairs = p[["person_code", "period_of_care_start"]].reset_index().merge(
        iha, on="person_code")
    pairs = pairs[pairs["check_date"] >= pairs["period_of_care_start"]]
    first = pairs.groupby("index")["check_date"].min()
    p["first_iha_date"] = first.reindex(p.index).to_numpy()
    p["working_days_to_iha"] = wd(p["period_of_care_start"], p["first_iha_date"]).to_numpy()
    new_entry = p["period_of_care_start_reason"].isin(["S"]).to_numpy(dtype=bool)
    due = (p[f"working_day_{IHA_LIMIT_WD}"] <= x.extract_date).to_numpy()
    in_time = (p["working_days_to_iha"] <= IHA_LIMIT_WD).to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (~new_entry, "first episode's start reason is "
             + p["period_of_care_start_reason"].fillna("blank") + ", not S"),
            (p["short_break"], _short_break_text("the start")),
            (~due, f"working day {IHA_LIMIT_WD} after the start ("
             + date_text(p[f"working_day_{IHA_LIMIT_WD}"]) + ") is after the extract date"),
            (p["first_iha_date"].isna(), "no IHA on or after the start"),
            (~in_time, "first IHA " + whole_number_text(p["working_days_to_iha"])
             + " working days after the start"),
        ], p.index)
    in_den = new_entry & ~p["short_break"].to_numpy() & due
    return audit_frame(
        p, ["period_of_care_id", "clae_person_id", "period_of_care_start",
            "period_of_care_start_reason", f"working_day_{IHA_LIMIT_WD}", "first_iha_date",
            "working_days_to_iha"],
        in_denominator=in_den, in_numerator=in_den & in_time,
        reason=reason, sort_by="period_of_care_id",
    )


def _health_cohort(x: Extract, period: Period) -> tuple[pd.DataFrame, np.ndarray, pd.Timestamp]:
    """LA09/LA10: children looked after at the end, period of care started 12+ months before."""
    c = _at_end(x, period)
    cutoff = months_before(period.end, 12)
    recent_care = (c["period_of_care_start"] > cutoff).to_numpy()
    return c, recent_care, cutoff


def _latest_check(x: Extract, c: pd.DataFrame, types: tuple[str, ...], since: pd.Timestamp,
                  end: pd.Timestamp) -> pd.Series:
    h = _health_checks(x, types)
    h = h[(h["check_date"] >= since) & (h["check_date"] <= end)]
    latest = per_child(x, h["person_code"].to_numpy(), h["check_date"].to_numpy(), "max")
    return pd.Series(at_children(latest, c["person_code"].to_numpy()), index=c.index)


@measure(
    id="LA09", title="Health assessments up to date", area="looked_after", polarity="higher",
    window="snapshot", unit="percent",
    source="DfE: Outcomes for children looked after (health assessments), adapted",
    definition="""Of children looked after at the period's end whose period of care started on
    or before the end minus 12 months, the percentage with an initial or review health
    assessment (IHA or RHA) dated from the end minus 12 months to the end (from the end minus 6
    months for children under 5 at the end). Children with no date of birth cannot be given
    their window and are listed in the audit, outside the denominator. """
    + short_break_note("the period's end"),
    tables=(EPISODES, LEGAL, "ssd_cla_health", "ssd_person"), columns=(CEASED_REASON,),
)
def la09(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    c, recent_care, cutoff = _health_cohort(x, period)
    c["age_at_end"] = age_at(at_children(date_of_birth(x), c["person_code"].to_numpy()),
                             period.end).to_numpy()
    no_dob = c["age_at_end"].isna().to_numpy()
    under_5 = (c["age_at_end"].fillna(99) < 5).to_numpy()
    c["window_start"] = pd.Series(cutoff, index=c.index).mask(
        under_5, months_before(period.end, 6))
    c["latest_health_assessment"] = _latest_check(x, c, ("IHA", "RHA"), cutoff, period.end)
    up_to_date = (c["latest_health_assessment"] >= c["window_start"]).to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (c["short_break"], _short_break_text("the end")),
            (recent_care, "period of care started " + date_text(c["period_of_care_start"])
             + f", after {cutoff:%Y-%m-%d}"),
            (no_dob, "no date of birth in ssd_person"),
            (~up_to_date, "no IHA or RHA from " + date_text(c["window_start"]) + " to the end"),
        ], c.index)
    in_den = ~c["short_break"].to_numpy() & ~recent_care & ~no_dob
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end",
            "period_of_care_start", "age_at_end", "window_start", "latest_health_assessment"],
        in_denominator=in_den, in_numerator=in_den & up_to_date, reason=reason,
        sort_by="clae_person_id",
    )


@measure(
    id="LA10", title="Dental checks up to date", area="looked_after", polarity="higher",
    window="snapshot", unit="percent",
    source="DfE: Outcomes for children looked after (dental checks), adapted",
    definition="""Of children looked after at the period's end whose period of care started on
    or before the end minus 12 months (the LA09 cohort), the percentage with a dental check
    (DENTAL) dated from the end minus 12 months to the end. """
    + short_break_note("the period's end"),
    tables=(EPISODES, LEGAL, "ssd_cla_health"), columns=(CEASED_REASON,),
)
def la10(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    c, recent_care, cutoff = _health_cohort(x, period)
    c["latest_dental_check"] = _latest_check(x, c, ("DENTAL",), cutoff, period.end)
    checked = c["latest_dental_check"].notna().to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (c["short_break"], _short_break_text("the end")),
            (recent_care, "period of care started " + date_text(c["period_of_care_start"])
             + f", after {cutoff:%Y-%m-%d}"),
            (~checked, f"no dental check from {cutoff:%Y-%m-%d} to the end"),
        ], c.index)
    in_den = ~c["short_break"].to_numpy() & ~recent_care
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end",
            "period_of_care_start", "latest_dental_check"],
        in_denominator=in_den, in_numerator=in_den & checked,
        reason=reason, sort_by="clae_person_id",
    )


# -- LA11-LA12: where children live -----------------------------------------------------------

def _with_placements(x: Extract, c: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """The children looked after at the end, with what their open placements are."""
    summary = open_placement_summary(x, end)
    out = c.copy()
    found = summary.reindex(c["person_code"].to_numpy())
    out["placement_types_at_end"] = pd.Series(
        found["placement_types_at_end"].to_numpy(), index=c.index, dtype="string").fillna("")
    for col in ("placed_with_parents", "in_foster_placement", "in_own_foster_care"):
        out[col] = found[col].fillna(False).to_numpy(dtype=bool)
    return out


@measure(
    id="LA11", title="Children placed with parents at the end", area="looked_after",
    polarity="neutral", window="snapshot", unit="count", source=CLA_SOURCE,
    definition="""Children looked after at the period's end whose placement open at the end
    has type P1 (placed with parents; any of them where several placements are open). """
    + short_break_note("the period's end"),
    tables=(EPISODES, LEGAL, PLACEMENTS), columns=((PLACEMENTS, "clap_cla_placement_type"),),
)
def la11(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    c = _at_end(x, period)
    c = _with_placements(x, c, period.end)
    with_parents = c["placed_with_parents"].to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (c["short_break"], _short_break_text("the end")),
            (c["placement_types_at_end"] == "", "no placement open at the end"),
            (~with_parents, "placement type at the end: " + c["placement_types_at_end"]),
        ], c.index)
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end",
            "placement_types_at_end"],
        in_numerator=~c["short_break"].to_numpy() & with_parents, reason=reason,
        sort_by="clae_person_id",
    )


@measure(
    id="LA12", title="Fostered children in the authority's own foster care",
    area="looked_after", polarity="higher", window="snapshot", unit="percent",
    source="Local measure",
    definition="""Of children looked after at the period's end in a foster placement (type
    U1-U6) open at the end, the percentage whose foster placement's provider is PR1 (the
    authority's own provision); where several are open, any one with PR1 qualifies. """
    + short_break_note("the period's end"),
    tables=(EPISODES, LEGAL, PLACEMENTS),
    columns=((PLACEMENTS, "clap_cla_placement_type"),
             (PLACEMENTS, "clap_cla_placement_provider")),
)
def la12(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    c = _at_end(x, period)
    c = _with_placements(x, c, period.end)
    fostered = c["in_foster_placement"].to_numpy()
    own = c["in_own_foster_care"].to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (c["short_break"], _short_break_text("the end")),
            (~fostered, "not in a foster placement (U1-U6) at the end: "
             + c["placement_types_at_end"].replace("", "no placement open")),
            (~own, "foster placement provider is not PR1"),
        ], c.index)
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end",
            "placement_types_at_end", "in_own_foster_care"],
        in_denominator=~c["short_break"].to_numpy() & fostered,
        in_numerator=~c["short_break"].to_numpy() & fostered & own, reason=reason,
        sort_by="clae_person_id",
    )


# -- LA13: missing --------------------------------------------------------------------------------

@measure(
    id="LA13", title="Return home interviews offered after a missing episode",
    area="looked_after", polarity="higher", window="flow", unit="percent",
    source="DfE: Children looked after in England (missing), local measure",
    definition="""Of missing episodes (miss_missing_episode_type M or Missing, in any case) of
    any child, looked after or not, that ended in the period, the percentage where a return
    home interview was offered (miss_missing_rhi_offered = Y). Episodes are counted, not
    children. Episodes of another type (such as away from placement) are listed in the audit,
    outside the denominator. The short-break rule does not apply.""",
    tables=("ssd_missing",),
    columns=(("ssd_missing", "miss_missing_episode_type"),
             ("ssd_missing", "miss_missing_rhi_offered")),
)
def la13(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    m = x.tables["ssd_missing"]
    m = m[period.contains(m["miss_missing_episode_end_date"])]
    kind = codes(m["miss_missing_episode_type"])
    missing = kind.isin(["M", "MISSING"]).to_numpy(dtype=bool)
    offered = m["miss_missing_rhi_offered"].to_numpy(dtype=bool)
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (kind.isna(), "no episode type"),
            (~missing, "episode type " + m["miss_missing_episode_type"].astype("string").str.strip()
             + " is not a missing episode"),
            (~offered, "return home interview not offered"),
        ], m.index)
    return audit_frame(
        m, ["miss_table_id", "miss_person_id", "miss_missing_episode_type",
            "miss_missing_episode_start_date", "miss_missing_episode_end_date",
            "miss_missing_rhi_offered"],
        in_denominator=missing, in_numerator=missing & offered, reason=reason,
        sort_by="miss_table_id",
    )
