"""RAG at its boundaries: exactly on target, exactly on amber, and the value as displayed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scorecard.compare.rag import rag, rag_column, rag_label, rag_labels


@pytest.mark.parametrize("value, expected", [
    (85.0, "green"),  # exactly on target meets it
    (90.0, "green"),
    (84.9, "amber"),
    (80.0, "amber"),  # exactly on the amber threshold is amber
    (79.9, "red"),
    (84.96, "green"),  # displayed as 85.0: judged as the committee reads it
    (84.94, "amber"),  # displayed as 84.9
    (79.96, "amber"),  # displayed as 80.0
])
def test_rag_higher_is_better(value, expected):
    assert rag(value, "higher", 85, 80) == expected


@pytest.mark.parametrize("value, expected", [
    (18.0, "green"),  # exactly on target (a caseload of 18 or fewer)
    (10.0, "green"),
    (18.1, "amber"),
    (20.0, "amber"),  # exactly on amber
    (20.1, "red"),
    (20.04, "amber"),  # displayed as 20.0
])
def test_rag_lower_is_better(value, expected):
    assert rag(value, "lower", 18, 20) == expected


def test_rag_without_amber_threshold_a_miss_is_red():
    assert rag(85, "higher", 85) == "green"
    assert rag(84.9, "higher", 85) == "red"
    assert rag(3, "lower", 2, None) == "red"


@pytest.mark.parametrize("value, polarity, target", [
    (None, "higher", 85), (np.nan, "higher", 85), (pd.NA, "lower", 5),
    (50.0, "higher", None), (50.0, "higher", np.nan), (50.0, "neutral", 10),
])
def test_rag_has_no_status_without_value_target_or_polarity(value, polarity, target):
    assert rag(value, polarity, target, 1) is None


def test_rag_column_matches_scalar_rule():
    values = pd.Series([85.0, 80.0, 79.9, np.nan, 18.0, 20.0, 20.1, 50.0, 84.96, 12.0],
                       index=list("abcdefghij"))
    polarity = ["higher"] * 4 + ["lower"] * 3 + ["neutral", "higher", "higher"]
    targets = [85, 85, 85, 85, 18, 18, 18, None, 85, np.nan]
    ambers = [80, 80, 80, 80, 20, 20, 20, None, None, 10]
    got = rag_column(values, polarity, targets, ambers)
    assert list(got.index) == list("abcdefghij")
    assert list(got) == ["green", "amber", "red", None, "green", "amber", "red", None,
                         "green", None]
    assert list(got) == [rag(v, p, t, a) for v, p, t, a in zip(values, polarity, targets, ambers)]
    # one polarity for every row, no ambers
    assert list(rag_column([90, 70], "higher", [85, 85])) == ["green", "red"]


def test_rag_label_has_symbol_and_word_never_colour_alone():
    assert rag_label("green") == "✔ Green"
    assert rag_label("amber") == "▲ Amber"
    assert rag_label("red") == "✖ Red"
    assert rag_label(None) == ""
    assert list(rag_labels(pd.Series(["red", None]))) == ["✖ Red", ""]
    with pytest.raises(ValueError, match="purple"):
        rag_label("purple")
