"""The council's committee-report front sheet, from the commentary file's front matter and the
run: report to, date of meeting, subject, report of, contact officer, wards affected, key
decision, exempt or confidential, the period, the extract date, the date produced; then summary,
recommendations, appendices and background papers."""

from __future__ import annotations

from scorecard.render import display as d
from scorecard.render.commentary import Commentary, display_date
from scorecard.render.markdown import bullet_list, numbered_list, pipe_table
from scorecard.render.sidecars import RunInfo

NOT_GIVEN = "Not given (add it to the commentary file's front matter)"
DEFAULT_RECOMMENDATION = "That the committee notes the performance set out in the scorecard."
APPENDICES = ["Appendix A: how each measure is worked out", "Appendix B: data quality"]


def subject(run: RunInfo) -> str:
    return f"Children's services performance scorecard, {run.period.display}"


def _yes_no(value: object) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _officer(value: object) -> str:
    if isinstance(value, dict):
        parts = [value.get(k) for k in ("name", "role", "email", "phone")]
        return ", ".join(str(p) for p in parts if p)
    return str(value)


def _items(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def period_text(run: RunInfo) -> str:
    p = run.period
    return f"{p.display} ({display_date(p.start.date())} to {display_date(p.end.date())})"


def front_sheet_section(run: RunInfo, commentary: Commentary, auto_summary: str) -> str:
    f = commentary.front
    fields = [
        ("Report to", f.get("report_to") or run.committee or NOT_GIVEN),
        ("Date of meeting", display_date(f["meeting_date"]) if "meeting_date" in f
         else NOT_GIVEN),
        ("Subject", f.get("subject") or subject(run)),
        ("Report of", f.get("report_of") or NOT_GIVEN),
        ("Contact officer", _officer(f["contact_officer"]) if "contact_officer" in f
         else NOT_GIVEN),
        ("Wards affected", f.get("wards_affected") or "All wards"),
        ("Key decision", _yes_no(f.get("key_decision", False))),
        ("Exempt or confidential", _yes_no(f.get("exempt", False))),
        ("Period covered", period_text(run)),
        ("Date of the extract", display_date(run.extract_date.date())),
        ("Date produced", display_date(run.produced.date())),
    ]
    table = pipe_table(["Item", "Detail"], [[k, d.md_escape(v)] for k, v in fields], [28, 72],
                       caption="Front sheet")
    recommendations = _items(f.get("recommendations") or DEFAULT_RECOMMENDATION)
    appendices = _items(f.get("appendices") or APPENDICES)
    papers = f.get("background_papers") or "None."
    parts = [
        table,
        "## Summary",
        str(f.get("summary") or auto_summary),
        "## Recommendations",
        numbered_list(recommendations),
        "## Appendices",
        bullet_list(appendices),
        "## Background papers",
        bullet_list(_items(papers)) if isinstance(papers, list) else str(papers),
    ]
    return "\n\n".join(parts)
