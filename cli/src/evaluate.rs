//! `chitieu evaluate`: a scorecard of every binding target.

use std::path::PathBuf;

use std::io::Write;
use std::sync::Arc;

use chitieu_core::evaluation::{write, Evaluator, Status, UnitFilter};
use chitieu_core::observations::Dataset;
use chitieu_core::{Lang, Period};
use clap::{ArgGroup, Args};

use crate::output::{emit_with, status_word, table, Format};
use crate::{Failure, Out, Sources};

/// The figures and period an evaluation-like command works on; shared by
/// `evaluate` and `allocations`.
#[derive(Args)]
#[command(group(ArgGroup::new("input").required(true).args(["data", "sample"])))]
pub struct Figures {
    /// Observations: a CSV (wide or long) or JSON file.
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// Use the built-in synthetic sample (2016-2024; not real data).
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
        match (&self.data, self.sample) {
            (Some(p), false) => Dataset::from_path(p, cat, units).map_err(|e| Failure::Data(e.to_string())),
            (None, true) => Ok(chitieu_core::sample::generate(cat, units)),
            _ => Err(Failure::Usage("give either --data PATH or --sample".into())),
        }
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
    let filter = match a.unit.as_slice() {
        [] => UnitFilter::Root,
        [one] if one == "all" => UnitFilter::All,
        codes => UnitFilter::Codes(codes.to_vec()),
    };
    let ds = a.figures.load(&cat, &units)?;
    let ev = Evaluator::new(Arc::new(cat), &units, &ds, period, &filter).map_err(|e| Failure::Usage(e.to_string()))?;
    let lang: Lang = a.out.lang.into();
    // Data that cannot answer what was asked is said on standard error too, whatever the format.
    for w in ev.header().warnings.iter().filter(|w| COVERAGE.contains(&w.code.as_str())) {
        eprintln!("chitieu: {}: {}", if lang == Lang::Vi { "cảnh báo" } else { "warning" }, w.message(lang));
    }
    let out = a.out.out.as_deref();
    match a.out.format {
        Format::Json => emit_with(out, |w| write::json_document(&ev, lang, w).map(drop)),
        Format::Csv => emit_with(out, |w| write::csv_document(&ev, lang, w).map(drop)),
        Format::Table => emit_with(out, |w| scorecard(&ev, lang, w)),
    }
    .map_err(Failure::Data)
}

/// Warnings that the data has nothing for the period or units asked.
const COVERAGE: &[&str] = &["no_figures", "no_figures_for_period", "no_figures_for_units"];

/// Rows per table: a national run is printed as tables of this many rows.
const TABLE_ROWS: usize = 10_000;

/// The terminal scorecard: warnings, one row per outcome, the explanations, a
/// summary. Written as the outcomes come (the run is made twice: once for the
/// table, once for the explanations), so it never holds a national run.
fn scorecard(ev: &Evaluator, lang: Lang, w: &mut dyn Write) -> std::io::Result<()> {
    let vi = lang == Lang::Vi;
    let h = ev.header();
    if vi {
        writeln!(w, "chitieu {} — kỳ {} — dữ liệu: {}", h.chitieu_version, h.period, h.dataset)?;
    } else {
        writeln!(w, "chitieu {} — period {} — data: {}", h.chitieu_version, h.period, h.dataset)?;
    }
    for x in h.warnings {
        writeln!(w, "{} {}", if vi { "⚠ Cảnh báo:" } else { "⚠ Warning:" }, x.message(lang))?;
    }
    let headers = if vi {
        vec!["#", "Trạng thái", "Chỉ tiêu", "Đơn vị", "Kỳ", "Thực tế", "Yêu cầu", "Chênh lệch"]
    } else {
        vec!["#", "Status", "Target", "Unit", "Period", "Actual", "Required", "Margin"]
    };
    let mut counts = [0usize; 4];
    let mut superseded = 0;
    let mut n = 0;
    let mut rows: Vec<Vec<String>> = Vec::new();
    ev.run(|outcomes| -> std::io::Result<()> {
        for o in &outcomes {
            n += 1;
            let mut status = status_word(o.status.as_str(), lang).to_string();
            if let Some(by) = o.superseded_by() {
                status.push_str(&if vi { format!("\n(thay bởi {by})") } else { format!("\n(superseded by {by})") });
            }
            if !o.governing {
                superseded += 1;
            } else if let Some(c) = counts.get_mut(o.status as usize) {
                *c += 1;
            }
            rows.push(vec![
                n.to_string(),
                status,
                format!("{}\n{}", o.target(), o.name(lang)),
                format!("{} {}", o.unit(), o.unit_name()),
                o.period.to_string(),
                o.actual_display(lang),
                o.required(lang),
                o.margin_display(lang),
            ]);
            if rows.len() == TABLE_ROWS {
                print_table(&headers, &mut rows, w)?;
            }
        }
        Ok(())
    })?;
    // The last rows; an empty run still shows the (empty) table.
    if !rows.is_empty() || n == 0 {
        print_table(&headers, &mut rows, w)?;
    }
    writeln!(w, "{}", if vi { "Giải thích:" } else { "Explanations:" })?;
    let mut i = 0;
    ev.run(|outcomes| -> std::io::Result<()> {
        for o in &outcomes {
            i += 1;
            writeln!(w, "{:>3}. [{}] {}", i, status_word(o.status.as_str(), lang), o.explanation(lang))?;
        }
        Ok(())
    })?;
    let count = |st: Status| counts.get(st as usize).copied().unwrap_or(0);
    if vi {
        writeln!(
            w,
            "Tổng hợp (chỉ tiêu áp dụng): {} đạt, {} không đạt, {} thiếu số liệu, {} không áp dụng; {} chỉ tiêu bị thay thế bởi chỉ tiêu cao hơn",
            count(Status::Met), count(Status::NotMet), count(Status::NoData), count(Status::NotApplicable), superseded
        )?;
    } else {
        writeln!(
            w,
            "Summary (governing targets): {} met, {} not met, {} no data, {} not applicable; {} superseded by a more demanding target",
            count(Status::Met), count(Status::NotMet), count(Status::NoData), count(Status::NotApplicable), superseded
        )?;
    }
    if h.synthetic {
        writeln!(w, "{}", if vi { "DỮ LIỆU MẪU TỔNG HỢP — không phải số liệu thật." } else { "SYNTHETIC SAMPLE DATA — not real figures." })?;
    }
    Ok(())
}

fn print_table(headers: &[&str], rows: &mut Vec<Vec<String>>, w: &mut dyn Write) -> std::io::Result<()> {
    let mut t = table(headers.to_vec());
    for r in rows.drain(..) {
        t.add_row(r);
    }
    writeln!(w, "{t}")
}
