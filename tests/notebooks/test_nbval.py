"""nbval regression tests of every notebook against its golden (tests/notebooks/golden).

Each golden is the notebook executed on the hand-checked test extract. nbval re-executes it and
compares the cells that show numbers (tagged nbval-check-output; `--nbval-lax` leaves the rest
unchecked) after sanitize.cfg has blanked paths, timestamps and durations. Chart cells are
skipped: the charts are tested by their data (tests/runner/test_distributions.py). The goldens
run in two pytest processes at once, one per core.
"""

from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GOLDEN = HERE / "golden"
GOLDENS = sorted(GOLDEN.glob("*.ipynb"))


def _nbval(paths: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env",
         "--nbval-sanitize-with", str(HERE / "sanitize.cfg"), "-p", "no:cacheprovider",
         "-q", "--no-header", *[str(p) for p in paths]],
        cwd=HERE, capture_output=True, text=True, timeout=900,
    )


def test_every_notebook_has_a_golden():
    sources = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    assert sources and sorted(p.name for p in GOLDENS) == sources


@pytest.mark.parametrize("source", sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")),
                         ids=lambda p: p.stem)
def test_golden_runs_the_same_code_as_its_notebook(source):
    """A golden made from an older notebook would test code nobody runs any more
    (regenerate with tests/notebooks/regenerate_goldens.py)."""
    code = [c.source for c in nbformat.read(source, as_version=4).cells if c.cell_type == "code"]
    golden = [c for c in nbformat.read(GOLDEN / source.name, as_version=4).cells
              if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", [])]
    assert [c.source for c in golden] == code


def test_notebooks_match_their_goldens():
    # two halves, alternating so both carry a share of the slow notebooks
    halves = [GOLDENS[0::2], GOLDENS[1::2]]
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(_nbval, halves))
    for r in results:
        assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]


@pytest.mark.parametrize("source", sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")),
                         ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs_and_with_a_parameters_cell(source):
    nb = nbformat.read(source, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for name in ("extract", "period", "params_file", "output", "precomputed"):
        assert re.search(rf"^{name} = ", tagged[0].source, flags=re.MULTILINE), name
    # nothing but calls into the package: no measure logic (no pandas) in a notebook
    assert not any("import pandas" in c.source or "groupby" in c.source for c in code)
