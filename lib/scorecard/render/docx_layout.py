"""Page layout pandoc cannot express in the Word file: the scorecard section (the heading with
id "scorecard") on landscape pages, as in the PDF, since ten columns need the width; and table
rows that never split across a page (a measure's row stays whole under the repeated header).

pandoc writes one section whose page settings, header and footer references come from the
reference document. Here the page break before the scorecard heading, and the one before the
next top-level heading, become section breaks that carry copies of those settings (portrait,
then landscape), so the page-number footer of any council's template follows into every
section. The package is rewritten entry by entry with each entry's original time stamp, so the
file stays byte-for-byte reproducible.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
DOCUMENT = "word/document.xml"


def _is_heading_one(p) -> bool:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    return p.tag == f"{_W}p" and style is not None and style.get(f"{_W}val") == "Heading1"


def _has_bookmark(p, name: str) -> bool:
    return any(b.get(f"{_W}name") == name for b in p.iter(f"{_W}bookmarkStart"))


def _is_page_break(p) -> bool:
    """The paragraph the Lua filter puts before a top-level heading: one run, one page break."""
    if p.tag != f"{_W}p":
        return False
    breaks = p.findall(f"{_W}r/{_W}br")
    texts = list(p.iter(f"{_W}t"))
    return len(breaks) == 1 and breaks[0].get(f"{_W}type") == "page" and not texts


def _is_bookmark(el) -> bool:
    return el.tag in (f"{_W}bookmarkStart", f"{_W}bookmarkEnd")


def _section_break(body, index: int, sect) -> None:
    """End a section just before body[index] (and the bookmarks pandoc puts in front of a
    heading) with the page settings `sect`."""
    at = index
    while at > 0 and _is_bookmark(body[at - 1]):
        at -= 1
    previous = body[at - 1] if at > 0 else None
    if previous is not None and _is_page_break(previous):
        for child in list(previous):
            previous.remove(child)
        holder = previous
    else:
        holder = etree.Element(f"{_W}p")
        body.insert(at, holder)
    ppr = etree.SubElement(holder, f"{_W}pPr")
    ppr.append(sect)


def _landscape(sect):
    out = copy.deepcopy(sect)
    size = out.find(f"{_W}pgSz")
    if size is None:
        size = etree.SubElement(out, f"{_W}pgSz")
        size.set(f"{_W}w", "11906")
        size.set(f"{_W}h", "16838")
    w, h = size.get(f"{_W}w"), size.get(f"{_W}h")
    if int(w) < int(h):
        size.set(f"{_W}w", h)
        size.set(f"{_W}h", w)
    size.set(f"{_W}orient", "landscape")
    return out


def keep_rows_together(body) -> None:
    for tr in body.iter(f"{_W}tr"):
        trpr = tr.find(f"{_W}trPr")
        if trpr is None:
            trpr = etree.Element(f"{_W}trPr")
            tr.insert(0, trpr)
        if trpr.find(f"{_W}cantSplit") is None:
            trpr.insert(0, etree.Element(f"{_W}cantSplit"))


def finish_docx(docx: Path, heading_id: str = "scorecard") -> None:
    """Apply the layout above to a DOCX pandoc wrote, in place."""
    with zipfile.ZipFile(docx) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    xml = dict((i.filename, data) for i, data in entries)[DOCUMENT]
    root = etree.fromstring(xml)
    body = root.find(f"{_W}body")
    keep_rows_together(body)
    landscape_scorecard(body, heading_id)
    new_xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    tmp = docx.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w") as out:
        for info, data in entries:
            out.writestr(info, new_xml if info.filename == DOCUMENT else data)
    tmp.replace(docx)


def landscape_scorecard(body, heading_id: str = "scorecard") -> bool:
    """Put the section headed `heading_id` on landscape pages; False when there is no such
    heading (a council's outline without it), leaving the body as it was."""
    final = body.find(f"{_W}sectPr")
    children = list(body)
    # pandoc puts a heading's bookmark just before its paragraph (or, in some versions, in it)
    mark = next((i for i, el in enumerate(children)
                 if el.tag == f"{_W}bookmarkStart" and el.get(f"{_W}name") == heading_id
                 or _is_heading_one(el) and _has_bookmark(el, heading_id)), None)
    start = None if mark is None else next(
        (i for i in range(mark, len(children)) if _is_heading_one(children[i])), None)
    if final is None or start is None:
        return False
    end = next((i for i in range(start + 1, len(children)) if _is_heading_one(children[i])),
               None)
    # Work from the end backwards so that earlier indexes stay valid.
    if end is not None:
        _section_break(body, end, _landscape(final))
    _section_break(body, start, copy.deepcopy(final))
    if end is None:  # the scorecard runs to the end of the document
        body.replace(final, _landscape(final))
    return True
