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
fn part_larger_than_its_whole_in_a_column_every_unit_fills() {
    // Every unit of 2023 (the 2024 list) reports, so the columns are held densely; the first offending row in file order is named.
    let units = UnitRegistry::builtin_2024();
    let mut csv = String::from("unit_code,period,crimes_recorded,crimes_solved\n");
    for (i, u) in units.units().iter().enumerate() {
        let solved = if i == 150 || i == 170 { 11 } else { 8 };
        csv.push_str(&format!("{},2023,10,{solved}\n", u.code));
    }
    let e = err(&csv);
    assert_eq!((e.location.row, e.location.column.as_deref(), e.value.as_deref()), (Some(152), Some("crimes_solved"), Some("11")));
    assert!(e.message.contains("crimes_recorded = 10"), "{e}");
    assert!(load(&csv.replace(",11\n", ",10\n")).is_ok());
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

/// A large plain file is read in pieces on every core: the same figures and
/// warnings as one pass, and the same first error.
#[test]
fn a_large_file_read_in_pieces_is_read_as_in_one_pass() {
    let cat = Catalogue::builtin();
    // Every structure: each month's rows are the unit versions in force in it
    // (06652 is Phường Hà Phong's code until 2025-06, the new Phường Hà Tu's after).
    let units = UnitRegistry::builtin();
    let codes: Vec<(String, chitieu_core::units::UnitId)> = units.ids().map(|u| (units.unit(u).code.trim_start_matches('0').to_string(), u)).collect();
    let mut csv = String::from("unit_code,period,crimes_recorded,crimes_solved,programme_budget\n");
    for y in 1990..=2030 {
        for m in 1..=12 {
            let month: Period = format!("{y}-{m:02}").parse().unwrap();
            for (i, (c, id)) in codes.iter().enumerate() {
                if !units.valid_during(*id, &month) {
                    continue;
                }
                let n = (i * 7 + m * 3 + y as usize) % 50 + 10;
                let budget = if i % 5 == 0 { format!("{}.5", n) } else { String::new() };
                csv.push_str(&format!("{c},{y}-{m:02},{n},{},{budget}\n", n / 2));
            }
        }
    }
    assert!(csv.len() > 1 << 20, "{} bytes", csv.len());
    let pieces = Dataset::from_csv_str(&csv, "big.csv", &cat, &units).unwrap();
    // A quote anywhere makes the reader take one pass.
    let one_pass = |text: &str| text.replacen("\n1,1990-01,", "\n\"1\",1990-01,", 1);
    let one = Dataset::from_csv_str(&one_pass(&csv), "big.csv", &cat, &units).unwrap();
    assert_eq!(pieces.len(), one.len());
    assert_eq!(pieces.records(), one.records());
    assert_eq!(pieces.warnings(), one.warnings());
    let repaired: std::collections::BTreeSet<&str> = units.units().iter().filter(|u| u.code.starts_with('0')).map(|u| u.code.as_str()).collect();
    assert_eq!(pieces.warnings().len(), repaired.len());
    // The first error of the file, wherever the pieces are cut: a bad value late in the file...
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let late = lines.len() - 10;
    let fields: Vec<&str> = lines[late].split(',').collect();
    lines[late] = format!("{},{},mười,{},{}", fields[0], fields[1], fields[3], fields[4]);
    let bad = lines.join("\n") + "\n";
    let e = Dataset::from_csv_str(&bad, "big.csv", &cat, &units).unwrap_err();
    assert_eq!(e.to_string(), Dataset::from_csv_str(&one_pass(&bad), "big.csv", &cat, &units).unwrap_err().to_string());
    assert_eq!((e.location.row, e.value.as_deref()), (Some(late + 1), Some("mười")), "{e}");
    // ... and a figure at the end that contradicts one at the start (another piece).
    let first: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let n: i64 = first[2].parse().unwrap();
    let contradiction = format!("{csv}{},{},{},{},{}\n", first[0], first[1], n + 1, first[3], first[4]);
    let e = Dataset::from_csv_str(&contradiction, "big.csv", &cat, &units).unwrap_err();
    assert_eq!(e.to_string(), Dataset::from_csv_str(&one_pass(&contradiction), "big.csv", &cat, &units).unwrap_err().to_string());
    assert_eq!(e.location.row, Some(csv.lines().count() + 1), "{e}");
    assert!(e.message.contains("given twice") && e.message.contains("row 2"), "{e}");
    // ... and a part larger than its whole, checked when the pieces are together.
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let fields: Vec<&str> = lines[late].split(',').collect();
    lines[late] = format!("{},{},{},{},{}", fields[0], fields[1], fields[2], fields[2].parse::<i64>().unwrap() + 1, fields[4]);
    let over = lines.join("\n") + "\n";
    let e = Dataset::from_csv_str(&over, "big.csv", &cat, &units).unwrap_err();
    assert_eq!(e.to_string(), Dataset::from_csv_str(&one_pass(&over), "big.csv", &cat, &units).unwrap_err().to_string());
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(late + 1), Some("crimes_solved")), "{e}");
}

#[test]
fn a_json_key_given_twice_is_refused() {
    let cat = Catalogue::builtin();
    let units = UnitRegistry::builtin();
    let text = r#"[{"unit_code":"22","period":"2023","crimes_recorded":100,"crimes_solved":79},
                  {"unit_code":"22","period":"2024","crimes_recorded":100,"crimes_solved":79,"crimes_solved":80}]"#;
    let e = Dataset::from_json_str(text, "f.json", &cat, &units).unwrap_err();
    assert_eq!((e.location.file.as_str(), e.location.row, e.location.column.as_deref(), e.value.as_deref()), ("f.json", Some(2), Some("crimes_solved"), Some("crimes_solved")));
    assert!(e.message.contains("twice"), "{e}");
    let long = r#"{"observations":[{"unit_code":"22","period":"2023","variable":"crimes_recorded","value":1,"value":2}]}"#;
    let e = Dataset::from_json_str(long, "f.json", &cat, &units).unwrap_err();
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(1), Some("value")));
}

#[test]
fn a_long_form_file_with_another_column_is_refused() {
    let e = err("unit_code,period,variable,value,crimes_solved\n22,2023,crimes_recorded,100,79\n");
    assert_eq!((e.location.row, e.location.column.as_deref(), e.value.as_deref()), (Some(1), Some("crimes_solved"), Some("crimes_solved")));
    assert!(e.expected.unwrap().contains("unit_code,period,variable,value"));
    // unit_name is allowed beside them.
    assert!(load("unit_code,unit_name,period,variable,value\n22,Quảng Ninh,2023,crimes_recorded,100\n").is_ok());
    let cat = Catalogue::builtin();
    let units = UnitRegistry::builtin();
    let e = Dataset::from_json_str(r#"[{"unit_code":"22","period":"2023","variable":"crimes_recorded","value":100,"crimes_solved":79}]"#, "f.json", &cat, &units).unwrap_err();
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(1), Some("crimes_solved")));
}

#[test]
fn data_that_cannot_answer_is_warned_about() {
    let cat = Catalogue::builtin();
    let units = UnitRegistry::builtin();
    let warn = |d: &Dataset, period: &str, filter: UnitFilter| -> Vec<(String, String)> {
        let ev = evaluate(&cat, &units, d, period.parse().unwrap(), &filter).unwrap();
        ev.warnings.iter().filter(|w| w.code.starts_with("no_figures")).map(|w| (w.code.clone(), w.message_en.clone())).collect()
    };
    let header_only = load("unit_code,period,crimes_recorded\n").unwrap();
    assert_eq!(warn(&header_only, "2023", UnitFilter::Root)[0].0, "no_figures");
    let empty = Dataset::from_json_str("[]", "f.json", &cat, &units).unwrap();
    assert_eq!(warn(&empty, "2023", UnitFilter::Root)[0].0, "no_figures");
    let d2023 = load("unit_code,period,crimes_recorded\n193,2023,10\n").unwrap();
    let w = warn(&d2023, "2024", UnitFilter::Root);
    assert_eq!(w[0].0, "no_figures_for_period");
    assert!(w[0].1.contains("the data has periods 2023; nothing for 2024"), "{w:?}");
    let days = load("unit_code,period,crimes_recorded\n193,2024-05-01,10\n").unwrap();
    assert!(warn(&days, "2024", UnitFilter::Root)[0].1.contains("dated by day"));
    // Figures of district 193 answer for the province above it, not for district 195.
    assert!(warn(&d2023, "2023", UnitFilter::Root).is_empty());
    let w = warn(&d2023, "2023", UnitFilter::Codes(vec!["195".into()]));
    assert_eq!(w[0].0, "no_figures_for_units");
    assert!(w[0].1.contains("nothing for 195"), "{w:?}");
}

#[test]
fn a_boolean_is_taken_only_for_a_yes_no_variable() {
    use chitieu_core::observations::DatasetBuilder;
    use chitieu_core::Location;
    let cat = Catalogue::builtin();
    let units = UnitRegistry::builtin();
    let mut b = DatasetBuilder::new("frame", &cat, &units);
    let place = |c: &str| Location::file("frame").at_column(c);
    let y2023 = Period::Year(2023);
    let mut recorded = b.column("crimes_recorded", &place("crimes_recorded")).unwrap();
    let mut reached = b.column("drug_info_reached", &place("drug_info_reached")).unwrap();
    let mut row = b.row("193", y2023, None, 2);
    let e = b.cell_bool(&mut row, &mut recorded, true).unwrap_err();
    assert_eq!((e.location.row, e.location.column.as_deref(), e.value.as_deref()), (Some(2), Some("crimes_recorded"), Some("True")));
    assert!(e.expected.as_deref().is_some_and(|x| x.contains("a count")), "{e}");
    let mut row = b.row("06649", y2023, None, 3);
    b.cell_bool(&mut row, &mut reached, true).unwrap();
    // A row whose unit cannot be placed is refused on its first figure only.
    let mut gone = b.row("no-such-unit", y2023, None, 4);
    let e = b.cell_text(&mut gone, &mut recorded, " ").map(|_| b.cell_text(&mut gone, &mut recorded, "5"));
    let e = e.unwrap().unwrap_err();
    assert_eq!((e.location.row, e.location.column.as_deref()), (Some(4), Some("unit_code")), "{e}");
    let ds = b.finish().unwrap();
    assert_eq!(ds.get("06649", &y2023, "drug_info_reached"), Some(Exact::one()));
    assert_eq!(ds.get("193", &y2023, "crimes_recorded"), None, "the refused value was not taken");
}
