"""The nearest event of the same child before or after a date, for many dates at once.

Several rules ask "is there an event of this child near this date?": a referral in the 12 months
before (FD03), an earlier plan (CP04), a plan ending in the 24 months before (CP05), a visit on or
after an assessment's start (AS02/AS03), the latest visit before a snapshot (CP08/CN02). For
each the nearest event is enough: if the nearest one does not qualify, none does. So instead of
joining every record to every event of its child (a cartesian join that explodes at national
size), events are indexed once as sorted integer keys (child code, day) and each record's
nearest event is a binary search: O((n + m) log m), all in numpy. Queries are searched in key
order, which keeps the binary searches cache-friendly on tens of millions of rows.

Ties (several events of the child on the same day) are broken by event id, so results are
deterministic: looking back, the largest id of the tied events is returned; looking forward, the
smallest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scorecard.measures.id_codes import encode

# Days are counted from a base far enough back for any date pandas can hold, and each child's
# days occupy their own band of _SPAN values in the combined key child * _SPAN + day.
_BASE = np.datetime64("1600-01-01", "D")
_SPAN = 1000 * 366  # to beyond 2600


def _days(dates: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers from _BASE (int64) and a validity mask (False where the date is missing)."""
    values = np.asarray(dates)
    if values.dtype.kind != "M":
        values = pd.to_datetime(pd.Series(dates)).to_numpy()
    values = values.astype("datetime64[ns]", copy=False)
    valid = ~np.isnat(values)
    # whole days since _BASE by integer division (floor: a time of day stays on its day)
    days = values.view(np.int64) // (86_400 * 10**9) - _BASE.astype(np.int64)
    days[~valid] = 0
    if len(days) and (days.min() < 0 or days.max() >= _SPAN):  # missing ones are 0 here
        raise ValueError("dates outside 1600-2600 cannot be indexed by child and day")
    return days, valid


def _sorted_by_key_then_id(keys: np.ndarray, ids: pd.Series, rows: np.ndarray) -> np.ndarray:
    """Positions ordering events by key, ties by id (`ids` read at `rows`); only tied keys pay
    for a string sort."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    tied = np.zeros(len(order), dtype=bool)
    same = sorted_keys[1:] == sorted_keys[:-1]
    tied[1:] |= same
    tied[:-1] |= same
    if tied.any():
        # Tied events form contiguous blocks; re-sorting just them by (key, id) and putting
        # them back in the same slots keeps the whole order sorted by key.
        block = pd.DataFrame({"key": sorted_keys[tied],
                              "event_id": ids.iloc[rows[order[tied]]].to_numpy()})
        within = block.sort_values(["key", "event_id"], kind="stable").index.to_numpy()
        order[tied] = order[tied][within]
    return order


@dataclass(frozen=True)
class EventIndex:
    """Events (e.g. seen visits) sorted by child, then day, then event id."""

    persons: pd.Index  # distinct child ids; a child's code is its position here
    keys: np.ndarray  # child code * _SPAN + day, ascending
    rows: np.ndarray  # each key's event: its position in `ids`
    ids: pd.Series  # the event ids as given (positional, unsorted)
    # An event's date is its key's day (dates of a validated extract are whole days), so no
    # separate column of dates is kept: at national size that saves some 200 MB.

    @classmethod
    def build(cls, person: pd.Series, date: pd.Series, event_id: pd.Series) -> EventIndex:
        """Index events; those without a child or a date cannot be found and are left out."""
        (codes,), persons = encode([person])
        return cls.from_codes(codes, persons, date, event_id)

    @classmethod
    def from_codes(cls, codes: np.ndarray, persons: pd.Index, date: pd.Series | np.ndarray,
                   event_id: pd.Series) -> EventIndex:
        """Index events whose children are already coded (`codes` positional, -1: none).
        Dates are whole days, as in a validated extract (a time of day would be dropped)."""
        days, valid = _days(date)
        valid &= codes >= 0
        rows = np.flatnonzero(valid)
        keys = codes[rows].astype(np.int64) * _SPAN + days[rows]
        ids = event_id.reset_index(drop=True)
        order = _sorted_by_key_then_id(keys, ids, rows)
        # positions fit 32 bits below 2**31 events (half the memory at national size)
        small = len(ids) < np.iinfo(np.int32).max
        rows = rows[order].astype(np.int32 if small else np.int64)
        return cls(persons=persons, keys=keys[order], rows=rows, ids=ids)

    def nearest(
        self,
        person: pd.Series,
        date: pd.Series,
        *,
        direction: str,
        inclusive: bool,
        exclude_ids: pd.Series | None = None,
    ) -> pd.DataFrame:
        """For each (child, date): the child's nearest event before or after the date.

        direction "before": the latest event dated <= date (< date when not inclusive);
        direction "after": the earliest event dated >= date (> date when not inclusive).
        `exclude_ids` (aligned with `person`) names a record's own event, so that "another
        record of the same child" never finds the record itself (ids must be unique events).
        Returns `event_id` and `event_date` aligned with `person`'s index, missing where the
        child has no such event.
        """
        codes = self.persons.get_indexer(person.to_numpy())
        return self.nearest_codes(codes, person.index, date, direction=direction,
                                  inclusive=inclusive, exclude_ids=exclude_ids)

    def nearest_codes(self, codes: np.ndarray, index: pd.Index, date: pd.Series | np.ndarray,
                      *, direction: str, inclusive: bool,
                      exclude_ids: pd.Series | None = None,
                      with_ids: bool = True) -> pd.DataFrame:
        """`nearest` for children already coded like the index (-1: unknown child). Without
        `with_ids` only `event_date` is returned (no id strings to gather)."""
        found, pos = self._positions(np.asarray(codes, dtype=np.int64), date, direction,
                                     inclusive, exclude_ids)
        hit = np.flatnonzero(found)
        dates = np.full(len(pos), np.datetime64("NaT"), dtype="datetime64[ns]")
        dates[hit] = _BASE + (self.keys[pos[hit]] % _SPAN).astype("timedelta64[D]")
        if not with_ids:
            return pd.DataFrame({"event_date": pd.Series(dates, index=index)})
        ids = pd.Series(pd.NA, index=range(len(pos)), dtype="string")
        if len(hit):
            ids.iloc[hit] = self.ids.iloc[self.rows[pos[hit]]].astype("string").to_numpy()
        return pd.DataFrame({"event_id": ids.set_axis(index),
                             "event_date": pd.Series(dates, index=index)})

    def _positions(self, codes: np.ndarray, date: pd.Series | np.ndarray, direction: str,
                   inclusive: bool, exclude_ids: pd.Series | None
                   ) -> tuple[np.ndarray, np.ndarray]:
        """(found, position in key order) of each query's nearest event."""
        if direction not in ("before", "after"):
            raise ValueError(f"direction must be 'before' or 'after', not {direction!r}")
        days, valid = _days(date)
        valid &= codes >= 0
        key = np.where(valid, codes * _SPAN + days, -1)
        n = len(self.keys)
        order = np.argsort(key, kind="stable")
        pos = np.empty(len(key), dtype=np.int64)
        if direction == "before":
            side = "right" if inclusive else "left"
            pos[order] = np.searchsorted(self.keys, key[order], side=side) - 1
            step = -1
        else:
            side = "left" if inclusive else "right"
            pos[order] = np.searchsorted(self.keys, key[order], side=side)
            step = 1
        if exclude_ids is not None and n:
            inside = np.flatnonzero(valid & (pos >= 0) & (pos < n))
            found_ids = self.ids.iloc[self.rows[pos[inside]]].to_numpy()
            own_ids = exclude_ids.to_numpy()[inside]
            own = np.zeros(len(pos), dtype=bool)
            own[inside] = np.asarray(found_ids == own_ids, dtype=bool)
            # An event's id is unique, so one step past the record's own event is enough.
            pos = np.where(own, pos + step, pos)
        found = valid & (pos >= 0) & (pos < n)
        hit = np.flatnonzero(found)
        found[hit] = self.keys[pos[hit]] // _SPAN == codes[hit]
        return found, pos


def nearest_events(
    person: pd.Series,
    date: pd.Series,
    event_person: pd.Series,
    event_date: pd.Series,
    event_id: pd.Series,
    *,
    direction: str,
    inclusive: bool,
    exclude_ids: pd.Series | None = None,
) -> pd.DataFrame:
    """`EventIndex.build(events).nearest(records)` in one pass, for a one-off lookup.

    Child ids of records and events are encoded together (one hashing pass over the strings
    instead of two), which matters when both sides have millions of rows.
    """
    same = person is event_person  # e.g. a child's earlier referrals: encode the ids once
    coded, persons = encode([event_person] if same else [event_person, person])
    index = EventIndex.from_codes(coded[0], persons, event_date, event_id)
    return index.nearest_codes(coded[0] if same else coded[1], person.index, date,
                               direction=direction, inclusive=inclusive,
                               exclude_ids=exclude_ids)
