"""Derived columns shared by the front door, assessment, child protection and CIN measures.

Each builder runs once per extract (through `Extract.derived`) over a whole table; measures and
periods then take masks of the result. Builders never change `x.tables`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scorecard.calendar import wd
from scorecard.extract.model import Extract
from scorecard.measures.id_codes import child_numbers, encode, first_of_each, sort_order
from scorecard.measures.lookup import first_rows, take_rows
from scorecard.measures.masks import open_on
from scorecard.measures.nearest_event import EventIndex, nearest_events


def working_days(a: pd.Series, b: pd.Series | pd.Timestamp) -> pd.Series:
    """wd(a, b) as whole numbers (Int64, missing where a date is missing), indexed like `a`.

    Compare with `.fillna(False)` after: a missing count never meets a time limit.
    """
    return wd(a, b).astype("Int64").set_axis(a.index)


def open_at(start: pd.Series, end: pd.Series, date: pd.Timestamp) -> pd.Series:
    """Open at a date (MEASURES.md): started on or before it and not ended by it (masks.open_on
    as a Series aligned with `start`)."""
    return pd.Series(open_on(start, end, date), index=start.index)


def _by_child(frame: pd.DataFrame, person: str, date: str,
              record_id: str) -> tuple[np.ndarray, np.ndarray]:
    """The rows sorted by child, then date, then id (missing last, ties in row order, as pandas
    sorts), and along that order a number per child (rows with no child: one each)."""
    order = sort_order((frame[person], "ascending"), (frame[date], "ascending"),
                       (frame[record_id], "ascending"))
    return order.astype(np.int32), child_numbers(frame[person], order)


def _earliest_per_child(order: np.ndarray, child: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Along rows sorted by `_by_child`: each child's first row (its earliest record by date,
    then id) and how many rows the child has."""
    starts = first_of_each(child)
    return order[starts], np.diff(np.append(starts, len(order))).astype("int64")


def one_row_per_child(records: pd.DataFrame, person: str, date: str, record_id: str,
                      count_name: str) -> pd.DataFrame:
    """Records (e.g. plans open at a date) reduced to each child's earliest one by date, then
    id, with `count_name` = how many records the child has; sorted by child.

    Measures use `first_record_per_child`: the same rule over a sort made once per extract.
    """
    rows, counts = _earliest_per_child(*_by_child(records, person, date, record_id))
    out = records.iloc[rows].copy()
    out[count_name] = counts
    return out


def _child_order(x: Extract, table: str, person: str, date: str,
                 record_id: str) -> tuple[np.ndarray, np.ndarray]:
    """`_by_child` for a whole table, once per extract."""
    return x.derived(f"cin.child_order:{table}",
                     lambda x: _by_child(x.tables[table], person, date, record_id))


def first_record_per_child(x: Extract, table: str, selected: np.ndarray, *, person: str,
                           date: str, record_id: str) -> tuple[np.ndarray, np.ndarray]:
    """The `one_row_per_child` rule for the `selected` rows of a table: the position of each
    child's earliest selected record (by date, then id), sorted by child, and how many selected
    records the child has. The sort is made once per extract; each call is a mask over it."""
    order, child = _child_order(x, table, person, date, record_id)
    chosen = selected[order]
    return _earliest_per_child(order[chosen], child[chosen])


# -- referrals --------------------------------------------------------------------------------

def _referral_history(x: Extract) -> pd.DataFrame:
    refs = x.tables["ssd_cin_episodes"]
    out = refs[["cine_referral_id", "cine_person_id", "cine_referral_date"]]
    # Referrals sorted by child, date and id (the order CN01 uses too): a referral's previous
    # one is the last row of the child's date block just before its own, i.e. the latest date
    # strictly earlier (a referral of the same child on the same day is not a previous one),
    # and of several on that day the largest id, as the nearest-event rule picks.
    order, child = _child_order(x, "ssd_cin_episodes", "cine_person_id", "cine_referral_date",
                                "cine_referral_id")
    date = out["cine_referral_date"].to_numpy(dtype="datetime64[ns]")[order]
    n = len(order)
    block_starts = np.ones(n, dtype=bool)
    block_starts[1:] = (child[1:] != child[:-1]) | (date[1:] != date[:-1])
    block_start = np.maximum.accumulate(np.where(block_starts, np.arange(n), 0)) if n else (
        np.zeros(0, dtype=np.int64))
    previous = block_start - 1
    has = (previous >= 0) & ~np.isnat(date) & out["cine_person_id"].notna().to_numpy()[order]
    has[has] = child[previous[has]] == child[has]
    # back from sorted order to table rows
    row_of_previous = np.full(n, -1, dtype=np.int64)
    row_of_previous[order[has]] = order[previous[has]]
    out["previous_referral_id"] = take_rows(out["cine_referral_id"], row_of_previous,
                                            out.index).astype("string")
    out["previous_referral_date"] = take_rows(out["cine_referral_date"], row_of_previous,
                                              out.index)
    return out


def referral_history(x: Extract) -> pd.DataFrame:
    """Referrals with the child's latest referral dated strictly before each one.

    Columns: cine_referral_id, cine_person_id, cine_referral_date, previous_referral_id,
    previous_referral_date (missing when the child has no earlier referral in the extract).
    """
    return x.derived("cin.referral_history", _referral_history)


# -- assessments ------------------------------------------------------------------------------

def _assessment_durations(x: Extract) -> pd.DataFrame:
    a = x.tables["ssd_cin_assessments"]
    out = a[["cina_assessment_id", "cina_person_id", "cina_assessment_start_date",
             "cina_assessment_auth_date"]]
    out["working_days_to_authorisation"] = working_days(
        out["cina_assessment_start_date"], out["cina_assessment_auth_date"])
    return out


def assessment_durations(x: Extract) -> pd.DataFrame:
    """Assessments with `working_days_to_authorisation` = wd(start, auth) (missing: not yet)."""
    return x.derived("cin.assessment_durations", _assessment_durations)


@dataclass(frozen=True)
class SeenVisits:
    """Visits where the child was seen, indexed by child and day, and the children of the
    records that ask about them (assessments, plans) coded the same way, row by row."""

    index: EventIndex
    record_codes: dict[str, np.ndarray]  # table -> the child code of each row (-1: none)


# visits table: (person, date, seen flag, visit id), and the tables whose records look them up
_VISITS = {
    "ssd_cin_visits": (
        ("cinv_person_id", "cinv_cin_visit_date", "cinv_cin_visit_seen", "cinv_cin_visit_id"),
        {"ssd_cin_assessments": "cina_person_id", "ssd_cin_plans": "cinp_person_id"}),
    "ssd_cp_visits": (
        ("cppv_person_id", "cppv_cp_visit_date", "cppv_cp_visit_seen", "cppv_cp_visit_id"),
        {"ssd_cp_plans": "cppl_person_id"}),
}


def _build_seen_visits(x: Extract, table: str) -> SeenVisits:
    (person, date, seen, visit_id), askers = _VISITS[table]
    visits = x.tables[table]
    askers = {t: c for t, c in askers.items() if t in x.tables}
    # Children of visits and of the records asking are encoded in one pass over the ids.
    coded, persons = encode([visits[person], *(x.tables[t][c] for t, c in askers.items())])
    is_seen = visits[seen].fillna(False).to_numpy(dtype=bool)
    codes = np.where(is_seen, coded[0], -1)  # unseen visits cannot be found
    index = EventIndex.from_codes(codes, persons, visits[date], visits[visit_id])
    return SeenVisits(index, dict(zip(askers, coded[1:])))


def seen_cin_visits(x: Extract) -> SeenVisits:
    """CIN visits where the child was seen (`cinv_cin_visit_seen = Y`), indexed by child and day;
    assessments and CIN plans coded alike."""
    return x.derived("cin.seen_cin_visits", lambda x: _build_seen_visits(x, "ssd_cin_visits"))


def seen_cp_visits(x: Extract) -> SeenVisits:
    """CP visits where the child was seen (`cppv_cp_visit_seen = Y`), indexed by child and day;
    CP plans coded alike."""
    return x.derived("cin.seen_cp_visits", lambda x: _build_seen_visits(x, "ssd_cp_visits"))


def _assessment_first_seen(x: Extract) -> pd.DataFrame:
    out = assessment_durations(x)[["cina_assessment_id", "cina_person_id",
                                   "cina_assessment_start_date"]]
    # The earliest seen visit on or after the start: wd(start, v) only grows with v, so if
    # the earliest one is not within N working days, no later one is.
    visits = seen_cin_visits(x)
    first = visits.index.nearest_codes(
        visits.record_codes["ssd_cin_assessments"], out.index, out["cina_assessment_start_date"],
        direction="after", inclusive=True)
    out["first_seen_visit_id"] = first["event_id"]
    out["first_seen_visit_date"] = first["event_date"]
    out["working_days_to_seen"] = working_days(
        out["cina_assessment_start_date"], out["first_seen_visit_date"])
    out["working_days_to_extract_date"] = working_days(
        out["cina_assessment_start_date"], x.extract_date)
    return out


def assessment_first_seen(x: Extract) -> pd.DataFrame:
    """Assessments with the child's first seen CIN visit on or after the start.

    Columns: cina_assessment_id, cina_person_id, cina_assessment_start_date,
    first_seen_visit_id, first_seen_visit_date, working_days_to_seen (wd(start, visit)),
    working_days_to_extract_date (wd(start, extract date): the N-th working day after the start
    is on or before the extract date exactly when this is at least N).
    """
    return x.derived("cin.assessment_first_seen", _assessment_first_seen)


# -- child protection plans -------------------------------------------------------------------

def _cp_plan_history(x: Extract) -> pd.DataFrame:
    p = x.tables["ssd_cp_plans"]
    out = p[["cppl_cp_plan_id", "cppl_person_id", "cppl_cp_plan_start_date",
             "cppl_cp_plan_end_date"]]
    person, start = out["cppl_person_id"], out["cppl_cp_plan_start_date"]
    # CP04: "a plan starting the same day is not earlier" -> strictly before.
    earlier = nearest_events(person, start, person, start, out["cppl_cp_plan_id"],
                             direction="before", inclusive=False)
    out["earlier_plan_id"] = earlier["event_id"]
    out["earlier_plan_start_date"] = earlier["event_date"]
    # CP05: the latest end of ANOTHER plan of the child on or before this plan's start (a plan
    # ending the day this one starts counts); the plan's own end is never its own previous plan.
    ended = out[out["cppl_cp_plan_end_date"].notna()]
    previous_end = nearest_events(
        person, start, ended["cppl_person_id"], ended["cppl_cp_plan_end_date"],
        ended["cppl_cp_plan_id"], direction="before", inclusive=True,
        exclude_ids=out["cppl_cp_plan_id"],
    )
    out["previous_plan_ended_id"] = previous_end["event_id"]
    out["previous_plan_end_date"] = previous_end["event_date"]
    return out


def cp_plan_history(x: Extract) -> pd.DataFrame:
    """CP plans with the child's other plans that matter for CP04 and CP05.

    Columns: cppl_cp_plan_id, cppl_person_id, cppl_cp_plan_start_date, cppl_cp_plan_end_date,
    earlier_plan_id / earlier_plan_start_date (the latest plan of the child that started on a
    strictly earlier date), previous_plan_ended_id / previous_plan_end_date (the latest end date
    of another plan of the child on or before this plan's start).
    """
    return x.derived("cin.cp_plan_history", _cp_plan_history)


# -- initial conferences ----------------------------------------------------------------------

def _conference_timing(x: Extract) -> pd.DataFrame:
    c = x.tables["ssd_initial_cp_conference"]
    s47 = x.tables["ssd_s47_enquiry"]
    out = c[["icpc_icpc_id", "icpc_person_id", "icpc_icpc_date", "icpc_icpc_transfer_in",
             "icpc_s47_enquiry_id"]].reset_index(drop=True)
    # each conference's enquiry row (ids are unique after validation): a probe of the
    # enquiries for the ids the conferences name, not a join hashing both tables
    row = first_rows(out["icpc_s47_enquiry_id"], s47["s47e_s47_enquiry_id"])
    for column in ("s47e_s47_enquiry_id", "s47e_s47_start_date"):
        out[column] = take_rows(s47[column], row, out.index)
    out["working_days_from_s47_start"] = working_days(out["s47e_s47_start_date"],
                                                      out["icpc_icpc_date"])
    return out


def conference_timing(x: Extract) -> pd.DataFrame:
    """ICPCs joined to the S47 enquiry they name (icpc_s47_enquiry_id), with
    `working_days_from_s47_start` = wd(S47 start, ICPC date); the S47 columns are missing where
    the id is blank or names no enquiry in the extract (s47e_s47_enquiry_id tells which)."""
    return x.derived("cin.conference_timing", _conference_timing)
