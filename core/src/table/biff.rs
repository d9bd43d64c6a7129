//! An .xls measured before calamine opens it.
//!
//! calamine 0.38 reads every sheet of an .xls as it opens the file and lays
//! each out densely from the positions its cell records claim, reserving
//! room for what the sheet's DIMENSIONS record claims first: a crafted file
//! makes it ask for 133 GB and the process aborts (see [`super::extent`]).
//! This walks the BIFF records of the Workbook stream the way calamine does
//! (the sheets its BOUNDSHEET records point to, nested substreams skipped,
//! CONTINUE records joined) and refuses, before calamine runs, a cell beyond
//! column IV (BIFF has 256 columns and 65,536 rows), dimensions beyond that
//! grid, and sheets whose rectangles together pass [`MAX_LAID_OUT`].
//!
//! The compound file is opened with the `cfb` crate; every stream named
//! "Workbook" or "Book" (any case, any storage) is measured, as calamine
//! takes the first it finds by one of those names.

use std::io::{Cursor, Read};

use super::cell;
use super::extent::{Beyond, MAX_LAID_OUT};

/// BIFF's grid.
const BIFF_ROWS: u64 = 65_536;
const BIFF_COLUMNS: u64 = 256;

/// Measures the workbook in `bytes` (an OLE compound file).
pub(super) fn check(bytes: &[u8]) -> Result<(), Beyond> {
    let damaged = |e: String| Beyond {
        sheet: None,
        cell: None,
        message: format!("cannot read the workbook: it is damaged (its compound file: {e})"),
        expected: "a workbook saved by Excel or LibreOffice".to_string(),
    };
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    let streams: Vec<_> = file
        .walk()
        .filter(|e| e.is_stream() && (e.name().eq_ignore_ascii_case("Workbook") || e.name().eq_ignore_ascii_case("Book")))
        .map(|e| e.path().to_path_buf())
        .collect();
    for path in streams {
        let mut stream = Vec::new();
        // No stream is longer than the file that holds it.
        file.open_stream(&path).and_then(|s| s.take(bytes.len() as u64).read_to_end(&mut stream)).map_err(|e| damaged(e.to_string()))?;
        measure(&stream)?;
    }
    Ok(())
}

/// One BIFF record: its type and data (CONTINUE records after it are skipped, as calamine joins them).
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
}

/// Records from a position of the stream, until one is cut short.
struct Records<'a> {
    stream: &'a [u8],
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes([*b.get(at)?, *b.get(at + 1)?, *b.get(at + 2)?, *b.get(at + 3)?]))
}

impl<'a> Records<'a> {
    /// The next record's header and data, and what follows it.
    fn split(stream: &'a [u8]) -> Option<(u16, &'a [u8], &'a [u8])> {
        let kind = u16_at(stream, 0)?;
        let len = usize::from(u16_at(stream, 2)?);
        let data = stream.get(4..4 + len)?;
        Some((kind, data, stream.get(4 + len..)?))
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;
    fn next(&mut self) -> Option<Record<'a>> {
        let (kind, data, mut rest) = Records::split(self.stream)?;
        while rest.len() > 4 && u16_at(rest, 0) == Some(0x003C) {
            // A CONTINUE cut short ends the stream for calamine too.
            let (_, _, after) = Records::split(rest)?;
            rest = after;
        }
        self.stream = rest;
        Some(Record { kind, data })
    }
}

/// The sheets of a Workbook stream (their position and name), then each measured.
fn measure(stream: &[u8]) -> Result<(), Beyond> {
    let mut sheets = Vec::new();
    for r in (Records { stream }) {
        match r.kind {
            0x0085 => {
                if let Some(pos) = u32_at(r.data, 0) {
                    sheets.push((pos as usize, sheet_name(r.data.get(6..).unwrap_or_default())));
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    for (pos, name) in sheets {
        let Some(records) = stream.get(pos..) else { continue };
        let Some(((r0, c0), (r1, c1))) = span(records, &name)? else { continue };
        let (rows, columns) = (u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1);
        total = total.saturating_add(rows * columns);
        if total > MAX_LAID_OUT {
            return Err(Beyond::laid_out(&name, (rows, columns), total, ".xls"));
        }
    }
    Ok(())
}

/// A BOUNDSHEET's name: a count, a flag (UTF-16 or one byte a character), the characters.
fn sheet_name(b: &[u8]) -> String {
    let n = usize::from(b.first().copied().unwrap_or(0));
    let rest = b.get(2..).unwrap_or_default();
    if b.get(1).is_some_and(|f| f & 1 == 1) {
        let units: Vec<u16> = rest.chunks_exact(2).take(n).map(|p| u16::from_le_bytes([p.first().copied().unwrap_or(0), p.get(1).copied().unwrap_or(0)])).collect();
        String::from_utf16_lossy(&units)
    } else {
        rest.iter().take(n).map(|&c| char::from(c)).collect()
    }
    .replace('\0', "")
}

/// A rectangle of cells: its first and last (row, column).
type Corners = ((u32, u32), (u32, u32));

/// The rectangle of the cells calamine would take from one sheet's records,
/// `None` when it has none.
fn span(records: &[u8], sheet: &str) -> Result<Option<Corners>, Beyond> {
    let mut corners: Option<Corners> = None;
    let mut add = |row: u16, column: u16| -> Result<(), Beyond> {
        if u64::from(column) >= BIFF_COLUMNS {
            let at = cell::reference(usize::from(row) + 1, usize::from(column));
            return Err(Beyond {
                sheet: Some(sheet.to_string()),
                message: format!("the sheet claims a cell at {at} (column {}), beyond IV, the last of an .xls's 256 columns", u32::from(column) + 1),
                cell: Some(at),
                expected: "a workbook saved by Excel or LibreOffice: an .xls has at most 65,536 rows and 256 columns".to_string(),
            });
        }
        let (r, c) = (u32::from(row), u32::from(column));
        corners = Some(match corners {
            None => ((r, c), (r, c)),
            Some(((r0, c0), (r1, c1))) => ((r0.min(r), c0.min(c)), (r1.max(r), c1.max(c))),
        });
        Ok(())
    };
    let at = |data: &[u8]| Some((u16_at(data, 0)?, u16_at(data, 2)?));
    let mut formula = (0, 0);
    let mut seen_bof = false;
    let mut depth = 0usize;
    for r in (Records { stream: records }) {
        if depth > 0 {
            match r.kind {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match r.kind {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => dimensions(r.data, sheet)?,
            // Number, Label, RString, BoolErr, Rk, LabelSst: one cell each.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some((row, column)) = at(r.data) {
                    add(row, column)?;
                }
            }
            // String: the value of the last formula's cell.
            0x0207 => add(formula.0, formula.1)?,
            // MulRk: a row of cells from one column to another.
            0x00BD => {
                let last = r.data.len().checked_sub(2).and_then(|i| u16_at(r.data, i));
                if let (Some((row, first)), Some(last)) = (at(r.data), last) {
                    add(row, first)?;
                    if last >= first {
                        add(row, last)?;
                    }
                }
            }
            // Formula.
            0x0006 if r.data.len() >= 20 => {
                if let Some((row, column)) = at(r.data) {
                    formula = (row, column);
                    add(row, column)?;
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok(corners)
}

/// A DIMENSIONS record, read as calamine reads it (it reserves room for what
/// it claims): beyond BIFF's grid, or upside down, it is refused.
fn dimensions(data: &[u8], sheet: &str) -> Result<(), Beyond> {
    let read = |wide: bool| -> Option<(u32, u32, u32, u32)> {
        if wide {
            Some((u32_at(data, 0)?, u32_at(data, 4)?, u32::from(u16_at(data, 8)?), u32::from(u16_at(data, 10)?)))
        } else {
            Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?), u32::from(u16_at(data, 4)?), u32::from(u16_at(data, 6)?)))
        }
    };
    let claim = match data.len() {
        10 => read(false),
        14 | 16 => read(true),
        _ => None,
    };
    let Some((first_row, end_row, mut first_column, end_column)) = claim else { return Ok(()) };
    if first_column > 0xFF || end_column < first_column {
        first_column = 0;
    }
    let (last_row, last_column) = if end_row >= 1 && end_column >= 1 { (end_row - 1, end_column - 1) } else { (first_row, first_column) };
    // calamine counts rows as last - first + 1 in u32: upside down, that wraps.
    let rows = u64::from(last_row.wrapping_sub(first_row).wrapping_add(1));
    let columns = u64::from(last_column.wrapping_sub(first_column).wrapping_add(1));
    if rows > BIFF_ROWS || columns > BIFF_COLUMNS {
        return Err(Beyond {
            sheet: Some(sheet.to_string()),
            cell: None,
            message: format!(
                "the sheet's DIMENSIONS record claims rows {} to {end_row} and columns {} to {end_column}, beyond an .xls's 65,536 rows and 256 columns",
                u64::from(first_row) + 1,
                u64::from(first_column) + 1
            ),
            expected: "a workbook saved by Excel or LibreOffice".to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn number(row: u16, column: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(column.to_le_bytes());
        d.extend([0; 10]);
        record(0x0203, &d)
    }

    /// A Workbook stream: globals naming one sheet, then the sheet's records.
    fn stream(sheet: &[Vec<u8>]) -> Vec<u8> {
        let name = b"\x05\x00Sheet";
        let globals_len = (4 + 4) + (4 + 6 + name.len()) + 4;
        let mut bound = (globals_len as u32).to_le_bytes().to_vec();
        bound.extend([0, 0]);
        bound.extend(name);
        let mut s = record(0x0809, &[0; 4]);
        s.extend(record(0x0085, &bound));
        s.extend(record(0x000A, &[]));
        assert_eq!(s.len(), globals_len);
        s.extend(record(0x0809, &[0; 4]));
        for r in sheet {
            s.extend(r);
        }
        s.extend(record(0x000A, &[]));
        s
    }

    #[test]
    fn a_full_sheet_is_measured_and_a_corner_beyond_column_iv_is_refused() {
        assert!(measure(&stream(&[number(0, 0), number(65_535, 255)])).is_err(), "65,536 × 256 is more than MAX_LAID_OUT");
        assert!(measure(&stream(&[number(0, 0), number(65_535, 100)])).is_ok());
        let e = measure(&stream(&[number(0, 0), number(65_535, 65_535)])).err();
        assert_eq!(e.as_ref().and_then(|b| b.cell.as_deref()), Some("CRXP65536"));
        assert_eq!(e.and_then(|b| b.sheet), Some("Sheet".to_string()));
    }

    #[test]
    fn dimensions_upside_down_or_beyond_the_grid_are_refused() {
        let dims = |r0: u32, r1: u32, c0: u16, c1: u16| {
            let mut d = r0.to_le_bytes().to_vec();
            d.extend(r1.to_le_bytes());
            d.extend(c0.to_le_bytes());
            d.extend(c1.to_le_bytes());
            d.extend([0, 0]);
            record(0x0200, &d)
        };
        assert!(measure(&stream(&[dims(0, 65_536, 0, 256), number(3, 3)])).is_ok());
        assert!(measure(&stream(&[dims(10, 5, 0, 3)])).is_err());
        assert!(measure(&stream(&[dims(0, 70_000, 0, 3)])).is_err());
    }

    #[test]
    fn cells_in_a_nested_substream_are_not_the_sheets() {
        let chart = [record(0x0809, &[0; 4]), number(0, 0), number(60_000, 200), record(0x000A, &[])];
        assert!(measure(&stream(&chart)).is_ok());
    }
}
