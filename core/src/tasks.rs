//! Tasks of a plan with a due time: what is due and what is late.
//!
//! Phụ lục II of 102/KH-UBND lists eleven tasks, each with the unit that leads
//! it, its partners and when it is due ("Quý I", "Tháng 1 và tháng 6", "Cả
//! năm"); 02/KH-UBND Mục IV.1 sets two deadlines. The catalogue holds them as
//! `[[task]]` entries; a user gives the dates they were completed (a file
//! `task,completed_on`), and chitieu says, at a date, which occurrence was done
//! on time (`met`), done late (`not_met`) or has no completion date
//! (`no_data`: a missing date is never taken to mean "not done"), and whether
//! it is not yet due, due now or overdue.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::catalogue::{Catalogue, Document, Task};
use crate::certification::records::{self, json_records, table_records, Records};
use crate::certification::window::{date_text, parse_date, Window};
use crate::error::{DataError, Error};
use crate::evaluation::Status;
use crate::period::Period;
use crate::table::{Source, Table, Want};
use crate::Lang;

/// The days an occurrence is due in: the days of its period; a day ("trước
/// ngày 31/01/2023" is due by 30/01/2023) is due from the document's date.
pub fn window(p: &Period, issued: NaiveDate) -> (NaiveDate, NaiveDate) {
    let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(issued);
    let last_of_month = |y: i32, m: u32| {
        let next = if m == 12 { ymd(y + 1, 1, 1) } else { ymd(y, m + 1, 1) };
        next.pred_opt().unwrap_or(next)
    };
    match *p {
        Period::Day(d) => (issued.min(d), d),
        Period::Year(y) => (ymd(y, 1, 1), ymd(y, 12, 31)),
        Period::Span(a, b) => (ymd(a, 1, 1), ymd(b, 12, 31)),
        Period::Quarter(y, q) => {
            let m = u32::from(q.clamp(1, 4)) * 3;
            (ymd(y, m - 2, 1), last_of_month(y, m))
        }
        Period::Month(y, m) => (ymd(y, u32::from(m), 1), last_of_month(y, u32::from(m))),
    }
}

/// Where an occurrence stands at the date of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    /// Its days have not begun.
    NotYetDue,
    /// The date lies inside its days.
    Due,
    /// Its last day has passed.
    Overdue,
}

impl Timing {
    pub fn as_str(&self) -> &'static str {
        match self {
            Timing::NotYetDue => "not_yet_due",
            Timing::Due => "due",
            Timing::Overdue => "overdue",
        }
    }
    pub fn words(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Timing::NotYetDue, Lang::Vi) => "chưa đến hạn",
            (Timing::Due, Lang::Vi) => "đang trong thời hạn",
            (Timing::Overdue, Lang::Vi) => "đã hết hạn",
            (Timing::NotYetDue, Lang::En) => "not yet due",
            (Timing::Due, Lang::En) => "due now",
            (Timing::Overdue, Lang::En) => "past its deadline",
        }
    }
}

/// The dates tasks were completed, as a user gives them.
#[derive(Clone, Debug, Default)]
pub struct Completions {
    /// (task id, date, row), in file order.
    dates: Vec<(String, NaiveDate, usize)>,
    pub name: String,
}

const EXPECTED: &str = "the columns task,completed_on (and optionally note)";

/// How a completions table is recognised: its header names these.
fn want() -> Want {
    Want::columns(&["task", "completed_on"]).expected(EXPECTED)
}

impl Completions {
    /// Reads a `.csv` or `.json` file, or a workbook (`#Sheet` names the
    /// sheet; else the first whose header names 'task' and 'completed_on').
    pub fn from_path(path: &Path, cat: &Catalogue) -> Result<Completions, DataError> {
        let source = Source::new(path, None)?;
        let recs = records::read(&source, want(), "completions")?;
        Completions::read(&recs.name(&source.name()), recs, cat)
    }
    pub fn from_csv_str(text: &str, file: &str, cat: &Catalogue) -> Result<Completions, DataError> {
        Completions::read(file, table_records(Table::from_csv_text(text, file, &want())?)?, cat)
    }
    /// An array of `{"task": ..., "completed_on": ...}`, or `{"completions": [...]}`.
    pub fn from_json_str(text: &str, file: &str, cat: &Catalogue) -> Result<Completions, DataError> {
        Completions::read(file, json_records(text, file, "completions")?, cat)
    }

    fn read(file: &str, recs: Records, cat: &Catalogue) -> Result<Completions, DataError> {
        recs.check_columns(&["task", "completed_on"], &|c| ["task", "completed_on", "note"].contains(&c), EXPECTED)?;
        let mut dates = Vec::new();
        for r in &recs.rows {
            let at = |c: &str| recs.at(r, c);
            let Some(id) = r.get("task") else {
                return Err(DataError::new(at("task"), "empty task id").expected("a task id of the catalogue, e.g. kh102.task.01"));
            };
            if !cat.tasks().any(|(t, _)| t.id == id) {
                let hint = crate::suggest::nearest(id, cat.tasks().map(|(t, _)| (t.id.as_str(), t.id.as_str()))).map(|n| format!("a task id of the catalogue; did you mean '{n}'?"));
                return Err(DataError::new(at("task"), "unknown task").value(id).expected(hint.unwrap_or_else(|| "a task id of the catalogue".to_string())));
            }
            let Some(d) = r.get("completed_on") else {
                return Err(DataError::new(at("completed_on"), "no completion date: leave the task out until it is done").expected("a date written YYYY-MM-DD"));
            };
            let day = parse_date(d).map_err(|(what, expected)| DataError::new(at("completed_on"), what).value(d).expected(expected))?;
            dates.push((id.to_string(), day, r.row));
        }
        Ok(Completions { dates, name: file.to_string() })
    }

    /// The completion dates of a task, earliest first.
    fn of(&self, task: &str) -> Vec<NaiveDate> {
        let mut v: Vec<NaiveDate> = self.dates.iter().filter(|(t, _, _)| t == task).map(|(_, d, _)| *d).collect();
        v.sort();
        v
    }
}

/// One occurrence of a task at the report's date.
#[derive(Clone, Debug)]
pub struct Occurrence {
    pub due: Window,
    /// `met`: done on time; `not_met`: done late; `no_data`: no completion date.
    pub status: Status,
    pub timing: Timing,
    pub completed_on: Option<NaiveDate>,
    pub explanation_vi: String,
    pub explanation_en: String,
}

/// A task with its occurrences.
#[derive(Clone, Debug)]
pub struct TaskStatus {
    pub task: Task,
    pub document: String,
    /// "Kế hoạch 102/KH-UBND, Phụ lục II, nhiệm vụ 1" / "Plan 102/KH-UBND, Annex II, task 1".
    pub source_vi: String,
    pub source_en: String,
    pub document_id: String,
    pub occurrences: Vec<Occurrence>,
}

/// Every task of the catalogue (or of one document) at `as_of`.
#[derive(Clone, Debug)]
pub struct TaskReport {
    pub as_of: NaiveDate,
    pub completions: String,
    pub tasks: Vec<TaskStatus>,
}

/// Which occurrences to list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    All,
    /// Begun and without a completion date: due now or overdue.
    Due,
    /// Done late, or overdue without a completion date.
    Late,
}

impl Occurrence {
    pub fn shown(&self, show: Show) -> bool {
        match show {
            Show::All => true,
            Show::Due => self.status == Status::NoData && self.timing != Timing::NotYetDue,
            Show::Late => self.status == Status::NotMet || (self.status == Status::NoData && self.timing == Timing::Overdue),
        }
    }
    pub fn explanation(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.explanation_vi,
            Lang::En => &self.explanation_en,
        }
    }
    /// The status as a person reads it for a task: "ĐÚNG HẠN", "TRỄ HẠN".
    pub fn status_words(&self, lang: Lang) -> &'static str {
        match (self.status, lang) {
            (Status::Met, Lang::Vi) => "ĐÚNG HẠN",
            (Status::NotMet, Lang::Vi) => "TRỄ HẠN",
            (_, Lang::Vi) => "chưa có ngày hoàn thành",
            (Status::Met, Lang::En) => "ON TIME",
            (Status::NotMet, Lang::En) => "LATE",
            (_, Lang::En) => "no completion date",
        }
    }
}

/// Pairs completion dates with occurrences: a date goes to the occurrence
/// whose days it falls in, or to the first one after it when it is early
/// (never to an occurrence it precedes the previous deadline of); dates after
/// the last deadline complete, late, the occurrences still open, in order.
fn assign(windows: &[(NaiveDate, NaiveDate)], dates: &[NaiveDate]) -> Vec<Option<NaiveDate>> {
    let mut done: Vec<Option<NaiveDate>> = vec![None; windows.len()];
    let mut late: Vec<NaiveDate> = Vec::new();
    for d in dates {
        let slot = windows.iter().enumerate().position(|(i, (_, end))| d <= end && (i == 0 || windows.get(i - 1).is_some_and(|(_, prev)| d > prev)));
        match slot {
            Some(i) => {
                if let Some(s) = done.get_mut(i) {
                    if s.is_none() {
                        *s = Some(*d);
                    }
                }
            }
            None => late.push(*d),
        }
    }
    let mut late = late.into_iter();
    for s in done.iter_mut().filter(|s| s.is_none()) {
        match late.next() {
            Some(d) => *s = Some(d),
            None => break,
        }
    }
    done
}

fn occurrence(due: (NaiveDate, NaiveDate), done: Option<NaiveDate>, as_of: NaiveDate) -> Occurrence {
    let w = Window::inclusive(due.0, due.1);
    let timing = if as_of < w.first {
        Timing::NotYetDue
    } else if as_of <= w.last {
        Timing::Due
    } else {
        Timing::Overdue
    };
    let (status, vi, en) = match done {
        Some(d) if d <= w.last => (
            Status::Met,
            format!("hoàn thành ngày {}, đúng hạn (hạn {})", date_text(d, Lang::Vi), w.text(Lang::Vi)),
            format!("completed on {}, on time (due {})", date_text(d, Lang::En), w.text(Lang::En)),
        ),
        Some(d) => {
            let days = (d - w.last).num_days();
            (
                Status::NotMet,
                format!("hoàn thành ngày {}, trễ {days} ngày (hạn {})", date_text(d, Lang::Vi), w.text(Lang::Vi)),
                format!("completed on {}, {days} day(s) late (due {})", date_text(d, Lang::En), w.text(Lang::En)),
            )
        }
        None => (
            Status::NoData,
            format!("chưa có ngày hoàn thành; hạn {}, tại ngày {}: {}", w.text(Lang::Vi), date_text(as_of, Lang::Vi), timing.words(Lang::Vi)),
            format!("no completion date; due {}, at {}: {}", w.text(Lang::En), date_text(as_of, Lang::En), timing.words(Lang::En)),
        ),
    };
    Occurrence { due: w, status, timing, completed_on: done, explanation_vi: vi, explanation_en: en }
}

/// The status of one task at `as_of`; completion dates after `as_of` are not yet known.
pub fn task_status(task: &Task, doc: &Document, completions: &Completions, as_of: NaiveDate) -> TaskStatus {
    let windows: Vec<(NaiveDate, NaiveDate)> = task.due.iter().map(|p| window(p, doc.date)).collect();
    let dates: Vec<NaiveDate> = completions.of(&task.id).into_iter().filter(|d| *d <= as_of).collect();
    let occurrences = windows.iter().zip(assign(&windows, &dates)).map(|(w, done)| occurrence(*w, done, as_of)).collect();
    TaskStatus {
        task: task.clone(),
        document: doc.number.clone(),
        source_vi: crate::evaluation::cite(doc, &task.clause_vi, Lang::Vi),
        source_en: crate::evaluation::cite(doc, &task.clause_en, Lang::En), document_id: doc.id.clone(), occurrences }
}

/// Every task of the catalogue (of `document` only, when given) at `as_of`.
pub fn task_report(cat: &Catalogue, completions: &Completions, as_of: NaiveDate, document: Option<&str>) -> Result<TaskReport, Error> {
    if let Some(d) = document {
        if cat.document(d).is_none() {
            return Err(Error::NotFound(format!("unknown document '{d}'")));
        }
    }
    let tasks = cat.tasks().filter(|(_, d)| document.map_or(true, |x| d.id == x)).map(|(t, d)| task_status(t, d, completions, as_of)).collect();
    Ok(TaskReport { as_of, completions: completions.name.clone(), tasks })
}

fn pick<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

impl TaskStatus {
    /// "Phụ lục II, nhiệm vụ 1: ... (Quý I): hoàn thành ngày ..., đúng hạn".
    pub fn explanation(&self, o: &Occurrence, lang: Lang) -> String {
        let t = &self.task;
        format!("{} ({}): {} ({})", pick(lang, &t.name_vi, &t.name_en), pick(lang, &t.due_vi, &t.due_en), o.explanation(lang), pick(lang, &self.source_vi, &self.source_en))
    }
}

impl TaskReport {
    /// The public JSON form: `{"chitieu_version", "as_of", "completions", "tasks"}`.
    pub fn to_json(&self, lang: Lang, show: Show) -> Value {
        let tasks: Vec<Value> = self
            .tasks
            .iter()
            .filter(|t| t.occurrences.iter().any(|o| o.shown(show)))
            .map(|t| {
                let x = &t.task;
                json!({
                    "task": x.id,
                    "document": t.document,
                    "document_id": t.document_id,
                    "clause": pick(lang, &x.clause_vi, &x.clause_en),
                    "name": pick(lang, &x.name_vi, &x.name_en),
                    "phrase": x.phrase,
                    "lead": x.lead,
                    "partners": x.partners,
                    "due": pick(lang, &x.due_vi, &x.due_en),
                    "interpretation": match lang { Lang::Vi => x.interpretation_vi.clone(), Lang::En => x.interpretation_en.clone() },
                    "occurrences": t.occurrences.iter().filter(|o| o.shown(show)).map(|o| json!({
                        "due_from": o.due.first.to_string(),
                        "due_to": o.due.last.to_string(),
                        "status": o.status.as_str(),
                        "timing": o.timing.as_str(),
                        "completed_on": o.completed_on.map(|d| d.to_string()),
                        "explanation": t.explanation(o, lang),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "chitieu_version": crate::VERSION,
            "as_of": self.as_of.to_string(),
            "completions": self.completions,
            "tasks": tasks,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_are_due_over_their_days() {
        let issued = d("2023-04-05");
        assert_eq!(window(&"2023-Q1".parse().unwrap(), issued), (d("2023-01-01"), d("2023-03-31")));
        assert_eq!(window(&"2023-Q4".parse().unwrap(), issued), (d("2023-10-01"), d("2023-12-31")));
        assert_eq!(window(&"2023-06".parse().unwrap(), issued), (d("2023-06-01"), d("2023-06-30")));
        assert_eq!(window(&"2024-02".parse().unwrap(), issued), (d("2024-02-01"), d("2024-02-29")));
        assert_eq!(window(&"2023".parse().unwrap(), issued), (d("2023-01-01"), d("2023-12-31")));
        assert_eq!(window(&"2023-12-09".parse().unwrap(), issued), (d("2023-04-05"), d("2023-12-09")));
    }

    #[test]
    fn dates_go_to_the_occurrence_they_fall_in() {
        let w = [(d("2023-01-01"), d("2023-01-31")), (d("2023-06-01"), d("2023-06-30"))];
        // Only June done: January stays open, June on time.
        assert_eq!(assign(&w, &[d("2023-06-10")]), vec![None, Some(d("2023-06-10"))]);
        // Done early for June (in March): June on time; January still open.
        assert_eq!(assign(&w, &[d("2023-01-20"), d("2023-03-02")]), vec![Some(d("2023-01-20")), Some(d("2023-03-02"))]);
        // After the last deadline: late completions, in order.
        assert_eq!(assign(&w, &[d("2023-07-05"), d("2023-08-01")]), vec![Some(d("2023-07-05")), Some(d("2023-08-01"))]);
        assert_eq!(assign(&w[..1], &[d("2022-12-20")]), vec![Some(d("2022-12-20"))]);
    }
}
