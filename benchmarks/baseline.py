"""The straightforward way, kept as the engine's yardstick (issue 6).

This is how a working-day measure is usually written in pandas: for each period, filter the rows,
then step each row's date forward with pandas' `CustomBusinessDay` offset (one Python-level date
calculation per row: pandas has no vectorised path for an offset with holidays), join with merges,
and start again from the validated tables for the next period. Nothing is shared between periods
or measures. The engine instead looks working days up in one cumulative calendar array and builds
shared columns once per extract (`scorecard.calendar`, `Extract.derived`).

Working-day limits are written as such code writes them, as deadlines: `a + CustomBusinessDay(n)`
is the n-th working day after `a` (also when `a` is a weekend or a bank holiday;
tests/benchmarks/test_baseline.py checks this against `calendar.add_working_days`). With
MEASURES.md's `wd(a, b)` (working days d with a < d <= b) that gives
    wd(a, b) >= n  exactly when  b >= a + n working days
    wd(a, b) <= n  exactly when  b <  a + (n + 1) working days
(not `b <= a + n working days`: a Saturday after the n-th working day is still within n).

The measures are those that need working days (AS01, AS04, CP02, CP08, CN02, LA08) and two flow
counts (FD01, FD02), over the periods the engine computes them for: the 8 quarters ending with the
one asked for and the year to date for flows, the quarter ends up to the extract date for
snapshots. The numbers must equal the engine's, so that timing one against the other compares
equal work (tests/benchmarks/test_baseline.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import pandas as pd

from scorecard.calendar import bank_holidays
from scorecard.params import Params
from scorecard.periods import Period, trailing_quarters, year_to_date

Tables = dict[str, pd.DataFrame]
Numbers = tuple[int, int | None]  # numerator, denominator (None for a count)

TREND_QUARTERS = 8


@lru_cache(maxsize=1)
def _holidays() -> list[pd.Timestamp]:
    return sorted(pd.Timestamp(d) for d in bank_holidays())


def deadline(dates: pd.Series, n: int) -> pd.Series:
    """The n-th working day after each date: one CustomBusinessDay step per row."""
    step = pd.offsets.CustomBusinessDay(n=n, holidays=_holidays())
    return dates.apply(lambda d: pd.NaT if pd.isna(d) else d + step).astype("datetime64[ns]")


def within(a: pd.Series, b: pd.Series | pd.Timestamp, n: int) -> pd.Series:
    """wd(a, b) <= n, row by row (False where a date is missing)."""
    return b < deadline(a, n + 1)


def at_least(a: pd.Series, b: pd.Series | pd.Timestamp, n: int) -> pd.Series:
    """wd(a, b) >= n, row by row (False where a date is missing)."""
    return b >= deadline(a, n)


def _in(dates: pd.Series, p: Period) -> pd.Series:
    return (dates >= p.start) & (dates <= p.end)


def _open_at(start: pd.Series, end: pd.Series, d: pd.Timestamp) -> pd.Series:
    return (start <= d) & (end.isna() | (end > d))


def _code(s: pd.Series) -> pd.Series:
    return s.astype("string").str.strip().str.upper()


# -- the measures ------------------------------------------------------------------------------

def fd01(t: Tables, p: Period, extract_date: pd.Timestamp, params: Params) -> Numbers:
    return int(_in(t["ssd_contacts"]["cont_contact_date"], p).sum()), None


def fd02(t: Tables, p: Period, extract_date: pd.Timestamp, params: Params) -> Numbers:
    return int(_in(t["ssd_cin_episodes"]["cine_referral_date"], p).sum()), None


def as01(t: Tables, p: Period, extract_date: pd.Timestamp, params: Params) -> Numbers:
    a = t["ssd_cin_assessments"]
    a = a[_in(a["cina_assessment_auth_date"], p)]
    in_time = within(a["cina_assessment_start_date"], a["cina_assessment_auth_date"], 45)
    return int(in_time.sum()), len(a)


def as04(t: Tables, p: Period, extract_date: pd.Timestamp, params: Params) -> Numbers:
    a = t["ssd_cin_assessments"]
    a = a[_open_at(a["cina_assessment_start_date"], a["cina_assessment_auth_date"], p.end)]
    # open more than 45 working days: wd(start, end) >= 46
    return int(at_least(a["cina_assessment_start_date"], p.end, 46).sum()), None


def cp02(t: Tables, p: Period, extract_date: pd.Timestamp, params: Params) -> Numbers:
    c = t["ssd_initial_cp_conference"]
    c = c[_in(c["icpc_icpc_date"], p)]
    c = c[~c["icpc_icpc_transfer_in"].fillna(False).astype(bool)]
    s47 = t["ssd_s47_enquiry"][["s47e_s47_enquiry_id", "s47e_s47_start_date"]]
    c = c.merge(s47, left_on="icpc_s47_enquiry_id", right_on="s47e_s47_enquiry_id")
    c = c[~(c["s47e_s47_start_date"] > c["icpc_icpc_date"])]
    in_time = within(c["s47e_s47_start_date"], c["icpc_icpc_date"], 15)
    return int(in_time.sum()), len(c)


def _seen_recently(plans: pd.DataFrame, visits: pd.DataFrame, end: pd.Timestamp, n: int,
                   person: str, start: str, stop: str, v_person: str, v_date: str,
                   v_seen: str) -> Numbers:
    """CP08/CN02: plans open at the end for n+ working days, child seen in the last n."""
    open_ = plans[_open_at(plans[start], plans[stop], end)].reset_index(drop=True)
    long_enough = at_least(open_[start], end, n)
    seen = visits[visits[v_seen].fillna(False).astype(bool)]
    pairs = open_.reset_index().merge(seen[[v_person, v_date]], left_on=person,
                                      right_on=v_person)
    pairs = pairs[(pairs[v_date] >= pairs[start]) & (pairs[v_date] <= end)]
    latest = pairs.groupby("index")[v_date].max().reindex(open_.index)
    recent = within(latest, end, n)
    return int((long_enough & recent).sum()), int(long_enough.sum())


def cp08(t: Tables, p: Period, extract_date: pd.Timestamp, params: Params) -> Numbers:
    return _seen_recently(
        t["ssd_cp_plans"], t["ssd_cp_visits"], p.end, 10, "cppl_person_id",
        "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", "cppv_person_id",
        "cppv_cp_visit_date", "cppv_cp_visit_seen")


def cn02(t: Tables, p: Period, extract_date: pd.Timestamp, params: Params) -> Numbers:
    return _seen_recently(
        t["ssd_cin_plans"], t["ssd_cin_visits"], p.end, params.cin_visit_wd, "cinp_person_id",
        "cinp_cin_plan_start_date", "cinp_cin_plan_end_date", "cinv_person_id",
        "cinv_cin_visit_date", "cinv_cin_visit_seen")


def _periods_of_care(episodes: pd.DataFrame) -> pd.DataFrame:
    """First episodes of each chain (an episode ending X1 continued by the child's next one
    starting that day), with the start, start reason and child of the period of care."""
    e = episodes[episodes["clae_cla_episode_start_date"].notna()]
    e = e.sort_values(["clae_person_id", "clae_cla_episode_start_date",
                       "clae_cla_episode_ceased_date"], na_position="last", kind="stable")
    previous = e.shift()
    continues = ((e["clae_person_id"] == previous["clae_person_id"])
                 & (_code(previous["clae_cla_episode_ceased_reason"]) == "X1")
                 & (previous["clae_cla_episode_ceased_date"] == e["clae_cla_episode_start_date"]))
    first = e[~continues.fillna(False).astype(bool)]
    entered = first["clae_entered_care_date"] if "clae_entered_care_date" in first else None
    start = first["clae_cla_episode_start_date"] if entered is None else entered.fillna(
        first["clae_cla_episode_start_date"])
    return pd.DataFrame({
        "person": first["clae_person_id"].to_numpy(),
        "start": start.to_numpy(),
        "reason": _code(first["clae_cla_episode_start_reason"]).to_numpy(),
    })


def la08(t: Tables, p: Period, extract_date: pd.Timestamp, params: Params) -> Numbers:
    care = _periods_of_care(t["ssd_cla_episodes"])
    care = care[_in(care["start"], p)].reset_index(drop=True)
    # the short-break rule: only V3/V4 legal statuses in force on the start
    ls = t["ssd_legal_status"]
    ls = ls[ls["lega_legal_status_start_date"].notna()]
    status = care.reset_index().merge(ls, left_on="person", right_on="lega_person_id")
    end = status["lega_legal_status_end_date"]
    status = status[(status["lega_legal_status_start_date"] <= status["start"])
                    & (end.isna() | (end > status["start"]))]
    short = _code(status["lega_legal_status"]).isin(["V3", "V4"])
    n_short = short.groupby(status["index"]).sum().reindex(care.index, fill_value=0)
    n_other = (~short).groupby(status["index"]).sum().reindex(care.index, fill_value=0)
    short_break = (n_short > 0) & (n_other == 0)
    # the first IHA on or after the start
    h = t["ssd_cla_health"]
    h = h[_code(h["clah_health_check_type"]).isin(["IHA"]) & h["clah_health_check_date"].notna()]
    checks = care.reset_index().merge(h, left_on="person", right_on="clah_person_id")
    checks = checks[checks["clah_health_check_date"] >= checks["start"]]
    first_iha = checks.groupby("index")["clah_health_check_date"].min().reindex(care.index)

    counted = (care["reason"].isin(["S"]) & ~short_break
               & (deadline(care["start"], 20) <= extract_date))
    in_time = within(care["start"], first_iha, 20)
    return int((counted & in_time).sum()), int(counted.sum())


MEASURES: dict[str, tuple[str, Callable[..., Numbers]]] = {
    "FD01": ("flow", fd01),
    "FD02": ("flow", fd02),
    "AS01": ("flow", as01),
    "AS04": ("snapshot", as04),
    "CP02": ("flow", cp02),
    "CP08": ("snapshot", cp08),
    "CN02": ("snapshot", cn02),
    "LA08": ("flow", la08),
}


def windows(kind: str, period: Period, extract_date: pd.Timestamp) -> list[tuple[str, Period]]:
    """(window, period) pairs: the trend quarters (and YTD for flows), as the engine does."""
    quarters = trailing_quarters(period, TREND_QUARTERS)
    if kind == "flow":
        return [("quarter", q) for q in quarters] + [("ytd", year_to_date(period))]
    return [("snapshot", q) for q in quarters if q.end <= extract_date]


def compute_baseline(tables: Tables, extract_date: pd.Timestamp, params: Params,
                     period: Period) -> pd.DataFrame:
    """measure_id, window, period_end, numerator, denominator for every compared measure."""
    rows = []
    for mid, (kind, func) in MEASURES.items():
        for window, p in windows(kind, period, extract_date):
            num, den = func(tables, p, extract_date, params)
            rows.append({"measure_id": mid, "window": window, "period_end": p.end,
                         "numerator": num, "denominator": den})
    return pd.DataFrame(rows)
