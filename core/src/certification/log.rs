//! The decision log: one JSON line per recognition run, appended, never
//! rewritten.
//!
//! Each entry names the scheme and catalogue, the review date, who decided
//! (role and name, as the caller states them), when it was recorded (UTC,
//! RFC 3339), the SHA-256 of the normalised inputs, and the outcome per unit
//! and criterion. Appending opens the file in append mode, takes an exclusive
//! lock on it (so concurrent writers, in threads or processes, each get their
//! own line and its true number), checks that it is a decision log, writes
//! one line and its newline, flushes and syncs. Readers take a shared lock, so
//! they never see half of a line being written. A crash mid-write leaves a
//! torn last line: opening the log reports it (file and line) and keeps every
//! earlier entry; the next append starts on a fresh line and leaves the torn
//! bytes in place.
//!
//! A log is a regular file whose first line starts an entry
//! (`{"chitieu_version":`, as every entry does). Anything else (a CSV given
//! by mistake, a device, a directory) is refused before a byte is written.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::report::{Decision, Report};
use crate::error::{DataError, Location};
use crate::warning::Warning;

/// Who took the decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decider {
    pub role: String,
    pub name: String,
}

impl FromStr for Decider {
    type Err = String;
    /// "ROLE: NAME", e.g. "Trưởng Ban Chỉ đạo 138/QN: Nguyễn Văn A".
    fn from_str(s: &str) -> Result<Decider, String> {
        match s.split_once(':') {
            Some((r, n)) if !r.trim().is_empty() && !n.trim().is_empty() => Ok(Decider { role: r.trim().to_string(), name: n.trim().to_string() }),
            _ => Err(format!("'{s}' does not name a decider: expected \"ROLE: NAME\"")),
        }
    }
}

/// One unit's recorded outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedUnit {
    pub unit: String,
    pub name: String,
    pub status: Decision,
    /// Criterion id -> status ("met", "not_met", ...).
    pub criteria: BTreeMap<String, String>,
}

/// One recorded run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    pub chitieu_version: String,
    pub scheme: String,
    pub document: String,
    pub catalogue: String,
    pub operation: String,
    pub as_of: NaiveDate,
    pub decided_by: Decider,
    /// RFC 3339, UTC.
    pub recorded_at: String,
    pub inputs_sha256: String,
    pub synthetic: bool,
    pub units: Vec<LoggedUnit>,
}

impl LogEntry {
    /// The entry for a report, stamped now.
    pub fn new(report: &Report, decided_by: Decider) -> LogEntry {
        LogEntry {
            chitieu_version: report.chitieu_version.clone(),
            scheme: report.scheme.clone(),
            document: report.document.clone(),
            catalogue: report.catalogue.clone(),
            operation: report.operation.as_str().to_string(),
            as_of: report.as_of,
            decided_by,
            recorded_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            inputs_sha256: report.inputs_sha256.clone(),
            synthetic: report.synthetic,
            units: report
                .units()
                .map(|u| LoggedUnit {
                    unit: u.unit.clone(),
                    name: u.name.clone(),
                    status: u.status,
                    criteria: u.criteria.iter().map(|c| (c.id.clone(), c.status.as_str().to_string())).collect(),
                })
                .collect(),
        }
    }
}

/// What an append did: the line the entry is on, and what could not be read
/// in the log before it (a torn line), for the caller to show.
#[derive(Clone, Debug)]
pub struct Appended {
    pub line: usize,
    pub warnings: Vec<Warning>,
}

/// The readable entries of a log, with their line numbers, and what could not be read.
#[derive(Clone, Debug, Default)]
pub struct DecisionLog {
    pub entries: Vec<(usize, LogEntry)>,
    pub warnings: Vec<Warning>,
}

/// The bytes every entry starts with: serde writes `chitieu_version` first.
const ENTRY_START: &[u8] = b"{\"chitieu_version\":";

/// How much of a line an error quotes.
const QUOTED: usize = 60;

impl DecisionLog {
    /// Reads an existing log (a shared lock is held while reading, so a
    /// concurrent append is seen whole or not at all). A line that is not a
    /// complete entry (a torn write) is reported by file and line and
    /// skipped; everything else is kept. A missing file, a file that is not
    /// a regular file and a file that is not a decision log are errors.
    pub fn open(path: &Path) -> Result<DecisionLog, DataError> {
        let file = path.display().to_string();
        let fail = |m: String| DataError::new(Location::file(&file), m);
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(fail("decision log not found".into())),
            Err(e) => return Err(fail(format!("cannot read the decision log: {e}"))),
            Ok(m) if !m.is_file() => return Err(fail(format!("not a decision log: {}", not_regular(&m)))),
            Ok(_) => {}
        }
        let mut f = File::open(path).map_err(|e| fail(format!("cannot read the decision log: {e}")))?;
        fs4::FileExt::lock_shared(&f).map_err(|e| fail(format!("cannot lock the decision log for reading: {e}")))?;
        let mut bytes = Vec::new();
        let read = f.read_to_end(&mut bytes);
        let _ = fs4::FileExt::unlock(&f);
        read.map_err(|e| fail(format!("cannot read the decision log: {e}")))?;
        DecisionLog::parse(&bytes, &file)
    }

    /// Reads a log's bytes; `file` names it in errors and warnings.
    pub fn parse(bytes: &[u8], file: &str) -> Result<DecisionLog, DataError> {
        check_is_log(bytes, file)?;
        let mut log = DecisionLog::default();
        let ends_clean = bytes.last().map_or(true, |b| *b == b'\n');
        let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
        let n = lines.len();
        for (i, raw) in lines.into_iter().enumerate() {
            let line = i + 1;
            let last = i + 1 == n;
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let parsed = std::str::from_utf8(raw).ok().and_then(|t| serde_json::from_str::<LogEntry>(t).ok());
            match parsed {
                Some(e) => {
                    if last && !ends_clean {
                        log.warnings.push(Warning::new(
                            "log_line_unterminated",
                            format!("{file}, dòng {line}: mục cuối thiếu ký tự xuống dòng (ghi bị ngắt?); vẫn đọc được"),
                            format!("{file}, line {line}: the last entry has no line end (interrupted write?); it is still readable"),
                        ));
                    }
                    log.entries.push((line, e));
                }
                None => log.warnings.push(Warning::new(
                    "log_line_torn",
                    format!("{file}, dòng {line}: không phải một mục hoàn chỉnh (ghi bị ngắt giữa chừng?); bỏ qua, giữ nguyên trong tệp; các mục khác vẫn đọc được"),
                    format!("{file}, line {line}: not a complete entry (a write torn by a crash?); skipped and left in the file; the other entries are read"),
                )),
            }
        }
        Ok(log)
    }

    /// The last entry of a scheme.
    pub fn last(&self, scheme: &str) -> Option<&LogEntry> {
        self.entries.iter().rev().map(|(_, e)| e).find(|e| e.scheme == scheme)
    }

    /// Appends one entry as one line; returns its line number and the
    /// warnings of the log before it. Creates the
    /// log when it does not exist; refuses a file that is not a regular file
    /// or not a decision log. Holds an exclusive lock from reading the line
    /// count to the sync, so concurrent writers each get their own line and
    /// its true number. Never rewrites what is there: after a torn last
    /// line, the entry starts on a fresh line.
    pub fn append(path: &Path, entry: &LogEntry) -> Result<Appended, DataError> {
        let file = path.display().to_string();
        let fail = |m: String| DataError::new(Location::file(&file), m);
        let io = |e: std::io::Error| fail(format!("cannot write the decision log: {e}"));
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => return Err(fail(format!("not a decision log: {}; nothing was written", not_regular(&m)))),
            _ => {}
        }
        let text = serde_json::to_string(entry).map_err(|e| fail(format!("cannot write the entry: {e}")))?;
        let mut f = OpenOptions::new().create(true).append(true).read(true).open(path).map_err(io)?;
        let meta = f.metadata().map_err(io)?;
        if !meta.is_file() {
            return Err(fail(format!("not a decision log: {}; nothing was written", not_regular(&meta))));
        }
        fs4::FileExt::lock(&f).map_err(|e| fail(format!("cannot lock the decision log: {e}")))?;
        let result = (|| {
            let mut existing = Vec::new();
            f.seek(SeekFrom::Start(0)).map_err(io)?;
            f.read_to_end(&mut existing).map_err(io)?;
            let before = DecisionLog::parse(&existing, &file).map_err(|e| DataError { message: format!("{}; nothing was written", e.message), ..e })?;
            let mut lines = existing.iter().filter(|b| **b == b'\n').count();
            let mut buf = Vec::with_capacity(text.len() + 2);
            if existing.last().is_some_and(|b| *b != b'\n') {
                buf.push(b'\n');
                lines += 1;
            }
            buf.extend(text.as_bytes());
            buf.push(b'\n');
            f.write_all(&buf).map_err(io)?;
            f.flush().map_err(io)?;
            f.sync_all().map_err(io)?;
            Ok(Appended { line: lines + 1, warnings: before.warnings })
        })();
        let _ = fs4::FileExt::unlock(&f);
        result
    }
}

/// What a path is when it is not a regular file.
fn not_regular(m: &std::fs::Metadata) -> &'static str {
    if m.is_dir() {
        "a directory, not a file"
    } else {
        "not a regular file (a device, a pipe or a socket)"
    }
}

/// Refuses bytes that are not a decision log: the first line that is not
/// blank must start an entry, or be the start of one torn by a crash.
fn check_is_log(bytes: &[u8], file: &str) -> Result<(), DataError> {
    let Some(first) = bytes.split(|b| *b == b'\n').find(|l| !l.iter().all(u8::is_ascii_whitespace)) else {
        return Ok(());
    };
    let line = first.trim_ascii_start();
    if line.starts_with(ENTRY_START) || ENTRY_START.starts_with(line) {
        return Ok(());
    }
    let shown = String::from_utf8_lossy(line.get(..QUOTED).unwrap_or(line)).into_owned();
    Err(DataError::new(Location::file(file), "not a chitieu decision log (its first line is not a recorded run); give the path of a log that chitieu wrote, or of a new file")
        .value(if line.len() > QUOTED { format!("{shown}…") } else { shown }))
}

/// A unit whose outcome differs between a recorded run and a later one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub unit: String,
    pub name: String,
    pub before: Option<Decision>,
    pub after: Option<Decision>,
    /// (criterion, before, after) for criteria whose status changed.
    pub criteria: Vec<(String, Option<String>, Option<String>)>,
}

/// What changed since a recorded run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub recorded_as_of: NaiveDate,
    pub recorded_at: String,
    pub decided_by: Decider,
    pub inputs_changed: bool,
    pub changes: Vec<Change>,
}

/// Compares a later report with a recorded entry: units whose status
/// changed, and the criteria that changed with them.
pub fn compare(recorded: &LogEntry, now: &Report) -> Comparison {
    let current = LogEntry::new(now, recorded.decided_by.clone());
    let mut changes = Vec::new();
    let mut codes: Vec<&str> = recorded.units.iter().map(|u| u.unit.as_str()).chain(current.units.iter().map(|u| u.unit.as_str())).collect();
    let order: Vec<&str> = codes.clone();
    codes.sort();
    codes.dedup();
    let mut codes: Vec<&str> = codes;
    codes.sort_by_key(|c| order.iter().position(|x| x == c));
    for code in codes {
        let a = recorded.units.iter().find(|u| u.unit == code);
        let b = current.units.iter().find(|u| u.unit == code);
        let mut ids: Vec<&String> = a.iter().flat_map(|u| u.criteria.keys()).chain(b.iter().flat_map(|u| u.criteria.keys())).collect();
        ids.sort();
        ids.dedup();
        let (before, after) = (a.map(|u| u.status), b.map(|u| u.status));
        // A criterion judged on one side only (a unit moving from certification
        // to keep-clean) is a change only when the unit's status changed too.
        let criteria: Vec<(String, Option<String>, Option<String>)> = ids
            .into_iter()
            .filter_map(|id| {
                let x = a.and_then(|u| u.criteria.get(id)).cloned();
                let y = b.and_then(|u| u.criteria.get(id)).cloned();
                let both = x.is_some() && y.is_some();
                (x != y && (both || before != after)).then(|| (id.clone(), x, y))
            })
            .collect();
        if before != after || !criteria.is_empty() {
            changes.push(Change { unit: code.to_string(), name: a.or(b).map(|u| u.name.clone()).unwrap_or_default(), before, after, criteria });
        }
    }
    Comparison {
        recorded_as_of: recorded.as_of,
        recorded_at: recorded.recorded_at.clone(),
        decided_by: recorded.decided_by.clone(),
        inputs_changed: recorded.inputs_sha256 != now.inputs_sha256,
        changes,
    }
}

impl Comparison {
    /// `{"recorded_as_of", "recorded_at", "decided_by": {"role", "name"},
    /// "inputs_changed", "changes": [{"unit", "name", "before", "after",
    /// "criteria": [{"id", "before", "after"}]}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "recorded_as_of": self.recorded_as_of.to_string(),
            "recorded_at": self.recorded_at,
            "decided_by": self.decided_by,
            "inputs_changed": self.inputs_changed,
            "changes": self.changes.iter().map(|c| serde_json::json!({
                "unit": c.unit,
                "name": c.name,
                "before": c.before.map(|d| d.as_str()),
                "after": c.after.map(|d| d.as_str()),
                "criteria": c.criteria.iter().map(|(id, b, a)| serde_json::json!({"id": id, "before": b, "after": a})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}
