"""The run's computed scorecard, handed from the runner to the notebooks as parquet files.

Why the runner computes once and the notebooks read: every measure shares derived work built
once per extract (periods of care, working-day columns, open-at-date masks); splitting the
computation across nine kernels would build it up to nine times and hold the extract in memory
nine times, which a national-size extract cannot afford. The notebooks then only read the rows and
audit frames of their own area (milliseconds) and spend their time on what a reviewer reads: the
definitions, cohorts, exclusions, distributions and trends. Run on its own (JupyterLab, nbval), a
notebook computes the same `compute_scorecard` call for its areas itself, so it needs no runner.

Layout of the folder:
    rows.parquet               every measures.csv row (all measures, windows, quarters)
    audits/<ID>.parquet        the record-level audit frame of each measure (period asked for)
    data_quality.parquet       the validator's list of excluded and suspect records
    tables.parquet             rows per validated table (for the data-quality summary)
    meta.json                  period, authority, extract date, unavailable measures, notes,
                               and how the run was asked for (date produced, renderer, commentary)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from scorecard.engine import Scorecard
from scorecard.extract.model import DATA_QUALITY_COLUMNS, Extract
from scorecard.periods import Period


@dataclass
class Results:
    """What a notebook needs: the scorecard and the facts about the extract it came from."""

    scorecard: Scorecard
    la_code: str
    la_name: str
    extract_date: pd.Timestamp
    data_quality: pd.DataFrame
    table_rows: dict[str, int] = field(default_factory=dict)
    missing_columns: dict[str, list[str]] = field(default_factory=dict)
    # how the run was asked for: produced (date), renderer, commentary (absolute path or None)
    run_info: dict = field(default_factory=dict)


def results_from(x: Extract, scorecard: Scorecard, run_info: dict | None = None) -> Results:
    return Results(
        scorecard=scorecard, la_code=x.la_code, la_name=x.la_name,
        extract_date=pd.Timestamp(x.extract_date), data_quality=x.data_quality,
        table_rows={name: len(t) for name, t in sorted(x.tables.items())},
        missing_columns={t: sorted(c) for t, c in sorted(x.missing_columns.items()) if c},
        run_info=run_info or {},
    )


def save_results(results: Results, folder: Path) -> None:
    folder = Path(folder)
    (folder / "audits").mkdir(parents=True, exist_ok=True)
    sc = results.scorecard
    sc.rows.to_parquet(folder / "rows.parquet", index=False)
    for mid, frame in sc.audits.items():
        frame.to_parquet(folder / "audits" / f"{mid}.parquet", index=False)
    _plain(results.data_quality).to_parquet(folder / "data_quality.parquet", index=False)
    meta = {
        "period": {"label": sc.period.label, "kind": sc.period.kind,
                   "start": str(sc.period.start.date()), "end": str(sc.period.end.date())},
        "la_code": results.la_code, "la_name": results.la_name,
        "extract_date": str(results.extract_date.date()),
        "unavailable": sc.unavailable, "notes": sc.notes,
        "table_rows": results.table_rows, "missing_columns": results.missing_columns,
        "audits": sorted(sc.audits),
        "run_info": results.run_info,
    }
    (folder / "meta.json").write_text(json.dumps(meta, indent=1, default=str), encoding="utf-8")


def load_results(folder: Path, areas: list[str] | None = None) -> Results:
    """Read what `save_results` wrote; with `areas`, only those areas' rows and audits."""
    folder = Path(folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    p = meta["period"]
    period = Period(pd.Timestamp(p["start"]), pd.Timestamp(p["end"]), p["label"], p["kind"])
    rows = pd.read_parquet(folder / "rows.parquet")
    if areas is not None:
        rows = rows[rows["area"].isin(areas)].reset_index(drop=True)
    wanted = set(rows["measure_id"])
    audits = {
        mid: pd.read_parquet(folder / "audits" / f"{mid}.parquet")
        for mid in meta["audits"] if mid in wanted
    }
    unavailable = meta["unavailable"]
    if areas is not None:
        from scorecard.measures.registry import load_all

        registry = load_all()
        unavailable = {k: v for k, v in unavailable.items() if registry[k].area in areas}
    scorecard = Scorecard(period, rows, audits, unavailable, meta.get("notes", {}))
    return Results(
        scorecard=scorecard, la_code=meta["la_code"], la_name=meta["la_name"],
        extract_date=pd.Timestamp(meta["extract_date"]),
        data_quality=pd.read_parquet(folder / "data_quality.parquet"),
        table_rows=meta["table_rows"], missing_columns=meta["missing_columns"],
        run_info=meta.get("run_info", {}),
    )


def _plain(dq: pd.DataFrame) -> pd.DataFrame:
    """The data-quality frame with its contract columns, whatever extra the validator keeps."""
    if dq is None or dq.empty:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in DATA_QUALITY_COLUMNS})
    return dq.reset_index(drop=True)
