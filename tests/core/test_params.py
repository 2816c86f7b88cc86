"""Params are validated on load, with errors that name the key."""

from pathlib import Path

import pytest

from scorecard.params import Params, ParamsError, load_params, parse_params

ROOT = Path(__file__).resolve().parents[2]


def test_sample_params_load():
    p = load_params(ROOT / "params" / "anyshire.yaml")
    assert p.la_code == "E99000001" and p.population_0_17 == 80000
    assert p.targets["AS01"].target == 85 and p.targets["AS01"].amber == 80
    assert len(p.statistical_neighbours) == 10
    assert p.suppress_below == 6 and p.cin_visit_wd == 20


def test_defaults_without_a_file():
    p = load_params(None)
    assert (p.cin_visit_wd, p.cla_visit_days, p.caseload_threshold, p.supervision_days,
            p.suppress_below, p.renderer) == (20, 42, 20, 28, 6, "pandoc")
    assert p.targets == {}


@pytest.mark.parametrize("raw, fragment", [
    ({"la_cod": "E1"}, "unknown key 'la_cod'"),
    ({"population_0_17": "80k"}, "population_0_17 must be a whole number"),
    ({"suppress_below": 0}, "suppress_below must be at least 1"),
    ({"statistical_neighbours": "E10000007"}, "statistical_neighbours must be a list"),
    ({"targets": {"XX99": {"target": 1}}}, "targets.XX99: no such measure"),
    ({"targets": {"AS01": {"target": "high"}}}, "targets.AS01.target must be a number"),
    ({"targets": {"AS01": {"target": 85, "amber": 90}}}, "amber 90 lies on the wrong side"),
    ({"targets": {"FD03": {"target": 20, "amber": 15}}}, "amber 15 lies on the wrong side"),
    ({"targets": {"FD01": {"target": 100}}}, "FD01 is neutral"),
    ({"targets": {"AS01": {"target": 85, "red": 70}}}, "unknown key 'red'"),
    ({"renderer": "word"}, "renderer must be pandoc or quarto"),
])
def test_bad_params_name_the_key(raw, fragment):
    with pytest.raises(ParamsError, match=fragment.replace("(", r"\(")):
        parse_params(raw, "params/test.yaml")


def test_bad_yaml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("targets: [unclosed", encoding="utf-8")
    with pytest.raises(ParamsError, match="not valid YAML"):
        load_params(bad)
    with pytest.raises(ParamsError, match="not found"):
        load_params(tmp_path / "absent.yaml")


def test_la_code_must_match_the_extract():
    p = Params(la_code="E10000007", source="params/x.yaml")
    with pytest.raises(ParamsError, match="does not match the extract's la_code E99000001"):
        p.with_extract_defaults("E99000001", "Anyshire")
    filled = Params().with_extract_defaults("E99000001", "Anyshire")
    assert (filled.la_code, filled.la_name) == ("E99000001", "Anyshire")
