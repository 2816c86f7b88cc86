"""Read a run's sidecars: everything `scorecard render` needs, checked before anything is drawn.

The sidecar contract (DESIGN.md, the runner's 90_scorecard notebook writes it):
`sidecars/measures.parquet` (the rows of measures.csv, unsuppressed), `sidecars/run.json` (the
run's authority, period, dates, targets and unavailable measures) and
`sidecars/data_quality_summary.csv` (table, rule, status, records). A file that breaks the
contract stops the render with a message naming the file, the column or key, and the row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scorecard.errors import RunFailed

MEASURE_COLUMNS = [
    "measure_id", "title", "area", "window", "period_start", "period_end", "numerator",
    "denominator", "value", "rate_per_10k", "unit", "polarity", "target", "rag", "england",
    "region", "neighbours", "benchmark_year", "direction",
]
WINDOWS = ("quarter", "ytd", "period", "snapshot", "rolling")
UNITS = ("percent", "count", "average", "days")
POLARITIES = ("higher", "lower", "neutral")
RAGS = ("green", "amber", "red")
DIRECTIONS = ("improving", "worsening", "no change", "up", "down")
DQ_COLUMNS = ["table", "rule", "status", "records"]


class SidecarError(RunFailed):
    """A sidecar file that does not meet the contract."""


@dataclass(frozen=True)
class PeriodInfo:
    label: str  # 2025-26-Q2 or custom_2025-01-01_2025-03-31
    kind: str  # quarter | period
    start: pd.Timestamp
    end: pd.Timestamp
    display: str  # 2025-26 Q2


@dataclass(frozen=True)
class RunInfo:
    la_code: str
    la_name: str
    committee: str | None
    period: PeriodInfo
    extract_date: pd.Timestamp
    produced: pd.Timestamp
    suppress_below: int
    commentary: str | None
    renderer: str
    unavailable: dict[str, str] = field(default_factory=dict)
    targets: dict[str, dict[str, float | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Sidecars:
    folder: Path
    run: RunInfo
    measures: pd.DataFrame  # unsuppressed; suppress before showing anything
    data_quality: pd.DataFrame


def load_sidecars(run_dir: Path) -> Sidecars:
    folder = Path(run_dir) / "sidecars"
    if not folder.is_dir():
        raise SidecarError(
            f"{folder}: no sidecars folder; is {run_dir} the output folder of a scorecard run?"
        )
    run = read_run_json(folder / "run.json")
    measures = read_measures(folder / "measures.parquet")
    dq = read_data_quality(folder / "data_quality_summary.csv")
    return Sidecars(folder, run, measures, dq)


def _date(value, where: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(value).normalize()
    except (ValueError, TypeError):
        raise SidecarError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def read_run_json(path: Path) -> RunInfo:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SidecarError(f"{path}: missing (the run's settings for the documents)") from None
    except json.JSONDecodeError as e:
        raise SidecarError(f"{path}: not valid JSON: {e}") from None
    if not isinstance(raw, dict):
        raise SidecarError(f"{path}: must be a JSON object")

    def need(obj: dict, key: str, where: str):
        if obj.get(key) in (None, ""):
            raise SidecarError(f"{path}: key {where}{key} is missing")
        return obj[key]

    p = need(raw, "period", "")
    if not isinstance(p, dict):
        raise SidecarError(f"{path}: key period must be an object with label, kind, start, end")
    kind = need(p, "kind", "period.")
    if kind not in ("quarter", "period"):
        raise SidecarError(f"{path}: key period.kind is {kind!r}; expected quarter or period")
    period = PeriodInfo(
        label=str(need(p, "label", "period.")),
        kind=kind,
        start=_date(need(p, "start", "period."), f"{path}: key period.start"),
        end=_date(need(p, "end", "period."), f"{path}: key period.end"),
        display=str(p.get("display") or p["label"]),
    )
    renderer = raw.get("renderer") or "pandoc"
    if renderer not in ("pandoc", "quarto"):
        raise SidecarError(f"{path}: key renderer is {renderer!r}; expected pandoc or quarto")
    try:
        suppress_below = int(need(raw, "suppress_below", ""))
    except (TypeError, ValueError):
        raise SidecarError(f"{path}: key suppress_below must be a whole number") from None
    targets = raw.get("targets") or {}
    if not isinstance(targets, dict):
        raise SidecarError(f"{path}: key targets must be an object {{id: {{target, amber}}}}")
    unavailable = raw.get("unavailable") or {}
    if not isinstance(unavailable, dict):
        raise SidecarError(f"{path}: key unavailable must be an object {{id: reason}}")
    return RunInfo(
        la_code=str(raw.get("la_code") or ""),
        la_name=str(need(raw, "la_name", "")),
        committee=raw.get("committee") or None,
        period=period,
        extract_date=_date(need(raw, "extract_date", ""), f"{path}: key extract_date"),
        produced=_date(need(raw, "produced", ""), f"{path}: key produced"),
        suppress_below=suppress_below,
        commentary=raw.get("commentary") or None,
        renderer=renderer,
        unavailable={str(k): str(v) for k, v in unavailable.items()},
        targets={str(k): dict(v) for k, v in targets.items()},
    )


def _check_values(frame: pd.DataFrame, column: str, allowed: tuple[str, ...], path: Path,
                  allow_empty: bool = False) -> None:
    values = frame[column]
    bad = ~values.isin(allowed)
    if allow_empty:
        bad &= values.notna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise SidecarError(
            f"{path}: column {column}, row {row + 1} ({frame['measure_id'].iloc[row]}): "
            f"{values.iloc[row]!r} is not one of {', '.join(allowed)}"
        )


def read_measures(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(path)
    except FileNotFoundError:
        raise SidecarError(f"{path}: missing (the measures the documents show)") from None
    except Exception as e:  # pyarrow raises several types for a damaged file
        raise SidecarError(f"{path}: cannot be read as parquet: {e}") from None
    missing = [c for c in MEASURE_COLUMNS if c not in frame.columns]
    if missing:
        raise SidecarError(f"{path}: column {missing[0]} is missing")
    frame = frame.copy()
    for c in ("measure_id", "title", "area", "window", "unit", "polarity", "rag", "direction",
              "benchmark_year"):
        # empty strings and missing values both mean "none" (CSV round trips give either)
        frame[c] = frame[c].astype("string").str.strip().replace("", pd.NA).astype(object)
        frame[c] = frame[c].where(frame[c].notna(), None)
    for c in ("period_start", "period_end"):
        parsed = pd.to_datetime(frame[c], errors="coerce")
        bad = parsed.isna()
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise SidecarError(
                f"{path}: column {c}, row {row + 1}: {frame[c].iloc[row]!r} is not a date"
            )
        frame[c] = parsed.dt.normalize().astype("datetime64[ns]")
    for c in ("numerator", "denominator", "value", "rate_per_10k", "target", "england",
              "region", "neighbours"):
        parsed = pd.to_numeric(frame[c], errors="coerce").astype("float64")
        bad = parsed.isna() & frame[c].notna() & (frame[c].astype("string").str.strip() != "")
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise SidecarError(
                f"{path}: column {c}, row {row + 1}: {frame[c].iloc[row]!r} is not a number"
            )
        frame[c] = parsed
    _check_values(frame, "window", WINDOWS, path)
    _check_values(frame, "unit", UNITS, path)
    _check_values(frame, "polarity", POLARITIES, path)
    _check_values(frame, "rag", RAGS, path, allow_empty=True)
    _check_values(frame, "direction", DIRECTIONS, path, allow_empty=True)
    dupes = frame.duplicated(["measure_id", "window", "period_end"])
    if dupes.any():
        row = int(dupes.to_numpy().nonzero()[0][0])
        raise SidecarError(
            f"{path}: row {row + 1}: a second row for {frame['measure_id'].iloc[row]} "
            f"{frame['window'].iloc[row]} ending {frame['period_end'].iloc[row]:%Y-%m-%d}"
        )
    return frame.reset_index(drop=True)


def read_data_quality(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype="string", keep_default_na=False)
    except FileNotFoundError:
        raise SidecarError(f"{path}: missing (the data-quality counts)") from None
    missing = [c for c in DQ_COLUMNS if c not in frame.columns]
    if missing:
        raise SidecarError(f"{path}: column {missing[0]} is missing")
    records = pd.to_numeric(frame["records"], errors="coerce")
    bad = records.isna() | (records < 0) | (records != records.round())
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise SidecarError(
            f"{path}: column records, row {row + 1}: {frame['records'].iloc[row]!r} is not a "
            "count of records"
        )
    out = frame[DQ_COLUMNS[:-1]].astype(object)
    out["records"] = records.astype("int64")
    return out
