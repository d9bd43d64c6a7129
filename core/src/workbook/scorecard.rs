//! The scorecard workbook of an evaluation: a summary sheet, one sheet per
//! level with one row per outcome, the units without any figure a document
//! needs (one row per unit and document, as in the JSON), and the warnings.

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use super::{array, decimal, finish, fraction_if_inexact, period_title, pick, text, warnings_sheet, Cell, Sheet, Styles};
use crate::error::Error;
use crate::evaluation::Evaluation;
use crate::format::status_word;
use crate::units::Level;
use crate::Lang;

/// The statuses in the order the summary counts them.
const STATUSES: [&str; 4] = ["met", "not_met", "no_data", "not_applicable"];

/// The scorecard of `ev` in `lang`, as the bytes of an .xlsx file.
pub fn scorecard(ev: &Evaluation, lang: Lang) -> Result<Vec<u8>, Error> {
    let json = ev.to_json(lang);
    let outcomes: &[Value] = array(&json, "outcomes");
    let warnings: &[Value] = array(&json, "warnings");
    let without: &[Value] = array(&json, "units_without_figures");
    let st = Styles::new();
    let mut book = Workbook::new();
    let title = |what: &str| period_title(what, &ev.period, &ev.dataset, lang);
    let levels = [Level::Province, Level::District, Level::Commune];
    let of_level = |l: Level| -> Vec<&Value> { outcomes.iter().filter(|o| o.get("level").and_then(Value::as_str) == Some(l.name(Lang::En))).collect() };

    let mut summary = Sheet::new(&mut book, pick(lang, "Tổng hợp", "Summary"), &title(pick(lang, "BẢNG ĐIỂM CHỈ TIÊU — TỔNG HỢP", "TARGET SCORECARD — SUMMARY")), ev.synthetic, lang, &st)?;
    let mut rows = Vec::new();
    for l in levels {
        let os = of_level(l);
        if os.is_empty() {
            continue;
        }
        let governing: Vec<&&Value> = os.iter().filter(|o| o.get("governing").and_then(Value::as_bool) != Some(false)).collect();
        let mut row = vec![Cell::Text(level_sheet(l, lang).to_string()), Cell::Number(Some(governing.len().to_string()))];
        for s in STATUSES {
            let n = governing.iter().filter(|o| o.get("status").and_then(Value::as_str) == Some(s)).count();
            row.push(Cell::Number(Some(n.to_string())));
        }
        row.push(Cell::Number(Some((os.len() - governing.len()).to_string())));
        rows.push(row);
    }
    let word = |s: &str| status_word(s, lang);
    let headers: Vec<(String, f64)> = [
        (pick(lang, "Cấp", "Level").to_string(), 14.0),
        (pick(lang, "Chỉ tiêu áp dụng", "Governing targets").to_string(), 14.0),
        (word("met").to_string(), 12.0),
        (word("not_met").to_string(), 12.0),
        (word("no_data").to_string(), 14.0),
        (word("not_applicable").to_string(), 14.0),
        (pick(lang, "Bị thay thế bởi chỉ tiêu cao hơn", "Superseded by a more demanding target").to_string(), 22.0),
    ]
    .into_iter()
    .collect();
    let headers: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
    summary.table(&headers, &rows, &st)?;

    for l in levels {
        let os = of_level(l);
        if os.is_empty() {
            continue;
        }
        let heading = match lang {
            Lang::Vi => format!("BẢNG ĐIỂM CHỈ TIÊU — CẤP {}", l.name(lang).to_uppercase()),
            Lang::En => format!("TARGET SCORECARD — {}", level_sheet(l, lang).to_uppercase()),
        };
        let mut sheet = Sheet::new(&mut book, level_sheet(l, lang), &title(&heading), ev.synthetic, lang, &st)?;
        let rows: Vec<Vec<Cell>> = os.iter().map(|o| outcome_row(o, lang)).collect();
        sheet.table(&outcome_headers(lang), &rows, &st)?;
    }
    if !without.is_empty() {
        let name = pick(lang, "Không có số liệu", "Without figures");
        let heading = pick(lang, "ĐƠN VỊ KHÔNG CÓ SỐ LIỆU CHO CÁC CHỈ TIÊU CỦA VĂN BẢN", "UNITS WITHOUT FIGURES FOR A DOCUMENT'S TARGETS");
        let mut sheet = Sheet::new(&mut book, name, &title(heading), ev.synthetic, lang, &st)?;
        let rows: Vec<Vec<Cell>> = without
            .iter()
            .map(|w| {
                let level = w.get("level").and_then(Value::as_str).and_then(|l| l.parse::<Level>().ok()).map_or_else(|| text(w, "level"), |l| l.name(lang).to_string());
                vec![Cell::Text(text(w, "unit")), Cell::Text(text(w, "unit_name")), Cell::Text(level), Cell::Text(text(w, "document")), Cell::Number(Some(text(w, "targets"))), Cell::Long(text(w, "explanation"))]
            })
            .collect();
        let headers = [
            (pick(lang, "Mã đơn vị", "Unit code"), 12.0),
            (pick(lang, "Đơn vị", "Unit"), 28.0),
            (pick(lang, "Cấp", "Level"), 10.0),
            (pick(lang, "Văn bản", "Document"), 22.0),
            (pick(lang, "Số chỉ tiêu", "Targets"), 10.0),
            (pick(lang, "Giải thích", "Explanation"), 90.0),
        ];
        sheet.table(&headers, &rows, &st)?;
    }
    warnings_sheet(&mut book, warnings, ev.synthetic, lang, &st)?;
    finish(book)
}

/// The sheet of a level.
fn level_sheet(l: Level, lang: Lang) -> &'static str {
    match l {
        Level::Province => pick(lang, "Tỉnh", "Province"),
        Level::District => pick(lang, "Huyện", "Districts"),
        Level::Commune => pick(lang, "Xã", "Communes"),
    }
}

/// The columns of an outcome row (also the programme targets of a recognition run).
pub(super) fn outcome_headers(lang: Lang) -> Vec<(&'static str, f64)> {
    vec![
        (pick(lang, "Trạng thái", "Status"), 14.0),
        (pick(lang, "Mã chỉ tiêu", "Target id"), 30.0),
        (pick(lang, "Chỉ tiêu", "Target"), 40.0),
        (pick(lang, "Mã đơn vị", "Unit code"), 10.0),
        (pick(lang, "Đơn vị", "Unit"), 24.0),
        (pick(lang, "Kỳ", "Period"), 10.0),
        (pick(lang, "Thực tế", "Actual"), 12.0),
        (pick(lang, "Phân số chính xác", "Exact fraction"), 14.0),
        (pick(lang, "Đơn vị đo", "Measured in"), 10.0),
        (pick(lang, "Yêu cầu", "Requirement"), 30.0),
        (pick(lang, "Giá trị yêu cầu", "Required value"), 12.0),
        (pick(lang, "Chênh lệch (điểm % với tỷ lệ)", "Margin (points for rates)"), 14.0),
        (pick(lang, "Tử số", "Numerator"), 10.0),
        (pick(lang, "Mẫu số", "Denominator"), 10.0),
        (pick(lang, "Kỳ gốc", "Baseline period"), 10.0),
        (pick(lang, "Giá trị kỳ gốc", "Baseline value"), 12.0),
        (pick(lang, "Áp dụng", "Governing"), 10.0),
        (pick(lang, "Thay bởi", "Superseded by"), 24.0),
        (pick(lang, "Văn bản", "Document"), 18.0),
        (pick(lang, "Điều khoản", "Clause"), 30.0),
        (pick(lang, "Giải thích", "Explanation"), 80.0),
        (pick(lang, "Cách hiểu", "Interpretation"), 40.0),
    ]
}

/// One outcome (its public JSON) as a row.
pub(super) fn outcome_row(o: &Value, lang: Lang) -> Vec<Cell> {
    let status = text(o, "status");
    let words = status_word(&status, lang).to_string();
    let measured = match (o.get("measure_unit").and_then(Value::as_str), lang) {
        (Some("percent"), _) => "%",
        (Some(_), Lang::Vi) => "số",
        (Some(_), Lang::En) => "number",
        (None, _) => "",
    };
    let baseline = o.get("baseline").cloned().unwrap_or(Value::Null);
    let governing = o.get("governing").and_then(Value::as_bool) != Some(false);
    vec![
        Cell::Status(status, words),
        Cell::Text(text(o, "target")),
        Cell::Long(text(o, "name")),
        Cell::Text(text(o, "unit")),
        Cell::Text(text(o, "unit_name")),
        Cell::Text(text(o, "period")),
        decimal(o, "actual"),
        fraction_if_inexact(o),
        Cell::Text(measured.to_string()),
        Cell::Long(text(o, "required")),
        decimal(o, "required_value"),
        decimal(o, "margin"),
        decimal(o, "numerator"),
        decimal(o, "denominator"),
        Cell::Text(text(&baseline, "period")),
        decimal(&baseline, "value"),
        Cell::Text(pick(lang, if governing { "có" } else { "không" }, if governing { "yes" } else { "no" }).to_string()),
        Cell::Text(text(o, "superseded_by")),
        Cell::Text(text(o, "document")),
        Cell::Long(text(o, "clause")),
        Cell::Long(text(o, "explanation")),
        Cell::Long(text(o, "interpretation")),
    ]
}
