"""The audit pack's notebook pages: offline, marked internal, and as accessible as nbconvert's own
export (whose BeautifulSoup pass `export.accessible` replaces with a pass over the text)."""

from __future__ import annotations

import base64

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from scorecard.runner import export

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)).decode()


def _notebook():
    return new_notebook(
        metadata={"language_info": {"name": "python", "pygments_lexer": "ipython3"}},
        cells=[
            new_markdown_cell("# A heading\n\nSome *text* with a [link](#x)."),
            new_code_cell("print('hello')", execution_count=1, outputs=[
                new_output("stream", name="stdout", text="hello\n")]),
            new_code_cell("area.charts('AS01')", execution_count=2, outputs=[
                new_output("display_data", data={
                    "text/html": f'<figure><img src="data:image/png;base64,{PNG}" '
                                 'alt="Line chart of AS01"></figure>',
                    "text/plain": "<IPython.core.display.HTML object>"}),
                new_output("display_data", data={"image/png": PNG, "text/plain": "fig"}),
            ]),
            new_code_cell("frame", execution_count=3, outputs=[
                new_output("execute_result", execution_count=3, data={
                    "text/html": "<table><tr><th>a</th></tr><tr><td>1</td></tr></table>",
                    "text/plain": "   a\n0  1"})]),
            new_code_cell("1/0", execution_count=4, outputs=[
                new_output("error", ename="ZeroDivisionError", evalue="division by zero",
                           traceback=["ZeroDivisionError: division by zero"])]),
        ],
    )


def _tags(page: str) -> list[tuple[str, tuple]]:
    """Every element in document order with its attributes (their order does not matter)."""
    soup = BeautifulSoup(page, features="html.parser")
    return [(t.name, tuple(sorted((k, " ".join(v) if isinstance(v, list) else v)
                                  for k, v in t.attrs.items())))
            for t in soup.find_all(True)]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    nb = _notebook()
    path = folder / "10_example.ipynb"
    nbformat.write(nb, path)
    ours = export.export_html(path, folder / "10_example.html").read_text(encoding="utf-8")
    # nbconvert's own exporter on the same template, for comparison
    theirs_exporter = HTMLExporter(
        template_name="lab", extra_loaders=[export._exporter().extra_loaders[0]],
        template_file="scorecard_internal.html.j2")
    theirs_exporter.embed_images = False
    theirs_exporter.exclude_anchor_links = True
    nb.metadata["title"] = "10_example (internal: do not publish)"
    theirs, _ = theirs_exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    return ours, theirs


def test_the_same_elements_and_attributes_as_nbconvert_writes(pages):
    ours, theirs = pages
    assert _tags(ours) == _tags(theirs)


def test_inputs_and_outputs_are_focusable_and_every_image_described(pages):
    ours, _ = pages
    soup = BeautifulSoup(ours, features="html.parser")
    inputs = soup.select("div.jp-Cell-inputWrapper")
    outputs = soup.select("div.jp-OutputArea-output")
    assert len(inputs) == 5 and all(d.get("tabindex") == "0" for d in inputs)
    # stream, the figure, the bare image, the table and the error: five outputs
    assert len(outputs) == 5 and all(d.get("tabindex") == "0" for d in outputs)
    alts = [img.get("alt") for img in soup.find_all("img")]
    assert alts == ["Line chart of AS01", export.NO_ALT]


def test_internal_banner_and_nothing_fetched(pages):
    ours, _ = pages
    assert export.BANNER in ours
    soup = BeautifulSoup(ours, features="html.parser")
    for tag in soup.find_all(["script", "img", "link", "iframe"]):
        src = tag.get("src") or tag.get("href") or ""
        assert not src.startswith(("http:", "https:", "//")), tag


def test_accessible_leaves_attributes_already_there():
    page = ('<div class="jp-Cell-inputWrapper" tabindex="0"><img alt="x" src="a.png">'
            '<div class="jp-RenderedText jp-OutputArea-output" tabindex="-1">')
    assert export.accessible(page) == page


def test_the_executed_notebook_in_memory_exports_as_the_file_does(tmp_path):
    nb = _notebook()
    path = tmp_path / "20_example.ipynb"
    nbformat.write(nb, path)
    from_file = export.export_html(path, tmp_path / "a.html").read_text(encoding="utf-8")
    in_memory = export.export_html(path, tmp_path / "b.html", nb).read_text(encoding="utf-8")
    assert in_memory == from_file
    assert "title" not in nb.metadata  # the caller's notebook is left as it was
