"""The nearest event of the same child before or after a date, for many dates at once.

Several rules ask "is there an event of this child near this date?": a referral in the 12 months
before (FD03), an earlier plan (CP04), a plan ending in the 24 months before (CP05), a visit on or
after an assessment's start (AS02/AS03), the latest visit before a snapshot (CP08/CN02). For
each the nearest event is enough: if the nearest one does not qualify, none does. So instead of
joining every record to every event of its child (a cartesian join that explodes at national
size), events are indexed once as sorted (child, day) keys and each record's nearest event is a
binary search: O((n + m) log m), all in numpy.

Ties (several events of the child on the same day) are broken by event id, so results are
deterministic: looking back, the largest id of the tied events is returned; looking forward, the
smallest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# Days are counted from a base far enough back for any date pandas can hold, and each child's
# days occupy their own band of _SPAN values in the combined key child * _SPAN + day.
_BASE = np.datetime64("1600-01-01", "D")
_SPAN = 1000 * 366  # to beyond 2600


def _days(dates: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Day numbers from _BASE (int64) and a validity mask (False where the date is missing)."""
    values = pd.to_datetime(dates).to_numpy(dtype="datetime64[D]")
    valid = ~np.isnat(values)
    days = np.zeros(len(values), dtype=np.int64)
    days[valid] = (values[valid] - _BASE).astype(np.int64)
    if valid.any() and (days[valid].min() < 0 or days[valid].max() >= _SPAN):
        raise ValueError("dates outside 1600-2600 cannot be indexed by child and day")
    return days, valid


@dataclass(frozen=True)
class EventIndex:
    """Events (e.g. seen visits) sorted by child, then day, then event id."""

    persons: pd.Index  # distinct child ids; a child's code is its position here
    keys: np.ndarray  # child code * _SPAN + day, ascending
    codes: np.ndarray  # child code of each sorted event
    event_ids: np.ndarray  # event ids, in the same order
    event_dates: np.ndarray  # datetime64[ns], in the same order

    @classmethod
    def build(cls, person: pd.Series, date: pd.Series, event_id: pd.Series) -> EventIndex:
        """Index events; those without a child or a date cannot be found and are left out."""
        days, valid = _days(date)
        valid &= person.notna().to_numpy()
        frame = pd.DataFrame({
            "person": person.to_numpy()[valid],
            "day": days[valid],
            "event_id": event_id.to_numpy()[valid],
            "date": pd.to_datetime(date).to_numpy(dtype="datetime64[ns]")[valid],
        })
        codes, persons = pd.factorize(frame["person"], sort=False)
        frame["key"] = codes.astype(np.int64) * _SPAN + frame["day"].to_numpy()
        frame = frame.sort_values(["key", "event_id"], kind="stable")
        return cls(
            persons=pd.Index(persons),
            keys=frame["key"].to_numpy(),
            codes=frame["key"].to_numpy() // _SPAN,
            event_ids=frame["event_id"].to_numpy(dtype=object),
            event_dates=frame["date"].to_numpy(dtype="datetime64[ns]"),
        )

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
        if direction not in ("before", "after"):
            raise ValueError(f"direction must be 'before' or 'after', not {direction!r}")
        days, valid = _days(date)
        code = self.persons.get_indexer(person.to_numpy())
        valid &= code >= 0
        key = code.astype(np.int64) * _SPAN + days
        n = len(self.keys)
        if direction == "before":
            pos = np.searchsorted(self.keys, key, side="right" if inclusive else "left") - 1
            step = -1
        else:
            pos = np.searchsorted(self.keys, key, side="left" if inclusive else "right")
            step = 1
        if exclude_ids is not None and n:
            inside = (pos >= 0) & (pos < n)
            own = np.zeros(len(pos), dtype=bool)
            own[inside] = self.event_ids[pos[inside]] == exclude_ids.to_numpy(dtype=object)[inside]
            # An event's id is unique, so one step past the record's own event is enough.
            pos = np.where(own, pos + step, pos)
        found = valid & (pos >= 0) & (pos < n)
        found[found] = self.codes[pos[found]] == code[found]
        ids = np.full(len(pos), None, dtype=object)
        dates = np.full(len(pos), np.datetime64("NaT"), dtype="datetime64[ns]")
        ids[found] = self.event_ids[pos[found]]
        dates[found] = self.event_dates[pos[found]]
        return pd.DataFrame(
            {"event_id": pd.array(ids, dtype="string"), "event_date": dates},
            index=person.index,
        )
