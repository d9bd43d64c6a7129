//! `chitieu tasks`: the tasks of the plans (Phụ lục II of 102/KH-UBND, the
//! deadlines of 02/KH-UBND) at a date: what is due and what is late, from the
//! completion dates the user gives. All decisions come from chitieu-core.

use std::path::PathBuf;

use chitieu_core::certification::window::{date_text, parse_date};
use chitieu_core::tasks::{task_report, Completions, Show, TaskReport};
use chitieu_core::Lang;
use clap::{Args, ValueEnum};

use crate::output::{emit, json_text, table, Format, Term};
use crate::{Failure, Out, Sources};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowArg {
    /// Every occurrence of every task.
    All,
    /// Begun and without a completion date: due now or overdue.
    Due,
    /// Done late, or overdue without a completion date.
    Late,
}

#[derive(Args)]
pub struct TasksArgs {
    /// The date of the report (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    as_of: String,
    /// Completion dates: a CSV or JSON file with task,completed_on (one row per occurrence done).
    #[arg(long, value_name = "PATH")]
    done: Option<PathBuf>,
    /// Only the tasks of this document (kh102, kh02).
    #[arg(long)]
    document: Option<String>,
    /// Which occurrences to list.
    #[arg(long, value_enum, default_value = "all")]
    show: ShowArg,
    #[command(flatten)]
    sources: Sources,
    #[command(flatten)]
    out: Out,
}

pub fn run(a: TasksArgs) -> Result<(), Failure> {
    let as_of = parse_date(&a.as_of).map_err(|(m, e)| Failure::Usage(format!("--as-of '{}': {m} (expected {e})", a.as_of)))?;
    let (cat, _) = a.sources.load()?;
    let done = match &a.done {
        Some(p) => Completions::from_path(p, &cat).map_err(|e| Failure::Data(e.to_string()))?,
        None => Completions::default(),
    };
    let report = task_report(&cat, &done, as_of, a.document.as_deref()).map_err(|e| Failure::Usage(e.to_string()))?;
    let show = match a.show {
        ShowArg::All => Show::All,
        ShowArg::Due => Show::Due,
        ShowArg::Late => Show::Late,
    };
    let lang: Lang = a.out.lang.into();
    let text = match a.out.format()? {
        Format::Json => json_text(&report.to_json(lang, show)),
        Format::Csv => csv_text(&report, lang, show),
        Format::Table => table_text(&report, lang, show, Term::detect(a.out.out.as_deref())),
        Format::Xlsx => return Err(Failure::Usage("the tasks are listed as a table, JSON or CSV; workbooks (--format xlsx) are written for results: evaluate, allocations, select, certify, programme, template".into())),
    };
    emit(&text, a.out.out.as_deref()).map_err(Failure::Data)
}

fn pick<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Vi {
        vi
    } else {
        en
    }
}

/// Rows of (task, occurrence) to show, in catalogue order.
fn rows(r: &TaskReport, show: Show) -> impl Iterator<Item = (&chitieu_core::tasks::TaskStatus, &chitieu_core::tasks::Occurrence)> {
    r.tasks.iter().flat_map(move |t| t.occurrences.iter().filter(move |o| o.shown(show)).map(move |o| (t, o)))
}

fn table_text(r: &TaskReport, lang: Lang, show: Show, term: Term) -> String {
    let vi = lang == Lang::Vi;
    let mut s = if vi { format!("Nhiệm vụ tại ngày {}\n", date_text(r.as_of, lang)) } else { format!("Tasks at {}\n", date_text(r.as_of, lang)) };
    let headers = if vi {
        vec!["Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Trạng thái", "Chi tiết"]
    } else {
        vec!["Task", "Lead", "Partners", "Due", "Status", "Detail"]
    };
    let longest = r.tasks.iter().map(|t| t.task.id.chars().count()).max().unwrap_or(0);
    let mut t = table(headers, term, None, Some((0, longest)));
    let mut n = 0;
    for (task, o) in rows(r, show) {
        n += 1;
        let x = &task.task;
        t.add_row(vec![
            format!("{}\n{}", x.id, pick(lang, &x.name_vi, &x.name_en)),
            x.lead.join("; "),
            x.partners.join("; "),
            format!("{}\n{}", pick(lang, &x.due_vi, &x.due_en), o.due.text(lang)),
            format!("{}\n({})", o.status_words(lang), o.timing.words(lang)),
            o.explanation(lang).to_string(),
        ]);
    }
    if n == 0 {
        s.push_str(if vi { "Không có nhiệm vụ nào cần liệt kê.\n" } else { "No task to list.\n" });
    } else {
        s.push_str(&format!("{t}\n"));
    }
    s
}

fn csv_text(r: &TaskReport, lang: Lang, show: Show) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut out = vec![vec!["task", "document", "clause", "name", "lead", "partners", "due", "due_from", "due_to", "status", "timing", "completed_on", "explanation"]
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>()];
    for (task, o) in rows(r, show) {
        let x = &task.task;
        out.push(vec![
            x.id.clone(),
            task.document.clone(),
            pick(lang, &x.clause_vi, &x.clause_en).to_string(),
            pick(lang, &x.name_vi, &x.name_en).to_string(),
            x.lead.join("; "),
            x.partners.join("; "),
            pick(lang, &x.due_vi, &x.due_en).to_string(),
            o.due.first.to_string(),
            o.due.last.to_string(),
            o.status.as_str().to_string(),
            o.timing.as_str().to_string(),
            o.completed_on.map(|d| d.to_string()).unwrap_or_default(),
            task.explanation(o, lang),
        ]);
    }
    for row in out {
        if let Err(e) = w.write_record(row) {
            return format!("{e}\n");
        }
    }
    w.into_inner().ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
}
