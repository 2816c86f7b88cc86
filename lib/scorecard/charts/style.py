"""The house style: Analysis Function colours (colour-blind safe), readable fonts, alt text.

Every chart is saved through `save_figure`, which writes SVG and PNG with the alt text beside
them (`<stem>.alt.txt`), so no chart can reach a document without a description.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")


def _pyplot():
    """matplotlib, imported on first use: the colours and words below are read by code that
    draws nothing (RAG labels, the documents), and matplotlib takes ~1 s to import."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return matplotlib, plt

# Analysis Function categorical palette (afcharts), in its recommended order.
PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
TARGET_COLOUR = "#3D3D3D"
# RAG fills chosen for at least 3:1 contrast against white; always paired with a word and symbol.
RAG_COLOURS = {"green": "#00703C", "amber": "#B25E00", "red": "#C2292E"}
RAG_SYMBOLS = {"green": "✔", "amber": "▲", "red": "✖"}
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red"}


def apply_house_style() -> None:
    """matplotlib rcParams from afcharts' style sheet, with fonts present on every machine."""
    matplotlib, plt = _pyplot()
    try:
        from pathlib import Path as _P

        import afcharts

        plt.style.use(str(_P(afcharts.__file__).parent / "afcharts.mplstyle"))
    except (ImportError, OSError):  # the palette below is the same; only spacing would differ
        pass
    plt.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib: same output everywhere
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "svg.fonttype": "none",
        "svg.hashsalt": "scorecard",  # deterministic SVG ids
        "path.simplify": True,
    })


def save_figure(
    fig, stem: Path, alt_text: str, formats: tuple[str, ...] = ("svg", "png"),
    tight: bool = True,
) -> dict[str, Path]:
    """Write <stem>.svg, <stem>.png and <stem>.alt.txt; close the figure; return the paths.

    `formats` narrows the images written (the documents embed PNG only, and each SVG costs
    as much time as a PNG); the alt text is always written. `tight=False` keeps the figure's
    own margins: a tight bounding box draws every figure twice.
    """
    if not alt_text or not alt_text.strip():
        raise ValueError(f"chart {stem} has no alt text")
    _, plt = _pyplot()
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = {fmt: stem.with_suffix(f".{fmt}") for fmt in formats}
    paths["alt"] = stem.with_suffix(".alt.txt")
    bbox = "tight" if tight else None
    if "svg" in paths:
        fig.savefig(paths["svg"], bbox_inches=bbox, metadata={"Date": None})
    if "png" in paths:
        fig.savefig(paths["png"], bbox_inches=bbox, metadata={"Software": None})
    paths["alt"].write_text(alt_text.strip() + "\n", encoding="utf-8")
    plt.close(fig)
    return paths
