//! Conversion: figures moved from the structure they were written in to the
//! structure in force on another day, along the lineage.
//!
//! The rules (each an interpretation, stated in `core/catalogue/NOTES.md`):
//!
//! - **Counts and amounts** add up from whole predecessors. A divided unit's
//!   figure goes to its parts only with a share the user gives (`--shares`,
//!   a CSV `old_code,new_code,share`: the part of the old unit's figures that
//!   belongs to the new unit, e.g. by population); without one the new unit's
//!   figure is reported as not attributable, never guessed. A share is per
//!   source unit: a commune absorbed on 1/11/2024 by one that was divided on
//!   1/7/2025 needs a share of its own (where its territory went), not its
//!   absorber's. A figure attributed with a share need not be whole: it is
//!   kept exact, and written as a fraction ("21/10").
//! - **Rates** are never converted as rates: convert their numerator and
//!   denominator, and the rate is recomputed from the converted parts. A
//!   percentage computed by the data owner is carried over only where the
//!   territory is the same (one whole predecessor).
//! - **Yes/no facts and recognitions** (`drug_free`...) follow the all-of
//!   rule: the new unit has the fact only if every unit that went into it,
//!   wholly or in part, had it; it has not as soon as one had not. A part of a
//!   divided unit carries that unit's fact (a fact of a territory holds of
//!   each part of it).
//! - **Totals**: a unit's figure is its own, else the exact sum of its
//!   units or finer periods (as everywhere in chitieu), so the province,
//!   which persists, keeps its total whatever the structure.
//! - **Backwards** (to an earlier structure), a figure goes to an old unit
//!   only where the lineage is one to one (the new unit is that old unit,
//!   whole, and nothing else went into it); a merged unit's figure cannot be
//!   split, and is reported.
//!
//! A figure is read as its unit's figure for the unit's territory on its
//! "day": the day of the structure a converted file is written in, else the
//! last day of its period on which its unit existed. Every converted figure
//! keeps its sources (units, values, shares and the links with their dates);
//! every figure that could not be converted is listed with the reason.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::catalogue::{Catalogue, VariableKind};
use crate::error::DataError;
use crate::exact::Exact;
use crate::lineage::{day_before, version_text, Link, LinkKind};
use crate::observations::Dataset;
use crate::period::Period;
use crate::table::{Table, Want};
use crate::units::{UnitId, UnitRegistry};
use crate::Lang;

/// Shares of divided units: the part of a source unit's figures that belongs
/// to a new unit.
#[derive(Clone, Debug, Default)]
pub struct Shares {
    map: FxHashMap<(UnitId, UnitId), Exact>,
    pub name: String,
}

const SHARES_EXPECTED: &str = "the columns old_code,new_code,share (and optionally effective)";

/// What a shares table is found by (its header row, in a sheet of a workbook).
fn shares_want() -> Want {
    Want::columns(&["old_code", "new_code", "share"]).expected(SHARES_EXPECTED)
}

impl Shares {
    /// No shares: a divided unit's counts are not attributable.
    pub fn none() -> Shares {
        Shares::default()
    }
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
    pub fn len(&self) -> usize {
        self.map.len()
    }
    /// The share of `source`'s figures that goes to `target`.
    pub fn get(&self, source: UnitId, target: UnitId) -> Option<&Exact> {
        self.map.get(&(source, target))
    }

    /// Reads a CSV file or a workbook (a path may end in `#Sheet`); see [`Shares::from_csv_str`].
    pub fn from_path(path: &Path, units: &UnitRegistry) -> Result<Shares, DataError> {
        Shares::from_table(crate::table::Source::new(path, None)?.open(shares_want())?, units)
    }

    /// Reads `old_code,new_code,share[,effective]`: `share` as a decimal
    /// (0.7), a percentage (70%) or a fraction (7/10). `old_code` is the
    /// divided unit, or a unit absorbed by it earlier; `new_code` one of the
    /// units it went into; `effective` picks the change when the codes
    /// alone leave a doubt.
    pub fn from_csv_str(text: &str, file: &str, units: &UnitRegistry) -> Result<Shares, DataError> {
        Shares::from_table(Table::from_csv_text(text, file, &shares_want())?, units)
    }

    fn from_table(mut t: Table, units: &UnitRegistry) -> Result<Shares, DataError> {
        let table = t.locator().clone();
        let headers = t.header().to_vec();
        let col = |n: &str| headers.iter().position(|h| h == n);
        let (Some(old_i), Some(new_i), Some(share_i)) = (col("old_code"), col("new_code"), col("share")) else {
            return Err(DataError::new(table.row(table.header_row()), "the header lacks old_code, new_code or share").value(headers.join(",")).expected(SHARES_EXPECTED));
        };
        let eff_i = col("effective");
        let mut shares = Shares { map: FxHashMap::default(), name: table.file().to_string() };
        let mut rows: FxHashMap<(UnitId, UnitId), usize> = FxHashMap::default();
        while let Some(rec) = t.next_row()? {
            let row = rec.number();
            let place = table.row_place(row);
            let at = |c: &str| place.cell(c);
            let get = |i: usize| rec.cell(i).to_string();
            let (old, new, share_text) = (get(old_i), get(new_i), get(share_i));
            let share = Exact::parse_threshold(&share_text)
                .ok()
                .filter(|s| !s.is_negative() && *s <= Exact::one())
                .ok_or_else(|| DataError::new(at("share"), "not a share").value(&share_text).expected("a share between 0 and 1: 0.7, 70% or 7/10"))?;
            let effective = match eff_i.map(get).filter(|t| !t.is_empty()) {
                Some(t) => Some(NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| DataError::new(at("effective"), "not a date").value(&t).expected("the day of the division, e.g. 2025-07-01"))?),
                None => None,
            };
            let pairs = division_pairs(units, &old, &new, effective);
            let (s, t) = match pairs.as_slice() {
                [one] => *one,
                [] => {
                    return Err(DataError::new(at("new_code"), format!("the lineage has no division that takes part of {old} into {new}{}", effective.map(|e| format!(" on {e}")).unwrap_or_default()))
                        .value(&new)
                        .expected("a unit that a divided unit (or the unit that absorbed old_code) went into in part"))
                }
                _ => {
                    return Err(DataError::new(at("old_code"), format!("{old} went into {new} by several changes"))
                        .value(&old)
                        .expected("an 'effective' column naming the day of the division"))
                }
            };
            if let Some(first) = rows.insert((s, t), row) {
                return Err(DataError::new(at("new_code"), format!("the share of {old} in {new} is given twice (row {first})")).value(&new).expected("one share per old and new unit"));
            }
            shares.map.insert((s, t), share);
        }
        // A source's shares never add up to more than its whole, and to exactly
        // its whole when every part is given.
        let mut by_source: FxHashMap<UnitId, Vec<(UnitId, &Exact)>> = FxHashMap::default();
        for ((s, t), x) in &shares.map {
            by_source.entry(*s).or_default().push((*t, x));
        }
        for (s, given) in by_source {
            let total = given.iter().fold(Exact::zero(), |a, (_, x)| &a + *x);
            let parts: FxHashSet<UnitId> = parted_targets(units, s);
            let all = parts.iter().all(|p| given.iter().any(|(t, _)| t == p));
            if total > Exact::one() || (all && total != Exact::one()) {
                let row = given.iter().filter_map(|(t, _)| rows.get(&(s, *t))).max().copied().unwrap_or(0);
                let what = if total > Exact::one() { "more than the whole".to_string() } else { "not the whole, although every part is given".to_string() };
                return Err(DataError::new(table.row_place(row).cell("share"), format!("the shares of {} add up to {}: {what}", version_text(units.unit(s)), total.decimal_text()))
                    .expected("shares of one unit adding up to 1 (or less while some parts are not given)"));
            }
        }
        Ok(shares)
    }
}

/// The (source, part) version pairs a share row may name.
fn division_pairs(units: &UnitRegistry, old: &str, new: &str, effective: Option<NaiveDate>) -> Vec<(UnitId, UnitId)> {
    let canon = |c: &str| units.resolve(c).map(|(u, _)| u.code.clone());
    let (Some(old), Some(new)) = (canon(old), canon(new)) else { return Vec::new() };
    let mut out = Vec::new();
    for &s in units.versions(&old) {
        for (t, link) in parted(units, s) {
            if units.unit(t).code == new && effective.is_none_or(|e| e == link.effective) {
                out.push((s, t));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The units a source reaches through a division, with the dividing link.
fn parted(units: &UnitRegistry, source: UnitId) -> Vec<(UnitId, &Link)> {
    let lineage = units.lineage();
    let mut out = Vec::new();
    let mut stack = vec![source];
    let mut seen = FxHashSet::default();
    while let Some(v) = stack.pop() {
        if !seen.insert(v) {
            continue;
        }
        for l in lineage.out_of(v) {
            match (l.kind, l.new) {
                (LinkKind::Part, Some(n)) => out.push((n, l)),
                (LinkKind::Whole, Some(n)) => stack.push(n),
                _ => {}
            }
        }
    }
    out
}

fn parted_targets(units: &UnitRegistry, source: UnitId) -> FxHashSet<UnitId> {
    parted(units, source).into_iter().map(|(t, _)| t).collect()
}

/// How much of a source's figure a route carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Share {
    /// All of it.
    Whole,
    /// This part (through one or more divisions).
    Given(Exact),
    /// Some part, through the division by `link` (an index into the lineage) for which no share was given.
    Missing { divided: UnitId, link: usize },
}

impl Share {
    fn times(&self, s: &Exact) -> Share {
        match self {
            Share::Whole => Share::Given(s.clone()),
            Share::Given(x) => Share::Given(x * s),
            m => m.clone(),
        }
    }
}

/// Where (part of) a source's figure goes: a unit of the target structure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub target: UnitId,
    pub share: Share,
    /// The links followed, as indices into the lineage.
    pub links: Vec<usize>,
}

/// Why a source's figure goes nowhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The unit's level was abolished (a district on 1/7/2025): link index.
    Abolished(usize),
    /// The unit ended and the lineage does not say into what: link index.
    NoSuccessor(usize),
    /// The unit ended with no lineage row at all.
    NoLink(UnitId),
    /// Backwards: the unit was formed from several units (or in part): its links.
    Formed(UnitId, Vec<usize>),
    /// Backwards: the unit absorbed others between the two days: those links.
    Grew(UnitId, Vec<usize>),
}

/// Where a figure of `source`, read on day `from`, goes in the structure in
/// force on day `to`. With `shares`, a division carries the source's share;
/// without, parts are followed with `Share::Missing` (what a figure would
/// reach).
pub fn routes(units: &UnitRegistry, shares: &Shares, source: UnitId, from: NaiveDate, to: NaiveDate) -> Result<Vec<Route>, Stop> {
    if from <= to {
        forward(units, shares, source, to)
    } else {
        backward(units, source, from, to).map(|r| vec![r])
    }
}

fn forward(units: &UnitRegistry, shares: &Shares, source: UnitId, to: NaiveDate) -> Result<Vec<Route>, Stop> {
    let lineage = units.lineage();
    let mut out = Vec::new();
    let mut stack = vec![(source, Share::Whole, Vec::new())];
    while let Some((v, share, path)) = stack.pop() {
        if units.unit(v).valid_on(to) {
            out.push(Route { target: v, share, links: path });
            continue;
        }
        let mut any = false;
        for (i, l) in lineage.out_of_indexed(v) {
            any = true;
            let mut next = path.clone();
            next.push(i);
            match (l.kind, l.new) {
                (LinkKind::Abolished, _) => return Err(Stop::Abolished(i)),
                (_, None) => return Err(Stop::NoSuccessor(i)),
                (LinkKind::Whole, Some(n)) => stack.push((n, share.clone(), next)),
                (LinkKind::Part, Some(n)) => {
                    let s = match (&share, shares.get(source, n)) {
                        (Share::Missing { .. }, _) => share.clone(),
                        (_, Some(x)) => share.times(x),
                        (_, None) => Share::Missing { divided: v, link: i },
                    };
                    stack.push((n, s, next));
                }
            }
        }
        if !any {
            return Err(Stop::NoLink(v));
        }
    }
    out.sort_by_key(|r| r.target);
    Ok(out)
}

fn backward(units: &UnitRegistry, source: UnitId, from: NaiveDate, to: NaiveDate) -> Result<Route, Stop> {
    let lineage = units.lineage();
    let (mut v, mut from, mut path) = (source, from, Vec::new());
    // Each step goes one unit back; a chain is as long as the reforms.
    for _ in 0..=lineage.links().len() {
        let unit = units.unit(v);
        let grew: Vec<usize> = lineage.into_indexed(v).filter(|(_, l)| l.effective > to && l.effective <= from && unit.valid_from != Some(l.effective)).map(|(i, _)| i).collect();
        if !grew.is_empty() {
            return Err(Stop::Grew(v, grew));
        }
        if unit.valid_on(to) {
            return Ok(Route { target: v, share: Share::Whole, links: path });
        }
        let formed: Vec<(usize, &Link)> = lineage.into_indexed(v).filter(|(_, l)| Some(l.effective) == unit.valid_from).collect();
        match formed.as_slice() {
            [(i, l)] if l.kind == LinkKind::Whole && lineage.out_of(l.old).count() == 1 => {
                path.push(*i);
                from = day_before(l.effective);
                v = l.old;
            }
            _ => return Err(Stop::Formed(v, formed.iter().map(|(i, _)| *i).collect())),
        }
    }
    Err(Stop::NoLink(v))
}

/// One source of a converted figure.
#[derive(Clone, Debug)]
pub struct Source {
    pub unit: UnitId,
    pub value: Exact,
    /// `None`: the whole of the source's figure.
    pub share: Option<Exact>,
    /// The links followed, with their dates and kinds.
    pub links: Vec<Link>,
}

/// A figure of the target structure.
#[derive(Clone, Debug)]
pub struct Converted {
    pub unit: UnitId,
    pub period: Period,
    pub variable: String,
    pub value: Exact,
    pub sources: Vec<Source>,
}

/// Why a figure was not converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The source's figure goes nowhere.
    Stopped(Stop),
    /// A count of a unit that took part of a divided unit, with no share given:
    /// (source, divided unit, link index).
    NoShare(Vec<(UnitId, UnitId, usize)>),
    /// Units that went into this one have no figure.
    MissingSources(Vec<UnitId>),
    /// A percentage over a changed territory.
    Percentage,
}

/// A figure that could not be converted: of a source unit (it goes nowhere)
/// or of a target unit (its sources are incomplete).
#[derive(Clone, Debug)]
pub struct NotConverted {
    pub unit: UnitId,
    pub period: Period,
    pub variable: String,
    pub reason: Reason,
}

/// The result of a conversion.
#[derive(Clone, Debug)]
pub struct Conversion {
    /// The day whose structure the figures were moved to.
    pub to: NaiveDate,
    /// That structure's label.
    pub structure: String,
    /// The converted figures as a dataset of the target structure.
    pub dataset: Dataset,
    pub figures: Vec<Converted>,
    pub not_converted: Vec<NotConverted>,
    /// The source dataset's name.
    pub source: String,
    pub shares: String,
}

/// The day a figure of `unit` for `period` describes the territory of.
fn figure_day(units: &UnitRegistry, data: &Dataset, unit: UnitId, period: &Period) -> NaiveDate {
    if let Some(d) = data.written_in() {
        return d;
    }
    let u = units.unit(unit);
    let mut d = period.dates().1;
    if let Some(t) = u.valid_to.filter(|t| *t < d) {
        d = t;
    }
    if let Some(f) = u.valid_from.filter(|f| *f > d) {
        d = f;
    }
    d
}

/// Moves every figure of `data` to the structure in force on `to`.
pub fn convert(data: &Dataset, cat: &Catalogue, to: NaiveDate, shares: &Shares) -> Result<Conversion, crate::Error> {
    let units = data.units();
    let structure = units.structure_on(to).ok_or_else(|| crate::Error::Invalid(format!("no structure is in force on {to}")))?;
    // Any day of a structure gives the same units: use its own first (or last) day.
    let to = structure.from.or(structure.to).unwrap_or(to);
    let vocab = cat.vocabulary();
    let mut figures: Vec<Converted> = Vec::new();
    let mut not_converted: Vec<NotConverted> = Vec::new();
    let mut walks: FxHashMap<(UnitId, NaiveDate), Result<Vec<Route>, Stop>> = FxHashMap::default();
    // Each unit's figure as the data gives it, own or added up (a province
    // persists: its total over the districts is its figure in any structure).
    let roll = crate::observations::RollUp::new(data, units, cat);
    let mut columns: Vec<(&str, Period)> = data.columns().map(|(v, p, _)| (v, p)).collect();
    columns.sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
    for (var, period) in columns {
        let Some(var_id) = vocab.id(var) else { continue };
        let col = roll.column(var_id, &period);
        let kind = vocab.kind(var_id).unwrap_or(VariableKind::Count);
        let candidates: Vec<UnitId> = match data.written_in() {
            Some(d) => units.in_force(d).collect(),
            None => units.ids().filter(|u| units.valid_during(*u, &period)).collect(),
        };
        // Target -> (source, its route).
        let mut into: FxHashMap<UnitId, Vec<(UnitId, Route)>> = FxHashMap::default();
        for c in candidates {
            let day = figure_day(units, data, c, &period);
            let walk = walks.entry((c, day)).or_insert_with(|| routes(units, shares, c, day, to));
            match walk {
                Ok(rs) => {
                    for r in rs.iter() {
                        into.entry(r.target).or_default().push((c, r.clone()));
                    }
                }
                Err(stop) => {
                    if col.get(c).is_some() {
                        not_converted.push(NotConverted { unit: c, period, variable: var.to_string(), reason: Reason::Stopped(stop.clone()) });
                    }
                }
            }
        }
        let mut targets: Vec<UnitId> = into.keys().copied().collect();
        targets.sort_unstable();
        for t in targets {
            let Some(entries) = into.get(&t) else { continue };
            let valued: Vec<(UnitId, &Route, Exact)> = entries.iter().filter_map(|(c, r)| col.get(*c).map(|x| (*c, r, x))).collect();
            if valued.is_empty() {
                continue;
            }
            let skip = |reason| NotConverted { unit: t, period, variable: var.to_string(), reason };
            let absent: Vec<UnitId> = entries.iter().filter(|(c, _)| col.get(*c).is_none()).map(|(c, _)| *c).collect();
            if !absent.is_empty() {
                not_converted.push(skip(Reason::MissingSources(absent)));
                continue;
            }
            let value = match kind {
                VariableKind::Count | VariableKind::Amount => {
                    let missing: Vec<(UnitId, UnitId, usize)> = valued
                        .iter()
                        .filter_map(|(c, r, _)| match r.share {
                            Share::Missing { divided, link } => Some((*c, divided, link)),
                            _ => None,
                        })
                        .collect();
                    if !missing.is_empty() {
                        not_converted.push(skip(Reason::NoShare(missing)));
                        continue;
                    }
                    valued.iter().fold(Exact::zero(), |acc, (_, r, x)| match &r.share {
                        Share::Given(s) => &acc + &(x * s),
                        _ => &acc + x,
                    })
                }
                VariableKind::Flag => {
                    if valued.iter().any(|(_, _, x)| x.is_zero()) {
                        Exact::zero()
                    } else {
                        Exact::one()
                    }
                }
                VariableKind::Percent => match valued.as_slice() {
                    [(_, r, x)] if r.share == Share::Whole => x.clone(),
                    _ => {
                        not_converted.push(skip(Reason::Percentage));
                        continue;
                    }
                },
            };
            let lineage = units.lineage();
            let sources = valued
                .iter()
                .map(|(c, r, x)| Source {
                    unit: *c,
                    value: x.clone(),
                    share: match &r.share {
                        Share::Given(s) => Some(s.clone()),
                        _ => None,
                    },
                    links: r.links.iter().filter_map(|i| lineage.link(*i).cloned()).collect(),
                })
                .collect();
            figures.push(Converted { unit: t, period, variable: var.to_string(), value, sources });
        }
    }
    let placed: Vec<(&str, Period, UnitId, Exact)> = figures.iter().map(|f| (f.variable.as_str(), f.period, f.unit, f.value.clone())).collect();
    let name = format!("{} → {}", data.name, structure.label);
    let dataset = Dataset::assembled(units, &vocab, placed, &name, data.synthetic, Some(to));
    not_converted.sort_by(|a, b| (a.period, &a.variable, a.unit).cmp(&(b.period, &b.variable, b.unit)));
    Ok(Conversion { to, structure: structure.label.clone(), dataset, figures, not_converted, source: data.name.clone(), shares: shares.name.clone() })
}

/// "06652 Phường Hà Phong".
fn unit_text(units: &UnitRegistry, u: UnitId) -> String {
    let x = units.unit(u);
    format!("{} {}", x.code, x.name)
}

fn link_text(units: &UnitRegistry, l: &Link, lang: Lang) -> String {
    let new = l.new.map(|n| unit_text(units, n)).unwrap_or_else(|| "—".to_string());
    match lang {
        Lang::Vi => format!("{} → {} ({}, {})", unit_text(units, l.old), new, l.kind.words(lang), l.effective.format("%d/%m/%Y")),
        Lang::En => format!("{} → {} ({}, {})", unit_text(units, l.old), new, l.kind.words(lang), l.effective),
    }
}

impl Reason {
    /// The reason in words (the unit it is about is given beside it).
    pub fn text(&self, units: &UnitRegistry, lang: Lang) -> String {
        let lineage = units.lineage();
        let link = |i: &usize| lineage.link(*i);
        let vi = lang == Lang::Vi;
        let date = |d: NaiveDate| if vi { d.format("%d/%m/%Y").to_string() } else { d.to_string() };
        match self {
            Reason::Stopped(Stop::Abolished(i)) => {
                let d = link(i).map(|l| date(l.effective)).unwrap_or_default();
                if vi {
                    format!("cấp huyện bị bãi bỏ từ {d}; số liệu riêng của huyện không có đơn vị kế thừa, cần số liệu của các xã")
                } else {
                    format!("the district level was abolished on {d}; a district's own figure has no successor: give its communes' figures")
                }
            }
            Reason::Stopped(Stop::NoSuccessor(i)) => {
                let d = link(i).map(|l| date(l.effective)).unwrap_or_default();
                if vi {
                    format!("chấm dứt từ {d} nhưng danh sách sáp nhập không ghi đơn vị kế thừa (bổ sung bằng tệp --lineage-file)")
                } else {
                    format!("ended on {d} but the lineage does not name its successor (supply it with --lineage-file)")
                }
            }
            Reason::Stopped(Stop::NoLink(_)) => {
                if vi {
                    "không còn trong cơ cấu đích và không có dòng sáp nhập nào".to_string()
                } else {
                    "not in the target structure, and no lineage row says what became of it".to_string()
                }
            }
            Reason::Stopped(Stop::Formed(_, links)) => {
                let from: Vec<String> = links.iter().filter_map(link).map(|l| link_text(units, l, lang)).collect();
                if vi {
                    format!("được thành lập từ {}: không chia được số liệu cho các đơn vị cũ", from.join("; "))
                } else {
                    format!("formed from {}: its figure cannot be split among the old units", from.join("; "))
                }
            }
            Reason::Stopped(Stop::Grew(_, links)) => {
                let from: Vec<String> = links.iter().filter_map(link).map(|l| link_text(units, l, lang)).collect();
                if vi {
                    format!("đã nhận thêm {}: không tách được phần của đơn vị cũ", from.join("; "))
                } else {
                    format!("absorbed {}: the old unit's part cannot be separated", from.join("; "))
                }
            }
            Reason::NoShare(missing) => {
                let items: Vec<String> = missing
                    .iter()
                    .map(|(source, divided, i)| {
                        let l = link(i);
                        let into = l.and_then(|l| l.new).map(|n| units.unit(n).code.clone()).unwrap_or_default();
                        let d = l.map(|l| date(l.effective)).unwrap_or_default();
                        let s = units.unit(*source).code.clone();
                        if vi {
                            format!("{} bị chia từ {d}, chưa có tỷ lệ của {s} vào {into} (thêm dòng {s},{into},<tỷ lệ> vào tệp --shares)", unit_text(units, *divided))
                        } else {
                            format!("{} was divided on {d} and no share of {s} in {into} is given (add a row {s},{into},<share> to the --shares file)", unit_text(units, *divided))
                        }
                    })
                    .collect();
                if vi {
                    format!("không phân bổ được: {}", items.join("; "))
                } else {
                    format!("not attributable: {}", items.join("; "))
                }
            }
            Reason::MissingSources(us) => {
                let names: Vec<String> = us.iter().map(|u| unit_text(units, *u)).collect();
                if vi {
                    format!("thiếu số liệu của đơn vị đã nhập vào: {}", names.join(", "))
                } else {
                    format!("no figure for units that went into it: {}", names.join(", "))
                }
            }
            Reason::Percentage => {
                if vi {
                    "tỷ lệ % do đơn vị tự tính không cộng hay chia được khi địa giới thay đổi; cần tử số và mẫu số".to_string()
                } else {
                    "a percentage computed by the data owner cannot be added up or split when the territory changes; give its numerator and denominator".to_string()
                }
            }
        }
    }
    /// A stable machine name.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Stopped(Stop::Abolished(_)) => "abolished",
            Reason::Stopped(Stop::NoSuccessor(_)) => "no_successor",
            Reason::Stopped(Stop::NoLink(_)) => "no_lineage",
            Reason::Stopped(Stop::Formed(..)) => "cannot_split",
            Reason::Stopped(Stop::Grew(..)) => "cannot_separate",
            Reason::NoShare(_) => "not_attributable",
            Reason::MissingSources(_) => "missing_source",
            Reason::Percentage => "percentage",
        }
    }
}

/// Columns of the converted figures file: long form, readable by every command.
pub const CSV_COLUMNS: &[&str] = &["unit_code", "unit_name", "period", "variable", "value", "structure", "source"];

/// A figure as written: the integer, else the exact fraction for counts and
/// amounts (a share need not give a whole number), the decimal for percentages.
fn value_text(x: &Exact, kind: Option<VariableKind>) -> String {
    if x.is_integer() {
        return x.fraction_text();
    }
    match kind {
        Some(VariableKind::Percent) => x.decimal_text(),
        _ => x.fraction_text(),
    }
}

impl Conversion {
    /// "06649 Phường Hà Khánh (whole, 2025-07-01) + 06886 Xã Hải Lạng × 7/10 (part, 2025-07-01)".
    fn source_text(&self, f: &Converted) -> String {
        let units = self.dataset.units();
        f.sources
            .iter()
            .map(|s| {
                let mut t = unit_text(units, s.unit);
                if let Some(x) = &s.share {
                    let _ = write!(t, " × {}", x.fraction_text());
                }
                let steps: Vec<String> = s.links.iter().map(|l| format!("{}, {}", l.kind.as_str(), l.effective)).collect();
                if !steps.is_empty() {
                    let _ = write!(t, " ({})", steps.join("; "));
                }
                t
            })
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// The converted figures, long form with their structure and source.
    pub fn to_csv(&self, cat: &Catalogue) -> String {
        let units = self.dataset.units();
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(CSV_COLUMNS);
        for f in &self.figures {
            let u = units.unit(f.unit);
            let kind = cat.variable(&f.variable).map(|v| v.kind);
            let _ = w.write_record([u.code.as_str(), u.name.as_str(), &f.period.to_string(), &f.variable, &value_text(&f.value, kind), &self.structure, &self.source_text(f)]);
        }
        w.into_inner().ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
    }

    /// The public JSON report: `{"chitieu_version", "dataset", "to",
    /// "structure", "shares", "converted": [{"unit", "unit_name", "period",
    /// "variable", "value", "value_exact", "sources": [{"unit", "unit_name",
    /// "value", "share", "lineage": [{"effective", "from", "to", "kind",
    /// "basis"}]}]}], "not_converted": [{"unit", "unit_name", "period",
    /// "variable", "reason", "reason_code", "reason_vi", "reason_en"}],
    /// "readings": [...]}`.
    pub fn to_json(&self, lang: Lang) -> serde_json::Value {
        use serde_json::json;
        let units = self.dataset.units();
        let code = |u: UnitId| units.unit(u).code.clone();
        let name = |u: UnitId| units.unit(u).name.clone();
        let converted: Vec<serde_json::Value> = self
            .figures
            .iter()
            .map(|f| {
                json!({
                    "unit": code(f.unit), "unit_name": name(f.unit), "period": f.period.to_string(), "variable": f.variable,
                    "value": f.value.decimal_text(), "value_exact": f.value.fraction_text(),
                    "sources": f.sources.iter().map(|s| json!({
                        "unit": code(s.unit), "unit_name": name(s.unit), "value": s.value.fraction_text(),
                        "share": s.share.as_ref().map(Exact::fraction_text),
                        "lineage": s.links.iter().map(|l| link_json(units, l)).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let skipped: Vec<serde_json::Value> = self
            .not_converted
            .iter()
            .map(|n| {
                let (vi, en) = (n.reason.text(units, Lang::Vi), n.reason.text(units, Lang::En));
                json!({
                    "unit": code(n.unit), "unit_name": name(n.unit), "period": n.period.to_string(), "variable": n.variable,
                    "reason_code": n.reason.code(), "reason": if lang == Lang::Vi { &vi } else { &en }, "reason_vi": vi, "reason_en": en,
                })
            })
            .collect();
        json!({
            "chitieu_version": crate::VERSION,
            "dataset": self.source,
            "to": self.to.to_string(),
            "structure": self.structure,
            "shares": if self.shares.is_empty() { serde_json::Value::Null } else { json!(self.shares) },
            "converted": converted,
            "not_converted": skipped,
            "readings": readings(lang),
        })
    }
}

/// `{"effective", "from", "from_name", "to", "to_name", "kind", "basis"}` of a link.
pub fn link_json(units: &UnitRegistry, l: &Link) -> serde_json::Value {
    serde_json::json!({
        "effective": l.effective.to_string(),
        "from": units.unit(l.old).code, "from_name": units.unit(l.old).name,
        "to": l.new.map(|n| units.unit(n).code.clone()), "to_name": l.new.map(|n| units.unit(n).name.clone()),
        "kind": l.kind.as_str(),
        "basis": l.basis,
    })
}

/// The conversion rules in words, as reported with every conversion.
pub fn readings(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Vi => vec![
            "Số đếm, số tiền: cộng từ các đơn vị nhập toàn bộ; đơn vị bị chia chỉ phân bổ theo tỷ lệ người dùng cung cấp (--shares), không có tỷ lệ thì báo không phân bổ được, không ước đoán.",
            "Tỷ lệ: không chuyển đổi tỷ lệ; chuyển tử số và mẫu số rồi tính lại. Tỷ lệ % do đơn vị tự tính chỉ giữ nguyên khi địa giới không đổi.",
            "Có/không và công nhận (drug_free...): đơn vị mới có khi mọi đơn vị nhập vào (toàn bộ hay một phần) đều có; không có khi một đơn vị không có.",
            "Chuyển ngược về cơ cấu cũ chỉ khi quan hệ là một – một; số liệu của đơn vị sáp nhập không chia ngược được.",
        ],
        Lang::En => vec![
            "Counts and amounts add up from whole predecessors; a divided unit's figure is attributed only with user-given shares (--shares), otherwise reported as not attributable, never guessed.",
            "Rates are not converted as rates: their numerator and denominator are, and the rate is recomputed. A percentage computed by the data owner is kept only where the territory is unchanged.",
            "Yes/no facts and recognitions (drug_free...): the new unit has the fact only if every unit that went into it, wholly or in part, had it; it has not as soon as one had not.",
            "Backwards to an earlier structure only where the lineage is one to one; a merged unit's figure cannot be split back.",
        ],
    }
}
