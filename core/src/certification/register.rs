//! The programme register: which units take part, on which track, from which
//! day, with their figures at entry, and their recognition history.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::records::{self, json_records, table_records, Records};
use super::window::parse_date;
use crate::catalogue::{Catalogue, Track};
use crate::error::DataError;
use crate::table::{Source, Table, Want};
use crate::observations::{Dataset, DatasetBuilder};
use crate::period::Period;
use crate::units::{Level, Unit, UnitRegistry};
use crate::warning::Warning;

/// One unit's participation in the programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub unit: String,
    pub track: Track,
    /// The first day of the programme window (01/05/2024 for the 2024 make-clean communes).
    pub entry_date: NaiveDate,
    /// The day the unit was recognised drug-free (for keep-clean units: the
    /// recognition they keep).
    pub certified_on: Option<NaiveDate>,
    /// The day the recognition was lost.
    pub lost_on: Option<NaiveDate>,
    pub note: Option<String>,
    pub row: usize,
}

impl Entry {
    /// Whether the unit holds a recognition from this entry on `date`.
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.certified_on.is_some_and(|c| c <= date) && self.lost_on.map_or(true, |l| l > date)
    }
}

/// A validated register.
#[derive(Clone, Debug, Default)]
pub struct Register {
    entries: Vec<Entry>,
    /// Figures at entry, at `Period::Day(entry_date)`.
    at_entry: Dataset,
    pub name: String,
    warnings: Vec<Warning>,
}

const FIXED: &[&str] = &["unit_code", "unit_name", "track", "entry_date", "certified_on", "lost_on", "note"];
const EXPECTED: &str = "the columns unit_code,track,entry_date[,certified_on][,lost_on][,note] and figures at entry named <variable>_at_entry (e.g. addicts_and_users_at_entry)";

impl Register {
    /// A register already checked (the sample, or built by a program); figures
    /// at entry are observations at `Period::Day(entry_date)`.
    pub fn new(mut entries: Vec<Entry>, at_entry: Dataset, name: &str) -> Register {
        entries.sort_by(|a, b| (&a.unit, a.entry_date).cmp(&(&b.unit, b.entry_date)));
        Register { entries, at_entry, name: name.to_string(), warnings: Vec::new() }
    }
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }
    pub fn at_entry(&self) -> &Dataset {
        &self.at_entry
    }
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
    /// The entries of one unit version: its code, entered while it was in
    /// force (a code reused by a new unit names another unit from the reform on).
    fn of<'s: 'u, 'u>(&'s self, unit: &'u Unit) -> impl Iterator<Item = &'s Entry> + 'u {
        // Entries are sorted by code (`new`): a national register is searched, not read, per unit.
        let first = self.entries.partition_point(|e| e.unit < unit.code);
        let mine = self.entries.get(first..).unwrap_or_default();
        mine.iter().take_while(move |e| e.unit == unit.code).filter(move |e| unit.valid_on(e.entry_date))
    }
    /// The unit's latest entry that has begun by `date`.
    pub fn entry_at(&self, unit: &Unit, date: NaiveDate) -> Option<&Entry> {
        self.of(unit).filter(|e| e.entry_date <= date).max_by_key(|e| e.entry_date)
    }
    /// The entry whose recognition the unit holds on `date`, if any.
    pub fn held_on(&self, unit: &Unit, date: NaiveDate) -> Option<&Entry> {
        self.of(unit).filter(|e| e.holds_on(date)).max_by_key(|e| e.certified_on)
    }
    /// Whether the unit version has any entry.
    pub fn has(&self, unit: &Unit) -> bool {
        self.of(unit).next().is_some()
    }

    pub fn from_path(path: &Path, cat: &Catalogue, units: &UnitRegistry) -> Result<Register, DataError> {
        Register::from_source(&Source::new(path, None)?, cat, units)
    }

    /// Reads the file (and sheet) of `source`: JSON, CSV or a workbook, whose
    /// sheet is the one named or the first whose header names 'unit_code', 'track', 'entry_date'.
    pub fn from_source(source: &Source, cat: &Catalogue, units: &UnitRegistry) -> Result<Register, DataError> {
        let records = records::read(source, want(), "register")?;
        Register::from_records(&records.name(&source.name()), records, cat, units)
    }

    pub fn from_csv_str(text: &str, file: &str, cat: &Catalogue, units: &UnitRegistry) -> Result<Register, DataError> {
        Register::from_records(file, table_records(Table::from_csv_text(text, file, &want())?)?, cat, units)
    }
    /// An array of records with the CSV's columns, or `{"register": [...]}`.
    pub fn from_json_str(text: &str, file: &str, cat: &Catalogue, units: &UnitRegistry) -> Result<Register, DataError> {
        Register::from_records(file, json_records(text, file, "register")?, cat, units)
    }

    fn from_records(file: &str, recs: Records, cat: &Catalogue, units: &UnitRegistry) -> Result<Register, DataError> {
        fn figure<'s>(cat: &Catalogue, c: &'s str) -> Option<&'s str> {
            c.strip_suffix("_at_entry").filter(|v| cat.variable(v).is_some())
        }
        recs.check_columns(&["unit_code", "track", "entry_date"], &|c| FIXED.contains(&c) || figure(cat, c).is_some(), EXPECTED)?;
        let mut b = DatasetBuilder::new(file, cat, units);
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen: HashMap<(String, NaiveDate), usize> = HashMap::new();
        for r in &recs.rows {
            let at = |c: &str| recs.at(r, c);
            let need = |c: &str| r.get(c).ok_or_else(|| DataError::new(at(c), format!("no {c}")).expected(EXPECTED));
            let date = |c: &str| -> Result<Option<NaiveDate>, DataError> {
                match r.get(c) {
                    None => Ok(None),
                    Some(s) => parse_date(s).map(Some).map_err(|(m, e)| DataError::new(at(c), m).value(s).expected(e)),
                }
            };
            let unit = b.check_unit(need("unit_code")?, &at("unit_code"))?;
            let track_s = need("track")?;
            let track = match track_s.trim() {
                "keep_clean" => Track::KeepClean,
                "make_clean" => Track::MakeClean,
                _ => return Err(DataError::new(at("track"), "unknown track").value(track_s).expected("keep_clean or make_clean")),
            };
            let entry_date = date("entry_date")?.ok_or_else(|| DataError::new(at("entry_date"), "no entry_date"))?;
            // The unit in force on the day it entered (a code reused by a reform names another unit later).
            if units.unit(units.on_day(&unit, entry_date, at("unit_code"))?).level == Level::Province {
                return Err(DataError::new(at("unit_code"), "the programme registers communes and districts").value(&unit).expected("a commune or district code"));
            }
            let certified_on = date("certified_on")?;
            let lost_on = date("lost_on")?;
            match (track, certified_on) {
                (Track::KeepClean, None) => {
                    return Err(DataError::new(at("certified_on"), "a keep-clean entry needs the day of the recognition it keeps").expected("a date on or before entry_date"))
                }
                (Track::KeepClean, Some(c)) if c > entry_date => {
                    return Err(DataError::new(at("certified_on"), format!("a keep-clean unit is already clean when it enters (entry_date {entry_date})"))
                        .value(c.to_string())
                        .expected(format!("a date on or before {entry_date}")))
                }
                (Track::MakeClean, Some(c)) if c < entry_date => {
                    return Err(DataError::new(at("certified_on"), format!("recognised before the entry it refers to (entry_date {entry_date})"))
                        .value(c.to_string())
                        .expected(format!("a date on or after {entry_date}")))
                }
                _ => {}
            }
            match (certified_on, lost_on) {
                (None, Some(l)) => return Err(DataError::new(at("lost_on"), "a recognition is lost only after it was given").value(l.to_string()).expected("a certified_on date first")),
                (Some(c), Some(l)) if l <= c => {
                    return Err(DataError::new(at("lost_on"), format!("lost on or before the day it was recognised ({c})")).value(l.to_string()).expected(format!("a date after {c}")))
                }
                _ => {}
            }
            if let Some(prev) = seen.insert((unit.clone(), entry_date), r.row) {
                return Err(DataError::new(at("entry_date"), format!("unit {unit} already has an entry on {entry_date} (row {prev})"))
                    .value(entry_date.to_string())
                    .expected("one entry per unit and entry date"));
            }
            for (c, v) in &r.fields {
                if let Some(var) = figure(cat, c) {
                    b.add_text(&unit, Period::Day(entry_date), var, v, at(c))?;
                }
            }
            entries.push(Entry { unit, track, entry_date, certified_on, lost_on, note: r.get("note").map(str::to_string), row: r.row });
        }
        let at_entry = b.finish()?;
        let mut warnings = recs.warnings;
        warnings.extend(at_entry.warnings().iter().cloned());
        let mut reg = Register::new(entries, at_entry, file);
        reg.warnings = warnings;
        Ok(reg)
    }

    /// The canonical lines used for the inputs' digest.
    pub(crate) fn canonical(&self) -> Vec<String> {
        let d = |x: Option<NaiveDate>| x.map(|x| x.to_string()).unwrap_or_default();
        let mut lines: Vec<String> = self
            .entries
            .iter()
            .map(|e| format!("entry\t{}\t{}\t{}\t{}\t{}\t{}", e.unit, e.track.as_str(), e.entry_date, d(e.certified_on), d(e.lost_on), e.note.as_deref().unwrap_or("")))
            .collect();
        lines.extend(self.at_entry.records().into_iter().map(|(u, p, v, x)| format!("at_entry\t{u}\t{p}\t{v}\t{}", x.fraction_text())));
        lines.sort();
        lines
    }
}

/// What a register table is found by (its header row, in a sheet of a workbook).
fn want() -> Want {
    Want::columns(&["unit_code", "track", "entry_date"]).expected(EXPECTED)
}
