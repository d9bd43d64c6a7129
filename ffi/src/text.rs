//! Text and pointers across the boundary: NUL-terminated UTF-8 (and UTF-16)
//! in, caller buffers out with the two-call pattern.

use std::ffi::CStr;
use std::os::raw::c_char;

use crate::chitieu_status::*;
use crate::error::Fail;

/// A required NUL-terminated UTF-8 argument.
pub(crate) unsafe fn utf8<'a>(p: *const c_char, what: &str) -> Result<&'a str, Fail> {
    if p.is_null() {
        return Err(Fail::null(what));
    }
    CStr::from_ptr(p).to_str().map_err(|e| {
        Fail::new(CHITIEU_INVALID_UTF8, format!("{what} is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to()))
    })
}

/// The longest UTF-16 argument accepted, in code units (a guard against a
/// buffer without terminating NUL).
const MAX_UTF16: usize = 1 << 20;

/// A required NUL-terminated UTF-16 argument (a VBA `StrPtr`).
pub(crate) unsafe fn utf16(p: *const u16, what: &str) -> Result<String, Fail> {
    if p.is_null() {
        return Err(Fail::null(what));
    }
    let mut n = 0;
    while *p.add(n) != 0 {
        n += 1;
        if n > MAX_UTF16 {
            return Err(Fail::new(CHITIEU_INVALID_ARGUMENT, format!("{what} has no terminating NUL within {MAX_UTF16} code units")));
        }
    }
    String::from_utf16(std::slice::from_raw_parts(p, n))
        .map_err(|_| Fail::new(CHITIEU_INVALID_UTF8, format!("{what} is not valid UTF-16 (an unpaired surrogate)")))
}

/// A required handle.
pub(crate) unsafe fn handle<'a, T>(p: *const T, what: &str) -> Result<&'a T, Fail> {
    p.as_ref().ok_or_else(|| Fail::null(what))
}

/// A required out-pointer.
pub(crate) unsafe fn out<'a, T>(p: *mut T, what: &str) -> Result<&'a mut T, Fail> {
    p.as_mut().ok_or_else(|| Fail::null(what))
}

/// Stores a new handle into `*out` (set to NULL first, so a failure leaves NULL).
pub(crate) unsafe fn put_handle<T>(out: *mut *mut T, what: &str, make: impl FnOnce() -> Result<T, Fail>) -> Result<(), Fail> {
    let slot = self::out(out, what)?;
    *slot = std::ptr::null_mut();
    let v = make()?;
    *slot = Box::into_raw(Box::new(v));
    Ok(())
}

fn too_small(capacity: usize, n: usize, unit: &str) -> Fail {
    Fail::new(CHITIEU_BUFFER_TOO_SMALL, format!("the buffer holds {capacity} {unit}; {n} are needed (including the terminating NUL)"))
}

/// Two-call pattern, UTF-8: `*needed` (if not NULL) gets the size in bytes
/// including the NUL; a buffer too small gets only a NUL (if capacity > 0).
pub(crate) unsafe fn put_utf8(s: &str, buf: *mut c_char, capacity: usize, needed: *mut usize) -> Result<(), Fail> {
    let n = s.len() + 1;
    if !needed.is_null() {
        *needed = n;
    }
    if buf.is_null() {
        return Err(if capacity == 0 { too_small(capacity, n, "bytes") } else { Fail::null("buf") });
    }
    if capacity < n {
        if capacity > 0 {
            *buf = 0;
        }
        return Err(too_small(capacity, n, "bytes"));
    }
    std::ptr::copy_nonoverlapping(s.as_ptr(), buf.cast::<u8>(), s.len());
    *buf.add(s.len()) = 0;
    Ok(())
}

/// Two-call pattern, UTF-16 with int32 sizes (for VBA): `*needed` (if not
/// NULL) gets the size in code units including the NUL.
pub(crate) unsafe fn put_utf16(s: &str, buf: *mut u16, capacity: i32, needed: *mut i32) -> Result<(), Fail> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let n = units.len() + 1;
    let n32 = i32::try_from(n).map_err(|_| Fail::new(CHITIEU_INTERNAL_ERROR, "text too long for an int32 size"))?;
    if !needed.is_null() {
        *needed = n32;
    }
    if capacity < 0 {
        return Err(Fail::new(CHITIEU_INVALID_ARGUMENT, format!("capacity is negative ({capacity})")));
    }
    let cap = capacity as usize;
    if buf.is_null() {
        return Err(if cap == 0 { too_small(cap, n, "code units") } else { Fail::null("buf") });
    }
    if cap < n {
        if cap > 0 {
            *buf = 0;
        }
        return Err(too_small(cap, n, "code units"));
    }
    std::ptr::copy_nonoverlapping(units.as_ptr(), buf, units.len());
    *buf.add(units.len()) = 0;
    Ok(())
}
