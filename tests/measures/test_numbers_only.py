"""The engine's cheap path: inside `numbers_only()` a measure returns just its flags, and the
numbers summed from them are exactly those of the full audit frame, for every measure and period.

The full audit's numbers are themselves tied to hand-worked values elsewhere
(tests/runner/test_handchecked.py and each family's tests); here the two paths must agree on the
hand-checked extract and on a small synthetic one whose thousands of records hit every branch.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scorecard.extract.load import load_extract
from scorecard.measures.audit_frame import audit_frame, numbers_only, numbers_only_wanted
from scorecard.measures.registry import AUDIT_FLAGS, load_all, summarise
from scorecard.params import Params
from scorecard.periods import custom, quarter, trailing_quarters, year_to_date
from scorecard.synth import generate

Q2 = quarter("2025-26-Q2")
PERIODS = [*trailing_quarters(Q2, 8), year_to_date(Q2), custom("2024-10-01", "2025-09-30")]


@pytest.fixture(scope="module")
def extracts(tmp_path_factory):
    from runner.handchecked_values import EXTRACT

    folder = tmp_path_factory.mktemp("tiny")
    generate(folder, scale=0.05, seed=3)
    return {"handchecked": load_extract(EXTRACT), "synthetic": load_extract(folder)}


@pytest.mark.parametrize("which", ["handchecked", "synthetic"])
def test_numbers_only_gives_the_full_audits_numbers(extracts, which):
    x = extracts[which]
    params = Params(population_0_17=10_000)
    compared = 0
    for m in load_all().values():
        if any(t not in x.tables for t in m.tables):
            continue
        for p in PERIODS:
            full = summarise(m, m.func(x, p, params))
            with numbers_only():
                lean = m.func(x, p, params)
            quick = summarise(m, lean)
            assert (quick.numerator, quick.denominator, quick.value) == (
                full.numerator, full.denominator, full.value), (m.id, p.label)
            compared += 1
    assert compared > 40 * len(PERIODS)


def test_numbers_only_frame_holds_only_flags_and_never_works_out_reasons():
    records = pd.DataFrame({"id": ["b", "a", "c"], "n": [2.0, 1.0, 3.0]})

    def reason():
        raise AssertionError("reasons are not needed for numbers")

    with numbers_only():
        assert numbers_only_wanted()
        lean = audit_frame(records, ["id"], in_denominator=[True, True, False],
                           in_numerator=[True, False, False], numerator_value=records["n"],
                           reason=reason, sort_by="id")
    assert not numbers_only_wanted()
    assert list(lean.columns) == ["in_denominator", "in_numerator", "numerator_value"]
    assert set(lean.columns) <= set(AUDIT_FLAGS)
    assert lean["numerator_value"].tolist() == [2.0, 1.0, 3.0]


def test_full_audit_is_sorted_with_flags_and_reasons_following_their_records():
    records = pd.DataFrame({"id": pd.array(["b", "a", "c"], dtype="string"),
                            "when": pd.to_datetime(["2025-01-02", "2025-01-01", None])},
                           index=[10, 11, 12])
    audit = audit_frame(records, ["id", "when"], in_denominator=np.array([True, True, False]),
                        in_numerator=np.array([True, False, False]),
                        reason=lambda: pd.Series(["", "no", "out"], index=records.index),
                        sort_by="id")
    # sorted a, b, c: row 11 (a) first, then 10 (b), then 12 (c)
    assert audit["id"].tolist() == ["a", "b", "c"]
    assert audit["when"].tolist()[:2] == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-02")]
    assert audit["in_denominator"].tolist() == [True, True, False]
    assert audit["in_numerator"].tolist() == [False, True, False]
    assert audit["reason"].tolist() == ["no", "", "out"]
    assert list(audit.index) == [0, 1, 2]
    assert str(audit["reason"].dtype) == "string"
