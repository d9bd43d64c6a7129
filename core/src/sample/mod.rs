//! The built-in sample: a deterministic SYNTHETIC dataset for 2016-2024
//! (province, 13 districts, 177 communes) with every variable the built-in
//! catalogue uses.
//!
//! It is derived from the catalogue itself so that it never lags behind it:
//! for each target, figures are drawn around its threshold (some meet it, some
//! miss it, a few sit exactly on it), counts are reported by districts and add
//! up to the province, yes/no facts are reported by the units a share counts,
//! and a few figures are missing on purpose. Nothing here is a real figure of
//! Quảng Ninh; every report of it says so.

pub mod programme;

use std::collections::{HashMap, HashSet};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::catalogue::{Catalogue, Comparator, Measure, Rule, RuleValue, VariableKind};
use crate::error::Location;
use crate::exact::Exact;
use crate::observations::{Dataset, DatasetBuilder};
use crate::period::Period;
use crate::units::{Level, UnitRegistry};

/// The years the sample covers: baselines 2016-2020 and the 2021-2025 period up to 2024.
pub const YEARS: std::ops::RangeInclusive<i32> = 2016..=2024;

/// The name the sample carries in every report.
pub const NAME: &str = "built-in synthetic sample (not real data)";

/// The sample for the built-in catalogue and units.
pub fn dataset() -> Dataset {
    generate(&Catalogue::builtin(), &UnitRegistry::builtin())
}

/// Variables another part of chitieu derives (the drug-free programme), not sampled here.
fn derived(variable: &str) -> bool {
    variable.starts_with("kh50_") || variable == "drug_free"
}

struct Gen<'a> {
    rng: ChaCha8Rng,
    done: HashSet<String>,
    /// What has been written, so a denominator shared by two targets is drawn once.
    written: HashMap<(String, Period, String), i64>,
    units: &'a UnitRegistry,
    cat: &'a Catalogue,
}

fn f(x: &Exact) -> f64 {
    x.to_f64_lossy()
}

impl<'a> Gen<'a> {
    fn put(&mut self, unit: &str, period: Period, var: &str, value: i64) {
        let value = value.max(0);
        self.written.insert((unit.to_string(), period, var.to_string()), value);
    }
    fn districts(&self) -> Vec<String> {
        self.units.units().iter().filter(|u| u.level == Level::District).map(|u| u.code.clone()).collect()
    }
    fn kind(&self, v: &str) -> VariableKind {
        self.cat.variable(v).map(|d| d.kind).unwrap_or(VariableKind::Count)
    }
    /// A district's typical size for a denominator.
    fn magnitude(&mut self, var: &str) -> f64 {
        let base = if var.contains("expenditure") {
            1.0e12
        } else if var.contains("budget") {
            5.5e9
        } else if var.contains("minutes") {
            4000.0
        } else if var.contains("people") || var.contains("adults") || var.contains("households") {
            3000.0
        } else if var.contains("businesses") || var.contains("records") || var.contains("dossiers") {
            120.0
        } else {
            60.0
        };
        base * self.rng.gen_range(0.5..1.6)
    }

    fn ratio(&mut self, num: &str, den: &str, rule: &Rule, on_threshold: bool, gaps: bool) {
        if derived(num) || (self.done.contains(num) && self.done.contains(den)) {
            return;
        }
        if self.done.contains(num) {
            // The numerator was drawn for another target: the new whole contains it.
            for d in self.districts() {
                for y in YEARS {
                    let p = Period::Year(y);
                    if let Some(n) = self.written(&d, p, num) {
                        let extra = if self.rng.gen_bool(0.8) { 0 } else { self.rng.gen_range(1..4) };
                        self.put(&d, p, den, n + extra);
                    }
                }
            }
            self.done.insert(den.to_string());
            return;
        }
        let target = match &rule.value {
            RuleValue::Fixed(x) if rule.change.is_none() => f(x),
            _ => self.rng.gen_range(0.2..0.6),
        };
        let ceiling = matches!(rule.comparator, Comparator::LessThan | Comparator::AtMost);
        let districts = self.districts();
        for (di, d) in districts.iter().enumerate() {
            let size = self.magnitude(den);
            for y in YEARS {
                let p = Period::Year(y);
                let dv = match self.written(d, p, den) {
                    Some(v) => v,
                    None => {
                        let v = ((size * self.rng.gen_range(0.85..1.15)).round() as i64).max(1);
                        self.put(d, p, den, v);
                        v
                    }
                };
                // Spread around the threshold in proportion to the room it leaves.
                let scale = if target < 0.05 { target } else { target.min(1.0 - target).max(0.01) };
                let swing = scale * (0.1 + 2.0 * self.rng.gen_range(-0.06..0.05));
                let rate = if ceiling { target - swing } else { (target + swing).min(1.0) };
                let mut nv = ((dv as f64) * rate.clamp(0.0, 1.0)).round() as i64;
                if target >= 1.0 && self.rng.gen_bool(0.85) {
                    nv = dv;
                }
                if on_threshold && di == 0 && y == 2023 {
                    // District 193 sits exactly on the threshold in 2023 where the threshold allows it.
                    let exact = &Exact::from_int(dv) * &match &rule.value {
                        RuleValue::Fixed(x) => x.clone(),
                        RuleValue::Baseline => Exact::zero(),
                    };
                    if exact.is_integer() && rule.change.is_none() {
                        nv = exact.to_f64_lossy() as i64;
                    }
                }
                if gaps && d == "207" && y == 2023 {
                    continue; // Cô Tô did not report this figure in 2023: the province total is missing too.
                }
                let nv = nv.clamp(0, dv);
                self.put(d, p, num, nv);
            }
        }
        self.done.insert(num.to_string());
        self.done.insert(den.to_string());
    }

    fn allocated(&self, target: &str, unit: &str) -> Option<f64> {
        self.cat.allocations().find_map(|(a, _)| {
            let col = a.columns.iter().find(|c| c.target == target)?;
            a.rows.iter().find(|r| r.unit.as_deref() == Some(unit)).and_then(|r| r.values.get(&col.key)).map(f)
        })
    }

    fn written(&self, unit: &str, p: Period, var: &str) -> Option<i64> {
        self.written.get(&(unit.to_string(), p, var.to_string())).copied()
    }

    /// A count or amount series per district around a relative change.
    fn series(&mut self, var: &str, rule: &Rule) {
        if self.done.contains(var) || derived(var) {
            return;
        }
        let step = match (&rule.value, rule.change) {
            (RuleValue::Fixed(x), Some(crate::catalogue::Direction::Decrease)) => -f(x) - 0.01,
            (RuleValue::Fixed(x), Some(crate::catalogue::Direction::Increase)) => f(x) / 5.0 + 0.01,
            _ => -0.02,
        };
        let kind = self.kind(var);
        for d in self.districts() {
            // A count of communes cannot exceed the district's communes.
            let communes = self.units.descendants_at(&d, Level::Commune).len() as f64;
            let mut level = if var.contains("communes") { communes * self.rng.gen_range(0.4..0.8) } else { self.magnitude(var) };
            for y in YEARS {
                let noise = self.rng.gen_range(-0.04..0.04);
                level *= 1.0 + step + noise;
                let v = level.max(0.0).round() as i64;
                let v = if var.contains("communes") { v.min(communes as i64) } else { v };
                match kind {
                    VariableKind::Percent => self.put(&d, Period::Year(y), var, v.min(100)),
                    _ => self.put(&d, Period::Year(y), var, v),
                }
            }
        }
        self.done.insert(var.to_string());
    }

    /// Counts that should be zero: mostly zero, now and then one.
    fn rare(&mut self, var: &str) {
        if self.done.contains(var) || derived(var) {
            return;
        }
        for d in self.districts() {
            for y in YEARS {
                let v = if self.rng.gen_bool(0.08) { 1 } else { 0 };
                self.put(&d, Period::Year(y), var, v);
            }
        }
        self.done.insert(var.to_string());
    }

    /// A count a unit must reach: drawn near the target for the units a city
    /// plan names, near each district's allocated share, or split evenly.
    fn total(&mut self, var: &str, threshold: &Exact, target: &crate::catalogue::Target) {
        if self.done.contains(var) || derived(var) {
            return;
        }
        if !target.units.is_empty() {
            for u in &target.units {
                for y in YEARS {
                    let v = (f(threshold) * self.rng.gen_range(0.85..1.2)).round() as i64;
                    self.put(u, Period::Year(y), var, v);
                }
            }
            self.done.insert(var.to_string());
            return;
        }
        let districts = self.districts();
        let shares: Vec<Option<f64>> = districts.iter().map(|d| self.allocated(&target.id, d)).collect();
        if shares.iter().any(Option::is_some) {
            for (d, share) in districts.iter().zip(shares) {
                let share = share.unwrap_or(0.0);
                for y in YEARS {
                    let v = (share * self.rng.gen_range(0.8..1.3)).round() as i64;
                    self.put(d, Period::Year(y), var, v);
                }
            }
            self.done.insert(var.to_string());
            return;
        }
        if f(threshold) < 50.0 {
            // A handful of models or teams: a province figure, not split by district.
            let root = self.units.roots().next().map(|u| u.code.clone()).unwrap_or_default();
            for y in YEARS {
                let v = (f(threshold) * self.rng.gen_range(0.8..1.4)).round() as i64;
                self.put(&root, Period::Year(y), var, v);
            }
            self.done.insert(var.to_string());
            return;
        }
        let share = f(threshold) / districts.len() as f64;
        for d in &districts {
            for y in YEARS {
                let v = (share * self.rng.gen_range(0.75..1.35)).round() as i64;
                self.put(d, Period::Year(y), var, v);
            }
        }
        self.done.insert(var.to_string());
    }

    /// Yes/no (or at-least-one) facts reported by every unit at `level`.
    fn flags(&mut self, level: Level, var: &str) {
        if self.done.contains(var) || derived(var) {
            return;
        }
        // The units of the documents' structure.
        let first = self.units.structures().first().and_then(|s| s.to);
        let codes: Vec<String> = self.units.units().iter().filter(|u| u.level == level && first.is_none_or(|d| u.valid_on(d))).map(|u| u.code.clone()).collect();
        let kind = self.kind(var);
        for c in &codes {
            for y in YEARS {
                let yes = self.rng.gen_bool(0.93);
                let v = match (kind, yes) {
                    (VariableKind::Flag, yes) => yes as i64,
                    (_, true) => self.rng.gen_range(1..6),
                    (_, false) => 0,
                };
                self.put(c, Period::Year(y), var, v);
            }
        }
        self.done.insert(var.to_string());
    }

    fn months(&mut self, var: &str) {
        if self.done.contains(var) || derived(var) {
            return;
        }
        let root = self.units.roots().next().map(|u| u.code.clone()).unwrap_or_default();
        for y in YEARS {
            for m in 1..=12u8 {
                let v = if y == 2022 && m == 8 { 0 } else { self.rng.gen_range(1..5) };
                self.put(&root, Period::Month(y, m), var, v);
            }
        }
        self.done.insert(var.to_string());
    }
}

/// Generates the sample for a catalogue and a registry.
pub fn generate(cat: &Catalogue, units: &UnitRegistry) -> Dataset {
    let mut g = Gen { rng: ChaCha8Rng::seed_from_u64(3142020), done: HashSet::new(), written: HashMap::new(), units, cat };
    let mut ratio_count = 0;
    for t in cat.targets() {
        let checks: Vec<(&Measure, &Rule)> = match (&t.target.measure, &t.target.rule) {
            (Some(m), Some(r)) => vec![(m, r)],
            _ => t.target.parts.iter().map(|p| (&p.measure, &p.rule)).collect(),
        };
        for (m, rule) in checks {
            match m {
                Measure::Ratio { numerator, denominator } => {
                    ratio_count += 1;
                    let on_threshold = t.target.domain == "crime";
                    g.ratio(numerator, denominator, rule, on_threshold, ratio_count == 3 || ratio_count == 11);
                }
                Measure::Value(v) => match (&rule.value, rule.change, rule.comparator) {
                    (_, Some(_), _) | (RuleValue::Baseline, _, _) => g.series(v, rule),
                    (RuleValue::Fixed(x), None, Comparator::Equal | Comparator::AtMost | Comparator::LessThan) if x.is_zero() || f(x) <= 2.0 => g.rare(v),
                    (RuleValue::Fixed(x), None, _) => g.total(v, x, &t.target),
                },
                Measure::UnitsShare { level, variable, .. } | Measure::UnitsCount { level, variable, .. } => g.flags(*level, variable),
                Measure::MonthsShare { variable, .. } => g.months(variable),
            }
        }
    }
    // Targets drawn independently may share a whole and its part (rehab in
    // total and in centres): a part never exceeds its whole.
    let mut figures: Vec<((String, Period, String), i64)> = g.written.clone().into_iter().collect();
    figures.sort();
    for ((unit, period, var), value) in figures.iter_mut() {
        let mut whole = cat.variable(var).and_then(|v| v.part_of.clone());
        while let Some(w) = whole {
            if let Some(wv) = g.written.get(&(unit.clone(), *period, w.clone())) {
                *value = (*value).min(*wv);
            }
            whole = cat.variable(&w).and_then(|v| v.part_of.clone());
        }
    }
    let mut b = DatasetBuilder::new(NAME, cat, units);
    for ((unit, period, var), value) in figures {
        b.add_exact(&unit, period, &var, Exact::from_int(value), Location::file(NAME)).expect("the sample generator writes valid figures");
    }
    let mut d = b.finish().expect("the sample generator writes consistent figures");
    d.name = NAME.to_string();
    d.synthetic = true;
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_deterministic_and_synthetic() {
        let a = dataset();
        let b = dataset();
        assert!(a.synthetic);
        assert_eq!(a.records(), b.records());
        assert!(a.len() > 1000, "{} figures", a.len());
    }
}
