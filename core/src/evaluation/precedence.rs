//! Precedence: when several targets bind the same indicator for the same unit
//! and period, the most demanding governs and the others are reported as
//! superseded by it, never hidden (NQ 314: its targets give way where a higher
//! authority sets a higher one; RULES.md section 2).

use std::cmp::Ordering;

use rustc_hash::FxHashMap;

use super::outcome::Outcome;
use crate::catalogue::{Comparator, Rule, RuleValue};
use crate::period::Period;
use crate::units::UnitId;

/// How demanding `a` is compared with `b`, two rules of one indicator (the
/// catalogue guarantees the same measure, kind and direction).
fn demand(a: &Rule, b: &Rule) -> Ordering {
    let strict = |c: Comparator| matches!(c, Comparator::MoreThan | Comparator::LessThan);
    let floor = matches!(a.comparator, Comparator::AtLeast | Comparator::MoreThan);
    let by_value = match (&a.value, &b.value) {
        (RuleValue::Fixed(x), RuleValue::Fixed(y)) if floor => x.cmp(y),
        (RuleValue::Fixed(x), RuleValue::Fixed(y)) => y.cmp(x),
        _ => Ordering::Equal,
    };
    by_value.then(strict(a.comparator).cmp(&strict(b.comparator)))
}

/// Marks the governing outcome of each (indicator, unit, period) group.
pub(super) fn rank(outcomes: &mut [Outcome]) {
    let mut groups: FxHashMap<(&str, UnitId, Period), Vec<usize>> = FxHashMap::default();
    // Only indicators bound by more than one target can compete.
    for (i, o) in outcomes.iter().enumerate() {
        groups.entry((o.indicator(), o.unit, o.period)).or_default().push(i);
    }
    let mut superseded: Vec<(usize, u32)> = Vec::new();
    for members in groups.values() {
        let [first, rest @ ..] = members.as_slice() else { continue };
        if rest.is_empty() {
            continue;
        }
        let rule_of = |i: usize| outcomes.get(i).and_then(|o| o.target_def().target.rule.as_ref());
        // The first most demanding in catalogue order governs; ties keep the earlier one.
        let mut best = *first;
        for &i in rest {
            if let (Some(a), Some(b)) = (rule_of(i), rule_of(best)) {
                if demand(a, b) == Ordering::Greater {
                    best = i;
                }
            }
        }
        let Some(winner) = outcomes.get(best).map(|o| o.target) else { continue };
        superseded.extend(members.iter().filter(|i| **i != best).map(|i| (*i, winner)));
    }
    for (i, winner) in superseded {
        if let Some(o) = outcomes.get_mut(i) {
            o.governing = false;
            o.superseded_by = Some(winner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(c: &str, v: &str) -> Rule {
        toml::from_str(&format!("comparator = \"{c}\"\nvalue = \"{v}\"")).unwrap()
    }

    #[test]
    fn higher_floor_and_stricter_comparator_are_more_demanding() {
        assert_eq!(demand(&rule(">=", "10%"), &rule(">", "1%")), Ordering::Greater);
        assert_eq!(demand(&rule(">=", "20%"), &rule(">", "15%")), Ordering::Greater);
        assert_eq!(demand(&rule(">", "50%"), &rule(">=", "50%")), Ordering::Greater);
        assert_eq!(demand(&rule("<", "10%"), &rule("<", "13%")), Ordering::Greater);
        assert_eq!(demand(&rule(">", "20%"), &rule(">", "20%")), Ordering::Equal);
    }
}
