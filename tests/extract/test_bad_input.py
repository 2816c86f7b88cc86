"""Malformed extracts, each made from the clean one by damaging one thing, with the exact outcome:
refused with which message, or accepted with which data-quality rows.

Line numbers are counted as in a text editor: the header is line 1, the first record line 2.
`measures` in data-quality rows come from conftest.READERS (ssd_contacts -> FD01, ...).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from clean_extract import META, copy_extract, rows, write_csv, write_meta

from scorecard.errors import ExtractRefused
from scorecard.extract.commands import format_summary
from scorecard.extract.load import load_extract, other_files
from scorecard.schema import TABLES


@pytest.fixture
def folder(clean_dir, tmp_path) -> Path:
    return copy_extract(clean_dir, tmp_path / "extract")


def refusal(folder: Path, **kw) -> str:
    with pytest.raises(ExtractRefused) as e:
        load_extract(folder, **kw)
    return str(e.value)


def dq(x) -> list[tuple[str, ...]]:
    return [tuple(r) for r in x.data_quality.itertuples(index=False)]


def ids(x, table: str) -> list[str]:
    return x.tables[table][TABLES[table].primary_key].tolist()


def test_the_clean_extract_is_accepted_with_no_data_quality_rows(folder):
    x = load_extract(folder)
    assert sorted(x.tables) == sorted(TABLES)
    assert dq(x) == []
    assert x.missing_columns == {}
    assert x.extract_date == pd.Timestamp("2025-10-07")
    assert (x.la_code, x.la_name) == ("E99000009", "Testshire")
    assert x.rows_read["ssd_contacts"] == 2 and len(x.tables["ssd_contacts"]) == 2


# --- tables and columns -------------------------------------------------------------------------


def test_missing_table_is_reported_not_an_error(folder):
    (folder / "ssd_contacts.csv").unlink()
    x = load_extract(folder)
    assert "ssd_contacts" not in x.tables
    assert dq(x) == []
    summary = format_summary(x)
    assert "26 of 27 tables present" in summary
    # FD01 counts contacts (MEASURES.md), so it is the measure the absence switches off
    assert "Tables absent (the measures that need them are not available):\n  ssd_contacts: FD01" \
        in summary


def test_missing_key_column_is_refused_naming_file_and_column(folder):
    r = rows()
    for rec in r["ssd_contacts"]:
        del rec["cont_contact_date"]
    write_csv(folder, "ssd_contacts", r["ssd_contacts"])
    assert refusal(folder) == (
        "ssd_contacts.csv: the key column cont_contact_date is missing; a present ssd_contacts "
        "table must have cont_contact_id, cont_person_id, cont_contact_date (EXTRACT.md)"
    )


def test_missing_optional_column_switches_off_the_measures_that_read_it(folder):
    r = rows()
    for rec in r["ssd_cin_episodes"]:
        del rec["cine_referral_nfa"]
    write_csv(folder, "ssd_cin_episodes", r["ssd_cin_episodes"])
    x = load_extract(folder)
    assert x.missing_columns == {"ssd_cin_episodes": {"cine_referral_nfa"}}
    assert "cine_referral_nfa" not in x.tables["ssd_cin_episodes"].columns
    assert dq(x) == []
    # FD04 (referrals ending in NFA) reads cine_referral_nfa (MEASURES.md)
    assert "  ssd_cin_episodes.cine_referral_nfa: FD04" in format_summary(x)


def test_extra_ssd_columns_are_ignored(folder):
    r = rows()
    for rec in r["ssd_contacts"]:
        rec["cont_contact_outcome_json"] = '{"a": 1}'
    write_csv(folder, "ssd_contacts", r["ssd_contacts"])
    x = load_extract(folder)
    expected = [c.name for c in TABLES["ssd_contacts"].columns]
    assert list(x.tables["ssd_contacts"].columns) == expected
    assert dq(x) == []


def test_both_csv_and_parquet_for_a_table_is_refused(folder):
    pd.read_csv(folder / "ssd_contacts.csv", dtype="string").to_parquet(
        folder / "ssd_contacts.parquet")
    assert refusal(folder) == (
        f"{folder}: both ssd_contacts.csv and ssd_contacts.parquet are present; keep one file per "
        f"table so that it is clear which one holds the data"
    )


def test_other_files_are_ignored_and_listed(folder):
    (folder / "notes.txt").write_text("exported by hand\n")
    x = load_extract(folder)
    assert dq(x) == []
    assert other_files(folder) == ["notes.txt"]
    assert "Files ignored (not tables of the extract): notes.txt" in format_summary(
        x, ignored=other_files(folder))


# --- anonymisation ------------------------------------------------------------------------------


def test_forbidden_identifier_column_is_refused(folder):
    r = rows()
    for rec in r["ssd_person"]:
        rec["pers_forename"] = "Alex"
    write_csv(folder, "ssd_person", r["ssd_person"])
    message = refusal(folder)
    assert message == (
        "ssd_person.csv: column pers_forename is a direct identifier, which an anonymised "
        "extract must not carry (EXTRACT.md, anonymisation rules); remove it from the export "
        "and run again"
    )
    assert "Alex" not in message


def test_forbidden_identifier_in_a_file_the_workbook_does_not_read_is_refused(folder):
    write_csv(folder, "ssd_send", [{"send_table_id": "SEND1", "send_upn": "A123456789012",
                                    "send_person_id": "P1"}])
    assert refusal(folder).startswith(
        "ssd_send.csv: column send_upn is a direct identifier")


def test_forbidden_identifier_in_upper_case_is_still_refused(folder):
    r = rows()
    for rec in r["ssd_person"]:
        rec["PERS_SURNAME"] = "Smith"
    write_csv(folder, "ssd_person", r["ssd_person"])
    assert refusal(folder).startswith("ssd_person.csv: column pers_surname is a direct identifier")


def test_full_postcode_is_refused_with_its_line_but_a_sector_is_fine(folder):
    r = rows()
    second = dict(r["ssd_cla_placement"][0], clap_cla_placement_id="PL2",
                  clap_cla_placement_postcode="AB12 3DE")
    write_csv(folder, "ssd_cla_placement", r["ssd_cla_placement"] + [second])
    message = refusal(folder)
    assert message == (
        "ssd_cla_placement.csv: column clap_cla_placement_postcode, line 3 (line 1 is the header) "
        "holds a full unit postcode; an anonymised extract may carry only the postcode sector "
        "(e.g. 'AB12 3', EXTRACT.md)"
    )
    assert "3DE" not in message  # the identifying value is never printed


def test_full_postcode_in_a_file_the_workbook_does_not_read_is_refused(folder):
    write_csv(folder, "ssd_address", [
        {"addr_table_id": "1", "addr_person_id": "P1", "addr_address_postcode": "SW1A 1"},
        {"addr_table_id": "2", "addr_person_id": "P2", "addr_address_postcode": "SW1A 1AA"},
        {"addr_table_id": "3", "addr_person_id": "P2", "addr_address_postcode": "M1 1AE"},
    ])
    assert refusal(folder) == (
        "ssd_address.csv: column addr_address_postcode, line 3 (line 1 is the header) holds a "
        "full unit postcode (1 more rows like it); an anonymised extract may carry only the "
        "postcode sector (e.g. 'AB12 3', EXTRACT.md)"
    )


def test_exact_date_of_birth_is_refused_unless_allowed(folder):
    r = rows()
    r["ssd_person"][1]["pers_dob"] = "2010-07-15"
    write_csv(folder, "ssd_person", r["ssd_person"])
    message = refusal(folder)
    assert message == (
        "ssd_person.csv: column pers_dob, line 3 (line 1 is the header) is an exact date of "
        "birth, not the 1st of its month; dates of birth must be degraded to the 1st of the month "
        "(EXTRACT.md), or run with --allow-exact-dob inside the authority's own secure environment"
    )
    assert "2010-07-15" not in message
    x = load_extract(folder, allow_exact_dob=True)
    assert x.tables["ssd_person"]["pers_dob"].tolist() == [pd.Timestamp("2015-03-01"),
                                                          pd.Timestamp("2010-07-15")]
    assert dq(x) == []


# --- dates --------------------------------------------------------------------------------------


def test_unparseable_dates_exclude_only_their_record(folder):
    r = rows()
    r["ssd_contacts"][1]["cont_contact_date"] = "2025-13-45"
    r["ssd_contacts"].append(dict(r["ssd_contacts"][0], cont_contact_id="C3",
                                  cont_contact_date="unknown"))
    r["ssd_contacts"].append(dict(r["ssd_contacts"][0], cont_contact_id="C4",
                                  cont_contact_date="2025-02-29"))  # 2025 is not a leap year
    write_csv(folder, "ssd_contacts", r["ssd_contacts"])
    x = load_extract(folder)
    assert dq(x) == [
        ("ssd_contacts", "C2", "unparseable_date",
         "line 3: cont_contact_date '2025-13-45' is not a date (YYYY-MM-DD)", "excluded", "FD01"),
        ("ssd_contacts", "C3", "unparseable_date",
         "line 4: cont_contact_date 'unknown' is not a date (YYYY-MM-DD)", "excluded", "FD01"),
        ("ssd_contacts", "C4", "unparseable_date",
         "line 5: cont_contact_date '2025-02-29' is not a date (YYYY-MM-DD)", "excluded", "FD01"),
    ]
    assert ids(x, "ssd_contacts") == ["C1"]


@pytest.mark.parametrize("value", ["31/12/2024", "2024/12/31", "31 Dec 2024", "20241231"])
def test_a_date_in_another_format_refuses_the_extract(folder, value):
    r = rows()
    r["ssd_contacts"][1]["cont_contact_date"] = value
    write_csv(folder, "ssd_contacts", r["ssd_contacts"])
    assert refusal(folder) == (
        f"ssd_contacts.csv: column cont_contact_date, line 3 (line 1 is the header): the date "
        f"'{value}' is not written YYYY-MM-DD; dates in an extract must be ISO dates (e.g. "
        f"2024-12-31; a time part after the date is dropped): re-export with ISO dates"
    )


def test_a_time_part_is_dropped(folder):
    r = rows()
    r["ssd_contacts"][0]["cont_contact_date"] = "2025-07-01T09:30:00"
    r["ssd_contacts"][1]["cont_contact_date"] = "2025-07-02 23:59:59.997"
    write_csv(folder, "ssd_contacts", r["ssd_contacts"])
    x = load_extract(folder)
    assert x.tables["ssd_contacts"]["cont_contact_date"].tolist() == [
        pd.Timestamp("2025-07-01"), pd.Timestamp("2025-07-02")]
    assert str(x.tables["ssd_contacts"]["cont_contact_date"].dtype) == "datetime64[ns]"
    assert dq(x) == []


def test_end_before_start_is_excluded_from_every_measure_reading_the_table(folder):
    r = rows()
    r["ssd_cp_plans"][0]["cppl_cp_plan_end_date"] = "2025-07-24"  # start 2025-07-25
    write_csv(folder, "ssd_cp_plans", r["ssd_cp_plans"])
    x = load_extract(folder)
    # The plan still exists in the file, so the visit, review and conference naming it are not
    # orphans.
    assert dq(x) == [
        ("ssd_cp_plans", "CP1", "end_before_start",
         "line 2: cppl_cp_plan_end_date 2025-07-24 is before cppl_cp_plan_start_date 2025-07-25",
         "excluded", "CP03 CP06"),
    ]
    assert ids(x, "ssd_cp_plans") == []


def test_event_after_the_extract_date_is_excluded_and_a_later_end_is_open(folder):
    r = rows()
    r["ssd_contacts"][1]["cont_contact_date"] = "2025-10-08"  # extract date 2025-10-07
    r["ssd_cin_episodes"][0]["cine_close_date"] = "2025-12-01"
    r["ssd_cin_episodes"][1]["cine_close_date"] = "9999-12-31"  # a system's "still open"
    r["ssd_cp_reviews"][0]["cppr_cp_review_due"] = "2026-01-10"  # due dates may lie ahead
    for t in ("ssd_contacts", "ssd_cin_episodes", "ssd_cp_reviews"):
        write_csv(folder, t, r[t])
    x = load_extract(folder)
    assert dq(x) == [
        ("ssd_contacts", "C2", "event_after_extract_date",
         "line 3: cont_contact_date 2025-10-08 is after the extract date 2025-10-07",
         "excluded", "FD01"),
        ("ssd_cin_episodes", "R1", "end_after_extract_date",
         "line 2: cine_close_date 2025-12-01 is after the extract date 2025-10-07: treated as "
         "not yet ended", "suspect", ""),
        ("ssd_cin_episodes", "R2", "end_after_extract_date",
         "line 3: cine_close_date 9999-12-31 is after the extract date 2025-10-07: treated as "
         "not yet ended", "suspect", ""),
    ]
    assert ids(x, "ssd_contacts") == ["C1"]
    assert x.tables["ssd_cin_episodes"]["cine_close_date"].isna().tolist() == [True, True]
    assert x.tables["ssd_cp_reviews"]["cppr_cp_review_due"].tolist() == [pd.Timestamp("2026-01-10")]


# --- files --------------------------------------------------------------------------------------


def test_empty_file_is_refused(folder):
    (folder / "ssd_contacts.csv").write_bytes(b"")
    assert refusal(folder) == (
        "ssd_contacts.csv: the file is empty (0 bytes), so it has no header row; a table with no "
        "records still needs its header line"
    )


def test_header_only_is_an_empty_table(folder):
    (folder / "ssd_contacts.csv").write_text(
        "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code\n")
    x = load_extract(folder)
    contacts = x.tables["ssd_contacts"]
    assert len(contacts) == 0 and x.rows_read["ssd_contacts"] == 0
    assert list(contacts.columns) == [c.name for c in TABLES["ssd_contacts"].columns]
    assert str(contacts["cont_contact_date"].dtype) == "datetime64[ns]"
    assert str(contacts["cont_contact_id"].dtype) == "string"
    assert dq(x) == []


def test_bytes_that_are_not_utf8_are_refused_with_their_line(folder):
    (folder / "ssd_contacts.csv").write_bytes(
        b"cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code\n"
        b"C1,P1,2025-07-01,1A\n"
        b"C2,P2,2025-07-02,1B caf\xe9\n"  # Latin-1 e-acute, as a Windows "CSV" export writes it
    )
    # 'C2,P2,2025-07-02,1B caf' is 23 bytes, so the bad byte is the 24th of line 3
    assert refusal(folder) == (
        "ssd_contacts.csv: line 3 holds bytes that are not UTF-8 (0xe9 at byte 24 of the line); "
        "save the file as UTF-8 (in Excel: 'CSV UTF-8') and run again"
    )


def test_byte_order_mark_is_accepted(folder):
    text = (folder / "ssd_contacts.csv").read_bytes()
    (folder / "ssd_contacts.csv").write_bytes(b"\xef\xbb\xbf" + text)
    x = load_extract(folder)
    assert ids(x, "ssd_contacts") == ["C1", "C2"]
    assert dq(x) == []


def test_a_line_with_the_wrong_number_of_fields_is_refused(folder):
    (folder / "ssd_contacts.csv").write_text(
        "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code\n"
        "C1,P1,2025-07-01,1A\n"
        "C2,P2,2025-07-02,1B,extra\n"
    )
    assert refusal(folder) == (
        "ssd_contacts.csv: line 3 has 5 fields where the header has 4; check the separators and "
        "quotes on that line"
    )


def test_a_semicolon_separated_file_is_refused(folder):
    (folder / "ssd_contacts.csv").write_text(
        "cont_contact_id;cont_person_id;cont_contact_date\nC1;P1;2025-07-01\n")
    assert refusal(folder) == (
        "ssd_contacts.csv: line 1 (the header) has a single column holding semicolons or tabs; "
        "the extract's files must be comma separated")


def test_quoted_line_breaks_and_leading_zeros_survive(folder):
    (folder / "ssd_cin_episodes.csv").write_text(
        "cine_referral_id,cine_person_id,cine_referral_date,cine_close_date,cine_referral_team\n"
        '007,P1,2025-07-02,,"Team\nNorth"\n'
    )
    x = load_extract(folder)
    assert ids(x, "ssd_cin_episodes") == ["007"]
    assert x.tables["ssd_cin_episodes"]["cine_referral_team"].tolist() == ["Team\nNorth"]


# --- keys and references ------------------------------------------------------------------------


def test_duplicate_ids_keep_the_first_and_exclude_the_rest(folder):
    r = rows()
    c1 = r["ssd_contacts"][0]
    r["ssd_contacts"] += [dict(c1, cont_contact_date="2025-07-05"),
                          dict(c1, cont_contact_date="2025-07-06")]
    write_csv(folder, "ssd_contacts", r["ssd_contacts"])
    x = load_extract(folder)
    assert dq(x) == [
        ("ssd_contacts", "C1", "duplicate_id",
         "line 4: cont_contact_id repeats the record on line 2, which is kept", "excluded", "FD01"),
        ("ssd_contacts", "C1", "duplicate_id",
         "line 5: cont_contact_id repeats the record on line 2, which is kept", "excluded", "FD01"),
    ]
    contacts = x.tables["ssd_contacts"]
    assert contacts["cont_contact_id"].tolist() == ["C1", "C2"]
    assert contacts["cont_contact_date"].tolist() == [pd.Timestamp("2025-07-01"),
                                                      pd.Timestamp("2025-07-02")]
    assert format_summary(x).count("ssd_contacts") >= 2


def test_blank_ids_are_excluded_and_named_by_their_line(folder):
    r = rows()
    r["ssd_contacts"][1]["cont_contact_id"] = " "
    r["ssd_contacts"][0]["cont_person_id"] = "NULL"  # SQL Server's export of a missing value
    write_csv(folder, "ssd_contacts", r["ssd_contacts"])
    x = load_extract(folder)
    assert dq(x) == [
        ("ssd_contacts", "C1", "missing_person_id",
         "line 2: no cont_person_id: the record cannot be attributed to a child", "excluded",
         "FD01"),
        ("ssd_contacts", "line 3", "missing_id",
         "line 3: no cont_contact_id: the record cannot be identified", "excluded", "FD01"),
    ]
    assert ids(x, "ssd_contacts") == []


def test_orphan_references_are_suspect_but_a_review_reaching_no_child_leaves_la07(folder):
    r = rows()
    r["ssd_contacts"][1]["cont_person_id"] = "P9"
    r["ssd_cp_visits"][0]["cppv_cp_plan_id"] = "CP9"
    r["ssd_cla_visits"][0]["clav_cla_id"] = "CLA9"
    r["ssd_cla_reviews"].append(dict(r["ssd_cla_reviews"][0], clar_cla_review_id="CLR2",
                                     clar_cla_id="CLA9"))
    r["ssd_involvements"][0]["invo_professional_id"] = "W9"
    for t in ("ssd_contacts", "ssd_cp_visits", "ssd_cla_visits", "ssd_cla_reviews",
              "ssd_involvements"):
        write_csv(folder, t, r[t])
    x = load_extract(folder)
    assert dq(x) == [
        ("ssd_contacts", "C2", "unknown_person", "line 3: cont_person_id 'P9' is not in ssd_person",
         "suspect", ""),
        ("ssd_cp_visits", "CPV1", "orphan_reference",
         "line 2: cppv_cp_plan_id 'CP9' matches no cppl_cp_plan_id in ssd_cp_plans", "suspect", ""),
        ("ssd_cla_visits", "CLV1", "orphan_reference",
         "line 2: clav_cla_id 'CLA9' matches no clae_cla_id in ssd_cla_episodes", "suspect", ""),
        ("ssd_cla_reviews", "CLR2", "unknown_cla_id",
         "line 3: clar_cla_id 'CLA9' matches no clae_cla_id of a usable record in "
         "ssd_cla_episodes: the review cannot reach its child", "excluded", "LA07"),
        ("ssd_involvements", "IN1", "orphan_reference",
         "line 2: invo_professional_id 'W9' matches no prof_professional_id in ssd_professionals",
         "suspect", ""),
    ]
    # suspect records are still counted, and LA07 itself leaves the unreachable review out
    assert ids(x, "ssd_contacts") == ["C1", "C2"]
    assert ids(x, "ssd_cp_visits") == ["CPV1"]
    assert ids(x, "ssd_cla_reviews") == ["CLR1", "CLR2"]


def test_odd_flags_and_unknown_codes_are_suspect(folder):
    r = rows()
    r["ssd_cin_visits"][0]["cinv_cin_visit_seen"] = "Yes"
    r["ssd_cin_visits"][0]["cinv_cin_visit_seen_alone"] = " y "
    r["ssd_cla_health"][0]["clah_health_check_type"] = "XYZ"
    for t in ("ssd_cin_visits", "ssd_cla_health"):
        write_csv(folder, t, r[t])
    x = load_extract(folder)
    assert dq(x) == [
        ("ssd_cin_visits", "CV1", "flag_value",
         "line 2: cinv_cin_visit_seen 'Yes' is not Y or N: read as not yes", "suspect", ""),
        ("ssd_cla_health", "H1", "unknown_code",
         "line 2: clah_health_check_type 'XYZ' is not a known code (DENTAL, IHA, RHA)",
         "suspect", ""),
    ]
    visits = x.tables["ssd_cin_visits"]
    assert visits["cinv_cin_visit_seen"].tolist() == [False]
    assert visits["cinv_cin_visit_seen_alone"].tolist() == [True]
    assert x.tables["ssd_cla_health"]["clah_health_check_type"].tolist() == ["XYZ"]


# --- extract.yaml -------------------------------------------------------------------------------


def test_missing_extract_yaml_is_refused(folder):
    (folder / "extract.yaml").unlink()
    assert refusal(folder) == (
        f"{folder}: no extract.yaml; an extract needs one, giving at least extract_date: "
        f"YYYY-MM-DD (EXTRACT.md)"
    )


def test_malformed_extract_yaml_is_refused_with_its_line(folder):
    (folder / "extract.yaml").write_text("la_code: E99000009\nla_name: [Testshire\n"
                                         "extract_date: 2025-10-07\n")
    assert refusal(folder).startswith("extract.yaml: not valid YAML at line ")


def test_extract_yaml_without_extract_date_is_refused_naming_the_key(folder):
    write_meta(folder, {k: v for k, v in META.items() if k != "extract_date"})
    assert refusal(folder) == (
        "extract.yaml: the key extract_date is missing; it is the date the data was taken, "
        "written YYYY-MM-DD"
    )


def test_extract_yaml_with_a_non_iso_extract_date_is_refused(folder):
    write_meta(folder, dict(META, extract_date="07/10/2025"))
    assert refusal(folder) == (
        "extract.yaml: extract_date '07/10/2025' is not a date written YYYY-MM-DD")


def test_not_a_folder_is_refused(tmp_path):
    assert refusal(tmp_path / "nowhere") == (
        f"{tmp_path / 'nowhere'}: no such folder (the extract is a folder of files)")


def test_parquet_extract_reads_like_the_csv_one(folder, tmp_path):
    """Parquet files with typed columns (dates, booleans, integers) give the same tables."""
    parquet = tmp_path / "parquet"
    parquet.mkdir()
    shutil.copy(folder / "extract.yaml", parquet / "extract.yaml")
    for path in sorted(folder.glob("*.csv")):
        table = path.stem
        df = pd.read_csv(path, dtype="string", keep_default_na=False)
        for c in TABLES[table].columns:
            if c.kind == "date":  # a date type, as a database export would write it
                df[c.name] = pd.to_datetime(df[c.name].replace("", None)).astype("datetime64[ms]")
            elif c.kind == "flag":
                df[c.name] = df[c.name].map({"Y": True, "N": False}).astype("boolean")
        df.to_parquet(parquet / f"{table}.parquet", index=False)
    from_csv, from_parquet = load_extract(folder), load_extract(parquet)
    assert dq(from_parquet) == []
    for table in TABLES:
        pd.testing.assert_frame_equal(from_parquet.tables[table], from_csv.tables[table])
