"""The HTML scorecard, parsed with the standard library: one self-contained file (nothing
fetched), images with alt text, headings in order, tables with header rows and phone labels,
RAG with word and symbol, and the small-number cells hidden."""

from html.parser import HTMLParser

import pytest


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[tuple[int, str]] = []
        self.cells: list[dict] = []  # td: attributes and text
        self.styles: list[str] = []
        self._heading: list | None = None
        self._cell: dict | None = None
        self._style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [int(tag[1]), ""]
        elif tag == "td":
            self._cell = {"attrs": a, "text": ""}
        elif tag == "style":
            self._style = True

    def handle_endtag(self, tag):
        if self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None
        elif tag == "td" and self._cell is not None:
            self._cell["text"] = " ".join(self._cell["text"].split())
            self.cells.append(self._cell)
            self._cell = None
        elif tag == "style":
            self._style = False

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
        if self._cell is not None:
            self._cell["text"] += data
        if self._style:
            self.styles.append(data)


@pytest.fixture(scope="module")
def page(rendered) -> Page:
    p = Page()
    p.feed((rendered / "report" / "scorecard.html").read_text(encoding="utf-8"))
    return p


def test_self_contained(page):
    for tag, a in page.tags:
        if "src" in a:
            assert a["src"].startswith("data:"), f"<{tag}> fetches {a['src'][:60]}"
        if tag in ("link", "script") and ("href" in a or "src" in a):
            raise AssertionError(f"<{tag}> refers to an outside file: {a}")
        if "href" in a:
            assert a["href"].startswith("#"), f"<{tag}> links out to {a['href']}"


def test_images_have_alt_text(page):
    images = [a for t, a in page.tags if t == "img"]
    assert len(images) == 6
    for a in images:
        assert a.get("alt") and "quarter" in a["alt"]
        assert a["src"].startswith("data:image/png;base64,")


def test_headings_in_order(page):
    levels = [lv for lv, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1  # the title is the only h1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    sections = [text.replace("\u2019", "'") for lv, text in page.headings if lv == 2]
    assert sections == [
        "Committee report", "Summary of performance", "The scorecard", "Trends", "Commentary",
        "Appendix A: how each measure is worked out", "Appendix B: data quality",
    ]


def test_tables_have_headers_and_phone_labels(page):
    tables = sum(1 for t, _ in page.tags if t == "table")
    theads = sum(1 for t, _ in page.tags if t == "thead")
    assert tables == theads > 0
    assert all("data-label" in c["attrs"] for c in page.cells)
    css = "\n".join(page.styles)
    assert "@media screen and (max-width: 700px)" in css
    assert "attr(data-label)" in css
    assert any(t == "meta" and a.get("name") == "viewport" for t, a in page.tags)
    assert ("html", {"xmlns": "http://www.w3.org/1999/xhtml", "lang": "en-GB",
                     "xml:lang": "en-GB"}) in page.tags


def _row(page, measure_id: str) -> dict[str, str]:
    """The cells of a measure's scorecard row, keyed by their data-label."""
    cells = page.cells
    start = next(i for i, c in enumerate(cells)
                 if c["attrs"].get("data-label") == "Measure" and f"({measure_id})" in c["text"])
    row = {"Measure": cells[start]["text"]}
    for c in cells[start + 1:]:
        label = c["attrs"]["data-label"]
        if label == "Measure":
            break
        row[label] = c["text"]
    return row


def test_values_rag_and_suppression(page):
    fd03 = _row(page, "FD03")  # 45/200 = 22.5%, amber against 20 (amber to 23)
    assert fd03["This quarter (2025-26 Q2)"] == "22.5% (45 of 200)"
    assert fd03["RAG"] == "▲ Amber"
    rag_spans = [a for t, a in page.tags if t == "span" and "rag-amber" in a.get("class", "")]
    assert rag_spans  # coloured by the stylesheet as well as worded
    assert _row(page, "CP08")["This quarter (2025-26 Q2)"] == "c"
    la02 = _row(page, "LA02")
    assert la02["This quarter (2025-26 Q2)"] == "c"
    assert "c" in (la02["Previous quarter (2025-26 Q1)"], la02["Year to date"])


def test_data_quality_counts_suppressed(page):
    unknown = next(i for i, c in enumerate(page.cells) if c["text"] == "unknown code")
    # 3 records with an unknown code: a count from 1 to 5 reads c; 12 reads 12
    assert page.cells[unknown + 2]["text"] == "c"
    after = next(i for i, c in enumerate(page.cells) if c["text"] == "event after the extract date")
    assert page.cells[after + 2]["text"] == "12"


def test_summary_counts(page):
    counts = {c["attrs"]["data-label"]: c["text"] for c in page.cells
              if c["attrs"].get("data-label") in (
                  "✔ Green", "▲ Amber", "✖ Red", "No target", "Not rated (c)", "Not available",
                  "All measures")}
    # by hand from render_fixture.py: green LA05, CL01; amber FD03; red AS01, AD02; no target
    # FD01, CP06, LA02; hidden CP08, WF01; unavailable SE01; 11 in all
    assert counts == {"✔ Green": "2", "▲ Amber": "1", "✖ Red": "2", "No target": "3",
                      "Not rated (c)": "2", "Not available": "1", "All measures": "11"}
