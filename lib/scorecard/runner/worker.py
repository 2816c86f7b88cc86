"""A notebook worker: executes notebooks with papermill, one job per line read on stdin.

The runner starts `--jobs` of these at the beginning of a run, so Python start-up and the
papermill and nbconvert imports overlap the validation instead of being paid per notebook. Each
job is a JSON line (see `runner.pool.Job`); the answer is one JSON line on the original stdout,
which nothing else writes to (library output goes to stderr, which the runner keeps in a log).

Each worker keeps one kernel for all the notebooks it runs, and resets it between them
(`InteractiveShell.reset(new_session=True)`: an empty namespace, the cell counter back to 1), so a
run starts two kernels rather than nine and imports pandas, matplotlib and the measures twice
rather than nine times: that was about a third of a run's time. The notebooks cannot lean on
each other through the kernel (their variables are gone), and the nbval tests run each one in a
fresh kernel of its own.

A worker runs in its own session, so Ctrl-C at the terminal reaches only the runner, which then
stops the workers with SIGTERM: the handler below turns that into KeyboardInterrupt, and the
worker shuts its kernel down on the way out; a kernel whose worker died anyway exits by itself
(ipykernel watches its parent process).
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import time
import traceback
from pathlib import Path

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _stop(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


# An empty namespace and the cell counter back to 1, in the notebook's folder (a kernel starts
# before the run's output folder exists); leaves no name behind.
RESET = "get_ipython().reset(new_session=True); __import__('os').chdir({cwd!r})"
# Imported into each kernel as soon as it starts, while the runner is still computing, so the
# notebooks' first cells find them loaded (a reset keeps modules, only the namespace goes).
# gc.freeze() then sets those modules' objects aside from garbage collection: each reset ends in
# a full collection, which otherwise walks every object of pandas and matplotlib again.
WARM = "import gc, scorecard.notebook_helpers; gc.freeze()  # noqa"


class Kernel:
    """One kernel, started once and reset (into the notebook's folder) before each notebook."""

    def __init__(self) -> None:
        self.km = None
        self.warm = False

    def start(self, kernel_name: str, cwd: str) -> None:
        """Launch the kernel unless it is running; returns while it is still starting."""
        from jupyter_client.manager import AsyncKernelManager
        from nbclient.util import run_sync

        if self.km is not None and run_sync(self.km.is_alive)():
            return
        self.shutdown()
        self.km = AsyncKernelManager(kernel_name=kernel_name)
        run_sync(self.km.start_kernel)(cwd=cwd)
        self.warm = False

    def ready(self, kernel_name: str, cwd: str):
        """The kernel, started and warmed if need be, with an empty namespace in `cwd`."""
        self.start(kernel_name, cwd)
        if not self.warm:
            self._run(WARM)
            self.warm = True
        self._run(RESET.format(cwd=str(cwd)))
        return self.km

    def _run(self, code: str) -> None:
        """Execute `code` silently (no output, no cell counted)."""
        from nbclient.util import run_sync

        kc = self.km.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=120)
            reply = run_sync(kc.execute_interactive)(code, silent=True, timeout=120,
                                                    output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"{code!r} failed in the kernel: {reply['content']}")
        finally:
            kc.stop_channels()

    def shutdown(self) -> None:
        if self.km is None:
            return
        from nbclient.util import run_sync

        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # already gone: nothing left to stop
            pass
        self.km = None


def execute(job: dict, kernel: Kernel | None = None) -> dict:
    """Run one notebook and export it to HTML; never raises for a notebook's own error."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from scorecard.runner.export import export_html

    started = time.monotonic()
    result: dict = {"name": job["name"], "status": "ok", "error": None}
    executed = None  # the notebook as papermill wrote it, when it finished
    try:
        shared = {"km": kernel.ready(job["kernel"], job["cwd"])} if kernel else {}
        executed = papermill.execute_notebook(
            job["input"], job["output"], parameters=job["parameters"],
            kernel_name=job["kernel"], cwd=job["cwd"], progress_bar=False, log_output=False,
            # saved once at the end (and on failure): saving after every cell rewrites the
            # growing notebook dozens of times, and a killed run's folder is discarded anyway
            request_save_on_cell_execute=False, start_timeout=120, **shared,
        )
    except PapermillExecutionError as e:
        result["status"] = "failed"
        result["error"] = {
            "cell_index": e.cell_index, "execution_count": e.exec_count,
            "source": e.source, "ename": e.ename, "evalue": _ANSI.sub("", str(e.evalue)),
            "where": _last_frame([_ANSI.sub("", t) for t in e.traceback or []]),
        }
    except Exception as e:  # the kernel died, a timeout, an unreadable notebook
        result["status"] = "failed"
        result["error"] = {
            "cell_index": None, "execution_count": None, "source": "",
            "ename": type(e).__name__, "evalue": str(e),
            "where": traceback.format_exc(limit=-1).strip().splitlines()[-1],
        }
    if Path(job["output"]).exists():
        try:
            export_html(Path(job["output"]), Path(job["html"]), executed)
        except Exception as e:  # an export failure fails the run too: the pack is incomplete
            if result["status"] == "ok":
                result["status"] = "failed"
                result["error"] = {
                    "cell_index": None, "execution_count": None, "source": "",
                    "ename": type(e).__name__, "evalue": f"HTML export: {e}", "where": "",
                }
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


def _last_frame(lines: list[str]) -> str:
    """The innermost 'File ..., line N' or '----> N' location of an IPython traceback."""
    text = "\n".join(lines)
    frames = re.findall(r"(File [^\n]+?:\d+(?:, in [^\n]+)?)", text)
    if frames:
        return frames[-1].strip()
    cells = re.findall(r"(Cell In\[\d+\], line \d+)", text)
    return cells[-1] if cells else ""


def main() -> int:
    """`python -m scorecard.runner.worker [KERNEL_NAME CWD]`."""
    protocol = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # keep stray prints (papermill, nbclient) off the protocol channel
    sys.stdout = sys.stderr
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    kernel = Kernel()
    try:
        if len(sys.argv) == 3:  # kernel name and folder: start the kernel before any notebook,
            kernel.start(sys.argv[1], sys.argv[2])  # importing papermill while it starts
        import papermill  # noqa: F401

        if len(sys.argv) == 3:
            kernel.ready(sys.argv[1], sys.argv[2])
        protocol.write(json.dumps({"ready": True}) + "\n")
        from scorecard.runner.export import warm_exporter

        warm_exporter()  # templates compiled before the first notebook ends, not after it
        for line in sys.stdin:
            if not line.strip():
                continue
            result = execute(json.loads(line), kernel)
            protocol.write(json.dumps(result) + "\n")
            # nbclient puts its own SIGTERM/SIGINT handlers on its event loop while a notebook
            # runs, and asyncio leaves the defaults behind when it removes them: take them back
            signal.signal(signal.SIGTERM, _stop)
            signal.signal(signal.SIGINT, _stop)
    except KeyboardInterrupt:
        return 130
    finally:
        kernel.shutdown()
    return 0


if __name__ == "__main__":
    code = main()
    # its kernel is shut down and every notebook written: skip the interpreter's teardown of
    # papermill, nbconvert and pandas (a few tenths of a second the runner would wait for)
    sys.stderr.flush()
    os._exit(code)
