//! Runs the shared scenarios of tests/scenarios/scenarios.csv (the worked
//! examples of RULES.md section 8 among them) through the Rust API. The C and
//! Python layers run the same file.

use std::path::PathBuf;

use chitieu_core::catalogue::Catalogue;
use chitieu_core::evaluation::{evaluate, UnitFilter};
use chitieu_core::observations::Dataset;
use chitieu_core::{Lang, UnitRegistry};
use serde_json::Value;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios")
}

/// The outcome JSON a row's operation produces for its unit and target.
fn run(op: &str, data: &str, period: &str, unit: &str, target: &str) -> Value {
    let cat = Catalogue::builtin();
    let units = UnitRegistry::builtin();
    match op {
        "evaluate" => {
            let ds = Dataset::from_path(&dir().join(data), &cat, &units).unwrap();
            let ev = evaluate(&cat, &units, &ds, period.parse().unwrap(), &UnitFilter::Codes(vec![unit.to_string()])).unwrap();
            let json = ev.to_json(Lang::En);
            json["outcomes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["target"] == target)
                .cloned()
                .unwrap_or_else(|| panic!("no outcome for {target} at {unit} {period}"))
        }
        "select" | "certify" => {
            // `data` is a directory with figures.csv, events.csv and register.csv (each optional).
            let base = dir().join(data);
            let file = |n: &str| Some(base.join(n)).filter(|p| p.exists());
            let (f, e, r) = (file("figures.csv"), file("events.csv"), file("register.csv"));
            let inputs = chitieu_core::certification::Inputs::from_paths(f.as_deref(), e.as_deref(), r.as_deref(), &cat, &units).unwrap();
            let date = chitieu_core::certification::window::parse_date(period).unwrap();
            let report = if op == "select" {
                chitieu_core::certification::select(&cat, &units, &inputs, "kh50", date)
            } else {
                chitieu_core::certification::certify(&cat, &units, &inputs, "kh50", date)
            }
            .unwrap();
            let u = report.unit(unit).unwrap_or_else(|| panic!("no unit {unit}")).to_json(Lang::En);
            let c = u["criteria"].as_array().unwrap().iter().find(|c| c["id"] == target).cloned().unwrap_or_else(|| panic!("no criterion {target} at {unit} {period}"));
            // The criterion's status, with the numbers of its single requirement.
            let part = &c["parts"][0];
            serde_json::json!({"status": c["status"], "actual": part["actual"], "margin": part["margin"], "governing": Value::Null, "explanation": c["detail"]})
        }
        other => panic!("unknown scenario operation '{other}'"),
    }
}

#[test]
fn every_shared_scenario_holds() {
    let mut rdr = csv::Reader::from_path(dir().join("scenarios.csv")).unwrap();
    let mut count = 0;
    for rec in rdr.records() {
        let r = rec.unwrap();
        let (name, op, data, period, unit, target) = (&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]);
        let o = run(op, data, period, unit, target);
        let field = |k: &str| match &o[k] {
            Value::String(s) => s.clone(),
            Value::Null => "null".to_string(),
            v => v.to_string(),
        };
        assert_eq!(field("status"), &r[6], "{name}: status; {}", o["explanation"]);
        for (col, key) in [(7, "actual"), (8, "margin"), (9, "governing")] {
            if !r[col].is_empty() {
                assert_eq!(field(key), &r[col], "{name}: {key}; {}", o["explanation"]);
            }
        }
        count += 1;
    }
    assert!(count >= 13, "the scenario file lost rows: {count}");
}
