//! Reading the rows of an events file or a register, CSV or JSON, into text
//! fields with their row numbers, so both formats share every later check
//! (and every error names file, row and column the same way as observations).

use crate::error::{DataError, Location};

/// One input record: its row (CSV line, header = 1; JSON record index, from 1)
/// and its non-blank fields in column order.
pub(crate) struct Record {
    pub row: usize,
    pub fields: Vec<(String, String)>,
}

impl Record {
    pub fn get(&self, column: &str) -> Option<&str> {
        self.fields.iter().find(|(c, _)| c == column).map(|(_, v)| v.as_str()).filter(|v| !v.trim().is_empty())
    }
}

/// The columns a file declares, checked against the allowed ones.
pub(crate) fn check_columns(file: &str, columns: &[String], required: &[&str], allowed: &dyn Fn(&str) -> bool, expected: &str) -> Result<(), DataError> {
    for (i, c) in columns.iter().enumerate() {
        if columns.iter().take(i).any(|x| x == c) {
            return Err(DataError::new(Location::file(file).at_row(1).at_column(c), "the same column appears twice").value(c));
        }
        if !allowed(c) {
            return Err(DataError::new(Location::file(file).at_row(1).at_column(c), "unknown column").value(c).expected(expected.to_string()));
        }
    }
    for r in required {
        if !columns.iter().any(|c| c == r) {
            return Err(DataError::new(Location::file(file).at_row(1), format!("the header lacks '{r}'")).value(columns.join(",")).expected(expected.to_string()));
        }
    }
    Ok(())
}

/// Reads CSV text: the header and the records.
pub(crate) fn csv_records(text: &str, file: &str) -> Result<(Vec<String>, Vec<Record>), DataError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> = rdr.headers().map_err(|e| DataError::from_csv(file, e))?.iter().map(str::to_string).collect();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| DataError::from_csv(file, e))?;
        let row = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        let fields = headers.iter().cloned().zip(rec.iter().map(str::to_string)).collect();
        out.push(Record { row, fields });
    }
    Ok((headers, out))
}

/// Reads JSON text: an array of flat objects, or `{"<wrapper>": [...]}`. The
/// columns are the union of the records' keys, in order of appearance.
pub(crate) fn json_records(text: &str, file: &str, wrapper: &str) -> Result<(Vec<String>, Vec<Record>), DataError> {
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
            if !columns.contains(&k) {
                columns.push(k.clone());
            }
            fields.push((k, text));
        }
        out.push(Record { row, fields });
    }
    Ok((columns, out))
}
