"""A small pool of notebook workers (`runner.worker`) the runner feeds one notebook at a time.

Not `concurrent.futures`: a run must be able to stop every worker and its kernel at once (a
notebook failed, Ctrl-C, SIGTERM) without leaving orphans, and a process pool's workers share
the terminal's process group, so Ctrl-C would hit them mid-cell before the runner decides
anything. Workers here run in their own session and are stopped by pid.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Job:
    name: str  # the notebook's stem, e.g. "10_front_door_and_assessment"
    input: str  # the source notebook
    output: str  # the executed notebook
    html: str  # its HTML export
    parameters: dict
    kernel: str
    cwd: str

    def line(self) -> str:
        return json.dumps(self.__dict__) + "\n"


class WorkerPool:
    """`size` worker processes. `results` receives (worker index, message): `{"ready": True}` once
    a worker has started, a notebook's result dict, or `{"worker_exit": code}` when it ends. Only
    the runner's thread touches `idle`."""

    def __init__(self, size: int, env: dict[str, str], log_dir: Path,
                 kernel: tuple[str, str] | None = None):
        self.results: queue.Queue = queue.Queue()
        self._procs: list[subprocess.Popen] = []
        self._logs = []
        self.idle: list[int] = []
        self.size = size
        self.log_dir = log_dir
        log_dir.mkdir(parents=True, exist_ok=True)
        for i in range(size):
            log = open(log_dir / f"worker-{i}.log", "w", encoding="utf-8")  # noqa: SIM115
            self._logs.append(log)
            proc = subprocess.Popen(
                [sys.executable, "-m", "scorecard.runner.worker", *(kernel or ())],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, env=env,
                text=True, encoding="utf-8", bufsize=1, start_new_session=True,
            )
            self._procs.append(proc)
            threading.Thread(target=self._read, args=(i, proc), daemon=True).start()

    def _read(self, index: int, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            self.results.put((index, message))
        code = proc.wait()
        self.results.put((index, {"worker_exit": code}))

    def submit(self, index: int, job: Job) -> None:
        self.idle.remove(index)
        self._procs[index].stdin.write(job.line())
        self._procs[index].stdin.flush()

    def finish(self) -> None:
        """No more jobs: each worker shuts its kernel down and exits, while the runner goes on
        (a worker takes about half a second to exit)."""
        for p in self._procs:
            try:
                p.stdin.close()
            except OSError:
                pass

    def close(self, timeout: float = 10.0) -> None:
        """No more jobs, and wait for the workers to exit."""
        self.finish()
        for p in self._procs:
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                self.terminate()
                break
        self._close_logs()

    def terminate(self, grace: float = 5.0) -> None:
        """Stop every worker now: no more jobs, SIGTERM (the worker shuts its kernel down),
        then SIGKILL for any still there after `grace` seconds."""
        for p in self._procs:
            try:
                p.stdin.close()
            except OSError:
                pass
        for p in self._procs:
            if p.poll() is None:
                _signal(p.pid, signal.SIGTERM)
        for p in self._procs:
            try:
                p.wait(grace)
            except subprocess.TimeoutExpired:
                _signal(p.pid, signal.SIGKILL)
                p.wait()
        self._close_logs()

    def _close_logs(self) -> None:
        for log in self._logs:
            if not log.closed:
                log.close()


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass
