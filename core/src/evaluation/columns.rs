//! Outcomes as Arrow columns (feature `arrow`), for the Python package's
//! `to_arrow()`, `to_polars()` and `to_pandas()`.
//!
//! One column per field of the public JSON contract, made straight from the
//! outcomes (no JSON value in between), in the order of `OUTCOME_COLUMNS`:
//! exact numbers as decimal text, nested objects flattened (`baseline` ->
//! `baseline_period`, `baseline_value`; `stretch` -> `stretch_value`,
//! `stretch_reached`; `allocation` -> `allocation_table`,
//! `allocation_share`), the lists (`lead`, `partners`, `missing`, `parts`,
//! `reform`, `lineage`) as Arrow lists of text or of structs with the JSON
//! keys as fields, and, for plotting only, a `<name>_float` column beside each
//! decimal column of `FLOAT_COLUMNS`. A value the JSON writes as null is null.
//! Only the columns asked for are made: explanations, requirements and other
//! text cost nothing when not asked for.
//!
//! The units without figures (the JSON's `units_without_figures`) are a table
//! of their own: `without_figures_batch`.

use std::borrow::Cow;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StringArray, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Fields, Schema};

use super::outcome::{lineage_fields, missing_fields, missing_of, reform_fields, Shown, LINEAGE_KEYS, MISSING_KEYS, REFORM_KEYS};
use super::{explain, Outcome, UnitWithoutFigures};
use crate::error::Error;
use crate::Lang;

/// The columns of an outcome, in order: the JSON contract's fields (nested
/// ones flattened), then the float columns for plotting.
pub const OUTCOME_COLUMNS: [&str; 50] = {
    let mut names = [""; 50];
    let mut i = 0;
    while i < names.len() {
        #[allow(clippy::indexing_slicing)] // both arrays have 50 items; a const block checks it at compile time
        {
            names[i] = COLS[i].0;
        }
        i += 1;
    }
    names
};

/// A column of `OUTCOME_COLUMNS`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Col {
    Target,
    Indicator,
    Document,
    DocumentId,
    Clause,
    ClauseVi,
    ClauseEn,
    Name,
    Unit,
    UnitName,
    Level,
    Period,
    Status,
    MeasureUnit,
    Actual,
    ActualExact,
    Numerator,
    Denominator,
    Comparator,
    Required,
    RequiredValue,
    RequiredCount,
    BaselinePeriod,
    BaselineValue,
    Change,
    Margin,
    MarginUnit,
    StretchValue,
    StretchReached,
    Governing,
    SupersededBy,
    Explanation,
    ExplanationVi,
    ExplanationEn,
    ExtendedFrom,
    Interpretation,
    Lead,
    Partners,
    AllocationTable,
    AllocationShare,
    Missing,
    Parts,
    Structure,
    Reform,
    Lineage,
    ActualFloat,
    RequiredValueFloat,
    BaselineValueFloat,
    ChangeFloat,
    MarginFloat,
}

/// Every column with its name, in the order of `OUTCOME_COLUMNS`.
const COLS: [(&str, Col); 50] = [
    ("target", Col::Target),
    ("indicator", Col::Indicator),
    ("document", Col::Document),
    ("document_id", Col::DocumentId),
    ("clause", Col::Clause),
    ("clause_vi", Col::ClauseVi),
    ("clause_en", Col::ClauseEn),
    ("name", Col::Name),
    ("unit", Col::Unit),
    ("unit_name", Col::UnitName),
    ("level", Col::Level),
    ("period", Col::Period),
    ("status", Col::Status),
    ("measure_unit", Col::MeasureUnit),
    ("actual", Col::Actual),
    ("actual_exact", Col::ActualExact),
    ("numerator", Col::Numerator),
    ("denominator", Col::Denominator),
    ("comparator", Col::Comparator),
    ("required", Col::Required),
    ("required_value", Col::RequiredValue),
    ("required_count", Col::RequiredCount),
    ("baseline_period", Col::BaselinePeriod),
    ("baseline_value", Col::BaselineValue),
    ("change", Col::Change),
    ("margin", Col::Margin),
    ("margin_unit", Col::MarginUnit),
    ("stretch_value", Col::StretchValue),
    ("stretch_reached", Col::StretchReached),
    ("governing", Col::Governing),
    ("superseded_by", Col::SupersededBy),
    ("explanation", Col::Explanation),
    ("explanation_vi", Col::ExplanationVi),
    ("explanation_en", Col::ExplanationEn),
    ("extended_from", Col::ExtendedFrom),
    ("interpretation", Col::Interpretation),
    ("lead", Col::Lead),
    ("partners", Col::Partners),
    ("allocation_table", Col::AllocationTable),
    ("allocation_share", Col::AllocationShare),
    ("missing", Col::Missing),
    ("parts", Col::Parts),
    ("structure", Col::Structure),
    ("reform", Col::Reform),
    ("lineage", Col::Lineage),
    ("actual_float", Col::ActualFloat),
    ("required_value_float", Col::RequiredValueFloat),
    ("baseline_value_float", Col::BaselineValueFloat),
    ("change_float", Col::ChangeFloat),
    ("margin_float", Col::MarginFloat),
];

/// The decimal-text columns that also have a `<name>_float` column.
pub const FLOAT_COLUMNS: &[&str] = &["actual", "required_value", "baseline_value", "change", "margin"];

/// The JSON contract's object of an outcome (or of `check`'s verdict) with
/// its nested objects flattened as the columns are (`baseline` ->
/// `baseline_period`, `baseline_value`...) and a `<name>_float` beside each
/// decimal field of `FLOAT_COLUMNS` (null when absent): the rule the columns
/// follow, stated on the JSON.
pub fn flatten(o: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::Value;
    let Value::Object(mut m) = o else { return serde_json::Map::new() };
    for (key, fields) in [("baseline", ["period", "value"]), ("stretch", ["value", "reached"]), ("allocation", ["table", "share"])] {
        let inner = m.remove(key).unwrap_or(Value::Null);
        for f in fields {
            m.insert(format!("{key}_{f}"), inner.get(f).cloned().unwrap_or(Value::Null));
        }
    }
    for c in FLOAT_COLUMNS {
        let f = m.get(*c).and_then(Value::as_str).and_then(|s| s.parse::<f64>().ok());
        m.insert(format!("{c}_float"), f.and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number));
    }
    m
}

/// The columns of the units without figures, in order (`targets` is an integer).
pub const WITHOUT_FIGURES_COLUMNS: &[&str] =
    &["unit", "unit_name", "level", "document", "document_id", "period", "structure", "targets", "explanation", "explanation_vi", "explanation_en"];

/// The keys of a part of a composite outcome, in the JSON's order.
const PART_KEYS: [&str; 18] = [
    "actual", "actual_exact", "baseline", "change", "comparator", "denominator", "explanation", "margin", "margin_unit", "measure_unit", "missing",
    "name", "numerator", "required", "required_count", "required_value", "status", "stretch",
];

fn text_field(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn struct_of_texts(keys: &[&str]) -> Fields {
    keys.iter().map(|k| text_field(k)).collect()
}

fn list_of(item: DataType) -> DataType {
    DataType::List(Arc::new(Field::new("item", item, true)))
}

fn baseline_type() -> DataType {
    DataType::Struct(struct_of_texts(&["period", "value"]))
}

fn stretch_type() -> DataType {
    DataType::Struct(Fields::from(vec![Field::new("reached", DataType::Boolean, true), text_field("value")]))
}

fn part_type() -> DataType {
    let fields: Fields = PART_KEYS
        .iter()
        .map(|k| match *k {
            "baseline" => Field::new(*k, baseline_type(), true),
            "stretch" => Field::new(*k, stretch_type(), true),
            "missing" => Field::new(*k, list_of(DataType::Struct(struct_of_texts(&MISSING_KEYS))), true),
            _ => text_field(k),
        })
        .collect();
    DataType::Struct(fields)
}

/// Offsets and validity of a list column being built.
struct Offsets {
    ends: Vec<i32>,
    valid: Vec<bool>,
}

impl Offsets {
    fn new(rows: usize) -> Offsets {
        let mut ends = Vec::with_capacity(rows + 1);
        ends.push(0);
        Offsets { ends, valid: Vec::with_capacity(rows) }
    }
    /// Ends a row of `len` items in all (null: `valid` false).
    fn row(&mut self, len: usize, valid: bool) {
        self.ends.push(i32::try_from(len).unwrap_or(i32::MAX));
        self.valid.push(valid);
    }
    fn list(self, item: DataType, values: ArrayRef) -> Result<ArrayRef, Error> {
        let nulls = nulls(self.valid);
        let offsets = OffsetBuffer::new(ScalarBuffer::from(self.ends));
        ListArray::try_new(Arc::new(Field::new("item", item, true)), offsets, values, nulls).map(|a| Arc::new(a) as ArrayRef).map_err(arrow_error)
    }
}

fn nulls(valid: Vec<bool>) -> Option<NullBuffer> {
    if valid.iter().all(|v| *v) {
        None
    } else {
        Some(NullBuffer::from(valid))
    }
}

fn arrow_error(e: arrow_schema::ArrowError) -> Error {
    Error::Invalid(format!("internal error making Arrow columns (please report it): {e}"))
}

fn finish_text(b: &mut StringBuilder) -> ArrayRef {
    Arc::new(b.finish())
}

/// A list of structs of text fields (`missing`, `reform`, `lineage`).
struct Records {
    keys: &'static [&'static str],
    fields: Vec<StringBuilder>,
    items: usize,
    offsets: Offsets,
}

impl Records {
    fn new(keys: &'static [&'static str], rows: usize) -> Records {
        Records { keys, fields: keys.iter().map(|_| StringBuilder::new()).collect(), items: 0, offsets: Offsets::new(rows) }
    }
    fn item<S: AsRef<str>>(&mut self, fields: impl IntoIterator<Item = Option<S>>) {
        for (b, f) in self.fields.iter_mut().zip(fields) {
            b.append_option(f);
        }
        self.items += 1;
    }
    fn end_row(&mut self, valid: bool) {
        self.offsets.row(self.items, valid);
    }
    fn item_type(&self) -> DataType {
        DataType::Struct(struct_of_texts(self.keys))
    }
    fn finish(mut self) -> Result<ArrayRef, Error> {
        let item = self.item_type();
        let DataType::Struct(fields) = &item else { return Err(Error::Invalid("internal: records of no struct".into())) };
        let arrays: Vec<ArrayRef> = self.fields.iter_mut().map(finish_text).collect();
        let values = StructArray::try_new(fields.clone(), arrays, None).map_err(arrow_error)?;
        self.offsets.list(item, Arc::new(values))
    }
}

/// The parts of composite outcomes: a list of structs (`PART_KEYS`).
struct Parts {
    /// Text fields, by index in `PART_KEYS` (the others are unused).
    texts: Vec<StringBuilder>,
    baseline: [StringBuilder; 2],
    baseline_valid: Vec<bool>,
    stretch_reached: BooleanBuilder,
    stretch_value: StringBuilder,
    stretch_valid: Vec<bool>,
    missing: Records,
    items: usize,
    offsets: Offsets,
}

impl Parts {
    fn new(rows: usize) -> Parts {
        Parts {
            texts: PART_KEYS.iter().map(|_| StringBuilder::new()).collect(),
            baseline: [StringBuilder::new(), StringBuilder::new()],
            baseline_valid: Vec::new(),
            stretch_reached: BooleanBuilder::new(),
            stretch_value: StringBuilder::new(),
            stretch_valid: Vec::new(),
            missing: Records::new(&MISSING_KEYS, 0),
            items: 0,
            offsets: Offsets::new(rows),
        }
    }
    fn text(&mut self, key: &str, v: Option<&str>) {
        if let Some(b) = PART_KEYS.iter().position(|k| *k == key).and_then(|i| self.texts.get_mut(i)) {
            b.append_option(v);
        }
    }
    fn row(&mut self, o: &Outcome, lang: Lang) {
        if o.parts.is_empty() {
            return self.offsets.row(self.items, false);
        }
        for p in o.parts() {
            let v = p.verdict;
            let sh = Shown::of(v);
            self.text("actual", sh.actual.as_deref());
            self.text("actual_exact", sh.actual_exact.as_deref());
            let (bp, bv) = sh.baseline.as_ref().map_or((None, None), |(p, v)| (Some(p.as_str()), Some(v.as_str())));
            let [period, value] = &mut self.baseline;
            period.append_option(bp);
            value.append_option(bv);
            self.baseline_valid.push(sh.baseline.is_some());
            self.text("change", sh.change.as_deref());
            self.text("comparator", Some(v.comparator.symbol()));
            self.text("denominator", sh.denominator.as_deref());
            self.text("explanation", Some(&p.explanation(lang)));
            self.text("margin", sh.margin.as_deref());
            self.text("margin_unit", Some(sh.margin_unit()));
            self.text("measure_unit", Some(sh.measure_unit()));
            for x in missing_of(Some(v)) {
                self.missing.item(missing_fields(x).map(Some));
            }
            self.missing.end_row(true);
            self.text("name", Some(p.name(lang)));
            self.text("numerator", sh.numerator.as_deref());
            self.text("required", Some(&explain::required_text(v, lang)));
            self.text("required_count", sh.required_count.as_deref());
            self.text("required_value", sh.required_value.as_deref());
            self.text("status", Some(v.status.as_str()));
            self.stretch_reached.append_option(sh.stretch.as_ref().map(|s| s.1));
            self.stretch_value.append_option(sh.stretch.as_ref().map(|s| s.0.as_str()));
            self.stretch_valid.push(sh.stretch.is_some());
            self.items += 1;
        }
        self.offsets.row(self.items, true);
    }
    fn finish(mut self) -> Result<ArrayRef, Error> {
        let item = part_type();
        let DataType::Struct(fields) = &item else { return Err(Error::Invalid("internal: parts of no struct".into())) };
        let mut missing = Some(self.missing);
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(PART_KEYS.len());
        for (i, f) in fields.iter().enumerate() {
            let a: ArrayRef = match f.name().as_str() {
                "baseline" => {
                    let DataType::Struct(bf) = baseline_type() else { return Err(Error::Invalid("internal: baseline".into())) };
                    let [p, v] = &mut self.baseline;
                    Arc::new(StructArray::try_new(bf, vec![finish_text(p), finish_text(v)], nulls(std::mem::take(&mut self.baseline_valid))).map_err(arrow_error)?)
                }
                "stretch" => {
                    let DataType::Struct(sf) = stretch_type() else { return Err(Error::Invalid("internal: stretch".into())) };
                    let reached: ArrayRef = Arc::new(self.stretch_reached.finish());
                    let s = StructArray::try_new(sf, vec![reached, finish_text(&mut self.stretch_value)], nulls(std::mem::take(&mut self.stretch_valid)));
                    Arc::new(s.map_err(arrow_error)?)
                }
                "missing" => match missing.take() {
                    Some(m) => m.finish()?,
                    None => return Err(Error::Invalid("internal: missing twice".into())),
                },
                _ => match self.texts.get_mut(i) {
                    Some(b) => finish_text(b),
                    None => return Err(Error::Invalid("internal: part field".into())),
                },
            };
            arrays.push(a);
        }
        let values = StructArray::try_new(fields.clone(), arrays, None).map_err(arrow_error)?;
        self.offsets.list(item, Arc::new(values))
    }
}

/// One column being built.
enum Sink {
    Text(StringBuilder),
    Flag(BooleanBuilder),
    Float(Float64Builder),
    Words(Records),
    Records(Records),
    Parts(Box<Parts>),
}

impl Sink {
    fn for_column(col: Col, rows: usize) -> Sink {
        match col {
            Col::Governing | Col::StretchReached => Sink::Flag(BooleanBuilder::with_capacity(rows)),
            Col::Lead | Col::Partners => Sink::Words(Records::new(&["item"], rows)),
            Col::Missing => Sink::Records(Records::new(&MISSING_KEYS, rows)),
            Col::Reform => Sink::Records(Records::new(&REFORM_KEYS, rows)),
            Col::Lineage => Sink::Records(Records::new(&LINEAGE_KEYS, rows)),
            Col::Parts => Sink::Parts(Box::new(Parts::new(rows))),
            c if c.exact().is_some() => Sink::Float(Float64Builder::with_capacity(rows)),
            _ => Sink::Text(StringBuilder::with_capacity(rows, rows * 16)),
        }
    }
    fn finish(self) -> Result<(DataType, ArrayRef), Error> {
        Ok(match self {
            Sink::Text(mut b) => (DataType::Utf8, finish_text(&mut b)),
            Sink::Flag(mut b) => (DataType::Boolean, Arc::new(b.finish())),
            Sink::Float(mut b) => (DataType::Float64, Arc::new(b.finish())),
            Sink::Words(mut r) => {
                // A list of text, not of one-field structs.
                let values = r.fields.first_mut().map(finish_text).unwrap_or_else(|| Arc::new(StringArray::from(Vec::<String>::new())));
                let a = r.offsets.list(DataType::Utf8, values)?;
                (a.data_type().clone(), a)
            }
            Sink::Records(r) => {
                let a = r.finish()?;
                (a.data_type().clone(), a)
            }
            Sink::Parts(p) => {
                let a = p.finish()?;
                (a.data_type().clone(), a)
            }
        })
    }
}

/// What one outcome's columns are made from, each piece made once and only when asked.
struct Row<'o> {
    o: &'o Outcome,
    lang: Lang,
    sh: Option<Shown>,
    vi: Option<String>,
    en: Option<String>,
}

impl<'o> Row<'o> {
    fn explanation(&mut self, lang: Lang) -> &str {
        let (slot, o) = match lang {
            Lang::Vi => (&mut self.vi, self.o),
            Lang::En => (&mut self.en, self.o),
        };
        slot.get_or_insert_with(|| o.explanation(lang))
    }
    fn shown(&self, get: fn(&Shown) -> Option<&str>) -> Option<&str> {
        self.sh.as_ref().and_then(get)
    }
    /// The value of a text column.
    fn text(&mut self, col: Col) -> Option<Cow<'_, str>> {
        let (o, lang) = (self.o, self.lang);
        Some(match col {
            Col::Target => Cow::Borrowed(o.target()),
            Col::Indicator => Cow::Borrowed(o.indicator()),
            Col::Document => Cow::Borrowed(o.document()),
            Col::DocumentId => Cow::Borrowed(o.document_id()),
            Col::Clause => o.clause(lang),
            Col::ClauseVi => o.clause(Lang::Vi),
            Col::ClauseEn => o.clause(Lang::En),
            Col::Name => Cow::Borrowed(o.name(lang)),
            Col::Unit => Cow::Borrowed(o.unit()),
            Col::UnitName => Cow::Borrowed(o.unit_name()),
            Col::Level => Cow::Borrowed(o.level().as_str()),
            Col::Period => Cow::Owned(o.period.to_string()),
            Col::Status => Cow::Borrowed(o.status.as_str()),
            Col::MeasureUnit => Cow::Borrowed(self.sh.as_ref()?.measure_unit()),
            Col::MarginUnit => Cow::Borrowed(self.sh.as_ref()?.margin_unit()),
            Col::Actual => Cow::Borrowed(self.shown(|s| s.actual.as_deref())?),
            Col::ActualExact => Cow::Borrowed(self.shown(|s| s.actual_exact.as_deref())?),
            Col::Numerator => Cow::Borrowed(self.shown(|s| s.numerator.as_deref())?),
            Col::Denominator => Cow::Borrowed(self.shown(|s| s.denominator.as_deref())?),
            Col::Comparator => Cow::Borrowed(o.verdict.as_ref()?.comparator.symbol()),
            Col::Required => Cow::Owned(o.required(lang)),
            Col::RequiredValue => Cow::Borrowed(self.shown(|s| s.required_value.as_deref())?),
            Col::RequiredCount => Cow::Borrowed(self.shown(|s| s.required_count.as_deref())?),
            Col::BaselinePeriod => Cow::Borrowed(self.shown(|s| s.baseline.as_ref().map(|b| b.0.as_str()))?),
            Col::BaselineValue => Cow::Borrowed(self.shown(|s| s.baseline.as_ref().map(|b| b.1.as_str()))?),
            Col::Change => Cow::Borrowed(self.shown(|s| s.change.as_deref())?),
            Col::Margin => Cow::Borrowed(self.shown(|s| s.margin.as_deref())?),
            Col::StretchValue => Cow::Borrowed(self.shown(|s| s.stretch.as_ref().map(|x| x.0.as_str()))?),
            Col::SupersededBy => Cow::Borrowed(o.superseded_by()?),
            Col::Explanation => Cow::Borrowed(self.explanation(lang)),
            Col::ExplanationVi => Cow::Borrowed(self.explanation(Lang::Vi)),
            Col::ExplanationEn => Cow::Borrowed(self.explanation(Lang::En)),
            Col::ExtendedFrom => Cow::Borrowed(o.extended_from()?.as_str()),
            Col::Interpretation => Cow::Borrowed(o.interpretation(lang)?),
            Col::AllocationTable => Cow::Borrowed(o.allocation()?.0),
            Col::AllocationShare => Cow::Owned(o.allocation()?.1.decimal_text()),
            Col::Structure => Cow::Borrowed(o.structure()?),
            _ => return None,
        })
    }
    fn put(&mut self, col: Col, sink: &mut Sink) {
        let o = self.o;
        match sink {
            Sink::Text(b) => match self.text(col) {
                Some(t) => b.append_value(t),
                None => b.append_null(),
            },
            Sink::Flag(b) => b.append_option(match col {
                Col::Governing => Some(o.governing),
                _ => self.sh.as_ref().and_then(|s| s.stretch.as_ref()).map(|s| s.1),
            }),
            Sink::Float(b) => {
                let exact = col.exact().and_then(|c| self.text(c));
                b.append_option(exact.and_then(|t| t.parse::<f64>().ok()).filter(|f| f.is_finite()));
            }
            Sink::Words(r) => {
                for w in if col == Col::Lead { o.lead() } else { o.partners() } {
                    r.item([Some(w)]);
                }
                r.end_row(true);
            }
            Sink::Records(r) => match col {
                Col::Missing => {
                    for x in missing_of(o.verdict.as_ref()) {
                        r.item(missing_fields(x).map(Some));
                    }
                    r.end_row(true);
                }
                Col::Reform => {
                    for n in o.reform() {
                        r.item(reform_fields(n, self.lang).map(Some));
                    }
                    r.end_row(!o.reform().is_empty());
                }
                _ => {
                    let links = lineage_fields(o);
                    let any = !links.is_empty();
                    for l in links {
                        r.item(l);
                    }
                    r.end_row(any);
                }
            },
            Sink::Parts(p) => p.row(o, self.lang),
        }
    }
}

impl Col {
    /// The decimal column a float column is made from.
    fn exact(self) -> Option<Col> {
        Some(match self {
            Col::ActualFloat => Col::Actual,
            Col::RequiredValueFloat => Col::RequiredValue,
            Col::BaselineValueFloat => Col::BaselineValue,
            Col::ChangeFloat => Col::Change,
            Col::MarginFloat => Col::Margin,
            _ => return None,
        })
    }
    /// Whether the column is read from the verdict's numbers as shown.
    fn numeric(self) -> bool {
        self.exact().is_some()
            || matches!(
                self,
                Col::MeasureUnit
                    | Col::MarginUnit
                    | Col::Actual
                    | Col::ActualExact
                    | Col::Numerator
                    | Col::Denominator
                    | Col::RequiredValue
                    | Col::RequiredCount
                    | Col::BaselinePeriod
                    | Col::BaselineValue
                    | Col::Change
                    | Col::Margin
                    | Col::StretchValue
                    | Col::StretchReached
            )
    }
    /// The columns named (every column for `None`), checked.
    fn chosen(columns: Option<&[&str]>) -> Result<Vec<(&'static str, Col)>, Error> {
        let Some(columns) = columns else { return Ok(COLS.to_vec()) };
        let mut out: Vec<(&'static str, Col)> = Vec::with_capacity(columns.len());
        for c in columns {
            let Some(found) = COLS.iter().find(|(n, _)| n == c) else {
                return Err(Error::Invalid(format!("unknown column '{c}': expected some of {}", OUTCOME_COLUMNS.join(", "))));
            };
            if out.contains(found) {
                return Err(Error::Invalid(format!("column '{c}' is asked for twice")));
            }
            out.push(*found);
        }
        Ok(out)
    }
}

/// The outcomes as one record batch of the columns named (in that order;
/// every column of `OUTCOME_COLUMNS` for `None`), names, requirements and
/// explanations in `lang`. An unknown column is an error naming it.
pub fn outcome_batch(outcomes: &[Outcome], lang: Lang, columns: Option<&[&str]>) -> Result<RecordBatch, Error> {
    let cols = Col::chosen(columns)?;
    let mut sinks: Vec<Sink> = cols.iter().map(|(_, c)| Sink::for_column(*c, outcomes.len())).collect();
    let numbers = cols.iter().any(|(_, c)| c.numeric());
    for o in outcomes {
        let mut row = Row { o, lang, sh: if numbers { o.verdict.as_ref().map(Shown::of) } else { None }, vi: None, en: None };
        for ((_, col), sink) in cols.iter().zip(sinks.iter_mut()) {
            row.put(*col, sink);
        }
    }
    let mut fields = Vec::with_capacity(cols.len());
    let mut arrays = Vec::with_capacity(cols.len());
    for ((name, _), sink) in cols.iter().zip(sinks) {
        let (t, a) = sink.finish()?;
        fields.push(Field::new(*name, t, true));
        arrays.push(a);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(arrow_error)
}

/// The units without figures as one record batch (`WITHOUT_FIGURES_COLUMNS`),
/// their explanation in `lang` and in both languages.
pub fn without_figures_batch(items: &[UnitWithoutFigures], lang: Lang) -> Result<RecordBatch, Error> {
    let n = items.len();
    let mut texts: Vec<StringBuilder> = WITHOUT_FIGURES_COLUMNS.iter().map(|_| StringBuilder::with_capacity(n, n * 8)).collect();
    let mut targets = Int64Builder::with_capacity(n);
    for w in items {
        let (vi, en, period) = (w.explanation(Lang::Vi), w.explanation(Lang::En), w.period.to_string());
        let values: [Option<&str>; 11] = [
            Some(w.unit()),
            Some(w.unit_name()),
            Some(w.level().as_str()),
            Some(w.document()),
            Some(w.document_id()),
            Some(&period),
            w.structure(),
            None,
            Some(if lang == Lang::Vi { &vi } else { &en }),
            Some(&vi),
            Some(&en),
        ];
        for (b, v) in texts.iter_mut().zip(values) {
            b.append_option(v);
        }
        targets.append_value(i64::from(w.targets));
    }
    let mut fields = Vec::with_capacity(texts.len());
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(texts.len());
    for (name, b) in WITHOUT_FIGURES_COLUMNS.iter().zip(texts.iter_mut()) {
        let a: ArrayRef = if *name == "targets" { Arc::new(targets.finish()) } else { finish_text(b) };
        fields.push(Field::new(*name, a.data_type().clone(), true));
        arrays.push(a);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(arrow_error)
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};
    use serde_json::Value;

    use super::*;
    use crate::catalogue::Catalogue;
    use crate::evaluation::{evaluate, Evaluation, UnitFilter};
    use crate::units::UnitRegistry;

    /// One cell as the JSON value it stands for.
    fn cell(a: &dyn Array, i: usize) -> Value {
        if a.is_null(i) {
            return Value::Null;
        }
        match a.data_type() {
            DataType::Utf8 => Value::String(a.as_string::<i32>().value(i).to_string()),
            DataType::Boolean => Value::Bool(a.as_boolean().value(i)),
            DataType::Float64 => serde_json::Number::from_f64(a.as_primitive::<Float64Type>().value(i)).map_or(Value::Null, Value::Number),
            DataType::Int64 => Value::from(a.as_primitive::<Int64Type>().value(i)),
            DataType::List(_) => {
                let items = a.as_list::<i32>().value(i);
                Value::Array((0..items.len()).map(|j| cell(items.as_ref(), j)).collect())
            }
            DataType::Struct(fields) => {
                let s = a.as_struct();
                Value::Object(fields.iter().zip(s.columns()).map(|(f, c)| (f.name().clone(), cell(c.as_ref(), i))).collect())
            }
            t => panic!("unexpected type {t}"),
        }
    }

    fn run(period: &str) -> Evaluation {
        let ds = crate::sample::dataset();
        evaluate(&Catalogue::builtin(), &UnitRegistry::builtin(), &ds, period.parse().unwrap(), &UnitFilter::All).unwrap()
    }

    /// Every column of every outcome is the JSON writer's field, in both
    /// languages, on the sample's 2023 and on 2025 (across the reform: readings
    /// and lineage); and every field of the JSON is a column.
    #[test]
    fn columns_are_the_json_contract_flattened() {
        let mut seen: Vec<&str> = Vec::new();
        for period in ["2023", "2025"] {
            let ev = run(period);
            for lang in [Lang::Vi, Lang::En] {
                let b = outcome_batch(&ev.outcomes, lang, None).unwrap();
                assert_eq!(b.schema().fields().iter().map(|f| f.name().as_str()).collect::<Vec<_>>(), OUTCOME_COLUMNS.to_vec());
                assert_eq!(b.num_rows(), ev.outcomes.len());
                for (i, o) in ev.outcomes.iter().enumerate() {
                    let want = flatten(o.to_json(lang));
                    for k in want.keys() {
                        assert!(OUTCOME_COLUMNS.contains(&k.as_str()), "the JSON field {k} has no column");
                    }
                    for (name, col) in OUTCOME_COLUMNS.iter().zip(b.columns()) {
                        let got = cell(col.as_ref(), i);
                        assert_eq!(got, want.get(*name).cloned().unwrap_or(Value::Null), "{period} {lang:?} row {i} ({} {}) column {name}", o.target(), o.unit());
                        if !matches!(got, Value::Null | Value::Array(_)) || matches!(&got, Value::Array(a) if !a.is_empty()) {
                            if !seen.contains(name) {
                                seen.push(name);
                            }
                        }
                    }
                }
            }
        }
        // Not vacuous: the sample fills every column somewhere (parts,
        // stretch, allocation, readings across the reform, lineage...).
        let empty: Vec<&&str> = OUTCOME_COLUMNS.iter().filter(|c| !seen.contains(c)).collect();
        assert!(empty.is_empty(), "columns never filled: {empty:?}");
    }

    /// Only the columns asked for, in the order asked; an unknown one is named.
    #[test]
    fn columns_are_chosen_by_name() {
        let ev = run("2023");
        let b = outcome_batch(&ev.outcomes, Lang::En, Some(&["status", "target", "actual_float"])).unwrap();
        assert_eq!(b.schema().fields().iter().map(|f| f.name().as_str()).collect::<Vec<_>>(), ["status", "target", "actual_float"]);
        let all = outcome_batch(&ev.outcomes, Lang::En, None).unwrap();
        for name in ["status", "target", "actual_float"] {
            assert_eq!(b.column_by_name(name).unwrap().as_ref(), all.column_by_name(name).unwrap().as_ref());
        }
        let e = outcome_batch(&ev.outcomes, Lang::En, Some(&["status", "verdict"])).unwrap_err().to_string();
        assert!(e.contains("unknown column 'verdict'") && e.contains("explanation_vi"), "{e}");
        assert!(outcome_batch(&ev.outcomes, Lang::En, Some(&["unit", "unit"])).unwrap_err().to_string().contains("twice"));
    }

    /// The units without figures are the JSON's list, column by column.
    #[test]
    fn units_without_figures_are_the_json_list() {
        let ev = run("2023");
        assert!(!ev.units_without_figures.is_empty());
        for lang in [Lang::Vi, Lang::En] {
            let b = without_figures_batch(&ev.units_without_figures, lang).unwrap();
            for (i, w) in ev.units_without_figures.iter().enumerate() {
                let want = serde_json::to_value(w.json(lang)).unwrap();
                let Value::Object(want) = want else { panic!() };
                assert_eq!(want.len(), WITHOUT_FIGURES_COLUMNS.len());
                for (name, col) in WITHOUT_FIGURES_COLUMNS.iter().zip(b.columns()) {
                    assert_eq!(cell(col.as_ref(), i), want[*name], "row {i} column {name}");
                }
            }
        }
    }
}
