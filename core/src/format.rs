//! Numbers as people in the province read them: "1.000" and "79,00%" in
//! Vietnamese, "1,000" and "79.00%" in English. Display only: decisions are
//! taken on exact values before anything is formatted.

use crate::exact::Exact;
use crate::Lang;

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
        while places < 10 && x != t && x.rounded(places, false) == t.rounded(places, false) {
            places += 1;
        }
    }
    localise(&x.rounded(places, false), lang)
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
    fn a_near_miss_is_shown_with_enough_places() {
        assert_eq!(percent_against(&e("91.004"), Some(&e("91")), Lang::En), "91.004");
        assert_eq!(percent_against(&e("91"), Some(&e("91")), Lang::En), "91.00");
    }
}
