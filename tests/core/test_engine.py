"""The engine's periods, windows, rates, RAG and direction on a micro extract worked by hand."""

import pandas as pd
import pytest

from micro import micro
from scorecard.engine import MEASURES_CSV_COLUMNS, compute_scorecard, write_measures_csv
from scorecard.params import Params, Target
from scorecard.periods import quarter


def _ref(rid, person, date):
    return {"cine_referral_id": rid, "cine_person_id": person, "cine_referral_date": date,
            "cine_close_date": "", "cine_referral_nfa": "N"}


@pytest.fixture(scope="module")
def scorecard():
    x = micro("2025-10-07", ssd_cin_episodes=[
        _ref("R1", "A", "2024-09-30"),  # just outside the 12 months ending 2025-09-30
        _ref("R2", "A", "2024-10-01"),  # first day of those 12 months
        _ref("R3", "A", "2025-04-15"),  # Q1
        _ref("R4", "A", "2025-07-01"),  # Q2, re-referral (R3 within 12 months)
        _ref("R5", "B", "2025-09-30"),  # Q2 last day, first referral of B
    ])
    params = Params(population_0_17=10000, targets={"FD03": Target(20, 23)})
    return compute_scorecard(x, params, quarter("2025-26-Q2"))


def test_columns_are_the_measures_csv_contract(scorecard):
    assert list(scorecard.rows.columns[: len(MEASURES_CSV_COLUMNS)]) == MEASURES_CSV_COLUMNS


def test_flow_rows_for_8_quarters_and_ytd(scorecard):
    fd02 = scorecard.rows[scorecard.rows.measure_id == "FD02"]
    assert fd02.window.tolist() == ["quarter"] * 8 + ["ytd"]
    assert fd02.period_end.iloc[0] == pd.Timestamp("2023-12-31")
    by_end = dict(zip(fd02[fd02.window == "quarter"].period_end.dt.strftime("%Y-%m-%d"),
                      fd02[fd02.window == "quarter"].value))
    # 2024-25 Q2 holds R1, Q3 holds R2, 2025-26 Q1 holds R3, Q2 holds R4 and R5
    assert by_end == {"2023-12-31": 0, "2024-03-31": 0, "2024-06-30": 0, "2024-09-30": 1,
                      "2024-12-31": 1, "2025-03-31": 0, "2025-06-30": 1, "2025-09-30": 2}
    ytd = scorecard.row("FD02", "ytd")
    assert (ytd.period_start, ytd.value, ytd.numerator) == (pd.Timestamp("2025-04-01"), 3, 3)
    assert pd.isna(ytd.denominator)


def test_flow_rate_is_over_the_12_months_ending_at_the_period_end(scorecard):
    # 12 months to 2025-09-30: R2, R3, R4, R5 = 4 referrals; per 10,000 of 10,000 children = 4.0
    assert scorecard.row("FD02", "quarter").rate_per_10k == pytest.approx(4.0)
    assert scorecard.row("FD02", "ytd").rate_per_10k == pytest.approx(4.0)
    q1 = scorecard.rows[(scorecard.rows.measure_id == "FD02")
                        & (scorecard.rows.period_end == pd.Timestamp("2025-06-30"))].iloc[0]
    # 12 months to 2025-06-30: R1, R2, R3 = 3
    assert q1.rate_per_10k == pytest.approx(3.0)


def test_snapshot_rows_sit_at_the_quarter_end(scorecard):
    cn01 = scorecard.row("CN01", "snapshot")
    # A and B both have a referral open at 2025-09-30 (no close dates): 2 children, 2.0 per 10k
    assert cn01.period_start == cn01.period_end == pd.Timestamp("2025-09-30")
    assert (cn01.value, cn01.rate_per_10k) == (2, 2.0)


def test_rag_and_direction(scorecard):
    fd03 = scorecard.row("FD03", "quarter")
    # Q2: R4 is a re-referral, R5 is not: 1 of 2 = 50%, target 20 (amber to 23, lower is better)
    assert (fd03.numerator, fd03.denominator, fd03.value) == (1, 2, 50.0)
    assert fd03.rag == "red" and fd03.target == 20
    # Q1: R3 (2025-04-15) follows R2 (2024-10-01) within 12 months, so Q1 = 1 of 1 = 100%;
    # 50% after 100% is improving for a lower-is-better measure.
    assert fd03.direction == "improving"
    assert scorecard.row("FD02", "quarter").direction == "up"  # neutral: 1 -> 2
    assert pd.isna(scorecard.row("FD02", "ytd").direction)


def test_unavailable_measures_say_why(scorecard):
    assert scorecard.unavailable["LA01"] == (
        "not available from this extract: no ssd_cla_episodes, ssd_legal_status"
    )
    assert "LA01" not in set(scorecard.rows.measure_id)


def test_audits_kept_for_the_quarter_and_ytd_only(scorecard):
    audit = scorecard.audits["FD02"]
    assert audit.columns[0] == "window"
    assert audit.groupby("window").in_numerator.sum().to_dict() == {"quarter": 2, "ytd": 3}


def test_measures_csv_is_byte_identical_twice(scorecard, tmp_path):
    write_measures_csv(scorecard.rows, tmp_path / "a.csv")
    write_measures_csv(scorecard.rows, tmp_path / "b.csv")
    a = (tmp_path / "a.csv").read_bytes()
    assert a == (tmp_path / "b.csv").read_bytes()
    assert a.startswith(b"measure_id,title,area,window,period_start,period_end,numerator,")
