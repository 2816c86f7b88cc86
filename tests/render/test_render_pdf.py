"""The PDF scorecard, opened with pypdf: its text (titles and hand-worked values), A4 pages,
the tagged structure of PDF/UA-1 (headings, table headers, figures with alt text), embedded
fonts and the document's metadata."""

from collections import Counter

import pytest
from pypdf import PdfReader

A4 = (595.3, 841.9)  # points


@pytest.fixture(scope="module")
def pdf(rendered):
    return PdfReader(str(rendered / "report" / "scorecard.pdf"))


def _text(pdf) -> str:
    return "\n".join(p.extract_text() for p in pdf.pages).replace("\u2019", "'")


def _structure(pdf) -> list[tuple[str, object]]:
    """(tag, alt text) of every element of the structure tree, in reading order."""
    out = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict):
            return
        if "/S" in node:
            out.append((str(node["/S"]), node.get("/Alt")))
        kids = node.get("/K")
        for k in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(k)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"])
    return out


def test_text_has_titles_and_values(pdf):
    text = _text(pdf)
    for title in ("Re-referrals within 12 months", "Assessments completed within 45 working",
                  "Long-term placement stability", "Children on a plan at the end"):
        assert title in text
    # FD03 45/200 = 22.5%; AS01 150/200 = 75.0%; LA05 63/90 = 70.0%; CP06 rate 412/8 = 51.5
    for value in ("22.5% (45 of", "75.0% (150 of", "70.0% (63 of", "412 (rate 51.5)"):
        assert value in text
    assert "Page 1 of" in text
    assert "Anyshire · Performance scorecard 2025-26 Q2" in text  # running header


def test_no_hidden_number_in_the_text(pdf):
    text = _text(pdf)
    assert "(37 of 40)" not in text and "92.5%" not in text  # CP08 hidden
    assert "(68" not in text  # WF01's total over 4 workers


def test_a4_pages_and_landscape_scorecard(pdf):
    sizes = [(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1))
             for p in pdf.pages]
    assert set(sizes) <= {A4, A4[::-1]}
    assert sizes[0] == A4
    assert A4[::-1] in sizes  # the scorecard section is set landscape


def test_tagged_pdf_ua(pdf):
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert pdf.metadata.title == "Children's services performance scorecard: 2025-26 Q2"
    tags = Counter(tag for tag, _ in _structure(pdf))
    assert tags["/H1"] == 7  # the seven sections
    assert tags["/TH"] > 0 and tags["/Table"] == tags["/THead"]  # every table has a header


def test_figures_carry_alt_text(pdf):
    figures = [alt for tag, alt in _structure(pdf) if tag == "/Figure"]
    assert len(figures) == 6
    assert all(alt and "quarter" in alt for alt in figures)
    la = next(a for a in figures if a.startswith("Children looked after"))
    # LA02 2025-26 Q2 (3) and Q1 (10, hidden so that YTD - Q1 cannot give Q2) are gaps
    assert "2 quarters not shown (small numbers)" in la
    assert "in 2025-26 Q1" not in la.split("(LA05)")[0]


def test_fonts_embedded(pdf):
    seen = 0
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert any(k.startswith("/FontFile") for k in descriptor)
            seen += 1
    assert seen
