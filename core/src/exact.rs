//! Exact numbers for every decision.
//!
//! A target decides a public verdict, so no comparison may pass through a float:
//! every value is a rational number of arbitrary size. Inputs arrive as decimal
//! text ("79", "0.5", "80%", "2/3", or a value of any length) and are converted
//! without loss; a rate is the fraction numerator/denominator itself, so "91 of
//! 100 is not > 91%" is decided by cross-multiplication.
//!
//! Almost every figure is a small integer or a short fraction, so a value is
//! held as numerator/denominator in machine integers (`i64`, with `i128`
//! intermediates and checked arithmetic) and only falls back to a big rational
//! when it does not fit. The form is canonical (lowest terms, positive
//! denominator, small whenever it fits), so equality and hashing are structural
//! and agree with the numbers' values. A property test compares every
//! operation with `BigRational`.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// An exact rational number.
#[derive(Clone, PartialEq, Eq)]
pub struct Exact(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    /// numerator / denominator in lowest terms, denominator >= 1.
    Small(i64, i64),
    /// A value that does not fit `Small`, in lowest terms.
    Big(Box<BigRational>),
}

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
    #[error("'{0}' has an exponent beyond ±{max}", max = MAX_EXPONENT)]
    Exponent(String),
}

/// The largest power of ten a decimal text may carry ("1e1000"): enough for
/// any real figure, and a bound on the size of what one cell can make.
const MAX_EXPONENT: i64 = 1000;

/// Binary GCD, for u64 and u128 alike.
macro_rules! binary_gcd {
    ($name:ident, $t:ty) => {
        fn $name(mut a: $t, mut b: $t) -> $t {
            if a == 0 {
                return b;
            }
            if b == 0 {
                return a;
            }
            let shift = (a | b).trailing_zeros();
            a >>= a.trailing_zeros();
            loop {
                b >>= b.trailing_zeros();
                if a > b {
                    std::mem::swap(&mut a, &mut b);
                }
                b -= a;
                if b == 0 {
                    return a << shift;
                }
            }
        }
    };
}
binary_gcd!(gcd_u64, u64);
binary_gcd!(gcd_wide, u128);

fn gcd_u128(a: u128, b: u128) -> u128 {
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(x), Ok(y)) => u128::from(gcd_u64(x, y)),
        _ => gcd_wide(a, b),
    }
}

/// 10^n for n <= 38 as i128.
fn pow10_i128(n: u32) -> Option<i128> {
    10i128.checked_pow(n)
}

/// The greatest common divisor of `a` and `d` (d > 0), quick when one is much
/// shorter than the other, as a long numerator over a small denominator is:
/// one remainder by the shorter first (num-bigint's own gcd is binary, and
/// takes time proportional to the longer one's bits times its length).
fn gcd_unbalanced(a: &BigInt, d: &BigInt) -> BigInt {
    if d.is_one() || a.is_zero() {
        return if a.is_zero() { d.clone() } else { BigInt::one() };
    }
    let (long, short) = if a.bits() >= d.bits() { (a, d) } else { (d, a) };
    let r = long % short;
    short.abs().gcd(&r)
}

impl Exact {
    pub fn zero() -> Self {
        Exact(Repr::Small(0, 1))
    }
    pub fn one() -> Self {
        Exact(Repr::Small(1, 1))
    }
    pub fn from_int(n: i64) -> Self {
        Exact(Repr::Small(n, 1))
    }

    /// `n / d` for machine integers; `None` when `d` is zero.
    pub fn from_i128(n: i128, d: i128) -> Option<Exact> {
        if d == 0 {
            return None;
        }
        let g = gcd_u128(n.unsigned_abs(), d.unsigned_abs());
        // g >= 1 as d != 0. Dividing the magnitudes first avoids overflow on i128::MIN.
        let (nm, dm) = (n.unsigned_abs() / g, d.unsigned_abs() / g);
        let negative = (n < 0) != (d < 0) && nm != 0;
        if let (Ok(dm), Some(nv)) = (i64::try_from(dm), signed_i64(nm, negative)) {
            return Some(Exact(Repr::Small(nv, dm)));
        }
        let num = BigInt::from(nm);
        let num = if negative { -num } else { num };
        Some(Exact(Repr::Big(Box::new(BigRational::new_raw(num, BigInt::from(dm))))))
    }

    /// A big rational in canonical form (small when it fits).
    pub fn from_big(r: BigRational) -> Exact {
        let (n, d) = r.into_raw();
        if d.is_zero() {
            return Exact::zero();
        }
        // Lowest terms and a positive denominator, so equal values look equal.
        let (n, d) = if d.is_negative() { (-n, -d) } else { (n, d) };
        let g = gcd_unbalanced(&n, &d);
        let (n, d) = if g.is_one() { (n, d) } else { (n / &g, d / &g) };
        if let (Some(n), Some(d)) = (n.to_i64(), d.to_i64()) {
            return Exact(Repr::Small(n, d));
        }
        Exact(Repr::Big(Box::new(BigRational::new_raw(n, d))))
    }

    /// The value as a big rational.
    pub fn to_big(&self) -> BigRational {
        match &self.0 {
            Repr::Small(n, d) => BigRational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Repr::Big(b) => (**b).clone(),
        }
    }

    /// The value as an `i64` when it is an integer that fits.
    pub fn to_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Small(n, 1) => Some(n),
            _ => None,
        }
    }

    /// The fraction `num / den`; `None` when `den` is zero.
    pub fn ratio(num: &Exact, den: &Exact) -> Option<Exact> {
        match (&num.0, &den.0) {
            (_, Repr::Small(0, _)) => None,
            (Repr::Small(a, b), Repr::Small(c, d)) => Exact::from_i128(i128::from(*a) * i128::from(*d), i128::from(*b) * i128::from(*c)),
            _ => {
                let ((a, b), (c, d)) = (num.to_big().into_raw(), den.to_big().into_raw());
                Some(Exact::from_big(BigRational::new_raw(a * d, b * c)))
            }
        }
    }

    /// Parses a plain decimal ("12", "-3.25", ".5", "1e3", digits of any
    /// length): the form data files use. The value is exact.
    pub fn parse_decimal(text: &str) -> Result<Exact, NumberError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(NumberError::Empty);
        }
        // Fast path: a plain integer that fits.
        let b = t.as_bytes();
        if b.len() <= 18 && b.iter().all(u8::is_ascii_digit) {
            let mut n = 0i64;
            for &c in b {
                n = n * 10 + i64::from(c - b'0');
            }
            return Ok(Exact::from_int(n));
        }
        if t.contains(',') {
            return Err(NumberError::Comma(t.to_string()));
        }
        let bad = || NumberError::NotANumber(t.to_string());
        let (negative, rest) = match b.first() {
            Some(b'-') => (true, b.get(1..).unwrap_or_default()),
            Some(b'+') => (false, b.get(1..).unwrap_or_default()),
            _ => (false, b),
        };
        let (mantissa, exponent) = match rest.iter().position(|&c| c == b'e' || c == b'E') {
            Some(i) => (rest.get(..i).unwrap_or_default(), Some(rest.get(i + 1..).unwrap_or_default())),
            None => (rest, None),
        };
        let (int, frac) = match mantissa.iter().position(|&c| c == b'.') {
            Some(i) => (mantissa.get(..i).unwrap_or_default(), mantissa.get(i + 1..).unwrap_or_default()),
            None => (mantissa, &[][..]),
        };
        if (int.is_empty() && frac.is_empty()) || !int.iter().chain(frac).all(u8::is_ascii_digit) {
            return Err(bad());
        }
        let mut exp: i64 = 0;
        if let Some(e) = exponent {
            let (eneg, digits) = match e.first() {
                Some(b'-') => (true, e.get(1..).unwrap_or_default()),
                Some(b'+') => (false, e.get(1..).unwrap_or_default()),
                _ => (false, e),
            };
            if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                return Err(bad());
            }
            for &c in digits {
                exp = exp * 10 + i64::from(c - b'0');
                if exp > MAX_EXPONENT {
                    return Err(NumberError::Exponent(t.to_string()));
                }
            }
            if eneg {
                exp = -exp;
            }
        }
        // value = digits(int ++ frac) * 10^(exp - len(frac))
        let scale = exp - frac.len() as i64;
        let digit_count = int.len() + frac.len();
        if digit_count <= 36 && (-38..=38).contains(&scale) {
            let mut m: i128 = 0;
            for &c in int.iter().chain(frac) {
                m = m * 10 + i128::from(c - b'0');
            }
            let m = if negative { -m } else { m };
            let fits = if scale >= 0 {
                pow10_i128(scale as u32).and_then(|p| m.checked_mul(p)).and_then(|v| Exact::from_i128(v, 1))
            } else {
                pow10_i128((-scale) as u32).and_then(|p| Exact::from_i128(m, p))
            };
            if let Some(x) = fits {
                return Ok(x);
            }
        }
        let digits: String = int.iter().chain(frac).map(|&c| c as char).collect();
        let m = digits.parse::<BigInt>().map_err(|_| bad())?;
        let m = if negative { -m } else { m };
        let ten = BigInt::from(10u32);
        let r = if scale >= 0 {
            BigRational::from_integer(m * ten.pow(scale as u32))
        } else {
            BigRational::new_raw(m, ten.pow((-scale) as u32))
        };
        Ok(Exact::from_big(r))
    }

    /// Parses a threshold as written in a catalogue: "80%", "0.5%", "2/3", "550".
    pub fn parse_threshold(text: &str) -> Result<Exact, NumberError> {
        let t = text.trim();
        if let Some(p) = t.strip_suffix('%') {
            let v = Exact::parse_decimal(p)?;
            return Ok(Exact::ratio(&v, &Exact::from_int(100)).unwrap_or_else(Exact::zero));
        }
        if let Some((n, d)) = t.split_once('/') {
            let n = Exact::parse_decimal(n)?;
            let d = Exact::parse_decimal(d)?;
            return Exact::ratio(&n, &d).ok_or_else(|| NumberError::ZeroDenominator(t.to_string()));
        }
        Exact::parse_decimal(t)
    }
    pub fn is_zero(&self) -> bool {
        matches!(self.0, Repr::Small(0, _))
    }
    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Small(n, _) => *n < 0,
            Repr::Big(b) => b.is_negative(),
        }
    }
    pub fn is_integer(&self) -> bool {
        match &self.0 {
            Repr::Small(_, d) => *d == 1,
            Repr::Big(b) => b.is_integer(),
        }
    }
    pub fn abs(&self) -> Exact {
        match self.0 {
            Repr::Small(n, d) if n != i64::MIN => Exact(Repr::Small(n.abs(), d)),
            _ => Exact::from_big(self.to_big().abs()),
        }
    }
    pub fn floor(&self) -> Exact {
        match self.0 {
            Repr::Small(n, d) => Exact::from_int(n.div_euclid(d)),
            _ => Exact::from_big(self.to_big().floor()),
        }
    }
    pub fn ceil(&self) -> Exact {
        match self.0 {
            // -((-n) div_euclid d) in i128, as -n may overflow i64.
            Repr::Small(n, d) => Exact::from_i128(-((-i128::from(n)).div_euclid(i128::from(d))), 1).unwrap_or_else(Exact::zero),
            _ => Exact::from_big(self.to_big().ceil()),
        }
    }
    pub fn percent(&self) -> Exact {
        self * &Exact::from_int(100)
    }
    /// A float for display and plotting only, never for a decision.
    pub fn to_f64_lossy(&self) -> f64 {
        const EXACT_IN_F64: i64 = 1 << 53;
        match self.0 {
            // Both exact in f64: one correctly rounded division.
            Repr::Small(n, d) if n.abs() <= EXACT_IN_F64 && d <= EXACT_IN_F64 => n as f64 / d as f64,
            _ => self.to_big().to_f64().unwrap_or(f64::NAN),
        }
    }
    /// "num/den" in lowest terms, or the integer.
    pub fn fraction_text(&self) -> String {
        match &self.0 {
            Repr::Small(n, 1) => itoa::Buffer::new().format(*n).to_string(),
            Repr::Small(n, d) => {
                let (mut a, mut b) = (itoa::Buffer::new(), itoa::Buffer::new());
                let (a, b) = (a.format(*n), b.format(*d));
                let mut s = String::with_capacity(a.len() + b.len() + 1);
                s.push_str(a);
                s.push('/');
                s.push_str(b);
                s
            }
            Repr::Big(b) if b.is_integer() => b.numer().to_string(),
            Repr::Big(b) => format!("{}/{}", b.numer(), b.denom()),
        }
    }
    /// The number of decimal places of the exact expansion when it terminates
    /// (the denominator has only factors 2 and 5), else `None`.
    fn terminating_places(&self) -> Option<u32> {
        match &self.0 {
            Repr::Small(_, d) => {
                let d = *d as u64;
                let twos = d.trailing_zeros();
                let mut rest = d >> twos;
                let mut fives = 0u32;
                while rest.is_multiple_of(5) {
                    rest /= 5;
                    fives += 1;
                }
                (rest == 1).then_some(twos.max(fives))
            }
            Repr::Big(b) => {
                let den = b.denom();
                let twos = den.trailing_zeros().unwrap_or(0);
                let mut rest = den >> twos;
                let five = BigInt::from(5);
                let mut fives = 0u64;
                while (&rest % &five).is_zero() {
                    rest /= &five;
                    fives += 1;
                }
                rest.is_one().then_some(twos.max(fives) as u32)
            }
        }
    }
    /// The exact decimal expansion when it terminates (the denominator has only
    /// factors 2 and 5), else `None`.
    pub fn terminating_decimal(&self) -> Option<String> {
        self.terminating_places().map(|p| self.rounded(p, false))
    }
    /// Decimal text with exactly `places` digits after the point, rounded half
    /// away from zero; `trim` removes trailing zeros. Display only.
    pub fn rounded(&self, places: u32, trim: bool) -> String {
        // The quotient of numer * 10^places by denom, rounded half away from zero.
        let (neg, digits) = match self.0 {
            Repr::Small(n, d) if places <= 18 => {
                let num = i128::from(n) * 10i128.pow(places);
                let d = i128::from(d);
                let (q, rem) = (num / d, num % d);
                let r = if rem.abs() * 2 >= d { q + num.signum() } else { q };
                return place_point(r < 0, itoa::Buffer::new().format(r.unsigned_abs()).as_bytes(), places as usize, trim);
            }
            _ => {
                let b = self.to_big();
                let num = b.numer() * BigInt::from(10u32).pow(places);
                let (q, rem) = num.div_rem(b.denom());
                let r = if rem.abs() * 2u32 >= *b.denom() {
                    if num.is_negative() {
                        q - 1
                    } else {
                        q + 1
                    }
                } else {
                    q
                };
                (r.is_negative(), r.abs().to_string())
            }
        };
        place_point(neg, digits.as_bytes(), places as usize, trim)
    }
    /// Whether both values round to the same text with `places` decimal
    /// places (`rounded(places, false)` of each is equal), without making it.
    pub fn rounds_like(&self, other: &Exact, places: u32) -> bool {
        let scaled = |x: &Exact| -> Option<i128> {
            let Repr::Small(n, d) = x.0 else { return None };
            if places > 18 {
                return None;
            }
            let num = i128::from(n) * 10i128.pow(places);
            let d = i128::from(d);
            let (q, rem) = (num / d, num % d);
            Some(if rem.abs() * 2 >= d { q + num.signum() } else { q })
        };
        match (scaled(self), scaled(other)) {
            // "-0.00" is written "0.00": a zero rounds like a zero whatever its sign.
            (Some(a), Some(b)) => a == b,
            _ => self.rounded(places, false) == other.rounded(places, false),
        }
    }
    /// The text used as `actual`/`margin` in JSON: the exact decimal when it
    /// terminates, else 10 decimal places (the exact fraction is reported beside it).
    pub fn decimal_text(&self) -> String {
        match &self.0 {
            Repr::Small(n, 1) => itoa::Buffer::new().format(*n).to_string(),
            _ => self.terminating_decimal().unwrap_or_else(|| self.rounded(10, true)),
        }
    }
}

/// Decimal text from the digits of |value| * 10^places: a point before the
/// last `places` digits (zeros in front as needed), trailing zeros trimmed on
/// request, and a minus sign unless the text is all zeros. One allocation.
fn place_point(neg: bool, digits: &[u8], places: usize, trim: bool) -> String {
    let int_len = digits.len().saturating_sub(places).max(1);
    let pad = (places + 1).saturating_sub(digits.len());
    let mut out: Vec<u8> = Vec::with_capacity(digits.len() + pad + 2);
    if neg {
        out.push(b'-');
    }
    let start = out.len();
    out.extend(std::iter::repeat_n(b'0', pad));
    out.extend_from_slice(digits);
    if places > 0 {
        out.insert(start + int_len, b'.');
        if trim {
            while out.last() == Some(&b'0') {
                out.pop();
            }
            if out.last() == Some(&b'.') {
                out.pop();
            }
        }
    }
    if neg && out.iter().skip(1).all(|c| *c == b'0' || *c == b'.') {
        out.remove(0);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The magnitude `m` with a sign, as i64 when it fits.
fn signed_i64(m: u128, negative: bool) -> Option<i64> {
    if negative {
        if m == 1u128 << 63 {
            Some(i64::MIN)
        } else {
            i64::try_from(m).ok().map(|v| -v)
        }
    } else {
        i64::try_from(m).ok()
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Exact) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Small(a, b), Repr::Small(c, d)) if b == d => a.cmp(c),
            (Repr::Small(a, b), Repr::Small(c, d)) => (i128::from(*a) * i128::from(*d)).cmp(&(i128::from(*c) * i128::from(*b))),
            _ => {
                // Denominators are positive: compare the cross products.
                let ((a, b), (c, d)) = (self.to_big().into_raw(), other.to_big().into_raw());
                (a * d).cmp(&(c * b))
            }
        }
    }
}
impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Exact) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Exact {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // Canonical form: equal values have equal representations.
        match &self.0 {
            Repr::Small(n, d) => {
                0u8.hash(h);
                n.hash(h);
                d.hash(h);
            }
            Repr::Big(b) => {
                1u8.hash(h);
                b.hash(h);
            }
        }
    }
}

impl fmt::Debug for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Exact({})", self.fraction_text())
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

/// `+`, `-` and `*`: integers in i64 with an overflow check, fractions with
/// i128 cross products (no overflow for i64 parts), else big rationals.
macro_rules! arith {
    ($tr:ident, $m:ident, $checked:ident, |$a:ident, $b:ident, $c:ident, $d:ident| $num:expr, $den:expr) => {
        impl std::ops::$tr<&Exact> for &Exact {
            type Output = Exact;
            fn $m(self, rhs: &Exact) -> Exact {
                match (&self.0, &rhs.0) {
                    (Repr::Small(x, 1), Repr::Small(y, 1)) => match x.$checked(*y) {
                        Some(v) => Exact::from_int(v),
                        None => Exact::from_i128(std::ops::$tr::$m(i128::from(*x), i128::from(*y)), 1).unwrap_or_else(Exact::zero),
                    },
                    (Repr::Small($a, $b), Repr::Small($c, $d)) => {
                        let ($a, $b, $c, $d) = (i128::from(*$a), i128::from(*$b), i128::from(*$c), i128::from(*$d));
                        // Denominators are >= 1, so the product is never 0.
                        Exact::from_i128($num, $den).unwrap_or_else(Exact::zero)
                    }
                    _ => {
                        // On the raw parts, reduced once by `from_big` (num-rational
                        // reduces with a gcd that is slow on a long and a short part).
                        let ((ra, rb), (rc, rd)) = (self.to_big().into_raw(), rhs.to_big().into_raw());
                        let ($a, $b, $c, $d) = (&ra, &rb, &rc, &rd);
                        Exact::from_big(BigRational::new_raw($num, $den))
                    }
                }
            }
        }
    };
}
arith!(Add, add, checked_add, |a, b, c, d| a * d + c * b, b * d);
arith!(Sub, sub, checked_sub, |a, b, c, d| a * d - c * b, b * d);
arith!(Mul, mul, checked_mul, |a, b, c, d| a * c, b * d);

impl std::iter::Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(iter: I) -> Exact {
        iter.fold(Exact::zero(), |a, b| &a + &b)
    }
}

impl From<i64> for Exact {
    fn from(n: i64) -> Exact {
        Exact::from_int(n)
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

    #[test]
    fn values_of_any_length_are_read_exactly() {
        let long = "123456789012345678901234567890123456789012345678901234567890";
        let x = Exact::parse_decimal(long).unwrap();
        assert_eq!(x.decimal_text(), long);
        let frac = "0.000000000000000000000000000000000000001";
        assert_eq!(Exact::parse_decimal(frac).unwrap().decimal_text(), frac);
        assert_eq!(Exact::parse_decimal("1.5e2").unwrap(), Exact::from_int(150));
        assert_eq!(Exact::parse_decimal("-.5").unwrap().fraction_text(), "-1/2");
        assert_eq!(Exact::parse_decimal("5.").unwrap(), Exact::from_int(5));
        assert_eq!(Exact::parse_decimal("+7").unwrap(), Exact::from_int(7));
        assert_eq!(Exact::parse_decimal("1e40").unwrap().decimal_text(), format!("1{}", "0".repeat(40)));
        for bad in ["1.2.3", "0x1", "1e", "e3", ".", "-", "--1", "1e3.5", "inf", "NaN", "1 000", "1_000", "٣"] {
            assert!(matches!(Exact::parse_decimal(bad), Err(NumberError::NotANumber(_))), "{bad}");
        }
        assert!(matches!(Exact::parse_decimal("1e1001"), Err(NumberError::Exponent(_))));
    }

    #[test]
    fn boundaries_of_the_small_form() {
        let max = Exact::from_int(i64::MAX);
        let min = Exact::from_int(i64::MIN);
        assert_eq!((&max + &Exact::one()).fraction_text(), "9223372036854775808");
        assert_eq!((&min - &Exact::one()).fraction_text(), "-9223372036854775809");
        assert_eq!(min.abs().fraction_text(), "9223372036854775808");
        assert_eq!((&(&max + &Exact::one()) - &Exact::one()), max);
        assert_eq!(Exact::ratio(&min, &Exact::from_int(-1)).unwrap().fraction_text(), "9223372036854775808");
        assert_eq!(Exact::ratio(&Exact::one(), &min).unwrap().fraction_text(), "-1/9223372036854775808");
    }

    mod property {
        use super::*;
        use proptest::prelude::*;
        use std::collections::hash_map::DefaultHasher;

        /// Integers around the edges of i64 and i128 and far beyond.
        fn int() -> impl Strategy<Value = BigInt> {
            prop_oneof![
                (-1000i64..1000).prop_map(BigInt::from),
                any::<i64>().prop_map(BigInt::from),
                (-3i64..=3).prop_map(|d| BigInt::from(i64::MAX) + d),
                (-3i64..=3).prop_map(|d| BigInt::from(i64::MIN) + d),
                any::<i128>().prop_map(BigInt::from),
                (any::<i128>(), any::<i128>()).prop_map(|(a, b)| BigInt::from(a) * BigInt::from(b) * BigInt::from(1_000_003)),
                (1u32..60).prop_map(|k| BigInt::from(10u32).pow(k)),
                (1u32..64).prop_map(|k| BigInt::from(2u32).pow(k)),
            ]
        }
        fn nonzero() -> impl Strategy<Value = BigInt> {
            int().prop_map(|n| if n.is_zero() { BigInt::one() } else { n })
        }
        fn rational() -> impl Strategy<Value = BigRational> {
            prop_oneof![int().prop_map(BigRational::from_integer), (int(), nonzero()).prop_map(|(n, d)| BigRational::new(n, d)),]
        }
        fn hash(x: &Exact) -> u64 {
            let mut h = DefaultHasher::new();
            x.hash(&mut h);
            h.finish()
        }
        /// The canonical value must be what `from_big` makes of the reference.
        fn same(x: &Exact, r: &BigRational) -> Result<(), TestCaseError> {
            prop_assert_eq!(x, &Exact::from_big(r.clone()));
            prop_assert_eq!(&x.to_big(), r);
            Ok(())
        }
        /// The reference rounding: the rational's own, half away from zero.
        fn reference_rounded(r: &BigRational, places: u32, trim: bool) -> String {
            let scaled = r * BigRational::from_integer(BigInt::from(10u32).pow(places));
            let v = scaled.round().to_integer();
            let neg = v.is_negative();
            let digits = v.abs().to_string();
            let mut s = if places == 0 {
                digits
            } else {
                let p = places as usize;
                let padded = format!("{:0>width$}", digits, width = p + 1);
                let (i, f) = padded.split_at(padded.len() - p);
                format!("{i}.{f}")
            };
            if trim && s.contains('.') {
                s = s.trim_end_matches('0').trim_end_matches('.').to_string();
            }
            if neg {
                s.insert(0, '-');
            }
            s
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]
            #[test]
            fn arithmetic_agrees_with_big_rationals(a in rational(), b in rational()) {
                let (x, y) = (Exact::from_big(a.clone()), Exact::from_big(b.clone()));
                same(&x, &a)?;
                same(&(&x + &y), &(&a + &b))?;
                same(&(&x - &y), &(&a - &b))?;
                same(&(&x * &y), &(&a * &b))?;
                match Exact::ratio(&x, &y) {
                    Some(q) => same(&q, &(&a / &b))?,
                    None => prop_assert!(b.is_zero()),
                }
                prop_assert_eq!(x.cmp(&y), a.cmp(&b));
                prop_assert_eq!(x == y, a == b);
                if x == y { prop_assert_eq!(hash(&x), hash(&y)); }
                same(&x.floor(), &a.floor())?;
                same(&x.ceil(), &a.ceil())?;
                same(&x.abs(), &a.abs())?;
                same(&x.percent(), &(&a * BigRational::from_integer(BigInt::from(100))))?;
                prop_assert_eq!(x.is_integer(), a.is_integer());
                prop_assert_eq!(x.is_negative(), a.is_negative());
                prop_assert_eq!(x.is_zero(), a.is_zero());
                let frac = if a.is_integer() { a.numer().to_string() } else { format!("{}/{}", a.numer(), a.denom()) };
                prop_assert_eq!(x.fraction_text(), frac);
                prop_assert_eq!(x.to_i64(), if a.is_integer() { a.numer().to_i64() } else { None });
            }

            #[test]
            fn rounding_agrees_with_the_rational(a in rational(), b in rational(), places in 0u32..24, trim in any::<bool>()) {
                let x = Exact::from_big(a.clone());
                prop_assert_eq!(x.rounded(places, trim), reference_rounded(&a, places, trim));
                let y = Exact::from_big(b.clone());
                prop_assert_eq!(x.rounds_like(&y, places), x.rounded(places, false) == y.rounded(places, false));
                // decimal_text: exact when it terminates, else 10 places trimmed.
                let text = x.decimal_text();
                match x.terminating_decimal() {
                    Some(t) => {
                        prop_assert_eq!(&text, &t);
                        let back = Exact::parse_decimal(&t).unwrap();
                        prop_assert_eq!(back, x.clone());
                    }
                    None => prop_assert_eq!(text, reference_rounded(&a, 10, true)),
                }
            }

            #[test]
            fn decimal_text_parses_exactly(neg in any::<bool>(), int in "[0-9]{0,45}", frac in "[0-9]{0,45}", exp in proptest::option::of(-60i64..60)) {
                prop_assume!(!(int.is_empty() && frac.is_empty()));
                let mut text = String::new();
                if neg { text.push('-'); }
                text.push_str(&int);
                if !frac.is_empty() { text.push('.'); text.push_str(&frac); }
                if let Some(e) = exp { text.push_str(&format!("e{e}")); }
                let digits: BigInt = format!("0{int}{frac}").parse().unwrap();
                let digits = if neg { -digits } else { digits };
                let scale = exp.unwrap_or(0) - frac.len() as i64;
                let ten = BigInt::from(10u32);
                let reference = if scale >= 0 {
                    BigRational::from_integer(digits * ten.pow(scale as u32))
                } else {
                    BigRational::new(digits, ten.pow((-scale) as u32))
                };
                same(&Exact::parse_decimal(&text).unwrap(), &reference)?;
            }
        }
    }
}
