"""Arrow both ways (issue 8 item 4): results as pyarrow, polars and pandas
frames made from core's Arrow columns, equal to the JSON contract in every
column and row; pyarrow tables and polars frames read from their Arrow
columns, giving the same outcomes as the same figures in pandas."""

import decimal
import json
import math
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import chitieu

FLOATS = ["actual", "required_value", "baseline_value", "change", "margin"]
NESTED = {"baseline": ["period", "value"], "stretch": ["value", "reached"], "allocation": ["table", "share"]}


def flattened(o):
    """An outcome of the JSON contract flattened as the columns promise."""
    m = dict(o)
    for key, fields in NESTED.items():
        inner = m.pop(key) or {}
        for f in fields:
            m[f"{key}_{f}"] = inner.get(f)
    for c in FLOATS:
        m[f"{c}_float"] = None if m.get(c) is None else float(m[c])
    return m


def same(got, want):
    """Equal, with NaN standing for a null float."""
    if isinstance(got, float) and math.isnan(got):
        return want is None
    return got == want


@pytest.fixture(scope="module", params=[("2023", "vi"), ("2025", "en")], ids=["2023-vi", "2025-en"])
def result(request, sample):
    period, lang = request.param
    return chitieu.evaluate(sample, period=period, unit="all", lang=lang)


def test_every_column_of_every_row_is_the_json_contract(result):
    want = [flattened(o) for o in json.loads(result.to_json())["outcomes"]]
    df = result.to_pandas()
    table = result.to_arrow()
    assert list(df.columns) == table.column_names
    assert len(df) == table.num_rows == len(want) > 500
    keys = set().union(*(w.keys() for w in want))
    assert keys <= set(df.columns), sorted(keys - set(df.columns))
    rows = table.to_pylist()
    records = df.to_dict("records")
    for i, w in enumerate(want):
        for c in df.columns:
            expected = w.get(c)
            assert same(records[i][c], expected), (i, c, records[i][c], expected)
            assert rows[i][c] == expected, (i, c, rows[i][c], expected)
    # Not vacuous: the sample fills the nested columns somewhere.
    filled = ["parts", "missing", "stretch_reached"] + (["reform", "lineage"] if result.period == "2025" else ["allocation_share"])
    for c in filled:
        assert df[c].map(lambda v: v not in (None, [])).any(), c


def test_pandas_dtypes_are_those_of_before(result):
    df = result.to_pandas()
    assert df["governing"].dtype == bool
    for c in FLOATS:
        assert df[f"{c}_float"].dtype == float
    assert df["actual"].dtype == object and df["target"].dtype == object
    lists = df[df["parts"].notna()]["parts"]
    assert isinstance(lists.iloc[0], list) and isinstance(lists.iloc[0][0], dict)
    assert isinstance(df["lead"].iloc[0], list) and isinstance(df["missing"].iloc[0], list)


def test_polars_is_the_same_table(result):
    pl = pytest.importorskip("polars")
    frame = result.to_polars()
    assert isinstance(frame, pl.DataFrame)
    assert frame.columns == result.to_arrow().column_names
    assert frame.to_arrow().select(["target", "unit", "status", "actual", "actual_float", "governing"]).to_pylist() == result.to_arrow(
        ["target", "unit", "status", "actual", "actual_float", "governing"]
    ).to_pylist()


def test_only_the_columns_asked_for_in_their_order(result):
    cols = ["status", "unit", "explanation_en", "margin_float", "parts"]
    part = result.to_arrow(cols)
    assert part.column_names == cols
    whole = result.to_arrow()
    for c in cols:
        assert part.column(c).equals(whole.column(c)), c
    assert list(result.to_pandas(cols).columns) == cols
    assert result.to_pandas("status").columns.tolist() == ["status"]
    with pytest.raises(chitieu.ChitieuError, match="unknown column 'verdict'"):
        result.to_arrow(["status", "verdict"])


def test_the_table_crosses_by_the_pycapsule_interface(result):
    native = result._native.arrow(result.lang)
    assert len(native) == len(result)
    # Read twice: each call hands over a new stream of the same buffers.
    assert pa.table(native).equals(pa.table(native))
    batch = pa.record_batch(native)  # __arrow_c_array__
    assert batch.num_rows == len(result) and batch.schema.names == native.column_names
    assert pa.schema(native).names == native.column_names  # __arrow_c_schema__


def test_to_polars_without_polars_says_what_to_install(result, monkeypatch):
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match="pip install polars"):
        result.to_polars()


def test_units_without_figures_are_the_json_list(sample):
    r = chitieu.evaluate(sample, period=2023, unit="all")
    w = r.units_without_figures
    want = json.loads(r.to_json())["units_without_figures"]
    assert w.to_dict("records") == want
    assert w["targets"].dtype == np.int64


# ---------------------------------------------------------------------------
# Input


@pytest.fixture(scope="module")
def wide_sample(sample):
    """The sample's 2023 and 2022 figures, wide (with the structure of
    reused codes), as pandas reads them."""
    df = sample.to_pandas(wide=True)
    df = df[df["period"].isin(["2022", "2023"])].reset_index(drop=True)
    assert "structure" in df.columns
    return df


def outcomes(data, **kw):
    return chitieu.evaluate(data, period=2023, unit="all", **kw).outcomes


def test_pyarrow_and_polars_give_the_outcomes_of_pandas(wide_sample):
    pl = pytest.importorskip("polars")
    want = outcomes(wide_sample)
    assert len(want) > 500
    table = pa.Table.from_pandas(wide_sample, preserve_index=False)
    assert outcomes(table) == want
    # Several batches: rows are numbered across them.
    assert outcomes(pa.Table.from_batches(table.to_batches(max_chunksize=97))) == want
    assert outcomes(pl.from_pandas(wide_sample)) == want


def test_long_tables_and_every_value_type(sample):
    pl = pytest.importorskip("polars")
    rows = {
        "unit_code": ["193", "193", "194", "194", "195"],
        "period": [2023, 2023, 2023, 2023, 2023],
        "variable": ["crimes_recorded", "crimes_solved", "crimes_recorded", "crimes_solved", "crimes_recorded"],
    }
    values = [100, 79, 120, None, 7]
    df = pd.DataFrame({**rows, "value": pd.Series(values, dtype=object)})
    want = outcomes(df)
    types = [
        pa.array([decimal.Decimal("100"), decimal.Decimal("79.00"), decimal.Decimal("120.00"), None, decimal.Decimal("7")], pa.decimal128(10, 2)),
        pa.array(["100", "79", "120", None, "7"], pa.string()),
        pa.array(["100", "79", "120", None, "7"], pa.large_string()),
        pa.array([100.0, 79.0, 120, None, 7.0], pa.float64()),
        pa.array([100.0, 79.0, 120, float("nan"), 7.0], pa.float32()),
    ]
    for values in types:
        t = pa.table({**rows, "value": values})
        assert outcomes(t) == want, values.type
    assert outcomes(pl.DataFrame({**rows, "value": [100.0, 79.0, 120, None, 7.0]})) == want


def test_exact_values_stay_exact():
    rows = {"unit_code": ["193"], "period": ["2023"], "crimes_recorded": pa.array([10**18 + 1], pa.int64()), "crimes_solved": pa.array([10**18], pa.uint64())}
    ds = chitieu.Dataset.load(pa.table(rows))
    values = dict(zip(*[ds.to_pandas(exact=True)[c] for c in ["variable", "value"]]))
    assert values == {"crimes_recorded": "1000000000000000001", "crimes_solved": "1000000000000000000"}
    # A float32 is its own shortest decimal, as from pandas.
    f32 = {"unit_code": ["22"], "period": ["2023"], "programme_budget": pa.array([0.1], pa.float32())}
    assert chitieu.Dataset.load(pa.table(f32)).to_pandas(exact=True)["value"].tolist() == ["0.1"]


def test_errors_name_the_same_row_and_column_as_from_pandas():
    rows = {"unit_code": ["193", "194", "195"], "period": [2023, 2023, 2023], "crimes_recorded": [100, -5, 3]}
    with pytest.raises(chitieu.DataError) as from_pandas:
        chitieu.Dataset.load(pd.DataFrame(rows))
    table = pa.table(rows)
    with pytest.raises(chitieu.DataError) as from_arrow:
        chitieu.Dataset.load(pa.Table.from_batches(table.to_batches(max_chunksize=1)))
    assert (from_arrow.value.row, from_arrow.value.column, from_arrow.value.value) == (from_pandas.value.row, from_pandas.value.column, from_pandas.value.value) == (3, "crimes_recorded", "-5")
    assert str(from_arrow.value) == str(from_pandas.value)
    # A wide column twice, a flag given True for a count: refused as from pandas.
    twice = pa.Table.from_arrays([pa.array(["193"]), pa.array([2023]), pa.array([1]), pa.array([2])], names=["unit_code", "period", "crimes_recorded", "crimes_recorded"])
    with pytest.raises(chitieu.DataError, match="twice"):
        chitieu.Dataset.load(twice)
    with pytest.raises(chitieu.DataError, match="True/False"):
        chitieu.Dataset.load(pa.table({"unit_code": ["193"], "period": [2023], "crimes_recorded": [True]}))


def test_other_types_and_headers_go_through_pandas_as_before():
    # Dates as periods (a timestamp: read through pandas), no unit_code column, a key twice.
    ts = pa.table({"unit_code": ["193"], "period": pa.array([pd.Timestamp("2023-06-30")], pa.timestamp("ms")), "crimes_recorded": [1]})
    assert chitieu.Dataset.load(ts).to_pandas().period.tolist() == ["2023-06-30"]
    day = pa.table({"unit_code": ["193"], "period": pa.array([pd.Timestamp("2023-06-30").date()], pa.date32()), "crimes_recorded": [1]})
    assert chitieu.Dataset.load(day).to_pandas().period.tolist() == ["2023-06-30"]
    with pytest.raises(chitieu.DataError, match="lacks 'unit_code' or 'period'"):
        chitieu.Dataset.load(pa.table({"code": ["193"], "period": [2023]}))
    keys = pa.Table.from_arrays([pa.array(["193"]), pa.array(["194"]), pa.array([2023])], names=["unit_code", "unit_code", "period"])
    with pytest.raises(chitieu.DataError, match="the same column appears twice"):
        chitieu.Dataset.load(keys)


def test_the_first_bad_cell_in_row_order_is_reported():
    """Columns are read one after the other, yet the error is the one a
    reading row by row finds first (row 3, the second column), not the bad
    cell of the first column further down."""
    rows = {"unit_code": ["193", "194", "195", "196"], "period": [2023] * 4, "crimes_recorded": [1, 2, 3, -4], "crimes_solved": [1, -2, 1, 1]}
    for data in (pd.DataFrame(rows), pa.table(rows)):
        with pytest.raises(chitieu.DataError) as e:
            chitieu.Dataset.load(data)
        assert (e.value.row, e.value.column, e.value.value) == (3, "crimes_solved", "-2"), data
