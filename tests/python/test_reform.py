"""Across Quảng Ninh's reforms from Python (issue 9): the registry of every
structure, a unit's history, a code written in a structure, conversion to the
2025 structure and back."""

import pandas as pd
import pytest

import chitieu
from conftest import SCENARIOS


@pytest.fixture(scope="module")
def units():
    return chitieu.Units.load()


def test_structures_and_history(units):
    st = units.structures()
    assert st["label"].tolist() == ["2024", "2024-11-01", "2025-07-01"]
    assert st["communes"].tolist() == [177, 171, 54]
    new = units.as_of("2025-07-01")
    assert len(new) == 55 and "Phường Hà Tu" in new["name"].tolist() and "Phường Hà Phong" not in new["name"].tolist()
    h = units.history("06652")
    assert [v["name"] for v in h] == ["Phường Hà Phong", "Phường Hà Tu"]
    assert {l["from"] for l in h[1]["before"]} == {"06652", "06664"}
    mine = chitieu.Units.load(lineage=[SCENARIOS / "data" / "reform" / "yet-kieu-lineage.csv"])
    assert mine.history("06682")[0]["after"][0]["to"] == "06691"


def test_a_reused_code_for_2025_is_refused_unless_its_structure_is_named(units):
    df = pd.DataFrame({"unit_code": ["06652"], "period": ["2025"], "criminal_cases": [40]})
    with pytest.raises(chitieu.DataError) as e:
        chitieu.Dataset.load(df, units=units)
    assert e.value.row == 2 and e.value.column == "unit_code" and "Phường Hà Tu (06652, 2025-07-01..)" in str(e.value)
    df["structure"] = ["2025-07-01"]
    ds = chitieu.Dataset.load(df, units=units)
    assert len(ds) == 1


def test_convert_to_2025_and_back(units):
    df = pd.DataFrame(
        {"unit_code": ["06652", "06664", "06967", "06886"], "period": ["2023"] * 4, "criminal_cases": [40, 2, 7, 9]}
    )
    c = chitieu.convert(df, "2025-07-01", units=units, lang="en")
    assert c.structure == "2025-07-01"
    rows = c.to_pandas().set_index("unit")
    assert rows.loc["06652", "value"] == "42" and {s["unit"] for s in rows.loc["06652", "sources"]} == {"06652", "06664"}
    assert rows.loc["06967", "value"] == "7"
    why = c.not_converted.set_index("unit")
    assert why.loc["06886", "reason_code"] in ("not_attributable", "missing_source")
    back = chitieu.convert(c.dataset, "2024-06-01", units=units)
    assert back.to_pandas().set_index("unit").loc["06967", "value"] == "7"
    assert "06652" in back.not_converted["unit"].tolist()
    shares = SCENARIOS / "data" / "reform" / "shares-hai-lang.csv"
    weighted = chitieu.convert(df, "2025-07-01", shares=shares, units=units)
    assert weighted.to_csv().splitlines()[0] == "unit_code,unit_name,period,variable,value,structure,source"
