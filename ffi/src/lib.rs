//! The C ABI of chitieu: `libchitieu.so`, `libchitieu.a`, `chitieu.dll`.
//!
//! A thin layer over `chitieu-core`: every function here converts C arguments,
//! calls the core, and converts the answer back. No target is decided here.
//! The header `include/chitieu.h` is generated from this crate by cbindgen
//! (config `ffi/cbindgen.toml`); `tests/header.rs` fails when it is stale.
//!
//! Conventions (after rustls-ffi, the wasmtime C API and sqlite):
//! - opaque handles created by `*_builtin` / `*_from_*` / `chitieu_evaluate*`
//!   and released by the matching `*_free`, which accepts NULL;
//! - every call returns a `chitieu_status`; on failure a message is kept per
//!   thread (`chitieu_last_error_message`);
//! - text in is NUL-terminated UTF-8 (or UTF-16 in `_w` functions);
//! - text out goes into caller buffers with the two-call pattern;
//! - no panic crosses the boundary.
#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]
#![allow(clippy::identity_op)]
// Negative constants are written `0 - n` so that cbindgen writes `#define X (0 - n)`,
// safe in any C expression (`a -CHITIEU_X` would otherwise read `a --1`).

mod error;
mod handles;
mod recognition;
mod reform;
mod text;
mod xl;

pub use error::*;
pub use handles::*;
pub use recognition::*;
pub use reform::*;
pub use xl::*;

/// Major version of the library this header was generated for.
pub const CHITIEU_VERSION_MAJOR: i32 = 0;
/// Minor version of the library this header was generated for.
pub const CHITIEU_VERSION_MINOR: i32 = 1;
/// Patch version of the library this header was generated for.
pub const CHITIEU_VERSION_PATCH: i32 = 0;

/// Status returned by every function of the library.
///
/// The numeric values are part of the ABI and never change; new codes may be
/// added at the end.
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum chitieu_status {
    /// Success.
    CHITIEU_OK = 0,
    /// An argument has a value the function does not accept (an unknown
    /// language code, an index out of range, a NaN, a rate given one
    /// number...).
    CHITIEU_INVALID_ARGUMENT = 1,
    /// A required pointer argument is NULL.
    CHITIEU_NULL_POINTER = 2,
    /// A text argument is not valid UTF-8 (or, in `_w` functions, UTF-16).
    CHITIEU_INVALID_UTF8 = 3,
    /// A text argument cannot be read (a period such as "2023" or "2023-Q2").
    CHITIEU_PARSE_ERROR = 4,
    /// Data (observations, units) rejected: the message names the file,
    /// row, column, value and what was expected.
    CHITIEU_DATA_ERROR = 5,
    /// A catalogue file rejected: the message names the file and key path.
    CHITIEU_CATALOGUE_ERROR = 6,
    /// The output buffer is too small: the size needed was reported and
    /// nothing but a terminating NUL was written.
    CHITIEU_BUFFER_TOO_SMALL = 7,
    /// The thing asked for does not exist: an id that names nothing (an
    /// unknown target, unit code or scheme, with a "did you mean" when one is
    /// close), no outcome for this target and unit, a field that is null, no
    /// error location...
    CHITIEU_NOT_FOUND = 8,
    /// A bug in chitieu (a panic was caught at the boundary). Please report it
    /// with the message.
    CHITIEU_INTERNAL_ERROR = 100,
}

pub use chitieu_status::*;

/// Language of explanations and names: a `CHITIEU_LANG_*` value.
pub type chitieu_lang = i32;
/// Vietnamese.
pub const CHITIEU_LANG_VI: chitieu_lang = 0;
/// English.
pub const CHITIEU_LANG_EN: chitieu_lang = 1;

/// Status of one outcome as an integer: a `CHITIEU_OUTCOME_*` value. The
/// same numbers are returned by the spreadsheet functions `chitieu_xl_*`.
pub type chitieu_outcome_status = i32;
/// The target is met.
pub const CHITIEU_OUTCOME_MET: chitieu_outcome_status = 1;
/// The target is not met.
pub const CHITIEU_OUTCOME_NOT_MET: chitieu_outcome_status = 0;
/// A value the target needs is missing (missing is never zero).
pub const CHITIEU_OUTCOME_NO_DATA: chitieu_outcome_status = 0 - 1;
/// The target does not apply (a rate whose denominator is 0, a baseline of 0...).
pub const CHITIEU_OUTCOME_NOT_APPLICABLE: chitieu_outcome_status = 0 - 2;

/// The version of the library as NUL-terminated text ("0.1.0"), static:
/// never free it. Compare it with `CHITIEU_VERSION_*` to detect a header
/// and library mismatch.
#[no_mangle]
pub extern "C" fn chitieu_version() -> *const std::os::raw::c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The name of a status as static NUL-terminated text ("CHITIEU_OK",
/// "CHITIEU_BUFFER_TOO_SMALL"...); "CHITIEU_UNKNOWN_STATUS" for a number
/// that is not a status. Never free it.
#[no_mangle]
pub extern "C" fn chitieu_status_name(status: i32) -> *const std::os::raw::c_char {
    let s: &'static str = match status {
        0 => "CHITIEU_OK\0",
        1 => "CHITIEU_INVALID_ARGUMENT\0",
        2 => "CHITIEU_NULL_POINTER\0",
        3 => "CHITIEU_INVALID_UTF8\0",
        4 => "CHITIEU_PARSE_ERROR\0",
        5 => "CHITIEU_DATA_ERROR\0",
        6 => "CHITIEU_CATALOGUE_ERROR\0",
        7 => "CHITIEU_BUFFER_TOO_SMALL\0",
        8 => "CHITIEU_NOT_FOUND\0",
        100 => "CHITIEU_INTERNAL_ERROR\0",
        _ => "CHITIEU_UNKNOWN_STATUS\0",
    };
    s.as_ptr().cast()
}

pub(crate) fn lang(l: chitieu_lang) -> Result<chitieu_core::Lang, error::Fail> {
    match l {
        CHITIEU_LANG_VI => Ok(chitieu_core::Lang::Vi),
        CHITIEU_LANG_EN => Ok(chitieu_core::Lang::En),
        other => Err(error::Fail::new(
            CHITIEU_INVALID_ARGUMENT,
            format!("unknown language code {other}: expected CHITIEU_LANG_VI (0) or CHITIEU_LANG_EN (1)"),
        )),
    }
}

pub(crate) fn outcome_status(s: chitieu_core::evaluation::Status) -> chitieu_outcome_status {
    use chitieu_core::evaluation::Status;
    match s {
        Status::Met => CHITIEU_OUTCOME_MET,
        Status::NotMet => CHITIEU_OUTCOME_NOT_MET,
        Status::NoData => CHITIEU_OUTCOME_NO_DATA,
        Status::NotApplicable => CHITIEU_OUTCOME_NOT_APPLICABLE,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_constants_follow_the_package_version() {
        let v = |s: &str| s.parse::<i32>().unwrap();
        assert_eq!(super::CHITIEU_VERSION_MAJOR, v(env!("CARGO_PKG_VERSION_MAJOR")));
        assert_eq!(super::CHITIEU_VERSION_MINOR, v(env!("CARGO_PKG_VERSION_MINOR")));
        assert_eq!(super::CHITIEU_VERSION_PATCH, v(env!("CARGO_PKG_VERSION_PATCH")));
        assert_eq!(chitieu_core::VERSION, env!("CARGO_PKG_VERSION"));
    }
}
