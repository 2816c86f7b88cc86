"""A hand-made run folder with the sidecars `scorecard render` reads (DESIGN.md's contract).

Every number is written out here by hand, and the values the documents must show are worked out
in the comments beside them, so the tests compare the documents with arithmetic done by a person,
not with the code's own output.

Period: 2025-26 Q2 (1 July to 30 September 2025). The trend is the 8 quarters 2023-24 Q3 to
2025-26 Q2; `QUARTERS` lists their (start, end).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from scorecard.engine import MEASURES_CSV_COLUMNS

QUARTERS = [
    ("2023-10-01", "2023-12-31"), ("2024-01-01", "2024-03-31"), ("2024-04-01", "2024-06-30"),
    ("2024-07-01", "2024-09-30"), ("2024-10-01", "2024-12-31"), ("2025-01-01", "2025-03-31"),
    ("2025-04-01", "2025-06-30"), ("2025-07-01", "2025-09-30"),
]
YTD = ("2025-04-01", "2025-09-30")

# measure id -> (title, area, unit, polarity)
INFO = {
    "FD01": ("Contacts received", "front_door", "count", "neutral"),
    "FD03": ("Re-referrals within 12 months", "front_door", "percent", "lower"),
    "AS01": ("Assessments completed within 45 working days", "assessment", "percent", "higher"),
    "CP06": ("Children on a plan at the end (and per 10,000)", "child_protection", "count",
             "neutral"),
    "CP08": ("Children on a plan seen in the last 10 working days", "child_protection",
             "percent", "higher"),
    "LA02": ("Children starting to be looked after", "looked_after", "count", "neutral"),
    "LA05": ("Long-term placement stability", "looked_after", "percent", "higher"),
    "AD02": ("Average days from entering care to moving in with the adoptive family (A10)",
             "adoption", "days", "lower"),
    "CL01": ("Care leavers in touch", "care_leavers", "percent", "higher"),
    "WF01": ("Average social worker caseload", "workforce", "average", "lower"),
}
TARGETS = {
    "FD03": (20.0, 23.0), "AS01": (85.0, 80.0), "CP08": (90.0, 85.0), "LA05": (70.0, 65.0),
    "AD02": (426.0, 480.0), "CL01": (90.0, 85.0), "WF01": (16.0, 18.0),
}


def _row(mid, window, start, end, num, den, value, rate=None, rag=None, direction=None,
         england=None, neighbours=None, year=None):
    title, area, unit, polarity = INFO[mid]
    target = TARGETS.get(mid, (None, None))[0]
    return {
        "measure_id": mid, "title": title, "area": area, "window": window,
        "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end),
        "numerator": num, "denominator": den, "value": value, "rate_per_10k": rate,
        "unit": unit, "polarity": polarity, "target": target, "rag": rag, "england": england,
        "region": None, "neighbours": neighbours, "benchmark_year": year,
        "direction": direction,
    }


def _pct(n, d):
    return 100.0 * n / d if d else None


def measure_rows() -> pd.DataFrame:
    rows = []
    # FD01 contacts, a neutral count: Q2 1,402 and Q1 1,350, so YTD = 2,752; direction up.
    contacts = [1200, 1250, 1300, 1280, 1310, 1290, 1350, 1402]
    for (s, e), n in zip(QUARTERS, contacts):
        rows.append(_row("FD01", "quarter", s, e, n, None, float(n),
                         direction="up" if e == "2025-09-30" else None))
    rows.append(_row("FD01", "ytd", *YTD, 2752, None, 2752.0))

    # FD03 re-referrals (lower is better; target 20, amber to 23).
    #   Q2 45/200 = 22.5% (amber: above 20, within 23); Q1 40/210 = 19.047...% -> 19.0%;
    #   2024-25 Q2 38/190 = 20.0%; YTD 85/410 = 20.731...% -> 20.7%; 22.5 > 19.0 -> worsening.
    fd03 = [(30, 180), (33, 170), (36, 185), (38, 190), (35, 180), (37, 190), (40, 210),
            (45, 200)]
    for (s, e), (n, d) in zip(QUARTERS, fd03):
        last = e == "2025-09-30"
        rows.append(_row("FD03", "quarter", s, e, n, d, _pct(n, d),
                         rag="amber" if last else None,
                         direction="worsening" if last else None,
                         england=22.6, neighbours=21.3, year="2024-25"))
    rows.append(_row("FD03", "ytd", *YTD, 85, 410, _pct(85, 410), england=22.6, neighbours=21.3,
                     year="2024-25"))

    # AS01 assessments in 45 working days (higher is better; target 85, amber from 80).
    #   Q2 150/200 = 75.0% -> red; Q1 170/200 = 85.0%; 75.0 < 85.0 -> worsening.
    #   YTD 320/400 = 80.0%; 2024-25 Q2 160/190 = 84.210...% -> 84.2%.
    as01 = [(150, 180), (160, 185), (165, 190), (160, 190), (170, 195), (175, 200),
            (170, 200), (150, 200)]
    for (s, e), (n, d) in zip(QUARTERS, as01):
        last = e == "2025-09-30"
        rows.append(_row("AS01", "quarter", s, e, n, d, _pct(n, d),
                         rag="red" if last else None, direction="worsening" if last else None,
                         england=82.1, neighbours=80.4, year="2023-24"))
    rows.append(_row("AS01", "ytd", *YTD, 320, 400, 80.0, england=82.1, neighbours=80.4,
                     year="2023-24"))

    # CP06 children on a plan at each quarter end, with a rate per 10,000 of 80,000 children:
    #   Q2 412 -> 412 * 10000 / 80000 = 51.5.
    cp06 = [380, 390, 401, 395, 398, 405, 410, 412]
    for (_, e), n in zip(QUARTERS, cp06):
        rows.append(_row("CP06", "snapshot", e, e, n, None, float(n), rate=n * 10000 / 80000,
                         direction="up" if e == "2025-09-30" else None, england=41.2,
                         neighbours=38.9, year="2024-25"))

    # CP08 seen in 10 working days (snapshot; target 90): Q2 37 of 40 = 92.5%, but 40 - 37 = 3
    #   children were not seen, a count from 1 to 5, so the value is hidden (c). Q1 36/38.
    cp08 = [(30, 35), (31, 36), (33, 38), (34, 39), (35, 40), (33, 36), (36, 38), (37, 40)]
    for (_, e), (n, d) in zip(QUARTERS, cp08):
        last = e == "2025-09-30"
        rows.append(_row("CP08", "snapshot", e, e, n, d, _pct(n, d),
                         rag="green" if last else None,
                         direction="improving" if last else None))

    # LA02 children starting to be looked after (flow count): Q2 3 (hidden: 1 to 5), Q1 10,
    #   YTD 13. Shown together, YTD - Q1 = 3 would give Q2 away, so Q1 or YTD must hide too.
    la02 = [12, 9, 11, 14, 8, 12, 10, 3]
    for (s, e), n in zip(QUARTERS, la02):
        rows.append(_row("LA02", "quarter", s, e, n, None, float(n),
                         direction="down" if e == "2025-09-30" else None))
    rows.append(_row("LA02", "ytd", *YTD, 13, None, 13.0))

    # LA05 long-term stability (snapshot; target 70, amber from 65): Q2 63 of 90 = 70.0% ->
    #   green; Q1 60/90 = 66.666...% -> 66.7%; 2024-25 Q2 58/88 = 65.909...% -> 65.9%.
    la05 = [(55, 85), (56, 86), (57, 88), (58, 88), (59, 89), (60, 90), (60, 90), (63, 90)]
    for (_, e), (n, d) in zip(QUARTERS, la05):
        last = e == "2025-09-30"
        rows.append(_row("LA05", "snapshot", e, e, n, d, _pct(n, d),
                         rag="green" if last else None,
                         direction="improving" if last else None, england=71.0,
                         neighbours=69.5, year="2024-25"))

    # AD02 average days, rolling 36 months (lower is better; target 426, amber to 480):
    #   Q2 total 9,870 days over 20 children = 493.5 -> red; Q1 9,500 / 20 = 475.0.
    ad02 = [(8800, 19), (9000, 19), (9100, 20), (9200, 20), (9300, 20), (9400, 20),
            (9500, 20), (9870, 20)]
    for (_, e), (n, d) in zip(QUARTERS, ad02):
        last = e == "2025-09-30"
        start = str((pd.Timestamp(e) - pd.DateOffset(months=36) + pd.Timedelta(days=1)).date())
        rows.append(_row("AD02", "rolling", start, e, n, d, n / d,
                         rag="red" if last else None,
                         direction="worsening" if last else None))

    # CL01 care leavers in touch: latest only, 54 of 60 = 90.0% -> green (exactly on 90); the
    #   6 not in touch are not a small number, so it shows.
    rows.append(_row("CL01", "snapshot", "2025-09-30", "2025-09-30", 54, 60, 90.0, rag="green"))

    # WF01 average caseload (snapshot; target 16, amber to 18): Q2 68 children over 4 workers
    #   = 17.0, but an average over fewer than 6 records is hidden (c). Q1 130 / 8 = 16.25 -> 16.2
    #   (a tie: rounded half to even, as compare.rounding does).
    wf01 = [(120, 8), (122, 8), (125, 8), (128, 8), (126, 8), (131, 8), (130, 8), (68, 4)]
    for (_, e), (n, d) in zip(QUARTERS, wf01):
        last = e == "2025-09-30"
        rows.append(_row("WF01", "snapshot", e, e, n, d, n / d,
                         rag="amber" if last else None,
                         direction="worsening" if last else None))

    frame = pd.DataFrame(rows, columns=MEASURES_CSV_COLUMNS)
    for c in ("numerator", "denominator"):
        frame[c] = frame[c].astype("Int64")
    for c in ("value", "rate_per_10k", "target", "england", "region", "neighbours"):
        frame[c] = frame[c].astype("float64")
    return frame


def custom_period_rows() -> pd.DataFrame:
    """The same figures as a `--start 2025-07-01 --end 2025-09-30` run gives them: one window
    of its own (flows as `period` rows, snapshots at its end), no trend, no year to date."""
    rows = measure_rows()
    rows = rows[(rows.period_end == pd.Timestamp("2025-09-30")) & (rows.window != "ytd")].copy()
    rows["window"] = rows["window"].replace({"quarter": "period"})
    rows["direction"] = None
    return rows.reset_index(drop=True)


COMMENTARY = """---
report_to: Children and Young People Scrutiny Committee
meeting_date: 2025-11-20
report_of: Director of Children's Services
contact_officer:
  name: Sam Patel
  role: Head of Performance and Intelligence
  email: performance@anyshire.example.gov.uk
wards_affected: All wards
key_decision: false
exempt: false
recommendations:
  - That the committee notes the performance set out in the scorecard.
  - That the committee asks for a report on assessment timeliness at its next meeting.
background_papers: None.
---

## Overview

Demand at the front door rose again this quarter.

## Front door

Contacts rose to their highest level in two years, driven by schools' referrals in September.

## Assessment

Timeliness fell to 75% after the summer staffing gap; a recovery plan is in place.
"""


def write_run(folder: Path, *, commentary: str | None = COMMENTARY, renderer: str = "pandoc",
              measures: pd.DataFrame | None = None, chart_cache: Path | None = None,
              custom: bool = False) -> Path:
    """Write a run folder with sidecars (and a commentary file beside it); return the folder.

    `chart_cache` links the run's chart cache to a folder shared by several test runs of the
    same data, so that each test does not redraw the same charts (a second or two each)."""
    side = folder / "sidecars"
    side.mkdir(parents=True, exist_ok=True)
    if chart_cache is not None:
        chart_cache.mkdir(parents=True, exist_ok=True)
        (folder / ".render-cache").symlink_to(chart_cache, target_is_directory=True)
    if measures is None:
        measures = custom_period_rows() if custom else measure_rows()
    measures.to_parquet(
        side / "measures.parquet", index=False)
    commentary_path = None
    if commentary is not None:
        commentary_path = folder / "commentary.md"
        commentary_path.write_text(commentary, encoding="utf-8")
    run = {
        "la_code": "E99000001", "la_name": "Anyshire",
        "committee": "Children and Young People Scrutiny Committee",
        "period": {"label": "2025-26-Q2", "kind": "quarter", "start": "2025-07-01",
                   "end": "2025-09-30", "display": "2025-26 Q2"} if not custom else
                  {"label": "custom_2025-07-01_2025-09-30", "kind": "period",
                   "start": "2025-07-01", "end": "2025-09-30",
                   "display": "01 Jul 2025 to 30 Sep 2025"},
        "extract_date": "2025-10-07", "produced": "2025-10-08", "suppress_below": 6,
        "commentary": str(commentary_path) if commentary_path else None,
        "renderer": renderer,
        "unavailable": {"SE01": "not available from this extract: no ssd_ehcp_named_plan"},
        "targets": {k: {"target": t, "amber": a} for k, (t, a) in TARGETS.items()},
    }
    (side / "run.json").write_text(json.dumps(run, indent=2), encoding="utf-8")
    # 12 contacts dated after the extract date (shown); 3 visits with an unknown code (c).
    (side / "data_quality_summary.csv").write_text(
        "table,rule,status,records\n"
        "ssd_contacts,event after the extract date,excluded,12\n"
        "ssd_cin_visits,unknown code,suspect,3\n",
        encoding="utf-8",
    )
    return folder
