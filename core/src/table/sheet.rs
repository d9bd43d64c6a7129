//! Workbooks through calamine: the sheet asked for, or the first whose rows
//! hold the wanted header; cells as text by the rules of [`super::cell`].

use std::io::Cursor;
use std::path::Path;

use calamine::{Ods, Reader, Xls, Xlsb, Xlsx, XlsxError};

use super::extent::{self, Beyond, Collect};
use super::grid::Grid;
use super::{biff, cell, is_header, lacking, opendocument, Locator, Rows, Table, Want, HEADER_SEARCH};
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
    grid: Grid,
    /// The next row to read, counted from the sheet's first row, and where its cells begin.
    next: usize,
    at: usize,
    first_row: usize,
    /// Every row is at least this wide: up to the header's last named column.
    min_width: usize,
    cells: Vec<String>,
}

impl SheetRows {
    pub fn advance(&mut self, at: &Locator) -> Result<Option<usize>, DataError> {
        if self.next >= self.grid.height() {
            return Ok(None);
        }
        let r = self.next;
        let number = self.first_row + r + 1;
        self.next += 1;
        let (present, after) = self.grid.row_from(self.at, r);
        self.at = after;
        // A row no cell is in is blank: no cell to clear or fill.
        let width = if present.is_empty() { 0 } else { present.last().map_or(0, |c| self.grid.column(c) + 1).max(self.min_width) };
        self.cells.resize(width, String::new());
        self.cells.iter_mut().for_each(String::clear);
        for c in present {
            let i = self.grid.column(c);
            let Some(out) = self.cells.get_mut(i) else { continue };
            cell::text(&c.2, out).map_err(|error| {
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

/// A workbook open: .xlsx and .xlsb are read sheet by sheet, cell by cell;
/// .xls and .ods were read whole by calamine once measured.
enum Book {
    Xlsx(Xlsx<Cursor<Vec<u8>>>),
    Xlsb(Xlsb<Cursor<Vec<u8>>>),
    Xls(Xls<Cursor<Vec<u8>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
}

/// Why a sheet was not read.
enum Unread {
    /// calamine could not read it (a chart sheet, a damaged part).
    Failed(String),
    /// It claims more than chitieu reads.
    Beyond(Beyond),
}

impl Book {
    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Xlsb(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }

    /// The cells of a sheet, within the bounds of [`super::extent`].
    fn grid(&mut self, sheet: &str) -> Result<Grid, Unread> {
        let failed = |e: &dyn std::fmt::Display| Unread::Failed(e.to_string());
        let mut collect = Collect::new(sheet);
        match self {
            Book::Xlsx(b) => {
                let mut cells = match b.worksheet_cells_reader(sheet) {
                    Ok(cells) => cells,
                    // A chart sheet: no cells, as calamine's own range reads it.
                    Err(XlsxError::NotAWorksheet(_)) => return Ok(Grid::default()),
                    Err(e) => return Err(failed(&e)),
                };
                while let Some(c) = cells.next_cell().map_err(|e| failed(&e))? {
                    collect.push(c.get_position(), c.get_value()).map_err(Unread::Beyond)?;
                }
            }
            Book::Xlsb(b) => {
                let mut cells = b.worksheet_cells_reader(sheet).map_err(|e| failed(&e))?;
                while let Some(c) = cells.next_cell().map_err(|e| failed(&e))? {
                    collect.push(c.get_position(), c.get_value()).map_err(Unread::Beyond)?;
                }
            }
            Book::Xls(b) => return b.worksheet_range(sheet).map(|r| Grid::from_range(&r)).map_err(|e| failed(&e)),
            Book::Ods(b) => return b.worksheet_range(sheet).map(|r| Grid::from_range(&r)).map_err(|e| failed(&e)),
        }
        Ok(Grid::new(collect.cells()))
    }
}

/// Reads a workbook whose bytes are in memory; the kind comes from its
/// first bytes (an .xlsb is told by its name). A damaged file on which
/// calamine panics (its .xls reader slices out of range on some, found by
/// fuzzing) is refused like any file it cannot read.
pub(super) fn from_bytes(bytes: Vec<u8>, path: &Path, name: &str, want: &Want) -> Result<Table<'static>, DataError> {
    crate::contain::quietly(|| read(bytes, path, name, want)).unwrap_or_else(|p| {
        Err(DataError::new(Location::file(name), format!("cannot read the workbook: it is damaged (the reader failed: {})", p.message))
            .expected("a workbook saved by Excel or LibreOffice"))
    })
}

fn read(bytes: Vec<u8>, path: &Path, name: &str, want: &Want) -> Result<Table<'static>, DataError> {
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
    let beyond = |b: Beyond| {
        let mut at = Location::file(name);
        if let Some(s) = &b.sheet {
            at = at.in_sheet(s);
        }
        if let Some(c) = b.cell {
            at = at.at_cell(c);
        }
        DataError::new(at, b.message).expected(b.expected)
    };
    // calamine reads an .xls or .ods whole as it opens it: measured first.
    match kind {
        Kind::Xls => biff::check(&bytes).map_err(beyond)?,
        Kind::Ods => opendocument::check(&bytes).map_err(beyond)?,
        Kind::Xlsx => extent::shared_strings(&bytes).map_err(beyond)?,
        Kind::Xlsb => {}
    }
    let cursor = Cursor::new(bytes);
    let mut book = match kind {
        Kind::Xlsx => Book::Xlsx(Xlsx::new(cursor).map_err(|e| bad(e.to_string()))?),
        Kind::Xlsb => Book::Xlsb(Xlsb::new(cursor).map_err(|e| bad(e.to_string()))?),
        Kind::Xls => Book::Xls(Xls::new(cursor).map_err(|e| bad(e.to_string()))?),
        Kind::Ods => Book::Ods(Ods::new(cursor).map_err(|e| bad(e.to_string()))?),
    };
    let names = book.sheet_names();
    let mut warnings = Vec::new();
    let (sheet, grid, header_at) = match &want.sheet {
        Some(s) => {
            if !names.contains(s) {
                let hint = crate::suggest::nearest(s, names.iter().map(|n| (n.as_str(), n.as_str()))).map(|n| format!("; is '{n}' meant?")).unwrap_or_default();
                return Err(DataError::new(Location::file(name), format!("the workbook has no sheet '{s}'{hint}")).value(s.as_str()).expected(format!("one of its sheets: {}", quoted(&names))));
            }
            let grid = match book.grid(s) {
                Ok(g) => g,
                Err(Unread::Failed(e)) => return Err(bad(e)),
                Err(Unread::Beyond(b)) => return Err(beyond(b)),
            };
            let Some(at) = header_row(&grid, want) else {
                return Err(no_header(&grid, name, s, want));
            };
            (s.clone(), grid, at)
        }
        None => {
            let mut first_sheet: Option<(String, Grid)> = None;
            let mut found = None;
            for s in &names {
                let grid = match book.grid(s) {
                    Ok(g) => g,
                    // A chart sheet or an unreadable sheet has no table: look at the next.
                    Err(Unread::Failed(_)) => continue,
                    // A sheet too big to read is never passed over in silence.
                    Err(Unread::Beyond(b)) => return Err(beyond(b)),
                };
                if let Some(at) = header_row(&grid, want) {
                    found = Some((s.clone(), grid, at));
                    break;
                }
                first_sheet.get_or_insert((s.clone(), grid));
            }
            match (found, first_sheet) {
                (Some(f), _) => f,
                (None, Some((s, grid))) if names.len() == 1 => return Err(no_header(&grid, name, &s, want)),
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
    let (first_row, first_column) = grid.start();
    // The header spans the sheet's width, as a dense range had it: its blank
    // cells on the right are columns that must stay blank.
    let mut header = texts(&grid, header_at);
    header.resize(grid.width(), String::new());
    let min_width = header.iter().rposition(|h| !h.trim().is_empty()).map_or(0, |i| i + 1);
    let first_row = first_row as usize;
    let rows = SheetRows { grid, next: header_at + 1, at: 0, first_row, min_width, cells: Vec::new() };
    let mut table = Table::new(Rows::Sheet(rows), name, Some(&sheet), Some(first_column), first_row + header_at + 1, header)?;
    table.warnings = warnings;
    Ok(table)
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")
}

/// The texts of a row's cells (an error cell reads as its error), from the
/// sheet's first column to the row's last cell.
fn texts(grid: &Grid, row: usize) -> Vec<String> {
    let cells = grid.row(row);
    let mut out = vec![String::new(); cells.last().map_or(0, |c| grid.column(c) + 1)];
    for c in cells {
        if let Some(s) = out.get_mut(grid.column(c)) {
            cell::text(&c.2, s).unwrap_or_else(|e| *s = e);
        }
    }
    out
}

/// The header's row, counted from the sheet's first row.
fn header_row(grid: &Grid, want: &Want) -> Option<usize> {
    (0..grid.height().min(HEADER_SEARCH)).find(|&r| {
        let cells = texts(grid, r);
        is_header(cells.iter().map(String::as_str), want)
    })
}

/// The message for a sheet without the header: what its first row holds.
fn no_header(grid: &Grid, name: &str, sheet: &str, want: &Want) -> DataError {
    let at = Location::file(name).in_sheet(sheet);
    let expected = want.expected.clone().unwrap_or_else(|| format!("a header row with {}", want.key_text()));
    let first_row = grid.start().0 as usize;
    let Some((i, cells)) = (0..grid.height()).map(|r| (r, texts(grid, r))).find(|(_, c)| c.iter().any(|t| !t.trim().is_empty())) else {
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
