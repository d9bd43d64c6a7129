//! Figures read from Arrow columns (a pyarrow Table, a polars DataFrame), cell
//! by cell as the pandas path reads the same values, without going through
//! pandas: integers exactly, a float64 as its shortest decimal (whole ones as
//! integers), a float32 as its own shortest decimal, a decimal as its exact
//! text, text parsed by core, booleans only for yes/no variables, nulls
//! missing (never zero). Key columns (unit_code, period, variable, structure)
//! are read as text: integers as digits, dates as YYYY-MM-DD.
//!
//! A table with a column of another type where it matters (a timestamp, a
//! list, a dictionary...) is not read here: `table` says so and the package
//! reads it through pandas, as before.

use arrow_array::cast::AsArray;
use arrow_array::temporal_conversions::date32_to_datetime;
use arrow_array::types::{Date32Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type, UInt64Type, UInt8Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Schema};
use chitieu_core::Exact;
use pyo3::prelude::*;

use crate::{float_cell, Cell, ChitieuError, Column, Table, DESCRIPTIVE};

/// One column of every batch, with the row each batch starts at.
pub(crate) struct Chunks {
    arrays: Vec<ArrayRef>,
    starts: Vec<usize>,
    len: usize,
}

fn missing_row(i: usize) -> PyErr {
    ChitieuError::new_err(format!("internal: no row {i} in an Arrow column"))
}

impl Chunks {
    fn of(batches: &[RecordBatch], column: usize) -> Option<Chunks> {
        let mut arrays = Vec::with_capacity(batches.len());
        let mut starts = Vec::with_capacity(batches.len());
        let mut len = 0;
        for b in batches {
            starts.push(len);
            len += b.num_rows();
            arrays.push(b.columns().get(column)?.clone());
        }
        Some(Chunks { arrays, starts, len })
    }
    pub(crate) fn len(&self) -> usize {
        self.len
    }
    /// The array holding row `i`, and the row's index in it.
    fn at(&self, i: usize) -> PyResult<(&dyn Array, usize)> {
        let k = self.starts.partition_point(|s| *s <= i).checked_sub(1).ok_or_else(|| missing_row(i))?;
        let (a, start) = self.arrays.get(k).zip(self.starts.get(k)).ok_or_else(|| missing_row(i))?;
        Ok((a.as_ref(), i - start))
    }
    pub(crate) fn cell(&self, i: usize) -> PyResult<Cell> {
        let (a, j) = self.at(i)?;
        value(a, j).ok_or_else(|| ChitieuError::new_err(format!("internal: an Arrow value column of type {}", a.data_type())))
    }
    pub(crate) fn key(&self, i: usize) -> PyResult<String> {
        let (a, j) = self.at(i)?;
        key(a, j).ok_or_else(|| ChitieuError::new_err(format!("internal: an Arrow key column of type {}", a.data_type())))
    }
}

fn int_type(t: &DataType) -> bool {
    matches!(t, DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 | DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64)
}

fn text_type(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// The types a value column is read in here.
fn value_type(t: &DataType) -> bool {
    int_type(t) || text_type(t) || matches!(t, DataType::Null | DataType::Boolean | DataType::Float32 | DataType::Float64 | DataType::Decimal128(..))
}

/// The types a key column is read in here.
fn key_type(t: &DataType) -> bool {
    int_type(t) || text_type(t) || matches!(t, DataType::Null | DataType::Float64 | DataType::Date32)
}

/// An integer cell of any width (None: not an integer column).
fn int_of(a: &dyn Array, i: usize) -> Option<Result<i64, u64>> {
    Some(Ok(match a.data_type() {
        DataType::Int8 => a.as_primitive::<Int8Type>().value(i).into(),
        DataType::Int16 => a.as_primitive::<Int16Type>().value(i).into(),
        DataType::Int32 => a.as_primitive::<Int32Type>().value(i).into(),
        DataType::Int64 => a.as_primitive::<Int64Type>().value(i),
        DataType::UInt8 => a.as_primitive::<UInt8Type>().value(i).into(),
        DataType::UInt16 => a.as_primitive::<UInt16Type>().value(i).into(),
        DataType::UInt32 => a.as_primitive::<UInt32Type>().value(i).into(),
        DataType::UInt64 => {
            let x = a.as_primitive::<UInt64Type>().value(i);
            return Some(i64::try_from(x).map_err(|_| x));
        }
        _ => return None,
    }))
}

fn text_of(a: &dyn Array, i: usize) -> Option<&str> {
    Some(match a.data_type() {
        DataType::Utf8 => a.as_string::<i32>().value(i),
        DataType::LargeUtf8 => a.as_string::<i64>().value(i),
        DataType::Utf8View => a.as_string_view().value(i),
        _ => return None,
    })
}

/// A decimal's exact text: `digits` scaled down by `scale` places.
fn decimal_text(digits: i128, scale: i8) -> String {
    let text = digits.unsigned_abs().to_string();
    let sign = if digits < 0 { "-" } else { "" };
    let places = usize::from(scale.unsigned_abs());
    if scale <= 0 {
        return format!("{sign}{text}{}", "0".repeat(places));
    }
    let padded = format!("{text:0>width$}", width = places + 1);
    let (whole, frac) = padded.split_at(padded.len() - places);
    format!("{sign}{whole}.{frac}")
}

/// A value cell as core takes it (None: a type not read here).
fn value(a: &dyn Array, i: usize) -> Option<Cell> {
    if a.is_null(i) || *a.data_type() == DataType::Null {
        return Some(Cell::Missing);
    }
    if let Some(x) = int_of(a, i) {
        return Some(match x {
            Ok(n) => Cell::Exact(Exact::from_int(n)),
            Err(big) => Cell::Text(big.to_string()),
        });
    }
    if let Some(t) = text_of(a, i) {
        return Some(Cell::Text(t.to_string()));
    }
    Some(match a.data_type() {
        DataType::Boolean => Cell::Bool(a.as_boolean().value(i)),
        DataType::Float64 => float_cell(a.as_primitive::<Float64Type>().value(i)),
        DataType::Float32 => {
            let f = a.as_primitive::<Float32Type>().value(i);
            // Its own shortest decimal ("0.1"), not float64's of the same bits.
            if f.is_nan() {
                Cell::Missing
            } else {
                Cell::Text(format!("{f}"))
            }
        }
        DataType::Decimal128(_, scale) => Cell::Text(decimal_text(a.as_primitive::<arrow_array::types::Decimal128Type>().value(i), *scale)),
        _ => return None,
    })
}

/// A key cell as text; blank when missing (None: a type not read here).
fn key(a: &dyn Array, i: usize) -> Option<String> {
    if a.is_null(i) || *a.data_type() == DataType::Null {
        return Some(String::new());
    }
    if let Some(x) = int_of(a, i) {
        return Some(match x {
            Ok(n) => n.to_string(),
            Err(big) => big.to_string(),
        });
    }
    if let Some(t) = text_of(a, i) {
        return Some(t.to_string());
    }
    match a.data_type() {
        DataType::Float64 => Some(crate::float_key(a.as_primitive::<Float64Type>().value(i))),
        DataType::Date32 => date32_to_datetime(a.as_primitive::<Date32Type>().value(i)).map(|d| d.date().to_string()),
        _ => None,
    }
}

/// The table to read, or None when it is not read here (see the module doc).
pub(crate) fn table<'py>(schema: &Schema, batches: &[RecordBatch]) -> Option<Table<'py>> {
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let position = |name: &str| -> Option<Option<usize>> {
        let mut at = names.iter().enumerate().filter(|(_, n)| *n == name).map(|(i, _)| i);
        let first = at.next();
        // A key column twice is refused by the pandas path, with its words.
        if at.next().is_some() {
            return None;
        }
        Some(first)
    };
    let key_column = |i: usize| -> Option<Column<'py>> {
        let f = schema.fields().get(i)?;
        key_type(f.data_type()).then(|| Chunks::of(batches, i).map(Column::Arrow))?
    };
    let value_column = |i: usize| -> Option<Column<'py>> {
        let f = schema.fields().get(i)?;
        value_type(f.data_type()).then(|| Chunks::of(batches, i).map(Column::Arrow))?
    };
    let unit = position("unit_code")??;
    let period = position("period")??;
    let long = names.iter().any(|n| n == "variable") && names.iter().any(|n| n == "value");
    let structures = match position("structure")? {
        Some(i) => Some(key_column(i)?),
        None => None,
    };
    let rows = batches.iter().map(RecordBatch::num_rows).sum();
    let (variables, names, columns) = if long {
        let variable = position("variable")??;
        let value = position("value")??;
        (Some(key_column(variable)?), vec!["value".to_string()], vec![value_column(value)?])
    } else {
        let mut kept = Vec::new();
        let mut columns = Vec::new();
        for (i, n) in names.iter().enumerate() {
            if n == "unit_code" || n == "period" {
                continue;
            }
            // Descriptive columns are not read: any type will do.
            let column = if DESCRIPTIVE.contains(&n.as_str()) { Column::Arrow(Chunks::of(batches, i)?) } else { value_column(i)? };
            kept.push(n.clone());
            columns.push(column);
        }
        (None, kept, columns)
    };
    Some(Table { rows, unit_codes: key_column(unit)?, periods: key_column(period)?, variables, structures, names, columns })
}

#[cfg(test)]
mod tests {
    use super::decimal_text;

    #[test]
    fn decimals_are_written_exactly() {
        assert_eq!(decimal_text(150, 2), "1.50");
        assert_eq!(decimal_text(-5, 3), "-0.005");
        assert_eq!(decimal_text(12, 0), "12");
        assert_eq!(decimal_text(12, -2), "1200");
        assert_eq!(decimal_text(i128::MIN, 10), "-17014118346046923173.1687303715884105728");
    }
}
