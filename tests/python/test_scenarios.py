"""The shared scenarios (RULES.md section 8 among them), through the Python API.

Every layer runs tests/scenarios/scenarios.csv and checks the same fields, so
the Rust core, the C ABI and this package can never disagree.
"""

import csv

import pandas as pd
import pytest

import chitieu
from conftest import SCENARIOS

with open(SCENARIOS / "scenarios.csv", newline="", encoding="utf-8") as f:
    ROWS = list(csv.DictReader(f))

# Operations this package does not offer yet; every other operation must run.
NOT_YET = {
    "select": "selection (chitieu.select) is not in the Python package yet: core's certification is still being written",
    "certify": "certification (chitieu.certify) is not in the Python package yet: core's certification is still being written",
}


def outcome_for(result, target):
    found = [o for o in result.outcomes if o["target"] == target]
    assert found, f"no outcome for {target}; targets: {sorted({o['target'] for o in result.outcomes})}"
    return found[0]


def text(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def check_row(row, outcome):
    name = row["scenario"]
    assert text(outcome["status"]) == row["status"], f"{name}: status; {outcome['explanation']}"
    for key in ("actual", "margin", "governing"):
        if row[key] != "":
            assert text(outcome[key]) == row[key], f"{name}: {key}; {outcome['explanation']}"


def test_the_file_keeps_its_rows():
    assert len(ROWS) >= 13
    assert {r["operation"] for r in ROWS} <= {"evaluate"} | set(NOT_YET)


@pytest.mark.parametrize("row", ROWS, ids=[r["scenario"] for r in ROWS])
def test_scenario_from_the_data_file(row):
    if row["operation"] in NOT_YET:
        pytest.skip(NOT_YET[row["operation"]])
    assert row["operation"] == "evaluate", f"unknown operation {row['operation']}"
    result = chitieu.evaluate(SCENARIOS / row["data"], period=row["period"], unit=row["unit"], lang="en")
    check_row(row, outcome_for(result, row["target"]))


@pytest.mark.parametrize("row", [r for r in ROWS if r["operation"] == "evaluate"], ids=lambda r: r["scenario"])
def test_scenario_from_a_dataframe(row):
    """The same data read by pandas (long form) gives the same outcomes."""
    df = pd.read_csv(SCENARIOS / row["data"], dtype={"unit_code": str})
    result = chitieu.evaluate(df, period=row["period"], unit=row["unit"], lang="en")
    check_row(row, outcome_for(result, row["target"]))
