//! Workbooks out: results as .xlsx files a provincial office can open,
//! filter and forward, written with rust_xlsxwriter.
//!
//! - [`scorecard`]: an evaluation, one sheet per level (province, districts,
//!   communes) after a summary sheet, warnings on their own sheet;
//! - [`recognition`]: a drug-free recognition run (communes, districts,
//!   criteria, gaps, programme targets);
//! - [`allocations`]: each recipient against its share of a split target;
//! - [`template`]: a data-entry workbook whose filled copy goes straight back
//!   into `evaluate --data`.
//!
//! Every result sheet has a title block, a header row that stays in place
//! (frozen panes) and filters; statuses are coloured (met green, not met red,
//! no data amber, not applicable grey) and worded in the chosen language;
//! numbers are numbers (an exact fraction that does not terminate is given
//! beside as text, e.g. `2/3`); the synthetic-sample label stands on every
//! sheet when the built-in sample was used. The writers read results through
//! their public JSON (the contract shared with the C ABI and Python), so a
//! workbook says exactly what the JSON says. Each returns the file's bytes;
//! the caller writes them whole or not at all ([`save`] does, for the C ABI
//! and Python).

mod allocations;
mod recognition;
mod scorecard;
mod template;

use std::path::Path;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use serde_json::Value;

use crate::error::Error;
use crate::Lang;

pub use allocations::allocations;
pub use recognition::recognition;
pub use scorecard::scorecard;
pub use template::{template, Template, TemplateColumn};

/// The fill and font colours of a status: met, not met, no data, not applicable.
pub const MET_FILL: u32 = 0xC6EFCE;
pub const NOT_MET_FILL: u32 = 0xFFC7CE;
pub const NO_DATA_FILL: u32 = 0xFFEB9C;
pub const NOT_APPLICABLE_FILL: u32 = 0xE7E6E6;

/// Writes a workbook's bytes to `path` whole or not at all (see
/// [`crate::output`]): never half a workbook, nor damage to one already there.
pub fn save(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    crate::output::write_whole(path, bytes).map_err(|e| Error::Invalid(format!("{}: cannot write the workbook: {e}", path.display())))
}

fn write_error(e: XlsxError) -> Error {
    Error::Invalid(format!("cannot write the workbook: {e}"))
}

/// The formats a result sheet uses.
struct Styles {
    title: Format,
    label: Format,
    header: Format,
    text: Format,
    wrap: Format,
    number: Format,
    met: Format,
    not_met: Format,
    no_data: Format,
    not_applicable: Format,
}

impl Styles {
    fn new() -> Styles {
        let status = |fill: u32, font: u32| Format::new().set_background_color(Color::RGB(fill)).set_font_color(Color::RGB(font)).set_bold().set_border(FormatBorder::Thin);
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold().set_font_color(Color::RGB(0xC00000)),
            header: Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top).set_background_color(Color::RGB(0xD9E1F2)).set_border(FormatBorder::Thin),
            text: Format::new().set_num_format("@"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            number: Format::new().set_num_format("General"),
            met: status(MET_FILL, 0x006100),
            not_met: status(NOT_MET_FILL, 0x9C0006),
            no_data: status(NO_DATA_FILL, 0x9C5700),
            not_applicable: status(NOT_APPLICABLE_FILL, 0x595959),
        }
    }

    /// The format of a status cell, by the public status names (and the
    /// recognition decisions, which read as met or not met).
    fn status(&self, status: &str) -> &Format {
        match status {
            "met" | "certified" | "eligible" => &self.met,
            "not_met" | "not_certified" | "not_eligible" => &self.not_met,
            "no_data" => &self.no_data,
            _ => &self.not_applicable,
        }
    }
}

/// One cell of a result row.
enum Cell {
    Text(String),
    /// Text that wraps (explanations).
    Long(String),
    /// A decimal text from the JSON, written as a number.
    Number(Option<String>),
    /// A status (public name) and its words.
    Status(String, String),
}

/// A sheet of results: a title block, then a table with a frozen, filtered header.
struct Sheet<'w> {
    ws: &'w mut Worksheet,
    row: u32,
}

impl<'w> Sheet<'w> {
    /// Adds a sheet named `name` with its title lines and, when `synthetic`, the sample label.
    fn new(book: &'w mut Workbook, name: &str, title: &[String], synthetic: bool, lang: Lang, st: &Styles) -> Result<Sheet<'w>, Error> {
        let ws = book.add_worksheet();
        ws.set_name(name).map_err(write_error)?;
        let mut row = 0;
        for (i, t) in title.iter().enumerate() {
            if i == 0 {
                ws.write_string_with_format(row, 0, t, &st.title).map_err(write_error)?;
            } else {
                ws.write_string(row, 0, t).map_err(write_error)?;
            }
            row += 1;
        }
        if synthetic {
            ws.write_string_with_format(row, 0, synthetic_label(lang), &st.label).map_err(write_error)?;
            row += 1;
        }
        Ok(Sheet { ws, row: row + 1 })
    }

    /// Writes a table: the header (frozen, with filters), then the rows.
    fn table(&mut self, headers: &[(&str, f64)], rows: &[Vec<Cell>], st: &Styles) -> Result<(), Error> {
        let top = self.row;
        for (c, (h, width)) in headers.iter().enumerate() {
            let c = c as u16;
            self.ws.write_string_with_format(top, c, *h, &st.header).map_err(write_error)?;
            self.ws.set_column_width(c, *width).map_err(write_error)?;
        }
        for (r, cells) in rows.iter().enumerate() {
            let r = top + 1 + r as u32;
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) if t.is_empty() => {}
                    Cell::Text(t) => {
                        self.ws.write_string_with_format(r, c, t, &st.text).map_err(write_error)?;
                    }
                    Cell::Long(t) => {
                        self.ws.write_string_with_format(r, c, t, &st.wrap).map_err(write_error)?;
                    }
                    Cell::Number(Some(t)) => match t.parse::<f64>() {
                        Ok(x) => {
                            self.ws.write_number_with_format(r, c, x, &st.number).map_err(write_error)?;
                        }
                        Err(_) => {
                            self.ws.write_string(r, c, t).map_err(write_error)?;
                        }
                    },
                    Cell::Number(None) => {}
                    Cell::Status(s, words) => {
                        self.ws.write_string_with_format(r, c, words, st.status(s)).map_err(write_error)?;
                    }
                }
            }
        }
        let last_row = top + rows.len() as u32;
        let last_col = headers.len().saturating_sub(1) as u16;
        self.ws.set_freeze_panes(top + 1, 0).map_err(write_error)?;
        self.ws.autofilter(top, 0, last_row, last_col).map_err(write_error)?;
        self.row = last_row + 2;
        Ok(())
    }
}

/// The label every sheet of the built-in sample carries.
fn synthetic_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "DỮ LIỆU MẪU TỔNG HỢP (giả lập) — không phải số liệu thật của tỉnh",
        Lang::En => "SYNTHETIC SAMPLE DATA — not real figures of the province",
    }
}

fn pick(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// The title block of a period's results: what, then period, data and version.
fn period_title(what: &str, period: &crate::Period, dataset: &str, lang: Lang) -> Vec<String> {
    vec![
        what.to_string(),
        match lang {
            Lang::Vi => format!("Kỳ {period} — dữ liệu: {dataset} — chitieu {}", crate::VERSION),
            Lang::En => format!("Period {period} — data: {dataset} — chitieu {}", crate::VERSION),
        },
    ]
}

/// A JSON array field (empty when absent).
fn array<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A JSON field as text ("" for null).
fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A JSON decimal field, for a number cell.
fn decimal(v: &Value, key: &str) -> Cell {
    Cell::Number(v.get(key).and_then(Value::as_str).map(str::to_string))
}

/// The exact fraction beside a value, only when its decimal does not terminate.
fn fraction_if_inexact(v: &Value) -> Cell {
    let exact = v.get("actual_exact").and_then(Value::as_str).and_then(|f| f.parse::<crate::Exact>().ok());
    match exact {
        Some(x) if x.terminating_decimal().is_none() => Cell::Text(x.fraction_text()),
        _ => Cell::Text(String::new()),
    }
}

/// The warnings sheet.
fn warnings_sheet(book: &mut Workbook, warnings: &[Value], synthetic: bool, lang: Lang, st: &Styles) -> Result<(), Error> {
    let mut sheet = Sheet::new(book, pick(lang, "Cảnh báo", "Warnings"), &[pick(lang, "Cảnh báo", "Warnings").to_string()], synthetic, lang, st)?;
    let rows: Vec<Vec<Cell>> = warnings.iter().map(|w| vec![Cell::Text(text(w, "code")), Cell::Long(text(w, "message"))]).collect();
    sheet.table(&[(pick(lang, "Mã", "Code"), 24.0), (pick(lang, "Nội dung", "Message"), 120.0)], &rows, st)
}

/// A workbook's bytes.
fn finish(mut book: Workbook) -> Result<Vec<u8>, Error> {
    book.save_to_buffer().map_err(write_error)
}
