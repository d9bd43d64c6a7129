"""Results: the JSON contract as columns, summary, HTML, GIL released."""

import json
import re
import threading
import time

import pandas as pd
import pytest

import chitieu
from chitieu import _native

FLATTENED = {"baseline": ["baseline_period", "baseline_value"], "stretch": ["stretch_value", "stretch_reached"], "allocation": ["allocation_table", "allocation_share"]}


@pytest.fixture(scope="module")
def result(sample):
    return chitieu.evaluate(sample, period=2023, unit="all")


def test_every_contract_field_is_a_column(result):
    df = result.to_pandas()
    assert len(df) == len(result) == len(result.outcomes)
    keys = set().union(*(o.keys() for o in result.outcomes))
    for k in keys:
        for c in FLATTENED.get(k, [k]):
            assert c in df.columns, c
    for c in ["actual_float", "required_value_float", "margin_float", "change_float", "baseline_value_float"]:
        assert df[c].dtype == float
    # exact strings and floats agree (floats are for plotting only)
    some = df.dropna(subset=["actual"]).iloc[0]
    assert float(some["actual"]) == pytest.approx(some["actual_float"])


def test_json_is_the_public_contract(result):
    j = json.loads(result.to_json())
    assert set(j) >= {"chitieu_version", "period", "dataset", "warnings", "outcomes", "units_without_figures"}
    assert j["dataset"]["synthetic"] is True
    assert j["outcomes"] == result.outcomes
    assert json.loads(result.to_json(indent=2)) == j
    assert result.to_csv().startswith("target,")


def test_units_without_figures_are_listed_once_per_document(result):
    w = result.units_without_figures
    assert len(w) == 177 and set(w["document"]) == {"314/2020/NQ-HĐND"} and set(w["level"]) == {"commune"}
    first = w.iloc[0]
    assert (first["unit"], first["unit_name"], first["period"]) == ("06649", "Phường Hà Khánh", "2023")
    assert first["explanation_en"] == "Phường Hà Khánh: no figures for the targets of 314/2020/NQ-HĐND in 2023"
    assert first["explanation"] == first["explanation_vi"]  # the result's language
    assert int(first["targets"]) > 20
    # The version's structure, as for outcomes (the documents' own, 2024, for 2023).
    assert first["structure"] == "2024"
    # The same list as the JSON contract's, and no commune rows among the outcomes.
    assert json.loads(result.to_json())["units_without_figures"] == result._native.units_without_figures(result.lang)
    df = result.to_pandas()
    assert "commune" not in set(df["level"])
    # A province target judged for a district says so.
    district = df[(df["level"] == "district") & (df["document_id"] == "nq314")]
    assert set(district["extended_from"]) == {"province"}
    assert district["explanation"].str.contains("áp dụng mở rộng cho cấp huyện").all()
    assert df[df["level"] == "province"]["extended_from"].isna().all()


def test_synthetic_and_allocation_warnings_are_carried(result):
    codes = [w["code"] for w in result.warnings]
    assert codes[0] == "synthetic_data"
    assert result.warnings[0]["source"] == "data"
    assert "allocation_sum" in codes
    assert result.synthetic


def test_the_catalogue_warns_about_phu_bieu_01():
    cat = chitieu.Catalogue.default(lang="en")
    (w,) = [w for w in cat.warnings if w["code"] == "allocation_sum"]
    assert "590" in w["message"] and "580" in w["message"]
    assert "590" in w["message_vi"]
    assert w["source"] == "catalogue", "a note about the documents, not about the user's data"
    assert {"id", "clause", "phrase", "period", "variables"} <= set(cat.targets.columns)
    assert set(cat.documents["id"]) == {"nq314", "kh50", "kh02", "kh102", "ct32"}
    assert "crimes_recorded" in set(cat.variables["name"])
    assert len(cat) == len(cat.targets)


def test_summary_counts_by_document_and_status(result):
    s = result.summary()
    df = result.to_pandas()
    governing = df[df["governing"]]
    assert s.loc["total", "total"] == len(governing)
    assert list(s.columns)[-1] == "total"
    assert "not_met" in s.columns
    for doc, n in governing.groupby("document").size().items():
        assert s.loc[doc, "total"] == n
    assert result.summary(governing_only=False).loc["total", "total"] == len(df)


def test_html_puts_not_met_first_and_shows_clauses(result):
    html = result._repr_html_()
    table = html[html.index('class="ct-outcomes"'):]
    rows = re.findall(r'<tr data-status="(\w+)"', table)
    order = ["not_met", "no_data", "not_applicable", "met"]
    assert rows[0] == "not_met" and rows == sorted(rows, key=order.index)
    df = result.to_pandas()
    first_not_met = df[df.status == "not_met"].iloc[0]
    assert first_not_met["clause"] in html
    assert "#b42318" in html  # not_met colour
    more = f"{len(result) - 200:,}".replace(",", ".")  # Vietnamese thousands
    assert f"còn {more} dòng nữa" in html and ".to_pandas()" in html  # long results are cut, pointing to to_pandas()
    assert "SYNTHETIC" in chitieu.evaluate(chitieu.sample(), period=2023, lang="en")._repr_html_()


def test_html_escapes_text():
    df = pd.DataFrame({"unit_code": ["193"], "period": [2023], "crimes_recorded": [100], "crimes_solved": [79]})
    html = chitieu.evaluate(df, period=2023, unit="193")._repr_html_()
    assert "<script" not in html and "&lt;" in html  # "79% < 80%" is escaped
    c = chitieu.check("nq314.crime.clearance_rate", 79, 100)
    assert "không đạt" in c._repr_html_() and "79,00%" in c._repr_html_()


def test_the_gil_is_released_during_evaluation(sample):
    """Another Python thread runs while core evaluates."""
    cat, units = chitieu.Catalogue.default()._native, chitieu.Units.default()._native
    ticks, stop = [], threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0005)

    t = threading.Thread(target=tick)
    t.start()
    time.sleep(0.01)
    t0 = time.perf_counter()
    for _ in range(3):
        _native.evaluate(sample._native, "2023", cat, units, "all")
    t1 = time.perf_counter()
    stop.set()
    t.join()
    margin = 0.02
    if t1 - t0 < 4 * margin:
        pytest.skip(f"evaluation took {t1 - t0:.3f}s: too fast to observe another thread")
    inside = [x for x in ticks if t0 + margin < x < t1 - margin]
    assert len(inside) > 5, f"no other thread ran during {t1 - t0:.3f}s of evaluation"


def test_the_native_stub_names_every_native_function_and_class():
    import ast
    import pathlib

    stub = pathlib.Path(_native.__file__).with_name("_native.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    declared = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    public = {n for n in dir(_native) if not n.startswith("__")}
    assert public <= declared, sorted(public - declared)
    assert (pathlib.Path(chitieu.__file__).parent / "py.typed").exists()
