"""The build script: the shipped table matches the raw files; bad raw files fail clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scorecard.reference.build_dfe import (
    DEFAULT_OUT,
    DEFAULT_RAW,
    BenchmarkDataError,
    build_table,
    write_table,
)

C2 = "c2_children_in_need_assessments_duration_2014_to_2024.csv"


def test_shipped_table_is_what_the_raw_files_build(tmp_path):
    # guards against editing the raw files (or sources.py) without rebuilding the package data
    out = tmp_path / "dfe_benchmarks.csv"
    write_table(build_table(DEFAULT_RAW), out)
    assert out.read_bytes() == DEFAULT_OUT.read_bytes()


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    raw = tmp_path / "dfe"
    shutil.copytree(DEFAULT_RAW, raw)
    return raw


def _edit_line(path: Path, line_no: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line_no - 1]
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_unreadable_cell_names_file_column_and_row(raw_copy):
    # c2 line 2 is England 2024: Assessments_completed 643170
    _edit_line(raw_copy / C2, 2, ",643170,", ",643 170 approx,")
    with pytest.raises(BenchmarkDataError) as e:
        build_table(raw_copy)
    msg = str(e.value)
    assert C2 in msg and "column Assessments_completed" in msg and "row 2" in msg


def test_renamed_column_is_named(raw_copy):
    _edit_line(raw_copy / C2, 1, ",41-45_days,", ",41_to_45_days,")
    with pytest.raises(BenchmarkDataError, match="missing column '41-45_days'"):
        build_table(raw_copy)


def test_missing_file_is_named(raw_copy):
    (raw_copy / C2).unlink()
    with pytest.raises(BenchmarkDataError, match=f"DfE file not found: .*{C2}"):
        build_table(raw_copy)
