//! CSV as spreadsheet programs write it: the encoding and the separator are
//! told from the first bytes and the header line, then the rows stream
//! through the csv crate into one reused record.

use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::path::Path;

use super::{lacking, Locator, Rows, Table, Want, HEADER_SEARCH};
use crate::error::{DataError, Location};
use crate::input::{Bounded, Input};

/// How much of the start of a file is looked at to tell its encoding, separator and header.
const PEEK: usize = 1 << 16;
/// The separators Excel and LibreOffice write: `,`, `;` (Vietnamese and most
/// European settings) and tab ("Unicode text").
const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

/// The rows of a CSV after its header.
pub(super) struct TextRows<'a> {
    reader: csv::Reader<Box<dyn Read + 'a>>,
    record: csv::StringRecord,
    /// A `;`-separated file is what Excel and LibreOffice write where `,` is
    /// the decimal sign (Vietnamese settings): `12,5` there is twelve and a half.
    decimal_comma: bool,
}

/// A number written with a decimal comma and nothing else: `12,5`, `-0,25`
/// (never a thousands separator: grouped thousands use `.` where `,` is decimal).
fn is_decimal_comma(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    match digits.split_once(',') {
        Some((int, frac)) => !int.is_empty() && !frac.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit()),
        None => false,
    }
}

impl TextRows<'_> {
    pub fn advance(&mut self, at: &Locator) -> Result<Option<usize>, DataError> {
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {
                let line = self.record.position().map_or(0, |p| p.line() as usize);
                if self.decimal_comma && self.record.iter().any(is_decimal_comma) {
                    let mut fixed: csv::StringRecord = self.record.iter().map(|c| if is_decimal_comma(c) { c.replacen(',', ".", 1) } else { c.to_string() }).collect();
                    fixed.set_position(self.record.position().cloned());
                    self.record = fixed;
                }
                Ok(Some(line))
            }
            Ok(false) => Ok(None),
            Err(e) => Err(csv_error(e, at)),
        }
    }
    pub fn current(&self) -> &csv::StringRecord {
        &self.record
    }
}

/// The encodings a spreadsheet program saves text in that chitieu reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// Opens a CSV file or a workbook: a workbook is told by its first bytes
/// (whatever its name), then read whole.
pub(super) fn open(input: Input, name: &str, want: &Want, path: &Path) -> Result<Table<'static>, DataError> {
    let regular = input.regular;
    let mut reader = Bounded::new(input.file, regular);
    let mut peek = Vec::with_capacity(PEEK);
    (&mut reader).take(PEEK as u64).read_to_end(&mut peek).map_err(|e| DataError::new(Location::file(name), e.to_string()))?;
    if super::sheet::Kind::from_magic(&peek).is_some() {
        let mut bytes = peek;
        reader.without_line_limit().read_to_end(&mut bytes).map_err(|e| DataError::new(Location::file(name), e.to_string()))?;
        return super::sheet::from_bytes(bytes, path, name, want);
    }
    if super::sheet::Kind::from_extension(path).is_some() {
        // Named as a workbook but not one: refused on its first bytes, never read on.
        return super::sheet::from_bytes(peek, path, name, want);
    }
    if let Some(s) = &want.sheet {
        return Err(DataError::new(Location::file(name), format!("sheet '{s}' is asked for, but this is a CSV file, which has no sheets")).expected("a workbook (.xlsx, .xlsm, .xls, .ods) when a sheet is named"));
    }
    start(peek, Box::new(reader), name, want)
}

/// Reads CSV text already in memory.
pub(super) fn from_str<'a>(text: &'a str, name: &str, want: &Want) -> Result<Table<'a>, DataError> {
    let bytes = text.as_bytes();
    let (head, rest) = bytes.split_at(bytes.len().min(PEEK));
    start(head.to_vec(), Box::new(rest), name, want)
}

/// Tells the encoding, separator and header from `peek` (the first bytes),
/// then reads on through `rest`.
fn start<'a>(peek: Vec<u8>, rest: Box<dyn Read + 'a>, name: &str, want: &Want) -> Result<Table<'a>, DataError> {
    let (encoding, bom) = encoding(&peek, name)?;
    let body = peek.get(bom..).unwrap_or_default();
    let text: Cow<str> = match encoding {
        // Bytes that are not UTF-8 are met again by the csv reader, which names their row and column.
        Encoding::Utf8 => String::from_utf8_lossy(body),
        Encoding::Utf16Le => encoding_rs::UTF_16LE.decode_without_bom_handling(body).0,
        Encoding::Utf16Be => encoding_rs::UTF_16BE.decode_without_bom_handling(body).0,
    };
    let Some((line, separator)) = find_header(&text, want) else {
        return Err(no_header(&text, name, want));
    };
    let stream: Box<dyn Read + 'a> = Box::new(Cursor::new(body.to_vec()).chain(rest));
    let stream: Box<dyn Read + 'a> = match encoding {
        Encoding::Utf8 => stream,
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let e = if encoding == Encoding::Utf16Le { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
            Box::new(encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(e)).bom_sniffing(false).build(stream))
        }
    };
    let mut reader = csv::ReaderBuilder::new().delimiter(separator).has_headers(false).flexible(true).buffer_capacity(PEEK).from_reader(stream);
    let mut record = csv::StringRecord::new();
    let file_only = Locator(std::sync::Arc::new(super::Place {
        file: name.to_string(),
        sheet: None,
        columns: Vec::new(),
        raw: Vec::new(),
        first_column: None,
        header_row: line,
    }));
    loop {
        match reader.read_record(&mut record) {
            Ok(true) if record.position().map_or(0, |p| p.line() as usize) >= line => break,
            Ok(true) => continue,
            Ok(false) => return Err(no_header(&text, name, want)),
            Err(e) => return Err(csv_error(e, &file_only)),
        }
    }
    let header: Vec<String> = record.iter().map(str::to_string).collect();
    Table::new(Rows::Text(TextRows { reader, record, decimal_comma: separator == b';' }), name, None, None, line, header)
}

/// The encoding from the first bytes, and the length of its byte-order mark.
fn encoding(peek: &[u8], name: &str) -> Result<(Encoding, usize), DataError> {
    match peek {
        [0xEF, 0xBB, 0xBF, ..] => return Ok((Encoding::Utf8, 3)),
        [0xFF, 0xFE, ..] => return Ok((Encoding::Utf16Le, 2)),
        [0xFE, 0xFF, ..] => return Ok((Encoding::Utf16Be, 2)),
        _ => {}
    }
    let Some(nul) = peek.iter().position(|b| *b == 0) else { return Ok((Encoding::Utf8, 0)) };
    // UTF-16 without a mark: text of Latin letters and digits has every other byte zero.
    let pairs = peek.chunks_exact(2).take(64);
    let n = pairs.len();
    let (le, be) = pairs.fold((0, 0), |(le, be), p| match p {
        [a, 0] if *a != 0 => (le + 1, be),
        [0, b] if *b != 0 => (le, be + 1),
        _ => (le, be),
    });
    if n > 0 && le * 4 >= n * 3 {
        return Ok((Encoding::Utf16Le, 0));
    }
    if n > 0 && be * 4 >= n * 3 {
        return Ok((Encoding::Utf16Be, 0));
    }
    Err(DataError::new(Location::file(name), format!("the file holds a NUL byte (byte {nul}): it is not text")).expected(
        "a CSV file (comma, semicolon or tab separated) or a workbook (.xlsx, .xlsm, .xls, .ods) under its own extension",
    ))
}

/// The error for bytes that are not UTF-8, saying how to save the file.
fn not_utf8(at: Location) -> DataError {
    DataError::new(at, "the text is not UTF-8: the file was probably saved in a Windows code page such as Windows-1258 (Vietnamese)").expected(
        "UTF-8 text: in Excel choose File > Save As > 'CSV UTF-8 (Comma delimited) (*.csv)'; in LibreOffice choose 'Text CSV', tick 'Edit filter settings' and pick the character set 'Unicode (UTF-8)'; or give chitieu the workbook (.xlsx, .ods) itself",
    )
}

/// The cells of a line split at `sep`, as a header is compared: trimmed,
/// without surrounding quotes.
fn split(line: &str, sep: u8) -> Vec<&str> {
    line.split(char::from(sep)).map(|c| c.trim().trim_matches('"').trim()).collect()
}

/// The header's line (1-based) and separator: the first of the first lines
/// that holds every key column, split at one of the separators.
fn find_header(text: &str, want: &Want) -> Option<(usize, u8)> {
    text.lines().take(HEADER_SEARCH).enumerate().find_map(|(i, line)| {
        SEPARATORS
            .iter()
            .filter(|s| super::is_header(split(line, **s).into_iter(), want))
            .max_by_key(|s| split(line, **s).len())
            .map(|s| (i + 1, *s))
    })
}

fn separator_name(s: u8) -> String {
    match s {
        b'\t' => "tab".to_string(),
        other => format!("'{}'", char::from(other)),
    }
}

/// What the top of a file holds when no header row was found, with the
/// separator it seems to use when it is none of those read.
fn no_header(text: &str, name: &str, want: &Want) -> DataError {
    let expected = want.expected.clone().unwrap_or_else(|| format!("a header row with {}", want.key_text()));
    let Some((i, line)) = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty()) else {
        return DataError::new(Location::file(name), "the file is empty").expected(expected);
    };
    let sep = SEPARATORS.iter().copied().max_by_key(|s| split(line, *s).len()).unwrap_or(b',');
    let found = split(line, sep);
    let shown: String = line.chars().take(120).collect();
    let mut message = format!(
        "no row of the first {HEADER_SEARCH} holds the header {}; the first row, read as {} column(s) separated by {}, lacks {}",
        want.key_text(),
        found.len(),
        separator_name(sep),
        lacking(&found, want)
    );
    // A separator chitieu does not read: the punctuation that splits the line
    // into the key names. Each distinct mark is tried once, in order of first
    // appearance (a line of thousands of the same mark is split once, not once per mark).
    let mut marks: Vec<char> = Vec::new();
    for c in line.chars().filter(|c| c.is_ascii_punctuation() && !matches!(c, '_' | '"' | '-' | '.') && !SEPARATORS.contains(&(*c as u8))) {
        if !marks.contains(&c) {
            marks.push(c);
        }
    }
    let other = marks
        .into_iter()
        .find(|c| want.key.iter().all(|k| line.split(*c).any(|f| f.trim().trim_matches('"').trim() == k)));
    if let Some(c) = other {
        message.push_str(&format!("; its columns seem separated by '{c}': save the file with ',' or ';' between columns (chitieu reads ',', ';' and tab)"));
    }
    DataError::new(Location::file(name).at_row(i + 1), message).value(shown).expected(expected)
}

/// A csv crate error as a located message.
fn csv_error(e: csv::Error, at: &Locator) -> DataError {
    let row = e.position().map(|p| p.line() as usize);
    let located = |l: Location| match row {
        Some(r) => l.at_row(r),
        None => l,
    };
    let text = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Utf8 { pos, err } => {
            let l = match pos {
                Some(p) => at.at_raw(p.line() as usize, err.field()),
                None => at.file(),
            };
            not_utf8(l)
        }
        csv::ErrorKind::Io(e) => DataError::new(located(at.file()), e.to_string()),
        _ => DataError::new(located(at.file()), format!("malformed CSV: {text}")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Table;
    use super::*;

    fn want() -> Want {
        Want::columns(&["unit_code", "period"])
    }

    fn cells(t: &mut Table) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        while let Some(r) = t.next_row().unwrap() {
            out.push(r.cells().map(str::to_string).collect());
        }
        out
    }

    #[test]
    fn the_separator_is_told_from_the_header_line() {
        for (text, sep) in [("unit_code,period,x\n22,2023,\"1\"\n", ","), ("unit_code;period;x\r\n22;2023;1\r\n", ";"), ("unit_code\tperiod\tx\n22\t2023\t1\n", "\t")] {
            let mut t = Table::from_csv_text(text, "a.csv", &want()).unwrap();
            assert_eq!(cells(&mut t), vec![vec!["22", "2023", "1"]], "separator {sep:?}");
        }
    }

    #[test]
    fn a_semicolon_file_has_decimal_commas() {
        // As Excel writes it with Vietnamese settings: `;` between cells, `,` before decimals.
        let mut t = Table::from_csv_text("unit_code;period;x\n22;2023;12,5\n\"Xã A, B\";2023;-0,25\n193;2023;1.759\n", "a.csv", &want()).unwrap();
        assert_eq!(cells(&mut t), vec![vec!["22", "2023", "12.5"], vec!["Xã A, B", "2023", "-0.25"], vec!["193", "2023", "1.759"]]);
        // Where `,` separates cells, nothing is rewritten.
        let mut t = Table::from_csv_text("unit_code,period,x\n22,2023,\"12,5\"\n", "a.csv", &want()).unwrap();
        assert_eq!(cells(&mut t), vec![vec!["22", "2023", "12,5"]]);
    }

    #[test]
    fn a_header_that_does_not_match_says_what_it_found() {
        let e = Table::from_csv_text("unit_code|period|x\n22|2023|1\n", "a.csv", &want()).err().unwrap();
        assert_eq!(e.location.row, Some(1));
        assert!(e.message.contains("read as 1 column(s)"), "{e}");
        assert!(e.message.contains("separated by '|'"), "{e}");
        let e = Table::from_csv_text("Unit_code,Period\n", "a.csv", &want()).err().unwrap();
        assert!(e.message.contains("lacks 'unit_code' (is 'Unit_code' meant?), 'period' (is 'Period' meant?)"), "{e}");
        let e = Table::from_csv_text("", "a.csv", &want()).err().unwrap();
        assert_eq!(e.message, "the file is empty");
    }

    #[test]
    fn windows_1258_bytes_get_the_way_to_save_as_utf8() {
        // "Hà Nội" in Windows-1258: 'à' is 0xE0, 'ộ' is 'ô' (0xF4) and a combining dot (0xF2).
        let bytes = b"unit_code,period,unit_name\n22,2023,H\xE0 N\xF4\xF2i\n".to_vec();
        let mut t = start(bytes, Box::new(std::io::empty()), "a.csv", &want()).unwrap();
        let e = t.next_row().err().unwrap();
        assert_eq!((e.location.row, e.location.column.as_deref()), (Some(2), Some("unit_name")));
        assert!(e.to_string().contains("Windows-1258") && e.to_string().contains("CSV UTF-8"), "{e}");
    }

    #[test]
    fn utf16_with_and_without_its_mark_is_read() {
        let text = "unit_code\tperiod\tunit_name\n22\t2023\tQuảng Ninh\n";
        let mut le: Vec<u8> = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut be: Vec<u8> = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        let bare: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        for bytes in [le, be, bare] {
            let mut t = start(bytes, Box::new(std::io::empty()), "a.txt", &want()).unwrap();
            assert_eq!(cells(&mut t), vec![vec!["22", "2023", "Quảng Ninh"]]);
        }
    }

    #[test]
    fn nul_bytes_are_not_text() {
        let e = start(vec![0; 100], Box::new(std::io::empty()), "zero.csv", &want()).err().unwrap();
        assert!(e.message.contains("NUL byte (byte 0)"), "{e}");
    }

    #[test]
    fn a_long_file_streams_past_the_peek() {
        let mut text = String::from("unit_code,period,x\n");
        for i in 0..20_000 {
            text.push_str(&format!("22,{},{i}\n", 2000 + i % 20));
        }
        let mut t = Table::from_csv_text(&text, "a.csv", &want()).unwrap();
        let all = cells(&mut t);
        assert_eq!(all.len(), 20_000);
        assert_eq!(all.last().unwrap(), &vec!["22".to_string(), "2019".to_string(), "19999".to_string()]);
    }
}
