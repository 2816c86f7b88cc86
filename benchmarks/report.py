"""benchmarks/RESULTS.md from a run's results: machine, stages per scale, baseline, scaling,
targets."""

from __future__ import annotations

import math
from pathlib import Path

from benchmarks.baseline import MEASURES as BASELINE_MEASURES
from benchmarks.suite import LABELS, NATIONAL

MB_PER_GB = 1024

# (name, stage, scale, how to read the stage, limit, unit)
TARGETS = (
    ("The sample quarter, all documents (warm)", "whole", 1.0, "wall", 15.0, "s"),
    ("`scorecard render` after a commentary edit", "render", 1.0, "wall", 3.0, "s"),
    ("All measures, all periods, national-size extract", "compute", NATIONAL, "wall", 60.0, "s"),
    ("... within 8 GB (peak RSS)", "compute", NATIONAL, "peak_mb", 8 * MB_PER_GB, "MB"),
)
LINEAR = 1.0  # cost growing no faster than linearly: exponent at most 1


def exponent(points: list[tuple[float, float]]) -> float | None:
    """The least-squares slope of log(seconds) against log(rows): time ~ rows ** slope."""
    points = [(r, s) for r, s in points if r and s and r > 0 and s > 0]
    if len(points) < 2:
        return None
    xs = [math.log(r) for r, _ in points]
    ys = [math.log(s) for _, s in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx


def _find(data: dict, name: str, scale: float) -> dict | None:
    for s in data["stages"]:
        if s["name"] == name and s["scale"] == scale:
            return s
    return None


def _num(v: float | None, digits: int = 1) -> str:
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def _scale(scale: float) -> str:
    return f"{scale:g}" + (" (national)" if scale == NATIONAL else "")


def scaling(data: dict, name: str, key: str = "wall") -> dict:
    """Exponents for a stage from scale 1 up: over every scale, and between the two largest."""
    points = sorted((s["rows"], s[key]) for s in data["stages"]
                    if s["name"] == name and s["scale"] >= 1 and not s["failed"]
                    and s["rows"] and s[key])
    return {"points": points, "all": exponent(points),
            "top": exponent(points[-2:]) if len(points) >= 2 else None}


def targets(data: dict) -> list[dict]:
    out = []
    for title, stage, scale, key, limit, unit in TARGETS:
        s = _find(data, stage, scale)
        value = s[key] if s and not s["failed"] else None
        out.append({"target": title, "limit": f"≤ {limit:,.0f} {unit}",
                    "measured": f"{_num(value, 0 if unit == 'MB' else 1)} {unit}"
                    if value is not None else ("failed" if s else "not measured"),
                    "met": None if value is None else value <= limit,
                    "scale": scale, "value": value, "limit_value": limit})
    for stage in ("load", "compute"):
        e = scaling(data, stage)
        reached = [r for r, _ in e["points"]]
        spans = len(reached) >= 2 and _find(data, stage, NATIONAL) is not None
        out.append({
            "target": f"{LABELS[stage].split(' (')[0].capitalize()}: cost no faster than "
                      f"linear, scale 1 to national",
            "limit": f"exponent ≤ {LINEAR:g}",
            "measured": (f"exponent {e['all']:.2f}" if e["all"] is not None else "not measured")
            + ("" if spans or e["all"] is None else " (national not measured)"),
            "met": None if e["all"] is None or not spans else e["all"] <= LINEAR,
            "value": e["all"], "limit_value": LINEAR,
        })
    return out


def _met(v: bool | None) -> str:
    return {True: "**met**", False: "**not met**", None: "–"}[v]


def _notes(s: dict) -> str:
    notes = list(s["notes"])
    runs = s["runs"]
    if len(runs) > 1:
        notes.append("runs: " + ", ".join(f"{r['wall']:.1f}" for r in runs) + " s")
    x = s["extra"]
    if s["name"] == "load" and x:
        notes.append(f"{x.get('rows_used', 0):,} rows used, "
                     f"{x.get('data_quality_rows', 0):,} data-quality rows")
    if s["name"] == "compute" and x:
        notes.append(f"{x.get('measures')} measures, {x.get('scorecard_rows')} rows")
    if s["name"] in ("load", "compute", "engine", "baseline") and runs:
        notes.append(f"process with imports {runs[-1]['process_wall']:.1f} s")
    if x.get("peak_reset") is False:
        notes.append("peak RSS includes reading the validated cache (could not reset it)")
    if s["name"] in ("warmup", "notebooks", "whole", "render") and runs:
        largest = max(r.get("largest_process_mb", 0) for r in runs)
        notes.append(f"largest process {largest:,.0f} MB")
        steps = runs[-1].get("steps")
        if steps:
            notes.append(", ".join(f"{k} {v:.1f} s" for k, v in steps.items()))
    if s["failed"]:
        notes.append("FAILED: " + " ".join(s["failed"].split())[:300])
    return "; ".join(notes).replace("|", "/")


def render(data: dict) -> str:
    m = data["machine"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m benchmarks`); do not edit by hand, run it again. "
        "A part: `python -m benchmarks --scales 1 --stages load,compute` (see `--help`); the "
        "extracts are made once under benchmarks/work/ and reused.",
        f"Run on {m['date']}, code {m['commit'] or 'unknown'}, in "
        f"{data['seconds'] / 60:.1f} minutes. Synthetic extracts of Anyshire "
        f"(`scorecard synth`, seed {data['seed']}, extract date {data['extract_date']}; scale 1 "
        f"is the bundled sample, a mid-sized authority), period {data['period']}.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {m['cpu']}, {m['cores']} cores |",
        f"| Memory | {_num(m['memory_gb'])} GB |",
        f"| System | {m['system']} |",
        f"| Python | {m['python']} |",
        "| Packages | " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) + " |",
        "| Load average (1, 5, 15 min) | at start "
        + " / ".join(f"{v:.1f}" for v in m["load_average_at_start"] or ())
        + ", at end " + " / ".join(f"{v:.1f}" for v in m["load_average_at_end"] or ()) + " |",
        "",
        "The machine is shared: a load average above the core count means other work ran "
        "beside the benchmark, which lengthens wall times; CPU times are less affected.",
        "",
        "## Targets",
        "",
        "| target | limit | measured | |",
        "|---|---|---|---|",
    ]
    for t in targets(data):
        lines.append(f"| {t['target']} | {t['limit']} | {t['measured']} | {_met(t['met'])} |")
    lines += _missed(data)
    lines += [
        "",
        "## Stages per scale",
        "",
        "Each stage runs in a fresh process. *wall s* and *CPU s* (user + system, every thread "
        "and the child processes waited for) are the median over the runs; *peak RSS MB* is "
        "the highest: for load, compute, engine and baseline the process's peak resident "
        "memory during the work (compute's counts the validated extract held in memory, read "
        "from the validated cache before its clock starts); for the command-line stages the "
        "summed resident memory of the process and its children (notebook workers, kernels), "
        "sampled every 0.1 s. *Rows/s* is the extract's input rows (records read from its "
        "files) over the wall time. Load, compute, engine and baseline time their work, "
        "not the interpreter's start and imports (shown in the notes); the command-line stages "
        "are timed whole, as a user waits for them. Load reads files the operating system has "
        "cached (each is read once, untimed, just before), as on a second run: otherwise the "
        "shared machine's virtual disk sets the figure (scale 10 once took 11.3 s of wall time "
        "for 3.9 s of CPU).",
        "",
    ]
    for scale in data["scales"]:
        stages = [s for s in data["stages"] if s["scale"] == scale]
        if not stages:
            continue
        rows = next((s["rows"] for s in stages if s["rows"]), None)
        lines += [f"### Scale {_scale(scale)}: {rows:,} input rows" if rows
                  else f"### Scale {_scale(scale)}", "",
                  "| stage | runs | wall s | CPU s | peak RSS MB | rows/s | notes |",
                  "|---|---|---|---|---|---|---|"]
        for s in stages:
            lines.append(
                f"| {s['label']} | {len(s['runs'])} | {_num(s['wall'], 2)} | "
                f"{_num(s['cpu'], 2)} | {_num(s['peak_mb'], 0)} | {_num(s['rows_per_s'], 0)} | "
                f"{_notes(s)} |")
        lines.append("")
    lines += _baseline(data)
    lines += _scaling(data)
    lines += _profile(data)
    return "\n".join(lines).rstrip() + "\n"


def _missed(data: dict) -> list[str]:
    """For each target missed: by how much, and what it would take."""
    missed = [t for t in targets(data) if t["met"] is False]
    if not missed:
        return []
    out = ["", "Targets not met, and what meeting them needs:", ""]
    for t in missed:
        value, limit = t["value"], t["limit_value"]
        if "exponent" in t["limit"]:
            need = "time growing in proportion to the rows at most (see Scaling)"
        elif t["limit"].endswith("MB"):
            need = f"{value - limit:,.0f} MB less at the peak"
        else:
            need = f"{value / limit:.1f} times faster ({value - limit:,.1f} s less)"
        where = ""
        if t.get("scale") == NATIONAL:
            where = (" (benchmarks/PROFILE.md: the engine's profile)" if t["limit"].endswith("MB")
                     else " (where the time goes: below, and benchmarks/PROFILE.md)")
        out.append(f"- {t['target']}: {t['measured']} against {t['limit']}; needs {need}"
                   f"{where}.")
    return out


def _baseline(data: dict) -> list[str]:
    rows = data["comparisons"]
    if not rows:
        return []
    flows = [m for m, (kind, _) in BASELINE_MEASURES.items() if kind == "flow"]
    snaps = [m for m, (kind, _) in BASELINE_MEASURES.items() if kind == "snapshot"]
    out = [
        "## Baseline: the straightforward way against the engine",
        "",
        "`benchmarks/baseline.py` computes " + ", ".join(BASELINE_MEASURES) + " the "
        "straightforward way: working-day limits by pandas' `CustomBusinessDay` offset, one "
        "date step per row, and every period computed again from the validated tables. The "
        "engine side calls the same measures' functions for the same periods, as "
        "`compute_scorecard` does (flows " + ", ".join(flows) + ": the 8 quarters and the "
        "year to date; snapshots " + ", ".join(snaps) + ": the quarter ends up to the extract "
        "date). Both start from the same validated extract in a fresh process, and their "
        "numerators and denominators are compared row by row below (and by "
        "tests/benchmarks/test_baseline.py). Both give numbers only: the engine side runs "
        "without record-level audit frames, as `compute_scorecard(audits=False)` does. Both "
        "ran in full at every scale shown (nothing sampled or extrapolated).",
        "",
        "| scale | rows compared | identical | baseline wall s | engine wall s | ratio (wall) "
        "| ratio (CPU) |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in rows:
        same = "yes" if c["identical"] else f"**no** ({len(c['differences'])}+ differ)"
        out.append(f"| {_scale(c['scale'])} | {c['rows']} | {same} | "
                   f"{_num(c['baseline_wall'], 2)} | {_num(c['engine_wall'], 2)} | "
                   f"{_num(c['ratio'])}× | {_num(c['cpu_ratio'])}× |")
    return out + [""]


def _scaling(data: dict) -> list[str]:
    out = ["## Scaling", "",
           "Time grows as rows^k; k is fitted by least squares to log(time) against "
           "log(input rows) over the scales from 1 up, and, as the slope where fixed costs no "
           "longer count, between the two largest scales. k = 1 is linear.", "",
           "| stage | k (wall), all scales | k (CPU), all scales | k (wall), two largest | "
           "points (rows, wall s) |",
           "|---|---|---|---|---|"]
    for stage in ("load", "compute"):
        w, c = scaling(data, stage), scaling(data, stage, "cpu")
        pts = "; ".join(f"{r:,}: {s:.1f}" for r, s in w["points"])
        out.append(f"| {LABELS[stage]} | {_num(w['all'], 2)} | {_num(c['all'], 2)} | "
                   f"{_num(w['top'], 2)} | {pts} |")
    return out + [""]


def _profile(data: dict) -> list[str]:
    biggest = max((s for s in data["stages"] if s["name"] == "compute" and not s["failed"]),
                  key=lambda s: s["scale"], default=None)
    if not biggest or not biggest["extra"].get("per_measure"):
        return []
    per = biggest["extra"]["per_measure"]
    total = sum(per.values())
    out = [f"## Where the compute time goes (scale {_scale(biggest['scale'])})", "",
           "Seconds per measure, all its periods, from `compute_scorecard`'s progress calls; "
           "a measure that first builds a shared derived column (working days, periods of "
           "care) carries that cost. benchmarks/PROFILE.md has the engine's own profile.", "",
           "| measure | seconds | share |", "|---|---|---|"]
    for mid, sec in list(per.items())[:12]:
        out.append(f"| {mid} | {sec:.1f} | {100 * sec / total:.0f}% |")
    rest = sum(list(per.values())[12:])
    out.append(f"| the other {max(0, len(per) - 12)} | {rest:.1f} | "
               f"{100 * rest / total if total else 0:.0f}% |")
    return out + [""]


def write(data: dict, path: Path) -> None:
    path.write_text(render(data), encoding="utf-8")
