"""Progress of a run on stderr: one line per step and per notebook start and finish.

On a terminal a tqdm bar counts the notebooks under those lines; in a CI log (stderr not a TTY)
there is no bar and no carriage return, only the lines.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total_notebooks: int, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.total = total_notebooks
        self.done = 0
        self.started: dict[str, float] = {}
        self._bar = None
        if self.stream.isatty() and total_notebooks:
            from tqdm import tqdm

            self._bar = tqdm(total=total_notebooks, unit="notebook", file=self.stream,
                             leave=False, dynamic_ncols=True, bar_format=(
                                 "{l_bar}{bar}| {n_fmt}/{total_fmt} notebooks [{elapsed}]"))

    def line(self, text: str) -> None:
        if self._bar is not None:
            self._bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def step(self, text: str) -> float:
        self.line(f"  {text} ...")
        return time.monotonic()

    def step_done(self, text: str, since: float) -> None:
        self.line(f"  {text} ({time.monotonic() - since:.1f} s)")

    def notebook_started(self, name: str) -> None:
        self.started[name] = time.monotonic()
        self.line(f"  {name} started")

    def notebook_finished(self, name: str, seconds: float, ok: bool) -> None:
        self.started.pop(name, None)
        self.done += 1
        word = "finished" if ok else "FAILED"
        self.line(f"  [{self.done}/{self.total}] {name} {word} in {seconds:.1f} s")
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
