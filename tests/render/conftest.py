"""One rendered run, shared by the tests that open the documents (rendering takes ~2 s)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from render_fixture import write_run  # noqa: E402

from scorecard.render import render_run  # noqa: E402


@pytest.fixture(scope="session")
def chart_cache(tmp_path_factory) -> Path:
    """One chart cache for every test run of the fixture's data."""
    return tmp_path_factory.mktemp("chart-cache")


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, chart_cache) -> Path:
    """The hand-made run of render_fixture.py, rendered to all three formats."""
    folder = write_run(tmp_path_factory.mktemp("run"), chart_cache=chart_cache)
    assert render_run(folder, ["html", "docx", "pdf"]) == 0
    return folder
