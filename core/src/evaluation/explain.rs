//! Explanations a person can read aloud in a meeting, in Vietnamese and
//! English: the numbers, the comparison, and the document and clause.

use super::rule::{Status, Undecided, Verdict};
use crate::catalogue::{Comparator, Direction};
use crate::exact::Exact;
use crate::format;
use crate::Lang;

/// The symbol that holds between actual and required: the comparator when
/// met, its negation when not ("79% < 80%").
fn result_symbol(c: Comparator, met: bool) -> &'static str {
    if met {
        return c.symbol();
    }
    match c {
        Comparator::AtLeast => "<",
        Comparator::MoreThan => "≤",
        Comparator::LessThan => "≥",
        Comparator::AtMost => ">",
        Comparator::Equal => "≠",
    }
}

fn pct(x: &Exact) -> Exact {
    x.percent()
}

/// "80%" or "550": a threshold in the measure's unit.
pub fn threshold_text(x: &Exact, fraction: bool, lang: Lang) -> String {
    // Thresholds are the catalogue's few numbers, written for every outcome:
    // each text is made once per thread (and the memory is bounded).
    thread_local! {
        static MADE: std::cell::RefCell<rustc_hash::FxHashMap<(Exact, bool, Lang), String>> = Default::default();
    }
    let key = (x.clone(), fraction, lang);
    if let Some(t) = MADE.with(|m| m.borrow().get(&key).cloned()) {
        return t;
    }
    let t = make_threshold_text(x, fraction, lang);
    MADE.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(key, t.clone());
    });
    t
}

fn make_threshold_text(x: &Exact, fraction: bool, lang: Lang) -> String {
    if fraction {
        match pct(x).terminating_decimal() {
            Some(_) => format!("{}%", format::number(&pct(x), lang)),
            None => format!("{} ({}%)", x.fraction_text(), format::number(&pct(x), lang)),
        }
    } else {
        format::number(x, lang)
    }
}

fn counted_word(counted: Option<&str>, lang: Lang) -> &'static str {
    match (counted, lang) {
        (Some("commune"), Lang::Vi) => " xã",
        (Some("district"), Lang::Vi) => " huyện",
        (Some("month"), Lang::Vi) => " tháng",
        (Some("commune"), Lang::En) => " communes",
        (Some("district"), Lang::En) => " districts",
        (Some("month"), Lang::En) => " months",
        _ => "",
    }
}

/// The requirement in words: "≥ 80%", "giảm ≥ 5% so với năm 2020",
/// "< 729 (năm 2022)". It is said the same way whether or not the figures are
/// there: a relative change always reads as a change from its baseline period.
pub fn required_text(v: &Verdict, lang: Lang) -> String {
    let sym = v.comparator.symbol();
    let base_period = v.baseline_period.or(v.baseline.as_ref().map(|(p, _)| *p));
    let mut s = match (v.direction, base_period, &v.required) {
        (Some(dir), bp, Some(x)) => {
            let word = match (dir, lang) {
                (Direction::Decrease, Lang::Vi) => "giảm",
                (Direction::Increase, Lang::Vi) => "tăng",
                (Direction::Decrease, Lang::En) => "decrease",
                (Direction::Increase, Lang::En) => "increase",
            };
            let vs = match (bp, lang) {
                (Some(bp), Lang::Vi) => format!(" so với {}", bp.words(lang)),
                (Some(bp), Lang::En) => format!(" vs {}", bp.words(lang)),
                (None, _) => String::new(),
            };
            format!("{word} {sym} {}{vs}", threshold_text(x, true, lang))
        }
        (None, Some(bp), _) => match &v.baseline {
            Some((_, b)) => {
                let val = if v.fraction { format!("{}%", format::number(&pct(b), lang)) } else { format::number(b, lang) };
                format!("{sym} {val} ({})", bp.words(lang))
            }
            None => format!("{sym} {}", bp.words(lang)),
        },
        (None, None, Some(x)) => format!("{sym} {}", threshold_text(x, v.fraction, lang)),
        _ => String::new(),
    };
    if let (Some(k), Some((_, den))) = (&v.required_count, &v.parts) {
        let k = format::number(k, lang);
        let den = format::number(den, lang);
        s.push_str(&match (v.comparator, lang) {
            (Comparator::AtLeast | Comparator::MoreThan | Comparator::Equal, Lang::Vi) => format!(" (cần ít nhất {k}/{den})"),
            (Comparator::AtLeast | Comparator::MoreThan | Comparator::Equal, Lang::En) => format!(" (needs at least {k} of {den})"),
            (_, Lang::Vi) => format!(" (không quá {k}/{den})"),
            (_, Lang::En) => format!(" (at most {k} of {den})"),
        });
    }
    if let Some((s_val, _)) = &v.stretch {
        s.push_str(&match lang {
            Lang::Vi => format!(", phấn đấu {}", threshold_text(s_val, true, lang)),
            Lang::En => format!(", stretch {}", threshold_text(s_val, true, lang)),
        });
    }
    s
}

/// The numbers and the comparison, without the name and the source.
pub fn body(v: &Verdict, lang: Lang, missing_text: &dyn Fn(&Undecided, Lang) -> String) -> String {
    if let Some(u) = &v.undecided {
        return missing_text(u, lang);
    }
    if v.status == Status::Met && v.actual.is_none() {
        // "100% of none": nothing to count.
        let den = v.parts.as_ref().map(|_| "0").unwrap_or("0");
        return match lang {
            Lang::Vi => format!("không có đối tượng nào phải tính (mẫu số = {den}), đạt {}", required_text(v, lang)),
            Lang::En => format!("nothing to count (denominator = {den}), {} is met", required_text(v, lang)),
        };
    }
    let met = v.status == Status::Met;
    #[allow(clippy::expect_used)] // Verdicts without a value (no data, nothing to count) are worded above.
    let actual = v.actual.as_ref().expect("decided verdicts have an actual value");
    let shown = |x: &Exact, against: Option<&Exact>| -> String {
        if v.fraction {
            format!("{}%", format::percent_against(&pct(x), against.map(pct).as_ref(), lang))
        } else {
            format::number(x, lang)
        }
    };
    let actual_text = match &v.parts {
        Some((n, d)) if v.fraction => format!(
            "{}/{}{} = {}",
            format::number(n, lang),
            format::number(d, lang),
            counted_word(v.counted.as_deref(), lang),
            shown(actual, if v.direction.is_none() { v.required.as_ref() } else { None })
        ),
        _ => shown(actual, None),
    };
    let sym = result_symbol(v.comparator, met);
    let mut s = match (v.direction, &v.baseline, &v.change, &v.required) {
        (Some(dir), Some((bp, b)), Some(ch), Some(x)) => {
            let word = match (dir, lang) {
                (Direction::Decrease, Lang::Vi) => "giảm",
                (Direction::Increase, Lang::Vi) => "tăng",
                (Direction::Decrease, Lang::En) => "a decrease of",
                (Direction::Increase, Lang::En) => "an increase of",
            };
            let ch = format!("{}%", format::percent_against(&pct(ch), Some(&pct(x)), lang));
            match lang {
                Lang::Vi => format!("{actual_text} so với {} ({}): {word} {ch} {sym} {}", shown(b, None), bp.words(lang), threshold_text(x, true, lang)),
                Lang::En => format!("{actual_text} vs {} ({}): {word} {ch} {sym} {}", shown(b, None), bp.words(lang), threshold_text(x, true, lang)),
            }
        }
        // "715 < 729 (năm 2022)": the baseline's period in brackets, so the
        // number before it reads as a number, not as "729 years".
        (None, Some((bp, b)), _, _) => format!("{actual_text} {sym} {} ({})", shown(b, Some(actual)), bp.words(lang)),
        (_, _, _, Some(x)) => {
            let mut t = format!("{actual_text} {sym} {}", threshold_text(x, v.fraction, lang));
            if !met {
                if let (Some(k), Some((_, d))) = (&v.required_count, &v.parts) {
                    let (k, d) = (format::number(k, lang), format::number(d, lang));
                    t.push_str(&match (v.comparator, lang) {
                        (Comparator::AtLeast | Comparator::MoreThan | Comparator::Equal, Lang::Vi) => format!(" (cần ít nhất {k}/{d})"),
                        (Comparator::AtLeast | Comparator::MoreThan | Comparator::Equal, Lang::En) => format!(" (needs at least {k} of {d})"),
                        (_, Lang::Vi) => format!(" (chỉ được tối đa {k}/{d})"),
                        (_, Lang::En) => format!(" (allows at most {k} of {d})"),
                    });
                }
            }
            t
        }
        _ => actual_text,
    };
    if let Some((sv, reached)) = &v.stretch {
        s.push_str(&match (lang, reached) {
            (Lang::Vi, true) => format!("; đạt cả mức phấn đấu {}", threshold_text(sv, true, lang)),
            (Lang::Vi, false) => format!("; chưa đạt mức phấn đấu {}", threshold_text(sv, true, lang)),
            (Lang::En, true) => format!("; the stretch level {} is reached too", threshold_text(sv, true, lang)),
            (Lang::En, false) => format!("; the stretch level {} is not reached", threshold_text(sv, true, lang)),
        });
    }
    s
}

/// A rule in words without any data: "≥ 80%", "giảm ≥ 5% so với năm 2020",
/// "< năm trước" — for catalogue listings.
pub fn rule_text(m: &crate::catalogue::Measure, r: &crate::catalogue::Rule, lang: Lang) -> String {
    use crate::catalogue::{Baseline, RuleValue};
    let sym = r.comparator.symbol();
    let base = |b: &Option<Baseline>| match (b, lang) {
        (Some(Baseline::PreviousYear), Lang::Vi) => "năm trước".to_string(),
        (Some(Baseline::PreviousYear), Lang::En) => "the previous year".to_string(),
        (Some(Baseline::Fixed(p)), _) => p.words(lang),
        (None, _) => String::new(),
    };
    let mut s = match (&r.change, &r.value) {
        (Some(dir), RuleValue::Fixed(x)) => {
            let word = match (dir, lang) {
                (Direction::Decrease, Lang::Vi) => "giảm",
                (Direction::Increase, Lang::Vi) => "tăng",
                (Direction::Decrease, Lang::En) => "decrease",
                (Direction::Increase, Lang::En) => "increase",
            };
            let vs = if lang == Lang::Vi { "so với" } else { "vs" };
            format!("{word} {sym} {} {vs} {}", threshold_text(x, true, lang), base(&r.baseline))
        }
        (None, RuleValue::Baseline) => format!("{sym} {}", base(&r.baseline)),
        (None, RuleValue::Fixed(x)) => format!("{sym} {}", threshold_text(x, m.is_fraction(), lang)),
        (Some(_), RuleValue::Baseline) => unreachable!("validation refuses a change against 'baseline'"),
    };
    if let Some(st) = &r.stretch {
        s.push_str(&match lang {
            Lang::Vi => format!(", phấn đấu {}", threshold_text(st, true, lang)),
            Lang::En => format!(", stretch {}", threshold_text(st, true, lang)),
        });
    }
    s
}
