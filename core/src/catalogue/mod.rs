//! The catalogue: documents, their targets, the data vocabulary and the
//! allocation tables, loaded from TOML files.
//!
//! The five documents are built in (embedded at build time from
//! `core/catalogue/*.toml`); a user loads files of the same shape, added to the
//! built-in ones (a document with an existing id replaces it) or instead of them.

pub mod schema;
mod validate;
mod vocabulary;

use std::collections::BTreeMap;
use std::path::Path;

pub use schema::*;
pub use vocabulary::{VarId, Vocabulary};

use crate::error::CatalogueError;
use crate::warning::Warning;
use crate::units::{Level, Unit, UnitId, UnitRegistry};

/// The built-in files, in load order: the vocabulary first.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("variables.toml", include_str!("../../catalogue/variables.toml")),
    ("nq314.toml", include_str!("../../catalogue/nq314.toml")),
    ("kh50.toml", include_str!("../../catalogue/kh50.toml")),
    ("kh02.toml", include_str!("../../catalogue/kh02.toml")),
    ("kh102.toml", include_str!("../../catalogue/kh102.toml")),
    ("ct32.toml", include_str!("../../catalogue/ct32.toml")),
];

/// A target with the document it belongs to.
#[derive(Clone, Debug)]
pub struct CatalogueTarget {
    pub target: Target,
    /// Index into `Catalogue::documents`.
    pub document: usize,
    /// The file it was read from.
    pub file: String,
}

#[derive(Clone, Debug)]
pub struct Catalogue {
    documents: Vec<Document>,
    /// The file each document was read from (parallel to `documents`).
    doc_files: Vec<String>,
    targets: Vec<CatalogueTarget>,
    variables: BTreeMap<String, VariableDef>,
    allocations: Vec<(Allocation, usize)>,
    /// Criteria of recognition schemes, with the index of their document.
    criteria: Vec<(Criterion, usize)>,
    phases: Vec<(Phase, usize)>,
    tasks: Vec<(Task, usize)>,
    warnings: Vec<Warning>,
    /// Names of the files it was built from, for reports.
    sources: Vec<String>,
}

/// Whether user files add to the built-in catalogue or replace it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    AddToBuiltin,
    Replace,
}

impl Catalogue {
    /// The five documents of Quảng Ninh.
    #[allow(clippy::expect_used)] // The built-in files are fixed at build time; tests load them.
    pub fn builtin() -> Catalogue {
        Catalogue::from_texts(&[], Mode::AddToBuiltin).expect("the built-in catalogue is valid")
    }

    /// Checks the unit codes the user's files name against the registry a
    /// run uses (see `validate::check_units`); the evaluation entry points
    /// call it.
    pub fn check_units(&self, units: &crate::UnitRegistry) -> Result<(), CatalogueError> {
        validate::check_units(self, units)
    }

    /// Loads user files (a `.toml` file, or every `.toml` file of a directory).
    pub fn from_paths(paths: &[&Path], mode: Mode) -> Result<Catalogue, CatalogueError> {
        let mut texts = Vec::new();
        for path in paths {
            let name = path.display().to_string();
            if path.is_dir() {
                let mut entries: Vec<_> = std::fs::read_dir(path)
                    .map_err(|e| CatalogueError::new(&name, "", format!("cannot read the directory: {e}")))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                    .collect();
                if entries.is_empty() {
                    return Err(CatalogueError::new(&name, "", "the directory has no catalogue file (no .toml file in it)"));
                }
                entries.sort();
                for p in entries {
                    texts.push((p.display().to_string(), read(&p)?));
                }
            } else {
                texts.push((name, read(path)?));
            }
        }
        let refs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        Catalogue::from_texts(&refs, mode)
    }

    /// Loads catalogue texts given as (file name, TOML text).
    pub fn from_texts(files: &[(&str, &str)], mode: Mode) -> Result<Catalogue, CatalogueError> {
        let mut parsed = Vec::new();
        if mode == Mode::AddToBuiltin {
            for (name, text) in BUILTIN_FILES {
                parsed.push((format!("{name} {}", validate::BUILTIN), parse_file(name, text)?));
            }
        }
        let mut replaced = Vec::new();
        for (name, text) in files {
            let file = parse_file(name, text)?;
            if file.document.is_none() && file.variables.is_empty() {
                return Err(CatalogueError::new(
                    name,
                    "",
                    "the file defines nothing: a catalogue file has a [document] section (with its [[target]]s) or [[variable]]s",
                ));
            }
            if let Some(doc) = &file.document {
                let before = parsed.len();
                parsed.retain(|(n, f): &(String, CatalogueFile)| {
                    !(n.ends_with(validate::BUILTIN) && f.document.as_ref().is_some_and(|d| d.id == doc.id))
                });
                if parsed.len() != before {
                    replaced.push((doc.id.clone(), name.to_string()));
                }
            }
            parsed.push((name.to_string(), file));
        }
        let mut cat = validate::assemble(parsed)?;
        for (id, file) in replaced {
            cat.warnings.insert(
                0,
                Warning::new(
                    "document_replaced",
                    format!("Văn bản '{id}' có sẵn được thay bằng tệp {file}"),
                    format!("the built-in document '{id}' is replaced by {file}"),
                )
                .from(crate::warning::Source::Catalogue),
            );
        }
        Ok(cat)
    }

    pub fn documents(&self) -> &[Document] {
        &self.documents
    }
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }
    pub fn targets(&self) -> &[CatalogueTarget] {
        &self.targets
    }
    pub fn target(&self, id: &str) -> Option<&CatalogueTarget> {
        self.targets.iter().find(|t| t.target.id == id)
    }
    /// The document a target belongs to.
    pub fn document_of(&self, t: &CatalogueTarget) -> &Document {
        self.doc(t.document)
    }
    /// The document at an index this catalogue made.
    #[allow(clippy::indexing_slicing)] // `validate::assemble` makes every index from `documents.len()`; documents are never removed.
    fn doc(&self, i: usize) -> &Document {
        &self.documents[i]
    }
    pub fn variables(&self) -> &BTreeMap<String, VariableDef> {
        &self.variables
    }
    pub fn variable(&self, name: &str) -> Option<&VariableDef> {
        self.variables.get(name)
    }
    /// The variables numbered, for data held in columns.
    pub fn vocabulary(&self) -> Vocabulary<'_> {
        Vocabulary::new(self)
    }
    /// The nearest known variable name, for "did you mean".
    pub fn nearest_variable(&self, name: &str) -> Option<&str> {
        crate::suggest::nearest(name, self.variables.keys().map(|k| (k.as_str(), k.as_str())))
    }
    pub fn allocations(&self) -> impl Iterator<Item = (&Allocation, &Document)> {
        self.allocations.iter().map(|(a, d)| (a, self.doc(*d)))
    }
    /// The criteria of recognition schemes (50/KH-UBND Mục II.4-5), in file order.
    pub fn criteria(&self) -> impl Iterator<Item = (&Criterion, &Document)> {
        self.criteria.iter().map(|(c, d)| (c, self.doc(*d)))
    }
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().map(|(c, _)| c).find(|c| c.id == id)
    }
    /// The dated phases of schemes' roadmaps.
    pub fn phases(&self) -> impl Iterator<Item = (&Phase, &Document)> {
        self.phases.iter().map(|(p, d)| (p, self.doc(*d)))
    }
    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().map(|(p, _)| p).find(|p| p.id == id)
    }
    /// The tasks of the plans (Phụ lục II of 102/KH-UBND, the deadlines of 02/KH-UBND), in file order.
    pub fn tasks(&self) -> impl Iterator<Item = (&Task, &Document)> {
        self.tasks.iter().filter_map(|(t, d)| self.documents.get(*d).map(|d| (t, d)))
    }

    /// Whether `target` binds `unit`: the unit lies inside the scope of the
    /// target's document (the issuing unit itself or a unit under it, through
    /// the registry; anywhere for scope "*"), is of one of the target's levels
    /// and, when the target names units, is one of them. A province's
    /// resolution does not bind another province of a national registry.
    pub fn binds(&self, target: &CatalogueTarget, unit: &Unit, registry: &UnitRegistry) -> bool {
        target.applies_to(unit) && self.scope_level(target, unit, registry).is_some()
    }

    /// The level the target's document sets its targets for, as seen from
    /// `unit`: the level of the (highest) unit of the document's scope that
    /// `unit` lies in, or of its root for scope "*"; `None` outside the scope.
    /// A unit of a lower level is judged by an extension of the target.
    pub fn scope_level(&self, target: &CatalogueTarget, unit: &Unit, registry: &UnitRegistry) -> Option<Level> {
        let scope = &self.document_of(target).scope;
        match registry.versions(&unit.code).iter().find(|v| registry.unit(**v) == unit) {
            Some(id) => scope_unit(scope, *id, registry).map(|s| registry.unit(s).level),
            // A unit from elsewhere: inside only when the scope names it.
            None => match scope {
                Scope::Anywhere => Some(unit.level),
                Scope::Units(codes) => codes.contains(&unit.code).then_some(unit.level),
            },
        }
    }
}

impl CatalogueTarget {
    /// Whether the target is set for units like `unit`: one of its levels
    /// and, when it names units, one of them (the scope aside).
    pub fn applies_to(&self, unit: &Unit) -> bool {
        let t = &self.target;
        t.levels.contains(&unit.level) && (t.units.is_empty() || t.units.contains(&unit.code))
    }
}

/// The unit of `scope` that unit `id` lies in: the highest of the scope's
/// units on the way from `id` up to its root (the root itself for "*"), or
/// `None` when `id` is outside the scope.
pub fn scope_unit(scope: &Scope, id: UnitId, registry: &UnitRegistry) -> Option<UnitId> {
    let mut found = None;
    let mut at = Some(id);
    // The registry refuses a parent of the same or a lower level, so a chain
    // is at most three long; the bound only guards the loop.
    for _ in 0..=registry.len() {
        let Some(u) = at else { break };
        let inside = match scope {
            Scope::Anywhere => registry.parent_of(u).is_none(),
            Scope::Units(codes) => codes.contains(&registry.unit(u).code),
        };
        if inside {
            found = Some(u);
        }
        at = registry.parent_of(u);
    }
    found
}

impl Catalogue {
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// The rule of a target in words ("≥ 80%"; parts joined by "; ").
    pub fn rule_text(&self, t: &Target, lang: crate::Lang) -> String {
        match (&t.measure, &t.rule) {
            (Some(m), Some(r)) => crate::evaluation::rule_text(m, r, lang),
            _ => t
                .parts
                .iter()
                .map(|p| {
                    let name = if lang == crate::Lang::Vi { &p.name_vi } else { &p.name_en };
                    format!("{name}: {}", crate::evaluation::rule_text(&p.measure, &p.rule, lang))
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// The public JSON listing: documents, targets (as in the catalogue files,
    /// with their document number and rule in words) and warnings.
    pub fn to_json(&self, document: Option<&str>, lang: crate::Lang) -> serde_json::Value {
        use serde_json::json;
        let targets: Vec<serde_json::Value> = self
            .targets
            .iter()
            .filter(|t| document.map_or(true, |d| self.document_of(t).id == d))
            .map(|t| {
                let d = self.document_of(t);
                annotate(
                    serde_json::to_value(&t.target).unwrap_or_default(),
                    [
                        ("document", json!(d.number)),
                        ("document_id", json!(d.id)),
                        ("rule_text", json!(self.rule_text(&t.target, lang))),
                        ("period_text", json!(t.target.period.words(lang))),
                        ("full_phrase", json!(t.target.full_phrase())),
                    ],
                )
            })
            .collect();
        let documents: Vec<&Document> = self.documents.iter().filter(|d| document.map_or(true, |x| d.id == x)).collect();
        let criteria: Vec<serde_json::Value> = self
            .criteria()
            .filter(|(_, d)| document.map_or(true, |x| d.id == x))
            .map(|(c, d)| {
                annotate(serde_json::to_value(c).unwrap_or_default(), [("document", json!(d.number)), ("document_id", json!(d.id))])
            })
            .collect();
        let phases: Vec<serde_json::Value> = self
            .phases()
            .filter(|(_, d)| document.map_or(true, |x| d.id == x))
            .map(|(p, d)| {
                annotate(serde_json::to_value(p).unwrap_or_default(), [("document_id", json!(d.id))])
            })
            .collect();
        let tasks: Vec<serde_json::Value> = self
            .tasks()
            .filter(|(_, d)| document.is_none_or(|x| d.id == x))
            .map(|(t, d)| annotate(serde_json::to_value(t).unwrap_or_default(), [("document", json!(d.number)), ("document_id", json!(d.id))]))
            .collect();
        json!({
            "chitieu_version": crate::VERSION,
            "documents": documents,
            "targets": targets,
            "criteria": criteria,
            "phases": phases,
            "tasks": tasks,
            "warnings": self.warnings.iter().map(|w| w.to_json(lang)).collect::<Vec<_>>(),
        })
    }

    /// A short text naming the catalogue's content, for decision logs and reports.
    pub fn version_label(&self) -> String {
        let docs: Vec<&str> = self.documents.iter().map(|d| d.id.as_str()).collect();
        format!("chitieu {} catalogue [{}]", crate::VERSION, docs.join(","))
    }
}

/// A JSON object with fields added (a value that is not an object is left as it is).
fn annotate<const N: usize>(mut v: serde_json::Value, fields: [(&str, serde_json::Value); N]) -> serde_json::Value {
    if let Some(o) = v.as_object_mut() {
        for (k, x) in fields {
            o.insert(k.to_string(), x);
        }
    }
    v
}

/// A catalogue file's text: UTF-8 (a byte-order mark is dropped).
fn read(path: &Path) -> Result<String, CatalogueError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| CatalogueError::new(&name, "", format!("cannot read the file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes().get(..at).map_or(1, |b| b.iter().filter(|c| **c == b'\n').count() + 1);
        CatalogueError::new(&name, "", format!("line {line}: the file is not UTF-8 text (byte {at}); save it with the encoding UTF-8"))
    })?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Parses one file, naming the key path of any error.
pub fn parse_file(name: &str, text: &str) -> Result<CatalogueFile, CatalogueError> {
    let de = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let mut msg = inner.message().to_string();
        if let Some(span) = inner.span() {
            let line = text.get(..span.start).unwrap_or(text).matches('\n').count() + 1;
            msg = format!("{msg} (line {line})");
        }
        CatalogueError::new(name, if path == "." { String::new() } else { path }, msg)
    })
}
