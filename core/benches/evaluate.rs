//! How long the province's yearly job takes: loading the catalogue, building
//! the sample, and evaluating every target for the province and for every unit.

use chitieu_core::catalogue::Catalogue;
use chitieu_core::evaluation::{check, evaluate, UnitFilter};
use chitieu_core::{sample, Exact, Period, UnitRegistry};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let cat = Catalogue::builtin();
    let units = UnitRegistry::builtin();
    let data = sample::generate(&cat, &units);
    c.bench_function("load built-in catalogue", |b| b.iter(Catalogue::builtin));
    c.bench_function("generate sample", |b| b.iter(|| sample::generate(&cat, &units)));
    c.bench_function("evaluate province 2023", |b| b.iter(|| evaluate(&cat, &units, &data, Period::Year(2023), &UnitFilter::Root).unwrap()));
    c.bench_function("evaluate all 191 units 2023", |b| b.iter(|| evaluate(&cat, &units, &data, Period::Year(2023), &UnitFilter::All).unwrap()));
    let (n, d) = (Exact::from_int(79), Exact::from_int(100));
    c.bench_function("check one rate", |b| b.iter(|| check(&cat, "nq314.crime.clearance_rate", &n, Some(&d)).unwrap()));
}

criterion_group!(benches, bench);
criterion_main!(benches);
