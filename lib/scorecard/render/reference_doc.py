"""Builds `report/reference.docx`, the Word reference document the DOCX scorecard is styled by.

pandoc copies the styles, page size, margins, headers and footers of the reference document
into every DOCX it writes. This module makes the shipped one from pandoc's own default (so every
style pandoc uses exists) in the house style: Arial, the Analysis Function dark blue for
headings, ruled tables with a shaded header row, A4 with a page number in the footer, and the
three RAG character styles. (Each top-level section starts a page: the Lua filter puts the
break in, so a council's template need not.) A council replaces the file with its own corporate
template (see report/README.md); this module is only needed to rebuild the shipped one:

    python -m scorecard.render.reference_doc report/reference.docx
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from scorecard.charts.style import RAG_COLOURS

FONT = "Arial"
ACCENT = RGBColor(0x12, 0x43, 0x6D)
TEXT = RGBColor(0x0B, 0x0C, 0x0C)
RULE = "BFBFBF"
HEADER_FILL = "E8EEF4"
RAG_STYLES = {"green": "RAG Green", "amber": "RAG Amber", "red": "RAG Red"}


def _pandoc_default(path: Path) -> None:
    import pypandoc

    with path.open("wb") as out:
        subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file",
                        "reference.docx"], stdout=out, check=True)


def _font(style, size: float | None = None, bold: bool | None = None,
          colour: RGBColor | None = None) -> None:
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if colour is not None:
        style.font.color.rgb = colour


def _table_style(doc) -> None:
    """Ruled cells and a shaded, bold header row on pandoc's "Table" style."""
    style = doc.styles["Table"]
    tblpr = style.element.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = OxmlElement("w:tblPr")
        style.element.append(tblpr)
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{edge}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), "4")
        b.set(qn("w:space"), "0")
        b.set(qn("w:color"), RULE)
        borders.append(b)
    tblpr.append(borders)
    for old in style.element.findall(qn("w:tblStylePr")):
        if old.get(qn("w:type")) == "firstRow":
            style.element.remove(old)
    first = OxmlElement("w:tblStylePr")
    first.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    first.append(rpr)
    tcpr = OxmlElement("w:tcPr")
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), HEADER_FILL)
    tcpr.append(shd)
    first.append(tcpr)
    style.element.append(first)
    _font(style, size=9)


def _page_number_footer(section) -> None:
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.text = ""
    p.alignment = 1  # centre
    p.add_run("Page ")
    run = p.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def build_reference_docx(out: Path) -> Path:
    out = Path(out)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "default.docx"
        _pandoc_default(base)
        doc = Document(str(base))
    styles = doc.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text"):
        if name in [s.name for s in styles]:
            _font(styles[name], size=11, colour=TEXT)
    _font(styles["Title"], size=24, bold=True, colour=ACCENT)
    _font(styles["Subtitle"], size=16, colour=TEXT)
    for level, size in ((1, 17), (2, 13.5), (3, 11.5), (4, 11)):
        style = styles[f"Heading {level}"]
        _font(style, size=size, bold=True, colour=ACCENT)
        style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        style.paragraph_format.keep_with_next = True
    for name in ("Table Caption", "Image Caption"):
        if name in [s.name for s in styles]:
            _font(styles[name], size=9.5, bold=True, colour=TEXT)
    _table_style(doc)
    existing = {s.name for s in styles}
    for status, name in RAG_STYLES.items():
        style = styles[name] if name in existing else styles.add_style(
            name, WD_STYLE_TYPE.CHARACTER)
        colour = RAG_COLOURS[status].lstrip("#")
        style.font.bold = True
        style.font.color.rgb = RGBColor.from_string(colour.upper())
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        _page_number_footer(section)
    core = doc.core_properties
    core.title, core.author, core.comments = "Scorecard reference document", "scorecard", ""
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


if __name__ == "__main__":
    build_reference_docx(Path(sys.argv[1] if len(sys.argv) > 1 else "report/reference.docx"))
