"""The one document source: Markdown that pandoc and Quarto both read, made from the template
`report/scorecard.md`, the run's sidecars (suppressed here, once) and the analyst's commentary.

The template holds the sections in the order a committee expects, each as a `{{name}}` slot:
front_sheet, summary, scorecard, trends, commentary, methodology, data_quality. A council may
reword or reorder the headings; a slot the code does not know is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from scorecard.charts.style import RAG_COLOURS
from scorecard.errors import RunFailed
from scorecard.measures.registry import AREAS
from scorecard.render import display as d
from scorecard.render.appendices import data_quality_section, methodology_section, registry
from scorecard.render.commentary import Commentary
from scorecard.render.front_sheet import front_sheet_section, subject
from scorecard.render.sidecars import Sidecars
from scorecard.render.summary import status_of, summary_section
from scorecard.render.tables import MeasureInfo, area_table
from scorecard.render.trends import trends_section
from scorecard.render.view import ScorecardView, suppress

SLOTS = ("front_sheet", "summary", "scorecard", "trends", "commentary", "methodology",
         "data_quality")
_SLOT = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


@dataclass(frozen=True)
class Document:
    markdown: str
    view: ScorecardView
    charts: list[Path]


def measures_by_area(view: ScorecardView, sidecars: Sidecars) -> dict[str, list[MeasureInfo]]:
    """Measures in registry order within the registry's areas; each shown once."""
    reg = registry()
    infos: dict[str, MeasureInfo] = {}
    first = sidecars.measures.drop_duplicates("measure_id").set_index("measure_id")
    for mid in view.measure_ids:
        r = first.loc[mid]
        infos[mid] = MeasureInfo(mid, r["title"] or mid, r["area"], r["unit"], r["polarity"])
    for mid in sidecars.run.unavailable:
        if mid not in infos and mid in reg:
            m = reg[mid]
            infos[mid] = MeasureInfo(mid, m.title, m.area, m.unit, m.polarity)
    order = {mid: i for i, mid in enumerate(reg)}
    ranked = sorted(infos.values(), key=lambda i: (order.get(i.id, len(order)), i.id))
    areas = list(AREAS) + sorted({i.area for i in ranked} - set(AREAS))
    grouped = {a: [i for i in ranked if i.area == a] for a in areas}
    return {a: infos for a, infos in grouped.items() if infos}


def auto_summary(view: ScorecardView, infos: list[MeasureInfo]) -> str:
    statuses = [status_of(view, i) for i in infos]
    g, a, r = (statuses.count(s) for s in ("green", "amber", "red"))
    return (
        f"This report presents the children's services performance scorecard for "
        f"{view.labels['this']}: {len(infos)} measures, of which {g} are green, {a} amber and "
        f"{r} red against the authority's targets. The summary of performance follows this "
        "front sheet; each service area's figures, trends and commentary follow it."
    )


def scorecard_section(view: ScorecardView, by_area: dict[str, list[MeasureInfo]]) -> str:
    parts = [
        d.LEGEND.format(n=view.run.suppress_below) + " Rate: per 10,000 children aged 0 to 17 "
        "over the 12 months to the period's end; for counts, England and statistical "
        "neighbours are rates.",
    ]
    for area, infos in by_area.items():
        title = AREAS.get(area, area)
        parts += [f"## {d.md_escape(title)}", area_table(view, infos, title)]
    return "\n\n".join(parts)


def commentary_section(commentary: Commentary, by_area: dict[str, list[MeasureInfo]]) -> str:
    parts = []
    if commentary.source is None:
        parts.append("No commentary file was given for this period.")
    for area in by_area:
        parts.append(f"## {d.md_escape(AREAS.get(area, area))}")
        parts.append(commentary.sections.get(area) or "No commentary was provided for this area.")
    return "\n\n".join(parts)


def metadata(sidecars: Sidecars, commentary: Commentary) -> dict:
    run = sidecars.run
    title = f"Children's services performance scorecard: {run.period.display}"
    colours = dict(RAG_COLOURS)
    css_vars = " ".join(f"--rag-{k}: {v};" for k, v in colours.items())
    return {
        "title": title,
        "subtitle": run.la_name,
        # not `author`: pandoc would print it under the subtitle, the same name twice
        "document-author": run.la_name,
        "date": f"Produced {d.md_escape(_long_date(run.produced))}",
        "lang": "en-GB",
        "subject": str(commentary.front.get("subject") or subject(run)),
        "running-header": f"{run.la_name} · Performance scorecard {run.period.display}",
        "rag-colours": colours,
        "header-includes": f"`<style>:root {{ {css_vars} }}</style>`{{=html}}",
    }


def _long_date(ts) -> str:
    return f"{ts.day} {ts:%B %Y}"


def fill_template(template: str, slots: dict[str, str], where: str) -> str:
    def replace(m: re.Match) -> str:
        name = m.group(1)
        if name not in slots:
            raise RunFailed(f"{where}: unknown slot {{{{{name}}}}} (known: {', '.join(SLOTS)})")
        return slots[name]

    return _SLOT.sub(replace, template)


def compose(sidecars: Sidecars, commentary: Commentary, template: Path, chart_dir: Path
            ) -> Document:
    try:
        text = template.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RunFailed(f"document template not found: {template}") from None
    text = re.sub(r"<!--.*?-->\s*", "", text, flags=re.S)  # notes for the template's editor
    fill_template(text, dict.fromkeys(SLOTS, ""), str(template))  # a wrong slot fails first
    run = sidecars.run
    view = ScorecardView(suppress(sidecars.measures, run.suppress_below), run)
    by_area = measures_by_area(view, sidecars)
    all_infos = [i for infos in by_area.values() for i in infos]
    trends_md, charts = trends_section(view, by_area, chart_dir)
    slots = {
        "front_sheet": front_sheet_section(run, commentary, auto_summary(view, all_infos)),
        "summary": summary_section(view, all_infos, commentary.sections.get("overview")),
        "scorecard": scorecard_section(view, by_area),
        "trends": trends_md,
        "commentary": commentary_section(commentary, by_area),
        "methodology": methodology_section(view, by_area, registry()),
        "data_quality": data_quality_section(sidecars.data_quality, run.suppress_below),
    }
    body = fill_template(text, slots, str(template))
    front = yaml.safe_dump(metadata(sidecars, commentary), allow_unicode=True, sort_keys=False,
                           width=1000)
    return Document(f"---\n{front}---\n\n{body.strip()}\n", view, charts)
