"""The synthetic sample, made once per test session and shared by the synth tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scorecard import schema
from scorecard.synth import generate


def read_raw(folder: Path) -> dict[str, pd.DataFrame]:
    """Every table as the strings the files hold (blank = empty string), as a reviewer sees it."""
    return {
        name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False,
                          na_filter=False)
        for name in schema.TABLES
    }


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    """Scale 1, seed 1, extract date 2025-10-07: the bundled sample's settings (a few seconds)."""
    out = tmp_path_factory.mktemp("synth") / "scale1"
    generate(out, scale=1.0, seed=1)
    return out


@pytest.fixture(scope="session")
def raw(sample_dir) -> dict[str, pd.DataFrame]:
    return read_raw(sample_dir)


@pytest.fixture(scope="session")
def sample_extract(sample_dir):
    from scorecard.extract.load import load_extract

    return load_extract(sample_dir)


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "tiny"
    generate(out, scale=0.05, seed=1)
    return out
