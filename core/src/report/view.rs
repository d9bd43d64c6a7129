//! How the report reads an outcome: through accessors named as the compact
//! `Outcome` of the evaluation rewrite names its own (`target()`, `unit()`,
//! `clause(lang)`...). Today's `Outcome` keeps these as fields, so this trait
//! provides them; once `Outcome` has them itself, this file goes.

use crate::evaluation::Outcome;
use crate::units::Level;
use crate::Lang;

pub(crate) trait OutcomeView {
    fn target(&self) -> &str;
    fn document(&self) -> &str;
    fn document_id(&self) -> &str;
    fn clause(&self, lang: Lang) -> &str;
    fn unit(&self) -> &str;
    fn unit_name(&self) -> &str;
    fn level(&self) -> Level;
    fn superseded_by(&self) -> Option<&str>;
    fn interpretation(&self, lang: Lang) -> Option<&str>;
}

impl OutcomeView for Outcome {
    fn target(&self) -> &str {
        &self.target
    }
    fn document(&self) -> &str {
        &self.document
    }
    fn document_id(&self) -> &str {
        &self.document_id
    }
    fn clause(&self, lang: Lang) -> &str {
        super::pick(lang, &self.clause_vi, &self.clause_en)
    }
    fn unit(&self) -> &str {
        &self.unit
    }
    fn unit_name(&self) -> &str {
        &self.unit_name
    }
    fn level(&self) -> Level {
        self.level
    }
    fn superseded_by(&self) -> Option<&str> {
        self.superseded_by.as_deref()
    }
    fn interpretation(&self, lang: Lang) -> Option<&str> {
        match (&self.interpretation_vi, &self.interpretation_en) {
            (Some(vi), Some(en)) => Some(super::pick(lang, vi, en)),
            (Some(x), None) | (None, Some(x)) => Some(x),
            _ => None,
        }
    }
}
