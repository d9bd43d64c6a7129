//! `chitieu units` and `chitieu convert` as a user runs them (issue 9).

use std::path::PathBuf;
use std::process::{Command, Output};

fn chitieu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chitieu")).args(args).output().expect("the chitieu binary runs")
}
fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}
fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}
fn reform_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios/data/reform")
}

#[test]
fn units_lists_the_structure_in_force_on_a_date() {
    let o = chitieu(&["units", "--as-of", "2025-07-01", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["structure"], "2025-07-01");
    assert_eq!(v["units"].as_array().unwrap().len(), 55);
    let o = chitieu(&["units", "--as-of", "2024-12-01", "--lang", "en"]);
    let t = stdout(&o);
    assert!(t.contains("structure 2024-11-01") && t.contains("Thành phố Hạ Long") && !t.contains("Xã Cẩm Hải"), "{t}");
    let o = chitieu(&["units", "--as-of", "2025-02-30"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn units_lineage_shows_a_history_both_ways() {
    let o = chitieu(&["units", "--lineage", "06652", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(t.contains("06652 Phường Hà Phong (..2025-06-30)\n") && t.contains("→ 2025-07-01: 06652 Phường Hà Tu (2025-07-01..) (whole)"), "{t}");
    assert!(t.contains("← 2025-07-01: 06664 Phường Hà Tu (..2025-06-30) (whole)"), "{t}");
    // A user's lineage file supplies Phường Yết Kiêu's successor.
    let o = chitieu(&["units", "--lineage", "06682", "--lang", "en"]);
    assert!(stdout(&o).contains("successor not known"), "{}", stdout(&o));
    let file = reform_data().join("yet-kieu-lineage.csv");
    let o = chitieu(&["units", "--lineage", "06682", "--lineage-file", file.to_str().unwrap(), "--lang", "en"]);
    assert!(stdout(&o).contains("→ 2024-11-01: 06691 Phường Hồng Gai"), "{}", stdout(&o));
    let o = chitieu(&["units", "--lineage", "6652x"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn convert_writes_figures_that_read_back_and_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("old.csv");
    std::fs::write(&data, "unit_code,period,criminal_cases,crimes_recorded,crimes_solved\n06652,2023,40,30,24\n06664,2023,2,5,5\n06967,2023,7,7,6\n06886,2023,9,4,3\n193,2023,500,400,320\n").unwrap();
    let (out, report) = (dir.path().join("new.csv"), dir.path().join("report.json"));
    let o = chitieu(&["convert", "--data", data.to_str().unwrap(), "--to", "2025-07-01", "--out", out.to_str().unwrap(), "--report", report.to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("converted to the structure 2025-07-01") && e.contains("abolished") && e.contains("193 Thành phố Hạ Long"), "{e}");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("06652,Phường Hà Tu,2023,criminal_cases,42,2025-07-01,\"06652 Phường Hà Phong (whole, 2025-07-01) + 06664 Phường Hà Tu (whole, 2025-07-01)\""), "{csv}");
    let r: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(r["not_converted"].as_array().unwrap().iter().any(|n| n["unit"] == "193" && n["reason_code"] == "abolished"));
    assert_eq!(r["readings"].as_array().unwrap().len(), 4);
    // The converted file reads back; back to 2024 the one-to-one commune returns.
    let back = dir.path().join("back.csv");
    let o = chitieu(&["convert", "--data", out.to_str().unwrap(), "--to", "2024-06-01", "--out", back.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let b = std::fs::read_to_string(&back).unwrap();
    assert!(b.contains("06967,Xã Cái Chiên,2023,criminal_cases,7,2024,") && !b.contains("06652,"), "{b}");
    // With shares: the weighted count, exact.
    let shares = reform_data().join("shares-hai-lang.csv");
    let data2 = dir.path().join("hai-lang.csv");
    std::fs::write(&data2, "unit_code,period,criminal_cases\n06886,2023,9\n06892,2023,4\n06799,2023,10\n06802,2023,3\n").unwrap();
    let o = chitieu(&["convert", "--data", data2.to_str().unwrap(), "--to", "2025-07-01", "--shares", shares.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("06886,Xã Hải Lạng,2023,criminal_cases,143/10,2025-07-01,"), "{}", stdout(&o));
    let o = chitieu(&["convert", "--data", data2.to_str().unwrap(), "--to", "2025-07-01", "--shares", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "a shares file of the wrong shape is a data error");
}

/// The two runs of the README's reform section: the last year of NQ 314 on the
/// sample reported half in each structure, and the December 2025 review.
#[test]
fn the_2025_sample_evaluates_and_the_december_2025_review_runs_on_the_new_communes() {
    let o = chitieu(&["evaluate", "--sample", "--period", "2025", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let outcomes = v["outcomes"].as_array().unwrap();
    let cases = outcomes.iter().find(|o| o["target"] == "nq314.crime.total_cases_2025").unwrap();
    assert!(cases["status"] == "met" || cases["status"] == "not_met", "{cases}");
    assert_eq!(cases["structure"], "2025-07-01");
    assert_eq!(cases["reform"][0]["reading"], "persists");
    let district = outcomes.iter().find(|o| o["target"] == "nq314.prostitution.district_models").unwrap();
    assert_eq!(district["status"], "not_applicable", "{district}");

    let o = chitieu(&["certify", "--sample", "--as-of", "2025-12-15", "--format", "json", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!((v["communes"].as_array().unwrap().len(), v["districts"].as_array().unwrap().len()), (54, 0));
    let reading = |status: &str| v["communes"].as_array().unwrap().iter().filter(|c| c["criteria"].as_array().unwrap().iter().any(|k| k["id"] == "kh50.keep.predecessors" && k["status"] == status)).count();
    assert!(reading("met") > 0 && reading("not_met") > 0, "the review applies the predecessors' rule both ways");
}
