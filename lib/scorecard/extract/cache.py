"""The validated-extract cache: validate once, then every notebook loads typed tables fast.

    save_validated(x, folder)          # folder/tables/<table>.parquet, data_quality.parquet,
                                       # extract.json (dates, authority, missing columns, counts)
    x = load_validated(folder)         # the same Extract, dtypes included
    x = load_validated(folder, tables=["ssd_cp_plans", "ssd_cp_visits"])  # only what is needed

extract.json is written last, so a folder whose writing was interrupted has none and is refused
rather than half-read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from scorecard.errors import ExtractRefused
from scorecard.extract.model import DATA_QUALITY_COLUMNS, Extract

CACHE_FORMAT = 1
META_FILE = "extract.json"
TABLES_DIR = "tables"
DATA_QUALITY_FILE = "data_quality.parquet"


def _write(frame: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path, compression="snappy")


def _read(path: Path) -> pd.DataFrame:
    # pandas' own metadata in the file restores the dtypes (string, datetime64[ns], bool)
    return pq.read_table(path).to_pandas()


def save_validated(x: Extract, folder: Path) -> None:
    folder = Path(folder)
    (folder / TABLES_DIR).mkdir(parents=True, exist_ok=True)
    meta_path = folder / META_FILE
    meta_path.unlink(missing_ok=True)
    for name, frame in x.tables.items():
        _write(frame, folder / TABLES_DIR / f"{name}.parquet")
    _write(x.data_quality[DATA_QUALITY_COLUMNS], folder / DATA_QUALITY_FILE)
    meta = {
        "format": CACHE_FORMAT,
        "extract_date": x.extract_date.date().isoformat(),
        "la_code": x.la_code,
        "la_name": x.la_name,
        "source": x.source,
        "tables": sorted(x.tables),
        "missing_columns": {t: sorted(cols) for t, cols in sorted(x.missing_columns.items())},
        "rows_read": dict(sorted(x.rows_read.items())),
    }
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


def load_validated(folder: Path, tables: Iterable[str] | None = None) -> Extract:
    """The Extract saved in `folder`; with `tables`, only those of them that exist."""
    folder = Path(folder)
    meta_path = folder / META_FILE
    if not meta_path.is_file():
        raise ExtractRefused(f"{folder}: no validated extract here ({META_FILE} is missing; "
                             f"was validation interrupted?)")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("format") != CACHE_FORMAT:
        raise ExtractRefused(f"{meta_path}: cache format {meta.get('format')!r}, expected "
                             f"{CACHE_FORMAT}; validate the extract again")
    names = meta["tables"] if tables is None else [t for t in tables if t in meta["tables"]]
    return Extract(
        tables={name: _read(folder / TABLES_DIR / f"{name}.parquet") for name in names},
        extract_date=pd.Timestamp(meta["extract_date"]),
        la_code=meta["la_code"],
        la_name=meta["la_name"],
        source=meta["source"],
        data_quality=_read(folder / DATA_QUALITY_FILE),
        missing_columns={t: set(cols) for t, cols in meta["missing_columns"].items()},
        rows_read={t: int(n) for t, n in meta["rows_read"].items()},
    )
