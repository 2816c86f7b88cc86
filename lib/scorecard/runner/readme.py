"""README.txt at the top of every run folder: what may leave the team and what may not."""

from __future__ import annotations

from pathlib import Path

TEXT = """\
{title}
{underline}

Produced {produced} by `scorecard run` from the extract of {extract_date}.

WHAT MAY LEAVE THE TEAM
  report/      Only the documents in this folder may be published or sent to the committee
               (scorecard.html, scorecard.docx, scorecard.pdf). Small numbers in them are
               suppressed and they hold no child's or worker's identifier.{no_report}

EVERYTHING ELSE IS THE INTERNAL AUDIT PACK: DO NOT PUBLISH, DO NOT EMAIL OUTSIDE THE TEAM
These files are unsuppressed and record-level (pseudonymous ids, dates, small counts):
  measures.csv         every measure's numbers, unsuppressed, for each window and quarter
  audit/<ID>.csv       record by record, which records are in each measure and why
  data_quality.csv     every record the validation excluded or found suspect, with the reason
  notebooks/           the executed notebooks (.ipynb) and each as a web page (.html); the
                       pages carry an "internal: do not publish" banner
  figures/             charts drawn from unsuppressed numbers (SVG, PNG, alt text)
  sidecars/            what the documents are rendered from (`scorecard render --run <this folder>`)
  manifest.json        the input files' SHA-256, the params, code and package versions, timings
  .render-cache/       charts the documents reuse when re-rendered (suppressed; safe to delete)

The CSV files stay plain tables so that they open in a spreadsheet; this file is what marks
them as internal.
"""


def write_readme(run_dir: Path, *, la_name: str, period_display: str, produced: str,
                 extract_date: str, formats: list[str]) -> None:
    title = f"Scorecard: {la_name}, {period_display}"
    no_report = "" if formats else (
        "\n               This run was made with --formats none, so report/ is absent; "
        "make it with\n               `scorecard render --run <this folder>`."
    )
    text = TEXT.format(title=title, underline="=" * len(title), produced=produced,
                       extract_date=extract_date, no_report=no_report)
    (run_dir / "README.txt").write_text(text, encoding="utf-8")
