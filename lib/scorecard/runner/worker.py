"""A notebook worker: executes notebooks with papermill, one job per line read on stdin.

The runner starts `--jobs` of these at the beginning of a run, so Python start-up and the
papermill and nbconvert imports overlap the validation instead of being paid per notebook. Each
job is a JSON line (see `runner.pool.Job`); the answer is one JSON line on the original stdout,
which nothing else writes to (library output goes to stderr, which the runner keeps in a log).

A worker runs in its own session, so Ctrl-C at the terminal reaches only the runner, which then
stops the workers with SIGTERM: the handler below turns that into KeyboardInterrupt inside
papermill, whose clean-up shuts the kernel down; a kernel whose worker died anyway exits by
itself (ipykernel watches its parent process).
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


def execute(job: dict) -> dict:
    """Run one notebook and export it to HTML; never raises for a notebook's own error."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from scorecard.runner.export import export_html

    started = time.monotonic()
    result: dict = {"name": job["name"], "status": "ok", "error": None}
    try:
        papermill.execute_notebook(
            job["input"], job["output"], parameters=job["parameters"],
            kernel_name=job["kernel"], cwd=job["cwd"], progress_bar=False, log_output=False,
            # saved once at the end (and on failure): saving after every cell rewrites the
            # growing notebook dozens of times, and a killed run's folder is discarded anyway
            request_save_on_cell_execute=False, start_timeout=120,
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
            export_html(Path(job["output"]), Path(job["html"]))
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
    protocol = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # keep stray prints (papermill, nbclient) off the protocol channel
    sys.stdout = sys.stderr
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    import papermill  # noqa: F401  (warm the import while the runner validates)

    import scorecard.runner.export  # noqa: F401

    protocol.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        try:
            result = execute(job)
        except KeyboardInterrupt:
            return 130
        protocol.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
