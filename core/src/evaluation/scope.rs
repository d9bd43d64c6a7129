//! Where a run's documents bind: a document's targets apply only to units
//! inside its scope (Quảng Ninh and the units under it for four documents,
//! Cẩm Phả for 102/KH-UBND; issue 14 item 8), and a unit below the level the
//! document sets its targets for is judged by an extension of them (item 7).
//!
//! The rule is the catalogue's (`Catalogue::binds`: the target's levels and
//! units, and `catalogue::scope_unit`); a run works it out once per document
//! and unit, so deciding a national registry never walks the hierarchy again.

use crate::catalogue::{scope_unit, Catalogue, Scope};
use crate::units::{Level, UnitId, UnitRegistry};
use crate::warning::Warning;

use super::coverage::listed;

/// Per document and unit: the level of the scope unit the unit lies in
/// (`None`: outside the document's scope).
#[derive(Clone, Debug, Default)]
pub(crate) struct Scopes {
    levels: Vec<Vec<Option<Level>>>,
}

impl Scopes {
    pub fn new(cat: &Catalogue, units: &UnitRegistry) -> Scopes {
        let levels = cat
            .documents()
            .iter()
            .map(|d| units.ids().map(|u| scope_unit(&d.scope, u, units).map(|s| units.unit(s).level)).collect())
            .collect();
        Scopes { levels }
    }

    /// The level document `doc` sets its targets for, seen from unit `u`;
    /// `None` when `u` is outside the document's scope.
    pub fn level(&self, doc: usize, u: UnitId) -> Option<Level> {
        self.levels.get(doc).and_then(|l| l.get(u.index())).copied().flatten()
    }

    /// Whether `u` lies inside the scope of some document.
    fn inside_any(&self, u: UnitId) -> bool {
        (0..self.levels.len()).any(|d| self.level(d, u).is_some())
    }
}

/// Warnings about selected units outside every document's scope: none inside
/// at all (`no_unit_in_scope`: nothing is judged, and the run says why), or
/// some of them (`units_outside_scope`: a national registry's other provinces).
pub(crate) fn warnings(cat: &Catalogue, units: &UnitRegistry, scopes: &Scopes, selected: &[UnitId]) -> Vec<Warning> {
    let mut outside: Vec<UnitId> = selected.iter().copied().filter(|u| !scopes.inside_any(*u)).collect();
    if outside.is_empty() || cat.documents().is_empty() {
        return Vec::new();
    }
    if outside.len() == selected.len() {
        let (vi, en): (Vec<String>, Vec<String>) = scope_groups(cat, units).into_iter().unzip();
        return vec![Warning::new(
            "no_unit_in_scope",
            format!("Không đơn vị nào được chọn nằm trong phạm vi áp dụng của văn bản nào ({}): không chỉ tiêu nào được đánh giá", vi.join("; ")),
            format!("no selected unit lies inside the scope of any document ({}): no target is judged", en.join("; ")),
        )];
    }
    outside.sort_unstable();
    outside.dedup();
    let names: Vec<String> = outside.iter().map(|u| format!("{} {}", units.unit(*u).code, units.unit(*u).name)).collect();
    let (vi, en) = listed(&names, "đơn vị", "units");
    vec![Warning::new(
        "units_outside_scope",
        format!("{} đơn vị được chọn nằm ngoài phạm vi áp dụng của mọi văn bản nên không được đánh giá: {vi}", outside.len()),
        format!("{} selected units lie outside the scope of every document and are not judged: {en}", outside.len()),
    )]
}

/// "314/2020/NQ-HĐND, 32-CT/TU: đơn vị 22 (Tỉnh Quảng Ninh) và các đơn vị
/// trực thuộc": the documents grouped by the scope they bind.
fn scope_groups(cat: &Catalogue, units: &UnitRegistry) -> Vec<(String, String)> {
    let mut groups: Vec<(&Scope, Vec<&str>)> = Vec::new();
    for d in cat.documents() {
        match groups.iter_mut().find(|(s, _)| *s == &d.scope) {
            Some((_, numbers)) => numbers.push(&d.number),
            None => groups.push((&d.scope, vec![&d.number])),
        }
    }
    groups
        .into_iter()
        .map(|(scope, numbers)| {
            let numbers = numbers.join(", ");
            match scope {
                Scope::Anywhere => (format!("{numbers}: mọi đơn vị"), format!("{numbers}: any unit")),
                Scope::Units(codes) => {
                    let vi: Vec<String> = codes.iter().map(|c| units.get(c).map_or_else(|| format!("{c} (không có trong danh mục đơn vị)"), |u| format!("{c} ({})", u.name))).collect();
                    let en: Vec<String> = codes.iter().map(|c| units.get(c).map_or_else(|| format!("{c} (not in the unit registry)"), |u| format!("{c} ({})", u.name))).collect();
                    (format!("{numbers}: đơn vị {} và các đơn vị trực thuộc", vi.join(", ")), format!("{numbers}: unit {} and the units under it", en.join(", ")))
                }
            }
        })
        .collect()
}
