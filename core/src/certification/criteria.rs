//! Judging one criterion for one unit at one date, through the evaluation's
//! own measure, judge and explanation: the quantity is measured (figures as
//! they stand at the date, or dated events in a window), then decided by
//! `evaluation::judge` like any target.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::events::{Event, EventsByUnit};
use super::register::{Entry, Register};
use super::window::{date_text, Window};
use crate::catalogue::{Catalogue, Comparator, Criterion, CriterionBaseline, CriterionMeasure, CriterionPart, EventCount, EventWindow, Measure, RuleValue};
use crate::evaluation::{fraction, judge, measure, undecided_text, verdict_text, Measured, Status, Verdict};
use crate::exact::Exact;
use crate::format;
use crate::observations::{Dataset, Missing, Resolver};
use crate::period::Period;
use crate::units::{Level, Unit, UnitId, UnitRegistry};
use crate::Lang;

/// The decision on one requirement of a criterion.
#[derive(Clone, Debug)]
pub struct PartOutcome {
    pub name_vi: String,
    pub name_en: String,
    pub status: Status,
    /// The numbers behind the decision (none for a designation).
    pub verdict: Option<Verdict>,
    /// The window of an event count.
    pub window: Option<Window>,
    /// The events counted.
    pub events: Vec<Event>,
    pub detail_vi: String,
    pub detail_en: String,
}

/// What must change for a criterion to be met, in numbers.
#[derive(Clone, Debug)]
pub struct Gap {
    pub criterion: String,
    /// How many units of the measure must change (people, households, cases...).
    pub need: Option<Exact>,
    pub text_vi: String,
    pub text_en: String,
}

impl Gap {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.text_vi,
            Lang::En => &self.text_en,
        }
    }
}

/// One criterion for one unit.
#[derive(Clone, Debug)]
pub struct CriterionOutcome {
    pub id: String,
    pub name_vi: String,
    pub name_en: String,
    pub clause_vi: String,
    pub clause_en: String,
    pub phrase: String,
    pub decides: bool,
    pub alternative: Option<String>,
    pub status: Status,
    pub parts: Vec<PartOutcome>,
    pub detail_vi: String,
    pub detail_en: String,
    pub gaps: Vec<Gap>,
    pub interpretation_vi: Option<String>,
    pub interpretation_en: Option<String>,
}

impl CriterionOutcome {
    pub fn name(&self, lang: Lang) -> &str {
        pick(lang, &self.name_vi, &self.name_en)
    }
    pub fn detail(&self, lang: Lang) -> &str {
        pick(lang, &self.detail_vi, &self.detail_en)
    }
}

pub(crate) fn pick<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// Dated figures by unit and report date. A unit's figures "as they stand"
/// on a day are those of its latest report on or before that day; a figure
/// missing from that report is missing (never taken from an older report, so
/// a snapshot never mixes a part and a whole of different dates).
pub(crate) struct FigureIndex {
    /// By unit version: a code reused by a reform names another unit, with reports of its own.
    reports: HashMap<UnitId, std::collections::BTreeMap<NaiveDate, HashMap<String, Exact>>>,
}

impl FigureIndex {
    pub fn new(figures: &Dataset) -> FigureIndex {
        let mut reports: HashMap<UnitId, std::collections::BTreeMap<NaiveDate, HashMap<String, Exact>>> = HashMap::new();
        for (v, p, col) in figures.columns() {
            if let Period::Day(d) = p {
                for (u, x) in col.iter() {
                    reports.entry(u).or_default().entry(d).or_default().insert(v.to_string(), x);
                }
            }
        }
        FigureIndex { reports }
    }
    /// The unit's latest report on or before `date`.
    pub fn report(&self, unit: UnitId, date: NaiveDate) -> Option<(NaiveDate, &HashMap<String, Exact>)> {
        self.reports.get(&unit)?.range(..=date).next_back().map(|(d, r)| (*d, r))
    }
    pub fn as_of(&self, unit: UnitId, variable: &str, date: NaiveDate) -> Option<(NaiveDate, &Exact)> {
        let (d, r) = self.report(unit, date)?;
        r.get(variable).map(|x| (d, x))
    }
    pub fn units(&self) -> impl Iterator<Item = UnitId> + '_ {
        self.reports.keys().copied()
    }
}

/// Everything known at the date of judgement.
pub(crate) struct Facts<'a> {
    pub cat: &'a Catalogue,
    pub units: &'a UnitRegistry,
    pub date: NaiveDate,
    pub resolver: Resolver<'a>,
    pub index: &'a FigureIndex,
    pub events: &'a EventsByUnit<'a>,
    pub register: &'a Register,
}

/// The unit's place in the programme at the date.
pub(crate) struct Standing<'a> {
    /// The entry whose programme window applies (certification).
    pub entry: Option<&'a Entry>,
    /// The entry whose recognition the unit holds (keep-clean).
    pub held: Option<&'a Entry>,
    /// A unit formed by a reform that keeps its predecessors' recognition:
    /// each predecessor and the day it was recognised (its cases since then
    /// count against the new unit).
    pub predecessors: Vec<(UnitId, NaiveDate)>,
}

impl<'a> Facts<'a> {
    fn period(&self) -> Period {
        Period::Day(self.date)
    }

    /// The version of a unit in force at the date of judgement.
    pub fn version(&self, unit: &Unit) -> Option<UnitId> {
        self.units.resolve_on(&unit.code, self.date).map(|(u, _)| u)
    }

    /// Whether a criterion applies to a unit with this standing.
    pub fn applies(&self, c: &Criterion, st: &Standing) -> bool {
        let entry = st.held.or(st.entry);
        (c.tracks.is_empty() || entry.is_some_and(|e| c.tracks.contains(&e.track)))
            && (c.entry_years.is_empty() || entry.is_some_and(|e| c.entry_years.contains(&chrono::Datelike::year(&e.entry_date))))
    }

    pub fn judge_criterion(&self, c: &Criterion, unit: &Unit, st: &Standing) -> CriterionOutcome {
        let parts: Vec<(PartOutcome, Vec<Gap>)> = if !c.designated.is_empty() {
            vec![(self.designation(c, unit), Vec::new())]
        } else {
            c.as_parts().iter().map(|p| self.judge_part(c, p, unit, st)).collect()
        };
        let status = combine(parts.iter().map(|(p, _)| p.status));
        let several = parts.len() > 1;
        let detail = |lang: Lang| -> String {
            parts
                .iter()
                .map(|(p, _)| {
                    let d = pick(lang, &p.detail_vi, &p.detail_en);
                    if several {
                        format!("{}: {d}", pick(lang, &p.name_vi, &p.name_en))
                    } else {
                        d.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let (detail_vi, detail_en) = (detail(Lang::Vi), detail(Lang::En));
        let gaps = parts.iter().flat_map(|(_, g)| g.iter().cloned()).collect();
        CriterionOutcome {
            id: c.id.clone(),
            name_vi: c.name_vi.clone(),
            name_en: c.name_en.clone(),
            clause_vi: c.clause_vi.clone(),
            clause_en: c.clause_en.clone(),
            phrase: c.phrase.clone(),
            decides: c.decides,
            alternative: c.alternative.clone(),
            status,
            parts: parts.into_iter().map(|(p, _)| p).collect(),
            detail_vi,
            detail_en,
            gaps,
            interpretation_vi: c.interpretation_vi.clone(),
            interpretation_en: c.interpretation_en.clone(),
        }
    }

    fn designation(&self, c: &Criterion, unit: &Unit) -> PartOutcome {
        let named = c.designated.contains(&unit.code);
        let status = if named { Status::Met } else { Status::NotMet };
        PartOutcome {
            name_vi: c.name_vi.clone(),
            name_en: c.name_en.clone(),
            status,
            verdict: None,
            window: None,
            events: Vec::new(),
            detail_vi: if named { format!("{} được Kế hoạch nêu tên", unit.name) } else { format!("{} không được Kế hoạch nêu tên", unit.name) },
            detail_en: if named { format!("{} is named by the plan", unit.name) } else { format!("{} is not named by the plan", unit.name) },
        }
    }

    fn window(&self, w: &EventWindow, st: &Standing) -> Result<Window, (String, String)> {
        match w {
            EventWindow::MonthsBefore(n) => Ok(Window::months_before(self.date, *n)),
            EventWindow::Programme => match st.entry {
                Some(e) => Ok(Window::inclusive(e.entry_date, self.date)),
                None => Err((
                    "không có trong sổ theo dõi chương trình: chưa có ngày vào chương trình nên không xác định được khoảng thời gian xây dựng".to_string(),
                    "not in the programme register: without an entry date there is no programme window".to_string(),
                )),
            },
            EventWindow::SinceCertification => match st.held.and_then(|e| e.certified_on) {
                Some(c) => Ok(Window::after(c, self.date)),
                None => Err(("chưa được công nhận sạch ma túy".to_string(), "not recognised drug-free".to_string())),
            },
            EventWindow::Phase(id) => {
                let Some(p) = self.cat.phase(id) else {
                    return Err((format!("giai đoạn '{id}' không có trong danh mục"), format!("phase '{id}' is not in the catalogue")));
                };
                Ok(Window::inclusive(p.from, p.to.map_or(self.date, |t| t.min(self.date))))
            }
        }
    }

    /// The events of `unit` (a district: of its communes; a unit formed by a
    /// reform: of its predecessors since their recognition too) that `ec` counts in `w`.
    fn counted(&self, ec: &EventCount, unit: &Unit, st: &Standing, w: &Window) -> Vec<Event> {
        let Some(id) = self.version(unit) else { return Vec::new() };
        let mut versions: Vec<UnitId> = match unit.level {
            Level::Commune => Vec::new(),
            _ => self.units.descendants_at_during(id, Level::Commune, None),
        };
        versions.push(id);
        self.events
            .of(&versions, &st.predecessors)
            .filter(|e| {
                w.contains(e.date)
                    && ec.kinds.contains(&e.kind)
                    && (ec.residence.is_empty() || e.residence.map_or(true, |r| ec.residence.contains(&r)))
                    && (ec.severity.is_empty() || e.severity.is_some_and(|s| ec.severity.contains(&s)))
            })
            .cloned()
            .collect()
    }

    fn judge_part(&self, c: &Criterion, p: &CriterionPart, unit: &Unit, st: &Standing) -> (PartOutcome, Vec<Gap>) {
        let mut out = PartOutcome {
            name_vi: p.name_vi.clone(),
            name_en: p.name_en.clone(),
            status: Status::NoData,
            verdict: None,
            window: None,
            events: Vec::new(),
            detail_vi: String::new(),
            detail_en: String::new(),
        };
        let explain = |v: &Verdict, lang: Lang| verdict_text(v, lang, &|why, lang| undecided_text(Some((self.cat, self.units)), why, lang, None));
        match &p.measure {
            CriterionMeasure::Events(ec) => {
                let w = match self.window(&ec.window, st) {
                    Ok(w) => w,
                    Err((vi, en)) => {
                        out.detail_vi = vi;
                        out.detail_en = en;
                        let gap = Gap { criterion: c.id.clone(), need: None, text_vi: format!("{}: {}", p.name_vi, out.detail_vi), text_en: format!("{}: {}", p.name_en, out.detail_en) };
                        return (out, vec![gap]);
                    }
                };
                let events = self.counted(ec, unit, st, &w);
                let n = Exact::from_int(events.len() as i64);
                let v = judge(false, &p.rule, Measured::Value { value: n, parts: None, counted: None }, None, None);
                let facts = |lang: Lang| events_text(ec, &events, &w, lang);
                out.detail_vi = format!("{}: {}", facts(Lang::Vi), explain(&v, Lang::Vi));
                out.detail_en = format!("{}: {}", facts(Lang::En), explain(&v, Lang::En));
                out.status = v.status;
                out.window = Some(w);
                out.events = events;
                out.verdict = Some(v);
            }
            m => {
                #[allow(clippy::expect_used)] // Event counts are the arm above; every other measure reads figures.
                let figure = m.figure().expect("not an event count");
                let current = match c.figures_at {
                    Some(CriterionBaseline::Entry) => self.measure_at_entry(&figure, unit, st),
                    None => measure(&figure, &unit.code, &self.period(), &self.resolver),
                };
                let v = match p.baseline {
                    Some(CriterionBaseline::Entry) => {
                        #[allow(clippy::indexing_slicing)] // A figure reads at least one variable (catalogue validation).
                        let var = figure.variables()[0].to_string();
                        let at = st.entry.map_or(self.period(), |e| Period::Day(e.entry_date));
                        let base = match self.entry_figure(unit, &var, st) {
                            Ok(value) => Measured::Value { value, parts: None, counted: None },
                            Err(miss) => Measured::Missing(vec![miss]),
                        };
                        judge(false, &p.rule, current, Some((at, base)), None)
                    }
                    None => judge(figure.is_fraction(), &p.rule, current, None, None),
                };
                let dates = match (c.figures_at, st.entry) {
                    (Some(CriterionBaseline::Entry), Some(e)) => vec![e.entry_date],
                    _ => self.figure_dates(&figure.variables(), unit),
                };
                let when = |lang: Lang| match (dates.is_empty(), lang) {
                    (true, _) => String::new(),
                    (false, Lang::Vi) => format!(" (số liệu ngày {})", dates.iter().map(|d| date_text(*d, lang)).collect::<Vec<_>>().join(", ")),
                    (false, Lang::En) => format!(" (figures of {})", dates.iter().map(|d| date_text(*d, lang)).collect::<Vec<_>>().join(", ")),
                };
                out.detail_vi = format!("{}{}", explain(&v, Lang::Vi), when(Lang::Vi));
                out.detail_en = format!("{}{}", explain(&v, Lang::En), when(Lang::En));
                out.status = v.status;
                out.verdict = Some(v);
            }
        }
        let gaps = match out.status {
            Status::NotMet => vec![self.gap(c, p, &out, unit)],
            Status::NoData => vec![Gap {
                criterion: c.id.clone(),
                need: None,
                text_vi: format!("{}: {}", p.name_vi, out.detail_vi),
                text_en: format!("{}: {}", p.name_en, out.detail_en),
            }],
            _ => Vec::new(),
        };
        (out, gaps)
    }

    /// A figure as it stood at the unit's entry into the programme: the
    /// register's `<variable>_at_entry`, or the latest report on or before the
    /// entry date.
    fn entry_figure(&self, unit: &Unit, var: &str, st: &Standing) -> Result<Exact, Missing> {
        let Some(e) = st.entry else {
            return Err(Missing { unit: unit.code.clone(), period: self.period(), variable: format!("{var}_at_entry") });
        };
        let at = Period::Day(e.entry_date);
        self.register
            .at_entry()
            .get(&unit.code, &at, var)
            .or_else(|| self.version(unit).and_then(|id| self.index.as_of(id, var, e.entry_date)).map(|(_, x)| x.clone()))
            .ok_or_else(|| Missing { unit: unit.code.clone(), period: at, variable: format!("{var}_at_entry") })
    }

    /// A value or a ratio of the unit's own figures at its entry into the programme.
    fn measure_at_entry(&self, m: &Measure, unit: &Unit, st: &Standing) -> Measured {
        match m {
            Measure::Ratio { numerator, denominator } => match (self.entry_figure(unit, numerator, st), self.entry_figure(unit, denominator, st)) {
                (Ok(n), Ok(d)) => fraction(n, d, denominator.clone(), None),
                (n, d) => Measured::Missing([n.err(), d.err()].into_iter().flatten().collect()),
            },
            other => match other.variables().first().map(|v| self.entry_figure(unit, v, st)) {
                Some(Ok(value)) => Measured::Value { value, parts: None, counted: None },
                Some(Err(miss)) => Measured::Missing(vec![miss]),
                None => Measured::Missing(Vec::new()),
            },
        }
    }

    /// The days of the figures a measure read for a unit.
    fn figure_dates(&self, vars: &[&str], unit: &Unit) -> Vec<NaiveDate> {
        let id = self.version(unit);
        let mut d: Vec<NaiveDate> = vars.iter().filter_map(|v| id.and_then(|id| self.index.as_of(id, v, self.date)).map(|(d, _)| d)).collect();
        d.sort();
        d.dedup();
        d
    }

    fn gap(&self, c: &Criterion, p: &CriterionPart, out: &PartOutcome, unit: &Unit) -> Gap {
        #[allow(clippy::expect_used)] // Called for a part that is not met, which a verdict decided.
        let v = out.verdict.as_ref().expect("a decided part has a verdict");
        let actual = v.actual.clone().unwrap_or_else(Exact::zero);
        let (have, whole) = v.parts.clone().map_or((None, None), |(n, d)| (Some(n), Some(d)));
        let need: Option<Exact> = match (&v.required_count, &have, &v.baseline, &v.required) {
            (Some(k), Some(n), _, _) => Some(k - n),
            (_, _, Some((_, b)), _) if p.rule.value == RuleValue::Baseline => Some(&actual - b),
            (_, _, _, Some(req)) if !p.measure.is_fraction() => Some(match p.rule.comparator {
                Comparator::Equal => (&actual - req).abs(),
                Comparator::AtMost => &actual - req,
                Comparator::LessThan => &(&actual - &req.ceil()) + &Exact::one(),
                Comparator::AtLeast => &req.ceil() - &actual,
                Comparator::MoreThan => &(&req.floor() + &Exact::one()) - &actual,
            }),
            _ => None,
        };
        let units_list = |lang: Lang| -> String {
            let (level, variable, at_least, failing_below) = match &p.measure {
                CriterionMeasure::UnitsShare { level, variable, at_least } => (*level, variable, at_least, true),
                CriterionMeasure::UnitsCount { level, variable, at_least } => (*level, variable, at_least, false),
                _ => return String::new(),
            };
            let below = self.version(unit).map(|id| self.units.descendants_at_during(id, level, Some(&self.period()))).unwrap_or_default();
            let names: Vec<String> = below
                .into_iter()
                .map(|u| self.units.unit(u))
                .filter(|u| match self.resolver.value(&u.code, &self.period(), variable) {
                    Ok(x) => (&x >= at_least) != failing_below,
                    Err(_) => failing_below,
                })
                .map(|u| u.name.clone())
                .collect();
            const SHOWN: usize = 8;
            match (names.len(), lang) {
                (0, Lang::Vi) => "không có".into(),
                (0, Lang::En) => "none".into(),
                (n, _) if n <= SHOWN => names.join(", "),
                (n, Lang::Vi) => format!("{} và {} đơn vị khác", names.get(..SHOWN).unwrap_or(&names).join(", "), n - SHOWN),
                (n, Lang::En) => format!("{} and {} more", names.get(..SHOWN).unwrap_or(&names).join(", "), n - SHOWN),
            }
        };
        let fill = |template: Option<&String>, name: &str, lang: Lang| -> String {
            let num = |x: &Option<Exact>| x.as_ref().map(|x| format::number(x, lang)).unwrap_or_default();
            let Some(t) = template else {
                let body = pick(lang, &out.detail_vi, &out.detail_en);
                return match (&need, lang) {
                    (Some(n), Lang::Vi) => format!("{name}: cần thay đổi {} ({body})", format::number(n, lang)),
                    (Some(n), Lang::En) => format!("{name}: {} must change ({body})", format::number(n, lang)),
                    (None, _) => format!("{name}: {body}"),
                };
            };
            // "3 (ngày 01/05/2024)": the date in brackets, so the number reads as a number.
            let baseline = v.baseline.as_ref().map(|(bp, b)| format!("{} ({})", format::number(b, lang), bp.words(lang)));
            let baseline_value = v.baseline.as_ref().map(|(_, b)| format::number(b, lang));
            let baseline_date = v.baseline.as_ref().map(|(bp, _)| bp.words(lang));
            let events = out.events.iter().map(|e| e.text(lang)).collect::<Vec<_>>().join("; ");
            t.replace("{need}", &num(&need))
                .replace("{have}", &num(&have))
                .replace("{whole}", &num(&whole))
                .replace("{actual}", &format::number(&actual, lang))
                .replace("{required}", &num(&v.required))
                .replace("{baseline}", &baseline.unwrap_or_default())
                .replace("{baseline_value}", &baseline_value.unwrap_or_default())
                .replace("{baseline_date}", &baseline_date.unwrap_or_default())
                .replace("{events}", &events)
                .replace("{units}", &units_list(lang))
        };
        let (text_vi, text_en) = (fill(p.gap_vi.as_ref(), &p.name_vi, Lang::Vi), fill(p.gap_en.as_ref(), &p.name_en, Lang::En));
        Gap { criterion: c.id.clone(), need, text_vi, text_en }
    }
}

/// "1 drug offence by a temporary resident on 2024-07-12, inside 2024-05-01..2024-12-15".
fn events_text(ec: &EventCount, events: &[Event], w: &Window, lang: Lang) -> String {
    let what = || -> String {
        let kinds: Vec<&str> = ec.kinds.iter().map(|k| k.words(lang).1).collect();
        let mut s = kinds.join(match lang {
            Lang::Vi => ", ",
            Lang::En => ", ",
        });
        if !ec.residence.is_empty() && ec.kinds.contains(&crate::catalogue::EventKind::DrugOffence) {
            let r: Vec<&str> = ec.residence.iter().map(|r| r.as_str()).collect();
            s.push_str(&match lang {
                Lang::Vi => format!(" (người phạm tội: {})", r.iter().map(|x| residence_vi(x)).collect::<Vec<_>>().join(", ")),
                Lang::En => format!(" (offender: {})", r.join(" or ")),
            });
        }
        if !ec.severity.is_empty() {
            let sv: Vec<&str> = ec.severity.iter().map(|x| x.words(lang)).collect();
            s.push_str(&format!(" ({})", sv.join(", ")));
        }
        s
    };
    let inside = match lang {
        Lang::Vi => format!("trong khoảng {}", w.text(lang)),
        Lang::En => format!("inside {}", w.text(lang)),
    };
    match events {
        [] => match lang {
            Lang::Vi => format!("không có {} {inside}", what()),
            Lang::En => format!("no {} {inside}", what()),
        },
        [e] => format!("1 {}, {inside}", e.text(lang)),
        many => {
            let list = many.iter().map(|e| e.text(lang)).collect::<Vec<_>>().join("; ");
            match lang {
                Lang::Vi => format!("{} trường hợp {inside}: {list}", many.len()),
                Lang::En => format!("{} cases {inside}: {list}", many.len()),
            }
        }
    }
}

fn residence_vi(r: &str) -> &'static str {
    match r {
        "permanent" => "thường trú",
        "temporary" => "tạm trú",
        _ => "không cư trú",
    }
}

/// A criterion of several requirements: not met if any is not, then no data,
/// then met unless every one is not applicable.
pub(crate) fn combine(statuses: impl Iterator<Item = Status>) -> Status {
    let all: Vec<Status> = statuses.collect();
    if all.contains(&Status::NotMet) {
        Status::NotMet
    } else if all.contains(&Status::NoData) {
        Status::NoData
    } else if !all.is_empty() && all.iter().all(|s| *s == Status::NotApplicable) {
        Status::NotApplicable
    } else if all.is_empty() {
        Status::NoData
    } else {
        Status::Met
    }
}
