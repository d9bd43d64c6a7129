//! Checks that make a set of catalogue files one coherent catalogue: every name
//! it uses is defined, no variable is part of itself, every rule can be
//! evaluated, targets that compete for an indicator can be ranked, and
//! allocation tables add up (or say they don't).
//!
//! Unit codes a file names (a target's `units`, a criterion's `designated`,
//! an allocation row's `unit`, a document's `scope`) are checked by
//! [`check_units`] against the registry a run uses, not here: a catalogue is
//! valid or not for the units it is evaluated with, and the evaluation entry
//! points call it. Codes of the built-in documents are checked against the
//! built-in registry by a test, and left to the run with any other registry
//! (a target for a unit the registry does not have applies to no unit).

use std::collections::{BTreeMap, HashMap};

use super::schema::*;
use super::{Catalogue, CatalogueTarget};
use crate::error::CatalogueError;
use crate::exact::Exact;
use crate::units::UnitRegistry;
use crate::warning::{Source, Warning};

/// The suffix of the names of built-in files.
pub(super) const BUILTIN: &str = "(built-in)";

pub(super) fn assemble(files: Vec<(String, CatalogueFile)>) -> Result<Catalogue, CatalogueError> {
    let mut variables: BTreeMap<String, VariableDef> = BTreeMap::new();
    let mut var_file: HashMap<String, String> = HashMap::new();
    for (file, f) in &files {
        for (i, v) in f.variables.iter().enumerate() {
            if let Some(prev) = var_file.get(&v.name) {
                return Err(CatalogueError::new(file, format!("variable[{i}].name"), format!("variable '{}' is already defined in {prev}", v.name)));
            }
            var_file.insert(v.name.clone(), file.clone());
            variables.insert(v.name.clone(), v.clone());
        }
    }
    for (file, f) in &files {
        for (i, v) in f.variables.iter().enumerate() {
            for whole in &v.part_of {
                let Some(w) = variables.get(whole) else {
                    return Err(unknown_var(file, &format!("variable[{i}].part_of"), whole, &variables));
                };
                if whole == &v.name {
                    return Err(CatalogueError::new(file, format!("variable[{i}].part_of"), format!("'{}' cannot be a part of itself", v.name)));
                }
                if w.kind != v.kind || !v.kind.additive() {
                    return Err(CatalogueError::new(file, format!("variable[{i}].part_of"), format!("'{}' ({:?}) cannot be a part of '{}' ({:?}): both must be counts or both amounts", v.name, v.kind, whole, w.kind)));
                }
            }
        }
    }

    check_part_of_cycles(&files, &variables)?;

    let mut documents: Vec<Document> = Vec::new();
    let mut doc_files: Vec<String> = Vec::new();
    let mut targets: Vec<CatalogueTarget> = Vec::new();
    let mut allocations = Vec::new();
    let mut criteria: Vec<(Criterion, usize)> = Vec::new();
    let mut phases: Vec<(Phase, usize)> = Vec::new();
    let mut tasks: Vec<(Task, usize)> = Vec::new();
    let mut sources = Vec::new();
    for (file, f) in files {
        sources.push(file.clone());
        let doc_index = match &f.document {
            Some(d) => {
                if documents.iter().any(|x| x.id == d.id) {
                    return Err(CatalogueError::new(&file, "document.id", format!("document '{}' is defined twice", d.id)));
                }
                documents.push(d.clone());
                doc_files.push(file.clone());
                Some(documents.len() - 1)
            }
            None => None,
        };
        if doc_index.is_none() && (!f.targets.is_empty() || !f.allocations.is_empty() || !f.criteria.is_empty() || !f.phases.is_empty() || !f.tasks.is_empty()) {
            return Err(CatalogueError::new(&file, "document", "a file with targets or allocations needs a [document] section"));
        }
        // A file with targets, allocations, criteria or phases has a document (checked above).
        let (Some(di), Some(doc)) = (doc_index, doc_index.and_then(|i| documents.get(i)).cloned()) else {
            continue;
        };
        for (i, t) in f.targets.into_iter().enumerate() {
            check_target(&file, i, &t, &doc, &variables)?;
            if let Some(prev) = targets.iter().find(|x| x.target.id == t.id) {
                return Err(CatalogueError::new(&file, format!("target[{i}].id"), format!("target id '{}' is already used in {}", t.id, prev.file)));
            }
            targets.push(CatalogueTarget { target: t, document: di, file: file.clone() });
        }
        for a in f.allocations {
            allocations.push((a, di, file.clone()));
        }
        for (i, p) in f.phases.into_iter().enumerate() {
            if !p.id.starts_with(&format!("{}.", doc.id)) {
                return Err(CatalogueError::new(&file, format!("phase[{i}].id"), format!("phase id '{}' must start with the document id '{}.'", p.id, doc.id)));
            }
            if phases.iter().any(|(x, _)| x.id == p.id) {
                return Err(CatalogueError::new(&file, format!("phase[{i}].id"), format!("phase id '{}' is already used", p.id)));
            }
            if p.to.is_some_and(|t| t < p.from) {
                return Err(CatalogueError::new(&file, format!("phase[{i}].to"), "a phase ends on or after the day it starts"));
            }
            phases.push((p, di));
        }
        for (i, c) in f.criteria.into_iter().enumerate() {
            check_criterion(&file, i, &c, &doc, &variables, &phases)?;
            if criteria.iter().any(|(x, _)| x.id == c.id) || targets.iter().any(|t| t.target.id == c.id) {
                return Err(CatalogueError::new(&file, format!("criterion[{i}].id"), format!("id '{}' is already used", c.id)));
            }
            criteria.push((c, di));
        }
        for (i, t) in f.tasks.into_iter().enumerate() {
            let Some((di, doc)) = doc_index.and_then(|di| documents.get(di).map(|d| (di, d))) else {
                return Err(CatalogueError::new(&file, "document", "a file with tasks needs a [document] section"));
            };
            check_task(&file, i, &t, doc)?;
            if tasks.iter().any(|(x, _)| x.id == t.id) || targets.iter().any(|x| x.target.id == t.id) || criteria.iter().any(|(x, _)| x.id == t.id) {
                return Err(CatalogueError::new(&file, format!("task[{i}].id"), format!("id '{}' is already used", t.id)));
            }
            tasks.push((t, di));
        }
    }

    check_indicators(&targets)?;

    let mut warnings = Vec::new();
    let mut allocs = Vec::new();
    for (a, di, file) in allocations {
        for (ci, c) in a.columns.iter().enumerate() {
            let Some(t) = targets.iter().find(|t| t.target.id == c.target) else {
                return Err(CatalogueError::new(&file, format!("allocation[{}].column[{ci}].target", a.id), format!("unknown target '{}'", c.target)));
            };
            let keys: Vec<&str> = t.target.parts.iter().filter_map(|p| p.key.as_deref()).collect();
            match (&c.part, t.target.parts.is_empty()) {
                (None, false) => {
                    return Err(CatalogueError::new(&file, format!("allocation[{}].column[{ci}].part", a.id), format!("target '{}' has parts: name the part this column splits (one of: {})", c.target, keys.join(", "))))
                }
                (Some(_), true) => return Err(CatalogueError::new(&file, format!("allocation[{}].column[{ci}].part", a.id), format!("target '{}' has no parts", c.target))),
                (Some(k), false) if !keys.contains(&k.as_str()) => {
                    return Err(CatalogueError::new(&file, format!("allocation[{}].column[{ci}].part", a.id), format!("target '{}' has no part with key '{k}' (keys: {})", c.target, keys.join(", "))))
                }
                _ => {}
            }
            if !t.target.levels.contains(&a.level) {
                return Err(CatalogueError::new(&file, format!("allocation[{}].level", a.id), format!("target '{}' does not apply at {} level, where the table places its shares", c.target, a.level)));
            }
        }
        for (ri, r) in a.rows.iter().enumerate() {
            for k in r.values.keys() {
                if !a.columns.iter().any(|c| &c.key == k) {
                    return Err(CatalogueError::new(&file, format!("allocation[{}].row[{ri}].values.{k}", a.id), "not a column of the table"));
                }
            }
        }
        if let Some(doc) = documents.get(di) {
            warnings.extend(allocation_warnings(&a, doc, &targets));
        }
        allocs.push((a, di));
    }

    Ok(Catalogue { documents, doc_files, targets, variables, allocations: allocs, criteria, phases, tasks, warnings, sources })
}

/// Refuses a `part_of` chain that comes back to where it started (a variable
/// that is, through others, a part of itself), naming the chain.
fn check_part_of_cycles(files: &[(String, CatalogueFile)], variables: &BTreeMap<String, VariableDef>) -> Result<(), CatalogueError> {
    // Wholes already followed to their end without a cycle: each is walked once.
    let mut done: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (file, f) in files {
        for (i, v) in f.variables.iter().enumerate() {
            // Depth first along every whole: the path so far, each with the
            // index of its next whole to follow.
            let mut path: Vec<(&str, usize)> = vec![(v.name.as_str(), 0)];
            while let Some(&(name, next)) = path.last() {
                let wholes = if path.len() == 1 { v.part_of.as_slice() } else { variables.get(name).map_or(&[][..], |x| x.part_of.as_slice()) };
                let Some(whole) = wholes.get(next).map(String::as_str) else {
                    done.insert(name);
                    path.pop();
                    continue;
                };
                if let Some(last) = path.last_mut() {
                    last.1 += 1;
                }
                if let Some(start) = path.iter().position(|(n, _)| *n == whole) {
                    let chain: Vec<&str> = path.iter().skip(start).map(|(n, _)| *n).chain(std::iter::once(whole)).collect();
                    return Err(CatalogueError::new(file, format!("variable[{i}].part_of"), format!("a cycle of parts: {}; a variable cannot be a part of itself", chain.join(" is part of "))));
                }
                if !done.contains(whole) {
                    path.push((whole, 0));
                }
            }
        }
    }
    Ok(())
}

/// Checks every unit code a user's catalogue file names against `units`,
/// the registry a run uses: an unknown code is an error naming the file, the
/// key path and the nearest known code. Codes of built-in documents are not
/// checked here (see the module doc).
pub fn check_units(cat: &Catalogue, units: &UnitRegistry) -> Result<(), CatalogueError> {
    let check = |file: &str, path: String, code: &str| -> Result<(), CatalogueError> {
        if file.ends_with(BUILTIN) || units.get(code).is_some() {
            return Ok(());
        }
        let hint = crate::suggest::nearest(code, units.units().iter().map(|u| (u.code.as_str(), u.code.as_str())))
            .map(|n| format!("; did you mean '{n}'?"))
            .unwrap_or_default();
        Err(CatalogueError::new(file, path, format!("unknown unit code '{code}': the unit registry in use ({}) has no such unit{hint}", units.name())))
    };
    // A document's scope is not checked here: a scope with no unit of the
    // registry is the run's warning no_unit_in_scope (issue 14).
    for t in &cat.targets {
        for (j, code) in t.target.units.iter().enumerate() {
            check(&t.file, format!("target '{}'.units[{j}]", t.target.id), code)?;
        }
    }
    let file_of = |di: usize| cat.doc_files.get(di).map(String::as_str).unwrap_or_default();
    for (c, di) in &cat.criteria {
        for (j, code) in c.designated.iter().enumerate() {
            check(file_of(*di), format!("criterion '{}'.designated[{j}]", c.id), code)?;
        }
    }
    for (a, di) in &cat.allocations {
        for (ri, r) in a.rows.iter().enumerate() {
            if let Some(code) = &r.unit {
                check(file_of(*di), format!("allocation[{}].row[{ri}].unit", a.id), code)?;
            }
        }
    }
    Ok(())
}

fn unknown_var(file: &str, path: &str, name: &str, vars: &BTreeMap<String, VariableDef>) -> CatalogueError {
    let hint = crate::suggest::nearest(name, vars.keys().map(|k| (k.as_str(), k.as_str())))
        .map(|n| format!("; did you mean '{n}'?"))
        .unwrap_or_default();
    CatalogueError::new(file, path, format!("unknown variable '{name}'{hint}"))
}

fn check_target(file: &str, i: usize, t: &Target, doc: &Document, vars: &BTreeMap<String, VariableDef>) -> Result<(), CatalogueError> {
    let at = |k: &str| format!("target[{i}].{k}");
    if !t.id.starts_with(&format!("{}.", doc.id)) {
        return Err(CatalogueError::new(file, at("id"), format!("target id '{}' must start with the document id '{}.'", t.id, doc.id)));
    }
    if t.levels.is_empty() {
        return Err(CatalogueError::new(file, at("levels"), "a target applies to at least one level"));
    }
    let mut keys: Vec<&str> = t.parts.iter().filter_map(|p| p.key.as_deref()).collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    if keys.len() != n {
        return Err(CatalogueError::new(file, at("part"), "two parts of a target have the same key"));
    }
    let checks: Vec<(String, &Measure, &Rule)> = match (&t.measure, &t.rule, t.parts.is_empty()) {
        (Some(m), Some(r), true) => vec![(String::new(), m, r)],
        (None, None, false) => t.parts.iter().enumerate().map(|(p, x)| (format!("part[{p}]."), &x.measure, &x.rule)).collect(),
        _ => return Err(CatalogueError::new(file, at("measure"), "a target has either a measure and a rule, or parts (each with a measure and a rule)")),
    };
    for (prefix, m, r) in checks {
        for v in m.variables() {
            if !vars.contains_key(v) {
                return Err(unknown_var(file, &at(&format!("{prefix}measure")), v, vars));
            }
        }
        if let Some(level) = &m.counted_level() {
            if t.levels.iter().any(|l| l >= level) {
                return Err(CatalogueError::new(file, at(&format!("{prefix}measure")), format!("a measure over {level} units needs the target's levels to be above {level}")));
            }
        }
        let rp = |k: &str| at(&format!("{prefix}rule.{k}"));
        match (&r.change, &r.baseline, &r.value) {
            (Some(_), None, _) => return Err(CatalogueError::new(file, rp("baseline"), "a relative change needs a baseline")),
            (Some(_), Some(_), RuleValue::Baseline) => {
                return Err(CatalogueError::new(file, rp("value"), "a relative change is compared with a percentage, not with 'baseline'"))
            }
            (None, None, RuleValue::Baseline) => return Err(CatalogueError::new(file, rp("baseline"), "value 'baseline' needs a baseline")),
            (None, Some(_), RuleValue::Fixed(_)) => {
                return Err(CatalogueError::new(file, rp("change"), "a baseline is used by a change ('decrease'/'increase') or by value 'baseline'"))
            }
            _ => {}
        }
        if r.stretch.is_some() && !matches!(r.comparator, Comparator::AtLeast | Comparator::MoreThan) {
            return Err(CatalogueError::new(file, rp("stretch"), "a stretch level belongs to a floor ('>=' or '>')"));
        }
        if matches!(t.period, TargetPeriod::Span(..)) && matches!(r.baseline, Some(crate::catalogue::Baseline::PreviousYear)) {
            return Err(CatalogueError::new(file, rp("baseline"), "a cumulative span target needs a fixed baseline span"));
        }
    }
    Ok(())
}

fn check_criterion(
    file: &str,
    i: usize,
    c: &Criterion,
    doc: &Document,
    vars: &BTreeMap<String, VariableDef>,
    phases: &[(Phase, usize)],
) -> Result<(), CatalogueError> {
    let at = |k: &str| format!("criterion[{i}].{k}");
    if !c.id.starts_with(&format!("{}.", doc.id)) {
        return Err(CatalogueError::new(file, at("id"), format!("criterion id '{}' must start with the document id '{}.'", c.id, doc.id)));
    }
    if c.level == crate::units::Level::Province {
        return Err(CatalogueError::new(file, at("level"), "criteria judge communes or districts"));
    }
    let has_single = c.measure.is_some() || c.rule.is_some();
    match (c.designated.is_empty(), has_single, c.parts.is_empty()) {
        (false, false, true) => return Ok(()),
        (true, true, true) if c.measure.is_some() && c.rule.is_some() => {}
        (true, false, false) => {}
        _ => {
            return Err(CatalogueError::new(
                file,
                at("measure"),
                "a criterion has either a measure and a rule, or parts (each with a measure and a rule), or a list of designated units",
            ))
        }
    }
    for (pi, p) in c.as_parts().iter().enumerate() {
        let prefix = if c.parts.is_empty() { String::new() } else { format!("part[{pi}].") };
        if c.figures_at.is_some() && !matches!(p.measure, CriterionMeasure::Value(_) | CriterionMeasure::Ratio { .. }) {
            return Err(CatalogueError::new(file, at(&format!("{prefix}measure")), "figures at entry are read for a value or a ratio of the unit's own figures"));
        }
        for v in p.measure.variables() {
            if !vars.contains_key(v) {
                return Err(unknown_var(file, &at(&format!("{prefix}measure")), v, vars));
            }
        }
        if let CriterionMeasure::UnitsShare { level, .. } | CriterionMeasure::UnitsCount { level, .. } = &p.measure {
            if *level <= c.level {
                return Err(CatalogueError::new(file, at(&format!("{prefix}measure")), format!("a measure over {level} units belongs to a criterion of a higher level")));
            }
        }
        if let CriterionMeasure::Events(e) = &p.measure {
            if e.kinds.is_empty() {
                return Err(CatalogueError::new(file, at(&format!("{prefix}measure.events.kinds")), "name at least one event kind"));
            }
            if let EventWindow::Phase(id) = &e.window {
                if !phases.iter().any(|(ph, _)| &ph.id == id) {
                    return Err(CatalogueError::new(file, at(&format!("{prefix}measure.events.window")), format!("unknown phase '{id}' (phases are defined before the criteria that use them)")));
                }
            }
        }
        let rp = |k: &str| at(&format!("{prefix}rule.{k}"));
        if p.rule.change.is_some() || p.rule.baseline.is_some() {
            return Err(CatalogueError::new(file, rp("baseline"), "a criterion compares with a number, or with 'baseline' and the criterion's baseline = \"entry\""));
        }
        if p.rule.stretch.is_some() {
            return Err(CatalogueError::new(file, rp("stretch"), "a criterion has no stretch level"));
        }
        match (&p.rule.value, p.baseline) {
            (RuleValue::Baseline, None) => return Err(CatalogueError::new(file, at(&format!("{prefix}baseline")), "value 'baseline' needs baseline = \"entry\"")),
            (RuleValue::Fixed(_), Some(_)) => return Err(CatalogueError::new(file, at(&format!("{prefix}baseline")), "a baseline is used by value 'baseline'")),
            (RuleValue::Baseline, Some(_)) if p.measure.events().is_some() || p.measure.is_fraction() => {
                return Err(CatalogueError::new(file, at(&format!("{prefix}baseline")), "only a value measure compares with its figure at entry"))
            }
            _ => {}
        }
    }
    Ok(())
}

fn check_task(file: &str, i: usize, t: &Task, doc: &Document) -> Result<(), CatalogueError> {
    let at = |k: &str| format!("task[{i}].{k}");
    if !t.id.starts_with(&format!("{}.", doc.id)) {
        return Err(CatalogueError::new(file, at("id"), format!("task id '{}' must start with the document id '{}.'", t.id, doc.id)));
    }
    if t.lead.is_empty() {
        return Err(CatalogueError::new(file, at("lead"), "a task names the unit that leads it"));
    }
    if t.due.is_empty() {
        return Err(CatalogueError::new(file, at("due"), "a task is due at least once"));
    }
    let ends: Vec<chrono::NaiveDate> = t.due.iter().map(|p| crate::tasks::window(p, doc.date).1).collect();
    if ends.iter().zip(ends.iter().skip(1)).any(|(a, b)| a > b) {
        return Err(CatalogueError::new(file, at("due"), "list the occurrences in the order they fall due"));
    }
    Ok(())
}

/// Which way a rule points: a floor is met by larger values, a ceiling by smaller.
fn is_floor(c: Comparator) -> Option<bool> {
    match c {
        Comparator::AtLeast | Comparator::MoreThan => Some(true),
        Comparator::LessThan | Comparator::AtMost => Some(false),
        Comparator::Equal => None,
    }
}

/// Targets that share an indicator must measure the same thing the same way,
/// so that "the most demanding" is well defined.
fn check_indicators(targets: &[CatalogueTarget]) -> Result<(), CatalogueError> {
    let mut first: HashMap<&str, &CatalogueTarget> = HashMap::new();
    for t in targets {
        let Some(prev) = first.get(t.target.indicator.as_str()) else {
            first.insert(&t.target.indicator, t);
            continue;
        };
        let same = match (&prev.target.measure, &prev.target.rule, &t.target.measure, &t.target.rule) {
            (Some(m1), Some(r1), Some(m2), Some(r2)) => {
                serde_json::to_value(m1).ok() == serde_json::to_value(m2).ok()
                    && r1.change == r2.change
                    && std::mem::discriminant(&r1.value) == std::mem::discriminant(&r2.value)
                    && is_floor(r1.comparator).is_some()
                    && is_floor(r1.comparator) == is_floor(r2.comparator)
            }
            _ => false,
        };
        if !same {
            return Err(CatalogueError::new(
                &t.file,
                format!("target '{}'.indicator", t.target.id),
                format!(
                    "shares indicator '{}' with '{}' but measures it differently; targets of one indicator need the same measure, the same kind of rule and the same direction",
                    t.target.indicator, prev.target.id
                ),
            ));
        }
    }
    Ok(())
}

fn allocation_warnings(a: &Allocation, doc: &Document, targets: &[CatalogueTarget]) -> Vec<Warning> {
    let mut out = Vec::new();
    for c in &a.columns {
        let sum: Exact = a.rows.iter().filter_map(|r| r.values.get(&c.key).cloned()).sum();
        if sum != c.stated_total {
            out.push(Warning::new(
                "allocation_sum",
                format!(
                    "{} ({}), cột '{}': các dòng cộng lại được {}, dòng tổng ghi {}; không tự chọn một trong hai số",
                    a.table_vi, doc.number, c.name_vi, sum, c.stated_total
                ),
                format!(
                    "{} ({}), column '{}' ({}): the rows add up to {}, the total row says {}; neither number is picked silently",
                    a.table_en, doc.number, c.name_vi, c.name_en, sum, c.stated_total
                ),
            ).from(Source::Catalogue));
        }
        let rule = targets.iter().find(|t| t.target.id == c.target).and_then(|t| match &c.part {
            Some(k) => t.target.parts.iter().find(|p| p.key.as_ref() == Some(k)).map(|p| &p.rule),
            None => t.target.rule.as_ref(),
        });
        let target_value = match rule {
            Some(Rule { value: RuleValue::Fixed(v), .. }) => Some(v.clone()),
            _ => None,
        };
        if let Some(v) = target_value {
            if v != c.stated_total {
                out.push(Warning::new(
                    "allocation_target",
                    format!("{} ({}), cột '{}': dòng tổng ghi {}, chỉ tiêu {} ghi {}", a.table_vi, doc.number, c.name_vi, c.stated_total, c.target, v),
                    format!("{} ({}), column '{}': the total row says {}, target {} says {}", a.table_en, doc.number, c.name_en, c.stated_total, c.target, v),
                ).from(Source::Catalogue));
            }
        }
    }
    out
}
