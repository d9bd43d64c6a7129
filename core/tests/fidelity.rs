//! What the targets mean (issue 14): each reading the catalogue takes is
//! tested on figures where the old reading and the new one disagree, each
//! requirement the texts set is encoded, and verdicts read as an official
//! would say them.

use chitieu_core::catalogue::{Catalogue, Mode, TargetPeriod};
use chitieu_core::certification::{certify, select, Decision, Inputs};
use chitieu_core::evaluation::{allocation_progress, evaluate, Evaluation, Outcome, Status, UnitFilter};
use chitieu_core::observations::{Dataset, Resolver};
use chitieu_core::tasks::{task_report, Completions, Show, Timing};
use chitieu_core::{Lang, Level, Period, UnitRegistry};

fn cat() -> Catalogue {
    Catalogue::builtin()
}
/// The documents' own structure (2024: 13 districts, 177 communes), where
/// these readings are argued; the same targets across the reforms of 2024 and
/// 2025 are tested in tests/reform.rs (and the sample below in every structure).
fn units() -> UnitRegistry {
    UnitRegistry::builtin_2024()
}
fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// Long-format figures: (unit, period, variable, value).
fn data(rows: &[(&str, &str, &str, i64)]) -> Dataset {
    let mut s = String::from("unit_code,period,variable,value\n");
    for (u, p, v, x) in rows {
        s.push_str(&format!("{u},{p},{v},{x}\n"));
    }
    Dataset::from_csv_str(&s, "figures.csv", &cat(), &units()).unwrap()
}

fn run(ds: &Dataset, period: &str, filter: UnitFilter) -> Evaluation {
    evaluate(&cat(), &units(), ds, period.parse().unwrap(), &filter).unwrap()
}

fn outcome<'a>(ev: &'a Evaluation, target: &str, unit: &str) -> &'a Outcome {
    ev.outcomes.iter().find(|o| o.target() == target && o.unit() == unit).unwrap_or_else(|| panic!("no outcome {target} for {unit}"))
}

fn actual(o: &Outcome) -> String {
    o.verdict.as_ref().and_then(|v| v.actual.as_ref()).map(|a| a.percent().decimal_text()).unwrap_or_default()
}

// ------------------------------------------------------- wrong verdicts (1-6)

/// Item 1: "không tệ nạn ma túy" is the complement of "có tệ nạn ma túy", not
/// the 50/KH-UBND recognition. 177 communes, 70 with drug evils, 80 recognised:
/// 107/177 = 60.45% without drug evils (met); the old reading counted the 80
/// recognised (45.2%, not met).
#[test]
fn ct32_counts_communes_without_drug_evils_not_recognised_ones() {
    let u = units();
    let communes = u.descendants_at("22", Level::Commune);
    let districts = u.descendants_at("22", Level::District);
    let mut rows: Vec<(String, &str, &str, i64)> = vec![("22".into(), "2025", "communes_with_drugs", 70), ("22".into(), "2025", "districts_with_drugs", 9)];
    for (i, c) in communes.iter().enumerate() {
        rows.push((c.code.clone(), "2025", "drug_free", (i < 80) as i64));
    }
    for (i, x) in districts.iter().enumerate() {
        rows.push((x.code.clone(), "2025", "drug_free", (i < 2) as i64));
    }
    let r: Vec<(&str, &str, &str, i64)> = rows.iter().map(|(a, b, c, x)| (a.as_str(), *b, *c, *x)).collect();
    let ev = run(&data(&r), "2025", UnitFilter::Root);

    let ct = outcome(&ev, "ct32.communes_drug_free_2025", "22");
    assert_eq!((ct.status, ct.governing), (Status::Met, true));
    assert!(ct.explanation(Lang::Vi).starts_with("Xã, phường, thị trấn không tệ nạn ma túy năm 2025: 107/177 xã = 60,45% > 50%"), "{}", ct.explanation(Lang::Vi));
    let kh = outcome(&ev, "kh50.programme.communes_2025", "22");
    assert_eq!((kh.status, kh.governing, kh.superseded_by()), (Status::NotMet, true, None));
    assert_ne!(ct.indicator(), kh.indicator());

    // Districts: 13 − 9 = 4 without drug evils (30.8% > 20%); 2 recognised (15.4%).
    let ct = outcome(&ev, "ct32.districts_drug_free_2025", "22");
    assert_eq!((ct.status, actual(ct).starts_with("30.76")), (Status::Met, true), "{}", ct.explanation(Lang::En));
    assert_eq!(outcome(&ev, "kh50.programme.districts_2025", "22").status, Status::NotMet);
}

/// Item 2: "Giảm 50% tổng số đối tượng truy nã" counts warrants issued during
/// the year. Start 10, 6 new, 5 cleared: 5/16, not met; the old reading
/// (cleared of those at the start, 5/10 = 50%) said met.
#[test]
fn kh102_wanted_counts_warrants_issued_during_the_year() {
    let ds = data(&[("195", "2023", "wanted_at_start", 10), ("195", "2023", "wanted_cleared", 5), ("195", "2023", "wanted_own_total", 16), ("195", "2023", "wanted_own_cleared", 5)]);
    let ev = run(&ds, "2023", UnitFilter::Codes(vec!["195".into()]));
    let o = outcome(&ev, "kh102.wanted_reduced", "195");
    assert_eq!((o.status, actual(o).as_str()), (Status::NotMet, "31.25"));
    assert!(o.explanation(Lang::Vi).contains("5/16 = 31,25% < 50%"), "{}", o.explanation(Lang::Vi));
    assert!(o.interpretation(Lang::Vi).unwrap_or("").contains("mới ra quyết định truy nã trong năm"));
}

/// Item 3: 314's interdisciplinary inspections (> 15%) and 02's area checks
/// (≥ 20%) count different acts. 16 of 100 inspected, 18 of 100 checked: 314
/// is met and governs itself; 02 is judged on its own 18%. The old reading put
/// both on one numerator and let 02's 20% supersede 314.
#[test]
fn inspections_and_area_checks_are_two_measures() {
    let ds = data(&[("22", "2023", "at_risk_businesses", 100), ("22", "2023", "at_risk_businesses_inspected", 16), ("22", "2023", "at_risk_businesses_checked", 18)]);
    let ev = run(&ds, "2023", UnitFilter::Root);
    let a = outcome(&ev, "nq314.prostitution.inspections", "22");
    let b = outcome(&ev, "kh02.inspections", "22");
    assert_eq!((a.status, a.governing, actual(a).as_str()), (Status::Met, true, "16"));
    assert_eq!((b.status, b.governing, actual(b).as_str()), (Status::NotMet, true, "18"));
}

/// Items 4 and 5: selection counts complex drug points only; keep-clean counts
/// every drug offence in the commune, by residents or not.
#[test]
fn selection_counts_complex_points_and_keep_clean_counts_every_offence() {
    let u = units();
    let c: Vec<String> = u.descendants_at("196", Level::Commune).iter().map(|x| x.code.clone()).collect();
    let mut figs = String::from("unit_code,period,variable,value\n");
    for (v, x) in [("drug_hotspots", 1), ("complex_drug_hotspots", 0), ("in_transformation_list", 0), ("addicts", 2), ("addicts_in_community", 2)] {
        figs.push_str(&format!("{},2024-12-01,{v},{x}\n", c[0]));
    }
    let reg = format!("unit_code,track,entry_date,certified_on,lost_on\n{},keep_clean,2024-01-01,2023-12-31,\n", c[1]);
    let ev = format!("date,unit_code,kind,residence,severity,note\n2024-06-01,{},drug_offence,none,,offender from elsewhere\n", c[1]);
    let inputs = Inputs::from_texts(Some(("f.csv", &figs)), Some(("e.csv", &ev)), Some(("r.csv", &reg)), &cat(), &u).unwrap();

    // One simple drug point does not bar selection (the old reading counted it).
    let s = select(&cat(), &u, &inputs, "kh50", d("2024-12-15")).unwrap();
    let crit = s.unit(&c[0]).unwrap().criterion("kh50.select.commune.no_hotspots").unwrap();
    assert_eq!(crit.status, Status::Met, "{}", crit.detail_en);
    // ... but it bars recognition (Mục II.5.1: every point).
    let r = certify(&cat(), &u, &inputs, "kh50", d("2024-12-15")).unwrap();
    let crit = r.unit(&c[0]).unwrap().criterion("kh50.certify.commune.no_hotspots_no_offences").unwrap();
    assert_eq!(crit.parts[0].status, Status::NotMet, "{}", crit.detail_en);

    // A non-resident's drug offence after recognition: recognition lost (the
    // old resident-only reading kept it).
    let kept = r.unit(&c[1]).unwrap();
    assert_eq!(kept.status, Decision::NotCertified, "{:?}", kept.gaps);
    assert_eq!(kept.lost_on, Some(d("2024-06-01")));
}

/// Item 6: districts with a pilot prostitution model are a stock built by
/// 2025, not a share required from 2021; the two recurring activities read
/// "each year" say why.
#[test]
fn untimed_coverage_targets_say_when_they_bind() {
    let c = cat();
    let t = |id: &str| c.target(id).unwrap().target.clone();
    assert_eq!(t("nq314.prostitution.district_models").period, TargetPeriod::By(2025));
    let u = units();
    let districts = u.descendants_at("22", Level::District);
    let flags = |year: &str, n: usize| -> Vec<(String, String, &'static str, i64)> {
        districts.iter().enumerate().map(|(i, x)| (x.code.clone(), year.to_string(), "has_prostitution_pilot_model", (i < n) as i64)).collect()
    };
    let rows: Vec<_> = flags("2023", 3).into_iter().chain(flags("2025", 6)).collect();
    let r: Vec<(&str, &str, &str, i64)> = rows.iter().map(|(a, b, c, x)| (a.as_str(), b.as_str(), *c, *x)).collect();
    let ds = data(&r);
    // 3 of 13 in 2023: the old "each year" reading said not met; it does not bind 2023 now.
    let ev = run(&ds, "2023", UnitFilter::Root);
    assert!(!ev.outcomes.iter().any(|o| o.target() == "nq314.prostitution.district_models"));
    let ev = run(&ds, "2025", UnitFilter::Root);
    assert_eq!(outcome(&ev, "nq314.prostitution.district_models", "22").status, Status::Met);
    for id in ["nq314.drugs.school_training", "nq314.prostitution.adults_aware"] {
        assert_eq!(t(id).period, TargetPeriod::EachYear(2021, 2025));
        let note = t(id).interpretation_vi.unwrap_or_default();
        assert!(note.contains("từng năm") || note.contains("mỗi năm"), "{id}: {note}");
    }
}

// --------------------------------------------------- missing requirements

#[test]
fn the_requirements_the_texts_set_are_all_encoded() {
    let c = cat();
    for id in [
        "nq314.prostitution.no_protection_groups",
        "nq314.trafficking.no_rings",
        "nq314.drugs.rehab_facility_safe",
        "ct32.no_transit_or_production",
        "ct32.annual_plans",
        "ct32.member_commitments",
        "ct32.no_wrongful_drug_cases",
        "ct32.no_drug_planting",
        "ct32.no_drugs_in_schools",
        "ct32.no_crimes_by_psychotic_users",
        "ct32.drug_budget_growth",
        "kh50.programme.communes_without_drugs_held",
        "kh02.models.new_pilot",
        "kh02.facility.training",
        "kh02.no_prostitution_hotspots",
    ] {
        let t = &c.target(id).unwrap_or_else(|| panic!("{id} is not encoded")).target;
        assert!(!t.phrase.is_empty() && !t.clause_vi.is_empty() && !t.levels.is_empty(), "{id}");
    }
    assert!(c.criterion("kh50.roadmap.2024.all_managed").is_some());
    for id in ["kh50.roadmap.2025.keep_clean", "kh50.roadmap.2025.make_clean", "kh50.review.2024", "kh50.review.2025"] {
        assert!(c.phase(id).is_some(), "{id}");
    }
    assert_eq!(c.tasks().filter(|(_, d)| d.id == "kh102").count(), 11);
    assert_eq!(c.tasks().filter(|(_, d)| d.id == "kh02").count(), 2);
    assert!(c.allocations().any(|(a, _)| a.id == "kh02.phu_bieu_02"));
    // Every target of 32-CT/TU is judged at province level; district level only with a note saying why.
    for t in c.targets().iter().filter(|t| c.document_of(t).id == "ct32") {
        assert!(t.target.levels.contains(&Level::Province) && !t.target.levels.contains(&Level::Commune), "{}", t.target.id);
        if t.target.levels.contains(&Level::District) {
            assert!(t.target.interpretation_vi.as_deref().unwrap_or("").contains("cấp huyện"), "{} is judged for districts without saying why", t.target.id);
        }
    }
}

/// 314's 100% information reach covers schools and zones: communes alone are not enough.
#[test]
fn information_reach_is_not_met_on_communes_alone() {
    let u = units();
    let mut rows: Vec<(String, &str, &str, i64)> = u.descendants_at("22", Level::Commune).iter().map(|c| (c.code.clone(), "2023", "drug_info_reached", 1)).collect();
    let r: Vec<(&str, &str, &str, i64)> = rows.iter().map(|(a, b, c, x)| (a.as_str(), *b, *c, *x)).collect();
    let ev = run(&data(&r), "2023", UnitFilter::Root);
    let o = outcome(&ev, "nq314.drugs.info_reach_communes", "22");
    assert_eq!(o.status, Status::NoData, "{}", o.explanation(Lang::En));
    assert_eq!(o.parts().next().unwrap().verdict.status, Status::Met);
    rows.extend([("22".into(), "2023", "all_schools", 600), ("22".into(), "2023", "all_schools_drug_info_reached", 600), ("22".into(), "2023", "industrial_export_zones", 0), ("22".into(), "2023", "industrial_export_zones_drug_info_reached", 0)]);
    let r: Vec<(&str, &str, &str, i64)> = rows.iter().map(|(a, b, c, x)| (a.as_str(), *b, *c, *x)).collect();
    let ev = run(&data(&r), "2023", UnitFilter::Root);
    assert_eq!(outcome(&ev, "nq314.drugs.info_reach_communes", "22").status, Status::Met);
}

/// 32-CT/TU allows no planting at all; 314 only asks that planting be destroyed.
#[test]
fn new_none_and_more_than_last_year_targets_decide() {
    let ds = data(&[
        ("22", "2023", "drug_plant_sites", 2),
        ("22", "2023", "drug_plant_sites_destroyed", 2),
        ("22", "2022", "drug_control_state_budget", 1_000_000_000),
        ("22", "2023", "drug_control_state_budget", 1_000_000_001),
        ("22", "2023", "rehab_facility_drug_smuggling", 0),
        ("22", "2023", "rehab_facility_escapes", 1),
        ("22", "2023", "rehab_facility_riots", 0),
        ("22", "2023", "rehab_facility_violations", 0),
    ]);
    let ev = run(&ds, "2023", UnitFilter::Root);
    assert_eq!(outcome(&ev, "nq314.drugs.plants_destroyed", "22").status, Status::Met);
    assert_eq!(outcome(&ev, "ct32.no_drug_planting", "22").status, Status::NotMet);
    assert_eq!(outcome(&ev, "ct32.drug_budget_growth", "22").status, Status::Met);
    let f = outcome(&ev, "nq314.drugs.rehab_facility_safe", "22");
    assert_eq!(f.status, Status::NotMet);
    assert!(f.explanation(Lang::Vi).contains("Bỏ trốn: 1 ≠ 0"), "{}", f.explanation(Lang::Vi));
    // 50/KH-UBND I.2.2: communes without drugs held (107 in 2024 vs 105 in 2023).
    let ds = data(&[("22", "2023", "communes_with_drugs", 72), ("22", "2024", "communes_with_drugs", 70)]);
    let o = outcome(&run(&ds, "2024", UnitFilter::Root), "kh50.programme.communes_without_drugs_held", "22").clone();
    assert_eq!(o.status, Status::Met);
    assert!(o.explanation(Lang::Vi).contains(": 107 ≥ 105 (năm 2023)"), "{}", o.explanation(Lang::Vi));
}

/// Phụ biểu 02: each district against the models the table places in it.
#[test]
fn phu_bieu_02_checks_each_district_against_its_models() {
    let ds = data(&[("195", "2023", "volunteer_teams", 4), ("195", "2023", "counselling_points", 2), ("195", "2023", "volunteer_teams_new", 1), ("202", "2023", "volunteer_teams", 0)]);
    let ev = run(&ds, "2023", UnitFilter::Codes(vec!["195".into(), "202".into()]));
    let o = outcome(&ev, "kh02.models.maintained", "195");
    let part = |o: &Outcome, name: &str| o.parts().find(|p| p.name(Lang::Vi).starts_with(name)).unwrap().verdict.clone();
    let teams = part(o, "Đội công tác");
    assert_eq!((teams.status, teams.required.map(|r| r.decimal_text())), (Status::NotMet, Some("5".to_string())));
    assert_eq!(part(o, "Điểm tư vấn").status, Status::Met);
    // The 04 groups and clubs are placed in no district: not applicable there.
    assert_eq!(part(o, "Nhóm, Câu lạc bộ").status, Status::NotApplicable);
    assert!(o.clause(Lang::Vi).starts_with("Phụ biểu 02, dòng “Thành phố Cẩm Phả”"), "{}", o.clause(Lang::Vi));
    assert_eq!(outcome(&ev, "kh02.models.new_teams", "195").status, Status::Met);
    // Ba Chẽ has no team in the table.
    assert_eq!(part(outcome(&ev, "kh02.models.maintained", "202"), "Đội công tác").status, Status::NotApplicable);
    let tables = allocation_progress(&cat(), &units(), &ds, Period::Year(2023)).unwrap();
    let t = tables.iter().find(|t| t.id == "kh02.phu_bieu_02").unwrap();
    assert!(t.columns.iter().all(|c| c.sum_of_shares == c.stated_total), "Phụ biểu 02 adds up");
    let row = t.rows.iter().find(|r| r.unit.as_deref() == Some("195")).unwrap();
    let cell = &row.cells[t.columns.iter().position(|c| c.key == "teams").unwrap()];
    assert_eq!(cell.1.as_ref().unwrap().status, Status::NotMet);
}

/// Phụ lục II of 102/KH-UBND: what is due and what is late, from completion dates.
#[test]
fn tasks_are_due_late_or_without_data() {
    let c = cat();
    let done = Completions::from_csv_str("task,completed_on\nkh102.task.01,2023-03-20\nkh102.task.02,2023-04-10\nkh102.task.04,2023-01-25\n", "done.csv", &c).unwrap();
    let r = task_report(&c, &done, d("2023-07-01"), Some("kh102")).unwrap();
    let task = |id: &str| r.tasks.iter().find(|t| t.task.id == id).unwrap();
    assert_eq!(task("kh102.task.01").occurrences[0].status, Status::Met);
    let late = &task("kh102.task.02").occurrences[0];
    assert_eq!(late.status, Status::NotMet);
    assert!(late.explanation(Lang::Vi).contains("trễ 10 ngày"), "{}", late.explanation(Lang::Vi));
    // Twice a year: January done, June without a date and past its deadline.
    let t4 = task("kh102.task.04");
    assert_eq!((t4.occurrences[0].status, t4.occurrences[1].status, t4.occurrences[1].timing), (Status::Met, Status::NoData, Timing::Overdue));
    let t7 = &task("kh102.task.07").occurrences[0];
    assert_eq!((t7.status, t7.timing), (Status::NoData, Timing::NotYetDue));
    // "Due": begun and without a date; "late": done late, or overdue without a date.
    let json = r.to_json(Lang::En, Show::Due);
    let due: Vec<&str> = json["tasks"].as_array().unwrap().iter().map(|t| t["task"].as_str().unwrap()).collect();
    assert!(due.contains(&"kh102.task.04") && due.contains(&"kh102.task.08") && !due.contains(&"kh102.task.07") && !due.contains(&"kh102.task.01"), "{due:?}");
    let json = r.to_json(Lang::En, Show::Late);
    let late: Vec<&str> = json["tasks"].as_array().unwrap().iter().map(|t| t["task"].as_str().unwrap()).collect();
    assert!(late.contains(&"kh102.task.02") && late.contains(&"kh102.task.05") && !late.contains(&"kh102.task.08"), "{late:?}");
    // A date after the report's date is not yet known.
    let r = task_report(&c, &done, d("2023-03-01"), Some("kh102")).unwrap();
    assert_eq!(r.tasks[0].occurrences[0].status, Status::NoData);
    // Bad input names the row, the column and what was expected.
    let e = Completions::from_csv_str("task,completed_on\nkh102.task.1,2023-03-20\n", "done.csv", &c).unwrap_err();
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(2), Some("task")));
    assert!(e.expected.unwrap_or_default().contains("did you mean 'kh102.task.01'"));
    let e = Completions::from_csv_str("task,completed_on\nkh102.task.01,20/03/2023\n", "done.csv", &c).unwrap_err();
    assert_eq!(e.location.column.as_deref(), Some("completed_on"));
}

/// Mục II.7: reviews are held in December 2024 and December 2025.
#[test]
fn a_review_outside_december_is_reported() {
    let inputs = chitieu_core::sample::programme::inputs().unwrap();
    let warned = |date: &str| certify(&cat(), &units(), &inputs, "kh50", d(date)).unwrap().warnings.iter().any(|w| w.code == "review_date_outside_window");
    assert!(warned("2024-11-15"));
    assert!(!warned("2024-12-15"));
    assert!(!warned("2025-12-01"));
    let r = certify(&cat(), &units(), &inputs, "kh50", d("2024-11-15")).unwrap();
    let w = r.warnings.iter().find(|w| w.code == "review_date_outside_window").unwrap();
    assert!(w.message_vi.contains("Mục II.7") && w.message_vi.contains("01/12/2024–31/12/2024"), "{}", w.message_vi);
    // Mục II.3.1: every addict and user under management by 30/04/2024 (reported, not deciding).
    let r = certify(&cat(), &units(), &inputs, "kh50", d("2024-12-15")).unwrap();
    let managed: Vec<Status> = r.communes.iter().filter_map(|u| u.criterion("kh50.roadmap.2024.all_managed")).map(|c| c.status).collect();
    assert_eq!(managed.len(), 42);
    assert_eq!(managed.iter().filter(|s| **s == Status::NotMet).count(), 1);
    assert!(r.communes.iter().filter_map(|u| u.criterion("kh50.roadmap.2024.all_managed")).all(|c| !c.decides));
}

// ------------------------------------------------------ citation and wording

#[test]
fn a_district_share_cites_the_table_row_and_column() {
    let ds = data(&[("195", "2023", "rehab_admissions", 130)]);
    let ev = run(&ds, "2023", UnitFilter::Codes(vec!["195".into(), "22".into()]));
    let o = outcome(&ev, "kh02.rehab.total", "195");
    let cite = "Phụ biểu 01, dòng 2 “Thành phố Cẩm Phả”, cột “Chỉ tiêu cai nghiện ma túy (lượt người): Tổng số”";
    assert_eq!(o.clause(Lang::Vi), cite);
    assert!(o.explanation(Lang::Vi).ends_with(&format!("(Kế hoạch 02/KH-UBND, {cite})")), "{}", o.explanation(Lang::Vi));
    assert!(!o.explanation(Lang::Vi).contains("Mục I.2.4"));
    assert!(o.explanation(Lang::En).contains("Annex table 01, row 2"), "{}", o.explanation(Lang::En));
    // The province is judged against the text's 550, cited by its clause.
    assert_eq!(outcome(&ev, "kh02.rehab.total", "22").clause(Lang::Vi), "Mục I.2.4");
}

#[test]
fn a_superseded_outcome_names_the_target_that_judges() {
    let ds = data(&[("22", "2023", "communes_with_drugs", 100), ("22", "2024", "communes_with_drugs", 95)]);
    let ev = run(&ds, "2024", UnitFilter::Root);
    let o = outcome(&ev, "nq314.drugs.communes_with_drugs", "22");
    assert_eq!(o.superseded_by(), Some("ct32.communes_with_drugs_yearly"));
    assert!(o.explanation(Lang::Vi).contains("được đánh giá theo chỉ tiêu ct32.communes_with_drugs_yearly, có mức yêu cầu ngang bằng hoặc cao hơn"), "{}", o.explanation(Lang::Vi));
    assert!(!o.explanation(Lang::Vi).contains("không áp dụng"), "{}", o.explanation(Lang::Vi));
    assert!(o.explanation(Lang::En).contains("judged by ct32.communes_with_drugs_yearly, whose requirement is equal or stricter"), "{}", o.explanation(Lang::En));
}

#[test]
fn requirements_and_periods_read_as_an_official_says_them() {
    // No data: a change still reads as a change from its baseline, never "≥ 0,05".
    let ev = run(&data(&[("22", "2020", "criminal_cases", 1000)]), "2025", UnitFilter::Root);
    let o = outcome(&ev, "nq314.crime.total_cases_2025", "22");
    assert_eq!(o.status, Status::NoData);
    assert_eq!(o.required(Lang::Vi), "giảm ≥ 5% so với năm 2020");
    assert_eq!(o.required(Lang::En), "decrease ≥ 5% vs 2020");
    let ev = run(&Dataset::default(), "2025", UnitFilter::Root);
    assert_eq!(outcome(&ev, "nq314.crime.total_cases_2025", "22").required(Lang::Vi), "giảm ≥ 5% so với năm 2020");
    // A span is a "giai đoạn", not a "năm".
    let mut rows = Vec::new();
    for (y, x) in [(2016, 100), (2017, 100), (2018, 100), (2019, 100), (2020, 100), (2021, 130), (2022, 130), (2023, 130), (2024, 130), (2025, 130)] {
        rows.push(("22", y.to_string(), x));
    }
    let r: Vec<(&str, &str, &str, i64)> = rows.iter().map(|(u, y, x)| (*u, y.as_str(), "drug_offenders_prosecuted", *x)).collect();
    let ev = run(&data(&r), "2025", UnitFilter::Root);
    let o = outcome(&ev, "nq314.drugs.offenders_vs_2016_2020", "22");
    assert!(o.explanation(Lang::Vi).contains("650 so với 500 (giai đoạn 2016-2020): tăng 30,00% > 25%"), "{}", o.explanation(Lang::Vi));
    assert_eq!(o.required(Lang::Vi), "tăng > 25% so với giai đoạn 2016-2020");
    assert!(!o.explanation(Lang::Vi).contains("năm 2016-2020"));
    // A number followed by a date reads as a number.
    let ev = run(&data(&[("22", "2022", "new_addicts", 729), ("22", "2023", "new_addicts", 715)]), "2023", UnitFilter::Root);
    let o = outcome(&ev, "nq314.drugs.new_addicts_slowing", "22");
    assert!(o.explanation(Lang::Vi).contains("715 < 729 (năm 2022)"), "{}", o.explanation(Lang::Vi));
    assert_eq!(o.required(Lang::Vi), "< 729 (năm 2022)");
    // Periods in Vietnamese.
    assert_eq!(TargetPeriod::EachYear(2021, 2025).words(Lang::Vi), "Hằng năm 2021-2025");
    assert_eq!(TargetPeriod::By(2025).words(Lang::Vi), "Đến năm 2025");
    assert_eq!(TargetPeriod::Year(2023).words(Lang::Vi), "Năm 2023");
    assert_eq!(TargetPeriod::By(2025).words(Lang::En), "By 2025");
}

// ------------------------------------------------------------------ scope (8)

const NATIONAL: &str = "code,name,level,division_type,parent_code\n\
01,Thành phố Hà Nội,province,thành phố,\n\
001,Quận Ba Đình,district,quận,01\n\
22,Tỉnh Quảng Ninh,province,tỉnh,\n\
193,Thành phố Hạ Long,district,thành phố,22\n\
195,Thành phố Cẩm Phả,district,thành phố,22\n\
06649,Phường Hà Khánh,commune,phường,193\n\
06784,Phường Cẩm Sơn,commune,phường,195\n";

#[test]
fn a_document_binds_only_inside_its_scope() {
    let c = cat();
    let reg = UnitRegistry::from_csv_str(NATIONAL, "national.csv").unwrap();
    let u = |code: &str| reg.get(code).unwrap().clone();
    let t = |id: &str| c.target(id).unwrap();
    // 314 binds Quảng Ninh and its units, not Hà Nội.
    assert!(c.binds(t("nq314.crime.clearance_rate"), &u("22"), &reg));
    assert!(c.binds(t("nq314.crime.clearance_rate"), &u("06649"), &reg));
    assert!(!c.binds(t("nq314.crime.clearance_rate"), &u("01"), &reg));
    assert!(!c.binds(t("nq314.crime.clearance_rate"), &u("001"), &reg));
    // 102/KH-UBND binds Cẩm Phả only (its targets name the city itself).
    assert!(c.binds(t("kh102.clearance_rate"), &u("195"), &reg));
    assert!(!c.binds(t("kh102.clearance_rate"), &u("193"), &reg));
    // Levels still apply: 02's district shares do not bind a commune.
    assert!(!c.binds(t("kh02.rehab.total"), &u("06649"), &reg));
}

#[test]
fn a_user_catalogue_can_bind_anywhere_or_several_units() {
    let doc = |scope: &str| {
        format!(
            "[document]\nid = \"x\"\nnumber = \"1/X\"\nkind = \"plan\"\nissuer_vi = \"a\"\nissuer_en = \"a\"\ndate = \"2024-01-01\"\ntitle_vi = \"t\"\ntitle_en = \"t\"\nscope = {scope}\n\n\
             [[target]]\nid = \"x.rate\"\nindicator = \"x.rate\"\nclause_vi = \"1\"\nclause_en = \"1\"\nphrase = \"p\"\nname_vi = \"n\"\nname_en = \"n\"\ndomain = \"crime\"\n\
             levels = [\"province\", \"district\"]\nperiod = \"2024\"\nmeasure = {{ ratio = {{ numerator = \"crimes_solved\", denominator = \"crimes_recorded\" }} }}\nrule = {{ comparator = \">=\", value = \"70%\" }}\n"
        )
    };
    let reg = UnitRegistry::from_csv_str(NATIONAL, "national.csv").unwrap();
    let binds = |scope: &str, code: &str| {
        let c = Catalogue::from_texts(&[("x.toml", &doc(scope))], Mode::AddToBuiltin).unwrap();
        c.binds(c.target("x.rate").unwrap(), reg.get(code).unwrap(), &reg)
    };
    assert!(binds("\"*\"", "01") && binds("\"*\"", "22"));
    assert!(binds("[\"193\", \"195\"]", "195") && !binds("[\"193\", \"195\"]", "22"));
    assert!(!binds("\"195\"", "193"));
    for bad in ["[]", "[\"*\", \"22\"]", "\"\""] {
        let e = Catalogue::from_texts(&[("x.toml", &doc(bad))], Mode::AddToBuiltin).unwrap_err();
        assert_eq!(e.path, "document.scope", "{bad}: {e}");
    }
}

/// Figures for a registry of the test's own (long format).
fn data_in(reg: &UnitRegistry, rows: &[(&str, &str, &str, i64)]) -> Dataset {
    let mut s = String::from("unit_code,period,variable,value\n");
    for (u, p, v, x) in rows {
        s.push_str(&format!("{u},{p},{v},{x}\n"));
    }
    Dataset::from_csv_str(&s, "figures.csv", &cat(), reg).unwrap()
}

/// Item 8 in the evaluation: with a national registry, Hà Nội is no longer
/// judged against 02/KH-UBND ("627 ≥ 550 rehab admissions: met" before), and
/// the run says which selected units lie outside every document's scope.
#[test]
fn a_national_registry_is_judged_only_inside_each_documents_scope() {
    let reg = UnitRegistry::from_csv_str(NATIONAL, "national.csv").unwrap();
    let ds = data_in(&reg, &[("01", "2023", "rehab_admissions", 627), ("22", "2023", "rehab_admissions", 560)]);
    let ev = evaluate(&cat(), &reg, &ds, Period::Year(2023), &UnitFilter::All).unwrap();
    assert!(!ev.outcomes.iter().any(|o| o.unit() == "01" || o.unit() == "001"), "Hà Nội judged against Quảng Ninh's documents");
    assert_eq!(outcome(&ev, "kh02.rehab.total", "22").status, Status::Met);
    // 102/KH-UBND is Cẩm Phả's: not Hạ Long's.
    assert!(ev.outcomes.iter().any(|o| o.document() == "102/KH-UBND" && o.unit() == "195"));
    assert!(!ev.outcomes.iter().any(|o| o.document() == "102/KH-UBND" && o.unit() != "195"));
    let w = ev.warnings.iter().find(|w| w.code == "units_outside_scope").expect("a warning names the units not judged");
    assert!(w.message(Lang::En).starts_with("2 selected units lie outside the scope of every document and are not judged: 01 Thành phố Hà Nội, 001 Quận Ba Đình"), "{}", w.message(Lang::En));
    // Every (target, unit) pair the evaluation judged is one Catalogue::binds allows, and the reverse.
    let c = cat();
    for t in c.targets().iter().filter(|t| chitieu_core::evaluation::measured_period(t.target.period, &Period::Year(2023)).is_some()) {
        for u in reg.units() {
            let judged = ev.outcomes.iter().any(|o| o.target() == t.target.id && o.unit() == u.code);
            let reported = ev.units_without_figures.iter().any(|w| w.unit() == u.code && w.document_id() == c.document_of(t).id);
            assert_eq!(judged || (reported && t.applies_to(u)), c.binds(t, u, &reg), "{} for {}", t.target.id, u.code);
            assert!(!(judged && reported), "{} for {}: reported without figures and judged", t.target.id, u.code);
        }
    }
}

/// A registry without Quảng Ninh used to exit 0 with outcomes for provinces
/// the documents do not cover; now nothing is judged and the run says why.
#[test]
fn a_registry_without_the_documents_scope_says_so() {
    let reg = UnitRegistry::from_csv_str("code,name,level,division_type,parent_code\n01,Thành phố Hà Nội,province,thành phố,\n001,Quận Ba Đình,district,quận,01\n", "hn.csv").unwrap();
    let ds = data_in(&reg, &[("01", "2023", "rehab_admissions", 627), ("01", "2023", "crimes_recorded", 100), ("01", "2023", "crimes_solved", 90)]);
    for filter in [UnitFilter::Root, UnitFilter::All] {
        let ev = evaluate(&cat(), &reg, &ds, Period::Year(2023), &filter).unwrap();
        assert!(ev.outcomes.is_empty() && ev.units_without_figures.is_empty());
        let codes: Vec<&str> = ev.warnings.iter().map(|w| w.code.as_str()).collect();
        assert!(codes.contains(&"no_unit_in_scope") && !codes.contains(&"no_target_binds"), "{codes:?}");
        let w = ev.warnings.iter().find(|w| w.code == "no_unit_in_scope").unwrap();
        assert!(w.message(Lang::Vi).contains("314/2020/NQ-HĐND, 50/KH-UBND, 02/KH-UBND, 32-CT/TU: đơn vị 22 (không có trong danh mục đơn vị) và các đơn vị trực thuộc"), "{}", w.message(Lang::Vi));
        assert!(w.message(Lang::En).contains("102/KH-UBND: unit 195 (not in the unit registry)"), "{}", w.message(Lang::En));
    }
}

// ----------------------------------------- extensions, units without figures (7)

/// A province target judged for a district or a commune says so, in a field
/// of the JSON contract and in the explanation; a unit of the document's own
/// level, and a district judged against its row of Phụ biểu 01, does not.
#[test]
fn an_extended_province_target_says_so() {
    let ds = data(&[
        ("22", "2023", "crimes_recorded", 100),
        ("22", "2023", "crimes_solved", 90),
        ("193", "2023", "crimes_recorded", 50),
        ("193", "2023", "crimes_solved", 40),
        ("193", "2023", "addicts", 300),
        ("06649", "2023", "crimes_recorded", 10),
        ("06649", "2023", "crimes_solved", 9),
        ("195", "2023", "rehab_admissions", 140),
    ]);
    let ev = run(&ds, "2023", UnitFilter::Codes(vec!["22".into(), "193".into(), "195".into(), "06649".into()]));
    let commune = outcome(&ev, "nq314.crime.clearance_rate", "06649");
    assert_eq!(commune.extended_from(), Some(Level::Province));
    assert_eq!(commune.to_json(Lang::Vi)["extended_from"], "province");
    assert!(commune.explanation(Lang::Vi).contains("(Nghị quyết 314/2020/NQ-HĐND, Điều 1 khoản 2 điểm a, gạch đầu dòng thứ 2) — chỉ tiêu cấp tỉnh, áp dụng mở rộng cho cấp xã"), "{}", commune.explanation(Lang::Vi));
    assert!(commune.explanation(Lang::En).ends_with(" — a province-level target, extended to the commune level"), "{}", commune.explanation(Lang::En));
    assert_eq!(outcome(&ev, "nq314.crime.clearance_rate", "193").extended_from(), Some(Level::Province));
    assert!(outcome(&ev, "ct32.addicts_yearly", "193").explanation(Lang::Vi).contains("áp dụng mở rộng cho cấp huyện"));
    let province = outcome(&ev, "nq314.crime.clearance_rate", "22");
    assert_eq!((province.extended_from(), province.to_json(Lang::En)["extended_from"].clone()), (None, serde_json::Value::Null));
    assert!(!province.explanation(Lang::Vi).contains("mở rộng"));
    // Cẩm Phả's rehab quota is its own row of Phụ biểu 01, not an extension;
    // 102/KH-UBND is Cẩm Phả's own plan.
    assert_eq!(outcome(&ev, "kh02.rehab.total", "195").extended_from(), None);
    assert!(ev.outcomes.iter().filter(|o| o.document() == "102/KH-UBND").all(|o| o.extended_from().is_none()));
    // The CSV has the field as its last column.
    let csv = ev.to_csv(Lang::En);
    assert!(csv.lines().next().unwrap().ends_with(",explanation,extended_from"));
    assert!(csv.lines().any(|l| l.starts_with("nq314.crime.clearance_rate,") && l.contains(",06649,") && l.ends_with(",province")));
}

/// A commune with none of the figures 314's targets need is reported once
/// ("Phường Hà Khánh: no figures for the targets of 314/2020/NQ-HĐND in 2023")
/// instead of a no_data row per target; a commune with one figure keeps its
/// rows, and the province and district rows do not change.
#[test]
fn a_commune_without_figures_is_reported_once_per_document() {
    let ds = data(&[
        ("193", "2023", "crimes_recorded", 50),
        ("193", "2023", "crimes_solved", 45),
        ("06652", "2023", "crimes_recorded", 10),
        ("06652", "2023", "crimes_solved", 9),
        ("06649", "2022", "crimes_recorded", 12),
    ]);
    let codes = |c: &[&str]| UnitFilter::Codes(c.iter().map(|x| x.to_string()).collect());
    let ev = run(&ds, "2023", codes(&["193", "06649", "06652"]));
    let n314 = cat().targets().iter().filter(|t| t.target.id.starts_with("nq314.") && t.target.levels.contains(&Level::Commune) && chitieu_core::evaluation::measured_period(t.target.period, &Period::Year(2023)).is_some()).count();
    // Hà Khánh (figures of 2022 only): one entry, no rows. Before: n314 no_data rows.
    assert!(!ev.outcomes.iter().any(|o| o.unit() == "06649"));
    // (Hạ Long has no figure of 32-CT/TU's either: the district is reported once for it.)
    let communes: Vec<_> = ev.units_without_figures.iter().filter(|w| w.level() == Level::Commune).collect();
    let [w] = communes.as_slice() else { panic!("{:?}", communes.iter().map(|w| w.unit().to_string()).collect::<Vec<_>>()) };
    assert_eq!((w.unit(), w.unit_name(), w.document(), w.document_id(), w.level(), w.targets as usize), ("06649", "Phường Hà Khánh", "314/2020/NQ-HĐND", "nq314", Level::Commune, n314));
    assert_eq!(w.explanation(Lang::En), "Phường Hà Khánh: no figures for the targets of 314/2020/NQ-HĐND in 2023");
    assert_eq!(w.explanation(Lang::Vi), "Phường Hà Khánh: không có số liệu cho các chỉ tiêu của 314/2020/NQ-HĐND năm 2023");
    // The commune with two figures keeps a row per target, one of them decided.
    let rows: Vec<&Outcome> = ev.outcomes.iter().filter(|o| o.unit() == "06652").collect();
    assert_eq!(rows.len(), n314);
    assert_eq!(outcome(&ev, "nq314.crime.clearance_rate", "06652").status, Status::Met);
    // The district's rows are those of a run without the communes.
    let alone = run(&ds, "2023", codes(&["193"]));
    let district: Vec<serde_json::Value> = ev.outcomes.iter().filter(|o| o.unit() == "193").map(|o| o.to_json(Lang::Vi)).collect();
    assert!(district.iter().any(|o| o["target"] == "nq314.crime.clearance_rate" && o["status"] == "met"));
    assert_eq!(district, alone.outcomes.iter().map(|o| o.to_json(Lang::Vi)).collect::<Vec<_>>());
    // The province itself, without figures, keeps every row: it is the level the documents judge.
    let province = run(&ds, "2023", UnitFilter::Root);
    assert!(province.units_without_figures.is_empty() && province.outcomes.iter().any(|o| o.status == Status::NoData));
    // JSON: one entry of a top-level list; CSV: one no_data row without a target.
    let j = ev.to_json(Lang::En);
    let listed: Vec<&serde_json::Value> = j["units_without_figures"].as_array().unwrap().iter().filter(|x| x["level"] == "commune").collect();
    assert_eq!(
        serde_json::json!(listed),
        serde_json::json!([{
            "document": "314/2020/NQ-HĐND", "document_id": "nq314", "explanation": w.explanation(Lang::En), "explanation_en": w.explanation(Lang::En),
            "explanation_vi": w.explanation(Lang::Vi), "level": "commune", "period": "2023", "structure": null, "targets": n314, "unit": "06649", "unit_name": "Phường Hà Khánh",
        }])
    );
    let csv = ev.to_csv(Lang::En);
    assert!(csv.lines().any(|l| l == ",,314/2020/NQ-HĐND,,06649,Phường Hà Khánh,2023,no_data,,,,,,,,,,,,Phường Hà Khánh: no figures for the targets of 314/2020/NQ-HĐND in 2023,"), "{csv}");
}

/// The sample at `--unit all`: every commune once for 314 (177 entries), no
/// commune rows (4,602 no_data rows before), the province and districts judged.
#[test]
fn the_sample_reports_its_communes_once() {
    // In every structure (the built-in registry), as the command line runs it:
    // the communes of 2023, not the 54 of 1/7/2025.
    let every = UnitRegistry::builtin();
    let ds = chitieu_core::sample::dataset();
    let ev = evaluate(&cat(), &every, &ds, Period::Year(2023), &UnitFilter::All).unwrap();
    let communes = every.in_force(d("2023-12-31")).filter(|u| every.unit(*u).level == Level::Commune).count();
    assert_eq!((communes, ev.units_without_figures.len()), (177, 177));
    assert!(ev.units_without_figures.iter().all(|w| w.document() == "314/2020/NQ-HĐND" && w.level() == Level::Commune));
    assert!(!ev.outcomes.iter().any(|o| o.level() == Level::Commune));
    assert!(ev.outcomes.iter().any(|o| o.level() == Level::District) && ev.outcomes.iter().any(|o| o.level() == Level::Province));
    // The streamed document is the in-memory one, byte for byte.
    let ev2 = chitieu_core::evaluation::Evaluator::new(&cat(), &every, &ds, Period::Year(2023), &UnitFilter::All).unwrap();
    for lang in [Lang::Vi, Lang::En] {
        let header = ev2.header();
        let mut w = chitieu_core::evaluation::write::JsonWriter::begin(Vec::new(), &header, lang).unwrap();
        let without = ev2.run(|o| w.outcomes(&o)).unwrap();
        let streamed = String::from_utf8(w.finish(&without).unwrap()).unwrap();
        assert_eq!(streamed, ev.to_json_text(lang));
        assert_eq!(streamed, format!("{}\n", serde_json::to_string_pretty(&ev.to_json(lang)).unwrap()));
    }
}

// ------------------------------------------------------------ the sample (3)

/// Every "trong đó" of the vocabulary holds in the built-in sample, for every
/// unit and year, on the figures as evaluation reads them (sums included).
#[test]
fn the_sample_never_has_a_part_larger_than_its_whole() {
    let (c, u) = (cat(), units());
    let ds = chitieu_core::sample::dataset();
    let r = Resolver::new(&ds, &u, &c);
    let mut bad = Vec::new();
    for (name, v) in c.variables() {
        for whole in &v.part_of {
            for unit in u.units() {
                for y in chitieu_core::sample::YEARS {
                    let p = Period::Year(y);
                    if let (Ok(part), Ok(w)) = (r.value(&unit.code, &p, name), r.value(&unit.code, &p, whole)) {
                        if part > w {
                            bad.push(format!("{} {y}: {name} {} > {whole} {}", unit.code, part.decimal_text(), w.decimal_text()));
                        }
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "{} parts exceed their wholes, e.g. {:?}", bad.len(), &bad[..bad.len().min(5)]);
    // The three "trong đó" of issue 14 are links now.
    let whole_of = |v: &str| c.variable(v).unwrap().part_of.clone();
    assert!(whole_of("serious_cases_prosecuted").contains(&"crimes_recorded".to_string()));
    assert!(whole_of("wanted_new").contains(&"wanted_total".to_string()));
    assert!(whole_of("wanted_new_caught").contains(&"wanted_caught".to_string()) && whole_of("wanted_new_caught").contains(&"wanted_new".to_string()));
}
