//! JSON observations: records, wide or long. Numbers are read from their
//! literal text so that 0.1 stays exactly one tenth. A key given twice in a
//! record is refused (a parser would keep one of the two values silently).

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::table_input::{DESCRIPTIVE, LONG, LONG_EXPECTED, STRUCTURE};
use super::DatasetBuilder;
use crate::error::{DataError, Location};

/// One record's keys and raw values, in the order written, duplicates kept.
struct Record<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Key<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'a>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Record<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Record<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record<'a>, A::Error> {
                let mut fields = Vec::new();
                while let Some(Key(k)) = map.next_key::<Key<'a>>()? {
                    let v: &'de RawValue = map.next_value()?;
                    fields.push((k, v));
                }
                Ok(Record(fields))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

impl Record<'_> {
    fn get(&self, key: &str) -> Option<&RawValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
    fn has(&self, key: &str) -> bool {
        self.0.iter().any(|(k, _)| k == key)
    }
    /// The first key given twice.
    fn repeated(&self) -> Option<&str> {
        self.0.iter().enumerate().find(|(i, (k, _))| self.0.get(..*i).is_some_and(|before| before.iter().any(|(b, _)| b == k))).map(|(_, (k, _))| k.as_ref())
    }
}

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
        if let Some(k) = rec.repeated() {
            return Err(DataError::new(at(k), format!("record {row} gives the key '{k}' twice")).value(k).expected("each key once per record"));
        }
        let text_of = |k: &str| -> Result<String, DataError> {
            let raw = rec.get(k).ok_or_else(|| DataError::new(at(k), format!("record {row} has no '{k}'")))?;
            scalar_text(raw).ok_or_else(|| DataError::new(at(k), "not a text or a number").value(raw.get()))
        };
        let unit = b.check_unit(&text_of("unit_code")?, &at("unit_code"))?;
        let period = b.check_period(&text_of("period")?, &at("period"))?;
        let structure = match rec.get(STRUCTURE) {
            Some(_) => Some(text_of(STRUCTURE)?).filter(|s| !s.is_empty()),
            None => None,
        };
        let structure = structure.as_deref();
        if rec.has("variable") {
            if let Some((k, _)) = rec.0.iter().find(|(k, _)| !LONG.contains(&k.as_ref())) {
                return Err(DataError::new(at(k), format!("record {row} is in long form (it has 'variable') and has another key")).value(k.as_ref()).expected(LONG_EXPECTED));
            }
            let var = text_of("variable")?;
            b.check_variable(&var, &at("variable"))?;
            let raw = rec.get("value").ok_or_else(|| DataError::new(at("value"), format!("record {row} has no 'value'")))?;
            let v = scalar_text(raw).ok_or_else(|| DataError::new(at("value"), "not a number").value(raw.get()))?;
            b.add_text_in(&unit, period, structure, &var, &v, at("value"))?;
        } else {
            // In key order, so the first error is the same whatever the writer's order.
            let mut fields: Vec<&(Cow<str>, &RawValue)> = rec.0.iter().collect();
            fields.sort_by(|a, b| a.0.cmp(&b.0));
            for (k, raw) in fields {
                if k == "unit_code" || k == "period" || k == STRUCTURE || DESCRIPTIVE.contains(&k.as_ref()) {
                    continue;
                }
                b.check_variable(k, &at(k))?;
                let v = scalar_text(raw).ok_or_else(|| DataError::new(at(k), "not a number").value(raw.get()))?;
                b.add_text_in(&unit, period, structure, k, &v, at(k))?;
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
