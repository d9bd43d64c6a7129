//! `chitieu select`, `chitieu certify`, `chitieu programme`: the drug-free
//! recognition of Plan 50/KH-UBND. All decisions come from chitieu-core; this
//! file reads arguments and prints.

use std::path::PathBuf;

use chitieu_core::certification::log::{compare, Decider, DecisionLog, LogEntry};
use chitieu_core::certification::window::date_text;
use chitieu_core::certification::{self as cert, Decision, Inputs, Report, UnitDecision};
use chitieu_core::catalogue::{Catalogue, Stage};
use chitieu_core::evaluation::Status;
use chitieu_core::{Lang, UnitRegistry};
use chitieu_core::certification::window::NaiveDate;
use clap::{ArgGroup, Args};

use crate::output::{emit, json_text, status_word, table, warning_lines, Format};
use crate::{failure, Failure, Out, Sources};

/// Where the dated facts come from.
#[derive(Args, Clone)]
#[command(group(ArgGroup::new("facts").required(true).multiple(true).args(["data", "events", "register", "sample"])))]
pub struct Facts {
    /// Dated figures (observations whose period is a day, e.g. 2024-12-10): CSV or JSON.
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// Events: date,unit_code,kind,residence,severity,note (CSV or JSON).
    #[arg(long, value_name = "PATH")]
    events: Option<PathBuf>,
    /// The programme register: unit_code,track,entry_date,certified_on,lost_on,<variable>_at_entry.
    #[arg(long, value_name = "PATH")]
    register: Option<PathBuf>,
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
        if self.sample {
            return chitieu_core::sample::programme::generate(cat, units).map_err(failure);
        }
        Inputs::from_paths(self.data.as_deref(), self.events.as_deref(), self.register.as_deref(), cat, units).map_err(|e| Failure::Data(e.to_string()))
    }
}

fn date(s: &str, flag: &str) -> Result<NaiveDate, Failure> {
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
    let s = date(&a.as_of, "--as-of")?;
    let (cat, units) = a.sources.load()?;
    let inputs = a.facts.load(&cat, &units)?;
    let r = cert::select(&cat, &units, &inputs, &a.facts.scheme, s).map_err(failure)?;
    emit(&render(&r, &a.out, a.facts.all, None), a.out.out.as_deref()).map_err(Failure::Data)
}

pub fn certify(a: CertifyArgs) -> Result<(), Failure> {
    let r_date = date(&a.as_of, "--as-of")?;
    let by: Option<Decider> = a.by.as_deref().map(str::parse).transpose().map_err(Failure::Usage)?;
    let (cat, units) = a.sources.load()?;
    let inputs = a.facts.load(&cat, &units)?;
    let r = cert::certify(&cat, &units, &inputs, &a.facts.scheme, r_date).map_err(failure)?;
    let since = match &a.since {
        Some(path) => {
            let log = open_log(path)?;
            let last = log.last(&r.scheme).ok_or_else(|| Failure::Data(format!("{}: no recorded run of scheme '{}'", path.display(), r.scheme)))?;
            Some(compare(last, &r))
        }
        None => None,
    };
    let text = render(&r, &a.out, a.facts.all, since.as_ref());
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
    let as_of = a.as_of.as_deref().map(|s| date(s, "--as-of")).transpose()?;
    let (cat, units) = a.sources.load()?;
    let inputs = a.facts.load(&cat, &units)?;
    let r = cert::programme(&cat, &units, &inputs, &a.facts.scheme, a.year, as_of).map_err(failure)?;
    emit(&render(&r, &a.out, a.facts.all, None), a.out.out.as_deref()).map_err(Failure::Data)
}

/// Opens a decision log, printing what could not be read (a torn line) on standard error.
fn open_log(path: &std::path::Path) -> Result<DecisionLog, Failure> {
    let log = DecisionLog::open(path).map_err(|e| Failure::Data(e.to_string()))?;
    for w in &log.warnings {
        eprintln!("chitieu: warning: {}", w.message_en);
    }
    Ok(log)
}

/// The report as text in the format asked for.
fn render(r: &Report, out: &Out, all: bool, since: Option<&cert::log::Comparison>) -> String {
    let lang: Lang = out.lang.into();
    match out.format {
        Format::Json => {
            let mut j = r.to_json(lang);
            if let (Some(c), Some(o)) = (since, j.as_object_mut()) {
                o.insert("changes_since_record".into(), c.to_json());
            }
            json_text(&j)
        }
        Format::Csv => r.to_csv(lang),
        Format::Table => listing(r, lang, all, since),
    }
}

fn decision_word(d: Decision, lang: Lang) -> String {
    let w = d.words(lang);
    match d {
        Decision::Eligible | Decision::Certified => w.to_uppercase(),
        _ => w.to_string(),
    }
}

/// What a row says about a unit: its gaps, or why it passed.
fn reasons(u: &UnitDecision, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let mut lines: Vec<String> = Vec::new();
    if let Some(l) = u.lost_on {
        lines.push(if vi { format!("mất công nhận từ {}", date_text(l, lang)) } else { format!("recognition lost on {}", date_text(l, lang)) });
    }
    if u.gaps.is_empty() {
        let deciding = u.criteria.iter().filter(|c| c.decides).count();
        let met = u.criteria.iter().filter(|c| c.decides && c.status == Status::Met).count();
        match (u.stage, u.certified_on) {
            (Stage::Keep, Some(c)) => {
                let w = u.criteria.iter().flat_map(|c| c.parts.iter()).find_map(|p| p.window).map(|w| w.text(lang)).unwrap_or_default();
                lines.push(if vi {
                    format!("giữ sạch từ {}: không có tội phạm, tệ nạn ma túy trở lại trong khoảng {w}", date_text(c, lang))
                } else {
                    format!("kept clean since {}: no return of drug crime or drug evils inside {w}", date_text(c, lang))
                })
            }
            _ => {
                let named = u.criteria.iter().find(|c| c.decides && c.alternative.is_some() && c.status == Status::Met);
                lines.push(match (named, vi) {
                    (Some(c), _) => c.detail(lang).to_string(),
                    (None, true) => format!("đạt {met}/{deciding} tiêu chí"),
                    (None, false) => format!("meets {met} of {deciding} criteria"),
                })
            }
        }
    }
    for g in &u.gaps {
        lines.push(format!("• {}", g.text(lang)));
    }
    for c in u.criteria.iter().filter(|c| !c.decides && c.status == Status::NotMet) {
        lines.push(format!("ⓘ {}: {}", c.name(lang), c.detail(lang)));
    }
    lines.join("\n")
}

fn track_word(u: &UnitDecision, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    match (u.track, vi) {
        (Some(chitieu_core::catalogue::Track::KeepClean), true) => "giữ sạch".into(),
        (Some(chitieu_core::catalogue::Track::KeepClean), false) => "keep clean".into(),
        (Some(chitieu_core::catalogue::Track::MakeClean), true) => format!("làm sạch từ {}", u.entry_date.map(|d| date_text(d, lang)).unwrap_or_default()),
        (Some(chitieu_core::catalogue::Track::MakeClean), false) => format!("make clean from {}", u.entry_date.map(|d| date_text(d, lang)).unwrap_or_default()),
        (None, _) => String::new(),
    }
}

fn unit_table(units: &[&UnitDecision], lang: Lang, communes: bool) -> String {
    let vi = lang == Lang::Vi;
    let headers = match (vi, communes) {
        (true, true) => vec!["#", "Kết quả", "Xã, phường, thị trấn", "Huyện", "Diện", "Lý do / còn vướng"],
        (false, true) => vec!["#", "Result", "Commune", "District", "Track", "Reasons / what stands in the way"],
        (true, false) => vec!["#", "Kết quả", "Huyện, thị xã, thành phố", "Diện", "Lý do / còn vướng"],
        (false, false) => vec!["#", "Result", "District", "Track", "Reasons / what stands in the way"],
    };
    let mut t = table(headers);
    for (i, u) in units.iter().enumerate() {
        let mut row = vec![(i + 1).to_string(), decision_word(u.status, lang), format!("{} ({})", u.name, u.unit)];
        if communes {
            row.push(u.district_name.clone().unwrap_or_default());
        }
        row.push(track_word(u, lang));
        row.push(reasons(u, lang));
        t.add_row(row);
    }
    format!("{t}\n")
}

fn count(units: &[UnitDecision], d: Decision) -> usize {
    units.iter().filter(|u| u.status == d).count()
}

/// The terminal listing: header, warnings, the communes, the districts, the programme targets.
fn listing(r: &Report, lang: Lang, all: bool, since: Option<&cert::log::Comparison>) -> String {
    let vi = lang == Lang::Vi;
    let mut s = String::new();
    let (op_vi, op_en) = match r.operation {
        cert::Operation::Select => ("LỰA CHỌN địa bàn xây dựng — ngày lựa chọn", "SELECTION — selection date"),
        cert::Operation::Certify => ("CÔNG NHẬN sạch ma túy — ngày xem xét", "RECOGNITION — review date"),
        cert::Operation::Programme => ("CHƯƠNG TRÌNH NĂM — ngày xem xét", "PROGRAMME YEAR — review date"),
    };
    s.push_str(&if vi {
        format!("chitieu {} — Kế hoạch {} — {op_vi} {}\ndữ liệu: {} (sha256 {})\n", r.chitieu_version, r.document, date_text(r.as_of, lang), r.dataset, &r.inputs_sha256[..16])
    } else {
        format!("chitieu {} — Plan {} — {op_en} {}\ndata: {} (sha256 {})\n", r.chitieu_version, r.document, date_text(r.as_of, lang), r.dataset, &r.inputs_sha256[..16])
    });
    s.push_str(&warning_lines(&r.warnings, lang));
    let select = r.operation == cert::Operation::Select;
    let shown: Vec<&UnitDecision> = r
        .communes
        .iter()
        .filter(|u| all || if select { u.status == Decision::Eligible } else { u.track.is_some() || u.status == Decision::Certified })
        .collect();
    let summary = |units: &[UnitDecision]| -> String {
        let ds: &[Decision] = if select { &[Decision::Eligible, Decision::NotEligible, Decision::NoData] } else { &[Decision::Certified, Decision::NotCertified, Decision::NoData] };
        ds.iter().map(|d| format!("{} {}", count(units, *d), d.words(lang))).collect::<Vec<_>>().join(", ")
    };
    if r.operation != cert::Operation::Programme || all {
        s.push_str(&format!("\n{}: {}\n", if vi { "Cấp xã" } else { "Communes" }, summary(&r.communes)));
        if !shown.is_empty() {
            s.push_str(&unit_table(&shown, lang, true));
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
        s.push_str(&unit_table(&districts, lang, false));
    }
    if !r.programme.is_empty() {
        s.push_str(&format!("\n{} {}\n", if vi { "Mục tiêu chương trình năm" } else { "Programme targets, year" }, r.year.unwrap_or(r.as_of.format("%Y").to_string().parse().unwrap_or(0))));
        let mut t = table(if vi { vec!["Trạng thái", "Chỉ tiêu", "Kết quả"] } else { vec!["Status", "Target", "Result"] });
        for o in &r.programme {
            let mut st = status_word(o.status.as_str(), lang).to_string();
            if let Some(by) = &o.superseded_by {
                st.push_str(&if vi { format!("\n(thay bởi {by})") } else { format!("\n(superseded by {by})") });
            }
            t.add_row(vec![st, o.target.clone(), o.explanation(lang).to_string()]);
        }
        s.push_str(&format!("{t}\n"));
    }
    if let Some(c) = since {
        s.push_str(&if vi {
            format!("\nThay đổi so với lần ghi ngày {} (xem xét {}, {}: {}){}:\n", c.recorded_at, date_text(c.recorded_as_of, lang), c.decided_by.role, c.decided_by.name, if c.inputs_changed { ", dữ liệu đầu vào đã khác" } else { ", cùng dữ liệu đầu vào" })
        } else {
            format!("\nChanges since the run recorded at {} (review {}, {}: {}){}:\n", c.recorded_at, date_text(c.recorded_as_of, lang), c.decided_by.role, c.decided_by.name, if c.inputs_changed { ", inputs differ" } else { ", same inputs" })
        });
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
