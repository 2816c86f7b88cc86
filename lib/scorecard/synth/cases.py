"""Children's stories from the front door: contact, referral, assessment, S47, conference, plan.

Stories are simulated a generation at a time: every child's first referral together, then every
re-referral together, and so on, each generation a handful of array operations whatever the
number of children. A referral takes one route (no further action; assessment then closure;
a CIN plan; an initial conference and usually a protection plan; straight into care), and its
episode closes when the last thing in it ends, after which the child may be referred again.
Children carry a risk tier that keeps them on similar routes, so repeat plans and
re-referrals cluster in the same families as they do in life.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scorecard.synth import care, days
from scorecard.synth import rates as R
from scorecard.synth.arrays import (
    Frame,
    categorical,
    concat,
    gamma_days,
    group_rank,
    integers,
    take,
)
from scorecard.synth.context import Context
from scorecard.synth.days import NEVER
from scorecard.synth.people import People, age_days

NFA, ASSESS, CIN, CONFERENCE, CARE = range(5)

# CIN census codes.
NEED_CODES = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9")
NEED_SHARES = np.array([
    [0.40, 0.05, 0.09, 0.17, 0.13, 0.06, 0.01, 0.02, 0.07],  # no further action, assessment
    [0.45, 0.08, 0.10, 0.14, 0.13, 0.05, 0.01, 0.01, 0.03],  # CIN plan
    [0.82, 0.01, 0.04, 0.05, 0.07, 0.01, 0.00, 0.00, 0.00],  # conference, care
])
SOURCE_CODES = ("1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4",
                "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10")
SOURCE_SHARES = np.array([0.04, 0.02, 0.01, 0.01, 0.18, 0.02, 0.03, 0.03, 0.01, 0.02, 0.03,
                          0.03, 0.02, 0.05, 0.03, 0.02, 0.03, 0.29, 0.03, 0.05, 0.01, 0.02])
CLOSE_REASONS = ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9")
CATEGORIES = ("NEG", "EMO", "PHY", "SAB", "MUL")
CATEGORY_SHARES = np.array([0.48, 0.37, 0.07, 0.04, 0.04])
ASSESSMENT_TEAMS = ("Assessment Team 1", "Assessment Team 2", "Assessment Team 3")


@dataclass
class Cases:
    """Everything the front door produced for one block, before the history window is applied."""

    referrals: list[Frame] = field(default_factory=list)
    contacts: list[Frame] = field(default_factory=list)
    assessments: list[Frame] = field(default_factory=list)
    seen_visits: list[Frame] = field(default_factory=list)
    s47: list[Frame] = field(default_factory=list)
    conferences: list[Frame] = field(default_factory=list)
    plans: list[Frame] = field(default_factory=list)
    plan_reviews: list[Frame] = field(default_factory=list)
    cin_plans: list[Frame] = field(default_factory=list)
    periods: list[Frame] = field(default_factory=list)

    def merged(self) -> dict[str, Frame]:
        return {k: concat(v) for k, v in self.__dict__.items()}


def simulate(ctx: Context, people: People) -> Cases:
    rng = ctx.rng("cases")
    E, S0 = ctx.extract_day, ctx.simulation_start
    n = ctx.count(rng, R.FIRST_REFERRALS_PER_YEAR, (E - S0) / days.YEAR)
    first = integers(rng, S0, E, n)
    child = people.add(first - age_days(rng, R.REFERRAL_AGE_BANDS, n))
    tier = categorical(rng, R.TIER_MIX, size=n)
    cases = Cases()
    wave = {"child": child, "day": first, "tier": tier}
    while len(wave["child"]):
        wave = _one_generation(ctx, rng, people, cases, wave)
    return cases


def _start_lag_wd(rng: np.random.Generator, n: int) -> np.ndarray:
    """Working days from referral to assessment start: most the same day or within three."""
    lag = integers(rng, 1, 3, n)
    u = rng.random(n)
    return np.where(u < 0.45, 0, np.where(u < 0.90, lag, integers(rng, 4, 10, n)))


def _assessment_length_wd(rng: np.random.Generator, n: int) -> np.ndarray:
    on_time = rng.random(n) < R.ASSESSMENT_WITHIN_45
    # Triangular within 45 working days (most near 25-40), a long tail beyond.
    within = np.rint(rng.triangular(6, 38, 45.99, n)).astype(np.int64)
    return np.where(on_time, np.minimum(within, 45), integers(rng, 46, 95, n))


def _one_generation(ctx: Context, rng: np.random.Generator, people: People, cases: Cases,
                    wave: Frame) -> Frame:
    E = ctx.extract_day
    child, r, tier = wave["child"], wave["day"], wave["tier"]
    n = len(child)
    dob = people.dob(child)
    b18 = days.birthday(dob, 18)
    ref_id = ctx.ids.take("referral", n)
    route = categorical(rng, R.ROUTE_BY_TIER, group=tier)
    transfer_in = (route == CONFERENCE) & (rng.random(n) < R.CONFERENCE_TRANSFER_IN)

    lag = np.where(rng.random(n) < 0.72, 0, integers(rng, 1, 4, n))
    source = categorical(rng, SOURCE_SHARES, size=n)
    cases.contacts.append({"ref": ref_id, "person": child, "day": r - lag, "source": source})

    # Assessment (all but no-further-action referrals), sometimes a second one after it.
    a_start = days.add_wd(r, _start_lag_wd(rng, n))
    assessed = (route != NFA) & (a_start <= E)
    a_auth = days.add_wd(a_start, _assessment_length_wd(rng, n))
    a_auth = np.where(a_auth > E, NEVER, a_auth)
    second = assessed & (route != CARE) & (a_auth < NEVER) & (rng.random(n) < R.SECOND_ASSESSMENT)
    b_start = a_auth + integers(rng, 1, 20, n)
    second &= b_start <= E
    b_auth = days.add_wd(b_start, _assessment_length_wd(rng, n))
    b_auth = np.where(b_auth > E, NEVER, b_auth)

    # S47 enquiry and initial conference.
    p_s47 = np.select([route == ASSESS, route == CIN, route == CARE],
                      [R.S47_BY_ROUTE["assess"], R.S47_BY_ROUTE["cin"], R.S47_BY_ROUTE["care"]],
                      default=0.0)
    conference = (route == CONFERENCE) & assessed
    s47_start = days.add_wd(r, integers(rng, 0, 3, n))
    s47 = assessed & (s47_start <= E) & ((conference & ~transfer_in) | (rng.random(n) < p_s47))
    icpc_wd = np.where(rng.random(n) < R.CONFERENCE_WITHIN_15, integers(rng, 5, 15, n),
                       integers(rng, 16, 35, n))
    icpc = np.where(transfer_in, days.add_wd(r, integers(rng, 3, 15, n)),
                    days.add_wd(s47_start, icpc_wd))
    conference &= (icpc <= E) & (transfer_in | s47)
    s47_end = days.add_wd(s47_start, integers(rng, 5, 20, n))
    s47_end = np.where(conference, np.minimum(s47_end, icpc), s47_end)
    s47_end = np.where(s47_end > E, NEVER, s47_end)
    plan = conference & (rng.random(n) < R.CONFERENCE_TO_PLAN) & (icpc < b18 - 30)

    # Protection plans end at a review; some end early when the child comes into care.
    pi = np.flatnonzero(plan)
    plan_id = ctx.ids.take("cp_plan", len(pi))
    p_start = icpc[pi]
    reviews_to_end = categorical(rng, R.PLAN_ENDS_AT_REVIEW, size=len(pi)) + 1
    rv_owner = np.repeat(np.arange(len(pi)), reviews_to_end)
    rv_number = group_rank(rv_owner)
    rv_due = days.add_months(p_start[rv_owner], 3 + 6 * rv_number)
    m = len(rv_owner)
    rv_held = np.where(rng.random(m) < R.CP_REVIEW_ON_TIME, rv_due - integers(rng, 0, 10, m),
                       rv_due + integers(rng, 1, 25, m))
    rv_held = np.maximum(rv_held, p_start[rv_owner] + 1)
    nominal_end = np.zeros(len(pi), dtype=np.int64)
    np.maximum.at(nominal_end, rv_owner, rv_held)
    to_care = rng.random(len(pi)) < R.PLAN_TO_CARE
    care_day = p_start + 10 + np.floor(
        rng.random(len(pi)) * np.maximum(nominal_end - p_start - 10, 1)).astype(np.int64)
    care_day = np.where(to_care & (care_day < b18[pi] - 60), care_day, NEVER)
    p_end = np.minimum.reduce([nominal_end, care_day, b18[pi]])
    into_care = (care_day == p_end) & (p_end <= E)
    p_end = np.where(p_end > E, NEVER, p_end)
    # Reviews up to the plan's end; an open plan also shows its next review due.
    rv_end = p_end[rv_owner]
    prev_due = np.where(rv_number == 0, -1, np.r_[0, rv_due[:-1]])
    keep = np.where(rv_end == NEVER, (rv_due <= E) | (prev_due <= E),
                    (rv_held <= rv_end) & (rv_due <= rv_end + 31))
    rv_held = np.where(rv_held > E, NEVER, rv_held)
    cases.plan_reviews.append({
        "plan": plan_id[rv_owner[keep]], "ref": ref_id[pi][rv_owner[keep]],
        "person": child[pi][rv_owner[keep]],
        "due": rv_due[keep], "held": rv_held[keep]})
    cat = categorical(rng, CATEGORY_SHARES, size=len(pi))
    latest = np.where(rng.random(len(pi)) < 0.9, cat, categorical(rng, CATEGORY_SHARES,
                                                                   size=len(pi)))
    icpc_id = ctx.ids.take("conference", n)  # one per referral; only conferences held are kept
    cases.plans.append({"id": plan_id, "ref": ref_id[pi], "icpc": icpc_id[pi],
                        "person": child[pi], "start": p_start, "end": p_end,
                        "category": cat, "latest": latest})
    plan_of = np.full(n, -1, dtype=np.int64)
    plan_of[pi] = plan_id
    plan_end = np.full(n, -1, dtype=np.int64)
    plan_end[pi] = p_end

    # CIN plans: after an assessment, after a conference without a plan, or stepping down
    # from a protection plan.
    cin_after = ((route == CIN) | (conference & ~plan & (rng.random(n) < 0.7))) & assessed
    cin_after &= a_auth < NEVER
    cin_from = np.where(conference, np.maximum(a_auth, icpc), a_auth)
    cin_start = cin_from + integers(rng, 0, 10, n)
    cin_after &= cin_start <= E
    step_down = np.zeros(n, dtype=bool)
    step_down[pi] = (p_end <= E) & ~into_care & (rng.random(len(pi)) < R.PLAN_STEP_DOWN_TO_CIN)
    cin_start = np.where(step_down, plan_end, cin_start)
    has_cin = (cin_after | step_down) & (cin_start < b18 - 14)
    mean_days = np.where(step_down, R.STEP_DOWN_MEAN_DAYS, R.CIN_PLAN_MEAN_DAYS)
    cin_end = np.minimum(cin_start + gamma_days(rng, mean_days, 1.6, n), b18)
    cin_end = np.where(cin_end > E, NEVER, cin_end)
    ci = np.flatnonzero(has_cin)
    cases.cin_plans.append({"id": ctx.ids.take("cin_plan", len(ci)), "ref": ref_id[ci],
                            "person": child[ci], "start": cin_start[ci], "end": cin_end[ci]})

    # Care: straight from the referral, or when a protection plan ends with the child
    # coming into care.
    direct_day = r + integers(rng, 0, 14, n)
    direct = (route == CARE) & assessed & (direct_day <= E) & (direct_day < b18 - 60)
    from_plan = np.zeros(n, dtype=bool)
    from_plan[pi] = into_care
    care_start = np.where(direct, direct_day, np.where(from_plan, plan_end, NEVER))
    ki = np.flatnonzero(direct | from_plan)
    periods = care.simulate_periods(ctx, rng, child[ki], dob[ki], care_start[ki])
    periods["ref"] = ref_id[ki]
    cases.periods.append(periods)
    care_end = np.full(n, -1, dtype=np.int64)
    care_end[ki] = periods["end"]
    care_outcome = np.full(n, -1, dtype=np.int64)
    care_outcome[ki] = periods["outcome"]

    # The episode closes when the last thing in it has finished.
    finish = np.where(route == NFA, r, -1)
    for parts_end, present in [(a_auth, assessed), (b_auth, second), (s47_end, s47),
                               (icpc, conference), (plan_end, plan), (cin_end, has_cin),
                               (care_end, care_end >= 0)]:
        finish = np.where(present, np.maximum(finish, parts_end), finish)
    finish = np.where(finish < 0, NEVER, finish)  # referred, assessment not yet started
    close = np.where(finish < NEVER, finish + integers(rng, 0, 10, n), NEVER)
    close = np.where(route == NFA, r + integers(rng, 0, 1, n), close)
    close = np.where(close > E, NEVER, close)
    close_reason = np.select(
        [route == NFA, (route == ASSESS) & ~s47, route == ASSESS,
         care_outcome == care.ADOPT, care_outcome == care.SGO, care_outcome == care.TO18],
        [7, np.where(rng.random(n) < 0.55, 7, 8), 7, 0, 3, 6],
        default=6)
    close_reason = np.where(close == NEVER, -1, close_reason)
    need_group = np.select([route <= ASSESS, route == CIN], [0, 1], default=2)

    cases.referrals.append({
        "id": ref_id, "person": child, "day": r, "close": close, "close_reason": close_reason,
        "nfa": route == NFA, "need": categorical(rng, NEED_SHARES, group=need_group),
        "source": source, "work_from": np.where(assessed, a_start, NEVER),
        "tier": tier,
    })
    ai = np.flatnonzero(assessed)
    bi = np.flatnonzero(second)
    team = rng.integers(0, len(ASSESSMENT_TEAMS), n)
    seen_band = categorical(rng, R.ASSESSMENT_SEEN_SHARES, size=n)
    lo = np.array([b[0] for b in R.ASSESSMENT_SEEN_WD])[seen_band]
    hi = np.array([b[1] for b in R.ASSESSMENT_SEEN_WD])[seen_band]
    seen_day = np.minimum(days.add_wd(a_start, integers(rng, lo, hi, n)), a_auth)
    seen = rng.random(n) < 0.97
    cases.assessments.append({
        "id": ctx.ids.take("assessment", len(ai) + len(bi)),
        "ref": np.concatenate([ref_id[ai], ref_id[bi]]),
        "person": np.concatenate([child[ai], child[bi]]),
        "start": np.concatenate([a_start[ai], b_start[bi]]),
        "auth": np.concatenate([a_auth[ai], b_auth[bi]]),
        "seen": np.concatenate([seen[ai] & (seen_day[ai] <= E), np.ones(len(bi), bool)]),
        "nfa": np.concatenate([(route[ai] == ASSESS) & ~s47[ai], np.zeros(len(bi), bool)]),
        "team": np.concatenate([team[ai], team[bi]]),
    })
    vi = np.flatnonzero(assessed & (seen_day <= E))
    cases.seen_visits.append({"ref": ref_id[vi], "person": child[vi], "day": seen_day[vi],
                              "seen": seen[vi]})
    si = np.flatnonzero(s47)
    cases.s47.append({"id": ctx.ids.take("s47", len(si)), "ref": ref_id[si], "person": child[si],
                      "start": s47_start[si], "end": s47_end[si],
                      "nfa": (route[si] == ASSESS)})
    s47_of = np.full(n, -1, dtype=np.int64)
    s47_of[si] = cases.s47[-1]["id"]
    qi = np.flatnonzero(conference)
    cases.conferences.append({"id": icpc_id[qi], "ref": ref_id[qi], "s47": s47_of[qi],
                              "person": child[qi], "plan": plan_of[qi],
                              "transfer_in": transfer_in[qi], "day": icpc[qi]})

    # Re-referral once the episode has closed (not after adoption or leaving care at 18).
    gone = np.isin(care_outcome, (care.ADOPT, care.TO18))
    again = (close < NEVER) & ~gone & (rng.random(n) < R.RE_REFERRAL[tier])
    gap = np.where(rng.random(n) < R.RE_REFERRAL_SOON, integers(rng, 7, 240, n),
                   300 + gamma_days(rng, 600, 1.0, n))
    next_day = close + gap
    again &= (next_day <= E) & (next_day < b18 - 30)
    nxt = np.flatnonzero(again)
    # A child who has been on a protection plan is at high risk when referred again.
    tier = np.where(plan, 2, tier)
    return {"child": child[nxt], "day": next_day[nxt], "tier": tier[nxt]}


def keep_window(ctx: Context, merged: dict[str, Frame]) -> dict[str, Frame]:
    """Keep the episodes open at some point in the history window, with all their records."""
    refs = merged["referrals"]
    kept = refs["close"] >= ctx.history_start
    kept_ids = refs["id"][kept]
    out = {}
    for name, frame in merged.items():
        if not frame:
            out[name] = frame
        elif name == "referrals":
            out[name] = take(frame, np.flatnonzero(kept))
        else:
            out[name] = take(frame, np.flatnonzero(np.isin(frame["ref"], kept_ids)))
    return out
