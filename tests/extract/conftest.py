from __future__ import annotations

from pathlib import Path

import pytest
from clean_extract import write_extract

from scorecard.extract import quality

# Hand-picked readers so that data-quality rows can be asserted exactly, whatever measures are
# registered while this suite runs (the `real_registry` fixture restores the real lookup).
READERS = {
    "ssd_contacts": ("FD01",),
    "ssd_cp_plans": ("CP03", "CP06"),
    "ssd_cla_reviews": ("LA07",),
    "ssd_cin_episodes": ("FD02", "FD03"),
}
REAL_MEASURES_READING = quality.measures_reading


@pytest.fixture(autouse=True)
def fixed_readers(monkeypatch):
    monkeypatch.setattr(quality, "measures_reading", lambda: READERS)


@pytest.fixture
def real_registry(monkeypatch):
    monkeypatch.setattr(quality, "measures_reading", REAL_MEASURES_READING)


@pytest.fixture(scope="session")
def clean_dir(tmp_path_factory) -> Path:
    """The clean extract as CSV, written once; tests copy it before damaging it."""
    return write_extract(tmp_path_factory.mktemp("clean") / "extract")
