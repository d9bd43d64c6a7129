//! Checking one value against one target, without a dataset: what a
//! spreadsheet cell asks (`=CHITIEU_CHECK("nq314.crime.clearance_rate"; B2; C2)`)
//! and what `chitieu.check()` answers in Python.
//!
//! The numbers are validated exactly as a data file's would be (the kind of
//! each variable by the loader's own `check_kind`, a part never larger than
//! its whole) and decided by the same `judge` as a dataset. A
//! [`CheckTarget`] is a target resolved once, for a sheet that checks many
//! cells against it; [`CheckTarget::status_of_integers`] decides whole
//! numbers by cross-multiplying in `i128`, without building an exact value
//! (the spreadsheet fast path, guarded by a property test against `judge`).

use std::cmp::Ordering;
use std::fmt::Display;
use std::sync::Arc;

use super::measure::{fraction, Measured};
use super::rule::{baseline_period, judge, Status, Verdict};
use super::{explain, measured_period, source_text};
use crate::catalogue::{Catalogue, Direction, Measure, Rule, RuleValue, TargetPeriod, VariableKind};
use crate::error::Error;
use crate::exact::Exact;
use crate::observations::{check_kind, larger_than_whole, KindValue};
use crate::period::Period;
use crate::Lang;

/// A one-value decision. Its explanation is written on demand, in the one
/// language asked for: a sheet of 100,000 cells must not pay for two.
#[derive(Clone, Debug)]
pub struct Checked {
    pub target: String,
    pub verdict: Verdict,
    texts: Arc<Texts>,
}

/// The words of a target's explanations, shared by all its checks.
#[derive(Debug)]
struct Texts {
    name_vi: String,
    name_en: String,
    source_vi: String,
    source_en: String,
}

impl Checked {
    /// "Tỷ lệ điều tra, khám phá: 79/100 = 79,00% < 80% (Nghị quyết 314/2020/NQ-HĐND, ...)".
    pub fn explanation(&self, lang: Lang) -> String {
        let t = &self.texts;
        let (name, source) = match lang {
            Lang::Vi => (&t.name_vi, &t.source_vi),
            Lang::En => (&t.name_en, &t.source_en),
        };
        let body = explain::body(&self.verdict, lang, &|why, lang| super::undecided_text(None, why, lang, None));
        format!("{name}: {body} ({source})")
    }
    /// The margin in the unit shown to people: percentage points for rates
    /// and relative changes, the measure's own unit otherwise.
    pub fn margin_shown(&self) -> Option<Exact> {
        let v = &self.verdict;
        v.margin.as_ref().map(|m| if v.fraction || v.direction.is_some() { m.percent() } else { m.clone() })
    }
}

/// One number given to a check: what it stands for (in messages) and the
/// kind of variable it must be a value of.
#[derive(Clone, Debug)]
struct Input {
    what: String,
    kind: VariableKind,
}

impl Input {
    /// `role`: "numerator", "denominator", "value" or "baseline".
    fn check<V: KindValue + Display>(&self, role: &str, v: &V) -> Result<(), Error> {
        check_kind(self.kind, v).map_err(|expected| Error::Invalid(format!("{role} {v} ({}) is not a valid value: expected {expected}", self.what)))
    }
}

/// What the value and the second number of a check are.
#[derive(Clone, Debug)]
enum Inputs {
    /// A ratio or a share: value / second. `part`: the numerator is part of
    /// the denominator (the catalogue's `part_of`; always for shares).
    Fraction { numerator: Input, denominator: Input, part: bool, denominator_name: String, counted: Option<String> },
    /// One value; the second number is its baseline when the rule has one.
    Value(Input),
}

/// The comparison `status_of_integers` makes, prepared once.
#[derive(Clone, Copy, Debug)]
enum Fast {
    /// value / second against p / q.
    Fraction(i128, i128),
    /// value against p / q.
    Value(i128, i128),
    /// The relative change from the baseline (second) against p / q.
    Change(Direction, i128, i128),
    /// value against the baseline (second) itself.
    Baseline,
    /// Not decided with integers (a threshold too large for them).
    None,
}

/// A target of a catalogue resolved once for one-value checks.
#[derive(Clone, Debug)]
pub struct CheckTarget {
    id: String,
    rule: Rule,
    fraction: bool,
    inputs: Inputs,
    base_period: Option<Period>,
    fast: Fast,
    texts: Arc<Texts>,
}

fn unit_input(what: String) -> Input {
    Input { what, kind: VariableKind::Count }
}

/// The threshold as a fraction of two `i128`, when it fits.
fn small_fraction(x: &Exact) -> Option<(i128, i128)> {
    let text = x.fraction_text();
    let (p, q) = text.split_once('/').unwrap_or((&text, "1"));
    let (p, q) = (p.parse::<i128>().ok()?, q.parse::<i128>().ok()?);
    (q > 0).then_some((p, q))
}

/// `a * b` against `c * d`, when neither product overflows.
fn cmp_products(a: i128, b: i128, c: i128, d: i128) -> Option<Ordering> {
    Some(a.checked_mul(b)?.cmp(&c.checked_mul(d)?))
}

impl CheckTarget {
    /// Resolves `target` in `cat`: NotFound (with a "did you mean") for an
    /// unknown id, Invalid for a target that no pair of numbers can decide.
    pub fn new(cat: &Catalogue, target: &str) -> Result<CheckTarget, Error> {
        let t = cat.target(target).ok_or_else(|| {
            let hint = crate::suggest::nearest(target, cat.targets().iter().map(|t| (t.target.id.as_str(), t.target.id.as_str())))
                .map(|n| format!("; did you mean '{n}'?"))
                .unwrap_or_default();
            Error::NotFound(format!("unknown target '{target}'{hint}"))
        })?;
        let (Some(m), Some(rule)) = (&t.target.measure, &t.target.rule) else {
            return Err(Error::Invalid(format!("target '{target}' has several parts; evaluate it on a dataset")));
        };
        let last = match t.target.period {
            TargetPeriod::Year(y) | TargetPeriod::By(y) | TargetPeriod::EachYear(_, y) | TargetPeriod::Span(_, y) => Period::Year(y),
        };
        let period = measured_period(t.target.period, &last).ok_or_else(|| Error::Invalid(format!("target '{target}' binds no period of its own")))?;
        let base_period = baseline_period(rule, &period);
        if base_period.is_some() && m.is_fraction() {
            return Err(Error::Invalid(format!("target '{target}' compares a rate with its baseline; evaluate it on a dataset")));
        }
        let variable = |name: &str| -> Result<Input, Error> {
            let v = cat.variable(name).ok_or_else(|| Error::Invalid(format!("target '{target}' reads '{name}', which is not a variable of the catalogue")))?;
            Ok(Input { what: name.to_string(), kind: v.kind })
        };
        let inputs = match m {
            Measure::Ratio { numerator, denominator } => Inputs::Fraction {
                numerator: variable(numerator)?,
                denominator: variable(denominator)?,
                part: cat.variable(numerator).is_some_and(|v| v.part_of.iter().any(|w| w == denominator)),
                denominator_name: denominator.clone(),
                counted: None,
            },
            Measure::UnitsShare { level, variable, .. } => Inputs::Fraction {
                numerator: unit_input(format!("{level} units meeting {variable}")),
                denominator: unit_input(format!("{level} units")),
                part: true,
                denominator_name: format!("{level} units"),
                counted: Some(level.to_string()),
            },
            Measure::MonthsShare { variable, .. } => Inputs::Fraction {
                numerator: unit_input(format!("months meeting {variable}")),
                denominator: unit_input("months".into()),
                part: true,
                denominator_name: "months".into(),
                counted: Some("month".into()),
            },
            Measure::ComplementShare { level, count } => Inputs::Fraction {
                numerator: unit_input(format!("{level} units not counted in {count}")),
                denominator: unit_input(format!("{level} units")),
                part: true,
                denominator_name: format!("{level} units"),
                counted: Some(level.to_string()),
            },
            Measure::Value(v) => Inputs::Value(variable(v)?),
            Measure::UnitsCount { level, variable, .. } => Inputs::Value(unit_input(format!("{level} units meeting {variable}"))),
            Measure::ComplementCount { level, count } => Inputs::Value(unit_input(format!("{level} units not counted in {count}"))),
        };
        let threshold = match &rule.value {
            RuleValue::Fixed(x) => small_fraction(x),
            RuleValue::Baseline => None,
        };
        let fast = match (&inputs, rule.change, &rule.value, base_period, threshold) {
            (Inputs::Fraction { .. }, None, RuleValue::Fixed(_), None, Some((p, q))) => Fast::Fraction(p, q),
            (Inputs::Value(_), None, RuleValue::Fixed(_), None, Some((p, q))) => Fast::Value(p, q),
            (Inputs::Value(_), Some(dir), RuleValue::Fixed(_), Some(_), Some((p, q))) => Fast::Change(dir, p, q),
            (Inputs::Value(_), None, RuleValue::Baseline, Some(_), _) => Fast::Baseline,
            _ => Fast::None,
        };
        let doc = cat.document_of(t);
        Ok(CheckTarget {
            id: target.to_string(),
            rule: rule.clone(),
            fraction: m.is_fraction(),
            inputs,
            base_period,
            fast,
            texts: Arc::new(Texts {
                name_vi: t.target.name_vi.clone(),
                name_en: t.target.name_en.clone(),
                source_vi: source_text(doc, t, Lang::Vi),
                source_en: source_text(doc, t, Lang::En),
            }),
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether the check takes a second number (a denominator or a baseline).
    pub fn takes_second(&self) -> bool {
        matches!(self.inputs, Inputs::Fraction { .. }) || self.base_period.is_some()
    }

    /// The right count of numbers, and each a valid value of its kind, as a
    /// data file's would be.
    fn validate<V: KindValue + Display + PartialOrd>(&self, value: &V, second: Option<&V>) -> Result<(), Error> {
        let id = &self.id;
        match (&self.inputs, second) {
            (Inputs::Fraction { .. }, None) => Err(Error::Invalid(format!("target '{id}' is a rate: give a numerator and a denominator"))),
            (Inputs::Fraction { numerator, denominator, part, .. }, Some(d)) => {
                numerator.check("numerator", value)?;
                denominator.check("denominator", d)?;
                if *part && value > d {
                    let (problem, expected) = larger_than_whole(&numerator.what, &denominator.what, &d.to_string());
                    return Err(Error::Invalid(format!("numerator {value}: {problem}; expected {expected}")));
                }
                Ok(())
            }
            (Inputs::Value(_), None) if self.base_period.is_some() => {
                Err(Error::Invalid(format!("target '{id}' compares with a baseline: give the value and the baseline value")))
            }
            (Inputs::Value(_), Some(_)) if self.base_period.is_none() => Err(Error::Invalid(format!("target '{id}' takes one value, not two"))),
            (Inputs::Value(input), second) => {
                input.check("value", value)?;
                second.map_or(Ok(()), |b| input.check("baseline", b))
            }
        }
    }

    /// Decides the target on given numbers. For a ratio or a share, `value`
    /// is the numerator and `second` the denominator; for a single value,
    /// `second` is its baseline when the rule compares with one (and must be
    /// absent otherwise).
    pub fn check(&self, value: &Exact, second: Option<&Exact>) -> Result<Checked, Error> {
        self.validate(value, second)?;
        let current = match (&self.inputs, second) {
            (Inputs::Fraction { denominator_name, counted, .. }, Some(d)) => fraction(value.clone(), d.clone(), denominator_name.clone(), counted.clone()),
            _ => Measured::Value { value: value.clone(), parts: None, counted: None },
        };
        let base = self.base_period.zip(second).map(|(bp, b)| (bp, Measured::Value { value: b.clone(), parts: None, counted: None }));
        Ok(Checked {
            target: self.id.clone(),
            verdict: judge(self.fraction, &self.rule, current, base, None),
            texts: Arc::clone(&self.texts),
        })
    }

    /// The status of `check` for whole numbers, without building exact
    /// values: `Ok(None)` when integers do not decide it here (a zero
    /// denominator or baseline, a threshold too large), and `check` must.
    /// The same refusals as `check`.
    pub fn status_of_integers(&self, value: i64, second: Option<i64>) -> Result<Option<Status>, Error> {
        self.validate(&value, second.as_ref())?;
        let (v, s) = (i128::from(value), second.map(i128::from));
        let ord = match (self.fast, s) {
            (Fast::Fraction(p, q), Some(d)) if d > 0 => cmp_products(v, q, p, d),
            (Fast::Value(p, q), None) => cmp_products(v, q, p, 1),
            (Fast::Change(dir, p, q), Some(b)) if b > 0 => {
                let diff = match dir {
                    Direction::Decrease => b - v,
                    Direction::Increase => v - b,
                };
                cmp_products(diff, q, p, b)
            }
            (Fast::Baseline, Some(b)) => Some(v.cmp(&b)),
            _ => None,
        };
        Ok(ord.map(|o| if self.rule.comparator.holds_for(o) { Status::Met } else { Status::NotMet }))
    }
}

/// Decides `target` on given numbers (see [`CheckTarget::check`]).
pub fn check(cat: &Catalogue, target: &str, value: &Exact, second: Option<&Exact>) -> Result<Checked, Error> {
    CheckTarget::new(cat, target)?.check(value, second)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::Status;

    fn e(s: &str) -> Exact {
        s.parse().unwrap()
    }

    #[test]
    fn checks_a_rate_and_explains_it() {
        let cat = Catalogue::builtin();
        let c = check(&cat, "nq314.crime.clearance_rate", &e("79"), Some(&e("100"))).unwrap();
        assert_eq!(c.verdict.status, Status::NotMet);
        assert_eq!(c.margin_shown(), Some(e("-1")));
        let vi = c.explanation(Lang::Vi);
        assert!(vi.starts_with("Tỷ lệ điều tra, khám phá: 79/100 = 79,00% < 80%"), "{vi}");
        assert!(vi.contains("Nghị quyết 314/2020/NQ-HĐND"));
        assert!(c.explanation(Lang::En).starts_with("Crime clearance rate: 79/100 = 79.00% < 80%"));
        let c = check(&cat, "nq314.crime.clearance_rate", &e("0"), Some(&e("0"))).unwrap();
        assert_eq!(c.verdict.status, Status::NotApplicable);
        assert!(c.explanation(Lang::En).contains("denominator"), "{}", c.explanation(Lang::En));
    }

    #[test]
    fn checks_a_change_against_a_baseline() {
        let cat = Catalogue::builtin();
        let c = check(&cat, "nq314.crime.total_cases_2025", &e("950"), Some(&e("1000"))).unwrap();
        assert_eq!((c.verdict.status, c.margin_shown()), (Status::Met, Some(e("0"))));
        assert!(check(&cat, "nq314.crime.total_cases_2025", &e("950"), None).is_err());
        assert!(check(&cat, "nq314.crime.clearance_rat", &e("1"), Some(&e("2"))).unwrap_err().to_string().contains("did you mean"));
    }

    fn refusal(target: &str, value: &str, second: Option<&str>) -> String {
        let cat = Catalogue::builtin();
        let s = second.map(e);
        match check(&cat, target, &e(value), s.as_ref()) {
            Err(Error::Invalid(m)) => m,
            other => panic!("{target} {value} {second:?} was not refused: {other:?}"),
        }
    }

    /// What the data loader refuses, a one-value check refuses too (issue 12 item 7).
    #[test]
    fn refuses_what_the_loader_refuses() {
        let rate = "nq314.crime.clearance_rate";
        let m = refusal(rate, "101", Some("100"));
        assert!(m.contains("crimes_solved is larger than its whole crimes_recorded = 100") && m.contains("at most 100"), "{m}");
        let m = refusal(rate, "-1", Some("100"));
        assert!(m.contains("numerator -1 (crimes_solved)") && m.contains("cannot be negative"), "{m}");
        let m = refusal(rate, "79.5", Some("100"));
        assert!(m.contains("a whole number (a count)"), "{m}");
        let m = refusal(rate, "79", Some("100.5"));
        assert!(m.contains("denominator 100.5 (crimes_recorded)"), "{m}");
        let m = refusal("nq314.crime.total_cases_2025", "950", Some("-3"));
        assert!(m.contains("baseline -3"), "{m}");
        // The same values in a data file get the same words.
        let units = crate::units::UnitRegistry::builtin();
        let cat = Catalogue::builtin();
        let err = crate::observations::Dataset::from_csv_str("unit_code,period,crimes_recorded,crimes_solved\n22,2023,100,101\n", "f.csv", &cat, &units).unwrap_err();
        assert!(err.to_string().contains("crimes_solved is larger than its whole crimes_recorded = 100"), "{err}");
        // A part equal to its whole, zero of zero: accepted.
        assert!(check(&cat, rate, &e("100"), Some(&e("100"))).is_ok());
        assert!(check(&cat, rate, &e("0"), Some(&e("0"))).is_ok());
    }

    /// The integer fast path gives `judge`'s status or leaves the case to it,
    /// and refuses exactly what `check` refuses, on every target that can be
    /// checked.
    #[test]
    fn integers_decide_as_judge_does() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let cat = Catalogue::builtin();
        let targets: Vec<CheckTarget> = cat.targets().iter().filter_map(|t| CheckTarget::new(&cat, &t.target.id).ok()).collect();
        assert!(targets.len() > 40, "{} checkable targets", targets.len());
        assert!(targets.iter().filter(|t| !matches!(t.fast, Fast::None)).count() == targets.len(), "every built-in target has a fast path");
        let mut runner = TestRunner::new(Config { cases: 4000, ..Config::default() });
        let decided = std::cell::Cell::new(0);
        let near = prop_oneof![-3i64..200, 900i64..1100, Just(i64::MAX), Just(1i64 << 53), 0i64..3];
        runner
            .run(&(0..targets.len(), near.clone(), near, any::<bool>()), |(i, v, s, has)| {
                let t = &targets[i];
                let has = has || t.takes_second();
                let s = has.then_some(s);
                let fast = t.status_of_integers(v, s);
                let slow = t.check(&Exact::from_int(v), s.map(Exact::from_int).as_ref());
                match (fast, slow) {
                    (Ok(Some(f)), Ok(c)) => {
                        decided.set(decided.get() + 1);
                        prop_assert_eq!(f, c.verdict.status, "{} {} {:?}", t.id, v, s)
                    }
                    (Ok(None), Ok(_)) => {}
                    (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                    (a, b) => prop_assert!(false, "{} {} {:?}: fast {:?}, check {:?}", t.id, v, s, a, b.map(|c| c.verdict.status)),
                }
                Ok(())
            })
            .unwrap();
        assert!(decided.get() > 1000, "the fast path decided only {} cases", decided.get());
    }
}
