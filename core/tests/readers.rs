//! Every reader end to end on files people give chitieu (issue 10): figures,
//! events, register and unit lists from workbooks made by LibreOffice
//! (tests/fixtures) decide exactly as their CSV sources; a sheet is named by
//! `PATH#Sheet` or beside the path; the table's warnings reach the results;
//! and every reader's errors name sheet and cell.

use std::path::{Path, PathBuf};

use chitieu_core::catalogue::Catalogue;
use chitieu_core::certification::{certify, Events, Inputs, Register, Report};
use chitieu_core::evaluation::{evaluate, UnitFilter};
use chitieu_core::observations::Dataset;
use chitieu_core::table::Source;
use chitieu_core::{DataError, Lang, Period, UnitRegistry};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)
}

fn section8(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios/data/kh50-section8").join(name)
}

/// The outcomes of every unit in 2023, as the public JSON says them.
fn outcomes(ds: &Dataset) -> Value {
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    evaluate(&cat, &units, ds, Period::Year(2023), &UnitFilter::All).unwrap().to_json(Lang::En)["outcomes"].clone()
}

fn load(path: &Path) -> Dataset {
    Dataset::from_path(path, &Catalogue::builtin(), &UnitRegistry::builtin()).unwrap_or_else(|e| panic!("{e}"))
}

fn codes(ds: &Dataset) -> Vec<&str> {
    ds.warnings().iter().map(|w| w.code.as_str()).collect()
}

#[test]
fn figures_of_every_workbook_format_evaluate_as_their_csv_source() {
    let csv = load(&fixture("src/SoLieu.csv"));
    let want = outcomes(&csv);
    assert!(want.as_array().unwrap().len() > 100);
    for name in ["SoLieu.xlsx", "SoLieu.ods", "SoLieu.xls", "SoLieu-vi.csv", "SoLieu-unicode.txt"] {
        let ds = load(&fixture(name));
        assert_eq!(ds.records(), csv.records(), "{name}");
        assert_eq!(outcomes(&ds), want, "{name}");
    }
    // Read as Excel shows it: =4/49*49 is 4, a number typed as text and a period typed as text are read.
    let book = load(&fixture("SoLieu.xlsx"));
    assert_eq!(book.get("198", &Period::Year(2023), "crimes_recorded").map(|x| x.decimal_text()).as_deref(), Some("4"));
    assert_eq!(book.get("194", &Period::Year(2023), "crimes_solved").map(|x| x.decimal_text()).as_deref(), Some("79"));
    assert_eq!(book.get("202", &Period::Year(2023), "crimes_solved"), None, "a blank cell is missing, never zero");
    // The dataset names the sheet read, and the warnings say what the table passed over.
    assert_eq!(book.name, "SoLieu.xlsx#Huyện");
    assert_eq!(codes(&book), ["sheet_chosen"]);
    assert_eq!(codes(&load(&fixture("SoLieu-vi.csv"))), ["empty_columns_ignored", "empty_rows_ignored"]);
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    let ev = evaluate(&cat, &units, &load(&fixture("SoLieu-vi.csv")), Period::Year(2023), &UnitFilter::Root).unwrap();
    assert!(ev.warnings.iter().any(|w| w.code == "empty_rows_ignored"), "a table's warnings reach the result");
}

#[test]
fn a_sheet_is_named_after_a_hash_or_beside_the_path() {
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    let by_hash = Dataset::from_path(&PathBuf::from(format!("{}#Huyện", fixture("SoLieu.ods").display())), &cat, &units).unwrap();
    let by_option = Dataset::from_source(&Source::new(&fixture("SoLieu.ods"), Some("Huyện")).unwrap(), &cat, &units).unwrap();
    assert_eq!(by_hash.records(), by_option.records());
    assert!(by_hash.warnings().is_empty(), "no sheet was chosen for the user: {:?}", codes(&by_hash));
    let e = Dataset::from_source(&Source::new(&fixture("SoLieu.xlsx"), Some("Ghi chú")).unwrap(), &cat, &units).unwrap_err();
    assert_eq!(e.location.sheet.as_deref(), Some("Ghi chú"));
    assert!(e.message.contains("no row of the first 50 holds the header 'unit_code', 'period'"), "{e}");
    let e = Dataset::from_source(&Source::new(&fixture("src/SoLieu.csv"), Some("Huyện")).unwrap(), &cat, &units).unwrap_err();
    assert!(e.message.contains("this is a CSV file, which has no sheets"), "{e}");
}

/// A report as JSON without what names the files (the same facts from other files).
fn decided(r: &Report) -> Value {
    let mut j = r.to_json(Lang::En);
    j["dataset"]["name"] = Value::Null;
    j["warnings"] = Value::Null;
    j
}

#[test]
fn one_workbook_holds_the_recognition_inputs_and_decides_as_the_csv_files() {
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    let csv = Inputs::from_paths(Some(&section8("figures.csv")), Some(&section8("events.csv")), Some(&section8("register.csv")), &cat, &units).unwrap();
    let as_of = "2024-12-15".parse().unwrap();
    let want = certify(&cat, &units, &csv, "kh50", as_of).unwrap();
    for name in ["KH50.xlsx", "KH50.ods", "KH50.xls"] {
        let book = fixture(name);
        let inputs = Inputs::from_paths(Some(&book), Some(&book), Some(&book), &cat, &units).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(inputs.digest(), csv.digest(), "{name}: the same facts");
        let got = certify(&cat, &units, &inputs, "kh50", as_of).unwrap();
        assert_eq!(decided(&got), decided(&want), "{name}");
        // Each input found its own sheet, and says so.
        assert_eq!(inputs.events.name, format!("{}#Sự kiện", book.display()));
        assert!(got.warnings.iter().filter(|w| w.code == "sheet_chosen").count() >= 2, "{name}");
    }
}

/// A workbook of one sheet (written with rust_xlsxwriter), rows of text cells.
fn workbook(dir: &Path, name: &str, sheet: &str, rows: &[&[&str]]) -> PathBuf {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}

fn place(e: &DataError) -> (Option<&str>, Option<&str>, Option<usize>, Option<&str>) {
    (e.location.sheet.as_deref(), e.location.cell.as_deref(), e.location.row, e.location.column.as_deref())
}

#[test]
fn every_reader_names_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    // Figures: a bad value under a title block.
    let p = workbook(dir.path(), "f.xlsx", "Số liệu", &[&["BÁO CÁO"], &[], &["unit_code", "period", "crimes_recorded"], &["22", "2023", "7x"]]);
    let e = Dataset::from_path(&p, &cat, &units).unwrap_err();
    assert_eq!(place(&e), (Some("Số liệu"), Some("C4"), Some(4), Some("crimes_recorded")));
    assert!(e.to_string().contains("f.xlsx, sheet 'Số liệu', cell C4 (row 4, column 'crimes_recorded'): not a valid value: '7x'"), "{e}");
    // A part larger than its whole is found after the reading: the cell is still named.
    let p = workbook(dir.path(), "w.xlsx", "S", &[&["unit_code", "period", "crimes_recorded", "crimes_solved"], &["22", "2023", "5", "6"]]);
    let e = Dataset::from_path(&p, &cat, &units).unwrap_err();
    assert_eq!(place(&e), (Some("S"), Some("D2"), Some(2), Some("crimes_solved")));
    assert!(e.message.ends_with("w.xlsx, sheet 'S', cell C2 (row 2, column 'crimes_recorded'))"), "{e}");
    // Events.
    let p = workbook(dir.path(), "e.xlsx", "Sự kiện", &[&["date", "unit_code", "kind"], &["2024-03-01", "06808", "drug_ofence"]]);
    let e = Events::from_path(&p, &cat, &units).unwrap_err();
    assert_eq!(place(&e), (Some("Sự kiện"), Some("C2"), Some(2), Some("kind")));
    // Register.
    let p = workbook(dir.path(), "r.xlsx", "Đăng ký", &[&["unit_code", "track", "entry_date"], &["07192", "make_clean", "01/05/2024x"]]);
    let e = Register::from_path(&p, &cat, &units).unwrap_err();
    assert_eq!(place(&e), (Some("Đăng ký"), Some("C2"), Some(2), Some("entry_date")));
    // A unit list.
    let p = workbook(dir.path(), "u.xlsx", "Xã", &[&["code", "name", "level", "division_type", "parent_code"], &["22", "Quảng Ninh", "province", "tỉnh", ""], &["193", "Hạ Long", "county", "thành phố", "22"]]);
    let e = UnitRegistry::from_csv_path(&p).unwrap_err();
    assert_eq!(place(&e), (Some("Xã"), Some("C3"), Some(3), Some("level")));
    let p = workbook(dir.path(), "u2.xlsx", "Xã", &[&["code", "name", "level", "division_type", "parent_code"], &["22", "Quảng Ninh", "province", "tỉnh", "99"]]);
    let e = UnitRegistry::from_csv_path(&p).unwrap_err();
    assert_eq!(place(&e), (Some("Xã"), Some("E2"), Some(2), Some("parent_code")), "a check after the reading names the cell too");
}

#[test]
fn a_unit_list_kept_as_a_workbook_is_the_registry_of_its_csv() {
    let book = UnitRegistry::from_csv_path(&fixture("units-2024.xlsx")).unwrap();
    // The 2024 list alone (the built-in registry holds every structure since).
    assert_eq!(book.units(), UnitRegistry::builtin_2024().units());
    assert!(book.warnings().is_empty(), "{:?}", book.warnings());
    let named = UnitRegistry::from_source(&Source::new(&fixture("units-2024.xlsx"), None).unwrap()).unwrap();
    assert!(named.same_as(&book));
}

#[test]
fn a_reused_code_in_a_workbook_is_placed_by_its_structure_column_and_refused_without() {
    // 06652 is Phường Hà Phong until 30/6/2025 and Phường Hà Tu from 1/7/2025.
    let dir = tempfile::tempdir().unwrap();
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    let rows: &[&[&str]] = &[
        &["unit_code", "period", "structure", "crimes_recorded"],
        &["06652", "2025", "2024-11-01", "3"],
        &["06652", "2025", "2025-07-01", "5"],
        &["06652", "2025-Q4", "", "2"],
    ];
    let ds = Dataset::from_path(&workbook(dir.path(), "f.xlsx", "2025", rows), &cat, &units).unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(String, String, Option<String>, String)> = ds.records_in().into_iter().map(|(u, p, s, _, x)| (u.to_string(), p.to_string(), s.map(str::to_string), x.decimal_text())).collect();
    assert_eq!(
        got,
        [
            ("06652".to_string(), "2025".to_string(), Some("2024-11-01".to_string()), "3".to_string()),
            ("06652".to_string(), "2025".to_string(), Some("2025-07-01".to_string()), "5".to_string()),
            ("06652".to_string(), "2025-Q4".to_string(), None, "2".to_string()),
        ]
    );
    // The year 2025 without a structure: refused at the code's cell, never put on either unit.
    let p = workbook(dir.path(), "g.xlsx", "2025", &[&["unit_code", "period", "structure", "crimes_recorded"], &["06652", "2025", "", "4"]]);
    let e = Dataset::from_path(&p, &cat, &units).unwrap_err();
    assert_eq!(place(&e), (Some("2025"), Some("A2"), Some(2), Some("unit_code")));
    assert!(e.expected.as_deref().unwrap_or_default().contains("'structure' column"), "{e}");
    // A structure the registry does not have is named at its own cell.
    let p = workbook(dir.path(), "h.xlsx", "2025", &[&["unit_code", "period", "structure", "crimes_recorded"], &["06652", "2025", "2030-99", "4"]]);
    let e = Dataset::from_path(&p, &cat, &units).unwrap_err();
    assert_eq!(place(&e), (Some("2025"), Some("C2"), Some(2), Some("structure")));
}

#[test]
fn a_lineage_and_a_later_unit_list_kept_as_workbooks_are_read_as_their_csv() {
    // The built-in structures, given back as files: the 2025 list and the lineage as workbooks.
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let as_book = |csv: &str, name: &str, sheet: &str| {
        let text = std::fs::read_to_string(data.join(csv)).unwrap();
        let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        workbook(dir.path(), name, sheet, &rows)
    };
    let units_2025 = as_book("quang-ninh-units-2025-07.csv", "units-2025.xlsx", "Xã");
    let lineage = as_book("quang-ninh-lineage.csv", "lineage.xlsx", "Sáp nhập");
    let units_2024 = data.join("quang-ninh-units-2024.csv");
    let from_books = chitieu_core::structures::load_paths(&[&units_2024, &units_2025], &[&lineage]).unwrap_or_else(|e| panic!("{e}"));
    let from_csv = chitieu_core::structures::load_paths(&[&units_2024, &data.join("quang-ninh-units-2025-07.csv")], &[&data.join("quang-ninh-lineage.csv")]).unwrap();
    assert_eq!(from_books.units(), from_csv.units());
    assert_eq!(from_books.lineage().links().len(), from_csv.lineage().links().len());
    // A bad row of the lineage names its sheet and row.
    let bad = workbook(dir.path(), "bad.xlsx", "Sáp nhập", &[&["effective", "old_code", "new_code", "kind"], &["2025-07-01", "06652", "06652", "merged"]]);
    let e = chitieu_core::structures::load_paths(&[], &[&bad]).unwrap_err();
    assert_eq!(place(&e), (Some("Sáp nhập"), Some("D2"), Some(2), Some("kind")));
}
