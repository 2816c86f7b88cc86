"""The benchmark's plan: which stages run at which scales, how often, and in what order.

Per scale (1 = a mid-sized authority, about 460,000 input rows; 150 = about England):
- generate the extract (once per scale, seed and generator version; then reused);
- load and validate; compute every measure for the quarter, its YTD and the 8 trailing quarters;
- at scales up to 10: the baseline against the engine on the same measures and periods; the
  notebook run (`scorecard run --formats none`), `scorecard render` after a commentary edit,
  and the whole `scorecard run` with every document;
- at scales up to 1 (the sample's size) every stage runs 3 times and the median is reported,
  the pipeline after one warm-up run (the targets are for a warm machine: environment
  installed, extract generated, font caches built).
Every stage runs in a fresh process (benchmarks.process).
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from benchmarks import machine
from benchmarks.extracts import EXTRACT_DATE, ensure_extract, scale_name
from benchmarks.process import Measured, measure

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "params" / "anyshire.yaml"
PERIOD = "2025-26-Q2"
NATIONAL = 150.0
SCALES = (1.0, 10.0, 50.0, NATIONAL)
SMALL = 1.0  # up to this scale: median of REPEATS runs
SIDE_BY_SIDE = 10.0  # up to this scale: the baseline and the notebook/render/whole-run stages
REPEATS = 3
STAGES = ("load", "compute", "baseline", "notebooks", "render", "whole")

LABELS = {
    "generate": "generate the extract (scorecard synth)",
    "load": "load and validate",
    "compute": "compute every measure (quarter, YTD, 8 quarters)",
    "engine": "engine, baseline's measures and periods",
    "baseline": "baseline (CustomBusinessDay, per period)",
    "warmup": "first scorecard run (warm-up, not counted)",
    "notebooks": "notebook run (scorecard run --formats none)",
    "render": "scorecard render after a commentary edit",
    "whole": "whole scorecard run, all documents",
}


@dataclass
class Stage:
    scale: float
    name: str
    rows: int | None = None
    runs: list[dict] = field(default_factory=list)
    failed: str | None = None
    notes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return LABELS[self.name]

    def _median(self, key: str) -> float | None:
        values = [r[key] for r in self.runs if r.get(key) is not None]
        return statistics.median(values) if values else None

    @property
    def wall(self) -> float | None:
        return self._median("wall")

    @property
    def cpu(self) -> float | None:
        return self._median("cpu")

    @property
    def peak_mb(self) -> float | None:
        values = [r["peak_mb"] for r in self.runs if r.get("peak_mb") is not None]
        return max(values) if values else None

    @property
    def rows_per_s(self) -> float | None:
        return self.rows / self.wall if self.rows and self.wall else None

    def as_dict(self) -> dict:
        return {**asdict(self), "label": self.label, "wall": self.wall, "cpu": self.cpu,
                "peak_mb": self.peak_mb, "rows_per_s": self.rows_per_s}


@dataclass
class Suite:
    work: Path
    scales: tuple[float, ...] = SCALES
    seed: int = 1
    stages: tuple[str, ...] = STAGES
    repeats: int = REPEATS
    results: list[Stage] = field(default_factory=list)
    comparisons: list[dict] = field(default_factory=list)

    # -- running ---------------------------------------------------------------------------

    def run(self) -> dict:
        began = time.perf_counter()
        about = machine.describe()
        for scale in self.scales:
            self._scale(scale)
        about["load_average_at_end"] = machine.load_average()
        return {
            "machine": about,
            "seconds": time.perf_counter() - began,
            "scales": list(self.scales),
            "seed": self.seed,
            "period": PERIOD,
            "extract_date": EXTRACT_DATE,
            "stages": [s.as_dict() for s in self.results],
            "comparisons": self.comparisons,
        }

    def _say(self, text: str) -> None:
        print(f"bench: {text}", file=sys.stderr, flush=True)

    def _said(self, stage: Stage) -> None:
        """The run just finished, as it will appear in RESULTS.md."""
        if stage.failed:
            self._say(f"  FAILED: {stage.failed}")
            return
        r = stage.runs[-1]
        rows = stage.rows or stage.extra.get("rows")
        rate = f", {rows / r['wall']:,.0f} rows/s" if rows and r["wall"] else ""
        self._say(f"  {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, "
                  f"peak {r['peak_mb']:,.0f} MB{rate}")

    def _scale(self, scale: float) -> None:
        name = scale_name(scale)
        self._say(f"scale {name}: extract")
        folder, made = ensure_extract(self.work, scale, self.seed)
        if made is not None:
            gen = self._record(Stage(scale, "generate"), made)
            if gen.failed:
                return
        repeats = self.repeats if scale <= SMALL else 1
        validated = self.work / "validated" / f"scale-{name}"
        load = Stage(scale, "load")
        for i in range(repeats):
            self._say(f"scale {name}: load and validate ({i + 1}/{repeats})")
            self._in_process(load, "load", "--extract", str(folder),
                             "--validated", str(validated))
        self.results.append(load)
        if load.failed:
            return
        rows = load.extra.get("rows")
        load.rows = rows
        gen_stage = next((s for s in self.results if s.scale == scale and s.name == "generate"),
                         None)
        if gen_stage:
            gen_stage.rows = rows
        if "compute" in self.stages:
            compute = Stage(scale, "compute", rows)
            for i in range(repeats):
                self._say(f"scale {name}: compute ({i + 1}/{repeats})")
                self._in_process(compute, "compute", "--validated", str(validated),
                                 "--params", str(PARAMS), "--period", PERIOD)
            self.results.append(compute)
        if scale <= SIDE_BY_SIDE and "baseline" in self.stages:
            self._side_by_side(scale, validated, rows, repeats)
        if scale <= SIDE_BY_SIDE and {"notebooks", "render", "whole"} & set(self.stages):
            self._pipeline(scale, folder, rows, repeats)

    def _in_process(self, stage: Stage, what: str, *args: str) -> None:
        """One run of an in-process stage (benchmarks.stages) in a fresh process."""
        out = self.work / "results" / f"{what}-{scale_name(stage.scale)}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.unlink(missing_ok=True)
        m = measure([sys.executable, "-m", "benchmarks.stages", what, *args, "--out", str(out)],
                    log=self.work / "logs" / f"{what}-{scale_name(stage.scale)}.log", cwd=ROOT)
        if m.returncode != 0 or not out.is_file():
            stage.failed = f"exit code {m.returncode}: {m.tail(3)}"
            self._said(stage)
            return
        result = json.loads(out.read_text(encoding="utf-8"))
        stage.runs.append({"wall": result["wall"], "cpu": result["cpu"],
                           "peak_mb": result["peak_mb"], "process_wall": m.wall,
                           "process_peak_mb": m.peak_mb})
        stage.extra = {k: v for k, v in result.items() if k not in ("wall", "cpu", "peak_mb")}
        self._said(stage)

    def _record(self, stage: Stage, m: Measured) -> Stage:
        if m.returncode != 0:
            stage.failed = f"exit code {m.returncode}: {m.tail(3)}"
        else:
            stage.runs.append({"wall": m.wall, "cpu": m.cpu, "peak_mb": m.tree_peak_mb,
                               "largest_process_mb": m.peak_mb})
        if not any(s is stage for s in self.results):
            self.results.append(stage)
        self._said(stage)
        return stage

    # -- the baseline ----------------------------------------------------------------------

    def _side_by_side(self, scale: float, validated: Path, rows: int, repeats: int) -> None:
        name = scale_name(scale)
        pair = {}
        for what in ("engine", "baseline"):
            stage = Stage(scale, what, rows)
            for i in range(repeats):
                self._say(f"scale {name}: {what} on the baseline's measures ({i + 1}/{repeats})")
                self._in_process(stage, what, "--validated", str(validated),
                                 "--params", str(PARAMS), "--period", PERIOD)
            self.results.append(stage)
            pair[what] = stage
        engine, base = pair["engine"], pair["baseline"]
        if engine.failed or base.failed:
            return
        mine, theirs = engine.extra.pop("numbers"), base.extra.pop("numbers")
        differ = [(a, b) for a, b in zip(mine, theirs) if a != b]
        self.comparisons.append({
            "scale": scale,
            "measures": sorted({r["measure_id"] for r in mine}),
            "rows": len(mine),
            "identical": len(mine) == len(theirs) and not differ,
            "differences": differ[:10],
            "baseline_wall": base.wall, "engine_wall": engine.wall,
            "baseline_cpu": base.cpu, "engine_cpu": engine.cpu,
            "ratio": base.wall / engine.wall if engine.wall else None,
            "cpu_ratio": base.cpu / engine.cpu if engine.cpu else None,
        })

    # -- the notebooks, the documents, the whole run ---------------------------------------

    def _params(self, scale: float) -> tuple[Path, Path]:
        """A copy of the sample's params whose commentary is a copy the benchmark may edit."""
        folder = self.work / "params" / f"scale-{scale_name(scale)}"
        folder.mkdir(parents=True, exist_ok=True)
        raw = yaml.safe_load(PARAMS.read_text(encoding="utf-8"))
        original = Path(raw["commentary"])
        commentary = folder / original.name
        shutil.copyfile(ROOT / original, commentary)
        raw["commentary"] = str(commentary)
        params = folder / PARAMS.name
        params.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
        return params, commentary

    def _pipeline(self, scale: float, extract: Path, rows: int, repeats: int) -> None:
        name = scale_name(scale)
        params, commentary = self._params(scale)
        output = self.work / "outputs" / f"scale-{name}"
        run = [sys.executable, "-m", "scorecard", "run", "--extract", str(extract),
               "--period", PERIOD, "--params", str(params), "--output", str(output)]
        logs = self.work / "logs"
        if scale <= SMALL:
            self._say(f"scale {name}: warm-up run")
            self._record(Stage(scale, "warmup", rows), measure(run, logs / f"warmup-{name}.log"))
        if "notebooks" in self.stages:
            stage = Stage(scale, "notebooks", rows)
            for i in range(repeats):
                self._say(f"scale {name}: notebook run ({i + 1}/{repeats})")
                self._record(stage, measure([*run, "--formats", "none"],
                                            logs / f"notebooks-{name}.log"))
                self._manifest_note(stage, output)
        if "whole" in self.stages:
            stage = Stage(scale, "whole", rows)
            for i in range(repeats):
                self._say(f"scale {name}: whole run ({i + 1}/{repeats})")
                self._record(stage, measure(run, logs / f"whole-{name}.log"))
                self._manifest_note(stage, output)
        if "render" in self.stages:
            folders = sorted(output.glob(f"*/{PERIOD}"))
            stage = Stage(scale, "render", rows)
            if not folders:
                stage.failed = f"no run folder in {output} to render"
                self.results.append(stage)
                return
            for i in range(repeats):
                self._say(f"scale {name}: render after a commentary edit ({i + 1}/{repeats})")
                with open(commentary, "a", encoding="utf-8") as f:
                    f.write(f"\nBenchmark edit {i + 1}: a sentence added to the commentary.\n")
                self._record(stage, measure(
                    [sys.executable, "-m", "scorecard", "render", "--run", str(folders[0])],
                    logs / f"render-{name}.log"))

    def _manifest_note(self, stage: Stage, output: Path) -> None:
        """Where a run's time went, from its manifest (the last run's, kept per run)."""
        found = sorted(output.glob(f"*/{PERIOD}/manifest.json"))
        if not found or not stage.runs:
            return
        m = json.loads(found[0].read_text(encoding="utf-8"))
        steps = dict(m.get("steps", {}))
        # the rest of the run (hashing the inputs, the manifest, publishing; and the notebooks
        # where the manifest does not time them as a step)
        rest = "the rest" if "notebooks" in steps else "notebooks and the rest"
        steps[rest] = round(m.get("seconds", 0) - sum(steps.values()), 2)
        stage.runs[-1]["steps"] = steps
