"""`scorecard validate` end to end, data_quality.csv, and the validated-table cache."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from clean_extract import copy_extract, rows, write_csv

from scorecard.cli import main
from scorecard.errors import ExtractRefused
from scorecard.extract.cache import load_validated, save_validated
from scorecard.extract.load import load_extract
from scorecard.extract.model import DATA_QUALITY_COLUMNS


@pytest.fixture
def damaged(clean_dir, tmp_path) -> Path:
    """The clean extract with two contact problems and a review reaching no child."""
    folder = copy_extract(clean_dir, tmp_path / "extract")
    r = rows()
    r["ssd_contacts"].append(dict(r["ssd_contacts"][0], cont_contact_date="2025-07-09"))
    r["ssd_contacts"][1]["cont_contact_date"] = "2026-01-01"
    r["ssd_cla_reviews"].append(dict(r["ssd_cla_reviews"][0], clar_cla_review_id="CLR2",
                                     clar_cla_id="CLA9"))
    r["ssd_cin_visits"][0]["cinv_cin_visit_seen"] = "yes"
    for t in ("ssd_contacts", "ssd_cla_reviews", "ssd_cin_visits"):
        write_csv(folder, t, r[t])
    (folder / "README.txt").write_text("how this extract was made\n")
    return folder


def test_validate_command_prints_the_summary_and_writes_data_quality(damaged, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["validate", "--extract", str(damaged), "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    # contacts: 3 read; C1's repeat (line 4) and C2 (after the extract date) excluded -> 1 used
    assert "Testshire (E99000009): extract date 2025-10-07, 27 of 27 tables present." in printed
    lines = printed.splitlines()
    contacts = next(line.split() for line in lines if line.strip().startswith("ssd_contacts"))
    assert contacts == ["ssd_contacts", "3", "1", "2", "0", "0"]
    reviews = next(line.split() for line in lines if line.strip().startswith("ssd_cla_reviews"))
    assert reviews == ["ssd_cla_reviews", "2", "2", "0", "1", "0"]
    visits = next(line.split() for line in lines if line.strip().startswith("ssd_cin_visits"))
    assert visits == ["ssd_cin_visits", "1", "1", "0", "0", "1"]
    assert "Files ignored (not tables of the extract): README.txt" in printed

    written = pd.read_csv(out / "data_quality.csv", dtype="string", keep_default_na=False)
    assert list(written.columns) == DATA_QUALITY_COLUMNS
    assert [tuple(r) for r in written.itertuples(index=False)] == [
        ("ssd_contacts", "C2", "event_after_extract_date",
         "line 3: cont_contact_date 2026-01-01 is after the extract date 2025-10-07",
         "excluded", "FD01"),
        ("ssd_contacts", "C1", "duplicate_id",
         "line 4: cont_contact_id repeats the record on line 2, which is kept", "excluded",
         "FD01"),
        ("ssd_cin_visits", "CV1", "flag_value",
         "line 2: cinv_cin_visit_seen 'yes' is not Y or N: read as not yes", "suspect", ""),
        ("ssd_cla_reviews", "CLR2", "unknown_cla_id",
         "line 3: clar_cla_id 'CLA9' matches no clae_cla_id of a usable record in "
         "ssd_cla_episodes: the review cannot reach its child", "excluded", "LA07"),
    ]


def test_data_quality_csv_is_byte_identical_on_a_second_run(damaged, tmp_path, capsys):
    for name in ("a", "b"):
        assert main(["validate", "--extract", str(damaged), "--output",
                     str(tmp_path / name)]) == 0
    first = (tmp_path / "a" / "data_quality.csv").read_bytes()
    assert first == (tmp_path / "b" / "data_quality.csv").read_bytes()


def test_refusal_exits_2_with_one_message(clean_dir, tmp_path, capsys):
    folder = copy_extract(clean_dir, tmp_path / "extract")
    (folder / "ssd_contacts.csv").write_bytes(b"")
    assert main(["validate", "--extract", str(folder), "--output", str(tmp_path / "o")]) == 2
    captured = capsys.readouterr()
    assert captured.err == ("scorecard validate: ssd_contacts.csv: the file is empty (0 bytes), "
                            "so it has no header row; a table with no records still needs its "
                            "header line\n")
    assert captured.out == ""
    assert not (tmp_path / "o" / "data_quality.csv").exists()


def test_allow_exact_dob_flag(clean_dir, tmp_path, capsys):
    folder = copy_extract(clean_dir, tmp_path / "extract")
    r = rows()
    r["ssd_person"][0]["pers_dob"] = "2015-03-17"
    write_csv(folder, "ssd_person", r["ssd_person"])
    assert main(["validate", "--extract", str(folder)]) == 2
    assert main(["validate", "--extract", str(folder), "--allow-exact-dob"]) == 0


def test_cache_round_trip_keeps_tables_dtypes_and_metadata(damaged, tmp_path):
    x = load_extract(damaged)
    save_validated(x, tmp_path / "cache")
    y = load_validated(tmp_path / "cache")
    assert sorted(y.tables) == sorted(x.tables)
    for name in x.tables:
        pd.testing.assert_frame_equal(y.tables[name], x.tables[name])
    pd.testing.assert_frame_equal(y.data_quality, x.data_quality)
    assert (y.extract_date, y.la_code, y.la_name, y.source) == (
        x.extract_date, x.la_code, x.la_name, x.source)
    assert y.missing_columns == x.missing_columns and y.rows_read == x.rows_read
    # a notebook that needs two tables reads only those
    z = load_validated(tmp_path / "cache", tables=["ssd_contacts", "ssd_person"])
    assert sorted(z.tables) == ["ssd_contacts", "ssd_person"]


def test_cache_with_a_missing_column_and_an_empty_table(clean_dir, tmp_path):
    folder = copy_extract(clean_dir, tmp_path / "extract")
    r = rows()
    for rec in r["ssd_cin_episodes"]:
        del rec["cine_referral_nfa"]
    write_csv(folder, "ssd_cin_episodes", r["ssd_cin_episodes"])
    (folder / "ssd_contacts.csv").write_text("cont_contact_id,cont_person_id,cont_contact_date\n")
    x = load_extract(folder)
    save_validated(x, tmp_path / "cache")
    y = load_validated(tmp_path / "cache")
    assert y.missing_columns == {"ssd_cin_episodes": {"cine_referral_nfa"},
                                 "ssd_contacts": {"cont_contact_source_code"}}
    pd.testing.assert_frame_equal(y.tables["ssd_contacts"], x.tables["ssd_contacts"])
    assert len(y.data_quality) == 0 and list(y.data_quality.columns) == DATA_QUALITY_COLUMNS


def test_an_interrupted_cache_is_refused(damaged, tmp_path):
    save_validated(load_extract(damaged), tmp_path / "cache")
    (tmp_path / "cache" / "extract.json").unlink()
    with pytest.raises(ExtractRefused, match="no validated extract here"):
        load_validated(tmp_path / "cache")
