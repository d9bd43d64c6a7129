//! `chitieu report`: one self-contained HTML page an official can forward or
//! print to A4, made by core (`chitieu_core::report`) from an evaluation
//! (`--period`, compared with the year before), a recognition run
//! (`--as-of`, with `--since` a recorded run), or both.

use std::path::PathBuf;

use chitieu_core::certification as cert;
use chitieu_core::evaluation::{evaluate, UnitFilter};
use chitieu_core::report::trend::has_figures;
use chitieu_core::report::{page, today, Request};
use chitieu_core::{Lang, Period};
use clap::{ArgGroup, Args};

use crate::certification::{changes_since, date, load_facts};
use crate::evaluate::{load_figures, unit_filter};
use crate::output::{emit, LangArg};
use crate::{failure, source, Failure, Sources};

#[derive(Args)]
#[command(group(ArgGroup::new("what").required(true).multiple(true).args(["period", "as_of"])))]
#[command(group(ArgGroup::new("input").required(true).multiple(true).args(["data", "events", "register", "sample"])))]
pub struct ReportArgs {
    /// Evaluate every target of this period (a year such as 2023, or 2021-2025).
    #[arg(long, value_name = "P")]
    period: Option<String>,
    /// Certify drug-free communes and districts (Kế hoạch 50/KH-UBND) at this review date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Figures, CSV, JSON or a workbook (PATH#Sheet names its sheet): yearly figures for --period,
    /// dated figures for --as-of (one file may hold both).
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// Events for --as-of: date,unit_code,kind,residence,severity,note (CSV, JSON or a workbook; PATH#Sheet names its sheet).
    #[arg(long, value_name = "PATH", requires = "as_of")]
    events: Option<PathBuf>,
    /// The programme register for --as-of (CSV, JSON or a workbook; PATH#Sheet names its sheet).
    #[arg(long, value_name = "PATH", requires = "as_of")]
    register: Option<PathBuf>,
    /// The built-in synthetic samples (figures 2016-2025, the 2024 programme): not real data, and every page says so.
    #[arg(long, conflicts_with_all = ["data", "events", "register"])]
    sample: bool,
    /// With --period: show what changed since this period; by default the year
    /// before (when the figures have any for it); "none" for no comparison.
    #[arg(long, value_name = "P|none", requires = "period")]
    compare_with: Option<String>,
    /// Units to evaluate (repeatable), or "all" (the default, so districts can be compared).
    #[arg(long = "unit", value_name = "CODE")]
    unit: Vec<String>,
    /// The recognition scheme: the id of a document with criteria.
    #[arg(long, default_value = "kh50", requires = "as_of")]
    scheme: String,
    /// Show what changed since the last run recorded in this decision log (with --as-of).
    #[arg(long, value_name = "LOG", requires = "as_of")]
    since: Option<PathBuf>,
    #[command(flatten)]
    sources: Sources,
    #[arg(long, value_enum, default_value = "vi")]
    lang: LangArg,
    /// The HTML file to write (whole or not at all), e.g. BaoCao.html; standard output when absent.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
}

fn parse_period(p: &str) -> Result<Period, Failure> {
    p.parse().map_err(|e: chitieu_core::period::PeriodError| Failure::Usage(e.to_string()))
}

pub fn run(a: ReportArgs) -> Result<(), Failure> {
    let period = a.period.as_deref().map(parse_period).transpose()?;
    let as_of = a.as_of.as_deref().map(|d| date(d, "--as-of")).transpose()?;
    let (cat, units) = a.sources.load()?;
    let lang: Lang = a.lang.into();
    let compare_with = match a.compare_with.as_deref() {
        Some("none") => None,
        Some(p) => Some((parse_period(p)?, true)),
        None => match period {
            Some(Period::Year(y)) => Some((Period::Year(y - 1), false)),
            _ => None,
        },
    };
    let (evaluation, previous) = match period {
        Some(p) => {
            let ds = load_figures(source(&a.data, &None)?.as_ref(), a.sample, &cat, &units)?;
            let filter = unit_filter(&a.unit, UnitFilter::All)?;
            let run = |p: Period| evaluate(&cat, &units, &ds, p, &filter).map_err(failure);
            // The year before is compared with only when the figures say something about it.
            let previous = match compare_with {
                Some((q, asked)) => Some(run(q)?).filter(|e| asked || has_figures(e)),
                None => None,
            };
            (Some(run(p)?), previous)
        }
        None => (None, None),
    };
    let recognition = match as_of {
        Some(d) => {
            let inputs = load_facts(a.sample, source(&a.data, &None)?.as_ref(), source(&a.events, &None)?.as_ref(), source(&a.register, &None)?.as_ref(), &cat, &units)?;
            Some(cert::certify(&cat, &units, &inputs, &a.scheme, d).map_err(failure)?)
        }
        None => None,
    };
    let since = match (&a.since, &recognition) {
        (Some(path), Some(r)) => Some(changes_since(path, r)?),
        _ => None,
    };
    let html = page(&Request {
        lang,
        evaluation: evaluation.as_ref().map(|e| (e, &cat)),
        previous: previous.as_ref(),
        recognition: recognition.as_ref(),
        since: since.as_ref(),
        generated_on: Some(today()),
    });
    emit(&html, a.out.as_deref()).map_err(Failure::Data)
}
