//! Administrative units: the province, its districts and communes.
//!
//! The registry is data (official codes of 2024 by default) because the
//! structure changes: districts were merged away in 2025, and another province
//! can load its own. Codes are text: commune codes keep their leading zero.
//!
//! Each unit is a version with a validity (`valid_from`..`valid_to`, inclusive,
//! open when absent), so one code may name several units over time; a figure
//! is placed on the version valid during its period, and the children that
//! add up to a unit in a period are those valid during it. A registry without
//! validity columns has one version per code and behaves as a fixed structure.
//! Inside, units are numbered (`UnitId`, registry order) and the hierarchy is
//! held in arrays, so roll-ups are passes over them instead of lookups by code.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{DataError, Location};
use crate::lineage::Lineage;
use crate::period::Period;
use crate::table::{RowPlace, Source, Table, Want};
use crate::warning::Warning;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    District,
    Commune,
}

impl Level {
    pub fn name(&self, lang: crate::Lang) -> &'static str {
        use crate::Lang::*;
        match (self, lang) {
            (Level::Province, Vi) => "tỉnh",
            (Level::District, Vi) => "huyện",
            (Level::Commune, Vi) => "xã",
            (Level::Province, En) => "province",
            (Level::District, En) => "district",
            (Level::Commune, En) => "commune",
        }
    }
    /// The snake_case word of the JSON contract ("province").
    pub fn as_str(&self) -> &'static str {
        self.name(crate::Lang::En)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name(crate::Lang::En))
    }
}

/// Reads the word of the JSON contract and of unit lists ("province",
/// "district", "commune"); the error says what is expected.
impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Level, String> {
        [Level::Province, Level::District, Level::Commune].into_iter().find(|l| l.as_str() == s).ok_or_else(|| "province, district or commune".to_string())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub level: Level,
    /// "tỉnh", "thành phố", "thị xã", "huyện", "phường", "xã", "thị trấn".
    pub division_type: String,
    pub parent: Option<String>,
    /// The first day this unit exists (inclusive); `None`: since always.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    /// The last day this unit exists (inclusive); `None`: still valid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
}

impl Unit {
    /// Whether the unit exists on some day of `period`.
    pub fn valid_during(&self, period: &Period) -> bool {
        if self.valid_from.is_none() && self.valid_to.is_none() {
            return true;
        }
        let (start, end) = period.dates();
        self.valid_from.is_none_or(|f| f <= end) && self.valid_to.is_none_or(|t| t >= start)
    }
    /// Whether the unit exists on day `d`.
    pub fn valid_on(&self, d: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= d) && self.valid_to.is_none_or(|t| t >= d)
    }
    /// Whether the unit exists on every day of `period`.
    fn valid_throughout(&self, period: &Period) -> bool {
        let (start, end) = period.dates();
        self.valid_from.is_none_or(|f| f <= start) && self.valid_to.is_none_or(|t| t >= end)
    }
    fn validity_text(&self) -> String {
        let d = |x: Option<NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
        format!("{}..{}", d(self.valid_from), d(self.valid_to))
    }
}

/// A unit's number in its registry (its index in `UnitRegistry::units()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub u32);

impl UnitId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a code places a figure of some period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The unit version valid during the period; `true` when the code was
    /// repaired (a spreadsheet dropped its leading zero).
    Found(UnitId, bool),
    /// The code is known but no version of it exists during the period.
    NotValid(Vec<UnitId>),
    /// The code names several units during the period (a reform inside it).
    Ambiguous(Vec<UnitId>),
    Unknown,
}

/// The units of one province (or several), with their hierarchy. Cloning is
/// cheap: the data is shared.
#[derive(Clone, Debug, Default)]
pub struct UnitRegistry {
    inner: Arc<Registry>,
}

#[derive(Debug, Default)]
struct Registry {
    /// The file it was read from, for messages.
    name: String,
    units: Vec<Unit>,
    /// Code -> its versions, by `valid_from`.
    by_code: FxHashMap<String, Vec<UnitId>>,
    /// Code without leading zeros -> the one code it stands for (None when several).
    by_stripped: FxHashMap<String, Option<String>>,
    parent: Vec<Option<UnitId>>,
    /// Children of unit i: `children[child_start[i]..child_start[i + 1]]`, in registry order.
    child_start: Vec<u32>,
    children: Vec<UnitId>,
    /// Every unit after all of its children (communes, districts, provinces).
    post_order: Vec<UnitId>,
    /// No unit has a validity: one structure at every date.
    all_open: bool,
    /// How the versions follow each other (empty for a fixed structure).
    lineage: Lineage,
    /// The structures in force one after the other, oldest first (one for a fixed structure).
    structures: Vec<Structure>,
    /// What reading the files noticed (blank columns and rows, the sheet chosen).
    warnings: Vec<Warning>,
}

/// The units in force over a span of days: the registry's state between two
/// changes. Named by its first day ("2025-07-01"); the first structure, which
/// has no first day, by the registry's base label ("2024" for the built-in
/// registry, "initial" for others).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Structure {
    pub label: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Structure {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| t >= d)
    }
}

/// The label of the first structure of a registry read from files.
pub const BASE_LABEL: &str = "initial";

const BUILTIN_CSV: &str = include_str!("../data/quang-ninh-units-2024.csv");
const BUILTIN_NAME: &str = "quang-ninh-units-2024.csv (built-in)";
/// The columns a registry must have.
const COLUMNS: [&str; 5] = ["code", "name", "level", "division_type", "parent_code"];
const EXPECTED: &str = "the columns code,name,level,division_type,parent_code (and optionally valid_from,valid_to)";

/// What a registry's table is found by (its header row, in a sheet of a workbook).
pub(crate) fn units_want() -> Want {
    Want::columns(&COLUMNS).expected(EXPECTED)
}

impl UnitRegistry {
    /// Quảng Ninh in every structure: 2024 (the documents' structure: the
    /// province, 13 districts, 177 communes), from 1/11/2024 (171 communes),
    /// from 1/7/2025 (the province and 54 communes), with the lineage between
    /// them (see `structures`).
    pub fn builtin() -> UnitRegistry {
        crate::structures::builtin()
    }

    /// Quảng Ninh as the documents knew it, alone: the 2024 list, one structure.
    pub fn builtin_2024() -> UnitRegistry {
        // A fixed text checked by the tests below; an empty registry can never come of it.
        UnitRegistry::from_csv_str(BUILTIN_CSV, BUILTIN_NAME).unwrap_or_default()
    }

    pub fn from_csv_path(path: &Path) -> Result<UnitRegistry, DataError> {
        UnitRegistry::from_source(&Source::new(path, None)?)
    }

    /// Reads a CSV file or a workbook: the sheet named, else the first whose
    /// header names the columns of [`UnitRegistry::from_csv_str`].
    pub fn from_source(source: &Source) -> Result<UnitRegistry, DataError> {
        UnitRegistry::from_table(source.open(units_want())?)
    }

    /// Reads `code,name,level,division_type,parent_code[,valid_from][,valid_to]`.
    pub fn from_csv_str(text: &str, file: &str) -> Result<UnitRegistry, DataError> {
        UnitRegistry::from_table(Table::from_csv_text(text, file, &units_want())?)
    }

    /// One list, one structure (dates, if any, from its own columns).
    fn from_table(t: Table) -> Result<UnitRegistry, DataError> {
        let name = t.locator().file().file;
        let (rows, warnings) = read_rows(t)?;
        UnitRegistry::assemble(rows, Lineage::default(), BASE_LABEL, warnings, &name)
    }

    /// Numbers the units read from one or several files, checks that no two
    /// versions of a code overlap, finds each unit's parent (the version of
    /// the parent code valid throughout the unit's validity) and indexes the
    /// hierarchy; `lineage` says how the versions follow each other;
    /// `warnings` are what reading the files noticed, `name` names them in messages.
    pub(crate) fn assemble(rows: Vec<UnitRow>, lineage: Lineage, base_label: &str, warnings: Vec<Warning>, name: &str) -> Result<UnitRegistry, DataError> {
        let mut units: Vec<Unit> = Vec::new();
        let mut places: Vec<RowPlace> = Vec::new();
        let mut by_code: FxHashMap<String, Vec<UnitId>> = FxHashMap::default();
        for UnitRow { unit, at } in rows {
            let id = UnitId(units.len() as u32);
            let code = unit.code.clone();
            let versions = by_code.entry(code.clone()).or_default();
            if let Some(other) = versions.iter().filter_map(|v| units.get(v.index())).find(|o| overlaps(o, &unit)) {
                let msg = if other.valid_from.is_none() && other.valid_to.is_none() && unit.valid_from.is_none() && unit.valid_to.is_none() {
                    "the same unit code appears twice".to_string()
                } else {
                    format!("the same unit code appears twice with overlapping validity ({} and {})", other.validity_text(), unit.validity_text())
                };
                return Err(DataError::new(at.cell("code"), msg).value(&code));
            }
            versions.push(id);
            units.push(unit);
            places.push(at);
        }

        for versions in by_code.values_mut() {
            versions.sort_by_key(|v| units.get(v.index()).and_then(|u| u.valid_from));
        }
        // Parents: the version of the parent code that spans the child's validity.
        let mut parent: Vec<Option<UnitId>> = Vec::with_capacity(units.len());
        for (u, place) in units.iter().zip(&places) {
            let Some(p) = &u.parent else {
                parent.push(None);
                continue;
            };
            let at = || place.cell("parent_code");
            let Some(versions) = by_code.get(p) else {
                return Err(DataError::new(at(), "parent code is not a unit of the registry").value(p).expected(format!("the code of a unit listed in {}", place.row().file)));
            };
            let found = versions.iter().copied().find(|v| units.get(v.index()).is_some_and(|pu| contains(pu, u)));
            let Some(pid) = found else {
                return Err(DataError::new(at(), format!("no version of parent {p} is valid throughout unit {} ({})", u.code, u.validity_text())).value(p));
            };
            // Levels strictly fall from parent to child, so the hierarchy has no cycle.
            if units.get(pid.index()).is_some_and(|pu| pu.level >= u.level) {
                return Err(DataError::new(at(), format!("unit {} sits under a unit of the same or a lower level", u.code)).value(p));
            }
            parent.push(Some(pid));
        }
        let lineage = lineage.resolve(&units, &by_code)?;
        let mut registry = Registry::index(name, units, by_code, parent, lineage, base_label);
        registry.warnings = warnings;
        Ok(UnitRegistry { inner: Arc::new(registry) })
    }

    /// The file the registry was read from ("quang-ninh-units-2024.csv (built-in)" for the built-in one).
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    pub fn get(&self, code: &str) -> Option<&Unit> {
        self.latest(code).map(|id| self.unit(id))
    }

    /// The latest version of a code.
    fn latest(&self, code: &str) -> Option<UnitId> {
        self.inner.by_code.get(code).and_then(|v| v.last()).copied()
    }

    /// Finds a unit by code, also when a spreadsheet dropped the leading zero
    /// ("6649" for "06649"). Returns the unit (the latest version of its code)
    /// and whether the code was repaired.
    pub fn resolve(&self, code: &str) -> Option<(&Unit, bool)> {
        let (code, repaired) = self.canonical_code(code)?;
        self.get(code).map(|u| (u, repaired))
    }

    /// The registry's code for `code`: itself, or the one code it stands for
    /// once leading zeros are ignored.
    fn canonical_code<'s>(&'s self, code: &'s str) -> Option<(&'s str, bool)> {
        let code = code.trim();
        if let Some((k, _)) = self.inner.by_code.get_key_value(code) {
            return Some((k.as_str(), false));
        }
        if code.is_empty() || !code.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        match self.inner.by_stripped.get(code.trim_start_matches('0')) {
            Some(Some(c)) => Some((c.as_str(), true)),
            _ => None,
        }
    }

    /// The versions of a code, oldest first (empty when unknown).
    pub fn versions(&self, code: &str) -> &[UnitId] {
        self.inner.by_code.get(code).map(Vec::as_slice).unwrap_or_default()
    }

    /// Places a code for a figure of `period` (repairing a dropped leading zero).
    pub fn resolve_at(&self, code: &str, period: &Period) -> Placement {
        let Some((code, repaired)) = self.canonical_code(code) else { return Placement::Unknown };
        let versions = self.versions(code);
        if let [one] = versions {
            return if self.unit(*one).valid_during(period) { Placement::Found(*one, repaired) } else { Placement::NotValid(versions.to_vec()) };
        }
        let during: Vec<UnitId> = versions.iter().copied().filter(|v| self.unit(*v).valid_during(period)).collect();
        match during.as_slice() {
            [] => Placement::NotValid(versions.to_vec()),
            [one] => Placement::Found(*one, repaired),
            many => match many.iter().find(|v| self.unit(**v).valid_throughout(period)) {
                Some(v) => Placement::Found(*v, repaired),
                None => Placement::Ambiguous(during),
            },
        }
    }

    /// The unit of an id of this registry.
    #[allow(clippy::indexing_slicing)] // ids are handed out by this registry and index its units
    pub fn unit(&self, id: UnitId) -> &Unit {
        &self.inner.units[id.index()]
    }

    pub fn units(&self) -> &[Unit] {
        &self.inner.units
    }

    pub fn len(&self) -> usize {
        self.inner.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.inner.units.is_empty()
    }

    /// Every id, in registry order.
    pub fn ids(&self) -> impl Iterator<Item = UnitId> + '_ {
        (0..self.inner.units.len() as u32).map(UnitId)
    }

    /// The root units (normally the one province).
    pub fn roots(&self) -> impl Iterator<Item = &Unit> {
        self.ids().filter(|i| self.parent_of(*i).is_none()).map(|i| self.unit(i))
    }

    /// The root ids, in registry order.
    pub fn root_ids(&self) -> impl Iterator<Item = UnitId> + '_ {
        self.ids().filter(|i| self.parent_of(*i).is_none())
    }

    pub fn parent_of(&self, id: UnitId) -> Option<UnitId> {
        self.inner.parent.get(id.index()).copied().flatten()
    }

    /// The children of a unit (every version), in registry order.
    pub fn children_of(&self, id: UnitId) -> &[UnitId] {
        let r = &self.inner;
        let (Some(&a), Some(&b)) = (r.child_start.get(id.index()), r.child_start.get(id.index() + 1)) else { return &[] };
        r.children.get(a as usize..b as usize).unwrap_or_default()
    }

    /// Whether unit `id` exists during `period` (always, in a registry without validity).
    pub fn valid_during(&self, id: UnitId, period: &Period) -> bool {
        self.inner.all_open || self.unit(id).valid_during(period)
    }

    /// True when no unit has a validity: the same structure at every date.
    pub fn single_structure(&self) -> bool {
        self.inner.all_open
    }

    /// Every unit after all of its children: the order of a roll-up pass.
    pub fn post_order(&self) -> &[UnitId] {
        &self.inner.post_order
    }

    /// The children of the latest version of `code`.
    pub fn children(&self, code: &str) -> impl Iterator<Item = &Unit> {
        self.latest(code).map(|id| self.children_of(id)).unwrap_or_default().iter().map(|c| self.unit(*c))
    }

    /// All units at `level` under `code` (children, grandchildren...), in registry order.
    pub fn descendants_at(&self, code: &str, level: Level) -> Vec<&Unit> {
        match self.latest(code) {
            Some(id) => self.descendants_at_during(id, level, None).into_iter().map(|d| self.unit(d)).collect(),
            None => Vec::new(),
        }
    }

    /// The units at `level` under unit `id`, in registry order; with a period,
    /// only those valid during it (reached through units valid during it).
    pub fn descendants_at_during(&self, id: UnitId, level: Level, period: Option<&Period>) -> Vec<UnitId> {
        let mut out = Vec::new();
        let mut stack: Vec<UnitId> = self.children_of(id).iter().rev().copied().collect();
        while let Some(u) = stack.pop() {
            if period.is_some_and(|p| !self.valid_during(u, p)) {
                continue;
            }
            let l = self.unit(u).level;
            if l == level {
                out.push(u);
            } else if l < level {
                stack.extend(self.children_of(u).iter().rev().copied());
            }
        }
        out.sort_unstable();
        out
    }

    /// The nearest unit code to `code` by name or code, for "did you mean".
    pub fn nearest(&self, code: &str) -> Option<&Unit> {
        crate::suggest::nearest(code, self.inner.units.iter().map(|u| (u.code.as_str(), u)))
    }

    pub fn parent(&self, code: &str) -> Option<&Unit> {
        self.latest(code).and_then(|id| self.parent_of(id)).map(|p| self.unit(p))
    }

    /// How the versions follow each other (empty for a fixed structure).
    pub fn lineage(&self) -> &Lineage {
        &self.inner.lineage
    }

    /// The structures in force one after the other, oldest first.
    pub fn structures(&self) -> &[Structure] {
        &self.inner.structures
    }

    /// The structure in force on a day.
    pub fn structure_on(&self, d: NaiveDate) -> Option<&Structure> {
        self.inner.structures.iter().find(|s| s.contains(d))
    }

    /// The structure named by a label ("2024", "2025-07-01") or in force on a date.
    pub fn structure(&self, text: &str) -> Option<&Structure> {
        let t = text.trim();
        self.inner.structures.iter().find(|s| s.label == t).or_else(|| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().and_then(|d| self.structure_on(d)))
    }

    /// The version of a code in force on a day (a dropped leading zero repaired).
    pub fn resolve_on(&self, code: &str, d: NaiveDate) -> Option<(UnitId, bool)> {
        let (code, repaired) = self.canonical_code(code)?;
        self.versions(code).iter().copied().find(|v| self.unit(*v).valid_on(d)).map(|v| (v, repaired))
    }

    /// The version of a code in force on a dated row's day, or an error at
    /// `loc` listing the code's versions (a code reused by a reform names
    /// another unit later; a unit merged away names none).
    pub(crate) fn on_day(&self, code: &str, d: NaiveDate, loc: Location) -> Result<UnitId, DataError> {
        self.resolve_on(code, d).map(|(u, _)| u).ok_or_else(|| {
            let versions = self.resolve(code).map(|(u, _)| self.versions_text(self.versions(&u.code))).unwrap_or_default();
            DataError::new(loc, format!("unit code {code} names no unit on {d}; its versions: {versions}")).value(code).expected(format!("a unit in force on {d}"))
        })
    }

    /// Versions as "name (code, from..to)", for the errors that list them.
    pub(crate) fn versions_text(&self, ids: &[UnitId]) -> String {
        ids.iter().map(|i| crate::lineage::version_text(self.unit(*i))).collect::<Vec<_>>().join(", ")
    }

    /// The label of unit `id`'s structure when its code alone does not name
    /// it over `period` (a code a reform reused, for a period across the
    /// change): what a row's `structure` column must then say. `None` when
    /// the code and the period place the figure on `id`.
    pub fn structure_needed(&self, id: UnitId, period: &Period) -> Option<&str> {
        let unit = self.unit(id);
        match self.resolve_at(&unit.code, period) {
            Placement::Found(found, _) if found == id => None,
            _ => unit.valid_from.or(unit.valid_to).and_then(|d| self.structure_on(d)).map(|s| s.label.as_str()),
        }
    }

    /// The units in force on a day, in registry order.
    pub fn in_force(&self, d: NaiveDate) -> impl Iterator<Item = UnitId> + '_ {
        self.ids().filter(move |u| self.unit(*u).valid_on(d))
    }

    /// What reading the registry's files noticed (blank columns and rows, the sheet chosen).
    pub fn warnings(&self) -> &[Warning] {
        &self.inner.warnings
    }

    /// Whether two registries hold the same units (so ids mean the same in both).
    pub fn same_as(&self, other: &UnitRegistry) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner) || self.inner.units == other.inner.units
    }
}

/// One unit read from a registry file, with where it was read.
#[derive(Clone, Debug)]
pub(crate) struct UnitRow {
    pub unit: Unit,
    pub at: RowPlace,
}

/// Reads the rows of a registry table (`code,name,level,division_type,parent_code[,valid_from][,valid_to]`)
/// and what reading it noticed.
pub(crate) fn read_rows(mut t: Table) -> Result<(Vec<UnitRow>, Vec<Warning>), DataError> {
    let at = t.locator().clone();
    let header = t.header().to_vec();
    let col = |name: &str| header.iter().position(|h| h == name);
    // The table is found by these columns: they are there.
    let [Some(code_i), Some(name_i), Some(level_i), Some(type_i), Some(parent_i)] = COLUMNS.map(col) else {
        return Err(DataError::new(at.row(at.header_row()), "the header lacks a column").value(header.join(",")).expected(EXPECTED));
    };
    let (from_i, to_i) = (col("valid_from"), col("valid_to"));
    let mut rows: Vec<UnitRow> = Vec::new();
    while let Some(rec) = t.next_row()? {
        let place = at.row_place(rec.number());
        let get = |i: usize| rec.cell(i).to_string();
        let code = get(code_i);
        let loc = |c: &str| place.cell(c);
        if code.is_empty() {
            return Err(DataError::new(loc("code"), "empty unit code").expected("a code such as 22, 193 or 06649"));
        }
        let level_text = get(level_i);
        let level: Level = level_text.parse().map_err(|expected: String| DataError::new(loc("level"), "unknown level").value(level_text.as_str()).expected(expected))?;
        let date = |i: Option<usize>, c: &str| -> Result<Option<NaiveDate>, DataError> {
            let Some(t) = i.map(|i| rec.cell(i)).filter(|t| !t.is_empty()) else { return Ok(None) };
            NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| DataError::new(loc(c), "not a date").value(t).expected("a date such as 2025-07-01, or blank (no limit)"))
        };
        let (valid_from, valid_to) = (date(from_i, "valid_from")?, date(to_i, "valid_to")?);
        if let (Some(f), Some(t)) = (valid_from, valid_to) {
            if t < f {
                return Err(DataError::new(loc("valid_to"), format!("the unit ends before it begins (valid_from {f})")).value(t.to_string()).expected(format!("a date on or after {f}")));
            }
        }
        let parent = Some(get(parent_i)).filter(|p| !p.is_empty());
        let unit = Unit { code, name: get(name_i), level, division_type: get(type_i), parent, valid_from, valid_to };
        rows.push(UnitRow { unit, at: place });
    }
    if rows.is_empty() {
        return Err(DataError::new(at.file(), "the registry lists no unit").expected("one row per unit under the header code,name,level,division_type,parent_code"));
    }
    Ok((rows, t.finish()))
}

impl Registry {
    fn index(name: &str, units: Vec<Unit>, by_code: FxHashMap<String, Vec<UnitId>>, parent: Vec<Option<UnitId>>, lineage: Lineage, base_label: &str) -> Registry {
        let n = units.len();
        let mut counts = vec![0u32; n + 1];
        for p in parent.iter().flatten() {
            if let Some(c) = counts.get_mut(p.index() + 1) {
                *c += 1;
            }
        }
        for i in 0..n {
            let before = counts.get(i).copied().unwrap_or(0);
            if let Some(c) = counts.get_mut(i + 1) {
                *c += before;
            }
        }
        let child_start = counts.clone();
        let mut fill = counts;
        let mut children = vec![UnitId(0); parent.iter().flatten().count()];
        for (i, p) in parent.iter().enumerate() {
            let Some(p) = p else { continue };
            if let Some(slot) = fill.get_mut(p.index()) {
                if let Some(c) = children.get_mut(*slot as usize) {
                    *c = UnitId(i as u32);
                }
                *slot += 1;
            }
        }
        // A child's level is below its parent's, so the deepest level first is a post-order.
        let mut post_order: Vec<UnitId> = (0..n as u32).map(UnitId).collect();
        post_order.sort_by_key(|i| std::cmp::Reverse(units.get(i.index()).map(|u| u.level)));
        let mut by_stripped: FxHashMap<String, Option<String>> = FxHashMap::default();
        for code in by_code.keys() {
            by_stripped
                .entry(code.trim_start_matches('0').to_string())
                .and_modify(|e| *e = None)
                .or_insert_with(|| Some(code.clone()));
        }
        let all_open = units.iter().all(|u| u.valid_from.is_none() && u.valid_to.is_none());
        let structures = structures(&units, base_label);
        Registry { name: name.to_string(), units, by_code, by_stripped, parent, child_start, children, post_order, all_open, lineage, structures, warnings: Vec::new() }
    }
}

/// The structures of a set of versions: a new one begins wherever a unit
/// begins or the day after one ends.
fn structures(units: &[Unit], base_label: &str) -> Vec<Structure> {
    let mut starts: Vec<NaiveDate> = units.iter().flat_map(|u| [u.valid_from, u.valid_to.and_then(|t| t.succ_opt())]).flatten().collect();
    starts.sort_unstable();
    starts.dedup();
    let mut out = vec![Structure { label: base_label.to_string(), from: None, to: starts.first().map(|d| crate::lineage::day_before(*d)) }];
    for (i, s) in starts.iter().enumerate() {
        let to = starts.get(i + 1).map(|n| crate::lineage::day_before(*n));
        out.push(Structure { label: s.to_string(), from: Some(*s), to });
    }
    out
}

/// Whether two validities share a day (an absent bound is open).
fn overlaps(a: &Unit, b: &Unit) -> bool {
    // `None < Some`, so the later start is the max; the earlier end needs both sides.
    let start = a.valid_from.max(b.valid_from);
    let end = match (a.valid_to, b.valid_to) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    };
    match (start, end) {
        (Some(s), Some(e)) => s <= e,
        _ => true,
    }
}

/// Whether `outer` exists on every day `inner` does.
fn contains(outer: &Unit, inner: &Unit) -> bool {
    let from_ok = match (outer.valid_from, inner.valid_from) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(o), Some(i)) => o <= i,
    };
    let to_ok = match (outer.valid_to, inner.valid_to) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(o), Some(i)) => o >= i,
    };
    from_ok && to_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_the_province_13_districts_177_communes() {
        let r = UnitRegistry::builtin_2024();
        let count = |l| r.units().iter().filter(|u| u.level == l).count();
        assert_eq!((count(Level::Province), count(Level::District), count(Level::Commune)), (1, 13, 177));
        assert_eq!(r.descendants_at("22", Level::Commune).len(), 177);
        assert_eq!(r.descendants_at("195", Level::Commune).len(), 16);
        assert_eq!(r.get("06649").unwrap().name, "Phường Hà Khánh");
        assert!(r.single_structure());
        let post = r.post_order();
        assert_eq!(post.len(), 191);
        assert_eq!(r.unit(*post.last().unwrap()).code, "22");
    }

    #[test]
    fn a_dropped_leading_zero_is_repaired() {
        let r = UnitRegistry::builtin();
        let (u, repaired) = r.resolve("6649").unwrap();
        assert_eq!((u.code.as_str(), repaired), ("06649", true));
        assert!(r.resolve("99999").is_none());
    }

    #[test]
    fn a_bad_registry_names_row_and_column() {
        let e = UnitRegistry::from_csv_str("code,name,level,division_type,parent_code\n1,A,province,tỉnh,\n2,B,county,huyện,1\n", "u.csv").unwrap_err();
        assert_eq!((e.location.row, e.location.column.as_deref()), (Some(3), Some("level")));
        assert_eq!(e.value.as_deref(), Some("county"));
    }

    const REFORM: &str = "code,name,level,division_type,parent_code,valid_from,valid_to\n\
        22,Quảng Ninh,province,tỉnh,,,\n\
        200,Huyện A,district,huyện,22,,2025-06-30\n\
        01,Xã X,commune,xã,200,,2025-06-30\n\
        02,Xã Y,commune,xã,200,,2025-06-30\n\
        01,Xã X mới,commune,xã,22,2025-07-01,\n";

    #[test]
    fn codes_name_versions_placed_by_period() {
        let r = UnitRegistry::from_csv_str(REFORM, "u.csv").unwrap();
        assert!(!r.single_structure());
        let y = |s: &str| s.parse::<Period>().unwrap();
        let Placement::Found(old, false) = r.resolve_at("01", &y("2024")) else { panic!() };
        let Placement::Found(new, false) = r.resolve_at("01", &y("2025-08")) else { panic!() };
        assert_ne!(old, new);
        assert_eq!(r.unit(new).name, "Xã X mới");
        assert!(matches!(r.resolve_at("01", &y("2025")), Placement::Ambiguous(_)));
        assert!(matches!(r.resolve_at("02", &y("2026")), Placement::NotValid(_)));
        let root = r.root_ids().next().unwrap();
        let communes = |p: &str| r.descendants_at_during(root, Level::Commune, Some(&y(p))).len();
        assert_eq!((communes("2024"), communes("2026")), (2, 1));
        assert_eq!(r.get("01").unwrap().name, "Xã X mới", "a code without a period means its latest version");
    }

    #[test]
    fn overlapping_versions_and_parents_outside_the_validity_are_refused() {
        let e = UnitRegistry::from_csv_str(&format!("{REFORM}01,Xã Z,commune,xã,22,2025-01-01,\n"), "u.csv").unwrap_err();
        assert_eq!((e.location.row, e.value.as_deref()), (Some(7), Some("01")));
        assert!(e.message.contains("overlapping"), "{e}");
        let e = UnitRegistry::from_csv_str(&format!("{REFORM}03,Xã W,commune,xã,200,2025-01-01,\n"), "u.csv").unwrap_err();
        assert_eq!((e.location.row, e.location.column.as_deref()), (Some(7), Some("parent_code")));
    }
}
