//! Errors that tell the user where to look.
//!
//! Every rejection of input names the file, the row and column (or the key path
//! in a catalogue), the value found and what was expected, so that the person
//! who typed the spreadsheet can fix it without reading code.

use std::fmt;

use serde::Serialize;

/// Where in an input a problem sits. Rows count lines of the file, the header
/// being row 1; in JSON input, `row` is the 1-based index of the record. In a
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
        f.write_str(&self.file)?;
        if let Some(s) = &self.sheet {
            write!(f, ", sheet '{s}'")?;
        }
        if let Some(c) = &self.cell {
            write!(f, ", cell {c}")?;
            let mut inner = Vec::new();
            if let Some(r) = self.row {
                inner.push(format!("row {r}"));
            }
            if let Some(col) = &self.column {
                inner.push(format!("column '{col}'"));
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
            write!(f, ", column '{c}'")?;
        }
        Ok(())
    }
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
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(v) = &self.value {
            write!(f, ": '{v}'")?;
        }
        if let Some(e) = &self.expected {
            write!(f, " (expected {e})")?;
        }
        Ok(())
    }
}

/// A catalogue file that cannot be used: names the file and the key path
/// (e.g. `target[3].rule.comparator`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{file}: {path}: {message}")]
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

/// Any failure of a chitieu operation.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    /// A request that cannot be answered as asked (a rate given one number, a date outside the year...).
    #[error("{0}")]
    Invalid(String),
    /// An id that names nothing: an unknown target, unit or scheme.
    #[error("{0}")]
    NotFound(String),
}
