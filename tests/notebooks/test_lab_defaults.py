"""Every notebook runs top to bottom with its default parameters, as an analyst opening it in
JupyterLab would (cwd notebooks/, the bundled sample extract beside it). Slow: `make test-slow`.

The project's layout is rebuilt in a temporary folder around a small synthetic sample, so the
test neither needs nor touches data/sample.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import papermill
import pytest

from scorecard.synth import generate

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("project")
    for folder in ("notebooks", "params", "report"):
        shutil.copytree(ROOT / folder, home / folder)
    generate(home / "data" / "sample", scale=0.05, seed=1)
    return home


@pytest.mark.slow
@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_with_its_defaults(project, source):
    out = project / f"{source.stem}.executed.ipynb"
    papermill.execute_notebook(str(project / "notebooks" / source.name), str(out),
                               kernel_name="python3", cwd=str(project / "notebooks"),
                               progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    shown = "".join(str(o.get("data", {}).get("text/markdown", ""))
                    for c in nb.cells for o in c.get("outputs", []))
    assert "Anyshire" in shown  # the sample authority, from the default params
