//! Figures in any file a reader opens by its path (issue 10): CSV as
//! spreadsheets save it (`,` `;` or tab, UTF-8 with or without BOM, UTF-16,
//! Windows-1258) and workbooks (`.xlsx`, `.ods`, `.xls`, read by calamine).
//! The first byte picks the extension, the rest is the file: parse, then
//! evaluate the first period found.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let ext = ["csv", "xlsx", "ods", "xls"][usize::from(pick) % 4];
    let dir = std::env::temp_dir().join(format!("chitieu-fuzz-table-{}", std::process::id()));
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let path = dir.join(format!("fuzz-figures.{ext}"));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let file = "fuzz-figures.";
    match chitieu_core::observations::Dataset::from_path(&path, common::catalogue(), common::units()) {
        Ok(ds) => common::evaluate_first_period(&ds),
        Err(e) => common::check_error(&e.to_string(), file),
    }
});
