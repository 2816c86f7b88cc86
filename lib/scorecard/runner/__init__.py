"""`scorecard run`: validate once, compute once, execute the notebooks, publish atomically.

`run(...)` (called by cli.py) lives in `scorecard.runner.run`; the notebook worker, the pool, the
HTML export, the manifest and the atomic output folder each have their own module here.
"""

from __future__ import annotations


def run(*args, **kwargs) -> int:
    """See `scorecard.runner.run.run` (imported late: the notebooks' kernels import this package
    too, and should not pay for the runner's own imports)."""
    from scorecard.runner.run import run as _run

    return _run(*args, **kwargs)


__all__ = ["run"]
