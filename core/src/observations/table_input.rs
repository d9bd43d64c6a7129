//! Tabular observations, wide or long: a CSV file or a workbook's sheet, read
//! through [`crate::table`] so that every format (separators, encodings,
//! title blocks, blank columns and rows, cells of a workbook) is understood
//! the same way and every error names its place, cell included.
//!
//! A cell that is a plain integer goes straight into its column; unit codes
//! and periods are looked up once per distinct text; a location is only made
//! for an error.

use rustc_hash::FxHashMap;

use super::DatasetBuilder;
use crate::catalogue::{VarId, VariableKind};
use crate::error::DataError;
use crate::period::Period;
use crate::table::{Table, Want};
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

/// What a figures table is found by, and what is said when none is.
pub(super) fn want() -> Want {
    Want::columns(&["unit_code", "period"]).expected("unit_code,period,<variable>... (wide) or unit_code,period,variable,value (long)")
}

/// Reads every row of `t` into `b`; the table's warnings join the builder's.
pub(super) fn read(mut t: Table, b: &mut DatasetBuilder) -> Result<(), DataError> {
    let headers = t.header().to_vec();
    let at = t.locator().clone();
    let find = |name: &str| headers.iter().position(|h| h == name);
    // The table is found by these two columns: they are there.
    let (Some(unit_i), Some(period_i)) = (find("unit_code"), find("period")) else {
        return Err(DataError::new(at.row(at.header_row()), "the header lacks 'unit_code' or 'period'").value(headers.join(",")).expected(want().expected.unwrap_or_default()));
    };
    let long = match (find("variable"), find("value")) {
        (Some(v), Some(x)) => Some((v, x)),
        _ => None,
    };
    // Wide: (column index, variable, kind, label) of each variable column.
    let mut wide: Vec<(usize, VarId, VariableKind, u32)> = Vec::new();
    match long {
        Some(_) => {
            if let Some((i, extra)) = headers.iter().enumerate().find(|(_, h)| !LONG.contains(&h.as_str())) {
                return Err(DataError::new(at.header(i), "a long-form file (with 'variable' and 'value' columns) has another column").value(extra.as_str()).expected(LONG_EXPECTED));
            }
        }
        None => {
            for (i, h) in headers.iter().enumerate() {
                if i == unit_i || i == period_i || h == STRUCTURE || DESCRIPTIVE.contains(&h.as_str()) {
                    continue;
                }
                let (var, kind) = b.variable(h, || at.header(i))?;
                let label = b.label(&at.place(i));
                wide.push((i, var, kind, label));
            }
        }
    }
    let value_label = long.map(|(_, x)| b.label(&at.place(x)));
    let (structure_i, source_i) = (find(STRUCTURE), find("source"));
    let single = b.units.single_structure();
    // Unit code text -> registry code (and, in a single-structure registry, the unit).
    let mut codes: FxHashMap<String, (&str, Option<UnitId>)> = FxHashMap::default();
    let mut periods: FxHashMap<String, (u32, Period)> = FxHashMap::default();
    // Column slot by (period, wide column): looked up once per period.
    let mut slots: Vec<Vec<u32>> = Vec::new();
    while let Some(row) = t.next_row()? {
        let number = row.number();
        let row32 = u32::try_from(number).unwrap_or(u32::MAX - 1);
        let raw_unit = row.cell(unit_i);
        let (code, known) = match codes.get(raw_unit) {
            Some(&found) => found,
            None => {
                let code = b.unit_code(raw_unit, || row.location(unit_i))?;
                let id = match b.units.versions(code) {
                    [one] if single => Some(*one),
                    _ => None,
                };
                codes.insert(raw_unit.to_string(), (code, id));
                (code, id)
            }
        };
        let raw_period = row.cell(period_i);
        let (pid, period) = match periods.get(raw_period) {
            Some(&found) => found,
            None => {
                let period = super::parse_period(raw_period, || row.location(period_i))?;
                let pid = b.period_id(period);
                periods.insert(raw_period.to_string(), (pid, period));
                (pid, period)
            }
        };
        // A row naming its structure is placed in it; otherwise by its period.
        let structure = structure_i.map(|i| row.cell(i)).filter(|s| !s.is_empty());
        let unit = match (known, structure, structure_i) {
            (_, Some(st), Some(si)) => b.place_in(code, st, || row.location(unit_i), || row.location(si))?,
            (Some(u), _, _) => u,
            (None, _, _) => b.place(code, &period, || row.location(unit_i))?,
        };
        match (long, value_label) {
            (Some((vi, xi)), Some(label)) => {
                let (var, kind) = b.variable(row.cell(vi), || row.location(vi))?;
                let slot = b.slot(var, pid, label);
                let value = row.cell(xi);
                // `chitieu convert` writes a figure attributed with shares as an exact fraction.
                if source_i.is_some_and(|i| !row.cell(i).is_empty()) && value.contains('/') {
                    b.add_fraction(slot, unit, kind, value, row32, label)?;
                } else {
                    b.add_cell(slot, unit, kind, value.as_bytes(), row32, label)?;
                }
            }
            _ => {
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
                    let c = row.cell(*i);
                    if !c.is_empty() {
                        b.add_cell(*slot, unit, *kind, c.as_bytes(), row32, *label)?;
                    }
                }
            }
        }
    }
    b.warnings.extend(t.finish());
    Ok(())
}
