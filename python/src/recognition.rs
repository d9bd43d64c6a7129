//! Drug-free recognition (Kế hoạch 50/KH-UBND) for Python: the three dated
//! inputs, selection, certification, the programme report and the decision
//! log. As everywhere in this crate, every decision is core's: this file moves
//! inputs in and core's JSON contract out.

// Core's DataError is large by design (file, row, column, value, expected).
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chitieu_core::catalogue::Catalogue;
use chitieu_core::certification::log::{compare, Decider, DecisionLog, LogEntry};
use chitieu_core::certification::window::{parse_date, NaiveDate};
use chitieu_core::certification::{self as cert, Decision, Events, Inputs, Register, Report};
use chitieu_core::observations::Dataset;
use chitieu_core::{table, Lang, UnitRegistry};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

use super::{columns_dict, core_error, data_error, guard, parse_lang, to_py, warnings_list, ChitieuError, PyCatalogue, PyDataset, PyUnits};

/// Where events or a register come from: `(path, None, sheet)` reads the
/// file `path` (`.json`, CSV or a workbook, `sheet` naming its sheet or
/// `path` ending in `#Sheet`); `(name, Some(text), _)` reads `text`, JSON if
/// `name` ends in `.json`, else CSV, and names it `name` in errors.
type Source = (String, Option<String>, Option<String>);

fn is_json(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".json")
}

fn read_events(src: Option<Source>, cat: &Catalogue, units: &UnitRegistry) -> Result<Events, chitieu_core::DataError> {
    match src {
        None => Ok(Events::default()),
        Some((p, None, sheet)) => Events::from_source(&table::Source::new(Path::new(&p), sheet.as_deref())?, cat, units),
        Some((n, Some(t), _)) if is_json(&n) => Events::from_json_str(&t, &n, cat, units),
        Some((n, Some(t), _)) => Events::from_csv_str(&t, &n, cat, units),
    }
}

fn read_register(src: Option<Source>, cat: &Catalogue, units: &UnitRegistry) -> Result<Register, chitieu_core::DataError> {
    match src {
        None => Ok(Register::default()),
        Some((p, None, sheet)) => Register::from_source(&table::Source::new(Path::new(&p), sheet.as_deref())?, cat, units),
        Some((n, Some(t), _)) if is_json(&n) => Register::from_json_str(&t, &n, cat, units),
        Some((n, Some(t), _)) => Register::from_csv_str(&t, &n, cat, units),
    }
}

/// Runs `f` without the GIL; a panic inside becomes ChitieuError.
fn unlocked<T: Send>(py: Python<'_>, what: &str, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.allow_threads(move || chitieu_core::contain::quietly(f))
        .map_err(|p| ChitieuError::new_err(format!("internal error in chitieu during {what} (please report it): {p}")))
}

fn date_arg(text: &str, what: &str) -> PyResult<NaiveDate> {
    parse_date(text.trim()).map_err(|(m, e)| ChitieuError::new_err(format!("{what} '{text}': {m} (expected {e})")))
}

// ---------------------------------------------------------------------------
// Inputs

/// The dated facts of a recognition run (native; see chitieu.Inputs).
#[pyclass(module = "chitieu._native", name = "NativeInputs", frozen)]
#[derive(Clone)]
pub(crate) struct PyInputs(Arc<Inputs>);

const EVENT_COLUMNS: &[&str] = &["date", "unit_code", "kind", "residence", "severity", "note"];
const REGISTER_COLUMNS: &[&str] = &["unit_code", "track", "entry_date", "certified_on", "lost_on", "note"];

#[pymethods]
impl PyInputs {
    /// Figures as an already checked dataset (or None), events and register
    /// as sources (see `Source`); the files are read without the GIL.
    #[staticmethod]
    #[pyo3(signature = (catalogue, units, figures=None, events=None, register=None))]
    fn build(py: Python<'_>, catalogue: &PyCatalogue, units: &PyUnits, figures: Option<&PyDataset>, events: Option<Source>, register: Option<Source>) -> PyResult<Self> {
        guard(|| {
            let (c, u) = (catalogue.0.clone(), units.0.clone());
            let figures: Dataset = figures.map(|d| (*d.0).clone()).unwrap_or_default();
            let built = unlocked(py, "reading the inputs", move || -> Result<Inputs, chitieu_core::DataError> {
                let events = read_events(events, &c, &u)?;
                let register = read_register(register, &c, &u)?;
                Ok(Inputs::new(figures, events, register))
            })?;
            built.map(|i| PyInputs(Arc::new(i))).map_err(|e| data_error(py, &e))
        })
    }

    /// SHA-256 of the normalised inputs: order and layout of the files do not change it.
    fn digest(&self) -> String {
        self.0.digest()
    }

    #[getter]
    fn name(&self) -> String {
        self.0.name()
    }

    #[getter]
    fn synthetic(&self) -> bool {
        self.0.synthetic()
    }

    fn warnings(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| Ok(warnings_list(py, &self.0.warnings(), parse_lang(lang)?)))
    }

    fn figures(&self) -> PyDataset {
        PyDataset(Arc::new(self.0.figures.clone()))
    }

    /// The events as columns: date, unit_code, kind, residence, severity, note.
    fn events(&self, py: Python<'_>) -> PyResult<PyObject> {
        guard(|| {
            let rows: Vec<serde_json::Map<String, Value>> = self
                .0
                .events
                .all()
                .iter()
                .map(|e| {
                    let mut m = serde_json::Map::new();
                    m.insert("date".into(), e.date.to_string().into());
                    m.insert("unit_code".into(), e.unit.clone().into());
                    m.insert("kind".into(), e.kind.as_str().into());
                    m.insert("residence".into(), e.residence.map(|r| Value::from(r.as_str())).unwrap_or(Value::Null));
                    m.insert("severity".into(), e.severity.map(|s| Value::from(s.as_str())).unwrap_or(Value::Null));
                    m.insert("note".into(), e.note.clone().map(Value::String).unwrap_or(Value::Null));
                    m
                })
                .collect();
            columns_dict(py, EVENT_COLUMNS, &rows)
        })
    }

    /// The register as columns: unit_code, track, entry_date, certified_on,
    /// lost_on, note, then `<variable>_at_entry` (exact decimal text).
    fn register(&self, py: Python<'_>) -> PyResult<PyObject> {
        guard(|| {
            let reg = &self.0.register;
            let mut at_entry: BTreeMap<(String, String), BTreeMap<String, String>> = BTreeMap::new();
            let mut vars: BTreeSet<String> = BTreeSet::new();
            for (u, p, v, x) in reg.at_entry().records() {
                let col = format!("{v}_at_entry");
                vars.insert(col.clone());
                at_entry.entry((u.to_string(), p.to_string())).or_default().insert(col, x.decimal_text());
            }
            let date = |d: Option<NaiveDate>| d.map(|d| Value::String(d.to_string())).unwrap_or(Value::Null);
            let rows: Vec<serde_json::Map<String, Value>> = reg
                .entries()
                .iter()
                .map(|e| {
                    let mut m = serde_json::Map::new();
                    m.insert("unit_code".into(), e.unit.clone().into());
                    m.insert("track".into(), e.track.as_str().into());
                    m.insert("entry_date".into(), e.entry_date.to_string().into());
                    m.insert("certified_on".into(), date(e.certified_on));
                    m.insert("lost_on".into(), date(e.lost_on));
                    m.insert("note".into(), e.note.clone().map(Value::String).unwrap_or(Value::Null));
                    if let Some(figs) = at_entry.get(&(e.unit.clone(), e.entry_date.to_string())) {
                        for (k, v) in figs {
                            m.insert(k.clone(), v.clone().into());
                        }
                    }
                    m
                })
                .collect();
            let mut names: Vec<&str> = REGISTER_COLUMNS.to_vec();
            names.extend(vars.iter().map(String::as_str));
            columns_dict(py, &names, &rows)
        })
    }
}

/// The built-in SYNTHETIC sample of the 2024 programme (core's
/// `sample::programme`), for the given catalogue and units.
#[pyfunction]
pub(crate) fn sample_programme(py: Python<'_>, catalogue: &PyCatalogue, units: &PyUnits) -> PyResult<PyInputs> {
    guard(|| {
        let (c, u) = (catalogue.0.clone(), units.0.clone());
        let inputs = unlocked(py, "generating the programme sample", move || chitieu_core::sample::programme::generate(&c, &u))?.map_err(|e| core_error(py, &e))?;
        Ok(PyInputs(Arc::new(inputs)))
    })
}

// ---------------------------------------------------------------------------
// Runs

/// A recognition run (native; see chitieu.Recognition).
#[pyclass(module = "chitieu._native", name = "NativeReport", frozen)]
pub(crate) struct PyReport(Report);

fn open_log(py: Python<'_>, path: &Path) -> PyResult<DecisionLog> {
    DecisionLog::open(path).map_err(|e| data_error(py, &e))
}

#[pymethods]
impl PyReport {
    /// The public JSON contract, as text (compact).
    fn to_json(&self, lang: &str) -> PyResult<String> {
        guard(|| Ok(self.0.to_json(parse_lang(lang)?).to_string()))
    }

    /// The public JSON contract, as Python dicts and lists.
    fn data(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| Ok(to_py(py, &self.0.to_json(parse_lang(lang)?))))
    }

    /// One row per unit and criterion, as the command line writes it.
    fn to_csv(&self, lang: &str) -> PyResult<String> {
        guard(|| Ok(self.0.to_csv(parse_lang(lang)?)))
    }

    /// Writes the report's workbook (.xlsx) to `path`, whole or not at all;
    /// the GIL is released meanwhile.
    fn to_excel(&self, py: Python<'_>, path: PathBuf, lang: &str) -> PyResult<()> {
        guard(|| {
            let lang = parse_lang(lang)?;
            let report = &self.0;
            py.allow_threads(|| chitieu_core::workbook::recognition(report, lang).and_then(|b| chitieu_core::workbook::save(&path, &b))).map_err(|e| core_error(py, &e))
        })
    }

    /// The programme targets' outcomes as an Arrow table, exactly like
    /// NativeEvaluation.arrow.
    #[pyo3(signature = (lang, columns=None))]
    fn programme_arrow(&self, lang: &str, columns: Option<Vec<String>>) -> PyResult<crate::arrow::PyArrowTable> {
        guard(|| crate::outcome_table(&self.0.programme, parse_lang(lang)?, columns))
    }

    fn warnings(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| Ok(warnings_list(py, &self.0.warnings, parse_lang(lang)?)))
    }

    /// SHA-256 of the normalised inputs (the decision log's `inputs_sha256`).
    #[getter]
    fn digest(&self) -> String {
        self.0.inputs_sha256.clone()
    }
    #[getter]
    fn operation(&self) -> &'static str {
        self.0.operation.as_str()
    }
    #[getter]
    fn scheme(&self) -> String {
        self.0.scheme.clone()
    }
    #[getter]
    fn document(&self) -> String {
        self.0.document.clone()
    }
    #[getter]
    fn as_of(&self) -> String {
        self.0.as_of.to_string()
    }
    #[getter]
    fn year(&self) -> Option<i32> {
        self.0.year
    }
    #[getter]
    fn dataset(&self) -> String {
        self.0.dataset.clone()
    }
    #[getter]
    fn synthetic(&self) -> bool {
        self.0.synthetic
    }
    #[getter]
    fn chitieu_version(&self) -> String {
        self.0.chitieu_version.clone()
    }

    /// Appends this run to the decision log at `path` (JSON Lines, created if
    /// absent), decided by `by` ("ROLE: NAME"). Returns the line written and
    /// what could not be read in the log before (a torn last line).
    fn record(&self, py: Python<'_>, path: PathBuf, by: &str, lang: &str) -> PyResult<(usize, PyObject)> {
        guard(|| {
            let lang = parse_lang(lang)?;
            let decider: Decider = by.parse().map_err(ChitieuError::new_err)?;
            let entry = LogEntry::new(&self.0, decider);
            let done = py.allow_threads(|| DecisionLog::append(&path, &entry)).map_err(|e| data_error(py, &e))?;
            Ok((done.line, warnings_list(py, &done.warnings, lang)))
        })
    }

    /// What changed since a recorded run: the entry on `line` of the log, or
    /// the log's last run of this scheme. Core's comparison JSON, plus
    /// `line` (of the entry compared with) and `log_warnings`.
    #[pyo3(signature = (path, line=None, lang="vi"))]
    fn compare(&self, py: Python<'_>, path: PathBuf, line: Option<usize>, lang: &str) -> PyResult<PyObject> {
        guard(|| {
            let lang = parse_lang(lang)?;
            let log = open_log(py, &path)?;
            let (at, recorded) = self.recorded(&log, &path, line)?;
            let mut j = compare(recorded, &self.0).to_json();
            if let Some(o) = j.as_object_mut() {
                o.insert("line".into(), Value::from(at));
                o.insert("log_warnings".into(), Value::Array(log.warnings.iter().map(|w| w.to_json(lang)).collect()));
            }
            Ok(to_py(py, &j))
        })
    }

    /// What Jupyter shows: core's HTML fragment (counts, chart, units with reasons, programme).
    #[pyo3(signature = (lang, all=false, max_rows=200))]
    fn html(&self, lang: &str, all: bool, max_rows: usize) -> PyResult<String> {
        guard(|| Ok(chitieu_core::report::recognition::fragment(&self.0, parse_lang(lang)?, all, max_rows)))
    }

    /// The whole report page, the same as `chitieu report --as-of ...`; with
    /// `since`, what changed since the run on `line` of that log (default: its
    /// last run of this scheme).
    #[pyo3(signature = (lang, since=None, line=None))]
    fn report_html(&self, py: Python<'_>, lang: &str, since: Option<PathBuf>, line: Option<usize>) -> PyResult<String> {
        guard(|| {
            let comparison = match &since {
                Some(path) => {
                    let log = open_log(py, path)?;
                    let (_, recorded) = self.recorded(&log, path, line)?;
                    Some(compare(recorded, &self.0))
                }
                None => None,
            };
            let req = chitieu_core::report::Request {
                lang: parse_lang(lang)?,
                evaluation: None,
                previous: None,
                recognition: Some(&self.0),
                since: comparison.as_ref(),
                generated_on: Some(chitieu_core::report::today()),
            };
            Ok(chitieu_core::report::page(&req))
        })
    }

    /// Communes per district by decision (what `Recognition.plot()` draws):
    /// `{"series": [{"key", "label"}], "rows": [{"unit", "name", "status" (the
    /// district's), one count per decision, "outside"}]}`.
    fn communes_by_district(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| {
            let lang = parse_lang(lang)?;
            let ds = chitieu_core::report::recognition::decisions(self.0.operation);
            let series: Vec<Value> = chitieu_core::report::recognition::commune_series(self.0.operation, lang)
                .into_iter()
                .map(|(k, l)| serde_json::json!({"key": k, "label": l}))
                .collect();
            let rows: Vec<Value> = chitieu_core::report::recognition::communes_by_district(&self.0)
                .iter()
                .map(|d| {
                    let mut m = serde_json::Map::new();
                    m.insert("unit".into(), d.unit.clone().into());
                    m.insert("name".into(), d.name.clone().into());
                    m.insert("status".into(), d.status.as_str().into());
                    for (decision, n) in ds.iter().zip(d.counts) {
                        m.insert(decision.as_str().into(), n.into());
                    }
                    m.insert("outside".into(), d.outside.into());
                    Value::Object(m)
                })
                .collect();
            Ok(to_py(py, &serde_json::json!({"series": series, "rows": rows})))
        })
    }

    fn __len__(&self) -> usize {
        self.0.communes.len() + self.0.districts.len()
    }
}

impl PyReport {
    /// The entry of `log` on `line`, or its last run of this report's scheme.
    fn recorded<'l>(&self, log: &'l DecisionLog, path: &Path, line: Option<usize>) -> PyResult<(usize, &'l LogEntry)> {
        match line {
            Some(l) => log
                .entries
                .iter()
                .find(|(n, _)| *n == l)
                .map(|(n, e)| (*n, e))
                .ok_or_else(|| ChitieuError::new_err(format!("{}: no readable entry on line {l}", path.display()))),
            None => log
                .entries
                .iter()
                .rev()
                .find(|(_, e)| e.scheme == self.0.scheme)
                .map(|(n, e)| (*n, e))
                .ok_or_else(|| ChitieuError::new_err(format!("{}: no recorded run of scheme '{}'", path.display(), self.0.scheme))),
        }
    }
}

#[derive(Clone, Copy)]
enum Op {
    Select,
    Certify,
    Programme,
}

#[allow(clippy::too_many_arguments)]
fn run(py: Python<'_>, op: Op, inputs: &PyInputs, catalogue: &PyCatalogue, units: &PyUnits, scheme: &str, as_of: Option<&str>, year: Option<i32>) -> PyResult<PyReport> {
    guard(|| {
        let as_of = as_of.map(|s| date_arg(s, "as_of")).transpose()?;
        let (c, u, i, scheme) = (catalogue.0.clone(), units.0.clone(), inputs.0.clone(), scheme.to_string());
        let need_date = || ChitieuError::new_err("as_of is required: the selection or review date (YYYY-MM-DD)");
        let result = match op {
            Op::Select => {
                let d = as_of.ok_or_else(need_date)?;
                unlocked(py, "selection", move || cert::select(&c, &u, &i, &scheme, d))?
            }
            Op::Certify => {
                let d = as_of.ok_or_else(need_date)?;
                unlocked(py, "certification", move || cert::certify(&c, &u, &i, &scheme, d))?
            }
            Op::Programme => {
                let y = year.ok_or_else(|| ChitieuError::new_err("year is required for the programme report"))?;
                unlocked(py, "the programme report", move || cert::programme(&c, &u, &i, &scheme, y, as_of))?
            }
        };
        result.map(PyReport).map_err(|e| core_error(py, &e))
    })
}

/// Selection at date `as_of` (Mục II.4). The GIL is released while core works.
#[pyfunction]
#[pyo3(signature = (inputs, catalogue, units, as_of, scheme="kh50"))]
pub(crate) fn select(py: Python<'_>, inputs: &PyInputs, catalogue: &PyCatalogue, units: &PyUnits, as_of: &str, scheme: &str) -> PyResult<PyReport> {
    run(py, Op::Select, inputs, catalogue, units, scheme, Some(as_of), None)
}

/// Certification at review date `as_of` (Mục II.5), keep-clean and the
/// programme targets of its year. The GIL is released while core works.
#[pyfunction]
#[pyo3(signature = (inputs, catalogue, units, as_of, scheme="kh50"))]
pub(crate) fn certify(py: Python<'_>, inputs: &PyInputs, catalogue: &PyCatalogue, units: &PyUnits, as_of: &str, scheme: &str) -> PyResult<PyReport> {
    run(py, Op::Certify, inputs, catalogue, units, scheme, Some(as_of), None)
}

/// The programme report of `year`, reviewed on `as_of` (default 31 December).
#[pyfunction]
#[pyo3(signature = (inputs, catalogue, units, year, as_of=None, scheme="kh50"))]
pub(crate) fn programme(py: Python<'_>, inputs: &PyInputs, catalogue: &PyCatalogue, units: &PyUnits, year: i32, as_of: Option<&str>, scheme: &str) -> PyResult<PyReport> {
    run(py, Op::Programme, inputs, catalogue, units, scheme, as_of, Some(year))
}

/// Core's words for each decision ("certified" -> "đạt sạch ma túy"), for display.
#[pyfunction]
pub(crate) fn decision_words(py: Python<'_>, lang: &str) -> PyResult<PyObject> {
    guard(|| {
        let lang = parse_lang(lang)?;
        let d = PyDict::new_bound(py);
        for x in [Decision::Eligible, Decision::NotEligible, Decision::Certified, Decision::NotCertified, Decision::NoData] {
            d.set_item(x.as_str(), x.words(lang))?;
        }
        Ok(d.into_py(py))
    })
}

/// Reads a decision log: `{"entries": [entry + "line"], "warnings": [...]}`.
/// A file that does not exist, or is not a decision log, is an error; a torn line is a warning.
#[pyfunction]
#[pyo3(signature = (path, lang="vi"))]
pub(crate) fn read_log(py: Python<'_>, path: PathBuf, lang: &str) -> PyResult<PyObject> {
    guard(|| {
        let lang: Lang = parse_lang(lang)?;
        let log = open_log(py, &path)?;
        let entries: Vec<Value> = log
            .entries
            .iter()
            .map(|(line, e)| {
                let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
                if let Value::Object(m) = &mut v {
                    m.insert("line".into(), Value::from(*line));
                }
                v
            })
            .collect();
        let d = PyDict::new_bound(py);
        d.set_item("entries", to_py(py, &Value::Array(entries)))?;
        d.set_item("warnings", warnings_list(py, &log.warnings, lang))?;
        Ok(d.into_py(py))
    })
}
