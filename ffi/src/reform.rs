//! Across the administrative reforms (issue 9): unit registries of several
//! structures with their lineage, the structure in force on a date, a unit's
//! history, and the conversion of figures between structures. Every answer
//! comes from chitieu-core; the JSON texts are the command line's.

use std::os::raw::c_char;
use std::path::Path;

use chitieu_core::certification::window::parse_date;
use chitieu_core::conversion::{convert, Conversion, Shares};

use crate::chitieu_status::{self, *};
use crate::error::{guard, Fail};
use crate::handles::{chitieu_catalogue, chitieu_dataset, chitieu_json_flags, chitieu_units, free_box, json_text};
use crate::text::{handle, put_handle, put_utf8, utf8};
use crate::chitieu_lang;

/// The result of a conversion (opaque): the converted figures, their sources,
/// and what could not be converted and why.
pub struct chitieu_conversion {
    inner: Conversion,
    catalogue: std::sync::Arc<chitieu_core::catalogue::Catalogue>,
}

unsafe fn paths<'a>(list: *const *const c_char, n: usize, what: &str) -> Result<Vec<&'a Path>, Fail> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if list.is_null() {
        return Err(Fail::null(what));
    }
    (0..n).map(|i| utf8(*list.add(i), &format!("{what}[{i}]")).map(Path::new)).collect()
}

unsafe fn day(text: *const c_char, what: &str) -> Result<chitieu_core::certification::window::NaiveDate, Fail> {
    let t = utf8(text, what)?;
    parse_date(t).map_err(|(m, e)| Fail::new(CHITIEU_PARSE_ERROR, format!("{what} '{t}': {m} (expected {e})")))
}

/// Loads a registry of one or several structures: `unit_paths` (`unit_count`
/// unit lists `code,name,level,division_type,parent_code`, oldest first) and
/// `lineage_paths` (`lineage_count` lineage files
/// `effective,old_code,new_code,kind,...`). With no unit list, the built-in
/// structures of Quảng Ninh (2024, from 1/11/2024, from 1/7/2025) with the
/// built-in lineage and the given lineage files laid over it (to supply
/// Phường Yết Kiêu's successor, say); with unit lists, those lists and only
/// the given lineage. A list may be NULL when its count is 0.
/// CHITIEU_DATA_ERROR names the file, row and column of a problem.
#[no_mangle]
pub unsafe extern "C" fn chitieu_units_load(unit_paths: *const *const c_char, unit_count: usize, lineage_paths: *const *const c_char, lineage_count: usize, out: *mut *mut chitieu_units) -> chitieu_status {
    guard(|| {
        put_handle(out, "out", || {
            let u = paths(unit_paths, unit_count, "unit_paths")?;
            let l = paths(lineage_paths, lineage_count, "lineage_paths")?;
            Ok(chitieu_units { inner: chitieu_core::structures::load_paths(&u, &l)? })
        })
    })
}

/// The structure in force on `as_of` ("2025-07-01") as JSON: `{"as_of",
/// "structure", "structures": [{"label", "from", "to", "provinces",
/// "districts", "communes"}], "units": [{"code", "name", "level",
/// "division_type", "parent", "valid_from", "valid_to"}]}`, the document of
/// `chitieu units --as-of DATE --format json`. `flags`: 0 or
/// CHITIEU_JSON_PRETTY. Two-call pattern.
#[no_mangle]
pub unsafe extern "C" fn chitieu_units_json(units: *const chitieu_units, as_of: *const c_char, flags: chitieu_json_flags, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let u = handle(units, "units")?;
        let d = day(as_of, "as_of")?;
        put_utf8(&json_text(&chitieu_core::structures::listing_json(&u.inner, d), flags)?, buf, capacity, needed)
    })
}

/// The history of every version of a unit code both ways, as the JSON of
/// `chitieu units --lineage CODE --format json`: an array of `{"unit",
/// "name", "level", "valid_from", "valid_to", "before": [link...], "after":
/// [link...]}`, a link being `{"depth", "effective", "from", "from_name",
/// "to", "to_name", "kind", "basis"}`. CHITIEU_NOT_FOUND for an unknown code.
#[no_mangle]
pub unsafe extern "C" fn chitieu_units_history_json(units: *const chitieu_units, code: *const c_char, flags: chitieu_json_flags, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let u = handle(units, "units")?;
        let code = utf8(code, "code")?;
        let h = chitieu_core::lineage::history(&u.inner, code).ok_or_else(|| Fail::new(CHITIEU_NOT_FOUND, format!("unknown unit code '{code}'")))?;
        let v = serde_json::Value::Array(h.iter().map(|x| x.to_json(&u.inner)).collect());
        put_utf8(&json_text(&v, flags)?, buf, capacity, needed)
    })
}

/// Moves every figure of `dataset` to the structure in force on `to`
/// ("2025-07-01"; an earlier day converts back), along the lineage of the
/// registry the dataset was read with: `chitieu convert`. `shares_path` (may
/// be NULL) is a CSV `old_code,new_code,share` of divided units; without it
/// their counts are not attributable (reported, never guessed). Free the
/// result with `chitieu_conversion_free`.
#[no_mangle]
pub unsafe extern "C" fn chitieu_convert(catalogue: *const chitieu_catalogue, dataset: *const chitieu_dataset, to: *const c_char, shares_path: *const c_char, out: *mut *mut chitieu_conversion) -> chitieu_status {
    guard(|| {
        put_handle(out, "out", || {
            let c = handle(catalogue, "catalogue")?;
            let d = handle(dataset, "dataset")?;
            let to = day(to, "to")?;
            let shares = if shares_path.is_null() { Shares::none() } else { Shares::from_path(Path::new(utf8(shares_path, "shares_path")?), d.inner.units())? };
            Ok(chitieu_conversion { inner: convert(&d.inner, &c.inner, to, &shares)?, catalogue: c.inner.clone() })
        })
    })
}

/// The converted figures as the CSV `chitieu convert --out` writes
/// (`unit_code,unit_name,period,variable,value,structure,source`), readable
/// back by `chitieu_dataset_from_csv_text`. Two-call pattern.
#[no_mangle]
pub unsafe extern "C" fn chitieu_conversion_csv(conversion: *const chitieu_conversion, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let c = handle(conversion, "conversion")?;
        put_utf8(&c.inner.to_csv(&c.catalogue), buf, capacity, needed)
    })
}

/// The conversion report as JSON (`chitieu convert --report`): every
/// converted figure with its sources (units, values, shares, links with their
/// dates) and every figure not converted with its reason, in `lang`.
/// Two-call pattern.
#[no_mangle]
pub unsafe extern "C" fn chitieu_conversion_json(conversion: *const chitieu_conversion, lang: chitieu_lang, flags: chitieu_json_flags, buf: *mut c_char, capacity: usize, needed: *mut usize) -> chitieu_status {
    guard(|| {
        let c = handle(conversion, "conversion")?;
        put_utf8(&json_text(&c.inner.to_json(crate::lang(lang)?), flags)?, buf, capacity, needed)
    })
}

/// The numbers of figures converted and not converted.
#[no_mangle]
pub unsafe extern "C" fn chitieu_conversion_counts(conversion: *const chitieu_conversion, converted: *mut usize, not_converted: *mut usize) -> chitieu_status {
    guard(|| {
        let c = handle(conversion, "conversion")?;
        *crate::text::out(converted, "converted")? = c.inner.figures.len();
        *crate::text::out(not_converted, "not_converted")? = c.inner.not_converted.len();
        Ok(())
    })
}

/// The converted figures as a dataset of the target structure, to evaluate
/// (free it with `chitieu_dataset_free`).
#[no_mangle]
pub unsafe extern "C" fn chitieu_conversion_dataset(conversion: *const chitieu_conversion, out: *mut *mut chitieu_dataset) -> chitieu_status {
    guard(|| {
        put_handle(out, "out", || {
            let c = handle(conversion, "conversion")?;
            Ok(chitieu_dataset { inner: c.inner.dataset.clone() })
        })
    })
}

/// Frees a conversion. NULL is accepted and ignored.
#[no_mangle]
pub unsafe extern "C" fn chitieu_conversion_free(conversion: *mut chitieu_conversion) {
    free_box(conversion)
}
