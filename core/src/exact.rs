//! Exact numbers for every decision.
//!
//! A target decides a public verdict, so no comparison may pass through a float:
//! every value is a rational number of arbitrary size. Inputs arrive as decimal
//! text ("79", "0.5", "80%", "2/3") and are converted without loss; a rate is the
//! fraction numerator/denominator itself, so "91 of 100 is not > 91%" is decided
//! by cross-multiplication inside `BigRational`'s ordering.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

/// An exact rational number.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Exact(BigRational);

/// Why a text is not a number we accept.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("empty text")]
    Empty,
    #[error("'{0}' uses ',' : write decimals with '.', and no thousands separators")]
    Comma(String),
    #[error("'{0}' is not a number")]
    NotANumber(String),
    #[error("'{0}' divides by zero")]
    ZeroDenominator(String),
}

impl Exact {
    pub fn zero() -> Self {
        Exact(BigRational::zero())
    }
    pub fn one() -> Self {
        Exact(BigRational::one())
    }
    pub fn from_int(n: i64) -> Self {
        Exact(BigRational::from_integer(BigInt::from(n)))
    }
    /// The fraction `num / den`; `None` when `den` is zero.
    pub fn ratio(num: &Exact, den: &Exact) -> Option<Exact> {
        if den.is_zero() {
            None
        } else {
            Some(Exact(&num.0 / &den.0))
        }
    }
    pub fn from_decimal(d: Decimal) -> Self {
        let mantissa = BigInt::from(d.mantissa());
        let scale = BigInt::from(10u32).pow(d.scale());
        Exact(BigRational::new(mantissa, scale))
    }
    /// Parses a plain decimal ("12", "-3.25", "1e3"): the form data files use.
    pub fn parse_decimal(text: &str) -> Result<Exact, NumberError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(NumberError::Empty);
        }
        if t.contains(',') {
            return Err(NumberError::Comma(t.to_string()));
        }
        let d = Decimal::from_str_exact(t)
            .or_else(|_| Decimal::from_scientific(t))
            .map_err(|_| NumberError::NotANumber(t.to_string()))?;
        Ok(Exact::from_decimal(d))
    }
    /// Parses a threshold as written in a catalogue: "80%", "0.5%", "2/3", "550".
    pub fn parse_threshold(text: &str) -> Result<Exact, NumberError> {
        let t = text.trim();
        if let Some(p) = t.strip_suffix('%') {
            let v = Exact::parse_decimal(p)?;
            return Ok(Exact(v.0 / BigRational::from_integer(BigInt::from(100))));
        }
        if let Some((n, d)) = t.split_once('/') {
            let n = Exact::parse_decimal(n)?;
            let d = Exact::parse_decimal(d)?;
            return Exact::ratio(&n, &d).ok_or_else(|| NumberError::ZeroDenominator(t.to_string()));
        }
        Exact::parse_decimal(t)
    }
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }
    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }
    pub fn is_integer(&self) -> bool {
        self.0.is_integer()
    }
    pub fn abs(&self) -> Exact {
        Exact(self.0.abs())
    }
    pub fn floor(&self) -> Exact {
        Exact(self.0.floor())
    }
    pub fn ceil(&self) -> Exact {
        Exact(self.0.ceil())
    }
    pub fn percent(&self) -> Exact {
        Exact(&self.0 * BigRational::from_integer(BigInt::from(100)))
    }
    /// A float for display and plotting only, never for a decision.
    pub fn to_f64_lossy(&self) -> f64 {
        self.0.to_f64().unwrap_or(f64::NAN)
    }
    /// "num/den" in lowest terms, or the integer.
    pub fn fraction_text(&self) -> String {
        if self.0.is_integer() {
            self.0.numer().to_string()
        } else {
            format!("{}/{}", self.0.numer(), self.0.denom())
        }
    }
    /// The exact decimal expansion when it terminates (the denominator has only
    /// factors 2 and 5), else `None`.
    pub fn terminating_decimal(&self) -> Option<String> {
        let den = self.0.denom();
        let twos = den.trailing_zeros().unwrap_or(0);
        let mut rest = den >> twos;
        let five = BigInt::from(5);
        let mut fives = 0u64;
        while (&rest % &five).is_zero() {
            rest /= &five;
            fives += 1;
        }
        if !rest.is_one() {
            return None;
        }
        Some(self.rounded(twos.max(fives) as u32, false))
    }
    /// Decimal text with exactly `places` digits after the point, rounded half
    /// away from zero; `trim` removes trailing zeros. Display only.
    pub fn rounded(&self, places: u32, trim: bool) -> String {
        // Integer arithmetic on numerator and denominator: the quotient of
        // numer * 10^places by denom, rounded half away from zero.
        let scale = match 10u64.checked_pow(places) {
            Some(p) => BigInt::from(p),
            None => BigInt::from(10u32).pow(places),
        };
        let num = self.0.numer() * &scale;
        let den = self.0.denom();
        let (q, rem) = num.div_rem(den);
        let r = if rem.abs() * 2u32 >= *den {
            if num.is_negative() {
                q - 1
            } else {
                q + 1
            }
        } else {
            q
        };
        let neg = r.is_negative();
        let digits = r.abs().to_string();
        let mut s = if places == 0 {
            digits
        } else {
            let p = places as usize;
            let padded = format!("{:0>width$}", digits, width = p + 1);
            let (int, frac) = padded.split_at(padded.len() - p);
            format!("{int}.{frac}")
        };
        if trim && s.contains('.') {
            s = s.trim_end_matches('0').trim_end_matches('.').to_string();
        }
        if neg && s.chars().any(|c| c != '0' && c != '.') {
            s.insert(0, '-');
        }
        s
    }
    /// The text used as `actual`/`margin` in JSON: the exact decimal when it
    /// terminates, else 10 decimal places (the exact fraction is reported beside it).
    pub fn decimal_text(&self) -> String {
        self.terminating_decimal().unwrap_or_else(|| self.rounded(10, true))
    }
    pub fn inner(&self) -> &BigRational {
        &self.0
    }
}

impl FromStr for Exact {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Exact::parse_threshold(s)
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.decimal_text())
    }
}

macro_rules! arith {
    ($tr:ident, $m:ident, $op:tt) => {
        impl std::ops::$tr<&Exact> for &Exact {
            type Output = Exact;
            fn $m(self, rhs: &Exact) -> Exact {
                Exact(&self.0 $op &rhs.0)
            }
        }
    };
}
arith!(Add, add, +);
arith!(Sub, sub, -);
arith!(Mul, mul, *);

impl std::iter::Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(iter: I) -> Exact {
        iter.fold(Exact::zero(), |a, b| &a + &b)
    }
}

/// How a comparison came out, for explanations ("<", ">=", ...).
pub fn ordering_symbol(o: Ordering) -> &'static str {
    match o {
        Ordering::Less => "<",
        Ordering::Equal => "=",
        Ordering::Greater => ">",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_thresholds_exactly() {
        assert_eq!(Exact::parse_threshold("80%").unwrap(), Exact::parse_threshold("4/5").unwrap());
        assert_eq!(Exact::parse_threshold("0.5%").unwrap().fraction_text(), "1/200");
        assert_eq!(Exact::parse_threshold("2/3").unwrap().fraction_text(), "2/3");
        assert!(matches!(Exact::parse_decimal("79,5"), Err(NumberError::Comma(_))));
        assert!(matches!(Exact::parse_decimal("abc"), Err(NumberError::NotANumber(_))));
        assert!(matches!(Exact::parse_threshold("1/0"), Err(NumberError::ZeroDenominator(_))));
    }

    #[test]
    fn decimal_text_is_exact_when_it_terminates() {
        let r = Exact::ratio(&Exact::from_int(79), &Exact::from_int(100)).unwrap();
        assert_eq!(r.percent().decimal_text(), "79");
        let third = Exact::ratio(&Exact::from_int(2), &Exact::from_int(3)).unwrap();
        assert_eq!(third.terminating_decimal(), None);
        assert_eq!(third.percent().rounded(2, false), "66.67");
        assert_eq!(Exact::parse_decimal("-0.125").unwrap().decimal_text(), "-0.125");
        assert_eq!(Exact::parse_decimal("-0.001").unwrap().rounded(2, false), "0.00");
    }

    proptest::proptest! {
        /// Rounding by integer division agrees with rounding the rational itself.
        #[test]
        fn rounding_agrees_with_the_rational(n in -10_000_000i64..10_000_000, d in 1i64..100_000, places in 0u32..12) {
            let x = Exact::ratio(&Exact::from_int(n), &Exact::from_int(d)).unwrap();
            let scaled = x.inner() * BigRational::from_integer(BigInt::from(10u32).pow(places));
            let expect = scaled.round().to_integer();
            let text = x.rounded(places, false);
            let digits: String = text.chars().filter(|c| *c != '.' && *c != '-').collect();
            let value = digits.parse::<BigInt>().unwrap() * if text.starts_with('-') { -1 } else { 1 };
            proptest::prop_assert_eq!(value, expect);
        }
    }
}
