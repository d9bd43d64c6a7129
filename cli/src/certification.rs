//! `chitieu select`, `chitieu certify`, `chitieu programme`: the drug-free
//! recognition of Plan 50/KH-UBND. All decisions come from chitieu-core; this
//! file reads arguments and prints.

use std::path::PathBuf;

use chitieu_core::certification::log::{compare, Decider, DecisionLog, LogEntry};
use chitieu_core::certification::window::date_text;
use chitieu_core::certification::{self as cert, Decision, Inputs, Report, UnitDecision};
use chitieu_core::catalogue::Catalogue;
use chitieu_core::report::{recognition, words};
use chitieu_core::table::Source;
use chitieu_core::{Lang, UnitRegistry};
use chitieu_core::certification::window::NaiveDate;
use clap::{ArgGroup, Args};
use comfy_table::Cell;

use crate::output::{emit, status_cell, status_word, table, warning_lines, Format, Term};
use crate::{failure, source, Failure, Out, Sources};

/// Where the dated facts come from.
#[derive(Args, Clone)]
#[command(group(ArgGroup::new("facts").required(true).multiple(true).args(["data", "events", "register", "sample"])))]
pub struct Facts {
    /// Dated figures (observations whose period is a day, e.g. 2024-12-10): CSV, JSON or a
    /// workbook (PATH#Sheet names its sheet; else the first sheet with unit_code and period).
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// The sheet of --data, when a workbook.
    #[arg(long, value_name = "NAME", requires = "data")]
    data_sheet: Option<String>,
    /// Events: date,unit_code,kind,residence,severity,note (CSV, JSON or a workbook's sheet).
    #[arg(long, value_name = "PATH")]
    events: Option<PathBuf>,
    /// The sheet of --events, when a workbook.
    #[arg(long, value_name = "NAME", requires = "events")]
    events_sheet: Option<String>,
    /// The programme register: unit_code,track,entry_date,certified_on,lost_on,<variable>_at_entry
    /// (CSV, JSON or a workbook's sheet; one workbook may hold figures, events and register).
    #[arg(long, value_name = "PATH")]
    register: Option<PathBuf>,
    /// The sheet of --register, when a workbook.
    #[arg(long, value_name = "NAME", requires = "register")]
    register_sheet: Option<String>,
    /// Use the built-in synthetic sample of the 2024 programme (not real data).
    #[arg(long, conflicts_with_all = ["data", "events", "register"])]
    sample: bool,
    /// The scheme: the id of a document with criteria.
    #[arg(long, default_value = "kh50")]
    scheme: String,
    /// List every unit in the table, not only those in the programme or eligible.
    #[arg(long)]
    all: bool,
}

impl Facts {
    fn load(&self, cat: &Catalogue, units: &UnitRegistry) -> Result<Inputs, Failure> {
        let (data, events, register) = (source(&self.data, &self.data_sheet)?, source(&self.events, &self.events_sheet)?, source(&self.register, &self.register_sheet)?);
        load_facts(self.sample, data.as_ref(), events.as_ref(), register.as_ref(), cat, units)
    }
}

/// The dated facts: the synthetic programme sample, or the files (and sheets) given.
pub fn load_facts(sample: bool, data: Option<&Source>, events: Option<&Source>, register: Option<&Source>, cat: &Catalogue, units: &UnitRegistry) -> Result<Inputs, Failure> {
    if sample {
        return chitieu_core::sample::programme::generate(cat, units).map_err(failure);
    }
    Inputs::from_sources(data, events, register, cat, units).map_err(|e| Failure::Data(e.to_string()))
}

pub fn date(s: &str, flag: &str) -> Result<NaiveDate, Failure> {
    cert::window::parse_date(s).map_err(|(m, e)| Failure::Usage(format!("{flag} '{s}': {m} (expected {e})")))
}

#[derive(Args)]
pub struct SelectArgs {
    /// The selection date S (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    as_of: String,
    #[command(flatten)]
    facts: Facts,
    #[command(flatten)]
    sources: Sources,
    #[command(flatten)]
    out: Out,
}

#[derive(Args)]
pub struct CertifyArgs {
    /// The review date R (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    as_of: String,
    /// Append this run to a decision log (JSON Lines); needs --by.
    #[arg(long, value_name = "LOG", requires = "by")]
    record: Option<PathBuf>,
    /// Who decides, as "ROLE: NAME".
    #[arg(long, value_name = "ROLE: NAME", requires = "record")]
    by: Option<String>,
    /// Show what changed since the last run recorded in this log.
    #[arg(long, value_name = "LOG")]
    since: Option<PathBuf>,
    #[command(flatten)]
    facts: Facts,
    #[command(flatten)]
    sources: Sources,
    #[command(flatten)]
    out: Out,
}

#[derive(Args)]
pub struct ProgrammeArgs {
    /// The programme year.
    #[arg(long, value_name = "YEAR")]
    year: i32,
    /// The review date (default: 31 December of the year).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    #[command(flatten)]
    facts: Facts,
    #[command(flatten)]
    sources: Sources,
    #[command(flatten)]
    out: Out,
}

pub fn select(a: SelectArgs) -> Result<(), Failure> {
    // A bad --format or --out is refused before anything is read.
    a.out.format()?;
    let s = date(&a.as_of, "--as-of")?;
    let (cat, units) = a.sources.load()?;
    let inputs = a.facts.load(&cat, &units)?;
    let r = cert::select(&cat, &units, &inputs, &a.facts.scheme, s).map_err(failure)?;
    emit(render(&r, &a.out, a.facts.all, None)?, a.out.out.as_deref()).map_err(Failure::Data)
}

pub fn certify(a: CertifyArgs) -> Result<(), Failure> {
    // A bad --format or --out is refused before anything is read.
    a.out.format()?;
    let r_date = date(&a.as_of, "--as-of")?;
    let by: Option<Decider> = a.by.as_deref().map(str::parse).transpose().map_err(Failure::Usage)?;
    let (cat, units) = a.sources.load()?;
    let inputs = a.facts.load(&cat, &units)?;
    let r = cert::certify(&cat, &units, &inputs, &a.facts.scheme, r_date).map_err(failure)?;
    let since = a.since.as_deref().map(|path| changes_since(path, &r)).transpose()?;
    let text = render(&r, &a.out, a.facts.all, since.as_ref())?;
    // The record comes first: a report on screen must never suggest a run
    // was recorded when it was not.
    let (Some(path), Some(by)) = (&a.record, by) else {
        return emit(&text, a.out.out.as_deref()).map_err(Failure::Data);
    };
    let done = DecisionLog::append(path, &LogEntry::new(&r, by)).map_err(|e| Failure::Data(format!("{e}\nchitieu: the run was NOT recorded, and no report was written")))?;
    for w in &done.warnings {
        eprintln!("chitieu: warning: {}", w.message_en);
    }
    let line = done.line;
    let recorded = format!("recorded in {}, line {line} (inputs sha256 {})", path.display(), r.inputs_sha256);
    emit(&text, a.out.out.as_deref()).map_err(|e| Failure::Data(format!("{e}\nchitieu: the run IS {recorded}")))?;
    eprintln!("chitieu: {recorded}");
    Ok(())
}

pub fn programme(a: ProgrammeArgs) -> Result<(), Failure> {
    // A bad --format or --out is refused before anything is read.
    a.out.format()?;
    let as_of = a.as_of.as_deref().map(|s| date(s, "--as-of")).transpose()?;
    let (cat, units) = a.sources.load()?;
    let inputs = a.facts.load(&cat, &units)?;
    let r = cert::programme(&cat, &units, &inputs, &a.facts.scheme, a.year, as_of).map_err(failure)?;
    emit(render(&r, &a.out, a.facts.all, None)?, a.out.out.as_deref()).map_err(Failure::Data)
}

/// What changed since the last run of the report's scheme recorded in the log at `path`.
pub fn changes_since(path: &std::path::Path, r: &Report) -> Result<cert::log::Comparison, Failure> {
    let log = open_log(path)?;
    let last = log.last(&r.scheme).ok_or_else(|| Failure::Data(format!("{}: no recorded run of scheme '{}'", path.display(), r.scheme)))?;
    Ok(compare(last, r))
}

/// Opens a decision log, printing what could not be read (a torn line) on standard error.
fn open_log(path: &std::path::Path) -> Result<DecisionLog, Failure> {
    let log = DecisionLog::open(path).map_err(|e| Failure::Data(e.to_string()))?;
    for w in &log.warnings {
        eprintln!("chitieu: warning: {}", w.message_en);
    }
    Ok(log)
}

/// The report in the format asked for: text, or a workbook's bytes.
fn render(r: &Report, out: &Out, all: bool, since: Option<&cert::log::Comparison>) -> Result<Vec<u8>, Failure> {
    let lang: Lang = out.lang.into();
    let text = match out.format()? {
        Format::Xlsx => return chitieu_core::workbook::recognition(r, lang).map_err(|e| Failure::Data(e.to_string())),
        Format::Json => {
            let extra = since.map(|c| ("changes_since_record", c.to_json())).into_iter().collect();
            return r.write_json(lang, extra, Vec::new()).map_err(|e| Failure::Data(e.to_string()));
        }
        Format::Csv => r.to_csv(lang),
        Format::Table => listing(r, lang, all, since, Term::detect(out.out.as_deref())),
    };
    Ok(text.into_bytes())
}

fn decision_word(d: Decision, lang: Lang) -> String {
    let w = d.words(lang);
    match d {
        Decision::Eligible | Decision::Certified => w.to_uppercase(),
        _ => w.to_string(),
    }
}

fn unit_table(units: &[&UnitDecision], lang: Lang, communes: bool, term: Term) -> String {
    let vi = lang == Lang::Vi;
    let headers = match (vi, communes) {
        (true, true) => vec!["#", "Kết quả", "Xã, phường, thị trấn", "Huyện", "Diện", "Lý do / còn vướng"],
        (false, true) => vec!["#", "Result", "Commune", "District", "Track", "Reasons / what stands in the way"],
        (true, false) => vec!["#", "Kết quả", "Huyện, thị xã, thành phố", "Diện", "Lý do / còn vướng"],
        (false, false) => vec!["#", "Result", "District", "Track", "Reasons / what stands in the way"],
    };
    let mut t = table(headers, term, Some(1), None);
    for (i, u) in units.iter().enumerate() {
        let mut row = vec![Cell::new(i + 1), status_cell(decision_word(u.status, lang), u.status.as_str()), Cell::new(format!("{} ({})", u.name, u.unit))];
        if communes {
            row.push(Cell::new(u.district_name.clone().unwrap_or_default()));
        }
        row.push(Cell::new(words::track(u, lang)));
        row.push(Cell::new(recognition::reasons(u, lang).join("\n")));
        t.add_row(row);
    }
    format!("{t}\n")
}

fn count(units: &[UnitDecision], d: Decision) -> usize {
    units.iter().filter(|u| u.status == d).count()
}

/// The terminal listing: header, warnings, the communes, the districts, the programme targets.
fn listing(r: &Report, lang: Lang, all: bool, since: Option<&cert::log::Comparison>, term: Term) -> String {
    let vi = lang == Lang::Vi;
    let mut s = String::new();
    let (op_vi, op_en) = match r.operation {
        cert::Operation::Select => ("LỰA CHỌN địa bàn xây dựng — ngày lựa chọn", "SELECTION — selection date"),
        cert::Operation::Certify => ("CÔNG NHẬN sạch ma túy — ngày xem xét", "RECOGNITION — review date"),
        cert::Operation::Programme => ("CHƯƠNG TRÌNH NĂM — ngày xem xét", "PROGRAMME YEAR — review date"),
    };
    let digest = r.inputs_sha256.get(..16).unwrap_or(&r.inputs_sha256);
    s.push_str(&if vi {
        format!("chitieu {} — Kế hoạch {} — {op_vi} {}\ndữ liệu: {} (sha256 {})\n", r.chitieu_version, r.document, date_text(r.as_of, lang), words::dataset(&r.dataset, lang), digest)
    } else {
        format!("chitieu {} — Plan {} — {op_en} {}\ndata: {} (sha256 {})\n", r.chitieu_version, r.document, date_text(r.as_of, lang), words::dataset(&r.dataset, lang), digest)
    });
    s.push_str(&warning_lines(&r.warnings, lang, term));
    let select = r.operation == cert::Operation::Select;
    let shown: Vec<&UnitDecision> = r
        .communes
        .iter()
        .filter(|u| all || recognition::listed(r, u))
        .collect();
    let summary = |units: &[UnitDecision]| -> String {
        recognition::decisions(r.operation)
            .iter().map(|d| format!("{} {}", count(units, *d), d.words(lang))).collect::<Vec<_>>().join(", ")
    };
    if r.operation != cert::Operation::Programme || all {
        s.push_str(&format!("\n{}: {}\n", if vi { "Cấp xã" } else { "Communes" }, summary(&r.communes)));
        if !shown.is_empty() {
            s.push_str(&unit_table(&shown, lang, true, term));
        }
        let hidden = r.communes.len() - shown.len();
        if hidden > 0 {
            s.push_str(&match (vi, select) {
                (true, true) => format!("({hidden} xã không đủ điều kiện hoặc thiếu số liệu không liệt kê; --all để xem, --format json để xem từng tiêu chí)\n"),
                (false, true) => format!("({hidden} communes not eligible or without data are not listed; --all lists them, --format json gives every criterion)\n"),
                (true, false) => format!("({hidden} xã ngoài chương trình không liệt kê; --all để xem, --format json để xem từng tiêu chí)\n"),
                (false, false) => format!("({hidden} communes outside the programme are not listed; --all lists them, --format json gives every criterion)\n"),
            });
        }
        s.push_str(&format!("\n{}: {}\n", if vi { "Cấp huyện" } else { "Districts" }, summary(&r.districts)));
        let districts: Vec<&UnitDecision> = r.districts.iter().collect();
        s.push_str(&unit_table(&districts, lang, false, term));
    }
    if !r.programme.is_empty() {
        s.push_str(&format!("\n{} {}\n", if vi { "Mục tiêu chương trình năm" } else { "Programme targets, year" }, r.year.unwrap_or(r.as_of.format("%Y").to_string().parse().unwrap_or(0))));
        let longest_id = r.programme.iter().map(|o| o.target().chars().count()).max().unwrap_or(0);
        let mut t = table(if vi { vec!["Trạng thái", "Chỉ tiêu", "Kết quả"] } else { vec!["Status", "Target", "Result"] }, term, Some(0), Some((1, longest_id)));
        for o in &r.programme {
            let mut target = o.target().to_string();
            if let Some(by) = o.superseded_by() {
                target.push_str(&format!("\n↳ {}", words::superseded_by(by, lang)));
            }
            t.add_row(vec![status_cell(status_word(o.status, lang), o.status.as_str()), Cell::new(target), Cell::new(o.explanation(lang))]);
        }
        s.push_str(&format!("{t}\n"));
    }
    if let Some(c) = since {
        s.push_str(&format!("\n{}:\n", recognition::changes_heading(c, lang)));
        if c.changes.is_empty() {
            s.push_str(if vi { "  không có thay đổi\n" } else { "  no change\n" });
        }
        for ch in &c.changes {
            let w = |d: Option<Decision>| d.map(|d| d.words(lang).to_string()).unwrap_or_else(|| "—".into());
            s.push_str(&format!("  {} ({}): {} → {}\n", ch.name, ch.unit, w(ch.before), w(ch.after)));
            for (id, b, a) in &ch.criteria {
                s.push_str(&format!("      {id}: {} → {}\n", b.as_deref().unwrap_or("—"), a.as_deref().unwrap_or("—")));
            }
        }
    }
    s
}
