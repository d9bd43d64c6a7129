//! The result of a recognition run and its public JSON and CSV forms.
//!
//! JSON (shared by the command line, the C ABI and the Python package):
//! `{"chitieu_version", "operation", "scheme", "document", "as_of", "year",
//! "dataset": {"name", "synthetic", "inputs_sha256"}, "warnings", "summary",
//! "communes": [unit...], "districts": [unit...], "programme": [outcome...]}`,
//! a unit being `{"unit", "name", "level", "district", "district_name",
//! "stage", "track", "entry_date", "certified_on", "lost_on", "status",
//! "criteria": [{"id", "name", "clause", "status", "decides", "alternative",
//! "detail", "interpretation", "parts": [...]}], "gaps": [{"criterion",
//! "need", "text"}]}` and a programme outcome exactly as in `evaluate`'s JSON.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::criteria::{pick, CriterionOutcome, Gap};
use crate::catalogue::{Stage, Track};
use crate::evaluation::write::pretty;
use crate::evaluation::Outcome;
use crate::units::Level;
use crate::warning::Warning;
use crate::Lang;

/// What was asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    Select,
    Certify,
    Programme,
}

impl Operation {
    pub fn as_str(&self) -> &'static str {
        match self {
            Operation::Select => "select",
            Operation::Certify => "certify",
            Operation::Programme => "programme",
        }
    }
}

/// The verdict on one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Eligible,
    NotEligible,
    Certified,
    NotCertified,
    NoData,
}

impl Decision {
    pub fn as_str(&self) -> &'static str {
        match self {
            Decision::Eligible => "eligible",
            Decision::NotEligible => "not_eligible",
            Decision::Certified => "certified",
            Decision::NotCertified => "not_certified",
            Decision::NoData => "no_data",
        }
    }
    pub fn words(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Decision::Eligible, Lang::Vi) => "đủ điều kiện lựa chọn",
            (Decision::NotEligible, Lang::Vi) => "không đủ điều kiện",
            (Decision::Certified, Lang::Vi) => "đạt sạch ma túy",
            (Decision::NotCertified, Lang::Vi) => "chưa đạt",
            (Decision::NoData, Lang::Vi) => "thiếu số liệu",
            (Decision::Eligible, Lang::En) => "eligible",
            (Decision::NotEligible, Lang::En) => "not eligible",
            (Decision::Certified, Lang::En) => "certified drug-free",
            (Decision::NotCertified, Lang::En) => "not certified",
            (Decision::NoData, Lang::En) => "no data",
        }
    }
}

/// One commune or district.
#[derive(Clone, Debug)]
pub struct UnitDecision {
    pub unit: String,
    pub name: String,
    pub level: Level,
    pub district: Option<String>,
    pub district_name: Option<String>,
    /// Select; certify; or keep, for a unit holding an earlier recognition.
    pub stage: Stage,
    pub track: Option<Track>,
    pub entry_date: Option<NaiveDate>,
    /// The recognition held before this run (keep-clean).
    pub certified_on: Option<NaiveDate>,
    /// The day an earlier recognition was lost (its first new case), found by this run.
    pub lost_on: Option<NaiveDate>,
    pub status: Decision,
    pub criteria: Vec<CriterionOutcome>,
    pub gaps: Vec<Gap>,
}

/// A recognition run.
#[derive(Clone, Debug)]
pub struct Report {
    pub chitieu_version: String,
    pub operation: Operation,
    /// The scheme's document id ("kh50").
    pub scheme: String,
    /// Its number as printed ("50/KH-UBND").
    pub document: String,
    /// `Catalogue::version_label()`.
    pub catalogue: String,
    pub as_of: NaiveDate,
    /// The year of the programme targets, when evaluated.
    pub year: Option<i32>,
    pub dataset: String,
    pub synthetic: bool,
    pub inputs_sha256: String,
    pub warnings: Vec<Warning>,
    pub communes: Vec<UnitDecision>,
    pub districts: Vec<UnitDecision>,
    pub programme: Vec<Outcome>,
}

fn date(d: Option<NaiveDate>) -> Value {
    d.map(|d| json!(d.to_string())).unwrap_or(Value::Null)
}

impl UnitDecision {
    pub fn criterion(&self, id: &str) -> Option<&CriterionOutcome> {
        self.criteria.iter().find(|c| c.id == id)
    }

    pub fn to_json(&self, lang: Lang) -> Value {
        let criteria: Vec<Value> = self
            .criteria
            .iter()
            .map(|c| {
                let parts: Vec<Value> = c
                    .parts
                    .iter()
                    .map(|p| {
                        let mut m = p.verdict.as_ref().map(|v| v.json_fields()).unwrap_or_default();
                        m.insert("name".into(), json!(pick(lang, &p.name_vi, &p.name_en)));
                        m.insert("status".into(), json!(p.status.as_str()));
                        m.insert("detail".into(), json!(pick(lang, &p.detail_vi, &p.detail_en)));
                        m.insert("window".into(), p.window.map(|w| json!({"first": w.first.to_string(), "last": w.last.to_string()})).unwrap_or(Value::Null));
                        m.insert(
                            "events".into(),
                            json!(p
                                .events
                                .iter()
                                .map(|e| json!({
                                    "date": e.date.to_string(), "unit": e.unit, "kind": e.kind.as_str(),
                                    "residence": e.residence.map(|r| r.as_str()), "severity": e.severity.map(|s| s.as_str()),
                                }))
                                .collect::<Vec<_>>()),
                        );
                        Value::Object(m)
                    })
                    .collect();
                json!({
                    "id": c.id,
                    "name": c.name(lang),
                    "clause": pick(lang, &c.clause_vi, &c.clause_en),
                    "status": c.status.as_str(),
                    "decides": c.decides,
                    "alternative": c.alternative,
                    "detail": c.detail(lang),
                    "detail_vi": c.detail_vi,
                    "detail_en": c.detail_en,
                    "interpretation": match lang { Lang::Vi => c.interpretation_vi.clone(), Lang::En => c.interpretation_en.clone() },
                    "parts": parts,
                })
            })
            .collect();
        json!({
            "unit": self.unit,
            "name": self.name,
            "level": self.level,
            "district": self.district,
            "district_name": self.district_name,
            "stage": self.stage,
            "track": self.track.map(|t| t.as_str()),
            "entry_date": date(self.entry_date),
            "certified_on": date(self.certified_on),
            "lost_on": date(self.lost_on),
            "status": self.status.as_str(),
            "criteria": criteria,
            "gaps": self.gaps.iter().map(|g| json!({
                "criterion": g.criterion,
                "need": g.need.as_ref().map(|n| n.decimal_text()),
                "text": g.text(lang),
            })).collect::<Vec<_>>(),
        })
    }
}

/// Counts of decisions among units.
fn summary(units: &[UnitDecision]) -> Value {
    let mut m = serde_json::Map::new();
    for d in [Decision::Eligible, Decision::NotEligible, Decision::Certified, Decision::NotCertified, Decision::NoData] {
        let n = units.iter().filter(|u| u.status == d).count();
        if n > 0 {
            m.insert(d.as_str().into(), json!(n));
        }
    }
    Value::Object(m)
}

/// Columns of the CSV form: one row per unit and criterion.
pub const CSV_COLUMNS: &[&str] = &["unit", "name", "level", "district", "stage", "track", "status", "criterion", "criterion_status", "decides", "detail", "gaps"];

impl Report {
    /// Every unit, communes first.
    pub fn units(&self) -> impl Iterator<Item = &UnitDecision> {
        self.communes.iter().chain(self.districts.iter())
    }
    pub fn unit(&self, code: &str) -> Option<&UnitDecision> {
        self.units().find(|u| u.unit == code)
    }

    /// The document's members, the long lists made one item at a time.
    fn members(&self, lang: Lang) -> Vec<(&'static str, Member<'_>)> {
        let one = |v: Value| Member::Value(v);
        vec![
            ("chitieu_version", one(json!(self.chitieu_version))),
            ("operation", one(json!(self.operation.as_str()))),
            ("scheme", one(json!(self.scheme))),
            ("document", one(json!(self.document))),
            ("catalogue", one(json!(self.catalogue))),
            ("as_of", one(json!(self.as_of.to_string()))),
            ("year", one(json!(self.year))),
            ("dataset", one(json!({"name": self.dataset, "synthetic": self.synthetic, "inputs_sha256": self.inputs_sha256}))),
            ("warnings", one(Value::Array(self.warnings.iter().map(|w| w.to_json(lang)).collect()))),
            ("summary", one(json!({"communes": summary(&self.communes), "districts": summary(&self.districts)}))),
            ("communes", Member::Items(Box::new(self.communes.iter().map(move |u| u.to_json(lang))))),
            ("districts", Member::Items(Box::new(self.districts.iter().map(move |u| u.to_json(lang))))),
            ("programme", Member::Items(Box::new(self.programme.iter().map(move |o| o.to_json(lang))))),
        ]
    }

    pub fn to_json(&self, lang: Lang) -> Value {
        let members = self.members(lang).into_iter().map(|(k, m)| {
            let v = match m {
                Member::Value(v) => v,
                Member::Items(items) => Value::Array(items.collect()),
            };
            (k.to_string(), v)
        });
        Value::Object(members.collect())
    }

    /// The JSON document written as it is made, byte for byte
    /// `serde_json::to_string_pretty(&to_json)` and a newline, with `extra`
    /// members (a comparison with a recorded run): a national review writes
    /// one unit's tree at a time instead of holding them all.
    pub fn write_json<W: std::io::Write>(&self, lang: Lang, extra: Vec<(&'static str, Value)>, mut w: W) -> std::io::Result<W> {
        let mut members: Vec<(&'static str, Member<'_>)> = self.members(lang);
        members.extend(extra.into_iter().map(|(k, v)| (k, Member::Value(v))));
        // Members in the order serde_json's map keeps its keys, whatever its features.
        let order: serde_json::Map<String, Value> = members.iter().map(|(k, _)| (k.to_string(), Value::Null)).collect();
        let mut first = true;
        w.write_all(b"{")?;
        for key in order.keys() {
            let Some(i) = members.iter().position(|(k, _)| k == key) else { continue };
            let (k, m) = members.swap_remove(i);
            w.write_all(if first { b"\n  " } else { b",\n  " })?;
            first = false;
            pretty(&mut w, 1, k)?;
            w.write_all(b": ")?;
            match m {
                Member::Value(v) => pretty(&mut w, 1, &v)?,
                Member::Items(items) => {
                    let mut any = false;
                    w.write_all(b"[")?;
                    for item in items {
                        w.write_all(if any { b",\n    " } else { b"\n    " })?;
                        any = true;
                        pretty(&mut w, 2, &item)?;
                    }
                    w.write_all(if any { b"\n  ]" } else { b"]" })?;
                }
            }
        }
        w.write_all(if first { b"}\n" } else { b"\n}\n" })?;
        Ok(w)
    }

    pub fn to_csv(&self, lang: Lang) -> String {
        let header = std::iter::once(CSV_COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        // Rows made as they are written: a national review never holds them all twice.
        let rows = self.units().flat_map(|u| {
            let stage = serde_json::to_value(u.stage).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            u.criteria.iter().map(move |c| {
                let gaps: Vec<&str> = u.gaps.iter().filter(|g| g.criterion == c.id).map(|g| g.text(lang)).collect();
                vec![
                    u.unit.clone(),
                    u.name.clone(),
                    u.level.name(Lang::En).to_string(),
                    u.district.clone().unwrap_or_default(),
                    stage.clone(),
                    u.track.map(|t| t.as_str()).unwrap_or("").to_string(),
                    u.status.as_str().to_string(),
                    c.id.to_string(),
                    c.status.as_str().to_string(),
                    (if c.decides { "true" } else { "false" }).to_string(),
                    c.detail(lang).to_string(),
                    gaps.join(" | "),
                ]
            })
        });
        crate::output::csv_rows(header.chain(rows))
    }
}

/// A member of the report's JSON document.
enum Member<'r> {
    Value(Value),
    /// A long list, each item made when it is written.
    Items(Box<dyn Iterator<Item = Value> + 'r>),
}
