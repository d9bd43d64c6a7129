//! Input tables read from files made by a real spreadsheet program
//! (tests/fixtures, made by scripts/make-fixtures.sh with LibreOffice): every
//! format gives the same cells as the plain CSV, and every error names its
//! place the way issue 10 asks.

use std::path::{Path, PathBuf};

use chitieu_core::table::{Table, Want};
use chitieu_core::warning::Warning;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name)
}

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios/data").join(name)
}

fn figures() -> Want {
    Want::columns(&["unit_code", "period"])
}

/// The header and every row, as text, and the warnings.
fn read(path: &Path, want: &Want) -> (Vec<String>, Vec<Vec<String>>, Vec<Warning>) {
    let mut t = Table::open(path, want).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = t.header().to_vec();
    let mut rows = Vec::new();
    while let Some(r) = t.next_row().unwrap_or_else(|e| panic!("{e}")) {
        rows.push(r.cells().map(str::to_string).collect());
    }
    (header, rows, t.finish())
}

fn codes(w: &[Warning]) -> Vec<&str> {
    w.iter().map(|w| w.code.as_str()).collect()
}

#[test]
fn figures_read_alike_from_every_format() {
    let (header, rows, warnings) = read(&fixture("src/SoLieu.csv"), &figures());
    assert!(warnings.is_empty());
    assert_eq!(rows.len(), 15);
    for book in ["SoLieu.xlsx", "SoLieu.ods", "SoLieu.xls"] {
        let (h, r, w) = read(&fixture(book), &figures());
        assert_eq!((&h, &r), (&header, &rows), "{book}");
        // The notes sheet comes first: the figures sheet is found by its header, and the user is told.
        assert_eq!(codes(&w), ["sheet_chosen"], "{book}");
        assert!(w[0].message_en.contains("read sheet 'Huyện'"), "{}", w[0].message_en);
    }
    // LibreOffice's ';' export, with its trailing empty columns and rows, and its UTF-16 "Unicode text".
    for text in ["SoLieu-vi.csv", "SoLieu-unicode.txt"] {
        let (h, r, w) = read(&fixture(text), &figures());
        assert_eq!((&h, &r), (&header, &rows), "{text}");
        assert_eq!(codes(&w), ["empty_columns_ignored", "empty_rows_ignored"], "{text}");
    }
}

#[test]
fn formulas_text_numbers_and_blanks_read_as_the_csv_says() {
    let (header, rows, _) = read(&fixture("SoLieu.xlsx"), &figures());
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let row = |code: &str, period: &str| rows.iter().find(|r| r[0] == code && r[col("period")] == period).unwrap();
    assert_eq!(row("22", "2023")[col("criminal_cases")], "543", "=SUM(D6:D18), by its cached value");
    assert_eq!(row("198", "2023")[col("crimes_recorded")], "4", "=4/49*49");
    assert_eq!(row("194", "2023")[col("crimes_solved")], "79", "a number typed as text");
    assert_eq!(row("199", "2023")[col("period")], "2023", "a period typed as text");
    assert_eq!(row("202", "2023")[col("crimes_solved")], "", "a blank cell is missing");
}

#[test]
fn a_float_stored_as_excel_stores_it_reads_as_excel_shows_it() {
    // LibreOffice itself stores 15 digits; Excel stores 3.9999999999999996 for =4/49*49.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("excel.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["unit_code", "period", "crimes_recorded", "crimes_solved"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "22").unwrap();
    sheet.write_number(1, 1, 2023.0).unwrap();
    sheet.write_formula(1, 2, rust_xlsxwriter::Formula::new("=4/49*49").set_result("3.9999999999999996")).unwrap();
    sheet.write_number(1, 3, 0.1 + 0.2).unwrap();
    book.save(&path).unwrap();
    let xml = sheet_xml(&path, "xl/worksheets/sheet1.xml");
    assert!(xml.contains("<v>3.9999999999999996</v>"), "{xml}");
    let (_, rows, _) = read(&path, &figures());
    assert_eq!(rows, vec![vec!["22", "2023", "4", "0.3"]]);
}

fn sheet_xml(path: &Path, member: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(member).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn dates_are_dates_whatever_their_format_and_each_reader_finds_its_sheet() {
    let events = Want::columns(&["date", "unit_code", "kind"]);
    let register = Want::columns(&["unit_code", "track", "entry_date"]);
    for book in ["KH50.xlsx", "KH50.ods", "KH50.xls"] {
        for (want, csv, sheet) in [(&figures(), "figures.csv", "Số liệu"), (&events, "events.csv", "Sự kiện"), (&register, "register.csv", "Đăng ký")] {
            let (h, r, w) = read(&fixture(book), want);
            let (ch, cr, _) = read(&scenario(&format!("kh50-section8/{csv}")), want);
            assert_eq!((h, r), (ch, cr), "{book} {csv}");
            assert_eq!(w.first().map(|w| w.message_en.contains(sheet)), (sheet != "Số liệu").then_some(true), "{book} {csv}");
        }
    }
}

#[test]
fn unit_codes_kept_as_text_keep_their_leading_zero() {
    let want = Want::columns(&["code", "level", "parent_code"]);
    let (h, r, _) = read(&fixture("units-2024.xlsx"), &want);
    let (ch, cr, _) = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/quang-ninh-units-2024.csv"), &want);
    assert_eq!((h, r), (ch, cr));
}

/// The message of the first error met while reading every row.
fn error(path: &Path, want: &Want) -> String {
    let mut t = match Table::open(path, want) {
        Ok(t) => t,
        Err(e) => return e.to_string(),
    };
    loop {
        match t.next_row() {
            Ok(Some(_)) => continue,
            Ok(None) => panic!("{}: no error", path.display()),
            Err(e) => return e.to_string(),
        }
    }
}

#[test]
fn every_location_format_of_issue_10_in_an_error() {
    // A cell of a sheet: file, sheet, cell, and row and column.
    for book in ["Loi.xlsx", "Loi.ods", "Loi.xls"] {
        let e = error(&fixture(book), &figures());
        let at = format!("{}, sheet 'Huyện', cell F12 (row 12, column 'crimes_solved'): the cell holds the error #DIV/0!", fixture(book).display());
        assert!(e.starts_with(&at), "{e}");
        let e = error(&fixture(book), &figures().sheet(Some("NA")));
        assert!(e.contains("sheet 'NA', cell C2 (row 2, column 'crimes_recorded'): the cell holds the error #N/A"), "{e}");
    }
    // A sheet alone: a name that is not there, with the sheets that are.
    let e = error(&fixture("Loi.xlsx"), &figures().sheet(Some("Huyen")));
    assert!(e.ends_with("Loi.xlsx: the workbook has no sheet 'Huyen'; is 'Huyện' meant?: 'Huyen' (expected one of its sheets: 'Ghi chú', 'Huyện', 'NA')"), "{e}");
    // A sheet and a row: a sheet without the header names the first row that is not blank.
    let e = error(&fixture("SoLieu.xlsx"), &figures().sheet(Some("Ghi chú")));
    assert!(e.contains("SoLieu.xlsx, sheet 'Ghi chú', row 1: no row of the first 50 holds the header 'unit_code', 'period'"), "{e}");
    // A CSV cell: file, row and column.
    let e = error(&fixture("SoLieu-1258.csv"), &figures());
    assert!(e.contains("SoLieu-1258.csv, row 2, column 'unit_name': the text is not UTF-8"), "{e}");
    assert!(e.contains("Windows-1258") && e.contains("CSV UTF-8"), "{e}");
    // A CSV row: a field too few.
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("short.csv");
    std::fs::write(&short, "unit_code;period;crimes_recorded\n22;2023\n").unwrap();
    assert_eq!(error(&short, &figures()), format!("{}, row 2: this row has 2 fields, the header has 3 (expected as many fields as the header (a separator missing or one too many?))", short.display()));
    // The file alone: no header anywhere in any sheet.
    let e = error(&fixture("KH50.xlsx"), &Want::columns(&["code", "level"]));
    assert!(e.contains("KH50.xlsx: no sheet holds a header row with 'code', 'level' in its first 50 rows: ''Số liệu', 'Sự kiện', 'Đăng ký''"), "{e}");
}

#[test]
fn endless_devices_and_misnamed_files_are_refused_at_once() {
    let e = error(Path::new("/dev/zero"), &figures());
    assert!(e.contains("NUL byte"), "{e}");
    let e = error(Path::new("/dev/full"), &figures());
    assert!(e.contains("NUL byte"), "{e}");
    // A device behind a workbook's name is refused on its first bytes, not read on.
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("SoLieu.xlsx");
    std::os::unix::fs::symlink("/dev/zero", &fake).unwrap();
    let e = error(&fake, &figures());
    assert!(e.contains("not a workbook"), "{e}");
    // A workbook saved under a CSV name is still read as the workbook it is.
    let misnamed = dir.path().join("SoLieu.csv");
    std::fs::copy(fixture("SoLieu.xlsx"), &misnamed).unwrap();
    let (_, rows, _) = read(&misnamed, &figures());
    assert_eq!(rows.len(), 15);
}

fn bad_input(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/bad-inputs/figures").join(name)
}

/// The error of a workbook that claims more cells than chitieu reads, found
/// at opening or at the first row beyond (tests/bad-inputs/make-oversized.py).
fn refusal(name: &str) -> String {
    let path = bad_input(name);
    let mut t = match Table::open(&path, &figures()) {
        Err(e) => return e.to_string(),
        Ok(t) => t,
    };
    loop {
        match t.next_row() {
            Err(e) => return e.to_string(),
            Ok(None) => panic!("{name}: read to the end without an error"),
            Ok(Some(_)) => {}
        }
    }
}

#[test]
fn a_workbook_claiming_more_cells_than_it_holds_is_refused_at_its_sheet_with_the_limit() {
    // The .xls the fuzzer found: calamine 0.38 asked for 133 GB and aborted.
    let e = refusal("oversized-cell-beyond-iv.xls");
    assert!(e.contains("oversized-cell-beyond-iv.xls") && e.contains(", sheet '") && e.contains("beyond IV, the last of an .xls's 256 columns"), "{e}");
    // Read sparsely, a value in the last cell of a worksheet is an error at that cell.
    let e = refusal("oversized-corner-xfd1048576.xlsx");
    assert!(e.contains("oversized-corner-xfd1048576.xlsx, sheet 'SoLieu', cell XFD1048576") && e.contains("a value in a column whose header is blank (column XFD)"), "{e}");
    let e = refusal("oversized-cell-beyond-xfd.xlsx");
    assert!(e.contains("sheet 'SoLieu', cell XFE2") && e.contains("beyond the last cell of a worksheet, XFD1048576") && e.contains("at most 1048576 rows and 16384 columns"), "{e}");
    let e = refusal("oversized-shared-strings.xlsx");
    assert!(e.contains("oversized-shared-strings.xlsx: the workbook's shared strings (xl/sharedStrings.xml) claim 1000000000000 strings, more than the 40000000"), "{e}");
    let e = refusal("oversized-rows-repeated.ods");
    assert!(e.contains("oversized-rows-repeated.ods, sheet 'SoLieu'") && e.contains("6002 rows by 16384 columns") && e.contains("at most 8388608 cells"), "{e}");
    let e = refusal("oversized-columns-repeated.ods");
    assert!(e.contains("sheet 'SoLieu'") && e.contains("513 rows by 16384 columns") && e.contains("at most 8388608 cells"), "{e}");
    let e = refusal("oversized-text-spaces.ods");
    assert!(e.contains("sheet 'SoLieu'") && e.contains("2000000000 spaces"), "{e}");
}

#[test]
fn a_sheet_with_far_apart_cells_reads_its_rows_without_laying_out_the_gap() {
    // Header and one row at the top, then a blank cell's worth of text far below:
    // a dense reader would lay out 1,048,576 rows by 3 columns.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for (c, h) in ["unit_code", "period", "crimes_recorded"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "22").unwrap();
    s.write_string(1, 1, "2023").unwrap();
    s.write_number(1, 2, 100).unwrap();
    s.write_string(1_048_575, 2, " ").unwrap();
    book.save(&path).unwrap();
    let (header, rows, warnings) = read(&path, &figures());
    assert_eq!(header, ["unit_code", "period", "crimes_recorded"]);
    assert_eq!(rows, [["22", "2023", "100"]]);
    assert_eq!(codes(&warnings), ["empty_rows_ignored"]);
    assert!(warnings[0].message_en.contains("1048574 empty row(s) ignored (the first: row 3)"), "{}", warnings[0].message_en);
}
