//! Turning data into the quantity a target talks about.

use crate::catalogue::Measure;
use crate::exact::Exact;
use crate::legacy::observations::{Missing, Resolver};
use crate::period::Period;

/// A measured quantity, or why there is none.
#[derive(Clone, Debug, PartialEq)]
pub enum Measured {
    /// `value` is a fraction of one for ratios and shares, a plain number otherwise.
    Value { value: Exact, parts: Option<(Exact, Exact)>, counted: Option<String> },
    /// A ratio whose denominator is 0: "100% of none" is a special case of the rules.
    ZeroDenominator { numerator: Exact, denominator: String },
    Missing(Vec<Missing>),
}

/// Measures `m` for `unit` over `period`.
pub fn measure(m: &Measure, unit: &str, period: &Period, r: &Resolver) -> Measured {
    match m {
        Measure::Value(v) => match r.value(unit, period, v) {
            Ok(value) => Measured::Value { value, parts: None, counted: None },
            Err(miss) => Measured::Missing(vec![miss]),
        },
        Measure::Ratio { numerator, denominator } => {
            let n = r.value(unit, period, numerator);
            let d = r.value(unit, period, denominator);
            match (n, d) {
                (Ok(n), Ok(d)) => fraction(n, d, denominator.clone(), None),
                (n, d) => Measured::Missing([n.err(), d.err()].into_iter().flatten().collect()),
            }
        }
        Measure::UnitsShare { level, variable, at_least } | Measure::UnitsCount { level, variable, at_least } => {
            let children = r.units().descendants_at(unit, *level);
            let mut missing = Vec::new();
            let mut meeting = 0i64;
            for c in &children {
                match r.value(&c.code, period, variable) {
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
            let children = Exact::from_int(r.units().descendants_at(unit, *level).len() as i64);
            let counted = match r.value(unit, period, count) {
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
                match r.value(unit, p, variable) {
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

/// Whether `unit` has any of the figures `m` reads over `period` (own, every
/// month's, or its child units'); baselines aside.
pub fn reads_any(m: &Measure, unit: &str, period: &Period, r: &Resolver) -> bool {
    let has = |u: &str, p: &Period, v: &str| r.value(u, p, v).is_ok();
    match m {
        Measure::Value(v) | Measure::ComplementShare { count: v, .. } | Measure::ComplementCount { count: v, .. } => has(unit, period, v),
        Measure::Ratio { numerator, denominator } => has(unit, period, numerator) || has(unit, period, denominator),
        Measure::MonthsShare { variable, .. } => period.months().iter().any(|p| has(unit, p, variable)),
        Measure::UnitsShare { level, variable, .. } | Measure::UnitsCount { level, variable, .. } => r.units().descendants_at(unit, *level).iter().any(|c| has(&c.code, period, variable)),
    }
}

pub fn fraction(n: Exact, d: Exact, denominator: String, counted: Option<String>) -> Measured {
    match Exact::ratio(&n, &d) {
        Some(value) => Measured::Value { value, parts: Some((n, d)), counted },
        None => Measured::ZeroDenominator { numerator: n, denominator },
    }
}
