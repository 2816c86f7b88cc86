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
    child_day_keys,
    child_of_cla_id,
    child_of_key,
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
from scorecard.measures.derive_cla import children as children_count
from scorecard.measures.id_codes import child_numbers, encode, first_of_each, sort_order
from scorecard.measures.masks import in_period
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
    """Children looked after at the period's end (shared: measures never change it)."""
    return looked_after_at(x, period.end)


def _first_per_child(x: Extract, when: str, selected: np.ndarray) -> np.ndarray:
    """LA02/LA03: one episode per child among the `selected` episodes, a counted one (not a
    short break at the episode's `when`: start or end) where the child has one, else its first
    by date and id; positions in `episodes(x)`, sorted by child. The order is made once."""
    def build(x: Extract) -> tuple[np.ndarray, np.ndarray]:
        e = episodes(x)
        short = episode_short_breaks(x)[f"short_break_at_{when}"].to_numpy()
        date = {"start": "clae_cla_episode_start_date", "end": "clae_cla_episode_ceased_date"}
        order = sort_order((e["clae_person_id"], "ascending"), (~short, "descending"),
                           (e[date[when]], "ascending"), (e["clae_cla_episode_id"], "ascending"))
        return order, child_numbers(e["clae_person_id"], order)
    order, child = x.derived(f"la:first_per_child:{when}", build)
    chosen = selected[order]
    rows, child = order[chosen], child[chosen]
    return rows[first_of_each(child)]


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
    short = c["short_break"].to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([(short, _short_break_text("the end"))], len(c))
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "clae_cla_episode_start_date",
            "legal_status_at_end"],
        in_numerator=~short, reason=reason, sort_by="clae_person_id",
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
    e = episodes(x)
    started = (in_period(e["clae_cla_episode_start_date"], period)
               & e["clae_cla_episode_start_reason"].isin(["S"]).to_numpy(dtype=bool))
    rows = _first_per_child(x, "start", started)
    short = episode_short_breaks(x)["short_break_at_start"].to_numpy()[rows]
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([(short, _short_break_text("the episode's start"))], len(rows))
    return audit_frame(
        e, ["clae_person_id", "clae_cla_episode_id", "clae_cla_episode_start_date",
            "clae_cla_episode_start_reason"],
        rows=rows, in_numerator=~short, reason=reason, sort_by="clae_person_id",
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
    e = episodes(x)
    ceased = (in_period(e["clae_cla_episode_ceased_date"], period)
              & ~e["clae_cla_episode_ceased_reason"].isin(["X1"]).to_numpy(dtype=bool))
    rows = _first_per_child(x, "end", ceased)
    short = episode_short_breaks(x)["short_break_at_end"].to_numpy()[rows]
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([(short, SHORT_BREAK_REASON + " when the episode ended")],
                             len(rows))
    return audit_frame(
        e, ["clae_person_id", "clae_cla_episode_id", "clae_cla_episode_start_date",
            "clae_cla_episode_ceased_date", "clae_cla_episode_ceased_reason"],
        rows=rows, in_numerator=~short, reason=reason, sort_by="clae_person_id",
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
    children = c["person_code"].to_numpy()
    window_start = months_before(period.end, 12) + pd.Timedelta(days=1)
    p = x.tables[PLACEMENTS]
    child = person_code(x, PLACEMENTS)
    start = p["clap_cla_placement_start_date"].to_numpy()
    end = p["clap_cla_placement_end_date"].to_numpy()
    wanted = ((start <= np.datetime64(period.end, "ns"))
              & (np.isnat(end) | (end >= np.datetime64(window_start, "ns"))) & (child >= 0))
    wanted[wanted] = flags_for(x, children)[child[wanted]]
    # distinct (child, placement id) pairs, then how many per child; sorting and comparing
    # neighbours (np.unique is far slower here)
    placement, n_ids = _placement_codes(x)
    pairs = np.sort(child[wanted] * (n_ids + 1) + (placement[wanted] + 1))
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
    counts = np.bincount(pairs // (n_ids + 1), minlength=children_count(x))
    placements = counts[children]
    short = c["short_break"].to_numpy()
    many = placements >= 3
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (short, _short_break_text("the end")),
            (~many, whole_number_text(pd.Series(placements))
             + " placement(s) in the 12 months"),
        ], len(c))
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end",
            "placements_in_12_months"],
        computed={"placements_in_12_months": placements},
        in_denominator=~short, in_numerator=~short & many, reason=reason,
        sort_by="clae_person_id",
    )


def _placement_codes(x: Extract) -> tuple[np.ndarray, int]:
    """An integer per distinct clap_cla_placement_id (-1 where blank) and how many there are."""
    def build(x: Extract) -> tuple[np.ndarray, int]:
        (codes,), ids = encode([x.tables[PLACEMENTS]["clap_cla_placement_id"]])
        return codes, len(ids)
    return x.derived("la:placement_codes", build)


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
    children = c["person_code"].to_numpy()
    age = age_at(at_children(date_of_birth(x), children), period.end).to_numpy()
    care_cutoff = months_before(period.end, 30)
    placement_cutoff = months_before(period.end, 24)
    open_p = placements_open_at(x, period.end)
    # any open placement qualifies, so the earliest-starting one decides
    earliest = per_child(x, open_p["person_code"].to_numpy(),
                         open_p["clap_cla_placement_start_date"].to_numpy(), "min")
    placement_start = at_children(earliest, children)
    care_start = c["period_of_care_start"].to_numpy()
    short = c["short_break"].to_numpy()
    no_dob = pd.isna(age)
    over_16 = np.where(no_dob, 0, age).astype("float64") >= 16
    recent_care = care_start > np.datetime64(care_cutoff, "ns")
    in_den = ~short & ~no_dob & ~over_16 & ~recent_care
    stable = placement_start <= np.datetime64(placement_cutoff, "ns")
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (short, _short_break_text("the end")),
            (no_dob, "no date of birth in ssd_person"),
            (over_16, "aged " + whole_number_text(pd.Series(age).astype("float64"))
             + " at the end"),
            (recent_care, "period of care started " + date_text(c["period_of_care_start"])
             + ", after " + f"{care_cutoff:%Y-%m-%d}"),
            (np.isnat(placement_start), "no placement open at the end"),
            (~stable, "current placement started " + date_text(pd.Series(placement_start))
             + ", after " + f"{placement_cutoff:%Y-%m-%d}"),
        ], len(c))
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end", "age_at_end",
            "period_of_care_start", "current_placement_start"],
        computed={"age_at_end": age, "current_placement_start": placement_start},
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
    child, date = _seen_cla_visits(x)
    # visits are sorted by date: those from `since` to the end are one slice
    lo = np.searchsorted(date, np.datetime64(since, "ns"), side="left")
    hi = np.searchsorted(date, np.datetime64(period.end, "ns"), side="right")
    latest = per_child(x, child[lo:hi], date[lo:hi], "max")
    latest_seen = at_children(latest, c["person_code"].to_numpy())
    recent_care = c["period_of_care_start"].to_numpy() > np.datetime64(since, "ns")
    return _event_since_audit(c, recent_care, since, latest_seen, "latest_seen_visit",
                              "no seen visit")


def _seen_cla_visits(x: Extract) -> tuple[np.ndarray, np.ndarray]:
    """Seen looked-after visits of a known child, sorted by date: (child codes, dates)."""
    def build(x: Extract) -> tuple[np.ndarray, np.ndarray]:
        v = x.tables["ssd_cla_visits"]
        child = person_code(x, "ssd_cla_visits")
        date = v["clav_cla_visit_date"].to_numpy(dtype="datetime64[ns]")
        rows = np.flatnonzero(v["clav_cla_visit_seen"].to_numpy(dtype=bool) & ~np.isnat(date)
                              & (child >= 0))
        rows = rows[np.argsort(date[rows], kind="stable")]
        return child[rows], date[rows]
    return x.derived("la:seen_cla_visits", build)


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
    rows = in_period(r["clar_cla_review_due_date"], period)
    # each review's child, looked up once for the whole table
    children = x.derived("la:review_children", lambda x: child_of_cla_id(
        x, x.tables["ssd_cla_reviews"]["clar_cla_id"]))
    child = children["person_code"].to_numpy()[rows]
    unlinked = child < 0
    cancelled = r["clar_cla_review_cancelled"].to_numpy(dtype=bool)[rows]
    due, held = r["clar_cla_review_due_date"][rows], r["clar_cla_review_date"][rows]
    short = short_break_on(x, child, due.to_numpy())
    in_time = (held.notna() & (held <= due)).to_numpy()
    days_late = (held - due).dt.days.where(~pd.Series(in_time, index=held.index))
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (unlinked, "clar_cla_id matches no looked-after episode, so the child is unknown"),
            (cancelled, "cancelled"),
            (short, _short_break_text("the due date")),
            (held.isna(), "not held"),
            (~in_time, "held " + whole_number_text(days_late) + " day(s) after the due date"),
        ], len(held))
    in_den = ~unlinked & ~cancelled & ~short
    return audit_frame(
        r, ["clar_cla_review_id", "clar_cla_id", "clae_person_id", "clar_cla_review_due_date",
            "clar_cla_review_date", "days_late"],
        rows=rows, computed=lambda: {"clae_person_id": children["clae_person_id"][rows],
                                     "days_late": days_late},
        in_denominator=in_den, in_numerator=in_den & in_time, reason=reason,
        sort_by="clar_cla_review_id",
    )


# -- LA08-LA10: health ------------------------------------------------------------------------

IHA_LIMIT_WD = 20


def _health_checks(x: Extract, types: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Health checks of the given types of a known child, sorted by child then date, as
    (child, day) keys and dates; once per extract and set of types."""
    def build(x: Extract) -> tuple[np.ndarray, np.ndarray]:
        h = x.tables["ssd_cla_health"]
        child = person_code(x, "ssd_cla_health")
        date = h["clah_health_check_date"].to_numpy(dtype="datetime64[ns]")
        wanted = np.flatnonzero(code_column(x, "ssd_cla_health", "clah_health_check_type").isin(
            list(types)).to_numpy(dtype=bool) & ~np.isnat(date) & (child >= 0))
        keys = child_day_keys(child[wanted], date[wanted])
        order = np.argsort(keys, kind="stable")
        return keys[order], date[wanted][order]
    return x.derived(f"la:health_checks:{'/'.join(types)}", build)


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
    rows = in_period(pocs["period_of_care_start"], period)
    start = pocs["period_of_care_start"][rows]
    child = pocs["person_code"].to_numpy()[rows]
    short = short_break_on(x, child, start.to_numpy())
    deadline = add_working_days(start, IHA_LIMIT_WD).to_numpy()
    # the earliest IHA on or after the start is the one that can be in time
    keys, dates = _health_checks(x, ("IHA",))
    at = np.searchsorted(keys, child_day_keys(child, start.to_numpy()), side="left")
    found = at < len(keys)
    found[found] = child_of_key(keys[at[found]]) == child[found]
    first_iha = np.full(len(start), np.datetime64("NaT"), dtype="datetime64[ns]")
    first_iha[found] = dates[at[found]]
    days_to_iha = wd(start, first_iha).to_numpy()
    start_reason = pocs["period_of_care_start_reason"][rows]
    new_entry = start_reason.isin(["S"]).to_numpy(dtype=bool)
    due = deadline <= np.datetime64(x.extract_date, "ns")
    in_time = days_to_iha <= IHA_LIMIT_WD
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (~new_entry, "first episode's start reason is "
             + start_reason.fillna("blank") + ", not S"),
            (short, _short_break_text("the start")),
            (~due, f"working day {IHA_LIMIT_WD} after the start ("
             + date_text(pd.Series(deadline)) + ") is after the extract date"),
            (np.isnat(first_iha), "no IHA on or after the start"),
            (~in_time, "first IHA " + whole_number_text(pd.Series(days_to_iha))
             + " working days after the start"),
        ], len(start))
    in_den = new_entry & ~short & due
    return audit_frame(
        pocs, ["period_of_care_id", "clae_person_id", "period_of_care_start",
               "period_of_care_start_reason", f"working_day_{IHA_LIMIT_WD}", "first_iha_date",
               "working_days_to_iha"],
        rows=rows, computed={f"working_day_{IHA_LIMIT_WD}": deadline,
                             "first_iha_date": first_iha, "working_days_to_iha": days_to_iha},
        in_denominator=in_den, in_numerator=in_den & in_time,
        reason=reason, sort_by="period_of_care_id",
    )


def _health_cohort(x: Extract, period: Period) -> tuple[pd.DataFrame, np.ndarray, pd.Timestamp]:
    """LA09/LA10: children looked after at the end, period of care started 12+ months before."""
    c = _at_end(x, period)
    cutoff = months_before(period.end, 12)
    recent_care = c["period_of_care_start"].to_numpy() > np.datetime64(cutoff, "ns")
    return c, recent_care, cutoff


def _latest_check(x: Extract, c: pd.DataFrame, types: tuple[str, ...], since: pd.Timestamp,
                  end: pd.Timestamp) -> np.ndarray:
    """Each child's latest check of the types dated from `since` to `end` (NaT: none)."""
    keys, dates = _health_checks(x, types)
    child = c["person_code"].to_numpy()
    # the child's last check on or before the end, if it is not before `since`
    at = np.searchsorted(keys, child_day_keys(child, np.full(len(child), np.datetime64(
        end, "ns"))), side="right") - 1
    found = at >= 0
    found[found] = child_of_key(keys[at[found]]) == child[found]
    latest = np.full(len(child), np.datetime64("NaT"), dtype="datetime64[ns]")
    latest[found] = dates[at[found]]
    latest[latest < np.datetime64(since, "ns")] = np.datetime64("NaT")
    return latest


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
    age = age_at(at_children(date_of_birth(x), c["person_code"].to_numpy()),
                 period.end).to_numpy()
    no_dob = pd.isna(age)
    under_5 = np.where(no_dob, 99, age).astype("float64") < 5
    window_start = pd.Series(cutoff, index=c.index).mask(under_5, months_before(period.end, 6))
    latest = _latest_check(x, c, ("IHA", "RHA"), cutoff, period.end)
    up_to_date = latest >= window_start.to_numpy()
    short = c["short_break"].to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (short, _short_break_text("the end")),
            (recent_care, "period of care started " + date_text(c["period_of_care_start"])
             + f", after {cutoff:%Y-%m-%d}"),
            (no_dob, "no date of birth in ssd_person"),
            (~up_to_date, "no IHA or RHA from " + date_text(window_start) + " to the end"),
        ], len(c))
    in_den = ~short & ~recent_care & ~no_dob
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end",
            "period_of_care_start", "age_at_end", "window_start", "latest_health_assessment"],
        computed={"age_at_end": age, "window_start": window_start,
                  "latest_health_assessment": latest},
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
    latest = _latest_check(x, c, ("DENTAL",), cutoff, period.end)
    return _event_since_audit(c, recent_care, cutoff, latest, "latest_dental_check",
                              "no dental check")


# -- LA11-LA12: where children live -----------------------------------------------------------

def _with_placements(x: Extract, c: pd.DataFrame, end: pd.Timestamp) -> dict[str, pd.Series
                                                                              | np.ndarray]:
    """What the open placements of the children looked after at the end are, row by row."""
    summary = open_placement_summary(x, end)
    found = summary.reindex(c["person_code"].to_numpy())
    out: dict[str, pd.Series | np.ndarray] = {"placement_types_at_end": pd.Series(
        found["placement_types_at_end"].to_numpy(), dtype="string").fillna("")}
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
    placed = _with_placements(x, c, period.end)
    types = placed["placement_types_at_end"]
    with_parents = placed["placed_with_parents"]
    short = c["short_break"].to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (short, _short_break_text("the end")),
            (types == "", "no placement open at the end"),
            (~with_parents, "placement type at the end: " + types),
        ], len(c))
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end",
            "placement_types_at_end"],
        computed={"placement_types_at_end": types},
        in_numerator=~short & with_parents, reason=reason, sort_by="clae_person_id",
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
    placed = _with_placements(x, c, period.end)
    types = placed["placement_types_at_end"]
    fostered, own = placed["in_foster_placement"], placed["in_own_foster_care"]
    short = c["short_break"].to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (short, _short_break_text("the end")),
            (~fostered, "not in a foster placement (U1-U6) at the end: "
             + types.replace("", "no placement open")),
            (~own, "foster placement provider is not PR1"),
        ], len(c))
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end",
            "placement_types_at_end", "in_own_foster_care"],
        computed={"placement_types_at_end": types, "in_own_foster_care": own},
        in_denominator=~short & fostered, in_numerator=~short & fostered & own, reason=reason,
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


def _event_since_audit(c: pd.DataFrame, recent_care: np.ndarray, since: pd.Timestamp,
                       latest: np.ndarray, column: str, missing: str) -> pd.DataFrame:
    """LA06 and LA10's shared shape: of children looked after at the end (short breaks out)
    whose period of care started by `since`, those with an event (`latest`) since then."""
    found = ~np.isnat(latest)
    short = c["short_break"].to_numpy()

    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (short, _short_break_text("the end")),
            (recent_care, "period of care started " + date_text(c["period_of_care_start"])
             + f", after {since:%Y-%m-%d}"),
            (~found, f"{missing} from {since:%Y-%m-%d} to the end"),
        ], len(c))
    in_den = ~short & ~recent_care
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "legal_status_at_end",
            "period_of_care_start", column],
        computed={column: latest},
        in_denominator=in_den, in_numerator=in_den & found,
        reason=reason, sort_by="clae_person_id",
    )
