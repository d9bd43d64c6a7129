//! Outcomes and their public JSON and CSV forms.
//!
//! The JSON written here is a public contract shared by the command line, the
//! C ABI and the Python package: `{"chitieu_version", "period", "warnings",
//! "outcomes"}`. Exact numbers travel as decimal strings; fractions are shown
//! in percent, with the exact fraction beside them.

use serde_json::{json, Value};

use super::rule::{Status, Verdict};
use crate::exact::Exact;
use crate::period::Period;
use crate::units::Level;
use crate::warning::Warning;
use crate::Lang;

#[derive(Clone, Debug)]
pub struct PartOutcome {
    pub name_vi: String,
    pub name_en: String,
    pub verdict: Verdict,
    pub explanation_vi: String,
    pub explanation_en: String,
}

/// One target for one unit and period.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub target: String,
    pub indicator: String,
    pub document_id: String,
    /// The document number as printed: "314/2020/NQ-HĐND".
    pub document: String,
    pub clause_vi: String,
    pub clause_en: String,
    pub name_vi: String,
    pub name_en: String,
    pub unit: String,
    pub unit_name: String,
    pub level: Level,
    /// The period measured (a span for cumulative targets).
    pub period: Period,
    pub status: Status,
    /// The decision of a single-requirement target; `None` for composite ones.
    pub verdict: Option<Verdict>,
    pub parts: Vec<PartOutcome>,
    pub required_vi: Option<String>,
    pub required_en: Option<String>,
    pub governing: bool,
    pub superseded_by: Option<String>,
    pub explanation_vi: String,
    pub explanation_en: String,
    pub interpretation_vi: Option<String>,
    pub interpretation_en: Option<String>,
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    /// (table id, share) when the requirement is this unit's allocated share.
    pub allocation: Option<(String, Exact)>,
    /// The level of the document's own targets when this outcome extends one to a lower level.
    pub extended_from: Option<Level>,
}

/// A unit with none of the figures a document's targets need: (unit,
/// unit name, level, document number, document id, targets).
#[derive(Clone, Debug)]
pub struct WithoutFigures {
    pub unit: String,
    pub unit_name: String,
    pub level: Level,
    pub document: String,
    pub document_id: String,
    pub targets: u32,
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
    pub units_without_figures: Vec<WithoutFigures>,
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

fn text(x: Option<Exact>) -> Value {
    x.map(|x| Value::String(x.decimal_text())).unwrap_or(Value::Null)
}

impl Verdict {
    /// The numeric fields of an outcome or a part.
    pub fn json_fields(&self) -> serde_json::Map<String, Value> {
        let f = self.fraction;
        let mut m = serde_json::Map::new();
        m.insert("status".into(), json!(self.status.as_str()));
        m.insert("measure_unit".into(), json!(if f { "percent" } else { "number" }));
        m.insert("actual".into(), text(self.actual.as_ref().map(|a| shown(a, f))));
        m.insert("actual_exact".into(), self.actual.as_ref().map(|a| json!(shown(a, f).fraction_text())).unwrap_or(Value::Null));
        m.insert("numerator".into(), text(self.parts.as_ref().map(|p| p.0.clone())));
        m.insert("denominator".into(), text(self.parts.as_ref().map(|p| p.1.clone())));
        m.insert("comparator".into(), json!(self.comparator.symbol()));
        // A relative change is compared in percent whatever the measure.
        let in_pct = f || self.direction.is_some();
        m.insert("required_value".into(), text(self.required.as_ref().map(|r| shown(r, in_pct))));
        m.insert("required_count".into(), text(self.required_count.clone()));
        m.insert(
            "baseline".into(),
            self.baseline
                .as_ref()
                .map(|(p, v)| json!({"period": p.to_string(), "value": shown(v, f).decimal_text()}))
                .unwrap_or(Value::Null),
        );
        m.insert("change".into(), text(self.change.as_ref().map(|c| c.percent())));
        m.insert("margin".into(), text(self.margin.as_ref().map(|x| shown(x, in_pct))));
        m.insert("margin_unit".into(), json!(if in_pct { "percentage_points" } else { "number" }));
        m.insert(
            "stretch".into(),
            self.stretch.as_ref().map(|(s, r)| json!({"value": s.percent().decimal_text(), "reached": r})).unwrap_or(Value::Null),
        );
        m.insert(
            "missing".into(),
            match &self.undecided {
                Some(super::rule::Undecided::Missing(ms)) => json!(ms.iter().map(|m| json!({"unit": m.unit, "period": m.period.to_string(), "variable": m.variable})).collect::<Vec<_>>()),
                _ => json!([]),
            },
        );
        m
    }
}

impl Outcome {
    pub fn explanation(&self, lang: Lang) -> &str {
        pick(lang, &self.explanation_vi, &self.explanation_en)
    }
    pub fn name(&self, lang: Lang) -> &str {
        pick(lang, &self.name_vi, &self.name_en)
    }
    pub fn required(&self, lang: Lang) -> String {
        match (&self.required_vi, &self.required_en) {
            (Some(vi), Some(en)) => pick(lang, vi, en).to_string(),
            _ => {
                let parts: Vec<String> = self
                    .parts
                    .iter()
                    .map(|p| format!("{}: {}", pick(lang, &p.name_vi, &p.name_en), super::explain::required_text(&p.verdict, lang)))
                    .collect();
                parts.join("; ")
            }
        }
    }

    /// The actual value as people read it ("79,00%", "1.000"); empty when undecided.
    pub fn actual_display(&self, lang: Lang) -> String {
        let Some(v) = &self.verdict else { return String::new() };
        match &v.actual {
            Some(a) if v.fraction => format!("{}%", crate::format::percent_against(&a.percent(), v.required.as_ref().filter(|_| v.direction.is_none()).map(|r| r.percent()).as_ref(), lang)),
            Some(a) => crate::format::number(a, lang),
            None => String::new(),
        }
    }

    /// The margin as people read it: percentage points for rates and changes.
    pub fn margin_display(&self, lang: Lang) -> String {
        let Some(v) = &self.verdict else { return String::new() };
        match &v.margin {
            Some(m) if v.fraction || v.direction.is_some() => {
                let pts = crate::format::percent_against(&m.percent(), Some(&Exact::zero()), lang);
                if lang == Lang::Vi { format!("{pts} điểm %") } else { format!("{pts} pts") }
            }
            Some(m) => crate::format::number(m, lang),
            None => String::new(),
        }
    }

    pub fn to_json(&self, lang: Lang) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("target".into(), json!(self.target));
        m.insert("indicator".into(), json!(self.indicator));
        m.insert("document".into(), json!(self.document));
        m.insert("document_id".into(), json!(self.document_id));
        m.insert("clause".into(), json!(pick(lang, &self.clause_vi, &self.clause_en)));
        m.insert("clause_vi".into(), json!(self.clause_vi));
        m.insert("clause_en".into(), json!(self.clause_en));
        m.insert("name".into(), json!(self.name(lang)));
        m.insert("unit".into(), json!(self.unit));
        m.insert("unit_name".into(), json!(self.unit_name));
        m.insert("level".into(), json!(self.level));
        m.insert("period".into(), json!(self.period.to_string()));
        match &self.verdict {
            Some(v) => m.extend(v.json_fields()),
            None => {
                for k in ["actual", "actual_exact", "numerator", "denominator", "required_value", "required_count", "baseline", "change", "margin", "stretch"] {
                    m.insert(k.into(), Value::Null);
                }
                m.insert("missing".into(), json!([]));
            }
        }
        m.insert("status".into(), json!(self.status.as_str()));
        m.insert("required".into(), json!(self.required(lang)));
        m.insert("governing".into(), json!(self.governing));
        m.insert("superseded_by".into(), json!(self.superseded_by));
        m.insert("explanation".into(), json!(self.explanation(lang)));
        m.insert("explanation_vi".into(), json!(self.explanation_vi));
        m.insert("explanation_en".into(), json!(self.explanation_en));
        m.insert("extended_from".into(), json!(self.extended_from));
        m.insert(
            "interpretation".into(),
            match (&self.interpretation_vi, &self.interpretation_en) {
                (Some(vi), Some(en)) => json!(pick(lang, vi, en)),
                (Some(x), None) | (None, Some(x)) => json!(x),
                _ => Value::Null,
            },
        );
        m.insert("lead".into(), json!(self.lead));
        m.insert("partners".into(), json!(self.partners));
        m.insert(
            "allocation".into(),
            self.allocation.as_ref().map(|(id, s)| json!({"table": id, "share": s.decimal_text()})).unwrap_or(Value::Null),
        );
        if !self.parts.is_empty() {
            let parts: Vec<Value> = self
                .parts
                .iter()
                .map(|p| {
                    let mut pm = p.verdict.json_fields();
                    pm.insert("name".into(), json!(pick(lang, &p.name_vi, &p.name_en)));
                    pm.insert("required".into(), json!(super::explain::required_text(&p.verdict, lang)));
                    pm.insert("explanation".into(), json!(pick(lang, &p.explanation_vi, &p.explanation_en)));
                    Value::Object(pm)
                })
                .collect();
            m.insert("parts".into(), Value::Array(parts));
        }
        Value::Object(m)
    }
}

/// Columns of the CSV form, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "target", "indicator", "document", "clause", "unit", "unit_name", "period", "status", "actual", "numerator", "denominator", "required",
    "required_value", "baseline_period", "baseline_value", "change", "margin", "governing", "superseded_by", "explanation", "extended_from",
];

impl Evaluation {
    pub fn to_json(&self, lang: Lang) -> Value {
        json!({
            "chitieu_version": self.chitieu_version,
            "period": self.period.to_string(),
            "dataset": {"name": self.dataset, "synthetic": self.synthetic},
            "warnings": self.warnings.iter().map(|w| w.to_json(lang)).collect::<Vec<_>>(),
            "outcomes": self.outcomes.iter().map(|o| o.to_json(lang)).collect::<Vec<_>>(),
            "units_without_figures": self.units_without_figures.iter().map(|w| {
                let text = |l: Lang| crate::evaluation::without_figures_text(&w.unit_name, &w.document, &self.period, l);
                json!({
                    "document": w.document, "document_id": w.document_id, "explanation": text(lang), "explanation_en": text(Lang::En),
                    "explanation_vi": text(Lang::Vi), "level": w.level, "period": self.period.to_string(), "targets": w.targets,
                    "unit": w.unit, "unit_name": w.unit_name,
                })
            }).collect::<Vec<_>>(),
        })
    }

    /// One row per outcome; composite targets show their parts in `explanation`.
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(CSV_COLUMNS).expect("writing to memory");
        for o in &self.outcomes {
            let j = o.to_json(lang);
            let s = |k: &str| match &j[k] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let b = |k: &str| match &j["baseline"] {
                Value::Object(m) => m.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string(),
                _ => String::new(),
            };
            w.write_record([
                s("target"), s("indicator"), s("document"), s("clause"), s("unit"), s("unit_name"), s("period"), s("status"), s("actual"),
                s("numerator"), s("denominator"), s("required"), s("required_value"), b("period"), b("value"), s("change"), s("margin"),
                s("governing"), s("superseded_by"), s("explanation"), s("extended_from"),
            ])
            .expect("writing to memory");
        }
        let j = self.to_json(lang);
        for x in j["units_without_figures"].as_array().into_iter().flatten() {
            let s = |k: &str| x[k].as_str().unwrap_or("").to_string();
            let e = String::new;
            w.write_record([
                e(), e(), s("document"), e(), s("unit"), s("unit_name"), s("period"), "no_data".to_string(), e(), e(), e(), e(), e(), e(), e(), e(), e(), e(), e(),
                s("explanation"), e(),
            ])
            .expect("writing to memory");
        }
        String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 strings")
    }
}
