"""The runner's background threads step aside for the notebooks, and only themselves."""

import os
import sys
import threading

import pytest

from scorecard.runner.background import NICENESS, yield_to_the_notebooks


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread niceness is Linux's")
def test_only_the_calling_thread_is_lowered():
    before = os.getpriority(os.PRIO_PROCESS, 0)
    seen = {}

    def work():
        yield_to_the_notebooks()
        seen["thread"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen["thread"] == min(before + NICENESS, 19)
    assert os.getpriority(os.PRIO_PROCESS, 0) == before  # the main thread is as it was
