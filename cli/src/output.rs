//! Writing results: formats, languages, terminal tables (width, colours),
//! warnings (the user's apart from the catalogue's notes), and files.
//!
//! `--out PATH` is written by `chitieu_core::output` (never replacing
//! anything that is not a regular file: a file whole or not at all, a link's
//! target, a device or pipe in place, a directory refused); `-` is standard
//! output.

use std::io::{IsTerminal, Write};
use std::path::Path;

use chitieu_core::evaluation::Status;
use chitieu_core::report::words;
use chitieu_core::Lang;
use clap::ValueEnum;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table, Width};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for the terminal.
    Table,
    Json,
    Csv,
    /// An Excel workbook (.xlsx), written to the file of --out; the default when --out ends in .xlsx.
    Xlsx,
}

/// Whether `out` names a workbook by its extension.
pub fn is_xlsx(out: &Path) -> bool {
    out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// The file a workbook goes to: never standard output, whose reader expects text.
pub fn workbook_file(out: Option<&Path>) -> Result<&Path, String> {
    match out {
        Some(p) if p.as_os_str() != "-" => Ok(p),
        _ => Err("a workbook (.xlsx) is not written to standard output: give --out FILE.xlsx".to_string()),
    }
}

/// The format of a result: `--format` when given (a workbook must then go to
/// a .xlsx file), else a workbook when `--out` ends in .xlsx, else the table.
pub fn resolve_format(format: Option<Format>, out: Option<&Path>) -> Result<Format, String> {
    let named_xlsx = out.is_some_and(is_xlsx);
    match format {
        Some(Format::Xlsx) => workbook_file(out).map(|_| Format::Xlsx),
        Some(f) if named_xlsx => Err(format!("--out {} names a workbook, but --format {} was asked: use --format xlsx, or another file name", out.map(|p| p.display().to_string()).unwrap_or_default(), f.name())),
        Some(f) => Ok(f),
        None if named_xlsx => Ok(Format::Xlsx),
        None => Ok(Format::Table),
    }
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Vi,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        }
    }
}

/// How the terminal output looks: its width and whether it is coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    pub width: u16,
    pub colour: bool,
}

impl Term {
    /// Colours only when the table goes to a terminal (not to `--out` or a
    /// pipe), `NO_COLOR` is unset or empty and `TERM` is not `dumb`. Width:
    /// `COLUMNS` when set, else the terminal's, else 160 for files and pipes.
    pub fn detect(out: Option<&Path>) -> Term {
        let tty = out.is_none_or(|p| p.as_os_str() == "-") && std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<u16>().ok()).filter(|c| *c >= 40);
        let terminal = if tty { Table::new().width() } else { None };
        Term { width: columns.or(terminal).unwrap_or(160), colour: tty && !no_color && !dumb }
    }
}

/// A status as a person reads it in the terminal: core's words, the decisive ones in capitals.
pub fn status_word(s: Status, lang: Lang) -> String {
    let w = words::status(s, lang);
    match s {
        Status::Met | Status::NotMet => w.to_uppercase(),
        _ => w.to_string(),
    }
}

/// The colour of a status: green met, red not met, yellow no data, grey not applicable.
pub fn status_colour(key: &str) -> Color {
    match key {
        "met" | "certified" | "eligible" => Color::Green,
        "not_met" | "not_certified" | "not_eligible" => Color::Red,
        "no_data" => Color::Yellow,
        _ => Color::DarkGrey,
    }
}

/// A status cell: its words, coloured by `key` (a status or decision) when the table is.
pub fn status_cell(words: String, key: &str) -> Cell {
    let cell = Cell::new(words).fg(status_colour(key));
    if matches!(key, "not_met" | "not_certified" | "not_eligible") {
        cell.add_attribute(Attribute::Bold)
    } else {
        cell
    }
}

/// A terminal table at the terminal's width, coloured only when `term` says so.
/// Column 0 is `#` when `numbered`; `status` is the column kept as wide as its
/// words; `ids` is the column that must hold its longest id whole (names shrink instead).
pub fn table(headers: Vec<&str>, term: Term, status: Option<usize>, ids: Option<(usize, usize)>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_header(headers);
    t.set_width(term.width);
    if term.colour {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    if let Some(c) = status.and_then(|i| t.column_mut(i)) {
        c.set_constraint(ColumnConstraint::ContentWidth);
    }
    if let Some((i, longest)) = ids {
        // At least the longest id; on a wide terminal a third of it, so names
        // wrap less (comfy-table fixes a lower-bounded column at its bound).
        // comfy-table's bound includes the cell's padding of one space each side.
        let bound = u16::try_from(longest).unwrap_or(u16::MAX).saturating_add(2).max(term.width / 3);
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(bound)));
        }
    }
    t
}

/// A paragraph wrapped at the terminal's width: `first` before its first
/// line, continuation lines indented as deep as `first`, ending with a newline.
pub fn paragraph(first: &str, text: &str, term: Term) -> String {
    hanging(first, &" ".repeat(textwrap::core::display_width(first)), text, term)
}

/// A paragraph wrapped at the terminal's width: `first` before its first
/// line, `indent` before the others, ending with a newline.
fn hanging(first: &str, indent: &str, text: &str, term: Term) -> String {
    let options = textwrap::Options::new(usize::from(term.width).max(40)).initial_indent(first).subsequent_indent(indent).break_words(false);
    let mut s = textwrap::fill(text, options);
    s.push('\n');
    s
}

/// Writes `text` (or a workbook's bytes) to standard output (`out` None or
/// `-`), or to the path `out` as `chitieu_core::output` says: whole or not at
/// all for a file, directly for a device or a pipe, never replacing anything
/// that is not a regular file.
pub fn emit(text: impl AsRef<[u8]>, out: Option<&Path>) -> Result<(), String> {
    let text = text.as_ref();
    emit_with(out, |w| w.write_all(text))
}

/// Like `emit`, for output written piece by piece by `write` (a national run
/// is never held in memory whole).
pub fn emit_with(out: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), String> {
    match out {
        Some(path) if path.as_os_str() != "-" => chitieu_core::output::write_whole_with(path, write).map_err(|e| format!("{}: cannot write the output: {e}", path.display())),
        _ => {
            let mut o = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            write(&mut o).and_then(|_| o.flush()).map_err(|e| format!("cannot write to standard output: {e}"))
        }
    }
}

/// Warnings for a terminal: problems with the user's data or request first,
/// marked ⚠; then the catalogue's own notes about the documents (the 590/580
/// gap of an allocation table...), marked ⓘ and kept apart so they do not
/// read like a problem with the user's figures.
pub fn warning_lines(warnings: &[chitieu_core::warning::Warning], lang: Lang, term: Term) -> String {
    use chitieu_core::warning::Source;
    let vi = lang == Lang::Vi;
    let mut s = String::new();
    for w in warnings.iter().filter(|w| w.source != Source::Catalogue) {
        s.push_str(&paragraph(if vi { "⚠ Cảnh báo: " } else { "⚠ Warning: " }, w.message(lang), term));
    }
    for w in warnings.iter().filter(|w| w.source == Source::Catalogue) {
        // The label is long: continuation lines are indented under the ⓘ only.
        let first = if vi { "ⓘ Ghi chú về văn bản (không phải lỗi số liệu): " } else { "ⓘ Note on the documents (not about your data): " };
        s.push_str(&hanging(first, "  ", w.message(lang), term));
    }
    s
}

pub use chitieu_core::output::csv_rows;

/// The JSON text of a value, pretty and ending with a newline.
#[allow(clippy::expect_used)] // A serde_json::Value always serialises (its map keys are strings).
pub fn json_text(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON values serialise");
    s.push('\n');
    s
}
