"""The scorecard table of each service area, from suppressed rows only.

Columns (MEASURES.md, "Comparisons shown beside each value"): measure, this quarter, previous
quarter, same quarter last year, year to date, target, RAG (word and symbol), England,
statistical neighbours, direction of travel. A `--start/--end` run shows its one period.

RAG and direction are derived from the value, so where the value is hidden they are hidden
too (shown `c`): "red against a target of 90%" or "worsening from 12" would say something about
a number that suppression has removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorecard.render import display as d
from scorecard.render.markdown import pipe_table
from scorecard.render.view import ScorecardView

NO_TARGET = "none"


@dataclass(frozen=True)
class MeasureInfo:
    id: str
    title: str
    area: str
    unit: str
    polarity: str


def target_cell(view: ScorecardView, mid: str, unit: str) -> str:
    row = view.at(mid, "this")
    target = None if row is None else row["target"]
    if d.missing(target):
        target = view.run.targets.get(mid, {}).get("target")
    return NO_TARGET if d.missing(target) else d.target_number(float(target), unit)


def has_target(view: ScorecardView, mid: str) -> bool:
    row = view.at(mid, "this")
    target = None if row is None else row["target"]
    return not d.missing(target) or not d.missing(view.run.targets.get(mid, {}).get("target"))


def rag_cell(view: ScorecardView, mid: str) -> str:
    row = view.at(mid, "this")
    if row is None:
        return d.NOT_AVAILABLE
    if not has_target(view, mid):
        return d.rag_markdown(None)  # nothing is hidden where nothing is judged
    if view.value_hidden(row):
        return d.SUPPRESSED
    return d.rag_markdown(row["rag"])


def direction_cell(view: ScorecardView, mid: str) -> str:
    this, previous = view.at(mid, "this"), view.at(mid, "previous")
    if this is None:
        return d.NOT_AVAILABLE
    if view.value_hidden(this) or view.value_hidden(previous):
        return d.SUPPRESSED
    return d.direction_text(this["direction"])


def measure_cell(info: MeasureInfo) -> str:
    return f"{d.md_escape(info.title)} ({info.id})"


def headings(view: ScorecardView) -> list[str]:
    if not view.quarterly:
        return ["Measure", f"This period ({view.labels['this']})", "Target", "RAG", "England",
                "Statistical neighbours"]
    return [
        "Measure", f"This quarter ({view.labels['this']})",
        f"Previous quarter ({view.labels['previous']})",
        f"Same quarter last year ({view.labels['last_year']})", "Year to date", "Target", "RAG",
        "England", "Statistical neighbours", "Direction of travel",
    ]


def measure_row(view: ScorecardView, info: MeasureInfo) -> list[str]:
    mid, unit = info.id, info.unit
    this = view.at(mid, "this")
    bench = [d.benchmark_cell(None if this is None else this["england"], unit),
             d.benchmark_cell(None if this is None else this["neighbours"], unit)]
    if not view.quarterly:
        return [measure_cell(info), d.md_escape(d.value_cell(this)), target_cell(view, mid, unit),
                rag_cell(view, mid), *map(d.md_escape, bench)]
    ytd = d.value_cell(view.at(mid, "ytd")) if view.is_flow(mid) else d.NOT_APPLICABLE
    return [
        measure_cell(info),
        d.md_escape(d.value_cell(this)),
        d.md_escape(d.value_cell(view.at(mid, "previous"))),
        d.md_escape(d.value_cell(view.at(mid, "last_year"))),
        d.md_escape(ytd),
        target_cell(view, mid, unit),
        rag_cell(view, mid),
        *map(d.md_escape, bench),
        direction_cell(view, mid),
    ]


def unavailable_row(view: ScorecardView, info: MeasureInfo, reason: str) -> list[str]:
    n = len(headings(view))
    return [f"{measure_cell(info)}: {d.md_escape(reason)}"] + [d.NOT_AVAILABLE] * (n - 1)


def area_table(view: ScorecardView, measures: list[MeasureInfo], area_title: str) -> str:
    rows = []
    for info in measures:
        reason = view.run.unavailable.get(info.id)
        if view.main_window(info.id) is None:
            rows.append(unavailable_row(view, info, reason or "no figures in this run"))
        else:
            rows.append(measure_row(view, info))
    heads = headings(view)
    if view.quarterly:
        widths = [18, 10, 10, 10, 9, 7, 8, 8, 11, 9]
        align = ["left"] + ["right"] * 5 + ["left"] + ["right"] * 2 + ["left"]
    else:
        widths = [34, 16, 10, 12, 14, 14]
        align = ["left", "right", "right", "left", "right", "right"]
    return pipe_table(heads, rows, widths, align, caption=f"{d.md_escape(area_title)}: scorecard")
