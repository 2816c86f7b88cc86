"""The `scorecard` command exits straight after its work (cli.entry): its messages must still
reach the terminal in full, and its exit code must be the command's."""

import subprocess
import sys


def test_an_error_is_printed_whole_and_exits_2(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "scorecard", "run", "--extract", str(tmp_path / "nowhere"),
         "--period", "2025-26-Q2"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == f"scorecard run: --extract {tmp_path / 'nowhere'}: no such folder\n"


def test_success_exits_0_with_its_output(tmp_path):
    done = subprocess.run([sys.executable, "-m", "scorecard", "measures", "--format", "csv"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("id,") and len(lines) == 47  # the header and 46 measures
