"""Moving tables between Python and chitieu-core in columns.

In: a pyarrow Table or a polars DataFrame (any object with
``__arrow_c_stream__``) hands its Arrow columns to Rust as they are; a pandas
DataFrame crosses one column at a time: float64, int64 and bool columns as
their raw bytes (no Python object per cell), anything else as one list.
Core's ``DatasetBuilder`` then checks every cell. Row numbers in errors
follow the CSV convention: the header is row 1, so DataFrame row ``i``
(by position, not by index label) is reported as row ``i + 2``.

Out: core makes the outcomes' columns as Arrow arrays, handed to pyarrow
through the Arrow PyCapsule interface without copying (:func:`arrow_table`);
pandas and polars frames are made from that table.
"""

from __future__ import annotations

from typing import Any, List, Tuple

import numpy as np
import pandas as pd

from . import _native

KEY_COLUMNS = ("unit_code", "period")


def _objects(s: pd.Series) -> List[Any]:
    """A column as a list, with every kind of missing value as None."""
    return s.astype(object).where(s.notna(), None).tolist()


def value_payload(s: pd.Series) -> Tuple[str, Any]:
    """A value column as (kind, payload) for the native builder.

    Floats keep their shortest repr (0.1 stays one tenth); NaN and None are
    missing, never zero; integers are exact.
    """
    dt = s.dtype
    if isinstance(dt, np.dtype):
        arr = s.to_numpy()
        if dt.kind == "f" and dt.itemsize == 8:
            return "f8", np.ascontiguousarray(arr, dtype="<f8").tobytes()
        if dt.kind == "f":
            # float32/float16: their own shortest text ("0.1"), not float64's.
            text = arr.astype(str).astype(object)
            text[np.isnan(arr)] = None
            return "obj", text.tolist()
        if dt.kind == "i" or (dt.kind == "u" and dt.itemsize < 8):
            return "i8", np.ascontiguousarray(arr, dtype="<i8").tobytes()
        if dt.kind == "b":
            return "b1", np.ascontiguousarray(arr, dtype="u1").tobytes()
    return "obj", _objects(s)


def _period_text(p: Any) -> Any:
    """A pandas Period as chitieu writes periods: pandas prints a quarter
    ``2023Q2``, chitieu reads ``2023-Q2`` (a calendar quarter). A quarter of a
    fiscal year that does not start on a calendar quarter (``Q-NOV``) keeps
    pandas' text, which core refuses with its row."""
    if not isinstance(p, pd.Period):
        return p
    if p.freqstr.startswith("Q"):
        start = p.start_time
        if (start.month - 1) % 3 == 0:
            return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(p)


def key_list(s: pd.Series) -> List[Any]:
    """A unit_code or period column as a list (dates as YYYY-MM-DD, pandas
    periods as chitieu writes them)."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return _objects(s.dt.strftime("%Y-%m-%d"))
    if isinstance(s.dtype, pd.PeriodDtype) or s.dtype == object:
        return [_period_text(v) for v in _objects(s)]
    return _objects(s)


def arrow_table(native: Any) -> Any:
    """A native Arrow table (``__arrow_c_stream__``) as a ``pyarrow.Table``."""
    import pyarrow as pa

    return pa.table(native)


# Columns holding lists (of text, or of records): Python lists of dicts in
# pandas, as the JSON contract has them, not numpy arrays.
LIST_COLUMNS = ("lead", "partners", "missing", "parts", "reform", "lineage")


def pandas_of_arrow(table: Any) -> pd.DataFrame:
    """A pyarrow Table of outcomes as the DataFrame ``to_pandas`` always gave:
    text columns of str and None, ``governing`` bool, ``*_float`` float64
    (NaN where absent), lists as Python lists of dicts (None where the
    contract has null)."""
    df = table.to_pandas()
    for c in LIST_COLUMNS:
        if c in df.columns:
            df[c] = table.column(c).to_pylist()
    return df


def dataset_from_arrow(data: Any, catalogue: Any, units: Any, name: str) -> Any:
    """A native dataset read from the Arrow columns of ``data`` (an object
    with ``__arrow_c_stream__``), or None when it must go through pandas
    (a missing or repeated key column, a column of a type read only there)."""
    return _native.NativeDataset.from_arrow(name, catalogue, units, data)


EXPECTED_HEADER = "unit_code,period,<variable>... (wide) or unit_code,period,variable,value (long)"


def _header_problem(name: str, column: Any, message: str, value: str, expected: str = EXPECTED_HEADER) -> Exception:
    """A DataError about the header (row 1), located and worded as core's."""
    where = f", column '{column}'" if column is not None else ""
    err = _native.DataError(f"{name}, row 1{where}: {message}: '{value}' (expected {expected})")
    err.file, err.row, err.column = name, 1, column
    err.value = value
    err.expected = expected
    err.message = message
    return err


def header_error(columns: List[str], name: str) -> Exception:
    return _header_problem(name, None, "the header lacks 'unit_code' or 'period'", ",".join(columns))


def _check_key_columns(columns: List[str], name: str) -> None:
    """A key column given twice is refused, as in a CSV file: taking either
    one would be a guess (issue 12 item 5)."""
    keys = KEY_COLUMNS + (("variable", "value") if "variable" in columns and "value" in columns else ())
    for k in keys:
        if columns.count(k) > 1:
            raise _header_problem(name, k, "the same column appears twice", k, "each column once")


def dataset_from_frame(df: pd.DataFrame, catalogue: Any, units: Any, name: str) -> Any:
    """Builds a native dataset from a wide or long DataFrame."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    index_names = [n for n in df.index.names if n is not None]
    if any(k in index_names for k in KEY_COLUMNS) and not all(k in df.columns for k in KEY_COLUMNS):
        df = df.reset_index()
    columns = [str(c) for c in df.columns]
    if not all(k in columns for k in KEY_COLUMNS):
        raise header_error(columns, name)
    _check_key_columns(columns, name)
    position = {c: i for i, c in enumerate(columns)}
    col = lambda c: df.iloc[:, position[c]]  # noqa: E731 - by position: names may repeat
    units_list = key_list(col("unit_code"))
    periods = key_list(col("period"))
    # The structure each row's code is written in (a label such as "2025-07-01"), when given.
    structures = key_list(col("structure")) if "structure" in columns else None
    if "variable" in columns and "value" in columns:
        kind, payload = value_payload(col("value"))
        return _native.NativeDataset.from_columns(
            name, catalogue, units, units_list, periods, ["value"], [kind], [payload], _objects(col("variable")), structures
        )
    names, kinds, payloads = [], [], []
    for i, c in enumerate(columns):
        if c in KEY_COLUMNS:
            continue
        kind, payload = value_payload(df.iloc[:, i])
        names.append(c)
        kinds.append(kind)
        payloads.append(payload)
    return _native.NativeDataset.from_columns(name, catalogue, units, units_list, periods, names, kinds, payloads, None, structures)
