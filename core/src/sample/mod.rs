//! The built-in sample: a deterministic SYNTHETIC dataset for 2016-2024
//! (province, 13 districts, 177 communes) with every variable the built-in
//! catalogue uses, and 2025 in both structures (`reform_2025`): January-June
//! by the old districts, July-December by the 54 communes of 1/7/2025.
//!
//! It is derived from the catalogue itself so that it never lags behind it:
//! for each target, figures are drawn around its threshold (some meet it, some
//! miss it, a few sit exactly on it), counts are reported by districts and add
//! up to the province, yes/no facts are reported by the units a share counts,
//! and a few figures are missing on purpose. Nothing here is a real figure of
//! Quảng Ninh; every report of it says so.

pub mod programme;

use std::collections::{HashMap, HashSet};

use chrono::Datelike;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::catalogue::{Catalogue, Comparator, Measure, Rule, RuleValue, VariableKind};
use crate::error::Location;
use crate::exact::Exact;
use crate::observations::{Dataset, DatasetBuilder};
use crate::period::Period;
use crate::units::{Level, UnitRegistry};

/// The years drawn around the targets: baselines 2016-2020 and the 2021-2025
/// period up to 2024 (2025 follows from 2024 across the reform: `reform_2025`).
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
    /// Figures written in the structure of 1/7/2025 (a year's figure of a
    /// new commune whose code an old one also had), with its label.
    in_new: HashMap<(String, Period, String), String>,
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
                        // A part of a whole already drawn ("trong đó": serious
                        // cases among all cases) is a share of it, not a draw of its own size.
                        let whole = self.cat.variable(den).and_then(|v| v.part_of.iter().filter_map(|w| self.written(d, p, w)).min());
                        let v = match whole {
                            Some(w) => ((w as f64) * self.rng.gen_range(0.15..0.35)).round() as i64,
                            None => (size * self.rng.gen_range(0.85..1.15)).round() as i64,
                        };
                        let v = v.max(1);
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

    fn allocated(&self, target: &str, part: Option<&str>, unit: &str) -> Option<f64> {
        self.cat.allocations().find_map(|(a, _)| {
            let col = a.columns.iter().find(|c| c.target == target && c.part.as_deref() == part)?;
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
    fn total(&mut self, var: &str, threshold: &Exact, target: &crate::catalogue::Target, part: Option<&str>) {
        if self.done.contains(var) || derived(var) {
            return;
        }
        if !target.units.is_empty() {
            // Only the named units the registry has (another registry may lack them).
            let named: Vec<String> = target.units.iter().filter(|u| self.units.get(u).is_some()).cloned().collect();
            for u in &named {
                for y in YEARS {
                    let v = (f(threshold) * self.rng.gen_range(0.85..1.2)).round() as i64;
                    self.put(u, Period::Year(y), var, v);
                }
            }
            self.done.insert(var.to_string());
            return;
        }
        let districts = self.districts();
        let shares: Vec<Option<f64>> = districts.iter().map(|d| self.allocated(&target.id, part, d)).collect();
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
        // The units of the documents' structure (the new units' 2025 figures: `reform_2025`).
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

    /// A count of the root's units at `level` (districts with drug evils),
    /// never more than there are.
    fn units_counted(&mut self, level: Level, var: &str) {
        if self.done.contains(var) || derived(var) {
            return;
        }
        let root = self.units.roots().next().map(|u| u.code.clone()).unwrap_or_default();
        let n = self.units.descendants_at(&root, level).len() as i64;
        for y in YEARS {
            let v = ((n as f64) * self.rng.gen_range(0.35..0.8)).round() as i64;
            self.put(&root, Period::Year(y), var, v.min(n));
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

impl Gen<'_> {
    /// The last year of the programme, reported in both structures the way
    /// the province reports it: each 2024 figure moved by a factor drawn per
    /// unit (the same for all of a unit's figures, so a part stays within its
    /// whole); a district's count split into its January-June quarters and,
    /// for July-December, the quarters of the new communes whose first whole
    /// predecessor was one of its communes (so the province's total of the
    /// year is the sum of both halves); yes/no facts of communes given by the
    /// 54 new communes for 2025; the province's own figures and months as
    /// before. Nothing is written when the registry has no structure from
    /// within 2025 (a user's single list).
    fn reform_2025(&mut self) {
        let Some((july, label)) = self.units.structures().iter().find_map(|s| s.from.filter(|f| f.year() == 2025).map(|f| (f, s.label.clone()))) else { return };
        let june = crate::lineage::day_before(july);
        let mut rng = ChaCha8Rng::seed_from_u64(20250701);
        // The new communes each district's second half goes to.
        let mut homes: HashMap<String, Vec<String>> = HashMap::new();
        let new_communes: Vec<crate::units::UnitId> = self.units.in_force(july).filter(|u| self.units.unit(*u).level == Level::Commune && self.units.unit(*u).valid_from == Some(july)).collect();
        for n in &new_communes {
            let first = self.units.lineage().into(*n).find(|l| l.effective == july && l.kind == crate::lineage::LinkKind::Whole).or_else(|| self.units.lineage().into(*n).find(|l| l.effective == july));
            let district = first.and_then(|l| self.units.parent_of(l.old)).map(|d| self.units.unit(d)).filter(|d| d.level == Level::District);
            if let Some(d) = district {
                homes.entry(d.code.clone()).or_default().push(self.units.unit(*n).code.clone());
            }
        }
        let mut factor: HashMap<String, i64> = HashMap::new();
        let mut last: Vec<((String, Period, String), i64)> = self.written.iter().filter(|((_, p, _), _)| p.year() == 2024).map(|(k, v)| (k.clone(), *v)).collect();
        last.sort();
        let mut commune_flags: Vec<String> = Vec::new();
        for ((unit, period, var), v) in last {
            let Some((id, _)) = self.units.resolve_on(&unit, june) else { continue };
            let level = self.units.unit(id).level;
            let additive = self.kind(&var).additive();
            let k = *factor.entry(unit.clone()).or_insert_with(|| rng.gen_range(85..=110));
            let v25 = v * k / 100;
            match (level, period) {
                (Level::Province, Period::Month(_, m)) => self.put(&unit, Period::Month(2025, m), &var, rng.gen_range(1..5)),
                (Level::Province, Period::Year(_)) => self.put(&unit, Period::Year(2025), &var, v25),
                (Level::District, Period::Year(_)) if additive => {
                    let Some(to) = homes.get(&unit).filter(|h| !h.is_empty()).cloned() else { continue };
                    let (h1, h2) = (v25 / 2, v25 - v25 / 2);
                    for (q, x) in [(1, h1 / 2), (2, h1 - h1 / 2)] {
                        self.put(&unit, Period::Quarter(2025, q), &var, x);
                    }
                    for (c, x) in to.iter().zip(split(h2, to.len())) {
                        for (q, y) in [(3, x / 2), (4, x - x / 2)] {
                            self.put(c, Period::Quarter(2025, q), &var, y);
                        }
                    }
                }
                (Level::Commune, Period::Year(_)) if !commune_flags.contains(&var) => commune_flags.push(var),
                _ => {}
            }
        }
        for var in commune_flags {
            let kind = self.kind(&var);
            for n in &new_communes {
                let code = self.units.unit(*n).code.clone();
                let v = match (kind, rng.gen_bool(0.93)) {
                    (VariableKind::Flag, yes) => yes as i64,
                    (_, true) => rng.gen_range(1..6),
                    (_, false) => 0,
                };
                self.put(&code, Period::Year(2025), &var, v);
                self.in_new.insert((code, Period::Year(2025), var.clone()), label.clone());
            }
        }
    }
}

/// `x` in `n` parts as equal as can be, the first ones one larger: monotonic
/// in `x`, so a part split this way stays within its whole split the same way.
fn split(x: i64, n: usize) -> Vec<i64> {
    let n = n.max(1) as i64;
    (0..n).map(|i| x / n + i64::from(i < x % n)).collect()
}

/// Generates the sample for a catalogue and a registry.
pub fn generate(cat: &Catalogue, units: &UnitRegistry) -> Dataset {
    let mut g = Gen { rng: ChaCha8Rng::seed_from_u64(3142020), done: HashSet::new(), written: HashMap::new(), in_new: HashMap::new(), units, cat };
    let mut ratio_count = 0;
    for t in cat.targets() {
        let checks: Vec<(&Measure, &Rule, Option<&str>)> = match (&t.target.measure, &t.target.rule) {
            (Some(m), Some(r)) => vec![(m, r, None)],
            _ => t.target.parts.iter().map(|p| (&p.measure, &p.rule, p.key.as_deref())).collect(),
        };
        for (m, rule, part) in checks {
            match m {
                Measure::Ratio { numerator, denominator } => {
                    ratio_count += 1;
                    let on_threshold = t.target.domain == "crime";
                    g.ratio(numerator, denominator, rule, on_threshold, ratio_count == 3 || ratio_count == 11);
                }
                Measure::Value(v) => match (&rule.value, rule.change, rule.comparator) {
                    (_, Some(_), _) | (RuleValue::Baseline, _, _) => g.series(v, rule),
                    (RuleValue::Fixed(x), None, Comparator::Equal | Comparator::AtMost | Comparator::LessThan) if x.is_zero() || f(x) <= 2.0 => g.rare(v),
                    (RuleValue::Fixed(x), None, _) => g.total(v, x, &t.target, part),
                },
                Measure::UnitsShare { level, variable, .. } | Measure::UnitsCount { level, variable, .. } => g.flags(*level, variable),
                Measure::ComplementShare { level, count } | Measure::ComplementCount { level, count } => g.units_counted(*level, count),
                Measure::MonthsShare { variable, .. } => g.months(variable),
            }
        }
    }
    g.reform_2025();
    // Targets drawn independently may share a whole and its part (rehab in
    // total and in centres, new warrants among all warrants): a part never
    // exceeds any of its wholes, through every chain of "trong đó".
    let mut figures = g.written.clone();
    let keys: Vec<(String, Period, String)> = {
        let mut k: Vec<_> = figures.keys().cloned().collect();
        k.sort();
        k
    };
    loop {
        let mut changed = false;
        for key in &keys {
            let Some(def) = cat.variable(&key.2) else { continue };
            let Some(&value) = figures.get(key) else { continue };
            let least = def.part_of.iter().filter_map(|w| figures.get(&(key.0.clone(), key.1, w.clone())).copied()).fold(value, i64::min);
            if least < value {
                figures.insert(key.clone(), least);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut figures: Vec<((String, Period, String), i64)> = figures.into_iter().collect();
    figures.sort();
    let mut b = DatasetBuilder::new(NAME, cat, units);
    // The generator writes only the registry's units and valid, consistent
    // figures (tests generate it for the built-in and for random catalogues),
    // placed by their period or, for a reused code's year, by their structure.
    #[allow(clippy::expect_used)]
    for (key, value) in figures {
        let structure = g.in_new.get(&key).map(String::as_str);
        let (unit, period, var) = key;
        b.add_exact_in(&unit, period, structure, &var, Exact::from_int(value), Location::file(NAME)).expect("the sample generator writes valid figures");
    }
    #[allow(clippy::expect_used)] // As above.
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
