//! Drug-free recognition (Kế hoạch 50/KH-UBND): the dated inputs, selection,
//! certification, the programme report, read without a JSON parser, and the
//! decision log. Every decision is core's (`chitieu_core::certification`);
//! this file moves arguments in and core's report out.

use std::os::raw::c_char;
use std::path::Path;
use std::sync::OnceLock;

use chitieu_core::certification::log::{Decider, DecisionLog, LogEntry};
use chitieu_core::certification::window::{parse_date, NaiveDate};
use chitieu_core::certification::{self as cert, Decision, Inputs, Report, UnitDecision};
use chitieu_core::certification::CriterionOutcome;
use chitieu_core::Lang;
use serde_json::Value;

use crate::chitieu_status::{self, *};
use crate::error::{guard, Fail};
use crate::handles::{field_text, free_box, index_error, json_text, opt_name, chitieu_catalogue, chitieu_json_flags, chitieu_units};
use crate::text::{handle, out, put_handle, put_utf8, utf8};
use crate::{chitieu_lang, chitieu_outcome_status};

/// The dated facts of a recognition run (opaque): figures (observations
/// whose period is a day), events and the programme register.
pub struct chitieu_inputs {
    inner: Inputs,
}

/// The result of a selection, certification or programme run (opaque).
pub struct chitieu_report {
    inner: Report,
    /// The public JSON, per language, made on first use.
    json: [OnceLock<Value>; 2],
}

/// The verdict on one commune or district as an integer: a
/// `CHITIEU_DECISION_*` value. Positive values pass (certified, eligible);
/// zero and negative values do not.
pub type chitieu_decision = i32;
/// Certified drug-free (certification, keep-clean, programme).
pub const CHITIEU_DECISION_CERTIFIED: chitieu_decision = 1;
/// Eligible for the programme (selection).
pub const CHITIEU_DECISION_ELIGIBLE: chitieu_decision = 2;
/// Not certified: a deciding criterion is not met, or the register records
/// the recognition lost (the gaps say what stands in the way).
pub const CHITIEU_DECISION_NOT_CERTIFIED: chitieu_decision = 0;
/// Undecided: a figure a deciding criterion needs is missing (missing is
/// never zero), or no criterion applies.
pub const CHITIEU_DECISION_NO_DATA: chitieu_decision = 0 - 1;
/// Not eligible for the programme (selection).
pub const CHITIEU_DECISION_NOT_ELIGIBLE: chitieu_decision = 0 - 2;

fn decision(d: Decision) -> chitieu_decision {
    match d {
        Decision::Certified => CHITIEU_DECISION_CERTIFIED,
        Decision::Eligible => CHITIEU_DECISION_ELIGIBLE,
        Decision::NotCertified => CHITIEU_DECISION_NOT_CERTIFIED,
        Decision::NoData => CHITIEU_DECISION_NO_DATA,
        Decision::NotEligible => CHITIEU_DECISION_NOT_ELIGIBLE,
    }
}

// ------------------------------------------------------------------- inputs

/// An optional NUL-terminated UTF-8 argument.
unsafe fn opt_utf8<'a>(p: *const c_char, what: &str) -> Result<Option<&'a str>, Fail> {
    if p.is_null() {
        Ok(None)
    } else {
        utf8(p, what).map(Some)
    }
}

/// Reads the three inputs of a recognition run from files, each `.csv`,
/// `.json` or a workbook (.xlsx, .xlsm, .xls, .ods; `PATH#Sheet` names the
/// sheet, otherwise each input is read from the first sheet whose header it
/// recognises, so one workbook may hold all three) and each optional (NULL:
/// none, e.g. no events at all):
/// `figures_path` dated figures (`unit_code,period,<variable>...` with
/// `period` a day such as 2024-12-10), `events_path`
/// (`date,unit_code,kind,residence,severity,note`), `register_path` (the
/// programme register: `unit_code,track,entry_date,certified_on,lost_on` and
/// figures at entry `<variable>_at_entry`). Checked against the catalogue's
/// variables and event kinds and the unit registry: CHITIEU_DATA_ERROR names
/// the file, row, column, value and what was expected
/// (`chitieu_last_error_row` / `_column`). Free with `chitieu_inputs_free`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_inputs_from_paths(
    catalogue: *const chitieu_catalogue,
    units: *const chitieu_units,
    figures_path: *const c_char,
    events_path: *const c_char,
    register_path: *const c_char,
    out: *mut *mut chitieu_inputs,
) -> chitieu_status {
    guard(|| {
        put_handle(out, "out", || {
            let c = handle(catalogue, "catalogue")?;
            let u = handle(units, "units")?;
            let f = opt_utf8(figures_path, "figures_path")?.map(Path::new);
            let e = opt_utf8(events_path, "events_path")?.map(Path::new);
            let r = opt_utf8(register_path, "register_path")?.map(Path::new);
            Ok(chitieu_inputs { inner: Inputs::from_paths(f, e, r, &c.inner, &u.inner)? })
        })
    })
}

/// Reads the three inputs from texts in memory (forms as
/// `chitieu_inputs_from_paths`). Each text may be NULL (none). Each name
/// tells the form and names the text in errors: a name ending in ".json" is
/// JSON, any other CSV; a NULL name is "figures.csv", "events.csv",
/// "register.csv".
#[no_mangle]
pub unsafe extern "C" fn chitieu_inputs_from_texts(
    catalogue: *const chitieu_catalogue,
    units: *const chitieu_units,
    figures_text: *const c_char,
    figures_name: *const c_char,
    events_text: *const c_char,
    events_name: *const c_char,
    register_text: *const c_char,
    register_name: *const c_char,
    out: *mut *mut chitieu_inputs,
) -> chitieu_status {
    guard(|| {
        put_handle(out, "out", || {
            let c = handle(catalogue, "catalogue")?;
            let u = handle(units, "units")?;
            let source = |text: *const c_char, what: &str, name: *const c_char, default: &'static str| -> Result<Option<(&str, &str)>, Fail> {
                match opt_utf8(text, what)? {
                    Some(t) => Ok(Some((opt_name(name, default)?, t))),
                    None => Ok(None),
                }
            };
            let f = source(figures_text, "figures_text", figures_name, "figures.csv")?;
            let e = source(events_text, "events_text", events_name, "events.csv")?;
            let r = source(register_text, "register_text", register_name, "register.csv")?;
            Ok(chitieu_inputs { inner: Inputs::from_texts(f, e, r, &c.inner, &u.inner)? })
        })
    })
}

/// The built-in SYNTHETIC sample of the 2024 drug-free programme (34
/// keep-clean communes, 2 keep-clean districts, 42 make-clean communes
/// entering on 2024-05-01, some failing for different reasons; not real
/// figures). Every report made from it carries the warning "synthetic_data"
/// and `"dataset": {"synthetic": true}`. Use it with the built-in catalogue
/// and units.
#[no_mangle]
pub unsafe extern "C" fn chitieu_inputs_sample(out: *mut *mut chitieu_inputs) -> chitieu_status {
    guard(|| put_handle(out, "out", || Ok(chitieu_inputs { inner: chitieu_core::sample::programme::inputs()? })))
}

/// The SHA-256 (64 hex digits) of the normalised inputs, two-call pattern:
/// the `inputs_sha256` of every report and decision log entry made from them.
/// The order and layout of the files do not change it; any figure, date or
/// kind does.
#[no_mangle]
pub unsafe extern "C" fn chitieu_inputs_digest(inputs: *const chitieu_inputs, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let i = handle(inputs, "inputs")?;
        put_utf8(&i.inner.digest(), buf, capacity, needed)
    })
}

/// Frees inputs. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn chitieu_inputs_free(inputs: *mut chitieu_inputs) {
    free_box(inputs)
}

// --------------------------------------------------------------------- runs

/// A date argument: CHITIEU_PARSE_ERROR naming it when it is not a real YYYY-MM-DD.
fn date(text: &str, what: &str) -> Result<NaiveDate, Fail> {
    parse_date(text).map_err(|(m, e)| Fail::new(CHITIEU_PARSE_ERROR, format!("{what} '{text}': {m} (expected {e})")))
}

/// Checks the handles and the scheme (NULL: "kh50"), then makes the report.
unsafe fn run(
    catalogue: *const chitieu_catalogue,
    units: *const chitieu_units,
    inputs: *const chitieu_inputs,
    scheme: *const c_char,
    out: *mut *mut chitieu_report,
    make: impl FnOnce(&chitieu_catalogue, &chitieu_units, &Inputs, &str) -> Result<Report, Fail>,
) -> Result<(), Fail> {
    put_handle(out, "out", || {
        let c = handle(catalogue, "catalogue")?;
        let u = handle(units, "units")?;
        let i = handle(inputs, "inputs")?;
        let scheme = opt_name(scheme, "kh50")?;
        Ok(chitieu_report { inner: make(c, u, &i.inner, scheme)?, json: [OnceLock::new(), OnceLock::new()] })
    })
}

/// Selection at date `as_of` ("YYYY-MM-DD", the selection date S) under
/// `scheme` (the id of a document with criteria; NULL for "kh50"): every
/// commune eligible, not eligible or without data, with each criterion's
/// outcome (Mục II.4.1), and every district (Mục II.4.2). A date that does
/// not exist ("2024-02-30") gives CHITIEU_PARSE_ERROR naming it; a scheme
/// without criteria CHITIEU_NOT_FOUND. Free the report with
/// `chitieu_report_free`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_select(
    catalogue: *const chitieu_catalogue,
    units: *const chitieu_units,
    inputs: *const chitieu_inputs,
    scheme: *const c_char,
    as_of: *const c_char,
    out: *mut *mut chitieu_report,
) -> chitieu_status {
    guard(|| {
        run(catalogue, units, inputs, scheme, out, |c, u, i, s| {
            let d = date(utf8(as_of, "as_of")?, "as_of")?;
            Ok(cert::select(&c.inner, &u.inner, i, s, d)?)
        })
    })
}

/// Certification at review date `as_of` ("YYYY-MM-DD", the review date R):
/// every commune and district certified, not certified or without data, with
/// each criterion's outcome and, for those not certified, the gaps; a unit
/// holding an earlier recognition is judged by the keep-clean criteria. The
/// report also carries the programme targets of R's year. Arguments and
/// errors as `chitieu_select`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_certify(
    catalogue: *const chitieu_catalogue,
    units: *const chitieu_units,
    inputs: *const chitieu_inputs,
    scheme: *const c_char,
    as_of: *const c_char,
    out: *mut *mut chitieu_report,
) -> chitieu_status {
    guard(|| {
        run(catalogue, units, inputs, scheme, out, |c, u, i, s| {
            let d = date(utf8(as_of, "as_of")?, "as_of")?;
            Ok(cert::certify(&c.inner, &u.inner, i, s, d)?)
        })
    })
}

/// The programme report of `year`: certification at `as_of` ("YYYY-MM-DD";
/// NULL for 31 December of `year`), then the scheme's programme targets of
/// the year evaluated like any target. A review date outside `year` gives
/// CHITIEU_INVALID_ARGUMENT. Otherwise as `chitieu_certify`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_programme(
    catalogue: *const chitieu_catalogue,
    units: *const chitieu_units,
    inputs: *const chitieu_inputs,
    scheme: *const c_char,
    year: i32,
    as_of: *const c_char,
    out: *mut *mut chitieu_report,
) -> chitieu_status {
    guard(|| {
        run(catalogue, units, inputs, scheme, out, |c, u, i, s| {
            let d = opt_utf8(as_of, "as_of")?.map(|t| date(t, "as_of")).transpose()?;
            Ok(cert::programme(&c.inner, &u.inner, i, s, year, d)?)
        })
    })
}

/// Frees a report. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_free(report: *mut chitieu_report) {
    free_box(report)
}

// ------------------------------------------------------------------ reading

impl chitieu_report {
    fn json(&self, lang: Lang) -> &Value {
        let [vi, en] = &self.json;
        let cell = match lang {
            Lang::Vi => vi,
            Lang::En => en,
        };
        cell.get_or_init(|| self.inner.to_json(lang))
    }

    fn unit(&self, index: usize) -> Result<&UnitDecision, Fail> {
        let n = self.inner.communes.len() + self.inner.districts.len();
        self.inner.units().nth(index).ok_or_else(|| index_error(index, n, "units (communes and districts)"))
    }

    /// The JSON object of unit `index`.
    fn unit_json(&self, index: usize, lang: Lang) -> Result<&Value, Fail> {
        self.unit(index)?;
        let n = self.inner.communes.len();
        let v = self.json(lang);
        let (list, at) = if index < n { ("communes", index) } else { ("districts", index - n) };
        v.get(list).and_then(|l| l.get(at)).ok_or_else(|| index_error(index, self.inner.communes.len() + self.inner.districts.len(), "units (communes and districts)"))
    }

    fn criterion(&self, unit: usize, criterion: usize) -> Result<&CriterionOutcome, Fail> {
        let u = self.unit(unit)?;
        u.criteria.get(criterion).ok_or_else(|| index_error(criterion, u.criteria.len(), &format!("criteria for unit {}", u.unit)))
    }

    /// The JSON object of criterion `criterion` of unit `unit`.
    fn criterion_json(&self, unit: usize, criterion: usize, lang: Lang) -> Result<&Value, Fail> {
        self.criterion(unit, criterion)?;
        let u = self.unit_json(unit, lang)?;
        u.get("criteria").and_then(|c| c.get(criterion)).ok_or_else(|| index_error(criterion, 0, &format!("criteria for unit {unit}")))
    }
}

/// Writes the report as an Excel workbook (.xlsx) to `path`: a summary, the
/// communes, the districts, every criterion, the gaps, the programme targets
/// and the warnings, in `lang`; the same workbook as `chitieu
/// select|certify|programme --out FILE.xlsx`. Written whole or not at all;
/// CHITIEU_INVALID_ARGUMENT when the file cannot be written.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_write_xlsx(report: *const chitieu_report, lang: chitieu_lang, path: *const c_char) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let lang = crate::lang(lang)?;
        let path = utf8(path, "path")?;
        let bytes = chitieu_core::workbook::recognition(&r.inner, lang)?;
        Ok(chitieu_core::workbook::save(Path::new(path), &bytes)?)
    })
}

/// The whole report as the public JSON document (`chitieu_version`,
/// `operation`, `scheme`, `document`, `catalogue`, `as_of`, `year`,
/// `dataset` with `inputs_sha256`, `warnings`, `summary`, `communes`,
/// `districts`, `programme`) in `lang`: the document of the command line's
/// `chitieu select|certify|programme --format json` (byte for byte with
/// CHITIEU_JSON_PRETTY; 0 for one line) and of the Python package.
/// Two-call pattern (`*needed` in bytes including the NUL).
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_json(report: *const chitieu_report, lang: chitieu_lang, flags: chitieu_json_flags, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let v = r.json(crate::lang(lang)?);
        put_utf8(&json_text(v, flags)?, buf, capacity, needed)
    })
}

/// The number of units judged, into `*count`: every commune of the registry
/// then every district. Unit indexes of the other `chitieu_report_*`
/// functions run over them in that order (0-based).
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_unit_count(report: *const chitieu_report, count: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        *out(count, "count")? = r.inner.communes.len() + r.inner.districts.len();
        Ok(())
    })
}

/// The index of the unit whose code is `code` ("06808"), into `*index`.
/// CHITIEU_NOT_FOUND when the report has no such unit.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_find_unit(report: *const chitieu_report, code: *const c_char, index: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let code = utf8(code, "code")?;
        let slot = out(index, "index")?;
        *slot = r.inner.units().position(|u| u.unit == code).ok_or_else(|| Fail::new(CHITIEU_NOT_FOUND, format!("the report has no commune or district with code '{code}'")))?;
        Ok(())
    })
}

/// The code of unit `unit` ("06808"), two-call pattern.
/// CHITIEU_INVALID_ARGUMENT when `unit` is out of range.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_unit_code(report: *const chitieu_report, unit: usize, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        put_utf8(&r.unit(unit)?.unit, buf, capacity, needed)
    })
}

/// The verdict on unit `unit` as a `CHITIEU_DECISION_*` value (certified 1,
/// eligible 2, not certified 0, no data -1, not eligible -2), into `*status`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_unit_status(report: *const chitieu_report, unit: usize, status: *mut chitieu_decision) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let d = decision(r.unit(unit)?.status);
        *out(status, "status")? = d;
        Ok(())
    })
}

/// One field of unit `unit` as text, two-call pattern. `field` is a key of
/// the unit's JSON object ("unit", "name", "level", "district",
/// "district_name", "stage", "track", "entry_date", "certified_on",
/// "lost_on", "status", "criteria", "gaps"): strings without quotes, other
/// values as compact JSON. Text in `lang`. CHITIEU_NOT_FOUND when the field
/// is null (no district for a district, no entry date outside the
/// programme...) or is not a key of a unit.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_unit_field(report: *const chitieu_report, unit: usize, field: *const c_char, lang: chitieu_lang, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let field = utf8(field, "field")?;
        let o = r.unit_json(unit, crate::lang(lang)?)?;
        put_utf8(&field_text(o, field, "a unit", &format!("unit {unit}"))?, buf, capacity, needed)
    })
}

/// The number of criteria judged for unit `unit` (those of its stage and
/// level that apply to it), into `*count`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_criterion_count(report: *const chitieu_report, unit: usize, count: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let n = r.unit(unit)?.criteria.len();
        *out(count, "count")? = n;
        Ok(())
    })
}

/// The index among unit `unit`'s criteria of the criterion `id`
/// ("kh50.select.commune.addicts_lt_10"), into `*index`. CHITIEU_NOT_FOUND
/// when it was not judged for this unit.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_find_criterion(report: *const chitieu_report, unit: usize, id: *const c_char, index: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let u = r.unit(unit)?;
        let id = utf8(id, "id")?;
        let slot = out(index, "index")?;
        *slot = u.criteria.iter().position(|c| c.id == id).ok_or_else(|| {
            Fail::new(CHITIEU_NOT_FOUND, format!("criterion '{id}' was not judged for unit {} ({}, stage {:?})", u.unit, u.name, u.stage))
        })?;
        Ok(())
    })
}

/// The id of criterion `criterion` of unit `unit`, two-call pattern.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_criterion_id(report: *const chitieu_report, unit: usize, criterion: usize, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        put_utf8(&r.criterion(unit, criterion)?.id, buf, capacity, needed)
    })
}

/// The status of criterion `criterion` of unit `unit` as a
/// `CHITIEU_OUTCOME_*` value (met 1, not met 0, no data -1, not applicable
/// -2), into `*status`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_criterion_status(report: *const chitieu_report, unit: usize, criterion: usize, status: *mut chitieu_outcome_status) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let s = crate::outcome_status(r.criterion(unit, criterion)?.status);
        *out(status, "status")? = s;
        Ok(())
    })
}

/// What criterion `criterion` of unit `unit` found, in words with its
/// figures ("9 người nghiện < 10..."), in `lang`, two-call pattern.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_criterion_detail(report: *const chitieu_report, unit: usize, criterion: usize, lang: chitieu_lang, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let lang = crate::lang(lang)?;
        put_utf8(r.criterion(unit, criterion)?.detail(lang), buf, capacity, needed)
    })
}

/// One field of criterion `criterion` of unit `unit` as text, two-call
/// pattern, as `chitieu_report_unit_field`: a key of the criterion's JSON
/// object ("id", "name", "clause", "status", "decides", "alternative",
/// "detail", "interpretation", "parts"). CHITIEU_NOT_FOUND when null or not
/// a key.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_criterion_field(
    report: *const chitieu_report,
    unit: usize,
    criterion: usize,
    field: *const c_char,
    lang: chitieu_lang,
    buf: *mut c_char,
    capacity: usize,
    needed: *mut usize,
) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let field = utf8(field, "field")?;
        let o = r.criterion_json(unit, criterion, crate::lang(lang)?)?;
        put_utf8(&field_text(o, field, "a criterion", &format!("criterion {criterion} of unit {unit}"))?, buf, capacity, needed)
    })
}

/// The number of requirements (parts) of criterion `criterion` of unit
/// `unit`, into `*count`: most criteria have one.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_part_count(report: *const chitieu_report, unit: usize, criterion: usize, count: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let n = r.criterion(unit, criterion)?.parts.len();
        *out(count, "count")? = n;
        Ok(())
    })
}

/// One field of requirement `part` of criterion `criterion` of unit `unit`
/// as text, two-call pattern, as `chitieu_report_unit_field`: a key of the
/// part's JSON object ("name", "status", "detail", "actual", "required",
/// "margin", "window", "events"...; numbers as exact decimal text such as
/// "9"). CHITIEU_NOT_FOUND when null (no actual value when a figure is
/// missing...) or not a key.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_part_field(
    report: *const chitieu_report,
    unit: usize,
    criterion: usize,
    part: usize,
    field: *const c_char,
    lang: chitieu_lang,
    buf: *mut c_char,
    capacity: usize,
    needed: *mut usize,
) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let field = utf8(field, "field")?;
        let c = r.criterion(unit, criterion)?;
        if part >= c.parts.len() {
            return Err(index_error(part, c.parts.len(), &format!("parts in criterion {}", c.id)));
        }
        let o = r.criterion_json(unit, criterion, crate::lang(lang)?)?.get("parts").and_then(|p| p.get(part)).unwrap_or(&Value::Null);
        put_utf8(&field_text(o, field, "a part", &format!("part {part} of criterion {}", c.id))?, buf, capacity, needed)
    })
}

/// The number of gaps of unit `unit`, into `*count`: what stands in the way
/// of a unit not certified or not eligible (0 for one that passes).
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_gap_count(report: *const chitieu_report, unit: usize, count: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let n = r.unit(unit)?.gaps.len();
        *out(count, "count")? = n;
        Ok(())
    })
}

fn gap(r: &chitieu_report, unit: usize, index: usize) -> Result<&cert::Gap, Fail> {
    let u = r.unit(unit)?;
    u.gaps.get(index).ok_or_else(|| index_error(index, u.gaps.len(), &format!("gaps for unit {}", u.unit)))
}

/// Gap `gap` of unit `unit` in words, in `lang` ("cần quản lý thêm 2 người
/// sử dụng..."), two-call pattern.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_gap_text(report: *const chitieu_report, unit: usize, gap: usize, lang: chitieu_lang, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let lang = crate::lang(lang)?;
        put_utf8(self::gap(r, unit, gap)?.text(lang), buf, capacity, needed)
    })
}

/// The id of the criterion gap `gap` of unit `unit` is about ("register" for
/// a recognition the register records lost), two-call pattern.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_gap_criterion(report: *const chitieu_report, unit: usize, gap: usize, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        put_utf8(&self::gap(r, unit, gap)?.criterion, buf, capacity, needed)
    })
}

/// The number of warnings of a report (the synthetic-data notice, data
/// warnings, a register that disagrees with the roadmap...), into `*count`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_warning_count(report: *const chitieu_report, count: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        *out(count, "count")? = r.inner.warnings.len();
        Ok(())
    })
}

/// The message of warning `index` of a report in `lang`, two-call pattern.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_warning(report: *const chitieu_report, index: usize, lang: chitieu_lang, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let lang = crate::lang(lang)?;
        let w = r.inner.warnings.get(index).ok_or_else(|| index_error(index, r.inner.warnings.len(), "warnings"))?;
        put_utf8(w.message(lang), buf, capacity, needed)
    })
}

// ------------------------------------------------------------- decision log

/// Appends this run to the decision log at `log_path` (JSON Lines, created
/// if absent; never rewritten: after a line torn by a crash the entry starts
/// on a fresh line), decided by `by` ("ROLE: NAME", e.g. "Trưởng Ban Chỉ
/// đạo 138/QN: Nguyễn Văn A"), stamped now (UTC), with the inputs' SHA-256
/// and every unit's and criterion's outcome: the entry
/// `chitieu certify --record LOG --by ...` writes. The line number of the
/// entry (1-based) goes into `*line` (may be NULL). `by` without a role and
/// a name gives CHITIEU_INVALID_ARGUMENT; a log that cannot be read or
/// written, or a file that is not a decision log (left untouched),
/// CHITIEU_DATA_ERROR naming the file. The log is locked while the line is
/// written, so concurrent writers (threads or processes) each get their own
/// line and its true number.
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_record(report: *const chitieu_report, log_path: *const c_char, by: *const c_char, line: *mut usize) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let path = Path::new(utf8(log_path, "log_path")?);
        let by: Decider = utf8(by, "by")?.parse().map_err(|m: String| Fail::new(CHITIEU_INVALID_ARGUMENT, format!("by: {m}")))?;
        let n = DecisionLog::append(path, &LogEntry::new(&r.inner, by))?.line;
        if !line.is_null() {
            *line = n;
        }
        Ok(())
    })
}

/// What changed since the last run of the report's scheme recorded in the
/// decision log at `log_path`: the JSON document the command line adds as
/// `changes_since_record` (`chitieu certify --since LOG`): `recorded_as_of`,
/// `recorded_at`, `decided_by`, `inputs_changed`, and `changes` (units whose
/// status changed, with the criteria that changed). CHITIEU_NOT_FOUND when the
/// log holds no run of the scheme; CHITIEU_DATA_ERROR when it does not exist,
/// cannot be read or is not a decision log.
/// Two-call pattern (`*needed` in bytes including the NUL).
#[no_mangle]
pub unsafe extern "C" fn chitieu_report_compare_json(
    report: *const chitieu_report,
    log_path: *const c_char,
    flags: chitieu_json_flags,
    buf: *mut c_char,
    capacity: usize,
    needed: *mut usize,
) -> chitieu_status {
    guard(|| {
        let r = handle(report, "report")?;
        let path = Path::new(utf8(log_path, "log_path")?);
        let log = DecisionLog::open(path)?;
        let last = log
            .last(&r.inner.scheme)
            .ok_or_else(|| Fail::new(CHITIEU_NOT_FOUND, format!("{}: no recorded run of scheme '{}'", path.display(), r.inner.scheme)))?;
        put_utf8(&json_text(&cert::log::compare(last, &r.inner).to_json(), flags)?, buf, capacity, needed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn handles_can_be_shared_between_threads() {
        assert_send_sync::<chitieu_inputs>();
        assert_send_sync::<chitieu_report>();
    }

    #[test]
    fn decisions_that_pass_are_positive() {
        for d in [Decision::Eligible, Decision::NotEligible, Decision::Certified, Decision::NotCertified, Decision::NoData] {
            assert_eq!(decision(d) > 0, matches!(d, Decision::Eligible | Decision::Certified), "{d:?}");
        }
    }
}
