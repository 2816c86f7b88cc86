"""The in-process stages, each run in its own fresh process by the benchmark:

    python -m benchmarks.stages load     --extract DIR --validated DIR --out result.json
    python -m benchmarks.stages compute  --validated DIR --params FILE --period Q --out ...
    python -m benchmarks.stages engine   --validated DIR --params FILE --period Q --out ...
    python -m benchmarks.stages baseline --validated DIR --params FILE --period Q --out ...

Each times only its work (not the interpreter start or the imports) and writes a JSON result:
wall and CPU seconds of the work, the peak resident memory while it ran, and the input rows.

- load: read and validate the extract (`load_extract`), then, untimed, save the validated
  tables (`save_validated`) for the other stages, so that compute is timed on its own. The
  extract's files are read once before the clock starts, so that they are in the operating
  system's file cache: the figure is then the code's cost, not the virtual disk's.
- compute: every measure for the quarter, its YTD and the 8 trailing quarters
  (`compute_scorecard`, as `scorecard run` calls it), with the time spent in each measure.
- engine / baseline: the baseline's measures and periods, by the engine's measure functions
  (numbers only, no audit frames) or by `benchmarks.baseline`, with their numerators and
  denominators for the comparison.

The peak memory of compute, engine and baseline is that of the work: the process's peak RSS is
reset (/proc/self/clear_refs) after the validated extract is read, so it counts the extract
held in memory and what the work adds, not the parquet reader's transient buffers.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from pathlib import Path


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_mb() -> float:
    """The process's peak RSS since start or the last reset (VmHWM), in MB."""
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def _reset_peak() -> bool:
    """Make VmHWM start again from the current RSS (Linux 4.0+); False where not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
        return True
    except OSError:
        return False


class _Timer:
    def __enter__(self) -> _Timer:
        self.wall, self.cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = _cpu() - self.cpu
        self.peak_mb = _peak_mb()


def _rows(x) -> int:
    return int(sum(x.rows_read.values()))


def _cache_files(folder: Path) -> None:
    """Read every file in `folder` once, to put it in the operating system's file cache."""
    for path in sorted(folder.iterdir()):
        if path.is_file():
            with open(path, "rb") as f:
                while f.read(1 << 24):
                    pass


def _load(args) -> dict:
    from scorecard.extract.cache import save_validated
    from scorecard.extract.load import load_extract

    _cache_files(Path(args.extract))
    with _Timer() as t:
        x = load_extract(Path(args.extract))
    save_validated(x, Path(args.validated))
    return {"wall": t.wall, "cpu": t.cpu, "peak_mb": t.peak_mb, "rows": _rows(x),
            "rows_used": int(sum(len(f) for f in x.tables.values())),
            "data_quality_rows": len(x.data_quality)}


def _validated(args):
    from scorecard.extract.cache import load_validated

    x = load_validated(Path(args.validated))
    return x, _reset_peak()


def _compute(args) -> dict:
    from scorecard.engine import compute_scorecard
    from scorecard.params import load_params
    from scorecard.periods import quarter

    params, period = load_params(args.params), quarter(args.period)
    x, reset = _validated(args)
    per_measure: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(measure_id, window, p) -> None:
        # called after each (measure, window): the time since the previous call is this one's
        now = time.perf_counter()
        per_measure[measure_id] = per_measure.get(measure_id, 0.0) + now - last[0]
        last[0] = now

    with _Timer() as t:
        last[0] = time.perf_counter()
        sc = compute_scorecard(x, params, period, progress=progress)
    # after the last measure: RAG, directions, benchmarks, ordering the rows
    per_measure["(finishing the rows)"] = max(0.0, t.wall - sum(per_measure.values()))
    return {"wall": t.wall, "cpu": t.cpu, "peak_mb": t.peak_mb, "peak_reset": reset,
            "rows": _rows(x), "scorecard_rows": len(sc.rows),
            "measures": int(sc.rows["measure_id"].nunique()),
            "per_measure": dict(sorted(per_measure.items(), key=lambda kv: -kv[1]))}


def _numbers(frame) -> list[dict]:
    out = []
    for r in frame.itertuples(index=False):
        den = None if r.denominator is None or r.denominator != r.denominator else int(
            r.denominator)
        out.append({"measure_id": r.measure_id, "window": r.window,
                    "period_end": str(r.period_end.date()), "numerator": int(r.numerator),
                    "denominator": den})
    return out


def engine_numbers(x, params, period):
    """The engine's numerators and denominators for the baseline's measures and periods, by
    calling each measure's function for each window `compute_scorecard` computes it for.

    Numbers only, as the baseline gives, and as `compute_scorecard(audits=False)` computes
    them: no record-level audit frames, so both sides do the same work."""
    import pandas as pd

    from benchmarks.baseline import MEASURES
    from scorecard.engine import _windows
    from scorecard.measures.audit_frame import numbers_only
    from scorecard.measures.registry import load_all, summarise

    registry = load_all()
    rows = []
    for mid in MEASURES:
        m = registry[mid]
        for window, p, _ in _windows(m, period, x.extract_date):
            with numbers_only():
                r = summarise(m, m.func(x, p, params))
            rows.append({"measure_id": mid, "window": window, "period_end": p.end,
                         "numerator": r.numerator, "denominator": r.denominator})
    return pd.DataFrame(rows)


def _engine(args) -> dict:
    from scorecard.params import load_params
    from scorecard.periods import quarter

    params, period = load_params(args.params), quarter(args.period)
    x, reset = _validated(args)
    with _Timer() as t:
        frame = engine_numbers(x, params, period)
    return {"wall": t.wall, "cpu": t.cpu, "peak_mb": t.peak_mb, "peak_reset": reset,
            "rows": _rows(x), "numbers": _numbers(frame)}


def _baseline(args) -> dict:
    from benchmarks.baseline import compute_baseline
    from scorecard.params import load_params
    from scorecard.periods import quarter

    params, period = load_params(args.params), quarter(args.period)
    x, reset = _validated(args)
    tables = x.tables
    with _Timer() as t:
        frame = compute_baseline(tables, x.extract_date, params, period)
    return {"wall": t.wall, "cpu": t.cpu, "peak_mb": t.peak_mb, "peak_reset": reset,
            "rows": _rows(x), "numbers": _numbers(frame)}


STAGES = {"load": _load, "compute": _compute, "engine": _engine, "baseline": _baseline}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.stages")
    p.add_argument("stage", choices=sorted(STAGES))
    p.add_argument("--extract")
    p.add_argument("--validated", required=True)
    p.add_argument("--params")
    p.add_argument("--period", default="2025-26-Q2")
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    result = STAGES[args.stage](args)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
