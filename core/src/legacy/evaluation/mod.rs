//! Evaluation: every target of the catalogue that binds a unit in a period,
//! decided exactly, explained, and ranked where several bind the same thing.

mod explain;
mod measure;
mod outcome;
mod precedence;
mod rule;

use crate::catalogue::{Catalogue, CatalogueTarget, Document, Rule, TargetPeriod};
use crate::error::Error;
use crate::exact::Exact;
use crate::legacy::observations::{Dataset, Resolver};
use crate::period::Period;
use crate::units::{Unit, UnitRegistry};
use crate::warning::Warning;
use crate::Lang;

pub use explain::{body as verdict_text, required_text, rule_text};
pub use measure::{measure, Measured};
pub use outcome::{Evaluation, Outcome, PartOutcome};
pub use rule::{decide, judge, required_count, Status, Undecided, Verdict};

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

/// The allocated share of `target` for `unit`, when a table splits it at the
/// unit's level: `Some(Some(share))`, or `Some(None)` when the unit got no share.
fn allocated_share<'c>(cat: &'c Catalogue, target: &str, unit: &Unit) -> Option<(Option<&'c Exact>, &'c str, &'c str, &'c str)> {
    cat.allocations().find_map(|(a, _)| {
        if a.level != unit.level {
            return None;
        }
        let col = a.columns.iter().find(|c| c.target == target)?;
        let share = a.rows.iter().find(|r| r.unit.as_deref() == Some(unit.code.as_str())).and_then(|r| r.values.get(&col.key));
        Some((share, a.id.as_str(), a.table_vi.as_str(), a.table_en.as_str()))
    })
}

/// Evaluates every binding target for the selected units in `period`.
pub fn evaluate(cat: &Catalogue, units: &UnitRegistry, data: &Dataset, period: Period, filter: &UnitFilter) -> Result<Evaluation, Error> {
    cat.check_units(units)?;
    let selected: Vec<&Unit> = match filter {
        UnitFilter::Root => units.roots().collect(),
        UnitFilter::All => units.units().iter().collect(),
        UnitFilter::Codes(codes) => codes
            .iter()
            .map(|c| {
                units.resolve(c).map(|(u, _)| u).ok_or_else(|| {
                    let hint = units.nearest(c).map(|u| format!("; did you mean {} ({})?", u.code, u.name)).unwrap_or_default();
                    Error::NotFound(format!("unknown unit code '{c}'{hint}"))
                })
            })
            .collect::<Result<_, _>>()?,
    };
    let resolver = Resolver::new(data, units, cat);
    let mut outcomes = Vec::new();
    for u in &selected {
        for t in cat.targets() {
            let Some(mp) = measured_period(t.target.period, &period) else { continue };
            if !applies_to(t, u) {
                continue;
            }
            outcomes.push(evaluate_target(cat, t, u, &mp, &resolver));
        }
    }
    precedence::rank(cat, &mut outcomes);
    let mut warnings: Vec<Warning> = cat.warnings().to_vec();
    warnings.extend(data.warnings().iter().cloned());
    if data.synthetic {
        warnings.insert(0, synthetic_warning());
    }
    if outcomes.is_empty() {
        warnings.push(Warning::new(
            "no_target_binds",
            format!("Không có chỉ tiêu nào áp dụng cho kỳ {period} và các đơn vị đã chọn (chỉ tiêu tính theo năm, ví dụ 2023)"),
            format!("no target binds period {period} for the selected units (targets are yearly, e.g. 2023)"),
        ).from(crate::warning::Source::Run));
    }
    Ok(Evaluation {
        chitieu_version: crate::VERSION.to_string(),
        period,
        dataset: data.name.clone(),
        synthetic: data.synthetic,
        warnings,
        outcomes,
    })
}

/// The warning every report of the built-in sample carries.
pub fn synthetic_warning() -> Warning {
    Warning::new(
        "synthetic_data",
        "DỮ LIỆU MẪU TỔNG HỢP (giả lập), không phải số liệu thật của tỉnh",
        "SYNTHETIC SAMPLE DATA, not real figures of the province",
    )
}

/// Evaluates one target for one unit over its measured period.
pub fn evaluate_target(cat: &Catalogue, t: &CatalogueTarget, u: &Unit, period: &Period, r: &Resolver) -> Outcome {
    let doc = cat.document_of(t);
    let share = allocated_share(cat, &t.target.id, u);
    let decide_one = |m: &crate::catalogue::Measure, rule: &Rule| -> Verdict {
        match &share {
            Some((None, ..)) => no_share(rule),
            Some((Some(s), ..)) => decide(m, rule, &u.code, period, r, Some(s)),
            None => decide(m, rule, &u.code, period, r, None),
        }
    };
    let describe = |v: &Verdict, lang: Lang| explain::body(v, lang, &|why, lang| undecided_text(Some((cat, r.units())), why, lang, share.as_ref().map(|s| (s.2, s.3))));
    let (verdict, parts, status) = match (&t.target.measure, &t.target.rule) {
        (Some(m), Some(rule)) => {
            let v = decide_one(m, rule);
            let s = v.status;
            (Some(v), Vec::new(), s)
        }
        _ => {
            let parts: Vec<PartOutcome> = t
                .target
                .parts
                .iter()
                .map(|p| {
                    let v = decide_one(&p.measure, &p.rule);
                    PartOutcome {
                        name_vi: p.name_vi.clone(),
                        name_en: p.name_en.clone(),
                        explanation_vi: format!("{}: {}", p.name_vi, describe(&v, Lang::Vi)),
                        explanation_en: format!("{}: {}", p.name_en, describe(&v, Lang::En)),
                        verdict: v,
                    }
                })
                .collect();
            let s = combine(parts.iter().map(|p| p.verdict.status));
            (None, parts, s)
        }
    };
    let text = |lang: Lang| -> String {
        let name = match lang {
            Lang::Vi => &t.target.name_vi,
            Lang::En => &t.target.name_en,
        };
        let body = match &verdict {
            Some(v) => describe(v, lang),
            None => parts
                .iter()
                .map(|p| match lang {
                    Lang::Vi => p.explanation_vi.clone(),
                    Lang::En => p.explanation_en.clone(),
                })
                .collect::<Vec<_>>()
                .join("; "),
        };
        format!("{name}: {body} ({})", source_text(doc, t, lang))
    };
    let (explanation_vi, explanation_en) = (text(Lang::Vi), text(Lang::En));
    Outcome {
        target: t.target.id.clone(),
        indicator: t.target.indicator.clone(),
        document_id: doc.id.clone(),
        document: doc.number.clone(),
        clause_vi: t.target.clause_vi.clone(),
        clause_en: t.target.clause_en.clone(),
        name_vi: t.target.name_vi.clone(),
        name_en: t.target.name_en.clone(),
        unit: u.code.clone(),
        unit_name: u.name.clone(),
        level: u.level,
        period: *period,
        status,
        required_vi: verdict.as_ref().map(|v| explain::required_text(v, Lang::Vi)),
        required_en: verdict.as_ref().map(|v| explain::required_text(v, Lang::En)),
        verdict,
        parts,
        governing: true,
        superseded_by: None,
        explanation_vi,
        explanation_en,
        interpretation_vi: t.target.interpretation_vi.clone(),
        interpretation_en: t.target.interpretation_en.clone(),
        lead: t.target.lead.clone(),
        partners: t.target.partners.clone(),
        allocation: share.and_then(|(s, id, ..)| s.map(|s| (id.to_string(), s.clone()))),
    }
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
        Undecided::NoShare => match (lang, table) {
            (Lang::Vi, Some((vi, _))) => format!("đơn vị không được giao chỉ tiêu trong {vi}"),
            (Lang::En, Some((_, en))) => format!("no share is allocated to this unit in {en}"),
            (Lang::Vi, None) => "đơn vị không được giao chỉ tiêu".to_string(),
            (Lang::En, None) => "no share is allocated to this unit".to_string(),
        },
    }
}
