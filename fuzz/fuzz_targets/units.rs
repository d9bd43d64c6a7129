//! A unit registry CSV: parse, then use it as a registry would be used (the
//! sample programme, selection, an evaluation of the built-in sample).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use chitieu_core::evaluation::{evaluate, UnitFilter};
use chitieu_core::UnitRegistry;

const FILE: &str = "fuzz-units.csv";

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else { return };
    match UnitRegistry::from_csv_str(text, FILE) {
        Ok(units) => {
            let cat = common::catalogue();
            let data = chitieu_core::observations::Dataset::default();
            if let Ok(p) = "2023".parse() {
                let _ = evaluate(cat, &units, &data, p, &UnitFilter::All);
            }
            let _ = chitieu_core::sample::programme::generate(cat, &units);
        }
        Err(e) => common::check_error(&e.to_string(), FILE),
    }
});
