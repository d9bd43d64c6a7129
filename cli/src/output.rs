//! Writing results: formats, languages, and files written whole or not at all.
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
use std::io::Write;
use std::path::{Path, PathBuf};

use chitieu_core::Lang;
use clap::ValueEnum;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

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

/// A status as a person reads it.
pub fn status_word(s: &str, lang: Lang) -> &'static str {
    match (s, lang) {
        ("met", Lang::Vi) => "ĐẠT",
        ("not_met", Lang::Vi) => "KHÔNG ĐẠT",
        ("no_data", Lang::Vi) => "thiếu số liệu",
        ("not_applicable", Lang::Vi) => "không áp dụng",
        ("met", Lang::En) => "MET",
        ("not_met", Lang::En) => "NOT MET",
        ("no_data", Lang::En) => "no data",
        ("not_applicable", Lang::En) => "n/a",
        _ => "?",
    }
}

/// A terminal table that wraps to the terminal's width.
pub fn table(headers: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_header(headers);
    if t.width().is_none() {
        t.set_width(160);
    }
    t
}

/// Writes `text` to standard output (`out` None or `-`), or to the path `out`
/// as the module doc says: whole or not at all for a file, directly for a
/// device or a pipe, never replacing anything that is not a regular file.
pub fn emit(text: &str, out: Option<&Path>) -> Result<(), String> {
    let path = match out {
        Some(p) if p.as_os_str() != "-" => p,
        _ => {
            let mut o = std::io::stdout().lock();
            return o.write_all(text.as_bytes()).and_then(|_| o.flush()).map_err(|e| format!("cannot write to standard output: {e}"));
        }
    };
    let fail = |p: &Path, m: &dyn std::fmt::Display| format!("{}: cannot write the output: {m}", p.display());
    let target = follow_links(path).map_err(|e| fail(path, &e))?;
    match std::fs::metadata(&target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => replace_file(text, &target, None).map_err(|e| fail(&target, &e)),
        Err(e) => Err(fail(&target, &e)),
        Ok(m) if m.is_file() => replace_file(text, &target, Some(&m)).map_err(|e| fail(&target, &e)),
        Ok(m) if is_stream(&m) => stream(text, &target).map_err(|e| fail(&target, &e)),
        Ok(m) => Err(fail(&target, &format!("it is {}, not a file; nothing was written", kind(&m)))),
    }
}

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
fn stream(text: &str, path: &Path) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(text.as_bytes())?;
    f.flush()
}

/// Writes a regular file whole or not at all: a temporary file in the same
/// directory, synced, given the old file's permissions, renamed over it.
fn replace_file(text: &str, path: &Path, old: Option<&Metadata>) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".chitieu-out.").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
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
pub fn warning_lines(warnings: &[chitieu_core::warning::Warning], lang: Lang) -> String {
    use chitieu_core::warning::Source;
    let vi = lang == Lang::Vi;
    let mut s = String::new();
    for w in warnings.iter().filter(|w| w.source != Source::Catalogue) {
        s.push_str(&format!("{} {}\n", if vi { "⚠ Cảnh báo:" } else { "⚠ Warning:" }, w.message(lang)));
    }
    for w in warnings.iter().filter(|w| w.source == Source::Catalogue) {
        s.push_str(&format!("{} {}\n", if vi { "ⓘ Ghi chú về văn bản (không phải lỗi số liệu):" } else { "ⓘ Note on the documents (not about your data):" }, w.message(lang)));
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
