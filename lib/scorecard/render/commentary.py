"""The analyst's commentary file: the committee front sheet (front matter) and text per area.

A commentary file is Markdown with YAML front matter:

    ---
    meeting_date: 2025-11-20
    report_of: Director of Children's Services
    contact_officer: {name: A. Analyst, role: Performance Manager, email: perf@example.gov.uk}
    recommendations:
      - That the committee notes the performance set out in the scorecard.
    ---
    ## Overview
    ...
    ## Front door
    ...

Each `## ` heading names a service area (as the scorecard shows it, e.g. "Children looked
after") or "Overview". A heading that names neither is an error naming the file and the line, so
no paragraph of commentary can silently go missing from the document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scorecard.errors import RunFailed
from scorecard.measures.registry import AREAS

FRONT_SHEET_KEYS = {
    "report_to": "Report to",
    "meeting_date": "Date of meeting",
    "subject": "Subject",
    "report_of": "Report of",
    "contact_officer": "Contact officer",
    "wards_affected": "Wards affected",
    "key_decision": "Key decision",
    "exempt": "Exempt or confidential",
    "summary": "Summary",
    "recommendations": "Recommendations",
    "appendices": "Appendices",
    "background_papers": "Background papers",
}
OVERVIEW = "overview"
_HEADING = re.compile(r"^(#{1,2})\s+(.+?)\s*#*\s*$")


class CommentaryError(RunFailed):
    """A commentary file that cannot be used; the message names the file and the key or line."""


@dataclass(frozen=True)
class Commentary:
    source: Path | None
    front: dict[str, object] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)  # area key or "overview" -> Markdown


def _area_key(heading: str) -> str | None:
    wanted = " ".join(heading.lower().split())
    if wanted in (OVERVIEW, "summary", "overview and summary"):
        return OVERVIEW
    for key, title in AREAS.items():
        if wanted in (key.replace("_", " "), title.lower()):
            return key
    return None


def parse_commentary(text: str, source: Path | None = None) -> Commentary:
    where = str(source) if source else "commentary"
    lines = text.replace("\r\n", "\n").split("\n")
    front: dict[str, object] = {}
    body_start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            raise CommentaryError(f"{where}: the front matter opened on line 1 is never closed "
                                  "with a line of ---")
        try:
            loaded = yaml.safe_load("\n".join(lines[1:end])) or {}
        except yaml.YAMLError as e:
            raise CommentaryError(f"{where}: front matter is not valid YAML: {e}") from None
        if not isinstance(loaded, dict):
            raise CommentaryError(f"{where}: front matter must be a mapping of keys to values")
        unknown = sorted(set(map(str, loaded)) - set(FRONT_SHEET_KEYS))
        if unknown:
            raise CommentaryError(
                f"{where}: front matter key {unknown[0]!r} is not a front-sheet field "
                f"(known: {', '.join(FRONT_SHEET_KEYS)})"
            )
        front = {str(k): v for k, v in loaded.items() if v not in (None, "", [])}
        body_start = end + 1

    sections: dict[str, list[str]] = {}
    current = OVERVIEW
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        m = _HEADING.match(line)
        if m:
            key = _area_key(m.group(2))
            if key is None:
                known = ", ".join(["Overview", *AREAS.values()])
                raise CommentaryError(
                    f"{where}, line {number}: heading {m.group(2)!r} names no service area "
                    f"(use one of: {known}; sub-headings start with ###)"
                )
            if key in sections and "".join(sections[key]).strip():
                raise CommentaryError(
                    f"{where}, line {number}: a second section for {m.group(2)!r}"
                )
            current = key
            sections.setdefault(current, [])
            continue
        sections.setdefault(current, []).append(line)
    cleaned = {k: "\n".join(v).strip() for k, v in sections.items()}
    return Commentary(source, front, {k: v for k, v in cleaned.items() if v})


def read_commentary(path: Path) -> Commentary:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommentaryError(f"commentary file not found: {path}") from None
    except UnicodeDecodeError as e:
        raise CommentaryError(f"{path}: not UTF-8 text ({e})") from None
    return parse_commentary(text, path)


def project_root() -> Path:
    """The folder holding pyproject.toml, report/ and params/ (lib/scorecard/render -> root)."""
    return Path(__file__).resolve().parents[3]


def resolve_commentary(named: str | None, la_name: str, period_label: str) -> Path | None:
    """The commentary file run.json names (absolute, or relative to the project root or the
    working folder); with none named, `report/commentary/<authority>-<period>.md` if it exists."""
    if named:
        p = Path(named)
        candidates = [p] if p.is_absolute() else [project_root() / p, Path.cwd() / p]
        for c in candidates:
            if c.is_file():
                return c
        raise CommentaryError(
            f"commentary file not found: {named} (looked in "
            + " and ".join(str(c) for c in candidates) + ")"
        )
    slug = re.sub(r"[^a-z0-9]+", "-", la_name.lower()).strip("-")
    slug = re.sub(r"-(county|city|borough|metropolitan|district)?-?council$", "", slug)
    conventional = project_root() / "report" / "commentary" / f"{slug}-{period_label}.md"
    return conventional if conventional.is_file() else None


def display_date(value: object) -> str:
    """'2025-11-20' or a YAML date -> '20 November 2025' (the form committee papers use)."""
    if isinstance(value, (dt.date, dt.datetime)):
        d = value
    else:
        try:
            d = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            return str(value)
    return f"{d.day} {d:%B %Y}"
