"""Validation: raw string frames -> typed tables, anonymisation rules, keys, rules of time.

What happens to each kind of problem (EXTRACT.md, MEASURES.md "Conventions"):

Refused (the extract cannot be used; `ExtractRefused` names file, column and row):
- a forbidden identifier column, a full unit postcode, a date of birth that is not a 1st
  (unless `allow_exact_dob`): see `anonymity`;
- a key column missing from a present table;
- a date written in another convention than ISO (`31/12/2024`, `2024/12/31`, `31 Dec 2024`,
  `20241231`, a spreadsheet serial number). Such a value means the export is set up wrongly, so
  every date in the file is suspect: refusing with the line and the value tells the analyst what
  to fix, where excluding would silently lose most of the extract.

Excluded (taken out of the tables; listed with the measures that lose them):
- `missing_id`: no primary key; `duplicate_id`: a primary key seen on an earlier line (the first
  is kept, as the export's own order is the only tie-break it offers);
- `missing_person_id`: a record whose (required) person id is blank cannot be attributed to a child;
- `unparseable_date`: a date column holding a value that is ISO-looking but impossible
  (`2024-13-45`, `2024-02-30`) or no date at all (`unknown`), or a year outside 1678-2261. One bad
  value is a data-entry slip, not a wrong export, so only that record goes;
- `missing_date`: no value in the date that places the record in time (a contact's date, a plan's
  start, a review's due date: `RECORD_DATES`), so no measure could count it;
- `end_before_start`, `event_after_extract_date` (the rules of time);
- `missing_cla_id` / `unknown_cla_id`: a looked-after review whose `clar_cla_id` is blank or matches
  no episode's `clae_cla_id` cannot reach its child (LA07 links reviews only through that id). It
  is excluded from LA07 alone (`measures` = LA07) and, unlike the rules above, stays in the table:
  LA07 leaves it out itself and shows it in its audit with that reason, so a reviewer sees it
  beside the reviews that were counted.

Suspect (listed, still counted):
- `end_after_extract_date`: the end is set to missing (the record is still open at the extract);
- `flag_value` (not Y, N or blank; read as not yes), `unknown_code` (schema.KNOWN_CODES),
  `number_value` (not a number; read as missing), `missing_date_of_birth`;
- `unknown_person`: a person id not in ssd_person. Such a record is kept: the child exists in the
  case system, and a person table that lags the activity tables (a child created after the person
  extract ran, a filter on the person query) is the likelier cause than a record with no child.
  Counting the activity and treating the child's characteristics (age, sex) as unknown keeps
  the flow counts whole; dropping it would understate them without trace;
- `orphan_reference`: any other id that matches nothing in the table it refers to. Visits are never
  excluded for the plan or care id they carry, since visits belong to the child.

A missing optional column is not a record's fault, so it has no data-quality row: it is in
`Extract.missing_columns`, and the summary names the measures it switches off.

Suspect checks look only at records kept after the exclusions. A reference is an orphan when
its id is nowhere in the other table's file (a plan excluded for its dates still exists, so its
visits are not orphans); a review, though, must reach an episode that is kept, or LA07 cannot
place it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from scorecard import schema
from scorecard.errors import ExtractRefused
from scorecard.extract import quality
from scorecard.extract.anonymity import (
    normalise_column_name,
    postcode_columns,
    refuse_exact_dob,
    refuse_forbidden_columns,
    refuse_full_postcodes,
)
from scorecard.extract.coerce import (
    Dates,
    clean_strings,
    is_blank,
    parse_flags,
    parse_iso_dates,
    parse_numbers,
    to_arrow,
    to_pandas_strings,
)
from scorecard.extract.load import parse_extract_date
from scorecard.extract.model import Extract
from scorecard.extract.quality import EXCLUDED, SUSPECT, Issues
from scorecard.extract.source import Source, source_of

# The date without which a record cannot be placed in time, so that no measure could count it.
RECORD_DATES: dict[str, str] = {
    "ssd_contacts": "cont_contact_date",
    "ssd_cin_episodes": "cine_referral_date",
    "ssd_cin_assessments": "cina_assessment_start_date",
    "ssd_cin_plans": "cinp_cin_plan_start_date",
    "ssd_cin_visits": "cinv_cin_visit_date",
    "ssd_s47_enquiry": "s47e_s47_start_date",
    "ssd_initial_cp_conference": "icpc_icpc_date",
    "ssd_cp_plans": "cppl_cp_plan_start_date",
    "ssd_cp_visits": "cppv_cp_visit_date",
    "ssd_cp_reviews": "cppr_cp_review_due",
    "ssd_cla_episodes": "clae_cla_episode_start_date",
    "ssd_legal_status": "lega_legal_status_start_date",
    "ssd_cla_placement": "clap_cla_placement_start_date",
    "ssd_cla_visits": "clav_cla_visit_date",
    "ssd_cla_reviews": "clar_cla_review_due_date",
    "ssd_cla_health": "clah_health_check_date",
    "ssd_missing": "miss_missing_episode_start_date",
    "ssd_involvements": "invo_involvement_start_date",
    "ssd_ehcp_requests": "ehcr_ehcp_req_date",
    "ssd_ehcp_named_plan": "ehcn_named_plan_start_date",
    "local_supervisions": "supervision_date",
    "local_case_audits": "audit_date",
}

PERSON_TABLE, DOB = "ssd_person", "pers_dob"
REVIEWS, REVIEW_CARE_ID = "ssd_cla_reviews", "clar_cla_id"
EPISODES, EPISODE_CARE_ID = "ssd_cla_episodes", "clae_cla_id"
REVIEW_MEASURES = ("LA07",)  # the measures that reach a review's child through clar_cla_id


@dataclass
class _Table:
    """One table while it is being checked: typed columns for every record, and which to keep."""

    spec: schema.Table
    source: Source
    n: int
    strings: dict[str, pa.Array] = field(default_factory=dict)  # ids, codes, text (cleaned)
    dates: dict[str, Dates] = field(default_factory=dict)
    flags: dict[str, np.ndarray] = field(default_factory=dict)
    flags_odd: dict[str, np.ndarray] = field(default_factory=dict)
    numbers: dict[str, np.ndarray] = field(default_factory=dict)
    numbers_odd: dict[str, np.ndarray] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    keep: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # The values as written (trimmed) where a date, flag or number column has a problem, by
    # position, to quote them in reasons once the raw text is gone.
    written: dict[str, pd.Series] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.spec.name

    def ids(self, positions: np.ndarray) -> pa.Array:
        return self.strings[self.spec.primary_key].take(pa.array(positions, pa.int64()))

    def kept_values(self, column: str) -> pa.Array:
        return self.strings[column].filter(pa.array(self.keep))

    def keep_written(self, column: str, raw: pd.Series, problems: np.ndarray) -> None:
        positions = np.flatnonzero(problems)
        if positions.size:
            taken = to_arrow(raw).take(pa.array(positions, pa.int64()))
            text = to_pandas_strings(pc.utf8_trim_whitespace(taken)).fillna("")
            self.written[column] = text.set_axis(positions)

    def raw_text(self, column: str, positions: np.ndarray) -> pd.Series:
        """The values as written in the file (trimmed), to quote them in reasons."""
        if column in self.strings:
            taken = self.strings[column].take(pa.array(positions, pa.int64()))
            return to_pandas_strings(taken).fillna("")
        return self.written[column].loc[positions].reset_index(drop=True)

    def quote(self, column: str, positions: np.ndarray) -> pd.Series:
        """"column 'value'" for each record, the value as written, for reasons."""
        return f"{column} '" + self.raw_text(column, positions) + "'"

    def dated(self, column: str, positions: np.ndarray) -> pd.Series:
        """"column 2024-05-01" for each record, from the parsed date."""
        days = self.dates[column].days[positions].astype("datetime64[D]")
        return f"{column} " + pd.Series(np.datetime_as_string(days), dtype="string")

    def frame(self) -> pd.DataFrame:
        """The kept records with every column the file had, typed as the schema says."""
        keep = self.keep
        everything = bool(keep.all())
        cols: dict[str, object] = {}
        for c in self.spec.columns:
            if c.name in self.strings:
                arr = self.strings[c.name]
                cols[c.name] = to_pandas_strings(arr if everything else arr.filter(pa.array(keep)))
            elif c.name in self.dates:
                cols[c.name] = self.dates[c.name].as_datetime64()[keep]
            elif c.name in self.flags:
                cols[c.name] = self.flags[c.name][keep]
            elif c.name in self.numbers:
                cols[c.name] = self.numbers[c.name][keep]
        return pd.DataFrame(cols, index=pd.RangeIndex(int(keep.sum())))


def validate_frames(
    raw: Mapping[str, pd.DataFrame], meta: dict, allow_exact_dob: bool = False
) -> Extract:
    """Validate raw string frames (as read from the files) into an Extract.

    `raw` maps table names to frames of strings (every column as text, as in the CSV): a dict,
    or load.TableFiles, which reads each file when asked; tables the schema does not know are
    ignored. `meta` is extract.yaml (`extract_date` required).
    Raises ExtractRefused when the extract cannot be used; otherwise every record is either in
    the returned tables or listed in `data_quality` (or both, when suspect).
    """
    extract_date = parse_extract_date(meta.get("extract_date") if meta else None)
    extract_day = int(np.datetime64(extract_date.date(), "D").astype(np.int64))
    issues = Issues(quality.measures_reading())
    checked: dict[str, _Table] = {}
    # One table at a time: with a lazy mapping (load.read_extract), each file is read here and
    # its raw text released once typed, so a national extract never holds all of it at once.
    for name, spec in schema.TABLES.items():
        if name in raw:
            t = _type_table(spec, raw[name], allow_exact_dob)
            _exclude_own_rules(t, extract_day, issues)
            checked[name] = t
    _exclude_unreachable_reviews(checked, issues)
    for t in checked.values():
        _list_suspects(t, extract_day, issues)
    _list_orphans(checked, issues)

    missing = {name: t.missing for name, t in checked.items() if t.missing}
    rows_read = {name: t.n for name, t in checked.items()}
    tables = {}
    for name in list(checked):
        tables[name] = checked.pop(name).frame()  # typed columns freed table by table
    return Extract(
        tables=tables,
        extract_date=extract_date,
        la_code=_text(meta.get("la_code")),
        la_name=_text(meta.get("la_name")),
        source=_text(meta.get("source")),
        data_quality=issues.frame(),
        missing_columns=missing,
        rows_read=rows_read,
    )


def _text(value: object) -> str:
    return "" if value is None else str(value)


# --- per table: structure, anonymisation, typing ------------------------------------------------


def _type_table(spec: schema.Table, frame: pd.DataFrame, allow_exact_dob: bool) -> _Table:
    source = source_of(frame, spec.name)
    names = [normalise_column_name(c) for c in frame.columns]
    repeated = sorted({c for c in names if names.count(c) > 1})
    if repeated:
        raise ExtractRefused(f"{source.name}: column {repeated[0]} appears more than once in the "
                             f"header; each column must appear once")
    frame = frame.set_axis(names, axis=1)
    refuse_forbidden_columns(source, names)
    lacking = [c for c in spec.key_columns if c not in names]
    if lacking:
        raise ExtractRefused(
            f"{source.name}: the key column{'s' if len(lacking) > 1 else ''} "
            f"{', '.join(lacking)} {'are' if len(lacking) > 1 else 'is'} missing; a present "
            f"{spec.name} table must have {', '.join(spec.key_columns)} (EXTRACT.md)"
        )
    for c in postcode_columns(names):
        refuse_full_postcodes(source, c, frame[c])

    t = _Table(spec, source, len(frame), keep=np.ones(len(frame), dtype=bool))
    for c in spec.columns:
        if c.name not in names:
            t.missing.add(c.name)
            continue
        values = frame[c.name]
        if c.kind == schema.DATE:
            dates = parse_iso_dates(values)
            _refuse_wrong_date_format(source, c.name, values, dates)
            t.dates[c.name] = dates
            t.keep_written(c.name, values, dates.unparseable)
        elif c.kind == schema.FLAG:
            t.flags[c.name], t.flags_odd[c.name] = parse_flags(values)
            t.keep_written(c.name, values, t.flags_odd[c.name])
        elif c.kind == schema.NUMBER:
            t.numbers[c.name], t.numbers_odd[c.name] = parse_numbers(values)
            t.keep_written(c.name, values, t.numbers_odd[c.name])
        else:
            t.strings[c.name] = clean_strings(values)
    if spec.name == PERSON_TABLE:
        refuse_exact_dob(source, DOB, t.dates[DOB], allow_exact_dob)
    return t


def _refuse_wrong_date_format(source: Source, column: str, values: pd.Series,
                             dates: Dates) -> None:
    wrong = np.flatnonzero(dates.wrong_format)
    if wrong.size == 0:
        return
    first = wrong[0]
    # a date of birth is not quoted: it may be exact, and messages end up in logs
    value = "" if column == DOB else f" {str(values.iloc[first]).strip()!r}"
    more = f" ({wrong.size - 1} more like it)" if wrong.size > 1 else ""
    raise ExtractRefused(
        f"{source.name}: column {column}, {source.row(first)} {source.convention}: the "
        f"date{value} is not written YYYY-MM-DD{more}; dates in an extract must be ISO dates "
        f"(e.g. 2024-12-31; a time part after the date is dropped): re-export with ISO dates"
    )


# --- exclusions ---------------------------------------------------------------------------------


def _exclude(t: _Table, issues: Issues, mask: np.ndarray, rule: str, reasons) -> None:
    """List the records where `mask` holds as excluded by `rule`, and drop them.

    `reasons` is a string, or a function of the positions giving one reason per record.
    """
    positions = np.flatnonzero(mask)
    if positions.size == 0:
        return
    text = reasons if isinstance(reasons, str) else reasons(positions)
    issues.add(t.name, t.source, positions, t.ids(positions), rule, EXCLUDED, text)
    t.keep[positions] = False


def _exclude_from(t: _Table, issues: Issues, mask: np.ndarray, rule: str, reasons,
                  measures: tuple[str, ...]) -> None:
    """List kept records as excluded from the named measures only; they stay in the table."""
    positions = np.flatnonzero(mask & t.keep)
    if positions.size == 0:
        return
    text = reasons if isinstance(reasons, str) else reasons(positions)
    issues.add(t.name, t.source, positions, t.ids(positions), rule, EXCLUDED, text,
               measures=" ".join(measures))


def _suspect(t: _Table, issues: Issues, mask: np.ndarray, rule: str, reasons) -> None:
    positions = np.flatnonzero(mask & t.keep)
    if positions.size == 0:
        return
    text = reasons if isinstance(reasons, str) else reasons(positions)
    issues.add(t.name, t.source, positions, t.ids(positions), rule, SUSPECT, text)


def _strictly_increasing(ids: pa.Array) -> bool:
    """True when the ids are in strictly increasing order, as text or as numbers would sort
    (shorter first): then they are unique. Exports are usually ordered by id, and this costs
    one pass instead of a hash table of ten million strings."""
    if ids.null_count or len(ids) < 2:
        return ids.null_count == 0
    before, after = ids.slice(0, len(ids) - 1), ids.slice(1)
    if pc.all(pc.greater(after, before)).as_py():
        return True
    lengths = pc.utf8_length(ids)
    len_before, len_after = lengths.slice(0, len(ids) - 1), lengths.slice(1)
    numeric_order = pc.or_(pc.greater(len_after, len_before),
                           pc.and_(pc.equal(len_after, len_before), pc.greater(after, before)))
    return bool(pc.all(numeric_order).as_py())


def _duplicates(ids: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Positions of every repeat of an id, and for each the position of its first occurrence."""
    if _strictly_increasing(ids):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    encoded = pc.dictionary_encode(ids)
    if len(encoded.dictionary) == len(ids) - ids.null_count:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.int64)
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    repeat = np.zeros(len(codes), dtype=bool)
    repeat[order[1:]] = (ordered[1:] == ordered[:-1]) & (ordered[1:] >= 0)
    firsts = np.flatnonzero(~repeat & (codes >= 0))
    first_of_code = np.full(len(encoded.dictionary), -1, dtype=np.int64)
    first_of_code[codes[firsts]] = firsts
    repeats = np.flatnonzero(repeat)
    return repeats, first_of_code[codes[repeats]]


def _exclude_own_rules(t: _Table, extract_day: int, issues: Issues) -> None:
    spec = t.spec
    pk = spec.primary_key
    _exclude(t, issues, is_blank(t.strings[pk]), "missing_id",
             f"no {pk}: the record cannot be identified")

    repeats, firsts = _duplicates(t.strings[pk])
    if repeats.size:
        repeated = np.zeros(t.n, dtype=bool)
        repeated[repeats] = True  # positions come back in file order, as `repeats` is
        first_rows = t.source.rows(firsts)
        _exclude(t, issues, repeated, "duplicate_id",
                 lambda p: f"{pk} repeats the record on " + first_rows + ", which is kept")

    person = spec.person_key
    if person and person != pk and spec.column(person).key:
        _exclude(t, issues, is_blank(t.strings[person]), "missing_person_id",
                 f"no {person}: the record cannot be attributed to a child")

    for column, dates in t.dates.items():
        _exclude(t, issues, dates.unparseable, "unparseable_date",
                 lambda p, c=column: t.quote(c, p) + " is not a date (YYYY-MM-DD)")
        # A far-future end (9999-12-31 is a common "still open" marker) is an open end, below.
        open_end = (dates.days > extract_day) if column in spec.end_dates else False
        _exclude(t, issues, dates.ok & ~dates.in_range & ~open_end, "unparseable_date",
                 lambda p, c=column: t.dated(c, p) + " is outside the years 1678-2261")

    record_date = RECORD_DATES.get(spec.name)
    if record_date in t.dates:
        _exclude(t, issues, t.dates[record_date].blank, "missing_date",
                 f"no {record_date}: the record cannot be placed in time")

    for start, end in spec.start_end:
        if start in t.dates and end in t.dates:
            s, e = t.dates[start], t.dates[end]
            _exclude(t, issues, s.ok & e.ok & (e.days < s.days), "end_before_start",
                     lambda p, s_=start, e_=end: t.dated(e_, p) + " is before " + t.dated(s_, p))

    after = f" is after the extract date {np.datetime64(extract_day, 'D')}"
    for column in spec.event_dates:
        if column in t.dates:
            d = t.dates[column]
            _exclude(t, issues, d.ok & (d.days > extract_day), "event_after_extract_date",
                     lambda p, c=column: t.dated(c, p) + after)


def _exclude_unreachable_reviews(checked: dict[str, _Table], issues: Issues) -> None:
    """LA07 reaches a review's child only through clar_cla_id = an episode's clae_cla_id."""
    reviews = checked.get(REVIEWS)
    if reviews is None:
        return
    care_ids = reviews.strings[REVIEW_CARE_ID]
    _exclude_from(reviews, issues, is_blank(care_ids), "missing_cla_id",
                  f"no {REVIEW_CARE_ID}: the review cannot reach its child's period of care",
                  REVIEW_MEASURES)
    episodes = checked.get(EPISODES)
    if episodes is None or EPISODE_CARE_ID not in episodes.strings:
        return
    known = _is_in(care_ids, episodes.kept_values(EPISODE_CARE_ID))
    _exclude_from(reviews, issues, ~known & ~is_blank(care_ids), "unknown_cla_id",
                  lambda p: (reviews.quote(REVIEW_CARE_ID, p) + f" matches no {EPISODE_CARE_ID} "
                             f"of a usable record in {EPISODES}: the review cannot reach its "
                             f"child"),
                  REVIEW_MEASURES)


# --- suspects -----------------------------------------------------------------------------------


def _is_in(values: pa.Array, allowed: pa.Array) -> np.ndarray:
    found = pc.is_in(values, value_set=allowed.drop_null(), skip_nulls=True)
    return np.asarray(pc.fill_null(found, False).to_numpy(zero_copy_only=False), dtype=bool)


def _list_suspects(t: _Table, extract_day: int, issues: Issues) -> None:
    """The suspects a table shows on its own: open ends, flags, numbers, codes, births."""
    spec = t.spec
    after = (f" is after the extract date {np.datetime64(extract_day, 'D')}: "
             f"treated as not yet ended")
    for column in spec.end_dates:
        if column in t.dates:
            d = t.dates[column]
            later = d.ok & (d.days > extract_day) & t.keep
            _suspect(t, issues, later, "end_after_extract_date",
                     lambda p, c=column: t.dated(c, p) + after)
            d.ok = d.ok & ~later

    for column, odd in t.flags_odd.items():
        _suspect(t, issues, odd, "flag_value",
                 lambda p, c=column: t.quote(c, p) + " is not Y or N: read as not yes")
    for column, odd in t.numbers_odd.items():
        _suspect(t, issues, odd, "number_value",
                 lambda p, c=column: t.quote(c, p) + " is not a number: read as missing")
    for (table, column), allowed in schema.KNOWN_CODES.items():
        if table == spec.name and column in t.strings:
            values = t.strings[column]
            known = _is_in(values, pa.array(sorted(allowed), pa.large_string()))
            codes = f" is not a known code ({', '.join(sorted(allowed))})"
            _suspect(t, issues, ~known & ~is_blank(values), "unknown_code",
                     lambda p, c=column, tail=codes: t.quote(c, p) + tail)

    if spec.name == PERSON_TABLE and DOB in t.dates:
        _suspect(t, issues, t.dates[DOB].blank, "missing_date_of_birth",
                 f"no {DOB}: the child's age cannot be worked out")



def _list_orphans(checked: dict[str, _Table], issues: Issues) -> None:
    """Person ids not in ssd_person (`unknown_person`) and other references that match nothing
    (`orphan_reference`). All references to one table are looked up together, so its ids are
    hashed once rather than once per referring table (ssd_person has a million ids nationally).
    """
    wanted: dict[tuple[str, str], list[tuple[_Table, str, str, str]]] = {}
    for t in checked.values():
        person = t.spec.person_key
        if person and t.name != PERSON_TABLE and person in t.strings:
            wanted.setdefault((PERSON_TABLE, "pers_person_id"), []).append(
                (t, person, "unknown_person", f" is not in {PERSON_TABLE}"))
        for column, parent, parent_column in t.spec.foreign_keys:
            if column in t.strings:
                wanted.setdefault((parent, parent_column), []).append(
                    (t, column, "orphan_reference", f" matches no {parent_column} in {parent}"))
    for (parent_name, parent_column), references in wanted.items():
        parent = checked.get(parent_name)
        if parent is None or parent_column not in parent.strings:
            continue
        # only kept records can be suspect, so only their ids are looked up
        values = [t.strings[c].filter(pa.array(t.keep)) for t, c, _, _ in references]
        found = _is_in(pa.concat_arrays(values), parent.strings[parent_column])
        start = 0
        for (t, column, rule, tail), v in zip(references, values):
            known = np.ones(t.n, dtype=bool)
            known[t.keep] = found[start:start + len(v)]
            start += len(v)
            _suspect(t, issues, ~known & ~is_blank(t.strings[column]), rule,
                     lambda p, t=t, c=column, tail=tail: t.quote(c, p) + tail)
