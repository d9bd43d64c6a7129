//! A decision log's bytes: read every entry, report torn lines, never fail
//! on a line and never refuse a log chitieu wrote.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use chitieu_core::certification::log::DecisionLog;

const FILE: &str = "fuzz-decisions.jsonl";

fuzz_target!(|data: &[u8]| {
    match DecisionLog::parse(data, FILE) {
        Ok(log) => {
            let _ = log.last("kh50");
        }
        Err(e) => common::check_error(&e.to_string(), FILE),
    }
});
