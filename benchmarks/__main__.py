"""Time and peak memory of each stage (load, compute, notebooks, documents) on synthetic extracts
at scales 1, 10, 50 and 150 (about England), a straightforward baseline beside the engine, and
the targets met or not: printed, and written to benchmarks/RESULTS.md (the plan: suite.py)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks import report
from benchmarks.suite import ROOT, SCALES, STAGES, Suite


def _scales(text: str) -> tuple[float, ...]:
    try:
        scales = tuple(float(s) for s in text.split(",") if s.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"--scales {text!r}: numbers like 1,10,50,150") from None
    if not scales or any(s <= 0 for s in scales):
        raise argparse.ArgumentTypeError(f"--scales {text!r}: positive numbers")
    return scales


def _stages(text: str) -> tuple[str, ...]:
    stages = tuple(s.strip() for s in text.split(",") if s.strip())
    unknown = [s for s in stages if s not in STAGES]
    if unknown or not stages:
        raise argparse.ArgumentTypeError(
            f"--stages: unknown {', '.join(unknown) or 'none given'}; choose from "
            f"{', '.join(STAGES)} (load always runs: the others need it)")
    return stages


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--scales", type=_scales, default=SCALES,
                   help="comma-separated scales (default 1,10,50,150; 150 = about England)")
    p.add_argument("--stages", type=_stages, default=STAGES,
                   help=f"comma-separated, from {','.join(STAGES)} (default: all)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeats", type=int, default=3,
                   help="runs per stage at scales up to 1, the median reported (default 3)")
    p.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work",
                   help="extracts, outputs and logs (git-ignored; extracts are reused)")
    p.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = p.parse_args(argv)
    if args.repeats < 1:
        p.error("--repeats must be at least 1")

    suite = Suite(work=args.work.resolve(), scales=args.scales, seed=args.seed,
                  stages=args.stages, repeats=args.repeats)
    data = suite.run()
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "results.json").write_text(json.dumps(data, indent=1, default=str) + "\n",
                                            encoding="utf-8")
    report.write(data, args.results)
    print(report.render(data))
    failed = [s for s in data["stages"] if s["failed"]]
    different = [c for c in data["comparisons"] if not c["identical"]]
    for s in failed:
        print(f"bench: scale {s['scale']:g} {s['name']} FAILED: {s['failed']}", file=sys.stderr)
    for c in different:
        print(f"bench: scale {c['scale']:g}: the baseline's numbers differ from the engine's",
              file=sys.stderr)
    print(f"bench: wrote {args.results}", file=sys.stderr)
    return 1 if failed or different else 0


if __name__ == "__main__":
    sys.exit(main())
