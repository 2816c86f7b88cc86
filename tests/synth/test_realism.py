"""The sample validates cleanly and its 2025-26 Q2 measures land in England's published ranges.

Flow measures are taken over the year to date (April-September 2025), snapshots at 30
September 2025. The first block of ranges is the brief's (published ranges); the second holds
the other measures to plausible values, so a change to the generator that breaks a story shows.
If a measure drifts out of range, tune the generator (synth/rates.py), never the measure.
"""

from __future__ import annotations

import pytest

from scorecard.params import Params
from scorecard.periods import quarter, year_to_date

PUBLISHED = {
    "AS01": (80, 90), "FD03": (18, 26), "CP04": (20, 27), "CP07": (2, 8), "LA04": (8, 12),
    "LA05": (60, 75), "WF01": (13, 19),
}
PLAUSIBLE = {
    "FD04": (4, 12), "AS02": (60, 85), "AS03": (75, 92), "CP02": (70, 90), "CP08": (85, 95),
    "CP09": (85, 95), "CN02": (78, 95), "LA06": (85, 97), "LA07": (85, 95), "LA08": (40, 70),
    "LA09": (82, 95), "LA10": (80, 93), "LA12": (55, 80), "LA13": (70, 85), "AD02": (420, 530),
    "AD03": (140, 210), "CL01": (85, 96), "CL02": (82, 94), "CL03": (45, 65), "WF03": (40, 90),
    "WF04": (12, 22), "WF05": (72, 90), "WF06": (45, 65), "SE01": (40, 60),
    # counts at scale 1 (six months of flow, or the stock at the end)
    "FD02": (1800, 2400), "CP03": (170, 230), "CP06": (280, 380), "CN01": (2250, 3050),
    "LA01": (455, 615), "LA02": (80, 125), "AD01": (3, 20),
}


def test_validation_excludes_nothing_and_lists_only_the_planted_suspects(sample_extract):
    dq = sample_extract.data_quality
    assert (dq["status"] == "excluded").sum() == 0
    rules = set(dq["rule"])
    # planted: a U flag, an unknown health check code, a visit with a lost plan id, and
    # planned end dates after the extract date
    assert rules == {"flag_value", "unknown_code", "orphan_reference", "end_after_extract_date"}
    assert len(dq) <= 20


@pytest.fixture(scope="module")
def values(sample_extract) -> dict[str, float]:
    from scorecard.measures.registry import load_all, summarise

    measures = load_all()
    q = quarter("2025-26-Q2")
    ytd = year_to_date(q)
    params = Params(population_0_17=80_000)
    out = {}
    for mid in {**PUBLISHED, **PLAUSIBLE}:
        m = measures[mid]
        r = summarise(m, m.func(sample_extract, ytd if m.window == "flow" else q, params))
        out[mid] = r.value
    return out


@pytest.mark.parametrize("mid", sorted(PUBLISHED))
def test_measure_in_englands_published_range(values, mid):
    lo, hi = PUBLISHED[mid]
    assert values[mid] is not None and lo <= values[mid] <= hi, (mid, values[mid])


@pytest.mark.parametrize("mid", sorted(PLAUSIBLE))
def test_measure_plausible(values, mid):
    lo, hi = PLAUSIBLE[mid]
    assert values[mid] is not None and lo <= values[mid] <= hi, (mid, values[mid])
