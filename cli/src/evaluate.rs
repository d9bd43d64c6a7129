//! `chitieu evaluate`: a scorecard of every binding target.

use std::path::{Path, PathBuf};

use chitieu_core::catalogue::Catalogue;
use chitieu_core::evaluation::{evaluate, Evaluation, UnitFilter};
use chitieu_core::observations::Dataset;
use chitieu_core::report::{tally, words};
use chitieu_core::{Lang, Period};
use clap::{ArgGroup, Args};
use comfy_table::{Cell, ColumnConstraint, Width};

use crate::output::{emit, json_text, paragraph, status_cell, status_word, table, Format, Term};
use crate::{Failure, Out, Sources};

/// The figures and period an evaluation-like command works on; shared by
/// `evaluate` and `allocations`.
#[derive(Args)]
#[command(group(ArgGroup::new("input").required(true).args(["data", "sample"])))]
pub struct Figures {
    /// Observations: a CSV (wide or long) or JSON file.
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// Use the built-in synthetic sample (2016-2025, 2025 in both structures; not real data).
    #[arg(long)]
    sample: bool,
    /// The period: a year such as 2023 (or 2021-2025 for the cumulative targets).
    #[arg(long, value_name = "P")]
    period: String,
}

impl Figures {
    /// The period asked for (a usage error when it is not one).
    pub fn period(&self) -> Result<Period, Failure> {
        self.period.parse().map_err(|e: chitieu_core::period::PeriodError| Failure::Usage(e.to_string()))
    }

    /// The observations: the file given, or the sample built for this catalogue.
    pub fn load(&self, cat: &chitieu_core::catalogue::Catalogue, units: &chitieu_core::UnitRegistry) -> Result<Dataset, Failure> {
        load_figures(self.data.as_deref(), self.sample, cat, units)
    }
}

/// Observations: the file given, or the sample built for this catalogue.
pub fn load_figures(data: Option<&Path>, sample: bool, cat: &Catalogue, units: &chitieu_core::UnitRegistry) -> Result<Dataset, Failure> {
    match (data, sample) {
        (Some(p), false) => Dataset::from_path(p, cat, units).map_err(|e| Failure::Data(e.to_string())),
        (None, true) => Ok(chitieu_core::sample::generate(cat, units)),
        _ => Err(Failure::Usage("give either --data PATH or --sample".into())),
    }
}

/// `--unit` values as a filter: none for `default`, "all", or unit codes.
pub fn unit_filter(values: &[String], default: UnitFilter) -> UnitFilter {
    match values {
        [] => default,
        [one] if one == "all" => UnitFilter::All,
        codes => UnitFilter::Codes(codes.to_vec()),
    }
}

#[derive(Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    figures: Figures,
    /// A unit code to evaluate (repeatable), or "all"; default: the province.
    #[arg(long = "unit", value_name = "CODE")]
    unit: Vec<String>,
    #[command(flatten)]
    sources: Sources,
    #[command(flatten)]
    out: Out,
}

pub fn run(a: EvaluateArgs) -> Result<(), Failure> {
    let period = a.figures.period()?;
    let (cat, units) = a.sources.load()?;
    let filter = unit_filter(&a.unit, UnitFilter::Root);
    let ds = a.figures.load(&cat, &units)?;
    let ev = evaluate(&cat, &units, &ds, period, &filter).map_err(|e| Failure::Usage(e.to_string()))?;
    let lang: Lang = a.out.lang.into();
    let text = match a.out.format {
        Format::Json => json_text(&ev.to_json(lang)),
        Format::Csv => ev.to_csv(lang),
        Format::Table => scorecard(&ev, &cat, lang, Term::detect(a.out.out.as_deref())),
    };
    emit(&text, a.out.out.as_deref()).map_err(Failure::Data)
}

/// The terminal scorecard: warnings, one row per outcome, the explanations,
/// a summary line per document. One language throughout.
///
/// The table has the columns a terminal of `term.width` can hold: from 120
/// columns on, unit, actual, required and margin each have their own; below,
/// the unit goes under the target's name and the figures share one column.
/// Target ids are never cut (their column is as wide as the longest); names
/// and requirements wrap at spaces instead.
fn scorecard(ev: &Evaluation, cat: &Catalogue, lang: Lang, term: Term) -> String {
    let vi = lang == Lang::Vi;
    let mut s = String::new();
    s.push_str(&if vi {
        format!("chitieu {} — kỳ {} — dữ liệu: {}\n", ev.chitieu_version, ev.period, words::dataset(&ev.dataset, lang))
    } else {
        format!("chitieu {} — period {} — data: {}\n", ev.chitieu_version, ev.period, words::dataset(&ev.dataset, lang))
    });
    for w in &ev.warnings {
        s.push_str(&paragraph(if vi { "⚠ Cảnh báo: " } else { "⚠ Warning: " }, w.message(lang), term));
    }
    let mut units: Vec<&str> = ev.outcomes.iter().map(|o| o.unit()).collect();
    units.sort_unstable();
    units.dedup();
    let one_unit = match units.as_slice() {
        [one] => ev.outcomes.first().filter(|o| o.unit() == *one).map(|o| format!("{} {}", o.unit(), o.unit_name())),
        _ => None,
    };
    if let Some(u) = &one_unit {
        s.push_str(&format!("{} {u}\n", if vi { "Đơn vị:" } else { "Unit:" }));
    }
    let wide = term.width >= 120;
    let headers = match (vi, wide, one_unit.is_some()) {
        (true, true, false) => vec!["#", "Trạng thái", "Chỉ tiêu", "Đơn vị", "Thực tế", "Yêu cầu", "Chênh lệch"],
        (true, true, true) => vec!["#", "Trạng thái", "Chỉ tiêu", "Thực tế", "Yêu cầu", "Chênh lệch"],
        (true, false, _) => vec!["#", "Trạng thái", "Chỉ tiêu", "Thực tế / yêu cầu / chênh lệch"],
        (false, true, false) => vec!["#", "Status", "Target", "Unit", "Actual", "Required", "Margin"],
        (false, true, true) => vec!["#", "Status", "Target", "Actual", "Required", "Margin"],
        (false, false, _) => vec!["#", "Status", "Target", "Actual / required / margin"],
    };
    let longest_id = ev.outcomes.iter().map(|o| o.target().chars().count()).max().unwrap_or(0);
    let mut t = table(headers, term, Some(1), Some((2, longest_id)));
    // Composite requirements are long: they wrap, so names keep room.
    let required = if one_unit.is_some() { 4 } else { 5 };
    if let Some(c) = t.column_mut(required).filter(|_| wide) {
        c.set_constraint(ColumnConstraint::UpperBoundary(Width::Percentage(28)));
    }
    // One row per outcome. (Issue 14 will fold a unit without any figure for a
    // document into one row: rows are built here, in one place, for that.)
    for (i, o) in ev.outcomes.iter().enumerate() {
        let mut target = format!("{}\n{}", o.target(), o.name(lang));
        if o.period != ev.period {
            target.push_str(&if vi { format!("\nkỳ {}", o.period) } else { format!("\nperiod {}", o.period) });
        }
        if let Some(by) = o.superseded_by() {
            target.push_str(&format!("\n↳ {}", words::superseded_by(by, lang)));
        }
        let unit = format!("{} {}", o.unit(), o.unit_name());
        if !wide && one_unit.is_none() {
            target.push_str(&format!("\n{unit}"));
        }
        let mut row = vec![Cell::new(i + 1), status_cell(status_word(o.status, lang), o.status.as_str()), Cell::new(target)];
        if wide {
            if one_unit.is_none() {
                row.push(Cell::new(unit));
            }
            row.push(Cell::new(o.actual_display(lang)));
            row.push(Cell::new(o.required(lang)));
            row.push(Cell::new(o.margin_display(lang)));
        } else {
            let figures: Vec<String> = [o.actual_display(lang), o.required(lang), o.margin_display(lang)].into_iter().filter(|x| !x.is_empty()).collect();
            row.push(Cell::new(figures.join("\n")));
        }
        t.add_row(row);
    }
    s.push_str(&format!("{t}\n"));
    s.push_str(if vi { "Giải thích:\n" } else { "Explanations:\n" });
    for (i, o) in ev.outcomes.iter().enumerate() {
        s.push_str(&paragraph(&format!("{:>3}. ", i + 1), &format!("[{}] {}", status_word(o.status, lang), o.explanation(lang)), term));
    }
    s.push_str(if vi { "Tổng hợp (chỉ tiêu áp dụng):\n" } else { "Summary (governing targets):\n" });
    for line in tally::summary_lines(ev, cat, lang) {
        s.push_str(&paragraph("  ", &line, term));
    }
    if ev.synthetic {
        s.push_str(&format!("{}\n", words::synthetic_banner(lang)));
    }
    s
}
