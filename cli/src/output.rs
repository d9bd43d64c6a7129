//! Writing results: formats, languages, and files written whole or not at all.

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

/// Writes `text` to `out` whole or not at all (a temporary file renamed into
/// place), or to standard output.
pub fn emit(text: &str, out: Option<&Path>) -> Result<(), String> {
    emit_with(out, |w| w.write_all(text.as_bytes()))
}

/// Like `emit`, for output written piece by piece by `write` (a national run
/// is never held in memory whole): to `out` whole or not at all, or to
/// standard output.
pub fn emit_with(out: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), String> {
    const BUFFER: usize = 1 << 20;
    match out {
        None => {
            let mut o = std::io::BufWriter::with_capacity(BUFFER, std::io::stdout().lock());
            write(&mut o).and_then(|_| o.flush()).map_err(|e| format!("cannot write to standard output: {e}"))
        }
        Some(path) => {
            let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
            let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
            let run = || -> std::io::Result<()> {
                let mut f = std::io::BufWriter::with_capacity(BUFFER, std::fs::File::create(&tmp)?);
                write(&mut f)?;
                let f = f.into_inner().map_err(|e| e.into_error())?;
                f.sync_all()?;
                std::fs::rename(&tmp, path)
            };
            run().map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                format!("{}: cannot write the output: {e}", path.display())
            })
        }
    }
}

/// The JSON text of a value, pretty and ending with a newline.
pub fn json_text(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON values serialise");
    s.push('\n');
    s
}
