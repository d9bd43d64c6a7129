//! Lineage: how the units of one structure became the units of the next.
//!
//! Quảng Ninh's units changed twice while the 2021-2025 targets ran: on
//! 1 November 2024 six communes merged into others (the absorbing commune kept
//! its code and went on), and on 1 July 2025 the districts were abolished and
//! the 171 communes became 54, some divided between several new ones. A figure
//! of 2020 and a figure of 2025 can only be compared, converted or added up
//! once chitieu knows which old unit went into which new one, on which day,
//! whole or in part. That is the lineage: one row per (old unit, new unit)
//! pair, in the CSV shape of `core/data/quang-ninh-lineage.csv`:
//!
//! `effective,old_code,old_name,new_code,new_name,kind,default_successor,basis`
//!
//! - `kind` is `whole` (the old unit went entirely into the new one), `part`
//!   (the old unit was divided; one row per part) or `abolished` (a level that
//!   ends, e.g. the districts: no `new_code`);
//! - a `whole` row with a blank `new_code` says the unit ended and its
//!   successor is not known (Phường Yết Kiêu in the built-in file): a user
//!   supplies it in a lineage file of their own;
//! - `default_successor=yes` marks the part another tool treats as the main
//!   successor; chitieu shows it but never uses it to attribute figures.
//!
//! A user's lineage file overrides the built-in one row set by row set: its
//! rows for an (effective, old_code) pair replace the built-in rows of that
//! pair; other rows are added. Codes are resolved to unit versions by date
//! (the old unit is the version valid the day before `effective`, the new
//! one the version valid on it), so a code reused by a new unit (06652, Phường
//! Hà Phong until 30/6/2025, Phường Hà Tu from 1/7/2025) is never confused.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::error::{DataError, Location};
use crate::table::{Table, Want};
use crate::units::{Unit, UnitId};
use crate::warning::Warning;

/// How an old unit went into a new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// The old unit went entirely into the new one.
    Whole,
    /// The old unit was divided; this is one of its parts.
    Part,
    /// The old unit's level ended; it has no successor.
    Abolished,
}

impl LinkKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            LinkKind::Whole => "whole",
            LinkKind::Part => "part",
            LinkKind::Abolished => "abolished",
        }
    }
    pub fn words(&self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (LinkKind::Whole, crate::Lang::Vi) => "nhập toàn bộ",
            (LinkKind::Part, crate::Lang::Vi) => "một phần",
            (LinkKind::Abolished, crate::Lang::Vi) => "bãi bỏ cấp",
            (LinkKind::Whole, crate::Lang::En) => "whole",
            (LinkKind::Part, crate::Lang::En) => "in part",
            (LinkKind::Abolished, crate::Lang::En) => "level abolished",
        }
    }
}

/// One row of a lineage file, before its codes are resolved to unit versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRow {
    pub effective: NaiveDate,
    pub old_code: String,
    pub old_name: String,
    /// `None`: no successor (an abolished level, or a successor not known).
    pub new_code: Option<String>,
    pub new_name: String,
    pub kind: LinkKind,
    pub default_successor: bool,
    pub basis: String,
    pub loc: Location,
}

/// One resolved link between two unit versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The first day of the new structure; the old unit's last day is the day before.
    pub effective: NaiveDate,
    pub old: UnitId,
    /// The successor; `None` for an abolished level or an unknown successor.
    pub new: Option<UnitId>,
    pub kind: LinkKind,
    pub default_successor: bool,
    /// The legal basis as written in the file.
    pub basis: String,
    /// The old unit's name as the lineage writes it (it may have been renamed since its list).
    pub old_name: String,
    /// Where the row was read.
    pub loc: Location,
}

/// The links of a registry, indexed both ways.
#[derive(Clone, Debug, Default)]
pub struct Lineage {
    rows: Vec<LinkRow>,
    links: Vec<Link>,
    /// Link indices by the old unit.
    out_of: FxHashMap<UnitId, Vec<u32>>,
    /// Link indices by the new unit.
    into: FxHashMap<UnitId, Vec<u32>>,
}

const EXPECTED: &str = "the columns effective,old_code,new_code,kind (and optionally old_name,new_name,default_successor,basis)";

/// What a lineage table is found by (its header row, in a sheet of a workbook).
pub fn want() -> Want {
    Want::columns(&["effective", "old_code", "new_code", "kind"]).expected(EXPECTED)
}

/// Reads a lineage table (a CSV file or a workbook's sheet, through
/// [`crate::table`]) and what reading it noticed.
pub fn read_rows(mut t: Table) -> Result<(Vec<LinkRow>, Vec<Warning>), DataError> {
    let at_table = t.locator().clone();
    let headers = t.header().to_vec();
    let col = |name: &str| headers.iter().position(|h| h == name);
    // The table is found by these columns: they are there.
    let (Some(eff_i), Some(old_i), Some(new_i), Some(kind_i)) = (col("effective"), col("old_code"), col("new_code"), col("kind")) else {
        return Err(DataError::new(at_table.row(at_table.header_row()), "the header lacks a column").value(headers.join(",")).expected(EXPECTED));
    };
    let (old_name_i, new_name_i, default_i, basis_i) = (col("old_name"), col("new_name"), col("default_successor"), col("basis"));
    let mut rows = Vec::new();
    while let Some(rec) = t.next_row()? {
        let row = rec.number();
        let place = at_table.row_place(row);
        let at = |c: &str| place.cell(c);
        let get = |i: Option<usize>| i.map(|i| rec.cell(i)).unwrap_or("").to_string();
        let effective_text = get(Some(eff_i));
        let effective = NaiveDate::parse_from_str(&effective_text, "%Y-%m-%d")
            .map_err(|_| DataError::new(at("effective"), "not a date").value(&effective_text).expected("the first day of the new structure, e.g. 2025-07-01"))?;
        let old_code = get(Some(old_i));
        if old_code.is_empty() {
            return Err(DataError::new(at("old_code"), "no old unit code").expected("the code of the unit that changed"));
        }
        let kind_text = get(Some(kind_i));
        let kind = match kind_text.as_str() {
            "whole" => LinkKind::Whole,
            "part" => LinkKind::Part,
            "abolished" => LinkKind::Abolished,
            _ => return Err(DataError::new(at("kind"), "unknown kind").value(&kind_text).expected("whole, part or abolished")),
        };
        let new_code = Some(get(Some(new_i))).filter(|c| !c.is_empty());
        match (kind, &new_code) {
            (LinkKind::Abolished, Some(c)) => {
                return Err(DataError::new(at("new_code"), "an abolished unit has no successor").value(c).expected("a blank new_code, or kind whole or part"))
            }
            (LinkKind::Part, None) => return Err(DataError::new(at("new_code"), "a part needs the unit it went into").expected("the code of the new unit")),
            _ => {}
        }
        let default_text = get(default_i);
        let default_successor = match default_text.to_lowercase().as_str() {
            "" | "no" | "0" | "false" => false,
            "yes" | "1" | "true" => true,
            _ => return Err(DataError::new(at("default_successor"), "not yes or no").value(&default_text).expected("yes, or blank")),
        };
        rows.push(LinkRow { effective, old_code, old_name: get(old_name_i), new_code, new_name: get(new_name_i), kind, default_successor, basis: get(basis_i), loc: at_table.row(row) });
    }
    Ok((rows, t.finish()))
}

/// The rows of `base` with those of `over` laid on top: the rows `over` gives
/// for an (effective, old_code) pair replace every row of `base` for that pair.
pub fn overlay(base: Vec<LinkRow>, over: Vec<LinkRow>) -> Vec<LinkRow> {
    let replaced: rustc_hash::FxHashSet<(NaiveDate, String)> = over.iter().map(|r| (r.effective, r.old_code.clone())).collect();
    let mut rows: Vec<LinkRow> = base.into_iter().filter(|r| !replaced.contains(&(r.effective, r.old_code.clone()))).collect();
    rows.extend(over);
    rows
}

/// The day before `d` (the last day of the structure `d` ends).
pub(crate) fn day_before(d: NaiveDate) -> NaiveDate {
    d.pred_opt().unwrap_or(d)
}

fn valid_on(u: &Unit, d: NaiveDate) -> bool {
    u.valid_from.is_none_or(|f| f <= d) && u.valid_to.is_none_or(|t| t >= d)
}

/// "Phường Hà Phong (06652, ..2025-06-30)".
pub(crate) fn version_text(u: &Unit) -> String {
    let d = |x: Option<NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
    format!("{} ({}, {}..{})", u.name, u.code, d(u.valid_from), d(u.valid_to))
}

impl Lineage {
    /// Unresolved rows, to be resolved against the registry they describe.
    pub fn from_rows(rows: Vec<LinkRow>) -> Lineage {
        Lineage { rows, ..Lineage::default() }
    }

    /// Resolves the rows against the units: each old code to the version valid
    /// the day before the change (which must end that day), each new code to
    /// the version valid on the day; a unit that ends whole goes into one unit,
    /// a divided one into at least two. Every problem names the lineage row.
    pub(crate) fn resolve(self, units: &[Unit], by_code: &FxHashMap<String, Vec<UnitId>>) -> Result<Lineage, DataError> {
        let mut lineage = Lineage::default();
        let version_on = |code: &str, d: NaiveDate| -> Option<UnitId> { by_code.get(code)?.iter().copied().find(|v| units.get(v.index()).is_some_and(|u| valid_on(u, d))) };
        let versions_text = |code: &str| -> String {
            by_code.get(code).map(|vs| vs.iter().filter_map(|v| units.get(v.index())).map(version_text).collect::<Vec<_>>().join(", ")).unwrap_or_default()
        };
        for r in &self.rows {
            let before = day_before(r.effective);
            let at = |c: &str| r.loc.clone().at_column(c);
            let Some(old) = version_on(&r.old_code, before) else {
                let known = versions_text(&r.old_code);
                let msg = if known.is_empty() {
                    "old_code is not a unit of the registry".to_string()
                } else {
                    format!("no unit {} is in force on {before}, the day before the change; its versions: {known}", r.old_code)
                };
                return Err(DataError::new(at("old_code"), msg).value(&r.old_code).expected(format!("a unit in force on {before}")));
            };
            let old_unit = units.get(old.index());
            if let Some(u) = old_unit.filter(|u| u.valid_to != Some(before)) {
                let until = u.valid_to.map(|t| t.to_string()).unwrap_or_else(|| "no end".to_string());
                return Err(DataError::new(at("effective"), format!("the lineage says {} ends on {before}, the registry has it valid until {until}", version_text(u)))
                    .value(r.effective.to_string())
                    .expected(format!("the day after the unit's last day ({until})")));
            }
            let new = match &r.new_code {
                None => None,
                Some(code) => match version_on(code, r.effective) {
                    Some(n) => Some(n),
                    None => {
                        let known = versions_text(code);
                        let msg = if known.is_empty() { "new_code is not a unit of the registry".to_string() } else { format!("no unit {code} is in force on {}; its versions: {known}", r.effective) };
                        return Err(DataError::new(at("new_code"), msg).value(code).expected(format!("a unit in force on {}", r.effective)));
                    }
                },
            };
            let i = lineage.links.len() as u32;
            lineage.out_of.entry(old).or_default().push(i);
            if let Some(n) = new {
                lineage.into.entry(n).or_default().push(i);
            }
            lineage.links.push(Link { effective: r.effective, old, new, kind: r.kind, default_successor: r.default_successor, basis: r.basis.clone(), old_name: r.old_name.clone(), loc: r.loc.clone() });
        }
        // A unit ends one way: whole into one unit, or divided into two or more.
        for (old, ids) in &lineage.out_of {
            let links: Vec<&Link> = ids.iter().filter_map(|i| lineage.links.get(*i as usize)).collect();
            let Some(first) = links.first() else { continue };
            let name = units.get(old.index()).map(version_text).unwrap_or_default();
            if let Some(other) = links.iter().find(|l| l.kind != first.kind) {
                return Err(DataError::new(other.loc.clone().at_column("kind"), format!("{name} is given as {} at {} and as {} here", first.kind.as_str(), first.loc, other.kind.as_str()))
                    .value(other.kind.as_str())
                    .expected("one kind for all rows of a unit: whole (one row), part (one row per part) or abolished (one row)"));
            }
            match first.kind {
                LinkKind::Whole | LinkKind::Abolished if links.len() > 1 => {
                    let second = links.get(1).map(|l| l.loc.clone()).unwrap_or_default();
                    return Err(DataError::new(second.at_column("old_code"), format!("{name} went {} into one unit, yet it has another row at {}", first.kind.as_str(), first.loc))
                        .expected("one row for a unit that went whole into another or was abolished; kind part for each part of a divided unit"));
                }
                LinkKind::Part if links.len() < 2 => {
                    return Err(DataError::new(first.loc.clone().at_column("kind"), format!("{name} is divided, yet it has one part")).value("part").expected("a row per part (at least two), or kind whole"));
                }
                _ => {}
            }
        }
        for ids in lineage.out_of.values_mut().chain(lineage.into.values_mut()) {
            ids.sort_by_key(|i| lineage.links.get(*i as usize).map(|l| (l.effective, l.old, l.new)));
        }
        lineage.rows = self.rows;
        Ok(lineage)
    }

    /// Every link, in file order.
    pub fn links(&self) -> &[Link] {
        &self.links
    }
    /// The rows the links were read from.
    pub fn rows(&self) -> &[LinkRow] {
        &self.rows
    }
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
    /// The link of an index of `links()`.
    pub fn link(&self, i: usize) -> Option<&Link> {
        self.links.get(i)
    }
    /// `out_of` with each link's index.
    pub fn out_of_indexed(&self, unit: UnitId) -> impl Iterator<Item = (usize, &Link)> {
        self.out_of.get(&unit).into_iter().flatten().filter_map(|i| self.links.get(*i as usize).map(|l| (*i as usize, l)))
    }
    /// `into` with each link's index.
    pub fn into_indexed(&self, unit: UnitId) -> impl Iterator<Item = (usize, &Link)> {
        self.into.get(&unit).into_iter().flatten().filter_map(|i| self.links.get(*i as usize).map(|l| (*i as usize, l)))
    }
    /// The links by which `unit` ended (whole, its parts, or abolished).
    pub fn out_of(&self, unit: UnitId) -> impl Iterator<Item = &Link> {
        self.out_of.get(&unit).into_iter().flatten().filter_map(|i| self.links.get(*i as usize))
    }
    /// The links by which units went into `unit` (when it was formed, or absorbed them).
    pub fn into(&self, unit: UnitId) -> impl Iterator<Item = &Link> {
        self.into.get(&unit).into_iter().flatten().filter_map(|i| self.links.get(*i as usize))
    }
}

/// A unit version's history both ways: the links that led into it (and into
/// those, back to the first structure) and the links out of it (and on).
#[derive(Clone, Debug)]
pub struct History {
    pub unit: UnitId,
    /// (depth, link): depth 1 for the links into the unit itself.
    pub before: Vec<(usize, Link)>,
    /// (depth, link): depth 1 for the links out of the unit itself.
    pub after: Vec<(usize, Link)>,
}

/// The history of every version of a code (a dropped leading zero repaired);
/// `None` for a code the registry does not know.
pub fn history(units: &crate::units::UnitRegistry, code: &str) -> Option<Vec<History>> {
    let (u, _) = units.resolve(code)?;
    let lineage = units.lineage();
    let walk = |start: UnitId, next: &dyn Fn(UnitId) -> Vec<(Link, Option<UnitId>)>| -> Vec<(usize, Link)> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, Link, Option<UnitId>)> = next(start).into_iter().rev().map(|(l, n)| (1, l, n)).collect();
        // Each link is visited once: a chain is at most as long as the lineage.
        while let Some((depth, l, n)) = stack.pop() {
            if out.len() > lineage.links().len() {
                break;
            }
            out.push((depth, l));
            if let Some(n) = n {
                stack.extend(next(n).into_iter().rev().map(|(l, m)| (depth + 1, l, m)));
            }
        }
        out
    };
    let back = |v: UnitId| lineage.into(v).map(|l| (l.clone(), Some(l.old))).collect::<Vec<_>>();
    let on = |v: UnitId| lineage.out_of(v).map(|l| (l.clone(), l.new)).collect::<Vec<_>>();
    Some(units.versions(&u.code).iter().map(|v| History { unit: *v, before: walk(*v, &back), after: walk(*v, &on) }).collect())
}

impl History {
    /// `{"unit", "name", "level", "division_type", "parent", "valid_from",
    /// "valid_to", "before": [link...], "after": [link...]}`, a link being
    /// `{"depth", "effective", "from", "from_name", "to", "to_name", "kind", "basis"}`.
    pub fn to_json(&self, units: &crate::units::UnitRegistry) -> serde_json::Value {
        let u = units.unit(self.unit);
        let links = |v: &[(usize, Link)]| -> Vec<serde_json::Value> {
            v.iter()
                .map(|(depth, l)| {
                    let mut j = crate::conversion::link_json(units, l);
                    if let Some(o) = j.as_object_mut() {
                        o.insert("depth".into(), serde_json::json!(depth));
                    }
                    j
                })
                .collect()
        };
        serde_json::json!({
            "unit": u.code, "name": u.name, "level": u.level.as_str(), "division_type": u.division_type, "parent": u.parent,
            "valid_from": u.valid_from.map(|d| d.to_string()), "valid_to": u.valid_to.map(|d| d.to_string()),
            "before": links(&self.before), "after": links(&self.after),
        })
    }
}
