"""Scale 1 is a mid-sized authority: volumes in the last full year, and stocks on the extract
date, within 15% of the brief's targets, counted straight from the CSV files."""

from __future__ import annotations

import pandas as pd
import pytest

EXTRACT = pd.Timestamp("2025-10-07")
YEAR_START = EXTRACT - pd.DateOffset(years=1)  # the 12 months (2024-10-07, 2025-10-07]

# Scale 1 targets (the brief; England's rates for 80,000 children aged 0-17).
FLOWS = {
    "contacts": 16_000, "referrals": 4_150, "assessments": 4_250, "s47": 1_500,
    "conferences": 470, "cp_plans": 400, "cla_starts": 200,
}
STOCKS = {"on_a_plan": 330, "looked_after": 535}


def dates(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s.replace("", None))


def in_year(s: pd.Series) -> pd.Series:
    d = dates(s)
    return (d > YEAR_START) & (d <= EXTRACT)


def short_break_children(raw) -> set[str]:
    legal = raw["ssd_legal_status"]
    kinds = legal.groupby("lega_person_id")["lega_legal_status"].agg(set)
    return set(kinds[kinds.map(lambda s: s <= {"V3", "V4"})].index)


@pytest.fixture(scope="module")
def flows(raw) -> dict[str, int]:
    e = raw["ssd_cla_episodes"]
    starts = e[(e["clae_cla_episode_start_reason"] == "S")
               & in_year(e["clae_cla_episode_start_date"])]
    starts = starts[~starts["clae_person_id"].isin(short_break_children(raw))]
    return {
        "contacts": int(in_year(raw["ssd_contacts"]["cont_contact_date"]).sum()),
        "referrals": int(in_year(raw["ssd_cin_episodes"]["cine_referral_date"]).sum()),
        "assessments": int(in_year(raw["ssd_cin_assessments"]["cina_assessment_start_date"]).sum()),
        "s47": int(in_year(raw["ssd_s47_enquiry"]["s47e_s47_start_date"]).sum()),
        "conferences": int(in_year(raw["ssd_initial_cp_conference"]["icpc_icpc_date"]).sum()),
        "cp_plans": int(in_year(raw["ssd_cp_plans"]["cppl_cp_plan_start_date"]).sum()),
        "cla_starts": starts["clae_person_id"].nunique(),
    }


@pytest.mark.parametrize("what", FLOWS)
def test_a_year_of_activity_is_a_mid_sized_authoritys(flows, what):
    assert abs(flows[what] / FLOWS[what] - 1) <= 0.15, (what, flows[what])


def open_on(start: pd.Series, end: pd.Series, day: pd.Timestamp) -> pd.Series:
    s, e = dates(start), dates(end)
    return (s <= day) & (e.isna() | (e > day))


def test_children_on_a_plan_and_looked_after_on_the_extract_date(raw):
    p = raw["ssd_cp_plans"]
    on_plan = p.loc[open_on(p["cppl_cp_plan_start_date"], p["cppl_cp_plan_end_date"], EXTRACT),
                    "cppl_person_id"].nunique()
    e = raw["ssd_cla_episodes"]
    looked_after = set(e.loc[open_on(e["clae_cla_episode_start_date"],
                                     e["clae_cla_episode_ceased_date"], EXTRACT),
                             "clae_person_id"]) - short_break_children(raw)
    assert abs(on_plan / STOCKS["on_a_plan"] - 1) <= 0.15, on_plan
    assert abs(len(looked_after) / STOCKS["looked_after"] - 1) <= 0.15, len(looked_after)


def test_workforce_is_170_social_workers_and_8_iros_with_caseloads_near_englands(raw):
    prof = raw["ssd_professionals"]
    titles = prof["prof_professional_job_title"].value_counts()
    social_workers = titles[["Social Worker", "Senior Social Worker",
                             "Advanced Practitioner"]].sum()
    assert social_workers == 170
    assert titles["Independent Reviewing Officer"] == 8
    inv = raw["ssd_involvements"]
    sw = inv[(inv["invo_professional_role_id"] == "SW")
             & open_on(inv["invo_involvement_start_date"], inv["invo_involvement_end_date"],
                       EXTRACT)]
    caseloads = sw.groupby("invo_professional_id")["invo_person_id"].nunique()
    assert 160 <= len(caseloads) <= 170  # nearly every social worker holds cases
    assert 13 <= caseloads.mean() <= 19
    agency = (prof["prof_agency_worker_flag"] == "Y").mean()
    assert 0.1 <= agency <= 0.25


def test_only_a_fraction_of_the_80000_children_appear(raw):
    people = len(raw["ssd_person"])
    assert 20_000 <= people <= 60_000
