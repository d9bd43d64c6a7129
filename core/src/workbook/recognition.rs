//! The workbook of a drug-free recognition run (select, certify, programme):
//! a summary, the communes, the districts, every criterion of every unit,
//! the gaps, the programme targets and the warnings.

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use super::scorecard::{outcome_headers, outcome_row};
use super::{array, decimal, finish, pick, text, warnings_sheet, Cell, Sheet, Styles};
use crate::certification::{Decision, Report};
use crate::error::Error;
use crate::format::status_word;
use crate::Lang;

/// The workbook of `report` in `lang`, as the bytes of an .xlsx file.
pub fn recognition(report: &Report, lang: Lang) -> Result<Vec<u8>, Error> {
    let json = report.to_json(lang);
    let list = |k: &str| -> Vec<Value> { array(&json, k).to_vec() };
    let (communes, districts, programme, warnings) = (list("communes"), list("districts"), list("programme"), list("warnings"));
    let st = Styles::new();
    let mut book = Workbook::new();
    let what = match (report.operation, lang) {
        (crate::certification::Operation::Select, Lang::Vi) => "LỰA CHỌN địa bàn xây dựng sạch ma túy",
        (crate::certification::Operation::Certify, Lang::Vi) => "CÔNG NHẬN xã, huyện sạch ma túy",
        (crate::certification::Operation::Programme, Lang::Vi) => "CHƯƠNG TRÌNH NĂM xây dựng sạch ma túy",
        (crate::certification::Operation::Select, Lang::En) => "SELECTION for the drug-free programme",
        (crate::certification::Operation::Certify, Lang::En) => "DRUG-FREE RECOGNITION",
        (crate::certification::Operation::Programme, Lang::En) => "DRUG-FREE PROGRAMME YEAR",
    };
    let title = |sheet: &str| -> Vec<String> {
        vec![
            format!("{what} — {sheet}"),
            match lang {
                Lang::Vi => format!("Kế hoạch {} — ngày xem xét {} — dữ liệu: {} (sha256 {}) — chitieu {}", report.document, report.as_of, report.dataset, report.inputs_sha256, report.chitieu_version),
                Lang::En => format!("Plan {} — review date {} — data: {} (sha256 {}) — chitieu {}", report.document, report.as_of, report.dataset, report.inputs_sha256, report.chitieu_version),
            },
        ]
    };
    let decision = |v: &Value| -> Cell {
        let s = text(v, "status");
        let words = serde_json::from_value::<Decision>(Value::String(s.clone())).map(|d| d.words(lang).to_string()).unwrap_or_else(|_| s.clone());
        Cell::Status(s, words)
    };

    let name = pick(lang, "Tổng hợp", "Summary");
    let mut summary = Sheet::new(&mut book, name, &title(name), report.synthetic, lang, &st)?;
    let mut rows = Vec::new();
    for (level, units) in [(pick(lang, "Xã", "Communes"), &communes), (pick(lang, "Huyện", "Districts"), &districts)] {
        for d in [Decision::Eligible, Decision::NotEligible, Decision::Certified, Decision::NotCertified, Decision::NoData] {
            let n = units.iter().filter(|u| text(u, "status") == d.as_str()).count();
            if n > 0 {
                rows.push(vec![Cell::Text(level.to_string()), Cell::Status(d.as_str().to_string(), d.words(lang).to_string()), Cell::Number(Some(n.to_string()))]);
            }
        }
    }
    summary.table(&[(pick(lang, "Cấp", "Level"), 14.0), (pick(lang, "Kết quả", "Result"), 24.0), (pick(lang, "Số đơn vị", "Units"), 10.0)], &rows, &st)?;

    for (sheet_name, units, communes_sheet) in [(pick(lang, "Xã", "Communes"), &communes, true), (pick(lang, "Huyện", "Districts"), &districts, false)] {
        let mut sheet = Sheet::new(&mut book, sheet_name, &title(sheet_name), report.synthetic, lang, &st)?;
        let mut headers = vec![(pick(lang, "Kết quả", "Result"), 20.0), (pick(lang, "Mã đơn vị", "Unit code"), 10.0), (pick(lang, "Tên", "Name"), 26.0)];
        if communes_sheet {
            headers.push((pick(lang, "Huyện", "District"), 22.0));
        }
        headers.extend([
            (pick(lang, "Diện", "Track"), 12.0),
            (pick(lang, "Ngày đưa vào", "Entry date"), 12.0),
            (pick(lang, "Ngày công nhận", "Recognised on"), 12.0),
            (pick(lang, "Ngày mất công nhận", "Lost on"), 12.0),
            (pick(lang, "Tiêu chí đạt", "Criteria met"), 10.0),
            (pick(lang, "Tiêu chí quyết định", "Deciding criteria"), 10.0),
            (pick(lang, "Còn vướng", "What stands in the way"), 80.0),
        ]);
        let rows: Vec<Vec<Cell>> = units
            .iter()
            .map(|u| {
                let criteria: &[Value] = array(u, "criteria");
                let deciding: Vec<&Value> = criteria.iter().filter(|c| c.get("decides").and_then(Value::as_bool) == Some(true)).collect();
                let met = deciding.iter().filter(|c| text(c, "status") == "met").count();
                let gaps: &[Value] = array(u, "gaps");
                let mut row = vec![decision(u), Cell::Text(text(u, "unit")), Cell::Text(text(u, "name"))];
                if communes_sheet {
                    row.push(Cell::Text(text(u, "district_name")));
                }
                row.extend([
                    Cell::Text(text(u, "track")),
                    Cell::Text(text(u, "entry_date")),
                    Cell::Text(text(u, "certified_on")),
                    Cell::Text(text(u, "lost_on")),
                    Cell::Number(Some(met.to_string())),
                    Cell::Number(Some(deciding.len().to_string())),
                    Cell::Long(gaps.iter().map(|g| format!("• {}", text(g, "text"))).collect::<Vec<_>>().join("\n")),
                ]);
                row
            })
            .collect();
        sheet.table(&headers, &rows, &st)?;
    }

    let name = pick(lang, "Tiêu chí", "Criteria");
    let mut sheet = Sheet::new(&mut book, name, &title(name), report.synthetic, lang, &st)?;
    let mut rows = Vec::new();
    for u in communes.iter().chain(&districts) {
        for c in array(u, "criteria") {
            let s = text(c, "status");
            let decides = c.get("decides").and_then(Value::as_bool) == Some(true);
            rows.push(vec![
                Cell::Text(text(u, "unit")),
                Cell::Text(text(u, "name")),
                Cell::Status(s.clone(), status_word(&s, lang).to_string()),
                Cell::Text(text(c, "id")),
                Cell::Long(text(c, "name")),
                Cell::Text(pick(lang, if decides { "có" } else { "không" }, if decides { "yes" } else { "no" }).to_string()),
                Cell::Long(text(c, "clause")),
                Cell::Long(text(c, "detail")),
            ]);
        }
    }
    sheet.table(
        &[
            (pick(lang, "Mã đơn vị", "Unit code"), 10.0),
            (pick(lang, "Tên", "Name"), 24.0),
            (pick(lang, "Trạng thái", "Status"), 14.0),
            (pick(lang, "Mã tiêu chí", "Criterion id"), 34.0),
            (pick(lang, "Tiêu chí", "Criterion"), 40.0),
            (pick(lang, "Quyết định", "Decides"), 10.0),
            (pick(lang, "Điều khoản", "Clause"), 30.0),
            (pick(lang, "Chi tiết", "Detail"), 80.0),
        ],
        &rows,
        &st,
    )?;

    let name = pick(lang, "Còn vướng", "Gaps");
    let mut sheet = Sheet::new(&mut book, name, &title(name), report.synthetic, lang, &st)?;
    let mut rows = Vec::new();
    for u in communes.iter().chain(&districts) {
        for g in array(u, "gaps") {
            rows.push(vec![Cell::Text(text(u, "unit")), Cell::Text(text(u, "name")), Cell::Text(text(g, "criterion")), decimal(g, "need"), Cell::Long(text(g, "text"))]);
        }
    }
    sheet.table(
        &[
            (pick(lang, "Mã đơn vị", "Unit code"), 10.0),
            (pick(lang, "Tên", "Name"), 24.0),
            (pick(lang, "Tiêu chí", "Criterion"), 34.0),
            (pick(lang, "Cần thay đổi", "Must change"), 12.0),
            (pick(lang, "Nội dung", "What"), 90.0),
        ],
        &rows,
        &st,
    )?;

    if !programme.is_empty() {
        let name = pick(lang, "Mục tiêu năm", "Programme");
        let mut sheet = Sheet::new(&mut book, name, &title(name), report.synthetic, lang, &st)?;
        let rows: Vec<Vec<Cell>> = programme.iter().map(|o| outcome_row(o, lang)).collect();
        sheet.table(&outcome_headers(lang), &rows, &st)?;
    }
    warnings_sheet(&mut book, &warnings, report.synthetic, lang, &st)?;
    finish(book)
}
