"""Small vectorised building blocks shared by the generator's stages.

A `Frame` is a dict of equal-length numpy arrays: the rows of one kind of record before it
becomes a table. Everything here works on whole arrays; nothing loops over records.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scorecard.synth import days

Frame = dict[str, np.ndarray]


def nrows(f: Frame) -> int:
    return len(next(iter(f.values()))) if f else 0


def take(f: Frame, index: np.ndarray) -> Frame:
    return {k: v[index] for k, v in f.items()}


def concat(frames: list[Frame]) -> Frame:
    frames = [f for f in frames if f]
    if not frames:
        return {}
    return {k: np.concatenate([f[k] for f in frames]) for k in frames[0]}


def categorical(rng: np.random.Generator, probs: np.ndarray, group: np.ndarray | None = None,
                size: int | None = None) -> np.ndarray:
    """An index drawn from `probs` (one row of probabilities per group when 2-d)."""
    probs = np.asarray(probs, dtype=float)
    if probs.ndim == 1:
        cum = np.cumsum(probs / probs.sum())
        u = rng.random(size if group is None else len(group))
        return np.minimum(np.searchsorted(cum, u, side="right"), len(probs) - 1)
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(group))
    return np.minimum((u[:, None] >= cum[group]).sum(axis=1), probs.shape[1] - 1)


def gamma_days(rng: np.random.Generator, mean: float | np.ndarray, shape: float,
               size: int, minimum: int = 1) -> np.ndarray:
    """Whole days from a gamma distribution with the given mean (a right-skewed duration)."""
    d = rng.gamma(shape, np.asarray(mean, dtype=float) / shape, size)
    return np.maximum(np.rint(d).astype(np.int64), minimum)


def integers(rng: np.random.Generator, low: int | np.ndarray, high: int | np.ndarray,
             size: int) -> np.ndarray:
    """Uniform whole numbers in [low, high], both included."""
    return rng.integers(low, np.asarray(high) + 1, size).astype(np.int64)


def mixture(rng: np.random.Generator, size: int, p_first: float,
            first: tuple[int, int], second: tuple[int, int]) -> np.ndarray:
    """Whole numbers uniform in `first` with probability p_first, else uniform in `second`."""
    a = integers(rng, first[0], first[1], size)
    b = integers(rng, second[0], second[1], size)
    return np.where(rng.random(size) < p_first, a, b)


def recurrences(
    rng: np.random.Generator,
    start: np.ndarray,
    end: np.ndarray,
    first: Callable[[np.ndarray], np.ndarray],
    gap: Callable[[int], np.ndarray],
    min_gap: int,
    working_days: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Repeated events (visits, reviews, checks) for many owners at once.

    `first(owners)` gives the first event's offset from the start for each of those owners;
    then each `gap` follows the last, while on or before end[i] (inclusive; pass the end
    already capped at the extract date). `gap(k)` returns k gaps, and must
    never return less than min_gap, which bounds the number of draws per owner. With
    `working_days`, offsets and gaps count working days (events then fall on working days,
    never before the owner's start). Returns (owner index, event day), ordered by owner.
    """
    start = np.asarray(start, dtype=np.int64)
    end = np.asarray(end, dtype=np.int64)
    if working_days:
        count, nth = days._working_day_tables()
        s_units, e_units = count[start], count[np.maximum(end, start)]
    else:
        s_units, e_units = start, end
    span = e_units - s_units
    per_owner = np.where(end >= start, span // min_gap + 2, 0).astype(np.int64)
    total = int(per_owner.sum())
    owner = np.repeat(np.arange(len(start)), per_owner)
    if total == 0:
        return owner, np.zeros(0, dtype=np.int64)
    step = np.asarray(gap(total), dtype=np.int64)
    group_first = (np.cumsum(per_owner) - per_owner)[per_owner > 0]
    owners_with_events = np.flatnonzero(per_owner > 0)
    step[group_first] = np.asarray(first(owners_with_events), dtype=np.int64)
    running = np.cumsum(step)
    base = np.zeros(len(start), dtype=np.int64)
    base[per_owner > 0] = running[group_first] - step[group_first]
    offset = running - base[owner]
    units = s_units[owner] + offset
    keep = units <= e_units[owner]
    owner, units = owner[keep], units[keep]
    if working_days:
        when = np.maximum(nth[np.minimum(units, len(nth) - 1)], start[owner])
        keep = when <= end[owner]
        return owner[keep], when[keep]
    return owner, units


def group_rank(owner: np.ndarray) -> np.ndarray:
    """0, 1, 2... within each run of equal, sorted owner values."""
    if len(owner) == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.r_[True, owner[1:] != owner[:-1]]
    starts = np.flatnonzero(new)
    run = np.cumsum(new) - 1
    return np.arange(len(owner)) - starts[run]


def next_in_group(owner: np.ndarray, values: np.ndarray, fill: int) -> np.ndarray:
    """The next row's value within the same owner (rows sorted by owner); `fill` for the last."""
    out = np.full(len(values), fill, dtype=np.int64)
    if len(values) > 1:
        same = owner[1:] == owner[:-1]
        out[:-1] = np.where(same, values[1:], fill)
    return out


def starts_new_key(owner: np.ndarray, day: np.ndarray) -> np.ndarray:
    """True where (owner, day) differs from the previous row (rows sorted by owner, day)."""
    if len(owner) == 0:
        return np.zeros(0, dtype=bool)
    return np.r_[True, (owner[1:] != owner[:-1]) | (day[1:] != day[:-1])]


def is_last_in_group(owner: np.ndarray) -> np.ndarray:
    if len(owner) == 0:
        return np.zeros(0, dtype=bool)
    return np.r_[owner[1:] != owner[:-1], True]


class IdCounter:
    """Ids unique across the whole extract: block number * 10^7 + a sequence within the block."""

    PER_BLOCK = 10_000_000

    def __init__(self, block: int):
        self.base = block * self.PER_BLOCK
        self.next: dict[str, int] = {}

    def take(self, kind: str, n: int) -> np.ndarray:
        start = self.next.get(kind, 1)
        if start + n > self.PER_BLOCK:
            raise OverflowError(f"more than {self.PER_BLOCK:,} {kind} rows in one block")
        self.next[kind] = start + n
        return self.base + np.arange(start, start + n, dtype=np.int64)
