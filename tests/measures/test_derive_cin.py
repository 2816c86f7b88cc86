"""Shared derivations of the FD/AS/CP/CN families: built once, never touching the tables.

Also the audit-frame contract for all twenty measures on one micro extract: the flag columns
each unit needs, rows sorted by the record id, and the tables left exactly as they were.
"""

import pandas as pd

from micro import micro
from scorecard.measures import (  # noqa: F401  (register the four families)
    assessment,
    child_protection,
    children_in_need,
    front_door,
)
from scorecard.measures.derive_cin import (
    assessment_durations,
    cp_plan_history,
    one_row_per_child,
    open_at,
    referral_history,
)
from scorecard.measures.registry import MEASURES, summarise
from scorecard.params import Params
from scorecard.periods import quarter

FAMILIES = ("FD", "AS", "CP", "CN")


def small_extract():
    return micro(
        ssd_contacts=[{"cont_contact_id": "K1", "cont_person_id": "A",
                       "cont_contact_date": "2025-07-02"}],
        ssd_cin_episodes=[
            {"cine_referral_id": "R2", "cine_person_id": "A", "cine_referral_date": "2025-07-01",
             "cine_close_date": "", "cine_referral_nfa": "N"},
            {"cine_referral_id": "R1", "cine_person_id": "A", "cine_referral_date": "2025-01-01",
             "cine_close_date": "2025-02-01", "cine_referral_nfa": "Y"},
        ],
        ssd_cin_assessments=[
            {"cina_assessment_id": "S2", "cina_person_id": "A",
             "cina_assessment_start_date": "2025-07-01", "cina_assessment_auth_date": ""},
            {"cina_assessment_id": "S1", "cina_person_id": "A",
             "cina_assessment_start_date": "2025-07-01",
             "cina_assessment_auth_date": "2025-08-01"},
        ],
        ssd_cin_visits=[{"cinv_cin_visit_id": "V1", "cinv_person_id": "A",
                         "cinv_cin_visit_date": "2025-07-03", "cinv_cin_visit_seen": "Y"}],
        ssd_cin_plans=[{"cinp_cin_plan_id": "N1", "cinp_person_id": "A",
                        "cinp_cin_plan_start_date": "2025-07-01", "cinp_cin_plan_end_date": ""}],
        ssd_s47_enquiry=[{"s47e_s47_enquiry_id": "E1", "s47e_person_id": "A",
                          "s47e_s47_start_date": "2025-07-01"}],
        ssd_initial_cp_conference=[
            {"icpc_icpc_id": "I1", "icpc_person_id": "A", "icpc_icpc_date": "2025-07-10",
             "icpc_s47_enquiry_id": "E1", "icpc_icpc_transfer_in": "N"}],
        ssd_cp_plans=[
            {"cppl_cp_plan_id": "P2", "cppl_person_id": "A",
             "cppl_cp_plan_start_date": "2025-07-10", "cppl_cp_plan_end_date": ""},
            {"cppl_cp_plan_id": "P1", "cppl_person_id": "A",
             "cppl_cp_plan_start_date": "2023-07-10", "cppl_cp_plan_end_date": "2025-07-10"},
        ],
        ssd_cp_visits=[{"cppv_cp_visit_id": "W1", "cppv_person_id": "A",
                        "cppv_cp_visit_date": "2025-09-29", "cppv_cp_visit_seen": "Y"}],
        ssd_cp_reviews=[{"cppr_cp_review_id": "Q1", "cppr_person_id": "A",
                         "cppr_cp_review_due": "2025-08-01", "cppr_cp_review_date": ""}],
    )


def test_every_FD_AS_CP_CN_measure_keeps_the_audit_contract_and_the_tables():
    x = small_extract()
    before = {name: t.copy() for name, t in x.tables.items()}
    ids = [mid for mid in MEASURES if mid[:2] in FAMILIES]
    assert len(ids) == 20
    for mid in ids:
        m = MEASURES[mid]
        audit = m.func(x, quarter("2025-26-Q2"), Params())
        flags = ["in_numerator", "reason"] if m.unit == "count" else [
            "in_denominator", "in_numerator", "reason"]
        assert list(audit.columns[-len(flags):]) == flags, mid
        assert audit["in_numerator"].dtype == bool, mid
        key = audit.columns[0]
        assert audit[key].is_monotonic_increasing, mid
        assert (audit.loc[~audit.in_numerator, "reason"] != "").all(), mid
        counted = audit.in_numerator & audit.get("in_denominator", True)
        assert (audit.loc[counted, "reason"] == "").all(), mid
        summarise(m, audit)  # must not raise
    for name, t in x.tables.items():
        pd.testing.assert_frame_equal(t, before[name])


def test_derived_frames_are_built_once_per_extract():
    x = small_extract()
    for build in (referral_history, assessment_durations, cp_plan_history):
        assert build(x) is build(x)
    # R2's earlier referral is R1, found whatever the row order of the table.
    h = referral_history(x).set_index("cine_referral_id")
    assert h.loc["R2", "previous_referral_id"] == "R1"
    assert pd.isna(h.loc["R1", "previous_referral_id"])


def test_open_at_the_end_convention():
    start = pd.Series(pd.to_datetime(["2025-09-30", "2025-01-01", "2025-01-01", "2025-10-01"]))
    end = pd.Series(pd.to_datetime([None, "2025-09-30", "2025-10-01", None]))
    # started on the day: open; ended on the day: closed; ends after: open; not started.
    assert list(open_at(start, end, pd.Timestamp("2025-09-30"))) == [True, False, True, False]


def test_one_row_per_child_keeps_the_earliest_record_and_counts():
    records = pd.DataFrame({
        "person": pd.array(["B", "A", "B", "A", "C"], dtype="string"),
        "date": pd.to_datetime(["2025-02-01", "2025-03-01", "2025-01-01", "2025-03-01",
                                "2025-05-01"]),
        "rid": pd.array(["b2", "a9", "b1", "a1", "c1"], dtype="string"),
    })
    got = one_row_per_child(records, "person", "date", "rid", "n")
    # A: two on 1 Mar -> the smaller id a1; B: b1 (1 Jan) before b2; C alone.
    assert list(got["person"]) == ["A", "B", "C"]
    assert list(got["rid"]) == ["a1", "b1", "c1"]
    assert list(got["n"]) == [2, 2, 1]
