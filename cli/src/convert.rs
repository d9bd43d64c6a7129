//! `chitieu convert`: figures moved to the structure in force on a date,
//! along the lineage. The rules and the reasons are core's (`conversion`).

use std::path::PathBuf;

use chitieu_core::certification::window::parse_date;
use chitieu_core::conversion::{convert, Shares};
use chitieu_core::observations::Dataset;
use chitieu_core::{Lang, UnitRegistry};
use clap::{ArgGroup, Args};

use crate::output::{emit, json_text, LangArg};
use crate::{Failure, Sources};

#[derive(Args)]
#[command(group(ArgGroup::new("input").required(true).args(["data", "sample"])))]
pub struct ConvertArgs {
    /// Observations: a CSV (wide or long) or JSON file, in any structure.
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// Convert the built-in synthetic sample (2016-2024 figures of the 2024 structure, 2025 in both).
    #[arg(long)]
    sample: bool,
    /// The day whose structure the figures go to (e.g. 2025-07-01, or 2024-06-01 to go back).
    #[arg(long, value_name = "DATE")]
    to: String,
    /// Shares of divided units: CSV old_code,new_code,share (e.g. by population); without, a
    /// divided unit's counts are reported as not attributable.
    #[arg(long, value_name = "PATH")]
    shares: Option<PathBuf>,
    /// Write the converted figures (CSV, long form, with structure and source) here, whole or not at all.
    #[arg(long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// Write the report (JSON: every converted figure with its sources, and what could not be converted and why).
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "vi")]
    lang: LangArg,
    #[command(flatten)]
    sources: Sources,
}

pub fn run(a: ConvertArgs) -> Result<(), Failure> {
    let to = parse_date(&a.to).map_err(|(m, e)| Failure::Usage(format!("--to '{}': {m} (expected {e})", a.to)))?;
    let (cat, _) = a.sources.load()?;
    let units = a.sources.registry(UnitRegistry::builtin)?;
    let data = match (&a.data, a.sample) {
        (Some(p), false) => Dataset::from_path(p, &cat, &units).map_err(|e| Failure::Data(e.to_string()))?,
        (None, true) => chitieu_core::sample::generate(&cat, &units),
        _ => return Err(Failure::Usage("give either --data PATH or --sample".into())),
    };
    let shares = match &a.shares {
        Some(p) => Shares::from_path(p, &units).map_err(|e| Failure::Data(e.to_string()))?,
        None => Shares::none(),
    };
    let c = convert(&data, &cat, to, &shares).map_err(|e| Failure::Usage(e.to_string()))?;
    let lang: Lang = a.lang.into();
    if let Some(r) = &a.report {
        emit(&json_text(&c.to_json(lang)), Some(r)).map_err(Failure::Data)?;
    }
    emit(&c.to_csv(&cat), a.out.as_deref()).map_err(Failure::Data)?;
    // What could not be converted, on standard error: the report has every line.
    let vi = lang == Lang::Vi;
    eprintln!(
        "{}",
        if vi {
            format!("chitieu: đã chuyển {} số liệu sang cơ cấu {}; {} số liệu không chuyển được", c.figures.len(), c.structure, c.not_converted.len())
        } else {
            format!("chitieu: {} figures converted to the structure {}; {} could not be converted", c.figures.len(), c.structure, c.not_converted.len())
        }
    );
    // By reason: how many, and the first few.
    let mut codes: Vec<&str> = c.not_converted.iter().map(|n| n.reason.code()).collect();
    codes.dedup();
    let mut seen = std::collections::BTreeSet::new();
    codes.retain(|c| seen.insert(*c));
    const SHOWN: usize = 3;
    for code in codes {
        let of: Vec<_> = c.not_converted.iter().filter(|n| n.reason.code() == code).collect();
        eprintln!("  {code}: {}", of.len());
        for n in of.iter().take(SHOWN) {
            let u = units.unit(n.unit);
            eprintln!("    {} {}, {}, {}: {}", u.code, u.name, n.period, n.variable, n.reason.text(&units, lang));
        }
    }
    if !c.not_converted.is_empty() && a.report.is_none() {
        eprintln!("{}", if vi { "  (--report ghi đủ từng số liệu và lý do)" } else { "  (--report lists every figure and its reason)" });
    }
    Ok(())
}
