//! How fast figures load: `Dataset::from_path` on the national benchmark's
//! figures (`python3 bench/national/generate.py --provinces 63 --out DIR`,
//! about 18 MB, 112,000 rows of 67 figures), the comma CSV as written and the
//! same rows saved the way Excel does with Vietnamese settings (`;`, a BOM,
//! CRLF line ends), so the cost of each path shows. The bar is 100 MB/s.
//!
//! `CHITIEU_NATIONAL=DIR cargo bench -p chitieu-core --bench load`; without
//! the variable the bench says how to make the data and measures nothing.

use std::path::PathBuf;

use chitieu_core::catalogue::Catalogue;
use chitieu_core::observations::Dataset;
use chitieu_core::UnitRegistry;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("CHITIEU_NATIONAL").map(PathBuf::from) else {
        eprintln!("load: set CHITIEU_NATIONAL to a folder made by `python3 bench/national/generate.py --provinces 63 --out DIR`");
        return;
    };
    let cat = Catalogue::builtin();
    let units = UnitRegistry::from_csv_path(&dir.join("registry.csv")).expect("the national registry");
    let figures = dir.join("figures.csv");
    let text = std::fs::read_to_string(&figures).expect("the national figures");
    let semicolon = dir.join("figures-vi.csv");
    let mut vi = String::from("\u{feff}");
    for line in text.lines() {
        vi.push_str(&line.replace(',', ";"));
        vi.push_str("\r\n");
    }
    std::fs::write(&semicolon, &vi).expect("a temporary file");
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function(format!("national figures, {} MB, comma CSV", text.len() >> 20), |b| b.iter(|| Dataset::from_path(&figures, &cat, &units).expect("loads").len()));
    g.throughput(Throughput::Bytes(vi.len() as u64));
    g.bench_function("the same saved by Excel with Vietnamese settings (; BOM CRLF)", |b| b.iter(|| Dataset::from_path(&semicolon, &cat, &units).expect("loads").len()));
    g.finish();
    let _ = std::fs::remove_file(&semicolon);
}

criterion_group!(benches, bench);
criterion_main!(benches);
