"""Re-make the nbval goldens: every notebook executed on the hand-checked test extract.

    .venv/bin/python tests/notebooks/regenerate_goldens.py

Run it after changing a notebook or what a notebook shows, then read the diff of golden/: the
numbers in it must still be the hand-worked ones (tests/notebooks/test_goldens.py checks the
ones in tests/runner/handchecked_values.py). The parameters are relative to golden/, where nbval
starts each kernel, and `output` is None, so a re-run writes to a scratch folder. Only the
outputs nbval compares (cells tagged nbval-check-output) are kept: the charts and the rest would
only make the goldens large.
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import papermill

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
GOLDEN = HERE / "golden"
CHECK = "nbval-check-output"
PARAMETERS = {
    "extract": "../../data/handchecked",
    "period": "2025-26-Q2",
    "start": None,
    "end": None,
    "params_file": "../../data/handchecked-params.yaml",
    "output": None,
    "precomputed": None,
}


def regenerate(source: Path) -> Path:
    target = GOLDEN / source.name
    papermill.execute_notebook(str(source), str(target), parameters=PARAMETERS,
                               kernel_name="python3", cwd=str(GOLDEN), progress_bar=False)
    nb = nbformat.read(target, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and CHECK not in cell.metadata.get("tags", []):
            cell.outputs = []
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nb.metadata.pop("papermill", None)
    nbformat.write(nb, target)
    return target


def main() -> int:
    GOLDEN.mkdir(exist_ok=True)
    sources = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    # processes, not threads: papermill changes the working folder of the whole process while
    # it starts a kernel
    with ProcessPoolExecutor(2) as pool:
        for path in pool.map(regenerate, sources):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
