//! Workbooks through calamine: the sheet asked for, or the first whose rows
//! hold the wanted header; cells as text by the rules of [`super::cell`].

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx};

use super::{cell, is_header, lacking, Locator, Rows, Table, Want, HEADER_SEARCH};
use crate::error::{DataError, Location};
use crate::warning::Warning;

/// The kinds of workbook calamine reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

impl Kind {
    pub fn from_extension(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xltx" | "xltm" => Some(Kind::Xlsx),
            "xlsb" => Some(Kind::Xlsb),
            "xls" | "xlt" => Some(Kind::Xls),
            "ods" | "ots" => Some(Kind::Ods),
            _ => None,
        }
    }

    /// The kind told by the first bytes: a zip archive (an OpenDocument one
    /// names its type first) or an OLE compound file.
    pub fn from_magic(bytes: &[u8]) -> Option<Kind> {
        if bytes.starts_with(b"PK\x03\x04") {
            let ods = bytes.get(30..38) == Some(b"mimetype") && bytes.get(38..84) == Some(b"application/vnd.oasis.opendocument.spreadsheet");
            return Some(if ods { Kind::Ods } else { Kind::Xlsx });
        }
        bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).then_some(Kind::Xls)
    }
}

/// The rows of a sheet after its header, one reused `String` per column.
pub(super) struct SheetRows {
    range: Range<Data>,
    /// The next row to read, counted from the range's first row.
    next: usize,
    first_row: usize,
    cells: Vec<String>,
}

impl SheetRows {
    pub fn advance(&mut self, at: &Locator) -> Result<Option<usize>, DataError> {
        let (height, width) = self.range.get_size();
        if self.next >= height {
            return Ok(None);
        }
        let r = self.next;
        let number = self.first_row + r + 1;
        self.next += 1;
        self.cells.resize(width, String::new());
        for (i, out) in self.cells.iter_mut().enumerate() {
            let data = self.range.get((r, i)).unwrap_or(&Data::Empty);
            cell::text(data, out).map_err(|error| {
                DataError::new(at.at_raw(number, i), format!("the cell holds the error {error}"))
                    .value(error)
                    .expected("a value: fix the formula whose result is an error, or clear the cell if the figure is not known")
            })?;
        }
        Ok(Some(number))
    }
    pub fn current(&self) -> &[String] {
        &self.cells
    }
}

/// Reads a workbook whose bytes are in memory; the kind comes from its
/// first bytes (an .xlsb is told by its name).
pub(super) fn from_bytes(bytes: Vec<u8>, path: &Path, name: &str, want: &Want) -> Result<Table<'static>, DataError> {
    let kind = match (Kind::from_extension(path), Kind::from_magic(&bytes)) {
        (Some(Kind::Xlsb), Some(Kind::Xlsx)) => Kind::Xlsb,
        (_, Some(k)) => k,
        (_, None) => {
            return Err(DataError::new(Location::file(name), "not a workbook: it does not begin as an .xlsx, .xls or .ods file does")
                .expected("a workbook saved by a spreadsheet program, or a CSV file named .csv"))
        }
    };
    let bad = |e: String| {
        DataError::new(Location::file(name), format!("cannot read the workbook: {e}")).expected("a workbook saved by Excel or LibreOffice (a password-protected one must be saved without its password)")
    };
    let cursor = Cursor::new(bytes);
    let mut book: Sheets<Cursor<Vec<u8>>> = match kind {
        Kind::Xlsx => Sheets::Xlsx(Xlsx::new(cursor).map_err(|e| bad(e.to_string()))?),
        Kind::Xlsb => Sheets::Xlsb(Xlsb::new(cursor).map_err(|e| bad(e.to_string()))?),
        Kind::Xls => Sheets::Xls(Xls::new(cursor).map_err(|e| bad(e.to_string()))?),
        Kind::Ods => Sheets::Ods(Ods::new(cursor).map_err(|e| bad(e.to_string()))?),
    };
    let names = book.sheet_names();
    let mut warnings = Vec::new();
    let (sheet, range, header_at) = match &want.sheet {
        Some(s) => {
            if !names.contains(s) {
                let hint = crate::suggest::nearest(s, names.iter().map(|n| (n.as_str(), n.as_str()))).map(|n| format!("; is '{n}' meant?")).unwrap_or_default();
                return Err(DataError::new(Location::file(name), format!("the workbook has no sheet '{s}'{hint}")).value(s.as_str()).expected(format!("one of its sheets: {}", quoted(&names))));
            }
            let range = book.worksheet_range(s).map_err(|e| bad(e.to_string()))?;
            let Some(at) = header_row(&range, want) else {
                return Err(no_header(&range, name, s, want));
            };
            (s.clone(), range, at)
        }
        None => {
            let mut first_sheet: Option<(String, Range<Data>)> = None;
            let mut found = None;
            for s in &names {
                // A chart sheet or an unreadable sheet has no table: look at the next.
                let Ok(range) = book.worksheet_range(s) else { continue };
                if let Some(at) = header_row(&range, want) {
                    found = Some((s.clone(), range, at));
                    break;
                }
                first_sheet.get_or_insert((s.clone(), range));
            }
            match (found, first_sheet) {
                (Some(f), _) => f,
                (None, Some((s, range))) if names.len() == 1 => return Err(no_header(&range, name, &s, want)),
                (None, _) => {
                    return Err(DataError::new(Location::file(name), format!("no sheet holds a header row with {} in its first {HEADER_SEARCH} rows", want.key_text()))
                        .value(quoted(&names))
                        .expected(want.expected.clone().unwrap_or_else(|| format!("a sheet whose header row names {}", want.key_text()))))
                }
            }
        }
    };
    if want.sheet.is_none() && names.first() != Some(&sheet) {
        warnings.push(Warning::new(
            "sheet_chosen",
            format!("{name}: đọc trang tính '{sheet}', trang đầu tiên có dòng tiêu đề {}", want.key_text()),
            format!("{name}: read sheet '{sheet}', the first with a header row naming {}", want.key_text()),
        ));
    }
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut header = Vec::new();
    if let Some(row) = range.rows().nth(header_at) {
        for data in row {
            let mut s = String::new();
            // An error cell in the header has no name: it is a blank header cell, and its column must stay blank.
            let _ = cell::text(data, &mut s);
            header.push(s);
        }
    }
    let first_row = first_row as usize;
    let rows = SheetRows { range, next: header_at + 1, first_row, cells: Vec::new() };
    let mut table = Table::new(Rows::Sheet(rows), name, Some(&sheet), Some(first_column), first_row + header_at + 1, header)?;
    table.warnings = warnings;
    Ok(table)
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")
}

/// The texts of a row's cells (an error cell reads as its error).
fn texts(row: &[Data]) -> Vec<String> {
    row.iter()
        .map(|d| {
            let mut s = String::new();
            cell::text(d, &mut s).unwrap_or_else(|e| s = e);
            s
        })
        .collect()
}

/// The header's row, counted from the range's first row.
fn header_row(range: &Range<Data>, want: &Want) -> Option<usize> {
    range.rows().take(HEADER_SEARCH).position(|row| {
        let cells = texts(row);
        is_header(cells.iter().map(String::as_str), want)
    })
}

/// The message for a sheet without the header: what its first row holds.
fn no_header(range: &Range<Data>, name: &str, sheet: &str, want: &Want) -> DataError {
    let at = Location::file(name).in_sheet(sheet);
    let expected = want.expected.clone().unwrap_or_else(|| format!("a header row with {}", want.key_text()));
    let first_row = range.start().map_or(0, |s| s.0 as usize);
    let Some((i, cells)) = range.rows().map(texts).enumerate().find(|(_, c)| c.iter().any(|t| !t.trim().is_empty())) else {
        return DataError::new(at, "the sheet is empty").expected(expected);
    };
    let found: Vec<&str> = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    DataError::new(
        at.at_row(first_row + i + 1),
        format!("no row of the first {HEADER_SEARCH} holds the header {}; the first row that is not blank lacks {}", want.key_text(), lacking(&found, want)),
    )
    .value(found.join(" | "))
    .expected(expected)
}
