//! `chitieu template`: a data-entry workbook for the targets of a period,
//! whose filled copy goes straight back into `evaluate --data`.

use std::path::PathBuf;

use chitieu_core::workbook::Template;
use chitieu_core::{Level, Period};
use clap::{Args, ValueEnum};

use crate::output::{emit, workbook_file};
use crate::{Failure, Sources};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    Province,
    District,
    Commune,
}

impl From<LevelArg> for Level {
    fn from(l: LevelArg) -> Level {
        match l {
            LevelArg::Province => Level::Province,
            LevelArg::District => Level::District,
            LevelArg::Commune => Level::Commune,
        }
    }
}

#[derive(Args)]
pub struct TemplateArgs {
    /// The period the figures are for: a year such as 2025.
    #[arg(long, value_name = "P")]
    period: String,
    /// Only the units of this level (default: every level the targets read).
    #[arg(long, value_enum)]
    level: Option<LevelArg>,
    /// Only the targets of this document (nq314, kh50, kh02, kh102, ct32...).
    #[arg(long, value_name = "ID")]
    document: Option<String>,
    #[command(flatten)]
    sources: Sources,
    /// The workbook to write (.xlsx).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
}

pub fn run(a: TemplateArgs) -> Result<(), Failure> {
    let out = workbook_file(Some(&a.out)).map_err(Failure::Usage)?;
    let period: Period = a.period.parse().map_err(|e: chitieu_core::period::PeriodError| Failure::Usage(e.to_string()))?;
    let (cat, units) = a.sources.load()?;
    let template = Template::new(&cat, &units, period, a.level.map(Level::from), a.document.as_deref()).map_err(|e| Failure::Usage(e.to_string()))?;
    let bytes = template.to_xlsx().map_err(|e| Failure::Data(e.to_string()))?;
    emit(&bytes, Some(out)).map_err(Failure::Data)?;
    eprintln!("chitieu: {} rows, {} figures a row: {}", template.rows.len(), template.columns.len(), out.display());
    Ok(())
}
