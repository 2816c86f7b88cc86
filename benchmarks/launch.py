"""Run a command and write its own wall time and resource usage to a JSON file.

    python -I benchmarks/launch.py USAGE.json COMMAND...

Why a launcher: a child forked from a big process (pytest, or the benchmark once pandas is
imported) reports that parent's resident memory as its own peak, because the kernel keeps the
highest RSS the child's memory map ever had, and before `exec` that map is the parent's. This
launcher is small and imports only the standard library, so what it starts inherits only its
few MB, and `os.wait4` gives that command's own CPU time and peak RSS.
"""

import json
import os
import subprocess
import sys
import time


def main() -> int:
    report, command = sys.argv[1], sys.argv[2:]
    began = time.perf_counter()
    proc = subprocess.Popen(command)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - began
    proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
    with open(report, "w", encoding="utf-8") as f:
        json.dump({"returncode": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                   "maxrss_kb": usage.ru_maxrss}, f)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
