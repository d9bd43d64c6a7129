//! JSON observations: records, wide or long. Numbers are read from their
//! literal text so that 0.1 stays exactly one tenth.

use serde_json::value::RawValue;

use super::DatasetBuilder;
use crate::error::{DataError, Location};

type Record<'a> = std::collections::BTreeMap<String, &'a RawValue>;

#[derive(serde::Deserialize)]
struct Wrapped<'a> {
    #[serde(borrow)]
    observations: Vec<Record<'a>>,
}

pub(super) fn read(text: &str, b: &mut DatasetBuilder) -> Result<(), DataError> {
    let file = b.file().to_string();
    let parsed = if text.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<Record>>(text)
    } else {
        serde_json::from_str::<Wrapped>(text).map(|w| w.observations)
    };
    let records = match parsed {
        Ok(r) => r,
        Err(e) => {
            let mut loc = Location::file(&file);
            if e.line() > 0 {
                loc = loc.at_row(e.line());
            }
            return Err(DataError::new(loc, format!("not valid observation JSON: {e}"))
                .expected("an array of records, or {\"observations\": [...]}, each with unit_code and period"));
        }
    };
    for (i, rec) in records.iter().enumerate() {
        let row = i + 1;
        let at = |k: &str| Location::file(&file).at_row(row).at_column(k);
        let text_of = |k: &str| -> Result<String, DataError> {
            let raw = rec.get(k).ok_or_else(|| DataError::new(at(k), format!("record {row} has no '{k}'")))?;
            scalar_text(raw).ok_or_else(|| DataError::new(at(k), "not a text or a number").value(raw.get()))
        };
        let unit = b.check_unit(&text_of("unit_code")?, &at("unit_code"))?;
        let period = b.check_period(&text_of("period")?, &at("period"))?;
        if rec.contains_key("variable") {
            let var = text_of("variable")?;
            b.check_variable(&var, &at("variable"))?;
            let raw = rec.get("value").ok_or_else(|| DataError::new(at("value"), format!("record {row} has no 'value'")))?;
            let v = scalar_text(raw).ok_or_else(|| DataError::new(at("value"), "not a number").value(raw.get()))?;
            b.add_text(&unit, period, &var, &v, at("value"))?;
        } else {
            for (k, raw) in rec {
                if k == "unit_code" || k == "period" || k == "unit_name" {
                    continue;
                }
                b.check_variable(k, &at(k))?;
                let v = scalar_text(raw).ok_or_else(|| DataError::new(at(k), "not a number").value(raw.get()))?;
                b.add_text(&unit, period, k, &v, at(k))?;
            }
        }
    }
    Ok(())
}

/// The text of a JSON scalar: a string's content, a number's literal, a
/// boolean as 1/0, null as blank (missing).
fn scalar_text(raw: &RawValue) -> Option<String> {
    let t = raw.get().trim();
    match t {
        "null" => Some(String::new()),
        "true" => Some("1".to_string()),
        "false" => Some("0".to_string()),
        _ if t.starts_with('"') => serde_json::from_str::<String>(t).ok(),
        _ if t.starts_with('{') || t.starts_with('[') => None,
        _ => Some(t.to_string()),
    }
}
