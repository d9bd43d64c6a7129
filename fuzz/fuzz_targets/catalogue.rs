//! A catalogue TOML file, alone and added to the built-in documents; a valid
//! one is then listed as JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use chitieu_core::catalogue::{Catalogue, Mode};
use chitieu_core::Lang;

const FILE: &str = "fuzz-catalogue.toml";

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::text(data) else { return };
    for mode in [Mode::Replace, Mode::AddToBuiltin] {
        match Catalogue::from_texts(&[(FILE, text)], mode) {
            Ok(cat) => {
                let _ = cat.to_json(None, Lang::En);
            }
            Err(e) => common::check_error(&e.to_string(), FILE),
        }
    }
});
