//! Spreadsheet functions: for VBA `Declare PtrSafe` statements, LibreOffice
//! macros through ctypes, and any caller that only has int32, double and
//! pointer arguments.
//!
//! They return an int32 code rather than a `chitieu_status`: the outcome
//! status (`CHITIEU_OUTCOME_*`: 1 met, 0 not met, -1 no data, -2 not
//! applicable) or, for a failure, `CHITIEU_XL_ERROR - status` (-101 invalid
//! argument, -102 NULL pointer, -103 bad text, -107 buffer too small, -108 not
//! found: an unknown target id, -200 internal error). They use one
//! process-wide built-in catalogue, made on first use, whose targets are
//! resolved once (`chitieu_xl_target`): a cell's check looks its target up
//! by binary search (or finds it as the thread's last one) and, for whole numbers, decides with core's integer fast
//! path (`CheckTarget::status_of_integers`), allocating nothing. Range
//! functions (`chitieu_xl_range`, `chitieu_xl_explain_range*`) check a
//! whole column in one call, so a sheet pays the spreadsheet's per-call
//! overhead once per range rather than once per cell.

use std::cell::Cell;
use std::ffi::CStr;
use std::os::raw::c_char;
use std::sync::OnceLock;

use chitieu_core::catalogue::Catalogue;
use chitieu_core::evaluation::{CheckTarget, Checked};
use chitieu_core::Exact;

use crate::chitieu_lang;
use crate::chitieu_status::*;
use crate::error::{guard, quietly, with_last, Fail};
use crate::text::{out, put_utf16, put_utf8, utf16, utf8};

/// Codes of the `chitieu_xl_*` functions at or below this value are
/// failures: the status is `CHITIEU_XL_ERROR - code` (e.g. -101 is
/// CHITIEU_INVALID_ARGUMENT).
pub const CHITIEU_XL_ERROR: i32 = 0 - 100;

/// In the `present` array of the range functions: the cell's value is there
/// (not blank).
pub const CHITIEU_XL_VALUE: i32 = 1;
/// In the `present` array of the range functions: the cell's second number
/// (denominator or baseline) is there (not blank).
pub const CHITIEU_XL_SECOND: i32 = 2;

/// A target of the built-in catalogue resolved once for spreadsheet checks
/// (opaque). Made by `chitieu_xl_target_find` / `chitieu_xl_target_find_w`; it lives as
/// long as the process and is never freed; any thread may use it.
pub struct chitieu_xl_target {
    inner: CheckTarget,
}

struct Builtin {
    catalogue: Catalogue,
    /// Sorted by id, for a binary search (no hash table: its interior
    /// pointers make every leak checker call the static table "possibly lost").
    targets: Vec<chitieu_xl_target>,
}

static BUILTIN: OnceLock<Builtin> = OnceLock::new();

fn builtin() -> &'static Builtin {
    BUILTIN.get_or_init(|| {
        let catalogue = Catalogue::builtin();
        let mut targets: Vec<chitieu_xl_target> =
            catalogue.targets().iter().filter_map(|t| CheckTarget::new(&catalogue, &t.target.id).ok()).map(|inner| chitieu_xl_target { inner }).collect();
        targets.sort_by(|a, b| a.inner.id().cmp(b.inner.id()));
        Builtin { catalogue, targets }
    })
}

/// The resolved target, or core's refusal (an unknown id with its "did you
/// mean", a target no pair of numbers decides).
fn lookup(id: &str) -> Result<&'static chitieu_xl_target, Fail> {
    let b = builtin();
    match b.targets.binary_search_by(|t| t.inner.id().cmp(id)).ok().and_then(|i| b.targets.get(i)) {
        Some(t) => Ok(t),
        None => Err(match CheckTarget::new(&b.catalogue, id) {
            Err(e) => e.into(),
            Ok(_) => Fail::new(CHITIEU_INTERNAL_ERROR, format!("target '{id}' was not resolved with the others")),
        }),
    }
}

thread_local! {
    /// The target this thread looked up last: a column of cells mostly asks
    /// for the same one, which is then found by comparing the id's bytes.
    static LAST_TARGET: Cell<Option<&'static chitieu_xl_target>> = const { Cell::new(None) };
}

/// The target whose id is `id` (bytes of ASCII or UTF-8): this thread's last
/// one when it is the same, else `resolve`'s.
fn cached(id: &[u8], resolve: impl FnOnce() -> Result<&'static chitieu_xl_target, Fail>) -> Result<&'static chitieu_xl_target, Fail> {
    if let Some(t) = LAST_TARGET.with(Cell::get).filter(|t| t.inner.id().as_bytes() == id) {
        return Ok(t);
    }
    let t = resolve()?;
    LAST_TARGET.with(|l| l.set(Some(t)));
    Ok(t)
}

/// The resolved target of a NUL-terminated UTF-8 id.
unsafe fn lookup_utf8(p: *const c_char) -> Result<&'static chitieu_xl_target, Fail> {
    if p.is_null() {
        return Err(Fail::null("target"));
    }
    cached(CStr::from_ptr(p).to_bytes(), || lookup(utf8(p, "target")?))
}

/// The resolved target of a UTF-16 id (VBA's `StrPtr`): an ASCII id (all
/// of the catalogue's are) is read into a stack buffer, without allocating.
unsafe fn lookup_w(p: *const u16) -> Result<&'static chitieu_xl_target, Fail> {
    if p.is_null() {
        return Err(Fail::null("target"));
    }
    let mut ascii = [0u8; 64];
    for (i, slot) in ascii.iter_mut().enumerate() {
        let unit = *p.add(i);
        if unit == 0 {
            let id = ascii.get(..i).unwrap_or_default();
            return cached(id, || lookup(std::str::from_utf8(id).map_err(|_| Fail::new(CHITIEU_INVALID_UTF8, "target is not ASCII"))?));
        }
        match u8::try_from(unit) {
            Ok(b) if b.is_ascii() => *slot = b,
            _ => break,
        }
    }
    lookup(&utf16(p, "target")?)
}

/// A double from a cell as an exact decimal: its shortest round-trip text
/// (a whole number directly).
fn exact(x: f64, what: &str) -> Result<Exact, Fail> {
    if let Some(w) = whole(x) {
        return Ok(Exact::from_int(w));
    }
    if !x.is_finite() {
        return Err(Fail::new(CHITIEU_INVALID_ARGUMENT, format!("{what} is not a finite number ({x})")));
    }
    let text = format!("{x}");
    Exact::parse_decimal(&text).map_err(|e| Fail::new(CHITIEU_INVALID_ARGUMENT, format!("{what}: {e}")))
}

/// A double that is a whole number a double holds exactly (|x| <= 2^53), as
/// an integer: the same number `exact` gives, without text.
fn whole(x: f64) -> Option<i64> {
    const LIMIT: f64 = 9_007_199_254_740_992.0;
    // Whole and within ±2^53 (NaN and infinities are neither): `as` is exact.
    (x.fract() == 0.0 && x.abs() <= LIMIT).then_some(x as i64)
}

fn checked(t: &chitieu_xl_target, value: f64, second: Option<f64>) -> Result<Checked, Fail> {
    let v = exact(value, "value")?;
    let s = second.map(|s| exact(s, "second")).transpose()?;
    Ok(t.inner.check(&v, s.as_ref())?)
}

/// The code of one check: core's integer fast path for whole numbers,
/// otherwise the exact check.
fn decide(t: &chitieu_xl_target, value: f64, second: Option<f64>) -> Result<i32, Fail> {
    if let Some(v) = whole(value) {
        let s = match second {
            None => Some(None),
            Some(s) => whole(s).map(Some),
        };
        if let Some(s) = s {
            if let Some(status) = t.inner.status_of_integers(v, s)? {
                return Ok(crate::outcome_status(status));
            }
        }
    }
    Ok(code_of(&checked(t, value, second)?))
}

fn second_of(second: f64, has_second: i32) -> Option<f64> {
    (has_second != 0).then_some(second)
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

fn failure_code(f: &Fail) -> i32 {
    CHITIEU_XL_ERROR - f.status as i32
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
/// is the target id in ASCII/UTF-8 ("nq314.crime.clearance_rate"). For a
/// rate, `value` is the numerator and `second` the denominator; for a value
/// compared with a baseline, `second` is the baseline; otherwise pass
/// `has_second` = 0 (`second` is then ignored). Doubles become exact decimals
/// through their shortest round-trip text (0.1 is 1/10); NaN and infinities
/// are refused. The numbers are validated as a data file's would be: a count
/// is a non-negative whole number, a flag 0 or 1, a percentage within
/// 0..100, a part (solved) no larger than its whole (recorded); a refusal is
/// -101 with its reason in `chitieu_xl_last_error_w`.
/// Returns 1 met, 0 not met, -1 no data, -2 not applicable, or a failure
/// code <= CHITIEU_XL_ERROR (see `chitieu_xl_last_error_w`).
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_check(target: *const c_char, value: f64, second: f64, has_second: i32) -> i32 {
    xl(|| decide(lookup_utf8(target)?, value, second_of(second, has_second)))
}

/// `chitieu_xl_check` with the target id as NUL-terminated UTF-16 (VBA
/// `StrPtr(target)`).
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_check_w(target: *const u16, value: f64, second: f64, has_second: i32) -> i32 {
    xl(|| decide(lookup_w(target)?, value, second_of(second, has_second)))
}

/// Resolves a target id (NUL-terminated UTF-8) of the built-in catalogue
/// once, into `*out`, for `chitieu_xl_target_check` and the range functions.
/// The handle is static: valid for the life of the process, shared by every
/// thread, never freed. Returns 0, -108 for an unknown id (the message has a
/// "did you mean"), -101 for a target no pair of numbers can decide (one of
/// several parts), -102 for a NULL pointer; `*out` is NULL on failure.
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_target_find(id: *const c_char, out: *mut *const chitieu_xl_target) -> i32 {
    xl(|| put_target(out, || utf8(id, "id").map(str::to_string)))
}

/// `chitieu_xl_target_find` with the id as NUL-terminated UTF-16 (VBA `StrPtr`).
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_target_find_w(id: *const u16, out: *mut *const chitieu_xl_target) -> i32 {
    xl(|| put_target(out, || utf16(id, "id")))
}

unsafe fn put_target(out: *mut *const chitieu_xl_target, id: impl FnOnce() -> Result<String, Fail>) -> Result<i32, Fail> {
    let slot = self::out(out, "out")?;
    *slot = std::ptr::null();
    *slot = lookup(&id()?)?;
    Ok(0)
}

/// `chitieu_xl_check` on a resolved target: the fast path (no id to read or
/// look up; whole numbers decided without allocating).
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_target_check(target: *const chitieu_xl_target, value: f64, second: f64, has_second: i32) -> i32 {
    xl(|| decide(crate::text::handle(target, "target")?, value, second_of(second, has_second)))
}

/// The cells of one range call, read from the caller's arrays.
struct Cells<'a> {
    target: &'a chitieu_xl_target,
    values: &'a [f64],
    seconds: Option<&'a [f64]>,
    present: Option<&'a [i32]>,
}

impl<'a> Cells<'a> {
    unsafe fn new(target: *const chitieu_xl_target, values: *const f64, seconds: *const f64, present: *const i32, count: i32) -> Result<Cells<'a>, Fail> {
        let target = crate::text::handle(target, "target")?;
        let n = usize::try_from(count).map_err(|_| Fail::new(CHITIEU_INVALID_ARGUMENT, format!("count is negative ({count})")))?;
        let array = |p: *const f64, what: &str| if n == 0 { Ok(&[][..]) } else if p.is_null() { Err(Fail::null(what)) } else { Ok(std::slice::from_raw_parts(p, n)) };
        let values = array(values, "values")?;
        let seconds = if seconds.is_null() { None } else { Some(array(seconds, "seconds")?) };
        let present = if present.is_null() || n == 0 { None } else { Some(std::slice::from_raw_parts(present, n)) };
        let id = target.inner.id();
        match (target.inner.takes_second(), seconds.is_some()) {
            (true, false) => Err(Fail::new(CHITIEU_INVALID_ARGUMENT, format!("target '{id}' takes a second number (a denominator or a baseline) for every cell: seconds is NULL"))),
            (false, true) => Err(Fail::new(CHITIEU_INVALID_ARGUMENT, format!("target '{id}' takes one value per cell: pass seconds = NULL"))),
            _ => Ok(Cells { target, values, seconds, present }),
        }
    }

    fn len(&self) -> usize {
        self.values.len()
    }

    /// Cell `i`: its value and second number, or `None` when one it needs is blank.
    fn get(&self, i: usize) -> Option<(f64, Option<f64>)> {
        let mask = self.present.map_or(CHITIEU_XL_VALUE | CHITIEU_XL_SECOND, |p| p.get(i).copied().unwrap_or(0));
        let value = *self.values.get(i)?;
        if mask & CHITIEU_XL_VALUE == 0 {
            return None;
        }
        match self.seconds {
            None => Some((value, None)),
            Some(s) if mask & CHITIEU_XL_SECOND != 0 => Some((value, Some(*s.get(i)?))),
            Some(_) => None,
        }
    }
}

unsafe fn out_array<'a, T>(p: *mut T, n: usize, what: &str) -> Result<&'a mut [T], Fail> {
    if n == 0 {
        return Ok(&mut []);
    }
    if p.is_null() {
        return Err(Fail::null(what));
    }
    Ok(std::slice::from_raw_parts_mut(p, n))
}

/// Checks `count` cells against one target in one call: cell i has the value
/// `values[i]` and, for a rate or a baseline, the second number `seconds[i]`
/// (pass `seconds` = NULL for a target that takes one value). `present`
/// (NULL: every cell is filled) says per cell which numbers are there:
/// CHITIEU_XL_VALUE | CHITIEU_XL_SECOND; a cell missing one it needs is no
/// data (-1), never a zero. Writes each cell's code (as `chitieu_xl_check`)
/// to `codes[i]` and, when `margins` is not NULL, its margin (as
/// `chitieu_xl_margin`, display only) to `margins[i]`, NaN when the cell has
/// none. A cell refused (say 101 solved of 100) gets its failure code; its
/// message is what `chitieu_xl_check` on that cell gives.
/// Returns the number of refused cells (0 when none), or a failure code <=
/// CHITIEU_XL_ERROR for the whole call (NULL target, values or codes;
/// negative count; `seconds` NULL for a target that needs it, or given for
/// one that takes one value).
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_range(target: *const chitieu_xl_target, values: *const f64, seconds: *const f64, present: *const i32, count: i32, codes: *mut i32, margins: *mut f64) -> i32 {
    xl(|| {
        let cells = Cells::new(target, values, seconds, present, count)?;
        let codes = out_array(codes, cells.len(), "codes")?;
        let mut margins = if margins.is_null() { None } else { Some(out_array(margins, cells.len(), "margins")?) };
        let mut refused = 0;
        for (i, code) in codes.iter_mut().enumerate() {
            let margin = margins.as_deref_mut().and_then(|m| m.get_mut(i));
            let c = match (cells.get(i), margin) {
                (None, margin) => {
                    if let Some(m) = margin {
                        *m = f64::NAN;
                    }
                    crate::CHITIEU_OUTCOME_NO_DATA
                }
                (Some((v, s)), None) => decide(cells.target, v, s).unwrap_or_else(|f| failure_code(&f)),
                (Some((v, s)), Some(m)) => {
                    *m = f64::NAN;
                    match checked(cells.target, v, s) {
                        Ok(c) => {
                            if let Some(x) = c.margin_shown() {
                                *m = x.to_f64_lossy();
                            }
                            code_of(&c)
                        }
                        Err(f) => failure_code(&f),
                    }
                }
            };
            if c <= CHITIEU_XL_ERROR {
                refused += 1;
            }
            *code = c;
        }
        Ok(refused)
    })
}

/// Codes and texts of the cells of a range (the explanation of each cell in
/// `lang`, the message of a refused cell, "" for a blank one), the texts
/// joined by NULs and handed to `put`; the number of refused cells.
unsafe fn explain_range(cells: Result<Cells, Fail>, lang: chitieu_lang, codes: *mut i32, put: impl FnOnce(&str) -> Result<(), Fail>) -> Result<i32, Fail> {
    let cells = cells?;
    let lang = crate::lang(lang)?;
    let codes = out_array(codes, cells.len(), "codes")?;
    let mut texts = Vec::with_capacity(cells.len());
    let mut refused = 0;
    for (i, code) in codes.iter_mut().enumerate() {
        let (c, text) = match cells.get(i) {
            None => (crate::CHITIEU_OUTCOME_NO_DATA, String::new()),
            Some((v, s)) => match checked(cells.target, v, s) {
                Ok(c) => (code_of(&c), c.explanation(lang)),
                Err(f) => {
                    refused += 1;
                    (failure_code(&f), f.message)
                }
            },
        };
        *code = c;
        texts.push(text);
    }
    put(&texts.join("\0"))?;
    Ok(refused)
}

/// `chitieu_xl_range` with explanations: writes each cell's code to
/// `codes[i]` and every cell's text, in order, into `buf` as UTF-16, each
/// followed by a NUL (so the buffer holds `count` NUL-terminated texts one
/// after the other): the explanation in `lang`, the message of a refused
/// cell, an empty text for a blank one. Two-call pattern on the whole: with
/// `capacity` (code units) smaller than `*needed`, returns -107 and writes
/// only a NUL (the codes are written all the same). Returns the number of
/// refused cells otherwise, or a failure code for the whole call as
/// `chitieu_xl_range`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_explain_range_w(target: *const chitieu_xl_target, values: *const f64, seconds: *const f64, present: *const i32, count: i32, lang: chitieu_lang, codes: *mut i32, buf: *mut u16, capacity: i32, needed: *mut i32) -> i32 {
    xl(|| explain_range(Cells::new(target, values, seconds, present, count), lang, codes, |t| put_utf16(t, buf, capacity, needed)))
}

/// `chitieu_xl_explain_range_w` with the texts in UTF-8 (`capacity` and
/// `*needed` in bytes), for callers without UTF-16 strings (Python ctypes on
/// Linux, C).
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_explain_range(target: *const chitieu_xl_target, values: *const f64, seconds: *const f64, present: *const i32, count: i32, lang: chitieu_lang, codes: *mut i32, buf: *mut c_char, capacity: i32, needed: *mut i32) -> i32 {
    xl(|| explain_range(Cells::new(target, values, seconds, present, count), lang, codes, |t| put_utf8_i32(t, buf, capacity, needed)))
}

/// `put_utf8` with int32 sizes, as the spreadsheet functions take them.
unsafe fn put_utf8_i32(s: &str, buf: *mut c_char, capacity: i32, needed: *mut i32) -> Result<(), Fail> {
    let cap = usize::try_from(capacity).map_err(|_| Fail::new(CHITIEU_INVALID_ARGUMENT, format!("capacity is negative ({capacity})")))?;
    let mut n = 0usize;
    let r = put_utf8(s, buf, cap, &mut n);
    if !needed.is_null() {
        *needed = i32::try_from(n).unwrap_or(i32::MAX);
    }
    r
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
    xl(|| margin_of(&checked(lookup_utf8(target)?, value, second_of(second, has_second))?, margin))
}

/// `chitieu_xl_margin` with the target id as NUL-terminated UTF-16.
#[no_mangle]
pub unsafe extern "C" fn chitieu_xl_margin_w(target: *const u16, value: f64, second: f64, has_second: i32, margin: *mut f64) -> i32 {
    xl(|| margin_of(&checked(lookup_w(target)?, value, second_of(second, has_second))?, margin))
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
        let c = checked(lookup_w(target)?, value, second_of(second, has_second))?;
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
        let c = checked(lookup_utf8(target)?, value, second_of(second, has_second))?;
        put_utf8_i32(&c.explanation(lang), buf, capacity, needed)?;
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
    match quietly(|| put_utf16(&msg, buf, capacity, needed)) {
        Ok(Ok(())) => 0,
        Ok(Err(f)) => failure_code(&f),
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

    /// `whole` gives the number `exact` reads, or leaves the double to it.
    #[test]
    fn whole_doubles_are_the_integers_exact_reads() {
        for x in [0.0, -0.0, 1.0, 79.0, -3.0, 9_007_199_254_740_992.0, -9_007_199_254_740_992.0, 1e15, 123456789.0] {
            let w = whole(x).unwrap();
            assert_eq!(Exact::from_int(w), exact(x, "v").unwrap(), "{x}");
        }
        for x in [0.5, 1e16 + 2.0, 1e300, f64::NAN, f64::INFINITY, -0.1] {
            assert_eq!(whole(x), None, "{x}");
        }
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

    /// UTF-16 ids: ASCII ones looked up without allocating, others (never a
    /// catalogue id) and long ones decoded, all with core's message.
    #[test]
    fn utf16_ids_are_looked_up_as_text() {
        let w = |s: &str| s.encode_utf16().chain([0]).collect::<Vec<u16>>();
        unsafe {
            assert_eq!(chitieu_xl_check_w(w("nq314.crime.clearance_rate").as_ptr(), 80.0, 100.0, 1), 1);
            for id in ["nq314.crime.clearance_raté", &"x".repeat(70), "nq314.crime.clearance_rat"] {
                assert_eq!(chitieu_xl_check_w(w(id).as_ptr(), 80.0, 100.0, 1), -108, "{id}");
                let m = with_last(|l| l.unwrap().message.clone());
                assert!(m.contains(&format!("unknown target '{id}'")), "{m}");
            }
            let bad = [0xD800u16, 0];
            assert_eq!(chitieu_xl_check_w(bad.as_ptr(), 80.0, 100.0, 1), -103);
        }
    }

    #[test]
    fn a_range_is_checked_cell_by_cell() {
        unsafe {
            let mut t = std::ptr::null();
            assert_eq!(chitieu_xl_target_find(b"nq314.crime.clearance_rate\0".as_ptr().cast(), &mut t), 0);
            let values = [79.0, 80.0, 0.0, 101.0, 5.0, 0.8];
            let seconds = [100.0, 100.0, 0.0, 100.0, 0.0, 1.0];
            let present = [3, 3, 3, 3, 2, 3];
            let mut codes = [9; 6];
            let mut margins = [9.0; 6];
            assert_eq!(chitieu_xl_range(t, values.as_ptr(), seconds.as_ptr(), present.as_ptr(), 6, codes.as_mut_ptr(), margins.as_mut_ptr()), 2);
            assert_eq!(codes, [0, 1, -2, -101, -1, -101]);
            assert_eq!(margins[0], -1.0);
            assert!(margins[2].is_nan() && margins[3].is_nan() && margins[4].is_nan());
            let mut fast = [9; 6];
            assert_eq!(chitieu_xl_range(t, values.as_ptr(), seconds.as_ptr(), present.as_ptr(), 6, fast.as_mut_ptr(), std::ptr::null_mut()), 2);
            assert_eq!(fast, codes);
            assert_eq!(chitieu_xl_range(t, values.as_ptr(), std::ptr::null(), std::ptr::null(), 6, codes.as_mut_ptr(), std::ptr::null_mut()), -101);
            let mut needed = 0;
            let mut buf = vec![0u8; 4096];
            assert_eq!(chitieu_xl_explain_range(t, values.as_ptr(), seconds.as_ptr(), present.as_ptr(), 6, crate::CHITIEU_LANG_EN, codes.as_mut_ptr(), buf.as_mut_ptr().cast(), 4096, &mut needed), 2);
            let text = std::str::from_utf8(&buf[..needed as usize - 1]).unwrap();
            let parts: Vec<&str> = text.split('\0').collect();
            assert_eq!(parts.len(), 6, "{parts:?}");
            assert!(parts[0].starts_with("Crime clearance rate: 79/100"), "{}", parts[0]);
            assert!(parts[3].contains("larger than its whole"), "{}", parts[3]);
            assert_eq!(parts[4], "");
            assert!(parts[5].contains("a whole number (a count)"), "{}", parts[5]);
        }
    }
}
