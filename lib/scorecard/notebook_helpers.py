"""What the notebooks call: open the run's results, show each measure's working, draw its charts
and write the run's files. No measure logic lives here or in a notebook: the numbers come from
`scorecard.engine.compute_scorecard`, and everything shown is read off its rows and audit frames.

A notebook opens its areas with `open_area(...)`, passing its parameters cell through:
- under `scorecard run`, `precomputed` names the runner's work folder: the notebook reads the
  scorecard computed once for the run (see `scorecard.runner.results` for why);
- on its own (JupyterLab, nbval), `precomputed` is None: the notebook validates the extract and
  computes its own areas with the same call, so both ways give the same numbers.

For each measure a reviewer can follow the number from its definition to the value:
`definition(id)` shows the registry's definition; `working(id)` the rows of the period, the cohort
(records considered, in the denominator, in the numerator), the records validation excluded, the
check that summing the audit frame reproduces the numbers, and the trend; `records(id)` the
reasons records fall outside and the first records of the audit frame; `charts(id)` draws the
distribution behind the percentage and the trend against the target.
"""

from __future__ import annotations

import base64
import html
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from scorecard.charts.distributions import distribution_chart, format_value, trend_message
from scorecard.engine import write_audits, write_measures_csv
from scorecard.measures.registry import AREAS, Measure, load_all, summarise
from scorecard.params import Params, load_params
from scorecard.periods import Period, custom, quarter
from scorecard.runner.results import Results, load_results, results_from
from scorecard.runner.sidecars import (
    resolve_commentary,
    write_data_quality,
    write_measures_parquet,
    write_scorecard_sidecars,
)

SAMPLE_ROWS = 5  # audit rows shown per measure, so a reviewer sees what each record carries
WINDOW_WORDS = {"quarter": "quarter", "ytd": "year to date", "period": "period",
                "snapshot": "at the end", "rolling": "36 months to the end"}


# -- the distribution behind each measure --------------------------------------------------------

@dataclass(frozen=True)
class Distribution:
    """Which audit column a measure's histogram draws, and where its threshold line sits."""

    column: str
    line: float | str  # a number, or the name of the Params field holding it
    side: str  # which side of the line the measure counts: le | lt | ge | gt
    subject: str  # the records, plural ("assessments")
    outcome: str  # completes "k of n <subject> (p%) ..." for the counted side
    x_label: str
    line_label: str  # "{line}" is replaced by the line's value
    counted_label: str
    other_label: str


def _within(column: str, line: float | str, subject: str, outcome: str, x_label: str,
            unit: str, side: str = "le") -> Distribution:
    """The common case: a count of days (or cases) against a limit."""
    if side == "le":
        labels = (f"{{line}} {unit} or fewer", f"more than {{line}} {unit}")
    elif side == "gt":
        labels = (f"more than {{line}} {unit}", f"{{line}} {unit} or fewer")
    else:  # ge
        labels = (f"{{line}} {unit} or more", f"fewer than {{line}} {unit}")
    return Distribution(column, line, side, subject, outcome, x_label, f"{{line}} {unit}",
                        *labels)


# Measures whose value is the share of records on one side of a line (or a mean of values) get
# the histogram of those values; the rest (yes/no rules such as a plan lasting 2 years, counts)
# have no distribution worth drawing. The columns are the measures' own audit columns.
DISTRIBUTIONS: dict[str, Distribution] = {
    "AS01": _within("working_days_to_authorisation", 45, "assessments",
                    "were authorised within {line} working days of their start",
                    "Working days from start to authorisation", "working days"),
    "AS02": _within("working_days_to_seen", 5, "assessments",
                    "had the child seen within {line} working days of the start",
                    "Working days from the start to the first seen visit", "working days"),
    "AS03": _within("working_days_to_seen", 10, "assessments",
                    "had the child seen within {line} working days of the start",
                    "Working days from the start to the first seen visit", "working days"),
    "AS04": _within("working_days_open", 45, "open assessments",
                    "had been open more than {line} working days at the end",
                    "Working days open at the period's end", "working days", side="gt"),
    "CP02": _within("working_days_from_s47_start", 15, "initial conferences",
                    "were held within {line} working days of the section 47 enquiry's start",
                    "Working days from the section 47 start to the conference", "working days"),
    "CP08": _within("working_days_since_seen", 10, "plans",
                    "had the child seen in the last {line} working days",
                    "Working days from the latest seen visit to the period's end",
                    "working days"),
    "CN02": _within("working_days_since_seen", "cin_visit_wd", "CIN plans",
                    "had the child seen in the last {line} working days",
                    "Working days from the latest seen visit to the period's end",
                    "working days"),
    "LA04": _within("placements_in_12_months", 3, "children looked after",
                    "had {line} or more placements in the last 12 months",
                    "Placements in the 12 months to the period's end", "placements",
                    side="ge"),
    "LA08": _within("working_days_to_iha", 20, "periods of care",
                    "had an initial health assessment within {line} working days",
                    "Working days from entering care to the initial health assessment",
                    "working days"),
    "AD02": _within("days", 426, "children adopted",
                    "moved in with their adoptive family within {line} days of entering care "
                    "(the national threshold, for reference)",
                    "Days from entering care to moving in with the adoptive family", "days"),
    "AD03": _within("days", 121, "children adopted",
                    "were matched within {line} days of the placement order (the national "
                    "threshold, for reference)",
                    "Days from placement order to match", "days"),
    "WF01": _within("caseload", "caseload_threshold", "social workers",
                    "hold {line} cases or fewer", "Caseload (children)", "cases"),
    "WF02": _within("caseload", "caseload_threshold", "social workers",
                    "hold more than {line} cases", "Caseload (children)", "cases", side="gt"),
    "WF05": _within("days_since_supervision", "supervision_days", "social workers",
                    "were supervised in the last {line} days",
                    "Days from the latest supervision to the period's end", "days"),
    "SE01": _within("days_from_request", 140, "EHC plans",
                    "were issued within {line} days (20 weeks) of the request",
                    "Days from the request to the plan", "days"),
}


def distribution_for(measure_id: str) -> Distribution | None:
    return DISTRIBUTIONS.get(measure_id)


# -- opening a run -------------------------------------------------------------------------------

def _period(period: str | None, start: str | None, end: str | None) -> Period:
    if period:
        return quarter(period)
    if start and end:
        return custom(start, end)
    raise ValueError("the parameters need a period (e.g. '2025-26-Q2') or a start and an end")


_SCRATCH: list[tempfile.TemporaryDirectory] = []


def _output(output: str | Path | None) -> Path:
    """The run folder to write into. On its own a notebook writes into a scratch folder that is
    removed when its kernel stops, so running it in JupyterLab never touches a published run
    and leaves nothing behind; give `output` to keep the files."""
    if output is None:
        scratch = tempfile.TemporaryDirectory(prefix="scorecard-notebook-")
        _SCRATCH.append(scratch)  # removed at interpreter exit by its finaliser
        return Path(scratch.name)
    path = Path(output)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _validated(extract: str | Path, allow_exact_dob: bool):
    from scorecard.extract.load import load_extract

    return load_extract(Path(extract), allow_exact_dob=allow_exact_dob)


def open_area(
    *areas: str,
    extract: str | Path,
    period: str | None = None,
    start: str | None = None,
    end: str | None = None,
    params_file: str | Path | None = None,
    output: str | Path | None = None,
    precomputed: str | Path | None = None,
    allow_exact_dob: bool = False,
) -> AreaView:
    """The scorecard of `areas` (registry area keys; none: every area) for the period."""
    unknown = [a for a in areas if a not in AREAS]
    if unknown:
        raise ValueError(f"unknown area {unknown[0]!r}; areas are {', '.join(AREAS)}")
    wanted = list(areas) or None
    params = load_params(params_file)
    if precomputed is not None:
        results = load_results(Path(precomputed) / "results", wanted)
        params = params.with_extract_defaults(results.la_code, results.la_name)
        source = "read from the scorecard the run computed once for every notebook"
    else:
        from scorecard.engine import compute_scorecard

        the_period = _period(period, start, end)
        x = _validated(extract, allow_exact_dob)
        params = params.with_extract_defaults(x.la_code, x.la_name)
        sc = compute_scorecard(x, params, the_period, areas=wanted)
        results = results_from(x, sc, {
            "produced": pd.Timestamp.today().date().isoformat(),
            "renderer": params.renderer,
            "commentary": resolve_commentary(params, params_file),
        })
        source = "computed in this notebook from the extract"
    return AreaView(areas=wanted, params=params, results=results, output=_output(output),
                    source=source, extract=str(extract))


def open_validation(
    *,
    extract: str | Path,
    output: str | Path | None = None,
    precomputed: str | Path | None = None,
    allow_exact_dob: bool = False,
    **_ignored,
) -> ValidationView:
    """The validated extract: from the runner's parquet cache, or validated here."""
    if precomputed is not None:
        from scorecard.extract.cache import load_validated

        x = load_validated(Path(precomputed) / "extract")
        source = "read from the validated tables the run saved (the extract is validated once)"
    else:
        x = _validated(extract, allow_exact_dob)
        source = "validated in this notebook"
    return ValidationView(x=x, output=_output(output), source=source, extract=str(extract))


# -- showing -------------------------------------------------------------------------------------

def _show(*objects) -> None:
    from IPython.display import display

    display(*objects)


def _md(text: str) -> None:
    from IPython.display import Markdown

    _show(Markdown(text))


def _table(frame: pd.DataFrame) -> None:
    _show(frame)


_DATE = r"\d{4}-\d{2}-\d{2}"
_NUMBER = r"\d+(?:\.\d+)?"


def general_reason(reasons: pd.Series) -> pd.Series:
    """Reasons with their own figures replaced, so that reasons group: 'authorised 52 working
    days after the start' and '... 60 ...' both read 'authorised N working days after the
    start'. Vectorised: a national extract has millions of audit rows."""
    text = reasons.astype("string")
    return (text.str.replace(_DATE, "<date>", regex=True)
            .str.replace(_NUMBER, "N", regex=True))


def _text(values: pd.Series, fmt: str) -> list[str]:
    """Numbers as a reviewer reads them in a table: missing ones blank, not NaN or <NA>."""
    return ["" if v is None or pd.isna(v) else fmt.format(float(v)) for v in values]


def _counts(value) -> object:
    return pd.NA if value is None or pd.isna(value) else int(round(float(value)))


def _same(a, b) -> bool:
    """Two counts equal as whole numbers, or both missing."""
    a, b = _counts(a), _counts(b)
    if a is pd.NA or b is pd.NA:
        return a is pd.NA and b is pd.NA
    return a == b


class AreaView:
    """One or more service areas of the scorecard, for the period asked."""

    def __init__(self, areas, params: Params, results: Results, output: Path, source: str,
                 extract: str):
        self.areas = areas
        self.params = params
        self.results = results
        self.scorecard = results.scorecard
        self.period = results.scorecard.period
        self.output = output
        self.source = source
        self.extract = extract
        registry = load_all()
        self.measures: list[Measure] = [
            m for m in registry.values() if areas is None or m.area in areas]
        self.figures: list[dict] = []

    # the run ----------------------------------------------------------------------------------
    def header(self) -> None:
        """Who, when, and where the numbers come from (not checked by nbval: paths differ)."""
        r = self.results
        names = " and ".join(AREAS[a] for a in self.areas) if self.areas else "Every service area"
        _md(
            f"**{names}** for **{r.la_name}** ({r.la_code}), **{self.period.display}** "
            f"({self.period.start:%d %B %Y} to {self.period.end:%d %B %Y}); extract taken "
            f"{r.extract_date:%d %B %Y}.\n\n"
            f"Extract: `{self.extract}`. Params: `{self.params.source or 'defaults'}`. "
            f"Numbers {self.source}. Files written to `{self.output}`."
        )

    def period_rows(self, measure_id: str | None = None) -> pd.DataFrame:
        """The rows of the period asked for (its quarter and YTD, or its snapshot...)."""
        rows = self.scorecard.rows
        rows = rows[rows["period_end"] == self.period.end]
        if measure_id is not None:
            rows = rows[rows["measure_id"] == measure_id]
        return rows.reset_index(drop=True)

    def summary(self) -> None:
        """Every measure of the area for the period: the numbers a committee will see."""
        rows = self.period_rows()
        if rows.empty:
            _md("No measure of this area could be computed from this extract.")
        else:
            _table(self._number_table(rows, with_title=True))
        self._unavailable()

    def _unavailable(self) -> None:
        gone = {m.id: self.scorecard.unavailable[m.id] for m in self.measures
                if m.id in self.scorecard.unavailable}
        if gone:
            _md("**Not available from this extract:**\n\n" + "\n".join(
                f"- {mid}: {reason}" for mid, reason in gone.items()))

    def _number_table(self, rows: pd.DataFrame, with_title: bool = False) -> pd.DataFrame:
        out = pd.DataFrame({
            "measure": rows["measure_id"],
            **({"title": rows["title"]} if with_title else {}),
            "window": rows["window"],
            "from": rows["period_start"].dt.strftime("%Y-%m-%d"),
            "to": rows["period_end"].dt.strftime("%Y-%m-%d"),
            "numerator": _text(rows["numerator"], "{:,.0f}"),
            "denominator": _text(rows["denominator"], "{:,.0f}"),
            "value": _text(rows["value"], "{:.4f}"),
            "shown as": [format_value(v, u) if pd.notna(v) else "no value"
                         for v, u in zip(rows["value"], rows["unit"])],
            "per 10,000": _text(rows["rate_per_10k"], "{:,.1f}"),
            "target": _text(rows["target"], "{:g}"),
            "RAG": rows["rag"].fillna(""),
            "direction": rows["direction"].fillna(""),
            "England": _text(rows["england"], "{:,.1f}"),
        })
        return out.set_index(["measure", "window"])

    # one measure ----------------------------------------------------------------------------
    def measure(self, measure_id: str) -> Measure:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(f"{measure_id} is not a measure of {', '.join(self.areas or [])}")

    def definition(self, measure_id: str) -> None:
        """The measure as the registry defines it (its own cell, so that rewording a definition
        never disturbs the nbval comparison of the numbers)."""
        m = self.measure(measure_id)
        polarity = {"higher": "higher is better", "lower": "lower is better",
                    "neutral": "neither higher nor lower is better"}[m.polarity]
        _md(f"**{m.id} {m.title}**: {polarity}; {m.window_label.lower()}; unit {m.unit}; "
            f"source: {m.source}.\n\n**Definition.** {m.definition}")

    def working(self, measure_id: str) -> None:
        """The numbers: rows -> cohort -> validation exclusions -> reconciliation -> trend."""
        m = self.measure(measure_id)
        if m.id in self.scorecard.unavailable:
            _md(f"**Not available from this extract:** {self.scorecard.unavailable[m.id]}.")
            return
        rows = self.period_rows(m.id)
        _md("**The numbers for the period**")
        _table(self._number_table(rows))
        audit = self.scorecard.audits.get(m.id)
        if audit is None:
            _md("No audit frame was kept for this measure.")
            return
        _md("**The cohort** (from the audit frame: one row per record considered)")
        _table(cohort_table(m, audit, list(rows["window"])))
        self._excluded_by_validation(m)
        _md(reconcile(m, audit, rows))
        trend = self.trend(m.id)
        if len(trend) > 1:
            _md("**The trend** (the 8 quarters ending with this one): "
                + self._trend_words(m, trend))
            _table(trend.set_index("quarter"))

    def records(self, measure_id: str) -> None:
        """Why records fall outside, and the first records of the audit frame (a cell apart
        from the numbers: its wording follows the measure's reasons and audit columns)."""
        m = self.measure(measure_id)
        audit = self.scorecard.audits.get(m.id)
        if m.id in self.scorecard.unavailable or audit is None or audit.empty:
            return
        reasons = reason_table(audit)
        if len(reasons):
            _md("**Why records are outside the denominator or the numerator** (figures in a "
                "reason replaced by N; each record's own figures are in audit/" + m.id + ".csv)")
            _table(reasons)
        window = audit["window"].iloc[0]
        first = audit[audit["window"] == window].head(SAMPLE_ROWS)
        _md(f"**The first {len(first)} records of the {WINDOW_WORDS.get(window, window)}** "
            f"(every record is in audit/{m.id}.csv)")
        _table(first.drop(columns="window").reset_index(drop=True))

    def _excluded_by_validation(self, m: Measure) -> None:
        dq = self.results.data_quality
        if dq is None or dq.empty or "measures" not in dq.columns:
            return
        mentions = dq["measures"].astype("string").fillna("").str.contains(
            rf"\b{re.escape(m.id)}\b", regex=True)
        hit = dq[mentions & (dq["status"] == "excluded")]
        if hit.empty:
            _md("No record of the tables this measure reads was excluded by validation.")
            return
        counts = (hit.groupby(["table", "rule"]).size().rename("records excluded")
                  .reset_index().set_index(["table", "rule"]))
        _md("**Records validation excluded from this measure** (listed in data_quality.csv)")
        _table(counts)

    def trend_rows(self, measure_id: str) -> pd.DataFrame:
        """The measure's rows per quarter (quarters, or snapshots at each quarter end), oldest
        first."""
        rows = self.scorecard.rows
        rows = rows[(rows["measure_id"] == measure_id)
                    & rows["window"].isin(["quarter", "snapshot", "rolling"])]
        return rows.sort_values("period_end")

    def trend(self, measure_id: str) -> pd.DataFrame:
        """The measure's trend as a table, oldest quarter first."""
        rows = self.trend_rows(measure_id)
        from scorecard.periods import quarter_of

        return pd.DataFrame({
            "quarter": [quarter_of(e).display for e in rows["period_end"]],
            "numerator": _text(rows["numerator"], "{:,.0f}"),
            "denominator": _text(rows["denominator"], "{:,.0f}"),
            "value": rows["value"].to_numpy(),
            "shown as": [format_value(v, m) if pd.notna(v) else "no value"
                         for v, m in zip(rows["value"], rows["unit"])],
            "target": _text(rows["target"], "{:g}"),
            "RAG": rows["rag"].fillna("").to_numpy(),
        })

    def _trend_words(self, m: Measure, trend: pd.DataFrame) -> str:
        target = self.params.targets.get(m.id)
        return trend_message(list(trend["quarter"]), pd.Series(trend["value"], dtype="float64"),
                             m.unit, m.polarity, target.target if target else None,
                             f"{m.id} {m.title}") + "."

    def trends(self) -> None:
        """The area's measures over the 8 quarters ending with this one, against their targets:
        small multiples, six measures to a figure (figures/<areas>_trends.svg and .png)."""
        if self.period.kind != "quarter":
            _md("A custom period has no quarterly trend.")
            return
        from scorecard.charts.trends import TrendPanel, area_trend_figures
        from scorecard.periods import trailing_quarters

        quarters = trailing_quarters(self.period, 8)
        labels = [q.display for q in quarters]
        panels = []
        for m in self.measures:
            if m.id in self.scorecard.unavailable:
                continue
            rows = self.trend_rows(m.id)
            by_end = dict(zip(rows["period_end"], rows["value"]))
            if len(by_end) < 2:
                continue
            values = tuple(None if pd.isna(by_end.get(q.end, float("nan")))
                           else float(by_end[q.end]) for q in quarters)
            target = self.params.targets.get(m.id)
            panels.append(TrendPanel(m.id, m.title, m.unit, values, (False,) * len(quarters),
                                     target.target if target else None))
        if not panels:
            _md("These measures describe the current position only: there is no trend to chart.")
            return
        title = " and ".join(AREAS.get(a, a) for a in self.areas)
        stem = self.output / "figures" / f"{'_'.join(self.areas)}_trends"
        for figure in area_trend_figures(panels, labels, stem, title):
            self._figure(list(figure.measure_ids), "trends", figure.paths, figure.caption,
                         figure.alt_text)

    def distribution(self, measure_id: str) -> None:
        """The distribution behind the measure in the period, with its threshold line: where
        the records fall, not only how many are on the right side of it."""
        m = self.measure(measure_id)
        spec = distribution_for(m.id)
        audit = self.scorecard.audits.get(m.id)
        if m.id in self.scorecard.unavailable or spec is None or audit is None:
            return
        # the distribution of the quarter (or the snapshot, or the custom period) itself
        windows = list(audit["window"].drop_duplicates())
        window = "quarter" if "quarter" in windows else (windows[0] if windows else None)
        cohort = audit[audit["window"] == window]
        if "in_denominator" in cohort.columns:
            cohort = cohort[cohort["in_denominator"]]
        if spec.column not in cohort.columns:
            raise KeyError(f"{m.id}: the audit frame has no column {spec.column!r} to draw")
        line = spec.line if isinstance(spec.line, (int, float)) else getattr(
            self.params, spec.line)
        chart = distribution_chart(
            cohort[spec.column], line=float(line), side=spec.side,
            stem=self.output / "figures" / f"{m.id}_distribution", subject=spec.subject,
            outcome=spec.outcome.format(line=_num(line)), x_label=spec.x_label,
            line_label=spec.line_label.format(line=_num(line)),
            counted_label=spec.counted_label.format(line=_num(line)),
            other_label=spec.other_label.format(line=_num(line)),
        )
        self._figure([m.id], "distribution", chart.paths, chart.title, chart.alt_text)

    def _figure(self, measure_ids: list[str], kind: str, paths: dict[str, Path], title: str,
                alt_text: str) -> None:
        data = base64.b64encode(paths["png"].read_bytes()).decode("ascii")
        alt = html.escape(alt_text, quote=True)
        from IPython.display import HTML

        _show(HTML(f'<figure><img src="data:image/png;base64,{data}" alt="{alt}" '
                   f'style="max-width:100%"><figcaption>{html.escape(title)}'
                   f'</figcaption></figure>'))
        self.figures.append({
            "measures": measure_ids, "kind": kind, "title": title, "alt_text": alt_text,
            "files": {k: f"figures/{p.name}" for k, p in sorted(paths.items())},
        })

    # writing ----------------------------------------------------------------------------------
    def write_outputs(self) -> None:
        """audit/<ID>.csv for the area's measures, and sidecars/<areas>.parquet (its rows) with
        sidecars/<areas>_figures.json (its charts and their alt text)."""
        audits = {m.id: self.scorecard.audits[m.id] for m in self.measures
                  if m.id in self.scorecard.audits}
        write_audits(audits, self.output / "audit")
        stem = "_".join(self.areas) if self.areas else "all_areas"
        sidecars = self.output / "sidecars"
        sidecars.mkdir(parents=True, exist_ok=True)
        write_measures_parquet(self.scorecard.rows, sidecars / f"{stem}.parquet")
        (sidecars / f"{stem}_figures.json").write_text(
            json.dumps(self.figures, indent=1) + "\n", encoding="utf-8")
        _md(f"Wrote {len(audits)} audit files and the area's sidecars.")

    # the whole scorecard (90_scorecard) -------------------------------------------------------
    def rag_counts(self) -> None:
        rows = self.period_rows()
        rows = rows[rows["window"] != "ytd"]
        counts = rows["rag"].fillna("no target").value_counts()
        order = ["green", "amber", "red", "no target"]
        _table(pd.DataFrame({"measures": [int(counts.get(k, 0)) for k in order]},
                            index=pd.Index(order, name="RAG")))

    def write_scorecard(self) -> None:
        """measures.csv, sidecars/measures.parquet and sidecars/run.json: the whole scorecard."""
        rows = self.scorecard.rows
        write_measures_csv(rows, self.output / "measures.csv")
        write_scorecard_sidecars(self.output / "sidecars", rows, self.params, self.period,
                                 self.results.extract_date, self.results.run_info,
                                 self.scorecard.unavailable)
        _md(f"Wrote measures.csv ({len(rows)} rows, {rows['measure_id'].nunique()} measures) "
            f"and the sidecars the documents are rendered from.")


def _num(value) -> str:
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"


def cohort_table(m: Measure, audit: pd.DataFrame, windows: list[str] | None = None
                 ) -> pd.DataFrame:
    """Per window: records considered, in the denominator, in the numerator. `windows` lists
    the windows to show even when no record falls in them (a quarter with no adoption)."""
    windows = windows or list(audit["window"].drop_duplicates())
    out = []
    for window in windows:
        g = audit[audit["window"] == window]
        row = {"window": window, "records considered": len(g)}
        if m.unit != "count":
            den = g["in_denominator"].astype(bool) if len(g) else pd.Series(dtype=bool)
            num = g["in_numerator"].astype(bool) if len(g) else pd.Series(dtype=bool)
            row["outside the denominator"] = int((~den).sum())
            row["in the denominator"] = int(den.sum())
            row["in the numerator"] = int((num & den).sum())
        else:
            row["counted"] = int(g["in_numerator"].astype(bool).sum()) if len(g) else 0
            row["not counted"] = len(g) - row["counted"]
        out.append(row)
    return pd.DataFrame(out).set_index("window")


def reason_table(audit: pd.DataFrame) -> pd.DataFrame:
    """Reasons (figures generalised) by window, for records outside the count."""
    if "reason" not in audit.columns:
        return pd.DataFrame()
    reasons = audit["reason"].astype("string").fillna("")
    given = reasons != ""
    if not given.any():
        return pd.DataFrame()
    frame = pd.DataFrame({"window": audit.loc[given, "window"],
                          "reason": general_reason(reasons[given])})
    table = frame.groupby(["reason", "window"], sort=True).size().unstack(fill_value=0)
    windows = [w for w in audit["window"].drop_duplicates() if w in table.columns]
    return table[windows].astype("int64")


def reconcile(m: Measure, audit: pd.DataFrame, rows: pd.DataFrame) -> str:
    """Summing the audit frame must reproduce each row: the reviewer's check, done here.

    Raises when it does not, so that a run never publishes a number its audit cannot explain.
    """
    lines = []
    for _, row in rows.iterrows():
        part = audit[audit["window"] == row["window"]].drop(columns="window")
        r = summarise(m, part)
        same = (_same(r.numerator, row["numerator"])
                and _same(r.denominator, row["denominator"]))
        if not same:
            raise AssertionError(
                f"{m.id} {row['window']}: the audit frame gives {r.numerator}/{r.denominator}, "
                f"the scorecard row {row['numerator']}/{row['denominator']}")
        said = WINDOW_WORDS.get(row["window"], row["window"])
        if r.denominator is None:
            lines.append(f"- {said}: {_counts(r.numerator)} counted")
        else:
            lines.append(f"- {said}: {_counts(r.numerator)} of {_counts(r.denominator)}, "
                         f"{format_value(r.value, m.unit)}")
    return ("**Check:** summing audit/" + m.id + ".csv reproduces the numbers above:\n\n"
            + "\n".join(lines))


class ValidationView:
    """The validated extract, for 00_validate."""

    def __init__(self, x, output: Path, source: str, extract: str):
        self.x = x
        self.output = output
        self.source = source
        self.extract = extract

    def header(self) -> None:
        x = self.x
        _md(f"Extract `{self.extract}` of **{x.la_name}** ({x.la_code}), taken "
            f"**{x.extract_date:%d %B %Y}**; {self.source}. Files written to `{self.output}`.")

    def tables(self) -> pd.DataFrame:
        """Per table of the extract: records read, used, excluded, suspect; the dates it spans
        (its first event date column: contacts by contact date, plans by start...)."""
        from scorecard import schema
        from scorecard.extract.quality import table_counts

        counts = table_counts(self.x).set_index("table")
        first, last = [], []
        for name in counts.index:
            frame, t = self.x.tables[name], schema.TABLES[name]
            dates = [c for c in (t.event_dates or t.columns_of_kind("date")) if c in frame]
            lo = frame[dates[0]].min() if dates and len(frame) else pd.NaT
            hi = frame[dates[0]].max() if dates and len(frame) else pd.NaT
            first.append("" if pd.isna(lo) else f"{lo:%Y-%m-%d}")
            last.append("" if pd.isna(hi) else f"{hi:%Y-%m-%d}")
        return counts.assign(**{"dates from": first, "dates to": last})

    def absent(self) -> list[str]:
        from scorecard import schema

        return [t for t in schema.TABLES if t not in self.x.tables]

    def rules(self) -> pd.DataFrame:
        """Data-quality rows per table, rule and status."""
        from scorecard.extract.quality import data_quality_summary

        return data_quality_summary(self.x).set_index(["table", "rule", "status"])

    def switched_off(self) -> None:
        """Measures the extract cannot support (absent table or column), and why."""
        from scorecard.engine import unavailable_reason

        gone = {m.id: r for m in load_all().values() if (r := unavailable_reason(m, self.x))}
        if not gone:
            _md("Every measure can be computed from this extract.")
            return
        _md("**Measures not available from this extract:**\n\n" + "\n".join(
            f"- {mid}: {reason}" for mid, reason in gone.items()))

    def examples(self, rows: int = 10) -> None:
        """The first data-quality records, as data_quality.csv lists them."""
        dq = self.x.data_quality
        if dq is None or dq.empty:
            _md("No record is excluded or suspect.")
            return
        _md(f"**The first {min(rows, len(dq))} of {len(dq):,} records in data_quality.csv**")
        _table(dq.head(rows).reset_index(drop=True))

    def write_outputs(self) -> None:
        write_data_quality(self.x, self.output)
        _md(f"Wrote data_quality.csv ({len(self.x.data_quality)} records) and its summary.")
