//! Writing results: formats, languages, terminal tables (width, colours),
//! warnings (the user's apart from the catalogue's notes), and files.
//!
//! `--out PATH` never replaces anything that is not a regular file:
//! - a regular file, or a path that does not exist yet, is written whole or
//!   not at all (a temporary file beside it, synced, then renamed over it;
//!   an existing file keeps its permissions);
//! - a symbolic link is followed: its target is written that way and the
//!   link stays a link;
//! - a character device or a pipe (`/dev/stdout`, `/dev/null`, a FIFO, a
//!   shell's `>(...)`) is written directly, as a stream: it is never renamed
//!   over, and a write error (`/dev/full`) is reported;
//! - a directory, a block device or a socket is refused;
//! - `-` is standard output.

use std::fs::Metadata;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use chitieu_core::evaluation::Status;
use chitieu_core::report::words;
use chitieu_core::Lang;
use clap::ValueEnum;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Table, Width};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
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

/// Writes `text` to standard output (`out` None or `-`), or to the path `out`
/// as the module doc says: whole or not at all for a file, directly for a
/// device or a pipe, never replacing anything that is not a regular file.
pub fn emit(text: &str, out: Option<&Path>) -> Result<(), String> {
    emit_with(out, |w| w.write_all(text.as_bytes()))
}

/// Like `emit`, for output written piece by piece by `write` (a national run
/// is never held in memory whole).
pub fn emit_with(out: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), String> {
    let path = match out {
        Some(p) if p.as_os_str() != "-" => p,
        _ => {
            let mut o = std::io::BufWriter::with_capacity(BUFFER, std::io::stdout().lock());
            return write(&mut o).and_then(|_| o.flush()).map_err(|e| format!("cannot write to standard output: {e}"));
        }
    };
    let fail = |p: &Path, m: &dyn std::fmt::Display| format!("{}: cannot write the output: {m}", p.display());
    let target = follow_links(path).map_err(|e| fail(path, &e))?;
    match std::fs::metadata(&target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => replace_file(write, &target, None).map_err(|e| fail(&target, &e)),
        Err(e) => Err(fail(&target, &e)),
        Ok(m) if m.is_file() => replace_file(write, &target, Some(&m)).map_err(|e| fail(&target, &e)),
        Ok(m) if is_stream(&m) => stream(write, &target).map_err(|e| fail(&target, &e)),
        Ok(m) => Err(fail(&target, &format!("it is {}, not a file; nothing was written", kind(&m)))),
    }
}

/// The buffer between the writer of the output and where it goes.
const BUFFER: usize = 1 << 20;

/// The path a chain of symbolic links ends at (which may not exist yet).
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::new(std::io::ErrorKind::Other, "too many levels of symbolic links"))
}

/// A character device or a pipe: written as a stream, never replaced.
fn is_stream(m: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        m.file_type().is_char_device() || m.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        false
    }
}

/// What a path that is not a file is, in words.
fn kind(m: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if m.file_type().is_block_device() {
            return "a block device";
        }
        if m.file_type().is_socket() {
            return "a socket";
        }
    }
    if m.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Writes a device or pipe in place.
fn stream(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>, path: &Path) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::with_capacity(BUFFER, std::fs::OpenOptions::new().write(true).open(path)?);
    write(&mut f)?;
    f.flush()
}

/// Writes a regular file whole or not at all: a temporary file in the same
/// directory, synced, given the old file's permissions, renamed over it.
fn replace_file(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>, path: &Path, old: Option<&Metadata>) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".chitieu-out.").suffix(".tmp").tempfile_in(dir)?;
    let mut buffered = std::io::BufWriter::with_capacity(BUFFER, tmp.as_file_mut());
    write(&mut buffered)?;
    buffered.flush()?;
    drop(buffered);
    if let Some(m) = old {
        tmp.as_file().set_permissions(m.permissions())?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map(drop).map_err(|e| e.error)
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

/// CSV text of rows of fields (the first row is the header), quoted by the csv crate.
#[allow(clippy::expect_used)] // Writing to a Vec<u8> cannot fail, and fields that are Rust strings give UTF-8.
pub fn csv_rows<R, F>(rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 fields is UTF-8")
}

/// The JSON text of a value, pretty and ending with a newline.
#[allow(clippy::expect_used)] // A serde_json::Value always serialises (its map keys are strings).
pub fn json_text(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON values serialise");
    s.push('\n');
    s
}
