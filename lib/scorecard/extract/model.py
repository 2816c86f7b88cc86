"""The validated extract that every measure reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

DATA_QUALITY_COLUMNS = ["table", "row_id", "rule", "reason", "status", "measures"]


@dataclass
class Extract:
    """Typed tables with the records that break the rules of time already taken out.

    `tables` maps SSD table names to frames whose columns have the kinds in `schema.TABLES`:
    ids and codes as strings (blank -> missing), dates as datetime64[ns] (time part dropped,
    an end after the extract date set to missing), flags as bool (True only for Y). Records
    excluded by validation are not in `tables`; they are in `data_quality` with their reason.
    """

    tables: dict[str, pd.DataFrame]
    extract_date: pd.Timestamp
    la_code: str = ""
    la_name: str = ""
    source: str = ""
    data_quality: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=DATA_QUALITY_COLUMNS)
    )
    # table -> optional columns the file lacked (measures reading them are switched off)
    missing_columns: dict[str, set[str]] = field(default_factory=dict)
    # table -> records read from its file, before exclusions (so excluded = read - used)
    rows_read: dict[str, int] = field(default_factory=dict)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False)

    def has(self, table: str, *columns: str) -> bool:
        if table not in self.tables:
            return False
        return all(c in self.tables[table].columns for c in columns)

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def derived(self, key: str, build: Callable[[Extract], Any]) -> Any:
        """Work shared by many measures and periods (periods of care, working-day columns),
        built once per extract and then reused."""
        if key not in self._derived:
            self._derived[key] = build(self)
        return self._derived[key]
