//! Panics contained: a panic inside chitieu, or inside a dependency on a
//! damaged input (calamine's .xls reader slices out of range on some
//! malformed files, found by fuzzing), becomes an error like any other and
//! prints nothing. The host's standard error is the host's: the C ABI, the
//! Python package and the workbook readers all run their work through
//! [`quietly`].
//!
//! The panic hook is process-wide, so the one installed on first use stays
//! quiet only on a thread that is inside [`quietly`] (recording where the
//! panic happened) and hands every other panic to the hook it replaced: a
//! Rust host keeps its own reporting.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside `quietly` (the hook stays quiet).
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

/// A contained panic: its message and the place it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panic {
    pub message: String,
    pub at: Option<String>,
}

impl std::fmt::Display for Panic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        match &self.at {
            Some(at) => write!(f, " (at {at})"),
            None => Ok(()),
        }
    }
}

fn panic_of(p: &(dyn Any + Send)) -> Panic {
    let message = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_default();
    let at = PANIC_AT.try_with(|a| a.borrow_mut().take()).ok().flatten();
    Panic { message, at }
}

/// Runs `f`; a panic inside it is caught, prints nothing, and is returned.
pub fn quietly<R>(f: impl FnOnce() -> R) -> Result<R, Panic> {
    install_quiet_hook();
    let was = INSIDE.with(|i| i.replace(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    INSIDE.with(|i| i.set(was));
    r.map_err(|p| panic_of(&*p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_place() {
        let p = quietly(|| -> u8 { panic!("boom {}", 7) }).unwrap_err();
        assert_eq!(p.message, "boom 7");
        assert!(p.at.as_deref().is_some_and(|a| a.contains("contain.rs")), "{p:?}");
        assert_eq!(quietly(|| 5).unwrap(), 5);
    }
}
