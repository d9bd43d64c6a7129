//! Numbers as people in the province read them: "1.000" and "79,00%" in
//! Vietnamese, "1,000" and "79.00%" in English. Display only: decisions are
//! taken on exact values before anything is formatted.
//!
//! Every human view (explanations, the terminal tables, the HTML report and
//! Jupyter, workbooks) formats through these functions, so a number reads
//! the same everywhere:
//! - [`number`]: a value as a document or a table states it (a threshold, a
//!   share, a count): whole, or exact when short;
//! - [`percent_against`]: a measured value, two places by default, more only
//!   where two would make it look equal to the threshold it is compared with
//!   (a near miss such as 90.996% against "≥ 91%");
//! - [`count`], [`share`], [`points`]: counts of things, a part of a whole in
//!   percent, a margin in percentage points ("-5,08 điểm %");
//! - [`exact`]: the exact value behind a rounded one, for a tooltip.
//!
//! Machine forms (JSON, CSV) never go through here: they keep `Exact`'s own
//! decimal and fraction text.

use crate::exact::Exact;
use crate::Lang;

/// A status (its public name: met, not_met, no_data, not_applicable) as a
/// person reads it.
pub fn status_word(status: &str, lang: Lang) -> &'static str {
    match (status, lang) {
        ("met", Lang::Vi) => "ĐẠT",
        ("not_met", Lang::Vi) => "KHÔNG ĐẠT",
        ("no_data", Lang::Vi) => "thiếu số liệu",
        ("not_applicable", Lang::Vi) => "không áp dụng",
        ("met", Lang::En) => "MET",
        ("not_met", Lang::En) => "NOT MET",
        ("no_data", Lang::En) => "no data",
        ("not_applicable", Lang::En) => "n/a",
        _ => "?",
    }
}

/// Groups thousands and sets the decimal mark for `lang` on plain decimal text.
fn localise(text: &str, lang: Lang) -> String {
    let (sign, body) = text.strip_prefix('-').map(|b| ("-", b)).unwrap_or(("", text));
    let (int, frac) = body.split_once('.').map(|(i, f)| (i, Some(f))).unwrap_or((body, None));
    let (group, mark) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    // One allocation: digits are ASCII, so byte positions are digit positions.
    let mut out = String::with_capacity(text.len() + int.len() / 3 + 1);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(mark);
        out.push_str(f);
    }
    out
}

/// A number as exact as it is short: integers whole, other values exact when
/// they terminate within 4 places, else rounded to 2 places.
pub fn number(x: &Exact, lang: Lang) -> String {
    if x.is_integer() {
        return localise(&x.decimal_text(), lang);
    }
    let text = match x.terminating_decimal() {
        Some(t) if t.split_once('.').map_or(true, |(_, f)| f.len() <= 4) => t,
        _ => x.rounded(2, false),
    };
    localise(&text, lang)
}

/// A percentage value shown beside a threshold: two places, more when two
/// places would make a value that differs from the threshold look equal to it
/// (91.004% against "> 91%").
pub fn percent_against(x: &Exact, threshold: Option<&Exact>, lang: Lang) -> String {
    let mut places = 2;
    if let Some(t) = threshold {
        while places < 10 && x != t && x.rounds_like(t, places) {
            places += 1;
        }
    }
    localise(&x.rounded(places, false), lang)
}

/// A count of things: "1.759" / "1,759".
pub fn count(n: usize, lang: Lang) -> String {
    localise(&n.to_string(), lang)
}

/// `part` of `whole` in percent, two places: "80,00%"; `None` for an empty whole.
pub fn share(part: usize, whole: usize, lang: Lang) -> Option<String> {
    let (p, w) = (i64::try_from(part).ok()?, i64::try_from(whole).ok()?);
    let x = Exact::ratio(&Exact::from_int(p), &Exact::from_int(w))?;
    Some(format!("{}%", percent_against(&x.percent(), None, lang)))
}

/// A margin in percentage points (the value already in percent): "-5,08 điểm %"
/// / "-5.08 pts"; more places when two would round a miss to zero.
pub fn points(pts: &Exact, lang: Lang) -> String {
    let shown = percent_against(pts, Some(&Exact::zero()), lang);
    match lang {
        Lang::Vi => format!("{shown} điểm %"),
        Lang::En => format!("{shown} pts"),
    }
}

/// The exact value behind a rounded one, for a tooltip: its decimal
/// expansion when it terminates, else the fraction and ten places
/// ("5600/59 ≈ 94,9152542373").
pub fn exact(x: &Exact, lang: Lang) -> String {
    match x.terminating_decimal() {
        Some(t) => localise(&t, lang),
        None => format!("{} ≈ {}", x.fraction_text(), localise(&x.rounded(10, true), lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(s: &str) -> Exact {
        Exact::parse_threshold(s).unwrap()
    }

    #[test]
    fn numbers_read_as_in_each_language() {
        assert_eq!(number(&e("1000"), Lang::Vi), "1.000");
        assert_eq!(number(&e("1234567.5"), Lang::En), "1,234,567.5");
        assert_eq!(number(&e("-4.9"), Lang::Vi), "-4,9");
        assert_eq!(percent_against(&e("79"), Some(&e("80")), Lang::Vi), "79,00");
    }

    #[test]
    fn counts_shares_points_and_exact_values() {
        assert_eq!(count(1759, Lang::Vi), "1.759");
        assert_eq!(count(1759, Lang::En), "1,759");
        assert_eq!(count(12, Lang::Vi), "12");
        assert_eq!(share(56, 59, Lang::Vi).as_deref(), Some("94,92%"));
        assert_eq!(share(56, 59, Lang::En).as_deref(), Some("94.92%"));
        assert_eq!(share(1, 0, Lang::En), None);
        assert_eq!(points(&e("-5.0847457627"), Lang::Vi), "-5,08 điểm %");
        assert_eq!(points(&e("-5.0847457627"), Lang::En), "-5.08 pts");
        // A miss of 0.004 points is not shown as zero.
        assert_eq!(points(&e("-0.004"), Lang::En), "-0.004 pts");
        let x = Exact::ratio(&Exact::from_int(5600), &Exact::from_int(59)).unwrap();
        assert_eq!(exact(&x, Lang::Vi), "5600/59 ≈ 94,9152542373");
        assert_eq!(exact(&e("1234.5"), Lang::Vi), "1.234,5");
    }

    #[test]
    fn a_near_miss_is_shown_with_enough_places() {
        assert_eq!(percent_against(&e("91.004"), Some(&e("91")), Lang::En), "91.004");
        assert_eq!(percent_against(&e("91"), Some(&e("91")), Lang::En), "91.00");
    }
}
