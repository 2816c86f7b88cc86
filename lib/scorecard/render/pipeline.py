"""`scorecard render --run DIR`: the committee documents from a run's sidecars.

Steps: read and check the sidecars; suppress (once, through scorecard.compare.suppression);
compose the Markdown source from report/scorecard.md and the period's commentary file; draw the
trend charts (or reuse them: a chart's file name is a hash of its data, kept in
`<run>/.render-cache/`); render each format in a temporary folder beside `report/`; and only
when every asked-for format is there, swap the folder in for `report/`. A failure at any step
leaves the previous documents as they were.

`report/` then holds exactly the formats rendered this time, so a clerk never finds a PDF made
from older commentary beside a fresh HTML.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from scorecard.errors import RunFailed
from scorecard.render.commentary import (
    Commentary,
    project_root,
    read_commentary,
    resolve_commentary,
)
from scorecard.render.compose import compose
from scorecard.render.engines import (
    OUTPUTS,
    SOURCE,
    Templates,
    find_quarto,
    render_pandoc,
    render_quarto,
)
from scorecard.render.sidecars import Sidecars, load_sidecars
from scorecard.render.trends import CHART_FOLDER

FORMATS = ("html", "docx", "pdf")
CACHE = ".render-cache"


def templates_folder() -> Path:
    """report/ at the project root: the outline, reference.docx, typst template, CSS, filter."""
    return project_root() / "report"


def _epoch(day: pd.Timestamp) -> int:
    """The documents' own date (the run's production date) as seconds, for reproducible files."""
    return int(pd.Timestamp(day).tz_localize("UTC").timestamp())


def _publish(out: Path, target: Path) -> None:
    """Swap `out` in for `target`; the old folder goes only once the new one is in place."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{time.time_ns()}")
        target.rename(old)
    try:
        out.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _prune_cache(folder: Path, keep: set[str]) -> None:
    for f in folder.glob("trend-*"):
        if f.stem.removesuffix(".alt") not in keep:
            f.unlink(missing_ok=True)


def same_sidecars(a: Sidecars, b: Sidecars) -> bool:
    """True when two sets of sidecars would make the same documents: equal run settings,
    measures and data-quality counts, as the render reads them."""
    return (a.run == b.run and a.measures.equals(b.measures)
            and a.data_quality.equals(b.data_quality))


def render_run(run_dir: Path, formats: list[str], renderer: str | None = None, *,
               templates: Path | None = None, sidecars_from: Path | None = None,
               announce: bool = True) -> int:
    """Render `<run_dir>/report/scorecard.{html,docx,pdf}` from `<run_dir>/sidecars/`.

    `renderer` overrides run.json's; `templates` names a folder laid out like report/ (the
    outline, reference.docx, typst template, stylesheet and filter) in place of report/.
    `sidecars_from` reads the sidecars from `<sidecars_from>/sidecars/` instead (`scorecard
    run` renders from the sidecars as computed while its notebooks write their own); and
    `announce=False` leaves out the closing line on stderr.
    """
    started = time.perf_counter()
    run_dir = Path(run_dir)
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise RunFailed(f"unknown format {unknown[0]!r} (html, docx or pdf)")
    formats = [f for f in FORMATS if f in formats]  # a fixed order, each once
    if not formats:
        print("scorecard render: no formats asked for; report/ left as it was", file=sys.stderr)
        return 0
    sidecars = load_sidecars(Path(sidecars_from) if sidecars_from else run_dir)
    engine = renderer or sidecars.run.renderer
    if engine not in ("pandoc", "quarto"):
        raise RunFailed(f"renderer {engine!r}: use pandoc or quarto")
    templates = Templates(Path(templates) if templates else templates_folder())
    templates.check()
    quarto = find_quarto() if engine == "quarto" else None  # before any work is done
    source = resolve_commentary(sidecars.run.commentary, sidecars.run.la_name,
                                sidecars.run.period.label)
    commentary = read_commentary(source) if source else Commentary(None)

    cache = run_dir / CACHE / "charts"
    build = Path(tempfile.mkdtemp(prefix=".report-build-", dir=run_dir))
    try:
        doc = compose(sidecars, commentary, templates.outline, cache)
        (build / SOURCE).write_text(doc.markdown, encoding="utf-8")
        charts = build / CHART_FOLDER
        charts.mkdir()
        for png in doc.charts:
            shutil.copyfile(png, charts / png.name)
        epoch = _epoch(sidecars.run.produced)
        if quarto:
            render_quarto(build, templates, formats, epoch, quarto)
        else:
            render_pandoc(build, templates, formats, epoch)
        out = build / "report"
        out.mkdir()
        for f in formats:
            made = build / OUTPUTS[f]
            if not made.is_file() or made.stat().st_size == 0:
                raise RunFailed(f"{f}: the renderer reported success but wrote no {made.name}")
            made.rename(out / made.name)
        _publish(out, run_dir / "report")
        _prune_cache(cache, {p.stem for p in doc.charts})
    finally:
        shutil.rmtree(build, ignore_errors=True)

    if not announce:
        return 0
    took = time.perf_counter() - started
    listing = ", ".join(
        f"{OUTPUTS[f]} ({(run_dir / 'report' / OUTPUTS[f]).stat().st_size // 1024:,} KB)"
        for f in formats
    )
    used = f"commentary {source}" if source else "no commentary file"
    print(f"scorecard render: {run_dir / 'report'}: {listing}; {used}; {took:.1f} s",
          file=sys.stderr)
    return 0
