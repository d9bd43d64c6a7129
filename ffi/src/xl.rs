//! Spreadsheet functions: one cell at a time, for VBA `Declare PtrSafe`
//! statements (and LibreOffice Basic, and any caller that only has int32,
//! double and pointer arguments).
//!
//! They return an int32 code rather than a `chitieu_status`: the outcome
//! status (`CHITIEU_OUTCOME_*`: 1 met, 0 not met, -1 no data, -2 not
//! applicable) or, for a failure, `CHITIEU_XL_ERROR - status` (-101 invalid
//! argument, -102 NULL pointer, -103 bad text, -107 buffer too small, -108 not
//! found: an unknown target id, -200 internal error). They use one process-wide built-in catalogue,
//! made on first use.

use std::os::raw::c_char;
use std::sync::OnceLock;

use chitieu_core::catalogue::Catalogue;
use chitieu_core::evaluation::{check, Checked};
use chitieu_core::Exact;

use crate::chitieu_status::*;
use crate::error::{guard, with_last, Fail};
use crate::text::{out, put_utf16, put_utf8, utf16, utf8};
use crate::chitieu_lang;

/// Codes of the `chitieu_xl_*` functions at or below this value are
/// failures: the status is `CHITIEU_XL_ERROR - code` (e.g. -101 is
/// CHITIEU_INVALID_ARGUMENT).
pub const CHITIEU_XL_ERROR: i32 = 0 - 100;

static BUILTIN: OnceLock<Catalogue> = OnceLock::new();

fn builtin() -> &'static Catalogue {
    BUILTIN.get_or_init(Catalogue::builtin)
}

/// A double from a cell as an exact decimal: its shortest round-trip text.
fn exact(x: f64, what: &str) -> Result<Exact, Fail> {
    if !x.is_finite() {
        return Err(Fail::new(CHITIEU_INVALID_ARGUMENT, format!("{what} is not a finite number ({x})")));
    }
    let text = format!("{x}");
    Exact::parse_decimal(&text).map_err(|e| Fail::new(CHITIEU_INVALID_ARGUMENT, format!("{what}: {e}")))
}

fn checked(target: &str, value: f64, second: f64, has_second: i32) -> Result<Checked, Fail> {
    let v = exact(value, "value")?;
    let s = if has_second != 0 { Some(exact(second, "second")?) } else { None };
    Ok(check(builtin(), target, &v, s.as_ref())?)
}

/// Runs one spreadsheet call: its code, or `CHITIEU_XL_ERROR - status`.
fn xl(f: impl FnOnce() -> Result<i32, Fail>) -> i32 {
    let mut code = 0;
    let status = guard(|| {
        code = f()?;
        Ok(())
    });
    if status == CHITIEU_OK {
        code
    } else {
        CHITIEU_XL_ERROR - status as i32
    }
}

fn code_of(c: &Checked) -> i32 {
    crate::outcome_status(c.verdict.status)
}

fn margin_of(c: &Checked, margin: *mut f64) -> Result<i32, Fail> {
    let slot = unsafe { out(margin, "margin")? };
    *slot = 0.0;
    let m = c.margin_shown().ok_or_else(|| {
        Fail::new(CHITIEU_NOT_FOUND, format!("no margin: the outcome is {}", c.verdict.status.as_str()))
    })?;
    *slot = m.to_f64_lossy();
    Ok(code_of(c))
}

/// Checks one value against one target of the built-in catalogue. `target`
/// is the target id in ASCII/UTF-8 ("nq314.crime.clearance_rate"; VBA
/// `ByVal As String` works since ids are ASCII). For a rate, `value` is the
/// numerator and `second` the denominator; for a value compared with a
/// baseline, `second` is the baseline; otherwise pass `has_second` = 0
/// (`second` is then ignored). Doubles become exact decimals through their
/// shortest round-trip text (0.1 is 1/10); NaN and infinities are refused.
/// Returns 1 met, 0 not met, -1 no data, -2 not applicable, or a failure
/// code <= CHITIEU_XL_ERROR (see `chitieu_xl_last_error_w`).
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_check(target: *const c_char, value: f64, second: f64, has_second: i32) -> i32 {
    xl(|| Ok(code_of(&checked(utf8(target, "target")?, value, second, has_second)?)))
}

/// `chitieu_xl_check` with the target id as NUL-terminated UTF-16 (VBA
/// `StrPtr(target)`).
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_check_w(target: *const u16, value: f64, second: f64, has_second: i32) -> i32 {
    xl(|| Ok(code_of(&checked(&utf16(target, "target")?, value, second, has_second)?)))
}

/// The margin of a one-value check (arguments as `chitieu_xl_check`) into
/// `*margin`: how far the value is above (positive) or below (negative) the
/// requirement, in percentage points for rates and relative changes, in the
/// measure's unit otherwise. DISPLAY ONLY: the margin is converted to a
/// double, the verdict is the returned code, decided exactly. Returns the
/// same code as `chitieu_xl_check`, or CHITIEU_XL_ERROR - CHITIEU_NOT_FOUND
/// (-108) when the outcome has no margin (not applicable, no data) and also
/// for an unknown target id: `chitieu_xl_check` tells the two apart (a
/// status for the former, -108 again for the latter).
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_margin(target: *const c_char, value: f64, second: f64, has_second: i32, margin: *mut f64) -> i32 {
    xl(|| margin_of(&checked(utf8(target, "target")?, value, second, has_second)?, margin))
}

/// `chitieu_xl_margin` with the target id as NUL-terminated UTF-16.
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_margin_w(target: *const u16, value: f64, second: f64, has_second: i32, margin: *mut f64) -> i32 {
    xl(|| margin_of(&checked(&utf16(target, "target")?, value, second, has_second)?, margin))
}

/// The explanation of a one-value check (arguments as `chitieu_xl_check`,
/// target id as UTF-16) in `lang` (CHITIEU_LANG_VI 0, CHITIEU_LANG_EN 1) as
/// NUL-terminated UTF-16 into `buf`, so that Vietnamese diacritics survive in
/// VBA strings. Two-call pattern: `*needed` receives the size in code units
/// including the NUL; with `capacity` too small the code is -107
/// (CHITIEU_XL_ERROR - CHITIEU_BUFFER_TOO_SMALL) and only a NUL is written
/// (when `capacity` > 0). Returns the code of `chitieu_xl_check` otherwise.
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_explain_w(target: *const u16, value: f64, second: f64, has_second: i32, lang: chitieu_lang, buf: *mut u16, capacity: i32, needed: *mut i32) -> i32 {
    xl(|| {
        let lang = crate::lang(lang)?;
        let c = checked(&utf16(target, "target")?, value, second, has_second)?;
        put_utf16(&c.explanation(lang), buf, capacity, needed)?;
        Ok(code_of(&c))
    })
}

/// `chitieu_xl_explain_w` for C callers: target id and explanation in UTF-8
/// (`*needed` and `capacity` in bytes including the NUL).
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_explain(target: *const c_char, value: f64, second: f64, has_second: i32, lang: chitieu_lang, buf: *mut c_char, capacity: i32, needed: *mut i32) -> i32 {
    xl(|| {
        let lang = crate::lang(lang)?;
        let c = checked(utf8(target, "target")?, value, second, has_second)?;
        let cap = usize::try_from(capacity).map_err(|_| Fail::new(CHITIEU_INVALID_ARGUMENT, format!("capacity is negative ({capacity})")))?;
        let mut n = 0usize;
        let r = put_utf8(&c.explanation(lang), buf, cap, &mut n);
        if !needed.is_null() {
            *needed = i32::try_from(n).unwrap_or(i32::MAX);
        }
        r?;
        Ok(code_of(&c))
    })
}

/// The message of the last failed call of this thread as UTF-16 (two-call
/// pattern, sizes in code units including the NUL); empty when the last call
/// succeeded. Returns 0, or -107 when `capacity` is too small, -102 when
/// `buf` is NULL with `capacity` > 0. Does not change the last error.
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_last_error_w(buf: *mut u16, capacity: i32, needed: *mut i32) -> i32 {
    let msg = with_last(|l| l.map(|f| f.message.clone()).unwrap_or_default());
    match std::panic::catch_unwind(|| put_utf16(&msg, buf, capacity, needed)) {
        Ok(Ok(())) => 0,
        Ok(Err(f)) => CHITIEU_XL_ERROR - f.status as i32,
        Err(_) => CHITIEU_XL_ERROR - CHITIEU_INTERNAL_ERROR as i32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_become_their_shortest_decimal() {
        assert_eq!(exact(0.1, "v").unwrap(), "0.1".parse().unwrap());
        assert_eq!(exact(79.0, "v").unwrap(), "79".parse().unwrap());
        assert!(exact(f64::NAN, "v").is_err());
        assert!(exact(f64::INFINITY, "v").is_err());
    }

    #[test]
    fn a_cell_check_decides_exactly() {
        let t = b"nq314.crime.reports_resolved\0".as_ptr().cast::<c_char>();
        unsafe {
            assert_eq!(chitieu_xl_check(t, 91.0, 100.0, 1), 0);
            assert_eq!(chitieu_xl_check(t, 92.0, 100.0, 1), 1);
            assert_eq!(chitieu_xl_check(t, 0.0, 0.0, 1), -2);
            assert_eq!(chitieu_xl_check(t, f64::NAN, 100.0, 1), -101);
            assert_eq!(chitieu_xl_check(std::ptr::null(), 1.0, 1.0, 1), -102);
        }
    }
}
