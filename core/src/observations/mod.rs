//! Observations: the figures a unit reports for a period, one per variable.
//!
//! Input arrives as CSV (wide or long), JSON, or columns from Python and C; all
//! of it goes through one [`DatasetBuilder`] so the same checks apply
//! everywhere: known unit, known variable, a number of the right kind, parts no
//! larger than their whole, no contradictory duplicates. A blank is missing,
//! never zero; a missing figure stays missing unless it can be added up exactly
//! from finer periods or from every child unit.
//!
//! A dataset is held in columns, one per variable and period, indexed by unit
//! number (see `column`), with the variables numbered by the catalogue and the
//! periods by the dataset; where a value came from (row and column) is kept
//! only while building, for the messages of checks that run at the end.

mod column;
mod json_input;
mod resolve;
mod table_input;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::path::Path;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::catalogue::{Catalogue, VarId, VariableKind, Vocabulary};
use crate::error::{DataError, Location};
use crate::exact::Exact;
use crate::period::Period;
use crate::table::{Source, Table};
use crate::units::{Placement, UnitId, UnitRegistry};
use crate::warning::Warning;

pub(crate) use column::{Column, Value};
pub(crate) use resolve::RollUp;
pub use resolve::{Missing, Resolver};

/// A validated set of observations.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// The registry the figures were placed on: unit ids index it.
    units: UnitRegistry,
    /// Variable names by id, as numbered by the catalogue it was read with.
    variables: Arc<[String]>,
    /// The periods that have figures, sorted.
    periods: Vec<Period>,
    /// Columns by (variable, index into `periods`).
    columns: FxHashMap<(VarId, u32), Column>,
    len: usize,
    /// A short name for reports: the file name, "built-in sample", ...
    pub name: String,
    /// True for the built-in synthetic sample: every report says so.
    pub synthetic: bool,
    warnings: Vec<Warning>,
    /// The day of the structure every figure is written in, when every row
    /// named the same one (a converted file): each figure is then its unit's
    /// figure over the whole period, for the unit's territory in that
    /// structure. `None`: each figure belongs to the unit in force during its
    /// period, for the part of the period the unit existed.
    written_in: Option<chrono::NaiveDate>,
}

impl Dataset {
    /// The value reported for exactly this unit (code), period and variable.
    pub fn get(&self, unit: &str, period: &Period, variable: &str) -> Option<Exact> {
        let var = self.variable_id(variable)?;
        let col = self.column(var, period)?;
        self.units.versions(unit).iter().find(|u| self.units.valid_during(**u, period)).and_then(|u| col.get(*u))
    }
    fn variable_id(&self, name: &str) -> Option<VarId> {
        // Names are in catalogue (name) order.
        self.variables.binary_search_by(|v| v.as_str().cmp(name)).ok().map(|i| VarId(i as u32))
    }
    /// The column of a variable in a period.
    pub(crate) fn column(&self, var: VarId, period: &Period) -> Option<&Column> {
        let p = self.periods.binary_search(period).ok()?;
        self.columns.get(&(var, p as u32))
    }
    /// The periods that have a figure of `var`.
    pub(crate) fn periods_of(&self, var: VarId) -> impl Iterator<Item = &Period> {
        self.periods.iter().enumerate().filter(move |(i, _)| self.columns.contains_key(&(var, *i as u32))).map(|(_, p)| p)
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
    /// The registry the figures are placed on.
    pub fn units(&self) -> &UnitRegistry {
        &self.units
    }
    /// Every observation as (unit, period, variable, value), sorted.
    pub fn records(&self) -> Vec<(&str, Period, &str, Exact)> {
        self.records_in().into_iter().map(|(u, p, _, v, x)| (u, p, v, x)).collect()
    }
    /// Every observation as (unit, period, structure, variable, value),
    /// sorted: the label of the unit's structure only where its code alone
    /// does not name it over the period (a code a reform reused, for a period
    /// across the change), so that writing the records out and reading them
    /// back places every figure on the same unit.
    pub fn records_in(&self) -> Vec<(&str, Period, Option<&str>, &str, Exact)> {
        let mut v: Vec<(&str, Period, Option<&str>, &str, Exact)> = Vec::with_capacity(self.len);
        for ((var, p), col) in &self.columns {
            let (Some(name), Some(period)) = (self.variables.get(var.index()), self.periods.get(*p as usize)) else { continue };
            for (u, x) in col.iter() {
                v.push((self.units.unit(u).code.as_str(), *period, self.units.structure_needed(u, period), name.as_str(), x));
            }
        }
        v.sort_by(|a, b| (a.0, a.1, a.2, a.3).cmp(&(b.0, b.1, b.2, b.3)));
        v
    }
    /// The units (of `units()`) that have a figure in a period `keep` accepts, with the period.
    pub(crate) fn units_with_figures<'s>(&'s self, keep: impl Fn(&Period) -> bool + 's) -> impl Iterator<Item = (UnitId, Period)> + 's {
        self.columns.iter().filter_map(move |((_, p), col)| self.periods.get(*p as usize).filter(|p| keep(p)).map(|p| (col, *p))).flat_map(|(col, p)| col.units().map(move |u| (u, p)))
    }
    /// The periods that occur in the data, sorted.
    pub fn periods(&self) -> Vec<Period> {
        self.periods.clone()
    }
    /// The day of the one structure every figure is written in, if any (see the field).
    pub fn written_in(&self) -> Option<chrono::NaiveDate> {
        self.written_in
    }
    /// Every column: (variable name, period, its figures by unit).
    pub(crate) fn columns(&self) -> impl Iterator<Item = (&str, Period, &Column)> {
        self.columns.iter().filter_map(|((var, p), col)| Some((self.variables.get(var.index())?.as_str(), *self.periods.get(*p as usize)?, col)))
    }

    /// A dataset made of figures already placed on the units of `units` (a
    /// conversion's result): `figures` holds (variable name, period, unit,
    /// value); names must be variables of `vocab`.
    pub(crate) fn assembled(units: &UnitRegistry, vocab: &Vocabulary, figures: Vec<(&str, Period, UnitId, Exact)>, name: &str, synthetic: bool, written_in: Option<chrono::NaiveDate>) -> Dataset {
        let mut periods: Vec<Period> = figures.iter().map(|f| f.1).collect();
        periods.sort();
        periods.dedup();
        let len = figures.len();
        let mut placed: FxHashMap<(VarId, u32), Vec<(UnitId, Value)>> = FxHashMap::default();
        for (var, period, u, x) in figures {
            let (Some(v), Ok(p)) = (vocab.id(var), periods.binary_search(&period)) else { continue };
            placed.entry((v, p as u32)).or_default().push((u, Value::of(x)));
        }
        let n = units.len();
        let columns = placed
            .into_iter()
            .map(|(k, mut vals)| {
                vals.sort_by_key(|(u, _)| *u);
                (k, Column::from_sorted(n, vals))
            })
            .collect();
        Dataset { units: units.clone(), variables: vocab.names().map(str::to_string).collect(), periods, columns, len, name: name.to_string(), synthetic, warnings: Vec::new(), written_in }
    }

    /// Reads a `.json` file, a CSV file or a workbook (.xlsx, .xlsm, .xls,
    /// .ods): `path` may end in `#Sheet` to name the sheet; otherwise the
    /// first sheet whose header names `unit_code` and `period` is read.
    pub fn from_path(path: &Path, catalogue: &Catalogue, units: &UnitRegistry) -> Result<Dataset, DataError> {
        Dataset::from_source(&Source::new(path, None)?, catalogue, units)
    }

    /// Reads the file (and sheet) of `source`; see [`Dataset::from_path`].
    pub fn from_source(source: &Source, catalogue: &Catalogue, units: &UnitRegistry) -> Result<Dataset, DataError> {
        let name = source.name();
        if source.is_json() && source.sheet.is_none() {
            let mut d = Dataset::from_json_str(&crate::input::read_text(&source.path)?, &name, catalogue, units)?;
            d.name = file_name(&source.path);
            return Ok(d);
        }
        let table = source.open(table_input::want())?;
        // Reports name the data by its file, and the sheet read: "SoLieu.xlsx#Huyện".
        let label = match table.locator().sheet() {
            Some(s) => format!("{}#{s}", file_name(&source.path)),
            None => file_name(&source.path),
        };
        let mut b = DatasetBuilder::new(&name, catalogue, units);
        table_input::read(table, &mut b)?;
        let mut d = b.finish()?;
        d.name = label;
        Ok(d)
    }

    /// Reads CSV text, wide (`unit_code,period,<variable>...`) or long
    /// (`unit_code,period,variable,value`), separated by `,` `;` or tab, with
    /// a title block above the header if need be; `file` names it in errors.
    pub fn from_csv_str(text: &str, file: &str, catalogue: &Catalogue, units: &UnitRegistry) -> Result<Dataset, DataError> {
        let mut b = DatasetBuilder::new(file, catalogue, units);
        table_input::read(Table::from_csv_text(text, file, &table_input::want())?, &mut b)?;
        b.finish()
    }

    /// Reads JSON: an array of records, or `{"observations": [...]}`; a record
    /// is wide (`{"unit_code", "period", "<variable>": value...}`) or long
    /// (`{"unit_code", "period", "variable", "value"}`).
    pub fn from_json_str(text: &str, file: &str, catalogue: &Catalogue, units: &UnitRegistry) -> Result<Dataset, DataError> {
        let mut b = DatasetBuilder::new(file, catalogue, units);
        json_input::read(text, &mut b)?;
        b.finish()
    }

    /// The same figures numbered for `cat` and `units`: itself when they are
    /// the ones it was read with, else placed again by unit code and variable
    /// name (figures of units or variables they do not know are left out, as
    /// nothing can ask for them).
    pub(crate) fn rebased<'d>(&'d self, vocab: &Vocabulary, units: &UnitRegistry) -> Cow<'d, Dataset> {
        let same_vars = self.variables.len() == vocab.len() && self.variables.iter().map(String::as_str).eq(vocab.names());
        if same_vars && self.units.same_as(units) {
            return Cow::Borrowed(self);
        }
        let mut periods: Vec<Period> = Vec::new();
        let mut placed: FxHashMap<(VarId, u32), Vec<(UnitId, Value)>> = FxHashMap::default();
        let mut len = 0;
        for ((var, p), col) in &self.columns {
            let (Some(name), Some(period)) = (self.variables.get(var.index()), self.periods.get(*p as usize)) else { continue };
            let Some(new_var) = vocab.id(name) else { continue };
            let pi = match periods.iter().position(|x| x == period) {
                Some(i) => i,
                None => {
                    periods.push(*period);
                    periods.len() - 1
                }
            } as u32;
            for (u, x) in col.iter() {
                let code = &self.units.unit(u).code;
                let Some(nu) = units.versions(code).iter().copied().find(|v| units.valid_during(*v, period)) else { continue };
                placed.entry((new_var, pi)).or_default().push((nu, Value::of(x)));
                len += 1;
            }
        }
        let mut order: Vec<usize> = (0..periods.len()).collect();
        order.sort_by_key(|i| periods.get(*i).copied());
        let mut rank = vec![0u32; periods.len()];
        for (r, i) in order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(*i) {
                *slot = r as u32;
            }
        }
        let n = units.len();
        let columns = placed
            .into_iter()
            .map(|((v, p), mut vals)| {
                vals.sort_by_key(|(u, _)| *u);
                ((v, rank.get(p as usize).copied().unwrap_or(0)), Column::from_sorted(n, vals))
            })
            .collect();
        periods.sort();
        Cow::Owned(Dataset {
            units: units.clone(),
            variables: vocab.names().map(str::to_string).collect(),
            periods,
            columns,
            len,
            name: self.name.clone(),
            synthetic: self.synthetic,
            warnings: self.warnings.clone(),
            written_in: self.written_in,
        })
    }
}

/// Where a value came from: a row (`NO_ROW` for none) and a label (file and column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Origin {
    row: u32,
    label: u32,
}

const NO_ROW: u32 = u32::MAX;

/// A column being built, with where each value came from.
struct Building {
    var: VarId,
    period: u32,
    slots: Slots,
    /// The label most values share; others are listed.
    label: u32,
    labels: FxHashMap<UnitId, u32>,
    /// Whether the row of each value is kept (a piece read in parallel does
    /// not: a problem there is looked for again in one pass).
    rows: bool,
}

enum Slots {
    /// Few units so far: (unit, value, row) in arrival order, and which units have one.
    Sparse { entries: Vec<(UnitId, Value, u32)>, seen: column::Bits },
    Dense { ints: Vec<i64>, present: column::Bits, other: FxHashMap<UnitId, Exact>, rows: Vec<u32> },
}

impl Building {
    fn new(var: VarId, period: u32, label: u32, rows: bool) -> Building {
        Building { var, period, slots: Slots::Sparse { entries: Vec::new(), seen: column::Bits::default() }, label, labels: FxHashMap::default(), rows }
    }

    /// The value already held for a unit.
    fn value(&self, u: UnitId) -> Option<Value> {
        match &self.slots {
            Slots::Sparse { entries, seen } => {
                if !seen.get(u.index()) {
                    return None;
                }
                entries.iter().find(|e| e.0 == u).map(|(_, v, _)| v.clone())
            }
            Slots::Dense { ints, present, other, .. } => {
                if !present.get(u.index()) {
                    return None;
                }
                Some(match other.get(&u) {
                    Some(x) => Value::Other(x.clone()),
                    None => Value::Int(ints.get(u.index()).copied().unwrap_or(0)),
                })
            }
        }
    }

    /// Where a unit's value came from.
    fn origin(&self, u: UnitId) -> Origin {
        let label = self.labels.get(&u).copied().unwrap_or(self.label);
        let row = match &self.slots {
            Slots::Sparse { entries, .. } => entries.iter().find(|e| e.0 == u).map_or(NO_ROW, |e| e.2),
            Slots::Dense { rows, .. } => rows.get(u.index()).copied().unwrap_or(NO_ROW),
        };
        Origin { row, label }
    }

    /// The common case: an integer into a dense column, from the column's
    /// usual origin, for a unit that has no value yet. `false`: not that case.
    #[inline]
    fn put_int(&mut self, u: UnitId, x: i64, o: Origin, n: usize) -> bool {
        if o.label != self.label {
            return false;
        }
        let i = u.index();
        match &mut self.slots {
            Slots::Dense { ints, present, rows, .. } => {
                if present.get(i) {
                    return false;
                }
                let Some(slot) = ints.get_mut(i) else { return false };
                present.set(i);
                *slot = x;
                if let Some(r) = rows.get_mut(i) {
                    *r = o.row;
                }
                true
            }
            Slots::Sparse { entries, seen } => {
                if (entries.len() + 1) * column::SPARSE_RATIO >= n || (!seen.is_empty() && seen.get(i)) {
                    return false;
                }
                if seen.is_empty() {
                    *seen = column::Bits::new(n);
                }
                seen.set(i);
                entries.push((u, Value::Int(x), o.row));
                true
            }
        }
    }

    /// Stores a value for a unit that has none yet; gives it back when the unit has one.
    #[inline]
    fn put(&mut self, u: UnitId, v: Value, o: Origin, n: usize) -> Result<(), Value> {
        if let Value::Int(x) = v {
            if self.put_int(u, x, o, n) {
                return Ok(());
            }
        }
        if self.value(u).is_some() {
            return Err(v);
        }
        if o.label != self.label {
            self.labels.insert(u, o.label);
        }
        if let Slots::Sparse { entries, seen } = &mut self.slots {
            if (entries.len() + 1) * column::SPARSE_RATIO < n {
                if seen.is_empty() {
                    *seen = column::Bits::new(n);
                }
                seen.set(u.index());
                entries.push((u, v, o.row));
                return Ok(());
            }
            let rows = if self.rows { vec![NO_ROW; n] } else { Vec::new() };
            let mut dense = Slots::Dense { ints: vec![0; n], present: column::Bits::new(n), other: FxHashMap::default(), rows };
            for (eu, ev, er) in entries.drain(..) {
                dense.set(eu, ev, er);
            }
            self.slots = dense;
        }
        self.slots.set(u, v, o.row);
        Ok(())
    }

    /// Every unit whose value is larger than the same unit's in `whole`.
    fn larger_than(&self, whole: &Building) -> Vec<(UnitId, Value, Value)> {
        if let (Slots::Dense { ints: a, present: pa, other: oa, .. }, Slots::Dense { ints: b, present: pb, other: ob, .. }) = (&self.slots, &whole.slots) {
            if oa.is_empty() && ob.is_empty() {
                return pa
                    .ones()
                    .filter(|i| pb.get(*i))
                    .filter_map(|i| match (a.get(i), b.get(i)) {
                        (Some(x), Some(y)) if x > y => Some((UnitId(i as u32), Value::Int(*x), Value::Int(*y))),
                        _ => None,
                    })
                    .collect();
            }
        }
        self.each()
            .filter_map(|(u, v)| {
                let w = whole.value(u)?;
                let larger = match (&v, &w) {
                    (Value::Int(a), Value::Int(b)) => a > b,
                    _ => v.exact() > w.exact(),
                };
                larger.then_some((u, v, w))
            })
            .collect()
    }

    /// Every (unit, value), in no particular order.
    fn each(&self) -> Box<dyn Iterator<Item = (UnitId, Value)> + '_> {
        match &self.slots {
            Slots::Sparse { entries, .. } => Box::new(entries.iter().map(|(u, v, _)| (*u, v.clone()))),
            Slots::Dense { present, ints, other, .. } => Box::new(present.ones().map(move |i| {
                let u = UnitId(i as u32);
                let v = match other.get(&u) {
                    Some(x) => Value::Other(x.clone()),
                    None => Value::Int(ints.get(i).copied().unwrap_or(0)),
                };
                (u, v)
            })),
        }
    }

    fn into_column(self, n: usize) -> Column {
        match self.slots {
            Slots::Sparse { mut entries, .. } => {
                entries.sort_by_key(|(u, ..)| *u);
                Column::from_sorted(n, entries.into_iter().map(|(u, v, _)| (u, v)).collect())
            }
            Slots::Dense { ints, present, other, .. } => {
                let mut other: Vec<(UnitId, Exact)> = other.into_iter().collect();
                other.sort_by_key(|(u, _)| *u);
                Column::Dense(column::Dense::from_parts(ints, present, other))
            }
        }
    }
}

impl Slots {
    fn set(&mut self, u: UnitId, v: Value, row: u32) {
        let Slots::Dense { ints, present, other, rows } = self else { return };
        present.set(u.index());
        if let Some(r) = rows.get_mut(u.index()) {
            *r = row;
        }
        match v {
            Value::Int(n) => {
                if let Some(slot) = ints.get_mut(u.index()) {
                    *slot = n;
                }
            }
            Value::Other(x) => {
                other.insert(u, x);
            }
        }
    }
}

/// A variable's column of a table given in columns (see `DatasetBuilder::column`).
#[derive(Clone, Debug)]
pub struct TableColumn {
    var: VarId,
    kind: VariableKind,
    label: u32,
    /// The builder's column of the variable by period id, once looked up (`u32::MAX`: not yet).
    slots: Vec<u32>,
}

/// A row of a table given in columns (see `DatasetBuilder::row`).
#[derive(Debug)]
pub struct TableRow<'r> {
    code: &'r str,
    period: Period,
    pid: u32,
    structure: Option<&'r str>,
    number: u32,
    /// Placed on the row's first figure.
    unit: Option<UnitId>,
}

/// Collects observations one by one, checking each, then checks them together.
pub struct DatasetBuilder<'a> {
    file: String,
    catalogue: &'a Catalogue,
    units: &'a UnitRegistry,
    vocab: Vocabulary<'a>,
    periods: Vec<Period>,
    period_ids: FxHashMap<Period, u32>,
    columns: Vec<Building>,
    column_ids: FxHashMap<(VarId, u32), u32>,
    /// The places of origins (file, sheet, column, column letters; no row), by label.
    labels: Vec<Location>,
    /// Label by the place's parts joined with '\u{1f}' ('\u{1e}' for a part it lacks).
    label_ids: FxHashMap<String, u32>,
    scratch: String,
    warnings: Vec<Warning>,
    /// Whether the row of each value is kept (see `Building::rows`).
    rows: bool,
    /// Codes read as another code, each with its warning (index into `warnings`).
    repaired: FxHashMap<String, usize>,
    len: usize,
    seen: Seen,
}

/// The structures the rows were written in, so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seen {
    Nothing,
    /// Every row alike: placed by its period (`None`) or in the structure of this day.
    One(Option<chrono::NaiveDate>),
    Mixed,
}

/// The words a yes/no cell may hold, in both languages.
const YES: &[&str] = &["1", "yes", "y", "true", "có", "co", "x", "đạt"];
const NO: &[&str] = &["0", "no", "n", "false", "không", "khong", "chưa"];

impl<'a> DatasetBuilder<'a> {
    pub fn new(file: &str, catalogue: &'a Catalogue, units: &'a UnitRegistry) -> DatasetBuilder<'a> {
        DatasetBuilder {
            file: file.to_string(),
            catalogue,
            units,
            vocab: catalogue.vocabulary(),
            periods: Vec::new(),
            period_ids: FxHashMap::default(),
            columns: Vec::new(),
            column_ids: FxHashMap::default(),
            labels: Vec::new(),
            label_ids: FxHashMap::default(),
            scratch: String::new(),
            warnings: Vec::new(),
            rows: true,
            repaired: FxHashMap::default(),
            len: 0,
            seen: Seen::Nothing,
        }
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    /// Checks that a column or field name is a known variable.
    pub fn check_variable(&self, name: &str, loc: &Location) -> Result<VariableKind, DataError> {
        self.variable(name, || loc.clone()).map(|(_, k)| k)
    }

    /// A known variable's id and kind.
    fn variable(&self, name: &str, loc: impl FnOnce() -> Location) -> Result<(VarId, VariableKind), DataError> {
        match self.vocab.id(name).and_then(|id| self.vocab.kind(id).map(|k| (id, k))) {
            Some(found) => Ok(found),
            None => {
                let hint = self.catalogue.nearest_variable(name).map(|n| format!("a known variable; did you mean '{n}'?")).unwrap_or_else(|| "a variable of the catalogue (chitieu catalogue --variables lists them)".to_string());
                Err(DataError::new(loc(), "unknown variable").value(name).expected(hint))
            }
        }
    }

    /// Resolves a unit code, repairing a leading zero a spreadsheet dropped.
    pub fn check_unit(&mut self, code: &str, loc: &Location) -> Result<String, DataError> {
        self.unit_code(code, || loc.clone()).map(str::to_string)
    }

    /// The registry's code for `code` (repaired with a warning when a
    /// spreadsheet dropped its leading zero).
    fn unit_code(&mut self, code: &str, loc: impl FnOnce() -> Location) -> Result<&'a str, DataError> {
        match self.units.resolve(code) {
            Some((u, false)) => Ok(u.code.as_str()),
            Some((u, true)) => {
                if !self.repaired.contains_key(code.trim()) {
                    self.repaired.insert(code.trim().to_string(), self.warnings.len());
                    self.warnings.push(Warning::new(
                        "unit_code_repaired",
                        format!("{}: mã đơn vị '{}' được đọc là '{}' ({}) — bảng tính đã bỏ số 0 đứng đầu", self.file, code.trim(), u.code, u.name),
                        format!("{}: unit code '{}' read as '{}' ({}): a spreadsheet dropped the leading zero", self.file, code.trim(), u.code, u.name),
                    ));
                }
                Ok(u.code.as_str())
            }
            None => {
                let hint = match self.units.nearest(code) {
                    Some(u) => format!("a unit code of the registry; did you mean '{}' ({})?", u.code, u.name),
                    None => "a unit code of the registry (e.g. 22, 193, 06649)".to_string(),
                };
                Err(DataError::new(loc(), "unknown unit code").value(code).expected(hint))
            }
        }
    }

    /// The unit version a registry code names during `period`. A code that
    /// names two units during the period (a reform inside it, the code reused)
    /// is refused, never placed on either: the error lists the versions with
    /// their dates and says how to name one.
    fn place(&mut self, code: &str, period: &Period, loc: impl FnOnce() -> Location) -> Result<UnitId, DataError> {
        self.note(None);
        let text = |ids: &[UnitId]| self.units.versions_text(ids);
        match self.units.resolve_at(code, period) {
            Placement::Found(id, _) => Ok(id),
            Placement::NotValid(ids) => Err(DataError::new(loc(), format!("unit code {code} names no unit during {period}; its versions: {}", text(&ids)))
                .value(code)
                .expected(format!("a unit in force during {period}, or a 'structure' column naming the structure the code is written in"))),
            Placement::Ambiguous(ids) => Err(DataError::new(loc(), format!("unit code {code} names several units during {period}: {}; a figure of the whole period cannot be placed on either", text(&ids)))
                .value(code)
                .expected(format!("figures for parts of {period} within one version (months such as {}, quarters), or a 'structure' column naming the structure the code is written in ({})", month_hint(self.units, &ids), structure_hint(self.units, &ids)))),
            Placement::Unknown => Err(DataError::new(loc(), "unknown unit code").value(code).expected("a unit code of the registry")),
        }
    }

    /// The unit version a code names in a structure (a label such as
    /// "2025-07-01", or a date), whatever the figure's period: a figure
    /// written in a later structure for a period before its unit existed (a
    /// converted figure) is the figure of that unit's territory.
    /// `loc` is the code's cell, `at_structure` the structure's.
    fn place_in(&mut self, code: &str, structure: &str, loc: impl Fn() -> Location, at_structure: impl FnOnce() -> Location) -> Result<UnitId, DataError> {
        let labels = || self.units.structures().iter().map(|s| s.label.as_str()).collect::<Vec<_>>().join(", ");
        let Some(st) = self.units.structure(structure) else {
            return Err(DataError::new(at_structure(), "not a structure of the registry").value(structure).expected(format!("one of {} (chitieu units lists them), or a date", labels())));
        };
        let day = st.from.or(st.to);
        self.note(day);
        let found = match day {
            Some(d) => self.units.resolve_on(code, d),
            None => self.units.resolve(code).and_then(|(u, r)| self.units.versions(&u.code).first().map(|v| (*v, r))),
        };
        found.map(|(u, _)| u).ok_or_else(|| {
            let versions = self.units.resolve(code).map(|(u, _)| self.units.versions_text(self.units.versions(&u.code))).unwrap_or_default();
            DataError::new(loc(), format!("unit code {code} names no unit of the structure {}; its versions: {versions}", st.label)).value(code).expected(format!("a unit of the structure {}", st.label))
        })
    }

    /// Notes the structure a row was written in (`None`: placed by its period).
    fn note(&mut self, day: Option<chrono::NaiveDate>) {
        self.seen = match self.seen {
            Seen::Nothing => Seen::One(day),
            Seen::One(d) if d == day => Seen::One(d),
            _ => Seen::Mixed,
        };
    }

    pub fn check_period(&self, text: &str, loc: &Location) -> Result<Period, DataError> {
        parse_period(text, || loc.clone())
    }

    /// The dataset's number for a period.
    fn period_id(&mut self, period: Period) -> u32 {
        if let Some(&p) = self.period_ids.get(&period) {
            return p;
        }
        let id = self.periods.len() as u32;
        self.periods.push(period);
        self.period_ids.insert(period, id);
        id
    }

    /// The label of a column's place (file, sheet, column; its letters in a
    /// sheet): what the origins of its cells share.
    fn label(&mut self, place: &Location) -> u32 {
        self.scratch.clear();
        for part in [Some(place.file.as_str()), place.sheet.as_deref(), place.column.as_deref(), place.cell.as_deref()] {
            match part {
                Some(p) => {
                    self.scratch.push('\u{1f}');
                    self.scratch.push_str(p);
                }
                None => self.scratch.push('\u{1e}'),
            }
        }
        if let Some(&l) = self.label_ids.get(self.scratch.as_str()) {
            return l;
        }
        let l = self.labels.len() as u32;
        self.labels.push(place.clone());
        self.label_ids.insert(self.scratch.clone(), l);
        l
    }

    fn location(&self, o: Origin) -> Location {
        let place = self.labels.get(o.label as usize).cloned().unwrap_or_default();
        if o.row == NO_ROW {
            return place;
        }
        crate::table::with_row(place, o.row as usize)
    }

    /// The origin of a value given with its whole location.
    fn origin_of(&mut self, loc: &Location) -> Origin {
        let mut place = Location { row: None, ..loc.clone() };
        if let Some(c) = &mut place.cell {
            c.retain(|ch| ch.is_ascii_uppercase());
        }
        let label = self.label(&place);
        Origin { row: loc.row.and_then(|r| u32::try_from(r).ok()).filter(|r| *r != NO_ROW).unwrap_or(NO_ROW), label }
    }

    /// Adds one cell given as text. A blank cell is missing and adds nothing.
    pub fn add_text(&mut self, unit: &str, period: Period, variable: &str, text: &str, loc: Location) -> Result<(), DataError> {
        self.add_text_in(unit, period, None, variable, text, loc)
    }

    /// `add_text` for a code written in a given structure (see `add_exact_in`).
    pub fn add_text_in(&mut self, unit: &str, period: Period, structure: Option<&str>, variable: &str, text: &str, loc: Location) -> Result<(), DataError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(());
        }
        let (var, kind) = self.variable(variable, || loc.clone())?;
        let value = parse_value(kind, t).map_err(|expected| DataError::new(loc.clone(), "not a valid value").value(t).expected(expected))?;
        let code = self.unit_code(unit, || loc.clone())?;
        // A code that cannot be placed is the row's unit_code cell.
        let at_code = || loc.clone().at_column("unit_code");
        let u = match structure {
            Some(st) => self.place_in(code, st, at_code, || loc.clone().at_column("structure"))?,
            None => self.place(code, &period, at_code)?,
        };
        let p = self.period_id(period);
        let o = self.origin_of(&loc);
        self.insert(u, p, var, Value::of(value), o)
    }

    /// Adds one value already exact; checks its kind.
    pub fn add_exact(&mut self, unit: &str, period: Period, variable: &str, value: Exact, loc: Location) -> Result<(), DataError> {
        self.add_exact_in(unit, period, None, variable, value, loc)
    }

    /// `add_exact` for a code written in a given structure (a label or a
    /// date, see `place_in`); `None` places it by its period.
    pub fn add_exact_in(&mut self, unit: &str, period: Period, structure: Option<&str>, variable: &str, value: Exact, loc: Location) -> Result<(), DataError> {
        let (var, kind) = self.variable(variable, || loc.clone())?;
        check_kind(kind, &value).map_err(|expected| DataError::new(loc.clone(), "not a valid value").value(value.decimal_text()).expected(expected))?;
        let code = self.unit_code(unit, || loc.clone())?;
        // A code that cannot be placed is the row's unit_code cell.
        let at_code = || loc.clone().at_column("unit_code");
        let u = match structure {
            Some(st) => self.place_in(code, st, at_code, || loc.clone().at_column("structure"))?,
            None => self.place(code, &period, at_code)?,
        };
        let p = self.period_id(period);
        let o = self.origin_of(&loc);
        self.insert(u, p, var, Value::of(value), o)
    }

    /// A column of a table given in columns (Python's DataFrames and Arrow
    /// tables): the variable `name`, resolved once for all its cells; `place`
    /// is the column's place (file and column, no row), where its cells'
    /// errors point.
    pub fn column(&mut self, name: &str, place: &Location) -> Result<TableColumn, DataError> {
        let (var, kind) = self.variable(name, || place.clone())?;
        Ok(TableColumn { var, kind, label: self.label(place), slots: Vec::new() })
    }

    /// A row of a table given in columns: its unit (a code `check_unit`
    /// gave), period and structure (a label or a date, see `place_in`; `None`:
    /// placed by its period), and its row `number` for errors. The unit is
    /// placed on the row's first figure, so a row without figures is never refused.
    pub fn row<'r>(&mut self, code: &'r str, period: Period, structure: Option<&'r str>, number: usize) -> TableRow<'r> {
        let pid = self.period_id(period);
        TableRow { code, period, pid, structure, number: u32::try_from(number).unwrap_or(u32::MAX - 1), unit: None }
    }

    /// The unit of a row, placed on its first figure.
    fn row_unit(&mut self, row: &mut TableRow<'_>) -> Result<UnitId, DataError> {
        if let Some(u) = row.unit {
            return Ok(u);
        }
        // A code that cannot be read or placed is the row's unit_code cell.
        let at = |column: &str| Location::file(&self.file).at_row(row.number as usize).at_column(column);
        let (at_code, at_structure) = (at("unit_code"), at("structure"));
        let code = self.unit_code(row.code, || at_code.clone())?;
        let u = match row.structure {
            Some(st) => self.place_in(code, st, || at_code.clone(), || at_structure)?,
            None => self.place(code, &row.period, || at_code)?,
        };
        row.unit = Some(u);
        Ok(u)
    }

    /// Adds one value already exact (from Python or Arrow columns); checks its kind.
    pub fn cell_exact(&mut self, row: &mut TableRow<'_>, column: &mut TableColumn, value: Exact) -> Result<(), DataError> {
        let o = Origin { row: row.number, label: column.label };
        check_kind(column.kind, &value).map_err(|expected| DataError::new(self.location(o), "not a valid value").value(value.decimal_text()).expected(expected))?;
        let u = self.row_unit(row)?;
        let slot = self.column_slot(column, row.pid);
        self.insert_at(slot, u, Value::of(value), o)
    }

    /// The builder's column of a table column in a period, looked up once per period.
    fn column_slot(&mut self, column: &mut TableColumn, pid: u32) -> u32 {
        let i = pid as usize;
        if let Some(&s) = column.slots.get(i).filter(|s| **s != u32::MAX) {
            return s;
        }
        let s = self.slot(column.var, pid, column.label);
        if column.slots.len() <= i {
            column.slots.resize(i + 1, u32::MAX);
        }
        if let Some(x) = column.slots.get_mut(i) {
            *x = s;
        }
        s
    }

    /// Adds one cell given as text (a Python str, an Arrow string); a blank one is missing.
    pub fn cell_text(&mut self, row: &mut TableRow<'_>, column: &mut TableColumn, text: &str) -> Result<(), DataError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(());
        }
        let o = Origin { row: row.number, label: column.label };
        let value = parse_value(column.kind, t).map_err(|expected| DataError::new(self.location(o), "not a valid value").value(t).expected(expected))?;
        let u = self.row_unit(row)?;
        let slot = self.column_slot(column, row.pid);
        self.insert_at(slot, u, Value::of(value), o)
    }

    /// Adds a boolean (a Python bool column, a True/False cell): only a yes/no
    /// variable takes one (True is 1, False 0). A count, amount or percentage
    /// given True/False is refused, never read as 1 or 0.
    pub fn cell_bool(&mut self, row: &mut TableRow<'_>, column: &mut TableColumn, value: bool) -> Result<(), DataError> {
        if column.kind != VariableKind::Flag {
            let what = match column.kind {
                VariableKind::Count => "a count",
                VariableKind::Amount => "an amount",
                VariableKind::Percent => "a percentage",
                VariableKind::Flag => "yes or no",
            };
            let variable = self.vocab.name(column.var);
            return Err(DataError::new(self.location(Origin { row: row.number, label: column.label }), format!("True/False given for '{variable}', which is not a yes/no variable"))
                .value(if value { "True" } else { "False" })
                .expected(format!("{what}, as a number (True/False only for yes/no variables)")));
        }
        self.cell_exact(row, column, if value { Exact::one() } else { Exact::zero() })
    }

    /// The column of a variable in a period (made on first use); `label` is
    /// the origin most of its values will share.
    fn slot(&mut self, var: VarId, p: u32, label: u32) -> u32 {
        if let Some(&c) = self.column_ids.get(&(var, p)) {
            return c;
        }
        let c = self.columns.len() as u32;
        self.columns.push(Building::new(var, p, label, self.rows));
        self.column_ids.insert((var, p), c);
        c
    }

    /// Adds one cell of a reader to column `slot`: `cell` is the raw text,
    /// `row` and `label` say where it is (a location is only made for an error).
    #[inline]
    fn add_cell(&mut self, slot: u32, u: UnitId, kind: VariableKind, cell: &[u8], row: u32, label: u32) -> Result<(), DataError> {
        if self.add_plain(slot, u, kind, cell, Origin { row, label }) {
            return Ok(());
        }
        self.add_cell_slow(slot, u, kind, cell, Origin { row, label })
    }

    /// The common cell: a plain integer of up to 18 digits (valid for every
    /// kind but a yes/no above 1 or a percentage above 100) for a unit that has
    /// no value yet in a dense column. `false`: another case, nothing done.
    #[inline(always)]
    fn add_plain(&mut self, slot: u32, u: UnitId, kind: VariableKind, cell: &[u8], o: Origin) -> bool {
        let Some(n) = Self::plain_int(kind, cell) else { return false };
        let units = self.units.len();
        if self.columns.get_mut(slot as usize).is_some_and(|col| col.put_int(u, n, o, units)) {
            self.len += 1;
            return true;
        }
        false
    }

    /// A plain integer of up to 18 digits valid for the kind (every kind but
    /// a yes/no above 1 or a percentage above 100).
    #[inline(always)]
    fn plain_int(kind: VariableKind, cell: &[u8]) -> Option<i64> {
        if cell.is_empty() || cell.len() > 18 || !cell.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = cell.iter().fold(0i64, |n, c| n * 10 + i64::from(c - b'0'));
        match kind {
            VariableKind::Flag if n > 1 => None,
            VariableKind::Percent if n > 100 => None,
            _ => Some(n),
        }
    }

    #[inline(never)]
    fn add_cell_slow(&mut self, slot: u32, u: UnitId, kind: VariableKind, cell: &[u8], o: Origin) -> Result<(), DataError> {
        if let Some(n) = Self::plain_int(kind, cell) {
            return self.insert_at(slot, u, Value::Int(n), o);
        }
        let Ok(text) = std::str::from_utf8(cell) else {
            return Err(DataError::new(self.location(o), "the text is not UTF-8 (save the file as 'CSV UTF-8')"));
        };
        let t = text.trim();
        if t.is_empty() {
            return Ok(());
        }
        match parse_value(kind, t) {
            Ok(x) => self.insert_at(slot, u, Value::of(x), o),
            Err(expected) => Err(DataError::new(self.location(o), "not a valid value").value(t).expected(expected)),
        }
    }

    /// Adds a converted figure written as an exact fraction ("21/10"): a count
    /// attributed with shares need not be whole (`chitieu convert` writes
    /// such figures this way, with their source beside them).
    pub(super) fn add_fraction(&mut self, slot: u32, u: UnitId, kind: VariableKind, text: &str, row: u32, label: u32) -> Result<(), DataError> {
        let o = Origin { row, label };
        let bad = |e: String| DataError::new(self.location(o), "not a valid converted value").value(text).expected(e);
        if !matches!(kind, VariableKind::Count | VariableKind::Amount) {
            return Err(bad("a fraction only for a count or an amount that was converted".to_string()));
        }
        let x = match text.split_once('/') {
            Some((n, d)) => match (Exact::parse_decimal(n), Exact::parse_decimal(d)) {
                (Ok(n), Ok(d)) => Exact::ratio(&n, &d),
                _ => None,
            },
            None => None,
        };
        match x {
            Some(x) if !x.is_negative() => self.insert_at(slot, u, Value::of(x), o),
            _ => Err(bad("a fraction of two numbers, such as 21/10".to_string())),
        }
    }

    fn insert(&mut self, u: UnitId, p: u32, var: VarId, value: Value, o: Origin) -> Result<(), DataError> {
        let slot = self.slot(var, p, o.label);
        self.insert_at(slot, u, value, o)
    }

    #[inline]
    fn insert_at(&mut self, slot: u32, u: UnitId, value: Value, o: Origin) -> Result<(), DataError> {
        let n = self.units.len();
        let Some(col) = self.columns.get_mut(slot as usize) else { return Ok(()) };
        let Err(value) = col.put(u, value, o, n) else {
            self.len += 1;
            return Ok(());
        };
        let old = col.value(u).unwrap_or(Value::Int(0));
        if old == value {
            return Ok(());
        }
        let (var, p, old_o) = (col.var, col.period, col.origin(u));
        let period = self.periods.get(p as usize).copied().unwrap_or(Period::Year(0));
        let (unit, variable) = (&self.units.unit(u).code, self.vocab.name(var));
        Err(DataError::new(self.location(o), format!("unit {unit}, period {period}, variable {variable} is given twice with different values ({} at {})", old.exact().decimal_text(), self.location(old_o)))
            .value(value.exact().decimal_text())
            .expected("one value per unit, period and variable"))
    }

    /// The first value (in file order) larger than its whole, as an error.
    fn part_over_whole(&self) -> Option<DataError> {
        // The first problem in file order, so the same file always gives the same message.
        let mut first: Option<(Option<usize>, Option<String>, DataError)> = None;
        for part in &self.columns {
            // A "trong đó" may sit inside several wholes: each is checked.
            for &whole_var in self.vocab.part_of(part.var) {
                let Some(whole) = self.column_ids.get(&(whole_var, part.period)).and_then(|c| self.columns.get(*c as usize)) else { continue };
                for (u, value, w) in part.larger_than(whole) {
                    let loc = self.location(part.origin(u));
                    let key = (loc.row, loc.column.clone());
                    if first.as_ref().is_some_and(|(r, c, _)| (r, c) <= (&key.0, &key.1)) {
                        continue;
                    }
                    let (problem, expected) = larger_than_whole(self.vocab.name(part.var), self.vocab.name(whole_var), &w.exact().decimal_text());
                    let e = DataError::new(loc, format!("{problem} (at {})", self.location(whole.origin(u)))).value(value.exact().decimal_text()).expected(expected);
                    first = Some((key.0, key.1, e));
                }
            }
        }
        first.map(|(_, _, e)| e)
    }

    /// Checks the observations together (a part never exceeds its whole) and
    /// returns the dataset.
    pub fn finish(self) -> Result<Dataset, DataError> {
        if let Some(e) = self.part_over_whole() {
            return Err(e);
        }
        let n = self.units.len();
        // Periods sorted, columns renumbered to match.
        let mut order: Vec<u32> = (0..self.periods.len() as u32).collect();
        order.sort_by_key(|i| self.periods.get(*i as usize).copied());
        let mut rank = vec![0u32; self.periods.len()];
        for (r, i) in order.iter().enumerate() {
            if let Some(slot) = rank.get_mut(*i as usize) {
                *slot = r as u32;
            }
        }
        let mut periods = self.periods;
        periods.sort();
        let columns = self.columns.into_iter().map(|c| ((c.var, rank.get(c.period as usize).copied().unwrap_or(0)), c.into_column(n))).collect();
        Ok(Dataset {
            units: self.units.clone(),
            variables: self.vocab.names().map(str::to_string).collect(),
            periods,
            columns,
            len: self.len,
            name: self.file,
            synthetic: false,
            warnings: self.warnings,
            written_in: match self.seen {
                Seen::One(day) => day,
                Seen::Nothing | Seen::Mixed => None,
            },
        })
    }
}

/// "2025-06 or 2025-07": the last month of the first version and the first of the next.
fn month_hint(units: &UnitRegistry, ids: &[UnitId]) -> String {
    let m = |d: chrono::NaiveDate| Period::Month(chrono::Datelike::year(&d), chrono::Datelike::month(&d) as u8).to_string();
    let months: Vec<String> = ids.iter().filter_map(|i| units.unit(*i).valid_to.map(m)).chain(ids.iter().filter_map(|i| units.unit(*i).valid_from.map(m))).collect();
    months.join(" or ")
}

/// The labels of the structures the versions belong to.
fn structure_hint(units: &UnitRegistry, ids: &[UnitId]) -> String {
    let mut labels: Vec<String> = ids
        .iter()
        .filter_map(|i| {
            let u = units.unit(*i);
            u.valid_to.or(u.valid_from).and_then(|d| units.structure_on(d)).map(|s| s.label.clone())
        })
        .collect();
    labels.dedup();
    labels.join(" or ")
}

/// The last part of a path, for reports ("SoLieu.xlsx").
fn file_name(path: &Path) -> String {
    path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Parses a period cell; the error names the cell.
fn parse_period(text: &str, loc: impl FnOnce() -> Location) -> Result<Period, DataError> {
    text.parse::<Period>().map_err(|_| {
        DataError::new(loc(), "not a period").value(text).expected("a year (2023), a quarter (2023-Q2), a month (2023-05), a span (2016-2020) or a date (2024-12-15)")
    })
}

/// Parses a cell for a variable of `kind`; the error is what was expected.
fn parse_value(kind: VariableKind, t: &str) -> Result<Exact, String> {
    if kind == VariableKind::Flag {
        let l = t.to_lowercase();
        if YES.contains(&l.as_str()) {
            return Ok(Exact::one());
        }
        if NO.contains(&l.as_str()) {
            return Ok(Exact::zero());
        }
        // pandas writes a yes/no column with blanks as 1.0 / 0.0.
        if let Ok(v) = Exact::parse_decimal(t) {
            if v == Exact::one() || v.is_zero() {
                return Ok(v);
            }
        }
        return Err("yes or no (1/0, có/không)".to_string());
    }
    if let Some(hint) = thousands_hint(kind, t) {
        return Err(hint);
    }
    let v = Exact::parse_decimal(t).map_err(|e| format!("a number ({e})"))?;
    check_kind(kind, &v)?;
    Ok(v)
}

/// Whether `t` reads like thousands grouped with '.' as Vietnamese
/// spreadsheets write them ("1.759", "200.000", "1.759.000"): a first group of
/// one to three digits not starting with 0, then groups of exactly three.
fn grouped_thousands(t: &str) -> bool {
    let mut groups = t.split('.');
    let first = groups.next().unwrap_or_default();
    let digits = |g: &str| g.bytes().all(|c| c.is_ascii_digit());
    let mut rest = groups.peekable();
    rest.peek().is_some() && (1..=3).contains(&first.len()) && digits(first) && !first.starts_with('0') && rest.all(|g| g.len() == 3 && digits(g))
}

/// The rule for counts and amounts written with grouped thousands: they are
/// refused, never read as a decimal ("1.759" is not 1.759 people). A count is
/// a whole number, so its '.' can only be a separator; an amount may have
/// decimals, but exactly three decimal places look the same as a thousands
/// group, so such an amount must be written with another number of places.
fn thousands_hint(kind: VariableKind, t: &str) -> Option<String> {
    if !grouped_thousands(t) {
        return None;
    }
    let plain: String = t.chars().filter(|c| *c != '.').collect();
    match kind {
        VariableKind::Count => Some(format!("a whole number without thousands separators: '.' may be a thousands separator here; write {plain} if that is the count")),
        VariableKind::Amount if t.matches('.').count() == 1 => Some(format!(
            "an amount without thousands separators: '.' may be a thousands separator here; write {plain} if that is the amount, or, for a decimal amount, another number of decimal places than three (e.g. {t}0)"
        )),
        VariableKind::Amount => Some(format!("an amount without thousands separators: '.' may be a thousands separator here; write {plain} if that is the amount")),
        _ => None,
    }
}

/// What the kind check reads of a number: an exact value, or a plain integer
/// on the spreadsheet fast path (`evaluation::check`), so both are held to
/// the same rule without building an exact value for every cell.
pub(crate) trait KindValue {
    fn is_negative(&self) -> bool;
    fn is_integer(&self) -> bool;
    fn cmp_int(&self, n: i64) -> Ordering;
}

impl KindValue for Exact {
    fn is_negative(&self) -> bool {
        Exact::is_negative(self)
    }
    fn is_integer(&self) -> bool {
        Exact::is_integer(self)
    }
    fn cmp_int(&self, n: i64) -> Ordering {
        self.cmp(&Exact::from_int(n))
    }
}

impl KindValue for i64 {
    fn is_negative(&self) -> bool {
        *self < 0
    }
    fn is_integer(&self) -> bool {
        true
    }
    fn cmp_int(&self, n: i64) -> Ordering {
        self.cmp(&n)
    }
}

/// Whether `v` is a value of `kind`; the error is what was expected. The one
/// rule for data files, Python and C columns, and one-value checks.
pub(crate) fn check_kind<V: KindValue>(kind: VariableKind, v: &V) -> Result<(), String> {
    match kind {
        VariableKind::Count if v.is_negative() => Err("a count, which cannot be negative".to_string()),
        VariableKind::Count if !v.is_integer() => Err("a whole number (a count)".to_string()),
        VariableKind::Amount if v.is_negative() => Err("an amount, which cannot be negative".to_string()),
        VariableKind::Flag if v.cmp_int(0) != Ordering::Equal && v.cmp_int(1) != Ordering::Equal => Err("yes or no (1 or 0)".to_string()),
        VariableKind::Percent if v.is_negative() || v.cmp_int(100) == Ordering::Greater => Err("a percentage between 0 and 100".to_string()),
        _ => Ok(()),
    }
}

/// A part larger than its whole (`part_of` in the catalogue): what is wrong
/// and what was expected, worded once for data files and one-value checks.
pub(crate) fn larger_than_whole(part: &str, whole: &str, whole_value: &str) -> (String, String) {
    (format!("{part} is larger than its whole {whole} = {whole_value}"), format!("at most {whole_value} ({part} is part of {whole})"))
}
