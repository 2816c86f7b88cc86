"""Executed notebooks as self-contained HTML for reviewers without Jupyter.

nbconvert's `lab` template, with every block that would fetch a script from a CDN emptied
(require.js, MathJax, Mermaid, widgets: the notebooks use none of them) and a banner saying the
page is internal. The notebooks' charts are data URIs in their outputs, so the page loads
nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

BANNER = (
    "INTERNAL: DO NOT PUBLISH. This page is part of the scorecard's audit pack: unsuppressed, "
    "record-level working for reviewers inside the team. Only the documents in report/ may "
    "leave the team."
)

_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block extra_css -%}
<style type="text/css">
.scorecard-internal {
  position: sticky; top: 0; z-index: 10; margin: 0 0 1em 0; padding: 0.6em 1em;
  background: #C2292E; color: #FFFFFF; font: bold 14px/1.4 sans-serif;
}
@media print { .scorecard-internal { position: static; } }
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
<div class="scorecard-internal" role="note">__BANNER__</div>
{%- endblock body_header -%}
"""


# What nbconvert's HTMLExporter adds after rendering, for keyboard and screen-reader users:
# focusable code inputs and outputs, and a description on any image without one.
_INPUT = re.compile(r'<div class="jp-Cell-inputWrapper"(?![^>]*tabindex)')
_OUTPUT = re.compile(r'(<div (?:id="[^"]*" )?class="[^"]*\bjp-OutputArea-output\b[^"]*")'
                     r'(?![^>]*tabindex)')
_IMAGE_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)")
NO_ALT = "No description has been provided for this image"


def accessible(page: str) -> str:
    """The accessibility pass of nbconvert's HTMLExporter, done on the text.

    nbconvert parses the whole page with BeautifulSoup to add these attributes and writes it out
    again: over half of an export's time, and a run exports nine pages. The elements come from
    the lab template's own markup (one fixed form each), so matching that markup is enough.
    """
    page = _INPUT.sub('<div class="jp-Cell-inputWrapper" tabindex="0"', page)
    page = _OUTPUT.sub(r'\1 tabindex="0"', page)
    return _IMAGE_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', page)


@lru_cache(maxsize=1)
def _exporter():
    """Built once per process: loading and compiling the templates is most of an export."""
    import jinja2
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class InternalHTMLExporter(HTMLExporter):
        """HTMLExporter.from_notebook_node (nbconvert 7) with `accessible` in place of its
        BeautifulSoup pass; tests/runner/test_export.py holds the two to the same result."""

        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return accessible(page), resources

    loader = jinja2.DictLoader({"scorecard_internal.html.j2": _TEMPLATE.replace("__BANNER__",
                                                                                BANNER)})
    exporter = InternalHTMLExporter(template_name="lab", extra_loaders=[loader],
                                    template_file="scorecard_internal.html.j2")
    # the notebooks' images are already data URIs in their outputs; embed_images would parse
    # the whole page again (BeautifulSoup) only to find none to fetch
    exporter.embed_images = False
    exporter.exclude_anchor_links = True
    return exporter


def warm_exporter() -> None:
    """Build the exporter now (nbconvert's import and templates: about half a second)."""
    _exporter()


def export_html(notebook: Path, html: Path, nb=None) -> Path:
    """Write `html`, the executed `notebook` with its code, as one offline file. `nb` is the
    notebook as executed, when the caller has it (no need to read and validate it again)."""
    import copy

    import nbformat

    nb = copy.copy(nb) if nb is not None else nbformat.read(notebook, as_version=4)
    nb.metadata = copy.copy(nb.metadata)
    nb.metadata["title"] = f"{notebook.stem} (internal: do not publish)"
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(body, encoding="utf-8")
    return html
