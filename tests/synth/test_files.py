"""What `scorecard synth` writes: every table, the SSD's names, anonymised, deterministic."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from scorecard import schema
from scorecard.synth import LA_CODE, generate, make_block
from scorecard.synth.days import day


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_every_table_present_with_the_schema_columns_in_order(sample_dir, raw):
    files = {p.name for p in sample_dir.iterdir()}
    assert files == {f"{t}.csv" for t in schema.TABLES} | {"extract.yaml"}
    assert len(schema.TABLES) == 27  # 25 SSD tables and the two local ones
    for name, t in schema.TABLES.items():
        header = (sample_dir / f"{name}.csv").open(encoding="utf-8").readline().rstrip("\n")
        assert header.split(",") == [c.name for c in t.columns], name
        assert set(t.key_columns) <= set(raw[name].columns)
        assert len(raw[name]) > 0, f"{name} is empty"


def test_extract_yaml_describes_a_fictional_authority(sample_dir):
    meta = yaml.safe_load((sample_dir / "extract.yaml").read_text(encoding="utf-8"))
    assert meta["la_code"] == LA_CODE == "E99000001"
    assert meta["la_name"] == "Anyshire"
    assert str(meta["extract_date"]) == "2025-10-07"
    assert meta["source"] == "scorecard synth seed 1 scale 1"
    assert meta["anonymised"] is True


def test_dates_of_birth_are_all_the_first_of_the_month(raw):
    dob = raw["ssd_person"]["pers_dob"]
    assert dob.str.fullmatch(r"\d{4}-\d{2}-01").all()


def test_no_forbidden_identifier_and_postcodes_are_sectors(raw):
    for name, frame in raw.items():
        assert not set(frame.columns) & schema.FORBIDDEN_COLUMNS, name
        for col in (c for c in frame.columns if c.endswith("_postcode")):
            values = frame[col][frame[col] != ""]
            assert len(values) > 0
            assert not values.str.match(schema.FULL_POSTCODE_PATTERN).any()
            assert values.str.fullmatch(r"[A-Z]{1,2}\d{1,2} \d").all()


def test_ids_are_zero_padded_and_primary_keys_unique(raw):
    for name, t in schema.TABLES.items():
        ids = raw[name][t.primary_key]
        assert ids.str.fullmatch(r"\d{10}").all(), name
        assert ids.is_unique, name


def test_dates_are_iso_and_flags_are_y_or_n_give_or_take_a_typo(raw):
    for name, t in schema.TABLES.items():
        for c in t.columns_of_kind(schema.DATE):
            values = raw[name][c]
            assert values[values != ""].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), (name, c)
        for c in t.columns_of_kind(schema.FLAG):
            assert set(raw[name][c]) <= {"Y", "N", "", "y", " N", "U"}, (name, c)


def test_history_covers_four_and_a_half_years(raw):
    # Contacts (a pure flow) start 4.5 years (1,644 days) before the extract date, to the day.
    dates = pd.to_datetime(raw["ssd_contacts"]["cont_contact_date"])
    assert dates.min() == pd.Timestamp("2021-04-07")
    assert dates.max() <= pd.Timestamp("2025-10-07")
    assert (pd.Timestamp("2025-10-07") - dates.min()).days == round(4.5 * 365.25)


def test_same_seed_same_bytes_other_seed_other_bytes(tiny_dir, tmp_path):
    again = tmp_path / "again"
    generate(again, scale=0.05, seed=1)
    assert digests(again) == digests(tiny_dir)
    other = tmp_path / "other"
    generate(other, scale=0.05, seed=2)
    changed = [k for k, v in digests(other).items() if digests(tiny_dir)[k] != v]
    assert "ssd_cin_episodes.csv" in changed and "ssd_person.csv" in changed


def test_parquet_holds_the_same_rows_as_csv(tiny_dir, tmp_path):
    out = tmp_path / "pq"
    (out).mkdir()
    (out / "ssd_person.csv").write_text("stale", encoding="utf-8")  # removed: would be ambiguous
    generate(out, scale=0.05, seed=1, fmt="parquet")
    assert not (out / "ssd_person.csv").exists()
    for name in schema.TABLES:
        from_pq = pq.read_table(out / f"{name}.parquet").to_pandas()
        from_csv = pd.read_csv(tiny_dir / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(from_pq.columns) == list(from_csv.columns)
        assert len(from_pq) == len(from_csv), name
    ids = pq.read_table(out / "ssd_person.parquet").column("pers_person_id").to_pylist()
    assert ids == pd.read_csv(tiny_dir / "ssd_person.csv", dtype=str)["pers_person_id"].tolist()


def test_an_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="csv or parquet"):
        generate(tmp_path, scale=0.05, fmt="xlsx")


@pytest.mark.slow
def test_blocks_stream_in_order_whatever_the_number_of_processes(sample_dir, tmp_path):
    """Scale 1.02 = the scale-1 authority (block 0) then a 2% block, appended in order, even
    when two processes make the blocks."""
    out = tmp_path / "two"
    generate(out, scale=1.02, seed=1, jobs=2)
    tail = make_block(1, 1, 0.02, day("2025-10-07"), "csv")
    for name in ("ssd_contacts", "ssd_cla_episodes", "ssd_involvements", "ssd_person"):
        whole = (out / f"{name}.csv").read_bytes()
        first = (sample_dir / f"{name}.csv").read_bytes()
        assert whole == first + tail[name], name
    assert re.search(r"scale 1.02", (out / "extract.yaml").read_text())


def test_the_command_line_writes_an_extract(tmp_path, capsys):
    from scorecard.cli import main

    assert main(["synth", "--out", str(tmp_path / "x"), "--scale", "0.01", "--seed", "3",
                 "--extract-date", "2024-03-31"]) == 0
    meta = yaml.safe_load((tmp_path / "x" / "extract.yaml").read_text(encoding="utf-8"))
    assert str(meta["extract_date"]) == "2024-03-31"
    assert meta["source"] == "scorecard synth seed 3 scale 0.01"
    assert capsys.readouterr().err == ""  # no progress lines at scale <= 1


@pytest.mark.parametrize("args, message", [
    (["--scale", "0"], "--scale must be a positive number"),
    (["--scale", "-2"], "--scale must be a positive number"),
    (["--extract-date", "31/12/2024"], "a date like 2025-10-07 (YYYY-MM-DD)"),
    (["--extract-date", "2025-02-30"], "'2025-02-30' is not a date"),
])
def test_the_command_line_refuses_bad_arguments_in_one_line(tmp_path, capsys, args, message):
    from scorecard.cli import main

    assert main(["synth", "--out", str(tmp_path / "x"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()  # refused before writing anything
