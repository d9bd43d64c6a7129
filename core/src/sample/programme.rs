//! The 2024 drug-free programme of the built-in sample: SYNTHETIC dated
//! figures, events and a register for Plan 50/KH-UBND, deterministic (one
//! ChaCha8 seed), shaped like the plan's roadmap:
//!
//! - 34 keep-clean communes (recognised for 2023) and 2 keep-clean districts
//!   (Cô Tô and Ba Chẽ, whose communes are all among the 34);
//! - 42 make-clean communes entering on 2024-05-01 after the crackdown phase,
//!   all of Bình Liêu among them, with events across 2023-2024;
//! - the other 95 communes outside the programme, with their own figures and
//!   events, so that selection at any date of 2024-2025 has something to choose.
//!
//! The communes are those of the December 2024 review: 171, since six were
//! merged into others on 1/11/2024 (Nghị quyết 1199/NQ-UBTVQH15; Minh Cầm into
//! Lương Mông, so Ba Chẽ has seven).
//!
//! Some make-clean communes fail for different reasons (an offence by a
//! temporary resident inside the window, households not signed, addicts without
//! a record, more addicts and users than at entry, a drug-psychosis incident,
//! suspected users not tested, a hotspot, relapse not detected in time, a
//! missing figure), some pass despite an event that does not count (before the
//! window, by a non-resident), and one keep-clean commune loses its status, so
//! the list at 2024-12-15 reads like a real one. Nothing here is a real figure
//! of Quảng Ninh: the figures carry `synthetic = true` and every report says so.
//!
//! The sample names Quảng Ninh's districts and communes, so it needs the
//! built-in unit registry: with any other registry `generate` says so
//! (`Error::Invalid`) instead of guessing which units to use.

use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::catalogue::{Catalogue, EventKind, Residence, Severity, Track};
use crate::certification::{Entry, Event, Events, Inputs, Register};
use crate::error::{Error, Location};
use crate::exact::Exact;
use crate::observations::DatasetBuilder;
use crate::period::Period;
use crate::units::{Level, UnitRegistry};

/// The name the programme sample carries in every report.
pub const NAME: &str = "built-in synthetic sample: 2024 drug-free programme (not real data)";

/// Dates of the sample's figures: before the 2024 selection, and before the December review.
pub const JANUARY: &str = "2024-01-10";
pub const DECEMBER: &str = "2024-12-10";

/// A failure of the sample itself (a bug: the sample is fixed data).
fn broken(what: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("the built-in programme sample is broken ({what}); please report it"))
}

fn day(s: &str) -> Result<NaiveDate, Error> {
    s.parse().map_err(|_| broken(format!("date {s}")))
}

/// The first `n` units of a list, and the rest.
fn split(units: &[String], n: usize) -> Result<(&[String], &[String]), Error> {
    if units.len() < n {
        return Err(broken(format!("fewer than {n} communes in a district")));
    }
    Ok(units.split_at(n))
}

/// The `i`-th unit of a list.
fn nth(units: &[String], i: usize) -> Result<&String, Error> {
    units.get(i).ok_or_else(|| broken(format!("no commune {i}")))
}

/// The sample for the built-in catalogue and units.
pub fn inputs() -> Result<Inputs, Error> {
    generate(&Catalogue::builtin(), &UnitRegistry::builtin())
}

/// Refuses a registry other than the built-in one: the sample names its units.
fn check_registry(units: &UnitRegistry) -> Result<(), Error> {
    if units.units() == UnitRegistry::builtin().units() {
        return Ok(());
    }
    Err(Error::Invalid(
        "the built-in programme sample is made of Quảng Ninh's 2024 communes and districts and works only with the built-in unit registry; \
         with another registry (--units), give your own figures, events and register (--data, --events, --register)"
            .into(),
    ))
}

/// What one commune looks like in December.
#[derive(Clone)]
struct Commune {
    code: String,
    hotspots: i64,
    /// Whether a single hotspot is a simple one (not "phức tạp", which
    /// selection counts); several always are complex.
    single_is_simple: bool,
    transformation: bool,
    addicts: i64,
    in_rehab: i64,
    with_record: i64,
    users: i64,
    users_managed: i64,
    households: i64,
    committed: Option<i64>,
    relapse_in_time: bool,
    suspected: i64,
    tested: i64,
}

impl Commune {
    fn clean(code: &str, rng: &mut ChaCha8Rng, addicts_max: i64) -> Commune {
        let addicts = rng.gen_range(0..=addicts_max);
        let users = rng.gen_range(0..=3);
        let households = rng.gen_range(600..=3200);
        let suspected = rng.gen_range(0..=4);
        Commune {
            code: code.to_string(),
            hotspots: 0,
            single_is_simple: false,
            transformation: false,
            addicts,
            in_rehab: rng.gen_range(0..=addicts.min(1)),
            with_record: addicts,
            users,
            users_managed: users,
            households,
            committed: Some(households),
            relapse_in_time: true,
            suspected,
            tested: suspected,
        }
    }
    fn figures(&self, b: &mut DatasetBuilder, date: NaiveDate) -> Result<(), Error> {
        let p = Period::Day(date);
        let loc = Location::file(NAME);
        let mut put = |v: &str, x: i64| b.add_exact(&self.code, p, v, Exact::from_int(x), loc.clone());
        put("drug_hotspots", self.hotspots)?;
        put("complex_drug_hotspots", if self.single_is_simple && self.hotspots == 1 { 0 } else { self.hotspots })?;
        put("in_transformation_list", self.transformation as i64)?;
        put("addicts", self.addicts)?;
        put("addicts_in_community", self.addicts - self.in_rehab)?;
        put("addicts_with_record_and_rehab", self.with_record)?;
        put("users_and_post_rehab", self.users)?;
        put("users_and_post_rehab_managed", self.users_managed)?;
        put("households", self.households)?;
        if let Some(c) = self.committed {
            put("households_committed", c)?;
        }
        put("addicts_and_users", self.addicts + self.users)?;
        put("relapse_detected_in_time", self.relapse_in_time as i64)?;
        put("suspected_users", self.suspected)?;
        put("suspected_users_tested", self.tested)?;
        Ok(())
    }
}

fn random_day(rng: &mut ChaCha8Rng, from: &str, to: &str) -> Result<NaiveDate, Error> {
    let (a, b) = (day(from)?, day(to)?);
    let span = b.signed_duration_since(a).num_days().max(0);
    let n = rng.gen_range(0..=span).unsigned_abs();
    a.checked_add_days(Days::new(n)).ok_or_else(|| broken(format!("{from} + {n} days")))
}

fn offence(date: NaiveDate, unit: &str, residence: Residence, note: &str) -> Event {
    Event { date, unit: unit.to_string(), kind: EventKind::DrugOffence, residence: Some(residence), severity: None, note: (!note.is_empty()).then(|| note.to_string()), row: 0 }
}
fn case(date: NaiveDate, unit: &str, kind: EventKind, note: &str) -> Event {
    Event { date, unit: unit.to_string(), kind, residence: None, severity: None, note: (!note.is_empty()).then(|| note.to_string()), row: 0 }
}

/// Generates the sample for `cat` and `units`; `units` must be the built-in
/// registry (codes of Quảng Ninh 2024), anything else is `Error::Invalid`.
pub fn generate(cat: &Catalogue, units: &UnitRegistry) -> Result<Inputs, Error> {
    check_registry(units)?;
    let mut rng = ChaCha8Rng::seed_from_u64(50_2024);
    let (jan, dec, entry, certified, kept_from) = (day(JANUARY)?, day(DECEMBER)?, day("2024-05-01")?, day("2023-12-31")?, day("2024-01-01")?);
    // The communes of the December review: six communes merged into others
    // on 1/11/2024 are not in the sample's programme (171 communes, not 177).
    let of = |d: &str| -> Vec<String> { units.descendants_at(d, Level::Commune).iter().filter(|u| u.valid_on(dec)).map(|u| u.code.clone()).collect() };
    let (co_to, ba_che, binh_lieu, tien_yen, dam_ha, hai_ha, van_don, uong_bi, dong_trieu, quang_yen) =
        (of("207"), of("202"), of("198"), of("199"), of("200"), of("201"), of("203"), of("196"), of("205"), of("206"));

    // Vân Đồn keeps six and Uông Bí makes six: 34 and 42 among the 171 communes of December 2024.
    let ((ty_keep, ty), (dh_keep, dh), (hh_keep, hh), (vd_keep, vd)) = (split(&tien_yen, 6)?, split(&dam_ha, 6)?, split(&hai_ha, 6)?, split(&van_don, 6)?);
    let (ub, dt, qy) = (split(&uong_bi, 6)?.0, split(&dong_trieu, 5)?.0, split(&quang_yen, 5)?.0);
    let mut keep: Vec<String> = co_to.iter().chain(ba_che.iter()).cloned().collect();
    keep.extend(ty_keep.iter().chain(dh_keep).chain(hh_keep).chain(vd_keep).cloned());
    let make: Vec<String> = binh_lieu.iter().chain(ty).chain(dh).chain(hh).chain(vd).chain(ub).chain(dt).chain(qy).cloned().collect();
    debug_assert_eq!((keep.len(), make.len()), (34, 42));

    let mut figures = DatasetBuilder::new(NAME, cat, units);
    let mut events: Vec<Event> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut at_entry = DatasetBuilder::new(NAME, cat, units);

    // Keep-clean communes: clean in 2023, recognised on its last day.
    for c in &keep {
        let x = Commune::clean(c, &mut rng, 2);
        x.figures(&mut figures, jan)?;
        x.figures(&mut figures, dec)?;
        entries.push(Entry { unit: c.clone(), track: Track::KeepClean, entry_date: kept_from, certified_on: Some(certified), lost_on: None, note: None, row: 0 });
    }
    for d in ["207", "202"] {
        entries.push(Entry { unit: d.to_string(), track: Track::KeepClean, entry_date: kept_from, certified_on: Some(certified), lost_on: None, note: None, row: 0 });
    }
    events.push(case(day("2024-08-05")?, nth(&tien_yen, 0)?, EventKind::NewAddict, "giữ sạch: phát sinh người nghiện mới / keep-clean lost"));

    // The make-clean communes that fail (or pass) for a reason of their own.
    let (binh_lieu_2, ty_0, ty_1, hh_0, hh_1) = (nth(&binh_lieu, 2)?, nth(ty, 0)?, nth(ty, 1)?, nth(hh, 0)?, nth(hh, 1)?);
    let (vd_0, vd_1, ub_0, ub_1, dt_0, dt_1, qy_0, qy_1, dh_0) = (nth(vd, 0)?, nth(vd, 1)?, nth(ub, 0)?, nth(ub, 1)?, nth(dt, 0)?, nth(dt, 1)?, nth(qy, 0)?, nth(qy, 1)?, nth(dh, 0)?);

    // Make-clean communes: eligible in January (under 10 addicts, at most 2
    // resident offences in 2023), a crackdown January-April, then the window.
    for c in &make {
        let mut jan_fig = Commune::clean(c, &mut rng, 9);
        jan_fig.with_record = (jan_fig.addicts - rng.gen_range(0..=2)).max(0);
        jan_fig.figures(&mut figures, jan)?;
        for _ in 0..rng.gen_range(0..=2) {
            events.push(offence(random_day(&mut rng, "2023-01-20", "2023-12-31")?, c, Residence::Permanent, ""));
        }
        for _ in 0..rng.gen_range(0..=3) {
            let r = if rng.gen_bool(0.7) { Residence::Permanent } else { Residence::Temporary };
            events.push(offence(random_day(&mut rng, "2024-01-02", "2024-04-29")?, c, r, "giai đoạn tấn công, trấn áp / crackdown phase"));
        }
        let mut x = Commune::clean(c, &mut rng, 6);
        let entry_count = x.addicts + x.users + rng.gen_range(0..=3);
        match c {
            c if c == binh_lieu_2 => x.committed = Some(x.households - 2),
            c if c == ty_0 => events.push(offence(day("2024-07-12")?, c, Residence::Temporary, "")),
            c if c == ty_1 => events.push(case(day("2024-06-20")?, c, EventKind::NewUser, "phát hiện, đưa vào quản lý / found and managed")),
            c if c == hh_0 => {
                x.addicts = 12;
                x.in_rehab = 3;
                x.with_record = 9;
            }
            c if c == hh_1 => events.push(offence(day("2024-08-15")?, c, Residence::None, "người nơi khác / offender from elsewhere")),
            c if c == vd_0 => x.users = entry_count - x.addicts + 2,
            c if c == vd_1 => events.push(Event {
                date: day("2024-09-03")?,
                unit: c.clone(),
                kind: EventKind::SeriousIncident,
                residence: Some(Residence::Permanent),
                severity: Some(Severity::Psychosis),
                note: Some("ngáo đá / drug psychosis".into()),
                row: 0,
            }),
            c if c == ub_0 => {
                x.suspected = 7;
                x.tested = 5;
            }
            c if c == ub_1 => events.push(offence(day("2024-03-10")?, c, Residence::Permanent, "trước khi vào chương trình / before the window")),
            c if c == dt_0 => x.hotspots = 1,
            c if c == dt_1 => {
                events.push(offence(day("2024-10-20")?, c, Residence::Permanent, ""));
                x.users = 4;
                x.users_managed = 3;
            }
            c if c == qy_0 => x.relapse_in_time = false,
            c if c == qy_1 => x.committed = None,
            c if c == dh_0 => {
                x.addicts = 0;
                x.in_rehab = 0;
                x.with_record = 0;
            }
            _ => {}
        }
        x.figures(&mut figures, dec)?;
        let count = if c == vd_0 { x.addicts + x.users - 2 } else { entry_count.max(x.addicts + x.users) };
        at_entry.add_exact(c, Period::Day(entry), "addicts_and_users", Exact::from_int(count), Location::file(NAME))?;
        // By the end of the crackdown phase all are under management, but in one commune.
        let managed = if binh_lieu.first() == Some(c) { (count - 1).max(0) } else { count };
        at_entry.add_exact(c, Period::Day(entry), "addicts_and_users_managed", Exact::from_int(managed), Location::file(NAME))?;
        entries.push(Entry { unit: c.clone(), track: Track::MakeClean, entry_date: entry, certified_on: None, lost_on: None, note: None, row: 0 });
    }

    // The other communes: bigger figures, offences through 2023-2024.
    let in_programme: Vec<&String> = keep.iter().chain(make.iter()).collect();
    let ha_long = of("193");
    // RULES.md section 8 at S = 2025-01-15: 9 addicts and 2 resident offences
    // (eligible), 10 addicts (not), a third offence (not).
    let showcase = [(nth(&ha_long, 10)?, 9, 2), (nth(&ha_long, 11)?, 10, 2), (nth(&ha_long, 12)?, 9, 3)];
    for u in units.in_force(dec).map(|u| units.unit(u)).filter(|u| u.level == Level::Commune && !in_programme.contains(&&u.code)) {
        let c = &u.code;
        for date in [jan, dec] {
            let mut x = Commune::clean(c, &mut rng, 45);
            x.hotspots = if rng.gen_bool(0.3) { rng.gen_range(1..=3) } else { 0 };
            x.single_is_simple = true;
            x.transformation = rng.gen_bool(0.2);
            x.with_record = x.addicts - rng.gen_range(0..=x.addicts.min(4));
            x.users = rng.gen_range(0..=12);
            x.users_managed = x.users - rng.gen_range(0..=x.users.min(3));
            x.committed = x.committed.map(|h| h - rng.gen_range(0..=40));
            x.tested = x.suspected - rng.gen_range(0..=x.suspected.min(2));
            if let Some((_, n, _)) = showcase.iter().find(|(s, _, _)| *s == c) {
                (x.addicts, x.in_rehab, x.hotspots, x.transformation) = (*n, 0, 0, false);
                x.with_record = x.addicts;
            }
            x.figures(&mut figures, date)?;
        }
        let offences = match showcase.iter().find(|(s, _, _)| *s == c) {
            Some((_, _, k)) => {
                for d in ["2024-03-14", "2024-09-22", "2024-11-30"].into_iter().take(*k) {
                    events.push(offence(day(d)?, c, Residence::Permanent, ""));
                }
                continue;
            }
            None => rng.gen_range(0..=6),
        };
        for _ in 0..offences {
            let r = match rng.gen_range(0..20) {
                0..=11 => Residence::Permanent,
                12..=16 => Residence::Temporary,
                _ => Residence::None,
            };
            events.push(offence(random_day(&mut rng, "2023-01-01", "2024-12-14")?, c, r, ""));
        }
        for _ in 0..rng.gen_range(0..=3) {
            let k = if rng.gen_bool(0.5) { EventKind::NewAddict } else { EventKind::NewUser };
            events.push(case(random_day(&mut rng, "2023-01-01", "2024-12-14")?, c, k, ""));
        }
    }

    // Districts: organisations with a drug offender (Mục II.5.2).
    for d in units.units().iter().filter(|u| u.level == Level::District && u.valid_on(dec)) {
        let clean = ["198", "200", "202", "207"].contains(&d.code.as_str());
        let orgs = rng.gen_range(40..=400);
        let with = if clean { 0 } else { rng.gen_range(1..=6) };
        let loc = Location::file(NAME);
        figures.add_exact(&d.code, Period::Day(dec), "organisations", Exact::from_int(orgs), loc.clone())?;
        figures.add_exact(&d.code, Period::Day(dec), "organisations_with_drug_offenders", Exact::from_int(with), loc)?;
    }

    let mut figures = figures.finish()?;
    figures.synthetic = true;
    figures.name = NAME.to_string();
    let at_entry = at_entry.finish()?;
    let mut inputs = Inputs::new(figures, Events::new(events, NAME), Register::new(entries.clone(), at_entry.clone(), NAME));

    // The December 2024 round: what the review of 2024-12-15 certifies is
    // approved on 2024-12-20 and written into the register, so that the 2025
    // selection and keep-clean see it.
    if let Ok(review) = crate::certification::certify(cat, units, &inputs, "kh50", day("2024-12-15")?) {
        let approved = day(APPROVED)?;
        for u in review.units().filter(|u| u.status == crate::certification::Decision::Certified && u.certified_on.is_none()) {
            match entries.iter_mut().find(|e| e.unit == u.unit) {
                Some(e) => e.certified_on = Some(approved),
                None => entries.push(Entry { unit: u.unit.clone(), track: Track::MakeClean, entry_date: entry, certified_on: Some(approved), lost_on: None, note: None, row: 0 }),
            }
        }
        inputs.register = Register::new(entries, at_entry, NAME);
    }
    Ok(inputs)
}

/// The day the sample's December 2024 list is approved.
pub const APPROVED: &str = "2024-12-20";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certification::{certify, Decision};

    #[test]
    fn the_sample_is_deterministic_and_reads_like_a_recognition_list() {
        let (cat, units) = (Catalogue::builtin(), UnitRegistry::builtin());
        let a = generate(&cat, &units).unwrap();
        assert_eq!(a.digest(), generate(&cat, &units).unwrap().digest());
        assert!(a.synthetic());
        let r = certify(&cat, &units, &a, "kh50", day("2024-12-15").unwrap()).unwrap();
        // The approval of 2024-12-20 is in the register, after the review date.
        assert_eq!(a.register.entries().iter().filter(|e| e.certified_on == Some(day(APPROVED).unwrap())).count(), 33);
        let make: Vec<&str> = a.register.entries().iter().filter(|e| e.track == Track::MakeClean && units.get(&e.unit).unwrap().level == Level::Commune).map(|e| e.unit.as_str()).collect();
        assert_eq!(make.len(), 42);
        let status = |c: &str| r.unit(c).unwrap().status;
        let certified = make.iter().filter(|c| status(c) == Decision::Certified).count();
        let no_data = make.iter().filter(|c| status(c) == Decision::NoData).count();
        assert_eq!((certified, no_data), (32, 1));
        let districts: Vec<&str> = r.districts.iter().filter(|d| d.status == Decision::Certified).map(|d| d.unit.as_str()).collect();
        assert_eq!(districts, vec!["200", "202", "207"]);
        assert!(r.warnings.iter().any(|w| w.code == "synthetic_data"));
        assert!(!r.warnings.iter().any(|w| w.code == "register_vs_roadmap"), "{:?}", r.warnings);
    }

    #[test]
    fn another_registry_is_refused_plainly_whatever_its_shape() {
        let cat = Catalogue::builtin();
        for csv in [
            "code,name,level,division_type,parent_code\n22,Tỉnh Quảng Ninh,province,tỉnh,\n",
            "code,name,level,division_type,parent_code\n22,A,province,tỉnh,\n23,B,province,tỉnh,\n",
            "code,name,level,division_type,parent_code\n22,A,province,tỉnh,\n207,B,district,huyện,22\n",
        ] {
            let units = UnitRegistry::from_csv_str(csv, "u.csv").unwrap();
            let e = generate(&cat, &units).unwrap_err().to_string();
            assert!(e.contains("only with the built-in unit registry"), "{e}");
        }
    }
}
