"""The benchmark's machinery: measuring a process, the scaling fit, the targets, and a smoke run
of `python -m benchmarks` at a tiny scale (seconds, no notebooks)."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import extracts, process, report

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_measure_reports_wall_cpu_and_the_processs_own_peak_memory(tmp_path):
    # 200 MB written (so resident), about 0.3 s of arithmetic, then half a second asleep
    m = process.measure(_python("b = b'x' * (200 * 2**20); sum(range(10**7)); import time; "
                        "time.sleep(0.5); print('done')"), tmp_path / "one.log")
    assert m.returncode == 0
    assert m.tail() == "done"
    assert m.wall >= 0.5
    assert 0.05 < m.cpu < m.wall
    assert 200 <= m.peak_mb < 300
    # a later, smaller process is measured on its own (not the largest child so far)
    small = process.measure(_python("pass"), tmp_path / "two.log")
    assert small.peak_mb < 100


def test_measure_sums_the_memory_of_a_process_tree(tmp_path):
    # two children hold 150 MB each at the same time, for a second: together 300 MB, while
    # no single process ever holds more than about 165 MB
    child = "b = b'x' * (150 * 2**20); import time; time.sleep(1)"
    parent = ("import subprocess, sys; "
              f"ps = [subprocess.Popen([sys.executable, '-c', {child!r}]) for _ in range(2)]; "
              "[p.wait() for p in ps]")
    m = process.measure(_python(parent), tmp_path / "tree.log")
    assert m.returncode == 0
    assert m.peak_mb < 200
    assert m.tree_peak_mb >= 300


def test_measure_reports_a_failure(tmp_path):
    m = process.measure(_python("import sys; print('no such extract'); sys.exit(3)"),
                        tmp_path / "f.log")
    assert m.returncode == 3
    assert "no such extract" in m.tail()


def test_exponent_by_hand():
    # ten times the rows in ten times the time: linear
    assert report.exponent([(1_000, 2.0), (10_000, 20.0)]) == pytest.approx(1.0)
    # a hundred times the rows in ten times the time: k = log 10 / log 100 = 0.5
    assert report.exponent([(1_000, 2.0), (100_000, 20.0)]) == pytest.approx(0.5)
    # three points on t = rows ** 2 / 1e6 fit k = 2 exactly
    assert report.exponent([(1e3, 1.0), (1e4, 100.0), (1e5, 1e4)]) == pytest.approx(2.0)
    assert report.exponent([(1_000, 2.0)]) is None


def _stage(name, scale, wall, peak=100.0, rows=None, cpu=None):
    return {"name": name, "scale": scale, "wall": wall, "cpu": cpu or wall, "peak_mb": peak,
            "rows": rows, "failed": None}


def test_targets_met_and_missed():
    data = {"stages": [
        _stage("whole", 1.0, 14.9), _stage("render", 1.0, 3.2),
        _stage("load", 1.0, 2.0, rows=1_000), _stage("load", 150.0, 200.0, rows=150_000),
        _stage("compute", 1.0, 1.0, rows=1_000),
        _stage("compute", 150.0, 59.0, peak=9000.0, rows=150_000),
    ]}
    got = {t["target"]: t["met"] for t in report.targets(data)}
    assert got["The sample quarter, all documents (warm)"] is True  # 14.9 <= 15
    assert got["`scorecard render` after a commentary edit"] is False  # 3.2 > 3
    assert got["All measures, all periods, national-size extract"] is True  # 59 <= 60
    assert got["... within 8 GB (peak RSS)"] is False  # 9,000 MB > 8,192 MB
    # load: 150 times the rows in 100 times the time, k = log 100 / log 150 = 0.92
    load = next(t for t in report.targets(data) if t["target"].startswith("Load"))
    assert load["value"] == pytest.approx(math.log(100) / math.log(150))
    assert load["met"] is True
    # compute: 150 times the rows in 59 times the time
    assert got["Compute every measure: cost no faster than linear, scale 1 to national"] is True


def _csv_rows(folder: Path) -> int:
    total = 0
    for path in folder.glob("*.csv"):
        with open(path, newline="", encoding="utf-8") as f:
            total += sum(1 for _ in csv.reader(f)) - 1  # less the header
    return total


def test_smoke_run_of_the_benchmark_at_a_tiny_scale(tmp_path):
    work, results = tmp_path / "work", tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--scales", "0.02", "--repeats", "1",
         "--stages", "load,compute,baseline", "--work", str(work), "--results", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads((work / "results.json").read_text(encoding="utf-8"))
    stages = {s["name"]: s for s in data["stages"]}
    assert set(stages) == {"generate", "load", "compute", "engine", "baseline"}
    # input rows: the records in the extract's files, counted here independently
    rows = _csv_rows(work / "extracts" / "scale-0.02-seed-1")
    assert rows > 5_000
    for s in stages.values():
        assert s["failed"] is None
        assert len(s["runs"]) == 1
        assert s["wall"] > 0 and s["peak_mb"] > 50
        assert s["rows"] == rows
        assert s["rows_per_s"] == pytest.approx(rows / s["wall"])
    assert stages["compute"]["extra"]["measures"] > 40
    [comparison] = data["comparisons"]
    assert comparison["identical"] and comparison["rows"] == 69
    text = results.read_text(encoding="utf-8")
    assert "### Scale 0.02:" in text
    assert f"{rows:,} input rows" in text
    assert "| 0.02 | 69 | yes |" in text
    assert "| ... within 8 GB (peak RSS) | ≤ 8,192 MB | not measured | – |" in text

    # the next run reuses the extract instead of making it again
    folder, made = extracts.ensure_extract(work, 0.02, 1)
    assert made is None and folder == work / "extracts" / "scale-0.02-seed-1"
