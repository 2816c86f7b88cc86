"""Writers for the files a run hands to the document renderer (the sidecar contract), in one
place so the notebooks stay thin and the bytes stay reproducible.

    sidecars/measures.parquet           the rows of measures.csv (unsuppressed)
    sidecars/run.json                   authority, period, dates, targets, unavailable measures
    sidecars/data_quality_summary.csv   table, rule, status, records (counts only)
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from scorecard.errors import ScorecardError
from scorecard.extract.model import Extract
from scorecard.params import Params
from scorecard.periods import Period

DATA_QUALITY_FILE = "data_quality.csv"
DATA_QUALITY_SUMMARY = "sidecars/data_quality_summary.csv"


def resolve_commentary(params: Params, params_file: str | Path | None) -> str | None:
    """The period's commentary file as an absolute path: as written (from the working folder),
    else beside the params file, else one level up (params/ usually sits at the project top)."""
    if not params.commentary:
        return None
    given = Path(params.commentary)
    if given.is_absolute():
        candidates = [given]
    else:
        candidates = [Path.cwd() / given]
        if params_file:
            here = Path(params_file).resolve().parent
            candidates += [here / given, here.parent / given]
    for c in candidates:
        if c.is_file():
            return str(c.resolve())
    raise ScorecardError(
        f"{params.source or 'params'}: commentary file {params.commentary} not found "
        f"(looked in {', '.join(str(c.parent) for c in candidates)})"
    )


def run_record(
    params: Params, period: Period, extract_date: pd.Timestamp, produced: str,
    commentary: str | None, renderer: str, unavailable: dict[str, str],
) -> dict:
    return {
        "la_code": params.la_code,
        "la_name": params.la_name,
        "committee": params.committee,
        "period": {
            "label": period.label,
            "kind": "quarter" if period.kind == "quarter" else "period",
            "start": str(period.start.date()),
            "end": str(period.end.date()),
            "display": period.display,
        },
        "extract_date": str(pd.Timestamp(extract_date).date()),
        "produced": produced,
        "suppress_below": params.suppress_below,
        "commentary": commentary,
        "renderer": renderer,
        "unavailable": dict(sorted(unavailable.items())),
        "targets": {
            mid: {"target": t.target, "amber": t.amber}
            for mid, t in sorted(params.targets.items())
        },
    }


def write_run_json(path: Path, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def write_measures_parquet(rows: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows.reset_index(drop=True).to_parquet(path, index=False)


def write_scorecard_sidecars(
    folder: Path, rows: pd.DataFrame, params: Params, period: Period,
    extract_date: pd.Timestamp, run_info: dict, unavailable: dict[str, str],
) -> None:
    """`folder`/measures.parquet and `folder`/run.json: what the documents are rendered from.

    `run_info` is the run's {produced, commentary, renderer}; a notebook run on its own has
    none, and is produced today with the params' renderer.
    """
    write_measures_parquet(rows, Path(folder) / "measures.parquet")
    write_run_json(Path(folder) / "run.json", run_record(
        params, period, extract_date,
        produced=run_info.get("produced") or pd.Timestamp.today().date().isoformat(),
        commentary=run_info.get("commentary"),
        renderer=run_info.get("renderer") or params.renderer,
        unavailable=unavailable,
    ))


def write_data_quality(x: Extract, run_dir: Path) -> None:
    """data_quality.csv (every excluded or suspect record) and its counts-only summary, both in
    the validator's own deterministic order."""
    from scorecard.extract.quality import write_data_quality as write_rows

    run_dir.mkdir(parents=True, exist_ok=True)
    write_rows(x.data_quality, run_dir / DATA_QUALITY_FILE)
    write_data_quality_summary(x, run_dir)


def write_data_quality_summary(x: Extract, run_dir: Path) -> None:
    """sidecars/data_quality_summary.csv alone: the counts the documents show."""
    from scorecard.extract.quality import data_quality_summary

    summary = run_dir / DATA_QUALITY_SUMMARY
    summary.parent.mkdir(parents=True, exist_ok=True)
    data_quality_summary(x).to_csv(summary, index=False, lineterminator="\n")
