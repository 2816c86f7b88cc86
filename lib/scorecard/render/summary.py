"""The one-page summary: how many measures are green, amber and red, and a sentence for each
measure that is red or worsening. Built from suppressed rows: a hidden value is neither counted
as a colour nor described."""

from __future__ import annotations

from collections import Counter

from scorecard.render import display as d
from scorecard.render.markdown import pipe_table
from scorecard.render.tables import MeasureInfo, has_target
from scorecard.render.view import ScorecardView

_POLARITY_WORDS = {"higher": "higher is better", "lower": "lower is better"}


def status_of(view: ScorecardView, info: MeasureInfo) -> str:
    """green | amber | red | no target | hidden | unavailable, for this quarter."""
    row = view.at(info.id, "this")
    if row is None:
        return "unavailable"
    if not has_target(view, info.id):
        return "no target"
    if view.value_hidden(row):
        return "hidden"
    if d.missing(row["value"]):
        return "unavailable"
    return row["rag"] or "unavailable"


def counts_table(view: ScorecardView, measures: list[MeasureInfo]) -> str:
    """One row of counts under the statuses (a row, not a column, so the page keeps room for
    the sentences below it)."""
    counts = Counter(status_of(view, m) for m in measures)
    heads = [d.rag_markdown("green"), d.rag_markdown("amber"), d.rag_markdown("red"),
             "No target", "Not rated (c)", "Not available", "All measures"]
    row = [str(counts[s]) for s in ("green", "amber", "red", "no target", "hidden",
                                    "unavailable")] + [str(len(measures))]
    what = "this quarter" if view.quarterly else "this period"
    caption = f"Measures by RAG status, {what} ({d.md_escape(view.labels['this'])})"
    return pipe_table(heads, [row], [1] * 7, ["right"] * 7, caption=caption)


def _value(row) -> str:
    return d.value_cell(row, with_counts=False)


def sentence(view: ScorecardView, info: MeasureInfo) -> str | None:
    """'Assessments ... (AS01) is red: 72.4% in 2025-26 Q2 against a target of 85%, and
    worsening from 80.1% in 2025-26 Q1 (higher is better).' None when neither red nor worsening."""
    this, previous = view.at(info.id, "this"), view.at(info.id, "previous")
    if this is None or view.value_hidden(this) or d.missing(this["value"]):
        return None
    red = this["rag"] == "red"
    worsening = (this["direction"] == "worsening" and previous is not None
                 and not view.value_hidden(previous) and not d.missing(previous["value"]))
    if not (red or worsening):
        return None
    name = f"**{d.md_escape(info.title)}** ({info.id})"
    now = f"{d.md_escape(_value(this))} in {view.labels['this']}"
    target = "" if d.missing(this["target"]) else d.target_number(float(this["target"]), info.unit)
    if red:
        text = f"{name} is red: {now} against a target of {d.md_escape(target)}"
        if worsening:
            text += f", and worsening from {d.md_escape(_value(previous))} in " \
                    f"{view.labels['previous']}"
    else:
        text = (f"{name} is worsening: {now}, compared with {d.md_escape(_value(previous))} in "
                f"{view.labels['previous']}")
        rag = this["rag"]
        if rag:
            text += f"; it is {rag} against a target of {d.md_escape(target)}"
    polarity = _POLARITY_WORDS.get(info.polarity)
    return text + (f" ({polarity})." if polarity else ".")


def summary_section(view: ScorecardView, measures: list[MeasureInfo], overview: str | None) -> str:
    parts = []
    if overview:
        parts.append(overview)
    what = "quarter" if view.quarterly else "period"
    parts.append(
        f"This page counts the measures by their RAG status for the {what} "
        f"({d.md_escape(view.labels['this'])}) and names each measure that is red or, "
        "against the previous quarter, worsening." if view.quarterly else
        f"This page counts the measures by their RAG status for the {what} "
        f"({d.md_escape(view.labels['this'])}) and names each measure that is red."
    )
    parts.append(counts_table(view, measures))
    sentences = [s for s in (sentence(view, m) for m in measures) if s]
    parts.append("## Measures that are red or worsening")
    if sentences:
        parts.append("\n".join(f"- {s}" for s in sentences))
    else:
        parts.append("No measure is red or worsening.")
    return "\n\n".join(parts)
