//! The C ABI's text entry points. The input is split at NUL bytes (C text
//! cannot hold one): the first piece picks the forms, the next ones are the
//! texts. A caught panic (CHITIEU_INTERNAL_ERROR) is a failure: libfuzzer's
//! panic hook aborts before the boundary could catch it anyway.
#![no_main]
use libfuzzer_sys::fuzz_target;

use std::ffi::{c_char, CString};
use std::ptr::null_mut;
use std::sync::OnceLock;

use chitieu::*;

/// The built-in catalogue and units, made once through the C ABI (kept for
/// the life of the process, as a host program would).
fn builtin() -> (*const chitieu_catalogue, *const chitieu_units) {
    static HANDLES: OnceLock<(usize, usize)> = OnceLock::new();
    let (c, u) = *HANDLES.get_or_init(|| unsafe {
        let (mut cat, mut units) = (null_mut(), null_mut());
        assert_eq!(chitieu_catalogue_builtin(&mut cat), CHITIEU_OK);
        assert_eq!(chitieu_units_builtin(&mut units), CHITIEU_OK);
        (cat as usize, units as usize)
    });
    (c as *const chitieu_catalogue, u as *const chitieu_units)
}

unsafe fn ok(status: chitieu_status) -> bool {
    assert_ne!(status, CHITIEU_INTERNAL_ERROR, "a panic was caught at the boundary");
    if status != CHITIEU_OK {
        let mut needed = 0usize;
        let _ = chitieu_last_error_message(null_mut(), 0, &mut needed);
        let mut buf = vec![0 as c_char; needed.max(1)];
        assert_eq!(chitieu_last_error_message(buf.as_mut_ptr(), buf.len(), &mut needed), CHITIEU_OK);
        assert!(needed <= 4097, "an error message of {needed} bytes");
    }
    status == CHITIEU_OK
}

fuzz_target!(|data: &[u8]| {
    let mut pieces = data.split(|b| *b == 0);
    let selector = pieces.next().and_then(|p| p.first().copied()).unwrap_or(0);
    let texts: Vec<CString> = pieces.take(4).filter_map(|p| CString::new(p).ok()).collect();
    let Some(first) = texts.first() else { return };
    let text = |i: usize| texts.get(i).map_or(std::ptr::null(), |t| t.as_ptr());
    let (cat, units) = builtin();
    unsafe {
        match selector % 5 {
            0 => {
                let mut u = null_mut();
                if ok(chitieu_units_from_csv_text(first.as_ptr(), c"fuzz-units.csv".as_ptr(), &mut u)) {
                    let mut inputs = null_mut();
                    if ok(chitieu_inputs_from_texts(cat, u, text(1), std::ptr::null(), text(2), std::ptr::null(), text(3), std::ptr::null(), &mut inputs)) {
                        let mut report = null_mut();
                        if ok(chitieu_select(cat, u, inputs, std::ptr::null(), c"2024-06-01".as_ptr(), &mut report)) {
                            chitieu_report_free(report);
                        }
                        chitieu_inputs_free(inputs);
                    }
                    chitieu_units_free(u);
                }
            }
            1 | 2 => {
                let mut ds = null_mut();
                let status = if selector % 5 == 1 {
                    chitieu_dataset_from_csv_text(cat, units, first.as_ptr(), std::ptr::null(), &mut ds)
                } else {
                    chitieu_dataset_from_json_text(cat, units, first.as_ptr(), std::ptr::null(), &mut ds)
                };
                if ok(status) {
                    let period = texts.get(1).map_or(c"2023".as_ptr(), |t| t.as_ptr());
                    let mut res = null_mut();
                    if ok(chitieu_evaluate(cat, units, ds, period, std::ptr::null(), 0, &mut res)) {
                        let mut needed = 0usize;
                        let _ = chitieu_result_json(res, CHITIEU_LANG_EN, 0, null_mut(), 0, &mut needed);
                        chitieu_result_free(res);
                    }
                    chitieu_dataset_free(ds);
                }
            }
            3 => {
                let json = selector & 0x80 != 0;
                let (f, e, r) = if json { (c"f.json", c"e.json", c"r.json") } else { (c"f.csv", c"e.csv", c"r.csv") };
                let mut inputs = null_mut();
                if ok(chitieu_inputs_from_texts(cat, units, text(0), f.as_ptr(), text(1), e.as_ptr(), text(2), r.as_ptr(), &mut inputs)) {
                    let mut report = null_mut();
                    let as_of = texts.get(3).map_or(c"2024-12-15".as_ptr(), |t| t.as_ptr());
                    if ok(chitieu_certify(cat, units, inputs, std::ptr::null(), as_of, &mut report)) {
                        chitieu_report_free(report);
                    }
                    chitieu_inputs_free(inputs);
                }
            }
            _ => {
                let value = f64::from(selector);
                let code = chitieu_xl_check(first.as_ptr(), value, value * 2.0, i32::from(selector & 1));
                assert_ne!(code, -200, "a panic was caught at the boundary");
                let mut margin = 0.0;
                let _ = chitieu_xl_margin(first.as_ptr(), value, 100.0, 1, &mut margin);
                let mut needed = 0i32;
                let _ = chitieu_xl_explain(first.as_ptr(), value, 100.0, 1, CHITIEU_LANG_VI, null_mut(), 0, &mut needed);
            }
        }
    }
});
