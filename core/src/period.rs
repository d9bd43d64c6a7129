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
#[error("'{0}' is not a period: expected a year (2023), a quarter (2023-Q2), a month (2023-05), a span of years (2016-2020) or a date (2024-12-15)")]
pub struct PeriodError(pub String);

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
    pub fn previous_year(&self) -> Period {
        match *self {
            Period::Year(y) => Period::Year(y - 1),
            Period::Quarter(y, q) => Period::Quarter(y - 1, q),
            Period::Month(y, m) => Period::Month(y - 1, m),
            Period::Span(a, b) => Period::Span(a - (b - a + 1), a - 1),
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
            Period::Quarter(y, q) => vec![(1..=3).map(|i| Period::Month(y, (q - 1) * 3 + i)).collect()],
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
            Period::Quarter(y, q) => (1..=3).map(|i| Period::Month(y, (q - 1) * 3 + i)).collect(),
            Period::Month(..) => vec![*self],
            Period::Span(a, b) => (a..=b).flat_map(|y| Period::Year(y).months()).collect(),
            Period::Day(_) => vec![],
        }
    }
}

trait ClampYear {
    fn with_year_clamped(&self, delta: i32) -> NaiveDate;
}
impl ClampYear for NaiveDate {
    fn with_year_clamped(&self, delta: i32) -> NaiveDate {
        use chrono::Months;
        if delta < 0 {
            self.checked_sub_months(Months::new((-delta) as u32 * 12)).unwrap_or(*self)
        } else {
            self.checked_add_months(Months::new(delta as u32 * 12)).unwrap_or(*self)
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
                p.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let parts: Vec<&str> = t.split('-').collect();
        match parts.as_slice() {
            [y] => Ok(Period::Year(year(y)?)),
            [y, q] if q.starts_with('Q') || q.starts_with('q') => {
                let n: u8 = q[1..].parse().map_err(|_| err())?;
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
            [_, _, _] => NaiveDate::parse_from_str(t, "%Y-%m-%d").map(Period::Day).map_err(|_| err()),
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
}
