"""Hands notebooks to idle workers as they become free, on a thread of its own, so a notebook
can start (00_validate) while the runner is still computing the scorecard."""

from __future__ import annotations

import threading

from scorecard.runner.pool import Job, WorkerPool
from scorecard.runner.progress import Progress


class NotebookFailed(Exception):
    def __init__(self, result: dict):
        super().__init__(result.get("name"))
        self.result = result


class Scheduler:
    def __init__(self, pool: WorkerPool, progress: Progress):
        self.pool = pool
        self.progress = progress
        self.pending: list[Job] = []
        self.running: dict[int, Job] = {}
        self.results: dict[str, dict] = {}
        self.failure: dict | None = None
        self._lock = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def add(self, jobs: list[Job]) -> None:
        with self._lock:
            self.pending.extend(jobs)
            self._dispatch()

    def check(self, *_args) -> None:
        """Raise at once if a notebook has failed (called between measures while computing)."""
        if self.failure is not None:
            raise NotebookFailed(self.failure)

    def wait(self) -> dict[str, dict]:
        """Block until every added notebook has finished; raise on the first failure."""
        with self._lock:
            while (self.pending or self.running) and self.failure is None:
                self._lock.wait(0.5)
        self.check()
        return self.results

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self.pending.clear()

    def _dispatch(self) -> None:
        while self.pool.idle and self.pending and self.failure is None and not self._stopped:
            index = self.pool.idle[0]
            job = self.pending.pop(0)
            self.pool.submit(index, job)
            self.running[index] = job
            self.progress.notebook_started(job.name)

    def _loop(self) -> None:
        exited = 0
        while exited < self.pool.size:
            index, message = self.pool.results.get()
            with self._lock:
                if message.get("ready"):
                    self.pool.idle.append(index)
                elif "worker_exit" in message:
                    exited += 1
                    job = self.running.pop(index, None)
                    if index in self.pool.idle:
                        self.pool.idle.remove(index)
                    if self.failure is None and not self._stopped:
                        # a worker that dies (while starting its kernel, or with a notebook)
                        # must fail the run, or the run would wait for it for ever
                        self.failure = {
                            "name": job.name if job else f"worker {index}",
                            "status": "failed", "seconds": 0.0,
                            "error": {"ename": "WorkerDied", "cell_index": None,
                                      "execution_count": None, "source": "", "where": "",
                                      "evalue": f"the notebook worker exited with code "
                                                f"{message['worker_exit']}; its log is "
                                                f".work/logs/worker-{index}.log"},
                        }
                else:
                    self.running.pop(index, None)
                    self.results[message["name"]] = message
                    ok = message["status"] == "ok"
                    self.progress.notebook_finished(message["name"], message["seconds"], ok)
                    if not ok and self.failure is None:
                        self.failure = message
                    self.pool.idle.append(index)
                self._dispatch()
                self._lock.notify_all()
