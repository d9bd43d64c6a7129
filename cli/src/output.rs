//! Writing results: formats, languages, and files written whole or not at all.

use std::io::Write;
use std::path::Path;

use chitieu_core::Lang;
use clap::ValueEnum;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};

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

/// A status as a person reads it.
pub use chitieu_core::status_word;

/// A terminal table that wraps to the terminal's width.
pub fn table(headers: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_header(headers);
    if t.width().is_none() {
        t.set_width(160);
    }
    t
}

/// Writes `text` (or a workbook's bytes) to `out` whole or not at all (a
/// temporary file renamed into place), or to standard output.
pub fn emit(text: impl AsRef<[u8]>, out: Option<&Path>) -> Result<(), String> {
    let text = text.as_ref();
    match out {
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(text).and_then(|_| o.flush()).map_err(|e| format!("cannot write to standard output: {e}"))
        }
        Some(path) => chitieu_core::output::write_whole(path, text).map_err(|e| format!("{}: cannot write the output: {e}", path.display())),
    }
}

/// The JSON text of a value, pretty and ending with a newline.
pub fn json_text(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON values serialise");
    s.push('\n');
    s
}
