//! The `chitieu` command: list the catalogue, check a catalogue file,
//! evaluate figures against every target, certify drug-free communes, and
//! write the HTML report. Exit codes: 0 success, 1 a data or
//! catalogue error (message on standard error), 2 a usage error.

mod allocations;
mod certification;
mod convert;
mod evaluate;
mod listing;
mod output;
mod report;
mod tasks;
mod units;

use std::path::PathBuf;
use std::process::ExitCode;

use chitieu_core::catalogue::{Catalogue, Mode};
use chitieu_core::UnitRegistry;
use clap::{Args, Parser, Subcommand};

use output::{Format, LangArg};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "chitieu", version, about = "Crime- and drug-prevention targets of Quảng Ninh, evaluated exactly")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the catalogue and units come from; shared by every command.
#[derive(Args, Clone)]
pub struct Sources {
    /// A catalogue file or directory of .toml files, added to the built-in documents
    /// (a document with the same id replaces the built-in one). Repeatable.
    #[arg(long = "catalogue", value_name = "PATH")]
    pub catalogue: Vec<PathBuf>,
    /// Use only the given catalogue files, without the built-in documents.
    #[arg(long)]
    pub replace_catalogue: bool,
    /// A unit list CSV (code,name,level,division_type,parent_code[,valid_from,valid_to]) instead of
    /// Quảng Ninh's; repeat it for successive structures, oldest first (their dates come from the lineage).
    #[arg(long, value_name = "PATH")]
    pub units: Vec<PathBuf>,
    /// A lineage CSV (effective,old_code,new_code,kind[,old_name,new_name,default_successor,basis]):
    /// laid over the built-in lineage, or with --units the lineage between those lists. Repeatable.
    #[arg(long = "lineage-file", value_name = "PATH")]
    pub lineage_files: Vec<PathBuf>,
}

impl Sources {
    pub fn load(&self) -> Result<(Catalogue, UnitRegistry), Failure> {
        let cat = if self.catalogue.is_empty() {
            if self.replace_catalogue {
                return Err(Failure::Usage("--replace-catalogue needs at least one --catalogue PATH".into()));
            }
            Catalogue::builtin()
        } else {
            let paths: Vec<&std::path::Path> = self.catalogue.iter().map(|p| p.as_path()).collect();
            let mode = if self.replace_catalogue { Mode::Replace } else { Mode::AddToBuiltin };
            Catalogue::from_paths(&paths, mode).map_err(|e| Failure::Data(e.to_string()))?
        };
        Ok((cat, self.registry(UnitRegistry::builtin)?))
    }

    /// The unit registry: the files given, else `default`.
    pub fn registry(&self, default: fn() -> UnitRegistry) -> Result<UnitRegistry, Failure> {
        if self.units.is_empty() && self.lineage_files.is_empty() {
            return Ok(default());
        }
        let units: Vec<&std::path::Path> = self.units.iter().map(|p| p.as_path()).collect();
        let lineage: Vec<&std::path::Path> = self.lineage_files.iter().map(|p| p.as_path()).collect();
        chitieu_core::structures::load_paths(&units, &lineage).map_err(|e| Failure::Data(e.to_string()))
    }
}

/// Output options shared by every command.
#[derive(Args, Clone)]
pub struct Out {
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[arg(long, value_enum, default_value = "vi")]
    pub lang: LangArg,
    /// Write the result to this file (whole or not at all) instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// List the documents and their targets.
    Catalogue(listing::CatalogueArgs),
    /// Validate a catalogue file: errors name the file and key path; warnings are printed.
    CheckCatalogue(listing::CheckArgs),
    /// Evaluate figures against every target that binds a period.
    Evaluate(evaluate::EvaluateArgs),
    /// Each district against its share of the targets an allocation table splits.
    Allocations(allocations::AllocationsArgs),
    /// Drug-free programme: communes and districts eligible for selection at a date.
    Select(certification::SelectArgs),
    /// Drug-free programme: recognition list at a review date, with reasons and gaps.
    Certify(certification::CertifyArgs),
    /// Drug-free programme: the year's programme targets from the register and decisions.
    Programme(certification::ProgrammeArgs),
    /// The administrative units in force on a date, or one unit's history across the reforms.
    Units(units::UnitsArgs),
    /// Move figures to the structure in force on a date, along the lineage.
    Convert(convert::ConvertArgs),
    /// Tasks of the plans with their lead, partners and due time: what is due and what is late.
    Tasks(tasks::TasksArgs),
    /// One self-contained HTML report (evaluation with --period, recognition with --as-of, or both).
    Report(report::ReportArgs),
}

/// Why a command failed, and so its exit code.
pub enum Failure {
    /// Bad data or catalogue: exit 1.
    Data(String),
    /// A request that cannot be understood: exit 2.
    Usage(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Catalogue(a) => listing::catalogue(a),
        Command::CheckCatalogue(a) => listing::check(a),
        Command::Evaluate(a) => evaluate::run(a),
        Command::Allocations(a) => allocations::run(a),
        Command::Select(a) => certification::select(a),
        Command::Certify(a) => certification::certify(a),
        Command::Programme(a) => certification::programme(a),
        Command::Units(a) => units::run(a),
        Command::Convert(a) => convert::run(a),
        Command::Tasks(a) => tasks::run(a),
        Command::Report(a) => report::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Data(m)) => {
            eprintln!("chitieu: {m}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(m)) => {
            eprintln!("chitieu: {m}");
            ExitCode::from(2)
        }
    }
}
