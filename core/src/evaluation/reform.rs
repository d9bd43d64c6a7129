//! Evaluation across an administrative reform (issue 9): which figures make
//! up a unit over a period that crosses a change, and the readings that say
//! so with every outcome they touch (and in `core/catalogue/NOTES.md`).
//!
//! The documents were written for the 2024 structure; 2025, their last year,
//! is reported half in it and half in the structure of 1/7/2025. The
//! readings:
//!
//! - **The unit persists** (`persists`): the province (and a district
//!   through 1/11/2024) goes on through a change of the units below it; its
//!   totals over a period that crosses the change are its own figures, or the
//!   sum of the units in force in each part of the period, only when every
//!   part is there.
//! - **Predecessors** (`predecessors`): a unit formed by the reform, over a
//!   period (or against a baseline) from before it existed, is the sum of the
//!   units that went into it: whole ones with all their figure, divided ones
//!   by the share the user gives; without a share, not attributable (no data,
//!   with the reason), never guessed. The explanation names them.
//! - **Footprint** (`footprint`): a unit that ended inside the period (a
//!   district abolished on 1/7/2025) is judged on its old territory when every
//!   figure can be placed in it: itself until it ended, then the units formed
//!   only from its own units.
//! - **Ended** (`ended`): otherwise not applicable, with the reason ("district
//!   level abolished on 1/7/2025"; "merged into ... on ..."), never a silent
//!   no_data.
//! - **Share at the end** (`share_at_end`): a share of units ("> 50% of
//!   communes") is judged on the structure in force at the end of the period.
//! - **Count in the documents' structure** (`count_in_base`): a number of
//!   units the documents set in their own structure (105 communes and 3
//!   districts by 2025) is counted in that structure, which decides: a unit of
//!   it counts when every unit its territory went into by the end of the
//!   period counts (the all-of rule of conversion); the count in the structure
//!   in force at the end is reported beside it.

use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::measure::{Figures, Measured};
use crate::catalogue::{Measure, VarId};
use crate::conversion::Shares;
use crate::exact::Exact;
use crate::lineage::{Link, LinkKind};
use crate::observations::Missing;
use crate::period::Period;
use crate::territory::{territory, Factor, NotRebuilt, Term};
use crate::units::{Level, UnitId, UnitRegistry};
use crate::Lang;

/// A reading taken across a reform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reading {
    Persists,
    Predecessors,
    Footprint,
    Ended,
    ShareAtEnd,
    CountInBase,
}

impl Reading {
    /// The stable name of the JSON contract.
    pub fn id(&self) -> &'static str {
        match self {
            Reading::Persists => "persists",
            Reading::Predecessors => "predecessors",
            Reading::Footprint => "footprint",
            Reading::Ended => "ended",
            Reading::ShareAtEnd => "share_at_end",
            Reading::CountInBase => "count_in_base",
        }
    }

    /// The reading and its reason, in words.
    pub fn text(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Reading::Persists, Lang::Vi) => "Đơn vị giữ nguyên khi các đơn vị trực thuộc được sắp xếp (tỉnh qua mọi lần sắp xếp): số liệu cả kỳ là số liệu của đơn vị, hoặc tổng của các đơn vị có hiệu lực trong từng phần của kỳ, chỉ khi đủ mọi phần (thiếu không coi là 0).",
            (Reading::Persists, Lang::En) => "A unit that persists while the units below it are reorganised (the province through every change): its figure for the period is its own, or the sum of the units in force in each part of the period, only when every part is there (missing is never zero).",
            (Reading::Predecessors, Lang::Vi) => "Đơn vị mới so với thời gian trước khi thành lập: cộng số liệu của các đơn vị đã nhập vào (nhập toàn bộ: cả số; bị chia: theo tỷ lệ người dùng cung cấp, không có tỷ lệ thì không phân bổ, không ước đoán), vì chỉ tiêu đo trên cùng một địa bàn.",
            (Reading::Predecessors, Lang::En) => "A new unit compared with a time before it existed: the sum of the units that went into it (whole ones with all their figure, divided ones by the share the user gives; without one, not attributable, never guessed), so that the target is measured on the same territory.",
            (Reading::Footprint, Lang::Vi) => "Đơn vị chấm dứt trong kỳ (cấp huyện bãi bỏ từ 01/7/2025) được xét trên địa bàn cũ khi mọi số liệu đặt được vào đó: số liệu của đơn vị đến ngày chấm dứt, sau đó của các đơn vị mới chỉ hình thành từ các đơn vị thuộc nó.",
            (Reading::Footprint, Lang::En) => "A unit that ended inside the period (the district level abolished on 1/7/2025) is judged on its old territory when every figure can be placed in it: its own figures until it ended, then those of the new units formed only from its own units.",
            (Reading::Ended, Lang::Vi) => "Đơn vị chấm dứt trong kỳ mà địa bàn cũ không dựng lại được (có đơn vị mới lấy cả địa bàn ngoài nó): không áp dụng, nêu lý do; không coi là thiếu số liệu.",
            (Reading::Ended, Lang::En) => "A unit that ended inside the period whose old territory cannot be rebuilt (a new unit also took territory from outside it): not applicable, with the reason; never reported as missing data.",
            (Reading::ShareAtEnd, Lang::Vi) => "Tỷ lệ số đơn vị được xét theo cơ cấu đơn vị hành chính có hiệu lực vào cuối kỳ, vì kết quả cuối kỳ được báo cáo theo các đơn vị đang tồn tại.",
            (Reading::ShareAtEnd, Lang::En) => "A share of units is judged on the structure in force at the end of the period, since the result at the end of the period is reported for the units that exist then.",
            (Reading::CountInBase, Lang::Vi) => "Số đơn vị văn bản giao theo cơ cấu năm 2024 (105 xã, 03 huyện) được đếm theo cơ cấu đó và quyết định kết quả: một đơn vị cũ được tính khi mọi đơn vị mới nhận địa bàn của nó đều đạt; số đếm theo cơ cấu cuối kỳ được nêu kèm.",
            (Reading::CountInBase, Lang::En) => "A number of units the documents set in the 2024 structure (105 communes, 3 districts) is counted in that structure, which decides: an old unit counts when every new unit that took its territory counts; the count in the structure at the end of the period is given beside it.",
        }
    }
}

/// The reform context of one outcome, shown with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub reading: Reading,
    /// The specifics: which units, which dates, the other count.
    pub detail_vi: String,
    pub detail_en: String,
    /// The lineage behind the figures: the links followed, with the share of each part.
    pub links: Vec<(Link, Option<Exact>)>,
}

impl Note {
    pub fn detail(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.detail_vi,
            Lang::En => &self.detail_en,
        }
    }
}

/// How an outcome is decided across a reform.
pub(crate) enum Context {
    /// As everywhere else.
    Plain,
    /// With the territories below, and this note.
    Noted(Arc<Note>),
    /// With this measured value instead of the one the registry gives (a count
    /// in the documents' structure), and this note.
    Measured(Measured, Arc<Note>),
    /// Not decided: not applicable (the territory cannot be rebuilt, reading
    /// `Ended`) or no data (not attributable), the note saying why.
    Undecided(Arc<Note>),
}

/// The territories of one run: for each (unit, period) a target reads, the
/// units whose figures make it up, when they are not just the unit itself.
pub(crate) struct Reform {
    units: UnitRegistry,
    across: FxHashMap<(UnitId, Period), Result<Vec<Term>, NotRebuilt>>,
    /// Variables that add up, by id.
    additive: Vec<bool>,
    /// The last day of the registry's first structure (the documents').
    base_end: Option<NaiveDate>,
}

/// The last day a unit is in force within a period.
fn last_day(units: &UnitRegistry, u: UnitId, p: &Period) -> NaiveDate {
    let end = p.dates().1;
    units.unit(u).valid_to.filter(|t| *t < end).unwrap_or(end)
}

/// "01/7/2025", as the documents write a date.
fn date_vi(d: NaiveDate) -> String {
    d.format("%d/%-m/%Y").to_string()
}

/// "1/7/2025".
fn date_en(d: NaiveDate) -> String {
    d.format("%-d/%-m/%Y").to_string()
}

/// "năm 2020", "giai đoạn 2016-2020".
fn period_vi(p: &Period) -> String {
    match p {
        Period::Span(a, b) => format!("giai đoạn {a}-{b}"),
        Period::Year(y) => format!("năm {y}"),
        other => format!("kỳ {other}"),
    }
}

fn names(units: &UnitRegistry, ids: &[UnitId]) -> String {
    ids.iter().map(|u| format!("{} ({})", units.unit(*u).name, units.unit(*u).code)).collect::<Vec<_>>().join(", ")
}

impl Reform {
    /// `None` for a registry of one structure: nothing changes there.
    pub fn new(units: &UnitRegistry, shares: Shares, additive: Vec<bool>, pairs: impl Iterator<Item = (UnitId, Period)>) -> Option<Reform> {
        if units.single_structure() {
            return None;
        }
        let mut across = FxHashMap::default();
        for (u, p) in pairs {
            if across.contains_key(&(u, p)) {
                continue;
            }
            let t = territory(units, &shares, u, &p);
            if !matches!(&t, Ok(terms) if crate::territory::is_own(terms, u)) {
                across.insert((u, p), t);
            }
        }
        let base_end = units.structures().first().and_then(|s| s.to);
        Some(Reform { units: units.clone(), across, additive, base_end })
    }

    /// The context of `m` for unit `u` measured over `mp`, against `bp`.
    pub fn context(&self, m: &Measure, u: UnitId, mp: &Period, bp: Option<&Period>, f: &impl Figures) -> Context {
        let units = &self.units;
        let counts = matches!(m, Measure::UnitsShare { .. } | Measure::UnitsCount { .. });
        for p in std::iter::once(mp).chain(bp) {
            if let Some(Err(nr)) = self.across.get(&(u, *p)) {
                return Context::Undecided(Arc::new(self.ended_note(nr)));
            }
        }
        if !counts && !matches!(m, Measure::MonthsShare { .. }) {
            let missing: Vec<&Term> =
                [Some(mp), bp].into_iter().flatten().filter_map(|p| self.across.get(&(u, *p))).filter_map(|t| t.as_ref().ok()).flatten().filter(|t| matches!(t.factor, Factor::Missing { .. })).collect();
            if !missing.is_empty() {
                return Context::Undecided(Arc::new(self.unattributable_note(u, &missing)));
            }
            let terms: Vec<(Period, &Vec<Term>)> = [Some(mp), bp].into_iter().flatten().filter_map(|p| self.across.get(&(u, *p)).and_then(|t| t.as_ref().ok()).map(|t| (*p, t))).collect();
            if !terms.is_empty() {
                return Context::Noted(Arc::new(self.territory_note(u, &terms)));
            }
            // The province across a change: a note, the figures as they are.
            if self.straddles(u, mp) {
                return Context::Noted(Arc::new(self.persists_note(u, mp)));
            }
            return Context::Plain;
        }
        let end = last_day(units, u, mp);
        let end_label = units.structure_on(end).map(|s| s.label.clone()).unwrap_or_default();
        let in_base = self.base_end.is_some_and(|b| end <= b);
        if in_base {
            return match self.across.get(&(u, *mp)) {
                Some(Ok(terms)) => Context::Noted(Arc::new(self.territory_note(u, &[(*mp, terms)]))),
                _ => Context::Plain,
            };
        }
        let (level, variable, at_least) = match m {
            Measure::UnitsShare { level, variable, at_least } | Measure::UnitsCount { level, variable, at_least } => (*level, variable.as_str(), at_least),
            _ => return Context::Plain,
        };
        let at_end = f.members(u, level, mp);
        let word = |lang: Lang| level.name(lang);
        if let Measure::UnitsShare { .. } = m {
            let note = Note {
                reading: Reading::ShareAtEnd,
                detail_vi: format!("xét theo cơ cấu {end_label} (ngày {}: {} {})", date_vi(end), at_end.len(), word(Lang::Vi)),
                detail_en: format!("judged on the structure {end_label} ({}: {} {}s)", date_en(end), at_end.len(), word(Lang::En)),
                links: Vec::new(),
            };
            return Context::Noted(Arc::new(note));
        }
        // A count: in the documents' structure (deciding), and at the end.
        let Some(base_end) = self.base_end else { return Context::Plain };
        let Some(var) = f.var(variable) else { return Context::Plain };
        let end_count = at_end.iter().filter(|c| f.value(**c, mp, var).is_some_and(|x| &x >= at_least)).count();
        let end_missing = at_end.iter().any(|c| f.value(*c, mp, var).is_none());
        let base_members = units.descendants_at_during(u, level, Some(&Period::Day(base_end)));
        let mut missing: Vec<Missing> = Vec::new();
        let mut meeting = 0i64;
        let mut links: Vec<(Link, Option<Exact>)> = Vec::new();
        for &c in &base_members {
            match crate::conversion::routes(units, &Shares::none(), c, base_end.min(units.unit(c).valid_to.unwrap_or(base_end)), end) {
                Ok(routes) => {
                    let mut all = true;
                    let mut known = true;
                    for r in &routes {
                        match f.value(r.target, mp, var) {
                            Some(x) if &x >= at_least => {}
                            Some(_) => all = false,
                            None => {
                                known = false;
                                missing.push(Missing { unit: units.unit(r.target).code.clone(), period: *mp, variable: variable.to_string() });
                            }
                        }
                    }
                    if known && all && !routes.is_empty() {
                        meeting += 1;
                    }
                }
                Err(stop) => {
                    // No successor known: the old unit's state at the end cannot be told.
                    let lineage = units.lineage();
                    if let crate::conversion::Stop::NoSuccessor(i) = stop {
                        if let Some(l) = lineage.link(i) {
                            links.push((l.clone(), None));
                        }
                    }
                    missing.push(Missing { unit: units.unit(c).code.clone(), period: *mp, variable: variable.to_string() });
                }
            }
        }
        let base_label = units.structures().first().map(|s| s.label.clone()).unwrap_or_default();
        let end_text = |lang: Lang| match (end_missing, lang) {
            (true, Lang::Vi) => format!("theo cơ cấu {end_label}: chưa đủ số liệu của {} {}", at_end.len(), word(lang)),
            (true, Lang::En) => format!("in the structure {end_label}: not every one of the {} {}s has a figure", at_end.len(), word(lang)),
            (false, Lang::Vi) => format!("theo cơ cấu {end_label}: {end_count}/{} {}", at_end.len(), word(lang)),
            (false, Lang::En) => format!("in the structure {end_label}: {end_count} of {} {}s", at_end.len(), word(lang)),
        };
        let note = Note {
            reading: Reading::CountInBase,
            detail_vi: format!("đếm theo cơ cấu {base_label} ({} {}), quyết định kết quả; {}", base_members.len(), word(Lang::Vi), end_text(Lang::Vi)),
            detail_en: format!("counted in the structure {base_label} ({} {}s), which decides; {}", base_members.len(), word(Lang::En), end_text(Lang::En)),
            links,
        };
        let measured = if missing.is_empty() {
            let n = Exact::from_int(meeting);
            Measured::Value { value: n.clone(), parts: Some((n, Exact::from_int(base_members.len() as i64))), counted: Some(level.to_string()) }
        } else {
            missing.sort_by(|a, b| a.unit.cmp(&b.unit));
            missing.dedup();
            Measured::Missing(missing)
        };
        Context::Measured(measured, Arc::new(note))
    }

    /// Whether `u` persists through a change of the units below it inside `p`
    /// (the province in 2025, Cẩm Phả in 2024).
    fn straddles(&self, u: UnitId, p: &Period) -> bool {
        let (start, end) = p.dates();
        let units = &self.units;
        let unit = units.unit(u);
        if !(unit.valid_from.is_none_or(|f| f <= start) && unit.valid_to.is_none_or(|t| t >= end)) {
            return false;
        }
        let changed = |v: UnitId| {
            let x = units.unit(v);
            x.valid_from.is_some_and(|f| f > start && f <= end) || x.valid_to.is_some_and(|t| t >= start && t < end)
        };
        let below = |v: UnitId| {
            let mut at = units.parent_of(v);
            // A chain is as deep as the levels.
            for _ in 0..3 {
                match at {
                    Some(a) if a == u => return true,
                    Some(a) => at = units.parent_of(a),
                    None => return false,
                }
            }
            false
        };
        units.ids().any(|v| changed(v) && below(v))
    }

    fn persists_note(&self, u: UnitId, p: &Period) -> Note {
        let (start, end) = p.dates();
        let changes: Vec<&crate::units::Structure> = self.units.structures().iter().filter(|s| s.from.is_some_and(|f| f > start && f <= end)).collect();
        let days_vi = changes.iter().filter_map(|s| s.from).map(date_vi).collect::<Vec<_>>().join(", ");
        let days_en = changes.iter().filter_map(|s| s.from).map(date_en).collect::<Vec<_>>().join(", ");
        let name = &self.units.unit(u).name;
        Note {
            reading: Reading::Persists,
            detail_vi: format!("{name} giữ nguyên; kỳ {p} có thay đổi đơn vị hành chính ngày {days_vi}"),
            detail_en: format!("{name} persists; the units changed inside {p} on {days_en}"),
            links: Vec::new(),
        }
    }

    fn link_of(&self, i: usize) -> Option<Link> {
        self.units.lineage().link(i).cloned()
    }

    /// The note of a unit judged over other units' figures.
    fn territory_note(&self, u: UnitId, terms: &[(Period, &Vec<Term>)]) -> Note {
        let units = &self.units;
        let mut links: Vec<(Link, Option<Exact>)> = Vec::new();
        let mut parts_vi = Vec::new();
        let mut parts_en = Vec::new();
        let mut footprint = false;
        for (p, ts) in terms {
            let others: Vec<&Term> = ts.iter().filter(|t| t.unit != u).collect();
            if others.is_empty() {
                continue;
            }
            let after = others.iter().any(|t| units.unit(t.unit).valid_from.is_some_and(|f| units.unit(u).valid_to.is_some_and(|e| f > e)));
            footprint |= after;
            let listed: Vec<String> = others
                .iter()
                .map(|t| {
                    let x = units.unit(t.unit);
                    match &t.factor {
                        Factor::Share(s) => format!("{} ({}) × {}", x.name, x.code, s.fraction_text()),
                        _ => format!("{} ({})", x.name, x.code),
                    }
                })
                .collect();
            for t in &others {
                let share = match &t.factor {
                    Factor::Share(s) => Some(s.clone()),
                    _ => None,
                };
                for i in &t.links {
                    if let Some(l) = self.link_of(*i) {
                        let part = if l.kind == LinkKind::Part { share.clone() } else { None };
                        if !links.iter().any(|(k, _)| k == &l) {
                            links.push((l, part));
                        }
                    }
                }
            }
            let own = ts.iter().any(|t| t.unit == u);
            parts_vi.push(format!("{} {} {}", period_vi(p), if own { "gồm số liệu của đơn vị và của" } else { "là tổng của" }, listed.join(", ")));
            parts_en.push(format!("{p}: {} {}", if own { "its own figures and those of" } else { "the sum of" }, listed.join(", ")));
        }
        Note {
            reading: if footprint { Reading::Footprint } else { Reading::Predecessors },
            detail_vi: parts_vi.join("; "),
            detail_en: parts_en.join("; "),
            links,
        }
    }

    fn ended_note(&self, nr: &NotRebuilt) -> Note {
        let units = &self.units;
        let name = format!("{} ({})", units.unit(nr.unit).name, units.unit(nr.unit).code);
        let (day_vi, day_en) = (date_vi(nr.effective), date_en(nr.effective));
        let outside: Vec<String> = nr.outside.iter().map(|(n, _)| format!("{} ({})", units.unit(*n).name, units.unit(*n).code)).collect();
        let (vi, en) = if nr.abolished {
            (
                format!("cấp huyện bị bãi bỏ từ {day_vi}; địa bàn cũ của {name} không dựng lại được vì {} nhận cả địa bàn ngoài {name}", outside.join(", ")),
                format!("district level abolished on {day_en}; the old territory of {name} cannot be rebuilt: {} also took territory from outside it", outside.join(", ")),
            )
        } else if !nr.unknown.is_empty() {
            (format!("{name} chấm dứt từ {day_vi}, chưa rõ đơn vị kế thừa"), format!("{name} ended on {day_en} and its successor is not known"))
        } else {
            let into = names(units, &nr.successors);
            (format!("{name} đã sáp nhập vào {into} từ {day_vi}"), format!("{name} merged into {into} on {day_en}"))
        };
        let links = units.lineage().out_of(nr.unit).map(|l| (l.clone(), None)).collect();
        Note { reading: Reading::Ended, detail_vi: vi, detail_en: en, links }
    }

    fn unattributable_note(&self, u: UnitId, missing: &[&Term]) -> Note {
        let units = &self.units;
        let mut items_vi = Vec::new();
        let mut items_en = Vec::new();
        let mut links = Vec::new();
        for t in missing {
            let Factor::Missing { source, into, link } = t.factor else { continue };
            let Some(l) = self.link_of(link) else { continue };
            let (s, n) = (units.unit(source), units.unit(into));
            let divided = units.unit(l.old);
            items_vi.push(format!("{} ({}) bị chia từ {}, chưa có tỷ lệ của {} vào {} (tệp --shares: {},{},<tỷ lệ>)", divided.name, divided.code, date_vi(l.effective), s.code, n.code, s.code, n.code));
            items_en.push(format!("{} ({}) was divided on {}; no share of {} in {} is given (--shares file: {},{},<share>)", divided.name, divided.code, date_en(l.effective), s.code, n.code, s.code, n.code));
            if !links.iter().any(|(k, _): &(Link, Option<Exact>)| k == &l) {
                links.push((l, None));
            }
        }
        let name = &units.unit(u).name;
        Note {
            reading: Reading::Predecessors,
            detail_vi: format!("không phân bổ được số liệu cho {name}: {}", items_vi.join("; ")),
            detail_en: format!("not attributable to {name}: {}", items_en.join("; ")),
            links,
        }
    }
}

/// The figures of a run, read across the reform: a unit whose territory over
/// a period is other units' is the sum of their figures (additive variables);
/// a share over units counts those of its territory at the end.
pub(crate) struct Across<'a, F: Figures> {
    pub inner: &'a F,
    pub reform: &'a Reform,
}

impl<F: Figures> Across<'_, F> {
    fn terms(&self, unit: UnitId, period: &Period, var: VarId) -> Option<&Vec<Term>> {
        if !self.reform.additive.get(var.index()).copied().unwrap_or(false) {
            return None;
        }
        self.reform.across.get(&(unit, *period)).and_then(|t| t.as_ref().ok())
    }
}

impl<F: Figures> Figures for Across<'_, F> {
    fn units(&self) -> &UnitRegistry {
        self.inner.units()
    }
    fn var(&self, name: &str) -> Option<VarId> {
        self.inner.var(name)
    }
    fn value(&self, unit: UnitId, period: &Period, var: VarId) -> Option<Exact> {
        let Some(terms) = self.terms(unit, period, var) else { return self.inner.value(unit, period, var) };
        let mut sum = Exact::zero();
        for t in terms {
            let x = self.inner.value(t.unit, period, var)?;
            sum = match &t.factor {
                Factor::Whole => &sum + &x,
                Factor::Share(s) => &sum + &(&x * s),
                Factor::Missing { .. } => return None,
            };
        }
        Some(sum)
    }
    /// The first unit of the territory without a figure is named, not the unit judged.
    fn figure(&self, unit: UnitId, period: &Period, variable: &str) -> Result<Exact, Missing> {
        let var = self.var(variable);
        if let Some(terms) = var.and_then(|v| self.terms(unit, period, v)) {
            if let Some(t) = terms.iter().find(|t| var.and_then(|v| self.inner.value(t.unit, period, v)).is_none()) {
                return Err(Missing { unit: self.units().unit(t.unit).code.clone(), period: *period, variable: variable.to_string() });
            }
        }
        var.and_then(|v| self.value(unit, period, v)).ok_or_else(|| Missing { unit: self.units().unit(unit).code.clone(), period: *period, variable: variable.to_string() })
    }
    fn members(&self, unit: UnitId, level: Level, period: &Period) -> Vec<UnitId> {
        match self.reform.across.get(&(unit, *period)) {
            // A unit that ended inside the period: the units of its footprint at the end.
            Some(Ok(terms)) if self.units().unit(unit).valid_to.is_some_and(|t| t < period.dates().1) => {
                let end = period.dates().1;
                let mut v: Vec<UnitId> = terms.iter().map(|t| t.unit).filter(|t| self.units().unit(*t).level == level && self.units().unit(*t).valid_on(end)).collect();
                v.sort_unstable();
                v.dedup();
                v
            }
            _ => self.inner.members(unit, level, period),
        }
    }
}
