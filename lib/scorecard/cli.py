"""The `scorecard` command: synth, validate, run, render, measures (DESIGN.md names them)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scorecard.errors import ScorecardError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="scorecard",
        description="Children's social care performance scorecard from an SSD extract.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("synth", help="write a synthetic extract for a fictional authority")
    s.add_argument("--out", required=True, type=Path, help="folder to write the extract into")
    s.add_argument("--scale", type=float, default=1.0,
                   help="1 = a mid-sized authority (80,000 children); 150 = about England")
    s.add_argument("--seed", type=int, default=1, help="same seed, byte-identical files")
    s.add_argument("--extract-date", default="2025-10-07", help="date the data was taken")
    s.add_argument("--format", choices=["csv", "parquet"], default="csv")

    v = sub.add_parser("validate", help="check an extract and write data_quality.csv")
    v.add_argument("--extract", required=True, type=Path)
    v.add_argument("--output", type=Path, help="folder for data_quality.csv (default: none)")
    v.add_argument("--allow-exact-dob", action="store_true",
                   help="accept exact dates of birth (inside the authority's secure environment)")

    r = sub.add_parser("run", help="the quarter's scorecard: notebooks, audit pack, documents")
    r.add_argument("--extract", required=True, type=Path)
    when = r.add_mutually_exclusive_group(required=True)
    when.add_argument("--period", help="financial-year quarter, e.g. 2025-26-Q2")
    when.add_argument("--start", help="custom period start (YYYY-MM-DD), with --end")
    r.add_argument("--end", help="custom period end (YYYY-MM-DD), with --start")
    r.add_argument("--params", type=Path, help="params/<authority>.yaml (default: none)")
    r.add_argument("--output", type=Path, default=Path("outputs"))
    r.add_argument("--formats", default="html,docx,pdf",
                   help="comma-separated: html, docx, pdf; or none")
    r.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: cores)")
    r.add_argument("--renderer", choices=["pandoc", "quarto"], default=None)
    r.add_argument("--allow-exact-dob", action="store_true")

    d = sub.add_parser("render", help="re-render a run's documents from its sidecars")
    d.add_argument("--run", required=True, type=Path, help="the run's output folder")
    d.add_argument("--formats", default="html,docx,pdf")
    d.add_argument("--renderer", choices=["pandoc", "quarto"], default=None)

    m = sub.add_parser("measures", help="the catalogue of measures")
    m.add_argument("--format", choices=["text", "csv", "markdown"], default="text")
    m.add_argument("--out", type=Path, help="write to this file instead of the screen")
    return p


def _formats(text: str) -> list[str]:
    if text.strip().lower() == "none":
        return []
    fmts = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in fmts if f not in ("html", "docx", "pdf")]
    if bad:
        raise ScorecardError(f"--formats: unknown format {bad[0]!r} (html, docx, pdf or none)")
    return fmts


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "synth":
            from scorecard.synth import generate

            generate(args.out, scale=args.scale, seed=args.seed,
                     extract_date=args.extract_date, fmt=args.format)
            return 0
        if args.command == "validate":
            from scorecard.extract.commands import validate_command

            return validate_command(args.extract, args.output, args.allow_exact_dob)
        if args.command == "run":
            from scorecard.runner import run

            if args.start and not args.end or args.end and not args.start:
                raise ScorecardError("--start and --end go together")
            return run(
                extract=args.extract, period=args.period, start=args.start, end=args.end,
                params_path=args.params, output=args.output, formats=_formats(args.formats),
                jobs=args.jobs, renderer=args.renderer, allow_exact_dob=args.allow_exact_dob,
            )
        if args.command == "render":
            from scorecard.render import render_run

            return render_run(args.run, formats=_formats(args.formats), renderer=args.renderer)
        if args.command == "measures":
            from scorecard.measures.catalogue import write_catalogue

            write_catalogue(args.format, args.out)
            return 0
    except ScorecardError as e:
        print(f"scorecard {args.command}: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"scorecard {args.command}: interrupted; earlier output left as it was",
              file=sys.stderr)
        return 130
    return 1


def entry() -> None:
    """The `scorecard` command: main(), then exit without the interpreter's teardown.

    Once a command has finished, every file it wrote is closed; what is left is Python freeing
    the modules it imported, which for pandas and matplotlib takes about 0.4 s and does nothing
    for the user. The standard streams are flushed first. Tests call main() itself.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
