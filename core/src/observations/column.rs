//! One variable in one period over the units: the values, and which units
//! have one. A column most units report is dense (an `i64` per unit with a
//! presence bitmap, and a side table for the few values that are not `i64`
//! integers); one few units report (day-dated certification figures) is a
//! sorted list. A unit without a value is missing, never zero.

use crate::exact::Exact;
use crate::units::UnitId;

/// A set of units as bits.
#[derive(Clone, Debug, Default)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    pub fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    /// True for a set of no positions at all (not even unset ones).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
    pub fn set(&mut self, i: usize) {
        if let Some(w) = self.0.get_mut(i / 64) {
            *w |= 1 << (i % 64);
        }
    }
    /// The set positions, in order.
    pub fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(wi * 64 + b)
            })
        })
    }
}

/// A value as stored: most figures are `i64` integers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Value {
    Int(i64),
    Other(Exact),
}

impl Value {
    pub fn of(x: Exact) -> Value {
        match x.to_i64() {
            Some(n) => Value::Int(n),
            None => Value::Other(x),
        }
    }
    pub fn exact(&self) -> Exact {
        match self {
            Value::Int(n) => Exact::from_int(*n),
            Value::Other(x) => x.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Dense {
    ints: Vec<i64>,
    present: Bits,
    /// Present units whose value is not an `i64` integer, sorted by unit.
    other: Vec<(UnitId, Exact)>,
}

#[derive(Clone, Debug)]
pub(crate) enum Column {
    Dense(Dense),
    /// Few units: (unit, value) sorted by unit.
    Sparse(Vec<(UnitId, Value)>),
}

impl Default for Column {
    fn default() -> Column {
        Column::Sparse(Vec::new())
    }
}

/// Below one unit in this many, a column is kept as a list.
pub(crate) const SPARSE_RATIO: usize = 16;

impl Column {
    /// The value of a unit, if it has one.
    pub fn get(&self, u: UnitId) -> Option<Exact> {
        match self {
            Column::Dense(d) => d.get(u),
            Column::Sparse(v) => v.binary_search_by_key(&u, |(k, _)| *k).ok().and_then(|i| v.get(i)).map(|(_, x)| x.exact()),
        }
    }
    /// The units that have a value, in order.
    pub fn units(&self) -> Box<dyn Iterator<Item = UnitId> + '_> {
        match self {
            Column::Dense(d) => Box::new(d.present.ones().map(|i| UnitId(i as u32))),
            Column::Sparse(v) => Box::new(v.iter().map(|(u, _)| *u)),
        }
    }
    /// Every (unit, value), by unit.
    pub fn iter(&self) -> Box<dyn Iterator<Item = (UnitId, Exact)> + '_> {
        match self {
            Column::Dense(d) => Box::new(d.present.ones().map(|i| {
                let u = UnitId(i as u32);
                (u, d.get(u).unwrap_or_else(Exact::zero))
            })),
            Column::Sparse(v) => Box::new(v.iter().map(|(u, x)| (*u, x.exact()))),
        }
    }
    /// Builds a column from (unit, value) pairs sorted by unit, dense or
    /// sparse by how many of `n` units have a value.
    pub fn from_sorted(n: usize, values: Vec<(UnitId, Value)>) -> Column {
        if values.len() * SPARSE_RATIO < n {
            return Column::Sparse(values);
        }
        let mut d = Dense::new(n);
        for (u, v) in values {
            d.set(u, v);
        }
        Column::Dense(d)
    }
}

impl Dense {
    /// From its parts: `other` sorted by unit, its units set in `present`.
    pub fn from_parts(ints: Vec<i64>, present: Bits, other: Vec<(UnitId, Exact)>) -> Dense {
        Dense { ints, present, other }
    }
    pub fn new(n: usize) -> Dense {
        Dense { ints: vec![0; n], present: Bits::new(n), other: Vec::new() }
    }
    pub fn get(&self, u: UnitId) -> Option<Exact> {
        if !self.present.get(u.index()) {
            return None;
        }
        if !self.other.is_empty() {
            if let Ok(i) = self.other.binary_search_by_key(&u, |(k, _)| *k) {
                return self.other.get(i).map(|(_, x)| x.clone());
            }
        }
        self.ints.get(u.index()).map(|n| Exact::from_int(*n))
    }
    /// Sets a unit's value; units must come in increasing order when a value
    /// is not an `i64` integer (the side table stays sorted).
    pub fn set(&mut self, u: UnitId, v: Value) {
        self.present.set(u.index());
        match v {
            Value::Int(n) => {
                if let Some(slot) = self.ints.get_mut(u.index()) {
                    *slot = n;
                }
            }
            Value::Other(x) => match self.other.binary_search_by_key(&u, |(k, _)| *k) {
                Ok(i) => {
                    if let Some(slot) = self.other.get_mut(i) {
                        slot.1 = x;
                    }
                }
                Err(i) => self.other.insert(i, (u, x)),
            },
        }
    }
}
