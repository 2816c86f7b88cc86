"""Looked-after work shared by the LA and AD measures, built once per extract.

- Person codes: every child id in the looked-after tables is turned into one integer code, once,
  so that "is this child looked after", "this child's latest visit" and "this child's date of
  birth" are array look-ups rather than string joins (an England-sized extract holds millions of
  rows in each table, and eight snapshot measures ask the same questions for eight quarters).
- Periods of care (MEASURES.md): chains of episodes of the same child where each ends with
  reason X1 and the next starts that same day. Every episode carries its period of care's id (the
  first episode's id), start (the first episode's `clae_entered_care_date` where given, else its
  start), the first episode's start reason, and the end and reason of the chain's last episode.
  An episode ending X1 with no episode of the child starting that day ends its chain there
  (with X1 as the end reason), rather than being joined to a later episode across the gap.
- Legal status in force on a day, and the short-break rule (only V3/V4 in force), answered for
  millions of (child, date) pairs by binary search over sorted (child, day) keys instead of
  joining every episode to every status of its child.
- Who is looked after at a date (one row per child) and the placements open at a date, cached
  per date.

Everything is cached on the Extract through `Extract.derived`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scorecard.extract.model import Extract
from scorecard.measures.id_codes import encode, sort_order
from scorecard.measures.lookup import first_rows, take_rows

EPISODES = "ssd_cla_episodes"
LEGAL_STATUS = "ssd_legal_status"
PLACEMENTS = "ssd_cla_placement"
PERSON = "ssd_person"

SHORT_BREAK_CODES = ("V3", "V4")
CONTINUES = "X1"  # episode ends and a new one starts the same day: care continues
ADOPTED = ("E11", "E12")
FOSTER_TYPES = ("U1", "U2", "U3", "U4", "U5", "U6")

SHORT_BREAK_REASON = "short break: only V3/V4 legal status in force"

# The tables whose child ids share one coding (those the looked-after measures join on).
PERSON_COLUMNS = {
    EPISODES: "clae_person_id",
    LEGAL_STATUS: "lega_person_id",
    PLACEMENTS: "clap_person_id",
    "ssd_cla_visits": "clav_person_id",
    "ssd_cla_health": "clah_person_id",
    "ssd_permanence": "perm_person_id",
}
# ssd_person is not coded with them: it lists every child the authority knows (millions at
# national size), and only the looked-after children's dates of birth are read from it.


def codes(s: pd.Series) -> pd.Series:
    """Codes compared as DfE writes them: trimmed and upper-cased (missing stays missing)."""
    return s.astype("string").str.strip().str.upper()


def code_column(x: Extract, table: str, column: str) -> pd.Series:
    """A whole code column trimmed and upper-cased once per extract (aligned with the table)."""
    return x.derived(f"cla:codes:{table}.{column}", lambda x: codes(x.tables[table][column]))


# -- person codes ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _PersonCoding:
    ids: pd.Index  # code -> child id
    rows: dict[str, np.ndarray]  # table -> the code of each row (by position), -1 if blank


def _coding(x: Extract) -> _PersonCoding:
    def build(x: Extract) -> _PersonCoding:
        present = [(t, c) for t, c in PERSON_COLUMNS.items()
                   if t in x.tables and c in x.tables[t]]
        if not present:
            return _PersonCoding(pd.Index([], dtype=object), {})
        coded, ids = encode([x.tables[t][c] for t, c in present])
        # int64: codes are multiplied into (child, day) keys
        return _PersonCoding(ids, {t: code.astype(np.int64)
                                   for (t, _), code in zip(present, coded)})
    return x.derived("cla:person_coding", build)


def person_code(x: Extract, table: str) -> np.ndarray:
    """The child code of each row of `table` (positional; -1 where the id is blank)."""
    return _coding(x).rows[table]


def code_of(x: Extract, ids) -> np.ndarray:
    """The codes of the given child ids (-1 for a child no looked-after table mentions)."""
    return _coding(x).ids.get_indexer(np.asarray(ids, dtype=object)).astype(np.int64)


def person_rank(x: Extract) -> np.ndarray:
    """Per child code, the rank of the child's id in sorted order (sorting by rank sorts by
    id, with integers)."""
    def build(x: Extract) -> np.ndarray:
        order = sort_order((pd.Series(_coding(x).ids), "ascending"))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        return rank
    return x.derived("cla:person_rank", build)


def children(x: Extract) -> int:
    """How many distinct children the coding knows: the length of per-child arrays."""
    return len(_coding(x).ids)


def flags_for(x: Extract, child_codes: np.ndarray) -> np.ndarray:
    """A per-child boolean array, True for the given children."""
    out = np.zeros(children(x), dtype=bool)
    out[child_codes[child_codes >= 0]] = True
    return out


def per_child(x: Extract, child_codes: np.ndarray, values: np.ndarray, how: str) -> np.ndarray:
    """A per-child array of the latest ("max") or earliest ("min") date among the rows given
    (NaT where a child has none); rows with no child or no date are ignored."""
    values = np.asarray(values)
    out = np.full(children(x), np.datetime64("NaT"), dtype=values.dtype)
    ok = (child_codes >= 0) & ~np.isnat(values)
    if not ok.any():
        return out
    frame = pd.DataFrame({"child": child_codes[ok], "value": values[ok]})
    best = getattr(frame.groupby("child")["value"], how)()
    out[best.index.to_numpy()] = best.to_numpy()
    return out


def at_children(per_child_values: np.ndarray, child_codes: np.ndarray) -> np.ndarray:
    """Read a per-child array for the given children (-1, an unknown child, gives the fill)."""
    values = np.asarray(per_child_values)
    if values.dtype.kind == "M":
        fill = np.datetime64("NaT")
    elif values.dtype.kind == "b":
        fill = False
    else:
        fill = np.nan
    out = np.full(len(child_codes), fill, dtype=values.dtype)
    known = child_codes >= 0
    out[known] = values[child_codes[known]]
    return out


def joined_codes(keys: np.ndarray, values: pd.Series) -> pd.Series:
    """For each distinct key, its distinct codes in alphabetical order joined by "/".

    Codes come from a short list (legal statuses, placement types), so each key's set is a
    bitmask summed in one groupby and only the few distinct masks are turned into text: no
    Python call per child at national size.
    """
    frame = pd.DataFrame({"key": keys, "code": values.fillna("blank").to_numpy(dtype=object)})
    frame = frame.drop_duplicates()
    position, names = pd.factorize(frame["code"], sort=True)
    if len(names) > 62:  # more distinct codes than bits: join the slow way
        return frame.sort_values(["key", "code"]).groupby("key")["code"].agg("/".join)
    frame["bit"] = np.left_shift(np.int64(1), position.astype("int64"))
    masks = frame.groupby("key", sort=True)["bit"].sum()
    text = {m: "/".join(n for i, n in enumerate(names) if (m >> i) & 1)
            for m in pd.unique(masks.to_numpy())}
    return masks.map(text).astype("string")


def _as_int(dates: np.ndarray, missing: int) -> np.ndarray:
    """Dates as int64 nanoseconds, missing ones replaced (for sorting)."""
    values = np.asarray(dates).astype("datetime64[ns]")
    out = values.view("int64").copy()
    out[np.isnat(values)] = missing
    return out


# -- periods of care ---------------------------------------------------------------------------

def episodes(x: Extract) -> pd.DataFrame:
    """Every looked-after episode with its child's code and its period of care.

    Rows are sorted by child, start, end (open last) and position in the file, with a fresh
    RangeIndex, so per-episode arrays built from this frame align by position.
    """
    return x.derived("cla:episodes", _build_episodes)


def _optional(src: pd.DataFrame, column: str, dtype: str) -> pd.Series:
    if column in src:
        return src[column]
    return pd.Series(pd.NA if dtype == "string" else pd.NaT, index=src.index, dtype=dtype)


def _build_episodes(x: Extract) -> pd.DataFrame:
    src = x.tables[EPISODES]
    child = person_code(x, EPISODES)
    start = src["clae_cla_episode_start_date"].to_numpy()
    end = src["clae_cla_episode_ceased_date"].to_numpy()
    # An episode with no start (or no child) cannot be placed in time; the validator lists
    # such records, and no measure can use them.
    usable = np.flatnonzero(~np.isnat(start) & (child >= 0))
    order = usable[np.lexsort((
        usable,
        _as_int(end[usable], np.iinfo(np.int64).max),
        _as_int(start[usable], 0),
        child[usable],
    ))]
    e = pd.DataFrame({
        "clae_cla_episode_id": src["clae_cla_episode_id"],
        "clae_person_id": src["clae_person_id"],
        "clae_cla_id": _optional(src, "clae_cla_id", "string"),
        "clae_cla_episode_start_date": src["clae_cla_episode_start_date"],
        "clae_cla_episode_start_reason": codes(
            _optional(src, "clae_cla_episode_start_reason", "string")),
        "clae_cla_episode_ceased_date": src["clae_cla_episode_ceased_date"],
        "clae_cla_episode_ceased_reason": codes(
            _optional(src, "clae_cla_episode_ceased_reason", "string")),
        "clae_entered_care_date": _optional(src, "clae_entered_care_date", "datetime64[ns]"),
    }).iloc[order].reset_index(drop=True)
    e["person_code"] = child[order]

    n = len(e)
    child = e["person_code"].to_numpy()
    start, end = e["clae_cla_episode_start_date"].to_numpy(), e["clae_cla_episode_ceased_date"]
    ended_x1 = e["clae_cla_episode_ceased_reason"].isin([CONTINUES]).to_numpy(dtype=bool)
    # An episode continues the chain when the child's previous episode ended X1 on its start day.
    continues = np.zeros(n, dtype=bool)
    if n > 1:
        continues[1:] = ((child[1:] == child[:-1]) & ended_x1[:-1]
                         & (end.to_numpy()[:-1] == start[1:]))
    positions = np.arange(n)
    first = np.maximum.accumulate(np.where(~continues, positions, 0)) if n else positions
    # The chain's last episode is the one the next row does not continue.
    is_last = np.ones(n, dtype=bool)
    if n > 1:
        is_last[:-1] = ~continues[1:]
    last = np.minimum.accumulate(np.where(is_last, positions, n)[::-1])[::-1] if n else positions

    def take(column: str, rows: np.ndarray) -> pd.Series:
        return e[column].iloc[rows].reset_index(drop=True)

    entered = e["clae_entered_care_date"].fillna(e["clae_cla_episode_start_date"])
    e["period_of_care_id"] = take("clae_cla_episode_id", first)
    e["period_of_care_start"] = entered.iloc[first].reset_index(drop=True)
    e["period_of_care_start_reason"] = take("clae_cla_episode_start_reason", first)
    e["period_of_care_end"] = take("clae_cla_episode_ceased_date", last)
    e["period_of_care_end_reason"] = take("clae_cla_episode_ceased_reason", last)
    e["first_of_period_of_care"] = ~continues
    return e


def periods_of_care(x: Extract) -> pd.DataFrame:
    """One row per period of care: id, child, start, first start reason, end, end reason and
    the number of its episodes."""
    return x.derived("cla:periods_of_care", _build_periods_of_care)


def _build_periods_of_care(x: Extract) -> pd.DataFrame:
    e = episodes(x)
    first = e["first_of_period_of_care"].to_numpy()
    p = e.loc[first, [
        "period_of_care_id", "clae_person_id", "person_code", "period_of_care_start",
        "period_of_care_start_reason", "period_of_care_end", "period_of_care_end_reason",
    ]].reset_index(drop=True)
    starts = np.flatnonzero(first)
    p["episodes"] = np.diff(np.append(starts, len(e)))
    return p


def cla_id_links(x: Extract) -> pd.DataFrame:
    """Each `clae_cla_id` with the child and the period(s) of care whose episodes carry it."""
    def build(x: Extract) -> pd.DataFrame:
        e = episodes(x)
        links = e.loc[e["clae_cla_id"].notna(),
                      ["clae_cla_id", "clae_person_id", "person_code", "period_of_care_id"]]
        return links.drop_duplicates(["clae_cla_id", "period_of_care_id"]).reset_index(drop=True)
    return x.derived("cla:cla_id_links", build)


def child_of_cla_id(x: Extract, cla_ids: pd.Series) -> pd.DataFrame:
    """The child each `clar_cla_id`-style id reaches through the episodes carrying it:
    `clae_person_id` and `person_code` (missing / -1 where no episode carries the id).

    An id carried by episodes of two children is a data error; the first child in episode
    order (children, then starts) is used, so the answer is stable and shown in the audit.
    """
    links = cla_id_links(x)
    # the first link of each id (links are in episode order), as drop_duplicates would keep
    where = first_rows(cla_ids, links["clae_cla_id"])
    found = where >= 0
    person = take_rows(links["clae_person_id"], where, cla_ids.index).astype("string")
    code = np.full(len(cla_ids), -1, dtype=np.int64)
    code[found] = links["person_code"].to_numpy()[where[found]]
    return pd.DataFrame({"clae_person_id": person, "person_code": code}, index=cla_ids.index)


# -- legal status and short breaks -------------------------------------------------------------

_DAY_OFFSET = 110_000  # datetime64 days run from about -106,000 to +106,000 around 1970
_DAY_SPAN = 250_000


def _days(values) -> np.ndarray:
    return np.asarray(values, dtype="datetime64[D]").astype("int64") + _DAY_OFFSET


def child_day_keys(child_codes: np.ndarray, dates) -> np.ndarray:
    """One sortable integer per (child, day): ordered by child, then day (dates present)."""
    return np.asarray(child_codes, dtype=np.int64) * _DAY_SPAN + _days(dates)


def child_of_key(keys: np.ndarray) -> np.ndarray:
    """The child code of `child_day_keys` keys."""
    return keys // _DAY_SPAN


@dataclass(frozen=True)
class _StatusIndex:
    """Legal statuses as sorted (child, day) keys, one set for short-break codes, one for others.

    With end >= start on every record (the validator's rule of time), the statuses of a child
    in force on day d number #(start <= d) - #(end <= d), and those it ended under at e number
    #(start < e) - #(end < e): two binary searches per query, whatever the table's size.
    """

    short_starts: np.ndarray
    short_ends: np.ndarray
    other_starts: np.ndarray
    other_ends: np.ndarray


def _status_index(x: Extract) -> _StatusIndex:
    def build(x: Extract) -> _StatusIndex:
        ls = x.tables[LEGAL_STATUS]
        child = person_code(x, LEGAL_STATUS)
        start = ls["lega_legal_status_start_date"].to_numpy()
        end = ls["lega_legal_status_end_date"].to_numpy()
        usable = (child >= 0) & ~np.isnat(start)
        ended = usable & ~np.isnat(end)
        base = child * _DAY_SPAN
        starts = base + _days(np.where(usable, start, np.datetime64(0, "D")))
        ends = base + _days(np.where(ended, end, np.datetime64(0, "D")))
        short = code_column(x, LEGAL_STATUS, "lega_legal_status").isin(
            list(SHORT_BREAK_CODES)).to_numpy(dtype=bool)
        return _StatusIndex(
            np.sort(starts[usable & short]), np.sort(ends[ended & short]),
            np.sort(starts[usable & ~short]), np.sort(ends[ended & ~short]),
        )
    return x.derived("cla:legal_status_index", build)


def _in_force(starts: np.ndarray, ends: np.ndarray, child: np.ndarray, day: np.ndarray,
              ended_under: bool) -> np.ndarray:
    """How many statuses of each queried child are in force (see _StatusIndex)."""
    key = child * _DAY_SPAN + day
    side = "left" if ended_under else "right"  # strictly before e, or on or before d
    floor = child * _DAY_SPAN  # the child's first possible key
    n_started = np.searchsorted(starts, key, side) - np.searchsorted(starts, floor, "left")
    n_ended = np.searchsorted(ends, key, side) - np.searchsorted(ends, floor, "left")
    return n_started - n_ended


def short_break_on(x: Extract, child_codes: np.ndarray, dates,
                   ended_under: bool = False) -> np.ndarray:
    """True where the child's legal statuses in force on the date are V3/V4 and none other.

    `ended_under=False`: in force on d (start <= d and (end empty or end > d)).
    `ended_under=True`: the statuses an episode ending on e ended under (start < e <= end).
    A missing date, an unknown child, or a child with no status in force is not a short break.
    """
    idx = _status_index(x)
    child_codes = np.asarray(child_codes, dtype=np.int64)
    dates = np.asarray(dates)
    known = (child_codes >= 0) & ~np.isnat(dates)
    out = np.zeros(len(child_codes), dtype=bool)
    if not known.any():
        return out
    child, day = child_codes[known], _days(dates[known])
    short = _in_force(idx.short_starts, idx.short_ends, child, day, ended_under)
    other = _in_force(idx.other_starts, idx.other_ends, child, day, ended_under)
    out[known] = (short > 0) & (other == 0)
    return out


def episode_short_breaks(x: Extract) -> pd.DataFrame:
    """Per episode (aligned with `episodes(x)`): short break at its start, and under the status
    it ended under (False while it is open)."""
    def build(x: Extract) -> pd.DataFrame:
        e = episodes(x)
        child = e["person_code"].to_numpy()
        return pd.DataFrame({
            "short_break_at_start": short_break_on(
                x, child, e["clae_cla_episode_start_date"].to_numpy()),
            "short_break_at_end": short_break_on(
                x, child, e["clae_cla_episode_ceased_date"].to_numpy(), ended_under=True),
        }, index=e.index)
    return x.derived("cla:episode_short_breaks", build)


def legal_status_text_on(x: Extract, child_codes: np.ndarray, d: pd.Timestamp) -> pd.Series:
    """The legal status codes in force on d for each child, "/"-joined (for the audit)."""
    ls = x.tables[LEGAL_STATUS]
    child = person_code(x, LEGAL_STATUS)
    end = ls["lega_legal_status_end_date"]
    in_force = ((ls["lega_legal_status_start_date"] <= d) & (end.isna() | (end > d))).to_numpy()
    wanted = in_force & (child >= 0)
    wanted[wanted] = flags_for(x, child_codes)[child[wanted]]
    text = joined_codes(child[wanted], code_column(x, LEGAL_STATUS, "lega_legal_status")[wanted])
    found = text.reindex(child_codes)
    return pd.Series(found.to_numpy(), dtype="string").fillna("")


# -- who is looked after at a date -------------------------------------------------------------

def looked_after_at(x: Extract, d: pd.Timestamp) -> pd.DataFrame:
    """One row per child with an episode open on d (start <= d, ceased empty or after d).

    Columns: the child (id and code), the open episode (where several are open, a data error,
    the one whose period of care started first: the child has been looked after since then),
    its period of care, the legal status codes in force on d and `short_break` (only V3/V4 in
    force on d). Sorted by child id.
    """
    d = pd.Timestamp(d)
    return x.derived(f"cla:looked_after_at:{d:%Y-%m-%d}", lambda x: _build_looked_after(x, d))


def _build_looked_after(x: Extract, d: pd.Timestamp) -> pd.DataFrame:
    e = episodes(x)
    start = e["clae_cla_episode_start_date"].to_numpy()
    ceased = e["clae_cla_episode_ceased_date"].to_numpy()
    day = np.datetime64(d, "ns")
    rows = np.flatnonzero((start <= day) & (np.isnat(ceased) | (ceased > day)))
    # the open ones by child id (the rank of the child's id among all ids), then period-of-care
    # start: each child's first is the episode wanted, and the children come out in id order
    child = person_rank(x)[e["person_code"].to_numpy()[rows]]
    order = np.lexsort((rows, _as_int(e["period_of_care_start"].to_numpy()[rows], 0), child))
    rows, child = rows[order], child[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = child[1:] != child[:-1]
    out = e[["clae_person_id", "person_code", "clae_cla_episode_id",
             "clae_cla_episode_start_date", "period_of_care_id", "period_of_care_start",
             ]].iloc[rows[first]].reset_index(drop=True)
    child = out["person_code"].to_numpy()
    out["legal_status_at_end"] = legal_status_text_on(x, child, d)
    out["short_break"] = short_break_on(x, child, np.full(len(out), np.datetime64(d, "D")))
    return out


def placements_open_at(x: Extract, d: pd.Timestamp) -> pd.DataFrame:
    """Placements open on d (start <= d, end empty or after d), with their child's code and
    type and provider trimmed and upper-cased."""
    d = pd.Timestamp(d)

    def build(x: Extract) -> pd.DataFrame:
        p = x.tables[PLACEMENTS]
        end = p["clap_cla_placement_end_date"]
        is_open = ((p["clap_cla_placement_start_date"] <= d)
                   & (end.isna() | (end > d))).to_numpy()
        out = p.loc[is_open, ["clap_cla_placement_id", "clap_person_id",
                              "clap_cla_placement_start_date"]].reset_index(drop=True)
        out["person_code"] = person_code(x, PLACEMENTS)[is_open]
        for c in ("clap_cla_placement_type", "clap_cla_placement_provider"):
            if c in p:
                out[c] = code_column(x, PLACEMENTS, c)[is_open].reset_index(drop=True)
        return out
    return x.derived(f"cla:placements_open_at:{d:%Y-%m-%d}", build)


def open_placement_summary(x: Extract, d: pd.Timestamp) -> pd.DataFrame:
    """Per child code with a placement open on d: the types open ("/"-joined), whether one is
    P1 (placed with parents), one is U1-U6 (foster), and one is U1-U6 with provider PR1."""
    d = pd.Timestamp(d)

    def build(x: Extract) -> pd.DataFrame:
        p = placements_open_at(x, d)
        kind = p["clap_cla_placement_type"]
        foster = kind.isin(list(FOSTER_TYPES)).to_numpy(dtype=bool)
        own = (foster & p["clap_cla_placement_provider"].isin(["PR1"]).to_numpy(dtype=bool)
               if "clap_cla_placement_provider" in p else np.zeros(len(p), dtype=bool))
        child = p["person_code"].to_numpy()
        flags = pd.DataFrame({
            "child": child,
            "placed_with_parents": kind.isin(["P1"]).to_numpy(dtype=bool),
            "in_foster_placement": foster,
            "in_own_foster_care": own,
        })
        summary = flags.groupby("child", sort=True).any()
        summary.insert(0, "placement_types_at_end", joined_codes(child, kind))
        return summary
    return x.derived(f"cla:open_placement_summary:{d:%Y-%m-%d}", build)


# -- ages --------------------------------------------------------------------------------------

def date_of_birth(x: Extract) -> np.ndarray:
    """Per-child array of the month-degraded date of birth (the first ssd_person row)."""
    def build(x: Extract) -> np.ndarray:
        person = x.tables[PERSON]
        rows = first_rows(pd.Series(_coding(x).ids), person["pers_person_id"])
        return take_rows(person["pers_dob"], rows, pd.RangeIndex(len(rows))).to_numpy(
            dtype="datetime64[ns]")
    return x.derived("cla:date_of_birth", build)


def age_at(dob, d: pd.Timestamp) -> pd.Series:
    """Whole years from dob to d (missing where the dob is); a birthday on d counts."""
    d = pd.Timestamp(d)
    dob = pd.Series(pd.to_datetime(dob))
    before_birthday = (dob.dt.month > d.month) | ((dob.dt.month == d.month) & (dob.dt.day > d.day))
    years = d.year - dob.dt.year - before_birthday.astype("int64")
    return years.astype("Int64")
