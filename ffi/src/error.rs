//! The boundary: the per-thread last error, the guard around every entry
//! point, and the conversion of core errors to statuses.
//!
//! A panic inside a call becomes CHITIEU_INTERNAL_ERROR with its message and
//! place, and prints nothing: the host's standard error is the host's. The
//! panic hook installed on first use stays quiet on a thread while it is
//! inside a call of this library and hands every other panic to the hook it
//! replaced, so a Rust host keeps its own reporting.

use std::cell::{Cell, RefCell};
use std::os::raw::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use chitieu_core::{CatalogueError, DataError, Error};

use crate::chitieu_status::{self, *};

/// A failed call: the status returned and what the last-error functions show.
#[derive(Clone, Debug)]
pub(crate) struct Fail {
    pub status: chitieu_status,
    pub message: String,
    pub row: Option<usize>,
    pub column: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
}

impl Fail {
    pub fn new(status: chitieu_status, message: impl Into<String>) -> Fail {
        Fail { status, message: message.into(), row: None, column: None, sheet: None, cell: None }
    }
    pub fn null(what: &str) -> Fail {
        Fail::new(CHITIEU_NULL_POINTER, format!("{what} is NULL"))
    }
}

impl From<DataError> for Fail {
    fn from(e: DataError) -> Fail {
        // Display names file, row, column, value and what was expected.
        Fail {
            status: CHITIEU_DATA_ERROR,
            message: e.to_string(),
            row: e.location.row,
            column: e.location.column.clone(),
            sheet: e.location.sheet.clone(),
            cell: e.location.cell.clone(),
        }
    }
}

impl From<CatalogueError> for Fail {
    fn from(e: CatalogueError) -> Fail {
        Fail::new(CHITIEU_CATALOGUE_ERROR, e.to_string())
    }
}

impl From<Error> for Fail {
    fn from(e: Error) -> Fail {
        match e {
            Error::Data(d) => d.into(),
            Error::Catalogue(c) => c.into(),
            Error::Invalid(m) => Fail::new(CHITIEU_INVALID_ARGUMENT, m),
            Error::NotFound(m) => Fail::new(CHITIEU_NOT_FOUND, m),
        }
    }
}

thread_local! {
    static LAST: RefCell<Option<Fail>> = const { RefCell::new(None) };
    /// Whether this thread is inside a call of the library (the panic hook stays quiet).
    static INSIDE: Cell<bool> = const { Cell::new(false) };
    /// Where the last quiet panic of this thread happened.
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

static QUIET_HOOK: Once = Once::new();

fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if INSIDE.try_with(Cell::get).unwrap_or(false) {
                let at = info.location().map(|l| format!("{}:{}", l.file(), l.line()));
                let _ = PANIC_AT.try_with(|p| *p.borrow_mut() = at);
            } else {
                previous(info);
            }
        }));
    });
}

/// `catch_unwind` with the panic hook quiet on this thread meanwhile.
pub(crate) fn quietly<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    install_quiet_hook();
    let was = INSIDE.with(|i| i.replace(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    INSIDE.with(|i| i.set(was));
    r
}

fn set_last(f: Option<Fail>) {
    let _ = LAST.try_with(|l| *l.borrow_mut() = f);
}

pub(crate) fn with_last<R>(f: impl FnOnce(Option<&Fail>) -> R) -> R {
    LAST.with(|l| f(l.borrow().as_ref()))
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    let m = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_default();
    let at = PANIC_AT.try_with(|a| a.borrow_mut().take()).ok().flatten().map(|a| format!(" (at {a})")).unwrap_or_default();
    format!("internal error in chitieu (please report it): {m}{at}")
}

/// Runs one entry point: clears the thread's last error, catches panics, and
/// records the failure. Every public function goes through here (the
/// last-error getters excepted, so that reading an error does not clear it).
pub(crate) fn guard(f: impl FnOnce() -> Result<(), Fail>) -> chitieu_status {
    set_last(None);
    match quietly(f) {
        Ok(Ok(())) => CHITIEU_OK,
        Ok(Err(fail)) => {
            let s = fail.status;
            set_last(Some(fail));
            s
        }
        Err(p) => {
            set_last(Some(Fail::new(CHITIEU_INTERNAL_ERROR, panic_message(&*p))));
            CHITIEU_INTERNAL_ERROR
        }
    }
}

/// Like `guard` but leaves the last error alone: for the getters of it.
fn guard_keep(f: impl FnOnce() -> Result<(), Fail>) -> chitieu_status {
    match quietly(f) {
        Ok(Ok(())) => CHITIEU_OK,
        Ok(Err(fail)) => fail.status,
        Err(_) => CHITIEU_INTERNAL_ERROR,
    }
}

/// Copies the message of the last failed call of this thread into `buf`
/// (UTF-8, NUL-terminated, two-call pattern: `*needed` receives the size in
/// bytes including the NUL). An empty message when the last call succeeded.
/// Reading the message does not change it.
///
/// Returns CHITIEU_OK, CHITIEU_BUFFER_TOO_SMALL (nothing but a NUL written
/// when `capacity` > 0; a query with `buf` NULL and `capacity` 0 is allowed)
/// or CHITIEU_NULL_POINTER (`buf` NULL with `capacity` > 0).
#[no_mangle]
pub unsafe extern "C" fn chitieu_last_error_message(buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard_keep(|| {
        let msg = with_last(|l| l.map(|f| f.message.clone()).unwrap_or_default());
        crate::text::put_utf8(&msg, buf, capacity, needed)
    })
}

/// The status of the last failed call of this thread (CHITIEU_OK when the
/// last call succeeded). Does not change the last error.
#[no_mangle]
pub extern "C" fn chitieu_last_error_status() -> chitieu_status {
    with_last(|l| l.map(|f| f.status).unwrap_or(CHITIEU_OK))
}

/// The row (1-based; the header of a CSV file is row 1; in JSON the record
/// number) named by the last error of this thread, into `*row`.
/// Returns CHITIEU_NOT_FOUND when the last error names no row,
/// CHITIEU_NULL_POINTER when `row` is NULL. Does not change the last error.
#[no_mangle]
pub unsafe extern "C" fn chitieu_last_error_row(row: *mut u64) -> chitieu_status {
    guard_keep(|| {
        let out = crate::text::out(row, "row")?;
        match with_last(|l| l.and_then(|f| f.row)) {
            Some(r) => {
                *out = r as u64;
                Ok(())
            }
            None => Err(Fail::new(CHITIEU_NOT_FOUND, "")),
        }
    })
}

/// The column named by the last error of this thread (a CSV header or JSON
/// field name), two-call pattern as `chitieu_last_error_message`.
/// Returns CHITIEU_NULL_POINTER when `buf` is NULL with `capacity` > 0,
/// CHITIEU_NOT_FOUND when the last error names no column. Does not change
/// the last error.
#[no_mangle]
pub unsafe extern "C" fn chitieu_last_error_column(buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    put_last(|f| f.column.clone(), buf, capacity, needed)
}

/// One part of the last error as text (two-call pattern); CHITIEU_NOT_FOUND when it has none.
unsafe fn put_last(part: impl FnOnce(&Fail) -> Option<String>, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard_keep(|| {
        if buf.is_null() && capacity > 0 {
            return Err(Fail::null("buf"));
        }
        match with_last(|l| l.and_then(part)) {
            Some(text) => crate::text::put_utf8(&text, buf, capacity, needed),
            None => Err(Fail::new(CHITIEU_NOT_FOUND, "")),
        }
    })
}

/// The sheet of a workbook named by the last error of this thread ("Huyện"),
/// two-call pattern as `chitieu_last_error_message`. Returns
/// CHITIEU_NOT_FOUND when the last error names no sheet (a CSV or JSON
/// input). Does not change the last error.
#[no_mangle]
pub unsafe extern "C" fn chitieu_last_error_sheet(buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    put_last(|f| f.sheet.clone(), buf, capacity, needed)
}

/// The cell of a workbook named by the last error of this thread ("F12"),
/// two-call pattern as `chitieu_last_error_message`. Returns
/// CHITIEU_NOT_FOUND when the last error names no cell. Does not change the
/// last error.
#[no_mangle]
pub unsafe extern "C" fn chitieu_last_error_cell(buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    put_last(|f| f.cell.clone(), buf, capacity, needed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error_with_its_message_and_place() {
        let s = guard(|| panic!("boom"));
        assert_eq!(s, CHITIEU_INTERNAL_ERROR);
        let m = with_last(|l| l.unwrap().message.clone());
        assert!(m.contains("boom") && m.contains("ffi/src/error.rs:"), "{m}");
        assert_eq!(chitieu_last_error_status(), CHITIEU_INTERNAL_ERROR);
        assert_eq!(guard(|| Ok(())), CHITIEU_OK);
        assert_eq!(chitieu_last_error_status(), CHITIEU_OK);
    }

    /// Run in a process of its own (this test binary again), whose standard
    /// error is read: a panic inside a call prints nothing there, a panic of
    /// the host outside any call still reaches the host's hook and prints.
    #[test]
    fn a_panic_inside_a_call_prints_nothing() {
        const CHILD: &str = "CHITIEU_QUIET_PANIC_CHILD";
        if std::env::var_os(CHILD).is_some() {
            assert_eq!(guard(|| panic!("boom inside the library")), CHITIEU_INTERNAL_ERROR);
            assert!(catch_unwind(|| panic!("the host's own panic")).is_err());
            return;
        }
        let exe = std::env::current_exe().unwrap();
        let out = std::process::Command::new(exe)
            .args(["error::tests::a_panic_inside_a_call_prints_nothing", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(!err.contains("boom inside the library"), "a panic inside a call was printed:\n{err}");
        assert!(err.contains("the host's own panic"), "the host's hook was lost:\n{err}");
    }
}
