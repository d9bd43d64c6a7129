//! Finding a figure: the unit's own value, else an exact sum.
//!
//! An additive figure (a count or an amount) a unit did not report is the sum
//! of its children's figures when every child valid in the period has one, or
//! the sum of its finer periods (the years of a span, the quarters or months of
//! a year) when every one is there (every one the unit existed in: a commune
//! formed on 1/7/2025 has its 2025 figure from July to December). Anything less is missing: a partial sum
//! would pass off a gap as a zero. Rates and flags never add up.
//!
//! The sums are made a column at a time: for a variable and a period, one pass
//! over the units children-first gives every unit's figure, and each such
//! column is made once and shared (the finer periods' columns it needs are
//! made the same way first).

use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{Column, Dataset, Value};
use crate::catalogue::{Catalogue, VarId, Vocabulary};
use crate::exact::Exact;
use crate::period::Period;
use crate::units::{UnitId, UnitRegistry};

/// A figure that is needed and not there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub unit: String,
    pub period: Period,
    pub variable: String,
}

/// Every unit's figure of a variable in a period, own or added up, made once.
pub(crate) struct RollUp<'a> {
    data: Cow<'a, Dataset>,
    units: &'a UnitRegistry,
    vocab: Vocabulary<'a>,
    cache: Mutex<FxHashMap<(VarId, Period), Arc<Column>>>,
}

impl<'a> RollUp<'a> {
    pub fn new(data: &'a Dataset, units: &'a UnitRegistry, catalogue: &'a Catalogue) -> RollUp<'a> {
        let vocab = catalogue.vocabulary();
        let data = data.rebased(&vocab, units);
        RollUp { data, units, vocab, cache: Mutex::new(FxHashMap::default()) }
    }

    pub fn units(&self) -> &'a UnitRegistry {
        self.units
    }

    pub fn vocab(&self) -> &Vocabulary<'a> {
        &self.vocab
    }

    /// The figures of `var` in `period` for every unit.
    pub fn column(&self, var: VarId, period: &Period) -> Arc<Column> {
        let key = (var, *period);
        if let Some(c) = self.cache.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return c.clone();
        }
        let c = Arc::new(self.derive(var, period));
        self.cache.lock().unwrap_or_else(PoisonError::into_inner).entry(key).or_insert(c).clone()
    }

    /// Whether any unit has a figure of `var` in `period` or in a finer period inside it.
    fn has_data(&self, var: VarId, period: &Period) -> bool {
        self.data.periods_of(var).any(|p| p == period || period.contains(p))
    }

    fn derive(&self, var: VarId, period: &Period) -> Column {
        let own = self.data.column(var, period);
        if !self.vocab.additive(var) || !self.has_data(var, period) {
            return own.cloned().unwrap_or_default();
        }
        let units = self.units;
        let single = units.single_structure();
        // Decompositions every part of which has some figure (others can never
        // be complete); across a reform, a unit needs only the parts it existed in.
        let decompositions: Vec<Vec<(Period, Option<Arc<Column>>)>> = period
            .decompositions()
            .into_iter()
            .filter(|parts| if single { parts.iter().all(|p| self.has_data(var, p)) } else { parts.iter().any(|p| self.has_data(var, p)) })
            .map(|parts| parts.into_iter().map(|p| (p, self.has_data(var, &p).then(|| self.column(var, &p)))).collect())
            .collect();
        let n = units.len();
        let mut out: Vec<Option<Value>> = vec![None; n];
        for &u in units.post_order() {
            if let Some(v) = own.and_then(|c| c.get(u)) {
                set(&mut out, u, Value::of(v));
                continue;
            }
            let kids = units.children_of(u);
            let sum = if single || kids.iter().all(|k| units.valid_during(*k, period)) {
                sum_all(kids.iter().map(|k| out.get(k.index()).and_then(Option::as_ref).map(Cow::Borrowed)))
            } else {
                sum_all(kids.iter().filter(|k| units.valid_during(**k, period)).map(|k| out.get(k.index()).and_then(Option::as_ref).map(Cow::Borrowed)))
            };
            let sum = sum.or_else(|| {
                decompositions.iter().find_map(|parts| {
                    sum_all(parts.iter().filter(|(p, _)| single || units.valid_during(u, p)).map(|(_, c)| c.as_ref().and_then(|c| c.get(u)).map(|x| Cow::Owned(Value::of(x)))))
                })
            });
            if let Some(v) = sum {
                set(&mut out, u, v);
            }
        }
        let values: Vec<(UnitId, Value)> = out.into_iter().enumerate().filter_map(|(i, v)| v.map(|v| (UnitId(i as u32), v))).collect();
        Column::from_sorted(n, values)
    }
}

fn set(out: &mut [Option<Value>], u: UnitId, v: Value) {
    if let Some(slot) = out.get_mut(u.index()) {
        *slot = Some(v);
    }
}

/// The sum when every term is there (and there is at least one), else `None`.
fn sum_all<'v>(terms: impl Iterator<Item = Option<Cow<'v, Value>>>) -> Option<Value> {
    let mut int: i64 = 0;
    let mut exact: Option<Exact> = None;
    let mut any = false;
    for t in terms {
        let t = t?;
        any = true;
        match (&exact, t.as_ref()) {
            (None, Value::Int(n)) => match int.checked_add(*n) {
                Some(s) => int = s,
                None => exact = Some(&Exact::from_int(int) + &Exact::from_int(*n)),
            },
            (None, other) => exact = Some(&Exact::from_int(int) + &other.exact()),
            (Some(e), other) => exact = Some(e + &other.exact()),
        }
    }
    if !any {
        return None;
    }
    Some(match exact {
        Some(e) => Value::of(e),
        None => Value::Int(int),
    })
}

/// Looks figures up by unit code and variable name, for one evaluation:
/// the column sums above, asked one figure at a time.
pub struct Resolver<'a> {
    roll: RollUp<'a>,
}

impl<'a> Resolver<'a> {
    pub fn new(data: &'a Dataset, units: &'a UnitRegistry, catalogue: &'a Catalogue) -> Resolver<'a> {
        Resolver { roll: RollUp::new(data, units, catalogue) }
    }

    pub fn units(&self) -> &UnitRegistry {
        self.roll.units
    }

    pub(crate) fn roll_up(&self) -> &RollUp<'a> {
        &self.roll
    }

    /// The figure of one unit version (own or added up), if there is one.
    pub fn value_of(&self, unit: UnitId, period: &Period, variable: &str) -> Option<Exact> {
        let var = self.roll.vocab.id(variable)?;
        self.roll.column(var, period).get(unit)
    }

    /// The figure, or what is missing.
    pub fn value(&self, unit: &str, period: &Period, variable: &str) -> Result<Exact, Missing> {
        let missing = || Missing { unit: unit.to_string(), period: *period, variable: variable.to_string() };
        let units = self.roll.units;
        let var = self.roll.vocab.id(variable).ok_or_else(missing)?;
        let id = units.versions(unit).iter().copied().find(|u| units.valid_during(*u, period)).ok_or_else(missing)?;
        self.roll.column(var, period).get(id).ok_or_else(missing)
    }
}
