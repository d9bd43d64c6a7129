"""Inputs that were misread or refused for no reason (issue 12 items 5 and 15):
polars and pyarrow tables, pandas quarter periods, a registry's parent codes
in a column with NaN, booleans for variables that are not yes/no, a key
column given twice, an empty list of units."""

import pandas as pd
import pytest

import chitieu


def wide(**cols):
    base = {"unit_code": ["193", "194"], "period": [2023, 2023], "crimes_recorded": [100, 100], "crimes_solved": [79, 80]}
    base.update(cols)
    return base


def solved(ds):
    df = ds.to_pandas()
    return sorted(df[df.variable == "crimes_solved"].value.tolist())


def test_a_polars_frame_reads_as_its_pandas_twin():
    pl = pytest.importorskip("polars")
    ds = chitieu.Dataset.load(pl.DataFrame(wide()))
    assert solved(ds) == [79, 80]
    r = chitieu.evaluate(pl.DataFrame(wide()), period=2023, unit=["193"])
    assert r.outcomes, "a polars frame evaluates"


def test_a_pyarrow_table_reads_as_its_pandas_twin():
    pa = pytest.importorskip("pyarrow")
    ds = chitieu.Dataset.load(pa.table(wide()))
    assert solved(ds) == [79, 80]
    r = chitieu.evaluate(pa.table(wide()), period=2023, unit=["193"])
    assert r.outcomes, "a pyarrow table evaluates"


def test_an_unreadable_type_is_named_with_its_module():
    class Frame:
        pass

    with pytest.raises(TypeError) as info:
        chitieu.Dataset.load(Frame())
    msg = str(info.value)
    assert msg.startswith("chitieu cannot read data of type test_inputs.") and ".Frame:" in msg and "pandas, polars or pyarrow" in msg


def test_pandas_quarter_periods_are_quarters():
    df = pd.DataFrame(
        {"unit_code": ["193", "193"], "period": pd.PeriodIndex(["2023Q1", "2023Q2"], freq="Q"), "crimes_recorded": [10, 20]}
    )
    periods = sorted(chitieu.Dataset.load(df).to_pandas().period.tolist())
    assert periods == ["2023-Q1", "2023-Q2"]
    # Period objects in an object column too (records built by hand).
    rec = [{"unit_code": "193", "period": pd.Period("2023Q4", freq="Q"), "crimes_recorded": 5}]
    assert chitieu.Dataset.load(rec).to_pandas().period.tolist() == ["2023-Q4"]
    # A fiscal quarter that is a calendar quarter (Q-JUN's Q1 is July-September).
    fiscal = pd.DataFrame({"unit_code": ["193"], "period": pd.PeriodIndex(["2024Q1"], freq="Q-JUN"), "crimes_recorded": [1]})
    assert chitieu.Dataset.load(fiscal).to_pandas().period.tolist() == ["2023-Q3"]


def test_a_quarter_that_is_not_a_calendar_quarter_is_refused_with_its_row():
    df = pd.DataFrame({"unit_code": ["193"], "period": pd.PeriodIndex(["2024Q1"], freq="Q-NOV"), "crimes_recorded": [1]})
    with pytest.raises(chitieu.DataError) as info:
        chitieu.Dataset.load(df)
    assert (info.value.row, info.value.column) == (2, "period")


def test_units_from_pandas_keep_parent_codes_whole_beside_nan():
    reg = chitieu.Units.default().to_pandas()
    commune = reg[reg.parent_code == "193"].iloc[0]
    df = reg[reg.code.isin(["22", "193", commune.code])].copy()
    # Codes as numbers, as read_csv gives them: the province's missing parent
    # makes the parent_code column float (22.0, 193.0).
    df["code"] = df.code.astype(int)
    df["parent_code"] = pd.to_numeric(df.parent_code)
    assert df.parent_code.dtype == float
    units = chitieu.Units.from_pandas(df).to_pandas()
    assert sorted(units.parent_code.dropna().tolist()) == ["193", "22"], units
    assert len(units) == 3


def test_a_bool_column_is_a_yes_no_only():
    df = pd.DataFrame({"unit_code": ["06649"], "period": [2023], "drug_info_reached": [True]})
    ds = chitieu.Dataset.load(df)
    assert ds.to_pandas().value.tolist() == [1]
    for bad in ([True, False], [pd.NA, True]):
        df = pd.DataFrame({"unit_code": ["193", "194"], "period": [2023, 2023], "crimes_recorded": pd.array(bad, dtype="boolean")})
        with pytest.raises(chitieu.DataError) as info:
            chitieu.Dataset.load(df)
        e = info.value
        assert e.column == "crimes_recorded" and e.value == "True" and "count" in e.expected, str(e)
    df = pd.DataFrame({"unit_code": ["193"], "period": [2023], "crimes_recorded": [True]})
    with pytest.raises(chitieu.DataError) as info:
        chitieu.Dataset.load(df)
    assert (info.value.row, info.value.column) == (2, "crimes_recorded")
    # A Python bool in a list of records too.
    with pytest.raises(chitieu.DataError):
        chitieu.Dataset.load([{"unit_code": "193", "period": 2023, "crimes_solved": False}])


@pytest.mark.parametrize("key", ["unit_code", "period"])
def test_a_key_column_given_twice_is_refused(key):
    df = pd.DataFrame([["193", 2023, 100, "194"]], columns=["unit_code", "period", "crimes_recorded", "x"])
    df = df.rename(columns={"x": key})
    if key == "period":
        df[key] = 2024
        df.columns = ["unit_code", "period", "crimes_recorded", "period"]
    with pytest.raises(chitieu.DataError) as info:
        chitieu.Dataset.load(df)
    e = info.value
    assert (e.row, e.column) == (1, key) and "twice" in str(e)


def test_long_form_variable_column_given_twice_is_refused():
    df = pd.DataFrame([["193", 2023, "crimes_recorded", 100, "crimes_solved"]], columns=["unit_code", "period", "variable", "value", "variable"])
    with pytest.raises(chitieu.DataError) as info:
        chitieu.Dataset.load(df)
    assert info.value.column == "variable"


def test_evaluate_with_an_empty_list_of_units_says_so():
    with pytest.raises(ValueError) as info:
        chitieu.evaluate(chitieu.sample(), period=2023, unit=[])
    assert "empty" in str(info.value) and "no unit selected" in str(info.value)
