"""Handing notebooks to workers (runner/scheduler.py), with a pool that only records calls."""

from __future__ import annotations

import queue

import pytest

from scorecard.runner.pool import Job
from scorecard.runner.progress import Progress
from scorecard.runner.scheduler import NotebookFailed, Scheduler


class FakePool:
    def __init__(self, size: int):
        self.size = size
        self.results: queue.Queue = queue.Queue()
        self.idle: list[int] = []
        self.submitted: list[tuple[int, str]] = []

    def submit(self, index: int, job: Job) -> None:
        self.idle.remove(index)
        self.submitted.append((index, job.name))


class Quiet:
    def write(self, text):
        pass

    def flush(self):
        pass

    def isatty(self):
        return False


def _job(name: str) -> Job:
    return Job(name, "in.ipynb", "out.ipynb", "out.html", {}, "k", ".")


def test_notebooks_go_to_workers_as_they_become_free():
    pool = FakePool(2)
    scheduler = Scheduler(pool, Progress(3, Quiet()))
    scheduler.add([_job("a"), _job("b"), _job("c")])
    pool.results.put((0, {"ready": True}))
    pool.results.put((1, {"ready": True}))
    pool.results.put((0, {"name": "a", "status": "ok", "seconds": 1.0}))
    pool.results.put((1, {"name": "b", "status": "ok", "seconds": 1.0}))
    pool.results.put((0, {"name": "c", "status": "ok", "seconds": 1.0}))
    results = scheduler.wait()
    assert sorted(results) == ["a", "b", "c"]
    assert pool.submitted == [(0, "a"), (1, "b"), (0, "c")]


def test_a_failed_notebook_stops_the_handing_out():
    pool = FakePool(1)
    scheduler = Scheduler(pool, Progress(2, Quiet()))
    scheduler.add([_job("a"), _job("b")])
    pool.results.put((0, {"ready": True}))
    pool.results.put((0, {"name": "a", "status": "failed", "seconds": 1.0,
                          "error": {"ename": "ValueError"}}))
    with pytest.raises(NotebookFailed) as failed:
        scheduler.wait()
    assert failed.value.result["name"] == "a"
    assert pool.submitted == [(0, "a")]  # b never started


def test_a_worker_that_dies_before_any_notebook_fails_the_run():
    pool = FakePool(1)
    scheduler = Scheduler(pool, Progress(1, Quiet()))
    scheduler.add([_job("a")])
    pool.results.put((0, {"worker_exit": 1}))  # e.g. its kernel could not start
    with pytest.raises(NotebookFailed) as failed:
        scheduler.wait()
    assert "worker-0.log" in failed.value.result["error"]["evalue"]
