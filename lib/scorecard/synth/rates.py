"""The fictional authority's rates: every tunable number of the generator in one place.

Scale 1 is a mid-sized English authority of 80,000 children aged 0-17. Volumes follow England's
published rates per 10,000 children (DfE, Characteristics of children in need and Children
looked after in England, 2023-24 and 2024-25): a year brings about 16,000 contacts, 4,150
referrals, 4,250 assessments, 1,500 S47 enquiries, 470 initial conferences, 400 child
protection plans and 200 children starting to be looked after; about 330 children are on a plan
and 535 looked after on any day. The probabilities below were tuned (see
tests/synth/test_realism.py) so that the sample's 2025-26 Q2 measures land in England's
published ranges; change them there, with the measure figures in hand.
"""

from __future__ import annotations

import numpy as np

POPULATION_0_17 = 80_000
HISTORY_YEARS = 4.5  # records open at some point in this window before the extract date
BURN_IN_YEARS = 8.0  # case histories start this much earlier, so the window opens mid-story
LEGACY_CARE_YEARS = 18.0  # periods of care that began this long ago can still be open

# --- the front door -------------------------------------------------------------------------
# Children referred for the first time in the simulation, per year. Each referral may be
# followed by another of the same child (RE_REFERRAL by risk tier), so referrals run higher.
FIRST_REFERRALS_PER_YEAR = 2_460
TIER_MIX = np.array([0.58, 0.29, 0.13])  # low, medium, high risk of harm
RE_REFERRAL = np.array([0.38, 0.50, 0.62])
RE_REFERRAL_SOON = 0.74  # share of re-referrals that come within a year of the last closure
# Contacts that do not become referrals: extra contacts about referred children, and
# children known only through contacts.
EXTRA_CONTACTS_PER_REFERRAL = 0.55
CONTACT_ONLY_CHILDREN_PER_YEAR = 6_500
CONTACT_ONLY_MEAN_CONTACTS = 1.45
DUPLICATE_CONTACT_SHARE = 0.012  # same child, same day, a second contact id

# Age at first referral: under 1, 1-4, 5-9, 10-15, 16-17.
REFERRAL_AGE_BANDS = np.array([0.12, 0.20, 0.25, 0.33, 0.10])
AGE_BAND_YEARS = np.array([[0, 1], [1, 5], [5, 10], [10, 16], [16, 18]])

# Where a referral leads, by risk tier: no further action, assessment then closure,
# assessment then a CIN plan, an initial conference, straight into care.
ROUTES = ("nfa", "assess", "cin", "conference", "care")
ROUTE_BY_TIER = np.array([
    [0.13, 0.61, 0.24, 0.015, 0.005],
    [0.05, 0.38, 0.466, 0.068, 0.036],
    [0.02, 0.15, 0.29, 0.41, 0.13],
])
S47_BY_ROUTE = {"assess": 0.23, "cin": 0.42, "care": 0.60}  # conferences always follow an S47
SECOND_ASSESSMENT = 0.12
ASSESSMENT_WITHIN_45 = 0.86
ASSESSMENT_SEEN_WD = ((0, 5), (6, 10), (11, 25))  # working days to the child being seen
ASSESSMENT_SEEN_SHARES = np.array([0.80, 0.12, 0.08])
CONFERENCE_WITHIN_15 = 0.80
CONFERENCE_TRANSFER_IN = 0.025
CONFERENCE_TO_PLAN = 0.86
# A plan ends at its k-th review (the first 3 months after the start, then every 6 months).
PLAN_ENDS_AT_REVIEW = np.array([0.25, 0.40, 0.20, 0.09, 0.035, 0.015, 0.01])
PLAN_TO_CARE = 0.14
PLAN_STEP_DOWN_TO_CIN = 0.55
CP_REVIEW_ON_TIME = 0.91
CP_VISIT_LATE = 0.13  # gap between CP visits over 10 working days
CIN_PLAN_MEAN_DAYS = 300
STEP_DOWN_MEAN_DAYS = 160
CIN_VISIT_LATE = 0.22  # gap between CIN visits over 20 working days

# --- children looked after ------------------------------------------------------------------
CARE_OUTCOMES = ("adopt", "sgo", "home", "other", "to18")
# Rows: age band at entry (under 1, 1-4, 5-9, 10-15, 16-17).
CARE_OUTCOME_BY_AGE = np.array([
    [0.38, 0.17, 0.35, 0.02, 0.08],
    [0.20, 0.21, 0.45, 0.02, 0.12],
    [0.01, 0.18, 0.48, 0.03, 0.30],
    [0.00, 0.05, 0.45, 0.08, 0.42],
    [0.00, 0.00, 0.25, 0.10, 0.65],
])
HOME_MEAN_DAYS = 340
SGO_MEAN_DAYS = 680
OTHER_MEAN_DAYS = 500
# Adoption: entering care -> placement order -> match (A2) -> placed -> adoption order.
PLACEMENT_ORDER_MEAN_DAYS = 320
MATCH_MEAN_DAYS = 185
ADOPTION_ORDER_MEAN_DAYS = 260
ADOPTED_BY_CARER = 0.12
# Placement moves per year in the first year of care and after, for settled and unsettled
# children.
UNSETTLED_SHARE = 0.06
MOVES_FIRST_YEAR = (1.2, 3.0)
MOVES_LATER = (0.13, 2.0)
VISIT_LATE = 0.15  # gap between looked-after visits over 6 weeks
CLA_REVIEW_ON_TIME = 0.90
CLA_REVIEW_CANCELLED = 0.01
IHA_WITHIN_20 = 0.58
HEALTH_CHECK_LATE = 0.20
HEALTH_CHECK_REFUSED = 0.07  # children with no checks after the initial one
RUNNER_SHARE = 0.20  # looked-after children aged 11+ who go missing
RUNNER_EPISODES_PER_YEAR = 5.0
RHI_OFFERED = 0.78
SHORT_BREAK_CHILDREN = 14  # children looked after only under V3/V4 short breaks

# --- care leavers ---------------------------------------------------------------------------
CARE_LEAVER_IN_TOUCH = 0.92
CARE_LEAVER_SUITABLE = 0.88
CARE_LEAVER_EET = 0.55

# --- workforce ------------------------------------------------------------------------------
SOCIAL_WORKERS = 170
IROS = 8
PERSONAL_ADVISERS = 12
TEAM_MANAGERS = 22
AGENCY_SHARE = 0.19
WORKER_CHANGE_MEAN_DAYS = 240
SUPERVISION_LATE = 0.35  # gap between supervisions over 4 weeks
AUDITS_PER_YEAR = 300
AUDIT_GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
AUDIT_GRADE_SHARES = np.array([0.06, 0.50, 0.34, 0.10])

# --- SEND -----------------------------------------------------------------------------------
EHCP_REQUESTS_PER_YEAR = 1_000
EHCP_ASSESSED = 0.75
EHCP_PLAN_AFTER_ASSESSMENT = 0.86
EHCP_WITHIN_20_WEEKS = 0.50
EHCP_EXCEPTIONS = 0.05
