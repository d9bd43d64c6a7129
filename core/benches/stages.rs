//! Where a national run's time goes, stage by stage: reading the registry,
//! reading and validating the figures, making the roll-up columns and
//! deciding every unit, and writing CSV and JSON (to a sink). Run on the
//! national benchmark's files:
//!
//! `cargo bench -p chitieu-core --bench stages -- figures.csv units.csv 2025`
//!
//! A benchmark, never a test: it prints times, it asserts nothing.

use std::time::Instant;

use chitieu_core::catalogue::Catalogue;
use chitieu_core::evaluation::{write, Evaluator, UnitFilter};
use chitieu_core::observations::Dataset;
use chitieu_core::{Lang, UnitRegistry};

/// The command line's allocator, so the stages cost what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU seconds used by this process so far (user + system), from /proc: the
/// machine is shared, so wall time alone says little.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let (args, only_load) = match args.split_last() {
        Some((last, rest)) if last == "load" => (rest.to_vec(), true),
        _ => (args.clone(), false),
    };
    let [data, units, period] = args.as_slice() else {
        eprintln!("usage: cargo bench -p chitieu-core --bench stages -- FIGURES.csv UNITS.csv PERIOD");
        return;
    };
    let t = Instant::now();
    let mut cpu_at = cpu();
    let mut lap = |what: &str, since: &mut Instant| {
        let c = cpu();
        eprintln!("{what:<40} {:>8.3} s wall {:>8.2} s cpu", since.elapsed().as_secs_f64(), c - cpu_at);
        cpu_at = c;
        *since = Instant::now();
    };
    let mut since = Instant::now();
    let cat = std::sync::Arc::new(Catalogue::builtin());
    lap("catalogue", &mut since);
    let units = UnitRegistry::from_csv_path(units.as_ref()).expect("a registry");
    lap(&format!("registry ({} units)", units.len()), &mut since);
    let bytes = std::fs::metadata(data).map(|m| m.len()).unwrap_or(0);
    let ds = Dataset::from_path(data.as_ref(), &cat, &units).expect("figures");
    let load = since.elapsed().as_secs_f64();
    lap(&format!("load + validate ({} figures)", ds.len()), &mut since);
    eprintln!("{:<40} {:>8.0} MB/s", "  load speed (wall)", bytes as f64 / 1e6 / load);
    if only_load {
        return;
    }
    let period = period.parse().expect("a period");
    let ev = Evaluator::new(&cat, &units, &ds, period, &UnitFilter::All).expect("an evaluation");
    let mut n = 0;
    ev.run(|o| {
        n += o.len();
        Ok::<(), ()>(())
    })
    .expect("runs");
    lap(&format!("roll up + decide ({n} outcomes)"), &mut since);
    {
        let mut all = Vec::new();
        ev.run(|o| { all.extend(o); Ok::<(), ()>(()) }).unwrap();
        let take = &all[..100000.min(all.len())];
        let t0 = Instant::now();
        let mut n = 0; for o in take { n += o.explanation(Lang::Vi).len(); }
        eprintln!("explanation vi: {:.2} us/outcome ({n})", t0.elapsed().as_secs_f64() * 1e6 / take.len() as f64);
        let t0 = Instant::now();
        let mut n = 0; for o in take { n += o.required(Lang::Vi).len(); }
        eprintln!("required vi: {:.2} us/outcome ({n})", t0.elapsed().as_secs_f64() * 1e6 / take.len() as f64);
        let t0 = Instant::now();
        let mut b = Vec::new(); write::csv_rows(take, Lang::Vi, &mut b).unwrap();
        eprintln!("csv_rows: {:.2} us/outcome", t0.elapsed().as_secs_f64() * 1e6 / take.len() as f64);
        let t0 = Instant::now();
        let mut b = Vec::new(); write::json_chunk(take, Lang::Vi, &mut b).unwrap();
        eprintln!("json_chunk: {:.2} us/outcome, {} bytes", t0.elapsed().as_secs_f64() * 1e6 / take.len() as f64, b.len());
        let t0 = Instant::now();
        let mut n = 0; for o in take { if let Some(v) = &o.verdict { if let Some(a) = &v.actual { n += a.decimal_text().len(); } } }
        eprintln!("decimal_text actual: {:.2} us/outcome ({n})", t0.elapsed().as_secs_f64() * 1e6 / take.len() as f64);
        let mut kinds = std::collections::BTreeMap::new();
        for o in take { *kinds.entry(o.status.as_str()).or_insert(0) += 1; }
        eprintln!("{kinds:?}");
    }
    for (name, json) in [("roll up + decide + CSV", false), ("roll up + decide + JSON", true)] {
        let mut sink = std::io::sink();
        let header = ev.header();
        if json {
            let mut w = write::JsonWriter::begin(&mut sink, &header, Lang::Vi).expect("sink");
            let without = ev.run_with(|o| {
                let mut b = Vec::new();
                write::json_chunk(&o, Lang::Vi, &mut b).map(|_| b)
            }, |b| w.formatted(&b))
            .expect("sink");
            w.finish(&without).expect("sink");
        } else {
            write::csv_header(&mut sink).expect("sink");
            ev.run_with(|o| {
                let mut b = Vec::new();
                write::csv_rows(&o, Lang::Vi, &mut b).map(|_| b)
            }, |b| std::io::Write::write_all(&mut sink, &b))
            .expect("sink");
        }
        lap(name, &mut since);
    }
    eprintln!("{:<40} {:>8.3} s wall {:>8.2} s cpu", "total", t.elapsed().as_secs_f64(), cpu());
}
