//! What every fuzz target shares: the built-in catalogue and units (built
//! once), and the checks every error must pass: it names the file, and it is
//! bounded (a huge bad value is elided, never echoed whole).
//!
//! Each target includes this file and uses part of it.
#![allow(dead_code)]

use std::sync::OnceLock;

use chitieu_core::catalogue::Catalogue;
use chitieu_core::UnitRegistry;

pub fn catalogue() -> &'static Catalogue {
    static C: OnceLock<Catalogue> = OnceLock::new();
    C.get_or_init(Catalogue::builtin)
}

pub fn units() -> &'static UnitRegistry {
    static U: OnceLock<UnitRegistry> = OnceLock::new();
    U.get_or_init(UnitRegistry::builtin)
}

/// The longest error message accepted, in bytes, whatever the input.
pub const MAX_MESSAGE: usize = 4096;

/// An error message must name the file it is about and stay short.
pub fn check_error(message: &str, file: &str) {
    assert!(message.contains(file), "the error does not name {file}: {message}");
    assert!(message.len() <= MAX_MESSAGE, "an error of {} bytes: {}...", message.len(), message.chars().take(200).collect::<String>());
}

/// The input as text, as the file readers see it (UTF-8 or nothing).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Whether a text is JSON for the readers that take both forms.
pub fn is_json(text: &str) -> bool {
    text.trim_start().starts_with(['[', '{'])
}

/// Uses parsed figures as a run would: evaluates the first period they have.
pub fn evaluate_first_period(ds: &chitieu_core::observations::Dataset) {
    if let Some(p) = ds.periods().first() {
        let _ = chitieu_core::evaluation::evaluate(catalogue(), units(), ds, *p, &chitieu_core::evaluation::UnitFilter::Root);
    }
}

/// Uses parsed events or a register as a run would: certifies at a review date.
pub fn certify(inputs: &chitieu_core::certification::Inputs) {
    if let Ok(review) = chitieu_core::certification::window::parse_date("2024-12-15") {
        let _ = chitieu_core::certification::certify(catalogue(), units(), inputs, "kh50", review);
    }
}

/// A reader of dated facts (events, register), as the core gives them.
pub type Reader<T> = fn(&str, &str, &Catalogue, &UnitRegistry) -> Result<T, chitieu_core::DataError>;

/// Reads `text` as JSON or CSV (named `fuzz-<what>.json|csv`), then certifies
/// with what it read, or checks the error.
pub fn read_and_certify<T>(text: &str, what: &str, json: Reader<T>, csv: Reader<T>, inputs: fn(T) -> chitieu_core::certification::Inputs) {
    let (file, read) = if is_json(text) { (format!("fuzz-{what}.json"), json) } else { (format!("fuzz-{what}.csv"), csv) };
    match read(text, &file, catalogue(), units()) {
        Ok(t) => certify(&inputs(t)),
        Err(e) => check_error(&e.to_string(), &file),
    }
}
