//! Recognition of drug-free communes and districts (50/KH-UBND): selection,
//! certification, keep-clean, programme targets, gaps, the decision log and
//! the precise errors of the three input files.

use chitieu_core::catalogue::Catalogue;
use chitieu_core::certification::log::{compare, Decider, DecisionLog, LogEntry};
use chitieu_core::certification::{certify, programme, select, Decision, Inputs, Report};
use chitieu_core::evaluation::Status;
use chitieu_core::{DataError, Level, UnitRegistry};

fn cat() -> Catalogue {
    Catalogue::builtin()
}
fn units() -> UnitRegistry {
    UnitRegistry::builtin()
}
fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}
/// The communes of a district in the December 2024 review (after the merges of 1/11/2024).
fn communes(district: &str) -> Vec<String> {
    units().descendants_at(district, Level::Commune).iter().filter(|u| u.valid_on(d("2024-12-15"))).map(|u| u.code.clone()).collect()
}

/// Long-format figures: (unit, date, variable, value).
fn figures(rows: &[(&str, &str, &str, i64)]) -> String {
    let mut s = String::from("unit_code,period,variable,value\n");
    for (u, p, v, x) in rows {
        s.push_str(&format!("{u},{p},{v},{x}\n"));
    }
    s
}

/// Every certification figure of a commune that meets all criteria.
fn clean(unit: &str, date: &str) -> Vec<(String, String, String, i64)> {
    [
        ("drug_hotspots", 0),
        ("complex_drug_hotspots", 0),
        ("in_transformation_list", 0),
        ("addicts", 3),
        ("addicts_in_community", 3),
        ("addicts_with_record_and_rehab", 3),
        ("users_and_post_rehab", 2),
        ("users_and_post_rehab_managed", 2),
        ("households", 500),
        ("households_committed", 500),
        ("addicts_and_users", 5),
        ("relapse_detected_in_time", 1),
        ("suspected_users", 1),
        ("suspected_users_tested", 1),
    ]
    .iter()
    .map(|(v, x)| (unit.to_string(), date.to_string(), v.to_string(), *x))
    .collect()
}

fn long(rows: &[(String, String, String, i64)]) -> String {
    let r: Vec<(&str, &str, &str, i64)> = rows.iter().map(|(a, b, c, x)| (a.as_str(), b.as_str(), c.as_str(), *x)).collect();
    figures(&r)
}

fn inputs(figs: &str, events: &str, register: &str) -> Inputs {
    Inputs::from_texts(Some(("figures.csv", figs)), Some(("events.csv", events)), Some(("register.csv", register)), &cat(), &units()).unwrap()
}

fn input_error(figs: &str, events: &str, register: &str) -> DataError {
    Inputs::from_texts(Some(("figures.csv", figs)), Some(("events.csv", events)), Some(("register.csv", register)), &cat(), &units()).unwrap_err()
}

const EVENTS: &str = "date,unit_code,kind,residence,severity,note\n";
const REGISTER: &str = "unit_code,track,entry_date,certified_on,lost_on,addicts_and_users_at_entry\n";

fn criterion(r: &Report, unit: &str, id: &str) -> Status {
    r.unit(unit).unwrap_or_else(|| panic!("no unit {unit}")).criterion(id).unwrap_or_else(|| panic!("no {id} for {unit}")).status
}

// ---------------------------------------------------------------- selection

#[test]
fn rules_section_8_selection_examples() {
    let c = communes("196");
    let (a, b, e) = (&c[0], &c[1], &c[2]);
    let mut rows = Vec::new();
    for (u, addicts) in [(a, 9), (b, 10), (e, 9)] {
        for (v, x) in [("drug_hotspots", 0), ("complex_drug_hotspots", 0), ("in_transformation_list", 0), ("addicts", addicts), ("addicts_in_community", addicts)] {
            rows.push((u.clone(), "2024-12-01".to_string(), v.to_string(), x));
        }
    }
    let mut ev = String::from(EVENTS);
    for u in [a, b, e] {
        ev.push_str(&format!("2024-03-01,{u},drug_offence,permanent,,\n2024-09-01,{u},drug_offence,temporary,,\n"));
        // Not counted: by a non-resident.
        ev.push_str(&format!("2024-10-01,{u},drug_offence,none,,\n"));
    }
    ev.push_str(&format!("2024-11-01,{e},drug_offence,permanent,,\n"));
    let inp = inputs(&long(&rows), &ev, REGISTER);
    let r = select(&cat(), &units(), &inp, "kh50", d("2024-12-15")).unwrap();
    assert_eq!(r.unit(a).unwrap().status, Decision::Eligible, "9 addicts and 2 resident offences");
    assert_eq!(r.unit(b).unwrap().status, Decision::NotEligible, "10 addicts");
    assert_eq!(criterion(&r, b, "kh50.select.commune.addicts_lt_10"), Status::NotMet);
    assert_eq!(r.unit(e).unwrap().status, Decision::NotEligible, "a third offence");
    assert_eq!(criterion(&r, e, "kh50.select.commune.offences_12m"), Status::NotMet);
    let gaps: Vec<&str> = r.unit(e).unwrap().gaps.iter().map(|g| g.text_en.as_str()).collect();
    assert!(gaps.iter().any(|g| g.contains("3 drug offences by residents") && g.contains("1 more than the 2 allowed")), "{gaps:?}");
    let gaps: Vec<&str> = r.unit(b).unwrap().gaps.iter().map(|g| g.text_en.as_str()).collect();
    assert!(gaps.iter().any(|g| g.contains("10 addicts in the community: 1 fewer needed")), "{gaps:?}");
    // A commune without figures is not eligible by default: its status is no_data.
    assert_eq!(r.unit(&c[5]).unwrap().status, Decision::NoData);
}

#[test]
fn the_12_month_window_edges() {
    let c = communes("196");
    let u = &c[0];
    let rows: Vec<_> = [("drug_hotspots", 0), ("in_transformation_list", 0), ("addicts", 1), ("addicts_in_community", 1)]
        .iter()
        .map(|(v, x)| (u.clone(), "2023-01-01".to_string(), v.to_string(), *x))
        .collect();
    let count = |events: &[&str], s: &str| -> (Status, String) {
        let mut ev = String::from(EVENTS);
        for e in events {
            ev.push_str(&format!("{e},{u},drug_offence,permanent,,\n"));
        }
        let r = select(&cat(), &units(), &inputs(&long(&rows), &ev, REGISTER), "kh50", d(s)).unwrap();
        let c = r.unit(u).unwrap().criterion("kh50.select.commune.offences_12m").unwrap().clone();
        (c.status, c.detail_en)
    };
    // Exactly S minus 12 months is outside: two inside, one on the edge -> 2, met.
    let (s, detail) = count(&["2023-12-15", "2024-01-10", "2024-12-15"], "2024-12-15");
    assert_eq!(s, Status::Met, "{detail}");
    assert!(detail.contains("inside 2023-12-16..2024-12-15"), "{detail}");
    // One on S itself is inside.
    assert_eq!(count(&["2023-12-16", "2024-01-10", "2024-12-15"], "2024-12-15").0, Status::NotMet);
    // After S: not counted.
    assert_eq!(count(&["2023-12-16", "2024-01-10", "2024-12-16"], "2024-12-15").0, Status::Met);
    // Leap day: S = 2024-02-29 starts after 2023-02-28.
    let (s, detail) = count(&["2023-02-28", "2023-06-01", "2024-02-29"], "2024-02-29");
    assert_eq!(s, Status::Met, "{detail}");
    assert!(detail.contains("2023-03-01..2024-02-29"), "{detail}");
    assert_eq!(count(&["2023-03-01", "2023-06-01", "2024-02-29"], "2024-02-29").0, Status::NotMet);
}

/// A district where `held` of its communes hold a recognition (keep-clean)
/// and none is a key commune.
fn district_share(district: &str, held: usize) -> Inputs {
    let mut rows = Vec::new();
    let mut reg = String::from(REGISTER);
    for (i, c) in communes(district).iter().enumerate() {
        rows.push((c.clone(), "2024-01-01".to_string(), "in_transformation_list".to_string(), 0));
        if i < held {
            reg.push_str(&format!("{c},keep_clean,2024-01-01,2023-12-31,,\n"));
        }
    }
    inputs(&long(&rows), EVENTS, &reg)
}

#[test]
fn district_selection_needs_strictly_more_than_70_percent() {
    // Uông Bí has 10 communes: 7 of 10 is 70%, not more.
    let r = select(&cat(), &units(), &district_share("196", 7), "kh50", d("2024-12-15")).unwrap();
    let ub = r.unit("196").unwrap();
    assert_eq!(ub.status, Decision::NotEligible);
    assert_eq!(criterion(&r, "196", "kh50.select.district.communes_drug_free"), Status::NotMet);
    assert!(ub.gaps.iter().any(|g| g.text_en.starts_with("7 of 10 communes drug-free: 1 more needed")), "{:?}", ub.gaps);
    // Tiên Yên has 11: 8 of 11 is 72.7%.
    let r = select(&cat(), &units(), &district_share("199", 8), "kh50", d("2024-12-15")).unwrap();
    assert_eq!(r.unit("199").unwrap().status, Decision::Eligible);
    assert_eq!(criterion(&r, "199", "kh50.select.district.no_key_communes"), Status::Met);
    // Already-clean communes are not selected again.
    let held = &communes("199")[0];
    assert_eq!(criterion(&r, held, "kh50.select.commune.not_yet_clean"), Status::NotMet);
}

#[test]
fn a_designated_district_is_eligible_by_name() {
    let r = select(&cat(), &units(), &district_share("198", 0), "kh50", d("2024-12-15")).unwrap();
    let bl = r.unit("198").unwrap();
    assert_eq!(bl.status, Decision::Eligible, "Bình Liêu is named by Mục II.4.2");
    assert_eq!(criterion(&r, "198", "kh50.select.district.designated"), Status::Met);
    assert_eq!(criterion(&r, "198", "kh50.select.district.communes_drug_free"), Status::NotMet);
    assert!(bl.gaps.is_empty());
    assert_eq!(r.unit("199").unwrap().status, Decision::NotEligible);
}

// ------------------------------------------------------------ certification

/// Cô Tô's three communes on the make-clean track; `bad` lists (commune index,
/// variable, value) overrides.
fn co_to(bad: &[(usize, &str, i64)], events: &str) -> Inputs {
    let mut rows = Vec::new();
    let mut reg = String::from(REGISTER);
    for (i, c) in communes("207").iter().enumerate() {
        for mut r in clean(c, "2024-12-10") {
            if let Some((_, _, x)) = bad.iter().find(|(j, v, _)| *j == i && *v == r.2) {
                r.3 = *x;
            }
            rows.push(r);
        }
        reg.push_str(&format!("{c},make_clean,2024-05-01,,,5\n"));
    }
    rows.push(("207".into(), "2024-12-10".into(), "organisations".into(), 40));
    rows.push(("207".into(), "2024-12-10".into(), "organisations_with_drug_offenders".into(), 0));
    inputs(&long(&rows), &format!("{EVENTS}{events}"), &reg)
}

#[test]
fn a_clean_district_is_certified_with_all_its_communes() {
    let r = certify(&cat(), &units(), &co_to(&[], ""), "kh50", d("2024-12-15")).unwrap();
    for c in communes("207") {
        assert_eq!(r.unit(&c).unwrap().status, Decision::Certified, "{c}: {:?}", r.unit(&c).unwrap().gaps);
    }
    assert_eq!(r.unit("207").unwrap().status, Decision::Certified);
    assert_eq!(r.unit("198").unwrap().status, Decision::NotCertified, "Bình Liêu's communes are not in the programme");
}

#[test]
fn a_district_with_one_uncertified_commune_is_not_certified() {
    let c = communes("207");
    let r = certify(&cat(), &units(), &co_to(&[(1, "households_committed", 498)], ""), "kh50", d("2024-12-15")).unwrap();
    let bad = r.unit(&c[1]).unwrap();
    assert_eq!(bad.status, Decision::NotCertified);
    assert_eq!(bad.gaps.len(), 1);
    assert_eq!(bad.gaps[0].text_en, "2 of 500 households have not signed");
    assert_eq!(bad.gaps[0].text_vi, "2/500 hộ gia đình chưa ký cam kết");
    let district = r.unit("207").unwrap();
    assert_eq!(district.status, Decision::NotCertified);
    assert_eq!(criterion(&r, "207", "kh50.certify.district.organisations_clean"), Status::Met);
    let g = &district.gaps[0].text_en;
    assert!(g.starts_with("1 of 3 communes not drug-free: Xã Đồng Tiến"), "{g}");
}

#[test]
fn a_commune_with_no_addicts_meets_addicts_managed() {
    let r = certify(&cat(), &units(), &co_to(&[(0, "addicts", 0), (0, "addicts_in_community", 0), (0, "addicts_with_record_and_rehab", 0)], ""), "kh50", d("2024-12-15")).unwrap();
    let c = &communes("207")[0];
    assert_eq!(criterion(&r, c, "kh50.certify.commune.addicts_managed"), Status::Met);
    assert_eq!(r.unit(c).unwrap().status, Decision::Certified);
}

#[test]
fn offences_inside_the_programme_window_by_residents_only() {
    let c = communes("207");
    let ev = format!(
        "2024-07-12,{},drug_offence,temporary,,\n2024-04-30,{},drug_offence,permanent,,crackdown phase\n2024-08-01,{},drug_offence,none,,\n",
        c[0], c[1], c[2]
    );
    let r = certify(&cat(), &units(), &co_to(&[], &ev), "kh50", d("2024-12-15")).unwrap();
    let a = r.unit(&c[0]).unwrap();
    assert_eq!(a.status, Decision::NotCertified);
    let crit = a.criterion("kh50.certify.commune.no_hotspots_no_offences").unwrap();
    assert!(crit.detail_en.contains("1 drug offence by a temporary resident on 2024-07-12, inside 2024-05-01..2024-12-15"), "{}", crit.detail_en);
    assert!(crit.detail_vi.contains("1 vụ phạm tội về ma túy do người tạm trú gây ra ngày 12/07/2024, trong khoảng 01/05/2024–15/12/2024"), "{}", crit.detail_vi);
    assert_eq!(r.unit(&c[1]).unwrap().status, Decision::Certified, "before the window: the crackdown phase");
    assert_eq!(r.unit(&c[2]).unwrap().status, Decision::Certified, "a non-resident's offence does not count");
    // The roadmap counts every new offence from 01/05/2024 but does not decide.
    let road = r.unit(&c[2]).unwrap().criterion("kh50.roadmap.2024.no_new_cases").unwrap();
    assert_eq!((road.status, road.decides), (Status::NotMet, false));
}

#[test]
fn more_addicts_than_at_entry_and_missing_figures() {
    let c = communes("207");
    let r = certify(&cat(), &units(), &co_to(&[(0, "addicts_and_users", 7)], ""), "kh50", d("2024-12-15")).unwrap();
    let a = r.unit(&c[0]).unwrap();
    assert_eq!(criterion(&r, &c[0], "kh50.certify.commune.contained"), Status::NotMet);
    // A number followed by a date reads as a number: "5 người tại ngày 01/05/2024", "7 > 5 (ngày 01/05/2024)".
    assert_eq!(a.gaps[0].text_en, "7 addicts and users: 2 more than the 5 at entry into the programme (2024-05-01)");
    assert_eq!(a.gaps[0].text_vi, "7 người nghiện, người sử dụng, nhiều hơn 2 so với 5 người tại ngày 01/05/2024, lúc đưa vào xây dựng");
    let detail = &a.criterion("kh50.certify.commune.contained").unwrap().detail_vi;
    assert!(detail.contains("7 > 5 (ngày 01/05/2024)"), "{detail}");
    // No register entry: no programme window, so no data.
    let mut rows = clean(&c[0], "2024-12-10");
    rows.retain(|r| r.2 != "households");
    let r = certify(&cat(), &units(), &inputs(&long(&rows), EVENTS, REGISTER), "kh50", d("2024-12-15")).unwrap();
    let a = r.unit(&c[0]).unwrap();
    assert_eq!(a.status, Decision::NoData);
    assert!(a.gaps.iter().any(|g| g.text_en.contains("without an entry date there is no programme window")), "{:?}", a.gaps);
    assert!(a.gaps.iter().any(|g| g.text_en.contains("missing data: Households (households)")), "{:?}", a.gaps);
}

#[test]
fn keep_clean_loses_the_status_after_a_new_case() {
    let c = communes("207");
    let mut reg = String::from(REGISTER);
    let mut rows = Vec::new();
    for u in &c {
        reg.push_str(&format!("{u},keep_clean,2024-01-01,2023-12-31,,\n"));
        rows.extend(clean(u, "2024-12-10"));
    }
    reg.push_str("207,keep_clean,2024-01-01,2023-12-31,,\n");
    let ev = format!("{EVENTS}2023-12-31,{},new_user,,,the recognition day itself\n2024-06-01,{},new_user,,,\n", c[0], c[1]);
    let r = certify(&cat(), &units(), &inputs(&long(&rows), &ev, &reg), "kh50", d("2024-12-15")).unwrap();
    assert_eq!(r.unit(&c[0]).unwrap().status, Decision::Certified, "an event on the recognition day is not after it");
    let lost = r.unit(&c[1]).unwrap();
    assert_eq!((lost.status, lost.lost_on), (Decision::NotCertified, Some(d("2024-06-01"))));
    assert!(lost.gaps[0].text_en.starts_with("recognition lost: 1 case(s) after recognition (new drug user on 2024-06-01)"), "{}", lost.gaps[0].text_en);
    let district = r.unit("207").unwrap();
    assert_eq!((district.status, district.lost_on), (Decision::NotCertified, Some(d("2024-06-01"))));
    // Once the register records the loss, the unit stays not certified.
    let reg2 = reg.replace(&format!("{},keep_clean,2024-01-01,2023-12-31,,", c[1]), &format!("{},keep_clean,2024-01-01,2023-12-31,2024-06-01,", c[1]));
    let ev2 = format!("{EVENTS}");
    let r2 = certify(&cat(), &units(), &inputs(&long(&rows), &ev2, &reg2), "kh50", d("2024-12-15")).unwrap();
    let lost2 = r2.unit(&c[1]).unwrap();
    assert_eq!((lost2.status, lost2.lost_on), (Decision::NotCertified, Some(d("2024-06-01"))));
    assert!(lost2.gaps[0].text_en.contains("must re-enter the programme"), "{:?}", lost2.gaps);
    // Programme: 2 of 3 communes kept is below 90%; 0 of 1 district kept.
    let kept = r.programme.iter().find(|o| o.target() == "kh50.programme.communes_kept").unwrap();
    assert_eq!(kept.status, Status::NotMet);
    assert_eq!(kept.verdict.as_ref().unwrap().parts.clone().map(|(n, d)| (n.to_string(), d.to_string())), Some(("2".into(), "3".into())));
}

// ---------------------------------------------------------------- programme

/// 42 make-clean communes entering on 2024-05-01, `good` of them meeting every criterion.
fn make_clean_42(good: usize) -> Inputs {
    let all: Vec<String> = units().units().iter().filter(|u| u.level == Level::Commune && u.valid_on(d("2024-12-10"))).map(|u| u.code.clone()).take(42).collect();
    let mut rows = Vec::new();
    let mut reg = String::from(REGISTER);
    for (i, c) in all.iter().enumerate() {
        let mut r = clean(c, "2024-12-10");
        if i >= good {
            r.iter_mut().filter(|r| r.2 == "households_committed").for_each(|r| r.3 = 499);
        }
        rows.extend(r);
        reg.push_str(&format!("{c},make_clean,2024-05-01,,,5\n"));
    }
    inputs(&long(&rows), EVENTS, &reg)
}

#[test]
fn programme_26_of_42_meets_60_percent_and_25_does_not() {
    for (good, status) in [(25, Status::NotMet), (26, Status::Met)] {
        let r = programme(&cat(), &units(), &make_clean_42(good), "kh50", 2024, Some(d("2024-12-15"))).unwrap();
        let o = r.programme.iter().find(|o| o.target() == "kh50.programme.yearly_build").unwrap();
        assert_eq!(o.status, status, "{good} of 42: {}", o.explanation(chitieu_core::Lang::En));
        assert!(o.explanation(chitieu_core::Lang::En).contains("needs at least 26 of 42") || status == Status::Met, "{}", o.explanation(chitieu_core::Lang::En));
    }
}

#[test]
fn two_of_three_districts_kept_meets_two_thirds() {
    // Cô Tô, Ba Chẽ and Bình Liêu recognised in 2023; a new user in Bình Liêu in 2024.
    let mut reg = String::from(REGISTER);
    for d in ["207", "202", "198"] {
        reg.push_str(&format!("{d},keep_clean,2024-01-01,2023-12-31,,\n"));
    }
    let ev = format!("{EVENTS}2024-06-01,{},new_user,,,\n", communes("198")[0]);
    let r = programme(&cat(), &units(), &inputs(&figures(&[]), &ev, &reg), "kh50", 2024, None).unwrap();
    assert_eq!(r.as_of, d("2024-12-31"));
    let o = r.programme.iter().find(|o| o.target() == "kh50.programme.districts_kept").unwrap();
    assert_eq!(o.status, Status::Met, "{}", o.explanation(chitieu_core::Lang::En));
    let json = r.to_json(chitieu_core::Lang::En);
    assert_eq!(json["programme"].as_array().unwrap().iter().find(|o| o["target"] == "kh50.programme.districts_kept").unwrap()["actual"], "66.6666666667");
}

// ---------------------------------------------------------------- the log

#[test]
fn the_decision_log_appends_and_survives_a_torn_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("decisions.jsonl");
    let r = certify(&cat(), &units(), &co_to(&[], ""), "kh50", d("2024-12-15")).unwrap();
    let by: Decider = "Trưởng Ban Chỉ đạo 138/QN: Nguyễn Văn A".parse().unwrap();
    assert_eq!(DecisionLog::append(&path, &LogEntry::new(&r, by.clone())).unwrap().line, 1);
    assert_eq!(DecisionLog::append(&path, &LogEntry::new(&r, by.clone())).unwrap().line, 2);
    let first_two = std::fs::read(&path).unwrap();
    // A crash mid-write: half a line, no newline.
    std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"{\"chitieu_version\":\"0.1").unwrap();
    let log = DecisionLog::open(&path).unwrap();
    assert_eq!(log.entries.len(), 2);
    assert_eq!(log.warnings.len(), 1);
    assert!(log.warnings[0].message_en.contains("decisions.jsonl, line 3: not a complete entry"), "{}", log.warnings[0].message_en);
    // The next entry starts on a fresh line; nothing before is rewritten.
    let done = DecisionLog::append(&path, &LogEntry::new(&r, by.clone())).unwrap();
    assert_eq!(done.line, 4);
    assert_eq!(done.warnings.len(), 1, "the torn line is reported to the writer too");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(&first_two));
    assert!(String::from_utf8_lossy(&bytes).contains("{\"chitieu_version\":\"0.1\n{"));
    let log = DecisionLog::open(&path).unwrap();
    assert_eq!(log.entries.iter().map(|(l, _)| *l).collect::<Vec<_>>(), vec![1, 2, 4]);
    assert_eq!(log.warnings.len(), 1, "the torn line is still reported, by its line");
    let e = &log.entries[0].1;
    assert_eq!((e.decided_by.role.as_str(), e.decided_by.name.as_str(), e.as_of), ("Trưởng Ban Chỉ đạo 138/QN", "Nguyễn Văn A", d("2024-12-15")));
    assert!(chrono::DateTime::parse_from_rfc3339(&e.recorded_at).is_ok());
    assert_eq!(e.inputs_sha256, r.inputs_sha256);
    assert!("no colon".parse::<Decider>().is_err());
}

use std::io::Write;

#[test]
fn the_decision_log_refuses_what_is_not_a_log_and_says_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let r = certify(&cat(), &units(), &co_to(&[], ""), "kh50", d("2024-12-15")).unwrap();
    let by: Decider = "Trưởng ban: A".parse().unwrap();
    // A CSV given by mistake: refused, and left exactly as it was.
    let csv = dir.path().join("figures.csv");
    std::fs::write(&csv, "unit_code,period,addicts\n06808,2024-12-01,9\n").unwrap();
    let e = DecisionLog::append(&csv, &LogEntry::new(&r, by.clone())).unwrap_err().to_string();
    assert!(e.contains("figures.csv") && e.contains("not a chitieu decision log") && e.contains("nothing was written"), "{e}");
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "unit_code,period,addicts\n06808,2024-12-01,9\n");
    let e = DecisionLog::open(&csv).unwrap_err().to_string();
    assert!(e.contains("not a chitieu decision log") && e.contains("'unit_code,period,addicts'"), "{e}");
    // A missing log is "not found" for reading; appending creates it.
    let missing = dir.path().join("none.jsonl");
    let e = DecisionLog::open(&missing).unwrap_err().to_string();
    assert!(e.contains("none.jsonl") && e.contains("not found"), "{e}");
    assert_eq!(DecisionLog::append(&missing, &LogEntry::new(&r, by.clone())).unwrap().line, 1);
    // A directory is not a log.
    let e = DecisionLog::append(dir.path(), &LogEntry::new(&r, by)).unwrap_err().to_string();
    assert!(e.contains("a directory"), "{e}");
    // A write torn inside the very first bytes is still a log.
    assert!(DecisionLog::parse(b"{\"chit", "x.jsonl").unwrap().entries.is_empty());
    assert!(DecisionLog::parse(b"", "x.jsonl").unwrap().entries.is_empty());
}

#[test]
fn concurrent_writers_get_their_own_lines_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("decisions.jsonl");
    let r = certify(&cat(), &units(), &co_to(&[], ""), "kh50", d("2024-12-15")).unwrap();
    let entry = LogEntry::new(&r, "Trưởng ban: A".parse().unwrap());
    let lines: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8).map(|_| s.spawn(|| (0..3).map(|_| DecisionLog::append(&path, &entry).unwrap().line).collect::<Vec<_>>())).collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(sorted, (1..=24).collect::<Vec<_>>(), "every writer got a distinct, true line number");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains("\n\n") && text.ends_with('\n'), "no blank line");
    let log = DecisionLog::open(&path).unwrap();
    assert_eq!((log.entries.len(), log.warnings.len()), (24, 0));
}

#[test]
fn what_changed_since_the_list_was_approved() {
    let c = communes("207");
    let before = certify(&cat(), &units(), &co_to(&[], ""), "kh50", d("2024-12-15")).unwrap();
    let entry = LogEntry::new(&before, "Trưởng ban: A".parse().unwrap());
    let after = certify(&cat(), &units(), &co_to(&[(2, "suspected_users_tested", 0)], ""), "kh50", d("2024-12-15")).unwrap();
    let cmp = compare(&entry, &after);
    assert!(cmp.inputs_changed);
    let codes: Vec<&str> = cmp.changes.iter().map(|ch| ch.unit.as_str()).collect();
    assert_eq!(codes, vec![c[2].as_str(), "207"]);
    let ch = &cmp.changes[0];
    assert_eq!((ch.before, ch.after), (Some(Decision::Certified), Some(Decision::NotCertified)));
    assert_eq!(ch.criteria, vec![("kh50.certify.commune.all_suspected_tested".to_string(), Some("met".into()), Some("not_met".into()))]);
    assert!(compare(&entry, &before).changes.is_empty());
}

#[test]
fn the_digest_depends_on_the_facts_not_their_order() {
    let c = communes("207");
    let rows = clean(&c[0], "2024-12-10");
    let mut reversed = rows.clone();
    reversed.reverse();
    let ev1 = format!("{EVENTS}2024-07-12,{},drug_offence,temporary,,\n2024-08-01,{},new_user,,,\n", c[0], c[1]);
    let ev2 = format!("{EVENTS}2024-08-01,{},new_user,,,\n2024-07-12,{},drug_offence,temporary,,\n", c[1], c[0]);
    let reg1 = format!("{REGISTER}{},make_clean,2024-05-01,,,5\n{},make_clean,2024-05-01,,,4\n", c[0], c[1]);
    let reg2 = format!("unit_code,addicts_and_users_at_entry,entry_date,track\n{},4,2024-05-01,make_clean\n{},5,2024-05-01,make_clean\n", c[1], c[0]);
    let a = inputs(&long(&rows), &ev1, &reg1);
    let b = inputs(&long(&reversed), &ev2, &reg2);
    assert_eq!(a.digest(), b.digest());
    assert_eq!(a.digest().len(), 64);
    let changed = inputs(&long(&rows), &ev1.replace("temporary", "permanent"), &reg1);
    assert_ne!(a.digest(), changed.digest());
}

// ---------------------------------------------------------------- bad input

#[test]
fn every_bad_input_names_file_row_and_column() {
    let c = &communes("207")[0];
    let at = |e: &DataError| (e.location.file.clone(), e.location.row, e.location.column.clone(), e.value.clone());
    // A date that does not exist, in events.
    let e = input_error(&figures(&[]), &format!("{EVENTS}2024-07-12,{c},new_user,,,\n2024-02-30,{c},new_user,,,\n"), REGISTER);
    assert_eq!(at(&e), ("events.csv".into(), Some(3), Some("date".into()), Some("2024-02-30".into())));
    assert_eq!(e.message, "a date that does not exist");
    // ... and as a figures period.
    let e = input_error(&figures(&[(c, "2024-02-30", "addicts", 1)]), EVENTS, REGISTER);
    assert_eq!(at(&e), ("figures.csv".into(), Some(2), Some("period".into()), Some("2024-02-30".into())));
    // An unknown event kind.
    let e = input_error(&figures(&[]), &format!("{EVENTS}2024-07-12,{c},drug_deal,permanent,,\n"), REGISTER);
    assert_eq!(at(&e), ("events.csv".into(), Some(2), Some("kind".into()), Some("drug_deal".into())));
    assert!(e.expected.unwrap().contains("drug_offence, new_addict"));
    // A drug offence without the offender's residence.
    let e = input_error(&figures(&[]), &format!("{EVENTS}2024-07-12,{c},drug_offence,,,\n"), REGISTER);
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(2), Some("residence")));
    // An unknown unit code, with a suggestion.
    let e = input_error(&figures(&[]), &format!("{EVENTS}2024-07-12,99999,new_user,,,\n"), REGISTER);
    assert_eq!(at(&e), ("events.csv".into(), Some(2), Some("unit_code".into()), Some("99999".into())));
    let e = input_error(&figures(&[]), EVENTS, &format!("{REGISTER}{c},make_clean,2024-05-01,,,5\n12345678,make_clean,2024-05-01,,,5\n"));
    assert_eq!(at(&e), ("register.csv".into(), Some(3), Some("unit_code".into()), Some("12345678".into())));
    // A recognition before the entry it refers to.
    let e = input_error(&figures(&[]), EVENTS, &format!("{REGISTER}{c},make_clean,2024-05-01,2024-04-30,,5\n"));
    assert_eq!(at(&e), ("register.csv".into(), Some(2), Some("certified_on".into()), Some("2024-04-30".into())));
    assert!(e.message.contains("before the entry it refers to"), "{e}");
    // Lost before it was given; an unknown track; an unknown column.
    let e = input_error(&figures(&[]), EVENTS, &format!("{REGISTER}{c},make_clean,2024-05-01,2024-12-20,2024-12-01,5\n"));
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(2), Some("lost_on")));
    let e = input_error(&figures(&[]), EVENTS, &format!("{REGISTER}{c},clean,2024-05-01,,,5\n"));
    assert_eq!(at(&e), ("register.csv".into(), Some(2), Some("track".into()), Some("clean".into())));
    let e = input_error(&figures(&[]), EVENTS, "unit_code,track,entry_date,addicts_at_entri\n");
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(1), Some("addicts_at_entri")));
    // A negative figure at entry is refused by the observations' own checks.
    let e = input_error(&figures(&[]), EVENTS, &format!("{REGISTER}{c},make_clean,2024-05-01,,,-1\n"));
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(2), Some("addicts_and_users_at_entry")));
    // JSON events: the record index is the row.
    let json = format!("{{\"events\": [{{\"date\": \"2024-07-12\", \"unit_code\": \"{c}\", \"kind\": \"new_user\"}}, {{\"date\": \"2024-13-01\", \"unit_code\": \"{c}\", \"kind\": \"new_user\"}}]}}");
    let e = Inputs::from_texts(None, Some(("events.json", &json)), None, &cat(), &units()).unwrap_err();
    assert_eq!(at(&e), ("events.json".into(), Some(2), Some("date".into()), Some("2024-13-01".into())));
}

// ---------------------------------------------------------------- catalogue

#[test]
fn every_section_4_criterion_is_data_with_a_verbatim_phrase() {
    let cat = cat();
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/catalogue/sources/001_b9e9882dd9a95b13.txt")).unwrap();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = squash(&source);
    for id in [
        "kh50.select.commune.no_hotspots",
        "kh50.select.commune.not_yet_clean",
        "kh50.select.commune.addicts_lt_10",
        "kh50.select.commune.offences_12m",
        "kh50.select.district.designated",
        "kh50.select.district.communes_drug_free",
        "kh50.select.district.no_key_communes",
        "kh50.certify.commune.no_hotspots_no_offences",
        "kh50.certify.commune.addicts_managed",
        "kh50.certify.commune.users_managed",
        "kh50.certify.commune.households_committed",
        "kh50.certify.commune.contained",
        "kh50.certify.commune.relapse_detected",
        "kh50.certify.commune.no_serious_incidents",
        "kh50.certify.commune.all_suspected_tested",
        "kh50.certify.district.all_communes",
        "kh50.certify.district.organisations_clean",
        "kh50.keep.commune.no_return",
        "kh50.keep.district.no_return",
    ] {
        let c = cat.criterion(id).unwrap_or_else(|| panic!("{id} is not in the catalogue"));
        assert!(text.contains(&squash(&c.phrase)), "{id}: phrase not verbatim: {}", c.phrase);
        assert!(c.designated.len() + c.as_parts().len() > 0, "{id} has no rule");
    }
    for (c, _) in cat.criteria() {
        assert!(text.contains(&squash(&c.phrase)), "{}: phrase not verbatim", c.id);
    }
    for (p, _) in cat.phases() {
        assert!(text.contains(&squash(&p.phrase)), "{}: phrase not verbatim", p.id);
    }
}

#[test]
fn a_bad_criterion_is_named_by_its_key_path() {
    let bad = r#"
[document]
id = "x"
number = "1/KH"
kind = "plan"
issuer_vi = "a"
issuer_en = "a"
date = "2024-01-01"
title_vi = "a"
title_en = "a"
scope = "22"

[[criterion]]
id = "x.select.commune.a"
stage = "select"
level = "commune"
clause_vi = "a"
clause_en = "a"
phrase = "a"
name_vi = "a"
name_en = "a"
measure = { events = { kinds = ["drug_offence"], window = "12 months after" } }
rule = { comparator = "<=", value = 2 }
"#;
    let e = Catalogue::from_texts(&[("x.toml", bad)], chitieu_core::catalogue::Mode::AddToBuiltin).unwrap_err();
    assert!(e.to_string().contains("criterion[0].measure") && e.to_string().contains("not an event window"), "{e}");
    let bad = bad.replace("12 months after", "programme").replace("value = 2", "value = \"baseline\"");
    let e = Catalogue::from_texts(&[("x.toml", &bad)], chitieu_core::catalogue::Mode::AddToBuiltin).unwrap_err();
    assert!(e.to_string().contains("criterion[0].baseline"), "{e}");
}

#[test]
fn the_report_json_has_the_contract_shape() {
    let r = certify(&cat(), &units(), &co_to(&[(0, "addicts_with_record_and_rehab", 1)], ""), "kh50", d("2024-12-15")).unwrap();
    let j = r.to_json(chitieu_core::Lang::En);
    for k in ["chitieu_version", "as_of", "scheme", "communes", "districts", "programme"] {
        assert!(!j[k].is_null(), "{k}");
    }
    assert_eq!(j["as_of"], "2024-12-15");
    assert_eq!(j["scheme"], "kh50");
    // The communes in force on the review date: 177 less the six merged on 1/11/2024.
    assert_eq!(j["communes"].as_array().unwrap().len(), 171);
    assert_eq!(j["districts"].as_array().unwrap().len(), 13);
    let c = j["communes"].as_array().unwrap().iter().find(|u| u["unit"] == communes("207")[0].as_str()).unwrap();
    assert_eq!(c["status"], "not_certified");
    assert_eq!(c["district"], "207");
    let crit = c["criteria"].as_array().unwrap().iter().find(|x| x["id"] == "kh50.certify.commune.addicts_managed").unwrap();
    assert_eq!((crit["status"].as_str(), crit["parts"][0]["numerator"].as_str(), crit["parts"][0]["denominator"].as_str()), (Some("not_met"), Some("1"), Some("3")));
    assert_eq!(c["gaps"][0]["text"], "2 of 3 addicts have no management record and suitable rehab");
    assert_eq!(c["gaps"][0]["need"], "2");
    assert!(r.to_csv(chitieu_core::Lang::Vi).lines().count() > 171);
}

// ---------------------------------------------------------------- across the reform of 1/7/2025

/// The December 2025 review of communes formed on 1/7/2025, with no entry of
/// their own: Đặc khu Cô Tô (07192) from three communes all recognised for
/// 2023; Xã Lương Minh (06985) from Lương Mông (recognised) and Đồng Sơn
/// (07036, never recognised); Xã Kỳ Thượng (06979) from three recognised
/// communes, one of which (07033) had a new addict in March 2025.
#[test]
fn december_2025_a_merged_commune_keeps_recognition_only_if_every_predecessor_held_it() {
    let mut reg = String::from(REGISTER);
    for c in ["07192", "07195", "07198", "06985", "06976", "06979", "07033"] {
        reg.push_str(&format!("{c},keep_clean,2024-01-01,2023-12-31,,\n"));
    }
    let ev = format!("{EVENTS}2025-03-10,07033,new_addict,,,\n");
    let r = certify(&cat(), &units(), &inputs(&figures(&[]), &ev, &reg), "kh50", d("2025-12-15")).unwrap();
    // The review is on the 54 communes of 1/7/2025, no district.
    assert_eq!((r.communes.len(), r.districts.len()), (54, 0));
    let reading = "kh50.keep.predecessors";

    let co_to = r.unit("07192").unwrap();
    assert_eq!(co_to.status, Decision::Certified, "{:?}", co_to.criteria);
    assert_eq!(criterion(&r, "07192", reading), Status::Met);
    assert_eq!(criterion(&r, "07192", "kh50.keep.commune.no_return"), Status::Met);
    let detail = &co_to.criterion(reading).unwrap().detail_en;
    assert!(detail.contains("07195") && detail.contains("07198") && detail.contains("recognised on 2023-12-31"), "{detail}");
    assert!(co_to.criterion(reading).unwrap().interpretation_en.as_deref().unwrap().contains("every unit that went into it"));

    let luong_minh = r.unit("06985").unwrap();
    assert_eq!(luong_minh.status, Decision::NotCertified);
    assert_eq!(criterion(&r, "06985", reading), Status::NotMet);
    let gaps: Vec<&str> = luong_minh.gaps.iter().map(|g| g.text_en.as_str()).collect();
    assert!(gaps.iter().any(|g| g.contains("part of its territory was not recognised") && g.contains("07036")), "{gaps:?}");

    // Kept by the reading, lost by a predecessor's case after its recognition.
    let ky_thuong = r.unit("06979").unwrap();
    assert_eq!(criterion(&r, "06979", reading), Status::Met);
    assert_eq!(criterion(&r, "06979", "kh50.keep.commune.no_return"), Status::NotMet);
    assert_eq!(ky_thuong.status, Decision::NotCertified);
    assert_eq!(ky_thuong.lost_on, Some(d("2025-03-10")));

    // A commune formed only from unrecognised communes is outside the programme.
    assert!(r.unit("06652").unwrap().criterion(reading).is_none());

    // The decision log carries the reading.
    let log = LogEntry::new(&r, "Ban Chỉ đạo 138: Nguyễn Văn A".parse().unwrap());
    let logged = |c: &str| log.units.iter().find(|u| u.unit == c).unwrap().criteria.get(reading).cloned();
    assert_eq!((logged("07192").as_deref(), logged("06985").as_deref()), (Some("met"), Some("not_met")));
}

/// A predecessor whose recognition the register says was lost before the
/// change brings unrecognised territory in.
#[test]
fn a_predecessor_lost_before_the_change_ends_the_new_communes_recognition() {
    let mut reg = String::from(REGISTER);
    for (c, lost) in [("07192", ""), ("07195", "2025-04-02"), ("07198", "")] {
        reg.push_str(&format!("{c},keep_clean,2024-01-01,2023-12-31,{lost},\n"));
    }
    let r = certify(&cat(), &units(), &inputs(&figures(&[]), EVENTS, &reg), "kh50", d("2025-12-15")).unwrap();
    assert_eq!(criterion(&r, "07192", "kh50.keep.predecessors"), Status::NotMet);
    assert_eq!(r.unit("07192").unwrap().status, Decision::NotCertified);
    let gaps: Vec<&str> = r.unit("07192").unwrap().gaps.iter().map(|g| g.text_en.as_str()).collect();
    assert!(gaps.iter().any(|g| g.contains("07195")), "{gaps:?}");
}

/// The JSON document written as it is made (as `certify --format json`
/// writes it) is byte for byte the tree's pretty form, for every operation,
/// with and without a comparison with a recorded run.
#[test]
fn the_streamed_json_is_the_trees_pretty_form() {
    let (cat, units) = (cat(), units());
    let inputs = chitieu_core::sample::programme::generate(&cat, &units).unwrap();
    let reports = [
        select(&cat, &units, &inputs, "kh50", d("2024-01-15")).unwrap(),
        certify(&cat, &units, &inputs, "kh50", d("2024-12-15")).unwrap(),
        programme(&cat, &units, &inputs, "kh50", 2024, None).unwrap(),
    ];
    for r in &reports {
        for lang in [chitieu_core::Lang::Vi, chitieu_core::Lang::En] {
            assert!(!r.communes.is_empty());
            let streamed = String::from_utf8(r.write_json(lang, Vec::new(), Vec::new()).unwrap()).unwrap();
            assert_eq!(streamed, serde_json::to_string_pretty(&r.to_json(lang)).unwrap() + "\n");
            let since = serde_json::json!({"changed": [1, 2], "note": "x"});
            let streamed = String::from_utf8(r.write_json(lang, vec![("changes_since_record", since.clone())], Vec::new()).unwrap()).unwrap();
            let mut tree = r.to_json(lang);
            tree.as_object_mut().unwrap().insert("changes_since_record".into(), since);
            assert_eq!(streamed, serde_json::to_string_pretty(&tree).unwrap() + "\n");
        }
    }
}
