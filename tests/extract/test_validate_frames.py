"""validate_frames on hand-made frames (tests/micro.py style): rules, typing, the registry."""

from __future__ import annotations

import pandas as pd
import pytest

from micro import micro
from scorecard import schema
from scorecard.errors import ExtractRefused
from scorecard.extract.quality import PARTIAL_EXCLUSION_RULES, data_quality_summary, table_counts
from scorecard.extract.validate import RECORD_DATES, validate_frames

PERSONS = [{"pers_person_id": "A", "pers_dob": "2015-03-01"},
           {"pers_person_id": "B", "pers_dob": ""}]


def dq(x) -> list[tuple[str, ...]]:
    return [tuple(r) for r in x.data_quality.itertuples(index=False)]


def test_typed_columns_have_the_schema_kinds():
    x = micro(ssd_cin_assessments=[{
        "cina_assessment_id": "007", "cina_person_id": " A ", "cina_referral_id": "",
        "cina_assessment_start_date": "2025-07-01", "cina_assessment_child_seen": "y",
        "cina_assessment_auth_date": "", "cina_assessment_outcome_nfa": "N",
    }])
    a = x.tables["ssd_cin_assessments"]
    assert a.dtypes.astype(str).to_dict() == {
        "cina_assessment_id": "string", "cina_person_id": "string", "cina_referral_id": "string",
        "cina_assessment_start_date": "datetime64[ns]", "cina_assessment_child_seen": "bool",
        "cina_assessment_auth_date": "datetime64[ns]", "cina_assessment_outcome_nfa": "bool",
    }
    row = a.iloc[0]
    assert (row.cina_assessment_id, row.cina_person_id) == ("007", "A")
    assert pd.isna(row.cina_referral_id) and pd.isna(row.cina_assessment_auth_date)
    assert (row.cina_assessment_child_seen, row.cina_assessment_outcome_nfa) == (True, False)
    # the team column was not given: missing, so the measures reading it are switched off
    assert x.missing_columns == {"ssd_cin_assessments": {"cina_assessment_team"}}


def test_a_frame_without_a_file_is_named_as_a_table_in_refusals():
    with pytest.raises(ExtractRefused) as e:
        micro(ssd_contacts=[{"cont_contact_id": "1", "cont_person_id": "A"}])
    assert str(e.value) == (
        "table ssd_contacts: the key column cont_contact_date is missing; a present ssd_contacts "
        "table must have cont_contact_id, cont_person_id, cont_contact_date (EXTRACT.md)")


def test_person_rules_unknown_is_suspect_blank_is_excluded_blank_dob_is_suspect():
    x = micro(
        ssd_person=PERSONS,
        ssd_contacts=[
            {"cont_contact_id": "1", "cont_person_id": "A", "cont_contact_date": "2025-07-01"},
            {"cont_contact_id": "2", "cont_person_id": "Z", "cont_contact_date": "2025-07-01"},
            {"cont_contact_id": "3", "cont_person_id": "", "cont_contact_date": "2025-07-01"},
        ],
        # person_id is optional in the local audits table: a blank one is fine there
        local_case_audits=[{"audit_id": "X1", "person_id": "", "audit_date": "2025-07-01",
                            "audit_grade": "Good"}],
    )
    assert dq(x) == [
        ("ssd_person", "B", "missing_date_of_birth",
         "line 3: no pers_dob: the child's age cannot be worked out", "suspect", ""),
        ("ssd_contacts", "2", "unknown_person", "line 3: cont_person_id 'Z' is not in ssd_person",
         "suspect", ""),
        ("ssd_contacts", "3", "missing_person_id",
         "line 4: no cont_person_id: the record cannot be attributed to a child", "excluded",
         "FD01"),
    ]
    assert x.tables["ssd_contacts"]["cont_contact_id"].tolist() == ["1", "2"]
    assert len(x.tables["local_case_audits"]) == 1


def test_without_a_person_table_person_ids_are_not_checked():
    x = micro(ssd_contacts=[
        {"cont_contact_id": "1", "cont_person_id": "Z", "cont_contact_date": "2025-07-01"}])
    assert dq(x) == []


def test_a_record_without_its_dating_column_is_excluded_but_a_blank_end_is_open():
    x = micro(ssd_cp_plans=[
        {"cppl_cp_plan_id": "P1", "cppl_person_id": "A", "cppl_cp_plan_start_date": "",
         "cppl_cp_plan_end_date": "2025-01-01"},
        {"cppl_cp_plan_id": "P2", "cppl_person_id": "A", "cppl_cp_plan_start_date": "2025-01-01",
         "cppl_cp_plan_end_date": ""},
    ])
    assert dq(x) == [
        ("ssd_cp_plans", "P1", "missing_date",
         "line 2: no cppl_cp_plan_start_date: the record cannot be placed in time", "excluded",
         "CP03 CP06"),
    ]
    assert x.tables["ssd_cp_plans"]["cppl_cp_plan_id"].tolist() == ["P2"]


def test_a_review_reaching_no_episode_stays_for_la07_to_leave_out():
    episode = {"clae_cla_episode_id": "E1", "clae_person_id": "A", "clae_cla_id": "CA",
               "clae_cla_episode_start_date": "2025-01-01", "clae_cla_episode_ceased_date": ""}
    review = {"clar_cla_review_id": "R1", "clar_cla_id": "CA",
              "clar_cla_review_due_date": "2025-07-01", "clar_cla_review_date": ""}
    x = micro(ssd_cla_episodes=[episode], ssd_cla_reviews=[
        review, dict(review, clar_cla_review_id="R2", clar_cla_id="ZZ"),
        dict(review, clar_cla_review_id="R3", clar_cla_id=""),
    ])
    assert dq(x) == [
        ("ssd_cla_reviews", "R2", "unknown_cla_id",
         "line 3: clar_cla_id 'ZZ' matches no clae_cla_id of a usable record in ssd_cla_episodes: "
         "the review cannot reach its child", "excluded", "LA07"),
        ("ssd_cla_reviews", "R3", "missing_cla_id",
         "line 4: no clar_cla_id: the review cannot reach its child's period of care",
         "excluded", "LA07"),
    ]
    assert x.tables["ssd_cla_reviews"]["clar_cla_review_id"].tolist() == ["R1", "R2", "R3"]
    counts = table_counts(x).set_index("table").loc["ssd_cla_reviews"]
    assert counts.to_dict() == {"rows_read": 3, "used": 3, "excluded": 0, "partly_excluded": 2,
                                "suspect": 0}


def test_a_record_breaking_two_rules_has_two_rows_and_is_counted_once():
    x = micro(ssd_cp_plans=[
        {"cppl_cp_plan_id": "P1", "cppl_person_id": "A", "cppl_cp_plan_start_date": "2025-11-01",
         "cppl_cp_plan_end_date": "2025-10-01"},
    ])
    assert [(r[2], r[4]) for r in dq(x)] == [("end_before_start", "excluded"),
                                             ("event_after_extract_date", "excluded")]
    assert table_counts(x).to_dict("records") == [
        {"table": "ssd_cp_plans", "rows_read": 1, "used": 0, "excluded": 1, "partly_excluded": 0,
         "suspect": 0}]
    assert data_quality_summary(x).to_dict("records") == [
        {"table": "ssd_cp_plans", "rule": "end_before_start", "status": "excluded", "records": 1},
        {"table": "ssd_cp_plans", "rule": "event_after_extract_date", "status": "excluded",
         "records": 1},
    ]


def test_meta_needs_an_iso_extract_date():
    with pytest.raises(ExtractRefused, match="the key extract_date is missing"):
        validate_frames({}, {"la_code": "X"})
    with pytest.raises(ExtractRefused, match="extract_date '2025-02-30' is not a date"):
        validate_frames({}, {"extract_date": "2025-02-30"})


def test_record_dates_name_a_key_date_column_of_their_table():
    for table, column in RECORD_DATES.items():
        c = schema.TABLES[table].column(column)
        assert (c.kind, c.key) == (schema.DATE, True), (table, column)


def test_partial_exclusion_rules_are_the_review_rules():
    assert PARTIAL_EXCLUSION_RULES == {"missing_cla_id", "unknown_cla_id"}


def test_registry_readers(real_registry):
    """Excluded records name every registered measure reading the table (MEASURES.md: FD01
    counts contacts; CP03-CP10 read CP plans)."""
    x = micro(
        ssd_contacts=[{"cont_contact_id": "1", "cont_person_id": "A",
                       "cont_contact_date": "2099-01-01"}],
        ssd_cp_plans=[{"cppl_cp_plan_id": "P1", "cppl_person_id": "A",
                       "cppl_cp_plan_start_date": "2025-02-01",
                       "cppl_cp_plan_end_date": "2025-01-01"}],
    )
    measures = dict(zip(x.data_quality["table"], x.data_quality["measures"]))
    assert "FD01" in measures["ssd_contacts"].split()
    plans = measures["ssd_cp_plans"].split()
    assert {"CP03", "CP06", "CP07", "CP10"} <= set(plans)
    assert plans == sorted(plans)
