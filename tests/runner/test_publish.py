"""The output folder is swapped in only when complete (runner/publish.py)."""

from __future__ import annotations

import os

import pytest

from scorecard.errors import ScorecardError
from scorecard.runner.publish import OutputFolder


def _write(folder, name, text):
    (folder / name).write_text(text)


def test_first_run_publishes_into_a_new_folder(tmp_path):
    final = tmp_path / "E1" / "2025-26-Q2"
    with OutputFolder(final) as out:
        assert out.build.name == f".2025-26-Q2.building-{os.getpid()}"
        _write(out.build, "measures.csv", "new")
        assert not final.exists()  # nothing visible until published
        out.publish()
    assert (final / "measures.csv").read_text() == "new"
    assert not out.build.exists()


def test_publish_replaces_the_previous_run_and_removes_it(tmp_path):
    final = tmp_path / "2025-26-Q2"
    final.mkdir()
    _write(final, "measures.csv", "old")
    _write(final, "old-only.txt", "x")
    with OutputFolder(final) as out:
        _write(out.build, "measures.csv", "new")
        assert (final / "measures.csv").read_text() == "old"
        out.publish()
    assert (final / "measures.csv").read_text() == "new"
    assert not (final / "old-only.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".2025-26-Q2.lock", "2025-26-Q2"]


def test_an_error_before_publishing_leaves_the_previous_run_and_no_build(tmp_path):
    final = tmp_path / "2025-26-Q2"
    final.mkdir()
    _write(final, "measures.csv", "old")
    with pytest.raises(RuntimeError), OutputFolder(final) as out:
        _write(out.build, "measures.csv", "half")
        raise RuntimeError("a notebook failed")
    assert (final / "measures.csv").read_text() == "old"
    assert not out.build.exists()


def test_keep_failed_moves_the_build_aside_and_keeps_the_good_run(tmp_path):
    final = tmp_path / "2025-26-Q2"
    final.mkdir()
    _write(final, "measures.csv", "old")
    (tmp_path / "2025-26-Q2.failed").mkdir()  # an older failure is replaced
    _write(tmp_path / "2025-26-Q2.failed", "stale.txt", "x")
    with OutputFolder(final) as out:
        _write(out.build, "notebook.ipynb", "failed here")
        kept = out.keep_failed()
    assert kept == tmp_path / "2025-26-Q2.failed"
    assert (kept / "notebook.ipynb").read_text() == "failed here"
    assert not (kept / "stale.txt").exists()
    assert (final / "measures.csv").read_text() == "old"


def test_a_good_run_removes_the_last_failure(tmp_path):
    final = tmp_path / "2025-26-Q2"
    (tmp_path / "2025-26-Q2.failed").mkdir()
    with OutputFolder(final) as out:
        out.publish()
    assert not (tmp_path / "2025-26-Q2.failed").exists()


def test_leftovers_of_a_killed_run_are_cleaned_and_a_run_set_aside_is_restored(tmp_path):
    final = tmp_path / "2025-26-Q2"
    # a run killed while building, and one killed between its two renames (old run set aside,
    # new one not yet in place): the period has no folder, the old one must come back
    (tmp_path / ".2025-26-Q2.building-999999").mkdir()
    aside = tmp_path / ".2025-26-Q2.previous-999998"
    aside.mkdir()
    _write(aside, "measures.csv", "old")
    with OutputFolder(final) as out:
        assert not (tmp_path / ".2025-26-Q2.building-999999").exists()
        assert (final / "measures.csv").read_text() == "old"
        assert not aside.exists()
        _write(out.build, "measures.csv", "new")
        out.publish()
    assert (final / "measures.csv").read_text() == "new"


def test_two_runs_of_one_period_cannot_build_at_once(tmp_path):
    final = tmp_path / "2025-26-Q2"
    with OutputFolder(final):
        with pytest.raises(ScorecardError, match="another scorecard run is writing"):
            with OutputFolder(final):
                pass
    with OutputFolder(final) as out:  # the lock is released afterwards
        out.publish()
