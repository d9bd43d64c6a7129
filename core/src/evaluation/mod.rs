//! Evaluation: every target of the catalogue that binds a unit in a period,
//! decided exactly, explained, and ranked where several bind the same thing.
//!
//! A run first works out which targets bind and which figures they read
//! (variable and period: the measured period, the baseline's, the months), has
//! every unit's figure of each made once as a column (own figures, else exact
//! sums: see `observations`), then decides the units on every core, a batch at
//! a time and in registry order, so outcomes can be written as they are made.

mod allocation;
mod check;
mod coverage;
mod display;
mod explain;
mod measure;
mod outcome;
mod precedence;
mod reform;
mod rule;
pub mod write;

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::catalogue::{Catalogue, CatalogueTarget, Document, Measure, Rule, TargetPeriod, VarId};
use crate::error::Error;
use crate::exact::Exact;
use crate::observations::{Column, Dataset, RollUp};
use crate::period::Period;
use crate::units::{Placement, Unit, UnitId, UnitRegistry};
use crate::warning::Warning;
use crate::Lang;

pub use allocation::{allocation_progress, AllocationProgress, ColumnProgress, RowProgress};
pub use check::{check, CheckTarget, Checked};
pub use explain::{body as verdict_text, required_text, rule_text};
pub use measure::{measure, Measured};
pub use outcome::{Evaluation, Header, Outcome, OutcomeJson, PartOutcome, CSV_COLUMNS};
pub use reform::{Note as ReformNote, Reading as ReformReading};
pub use rule::{decide, judge, required_count, Status, Undecided, Verdict};

pub(crate) use measure::{measure_unit, Figures};
use outcome::Context;
use reform::{Across, Reform};

/// Which units to evaluate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnitFilter {
    /// The registry's root: the province.
    Root,
    /// Every unit of the registry.
    All,
    Codes(Vec<String>),
}

/// The period a target measures when evaluated for `period`, if it binds then.
pub fn measured_period(tp: TargetPeriod, period: &Period) -> Option<Period> {
    match (tp, *period) {
        (TargetPeriod::Year(y) | TargetPeriod::By(y), Period::Year(p)) if p == y => Some(*period),
        (TargetPeriod::EachYear(a, b), Period::Year(p)) if (a..=b).contains(&p) => Some(*period),
        (TargetPeriod::Span(a, b), Period::Year(p)) if p == b => Some(Period::Span(a, b)),
        (TargetPeriod::Span(a, b), Period::Span(x, y)) if (a, b) == (x, y) => Some(*period),
        _ => None,
    }
}

fn applies_to(t: &CatalogueTarget, u: &Unit) -> bool {
    t.target.levels.contains(&u.level) && (t.target.units.is_empty() || t.target.units.contains(&u.code))
}

/// The allocation table that splits `target` at the unit's level (its index in
/// the catalogue's allocations) and the unit's share in it (`None`: no share).
fn allocated_share<'c>(cat: &'c Catalogue, target: &str, unit: &Unit) -> Option<(u32, Option<&'c Exact>)> {
    cat.allocations().enumerate().find_map(|(i, (a, _))| {
        if a.level != unit.level {
            return None;
        }
        let col = a.columns.iter().find(|c| c.target == target)?;
        let share = a.rows.iter().find(|r| r.unit.as_deref() == Some(unit.code.as_str())).and_then(|r| r.values.get(&col.key));
        Some((i as u32, share))
    })
}

/// A catalogue given by reference (copied once for the outcomes to keep) or
/// already shared.
pub trait Shared<T> {
    fn shared(self) -> Arc<T>;
}
impl<T: Clone> Shared<T> for &T {
    fn shared(self) -> Arc<T> {
        Arc::new(self.clone())
    }
}
impl<T> Shared<T> for &Arc<T> {
    fn shared(self) -> Arc<T> {
        Arc::clone(self)
    }
}
impl<T> Shared<T> for Arc<T> {
    fn shared(self) -> Arc<T> {
        self
    }
}

/// Evaluates every binding target for the selected units in `period`.
pub fn evaluate(cat: impl Shared<Catalogue>, units: &UnitRegistry, data: &Dataset, period: Period, filter: &UnitFilter) -> Result<Evaluation, Error> {
    let ev = Evaluator::new(cat, units, data, period, filter)?;
    let mut outcomes = Vec::new();
    ev.run(|batch| {
        outcomes.extend(batch);
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    let h = ev.header();
    Ok(Evaluation {
        chitieu_version: h.chitieu_version.to_string(),
        period,
        dataset: h.dataset.to_string(),
        synthetic: h.synthetic,
        warnings: h.warnings.to_vec(),
        outcomes,
    })
}

/// The units decided together between two deliveries of outcomes.
const BATCH: usize = 4096;
/// The units one task decides.
const CHUNK: usize = 64;

/// An evaluation prepared to run: targets, units and warnings known, outcomes
/// made and handed over batch by batch.
pub struct Evaluator<'d> {
    ctx: Arc<Context>,
    data: &'d Dataset,
    period: Period,
    selected: Vec<UnitId>,
    /// The binding targets (index) with their measured periods, in catalogue order.
    binding: Vec<(u32, Period)>,
    warnings: Vec<Warning>,
    /// A unit selected twice: precedence is ranked over the whole run.
    repeated: bool,
    /// Across a reform: the territories the outcomes read (`None` for a registry of one structure).
    reform: Option<Reform>,
}

impl<'d> Evaluator<'d> {
    pub fn new(cat: impl Shared<Catalogue>, units: &UnitRegistry, data: &'d Dataset, period: Period, filter: &UnitFilter) -> Result<Evaluator<'d>, Error> {
        let cat = cat.shared();
        let selected: Vec<UnitId> = match filter {
            UnitFilter::Root => units.root_ids().filter(|u| units.valid_during(*u, &period)).collect(),
            UnitFilter::All => units.ids().filter(|u| units.valid_during(*u, &period)).collect(),
            UnitFilter::Codes(codes) => codes.iter().map(|c| select(units, c, &period)).collect::<Result<_, _>>()?,
        };
        let mut chosen: Vec<Warning> = Vec::new();
        if let UnitFilter::Codes(codes) = filter {
            chosen.extend(codes.iter().filter_map(|c| chosen_version(units, c, &period)));
        }
        let binding: Vec<(u32, Period)> =
            cat.targets().iter().enumerate().filter_map(|(i, t)| measured_period(t.target.period, &period).map(|mp| (i as u32, mp))).collect();
        let mut warnings: Vec<Warning> = cat.warnings().to_vec();
        warnings.append(&mut chosen);
        warnings.extend(data.warnings().iter().cloned());
        if data.synthetic {
            warnings.insert(0, synthetic_warning());
        }
        let any = selected.iter().any(|u| binding.iter().any(|(t, _)| cat.targets().get(*t as usize).is_some_and(|t| applies_to(t, units.unit(*u)))));
        if !any {
            warnings.push(Warning::new(
                "no_target_binds",
                format!("Không có chỉ tiêu nào áp dụng cho kỳ {period} và các đơn vị đã chọn (chỉ tiêu tính theo năm, ví dụ 2023)"),
                format!("no target binds period {period} for the selected units (targets are yearly, e.g. 2023)"),
            ));
        }
        warnings.extend(coverage::warnings(data, units, &period, &selected));
        let mut seen = FxHashSet::default();
        let repeated = !selected.iter().all(|u| seen.insert(*u));
        let mut ev = Evaluator { ctx: Arc::new(Context { cat, units: units.clone() }), data, period, selected, binding, warnings, repeated, reform: None };
        ev.reform = ev.reform_for(crate::conversion::Shares::none());
        Ok(ev)
    }

    /// The shares of divided units (`old_code,new_code,share`) to use when a
    /// unit of a new structure is compared with its predecessors.
    pub fn with_shares(mut self, shares: crate::conversion::Shares) -> Self {
        self.reform = self.reform_for(shares);
        self
    }

    /// The territories of every (unit, period) the binding targets read, for a registry of several structures.
    fn reform_for(&self, shares: crate::conversion::Shares) -> Option<Reform> {
        let (cat, units) = (&self.ctx.cat, &self.ctx.units);
        if units.single_structure() {
            return None;
        }
        let vocab = cat.vocabulary();
        let additive: Vec<bool> = (0..vocab.len() as u32).map(|i| vocab.additive(VarId(i))).collect();
        let mut pairs: Vec<(UnitId, Period)> = Vec::new();
        for &u in &self.selected {
            for (t, mp) in &self.binding {
                let Some(t) = cat.targets().get(*t as usize).filter(|t| applies_to(t, units.unit(u))) else { continue };
                for (_, rule) in requirements(t) {
                    pairs.push((u, *mp));
                    pairs.extend(rule::baseline_period(rule, mp).map(|bp| (u, bp)));
                }
            }
        }
        Reform::new(units, shares, additive, pairs.into_iter())
    }

    /// The top of the report: version, period, dataset, warnings.
    pub fn header(&self) -> Header<'_> {
        Header { chitieu_version: crate::VERSION, period: self.period, dataset: &self.data.name, synthetic: self.data.synthetic, warnings: &self.warnings }
    }

    /// Decides every selected unit, in order, and hands the outcomes over a
    /// batch of units at a time.
    pub fn run<E: Send>(&self, each: impl FnMut(Vec<Outcome>) -> Result<(), E>) -> Result<(), E> {
        self.run_with(Ok, each)
    }

    /// Like `run`, with `work` applied to each unit chunk's outcomes on the
    /// worker threads (formatting them, say) before `each` gets the results in order.
    pub fn run_with<T: Send, E: Send>(&self, work: impl Fn(Vec<Outcome>) -> Result<T, E> + Sync, mut each: impl FnMut(T) -> Result<(), E>) -> Result<(), E> {
        let cat = &self.ctx.cat;
        let units = &self.ctx.units;
        let roll = RollUp::new(self.data, units, cat);
        let figures = self.figures(&roll);
        let decide = |chunk: &[UnitId]| -> Vec<Outcome> {
            let mut out = Vec::new();
            for &u in chunk {
                let start = out.len();
                self.decide_unit(u, &figures, &mut out);
                if !self.repeated {
                    if let Some(mine) = out.get_mut(start..) {
                        precedence::rank(mine);
                    }
                }
            }
            out
        };
        if self.repeated {
            // Outcomes of a unit selected twice compete with each other, as they always have.
            let mut all: Vec<Outcome> = self.selected.par_chunks(CHUNK).flat_map_iter(decide).collect();
            precedence::rank(&mut all);
            return each(work(all)?);
        }
        for batch in self.selected.chunks(BATCH) {
            let done: Vec<Result<T, E>> = batch.par_chunks(CHUNK).map(|c| work(decide(c))).collect();
            for d in done {
                each(d?)?;
            }
        }
        Ok(())
    }

    /// Every figure the binding targets read, made before the units are decided.
    fn figures<'r>(&self, roll: &'r RollUp<'r>) -> Frozen<'r> {
        let cat = &self.ctx.cat;
        let vocab = roll.vocab();
        let mut needed: FxHashSet<(VarId, Period)> = FxHashSet::default();
        for (t, mp) in &self.binding {
            let Some(t) = cat.targets().get(*t as usize) else { continue };
            for (m, rule) in requirements(t) {
                let mut periods = vec![*mp];
                periods.extend(rule::baseline_period(rule, mp));
                for p in periods {
                    let read = if let Measure::MonthsShare { .. } = m { p.months() } else { vec![p] };
                    for v in m.variables() {
                        let Some(id) = vocab.id(v) else { continue };
                        needed.extend(read.iter().map(|p| (id, *p)));
                    }
                }
            }
        }
        let needed: Vec<(VarId, Period)> = needed.into_iter().collect();
        let cols: FxHashMap<(VarId, Period), Arc<Column>> = needed.par_iter().map(|(v, p)| ((*v, *p), roll.column(*v, p))).collect();
        Frozen { cols, roll }
    }

    /// The outcomes of one unit, in catalogue order.
    fn decide_unit(&self, u: UnitId, figures: &Frozen, out: &mut Vec<Outcome>) {
        let cat = &self.ctx.cat;
        let unit = self.ctx.units.unit(u);
        for (ti, mp) in &self.binding {
            let Some(t) = cat.targets().get(*ti as usize) else { continue };
            if !applies_to(t, unit) {
                continue;
            }
            let share = allocated_share(cat, &t.target.id, unit);
            let mut notes: Vec<Arc<reform::Note>> = Vec::new();
            let mut decide_one = |m: &Measure, rule: &Rule| -> Verdict {
                if let Some((_, None)) = share {
                    return no_share(rule);
                }
                let share = share.and_then(|(_, s)| s);
                let Some(r) = &self.reform else { return decide_in(m, rule, u, mp, figures, share) };
                let bp = rule::baseline_period(rule, mp);
                match r.context(m, u, mp, bp.as_ref(), figures) {
                    reform::Context::Plain => decide_in(m, rule, u, mp, figures, share),
                    reform::Context::Noted(n) => {
                        notes.push(n);
                        decide_in(m, rule, u, mp, &Across { inner: figures, reform: r }, share)
                    }
                    reform::Context::Measured(current, n) => {
                        notes.push(n);
                        judge(m.is_fraction(), rule, current, None, share)
                    }
                    reform::Context::Undecided(n) => {
                        notes.push(n.clone());
                        Verdict::undecided(rule, m.is_fraction(), Undecided::Reform(n))
                    }
                }
            };
            let (verdict, parts, status) = match (&t.target.measure, &t.target.rule) {
                (Some(m), Some(rule)) => {
                    let v = decide_one(m, rule);
                    let s = v.status;
                    (Some(v), Vec::new(), s)
                }
                _ => {
                    let parts: Vec<Verdict> = t.target.parts.iter().map(|p| decide_one(&p.measure, &p.rule)).collect();
                    let s = combine(parts.iter().map(|p| p.status));
                    (None, parts, s)
                }
            };
            out.push(Outcome {
                ctx: self.ctx.clone(),
                target: *ti,
                unit: u,
                period: *mp,
                status,
                verdict,
                parts,
                governing: true,
                superseded_by: None,
                allocation: share.map(|(a, s)| (a, s.cloned())),
                reform: notes,
            });
        }
    }
}

/// The (measure, rule) pairs of a target: its own, or its parts'.
fn requirements(t: &CatalogueTarget) -> Vec<(&Measure, &Rule)> {
    match (&t.target.measure, &t.target.rule) {
        (Some(m), Some(r)) => vec![(m, r)],
        _ => t.target.parts.iter().map(|p| (&p.measure, &p.rule)).collect(),
    }
}

/// Decides `rule` on `m` for a unit of the registry.
fn decide_in(m: &Measure, rule: &Rule, u: UnitId, period: &Period, f: &impl Figures, share: Option<&Exact>) -> Verdict {
    let current = measure_unit(m, u, period, f);
    let base = rule::baseline_period(rule, period).map(|bp| (bp, measure_unit(m, u, &bp, f)));
    judge(m.is_fraction(), rule, current, base, share)
}

/// The figures of a run, made beforehand: read without locks by every thread.
struct Frozen<'r> {
    cols: FxHashMap<(VarId, Period), Arc<Column>>,
    roll: &'r RollUp<'r>,
}

impl Figures for Frozen<'_> {
    fn units(&self) -> &UnitRegistry {
        self.roll.units()
    }
    fn var(&self, name: &str) -> Option<VarId> {
        self.roll.vocab().id(name)
    }
    fn value(&self, unit: UnitId, period: &Period, var: VarId) -> Option<Exact> {
        match self.cols.get(&(var, *period)) {
            Some(c) => c.get(unit),
            None => self.roll.column(var, period).get(unit),
        }
    }
}

/// A unit asked for by code: its version valid in `period`; for a code that
/// names two units during the period (a reform inside it, the code reused),
/// the one in force at the end of the period, with a warning
/// (`chosen_version`).
fn select(units: &UnitRegistry, code: &str, period: &Period) -> Result<UnitId, Error> {
    match units.resolve_at(code, period) {
        Placement::Found(u, _) => Ok(u),
        Placement::Unknown => {
            let hint = units.nearest(code).map(|u| format!("; did you mean {} ({})?", u.code, u.name)).unwrap_or_default();
            Err(Error::NotFound(format!("unknown unit code '{code}'{hint}")))
        }
        Placement::NotValid(_) => Err(Error::NotFound(format!("unit code '{code}' names no unit during {period}"))),
        Placement::Ambiguous(ids) => ids.iter().copied().max_by_key(|u| units.unit(*u).valid_from).ok_or_else(|| Error::Invalid(format!("unit code '{code}' names several units during {period}"))),
    }
}

/// The warning for a code that names two units during the period: which one is evaluated.
fn chosen_version(units: &UnitRegistry, code: &str, period: &Period) -> Option<Warning> {
    let Placement::Ambiguous(ids) = units.resolve_at(code, period) else { return None };
    let chosen = select(units, code, period).ok()?;
    let others: Vec<String> = ids.iter().filter(|u| **u != chosen).map(|u| crate::lineage::version_text(units.unit(*u))).collect();
    let this = crate::lineage::version_text(units.unit(chosen));
    Some(Warning::new(
        "unit_code_two_versions",
        format!("Mã đơn vị {code} chỉ hai đơn vị trong kỳ {period}; đánh giá {this}, đơn vị có hiệu lực cuối kỳ (không phải {})", others.join(", ")),
        format!("unit code {code} names two units during {period}; evaluated: {this}, the one in force at the end of the period (not {})", others.join(", ")),
    ))
}

/// The warning every report of the built-in sample carries.
pub fn synthetic_warning() -> Warning {
    Warning::new(
        "synthetic_data",
        "DỮ LIỆU MẪU TỔNG HỢP (giả lập), không phải số liệu thật của tỉnh",
        "SYNTHETIC SAMPLE DATA, not real figures of the province",
    )
}

/// A composite target: not met if any part is not, then no data, then met
/// unless every part is not applicable.
fn combine(statuses: impl Iterator<Item = Status>) -> Status {
    let all: Vec<Status> = statuses.collect();
    if all.contains(&Status::NotMet) {
        Status::NotMet
    } else if all.contains(&Status::NoData) {
        Status::NoData
    } else if all.iter().all(|s| *s == Status::NotApplicable) {
        Status::NotApplicable
    } else {
        Status::Met
    }
}

fn no_share(rule: &Rule) -> Verdict {
    Verdict {
        status: Status::NotApplicable,
        comparator: rule.comparator,
        fraction: false,
        actual: None,
        parts: None,
        counted: None,
        required: None,
        required_count: None,
        baseline: None,
        direction: None,
        change: None,
        margin: None,
        stretch: None,
        undecided: Some(Undecided::NoShare),
    }
}

/// "Nghị quyết 314/2020/NQ-HĐND, Điều 1 khoản 2 điểm a".
pub fn source_text(doc: &Document, t: &CatalogueTarget, lang: Lang) -> String {
    let clause = match lang {
        Lang::Vi => &t.target.clause_vi,
        Lang::En => &t.target.clause_en,
    };
    format!("{} {}, {clause}", doc.kind.name(lang), doc.number)
}

/// Why a requirement is undecided, in words. `names` gives variable and unit
/// names for missing figures; without it the codes are shown.
pub(crate) fn undecided_text(names: Option<(&Catalogue, &UnitRegistry)>, why: &Undecided, lang: Lang, table: Option<(&str, &str)>) -> String {
    match why {
        Undecided::Missing(miss) => {
            let shown: Vec<String> = miss
                .iter()
                .take(5)
                .map(|m| {
                    let var = names
                        .and_then(|(cat, _)| cat.variable(&m.variable))
                        .map(|v| match lang {
                            Lang::Vi => v.name_vi.clone(),
                            Lang::En => v.name_en.clone(),
                        })
                        .unwrap_or_else(|| m.variable.clone());
                    let unit = names.and_then(|(_, units)| units.get(&m.unit)).map(|u| u.name.clone()).unwrap_or_else(|| m.unit.clone());
                    format!("{var} ({}), {unit}, {}", m.variable, m.period)
                })
                .collect();
            let more = if miss.len() > 5 {
                match lang {
                    Lang::Vi => format!(" và {} số liệu khác", miss.len() - 5),
                    Lang::En => format!(" and {} more", miss.len() - 5),
                }
            } else {
                String::new()
            };
            match lang {
                Lang::Vi => format!("thiếu số liệu: {}{more}", shown.join("; ")),
                Lang::En => format!("missing data: {}{more}", shown.join("; ")),
            }
        }
        Undecided::ZeroDenominator(den) => match lang {
            Lang::Vi => format!("mẫu số ({den}) bằng 0, không áp dụng"),
            Lang::En => format!("the denominator ({den}) is 0: not applicable"),
        },
        Undecided::ZeroBaseline => match lang {
            Lang::Vi => "giá trị kỳ gốc bằng 0, không tính được mức thay đổi".to_string(),
            Lang::En => "the baseline is 0: no relative change can be computed".to_string(),
        },
        Undecided::Reform(n) => n.detail(lang).to_string(),
        Undecided::NoShare => match (lang, table) {
            (Lang::Vi, Some((vi, _))) => format!("đơn vị không được giao chỉ tiêu trong {vi}"),
            (Lang::En, Some((_, en))) => format!("no share is allocated to this unit in {en}"),
            (Lang::Vi, None) => "đơn vị không được giao chỉ tiêu".to_string(),
            (Lang::En, None) => "no share is allocated to this unit".to_string(),
        },
    }
}
