//! An .ods measured before calamine opens it.
//!
//! calamine 0.38 reads every sheet of an .ods as it opens the file: it
//! copies a cell `table:number-columns-repeated` times (up to 16,384), a row
//! `table:number-rows-repeated` times (up to 1,048,576) once the sheet is
//! laid out densely, and a text's `<text:s text:c="…"/>` as that many
//! spaces. A few hundred bytes can so ask for any amount of memory (see
//! [`super::extent`]). This reads `content.xml` the way calamine does (the
//! same XML reader and settings, the same elements) without copying
//! anything, and counts what calamine would hold: the cells of the rows as
//! written, the cells of the laid-out rectangles, and the bytes of their
//! texts. Beyond [`MAX_LAID_OUT`] cells or [`MAX_TEXT`] bytes the file is
//! refused, naming the sheet.

use std::io::{BufReader, Cursor};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use quick_xml::Reader;

use super::extent::{Beyond, MAX_LAID_OUT};

/// The most bytes of text calamine may hold for an .ods (its cells' texts
/// and formulas, as copied by repeats).
const MAX_TEXT: u64 = 1 << 29;

/// calamine's caps on repeats.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// Measures the .ods in `bytes` (a zip archive).
pub(super) fn check(bytes: &[u8]) -> Result<(), Beyond> {
    // An archive calamine cannot open is refused by calamine.
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return Ok(()) };
    let Ok(content) = zip.by_name("content.xml") else { return Ok(()) };
    let mut reader = Reader::from_reader(BufReader::new(content));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut scan = Scan { reader, buf: Vec::new(), total: Total::default() };
    scan.document().map_err(|e| match e {
        Stop::Beyond(b) => b,
        Stop::Damaged(e) => Beyond {
            sheet: None,
            cell: None,
            message: format!("cannot read the workbook: its content.xml is damaged ({e})"),
            expected: "a workbook saved by LibreOffice or Excel".to_string(),
        },
    })
}

/// What calamine would hold for the sheets read so far.
#[derive(Default)]
struct Total {
    /// Cells as written (a repeated cell copied), then as laid out.
    written: u64,
    laid_out: u64,
    /// Bytes of text in each.
    written_text: u64,
    text: u64,
}

enum Stop {
    Beyond(Beyond),
    Damaged(String),
}

impl From<quick_xml::Error> for Stop {
    fn from(e: quick_xml::Error) -> Stop {
        Stop::Damaged(e.to_string())
    }
}

/// A cell as calamine reads it: whether it holds a value or formula, and the bytes of its texts.
struct CellRead {
    filled: bool,
    text: u64,
}

struct Scan<R> {
    reader: Reader<R>,
    buf: Vec<u8>,
    total: Total,
}

/// An attribute's raw value (the first of that name), as calamine's `raw_attr`.
fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, Stop> {
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|e| Stop::Damaged(e.to_string()))?;
        if a.key.as_ref() == name {
            return Ok(Some(a.value.into_owned()));
        }
    }
    Ok(None)
}

/// A repeat count; what calamine cannot parse ends its reading with an error.
fn count(value: Option<String>) -> Result<u64, Stop> {
    let Some(v) = value else { return Ok(1) };
    let text = v;
    text.trim().parse::<u64>().or_else(|_| text.parse::<usize>().map(|n| n as u64)).map_err(|_| Stop::Damaged(format!("a repeat count '{text}' that is not a number")))
}

impl<R: std::io::BufRead> Scan<R> {
    fn event(&mut self) -> Result<Event<'static>, Stop> {
        self.buf.clear();
        Ok(self.reader.read_event_into(&mut self.buf)?.into_owned())
    }

    fn document(&mut self) -> Result<(), Stop> {
        loop {
            match self.event()? {
                Event::Start(e) if e.name() == QName("table:table") => {
                    if let Some(name) = attr(&e, "table:name")? {
                        self.table(&name)?;
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// One sheet: its rows until the table ends.
    fn table(&mut self, sheet: &str) -> Result<(), Stop> {
        let mut rows_so_far = 0u64;
        // The rows from the first filled one to the last: how many (repeats
        // counted), and the span of their filled columns.
        let mut laid = Laid::default();
        loop {
            match self.event()? {
                Event::Start(e) if e.name() == QName("table:table-row") => {
                    let repeats = count(attr(&e, "table:number-rows-repeated")?)?.min(MAX_ROWS.saturating_sub(rows_so_far));
                    rows_so_far += repeats;
                    let row = self.row(sheet)?;
                    laid.add(repeats, &row);
                    self.check(sheet, &laid)?;
                }
                Event::End(e) if e.name() == QName("table:table") => break,
                Event::Eof => break,
                _ => {}
            }
        }
        self.total.laid_out = self.total.laid_out.saturating_add(laid.cells());
        self.total.text = self.total.text.saturating_add(laid.text);
        Ok(())
    }

    fn check(&self, sheet: &str, laid: &Laid) -> Result<(), Stop> {
        let cells = self.total.laid_out.saturating_add(laid.cells());
        let text = self.total.text.saturating_add(laid.text);
        if cells > MAX_LAID_OUT {
            return Err(Stop::Beyond(Beyond::laid_out(sheet, (laid.rows, laid.width()), cells, ".ods")));
        }
        if self.total.written > MAX_LAID_OUT {
            return Err(Stop::Beyond(Beyond {
                sheet: Some(sheet.to_string()),
                cell: None,
                message: format!("the sheet's rows hold more than {MAX_LAID_OUT} cells as written (repeated cells counted: table:number-columns-repeated)"),
                expected: "a smaller table, or the workbook saved as .xlsx or CSV".to_string(),
            }));
        }
        if text > MAX_TEXT || self.total.written_text > MAX_TEXT {
            return Err(Stop::Beyond(Beyond {
                sheet: Some(sheet.to_string()),
                cell: None,
                message: format!("the sheet's texts come to more than {MAX_TEXT} bytes once repeated cells, rows and spaces (text:s) are counted"),
                expected: "a smaller table, or the workbook saved as .xlsx or CSV".to_string(),
            }));
        }
        Ok(())
    }

    /// One row, as calamine's `read_row`: the cells it would push.
    fn row(&mut self, sheet: &str) -> Result<Row, Stop> {
        let mut row = Row::default();
        let mut pending_blank = 0u64;
        loop {
            match self.event()? {
                Event::Start(e) if e.name() == QName("table:table-cell") || e.name() == QName("table:covered-table-cell") => {
                    let repeats = count(attr(&e, "table:number-columns-repeated")?)?;
                    let cell = self.cell(&e, sheet)?;
                    let blanks = pending_blank.min(MAX_COLUMNS.saturating_sub(row.width));
                    row.width += blanks;
                    pending_blank = 0;
                    let copies = repeats.min(MAX_COLUMNS.saturating_sub(row.width));
                    if cell.filled {
                        row.first.get_or_insert(row.width);
                        row.width += copies;
                        row.last = row.width;
                        row.text = row.text.saturating_add(copies.saturating_mul(cell.text));
                    } else {
                        pending_blank = copies;
                    }
                    self.total.written = self.total.written.saturating_add(blanks + if cell.filled { copies } else { 0 });
                    self.total.written_text = self.total.written_text.saturating_add(if cell.filled { copies.saturating_mul(cell.text) } else { 0 });
                    if self.total.written > MAX_LAID_OUT || self.total.written_text > MAX_TEXT {
                        self.check(sheet, &Laid::default())?;
                    }
                }
                Event::End(e) if e.name() == QName("table:table-row") => return Ok(row),
                // calamine stops with an error on anything else in a row.
                _ => return Ok(row),
            }
        }
    }

    /// One cell, as calamine's `get_datatype`, reading to its end.
    fn cell(&mut self, e: &BytesStart<'static>, sheet: &str) -> Result<CellRead, Stop> {
        let (mut value_set, mut string, mut error, mut formula) = (false, false, false, 0u64);
        let mut text = 0u64;
        let mut empty_string_value = false;
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|e| Stop::Damaged(e.to_string()))?;
            let len = a.value.len() as u64;
            match a.key.as_ref() {
                "office:value" | "office:boolean-value" if !value_set => value_set = true,
                "office:string-value" | "office:date-value" | "office:time-value" if !value_set => {
                    value_set = true;
                    text = len;
                    empty_string_value = a.key.as_ref() == "office:string-value" && len == 0;
                }
                "office:value-type" if !value_set => string = a.value.as_ref() == "string",
                "calcext:value-type" => error = a.value.as_ref() == "error",
                "table:formula" => formula = len,
                _ => {}
            }
        }
        if (!value_set && string) || (error && empty_string_value) {
            let mut bytes = 0u64;
            loop {
                match self.event()? {
                    Event::Text(t) => bytes = bytes.saturating_add(t.len() as u64),
                    Event::GeneralRef(r) => bytes = bytes.saturating_add(r.len() as u64 + 4),
                    Event::End(end) if end.name() == QName("table:table-cell") || end.name() == QName("table:covered-table-cell") => break,
                    Event::Start(s) if s.name() == QName("office:annotation") => loop {
                        match self.event()? {
                            Event::End(end) if end.name() == QName("office:annotation") => break,
                            Event::Eof => return Ok(CellRead { filled: true, text: bytes.saturating_add(formula) }),
                            _ => {}
                        }
                    },
                    Event::Start(s) if s.name() == QName("text:s") => {
                        let spaces = count(attr(&s, "text:c")?)?;
                        bytes = bytes.saturating_add(spaces);
                        if bytes > MAX_TEXT {
                            return Err(Stop::Beyond(Beyond {
                                sheet: Some(sheet.to_string()),
                                cell: None,
                                message: format!("a cell's text claims {spaces} spaces (text:s text:c), more than the {MAX_TEXT} bytes of text chitieu reads"),
                                expected: "a workbook saved by LibreOffice or Excel".to_string(),
                            }));
                        }
                    }
                    Event::Start(_) => bytes = bytes.saturating_add(1),
                    Event::Eof => break,
                    _ => {}
                }
            }
            return Ok(CellRead { filled: true, text: bytes.saturating_add(formula) });
        }
        let mut skip = Vec::new();
        self.reader.read_to_end_into(e.name(), &mut skip)?;
        Ok(CellRead { filled: value_set || formula > 0, text: text.saturating_add(formula) })
    }
}

/// The cells calamine pushes for one row: how many, the first and last
/// filled (exclusive end), and the bytes of their texts.
#[derive(Default)]
struct Row {
    width: u64,
    first: Option<u64>,
    last: u64,
    text: u64,
}

/// A sheet's laid-out rectangle so far.
#[derive(Default)]
struct Laid {
    /// Rows from the first filled to the last filled, and those since the last filled.
    rows: u64,
    since_last: u64,
    /// Filled columns: first and last (exclusive end).
    columns: Option<(u64, u64)>,
    text: u64,
}

impl Laid {
    fn add(&mut self, repeats: u64, row: &Row) {
        let Some(first) = row.first else {
            if self.columns.is_some() {
                self.since_last = self.since_last.saturating_add(repeats);
            }
            return;
        };
        self.columns = Some(self.columns.map_or((first, row.last), |(a, b)| (a.min(first), b.max(row.last))));
        self.rows = self.rows.saturating_add(self.since_last).saturating_add(repeats);
        self.since_last = 0;
        self.text = self.text.saturating_add(repeats.saturating_mul(row.text));
    }
    fn width(&self) -> u64 {
        self.columns.map_or(0, |(a, b)| b - a)
    }
    fn cells(&self) -> u64 {
        self.rows.saturating_mul(self.width())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn ods(rows: &str) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut out);
        let content = format!(
            "<office:document-content xmlns:office=\"o\" xmlns:table=\"t\" xmlns:text=\"x\"><office:body><office:spreadsheet>\
             <table:table table:name=\"SoLieu\">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
        );
        z.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(content.as_bytes()).unwrap();
        z.finish().unwrap();
        out.into_inner()
    }

    const DATA: &str = "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>unit_code</text:p></table:table-cell>\
        <table:table-cell office:value-type=\"float\" office:value=\"2023\"/></table:table-row>";

    #[test]
    fn blank_cells_repeated_to_the_end_as_libreoffice_writes_them_pass() {
        let tail = "<table:table-row table:number-rows-repeated=\"1048574\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>";
        assert!(check(&ods(&format!("{DATA}{tail}"))).is_ok());
    }

    #[test]
    fn blank_cells_calamine_would_still_copy_are_counted() {
        // A blank cell followed by another is copied: 16,384 blank cells a row.
        let row = "<table:table-row><table:table-cell table:number-columns-repeated=\"16384\"/><table:table-cell/></table:table-row>";
        let e = check(&ods(&format!("{DATA}{}", row.repeat(600)))).err();
        assert!(e.as_ref().is_some_and(|b| b.message.contains("as written") && b.sheet.as_deref() == Some("SoLieu")), "{e:?}");
        assert!(check(&ods(&format!("{DATA}{}", row.repeat(400)))).is_ok());
    }
}
