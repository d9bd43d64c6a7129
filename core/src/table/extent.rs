//! How much of a workbook chitieu holds in memory, and the checks that keep
//! a file from claiming more.
//!
//! A workbook says where its cells are, and a reader that believes it can be
//! made to ask for any amount of memory: calamine 0.38 lays a sheet out as a
//! dense rectangle from the first cell to the last (`Range::from_sparse`), so
//! an .xls with a cell claimed at A1 and one at column 65,536 asked for 133 GB
//! and the process aborted (an allocation failure cannot be caught). Every
//! format is therefore read within a bound, and a file beyond it is refused
//! with a located error (file, sheet, what it claims, the limit): never an
//! abort, never a silent truncation.
//!
//! - .xlsx, .xlsm and .xlsb are read cell by cell (calamine's cell reader)
//!   into a sparse [`super::grid::Grid`]: memory follows the cells present.
//!   A cell beyond Excel's last, XFD1048576, is refused, and so is a sheet of
//!   more than [`MAX_CELLS`] cells. calamine reserves room for as many
//!   shared strings as an .xlsx's `sst uniqueCount` claims: more than
//!   [`MAX_CELLS`] is refused before it opens the file ([`shared_strings`]).
//! - .xls and .ods are laid out densely by calamine as the file is opened,
//!   every sheet at once, so the rectangles they would be laid out in are
//!   measured first ([`super::biff`], [`super::opendocument`]) and the file
//!   is refused when together they pass [`MAX_LAID_OUT`] cells, or when an
//!   .xls claims a cell or dimensions beyond its own grid (65,536 rows, 256
//!   columns).

use calamine::{Data, DataRef};

use super::cell;

/// The most cells a sheet of an .xlsx or .xlsb may hold: Excel's 1,048,576
/// rows of 38 columns, about 1.6 GB in memory (40 bytes a cell with its
/// position, plus the text of text cells). A longer table reads as CSV,
/// which is streamed.
pub(super) const MAX_CELLS: usize = 40_000_000;

/// The most cells calamine may lay out for the sheets of an .xls or an .ods,
/// all together (2^23: 65,536 rows of 128 columns), about 0.5 GB (a value and
/// a formula text a cell), once for .xls, twice for .ods (as read, then laid out).
pub(super) const MAX_LAID_OUT: u64 = 8_388_608;

/// Excel's grid (.xlsx, .xlsb): rows and columns.
const EXCEL_ROWS: u32 = 1_048_576;
const EXCEL_COLUMNS: u32 = 16_384;

/// A workbook that claims more than chitieu reads: where, and what.
#[derive(Debug)]
pub(super) struct Beyond {
    pub sheet: Option<String>,
    /// The cell claimed, "XFD1048577", when one cell is at fault.
    pub cell: Option<String>,
    pub message: String,
    pub expected: String,
}

impl Beyond {
    /// A sheet whose cells span more than an .xls or .ods is read with.
    pub fn laid_out(sheet: &str, (rows, columns): (u64, u64), total: u64, format: &str) -> Beyond {
        let others = if total > rows.saturating_mul(columns) { format!(" ({total} with the workbook's other sheets)") } else { String::new() };
        Beyond {
            sheet: Some(sheet.to_string()),
            cell: None,
            message: format!(
                "the sheet's cells span {rows} rows by {columns} columns, {} cells to lay out{others}; an {format} is read with at most {MAX_LAID_OUT} cells",
                rows.saturating_mul(columns)
            ),
            expected: format!("a smaller table, or the workbook saved as .xlsx (read cell by cell, up to {MAX_CELLS} cells a sheet) or as CSV (read row by row)"),
        }
    }
}

/// Checks a cell of an .xlsx or .xlsb against Excel's grid.
pub(super) fn in_excel_grid(sheet: &str, (row, column): (u32, u32)) -> Result<(), Beyond> {
    if row < EXCEL_ROWS && column < EXCEL_COLUMNS {
        return Ok(());
    }
    let at = cell::reference(row as usize + 1, column as usize);
    Err(Beyond {
        sheet: Some(sheet.to_string()),
        message: format!("the sheet claims a cell at {at} (row {}, column {}), beyond the last cell of a worksheet, XFD1048576", u64::from(row) + 1, u64::from(column) + 1),
        cell: Some(at),
        expected: format!("a workbook saved by Excel or LibreOffice: at most {EXCEL_ROWS} rows and {EXCEL_COLUMNS} columns"),
    })
}

/// Checks the count of shared strings an .xlsx claims (`<sst uniqueCount>`,
/// for which calamine 0.38 reserves room as it opens the file) in every part
/// named `sharedStrings.xml`, wherever the workbook's relationships put it.
pub(super) fn shared_strings(bytes: &[u8]) -> Result<(), Beyond> {
    use quick_xml::events::Event;
    // An archive calamine cannot open is refused by calamine.
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };
    let parts: Vec<String> = zip.file_names().flatten().filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml")).map(|n| n.into_owned()).collect();
    for part in parts {
        let Ok(file) = zip.by_name(&part) else { continue };
        let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(file));
        xml.config_mut().expand_empty_elements = true;
        let mut buf = Vec::new();
        let claim = loop {
            buf.clear();
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                    break e.attributes().with_checks(false).flatten().find(|a| a.key.as_ref() == "uniqueCount").map(|a| a.value.into_owned());
                }
                Ok(Event::Eof) | Err(_) => break None,
                Ok(_) => {}
            }
        };
        // Its digits: a count calamine cannot read reserves nothing, and more is refused than less.
        let digits: String = claim.unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
        if !digits.is_empty() && digits.trim_start_matches('0').len() > 8 || digits.parse::<usize>().is_ok_and(|n| n > MAX_CELLS) {
            return Err(Beyond {
                sheet: None,
                cell: None,
                message: format!("the workbook's shared strings ({part}) claim {digits} strings, more than the {MAX_CELLS} chitieu reads"),
                expected: "a workbook saved by Excel or LibreOffice".to_string(),
            });
        }
    }
    Ok(())
}

/// The cells of one sheet of an .xlsx or .xlsb as they are read, within
/// Excel's grid and [`MAX_CELLS`].
pub(super) struct Collect<'s> {
    sheet: &'s str,
    cells: Vec<(u32, u32, Data)>,
    /// [`MAX_CELLS`] (smaller in tests).
    limit: usize,
}

impl<'s> Collect<'s> {
    pub fn new(sheet: &'s str) -> Collect<'s> {
        Collect { sheet, cells: Vec::new(), limit: MAX_CELLS }
    }

    pub fn push(&mut self, position: (u32, u32), value: &DataRef<'_>) -> Result<(), Beyond> {
        if matches!(value, DataRef::Empty) {
            return Ok(());
        }
        in_excel_grid(self.sheet, position)?;
        if self.cells.len() >= self.limit {
            return Err(Beyond {
                sheet: Some(self.sheet.to_string()),
                cell: None,
                message: format!("the sheet holds more than {MAX_CELLS} cells, the most chitieu reads in one sheet"),
                expected: format!("at most {MAX_CELLS} cells in a sheet (1,048,576 rows of 38 columns): split the table over several files, or save it as CSV, which is read row by row"),
            });
        }
        self.cells.push((position.0, position.1, Data::from(value.clone())));
        Ok(())
    }

    pub fn cells(self) -> Vec<(u32, u32, Data)> {
        self.cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_cell_of_excel_is_in_and_the_next_is_refused() {
        let mut c = Collect::new("Huyện");
        assert!(c.push((1_048_575, 16_383), &DataRef::Int(1)).is_ok());
        let e = c.push((1_048_576, 0), &DataRef::Int(1)).err().map(|b| (b.cell, b.sheet));
        assert_eq!(e, Some((Some("A1048577".to_string()), Some("Huyện".to_string()))));
        let e = c.push((0, 16_384), &DataRef::Int(1)).err().and_then(|b| b.cell);
        assert_eq!(e.as_deref(), Some("XFE1"));
        assert_eq!(c.cells().len(), 1);
    }

    #[test]
    fn a_sheet_past_the_cell_limit_is_refused_and_blank_cells_do_not_count() {
        let mut c = Collect { limit: 2, ..Collect::new("Huyện") };
        for (i, v) in [DataRef::Int(1), DataRef::Empty, DataRef::Int(2)].iter().enumerate() {
            assert!(c.push((i as u32, 0), v).is_ok());
        }
        let e = c.push((9, 0), &DataRef::Int(3)).err().map(|b| b.message);
        assert_eq!(e.as_deref(), Some("the sheet holds more than 40000000 cells, the most chitieu reads in one sheet"));
    }
}
