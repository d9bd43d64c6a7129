//! Dated event records: drug offences (with the offender's residence), new
//! addicts, new users, serious incidents, relapses, each at a commune and a day.

use std::path::Path;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::records::{self, json_records, table_records, Records};
use super::window::{date_text, parse_date};
use crate::catalogue::{Catalogue, EventKind, Residence, Severity};
use crate::error::DataError;
use crate::table::{Source, Table, Want};
use crate::observations::DatasetBuilder;
use crate::units::{Level, UnitId, UnitRegistry};
use crate::warning::Warning;
use crate::Lang;

/// One dated event at a commune.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub date: NaiveDate,
    pub unit: String,
    pub kind: EventKind,
    /// For an offence: whether the offender lives in the commune (required for drug offences).
    pub residence: Option<Residence>,
    /// Required for serious incidents.
    pub severity: Option<Severity>,
    pub note: Option<String>,
    /// Where it was read (row of the file), for messages.
    pub row: usize,
}

impl Event {
    /// "drug offence by a temporary resident on 2024-07-12".
    pub fn text(&self, lang: Lang) -> String {
        let (one, _) = self.kind.words(lang);
        let mut s = one.to_string();
        if let Some(sev) = self.severity {
            s.push_str(&format!(" ({})", sev.words(lang)));
        }
        if let Some(r) = self.residence {
            s.push(' ');
            s.push_str(r.words(lang));
        }
        match lang {
            Lang::Vi => format!("{s} ngày {}", date_text(self.date, lang)),
            Lang::En => format!("{s} on {}", date_text(self.date, lang)),
        }
    }
    /// The canonical text used for the inputs' digest.
    pub(crate) fn canonical(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            self.date,
            self.unit,
            self.kind.as_str(),
            self.residence.map(|r| r.as_str()).unwrap_or(""),
            self.severity.map(|s| s.as_str()).unwrap_or(""),
            self.note.as_deref().unwrap_or("")
        )
    }
}

/// A validated set of events.
#[derive(Clone, Debug, Default)]
pub struct Events {
    events: Vec<Event>,
    pub name: String,
    warnings: Vec<Warning>,
}

const COLUMNS: &[&str] = &["date", "unit_code", "kind", "residence", "severity", "note", "unit_name"];
const EXPECTED: &str = "the columns date,unit_code,kind[,residence][,severity][,note]";

/// The events of each unit, found without reading every event: an event
/// belongs to the unit version in force at its place on its day. Built once
/// per review (a national review judges ten thousand communes against tens of
/// thousands of events; reading them all for each commune took minutes).
pub(crate) struct EventsByUnit<'a> {
    events: &'a [Event],
    at: FxHashMap<UnitId, Vec<usize>>,
}

impl<'a> EventsByUnit<'a> {
    pub fn new(events: &'a Events, units: &UnitRegistry) -> EventsByUnit<'a> {
        let mut at: FxHashMap<UnitId, Vec<usize>> = FxHashMap::default();
        for (i, e) in events.all().iter().enumerate() {
            if let Some((v, _)) = units.resolve_on(&e.unit, e.date) {
                at.entry(v).or_default().push(i);
            }
        }
        EventsByUnit { events: events.all(), at }
    }

    /// The events of `versions`, and of each predecessor after its day, in
    /// the order of the events (by date).
    pub fn of(&self, versions: &[UnitId], predecessors: &[(UnitId, NaiveDate)]) -> impl Iterator<Item = &'a Event> + '_ {
        let mut found: Vec<usize> = versions.iter().flat_map(|v| self.at.get(v).into_iter().flatten().copied()).collect();
        for (p, since) in predecessors {
            let after = self.at.get(p).into_iter().flatten().copied().filter(|i| self.events.get(*i).is_some_and(|e| e.date > *since));
            found.extend(after);
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().filter_map(|i| self.events.get(i))
    }
}

impl Events {
    /// Events already checked (from the sample, or built by a program).
    pub fn new(mut events: Vec<Event>, name: &str) -> Events {
        events.sort_by(|a, b| (a.date, &a.unit, a.kind).cmp(&(b.date, &b.unit, b.kind)));
        Events { events, name: name.to_string(), warnings: Vec::new() }
    }
    pub fn all(&self) -> &[Event] {
        &self.events
    }
    pub fn len(&self) -> usize {
        self.events.len()
    }
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Reads a `.csv` or `.json` file.
    pub fn from_path(path: &Path, cat: &Catalogue, units: &UnitRegistry) -> Result<Events, DataError> {
        Events::from_source(&Source::new(path, None)?, cat, units)
    }

    /// Reads the file (and sheet) of `source`: JSON, CSV or a workbook, whose
    /// sheet is the one named or the first whose header names 'date', 'unit_code', 'kind'.
    pub fn from_source(source: &Source, cat: &Catalogue, units: &UnitRegistry) -> Result<Events, DataError> {
        let records = records::read(source, want(), "events")?;
        Events::from_records(&records.name(&source.name()), records, cat, units)
    }

    pub fn from_csv_str(text: &str, file: &str, cat: &Catalogue, units: &UnitRegistry) -> Result<Events, DataError> {
        Events::from_records(file, table_records(Table::from_csv_text(text, file, &want())?)?, cat, units)
    }

    /// An array of `{"date", "unit_code", "kind", "residence", "severity", "note"}`,
    /// or `{"events": [...]}`.
    pub fn from_json_str(text: &str, file: &str, cat: &Catalogue, units: &UnitRegistry) -> Result<Events, DataError> {
        Events::from_records(file, json_records(text, file, "events")?, cat, units)
    }

    fn from_records(file: &str, recs: Records, cat: &Catalogue, units: &UnitRegistry) -> Result<Events, DataError> {
        recs.check_columns(&["date", "unit_code", "kind"], &|c| COLUMNS.contains(&c), EXPECTED)?;
        let mut b = DatasetBuilder::new(file, cat, units);
        let mut events = Vec::new();
        for r in &recs.rows {
            let at = |c: &str| recs.at(r, c);
            let need = |c: &str| r.get(c).ok_or_else(|| DataError::new(at(c), format!("no {c}")).expected(EXPECTED));
            let date_s = need("date")?;
            let date = parse_date(date_s).map_err(|(m, e)| DataError::new(at("date"), m).value(date_s).expected(e))?;
            let unit = b.check_unit(need("unit_code")?, &at("unit_code"))?;
            // The unit in force on the event's day (a code reused by a reform names another unit later).
            let id = units.on_day(&unit, date, at("unit_code"))?;
            if units.unit(id).level != Level::Commune {
                return Err(DataError::new(at("unit_code"), "events are recorded at a commune").value(&unit).expected("a commune code (e.g. 06649)"));
            }
            let kind_s = need("kind")?;
            let kind = EventKind::parse(kind_s.trim())
                .ok_or_else(|| DataError::new(at("kind"), "unknown event kind").value(kind_s).expected("drug_offence, new_addict, new_user, serious_incident or relapse"))?;
            let residence = match r.get("residence") {
                None if kind == EventKind::DrugOffence => {
                    return Err(DataError::new(at("residence"), "a drug offence needs the offender's residence").expected("permanent, temporary or none"))
                }
                None => None,
                Some(s) => Some(Residence::parse(s.trim()).ok_or_else(|| DataError::new(at("residence"), "unknown residence").value(s).expected("permanent, temporary or none"))?),
            };
            let severity = match r.get("severity") {
                None if kind == EventKind::SeriousIncident => {
                    return Err(DataError::new(at("severity"), "a serious incident needs its severity")
                        .expected("less_serious, serious, very_serious, especially_serious or psychosis"))
                }
                None => None,
                Some(s) => Some(
                    Severity::parse(s.trim())
                        .ok_or_else(|| DataError::new(at("severity"), "unknown severity").value(s).expected("less_serious, serious, very_serious, especially_serious or psychosis"))?,
                ),
            };
            events.push(Event { date, unit, kind, residence, severity, note: r.get("note").map(str::to_string), row: r.row });
        }
        let mut warnings = recs.warnings;
        warnings.extend(b.finish()?.warnings().iter().cloned());
        let mut ev = Events::new(events, file);
        ev.warnings = warnings;
        Ok(ev)
    }
}

/// What a events table is found by (its header row, in a sheet of a workbook).
fn want() -> Want {
    Want::columns(&["date", "unit_code", "kind"]).expected(EXPECTED)
}
