//! Recognition of drug-free communes and districts (Kế hoạch 50/KH-UBND):
//! selection at a date S, certification at a review date R, keep-clean, the
//! programme targets of the year, the gaps that stand in the way, and an
//! append-only decision log.
//!
//! Nothing here knows a criterion: every criterion is a `[[criterion]]` of the
//! catalogue (kh50.toml), measured on dated facts and decided by the same
//! `evaluation::judge` that decides targets, explained in the same words.
//!
//! Inputs are three files:
//! - figures: observations whose period is a day (`unit_code,period,...` with
//!   `period` = 2024-12-10), read "as they stand" at a date: for each unit and
//!   variable, the latest figure on or before it;
//! - events: `date,unit_code,kind,residence,severity,note`;
//! - the register: `unit_code,track,entry_date,certified_on,lost_on` and figures
//!   at entry named `<variable>_at_entry`.

mod criteria;
mod events;
pub mod log;
pub(crate) mod records;
mod register;
mod report;
mod succession;
pub mod window;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};

use crate::catalogue::{Catalogue, Criterion, Stage, Track};
use crate::error::{DataError, Error, Location};
use crate::evaluation::{evaluate, synthetic_warning, Outcome, Status, UnitFilter};
use crate::exact::Exact;
use crate::observations::{Dataset, DatasetBuilder, Resolver};
use crate::period::Period;
use crate::table::Source;
use crate::units::{Level, Unit, UnitId, UnitRegistry};
use crate::warning::Warning;

pub use criteria::{CriterionOutcome, Gap, PartOutcome};
pub use events::{Event, Events};
pub use register::{Entry, Register};
pub use report::{Decision, Operation, Report, UnitDecision};
pub use window::Window;

use criteria::{combine, Facts, FigureIndex, Standing};
use events::EventsByUnit;
use succession::Inherited;

/// The dated facts a recognition run reads.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    pub figures: Dataset,
    pub events: Events,
    pub register: Register,
}

impl Inputs {
    pub fn new(figures: Dataset, events: Events, register: Register) -> Inputs {
        Inputs { figures, events, register }
    }

    /// Reads the three files (`.csv`, `.json` or a workbook each, a path
    /// ending in `#Sheet` naming the sheet); an absent one is empty.
    pub fn from_paths(figures: Option<&Path>, events: Option<&Path>, register: Option<&Path>, cat: &Catalogue, units: &UnitRegistry) -> Result<Inputs, DataError> {
        let source = |p: Option<&Path>| p.map(|p| Source::new(p, None)).transpose();
        Inputs::from_sources(source(figures)?.as_ref(), source(events)?.as_ref(), source(register)?.as_ref(), cat, units)
    }

    /// Reads the three inputs from their files and sheets. One workbook may
    /// hold all three: each is read from the sheet named, or else from the
    /// first sheet whose header it recognises.
    pub fn from_sources(figures: Option<&Source>, events: Option<&Source>, register: Option<&Source>, cat: &Catalogue, units: &UnitRegistry) -> Result<Inputs, DataError> {
        Ok(Inputs {
            figures: match figures {
                Some(s) => Dataset::from_source(s, cat, units)?,
                None => Dataset::default(),
            },
            events: match events {
                Some(s) => Events::from_source(s, cat, units)?,
                None => Events::default(),
            },
            register: match register {
                Some(s) => Register::from_source(s, cat, units)?,
                None => Register::default(),
            },
        })
    }

    /// Reads texts given as (file name, text); a name ending in `.json` is JSON, else CSV.
    pub fn from_texts(figures: Option<(&str, &str)>, events: Option<(&str, &str)>, register: Option<(&str, &str)>, cat: &Catalogue, units: &UnitRegistry) -> Result<Inputs, DataError> {
        let json = |n: &str| n.to_ascii_lowercase().ends_with(".json");
        Ok(Inputs {
            figures: match figures {
                Some((n, t)) if json(n) => Dataset::from_json_str(t, n, cat, units)?,
                Some((n, t)) => Dataset::from_csv_str(t, n, cat, units)?,
                None => Dataset::default(),
            },
            events: match events {
                Some((n, t)) if json(n) => Events::from_json_str(t, n, cat, units)?,
                Some((n, t)) => Events::from_csv_str(t, n, cat, units)?,
                None => Events::default(),
            },
            register: match register {
                Some((n, t)) if json(n) => Register::from_json_str(t, n, cat, units)?,
                Some((n, t)) => Register::from_csv_str(t, n, cat, units)?,
                None => Register::default(),
            },
        })
    }

    /// True for the built-in synthetic sample.
    pub fn synthetic(&self) -> bool {
        self.figures.synthetic
    }

    /// A name for reports: the three files.
    pub fn name(&self) -> String {
        let names: Vec<&str> = [&self.figures.name, &self.events.name, &self.register.name].into_iter().filter(|n| !n.is_empty()).map(String::as_str).collect();
        let mut uniq: Vec<&str> = Vec::new();
        for n in names {
            if !uniq.contains(&n) {
                uniq.push(n);
            }
        }
        uniq.join(" + ")
    }

    pub fn warnings(&self) -> Vec<Warning> {
        let mut w = Vec::new();
        if self.synthetic() {
            w.push(synthetic_warning());
        }
        w.extend(self.figures.warnings().iter().cloned());
        w.extend(self.events.warnings().iter().cloned());
        w.extend(self.register.warnings().iter().cloned());
        w
    }

    /// The normalised inputs as one text: figures, events and register, each
    /// sorted, numbers as exact fractions. Order and layout of the files do not
    /// change it; any figure, date or kind does.
    pub fn canonical_text(&self) -> String {
        let mut s = String::from("chitieu certification inputs v1\n[figures]\n");
        for (u, p, v, x) in self.figures.records() {
            s.push_str(&format!("{u}\t{p}\t{v}\t{}\n", x.fraction_text()));
        }
        s.push_str("[events]\n");
        let mut ev: Vec<String> = self.events.all().iter().map(|e| e.canonical()).collect();
        ev.sort();
        for l in ev {
            s.push_str(&l);
            s.push('\n');
        }
        s.push_str("[register]\n");
        for l in self.register.canonical() {
            s.push_str(&l);
            s.push('\n');
        }
        s
    }

    /// SHA-256 of `canonical_text()`, in hex.
    pub fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.canonical_text().as_bytes()))
    }
}

/// The criteria of a scheme (a document id such as "kh50").
fn scheme_criteria<'c>(cat: &'c Catalogue, scheme: &str) -> Result<Vec<&'c Criterion>, Error> {
    let v: Vec<&Criterion> = cat.criteria().filter(|(_, d)| d.id == scheme).map(|(c, _)| c).collect();
    if v.is_empty() {
        let known: BTreeSet<&str> = cat.criteria().map(|(_, d)| d.id.as_str()).collect();
        return Err(Error::NotFound(format!("no criteria for scheme '{scheme}'; schemes with criteria: {}", known.into_iter().collect::<Vec<_>>().join(", "))));
    }
    Ok(v)
}

/// Figures as they stand at `date` for the units in force that day, with derived drug-free flags.
fn snapshot(cat: &Catalogue, units: &UnitRegistry, figures: &Dataset, index: &FigureIndex, date: NaiveDate, flags: &[(String, Option<bool>)]) -> Result<Dataset, DataError> {
    let name = if figures.name.is_empty() { "figures".to_string() } else { figures.name.clone() };
    let mut b = DatasetBuilder::new(&name, cat, units);
    let mut ids: Vec<UnitId> = index.units().filter(|u| units.unit(*u).valid_on(date)).collect();
    ids.sort_by(|a, b| units.unit(*a).code.cmp(&units.unit(*b).code));
    for id in ids {
        let unit = &units.unit(id).code;
        let Some((d, report)) = index.report(id, date) else { continue };
        let mut vars: Vec<(&String, &Exact)> = report.iter().collect();
        vars.sort();
        // The figures were checked when read; a place per report day (not per
        // unit: the builder's messages name the unit) keeps a national snapshot cheap.
        let place = Location::file(&format!("{name} (figures of {d})"));
        for (var, x) in vars {
            if var == "drug_free" {
                continue;
            }
            let loc = place.clone().at_column(var);
            b.add_exact(unit, Period::Day(date), var, x.clone(), loc)?;
        }
    }
    for (u, f) in flags {
        if let Some(f) = f {
            b.add_exact(u, Period::Day(date), "drug_free", Exact::from_int(*f as i64), Location::file("register"))?;
        }
    }
    let mut ds = b.finish()?;
    ds.name = figures.name.clone();
    ds.synthetic = figures.synthetic;
    Ok(ds)
}

/// Met if every criterion of one alternative is met (criteria without an
/// alternative belong to all); no data if that may still happen; else not met.
fn unit_status(outcomes: &[CriterionOutcome]) -> Status {
    let deciding: Vec<&CriterionOutcome> = outcomes.iter().filter(|o| o.decides).collect();
    if deciding.is_empty() {
        return Status::NoData;
    }
    let base: Vec<Status> = deciding.iter().filter(|o| o.alternative.is_none()).map(|o| o.status).collect();
    let mut alts: Vec<&str> = deciding.iter().filter_map(|o| o.alternative.as_deref()).collect();
    alts.sort();
    alts.dedup();
    if alts.is_empty() {
        return combine(base.into_iter());
    }
    let results: Vec<Status> = alts
        .iter()
        .map(|a| combine(base.iter().cloned().chain(deciding.iter().filter(|o| o.alternative.as_deref() == Some(a)).map(|o| o.status))))
        .collect();
    if results.contains(&Status::Met) {
        Status::Met
    } else if results.contains(&Status::NoData) {
        Status::NoData
    } else {
        Status::NotMet
    }
}

fn decide_unit(facts: &Facts, crit: &[&Criterion], stage: Stage, unit: &Unit, st: Standing, op: Operation, inherited: Option<CriterionOutcome>) -> UnitDecision {
    let outcomes: Vec<CriterionOutcome> = inherited
        .into_iter()
        .chain(crit.iter().filter(|c| c.stage == stage && c.level == unit.level && facts.applies(c, &st)).map(|c| facts.judge_criterion(c, unit, &st)))
        .collect();
    let status = unit_status(&outcomes);
    let decision = match (op, status) {
        (Operation::Select, Status::Met) => Decision::Eligible,
        (Operation::Select, Status::NotMet) => Decision::NotEligible,
        (_, Status::Met) => Decision::Certified,
        (_, Status::NotMet) => Decision::NotCertified,
        (_, _) => Decision::NoData,
    };
    let gaps: Vec<Gap> = if status == Status::Met {
        Vec::new()
    } else {
        outcomes.iter().filter(|o| o.decides).flat_map(|o| o.gaps.iter().cloned()).collect()
    };
    let lost_on = if stage == Stage::Keep && decision == Decision::NotCertified {
        outcomes.iter().flat_map(|o| o.parts.iter()).flat_map(|p| p.events.iter()).map(|e| e.date).min()
    } else {
        None
    };
    let (mut decision, mut gaps, mut lost_on) = (decision, gaps, lost_on);
    if let Some(l) = st.held.and_then(|e| e.lost_on).filter(|l| *l <= facts.date) {
        decision = Decision::NotCertified;
        lost_on = Some(lost_on.map_or(l, |x| x.min(l)));
        gaps.insert(
            0,
            Gap {
                criterion: "register".to_string(),
                need: None,
                text_vi: format!("sổ theo dõi ghi mất công nhận ngày {}; cần đưa vào diện xây dựng lại", window::date_text(l, crate::Lang::Vi)),
                text_en: format!("the register records the recognition lost on {}; the unit must re-enter the programme", window::date_text(l, crate::Lang::En)),
            },
        );
    }
    let district = facts.version(unit).and_then(|id| facts.units.parent_of(id)).map(|p| facts.units.unit(p)).filter(|p| p.level == Level::District);
    let entry = st.held.or(st.entry);
    UnitDecision {
        unit: unit.code.clone(),
        name: unit.name.clone(),
        level: unit.level,
        district: district.map(|d| d.code.clone()),
        district_name: district.map(|d| d.name.clone()),
        stage,
        track: entry.map(|e| e.track),
        entry_date: entry.map(|e| e.entry_date),
        certified_on: st.held.and_then(|e| e.certified_on),
        lost_on,
        status: decision,
        criteria: outcomes,
        gaps,
    }
}

/// The units of a level in force on a day.
fn units_at(units: &UnitRegistry, level: Level, date: NaiveDate) -> Vec<&Unit> {
    units.in_force(date).map(|u| units.unit(u)).filter(|u| u.level == level).collect()
}

/// The level of the unit a code named on a day.
fn level_on(units: &UnitRegistry, code: &str, date: NaiveDate) -> Option<Level> {
    units.resolve_on(code, date).map(|(u, _)| units.unit(u).level)
}

/// Warnings where the register disagrees with the numbers of the roadmap
/// ("42 make-clean communes in 2024"): reported, never corrected.
fn phase_warnings(cat: &Catalogue, units: &UnitRegistry, scheme: &str, reg: &Register) -> Vec<Warning> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (p, d) in cat.phases() {
        let Some(track) = p.track else { continue };
        if d.id != scheme {
            continue;
        }
        let year = p.from.year();
        for (level, expected) in [(Level::Commune, p.communes), (Level::District, p.districts)] {
            let Some(expected) = expected else { continue };
            if !seen.insert((track, year, level)) {
                continue;
            }
            let n = reg.entries().iter().filter(|e| e.track == track && e.entry_date.year() == year && level_on(units, &e.unit, e.entry_date) == Some(level)).count();
            if reg.entries().is_empty() || n == expected as usize {
                continue;
            }
            out.push(Warning::new(
                "register_vs_roadmap",
                format!("{}: sổ theo dõi có {n} {} theo hướng {} vào năm {year}, {} ({}) ghi {expected}", reg.name, level.name(crate::Lang::Vi), track.as_str(), p.clause_vi, d.number),
                format!("{}: the register has {n} {}s on track {} entering in {year}; {} of {} says {expected}", reg.name, level, track.as_str(), p.clause_en, d.number),
            ));
        }
    }
    out
}

/// A warning when the scheme names the days its reviews are held in (phases
/// with `review = true`: "tháng 12/2024 và tháng 12/2025") and `as_of` falls
/// in none of them. The review is still run: the date is the user's call.
fn review_date_warning(cat: &Catalogue, scheme: &str, as_of: NaiveDate) -> Option<Warning> {
    let reviews: Vec<(&crate::catalogue::Phase, &crate::catalogue::Document)> = cat.phases().filter(|(p, d)| p.review && d.id == scheme).collect();
    let (first, doc) = reviews.first()?;
    if reviews.iter().any(|(p, _)| p.from <= as_of && p.to.map_or(true, |t| as_of <= t)) {
        return None;
    }
    let lang_windows = |lang: crate::Lang| {
        reviews
            .iter()
            .map(|(p, _)| match p.to {
                Some(t) => Window::inclusive(p.from, t).text(lang),
                None => window::date_text(p.from, lang),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    Some(Warning::new(
        "review_date_outside_window",
        format!(
            "Ngày xem xét {} không thuộc thời gian xem xét, công nhận của {} {} ({}: {})",
            window::date_text(as_of, crate::Lang::Vi),
            doc.kind.name(crate::Lang::Vi),
            doc.number,
            first.clause_vi,
            lang_windows(crate::Lang::Vi)
        ),
        format!(
            "the review date {} is outside the recognition rounds of {} {} ({}: {})",
            window::date_text(as_of, crate::Lang::En),
            doc.kind.name(crate::Lang::En),
            doc.number,
            first.clause_en,
            lang_windows(crate::Lang::En)
        ),
    ))
}

fn new_report(cat: &Catalogue, units: &UnitRegistry, inputs: &Inputs, scheme: &str, op: Operation, as_of: NaiveDate) -> Report {
    let mut warnings = inputs.warnings();
    warnings.extend(units.warnings().iter().cloned());
    warnings.extend(phase_warnings(cat, units, scheme, &inputs.register));
    Report {
        chitieu_version: crate::VERSION.to_string(),
        operation: op,
        scheme: scheme.to_string(),
        document: cat.document(scheme).map(|d| d.number.clone()).unwrap_or_default(),
        catalogue: cat.version_label(),
        as_of,
        year: None,
        dataset: inputs.name(),
        synthetic: inputs.synthetic(),
        inputs_sha256: inputs.digest(),
        warnings,
        communes: Vec::new(),
        districts: Vec::new(),
        programme: Vec::new(),
    }
}

/// Selection at date `as_of` (S): every commune with its eligibility and each
/// criterion's outcome (Mục II.4.1); every district by Mục II.4.2.
pub fn select(cat: &Catalogue, units: &UnitRegistry, inputs: &Inputs, scheme: &str, as_of: NaiveDate) -> Result<Report, Error> {
    window::check_date(as_of)?;
    cat.check_units(units)?;
    let crit = scheme_criteria(cat, scheme)?;
    let index = FigureIndex::new(&inputs.figures);
    let reg = &inputs.register;
    let inherited: Vec<Inherited> = units_at(units, Level::Commune, as_of).into_iter().filter_map(|u| Inherited::of(units, reg, u, as_of)).collect();
    let flags: Vec<(String, Option<bool>)> = units_at(units, Level::Commune, as_of)
        .into_iter()
        .chain(units_at(units, Level::District, as_of))
        .map(|u| (u.code.clone(), Some(reg.held_on(u, as_of).is_some() || inherited.iter().any(|i| i.unit.code == u.code && i.kept()))))
        .collect();
    let snap = snapshot(cat, units, &inputs.figures, &index, as_of, &flags)?;
    let by_unit = EventsByUnit::new(&inputs.events, units);
    let facts = Facts { cat, units, date: as_of, resolver: Resolver::new(&snap, units, cat), index: &index, events: &by_unit, register: &inputs.register };
    let mut report = new_report(cat, units, inputs, scheme, Operation::Select, as_of);
    for level in [Level::Commune, Level::District] {
        let decided: Vec<UnitDecision> = units_at(units, level, as_of)
            .into_iter()
            .map(|u| {
                let st = Standing { entry: reg.entry_at(u, as_of), held: reg.held_on(u, as_of), predecessors: Vec::new() };
                decide_unit(&facts, &crit, Stage::Select, u, st, Operation::Select, None)
            })
            .collect();
        match level {
            Level::Commune => report.communes = decided,
            _ => report.districts = decided,
        }
    }
    Ok(report)
}

/// The drug-free flag a decision gives a unit: certified → yes; not certified,
/// or never in the programme → no; otherwise unknown.
fn drug_free_flag(d: &UnitDecision) -> Option<bool> {
    match d.status {
        Decision::Certified => Some(true),
        Decision::NotCertified => Some(false),
        _ if d.track.is_none() => Some(false),
        _ => None,
    }
}

/// Certification at review date `as_of` (R): every commune and district,
/// certified / not certified / no data, with each criterion's outcome, its
/// facts and, for those not certified, the gaps. A unit that holds an earlier
/// recognition is judged by the keep-clean criteria instead. The report also
/// carries the programme targets of R's year.
pub fn certify(cat: &Catalogue, units: &UnitRegistry, inputs: &Inputs, scheme: &str, as_of: NaiveDate) -> Result<Report, Error> {
    window::check_date(as_of)?;
    cat.check_units(units)?;
    let crit = scheme_criteria(cat, scheme)?;
    let index = FigureIndex::new(&inputs.figures);
    let reg = &inputs.register;
    // A unit holding a recognition is judged by keep-clean; so is one whose
    // latest entry's recognition the register says was lost (it stays not
    // certified until a newer entry puts it back on a track); so is a unit
    // formed by a reform from recognised units, with no entry of its own
    // (`Inherited`).
    let inherited: Vec<Inherited> = units_at(units, Level::Commune, as_of).into_iter().filter_map(|u| Inherited::of(units, reg, u, as_of)).collect();
    let standing = |u: &Unit| -> (Stage, Standing, Option<CriterionOutcome>) {
        if let Some(i) = inherited.iter().find(|i| i.unit.code == u.code) {
            return (Stage::Keep, Standing { entry: Some(&i.entry), held: Some(&i.entry), predecessors: i.since() }, Some(i.outcome(units)));
        }
        let entry = reg.entry_at(u, as_of);
        let lost = entry.filter(|e| e.certified_on.is_some_and(|c| c <= as_of) && e.lost_on.is_some_and(|l| l <= as_of));
        let held = reg.held_on(u, as_of).or(lost);
        let stage = if held.is_some() { Stage::Keep } else { Stage::Certify };
        (stage, Standing { entry, held, predecessors: Vec::new() }, None)
    };
    let mut report = new_report(cat, units, inputs, scheme, Operation::Certify, as_of);
    report.warnings.extend(review_date_warning(cat, scheme, as_of));

    let snap = snapshot(cat, units, &inputs.figures, &index, as_of, &[])?;
    let by_unit = EventsByUnit::new(&inputs.events, units);
    let facts = Facts { cat, units, date: as_of, resolver: Resolver::new(&snap, units, cat), index: &index, events: &by_unit, register: reg };
    report.communes = units_at(units, Level::Commune, as_of)
        .into_iter()
        .map(|u| {
            let (stage, st, inh) = standing(u);
            decide_unit(&facts, &crit, stage, u, st, Operation::Certify, inh)
        })
        .collect();

    let flags: Vec<(String, Option<bool>)> = report.communes.iter().map(|d| (d.unit.clone(), drug_free_flag(d))).collect();
    let snap2 = snapshot(cat, units, &inputs.figures, &index, as_of, &flags)?;
    let facts2 = Facts { resolver: Resolver::new(&snap2, units, cat), ..facts };
    report.districts = units_at(units, Level::District, as_of)
        .into_iter()
        .map(|u| {
            let (stage, st, inh) = standing(u);
            decide_unit(&facts2, &crit, stage, u, st, Operation::Certify, inh)
        })
        .collect();

    report.year = Some(as_of.year());
    report.programme = programme_outcomes(cat, units, inputs, scheme, as_of.year(), &report)?;
    Ok(report)
}

/// The programme report of `year`: recognition at `as_of` (default 31 December
/// of the year), then the scheme's programme targets evaluated like any target
/// on the counts derived from the register and the decisions.
pub fn programme(cat: &Catalogue, units: &UnitRegistry, inputs: &Inputs, scheme: &str, year: i32, as_of: Option<NaiveDate>) -> Result<Report, Error> {
    if !crate::period::year_in_range(year) {
        return Err(Error::Invalid(format!("the year {year} is outside the years {}-{}", crate::period::FIRST_YEAR, crate::period::LAST_YEAR)));
    }
    let r = match as_of {
        Some(d) if d.year() != year => return Err(Error::Invalid(format!("the review date {d} is not in {year}"))),
        Some(d) => d,
        None => NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| Error::Invalid(format!("no year {year}")))?,
    };
    let mut report = certify(cat, units, inputs, scheme, r)?;
    report.operation = Operation::Programme;
    Ok(report)
}

/// The province figures the programme targets read (kh50_communes_selected ...
/// and drug_free per unit), derived from the register and the decisions.
pub fn programme_dataset(cat: &Catalogue, units: &UnitRegistry, inputs: &Inputs, year: i32, report: &Report) -> Result<Dataset, DataError> {
    let reg = &inputs.register;
    let before = year
        .checked_sub(1)
        .and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31))
        .ok_or_else(|| DataError::new(Location::file(&inputs.name()), format!("no year before {year}")))?;
    let status: HashMap<&str, Decision> = report.communes.iter().chain(report.districts.iter()).map(|d| (d.unit.as_str(), d.status)).collect();
    let certified = |code: &str| status.get(code) == Some(&Decision::Certified);
    let mut selected: Vec<&str> = reg
        .entries()
        .iter()
        .filter(|e| e.track == Track::MakeClean && e.entry_date.year() == year && level_on(units, &e.unit, e.entry_date) == Some(Level::Commune))
        .map(|e| e.unit.as_str())
        .collect();
    selected.sort();
    selected.dedup();
    let previously = |level: Level| -> Vec<&Unit> { units_at(units, level, before).into_iter().filter(|u| reg.held_on(u, before).is_some()).collect() };
    let prev_c = previously(Level::Commune);
    let prev_d = previously(Level::District);
    // A unit recognised before keeps it when it is certified now, or, if a
    // reform has ended it since, when every unit its territory went into is.
    let kept = |u: &Unit| -> bool {
        if u.valid_on(report.as_of) {
            return certified(&u.code);
        }
        let Some((id, _)) = units.resolve_on(&u.code, before) else { return false };
        let leaves: Vec<crate::units::UnitId> = if u.level == Level::Commune { vec![id] } else { units.descendants_at_during(id, Level::Commune, Some(&Period::Day(before))) };
        !leaves.is_empty()
            && leaves.iter().all(|c| {
                let last = units.unit(*c).valid_to.unwrap_or(report.as_of);
                match crate::conversion::routes(units, &crate::conversion::Shares::none(), *c, last, report.as_of) {
                    Ok(rs) => !rs.is_empty() && rs.iter().all(|r| certified(&units.unit(r.target).code)),
                    Err(_) => false,
                }
            })
    };
    let count = |n: usize| Exact::from_int(n as i64);
    let root = units.roots().next().map(|u| u.code.clone()).unwrap_or_default();
    let name = format!("{} (derived for {year})", inputs.name());
    let mut b = DatasetBuilder::new(&name, cat, units);
    let p = Period::Year(year);
    let loc = Location::file(&name);
    let derived = [
        ("kh50_communes_selected", count(selected.len())),
        ("kh50_communes_certified", count(selected.iter().filter(|c| certified(c)).count())),
        ("kh50_communes_previously_certified", count(prev_c.len())),
        ("kh50_communes_kept", count(prev_c.iter().filter(|u| kept(u)).count())),
        ("kh50_districts_previously_certified", count(prev_d.len())),
        ("kh50_districts_kept", count(prev_d.iter().filter(|u| kept(u)).count())),
    ];
    for (var, x) in derived {
        if cat.variable(var).is_some() {
            b.add_exact(&root, p, var, x, loc.clone())?;
        }
    }
    // The flags belong to the units of the review date's structure.
    let structure = units.structure_on(report.as_of).filter(|_| !units.single_structure()).map(|s| s.label.clone());
    for d in report.communes.iter().chain(report.districts.iter()) {
        if let Some(f) = drug_free_flag(d) {
            b.add_exact_in(&d.unit, p, structure.as_deref(), "drug_free", Exact::from_int(f as i64), loc.clone())?;
        }
    }
    let mut ds = b.finish()?;
    ds.synthetic = inputs.synthetic();
    Ok(ds)
}

fn programme_outcomes(cat: &Catalogue, units: &UnitRegistry, inputs: &Inputs, scheme: &str, year: i32, report: &Report) -> Result<Vec<Outcome>, Error> {
    let ds = programme_dataset(cat, units, inputs, year, report)?;
    let indicators: BTreeSet<&str> = cat.targets().iter().filter(|t| cat.document_of(t).id == scheme).map(|t| t.target.indicator.as_str()).collect();
    let ev = evaluate(cat, units, &ds, Period::Year(year), &UnitFilter::Root)?;
    Ok(ev.outcomes.into_iter().filter(|o| indicators.contains(o.indicator())).collect())
}
