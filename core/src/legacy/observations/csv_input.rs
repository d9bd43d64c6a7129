//! CSV observations, wide or long.

use super::DatasetBuilder;
use crate::error::{DataError, Location};

/// Columns a wide file may carry beside the variables, for people reading it.
const DESCRIPTIVE: &[&str] = &["unit_name"];

pub(super) fn read(text: &str, b: &mut DatasetBuilder) -> Result<(), DataError> {
    let file = b.file().to_string();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> = rdr.headers().map_err(|e| DataError::from_csv(&file, e))?.iter().map(str::to_string).collect();
    let at = |row: usize, col: &str| Location::file(&file).at_row(row).at_column(col);
    let find = |name: &str| headers.iter().position(|h| h == name);
    let (Some(unit_i), Some(period_i)) = (find("unit_code"), find("period")) else {
        return Err(DataError::new(Location::file(&file).at_row(1), "the header lacks 'unit_code' or 'period'")
            .value(headers.join(","))
            .expected("unit_code,period,<variable>... (wide) or unit_code,period,variable,value (long)"));
    };
    let long = match (find("variable"), find("value")) {
        (Some(v), Some(x)) => Some((v, x)),
        _ => None,
    };
    if long.is_none() {
        for (i, h) in headers.iter().enumerate() {
            if i == unit_i || i == period_i || DESCRIPTIVE.contains(&h.as_str()) {
                continue;
            }
            if headers[..i].contains(h) {
                return Err(DataError::new(at(1, h), "the same column appears twice").value(h));
            }
            b.check_variable(h, &at(1, h))?;
        }
    }
    for rec in rdr.records() {
        let rec = rec.map_err(|e| DataError::from_csv(&file, e))?;
        let row = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        let unit = b.check_unit(&rec[unit_i], &at(row, "unit_code"))?;
        let period = b.check_period(&rec[period_i], &at(row, "period"))?;
        match long {
            Some((vi, xi)) => {
                let var = rec[vi].to_string();
                b.check_variable(&var, &at(row, "variable"))?;
                b.add_text(&unit, period, &var, &rec[xi], at(row, "value"))?;
            }
            None => {
                for (i, cell) in rec.iter().enumerate() {
                    let h = &headers[i];
                    if i == unit_i || i == period_i || DESCRIPTIVE.contains(&h.as_str()) {
                        continue;
                    }
                    b.add_text(&unit, period, h, cell, at(row, h))?;
                }
            }
        }
    }
    Ok(())
}
