"""Run one stage in a fresh process and measure it: wall time, CPU time, peak resident memory.

A fresh process per stage makes the peak memory that stage's own (nothing left over from an
earlier stage) and puts every import and cache cold-start where a user would meet it.

- Wall time, CPU time and the largest single process's peak RSS come from `os.wait4` in a small
  launcher (benchmarks/launch.py, which says why), which reports the command's own resource
  usage (with that of the descendants it waited for), not that of every child ever had, as
  `RUSAGE_CHILDREN` would.
- A stage that starts processes of its own (`scorecard run`: notebook workers and their
  kernels) holds several at once, so the tree's resident memory is also sampled (every 0.1 s,
  /proc) and summed over the live processes: `tree_peak_mb`, the figure to compare with the
  machine's memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

SAMPLE_EVERY = 0.1  # seconds between samples of the process tree's memory
LAUNCHER = Path(__file__).with_name("launch.py")


@dataclass(frozen=True)
class Measured:
    command: list[str]
    returncode: int
    wall: float  # seconds, the whole process
    cpu: float  # seconds, user + system, the process and the descendants it waited for
    peak_mb: float  # the largest single process's peak RSS
    tree_peak_mb: float  # the sampled peak of the summed RSS of the process and its descendants
    log: Path

    def tail(self, lines: int = 15) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(text[-lines:])


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as f:
                found += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its live descendants, in KB."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_kb(p)
        todo += _children(p)
    return total


class _TreeSampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kb = pid, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak_kb = max(self.peak_kb, tree_rss_kb(self.pid))
            self._stop_event.wait(SAMPLE_EVERY)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def measure(command: list[str], log: Path, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> Measured:
    """Run `command` to completion, its output into `log`, and measure it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    usage_file = log.with_suffix(".usage.json")
    usage_file.unlink(missing_ok=True)
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-I", str(LAUNCHER), str(usage_file), *command],
                                stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env)
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        try:
            proc.wait()
        finally:
            if proc.returncode is None:
                proc.kill()
                proc.wait()
            sampler.stop()
    usage = json.loads(usage_file.read_text(encoding="utf-8"))
    peak_mb = usage["maxrss_kb"] / 1024  # Linux reports KB
    return Measured(
        command=command, returncode=usage["returncode"], wall=usage["wall"], cpu=usage["cpu"],
        peak_mb=peak_mb, tree_peak_mb=max(sampler.peak_kb / 1024, peak_mb), log=log,
    )
