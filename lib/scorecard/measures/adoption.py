"""Adoption measures AD01-AD03 (MEASURES.md, "Adoption"; DfE adoption scorecard A10 and A2).

AD02 and AD03 average over a rolling three-year cohort: children whose episode ended with reason
E11 or E12 (adopted) in the 36 months ending at the period's end. Their dates come from the
ssd_permanence row of the child whose later placement date (placed for adoption, or placed with
the foster carer who adopted) is the latest on or before the adoption.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scorecard.extract.model import Extract
from scorecard.measures.audit_frame import audit_frame, choose_reason, date_text
from scorecard.measures.derive_cla import (
    ADOPTED,
    child_day_keys,
    child_of_key,
    episodes,
    person_code,
)
from scorecard.measures.id_codes import child_numbers, first_of_each
from scorecard.measures.lookup import take_rows
from scorecard.measures.masks import in_period
from scorecard.measures.registry import measure
from scorecard.params import Params
from scorecard.periods import Period, custom, months_before

EPISODES = "ssd_cla_episodes"
PERMANENCE = "ssd_permanence"
CEASED_REASON = (EPISODES, "clae_cla_episode_ceased_reason")
PLACED_DATES = ((PERMANENCE, "perm_placed_for_adoption_date"),
                (PERMANENCE, "perm_placed_foster_carer_date"))
COHORT_TEXT = """The cohort is the children whose looked-after episode ended with reason E11 or
    E12 (adopted) in the 36 months ending at the period's end (the adoption scorecard's
    three-year average); a child adopted twice in that time is taken at the latest adoption.
    Dates come from the child's ssd_permanence row (matched by the child's id) whose later of
    perm_placed_for_adoption_date and perm_placed_foster_carer_date is the latest on or before
    the adoption; a child with no such row is listed in the audit, outside the denominator."""
NO_PERMANENCE = "no ssd_permanence row with a placement date on or before the adoption"


def _adopted(x: Extract) -> pd.DataFrame:
    """Every episode that ended with E11/E12, once per extract, in the order that puts each
    child's latest adoption first (child, then adoption date and episode id, latest first);
    `child_number` counts the children along that order."""
    def build(x: Extract) -> pd.DataFrame:
        e = episodes(x)
        adopted = (e["clae_cla_episode_ceased_date"].notna().to_numpy()
                   & e["clae_cla_episode_ceased_reason"].isin(list(ADOPTED)).to_numpy(dtype=bool))
        a = e[adopted].sort_values(
            ["clae_person_id", "clae_cla_episode_ceased_date", "clae_cla_episode_id"],
            ascending=[True, False, False], kind="stable",
        ).rename(columns={"clae_cla_episode_ceased_date": "adoption_date",
                          "period_of_care_start": "entered_care_date"}).reset_index(drop=True)
        a["child_number"] = child_numbers(a["clae_person_id"], np.arange(len(a)))
        return a
    return x.derived("adoption:adopted", build)


def _adoptions(x: Extract, start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.DataFrame,
                                                                            np.ndarray]:
    """Episodes that ended with E11/E12 in [start, end], one per child (the latest adoption):
    the adopted episodes and the positions of those rows among them, sorted by child."""
    a = _adopted(x)
    rows = np.flatnonzero(in_period(a["adoption_date"], custom(start, end)))
    return a, rows[first_of_each(a["child_number"].to_numpy()[rows])]


def _permanence_index(x: Extract) -> tuple[np.ndarray, np.ndarray]:
    """Permanence rows with a placement date, as sorted (child, later placement day) keys and
    their row positions; among equal keys the smallest perm_table_id comes last."""
    def build(x: Extract) -> tuple[np.ndarray, np.ndarray]:
        perm = x.tables[PERMANENCE]
        placed = perm[["perm_placed_for_adoption_date",
                       "perm_placed_foster_carer_date"]].max(axis=1).to_numpy()
        child = person_code(x, PERMANENCE)
        usable = np.flatnonzero(~np.isnat(placed) & (child >= 0))
        keys = child_day_keys(child[usable], placed[usable])
        # by key, then id descending (missing ids first), so a tie's last row is its smallest id
        ids = perm["perm_table_id"].iloc[usable].reset_index(drop=True)
        order = pd.DataFrame({"key": keys, "id": ids}).sort_values(
            ["key", "id"], ascending=[True, False], na_position="first", kind="stable").index
        return keys[order], usable[order]
    return x.derived("adoption:permanence_index", build)


def _cohort(x: Extract, period: Period, columns: list[str]) -> pd.DataFrame:
    """The rolling 36-month cohort with the chosen permanence row's `columns` (missing where
    the child has no qualifying row; `permanence_row_found` says which)."""
    a, rows = _adoptions(x, months_before(period.end, 36) + pd.Timedelta(days=1), period.end)
    c = a.iloc[rows].reset_index(drop=True)
    # the child's permanence row with the latest placement on or before the adoption
    keys, perm_rows = _permanence_index(x)
    child = c["person_code"].to_numpy()
    asked = child_day_keys(child, c["adoption_date"].to_numpy())
    at = np.searchsorted(keys, asked, side="right") - 1
    found = (at >= 0) & (child_of_key(keys[np.maximum(at, 0)]) == child) if len(keys) else (
        np.zeros(len(c), dtype=bool))
    chosen = np.where(found, perm_rows[np.maximum(at, 0)] if len(keys) else -1, -1)
    perm = x.tables[PERMANENCE]
    for column in ["perm_table_id", *columns]:
        c[column] = take_rows(perm[column], chosen, c.index)
    c["permanence_row_found"] = c["perm_table_id"].notna()
    return c


@measure(
    id="AD01", title="Children adopted", area="adoption", polarity="higher", window="flow",
    unit="count", source="DfE: Children looked after in England (adopted, reasons E11/E12)",
    definition="""Children (distinct) with a looked-after episode that ended in the period with
    reason E11 or E12 (adopted).""",
    tables=(EPISODES,), columns=(CEASED_REASON,),
)
def ad01(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    a, rows = _adoptions(x, period.start, period.end)
    return audit_frame(
        a, ["clae_person_id", "clae_cla_episode_id", "adoption_date",
            "clae_cla_episode_ceased_reason"],
        rows=rows, in_numerator=True, reason="", sort_by="clae_person_id",
    )


@measure(
    id="AD02",
    title="Average days from entering care to moving in with the adoptive family (A10)",
    area="adoption", polarity="lower", window="rolling", unit="days",
    source="DfE: Adoption scorecard (A10)",
    definition="""Mean, over the cohort, of the days from entering care (the start of the
    period of care that ended in adoption) to moving in with the adoptive family: the date
    placed with the foster carer who adopted (perm_placed_foster_carer_date) where
    perm_adopted_by_carer_flag = Y and that date exists, else the date placed for adoption
    (perm_placed_for_adoption_date). """ + COHORT_TEXT + """ The national threshold of 426
    days is shown for reference only; targets come from params.""",
    tables=(EPISODES, PERMANENCE),
    columns=(CEASED_REASON, *PLACED_DATES, (PERMANENCE, "perm_adopted_by_carer_flag")),
)
def ad02(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    c = _cohort(x, period, ["perm_placed_for_adoption_date", "perm_placed_foster_carer_date",
                            "perm_adopted_by_carer_flag"])
    by_carer = (c["perm_adopted_by_carer_flag"].astype("boolean").fillna(False).astype(bool)
                & c["perm_placed_foster_carer_date"].notna())
    c["moved_in_date"] = c["perm_placed_for_adoption_date"].mask(
        by_carer, c["perm_placed_foster_carer_date"])
    c["days"] = (c["moved_in_date"] - c["entered_care_date"]).dt.days.astype("float64")
    found = c["permanence_row_found"].to_numpy(dtype=bool)
    has_days = c["days"].notna().to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (~found, NO_PERMANENCE + " (" + date_text(c["adoption_date"]) + ")"),
            (~has_days, "not adopted by the foster carer and no date placed for adoption"),
        ], c.index)
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "adoption_date", "perm_table_id",
            "entered_care_date", "moved_in_date", "days"],
        in_denominator=found & has_days, in_numerator=found & has_days,
        numerator_value=c["days"].fillna(0.0), reason=reason, sort_by="clae_person_id",
    )


@measure(
    id="AD03", title="Average days from placement order to match (A2)", area="adoption",
    polarity="lower", window="rolling", unit="days", source="DfE: Adoption scorecard (A2)",
    definition="""Mean, over cohort children with a placement order date, of the days from the
    placement order (perm_placement_order_date) to the match with the adoptive family
    (perm_matched_date), counted as 0 when the match came first. A child with a placement order
    but no match date is listed in the audit, outside the denominator. """ + COHORT_TEXT
    + """ The national threshold of 121 days is shown for reference only; targets come from
    params.""",
    tables=(EPISODES, PERMANENCE),
    columns=(CEASED_REASON, *PLACED_DATES, (PERMANENCE, "perm_placement_order_date"),
             (PERMANENCE, "perm_matched_date")),
)
def ad03(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    c = _cohort(x, period, ["perm_placement_order_date", "perm_matched_date"])
    c["days"] = ((c["perm_matched_date"] - c["perm_placement_order_date"]).dt.days
                 .clip(lower=0).astype("float64"))
    found = c["permanence_row_found"].to_numpy(dtype=bool)
    has_order = c["perm_placement_order_date"].notna().to_numpy()
    has_days = c["days"].notna().to_numpy()
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (~found, NO_PERMANENCE + " (" + date_text(c["adoption_date"]) + ")"),
            (~has_order, "no placement order date"),
            (~has_days, "no match date"),
        ], c.index)
    counted = found & has_order & has_days
    return audit_frame(
        c, ["clae_person_id", "clae_cla_episode_id", "adoption_date", "perm_table_id",
            "perm_placement_order_date", "perm_matched_date", "days"],
        in_denominator=counted, in_numerator=counted,
        numerator_value=c["days"].fillna(0.0), reason=reason, sort_by="clae_person_id",
    )
