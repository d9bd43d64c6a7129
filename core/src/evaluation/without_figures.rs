//! Units without figures for a document: a unit below the level a document
//! sets its targets for (a commune judged by the province's targets of NQ 314)
//! that has none of the figures those targets need in the period is reported
//! once per document ("Phường Hà Khánh: no figures for the targets of
//! 314/2020/NQ-HĐND in 2023"), not as one `no_data` outcome per target
//! (issue 14 item 7: `--unit all` on the sample printed 4,779 such rows).
//!
//! In the JSON contract they are the top-level list `units_without_figures`
//! (with `structure`, as an outcome has, so that two versions of one code
//! across a reform, 06967 before and after 1/7/2025, are told apart);
//! in the CSV, one `no_data` row per entry after the outcomes, with the target
//! columns empty.

use std::sync::Arc;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::outcome::Context;
use crate::catalogue::Document;
use crate::period::Period;
use crate::units::{Level, Unit, UnitId};
use crate::Lang;

/// One unit with none of the figures one document's targets need for it.
#[derive(Clone, Debug)]
pub struct UnitWithoutFigures {
    pub(crate) ctx: Arc<Context>,
    pub(crate) unit: UnitId,
    /// Index of the document in the catalogue.
    pub(crate) document: u32,
    /// How many of the document's targets bind the unit (and are not reported).
    pub targets: u32,
    /// The period evaluated.
    pub period: Period,
}

/// "Phường Hà Khánh: không có số liệu cho các chỉ tiêu của 314/2020/NQ-HĐND năm 2023".
pub(crate) fn text(unit_name: &str, document: &str, period: &Period, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{unit_name}: không có số liệu cho các chỉ tiêu của {document} {}", period.words(lang)),
        Lang::En => format!("{unit_name}: no figures for the targets of {document} in {}", period.words(lang)),
    }
}

impl UnitWithoutFigures {
    fn unit_def(&self) -> &Unit {
        self.ctx.units.unit(self.unit)
    }
    fn document_def(&self) -> Option<&Document> {
        self.ctx.cat.documents().get(self.document as usize)
    }
    /// The unit's code.
    pub fn unit(&self) -> &str {
        &self.unit_def().code
    }
    pub fn unit_name(&self) -> &str {
        &self.unit_def().name
    }
    pub fn level(&self) -> Level {
        self.unit_def().level
    }
    /// The document number as printed: "314/2020/NQ-HĐND".
    pub fn document(&self) -> &str {
        self.document_def().map_or("", |d| d.number.as_str())
    }
    pub fn document_id(&self) -> &str {
        self.document_def().map_or("", |d| d.id.as_str())
    }
    /// The structure of the unit's version (see `Outcome::structure`); `None`
    /// for a registry of one structure.
    pub fn structure(&self) -> Option<&str> {
        super::outcome::structure_of(&self.ctx.units, self.unit, &self.period)
    }
    /// The entry in words.
    pub fn explanation(&self, lang: Lang) -> String {
        text(self.unit_name(), self.document(), &self.period, lang)
    }
    /// The entry of the JSON list, as a view to serialise (keys in contract order).
    pub fn json(&self, lang: Lang) -> WithoutFiguresJson<'_> {
        WithoutFiguresJson { w: self, lang }
    }
    /// The entry's CSV row, in the columns of the outcomes (`CSV_COLUMNS`).
    pub fn csv_row(&self, lang: Lang) -> Vec<String> {
        let mut row = vec![String::new(); super::CSV_COLUMNS.len()];
        let mut set = |column: &str, value: String| {
            if let Some(cell) = super::CSV_COLUMNS.iter().position(|c| *c == column).and_then(|i| row.get_mut(i)) {
                *cell = value;
            }
        };
        set("document", self.document().to_string());
        set("unit", self.unit().to_string());
        set("unit_name", self.unit_name().to_string());
        set("period", self.period.to_string());
        set("status", "no_data".to_string());
        set("explanation", self.explanation(lang));
        row
    }
}

/// `{"document", "document_id", "explanation", "explanation_en",
/// "explanation_vi", "level", "period", "structure", "targets", "unit", "unit_name"}`.
pub struct WithoutFiguresJson<'w> {
    w: &'w UnitWithoutFigures,
    lang: Lang,
}

impl Serialize for WithoutFiguresJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let w = self.w;
        let (vi, en) = (w.explanation(Lang::Vi), w.explanation(Lang::En));
        let mut m = s.serialize_map(Some(11))?;
        m.serialize_entry("document", w.document())?;
        m.serialize_entry("document_id", w.document_id())?;
        m.serialize_entry("explanation", if self.lang == Lang::Vi { &vi } else { &en })?;
        m.serialize_entry("explanation_en", &en)?;
        m.serialize_entry("explanation_vi", &vi)?;
        m.serialize_entry("level", w.level().as_str())?;
        m.serialize_entry("period", &w.period.to_string())?;
        m.serialize_entry("structure", &w.structure())?;
        m.serialize_entry("targets", &w.targets)?;
        m.serialize_entry("unit", w.unit())?;
        m.serialize_entry("unit_name", w.unit_name())?;
        m.end()
    }
}
