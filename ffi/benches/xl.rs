//! Per-call cost of the spreadsheet functions: a sheet of 100,000
//! `=CHITIEU_CHECK(...)` cells makes 100,000 calls (200,000 for
//! `=CHITIEU_EXPLAIN`, whose VBA wrapper may ask the size first), so the
//! figure that matters is nanoseconds per call. Also the cost of evaluating a
//! data file through the C ABI.
//!
//! cargo bench -p chitieu-ffi --bench xl

use std::hint::black_box;
use std::os::raw::c_char;

use chitieu::*;
use criterion::{criterion_group, criterion_main, Criterion};

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain([0]).collect()
}

fn cells(c: &mut Criterion) {
    let target = b"nq314.crime.clearance_rate\0".as_ptr().cast::<c_char>();
    let target_w = wide("nq314.crime.clearance_rate");
    let baseline_w = wide("nq314.crime.total_cases_2025");
    // Build the process-wide catalogue before measuring.
    assert_eq!(unsafe { chitieu_xl_check(target, 79.0, 100.0, 1) }, 0);

    c.bench_function("chitieu_xl_check (rate 79/100)", |b| b.iter(|| unsafe { chitieu_xl_check(target, black_box(79.0), black_box(100.0), 1) }));
    c.bench_function("chitieu_xl_check_w (change 951 vs 1000)", |b| {
        b.iter(|| unsafe { chitieu_xl_check_w(baseline_w.as_ptr(), black_box(951.0), black_box(1000.0), 1) })
    });
    let mut margin = 0.0;
    c.bench_function("chitieu_xl_margin_w (rate 79/100)", |b| {
        b.iter(|| unsafe { chitieu_xl_margin_w(target_w.as_ptr(), black_box(79.0), black_box(100.0), 1, &mut margin) })
    });
    let mut buf = vec![0u16; 512];
    let mut needed = 0;
    c.bench_function("chitieu_xl_explain_w (rate 79/100, vi)", |b| {
        b.iter(|| unsafe {
            chitieu_xl_explain_w(target_w.as_ptr(), black_box(79.0), black_box(100.0), 1, CHITIEU_LANG_VI, buf.as_mut_ptr(), 512, &mut needed)
        })
    });
}

fn evaluation(c: &mut Criterion) {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/scenarios/data/section8.csv\0");
    unsafe {
        let mut cat = std::ptr::null_mut();
        let mut units = std::ptr::null_mut();
        let mut ds = std::ptr::null_mut();
        assert_eq!(chitieu_catalogue_builtin(&mut cat), CHITIEU_OK);
        assert_eq!(chitieu_units_builtin(&mut units), CHITIEU_OK);
        assert_eq!(chitieu_dataset_from_path(cat, units, data.as_ptr().cast(), &mut ds), CHITIEU_OK);
        let period = b"2024\0".as_ptr().cast::<c_char>();
        c.bench_function("chitieu_evaluate_all section8.csv 2024 (191 units) + JSON", |b| {
            b.iter(|| {
                let mut r = std::ptr::null_mut();
                assert_eq!(chitieu_evaluate_all(cat, units, ds, period, &mut r), CHITIEU_OK);
                let mut n = 0;
                chitieu_result_json(r, CHITIEU_LANG_VI, 0, std::ptr::null_mut(), 0, &mut n);
                chitieu_result_free(r);
                n
            })
        });
        chitieu_dataset_free(ds);
        let mut sample = std::ptr::null_mut();
        c.bench_function("chitieu_dataset_sample", |b| {
            b.iter(|| {
                let mut d = std::ptr::null_mut();
                assert_eq!(chitieu_dataset_sample(&mut d), CHITIEU_OK);
                chitieu_dataset_free(d);
            })
        });
        assert_eq!(chitieu_dataset_sample(&mut sample), CHITIEU_OK);
        let y2024 = b"2024\0".as_ptr().cast::<c_char>();
        c.bench_function("chitieu_evaluate sample 2024, province + JSON", |b| {
            b.iter(|| {
                let mut r = std::ptr::null_mut();
                assert_eq!(chitieu_evaluate(cat, units, sample, y2024, std::ptr::null(), 0, &mut r), CHITIEU_OK);
                let mut n = 0;
                chitieu_result_json(r, CHITIEU_LANG_VI, 0, std::ptr::null_mut(), 0, &mut n);
                chitieu_result_free(r);
                n
            })
        });
        c.bench_function("chitieu_evaluate_all sample 2024 (191 units) + JSON", |b| {
            b.iter(|| {
                let mut r = std::ptr::null_mut();
                assert_eq!(chitieu_evaluate_all(cat, units, sample, y2024, &mut r), CHITIEU_OK);
                let mut n = 0;
                chitieu_result_json(r, CHITIEU_LANG_VI, 0, std::ptr::null_mut(), 0, &mut n);
                chitieu_result_free(r);
                n
            })
        });
        chitieu_dataset_free(sample);
        chitieu_units_free(units);
        chitieu_catalogue_free(cat);
    }
}

criterion_group!(benches, cells, evaluation);
criterion_main!(benches);
