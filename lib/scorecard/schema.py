"""The input contract in one place: every table, column, type and key column the workbook reads.

Everything that needs to know about the shape of an extract (the loader, the validator, the
synthetic generator, the measures' availability checks) reads it from here. Names are the
Standard Safeguarding Dataset's own, so an authority running the SSD exports with no mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Column kinds. `id` and `code` are strings (ids keep leading zeros), `date` becomes
# datetime64[ns] with any time part dropped, `flag` is Y/N (True only for Y after trimming and
# upper-casing), `number` is float.
ID, CODE, DATE, FLAG, NUMBER, TEXT = "id", "code", "date", "flag", "number", "text"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    key: bool = False  # required when the table is present (values may still be blank)


@dataclass(frozen=True)
class Table:
    name: str
    primary_key: str
    person_key: str | None  # the column holding the child's pseudonymous id, if any
    columns: tuple[Column, ...]
    description: str = ""
    local: bool = False  # one of the two local (non-SSD) tables
    # Rules of time, checked by the validator: (start column, end column) pairs where an end
    # before its start excludes the record, and the record's own event dates, which may not lie
    # after the extract date. Due dates are deliberately not event dates.
    start_end: tuple[tuple[str, str], ...] = ()
    event_dates: tuple[str, ...] = ()
    end_dates: tuple[str, ...] = ()  # an end after the extract date is treated as still open
    foreign_keys: tuple[tuple[str, str, str], ...] = field(default=())  # (column, table, column)

    @property
    def file_stem(self) -> str:
        return self.name

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name}")

    @property
    def key_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.key)

    @property
    def optional_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if not c.key)

    def columns_of_kind(self, kind: str) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.kind == kind)


def _t(name, pk, person, cols, **kw) -> Table:
    columns = tuple(Column(n, k, key) for n, k, key in cols)
    return Table(name, pk, person, columns, **kw)


K = True  # key column marker, for readability below
O = False

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        _t("ssd_person", "pers_person_id", "pers_person_id", [
            ("pers_person_id", ID, K), ("pers_sex", CODE, O), ("pers_ethnicity", CODE, O),
            ("pers_dob", DATE, K),
        ], description="children (one row per person)"),
        _t("ssd_contacts", "cont_contact_id", "cont_person_id", [
            ("cont_contact_id", ID, K), ("cont_person_id", ID, K), ("cont_contact_date", DATE, K),
            ("cont_contact_source_code", CODE, O),
        ], description="contacts", event_dates=("cont_contact_date",)),
        _t("ssd_cin_episodes", "cine_referral_id", "cine_person_id", [
            ("cine_referral_id", ID, K), ("cine_person_id", ID, K), ("cine_referral_date", DATE, K),
            ("cine_cin_primary_need_code", CODE, O), ("cine_referral_source_code", CODE, O),
            ("cine_referral_nfa", FLAG, O), ("cine_close_date", DATE, K),
            ("cine_close_reason", CODE, O), ("cine_referral_team", TEXT, O),
        ], description="referrals and CIN episodes",
           start_end=(("cine_referral_date", "cine_close_date"),),
           event_dates=("cine_referral_date",), end_dates=("cine_close_date",)),
        _t("ssd_cin_assessments", "cina_assessment_id", "cina_person_id", [
            ("cina_assessment_id", ID, K), ("cina_person_id", ID, K), ("cina_referral_id", ID, O),
            ("cina_assessment_start_date", DATE, K), ("cina_assessment_child_seen", FLAG, O),
            ("cina_assessment_auth_date", DATE, K), ("cina_assessment_outcome_nfa", FLAG, O),
            ("cina_assessment_team", TEXT, O),
        ], description="assessments",
           start_end=(("cina_assessment_start_date", "cina_assessment_auth_date"),),
           event_dates=("cina_assessment_start_date",), end_dates=("cina_assessment_auth_date",),
           foreign_keys=(("cina_referral_id", "ssd_cin_episodes", "cine_referral_id"),)),
        _t("ssd_cin_plans", "cinp_cin_plan_id", "cinp_person_id", [
            ("cinp_cin_plan_id", ID, K), ("cinp_referral_id", ID, O), ("cinp_person_id", ID, K),
            ("cinp_cin_plan_start_date", DATE, K), ("cinp_cin_plan_end_date", DATE, K),
        ], description="CIN plans",
           start_end=(("cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),),
           event_dates=("cinp_cin_plan_start_date",), end_dates=("cinp_cin_plan_end_date",),
           foreign_keys=(("cinp_referral_id", "ssd_cin_episodes", "cine_referral_id"),)),
        _t("ssd_cin_visits", "cinv_cin_visit_id", "cinv_person_id", [
            ("cinv_cin_visit_id", ID, K), ("cinv_person_id", ID, K), ("cinv_cin_visit_date", DATE, K),
            ("cinv_cin_visit_seen", FLAG, O), ("cinv_cin_visit_seen_alone", FLAG, O),
        ], description="CIN visits", event_dates=("cinv_cin_visit_date",)),
        _t("ssd_s47_enquiry", "s47e_s47_enquiry_id", "s47e_person_id", [
            ("s47e_s47_enquiry_id", ID, K), ("s47e_referral_id", ID, O), ("s47e_person_id", ID, K),
            ("s47e_s47_start_date", DATE, K), ("s47e_s47_end_date", DATE, O),
            ("s47e_s47_nfa", FLAG, O),
        ], description="section 47 enquiries",
           start_end=(("s47e_s47_start_date", "s47e_s47_end_date"),),
           event_dates=("s47e_s47_start_date",), end_dates=("s47e_s47_end_date",),
           foreign_keys=(("s47e_referral_id", "ssd_cin_episodes", "cine_referral_id"),)),
        _t("ssd_initial_cp_conference", "icpc_icpc_id", "icpc_person_id", [
            ("icpc_icpc_id", ID, K), ("icpc_s47_enquiry_id", ID, O), ("icpc_person_id", ID, K),
            ("icpc_cp_plan_id", ID, O), ("icpc_referral_id", ID, O),
            ("icpc_icpc_transfer_in", FLAG, O), ("icpc_icpc_date", DATE, K),
            ("icpc_icpc_outcome_cp_flag", FLAG, O),
        ], description="initial child protection conferences", event_dates=("icpc_icpc_date",),
           foreign_keys=(("icpc_s47_enquiry_id", "ssd_s47_enquiry", "s47e_s47_enquiry_id"),
                         ("icpc_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id"))),
        _t("ssd_cp_plans", "cppl_cp_plan_id", "cppl_person_id", [
            ("cppl_cp_plan_id", ID, K), ("cppl_referral_id", ID, O), ("cppl_icpc_id", ID, O),
            ("cppl_person_id", ID, K), ("cppl_cp_plan_start_date", DATE, K),
            ("cppl_cp_plan_end_date", DATE, K), ("cppl_cp_plan_initial_category", CODE, O),
            ("cppl_cp_plan_latest_category", CODE, O),
        ], description="child protection plans",
           start_end=(("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),),
           event_dates=("cppl_cp_plan_start_date",), end_dates=("cppl_cp_plan_end_date",)),
        _t("ssd_cp_visits", "cppv_cp_visit_id", "cppv_person_id", [
            ("cppv_cp_visit_id", ID, K), ("cppv_person_id", ID, K), ("cppv_cp_plan_id", ID, O),
            ("cppv_cp_visit_date", DATE, K), ("cppv_cp_visit_seen", FLAG, O),
            ("cppv_cp_visit_seen_alone", FLAG, O),
        ], description="child protection visits", event_dates=("cppv_cp_visit_date",),
           foreign_keys=(("cppv_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id"),)),
        _t("ssd_cp_reviews", "cppr_cp_review_id", "cppr_person_id", [
            ("cppr_cp_review_id", ID, K), ("cppr_person_id", ID, K), ("cppr_cp_plan_id", ID, O),
            ("cppr_cp_review_due", DATE, K), ("cppr_cp_review_date", DATE, K),
        ], description="child protection reviews", event_dates=("cppr_cp_review_date",),
           foreign_keys=(("cppr_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id"),)),
        _t("ssd_cla_episodes", "clae_cla_episode_id", "clae_person_id", [
            ("clae_cla_episode_id", ID, K), ("clae_person_id", ID, K), ("clae_cla_id", ID, O),
            ("clae_cla_episode_start_date", DATE, K), ("clae_cla_episode_start_reason", CODE, O),
            ("clae_cla_episode_ceased_date", DATE, K), ("clae_cla_episode_ceased_reason", CODE, O),
            ("clae_entered_care_date", DATE, O),
        ], description="looked-after episodes",
           start_end=(("clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),),
           event_dates=("clae_cla_episode_start_date",),
           end_dates=("clae_cla_episode_ceased_date",)),
        _t("ssd_legal_status", "lega_legal_status_id", "lega_person_id", [
            ("lega_legal_status_id", ID, K), ("lega_person_id", ID, K), ("lega_legal_status", CODE, K),
            ("lega_legal_status_start_date", DATE, K), ("lega_legal_status_end_date", DATE, K),
        ], description="legal statuses",
           start_end=(("lega_legal_status_start_date", "lega_legal_status_end_date"),),
           event_dates=("lega_legal_status_start_date",),
           end_dates=("lega_legal_status_end_date",)),
        _t("ssd_cla_placement", "clap_cla_placement_id", "clap_person_id", [
            ("clap_cla_placement_id", ID, K), ("clap_cla_id", ID, O), ("clap_person_id", ID, K),
            ("clap_cla_placement_start_date", DATE, K), ("clap_cla_placement_end_date", DATE, K),
            ("clap_cla_placement_type", CODE, O), ("clap_cla_placement_provider", CODE, O),
            ("clap_cla_placement_postcode", TEXT, O), ("clap_cla_placement_change_reason", CODE, O),
        ], description="placements",
           start_end=(("clap_cla_placement_start_date", "clap_cla_placement_end_date"),),
           event_dates=("clap_cla_placement_start_date",),
           end_dates=("clap_cla_placement_end_date",)),
        _t("ssd_cla_visits", "clav_cla_visit_id", "clav_person_id", [
            ("clav_cla_visit_id", ID, K), ("clav_cla_id", ID, O), ("clav_person_id", ID, K),
            ("clav_cla_visit_date", DATE, K), ("clav_cla_visit_seen", FLAG, O),
            ("clav_cla_visit_seen_alone", FLAG, O),
        ], description="looked-after visits", event_dates=("clav_cla_visit_date",),
           foreign_keys=(("clav_cla_id", "ssd_cla_episodes", "clae_cla_id"),)),
        _t("ssd_cla_reviews", "clar_cla_review_id", None, [
            ("clar_cla_review_id", ID, K), ("clar_cla_id", ID, K),
            ("clar_cla_review_due_date", DATE, K), ("clar_cla_review_date", DATE, K),
            ("clar_cla_review_cancelled", FLAG, O),
        ], description="looked-after reviews", event_dates=("clar_cla_review_date",)),
        _t("ssd_cla_health", "clah_health_check_id", "clah_person_id", [
            ("clah_health_check_id", ID, K), ("clah_person_id", ID, K),
            ("clah_health_check_type", CODE, K), ("clah_health_check_date", DATE, K),
        ], description="health checks", event_dates=("clah_health_check_date",)),
        _t("ssd_missing", "miss_table_id", "miss_person_id", [
            ("miss_table_id", ID, K), ("miss_person_id", ID, K), ("miss_missing_episode_type", CODE, O),
            ("miss_missing_episode_start_date", DATE, K), ("miss_missing_episode_end_date", DATE, K),
            ("miss_missing_rhi_offered", FLAG, O), ("miss_missing_rhi_accepted", FLAG, O),
        ], description="missing episodes",
           start_end=(("miss_missing_episode_start_date", "miss_missing_episode_end_date"),),
           event_dates=("miss_missing_episode_start_date",),
           end_dates=("miss_missing_episode_end_date",)),
        _t("ssd_care_leavers", "clea_table_id", "clea_person_id", [
            ("clea_table_id", ID, K), ("clea_person_id", ID, K),
            ("clea_care_leaver_eligibility", CODE, O), ("clea_care_leaver_in_touch", CODE, O),
            ("clea_care_leaver_latest_contact", DATE, O), ("clea_care_leaver_accommodation", CODE, O),
            ("clea_care_leaver_accom_suitable", CODE, O), ("clea_care_leaver_activity", CODE, O),
            ("clea_pathway_plan_review_date", DATE, O),
        ], description="care leavers (current state)",
           event_dates=("clea_care_leaver_latest_contact", "clea_pathway_plan_review_date")),
        _t("ssd_permanence", "perm_table_id", "perm_person_id", [
            ("perm_table_id", ID, K), ("perm_person_id", ID, K), ("perm_cla_id", ID, O),
            ("perm_adm_decision_date", DATE, O), ("perm_placement_order_date", DATE, O),
            ("perm_matched_date", DATE, O), ("perm_placed_for_adoption_date", DATE, O),
            ("perm_adopted_by_carer_flag", FLAG, O), ("perm_placed_foster_carer_date", DATE, O),
            ("perm_decision_reversed_date", DATE, O), ("perm_permanence_order_date", DATE, O),
            ("perm_permanence_order_type", CODE, O),
        ], description="permanence and adoption",
           event_dates=("perm_adm_decision_date", "perm_placement_order_date", "perm_matched_date",
                        "perm_placed_for_adoption_date", "perm_placed_foster_carer_date",
                        "perm_permanence_order_date")),
        _t("ssd_professionals", "prof_professional_id", None, [
            ("prof_professional_id", ID, K), ("prof_professional_job_title", TEXT, O),
            ("prof_professional_department", TEXT, O), ("prof_full_time_equivalency", NUMBER, O),
            ("prof_agency_worker_flag", FLAG, O),
        ], description="professionals (workers)"),
        _t("ssd_involvements", "invo_involvements_id", "invo_person_id", [
            ("invo_involvements_id", ID, K), ("invo_professional_id", ID, K),
            ("invo_professional_role_id", CODE, O), ("invo_professional_team", TEXT, O),
            ("invo_involvement_start_date", DATE, K), ("invo_involvement_end_date", DATE, K),
            ("invo_person_id", ID, K), ("invo_referral_id", ID, O),
        ], description="worker involvements",
           start_end=(("invo_involvement_start_date", "invo_involvement_end_date"),),
           event_dates=("invo_involvement_start_date",), end_dates=("invo_involvement_end_date",),
           foreign_keys=(("invo_professional_id", "ssd_professionals", "prof_professional_id"),)),
        _t("ssd_ehcp_requests", "ehcr_ehcp_request_id", None, [
            ("ehcr_ehcp_request_id", ID, K), ("ehcr_send_table_id", ID, O), ("ehcr_ehcp_req_date", DATE, K),
            ("ehcr_ehcp_req_outcome_date", DATE, O), ("ehcr_ehcp_req_outcome", CODE, O),
        ], description="EHC needs assessment requests",
           start_end=(("ehcr_ehcp_req_date", "ehcr_ehcp_req_outcome_date"),),
           event_dates=("ehcr_ehcp_req_date", "ehcr_ehcp_req_outcome_date")),
        _t("ssd_ehcp_assessment", "ehca_ehcp_assessment_id", None, [
            ("ehca_ehcp_assessment_id", ID, K), ("ehca_ehcp_request_id", ID, K),
            ("ehca_ehcp_assessment_outcome_date", DATE, O), ("ehca_ehcp_assessment_outcome", CODE, O),
            ("ehca_ehcp_assessment_exceptions", FLAG, O),
        ], description="EHC needs assessments",
           event_dates=("ehca_ehcp_assessment_outcome_date",),
           foreign_keys=(("ehca_ehcp_request_id", "ssd_ehcp_requests", "ehcr_ehcp_request_id"),)),
        _t("ssd_ehcp_named_plan", "ehcn_named_plan_id", None, [
            ("ehcn_named_plan_id", ID, K), ("ehcn_ehcp_asmt_id", ID, K),
            ("ehcn_named_plan_start_date", DATE, K), ("ehcn_named_plan_ceased_date", DATE, O),
        ], description="EHC plans issued",
           start_end=(("ehcn_named_plan_start_date", "ehcn_named_plan_ceased_date"),),
           event_dates=("ehcn_named_plan_start_date",), end_dates=("ehcn_named_plan_ceased_date",),
           foreign_keys=(("ehcn_ehcp_asmt_id", "ssd_ehcp_assessment", "ehca_ehcp_assessment_id"),)),
        _t("local_supervisions", "supervision_id", None, [
            ("supervision_id", ID, K), ("professional_id", ID, K), ("supervision_date", DATE, K),
        ], description="social worker supervisions (local table)", local=True,
           event_dates=("supervision_date",),
           foreign_keys=(("professional_id", "ssd_professionals", "prof_professional_id"),)),
        _t("local_case_audits", "audit_id", "person_id", [
            ("audit_id", ID, K), ("person_id", ID, O), ("audit_date", DATE, K),
            ("audit_grade", TEXT, K),
        ], description="case audits (local table)", local=True, event_dates=("audit_date",)),
    ]
}

# Direct identifiers: an extract carrying any of these columns is refused (EXTRACT.md).
FORBIDDEN_COLUMNS: frozenset[str] = frozenset({
    "pers_forename", "pers_surname", "pers_common_child_id", "pers_upn", "pers_legacy_id",
    "send_upn", "send_uln", "addr_address_json", "link_identifier_value",
    "prof_professional_name", "prof_staff_id", "prof_social_worker_registration_no",
})

# A full unit postcode (refused) as opposed to a sector such as "AB12 3" (allowed).
FULL_POSTCODE_PATTERN = r"^\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\s*$"

# Foreign keys whose orphans are only suspect, never excluded: visits belong to the child.
SUSPECT_ONLY_FOREIGN_KEYS: frozenset[tuple[str, str]] = frozenset({
    ("ssd_cp_visits", "cppv_cp_plan_id"),
    ("ssd_cla_visits", "clav_cla_id"),
})

# Allowed values of coded columns; any other non-blank value is listed as suspect (still counted).
KNOWN_CODES: dict[tuple[str, str], frozenset[str]] = {
    ("ssd_cla_episodes", "clae_cla_episode_start_reason"): frozenset("SLPBTU"),
    ("ssd_cla_health", "clah_health_check_type"): frozenset({"IHA", "RHA", "DENTAL"}),
    ("ssd_involvements", "invo_professional_role_id"): frozenset({"SW", "IRO", "PA"}),
    ("ssd_care_leavers", "clea_care_leaver_in_touch"):
        frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"}),
    ("ssd_care_leavers", "clea_care_leaver_accom_suitable"): frozenset({"1", "2"}),
    ("local_case_audits", "audit_grade"):
        frozenset({"Outstanding", "Good", "Requires improvement", "Inadequate"}),
}


def table(name: str) -> Table:
    return TABLES[name]
