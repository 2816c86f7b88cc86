"""The two renderers of the one Markdown source.

pandoc (the default, pip-only): pandoc from the pypandoc_binary wheel writes DOCX (styled by the
reference document) and self-contained HTML, and typst markup through the typst template; the
`typst` wheel compiles that to a tagged PDF (PDF/UA-1), with the fonts embedded. pandoc's own
`--pdf-engine=typst` would need a `typst` executable, which the wheel does not provide.

Quarto (`--renderer quarto`): the `quarto` executable, on PATH or named by QUARTO_PATH, renders
the same source with the same filter, stylesheet, reference document and typst template.

Both write `scorecard.html`, `scorecard.docx` and `scorecard.pdf` into the build folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scorecard.errors import RunFailed
from scorecard.render.docx_layout import finish_docx

SOURCE = "scorecard.md"
OUTPUTS = {"html": "scorecard.html", "docx": "scorecard.docx", "pdf": "scorecard.pdf"}


@dataclass(frozen=True)
class Templates:
    """The files in report/ a council may replace."""

    folder: Path

    @property
    def outline(self) -> Path:
        return self.folder / "scorecard.md"

    @property
    def reference_docx(self) -> Path:
        return self.folder / "reference.docx"

    @property
    def typst(self) -> Path:
        return self.folder / "scorecard.typ"

    @property
    def css(self) -> Path:
        return self.folder / "scorecard.css"

    @property
    def lua(self) -> Path:
        return self.folder / "scorecard.lua"

    @property
    def fonts(self) -> Path:
        return self.folder / "fonts"

    def check(self) -> None:
        for p in (self.outline, self.reference_docx, self.typst, self.css, self.lua):
            if not p.is_file():
                raise RunFailed(f"document template missing: {p}")


def pandoc_path() -> str:
    import pypandoc

    try:
        return pypandoc.get_pandoc_path()
    except OSError as e:
        raise RunFailed(f"pandoc not found ({e}); reinstall the pypandoc_binary package") from None


def pandoc_commands(pandoc: str, t: Templates, formats: list[str], data_dir: Path
                    ) -> dict[str, list[str]]:
    """One pandoc command per format, run in the build folder. pdf goes to typst markup first."""
    common = [pandoc, SOURCE, "--from", "markdown", "--lua-filter", str(t.lua),
              "--data-dir", str(data_dir), "--resource-path", "."]
    commands = {
        "docx": common + ["--to", "docx", "--reference-doc", str(t.reference_docx),
                          "--output", OUTPUTS["docx"]],
        "html": common + ["--to", "html5", "--standalone", "--embed-resources",
                          "--css", str(t.css), "--shift-heading-level-by=1", "--toc",
                          "--toc-depth=2", "--output", OUTPUTS["html"]],
        "pdf": common + ["--to", "typst", "--standalone", "--template", str(t.typst),
                         "--output", "scorecard.typ"],
    }
    return {f: commands[f] for f in formats}


def _run_all(commands: dict[str, list[str]], cwd: Path, env: dict[str, str],
             after: dict[str, Callable[[], None]] | None = None) -> None:
    """Start every command at once (each takes ~0.1 s; two cores), then wait for all.

    `after[f]` runs as soon as command `f` has succeeded, while the others are still running:
    typst compiles the PDF while pandoc is still embedding the HTML's images.
    """
    after = after or {}
    procs = {
        f: subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
        for f, cmd in commands.items()
    }
    failures = []
    # the PDF's typst step is the longest follow-up: wait for its pandoc first, then the docx's
    order = sorted(procs, key=lambda f: (f not in after, f != "pdf"))
    try:
        for f in order:
            proc = procs[f]
            _, err = proc.communicate()
            if proc.returncode != 0:
                failures.append(f"{f}: {commands[f][0]} exited {proc.returncode}: "
                                f"{err.strip()[-800:]}")
            elif f in after:
                try:
                    after[f]()
                except RunFailed as e:
                    failures.append(str(e))
    finally:  # a follow-up that raised something else leaves no pandoc behind
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    if failures:
        raise RunFailed("rendering failed; the previous documents are untouched.\n"
                        + "\n".join(failures))


def font_paths(t: Templates) -> list[str]:
    """Fonts a council ships in report/fonts/, then DejaVu from matplotlib's package (the
    same files on every machine with the locked environment)."""
    from importlib.util import find_spec

    spec = find_spec("matplotlib")  # found, not imported: importing it costs most of a second
    if spec is None or spec.origin is None:
        raise RunFailed("pdf: matplotlib (whose DejaVu fonts the PDF uses) is not installed")
    paths = [str(t.fonts)] if t.fonts.is_dir() else []
    return paths + [str(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf")]


def compile_typst(build: Path, t: Templates, timestamp: int) -> None:
    import typst

    try:
        typst.compile(
            str(build / "scorecard.typ"), output=str(build / OUTPUTS["pdf"]), root=str(build),
            font_paths=font_paths(t), ignore_system_fonts=True, pdf_standards=["ua-1"],
            timestamp=timestamp,
        )
    except Exception as e:  # typst reports every compile problem as one exception type
        raise RunFailed(f"pdf: typst could not compile the document: {e}") from None


def render_pandoc(build: Path, t: Templates, formats: list[str], source_date_epoch: int) -> None:
    data_dir = build / "pandoc-data"  # empty: no user's pandoc defaults change the output
    data_dir.mkdir(exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(source_date_epoch))
    after = {
        "docx": lambda: finish_docx(build / OUTPUTS["docx"]),
        "pdf": lambda: compile_typst(build, t, source_date_epoch),
    }
    _run_all(pandoc_commands(pandoc_path(), t, formats, data_dir), build, env, after)


# -- Quarto -----------------------------------------------------------------------------------

QUARTO_TO = {"html": "html", "docx": "docx", "pdf": "typst"}


def find_quarto() -> str:
    named = os.environ.get("QUARTO_PATH")
    if named:
        if Path(named).is_file() and os.access(named, os.X_OK):
            return named
        raise RunFailed(f"--renderer quarto: QUARTO_PATH is {named}, which is not an executable "
                        "file")
    found = shutil.which("quarto")
    if not found:
        raise RunFailed(
            "--renderer quarto: the quarto executable is not on PATH and QUARTO_PATH is not set. "
            "Install Quarto (https://quarto.org) or leave out --renderer quarto to use the "
            "default pandoc renderer, which needs nothing beyond pip."
        )
    return found


def quarto_project(t: Templates) -> str:
    """_quarto.yml for the build folder: the same filter, styles and templates as pandoc's."""
    import yaml

    config = {
        "project": {"type": "default"},
        "filters": [str(t.lua)],
        "format": {
            "html": {"embed-resources": True, "css": [str(t.css)], "toc": True, "toc-depth": 2,
                     "shift-heading-level-by": 1},
            "docx": {"reference-doc": str(t.reference_docx)},
            "typst": {"template": str(t.typst), "papersize": "a4",
                      "font-paths": font_paths(t)},
        },
    }
    return yaml.safe_dump(config, sort_keys=False)


def quarto_commands(quarto: str, formats: list[str]) -> list[list[str]]:
    return [[quarto, "render", SOURCE, "--to", QUARTO_TO[f], "--output", OUTPUTS[f]]
            for f in formats]


def render_quarto(build: Path, t: Templates, formats: list[str], source_date_epoch: int,
                  quarto: str) -> None:
    (build / "_quarto.yml").write_text(quarto_project(t), encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(source_date_epoch))
    for cmd in quarto_commands(quarto, formats):
        done = subprocess.run(cmd, cwd=build, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RunFailed(f"quarto failed ({' '.join(cmd[1:])}), exit {done.returncode}; the "
                            f"previous documents are untouched.\n{done.stderr.strip()[-800:]}")
