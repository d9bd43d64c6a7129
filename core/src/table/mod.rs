//! Tables: any input file as a header and rows of text cells, each cell with
//! its location.
//!
//! Figures, events, the programme register and unit lists live in the
//! province's spreadsheets. People save them as CSV the way Excel or
//! LibreOffice writes it, or keep them as workbooks. Every reader of chitieu
//! takes its rows from here, so that every format is understood the same way
//! and every error names the same kind of place:
//!
//! - CSV (`text`): `,` `;` or tab, told from the header line; UTF-8 with or
//!   without a byte-order mark, or UTF-16 ("Unicode text"); other bytes
//!   (Windows-1258...) get a message saying how to save as CSV UTF-8.
//! - Workbooks (`sheet`): .xlsx, .xlsm, .xlsb, .xls and .ods through calamine;
//!   the sheet named, or the first whose rows hold the wanted header.
//!
//! In both, the header is the first row (of the first 50) that holds every
//! key column (`unit_code` and `period` for figures): a title block above it
//! is passed over. Columns whose header cell is blank must stay blank (Excel's
//! trailing `;;;`): they are ignored with a warning, and a value in one is an
//! error at its cell. Rows whose cells are all blank are skipped, with a
//! warning at the end. A header naming the same column twice is refused.
//!
//! # Cell semantics (workbooks)
//!
//! A cell becomes the text a CSV of it would hold, so one parser serves both:
//! a blank cell is `""` (missing, never zero); a text cell is its text (a
//! number typed as text is read like CSV text); a formula is its cached value;
//! a number is written as Excel shows it, with at most 15 significant digits
//! (`=4/49*49`, stored as 3.9999999999999996, is `4`); a date is `YYYY-MM-DD`
//! whatever its display format (`YYYY-MM-DDTHH:MM:SS` when it has a time); a
//! boolean is `TRUE`/`FALSE`; an error cell (`#DIV/0!`, `#N/A`) is refused
//! with its cell. See [`cell`].
//!
//! # Locations
//!
//! [`Locator::at`] turns a row number and a column into a [`Location`]:
//! "SoLieu.csv, row 12, column 'crimes_solved'" for CSV (rows count lines, the
//! header's line included), "SoLieu.xlsx, sheet 'Huyện', cell F12 (row 12,
//! column 'crimes_solved')" for a sheet (rows as the spreadsheet numbers them).
//!
//! # Bounds
//!
//! A CSV is streamed, never read whole; a workbook's bytes are read whole
//! (calamine needs them) but, like every input, within the bounds of
//! [`crate::input`]: an endless device given as input is refused with a
//! message. A workbook's cells are held only as present (`grid`): .xlsx and
//! .xlsb are read cell by cell, at most 40,000,000 cells a sheet, within
//! Excel's grid; .xls and .ods, which calamine lays out densely as it opens
//! them, are measured first and refused beyond 8,388,608 cells laid out (see
//! `table::extent`). A file beyond a bound gets an error naming the file, the
//! sheet, what it claims and the limit: never an abort, never a truncation.
//!
//! # Reading rows: the contract for loaders
//!
//! ```
//! # use chitieu_core::table::{Table, Want};
//! # fn main() -> Result<(), chitieu_core::DataError> {
//! let text = "BÁO CÁO SỐ LIỆU;;\nunit_code;period;crimes_solved\n22;2023;79\n;;\n";
//! let mut t = Table::from_csv_text(text, "SoLieu.csv", &Want::columns(&["unit_code", "period"]))?;
//! let unit = t.column("unit_code").expect("a key column is always there");
//! let mut codes = Vec::new();
//! while let Some(row) = t.next_row()? {
//!     codes.push(row.cell(unit).to_string());         // trimmed text, "" when blank
//!     let _where = row.location(unit);                // for an error about this cell
//! }
//! let warnings = t.finish();                          // e.g. "1 empty row ignored"
//! assert_eq!((codes, warnings.len()), (vec!["22".to_string()], 1));
//! # Ok(()) }
//! ```
//!
//! [`Table::next_row`] is a lending iterator: the [`Row`] borrows the table's
//! one reused buffer (a `csv::StringRecord` for CSV, one `String` per column
//! for a sheet), so reading allocates nothing per row or cell and a national
//! CSV streams at the speed of the csv crate. [`Row::cell`] is a `&str` slice
//! of that buffer. A loader that keeps positions for messages it may give
//! later (a part larger than its whole) stores `(row.number(), column)` and
//! asks [`Table::locator`]'s [`Locator::at`] when it needs the [`Location`];
//! a `Locator` is cheap to clone and outlives the table.

mod biff;
pub mod cell;
mod extent;
mod grid;
mod opendocument;
mod sheet;
mod text;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{DataError, Location};
use crate::warning::Warning;

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH: usize = 50;

/// What a reader wants: the columns that identify its header row, and the
/// sheet of a workbook when one is named.
#[derive(Clone, Debug, Default)]
pub struct Want {
    /// Every one of these names must be in the header row.
    pub key: Vec<String>,
    /// A workbook's sheet, by name; `None` takes the first sheet with the key.
    pub sheet: Option<String>,
    /// What the reader expects, for the message when no header is found.
    pub expected: Option<String>,
}

impl Want {
    pub fn columns(key: &[&str]) -> Want {
        Want { key: key.iter().map(|k| k.to_string()).collect(), sheet: None, expected: None }
    }
    pub fn expected(mut self, expected: &str) -> Want {
        self.expected = Some(expected.to_string());
        self
    }
    pub fn sheet(mut self, sheet: Option<&str>) -> Want {
        self.sheet = sheet.map(str::to_string);
        self
    }
    fn key_text(&self) -> String {
        self.key.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ")
    }
}

/// An input as a person names it: a file, and the sheet of a workbook when
/// one is named (`SoLieu.xlsx#Huyện`, or a `--sheet` option beside the path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    pub sheet: Option<String>,
}

impl Source {
    /// The file and sheet of `path` (which may end in `#Sheet`) and of
    /// `sheet`; naming two different sheets is refused.
    pub fn new(path: &Path, sheet: Option<&str>) -> Result<Source, DataError> {
        let (path, named) = split_sheet(path);
        let sheet = sheet.map(str::trim).filter(|s| !s.is_empty());
        match (named, sheet) {
            (Some(a), Some(b)) if a != b => Err(DataError::new(Location::file(&path.display().to_string()), format!("two sheets are named: '{a}' after '#' in the path and '{b}' as the sheet option"))
                .value(b)
                .expected("one sheet: either PATH#Sheet or the sheet option")),
            (named, sheet) => Ok(Source { path, sheet: named.or(sheet.map(str::to_string)) }),
        }
    }
    /// A file read as it is (a CSV, JSON or a workbook's first sheet with the header).
    pub fn file(path: &Path) -> Source {
        Source { path: path.to_path_buf(), sheet: None }
    }
    /// Whether the file is JSON (told by its extension).
    pub fn is_json(&self) -> bool {
        self.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
    }
    /// How the file is named in errors: the path as given.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
    /// Opens the table; `want.sheet` is this source's sheet.
    pub fn open(&self, want: Want) -> Result<Table<'static>, DataError> {
        Table::open(&self.path, &want.sheet(self.sheet.as_deref()))
    }
}

/// Splits `SoLieu.xlsx#Huyện` into the file and the sheet name. A path that
/// exists as given is never split (a file name may hold `#`).
fn split_sheet(path: &Path) -> (PathBuf, Option<String>) {
    if path.exists() {
        return (path.to_path_buf(), None);
    }
    let text = path.to_string_lossy();
    match text.rsplit_once('#') {
        Some((file, sheet)) if !file.is_empty() && !sheet.is_empty() && Path::new(file).exists() => (PathBuf::from(file), Some(sheet.to_string())),
        _ => (path.to_path_buf(), None),
    }
}

/// A column's place ([`Locator::place`]) at a row: the cell's letters get the row number.
pub fn with_row(mut column: Location, row: usize) -> Location {
    if let Some(c) = &mut column.cell {
        if c.bytes().all(|b| b.is_ascii_uppercase()) {
            c.push_str(&row.to_string());
        }
    }
    column.at_row(row)
}

/// Whether a file name says it is a workbook chitieu reads.
pub fn is_workbook(path: &Path) -> bool {
    sheet::Kind::from_extension(path).is_some()
}

/// A row of a table that was read, for the checks made once every row is in
/// (a registry's parents, a lineage's links): names any of its cells.
#[derive(Clone, Debug)]
pub struct RowPlace {
    locator: Locator,
    row: usize,
}

impl RowPlace {
    /// The whole row.
    pub fn row(&self) -> Location {
        self.locator.row(self.row)
    }
    /// The cell of the column `name`; the row and the column's name when the header lacks it.
    pub fn cell(&self, name: &str) -> Location {
        match self.locator.0.columns.iter().position(|c| c == name) {
            Some(i) => self.locator.at(self.row, i),
            None => self.row().at_column(name),
        }
    }
}

/// Turns row numbers and columns into [`Location`]s; cheap to clone.
#[derive(Clone, Debug)]
pub struct Locator(Arc<Place>);

#[derive(Debug)]
struct Place {
    file: String,
    sheet: Option<String>,
    /// The header's names, one per named column.
    columns: Vec<String>,
    /// For each named column, its position in the raw row.
    raw: Vec<usize>,
    /// The sheet column (0 = A) of raw position 0; `None` for CSV.
    first_column: Option<u32>,
    header_row: usize,
}

impl Locator {
    /// The file (and sheet) alone.
    pub fn file(&self) -> Location {
        let l = Location::file(&self.0.file);
        match &self.0.sheet {
            Some(s) => l.in_sheet(s),
            None => l,
        }
    }
    /// A whole row.
    pub fn row(&self, row: usize) -> Location {
        self.file().at_row(row)
    }
    /// One cell: the row and a named column (its index in the header).
    pub fn at(&self, row: usize, column: usize) -> Location {
        self.at_raw(row, self.0.raw.get(column).copied().unwrap_or(usize::MAX))
    }
    /// The header cell of a named column.
    pub fn header(&self, column: usize) -> Location {
        self.at(self.0.header_row, column)
    }
    /// The row number of the header.
    pub fn header_row(&self) -> usize {
        self.0.header_row
    }
    /// The sheet read, for a workbook.
    pub fn sheet(&self) -> Option<&str> {
        self.0.sheet.as_deref()
    }
    /// A named column's place without its row: the file, the sheet, the
    /// column's name and, in a sheet, its letters as the cell ("F"). Joined
    /// with a row by [`Location::at_row`] and [`with_row`].
    pub fn place(&self, column: usize) -> Location {
        let mut l = self.file();
        if let (Some(first), Some(raw)) = (self.0.first_column, self.0.raw.get(column)) {
            l = l.at_cell(cell::column_letters(first as usize + raw));
        }
        match self.0.columns.get(column) {
            Some(name) => l.at_column(name),
            None => l,
        }
    }
    /// A row's place, kept after the row is read, naming its cells by column name.
    pub fn row_place(&self, row: usize) -> RowPlace {
        RowPlace { locator: self.clone(), row }
    }
    /// A cell by its raw position (also unnamed columns, which have no name).
    fn at_raw(&self, row: usize, raw: usize) -> Location {
        let mut l = self.row(row);
        if let Some(first) = self.0.first_column {
            l = l.at_cell(cell::reference(row, first as usize + raw));
        }
        match self.0.raw.iter().position(|r| *r == raw).and_then(|c| self.0.columns.get(c)) {
            Some(name) => l.at_column(name),
            None => l,
        }
    }
    /// How a raw column is named in a message: its letter in a sheet, its number in CSV.
    fn raw_name(&self, raw: usize) -> String {
        match self.0.first_column {
            Some(first) => cell::column_letters(first as usize + raw),
            None => format!("{}", raw + 1),
        }
    }
}

/// The cells of the current row as the source holds them.
#[derive(Clone, Copy)]
enum Raw<'t> {
    Csv(&'t csv::StringRecord),
    Sheet(&'t [String]),
}

impl<'t> Raw<'t> {
    fn get(self, i: usize) -> Option<&'t str> {
        match self {
            Raw::Csv(r) => r.get(i),
            Raw::Sheet(s) => s.get(i).map(String::as_str),
        }
    }
    fn len(self) -> usize {
        match self {
            Raw::Csv(r) => r.len(),
            Raw::Sheet(s) => s.len(),
        }
    }
    fn is_blank(self) -> bool {
        (0..self.len()).all(|i| self.get(i).is_none_or(|c| trim(c).is_empty()))
    }
}

enum Rows<'a> {
    Text(text::TextRows<'a>),
    Sheet(sheet::SheetRows),
}

impl Rows<'_> {
    /// Reads the next row into the buffer; its row number, or `None` at the end.
    fn advance(&mut self, at: &Locator) -> Result<Option<usize>, DataError> {
        match self {
            Rows::Text(t) => t.advance(at),
            Rows::Sheet(s) => s.advance(at),
        }
    }
    fn current(&self) -> Raw<'_> {
        match self {
            Rows::Text(t) => Raw::Csv(t.current()),
            Rows::Sheet(s) => Raw::Sheet(s.current()),
        }
    }
}

/// An input file opened as a table: its header, then its rows one by one.
pub struct Table<'a> {
    source: Rows<'a>,
    locator: Locator,
    /// Raw positions of header cells that are blank: they must stay blank.
    unnamed: Vec<usize>,
    /// The raw header's width, and how many raw cells a row needs to reach every named column.
    width: usize,
    needed: usize,
    /// Blank rows passed over: how many, and the first.
    blank_rows: (usize, usize),
    /// Blank cells found beyond the header's width.
    beyond: usize,
    warnings: Vec<Warning>,
}

impl Table<'static> {
    /// Opens a CSV file or a workbook (told by its extension or its first bytes).
    pub fn open(path: &Path, want: &Want) -> Result<Table<'static>, DataError> {
        let name = path.display().to_string();
        let input = crate::input::open(path, &name)?;
        text::open(input, &name, want, path)
    }
}

impl<'a> Table<'a> {
    /// Reads CSV text already in memory; `file` names it in errors.
    pub fn from_csv_text(text: &'a str, file: &str, want: &Want) -> Result<Table<'a>, DataError> {
        text::from_str(text, file, want)
    }

    /// Builds the table once a source has found its header row (`header`: the raw cells).
    fn new(source: Rows<'a>, file: &str, sheet: Option<&str>, first_column: Option<u32>, header_row: usize, header: Vec<String>) -> Result<Table<'a>, DataError> {
        let mut columns = Vec::new();
        let mut raw = Vec::new();
        let mut unnamed = Vec::new();
        for (i, h) in header.iter().enumerate() {
            let h = h.trim().trim_start_matches('\u{feff}').trim();
            if h.is_empty() {
                unnamed.push(i);
            } else {
                columns.push(h.to_string());
                raw.push(i);
            }
        }
        let width = header.len();
        let needed = raw.last().map_or(0, |r| r + 1);
        let locator = Locator(Arc::new(Place { file: file.to_string(), sheet: sheet.map(str::to_string), columns, raw, first_column, header_row }));
        let names = &locator.0.columns;
        for (i, h) in names.iter().enumerate() {
            if names.iter().take(i).any(|p| p == h) {
                return Err(DataError::new(locator.header(i), "the same column appears twice in the header").value(h.as_str()).expected("each column once"));
            }
        }
        Ok(Table { source, locator, unnamed, width, needed, blank_rows: (0, 0), beyond: 0, warnings: Vec::new() })
    }

    /// The header's names (blank header cells are not columns).
    pub fn header(&self) -> &[String] {
        &self.locator.0.columns
    }

    /// The index of a named column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header().iter().position(|h| h == name)
    }

    pub fn locator(&self) -> &Locator {
        &self.locator
    }

    /// The next row that is not blank, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>, DataError> {
        loop {
            let Some(number) = self.source.advance(&self.locator)? else { return Ok(None) };
            let raw = self.source.current();
            if raw.is_blank() {
                if self.blank_rows.0 == 0 {
                    self.blank_rows.1 = number;
                }
                self.blank_rows.0 += 1;
                continue;
            }
            let len = raw.len();
            if len < self.needed {
                return Err(DataError::new(self.locator.row(number), format!("this row has {len} fields, the header has {}", self.width))
                    .expected("as many fields as the header (a separator missing or one too many?)"));
            }
            if let Some(i) = self.unnamed.iter().copied().chain(self.width..len).find(|i| raw.get(*i).is_some_and(|c| !c.trim().is_empty())) {
                let value = raw.get(i).unwrap_or_default().trim().to_string();
                let what = if i < self.width { "a value in a column whose header is blank" } else { "a value beyond the last column of the header" };
                return Err(DataError::new(self.locator.at_raw(number, i), format!("{what} (column {})", self.locator.raw_name(i)))
                    .value(value)
                    .expected(format!("a name in the header row (row {}) above every column that holds values", self.locator.header_row())));
            }
            self.beyond = self.beyond.max(len.saturating_sub(self.width));
            return Ok(Some(Row { raw: self.source.current(), map: &self.locator.0.raw, number, locator: &self.locator }));
        }
    }

    /// The warnings of the whole reading: call after the last row.
    pub fn finish(mut self) -> Vec<Warning> {
        let file = &self.locator.0.file;
        let unnamed = self.unnamed.len() + self.beyond;
        if unnamed > 0 {
            self.warnings.push(Warning::new(
                "empty_columns_ignored",
                format!("{file}: bỏ qua {unnamed} cột trống không có tên ở dòng tiêu đề"),
                format!("{file}: {unnamed} empty column(s) without a name in the header ignored"),
            ));
        }
        let (n, first) = self.blank_rows;
        if n > 0 {
            self.warnings.push(Warning::new(
                "empty_rows_ignored",
                format!("{file}: bỏ qua {n} dòng trống (dòng đầu tiên: {first})"),
                format!("{file}: {n} empty row(s) ignored (the first: row {first})"),
            ));
        }
        self.warnings
    }
}

/// One row of a table; borrows the table's buffer.
#[derive(Clone, Copy)]
pub struct Row<'t> {
    raw: Raw<'t>,
    /// For each named column, its position in the raw row.
    map: &'t [usize],
    number: usize,
    locator: &'t Locator,
}

impl<'t> Row<'t> {
    /// The row's number: the line of a CSV (header included), the sheet's row number.
    pub fn number(&self) -> usize {
        self.number
    }
    /// The trimmed text of a named column's cell; `""` when blank.
    pub fn cell(&self, column: usize) -> &'t str {
        trim(self.map.get(column).and_then(|i| self.raw.get(*i)).unwrap_or_default())
    }
    /// Every named column's cell, in header order.
    pub fn cells(&self) -> impl Iterator<Item = &'t str> + 't {
        let raw = self.raw;
        self.map.iter().map(move |i| trim(raw.get(*i).unwrap_or_default()))
    }
    /// Where a named column's cell is.
    pub fn location(&self, column: usize) -> Location {
        self.locator.at(self.number, column)
    }
}

/// A cell without the white space around it. Most cells begin and end with
/// a byte that is plainly not white space, and are returned at once; the
/// others go through `str::trim`, which also knows the no-break space Excel
/// leaves in cells.
fn trim(cell: &str) -> &str {
    let plain = |b: &u8| b.is_ascii_graphic();
    match cell.as_bytes() {
        [] => cell,
        [first, .., last] if plain(first) && plain(last) => cell,
        [only] if plain(only) => cell,
        _ => cell.trim(),
    }
}

/// The header row among the first rows: the first holding every key name.
fn is_header<'c>(cells: impl Iterator<Item = &'c str>, want: &Want) -> bool {
    let cells: Vec<&str> = cells.map(|c| c.trim().trim_start_matches('\u{feff}').trim()).collect();
    want.key.iter().all(|k| cells.contains(&k.as_str()))
}

/// What a table without the wanted header lacks, for messages: "lacks
/// 'period' (did you mean 'Period'?)".
fn lacking(found: &[&str], want: &Want) -> String {
    let missing: Vec<String> = want
        .key
        .iter()
        .filter(|k| !found.contains(&k.as_str()))
        .map(|k| match crate::suggest::nearest(k, found.iter().map(|f| (*f, *f))) {
            Some(n) => format!("'{k}' (is '{n}' meant?)"),
            None => format!("'{k}'"),
        })
        .collect();
    missing.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> Want {
        Want::columns(&["unit_code", "period"])
    }

    fn rows(t: &mut Table) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        while let Some(r) = t.next_row().unwrap() {
            out.push(r.cells().map(str::to_string).collect());
        }
        out
    }

    #[test]
    fn a_title_block_and_blank_columns_are_passed_over() {
        let text = "Báo cáo;;;\nKỳ 2023;;;\nunit_code;period;x;\n22;2023;5;\n;;;\n";
        let mut t = Table::from_csv_text(text, "a.csv", &figures()).unwrap();
        assert_eq!(t.header(), ["unit_code", "period", "x"]);
        assert_eq!(t.locator().header_row(), 3);
        assert_eq!(rows(&mut t), vec![vec!["22", "2023", "5"]]);
        let w = t.finish();
        assert_eq!(w.iter().map(|w| w.code.as_str()).collect::<Vec<_>>(), ["empty_columns_ignored", "empty_rows_ignored"]);
        assert!(w[1].message_en.contains("the first: row 5"), "{}", w[1].message_en);
    }

    #[test]
    fn a_value_under_a_blank_header_is_an_error_at_its_place() {
        let mut t = Table::from_csv_text("unit_code,period,,\n22,2023,,7\n", "a.csv", &figures()).unwrap();
        let e = t.next_row().err().unwrap();
        assert_eq!(e.to_string(), "a.csv, row 2: a value in a column whose header is blank (column 4): '7' (expected a name in the header row (row 1) above every column that holds values)");
    }

    #[test]
    fn cells_are_trimmed_of_every_white_space() {
        for (cell, want) in [("", ""), ("7", "7"), ("79", "79"), (" 79", "79"), ("79 ", "79"), ("\u{a0}79\u{a0}", "79"), ("\t", ""), ("Hà Nội", "Hà Nội"), ("ộ", "ộ"), (" ộ ", "ộ")] {
            assert_eq!(trim(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn a_column_named_twice_is_refused() {
        let e = Table::from_csv_text("unit_code,period,x,x\n", "a.csv", &figures()).err().unwrap();
        assert_eq!((e.location.row, e.location.column.as_deref()), (Some(1), Some("x")));
    }

    #[test]
    fn a_sheet_is_named_after_a_hash_only_when_the_path_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("SoLieu.xlsx");
        std::fs::write(&f, b"x").unwrap();
        let spec = PathBuf::from(format!("{}#Huyện", f.display()));
        assert_eq!(split_sheet(&spec), (f.clone(), Some("Huyện".to_string())));
        assert_eq!(split_sheet(&f), (f.clone(), None));
        let odd = dir.path().join("a#b.csv");
        std::fs::write(&odd, b"x").unwrap();
        assert_eq!(split_sheet(&odd), (odd.clone(), None));
        let e = Source::new(&spec, Some("Xã")).unwrap_err();
        assert!(e.message.contains("two sheets are named: 'Huyện'"), "{e}");
        assert_eq!(Source::new(&spec, Some("Huyện")).unwrap(), Source { path: f.clone(), sheet: Some("Huyện".to_string()) });
        assert_eq!(Source::new(&f, Some(" Xã ")).unwrap().sheet.as_deref(), Some("Xã"));
    }

    #[test]
    fn a_column_joined_with_a_row_is_the_cell() {
        let t = Table::from_csv_text("unit_code,period\n", "a.csv", &figures()).unwrap();
        let l = with_row(t.locator().place(1), 7);
        assert_eq!(l.to_string(), "a.csv, row 7, column 'period'");
    }
}
