//! Finding a figure: the unit's own value, else an exact sum.
//!
//! An additive figure (a count or an amount) a unit did not report is the sum
//! of its children's figures when every child has one, or the sum of its finer
//! periods (the years of a span, the quarters or months of a year) when every
//! one is there. Anything less is missing: a partial sum would pass off a gap
//! as a zero. Rates and flags never add up.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::Serialize;

use super::Dataset;
use crate::catalogue::Catalogue;
use crate::exact::Exact;
use crate::period::Period;
use crate::units::UnitRegistry;

/// A figure that is needed and not there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub unit: String,
    pub period: Period,
    pub variable: String,
}

/// Looks figures up for one evaluation, remembering what it has added up.
pub struct Resolver<'a> {
    data: &'a Dataset,
    units: &'a UnitRegistry,
    catalogue: &'a Catalogue,
    cache: RefCell<HashMap<(String, Period, String), Option<Exact>>>,
}

impl<'a> Resolver<'a> {
    pub fn new(data: &'a Dataset, units: &'a UnitRegistry, catalogue: &'a Catalogue) -> Resolver<'a> {
        Resolver { data, units, catalogue, cache: RefCell::new(HashMap::new()) }
    }

    pub fn units(&self) -> &UnitRegistry {
        self.units
    }

    /// The figure, or what is missing.
    pub fn value(&self, unit: &str, period: &Period, variable: &str) -> Result<Exact, Missing> {
        self.lookup(unit, period, variable)
            .ok_or_else(|| Missing { unit: unit.to_string(), period: *period, variable: variable.to_string() })
    }

    fn lookup(&self, unit: &str, period: &Period, variable: &str) -> Option<Exact> {
        if let Some(v) = self.data.get(unit, period, variable) {
            return Some(v.clone());
        }
        let additive = self.catalogue.variable(variable).is_some_and(|v| v.kind.additive());
        if !additive {
            return None;
        }
        let key = (unit.to_string(), *period, variable.to_string());
        if let Some(v) = self.cache.borrow().get(&key) {
            return v.clone();
        }
        let v = self.sum_of_children(unit, period, variable).or_else(|| self.sum_of_periods(unit, period, variable));
        self.cache.borrow_mut().insert(key, v.clone());
        v
    }

    fn sum_of_children(&self, unit: &str, period: &Period, variable: &str) -> Option<Exact> {
        let children: Vec<_> = self.units.children(unit).collect();
        if children.is_empty() {
            return None;
        }
        children.iter().map(|c| self.lookup(&c.code, period, variable)).sum()
    }

    fn sum_of_periods(&self, unit: &str, period: &Period, variable: &str) -> Option<Exact> {
        period
            .decompositions()
            .into_iter()
            .find_map(|parts| parts.iter().map(|p| self.lookup(unit, p, variable)).sum::<Option<Exact>>())
    }
}
