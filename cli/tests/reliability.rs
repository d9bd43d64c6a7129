//! Issue 12 as a user meets it: no panic, no damaged file, no silent record.
//! Each test here failed before the fix it guards.

use std::path::Path;
use std::process::{Command, Output};

fn chitieu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chitieu")).args(args).output().expect("the chitieu binary runs")
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const UNITS: &str = "code,name,level,division_type,parent_code\n";

#[test]
fn the_programme_sample_with_another_registry_says_it_needs_the_builtin_one() {
    let dir = tempfile::tempdir().unwrap();
    for (i, body) in ["22,A,province,tỉnh,\n", "22,A,province,tỉnh,\n23,B,province,tỉnh,\n", "22,A,province,tỉnh,\n207,B,district,huyện,22\n"].iter().enumerate() {
        let p = dir.path().join(format!("units{i}.csv"));
        std::fs::write(&p, format!("{UNITS}{body}")).unwrap();
        for args in [vec!["certify", "--as-of", "2024-12-15"], vec!["select", "--as-of", "2024-01-15"], vec!["programme", "--year", "2024"]] {
            let mut a = args.clone();
            a.extend(["--sample", "--units", s(&p)]);
            let o = chitieu(&a);
            assert_eq!(o.status.code(), Some(2), "{a:?}: {}", stderr(&o));
            assert!(stderr(&o).contains("only with the built-in unit registry"), "{}", stderr(&o));
        }
    }
}

#[test]
fn years_and_dates_outside_the_sane_range_are_usage_errors() {
    for args in [
        vec!["programme", "--sample", "--year=-262143"],
        vec!["programme", "--sample", "--year", "262143"],
        vec!["programme", "--sample", "--year", "1899"],
        vec!["programme", "--sample", "--year", "2024", "--as-of", "+262143-12-31"],
        vec!["certify", "--sample", "--as-of", "0001-01-01"],
        vec!["select", "--sample", "--as-of", "9999-12-31"],
        vec!["evaluate", "--sample", "--period", "0001"],
        vec!["evaluate", "--sample", "--period", "9999-Q4"],
        vec!["evaluate", "--sample", "--period", "1000-9999"],
    ] {
        let o = chitieu(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}");
    }
}

#[test]
fn unit_all_with_codes_is_a_clear_usage_error() {
    let o = chitieu(&["evaluate", "--sample", "--period", "2023", "--unit", "all", "--unit", "195"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("either --unit all or unit codes"), "{}", stderr(&o));
}

fn evaluate_to(out: &str) -> Output {
    chitieu(&["evaluate", "--sample", "--period", "2023", "--format", "csv", "--out", out])
}

#[cfg(unix)]
#[test]
fn out_writes_through_a_symlink_and_keeps_the_files_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.csv");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("latest.csv");
    std::os::unix::fs::symlink("report.csv", &link).unwrap();
    let o = evaluate_to(s(&link));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    assert!(std::fs::read_to_string(&target).unwrap().starts_with("target,indicator"));
    assert_eq!(std::fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
    // A dangling link: its target is created.
    let dangling = dir.path().join("next.csv");
    std::os::unix::fs::symlink("new.csv", &dangling).unwrap();
    assert_eq!(evaluate_to(s(&dangling)).status.code(), Some(0));
    assert!(std::fs::read_to_string(dir.path().join("new.csv")).unwrap().starts_with("target,indicator"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 4, "no temporary file left behind");
}

#[cfg(unix)]
#[test]
fn out_never_replaces_a_device_a_pipe_or_a_directory() {
    use std::os::unix::fs::FileTypeExt;
    // A character device is written in place, never renamed over.
    let o = evaluate_to("/dev/null");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    if Path::new("/dev/full").exists() {
        let o = evaluate_to("/dev/full");
        assert_eq!(o.status.code(), Some(1), "a full device is a write error");
        assert!(stderr(&o).contains("/dev/full: cannot write the output"), "{}", stderr(&o));
        assert!(std::fs::metadata("/dev/full").unwrap().file_type().is_char_device(), "/dev/full is still a device");
    }
    // A directory is refused, and left alone.
    let dir = tempfile::tempdir().unwrap();
    let o = evaluate_to(s(dir.path()));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("it is a directory, not a file; nothing was written"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // A FIFO is streamed to its reader.
    let fifo = dir.path().join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = evaluate_to(s(&fifo));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(reader.join().unwrap().starts_with("target,indicator"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is still a FIFO");
}

#[test]
fn out_dash_is_standard_output() {
    let o = evaluate_to("-");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("target,indicator"));
    assert!(!Path::new("-").exists());
}

fn certify(extra: &[&str]) -> Output {
    let mut a = vec!["certify", "--sample", "--as-of", "2024-12-15", "--format", "json"];
    a.extend(extra);
    chitieu(&a)
}

#[test]
fn the_decision_log_refuses_a_csv_and_since_a_missing_log_says_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("figures.csv");
    let before = "unit_code,period,addicts\n06808,2024-12-01,9\n";
    std::fs::write(&csv, before).unwrap();
    let o = certify(&["--record", s(&csv), "--by", "Trưởng ban: A"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("figures.csv") && e.contains("not a chitieu decision log") && e.contains("NOT recorded"), "{e}");
    assert!(o.stdout.is_empty(), "no report is printed for a run that was not recorded");
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), before);

    let missing = dir.path().join("decisions.jsonl");
    let o = certify(&["--since", s(&missing)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("decisions.jsonl: decision log not found"), "{}", stderr(&o));

    // Recording, then comparing with it.
    let o = certify(&["--record", s(&missing), "--by", "Trưởng ban: A"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("line 1"));
    let o = certify(&["--since", s(&missing)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // A directory as a log.
    let o = certify(&["--record", s(dir.path()), "--by", "Trưởng ban: A"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("a directory"), "{}", stderr(&o));
}

#[test]
fn many_concurrent_writer_processes_each_get_their_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("decisions.jsonl");
    let n = 12;
    let children: Vec<_> = (0..n)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_chitieu"))
                .args(["certify", "--sample", "--as-of", "2024-12-15", "--format", "csv", "--out", "/dev/null", "--record", s(&log), "--by"])
                .arg(format!("Trưởng ban: writer {i}"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut lines: Vec<usize> = children
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            let e = stderr(&o);
            assert_eq!(o.status.code(), Some(0), "{e}");
            assert!(!e.contains("warning"), "no false torn warning: {e}");
            let at = e.find(", line ").unwrap() + 7;
            e[at..].split_whitespace().next().unwrap().parse().unwrap()
        })
        .collect();
    lines.sort();
    assert_eq!(lines, (1..=n).collect::<Vec<_>>(), "each writer was told its own, true line");
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), n);
    assert!(!text.contains("\n\n") && text.ends_with('\n'), "no blank line");
    for i in 0..n {
        assert_eq!(text.matches(&format!("\"writer {i}\"")).count(), 1, "writer {i} recorded once");
    }
    let o = certify(&["--since", s(&log)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn catalogue_notes_are_marked_and_shown_apart_from_data_warnings() {
    let o = chitieu(&["evaluate", "--sample", "--period", "2023", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ws = v["warnings"].as_array().unwrap();
    let source = |code: &str| ws.iter().find(|w| w["code"] == code).map(|w| w["source"].as_str().unwrap().to_string());
    assert_eq!(source("allocation_sum").as_deref(), Some("catalogue"), "{ws:?}");
    assert_eq!(source("synthetic_data").as_deref(), Some("data"));
    assert!(ws.iter().all(|w| ["catalogue", "data", "run"].contains(&w["source"].as_str().unwrap())));
    let o = chitieu(&["evaluate", "--sample", "--period", "2023", "--lang", "en"]);
    let t = String::from_utf8_lossy(&o.stdout);
    let note = t.find("ⓘ Note on the documents (not about your data):").expect("a catalogue note");
    let warning = t.find("⚠ Warning: SYNTHETIC").expect("a data warning");
    assert!(warning < note, "data warnings first, then the catalogue's notes");
    // The note's paragraph: its first line and the indented lines it wraps onto.
    let lines: Vec<&str> = t[note..].lines().enumerate().take_while(|(i, l)| *i == 0 || l.starts_with("  ")).map(|(_, l)| l).collect();
    assert!(lines.join(" ").contains("590"), "{t}");
    assert!(!t.contains("⚠ Warning: Phụ biểu") && !t.contains("⚠ Warning: Appendix"), "the 590/580 gap is not a data warning");
    let o = chitieu(&["evaluate", "--sample", "--period", "1999", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "no_target_binds" && w["source"] == "run"), "{v}");
}
