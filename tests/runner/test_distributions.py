"""The notebook charts, checked by the numbers they draw and the words beside them
(charts/distributions.py, and the area trends of charts/trends.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scorecard.charts.distributions import (
    distribution_chart,
    format_value,
    histogram_bins,
    trend_message,
)
from scorecard.charts.trends import TrendPanel, area_trend_figures


def test_bins_put_an_edge_between_the_limit_and_the_next_day():
    # Whole days 3..60 with a 45-day line: at most 40 bins, so bins are 2 days wide
    # (ceil(58 / 40) = 2) and anchored at 45.5, the edge between "45 or fewer" and "46 or more".
    edges, line_x = histogram_bins(np.array([3.0, 45.0, 46.0, 60.0]), 45)
    assert line_x == 45.5
    assert 45.5 in edges
    assert np.allclose(np.diff(edges), 2.0)
    assert edges[0] <= 3 and edges[-1] > 60
    assert len(edges) - 1 <= 40


def test_bins_of_a_narrow_range_are_one_day_wide():
    edges, line_x = histogram_bins(np.array([0.0, 1.0, 2.0]), 10)
    # range 0..10 -> 11 whole values, width 1, edges at -0.5, 0.5, ..., 10.5
    assert np.allclose(edges, np.arange(-0.5, 11.0, 1.0))
    assert line_x == 10.5


def test_distribution_counts_every_record_and_draws_the_known_ones(tmp_path):
    # 7 assessments: 10, 20, 44, 45 are within 45 working days (4); 46 and 60 are not; one has
    # no authorisation yet (missing): it stays in the 7 but is not drawn. 4 of 7 = 57.1%.
    values = pd.Series([10, 20, 45, 46, 60, None, 44])
    chart = distribution_chart(
        values, line=45, side="le", stem=tmp_path / "AS01_distribution",
        subject="assessments", outcome="were authorised within 45 working days",
        x_label="Working days", line_label="45 working days",
        counted_label="45 or fewer", other_label="more than 45",
    )
    assert chart.title == "4 of 7 assessments (57.1%) were authorised within 45 working days"
    assert int(chart.data["records"].sum()) == 6
    # the two bars either side of the line: 44 and 45 fall in the bin ending at 45.5 (width 2:
    # 43.5-45.5), 46 in the one starting there
    by_start = chart.data.set_index("bin_from")["records"]
    assert by_start[43.5] == 2 and by_start[45.5] == 1
    assert "1 assessments have no value" in chart.alt_text
    assert "median is 44" in chart.alt_text  # median of 10, 20, 44, 45, 46, 60
    for kind in ("svg", "png", "alt"):
        assert chart.paths[kind].is_file()
    assert chart.paths["alt"].read_text().strip() == chart.alt_text


def test_distribution_side_gt_counts_those_above_the_line(tmp_path):
    # caseloads 12, 20, 21, 25 against a threshold of 20: above it are 21 and 25 -> 2 of 4
    chart = distribution_chart(
        pd.Series([12, 20, 21, 25]), line=20, side="gt", stem=tmp_path / "WF02",
        subject="social workers", outcome="hold more than 20 cases", x_label="Caseload",
        line_label="20 cases", counted_label="more than 20", other_label="20 or fewer",
    )
    assert chart.title.startswith("2 of 4 social workers (50.0%)")


def test_distribution_of_no_records_still_has_a_chart_and_alt_text(tmp_path):
    chart = distribution_chart(
        pd.Series([], dtype="float64"), line=45, side="le", stem=tmp_path / "empty",
        subject="assessments", outcome="were quick", x_label="Days", line_label="45",
        counted_label="a", other_label="b",
    )
    assert chart.title == "0 of 0 assessments (no records) were quick"
    assert chart.data.empty and chart.paths["png"].is_file()


def test_trend_message_states_the_change_and_the_target():
    labels = ["2024-25 Q3", "2024-25 Q4", "2025-26 Q1", "2025-26 Q2"]
    values = pd.Series([80.0, None, 83.0, 84.25], dtype="float64")
    # 84.25 shows as 84.3 (halves up, as in the documents)
    assert trend_message(labels, values, "percent", "higher", 85.0, "AS01 Assessments") == (
        "AS01 Assessments: 84.3% in 2025-26 Q2, up from 80.0% in 2024-25 Q3; missing the "
        "target of 85.0%")


@pytest.mark.parametrize("polarity, target, verb", [("lower", 90.0, "meeting"),
                                                      ("lower", 80.0, "missing"),
                                                      ("neutral", 80.0, None)])
def test_trend_reads_the_target_through_the_polarity(polarity, target, verb):
    text = trend_message(["Q1", "Q2"], pd.Series([85.0, 85.0]), "percent", polarity, target, "M")
    assert "the same as in Q1" in text
    if verb:
        assert f"{verb} the target" in text
    else:
        assert "target" not in text


def test_area_trends_six_measures_to_a_figure_with_what_each_shows(tmp_path):
    labels = [f"2024-25 Q{q}" for q in (1, 2, 3, 4)]
    panels = [TrendPanel(f"LA{i:02d}", f"Measure {i}", "count", (10.0, 12.0, None, 9.0),
                         (False,) * 4, 11.0 if i == 1 else None) for i in range(1, 9)]
    figures = area_trend_figures(panels, labels, tmp_path / "looked_after_trends",
                                 "Children looked after")
    assert [f.measure_ids for f in figures] == [
        ("LA01", "LA02", "LA03", "LA04", "LA05", "LA06"), ("LA07", "LA08")]
    for n, figure in enumerate(figures, start=1):
        for kind in ("svg", "png", "alt"):
            assert figure.paths[kind].is_file()
        assert figure.paths["png"].name == f"looked_after_trends_{n}.png"
    first = figures[0].alt_text
    assert first.startswith("Children looked after (part 1 of 2): line charts of 6 measures")
    # the first and last quarters shown, the lowest and highest, and the target, by hand
    assert ("Measure 1 (LA01): 10 in 2024-25 Q1 and 9 in 2024-25 Q4, lowest 9 (2024-25 Q4), "
            "highest 12 (2024-25 Q2); target 11.") in first
    assert "not shown" not in first  # nothing is suppressed in the notebooks' charts
    assert "c:" not in figures[0].caption
    from PIL import Image

    with Image.open(figures[0].paths["png"]) as png:  # 6.6 x 7.35 inches at screen resolution
        assert png.size == (660, 735)
    one = area_trend_figures(panels[:2], labels, tmp_path / "send_trends", "SEND")
    assert [f.paths["png"].name for f in one] == ["send_trends.png"]


def test_format_value_rounds_for_display_only():
    # halves up, as the documents round (compare/rounding.py): 84.25 -> "84.3", not the
    # "84.2" of Python's own formatting
    assert format_value(84.25, "percent") == "84.3%"
    assert format_value(1234.0, "count") == "1,234"
    assert format_value(15.25, "average") == "15.3"
    assert format_value(None, "percent") == "no value"
