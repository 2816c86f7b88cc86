"""Direction of travel against the previous quarter, through the polarity, to 1 decimal."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scorecard.compare.direction import direction, direction_column


@pytest.mark.parametrize("current, previous, polarity, expected", [
    (86.0, 85.0, "higher", "improving"),
    (84.0, 85.0, "higher", "worsening"),
    (16.0, 17.0, "lower", "improving"),  # a caseload falling is better
    (18.0, 17.0, "lower", "worsening"),
    (120, 100, "neutral", "up"),
    (90, 100, "neutral", "down"),
    (85.0, 85.0, "higher", "no change"),
    # equal as displayed to 1 decimal: 85.04 and 84.96 both read 85.0
    (85.04, 84.96, "higher", "no change"),
    (17.04, 16.96, "lower", "no change"),
    # 85.06 reads 85.1, 85.04 reads 85.0: a change the reader sees
    (85.06, 85.04, "higher", "improving"),
    (85.04, 85.06, "lower", "improving"),
    (100.0, 99.96, "neutral", "no change"),
])
def test_direction_through_polarity(current, previous, polarity, expected):
    assert direction(current, previous, polarity) == expected


@pytest.mark.parametrize("current, previous", [(None, 5.0), (5.0, None), (np.nan, 1.0),
                                               (1.0, pd.NA)])
def test_direction_none_when_a_value_is_missing(current, previous):
    assert direction(current, previous, "higher") is None


def test_direction_unknown_polarity_is_an_error():
    with pytest.raises(ValueError, match="sideways"):
        direction(1, 2, "sideways")


def test_direction_column_matches_scalar_rule():
    current = pd.Series([86.0, 84.0, 16.0, 120, 85.04, np.nan, 3.0], index=range(10, 17))
    previous = [85.0, 85.0, 17.0, 100, 84.96, 1.0, None]
    polarity = ["higher", "higher", "lower", "neutral", "higher", "lower", "neutral"]
    got = direction_column(current, previous, polarity)
    assert list(got.index) == list(range(10, 17))
    assert list(got) == ["improving", "worsening", "improving", "up", "no change", None, None]
    assert list(got) == [direction(c, p, pol) for c, p, pol in zip(current, previous, polarity)]
    assert list(direction_column([2.0, 1.0], [1.0, 1.0], "lower")) == ["worsening", "no change"]
