//! Reporting periods: a year, a quarter, a month, a span of years, or a day.
//!
//! Provincial reports come yearly, but the police keep monthly and quarterly
//! figures, NQ 314 compares a five-year span with the previous one, and the
//! drug-free scheme judges a commune at a review date. One type covers them so
//! that data of any of these grains can be stored and aggregated exactly.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Period {
    Year(i32),
    /// Year and quarter 1..=4.
    Quarter(i32, u8),
    /// Year and month 1..=12.
    Month(i32, u8),
    /// Inclusive span of whole years, e.g. 2016-2020.
    Span(i32, i32),
    /// One day: figures as they stand at a date.
    Day(NaiveDate),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{}' is not a period: expected a year (2023), a quarter (2023-Q2), a month (2023-05), a span of years (2016-2020) or a date (2024-12-15), in the years {FIRST_YEAR}-{LAST_YEAR}", crate::error::elide(.0, 128))]
pub struct PeriodError(pub String);

/// The first and last years chitieu reads (periods, dates, programme years).
/// Anything outside is a mistake in the input, refused where it is read, so
/// that no date arithmetic ever nears chrono's limits.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;

/// Whether a year lies in `FIRST_YEAR..=LAST_YEAR`.
pub fn year_in_range(year: i32) -> bool {
    (FIRST_YEAR..=LAST_YEAR).contains(&year)
}

impl Period {
    /// The year a period lies in (the last year of a span).
    pub fn year(&self) -> i32 {
        match *self {
            Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _) => y,
            Period::Span(_, b) => b,
            Period::Day(d) => chrono::Datelike::year(&d),
        }
    }
    /// The same kind of period one year earlier (2023 -> 2022, 2023-Q2 -> 2022-Q2).
    /// Saturates at the ends of `i32` for a period built in code outside the
    /// years read from input (those are checked where they are read).
    pub fn previous_year(&self) -> Period {
        match *self {
            Period::Year(y) => Period::Year(y.saturating_sub(1)),
            Period::Quarter(y, q) => Period::Quarter(y.saturating_sub(1), q),
            Period::Month(y, m) => Period::Month(y.saturating_sub(1), m),
            Period::Span(a, b) => Period::Span(a.saturating_sub(b.saturating_sub(a).saturating_add(1)), a.saturating_sub(1)),
            Period::Day(d) => Period::Day(d.with_year_clamped(-1)),
        }
    }
    /// The period in words: "năm 2020", "giai đoạn 2016-2020", "quý 2/2023",
    /// "tháng 05/2023", "ngày 01/05/2024"; in English "2020", "2016-2020",
    /// "2023-Q2", "2023-05", "2024-05-01".
    pub fn words(&self, lang: crate::Lang) -> String {
        match (self, lang) {
            (Period::Year(y), crate::Lang::Vi) => format!("năm {y}"),
            (Period::Span(a, b), crate::Lang::Vi) => format!("giai đoạn {a}-{b}"),
            (Period::Quarter(y, q), crate::Lang::Vi) => format!("quý {q}/{y}"),
            (Period::Month(y, m), crate::Lang::Vi) => format!("tháng {m:02}/{y}"),
            (Period::Day(d), crate::Lang::Vi) => format!("ngày {}", d.format("%d/%m/%Y")),
            (p, crate::Lang::En) => p.to_string(),
        }
    }
    /// The finer periods that add up to this one, grain by grain: a span is its
    /// years; a year is its quarters, or its months.
    pub fn decompositions(&self) -> Vec<Vec<Period>> {
        match *self {
            Period::Span(a, b) => vec![(a..=b).map(Period::Year).collect()],
            Period::Year(y) => vec![
                (1..=4).map(|q| Period::Quarter(y, q)).collect(),
                (1..=12).map(|m| Period::Month(y, m)).collect(),
            ],
            Period::Quarter(y, q) => vec![(1..=3).map(|i| Period::Month(y, first_month(q) + i)).collect()],
            Period::Month(..) | Period::Day(_) => vec![],
        }
    }
    /// The first and last day of the period.
    pub fn dates(&self) -> (NaiveDate, NaiveDate) {
        let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d);
        let first = |y: i32, m: u8| day(y, u32::from(m), 1).unwrap_or(if y < 0 { NaiveDate::MIN } else { NaiveDate::MAX });
        let last = |y: i32, m: u8| {
            let next = if m == 12 { day(y + 1, 1, 1) } else { day(y, u32::from(m) + 1, 1) };
            next.and_then(|d| d.pred_opt()).unwrap_or(if y < 0 { NaiveDate::MIN } else { NaiveDate::MAX })
        };
        match *self {
            Period::Year(y) => (first(y, 1), last(y, 12)),
            Period::Quarter(y, q) => (first(y, q.saturating_sub(1) * 3 + 1), last(y, q.saturating_mul(3))),
            Period::Month(y, m) => (first(y, m), last(y, m)),
            Period::Span(a, b) => (first(a, 1), last(b, 12)),
            Period::Day(d) => (d, d),
        }
    }
    /// Whether `other` is one of the finer periods this one adds up from,
    /// at any depth (a month of a quarter of a year of a span).
    pub fn contains(&self, other: &Period) -> bool {
        match (*self, *other) {
            (Period::Span(a, b), Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _)) => (a..=b).contains(&y),
            (Period::Year(y), Period::Quarter(z, _) | Period::Month(z, _)) => y == z,
            (Period::Quarter(y, q), Period::Month(z, m)) => y == z && m.saturating_sub(1) / 3 + 1 == q,
            _ => false,
        }
    }
    /// The months of a year (for "every month" targets).
    pub fn months(&self) -> Vec<Period> {
        match *self {
            Period::Year(y) => (1..=12).map(|m| Period::Month(y, m)).collect(),
            Period::Quarter(y, q) => (1..=3).map(|i| Period::Month(y, first_month(q) + i)).collect(),
            Period::Month(..) => vec![*self],
            Period::Span(a, b) => (a..=b).flat_map(|y| Period::Year(y).months()).collect(),
            Period::Day(_) => vec![],
        }
    }
}

/// The month before a quarter's first (0 for Q1); quarters read from input are 1..=4.
fn first_month(q: u8) -> u8 {
    q.clamp(1, 4).saturating_sub(1).saturating_mul(3)
}

trait ClampYear {
    fn with_year_clamped(&self, delta: i32) -> NaiveDate;
}
impl ClampYear for NaiveDate {
    fn with_year_clamped(&self, delta: i32) -> NaiveDate {
        use chrono::Months;
        let months = Months::new(delta.unsigned_abs().saturating_mul(12));
        if delta < 0 {
            self.checked_sub_months(months).unwrap_or(*self)
        } else {
            self.checked_add_months(months).unwrap_or(*self)
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let err = || PeriodError(s.to_string());
        let year = |p: &str| -> Result<i32, PeriodError> {
            if p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()) {
                p.parse().ok().filter(|y| year_in_range(*y)).ok_or_else(err)
            } else {
                Err(err())
            }
        };
        let parts: Vec<&str> = t.split('-').collect();
        match parts.as_slice() {
            [y] => Ok(Period::Year(year(y)?)),
            [y, q] if q.starts_with('Q') || q.starts_with('q') => {
                let n: u8 = q.get(1..).unwrap_or_default().parse().map_err(|_| err())?;
                if (1..=4).contains(&n) && q.len() == 2 {
                    Ok(Period::Quarter(year(y)?, n))
                } else {
                    Err(err())
                }
            }
            [y, m] if m.len() == 2 => {
                let n: u8 = m.parse().map_err(|_| err())?;
                if (1..=12).contains(&n) {
                    Ok(Period::Month(year(y)?, n))
                } else {
                    Err(err())
                }
            }
            [a, b] if b.len() == 4 => {
                let (a, b) = (year(a)?, year(b)?);
                if a < b {
                    Ok(Period::Span(a, b))
                } else {
                    Err(err())
                }
            }
            [y, _, _] => {
                year(y)?;
                NaiveDate::parse_from_str(t, "%Y-%m-%d").map(Period::Day).map_err(|_| err())
            }
            _ => Err(err()),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
            Period::Span(a, b) => write!(f, "{a}-{b}"),
            Period::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

impl TryFrom<String> for Period {
    type Error = PeriodError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}
impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_grain() {
        assert_eq!("2023".parse::<Period>().unwrap(), Period::Year(2023));
        assert_eq!("2023-Q2".parse::<Period>().unwrap(), Period::Quarter(2023, 2));
        assert_eq!("2023-05".parse::<Period>().unwrap(), Period::Month(2023, 5));
        assert_eq!("2016-2020".parse::<Period>().unwrap(), Period::Span(2016, 2020));
        assert_eq!("2024-02-29".parse::<Period>().unwrap().to_string(), "2024-02-29");
        for bad in ["23", "2023-Q5", "2023-13", "2020-2016", "2023-02-30", "", "2023/05"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn previous_year_of_a_span_is_the_span_before() {
        assert_eq!(Period::Span(2021, 2025).previous_year(), Period::Span(2016, 2020));
        assert_eq!(Period::Quarter(2023, 2).previous_year(), Period::Quarter(2022, 2));
    }

    #[test]
    fn years_outside_the_range_are_not_periods_and_arithmetic_never_overflows() {
        for bad in ["1899", "2201", "0000", "9999-Q4", "1000-9999", "0001-01-01", "9999-12-31", "+262143-01-01", "-262143"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
        assert!("1900-2200".parse::<Period>().is_ok());
        assert_eq!(Period::Year(i32::MIN).previous_year(), Period::Year(i32::MIN));
        assert_eq!(Period::Span(i32::MIN, i32::MAX).previous_year(), Period::Span(i32::MIN, i32::MIN));
        assert_eq!(Period::Quarter(2023, 0).months().len(), 3);
        let d = chrono::NaiveDate::MIN;
        assert_eq!(Period::Day(d).previous_year(), Period::Day(d));
    }
}
