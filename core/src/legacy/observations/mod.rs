//! Observations: the figures a unit reports for a period, one per variable.
//!
//! Input arrives as CSV (wide or long), JSON, or columns from Python and C; all
//! of it goes through one [`DatasetBuilder`] so the same checks apply
//! everywhere: known unit, known variable, a number of the right kind, parts no
//! larger than their whole, no contradictory duplicates. A blank is missing,
//! never zero; a missing figure stays missing unless it can be added up exactly
//! from finer periods or from every child unit.

mod csv_input;
mod json_input;
mod resolve;

use std::collections::HashMap;
use std::path::Path;

use crate::catalogue::{Catalogue, VariableKind};
use crate::error::{DataError, Location};
use crate::exact::Exact;
use crate::period::Period;
use crate::units::UnitRegistry;
use crate::warning::Warning;

pub use resolve::{Missing, Resolver};

/// A validated set of observations.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    values: HashMap<Key, Exact>,
    /// A short name for reports: the file name, "built-in sample", ...
    pub name: String,
    /// True for the built-in synthetic sample: every report says so.
    pub synthetic: bool,
    warnings: Vec<Warning>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    unit: String,
    period: Period,
    variable: String,
}

impl Dataset {
    /// The value reported for exactly this unit, period and variable.
    pub fn get(&self, unit: &str, period: &Period, variable: &str) -> Option<&Exact> {
        self.values.get(&Key { unit: unit.to_string(), period: *period, variable: variable.to_string() })
    }
    pub fn len(&self) -> usize {
        self.values.len()
    }
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
    /// Every observation as (unit, period, variable, value), sorted.
    pub fn records(&self) -> Vec<(&str, Period, &str, &Exact)> {
        let mut v: Vec<_> = self.values.iter().map(|(k, x)| (k.unit.as_str(), k.period, k.variable.as_str(), x)).collect();
        v.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        v
    }
    /// The periods that occur in the data, sorted.
    pub fn periods(&self) -> Vec<Period> {
        let mut p: Vec<Period> = self.values.keys().map(|k| k.period).collect();
        p.sort();
        p.dedup();
        p
    }

    /// Reads a `.csv` or `.json` file.
    pub fn from_path(path: &Path, catalogue: &Catalogue, units: &UnitRegistry) -> Result<Dataset, DataError> {
        let text = crate::input::read_text(path)?;
        let name = path.display().to_string();
        let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let mut d = if is_json {
            Dataset::from_json_str(&text, &name, catalogue, units)?
        } else {
            Dataset::from_csv_str(&text, &name, catalogue, units)?
        };
        d.name = path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or(name);
        Ok(d)
    }

    /// Reads CSV text, wide (`unit_code,period,<variable>...`) or long
    /// (`unit_code,period,variable,value`); `file` names it in errors.
    pub fn from_csv_str(text: &str, file: &str, catalogue: &Catalogue, units: &UnitRegistry) -> Result<Dataset, DataError> {
        let mut b = DatasetBuilder::new(file, catalogue, units);
        csv_input::read(text, &mut b)?;
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
}

/// Collects observations one by one, checking each, then checks them together.
pub struct DatasetBuilder<'a> {
    file: String,
    catalogue: &'a Catalogue,
    units: &'a UnitRegistry,
    values: HashMap<Key, (Exact, Location)>,
    warnings: Vec<Warning>,
    repaired: HashMap<String, String>,
}

/// The words a yes/no cell may hold, in both languages.
const YES: &[&str] = &["1", "yes", "y", "true", "có", "co", "x", "đạt"];
const NO: &[&str] = &["0", "no", "n", "false", "không", "khong", "chưa"];

impl<'a> DatasetBuilder<'a> {
    pub fn new(file: &str, catalogue: &'a Catalogue, units: &'a UnitRegistry) -> DatasetBuilder<'a> {
        DatasetBuilder { file: file.to_string(), catalogue, units, values: HashMap::new(), warnings: Vec::new(), repaired: HashMap::new() }
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    /// Checks that a column or field name is a known variable.
    pub fn check_variable(&self, name: &str, loc: &Location) -> Result<VariableKind, DataError> {
        match self.catalogue.variable(name) {
            Some(v) => Ok(v.kind),
            None => {
                let hint = self.catalogue.nearest_variable(name).map(|n| format!("a known variable; did you mean '{n}'?")).unwrap_or_else(|| "a variable of the catalogue (chitieu catalogue --variables lists them)".to_string());
                Err(DataError::new(loc.clone(), "unknown variable").value(name).expected(hint))
            }
        }
    }

    /// Resolves a unit code, repairing a leading zero a spreadsheet dropped.
    pub fn check_unit(&mut self, code: &str, loc: &Location) -> Result<String, DataError> {
        match self.units.resolve(code) {
            Some((u, false)) => Ok(u.code.clone()),
            Some((u, true)) => {
                if self.repaired.insert(code.trim().to_string(), u.code.clone()).is_none() {
                    self.warnings.push(Warning::new(
                        "unit_code_repaired",
                        format!("{}: mã đơn vị '{}' được đọc là '{}' ({}) — bảng tính đã bỏ số 0 đứng đầu", self.file, code.trim(), u.code, u.name),
                        format!("{}: unit code '{}' read as '{}' ({}): a spreadsheet dropped the leading zero", self.file, code.trim(), u.code, u.name),
                    ));
                }
                Ok(u.code.clone())
            }
            None => {
                let hint = match self.units.nearest(code) {
                    Some(u) => format!("a unit code of the registry; did you mean '{}' ({})?", u.code, u.name),
                    None => "a unit code of the registry (e.g. 22, 193, 06649)".to_string(),
                };
                Err(DataError::new(loc.clone(), "unknown unit code").value(code).expected(hint))
            }
        }
    }

    pub fn check_period(&self, text: &str, loc: &Location) -> Result<Period, DataError> {
        text.parse::<Period>().map_err(|_| {
            DataError::new(loc.clone(), "not a period").value(text).expected("a year (2023), a quarter (2023-Q2), a month (2023-05), a span (2016-2020) or a date (2024-12-15)")
        })
    }

    /// Adds one cell given as text. A blank cell is missing and adds nothing.
    pub fn add_text(&mut self, unit: &str, period: Period, variable: &str, text: &str, loc: Location) -> Result<(), DataError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(());
        }
        let kind = self.check_variable(variable, &loc)?;
        let value = parse_value(kind, t).map_err(|expected| DataError::new(loc.clone(), "not a valid value").value(t).expected(expected))?;
        self.insert(unit, period, variable, value, loc)
    }

    /// Adds one value already exact (from Python or C columns); checks its kind.
    pub fn add_exact(&mut self, unit: &str, period: Period, variable: &str, value: Exact, loc: Location) -> Result<(), DataError> {
        let kind = self.check_variable(variable, &loc)?;
        check_kind(kind, &value).map_err(|expected| DataError::new(loc.clone(), "not a valid value").value(value.decimal_text()).expected(expected))?;
        self.insert(unit, period, variable, value, loc)
    }

    fn insert(&mut self, unit: &str, period: Period, variable: &str, value: Exact, loc: Location) -> Result<(), DataError> {
        let key = Key { unit: unit.to_string(), period, variable: variable.to_string() };
        if let Some((old, old_loc)) = self.values.get(&key) {
            if *old != value {
                return Err(DataError::new(loc, format!("unit {unit}, period {period}, variable {variable} is given twice with different values ({} at {old_loc})", old.decimal_text()))
                    .value(value.decimal_text())
                    .expected("one value per unit, period and variable"));
            }
            return Ok(());
        }
        self.values.insert(key, (value, loc));
        Ok(())
    }

    /// Checks the observations together (a part never exceeds its whole) and
    /// returns the dataset.
    pub fn finish(self) -> Result<Dataset, DataError> {
        let mut problems: Vec<DataError> = Vec::new();
        for (key, (value, loc)) in &self.values {
            let Some(def) = self.catalogue.variable(&key.variable) else { continue };
            for whole_name in &def.part_of {
                let whole_key = Key { unit: key.unit.clone(), period: key.period, variable: whole_name.clone() };
                if let Some((whole, whole_loc)) = self.values.get(&whole_key) {
                    if value > whole {
                        problems.push(
                            DataError::new(loc.clone(), format!("{} is larger than its whole {} = {} (at {whole_loc})", key.variable, whole_name, whole.decimal_text()))
                                .value(value.decimal_text())
                                .expected(format!("at most {} ({} is part of {})", whole.decimal_text(), key.variable, whole_name)),
                        );
                    }
                }
            }
        }
        // Report the first problem in file order, so the same file always gives the same message.
        problems.sort_by(|a, b| (a.location.row, &a.location.column).cmp(&(b.location.row, &b.location.column)));
        if let Some(p) = problems.into_iter().next() {
            return Err(p);
        }
        Ok(Dataset {
            values: self.values.into_iter().map(|(k, (v, _))| (k, v)).collect(),
            name: self.file,
            synthetic: false,
            warnings: self.warnings,
        })
    }
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
    rest.peek().is_some()
        && (1..=3).contains(&first.len())
        && digits(first)
        && !first.starts_with('0')
        && rest.all(|g| g.len() == 3 && digits(g))
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
        VariableKind::Count => Some(format!(
            "a whole number without thousands separators: '.' may be a thousands separator here; write {plain} if that is the count"
        )),
        VariableKind::Amount if t.matches('.').count() == 1 => Some(format!(
            "an amount without thousands separators: '.' may be a thousands separator here; write {plain} if that is the amount, or, for a decimal amount, another number of decimal places than three (e.g. {t}0)"
        )),
        VariableKind::Amount => Some(format!("an amount without thousands separators: '.' may be a thousands separator here; write {plain} if that is the amount")),
        _ => None,
    }
}

fn check_kind(kind: VariableKind, v: &Exact) -> Result<(), String> {
    match kind {
        VariableKind::Count if v.is_negative() => Err("a count, which cannot be negative".to_string()),
        VariableKind::Count if !v.is_integer() => Err("a whole number (a count)".to_string()),
        VariableKind::Amount if v.is_negative() => Err("an amount, which cannot be negative".to_string()),
        VariableKind::Flag if *v != Exact::zero() && *v != Exact::one() => Err("yes or no (1 or 0)".to_string()),
        VariableKind::Percent if v.is_negative() || *v > Exact::from_int(100) => Err("a percentage between 0 and 100".to_string()),
        _ => Ok(()),
    }
}
