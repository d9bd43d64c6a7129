//! Territory: which units' figures make up one unit's territory over a
//! period that crosses a reform.
//!
//! A figure belongs to the unit in force during its period, for the days it
//! existed: Phường Hà Khánh's 2025 figure covers January-June, the new Phường
//! Cao Xanh's July-December. To judge one unit over a whole period, or
//! against a baseline from before it existed, chitieu gathers the units whose
//! territory is now (or was then) the unit's:
//!
//! - **before** the unit existed, or absorbed another: the units that went
//!   into it, whole ones with all their figure, divided ones with the share the
//!   user gives for that part (`conversion::Shares`; without one the part is
//!   `Factor::Missing` and the sum is not attributable); a commune that had
//!   absorbed others earlier brings them too (Xã Cộng Hòa with Xã Cẩm Hải);
//! - **after** the unit ended inside the period: the units its territory went
//!   into, only when they lie wholly inside it (every unit that went into them
//!   was part of it, and none existed before): a district's footprint is its
//!   communes' successors when each of them was formed only from its
//!   communes. Otherwise the territory cannot be rebuilt (`NotRebuilt`), and a
//!   target is not applicable for that unit, with the reason.
//!
//! Each term keeps the links it followed, so an outcome can name its
//! lineage (source units, shares, effective dates).

use chrono::NaiveDate;

use crate::conversion::Shares;
use crate::exact::Exact;
use crate::lineage::LinkKind;
use crate::period::Period;
use crate::units::{UnitId, UnitRegistry};

/// How much of a unit's figure belongs to the territory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Factor {
    Whole,
    /// A share given for a divided unit's part.
    Share(Exact),
    /// A part of a divided unit with no share given: `source`'s figure cannot
    /// be attributed to `into` (the link that divided it is `link`).
    Missing { source: UnitId, into: UnitId, link: usize },
}

/// One unit whose figure counts for the territory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub unit: UnitId,
    pub factor: Factor,
    /// The links followed from the unit judged to this one, as lineage indices.
    pub links: Vec<usize>,
}

/// Why a unit's territory cannot be rebuilt over a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotRebuilt {
    pub unit: UnitId,
    /// The day the unit's structure ended.
    pub effective: NaiveDate,
    /// Whether the unit's level was abolished (a district), rather than the unit merged.
    pub abolished: bool,
    /// The units its territory went into.
    pub successors: Vec<UnitId>,
    /// Those that also took territory from outside it, with the outside units.
    pub outside: Vec<(UnitId, Vec<UnitId>)>,
    /// Units of it whose successor the lineage does not name.
    pub unknown: Vec<UnitId>,
}

/// The units whose figures over `period` make up `unit`'s territory: the unit
/// itself when it exists throughout the period and absorbed nothing during or
/// after it; more terms across a reform (see the module documentation).
pub fn territory(units: &UnitRegistry, shares: &Shares, unit: UnitId, period: &Period) -> Result<Vec<Term>, NotRebuilt> {
    let (start, end) = period.dates();
    let mut terms = before(units, shares, unit, start, end, Vec::new(), 0);
    if let Some(last) = units.unit(unit).valid_to.filter(|t| *t < end && *t >= start) {
        terms.extend(after(units, unit, last)?);
    }
    Ok(terms)
}

/// Whether the territory is just the unit itself.
pub fn is_own(terms: &[Term], unit: UnitId) -> bool {
    matches!(terms, [t] if t.unit == unit && t.factor == Factor::Whole)
}

/// `unit`'s territory as of its last day, over the days from `start` to `end`.
fn before(units: &UnitRegistry, shares: &Shares, unit: UnitId, start: NaiveDate, end: NaiveDate, path: Vec<usize>, depth: usize) -> Vec<Term> {
    let u = units.unit(unit);
    let mut out = Vec::new();
    if u.valid_from.is_none_or(|f| f <= end) && u.valid_to.is_none_or(|t| t >= start) {
        out.push(Term { unit, factor: Factor::Whole, links: path.clone() });
    }
    // A chain is at most as long as the lineage.
    if depth > units.lineage().links().len() {
        return out;
    }
    let lineage = units.lineage();
    for (i, l) in lineage.into_indexed(unit) {
        if l.effective <= start {
            continue;
        }
        let mut p = path.clone();
        p.push(i);
        for t in before(units, shares, l.old, start, end, p, depth + 1) {
            let factor = match (l.kind, &t.factor) {
                (LinkKind::Part, Factor::Missing { .. }) | (LinkKind::Whole | LinkKind::Abolished, _) => t.factor.clone(),
                (LinkKind::Part, f) => match shares.get(t.unit, unit) {
                    Some(s) => match f {
                        Factor::Share(x) => Factor::Share(x * s),
                        _ => Factor::Share(s.clone()),
                    },
                    None => Factor::Missing { source: t.unit, into: unit, link: i },
                },
            };
            out.push(Term { factor, ..t });
        }
    }
    out
}

/// The units `unit`'s territory went into the day after `last`, when they lie wholly inside it.
fn after(units: &UnitRegistry, unit: UnitId, last: NaiveDate) -> Result<Vec<Term>, NotRebuilt> {
    let lineage = units.lineage();
    let e = last.succ_opt().unwrap_or(last);
    let ending = |v: UnitId| lineage.out_of(v).any(|l| l.effective == e && l.kind != LinkKind::Abolished);
    let abolished = lineage.out_of(unit).any(|l| l.effective == e && l.kind == LinkKind::Abolished);
    // The units of the territory that went somewhere: itself, or (a district) its units below.
    let mut leaves: Vec<UnitId> = Vec::new();
    let mut stack = vec![unit];
    while let Some(v) = stack.pop() {
        if ending(v) {
            leaves.push(v);
        } else {
            stack.extend(units.children_of(v).iter().copied().filter(|c| units.unit(*c).valid_on(last)));
        }
    }
    let mut successors: Vec<UnitId> = Vec::new();
    let mut links: Vec<(UnitId, usize)> = Vec::new();
    let mut unknown = Vec::new();
    for &leaf in &leaves {
        for (i, l) in lineage.out_of_indexed(leaf).filter(|(_, l)| l.effective == e) {
            match l.new {
                Some(n) => {
                    if !successors.contains(&n) {
                        successors.push(n);
                    }
                    links.push((n, i));
                }
                None => unknown.push(leaf),
            }
        }
    }
    successors.sort_unstable();
    let mut outside = Vec::new();
    for &n in &successors {
        let mut foreign: Vec<UnitId> = lineage.into(n).filter(|l| l.effective == e && !leaves.contains(&l.old)).map(|l| l.old).collect();
        // A unit that went on from before the change has territory of its own outside.
        if units.unit(n).valid_from != Some(e) {
            foreign.push(n);
        }
        if !foreign.is_empty() {
            outside.push((n, foreign));
        }
    }
    if leaves.is_empty() || !outside.is_empty() || !unknown.is_empty() {
        return Err(NotRebuilt { unit, effective: e, abolished, successors, outside, unknown });
    }
    Ok(successors
        .into_iter()
        .map(|n| Term { unit: n, factor: Factor::Whole, links: links.iter().filter(|(m, _)| *m == n).map(|(_, i)| *i).collect() })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> UnitRegistry {
        UnitRegistry::builtin()
    }
    fn on(r: &UnitRegistry, code: &str, d: &str) -> UnitId {
        r.resolve_on(code, d.parse().unwrap()).unwrap().0
    }
    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }
    fn codes(r: &UnitRegistry, t: &[Term]) -> Vec<String> {
        let mut v: Vec<String> = t.iter().map(|t| r.unit(t.unit).code.clone()).collect();
        v.sort();
        v
    }

    #[test]
    fn a_new_commune_over_2020_is_its_whole_predecessors() {
        let r = reg();
        let ha_tu = on(&r, "06652", "2025-07-01");
        let t = territory(&r, &Shares::none(), ha_tu, &p("2020")).unwrap();
        assert_eq!(codes(&r, &t), ["06652", "06664"]);
        assert!(t.iter().all(|t| t.factor == Factor::Whole && t.unit != ha_tu));
        // Over 2025: itself from July, its predecessors before.
        let t = territory(&r, &Shares::none(), ha_tu, &p("2025")).unwrap();
        assert_eq!(codes(&r, &t), ["06652", "06652", "06664"]);
        assert!(!is_own(&t, ha_tu));
        // A unit that existed throughout and absorbed nothing: itself.
        let province = on(&r, "22", "2025-07-01");
        assert!(is_own(&territory(&r, &Shares::none(), province, &p("2025")).unwrap(), province));
    }

    #[test]
    fn divided_predecessors_need_shares_and_bring_what_they_absorbed() {
        let r = reg();
        let hai_lang = on(&r, "06886", "2025-07-01");
        let t = territory(&r, &Shares::none(), hai_lang, &p("2020")).unwrap();
        // 06886 (old, part), 06892 (whole), 06799 (old, part) and 06802 (absorbed by 06799 in 2024).
        assert_eq!(codes(&r, &t), ["06799", "06802", "06886", "06892"]);
        let missing = t.iter().filter(|t| matches!(t.factor, Factor::Missing { .. })).count();
        assert_eq!(missing, 3);
        let shares = Shares::from_csv_str("old_code,new_code,share\n06886,06886,0.7\n06886,06799,0.2\n06886,06970,0.1\n06799,06886,0.4\n06799,06799,0.6\n06802,06886,0\n06802,06799,1\n", "s.csv", &r).unwrap();
        let t = territory(&r, &shares, hai_lang, &p("2020")).unwrap();
        let f = |code: &str| t.iter().find(|t| r.unit(t.unit).code == code).unwrap().factor.clone();
        assert_eq!(f("06886"), Factor::Share("0.7".parse().unwrap()));
        assert_eq!(f("06799"), Factor::Share("0.4".parse().unwrap()));
        assert_eq!(f("06802"), Factor::Share(Exact::zero()));
        assert_eq!(f("06892"), Factor::Whole);
    }

    #[test]
    fn a_district_over_2025_is_its_footprint_when_it_can_be_rebuilt() {
        let r = reg();
        let co_to = on(&r, "207", "2025-01-01");
        let t = territory(&r, &Shares::none(), co_to, &p("2025")).unwrap();
        assert_eq!(codes(&r, &t), ["07192", "207"]);
        let cam_pha = on(&r, "195", "2025-01-01");
        let e = territory(&r, &Shares::none(), cam_pha, &p("2025")).unwrap_err();
        assert!(e.abolished);
        let hai_lang = on(&r, "06886", "2025-07-01");
        assert!(e.outside.iter().any(|(n, _)| *n == hai_lang), "{e:?}");
        // In 2024 the districts are whole: themselves.
        assert!(is_own(&territory(&r, &Shares::none(), cam_pha, &p("2024")).unwrap(), cam_pha));
        // A commune merged into a unit that goes on cannot be rebuilt.
        let cam_hai = on(&r, "06802", "2024-01-01");
        assert!(territory(&r, &Shares::none(), cam_hai, &p("2024")).is_err());
    }
}
