"""Reading an extract folder: extract.yaml and one file per table, every column as text.

    frames, meta = read_extract(folder)          # the table files (read lazily) + extract.yaml
    x = validate_frames(frames, meta)            # or: x = load_extract(folder)

A table is `<table>.csv` (UTF-8, header row, comma separated; a byte-order mark as Excel writes
it is accepted) or `<table>.parquet`; both for one table is refused as ambiguous. Every column is
read as text so that ids keep their leading zeros; typing is the validator's job. Only the
columns the workbook reads are loaded (plus any `*_postcode` column, for the anonymisation check),
so extra SSD columns cost nothing. The headers of every CSV or parquet file in the folder are
checked for forbidden identifiers first (EXTRACT.md says any file), and files that are not tables
have their `*_postcode` columns checked too; files of other kinds are left alone and listed by
`other_files`. The tables themselves are read when validation asks for them, one at a time
(`TableFiles`), so that a national extract is never held as text all at once. Bytes that are not
UTF-8 are found in the columns that are read.

Refused with a message naming the file (and line, where there is one): a missing or malformed
extract.yaml, an empty file (0 bytes: no header row), bytes that are not UTF-8, a line with
the wrong number of fields, an unreadable parquet file.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

from scorecard import schema
from scorecard.errors import ExtractRefused
from scorecard.extract.anonymity import (
    normalise_column_name,
    postcode_columns,
    refuse_forbidden_columns,
    refuse_full_postcodes,
)
from scorecard.extract.coerce import to_pandas_strings
from scorecard.extract.source import CSV, PARQUET, Source

if TYPE_CHECKING:
    from scorecard.extract.model import Extract

META_FILE = "extract.yaml"
DATA_SUFFIXES = (".csv", ".parquet")
CSV_BLOCK_BYTES = 8 << 20  # Arrow parses blocks in parallel; bigger blocks suit big files


class TableFiles(Mapping):
    """table -> its file's columns as text (attrs name the file), read each time it is asked
    for and not kept: validation takes the tables one by one, so a national extract is never
    in memory as text all at once."""

    def __init__(self, paths: dict[str, Path]):
        self.paths = dict(paths)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return _read_table(self.paths[name], schema.TABLES[name])

    def __contains__(self, name: object) -> bool:
        return name in self.paths

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


class RawExtract(NamedTuple):
    frames: TableFiles  # table -> every read column as text
    meta: dict  # extract.yaml


def read_extract(folder: Path) -> RawExtract:
    """extract.yaml and the table files, after the checks that need no more than headers (and
    the postcode columns of files the workbook does not otherwise read)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExtractRefused(f"{folder}: no such folder (the extract is a folder of files)")
    meta = read_meta(folder)
    files = table_files(folder)
    table_paths = set(files.values())
    for path in _data_files(folder):
        refuse_forbidden_columns(_source(path), _column_names(path))
        if path not in table_paths:
            _check_other_file(path)
    return RawExtract(TableFiles(files), meta)


def load_extract(folder: Path, allow_exact_dob: bool = False) -> Extract:
    """Read and validate an extract folder in one step."""
    from scorecard.extract.validate import validate_frames

    frames, meta = read_extract(folder)
    return validate_frames(frames, meta, allow_exact_dob=allow_exact_dob)


def table_files(folder: Path) -> dict[str, Path]:
    """table -> its file, for the tables present (in schema order)."""
    by_stem: dict[str, list[Path]] = {}
    for path in _data_files(folder):
        by_stem.setdefault(path.stem.lower(), []).append(path)
    found: dict[str, Path] = {}
    for name in schema.TABLES:
        paths = by_stem.get(name, [])
        if len(paths) > 1:
            listed = " and ".join(p.name for p in sorted(paths))
            raise ExtractRefused(f"{folder}: both {listed} are present; keep one file per table "
                                 f"so that it is clear which one holds the data")
        if paths:
            found[name] = paths[0]
    return found


def other_files(folder: Path) -> list[str]:
    """Names of the files in the folder that are neither a table nor extract.yaml (ignored)."""
    used = {p.name for p in table_files(folder).values()} | {META_FILE}
    return sorted(p.name for p in Path(folder).iterdir() if p.is_file() and p.name not in used)


def _data_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)


# --- extract.yaml -------------------------------------------------------------------------------


def read_meta(folder: Path) -> dict:
    path = Path(folder) / META_FILE
    if not path.is_file():
        raise ExtractRefused(f"{folder}: no {META_FILE}; an extract needs one, giving at least "
                             f"extract_date: YYYY-MM-DD (EXTRACT.md)")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ExtractRefused(f"{META_FILE}: not UTF-8 text (byte {e.start})") from None
    try:
        meta = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or "malformed"
        raise ExtractRefused(f"{META_FILE}: not valid YAML{where} ({problem})") from None
    if not isinstance(meta, dict):
        raise ExtractRefused(f"{META_FILE}: expected keys and values (extract_date: YYYY-MM-DD, "
                             f"la_code, la_name, source, anonymised), found none")
    meta = {str(k): v for k, v in meta.items()}
    parse_extract_date(meta.get("extract_date"))
    return meta


def parse_extract_date(value: object) -> pd.Timestamp:
    """extract_date as a Timestamp; refused (naming the key) when missing or not YYYY-MM-DD."""
    if value is None:
        raise ExtractRefused(f"{META_FILE}: the key extract_date is missing; it is the date the "
                             f"data was taken, written YYYY-MM-DD")
    if isinstance(value, dt.datetime):
        return pd.Timestamp(value.date())
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return pd.Timestamp(dt.date.fromisoformat(text))
        except ValueError:
            pass
    raise ExtractRefused(f"{META_FILE}: extract_date {text!r} is not a date written YYYY-MM-DD")


# --- table files --------------------------------------------------------------------------------


def _read_table(path: Path, table: schema.Table) -> pd.DataFrame:
    wanted = {c.name for c in table.columns}
    if path.suffix.lower() == ".csv":
        frame = _read_csv(path, lambda c: c in wanted)
        kind = CSV
    else:
        frame = _read_parquet(path, lambda c: c in wanted)
        kind = PARQUET
    frame.attrs["source_name"] = path.name
    frame.attrs["source_kind"] = kind
    return frame


def _source(path: Path) -> Source:
    return Source(path.name, CSV if path.suffix.lower() == ".csv" else PARQUET)


def _column_names(path: Path) -> list[str]:
    if path.suffix.lower() == ".csv":
        return [normalise_column_name(c) for c in _header(path)]
    return [normalise_column_name(c) for c in _parquet_schema(path).names]


def _check_other_file(path: Path) -> None:
    """A file the workbook does not read may still not carry identifiers (EXTRACT.md)."""
    source = _source(path)
    reader = _read_csv if source.kind == CSV else _read_parquet
    frame = reader(path, lambda c: False)  # reads only *_postcode columns, refuses identifiers
    for column in frame.columns:
        refuse_full_postcodes(source, column, frame[column])


def _frame(names: list[str], columns: Iterable[pa.ChunkedArray | pa.Array]) -> pd.DataFrame:
    return pd.DataFrame({n: to_pandas_strings(c) for n, c in zip(names, columns)})


def _header(path: Path) -> list[str]:
    if path.stat().st_size == 0:
        raise ExtractRefused(f"{path.name}: the file is empty (0 bytes), so it has no header row; "
                             f"a table with no records still needs its header line")
    with path.open("rb") as f:
        first = f.readline()
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ExtractRefused(_not_utf8(path.name, 1, first, e)) from None
    text = text.rstrip("\r\n")
    if not text.strip():
        raise ExtractRefused(f"{path.name}: line 1 is empty; the first line must be the header "
                             f"row naming the columns")
    return next(csv.reader([text]))


def _not_utf8(name: str, line: int, raw: bytes, e: UnicodeDecodeError) -> str:
    bad = raw[e.start:e.start + 1].hex()
    return (f"{name}: line {line} holds bytes that are not UTF-8 (0x{bad} at byte {e.start + 1} "
            f"of the line); save the file as UTF-8 (in Excel: 'CSV UTF-8') and run again")


def _read_csv(path: Path, wanted) -> pd.DataFrame:
    """The wanted columns (and any *_postcode column) of a CSV, as text."""
    source = Source(path.name, CSV)
    names = [normalise_column_name(c) for c in _header(path)]
    if len(names) == 1 and (";" in names[0] or "\t" in names[0]):
        raise ExtractRefused(f"{path.name}: line 1 (the header) has a single column holding "
                             f"semicolons or tabs; the extract's files must be comma separated")
    refuse_forbidden_columns(source, names)
    include = [c for c in names if wanted(c)] + postcode_columns(names)
    include = list(dict.fromkeys(include))
    repeated = [c for c in include if names.count(c) > 1]
    if repeated:
        raise ExtractRefused(f"{path.name}: column {repeated[0]} appears more than once in the "
                             f"header; each column must appear once")
    if not include:
        return pd.DataFrame()
    # Our own names, so that a byte-order mark or stray spaces in the header do not matter.
    unique_names = [n if names.count(n) == 1 else f"{n}#{i}" for i, n in enumerate(names)]
    convert = pacsv.ConvertOptions(
        column_types={c: pa.large_string() for c in include}, include_columns=include,
        strings_can_be_null=False, quoted_strings_can_be_null=False,
    )
    for newlines_in_values in (False, True):
        read = pacsv.ReadOptions(column_names=unique_names, skip_rows=1,
                                 block_size=CSV_BLOCK_BYTES)
        parse = pacsv.ParseOptions(newlines_in_values=newlines_in_values)
        try:
            table = pacsv.read_csv(path, read_options=read, parse_options=parse,
                                   convert_options=convert)
            break
        except pa.ArrowInvalid as e:
            message = str(e)
            if "UTF8" in message or "utf8" in message.lower():
                raise ExtractRefused(_locate_bad_utf8(path)) from None
            if "parse error" in message.lower() and not newlines_in_values:
                continue  # perhaps a quoted value holding a line break: read again allowing it
            raise ExtractRefused(_locate_bad_fields(path, len(names), message)) from None
    return _frame(include, (table.column(c) for c in include))


def _locate_bad_utf8(path: Path) -> str:
    """Only on the error path: find the first line that is not UTF-8, for the message."""
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as e:
                return _not_utf8(path.name, number, raw, e)
    return f"{path.name}: holds bytes that are not UTF-8; save the file as UTF-8 and run again"


def _locate_bad_fields(path: Path, expected: int, arrow_message: str) -> str:
    """Only on the error path: the first line whose number of fields differs from the header's."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        reader = csv.reader(f)
        for record in reader:
            if record and len(record) != expected:
                return (f"{path.name}: line {reader.line_num} has {len(record)} fields where the "
                        f"header has {expected}; check the separators and quotes on that line")
    return f"{path.name}: cannot be read as CSV ({arrow_message})"


def _parquet_schema(path: Path) -> pa.Schema:
    if path.stat().st_size == 0:
        raise ExtractRefused(f"{path.name}: the file is empty (0 bytes)")
    try:
        return pq.read_schema(path)
    except (pa.ArrowException, OSError) as e:
        raise ExtractRefused(f"{path.name}: not a readable parquet file ({e})") from None


def _read_parquet(path: Path, wanted) -> pd.DataFrame:
    source = Source(path.name, PARQUET)
    original = list(_parquet_schema(path).names)
    names = [normalise_column_name(c) for c in original]
    refuse_forbidden_columns(source, names)
    include = list(dict.fromkeys([c for c in names if wanted(c)] + postcode_columns(names)))
    repeated = [c for c in include if names.count(c) > 1]
    if repeated:
        raise ExtractRefused(f"{path.name}: column {repeated[0]} appears more than once")
    if not include:
        return pd.DataFrame()
    read = [original[names.index(c)] for c in include]
    try:
        table = pq.read_table(path, columns=read)
    except (pa.ArrowException, OSError) as e:
        raise ExtractRefused(f"{path.name}: not a readable parquet file ({e})") from None
    return _frame(include, (_as_text(path.name, c, table.column(r)) for c, r in zip(include, read)))


def _as_text(file: str, column: str, values: pa.ChunkedArray) -> pa.Array:
    """A typed parquet column written as the CSV would hold it (dates ISO, flags Y/N)."""
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    kind = values.type
    if pa.types.is_dictionary(kind):
        return _as_text(file, column, values.dictionary_decode())
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return values
    if pa.types.is_boolean(kind):
        return pc.if_else(values, "Y", "N")
    if pa.types.is_floating(kind):
        finite = pc.drop_null(values)
        whole = len(finite) == 0 or pc.all(pc.equal(pc.floor(finite), finite)).as_py()
        if whole:  # an integer id that the writer stored as float because of missing values
            return pc.cast(pc.cast(values, pa.int64()), pa.string())
    try:
        return pc.cast(values, pa.string())  # dates as YYYY-MM-DD, timestamps with a time part
    except pa.ArrowException:
        raise ExtractRefused(f"{file}: column {column} has type {kind}, which cannot be read as "
                             f"text, a date, a flag or a number") from None
