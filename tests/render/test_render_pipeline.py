"""render_run as a whole: a failed render leaves the previous documents alone, only the asked
formats are written, the same sidecars give the same bytes, a council's own reference document
styles the Word file, and the Quarto renderer's command line and its absence."""

import os
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from docx.shared import RGBColor
from render_fixture import write_run

from scorecard.cli import main
from scorecard.errors import RunFailed
from scorecard.render import render_run
from scorecard.render.engines import Templates, find_quarto, quarto_commands
from scorecard.render.pipeline import same_sidecars, templates_folder
from scorecard.render.sidecars import load_sidecars


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".report"))


def test_same_sidecars_same_bytes(rendered, tmp_path):
    # its own chart cache: the charts are drawn again, and must come out the same
    again = write_run(tmp_path / "run")
    assert render_run(again, ["html", "docx", "pdf"]) == 0
    for name in ("scorecard.html", "scorecard.docx", "scorecard.pdf"):
        first = (rendered / "report" / name).read_bytes()
        assert first == (again / "report" / name).read_bytes(), name
    assert _leftovers(again) == []


def test_sidecars_read_from_elsewhere_and_compared(tmp_path):
    folder = write_run(tmp_path / "run")
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(folder / "sidecars", elsewhere / "sidecars")
    assert same_sidecars(load_sidecars(folder), load_sidecars(elsewhere))
    # the documents come from the sidecars named, into the run folder, without a closing line
    measures = pd.read_parquet(elsewhere / "sidecars" / "measures.parquet")
    measures.loc[measures["measure_id"] == "AS01", "value"] = 12.34
    measures.to_parquet(elsewhere / "sidecars" / "measures.parquet", index=False)
    assert not same_sidecars(load_sidecars(folder), load_sidecars(elsewhere))
    assert render_run(folder, ["html"], sidecars_from=elsewhere, announce=False) == 0
    page = (folder / "report" / "scorecard.html").read_text(encoding="utf-8")
    assert "12.3%" in page
    assert not (elsewhere / "report").exists()


def test_sidecars_differ_in_run_settings_or_data_quality(tmp_path):
    folder = write_run(tmp_path / "run")
    other = write_run(tmp_path / "other", commentary=None)
    assert not same_sidecars(load_sidecars(folder), load_sidecars(other))  # no commentary
    third = tmp_path / "third"
    shutil.copytree(folder / "sidecars", third / "sidecars")
    assert same_sidecars(load_sidecars(folder), load_sidecars(third))
    dq = third / "sidecars" / "data_quality_summary.csv"
    dq.write_text(dq.read_text().replace(",3\n", ",4\n", 1))
    assert dq.read_text() != (folder / "sidecars" / "data_quality_summary.csv").read_text()
    assert not same_sidecars(load_sidecars(folder), load_sidecars(third))


def test_failed_render_keeps_previous_documents(tmp_path):
    folder = write_run(tmp_path / "run")
    old = folder / "report"
    old.mkdir()
    (old / "scorecard.html").write_text("the previous good document")
    broken = tmp_path / "templates"
    shutil.copytree(templates_folder(), broken)
    (broken / "scorecard.md").write_text("# Summary\n\n{{budget}}\n")
    with pytest.raises(RunFailed, match="unknown slot"):
        render_run(folder, ["html"], templates=broken)
    assert (old / "scorecard.html").read_text() == "the previous good document"
    assert _leftovers(folder) == []


def test_only_the_asked_formats_and_cli(tmp_path, capsys, chart_cache):
    folder = write_run(tmp_path / "run", chart_cache=chart_cache)
    assert main(["render", "--run", str(folder), "--formats", "html"]) == 0
    assert sorted(p.name for p in (folder / "report").iterdir()) == ["scorecard.html"]
    assert "scorecard.html" in capsys.readouterr().err
    assert main(["render", "--run", str(tmp_path / "nowhere")]) == 2
    assert "no sidecars folder" in capsys.readouterr().err


def test_council_reference_document_styles_the_docx(tmp_path, chart_cache):
    council = tmp_path / "council-report"
    shutil.copytree(templates_folder(), council)
    ref = Document(str(council / "reference.docx"))
    ref.styles["Normal"].font.name = "Courier New"
    ref.styles["Heading 1"].font.color.rgb = RGBColor(0x80, 0x16, 0x50)
    ref.save(str(council / "reference.docx"))
    folder = write_run(tmp_path / "run", chart_cache=chart_cache)
    assert render_run(folder, ["docx"], templates=council) == 0
    out = Document(str(folder / "report" / "scorecard.docx"))
    assert out.styles["Normal"].font.name == "Courier New"
    assert out.styles["Heading 1"].font.color.rgb == RGBColor(0x80, 0x16, 0x50)
    headings = [p for p in out.paragraphs if p.style.name == "Heading 1"]
    assert headings and headings[0].text == "Committee report"


def test_scorecard_section_landscape_in_word(rendered):
    doc = Document(str(rendered / "report" / "scorecard.docx"))
    orient = [s.page_width > s.page_height for s in doc.sections]
    assert orient == [False, True, False]
    # every section keeps the template's footer (page numbers)
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert all(s._sectPr.find(f"{ns}footerReference") is not None for s in doc.sections)


# -- Quarto -------------------------------------------------------------------------------------

def test_quarto_command_lines():
    assert quarto_commands("/opt/quarto/bin/quarto", ["html", "docx", "pdf"]) == [
        ["/opt/quarto/bin/quarto", "render", "scorecard.md", "--to", "html",
         "--output", "scorecard.html"],
        ["/opt/quarto/bin/quarto", "render", "scorecard.md", "--to", "docx",
         "--output", "scorecard.docx"],
        ["/opt/quarto/bin/quarto", "render", "scorecard.md", "--to", "typst",
         "--output", "scorecard.pdf"],
    ]


def test_quarto_absent_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("QUARTO_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RunFailed, match="quarto executable is not on PATH and QUARTO_PATH is "
                                        "not set"):
        find_quarto()
    monkeypatch.setenv("QUARTO_PATH", str(tmp_path / "quarto"))
    with pytest.raises(RunFailed, match="QUARTO_PATH is .*quarto, which is not an executable"):
        find_quarto()
    folder = write_run(tmp_path / "run")
    (folder / "report").mkdir()
    (folder / "report" / "keep.txt").write_text("previous")
    monkeypatch.delenv("QUARTO_PATH")
    with pytest.raises(RunFailed, match="--renderer quarto"):
        render_run(folder, ["html"], renderer="quarto")
    assert (folder / "report" / "keep.txt").read_text() == "previous"


FAKE_QUARTO = """#!/bin/sh
# Stands in for quarto: records how it was called, then writes the file asked for.
echo "$@" >> "$QUARTO_LOG"
cp _quarto.yml "$QUARTO_LOG.yml"
test -f scorecard.md || exit 3
for last; do :; done
echo "made by fake quarto" > "$last"
"""


def test_quarto_renderer_runs_the_same_source(tmp_path, monkeypatch, chart_cache):
    fake = tmp_path / "bin" / "quarto"
    fake.parent.mkdir()
    fake.write_text(FAKE_QUARTO)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "quarto.log"
    monkeypatch.setenv("QUARTO_PATH", str(fake))
    monkeypatch.setenv("QUARTO_LOG", str(log))
    # run.json asks for quarto
    folder = write_run(tmp_path / "run", renderer="quarto", chart_cache=chart_cache)
    assert render_run(folder, ["html", "docx", "pdf"]) == 0
    assert log.read_text().splitlines() == [
        "render scorecard.md --to html --output scorecard.html",
        "render scorecard.md --to docx --output scorecard.docx",
        "render scorecard.md --to typst --output scorecard.pdf",
    ]
    config = Path(f"{log}.yml").read_text()
    t = Templates(templates_folder())
    for path in (t.lua, t.css, t.reference_docx, t.typst):
        assert str(path) in config
    assert "embed-resources: true" in config
    assert (folder / "report" / "scorecard.pdf").read_text() == "made by fake quarto\n"
    assert os.environ["QUARTO_PATH"] == str(fake)


def test_custom_period_shows_its_one_window(tmp_path):
    from test_render_html import Page

    folder = write_run(tmp_path / "run", custom=True)
    assert render_run(folder, ["html", "pdf"]) == 0
    page = Page()
    page.feed((folder / "report" / "scorecard.html").read_text(encoding="utf-8"))
    labels = {c["attrs"].get("data-label") for c in page.cells}
    assert "This period (01 Jul 2025 to 30 Sep 2025)" in labels
    assert not any(label and label.startswith(("Previous", "Year to date", "Direction"))
                   for label in labels)
    fd03 = next(i for i, c in enumerate(page.cells) if "(FD03)" in c["text"])
    assert page.cells[fd03 + 1]["text"] == "22.5% (45 of 200)"  # 45/200, as in the quarter
    assert not any(t == "img" for t, _ in page.tags)  # no trend for a single period
    text = (folder / "report" / "scorecard.html").read_text(encoding="utf-8")
    assert "Trend charts are drawn for quarterly runs" in text


def test_long_table_repeats_its_header_on_each_pdf_page(tmp_path, chart_cache):
    from pypdf import PdfReader

    folder = write_run(tmp_path / "run", chart_cache=chart_cache)
    rows = "".join(f"ssd_contacts,rule number {i:03d},suspect,{100 + i}\n" for i in range(120))
    (folder / "sidecars" / "data_quality_summary.csv").write_text(
        "table,rule,status,records\n" + rows, encoding="utf-8")
    assert render_run(folder, ["pdf"]) == 0
    pages = [p.extract_text() for p in PdfReader(str(folder / "report" / "scorecard.pdf")).pages]
    with_rows = [t for t in pages if "rule number" in t]
    assert len(with_rows) >= 2  # 120 rows cannot fit one page
    for text in with_rows:
        assert "Table Rule Status Records" in " ".join(text.split())


def test_cli_quarto_without_quarto(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("QUARTO_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    folder = write_run(tmp_path / "run")
    assert main(["render", "--run", str(folder), "--renderer", "quarto"]) == 2
    assert "quarto executable is not on PATH" in capsys.readouterr().err
