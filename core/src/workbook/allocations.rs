//! The allocations workbook: every recipient of every allocation table
//! against its share, and whether the shares add up to the stated totals.

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use super::{array, decimal, finish, period_title, pick, text, Cell, Sheet, Styles};
use crate::error::Error;
use crate::evaluation::AllocationProgress;
use crate::format::status_word;
use crate::period::Period;
use crate::Lang;

/// The allocation progress of `period` (from `dataset`) in `lang`, as the bytes of an .xlsx file.
pub fn allocations(reports: &[AllocationProgress], period: Period, dataset: &str, synthetic: bool, lang: Lang) -> Result<Vec<u8>, Error> {
    let tables: Vec<Value> = reports.iter().map(|r| r.to_json(lang)).collect();
    let st = Styles::new();
    let mut book = Workbook::new();
    let title = |what: &str| period_title(what, &period, dataset, lang);
    let mut rows = Vec::new();
    let mut totals = Vec::new();
    for t in &tables {
        let columns: &[Value] = array(t, "columns");
        for c in columns {
            let adds_up = c.get("adds_up").and_then(Value::as_bool) == Some(true);
            totals.push(vec![
                Cell::Text(text(t, "table")),
                Cell::Text(text(c, "target")),
                Cell::Long(text(c, "name")),
                decimal(c, "sum_of_shares"),
                decimal(c, "stated_total"),
                Cell::Status(if adds_up { "met" } else { "not_met" }.to_string(), pick(lang, if adds_up { "khớp" } else { "KHÔNG KHỚP" }, if adds_up { "adds up" } else { "DOES NOT ADD UP" }).to_string()),
            ]);
        }
        for r in array(t, "rows") {
            for (cell, c) in array(r, "cells").iter().zip(columns) {
                let s = text(cell, "status");
                rows.push(vec![
                    Cell::Text(text(t, "table")),
                    Cell::Text(text(r, "unit")),
                    Cell::Text(text(r, "label")),
                    Cell::Long(text(c, "name")),
                    Cell::Text(text(c, "target")),
                    decimal(cell, "share"),
                    decimal(cell, "actual"),
                    if s.is_empty() { Cell::Text(String::new()) } else { Cell::Status(s.clone(), status_word(&s, lang).to_string()) },
                    Cell::Long(text(cell, "explanation")),
                ]);
            }
        }
    }
    let name = pick(lang, "Phân bổ", "Allocations");
    let mut sheet = Sheet::new(&mut book, name, &title(pick(lang, "TIẾN ĐỘ THEO CHỈ TIÊU ĐƯỢC GIAO", "PROGRESS AGAINST ALLOCATED SHARES")), synthetic, lang, &st)?;
    sheet.table(
        &[
            (pick(lang, "Bảng", "Table"), 40.0),
            (pick(lang, "Mã đơn vị", "Unit code"), 10.0),
            (pick(lang, "Địa phương, đơn vị", "Recipient"), 26.0),
            (pick(lang, "Chỉ tiêu", "Target"), 36.0),
            (pick(lang, "Mã chỉ tiêu", "Target id"), 30.0),
            (pick(lang, "Được giao", "Share"), 10.0),
            (pick(lang, "Thực hiện", "Actual"), 10.0),
            (pick(lang, "Trạng thái", "Status"), 14.0),
            (pick(lang, "Giải thích", "Explanation"), 80.0),
        ],
        &rows,
        &st,
    )?;
    let name = pick(lang, "Tổng", "Totals");
    let mut sheet = Sheet::new(&mut book, name, &title(pick(lang, "CỘNG CÁC DÒNG VÀ DÒNG TỔNG CỦA VĂN BẢN", "SUM OF THE ROWS AND THE TOTAL AS PRINTED")), synthetic, lang, &st)?;
    sheet.table(
        &[
            (pick(lang, "Bảng", "Table"), 40.0),
            (pick(lang, "Mã chỉ tiêu", "Target id"), 30.0),
            (pick(lang, "Chỉ tiêu", "Target"), 36.0),
            (pick(lang, "Cộng các dòng", "Sum of the rows"), 14.0),
            (pick(lang, "Dòng tổng (văn bản)", "Total row (as printed)"), 14.0),
            (pick(lang, "Khớp", "Adds up"), 16.0),
        ],
        &totals,
        &st,
    )?;
    finish(book)
}
