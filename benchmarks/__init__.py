"""The performance benchmark: `make bench` (`python -m benchmarks`).

It makes synthetic extracts at scale 1 (the sample, a mid-sized authority), 10, 50 and 150
(about England), and measures, in a fresh process per stage, loading and validating, computing
every measure for the quarter, YTD and 8 trailing quarters, and at scales 1 and 10 the notebook
run, rendering and the whole `scorecard run`, with a straightforward baseline beside the engine
(`benchmarks.baseline`). Results go to benchmarks/RESULTS.md.

    suite.py     the plan: stages, scales, repeats     stages.py   the in-process stages
    process.py   time and memory of one process        baseline.py the straightforward way
    extracts.py  make or reuse the extracts            machine.py  what it ran on
    report.py    RESULTS.md and the targets
"""
