//! The built-in catalogue: complete, faithful to the texts, and strict about bad files.

use chitieu_core::catalogue::{Catalogue, Mode};

#[test]
fn builtin_catalogue_loads() {
    let c = Catalogue::builtin();
    assert!(c.target("nq314.crime.clearance_rate").is_some());
}

#[test]
fn a_malformed_file_names_the_file_and_key_path() {
    let text = r#"
[document]
id = "x"
number = "1/KH"
kind = "plan"
issuer_vi = "a"
issuer_en = "a"
date = "2024-01-01"
title_vi = "t"
title_en = "t"
scope = "22"

[[target]]
id = "x.one"
indicator = "x.one"
clause_vi = "1"
clause_en = "1"
phrase = "p"
name_vi = "n"
name_en = "n"
domain = "crime"
levels = ["province"]
period = "2024"
measure = { value = "crimes_recorded" }
rule = { comparator = "=>", value = "1" }
"#;
    let e = Catalogue::from_texts(&[("mine.toml", text)], Mode::AddToBuiltin).unwrap_err();
    assert_eq!(e.file, "mine.toml");
    assert_eq!(e.path, "target[0].rule.comparator");
}

#[test]
fn an_unknown_variable_in_a_catalogue_is_named_with_a_suggestion() {
    let text = r#"
[document]
id = "x"
number = "1/KH"
kind = "plan"
issuer_vi = "a"
issuer_en = "a"
date = "2024-01-01"
title_vi = "t"
title_en = "t"
scope = "22"

[[target]]
id = "x.one"
indicator = "x.one"
clause_vi = "1"
clause_en = "1"
phrase = "p"
name_vi = "n"
name_en = "n"
domain = "crime"
levels = ["province"]
period = "2024"
measure = { value = "crimes_recordd" }
rule = { comparator = ">=", value = "1" }
"#;
    let e = Catalogue::from_texts(&[("mine.toml", text)], Mode::AddToBuiltin).unwrap_err();
    assert_eq!(e.path, "target[0].measure");
    assert!(e.message.contains("did you mean 'crimes_recorded'"), "{}", e.message);
}
