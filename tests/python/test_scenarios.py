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

RECOGNITION = {"select", "certify"}
FILES = ("figures.csv", "events.csv", "register.csv")


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


def criterion_for(report, unit, criterion):
    """A criterion of a unit, as the scenarios check it (core's tests/scenarios.rs):
    its status, with actual and margin of its single requirement."""
    u = report.unit(unit)
    found = [c for c in u["criteria"] if c["id"] == criterion]
    assert found, f"no criterion {criterion} at {unit}; criteria: {[c['id'] for c in u['criteria']]}"
    c = found[0]
    part = c["parts"][0] if c["parts"] else {}
    return {"status": c["status"], "actual": part.get("actual"), "margin": part.get("margin"), "governing": None, "explanation": c["detail"]}


def recognise(row, figures, events, register):
    run = chitieu.select if row["operation"] == "select" else chitieu.certify
    return run(figures, events, register, as_of=row["period"], lang="en")


def scenario_files(row):
    """The row's folder: figures.csv, events.csv and register.csv, each optional."""
    base = SCENARIOS / row["data"]
    return [base / n if (base / n).exists() else None for n in FILES]


def test_the_file_keeps_its_rows():
    assert len(ROWS) >= 13
    assert {r["operation"] for r in ROWS} <= {"evaluate"} | RECOGNITION
    assert {r["operation"] for r in ROWS} >= RECOGNITION, "the select/certify rows of RULES.md section 8 are gone"


@pytest.mark.parametrize("row", ROWS, ids=[r["scenario"] for r in ROWS])
def test_scenario_from_the_data_file(row):
    if row["operation"] in RECOGNITION:
        report = recognise(row, *scenario_files(row))
        check_row(row, criterion_for(report, row["unit"], row["target"]))
        return
    assert row["operation"] == "evaluate", f"unknown operation {row['operation']}"
    result = chitieu.evaluate(SCENARIOS / row["data"], period=row["period"], unit=row["unit"], lang="en")
    check_row(row, outcome_for(result, row["target"]))


@pytest.mark.parametrize("row", [r for r in ROWS if r["operation"] in RECOGNITION], ids=lambda r: r["scenario"])
def test_recognition_scenario_from_dataframes_and_from_the_folder(row):
    """The same three files read by pandas, or named by their folder, give the same verdicts and digest."""
    paths = scenario_files(row)
    frames = [None if p is None else pd.read_csv(p, dtype={"unit_code": str}) for p in paths]
    from_files = recognise(row, *paths)
    for report in (recognise(row, *frames), recognise(row, SCENARIOS / row["data"], None, None)):
        check_row(row, criterion_for(report, row["unit"], row["target"]))
        assert report.digest == from_files.digest


@pytest.mark.parametrize("row", [r for r in ROWS if r["operation"] == "evaluate"], ids=lambda r: r["scenario"])
def test_scenario_from_a_dataframe(row):
    """The same data read by pandas (long form) gives the same outcomes."""
    df = pd.read_csv(SCENARIOS / row["data"], dtype={"unit_code": str})
    result = chitieu.evaluate(df, period=row["period"], unit=row["unit"], lang="en")
    check_row(row, outcome_for(result, row["target"]))
