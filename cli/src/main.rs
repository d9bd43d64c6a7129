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
mod template;
mod units;

use std::path::PathBuf;
use std::process::ExitCode;

use chitieu_core::catalogue::{Catalogue, Mode};
use chitieu_core::table::Source;
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
    /// A unit list (code,name,level,division_type,parent_code[,valid_from,valid_to]) instead of
    /// Quảng Ninh's: a CSV file or a workbook (PATH#Sheet names its sheet); repeat it for
    /// successive structures, oldest first (their dates come from the lineage).
    #[arg(long, value_name = "PATH")]
    pub units: Vec<PathBuf>,
    /// The sheet of --units, when it is a single workbook (with several, write each PATH#Sheet).
    #[arg(long, value_name = "NAME", requires = "units")]
    pub units_sheet: Option<String>,
    /// A lineage file (effective,old_code,new_code,kind[,old_name,new_name,default_successor,basis]),
    /// CSV or workbook (PATH#Sheet): laid over the built-in lineage, or with --units the lineage
    /// between those lists. Repeatable.
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
        if self.units_sheet.is_some() && self.units.len() != 1 {
            return Err(Failure::Usage("--units-sheet names the sheet of a single --units; with several, write each as PATH#Sheet".to_string()));
        }
        let data = |e: chitieu_core::DataError| Failure::Data(e.to_string());
        let units: Vec<Source> = self.units.iter().map(|p| Source::new(p, self.units_sheet.as_deref())).collect::<Result<_, _>>().map_err(data)?;
        let lineage: Vec<Source> = self.lineage_files.iter().map(|p| Source::new(p, None)).collect::<Result<_, _>>().map_err(data)?;
        chitieu_core::structures::load_sources(&units, &lineage).map_err(data)
    }
}

/// The unit registry of `--units PATH` (and its `--units-sheet`), or the built-in one.
pub fn registry(path: &Option<PathBuf>, sheet: &Option<String>) -> Result<UnitRegistry, Failure> {
    match source(path, sheet)? {
        Some(s) => UnitRegistry::from_source(&s).map_err(|e| Failure::Data(e.to_string())),
        None => Ok(UnitRegistry::builtin()),
    }
}

/// A file named on the command line with the sheet its `--*-sheet` option
/// names (a path ending in `#Sheet` names it too).
pub fn source(path: &Option<PathBuf>, sheet: &Option<String>) -> Result<Option<Source>, Failure> {
    path.as_deref().map(|p| Source::new(p, sheet.as_deref())).transpose().map_err(|e| Failure::Data(e.to_string()))
}

/// Output options shared by every command.
#[derive(Args, Clone)]
pub struct Out {
    /// table (default), json, csv, or xlsx (a workbook; the default when --out ends in .xlsx).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[arg(long, value_enum, default_value = "vi")]
    pub lang: LangArg,
    /// Write the result to this file instead of standard output ('-' is standard
    /// output): a file is written whole or not at all, a symbolic link's target is
    /// written, a device or pipe is written as a stream, a directory is refused.
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
    /// Write a data-entry workbook (.xlsx) for the targets of a period; filled in, it is --data.
    Template(template::TemplateArgs),
}

impl Out {
    /// The format to write: see [`output::resolve_format`].
    pub fn format(&self) -> Result<Format, Failure> {
        output::resolve_format(self.format, self.out.as_deref()).map_err(Failure::Usage)
    }

    /// Writes a workbook's bytes to the file of --out.
    pub fn workbook(&self, bytes: Result<Vec<u8>, chitieu_core::Error>) -> Result<(), Failure> {
        let path = output::workbook_file(self.out.as_deref()).map_err(Failure::Usage)?;
        let bytes = bytes.map_err(|e| Failure::Data(e.to_string()))?;
        output::emit(&bytes, Some(path)).map_err(Failure::Data)
    }
}

/// A core error as a failure: a request that names nothing or cannot be
/// answered is a usage error, bad data or catalogue a data error.
pub fn failure(e: chitieu_core::Error) -> Failure {
    match e {
        chitieu_core::Error::Invalid(m) | chitieu_core::Error::NotFound(m) => Failure::Usage(m),
        other => Failure::Data(other.to_string()),
    }
}

/// Why a command failed, and so its exit code.
pub enum Failure {
    /// Bad data or catalogue: exit 1.
    Data(String),
    /// A request that cannot be understood: exit 2.
    Usage(String),
}

/// mimalloc's `mi_option_purge_delay` (the order of `mi_option_e` in
/// mimalloc.h; libmimalloc-sys names only some of the options).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // A run is short and reuses its memory chunk after chunk: handing freed
    // pages back to the system only has it zero them again at the next touch,
    // a fifth of a national run's CPU time on a virtual machine (BENCHMARKS.md).
    // The environment's MIMALLOC_PURGE_DELAY, when set, still decides.
    // SAFETY: sets an option of the allocator linked above, before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set_default(PURGE_DELAY, -1) };
    // Nor are its pages transparent huge pages. mimalloc asks for them on
    // the arena it reserves before main; where the kernel compacts memory on
    // demand for such pages (defrag = madvise, Debian's default), one run in a
    // few stalled 0.4-0.5 s in the kernel at 60x. Without them the time is
    // steady and the peak memory 40 MB lower (BENCHMARKS.md).
    #[cfg(target_os = "linux")]
    // SAFETY: a prctl with integer arguments only; it changes how later page faults are served.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
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
        Command::Template(a) => template::run(a),
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
