//! Evaluation: every target of the catalogue that binds a unit in a period,
//! decided exactly, explained, and ranked where several bind the same thing.
//!
//! A run first works out which targets bind and which figures they read
//! (variable and period: the measured period, the baseline's, the months), has
//! every unit's figure of each made once as a column (own figures, else exact
//! sums: see `observations`), then decides the units on every core, a batch at
//! a time and in registry order, so outcomes can be written as they are made.
//!
//! A target binds a unit only inside its document's scope (`scope`); a unit
//! below the document's own level is judged by an extension of its targets
//! (`Outcome::extended_from`), and such a unit with none of the figures a
//! document's targets need is reported once for the document
//! (`without_figures`) instead of an outcome per target.

mod allocation;
mod check;
#[cfg(feature = "arrow")]
pub mod columns;
mod coverage;
mod display;
mod explain;
mod json;
mod measure;
mod outcome;
mod precedence;
mod reform;
mod rule;
pub(crate) mod scope;
mod without_figures;
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
pub(crate) use allocation::{share_of, table_name, Share};
pub use check::{check, CheckTarget, Checked};
pub use explain::{body as verdict_text, required_text, rule_text};
pub use measure::{fraction, measure, Measured};
pub use outcome::{Evaluation, Header, Outcome, PartOutcome, CSV_COLUMNS};
pub use reform::{Note as ReformNote, Reading as ReformReading};
pub use without_figures::{UnitWithoutFigures, WithoutFiguresJson};
pub use rule::{baseline_period, decide, judge, required_count, Status, Undecided, Verdict};

pub(crate) use measure::{measure_unit, reads_any, Figures};
use outcome::Context;
use reform::{Across, Reform};
use scope::Scopes;

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
    let units_without_figures = ev
        .run(|batch| {
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
        units_without_figures,
    })
}

/// The units decided together between two deliveries of outcomes.
const BATCH: usize = 512;
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
    /// Every figure the binding targets read (variable, period), made once.
    columns: FxHashMap<(VarId, Period), Arc<Column>>,
    /// Variable ids by name.
    vars: FxHashMap<String, VarId>,
}

impl<'d> Evaluator<'d> {
    pub fn new(cat: impl Shared<Catalogue>, units: &UnitRegistry, data: &'d Dataset, period: Period, filter: &UnitFilter) -> Result<Evaluator<'d>, Error> {
        let cat = cat.shared();
        cat.check_units(units)?;
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
        warnings.extend(units.warnings().iter().cloned());
        warnings.extend(data.warnings().iter().cloned());
        if data.synthetic {
            warnings.insert(0, synthetic_warning());
        }
        let scopes = Scopes::new(&cat, units);
        let outside = scope::warnings(&cat, units, &scopes, &selected);
        let any = selected.iter().any(|u| binding.iter().any(|(t, _)| cat.targets().get(*t as usize).is_some_and(|t| binds(t, *u, units, &scopes))));
        // No unit in any scope: that warning says why nothing binds.
        if !any && !outside.iter().any(|w| w.code == "no_unit_in_scope") {
            warnings.push(Warning::new(
                "no_target_binds",
                format!("Không có chỉ tiêu nào áp dụng cho kỳ {period} và các đơn vị đã chọn (chỉ tiêu tính theo năm, ví dụ 2023)"),
                format!("no target binds period {period} for the selected units (targets are yearly, e.g. 2023)"),
            )
            .from(crate::warning::Source::Run));
        }
        warnings.extend(outside);
        warnings.extend(coverage::warnings(data, units, &period, &selected));
        let mut seen = FxHashSet::default();
        let repeated = !selected.iter().all(|u| seen.insert(*u));
        let roll = RollUp::new(data, units, &cat);
        let columns = needed_columns(&cat, &binding, &roll);
        let vars = roll.vocab().names().enumerate().map(|(i, n)| (n.to_string(), VarId(i as u32))).collect();
        drop(roll);
        let ctx = Arc::new(Context::new(cat, units.clone(), scopes));
        let mut ev = Evaluator { ctx, data, period, selected, binding, warnings, repeated, reform: None, columns, vars };
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
                let Some(t) = cat.targets().get(*t as usize).filter(|t| self.binds(t, u)) else { continue };
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

    /// The (unit, target) pairs the run decides, in the order of its outcomes,
    /// known before any is decided (a writer can size its columns).
    pub fn pairs(&self) -> impl Iterator<Item = (&Unit, &CatalogueTarget)> + '_ {
        self.selected.iter().flat_map(move |u| {
            let unit = self.ctx.units.unit(*u);
            self.binding.iter().filter_map(move |(t, _)| self.ctx.cat.targets().get(*t as usize).filter(|t| self.binds(t, *u)).map(|t| (unit, t)))
        })
    }

    /// Decides every selected unit, in order, and hands the outcomes over a
    /// batch of units at a time. Returns the units without figures, in the
    /// same order (they have no outcomes: see `without_figures`).
    pub fn run<E: Send>(&self, each: impl FnMut(Vec<Outcome>) -> Result<(), E>) -> Result<Vec<UnitWithoutFigures>, E> {
        self.run_with(Ok, each)
    }

    /// Like `run`, with `work` applied to each unit chunk's outcomes on the
    /// worker threads (formatting them, say) before `each` gets the results in order.
    pub fn run_with<T: Send, E: Send>(
        &self,
        work: impl Fn(Vec<Outcome>) -> Result<T, E> + Sync,
        mut each: impl FnMut(T) -> Result<(), E>,
    ) -> Result<Vec<UnitWithoutFigures>, E> {
        let figures = Frozen { cols: &self.columns, vars: &self.vars, units: &self.ctx.units, data: self.data, cat: &self.ctx.cat, more: std::sync::OnceLock::new() };
        let decide = |chunk: &[UnitId]| -> (Vec<Outcome>, Vec<UnitWithoutFigures>) {
            let mut out = Vec::new();
            let mut without = Vec::new();
            for &u in chunk {
                let start = out.len();
                self.decide_unit(u, &figures, &mut out);
                self.report_without_figures(u, &figures, &mut out, start, &mut without);
                if !self.repeated {
                    if let Some(mine) = out.get_mut(start..) {
                        precedence::rank(mine);
                    }
                }
            }
            (out, without)
        };
        let mut without = Vec::new();
        if self.repeated {
            // Outcomes of a unit selected twice compete with each other, as they always have.
            let mut all = Vec::new();
            for (o, w) in self.selected.par_chunks(CHUNK).map(decide).collect::<Vec<_>>() {
                all.extend(o);
                without.extend(w);
            }
            precedence::rank(&mut all);
            each(work(all)?)?;
            return Ok(without);
        }
        for batch in self.selected.chunks(BATCH) {
            let done: Vec<Result<(T, Vec<UnitWithoutFigures>), E>> = batch
                .par_chunks(CHUNK)
                .map(|c| {
                    let (o, w) = decide(c);
                    work(o).map(|t| (t, w))
                })
                .collect();
            for d in done {
                let (t, w) = d?;
                without.extend(w);
                each(t)?;
            }
        }
        Ok(without)
    }

    fn binds(&self, t: &CatalogueTarget, u: UnitId) -> bool {
        binds(t, u, &self.ctx.units, &self.ctx.scopes)
    }

    /// The outcomes of one unit, in catalogue order.
    fn decide_unit(&self, u: UnitId, figures: &Frozen, out: &mut Vec<Outcome>) {
        let cat = &self.ctx.cat;
        let unit = self.ctx.units.unit(u);
        for (ti, mp) in &self.binding {
            let Some(t) = cat.targets().get(*ti as usize) else { continue };
            if !self.binds(t, u) {
                continue;
            }
            // The unit's share of the target, or of each part, when a table splits it.
            let share = share_of(cat, &t.target.id, None, unit);
            let mut notes: Vec<Arc<reform::Note>> = Vec::new();
            let mut decide_one = |m: &Measure, rule: &Rule, share: Option<&Share>| -> Verdict {
                let share = match share {
                    Some(Share { value: None, .. }) => return no_share(rule),
                    Some(Share { value: Some(s), .. }) => Some(*s),
                    None => None,
                };
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
                        // A change is measured against its baseline read the same way:
                        // across the reform too when the baseline also falls after it.
                        let base = bp.map(|bp| match r.context(m, u, &bp, None, figures) {
                            reform::Context::Measured(b, _) => (bp, b),
                            _ => (bp, measure_unit(m, u, &bp, figures)),
                        });
                        judge(m.is_fraction(), rule, current, base, share)
                    }
                    reform::Context::Undecided(n) => {
                        notes.push(n.clone());
                        Verdict::undecided(rule, m.is_fraction(), Undecided::Reform(n))
                    }
                }
            };
            let (verdict, parts, status) = match (&t.target.measure, &t.target.rule) {
                (Some(m), Some(rule)) => {
                    let v = decide_one(m, rule, share.as_ref());
                    let s = v.status;
                    (Some(v), Vec::new(), s)
                }
                _ => {
                    let parts: Vec<Verdict> = t
                        .target
                        .parts
                        .iter()
                        .map(|p| {
                            // No table splits the whole at this level: none splits its parts.
                            let part_share = share.as_ref().and_then(|_| share_of(cat, &t.target.id, p.key.as_deref(), unit));
                            decide_one(&p.measure, &p.rule, part_share.as_ref())
                        })
                        .collect();
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
                allocation: share.map(|s| (s.index, s.value.cloned())),
                part: None,
                reform: notes,
            });
        }
    }
    /// Takes out of `out[start..]` (the outcomes of unit `u`) those of each
    /// document whose targets all reach the unit as extensions and are
    /// undecided, when the unit has none of the figures they read in the
    /// period, and reports the unit once for that document instead.
    fn report_without_figures(&self, u: UnitId, figures: &Frozen, out: &mut Vec<Outcome>, start: usize, without: &mut Vec<UnitWithoutFigures>) {
        let Some(mine) = out.get(start..) else { return };
        let mut docs: Vec<usize> = Vec::new();
        for o in mine {
            let d = o.target_def().document;
            if !docs.contains(&d) {
                docs.push(d);
            }
        }
        let mut gone: Vec<usize> = Vec::new();
        for d in docs {
            let of_doc = || mine.iter().filter(move |o| o.target_def().document == d);
            let undecided = of_doc().all(|o| o.status == Status::NoData && o.extended_from().is_some());
            if !undecided || of_doc().any(|o| requirements(o.target_def()).iter().any(|(m, _)| reads_any(m, u, &o.period, figures))) {
                continue;
            }
            gone.push(d);
            without.push(UnitWithoutFigures { ctx: self.ctx.clone(), unit: u, document: d as u32, targets: of_doc().count() as u32, period: self.period });
        }
        if !gone.is_empty() {
            let kept: Vec<Outcome> = out.split_off(start).into_iter().filter(|o| !gone.contains(&o.target_def().document)).collect();
            out.extend(kept);
        }
    }
}

/// Whether `t` binds unit `u`: `Catalogue::binds`, its scope half worked out
/// once per document and unit (`Scopes`).
fn binds(t: &CatalogueTarget, u: UnitId, units: &UnitRegistry, scopes: &Scopes) -> bool {
    t.applies_to(units.unit(u)) && scopes.level(t.document, u).is_some()
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

/// Every figure the binding targets read (the measured period, the baseline's,
/// the months), made before the units are decided, on every core.
fn needed_columns(cat: &Catalogue, binding: &[(u32, Period)], roll: &RollUp) -> FxHashMap<(VarId, Period), Arc<Column>> {
    let vocab = roll.vocab();
    let mut needed: FxHashSet<(VarId, Period)> = FxHashSet::default();
    for (t, mp) in binding {
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
    needed.par_iter().map(|(v, p)| ((*v, *p), roll.column(*v, p))).collect()
}

/// The figures of a run, made beforehand: read without locks by every thread.
/// (A figure not made beforehand is made on first use; none should be.)
struct Frozen<'r> {
    cols: &'r FxHashMap<(VarId, Period), Arc<Column>>,
    vars: &'r FxHashMap<String, VarId>,
    units: &'r UnitRegistry,
    data: &'r Dataset,
    cat: &'r Catalogue,
    more: std::sync::OnceLock<RollUp<'r>>,
}

impl Figures for Frozen<'_> {
    fn units(&self) -> &UnitRegistry {
        self.units
    }
    fn var(&self, name: &str) -> Option<VarId> {
        self.vars.get(name).copied()
    }
    fn value(&self, unit: UnitId, period: &Period, var: VarId) -> Option<Exact> {
        match self.cols.get(&(var, *period)) {
            Some(c) => c.get(unit),
            None => self.more.get_or_init(|| RollUp::new(self.data, self.units, self.cat)).column(var, period).get(unit),
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
        baseline_period: None,
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
    cite(doc, clause, lang)
}

/// "Kế hoạch 02/KH-UBND, Phụ biểu 01, dòng 2 “Thành phố Cẩm Phả”".
pub(crate) fn cite(doc: &Document, clause: &str, lang: Lang) -> String {
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
