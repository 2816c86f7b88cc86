"""`scorecard synth`: a synthetic SSD extract for a fictional authority, Anyshire.

Scale 1 is a mid-sized English authority (80,000 children aged 0-17) whose children's stories
run from the front door through assessment, child protection and care, with the workforce that
holds them, at England's published rates; the sample's measures land in England's published
ranges. Scale S makes S authorities' worth of children in blocks of one authority each (the
last block a fraction), every block derived from (seed, block number) alone and appended to the
files as it is made, so a national-size extract streams to disk in bounded memory and the same
seed always gives byte-identical files.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import os
import re
import sys
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyarrow as pa

from scorecard import schema
from scorecard.errors import ScorecardError
from scorecard.synth import days, rates
from scorecard.synth.block import build_block
from scorecard.synth.context import Context
from scorecard.synth.output import ExtractWriter, encode


class SynthError(ScorecardError, ValueError):
    """An argument the generator cannot use; the command line prints the message alone."""


LA_CODE = "E99000001"  # not a real ONS code: E99 is unused
LA_NAME = "Anyshire"
MAX_SCALE = 999  # block numbers are the top three digits of every id


def blocks(scale: float) -> list[float]:
    """Each block's share of a scale-1 authority: whole blocks, then the remainder."""
    if not scale > 0 or not math.isfinite(scale):
        raise SynthError(f"--scale must be a positive number, not {scale}")
    if scale > MAX_SCALE:
        raise SynthError(f"--scale {scale} is above the largest supported, {MAX_SCALE}")
    whole = int(math.floor(scale))
    rest = round(scale - whole, 9)
    return [1.0] * whole + ([rest] if rest > 0 else [])


def generate(out: Path, scale: float = 1.0, seed: int = 1, extract_date: str = "2025-10-07",
             fmt: str = "csv", jobs: int | None = None) -> None:
    """Write a synthetic extract (every table of schema.TABLES and extract.yaml) into `out`.

    Large extracts are made by `jobs` processes (default: up to 2, the cores this is sized
    for), each building and encoding whole blocks while this process appends them in block
    order; at most a few blocks are in flight, so memory stays that of a few authorities.
    """
    out = Path(out)
    extract_day = _extract_day(extract_date)
    if fmt not in ("csv", "parquet"):
        raise SynthError(f"--format {fmt!r}: csv or parquet")
    shares = blocks(scale)
    out.mkdir(parents=True, exist_ok=True)
    work = [(seed, number, fraction, extract_day, fmt)
            for number, fraction in enumerate(shares)]
    if jobs is None:
        jobs = min(2, os.cpu_count() or 1) if len(work) >= 4 else 1
    chatty = scale > 1
    began = time.perf_counter()
    writer = ExtractWriter(out, fmt)
    try:
        for number, encoded in enumerate(_made_blocks(work, jobs)):
            for name in schema.TABLES:
                writer.write(name, encoded[name])
            del encoded
            if chatty:
                print(f"scorecard synth: block {number + 1}/{len(work)} written "
                      f"({time.perf_counter() - began:.0f}s)", file=sys.stderr, flush=True)
    finally:
        writer.close()
    _write_metadata(out, extract_date, seed, scale)


def _extract_day(extract_date: str) -> int:
    text = str(extract_date)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise SynthError(f"--extract-date {text!r}: a date like 2025-10-07 (YYYY-MM-DD)")
    try:
        extract_day = days.day(text)
    except ValueError:
        raise SynthError(f"--extract-date {text!r} is not a date") from None
    if not days.day("2000-01-01") <= extract_day <= days.day("2060-12-31"):
        raise SynthError(f"--extract-date {text}: choose a date between 2000 and 2060")
    return extract_day


def make_block(seed: int, number: int, fraction: float, extract_day: int,
               fmt: str) -> dict[str, bytes | pa.Table]:
    """One block's tables, encoded for appending (runs in a worker process for big scales)."""
    ctx = Context(seed=seed, block=number, fraction=fraction, extract_day=extract_day)
    tables = build_block(ctx)
    return {name: encode(tables[name], fmt) for name in schema.TABLES}


def _made_blocks(work: list[tuple], jobs: int) -> Iterator[dict[str, bytes | pa.Table]]:
    """Blocks in order; with several jobs, a bounded number are being made at once."""
    if jobs <= 1:
        for args in work:
            yield make_block(*args)
        return
    ctx = multiprocessing.get_context("spawn")  # no fork of a process holding Arrow threads
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        pending = deque()
        todo = iter(work)
        for args in itertools.islice(todo, jobs + 1):
            pending.append(pool.submit(make_block, *args))
        while pending:
            done = pending.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(pool.submit(make_block, *nxt))
            yield done


def _write_metadata(out: Path, extract_date: str, seed: int, scale: float) -> None:
    meta = (
        f"la_code: {LA_CODE}\n"
        f"la_name: {LA_NAME}\n"
        f"extract_date: {extract_date}\n"
        f'source: "scorecard synth seed {seed} scale {scale:g}"\n'
        "anonymised: true\n"
        f"# fictional authority: {rates.POPULATION_0_17 * scale:,.0f} children aged 0-17\n"
    )
    (out / "extract.yaml").write_text(meta, encoding="utf-8")


__all__ = ["generate", "blocks", "make_block", "SynthError", "LA_CODE", "LA_NAME"]
