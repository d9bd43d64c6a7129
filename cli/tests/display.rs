//! What a person sees from the command line (issue 13): tables that fit the
//! terminal with target ids whole, one language per run, colours only on a
//! terminal, a summary line per document, and the HTML report.

use std::process::{Command, Output};

fn chitieu_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chitieu"));
    c.args(args).env_remove("NO_COLOR").env_remove("COLUMNS");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("the chitieu binary runs")
}

fn text(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn outcomes(args: &[&str]) -> Vec<serde_json::Value> {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&text(&chitieu_env(&a, &[]))).unwrap();
    v["outcomes"].as_array().unwrap().clone()
}

/// The lines of the table (box-drawing borders), by characters.
fn table_lines(t: &str) -> Vec<&str> {
    t.lines().filter(|l| l.starts_with(['│', '┌', '└', '╞', '├'])).collect()
}

#[test]
fn the_scorecard_fits_80_to_160_columns_with_every_id_whole() {
    for (unit, lang) in [(None, "vi"), (Some("all"), "en")] {
        let mut args = vec!["evaluate", "--sample", "--period", "2023", "--lang", lang];
        if let Some(u) = unit {
            args.extend(["--unit", u]);
        }
        let ids: Vec<String> = outcomes(&args).iter().map(|o| o["target"].as_str().unwrap().to_string()).collect();
        for width in [80usize, 120, 160] {
            let t = text(&chitieu_env(&args, &[("COLUMNS", &width.to_string())]));
            let lines = table_lines(&t);
            assert!(!lines.is_empty());
            for l in &lines {
                assert!(l.chars().count() <= width, "{width} columns, {lang}: a line of {} characters:\n{l}", l.chars().count());
            }
            // Each id stands whole in a cell of the table, never cut mid-word.
            let cells: std::collections::HashSet<&str> = lines.iter().flat_map(|l| l.split(['│', '┆'])).map(str::trim).collect();
            for id in &ids {
                assert!(cells.contains(id.as_str()), "{width} columns, {lang}: '{id}' is not whole in one cell");
            }
            assert!(!t.contains('\u{1b}'), "no colour codes when the output is not a terminal");
        }
    }
}

#[test]
fn the_status_column_is_as_wide_as_its_words() {
    let t = text(&chitieu_env(&["evaluate", "--sample", "--period", "2023"], &[("COLUMNS", "160")]));
    let header = table_lines(&t).into_iter().find(|l| l.contains("Trạng thái")).unwrap();
    let status = header.split('┆').nth(1).unwrap();
    // "Trạng thái", "thiếu số liệu", "không áp dụng" are 13 characters at most, plus the padding.
    assert!(status.chars().count() <= 15, "status column of {} characters: {header}", status.chars().count());
}

#[test]
fn one_language_per_run_and_a_summary_line_per_document() {
    let vi = text(&chitieu_env(&["evaluate", "--sample", "--period", "2023"], &[]));
    let first = vi.lines().next().unwrap();
    assert_eq!(first, "chitieu 0.1.0 — kỳ 2023 — dữ liệu: mẫu tổng hợp có sẵn (không phải số liệu thật)");
    assert!(!vi.contains("synthetic sample"), "no English in a Vietnamese run");
    let summary: Vec<&str> = vi.lines().skip_while(|l| !l.starts_with("Tổng hợp")).collect();
    for doc in ["Nghị quyết 314/2020/NQ-HĐND:", "Kế hoạch 02/KH-UBND:", "Chỉ thị 32-CT/TU:", "Cộng:"] {
        assert!(summary.iter().any(|l| l.trim_start().starts_with(doc)), "no summary line for {doc}:\n{}", summary.join("\n"));
    }
    // The numbers of the summary are those of the JSON.
    let all = outcomes(&["evaluate", "--sample", "--period", "2023"]);
    let not_met = all.iter().filter(|o| o["status"] == "not_met" && o["governing"] == true).count();
    assert!(summary.iter().any(|l| l.contains(&format!("Cộng: ")) && l.contains(&format!(", {not_met} không đạt"))), "{}", summary.join("\n"));
    let en = text(&chitieu_env(&["evaluate", "--sample", "--period", "2023", "--lang", "en"], &[]));
    assert!(en.lines().next().unwrap().ends_with("data: built-in synthetic sample (not real data)"));
    assert!(en.contains("  Resolution 314/2020/NQ-HĐND: "));
    assert!(!en.contains("Tổng hợp") && !en.contains("dữ liệu"));
}

/// Runs the command inside a pseudo-terminal (util-linux `script`), as a person at a terminal does.
fn in_terminal(args: &str, env: &[(&str, &str)]) -> String {
    let exe = env!("CARGO_BIN_EXE_chitieu");
    let mut c = Command::new("script");
    c.args(["-qec", &format!("{exe} {args}"), "/dev/null"]).env_remove("NO_COLOR").env("COLUMNS", "120").env("TERM", "xterm");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("script(1) from util-linux runs");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn colours_on_a_terminal_unless_no_color_or_a_file() {
    let coloured = in_terminal("evaluate --sample --period 2023", &[]);
    assert!(coloured.contains("\u{1b}["), "a terminal gets colours");
    let plain = in_terminal("evaluate --sample --period 2023", &[("NO_COLOR", "1")]);
    assert!(plain.contains("ĐẠT") && !plain.contains("\u{1b}["), "NO_COLOR is respected");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.txt");
    in_terminal(&format!("evaluate --sample --period 2023 --out {}", out.display()), &[]);
    let file = std::fs::read_to_string(&out).unwrap();
    assert!(file.contains("ĐẠT") && !file.contains('\u{1b}'), "a file written with --out has no colour codes");
    let certify = in_terminal("certify --sample --as-of 2024-12-15", &[]);
    assert!(certify.contains("\u{1b}["), "the recognition tables are coloured too");
}

#[test]
fn the_recognition_tables_fit_too() {
    for width in [80usize, 160] {
        let t = text(&chitieu_env(&["certify", "--sample", "--as-of", "2024-12-15"], &[("COLUMNS", &width.to_string())]));
        for l in table_lines(&t) {
            assert!(l.chars().count() <= width, "{width}: {l}");
        }
        assert!(t.lines().nth(1).unwrap().starts_with("dữ liệu: mẫu tổng hợp có sẵn: chương trình sạch ma túy 2024"), "{t}");
    }
}

#[test]
fn report_writes_one_self_contained_page_with_what_the_json_says() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("BaoCao.html");
    text(&chitieu_env(&["report", "--sample", "--period", "2023", "--out", out.to_str().unwrap()], &[]));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"vi\">"));
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="), "self-contained, no script");
    let all = outcomes(&["evaluate", "--sample", "--period", "2023", "--unit", "all"]);
    let mut docs: Vec<&str> = all.iter().map(|o| o["document_id"].as_str().unwrap()).collect();
    docs.dedup();
    for d in docs {
        assert!(html.contains(&format!("id=\"summary-{d}\"")), "no summary for {d}");
    }
    let not_met = all.iter().filter(|o| o["status"] == "not_met" && o["governing"] == true).count();
    assert_eq!(html.matches("class=\"ct-notmet-item\"").count(), not_met);
    assert!(html.contains("DỮ LIỆU MẪU TỔNG HỢP"));
    assert!(html.contains("94,92%") && !html.contains(">94.92%<"), "Vietnamese numbers");
    // What changed since the year before, by default; not with --compare-with none.
    assert!(html.contains("id=\"trend\"") && html.contains("Thay đổi so với kỳ 2022"));
    let en = text(&chitieu_env(&["report", "--sample", "--period", "2023", "--lang", "en", "--compare-with", "none"], &[]));
    assert!(en.contains("<html lang=\"en\">") && en.contains("Districts by share of targets met"));
    assert!(!en.contains("id=\"trend\""));
    // The sample starts in 2016: nothing to compare 2016 with.
    let first = text(&chitieu_env(&["report", "--sample", "--period", "2016"], &[]));
    assert!(!first.contains("id=\"trend\""));
}

#[test]
fn a_recognition_report_shows_what_changed_since_a_recorded_run() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("decisions.jsonl");
    let log = log.to_str().unwrap();
    text(&chitieu_env(&["certify", "--sample", "--as-of", "2024-06-30", "--record", log, "--by", "Trưởng BCĐ: Nguyễn Văn A", "--format", "json"], &[]));
    let html = text(&chitieu_env(&["report", "--sample", "--as-of", "2024-12-15", "--since", log], &[]));
    assert!(html.contains("id=\"changes\"") && html.contains("Thay đổi so với lần ghi ngày"), "changes section");
    assert!(html.contains("Trưởng BCĐ: Nguyễn Văn A"));
    assert!(html.contains("Xã đạt sạch ma túy theo huyện") && html.contains("id=\"district-gaps\""));
    // --since needs a recognition run.
    let o = chitieu_env(&["report", "--sample", "--period", "2023", "--since", log], &[]);
    assert_eq!(o.status.code(), Some(2));
}

/// Issue 14 item 7: `evaluate --sample --period 2023 --unit all` shows a
/// commune without figures once per document (a row of the table, a line of
/// the explanations, an entry of the JSON list), not one no-data row per
/// target; the province and district rows are those of the JSON outcomes.
#[test]
fn a_commune_without_figures_shows_once_per_document() {
    let args = ["evaluate", "--sample", "--period", "2023", "--unit", "all", "--lang", "en"];
    let t = text(&chitieu_env(&args, &[("COLUMNS", "200")]));
    let line = "Phường Hà Khánh: no figures for the targets of 314/2020/NQ-HĐND in 2023";
    assert_eq!(t.matches(line).count(), 1, "{t}");
    assert_eq!(table_lines(&t).iter().filter(|l| l.contains("06649")).count(), 1, "one table row for Hà Khánh");
    assert!(t.contains("  314/2020/NQ-HĐND: 177 units without figures for its targets"), "{t}");
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&text(&chitieu_env(&a, &[]))).unwrap();
    let without = v["units_without_figures"].as_array().unwrap();
    assert_eq!(without.len(), 177);
    assert!(without.iter().any(|w| w["unit"] == "06649" && w["explanation"] == line));
    let outcomes = v["outcomes"].as_array().unwrap();
    assert!(!outcomes.iter().any(|o| o["level"] == "commune"));
    // Every outcome is a numbered explanation, then every unit without figures.
    let explained = t.lines().skip_while(|l| !l.starts_with("Explanations:")).filter(|l| l.trim_start().split_once(". [").is_some_and(|(n, _)| n.parse::<usize>().is_ok())).count();
    assert_eq!(explained, outcomes.len() + without.len());
}
