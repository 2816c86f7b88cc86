"""Writes the notebooks in notebooks/ from the measure registry (a developer's tool).

    python -m scorecard.runner.authoring [--out notebooks]

The notebooks are committed without outputs and may be edited by hand afterwards; this only
saves typing one heading and two cells per measure, and keeps every notebook the same shape:
a parameters cell, then nothing but calls into `scorecard.notebook_helpers`. Cells that show
numbers carry the `nbval-check-output` tag, so the nbval regression tests compare exactly those
(tests/notebooks/); chart cells carry `nbval-skip` (their figures are tested by their data).
Definitions, reasons and sample records sit in unchecked cells of their own, so rewording a
definition or a reason, or adding an audit column, does not break a golden.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from scorecard.measures.registry import AREAS, load_all
from scorecard.notebook_helpers import distribution_for

CHECK = "nbval-check-output"
SKIP = "nbval-skip"  # chart cells: nbval would compare pixels; the charts are tested by their data

AREA_NOTEBOOKS: dict[str, tuple[str, ...]] = {
    "10_front_door_and_assessment": ("front_door", "assessment"),
    "20_child_protection": ("child_protection",),
    "30_children_in_need": ("children_in_need",),
    "40_children_looked_after": ("looked_after",),
    "50_adoption_and_care_leavers": ("adoption", "care_leavers"),
    "60_workforce": ("workforce",),
    "70_send": ("send",),
}

PARAMETERS = '''\
# Parameters: `scorecard run` replaces these. The defaults run the bundled sample extract for its
# quarter, so the notebook runs top to bottom in JupyterLab as it is.
extract = "../data/sample"  # the extract folder
period = "2025-26-Q2"  # a financial-year quarter; or None with start and end (YYYY-MM-DD)
start = None
end = None
params_file = "../params/anyshire.yaml"  # the authority's params, or None for the defaults
output = None  # the run folder to write into; None: a scratch folder (a published run is safe)
precomputed = None  # the run's validated extract and scorecard; None: computed in this notebook
allow_exact_dob = False'''

OPEN = '''\
from scorecard import notebook_helpers as nb

{var} = nb.{func}(
    {areas}extract=extract, period=period, start=start, end=end, params_file=params_file,
    output=output, precomputed=precomputed, allow_exact_dob=allow_exact_dob,
)
{var}.header()'''

HOW_TO_READ = (
    "For each measure: its **definition** (from the measure registry, the same text as the "
    "report's methodology appendix), **the numbers** for the period, **the cohort** (the "
    "records considered, those in the denominator and those in the numerator, read off the "
    "measure's audit frame, which is written to `audit/<ID>.csv`), **why records fall "
    "outside** it, the records **validation excluded**, a **check** that summing the audit "
    "frame reproduces the numbers, the first **records** of the audit frame, the **trend** "
    "over 8 quarters, and, where one helps, a chart of the **distribution** behind the "
    "percentage with its threshold line. The area's trends against their targets are charted "
    "together after the summary. No measure logic lives in this notebook: it calls "
    "`scorecard` and shows what it returns."
)


def _nb(stem: str, cells: list) -> nbformat.NotebookNode:
    for i, cell in enumerate(cells):
        cell["id"] = f"{stem[:2]}-{i:03d}"  # stable ids keep diffs of the notebooks small
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "scorecard", "display_name": "scorecard (project)",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def _params() -> nbformat.NotebookNode:
    cell = new_code_cell(PARAMETERS)
    cell.metadata["tags"] = ["parameters"]
    return cell


def _tagged(source: str, tag: str) -> nbformat.NotebookNode:
    cell = new_code_cell(source)
    cell.metadata["tags"] = [tag]
    return cell


def _checked(source: str) -> nbformat.NotebookNode:
    return _tagged(source, CHECK)


def validate_notebook() -> nbformat.NotebookNode:
    return _nb("00_validate", [
        new_markdown_cell(
            "# 00 Validate: the extract and its data quality\n\n"
            "Every input record is either used or listed with a reason in `data_quality.csv`: "
            "**excluded** records (they break a rule of time, or cannot be attributed) are "
            "left out of the measures that read their table, **suspect** ones (an unknown "
            "code, a flag other than Y/N) are listed and still counted. Under `scorecard run` "
            "the extract is validated once and this notebook reads the validated tables."),
        _params(),
        new_code_cell(OPEN.format(var="check", func="open_validation", areas="")),
        new_markdown_cell("## Records per table\n\nRead from the file, used by the measures, "
                          "excluded and suspect, and the dates each table spans."),
        _checked("check.tables()"),
        new_markdown_cell("## Issues per rule"),
        _checked("check.rules()"),
        new_code_cell("check.examples()"),
        new_markdown_cell("## What the extract cannot support\n\nAn absent table or optional "
                          "column switches off only the measures that need it."),
        _checked("check.switched_off()"),
        new_markdown_cell("## Files for the audit pack"),
        new_code_cell("check.write_outputs()"),
    ])


def area_notebook(stem: str, areas: tuple[str, ...]) -> nbformat.NotebookNode:
    title = " and ".join(AREAS[a] for a in areas)
    args = ", ".join(f'"{a}"' for a in areas) + ",\n    "
    cells = [
        new_markdown_cell(f"# {stem[:2]} {title}\n\n{HOW_TO_READ}"),
        _params(),
        new_code_cell(OPEN.format(var="area", func="open_area", areas=args)),
        new_markdown_cell("## Summary for the period"),
        _checked("area.summary()"),
        new_markdown_cell("## Trends\n\nEach measure over the 8 quarters ending with this one, "
                          "with its target as a dashed line where one is set."),
        _tagged("area.trends()", SKIP),
    ]
    for m in load_all().values():
        if m.area not in areas:
            continue
        cells += [
            new_markdown_cell(f"## {m.id} {m.title}"),
            new_code_cell(f'area.definition("{m.id}")'),
            _checked(f'area.working("{m.id}")'),
            new_code_cell(f'area.records("{m.id}")'),
        ]
        if distribution_for(m.id) is not None:
            cells.append(_tagged(f'area.distribution("{m.id}")', SKIP))
    cells += [
        new_markdown_cell("## Files for the audit pack\n\n`audit/<ID>.csv` for each measure "
                          "above, and this area's rows and chart list under `sidecars/`."),
        new_code_cell("area.write_outputs()"),
    ]
    return _nb(stem, cells)


def scorecard_notebook() -> nbformat.NotebookNode:
    return _nb("90_scorecard", [
        new_markdown_cell(
            "# 90 Scorecard: every measure, assembled\n\n"
            "The whole scorecard for the period: every measure's quarter, year to date, "
            "snapshot or rolling value against its target, England and the statistical "
            "neighbours. This notebook writes `measures.csv` (every measure, window and "
            "quarter of the trend) and the sidecars the committee documents are rendered "
            "from. The working behind each number is in the area notebooks."),
        _params(),
        new_code_cell(OPEN.format(var="card", func="open_area", areas="")),
        new_markdown_cell("## RAG status of the measures with a target"),
        _checked("card.rag_counts()"),
        new_markdown_cell("## The scorecard"),
        _checked("card.summary()"),
        new_markdown_cell("## Files for the audit pack and the documents"),
        new_code_cell("card.write_scorecard()"),
    ])


def all_notebooks() -> dict[str, nbformat.NotebookNode]:
    out = {"00_validate": validate_notebook()}
    out.update({stem: area_notebook(stem, areas) for stem, areas in AREA_NOTEBOOKS.items()})
    out["90_scorecard"] = scorecard_notebook()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=Path("notebooks"))
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for stem, nb in all_notebooks().items():
        nbformat.write(nb, args.out / f"{stem}.ipynb")
        print(args.out / f"{stem}.ipynb")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
