"""Trend small multiples: one panel per measure, 8 quarters, the target as a dashed line.

Two users. The committee documents draw them from SUPPRESSED values only: a hidden quarter is a
gap in the line with a `c` beneath it, and the alt text never mentions a hidden number; identical
data gives an identical file name (a hash of the data), so a re-render reuses the charts it
already drew. The area notebooks draw them from the unsuppressed values, for the audit pack's
figures/ (SVG and PNG). A figure holds at most six panels (three rows of two) so that it fits an
A4 page or a slide without being cut or shrunk past reading.
"""

from __future__ import annotations

import hashlib
import json
import math
import textwrap
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

PANELS_PER_FIGURE = 6
STYLE_VERSION = "trends-5"  # change to redraw every cached chart after a style change


@dataclass(frozen=True)
class TrendPanel:
    measure_id: str
    title: str
    unit: str  # percent | count | average | days
    values: tuple[float | None, ...]  # suppressed values: None where hidden or not available
    suppressed: tuple[bool, ...]
    target: float | None = None


@dataclass(frozen=True)
class TrendChart:
    png: Path
    alt_text: str
    caption: str
    panels: int  # a one-panel figure is half as wide as the others


def _fmt(v: float, unit: str) -> str:
    if unit == "percent":
        return f"{v:,.1f}%"
    if unit == "count":
        return f"{round(v):,}"
    return f"{v:,.1f}"


def _shown(v: float | None) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def describe_panel(p: TrendPanel, labels: Sequence[str]) -> str:
    """One sentence of alt text for a panel, from the values the chart shows."""
    points = [(lab, v) for lab, v in zip(labels, p.values) if _shown(v)]
    name = f"{p.title} ({p.measure_id})"
    if not points:
        text = f"{name}: no quarter can be shown"
    elif len(points) == 1:
        text = f"{name}: {_fmt(points[0][1], p.unit)} in {points[0][0]}"
    else:
        lo = min(points, key=lambda x: x[1])
        hi = max(points, key=lambda x: x[1])
        text = (f"{name}: {_fmt(points[0][1], p.unit)} in {points[0][0]} and "
                f"{_fmt(points[-1][1], p.unit)} in {points[-1][0]}, lowest "
                f"{_fmt(lo[1], p.unit)} ({lo[0]}), highest {_fmt(hi[1], p.unit)} ({hi[0]})")
    if p.target is not None:
        text += f"; target {_fmt(p.target, p.unit)}"
    hidden = sum(p.suppressed)
    if hidden:
        text += f"; {hidden} quarter{'s' if hidden > 1 else ''} not shown (small numbers)"
    return text + "."


def _key(panels: Sequence[TrendPanel], labels: Sequence[str], title: str) -> str:
    payload = json.dumps(
        [STYLE_VERSION, title, list(labels), [asdict(p) for p in panels]],
        sort_keys=True, default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _ticks(labels: Sequence[str]) -> list[str]:
    """'2023-24 Q3' -> 'Q3' with the financial year beneath on the first and each Q1 only."""
    out = []
    for i, lab in enumerate(labels):
        year, _, q = lab.rpartition(" ")
        out.append(f"{q}\n{year}" if i == 0 or q == "Q1" or not year else q)
    return out


def _draw(panels: Sequence[TrendPanel], labels: Sequence[str], title: str):
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from scorecard.charts.style import PALETTE, TARGET_COLOUR, apply_house_style

    apply_house_style()
    ncols = 2 if len(panels) > 1 else 1
    nrows = math.ceil(len(panels) / ncols)
    # Fixed margins in inches rather than a layout engine: a third of the drawing time.
    row_height, top, bottom, gap = 2.45, 0.6, 0.45, 0.95
    height = row_height * nrows
    axes_height = (height - top - bottom - gap * (nrows - 1)) / nrows
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.3 * ncols, height), squeeze=False)
    fig.subplots_adjust(left=0.1 if ncols == 2 else 0.17, right=0.97, top=1 - top / height,
                        bottom=bottom / height, hspace=gap / axes_height, wspace=0.3)
    ticks = _ticks(labels)
    x = list(range(len(labels)))
    for ax, p in zip(axes.flat, panels):
        ys = [float("nan") if not _shown(v) else float(v) for v in p.values]
        ax.plot(x, ys, color=PALETTE[0], marker="o", markersize=4, linewidth=2)
        shown = [y for y in ys if not math.isnan(y)]
        top = max(shown + ([p.target] if p.target is not None else []) + [1.0])
        if p.unit == "percent":
            ax.set_ylim(0, 100 if top <= 100 else top * 1.1)
        else:
            ax.set_ylim(0, top * 1.18)
        if p.target is not None:
            # unlabelled: a label inside the panel hides points; the caption names the line
            ax.axhline(p.target, color=TARGET_COLOUR, linestyle="--", linewidth=1.2)
        for xi, hidden in zip(x, p.suppressed):
            if hidden:
                ax.annotate("c", xy=(xi, 0), xycoords="data", xytext=(0, 3),
                            textcoords="offset points", ha="center", va="bottom", fontsize=9,
                            color=TARGET_COLOUR, fontweight="bold")
        # ~30 characters of 9-point bold fill a panel's width; longer titles wrap
        # y given: matplotlib otherwise measures every tick label to lift the title clear of
        # an x axis on top or an offset text, neither of which these panels have (a fifth of
        # the drawing time)
        ax.set_title("\n".join(textwrap.wrap(f"{p.title} ({p.measure_id})", 30)),
                     fontsize=9, loc="left", y=1.0)
        ax.set_xticks(x, ticks, fontsize=7)
        ax.tick_params(axis="y", labelsize=8)
        if p.unit == "percent":
            ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0f}%")
        else:
            ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
            ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
        if not shown:
            ax.text(0.5, 0.55, "No quarter can be shown", transform=ax.transAxes,
                    ha="center", va="center", fontsize=9, color=TARGET_COLOUR)
        ax.grid(axis="y", linewidth=0.5, alpha=0.5)
        ax.spines[["top", "right"]].set_visible(False)
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    return fig


def _parts(panels: Sequence[TrendPanel]) -> list[Sequence[TrendPanel]]:
    return [panels[i:i + PANELS_PER_FIGURE] for i in range(0, len(panels), PANELS_PER_FIGURE)]


def _words(chunk: Sequence[TrendPanel], labels: Sequence[str], area_title: str, part: str
           ) -> tuple[str, str]:
    """The alt text and the caption of one figure."""
    alt = (f"{area_title}{part}: line charts of {len(chunk)} measure"
           f"{'s' if len(chunk) > 1 else ''} by quarter from {labels[0]} to {labels[-1]}, "
           "with the target as a dashed line where one is set. "
           + " ".join(describe_panel(p, labels) for p in chunk))
    hidden = any(any(p.suppressed) for p in chunk)
    caption = (f"{area_title}{part}: the last {len(labels)} quarters; dashed line: target"
               + ("; c: a quarter not shown because its numbers are small." if hidden else "."))
    return alt, caption


def trend_charts(
    panels: Sequence[TrendPanel], labels: Sequence[str], folder: Path, area_title: str,
) -> list[TrendChart]:
    """Draw (or reuse) the documents' small multiples of an area, six panels to a figure, as
    PNG files named by their data in `folder`."""
    from scorecard.charts.style import save_figure

    charts = []
    chunks = _parts(panels)
    for n, chunk in enumerate(chunks, start=1):
        part = f" (part {n} of {len(chunks)})" if len(chunks) > 1 else ""
        alt, caption = _words(chunk, labels, area_title, part)
        stem = Path(folder) / f"trend-{_key(chunk, labels, area_title)}"
        png = stem.with_suffix(".png")
        if not png.exists():
            save_figure(_draw(chunk, labels, area_title), stem, alt, formats=("png",), tight=False)
        charts.append(TrendChart(png, alt, caption, len(chunk)))
    return charts


@dataclass(frozen=True)
class AreaTrendFigure:
    paths: dict[str, Path]  # svg, png, alt
    alt_text: str
    caption: str
    measure_ids: tuple[str, ...]


SCREEN_DPI = 100  # the notebooks' PNGs are read on screen; the SVG beside each is the sharp copy


def area_trend_figures(
    panels: Sequence[TrendPanel], labels: Sequence[str], stem: Path, area_title: str,
) -> list[AreaTrendFigure]:
    """The notebooks' small multiples of an area: `<stem>.svg` and `.png` (or `<stem>_1`,
    `<stem>_2`, ... for more than six measures), with their alt text. One figure per six
    measures rather than one chart per measure: the area at a glance, in about half the
    drawing time of separate charts."""
    import matplotlib

    from scorecard.charts.style import save_figure

    figures = []
    chunks = _parts(panels)
    for n, chunk in enumerate(chunks, start=1):
        part = f" (part {n} of {len(chunks)})" if len(chunks) > 1 else ""
        alt, caption = _words(chunk, labels, area_title, part)
        path = Path(stem)
        if len(chunks) > 1:
            path = path.with_name(f"{path.name}_{n}")
        figure = _draw(chunk, labels, area_title)  # (sets the house style, its dpi with it)
        with matplotlib.rc_context({"savefig.dpi": SCREEN_DPI}):
            paths = save_figure(figure, path, alt, tight=False)
        figures.append(AreaTrendFigure(paths, alt, caption, tuple(p.measure_id for p in chunk)))
    return figures
