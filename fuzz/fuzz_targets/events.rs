//! Events (CSV, or JSON when the text starts with '[' or '{'): parse, then
//! certify at a review date with them.
#![no_main]
use chitieu_core::certification::{Events, Inputs};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if let Some(text) = common::text(data) {
        common::read_and_certify(text, "events", Events::from_json_str, Events::from_csv_str, |e| Inputs::new(Default::default(), e, Default::default()));
    }
});
