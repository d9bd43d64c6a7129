//! The comparator lexicon of RULES.md section 1: one target per phrase form,
//! each decided on both sides of its threshold, plus the property that a rate
//! decision always agrees with big-integer cross-multiplication.

use chitieu_core::catalogue::{Catalogue, Mode};
use chitieu_core::evaluation::{evaluate, Status, UnitFilter};
use chitieu_core::observations::Dataset;
use chitieu_core::UnitRegistry;

const LEXICON: &str = r#"
[document]
id = "lex"
number = "1/TEST"
kind = "plan"
issuer_vi = "Kiểm thử"
issuer_en = "Test"
date = "2024-01-01"
title_vi = "Từ vựng so sánh"
title_en = "Comparator lexicon"
scope = "22"

[[variable]]
name = "n"
kind = "count"
name_vi = "tử số"
name_en = "numerator"

[[variable]]
name = "d"
kind = "count"
name_vi = "mẫu số"
name_en = "denominator"

[[target]]
id = "lex.floor"
indicator = "lex.floor"
clause_vi = "1"
clause_en = "1"
phrase = "đạt từ 80% trở lên"
name_vi = "Sàn"
name_en = "Floor"
domain = "crime"
levels = ["province", "district"]
period = "each year 2020-2030"
measure = { ratio = { numerator = "n", denominator = "d" } }
rule = { comparator = ">=", value = "80%" }

[[target]]
id = "lex.strict_floor"
indicator = "lex.strict_floor"
clause_vi = "2"
clause_en = "2"
phrase = "đạt trên 91%"
name_vi = "Sàn chặt"
name_en = "Strict floor"
domain = "crime"
levels = ["province", "district"]
period = "each year 2020-2030"
measure = { ratio = { numerator = "n", denominator = "d" } }
rule = { comparator = ">", value = "91%" }

[[target]]
id = "lex.strict_ceiling"
indicator = "lex.strict_ceiling"
clause_vi = "3"
clause_en = "3"
phrase = "mức dưới 13%"
name_vi = "Trần chặt"
name_en = "Strict ceiling"
domain = "crime"
levels = ["province", "district"]
period = "each year 2020-2030"
measure = { ratio = { numerator = "n", denominator = "d" } }
rule = { comparator = "<", value = "13%" }

[[target]]
id = "lex.ceiling"
indicator = "lex.ceiling"
clause_vi = "4"
clause_en = "4"
phrase = "không để xảy ra quá 02 vụ"
name_vi = "Trần"
name_en = "Ceiling"
domain = "crime"
levels = ["province", "district"]
period = "each year 2020-2030"
measure = { value = "n" }
rule = { comparator = "<=", value = "2" }

[[target]]
id = "lex.all"
indicator = "lex.all"
clause_vi = "5"
clause_en = "5"
phrase = "100% người nghiện có hồ sơ"
name_vi = "Tất cả"
name_en = "All"
domain = "drugs"
levels = ["province", "district"]
period = "each year 2020-2030"
measure = { ratio = { numerator = "n", denominator = "d" } }
rule = { comparator = ">=", value = "100%" }

[[target]]
id = "lex.none"
indicator = "lex.none"
clause_vi = "6"
clause_en = "6"
phrase = "không để xảy ra"
name_vi = "Không có"
name_en = "None"
domain = "drugs"
levels = ["province", "district"]
period = "each year 2020-2030"
measure = { value = "n" }
rule = { comparator = "=", value = "0" }

[[target]]
id = "lex.range"
indicator = "lex.range"
clause_vi = "7"
clause_en = "7"
phrase = "giảm từ 5% đến 10%"
name_vi = "Khoảng"
name_en = "Range"
domain = "drugs"
levels = ["province", "district"]
period = "each year 2020-2030"
measure = { value = "d" }
rule = { comparator = ">=", value = "5%", stretch = "10%", change = "decrease", baseline = "previous_year" }

[[target]]
id = "lex.increase_strict"
indicator = "lex.increase_strict"
clause_vi = "8"
clause_en = "8"
phrase = "cao hơn 25% so với giai đoạn 2016-2020"
name_vi = "Tăng chặt"
name_en = "Strict increase"
domain = "drugs"
levels = ["province", "district"]
period = "2021-2025"
measure = { value = "n" }
rule = { comparator = ">", value = "25%", change = "increase", baseline = "2016-2020" }

[[target]]
id = "lex.lower_than_last_year"
indicator = "lex.lower_than_last_year"
clause_vi = "9"
clause_en = "9"
phrase = "thấp hơn năm 2022"
name_vi = "Thấp hơn năm trước"
name_en = "Lower than last year"
domain = "crime"
levels = ["province", "district"]
period = "each year 2020-2030"
measure = { value = "d" }
rule = { comparator = "<", value = "baseline", baseline = "previous_year" }

[[target]]
id = "lex.more_than_last_year"
indicator = "lex.more_than_last_year"
clause_vi = "10"
clause_en = "10"
phrase = "nhiều hơn năm 2022"
name_vi = "Nhiều hơn năm trước"
name_en = "More than last year"
domain = "crime"
levels = ["province", "district"]
period = "each year 2020-2030"
measure = { value = "d" }
rule = { comparator = ">", value = "baseline", baseline = "previous_year" }
"#;

fn catalogue() -> Catalogue {
    Catalogue::from_texts(&[("lexicon.toml", LEXICON)], Mode::Replace).unwrap()
}

/// Evaluates `target` on district 193 with the given long-form rows, in the
/// documents' own structure (the district level ends on 1/7/2025 in the other).
fn status(target: &str, rows: &[(&str, &str, &str)]) -> (Status, serde_json::Value) {
    let cat = catalogue();
    let units = UnitRegistry::builtin_2024();
    let mut csv = String::from("unit_code,period,variable,value\n");
    for (p, v, x) in rows {
        csv.push_str(&format!("193,{p},{v},{x}\n"));
    }
    let ds = Dataset::from_csv_str(&csv, "t.csv", &cat, &units).unwrap();
    let period = if target == "lex.increase_strict" { "2025" } else { "2023" };
    let ev = evaluate(&cat, &units, &ds, period.parse().unwrap(), &UnitFilter::Codes(vec!["193".into()])).unwrap();
    let o = ev.outcomes.iter().find(|o| o.target() == target).unwrap();
    (o.status, o.to_json(chitieu_core::Lang::En))
}

fn rate(target: &str, n: i64, d: i64) -> Status {
    status(target, &[("2023", "n", &n.to_string()), ("2023", "d", &d.to_string())]).0
}

#[test]
fn floor_tu_x_tro_len() {
    assert_eq!(rate("lex.floor", 80, 100), Status::Met);
    assert_eq!(rate("lex.floor", 79, 100), Status::NotMet);
}

#[test]
fn strict_floor_tren_x() {
    assert_eq!(rate("lex.strict_floor", 91, 100), Status::NotMet);
    assert_eq!(rate("lex.strict_floor", 92, 100), Status::Met);
}

#[test]
fn strict_ceiling_duoi_x() {
    assert_eq!(rate("lex.strict_ceiling", 13, 100), Status::NotMet);
    assert_eq!(rate("lex.strict_ceiling", 12, 100), Status::Met);
    assert_eq!(rate("lex.strict_ceiling", 1, 0), Status::NotApplicable, "a rate of nothing is not applicable");
}

#[test]
fn ceiling_khong_qua_x() {
    assert_eq!(status("lex.ceiling", &[("2023", "n", "2")]).0, Status::Met);
    assert_eq!(status("lex.ceiling", &[("2023", "n", "3")]).0, Status::NotMet);
}

#[test]
fn all_100_percent_and_all_of_none() {
    assert_eq!(rate("lex.all", 12, 12), Status::Met);
    assert_eq!(rate("lex.all", 11, 12), Status::NotMet);
    assert_eq!(rate("lex.all", 0, 0), Status::Met, "no addicts: all of them have records");
}

#[test]
fn none_khong_de_xay_ra() {
    assert_eq!(status("lex.none", &[("2023", "n", "0")]).0, Status::Met);
    assert_eq!(status("lex.none", &[("2023", "n", "1")]).0, Status::NotMet);
    // Missing is never zero: a figure missing for this target is no data...
    assert_eq!(status("lex.none", &[("2023", "d", "5")]).0, Status::NoData, "missing is never zero");
    // ...and a district with no figure at all for the document's (province)
    // targets is reported once as without figures, never met.
    let (cat, units) = (catalogue(), UnitRegistry::builtin());
    let ds = Dataset::from_csv_str("unit_code,period,variable,value\n", "t.csv", &cat, &units).unwrap();
    let ev = evaluate(&cat, &units, &ds, "2023".parse().unwrap(), &UnitFilter::Codes(vec!["193".into()])).unwrap();
    assert!(ev.outcomes.is_empty());
    assert_eq!(ev.units_without_figures.iter().map(|w| (w.unit(), w.document())).collect::<Vec<_>>(), [("193", "1/TEST")]);
}

#[test]
fn range_tu_x_den_y_is_met_at_the_low_end_and_reports_the_stretch() {
    let (s, j) = status("lex.range", &[("2022", "d", "100"), ("2023", "d", "95")]);
    assert_eq!(s, Status::Met);
    assert_eq!(j["stretch"]["reached"], false);
    let (s, j) = status("lex.range", &[("2022", "d", "100"), ("2023", "d", "90")]);
    assert_eq!(s, Status::Met);
    assert_eq!(j["stretch"]["reached"], true);
    assert_eq!(status("lex.range", &[("2022", "d", "100"), ("2023", "d", "96")]).0, Status::NotMet);
    assert_eq!(status("lex.range", &[("2022", "d", "0"), ("2023", "d", "0")]).0, Status::NotApplicable, "a zero baseline");
}

#[test]
fn increase_cao_hon_x_so_voi_span_is_strict_and_sums_years() {
    let years = |total_last: i64| -> Vec<(String, &'static str, String)> {
        let mut v: Vec<(String, &str, String)> = (2016..=2020).map(|y| (y.to_string(), "n", "20".to_string())).collect();
        v.extend((2021..=2024).map(|y| (y.to_string(), "n", "25".to_string())));
        v.push(("2025".to_string(), "n", total_last.to_string()));
        v
    };
    let run = |rows: Vec<(String, &'static str, String)>| {
        let r: Vec<(&str, &str, &str)> = rows.iter().map(|(a, b, c)| (a.as_str(), *b, c.as_str())).collect();
        status("lex.increase_strict", &r)
    };
    // 2016-2020: 100. 2021-2025: 100 + last: exactly 25% more is not "more than 25%".
    let (s, j) = run(years(25));
    assert_eq!((s, j["actual"].as_str().unwrap(), j["period"].as_str().unwrap()), (Status::NotMet, "125", "2021-2025"));
    assert_eq!(run(years(26)).0, Status::Met);
}

#[test]
fn versus_last_year_thap_hon_and_nhieu_hon() {
    assert_eq!(status("lex.lower_than_last_year", &[("2022", "d", "10"), ("2023", "d", "9")]).0, Status::Met);
    assert_eq!(status("lex.lower_than_last_year", &[("2022", "d", "10"), ("2023", "d", "10")]).0, Status::NotMet);
    assert_eq!(status("lex.more_than_last_year", &[("2022", "d", "10"), ("2023", "d", "11")]).0, Status::Met);
    assert_eq!(status("lex.more_than_last_year", &[("2022", "d", "10"), ("2023", "d", "10")]).0, Status::NotMet);
}

mod property {
    use super::*;
    use chitieu_core::catalogue::{Comparator, Measure, Rule, RuleValue};
    use chitieu_core::evaluation::decide;
    use chitieu_core::observations::{DatasetBuilder, Resolver};
    use chitieu_core::{Exact, Location, Period};
    use num_bigint::BigInt;
    use proptest::prelude::*;

    /// The reference: n/d CMP p/q  <=>  n*q CMP p*d, in big integers.
    fn reference(c: Comparator, n: u64, d: u64, p: u64, q: u64) -> bool {
        let l = BigInt::from(n) * BigInt::from(q);
        let r = BigInt::from(p) * BigInt::from(d);
        match c {
            Comparator::AtLeast => l >= r,
            Comparator::MoreThan => l > r,
            Comparator::LessThan => l < r,
            Comparator::AtMost => l <= r,
            Comparator::Equal => l == r,
        }
    }

    proptest! {
        #[test]
        fn rate_decisions_agree_with_cross_multiplication(
            n in 0u64..2_000_000_000_000, d in 1u64..2_000_000_000_000,
            p in 0u64..10_000, q in 1u64..10_000, ci in 0usize..5,
        ) {
            let c = [Comparator::AtLeast, Comparator::MoreThan, Comparator::LessThan, Comparator::AtMost, Comparator::Equal][ci];
            let cat = catalogue();
            let units = UnitRegistry::builtin();
            let mut b = DatasetBuilder::new("p", &cat, &units);
            let y = Period::Year(2023);
            b.add_exact("193", y, "n", Exact::from_int(n as i64), Location::file("p")).unwrap();
            b.add_exact("193", y, "d", Exact::from_int(d as i64), Location::file("p")).unwrap();
            let ds = b.finish().unwrap();
            let r = Resolver::new(&ds, &units, &cat);
            let threshold = format!("{p}/{q}").parse::<Exact>().unwrap();
            let rule = Rule { comparator: c, value: RuleValue::Fixed(threshold), stretch: None, change: None, baseline: None };
            let m = Measure::Ratio { numerator: "n".into(), denominator: "d".into() };
            let v = decide(&m, &rule, "193", &y, &r, None);
            prop_assert_eq!(v.status == Status::Met, reference(c, n, d, p, q));
        }
    }
}
