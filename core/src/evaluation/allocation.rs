//! Allocation tables as a report: each recipient's share of each split
//! target, its progress against that share, and whether the shares add up to
//! the stated total (Phụ biểu 01 of 02/KH-UBND does not: 590 against 580).

use serde_json::{json, Value};

use super::{evaluate, Outcome, UnitFilter};
use crate::catalogue::{Allocation, AllocationColumn, AllocationRow, Catalogue};
use crate::error::Error;
use crate::exact::Exact;
use crate::observations::Dataset;
use crate::period::Period;
use crate::units::{Unit, UnitRegistry};
use crate::Lang;

/// A unit's share of a split target (or of one part of it), and where the
/// table prints it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Share<'c> {
    /// The table's place among the catalogue's allocations.
    pub index: u32,
    /// None for a blank cell, a unit without a row, or a part the table does not place.
    pub value: Option<&'c Exact>,
    pub table: &'c Allocation,
    pub row: Option<&'c AllocationRow>,
    pub column: Option<&'c AllocationColumn>,
}

/// The share of `target` (of its part `part`) for `unit`, when a table splits
/// the target at the unit's level.
pub(crate) fn share_of<'c>(cat: &'c Catalogue, target: &str, part: Option<&str>, unit: &Unit) -> Option<Share<'c>> {
    cat.allocations().enumerate().find_map(|(index, (a, _))| {
        if a.level != unit.level || !a.columns.iter().any(|c| c.target == target) {
            return None;
        }
        let column = a.columns.iter().find(|c| c.target == target && c.part.as_deref() == part);
        let row = a.rows.iter().find(|r| r.unit.as_deref() == Some(unit.code.as_str()));
        let value = match (column, row) {
            (Some(c), Some(r)) => r.values.get(&c.key),
            _ => None,
        };
        Some(Share { index: index as u32, value, table: a, row, column })
    })
}

/// A table's own name ("Phụ biểu 01"), or its title.
pub(crate) fn table_name(table: &Allocation, lang: Lang) -> &str {
    match lang {
        Lang::Vi => table.clause_vi.as_deref().unwrap_or(&table.table_vi),
        Lang::En => table.clause_en.as_deref().unwrap_or(&table.table_en),
    }
}

impl Share<'_> {
    /// "Phụ biểu 01, dòng 2 “Thành phố Cẩm Phả”, cột “Giải quyết việc làm”":
    /// where the share a unit is judged against is printed.
    pub fn citation(&self, lang: Lang, with_column: bool) -> String {
        let mut s = table_name(self.table, lang).to_string();
        if let Some(r) = self.row {
            let label = &r.label_vi;
            s.push_str(&match (&r.row, lang) {
                (Some(n), Lang::Vi) => format!(", dòng {n} “{label}”"),
                (Some(n), Lang::En) => format!(", row {n} “{label}”"),
                (None, Lang::Vi) => format!(", dòng “{label}”"),
                (None, Lang::En) => format!(", row “{label}”"),
            });
        }
        if let (true, Some(c)) = (with_column, self.column) {
            s.push_str(&match lang {
                Lang::Vi => format!(", cột “{}”", c.name_vi),
                Lang::En => format!(", column “{}” ({})", c.name_vi, c.name_en),
            });
        }
        s
    }
}

/// One column of a table: a target split among recipients.
#[derive(Clone, Debug)]
pub struct ColumnProgress {
    pub key: String,
    pub target: String,
    pub name_vi: String,
    pub name_en: String,
    pub stated_total: Exact,
    pub sum_of_shares: Exact,
}

/// One recipient: its shares and, for an administrative unit, its outcomes.
#[derive(Clone, Debug)]
pub struct RowProgress {
    pub unit: Option<String>,
    pub label: String,
    /// Per column: the share (None for a blank cell) and the unit's outcome.
    pub cells: Vec<(Option<Exact>, Option<Outcome>)>,
}

#[derive(Clone, Debug)]
pub struct AllocationProgress {
    pub id: String,
    pub document: String,
    pub table_vi: String,
    pub table_en: String,
    pub columns: Vec<ColumnProgress>,
    pub rows: Vec<RowProgress>,
}

/// Progress of every allocation table of the catalogue in `period`.
pub fn allocation_progress(cat: &Catalogue, units: &UnitRegistry, data: &Dataset, period: Period) -> Result<Vec<AllocationProgress>, Error> {
    let mut out = Vec::new();
    for (a, doc) in cat.allocations() {
        let codes: Vec<String> = a.rows.iter().filter_map(|r| r.unit.clone()).filter(|c| units.get(c).is_some()).collect();
        let ev = evaluate(cat, units, data, period, &UnitFilter::Codes(codes))?;
        let columns = a
            .columns
            .iter()
            .map(|c| ColumnProgress {
                key: c.key.clone(),
                target: c.target.clone(),
                name_vi: c.name_vi.clone(),
                name_en: c.name_en.clone(),
                stated_total: c.stated_total.clone(),
                sum_of_shares: a.rows.iter().filter_map(|r| r.values.get(&c.key).cloned()).sum(),
            })
            .collect();
        let rows = a
            .rows
            .iter()
            .map(|r| RowProgress {
                unit: r.unit.clone(),
                label: r.label_vi.clone(),
                cells: a
                    .columns
                    .iter()
                    .map(|c| {
                        let outcome = r.unit.as_ref().and_then(|u| ev.outcomes.iter().find(|o| o.unit() == u && o.target() == c.target));
                        let outcome = match (&c.part, outcome) {
                            (Some(k), Some(o)) => o.part_alone(k),
                            (None, o) => o.cloned(),
                            (Some(_), None) => None,
                        };
                        (r.values.get(&c.key).cloned(), outcome)
                    })
                    .collect(),
            })
            .collect();
        out.push(AllocationProgress { id: a.id.clone(), document: doc.number.clone(), table_vi: a.table_vi.clone(), table_en: a.table_en.clone(), columns, rows });
    }
    Ok(out)
}

impl AllocationProgress {
    pub fn to_json(&self, lang: Lang) -> Value {
        let pick = |vi: &str, en: &str| if lang == Lang::Vi { vi.to_string() } else { en.to_string() };
        json!({
            "id": self.id,
            "document": self.document,
            "table": pick(&self.table_vi, &self.table_en),
            "columns": self.columns.iter().map(|c| json!({
                "key": c.key, "target": c.target, "name": pick(&c.name_vi, &c.name_en),
                "stated_total": c.stated_total.decimal_text(), "sum_of_shares": c.sum_of_shares.decimal_text(),
                "adds_up": c.stated_total == c.sum_of_shares,
            })).collect::<Vec<_>>(),
            "rows": self.rows.iter().map(|r| json!({
                "unit": r.unit, "label": r.label,
                "cells": r.cells.iter().zip(&self.columns).map(|((share, o), c)| json!({
                    "column": c.key,
                    "share": share.as_ref().map(|s| s.decimal_text()),
                    "status": o.as_ref().map(|o| o.status.as_str()),
                    "actual": o.as_ref().and_then(|o| o.verdict.as_ref()).and_then(|v| v.actual.as_ref()).map(|a| a.decimal_text()),
                    "explanation": o.as_ref().map(|o| o.explanation(lang).to_string()),
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phu_bieu_01_shows_each_district_against_its_share() {
        let cat = Catalogue::builtin();
        let units = UnitRegistry::builtin();
        let data = Dataset::from_csv_str("unit_code,period,rehab_admissions\n195,2023,135\n193,2023,170\n", "t.csv", &cat, &units).unwrap();
        let reports = allocation_progress(&cat, &units, &data, Period::Year(2023)).unwrap();
        let r = reports.iter().find(|r| r.id == "kh02.phu_bieu_01").unwrap();
        let jobs = r.columns.iter().find(|c| c.target == "kh02.support.jobs").unwrap();
        assert_eq!((jobs.sum_of_shares.decimal_text(), jobs.stated_total.decimal_text()), ("590".to_string(), "580".to_string()));
        let col = r.columns.iter().position(|c| c.target == "kh02.rehab.total").unwrap();
        let status = |unit: &str| {
            let row = r.rows.iter().find(|x| x.unit.as_deref() == Some(unit)).unwrap();
            row.cells[col].1.as_ref().unwrap().status.as_str()
        };
        assert_eq!((status("195"), status("193"), status("194")), ("met", "not_met", "no_data"));
        let facility = r.rows.iter().find(|x| x.unit.is_none()).unwrap();
        assert!(facility.cells.iter().all(|(_, o)| o.is_none()), "the rehab facility is not an administrative unit");
    }
}
