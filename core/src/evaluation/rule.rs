//! Deciding one requirement: RULES.md section 2, to the letter.

use serde::Serialize;

use super::measure::{measure, Measured};
use crate::catalogue::{Baseline, Comparator, Direction, Measure, Rule, RuleValue};
use crate::exact::Exact;
use crate::observations::{Missing, Resolver};
use crate::period::Period;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    NoData,
    NotApplicable,
}

impl Status {
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::NoData => "no_data",
            Status::NotApplicable => "not_applicable",
        }
    }
}

/// Why a requirement could not be decided as met or not met.
#[derive(Clone, Debug, PartialEq)]
pub enum Undecided {
    Missing(Vec<Missing>),
    /// The denominator is 0 (named), for a target that is not "100%".
    ZeroDenominator(String),
    /// The baseline of a relative change is 0.
    ZeroBaseline,
    /// The target is split among units by a table that gives this unit no share.
    NoShare,
    /// Across an administrative reform: the unit's territory cannot be rebuilt
    /// over the period (not applicable), or a divided unit's share is not
    /// given (no data); the note says which and why.
    Reform(std::sync::Arc<super::reform::Note>),
}

/// The numbers behind one decision. Fractions are kept as fractions of one;
/// the outcome turns them into percentages for display.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub status: Status,
    pub comparator: Comparator,
    /// Whether `actual`, `required`, `change` and the baseline value are fractions (shown as %).
    pub fraction: bool,
    pub actual: Option<Exact>,
    /// (numerator, denominator) of a ratio or a share.
    pub parts: Option<(Exact, Exact)>,
    /// What a share counts ("commune", "month").
    pub counted: Option<String>,
    /// The threshold compared with: the rule's value, an allocated share, or the baseline's value.
    pub required: Option<Exact>,
    /// For a ratio: the numerator needed (floor) or allowed (ceiling), rounded toward the demanding side.
    pub required_count: Option<Exact>,
    pub baseline: Option<(Period, Exact)>,
    /// The period the rule compares with ("so với năm 2020"), known even when
    /// a figure is missing, so the requirement can still be said in words.
    pub baseline_period: Option<Period>,
    pub direction: Option<Direction>,
    /// The relative change, as a fraction.
    pub change: Option<Exact>,
    /// Signed distance to the threshold: positive on the side that meets.
    pub margin: Option<Exact>,
    pub stretch: Option<(Exact, bool)>,
    pub undecided: Option<Undecided>,
}

impl Verdict {
    pub(crate) fn undecided(rule: &Rule, fraction: bool, why: Undecided) -> Verdict {
        let status = match &why {
            Undecided::Missing(_) => Status::NoData,
            Undecided::Reform(n) if n.reading != super::reform::Reading::Ended => Status::NoData,
            _ => Status::NotApplicable,
        };
        Verdict {
            status,
            comparator: rule.comparator,
            fraction,
            actual: None,
            parts: None,
            counted: None,
            required: match &rule.value {
                RuleValue::Fixed(v) => Some(v.clone()),
                RuleValue::Baseline => None,
            },
            required_count: None,
            baseline: None,
            baseline_period: None,
            direction: rule.change,
            change: None,
            margin: None,
            stretch: None,
            undecided: Some(why),
        }
    }
}

/// The numerator a ratio needs (for a floor) or may not exceed (for a
/// ceiling) out of `den`: "≥ 60% of 42" needs 26, "> 20% of 13" needs 3.
pub fn required_count(c: Comparator, threshold: &Exact, den: &Exact) -> Option<Exact> {
    if !den.is_integer() {
        return None;
    }
    let x = threshold * den;
    Some(match c {
        Comparator::AtLeast => x.ceil(),
        Comparator::MoreThan => &x.floor() + &Exact::one(),
        Comparator::AtMost => x.floor(),
        Comparator::LessThan => &x.ceil() - &Exact::one(),
        Comparator::Equal if x.is_integer() => x,
        Comparator::Equal => return None,
    })
}

/// Distance from `required` to `actual`, positive on the side that meets.
fn margin(c: Comparator, actual: &Exact, required: &Exact) -> Exact {
    match c {
        Comparator::AtLeast | Comparator::MoreThan => actual - required,
        Comparator::AtMost | Comparator::LessThan => required - actual,
        Comparator::Equal => &Exact::zero() - &(actual - required).abs(),
    }
}

/// Whether a rule is met by "all of none": a 100% target with nothing to count.
fn met_by_empty_whole(rule: &Rule) -> bool {
    rule.change.is_none()
        && matches!(rule.comparator, Comparator::AtLeast | Comparator::Equal)
        && rule.value == RuleValue::Fixed(Exact::one())
}

/// Decides `rule` on `m` for `unit` and `period`. `share` replaces the rule's
/// value when the unit has an allocated share of the target.
pub fn decide(m: &Measure, rule: &Rule, unit: &str, period: &Period, r: &Resolver, share: Option<&Exact>) -> Verdict {
    let current = measure(m, unit, period, r);
    let base = baseline_period(rule, period).map(|bp| (bp, measure(m, unit, &bp, r)));
    judge(m.is_fraction(), rule, current, base, share)
}

/// The period a rule's baseline refers to when the target is measured over `period`.
pub fn baseline_period(rule: &Rule, period: &Period) -> Option<Period> {
    rule.baseline.map(|b| match b {
        Baseline::Fixed(p) => p,
        Baseline::PreviousYear => period.previous_year(),
    })
}

/// Judges measured quantities against a rule: the part of the decision that
/// does not depend on where the numbers came from.
pub fn judge(fraction: bool, rule: &Rule, current: Measured, base: Option<(Period, Measured)>, share: Option<&Exact>) -> Verdict {
    let base_period = base.as_ref().map(|(p, _)| *p);
    let known_base = match &base {
        Some((bp, Measured::Value { value, .. })) => Some((*bp, value.clone())),
        _ => None,
    };
    let undecided = |why: Undecided| {
        let mut v = Verdict::undecided(rule, fraction, why);
        v.baseline_period = base_period;
        v.baseline = known_base.clone();
        v
    };
    let (actual, parts, counted) = match current {
        Measured::Value { value, parts, counted } => (value, parts, counted),
        Measured::Missing(miss) => return undecided(Undecided::Missing(miss)),
        Measured::ZeroDenominator { numerator, denominator } => {
            if met_by_empty_whole(rule) {
                let mut v = undecided(Undecided::ZeroDenominator(denominator));
                v.status = Status::Met;
                v.parts = Some((numerator, Exact::zero()));
                v.undecided = None;
                return v;
            }
            return undecided(Undecided::ZeroDenominator(denominator));
        }
    };
    let base = match base {
        Some((bp, Measured::Value { value, .. })) => Some((bp, value)),
        Some((_, Measured::Missing(miss))) => return undecided(Undecided::Missing(miss)),
        Some((_, Measured::ZeroDenominator { denominator, .. })) => return undecided(Undecided::ZeroDenominator(denominator)),
        None => None,
    };
    let mut v = Verdict {
        status: Status::NotMet,
        comparator: rule.comparator,
        fraction,
        actual: Some(actual.clone()),
        parts: parts.clone(),
        counted,
        required: None,
        required_count: None,
        baseline: base.clone(),
        baseline_period: base_period,
        direction: rule.change,
        change: None,
        margin: None,
        stretch: None,
        undecided: None,
    };
    // The quantity compared and the threshold it is compared with.
    let (compared, required) = match (&rule.change, &rule.value, &base) {
        (Some(dir), RuleValue::Fixed(x), Some((_, b))) => {
            if b.is_zero() {
                let mut u = undecided(Undecided::ZeroBaseline);
                u.actual = v.actual;
                u.parts = v.parts;
                return u;
            }
            let diff = match dir {
                Direction::Decrease => b - &actual,
                Direction::Increase => &actual - b,
            };
            #[allow(clippy::expect_used)] // A zero baseline is decided above (its own status).
            let change = Exact::ratio(&diff, b).expect("baseline is not zero");
            v.change = Some(change.clone());
            (change, x.clone())
        }
        (None, RuleValue::Baseline, Some((_, b))) => (actual.clone(), b.clone()),
        (None, RuleValue::Fixed(x), None) => {
            let x = share.cloned().unwrap_or_else(|| x.clone());
            if let Some((_, den)) = &parts {
                if fraction {
                    v.required_count = required_count(rule.comparator, &x, den);
                }
            }
            (actual.clone(), x)
        }
        _ => unreachable!("catalogue validation pairs change with a baseline and 'baseline' values with no change"),
    };
    v.status = if rule.comparator.holds(&compared, &required) { Status::Met } else { Status::NotMet };
    v.margin = Some(margin(rule.comparator, &compared, &required));
    v.stretch = rule.stretch.as_ref().map(|s| (s.clone(), rule.comparator.holds(&compared, s)));
    v.required = Some(required);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(s: &str) -> Exact {
        Exact::parse_threshold(s).unwrap()
    }

    #[test]
    fn counts_round_toward_the_demanding_side() {
        assert_eq!(required_count(Comparator::AtLeast, &e("60%"), &e("42")), Some(e("26")));
        assert_eq!(required_count(Comparator::MoreThan, &e("20%"), &e("13")), Some(e("3")));
        assert_eq!(required_count(Comparator::MoreThan, &e("40%"), &e("13")), Some(e("6")));
        assert_eq!(required_count(Comparator::MoreThan, &e("91%"), &e("100")), Some(e("92")));
        assert_eq!(required_count(Comparator::LessThan, &e("13%"), &e("100")), Some(e("12")));
        assert_eq!(required_count(Comparator::AtMost, &e("13%"), &e("101")), Some(e("13")));
        assert_eq!(required_count(Comparator::AtLeast, &e("2/3"), &e("3")), Some(e("2")));
    }
}
