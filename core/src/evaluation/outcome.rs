//! Outcomes and their public JSON and CSV forms.
//!
//! The JSON written here is a public contract shared by the command line, the
//! C ABI and the Python package: `{"chitieu_version", "period", "dataset",
//! "warnings", "outcomes"}`. Exact numbers travel as decimal strings; fractions
//! are shown in percent, with the exact fraction beside them.
//!
//! An outcome holds numbers and ids only (target, unit, the verdict); its
//! names, requirement and explanation in either language are made from the
//! catalogue and the registry when an output asks for them. The JSON is
//! written through `Serialize` views, key by key in the order of the contract
//! (keys sorted), so a writer can stream it without building a tree of values.

use std::fmt;
use std::sync::Arc;

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::Value;

use super::explain;
use super::rule::{Status, Undecided, Verdict};
use crate::catalogue::{Catalogue, CatalogueTarget, Document};
use crate::exact::Exact;
use crate::period::Period;
use crate::units::{Level, Unit, UnitId, UnitRegistry};
use crate::warning::Warning;
use crate::Lang;

/// What an outcome's texts are made from.
pub(crate) struct Context {
    pub cat: Arc<Catalogue>,
    pub units: UnitRegistry,
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Context")
    }
}

/// One target for one unit and period.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub(crate) ctx: Arc<Context>,
    /// Index of the target in the catalogue.
    pub(crate) target: u32,
    pub(crate) unit: UnitId,
    /// The period measured (a span for cumulative targets).
    pub period: Period,
    pub status: Status,
    /// The decision of a single-requirement target; `None` for composite ones.
    pub verdict: Option<Verdict>,
    /// The decisions of a composite target's parts, in catalogue order.
    pub(crate) parts: Vec<Verdict>,
    pub governing: bool,
    /// Index of the target that governs instead.
    pub(crate) superseded_by: Option<u32>,
    /// The allocation table that splits this target at the unit's level (its
    /// index) and the unit's share in it, if it has one.
    pub(crate) allocation: Option<(u32, Option<Exact>)>,
    /// Across an administrative reform: the readings taken for this outcome
    /// (one per requirement they touch; empty otherwise).
    pub(crate) reform: Vec<Arc<super::reform::Note>>,
}

/// One part of a composite outcome.
#[derive(Clone, Copy, Debug)]
pub struct PartOutcome<'o> {
    outcome: &'o Outcome,
    index: usize,
    pub verdict: &'o Verdict,
}

/// The result of one evaluation run.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub chitieu_version: String,
    pub period: Period,
    pub dataset: String,
    pub synthetic: bool,
    pub warnings: Vec<Warning>,
    pub outcomes: Vec<Outcome>,
}

fn pick<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// A value in the unit it is shown in: percent for fractions.
fn shown(x: &Exact, fraction: bool) -> Exact {
    if fraction {
        x.percent()
    } else {
        x.clone()
    }
}

fn text(x: Option<Exact>) -> Option<String> {
    x.map(|x| x.decimal_text())
}

/// The numeric fields of a verdict as shown: what the JSON and CSV forms print.
struct Shown {
    fraction: bool,
    in_pct: bool,
    actual: Option<String>,
    actual_exact: Option<String>,
    numerator: Option<String>,
    denominator: Option<String>,
    required_value: Option<String>,
    required_count: Option<String>,
    baseline: Option<(String, String)>,
    change: Option<String>,
    margin: Option<String>,
    stretch: Option<(String, bool)>,
}

impl Shown {
    fn of(v: &Verdict) -> Shown {
        let f = v.fraction;
        // A relative change is compared in percent whatever the measure.
        let in_pct = f || v.direction.is_some();
        Shown {
            fraction: f,
            in_pct,
            actual: text(v.actual.as_ref().map(|a| shown(a, f))),
            actual_exact: v.actual.as_ref().map(|a| shown(a, f).fraction_text()),
            numerator: v.parts.as_ref().map(|p| p.0.decimal_text()),
            denominator: v.parts.as_ref().map(|p| p.1.decimal_text()),
            required_value: text(v.required.as_ref().map(|r| shown(r, in_pct))),
            required_count: v.required_count.as_ref().map(Exact::decimal_text),
            baseline: v.baseline.as_ref().map(|(p, b)| (p.to_string(), shown(b, f).decimal_text())),
            change: text(v.change.as_ref().map(|c| c.percent())),
            margin: text(v.margin.as_ref().map(|x| shown(x, in_pct))),
            stretch: v.stretch.as_ref().map(|(s, r)| (s.percent().decimal_text(), *r)),
        }
    }
}

/// `{"period", "value"}` of a baseline.
struct Baseline<'a>(&'a (String, String));
impl Serialize for Baseline<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("period", &self.0 .0)?;
        m.serialize_entry("value", &self.0 .1)?;
        m.end()
    }
}

/// `{"reached", "value"}` of a stretch level.
struct Stretch<'a>(&'a (String, bool));
impl Serialize for Stretch<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("reached", &self.0 .1)?;
        m.serialize_entry("value", &self.0 .0)?;
        m.end()
    }
}

/// The missing figures of an undecided verdict: `[{"period", "unit", "variable"}]`.
struct MissingList<'a>(Option<&'a Undecided>);
impl Serialize for MissingList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let items: &[crate::observations::Missing] = match self.0 {
            Some(Undecided::Missing(ms)) => ms,
            _ => &[],
        };
        let mut seq = s.serialize_seq(Some(items.len()))?;
        for m in items {
            seq.serialize_element(&MissingItem(m))?;
        }
        seq.end()
    }
}
struct MissingItem<'a>(&'a crate::observations::Missing);
impl Serialize for MissingItem<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("period", &self.0.period.to_string())?;
        m.serialize_entry("unit", &self.0.unit)?;
        m.serialize_entry("variable", &self.0.variable)?;
        m.end()
    }
}

/// The first two keys, shared by outcomes and verdicts. `None`: a composite
/// outcome, whose numbers are null.
fn entries_a_to_b<M: SerializeMap>(m: &mut M, sh: Option<&Shown>) -> Result<(), M::Error> {
    m.serialize_entry("actual", &sh.and_then(|s| s.actual.as_ref()))?;
    m.serialize_entry("actual_exact", &sh.and_then(|s| s.actual_exact.as_ref()))
}

impl Verdict {
    /// The numeric fields of an outcome or a part.
    pub fn json_fields(&self) -> serde_json::Map<String, Value> {
        match serde_json::to_value(VerdictJson { v: self, sh: &Shown::of(self), status: self.status, extra: None }) {
            Ok(Value::Object(m)) => m,
            _ => serde_json::Map::new(),
        }
    }
}

/// A verdict's fields alone, or with a part's name, requirement and explanation.
struct VerdictJson<'a> {
    v: &'a Verdict,
    sh: &'a Shown,
    status: Status,
    /// (explanation, name, required) of a part.
    extra: Option<(&'a str, &'a str, &'a str)>,
}

impl Serialize for VerdictJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let sh = self.sh;
        let mut m = s.serialize_map(None)?;
        entries_a_to_b(&mut m, Some(sh))?;
        m.serialize_entry("baseline", &sh.baseline.as_ref().map(Baseline))?;
        m.serialize_entry("change", &sh.change)?;
        m.serialize_entry("comparator", self.v.comparator.symbol())?;
        m.serialize_entry("denominator", &sh.denominator)?;
        if let Some((explanation, _, _)) = self.extra {
            m.serialize_entry("explanation", explanation)?;
        }
        m.serialize_entry("margin", &sh.margin)?;
        m.serialize_entry("margin_unit", if sh.in_pct { "percentage_points" } else { "number" })?;
        m.serialize_entry("measure_unit", if sh.fraction { "percent" } else { "number" })?;
        m.serialize_entry("missing", &MissingList(self.v.undecided.as_ref()))?;
        if let Some((_, name, _)) = self.extra {
            m.serialize_entry("name", name)?;
        }
        m.serialize_entry("numerator", &sh.numerator)?;
        if let Some((_, _, required)) = self.extra {
            m.serialize_entry("required", required)?;
        }
        m.serialize_entry("required_count", &sh.required_count)?;
        m.serialize_entry("required_value", &sh.required_value)?;
        m.serialize_entry("status", self.status.as_str())?;
        m.serialize_entry("stretch", &sh.stretch.as_ref().map(Stretch))?;
        m.end()
    }
}

impl Outcome {
    pub(crate) fn target_def(&self) -> &CatalogueTarget {
        #[allow(clippy::indexing_slicing)] // the index was taken from this catalogue's targets
        &self.ctx.cat.targets()[self.target as usize]
    }
    fn document_def(&self) -> &Document {
        self.ctx.cat.document_of(self.target_def())
    }
    fn unit_def(&self) -> &Unit {
        self.ctx.units.unit(self.unit)
    }
    /// The target's id ("nq314.crime.clearance_rate").
    pub fn target(&self) -> &str {
        &self.target_def().target.id
    }
    pub fn indicator(&self) -> &str {
        &self.target_def().target.indicator
    }
    /// The document number as printed: "314/2020/NQ-HĐND".
    pub fn document(&self) -> &str {
        &self.document_def().number
    }
    pub fn document_id(&self) -> &str {
        &self.document_def().id
    }
    pub fn clause(&self, lang: Lang) -> &str {
        let t = &self.target_def().target;
        pick(lang, &t.clause_vi, &t.clause_en)
    }
    pub fn name(&self, lang: Lang) -> &str {
        let t = &self.target_def().target;
        pick(lang, &t.name_vi, &t.name_en)
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
    /// The target that governs instead of this one, when a more demanding one binds the same indicator.
    pub fn superseded_by(&self) -> Option<&str> {
        self.superseded_by.and_then(|i| self.ctx.cat.targets().get(i as usize)).map(|t| t.target.id.as_str())
    }
    /// The catalogue's reading of the text, in `lang` (or the one language it is written in).
    pub fn interpretation(&self, lang: Lang) -> Option<&str> {
        let t = &self.target_def().target;
        match (&t.interpretation_vi, &t.interpretation_en) {
            (Some(vi), Some(en)) => Some(pick(lang, vi, en)),
            (Some(x), None) | (None, Some(x)) => Some(x),
            _ => None,
        }
    }
    /// "Đơn vị chủ trì": who answers for the target.
    pub fn lead(&self) -> &[String] {
        &self.target_def().target.lead
    }
    pub fn partners(&self) -> &[String] {
        &self.target_def().target.partners
    }
    /// (table id, share) when the requirement is this unit's allocated share.
    pub fn allocation(&self) -> Option<(&str, &Exact)> {
        let (a, share) = self.allocation.as_ref()?;
        let share = share.as_ref()?;
        self.ctx.cat.allocations().nth(*a as usize).map(|(t, _)| (t.id.as_str(), share))
    }
    /// The structure the outcome was judged in: the label of the structure in
    /// force on the last day of the period the unit existed ("2024",
    /// "2024-11-01", "2025-07-01"); `None` for a registry of one structure.
    pub fn structure(&self) -> Option<&str> {
        let units = &self.ctx.units;
        if units.single_structure() {
            return None;
        }
        let end = self.period.dates().1;
        let last = self.unit_def().valid_to.filter(|t| *t < end).unwrap_or(end);
        units.structure_on(last).map(|s| s.label.as_str())
    }

    /// The readings taken across a reform for this outcome.
    pub fn reform(&self) -> &[Arc<super::reform::Note>] {
        &self.reform
    }

    /// The lineage behind the outcome's figures: each link once, with the share of a part.
    pub fn lineage(&self) -> Vec<(&crate::lineage::Link, Option<&Exact>)> {
        let mut out: Vec<(&crate::lineage::Link, Option<&Exact>)> = Vec::new();
        for (l, s) in self.reform.iter().flat_map(|n| n.links.iter()) {
            if !out.iter().any(|(k, _)| *k == l) {
                out.push((l, s.as_ref()));
            }
        }
        out
    }

    /// The parts of a composite target (empty for a single requirement).
    pub fn parts(&self) -> impl Iterator<Item = PartOutcome<'_>> {
        self.parts.iter().enumerate().map(move |(index, verdict)| PartOutcome { outcome: self, index, verdict })
    }

    /// The numbers and comparison of a verdict in words (no name, no source).
    fn describe(&self, v: &Verdict, lang: Lang) -> String {
        let table = self.allocation.as_ref().and_then(|(a, _)| self.ctx.cat.allocations().nth(*a as usize)).map(|(t, _)| (t.table_vi.as_str(), t.table_en.as_str()));
        explain::body(v, lang, &|why, lang| super::undecided_text(Some((&self.ctx.cat, &self.ctx.units)), why, lang, table))
    }

    /// "Tỷ lệ điều tra, khám phá: 79/100 = 79,00% < 80% (Nghị quyết 314/2020/NQ-HĐND, ...)",
    /// with " — superseded by ..." when another target governs.
    pub fn explanation(&self, lang: Lang) -> String {
        let body = match &self.verdict {
            Some(v) => self.describe(v, lang),
            None => self.parts().map(|p| p.explanation(lang)).collect::<Vec<_>>().join("; "),
        };
        let mut s = format!("{}: {body} ({})", self.name(lang), super::source_text(self.document_def(), self.target_def(), lang));
        // A reading across a reform that the numbers do not already say.
        for n in self.reform.iter().filter(|n| !self.undecided_by(n)) {
            match lang {
                Lang::Vi => s.push_str(&format!(" [sắp xếp đơn vị hành chính: {}]", n.detail(lang))),
                Lang::En => s.push_str(&format!(" [administrative reorganisation: {}]", n.detail(lang))),
            }
        }
        if let Some(winner) = self.superseded_by() {
            match lang {
                Lang::Vi => s.push_str(&format!(" — không áp dụng vì chỉ tiêu {winner} cao hơn hoặc ngang bằng")),
                Lang::En => s.push_str(&format!(" — superseded by {winner}, which is at least as demanding")),
            }
        }
        s
    }

    /// Whether a note is the reason a requirement is undecided (its words are then the verdict's).
    fn undecided_by(&self, n: &Arc<super::reform::Note>) -> bool {
        self.verdict.iter().chain(self.parts.iter()).any(|v| matches!(&v.undecided, Some(Undecided::Reform(x)) if Arc::ptr_eq(x, n)))
    }

    pub fn required(&self, lang: Lang) -> String {
        match &self.verdict {
            Some(v) => explain::required_text(v, lang),
            None => self.parts().map(|p| format!("{}: {}", p.name(lang), explain::required_text(p.verdict, lang))).collect::<Vec<_>>().join("; "),
        }
    }

    /// The actual value as people read it ("79,00%", "1.000"); empty when undecided.
    pub fn actual_display(&self, lang: Lang) -> String {
        self.verdict.as_ref().map(|v| v.actual_display(lang)).unwrap_or_default()
    }

    /// The margin as people read it: percentage points for rates and changes.
    pub fn margin_display(&self, lang: Lang) -> String {
        self.verdict.as_ref().map(|v| v.margin_display(lang)).unwrap_or_default()
    }

    /// The public JSON object of the outcome.
    pub fn to_json(&self, lang: Lang) -> Value {
        serde_json::to_value(self.json(lang)).unwrap_or(Value::Null)
    }

    /// The public JSON object as a view to serialise (keys in contract order).
    pub fn json(&self, lang: Lang) -> OutcomeJson<'_> {
        OutcomeJson { o: self, lang }
    }

    /// The CSV row of the outcome (see `CSV_COLUMNS`).
    pub fn csv_row(&self, lang: Lang) -> [String; 20] {
        let sh = self.verdict.as_ref().map(Shown::of);
        let s = |f: fn(&Shown) -> Option<&String>| sh.as_ref().and_then(f).cloned().unwrap_or_default();
        let (bp, bv) = sh.as_ref().and_then(|s| s.baseline.clone()).unwrap_or_default();
        [
            self.target().to_string(),
            self.indicator().to_string(),
            self.document().to_string(),
            self.clause(lang).to_string(),
            self.unit().to_string(),
            self.unit_name().to_string(),
            self.period.to_string(),
            self.status.as_str().to_string(),
            s(|s| s.actual.as_ref()),
            s(|s| s.numerator.as_ref()),
            s(|s| s.denominator.as_ref()),
            self.required(lang),
            s(|s| s.required_value.as_ref()),
            bp,
            bv,
            s(|s| s.change.as_ref()),
            s(|s| s.margin.as_ref()),
            self.governing.to_string(),
            self.superseded_by().unwrap_or_default().to_string(),
            self.explanation(lang),
        ]
    }
}

impl<'o> PartOutcome<'o> {
    pub fn name(&self, lang: Lang) -> &'o str {
        let t = &self.outcome.target_def().target;
        t.parts.get(self.index).map_or("", |p| pick(lang, &p.name_vi, &p.name_en))
    }
    /// "name: numbers and comparison".
    pub fn explanation(&self, lang: Lang) -> String {
        format!("{}: {}", self.name(lang), self.outcome.describe(self.verdict, lang))
    }
}

/// An outcome's public JSON object, written key by key.
pub struct OutcomeJson<'o> {
    o: &'o Outcome,
    lang: Lang,
}

impl Serialize for OutcomeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (o, lang) = (self.o, self.lang);
        let t = &o.target_def().target;
        let sh = o.verdict.as_ref().map(Shown::of);
        let sh = sh.as_ref();
        let (vi, en) = (o.explanation(Lang::Vi), o.explanation(Lang::En));
        let mut m = s.serialize_map(None)?;
        entries_a_to_b(&mut m, sh)?;
        m.serialize_entry("allocation", &o.allocation().map(|(table, share)| Allocation { table, share: share.decimal_text() }))?;
        m.serialize_entry("baseline", &sh.and_then(|s| s.baseline.as_ref()).map(Baseline))?;
        m.serialize_entry("change", &sh.and_then(|s| s.change.as_ref()))?;
        m.serialize_entry("clause", o.clause(lang))?;
        m.serialize_entry("clause_en", &t.clause_en)?;
        m.serialize_entry("clause_vi", &t.clause_vi)?;
        if let Some(v) = &o.verdict {
            m.serialize_entry("comparator", v.comparator.symbol())?;
        }
        m.serialize_entry("denominator", &sh.and_then(|s| s.denominator.as_ref()))?;
        m.serialize_entry("document", o.document())?;
        m.serialize_entry("document_id", o.document_id())?;
        m.serialize_entry("explanation", pick(lang, &vi, &en))?;
        m.serialize_entry("explanation_en", &en)?;
        m.serialize_entry("explanation_vi", &vi)?;
        m.serialize_entry("governing", &o.governing)?;
        m.serialize_entry("indicator", o.indicator())?;
        m.serialize_entry("interpretation", &o.interpretation(lang))?;
        m.serialize_entry("lead", o.lead())?;
        m.serialize_entry("level", o.level().as_str())?;
        m.serialize_entry("lineage", &LineageJson(o))?;
        m.serialize_entry("margin", &sh.and_then(|s| s.margin.as_ref()))?;
        if let Some(sh) = sh {
            m.serialize_entry("margin_unit", if sh.in_pct { "percentage_points" } else { "number" })?;
            m.serialize_entry("measure_unit", if sh.fraction { "percent" } else { "number" })?;
        }
        m.serialize_entry("missing", &MissingList(o.verdict.as_ref().and_then(|v| v.undecided.as_ref())))?;
        m.serialize_entry("name", o.name(lang))?;
        m.serialize_entry("numerator", &sh.and_then(|s| s.numerator.as_ref()))?;
        m.serialize_entry("partners", o.partners())?;
        if !o.parts.is_empty() {
            m.serialize_entry("parts", &Parts { o, lang })?;
        }
        m.serialize_entry("period", &o.period.to_string())?;
        m.serialize_entry("reform", &ReformJson { o, lang })?;
        m.serialize_entry("required", &o.required(lang))?;
        m.serialize_entry("required_count", &sh.and_then(|s| s.required_count.as_ref()))?;
        m.serialize_entry("required_value", &sh.and_then(|s| s.required_value.as_ref()))?;
        m.serialize_entry("status", o.status.as_str())?;
        m.serialize_entry("stretch", &sh.and_then(|s| s.stretch.as_ref()).map(Stretch))?;
        m.serialize_entry("structure", &o.structure())?;
        m.serialize_entry("superseded_by", &o.superseded_by())?;
        m.serialize_entry("target", o.target())?;
        m.serialize_entry("unit", o.unit())?;
        m.serialize_entry("unit_name", o.unit_name())?;
        m.end()
    }
}

/// `null`, or the links behind the outcome's figures: `[{"effective", "from",
/// "from_name", "to", "to_name", "kind", "share", "basis"}]`.
struct LineageJson<'o>(&'o Outcome);
impl Serialize for LineageJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let links = self.0.lineage();
        if links.is_empty() {
            return s.serialize_none();
        }
        let units = &self.0.ctx.units;
        let mut seq = s.serialize_seq(Some(links.len()))?;
        for (l, share) in links {
            let mut j = crate::conversion::link_json(units, l);
            if let Some(o) = j.as_object_mut() {
                o.insert("share".into(), serde_json::json!(share.map(Exact::fraction_text)));
            }
            seq.serialize_element(&j)?;
        }
        seq.end()
    }
}

/// `null`, or the readings taken across a reform: `[{"reading", "note",
/// "note_vi", "note_en", "rule"}]` (`note`: the specifics; `rule`: the reading
/// and its reason, in the output's language).
struct ReformJson<'o> {
    o: &'o Outcome,
    lang: Lang,
}
impl Serialize for ReformJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.o.reform.is_empty() {
            return s.serialize_none();
        }
        let mut seq = s.serialize_seq(Some(self.o.reform.len()))?;
        for n in &self.o.reform {
            seq.serialize_element(&serde_json::json!({
                "note": n.detail(self.lang), "note_en": n.detail_en, "note_vi": n.detail_vi,
                "reading": n.reading.id(), "rule": n.reading.text(self.lang),
            }))?;
        }
        seq.end()
    }
}

/// `{"share", "table"}` of an allocated share.
#[derive(Serialize)]
struct Allocation<'a> {
    share: String,
    table: &'a str,
}

struct Parts<'o> {
    o: &'o Outcome,
    lang: Lang,
}

impl Serialize for Parts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.o.parts.len()))?;
        for p in self.o.parts() {
            let sh = Shown::of(p.verdict);
            let (explanation, required) = (p.explanation(self.lang), explain::required_text(p.verdict, self.lang));
            seq.serialize_element(&VerdictJson { v: p.verdict, sh: &sh, status: p.verdict.status, extra: Some((&explanation, p.name(self.lang), &required)) })?;
        }
        seq.end()
    }
}

/// Columns of the CSV form, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "target", "indicator", "document", "clause", "unit", "unit_name", "period", "status", "actual", "numerator", "denominator", "required",
    "required_value", "baseline_period", "baseline_value", "change", "margin", "governing", "superseded_by", "explanation",
];

/// The top of the public JSON document, without the outcomes.
pub struct Header<'e> {
    pub chitieu_version: &'e str,
    pub period: Period,
    pub dataset: &'e str,
    pub synthetic: bool,
    pub warnings: &'e [Warning],
}

impl Evaluation {
    pub fn header(&self) -> Header<'_> {
        Header { chitieu_version: &self.chitieu_version, period: self.period, dataset: &self.dataset, synthetic: self.synthetic, warnings: &self.warnings }
    }

    pub fn to_json(&self, lang: Lang) -> Value {
        serde_json::json!({
            "chitieu_version": self.chitieu_version,
            "period": self.period.to_string(),
            "dataset": {"name": self.dataset, "synthetic": self.synthetic},
            "warnings": self.warnings.iter().map(|w| w.to_json(lang)).collect::<Vec<_>>(),
            "outcomes": self.outcomes.iter().map(|o| o.to_json(lang)).collect::<Vec<_>>(),
        })
    }

    /// The pretty JSON text, byte for byte what the command line writes.
    pub fn to_json_text(&self, lang: Lang) -> String {
        let mut out = Vec::new();
        // Writing to memory cannot fail.
        let _ = super::write::json(&self.header(), lang, std::iter::once(self.outcomes.as_slice()), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// One row per outcome; composite targets show their parts in `explanation`.
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut out = Vec::new();
        let _ = super::write::csv_header(&mut out).and_then(|_| super::write::csv_rows(&self.outcomes, lang, &mut out));
        String::from_utf8(out).unwrap_or_default()
    }
}
