//! Turning data into the quantity a target talks about.

use crate::catalogue::{Measure, VarId};
use crate::exact::Exact;
use crate::observations::{Missing, Resolver};
use crate::period::Period;
use crate::units::{Level, UnitId, UnitRegistry};

/// A measured quantity, or why there is none.
#[derive(Clone, Debug, PartialEq)]
pub enum Measured {
    /// `value` is a fraction of one for ratios and shares, a plain number otherwise.
    Value { value: Exact, parts: Option<(Exact, Exact)>, counted: Option<String> },
    /// A ratio whose denominator is 0: "100% of none" is a special case of the rules.
    ZeroDenominator { numerator: Exact, denominator: String },
    Missing(Vec<Missing>),
}

/// Where a measure reads figures: every unit's figure (own or added up) of a
/// variable in a period.
pub(crate) trait Figures {
    fn units(&self) -> &UnitRegistry;
    fn var(&self, name: &str) -> Option<VarId>;
    fn value(&self, unit: UnitId, period: &Period, var: VarId) -> Option<Exact>;

    /// The units at `level` below `unit` that a share or count over it counts
    /// in `period`: those of the structure in force at the end of the period
    /// (or on the unit's last day, if it ended before).
    fn members(&self, unit: UnitId, level: Level, period: &Period) -> Vec<UnitId> {
        let units = self.units();
        if units.single_structure() {
            return units.descendants_at_during(unit, level, Some(period));
        }
        let end = period.dates().1;
        let last = units.unit(unit).valid_to.filter(|t| *t < end).unwrap_or(end);
        units.descendants_at_during(unit, level, Some(&Period::Day(last)))
    }

    /// The figure, or what is missing.
    fn figure(&self, unit: UnitId, period: &Period, variable: &str) -> Result<Exact, Missing> {
        self.var(variable).and_then(|v| self.value(unit, period, v)).ok_or_else(|| Missing {
            unit: self.units().unit(unit).code.clone(),
            period: *period,
            variable: variable.to_string(),
        })
    }
}

impl Figures for Resolver<'_> {
    fn units(&self) -> &UnitRegistry {
        self.roll_up().units()
    }
    fn var(&self, name: &str) -> Option<VarId> {
        self.roll_up().vocab().id(name)
    }
    fn value(&self, unit: UnitId, period: &Period, var: VarId) -> Option<Exact> {
        self.roll_up().column(var, period).get(unit)
    }
}

/// Measures `m` for `unit` (a code) over `period`.
pub fn measure(m: &Measure, unit: &str, period: &Period, r: &Resolver) -> Measured {
    let units = Figures::units(r);
    match units.versions(unit).iter().copied().find(|u| units.valid_during(*u, period)) {
        Some(id) => measure_unit(m, id, period, r),
        // A code the registry does not know (or not in this period): no figure, no child unit.
        None => match m {
            Measure::Value(v) => Measured::Missing(vec![Missing { unit: unit.to_string(), period: *period, variable: v.clone() }]),
            Measure::Ratio { numerator, denominator } => Measured::Missing(
                [numerator, denominator].iter().map(|v| Missing { unit: unit.to_string(), period: *period, variable: v.to_string() }).collect(),
            ),
            Measure::UnitsShare { level, .. } => fraction(Exact::zero(), Exact::zero(), format!("{level} units"), Some(level.to_string())),
            Measure::UnitsCount { level, .. } => Measured::Value { value: Exact::zero(), parts: Some((Exact::zero(), Exact::zero())), counted: Some(level.to_string()) },
            Measure::ComplementShare { count, .. } | Measure::ComplementCount { count, .. } => {
                Measured::Missing(vec![Missing { unit: unit.to_string(), period: *period, variable: count.clone() }])
            }
            Measure::MonthsShare { variable, .. } => {
                let months = period.months();
                if months.is_empty() {
                    fraction(Exact::zero(), Exact::zero(), "months".to_string(), Some("month".to_string()))
                } else {
                    Measured::Missing(months.iter().map(|p| Missing { unit: unit.to_string(), period: *p, variable: variable.clone() }).collect())
                }
            }
        },
    }
}

/// Measures `m` for a unit of the registry over `period`.
pub(crate) fn measure_unit(m: &Measure, unit: UnitId, period: &Period, r: &impl Figures) -> Measured {
    match m {
        Measure::Value(v) => match r.figure(unit, period, v) {
            Ok(value) => Measured::Value { value, parts: None, counted: None },
            Err(miss) => Measured::Missing(vec![miss]),
        },
        Measure::Ratio { numerator, denominator } => {
            let n = r.figure(unit, period, numerator);
            let d = r.figure(unit, period, denominator);
            match (n, d) {
                (Ok(n), Ok(d)) => fraction(n, d, denominator.clone(), None),
                (n, d) => Measured::Missing([n.err(), d.err()].into_iter().flatten().collect()),
            }
        }
        Measure::UnitsShare { level, variable, at_least } | Measure::UnitsCount { level, variable, at_least } => {
            let children = r.members(unit, *level, period);
            let mut missing = Vec::new();
            let mut meeting = 0i64;
            for c in &children {
                match r.figure(*c, period, variable) {
                    Ok(v) if &v >= at_least => meeting += 1,
                    Ok(_) => {}
                    Err(m) => missing.push(m),
                }
            }
            if !missing.is_empty() {
                return Measured::Missing(missing);
            }
            let n = Exact::from_int(meeting);
            let d = Exact::from_int(children.len() as i64);
            let what = format!("{level}");
            if matches!(m, Measure::UnitsCount { .. }) {
                Measured::Value { value: n.clone(), parts: Some((n, d)), counted: Some(what) }
            } else {
                fraction(n, d, format!("{level} units"), Some(what))
            }
        }
        Measure::ComplementShare { level, count } | Measure::ComplementCount { level, count } => {
            let children = Exact::from_int(r.units().descendants_at_during(unit, *level, Some(period)).len() as i64);
            let counted = match r.figure(unit, period, count) {
                Ok(c) => c,
                Err(miss) => return Measured::Missing(vec![miss]),
            };
            // A count larger than the units there are stays visible (a negative
            // number of units without), never silently clamped.
            let n = &children - &counted;
            let what = format!("{level}");
            if matches!(m, Measure::ComplementCount { .. }) {
                Measured::Value { value: n.clone(), parts: Some((n, children)), counted: Some(what) }
            } else {
                fraction(n, children, format!("{level} units"), Some(what))
            }
        }
        Measure::MonthsShare { variable, at_least } => {
            let months = period.months();
            let mut missing = Vec::new();
            let mut meeting = 0i64;
            for p in &months {
                match r.figure(unit, p, variable) {
                    Ok(v) if &v >= at_least => meeting += 1,
                    Ok(_) => {}
                    Err(m) => missing.push(m),
                }
            }
            if !missing.is_empty() {
                return Measured::Missing(missing);
            }
            fraction(Exact::from_int(meeting), Exact::from_int(months.len() as i64), "months".to_string(), Some("month".to_string()))
        }
    }
}

/// Whether `unit` has any of the figures `m` reads over `period`: its own
/// (every month's, for a share of months), or its child units' for a share or
/// count of units. Baselines aside: this is what "no figures for the period" means.
pub(crate) fn reads_any(m: &Measure, unit: UnitId, period: &Period, r: &impl Figures) -> bool {
    let has = |u: UnitId, p: &Period, v: &str| r.var(v).and_then(|id| r.value(u, p, id)).is_some();
    match m {
        Measure::Value(v) | Measure::ComplementShare { count: v, .. } | Measure::ComplementCount { count: v, .. } => has(unit, period, v),
        Measure::Ratio { numerator, denominator } => has(unit, period, numerator) || has(unit, period, denominator),
        Measure::MonthsShare { variable, .. } => period.months().iter().any(|p| has(unit, p, variable)),
        Measure::UnitsShare { level, variable, .. } | Measure::UnitsCount { level, variable, .. } => {
            r.units().descendants_at_during(unit, *level, Some(period)).iter().any(|c| has(*c, period, variable))
        }
    }
}

pub fn fraction(n: Exact, d: Exact, denominator: String, counted: Option<String>) -> Measured {
    match Exact::ratio(&n, &d) {
        Some(value) => Measured::Value { value, parts: Some((n, d)), counted },
        None => Measured::ZeroDenominator { numerator: n, denominator },
    }
}
