"""A run's tables as plain Python records, and the one CSV writer of the project.

A run that scores no gold file needs no DataFrame: its tables are `Table`s (rows as dicts in
column order) and are written with the csv module, which saves importing pandas (about 0.3 s
of CPU, more than the naive script's whole margin). Evaluation, diff, sample and the Label
Studio import keep pandas; their frames go through the same writer (`Table.from_frame`).

The cells are written as pandas' `to_csv(index=False, lineterminator="\\n", float_format="%.4f")`
wrote them (pandas writes through `csv.writer` too, QUOTE_MINIMAL, `"` doubled): missing values
(None, NaN, pd.NA) empty; a float column with 4 decimals; any other cell as `str()` gives it. A
column of records is a float column where pandas would infer float64 from the records: every
present value a number (no bool), and some value a float or missing.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

FLOAT = "float64"
NULLABLE_INT = "Int64"  # integers and missing values (pandas' Int64): no float formatting
FLOAT_FORMAT = "%.4f"


def is_missing(value: Any) -> bool:
    """None, NaN or pandas' NA (recognised without importing pandas)."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NAType"


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def infer_float(values: Sequence[Any]) -> bool:
    """Whether pandas would make these values of records a float64 column."""
    present = [v for v in values if not is_missing(v)]
    if not present:
        return any(isinstance(v, float) for v in values)  # NaN alone is a float column; None alone is not
    if not all(_is_number(v) for v in present):
        return False
    return len(present) < len(values) or any(isinstance(v, float) for v in present)


@dataclass
class Table:
    """A table: column names in order and rows (column → value; a column a row lacks is missing).

    `dtypes`: columns whose kind is fixed (`Int64`, `float64`, or a frame's dtype names); any other
    column's kind is inferred from its values as pandas does."""

    columns: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    dtypes: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Any]:
        return [row.get(name) for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """Every row with every column, in column order."""
        return [{c: row.get(c) for c in self.columns} for row in self.rows]

    def where(self, keep: Callable[[dict[str, Any]], bool]) -> Table:
        return Table(list(self.columns), [row for row in self.rows if keep(row)], dict(self.dtypes))

    def drop(self, columns: Sequence[str]) -> Table:
        kept = [c for c in self.columns if c not in columns]
        return Table(kept, [{c: row.get(c) for c in kept} for row in self.rows],
                     {c: d for c, d in self.dtypes.items() if c in kept})

    def is_float(self, name: str) -> bool:
        dtype = self.dtypes.get(name)
        if dtype is not None:
            return dtype.lower().startswith("float")
        return infer_float(self.column(name))

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Table:
        """A DataFrame's rows as records (values as `itertuples` gives them) and its dtypes."""
        columns = [str(c) for c in frame.columns]
        rows = [dict(zip(columns, values)) for values in frame.itertuples(index=False, name=None)]
        return cls(columns, rows, {c: str(d) for c, d in zip(columns, frame.dtypes)})

    def to_frame(self) -> pd.DataFrame:
        """The DataFrame pandas makes of these records (for evaluation, which keeps pandas)."""
        import pandas as pd

        frame = pd.DataFrame(self.records(), columns=self.columns)
        for name, dtype in self.dtypes.items():
            if dtype == NULLABLE_INT:
                frame[name] = frame[name].astype(NULLABLE_INT)
        return frame


def as_table(table: Table | pd.DataFrame) -> Table:
    return table if isinstance(table, Table) else Table.from_frame(table)


def csv_bytes(table: Table | pd.DataFrame, neutralise: Callable[[Any], Any] = lambda v: v) -> bytes:
    """The table as CSV bytes (UTF-8, `\\n`, header first, no index), every text cell through `neutralise`."""
    table = as_table(table)
    floats = {c for c in table.columns if table.is_float(c)}

    def cell(column: str, value: Any) -> Any:
        if is_missing(value):
            return ""
        if column in floats:
            return FLOAT_FORMAT % value
        return neutralise(value) if isinstance(value, str) else str(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([cell(c, row.get(c)) for c in table.columns] for row in table.rows)
    return buffer.getvalue().encode("utf-8")
