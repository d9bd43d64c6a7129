//! Per-call cost of the spreadsheet functions: a sheet of 100,000
//! `=CHITIEU_CHECK(...)` cells makes 100,000 calls, so the figure that
//! matters is nanoseconds per call; the range functions check a whole column
//! in one call, measured on 100,000 cells (and the same 100,000 cells one
//! call each). Also the cost of evaluating a data file through the C ABI.
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

/// 100,000 rows of (solved, recorded): whole numbers around the 80% line,
/// every 50th row blank, as a sheet would have them.
fn column() -> (Vec<f64>, Vec<f64>, Vec<i32>) {
    let n = 100_000;
    let recorded: Vec<f64> = (0..n).map(|i| f64::from(50 + (i * 7919) % 400)).collect();
    let solved: Vec<f64> = recorded.iter().enumerate().map(|(i, r)| (r * 0.8).floor() + f64::from((i % 5) as i32 - 2)).map(|x| x.max(0.0)).collect();
    let present = (0..n).map(|i| if i % 50 == 0 { 0 } else { CHITIEU_XL_VALUE | CHITIEU_XL_SECOND }).collect();
    (solved, recorded, present)
}

fn ranges(c: &mut Criterion) {
    let mut t = std::ptr::null();
    assert_eq!(unsafe { chitieu_xl_target_find(b"nq314.crime.clearance_rate\0".as_ptr().cast(), &mut t) }, 0);
    c.bench_function("chitieu_xl_target_check (rate 79/100)", |b| b.iter(|| unsafe { chitieu_xl_target_check(t, black_box(79.0), black_box(100.0), 1) }));

    let (solved, recorded, present) = column();
    let n = solved.len() as i32;
    let mut codes = vec![0i32; solved.len()];
    let mut margins = vec![0f64; solved.len()];
    let mut g = c.benchmark_group("100,000 cells");
    g.sample_size(10);
    g.bench_function("chitieu_xl_range (codes)", |b| {
        b.iter(|| unsafe { chitieu_xl_range(t, solved.as_ptr(), recorded.as_ptr(), present.as_ptr(), n, codes.as_mut_ptr(), std::ptr::null_mut()) })
    });
    assert!(codes.iter().filter(|c| **c == CHITIEU_OUTCOME_MET).count() > 10_000 && codes.iter().filter(|c| **c == CHITIEU_OUTCOME_NOT_MET).count() > 10_000);
    g.bench_function("chitieu_xl_range (codes and margins)", |b| {
        b.iter(|| unsafe { chitieu_xl_range(t, solved.as_ptr(), recorded.as_ptr(), present.as_ptr(), n, codes.as_mut_ptr(), margins.as_mut_ptr()) })
    });
    let target = b"nq314.crime.clearance_rate\0".as_ptr().cast::<c_char>();
    g.bench_function("chitieu_xl_check, one call per cell", |b| {
        b.iter(|| {
            for i in 0..solved.len() {
                codes[i] = if present[i] == 0 { CHITIEU_OUTCOME_NO_DATA } else { unsafe { chitieu_xl_check(target, solved[i], recorded[i], 1) } };
            }
        })
    });
    let target_w = wide("nq314.crime.clearance_rate");
    g.bench_function("chitieu_xl_check_w, one call per cell", |b| {
        b.iter(|| {
            for i in 0..solved.len() {
                codes[i] = if present[i] == 0 { CHITIEU_OUTCOME_NO_DATA } else { unsafe { chitieu_xl_check_w(target_w.as_ptr(), solved[i], recorded[i], 1) } };
            }
        })
    });
    g.finish();
    let mut g = c.benchmark_group("1,000 cells");
    g.sample_size(10);
    let mut needed = 0;
    let mut buf = vec![0u16; 1 << 20];
    g.bench_function("chitieu_xl_explain_range_w (vi)", |b| {
        b.iter(|| unsafe {
            chitieu_xl_explain_range_w(t, solved.as_ptr(), recorded.as_ptr(), present.as_ptr(), 1000, CHITIEU_LANG_VI, codes.as_mut_ptr(), buf.as_mut_ptr(), 1 << 20, &mut needed)
        })
    });
    g.finish();
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

criterion_group!(benches, cells, ranges, evaluation);
criterion_main!(benches);
