"""Executed notebooks as self-contained HTML for reviewers without Jupyter.

nbconvert's `lab` template, with every block that would fetch a script from a CDN emptied
(require.js, MathJax, Mermaid, widgets: the notebooks use none of them) and a banner saying the
page is internal. The notebooks' charts are data URIs in their outputs, so the page loads
nothing.
"""

from __future__ import annotations

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


@lru_cache(maxsize=1)
def _exporter():
    """Built once per process: loading and compiling the templates is most of an export."""
    import jinja2
    from nbconvert import HTMLExporter

    loader = jinja2.DictLoader({"scorecard_internal.html.j2": _TEMPLATE.replace("__BANNER__",
                                                                                BANNER)})
    exporter = HTMLExporter(template_name="lab", extra_loaders=[loader],
                            template_file="scorecard_internal.html.j2")
    # the notebooks' images are already data URIs in their outputs; embed_images would parse
    # the whole page again (BeautifulSoup) only to find none to fetch
    exporter.embed_images = False
    exporter.exclude_anchor_links = True
    return exporter


def export_html(notebook: Path, html: Path) -> Path:
    """Write `html`, the executed `notebook` with its code, as one offline file."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    nb.metadata["title"] = f"{notebook.stem} (internal: do not publish)"
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(body, encoding="utf-8")
    return html
