//! Catalogue files that used to be accepted, or refused without a place
//! (issue 12, item 14): unknown unit codes, part_of cycles, empty files and
//! folders, non-UTF-8 text, errors without a key path.

use chitieu_core::catalogue::{Catalogue, Mode};
use chitieu_core::evaluation::{evaluate, UnitFilter};
use chitieu_core::observations::Dataset;
use chitieu_core::UnitRegistry;

/// A minimal valid file: one document, one target of the province.
const MINIMAL: &str = include_str!("../../tests/bad-inputs/catalogue/ok-minimal.toml");

/// The minimal file with its target moved to districts, restricted to `units`.
fn target(units: &str) -> String {
    MINIMAL.replace("levels = [\"province\"]", &format!("levels = [\"district\"]\nunits = {units}"))
}

#[test]
fn unknown_unit_codes_are_refused_against_the_registry_in_use() {
    let cat = Catalogue::from_texts(&[("mine.toml", &target(r#"["195", "1955"]"#))], Mode::AddToBuiltin).unwrap();
    let e = cat.check_units(&UnitRegistry::builtin()).unwrap_err();
    assert_eq!((e.file.as_str(), e.path.as_str()), ("mine.toml", "target 'x.one'.units[1]"));
    assert!(e.message.contains("unknown unit code '1955'") && e.message.contains("did you mean '195'"), "{}", e.message);
    // Every run checks it: an evaluation with these units refuses the catalogue.
    let p = "2024".parse().unwrap();
    let err = evaluate(&cat, &UnitRegistry::builtin(), &Dataset::default(), p, &UnitFilter::Root).unwrap_err().to_string();
    assert!(err.starts_with("mine.toml: target 'x.one'.units[1]: unknown unit code"), "{err}");
    // Valid with a registry that has the unit.
    let units = UnitRegistry::from_csv_str("code,name,level,division_type,parent_code\n22,P,province,tỉnh,\n195,A,district,huyện,22\n1955,B,district,huyện,22\n", "u.csv").unwrap();
    assert!(cat.check_units(&units).is_ok());
    // The built-in documents name only units of the built-in registry.
    assert!(Catalogue::builtin().check_units(&UnitRegistry::builtin()).is_ok());
}

#[test]
fn a_part_of_cycle_is_refused_with_its_chain() {
    let text = r#"
[[variable]]
name = "a"
kind = "count"
name_vi = "a"
name_en = "a"
part_of = "b"

[[variable]]
name = "b"
kind = "count"
name_vi = "b"
name_en = "b"
part_of = "a"
"#;
    let e = Catalogue::from_texts(&[("vars.toml", text)], Mode::AddToBuiltin).unwrap_err();
    assert_eq!((e.file.as_str(), e.path.as_str()), ("vars.toml", "variable[0].part_of"));
    assert!(e.message.contains("a is part of b is part of a"), "{}", e.message);
    let own = text.replace("part_of = \"b\"", "part_of = \"a\"");
    let e = Catalogue::from_texts(&[("vars.toml", &own)], Mode::AddToBuiltin).unwrap_err();
    assert!(e.message.contains("part of itself"), "{}", e.message);
}

#[test]
fn empty_files_and_folders_are_refused() {
    for text in ["", "\n# only a comment\n", "\u{feff}"] {
        let e = Catalogue::from_texts(&[("empty.toml", text)], Mode::Replace).unwrap_err();
        assert_eq!(e.file, "empty.toml");
        assert!(e.to_string().contains("the file defines nothing"), "{e}");
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a catalogue").unwrap();
    let e = Catalogue::from_paths(&[dir.path()], Mode::AddToBuiltin).unwrap_err();
    assert!(e.to_string().contains("no .toml file"), "{e}");
}

#[test]
fn a_non_utf8_file_is_told_to_save_as_utf8_not_csv() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("latin1.toml");
    std::fs::write(&p, b"[document]\nid = \"x\"\ntitle_vi = \"Ch\xe1 th\xec\"\n").unwrap();
    let e = Catalogue::from_paths(&[p.as_path()], Mode::AddToBuiltin).unwrap_err().to_string();
    assert!(e.contains("latin1.toml") && e.contains("line 3") && e.contains("UTF-8") && !e.contains("CSV"), "{e}");
}

#[test]
fn every_error_has_a_place() {
    // A TOML syntax error, an unknown top-level key, a wrong type at the top:
    // the message names the line when there is no key path.
    for text in ["[document\nid = 1", "nonsense = 1\n", "document = 5\n", "[[target]]\nid = 3\n"] {
        let e = Catalogue::from_texts(&[("bad.toml", text)], Mode::Replace).unwrap_err();
        let shown = e.to_string();
        assert!(!shown.contains(": : "), "an empty key path is left out: {shown}");
        assert!(!e.path.is_empty() || shown.contains("line "), "no place in {shown}");
    }
}
