//! Evaluation: every target of the catalogue that binds a unit in a period,
//! decided exactly, explained, and ranked where several bind the same thing.

mod explain;
mod measure;
mod outcome;
mod precedence;
mod rule;

use crate::catalogue::{Catalogue, CatalogueTarget, Document, Rule, TargetPeriod};
use crate::error::Error;
use crate::evaluation::{share_of, table_name, Share};
use crate::legacy::observations::{Dataset, Resolver};
use crate::period::Period;
use crate::units::{Unit, UnitRegistry};
use crate::warning::Warning;
use crate::Lang;

pub use explain::{body as verdict_text, required_text, rule_text};
pub use measure::{measure, reads_any, Measured};
pub use outcome::{Evaluation, Outcome, PartOutcome, WithoutFigures};
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
    let mut units_without_figures = Vec::new();
    let mut bound = false;
    for u in &selected {
        let mut mine: Vec<(usize, Outcome)> = Vec::new();
        for t in cat.targets() {
            let Some(mp) = measured_period(t.target.period, &period) else { continue };
            if !cat.binds(t, u, units) {
                continue;
            }
            mine.push((t.document, evaluate_target(cat, t, u, &mp, &resolver)));
        }
        bound |= !mine.is_empty();
        // A document whose targets all reach the unit as extensions, undecided,
        // without any figure they read: reported once, its outcomes left out.
        let mut docs: Vec<usize> = Vec::new();
        for (d, _) in &mine {
            if !docs.contains(d) {
                docs.push(*d);
            }
        }
        for d in docs {
            let of_doc: Vec<&Outcome> = mine.iter().filter(|(x, _)| *x == d).map(|(_, o)| o).collect();
            let empty = of_doc.iter().all(|o| o.status == Status::NoData && o.extended_from.is_some())
                && !of_doc.iter().any(|o| {
                    cat.target(&o.target).is_some_and(|t| {
                        t.target.measure.iter().chain(t.target.parts.iter().map(|p| &p.measure)).any(|m| reads_any(m, &u.code, &o.period, &resolver))
                    })
                });
            if let Some(doc) = cat.documents().get(d).filter(|_| empty) {
                units_without_figures.push(WithoutFigures {
                    unit: u.code.clone(),
                    unit_name: u.name.clone(),
                    level: u.level,
                    document: doc.number.clone(),
                    document_id: doc.id.clone(),
                    targets: of_doc.len() as u32,
                });
                mine.retain(|(x, _)| *x != d);
            }
        }
        outcomes.extend(mine.into_iter().map(|(_, o)| o));
    }
    precedence::rank(cat, &mut outcomes);
    let mut warnings: Vec<Warning> = cat.warnings().to_vec();
    warnings.extend(data.warnings().iter().cloned());
    if data.synthetic {
        warnings.insert(0, synthetic_warning());
    }
    let ids: Vec<crate::units::UnitId> = selected.iter().filter_map(|u| units.versions(&u.code).iter().copied().find(|v| units.unit(*v) == *u)).collect();
    let outside = crate::evaluation::scope::warnings(cat, units, &crate::evaluation::scope::Scopes::new(cat, units), &ids);
    if !bound && !outside.iter().any(|w| w.code == "no_unit_in_scope") {
        warnings.push(Warning::new(
            "no_target_binds",
            format!("Không có chỉ tiêu nào áp dụng cho kỳ {period} và các đơn vị đã chọn (chỉ tiêu tính theo năm, ví dụ 2023)"),
            format!("no target binds period {period} for the selected units (targets are yearly, e.g. 2023)"),
        ).from(crate::warning::Source::Run));
    }
    warnings.extend(outside);
    Ok(Evaluation {
        chitieu_version: crate::VERSION.to_string(),
        period,
        dataset: data.name.clone(),
        synthetic: data.synthetic,
        warnings,
        outcomes,
        units_without_figures,
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
    let share = share_of(cat, &t.target.id, None, u);
    let decide_one = |m: &crate::catalogue::Measure, rule: &Rule, share: &Option<Share>| -> Verdict {
        match share {
            Some(Share { value: None, .. }) => no_share(rule),
            Some(Share { value: Some(s), .. }) => decide(m, rule, &u.code, period, r, Some(s)),
            None => decide(m, rule, &u.code, period, r, None),
        }
    };
    let describe = |v: &Verdict, lang: Lang, share: &Option<Share>| {
        explain::body(v, lang, &|why, lang| undecided_text(Some((cat, r.units())), why, lang, share.as_ref().map(|s| (table_name(s.table, Lang::Vi), table_name(s.table, Lang::En)))))
    };
    let (verdict, parts, status) = match (&t.target.measure, &t.target.rule) {
        (Some(m), Some(rule)) => {
            let v = decide_one(m, rule, &share);
            let s = v.status;
            (Some(v), Vec::new(), s)
        }
        _ => {
            let parts: Vec<PartOutcome> = t
                .target
                .parts
                .iter()
                .map(|p| {
                    let share = share_of(cat, &t.target.id, p.key.as_deref(), u);
                    let v = decide_one(&p.measure, &p.rule, &share);
                    PartOutcome {
                        name_vi: p.name_vi.clone(),
                        name_en: p.name_en.clone(),
                        explanation_vi: format!("{}: {}", p.name_vi, describe(&v, Lang::Vi, &share)),
                        explanation_en: format!("{}: {}", p.name_en, describe(&v, Lang::En, &share)),
                        verdict: v,
                    }
                })
                .collect();
            let s = combine(parts.iter().map(|p| p.verdict.status));
            (None, parts, s)
        }
    };
    // A unit judged against its share of a split target cites the table row
    // (and column) that sets the share, not the province figure's clause.
    let cited = share.or_else(|| t.target.parts.iter().find_map(|p| share_of(cat, &t.target.id, p.key.as_deref(), u))).filter(|s| s.row.is_some());
    let clause = |lang: Lang| match (&cited, lang) {
        (Some(s), lang) => s.citation(lang, verdict.is_some()),
        (None, Lang::Vi) => t.target.clause_vi.clone(),
        (None, Lang::En) => t.target.clause_en.clone(),
    };
    let (clause_vi, clause_en) = (clause(Lang::Vi), clause(Lang::En));
    // Below the level the document sets its targets for, and not a share of a table.
    let extended_from = cat.scope_level(t, u, r.units()).filter(|own| share.is_none() && u.level > *own);
    let text = |lang: Lang| -> String {
        let name = match lang {
            Lang::Vi => &t.target.name_vi,
            Lang::En => &t.target.name_en,
        };
        let body = match &verdict {
            Some(v) => describe(v, lang, &share),
            None => parts
                .iter()
                .map(|p| match lang {
                    Lang::Vi => p.explanation_vi.clone(),
                    Lang::En => p.explanation_en.clone(),
                })
                .collect::<Vec<_>>()
                .join("; "),
        };
        let clause = if lang == Lang::Vi { &clause_vi } else { &clause_en };
        let mut s = format!("{name}: {body} ({})", cite(doc, clause, lang));
        if let Some(own) = extended_from {
            match lang {
                Lang::Vi => s.push_str(&format!(" — chỉ tiêu cấp {}, áp dụng mở rộng cho cấp {}", own.name(lang), u.level.name(lang))),
                Lang::En => s.push_str(&format!(" — a {}-level target, extended to the {} level", own.name(lang), u.level.name(lang))),
            }
        }
        s
    };
    let (explanation_vi, explanation_en) = (text(Lang::Vi), text(Lang::En));
    Outcome {
        target: t.target.id.clone(),
        indicator: t.target.indicator.clone(),
        document_id: doc.id.clone(),
        document: doc.number.clone(),
        clause_vi,
        clause_en,
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
        allocation: share.and_then(|s| s.value.map(|v| (s.table.id.clone(), v.clone()))),
        extended_from,
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
        Undecided::NoShare => match (lang, table) {
            (Lang::Vi, Some((vi, _))) => format!("đơn vị không được giao chỉ tiêu trong {vi}"),
            (Lang::En, Some((_, en))) => format!("no share is allocated to this unit in {en}"),
            (Lang::Vi, None) => "đơn vị không được giao chỉ tiêu".to_string(),
            (Lang::En, None) => "no share is allocated to this unit".to_string(),
        },
    }
}
