//! Handles: catalogue, unit registry, dataset, evaluation result.
//!
//! A handle is immutable once created: any number of threads may use the same
//! handle at once, as long as none of them frees it meanwhile.

use std::collections::HashMap;
use std::os::raw::c_char;
use std::path::Path;
use std::sync::OnceLock;

use chitieu_core::catalogue::{Catalogue, Mode};
use chitieu_core::evaluation::{evaluate, Evaluation, UnitFilter};
use chitieu_core::observations::Dataset;
use chitieu_core::{Period, UnitRegistry};
use serde_json::Value;

use crate::chitieu_status::{self, *};
use crate::error::{guard, Fail};
use crate::text::{handle, out, put_handle, put_utf8, utf8};
use crate::{chitieu_lang, chitieu_outcome_status};

/// A catalogue of documents and targets (opaque).
pub struct chitieu_catalogue {
    /// Shared with the results made from it (no copy per evaluation).
    pub(crate) inner: std::sync::Arc<Catalogue>,
}

/// A registry of administrative units (opaque).
pub struct chitieu_units {
    pub(crate) inner: UnitRegistry,
}

/// A validated set of observations (opaque).
pub struct chitieu_dataset {
    pub(crate) inner: Dataset,
}

/// The result of one evaluation (opaque).
pub struct chitieu_result {
    inner: Evaluation,
    /// The public JSON text, per language and layout (compact, pretty), made on first use.
    json: [OnceLock<String>; 4],
    /// Target -> unit -> the index of its first outcome, made on the first
    /// `chitieu_result_find`: a host looking up each unit's outcomes in a
    /// national result must not read them all for every lookup.
    found: OnceLock<HashMap<String, HashMap<String, usize>>>,
}

/// How a catalogue file is combined with the built-in one: a
/// `CHITIEU_CATALOGUE_*` value.
pub type chitieu_catalogue_mode = i32;
/// The file's documents are added to the five built-in ones (a document with
/// an existing id replaces it).
pub const CHITIEU_CATALOGUE_ADD_TO_BUILTIN: chitieu_catalogue_mode = 0;
/// The file's documents replace the built-in catalogue.
pub const CHITIEU_CATALOGUE_REPLACE: chitieu_catalogue_mode = 1;

/// Flags of `chitieu_result_json`.
pub type chitieu_json_flags = i32;
/// Indented JSON ending with a newline, byte for byte what the command line
/// writes, rather than one line.
pub const CHITIEU_JSON_PRETTY: chitieu_json_flags = 1;

pub(crate) unsafe fn free_box<T>(p: *mut T) {
    if !p.is_null() {
        let _ = crate::error::quietly(|| drop(Box::from_raw(p)));
    }
}

// ---------------------------------------------------------------- catalogue

/// Creates the built-in catalogue (the five documents of Quảng Ninh) into
/// `*out`. Free it with `chitieu_catalogue_free`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_catalogue_builtin(out: *mut *mut chitieu_catalogue) -> chitieu_status {
    guard(|| put_handle(out, "out", || Ok(chitieu_catalogue { inner: std::sync::Arc::new(Catalogue::builtin()) })))
}

/// Loads a catalogue from `path` (a `.toml` file, or a directory whose
/// `.toml` files are read in name order), added to the built-in documents
/// (`CHITIEU_CATALOGUE_ADD_TO_BUILTIN`) or replacing them
/// (`CHITIEU_CATALOGUE_REPLACE`). On failure `*out` is NULL and the status is
/// CHITIEU_CATALOGUE_ERROR (the message names the file and the key path).
#[no_mangle]
pub unsafe extern "C" fn chitieu_catalogue_from_path(path: *const c_char, mode: chitieu_catalogue_mode, out: *mut *mut chitieu_catalogue) -> chitieu_status {
    guard(|| {
        put_handle(out, "out", || {
            let path = utf8(path, "path")?;
            let mode = match mode {
                CHITIEU_CATALOGUE_ADD_TO_BUILTIN => Mode::AddToBuiltin,
                CHITIEU_CATALOGUE_REPLACE => Mode::Replace,
                m => return Err(Fail::new(CHITIEU_INVALID_ARGUMENT, format!("unknown catalogue mode {m}: expected CHITIEU_CATALOGUE_ADD_TO_BUILTIN (0) or CHITIEU_CATALOGUE_REPLACE (1)"))),
            };
            Ok(chitieu_catalogue { inner: std::sync::Arc::new(Catalogue::from_paths(&[Path::new(path)], mode)?) })
        })
    })
}

/// Frees a catalogue. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn chitieu_catalogue_free(catalogue: *mut chitieu_catalogue) {
    free_box(catalogue)
}

/// The number of targets of the catalogue, into `*count`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_catalogue_target_count(catalogue: *const chitieu_catalogue, count: *mut usize) -> chitieu_status {
    guard(|| {
        let c = handle(catalogue, "catalogue")?;
        *out(count, "count")? = c.inner.targets().len();
        Ok(())
    })
}

/// The id of target number `index` (0-based, catalogue order), e.g.
/// "nq314.crime.clearance_rate", two-call pattern (`*needed` in bytes
/// including the NUL). CHITIEU_INVALID_ARGUMENT when `index` >= the count.
#[no_mangle]
pub unsafe extern "C" fn chitieu_catalogue_target_id(catalogue: *const chitieu_catalogue, index: usize, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let c = handle(catalogue, "catalogue")?;
        let t = c.inner.targets().get(index).ok_or_else(|| index_error(index, c.inner.targets().len(), "targets"))?;
        put_utf8(&t.target.id, buf, capacity, needed)
    })
}

/// The catalogue as the public JSON listing (`chitieu_version`, `documents`,
/// `targets` with their document, clause, verbatim phrase, rule and rule in
/// words, `warnings`), in `lang`: the document the command line's
/// `catalogue --format json` prints. `flags`: 0 for one line,
/// CHITIEU_JSON_PRETTY for the command line's indented text. Two-call pattern.
#[no_mangle]
pub unsafe extern "C" fn chitieu_catalogue_json(catalogue: *const chitieu_catalogue, lang: chitieu_lang, flags: chitieu_json_flags, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let c = handle(catalogue, "catalogue")?;
        let v = c.inner.to_json(None, crate::lang(lang)?);
        put_utf8(&json_text(&v, flags)?, buf, capacity, needed)
    })
}

/// JSON text as the command line writes it (pretty, with a final newline) or on one line.
pub(crate) fn json_text(v: &Value, flags: chitieu_json_flags) -> Result<String, Fail> {
    let r = if flags & CHITIEU_JSON_PRETTY != 0 { serde_json::to_string_pretty(v).map(|s| s + "\n") } else { serde_json::to_string(v) };
    r.map_err(|e| Fail::new(CHITIEU_INTERNAL_ERROR, e.to_string()))
}

/// One key of a JSON object as text: strings without quotes, other values as
/// compact JSON; CHITIEU_NOT_FOUND for a key that is absent (`kind`: "an
/// outcome") or null (`this`: "outcome 3").
pub(crate) fn field_text(o: &Value, field: &str, kind: &str, this: &str) -> Result<String, Fail> {
    match o.get(field) {
        None => Err(Fail::new(CHITIEU_NOT_FOUND, format!("{kind} has no field '{field}'"))),
        Some(Value::Null) => Err(Fail::new(CHITIEU_NOT_FOUND, format!("{this} has no value for '{field}' (null)"))),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(other) => Ok(other.to_string()),
    }
}

pub(crate) fn index_error(index: usize, len: usize, what: &str) -> Fail {
    Fail::new(CHITIEU_INVALID_ARGUMENT, format!("index {index} is out of range: there are {len} {what}"))
}

// -------------------------------------------------------------------- units

/// Creates the built-in unit registry (Quảng Ninh in every structure: 2024,
/// the province, 13 districts, 177 communes; from 1/11/2024, 171 communes;
/// from 1/7/2025, the province and 54 communes) into `*out`. Free it with
/// `chitieu_units_free`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_units_builtin(out: *mut *mut chitieu_units) -> chitieu_status {
    guard(|| put_handle(out, "out", || Ok(chitieu_units { inner: UnitRegistry::builtin() })))
}

/// Reads a unit registry from a CSV file or a workbook (.xlsx, .xlsm, .xls,
/// .ods) with the columns `code,name,level,division_type,parent_code` (and
/// optionally `valid_from,valid_to`). A path ending in `#Sheet`
/// ("units.xlsx#Xã") names the sheet; otherwise the first sheet whose header
/// names those columns is read. CHITIEU_DATA_ERROR names the row and column
/// of a bad cell (`chitieu_last_error_sheet` / `_cell` in a workbook).
#[no_mangle]
pub unsafe extern "C" fn chitieu_units_from_csv_path(path: *const c_char, out: *mut *mut chitieu_units) -> chitieu_status {
    guard(|| put_handle(out, "out", || Ok(chitieu_units { inner: UnitRegistry::from_csv_path(Path::new(utf8(path, "path")?))? })))
}

/// Reads a unit registry from CSV text in memory; `name` (may be NULL) names
/// it in error messages.
#[no_mangle]
pub unsafe extern "C" fn chitieu_units_from_csv_text(text: *const c_char, name: *const c_char, out: *mut *mut chitieu_units) -> chitieu_status {
    guard(|| {
        put_handle(out, "out", || {
            let text = utf8(text, "text")?;
            let name = opt_name(name, "units.csv")?;
            Ok(chitieu_units { inner: UnitRegistry::from_csv_str(text, name)? })
        })
    })
}

/// Frees a unit registry. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn chitieu_units_free(units: *mut chitieu_units) {
    free_box(units)
}

pub(crate) unsafe fn opt_name(name: *const c_char, default: &str) -> Result<&str, Fail> {
    if name.is_null() {
        Ok(default)
    } else {
        utf8(name, "name")
    }
}

// ------------------------------------------------------------------ dataset

/// Reads observations from a CSV file (wide: `unit_code,period,<variable>...`,
/// or long: `unit_code,period,variable,value`; separated by `,` `;` or tab;
/// UTF-8 or UTF-16), a `.json` file, or a workbook (.xlsx, .xlsm, .xls,
/// .ods): a path ending in `#Sheet` ("SoLieu.xlsx#Huyện") names the sheet,
/// otherwise the first sheet whose header names `unit_code` and `period` is
/// read, the header found even below a title block. Checked against the
/// catalogue's variables and the unit registry. A blank cell is missing,
/// never zero. CHITIEU_DATA_ERROR names the file, row, column, value and
/// what was expected (`chitieu_last_error_row` / `_column` give row and
/// column, `chitieu_last_error_sheet` / `_cell` the sheet and cell of a
/// workbook, such as "Huyện" and "F12").
#[no_mangle]
pub unsafe extern "C" fn chitieu_dataset_from_path(catalogue: *const chitieu_catalogue, units: *const chitieu_units, path: *const c_char, out: *mut *mut chitieu_dataset) -> chitieu_status {
    guard(|| {
        put_handle(out, "out", || {
            let c = handle(catalogue, "catalogue")?;
            let u = handle(units, "units")?;
            let path = utf8(path, "path")?;
            Ok(chitieu_dataset { inner: Dataset::from_path(Path::new(path), &c.inner, &u.inner)? })
        })
    })
}

/// Reads observations from CSV text in memory (same forms as
/// `chitieu_dataset_from_path`); `name` (may be NULL) names it in errors.
#[no_mangle]
pub unsafe extern "C" fn chitieu_dataset_from_csv_text(catalogue: *const chitieu_catalogue, units: *const chitieu_units, text: *const c_char, name: *const c_char, out: *mut *mut chitieu_dataset) -> chitieu_status {
    guard(|| {
        put_handle(out, "out", || {
            let c = handle(catalogue, "catalogue")?;
            let u = handle(units, "units")?;
            let text = utf8(text, "text")?;
            let name = opt_name(name, "data.csv")?;
            Ok(chitieu_dataset { inner: Dataset::from_csv_str(text, name, &c.inner, &u.inner)? })
        })
    })
}

/// Reads observations from JSON text in memory: an array of records or
/// `{"observations": [...]}`, each wide or long; `name` (may be NULL) names
/// it in errors (the row of an error is the 1-based record number).
#[no_mangle]
pub unsafe extern "C" fn chitieu_dataset_from_json_text(catalogue: *const chitieu_catalogue, units: *const chitieu_units, text: *const c_char, name: *const c_char, out: *mut *mut chitieu_dataset) -> chitieu_status {
    guard(|| {
        put_handle(out, "out", || {
            let c = handle(catalogue, "catalogue")?;
            let u = handle(units, "units")?;
            let text = utf8(text, "text")?;
            let name = opt_name(name, "data.json")?;
            Ok(chitieu_dataset { inner: Dataset::from_json_str(text, name, &c.inner, &u.inner)? })
        })
    })
}

/// The built-in SYNTHETIC sample (2016-2025, the province, its districts and
/// communes, 2025 half in each structure, every variable of the built-in catalogue; not real figures):
/// for trying chitieu out. Every result made from it carries the warning
/// "synthetic_data" and `"dataset": {"synthetic": true}` in its JSON. Use it
/// with the built-in catalogue and units.
#[no_mangle]
pub unsafe extern "C" fn chitieu_dataset_sample(out: *mut *mut chitieu_dataset) -> chitieu_status {
    guard(|| put_handle(out, "out", || Ok(chitieu_dataset { inner: chitieu_core::sample::dataset() })))
}

/// The number of observations of a dataset, into `*count`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_dataset_len(dataset: *const chitieu_dataset, count: *mut usize) -> chitieu_status {
    guard(|| {
        let d = handle(dataset, "dataset")?;
        *out(count, "count")? = d.inner.len();
        Ok(())
    })
}

/// Frees a dataset. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn chitieu_dataset_free(dataset: *mut chitieu_dataset) {
    free_box(dataset)
}

// --------------------------------------------------------------- evaluation

unsafe fn run(catalogue: *const chitieu_catalogue, units: *const chitieu_units, dataset: *const chitieu_dataset, period: *const c_char, filter: impl FnOnce() -> Result<UnitFilter, Fail>, out: *mut *mut chitieu_result) -> Result<(), Fail> {
    put_handle(out, "out", || {
        let c = handle(catalogue, "catalogue")?;
        let u = handle(units, "units")?;
        let d = handle(dataset, "dataset")?;
        let p = utf8(period, "period")?;
        let period: Period = p.parse().map_err(|e| {
            Fail::new(CHITIEU_PARSE_ERROR, format!("{e}: expected a year (2023), a quarter (2023-Q2), a month (2023-05), a span (2016-2020) or a date (2024-12-15), found '{p}'"))
        })?;
        let ev = evaluate(&c.inner, &u.inner, &d.inner, period, &filter()?)?;
        Ok(chitieu_result { inner: ev, json: Default::default(), found: OnceLock::new() })
    })
}

/// Evaluates every target that binds the selected units in `period` ("2023",
/// "2021-2025"...). `unit_codes` is an array of `unit_count` NUL-terminated
/// unit codes; with `unit_count` 0 (and `unit_codes` may then be NULL) the
/// registry's root, the province, is evaluated. An unknown unit code gives
/// CHITIEU_NOT_FOUND with a "did you mean". Free the result with
/// `chitieu_result_free`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_evaluate(
    catalogue: *const chitieu_catalogue,
    units: *const chitieu_units,
    dataset: *const chitieu_dataset,
    period: *const c_char,
    unit_codes: *const *const c_char,
    unit_count: usize,
    out: *mut *mut chitieu_result,
) -> chitieu_status {
    guard(|| {
        let filter = || {
            if unit_count == 0 {
                return Ok(UnitFilter::Root);
            }
            if unit_codes.is_null() {
                return Err(Fail::null("unit_codes"));
            }
            let codes = (0..unit_count)
                .map(|i| utf8(*unit_codes.add(i), &format!("unit_codes[{i}]")).map(str::to_string))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(UnitFilter::Codes(codes))
        };
        run(catalogue, units, dataset, period, filter, out)
    })
}

/// Evaluates every target for every unit of the registry in `period`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_evaluate_all(catalogue: *const chitieu_catalogue, units: *const chitieu_units, dataset: *const chitieu_dataset, period: *const c_char, out: *mut *mut chitieu_result) -> chitieu_status {
    guard(|| run(catalogue, units, dataset, period, || Ok(UnitFilter::All), out))
}

/// Frees a result. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn chitieu_result_free(result: *mut chitieu_result) {
    free_box(result)
}

impl chitieu_result {
    /// The document's text (two calls of the two-call pattern make it once).
    fn json(&self, lang: chitieu_core::Lang, flags: chitieu_json_flags) -> Result<&str, Fail> {
        let pretty = flags & CHITIEU_JSON_PRETTY != 0;
        let i = usize::from(lang == chitieu_core::Lang::En) * 2 + usize::from(pretty);
        let slot = self.json.get(i).ok_or_else(|| Fail::new(CHITIEU_INTERNAL_ERROR, "no such layout"))?;
        if let Some(t) = slot.get() {
            return Ok(t);
        }
        let text = if pretty { self.inner.to_json_text(lang) } else { json_text(&self.inner.to_json(lang), flags)? };
        Ok(slot.get_or_init(|| text))
    }
}

/// Writes the scorecard of a result as an Excel workbook (.xlsx) to `path`:
/// a summary sheet, one sheet per level (province, districts, communes) with
/// coloured statuses, exact values as numbers, requirement, margin, clause
/// and explanation, and the warnings, in `lang`; the same workbook as
/// `chitieu evaluate --out FILE.xlsx`. The file is written whole or not at
/// all (never half a workbook, and an existing file is replaced only when
/// the new one is complete). CHITIEU_INVALID_ARGUMENT when the file cannot
/// be written (the message says why).
#[no_mangle]
pub unsafe extern "C" fn chitieu_result_write_xlsx(result: *const chitieu_result, lang: chitieu_lang, path: *const c_char) -> chitieu_status {
    guard(|| {
        let r = handle(result, "result")?;
        let lang = crate::lang(lang)?;
        let path = utf8(path, "path")?;
        let bytes = chitieu_core::workbook::scorecard(&r.inner, lang)?;
        Ok(chitieu_core::workbook::save(Path::new(path), &bytes)?)
    })
}

/// The whole result as the public JSON document (`chitieu_version`,
/// `period`, `dataset`, `warnings`, `outcomes`, and `units_without_figures`:
/// units with none of the figures a document's targets need, listed once per
/// document instead of an outcome per target): the same document as the
/// command line's JSON output and the Python package, in `lang`. `flags`: 0
/// for one line, CHITIEU_JSON_PRETTY for the command line's indented text
/// (`chitieu evaluate --format json`, byte for byte). Two-call pattern
/// (`*needed` in bytes including the NUL).
#[no_mangle]
pub unsafe extern "C" fn chitieu_result_json(result: *const chitieu_result, lang: chitieu_lang, flags: chitieu_json_flags, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(result, "result")?;
        put_utf8(r.json(crate::lang(lang)?, flags)?, buf, capacity, needed)
    })
}

/// The number of outcomes (one per target and unit), into `*count`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_result_count(result: *const chitieu_result, count: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(result, "result")?;
        *out(count, "count")? = r.inner.outcomes.len();
        Ok(())
    })
}

/// The index of the outcome of `target` for `unit` (a unit code), into
/// `*index`. CHITIEU_NOT_FOUND when the result has none.
#[no_mangle]
pub unsafe extern "C" fn chitieu_result_find(result: *const chitieu_result, target: *const c_char, unit: *const c_char, index: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(result, "result")?;
        let target = utf8(target, "target")?;
        let unit = utf8(unit, "unit")?;
        let slot = out(index, "index")?;
        let found = r.found.get_or_init(|| {
            let mut m: HashMap<String, HashMap<String, usize>> = HashMap::new();
            for (i, o) in r.inner.outcomes.iter().enumerate() {
                m.entry(o.target().to_string()).or_default().entry(o.unit().to_string()).or_insert(i);
            }
            m
        });
        let i = found.get(target).and_then(|units| units.get(unit)).copied().ok_or_else(|| {
            Fail::new(CHITIEU_NOT_FOUND, format!("the result has no outcome of target '{target}' for unit '{unit}' (it does not bind this unit in period {})", r.inner.period))
        })?;
        *slot = i;
        Ok(())
    })
}

/// The status of outcome `index` as a `CHITIEU_OUTCOME_*` value (met 1,
/// not met 0, no data -1, not applicable -2), into `*status`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_result_outcome_status(result: *const chitieu_result, index: usize, status: *mut chitieu_outcome_status) -> chitieu_status {
    guard(|| {
        let r = handle(result, "result")?;
        let o = r.inner.outcomes.get(index).ok_or_else(|| index_error(index, r.inner.outcomes.len(), "outcomes"))?;
        *out(status, "status")? = crate::outcome_status(o.status);
        Ok(())
    })
}

/// One field of outcome `index` as text, two-call pattern (`*needed` in bytes
/// including the NUL). `field` is a key of the outcome's JSON object
/// ("target", "unit", "status", "actual", "margin", "required",
/// "explanation", "governing", "name", "clause", "period", "superseded_by",
/// "extended_from"...):
/// the text is the JSON value, strings without quotes ("met", "79",
/// "-1"), booleans as "true"/"false", objects and arrays as compact JSON.
/// Text in `lang`. CHITIEU_NOT_FOUND when the field is null (no actual value
/// when data is missing, no margin...) or is not a key of the outcome;
/// CHITIEU_INVALID_ARGUMENT when `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn chitieu_result_outcome_field(result: *const chitieu_result, index: usize, field: *const c_char, lang: chitieu_lang, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(result, "result")?;
        let field = utf8(field, "field")?;
        let lang = crate::lang(lang)?;
        let o = r.inner.outcomes.get(index).ok_or_else(|| index_error(index, r.inner.outcomes.len(), "outcomes"))?;
        put_utf8(&field_text(&o.to_json(lang), field, "an outcome", &format!("outcome {index}"))?, buf, capacity, needed)
    })
}

/// The number of warnings of a result (catalogue and data warnings, the
/// synthetic-data notice...), into `*count`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_result_warning_count(result: *const chitieu_result, count: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(result, "result")?;
        *out(count, "count")? = r.inner.warnings.len();
        Ok(())
    })
}

/// The message of warning `index` in `lang`, two-call pattern.
#[no_mangle]
pub unsafe extern "C" fn chitieu_result_warning(result: *const chitieu_result, index: usize, lang: chitieu_lang, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(result, "result")?;
        let lang = crate::lang(lang)?;
        let w = r.inner.warnings.get(index).ok_or_else(|| index_error(index, r.inner.warnings.len(), "warnings"))?;
        put_utf8(w.message(lang), buf, capacity, needed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn handles_can_be_shared_between_threads() {
        assert_send_sync::<chitieu_catalogue>();
        assert_send_sync::<chitieu_units>();
        assert_send_sync::<chitieu_dataset>();
        assert_send_sync::<chitieu_result>();
    }
}
