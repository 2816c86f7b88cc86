"""Children looked after: periods of care and everything recorded inside them.

A period of care is decided first as a skeleton (start, how and when it ends, the adoption
timeline), because its end decides what happens next in the child's story. `expand` then
writes what a case system holds for it: episodes chained with `X1` whenever the placement or
the legal status changes, legal statuses, placements, visits, reviews, health checks, missing
episodes and permanence. All dates after the extract date are left blank (not yet happened).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from scorecard.synth import days, output
from scorecard.synth import rates as R
from scorecard.synth.arrays import (
    Frame,
    categorical,
    concat,
    gamma_days,
    group_rank,
    integers,
    is_last_in_group,
    mixture,
    next_in_group,
    recurrences,
    starts_new_key,
    take,
)
from scorecard.synth.context import Context
from scorecard.synth.days import NEVER
from scorecard.synth.people import People

ADOPT, SGO, HOME, OTHER, TO18 = range(5)
AGE_BAND_EDGES = [1, 5, 10, 16]

# Why a period of care ended (SSDA903 REC), by outcome.
CEASED_REASONS = ("E11", "E12", "E45", "E46", "E41", "E4A", "E4B", "E13", "E3", "E5", "E7",
                  "E14", "E8", "E15", "E16", "E17")
_REASON_SHARES = np.zeros((5, len(CEASED_REASONS)))
for _outcome, _shares in {
    ADOPT: {"E11": 0.4, "E12": 0.6},
    SGO: {"E45": 0.45, "E46": 0.35, "E41": 0.20},
    HOME: {"E4A": 0.6, "E4B": 0.1, "E13": 0.3},
    OTHER: {"E3": 0.3, "E5": 0.25, "E7": 0.1, "E14": 0.15, "E8": 0.2},
    TO18: {"E15": 0.35, "E16": 0.15, "E17": 0.25, "E8": 0.10, "E13": 0.15},
}.items():
    for _code, _p in _shares.items():
        _REASON_SHARES[_outcome, CEASED_REASONS.index(_code)] = _p

LEGAL = ("V2", "C1", "C2", "E1", "L1", "L2", "J2", "V3", "V4")
V2, C1, C2, E1, L1, L2, J2, V3, V4 = range(len(LEGAL))

PLACEMENT_TYPES = ("U1", "U2", "U3", "U4", "U5", "U6", "K2", "P1", "H5", "R1", "A5", "A6")
FOSTER = np.array([0.05, 0.08, 0.10, 0.27, 0.45, 0.05])  # U1-U6
K2, P1, H5, R1, A5, A6 = (PLACEMENT_TYPES.index(c) for c in ("K2", "P1", "H5", "R1", "A5", "A6"))
PROVIDERS = ("PR0", "PR1", "PR2", "PR3", "PR4", "PR5")
CHANGE_REASONS = ("CARPL", "CHILD", "LAREQ", "PLACE", "STAND", "ALLEG", "APPRR", "CREQB",
                  "CREQO", "CLOSE")
CHANGE_REASON_SHARES = np.array([0.25, 0.10, 0.15, 0.25, 0.04, 0.03, 0.06, 0.04, 0.03, 0.05])
# Placement postcodes are sectors only (anonymisation rule): "AN12 3", never "AN12 3AB".
SECTORS = tuple(f"AN{d} {s}" for d in range(1, 20) for s in (1, 3, 5, 7)) + tuple(
    f"{a}{d} {s}" for a in ("BX", "CW", "DT", "EV") for d in (2, 7, 11) for s in (2, 4))

# Episode start reasons (SSDA903 RNE).
START_REASONS = ("S", "L", "P", "B", "T", "U")
_S, _L, _P, _B, _T, _U = range(6)
# Placement change kinds, in the order they win when two fall on the same day.
_START, _MOVE, _FOSTER_TO_ADOPT, _ADOPTIVE, _HOME = range(5)


def age_band(age: np.ndarray) -> np.ndarray:
    return np.digitize(age, AGE_BAND_EDGES)


def simulate_periods(ctx: Context, rng: np.random.Generator, person: np.ndarray,
                     dob: np.ndarray, start: np.ndarray) -> Frame:
    """Skeletons of new periods of care: how and when each ends, and the adoption timeline."""
    n = len(start)
    E = ctx.extract_day
    band = age_band(days.age_years(dob, start))
    outcome = categorical(rng, R.CARE_OUTCOME_BY_AGE, group=band)
    b18 = days.birthday(dob, 18)
    length = np.select(
        [outcome == HOME, outcome == SGO, outcome == OTHER],
        [gamma_days(rng, R.HOME_MEAN_DAYS, 1.1, n), gamma_days(rng, R.SGO_MEAN_DAYS, 4.0, n),
         gamma_days(rng, R.OTHER_MEAN_DAYS, 1.5, n)],
        default=NEVER,
    )
    end = np.minimum(start + length, b18)
    # Adoption: placement order, match (A2), moving in (A10), then the adoption order.
    adopt = outcome == ADOPT
    placement_order = start + gamma_days(rng, R.PLACEMENT_ORDER_MEAN_DAYS, 8.0, n, minimum=60)
    decision = start + np.minimum(gamma_days(rng, 130, 3.0, n), placement_order - start - 14)
    matched = placement_order + gamma_days(rng, R.MATCH_MEAN_DAYS, 6.0, n, minimum=0)
    placed = matched + integers(rng, 7, 42, n)
    by_carer = rng.random(n) < R.ADOPTED_BY_CARER
    placed_with_carer = np.where(by_carer, start + integers(rng, 0, 150, n), NEVER)
    adoption_order = placed + gamma_days(rng, R.ADOPTION_ORDER_MEAN_DAYS, 5.0, n, minimum=70)
    end = np.where(adopt, adoption_order, end)
    outcome = np.where((end >= b18) & ~adopt, TO18, outcome)
    end = np.maximum(end, start)
    reason = categorical(rng, _REASON_SHARES, group=outcome)

    def seen(d: np.ndarray) -> np.ndarray:  # an adoption step only if it happened by the extract
        return np.where(adopt & (d <= E), d, NEVER)

    return {
        "person": person, "dob": dob, "start": start,
        "end": np.where(end > E, NEVER, end), "outcome": outcome,
        "reason": np.where(end > E, -1, reason),
        "decision": seen(decision), "placement_order": seen(placement_order),
        "matched": seen(matched), "placed": seen(placed),
        "by_carer": adopt & by_carer,
        "placed_with_carer": seen(placed_with_carer),
        "unsettled": rng.random(n) < R.UNSETTLED_SHARE,
        "short_break": np.full(n, -1, dtype=np.int64),
    }


def legacy_periods(ctx: Context, people: People, entrants: Frame) -> Frame:
    """Periods of care that began before the simulation and run into the extract's window.

    A long-standing looked-after population (children in care since infancy) is what makes
    placement stability and the size of the care population realistic. These children enter
    care at the rate, and at the ages, that the simulated front door brings children into care
    once it has settled, so the looked-after population neither grows nor shrinks over the
    window.
    """
    rng = ctx.rng("legacy")
    settled = ctx.simulation_start + int(3 * days.YEAR)
    recent = entrants["start"] >= settled
    years = (ctx.extract_day - settled) / days.YEAR
    first = ctx.extract_day - int(R.LEGACY_CARE_YEARS * days.YEAR)
    last = ctx.simulation_start
    ages = (entrants["start"] - entrants["dob"])[recent]
    n = int(rng.poisson(len(ages) / years * (last - first) / days.YEAR)) if len(ages) else 0
    start = integers(rng, first, last - 1, n)
    age = ages[rng.integers(0, len(ages), n)] if n else np.zeros(0, np.int64)
    # Decide the story before registering the child, so that only children still looked
    # after in the window are created.
    dob = days.first_of_month(start - age)
    skeleton = simulate_periods(ctx, rng, np.zeros(n, np.int64), dob, start)
    reaches_window = skeleton["end"] >= ctx.history_start
    skeleton = take(skeleton, np.flatnonzero(reaches_window))
    skeleton["person"] = people.add(dob[reaches_window])
    return skeleton


def short_break_periods(ctx: Context, people: People) -> Frame:
    """Disabled children looked after only under short breaks: V3 single breaks, V4 agreements."""
    rng = ctx.rng("short_breaks")
    E, H = ctx.extract_day, ctx.history_start
    n = max(1, int(round(R.SHORT_BREAK_CHILDREN * ctx.fraction)))
    dob_true = E - integers(rng, int(6 * days.YEAR), int(15 * days.YEAR), n)
    person = people.add(dob_true)
    dob = people.dob(person)
    agreement = rng.random(n) < 0.4
    # V4: one agreement covering a series of breaks, recorded as a single long episode.
    v4_start = integers(rng, H - 400, E - 30, n)
    v4_end = v4_start + integers(rng, 180, 900, n)
    # V3: each break is its own short period of care, every four to eight weeks.
    owner, break_start = recurrences(
        rng, np.full(n, H), np.full(n, E - 4),
        first=lambda o: integers(rng, 0, 60, len(o)), gap=lambda k: integers(rng, 28, 56, k),
        min_gap=28)
    keep = ~agreement[owner]
    owner, break_start = owner[keep], break_start[keep]
    break_end = break_start + integers(rng, 1, 4, len(owner))
    idx = np.flatnonzero(agreement)
    start = np.concatenate([v4_start[idx], break_start])
    end = np.concatenate([v4_end[idx], break_end])
    who = np.concatenate([idx, owner])
    m = len(start)
    end = np.where(end > E, NEVER, end)
    return {
        "person": person[who], "dob": dob[who], "start": start, "end": end,
        "outcome": np.full(m, HOME), "reason": np.where(end > E, -1, CEASED_REASONS.index("E13")),
        "decision": np.full(m, NEVER), "placement_order": np.full(m, NEVER),
        "matched": np.full(m, NEVER), "placed": np.full(m, NEVER),
        "by_carer": np.zeros(m, bool), "placed_with_carer": np.full(m, NEVER),
        "unsettled": np.zeros(m, bool),
        "short_break": np.concatenate([np.full(len(idx), V4), np.full(len(owner), V3)]),
    }


# --- expanding skeletons into records -------------------------------------------------------

def _placement_changes(ctx: Context, rng: np.random.Generator, p: Frame) -> Frame:
    """Days each period's placement changes (the start included), with the kind of change."""
    n = len(p["start"])
    E = ctx.extract_day
    start = p["start"]
    stop = np.minimum(p["end"], E)
    length = stop - start
    first_year = np.minimum(length, 365)
    later = np.maximum(length - 365, 0)
    unsettled = p["unsettled"]
    rate1 = np.where(unsettled, R.MOVES_FIRST_YEAR[1], R.MOVES_FIRST_YEAR[0])
    rate2 = np.where(unsettled, R.MOVES_LATER[1], R.MOVES_LATER[0])
    short = p["short_break"] >= 0
    n1 = np.where(short, 0, rng.poisson(rate1 * first_year / 365))
    n2 = np.where(short, 0, rng.poisson(rate2 * later / 365))
    o1 = np.repeat(np.arange(n), n1)
    o2 = np.repeat(np.arange(n), n2)
    t1 = start[o1] + 1 + np.floor(rng.random(len(o1)) * np.maximum(first_year[o1] - 1, 0))
    t2 = start[o2] + 365 + 1 + np.floor(rng.random(len(o2)) * np.maximum(later[o2] - 1, 0))
    moves = {"owner": np.concatenate([o1, o2]),
             "day": np.concatenate([t1, t2]).astype(np.int64)}
    moves["kind"] = np.full(len(moves["owner"]), _MOVE)
    # A child placed with adopters (or their future adopters as foster carers) stays there.
    settle = np.minimum(p["placed"], p["placed_with_carer"])
    moves = take(moves, np.flatnonzero(moves["day"] < settle[moves["owner"]]))
    everyone = np.arange(n)
    foster_to_adopt = {"owner": everyone, "day": p["placed_with_carer"],
                       "kind": np.full(n, _FOSTER_TO_ADOPT)}
    adoptive = {"owner": everyone, "day": p["placed"], "kind": np.full(n, _ADOPTIVE)}
    # Some children going home spend their last months placed with parents (P1).
    going_home = (p["outcome"] == HOME) & (p["end"] <= E) & (rng.random(n) < 0.25) & ~short
    home_day = np.where(going_home, p["end"] - integers(rng, 30, 150, n), NEVER)
    home = {"owner": everyone, "day": home_day, "kind": np.full(n, _HOME)}
    firsts = {"owner": everyone, "day": start, "kind": np.full(n, _START)}
    c = concat([firsts, moves, foster_to_adopt, adoptive, home])
    ok = (c["kind"] == _START) | ((c["day"] > start[c["owner"]]) & (c["day"] < p["end"][c["owner"]])
                                  & (c["day"] <= E))
    c = take(c, np.flatnonzero(ok))
    order = np.lexsort((-c["kind"], c["day"], c["owner"]))
    c = take(c, order)
    first_of_day = starts_new_key(c["owner"], c["day"])
    return take(c, np.flatnonzero(first_of_day))


def _placement_types(rng: np.random.Generator, p: Frame, ch: Frame) -> tuple[np.ndarray, ...]:
    """Placement type and provider for each change, by the child's age and the kind of change."""
    m = len(ch["owner"])
    age = days.age_years(p["dob"][ch["owner"]], ch["day"])
    teen = age >= 12
    general = np.where(teen, categorical(rng, [0.62, 0.25, 0.05, 0.08], size=m),
                       categorical(rng, [0.90, 0.04, 0.03, 0.03], size=m))
    foster_type = categorical(rng, FOSTER, size=m)
    kind_general = np.choose(general, [foster_type, np.full(m, K2), np.full(m, P1),
                                       np.where(age >= 16, H5, R1)])
    kind = ch["kind"]
    ptype = np.select(
        [kind == _FOSTER_TO_ADOPT, kind == _ADOPTIVE, kind == _HOME],
        [np.full(m, 5), np.where(p["by_carer"][ch["owner"]], A5, A6), np.full(m, P1)],
        default=kind_general,
    )
    short = p["short_break"][ch["owner"]] >= 0
    ptype = np.where(short, K2, ptype)
    provider = np.select(
        [ptype <= 5, ptype == K2, ptype == P1, ptype == H5, ptype == R1, ptype >= A5],
        [categorical(rng, [0, 0.66, 0, 0, 0.30, 0.04], size=m),
         categorical(rng, [0, 0.20, 0, 0, 0.72, 0.08], size=m),
         np.zeros(m, np.int64),
         categorical(rng, [0, 0.20, 0, 0, 0.80, 0], size=m),
         categorical(rng, [0, 0.10, 0.10, 0.10, 0.70, 0], size=m),
         categorical(rng, [0, 0.70, 0, 0, 0, 0.30], size=m)],
    )
    provider = np.where(short, 1, provider)
    return ptype, provider


def _legal_changes(rng: np.random.Generator, ctx: Context, p: Frame) -> Frame:
    """Legal statuses in force through each period: the start's, then each change."""
    n = len(p["start"])
    E = ctx.extract_day
    start, end = p["start"], p["end"]
    adopt = p["outcome"] == ADOPT
    age = days.age_years(p["dob"], start)
    first = np.choose(categorical(rng, [0.45, 0.38, 0.05, 0.04, 0.08], size=n),
                      [np.full(n, V2), np.full(n, C1), np.full(n, L1), np.full(n, L2),
                       np.where(age >= 10, J2, V2)])
    first = np.where(adopt | ((p["outcome"] == SGO) & (rng.random(n) < 0.8)), C1, first)
    short = p["short_break"] >= 0
    first = np.where(short, p["short_break"], first)
    rows = [{"owner": np.arange(n), "day": start, "status": first}]
    status, when = first, start.copy()
    # Police protection or an emergency order gives way within days to a care order or S20.
    t = when + integers(rng, 1, 8, n)
    nxt = np.where(rng.random(n) < 0.6, C1, V2)
    go = np.isin(status, (L1, L2))
    rows.append({"owner": np.flatnonzero(go), "day": t[go], "status": nxt[go]})
    status, when = np.where(go, nxt, status), np.where(go, t, when)
    # Some voluntary (S20) arrangements turn into care proceedings.
    t = when + gamma_days(rng, 150, 2.0, n)
    go = (status == V2) & (rng.random(n) < 0.12) & ~short
    rows.append({"owner": np.flatnonzero(go), "day": t[go], "status": np.full(go.sum(), C1)})
    status, when = np.where(go, C1, status), np.where(go, t, when)
    # An interim order becomes a full care order; for adoption, a placement order may follow.
    t = when + gamma_days(rng, 210, 4.0, n, minimum=28)
    via_c2 = ~adopt | (rng.random(n) < 0.3)
    t = np.where(adopt & via_c2, np.minimum(t, p["placement_order"] - 14), t)
    go = (status == C1) & via_c2 & (rng.random(n) < np.where(adopt, 1.0, 0.85))
    rows.append({"owner": np.flatnonzero(go), "day": t[go], "status": np.full(go.sum(), C2)})
    status, when = np.where(go, C2, status), np.where(go, t, when)
    go = adopt & (p["placement_order"] < NEVER) & (status != E1)
    rows.append({"owner": np.flatnonzero(go), "day": p["placement_order"][go],
                 "status": np.full(go.sum(), E1)})
    c = concat(rows)
    o = c["owner"]
    ok = (c["day"] == start[o]) | ((c["day"] > start[o]) & (c["day"] < end[o]) & (c["day"] <= E))
    c = take(c, np.flatnonzero(ok))
    c = take(c, np.lexsort((c["day"], c["owner"])))
    first_of_day = starts_new_key(c["owner"], c["day"])
    # Two changes on one day: the later in the story wins (keep the last of the day).
    last_of_day = np.r_[first_of_day[1:], True]
    return take(c, np.flatnonzero(last_of_day))


def expand(ctx: Context, rng: np.random.Generator, p: Frame,
           period_id: np.ndarray) -> tuple[dict[str, pa.Table], Frame]:
    """Records of the kept periods of care; also returns the IRO involvements to allocate."""
    E = ctx.extract_day
    n = len(period_id)
    out: dict[str, pa.Table] = {}
    person = p["person"]

    # Placements and legal statuses, then episodes wherever either changes.
    pc = _placement_changes(ctx, rng, p)
    ptype, provider = _placement_types(rng, p, pc)
    pc_end = next_in_group(pc["owner"], pc["day"], -1)
    pc_end = np.where(pc_end < 0, p["end"][pc["owner"]], pc_end)
    pid = ctx.ids.take("placement", len(pc["owner"]))
    ended = pc_end < NEVER
    out["ssd_cla_placement"] = output.to_table("ssd_cla_placement", {
        "clap_cla_placement_id": output.ids(pid),
        "clap_cla_id": output.ids(period_id[pc["owner"]]),
        "clap_person_id": output.ids(person[pc["owner"]]),
        "clap_cla_placement_start_date": output.dates(pc["day"]),
        "clap_cla_placement_end_date": output.dates(pc_end),
        "clap_cla_placement_type": output.codes(PLACEMENT_TYPES, ptype),
        "clap_cla_placement_provider": output.codes(PROVIDERS, provider),
        "clap_cla_placement_postcode": output.codes(
            SECTORS, np.where(ptype == P1, -1, rng.integers(0, len(SECTORS), len(pid)))),
        "clap_cla_placement_change_reason": output.codes(
            CHANGE_REASONS,
            np.where(ended & ~is_last_in_group(pc["owner"]),
                     categorical(rng, CHANGE_REASON_SHARES, size=len(pid)), -1)),
    })

    lc = _legal_changes(rng, ctx, p)
    lc_end = next_in_group(lc["owner"], lc["day"], -1)
    lc_end = np.where(lc_end < 0, p["end"][lc["owner"]], lc_end)
    out["ssd_legal_status"] = output.to_table("ssd_legal_status", {
        "lega_legal_status_id": output.ids(ctx.ids.take("legal", len(lc["owner"]))),
        "lega_person_id": output.ids(person[lc["owner"]]),
        "lega_legal_status": output.codes(LEGAL, lc["status"]),
        "lega_legal_status_start_date": output.dates(lc["day"]),
        "lega_legal_status_end_date": output.dates(lc_end),
    })

    out["ssd_cla_episodes"] = _episodes(ctx, p, period_id, pc, lc)
    out.update(_visits_reviews_health(ctx, rng, p, period_id))
    out["ssd_permanence"] = _permanence(ctx, rng, p, period_id)

    # One IRO per period of care, sometimes a second after a change of IRO.
    regular = np.flatnonzero(p["short_break"] < 0)
    change = np.where(rng.random(n) < 0.25,
                      p["start"] + gamma_days(rng, 400, 2.0, n), NEVER)
    change = np.where((change < np.minimum(p["end"], E + 1)), change, NEVER)
    has_change = regular[change[regular] < NEVER]
    iro = {
        "person": np.concatenate([person[regular], person[has_change]]),
        "start": np.concatenate([p["start"][regular], change[has_change]]),
        "end": np.concatenate([np.minimum(p["end"][regular], change[regular]),
                               p["end"][has_change]]),
    }
    return out, iro


def _episodes(ctx: Context, p: Frame, period_id: np.ndarray, pc: Frame, lc: Frame) -> pa.Table:
    place = {"owner": pc["owner"], "day": pc["day"], "is_place": np.ones(len(pc["owner"]), bool),
             "same_carer": pc["kind"] == _ADOPTIVE}
    place["same_carer"] &= p["by_carer"][pc["owner"]]
    legal = {"owner": lc["owner"], "day": lc["day"], "is_place": np.zeros(len(lc["owner"]), bool),
             "same_carer": np.zeros(len(lc["owner"]), bool)}
    c = concat([place, legal])
    c = take(c, np.lexsort((c["day"], c["owner"])))
    key_change = starts_new_key(c["owner"], c["day"])
    starts = np.flatnonzero(key_change)
    owner, day = c["owner"][starts], c["day"][starts]
    any_place = np.maximum.reduceat(c["is_place"].astype(np.int8), starts).astype(bool)
    all_place = np.minimum.reduceat(c["is_place"].astype(np.int8), starts).astype(bool)
    any_legal = ~all_place
    same_carer = np.maximum.reduceat(c["same_carer"].astype(np.int8), starts).astype(bool)
    rank = group_rank(owner)
    reason = np.select(
        [rank == 0, same_carer & any_legal, same_carer, any_place & any_legal, any_place],
        [_S, _U, _T, _B, _P], default=_L)
    end = next_in_group(owner, day, -1)
    last = end < 0
    end = np.where(last, p["end"][owner], end)
    # X1: this episode ends and the next starts the same day; the last carries the period's
    # reason (blank while it is still open).
    ceased_codes = CEASED_REASONS + ("X1",)
    ceased_index = np.where(last, p["reason"][owner], len(CEASED_REASONS))
    return output.to_table("ssd_cla_episodes", {
        "clae_cla_episode_id": output.ids(ctx.ids.take("episode", len(owner))),
        "clae_person_id": output.ids(p["person"][owner]),
        "clae_cla_id": output.ids(period_id[owner]),
        "clae_cla_episode_start_date": output.dates(day),
        "clae_cla_episode_start_reason": output.codes(START_REASONS, reason),
        "clae_cla_episode_ceased_date": output.dates(end),
        "clae_cla_episode_ceased_reason": output.codes(ceased_codes, ceased_index),
        "clae_entered_care_date": output.dates(p["start"][owner]),
    })


def _visits_reviews_health(ctx: Context, rng: np.random.Generator, p: Frame,
                           period_id: np.ndarray) -> dict[str, pa.Table]:
    E, H = ctx.extract_day, ctx.history_start
    out: dict[str, pa.Table] = {}
    regular = p["short_break"] < 0
    start, end = p["start"], p["end"]
    stop = np.where(regular, np.minimum(end, E), start - 1)  # short breaks: none of these
    # Visits about every six weeks. A long period's visits from before the window are not
    # carried: the story joins them mid-way.
    anchor = np.maximum(start, H - 90)
    from_start = anchor == start
    owner, when = recurrences(
        rng, anchor, stop,
        first=lambda o: np.where(from_start[o], integers(rng, 1, 7, len(o)),
                                 integers(rng, 1, 42, len(o))),
        gap=lambda k: mixture(rng, k, 1 - R.VISIT_LATE, (20, 42), (43, 70)), min_gap=20)
    m = len(owner)
    out["ssd_cla_visits"] = output.to_table("ssd_cla_visits", {
        "clav_cla_visit_id": output.ids(ctx.ids.take("cla_visit", m)),
        "clav_cla_id": output.ids(period_id[owner]),
        "clav_person_id": output.ids(p["person"][owner]),
        "clav_cla_visit_date": output.dates(when),
        "clav_cla_visit_seen": output.flags(rng.random(m) < 0.97),
        "clav_cla_visit_seen_alone": output.flags(rng.random(m) < 0.6),
    })
    out["ssd_cla_reviews"] = _reviews(ctx, rng, p, period_id)

    # Health: an initial assessment soon after the start, then review health assessments
    # every year (every six months under 5) and yearly dental checks.
    n = len(start)
    iha_wd = np.where(rng.random(n) < R.IHA_WITHIN_20, integers(rng, 3, 20, n),
                      integers(rng, 21, 80, n))
    iha = days.add_wd(start, iha_wd)
    iha = np.where(regular & (rng.random(n) > 0.04) & (iha <= stop), iha, NEVER)
    rha_from = np.where(iha < NEVER, iha, start)
    # Some children (mostly older ones) decline their checks after the first.
    stop = np.where(rng.random(n) < R.HEALTH_CHECK_REFUSED, start - 1, stop)
    under5 = days.age_years(p["dob"], start) < 5
    late = R.HEALTH_CHECK_LATE
    o_old, rha_old = recurrences(
        rng, rha_from, np.where(under5, start - 1, stop),
        first=lambda o: integers(rng, 150, 360, len(o)),
        gap=lambda k: mixture(rng, k, 1 - late, (300, 360), (380, 540)), min_gap=150)
    o_young, rha_young = recurrences(
        rng, rha_from, np.where(under5, stop, start - 1),
        first=lambda o: integers(rng, 100, 180, len(o)),
        gap=lambda k: mixture(rng, k, 1 - late, (150, 180), (190, 280)), min_gap=150)
    d_owner, dental = recurrences(
        rng, start, stop,
        first=lambda o: integers(rng, 30, 200, len(o)),
        gap=lambda k: mixture(rng, k, 1 - late, (280, 360), (380, 560)), min_gap=280)
    has_iha = np.flatnonzero(iha < NEVER)
    h_owner = np.concatenate([has_iha, o_old, o_young, d_owner])
    h_type = np.concatenate([np.zeros(len(has_iha), np.int64),
                             np.ones(len(o_old) + len(o_young), np.int64),
                             np.full(len(d_owner), 2)])
    h_day = np.concatenate([iha[has_iha], rha_old, rha_young, dental])
    keep = h_day >= H - 400
    h_owner, h_type, h_day = h_owner[keep], h_type[keep], h_day[keep]
    order = np.lexsort((h_day, h_owner))
    h_owner, h_type, h_day = h_owner[order], h_type[order], h_day[order]
    out["ssd_cla_health"] = output.to_table("ssd_cla_health", {
        "clah_health_check_id": output.ids(ctx.ids.take("health", len(h_owner))),
        "clah_person_id": output.ids(p["person"][h_owner]),
        "clah_health_check_type": output.codes(("IHA", "RHA", "DENTAL"), h_type),
        "clah_health_check_date": output.dates(h_day),
    })
    return out


def _reviews(ctx: Context, rng: np.random.Generator, p: Frame,
             period_id: np.ndarray) -> pa.Table:
    """Reviews due 20 working days after the start, 3 months later, then every 6 months."""
    E, H = ctx.extract_day, ctx.history_start
    start, end = p["start"], p["end"]
    idx = np.flatnonzero(p["short_break"] < 0)
    span_months = (np.minimum(end[idx], E + 200) - start[idx]) / 30.4
    owner = np.repeat(idx, np.maximum(np.ceil((span_months - 3) / 6).astype(np.int64) + 2, 1))
    number = group_rank(owner)
    first_due = days.add_wd(start[owner], np.full(len(owner), 20))
    due = np.where(number == 0, first_due,
                   days.add_months(first_due, 3 + 6 * np.maximum(number - 1, 0)))
    m = len(owner)
    on_time = rng.random(m) < R.CLA_REVIEW_ON_TIME
    held = np.where(on_time, due - integers(rng, 0, 10, m), due + integers(rng, 1, 25, m))
    held = np.maximum(held, start[owner] + 1)
    cancelled = rng.random(m) < R.CLA_REVIEW_CANCELLED
    prev_due = np.where(number == 0, -1, np.r_[0, due[:-1]])
    still_open = end[owner] == NEVER
    # An open period carries its reviews to date and the next one due; an ended period only
    # the reviews held while the child was looked after.
    keep = np.where(still_open, (due <= E) | (prev_due <= E),
                    (due <= end[owner]) & (cancelled | (held <= end[owner])))
    keep &= due >= H - 200
    held = np.where(cancelled | (held > E), NEVER, held)
    owner, due, held, cancelled = owner[keep], due[keep], held[keep], cancelled[keep]
    return output.to_table("ssd_cla_reviews", {
        "clar_cla_review_id": output.ids(ctx.ids.take("cla_review", len(owner))),
        "clar_cla_id": output.ids(period_id[owner]),
        "clar_cla_review_due_date": output.dates(due),
        "clar_cla_review_date": output.dates(held),
        "clar_cla_review_cancelled": output.flags(cancelled),
    })


def _permanence(ctx: Context, rng: np.random.Generator, p: Frame,
                period_id: np.ndarray) -> pa.Table:
    E = ctx.extract_day
    adopt = p["outcome"] == ADOPT
    order_made = (p["end"] <= E) & np.isin(p["reason"], [CEASED_REASONS.index(c) for c in
                                                         ("E11", "E12", "E45", "E46", "E41")])
    # A few children's adoption plans are reversed and they leave care another way.
    n = len(adopt)
    young = days.age_years(p["dob"], p["start"]) < 5
    reversed_ = (p["outcome"] == SGO) & young & (rng.random(n) < 0.15)
    rev_decision = p["start"] + integers(rng, 90, 200, n)
    rev_day = rev_decision + integers(rng, 60, 250, n)
    rev_ok = reversed_ & (rev_day < np.minimum(p["end"], E + 1))
    idx = np.flatnonzero(adopt | order_made | rev_ok)
    order_type = np.select(
        [adopt[idx], p["reason"][idx] == CEASED_REASONS.index("E41")], [0, 2], default=1)
    decision = np.where(rev_ok[idx], rev_decision[idx], p["decision"][idx])
    return output.to_table("ssd_permanence", {
        "perm_table_id": output.ids(ctx.ids.take("permanence", len(idx))),
        "perm_person_id": output.ids(p["person"][idx]),
        "perm_cla_id": output.ids(period_id[idx]),
        "perm_adm_decision_date": output.dates(decision),
        "perm_placement_order_date": output.dates(p["placement_order"][idx]),
        "perm_matched_date": output.dates(p["matched"][idx]),
        "perm_placed_for_adoption_date": output.dates(p["placed"][idx]),
        "perm_adopted_by_carer_flag": output.flags(p["by_carer"][idx], blank=~adopt[idx]),
        "perm_placed_foster_carer_date": output.dates(p["placed_with_carer"][idx]),
        "perm_decision_reversed_date": output.dates(np.where(rev_ok[idx], rev_day[idx], NEVER)),
        "perm_permanence_order_date": output.dates(
            np.where(order_made[idx], p["end"][idx], NEVER)),
        "perm_permanence_order_type": output.codes(
            ("Adoption", "Special guardianship order", "Child arrangements order"),
            np.where(order_made[idx], order_type, -1)),
    })
