"""The numbers the golden notebooks show are the hand-worked ones, so nbval compares each
notebook against answers a person worked out, not against whatever the code once printed."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from runner.handchecked_values import HAND_WORKED
from scorecard.charts.distributions import format_value
from scorecard.measures.registry import load_all

GOLDEN = Path(__file__).resolve().parent / "golden"
WORDS = {"quarter": "quarter", "ytd": "year to date", "snapshot": "at the end",
         "rolling": "36 months to the end"}


def _working_output(measure_id: str) -> str:
    """The markdown the golden shows for `area.working("<id>")`."""
    for path in sorted(GOLDEN.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and cell.source == f'area.working("{measure_id}")':
                return "\n".join(o.get("data", {}).get("text/markdown", "")
                                 for o in cell.outputs)
    raise AssertionError(f"no golden shows {measure_id}")


@pytest.mark.parametrize("measure_id, window, numerator, denominator, value", HAND_WORKED,
                         ids=[f"{m}-{w}" for m, w, *_ in HAND_WORKED])
def test_golden_shows_the_hand_worked_numbers(measure_id, window, numerator, denominator,
                                              value):
    text = _working_output(measure_id)
    unit = load_all()[measure_id].unit
    if denominator is None:
        expected = f"- {WORDS[window]}: {numerator} counted"
    else:
        expected = (f"- {WORDS[window]}: {numerator} of {denominator}, "
                    f"{format_value(value, unit)}")
    lines = re.findall(r"^- .*$", text, flags=re.MULTILINE)
    assert expected in lines
