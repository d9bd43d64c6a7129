//! A workbook cell as the text a CSV of it would hold, and cell references.
//!
//! Spreadsheets store numbers as binary floating point, so a formula such as
//! `=4/49*49` is stored as 3.9999999999999996 while Excel shows 4. chitieu
//! reads a number the way Excel shows it: at most 15 significant digits, the
//! precision Excel promises. The text is then parsed exactly like CSV text,
//! so a count must still be a whole number and nothing is rounded further.

use std::fmt::Write;

use calamine::{Data, ExcelDateTime};

/// The letters of a column: 0 is `A`, 25 `Z`, 26 `AA`.
pub fn column_letters(column: usize) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A cell's reference, "F12", from its row number (1-based) and column (0 = A).
pub fn reference(row: usize, column: usize) -> String {
    format!("{}{row}", column_letters(column))
}

/// Writes the text of a cell into `out` (cleared first). An error cell gives
/// its error as text ("#DIV/0!") in `Err`.
pub(crate) fn text(data: &Data, out: &mut String) -> Result<(), String> {
    out.clear();
    match data {
        Data::Empty => {}
        Data::String(s) if is_error_text(s) => return Err(s.trim().to_string()),
        Data::String(s) => out.push_str(s),
        Data::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Data::Float(f) => number(*f, out),
        Data::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(d) => date_time(d, out),
        Data::DateTimeIso(s) => out.push_str(s.strip_suffix("T00:00:00").unwrap_or(s)),
        Data::DurationIso(s) => out.push_str(s),
        Data::Error(e) => return Err(e.to_string()),
    }
    Ok(())
}

/// Whether a text cell holds a spreadsheet error: an OpenDocument file keeps
/// a formula's error as its text ("#DIV/0!", LibreOffice's "Err:502").
fn is_error_text(s: &str) -> bool {
    const ERRORS: &[&str] = &["#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!"];
    let t = s.trim();
    ERRORS.contains(&t) || t.strip_prefix("Err:").is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A date as `YYYY-MM-DD` (with `THH:MM:SS` when it has a time of day); a
/// duration as hours, minutes and seconds.
fn date_time(d: &ExcelDateTime, out: &mut String) {
    if d.is_duration() {
        let seconds = (d.as_f64() * 86_400.0).round() as i64;
        let _ = write!(out, "{}:{:02}:{:02}", seconds / 3600, (seconds / 60) % 60, seconds % 60);
        return;
    }
    let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
    let _ = write!(out, "{y:04}-{mo:02}-{da:02}");
    if (h, mi, s, ms) != (0, 0, 0, 0) {
        let _ = write!(out, "T{h:02}:{mi:02}:{s:02}");
    }
}

/// A float as Excel shows it: at most 15 significant digits, no exponent.
pub fn number(x: f64, out: &mut String) {
    if !x.is_finite() {
        let _ = write!(out, "{x}");
        return;
    }
    // Rounds to 15 significant digits: d.dddddddddddddde±x.
    let sci = format!("{x:.14e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        out.push('0');
        return;
    }
    if negative {
        out.push('-');
    }
    // The number is 0.<digits> x 10^(exponent + 1).
    let point = exponent + 1;
    let len = digits.len() as i64;
    if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-point) as usize));
        out.push_str(digits);
    } else if point >= len {
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', (point - len) as usize));
    } else {
        let (int, frac) = digits.split_at(point as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(x: f64) -> String {
        let mut s = String::new();
        number(x, &mut s);
        s
    }

    #[test]
    fn floats_read_as_excel_shows_them() {
        assert_eq!(shown(4.0 / 49.0 * 49.0), "4");
        assert_eq!(4.0 / 49.0 * 49.0, 3.9999999999999996);
        assert_eq!(shown(0.1 + 0.2), "0.3");
        assert_eq!(shown(79.0), "79");
        assert_eq!(shown(-0.0), "0");
        assert_eq!(shown(-12.5), "-12.5");
        assert_eq!(shown(1759.0), "1759");
        assert_eq!(shown(0.000123), "0.000123");
        assert_eq!(shown(123456789012345678.0), "123456789012346000");
        assert_eq!(shown(2.0 / 3.0), "0.666666666666667");
        assert_eq!(shown(1e-20), "0.00000000000000000001");
    }

    #[test]
    fn references_name_column_and_row() {
        assert_eq!(reference(12, 5), "F12");
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn cells_become_csv_text() {
        let mut s = String::new();
        let cases: Vec<(Data, &str)> = vec![
            (Data::Empty, ""),
            (Data::String(" 06649 ".into()), " 06649 "),
            (Data::Int(2023), "2023"),
            (Data::Float(2023.0), "2023"),
            (Data::Bool(true), "TRUE"),
            (Data::DateTimeIso("2024-12-15T00:00:00".into()), "2024-12-15"),
            (Data::DateTime(ExcelDateTime::new(45641.0, calamine::ExcelDateTimeType::DateTime, false)), "2024-12-15"),
            (Data::DateTime(ExcelDateTime::new(45641.5, calamine::ExcelDateTimeType::DateTime, false)), "2024-12-15T12:00:00"),
        ];
        for (d, want) in cases {
            text(&d, &mut s).unwrap();
            assert_eq!(s, want, "{d:?}");
        }
        assert_eq!(text(&Data::Error(calamine::CellErrorType::Div0), &mut s), Err("#DIV/0!".to_string()));
        assert_eq!(text(&Data::String("#N/A".into()), &mut s), Err("#N/A".to_string()));
        assert_eq!(text(&Data::String("Err:502".into()), &mut s), Err("Err:502".to_string()));
        assert!(text(&Data::String("Err: none".into()), &mut s).is_ok());
    }
}
