"""manifest.json: what a run read and with what, so "same inputs, same code, same environment"
can be checked later (DESIGN.md: input files with SHA-256, params and their hash, code version,
the lock file's hash, Python and package versions, timings)."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import sys
import threading
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

import scorecard
from scorecard.params import Params
from scorecard.runner.background import yield_to_the_notebooks

PROJECT_ROOT = Path(scorecard.__file__).resolve().parents[2]
_CHUNK = 4 * 1024 * 1024


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


class InputHasher(threading.Thread):
    """Hashes the extract's files in the background while the run validates them (hashlib
    releases the GIL on large buffers, so on a national extract this costs no wall time)."""

    def __init__(self, folder: Path):
        super().__init__(daemon=True)
        self.folder = Path(folder)
        self.files: list[dict] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for p in sorted(self.folder.iterdir()):
                if p.is_file() and not p.name.startswith("."):
                    self.files.append({"file": p.name, "bytes": p.stat().st_size,
                                       "sha256": sha256_file(p)})
        except BaseException as e:  # reported in the manifest, never fatal to the run
            self.error = e

    def result(self) -> list[dict]:
        self.join()
        if self.error is not None:
            return [{"error": f"{type(self.error).__name__}: {self.error}"}]
        return self.files


class SoftwareRecorder(threading.Thread):
    """The manifest's code, lock_file and environment records, gathered in the background while
    the notebooks run: reading every installed package's metadata and asking git for the commit
    takes most of a second, which at the end of a run would be waited for."""

    def __init__(self):
        super().__init__(daemon=True)
        self.records: dict = {}

    def run(self) -> None:
        yield_to_the_notebooks()
        self.records = {"code": code_record(), "lock_file": lock_record(),
                        "environment": environment_record()}

    def result(self) -> dict:
        self.join()
        return self.records


def params_record(params: Params, path: Path | None) -> dict:
    values = asdict(params)
    values.pop("source", None)
    canonical = json.dumps(values, sort_keys=True, default=str)
    return {
        "file": str(Path(path).resolve()) if path else None,
        "file_sha256": sha256_file(Path(path)) if path else None,
        "values": json.loads(canonical),
        "values_sha256": hashlib.sha256(canonical.encode()).hexdigest(),
    }


def code_record() -> dict:
    """The package version, and the git commit when the code runs from a checkout."""
    record: dict = {"scorecard": scorecard.__version__, "git_commit": None, "git_dirty": None}
    if (PROJECT_ROOT / ".git").exists():
        try:
            commit = subprocess.run(
                ["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"],
                capture_output=True, text=True, timeout=10, check=True,
            ).stdout.strip()
            dirty = subprocess.run(
                ["git", "-C", str(PROJECT_ROOT), "status", "--porcelain", "--untracked-files=no",
                 "--", "lib", "notebooks", "pyproject.toml", "requirements.lock"],
                capture_output=True, text=True, timeout=10, check=True,
            ).stdout.strip()
            record["git_commit"], record["git_dirty"] = commit, bool(dirty)
        except (OSError, subprocess.SubprocessError):
            pass
    return record


def lock_record() -> dict:
    lock = PROJECT_ROOT / "requirements.lock"
    if not lock.exists():
        return {"file": None, "sha256": None}
    return {"file": "requirements.lock", "sha256": sha256_file(lock)}


def environment_record() -> dict:
    packages = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            packages[name.lower()] = dist.version
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": dict(sorted(packages.items())),
    }


def write_manifest(path: Path, record: dict) -> None:
    path.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
