//! CSV observations, wide or long.
//!
//! Read as bytes record by record: a cell that is a plain integer goes
//! straight into its column; unit codes and periods are looked up once per
//! distinct text; a location is only made for an error.

use rustc_hash::FxHashMap;

use super::DatasetBuilder;
use crate::catalogue::{VarId, VariableKind};
use crate::error::{DataError, Location};
use crate::period::Period;
use crate::units::UnitId;

/// Columns a file may carry beside the variables, for people reading it:
/// the unit's name, and where a converted figure came from (`chitieu convert`).
pub(super) const DESCRIPTIVE: &[&str] = &["unit_name", "source"];

/// The column naming the structure a row's unit code is written in (a label
/// such as "2025-07-01", or a date): without it a code is read in the
/// structure in force during the row's period.
pub(super) const STRUCTURE: &str = "structure";

/// The columns of a long-form file.
pub(super) const LONG: &[&str] = &["unit_code", "period", "variable", "value", "unit_name", "source", "structure"];

/// What a long-form file with another column is told.
pub(super) const LONG_EXPECTED: &str = "long form takes the columns unit_code,period,variable,value (and unit_name, structure, source); put other variables in rows of 'variable', or write the file in wide form";

pub(super) fn read(text: &str, b: &mut DatasetBuilder) -> Result<(), DataError> {
    let file = b.file().to_string();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = rdr.headers().map_err(|e| DataError::from_csv(&file, e))?.iter().map(|h| h.trim().to_string()).collect();
    let at = |row: usize, col: &str| Location::file(&file).at_row(row).at_column(col);
    let find = |name: &str| headers.iter().position(|h| h == name);
    let (Some(unit_i), Some(period_i)) = (find("unit_code"), find("period")) else {
        return Err(DataError::new(Location::file(&file).at_row(1), "the header lacks 'unit_code' or 'period'")
            .value(headers.join(","))
            .expected("unit_code,period,<variable>... (wide) or unit_code,period,variable,value (long)"));
    };
    let long = match (find("variable"), find("value")) {
        (Some(v), Some(x)) => Some((v, x)),
        _ => None,
    };
    // Wide: (column index, variable, kind, label) of each variable column.
    let mut wide: Vec<(usize, VarId, VariableKind, u32)> = Vec::new();
    match long {
        Some(_) => {
            if let Some(extra) = headers.iter().find(|h| !LONG.contains(&h.as_str())) {
                return Err(DataError::new(at(1, extra), "a long-form file (with 'variable' and 'value' columns) has another column").value(extra.as_str()).expected(LONG_EXPECTED));
            }
        }
        None => {
            for (i, h) in headers.iter().enumerate() {
                if i == unit_i || i == period_i || h == STRUCTURE || DESCRIPTIVE.contains(&h.as_str()) {
                    continue;
                }
                if headers.get(..i).is_some_and(|before| before.contains(h)) {
                    return Err(DataError::new(at(1, h), "the same column appears twice").value(h.as_str()));
                }
                let (var, kind) = b.variable(h, || at(1, h))?;
                let label = b.label(h);
                wide.push((i, var, kind, label));
            }
        }
    }
    let value_label = b.label("value");
    let structure_i = find(STRUCTURE);
    let source_i = find("source");
    let single = b.units.single_structure();
    // Unit code text -> registry code (and, in a single-structure registry, the unit).
    let mut codes: FxHashMap<Vec<u8>, (&str, Option<UnitId>)> = FxHashMap::default();
    let mut periods: FxHashMap<Vec<u8>, (u32, Period)> = FxHashMap::default();
    // Column slot by (period, wide column): looked up once per period.
    let mut slots: Vec<Vec<u32>> = Vec::new();
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(DataError::from_csv(&file, e)),
        }
        let row = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        let row32 = u32::try_from(row).unwrap_or(u32::MAX - 1);
        let cell = |i: usize| rec.get(i).unwrap_or_default();
        let text_of = |bytes: &[u8], col: &str| -> Result<String, DataError> {
            std::str::from_utf8(bytes).map(|s| s.trim().to_string()).map_err(|_| DataError::new(at(row, col), "the text is not UTF-8 (save the file as 'CSV UTF-8')"))
        };
        let raw_unit = cell(unit_i);
        let (code, known) = match codes.get(raw_unit) {
            Some(&found) => found,
            None => {
                let t = text_of(raw_unit, "unit_code")?;
                let code = b.unit_code(&t, || at(row, "unit_code"))?;
                let id = match b.units.versions(code) {
                    [one] if single => Some(*one),
                    _ => None,
                };
                codes.insert(raw_unit.to_vec(), (code, id));
                (code, id)
            }
        };
        let raw_period = cell(period_i);
        let (pid, period) = match periods.get(raw_period) {
            Some(&found) => found,
            None => {
                let t = text_of(raw_period, "period")?;
                let period = super::parse_period(&t, || at(row, "period"))?;
                let pid = b.period_id(period);
                periods.insert(raw_period.to_vec(), (pid, period));
                (pid, period)
            }
        };
        let structure = match structure_i.map(|i| text_of(cell(i), STRUCTURE)).transpose()? {
            Some(s) if !s.is_empty() => Some(s),
            _ => None,
        };
        let unit = match (known, &structure) {
            (_, Some(st)) => b.place_in(code, st, || at(row, "unit_code"))?,
            (Some(u), None) => u,
            (None, None) => b.place(code, &period, || at(row, "unit_code"))?,
        };
        match long {
            Some((vi, xi)) => {
                let name = text_of(cell(vi), "variable")?;
                let (var, kind) = b.variable(&name, || at(row, "variable"))?;
                let slot = b.slot(var, pid, value_label);
                let converted = source_i.is_some_and(|i| !cell(i).is_empty()) && cell(xi).contains(&b'/');
                if converted {
                    let t = text_of(cell(xi), "value")?;
                    b.add_fraction(slot, unit, kind, &t, row32, value_label)?;
                } else {
                    b.add_cell(slot, unit, kind, cell(xi), row32, value_label)?;
                }
            }
            None => {
                if slots.get(pid as usize).is_none_or(Vec::is_empty) {
                    let s: Vec<u32> = wide.iter().map(|(_, var, _, label)| b.slot(*var, pid, *label)).collect();
                    if slots.len() <= pid as usize {
                        slots.resize(pid as usize + 1, Vec::new());
                    }
                    if let Some(x) = slots.get_mut(pid as usize) {
                        *x = s;
                    }
                }
                let pslots = slots.get(pid as usize).map(Vec::as_slice).unwrap_or_default();
                for ((i, _, kind, label), slot) in wide.iter().zip(pslots) {
                    let c = cell(*i);
                    if !c.is_empty() {
                        b.add_cell(*slot, unit, *kind, c, row32, *label)?;
                    }
                }
            }
        }
    }
    Ok(())
}
