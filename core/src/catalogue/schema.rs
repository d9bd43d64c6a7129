//! The catalogue file format: what a document's targets look like as data.
//!
//! One TOML file per document (see `core/catalogue/*.toml`). The shape is meant
//! to be read and written by the people who read the documents: comparators are
//! written as in RULES.md (">=", ">"), values as in the text ("80%", "2/3", "550"),
//! periods as words ("each year 2021-2025", "by 2025").

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::exact::Exact;
use crate::period::Period;
use crate::units::Level;

/// One catalogue file. Every section is optional so a user's file can add only
/// variables, or only targets for an existing document.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    #[serde(default, rename = "variable", skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<VariableDef>,
    #[serde(default, rename = "target", skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    #[serde(default, rename = "allocation", skip_serializing_if = "Vec::is_empty")]
    pub allocations: Vec<Allocation>,
    /// Selection, certification and keep-clean criteria of a recognition scheme
    /// (see `crate::certification`).
    #[serde(default, rename = "criterion", skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<Criterion>,
    /// Dated phases of a scheme's roadmap.
    #[serde(default, rename = "phase", skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<Phase>,
    /// Tasks with a lead unit, partners and a due time (Phụ lục II of 102/KH-UBND).
    #[serde(default, rename = "task", skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Resolution,
    Plan,
    Directive,
}

impl DocumentKind {
    pub fn name(&self, lang: crate::Lang) -> &'static str {
        use crate::Lang::*;
        match (self, lang) {
            (DocumentKind::Resolution, Vi) => "Nghị quyết",
            (DocumentKind::Resolution, En) => "Resolution",
            (DocumentKind::Plan, Vi) => "Kế hoạch",
            (DocumentKind::Plan, En) => "Plan",
            (DocumentKind::Directive, Vi) => "Chỉ thị",
            (DocumentKind::Directive, En) => "Directive",
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Short id used as the prefix of target ids: "nq314", "kh50", "kh02", "kh102", "ct32".
    pub id: String,
    /// The number as printed: "314/2020/NQ-HĐND".
    pub number: String,
    pub kind: DocumentKind,
    pub issuer_vi: String,
    pub issuer_en: String,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<NaiveDate>,
    pub title_vi: String,
    pub title_en: String,
    /// Where it binds: the unit whose authority issued it and every unit under
    /// it (`"22"` the province, `"195"` Cẩm Phả), several such units
    /// (`["193", "195"]`), or anywhere (`"*"`, a national benchmark).
    pub scope: Scope,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VariableKind {
    /// A number of people, cases, units: a non-negative integer; adds up.
    Count,
    /// Money or time (VND, minutes): non-negative, may have decimals; adds up.
    Amount,
    /// Yes/no, stored as 1/0; never adds up.
    Flag,
    /// A rate already computed by the data owner (0..100); never adds up.
    Percent,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VariableDef {
    pub name: String,
    pub kind: VariableKind,
    pub name_vi: String,
    pub name_en: String,
    /// The wholes this variable is a part of ("trong đó"): part <= whole for
    /// the same unit and period. One name, or a list when it lies in several
    /// wholes (new warrants caught: of the new warrants, and of all caught).
    #[serde(default, deserialize_with = "de_names", serialize_with = "ser_names", skip_serializing_if = "Vec::is_empty")]
    pub part_of: Vec<String>,
}

/// One name or a list of names (`part_of = "x"` or `part_of = ["x", "y"]`).
fn de_names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::One(s) => vec![s],
        Raw::Many(v) => v,
    })
}
/// Written back as it is read: one name as a string, several as a list.
fn ser_names<S: Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
    match v {
        [one] => s.serialize_str(one),
        many => many.serialize(s),
    }
}

/// Where a document binds (its `scope`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `"*"`: every unit of any registry (a national benchmark).
    Anywhere,
    /// These units and every unit under them.
    Units(Vec<String>),
}

impl Scope {
    /// The scope as written in a catalogue file: `"22"`, `"193, 195"`, `"*"`.
    pub fn text(&self) -> String {
        match self {
            Scope::Anywhere => "*".to_string(),
            Scope::Units(codes) => codes.join(", "),
        }
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let codes = de_names(d)?;
        match codes.as_slice() {
            [star] if star == "*" => Ok(Scope::Anywhere),
            [] => Err(serde::de::Error::custom("a scope names at least one unit code, or \"*\" for anywhere")),
            many if many.iter().any(|c| c == "*" || c.trim().is_empty()) => {
                Err(serde::de::Error::custom("a scope is \"*\" alone, or unit codes (\"22\", [\"193\", \"195\"])"))
            }
            _ => Ok(Scope::Units(codes)),
        }
    }
}
impl Serialize for Scope {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Scope::Anywhere => s.serialize_str("*"),
            Scope::Units(codes) => ser_names(codes, s),
        }
    }
}

impl VariableKind {
    /// Whether children's values add up to the parent's (counts and amounts).
    pub fn additive(&self) -> bool {
        matches!(self, VariableKind::Count | VariableKind::Amount)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum Comparator {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = ">")]
    MoreThan,
    #[serde(rename = "<")]
    LessThan,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "=")]
    Equal,
}

impl Comparator {
    pub fn symbol(&self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::MoreThan => ">",
            Comparator::LessThan => "<",
            Comparator::AtMost => "≤",
            Comparator::Equal => "=",
        }
    }
    pub fn holds(&self, actual: &Exact, required: &Exact) -> bool {
        self.holds_for(actual.cmp(required))
    }
    /// Whether the comparison holds when the actual value compares with the
    /// required one as `o` (for integer fast paths that compare without
    /// building exact values).
    pub fn holds_for(&self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            Comparator::AtLeast => o != Less,
            Comparator::MoreThan => o == Greater,
            Comparator::LessThan => o == Less,
            Comparator::AtMost => o != Greater,
            Comparator::Equal => o == Equal,
        }
    }
}

/// The threshold: a number, or the baseline's own value ("lower than 2022").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleValue {
    Fixed(Exact),
    Baseline,
}

impl<'de> Deserialize<'de> for RuleValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = StringOrNumber::deserialize(d)?.0;
        if s == "baseline" {
            Ok(RuleValue::Baseline)
        } else {
            Exact::parse_threshold(&s)
                .map(RuleValue::Fixed)
                .map_err(|e| serde::de::Error::custom(format!("{e}; expected a number, a percentage ('80%'), a fraction ('2/3') or 'baseline'")))
        }
    }
}
impl Serialize for RuleValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RuleValue::Fixed(e) => s.serialize_str(&e.fraction_text()),
            RuleValue::Baseline => s.serialize_str("baseline"),
        }
    }
}

/// Accepts `"80%"` or a bare TOML number.
struct StringOrNumber(String);
impl<'de> Deserialize<'de> for StringOrNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            S(String),
            I(i64),
            F(f64),
        }
        Ok(StringOrNumber(match Raw::deserialize(d)? {
            Raw::S(s) => s,
            Raw::I(i) => i.to_string(),
            // A float literal in TOML is already inexact: make the author write a string.
            Raw::F(f) => return Err(serde::de::Error::custom(format!("write {f} as a string (\"{f}\") so it is read exactly"))),
        }))
    }
}

/// An exact number in a catalogue file ("2/3", "80%", 550).
pub fn de_exact<'de, D: Deserializer<'de>>(d: D) -> Result<Exact, D::Error> {
    let s = StringOrNumber::deserialize(d)?.0;
    Exact::parse_threshold(&s).map_err(serde::de::Error::custom)
}
pub fn de_opt_exact<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Exact>, D::Error> {
    de_exact(d).map(Some)
}
pub fn ser_exact<S: Serializer>(e: &Exact, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&e.fraction_text())
}
pub fn ser_opt_exact<S: Serializer>(e: &Option<Exact>, s: S) -> Result<S::Ok, S::Error> {
    match e {
        Some(e) => ser_exact(e, s),
        None => s.serialize_none(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Decrease,
    Increase,
}

/// What the actual value is compared against when a rule is relative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Baseline {
    /// A fixed period: "so với năm 2020", "so với giai đoạn 2016-2020".
    Fixed(Period),
    /// "so với năm trước": the same kind of period one year earlier.
    PreviousYear,
}

impl FromStr for Baseline {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim() {
            "previous_year" => Ok(Baseline::PreviousYear),
            t => t
                .parse::<Period>()
                .map(Baseline::Fixed)
                .map_err(|e| format!("{e}; or 'previous_year'")),
        }
    }
}
impl fmt::Display for Baseline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Baseline::Fixed(p) => write!(f, "{p}"),
            Baseline::PreviousYear => f.write_str("previous_year"),
        }
    }
}
impl<'de> Deserialize<'de> for Baseline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        StringOrNumber::deserialize(d)?.0.parse().map_err(serde::de::Error::custom)
    }
}
impl Serialize for Baseline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// The requirement a measure must satisfy.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub comparator: Comparator,
    pub value: RuleValue,
    /// The far end of "từ 5% đến 10%": reported, never a ceiling.
    #[serde(default, deserialize_with = "de_opt_exact", serialize_with = "ser_opt_exact", skip_serializing_if = "Option::is_none")]
    pub stretch: Option<Exact>,
    /// Present for "giảm/tăng X% so với ...": the measure is the relative change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Direction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
}

/// How the actual value is obtained from data.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Measure {
    /// One variable's value for the unit and period.
    Value(String),
    /// numerator / denominator, as a fraction (shown as a percentage).
    Ratio { numerator: String, denominator: String },
    /// Share of the unit's child units (at `level`) whose `variable` is at least
    /// `at_least` (default 1: a yes flag).
    UnitsShare {
        level: Level,
        variable: String,
        #[serde(default = "one", deserialize_with = "de_exact", serialize_with = "ser_exact")]
        at_least: Exact,
    },
    /// Number of the unit's child units (at `level`) whose `variable` is at least `at_least`.
    UnitsCount {
        level: Level,
        variable: String,
        #[serde(default = "one", deserialize_with = "de_exact", serialize_with = "ser_exact")]
        at_least: Exact,
    },
    /// Share of the months of the period whose `variable` is at least `at_least`.
    MonthsShare {
        variable: String,
        #[serde(default = "one", deserialize_with = "de_exact", serialize_with = "ser_exact")]
        at_least: Exact,
    },
    /// Share of the unit's child units at `level` that the unit's own `count`
    /// does not count: (children − count) / children. "Xã không tệ nạn ma túy"
    /// is the complement of the count of communes "có tệ nạn ma túy".
    ComplementShare { level: Level, count: String },
    /// Number of the unit's child units at `level` that `count` does not count.
    ComplementCount { level: Level, count: String },
}

fn one() -> Exact {
    Exact::one()
}

impl Measure {
    /// The variables this measure reads.
    pub fn variables(&self) -> Vec<&str> {
        match self {
            Measure::Value(v) => vec![v],
            Measure::Ratio { numerator, denominator } => vec![numerator, denominator],
            Measure::UnitsShare { variable, .. }
            | Measure::UnitsCount { variable, .. }
            | Measure::MonthsShare { variable, .. }
            | Measure::ComplementShare { count: variable, .. }
            | Measure::ComplementCount { count: variable, .. } => vec![variable],
        }
    }
    /// Whether the actual value is a fraction (shown as a percentage).
    pub fn is_fraction(&self) -> bool {
        matches!(self, Measure::Ratio { .. } | Measure::UnitsShare { .. } | Measure::MonthsShare { .. } | Measure::ComplementShare { .. })
    }
    /// The level of the child units a measure counts, if it counts units.
    pub fn counted_level(&self) -> Option<Level> {
        match self {
            Measure::UnitsShare { level, .. } | Measure::UnitsCount { level, .. } | Measure::ComplementShare { level, .. } | Measure::ComplementCount { level, .. } => Some(*level),
            _ => None,
        }
    }
}

/// When a target binds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetPeriod {
    /// One year: "năm 2023".
    Year(i32),
    /// "Hằng năm" within a range: "each year 2021-2025".
    EachYear(i32, i32),
    /// "Đến năm 2025": the state in that year.
    By(i32),
    /// Cumulative over a span: "2021-2025" (sum of the years).
    Span(i32, i32),
}

impl FromStr for TargetPeriod {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let bad = || format!("'{s}' is not a target period: expected '2023', 'each year 2021-2025', 'by 2025' or '2021-2025'");
        if let Some(r) = t.strip_prefix("each year ") {
            match r.parse::<Period>() {
                Ok(Period::Span(a, b)) => Ok(TargetPeriod::EachYear(a, b)),
                _ => Err(bad()),
            }
        } else if let Some(r) = t.strip_prefix("by ") {
            match r.parse::<Period>() {
                Ok(Period::Year(y)) => Ok(TargetPeriod::By(y)),
                _ => Err(bad()),
            }
        } else {
            match t.parse::<Period>() {
                Ok(Period::Year(y)) => Ok(TargetPeriod::Year(y)),
                Ok(Period::Span(a, b)) => Ok(TargetPeriod::Span(a, b)),
                _ => Err(bad()),
            }
        }
    }
}
impl fmt::Display for TargetPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetPeriod::Year(y) => write!(f, "{y}"),
            TargetPeriod::EachYear(a, b) => write!(f, "each year {a}-{b}"),
            TargetPeriod::By(y) => write!(f, "by {y}"),
            TargetPeriod::Span(a, b) => write!(f, "{a}-{b}"),
        }
    }
}
impl TargetPeriod {
    /// The period as the documents say it: "Hằng năm 2021-2025", "Đến năm 2025".
    pub fn words(&self, lang: crate::Lang) -> String {
        use crate::Lang::*;
        match (self, lang) {
            (TargetPeriod::Year(y), Vi) => format!("Năm {y}"),
            (TargetPeriod::EachYear(a, b), Vi) => format!("Hằng năm {a}-{b}"),
            (TargetPeriod::By(y), Vi) => format!("Đến năm {y}"),
            (TargetPeriod::Span(a, b), Vi) => format!("Cả giai đoạn {a}-{b}"),
            (TargetPeriod::Year(y), En) => format!("{y}"),
            (TargetPeriod::EachYear(a, b), En) => format!("Each year {a}-{b}"),
            (TargetPeriod::By(y), En) => format!("By {y}"),
            (TargetPeriod::Span(a, b), En) => format!("The whole of {a}-{b}"),
        }
    }
}
impl<'de> Deserialize<'de> for TargetPeriod {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        StringOrNumber::deserialize(d)?.0.parse().map_err(serde::de::Error::custom)
    }
}
impl Serialize for TargetPeriod {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// One part of a target that names several requirements in one sentence
/// ("100% of cases investigated; 100% of victims supported").
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// Optional short name an allocation column uses to split this part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub name_vi: String,
    pub name_en: String,
    pub measure: Measure,
    pub rule: Rule,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Stable public id: "nq314.crime.clearance_rate".
    pub id: String,
    /// What is measured, shared by targets that bind the same thing: among them
    /// the most demanding governs (precedence).
    pub indicator: String,
    pub clause_vi: String,
    pub clause_en: String,
    /// The Vietnamese words of the document, verbatim.
    pub phrase: String,
    /// Where the layout cuts the sentence (a table cell interrupted by the
    /// next cells), the words after the cut, verbatim: the phrase reads
    /// `phrase` + " " + `phrase_continues`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrase_continues: Option<String>,
    pub name_vi: String,
    pub name_en: String,
    pub domain: String,
    /// Unit levels the target applies to.
    pub levels: Vec<Level>,
    /// When non-empty, only these unit codes (a city plan binds its city).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
    pub period: TargetPeriod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<Measure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    #[serde(default, rename = "part", skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation_en: Option<String>,
    /// "Đơn vị chủ trì": who answers for the target.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead: Vec<String>,
    /// "Đơn vị phối hợp".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<String>,
}

impl Target {
    /// The whole verbatim phrase, rejoined where the layout cut it.
    pub fn full_phrase(&self) -> String {
        match &self.phrase_continues {
            Some(rest) => format!("{} {rest}", self.phrase),
            None => self.phrase.clone(),
        }
    }
}

/// A table that splits province targets among units (Phụ biểu 01 and 02 of 02/KH-UBND).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    pub id: String,
    pub table_vi: String,
    pub table_en: String,
    /// How a citation names the table: "Phụ biểu 01" / "Annex table 01"
    /// (default: the table's title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause_en: Option<String>,
    /// The level of the units that receive shares.
    pub level: Level,
    #[serde(rename = "column")]
    pub columns: Vec<AllocationColumn>,
    #[serde(rename = "row")]
    pub rows: Vec<AllocationRow>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationColumn {
    pub key: String,
    /// The target whose total this column splits.
    pub target: String,
    /// For a target of several parts: the `key` of the part this column splits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    pub name_vi: String,
    pub name_en: String,
    /// The total row as printed.
    #[serde(deserialize_with = "de_exact", serialize_with = "ser_exact")]
    pub stated_total: Exact,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationRow {
    /// The unit receiving the shares; absent for a recipient that is not an
    /// administrative unit (the provincial rehab facility).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The row's number as printed ("TT"), when the table numbers its rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<String>,
    pub label_vi: String,
    /// Column key -> share. A key left out is a blank ("-") cell, not a zero.
    #[serde(deserialize_with = "de_shares", serialize_with = "ser_shares")]
    pub values: std::collections::BTreeMap<String, Exact>,
}

fn de_shares<'de, D: Deserializer<'de>>(d: D) -> Result<std::collections::BTreeMap<String, Exact>, D::Error> {
    let raw = std::collections::BTreeMap::<String, StringOrNumber>::deserialize(d)?;
    raw.into_iter()
        .map(|(k, v)| Exact::parse_threshold(&v.0).map(|e| (k, e)).map_err(serde::de::Error::custom))
        .collect()
}
fn ser_shares<S: Serializer>(m: &std::collections::BTreeMap<String, Exact>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(m.len()))?;
    for (k, v) in m {
        map.serialize_entry(k, &v.fraction_text())?;
    }
    map.end()
}

// ---------------------------------------------------------------------------
// Recognition schemes: criteria judged on dated facts (50/KH-UBND Mục II.4-5).
// ---------------------------------------------------------------------------

/// When a criterion is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Choosing the units to build (at a selection date S).
    Select,
    /// Recognising a unit at a review date R.
    Certify,
    /// Keeping a recognition earned earlier ("giữ sạch").
    Keep,
}

/// How a unit takes part in a programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    /// Already clean: keep it so ("giữ sạch").
    KeepClean,
    /// Selected to be made clean ("làm sạch").
    MakeClean,
}

impl Track {
    pub fn as_str(&self) -> &'static str {
        match self {
            Track::KeepClean => "keep_clean",
            Track::MakeClean => "make_clean",
        }
    }
}

/// The kind of a dated event record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    DrugOffence,
    NewAddict,
    NewUser,
    SeriousIncident,
    Relapse,
}

impl EventKind {
    pub const ALL: [EventKind; 5] = [EventKind::DrugOffence, EventKind::NewAddict, EventKind::NewUser, EventKind::SeriousIncident, EventKind::Relapse];
    pub fn as_str(&self) -> &'static str {
        match self {
            EventKind::DrugOffence => "drug_offence",
            EventKind::NewAddict => "new_addict",
            EventKind::NewUser => "new_user",
            EventKind::SeriousIncident => "serious_incident",
            EventKind::Relapse => "relapse",
        }
    }
    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// (singular, plural) words.
    pub fn words(&self, lang: crate::Lang) -> (&'static str, &'static str) {
        use crate::Lang::*;
        match (self, lang) {
            (EventKind::DrugOffence, Vi) => ("vụ phạm tội về ma túy", "vụ phạm tội về ma túy"),
            (EventKind::NewAddict, Vi) => ("người nghiện mới", "người nghiện mới"),
            (EventKind::NewUser, Vi) => ("người sử dụng trái phép mới", "người sử dụng trái phép mới"),
            (EventKind::SeriousIncident, Vi) => ("vụ việc nghiêm trọng do người sử dụng, người nghiện gây ra", "vụ việc nghiêm trọng do người sử dụng, người nghiện gây ra"),
            (EventKind::Relapse, Vi) => ("trường hợp tái nghiện, tái sử dụng", "trường hợp tái nghiện, tái sử dụng"),
            (EventKind::DrugOffence, En) => ("drug offence", "drug offences"),
            (EventKind::NewAddict, En) => ("new addict", "new addicts"),
            (EventKind::NewUser, En) => ("new drug user", "new drug users"),
            (EventKind::SeriousIncident, En) => ("serious incident by a user or addict", "serious incidents by users or addicts"),
            (EventKind::Relapse, En) => ("relapse", "relapses"),
        }
    }
}

/// Where the offender of a drug offence lives, relative to the commune of the record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Residence {
    /// "thường trú".
    Permanent,
    /// "tạm trú".
    Temporary,
    /// Not a resident of the commune.
    None,
}

impl Residence {
    pub const ALL: [Residence; 3] = [Residence::Permanent, Residence::Temporary, Residence::None];
    pub fn as_str(&self) -> &'static str {
        match self {
            Residence::Permanent => "permanent",
            Residence::Temporary => "temporary",
            Residence::None => "none",
        }
    }
    pub fn parse(s: &str) -> Option<Residence> {
        Residence::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// "by a temporary resident".
    pub fn words(&self, lang: crate::Lang) -> &'static str {
        use crate::Lang::*;
        match (self, lang) {
            (Residence::Permanent, Vi) => "do người thường trú gây ra",
            (Residence::Temporary, Vi) => "do người tạm trú gây ra",
            (Residence::None, Vi) => "do người không cư trú trên địa bàn gây ra",
            (Residence::Permanent, En) => "by a permanent resident",
            (Residence::Temporary, En) => "by a temporary resident",
            (Residence::None, En) => "by a non-resident",
        }
    }
}

/// How grave an event is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    LessSerious,
    Serious,
    VerySerious,
    EspeciallySerious,
    /// "có biểu hiện ngáo đá": drug-induced psychosis.
    Psychosis,
}

impl Severity {
    pub const ALL: [Severity; 5] = [Severity::LessSerious, Severity::Serious, Severity::VerySerious, Severity::EspeciallySerious, Severity::Psychosis];
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::LessSerious => "less_serious",
            Severity::Serious => "serious",
            Severity::VerySerious => "very_serious",
            Severity::EspeciallySerious => "especially_serious",
            Severity::Psychosis => "psychosis",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|k| k.as_str() == s)
    }
    pub fn words(&self, lang: crate::Lang) -> &'static str {
        use crate::Lang::*;
        match (self, lang) {
            (Severity::LessSerious, Vi) => "ít nghiêm trọng",
            (Severity::Serious, Vi) => "nghiêm trọng",
            (Severity::VerySerious, Vi) => "rất nghiêm trọng",
            (Severity::EspeciallySerious, Vi) => "đặc biệt nghiêm trọng",
            (Severity::Psychosis, Vi) => "có biểu hiện “ngáo đá”",
            (Severity::LessSerious, En) => "less serious",
            (Severity::Serious, En) => "serious",
            (Severity::VerySerious, En) => "very serious",
            (Severity::EspeciallySerious, En) => "especially serious",
            (Severity::Psychosis, En) => "drug-induced psychosis",
        }
    }
}

/// The dates an event count looks at, relative to the date of judgement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventWindow {
    /// "trong vòng 12 tháng trước thời điểm": (date - n calendar months, date].
    MonthsBefore(u32),
    /// From the unit's entry into the programme to the date, both included.
    Programme,
    /// After the unit's recognition, up to the date.
    SinceCertification,
    /// The days of a roadmap phase (by id), up to the date.
    Phase(String),
}

impl FromStr for EventWindow {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let bad = || format!("'{s}' is not an event window: expected '12 months before', 'programme', 'since certification' or 'phase <id>'");
        match t {
            "programme" => Ok(EventWindow::Programme),
            "since certification" => Ok(EventWindow::SinceCertification),
            _ => {
                if let Some(id) = t.strip_prefix("phase ") {
                    return Ok(EventWindow::Phase(id.trim().to_string()));
                }
                let n = t.strip_suffix(" months before").ok_or_else(bad)?;
                match n.trim().parse::<u32>() {
                    Ok(n) if n > 0 => Ok(EventWindow::MonthsBefore(n)),
                    _ => Err(bad()),
                }
            }
        }
    }
}
impl fmt::Display for EventWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventWindow::MonthsBefore(n) => write!(f, "{n} months before"),
            EventWindow::Programme => f.write_str("programme"),
            EventWindow::SinceCertification => f.write_str("since certification"),
            EventWindow::Phase(id) => write!(f, "phase {id}"),
        }
    }
}
impl<'de> Deserialize<'de> for EventWindow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        StringOrNumber::deserialize(d)?.0.parse().map_err(serde::de::Error::custom)
    }
}
impl Serialize for EventWindow {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

/// A count of dated events of the unit (a district counts its communes'
/// events) in a window: "no more than 2 drug offences by residents in the 12
/// months before S".
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventCount {
    pub kinds: Vec<EventKind>,
    /// Counted offenders' residence; empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub residence: Vec<Residence>,
    /// Counted severities; empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<Severity>,
    pub window: EventWindow,
}

/// How a criterion's quantity is obtained: the figure measures of targets
/// (read at the date of judgement), or a count of dated events.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CriterionMeasure {
    Value(String),
    Ratio { numerator: String, denominator: String },
    UnitsShare {
        level: Level,
        variable: String,
        #[serde(default = "one", deserialize_with = "de_exact", serialize_with = "ser_exact")]
        at_least: Exact,
    },
    UnitsCount {
        level: Level,
        variable: String,
        #[serde(default = "one", deserialize_with = "de_exact", serialize_with = "ser_exact")]
        at_least: Exact,
    },
    Events(EventCount),
}

impl CriterionMeasure {
    /// The same measure in the vocabulary of targets, for figures; `None` for events.
    pub fn figure(&self) -> Option<Measure> {
        Some(match self {
            CriterionMeasure::Value(v) => Measure::Value(v.clone()),
            CriterionMeasure::Ratio { numerator, denominator } => Measure::Ratio { numerator: numerator.clone(), denominator: denominator.clone() },
            CriterionMeasure::UnitsShare { level, variable, at_least } => Measure::UnitsShare { level: *level, variable: variable.clone(), at_least: at_least.clone() },
            CriterionMeasure::UnitsCount { level, variable, at_least } => Measure::UnitsCount { level: *level, variable: variable.clone(), at_least: at_least.clone() },
            CriterionMeasure::Events(_) => return None,
        })
    }
    pub fn events(&self) -> Option<&EventCount> {
        match self {
            CriterionMeasure::Events(e) => Some(e),
            _ => None,
        }
    }
    pub fn variables(&self) -> Vec<&str> {
        match self {
            CriterionMeasure::Value(v) => vec![v],
            CriterionMeasure::Ratio { numerator, denominator } => vec![numerator, denominator],
            CriterionMeasure::UnitsShare { variable, .. } | CriterionMeasure::UnitsCount { variable, .. } => vec![variable],
            CriterionMeasure::Events(_) => vec![],
        }
    }
    pub fn is_fraction(&self) -> bool {
        matches!(self, CriterionMeasure::Ratio { .. } | CriterionMeasure::UnitsShare { .. })
    }
}

/// What `value = "baseline"` compares with in a criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionBaseline {
    /// The same measure on the figures at the unit's entry into the programme.
    Entry,
}

/// One requirement of a criterion that names several in one sentence.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionPart {
    pub name_vi: String,
    pub name_en: String,
    pub measure: CriterionMeasure,
    pub rule: Rule,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<CriterionBaseline>,
    /// What must change when the part is not met; placeholders {need}, {have},
    /// {whole}, {actual}, {required}, {baseline}, {events}, {units}.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap_en: Option<String>,
}

/// A criterion of a recognition scheme: "Có tổng số dưới 10 người nghiện ma
/// túy ngoài cộng đồng" as data. Its id starts with the document id
/// (`kh50.select.commune.addicts_lt_10`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub stage: Stage,
    pub level: Level,
    pub clause_vi: String,
    pub clause_en: String,
    /// The Vietnamese words of the document, verbatim.
    pub phrase: String,
    pub name_vi: String,
    pub name_en: String,
    /// Criteria of one stage and level are all required; when some name an
    /// alternative, a unit passes when every criterion of one alternative is met
    /// ("designated by name, or more than 70% ... and no key commune").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<String>,
    /// False for a criterion that is reported but does not decide.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub decides: bool,
    /// When non-empty, only units on these tracks of the programme.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracks: Vec<Track>,
    /// When non-empty, only units that entered the programme in these years.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entry_years: Vec<i32>,
    /// A criterion met by the units it names (and by no other).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub designated: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measure: Option<CriterionMeasure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<CriterionBaseline>,
    /// `"entry"`: figures are read as they stood at the unit's entry into the
    /// programme (the register's `<variable>_at_entry`, or the latest report on
    /// or before the entry date) instead of at the date of judgement; for a
    /// requirement due by the end of the phase before entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures_at: Option<CriterionBaseline>,
    #[serde(default, rename = "part", skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<CriterionPart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation_en: Option<String>,
}

impl Criterion {
    /// The requirements as parts: a single measure and rule is one part.
    pub fn as_parts(&self) -> Vec<CriterionPart> {
        match (&self.measure, &self.rule) {
            (Some(m), Some(r)) => vec![CriterionPart {
                name_vi: self.name_vi.clone(),
                name_en: self.name_en.clone(),
                measure: m.clone(),
                rule: r.clone(),
                baseline: self.baseline,
                gap_vi: self.gap_vi.clone(),
                gap_en: self.gap_en.clone(),
            }],
            _ => self.parts.clone(),
        }
    }
}

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}

/// A dated phase of a scheme's roadmap (Mục II.3.1: "giai đoạn từ 01/01/2024
/// đến 30/4/2024 ..."), with the number of units the plan puts on it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    pub clause_vi: String,
    pub clause_en: String,
    pub phrase: String,
    pub name_vi: String,
    pub name_en: String,
    pub from: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track: Option<Track>,
    /// Communes the plan puts on this track in this phase's year (42 make-clean in 2024).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub districts: Option<u32>,
    /// True for the days a recognition review is held in (Mục II.7: "tháng
    /// 12/2024 và tháng 12/2025"); a review dated outside every such phase
    /// of its scheme is reported with a warning.
    #[serde(default, skip_serializing_if = "is_false")]
    pub review: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A task of a plan with who leads it, who helps and when it is due ("Quý
/// I", "Tháng 1 và tháng 6", "trước ngày 31/01/2023"). Its status comes from
/// the completion dates a user gives (see `crate::tasks`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: String,
    pub clause_vi: String,
    pub clause_en: String,
    /// The words of the document, verbatim.
    pub phrase: String,
    pub name_vi: String,
    pub name_en: String,
    /// The due time as printed ("Quý I", "Cả năm").
    pub due_vi: String,
    pub due_en: String,
    /// When it is due, one period per occurrence, in order: a quarter
    /// ("2023-Q1"), a month ("2023-06"), a year ("2023": "cả năm"), or a day
    /// ("2023-01-30": "trước ngày 31/01/2023"), due from the document's date.
    pub due: Vec<crate::period::Period>,
    /// "Đơn vị chủ trì".
    pub lead: Vec<String>,
    /// "Đơn vị phối hợp".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpretation_en: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_periods_read_like_the_text() {
        assert_eq!("each year 2021-2025".parse::<TargetPeriod>().unwrap(), TargetPeriod::EachYear(2021, 2025));
        assert_eq!("by 2025".parse::<TargetPeriod>().unwrap(), TargetPeriod::By(2025));
        assert_eq!("2023".parse::<TargetPeriod>().unwrap(), TargetPeriod::Year(2023));
        assert_eq!("2021-2025".parse::<TargetPeriod>().unwrap(), TargetPeriod::Span(2021, 2025));
        assert!("yearly".parse::<TargetPeriod>().is_err());
    }

    #[test]
    fn a_float_threshold_is_refused() {
        let r: Result<Rule, _> = toml::from_str("comparator = \">=\"\nvalue = 0.5");
        assert!(r.unwrap_err().to_string().contains("as a string"));
    }
}
