//! The `chitieu` command as a user runs it: outputs, exit codes, messages.

use std::path::PathBuf;
use std::process::{Command, Output};

fn chitieu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chitieu")).args(args).output().expect("the chitieu binary runs")
}

fn scenarios() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}
fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn catalogue_json_lists_every_target_of_the_builtin_catalogue() {
    let o = chitieu(&["catalogue", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids: Vec<&str> = v["targets"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    let cat = chitieu_core::catalogue::Catalogue::builtin();
    assert_eq!(ids.len(), cat.targets().len());
    for must in ["nq314.crime.clearance_rate", "kh50.programme.districts_kept", "kh02.support.jobs", "kh102.wanted_reduced", "ct32.addicts_yearly"] {
        assert!(ids.contains(&must), "{must} missing");
    }
    assert!(v["warnings"].to_string().contains("590"));
    let criteria: Vec<&str> = v["criteria"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    for must in [
        "kh50.select.commune.no_hotspots", "kh50.select.commune.not_yet_clean", "kh50.select.commune.addicts_lt_10", "kh50.select.commune.offences_12m",
        "kh50.certify.commune.no_hotspots_no_offences", "kh50.certify.commune.addicts_managed", "kh50.certify.commune.users_managed",
        "kh50.certify.commune.households_committed", "kh50.certify.commune.contained", "kh50.certify.commune.relapse_detected",
        "kh50.certify.commune.no_serious_incidents", "kh50.certify.commune.all_suspected_tested",
    ] {
        assert!(criteria.contains(&must), "criterion {must} missing from the listing");
    }
}

#[test]
fn catalogue_table_and_csv_read_well() {
    let o = chitieu(&["catalogue", "--document", "ct32", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0));
    let t = stdout(&o);
    assert!(t.contains("Directive 32-CT/TU") && t.contains("ct32.addicts_yearly"), "{t}");
    let o = chitieu(&["catalogue", "--format", "csv"]);
    assert!(stdout(&o).starts_with("id,indicator,document"));
    let o = chitieu(&["catalogue", "--document", "nope"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn evaluate_a_hand_written_csv_gives_the_worked_examples() {
    let data = scenarios().join("data/section8.csv");
    let o = chitieu(&["evaluate", "--data", data.to_str().unwrap(), "--period", "2023", "--unit", "194", "--format", "json", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    for k in ["chitieu_version", "period", "warnings", "outcomes"] {
        assert!(v.get(k).is_some(), "the JSON contract needs {k}");
    }
    let o = v["outcomes"].as_array().unwrap().iter().find(|o| o["target"] == "nq314.crime.clearance_rate").unwrap().clone();
    assert_eq!((o["status"].as_str(), o["actual"].as_str(), o["margin"].as_str()), (Some("not_met"), Some("79"), Some("-1")));
    for k in ["indicator", "document", "clause", "unit", "period", "required", "baseline", "governing", "superseded_by", "explanation"] {
        assert!(o.get(k).is_some(), "an outcome needs {k}");
    }
    assert!(o["explanation"].as_str().unwrap().starts_with("Crime clearance rate: 79/100 = 79.00% < 80%"));
}

#[test]
fn evaluate_the_sample_prints_a_labelled_scorecard() {
    let o = chitieu(&["evaluate", "--sample", "--period", "2023"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(t.contains("DỮ LIỆU MẪU TỔNG HỢP"), "the sample is labelled synthetic");
    assert!(t.contains("Tỷ lệ điều tra, khám phá"), "diacritics intact");
    assert!(t.contains("Giải quyết việc làm") && t.contains("590"), "the allocation warning shows");
}

#[test]
fn bad_inputs_exit_1_and_name_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("unit_code,period,crimes_recorded\n22,2023,10\n99999,2023,1\n", "row 3, column 'unit_code'"),
        ("unit_code,period,crimes_recordd\n22,2023,10\n", "did you mean 'crimes_recorded'"),
        ("unit_code,period,crimes_recorded\n22,2023,abc\n", "row 2, column 'crimes_recorded'"),
        ("unit_code,period,crimes_recorded\n22,2023,-1\n", "cannot be negative"),
        ("unit_code,period,crimes_recorded,crimes_solved\n22,2023,5,6\n", "row 2, column 'crimes_solved'"),
        ("unit_code,period,variable,value\n22,2023,crimes_recorded,1\n22,2023,crimes_recorded,2\n", "row 3, column 'value'"),
    ];
    for (i, (text, place)) in cases.iter().enumerate() {
        let p = dir.path().join(format!("bad{i}.csv"));
        std::fs::write(&p, text).unwrap();
        let o = chitieu(&["evaluate", "--data", p.to_str().unwrap(), "--period", "2023"]);
        assert_eq!(o.status.code(), Some(1), "case {i}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(e.contains(&format!("bad{i}.csv")) && e.contains(place), "case {i}: {e}");
        assert!(!e.contains("panicked"), "case {i} panicked: {e}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(chitieu(&["evaluate", "--sample"]).status.code(), Some(2), "a period is required");
    assert_eq!(chitieu(&["evaluate", "--sample", "--period", "2023-13"]).status.code(), Some(2));
    assert_eq!(chitieu(&["evaluate", "--sample", "--period", "2023", "--unit", "99999"]).status.code(), Some(2));
    assert_eq!(chitieu(&["evaluate", "--period", "2023"]).status.code(), Some(2), "data or sample");
}

#[test]
fn out_writes_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let o = chitieu(&["evaluate", "--sample", "--period", "2023", "--format", "csv", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("target,indicator,document,clause"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
}

#[test]
fn check_catalogue_reports_file_and_key_path() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("mine.toml");
    std::fs::write(&p, "[document]\nid = \"x\"\nnumber = 5\n").unwrap();
    let o = chitieu(&["check-catalogue", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("mine.toml") && e.contains("document.number"), "{e}");
    let o = chitieu(&["check-catalogue", PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/catalogue/ct32.toml").to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("valid"));
}

#[test]
fn allocations_show_each_district_against_its_share_and_the_590_580_gap() {
    let o = chitieu(&["allocations", "--sample", "--period", "2023", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let t = &v["allocations"][0];
    let jobs = t["columns"].as_array().unwrap().iter().find(|c| c["target"] == "kh02.support.jobs").unwrap();
    assert_eq!((jobs["sum_of_shares"].as_str(), jobs["stated_total"].as_str(), jobs["adds_up"].as_bool()), (Some("590"), Some("580"), Some(false)));
    let campha = t["rows"].as_array().unwrap().iter().find(|r| r["unit"] == "195").unwrap();
    let total = campha["cells"].as_array().unwrap().iter().find(|c| c["column"] == jobs["key"]).unwrap();
    assert_eq!(total["share"].as_str(), Some("130"));
    assert!(total["status"].is_string());
}

#[test]
fn template_writes_a_data_entry_workbook_the_figures_reader_takes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("MauNhapLieu.xlsx");
    let o = chitieu(&["template", "--period", "2023", "--level", "district", "--document", "nq314", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("rows"), "{}", stderr(&o));
    let want = chitieu_core::table::Want::columns(&["unit_code", "period"]);
    let mut t = chitieu_core::table::Table::open(&out, &want).unwrap();
    assert!(t.header().iter().any(|h| h == "crimes_solved"), "{:?}", t.header());
    let first = t.next_row().unwrap().unwrap();
    assert_eq!((first.cell(0), first.number()), ("193", 5));
    let o = chitieu(&["template", "--period", "2023", "--document", "nq999", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown document 'nq999'"), "{}", stderr(&o));
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name).display().to_string()
}

/// The outcomes of a JSON evaluation.
fn outcomes_of(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    serde_json::from_str::<serde_json::Value>(&stdout(o)).unwrap()["outcomes"].clone()
}

#[test]
fn the_readme_workbook_example_writes_a_scorecard_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("BangDiem.xlsx");
    let o = chitieu(&["evaluate", "--data", &fixture("SoLieu.xlsx"), "--period", "2023", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04") && bytes.len() > 5000, "a zipped workbook");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
    // --format xlsx says the same; every input format decides alike.
    let o = chitieu(&["evaluate", "--data", &fixture("SoLieu.xlsx"), "--period", "2023", "--format", "xlsx", "--out", dir.path().join("b.xlsx").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = |data: &str, extra: &[&str]| {
        let mut args = vec!["evaluate", "--data", data, "--period", "2023", "--unit", "all", "--format", "json"];
        args.extend_from_slice(extra);
        outcomes_of(&chitieu(&args))
    };
    let want = json(&fixture("src/SoLieu.csv"), &[]);
    // A semicolon CSV saved with Vietnamese settings, with empty trailing columns and rows: no edits.
    assert_eq!(json(&fixture("SoLieu-vi.csv"), &[]), want);
    assert_eq!(json(&fixture("SoLieu.ods"), &["--sheet", "Huyện"]), want);
    // A unit list read from a workbook is the same list as its CSV source (the
    // 2024 list alone: one structure, named "initial" as any list of one's own).
    let units_csv = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/data/quang-ninh-units-2024.csv");
    assert_eq!(json(&format!("{}#Huyện", fixture("SoLieu.xls")), &["--units", &fixture("units-2024.xlsx")]), json(&fixture("src/SoLieu.csv"), &["--units", units_csv]));
}

#[test]
fn a_workbook_is_never_written_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    for args in [vec!["--format", "xlsx"], vec!["--format", "xlsx", "--out", "-"]] {
        let mut all = vec!["evaluate", "--sample", "--period", "2023"];
        all.extend(args);
        let o = chitieu(&all);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("a workbook (.xlsx) is not written to standard output: give --out FILE.xlsx"), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
    let out = dir.path().join("a.xlsx");
    let o = chitieu(&["evaluate", "--sample", "--period", "2023", "--format", "json", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("names a workbook, but --format json was asked"), "{}", stderr(&o));
    assert!(!out.exists(), "nothing written");
    let o = chitieu(&["template", "--period", "2023", "--out", "-"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = chitieu(&["catalogue", "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("workbooks (--format xlsx) are written for results"), "{}", stderr(&o));
}

#[test]
fn recognition_and_allocations_write_workbooks_from_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let book = fixture("KH50.xlsx");
    let s8 = scenarios().join("data/kh50-section8");
    let csv = |f: &str| s8.join(f).display().to_string();
    let json = |args: &[&str]| {
        let mut all = vec!["certify", "--as-of", "2024-12-15", "--format", "json"];
        all.extend_from_slice(args);
        let o = chitieu(&all);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        (v["communes"].clone(), v["districts"].clone(), v["dataset"]["inputs_sha256"].clone())
    };
    let want = json(&["--data", &csv("figures.csv"), "--events", &csv("events.csv"), "--register", &csv("register.csv")]);
    assert_eq!(json(&["--data", &book, "--events", &book, "--register", &book]), want);
    assert_eq!(json(&["--data", &book, "--data-sheet", "Số liệu", "--events", &book, "--events-sheet", "Sự kiện", "--register", &format!("{book}#Đăng ký")]), want);
    let out = dir.path().join("Ketqua.xlsx");
    let o = chitieu(&["certify", "--as-of", "2024-12-15", "--data", &book, "--events", &book, "--register", &book, "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK\x03\x04"));
    let out = dir.path().join("PhanBo.xlsx");
    let o = chitieu(&["allocations", "--sample", "--period", "2023", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK\x03\x04"));
    // An error cell names sheet and cell.
    let o = chitieu(&["evaluate", "--data", &fixture("Loi.xlsx"), "--period", "2023"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Loi.xlsx, sheet 'Huyện', cell F12 (row 12, column 'crimes_solved'): the cell holds the error #DIV/0!"), "{}", stderr(&o));
}

#[test]
fn catalogue_lists_the_requirements_added_in_the_fidelity_review() {
    let o = chitieu(&["catalogue", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids: Vec<&str> = v["targets"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    for must in ["nq314.drugs.rehab_facility_safe", "ct32.no_drug_planting", "ct32.drug_budget_growth", "kh50.programme.communes_without_drugs_held", "kh02.facility.training"] {
        assert!(ids.contains(&must), "{must} missing");
    }
    let tasks: Vec<&str> = v["tasks"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(tasks.iter().filter(|t| t.starts_with("kh102.task.")).count(), 11);
    let conf = v["targets"].as_array().unwrap().iter().find(|t| t["id"] == "kh102.conferences").unwrap();
    assert!(conf["full_phrase"].as_str().unwrap().ends_with("trọng điểm phức tạp về trật tự xã hội phải được tổ chức."));
    // Vietnamese periods in the Vietnamese listing.
    let t = stdout(&chitieu(&["catalogue", "--document", "nq314"]));
    assert!(t.contains("Hằng năm 2021-2025") && t.contains("Đến năm 2025") && !t.contains("each year"), "{t}");
}

#[test]
fn tasks_list_what_is_due_and_what_is_late() {
    let dir = std::env::temp_dir().join(format!("chitieu-tasks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let done = dir.join("done.csv");
    std::fs::write(&done, "task,completed_on\nkh102.task.01,2023-03-20\nkh102.task.02,2023-04-10\n").unwrap();
    let o = chitieu(&["tasks", "--as-of", "2023-07-01", "--done", done.to_str().unwrap(), "--document", "kh102", "--show", "late", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let late: Vec<&str> = v["tasks"].as_array().unwrap().iter().map(|t| t["task"].as_str().unwrap()).collect();
    assert!(late.contains(&"kh102.task.02") && !late.contains(&"kh102.task.01") && !late.contains(&"kh102.task.07"), "{late:?}");
    let t = stdout(&chitieu(&["tasks", "--as-of", "2023-07-01", "--done", done.to_str().unwrap(), "--document", "kh102"]));
    assert!(t.contains("TRỄ HẠN") && t.contains("ĐÚNG HẠN") && t.contains("Công an thành phố"), "{t}");
    std::fs::write(&done, "task,completed_on\nkh102.task.01,2023-02-30\n").unwrap();
    let o = chitieu(&["tasks", "--as-of", "2023-07-01", "--done", done.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("row 2") && stderr(&o).contains("completed_on"), "{}", stderr(&o));
    assert_eq!(chitieu(&["tasks", "--as-of", "July"]).status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_run_the_data_cannot_answer_says_so_on_standard_error_and_in_the_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("f.csv");
    std::fs::write(&data, "unit_code,period,crimes_recorded,crimes_solved\n22,2023,100,79\n").unwrap();
    let data = data.to_str().unwrap();
    let o = chitieu(&["evaluate", "--data", data, "--period", "2024", "--format", "json", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("the data has periods 2023; nothing for 2024"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "no_figures_for_period"), "{}", v["warnings"]);
    let o = chitieu(&["evaluate", "--data", data, "--period", "2024", "--lang", "en"]);
    assert!(stdout(&o).contains("nothing for 2024"), "the table shows it too");
}

#[test]
fn report_reads_figures_from_a_workbook_and_names_a_bad_cell() {
    let o = chitieu(&["report", "--period", "2023", "--compare-with", "none", "--data", &fixture("SoLieu.xlsx"), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(html.contains("<html") && html.contains("SoLieu.xlsx#Huyện"), "the page names the workbook and sheet read");
    let o = chitieu(&["report", "--period", "2023", "--data", &format!("{}#Huyện", fixture("Loi.xlsx"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Loi.xlsx, sheet 'Huyện', cell F12"), "{}", stderr(&o));
}
