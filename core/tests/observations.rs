//! Loading observations: every rejected input names its file, row, column and
//! value; blanks stay missing; additive figures roll up only when complete.

use chitieu_core::catalogue::Catalogue;
use chitieu_core::evaluation::{evaluate, Status, UnitFilter};
use chitieu_core::observations::{Dataset, Resolver};
use chitieu_core::{DataError, Exact, Period, UnitRegistry};

fn load(csv: &str) -> Result<Dataset, DataError> {
    Dataset::from_csv_str(csv, "figures.csv", &Catalogue::builtin(), &UnitRegistry::builtin())
}

fn err(csv: &str) -> DataError {
    load(csv).unwrap_err()
}

#[test]
fn unknown_unit_code() {
    let e = err("unit_code,period,crimes_recorded\n22,2023,10\n99999,2023,5\n");
    assert_eq!((e.location.file.as_str(), e.location.row, e.location.column.as_deref()), ("figures.csv", Some(3), Some("unit_code")));
    assert_eq!(e.value.as_deref(), Some("99999"));
    assert!(e.to_string().contains("figures.csv, row 3, column 'unit_code'"), "{e}");
}

#[test]
fn unknown_variable_suggests_the_nearest() {
    let e = err("unit_code,period,crimes_recordd\n22,2023,10\n");
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(1), Some("crimes_recordd")));
    assert!(e.expected.unwrap().contains("did you mean 'crimes_recorded'"));
    let e = err("unit_code,period,variable,value\n22,2023,crimes_solvd,3\n");
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(2), Some("variable")));
}

#[test]
fn non_number() {
    let e = err("unit_code,period,crimes_recorded\n22,2023,mười\n");
    assert_eq!((e.location.row, e.location.column.as_deref(), e.value.as_deref()), (Some(2), Some("crimes_recorded"), Some("mười")));
    let e = err("unit_code,period,crimes_recorded\n22,2023,\"1,5\"\n");
    assert!(e.expected.unwrap().contains("'.'"), "a decimal comma is refused with a reason");
}

#[test]
fn negative_count() {
    let e = err("unit_code,period,crimes_recorded\n22,2023,-4\n");
    assert_eq!((e.location.row, e.location.column.as_deref(), e.value.as_deref()), (Some(2), Some("crimes_recorded"), Some("-4")));
    assert!(e.expected.unwrap().contains("cannot be negative"));
}

#[test]
fn part_larger_than_its_whole() {
    let e = err("unit_code,period,crimes_recorded,crimes_solved\n22,2023,10,8\n193,2023,10,11\n");
    assert_eq!((e.location.row, e.location.column.as_deref(), e.value.as_deref()), (Some(3), Some("crimes_solved"), Some("11")));
    assert!(e.message.contains("crimes_recorded"), "{e}");
}

#[test]
fn contradictory_duplicate() {
    let e = err("unit_code,period,variable,value\n22,2023,crimes_recorded,10\n22,2023,crimes_recorded,10\n22,2023,crimes_recorded,12\n");
    assert_eq!((e.location.row, e.location.column.as_deref(), e.value.as_deref()), (Some(4), Some("value"), Some("12")));
    assert!(e.message.contains("row 2"), "names the first occurrence: {e}");
}

#[test]
fn bad_period_and_short_row() {
    let e = err("unit_code,period,crimes_recorded\n22,2023-13,10\n");
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(2), Some("period")));
    let e = err("unit_code,period,crimes_recorded\n22,2023\n");
    assert_eq!(e.location.row, Some(2));
}

#[test]
fn json_errors_name_the_record_and_key() {
    let cat = Catalogue::builtin();
    let units = UnitRegistry::builtin();
    let e = Dataset::from_json_str(r#"[{"unit_code":"22","period":"2023","crimes_recorded":10},{"unit_code":"22","period":"2024","crimes_recorded":-1}]"#, "f.json", &cat, &units).unwrap_err();
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(2), Some("crimes_recorded")));
    let d = Dataset::from_json_str(r#"{"observations":[{"unit_code":"22","period":"2023","variable":"crimes_recorded","value":0.1e3}]}"#, "f.json", &cat, &units).unwrap();
    assert_eq!(d.get("22", &Period::Year(2023), "crimes_recorded"), Some(Exact::from_int(100)));
}

#[test]
fn a_blank_cell_is_missing_not_zero() {
    let d = load("unit_code,period,crimes_recorded,crimes_solved\n22,2023,100,\n").unwrap();
    assert_eq!(d.get("22", &Period::Year(2023), "crimes_solved"), None);
    let ev = evaluate(&Catalogue::builtin(), &UnitRegistry::builtin(), &d, Period::Year(2023), &UnitFilter::Root).unwrap();
    let o = ev.outcomes.iter().find(|o| o.target() == "nq314.crime.clearance_rate").unwrap();
    assert_eq!(o.status, Status::NoData);
    assert!(o.explanation(chitieu_core::Lang::En).contains("missing data: Crimes solved"), "{}", o.explanation(chitieu_core::Lang::En));
}

#[test]
fn a_dropped_leading_zero_is_repaired_with_a_warning() {
    let d = load("unit_code,period,crimes_recorded\n6649,2023,4\n").unwrap();
    assert_eq!(d.get("06649", &Period::Year(2023), "crimes_recorded"), Some(Exact::from_int(4)));
    assert_eq!(d.warnings()[0].code, "unit_code_repaired");
}

#[test]
fn counts_roll_up_only_when_every_child_reports() {
    let cat = Catalogue::builtin();
    let units = UnitRegistry::builtin();
    let districts: Vec<String> = units.children("22").map(|u| u.code.clone()).collect();
    let mut csv = String::from("unit_code,period,crimes_recorded\n");
    for d in &districts {
        csv.push_str(&format!("{d},2023,10\n"));
    }
    let full = Dataset::from_csv_str(&csv, "f.csv", &cat, &units).unwrap();
    let r = Resolver::new(&full, &units, &cat);
    assert_eq!(r.value("22", &Period::Year(2023), "crimes_recorded").unwrap(), Exact::from_int(130));
    let partial = Dataset::from_csv_str(&csv.replace(&format!("{},2023,10\n", districts[0]), ""), "f.csv", &cat, &units).unwrap();
    let r = Resolver::new(&partial, &units, &cat);
    assert!(r.value("22", &Period::Year(2023), "crimes_recorded").is_err(), "a partial sum would hide a gap");
}

#[test]
fn quarters_add_up_to_a_year() {
    let cat = Catalogue::builtin();
    let units = UnitRegistry::builtin();
    let d = Dataset::from_csv_str("unit_code,period,crimes_recorded\n22,2023-Q1,1\n22,2023-Q2,2\n22,2023-Q3,3\n22,2023-Q4,4\n", "f.csv", &cat, &units).unwrap();
    let r = Resolver::new(&d, &units, &cat);
    assert_eq!(r.value("22", &Period::Year(2023), "crimes_recorded").unwrap(), Exact::from_int(10));
}

#[test]
fn yes_no_cells_accept_words_and_whole_decimals_only() {
    let d = load("unit_code,period,drug_info_reached\n06649,2023,có\n06652,2023,1.0\n06655,2023,0.0\n06658,2023,không\n").unwrap();
    assert_eq!(d.get("06652", &Period::Year(2023), "drug_info_reached"), Some(Exact::one()));
    assert_eq!(d.get("06658", &Period::Year(2023), "drug_info_reached"), Some(Exact::zero()));
    let e = err("unit_code,period,drug_info_reached\n06649,2023,0.5\n");
    assert_eq!((e.location.row, e.value.as_deref()), (Some(2), Some("0.5")));
}

#[test]
fn grouped_thousands_are_refused_with_a_hint() {
    for (csv, value) in [
        ("unit_code,period,crimes_recorded\n22,2023,1.759\n", "1.759"),
        ("unit_code,period,crimes_recorded\n22,2023,200.000\n", "200.000"),
        ("unit_code,period,crimes_recorded\n22,2023,1.759.000\n", "1.759.000"),
        ("unit_code,period,programme_budget\n22,2023,200.000\n", "200.000"),
    ] {
        let e = err(csv);
        assert_eq!((e.location.row, e.value.as_deref()), (Some(2), Some(value)), "{e}");
        assert!(e.expected.as_deref().unwrap_or("").contains("thousands separator"), "{e}");
    }
    // A decimal amount with another number of places, and a count that pandas wrote as a float, stay valid.
    let d = load("unit_code,period,trafficking_outreach_minutes,crimes_recorded\n22,2023,1.5,200.0\n").unwrap();
    assert_eq!(d.get("22", &Period::Year(2023), "trafficking_outreach_minutes"), Some("1.5".parse::<Exact>().unwrap()));
    assert_eq!(d.get("22", &Period::Year(2023), "crimes_recorded"), Some(Exact::from_int(200)));
    // A count is whole: 1.5 is refused as such.
    assert!(err("unit_code,period,crimes_recorded\n22,2023,1.5\n").expected.unwrap().contains("whole number"));
}

#[test]
fn values_longer_than_28_digits_are_read_exactly() {
    let long = "1234567890123456789012345678901234567890";
    let d = load(&format!("unit_code,period,programme_budget\n22,2023,{long}\n")).unwrap();
    assert_eq!(d.get("22", &Period::Year(2023), "programme_budget").unwrap().decimal_text(), long);
}
