"""The one rounding every document, RAG and direction use."""

def test_halves_round_up_as_a_committee_reads_them():
    # 16.25 is exactly representable: Python's f"{16.25:.1f}" gives "16.2" (ties to even);
    # a spreadsheet and a person give 16.3.
    from scorecard.compare.rounding import as_displayed, round_half_up
    from scorecard.render.display import number

    assert round_half_up(16.25) == 16.3 and as_displayed(0.15) == 0.2
    assert number(16.25, "average") == "16.3" and number(84.95, "percent") == "85.0%"
    assert number(2.5, "count") == "3" and number(1234.4, "count") == "1,234"
