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

// ---------------------------------------------------------------------------
// Completeness and faithfulness of the built-in catalogue
// ---------------------------------------------------------------------------

/// Every id of spec/RULES.md sections 3, 5, 6, 7 and the programme targets of
/// section 4. Ids are public names: removing or renaming one breaks users.
const RULES_IDS: &[&str] = &[
    // Section 3: Nghị quyết 314/2020/NQ-HĐND
    "nq314.crime.total_cases_2025",
    "nq314.crime.clearance_rate",
    "nq314.crime.serious_clearance_rate",
    "nq314.crime.reports_accepted",
    "nq314.crime.reports_resolved",
    "nq314.crime.hotspots_transformed",
    "nq314.crime.wanted_caught",
    "nq314.crime.new_wanted_caught",
    "nq314.crime.recidivism",
    "nq314.drugs.info_reach_communes",
    "nq314.drugs.school_training",
    "nq314.drugs.hotspot_routes_surveyed",
    "nq314.drugs.public_dealing",
    "nq314.drugs.offenders_vs_2016_2020",
    "nq314.drugs.no_new_hotspots",
    "nq314.drugs.points_eliminated",
    "nq314.drugs.no_production",
    "nq314.drugs.plants_destroyed",
    "nq314.drugs.new_addicts_slowing",
    "nq314.drugs.addicts_discharged",
    "nq314.drugs.communes_with_drugs",
    "nq314.drugs.key_communes_improved_2025",
    "nq314.drugs.treatment_rate",
    "nq314.drugs.addicts_registered",
    "nq314.drugs.relapse_2025",
    "nq314.drugs.officials_aware_2025",
    "nq314.drugs.adults_aware_2025",
    "nq314.drugs.rehab_staff_trained_2025",
    "nq314.drugs.pilot_models_2025",
    "nq314.prostitution.adults_aware",
    "nq314.prostitution.info_reach_communes",
    "nq314.prostitution.staff_trained",
    "nq314.prostitution.inspections",
    "nq314.prostitution.violations_handled",
    "nq314.prostitution.district_models",
    "nq314.trafficking.outreach",
    "nq314.trafficking.info_reach_communes",
    "nq314.trafficking.cases_investigated",
    "nq314.trafficking.victims_supported",
    "nq314.budget.share",
    // Section 4: Kế hoạch 50/KH-UBND, programme targets
    "kh50.programme.yearly_build",
    "kh50.programme.communes_kept",
    "kh50.programme.districts_kept",
    "kh50.programme.communes_2025",
    "kh50.programme.districts_2025",
    "kh50.roadmap.2025",
    // Section 5: Kế hoạch 02/KH-UBND
    "kh02.plans",
    "kh02.comms.communes",
    "kh02.comms.zones",
    "kh02.comms.schools",
    "kh02.comms.monthly_articles",
    "kh02.awareness.officials",
    "kh02.awareness.adults",
    "kh02.awareness.staff_trained",
    "kh02.rehab.total",
    "kh02.rehab.centralised",
    "kh02.rehab.community",
    "kh02.support.counselling",
    "kh02.support.training",
    "kh02.support.jobs",
    "kh02.models.maintained",
    "kh02.models.new_teams",
    "kh02.inspections",
    "kh02.reports_handled",
    "kh02.trafficking.victims",
    "kh02.trafficking.reach",
    // Section 6: Kế hoạch 102/KH-UBND (Cẩm Phả)
    "kh102.schools_sessions",
    "kh102.conferences",
    "kh102.recidivism",
    "kh102.reports_received",
    "kh102.reports_resolved",
    "kh102.social_order_crimes",
    "kh102.no_organised_rings",
    "kh102.no_hotspots_left",
    "kh102.clearance_rate",
    "kh102.serious_clearance_rate",
    "kh102.no_wrongful",
    "kh102.wanted_reduced",
    "kh102.trafficking",
    "kh102.hotspots_transformed",
    "kh102.no_drug_points",
    "kh102.no_public_use",
    "kh102.rehab_dossiers",
    "kh102.addiction_determinations",
    "kh102.escapees_returned",
    "kh102.tested_on_grounds",
    "kh102.managed_tested",
    "kh102.records",
    // Section 7: Chỉ thị 32-CT/TU
    "ct32.addicts_yearly",
    "ct32.communes_with_drugs_yearly",
    "ct32.communes_drug_free_2025",
    "ct32.districts_drug_free_2025",
];

#[test]
fn every_rules_id_is_in_the_builtin_catalogue() {
    let c = Catalogue::builtin();
    let missing: Vec<&str> = RULES_IDS.iter().copied().filter(|id| c.target(id).is_none()).collect();
    assert!(missing.is_empty(), "targets of RULES.md missing from the catalogue: {missing:?}");
    // No id is listed twice in the test itself (a copy-paste slip would hide a missing one).
    let mut ids = RULES_IDS.to_vec();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), RULES_IDS.len());
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_phrase_is_verbatim_in_its_source_text() {
    let c = Catalogue::builtin();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue");
    let mut texts = std::collections::HashMap::new();
    let mut bad = Vec::new();
    // (id, document id, verbatim stretches): a target's phrase and, where the
    // layout cut it, its continuation; criteria, phases and tasks too.
    let mut phrases: Vec<(String, String, Vec<String>)> = Vec::new();
    for t in c.targets() {
        let mut v = vec![t.target.phrase.clone()];
        v.extend(t.target.phrase_continues.clone());
        phrases.push((t.target.id.clone(), c.document_of(t).id.clone(), v));
    }
    for (x, d) in c.criteria() {
        phrases.push((x.id.clone(), d.id.clone(), vec![x.phrase.clone()]));
    }
    for (x, d) in c.phases() {
        phrases.push((x.id.clone(), d.id.clone(), vec![x.phrase.clone()]));
    }
    for (x, d) in c.tasks() {
        phrases.push((x.id.clone(), d.id.clone(), vec![x.phrase.clone()]));
    }
    for (id, doc, stretches) in &phrases {
        let doc = c.document(doc).unwrap();
        let source = doc.source.as_deref().unwrap_or_else(|| panic!("document {} names no source text", doc.id));
        let text = texts.entry(source.to_string()).or_insert_with(|| {
            let p = dir.join(source);
            collapse(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display())))
        });
        for phrase in stretches {
            let phrase = collapse(phrase);
            if phrase.is_empty() || !text.contains(&phrase) {
                bad.push(format!("{id}: {phrase:?}"));
            }
        }
    }
    assert!(bad.is_empty(), "phrases not found verbatim in their source text:\n{}", bad.join("\n"));
}

#[test]
fn a_phrase_cut_by_the_layout_is_rejoined_and_ends_on_a_whole_word() {
    let c = Catalogue::builtin();
    let full = |id: &str| c.target(id).unwrap().target.full_phrase();
    // Phụ lục I, item 1.4: the cell is cut inside "trọng điểm".
    let p = full("kh102.conferences");
    assert!(p.contains("100% địa bàn trọng điểm phức tạp về trật tự xã hội phải được tổ chức."), "{p}");
    assert!(c.target("kh102.conferences").unwrap().target.phrase_continues.is_some());
    // Item 2.9: both requirements carry their own words.
    let p = full("kh102.trafficking");
    assert!(p.contains("xử lý nghiêm minh, không để lọt tội phạm hoặc xảy ra oan sai.") && p.contains("100% nạn nhân mua bán người"), "{p}");
}

#[test]
fn one_citation_style_throughout() {
    let c = Catalogue::builtin();
    let mut clauses: Vec<(String, String, String)> = c.targets().iter().map(|t| (t.target.id.clone(), t.target.clause_vi.clone(), t.target.clause_en.clone())).collect();
    clauses.extend(c.criteria().map(|(x, _)| (x.id.clone(), x.clause_vi.clone(), x.clause_en.clone())));
    clauses.extend(c.phases().map(|(x, _)| (x.id.clone(), x.clause_vi.clone(), x.clause_en.clone())));
    clauses.extend(c.tasks().map(|(x, _)| (x.id.clone(), x.clause_vi.clone(), x.clause_en.clone())));
    let ordinal = |w: &str| w.len() > 2 && w[..w.len() - 2].chars().all(|c| c.is_ascii_digit()) && ["st", "nd", "rd", "th"].contains(&&w[w.len() - 2..]);
    for (id, vi, en) in clauses {
        // "gạch đầu dòng thứ 2", never "gạch đầu dòng 2"
        for (i, _) in vi.match_indices("gạch đầu dòng ") {
            assert!(vi[i..].starts_with("gạch đầu dòng thứ "), "{id}: {vi}");
        }
        // "2nd indent", never "second indent"
        for (i, _) in en.match_indices(" indent") {
            let before = en[..i].rsplit(' ').next().unwrap_or("");
            assert!(ordinal(before), "{id}: {en}");
        }
    }
}

#[test]
fn the_job_placement_column_of_phu_bieu_01_is_reported_once() {
    let c = Catalogue::builtin();
    let sums: Vec<_> = c.warnings().iter().filter(|w| w.code == "allocation_sum").collect();
    assert_eq!(sums.len(), 1, "expected exactly one allocation_sum warning, got {sums:#?}");
    let w = sums[0];
    for m in [&w.message_vi, &w.message_en] {
        for needle in ["Phụ biểu 01", "Giải quyết việc làm", "590", "580"] {
            assert!(m.contains(needle), "warning {m:?} does not name {needle:?}");
        }
    }
    // The other columns add up: no warning that a column total differs from its target.
    assert!(c.warnings().iter().all(|w| w.code != "allocation_target"), "{:#?}", c.warnings());
    // The facility row has only its training share: its blank cells are not zeros.
    let (a, _) = c.allocations().find(|(a, _)| a.id == "kh02.phu_bieu_01").expect("Phụ biểu 01 is in the catalogue");
    let facility = a.rows.iter().find(|r| r.unit.is_none()).expect("the rehab facility row");
    assert_eq!(facility.values.keys().collect::<Vec<_>>(), vec!["training"]);
    assert_eq!(a.rows.iter().filter(|r| r.unit.is_some()).count(), 13);
}

#[test]
fn targets_that_bind_the_same_thing_share_an_indicator() {
    let c = Catalogue::builtin();
    let indicator = |id: &str| c.target(id).unwrap_or_else(|| panic!("no target {id}")).target.indicator.clone();
    let groups: &[&[&str]] = &[
        &["nq314.drugs.communes_with_drugs", "ct32.communes_with_drugs_yearly"],
        &["nq314.crime.reports_resolved", "kh102.reports_resolved"],
        &["nq314.trafficking.victims_supported", "kh02.trafficking.victims"],
    ];
    for g in groups {
        let first = indicator(g[0]);
        for id in &g[1..] {
            assert_eq!(indicator(id), first, "{id} and {} bind the same thing", g[0]);
        }
        // Nothing else joins the group by accident.
        let members: Vec<&str> =
            c.targets().iter().filter(|t| t.target.indicator == first).map(|t| t.target.id.as_str()).collect();
        let mut expected = g.to_vec();
        expected.sort();
        let mut got = members.clone();
        got.sort();
        assert_eq!(got, expected, "indicator {first}");
    }
    // Targets that measure different things never share one (RULES.md section 2;
    // issue 14): interdisciplinary inspections are not area checks, and
    // communes without drug evils are not recognised drug-free communes.
    for (a, b) in [
        ("nq314.prostitution.inspections", "kh02.inspections"),
        ("kh50.programme.communes_2025", "ct32.communes_drug_free_2025"),
        ("kh50.programme.districts_2025", "ct32.districts_drug_free_2025"),
    ] {
        assert_ne!(indicator(a), indicator(b), "{a} and {b} measure different things");
    }
}

#[test]
fn every_document_has_targets_and_kh102_names_who_answers() {
    let c = Catalogue::builtin();
    for id in ["nq314", "kh50", "kh02", "kh102", "ct32"] {
        assert!(c.document(id).is_some(), "document {id} is missing");
    }
    for (i, d) in c.documents().iter().enumerate() {
        assert!(c.targets().iter().any(|t| t.document == i), "document {} has no target", d.id);
    }
    for t in c.targets().iter().filter(|t| c.document_of(t).id == "kh102") {
        let t = &t.target;
        assert!(!t.lead.is_empty() && t.lead.iter().all(|x| !x.trim().is_empty()), "{} has no lead unit", t.id);
        assert_eq!(t.units, vec!["195".to_string()], "{} binds Cẩm Phả", t.id);
        // Phụ lục I leaves the partner cell of item 1.7 blank; every other row names partners.
        if t.id == "kh102.recidivism" {
            assert!(t.partners.is_empty(), "the text names no partner for item 1.7");
        } else {
            assert!(!t.partners.is_empty() && t.partners.iter().all(|x| !x.trim().is_empty()), "{} has no partner unit", t.id);
        }
    }
}
