"""A small extract that breaks no rule: every table, every column, a record or two each.

Extract date 2025-10-07. Two children: P1 (a referral, assessment, CIN plan) and P2 (S47, ICPC,
CP plan, then looked after). Ids are linked the way the SSD links them, so every reference
resolves, every end is after its start, no event is after the extract date, and the one CP review
is due after the extract date (normal). The bad-input tests copy it and damage one thing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import yaml

EXTRACT_DATE = "2025-10-07"
META = {"la_code": "E99000009", "la_name": "Testshire", "extract_date": EXTRACT_DATE,
        "source": "tests/extract/clean_extract.py", "anonymised": True}

ROWS: dict[str, list[dict[str, str]]] = {
    "ssd_person": [
        {"pers_person_id": "P1", "pers_sex": "M", "pers_ethnicity": "WBRI",
         "pers_dob": "2015-03-01"},
        {"pers_person_id": "P2", "pers_sex": "F", "pers_ethnicity": "MWBC",
         "pers_dob": "2010-07-01"},
    ],
    "ssd_contacts": [
        {"cont_contact_id": "C1", "cont_person_id": "P1", "cont_contact_date": "2025-07-01",
         "cont_contact_source_code": "1A"},
        {"cont_contact_id": "C2", "cont_person_id": "P2", "cont_contact_date": "2025-07-02",
         "cont_contact_source_code": "1B"},
    ],
    "ssd_cin_episodes": [
        {"cine_referral_id": "R1", "cine_person_id": "P1", "cine_referral_date": "2025-07-02",
         "cine_cin_primary_need_code": "N1", "cine_referral_source_code": "1A",
         "cine_referral_nfa": "N", "cine_close_date": "", "cine_close_reason": "",
         "cine_referral_team": "Team A"},
        {"cine_referral_id": "R2", "cine_person_id": "P2", "cine_referral_date": "2025-07-03",
         "cine_cin_primary_need_code": "N1", "cine_referral_source_code": "1B",
         "cine_referral_nfa": "N", "cine_close_date": "", "cine_close_reason": "",
         "cine_referral_team": "Team B"},
    ],
    "ssd_cin_assessments": [
        {"cina_assessment_id": "A1", "cina_person_id": "P1", "cina_referral_id": "R1",
         "cina_assessment_start_date": "2025-07-03", "cina_assessment_child_seen": "Y",
         "cina_assessment_auth_date": "2025-08-01", "cina_assessment_outcome_nfa": "N",
         "cina_assessment_team": "Team A"},
    ],
    "ssd_cin_plans": [
        {"cinp_cin_plan_id": "CIN1", "cinp_referral_id": "R1", "cinp_person_id": "P1",
         "cinp_cin_plan_start_date": "2025-08-05", "cinp_cin_plan_end_date": ""},
    ],
    "ssd_cin_visits": [
        {"cinv_cin_visit_id": "CV1", "cinv_person_id": "P1", "cinv_cin_visit_date": "2025-08-10",
         "cinv_cin_visit_seen": "Y", "cinv_cin_visit_seen_alone": "N"},
    ],
    "ssd_s47_enquiry": [
        {"s47e_s47_enquiry_id": "S1", "s47e_referral_id": "R2", "s47e_person_id": "P2",
         "s47e_s47_start_date": "2025-07-05", "s47e_s47_end_date": "2025-07-20",
         "s47e_s47_nfa": "N"},
    ],
    "ssd_initial_cp_conference": [
        {"icpc_icpc_id": "I1", "icpc_s47_enquiry_id": "S1", "icpc_person_id": "P2",
         "icpc_cp_plan_id": "CP1", "icpc_referral_id": "R2", "icpc_icpc_transfer_in": "N",
         "icpc_icpc_date": "2025-07-25", "icpc_icpc_outcome_cp_flag": "Y"},
    ],
    "ssd_cp_plans": [
        {"cppl_cp_plan_id": "CP1", "cppl_referral_id": "R2", "cppl_icpc_id": "I1",
         "cppl_person_id": "P2", "cppl_cp_plan_start_date": "2025-07-25",
         "cppl_cp_plan_end_date": "2025-08-10", "cppl_cp_plan_initial_category": "NEG",
         "cppl_cp_plan_latest_category": "NEG"},
    ],
    "ssd_cp_visits": [
        {"cppv_cp_visit_id": "CPV1", "cppv_person_id": "P2", "cppv_cp_plan_id": "CP1",
         "cppv_cp_visit_date": "2025-08-01", "cppv_cp_visit_seen": "Y",
         "cppv_cp_visit_seen_alone": "Y"},
    ],
    "ssd_cp_reviews": [
        {"cppr_cp_review_id": "CPR1", "cppr_person_id": "P2", "cppr_cp_plan_id": "CP1",
         "cppr_cp_review_due": "2025-10-25", "cppr_cp_review_date": ""},
    ],
    "ssd_cla_episodes": [
        {"clae_cla_episode_id": "E1", "clae_person_id": "P2", "clae_cla_id": "CLA1",
         "clae_cla_episode_start_date": "2025-08-10", "clae_cla_episode_start_reason": "S",
         "clae_cla_episode_ceased_date": "", "clae_cla_episode_ceased_reason": "",
         "clae_entered_care_date": "2025-08-10"},
    ],
    "ssd_legal_status": [
        {"lega_legal_status_id": "L1", "lega_person_id": "P2", "lega_legal_status": "C2",
         "lega_legal_status_start_date": "2025-08-10", "lega_legal_status_end_date": ""},
    ],
    "ssd_cla_placement": [
        {"clap_cla_placement_id": "PL1", "clap_cla_id": "CLA1", "clap_person_id": "P2",
         "clap_cla_placement_start_date": "2025-08-10", "clap_cla_placement_end_date": "",
         "clap_cla_placement_type": "U1", "clap_cla_placement_provider": "PR1",
         "clap_cla_placement_postcode": "AB12 3", "clap_cla_placement_change_reason": ""},
    ],
    "ssd_cla_visits": [
        {"clav_cla_visit_id": "CLV1", "clav_cla_id": "CLA1", "clav_person_id": "P2",
         "clav_cla_visit_date": "2025-09-01", "clav_cla_visit_seen": "Y",
         "clav_cla_visit_seen_alone": "N"},
    ],
    "ssd_cla_reviews": [
        {"clar_cla_review_id": "CLR1", "clar_cla_id": "CLA1",
         "clar_cla_review_due_date": "2025-09-08", "clar_cla_review_date": "2025-09-08",
         "clar_cla_review_cancelled": "N"},
    ],
    "ssd_cla_health": [
        {"clah_health_check_id": "H1", "clah_person_id": "P2", "clah_health_check_type": "IHA",
         "clah_health_check_date": "2025-08-20"},
    ],
    "ssd_missing": [
        {"miss_table_id": "M1", "miss_person_id": "P2", "miss_missing_episode_type": "Missing",
         "miss_missing_episode_start_date": "2025-09-10",
         "miss_missing_episode_end_date": "2025-09-11", "miss_missing_rhi_offered": "Y",
         "miss_missing_rhi_accepted": "N"},
    ],
    "ssd_care_leavers": [
        {"clea_table_id": "CL1", "clea_person_id": "P1",
         "clea_care_leaver_eligibility": "Former relevant", "clea_care_leaver_in_touch": "YES",
         "clea_care_leaver_latest_contact": "2025-09-01", "clea_care_leaver_accommodation": "B",
         "clea_care_leaver_accom_suitable": "1", "clea_care_leaver_activity": "F1",
         "clea_pathway_plan_review_date": "2025-06-01"},
    ],
    "ssd_permanence": [
        {"perm_table_id": "PM1", "perm_person_id": "P2", "perm_cla_id": "CLA1",
         "perm_adm_decision_date": "", "perm_placement_order_date": "", "perm_matched_date": "",
         "perm_placed_for_adoption_date": "", "perm_adopted_by_carer_flag": "N",
         "perm_placed_foster_carer_date": "", "perm_decision_reversed_date": "",
         "perm_permanence_order_date": "", "perm_permanence_order_type": ""},
    ],
    "ssd_professionals": [
        {"prof_professional_id": "W1", "prof_professional_job_title": "Social worker",
         "prof_professional_department": "Children", "prof_full_time_equivalency": "1.0",
         "prof_agency_worker_flag": "N"},
    ],
    "ssd_involvements": [
        {"invo_involvements_id": "IN1", "invo_professional_id": "W1",
         "invo_professional_role_id": "SW", "invo_professional_team": "Team A",
         "invo_involvement_start_date": "2025-07-02", "invo_involvement_end_date": "",
         "invo_person_id": "P1", "invo_referral_id": "R1"},
    ],
    "ssd_ehcp_requests": [
        {"ehcr_ehcp_request_id": "ER1", "ehcr_send_table_id": "SEND1",
         "ehcr_ehcp_req_date": "2025-03-01", "ehcr_ehcp_req_outcome_date": "2025-04-01",
         "ehcr_ehcp_req_outcome": "Y"},
    ],
    "ssd_ehcp_assessment": [
        {"ehca_ehcp_assessment_id": "EA1", "ehca_ehcp_request_id": "ER1",
         "ehca_ehcp_assessment_outcome_date": "2025-07-01", "ehca_ehcp_assessment_outcome": "Y",
         "ehca_ehcp_assessment_exceptions": "N"},
    ],
    "ssd_ehcp_named_plan": [
        {"ehcn_named_plan_id": "EN1", "ehcn_ehcp_asmt_id": "EA1",
         "ehcn_named_plan_start_date": "2025-07-15", "ehcn_named_plan_ceased_date": ""},
    ],
    "local_supervisions": [
        {"supervision_id": "SUP1", "professional_id": "W1", "supervision_date": "2025-09-15"},
    ],
    "local_case_audits": [
        {"audit_id": "AU1", "person_id": "P1", "audit_date": "2025-09-20", "audit_grade": "Good"},
    ],
}


def rows() -> dict[str, list[dict[str, str]]]:
    """A fresh copy, safe to damage."""
    return {t: [dict(r) for r in rs] for t, rs in ROWS.items()}


def frame(records: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(records, dtype="string")


def write_meta(folder: Path, meta: dict | None = None) -> None:
    text = yaml.safe_dump(META if meta is None else meta, sort_keys=False)
    (folder / "extract.yaml").write_text(text, encoding="utf-8")


def write_csv(folder: Path, table: str, records: list[dict[str, str]]) -> Path:
    path = folder / f"{table}.csv"
    frame(records).to_csv(path, index=False, lineterminator="\n")
    return path


def write_extract(folder: Path, tables: dict[str, list[dict[str, str]]] | None = None,
                  meta: dict | None = None) -> Path:
    """The clean extract (or `tables`) as CSV files plus extract.yaml in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, records in (ROWS if tables is None else tables).items():
        write_csv(folder, table, records)
    write_meta(folder, meta)
    return folder


def copy_extract(source: Path, folder: Path) -> Path:
    shutil.copytree(source, folder)
    return folder
