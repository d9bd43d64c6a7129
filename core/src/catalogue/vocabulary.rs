//! The catalogue's variables numbered: a `VarId` is a variable's place in
//! name order, so data can be held in columns indexed by number and hot loops
//! never hash a variable's name.

use rustc_hash::FxHashMap;

use super::{Catalogue, VariableDef, VariableKind};

/// A variable's number in its catalogue (its place in `Catalogue::variables()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VarId(pub u32);

impl VarId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The variables of one catalogue by number, with their kinds and wholes.
#[derive(Clone, Debug)]
pub struct Vocabulary<'c> {
    defs: Vec<&'c VariableDef>,
    by_name: FxHashMap<&'c str, VarId>,
    part_of: Vec<Vec<VarId>>,
}

impl<'c> Vocabulary<'c> {
    pub fn new(cat: &'c Catalogue) -> Vocabulary<'c> {
        let defs: Vec<&VariableDef> = cat.variables().values().collect();
        let by_name: FxHashMap<&str, VarId> = defs.iter().enumerate().map(|(i, d)| (d.name.as_str(), VarId(i as u32))).collect();
        let part_of = defs.iter().map(|d| d.part_of.iter().filter_map(|w| by_name.get(w.as_str()).copied()).collect()).collect();
        Vocabulary { defs, by_name, part_of }
    }
    pub fn id(&self, name: &str) -> Option<VarId> {
        self.by_name.get(name).copied()
    }
    pub fn def(&self, id: VarId) -> Option<&'c VariableDef> {
        self.defs.get(id.index()).copied()
    }
    pub fn name(&self, id: VarId) -> &'c str {
        self.def(id).map_or("", |d| d.name.as_str())
    }
    pub fn kind(&self, id: VarId) -> Option<VariableKind> {
        self.def(id).map(|d| d.kind)
    }
    /// Whether children's or finer periods' values add up to this one.
    pub fn additive(&self, id: VarId) -> bool {
        self.kind(id).is_some_and(|k| k.additive())
    }
    /// The wholes a variable is a part of (a "trong đó" can sit inside several).
    pub fn part_of(&self, id: VarId) -> &[VarId] {
        self.part_of.get(id.index()).map_or(&[], Vec::as_slice)
    }
    pub fn len(&self) -> usize {
        self.defs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }
    /// The names in id order.
    pub fn names(&self) -> impl Iterator<Item = &'c str> + '_ {
        self.defs.iter().map(|d| d.name.as_str())
    }
}
