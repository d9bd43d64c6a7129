//! Warnings when the data cannot answer what was asked: no figure at all (a
//! header-only file, an empty JSON list), none for the period evaluated ("the
//! data has periods 2023; nothing for 2024"), or none for the units selected.
//! Without them such a run reads as thousands of `no_data` with no reason.
//! The first is about the file (source `data`); the other two about what was
//! asked of it (source `run`).

use crate::observations::Dataset;
use crate::period::Period;
use crate::units::{UnitId, UnitRegistry};
use crate::warning::{Source, Warning};

/// How many periods or units a warning lists before "and N more".
const LISTED: usize = 8;

pub(super) fn listed(items: &[String], more_vi: &str, more_en: &str) -> (String, String) {
    let shown = items.iter().take(LISTED).cloned().collect::<Vec<_>>().join(", ");
    match items.len().checked_sub(LISTED).filter(|n| *n > 0) {
        Some(n) => (format!("{shown} và {n} {more_vi} khác"), format!("{shown} and {n} more {more_en}")),
        None => (shown.clone(), shown),
    }
}

/// Whether a figure of period `p` can be read for `period` (itself, or a finer period inside it).
fn within(p: &Period, period: &Period) -> bool {
    p == period || period.contains(p)
}

pub(super) fn warnings(data: &Dataset, units: &UnitRegistry, period: &Period, selected: &[UnitId]) -> Vec<Warning> {
    let name = if data.name.is_empty() { "data" } else { data.name.as_str() };
    if data.is_empty() {
        return vec![Warning::new(
            "no_figures",
            format!("{name}: không có số liệu nào (tệp chỉ có dòng tiêu đề, hoặc danh sách rỗng); mọi chỉ tiêu sẽ thiếu số liệu"),
            format!("{name}: the data has no figures (a header only, or an empty list); every target will have no data"),
        )];
    }
    let periods = data.periods();
    if !periods.iter().any(|p| within(p, period)) {
        let texts: Vec<String> = periods.iter().map(Period::to_string).collect();
        let (vi, en) = listed(&texts, "kỳ", "periods");
        let day_hint = if periods.iter().all(|p| matches!(p, Period::Day(_))) {
            (
                " (số liệu theo ngày được đọc bởi select/certify/programme)".to_string(),
                " (figures dated by day are read by select, certify and programme)".to_string(),
            )
        } else {
            (String::new(), String::new())
        };
        return vec![Warning::new(
            "no_figures_for_period",
            format!("{name}: số liệu có các kỳ {vi}; không có số liệu nào cho kỳ {period}{}", day_hint.0),
            format!("{name}: the data has periods {en}; nothing for {period}{}", day_hint.1),
        )
        .from(Source::Run)];
    }
    if selected.is_empty() {
        return Vec::new();
    }
    // A unit is covered when it or a unit below it has a figure inside the period.
    let mut covered = vec![false; units.len()];
    let same = data.units().same_as(units);
    for (u, p) in data.units_with_figures(|p| within(p, period)) {
        let mut at = if same { Some(u) } else { units.versions(&data.units().unit(u).code).iter().copied().find(|v| units.valid_during(*v, &p)) };
        while let Some(u) = at {
            match covered.get_mut(u.index()) {
                Some(c) if !*c => *c = true,
                _ => break,
            }
            at = units.parent_of(u);
        }
    }
    if selected.iter().any(|u| covered.get(u.index()).copied().unwrap_or(false)) {
        return Vec::new();
    }
    let codes: Vec<String> = selected.iter().map(|u| units.unit(*u).code.clone()).collect();
    let (vi, en) = listed(&codes, "đơn vị", "units");
    vec![Warning::new(
        "no_figures_for_units",
        format!("{name}: không có số liệu nào của {vi} (hay các đơn vị trực thuộc) cho kỳ {period}"),
        format!("{name}: the data has nothing for {en} (or the units under them) in {period}"),
    )
    .from(Source::Run)]
}
