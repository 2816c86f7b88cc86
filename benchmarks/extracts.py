"""The synthetic extracts the benchmark reads: made once per (scale, seed), then reused.

An extract is reused when its `extract.yaml` (which `scorecard synth` writes last) exists and a
stamp beside the folder records the same scale, seed and generator source; otherwise it is made
again (in a fresh process, timed like a stage). Changing the generator's code therefore never
leaves the benchmark reading data the current generator would not make.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from benchmarks.process import Measured, measure

SYNTH_SOURCE = Path(__file__).resolve().parents[1] / "lib" / "scorecard" / "synth"
EXTRACT_DATE = "2025-10-07"  # the sample's: every period up to 2025-26 Q2 is complete


def scale_name(scale: float) -> str:
    return f"{scale:g}"


def _generator_hash() -> str:
    h = hashlib.sha256()
    for path in sorted(SYNTH_SOURCE.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def ensure_extract(work: Path, scale: float, seed: int) -> tuple[Path, Measured | None]:
    """The extract folder for (scale, seed), and the generation's measurement if it was made."""
    folder = work / "extracts" / f"scale-{scale_name(scale)}-seed-{seed}"
    stamp_path = folder.with_name(folder.name + ".stamp.json")
    stamp = {"scale": scale, "seed": seed, "extract_date": EXTRACT_DATE,
             "generator": _generator_hash()}
    meta = folder / "extract.yaml"
    if meta.is_file() and stamp_path.is_file():
        if json.loads(stamp_path.read_text(encoding="utf-8")) == stamp:
            return folder, None
    # extract.yaml is written last: without it, a half-written folder is never mistaken for
    # a whole one
    meta.unlink(missing_ok=True)
    stamp_path.unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    made = measure(
        [sys.executable, "-m", "scorecard", "synth", "--out", str(folder), "--scale", str(scale),
         "--seed", str(seed), "--extract-date", EXTRACT_DATE],
        log=work / "logs" / f"generate-{scale_name(scale)}.log",
    )
    if made.returncode == 0 and meta.is_file():
        stamp_path.write_text(json.dumps(stamp) + "\n", encoding="utf-8")
    return folder, made
