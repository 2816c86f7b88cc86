"""The workforce: professionals, their involvements with children, supervisions, case audits.

Each block employs its share of the authority's workforce (170 case-holding social workers,
8 IROs, personal advisers and team managers at scale 1). Every piece of work with a child
(a referral episode beyond no further action, a period of care, a care leaver) is allocated to
workers of the right role, changing worker from time to time, so a worker's caseload is the
number of distinct children in their open involvements, as MEASURES.md counts it.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from scorecard.synth import output
from scorecard.synth import rates as R
from scorecard.synth.arrays import (
    Frame,
    categorical,
    concat,
    gamma_days,
    integers,
    mixture,
    next_in_group,
    recurrences,
    take,
)
from scorecard.synth.context import Context
from scorecard.synth.days import NEVER

ROLES = ("SW", "IRO", "PA")
SW_TEAMS = ("Assessment Team 1", "Assessment Team 2", "Assessment Team 3",
            "Family Safeguarding 1", "Family Safeguarding 2", "Family Safeguarding 3",
            "Children in Care 1", "Children in Care 2", "Disabled Children")
TEAMS = SW_TEAMS + ("Independent Reviewing Service", "Leaving Care Team")
SW_TITLES = ("Social Worker", "Senior Social Worker", "Advanced Practitioner")


class Workforce:
    """The block's professionals, by role, and the allocation of work to them."""

    def __init__(self, ctx: Context, rng: np.random.Generator):
        self.ctx, self.rng = ctx, rng
        counts = {"SW": ctx.workers(R.SOCIAL_WORKERS), "IRO": ctx.workers(R.IROS),
                  "PA": ctx.workers(R.PERSONAL_ADVISERS), "TM": ctx.workers(R.TEAM_MANAGERS)}
        self.ids = {role: ctx.ids.take("professional", k) for role, k in counts.items()}
        self.team = rng.integers(0, len(SW_TEAMS), counts["SW"])

    def professionals(self) -> pa.Table:
        rng = self.rng
        sw, iro, pa_, tm = (self.ids[k] for k in ("SW", "IRO", "PA", "TM"))
        n_sw = len(sw)
        titles = np.concatenate([categorical(rng, [0.55, 0.30, 0.15], size=n_sw),
                                 np.full(len(iro), 3), np.full(len(pa_), 4), np.full(len(tm), 5)])
        departments = np.concatenate([
            np.where(self.team < 3, 0, np.where(self.team < 6, 1, 2)),
            np.full(len(iro), 3), np.full(len(pa_), 4), rng.integers(0, 3, len(tm))])
        n = len(titles)
        fte = np.where(rng.random(n) < 0.8, 1.0, np.where(rng.random(n) < 0.6, 0.8, 0.6))
        agency = rng.random(n) < np.r_[np.full(n_sw, R.AGENCY_SHARE), np.full(n - n_sw, 0.05)]
        return output.to_table("ssd_professionals", {
            "prof_professional_id": output.ids(np.concatenate([sw, iro, pa_, tm])),
            "prof_professional_job_title": output.codes(
                SW_TITLES + ("Independent Reviewing Officer", "Personal Adviser", "Team Manager"),
                titles),
            "prof_professional_department": output.codes(
                ("Children's Social Care - Front Door", "Children's Social Care - Safeguarding",
                 "Children's Social Care - Children in Care", "Quality Assurance",
                 "Leaving Care Service"), departments),
            "prof_full_time_equivalency": output.numbers(fte),
            "prof_agency_worker_flag": output.flags(agency),
        })

    def involvements(self, work: dict[str, Frame]) -> pa.Table:
        """Allocate each role's spans of work {person, start, end[, ref]} to its workers."""
        ctx, rng = self.ctx, self.rng
        E = ctx.extract_day
        parts = []
        for role_index, role in enumerate(ROLES):
            spans = work[role]
            n = len(spans["person"])
            ref = spans.get("ref", np.full(n, -1, dtype=np.int64))
            # Workers change: a new allocation every so often while the work is open.
            stop = np.minimum(spans["end"], E)
            owner, change = recurrences(
                rng, spans["start"], stop - 1,
                first=lambda o: gamma_days(rng, R.WORKER_CHANGE_MEAN_DAYS, 1.2, len(o), 14),
                gap=lambda k: gamma_days(rng, R.WORKER_CHANGE_MEAN_DAYS, 1.2, k, 14), min_gap=14)
            seg = concat([{"owner": np.arange(n), "day": spans["start"]},
                          {"owner": owner, "day": change}])
            seg = take(seg, np.lexsort((seg["day"], seg["owner"])))
            end = next_in_group(seg["owner"], seg["day"], -1)
            end = np.where(end < 0, spans["end"][seg["owner"]], end)
            pool = self.ids[role]
            worker = rng.integers(0, len(pool), len(end))
            team = self.team[worker] if role == "SW" else np.full(len(end), len(SW_TEAMS) + (
                role == "PA"))
            parts.append({"professional": pool[worker], "role": np.full(len(end), role_index),
                          "team": team, "start": seg["day"], "end": end,
                          "person": spans["person"][seg["owner"]], "ref": ref[seg["owner"]]})
        inv = concat(parts)
        m = len(inv["person"])
        return output.to_table("ssd_involvements", {
            "invo_involvements_id": output.ids(ctx.ids.take("involvement", m)),
            "invo_professional_id": output.ids(inv["professional"]),
            "invo_professional_role_id": output.codes(ROLES, inv["role"]),
            "invo_professional_team": output.codes(TEAMS, inv["team"]),
            "invo_involvement_start_date": output.dates(inv["start"]),
            "invo_involvement_end_date": output.dates(inv["end"]),
            "invo_person_id": output.ids(inv["person"]),
            "invo_referral_id": output.ids(inv["ref"]),
        })

    def supervisions(self) -> pa.Table:
        """Social workers' supervision about every four weeks, some late."""
        ctx, rng = self.ctx, self.rng
        workers = np.concatenate([self.ids["SW"], self.ids["TM"]])
        n = len(workers)
        owner, day = recurrences(
            rng, np.full(n, ctx.history_start), np.full(n, ctx.extract_day),
            first=lambda o: integers(rng, 0, 28, len(o)),
            gap=lambda k: mixture(rng, k, 1 - R.SUPERVISION_LATE, (18, 28), (29, 60)),
            min_gap=18)
        return output.to_table("local_supervisions", {
            "supervision_id": output.ids(ctx.ids.take("supervision", len(owner))),
            "professional_id": output.ids(workers[owner]),
            "supervision_date": output.dates(day),
        })


def case_audits(ctx: Context, rng: np.random.Generator, episodes: Frame) -> pa.Table:
    """Practice audits of open cases, spread over the window, graded as Ofsted grades."""
    E, H = ctx.extract_day, ctx.history_start
    lo = np.maximum(episodes["work_from"], H)
    hi = np.minimum(episodes["close"], E)
    eligible = np.flatnonzero((episodes["work_from"] < NEVER) & (hi >= lo))
    n = min(ctx.count(rng, R.AUDITS_PER_YEAR, (E - H) / 365.25), len(eligible))
    pick = np.sort(rng.choice(eligible, n, replace=False)) if n else eligible[:0]
    day = lo[pick] + np.floor(rng.random(n) * (hi[pick] - lo[pick] + 1)).astype(np.int64)
    order = np.argsort(day, kind="stable")
    pick, day = pick[order], day[order]
    return output.to_table("local_case_audits", {
        "audit_id": output.ids(ctx.ids.take("audit", n)),
        "person_id": output.ids(episodes["person"][pick]),
        "audit_date": output.dates(day),
        "audit_grade": output.codes(R.AUDIT_GRADES,
                                    categorical(rng, R.AUDIT_GRADE_SHARES, size=n)),
    })
