"""Looked-after work shared by the LA and AD measures, built once per extract.

- Periods of care (MEASURES.md): chains of episodes of the same child where each ends with
  reason X1 and the next starts that same day. Every episode carries its period of care's id (the
  first episode's id), start (the first episode's `clae_entered_care_date` where given, else its
  start), the first episode's start reason, and the end and reason of the chain's last episode.
- Legal status in force on a day, and the short-break rule (only V3/V4 in force), answered for
  millions of (child, date) pairs with sorted-array look-ups instead of a person-by-person merge.
- Who is looked after at a date (one row per child), and the placements open at a date, cached
  per date because eight snapshot measures ask about the same period end.

Everything is cached on the Extract through `Extract.derived`, so each period a measure is asked
for costs a mask over columns computed once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scorecard.extract.model import Extract

EPISODES = "ssd_cla_episodes"
LEGAL_STATUS = "ssd_legal_status"
PLACEMENTS = "ssd_cla_placement"
PERSON = "ssd_person"

SHORT_BREAK_CODES = ("V3", "V4")
CONTINUES = "X1"  # episode ends and a new one starts the same day: care continues
ADOPTED = ("E11", "E12")

SHORT_BREAK_REASON = "short break: only V3/V4 legal status in force"


def codes(s: pd.Series) -> pd.Series:
    """Codes compared as DfE writes them: trimmed and upper-cased (missing stays missing)."""
    return s.astype("string").str.strip().str.upper()


def is_code(s: pd.Series, allowed) -> np.ndarray:
    """True where the trimmed, upper-cased code is one of `allowed` (never for a missing code)."""
    return codes(s).isin(list(allowed)).to_numpy(dtype=bool)


def lookup(keys: pd.Series, values: pd.Series) -> pd.Series:
    """`values[key]` for each key, aligned with `keys`; missing where the key is absent.

    `values` has a unique index (a groupby result, a per-child table). Unlike Series.map this
    keeps the values' dtype when `values` is empty (pandas would try to cast dates to float).
    """
    found = values.reindex(pd.Index(keys.to_numpy(dtype=object)))
    return pd.Series(found.to_numpy(), index=keys.index, name=values.name)


# -- periods of care ---------------------------------------------------------------------------

def episodes(x: Extract) -> pd.DataFrame:
    """Every looked-after episode with its period of care (see the module docstring).

    Rows are sorted by child, start, end (open last) and episode id, with a fresh RangeIndex, so
    per-episode arrays built from this frame (e.g. `episode_short_breaks`) align by position.
    """
    return x.derived("cla:episodes", _build_episodes)


def _build_episodes(x: Extract) -> pd.DataFrame:
    src = x.tables[EPISODES]
    e = pd.DataFrame({
        "clae_cla_episode_id": src["clae_cla_episode_id"],
        "clae_person_id": src["clae_person_id"],
        "clae_cla_id": src["clae_cla_id"] if "clae_cla_id" in src else pd.NA,
        "clae_cla_episode_start_date": src["clae_cla_episode_start_date"],
        "clae_cla_episode_start_reason": (codes(src["clae_cla_episode_start_reason"])
                                          if "clae_cla_episode_start_reason" in src else pd.NA),
        "clae_cla_episode_ceased_date": src["clae_cla_episode_ceased_date"],
        "clae_cla_episode_ceased_reason": (codes(src["clae_cla_episode_ceased_reason"])
                                           if "clae_cla_episode_ceased_reason" in src else pd.NA),
        "clae_entered_care_date": (src["clae_entered_care_date"]
                                   if "clae_entered_care_date" in src
                                   else pd.Series(pd.NaT, index=src.index, dtype="datetime64[ns]")),
    })
    # An episode with no start cannot be placed in time; the validator lists such records, and
    # no measure can use them.
    e = e[e["clae_cla_episode_start_date"].notna()]
    e = e.sort_values(
        ["clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date",
         "clae_cla_episode_id"], na_position="last", kind="stable",
    ).reset_index(drop=True)
    n = len(e)
    person = e["clae_person_id"].to_numpy(dtype=object)
    start = e["clae_cla_episode_start_date"].to_numpy()
    end = e["clae_cla_episode_ceased_date"].to_numpy()
    reason = e["clae_cla_episode_ceased_reason"]
    ended_x1 = reason.isin([CONTINUES]).to_numpy(dtype=bool)

    # An episode continues the chain when the child's previous episode ended X1 on its start day.
    continues = np.zeros(n, dtype=bool)
    if n > 1:
        continues[1:] = (person[1:] == person[:-1]) & ended_x1[:-1] & (end[:-1] == start[1:])
    first_pos = np.maximum.accumulate(np.where(~continues, np.arange(n), 0)) if n else np.arange(0)
    # The chain's last episode is the one the next row does not continue.
    is_last = np.ones(n, dtype=bool)
    if n > 1:
        is_last[:-1] = ~continues[1:]
    last_pos = (np.minimum.accumulate(np.where(is_last, np.arange(n), n)[::-1])[::-1]
                if n else np.arange(0))

    entered = e["clae_entered_care_date"].fillna(e["clae_cla_episode_start_date"]).to_numpy()
    e["period_of_care_id"] = e["clae_cla_episode_id"].to_numpy(dtype=object)[first_pos]
    e["period_of_care_id"] = e["period_of_care_id"].astype("string")
    e["period_of_care_start"] = entered[first_pos]
    e["period_of_care_start_reason"] = (
        e["clae_cla_episode_start_reason"].to_numpy(dtype=object)[first_pos])
    e["period_of_care_start_reason"] = e["period_of_care_start_reason"].astype("string")
    e["period_of_care_end"] = end[last_pos]
    e["period_of_care_end_reason"] = reason.to_numpy(dtype=object)[last_pos]
    e["period_of_care_end_reason"] = e["period_of_care_end_reason"].astype("string")
    e["first_of_period_of_care"] = ~continues
    return e


def periods_of_care(x: Extract) -> pd.DataFrame:
    """One row per period of care: id, child, start, first start reason, end, end reason, the
    number of its episodes, and whether the child was on a short break on its first day."""
    return x.derived("cla:periods_of_care", _build_periods_of_care)


def _build_periods_of_care(x: Extract) -> pd.DataFrame:
    e = episodes(x)
    counts = e.groupby("period_of_care_id", sort=False).size()
    p = e.loc[e["first_of_period_of_care"], [
        "period_of_care_id", "clae_person_id", "period_of_care_start",
        "period_of_care_start_reason", "period_of_care_end", "period_of_care_end_reason",
    ]].reset_index(drop=True)
    p["episodes"] = lookup(p["period_of_care_id"], counts).to_numpy()
    return p


def cla_id_links(x: Extract) -> pd.DataFrame:
    """Each `clae_cla_id` with the child and the period(s) of care whose episodes carry it.

    Reviews (`clar_cla_id`) reach their child only through this link. An id carried by
    episodes of two different children is a data error; the lowest person id is kept so the
    link stays one-to-one and the audit shows which child was used.
    """
    return x.derived("cla:cla_id_links", _build_cla_id_links)


def _build_cla_id_links(x: Extract) -> pd.DataFrame:
    e = episodes(x)
    links = e.loc[e["clae_cla_id"].notna(), ["clae_cla_id", "clae_person_id", "period_of_care_id"]]
    return links.drop_duplicates().sort_values(
        ["clae_cla_id", "clae_person_id", "period_of_care_id"], kind="stable"
    ).reset_index(drop=True)


def person_for_cla_id(x: Extract) -> pd.Series:
    """clae_cla_id -> the child (one per id; see `cla_id_links`)."""
    def build(x: Extract) -> pd.Series:
        links = cla_id_links(x).drop_duplicates("clae_cla_id")
        return pd.Series(links["clae_person_id"].to_numpy(),
                         index=pd.Index(links["clae_cla_id"].to_numpy(dtype=object)))
    return x.derived("cla:person_for_cla_id", build)


# -- legal status and short breaks -------------------------------------------------------------

_DAY_OFFSET = 110_000  # datetime64[ns] days run from about -106,000 to +106,000 around 1970
_DAY_SPAN = 250_000


def _days(values) -> np.ndarray:
    return np.asarray(values, dtype="datetime64[D]").astype("int64") + _DAY_OFFSET


@dataclass(frozen=True)
class _StatusIndex:
    """Legal statuses as sorted (child, day) keys, one set for short-break codes, one for others.

    With end >= start on every record (the validator's rule of time), the statuses of a child
    in force on day d number #(start <= d) - #(end <= d), and those it ended under at e number
    #(start < e) - #(end < e): two binary searches per query, whatever the table's size.
    """

    persons: pd.Index
    short_starts: np.ndarray
    short_ends: np.ndarray
    other_starts: np.ndarray
    other_ends: np.ndarray


def _status_index(x: Extract) -> _StatusIndex:
    def build(x: Extract) -> _StatusIndex:
        ls = x.tables[LEGAL_STATUS]
        ls = ls[ls["lega_legal_status_start_date"].notna() & ls["lega_person_id"].notna()]
        persons = pd.Index(pd.unique(ls["lega_person_id"].to_numpy(dtype=object)))
        code = persons.get_indexer(ls["lega_person_id"].to_numpy(dtype=object)).astype("int64")
        base = code * _DAY_SPAN
        starts = base + _days(ls["lega_legal_status_start_date"])
        ended = ls["lega_legal_status_end_date"].notna().to_numpy()
        ends = base + _days(ls["lega_legal_status_end_date"].fillna(pd.Timestamp(0)))
        short = is_code(ls["lega_legal_status"], SHORT_BREAK_CODES)
        return _StatusIndex(
            persons,
            np.sort(starts[short]), np.sort(ends[short & ended]),
            np.sort(starts[~short]), np.sort(ends[~short & ended]),
        )
    return x.derived("cla:legal_status_index", build)


def _in_force(starts: np.ndarray, ends: np.ndarray, code: np.ndarray, day: np.ndarray,
              ended_under: bool) -> np.ndarray:
    """How many statuses of each queried child are in force (see _StatusIndex)."""
    key = code * _DAY_SPAN + day
    side = "left" if ended_under else "right"  # strictly before e, or on or before d
    floor = code * _DAY_SPAN  # the child's first possible key
    n_started = np.searchsorted(starts, key, side) - np.searchsorted(starts, floor, "left")
    n_ended = np.searchsorted(ends, key, side) - np.searchsorted(ends, floor, "left")
    return n_started - n_ended


def short_break_on(x: Extract, persons: pd.Series, dates: pd.Series,
                   ended_under: bool = False) -> np.ndarray:
    """True where the child's legal statuses in force on the date are V3/V4 and none other.

    `ended_under=False`: in force on d (start <= d and (end empty or end > d)).
    `ended_under=True`: the statuses an episode ending on e ended under (start < e <= end).
    A missing date, or a child with no status in force, is not a short break.
    """
    idx = _status_index(x)
    code = idx.persons.get_indexer(persons.to_numpy(dtype=object)).astype("int64")
    known = (code >= 0) & dates.notna().to_numpy()
    out = np.zeros(len(code), dtype=bool)
    if not known.any():
        return out
    c = code[known]
    day = _days(dates.to_numpy()[known])
    short = _in_force(idx.short_starts, idx.short_ends, c, day, ended_under)
    other = _in_force(idx.other_starts, idx.other_ends, c, day, ended_under)
    out[known] = (short > 0) & (other == 0)
    return out


def episode_short_breaks(x: Extract) -> pd.DataFrame:
    """Per episode (aligned with `episodes(x)`): short break at its start, and under the status
    it ended under (False while it is open)."""
    def build(x: Extract) -> pd.DataFrame:
        e = episodes(x)
        return pd.DataFrame({
            "short_break_at_start": short_break_on(
                x, e["clae_person_id"], e["clae_cla_episode_start_date"]),
            "short_break_at_end": short_break_on(
                x, e["clae_person_id"], e["clae_cla_episode_ceased_date"], ended_under=True),
        }, index=e.index)
    return x.derived("cla:episode_short_breaks", build)


def legal_status_text_on(x: Extract, persons: pd.Series, d: pd.Timestamp) -> pd.Series:
    """The legal status codes in force on d for each child, "/"-joined (for the audit)."""
    ls = x.tables[LEGAL_STATUS]
    in_force = (ls["lega_legal_status_start_date"] <= d) & (
        ls["lega_legal_status_end_date"].isna() | (ls["lega_legal_status_end_date"] > d))
    wanted = in_force & ls["lega_person_id"].isin(persons)
    rows = pd.DataFrame({"person": ls.loc[wanted, "lega_person_id"],
                         "code": codes(ls.loc[wanted, "lega_legal_status"]).fillna("?")})
    joined = (rows.drop_duplicates().sort_values(["person", "code"], kind="stable")
              .groupby("person", sort=False)["code"].agg("/".join))
    return lookup(persons, joined).astype("string").fillna("")


# -- who is looked after at a date -------------------------------------------------------------

def looked_after_at(x: Extract, d: pd.Timestamp) -> pd.DataFrame:
    """One row per child with an episode open on d (start <= d, ceased empty or after d).

    Columns: the child, the open episode (where several are open, a data error, the one whose
    period of care started first: the child has been looked after since then), its period of
    care, the legal status codes in force on d and `short_break` (only V3/V4 in force on d).
    Sorted by child.
    """
    d = pd.Timestamp(d)
    return x.derived(f"cla:looked_after_at:{d:%Y-%m-%d}", lambda x: _build_looked_after(x, d))


def _build_looked_after(x: Extract, d: pd.Timestamp) -> pd.DataFrame:
    e = episodes(x)
    ceased = e["clae_cla_episode_ceased_date"]
    open_ = e[(e["clae_cla_episode_start_date"] <= d) & (ceased.isna() | (ceased > d))]
    open_ = open_.sort_values(
        ["clae_person_id", "period_of_care_start", "clae_cla_episode_start_date",
         "clae_cla_episode_id"], kind="stable",
    ).drop_duplicates("clae_person_id")
    out = open_[["clae_person_id", "clae_cla_episode_id", "clae_cla_episode_start_date",
                 "period_of_care_id", "period_of_care_start"]].reset_index(drop=True)
    at = pd.Series(d, index=out.index)
    out["legal_status_at_end"] = legal_status_text_on(x, out["clae_person_id"], d)
    out["short_break"] = short_break_on(x, out["clae_person_id"], at)
    return out


def placements_open_at(x: Extract, d: pd.Timestamp) -> pd.DataFrame:
    """Placements open on d (start <= d, end empty or after d), with codes trimmed/upper-cased."""
    d = pd.Timestamp(d)

    def build(x: Extract) -> pd.DataFrame:
        p = x.tables[PLACEMENTS]
        end = p["clap_cla_placement_end_date"]
        p = p[(p["clap_cla_placement_start_date"] <= d) & (end.isna() | (end > d))].copy()
        for c in ("clap_cla_placement_type", "clap_cla_placement_provider"):
            if c in p:
                p[c] = codes(p[c])
        return p.sort_values(["clap_person_id", "clap_cla_placement_start_date",
                              "clap_cla_placement_id"], kind="stable").reset_index(drop=True)
    return x.derived(f"cla:placements_open_at:{d:%Y-%m-%d}", build)


FOSTER_TYPES = ("U1", "U2", "U3", "U4", "U5", "U6")


def open_placement_summary(x: Extract, d: pd.Timestamp) -> pd.DataFrame:
    """Per child with a placement open on d: the types open ("/"-joined), whether one is P1
    (placed with parents), one is U1-U6 (foster), and one is U1-U6 with provider PR1."""
    d = pd.Timestamp(d)

    def build(x: Extract) -> pd.DataFrame:
        p = placements_open_at(x, d)
        kind = p["clap_cla_placement_type"]
        foster = kind.isin(list(FOSTER_TYPES)).to_numpy(dtype=bool)
        own = (foster & p["clap_cla_placement_provider"].isin(["PR1"]).to_numpy(dtype=bool)
               if "clap_cla_placement_provider" in p else np.zeros(len(p), dtype=bool))
        flags = pd.DataFrame({
            "person": p["clap_person_id"].to_numpy(dtype=object),
            "type": kind.fillna("blank").to_numpy(dtype=object),
            "placed_with_parents": kind.isin(["P1"]).to_numpy(dtype=bool),
            "in_foster_placement": foster,
            "in_own_foster_care": own,
        })
        by_child = flags.groupby("person", sort=True)
        summary = by_child[["placed_with_parents", "in_foster_placement",
                            "in_own_foster_care"]].any()
        summary.insert(0, "placement_types_at_end", by_child["type"].agg("/".join))
        summary.index.name = "clae_person_id"
        return summary
    return x.derived(f"cla:open_placement_summary:{d:%Y-%m-%d}", build)


# -- ages --------------------------------------------------------------------------------------

def date_of_birth(x: Extract) -> pd.Series:
    """pers_person_id -> month-degraded date of birth (first row per person)."""
    def build(x: Extract) -> pd.Series:
        p = x.tables[PERSON].drop_duplicates("pers_person_id")
        return pd.Series(p["pers_dob"].to_numpy(),
                         index=pd.Index(p["pers_person_id"].to_numpy(dtype=object)))
    return x.derived("cla:date_of_birth", build)


def age_at(dob: pd.Series, d: pd.Timestamp) -> pd.Series:
    """Whole years from dob to d (missing where the dob is); a birthday on d counts."""
    d = pd.Timestamp(d)
    dob = pd.to_datetime(dob)
    before_birthday = (dob.dt.month > d.month) | ((dob.dt.month == d.month) & (dob.dt.day > d.day))
    years = d.year - dob.dt.year - before_birthday.astype("int64")
    return years.astype("Int64")
