"""Row builders for looked-after micro extracts: every key column present, blanks where a thing
has not happened, so the validator accepts the tables."""

from __future__ import annotations


def episode(eid, person, start, reason="S", end="", ceased="", cla_id="", entered=""):
    return {
        "clae_cla_episode_id": eid, "clae_person_id": person, "clae_cla_id": cla_id,
        "clae_cla_episode_start_date": start, "clae_cla_episode_start_reason": reason,
        "clae_cla_episode_ceased_date": end, "clae_cla_episode_ceased_reason": ceased,
        "clae_entered_care_date": entered,
    }


def status(sid, person, code, start, end=""):
    return {
        "lega_legal_status_id": sid, "lega_person_id": person, "lega_legal_status": code,
        "lega_legal_status_start_date": start, "lega_legal_status_end_date": end,
    }


def placement(pid, person, start, end="", kind="U1", provider="PR1"):
    return {
        "clap_cla_placement_id": pid, "clap_person_id": person,
        "clap_cla_placement_start_date": start, "clap_cla_placement_end_date": end,
        "clap_cla_placement_type": kind, "clap_cla_placement_provider": provider,
    }


def person(pid, dob):
    return {"pers_person_id": pid, "pers_dob": dob}


def health(hid, person_id, kind, date):
    return {"clah_health_check_id": hid, "clah_person_id": person_id,
            "clah_health_check_type": kind, "clah_health_check_date": date}


def visit(vid, person_id, date, seen="Y"):
    return {"clav_cla_visit_id": vid, "clav_person_id": person_id, "clav_cla_visit_date": date,
            "clav_cla_visit_seen": seen}


def review(rid, cla_id, due, held="", cancelled="N"):
    return {"clar_cla_review_id": rid, "clar_cla_id": cla_id, "clar_cla_review_due_date": due,
            "clar_cla_review_date": held, "clar_cla_review_cancelled": cancelled}


def missing(mid, person_id, kind, start, end="", offered="N"):
    return {"miss_table_id": mid, "miss_person_id": person_id, "miss_missing_episode_type": kind,
            "miss_missing_episode_start_date": start, "miss_missing_episode_end_date": end,
            "miss_missing_rhi_offered": offered}


def permanence(tid, person_id, placed_for_adoption="", placed_foster_carer="", by_carer="N",
               placement_order="", matched=""):
    return {
        "perm_table_id": tid, "perm_person_id": person_id,
        "perm_placement_order_date": placement_order, "perm_matched_date": matched,
        "perm_placed_for_adoption_date": placed_for_adoption,
        "perm_adopted_by_carer_flag": by_carer,
        "perm_placed_foster_carer_date": placed_foster_carer,
    }


def open_episode(eid, person_id, start="2024-01-01", **kw):
    """A looked-after episode still open at the extract date."""
    return episode(eid, person_id, start, **kw)
