"""The trends section: each area's small multiples, drawn from suppressed values."""

from __future__ import annotations

from pathlib import Path

from scorecard.charts.trends import TrendPanel, trend_charts
from scorecard.measures.registry import AREAS
from scorecard.periods import quarter, trailing_quarters
from scorecard.render import display as d
from scorecard.render.tables import MeasureInfo
from scorecard.render.view import ScorecardView

TREND_QUARTERS = 8
CHART_FOLDER = "charts"  # beside the document source in the build folder


def _alt_attr(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def panel(view: ScorecardView, info: MeasureInfo, ends: list) -> TrendPanel | None:
    """A measure's 8 quarters; None when it has fewer than two quarters to draw (care leavers,
    whose file holds only the current state)."""
    by_end = view.trend(info.id)
    values, hidden = [], []
    for end in ends:
        r = by_end.get(end)
        if r is None or r["value_suppressed"] or d.missing(r["value"]):
            values.append(None)
        else:
            values.append(float(r["value"]))
        hidden.append(bool(r is not None and r["value_suppressed"]))
    if sum(r is not None for r in map(by_end.get, ends)) < 2:
        return None
    this = view.at(info.id, "this")
    target = None if this is None or d.missing(this["target"]) else float(this["target"])
    return TrendPanel(info.id, info.title, info.unit, tuple(values), tuple(hidden), target)


def trends_section(view: ScorecardView, by_area: dict[str, list[MeasureInfo]], chart_dir: Path
                   ) -> tuple[str, list[Path]]:
    if not view.quarterly:
        return ("Trend charts are drawn for quarterly runs; this document covers one period "
                f"({d.md_escape(view.labels['this'])}).", [])
    quarters = trailing_quarters(quarter(view.run.period.label), TREND_QUARTERS)
    labels = [q.display for q in quarters]
    ends = [q.end for q in quarters]
    parts = [
        f"Each chart shows a measure over the {TREND_QUARTERS} quarters to "
        f"{d.md_escape(labels[-1])}, with the target as a dashed line where one is set. A "
        "quarter whose numbers are too small to publish is left as a gap marked c. The "
        "figures for the latest quarters are in the scorecard tables.",
    ]
    files: list[Path] = []
    for area, infos in by_area.items():
        title = AREAS.get(area, area)
        parts.append(f"## {d.md_escape(title)}")
        panels = [p for p in (panel(view, i, ends) for i in infos) if p is not None]
        if not panels:
            parts.append("These measures describe the current position only, so there is no "
                         "trend to chart.")
            continue
        for chart in trend_charts(panels, labels, chart_dir, title):
            files.append(chart.png)
            width = "100%" if chart.panels > 1 else "50%"
            parts.append(
                f"![{d.md_escape(chart.caption)}]({CHART_FOLDER}/{chart.png.name})"
                f'{{alt="{_alt_attr(chart.alt_text)}" width="{width}"}}'
            )
        skipped = [i for i in infos if i.id not in {p.measure_id for p in panels}]
        if skipped:
            names = ", ".join(f"{d.md_escape(i.title)} ({i.id})" for i in skipped)
            parts.append(f"No trend is charted for {names}: fewer than two quarters of figures.")
    return "\n\n".join(parts), files
