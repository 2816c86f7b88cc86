"""Contacts: the one before each referral, more about referred children, and children known
only through contacts; a few recorded twice on the same day, as busy front doors do."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from scorecard.synth import days, output
from scorecard.synth import rates as R
from scorecard.synth.arrays import Frame, categorical, concat, integers, take
from scorecard.synth.cases import SOURCE_CODES, SOURCE_SHARES
from scorecard.synth.context import Context
from scorecard.synth.people import People, age_days


def contacts_table(ctx: Context, people: People, referral_contacts: Frame,
                   referrals: Frame) -> tuple[pa.Table, np.ndarray]:
    """The contacts table, and the children it names (each must have a person row)."""
    rng = ctx.rng("contacts")
    E, H = ctx.extract_day, ctx.history_start
    # More contacts about children already referred, before and after their referrals.
    k = rng.poisson(R.EXTRA_CONTACTS_PER_REFERRAL, len(referrals["person"]))
    owner = np.repeat(np.arange(len(k)), k)
    extra = {"person": referrals["person"][owner],
             "day": referrals["day"][owner] + integers(rng, -200, 400, len(owner))}
    # Children known only through contacts: a first contact, sometimes more within a year.
    n = ctx.count(rng, R.CONTACT_ONLY_CHILDREN_PER_YEAR, (E - H) / days.YEAR)
    first = integers(rng, H, E, n)
    child = people.add(first - age_days(rng, R.REFERRAL_AGE_BANDS, n))
    more = rng.poisson(R.CONTACT_ONLY_MEAN_CONTACTS - 1, n)
    o = np.repeat(np.arange(n), more)
    only = concat([{"person": child, "day": first},
                   {"person": child[o], "day": first[o] + integers(rng, 1, 365, len(o))}])
    only["source"] = categorical(rng, SOURCE_SHARES, size=len(only["day"]))
    extra["source"] = categorical(rng, SOURCE_SHARES, size=len(extra["day"]))
    c = concat([{k: referral_contacts[k] for k in ("person", "day", "source")}, extra, only])
    dob = people.dob(c["person"])
    c = take(c, np.flatnonzero((c["day"] >= H) & (c["day"] <= E) & (c["day"] >= dob)
                               & (c["day"] < days.birthday(dob, 18))))
    dup = np.flatnonzero(rng.random(len(c["day"])) < R.DUPLICATE_CONTACT_SHARE)
    c = concat([c, take(c, dup)])
    c = take(c, np.lexsort((c["person"], c["day"])))
    m = len(c["day"])
    table = output.to_table("ssd_contacts", {
        "cont_contact_id": output.ids(ctx.ids.take("contact", m)),
        "cont_person_id": output.ids(c["person"]),
        "cont_contact_date": output.dates(c["day"]),
        "cont_contact_source_code": output.codes(SOURCE_CODES, c["source"]),
    })
    return table, c["person"]
