"""One block: a scale-1 authority's worth of children (or the last fraction), all 27 tables.

A block depends only on (seed, block number, fraction, extract date), so blocks can be made in
any order or in parallel and appended to the files one after another.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from scorecard import schema
from scorecard.synth import care, cases, leavers, mess, output, send
from scorecard.synth import rates as R
from scorecard.synth.arrays import Frame, concat, integers, mixture, recurrences
from scorecard.synth.contacts import contacts_table
from scorecard.synth.context import Context
from scorecard.synth.days import NEVER
from scorecard.synth.people import People
from scorecard.synth.workforce import Workforce, case_audits


def build_block(ctx: Context) -> dict[str, pa.Table]:
    people = People(ctx.ids)
    everything = cases.simulate(ctx, people).merged()
    legacy = care.legacy_periods(ctx, people, everything["periods"])
    story = cases.keep_window(ctx, everything)
    del everything
    breaks = care.short_break_periods(ctx, people)
    wrappers = _referrals_for_earlier_care(ctx, legacy, breaks)
    referrals = concat([story["referrals"], wrappers])
    periods = concat([story["periods"], legacy, breaks])

    tables: dict[str, pa.Table] = {}
    tables.update(_front_door_tables(ctx, story, referrals))
    rng = ctx.rng("care_detail")
    period_id = ctx.ids.take("period", len(periods["start"]))
    care_tables, iro_work = care.expand(ctx, rng, periods, period_id)
    tables.update(care_tables)

    leaver_rng = ctx.rng("leavers")
    tables["ssd_care_leavers"], adviser_work = leavers.care_leavers(ctx, leaver_rng, periods)
    referrals["dob"] = people.dob(referrals["person"])
    tables["ssd_missing"] = leavers.missing_episodes(ctx, ctx.rng("missing"), periods, referrals)

    staff = Workforce(ctx, ctx.rng("workforce"))
    social_work = np.flatnonzero(referrals["work_from"] < NEVER)
    tables["ssd_professionals"] = staff.professionals()
    tables["ssd_involvements"] = staff.involvements({
        "SW": {"person": referrals["person"][social_work],
               "start": referrals["work_from"][social_work],
               "end": referrals["close"][social_work], "ref": referrals["id"][social_work]},
        "IRO": iro_work, "PA": adviser_work})
    tables["local_supervisions"] = staff.supervisions()
    tables["local_case_audits"] = case_audits(ctx, ctx.rng("audits"), referrals)
    tables.update(send.ehcp_tables(ctx))

    contacts, contact_people = contacts_table(ctx, people, story["contacts"],
                                              story["referrals"])
    tables["ssd_contacts"] = contacts
    everyone = np.concatenate([referrals["person"], contact_people])
    tables["ssd_person"] = people.table(ctx.rng("people"), everyone)
    tables = mess.make_messy(ctx, tables)
    missing = set(schema.TABLES) - set(tables)
    if missing:
        raise AssertionError(f"block made no {sorted(missing)}")
    return tables


def _referrals_for_earlier_care(ctx: Context, legacy: Frame, breaks: Frame) -> Frame:
    """The open CIN episode around each period of care that began before the simulation, and
    around each short-break child's breaks (referred long ago, still open)."""
    rng = ctx.rng("legacy")
    E = ctx.extract_day
    n = len(legacy["start"])
    day = legacy["start"] - integers(rng, 0, 30, n)
    close = np.where(legacy["end"] < NEVER, legacy["end"] + integers(rng, 0, 14, n), NEVER)
    close = np.where(close > E, NEVER, close)
    reason = np.select([legacy["outcome"] == care.ADOPT, legacy["outcome"] == care.SGO], [0, 3],
                       default=6)
    ref = ctx.ids.take("referral", n)
    legacy["ref"] = ref
    order = np.argsort(breaks["person"], kind="stable")
    kids, first_row = np.unique(breaks["person"][order], return_index=True)
    first_break = np.minimum.reduceat(breaks["start"][order], first_row)
    k = len(kids)
    b_ref = ctx.ids.take("referral", k)
    breaks["ref"] = b_ref[np.searchsorted(kids, breaks["person"])]
    b_day = first_break - integers(rng, 30, 400, k)
    return {
        "id": np.concatenate([ref, b_ref]),
        "person": np.concatenate([legacy["person"], kids]),
        "day": np.concatenate([day, b_day]),
        "close": np.concatenate([close, np.full(k, NEVER)]),
        "close_reason": np.concatenate([np.where(close == NEVER, -1, reason), np.full(k, -1)]),
        "nfa": np.zeros(n + k, bool),
        "need": np.concatenate([np.zeros(n, np.int64), np.ones(k, np.int64)]),
        "source": rng.integers(0, len(cases.SOURCE_CODES), n + k),
        "work_from": np.concatenate([day, b_day]),
        "tier": np.full(n + k, 2),
    }


def _front_door_tables(ctx: Context, story: dict[str, Frame],
                       referrals: Frame) -> dict[str, pa.Table]:
    E = ctx.extract_day
    rng = ctx.rng("cases")
    out: dict[str, pa.Table] = {}
    r = referrals
    out["ssd_cin_episodes"] = output.to_table("ssd_cin_episodes", {
        "cine_referral_id": output.ids(r["id"]),
        "cine_person_id": output.ids(r["person"]),
        "cine_referral_date": output.dates(r["day"]),
        "cine_cin_primary_need_code": output.codes(cases.NEED_CODES, r["need"]),
        "cine_referral_source_code": output.codes(cases.SOURCE_CODES, r["source"]),
        "cine_referral_nfa": output.flags(r["nfa"]),
        "cine_close_date": output.dates(r["close"]),
        "cine_close_reason": output.codes(cases.CLOSE_REASONS, r["close_reason"]),
        "cine_referral_team": output.text("Front Door (MASH)", len(r["id"])),
    })
    a = story["assessments"]
    out["ssd_cin_assessments"] = output.to_table("ssd_cin_assessments", {
        "cina_assessment_id": output.ids(a["id"]),
        "cina_person_id": output.ids(a["person"]),
        "cina_referral_id": output.ids(a["ref"]),
        "cina_assessment_start_date": output.dates(a["start"]),
        "cina_assessment_child_seen": output.flags(a["seen"]),
        "cina_assessment_auth_date": output.dates(a["auth"]),
        "cina_assessment_outcome_nfa": output.flags(a["nfa"], blank=a["auth"] == NEVER),
        "cina_assessment_team": output.codes(cases.ASSESSMENT_TEAMS, a["team"]),
    })
    c = story["cin_plans"]
    out["ssd_cin_plans"] = output.to_table("ssd_cin_plans", {
        "cinp_cin_plan_id": output.ids(c["id"]),
        "cinp_referral_id": output.ids(c["ref"]),
        "cinp_person_id": output.ids(c["person"]),
        "cinp_cin_plan_start_date": output.dates(c["start"]),
        "cinp_cin_plan_end_date": output.dates(c["end"]),
    })
    # CIN visits: the assessment visit, then visits through each CIN plan (every few weeks).
    owner, when = recurrences(
        rng, c["start"], np.minimum(c["end"], E),
        first=lambda o: integers(rng, 1, 10, len(o)),
        gap=lambda k: mixture(rng, k, 1 - R.CIN_VISIT_LATE, (8, 20), (21, 35)),
        min_gap=8, working_days=True)
    sv = story["seen_visits"]
    v_person = np.concatenate([sv["person"], c["person"][owner]])
    v_day = np.concatenate([sv["day"], when])
    v_seen = np.concatenate([sv["seen"], rng.random(len(owner)) < 0.95])
    order = np.lexsort((v_day, v_person))
    m = len(order)
    out["ssd_cin_visits"] = output.to_table("ssd_cin_visits", {
        "cinv_cin_visit_id": output.ids(ctx.ids.take("cin_visit", m)),
        "cinv_person_id": output.ids(v_person[order]),
        "cinv_cin_visit_date": output.dates(v_day[order]),
        "cinv_cin_visit_seen": output.flags(v_seen[order]),
        "cinv_cin_visit_seen_alone": output.flags(rng.random(m) < 0.55),
    })
    s = story["s47"]
    out["ssd_s47_enquiry"] = output.to_table("ssd_s47_enquiry", {
        "s47e_s47_enquiry_id": output.ids(s["id"]),
        "s47e_referral_id": output.ids(s["ref"]),
        "s47e_person_id": output.ids(s["person"]),
        "s47e_s47_start_date": output.dates(s["start"]),
        "s47e_s47_end_date": output.dates(s["end"]),
        "s47e_s47_nfa": output.flags(s["nfa"], blank=s["end"] == NEVER),
    })
    q = story["conferences"]
    out["ssd_initial_cp_conference"] = output.to_table("ssd_initial_cp_conference", {
        "icpc_icpc_id": output.ids(q["id"]),
        "icpc_s47_enquiry_id": output.ids(q["s47"]),
        "icpc_person_id": output.ids(q["person"]),
        "icpc_cp_plan_id": output.ids(q["plan"]),
        "icpc_referral_id": output.ids(q["ref"]),
        "icpc_icpc_transfer_in": output.flags(q["transfer_in"]),
        "icpc_icpc_date": output.dates(q["day"]),
        "icpc_icpc_outcome_cp_flag": output.flags(q["plan"] >= 0),
    })
    p = story["plans"]
    out["ssd_cp_plans"] = output.to_table("ssd_cp_plans", {
        "cppl_cp_plan_id": output.ids(p["id"]),
        "cppl_referral_id": output.ids(p["ref"]),
        "cppl_icpc_id": output.ids(p["icpc"]),
        "cppl_person_id": output.ids(p["person"]),
        "cppl_cp_plan_start_date": output.dates(p["start"]),
        "cppl_cp_plan_end_date": output.dates(p["end"]),
        "cppl_cp_plan_initial_category": output.codes(cases.CATEGORIES, p["category"]),
        "cppl_cp_plan_latest_category": output.codes(cases.CATEGORIES, p["latest"]),
    })
    # Protection visits about every ten working days, some late.
    owner, when = recurrences(
        rng, p["start"], np.minimum(p["end"], E),
        first=lambda o: integers(rng, 0, 5, len(o)),
        gap=lambda k: mixture(rng, k, 1 - R.CP_VISIT_LATE, (4, 10), (11, 18)),
        min_gap=4, working_days=True)
    m = len(owner)
    out["ssd_cp_visits"] = output.to_table("ssd_cp_visits", {
        "cppv_cp_visit_id": output.ids(ctx.ids.take("cp_visit", m)),
        "cppv_person_id": output.ids(p["person"][owner]),
        "cppv_cp_plan_id": output.ids(p["id"][owner]),
        "cppv_cp_visit_date": output.dates(when),
        "cppv_cp_visit_seen": output.flags(rng.random(m) < 0.95),
        "cppv_cp_visit_seen_alone": output.flags(rng.random(m) < 0.5),
    })
    v = story["plan_reviews"]
    out["ssd_cp_reviews"] = output.to_table("ssd_cp_reviews", {
        "cppr_cp_review_id": output.ids(ctx.ids.take("cp_review", len(v["plan"]))),
        "cppr_person_id": output.ids(v["person"]),
        "cppr_cp_plan_id": output.ids(v["plan"]),
        "cppr_cp_review_due": output.dates(v["due"]),
        "cppr_cp_review_date": output.dates(v["held"]),
    })
    return out
