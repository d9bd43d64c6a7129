"""Workbooks in and out through the Python package (issue 10): paths of
workbooks made by LibreOffice (tests/fixtures) read like their CSV source,
sheets named by argument or after '#', errors naming sheet and cell, the
scorecard and recognition workbooks read back with openpyxl, and the
data-entry template as a DataFrame and as a file."""

import openpyxl  # installed by scripts/test-python.sh
import pandas as pd
import pytest

import chitieu

from conftest import ROOT, SCENARIOS

FIXTURES = ROOT / "tests" / "fixtures"
KH50_CSV = SCENARIOS / "data" / "kh50-section8"


def outcomes(result):
    return [(o["target"], o["unit"], o["status"], o["actual"], o["margin"]) for o in result.outcomes]


def test_workbooks_evaluate_as_their_csv_source():
    want = outcomes(chitieu.evaluate(FIXTURES / "src" / "SoLieu.csv", period=2023, unit="all"))
    assert len(want) > 100
    for name in ["SoLieu.xlsx", "SoLieu.ods", "SoLieu.xls", "SoLieu-vi.csv", "SoLieu-unicode.txt"]:
        r = chitieu.evaluate(FIXTURES / name, period=2023, unit="all")
        assert outcomes(r) == want, name
    # The sheet by argument or after '#'; the dataset is named by file and sheet.
    by_arg = chitieu.Dataset.load(FIXTURES / "SoLieu.xlsx", sheet="Huyện")
    by_hash = chitieu.Dataset.load(f"{FIXTURES / 'SoLieu.xlsx'}#Huyện")
    assert by_arg.name == by_hash.name == "SoLieu.xlsx#Huyện"
    assert len(by_arg) == len(by_hash) > 0
    # The notes sheet comes first: the user is told which sheet was read.
    found = chitieu.Dataset.load(FIXTURES / "SoLieu.xlsx")
    assert [w["code"] for w in found.warnings] == ["sheet_chosen"]


def test_errors_name_sheet_and_cell():
    with pytest.raises(chitieu.DataError) as info:
        chitieu.Dataset.load(FIXTURES / "Loi.xlsx")
    e = info.value
    assert (e.sheet, e.cell, e.row, e.column, e.value) == ("Huyện", "F12", 12, "crimes_solved", "#DIV/0!")
    assert "sheet 'Huyện', cell F12 (row 12, column 'crimes_solved')" in str(e)
    with pytest.raises(chitieu.DataError) as info:
        chitieu.Dataset.load(FIXTURES / "SoLieu.xlsx", sheet="Huyen")
    assert "no sheet 'Huyen'" in str(info.value) and "'Huyện'" in str(info.value)
    with pytest.raises(chitieu.DataError) as info:
        chitieu.Dataset.load(f"{FIXTURES / 'SoLieu.xlsx'}#Huyện", sheet="Ghi chú")
    assert "two sheets are named" in str(info.value)
    with pytest.raises(chitieu.ChitieuError):
        chitieu.Dataset.load(pd.DataFrame({"unit_code": ["22"], "period": [2023]}), sheet="Huyện")
    # A CSV error has no sheet nor cell.
    with pytest.raises(chitieu.DataError) as info:
        chitieu.Dataset.load(pd.DataFrame({"unit_code": ["22"], "period": [2023], "crimes_recorded": ["x"]}))
    assert (info.value.sheet, info.value.cell) == (None, None)


def test_a_unit_list_kept_as_a_workbook():
    units = chitieu.Units.from_path(FIXTURES / "units-2024.xlsx")
    assert len(units) == 191
    codes = set(units.to_pandas()["code"])
    assert "06649" in codes, "leading zeros survive"
    assert len(chitieu.Units.from_csv(FIXTURES / "units-2024.xlsx")) == 191


def test_the_scorecard_workbook_read_back(tmp_path):
    r = chitieu.evaluate(chitieu.sample(), period=2023, unit="all", lang="en")
    out = tmp_path / "BangDiem.xlsx"
    r.to_excel(out)
    book = openpyxl.load_workbook(out)
    # Communes of the 2023 sample have no figures of their own: they are listed
    # once per document (as in the JSON), not as outcomes.
    assert book.sheetnames == ["Summary", "Province", "Districts", "Without figures", "Warnings"]
    ws = book["Without figures"]
    header_row = next(i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row[0] == "Unit code")
    listed = [row[0] for row in ws.iter_rows(min_row=header_row + 1, values_only=True)]
    assert listed == list(r.units_without_figures["unit"])
    ws = book["Districts"]
    header_row = next(i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row[0] == "Status")
    headers = [c.value for c in ws[header_row]]
    at = {h: i for i, h in enumerate(headers)}
    rows = list(ws.iter_rows(min_row=header_row + 1))
    district_outcomes = [o for o in r.outcomes if o["level"] == "district"]
    assert len(rows) == len(district_outcomes)
    fills = {}
    for row, o in zip(rows, district_outcomes):
        assert row[at["Target id"]].value == o["target"] and row[at["Unit code"]].value == o["unit"]
        fills[row[at["Status"]].value] = row[at["Status"]].fill.fgColor.rgb
        if o["actual"] is not None and "." not in o["actual"]:
            assert row[at["Actual"]].value == int(o["actual"])
    assert fills["MET"].endswith("C6EFCE") and fills["NOT MET"].endswith("FFC7CE"), fills
    # The synthetic label on every sheet.
    for ws in book.worksheets:
        assert any("SYNTHETIC" in str(c.value) for row in ws.iter_rows(max_row=4) for c in row), ws.title


def test_recognition_from_one_workbook_and_its_workbook(tmp_path):
    book = FIXTURES / "KH50.xlsx"
    from_csv = chitieu.certify(KH50_CSV / "figures.csv", KH50_CSV / "events.csv", KH50_CSV / "register.csv", as_of="2024-12-15")
    from_book = chitieu.certify(book, book, book, as_of="2024-12-15")
    named = chitieu.certify(book, book, book, as_of="2024-12-15", sheets={"data": "Số liệu", "events": "Sự kiện", "register": "Đăng ký"})
    for r in (from_book, named):
        assert r.digest == from_csv.digest
        assert r.communes[["unit", "status"]].values.tolist() == from_csv.communes[["unit", "status"]].values.tolist()
    with pytest.raises(chitieu.ChitieuError):
        chitieu.certify(book, as_of="2024-12-15", sheets={"evnts": "Sự kiện"})
    out = tmp_path / "Ketqua.xlsx"
    from_book.to_excel(out)
    sheets = openpyxl.load_workbook(out).sheetnames
    assert sheets[:3] == ["Tổng hợp", "Xã", "Huyện"] and sheets[-1] == "Cảnh báo", sheets


def test_the_template_as_a_frame_and_as_a_file(tmp_path):
    df = chitieu.template(2023, level="district", document="nq314")
    assert list(df.columns[:3]) == ["unit_code", "unit_name", "period"]
    assert "crimes_solved" in df.columns and df["crimes_solved"].isna().all()
    assert "nq314.crime.clearance_rate" in df.attrs["targets"]["crimes_solved"]
    # Filled in, it evaluates like the same figures given as a CSV.
    source = pd.read_csv(FIXTURES / "src" / "SoLieu.csv", dtype={"unit_code": str, "period": str})
    filled = df.drop(columns=[c for c in df.columns[3:] if c not in source.columns])
    filled = filled.merge(source.drop(columns=["unit_name"]), on=["unit_code", "period"], how="left", suffixes=("_blank", ""))
    filled = filled[[c for c in filled.columns if not c.endswith("_blank")]]
    a = chitieu.evaluate(filled, period=2023, unit="all")
    b = chitieu.evaluate(source[source["unit_code"].isin(filled["unit_code"])], period=2023, unit="all")
    assert outcomes(a) == outcomes(b)
    # As a file: the blank template reads back, every figure missing.
    path = tmp_path / "MauNhapLieu.xlsx"
    assert chitieu.template(2023, level="district", path=path) is None
    blank = chitieu.Dataset.load(path)
    assert len(blank) == 0
    with pytest.raises(chitieu.ChitieuError):
        chitieu.template(2023, level="county")


def test_a_2025_template_names_the_structure_of_a_reused_code():
    assert "structure" not in chitieu.template(2023, level="commune").columns
    df = chitieu.template(2025, level="commune")
    assert list(df.columns[:4]) == ["unit_code", "unit_name", "period", "structure"]
    reused = df[(df["unit_code"] == "06652") & (df["period"] == "2025")]
    assert sorted(reused["structure"]) == ["2024-11-01", "2025-07-01"]
    assert df.attrs["names_vi"]["structure"] == "Cơ cấu đơn vị"
