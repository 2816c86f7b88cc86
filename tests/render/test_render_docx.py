"""The Word scorecard, opened with python-docx: headings, the scorecard tables' values, images
with alt text, RAG as word and symbol in its colour style. Expected values are worked out by
hand in render_fixture.py."""

from docx import Document

SECTIONS = [
    "Committee report", "Summary of performance", "The scorecard", "Trends", "Commentary",
    "Appendix A: how each measure is worked out", "Appendix B: data quality",
]


def plain(text: str) -> str:
    """pandoc makes typographic apostrophes; the expectations are typed with plain ones."""
    return text.replace("\u2019", "'").strip()


def _doc(rendered):
    return Document(str(rendered / "report" / "scorecard.docx"))


def scorecard_row(doc, measure_id: str) -> dict[str, str]:
    """The scorecard table row of a measure, keyed by column heading."""
    for table in doc.tables:
        heads = [plain(c.text) for c in table.rows[0].cells]
        if not heads or heads[0] != "Measure":
            continue
        for row in table.rows[1:]:
            cells = [plain(c.text) for c in row.cells]
            if cells[0].startswith(f"{measure_id}") or f"({measure_id})" in cells[0]:
                return dict(zip(heads, cells))
    raise AssertionError(f"no scorecard row for {measure_id}")


def test_headings_in_order(rendered):
    doc = _doc(rendered)
    styled = [(p.style.name, plain(p.text)) for p in doc.paragraphs
              if p.style.name.startswith(("Heading", "Title"))]
    assert styled[0] == ("Title", "Children's services performance scorecard: 2025-26 Q2")
    # the authority once, as the subtitle, then the date produced; no repeated author line
    top = [(p.style.name, plain(p.text)) for p in doc.paragraphs[:4]]
    assert top[1:] == [("Subtitle", "Anyshire"), ("Date", "Produced 8 October 2025"),
                       ("Heading 1", "Committee report")]
    level_one = [t for s, t in styled if s == "Heading 1"]
    assert level_one == SECTIONS
    # No heading skips a level (Title, then 1, then 2 ...).
    levels = [0 if s == "Title" else int(s.split()[-1]) for s, _ in styled]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    # The area tables and commentary sit under their own headings.
    level_two = [t for s, t in styled if s == "Heading 2"]
    assert "Front door" in level_two and "Children looked after" in level_two


def test_front_sheet_from_commentary_front_matter(rendered):
    doc = _doc(rendered)
    sheet = next(t for t in doc.tables if t.rows[0].cells[0].text == "Item")
    fields = {plain(r.cells[0].text): plain(r.cells[1].text) for r in sheet.rows[1:]}
    assert fields["Report to"] == "Children and Young People Scrutiny Committee"
    assert fields["Date of meeting"] == "20 November 2025"
    assert fields["Report of"] == "Director of Children's Services"
    assert fields["Contact officer"] == (
        "Sam Patel, Head of Performance and Intelligence, performance@anyshire.example.gov.uk")
    assert fields["Key decision"] == "No"
    assert fields["Exempt or confidential"] == "No"
    assert fields["Period covered"] == "2025-26 Q2 (1 July 2025 to 30 September 2025)"
    assert fields["Date of the extract"] == "7 October 2025"
    assert fields["Date produced"] == "8 October 2025"
    text = plain("\n".join(p.text for p in doc.paragraphs))
    assert "That the committee notes the performance set out in the scorecard." in text
    assert "That the committee asks for a report on assessment timeliness" in text


def test_scorecard_values_worked_by_hand(rendered):
    doc = _doc(rendered)
    fd03 = scorecard_row(doc, "FD03")
    # 45/200 = 22.5%; 40/210 = 19.05% -> 19.0%; 38/190 = 20.0%; YTD 85/410 = 20.73% -> 20.7%
    assert fd03["This quarter (2025-26 Q2)"] == "22.5% (45 of 200)"
    assert fd03["Previous quarter (2025-26 Q1)"] == "19.0% (40 of 210)"
    assert fd03["Same quarter last year (2024-25 Q2)"] == "20.0% (38 of 190)"
    assert fd03["Year to date"] == "20.7% (85 of 410)"
    assert fd03["Target"] == "20%"
    assert fd03["RAG"] == "▲ Amber"
    assert fd03["England"] == "22.6%"
    assert fd03["Statistical neighbours"] == "21.3%"
    assert fd03["Direction of travel"] == "Worsening"

    as01 = scorecard_row(doc, "AS01")
    assert as01["This quarter (2025-26 Q2)"] == "75.0% (150 of 200)"
    assert as01["RAG"] == "✖ Red"

    cp06 = scorecard_row(doc, "CP06")  # 412 children; 412 * 10000 / 80000 = 51.5
    assert cp06["This quarter (2025-26 Q2)"] == "412 (rate 51.5)"
    assert cp06["Year to date"] == "z"  # a snapshot has no year to date
    assert cp06["England"] == "rate 41.2"

    ad02 = scorecard_row(doc, "AD02")  # 9,870 / 20 = 493.5 days; 9,500 / 20 = 475.0
    assert ad02["This quarter (2025-26 Q2)"] == "493.5"
    assert ad02["Previous quarter (2025-26 Q1)"] == "475.0"

    cl01 = scorecard_row(doc, "CL01")  # latest only: no previous quarter exists
    assert cl01["This quarter (2025-26 Q2)"] == "90.0% (54 of 60)"
    assert cl01["Previous quarter (2025-26 Q1)"] == "x"


def test_suppressed_cells_show_c(rendered):
    doc = _doc(rendered)
    cp08 = scorecard_row(doc, "CP08")  # 37 of 40: the 3 not seen are 1 to 5
    assert cp08["This quarter (2025-26 Q2)"] == "c"
    assert cp08["RAG"] == "c" and cp08["Direction of travel"] == "c"
    wf01 = scorecard_row(doc, "WF01")  # an average over 4 workers
    assert wf01["This quarter (2025-26 Q2)"] == "c"
    la02 = scorecard_row(doc, "LA02")  # Q2 = 3; Q1 10 and YTD 13 would give it away
    assert la02["This quarter (2025-26 Q2)"] == "c"
    shown = [la02["Previous quarter (2025-26 Q1)"], la02["Year to date"]]
    assert "c" in shown, "YTD minus Q1 would reveal the hidden quarter"


def test_unavailable_measure_listed_with_reason(rendered):
    se01 = scorecard_row(_doc(rendered), "SE01")
    assert "not available from this extract: no ssd_ehcp_named_plan" in se01["Measure"]
    assert se01["This quarter (2025-26 Q2)"] == "x"


def test_every_image_has_alt_text(rendered):
    doc = _doc(rendered)
    shapes = list(doc.inline_shapes)
    # one figure for each area with a trend: front door, assessment, child protection,
    # looked after, adoption, workforce (care leavers have no history; SEND is unavailable)
    assert len(shapes) == 6
    for shape in shapes:
        descr = shape._inline.docPr.get("descr")
        assert descr and "quarter" in descr


def test_rag_word_symbol_and_colour_style(rendered):
    doc = _doc(rendered)
    runs = [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs
            for r in p.runs]
    amber = [r for r in runs if r.style is not None and r.style.name == "RAG Amber"]
    assert amber and all("▲" in r.text or "Amber" in r.text for r in amber)
    assert doc.styles["RAG Amber"].font.color.rgb is not None


def test_tables_have_header_rows(rendered):
    doc = _doc(rendered)
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for table in doc.tables:
        first_row = table.rows[0]._tr
        assert first_row.find(f"{ns}trPr/{ns}tblHeader") is not None
