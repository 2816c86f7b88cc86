"""Care leavers (current state at the extract date) and missing episodes."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from scorecard.synth import days, output
from scorecard.synth import rates as R
from scorecard.synth.arrays import Frame, categorical, integers, is_last_in_group, recurrences
from scorecard.synth.care import ADOPT
from scorecard.synth.context import Context
from scorecard.synth.days import NEVER

ELIGIBILITY = ("Eligible", "Relevant", "Former relevant")
IN_TOUCH = ("YES", "NO", "DIED", "REFU", "NREQ", "RHOM")
IN_TOUCH_SHARES = np.array([R.CARE_LEAVER_IN_TOUCH, 0.04, 0.002, 0.025, 0.015, 0.008])
# SSDA903 accommodation: with parents or relatives, community home, semi-independent,
# supported lodgings, ordinary lodgings, foyer, independent living, former foster carers,
# custody, no fixed abode, bed and breakfast.
ACCOMMODATION = ("B", "C", "D", "E", "G", "H", "K", "Z", "U", "S", "T")
ACCOMMODATION_SHARES = np.array([0.14, 0.03, 0.20, 0.10, 0.05, 0.04, 0.26, 0.11, 0.03,
                                 0.02, 0.02])
EET = ("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5")
NOT_EET = ("G4", "G5", "G6")
MISSING_TYPES = ("M", "Missing", "A", "Away", "missing")
MISSING_TYPE_SHARES = np.array([0.62, 0.26, 0.06, 0.04, 0.02])


def care_leavers(ctx: Context, rng: np.random.Generator, periods: Frame) -> tuple[pa.Table, Frame]:
    """Young people aged 17-21 at the extract date whom the authority supports as care leavers.

    Eligibility follows the Children (Leaving Care) Act: looked after at least 13 weeks since
    their 14th birthday and on or after their 16th. Returns the table and the personal adviser
    involvements to allocate.
    """
    E = ctx.extract_day
    regular = np.flatnonzero((periods["short_break"] < 0) & (periods["outcome"] != ADOPT))
    p = {k: v[regular] for k, v in periods.items()}
    order = np.lexsort((p["start"], p["person"]))
    p = {k: v[order] for k, v in p.items()}
    last = is_last_in_group(p["person"])  # each young person's latest period of care
    p = {k: v[last] for k, v in p.items()}
    dob = p["dob"]
    age = days.age_years(dob, np.full(len(dob), E))
    b14, b16 = days.birthday(dob, 14), days.birthday(dob, 16)
    in_care = p["end"] == NEVER
    through = np.where(in_care, E, p["end"])
    long_enough = (through - np.maximum(p["start"], b14)) >= 91
    qualifies = long_enough & (through >= b16) & (age >= 17) & (age <= 21)
    status = np.select([in_care, age < 18], [0, 1], default=2)
    idx = np.flatnonzero(qualifies)
    n = len(idx)
    touch = categorical(rng, IN_TOUCH_SHARES, size=n)
    suitable = np.where(rng.random(n) < R.CARE_LEAVER_SUITABLE, 0, 1)
    in_eet = rng.random(n) < R.CARE_LEAVER_EET
    activity = np.where(in_eet, rng.integers(0, len(EET), n),
                        len(EET) + categorical(rng, [0.3, 0.55, 0.15], size=n))
    # Contact and pathway-plan dates fall after leaving care (or after the start, in care).
    floor = np.where(in_care, p["start"], p["end"])[idx]
    latest = np.where(touch == 0, E - integers(rng, 0, 60, n), E - integers(rng, 90, 400, n))
    latest = np.where(np.isin(touch, (0, 1)), np.maximum(latest, floor), NEVER)
    table = output.to_table("ssd_care_leavers", {
        "clea_table_id": output.ids(ctx.ids.take("care_leaver", n)),
        "clea_person_id": output.ids(p["person"][idx]),
        "clea_care_leaver_eligibility": output.codes(ELIGIBILITY, status[idx]),
        "clea_care_leaver_in_touch": output.codes(IN_TOUCH, touch),
        "clea_care_leaver_latest_contact": output.dates(latest),
        "clea_care_leaver_accommodation": output.codes(
            ACCOMMODATION, categorical(rng, ACCOMMODATION_SHARES, size=n)),
        "clea_care_leaver_accom_suitable": output.codes(("1", "2"), suitable),
        "clea_care_leaver_activity": output.codes(EET + NOT_EET, activity),
        "clea_pathway_plan_review_date": output.dates(
            np.maximum(E - integers(rng, 0, 180, n), floor)),
    })
    # A personal adviser from leaving care (or from 16 for those still looked after).
    pa_start = np.where(in_care[idx], np.maximum(p["start"][idx], b16[idx]),
                        p["end"][idx]) + integers(rng, 0, 60, n)
    ok = pa_start <= E
    advisers = {"person": p["person"][idx][ok], "start": pa_start[ok],
                "end": np.full(int(ok.sum()), NEVER)}
    return table, advisers


def missing_episodes(ctx: Context, rng: np.random.Generator, periods: Frame,
                     episodes: Frame) -> pa.Table:
    """Missing and away-from-placement episodes of older children, looked after or not."""
    E, H = ctx.extract_day, ctx.history_start
    # Looked-after children aged 11+ who run away, and a few teenagers known to the front door.
    care_from = np.maximum.reduce([periods["start"], days.birthday(periods["dob"], 11),
                                   np.full(len(periods["start"]), H)])
    care_to = np.minimum(periods["end"], E)
    runner = (rng.random(len(care_from)) < R.RUNNER_SHARE) & (periods["short_break"] < 0)
    cin_from = np.maximum.reduce([episodes["day"], days.birthday(episodes["dob"], 12),
                                  np.full(len(episodes["day"]), H)])
    cin_to = np.minimum(episodes["close"], E)
    cin_runner = rng.random(len(cin_from)) < 0.04
    person = np.concatenate([periods["person"], episodes["person"]])
    start = np.concatenate([care_from, cin_from])
    stop = np.concatenate([np.where(runner, care_to, care_from - 1),
                           np.where(cin_runner, cin_to, cin_from - 1)])
    mean_gap = 365 / R.RUNNER_EPISODES_PER_YEAR
    owner, day = recurrences(
        rng, start, stop,
        first=lambda o: integers(rng, 0, int(mean_gap), len(o)),
        gap=lambda k: 7 + np.rint(rng.exponential(mean_gap - 7, k)).astype(np.int64),
        min_gap=7)
    m = len(owner)
    length = np.select([rng.random(m) < 0.55, rng.random(m) < 0.67], [0, 1],
                       default=integers(rng, 2, 5, m))
    end = day + length
    end = np.where(end > E, NEVER, end)
    kind = categorical(rng, MISSING_TYPE_SHARES, size=m)
    offered = (rng.random(m) < R.RHI_OFFERED) & (end < NEVER)
    accepted = offered & (rng.random(m) < 0.55)
    return output.to_table("ssd_missing", {
        "miss_table_id": output.ids(ctx.ids.take("missing", m)),
        "miss_person_id": output.ids(person[owner]),
        "miss_missing_episode_type": output.codes(MISSING_TYPES, kind),
        "miss_missing_episode_start_date": output.dates(day),
        "miss_missing_episode_end_date": output.dates(end),
        "miss_missing_rhi_offered": output.flags(offered, blank=end == NEVER),
        "miss_missing_rhi_accepted": output.flags(accepted, blank=~offered),
    })
