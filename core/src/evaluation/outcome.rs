//! Outcomes and their public JSON and CSV forms.
//!
//! The JSON written here is a public contract shared by the command line, the
//! C ABI and the Python package: `{"chitieu_version", "period", "dataset",
//! "warnings", "outcomes", "units_without_figures"}`. Exact numbers travel as
//! decimal strings; fractions are shown in percent, with the exact fraction
//! beside them.
//!
//! Fields added by issue 14: an outcome's `extended_from` ("province" when a
//! target the document sets for the province is judged for a district or a
//! commune, null otherwise; the explanation then ends "— chỉ tiêu cấp tỉnh, áp
//! dụng mở rộng cho cấp xã" / "— a province-level target, extended to the
//! commune level"), and the top-level `units_without_figures` (see
//! `without_figures`): units reported once per document instead of a
//! `no_data` outcome per target. Its `clause` is the table row (and column)
//! when the unit is judged against its share of a split target. The CSV has
//! `extended_from` as its last column and a `no_data` row per unit without
//! figures after the outcomes.
//!
//! Fields added by issue 9 (the reorganisations of 2024 and 2025): an
//! outcome's `structure` (the structure its unit version was judged in, null
//! for a registry of one structure), `reform` (the readings taken across a
//! reorganisation, with their reasons) and `lineage` (the links behind its
//! figures, with the share of a divided unit); null when there are none. An
//! entry of `units_without_figures` carries `structure` too.
//!
//! An outcome holds numbers and ids only (target, unit, the verdict); its
//! names, requirement and explanation in either language are made from the
//! catalogue and the registry when an output asks for them. The JSON is
//! written through `Serialize` views, key by key in the order of the contract
//! (keys sorted), so a writer can stream it without building a tree of values.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use super::{share_of, table_name, Share};
use super::explain;
use super::scope::Scopes;
use super::without_figures::UnitWithoutFigures;
use super::json::Obj;
use super::rule::{Status, Undecided, Verdict};
use crate::catalogue::{Catalogue, CatalogueTarget, Document};
use crate::exact::Exact;
use crate::observations::Missing;
use crate::period::Period;
use crate::units::{Level, Unit, UnitId, UnitRegistry};
use crate::warning::Warning;
use crate::Lang;

/// What an outcome's texts are made from.
pub(crate) struct Context {
    pub cat: Arc<Catalogue>,
    pub units: UnitRegistry,
    /// Where each document binds, per unit of the registry.
    pub scopes: Scopes,
    /// Each target's source ("Nghị quyết 314/2020/NQ-HĐND, Điều 1 ..."), [vi, en].
    sources: Vec<[String; 2]>,
}

impl Context {
    pub fn new(cat: Arc<Catalogue>, units: UnitRegistry, scopes: Scopes) -> Context {
        let sources = cat.targets().iter().map(|t| [Lang::Vi, Lang::En].map(|l| super::source_text(cat.document_of(t), t, l))).collect();
        Context { cat, units, scopes, sources }
    }
    fn source(&self, target: u32, lang: Lang) -> &str {
        self.sources.get(target as usize).map_or("", |s| match lang {
            Lang::Vi => s[0].as_str(),
            Lang::En => s[1].as_str(),
        })
    }
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
    /// Set when this outcome stands for one part of its composite target
    /// alone (an allocation table's cell): its index among the target's parts.
    pub(crate) part: Option<u32>,
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
    /// Units with none of the figures a document's (extended) targets need,
    /// once per document, instead of a `no_data` outcome per target.
    pub units_without_figures: Vec<UnitWithoutFigures>,
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

/// The numeric fields of a verdict as shown: what the JSON, CSV and column
/// forms print.
pub(super) struct Shown {
    fraction: bool,
    in_pct: bool,
    pub actual: Option<String>,
    pub actual_exact: Option<String>,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    pub required_value: Option<String>,
    pub required_count: Option<String>,
    pub baseline: Option<(String, String)>,
    pub change: Option<String>,
    pub margin: Option<String>,
    pub stretch: Option<(String, bool)>,
}

impl Shown {
    pub fn of(v: &Verdict) -> Shown {
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
    /// `measure_unit`: "percent" for a fraction, else "number".
    pub fn measure_unit(&self) -> &'static str {
        if self.fraction {
            "percent"
        } else {
            "number"
        }
    }
    /// `margin_unit`: "percentage_points" for a rate or a relative change, else "number".
    pub fn margin_unit(&self) -> &'static str {
        if self.in_pct {
            "percentage_points"
        } else {
            "number"
        }
    }
}

/// `{"period", "value"}` of a baseline, or null.
fn baseline(m: &mut Obj, sh: Option<&Shown>) {
    match sh.and_then(|s| s.baseline.as_ref()) {
        Some((p, x)) => {
            let mut b = m.obj("baseline");
            b.str("period", p);
            b.str("value", x);
            b.close();
        }
        None => m.null("baseline"),
    }
}

/// `{"reached", "value"}` of a stretch level, or null.
fn stretch(m: &mut Obj, sh: Option<&Shown>) {
    match sh.and_then(|s| s.stretch.as_ref()) {
        Some((x, reached)) => {
            let mut b = m.obj("stretch");
            b.bool("reached", *reached);
            b.str("value", x);
            b.close();
        }
        None => m.null("stretch"),
    }
}

/// The figures whose absence left a verdict undecided (none when decided).
pub(super) fn missing_of(v: Option<&Verdict>) -> &[Missing] {
    match v.and_then(|v| v.undecided.as_ref()) {
        Some(Undecided::Missing(ms)) => ms,
        _ => &[],
    }
}

/// The keys of a missing figure, and its fields in that order.
pub(super) const MISSING_KEYS: [&str; 3] = ["period", "unit", "variable"];
pub(super) fn missing_fields(x: &Missing) -> [Cow<'_, str>; 3] {
    [Cow::Owned(x.period.to_string()), Cow::Borrowed(&x.unit), Cow::Borrowed(&x.variable)]
}

/// The missing figures of an undecided verdict: `[{"period", "unit", "variable"}]`.
fn missing(m: &mut Obj, v: Option<&Verdict>) {
    let mut a = m.arr("missing");
    for x in missing_of(v) {
        let mut o = a.obj();
        for (k, f) in MISSING_KEYS.iter().zip(missing_fields(x)) {
            o.str(k, &f);
        }
        o.close();
    }
    a.close();
}

/// The label of the structure in force on the last day of `period` the unit
/// existed; `None` for a registry of one structure.
pub(crate) fn structure_of<'u>(units: &'u UnitRegistry, unit: UnitId, period: &Period) -> Option<&'u str> {
    if units.single_structure() {
        return None;
    }
    let end = period.dates().1;
    let last = units.unit(unit).valid_to.filter(|t| *t < end).unwrap_or(end);
    units.structure_on(last).map(|s| s.label.as_str())
}

/// The keys of a link behind an outcome's figures (`share`: the exact
/// fraction of a divided unit, or null; `to`, `to_name`: null without a successor).
pub(super) const LINEAGE_KEYS: [&str; 8] = ["basis", "effective", "from", "from_name", "kind", "share", "to", "to_name"];

/// The links behind the outcome's figures, each as its fields in the order of `LINEAGE_KEYS`.
pub(super) fn lineage_fields(o: &Outcome) -> Vec<[Option<Cow<'_, str>>; 8]> {
    let units = &o.ctx.units;
    o.lineage()
        .into_iter()
        .map(|(l, share)| {
            [
                Some(Cow::Borrowed(l.basis.as_str())),
                Some(Cow::Owned(l.effective.to_string())),
                Some(Cow::Borrowed(units.unit(l.old).code.as_str())),
                Some(Cow::Borrowed(units.unit(l.old).name.as_str())),
                Some(Cow::Borrowed(l.kind.as_str())),
                share.map(|s| Cow::Owned(s.fraction_text())),
                l.new.map(|n| Cow::Borrowed(units.unit(n).code.as_str())),
                l.new.map(|n| Cow::Borrowed(units.unit(n).name.as_str())),
            ]
        })
        .collect()
}

/// `null`, or the links behind the outcome's figures: `[{"basis", "effective",
/// "from", "from_name", "kind", "share", "to", "to_name"}]`.
fn lineage(m: &mut Obj, o: &Outcome) {
    let links = lineage_fields(o);
    if links.is_empty() {
        return m.null("lineage");
    }
    let mut a = m.arr("lineage");
    for fields in links {
        let mut x = a.obj();
        for (k, f) in LINEAGE_KEYS.iter().zip(&fields) {
            x.opt(k, f.as_deref());
        }
        x.close();
    }
    a.close();
}

/// The keys of a reading taken across a reform (`note`: the specifics;
/// `rule`: the reading and its reason, in the output's language).
pub(super) const REFORM_KEYS: [&str; 5] = ["note", "note_en", "note_vi", "reading", "rule"];

/// A reading's fields in the order of `REFORM_KEYS`.
pub(super) fn reform_fields(n: &super::reform::Note, lang: Lang) -> [&str; 5] {
    [n.detail(lang), &n.detail_en, &n.detail_vi, n.reading.id(), n.reading.text(lang)]
}

/// `null`, or the readings taken across a reform: `[{"note", "note_en",
/// "note_vi", "reading", "rule"}]`.
fn reform(m: &mut Obj, o: &Outcome, lang: Lang) {
    if o.reform.is_empty() {
        return m.null("reform");
    }
    let mut a = m.arr("reform");
    for n in &o.reform {
        let mut x = a.obj();
        for (k, f) in REFORM_KEYS.iter().zip(reform_fields(n, lang)) {
            x.str(k, f);
        }
        x.close();
    }
    a.close();
}

/// A verdict's fields, alone or (a part) with its name, requirement and
/// explanation, in key order.
fn write_verdict(m: &mut Obj, v: &Verdict, sh: &Shown, part: Option<(&str, &str, &str)>) {
    m.opt("actual", sh.actual.as_deref());
    m.opt("actual_exact", sh.actual_exact.as_deref());
    baseline(m, Some(sh));
    m.opt("change", sh.change.as_deref());
    m.str("comparator", v.comparator.symbol());
    m.opt("denominator", sh.denominator.as_deref());
    if let Some((explanation, _, _)) = part {
        m.str("explanation", explanation);
    }
    m.opt("margin", sh.margin.as_deref());
    m.str("margin_unit", sh.margin_unit());
    m.str("measure_unit", sh.measure_unit());
    missing(m, Some(v));
    if let Some((_, name, _)) = part {
        m.str("name", name);
    }
    m.opt("numerator", sh.numerator.as_deref());
    if let Some((_, _, required)) = part {
        m.str("required", required);
    }
    m.opt("required_count", sh.required_count.as_deref());
    m.opt("required_value", sh.required_value.as_deref());
    m.str("status", v.status.as_str());
    stretch(m, Some(sh));
}

/// Parses JSON this module wrote (a `Value` for callers that want one).
fn parsed(buf: &[u8]) -> Value {
    serde_json::from_slice(buf).unwrap_or(Value::Null)
}

impl Verdict {
    /// The numeric fields of an outcome or a part.
    pub fn json_fields(&self) -> serde_json::Map<String, Value> {
        let mut buf = Vec::new();
        let mut m = Obj::open(&mut buf, 0);
        write_verdict(&mut m, self, &Shown::of(self), None);
        m.close();
        match parsed(&buf) {
            Value::Object(m) => m,
            _ => serde_json::Map::new(),
        }
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
    /// Where the requirement is written: the target's clause, or, for a unit
    /// judged against its share of a split target, the table row (and
    /// column) that sets the share ("Phụ biểu 01, dòng 2 “Thành phố Cẩm Phả”,
    /// cột “…”"), not the province figure's clause.
    pub fn clause(&self, lang: Lang) -> Cow<'_, str> {
        match self.cited_share() {
            Some(s) => Cow::Owned(s.citation(lang, self.verdict.is_some())),
            None => {
                let t = &self.target_def().target;
                Cow::Borrowed(pick(lang, &t.clause_vi, &t.clause_en))
            }
        }
    }
    /// The citation of the explanation: the document and `clause` ("Nghị
    /// quyết 314/2020/NQ-HĐND, Điều 1 khoản 2 điểm a"), made once per target
    /// unless a table row is cited.
    fn source(&self, lang: Lang) -> Cow<'_, str> {
        match self.cited_share() {
            Some(_) => Cow::Owned(super::cite(self.document_def(), &self.clause(lang), lang)),
            None => Cow::Borrowed(self.ctx.source(self.target, lang)),
        }
    }
    /// The unit's row of the table that splits the target (of the part shown alone).
    fn cited_share(&self) -> Option<Share<'_>> {
        // No table splits the target at this unit's level.
        self.allocation.as_ref()?;
        let key = self.part.and_then(|i| self.target_def().target.parts.get(i as usize)).and_then(|p| p.key.as_deref());
        share_of(&self.ctx.cat, self.target(), key, self.unit_def()).filter(|s| s.row.is_some())
    }
    /// The target's name (the part's, for a part shown alone).
    pub fn name(&self, lang: Lang) -> &str {
        let t = &self.target_def().target;
        match self.part.and_then(|i| t.parts.get(i as usize)) {
            Some(p) => pick(lang, &p.name_vi, &p.name_en),
            None => pick(lang, &t.name_vi, &t.name_en),
        }
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
    /// The level of the document's own targets when this outcome extends one
    /// of them to a lower level (NQ 314's province targets judged for a
    /// commune, 32-CT/TU's for a district): `Some(Level::Province)`. `None`
    /// for a unit of the document's own level, and for a unit judged against
    /// its share in an allocation table (the table sets its requirement).
    pub fn extended_from(&self) -> Option<Level> {
        if self.allocation.is_some() {
            return None;
        }
        let own = self.ctx.scopes.level(self.target_def().document, self.unit)?;
        (self.unit_def().level > own).then_some(own)
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
        structure_of(&self.ctx.units, self.unit, &self.period)
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

    /// One part of a composite outcome (the part with `key`) as an outcome of
    /// its own, so an allocation table's cell reads like any other.
    pub(crate) fn part_alone(&self, key: &str) -> Option<Outcome> {
        let i = self.target_def().target.parts.iter().position(|p| p.key.as_deref() == Some(key))?;
        let v = self.parts.get(i)?.clone();
        Some(Outcome { status: v.status, verdict: Some(v), parts: Vec::new(), part: Some(i as u32), ..self.clone() })
    }
    /// The parts of a composite target (empty for a single requirement).
    pub fn parts(&self) -> impl Iterator<Item = PartOutcome<'_>> {
        self.parts.iter().enumerate().map(move |(index, verdict)| PartOutcome { outcome: self, index, verdict })
    }

    /// The numbers and comparison of a verdict in words (no name, no source).
    fn describe(&self, v: &Verdict, lang: Lang) -> String {
        let table = self.allocation.as_ref().and_then(|(a, _)| self.ctx.cat.allocations().nth(*a as usize)).map(|(t, _)| (table_name(t, Lang::Vi), table_name(t, Lang::En)));
        explain::body(v, lang, &|why, lang| super::undecided_text(Some((&self.ctx.cat, &self.ctx.units)), why, lang, table))
    }

    /// "Tỷ lệ điều tra, khám phá: 79/100 = 79,00% < 80% (Nghị quyết 314/2020/NQ-HĐND, ...)",
    /// with " — kết quả được đánh giá theo chỉ tiêu ..." when another target
    /// governs (never the words of the status not_applicable).
    pub fn explanation(&self, lang: Lang) -> String {
        let body = match (&self.verdict, self.part) {
            // A part shown alone reads as the part does within its target.
            (Some(v), Some(_)) => return format!("{}: {}", self.name(lang), self.describe(v, lang)),
            (Some(v), None) => self.describe(v, lang),
            (None, _) => self.parts().map(|p| p.explanation(lang)).collect::<Vec<_>>().join("; "),
        };
        let mut s = format!("{}: {body} ({})", self.name(lang), self.source(lang));
        // A reading across a reform that the numbers do not already say.
        for n in self.reform.iter().filter(|n| !self.undecided_by(n)) {
            match lang {
                Lang::Vi => s.push_str(&format!(" [sắp xếp đơn vị hành chính: {}]", n.detail(lang))),
                Lang::En => s.push_str(&format!(" [administrative reorganisation: {}]", n.detail(lang))),
            }
        }
        if let Some(own) = self.extended_from() {
            let level = self.level();
            match lang {
                Lang::Vi => s.push_str(&format!(" — chỉ tiêu cấp {}, áp dụng mở rộng cho cấp {}", own.name(lang), level.name(lang))),
                Lang::En => s.push_str(&format!(" — a {}-level target, extended to the {} level", own.name(lang), level.name(lang))),
            }
        }
        if let Some(winner) = self.superseded_by() {
            match lang {
                Lang::Vi => s.push_str(&format!(" — kết quả được đánh giá theo chỉ tiêu {winner}, có mức yêu cầu ngang bằng hoặc cao hơn")),
                Lang::En => s.push_str(&format!(" — the result is judged by {winner}, whose requirement is equal or stricter")),
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
        let mut buf = Vec::new();
        self.write_json(lang, &mut buf, 0);
        parsed(&buf)
    }

    /// The public JSON object as pretty text, at `depth` levels of indentation.
    pub fn write_json(&self, lang: Lang, buf: &mut Vec<u8>, depth: usize) {
        let o = self;
        let sh = o.verdict.as_ref().map(Shown::of);
        let sh = sh.as_ref();
        let (vi, en) = (o.explanation(Lang::Vi), o.explanation(Lang::En));
        let f = |get: fn(&Shown) -> &Option<String>| sh.and_then(|s| get(s).as_deref());
        let mut m = Obj::open(buf, depth);
        m.opt("actual", f(|s| &s.actual));
        m.opt("actual_exact", f(|s| &s.actual_exact));
        match o.allocation() {
            Some((table, share)) => {
                let mut a = m.obj("allocation");
                a.str("share", &share.decimal_text());
                a.str("table", table);
                a.close();
            }
            None => m.null("allocation"),
        }
        baseline(&mut m, sh);
        m.opt("change", f(|s| &s.change));
        m.str("clause", &o.clause(lang));
        m.str("clause_en", &o.clause(Lang::En));
        m.str("clause_vi", &o.clause(Lang::Vi));
        if let Some(v) = &o.verdict {
            m.str("comparator", v.comparator.symbol());
        }
        m.opt("denominator", f(|s| &s.denominator));
        m.str("document", o.document());
        m.str("document_id", o.document_id());
        m.str("explanation", pick(lang, &vi, &en));
        m.str("explanation_en", &en);
        m.str("explanation_vi", &vi);
        m.opt("extended_from", o.extended_from().map(|l| l.as_str()));
        m.bool("governing", o.governing);
        m.str("indicator", o.indicator());
        m.opt("interpretation", o.interpretation(lang));
        m.strs("lead", o.lead());
        m.str("level", o.level().as_str());
        lineage(&mut m, o);
        m.opt("margin", f(|s| &s.margin));
        if let Some(sh) = sh {
            m.str("margin_unit", sh.margin_unit());
            m.str("measure_unit", sh.measure_unit());
        }
        missing(&mut m, o.verdict.as_ref());
        m.str("name", o.name(lang));
        m.opt("numerator", f(|s| &s.numerator));
        m.strs("partners", o.partners());
        if !o.parts.is_empty() {
            let mut a = m.arr("parts");
            for p in o.parts() {
                let psh = Shown::of(p.verdict);
                let (explanation, required) = (p.explanation(lang), explain::required_text(p.verdict, lang));
                let mut po = a.obj();
                write_verdict(&mut po, p.verdict, &psh, Some((&explanation, p.name(lang), &required)));
                po.close();
            }
            a.close();
        }
        m.str("period", &o.period.to_string());
        reform(&mut m, o, lang);
        m.str("required", &o.required(lang));
        m.opt("required_count", f(|s| &s.required_count));
        m.opt("required_value", f(|s| &s.required_value));
        m.str("status", o.status.as_str());
        stretch(&mut m, sh);
        m.opt("structure", o.structure());
        m.opt("superseded_by", o.superseded_by());
        m.str("target", o.target());
        m.str("unit", o.unit());
        m.str("unit_name", o.unit_name());
        m.close();
    }

    /// The CSV row of the outcome (see `CSV_COLUMNS`), with its newline.
    pub fn write_csv(&self, lang: Lang, buf: &mut Vec<u8>) {
        let sh = self.verdict.as_ref().map(Shown::of);
        let s = |f: fn(&Shown) -> &Option<String>| sh.as_ref().and_then(|s| f(s).as_deref()).unwrap_or("");
        let (bp, bv) = sh.as_ref().and_then(|s| s.baseline.as_ref()).map_or(("", ""), |(p, v)| (p.as_str(), v.as_str()));
        let fields: [&str; 21] = [
            self.target(),
            self.indicator(),
            self.document(),
            &self.clause(lang),
            self.unit(),
            self.unit_name(),
            &self.period.to_string(),
            self.status.as_str(),
            s(|s| &s.actual),
            s(|s| &s.numerator),
            s(|s| &s.denominator),
            &self.required(lang),
            s(|s| &s.required_value),
            bp,
            bv,
            s(|s| &s.change),
            s(|s| &s.margin),
            if self.governing { "true" } else { "false" },
            self.superseded_by().unwrap_or_default(),
            &self.explanation(lang),
            self.extended_from().map_or("", |l| l.as_str()),
        ];
        super::write::csv_record(&fields, buf);
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

/// Columns of the CSV form, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "target", "indicator", "document", "clause", "unit", "unit_name", "period", "status", "actual", "numerator", "denominator", "required",
    "required_value", "baseline_period", "baseline_value", "change", "margin", "governing", "superseded_by", "explanation", "extended_from",
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
            "units_without_figures": self.units_without_figures.iter().map(|w| serde_json::to_value(w.json(lang)).unwrap_or(Value::Null)).collect::<Vec<_>>(),
        })
    }

    /// The pretty JSON text, byte for byte what the command line writes.
    pub fn to_json_text(&self, lang: Lang) -> String {
        let mut out = Vec::new();
        // Writing to memory cannot fail.
        let _ = super::write::json(&self.header(), lang, std::iter::once(self.outcomes.as_slice()), &self.units_without_figures, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// One row per outcome (composite targets show their parts in
    /// `explanation`), then one row per unit without figures.
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut out = Vec::new();
        let _ = super::write::csv_header(&mut out)
            .and_then(|_| super::write::csv_rows(&self.outcomes, lang, &mut out))
            .and_then(|_| super::write::csv_without_figures(&self.units_without_figures, lang, &mut out));
        String::from_utf8(out).unwrap_or_default()
    }
}
