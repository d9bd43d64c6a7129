//! Figures as JSON (records, wide or long): parse, then evaluate the first period found.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else { return };
    let file = "fuzz-figures.json";
    match chitieu_core::observations::Dataset::from_json_str(text, file, common::catalogue(), common::units()) {
        Ok(ds) => common::evaluate_first_period(&ds),
        Err(e) => common::check_error(&e.to_string(), file),
    }
});
