"""The issue's malformed extracts, made from a tiny synthetic extract (scale 0.03).

The synthetic extract is generated once per session. Each test damages a copy in one place and
asserts the exact outcome: the refusal message, or the data-quality rows of the undamaged
extract plus (or minus) exactly the rows the damage should cause. The expected ids are read from
the damaged file with pandas, independently of the loader.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from scorecard.errors import ExtractRefused
from scorecard.extract.load import load_extract

synth = pytest.importorskip("scorecard.synth")


@pytest.fixture(scope="session")
def synthetic_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "extract"
    synth.generate(out, scale=0.03, seed=7)
    return out


@pytest.fixture(scope="session")
def baseline(synthetic_dir) -> list[tuple[str, ...]]:
    return rows_of(load_extract(synthetic_dir))


@pytest.fixture
def folder(synthetic_dir, tmp_path) -> Path:
    return Path(shutil.copytree(synthetic_dir, tmp_path / "extract"))


def rows_of(x) -> list[tuple[str, ...]]:
    return [tuple(r) for r in x.data_quality.itertuples(index=False)]


def read(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{table}.csv", dtype="string", keep_default_na=False)


def write(folder: Path, table: str, df: pd.DataFrame) -> None:
    df.to_csv(folder / f"{table}.csv", index=False, lineterminator="\n")


def refusal(folder: Path) -> str:
    with pytest.raises(ExtractRefused) as e:
        load_extract(folder)
    return str(e.value)


def untouched_position(df: pd.DataFrame, id_column: str, baseline, table: str,
                       start: int = 3) -> int:
    """A record (0-based position, at least `start`) with no data-quality row of its own."""
    listed = {r[1] for r in baseline if r[0] == table}
    for pos in range(start, len(df)):
        if df.loc[pos, id_column] not in listed:
            return pos
    raise AssertionError(f"no clean record in {table}")


def test_the_synthetic_extract_excludes_nothing(baseline):
    assert [r for r in baseline if r[4] == "excluded"] == []


def test_missing_table(folder, baseline):
    (folder / "ssd_missing.csv").unlink()
    x = load_extract(folder)
    assert "ssd_missing" not in x.tables
    assert rows_of(x) == [r for r in baseline if r[0] != "ssd_missing"]


def test_missing_required_column(folder):
    df = read(folder, "ssd_cp_plans").drop(columns="cppl_cp_plan_start_date")
    write(folder, "ssd_cp_plans", df)
    assert refusal(folder).startswith(
        "ssd_cp_plans.csv: the key column cppl_cp_plan_start_date is missing;")


def test_forbidden_identifier_column(folder):
    df = read(folder, "ssd_person")
    df["pers_upn"] = "A000000000000"
    write(folder, "ssd_person", df)
    assert refusal(folder).startswith("ssd_person.csv: column pers_upn is a direct identifier")


def test_full_postcode(folder):
    df = read(folder, "ssd_cla_placement")
    df.loc[2, "clap_cla_placement_postcode"] = "AB1 2CD"  # record 3 -> line 4
    write(folder, "ssd_cla_placement", df)
    assert refusal(folder).startswith(
        "ssd_cla_placement.csv: column clap_cla_placement_postcode, line 4 (line 1 is the header) "
        "holds a full unit postcode")


def test_exact_date_of_birth(folder):
    df = read(folder, "ssd_person")
    df.loc[9, "pers_dob"] = df.loc[9, "pers_dob"][:8] + "17"  # record 10 -> line 11
    write(folder, "ssd_person", df)
    assert refusal(folder).startswith(
        "ssd_person.csv: column pers_dob, line 11 (line 1 is the header) is an exact date of "
        "birth")


def test_unparseable_date(folder, baseline):
    df = read(folder, "ssd_contacts")
    pos = untouched_position(df, "cont_contact_id", baseline, "ssd_contacts")
    df.loc[pos, "cont_contact_date"] = "2025-13-45"
    write(folder, "ssd_contacts", df)
    x = load_extract(folder)
    new = ("ssd_contacts", df.loc[pos, "cont_contact_id"], "unparseable_date",
           f"line {pos + 2}: cont_contact_date '2025-13-45' is not a date (YYYY-MM-DD)",
           "excluded", "FD01")
    assert sorted(rows_of(x)) == sorted(baseline + [new])
    assert len(x.tables["ssd_contacts"]) == len(df) - 1


def test_date_in_the_wrong_format(folder):
    df = read(folder, "ssd_contacts")
    df.loc[6, "cont_contact_date"] = "01/02/2025"
    write(folder, "ssd_contacts", df)
    assert refusal(folder).startswith(
        "ssd_contacts.csv: column cont_contact_date, line 8 (line 1 is the header): the date "
        "'01/02/2025' is not written YYYY-MM-DD")


def test_empty_file(folder):
    (folder / "ssd_cp_reviews.csv").write_bytes(b"")
    assert refusal(folder).startswith("ssd_cp_reviews.csv: the file is empty (0 bytes)")


def test_header_only(folder, baseline):
    header = (folder / "ssd_cla_visits.csv").read_text().splitlines()[0]
    (folder / "ssd_cla_visits.csv").write_text(header + "\n")
    x = load_extract(folder)
    assert len(x.tables["ssd_cla_visits"]) == 0
    assert rows_of(x) == [r for r in baseline if r[0] != "ssd_cla_visits"]


def test_bytes_that_are_not_utf8(folder):
    lines = (folder / "ssd_contacts.csv").read_bytes().split(b"\n")
    lines[3] = lines[3] + b"\xff"  # line 4, last field (the source code column is read)
    assert read(folder, "ssd_contacts").columns[-1] == "cont_contact_source_code"
    (folder / "ssd_contacts.csv").write_bytes(b"\n".join(lines))
    assert refusal(folder).startswith("ssd_contacts.csv: line 4 holds bytes that are not UTF-8")


def test_byte_order_mark(folder, baseline):
    path = folder / "ssd_person.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    x = load_extract(folder)
    assert rows_of(x) == baseline
    # pandas drops the mark itself, so it reads the reference ids
    assert x.tables["ssd_person"]["pers_person_id"].tolist() == \
        read(folder, "ssd_person")["pers_person_id"].tolist()


def test_duplicate_id(folder, baseline):
    df = read(folder, "ssd_contacts")
    pos = untouched_position(df, "cont_contact_id", baseline, "ssd_contacts")
    df = pd.concat([df, df.iloc[[pos]]], ignore_index=True)
    write(folder, "ssd_contacts", df)
    x = load_extract(folder)
    new = ("ssd_contacts", df.loc[pos, "cont_contact_id"], "duplicate_id",
           f"line {len(df) + 1}: cont_contact_id repeats the record on line {pos + 2}, which is "
           f"kept", "excluded", "FD01")
    assert sorted(rows_of(x)) == sorted(baseline + [new])


def test_orphan_foreign_key(folder, baseline):
    df = read(folder, "ssd_cp_visits")
    pos = untouched_position(df, "cppv_cp_visit_id", baseline, "ssd_cp_visits")
    df.loc[pos, "cppv_cp_plan_id"] = "NO-SUCH-PLAN"
    write(folder, "ssd_cp_visits", df)
    x = load_extract(folder)
    new = ("ssd_cp_visits", df.loc[pos, "cppv_cp_visit_id"], "orphan_reference",
           f"line {pos + 2}: cppv_cp_plan_id 'NO-SUCH-PLAN' matches no cppl_cp_plan_id in "
           f"ssd_cp_plans", "suspect", "")
    assert sorted(rows_of(x)) == sorted(baseline + [new])
    assert len(x.tables["ssd_cp_visits"]) == len(df)  # suspect: still counted


def test_end_before_start(folder, baseline):
    df = read(folder, "ssd_cp_plans")
    pos = untouched_position(df, "cppl_cp_plan_id", baseline, "ssd_cp_plans", start=0)
    start = pd.Timestamp(df.loc[pos, "cppl_cp_plan_start_date"])
    end = (start - pd.Timedelta(days=1)).date().isoformat()
    df.loc[pos, "cppl_cp_plan_end_date"] = end
    write(folder, "ssd_cp_plans", df)
    x = load_extract(folder)
    new = ("ssd_cp_plans", df.loc[pos, "cppl_cp_plan_id"], "end_before_start",
           f"line {pos + 2}: cppl_cp_plan_end_date {end} is before cppl_cp_plan_start_date "
           f"{start.date().isoformat()}", "excluded", "CP03 CP06")  # conftest.READERS
    assert sorted(rows_of(x)) == sorted(baseline + [new])
    assert len(x.tables["ssd_cp_plans"]) == len(df) - 1


def test_extract_yaml_missing_or_malformed(folder):
    meta = folder / "extract.yaml"
    text = meta.read_text()
    meta.write_text(text + "\nthis: [is not closed\n")
    assert refusal(folder).startswith("extract.yaml: not valid YAML at line ")
    meta.unlink()
    assert refusal(folder).startswith(f"{folder}: no extract.yaml")
