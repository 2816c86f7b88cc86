"""Front door measures FD01-FD04: contacts, referrals, re-referrals, referrals ending in NFA."""

from __future__ import annotations

import pandas as pd

from scorecard.extract.model import Extract
from scorecard.measures.audit_frame import audit_frame, choose_reason, date_text
from scorecard.measures.derive_cin import referral_history
from scorecard.measures.masks import in_period
from scorecard.measures.registry import measure
from scorecard.params import Params
from scorecard.periods import Period

_C1 = "DfE: Characteristics of children in need (table C1, referrals)"


@measure(
    id="FD01", title="Contacts received", area="front_door", polarity="neutral",
    window="flow", unit="count", source="Local measure",
    definition="""Contacts received: the number of contacts (ssd_contacts) whose contact date
    falls in the period, first and last days included. Every contact record counts, so a child
    with two contacts counts twice.""",
    tables=("ssd_contacts",),
)
def fd01(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    c = x.tables["ssd_contacts"]
    return audit_frame(
        c, ["cont_contact_id", "cont_person_id", "cont_contact_date"],
        rows=in_period(c["cont_contact_date"], period), in_numerator=True, reason="",
        sort_by="cont_contact_id",
    )


@measure(
    id="FD02", title="Referrals (and per 10,000 children)", area="front_door",
    polarity="neutral", window="flow", unit="count", source=_C1,
    definition="""Referrals: the number of referrals (ssd_cin_episodes) whose referral date
    falls in the period, first and last days included; every referral counts, so a child
    referred twice counts twice. The rate per 10,000 children aged 0-17 is taken over the 12
    months ending at the period's end, the basis DfE publishes.""",
    tables=("ssd_cin_episodes",), rate_per_10k=True,
)
def fd02(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    r = x.tables["ssd_cin_episodes"]
    return audit_frame(
        r, ["cine_referral_id", "cine_person_id", "cine_referral_date"],
        rows=in_period(r["cine_referral_date"], period), in_numerator=True, reason="",
        sort_by="cine_referral_id",
    )


@measure(
    id="FD03", title="Re-referrals within 12 months", area="front_door", polarity="lower",
    window="flow", unit="percent", source=_C1,
    definition="""Of referrals whose referral date falls in the period, the percentage where the
    same child has another referral dated on or after the date 12 months before and strictly
    before this referral's date (DfE definition; 12 months back is the same day number, clamped
    to the end of a shorter month). A referral of the same child on the same day is not an
    earlier referral, so two referrals recorded on one day are not re-referrals of each other
    (each may still be a re-referral of an earlier one). Earlier referrals count however far
    back the extract goes, including ones before the period.""",
    tables=("ssd_cin_episodes",),
)
def fd03(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    h = referral_history(x)
    rows = in_period(h["cine_referral_date"], period)
    previous = h["previous_referral_date"][rows]
    twelve_months_before = h["cine_referral_date"][rows] - pd.DateOffset(months=12)
    rereferral = previous.notna() & (previous >= twelve_months_before)
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([
            (previous.isna(), "no earlier referral of the child"),
            (~rereferral, "previous referral " + date_text(previous)
             + " is more than 12 months earlier"),
        ], len(previous))
    return audit_frame(
        h, ["cine_referral_id", "cine_person_id", "cine_referral_date", "twelve_months_before",
            "previous_referral_id", "previous_referral_date"],
        rows=rows, computed={"twelve_months_before": twelve_months_before},
        in_denominator=True, in_numerator=rereferral, reason=reason, sort_by="cine_referral_id",
    )


@measure(
    id="FD04", title="Referrals ending in no further action", area="front_door",
    polarity="neutral", window="flow", unit="percent", source=_C1,
    definition="""Of referrals whose referral date falls in the period, the percentage recorded
    as no further action (cine_referral_nfa = Y). A blank or any other value is not NFA.""",
    tables=("ssd_cin_episodes",), columns=(("ssd_cin_episodes", "cine_referral_nfa"),),
)
def fd04(x: Extract, period: Period, params: Params) -> pd.DataFrame:
    r = x.tables["ssd_cin_episodes"]
    rows = in_period(r["cine_referral_date"], period)
    nfa = r["cine_referral_nfa"].fillna(False).to_numpy(dtype=bool)[rows]
    def reason() -> pd.Series:  # worked out only for the full audit
        return choose_reason([(~nfa, "not recorded as no further action")], len(nfa))
    return audit_frame(
        r, ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_referral_nfa"],
        rows=rows, in_denominator=True, in_numerator=nfa, reason=reason,
        sort_by="cine_referral_id",
    )
