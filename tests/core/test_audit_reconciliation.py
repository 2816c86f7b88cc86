"""For every measure: the audit CSV a reviewer opens sums to the numbers in measures.csv.

Runs the engine on a small synthetic extract (where every measure has data), writes
measures.csv and audit/<ID>.csv as a run does, reads both back as plain CSV, and checks each
kept window: the count of in_numerator rows (within the denominator), the count of
in_denominator rows, and for averages the sum of numerator_value over the denominator.
"""

from pathlib import Path

import pandas as pd
import pytest

from scorecard.engine import compute_scorecard, write_audits, write_measures_csv
from scorecard.extract.load import load_extract
from scorecard.measures.registry import load_all
from scorecard.params import load_params
from scorecard.periods import quarter
from scorecard.synth import generate

ROOT = Path(__file__).resolve().parents[2]
MEASURE_IDS = list(load_all())


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reconcile")
    generate(folder / "extract", scale=0.1, seed=7)
    x = load_extract(folder / "extract")
    params = load_params(ROOT / "params" / "anyshire.yaml").with_extract_defaults(
        x.la_code, x.la_name)
    sc = compute_scorecard(x, params, quarter("2025-26-Q2"))
    write_measures_csv(sc.rows, folder / "measures.csv")
    write_audits(sc.audits, folder / "audit")
    return folder, sc


@pytest.mark.parametrize("measure_id", MEASURE_IDS)
def test_audit_csv_reproduces_measures_csv(written, measure_id):
    folder, sc = written
    assert measure_id not in sc.unavailable, sc.unavailable.get(measure_id)
    m = load_all()[measure_id]
    rows = pd.read_csv(folder / "measures.csv", dtype={"measure_id": str})
    audit = pd.read_csv(folder / "audit" / f"{measure_id}.csv", low_memory=False)
    asked = rows[(rows.measure_id == measure_id) & (rows.period_end == "2025-09-30")]
    assert set(audit["window"]) == set(asked["window"])
    for _, row in asked.iterrows():
        part = audit[audit["window"] == row["window"]]
        numer = part["in_numerator"].astype(bool)
        if m.unit == "count":
            assert numer.sum() == row["numerator"] == row["value"]
            continue
        denom = part["in_denominator"].astype(bool)
        assert denom.sum() == row["denominator"]
        if m.unit == "percent":
            assert (numer & denom).sum() == row["numerator"]
            if row["denominator"]:
                assert row["value"] == pytest.approx(100 * row["numerator"] / row["denominator"])
        else:  # averages and days: each row's contribution
            total = part.loc[denom, "numerator_value"].sum()
            assert total == pytest.approx(row["numerator"])
            if row["denominator"]:
                assert row["value"] == pytest.approx(total / row["denominator"])
