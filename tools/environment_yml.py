"""Write environment.yml (conda) from requirements.lock, so both install the same versions.

conda users get the same pinned packages through pip inside a conda Python; run by `make lock`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pinned(lock: Path) -> list[str]:
    pins = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-\[\]]+==[^\s;\\]+)(\s*;\s*([^\\]+?))?\s*\\?$", line)
        if m:
            marker = m.group(3)
            pins.append(f"{m.group(1)} ; {marker.strip()}" if marker else m.group(1))
    return pins


def render(lock: Path) -> str:
    lines = [
        "# Generated from requirements.lock by tools/environment_yml.py (make lock): do not edit.",
        "# conda users: conda env create -f environment.yml && conda activate scorecard",
        "name: scorecard",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        "  - python=3.11",
        "  - pip",
        "  - make",
        "  - pip:",
    ]
    lines += [f'      - "{p}"' for p in pinned(lock)]
    lines += ["      - -e ."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    out = ROOT / "environment.yml"
    out.write_text(render(ROOT / "requirements.lock"), encoding="utf-8")
    sys.stdout.write(f"wrote {out}\n")
