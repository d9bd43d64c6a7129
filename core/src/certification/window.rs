//! Windows of days, computed exactly from dates with chrono.
//!
//! "The 12 months before S" is (S − 12 calendar months, S]: chrono's month
//! arithmetic clamps to the month's end, so S = 2024-02-29 starts after
//! 2023-02-28. Windows are kept as inclusive first and last days, so
//! (2023-02-28, 2024-02-29] is stored as 2023-03-01..2024-02-29.

pub use chrono::NaiveDate;
use chrono::{Days, Months};

use crate::Lang;

/// An inclusive range of days; empty when `first > last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Window {
    /// Both days included.
    pub fn inclusive(first: NaiveDate, last: NaiveDate) -> Window {
        Window { first, last }
    }
    /// (after, last]: the days after `after`, up to `last`.
    pub fn after(after: NaiveDate, last: NaiveDate) -> Window {
        Window { first: after.checked_add_days(Days::new(1)).unwrap_or(after), last }
    }
    /// (date − n calendar months, date], month-end clamped.
    pub fn months_before(date: NaiveDate, months: u32) -> Window {
        let start = date.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN);
        Window::after(start, date)
    }
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }
    pub fn is_empty(&self) -> bool {
        self.first > self.last
    }
    /// "01/05/2024–15/12/2024" / "2024-05-01..2024-12-15".
    pub fn text(&self, lang: Lang) -> String {
        if self.is_empty() {
            return match lang {
                Lang::Vi => format!("(không có ngày nào sau {})", date_text(self.last, lang)),
                Lang::En => format!("(no day after {})", date_text(self.last, lang)),
            };
        }
        match lang {
            Lang::Vi => format!("{}–{}", date_text(self.first, lang), date_text(self.last, lang)),
            Lang::En => format!("{}..{}", date_text(self.first, lang), date_text(self.last, lang)),
        }
    }
}

/// Today's date on this machine (a listing's default day).
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A date as people read it: 12/07/2024 in Vietnamese, 2024-07-12 in English.
pub fn date_text(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// `date` when its year is one chitieu reads (`crate::period::FIRST_YEAR` to
/// `LAST_YEAR`), else an `Error::Invalid` saying so.
pub fn check_date(date: NaiveDate) -> Result<NaiveDate, crate::Error> {
    use chrono::Datelike;
    if crate::period::year_in_range(date.year()) {
        Ok(date)
    } else {
        Err(crate::Error::Invalid(format!("the date {date} is outside the years {}-{}", crate::period::FIRST_YEAR, crate::period::LAST_YEAR)))
    }
}

/// Parses a day written YYYY-MM-DD; the error says whether the text is not a
/// date at all or a date that does not exist (2024-02-30).
pub fn parse_date(text: &str) -> Result<NaiveDate, (&'static str, &'static str)> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        if t.len() == 10 {
            return check_date(d).map_err(|_| ("a date outside the years chitieu reads", "a date between 1900-01-01 and 2200-12-31"));
        }
    }
    let shaped = t.len() == 10 && t.chars().enumerate().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
    if shaped {
        Err(("a date that does not exist", "a real calendar date, YYYY-MM-DD"))
    } else {
        Err(("not a date", "a date written YYYY-MM-DD, e.g. 2024-07-12"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn twelve_months_before_a_leap_day_is_clamped() {
        let w = Window::months_before(d("2024-02-29"), 12);
        assert_eq!((w.first, w.last), (d("2023-03-01"), d("2024-02-29")));
        assert!(!w.contains(d("2023-02-28")));
        assert!(w.contains(d("2024-02-29")));
        let w = Window::months_before(d("2024-12-15"), 12);
        assert!(!w.contains(d("2023-12-15")) && w.contains(d("2023-12-16")));
    }

    #[test]
    fn a_date_that_does_not_exist_is_named_as_such() {
        assert_eq!(parse_date("2024-02-30").unwrap_err().0, "a date that does not exist");
        assert_eq!(parse_date("30/02/2024").unwrap_err().0, "not a date");
        assert!(parse_date("2024-02-29").is_ok());
    }
}
