"""Each child's records tell one coherent story, checked on the raw scale-1 files.

These go beyond the validator's rules of time: chains of care episodes, plans that follow
conferences that follow enquiries, visits inside plans, review schedules, the untidiness the
generator promises.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scorecard.calendar import wd

EXTRACT = pd.Timestamp("2025-10-07")


def dates(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s.replace("", None))


@pytest.fixture(scope="module")
def episodes(raw) -> pd.DataFrame:
    e = raw["ssd_cla_episodes"].copy()
    e["start"] = dates(e["clae_cla_episode_start_date"])
    e["end"] = dates(e["clae_cla_episode_ceased_date"])
    return e.sort_values(["clae_cla_id", "start"]).reset_index(drop=True)


def test_care_episodes_chain_with_x1_into_periods_of_care(episodes):
    e = episodes
    first = ~e["clae_cla_id"].duplicated()
    last = ~e["clae_cla_id"].duplicated(keep="last")
    # The first episode of a period starts it (S) and carries its entry date.
    assert (e.loc[first, "clae_cla_episode_start_reason"] == "S").all()
    assert (e.loc[~first, "clae_cla_episode_start_reason"].isin(list("LPBTU"))).all()
    assert (dates(e["clae_entered_care_date"]) == e.groupby("clae_cla_id")["start"]
            .transform("min")).all()
    # Every episode but the last ends X1 on the day the next starts; the last ends otherwise.
    inner = e[~last]
    nxt = e["start"].shift(-1)[~last]
    assert (inner["clae_cla_episode_ceased_reason"] == "X1").all()
    assert (inner["end"] == nxt).all()
    closing = e.loc[last, "clae_cla_episode_ceased_reason"]
    assert not (closing == "X1").any()
    assert ((closing == "") == e.loc[last, "end"].isna()).all()
    # One child per period of care; some children have had several periods.
    assert (e.groupby("clae_cla_id")["clae_person_id"].nunique() == 1).all()
    assert (e.groupby("clae_person_id")["clae_cla_id"].nunique() > 1).any()


def test_placements_and_legal_statuses_sit_inside_their_period(raw, episodes):
    period = episodes.groupby("clae_cla_id").agg(start=("start", "min"), end=("end", "max"),
                                                 open=("end", lambda s: s.isna().any()))
    p = raw["ssd_cla_placement"].join(period, on="clap_cla_id")
    p_start = dates(p["clap_cla_placement_start_date"])
    p_end = dates(p["clap_cla_placement_end_date"]).where(lambda s: s <= EXTRACT)
    assert (p_start >= p["start"]).all()
    assert (p_end.isna() | p["open"] | (p_end <= p["end"])).all()
    # Each period's first placement starts with it.
    assert set(p.loc[p_start == p["start"], "clap_cla_id"]) == set(period.index)
    codes = set(p["clap_cla_placement_type"])
    assert {"U1", "U4", "U5", "K2", "P1", "A6"} <= codes
    assert {"PR1", "PR4", "PR5"} <= set(p["clap_cla_placement_provider"])
    assert {"C1", "C2", "E1", "V2", "V3", "V4"} <= set(raw["ssd_legal_status"]["lega_legal_status"])


def test_short_break_children_are_looked_after_under_v3_or_v4_only(raw):
    legal = raw["ssd_legal_status"]
    kinds = legal.groupby("lega_person_id")["lega_legal_status"].agg(set)
    short_only = kinds[kinds.map(lambda s: s <= {"V3", "V4"})]
    assert 5 <= len(short_only) <= 40  # "a few" at scale 1
    assert any(s == {"V3"} for s in short_only) and any(s == {"V4"} for s in short_only)


def test_plans_follow_conferences_that_follow_enquiries(raw):
    plans = raw["ssd_cp_plans"]
    icpc = raw["ssd_initial_cp_conference"].set_index("icpc_icpc_id")
    s47 = raw["ssd_s47_enquiry"].set_index("s47e_s47_enquiry_id")
    q = icpc.loc[plans["cppl_icpc_id"]]
    assert (q["icpc_person_id"].to_numpy() == plans["cppl_person_id"].to_numpy()).all()
    assert (q["icpc_icpc_date"].to_numpy() == plans["cppl_cp_plan_start_date"].to_numpy()).all()
    assert (q["icpc_cp_plan_id"].to_numpy() == plans["cppl_cp_plan_id"].to_numpy()).all()
    # Conferences that are not transfers in link to an S47 of the same child, started before.
    local = icpc[icpc["icpc_icpc_transfer_in"] == "N"]
    linked = s47.loc[local["icpc_s47_enquiry_id"]]
    assert (linked["s47e_person_id"].to_numpy() == local["icpc_person_id"].to_numpy()).all()
    assert (linked["s47e_s47_start_date"].to_numpy() <= local["icpc_icpc_date"].to_numpy()).all()
    transfers = icpc[icpc["icpc_icpc_transfer_in"] == "Y"]
    assert 1 <= len(transfers) <= 0.06 * len(icpc)
    assert (transfers["icpc_s47_enquiry_id"] == "").all()
    # Most conferences lead to a plan; those that do not carry no plan id.
    no_plan = icpc["icpc_icpc_outcome_cp_flag"] == "N"
    assert (icpc.loc[no_plan, "icpc_cp_plan_id"] == "").all()
    assert 0.75 < 1 - no_plan.mean() < 0.95


def test_visits_fall_inside_plans_and_reviews_keep_their_schedule(raw):
    plans = raw["ssd_cp_plans"].set_index("cppl_cp_plan_id")
    visits = raw["ssd_cp_visits"]
    visits = visits[visits["cppv_cp_plan_id"].isin(plans.index)]  # one visit's plan id is lost
    plan = plans.loc[visits["cppv_cp_plan_id"]]
    v = dates(visits["cppv_cp_visit_date"]).to_numpy()
    assert (v >= dates(plan["cppl_cp_plan_start_date"]).to_numpy()).all()
    end = dates(plan["cppl_cp_plan_end_date"]).fillna(EXTRACT).to_numpy()
    assert (v <= end).all()
    # The first review is due 3 months after the plan starts, the next 6 months later.
    reviews = raw["ssd_cp_reviews"].join(plans, on="cppr_cp_plan_id")
    reviews = reviews.sort_values(["cppr_cp_plan_id", "cppr_cp_review_due"])
    first = reviews[~reviews["cppr_cp_plan_id"].duplicated()]
    due = dates(first["cppr_cp_review_due"])
    assert (due == dates(first["cppl_cp_plan_start_date"]) + pd.DateOffset(months=3)).all()
    second = reviews[reviews.groupby("cppr_cp_plan_id").cumcount() == 1]
    assert (dates(second["cppr_cp_review_due"])
            == dates(second["cppl_cp_plan_start_date"]) + pd.DateOffset(months=9)).all()


def test_looked_after_reviews_are_due_20_working_days_after_the_start(raw, episodes):
    start = episodes.groupby("clae_cla_id")["start"].min()
    reviews = raw["ssd_cla_reviews"].copy()
    reviews["due"] = dates(reviews["clar_cla_review_due_date"])
    assert reviews["clar_cla_id"].isin(start.index).all()
    first = reviews.sort_values("due").drop_duplicates("clar_cla_id")
    first = first[first["clar_cla_id"].map(start) >= pd.Timestamp("2021-06-01")]
    gap = wd(first["clar_cla_id"].map(start), first["due"])
    assert (gap == 20).all()
    assert (reviews["clar_cla_review_cancelled"] == "Y").sum() >= 1


def test_children_are_under_18_when_referred_and_born_before_their_contacts(raw):
    dob = dates(raw["ssd_person"].set_index("pers_person_id")["pers_dob"])
    r = raw["ssd_cin_episodes"]
    age = (dates(r["cine_referral_date"]).to_numpy()
           - dob.loc[r["cine_person_id"]].to_numpy()) / np.timedelta64(1, "D") / 365.25
    assert age.min() >= 0 and age.max() < 18
    c = raw["ssd_contacts"]
    born = dob.loc[c["cont_person_id"]].to_numpy()
    assert (dates(c["cont_contact_date"]).to_numpy() >= born).all()


def test_adopted_children_have_their_adoption_dates(raw, episodes):
    adopted = episodes[episodes["clae_cla_episode_ceased_reason"].isin(["E11", "E12"])]
    assert len(adopted) >= 15
    perm = raw["ssd_permanence"].set_index("perm_cla_id")
    rows = perm.loc[adopted["clae_cla_id"]]
    placed = dates(rows["perm_placed_for_adoption_date"]).to_numpy()
    assert (placed <= adopted["end"].to_numpy()).all()
    assert (dates(rows["perm_placement_order_date"]).to_numpy() <= placed).all()
    by_carer = rows["perm_adopted_by_carer_flag"] == "Y"
    assert by_carer.any() and (rows.loc[by_carer, "perm_placed_foster_carer_date"] != "").all()


def test_care_leavers_are_17_to_21_and_mostly_former_relevant(raw):
    leavers = raw["ssd_care_leavers"]
    dob = dates(raw["ssd_person"].set_index("pers_person_id")["pers_dob"])
    born = dob.loc[leavers["clea_person_id"]]
    age = [relativedelta_years(b, EXTRACT) for b in born]
    assert min(age) >= 17 and max(age) <= 21
    share = (leavers["clea_care_leaver_eligibility"] == "Former relevant").mean()
    assert share > 0.6
    assert set(leavers["clea_care_leaver_activity"]) <= {"F1", "P1", "F2", "P2", "F4", "P4",
                                                        "F5", "P5", "G4", "G5", "G6"}


def relativedelta_years(born: pd.Timestamp, on: pd.Timestamp) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_the_mess_real_systems_have(raw):
    c = raw["ssd_contacts"]
    same_day = c.duplicated(["cont_person_id", "cont_contact_date"], keep=False)
    assert same_day.sum() >= 50  # same child, same day, different contact ids
    flags = pd.concat([raw["ssd_cp_visits"]["cppv_cp_visit_seen"],
                       raw["ssd_cla_visits"]["clav_cla_visit_seen_alone"]])
    assert (flags == "y").any() and (flags == " N").any()
    assert (raw["ssd_cp_visits"]["cppv_cp_visit_seen_alone"] == "U").sum() >= 1
    assert (raw["ssd_cla_health"]["clah_health_check_type"] == "OPTICIAN").sum() >= 1
    planned = dates(raw["ssd_cin_plans"]["cinp_cin_plan_end_date"])
    assert (planned > EXTRACT).sum() >= 1
    # Open records, children referred again, children with several plans.
    assert (raw["ssd_cin_episodes"]["cine_close_date"] == "").sum() > 1000
    assert raw["ssd_cin_episodes"]["cine_person_id"].value_counts().max() >= 4
    assert (raw["ssd_cp_plans"]["cppl_person_id"].value_counts() >= 2).sum() >= 20


def test_workforce_roles_and_audit_grades(raw):
    roles = raw["ssd_involvements"]["invo_professional_role_id"].value_counts()
    assert set(roles.index) == {"SW", "IRO", "PA"}
    grades = set(raw["local_case_audits"]["audit_grade"])
    assert grades == {"Outstanding", "Good", "Requires improvement", "Inadequate"}
    assessed = raw["ssd_ehcp_assessment"]
    assert {"Y", "N"} == set(assessed["ehca_ehcp_assessment_exceptions"])
