//! A registry of several structures: the unit lists of successive reforms
//! and the lineage between them, made into one registry of unit versions.
//!
//! Each structure is a unit list in the registry's CSV shape (the 2024 list,
//! the list from 1 July 2025...), oldest first. The validity of every version
//! comes from the lineage's effective dates, so the lists need no date
//! columns: a lineage row effective on day E ends its old unit on E − 1; a
//! unit of a later list that a row effective on that list's first day leads
//! into is a new version from that day, even when it reuses an old code
//! (06652: Phường Hà Phong until 30/6/2025, Phường Hà Tu from 1/7/2025); a
//! unit that no row touches and that is listed again unchanged (the province)
//! goes on as the same version; an absorbing unit of a change with no list of
//! its own (1/11/2024: six communes merged into others) keeps its code and
//! goes on. A list begins on the latest effective date of the rows that lead
//! into it from units it does not list.
//!
//! Anything the files leave unsaid is an error naming the file and row: a
//! unit that disappears with no lineage row, a new unit no row leads into, a
//! unit listed again with another name or parent but no row.
//!
//! Which files: with no unit lists of their own, users get the built-in
//! structures (Quảng Ninh 2024 and from 1/7/2025) and the built-in lineage
//! with their lineage files laid over it (`lineage::overlay`: to supply
//! Phường Yết Kiêu's successor, say); with unit lists of their own, their
//! lists and only their lineage files (another province, a later reform).
//! One list with `valid_from`/`valid_to` columns is the other way to give
//! versions; a lineage file then only links them.

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::error::{DataError, Location};
use crate::lineage::{self, day_before, LinkRow, Lineage};
use crate::table::{Source, Table};
use crate::units::{read_rows, units_want, Unit, UnitRegistry, UnitRow, BASE_LABEL};

const BUILTIN_2024: (&str, &str) = (include_str!("../data/quang-ninh-units-2024.csv"), "quang-ninh-units-2024.csv (built-in)");
const BUILTIN_2025: (&str, &str) = (include_str!("../data/quang-ninh-units-2025-07.csv"), "quang-ninh-units-2025-07.csv (built-in)");
const BUILTIN_LINEAGE: (&str, &str) = (include_str!("../data/quang-ninh-lineage.csv"), "quang-ninh-lineage.csv (built-in)");

/// The label of the built-in registry's first structure: the documents' own.
pub const BUILTIN_BASE_LABEL: &str = "2024";

/// Quảng Ninh in every structure: 2024 (the documents' structure), from
/// 1/11/2024 (171 communes), from 1/7/2025 (the province and 54 communes),
/// with the lineage between them. Made once per process.
pub fn builtin() -> UnitRegistry {
    static BUILTIN: OnceLock<UnitRegistry> = OnceLock::new();
    // Fixed texts checked by the tests; a failure could only come of editing them.
    BUILTIN.get_or_init(|| load(&[], &[]).unwrap_or_default()).clone()
}

/// The registry for unit lists and lineage files given as (text, file name):
/// see the module documentation for which files are used.
pub fn load(units: &[(&str, &str)], lineage: &[(&str, &str)]) -> Result<UnitRegistry, DataError> {
    let lists = units.iter().map(|(text, file)| Table::from_csv_text(text, file, &units_want())).collect::<Result<Vec<_>, _>>()?;
    let links = lineage.iter().map(|(text, file)| Table::from_csv_text(text, file, &lineage::want())).collect::<Result<Vec<_>, _>>()?;
    from_tables(lists, links)
}

/// `load` for files on disk: CSV files or workbooks (a path may end in
/// `#Sheet`; otherwise the first sheet with the expected header is read).
pub fn load_paths(units: &[&Path], lineage: &[&Path]) -> Result<UnitRegistry, DataError> {
    let sources = |ps: &[&Path]| ps.iter().map(|p| Source::new(p, None)).collect::<Result<Vec<_>, _>>();
    load_sources(&sources(units)?, &sources(lineage)?)
}

/// `load` for files (and sheets) named as [`Source`]s.
pub fn load_sources(units: &[Source], lineage: &[Source]) -> Result<UnitRegistry, DataError> {
    let lists = units.iter().map(|s| s.open(units_want())).collect::<Result<Vec<_>, _>>()?;
    let links = lineage.iter().map(|s| s.open(lineage::want())).collect::<Result<Vec<_>, _>>()?;
    from_tables(lists, links)
}

/// The registry for unit lists and lineage files opened as tables.
fn from_tables(lists: Vec<Table>, links: Vec<Table>) -> Result<UnitRegistry, DataError> {
    let mut warnings = Vec::new();
    let mut rows: Vec<LinkRow> = Vec::new();
    if lists.is_empty() {
        let (builtin, _) = lineage::read_rows(Table::from_csv_text(BUILTIN_LINEAGE.0, BUILTIN_LINEAGE.1, &lineage::want())?)?;
        rows = builtin;
    }
    for t in links {
        let (read, w) = lineage::read_rows(t)?;
        rows = lineage::overlay(rows, read);
        warnings.extend(w);
    }
    let (files, base) = if lists.is_empty() {
        let builtin = [BUILTIN_2024, BUILTIN_2025].iter().map(|(text, file)| Table::from_csv_text(text, file, &units_want())).collect::<Result<Vec<_>, _>>()?;
        (read_lists(builtin, &mut warnings)?, BUILTIN_BASE_LABEL)
    } else {
        (read_lists(lists, &mut warnings)?, BASE_LABEL)
    };
    build(files, rows, base, warnings)
}

/// The rows of each unit list, with its file's name.
fn read_lists(tables: Vec<Table>, warnings: &mut Vec<crate::warning::Warning>) -> Result<Vec<(Vec<UnitRow>, Location)>, DataError> {
    tables
        .into_iter()
        .map(|t| {
            let file = t.locator().file();
            let (rows, w) = read_rows(t)?;
            warnings.extend(w);
            Ok((rows, file))
        })
        .collect()
}

/// One registry from successive unit lists (oldest first, each with its
/// file's name) and the lineage rows between them.
fn build(files: Vec<(Vec<UnitRow>, Location)>, links: Vec<LinkRow>, base_label: &str, warnings: Vec<crate::warning::Warning>) -> Result<UnitRegistry, DataError> {
    let name = files.iter().map(|(_, f)| f.file.as_str()).collect::<Vec<_>>().join(", ");
    let Some(((first, _), later)) = files.split_first() else {
        return UnitRegistry::assemble(Vec::new(), Lineage::from_rows(links), base_label, warnings, &name);
    };
    if later.is_empty() {
        return UnitRegistry::assemble(first.clone(), Lineage::from_rows(links), base_label, warnings, &name);
    }
    for (rows, _) in &files {
        if let Some(r) = rows.iter().find(|r| r.unit.valid_from.is_some() || r.unit.valid_to.is_some()) {
            return Err(DataError::new(r.at.cell("valid_from"), "a list of several structures takes its dates from the lineage")
                .expected("blank valid_from and valid_to in every list, or a single list with its own dates"));
        }
    }
    let mut all: Vec<UnitRow> = first.clone();
    // The versions still open: code -> index into `all`.
    let mut open: FxHashMap<String, usize> = all.iter().enumerate().map(|(i, r)| (r.unit.code.clone(), i)).collect();
    let mut sorted: Vec<&LinkRow> = links.iter().collect();
    sorted.sort_by_key(|r| r.effective);
    let mut applied = 0usize;
    let mut previous: Option<NaiveDate> = None;
    for (rows, file) in later {
        let start = start_of(rows, file, &links, previous)?;
        if let Some(p) = previous.filter(|p| *p >= start) {
            return Err(DataError::new(file.clone(), format!("this list begins on {start} (from its lineage rows), not after the list before it ({p})"))
                .expected("the unit lists in the order of the reforms, oldest first"));
        }
        // The changes up to and including the list's first day.
        let upto = sorted.iter().skip(applied).take_while(|r| r.effective <= start).count();
        let batch: Vec<&LinkRow> = sorted.iter().skip(applied).take(upto).copied().collect();
        applied += upto;
        apply(&batch, &mut all, &mut open, Some(start))?;
        let mut formed: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        formed.extend(batch.iter().filter(|r| r.effective == start).filter_map(|r| r.new_code.as_deref()));
        let listed: rustc_hash::FxHashSet<&str> = rows.iter().map(|r| r.unit.code.as_str()).collect();
        // What was in force and is not listed again must have ended.
        let mut dropped: Vec<usize> = open.iter().filter(|(c, _)| !listed.contains(c.as_str())).map(|(_, i)| *i).collect();
        dropped.sort_unstable();
        if let Some(r) = dropped.first().and_then(|i| all.get(*i)) {
            return Err(DataError::new(r.at.cell("code"), format!("unit {} ({}) is not in {file}, and no lineage row says what became of it by {start}", r.unit.code, r.unit.name))
                .value(&r.unit.code)
                .expected(format!("a lineage row with old_code {} effective on or before {start}", r.unit.code)));
        }
        for row in rows {
            let code = row.unit.code.as_str();
            if formed.contains(code) {
                let mut r = row.clone();
                r.unit.valid_from = Some(start);
                open.insert(code.to_string(), all.len());
                all.push(r);
                continue;
            }
            match open.get(code).and_then(|i| all.get(*i)) {
                Some(o) if same(&o.unit, &row.unit) => {}
                Some(o) => {
                    return Err(DataError::new(row.at.cell("code"), format!("unit {code} differs from the unit in force before {start} ({}, at {}), and no lineage row effective {start} says what it was formed from", o.unit.name, o.at.row()))
                        .value(code)
                        .expected(format!("a lineage row effective {start} with new_code {code} (e.g. old_code {code}, kind whole)")))
                }
                None => {
                    return Err(DataError::new(row.at.cell("code"), format!("unit {code} appears from {start}, but no lineage row effective {start} leads into it"))
                        .value(code)
                        .expected(format!("a lineage row effective {start} with new_code {code}")))
                }
            }
        }
        previous = Some(start);
    }
    let rest: Vec<&LinkRow> = sorted.iter().skip(applied).copied().collect();
    apply(&rest, &mut all, &mut open, None)?;
    UnitRegistry::assemble(all, Lineage::from_rows(links), base_label, warnings, &name)
}

/// The first day of a later list: the latest effective date of the rows that
/// lead into one of its units from a unit it does not list (or, when every
/// code is listed again, of the rows that lead into its units after the list
/// before it began).
fn start_of(rows: &[UnitRow], file: &Location, links: &[LinkRow], after: Option<NaiveDate>) -> Result<NaiveDate, DataError> {
    let listed: rustc_hash::FxHashSet<&str> = rows.iter().map(|r| r.unit.code.as_str()).collect();
    let into = || links.iter().filter(|l| l.new_code.as_deref().is_some_and(|c| listed.contains(c)) && after.is_none_or(|a| l.effective > a));
    into()
        .filter(|l| !listed.contains(l.old_code.as_str()))
        .map(|l| l.effective)
        .max()
        .or_else(|| into().map(|l| l.effective).max())
        .ok_or_else(|| {
            DataError::new(file.clone(), "no lineage row leads into this list's units, so its first day is unknown")
                .expected("lineage rows (effective,old_code,new_code,kind) from the units of the list before it")
        })
}

/// Ends the old units of `batch` the day before their change. A new unit of a
/// change before `start` (no list of its own) must be in force and go on.
fn apply(batch: &[&LinkRow], all: &mut [UnitRow], open: &mut FxHashMap<String, usize>, start: Option<NaiveDate>) -> Result<(), DataError> {
    let mut i = 0;
    while let Some(first) = batch.get(i) {
        let e = first.effective;
        let day: Vec<&LinkRow> = batch.iter().skip(i).take_while(|r| r.effective == e).copied().collect();
        i += day.len();
        let mut ended: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        for r in &day {
            if !ended.insert(r.old_code.as_str()) {
                continue; // another part of a divided unit
            }
            let Some(idx) = open.remove(&r.old_code) else {
                return Err(DataError::new(r.loc.clone().at_column("old_code"), format!("no unit {} is in force on {}, the day before this change", r.old_code, day_before(e)))
                    .value(&r.old_code)
                    .expected("the code of a unit of the structure the change ends"));
            };
            if let Some(u) = all.get_mut(idx) {
                u.unit.valid_to = Some(day_before(e));
            }
        }
        if Some(e) == start {
            continue;
        }
        for r in &day {
            if let Some(code) = &r.new_code {
                if !open.contains_key(code) {
                    return Err(DataError::new(r.loc.clone().at_column("new_code"), format!("no unit {code} is in force on {e}: no unit list begins that day and no unit of that code goes on"))
                        .value(code)
                        .expected(format!("the code of a unit that goes on after {e}, or a unit list beginning on {e}")));
                }
            }
        }
    }
    Ok(())
}

/// The structure in force on `as_of` as the public JSON listing:
/// `{"chitieu_version", "as_of", "structure", "structures": [{"label", "from",
/// "to", "provinces", "districts", "communes"}], "units": [{"code", "name",
/// "level", "division_type", "parent", "valid_from", "valid_to"}]}`.
pub fn listing_json(units: &UnitRegistry, as_of: NaiveDate) -> serde_json::Value {
    use crate::units::Level;
    let count = |d: NaiveDate, l: Level| units.in_force(d).filter(|u| units.unit(*u).level == l).count();
    let structures: Vec<serde_json::Value> = units
        .structures()
        .iter()
        .map(|s| {
            let d = s.from.or(s.to).unwrap_or(as_of);
            serde_json::json!({
                "label": s.label, "from": s.from.map(|d| d.to_string()), "to": s.to.map(|d| d.to_string()),
                "provinces": count(d, Level::Province), "districts": count(d, Level::District), "communes": count(d, Level::Commune),
            })
        })
        .collect();
    let listed: Vec<serde_json::Value> = units
        .in_force(as_of)
        .map(|i| {
            let u = units.unit(i);
            serde_json::json!({
                "code": u.code, "name": u.name, "level": u.level.as_str(), "division_type": u.division_type, "parent": u.parent,
                "valid_from": u.valid_from.map(|d| d.to_string()), "valid_to": u.valid_to.map(|d| d.to_string()),
            })
        })
        .collect();
    serde_json::json!({
        "chitieu_version": crate::VERSION,
        "as_of": as_of.to_string(),
        "structure": units.structure_on(as_of).map(|s| s.label.clone()),
        "structures": structures,
        "units": listed,
    })
}

/// Whether a unit listed again is the same unit (no change at all).
fn same(a: &Unit, b: &Unit) -> bool {
    a.code == b.code && a.name == b.name && a.level == b.level && a.division_type == b.division_type && a.parent == b.parent
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Period;
    use crate::units::{Level, Placement};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_builtin_registry_holds_every_structure() {
        let r = builtin();
        let labels: Vec<&str> = r.structures().iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["2024", "2024-11-01", "2025-07-01"]);
        let count = |day: &str, level: Level| r.in_force(d(day)).filter(|u| r.unit(*u).level == level).count();
        assert_eq!((count("2024-06-30", Level::District), count("2024-06-30", Level::Commune)), (13, 177));
        assert_eq!((count("2024-11-01", Level::District), count("2024-11-01", Level::Commune)), (13, 171));
        assert_eq!((count("2025-07-01", Level::District), count("2025-07-01", Level::Commune)), (0, 54));
        assert_eq!(count("2025-07-01", Level::Province), 1);
        // The province persists: one version.
        assert_eq!(r.versions("22").len(), 1);
        // The absorbing commune keeps its code and goes on until 30/6/2025.
        let (hai_hoa, _) = r.resolve_on("06799", d("2024-06-01")).unwrap();
        assert_eq!(r.resolve_on("06799", d("2025-01-01")).unwrap().0, hai_hoa);
        assert_eq!(r.unit(hai_hoa).valid_to, Some(d("2025-06-30")));
        // Phường Yết Kiêu ended on 31/10/2024 and its successor is not known.
        let yk = r.versions("06682")[0];
        assert_eq!(r.unit(yk).valid_to, Some(d("2024-10-31")));
        let out: Vec<_> = r.lineage().out_of(yk).collect();
        assert_eq!((out.len(), out[0].new), (1, None));
    }

    #[test]
    fn a_reused_code_names_a_new_version_from_the_reform() {
        let r = builtin();
        let y = |s: &str| s.parse::<Period>().unwrap();
        let Placement::Found(old, _) = r.resolve_at("06652", &y("2020")) else { panic!() };
        let Placement::Found(new, _) = r.resolve_at("06652", &y("2025-Q4")) else { panic!() };
        assert_eq!((r.unit(old).name.as_str(), r.unit(new).name.as_str()), ("Phường Hà Phong", "Phường Hà Tu"));
        assert!(matches!(r.resolve_at("06652", &y("2025")), Placement::Ambiguous(_)));
        let into: Vec<&str> = r.lineage().into(new).map(|l| r.unit(l.old).name.as_str()).collect();
        assert_eq!(into, ["Phường Hà Phong", "Phường Hà Tu"]);
    }

    #[test]
    fn a_user_lineage_supplies_the_missing_successor() {
        let mine = "effective,old_code,old_name,new_code,new_name,kind\n2024-11-01,06682,Phường Yết Kiêu,06691,Phường Hồng Gai,whole\n";
        let r = load(&[], &[(mine, "mine.csv")]).unwrap();
        let yk = r.versions("06682")[0];
        let out: Vec<_> = r.lineage().out_of(yk).collect();
        assert_eq!(out.len(), 1);
        assert_eq!(r.unit(out[0].new.unwrap()).code, "06691");
        assert_eq!(out[0].loc.file, "mine.csv");
    }

    #[test]
    fn what_the_files_leave_unsaid_is_a_located_error() {
        let a = "code,name,level,division_type,parent_code\n9,P,province,tỉnh,\n01,X,commune,xã,9\n02,Y,commune,xã,9\n";
        let b = "code,name,level,division_type,parent_code\n9,P,province,tỉnh,\n01,X mới,commune,xã,9\n";
        // 02 disappears without a lineage row.
        let links = "effective,old_code,new_code,kind\n2026-01-01,01,01,whole\n";
        let e = load(&[(a, "a.csv"), (b, "b.csv")], &[(links, "l.csv")]).unwrap_err();
        assert_eq!((e.location.file.as_str(), e.location.row, e.value.as_deref()), ("a.csv", Some(4), Some("02")));
        // With it, the two lists make versions.
        let links = "effective,old_code,new_code,kind\n2026-01-01,01,01,whole\n2026-01-01,02,01,whole\n";
        let r = load(&[(a, "a.csv"), (b, "b.csv")], &[(links, "l.csv")]).unwrap();
        assert_eq!(r.versions("01").len(), 2);
        assert_eq!(r.structures().iter().map(|s| s.label.as_str()).collect::<Vec<_>>(), ["initial", "2026-01-01"]);
        // A whole unit with two rows.
        let links = "effective,old_code,new_code,kind\n2026-01-01,01,01,whole\n2026-01-01,02,01,whole\n2026-01-01,02,01,whole\n";
        let e = load(&[(a, "a.csv"), (b, "b.csv")], &[(links, "l.csv")]).unwrap_err();
        assert_eq!((e.location.file.as_str(), e.location.row), ("l.csv", Some(4)), "{e}");
        // A code the registry does not know.
        let links = "effective,old_code,new_code,kind\n2026-01-01,01,01,whole\n2026-01-01,02,07,whole\n";
        let e = load(&[(a, "a.csv"), (b, "b.csv")], &[(links, "l.csv")]).unwrap_err();
        assert_eq!((e.location.row, e.location.column.as_deref(), e.value.as_deref()), (Some(3), Some("new_code"), Some("07")), "{e}");
    }
}
