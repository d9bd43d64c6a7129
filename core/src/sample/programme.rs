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

use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::catalogue::{Catalogue, EventKind, Residence, Severity, Track};
use crate::certification::{Entry, Event, Events, Inputs, Register};
use crate::error::Location;
use crate::exact::Exact;
use crate::observations::DatasetBuilder;
use crate::period::Period;
use crate::units::{Level, UnitRegistry};

/// The name the programme sample carries in every report.
pub const NAME: &str = "built-in synthetic sample: 2024 drug-free programme (not real data)";

/// Dates of the sample's figures: before the 2024 selection, and before the December review.
pub const JANUARY: &str = "2024-01-10";
pub const DECEMBER: &str = "2024-12-10";

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a valid date")
}

/// The sample for the built-in catalogue and units.
pub fn inputs() -> Inputs {
    generate(&Catalogue::builtin(), &UnitRegistry::builtin())
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
    fn figures(&self, b: &mut DatasetBuilder, date: NaiveDate) {
        let p = Period::Day(date);
        let loc = Location::file(NAME);
        let mut put = |v: &str, x: i64| b.add_exact(&self.code, p, v, Exact::from_int(x), loc.clone()).expect("the sample is valid");
        put("drug_hotspots", self.hotspots);
        put("complex_drug_hotspots", if self.single_is_simple && self.hotspots == 1 { 0 } else { self.hotspots });
        put("in_transformation_list", self.transformation as i64);
        put("addicts", self.addicts);
        put("addicts_in_community", self.addicts - self.in_rehab);
        put("addicts_with_record_and_rehab", self.with_record);
        put("users_and_post_rehab", self.users);
        put("users_and_post_rehab_managed", self.users_managed);
        put("households", self.households);
        if let Some(c) = self.committed {
            put("households_committed", c);
        }
        put("addicts_and_users", self.addicts + self.users);
        put("relapse_detected_in_time", self.relapse_in_time as i64);
        put("suspected_users", self.suspected);
        put("suspected_users_tested", self.tested);
    }
}

fn random_day(rng: &mut ChaCha8Rng, from: &str, to: &str) -> NaiveDate {
    let (a, b) = (day(from), day(to));
    let span = (b - a).num_days();
    a.checked_add_days(Days::new(rng.gen_range(0..=span) as u64)).expect("in range")
}

fn offence(date: NaiveDate, unit: &str, residence: Residence, note: &str) -> Event {
    Event { date, unit: unit.to_string(), kind: EventKind::DrugOffence, residence: Some(residence), severity: None, note: (!note.is_empty()).then(|| note.to_string()), row: 0 }
}
fn case(date: NaiveDate, unit: &str, kind: EventKind, note: &str) -> Event {
    Event { date, unit: unit.to_string(), kind, residence: None, severity: None, note: (!note.is_empty()).then(|| note.to_string()), row: 0 }
}

/// Generates the sample for `cat` and `units` (the built-in ones: codes of
/// Quảng Ninh 2024).
pub fn generate(cat: &Catalogue, units: &UnitRegistry) -> Inputs {
    let mut rng = ChaCha8Rng::seed_from_u64(50_2024);
    let (jan, dec, entry, certified) = (day(JANUARY), day(DECEMBER), day("2024-05-01"), day("2023-12-31"));
    // The communes of the December review: six communes merged into others
    // on 1/11/2024 are not in the sample's programme (171 communes, not 177).
    let of = |d: &str| -> Vec<String> { units.descendants_at(d, Level::Commune).iter().filter(|u| u.valid_on(dec)).map(|u| u.code.clone()).collect() };
    let (co_to, ba_che, binh_lieu, tien_yen, dam_ha, hai_ha, van_don, uong_bi, dong_trieu, quang_yen) =
        (of("207"), of("202"), of("198"), of("199"), of("200"), of("201"), of("203"), of("196"), of("205"), of("206"));

    let mut keep: Vec<String> = co_to.iter().chain(ba_che.iter()).cloned().collect();
    keep.extend(tien_yen[..6].iter().cloned());
    keep.extend(dam_ha[..6].iter().cloned());
    keep.extend(hai_ha[..6].iter().cloned());
    keep.extend(van_don[..6].iter().cloned());
    let (ty, dh, hh, vd) = (&tien_yen[6..], &dam_ha[6..], &hai_ha[6..], &van_don[6..]);
    let (ub, dt, qy) = (&uong_bi[..6], &dong_trieu[..5], &quang_yen[..5]);
    let make: Vec<String> = binh_lieu.iter().chain(ty).chain(dh).chain(hh).chain(vd).chain(ub).chain(dt).chain(qy).cloned().collect();
    debug_assert_eq!((keep.len(), make.len()), (34, 42));

    let mut figures = DatasetBuilder::new(NAME, cat, units);
    let mut events: Vec<Event> = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut at_entry = DatasetBuilder::new(NAME, cat, units);

    // Keep-clean communes: clean in 2023, recognised on its last day.
    for c in &keep {
        let x = Commune::clean(c, &mut rng, 2);
        x.figures(&mut figures, jan);
        x.figures(&mut figures, dec);
        entries.push(Entry { unit: c.clone(), track: Track::KeepClean, entry_date: day("2024-01-01"), certified_on: Some(certified), lost_on: None, note: None, row: 0 });
    }
    for d in ["207", "202"] {
        entries.push(Entry { unit: d.to_string(), track: Track::KeepClean, entry_date: day("2024-01-01"), certified_on: Some(certified), lost_on: None, note: None, row: 0 });
    }
    events.push(case(day("2024-08-05"), &tien_yen[0], EventKind::NewAddict, "giữ sạch: phát sinh người nghiện mới / keep-clean lost"));

    // Make-clean communes: eligible in January (under 10 addicts, at most 2
    // resident offences in 2023), a crackdown January-April, then the window.
    for c in &make {
        let mut jan_fig = Commune::clean(c, &mut rng, 9);
        jan_fig.with_record = (jan_fig.addicts - rng.gen_range(0..=2)).max(0);
        jan_fig.figures(&mut figures, jan);
        for _ in 0..rng.gen_range(0..=2) {
            events.push(offence(random_day(&mut rng, "2023-01-20", "2023-12-31"), c, Residence::Permanent, ""));
        }
        for _ in 0..rng.gen_range(0..=3) {
            let r = if rng.gen_bool(0.7) { Residence::Permanent } else { Residence::Temporary };
            events.push(offence(random_day(&mut rng, "2024-01-02", "2024-04-29"), c, r, "giai đoạn tấn công, trấn áp / crackdown phase"));
        }
        let mut x = Commune::clean(c, &mut rng, 6);
        let entry_count = x.addicts + x.users + rng.gen_range(0..=3);
        match c {
            c if *c == binh_lieu[2] => x.committed = Some(x.households - 2),
            c if *c == ty[0] => events.push(offence(day("2024-07-12"), c, Residence::Temporary, "")),
            c if *c == ty[1] => events.push(case(day("2024-06-20"), c, EventKind::NewUser, "phát hiện, đưa vào quản lý / found and managed")),
            c if *c == hh[0] => {
                x.addicts = 12;
                x.in_rehab = 3;
                x.with_record = 9;
            }
            c if *c == hh[1] => events.push(offence(day("2024-08-15"), c, Residence::None, "người nơi khác / offender from elsewhere")),
            c if *c == vd[0] => x.users = entry_count - x.addicts + 2,
            c if *c == vd[1] => events.push(Event {
                date: day("2024-09-03"),
                unit: c.clone(),
                kind: EventKind::SeriousIncident,
                residence: Some(Residence::Permanent),
                severity: Some(Severity::Psychosis),
                note: Some("ngáo đá / drug psychosis".into()),
                row: 0,
            }),
            c if *c == ub[0] => {
                x.suspected = 7;
                x.tested = 5;
            }
            c if *c == ub[1] => events.push(offence(day("2024-03-10"), c, Residence::Permanent, "trước khi vào chương trình / before the window")),
            c if *c == dt[0] => x.hotspots = 1,
            c if *c == dt[1] => {
                events.push(offence(day("2024-10-20"), c, Residence::Permanent, ""));
                x.users = 4;
                x.users_managed = 3;
            }
            c if *c == qy[0] => x.relapse_in_time = false,
            c if *c == qy[1] => x.committed = None,
            c if *c == dh[0] => {
                x.addicts = 0;
                x.in_rehab = 0;
                x.with_record = 0;
            }
            _ => {}
        }
        x.figures(&mut figures, dec);
        let count = if *c == vd[0] { x.addicts + x.users - 2 } else { entry_count.max(x.addicts + x.users) };
        at_entry.add_exact(c, Period::Day(entry), "addicts_and_users", Exact::from_int(count), Location::file(NAME)).expect("the sample is valid");
        // By the end of the crackdown phase all are under management, but in one commune.
        let managed = if binh_lieu.first() == Some(c) { (count - 1).max(0) } else { count };
        at_entry.add_exact(c, Period::Day(entry), "addicts_and_users_managed", Exact::from_int(managed), Location::file(NAME)).expect("the sample is valid");
        entries.push(Entry { unit: c.clone(), track: Track::MakeClean, entry_date: entry, certified_on: None, lost_on: None, note: None, row: 0 });
    }

    // The other communes: bigger figures, offences through 2023-2024.
    let in_programme: Vec<&String> = keep.iter().chain(make.iter()).collect();
    let ha_long = of("193");
    // RULES.md section 8 at S = 2025-01-15: 9 addicts and 2 resident offences
    // (eligible), 10 addicts (not), a third offence (not).
    let showcase = [(&ha_long[10], 9, 2), (&ha_long[11], 10, 2), (&ha_long[12], 9, 3)];
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
            x.figures(&mut figures, date);
        }
        let offences = match showcase.iter().find(|(s, _, _)| *s == c) {
            Some((_, _, k)) => {
                for i in 0..*k {
                    events.push(offence(day(["2024-03-14", "2024-09-22", "2024-11-30"][i]), c, Residence::Permanent, ""));
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
            events.push(offence(random_day(&mut rng, "2023-01-01", "2024-12-14"), c, r, ""));
        }
        for _ in 0..rng.gen_range(0..=3) {
            let k = if rng.gen_bool(0.5) { EventKind::NewAddict } else { EventKind::NewUser };
            events.push(case(random_day(&mut rng, "2023-01-01", "2024-12-14"), c, k, ""));
        }
    }

    // Districts: organisations with a drug offender (Mục II.5.2).
    for d in units.units().iter().filter(|u| u.level == Level::District && u.valid_on(dec)) {
        let clean = ["198", "200", "202", "207"].contains(&d.code.as_str());
        let orgs = rng.gen_range(40..=400);
        let with = if clean { 0 } else { rng.gen_range(1..=6) };
        let loc = Location::file(NAME);
        figures.add_exact(&d.code, Period::Day(dec), "organisations", Exact::from_int(orgs), loc.clone()).expect("the sample is valid");
        figures.add_exact(&d.code, Period::Day(dec), "organisations_with_drug_offenders", Exact::from_int(with), loc).expect("the sample is valid");
    }

    let mut figures = figures.finish().expect("the sample is valid");
    figures.synthetic = true;
    figures.name = NAME.to_string();
    let at_entry = at_entry.finish().expect("the sample is valid");
    let mut inputs = Inputs::new(figures, Events::new(events, NAME), Register::new(entries.clone(), at_entry.clone(), NAME));

    // The December 2024 round: what the review of 2024-12-15 certifies is
    // approved on 2024-12-20 and written into the register, so that the 2025
    // selection and keep-clean see it.
    if let Ok(review) = crate::certification::certify(cat, units, &inputs, "kh50", day("2024-12-15")) {
        let approved = day(APPROVED);
        for u in review.units().filter(|u| u.status == crate::certification::Decision::Certified && u.certified_on.is_none()) {
            match entries.iter_mut().find(|e| e.unit == u.unit) {
                Some(e) => e.certified_on = Some(approved),
                None => entries.push(Entry { unit: u.unit.clone(), track: Track::MakeClean, entry_date: entry, certified_on: Some(approved), lost_on: None, note: None, row: 0 }),
            }
        }
        inputs.register = Register::new(entries, at_entry, NAME);
    }
    inputs
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
        let a = generate(&cat, &units);
        assert_eq!(a.digest(), generate(&cat, &units).digest());
        assert!(a.synthetic());
        let r = certify(&cat, &units, &a, "kh50", day("2024-12-15")).unwrap();
        // The approval of 2024-12-20 is in the register, after the review date.
        assert_eq!(a.register.entries().iter().filter(|e| e.certified_on == Some(day(APPROVED))).count(), 33);
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
}
