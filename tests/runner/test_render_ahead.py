"""The runner's early render (runner.run.RenderAhead): its documents are kept only when the
notebooks' sidecars read the same as the ones it rendered from."""

import shutil
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))

from render_fixture import write_run  # noqa: E402

from scorecard.runner.run import RenderAhead  # noqa: E402


def _ahead(build: Path, preview: Path) -> RenderAhead:
    ahead = RenderAhead(build, ["html"], "pandoc", preview)
    ahead.start()
    return ahead


def test_kept_when_the_notebooks_wrote_the_same_sidecars(tmp_path):
    build = write_run(tmp_path / "build")
    preview = tmp_path / "preview"
    shutil.copytree(build / "sidecars", preview / "sidecars")
    ahead = _ahead(build, preview)
    assert ahead.matches_the_notebooks()
    assert (build / "report" / "scorecard.html").is_file()


def test_not_kept_when_the_notebooks_wrote_other_numbers(tmp_path):
    build = write_run(tmp_path / "build")
    preview = tmp_path / "preview"
    shutil.copytree(build / "sidecars", preview / "sidecars")
    ahead = _ahead(build, preview)
    ahead.join()
    measures = pd.read_parquet(build / "sidecars" / "measures.parquet")
    measures["value"] = measures["value"] * 2
    measures.to_parquet(build / "sidecars" / "measures.parquet", index=False)
    assert ahead.rendered and not ahead.matches_the_notebooks()


def test_not_kept_when_the_early_render_failed_or_never_ran(tmp_path):
    build = write_run(tmp_path / "build")
    ahead = _ahead(build, tmp_path / "no-such-preview")
    assert not ahead.matches_the_notebooks()
    assert not (build / "report").exists()
    assert not RenderAhead(build, [], "pandoc", tmp_path).matches_the_notebooks()
