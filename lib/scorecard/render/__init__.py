"""Committee documents (HTML, DOCX, PDF) from a run's sidecars: `render_run` is the entry point
for `scorecard render` and the end of `scorecard run`."""

from scorecard.render.pipeline import render_run

__all__ = ["render_run"]
