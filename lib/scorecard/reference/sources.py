"""Where each benchmarked measure comes from in DfE's published tables (MEASURES.md, Benchmarks).

One entry per measure that has a benchmark, and only those: the build script reads these to make
the compact table, and the methodology appendix lists them. A percentage is worked out from the
published counts (numerator columns summed over denominator columns) so that the England figure
is exact rather than DfE's rounded percent; where a row's counts are suppressed, the published
percent column stands in when there is one. Counts are compared as DfE's rates per 10,000.
"""

from __future__ import annotations

from dataclasses import dataclass

# The DfE releases each file belongs to, for the attribution in the appendix.
CIN = "Characteristics of children in need"
CLA = "Children looked after in England including adoptions"

# The long-format looked-after file keeps the group and the breakdown in these two columns.
STABILITY_FILE = "la_cla_placement_stability.csv"
STABILITY_GROUP = "cla_group"
STABILITY_BREAKDOWN = "placement_stability"
STABILITY_COUNT = "children_count"
STABILITY_PERCENT = "children_percent"


@dataclass(frozen=True)
class BenchmarkSource:
    measure_id: str
    file: str
    publication: str
    kind: str  # "percent": compared with the row's value; "rate": with its rate_per_10k
    numerator: tuple[str, ...] = ()  # count columns summed (percent measures)
    denominator: tuple[str, ...] = ()  # count columns summed (percent measures)
    percent_column: str | None = None  # DfE's published percent, the fallback
    rate_column: str | None = None  # DfE's published rate per 10,000 children (rate measures)
    group: str | None = None  # long-format files: the cla_group the rows belong to
    note: str = ""  # how the figure is read, in a committee member's words

    @property
    def compare_to(self) -> str:
        """The measures.csv column the benchmark sits beside."""
        return "value" if self.kind == "percent" else "rate_per_10k"

    @property
    def columns(self) -> tuple[str, ...]:
        """Every raw column this source reads (checked to exist when building)."""
        cols = (*self.numerator, *self.denominator)
        cols += tuple(c for c in (self.percent_column, self.rate_column) if c)
        return cols

    @property
    def method(self) -> str:
        """Which published figures the value is made from, for the methodology appendix."""
        if self.kind == "rate":
            return f"DfE's published rate per 10,000 children, column {self.rate_column}"
        text = f"100 x {_readable(self.numerator)} / {_readable(self.denominator)}"
        if self.group:
            text += f", rows of {STABILITY_GROUP} '{self.group}'"
        if self.percent_column:
            text += f"; DfE's {_readable((self.percent_column,))} where a count is suppressed"
        return text


def _readable(columns: tuple[str, ...]) -> str:
    """'(a + b)' for summed columns; a long file's 'breakdown:column' as 'column of "breakdown"'."""
    names = []
    for c in columns:
        breakdown, _, value = c.rpartition(":")
        names.append(f"{value} of '{breakdown}'" if breakdown else c)
    return names[0] if len(names) == 1 else "(" + " + ".join(names) + ")"


def _stability(label: str) -> str:
    """Column name of a placement-stability breakdown once the long file is widened."""
    return f"{label}:{STABILITY_COUNT}"


_C1_2025 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
_C1_2024 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2024.csv"
_C2 = "c2_children_in_need_assessments_duration_2014_to_2024.csv"
_C4 = "c4_children_in_need_section_47s_and_icpcs_2013_to_2024.csv"
_D1 = "d1_child_protection_plans_2013_to_2024.csv"
_D3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
_D5 = "d5_cpps_at31march_by_duration_2013_to_2025.csv"
_D7 = "d7_cpps_ending_by_duration_2013_to_2024.csv"

_WITHIN_45 = ("Same_day", "1-10_days", "11-20_days", "21-30_days", "31-40_days", "41-45_days")
_ICPC_BINS = ("Duration_0-10_days", "Duration_11-15_days", "Duration_16-20_days",
              "Duration_21+_days")
_THREE_PLUS = "With 3 or more placements during the year"
_SAME_CARER = "Living with the same carer for at least 2 years"
_TOTAL = "Total children"
_LONG_TERM_GROUP = (
    "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"
)

SOURCES: dict[str, BenchmarkSource] = {s.measure_id: s for s in (
    BenchmarkSource(
        "FD02", _C1_2024, CIN, "rate", rate_column="Referrals_rate",
        note="referrals in the year per 10,000 children (the 2024 release, the last with a rate)",
    ),
    BenchmarkSource(
        "FD03", _C1_2025, CIN, "percent", ("rereferral_count",), ("referral_count",),
        "rereferral_percent",
        note="referrals within 12 months of a previous referral, of all referrals in the year",
    ),
    BenchmarkSource(
        "FD04", _C1_2025, CIN, "percent", ("no_further_action_count",), ("referral_count",),
        "no_further_action_percent",
        note="referrals ending in no further action, of all referrals in the year",
    ),
    BenchmarkSource(
        "AS01", _C2, CIN, "percent", _WITHIN_45, ("Assessments_completed",),
        note="assessments completed in the year within 45 working days (duration bins up to "
             "41-45 days), of all completed",
    ),
    BenchmarkSource(
        "CP02", _C4, CIN, "percent", _ICPC_BINS[:2], _ICPC_BINS,
        note="initial conferences within 15 working days of the S47 start (the first two "
             "duration bins), of conferences with a duration",
    ),
    BenchmarkSource(
        "CP03", _D1, CIN, "rate", rate_column="CPP_start_rate",
        note="plans started in the year per 10,000 children",
    ),
    BenchmarkSource(
        "CP04", _D3, CIN, "percent", ("CPP_subsequent",), ("CPP_start",),
        "CPP_subsequent_percent",
        note="plans started in the year that are a second or subsequent plan (ever)",
    ),
    BenchmarkSource(
        "CP06", _D1, CIN, "rate", rate_column="CPP_At31_rate",
        note="children on a plan at 31 March per 10,000 children",
    ),
    BenchmarkSource(
        "CP07", _D7, CIN, "percent", ("2_years_or_more",), ("CPP_End",),
        "2_years_or_more_percent",
        note="plans ending in the year that lasted 2 years or more",
    ),
    BenchmarkSource(
        "CP10", _D5, CIN, "percent", ("2_years_or_more",), ("CPP_At31",),
        "2_years_or_more_percent",
        note="plans open at 31 March for 2 years or more",
    ),
    BenchmarkSource(
        "LA04", STABILITY_FILE, CLA, "percent", (_stability(_THREE_PLUS),),
        (_stability(_TOTAL),), f"{_THREE_PLUS}:{STABILITY_PERCENT}", group="CLA on 31 March",
        note="children looked after at 31 March with 3 or more placements during the year",
    ),
    BenchmarkSource(
        "LA05", STABILITY_FILE, CLA, "percent", (_stability(_SAME_CARER),),
        (_stability(_TOTAL),), f"{_SAME_CARER}:{STABILITY_PERCENT}", group=_LONG_TERM_GROUP,
        note="children under 16 looked after for 2.5 years or more at 31 March, living with "
             "the same carer for at least 2 years",
    ),
)}

BENCHMARKED: frozenset[str] = frozenset(SOURCES)
