//! Errors that tell the user where to look.
//!
//! Every rejection of input names the file, the row and column (or the key path
//! in a catalogue), the value found and what was expected, so that the person
//! who typed the spreadsheet can fix it without reading code.
//!
//! Messages are bounded: a huge bad value (a 1 MB header name, a line of
//! binary) is shown by its beginning and its size, never whole (see
//! [`elide`]); the full value stays in the error's fields.

use std::fmt;

use serde::Serialize;

/// Where in an input a problem sits. `row` is always a record: in CSV the
/// line of the file (the header being row 1), in JSON the 1-based index of
/// the record in its array. A JSON syntax error belongs to no record: it has
/// no row, and its message names the line and column of the text. In a
/// workbook, `row` is the sheet's row number as the spreadsheet shows it,
/// `sheet` names the sheet and `cell` is the cell's reference ("F12").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    pub row: Option<usize>,
    pub column: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

impl Location {
    pub fn file(file: &str) -> Location {
        Location { file: file.to_string(), ..Location::default() }
    }
    pub fn in_sheet(mut self, sheet: &str) -> Location {
        self.sheet = Some(sheet.to_string());
        self
    }
    pub fn at_cell(mut self, cell: String) -> Location {
        self.cell = Some(cell);
        self
    }
    pub fn at_row(mut self, row: usize) -> Location {
        self.row = Some(row);
        self
    }
    pub fn at_column(mut self, column: &str) -> Location {
        self.column = Some(column.to_string());
        self
    }
}

/// CSV: "SoLieu.csv, row 12, column 'crimes_solved'". Workbook: "SoLieu.xlsx,
/// sheet 'Huyện', cell F12 (row 12, column 'crimes_solved')".
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&elide(&self.file, MAX_NAME))?;
        if let Some(s) = &self.sheet {
            write!(f, ", sheet '{}'", elide(s, MAX_NAME))?;
        }
        if let Some(c) = &self.cell {
            write!(f, ", cell {c}")?;
            let mut inner = Vec::new();
            if let Some(r) = self.row {
                inner.push(format!("row {r}"));
            }
            if let Some(col) = &self.column {
                inner.push(format!("column '{}'", elide(col, MAX_VALUE)));
            }
            if !inner.is_empty() {
                write!(f, " ({})", inner.join(", "))?;
            }
            return Ok(());
        }
        if let Some(r) = self.row {
            write!(f, ", row {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column '{}'", elide(c, MAX_VALUE))?;
        }
        Ok(())
    }
}

/// Longest file name or key path shown, in bytes.
const MAX_NAME: usize = 256;
/// Longest value, column name or expectation shown, in bytes.
const MAX_VALUE: usize = 128;
/// Longest message shown, in bytes.
const MAX_MESSAGE: usize = 1024;

/// `text` when it has at most `max` bytes; else its beginning (cut at a
/// character boundary) followed by "…" and its size, so that an error never
/// echoes a huge value whole.
pub fn elide(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if text.len() <= max {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut cut = max.saturating_sub(24);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    std::borrow::Cow::Owned(format!("{}… ({} bytes)", text.get(..cut).unwrap_or_default(), text.len()))
}

/// Bad data: observations, units, events, registers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct DataError {
    pub location: Location,
    pub message: String,
    pub value: Option<String>,
    pub expected: Option<String>,
}

impl DataError {
    pub fn new(location: Location, message: impl Into<String>) -> DataError {
        DataError { location, message: message.into(), value: None, expected: None }
    }
    pub fn value(mut self, v: impl Into<String>) -> DataError {
        self.value = Some(v.into());
        self
    }
    pub fn expected(mut self, e: impl Into<String>) -> DataError {
        self.expected = Some(e.into());
        self
    }
    pub fn from_csv(file: &str, e: csv::Error) -> DataError {
        let row = e.position().map(|p| p.line() as usize);
        let mut loc = Location::file(file);
        loc.row = row;
        let msg = match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                format!("this row has {len} fields, the header has {expected_len}")
            }
            csv::ErrorKind::Utf8 { .. } => "the text is not UTF-8 (save the file as 'CSV UTF-8')".to_string(),
            _ => format!("malformed CSV: {e}"),
        };
        DataError::new(loc, msg)
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, elide(&self.message, MAX_MESSAGE))?;
        if let Some(v) = &self.value {
            write!(f, ": '{}'", elide(v, MAX_VALUE))?;
        }
        if let Some(e) = &self.expected {
            write!(f, " (expected {})", elide(e, MAX_NAME))?;
        }
        Ok(())
    }
}

/// A catalogue file that cannot be used: names the file and the key path
/// (e.g. `target[3].rule.comparator`); a problem with the file as a whole
/// (unreadable, not TOML, empty) has no key path and says so by its message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct CatalogueError {
    pub file: String,
    pub path: String,
    pub message: String,
}

impl CatalogueError {
    pub fn new(file: &str, path: impl Into<String>, message: impl Into<String>) -> CatalogueError {
        CatalogueError { file: file.to_string(), path: path.into(), message: message.into() }
    }
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", elide(&self.file, MAX_NAME))?;
        if !self.path.is_empty() {
            write!(f, "{}: ", elide(&self.path, MAX_NAME))?;
        }
        f.write_str(&elide(&self.message, MAX_MESSAGE))
    }
}

/// Any failure of a chitieu operation.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    /// A request that cannot be answered as asked (a rate given one number, a date outside the year...).
    #[error("{}", elide(.0, MAX_MESSAGE))]
    Invalid(String),
    /// An id that names nothing: an unknown target, unit or scheme.
    #[error("{}", elide(.0, MAX_MESSAGE))]
    NotFound(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_value_is_shown_by_its_beginning_and_size() {
        let huge = "é".repeat(500_000);
        let e = DataError::new(Location::file("f.csv").at_row(1).at_column(&huge), format!("unknown variable '{huge}'")).value(huge.clone()).expected(huge.clone());
        let shown = e.to_string();
        assert!(shown.len() < 2048, "{} bytes", shown.len());
        assert!(shown.starts_with("f.csv, row 1, column 'éé") && shown.contains("… (1000000 bytes)"), "{shown}");
        let c = CatalogueError::new("c.toml", "", huge.clone());
        assert!(c.to_string().len() < 1100 && c.to_string().starts_with("c.toml: éé"), "an empty key path is left out");
        assert_eq!(CatalogueError::new("c.toml", "target[0].id", "bad").to_string(), "c.toml: target[0].id: bad");
        assert_eq!(elide("short", 10), "short");
    }
}
