"""Care leavers (CL01-CL03): former relevant young people aged 19 to 21, as DfE counts them.

`ssd_care_leavers` holds each young person's current state with no history, so these measures
describe the extract date (window "latest"); age is taken at the period's end. The three
measures share one cohort, built once per extract and period end by `_cohort`, so that the
same young people stand behind all three percentages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard.extract.model import Extract
from scorecard.measures.lookup import first_rows, take_rows
from scorecard.measures.registry import measure
from scorecard.params import Params
from scorecard.periods import Period

CARE_LEAVERS = "ssd_care_leavers"
PERSON = "ssd_person"
COHORT_AGES = (19, 20, 21)
# SSDA903 ACTIV codes for education, employment or training (full and part time).
EET_ACTIVITIES = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"})

_COHORT_RULE = (
    "Cohort: care leavers aged 19, 20 or 21 at the period's end (whole years from the "
    "month-degraded date of birth in ssd_person) whose eligibility is former relevant "
    "('Former relevant', any case, or an Annex A code beginning 'b)'), one row per young person "
    "(where a young person has several rows, the one with the latest contact date is used). "
    "ssd_care_leavers holds each young person's current state, so this describes the extract "
    "date; there is no trend."
)


def age_at(dob: pd.Series, d: pd.Timestamp) -> pd.Series:
    """Whole years from the date of birth to d (Int64, missing where the date of birth is)."""
    month, day = dob.dt.month, dob.dt.day
    before_birthday = (month > d.month) | ((month == d.month) & (day > d.day))
    return (d.year - dob.dt.year - before_birthday.astype("Int64")).astype("Int64")


def is_former_relevant(eligibility: pd.Series) -> pd.Series:
    text = eligibility.astype("string").str.strip().str.casefold()
    return (text.str.startswith("former relevant") | text.str.startswith("b)")).fillna(False)


def _cohort(x: Extract, period: Period) -> pd.DataFrame:
    """One row per care-leaver record: ids, age at the end, and whether it is in the cohort."""
    return x.derived(("care_leavers_cohort", period.end), lambda x: _build_cohort(x, period.end))


def _build_cohort(x: Extract, end: pd.Timestamp) -> pd.DataFrame:
    cl = x.table(CARE_LEAVERS)
    out = pd.DataFrame({
        "clea_table_id": cl["clea_table_id"],
        "clea_person_id": cl["clea_person_id"],
        "pers_dob": take_rows(
            x.table(PERSON)["pers_dob"],
            first_rows(cl["clea_person_id"], x.table(PERSON)["pers_person_id"]), cl.index,
        ).astype("datetime64[ns]"),
    })
    if "clea_care_leaver_eligibility" in cl.columns:
        out["clea_care_leaver_eligibility"] = cl["clea_care_leaver_eligibility"]
        former_relevant = is_former_relevant(cl["clea_care_leaver_eligibility"]).to_numpy()
    else:  # the engine switches CL off without it; kept so the frame always has the column
        out["clea_care_leaver_eligibility"] = pd.Series(pd.NA, index=cl.index, dtype="string")
        former_relevant = np.zeros(len(cl), dtype=bool)
    for col in ("clea_care_leaver_latest_contact", "clea_care_leaver_in_touch",
                "clea_care_leaver_accom_suitable", "clea_care_leaver_activity"):
        if col in cl.columns:
            out[col] = cl[col]
    out["age_at_end"] = age_at(out["pers_dob"], end)

    # A young person is counted once: keep the row with the latest contact (then the lowest id).
    latest = out.get("clea_care_leaver_latest_contact")
    order = out.assign(_latest=latest if latest is not None else pd.NaT).sort_values(
        ["clea_person_id", "_latest", "clea_table_id"], ascending=[True, False, True],
        na_position="last", kind="mergesort",
    )
    duplicate = order.duplicated("clea_person_id", keep="first").reindex(out.index).to_numpy()

    age = out["age_at_end"]
    in_age = age.isin(COHORT_AGES).fillna(False).to_numpy(dtype=bool)
    reason = np.select(
        [duplicate, age.isna().to_numpy(), ~in_age, ~former_relevant],
        [
            "another record of the same young person is used (latest contact)",
            "no date of birth in ssd_person",
            "aged " + age.astype("string").fillna("").to_numpy(dtype=object)
            + " at the period's end (cohort is 19 to 21)",
            "eligibility '" + out["clea_care_leaver_eligibility"].fillna("blank")
            .to_numpy(dtype=object) + "' is not former relevant",
        ],
        default="",
    )
    out["in_denominator"] = reason == ""
    out["cohort_reason"] = reason
    return out.sort_values("clea_table_id", kind="mergesort").reset_index(drop=True)


def _audit(cohort: pd.DataFrame, in_numerator: pd.Series, why_not: pd.Series,
           columns: list[str]) -> pd.DataFrame:
    audit = cohort[["clea_table_id", "clea_person_id", "pers_dob", "age_at_end",
                    "clea_care_leaver_eligibility", *columns]].copy()
    audit["in_denominator"] = cohort["in_denominator"].to_numpy()
    audit["in_numerator"] = (in_numerator.to_numpy() & audit["in_denominator"].to_numpy())
    audit["numerator_value"] = np.nan
    reason = np.where(
        ~audit["in_denominator"], cohort["cohort_reason"].to_numpy(dtype=object),
        np.where(audit["in_numerator"], "", why_not.to_numpy(dtype=object)),
    )
    audit["reason"] = pd.Series(reason, index=audit.index, dtype="str")
    return audit


def _code(s: pd.Series) -> pd.Series:
    return s.astype("string").str.strip().str.upper()


@measure(
    id="CL01", title="Care leavers in touch", area="care_leavers", polarity="higher",
    window="latest", unit="percent", source="DfE: Children looked after in England (care leavers)",
    definition=(
        "Of former relevant care leavers aged 19 to 21, the percentage the authority is in touch "
        "with (clea_care_leaver_in_touch = YES). " + _COHORT_RULE
    ),
    tables=(CARE_LEAVERS, PERSON),
    columns=((CARE_LEAVERS, "clea_care_leaver_eligibility"),
             (CARE_LEAVERS, "clea_care_leaver_in_touch")),
)
def cl01(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    cohort = _cohort(x, period)
    code = _code(cohort["clea_care_leaver_in_touch"])
    why_not = ("in touch: " + code).fillna("in touch not recorded")
    return _audit(cohort, code.eq("YES").fillna(False), why_not,
                  ["clea_care_leaver_latest_contact", "clea_care_leaver_in_touch"]
                  if "clea_care_leaver_latest_contact" in cohort.columns
                  else ["clea_care_leaver_in_touch"])


@measure(
    id="CL02", title="Care leavers in suitable accommodation", area="care_leavers",
    polarity="higher", window="latest", unit="percent",
    source="DfE: Children looked after in England (care leavers)",
    definition=(
        "Of former relevant care leavers aged 19 to 21, the percentage whose accommodation is "
        "recorded as suitable (clea_care_leaver_accom_suitable = 1); those not in touch or with "
        "no suitability recorded stay in the denominator, as DfE counts them. " + _COHORT_RULE
    ),
    tables=(CARE_LEAVERS, PERSON),
    columns=((CARE_LEAVERS, "clea_care_leaver_eligibility"),
             (CARE_LEAVERS, "clea_care_leaver_accom_suitable")),
)
def cl02(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    cohort = _cohort(x, period)
    code = _code(cohort["clea_care_leaver_accom_suitable"])
    why_not = code.map({"2": "accommodation not suitable (2)"}).astype("string")
    why_not = why_not.fillna("suitability " + code + " is not 1 (suitable)")
    why_not = why_not.fillna("suitability of accommodation not recorded")
    return _audit(cohort, code.eq("1").fillna(False), why_not, ["clea_care_leaver_accom_suitable"])


@measure(
    id="CL03", title="Care leavers in education, employment or training", area="care_leavers",
    polarity="higher", window="latest", unit="percent",
    source="DfE: Children looked after in England (care leavers)",
    definition=(
        "Of former relevant care leavers aged 19 to 21, the percentage in education, employment "
        "or training (clea_care_leaver_activity one of F1 P1 F2 P2 F4 P4 F5 P5, full or part "
        "time); those with no activity recorded stay in the denominator, as DfE counts them. "
        + _COHORT_RULE
    ),
    tables=(CARE_LEAVERS, PERSON),
    columns=((CARE_LEAVERS, "clea_care_leaver_eligibility"),
             (CARE_LEAVERS, "clea_care_leaver_activity")),
)
def cl03(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    cohort = _cohort(x, period)
    code = _code(cohort["clea_care_leaver_activity"])
    eet = code.isin(EET_ACTIVITIES).fillna(False)
    why_not = ("activity " + code + " (not in education, employment or training)")
    why_not = why_not.fillna("activity not recorded")
    return _audit(cohort, eet, why_not, ["clea_care_leaver_activity"])
