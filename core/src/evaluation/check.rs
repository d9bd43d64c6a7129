//! Checking one value against one target, without a dataset: what a
//! spreadsheet cell asks (`=CHITIEU_CHECK("nq314.crime.clearance_rate"; B2; C2)`)
//! and what `chitieu.check()` answers in Python.

use super::measure::{fraction, Measured};
use super::rule::{baseline_period, judge, Verdict};
use super::{explain, measured_period, source_text};
use crate::catalogue::{Catalogue, Measure, TargetPeriod};
use crate::error::Error;
use crate::exact::Exact;
use crate::period::Period;
use crate::Lang;

/// A one-value decision. Its explanation is written on demand, in the one
/// language asked for: a sheet of 100,000 cells must not pay for two.
#[derive(Clone, Debug)]
pub struct Checked {
    pub target: String,
    pub verdict: Verdict,
    name_vi: String,
    name_en: String,
    source_vi: String,
    source_en: String,
}

impl Checked {
    /// "Tỷ lệ điều tra, khám phá: 79/100 = 79,00% < 80% (Nghị quyết 314/2020/NQ-HĐND, ...)".
    pub fn explanation(&self, lang: Lang) -> String {
        let (name, source) = match lang {
            Lang::Vi => (&self.name_vi, &self.source_vi),
            Lang::En => (&self.name_en, &self.source_en),
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

/// Decides `target` on given numbers. For a ratio or a share, `value` is the
/// numerator and `second` the denominator; for a single value, `second` is
/// its baseline when the rule compares with one (and must be absent otherwise).
pub fn check(cat: &Catalogue, target: &str, value: &Exact, second: Option<&Exact>) -> Result<Checked, Error> {
    let t = cat.target(target).ok_or_else(|| {
        let hint = crate::suggest::nearest(target, cat.targets().iter().map(|t| (t.target.id.as_str(), t.target.id.as_str())))
            .map(|n| format!("; did you mean '{n}'?"))
            .unwrap_or_default();
        Error::NotFound(format!("unknown target '{target}'{hint}"))
    })?;
    let (Some(m), Some(rule)) = (&t.target.measure, &t.target.rule) else {
        return Err(Error::Invalid(format!("target '{target}' has several parts; evaluate it on a dataset")));
    };
    let period = match t.target.period {
        TargetPeriod::Year(y) | TargetPeriod::By(y) | TargetPeriod::EachYear(_, y) => Period::Year(y),
        TargetPeriod::Span(_, y) => Period::Year(y),
    };
    let period = measured_period(t.target.period, &period).expect("a target binds its own last year");
    let current = match (m, second) {
        (Measure::Ratio { denominator, .. }, Some(d)) => fraction(value.clone(), d.clone(), denominator.clone(), None),
        (Measure::UnitsShare { level, .. }, Some(d)) => fraction(value.clone(), d.clone(), format!("{level} units"), Some(level.to_string())),
        (Measure::MonthsShare { .. }, Some(d)) => fraction(value.clone(), d.clone(), "months".into(), Some("month".into())),
        (Measure::ComplementShare { level, .. }, Some(d)) => fraction(value.clone(), d.clone(), format!("{level} units"), Some(level.to_string())),
        (Measure::Ratio { .. } | Measure::UnitsShare { .. } | Measure::MonthsShare { .. } | Measure::ComplementShare { .. }, None) => {
            return Err(Error::Invalid(format!("target '{target}' is a rate: give a numerator and a denominator")))
        }
        (Measure::Value(_) | Measure::UnitsCount { .. } | Measure::ComplementCount { .. }, _) => Measured::Value { value: value.clone(), parts: None, counted: None },
    };
    let base = match (baseline_period(rule, &period), m.is_fraction(), second) {
        (Some(_), true, _) => return Err(Error::Invalid(format!("target '{target}' compares a rate with its baseline; evaluate it on a dataset"))),
        (Some(bp), false, Some(b)) => Some((bp, Measured::Value { value: b.clone(), parts: None, counted: None })),
        (Some(_), false, None) => return Err(Error::Invalid(format!("target '{target}' compares with a baseline: give the value and the baseline value"))),
        (None, false, Some(_)) => return Err(Error::Invalid(format!("target '{target}' takes one value, not two"))),
        (None, _, _) => None,
    };
    let verdict = judge(m.is_fraction(), rule, current, base, None);
    let doc = cat.document_of(t);
    Ok(Checked {
        target: target.to_string(),
        verdict,
        name_vi: t.target.name_vi.clone(),
        name_en: t.target.name_en.clone(),
        source_vi: source_text(doc, t, Lang::Vi),
        source_en: source_text(doc, t, Lang::En),
    })
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
}
