"""What every stage of one block needs: its dates, its share of the authority, ids, randomness."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scorecard.synth import days, rates
from scorecard.synth.arrays import IdCounter

# Each stage draws from its own stream, seeded by (seed, block, stage), so a change to one
# stage leaves every other stage's numbers as they were.
STAGES = ("people", "cases", "care", "short_breaks", "legacy", "care_detail", "contacts",
          "workforce", "audits", "send", "mess", "leavers", "missing")


@dataclass
class Context:
    seed: int
    block: int
    fraction: float  # this block's share of a scale-1 authority (1 except the last block)
    extract_day: int
    ids: IdCounter = field(init=False)

    def __post_init__(self) -> None:
        self.ids = IdCounter(self.block)

    @property
    def history_start(self) -> int:
        """Records closed before this day are outside the extract."""
        return self.extract_day - int(round(rates.HISTORY_YEARS * days.YEAR))

    @property
    def simulation_start(self) -> int:
        return self.history_start - int(round(rates.BURN_IN_YEARS * days.YEAR))

    def rng(self, stage: str) -> np.random.Generator:
        return np.random.default_rng([self.seed % 2**63, self.block, STAGES.index(stage)])

    def count(self, rng: np.random.Generator, per_year: float, years: float) -> int:
        """How many of something happen to this block in `years` (Poisson, scaled)."""
        return int(rng.poisson(per_year * self.fraction * years))

    def workers(self, scale_one_count: int) -> int:
        """A workforce of the block's size: at least one of each kind."""
        return max(1, int(round(scale_one_count * self.fraction)))
