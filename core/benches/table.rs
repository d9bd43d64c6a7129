//! How fast input tables stream: a national-sized CSV (about 23 MB: 10,600
//! communes a month for a year, 36 figures a row) read row by row through
//! `table::Table`, the path every loader takes. The bar is 100 MB/s. The csv
//! crate alone on the same text is measured beside it, so the cost of the
//! table layer (header search, blank rows and columns, locations) shows even
//! on a busy machine.

use chitieu_core::table::{Table, Want};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// unit_code,period,figure_0..figure_35 for 10,600 communes x 12 months.
fn national_csv() -> String {
    let mut s = String::from("unit_code,period");
    for v in 0..36 {
        s.push_str(&format!(",figure_{v}"));
    }
    s.push('\n');
    for unit in 0..10_600u32 {
        for month in 1..=12 {
            s.push_str(&format!("{:05},2023-{month:02}", unit));
            for v in 0..36u32 {
                s.push_str(&format!(",{}", (unit * 7 + v * 13 + month) % 10_000));
            }
            s.push('\n');
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = national_csv();
    let want = Want::columns(&["unit_code", "period"]);
    let mut g = c.benchmark_group("table");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function(format!("stream a {} MB CSV, every cell", text.len() >> 20), |b| {
        b.iter(|| {
            let mut t = Table::from_csv_text(&text, "national.csv", &want).unwrap();
            let mut bytes = 0usize;
            while let Some(row) = t.next_row().unwrap() {
                bytes += row.cells().map(str::len).sum::<usize>();
            }
            bytes
        })
    });
    g.bench_function("the csv crate alone on the same text", |b| {
        b.iter(|| {
            let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
            let mut rec = csv::StringRecord::new();
            let mut bytes = 0usize;
            while r.read_record(&mut rec).unwrap() {
                bytes += rec.iter().map(|c| c.trim().len()).sum::<usize>();
            }
            bytes
        })
    });
    let dir = std::env::temp_dir().join(format!("chitieu-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("national.csv");
    std::fs::write(&path, &text).unwrap();
    g.bench_function("stream the same CSV from a file", |b| {
        b.iter(|| {
            let mut t = Table::open(&path, &want).unwrap();
            let mut rows = 0usize;
            while t.next_row().unwrap().is_some() {
                rows += 1;
            }
            rows
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
