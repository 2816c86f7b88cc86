"""The chart a notebook draws behind a measure: the distribution of its records with the
threshold line (the area's trends are small multiples, charts/trends.py), and the sentence that
says where a trend stands.

These are internal charts (unsuppressed, drawn from the audit frames); the committee documents
draw their own from suppressed values. Each function returns the numbers it drew (`Chart.data`),
so tests check a chart by its data rather than by its pixels, and a title that states the message
(what a reader should take away), not just what is plotted. Every chart is saved through
`style.save_figure`, which refuses a chart without alt text.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from scorecard.charts.style import PALETTE, TARGET_COLOUR, apply_house_style, save_figure

# How a value relates to a threshold line: the comparison that puts a record on the counted side.
SIDES = {
    "le": (np.less_equal, "at or below"),
    "lt": (np.less, "below"),
    "ge": (np.greater_equal, "at or above"),
    "gt": (np.greater, "above"),
}
MAX_BINS = 40
WIDTH, HEIGHT = 8.0, 4.2  # inches
TITLE_WIDTH = 70  # characters per title line
# A run draws about sixty of these charts, so they are laid out by hand rather than measured:
# a tight bounding box draws every figure twice, and 100 dpi is plenty for a screen (the SVG
# beside each PNG is the sharp copy). Together that halves the cost of a chart.
PNG_DPI = 100


@dataclass(frozen=True)
class Chart:
    title: str
    alt_text: str
    data: pd.DataFrame  # the numbers drawn
    paths: dict[str, Path]


def format_value(value: float | None, unit: str) -> str:
    """A value as a reader sees it: percentages and averages to 1 decimal (rounded as the
    documents round them), counts whole."""
    from scorecard.compare.rounding import as_displayed

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no value"
    if unit == "count":
        return f"{value:,.0f}"
    shown = as_displayed(value)  # halves up, exactly as the documents round
    if unit == "percent":
        return f"{shown:.1f}%"
    if unit == "days":
        return f"{shown:,.1f} days"
    return f"{shown:,.1f}"


def histogram_bins(values: np.ndarray, line: float) -> tuple[np.ndarray, float]:
    """Bin edges with one edge exactly on the threshold (at most MAX_BINS bins), and that edge.

    Day counts and caseloads are whole numbers, so their edges sit half-way between integers
    (the line of "45 working days or fewer" falls between 45 and 46) and no bar straddles the
    threshold.
    """
    lo = min(float(np.min(values)), float(line))
    hi = max(float(np.max(values)), float(line))
    integral = bool(np.all(np.mod(values, 1) == 0)) and float(line).is_integer()
    if integral:
        width = float(max(1, math.ceil((hi - lo + 1) / MAX_BINS)))
        anchor = float(line) + 0.5
    else:
        width = (hi - lo) / MAX_BINS or 1.0
        anchor = float(line)
    first = anchor - width * math.ceil((anchor - lo) / width)
    n = max(1, math.ceil((hi - first) / width))
    return first + width * np.arange(n + 1), anchor


def distribution_chart(
    values: pd.Series,
    *,
    line: float,
    side: str,
    stem: Path,
    subject: str,
    outcome: str,
    x_label: str,
    line_label: str,
    counted_label: str,
    other_label: str,
) -> Chart:
    """Histogram of `values` (one per record in the cohort) with a vertical line at `line`.

    `side` says which side of the line is counted (`le` for "within 45 working days"), `subject`
    names the records ("assessments"), `outcome` completes the sentence for the counted side
    ("were authorised within 45 working days"); the two labels name the sides in the legend.
    Missing values (e.g. no visit at all) stay in the
    cohort, so the share in the title is of every record, but are not drawn; the alt text says
    how many.
    """
    compare, side_words = SIDES[side]
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    total = int(len(numbers))
    present = numbers.dropna().to_numpy()
    missing = total - len(present)
    counted_mask = compare(present, line)
    counted = int(counted_mask.sum())
    share = f"{100 * counted / total:.1f}%" if total else "no records"
    title = f"{counted:,} of {total:,} {subject} ({share}) {outcome}"

    apply_house_style()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(WIDTH, HEIGHT))
    if len(present):
        edges, line_x = histogram_bins(present, line)
        counts, _ = np.histogram(present, bins=edges)
        counted_counts, _ = np.histogram(present[counted_mask], bins=edges)
        # Every bin lies wholly on one side of the line (an edge sits on it), so each side is
        # one filled outline: the counted side from zero, the other stacked on it.
        ax.stairs(counted_counts, edges, fill=True, color=PALETTE[0], alpha=0.9,
                  label=counted_label)
        ax.stairs(counts, edges, baseline=counted_counts, fill=True, color=PALETTE[1],
                  alpha=0.9, label=other_label)
        ax.set_ylim(0, max(1, int(counts.max())) * 1.08)
        ax.legend(loc="upper right" if side in ("le", "lt") else "upper left")
        data = pd.DataFrame({"bin_from": edges[:-1], "bin_to": edges[1:], "records": counts})
    else:
        data = pd.DataFrame({"bin_from": [], "bin_to": [], "records": []})
        ax.text(0.5, 0.5, "No records to show", ha="center", va="center",
                transform=ax.transAxes)
        line_x = line
    ax.axvline(line_x, color=TARGET_COLOUR, linestyle="--", linewidth=1.5)
    ax.annotate(line_label, xy=(line_x, 1), xycoords=("data", "axes fraction"),
                xytext=(4, -4), textcoords="offset points", va="top", fontsize=10,
                color=TARGET_COLOUR)
    ax.set_xlabel(x_label)
    ax.set_ylabel(f"Number of {subject}")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _finish(fig, ax, title, bottom=0.75)

    median = f"; the median is {np.median(present):,.0f}" if len(present) else ""
    not_drawn = f" {missing:,} {subject} have no value and are not drawn." if missing else ""
    alt = (
        f"Histogram of {len(present):,} {subject} by {x_label.lower()}, with a line at "
        f"{line_label}. {counted:,} of {total:,} ({share}) are {side_words} the line{median}."
        f"{not_drawn}"
    )
    paths = _save(fig, stem, alt)
    return Chart(title, alt, data, paths)


def _finish(fig, ax, title: str, bottom: float) -> None:
    """Title wrapped to TITLE_WIDTH, and margins in inches: room for the title lines above,
    the axis labels (rotated quarter names for a trend) below."""
    lines = textwrap.wrap(title, TITLE_WIDTH)
    ax.set_title("\n".join(lines), y=1.0 if _nothing_above(ax) else None)
    top = 0.25 + 0.24 * len(lines)
    fig.subplots_adjust(left=0.85 / WIDTH, right=1 - 0.25 / WIDTH, top=1 - top / HEIGHT,
                        bottom=bottom / HEIGHT)


def _nothing_above(ax) -> bool:
    """True when nothing can sit above the axes to push the title up: no x axis on top and no
    offset text ("1e6") over the y axis. The title is then placed at the top outright, as
    matplotlib would place it anyway after measuring every tick label, in each saved format
    (about a tenth of a chart's drawing time)."""
    if ax.xaxis.get_ticks_position() != "bottom" or ax.xaxis.get_label_position() != "bottom":
        return False
    formatter = ax.yaxis.get_major_formatter()
    formatter.set_locs(ax.yaxis.get_majorticklocs())  # as drawing does, from the final limits
    return not formatter.get_offset()


def _save(fig, stem: Path, alt: str) -> dict[str, Path]:
    import matplotlib

    with matplotlib.rc_context({"savefig.dpi": PNG_DPI}):
        return save_figure(fig, stem, alt, tight=False)


def trend_message(labels, values, unit, polarity, target, measure_title) -> str:
    """Where the latest value stands: against the first quarter shown, and against the target
    (read through the polarity) when there is one."""
    known = values.notna().to_numpy()
    if not known.any():
        return f"{measure_title}: no value in any quarter shown"
    last = int(np.flatnonzero(known)[-1])
    first = int(np.flatnonzero(known)[0])
    latest = values.iloc[last]
    text = f"{measure_title}: {format_value(latest, unit)} in {labels[last]}"
    if first < last:
        before = values.iloc[first]
        shown_now, shown_then = format_value(latest, unit), format_value(before, unit)
        if shown_now == shown_then:
            text += f", the same as in {labels[first]}"
        else:
            word = "up" if latest > before else "down"
            text += f", {word} from {shown_then} in {labels[first]}"
    if target is not None and polarity in ("higher", "lower"):
        met = latest >= target if polarity == "higher" else latest <= target
        verb = "meeting" if met else "missing"
        text += f"; {verb} the target of {format_value(target, unit)}"
    return text
