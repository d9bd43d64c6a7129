"""Our own exceptions, naming the row and column (header = row 1, DataFrame row i = row i + 2)."""

import numpy as np
import pandas as pd
import pytest

import chitieu
from chitieu import _native


def frame(**cols):
    base = {"unit_code": ["193", "194", "195"], "period": [2023, 2023, 2023]}
    base.update(cols)
    return pd.DataFrame(base)


def data_error(data, **kw):
    with pytest.raises(chitieu.DataError) as info:
        chitieu.Dataset.load(data, **kw)
    e = info.value
    assert isinstance(e, chitieu.ChitieuError)
    return e


def test_a_bad_value_names_its_row_and_column():
    e = data_error(frame(crimes_recorded=[100, 100, 100], crimes_solved=["80", "7x", "5"]))
    assert (e.file, e.row, e.column, e.value) == ("DataFrame", 3, "crimes_solved", "7x")
    assert "number" in e.expected
    assert "row 3" in str(e) and "crimes_solved" in str(e)


def test_a_fraction_in_a_count_is_refused():
    e = data_error(frame(crimes_recorded=[100, 100, 100.5]))
    assert (e.row, e.column, e.value) == (4, "crimes_recorded", "100.5")
    assert "whole number" in e.expected


def test_an_unknown_variable_names_the_header():
    e = data_error(frame(crimes_recordd=[1, 2, 3]))
    assert (e.row, e.column, e.value) == (1, "crimes_recordd", "crimes_recordd")
    assert "crimes_recorded" in e.expected


def test_an_unknown_unit_and_a_bad_period():
    e = data_error(pd.DataFrame({"unit_code": ["193", "99999"], "period": [2023, 2023], "crimes_recorded": [1, 2]}))
    assert (e.row, e.column, e.value) == (3, "unit_code", "99999")
    e = data_error(pd.DataFrame({"unit_code": ["193", "193"], "period": ["2023", "2023-13"], "crimes_recorded": [1, 2]}))
    assert (e.row, e.column, e.value) == (3, "period", "2023-13")


def test_a_part_larger_than_its_whole():
    e = data_error(frame(crimes_recorded=[100, 100, 100], crimes_solved=[80, 101, np.nan]))
    assert (e.row, e.column, e.value) == (3, "crimes_solved", "101")


def test_long_tables_name_the_value_and_variable_columns():
    long = pd.DataFrame({"unit_code": ["193", "193"], "period": [2023, 2023], "variable": ["crimes_recorded", "crimes_solved"], "value": ["100", "-1"]})
    e = data_error(long)
    assert (e.row, e.column, e.value) == (3, "value", "-1")
    long["variable"] = ["crimes_recorded", "nope"]
    assert (data_error(long).row, data_error(long).column) == (3, "variable")


def test_a_table_without_keys():
    e = data_error(pd.DataFrame({"unit": ["193"], "crimes_recorded": [1]}))
    assert (e.row, e.column) == (1, None)


def test_a_file_error_names_the_file(tmp_path):
    p = tmp_path / "figures.csv"
    p.write_text("unit_code,period,crimes_recorded\n193,2023,100\n194,2023,abc\n", encoding="utf-8")
    e = data_error(p)
    assert (e.row, e.column, e.value) == (3, "crimes_recorded", "abc")
    assert e.file.endswith("figures.csv")


def test_a_bad_unit_registry(tmp_path):
    p = tmp_path / "units.csv"
    p.write_text("code,name,level,division_type,parent_code\n1,A,province,tỉnh,\n2,B,county,huyện,1\n", encoding="utf-8")
    with pytest.raises(chitieu.DataError) as info:
        chitieu.Units.from_csv(p)
    assert (info.value.row, info.value.column, info.value.value) == (3, "level", "county")


def test_a_bad_catalogue_names_file_and_key_path(tmp_path):
    p = tmp_path / "mine.toml"
    p.write_text('[[target]]\nid = "x"\n', encoding="utf-8")
    with pytest.raises(chitieu.CatalogueError) as info:
        chitieu.Catalogue.from_path(p)
    e = info.value
    assert isinstance(e, chitieu.ChitieuError)
    assert e.file.endswith("mine.toml")
    assert e.path.startswith("target")


def test_unknown_units_and_periods_in_a_request(sample):
    with pytest.raises(chitieu.ChitieuError, match="unknown unit code"):
        chitieu.evaluate(sample, period=2023, unit="99999")
    with pytest.raises(chitieu.ChitieuError, match="not a period"):
        chitieu.evaluate(sample, period="2023-13")
    with pytest.raises(chitieu.ChitieuError, match="language"):
        chitieu.evaluate(sample, period=2023, lang="fr")


def test_a_panic_is_a_chitieu_error_not_a_panic_exception():
    with pytest.raises(chitieu.ChitieuError, match="internal error") as info:
        _native._panic_for_tests()
    assert type(info.value).__name__ == "ChitieuError"
    assert isinstance(info.value, Exception)


def test_error_attributes_exist_even_when_unknown():
    e = chitieu.DataError("x")
    assert (e.row, e.column, e.value, e.expected, e.file) == (None, None, None, None, None)
    assert chitieu.CatalogueError("x").path is None
