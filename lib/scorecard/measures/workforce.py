"""Workforce (WF01-WF06): caseloads, agency staff, supervision and case audits.

A case-holding worker at a date has at least one involvement in the role (SW, IRO) open at that
date; their caseload is the number of distinct children in those involvements. The table of
case-holding workers is built once per (role, date) and shared by WF01-WF05.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard.extract.model import Extract
from scorecard.measures.audit_frame import numbers_only_wanted
from scorecard.measures.id_codes import child_numbers, encode, sort_order
from scorecard.measures.lookup import by_key, lookup
from scorecard.measures.registry import measure
from scorecard.params import Params
from scorecard.periods import Period

INVOLVEMENTS = "ssd_involvements"
PROFESSIONALS = "ssd_professionals"
SUPERVISIONS = "local_supervisions"
CASE_AUDITS = "local_case_audits"
GOOD_OR_BETTER = ("outstanding", "good")

_CASE_HOLDING = (
    "A case-holding {who} at the period's end has at least one involvement with role {role} open "
    "at the end (started on or before the end, not ended or ended after it); their caseload is "
    "the number of distinct children in those involvements."
)


def case_holding_workers(x: Extract, role: str, at: pd.Timestamp) -> pd.DataFrame:
    """One row per worker with an involvement in `role` open at `at`: open involvements, caseload.

    Sorted by worker id; built once per extract, role and date.
    """
    return x.derived(("workforce:case_holding", role, at),
                     lambda x: _build_case_holding(x, role, at))


def _case_involvements(x: Extract) -> dict:
    """Involvements that can hold a case (role SW or IRO, with a child), once per extract.

    Roles are normalised on their few distinct values, and worker and child ids become integer
    codes, so each (role, date) costs a mask and two bincounts, not string work on every row.
    """
    def build(x: Extract) -> dict:
        inv = x.table(INVOLVEMENTS)
        role_code, role_names = pd.factorize(inv["invo_professional_role_id"])
        names = pd.Series(role_names, dtype="string").str.strip().str.upper().to_numpy(object)
        (worker,), workers = encode([inv["invo_professional_id"]])
        (person,), people = encode([inv["invo_person_id"]])
        # An involvement with no child id holds no case; the validator lists such rows.
        keep = (role_code >= 0) & (worker >= 0) & (person >= 0)
        return {
            # a per-role-name table read at each row's code (-1, no role, reads the last slot)
            "role": {r: keep & np.append(names == r, False)[role_code] for r in ("SW", "IRO")},
            # 32-bit codes: millions of rows at national size, far fewer distinct ids
            "worker": worker, "person": person,
            "n_people": max(len(people), 1),
            "workers": np.asarray(workers, dtype=object),
            "start": inv["invo_involvement_start_date"].to_numpy(dtype="datetime64[ns]"),
            "end": inv["invo_involvement_end_date"].to_numpy(dtype="datetime64[ns]"),
        }
    return x.derived("workforce:case_involvements", build)


def _build_case_holding(x: Extract, role: str, at: pd.Timestamp) -> pd.DataFrame:
    inv = _case_involvements(x)
    at64 = np.datetime64(at, "ns")
    open_at = (inv["start"] <= at64) & (np.isnat(inv["end"]) | (inv["end"] > at64))
    mask = inv["role"][role] & open_at
    worker, person = inv["worker"][mask], inv["person"][mask]
    n_workers = len(inv["workers"])
    involvements = np.bincount(worker, minlength=n_workers)
    # distinct (worker, child) pairs, then how many per worker. Sorting and comparing
    # neighbours: numpy 2.4's np.unique is some 20 times slower on a million pairs.
    pairs = np.sort(worker.astype(np.int64) * inv["n_people"] + person)
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
    caseload = np.bincount(pairs // inv["n_people"], minlength=n_workers)
    holding = np.flatnonzero(involvements > 0)
    out = pd.DataFrame({
        "invo_professional_id": pd.array(inv["workers"][holding], dtype="string"),
        "invo_professional_role_id": role,
        "open_involvements": involvements[holding].astype("int64"),
        "caseload": caseload[holding].astype("int64"),
    })
    return out.sort_values("invo_professional_id", kind="mergesort").reset_index(drop=True)


def _flags(frame: pd.DataFrame, in_denominator, in_numerator, reason,
           numerator_value=np.nan) -> pd.DataFrame:
    """The audit: the frame's columns, then the flags (only the flags for numbers only)."""
    n = len(frame)
    flags = {"in_denominator": np.asarray(in_denominator, dtype=bool)}
    flags["in_numerator"] = np.asarray(in_numerator, dtype=bool) & flags["in_denominator"]
    flags["numerator_value"] = np.asarray(numerator_value, dtype="float64") * np.ones(n)
    if numbers_only_wanted():
        return pd.DataFrame(flags)
    reason = reason() if callable(reason) else reason
    return pd.DataFrame({
        **{c: frame[c] for c in frame.columns}, **flags,
        "reason": pd.Series(np.asarray(reason, dtype=object), index=frame.index, dtype="str"),
    }, index=frame.index)


def _caseload_audit(x: Extract, role: str, at: pd.Timestamp) -> pd.DataFrame:
    workers = case_holding_workers(x, role, at)
    n = len(workers)
    return _flags(workers, np.ones(n), np.ones(n), np.full(n, "", dtype=object),
                  workers["caseload"].to_numpy(dtype="float64"))


@measure(
    id="WF01", title="Average social worker caseload", area="workforce", polarity="lower",
    window="snapshot", unit="average", source="Local measure (DfE children's social work "
    "workforce census publishes a comparable average caseload)",
    definition=(
        "The mean caseload of case-holding social workers at the period's end: the sum of their "
        "caseloads divided by the number of such workers. "
        + _CASE_HOLDING.format(who="social worker", role="SW")
        + " A child held by two social workers counts in both caseloads."
    ),
    tables=(INVOLVEMENTS,),
    columns=((INVOLVEMENTS, "invo_professional_role_id"),),
)
def wf01(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    return _caseload_audit(x, "SW", period.end)


@measure(
    id="WF02", title="Social workers above the caseload threshold", area="workforce",
    polarity="lower", window="snapshot", unit="percent", source="Local measure",
    definition=(
        "Of case-holding social workers at the period's end, the percentage whose caseload is "
        "above the authority's threshold (param caseload_threshold, default 20; a caseload equal "
        "to the threshold is not above it). "
        + _CASE_HOLDING.format(who="social worker", role="SW")
    ),
    tables=(INVOLVEMENTS,),
    columns=((INVOLVEMENTS, "invo_professional_role_id"),),
)
def wf02(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    workers = case_holding_workers(x, "SW", period.end)
    threshold = params.caseload_threshold
    above = workers["caseload"].to_numpy() > threshold
    reason = np.where(
        above, "",
        "caseload " + workers["caseload"].astype(str).to_numpy(dtype=object)
        + f" is not above {threshold}",
    )
    audit = workers.assign(caseload_threshold=threshold)
    return _flags(audit, np.ones(len(audit)), above, reason)


@measure(
    id="WF03", title="Average IRO caseload", area="workforce", polarity="lower",
    window="snapshot", unit="average", source="Local measure",
    definition=(
        "The mean caseload of case-holding independent reviewing officers at the period's end: "
        "the sum of their caseloads divided by the number of such officers. "
        + _CASE_HOLDING.format(who="IRO", role="IRO")
    ),
    tables=(INVOLVEMENTS,),
    columns=((INVOLVEMENTS, "invo_professional_role_id"),),
)
def wf03(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    return _caseload_audit(x, "IRO", period.end)


@measure(
    id="WF04", title="Agency social workers", area="workforce", polarity="lower",
    window="snapshot", unit="percent",
    source="Local measure (DfE children's social work workforce census publishes agency rates)",
    definition=(
        "Of case-holding social workers at the period's end, the percentage flagged as agency "
        "workers (prof_agency_worker_flag = Y in ssd_professionals). A worker with no row in "
        "ssd_professionals has no known agency status and is left out of the denominator (listed "
        "in the audit). " + _CASE_HOLDING.format(who="social worker", role="SW")
    ),
    tables=(INVOLVEMENTS, PROFESSIONALS),
    columns=((INVOLVEMENTS, "invo_professional_role_id"),
             (PROFESSIONALS, "prof_agency_worker_flag")),
)
def wf04(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    workers = case_holding_workers(x, "SW", period.end)
    agency = by_key(x.table(PROFESSIONALS), "prof_professional_id", "prof_agency_worker_flag")
    agency_flag = lookup(workers["invo_professional_id"], agency)  # missing: no row
    known = agency_flag.notna().to_numpy()
    flag = agency_flag.fillna(False).astype(bool).to_numpy()
    audit = workers.assign(
        prof_agency_worker_flag=pd.array(np.where(known, flag, None), dtype="boolean"))
    reason = np.select(
        [~known, ~flag],
        ["no row in ssd_professionals: agency status unknown", "not an agency worker"],
        default="",
    )
    return _flags(audit, known, flag, reason)


@measure(
    id="WF05", title="Social workers supervised in the last 4 weeks", area="workforce",
    polarity="higher", window="snapshot", unit="percent", source="Local measure",
    definition=(
        "Of case-holding social workers at the period's end, the percentage with a supervision "
        "(local_supervisions) dated from N days before the end up to the end, both days "
        "included; N is the param supervision_days (default 28). A supervision after the "
        "period's end does not count. " + _CASE_HOLDING.format(who="social worker", role="SW")
    ),
    tables=(INVOLVEMENTS, SUPERVISIONS),
    columns=((INVOLVEMENTS, "invo_professional_role_id"),),
)
def wf05(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    workers = case_holding_workers(x, "SW", period.end)
    since = period.end - pd.Timedelta(days=params.supervision_days)
    last_date = lookup(workers["invo_professional_id"],
                       _last_supervision(x, period.end)).astype("datetime64[ns]")
    supervised = (last_date >= since).fillna(False).to_numpy(dtype=bool)
    days_since = (period.end - last_date).dt.days.astype("Int64")

    def reason() -> np.ndarray:  # worked out only for the full audit
        return np.where(
            supervised, "",
            np.where(
                last_date.isna(), "no supervision on or before the end",
                "last supervision " + days_since.astype("string").to_numpy(dtype=object)
                + f" days before the end (more than {params.supervision_days})",
            ),
        )
    audit = workers.assign(
        last_supervision_date=last_date.to_numpy(), days_since_supervision=days_since.array,
        supervision_window_start=pd.Series(since, index=workers.index, dtype="datetime64[ns]"),
    )
    return _flags(audit, np.ones(len(audit)), supervised, reason)


def _last_supervision(x: Extract, end: pd.Timestamp) -> pd.Series:
    """Each professional's latest supervision on or before `end` (indexed by professional id).

    Supervisions are sorted by professional and date once per extract; a date is then a mask:
    within a professional's run the dates on or before `end` come first, the last is latest."""
    def build(x: Extract) -> tuple[np.ndarray, np.ndarray, pd.Series]:
        sup = x.table(SUPERVISIONS)
        who, when = sup["professional_id"], sup["supervision_date"]
        order = sort_order((who, "ascending"), (when, "ascending"))
        return (child_numbers(who, order), when.to_numpy(dtype="datetime64[ns]")[order],
                who.iloc[order].reset_index(drop=True))
    group, dates, who = x.derived("workforce:supervisions", build)
    chosen = np.flatnonzero((dates <= np.datetime64(end, "ns")) & who.notna().to_numpy())
    last = chosen[np.r_[group[chosen][1:] != group[chosen][:-1], True]] if len(chosen) else chosen
    return pd.Series(dates[last], index=pd.Index(who.iloc[last].array), name="supervision_date")


@measure(
    id="WF06", title="Case audits graded good or better", area="workforce", polarity="higher",
    window="flow", unit="percent", source="Local measure",
    definition=(
        "Of case audits (local_case_audits) dated in the period, the percentage graded "
        "Outstanding or Good (any case). An audit with no grade recorded cannot be judged and is "
        "left out of the denominator (listed in the audit)."
    ),
    tables=(CASE_AUDITS,),
)
def wf06(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    audits = x.table(CASE_AUDITS)
    cols = [c for c in ("audit_id", "person_id", "audit_date", "audit_grade") if c in audits]
    rows = audits.loc[period.contains(audits["audit_date"]), cols]
    rows = rows.sort_values("audit_id", kind="mergesort").reset_index(drop=True)
    grade = rows["audit_grade"].astype("string").str.strip().str.casefold()
    graded = grade.notna().to_numpy()
    good = grade.isin(GOOD_OR_BETTER).fillna(False).to_numpy(dtype=bool)
    reason = np.select(
        [~graded, ~good],
        ["no grade recorded",
         "graded " + rows["audit_grade"].fillna("").to_numpy(dtype=object)],
        default="",
    )
    return _flags(rows, graded, good, reason)
