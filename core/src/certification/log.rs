//! The decision log: one JSON line per recognition run, appended, never
//! rewritten.
//!
//! Each entry names the scheme and catalogue, the review date, who decided
//! (role and name, as the caller states them), when it was recorded (UTC,
//! RFC 3339), the SHA-256 of the normalised inputs, and the outcome per unit
//! and criterion. Appending opens the file in append mode, writes one line and
//! its newline, flushes and syncs. A crash mid-write leaves a torn last line:
//! opening the log reports it (file and line) and keeps every earlier entry;
//! the next append starts on a fresh line and leaves the torn bytes in place.

use std::collections::BTreeMap;
use std::fs::OpenOptions;
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

/// The readable entries of a log, with their line numbers, and what could not be read.
#[derive(Clone, Debug, Default)]
pub struct DecisionLog {
    pub entries: Vec<(usize, LogEntry)>,
    pub warnings: Vec<Warning>,
}

impl DecisionLog {
    /// Reads a log; a file that does not exist is an empty log. A line that
    /// is not a complete entry (a torn write) is reported by file and line and
    /// skipped; everything else is kept.
    pub fn open(path: &Path) -> Result<DecisionLog, DataError> {
        let file = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DecisionLog::default()),
            Err(e) => return Err(DataError::new(Location::file(&file), format!("cannot read the decision log: {e}"))),
        };
        let mut log = DecisionLog::default();
        let ends_clean = bytes.last().map_or(true, |b| *b == b'\n');
        let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
        let n = lines.len();
        for (i, raw) in lines.into_iter().enumerate() {
            let line = i + 1;
            let last = i + 1 == n;
            if raw.is_empty() {
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

    /// Appends one entry as one line; returns its line number. Never rewrites
    /// what is there: after a torn last line, the entry starts on a fresh line.
    pub fn append(path: &Path, entry: &LogEntry) -> Result<usize, DataError> {
        let file = path.display().to_string();
        let io = |e: std::io::Error| DataError::new(Location::file(&file), format!("cannot write the decision log: {e}"));
        let mut f = OpenOptions::new().create(true).append(true).read(true).open(path).map_err(io)?;
        let len = f.metadata().map_err(io)?.len();
        let mut existing = Vec::new();
        if len > 0 {
            f.seek(SeekFrom::Start(0)).map_err(io)?;
            f.read_to_end(&mut existing).map_err(io)?;
        }
        let mut lines = existing.iter().filter(|b| **b == b'\n').count();
        let mut buf = Vec::new();
        if existing.last().is_some_and(|b| *b != b'\n') {
            buf.push(b'\n');
            lines += 1;
        }
        buf.extend(serde_json::to_string(entry).expect("log entries serialise").as_bytes());
        buf.push(b'\n');
        f.write_all(&buf).map_err(io)?;
        f.flush().map_err(io)?;
        f.sync_all().map_err(io)?;
        Ok(lines + 1)
    }
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
