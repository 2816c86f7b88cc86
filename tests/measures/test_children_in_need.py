"""CN01-CN02 on hand-made micro extracts; every expected figure is worked out in the comments.

Period 2025-26 Q2 ends Tue 2025-09-30; extract date 2025-10-07. September 2025 has 22 working
days (Mon 1st to Tue 30th), so wd(Tue 2 Sep, 30 Sep) = 20, wd(Mon 1 Sep, 30 Sep) = 21,
wd(Wed 3 Sep, 30 Sep) = 19 and wd(Tue 16 Sep, 30 Sep) = 10.
"""

from micro import micro
from scorecard.measures import children_in_need  # noqa: F401  (registers CN01-CN02)
from scorecard.measures.registry import MEASURES, summarise
from scorecard.params import Params
from scorecard.periods import quarter

Q1 = quarter("2025-26-Q1")
Q2 = quarter("2025-26-Q2")


def run(mid, x, period=Q2, params=None):
    m = MEASURES[mid]
    return summarise(m, m.func(x, period, params or Params()))


def episode(rid, person, start, close=""):
    return {"cine_referral_id": rid, "cine_person_id": person, "cine_referral_date": start,
            "cine_close_date": close}


def cin_plan(pid, person, start, end=""):
    return {"cinp_cin_plan_id": pid, "cinp_person_id": person,
            "cinp_cin_plan_start_date": start, "cinp_cin_plan_end_date": end}


def visit(vid, person, date, seen="Y"):
    return {"cinv_cin_visit_id": vid, "cinv_person_id": person, "cinv_cin_visit_date": date,
            "cinv_cin_visit_seen": seen}


EPISODES = [
    episode("A1", "A", "2025-09-30"),                # referred on the end day: open at Q2 end
    episode("B1", "B", "2025-01-01", "2025-09-30"),  # closed on the Q2 end day: not open then
    episode("C1", "C", "2025-01-01", "2025-10-01"),  # closed after the end: open
    episode("D1", "D", "2024-05-01"),                # two open episodes: one child
    episode("D2", "D", "2025-02-01"),
    episode("E1", "E", "2025-10-01"),                # referred after the end
    episode("F1", "F", "2025-03-01", "2025-05-01"),  # closed long before
    episode("F2", "F", "2025-08-01"),                # then referred again: open at Q2 end
]


def test_CN01_children_in_need_at_the_quarter_end():
    # At 2025-09-30: A, C, D (once, 2 open episodes), F (F2) -> 4 children.
    r = run("CN01", micro(ssd_cin_episodes=EPISODES))
    assert (r.numerator, r.denominator, r.value) == (4, None, 4.0)
    a = r.audit.set_index("cine_person_id")
    assert list(a.index) == ["A", "C", "D", "F"]
    assert a.loc["D", "open_episodes"] == 2
    assert a.loc["D", "cine_referral_id"] == "D1"
    assert a.loc["F", "cine_referral_id"] == "F2"
    assert MEASURES["CN01"].rate_per_10k


def test_CN01_snapshot_at_the_previous_quarter_end():
    # At 2025-06-30: B (open until 30 Sep), C, D -> 3 (A, E, F2 not yet referred; F1 closed).
    r = run("CN01", micro(ssd_cin_episodes=EPISODES), Q1)
    assert r.value == 3.0
    assert list(r.audit["cine_person_id"]) == ["B", "C", "D"]


CN02_EXTRACT = dict(
    ssd_cin_plans=[
        cin_plan("C1", "A", "2025-01-01"),
        cin_plan("C2", "B", "2025-01-01"),
        cin_plan("C3", "C", "2025-09-02"),                # open exactly 20 working days
        cin_plan("C4", "D", "2025-09-03"),                # open 19 working days
        cin_plan("C5", "E", "2025-08-01", "2025-09-30"),  # ended on the end day: not open
        cin_plan("C6", "F", "2025-06-01"),                # never visited
    ],
    ssd_cin_visits=[
        visit("V1", "A", "2025-09-02"),             # 20 working days before the end
        visit("V2", "B", "2025-09-01"),             # 21: too old
        visit("V2b", "B", "2025-09-25", seen="N"),  # recent but not seen
        visit("V3", "C", "2025-09-02"),             # the plan's first day, 20 wd
        visit("V4", "D", "2025-09-16"),             # 10 wd
        visit("V5", "E", "2025-09-29"),
    ],
)


def test_CN02_seen_in_the_last_20_working_days():
    # Default N = 20. Denominator C1, C2, C3, C6 = 4 (C4 open only 19 wd; C5 closed).
    # Numerator C1 (20), C3 (20) = 2 -> 50%.
    r = run("CN02", micro(**CN02_EXTRACT))
    assert (r.numerator, r.denominator, r.value) == (2, 4, 50.0)
    a = r.audit.set_index("cinp_cin_plan_id")
    assert list(a.index) == ["C1", "C2", "C3", "C4", "C6"]
    assert list(a.index[a.in_numerator]) == ["C1", "C3"]
    # From Wed 1 Jan 2025 (a holiday): Jan 22, Feb 20, Mar 21, Apr 20 (Easter), May 20, Jun 21,
    # Jul 23, Aug 20, Sep 22 = 189; from Sun 1 Jun: Jun 21 + Jul 23 + Aug 20 + Sep 22 = 86.
    assert list(a["working_days_open"]) == [189, 189, 20, 19, 86]
    assert a.loc["C2", "working_days_since_seen"] == 21
    assert a.loc["C2", "latest_seen_visit_id"] == "V2"
    assert a.loc["C4", "reason"] == "plan started 19 working days before the end (fewer than 20)"
    assert a.loc["C6", "reason"] == "no seen CIN visit of the child"


def test_CN02_threshold_comes_from_params_in_both_places():
    # N = 10: every plan open at the end has run at least 10 wd -> denominator C1, C2, C3, C4,
    # C6 = 5. Seen within 10: only D's 16 Sep visit (10 wd) -> C4 -> 1/5 = 20%.
    r = run("CN02", micro(**CN02_EXTRACT), params=Params(cin_visit_wd=10))
    assert (r.numerator, r.denominator, r.value) == (1, 5, 20.0)
    a = r.audit.set_index("cinp_cin_plan_id")
    assert list(a.index[a.in_numerator]) == ["C4"]
    assert a.loc["C1", "reason"] == "last seen 20 working days before the end"
