"""DataFrames in and out: wide, long, dicts, records; missing stays missing."""

import numpy as np
import pandas as pd
import pytest

import chitieu


def wide_frame():
    return pd.DataFrame(
        {
            "unit_code": ["193", "194", "195"],
            "period": [2023, 2023, 2023],
            "crimes_recorded": [100, 100, np.nan],
            "crimes_solved": [80, np.nan, 5],
            "programme_budget": [0.1, 2.5, np.nan],
        }
    )


def records(ds):
    return {(r.unit_code, r.period, r.variable): r.value for r in ds.to_pandas(exact=True).itertuples()}


def test_wide_round_trip_keeps_values_and_gaps():
    df = wide_frame()
    ds = chitieu.Dataset.from_pandas(df)
    assert len(ds) == 6  # 9 cells, 3 NaN: missing adds nothing
    back = ds.to_pandas(wide=True).sort_values("unit_code").reset_index(drop=True)
    assert list(back["unit_code"]) == ["193", "194", "195"]
    assert list(back["period"]) == ["2023"] * 3
    for col in ["crimes_recorded", "crimes_solved", "programme_budget"]:
        pd.testing.assert_series_equal(back[col], df[col].astype(float), check_names=False)


def test_floats_are_read_by_their_shortest_text_and_ints_exactly():
    df = pd.DataFrame(
        {"unit_code": ["22"], "period": ["2023"], "programme_budget": [0.1], "provincial_recurrent_expenditure": [12345678901234]}
    )
    rec = records(chitieu.Dataset.from_pandas(df))
    assert rec[("22", "2023", "programme_budget")] == "0.1"
    assert rec[("22", "2023", "provincial_recurrent_expenditure")] == "12345678901234"


def test_float32_keeps_its_own_shortest_text():
    df = pd.DataFrame({"unit_code": ["22"], "period": ["2023"], "programme_budget": np.array([0.1], dtype="float32")})
    assert records(chitieu.Dataset.from_pandas(df))[("22", "2023", "programme_budget")] == "0.1"


def test_long_round_trip():
    df = pd.DataFrame(
        {
            "unit_code": ["193", "193", "194", "194"],
            "period": ["2023"] * 4,
            "variable": ["crimes_recorded", "crimes_solved", "crimes_recorded", "crimes_solved"],
            "value": [100, 80, 100, None],
        }
    )
    ds = chitieu.Dataset.from_pandas(df)
    back = ds.to_pandas()
    assert len(back) == 3
    assert ("194", "2023", "crimes_solved") not in records(ds)
    assert set(back.columns) == {"unit_code", "period", "variable", "value"}


def test_missing_is_never_zero():
    """A NaN numerator gives no_data, not a 0% clearance rate."""
    result = chitieu.evaluate(wide_frame(), period=2023, unit=["194", "195"], lang="en")
    df = result.to_pandas().set_index(["unit", "target"])
    row = df.loc[("194", "nq314.crime.clearance_rate")]
    assert row["status"] == "no_data"
    assert row["actual"] is None and np.isnan(row["actual_float"])
    assert {m["variable"] for m in row["missing"]} == {"crimes_solved"}
    assert df.loc[("195", "nq314.crime.clearance_rate"), "status"] == "no_data"


def test_nullable_dtypes_and_na():
    df = pd.DataFrame(
        {
            "unit_code": pd.Series(["193", "194"], dtype="string"),
            "period": [2023, 2023],
            "crimes_recorded": pd.Series([100, pd.NA], dtype="Int64"),
            "crimes_solved": pd.Series([80.0, None], dtype="Float64"),
        }
    )
    rec = records(chitieu.Dataset.from_pandas(df))
    assert rec == {("193", "2023", "crimes_recorded"): "100", ("193", "2023", "crimes_solved"): "80"}


def test_dicts_records_and_an_index_are_read():
    cols = {"unit_code": ["193"], "period": [2023], "crimes_recorded": [100], "crimes_solved": [80]}
    as_records = [{"unit_code": "193", "period": 2023, "crimes_recorded": 100, "crimes_solved": 80}]
    indexed = pd.DataFrame(cols).set_index(["unit_code", "period"])
    for data in (cols, as_records, indexed):
        r = chitieu.evaluate(data, period=2023, unit="193")
        o = [o for o in r.outcomes if o["target"] == "nq314.crime.clearance_rate"][0]
        assert (o["status"], o["actual"]) == ("met", "80")


def test_a_dropped_leading_zero_is_repaired_with_a_warning():
    df = pd.DataFrame({"unit_code": [6649], "period": [2023], "crimes_recorded": [10]})
    ds = chitieu.Dataset.from_pandas(df)
    assert records(ds) == {("06649", "2023", "crimes_recorded"): "10"}
    assert [w["code"] for w in ds.warnings] == ["unit_code_repaired"]


def test_yes_no_flags_from_bools_and_words():
    df = pd.DataFrame({"unit_code": ["06649", "06652"], "period": [2023, 2023], "drug_info_reached": [True, False]})
    assert set(records(chitieu.Dataset.from_pandas(df)).values()) == {"1", "0"}
    df["drug_info_reached"] = ["có", "không"]
    assert set(records(chitieu.Dataset.from_pandas(df)).values()) == {"1", "0"}


def test_sample_round_trips_through_a_wide_frame(sample):
    wide = sample.to_pandas(wide=True)
    again = chitieu.Dataset.from_pandas(wide)
    assert len(again) == len(sample)
    assert records(again) == records(sample)
    a = chitieu.evaluate(sample, period=2023, unit="all").to_pandas().drop(columns=["explanation", "explanation_vi", "explanation_en"])
    b = chitieu.evaluate(again, period=2023, unit="all").to_pandas().drop(columns=["explanation", "explanation_vi", "explanation_en"])
    pd.testing.assert_frame_equal(a, b)


def test_units_from_pandas_and_csv(tmp_path):
    # Every structure: 1 province, 13 districts, 177 communes of 2024 (171 from
    # 1/11/2024, the same versions) and the 54 communes of 1/7/2025.
    units = chitieu.Units.default()
    df = units.to_pandas()
    assert len(df) == len(units) == 245
    assert df.loc[df.code == "06649", "name"].item() == "Phường Hà Khánh"
    again = chitieu.Units.from_pandas(df)
    assert len(again) == 245
    path = tmp_path / "units.csv"
    df.to_csv(path, index=False)
    assert len(chitieu.Units.from_csv(path)) == 245


@pytest.mark.parametrize("unit, expected", [(None, {"22"}), ("193", {"193"}), (["193", 194], {"193", "194"})])
def test_unit_selection(sample, unit, expected):
    assert set(chitieu.evaluate(sample, period=2023, unit=unit).to_pandas()["unit"]) == expected


def test_all_units(sample):
    r = chitieu.evaluate(sample, period=2023, unit="all")
    units = set(r.to_pandas()["unit"])
    # The province and its 13 districts have outcomes; the 177 communes,
    # without any figure in the sample, are listed once for NQ 314.
    assert len(units) == 14 and "22" in units
    assert len(units | set(r.units_without_figures["unit"])) == 191
