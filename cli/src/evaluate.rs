//! `chitieu evaluate`: a scorecard of every binding target.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use chitieu_core::catalogue::Catalogue;
use chitieu_core::evaluation::{evaluate, write, Evaluator, Status, UnitFilter, UnitWithoutFigures};
use chitieu_core::observations::Dataset;
use chitieu_core::report::{tally, words};
use chitieu_core::table::Source;
use chitieu_core::{Lang, Period};
use clap::{ArgGroup, Args};
use comfy_table::{Cell, ColumnConstraint, Width};

use crate::output::{emit_with, paragraph, status_cell, status_word, table, warning_lines, Format, Term};
use crate::{source, Failure, Out, Sources};

/// The figures and period an evaluation-like command works on; shared by
/// `evaluate` and `allocations`.
#[derive(Args)]
#[command(group(ArgGroup::new("input").required(true).args(["data", "sample"])))]
pub struct Figures {
    /// Observations: a CSV (wide or long, separated by , ; or tab), JSON, or a workbook
    /// (.xlsx, .xlsm, .xls, .ods: PATH#Sheet names the sheet; else the first sheet whose
    /// header names unit_code and period).
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// The sheet of --data, when it is a workbook.
    #[arg(long, value_name = "NAME", alias = "data-sheet", requires = "data")]
    sheet: Option<String>,
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
        load_figures(source(&self.data, &self.sheet)?.as_ref(), self.sample, cat, units)
    }
}

/// Observations: the file (and sheet) given, or the sample built for this catalogue.
pub fn load_figures(data: Option<&Source>, sample: bool, cat: &Catalogue, units: &chitieu_core::UnitRegistry) -> Result<Dataset, Failure> {
    match (data, sample) {
        (Some(s), false) => Dataset::from_source(s, cat, units).map_err(|e| Failure::Data(e.to_string())),
        (None, true) => Ok(chitieu_core::sample::generate(cat, units)),
        _ => Err(Failure::Usage("give either --data PATH or --sample".into())),
    }
}

/// `--unit` values as a filter: none for `default`, "all", or unit codes
/// ("all" among codes is a usage error, not an unknown code).
pub fn unit_filter(values: &[String], default: UnitFilter) -> Result<UnitFilter, Failure> {
    match values {
        [] => Ok(default),
        [one] if one == "all" => Ok(UnitFilter::All),
        codes if codes.iter().any(|c| c == "all") => {
            Err(Failure::Usage("--unit all already selects every unit: give either --unit all or unit codes, not both".into()))
        }
        codes => Ok(UnitFilter::Codes(codes.to_vec())),
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

/// Stage times on standard error when `CHITIEU_TIMINGS` is set (the national
/// benchmark reads them): `timing: <stage> <n> ms`.
struct Timings(Option<(std::time::Instant, std::time::Instant)>);

impl Timings {
    fn from_env() -> Timings {
        let now = std::time::Instant::now();
        Timings(std::env::var_os("CHITIEU_TIMINGS").filter(|v| !v.is_empty() && v != "0").map(|_| (now, now)))
    }
    fn lap(&mut self, stage: &str) {
        if let Some((_, last)) = &mut self.0 {
            eprintln!("timing: {stage} {:.1} ms", last.elapsed().as_secs_f64() * 1e3);
            *last = std::time::Instant::now();
        }
    }
    fn total(&self) {
        if let Some((start, _)) = &self.0 {
            eprintln!("timing: total {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
        }
    }
}

pub fn run(a: EvaluateArgs) -> Result<(), Failure> {
    let format = a.out.format()?;
    let mut timings = Timings::from_env();
    let period = a.figures.period()?;
    let (cat, units) = a.sources.load()?;
    timings.lap("read catalogue and registry");
    let filter = unit_filter(&a.unit, UnitFilter::Root)?;
    let ds = a.figures.load(&cat, &units)?;
    timings.lap("load and validate");
    let cat = Arc::new(cat);
    let ev = Evaluator::new(&cat, &units, &ds, period, &filter).map_err(crate::failure)?;
    timings.lap("roll up");
    let lang: Lang = a.out.lang.into();
    // Data that cannot answer what was asked is said on standard error too, whatever the format.
    for w in ev.header().warnings.iter().filter(|w| COVERAGE.contains(&w.code.as_str())) {
        eprintln!("chitieu: {}: {}", if lang == Lang::Vi { "cảnh báo" } else { "warning" }, w.message(lang));
    }
    let out = a.out.out.as_deref();
    match format {
        Format::Json => emit_with(out, |w| write::json_document(&ev, lang, w).map(drop)),
        Format::Csv => emit_with(out, |w| write::csv_document(&ev, lang, w).map(drop)),
        Format::Table => emit_with(out, |w| scorecard(&ev, &cat, lang, Term::detect(out), w)),
        // A workbook is made whole in memory: the outcomes are collected for it.
        Format::Xlsx => {
            let all = evaluate(&cat, &units, &ds, period, &filter).map_err(|e| Failure::Usage(e.to_string()))?;
            return a.out.workbook(chitieu_core::workbook::scorecard(&all, lang));
        }
    }
    .map_err(Failure::Data)?;
    timings.lap("decide and write");
    timings.total();
    Ok(())
}

/// Warnings that the data has nothing for the period or units asked.
const COVERAGE: &[&str] = &["no_figures", "no_figures_for_period", "no_figures_for_units"];

/// Rows per table: a national run is printed as tables of this many rows.
const TABLE_ROWS: usize = 10_000;

/// The terminal scorecard: warnings, one row per outcome, the explanations,
/// a summary line per document. One language throughout.
///
/// The table has the columns a terminal of `term.width` can hold: from 120
/// columns on, unit, actual, required and margin each have their own; below,
/// the unit goes under the target's name and the figures share one column.
/// Target ids are never cut (their column is as wide as the longest); names
/// and requirements wrap at spaces instead.
///
/// Written as the outcomes come (the run is made twice: once for the table,
/// once for the explanations), so it never holds a national run; such a run
/// is printed as tables of `TABLE_ROWS` rows.
fn scorecard(ev: &Evaluator, cat: &Catalogue, lang: Lang, term: Term, w: &mut dyn Write) -> std::io::Result<()> {
    let vi = lang == Lang::Vi;
    let h = ev.header();
    if vi {
        writeln!(w, "chitieu {} — kỳ {} — dữ liệu: {}", h.chitieu_version, h.period, words::dataset(h.dataset, lang))?;
    } else {
        writeln!(w, "chitieu {} — period {} — data: {}", h.chitieu_version, h.period, words::dataset(h.dataset, lang))?;
    }
    w.write_all(warning_lines(h.warnings, lang, term).as_bytes())?;
    // Which units and targets the run decides, known before deciding them.
    let mut units: Vec<(&str, &str)> = Vec::new();
    let mut longest_id = 0;
    for (u, t) in ev.pairs() {
        if !units.iter().any(|(c, _)| *c == u.code) {
            units.push((&u.code, &u.name));
        }
        longest_id = longest_id.max(t.target.id.chars().count());
    }
    let one_unit = match units.as_slice() {
        [(code, name)] => Some(format!("{code} {name}")),
        _ => None,
    };
    if let Some(u) = &one_unit {
        writeln!(w, "{} {u}", if vi { "Đơn vị:" } else { "Unit:" })?;
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
    // Composite requirements are long: they wrap, so names keep room.
    let required = if one_unit.is_some() { 4 } else { 5 };
    let print = |rows: &mut Vec<Vec<Cell>>, w: &mut dyn Write| -> std::io::Result<()> {
        let mut t = table(headers.clone(), term, Some(1), Some((2, longest_id)));
        if let Some(c) = t.column_mut(required).filter(|_| wide) {
            c.set_constraint(ColumnConstraint::UpperBoundary(Width::Percentage(28)));
        }
        for r in rows.drain(..) {
            t.add_row(r);
        }
        writeln!(w, "{t}")
    };
    // One row per outcome, then one per unit without any figure for a
    // document's targets (issue 14), instead of a no-data row per target.
    let mut summary = tally::Summary::default();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut n = 0;
    let without = ev.run(|outcomes| -> std::io::Result<()> {
        for o in &outcomes {
            n += 1;
            summary.add(o);
            let mut target = format!("{}\n{}", o.target(), o.name(lang));
            if o.period != h.period {
                target.push_str(&if vi { format!("\nkỳ {}", o.period) } else { format!("\nperiod {}", o.period) });
            }
            if let Some(by) = o.superseded_by() {
                target.push_str(&format!("\n↳ {}", words::superseded_by(by, lang)));
            }
            let unit = format!("{} {}", o.unit(), o.unit_name());
            if !wide && one_unit.is_none() {
                target.push_str(&format!("\n{unit}"));
            }
            let mut row = vec![Cell::new(n), status_cell(status_word(o.status, lang), o.status.as_str()), Cell::new(target)];
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
            rows.push(row);
            if rows.len() == TABLE_ROWS {
                print(&mut rows, w)?;
            }
        }
        Ok(())
    })?;
    for (i, x) in without.iter().enumerate() {
        rows.push(without_row(x, n + i + 1, lang, wide, one_unit.is_none()));
        if rows.len() == TABLE_ROWS {
            print(&mut rows, w)?;
        }
    }
    // The last rows; a run without outcomes still shows the (empty) table.
    if !rows.is_empty() || n + without.len() == 0 {
        print(&mut rows, w)?;
    }
    w.write_all(if vi { "Giải thích:\n" } else { "Explanations:\n" }.as_bytes())?;
    let mut i = 0;
    ev.run(|outcomes| -> std::io::Result<()> {
        for o in &outcomes {
            i += 1;
            w.write_all(paragraph(&format!("{i:>3}. "), &format!("[{}] {}", status_word(o.status, lang), o.explanation(lang)), term).as_bytes())?;
        }
        Ok(())
    })?;
    for (j, x) in without.iter().enumerate() {
        w.write_all(paragraph(&format!("{:>3}. ", i + j + 1), &format!("[{}] {}", status_word(Status::NoData, lang), x.explanation(lang)), term).as_bytes())?;
    }
    w.write_all(if vi { "Tổng hợp (chỉ tiêu áp dụng):\n" } else { "Summary (governing targets):\n" }.as_bytes())?;
    for line in summary.lines(cat, lang) {
        w.write_all(paragraph("  ", &line, term).as_bytes())?;
    }
    // Units without figures, per document, in the order the documents come.
    let mut per_document: Vec<(&str, usize)> = Vec::new();
    for x in &without {
        match per_document.iter_mut().find(|(d, _)| *d == x.document()) {
            Some((_, k)) => *k += 1,
            None => per_document.push((x.document(), 1)),
        }
    }
    for (doc, k) in per_document {
        let line = if vi { format!("{doc}: {k} đơn vị không có số liệu cho các chỉ tiêu") } else { format!("{doc}: {k} units without figures for its targets") };
        w.write_all(paragraph("  ", &line, term).as_bytes())?;
    }
    if h.synthetic {
        writeln!(w, "{}", words::synthetic_banner(lang))?;
    }
    Ok(())
}

/// The table row of a unit without figures for a document: the document and
/// how many targets it stands for, in place of a no-data row per target.
fn without_row(x: &UnitWithoutFigures, number: usize, lang: Lang, wide: bool, several_units: bool) -> Vec<Cell> {
    let mut target = match lang {
        Lang::Vi => format!("{}\n{} chỉ tiêu: không có số liệu", x.document(), x.targets),
        Lang::En => format!("{}\n{} targets: no figures", x.document(), x.targets),
    };
    let unit = format!("{} {}", x.unit(), x.unit_name());
    if !wide && several_units {
        target.push_str(&format!("\n{unit}"));
    }
    let mut row = vec![Cell::new(number), status_cell(status_word(Status::NoData, lang), Status::NoData.as_str()), Cell::new(target)];
    if wide && several_units {
        row.push(Cell::new(unit));
    }
    row
}
