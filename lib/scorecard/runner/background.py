"""Work the runner does in threads beside the notebooks (the early render, the manifest's
records), which must never hold the notebooks up."""

from __future__ import annotations

import os
import threading

NICENESS = 10


def yield_to_the_notebooks() -> None:
    """Lower the calling thread's scheduling priority, so that on a busy machine the notebooks,
    which the run waits for, come first. On Linux the niceness is the thread's own, and the
    processes it starts (pandoc) inherit it; elsewhere this does nothing."""
    try:
        thread = threading.get_native_id()
        now = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, min(19, now + NICENESS))
    except (AttributeError, OSError):
        pass
