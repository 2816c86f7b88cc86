"""The children of one block: pseudonymous ids, sex, ethnicity and a month-degraded birth date."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from scorecard.synth import days, output
from scorecard.synth.arrays import IdCounter, categorical, integers
from scorecard.synth.rates import AGE_BAND_YEARS

SEXES = ("M", "F", "U")
SEX_SHARES = np.array([0.515, 0.48, 0.005])
# CIN census ethnicity codes, roughly England's mix of children in need.
ETHNICITIES = ("WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
               "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT")
ETHNICITY_SHARES = np.array([0.66, 0.003, 0.06, 0.002, 0.005, 0.03, 0.01, 0.01, 0.03, 0.02,
                             0.03, 0.01, 0.01, 0.01, 0.04, 0.01, 0.003, 0.02, 0.01, 0.02])


class People:
    """Children are registered as their stories begin; only those with a kept record are written."""

    def __init__(self, ids: IdCounter):
        self._ids = ids
        self._dob: list[np.ndarray] = []
        self._first_id = ids.next.get("person", 1) + ids.base
        self._dob_all: np.ndarray | None = None

    def add(self, dob_true: np.ndarray) -> np.ndarray:
        """New children born on these days; returns their person ids."""
        pid = self._ids.take("person", len(dob_true))
        # Anonymised extracts carry the month of birth only: the 1st of the month.
        self._dob.append(days.first_of_month(dob_true))
        self._dob_all = None
        return pid

    def dob(self, person: np.ndarray) -> np.ndarray:
        if self._dob_all is None:
            self._dob_all = np.concatenate(self._dob) if self._dob else np.zeros(0, np.int64)
        return self._dob_all[np.asarray(person) - self._first_id]

    def table(self, rng: np.random.Generator, keep: np.ndarray) -> pa.Table:
        """ssd_person rows for the kept person ids (sorted)."""
        keep = np.unique(keep)
        n = len(keep)
        return output.to_table("ssd_person", {
            "pers_person_id": output.ids(keep),
            "pers_sex": output.codes(SEXES, categorical(rng, SEX_SHARES, size=n)),
            "pers_ethnicity": output.codes(ETHNICITIES, categorical(rng, ETHNICITY_SHARES, size=n)),
            "pers_dob": output.dates(self.dob(keep)),
        })


def age_days(rng: np.random.Generator, band_shares: np.ndarray, n: int) -> np.ndarray:
    """Ages in days drawn by age band (under 1, 1-4, 5-9, 10-15, 16-17), uniform within a band.

    Babies are at least 10 days old, so a contact made a few days before a referral still
    falls after the birth.
    """
    band = categorical(rng, band_shares, size=n)
    lo = (AGE_BAND_YEARS[band, 0] * days.YEAR).astype(np.int64)
    hi = (AGE_BAND_YEARS[band, 1] * days.YEAR).astype(np.int64) - 40
    return integers(rng, np.maximum(lo, 10), hi, n)
