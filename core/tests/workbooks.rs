//! The workbooks chitieu writes, read back as a spreadsheet user would get
//! them: with calamine for sheets and values, and from the .xlsx XML for the
//! fill colours of status cells.

use std::io::{Cursor, Read};

use calamine::{Data, Range, Reader, Xlsx};
use chitieu_core::catalogue::Catalogue;
use chitieu_core::evaluation::{evaluate, UnitFilter};
use chitieu_core::observations::Dataset;
use chitieu_core::table::{Table, Want};
use chitieu_core::workbook::{self, Template, MET_FILL, NOT_MET_FILL};
use chitieu_core::{certification, sample, Exact, Lang, Level, Period, UnitRegistry};

fn book(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    book(bytes).worksheet_range(name).unwrap()
}

fn member(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The fill colour (RRGGBB) of a cell, from the sheet's XML and styles.xml.
fn fill(bytes: &[u8], sheet_index: usize, cell: &str) -> Option<u32> {
    let xml = member(bytes, &format!("xl/worksheets/sheet{sheet_index}.xml"));
    let at = xml.find(&format!("<c r=\"{cell}\""))?;
    let tag = &xml[at..at + xml[at..].find('>')?];
    let s: usize = tag.split(" s=\"").nth(1)?.split('"').next()?.parse().ok()?;
    let styles = member(bytes, "xl/styles.xml");
    let xfs = styles.split("<cellXfs").nth(1)?;
    let xf = xfs.split("<xf ").nth(s + 1)?;
    let fill_id: usize = xf.split("fillId=\"").nth(1)?.split('"').next()?.parse().ok()?;
    let fills = styles.split("<fills").nth(1)?.split("</fills>").next()?;
    let f = fills.split("<fill>").nth(fill_id + 1)?;
    let rgb = f.split("fgColor rgb=\"").nth(1)?.split('"').next()?;
    u32::from_str_radix(rgb.get(2..)?, 16).ok()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// The row (0-based, absolute) of the header: the first whose first cell is `first`.
fn header_row(r: &Range<Data>, first: &str) -> usize {
    (0..r.height()).find(|i| r.get((*i, 0)).map(text).as_deref() == Some(first)).unwrap()
}

#[test]
fn the_scorecard_has_a_sheet_per_level_coloured_statuses_exact_values_and_the_sample_label() {
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    let data = sample::generate(&cat, &units);
    let ev = evaluate(&cat, &units, &data, Period::Year(2023), &UnitFilter::All).unwrap();
    let bytes = workbook::scorecard(&ev, Lang::Vi).unwrap();
    let b = book(&bytes);
    // A sheet per level that has outcomes (units without figures are said once per document, not as outcomes).
    let communes = ev.outcomes.iter().any(|o| units.get(o.unit()).is_some_and(|u| u.level == chitieu_core::Level::Commune));
    let levels: &[&str] = if communes { &["Tỉnh", "Huyện", "Xã"] } else { &["Tỉnh", "Huyện"] };
    assert!(!ev.units_without_figures.is_empty(), "the 2023 sample has communes without figures");
    assert_eq!(b.sheet_names(), [&["Tổng hợp"], levels, &["Không có số liệu", "Cảnh báo"]].concat());
    // The units without figures: one row per unit and document, as in the JSON.
    let r = sheet(&bytes, "Không có số liệu");
    let top = header_row(&r, "Mã đơn vị");
    assert_eq!(r.height() - top - 1, ev.units_without_figures.len());
    let first = ev.units_without_figures.first().unwrap();
    assert_eq!(text(r.get((top + 1, 0)).unwrap()), first.unit());
    assert_eq!(text(r.get((top + 1, 5)).unwrap()), first.explanation(Lang::Vi));
    for name in b.sheet_names() {
        let r = sheet(&bytes, &name);
        let cells: Vec<String> = (0..4).filter_map(|i| r.get((i, 0)).map(text)).collect();
        assert!(cells.iter().any(|c| c.starts_with("DỮ LIỆU MẪU TỔNG HỢP")), "{name}: {cells:?}");
    }

    // Every outcome of the districts is a row, in order, with its status word, numbers and explanation.
    let json = ev.to_json(Lang::Vi);
    let districts: Vec<&serde_json::Value> = json["outcomes"].as_array().unwrap().iter().filter(|o| o["level"] == "district").collect();
    let r = sheet(&bytes, "Huyện");
    let top = header_row(&r, "Trạng thái");
    let headers: Vec<String> = (0..r.width()).map(|c| text(r.get((top, c)).unwrap())).collect();
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap();
    assert_eq!(r.height() - top - 1, districts.len());
    let (mut met, mut not_met, mut inexact) = (None, None, 0);
    for (i, o) in districts.iter().enumerate() {
        let row = top + 1 + i;
        let get = |h: &str| r.get((row, col(h))).cloned().unwrap_or(Data::Empty);
        assert_eq!(text(&get("Mã chỉ tiêu")), o["target"].as_str().unwrap());
        assert_eq!(text(&get("Mã đơn vị")), o["unit"].as_str().unwrap());
        assert_eq!(text(&get("Giải thích")), o["explanation"].as_str().unwrap());
        let word = chitieu_core::status_word(o["status"].as_str().unwrap(), Lang::Vi);
        assert_eq!(text(&get("Trạng thái")), word);
        match (o["actual"].as_str(), get("Thực tế")) {
            (Some(a), Data::Float(f)) => assert_eq!(f, a.parse::<f64>().unwrap(), "{}", o["target"]),
            (None, Data::Empty) => {}
            (a, cell) => panic!("{}: actual {a:?} written as {cell:?}", o["target"]),
        }
        let exact: Exact = o["actual_exact"].as_str().map(|f| f.parse().unwrap()).unwrap_or_else(Exact::zero);
        if exact.terminating_decimal().is_none() {
            assert_eq!(text(&get("Phân số chính xác")), exact.fraction_text());
            inexact += 1;
        }
        let cell = format!("A{}", row + 1);
        match o["status"].as_str() {
            Some("met") if met.is_none() => met = Some(cell),
            Some("not_met") if not_met.is_none() => not_met = Some(cell),
            _ => {}
        }
    }
    assert!(inexact > 0, "the sample has a rate that does not terminate");
    // Sheet 3 is 'Huyện': a met cell is green, a not-met cell red.
    assert_eq!(fill(&bytes, 3, &met.unwrap()), Some(MET_FILL));
    assert_eq!(fill(&bytes, 3, &not_met.unwrap()), Some(NOT_MET_FILL));
    // The header stays in place and has filters.
    let xml = member(&bytes, "xl/worksheets/sheet3.xml");
    assert!(xml.contains(&format!("topLeftCell=\"A{}\"", top + 2)) && xml.contains("state=\"frozen\""), "frozen header");
    assert!(xml.contains("<autoFilter ref=\"A"), "filters");
}

#[test]
fn the_summary_counts_governing_outcomes_and_english_has_no_sample_label_for_real_data() {
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    let data = chitieu_core::observations::Dataset::from_csv_str("unit_code,period,crimes_recorded,crimes_solved\n22,2023,100,79\n", "SoLieu.csv", &cat, &units).unwrap();
    let ev = evaluate(&cat, &units, &data, Period::Year(2023), &UnitFilter::Root).unwrap();
    let bytes = workbook::scorecard(&ev, Lang::En).unwrap();
    assert_eq!(book(&bytes).sheet_names(), ["Summary", "Province", "Warnings"]);
    let r = sheet(&bytes, "Summary");
    assert!((0..r.height()).all(|i| !text(r.get((i, 0)).unwrap_or(&Data::Empty)).contains("SYNTHETIC")));
    let top = header_row(&r, "Level");
    let row: Vec<String> = (0..7).map(|c| text(r.get((top + 1, c)).unwrap())).collect();
    let governing = ev.outcomes.iter().filter(|o| o.governing).count();
    let count = |s: &str| ev.outcomes.iter().filter(|o| o.governing && o.status.as_str() == s).count().to_string();
    assert_eq!(row, ["Province".to_string(), governing.to_string(), count("met"), count("not_met"), count("no_data"), count("not_applicable"), (ev.outcomes.len() - governing).to_string()]);
    assert_eq!(count("not_met"), "1", "79 of 100 solved is below 80%");
}

#[test]
fn the_recognition_workbook_lists_communes_districts_criteria_and_gaps() {
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    let inputs = sample::programme::generate(&cat, &units).unwrap();
    let report = certification::certify(&cat, &units, &inputs, "kh50", "2024-12-15".parse().unwrap()).unwrap();
    let bytes = workbook::recognition(&report, Lang::Vi).unwrap();
    assert!(!report.programme.is_empty(), "certify also evaluates the year's programme targets");
    assert_eq!(book(&bytes).sheet_names(), ["Tổng hợp", "Xã", "Huyện", "Tiêu chí", "Còn vướng", "Mục tiêu năm", "Cảnh báo"]);
    let r = sheet(&bytes, "Xã");
    let top = header_row(&r, "Kết quả");
    assert_eq!(r.height() - top - 1, report.communes.len());
    let certified = report.communes.iter().position(|u| u.status == certification::Decision::Certified).unwrap();
    let row = top + 1 + certified;
    assert_eq!(text(r.get((row, 1)).unwrap()), report.communes[certified].unit);
    assert_eq!(text(r.get((row, 0)).unwrap()), "đạt sạch ma túy");
    assert_eq!(fill(&bytes, 2, &format!("A{}", row + 1)), Some(MET_FILL));
    let gaps = sheet(&bytes, "Còn vướng");
    let n: usize = report.units().map(|u| u.gaps.len()).sum();
    assert_eq!(gaps.height() - header_row(&gaps, "Mã đơn vị") - 1, n);
    assert!(n > 0);
}

#[test]
fn the_allocations_workbook_shows_the_totals_that_do_not_add_up() {
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    let data = sample::generate(&cat, &units);
    let reports = chitieu_core::evaluation::allocation_progress(&cat, &units, &data, Period::Year(2023)).unwrap();
    let bytes = workbook::allocations(&reports, Period::Year(2023), &data.name, data.synthetic, Lang::En).unwrap();
    assert_eq!(book(&bytes).sheet_names(), ["Allocations", "Totals"]);
    let r = sheet(&bytes, "Totals");
    let top = header_row(&r, "Table");
    let rows: Vec<Vec<String>> = (top + 1..r.height()).map(|i| (0..6).map(|c| text(r.get((i, c)).unwrap_or(&Data::Empty))).collect()).collect();
    assert!(rows.iter().any(|row| row[3] == "590" && row[4] == "580" && row[5] == "DOES NOT ADD UP"), "{rows:?}");
}

/// A copy of a zipped workbook with one member rewritten.
fn rewrite(bytes: &[u8], member: &str, edit: &dyn Fn(String) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut content = Vec::new();
        f.read_to_end(&mut content).unwrap();
        if name == member {
            content = edit(String::from_utf8(content).unwrap()).into_bytes();
        }
        // An OpenDocument file's first member, its type, stays stored uncompressed.
        let options = zip::write::SimpleFileOptions::default().compression_method(if name == "mimetype" { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated });
        out.start_file(name, options).unwrap();
        std::io::Write::write_all(&mut out, &content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A filled copy of a template: every input cell of the xlsx gets a value
/// (the way a user types numbers), by editing the sheet's XML.
fn fill_xlsx(bytes: &[u8], value: &dyn Fn(usize, usize) -> Option<String>) -> Vec<u8> {
    rewrite(bytes, "xl/worksheets/sheet1.xml", &|mut xml| {
            let mut pos = 0;
            // Blank input cells are written as <c r="D5" s="N"/>.
            while let Some(at) = xml[pos..].find("<c r=\"").map(|a| a + pos) {
                let end = at + xml[at..].find('>').unwrap();
                let tag = xml[at..=end].to_string();
                pos = end;
                if !tag.ends_with("/>") {
                    continue;
                }
                let reference = tag.split('"').nth(1).unwrap();
                let col = reference.bytes().take_while(u8::is_ascii_uppercase).fold(0, |n, b| n * 26 + (b - b'A' + 1) as usize) - 1;
                let row: usize = reference.trim_start_matches(|c: char| c.is_ascii_uppercase()).parse().unwrap();
                if let Some(v) = value(row, col) {
                    let filled = format!("{}><v>{v}</v></c>", tag.trim_end_matches("/>"));
                    xml.replace_range(at..=end, &filled);
                    pos = at + filled.len();
                }
            }
        xml
    })
}

/// The same for an OpenDocument spreadsheet as LibreOffice saved it: the
/// cells of each row are expanded from their repeats and the input cells
/// (empty, with a validation) get a number.
fn fill_ods(bytes: &[u8], value: &dyn Fn(usize, usize) -> Option<String>) -> Vec<u8> {
    rewrite(bytes, "content.xml", &|xml| {
        let mut out = String::new();
        let mut rest = xml.as_str();
        let mut row = 0;
        while let Some(at) = rest.find("<table:table-row") {
            out.push_str(&rest[..at]);
            let end = at + rest[at..].find("</table:table-row>").unwrap() + "</table:table-row>".len();
            let body = &rest[at..end];
            row += 1;
            let open_end = body.find('>').unwrap() + 1;
            out.push_str(&body[..open_end]);
            let mut cells = &body[open_end..body.len() - "</table:table-row>".len()];
            let mut col = 0;
            while !cells.is_empty() {
                let close = if cells[..cells.find('>').unwrap()].ends_with('/') { cells.find('>').unwrap() + 1 } else { cells.find("</table:table-cell>").unwrap() + "</table:table-cell>".len() };
                let cell = &cells[..close];
                let repeat: usize = cell.split("table:number-columns-repeated=\"").nth(1).map_or(1, |r| r.split('"').next().unwrap().parse().unwrap());
                let input = cell.ends_with("/>") && cell.contains("table:content-validation-name");
                for _ in 0..repeat.min(64) {
                    match value(row, col).filter(|_| input) {
                        Some(v) => out.push_str(&format!(
                            "{} office:value-type=\"float\" office:value=\"{v}\" calcext:value-type=\"float\"><text:p>{v}</text:p></table:table-cell>",
                            cell.trim_end_matches("/>").replace(&format!(" table:number-columns-repeated=\"{repeat}\""), "")
                        )),
                        None if repeat > 64 => {
                            out.push_str(cell);
                            break;
                        }
                        None => out.push_str(&cell.replace(&format!(" table:number-columns-repeated=\"{repeat}\""), "")),
                    }
                    col += 1;
                }
                cells = &cells[close..];
            }
            out.push_str("</table:table-row>");
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    })
}

#[test]
fn a_filled_template_reads_back_as_the_equivalent_csv() {
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    let t = Template::new(&cat, &units, Period::Year(2023), Some(Level::District), Some("nq314")).unwrap();
    let bytes = t.to_xlsx().unwrap();
    // What the template validates, and what each column's message names.
    let xml = member(&bytes, "xl/worksheets/sheet1.xml");
    let crimes = t.columns.iter().position(|c| c.variable == "crimes_solved").unwrap();
    assert!(xml.contains("type=\"whole\" operator=\"greaterThanOrEqual\""), "counts are whole numbers >= 0");
    assert!(xml.contains("nq314.crime.clearance_rate"), "the input message names the target");
    assert!(xml.contains(&format!("promptTitle=\"{}\"", t.columns[crimes].variable)));

    let value = |row: usize, col: usize| -> Option<String> {
        // Rows start under the header (row 4); leave one cell blank: it stays missing.
        let (r, c) = (row.checked_sub(5)?, col.checked_sub(3)?);
        let column = t.columns.get(c)?;
        // Parts below their wholes, percentages within 100: figures a province could report.
        // (a part of a part of a whole is at depth 2: each level at most half the one above).
        let depth = std::iter::successors(cat.variable(&column.variable), |v| v.part_of.first().and_then(|w| cat.variable(w))).count() - 1;
        (r != 1 || c != 0).then(|| match column.kind {
            chitieu_core::catalogue::VariableKind::Flag => ((r + c) % 2).to_string(),
            chitieu_core::catalogue::VariableKind::Percent => (40 + (r + c) % 50).to_string(),
            _ => ((10_000 >> depth) + r + c % 7).to_string(),
        })
    };
    // The template as written, and as LibreOffice saved it in OpenDocument
    // (tests/fixtures/MauNhapLieu-2023.ods, made by scripts/make-fixtures.sh).
    let ods = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/MauNhapLieu-2023.ods")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let xlsx_path = dir.path().join("MauNhapLieu.xlsx");
    std::fs::write(&xlsx_path, fill_xlsx(&bytes, &value)).unwrap();
    let ods_path = dir.path().join("MauNhapLieu.ods");
    std::fs::write(&ods_path, fill_ods(&ods, &value)).unwrap();

    // The equivalent CSV, written from the same values.
    let mut csv = t.header().join(",");
    csv.push('\n');
    for (r, (code, name, period, _)) in t.rows.iter().enumerate() {
        let cells: Vec<String> = (0..t.columns.len()).map(|c| value(r + 5, c + 3).unwrap_or_default()).collect();
        csv.push_str(&format!("{code},\"{name}\",{period},{}\n", cells.join(",")));
    }
    let read = |table: &mut Table| -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        while let Some(r) = table.next_row().unwrap() {
            rows.push(r.cells().map(str::to_string).collect());
        }
        rows
    };
    let want = Want::columns(&["unit_code", "period"]);
    let expected = read(&mut Table::from_csv_text(&csv, "MauNhapLieu.csv", &want).unwrap());
    for path in [&xlsx_path, &ods_path] {
        let mut from_book = Table::open(path, &want).unwrap();
        assert_eq!(from_book.header(), t.header().as_slice(), "{}: a stale fixture? run scripts/make-fixtures.sh", path.display());
        assert_eq!(from_book.locator().header_row(), 4);
        let rows = read(&mut from_book);
        assert_eq!(rows.len(), t.rows.len());
        assert_eq!(rows, expected, "{}", path.display());
        assert_eq!(rows[1][3], "", "the cell left blank is missing");
    }
    // And it decides as the CSV does.
    let outcomes = |ds: &Dataset| evaluate(&cat, &units, ds, Period::Year(2023), &UnitFilter::All).unwrap().to_json(Lang::En)["outcomes"].clone();
    let want = outcomes(&Dataset::from_csv_str(&csv, "MauNhapLieu.csv", &cat, &units).unwrap());
    assert!(want.as_array().unwrap().iter().any(|o| o["status"] == "met" || o["status"] == "not_met"), "the figures decide something");
    for path in [&xlsx_path, &ods_path] {
        assert_eq!(outcomes(&Dataset::from_path(path, &cat, &units).unwrap()), want, "{}", path.display());
    }
}

#[test]
fn a_template_lists_the_units_in_force_for_its_period_and_names_the_structure_of_a_reused_code() {
    let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
    // 2023: the 2024 structure alone (the documents' 13 districts), no structure column.
    let t = Template::new(&cat, &units, Period::Year(2023), Some(Level::District), Some("nq314")).unwrap();
    assert_eq!(t.rows.iter().filter(|r| r.2 == Period::Year(2023)).count(), 13);
    assert!(!t.header().contains(&"structure".to_string()));
    // 2025 at the communes: both structures of the year; 06652 is two units, each row says which.
    let t = Template::new(&cat, &units, Period::Year(2025), Some(Level::Commune), None).unwrap();
    assert_eq!(t.header().get(3).map(String::as_str), Some("structure"));
    let reused: Vec<Option<&str>> = t.rows.iter().filter(|r| r.0 == "06652" && r.2 == Period::Year(2025)).map(|r| r.3.as_deref()).collect();
    assert_eq!(reused, [Some("2024-11-01"), Some("2025-07-01")]);
    assert!(t.rows.iter().all(|r| units.versions(&r.0).iter().any(|v| units.valid_during(*v, &r.2))), "every row's unit exists during its period");
    // Filled in, every row is placed (a figure of 1 for each variable the row needs is a valid count, flag or percent).
    let mut csv = t.header().join(",");
    csv.push('\n');
    for (code, name, period, structure) in &t.rows {
        let cells = vec!["1"; t.columns.len()].join(",");
        csv.push_str(&format!("{code},\"{name}\",{period},{},{cells}\n", structure.as_deref().unwrap_or("")));
    }
    let ds = Dataset::from_csv_str(&csv, "MauNhapLieu-2025.csv", &cat, &units).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ds.records_in().iter().filter(|r| r.0 == "06652" && r.1 == Period::Year(2025)).map(|r| r.2).collect::<std::collections::BTreeSet<_>>().len(), 2);
}
