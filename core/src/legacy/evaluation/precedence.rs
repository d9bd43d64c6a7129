//! Precedence: when several targets bind the same indicator for the same unit
//! and period, the most demanding governs and the others are reported as
//! superseded by it, never hidden (NQ 314: its targets give way where a higher
//! authority sets a higher one; RULES.md section 2).

use std::cmp::Ordering;
use std::collections::HashMap;

use super::outcome::Outcome;
use crate::catalogue::{Catalogue, Comparator, Rule, RuleValue};

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
pub(super) fn rank(cat: &Catalogue, outcomes: &mut [Outcome]) {
    let mut groups: HashMap<(String, String, String), Vec<usize>> = HashMap::new();
    for (i, o) in outcomes.iter().enumerate() {
        groups.entry((o.indicator.clone(), o.unit.clone(), o.period.to_string())).or_default().push(i);
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let rule_of = |i: usize| cat.target(&outcomes[i].target).and_then(|t| t.target.rule.as_ref());
        // The first most demanding in catalogue order governs; ties keep the earlier one.
        let mut best = members[0];
        for &i in &members[1..] {
            if let (Some(a), Some(b)) = (rule_of(i), rule_of(best)) {
                if demand(a, b) == Ordering::Greater {
                    best = i;
                }
            }
        }
        let winner = outcomes[best].target.clone();
        for &i in members {
            if i != best {
                let o = &mut outcomes[i];
                o.governing = false;
                o.superseded_by = Some(winner.clone());
                o.explanation_vi.push_str(&format!(" — kết quả được đánh giá theo chỉ tiêu {winner}, có mức yêu cầu ngang bằng hoặc cao hơn"));
                o.explanation_en.push_str(&format!(" — the result is judged by {winner}, whose requirement is equal or stricter"));
            }
        }
    }
}
