//! Warnings: facts the user must see that do not stop the work.

use serde::Serialize;

/// A warning in both languages, with a stable code for programs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable machine name: "allocation_sum", "unit_code_repaired", "synthetic_data"...
    pub code: String,
    pub message_vi: String,
    pub message_en: String,
}

impl Warning {
    pub fn new(code: &str, message_vi: impl Into<String>, message_en: impl Into<String>) -> Warning {
        Warning { code: code.to_string(), message_vi: message_vi.into(), message_en: message_en.into() }
    }
    pub fn message(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Vi => &self.message_vi,
            crate::Lang::En => &self.message_en,
        }
    }
    /// The public JSON form: code, message in `lang`, and both languages.
    pub fn to_json(&self, lang: crate::Lang) -> serde_json::Value {
        serde_json::json!({"code": self.code, "message": self.message(lang), "message_vi": self.message_vi, "message_en": self.message_en})
    }
}
