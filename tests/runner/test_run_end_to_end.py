"""`scorecard run --formats none` end to end on the hand-checked test extract: the output folder
DESIGN.md lists, the measures.csv contract, byte-for-byte reruns, and that a failing notebook
and an interrupted run leave the previous output as it was.

One run is made for the module and checked from several sides; the rerun, the failure and the
interruption then each write into the same folder and compare it with that first run.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from runner.handchecked_values import EXTRACT, PARAMS
from scorecard.errors import RunFailed
from scorecard.measures.registry import load_all
from scorecard.render import render_run
from scorecard.runner.run import run

ROOT = Path(__file__).resolve().parents[2]
PERIOD = "2025-26-Q2"
LA = "E99000099"
# DESIGN.md's measures.csv columns, in its order
COLUMNS = ["measure_id", "title", "area", "window", "period_start", "period_end", "numerator",
           "denominator", "value", "rate_per_10k", "unit", "polarity", "target", "rag", "england",
           "region", "neighbours", "benchmark_year", "direction"]
QUARTER_ENDS = ["2023-12-31", "2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31",
                "2025-03-31", "2025-06-30", "2025-09-30"]


def _cli(output: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "scorecard", "run", "--extract", str(EXTRACT), "--period",
            PERIOD, "--params", str(PARAMS), "--output", str(output), "--formats", "none", *extra]


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("outputs")
    done = subprocess.run(_cli(out), capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-4000:]
    (out / "stderr.txt").write_text(done.stderr)
    return out


@pytest.fixture(scope="module")
def run_dir(output) -> Path:
    return output / LA / PERIOD


def test_the_output_folder_is_exactly_the_designed_one(output, run_dir):
    assert sorted(p.name for p in run_dir.iterdir()) == sorted([
        "measures.csv", "audit", "data_quality.csv", "notebooks", "figures", "sidecars",
        "manifest.json", "README.txt"])  # no report/: --formats none
    # nothing left beside it but the lock: no build folder, no .work cache
    assert sorted(p.name for p in (output / LA).iterdir()) == [f".{PERIOD}.lock", PERIOD]


def test_progress_is_one_line_per_notebook_start_and_finish(output):
    err = (output / "stderr.txt").read_text()
    assert "\r" not in err  # not a terminal: no progress bar redrawn in place
    for stem in ("00_validate", "10_front_door_and_assessment", "90_scorecard"):
        assert f"{stem} started" in err
        assert re.search(rf"\[\d/9\] {stem} finished in \d+\.\d s", err)


def test_measures_csv_contract(run_dir):
    rows = pd.read_csv(run_dir / "measures.csv", dtype={"benchmark_year": "string"})
    assert list(rows.columns) == COLUMNS
    registry = load_all()
    unavailable = json.loads((run_dir / "sidecars" / "run.json").read_text())["unavailable"]
    assert sorted(unavailable) == ["LA13", "WF06"]
    assert set(rows.measure_id) | set(unavailable) == set(registry)
    assert set(rows.measure_id).isdisjoint(unavailable)
    for mid, g in rows.groupby("measure_id"):
        m = registry[mid]
        if m.window == "flow":  # the 8 quarters ending with the one asked for, and its YTD
            assert list(g[g.window == "quarter"].period_end) == QUARTER_ENDS, mid
            ytd = g[g.window == "ytd"]
            assert list(zip(ytd.period_start, ytd.period_end)) == [("2025-04-01", "2025-09-30")]
        elif m.window == "latest":  # care leavers: current state, latest period only
            assert list(g.window) == ["snapshot"] and list(g.period_end) == ["2025-09-30"], mid
        else:  # snapshots and rolling windows at each quarter end
            assert set(g.window) == {m.window}, mid
            assert list(g.period_end) == QUARTER_ENDS, mid
        has = g.denominator > 0
        if m.unit == "percent":
            assert list(g.value[has]) == pytest.approx(
                list(100 * g.numerator[has] / g.denominator[has])), mid
            assert g.value[~has].isna().all(), mid  # no cases: no value, never 0%
        elif m.unit == "count":
            assert (g.numerator == g.value).all() and g.denominator.isna().all(), mid
        else:  # averages: numerator / denominator, unrounded
            assert list(g.value[has]) == pytest.approx(
                list(g.numerator[has] / g.denominator[has])), mid
            assert g.value[~has].isna().all(), mid
    as01 = rows[(rows.measure_id == "AS01") & (rows.period_end == "2025-09-30")]
    # hand-worked (tests/runner/handchecked_values.py): 2 of 4 in the quarter, 3 of 5 YTD;
    # target 85 with amber 80 in the test params: red
    assert as01[["window", "numerator", "denominator", "value", "target", "rag"]].values.tolist() \
        == [["quarter", 2, 4, 50.0, 85.0, "red"], ["ytd", 3, 5, 60.0, 85.0, "red"]]


def test_audit_files_explain_each_measure(run_dir):
    rows = pd.read_csv(run_dir / "measures.csv")
    assert sorted(p.stem for p in (run_dir / "audit").glob("*.csv")) == sorted(
        set(rows.measure_id))
    fd01 = pd.read_csv(run_dir / "audit" / "FD01.csv", dtype="string")
    # the contacts of the quarter, by hand: C2, C3, C4 (C7, after the extract date, is excluded
    # by validation and listed in data_quality.csv instead)
    quarter = fd01[fd01.window == "quarter"]
    assert list(quarter.cont_contact_id) == ["C2", "C3", "C4"]
    dq = pd.read_csv(run_dir / "data_quality.csv", dtype="string")
    assert list(dq.columns) == ["table", "row_id", "rule", "reason", "status", "measures"]
    assert dq[["table", "row_id", "status"]].values.tolist() == [
        ["ssd_contacts", "C7", "excluded"], ["ssd_cin_episodes", "R5", "suspect"]]


def test_executed_notebooks_and_their_offline_html(run_dir):
    names = sorted(p.name for p in (run_dir / "notebooks").iterdir())
    stems = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    assert names == sorted([f"{s}.ipynb" for s in stems] + [f"{s}.html" for s in stems])
    for stem in stems:
        nb = nbformat.read(run_dir / "notebooks" / f"{stem}.ipynb", as_version=4)
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert not errors, stem
        page = (run_dir / "notebooks" / f"{stem}.html").read_text(encoding="utf-8")
        assert "INTERNAL: DO NOT PUBLISH" in page
        assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)=[\"']?(https?:)?//",
                             page), stem
    page = (run_dir / "notebooks" / "10_front_door_and_assessment.html").read_text("utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    # the code is shown, and what it showed: AS01's check line, worked out by hand
    assert 'area.working("AS01")' in text
    assert "quarter: 2 of 4, 50.0%" in text


def test_every_chart_as_svg_and_png_with_alt_text(run_dir):
    figures = run_dir / "figures"
    stems = {p.name.split(".")[0] for p in figures.iterdir()}
    for stem in stems:
        for suffix in (".svg", ".png", ".alt.txt"):
            assert (figures / f"{stem}{suffix}").is_file(), stem + suffix
    # AS01 in the quarter, by hand: 2 of 4 authorised within 45 working days
    alt = (figures / "AS01_distribution.alt.txt").read_text()
    assert "2 of 4 (50.0%) are at or below the line" in alt
    assert {"front_door_assessment_trends_1", "front_door_assessment_trends_2"} <= stems
    # the area's trends: FD01 in the quarter is 3 contacts, by hand (C2, C3, C4)
    alt = (figures / "front_door_assessment_trends_1.alt.txt").read_text()
    assert "Contacts received (FD01): " in alt and " and 3 in 2025-26 Q2" in alt


def test_sidecars_follow_the_render_contract(run_dir):
    run_json = json.loads((run_dir / "sidecars" / "run.json").read_text())
    assert set(run_json) == {"la_code", "la_name", "committee", "period", "extract_date",
                             "produced", "suppress_below", "commentary", "renderer",
                             "unavailable", "targets"}
    assert run_json["period"] == {"label": PERIOD, "kind": "quarter", "start": "2025-07-01",
                                  "end": "2025-09-30", "display": "2025-26 Q2"}
    assert run_json["extract_date"] == "2025-10-07"
    assert run_json["targets"]["AS01"] == {"target": 85.0, "amber": 80.0}
    parquet = pd.read_parquet(run_dir / "sidecars" / "measures.parquet")
    csv = pd.read_csv(run_dir / "measures.csv")
    assert len(parquet) == len(csv)
    assert list(parquet.measure_id) == list(csv.measure_id)
    summary = pd.read_csv(run_dir / "sidecars" / "data_quality_summary.csv")
    assert summary.values.tolist() == [["ssd_contacts", "event_after_extract_date", "excluded", 1],
                                       ["ssd_cin_episodes", "flag_value", "suspect", 1]]


def test_manifest_pins_inputs_code_and_environment(run_dir):
    m = json.loads((run_dir / "manifest.json").read_text())
    files = {f["file"]: f["sha256"] for f in m["extract"]["files"]}
    assert files["ssd_contacts.csv"] == hashlib.sha256(
        (EXTRACT / "ssd_contacts.csv").read_bytes()).hexdigest()
    assert set(files) == {p.name for p in EXTRACT.iterdir()}
    assert m["params"]["file_sha256"] == hashlib.sha256(PARAMS.read_bytes()).hexdigest()
    assert m["params"]["values"]["population_0_17"] == 1000
    assert m["lock_file"]["sha256"] == hashlib.sha256(
        (ROOT / "requirements.lock").read_bytes()).hexdigest()
    assert m["code"]["scorecard"] and "git_commit" in m["code"]
    assert m["environment"]["python"] == sys.version.split()[0]
    assert m["environment"]["packages"]["pandas"] == pd.__version__
    assert [n["notebook"] for n in m["notebooks"]][0] == "notebooks/00_validate.ipynb"
    assert len(m["notebooks"]) == 9 and all(n["seconds"] > 0 for n in m["notebooks"])
    assert m["started"] <= m["finished"]
    assert m["outputs"]["measures.csv"] == hashlib.sha256(
        (run_dir / "measures.csv").read_bytes()).hexdigest()


def test_readme_tells_a_clerk_what_may_leave_the_team(run_dir):
    text = (run_dir / "README.txt").read_text()
    assert "Only the documents in this folder may be published" in text
    assert "INTERNAL AUDIT PACK: DO NOT PUBLISH" in text


def _reproducible(run_dir: Path) -> dict[str, str]:
    keep = ("measures.csv", "data_quality.csv", "audit/")
    return {k: v for k, v in _hashes(run_dir).items() if k.startswith(keep)}


def test_rerun_gives_identical_bytes(output, run_dir):
    before = _reproducible(run_dir)
    manifest_before = (run_dir / "manifest.json").read_text()
    done = subprocess.run(_cli(output, "--jobs", "1"), capture_output=True, text=True,
                          timeout=900, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-4000:]
    assert (run_dir / "manifest.json").read_text() != manifest_before  # a new run is in place
    assert _reproducible(run_dir) == before
    assert len(before) > 40


def _broken_notebooks(tmp_path: Path) -> Path:
    """00_validate with a cell that fails after its parameters; it runs while the scorecard is
    computed, so the runner must stop the computation too."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.read(ROOT / "notebooks" / "00_validate.ipynb", as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "open_validation" in c.source)
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(
        'raise ValueError("deliberate failure for the test")'))
    nbformat.write(nb, folder / "00_validate.ipynb")
    shutil.copy(ROOT / "notebooks" / "70_send.ipynb", folder)
    return folder


def test_a_failing_notebook_keeps_the_previous_output(output, run_dir, tmp_path):
    before = _hashes(run_dir)
    with pytest.raises(RunFailed) as failed:
        run(EXTRACT, PERIOD, None, None, PARAMS, output, [], 2, None, False,
            notebook_dir=_broken_notebooks(tmp_path))
    message = str(failed.value)
    kept = output / LA / f"{PERIOD}.failed"
    assert message.startswith("notebook 00_validate failed at cell In [")
    assert 'raise ValueError("deliberate failure for the test")' in message
    assert "ValueError: deliberate failure for the test" in message
    assert str(kept / "notebooks" / "00_validate.ipynb") in message
    assert f"The previous output in {run_dir} is untouched." in message
    assert _hashes(run_dir) == before
    nb = nbformat.read(kept / "notebooks" / "00_validate.ipynb", as_version=4)
    assert any(o.output_type == "error" for c in nb.cells for o in c.get("outputs", []))
    assert (kept / "notebooks" / "00_validate.html").is_file()
    assert (kept / ".work" / "logs" / "worker-0.log").is_file()  # the workers' logs, kept
    assert not list((output / LA).glob(".*building*"))


def _processes_mentioning(text: str) -> list[int]:
    """Our processes (workers, kernels) whose environment names `text`: the workers' folder,
    scorecard-workers-<the runner's pid>-..., is in their JUPYTER_PATH."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if text.encode() in (proc / "environ").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_an_interrupted_run_keeps_the_previous_output(output, run_dir, sig):
    before = _hashes(run_dir)
    proc = subprocess.Popen(_cli(output), stderr=subprocess.PIPE, text=True, cwd=ROOT)
    lines = []
    for line in proc.stderr:  # interrupt once a notebook is running
        lines.append(line)
        if " started" in line:
            break
    build = f".{PERIOD}.building-{proc.pid}"
    assert (output / LA / build).is_dir()
    proc.send_signal(sig)
    rest = proc.stderr.read()
    code = proc.wait(timeout=120)
    assert code == 130, "".join(lines) + rest
    assert "interrupted; earlier output left as it was" in rest
    assert _hashes(run_dir) == before
    assert not (output / LA / build).exists()
    workers = f"scorecard-workers-{proc.pid}-"
    deadline = time.monotonic() + 15
    while _processes_mentioning(workers) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _processes_mentioning(workers) == [], "a worker or kernel outlived the run"
    assert not list(Path(tempfile.gettempdir()).glob(workers + "*"))  # their folder removed
    assert os.path.isdir(run_dir)


def test_a_custom_period_writes_its_own_window(tmp_path):
    code = run(EXTRACT, None, "2025-07-01", "2025-08-31", PARAMS, tmp_path, [], None, None,
               False)
    assert code == 0
    folder = tmp_path / LA / "custom_2025-07-01_2025-08-31"
    rows = pd.read_csv(folder / "measures.csv")
    assert set(rows.window) <= {"period", "snapshot", "rolling"}
    assert not rows.duplicated("measure_id").any()  # one row per measure: no trend, no YTD
    assert (rows.period_end == "2025-08-31").all()
    fd01 = rows.set_index("measure_id").loc["FD01"]
    # contacts dated 1 July to 31 August, by hand: C2 (1 Jul), C3 (15 Aug) -> 2
    assert (fd01.window, fd01.period_start, fd01.numerator) == ("period", "2025-07-01", 2)
    assert not list((folder / "figures").glob("*_trends*"))  # no quarters, no trend chart
    run_json = json.loads((folder / "sidecars" / "run.json").read_text())
    assert run_json["period"]["kind"] == "period"


def test_documents_rendered_during_the_notebooks_equal_a_render_of_the_published_run(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run(
        [*_cli(out)[:-2], "--formats", "html,docx"], capture_output=True, text=True,
        timeout=900, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "rendered the documents (while the notebooks ran)" in done.stderr
    published = out / LA / PERIOD
    assert sorted(p.name for p in (published / "report").iterdir()) == [
        "scorecard.docx", "scorecard.html"]
    again = tmp_path / "again"
    shutil.copytree(published, again)
    shutil.rmtree(again / "report")
    assert render_run(again, ["html", "docx"]) == 0  # from the sidecars the notebooks wrote
    for name in ("scorecard.html", "scorecard.docx"):
        assert (again / "report" / name).read_bytes() == (
            published / "report" / name).read_bytes(), name
