"""Appendix A (how each measure is worked out, generated from the measure registry) and
Appendix B (data quality: counts of records by rule, never the records themselves)."""

from __future__ import annotations

import pandas as pd

from scorecard.measures.registry import AREAS, Measure
from scorecard.render import display as d
from scorecard.render.markdown import pipe_table
from scorecard.render.tables import MeasureInfo
from scorecard.render.view import ScorecardView, suppress

_POLARITY = {"higher": "higher is better", "lower": "lower is better",
             "neutral": "neither higher nor lower is better (shown for context)"}
_UNIT = {"percent": "percentage", "count": "count", "average": "average",
         "days": "average number of days"}
_WINDOW_ROW = {
    "quarter": "events in the quarter, and year to date",
    "period": "events in the period",
    "snapshot": "the position at the period's end",
    "rolling": "the 36 months to the period's end",
}


def registry() -> dict[str, Measure]:
    """Every registered measure; a family module that fails to import leaves its measures out
    (the appendix then says so for each one) rather than stopping the documents."""
    from scorecard.measures import registry as reg

    try:
        return dict(reg.load_all())
    except ImportError:
        return dict(reg.MEASURES)


def general_notes(suppress_below: int) -> str:
    return "\n\n".join([
        "## How to read the scorecard",
        "- **Periods.** Quarters are financial-year quarters (Q1 April to June, Q2 July to "
        "September, Q3 October to December, Q4 January to March); a period includes its first "
        "and last days. Year to date runs from 1 April to the end of the quarter.",
        "- **RAG.** Green when the value meets the authority's target; amber when it misses "
        "the target but is within the amber threshold; red otherwise. A measure without a "
        "target has no RAG status. Each status is shown with a word and a symbol as well as a "
        "colour: ✔ Green, ▲ Amber, ✖ Red.",
        "- **Direction of travel** compares this quarter with the previous quarter, as both "
        "are displayed (to 1 decimal place): improving or worsening where higher or lower is "
        "better, up or down for measures shown for context, and no change when the two are "
        "equal.",
        f"- **Small numbers.** A count from 1 to {suppress_below - 1} is shown as c, and so is "
        "a percentage whose numerator, denominator or their difference is such a count, and an "
        f"average over fewer than {suppress_below} records. Where a hidden number could be "
        "worked out from the others shown (a quarter from the year to date and the other "
        "quarters), enough of the others are hidden too. The RAG status and direction of a "
        "hidden value are hidden as well, and the charts leave a gap.",
        "- **Rates** are per 10,000 children aged 0 to 17. For events they are taken over the "
        "12 months to the period's end, the basis DfE publishes, so that they can be compared "
        "with England and the statistical neighbours.",
        "- **England and statistical neighbours** are the latest figures the Department for "
        "Education has published for a year ending on or before the period's end; the "
        "neighbours' figure is the average of those neighbours with a published number. "
        "Contains public sector information licensed under the Open Government Licence v3.0.",
    ])


def _benchmark_text(mid: str, view: ScorecardView) -> str | None:
    try:
        from scorecard.reference.sources import SOURCES
    except ImportError:
        return None
    src = SOURCES.get(mid)
    if src is None:
        return None
    row = view.at(mid, "this")
    year = None if row is None else row["benchmark_year"]
    text = f"{src.publication} ({src.note})"
    return text + (f", year {year}" if year else "")


def measure_entry(info: MeasureInfo, m: Measure | None, view: ScorecardView) -> str:
    head = f"**{d.md_escape(info.title)} ({info.id}).**"
    if m is None:
        return f"{head} Its definition is not in this version's measure registry."
    window = view.main_window(info.id)
    facts = [
        f"Counted over: {_WINDOW_ROW.get(window, m.window_label.lower()) if window else m.window_label.lower()}",  # noqa: E501
        f"unit: {_UNIT[m.unit]}" + (" (and per 10,000 children)" if m.rate_per_10k else ""),
        f"polarity: {_POLARITY[m.polarity]}",
        f"source: {m.source}",
    ]
    bench = _benchmark_text(info.id, view)
    if bench:
        facts.append(f"England and neighbours: {bench}")
    return f"{head} {d.md_escape(m.definition)}\n\n*{d.md_escape('; '.join(facts))}.*"


def methodology_section(view: ScorecardView, by_area: dict[str, list[MeasureInfo]],
                        measures: dict[str, Measure]) -> str:
    parts = [
        "This appendix is generated from the same register of measures that computes the "
        "figures, so each definition is the rule that was applied.",
        general_notes(view.run.suppress_below),
    ]
    for area, infos in by_area.items():
        parts.append(f"## {d.md_escape(AREAS.get(area, area))}")
        parts += [measure_entry(i, measures.get(i.id), view) for i in infos]
    return "\n\n".join(parts)


def data_quality_section(dq: pd.DataFrame, suppress_below: int) -> str:
    intro = (
        "Records that break the rules of the extract are counted here by table and rule. "
        "Excluded records are left out of the measures whose rule they break; suspect records "
        "are listed for the data owners and still counted. Only counts are shown; the records "
        "themselves are in the internal audit pack."
    )
    if dq.empty:
        return intro + "\n\nNo record broke a rule of the extract."
    # The same small-number rule as every other count in the document.
    as_rows = pd.DataFrame({
        "measure_id": [f"DQ{i}" for i in range(len(dq))], "window": "snapshot",
        "period_start": pd.Timestamp("2000-01-01"), "period_end": pd.Timestamp("2000-01-01"),
        "numerator": dq["records"].astype("float64"), "denominator": float("nan"),
        "value": dq["records"].astype("float64"), "rate_per_10k": float("nan"),
        "unit": "count", "polarity": "neutral",
    })
    hidden = suppress(as_rows, suppress_below)["value_suppressed"].to_numpy()
    rows = [
        [d.md_escape(t), d.md_escape(r), d.md_escape(s),
         d.SUPPRESSED if h else f"{int(n):,}"]
        for t, r, s, n, h in zip(dq["table"], dq["rule"], dq["status"], dq["records"], hidden)
    ]
    table = pipe_table(["Table", "Rule", "Status", "Records"], rows, [22, 48, 14, 12],
                       ["left", "left", "left", "right"], caption="Data-quality summary")
    return f"{intro}\n\n{table}"
