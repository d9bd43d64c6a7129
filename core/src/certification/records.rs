//! Reading the rows of an events file or a register (a CSV file, a
//! workbook's sheet or JSON) into text fields with their row numbers, so every
//! format shares every later check, and every error names file, row and
//! column (sheet and cell in a workbook) the same way as observations.

use crate::error::{DataError, Location};
use crate::table::{Locator, Source, Table, Want};
use crate::warning::Warning;

/// One input record: its row (CSV line, header = 1; a sheet's row; JSON
/// record index, from 1) and its fields in column order.
pub(crate) struct Record {
    pub row: usize,
    pub fields: Vec<(String, String)>,
}

impl Record {
    pub fn get(&self, column: &str) -> Option<&str> {
        self.fields.iter().find(|(c, _)| c == column).map(|(_, v)| v.as_str()).filter(|v| !v.trim().is_empty())
    }
}

/// Where records were read, for the places errors name.
enum Origin {
    Table(Locator),
    Json(String),
}

/// The records of one input, with its columns and the warnings of reading it.
pub(crate) struct Records {
    pub columns: Vec<String>,
    pub rows: Vec<Record>,
    pub warnings: Vec<Warning>,
    origin: Origin,
}

impl Records {
    /// How the input is named in reports: the file, with `#Sheet` for a workbook's sheet.
    pub fn name(&self, file: &str) -> String {
        match &self.origin {
            Origin::Table(at) => match at.sheet() {
                Some(s) => format!("{file}#{s}"),
                None => file.to_string(),
            },
            Origin::Json(_) => file.to_string(),
        }
    }

    /// The place of a record's column.
    pub fn at(&self, r: &Record, column: &str) -> Location {
        self.place(column, Some(r.row))
    }

    fn place(&self, column: &str, row: Option<usize>) -> Location {
        match &self.origin {
            Origin::Table(at) => match (self.columns.iter().position(|c| c == column), row) {
                (Some(i), Some(r)) => at.at(r, i),
                (Some(i), None) => at.header(i),
                // A column the file lacks: the row itself.
                (None, Some(r)) => at.row(r).at_column(column),
                (None, None) => at.row(at.header_row()).at_column(column),
            },
            // In JSON a row is a record: a column of no record has none.
            Origin::Json(file) => match row {
                Some(r) => Location::file(file).at_row(r).at_column(column),
                None => Location::file(file).at_column(column),
            },
        }
    }

    /// Checks the columns against the allowed ones and the required ones.
    pub fn check_columns(&self, required: &[&str], allowed: &dyn Fn(&str) -> bool, expected: &str) -> Result<(), DataError> {
        let header = |c: &str| self.place(c, None);
        let mut seen = std::collections::HashSet::new();
        for c in &self.columns {
            if !seen.insert(c.as_str()) {
                return Err(DataError::new(header(c), "the same column appears twice").value(c));
            }
            if !allowed(c) {
                return Err(DataError::new(header(c), "unknown column").value(c).expected(expected.to_string()));
            }
        }
        for r in required {
            if !self.columns.iter().any(|c| c == r) {
                let mut at = header(r);
                at.column = None;
                return Err(DataError::new(at, format!("the header lacks '{r}'")).value(self.columns.join(",")).expected(expected.to_string()));
            }
        }
        Ok(())
    }
}

/// Reads the records of a file: JSON (`{"<wrapper>": [...]}` or an array),
/// else a CSV file or a workbook's sheet found by `want`.
pub(crate) fn read(source: &Source, want: Want, wrapper: &str) -> Result<Records, DataError> {
    if source.is_json() && source.sheet.is_none() {
        json_records(&crate::input::read_text(&source.path)?, &source.name(), wrapper)
    } else {
        table_records(source.open(want)?)
    }
}

/// Reads every row of a table (CSV or a sheet).
pub(crate) fn table_records(mut t: Table) -> Result<Records, DataError> {
    let columns = t.header().to_vec();
    let mut rows = Vec::new();
    while let Some(r) = t.next_row()? {
        let fields = columns.iter().cloned().zip(r.cells().map(str::to_string)).collect();
        rows.push(Record { row: r.number(), fields });
    }
    let at = t.locator().clone();
    Ok(Records { columns, rows, warnings: t.finish(), origin: Origin::Table(at) })
}

/// Reads JSON text: an array of flat objects, or `{"<wrapper>": [...]}`. The
/// columns are the union of the records' keys, in order of appearance.
pub(crate) fn json_records(text: &str, file: &str, wrapper: &str) -> Result<Records, DataError> {
    use serde_json::Value;
    // In JSON input a row is a record number; a syntax error has no record,
    // so its place is the line and column serde_json names in the message.
    let bad = |e: serde_json::Error| DataError::new(Location::file(file), format!("not valid JSON: {e}")).expected(format!("an array of records, or {{\"{wrapper}\": [...]}}"));
    let v: Value = serde_json::from_str(text).map_err(bad)?;
    let items = match v {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove(wrapper) {
            Some(Value::Array(a)) => a,
            _ => return Err(DataError::new(Location::file(file), format!("no '{wrapper}' array")).expected(format!("an array of records, or {{\"{wrapper}\": [...]}}"))),
        },
        _ => return Err(DataError::new(Location::file(file), "not an array of records").expected(format!("an array of records, or {{\"{wrapper}\": [...]}}"))),
    };
    let mut columns: Vec<String> = Vec::new();
    // The keys met so far, so the union stays linear in the keys (a record
    // may bring thousands of distinct keys).
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let row = i + 1;
        let Value::Object(obj) = item else {
            return Err(DataError::new(Location::file(file).at_row(row), "a record is not an object").expected("{\"column\": value, ...}"));
        };
        let mut fields = Vec::new();
        for (k, v) in obj {
            let text = match v {
                Value::Null => String::new(),
                Value::String(s) => s,
                Value::Bool(b) => if b { "1" } else { "0" }.to_string(),
                Value::Number(n) => n.to_string(),
                other => return Err(DataError::new(Location::file(file).at_row(row).at_column(&k), "not a text or a number").value(other.to_string())),
            };
            if !seen.contains(&k) {
                seen.insert(k.clone());
                columns.push(k.clone());
            }
            fields.push((k, text));
        }
        out.push(Record { row, fields });
    }
    Ok(Records { columns, rows: out, warnings: Vec::new(), origin: Origin::Json(file.to_string()) })
}
