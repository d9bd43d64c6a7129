//! The data-entry template (issue 10 item 4): one row per unit and period
//! the chosen targets read, one column per variable they need, so a filled
//! copy goes straight back into `evaluate --data` with no edits.
//!
//! The header row holds the variable ids (what the reader matches); the row
//! above it holds their Vietnamese names, and the title block above that is
//! passed over by the reader. Unit codes are text, so a leading zero
//! survives; each variable column validates what may be typed (whole numbers
//! of at least 0 for counts, 0 or 1 for flags, 0 to 100 for percentages,
//! at least 0 for amounts) and names, as its input message, the targets it
//! feeds. A blank cell stays missing, never zero.
//!
//! The rows are the units in force during the template's period (with a
//! registry of several structures, both structures for a period across a
//! reform), and, for a baseline before a unit existed, the units whose
//! territory it then was (`territory`). A row whose code alone does not
//! name its unit over its period (a code a reform reused) says its
//! structure in a `structure` column, which the template then has.

use std::collections::BTreeSet;

use rust_xlsxwriter::{Color, DataValidation, DataValidationRule, Format, FormatBorder, Workbook};

use super::{finish, write_error, Styles};
use crate::catalogue::{Catalogue, Measure, Rule, VariableKind};
use crate::error::Error;
use crate::evaluation::{baseline_period, measured_period};
use crate::period::Period;
use crate::conversion::Shares;
use crate::territory::territory;
use crate::units::{Level, UnitId, UnitRegistry};

/// One variable column of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateColumn {
    pub variable: String,
    pub name_vi: String,
    pub kind: VariableKind,
    /// The targets whose figures this column holds.
    pub targets: Vec<String>,
}

/// What a template holds: its rows (unit, name, period, structure where the
/// code needs one) and variable columns.
#[derive(Clone, Debug)]
pub struct Template {
    pub period: Period,
    pub level: Option<Level>,
    pub document: Option<String>,
    pub rows: Vec<(String, String, Period, Option<String>)>,
    pub columns: Vec<TemplateColumn>,
}

/// The row of the header (1-based), below the title block and the Vietnamese names.
pub const HEADER_ROW: u32 = 4;

impl Template {
    /// The template for the targets that bind `period` (of `document`, when
    /// given) at the units of `level` (every level when `None`).
    pub fn new(cat: &Catalogue, units: &UnitRegistry, period: Period, level: Option<Level>, document: Option<&str>) -> Result<Template, Error> {
        if let Some(d) = document {
            if cat.document(d).is_none() {
                let ids: Vec<&str> = cat.documents().iter().map(|d| d.id.as_str()).collect();
                return Err(Error::NotFound(format!("unknown document '{d}' (the catalogue has {})", ids.join(", "))));
            }
        }
        // (unit, period) -> variables, and variable -> targets.
        let mut cells: BTreeSet<(UnitId, Period)> = BTreeSet::new();
        let mut feeds: Vec<(String, Vec<String>)> = Vec::new();
        let none = Shares::none();
        let mut need = |unit: UnitId, p: Period, variable: &str, target: &str, cells: &mut BTreeSet<(UnitId, Period)>| {
            if level.is_some_and(|l| l != units.unit(unit).level) {
                return;
            }
            // The units whose figures over `p` make up the unit's territory (itself, outside a reform).
            let sources: Vec<UnitId> = match territory(units, &none, unit, &p) {
                Ok(terms) => terms.into_iter().map(|t| t.unit).filter(|s| units.valid_during(*s, &p)).collect(),
                Err(_) => units.valid_during(unit, &p).then_some(unit).into_iter().collect(),
            };
            cells.extend(sources.into_iter().map(|s| (s, p)));
            match feeds.iter_mut().find(|(v, _)| v == variable) {
                Some((_, ts)) if ts.iter().any(|t| t == target) => {}
                Some((_, ts)) => ts.push(target.to_string()),
                None => feeds.push((variable.to_string(), vec![target.to_string()])),
            }
        };
        for t in cat.targets() {
            if document.is_some_and(|d| cat.document_of(t).id != d) {
                continue;
            }
            let Some(mp) = measured_period(t.target.period, &period) else { continue };
            let mut measures: Vec<(&Measure, Option<&Rule>)> = Vec::new();
            if let Some(m) = &t.target.measure {
                measures.push((m, t.target.rule.as_ref()));
            }
            measures.extend(t.target.parts.iter().map(|p| (&p.measure, Some(&p.rule))));
            for u in units.ids().filter(|u| units.valid_during(*u, &period) && cat.binds(t, units.unit(*u), units)) {
                for (m, rule) in &measures {
                    let periods: Vec<Period> = std::iter::once(mp).chain(rule.and_then(|r| baseline_period(r, &mp))).collect();
                    for p in periods {
                        match m {
                            // The unit's own figures (a complement counts children from the unit's own count).
                            Measure::Value(_) | Measure::Ratio { .. } | Measure::ComplementShare { .. } | Measure::ComplementCount { .. } => {
                                for v in m.variables() {
                                    need(u, p, v, &t.target.id, &mut cells);
                                }
                            }
                            Measure::UnitsShare { level: child, variable, .. } | Measure::UnitsCount { level: child, variable, .. } => {
                                for d in units.descendants_at_during(u, *child, Some(&p)) {
                                    need(d, p, variable, &t.target.id, &mut cells);
                                }
                            }
                            Measure::MonthsShare { variable, .. } => {
                                for month in p.months() {
                                    need(u, month, variable, &t.target.id, &mut cells);
                                }
                            }
                        }
                    }
                }
            }
        }
        if cells.is_empty() {
            return Err(Error::Invalid(format!(
                "no target{} binds period {period}{}: there is nothing to enter (targets are yearly, e.g. 2023)",
                document.map(|d| format!(" of {d}")).unwrap_or_default(),
                level.map(|l| format!(" at the {l} level")).unwrap_or_default()
            )));
        }
        let rows = cells
            .into_iter()
            .map(|(id, p)| {
                let u = units.unit(id);
                (u.code.clone(), u.name.clone(), p, units.structure_needed(id, &p).map(str::to_string))
            })
            .collect();
        let columns = feeds
            .into_iter()
            .filter_map(|(v, targets)| cat.variable(&v).map(|d| TemplateColumn { variable: v.clone(), name_vi: d.name_vi.clone(), kind: d.kind, targets }))
            .collect();
        Ok(Template { period, level, document: document.map(str::to_string), rows, columns })
    }

    /// The header a filled template is read by: `unit_code,unit_name,period[,structure],<variable>...`.
    pub fn header(&self) -> Vec<String> {
        self.fixed().iter().map(|(id, _)| id.to_string()).chain(self.columns.iter().map(|c| c.variable.clone())).collect()
    }

    /// The columns before the variables: (id, Vietnamese name); `structure`
    /// only when a row needs it.
    pub fn fixed(&self) -> Vec<(&'static str, &'static str)> {
        let mut f = vec![("unit_code", "Mã đơn vị"), ("unit_name", "Tên đơn vị"), ("period", "Kỳ")];
        if self.rows.iter().any(|r| r.3.is_some()) {
            f.push(("structure", "Cơ cấu đơn vị"));
        }
        f
    }

    /// The template as the bytes of an .xlsx file.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Error> {
        let st = Styles::new();
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name("MauNhapLieu").map_err(write_error)?;
        let level = self.level.map(|l| format!(" — cấp {}", l.name(crate::Lang::Vi))).unwrap_or_default();
        let document = self.document.as_ref().map(|d| format!(" — văn bản {d}")).unwrap_or_default();
        ws.write_string_with_format(0, 0, format!("MẪU NHẬP LIỆU — kỳ {}{level}{document} — chitieu {}", self.period, crate::VERSION), &st.title).map_err(write_error)?;
        ws.write_string(1, 0, "Nhập số liệu vào ô màu vàng; ô để trống là THIẾU SỐ LIỆU (không phải số 0). Không sửa dòng mã biến (dòng 4). Enter figures in the yellow cells; a blank cell is missing, never zero.")
            .map_err(write_error)?;
        let names_row = HEADER_ROW - 2;
        let header_row = HEADER_ROW - 1;
        let fixed = self.fixed();
        let first_var = fixed.len() as u16;
        let names = fixed.iter().map(|(_, n)| n.to_string()).chain(self.columns.iter().map(|c| c.name_vi.clone()));
        let name_format = Format::new().set_text_wrap().set_italic().set_border(FormatBorder::Thin);
        for (c, (name, id)) in names.zip(self.header()).enumerate() {
            let c = c as u16;
            ws.write_string_with_format(names_row, c, name, &name_format).map_err(write_error)?;
            ws.write_string_with_format(header_row, c, id, &st.header).map_err(write_error)?;
            ws.set_column_width(c, if c == 1 { 28.0 } else { 16.0 }).map_err(write_error)?;
        }
        ws.set_row_height(names_row, 60).map_err(write_error)?;
        let input = Format::new().set_background_color(Color::RGB(0xFFF2CC)).set_border(FormatBorder::Thin).set_unlocked();
        let first = header_row + 1;
        for (r, (code, name, period, structure)) in self.rows.iter().enumerate() {
            let r = first + r as u32;
            ws.write_string_with_format(r, 0, code, &st.text).map_err(write_error)?;
            ws.write_string(r, 1, name).map_err(write_error)?;
            ws.write_string_with_format(r, 2, period.to_string(), &st.text).map_err(write_error)?;
            if let Some(s) = structure {
                ws.write_string_with_format(r, 3, s, &st.text).map_err(write_error)?;
            }
            for c in 0..self.columns.len() {
                ws.write_blank(r, first_var + c as u16, &input).map_err(write_error)?;
            }
        }
        let last = first + self.rows.len().saturating_sub(1) as u32;
        for (c, col) in self.columns.iter().enumerate() {
            let c = first_var + c as u16;
            let dv = validation(col)?;
            ws.add_data_validation(first, c, last, c, &dv).map_err(write_error)?;
        }
        ws.set_freeze_panes(first, first_var).map_err(write_error)?;
        ws.autofilter(header_row, 0, last, first_var + self.columns.len().saturating_sub(1) as u16).map_err(write_error)?;
        finish(book)
    }
}

/// The template of [`Template::new`] as the bytes of an .xlsx file.
pub fn template(cat: &Catalogue, units: &UnitRegistry, period: Period, level: Option<Level>, document: Option<&str>) -> Result<Vec<u8>, Error> {
    Template::new(cat, units, period, level, document)?.to_xlsx()
}

/// Cuts `text` to at most `max` UTF-16 units (Excel's limits), ending with "…".
fn cut(text: &str, max: usize) -> String {
    if text.encode_utf16().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for ch in text.chars() {
        if out.encode_utf16().count() + ch.len_utf16() + 1 > max {
            break;
        }
        out.push(ch);
    }
    out.push('…');
    out
}

/// What a column accepts, and the message naming the targets it feeds.
fn validation(col: &TemplateColumn) -> Result<DataValidation, Error> {
    let (rule, what) = match col.kind {
        VariableKind::Count => (DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)), "số nguyên ≥ 0 (a whole number ≥ 0)"),
        VariableKind::Flag => (DataValidation::new().allow_whole_number(DataValidationRule::Between(0, 1)), "1 = có, 0 = không (1 yes, 0 no)"),
        VariableKind::Amount => (DataValidation::new().allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)), "số ≥ 0 (a number ≥ 0)"),
        VariableKind::Percent => (DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0)), "tỷ lệ % từ 0 đến 100 (a percentage)"),
    };
    let message = cut(&format!("{}. {what}. Dùng cho chỉ tiêu (feeds): {}", col.name_vi, col.targets.join(", ")), 255);
    rule.set_input_title(cut(&col.variable, 32))
        .and_then(|d| d.set_input_message(message))
        .and_then(|d| d.set_error_title(cut(&col.variable, 32)))
        .and_then(|d| d.set_error_message(cut(&format!("{}: {what}", col.name_vi), 255)))
        .map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clearance_rate_needs_crimes_recorded_and_solved_at_each_district() {
        let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
        let t = Template::new(&cat, &units, Period::Year(2023), Some(Level::District), Some("nq314")).unwrap();
        assert!(t.rows.iter().all(|(code, _, _, _)| units.get(code).map(|u| u.level) == Some(Level::District)));
        assert_eq!(t.rows.iter().filter(|r| r.2 == Period::Year(2023)).count(), 13);
        let solved = t.columns.iter().find(|c| c.variable == "crimes_solved").unwrap();
        assert!(solved.targets.contains(&"nq314.crime.clearance_rate".to_string()), "{:?}", solved.targets);
        assert_eq!(t.header()[..3], ["unit_code", "unit_name", "period"]);
    }

    #[test]
    fn nothing_to_enter_is_said_plainly() {
        let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
        let e = Template::new(&cat, &units, Period::Year(1990), None, None).unwrap_err();
        assert!(e.to_string().contains("no target binds period 1990"), "{e}");
        let e = Template::new(&cat, &units, Period::Year(2023), None, Some("nq999")).unwrap_err();
        assert!(e.to_string().contains("unknown document 'nq999'"), "{e}");
    }

    #[test]
    fn messages_fit_excel_limits() {
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abcdef", 4), "abc…");
        assert!(cut(&"ệ".repeat(300), 255).encode_utf16().count() <= 255);
    }
}
