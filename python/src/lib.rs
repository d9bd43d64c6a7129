//! `chitieu._native`: the Python face of chitieu-core.
//!
//! This layer only moves data: Python columns in, core types through, plain
//! Python values (str, int, float, bool, None, lists and dicts) out. Every
//! decision (status, rounding, explanations, roll-up, precedence) is core's.
//! Every entry point runs inside [`guard`], so a Rust panic reaches Python as
//! `chitieu.ChitieuError`, never as `PanicException`.

use std::collections::hash_map::{Entry, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use chitieu_core::catalogue::{Catalogue, Mode};
use chitieu_core::evaluation::{self, Evaluation, UnitFilter};
use chitieu_core::observations::{Dataset, DatasetBuilder, TableColumn, TableRow};
use chitieu_core::table::Source;
use chitieu_core::workbook::Template;
use chitieu_core::{Exact, Lang, Level, Location, Period, UnitRegistry};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyList, PyString};
use serde_json::Value;

mod arrow;
mod arrow_input;
mod recognition;

create_exception!(chitieu, ChitieuError, PyException, "Any failure of a chitieu operation.");
create_exception!(
    chitieu,
    DataError,
    ChitieuError,
    "Bad input data. Attributes: file, row, column, value, expected, message, and sheet and cell in a workbook (None when unknown)."
);
create_exception!(chitieu, CatalogueError, ChitieuError, "A catalogue file that cannot be used. Attributes: file, path, message.");

// ---------------------------------------------------------------------------
// Errors and panics

/// Runs `f`, turning a panic into `ChitieuError` (core's quiet rule: nothing
/// printed on the interpreter's standard error).
fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    chitieu_core::contain::quietly(f).unwrap_or_else(|p| Err(ChitieuError::new_err(format!("internal error in chitieu (please report it): {p}"))))
}

fn data_error(py: Python<'_>, e: &chitieu_core::DataError) -> PyErr {
    let err = DataError::new_err(e.to_string());
    let v = err.value_bound(py);
    let set = |k: &str, x: PyObject| {
        let _ = v.setattr(k, x);
    };
    set("file", e.location.file.clone().into_py(py));
    set("row", e.location.row.into_py(py));
    set("column", e.location.column.clone().into_py(py));
    set("sheet", e.location.sheet.clone().into_py(py));
    set("cell", e.location.cell.clone().into_py(py));
    set("value", e.value.clone().into_py(py));
    set("expected", e.expected.clone().into_py(py));
    set("message", e.message.clone().into_py(py));
    err
}

fn catalogue_error(py: Python<'_>, e: &chitieu_core::CatalogueError) -> PyErr {
    let err = CatalogueError::new_err(e.to_string());
    let v = err.value_bound(py);
    let _ = v.setattr("file", e.file.clone());
    let _ = v.setattr("path", e.path.clone());
    let _ = v.setattr("message", e.message.clone());
    err
}

fn core_error(py: Python<'_>, e: &chitieu_core::Error) -> PyErr {
    match e {
        chitieu_core::Error::Data(d) => data_error(py, d),
        chitieu_core::Error::Catalogue(c) => catalogue_error(py, c),
        chitieu_core::Error::Invalid(m) | chitieu_core::Error::NotFound(m) => ChitieuError::new_err(m.clone()),
    }
}

fn parse_lang(lang: &str) -> PyResult<Lang> {
    lang.parse::<Lang>().map_err(ChitieuError::new_err)
}

fn parse_period(text: &str) -> PyResult<Period> {
    text.parse::<Period>().map_err(|e| ChitieuError::new_err(e.to_string()))
}

// ---------------------------------------------------------------------------
// JSON values to Python

fn to_py(py: Python<'_>, v: &Value) -> PyObject {
    match v {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_py(py),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_py(py)
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_py(py)
            }
        }
        Value::String(s) => s.into_py(py),
        Value::Array(a) => PyList::new_bound(py, a.iter().map(|x| to_py(py, x))).into_py(py),
        Value::Object(m) => {
            let d = PyDict::new_bound(py);
            for (k, x) in m {
                let _ = d.set_item(k, to_py(py, x));
            }
            d.into_py(py)
        }
    }
}

/// Columns as a dict of lists, in the given order, for `pandas.DataFrame(dict)`.
fn columns_dict(py: Python<'_>, names: &[&str], rows: &[serde_json::Map<String, Value>]) -> PyResult<PyObject> {
    let d = PyDict::new_bound(py);
    for name in names {
        let col = PyList::new_bound(py, rows.iter().map(|r| to_py(py, r.get(*name).unwrap_or(&Value::Null))));
        d.set_item(*name, col)?;
    }
    Ok(d.into_py(py))
}

fn warnings_list(py: Python<'_>, ws: &[chitieu_core::warning::Warning], lang: Lang) -> PyObject {
    let rows: Vec<Value> = ws.iter().map(|w| w.to_json(lang)).collect();
    to_py(py, &Value::Array(rows))
}

// ---------------------------------------------------------------------------
// Python values to exact numbers and text

/// One cell as core takes it.
enum Cell {
    Missing,
    /// True or False: a yes/no, refused by core for any other kind of variable.
    Bool(bool),
    Exact(Exact),
    Text(String),
}

/// A Python scalar as a cell: None and NaN are missing (never zero); ints are
/// exact; a float is its shortest round-trip decimal (what `repr` prints);
/// text is parsed by core (so "có"/"không" work for yes/no variables).
fn cell_of(v: &Bound<'_, PyAny>) -> PyResult<Cell> {
    if v.is_none() {
        return Ok(Cell::Missing);
    }
    if v.is_instance_of::<PyBool>() {
        return Ok(Cell::Bool(v.extract::<bool>()?));
    }
    if let Ok(s) = v.downcast::<PyString>() {
        return Ok(Cell::Text(s.to_cow()?.into_owned()));
    }
    if v.is_instance_of::<PyFloat>() {
        return Ok(float_cell(v.extract::<f64>()?));
    }
    if let Ok(i) = v.extract::<i64>() {
        return Ok(Cell::Exact(Exact::from_int(i)));
    }
    // Big ints, decimal.Decimal, numpy scalars, pandas.NA...: by their text.
    if v.hasattr("__float__")? && is_nan_like(v)? {
        return Ok(Cell::Missing);
    }
    let t = v.str()?.to_cow()?.into_owned();
    if t == "<NA>" || t == "NaT" || t == "nan" || t == "NaN" {
        return Ok(Cell::Missing);
    }
    Ok(Cell::Text(t))
}

fn is_nan_like(v: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(match v.call_method0("__float__") {
        Ok(f) => f.extract::<f64>().map(|x| x.is_nan()).unwrap_or(false),
        Err(_) => false,
    })
}

fn float_cell(f: f64) -> Cell {
    if f.is_nan() {
        Cell::Missing
    } else if f.fract() == 0.0 && f.abs() < 9.0e15 {
        // A whole number (most counts arrive as float64 once a column has a
        // NaN): exactly that integer, without going through text.
        Cell::Exact(Exact::from_int(f as i64))
    } else {
        // Rust's Display of f64 is the shortest text that reads back as the same
        // float, without exponent: 0.1 -> "0.1", 1e16 -> "10000000000000000".
        Cell::Text(format!("{f}"))
    }
}

/// A float key cell as text: blank for NaN, a whole number as its digits.
fn float_key(f: f64) -> String {
    if f.is_nan() {
        String::new()
    } else if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A key column cell (unit code, period, variable name) as text.
fn key_text(v: &Bound<'_, PyAny>) -> PyResult<String> {
    if v.is_none() {
        return Ok(String::new());
    }
    if let Ok(s) = v.downcast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if v.is_instance_of::<PyFloat>() {
        return Ok(float_key(v.extract::<f64>()?));
    }
    if let Ok(i) = v.extract::<i64>() {
        return Ok(i.to_string());
    }
    Ok(v.str()?.to_cow()?.into_owned())
}

/// A column as it crosses from Python: raw little-endian numpy bytes for
/// float64/int64/bool columns (no Python object per cell), a list, or the
/// Arrow arrays of a pyarrow or polars table (one per batch).
enum Column<'py> {
    F64(Bound<'py, PyBytes>),
    I64(Bound<'py, PyBytes>),
    Bool(Bound<'py, PyBytes>),
    Objects(Bound<'py, PyList>),
    Arrow(arrow_input::Chunks),
}

impl<'py> Column<'py> {
    fn new(kind: &str, payload: &Bound<'py, PyAny>, expected_len: usize, name: &str) -> PyResult<Column<'py>> {
        let c = match kind {
            "f8" => Column::F64(payload.downcast::<PyBytes>()?.clone()),
            "i8" => Column::I64(payload.downcast::<PyBytes>()?.clone()),
            "b1" => Column::Bool(payload.downcast::<PyBytes>()?.clone()),
            "obj" => Column::Objects(payload.downcast::<PyList>()?.clone()),
            other => return Err(ChitieuError::new_err(format!("internal: unknown column kind '{other}'"))),
        };
        let len = match &c {
            Column::F64(b) | Column::I64(b) => b.as_bytes().len() / 8,
            Column::Bool(b) => b.as_bytes().len(),
            Column::Objects(l) => l.len(),
            Column::Arrow(c) => c.len(),
        };
        if len != expected_len {
            return Err(ChitieuError::new_err(format!("internal: column '{name}' has {len} values, expected {expected_len}")));
        }
        Ok(c)
    }

    fn cell(&self, i: usize) -> PyResult<Cell> {
        let word = |b: &[u8]| -> PyResult<[u8; 8]> {
            b.get(i * 8..i * 8 + 8).and_then(|w| w.try_into().ok()).ok_or_else(|| ChitieuError::new_err(format!("internal: no value {i} in a column")))
        };
        Ok(match self {
            Column::F64(b) => float_cell(f64::from_le_bytes(word(b.as_bytes())?)),
            Column::I64(b) => Cell::Exact(Exact::from_int(i64::from_le_bytes(word(b.as_bytes())?))),
            Column::Bool(b) => Cell::Bool(b.as_bytes().get(i).is_some_and(|x| *x != 0)),
            Column::Objects(l) => cell_of(&l.get_item(i)?)?,
            Column::Arrow(c) => c.cell(i)?,
        })
    }

    /// A key cell (unit code, period, variable, structure) as text; blank when missing.
    fn key(&self, i: usize) -> PyResult<String> {
        match self {
            Column::Objects(l) => key_text(&l.get_item(i)?),
            Column::Arrow(c) => c.key(i),
            _ => Err(ChitieuError::new_err("internal: a key column of numbers")),
        }
    }
}

/// Adds one cell of a row (nothing for a missing one).
fn add_cell(b: &mut DatasetBuilder, row: &mut TableRow<'_>, column: &mut TableColumn, cell: Cell) -> Result<(), chitieu_core::DataError> {
    match cell {
        Cell::Missing => Ok(()),
        Cell::Bool(x) => b.cell_bool(row, column, x),
        Cell::Exact(x) => b.cell_exact(row, column, x),
        Cell::Text(t) => b.cell_text(row, column, &t),
    }
}

fn exact_arg(v: &Bound<'_, PyAny>, what: &str) -> PyResult<Exact> {
    let bad = |found: String| ChitieuError::new_err(format!("{what}: not a number: '{found}'"));
    match cell_of(v)? {
        Cell::Missing => Err(ChitieuError::new_err(format!("{what} is missing (None or NaN): a check needs a value"))),
        Cell::Bool(x) => Ok(if x { Exact::one() } else { Exact::zero() }),
        Cell::Exact(x) => Ok(x),
        Cell::Text(t) => Exact::parse_decimal(&t).map_err(|e| bad(e.to_string())),
    }
}

// ---------------------------------------------------------------------------
// Catalogue

/// The catalogue of documents and targets (native; see chitieu.Catalogue).
#[pyclass(module = "chitieu._native", name = "NativeCatalogue", frozen)]
#[derive(Clone)]
struct PyCatalogue(Arc<Catalogue>);

const TARGET_COLUMNS: &[&str] = &[
    "id", "document_id", "document", "indicator", "clause", "phrase", "name", "domain", "levels", "units", "period", "variables", "measure",
    "rule", "parts", "interpretation", "lead", "partners", "file",
];
const DOCUMENT_COLUMNS: &[&str] = &["id", "number", "kind", "kind_name", "issuer", "date", "in_force", "title", "scope", "source"];
const VARIABLE_COLUMNS: &[&str] = &["name", "kind", "name_vi", "name_en", "part_of"];

#[pymethods]
impl PyCatalogue {
    #[staticmethod]
    fn builtin() -> PyResult<Self> {
        guard(|| Ok(PyCatalogue(Arc::new(Catalogue::builtin()))))
    }

    #[staticmethod]
    fn from_paths(py: Python<'_>, paths: Vec<PathBuf>, replace: bool) -> PyResult<Self> {
        guard(|| {
            let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
            let mode = if replace { Mode::Replace } else { Mode::AddToBuiltin };
            Catalogue::from_paths(&refs, mode).map(|c| PyCatalogue(Arc::new(c))).map_err(|e| catalogue_error(py, &e))
        })
    }

    fn targets(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| {
            let lang = parse_lang(lang)?;
            let cat = &self.0;
            let pick = |vi: &str, en: &str| if lang == Lang::Vi { vi.to_string() } else { en.to_string() };
            let rows: Vec<serde_json::Map<String, Value>> = cat
                .targets()
                .iter()
                .map(|t| {
                    let doc = cat.document_of(t);
                    let tt = &t.target;
                    let mut vars: Vec<&str> = Vec::new();
                    for m in tt.measure.iter().chain(tt.parts.iter().map(|p| &p.measure)) {
                        for v in m.variables() {
                            if !vars.contains(&v) {
                                vars.push(v);
                            }
                        }
                    }
                    let interp = match lang {
                        Lang::Vi => tt.interpretation_vi.clone().or_else(|| tt.interpretation_en.clone()),
                        Lang::En => tt.interpretation_en.clone().or_else(|| tt.interpretation_vi.clone()),
                    };
                    let json_text = |x: Option<Value>| x.map(|v| Value::String(v.to_string())).unwrap_or(Value::Null);
                    let mut m = serde_json::Map::new();
                    m.insert("id".into(), tt.id.clone().into());
                    m.insert("document_id".into(), doc.id.clone().into());
                    m.insert("document".into(), doc.number.clone().into());
                    m.insert("indicator".into(), tt.indicator.clone().into());
                    m.insert("clause".into(), pick(&tt.clause_vi, &tt.clause_en).into());
                    m.insert("phrase".into(), tt.full_phrase().into());
                    m.insert("name".into(), pick(&tt.name_vi, &tt.name_en).into());
                    m.insert("domain".into(), tt.domain.clone().into());
                    m.insert("levels".into(), tt.levels.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(",").into());
                    m.insert("units".into(), tt.units.join(",").into());
                    m.insert("period".into(), tt.period.to_string().into());
                    m.insert("variables".into(), vars.join(",").into());
                    m.insert("measure".into(), json_text(tt.measure.as_ref().and_then(|x| serde_json::to_value(x).ok())));
                    m.insert("rule".into(), json_text(tt.rule.as_ref().and_then(|x| serde_json::to_value(x).ok())));
                    m.insert("parts".into(), json_text(if tt.parts.is_empty() { None } else { serde_json::to_value(&tt.parts).ok() }));
                    m.insert("interpretation".into(), interp.map(Value::String).unwrap_or(Value::Null));
                    m.insert("lead".into(), tt.lead.join(", ").into());
                    m.insert("partners".into(), tt.partners.join(", ").into());
                    m.insert("file".into(), t.file.clone().into());
                    m
                })
                .collect();
            columns_dict(py, TARGET_COLUMNS, &rows)
        })
    }

    fn documents(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| {
            let lang = parse_lang(lang)?;
            let pick = |vi: &str, en: &str| if lang == Lang::Vi { vi.to_string() } else { en.to_string() };
            let rows: Vec<serde_json::Map<String, Value>> = self
                .0
                .documents()
                .iter()
                .map(|d| {
                    let mut m = serde_json::Map::new();
                    m.insert("id".into(), d.id.clone().into());
                    m.insert("number".into(), d.number.clone().into());
                    m.insert("kind".into(), serde_json::to_value(d.kind).unwrap_or(Value::Null));
                    m.insert("kind_name".into(), d.kind.name(lang).into());
                    m.insert("issuer".into(), pick(&d.issuer_vi, &d.issuer_en).into());
                    m.insert("date".into(), d.date.to_string().into());
                    m.insert("in_force".into(), d.in_force.map(|x| Value::String(x.to_string())).unwrap_or(Value::Null));
                    m.insert("title".into(), pick(&d.title_vi, &d.title_en).into());
                    m.insert("scope".into(), d.scope.text().into());
                    m.insert("source".into(), d.source.clone().map(Value::String).unwrap_or(Value::Null));
                    m
                })
                .collect();
            columns_dict(py, DOCUMENT_COLUMNS, &rows)
        })
    }

    fn variables(&self, py: Python<'_>) -> PyResult<PyObject> {
        guard(|| {
            let rows: Vec<serde_json::Map<String, Value>> = self
                .0
                .variables()
                .values()
                .map(|v| match serde_json::to_value(v) {
                    Ok(Value::Object(m)) => m,
                    _ => serde_json::Map::new(),
                })
                .collect();
            columns_dict(py, VARIABLE_COLUMNS, &rows)
        })
    }

    fn warnings(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| Ok(warnings_list(py, self.0.warnings(), parse_lang(lang)?)))
    }

    fn version_label(&self) -> String {
        self.0.version_label()
    }

    fn sources(&self) -> Vec<String> {
        self.0.sources().to_vec()
    }

    fn __len__(&self) -> usize {
        self.0.targets().len()
    }
}

// ---------------------------------------------------------------------------
// Units

/// A registry of administrative units (native; see chitieu.Units).
#[pyclass(module = "chitieu._native", name = "NativeUnits", frozen)]
#[derive(Clone)]
struct PyUnits(Arc<UnitRegistry>);

#[pymethods]
impl PyUnits {
    #[staticmethod]
    fn builtin() -> PyResult<Self> {
        guard(|| Ok(PyUnits(Arc::new(UnitRegistry::builtin()))))
    }

    /// A CSV file or a workbook; `sheet` (or `path#Sheet`) names the sheet.
    #[staticmethod]
    #[pyo3(signature = (path, sheet=None))]
    fn from_csv_path(py: Python<'_>, path: PathBuf, sheet: Option<String>) -> PyResult<Self> {
        guard(|| {
            Source::new(&path, sheet.as_deref())
                .and_then(|s| UnitRegistry::from_source(&s))
                .map(|u| PyUnits(Arc::new(u)))
                .map_err(|e| data_error(py, &e))
        })
    }

    /// CSV text `code,name,level,division_type,parent_code`; `file` names it in errors.
    #[staticmethod]
    fn from_csv_text(py: Python<'_>, text: &str, file: &str) -> PyResult<Self> {
        guard(|| UnitRegistry::from_csv_str(text, file).map(|u| PyUnits(Arc::new(u))).map_err(|e| data_error(py, &e)))
    }

    /// A registry of several structures: unit lists (oldest first) and lineage
    /// files; no unit list: the built-in structures with the lineage files
    /// laid over the built-in lineage (see core's `structures`).
    #[staticmethod]
    fn load(py: Python<'_>, units: Vec<PathBuf>, lineage: Vec<PathBuf>) -> PyResult<Self> {
        guard(|| {
            let u: Vec<&std::path::Path> = units.iter().map(|p| p.as_path()).collect();
            let l: Vec<&std::path::Path> = lineage.iter().map(|p| p.as_path()).collect();
            chitieu_core::structures::load_paths(&u, &l).map(|r| PyUnits(Arc::new(r))).map_err(|e| data_error(py, &e))
        })
    }

    /// The structure in force on a date, as core's listing (`chitieu units --as-of`).
    fn listing(&self, py: Python<'_>, as_of: &str) -> PyResult<PyObject> {
        guard(|| {
            let d = chitieu_core::certification::window::parse_date(as_of).map_err(|(m, e)| ChitieuError::new_err(format!("as_of '{as_of}': {m} (expected {e})")))?;
            Ok(to_py(py, &chitieu_core::structures::listing_json(&self.0, d)))
        })
    }

    /// Every version of a code with its history both ways (`chitieu units --lineage`).
    fn history(&self, py: Python<'_>, code: &str) -> PyResult<PyObject> {
        guard(|| {
            let h = chitieu_core::lineage::history(&self.0, code).ok_or_else(|| ChitieuError::new_err(format!("unknown unit code '{code}'")))?;
            Ok(to_py(py, &Value::Array(h.iter().map(|x| x.to_json(&self.0)).collect())))
        })
    }

    fn columns(&self, py: Python<'_>) -> PyResult<PyObject> {
        guard(|| {
            let d = PyDict::new_bound(py);
            let us = self.0.units();
            d.set_item("code", us.iter().map(|u| u.code.clone()).collect::<Vec<_>>())?;
            d.set_item("name", us.iter().map(|u| u.name.clone()).collect::<Vec<_>>())?;
            d.set_item("level", us.iter().map(|u| u.level.to_string()).collect::<Vec<_>>())?;
            d.set_item("division_type", us.iter().map(|u| u.division_type.clone()).collect::<Vec<_>>())?;
            d.set_item("parent_code", us.iter().map(|u| u.parent.clone()).collect::<Vec<_>>())?;
            d.set_item("valid_from", us.iter().map(|u| u.valid_from.map(|x| x.to_string())).collect::<Vec<_>>())?;
            d.set_item("valid_to", us.iter().map(|u| u.valid_to.map(|x| x.to_string())).collect::<Vec<_>>())?;
            Ok(d.into_py(py))
        })
    }

    fn __len__(&self) -> usize {
        self.0.units().len()
    }
}

// ---------------------------------------------------------------------------
// Datasets

/// A validated set of observations (native; see chitieu.Dataset).
#[pyclass(module = "chitieu._native", name = "NativeDataset", frozen)]
#[derive(Clone)]
struct PyDataset(Arc<Dataset>);

/// Columns a wide table may carry beside the variables, for people reading it
/// (the same as core's CSV reader), and the column naming the structure a
/// row's code is written in.
const DESCRIPTIVE: &[&str] = &["unit_name", "source", "structure"];

#[pymethods]
impl PyDataset {
    /// A CSV, JSON or workbook file; `sheet` (or `path#Sheet`) names the
    /// sheet of a workbook. Read without the GIL.
    #[staticmethod]
    #[pyo3(signature = (path, catalogue, units, sheet=None))]
    fn from_path(py: Python<'_>, path: PathBuf, catalogue: &PyCatalogue, units: &PyUnits, sheet: Option<String>) -> PyResult<Self> {
        guard(|| {
            let (c, u) = (catalogue.0.clone(), units.0.clone());
            py.allow_threads(move || Source::new(&path, sheet.as_deref()).and_then(|s| Dataset::from_source(&s, &c, &u)))
                .map(|d| PyDataset(Arc::new(d)))
                .map_err(|e| data_error(py, &e))
        })
    }

    /// Builds a dataset from columns. `unit_codes` and `periods` are lists;
    /// wide: `names` are variables and `kinds`/`payloads` their values; long:
    /// `variables` is the variable list and the single value column is in
    /// `kinds[0]`/`payloads[0]`. `structures` (optional) names, row by row,
    /// the structure each code is written in (blank: the one in force during
    /// the row's period). Row r of the table is reported as row r + 2 (the
    /// header being row 1, as in a CSV file).
    #[staticmethod]
    #[pyo3(signature = (file, catalogue, units, unit_codes, periods, names, kinds, payloads, variables=None, structures=None))]
    #[allow(clippy::too_many_arguments)]
    fn from_columns(
        py: Python<'_>,
        file: &str,
        catalogue: &PyCatalogue,
        units: &PyUnits,
        unit_codes: &Bound<'_, PyList>,
        periods: &Bound<'_, PyList>,
        names: Vec<String>,
        kinds: Vec<String>,
        payloads: Vec<Bound<'_, PyAny>>,
        variables: Option<&Bound<'_, PyList>>,
        structures: Option<&Bound<'_, PyList>>,
    ) -> PyResult<Self> {
        guard(|| {
            let n = unit_codes.len();
            if periods.len() != n || kinds.len() != payloads.len() || kinds.len() != names.len() || variables.is_some_and(|v| v.len() != n) || structures.is_some_and(|s| s.len() != n) {
                return Err(ChitieuError::new_err("internal: columns of different lengths"));
            }
            let columns: Vec<Column> =
                kinds.iter().zip(&payloads).zip(&names).map(|((k, p), name)| Column::new(k, p, n, name)).collect::<PyResult<_>>()?;
            let table = Table {
                rows: n,
                unit_codes: Column::Objects(unit_codes.clone()),
                periods: Column::Objects(periods.clone()),
                variables: variables.map(|v| Column::Objects(v.clone())),
                structures: structures.map(|s| Column::Objects(s.clone())),
                names,
                columns,
            };
            table.build(py, file, catalogue, units)
        })
    }

    /// Builds a dataset from an object with `__arrow_c_stream__` (a pyarrow
    /// Table, a polars DataFrame...), wide or long as `from_columns`, from its
    /// Arrow columns directly. None when the table is not one read this way
    /// (no unit_code or period column, a key column twice, or a column of a
    /// type read through pandas): the caller then reads it as before.
    #[staticmethod]
    fn from_arrow(py: Python<'_>, file: &str, catalogue: &PyCatalogue, units: &PyUnits, data: &Bound<'_, PyAny>) -> PyResult<Option<Self>> {
        guard(|| {
            let (schema, batches) = arrow::read_stream(data)?;
            match arrow_input::table(&schema, &batches) {
                Some(t) => t.build(py, file, catalogue, units).map(Some),
                None => Ok(None),
            }
        })
    }

    /// Every observation as columns unit_code, period, variable, value (exact
    /// decimal text), and structure (blank but where a reused code needs it) if any row needs it.
    fn records(&self, py: Python<'_>) -> PyResult<PyObject> {
        guard(|| {
            let recs = self.0.records_in();
            let d = PyDict::new_bound(py);
            d.set_item("unit_code", recs.iter().map(|r| r.0).collect::<Vec<_>>())?;
            d.set_item("period", recs.iter().map(|r| r.1.to_string()).collect::<Vec<_>>())?;
            if recs.iter().any(|r| r.2.is_some()) {
                d.set_item("structure", recs.iter().map(|r| r.2.unwrap_or("")).collect::<Vec<_>>())?;
            }
            d.set_item("variable", recs.iter().map(|r| r.3).collect::<Vec<_>>())?;
            d.set_item("value", recs.iter().map(|r| r.4.decimal_text()).collect::<Vec<_>>())?;
            Ok(d.into_py(py))
        })
    }

    #[getter]
    fn name(&self) -> String {
        self.0.name.clone()
    }

    #[getter]
    fn synthetic(&self) -> bool {
        self.0.synthetic
    }

    fn periods(&self) -> Vec<String> {
        self.0.periods().iter().map(|p| p.to_string()).collect()
    }

    fn warnings(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| Ok(warnings_list(py, self.0.warnings(), parse_lang(lang)?)))
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }
}

/// A table read into core: key columns and value columns, row by row.
struct Table<'py> {
    rows: usize,
    unit_codes: Column<'py>,
    periods: Column<'py>,
    /// Long form: the variable of each row (the single value column is `columns[0]`).
    variables: Option<Column<'py>>,
    structures: Option<Column<'py>>,
    names: Vec<String>,
    columns: Vec<Column<'py>>,
}

impl Table<'_> {
    /// Checks every cell through core's builder; row r is reported as row r + 2.
    fn build(&self, py: Python<'_>, file: &str, catalogue: &PyCatalogue, units: &PyUnits) -> PyResult<PyDataset> {
        let cat = catalogue.0.clone();
        let reg = units.0.clone();
        let mut b = DatasetBuilder::new(file, &cat, &reg);
        let at = |row: usize, col: &str| Location::file(file).at_row(row).at_column(col);
        let derr = |e: chitieu_core::DataError| data_error(py, &e);
        // Key columns as text, checked row by row.
        let mut keys: Vec<(String, Period, Option<String>)> = Vec::with_capacity(self.rows);
        for i in 0..self.rows {
            let row = i + 2;
            let unit = b.check_unit(&self.unit_codes.key(i)?, &at(row, "unit_code")).map_err(derr)?;
            let period = b.check_period(&self.periods.key(i)?, &at(row, "period")).map_err(derr)?;
            let structure = match &self.structures {
                Some(s) => Some(s.key(i)?).filter(|t| !t.is_empty()),
                None => None,
            };
            keys.push((unit, period, structure));
        }
        let place = |col: &str| Location::file(file).at_column(col);
        match &self.variables {
            Some(vars) => {
                let [values] = self.columns.as_slice() else {
                    return Err(ChitieuError::new_err("internal: a long table has one value column"));
                };
                let mut resolved: HashMap<String, TableColumn> = HashMap::new();
                for (i, (unit, period, st)) in keys.iter().enumerate() {
                    let row = i + 2;
                    let var = vars.key(i)?;
                    b.check_variable(&var, &at(row, "variable")).map_err(derr)?;
                    let column = match resolved.entry(var) {
                        Entry::Occupied(c) => c.into_mut(),
                        Entry::Vacant(v) => {
                            let c = b.column(v.key(), &place("value")).map_err(derr)?;
                            v.insert(c)
                        }
                    };
                    let mut r = b.row(unit, *period, st.as_deref(), row);
                    add_cell(&mut b, &mut r, column, values.cell(i)?).map_err(derr)?;
                }
            }
            None => {
                let mut used: Vec<(TableColumn, &Column)> = Vec::new();
                for (j, (name, column)) in self.names.iter().zip(&self.columns).enumerate() {
                    if DESCRIPTIVE.contains(&name.as_str()) {
                        continue;
                    }
                    if self.names.iter().take(j).any(|n| n == name) {
                        return Err(derr(chitieu_core::DataError::new(at(1, name), "the same column appears twice").value(name.as_str())));
                    }
                    b.check_variable(name, &at(1, name)).map_err(derr)?;
                    used.push((b.column(name, &place(name)).map_err(derr)?, column));
                }
                // Column by column (each column's values are read in order,
                // not 80 columns at a time), yet the error reported is the
                // first in row order, as a row-by-row reading would find it:
                // once a cell fails, the later columns are only read above its row.
                let mut rows: Vec<TableRow> = keys.iter().enumerate().map(|(i, (unit, period, st))| b.row(unit, *period, st.as_deref(), i + 2)).collect();
                let mut first: Option<(usize, chitieu_core::DataError)> = None;
                for (tc, column) in used.iter_mut() {
                    let end = first.as_ref().map_or(rows.len(), |(i, _)| *i);
                    for (i, r) in rows.iter_mut().enumerate().take(end) {
                        if let Err(e) = add_cell(&mut b, r, tc, column.cell(i)?) {
                            first = Some((i, e));
                            break;
                        }
                    }
                }
                if let Some((_, e)) = first {
                    return Err(derr(e));
                }
            }
        }
        let d = py.allow_threads(move || b.finish()).map_err(derr)?;
        Ok(PyDataset(Arc::new(d)))
    }
}

// ---------------------------------------------------------------------------
// Evaluation

/// The outcome of one evaluation (native; see chitieu.Result), with the
/// catalogue it was evaluated on (the report names its documents).
#[pyclass(module = "chitieu._native", name = "NativeEvaluation", frozen)]
struct PyEvaluation(Evaluation, Arc<Catalogue>);

/// The outcomes' columns as an Arrow table (core's `columns`): shared by
/// evaluations and the programme part of recognition reports.
pub(crate) fn outcome_table(outcomes: &[chitieu_core::evaluation::Outcome], lang: Lang, columns: Option<Vec<String>>) -> PyResult<arrow::PyArrowTable> {
    let names: Option<Vec<&str>> = columns.as_ref().map(|c| c.iter().map(String::as_str).collect());
    chitieu_core::evaluation::columns::outcome_batch(outcomes, lang, names.as_deref()).map(arrow::PyArrowTable).map_err(|e| ChitieuError::new_err(e.to_string()))
}

#[pymethods]
impl PyEvaluation {
    fn to_json(&self, lang: &str) -> PyResult<String> {
        guard(|| Ok(self.0.to_json(parse_lang(lang)?).to_string()))
    }

    fn to_csv(&self, lang: &str) -> PyResult<String> {
        guard(|| Ok(self.0.to_csv(parse_lang(lang)?)))
    }

    /// Writes the scorecard workbook (.xlsx) to `path`, whole or not at all;
    /// the GIL is released meanwhile.
    fn to_excel(&self, py: Python<'_>, path: PathBuf, lang: &str) -> PyResult<()> {
        guard(|| {
            let lang = parse_lang(lang)?;
            let ev = &self.0;
            py.allow_threads(|| chitieu_core::workbook::scorecard(ev, lang).and_then(|b| chitieu_core::workbook::save(&path, &b))).map_err(|e| core_error(py, &e))
        })
    }

    /// The outcomes as an Arrow table of the columns named (every column for
    /// None; see core's `evaluation::columns`); float columns are for plotting only.
    #[pyo3(signature = (lang, columns=None))]
    fn arrow(&self, lang: &str, columns: Option<Vec<String>>) -> PyResult<arrow::PyArrowTable> {
        guard(|| outcome_table(&self.0.outcomes, parse_lang(lang)?, columns))
    }

    /// The units without figures as an Arrow table (core's `without_figures_batch`).
    fn units_without_figures_arrow(&self, lang: &str) -> PyResult<arrow::PyArrowTable> {
        guard(|| {
            chitieu_core::evaluation::columns::without_figures_batch(&self.0.units_without_figures, parse_lang(lang)?)
                .map(arrow::PyArrowTable)
                .map_err(|e| ChitieuError::new_err(e.to_string()))
        })
    }

    /// The outcomes as JSON objects (list of dicts), exactly the contract.
    fn outcomes(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| {
            let lang = parse_lang(lang)?;
            Ok(to_py(py, &Value::Array(self.0.outcomes.iter().map(|o| o.to_json(lang)).collect())))
        })
    }

    fn warnings(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| Ok(warnings_list(py, &self.0.warnings, parse_lang(lang)?)))
    }

    /// The units without any figure for a document's targets, once per
    /// document (list of dicts): the JSON contract's `units_without_figures`.
    fn units_without_figures(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| {
            let lang = parse_lang(lang)?;
            let items: Vec<Value> = self.0.units_without_figures.iter().map(|w| serde_json::to_value(w.json(lang)).unwrap_or(Value::Null)).collect();
            Ok(to_py(py, &Value::Array(items)))
        })
    }

    /// What Jupyter shows: core's HTML fragment (summary, district charts, outcomes table).
    #[pyo3(signature = (lang, max_rows=200))]
    fn html(&self, lang: &str, max_rows: usize) -> PyResult<String> {
        guard(|| Ok(chitieu_core::report::scorecard::fragment(&self.0, &self.1, parse_lang(lang)?, max_rows)))
    }

    /// The whole report page, the same as `chitieu report --period ...`; with
    /// `previous` (the evaluation of an earlier period), what changed since.
    #[pyo3(signature = (lang, previous=None))]
    fn report_html(&self, lang: &str, previous: Option<&PyEvaluation>) -> PyResult<String> {
        guard(|| {
            let req = chitieu_core::report::Request {
                lang: parse_lang(lang)?,
                evaluation: Some((&self.0, &self.1)),
                previous: previous.map(|p| &p.0),
                recognition: None,
                since: None,
                generated_on: Some(chitieu_core::report::today()),
            };
            Ok(chitieu_core::report::page(&req))
        })
    }

    /// Per document, its districts by share of targets met (what `Result.plot()` draws).
    fn district_charts(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| {
            let lang = parse_lang(lang)?;
            let charts = chitieu_core::report::tally::districts(&self.0, &self.1, lang);
            Ok(to_py(py, &Value::Array(charts.iter().map(|c| c.to_json(lang)).collect())))
        })
    }

    #[getter]
    fn period(&self) -> String {
        self.0.period.to_string()
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

    fn __len__(&self) -> usize {
        self.0.outcomes.len()
    }
}

/// Evaluates every binding target. `unit` is None (the province), "all", or a
/// list of codes. The GIL is released while core works.
#[pyfunction]
#[pyo3(signature = (dataset, period, catalogue, units, unit=None))]
fn evaluate(py: Python<'_>, dataset: &PyDataset, period: &str, catalogue: &PyCatalogue, units: &PyUnits, unit: Option<&Bound<'_, PyAny>>) -> PyResult<PyEvaluation> {
    guard(|| {
        let period = parse_period(period)?;
        let filter = match unit {
            None => UnitFilter::Root,
            Some(u) => {
                if let Ok(s) = u.downcast::<PyString>() {
                    let s = s.to_cow()?.into_owned();
                    if s == "all" {
                        UnitFilter::All
                    } else {
                        UnitFilter::Codes(vec![s])
                    }
                } else if let Ok(l) = u.downcast::<PyList>() {
                    UnitFilter::Codes(l.iter().map(|x| key_text(&x)).collect::<PyResult<_>>()?)
                } else {
                    UnitFilter::Codes(vec![key_text(u)?])
                }
            }
        };
        let (c, r, d) = (catalogue.0.clone(), units.0.clone(), dataset.0.clone());
        let ev = py.allow_threads(move || chitieu_core::contain::quietly(|| evaluation::evaluate(&c, &r, &d, period, &filter)));
        match ev {
            Ok(Ok(ev)) => Ok(PyEvaluation(ev, catalogue.0.clone())),
            Ok(Err(e)) => Err(core_error(py, &e)),
            Err(p) => Err(ChitieuError::new_err(format!("internal error in chitieu during evaluation (please report it): {p}"))),
        }
    })
}

/// Decides one target on given numbers; returns the contract's numeric fields
/// plus target, explanation, explanation_vi and explanation_en.
#[pyfunction]
#[pyo3(signature = (catalogue, target, value, second=None, lang="vi"))]
fn check(py: Python<'_>, catalogue: &PyCatalogue, target: &str, value: &Bound<'_, PyAny>, second: Option<&Bound<'_, PyAny>>, lang: &str) -> PyResult<PyObject> {
    guard(|| {
        let lang = parse_lang(lang)?;
        let v = exact_arg(value, "numerator")?;
        let s = match second {
            Some(x) if !x.is_none() => Some(exact_arg(x, "denominator")?),
            _ => None,
        };
        let c = evaluation::check(&catalogue.0, target, &v, s.as_ref()).map_err(|e| core_error(py, &e))?;
        let mut m = c.verdict.json_fields();
        m.insert("target".into(), c.target.clone().into());
        m.insert("actual_display".into(), c.verdict.actual_display(lang).into());
        m.insert("margin_display".into(), c.verdict.margin_display(lang).into());
        m.insert("required".into(), evaluation::required_text(&c.verdict, lang).into());
        m.insert("explanation".into(), c.explanation(lang).into());
        m.insert("explanation_vi".into(), c.explanation(Lang::Vi).into());
        m.insert("explanation_en".into(), c.explanation(Lang::En).into());
        Ok(to_py(py, &Value::Object(chitieu_core::evaluation::columns::flatten(Value::Object(m)))))
    })
}

/// The result of a conversion between structures (native; see chitieu.Conversion).
#[pyclass(module = "chitieu._native", name = "NativeConversion", frozen)]
struct PyConversion {
    inner: chitieu_core::conversion::Conversion,
    catalogue: Arc<Catalogue>,
}

#[pymethods]
impl PyConversion {
    /// The converted figures as the CSV `chitieu convert --out` writes.
    fn csv(&self) -> String {
        self.inner.to_csv(&self.catalogue)
    }
    /// The report (`chitieu convert --report`) as Python values.
    fn report(&self, py: Python<'_>, lang: &str) -> PyResult<PyObject> {
        guard(|| Ok(to_py(py, &self.inner.to_json(parse_lang(lang)?))))
    }
    /// The converted figures as a dataset of the target structure.
    fn dataset(&self) -> PyDataset {
        PyDataset(Arc::new(self.inner.dataset.clone()))
    }
    #[getter]
    fn structure(&self) -> String {
        self.inner.structure.clone()
    }
}

/// Moves every figure of a dataset to the structure in force on `to`
/// (`chitieu convert`); `shares` is a CSV path of divided units' shares.
#[pyfunction]
#[pyo3(signature = (dataset, to, catalogue, shares=None))]
fn convert(py: Python<'_>, dataset: &PyDataset, to: &str, catalogue: &PyCatalogue, shares: Option<PathBuf>) -> PyResult<PyConversion> {
    guard(|| {
        let day = chitieu_core::certification::window::parse_date(to).map_err(|(m, e)| ChitieuError::new_err(format!("to '{to}': {m} (expected {e})")))?;
        let shares = match shares {
            Some(p) => chitieu_core::conversion::Shares::from_path(&p, dataset.0.units()).map_err(|e| data_error(py, &e))?,
            None => chitieu_core::conversion::Shares::none(),
        };
        let (d, c) = (dataset.0.clone(), catalogue.0.clone());
        let conv = py.allow_threads(|| chitieu_core::conversion::convert(&d, &c, day, &shares)).map_err(|e| core_error(py, &e))?;
        Ok(PyConversion { inner: conv, catalogue: catalogue.0.clone() })
    })
}

/// Core's words for each status ("not_met" -> "không đạt"), for display.
#[pyfunction]
fn status_words(py: Python<'_>, lang: &str) -> PyResult<PyObject> {
    guard(|| {
        let lang = parse_lang(lang)?;
        let d = PyDict::new_bound(py);
        for s in chitieu_core::report::words::STATUS_ORDER {
            d.set_item(s.as_str(), chitieu_core::report::words::status(s, lang))?;
        }
        Ok(d.into_py(py))
    })
}

/// The built-in synthetic sample (SYNTHETIC figures, never real ones).
#[pyfunction]
fn sample(py: Python<'_>) -> PyResult<PyDataset> {
    guard(|| Ok(PyDataset(Arc::new(py.allow_threads(chitieu_core::sample::dataset)))))
}

/// The data-entry template of `period` (see chitieu.template): its rows and
/// columns as a dict, and, when `path` is given, its workbook written there.
#[pyfunction]
#[pyo3(signature = (catalogue, units, period, level=None, document=None, path=None))]
fn template(py: Python<'_>, catalogue: &PyCatalogue, units: &PyUnits, period: &str, level: Option<&str>, document: Option<&str>, path: Option<PathBuf>) -> PyResult<PyObject> {
    guard(|| {
        let period = parse_period(period)?;
        let level = level.map(|l| l.parse::<Level>().map_err(|expected| ChitieuError::new_err(format!("unknown level '{l}': expected {expected}")))).transpose()?;
        let t = Template::new(&catalogue.0, &units.0, period, level, document).map_err(|e| core_error(py, &e))?;
        if let Some(path) = &path {
            py.allow_threads(|| t.to_xlsx().and_then(|b| chitieu_core::workbook::save(path, &b))).map_err(|e| core_error(py, &e))?;
        }
        let d = PyDict::new_bound(py);
        d.set_item("header", t.header())?;
        let fixed = t.fixed();
        let names: Vec<&str> = fixed.iter().map(|(_, n)| *n).chain(t.columns.iter().map(|c| c.name_vi.as_str())).collect();
        d.set_item("names_vi", names)?;
        d.set_item("unit_code", t.rows.iter().map(|r| r.0.clone()).collect::<Vec<_>>())?;
        d.set_item("unit_name", t.rows.iter().map(|r| r.1.clone()).collect::<Vec<_>>())?;
        d.set_item("period", t.rows.iter().map(|r| r.2.to_string()).collect::<Vec<_>>())?;
        if fixed.iter().any(|(id, _)| *id == "structure") {
            d.set_item("structure", t.rows.iter().map(|r| r.3.clone().unwrap_or_default()).collect::<Vec<_>>())?;
        }
        d.set_item("targets", t.columns.iter().map(|c| (c.variable.clone(), c.targets.clone())).collect::<Vec<_>>())?;
        Ok(d.into_py(py))
    })
}

/// Writes `data` to `path` by core's one rule for output files
/// (`chitieu_core::output`): a file whole or not at all, a link's target, a
/// device or pipe in place, a directory refused. The HTML reports use it.
#[pyfunction]
fn write_whole(py: Python<'_>, path: PathBuf, data: &[u8]) -> PyResult<()> {
    guard(|| py.allow_threads(|| chitieu_core::output::write_whole(&path, data)).map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("{}: cannot write the file: {e}", path.display()))))
}

/// For tests: proves that a panic reaches Python as ChitieuError.
#[pyfunction]
#[allow(clippy::panic)] // Its whole point: a test that a panic becomes ChitieuError.
fn _panic_for_tests() -> PyResult<()> {
    guard(|| panic!("a deliberate panic"))
}

#[pyfunction]
fn version() -> &'static str {
    chitieu_core::VERSION
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("ChitieuError", py.get_type_bound::<ChitieuError>())?;
    m.add("DataError", py.get_type_bound::<DataError>())?;
    m.add("CatalogueError", py.get_type_bound::<CatalogueError>())?;
    // Attributes default to None on the classes, so they always exist.
    for a in ["file", "row", "column", "sheet", "cell", "value", "expected", "message"] {
        py.get_type_bound::<DataError>().setattr(a, py.None())?;
    }
    for a in ["file", "path", "message"] {
        py.get_type_bound::<CatalogueError>().setattr(a, py.None())?;
    }
    m.add_class::<PyCatalogue>()?;
    m.add_class::<PyUnits>()?;
    m.add_class::<PyDataset>()?;
    m.add_class::<PyEvaluation>()?;
    m.add_class::<PyConversion>()?;
    m.add_class::<arrow::PyArrowTable>()?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(convert, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(sample, m)?)?;
    m.add_function(wrap_pyfunction!(template, m)?)?;
    m.add_function(wrap_pyfunction!(status_words, m)?)?;
    m.add_function(wrap_pyfunction!(write_whole, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_class::<recognition::PyInputs>()?;
    m.add_class::<recognition::PyReport>()?;
    m.add_function(wrap_pyfunction!(recognition::sample_programme, m)?)?;
    m.add_function(wrap_pyfunction!(recognition::select, m)?)?;
    m.add_function(wrap_pyfunction!(recognition::certify, m)?)?;
    m.add_function(wrap_pyfunction!(recognition::programme, m)?)?;
    m.add_function(wrap_pyfunction!(recognition::read_log, m)?)?;
    m.add_function(wrap_pyfunction!(recognition::decision_words, m)?)?;
    Ok(())
}
