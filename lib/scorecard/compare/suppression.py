"""Small-number suppression: the one rule every published document goes through.

`suppress_scorecard(rows, suppress_below)` takes the measures.csv rows that one document shows
(the quarters of the trend, the year to date, snapshots, rolling windows) and returns them with
every cell a reader must not see set to missing, plus `numerator_suppressed`,
`denominator_suppressed`, `value_suppressed`, `rate_suppressed` and `suppression_reason`. The
documents print a hidden cell as `c`. Internal outputs (measures.csv, audits, notebooks) are
never suppressed.

Primary suppression (DESIGN.md, MEASURES.md; `c` = suppress_below, default 6):
- a count between 1 and c - 1 is hidden (0 is not: it is not "1 to 5");
- a percentage is hidden when its numerator, its denominator or their difference (the
  records outside the numerator) is such a count; the numerator and denominator that are small
  are hidden too, and where only the difference is small the numerator is hidden as well,
  since denominator minus numerator would give it away (37 of 40 shows 40 and `c`);
- an average (or average days) is hidden when its denominator is between 1 and c - 1, with
  that denominator and the total behind it;
- a rate per 10,000 is hidden when the count it is built on is hidden, and when its own basis
  (the 12 months ending at the period's end, for flows) is between 1 and c - 1. The basis is
  read from the quarters shown, or from the population (given, or worked out from a row where
  count and rate share a basis); a rate whose basis cannot be checked is hidden.
- a value is hidden whenever its numerator or denominator is (for counts the value is the
  count): with either one shown, the value would give the other away.

Secondary suppression. A hidden count must not be recoverable by arithmetic on what the
document shows. The cells of one measure are modelled as sums of underlying counts ("atoms"):
- per quarter of a financial year, for flows: the numerator and, for percentages, the
  complement (denominator minus numerator), or for averages the total and the denominator;
  a year-to-date row is the sum of its quarters, so a quarter's count follows from the YTD
  and the other quarters (Q2 = YTD - Q1);
- a percentage's denominator is numerator + complement, so the complement follows from the
  two (the numerator from denominator minus complement);
- a flow's rate per 10,000 is the sum of the four quarters ending at the row's end (quarters
  before the document's first are unknown to a reader), a snapshot's rate is its count;
- snapshot, rolling and custom-period rows stand alone (rolling windows overlap, but their
  differences never isolate a single count of the measure).
A hidden count is recoverable exactly when its vector lies in the linear span of the vectors of
the cells shown. While one is, more cells are hidden: an irreducible set (showing any one of
them again would give the count back), chosen deterministically by preferring (1) rates, the
derived figure beside a count, then (2) non-zero counts, then (3) zeros (hiding a 0 protects
little, and 0 is never "1 to 5"); within that, the smallest cells go and the largest stay. So
Q2 = 3 with Q1 = 10 and YTD = 13 hides Q1; a hidden quarter inside rolling 12-month rates hides
the rates that contain it rather than a neighbouring quarter. This protects against exact
recovery, as DfE's tables do; ranges that follow from "c means 1 to 5" are not closed further.

Not modelled: identities between different measures (e.g. FD02's referrals are FD04's
denominator). Both go through the same rule with the same choices, so such cells are hidden
alike in the common case, but no cross-measure check is made.

Also cleared where the value is hidden: `rag` (a status says which side of the target a
hidden value lies) and `direction` (also where the previous quarter's value is hidden).

The work is a few hundred rows and a few dozen cells per measure, so it loops in Python over
measures and cells; the linear algebra is numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

SUPPRESSED = "c"  # how a document prints a hidden cell (DfE's symbol)

FLAGS = ("numerator_suppressed", "denominator_suppressed", "value_suppressed", "rate_suppressed")
REQUIRED = ("measure_id", "window", "period_start", "period_end", "numerator", "denominator",
            "value", "unit")
_TREND_WINDOWS = ("quarter", "snapshot", "rolling")
_FLOW_WINDOWS = ("quarter", "ytd")
_TOL = 1e-7


@dataclass
class _Cell:
    kind: str  # numerator | denominator | complement | total | rate
    atoms: frozenset
    value: float | None  # the count it shows (for a rate, the count it is built on)
    label: str  # how a reason names it: "numerator (2025-26 Q2)"
    order: int  # first row showing it, for deterministic choices
    shown: bool = False  # some row displays it (complements never are)
    sensitive: bool = False
    hidden: bool = False
    reasons: list[str] = field(default_factory=list)

    def hide(self, reason: str) -> None:
        if not self.hidden:
            self.hidden = True
            self.reasons.append(reason)


def suppress_scorecard(rows: pd.DataFrame, suppress_below: int = 6,
                       population: float | None = None) -> pd.DataFrame:
    """The rows one document shows, with hidden cells set to missing and flags saying which.

    `rows` has the measures.csv columns (measure_id, window, period_start, period_end,
    numerator, denominator, value, unit, and rate_per_10k, rag, direction where present). Pass
    exactly what the document shows: a cell left missing counts as not shown. `population` is
    the 0-17 population behind the rates, when known; otherwise it is worked out from the rows.
    Returns a copy, same rows in the same order, plus the FLAGS columns and
    `suppression_reason` (which never states a hidden number).
    """
    missing = [c for c in REQUIRED if c not in rows.columns]
    if missing:
        raise ValueError(f"suppress_scorecard: rows have no column {missing[0]!r}")
    if int(suppress_below) < 1:
        raise ValueError(f"suppress_below must be at least 1, got {suppress_below!r}")
    out = rows.copy()
    if "rate_per_10k" not in out.columns:
        out["rate_per_10k"] = np.nan
    for c in FLAGS:
        out[c] = False
    out["suppression_reason"] = ""
    if out.empty:
        return out

    # Plain records with datetime.date periods: a document is a few hundred rows, and pandas
    # row access would cost more than the arithmetic.
    frame = out[[*REQUIRED, "rate_per_10k"]].reset_index(drop=True)
    frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
    frame["period_end"] = pd.to_datetime(frame["period_end"]).dt.date
    records = frame.astype(object).to_dict("records")
    for pos, rec in enumerate(records):
        rec["pos"] = pos
    measures: dict[str, list[dict]] = {}
    for rec in records:
        measures.setdefault(rec["measure_id"], []).append(rec)
    pop = population if population else _infer_population(measures)
    flags = {c: np.zeros(len(frame), dtype=bool) for c in FLAGS}
    reasons: list[list[str]] = [[] for _ in range(len(frame))]
    for mid in sorted(measures):
        _suppress_measure(measures[mid], int(suppress_below), pop, flags, reasons)

    value_hidden = flags["value_suppressed"]
    for c in FLAGS:
        out[c] = flags[c]
    out["suppression_reason"] = ["; ".join(dict.fromkeys(r)) for r in reasons]
    for flag, column in (("numerator_suppressed", "numerator"),
                         ("denominator_suppressed", "denominator"),
                         ("value_suppressed", "value"), ("rate_suppressed", "rate_per_10k")):
        out[column] = out[column].mask(flags[flag])
    if "rag" in out.columns:
        out["rag"] = out["rag"].astype(object).where(~value_hidden, None)
    if "direction" in out.columns:
        hide = value_hidden | _previous_value_hidden(records, value_hidden)
        out["direction"] = out["direction"].astype(object).where(~hide, None)
    return out


# -- one measure ------------------------------------------------------------------------------

def _suppress_measure(group: list[dict], c: int, pop: float | None,
                      flags: dict[str, np.ndarray], reasons: list[list[str]]) -> None:
    units = sorted({r["unit"] for r in group})
    if len(units) != 1:
        raise ValueError(f"{group[0]['measure_id']}: rows with several units {units}")
    unit = units[0]
    cells: dict[tuple, _Cell] = {}
    # row position -> {column: cell key}
    row_cells: dict[int, dict[str, tuple]] = {}
    quarter_counts: dict[date, float] = {}  # quarter start -> count, for rate bases

    def cell(kind, atoms, value, label, order, shown):
        key = (kind, frozenset(atoms))
        if key not in cells:
            cells[key] = _Cell(kind, frozenset(atoms), value, label, order)
        cl = cells[key]
        cl.shown |= shown
        if cl.value is None and value is not None:
            cl.value = value
        return key

    for row in group:
        pos = row["pos"]
        base = _base_units(row)
        label = _row_label(row)
        num, den = _count(row["numerator"]), _count(row["denominator"])
        mine: dict[str, tuple] = {}
        if unit == "percent":
            mine["numerator"] = cell("numerator", [("n", u) for u in base], num,
                                     f"numerator ({label})", pos, num is not None)
            mine["denominator"] = cell(
                "denominator", [(f, u) for u in base for f in ("n", "c")], den,
                f"denominator ({label})", pos, den is not None)
            comp = None if num is None or den is None else den - num
            mine["complement"] = cell("complement", [("c", u) for u in base], comp,
                                      f"denominator minus numerator ({label})", pos, False)
        elif unit == "count":
            if num is None:
                num = _count(row["value"])
            mine["numerator"] = cell("numerator", [("n", u) for u in base], num,
                                     f"count ({label})", pos, num is not None)
            if row["window"] == "quarter" and num is not None:
                quarter_counts[row["period_start"]] = num
        else:  # average, days: a total over a number of records
            total = _number(row["numerator"])
            mine["numerator"] = cell("total", [("s", u) for u in base], total,
                                     f"total ({label})", pos, total is not None)
            mine["denominator"] = cell("denominator", [("d", u) for u in base], den,
                                       f"denominator ({label})", pos, den is not None)
        row_cells[pos] = mine

    # Rates: a second pass, once every quarter's count is known.
    if unit == "count":
        for row in group:
            pos = row["pos"]
            rate = _number(row["rate_per_10k"])
            if rate is None:
                continue
            atoms = _rate_units(row)
            basis = _rate_basis(atoms, quarter_counts, rate, pop)
            row_cells[pos]["rate"] = cell("rate", [("n", u) for u in atoms], basis,
                                          f"rate per 10,000 ({_row_label(row)})", pos, True)

    _primary(cells, c)
    _secondary(cells, row_cells)
    _write_back(group, unit, cells, row_cells, flags, reasons)


def _primary(cells: dict[tuple, _Cell], c: int) -> None:
    small = f"between 1 and {c - 1}"
    for cl in cells.values():
        if cl.kind == "total":
            continue
        if cl.value is None:
            if cl.kind == "rate":
                cl.hide("the count it is built on could not be checked")
            continue
        if 1 <= cl.value <= c - 1:
            cl.sensitive = True
            cl.hide(f"built on a count {small}" if cl.kind == "rate" else small)
    # An average over too few records: its total goes with its denominator.
    for cl in cells.values():
        if cl.kind == "total":
            den = cells.get(("denominator", frozenset(("d", u) for _, u in cl.atoms)))
            if den is not None and den.sensitive:
                cl.sensitive = True
                cl.hide(f"a total over fewer than {c} records")


def _secondary(cells: dict[tuple, _Cell], row_cells: dict[int, dict[str, tuple]]) -> None:
    atoms = sorted({a for cl in cells.values() for a in cl.atoms}, key=repr)
    index = {a: i for i, a in enumerate(atoms)}

    def vector(cl: _Cell) -> np.ndarray:
        v = np.zeros(len(atoms))
        v[[index[a] for a in cl.atoms]] = 1.0
        return v

    vectors = {key: vector(cl) for key, cl in cells.items()}
    sensitive = sorted((k for k, cl in cells.items() if cl.sensitive),
                       key=lambda k: (cells[k].order, k[0]))
    while True:
        _couple(cells, row_cells)
        shown = [k for k, cl in cells.items() if cl.shown and not cl.hidden]
        basis = _row_space([vectors[k] for k in shown], len(atoms))
        exposed = next((s for s in sensitive if _in_span(basis, vectors[s])), None)
        if exposed is None:
            return
        for chosen in _protect(exposed, shown, vectors, cells, len(atoms)):
            cells[chosen].hide(f"could reveal the hidden {cells[exposed].label}")


def _couple(cells: dict[tuple, _Cell], row_cells: dict[int, dict[str, tuple]]) -> None:
    """A rate goes with the count of any row that shows it."""
    for mine in row_cells.values():
        if "rate" in mine and cells[mine["numerator"]].hidden:
            cells[mine["rate"]].hide("built on a hidden count")


def _protect(exposed: tuple, shown: list[tuple], vectors: dict, cells: dict,
             n: int) -> list[tuple]:
    """An irreducible set of shown cells whose hiding makes `exposed` unrecoverable.

    Tiers are tried in order (rates; then non-zero counts; then zeros): take every cell of the
    tiers so far, and if hiding them all protects the cell, give back the least costly to
    show (the largest first) whenever the cell stays protected without it.
    """
    target = vectors[exposed]

    def protected(hide: set) -> bool:
        return not _in_span(_row_space([vectors[k] for k in shown if k not in hide], n), target)

    def cost(k):
        cl = cells[k]
        value = np.inf if cl.value is None else cl.value
        return (_tier(cl), value, cl.order, k[0])

    for tier in range(3):
        hide = {k for k in shown if _tier(cells[k]) <= tier}
        if protected(hide):
            for k in sorted(hide, key=cost, reverse=True):
                if protected(hide - {k}):
                    hide.discard(k)
            return sorted(hide, key=cost)
    raise AssertionError("hiding every cell shown must protect any hidden one")


def _tier(cl: _Cell) -> int:
    if cl.kind == "rate":
        return 0
    return 2 if cl.value == 0 else 1


def _row_space(vectors: list[np.ndarray], n: int) -> np.ndarray:
    if not vectors:
        return np.zeros((0, n))
    _, s, vt = np.linalg.svd(np.array(vectors), full_matrices=False)
    rank = int((s > _TOL * max(1.0, s[0] if s.size else 0.0)).sum())
    return vt[:rank]


def _in_span(basis: np.ndarray, v: np.ndarray) -> bool:
    if basis.shape[0] == 0:
        return not v.any()
    return float(np.linalg.norm(v - basis.T @ (basis @ v))) < 1e-6


def _write_back(group, unit, cells, row_cells, flags, reasons) -> None:
    # For counts the numerator and the value are one number, named "count" in reasons.
    num_name = "count" if unit == "count" else ("total" if unit in ("average", "days")
                                                else "numerator")
    for row in group:
        pos = row["pos"]
        mine = row_cells[pos]
        why = reasons[pos]
        num = cells[mine["numerator"]]
        den = cells[mine["denominator"]] if "denominator" in mine else None
        if num.hidden and _number(row["numerator"]) is not None:
            flags["numerator_suppressed"][pos] = True
        if unit == "percent":  # the primary reason first, then what it hid
            comp = cells[mine["complement"]]
            if comp.sensitive:
                why.extend(f"denominator minus numerator: {r}" for r in comp.reasons)
        if num.hidden and (num.shown or unit == "count"):
            why.extend(f"{num_name}: {r}" for r in num.reasons)
        if den is not None and den.hidden and _number(row["denominator"]) is not None:
            flags["denominator_suppressed"][pos] = True
            why.extend(f"denominator: {r}" for r in den.reasons)
        value_hidden = num.hidden or (den is not None and den.hidden)
        if value_hidden and _number(row["value"]) is not None:
            flags["value_suppressed"][pos] = True
        if "rate" in mine and cells[mine["rate"]].hidden:
            flags["rate_suppressed"][pos] = True
            why.extend(f"rate: {r}" for r in cells[mine["rate"]].reasons)


# -- periods and units ------------------------------------------------------------------------
# Financial quarters start on 1 January, April, July and October, as calendar quarters do.

def _months(d: date) -> int:
    return d.year * 12 + d.month - 1


def _first_of(months: int) -> date:
    return date(months // 12, months % 12 + 1, 1)


def _base_units(row: dict) -> list[tuple]:
    """The underlying periods a row adds up: one quarter, the quarters of a YTD, or itself."""
    window, start, end = row["window"], row["period_start"], row["period_end"]
    if window in _FLOW_WINDOWS:
        quarters = _quarters_between(start, end)
        if quarters is not None and (window == "ytd" or len(quarters) == 1):
            return [("Q", q) for q in quarters]
    return [(window, start, end)]


def _rate_units(row: dict) -> list[tuple]:
    """What a count's rate per 10,000 is built on."""
    window, start, end = row["window"], row["period_start"], row["period_end"]
    after = end + timedelta(days=1)
    if after.day == 1:
        year_start = _first_of(_months(after) - 12)
    else:  # d - 12 months, clamped to a shorter month (MEASURES.md)
        year_start = (pd.Timestamp(after) - pd.DateOffset(months=12)).date()
    if window in _FLOW_WINDOWS:
        quarters = _quarters_between(year_start, end)
        if quarters is not None:
            return [("Q", q) for q in quarters]
        return [("rate", end)]
    if window == "period":
        return _base_units(row) if start == year_start else [("rate", end)]
    return _base_units(row)  # a snapshot's rate is its count


def _quarters_between(start: date, end: date) -> list[date] | None:
    """Starts of the quarters exactly tiling [start, end], or None if they do not."""
    if start.day != 1 or start.month not in (1, 4, 7, 10):
        return None
    out, m = [], _months(start)
    while _first_of(m) <= end:
        out.append(_first_of(m))
        m += 3
    return out if _first_of(m) - timedelta(days=1) == end else None


def _row_label(row: dict) -> str:
    window, start, end = row["window"], row["period_start"], row["period_end"]
    if window == "quarter" and _quarters_between(start, end):
        fy = start.year if start.month >= 4 else start.year - 1
        return f"{fy}-{(fy + 1) % 100:02d} Q{(start.month - 4) % 12 // 3 + 1}"
    if window == "ytd":
        return f"year to date to {end:%d %b %Y}"
    if window == "snapshot":
        return f"at {end:%d %b %Y}"
    return f"{start:%d %b %Y} to {end:%d %b %Y}"


def _rate_basis(atoms, quarter_counts, rate: float, pop: float | None) -> float | None:
    if all(u[0] == "Q" and u[1] in quarter_counts for u in atoms):
        return float(sum(quarter_counts[u[1]] for u in atoms))
    if pop:
        return float(round(rate * pop / 10000.0))
    return None


def _infer_population(measures: dict[str, list[dict]]) -> float | None:
    """The 0-17 population behind the rates, from a count row whose rate shares its basis."""
    found = []
    for mid in sorted(measures):
        group = [r for r in measures[mid] if r["unit"] == "count"]
        quarter_counts = {
            r["period_start"]: _count(r["numerator"] if _number(r["numerator"]) is not None
                                      else r["value"])
            for r in group if r["window"] == "quarter"
        }
        for row in group:
            rate = _number(row["rate_per_10k"])
            if not rate:
                continue
            atoms = _rate_units(row)
            if atoms == _base_units(row) and atoms[0][0] != "Q":
                basis = _count(row["numerator"]) or _count(row["value"])
            elif all(u[0] == "Q" and quarter_counts.get(u[1]) is not None for u in atoms):
                basis = sum(quarter_counts[u[1]] for u in atoms)
            else:
                continue
            if basis:
                found.append(basis * 10000.0 / rate)
    return float(np.median(found)) if found else None


def _previous_value_hidden(records: list[dict], value_hidden: np.ndarray) -> np.ndarray:
    """Rows whose previous quarter's row (same measure and window) has its value hidden."""
    hidden_at = {
        (r["measure_id"], r["window"], r["period_end"])
        for r, h in zip(records, value_hidden) if h
    }
    out = np.zeros(len(records), dtype=bool)
    for i, r in enumerate(records):
        if r["window"] in _TREND_WINDOWS:
            end = r["period_end"]
            quarter_start = date(end.year, (end.month - 1) // 3 * 3 + 1, 1)
            previous_end = quarter_start - timedelta(days=1)
            out[i] = (r["measure_id"], r["window"], previous_end) in hidden_at
    return out


def _number(v) -> float | None:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else f


def _count(v) -> float | None:
    f = _number(v)
    return None if f is None else float(round(f))
