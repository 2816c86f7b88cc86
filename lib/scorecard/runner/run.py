"""`scorecard run`: the quarter's scorecard from an extract, as DESIGN.md's output folder.

The flow, and why:
1. Validate the extract once and save the validated tables as parquet (`.work/extract`), which
   00_validate reads instead of the raw CSVs. The notebook workers (`runner.pool`) and their
   kernels start beside the validation, on the other core.
2. Compute every measure once, in this process (`.work/results`; see `runner.results` for why
   the notebooks read the computed scorecard instead of each recomputing its area).
3. Execute the notebooks with papermill in `--jobs` worker processes: 00_validate starts as soon
   as the validated cache exists, the others once the scorecard is computed. Each executed
   notebook is also exported to offline HTML. The notebooks write the audit pack: 00_validate
   data_quality.csv, each area notebook its audit/<ID>.csv files and figures, 90_scorecard
   measures.csv and the sidecars the documents are rendered from. Meanwhile a low-priority
   thread renders the documents from the sidecars as computed here (`RenderAhead`).
4. Keep those documents if the notebooks' sidecars read the same, else render them again from
   the notebooks' sidecars (unless `--formats none`); write README.txt and manifest.json, and
   swap the finished folder into place (`runner.publish`). A failure keeps the failed run in
   `<period>.failed/` and leaves the previous good output untouched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from scorecard.errors import RunFailed, ScorecardError
from scorecard.params import load_params
from scorecard.periods import Period, custom, quarter
from scorecard.runner import manifest as mf
from scorecard.runner.background import yield_to_the_notebooks
from scorecard.runner.pool import Job, WorkerPool
from scorecard.runner.progress import Progress
from scorecard.runner.publish import OutputFolder
from scorecard.runner.readme import write_readme
from scorecard.runner.scheduler import NotebookFailed, Scheduler
from scorecard.runner.sidecars import (
    resolve_commentary,
    write_data_quality_summary,
    write_scorecard_sidecars,
)

NOTEBOOK_DIR = mf.PROJECT_ROOT / "notebooks"
VALIDATE_NOTEBOOK = "00_validate"  # reads only the validated extract: starts before the compute
WORK = ".work"  # inside the build folder, removed before publishing
PREVIEW = "documents-ahead"  # in WORK: the sidecars as computed, before the notebooks write them
KERNEL_NAME = "scorecard-run"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def run(
    extract: Path,
    period: str | None,
    start: str | None,
    end: str | None,
    params_path: Path | None,
    output: Path,
    formats: list[str],
    jobs: int | None,
    renderer: str | None,
    allow_exact_dob: bool,
    *,
    notebook_dir: Path | None = None,
) -> int:
    """Run the scorecard; return 0 when the output folder is published.

    Errors a user can act on raise ScorecardError (the command line prints them and exits
    non-zero); a failing notebook raises RunFailed naming the notebook, cell and error.
    `notebook_dir` replaces the project's notebooks (tests use it to break one).
    """
    started_at = datetime.now(UTC)
    clock = time.monotonic()
    extract = Path(extract).resolve()
    if not extract.is_dir():
        raise ScorecardError(f"--extract {extract}: no such folder")
    the_period = _period(period, start, end)
    params = load_params(params_path)
    notebooks = _notebooks(Path(notebook_dir) if notebook_dir else NOTEBOOK_DIR)
    jobs = _jobs(jobs, len(notebooks))
    renderer = renderer or params.renderer
    commentary = resolve_commentary(params, params_path)
    hasher = mf.InputHasher(extract)
    hasher.start()

    progress = Progress(len(notebooks))
    progress.line(f"scorecard run: {extract} for {the_period.display}")
    with _signals_interrupt(), _workers(jobs) as pool:
        t = progress.step("validating the extract")
        x = _validate(extract, allow_exact_dob)
        validated_in = _since(t)
        params = params.with_extract_defaults(x.la_code, x.la_name)
        la_code = _safe(params.la_code, "la_code")
        dq = x.data_quality
        excluded = int((dq["status"] == "excluded").sum()) if len(dq) else 0
        records = sum(len(v) for v in x.tables.values())
        progress.step_done(
            f"validated {len(x.tables)} tables, {records:,} records "
            f"({excluded:,} excluded, {len(dq) - excluded:,} suspect)", t)

        extract_date = str(x.extract_date.date())
        produced = started_at.astimezone().date().isoformat()
        final = Path(output).resolve() / la_code / the_period.label
        timings: dict[str, float] = {"validate": validated_in}
        results: dict[str, dict] = {}
        with OutputFolder(final) as folder:
            build = folder.build
            work = build / WORK
            scheduler = Scheduler(pool, progress)
            ahead = RenderAhead(build, formats, renderer, work / PREVIEW)
            try:
                from scorecard.engine import compute_scorecard
                from scorecard.extract.cache import save_validated
                from scorecard.runner.results import results_from, save_results

                t = progress.step("saving the validated tables for the notebooks")
                save_validated(x, work / "extract")
                timings["save_validated"] = _since(t)
                progress.step_done("saved the validated tables", t)
                job_list = [_job(nb, build, extract, the_period, params_path, allow_exact_dob)
                            for nb in notebooks]
                first = [j for j in job_list if j.name == VALIDATE_NOTEBOOK]
                scheduler.add(first)

                t = progress.step(f"computing the measures for {the_period.display}")
                sc = compute_scorecard(x, params, the_period, progress=scheduler.check)
                run_info = {"produced": produced, "renderer": renderer,
                            "commentary": commentary}
                save_results(results_from(x, sc, run_info), work / "results")
                if formats:  # the sidecars 00_validate and 90_scorecard will write, now
                    write_scorecard_sidecars(work / PREVIEW / "sidecars", sc.rows, params,
                                             the_period, x.extract_date, run_info,
                                             sc.unavailable)
                    write_data_quality_summary(x, work / PREVIEW)
                timings["compute"] = _since(t)
                progress.step_done(
                    f"computed {sc.rows['measure_id'].nunique()} measures, {len(sc.rows)} rows "
                    f"({len(sc.unavailable)} not available from this extract)", t)
                del x

                t = time.monotonic()
                scheduler.add(_longest_first(
                    [j for j in job_list if j.name != VALIDATE_NOTEBOOK]))
                if formats:
                    ahead.start()
                software = mf.SoftwareRecorder()
                software.start()
                results = scheduler.wait()
                timings["notebooks"] = _since(t)  # those left once the scorecard was computed
                pool.finish()  # the workers exit while the documents are rendered
            except NotebookFailed as failed:
                _stop_all(scheduler, pool, ahead, progress)
                kept = folder.keep_failed()
                _keep_logs(pool, kept)
                raise RunFailed(_failure_message(failed.result, kept, final)) from None
            except BaseException:
                _stop_all(scheduler, pool, ahead, progress)
                raise
            progress.close()

            try:
                _check_outputs(build, notebooks, sc.audits)
                write_readme(build, la_name=params.la_name or la_code,
                             period_display=the_period.display, produced=produced,
                             extract_date=extract_date, formats=formats)
                if formats:
                    t = progress.step(f"rendering {', '.join(formats)}")
                    if ahead.matches_the_notebooks():
                        done = "rendered the documents (while the notebooks ran)"
                    else:
                        _render(build, formats, renderer)
                        done = "rendered the documents"
                    timings["render"] = _since(t)
                    progress.step_done(done, t)
            except RunFailed as e:
                kept = folder.keep_failed()
                _keep_logs(pool, kept)
                raise RunFailed(f"{e}\n  The run is kept in {kept}.\n  {_previous(final)}"
                                ) from None
            pool.close()
            shutil.rmtree(work, ignore_errors=True)
            finished_at = datetime.now(UTC)
            mf.write_manifest(build / "manifest.json", {
                "command": ["scorecard", *sys.argv[1:]] if sys.argv else None,
                "period": {"label": the_period.label, "kind": the_period.kind,
                           "start": str(the_period.start.date()),
                           "end": str(the_period.end.date())},
                "extract": {"folder": str(extract), "files": hasher.result()},
                "params": mf.params_record(params, params_path),
                "commentary": commentary,
                **software.result(),
                "options": {"formats": formats, "jobs": jobs, "renderer": renderer,
                            "allow_exact_dob": allow_exact_dob},
                "started": started_at.isoformat(timespec="seconds"),
                "finished": finished_at.isoformat(timespec="seconds"),
                "seconds": round(time.monotonic() - clock, 2),
                "steps": {k: round(v, 2) for k, v in timings.items()},
                "notebooks": [{"notebook": f"notebooks/{n.stem}.ipynb",
                               "seconds": results[n.stem]["seconds"]} for n in notebooks],
                "outputs": _output_hashes(build),
            })
            folder.publish()
    progress.line(f"scorecard run: wrote {final} in {time.monotonic() - clock:.1f} s")
    return 0


# -- steps -------------------------------------------------------------------------------------

def _period(period: str | None, start: str | None, end: str | None) -> Period:
    try:
        if period:
            return quarter(period)
        if not (start and end):
            raise ScorecardError("give --period, or --start and --end")
        return custom(start, end)
    except ValueError as e:
        raise ScorecardError(str(e)) from None


def _notebooks(folder: Path) -> list[Path]:
    found = sorted(folder.glob("[0-9]*.ipynb"))
    if not found:
        raise ScorecardError(f"no notebooks in {folder}")
    return found


def _jobs(jobs: int | None, notebooks: int) -> int:
    if jobs is not None and jobs < 1:
        raise ScorecardError(f"--jobs must be at least 1, got {jobs}")
    if jobs is None:
        try:
            jobs = len(os.sched_getaffinity(0))
        except AttributeError:
            jobs = os.cpu_count() or 1
    return max(1, min(jobs, notebooks))


def _safe(value: str | None, what: str) -> str:
    if not value or not _SAFE_NAME.match(str(value)):
        raise ScorecardError(
            f"{what} {value!r} cannot name the output folder (letters, digits, '-', '_', '.')")
    return str(value)


def _validate(extract: Path, allow_exact_dob: bool):
    from scorecard.extract.load import load_extract

    return load_extract(extract, allow_exact_dob=allow_exact_dob)


def _worker_env(work: Path) -> dict[str, str]:
    """The workers' environment: a kernel spec pinned to this Python, so a `python3` kernel
    registered elsewhere on the machine can never run the notebooks."""
    spec = work / "jupyter" / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        # no IPython history: nothing of a run is kept in ~/.ipython, and no SQLite writes
        "argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher",
                 "-f", "{connection_file}", "--HistoryManager.enabled=False"],
        "display_name": "scorecard (run)", "language": "python",
    }), encoding="utf-8")
    env = dict(os.environ)
    env.update({
        "JUPYTER_PATH": str(work / "jupyter"),
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    return env


def _job(nb: Path, build: Path, extract: Path, period: Period, params_path: Path | None,
         allow_exact_dob: bool) -> Job:
    out = build / "notebooks"
    out.mkdir(exist_ok=True)
    return Job(
        name=nb.stem, input=str(nb), output=str(out / nb.name),
        html=str(out / f"{nb.stem}.html"), kernel=KERNEL_NAME, cwd=str(build),
        parameters={
            "extract": str(extract),
            "period": period.label if period.kind == "quarter" else None,
            "start": None if period.kind == "quarter" else str(period.start.date()),
            "end": None if period.kind == "quarter" else str(period.end.date()),
            "params_file": str(Path(params_path).resolve()) if params_path else None,
            "output": ".",
            "precomputed": WORK,
            "allow_exact_dob": allow_exact_dob,
        },
    )


@contextmanager
def _workers(jobs: int):
    """The notebook workers, started before anything else: their start-up and their kernels'
    imports (about 2 s of CPU each) then use the second core while the runner validates and
    computes. The run's output folder does not exist yet (its name needs the extract's
    authority code), so they start in a folder of their own, which keeps their logs; each
    notebook's kernel moves into the output folder as the notebook starts."""
    home = Path(tempfile.mkdtemp(prefix=f"scorecard-workers-{os.getpid()}-"))
    pool = None
    try:
        pool = WorkerPool(jobs, _worker_env(home), home / "logs", (KERNEL_NAME, str(home)))
        yield pool
    finally:
        if pool is not None:
            pool.terminate()  # stops nothing after a finished run: its workers have exited
        shutil.rmtree(home, ignore_errors=True)


def _stop_all(scheduler: Scheduler, pool: WorkerPool, ahead: RenderAhead,
              progress: Progress) -> None:
    """A failed or interrupted run: no more notebooks, the workers and their kernels stopped,
    the early render let finish, the progress line closed."""
    scheduler.stop()
    pool.terminate()
    ahead.finish()
    progress.close()


def _keep_logs(pool: WorkerPool, kept: Path) -> None:
    """The workers' logs beside a failed run's notebooks, where the failure message points."""
    logs = kept / WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    for log in sorted(pool.log_dir.glob("*.log")):
        shutil.copyfile(log, logs / log.name)


def _longest_first(jobs: list[Job]) -> list[Job]:
    """Hand out the notebooks with the most measures (and charts) first, so that two workers
    finish close together instead of one waiting on a long notebook started last."""
    import nbformat

    def cells(job: Job) -> int:
        return len(nbformat.read(job.input, as_version=4).cells)

    return sorted(jobs, key=cells, reverse=True)


def _failure_message(result: dict, kept: Path, final: Path) -> str:
    e = result.get("error") or {}
    name = result["name"]
    if name.startswith("worker "):  # no notebook had started: the worker itself failed
        return (f"a notebook {name} stopped: {e.get('evalue', '')}\n"
                f"  The run is kept in {kept}.\n  {_previous(final)}")
    where = f" at cell In [{e['execution_count']}]" if e.get("execution_count") else ""
    lines = [f"notebook {name} failed{where}:"]
    source = (e.get("source") or "").strip().splitlines()
    if source:
        lines.append("      " + source[0] + (" ..." if len(source) > 1 else ""))
    evalue = (e.get("evalue") or "").strip().splitlines()
    lines.append(f"    {e.get('ename', 'Error')}: {evalue[-1] if evalue else ''}".rstrip())
    if e.get("where"):
        lines.append(f"    ({e['where']})")
    lines.append(f"  The executed notebook is kept in {kept / 'notebooks' / (name + '.ipynb')} "
                 f"(and .html beside it).")
    lines.append(f"  {_previous(final)}")
    return "\n".join(lines)


def _previous(final: Path) -> str:
    if final.exists():
        return f"The previous output in {final} is untouched."
    return f"Nothing was published in {final}."


def _check_outputs(build: Path, notebooks: list[Path], audits: dict) -> None:
    """The notebooks are where the audit pack is written; an edited notebook that forgets a
    file must fail the run rather than publish a pack with a hole in it."""
    required = ["measures.csv", "data_quality.csv", "sidecars/measures.parquet",
                "sidecars/run.json", "sidecars/data_quality_summary.csv"]
    required += [f"audit/{mid}.csv" for mid in sorted(audits)]
    for nb in notebooks:
        required += [f"notebooks/{nb.name}", f"notebooks/{nb.stem}.html"]
    missing = [r for r in required if not (build / r).is_file()]
    if missing:
        raise RunFailed(
            f"the notebooks did not write {', '.join(missing[:5])}"
            + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""))


class RenderAhead(threading.Thread):
    """Renders the documents while the notebooks run, from the sidecars as the runner computed
    them (`<work>/documents-ahead/sidecars/`): the render then costs the run nothing once the
    last notebook is done, instead of a second or two, and on a busy machine it uses what the
    notebooks leave of the CPU, at a lower priority.

    The documents must come from the sidecars the notebooks wrote, which are the ones published
    and the ones `scorecard render` reads again later. So they are kept only if those sidecars
    read the same as these (`matches_the_notebooks`); otherwise, or if anything went wrong
    here, the runner renders again, from the notebooks' sidecars, the ordinary way.
    """

    def __init__(self, build: Path, formats: list[str], renderer: str, preview: Path):
        super().__init__(daemon=True)
        self.build, self.formats, self.renderer, self.preview = build, formats, renderer, preview
        self.rendered = False

    def run(self) -> None:
        yield_to_the_notebooks()
        try:
            from scorecard.render import render_run

            self.rendered = render_run(self.build, self.formats, self.renderer,
                                       sidecars_from=self.preview, announce=False) == 0
        except Exception:  # rendered again the ordinary way, which reports any real problem
            self.rendered = False

    def finish(self, timeout: float = 15.0) -> None:
        """Let an early render end before the run's folder is kept or removed (a render takes a
        few seconds; its pandoc has usually had the same Ctrl-C and stopped already)."""
        if self.ident is not None:
            self.join(timeout)

    def matches_the_notebooks(self) -> bool:
        if self.ident is None:  # never started: no formats asked for
            return False
        self.join()
        if not self.rendered:
            return False
        from scorecard.render.pipeline import same_sidecars
        from scorecard.render.sidecars import load_sidecars

        try:
            return same_sidecars(load_sidecars(self.build), load_sidecars(self.preview))
        except Exception:  # the ordinary render reports what is wrong with them
            return False


def _render(build: Path, formats: list[str], renderer: str) -> None:
    from scorecard.render import render_run

    try:
        code = render_run(build, formats=formats, renderer=renderer)
    except ScorecardError as e:
        raise RunFailed(f"rendering the documents failed: {e}") from None
    if code:
        raise RunFailed(f"rendering the documents failed (exit code {code})")


def _output_hashes(build: Path) -> dict[str, str]:
    """SHA-256 of the reproducible outputs, so two runs can be compared from their manifests."""
    files = [build / "measures.csv", build / "data_quality.csv",
             *sorted((build / "audit").glob("*.csv"))]
    return {str(p.relative_to(build)): mf.sha256_file(p) for p in files if p.is_file()}


def _since(t: float) -> float:
    return time.monotonic() - t


@contextmanager
def _signals_interrupt():
    """SIGTERM and SIGHUP end the run like Ctrl-C does: through the clean-up paths."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = {}
    try:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            previous[sig] = signal.signal(sig, interrupt)
    except ValueError:  # not the main thread (tests may call run() from a thread)
        previous = {}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
