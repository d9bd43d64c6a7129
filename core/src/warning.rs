//! Warnings: facts the user must see that do not stop the work.
//!
//! Each warning says where it comes from (`source`), so that a reader can
//! tell a note about the documents from a problem with their own figures:
//! - `catalogue`: a note about the documents themselves (the 590/580 gap of
//!   an allocation table, a built-in document replaced by a file);
//! - `data`: about an input file (figures, events, register, decision log):
//!   a repaired unit code, a torn log line, synthetic figures;
//! - `run`: about the request (no target binds the period asked).

use serde::Serialize;

/// Where a warning comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The catalogue: the documents as encoded, not the user's data.
    Catalogue,
    /// An input file: figures, events, register, unit registry, decision log.
    #[default]
    Data,
    /// The request: period, units, options.
    Run,
}

impl Source {
    pub fn as_str(&self) -> &'static str {
        match self {
            Source::Catalogue => "catalogue",
            Source::Data => "data",
            Source::Run => "run",
        }
    }
}

/// A warning in both languages, with a stable code for programs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable machine name: "allocation_sum", "unit_code_repaired", "synthetic_data"...
    pub code: String,
    pub message_vi: String,
    pub message_en: String,
    /// Where it comes from (`data` unless said otherwise).
    pub source: Source,
}

impl Warning {
    /// A warning about an input file (see `Source`); `from` changes the source.
    pub fn new(code: &str, message_vi: impl Into<String>, message_en: impl Into<String>) -> Warning {
        Warning { code: code.to_string(), message_vi: message_vi.into(), message_en: message_en.into(), source: Source::Data }
    }
    /// The same warning, from `source`.
    pub fn from(mut self, source: Source) -> Warning {
        self.source = source;
        self
    }
    pub fn message(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Vi => &self.message_vi,
            crate::Lang::En => &self.message_en,
        }
    }
    /// The public JSON form: code, source, message in `lang`, and both languages.
    pub fn to_json(&self, lang: crate::Lang) -> serde_json::Value {
        serde_json::json!({"code": self.code, "source": self.source.as_str(), "message": self.message(lang), "message_vi": self.message_vi, "message_en": self.message_en})
    }
}
