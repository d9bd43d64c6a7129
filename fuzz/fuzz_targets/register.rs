//! The programme register (CSV, or JSON when the text starts with '[' or
//! '{'): parse, then certify at a review date with it.
#![no_main]
use chitieu_core::certification::{Inputs, Register};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Some(text) = common::text(data) {
        common::read_and_certify(text, "register", Register::from_json_str, Register::from_csv_str, |r| Inputs::new(Default::default(), Default::default(), r));
    }
});
