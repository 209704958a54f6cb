"""table.py: records written as pandas wrote the DataFrames of the same records (pandas is the oracle here)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pipeline.export import neutralise, to_csv_bytes
from pipeline.table import NULLABLE_INT, Table, csv_bytes, infer_float


def pandas_csv(rows: list[dict], columns: list[str], int64: tuple[str, ...] = ()) -> bytes:
    """What the project wrote before: the frame of the records, text cells neutralised, then `to_csv`."""
    frame = pd.DataFrame(rows, columns=columns)
    for name in int64:
        frame[name] = frame[name].astype("Int64")
    for name in frame.columns:
        if frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name]):
            frame[name] = frame[name].map(neutralise)
    return frame.to_csv(index=False, lineterminator="\n", float_format="%.4f").encode("utf-8")


CASES = {
    "ints and texts": [{"a": 1, "b": "x"}, {"a": 2, "b": "y, with a comma"}],
    "an int column with a missing value becomes floats": [{"a": 1, "b": "x"}, {"a": None, "b": None}],
    "floats": [{"a": 0.5, "b": 2.0}, {"a": math.nan, "b": 1.0 / 3}],
    "ints and a float": [{"a": 1, "b": ""}, {"a": 2.5, "b": ""}],
    "booleans, alone and with a gap": [{"a": True, "b": False}, {"a": False, "b": None}],
    "mixed objects": [{"a": 1, "b": "x"}, {"a": "two", "b": 1.5}],
    "quotes, line ends and formulas": [{"a": 'say "no"', "b": "line\nend"}, {"a": "=SUM(A1)", "b": "\x00nul"}],
    "empty texts and all missing": [{"a": "", "b": None}, {"a": "", "b": None}],
    "a row lacking a column": [{"a": 1}, {"a": 2, "b": "x"}],
    "no rows": [],
}


@pytest.mark.parametrize("name", list(CASES))
def test_records_are_written_as_pandas_wrote_their_frame(name: str) -> None:
    rows = CASES[name]
    assert to_csv_bytes(Table(["a", "b"], rows)) == pandas_csv(rows, ["a", "b"])


def test_a_single_column_of_empty_texts_is_quoted_as_pandas_does() -> None:
    rows = [{"a": ""}, {"a": "x"}]
    assert to_csv_bytes(Table(["a"], rows)) == pandas_csv(rows, ["a"]) == b'a\n""\nx\n'


def test_a_nullable_int_column_keeps_its_integers() -> None:
    rows = [{"year": 2016, "n": 3}, {"year": None, "n": 0}]
    table = Table(["year", "n"], rows, {"year": NULLABLE_INT})
    assert to_csv_bytes(table) == pandas_csv(rows, ["year", "n"], int64=("year",)) == b"year,n\n2016,3\n,0\n"


def test_a_frame_goes_through_the_same_writer() -> None:
    frame = pd.DataFrame({"label": ["ORG", "=x"], "f1": [0.5, math.nan], "tp": [3, 4], "ok": [True, False]})
    frame["year"] = pd.Series([2016, None], dtype="Int64")
    expected = b"label,f1,tp,ok,year\nORG,0.5000,3,True,2016\n'=x,,4,False,\n"
    assert to_csv_bytes(frame) == expected
    assert to_csv_bytes(Table.from_frame(frame)) == expected


def test_to_frame_is_the_frame_of_the_records() -> None:
    rows = CASES["an int column with a missing value becomes floats"]
    pd.testing.assert_frame_equal(Table(["a", "b"], rows).to_frame(), pd.DataFrame(rows, columns=["a", "b"]))
    with_year = Table(["year"], [{"year": 2016}, {"year": None}], {"year": NULLABLE_INT}).to_frame()
    assert str(with_year["year"].dtype) == "Int64" and with_year["year"].isna().tolist() == [False, True]


def test_float_inference_follows_pandas() -> None:
    for values in ([1, 2], [1, None], [1.5, "x"], [True, None], [None, None], [1, 2.5], [math.nan], [None, math.nan]):
        dtype = pd.DataFrame([{"v": v} for v in values], columns=["v"])["v"].dtype
        assert infer_float(values) == (dtype == "float64"), (values, dtype)


def test_csv_bytes_neutralises_only_when_asked() -> None:
    table = Table(["a"], [{"a": "=1"}])
    assert csv_bytes(table) == b"a\n=1\n"
    assert csv_bytes(table, neutralise) == b"a\n'=1\n"
