//! What changed since an earlier period ("since last year"): each document's
//! counts then and now, and every target of a unit whose status changed
//! (met → not met, no data → met...), with the actual values of both periods.
//!
//! Outcomes are matched by target and unit; a target that binds only one of
//! the two periods (a plan for 2023 alone) counts in its own period's totals
//! but cannot change. Superseded outcomes are left out, as in the summary.

use super::html::esc;
use super::tally::{self, DocumentTally};
use super::{badge, pick, words};
use crate::catalogue::Catalogue;
use crate::evaluation::{Evaluation, Outcome};
use crate::format;
use crate::Lang;

/// A target of a unit whose status differs between the two periods.
#[derive(Clone, Copy, Debug)]
pub struct Change<'a> {
    pub before: &'a Outcome,
    pub after: &'a Outcome,
}

/// Governing outcomes of `after` whose status differs from the same target's
/// for the same unit in `before`, in `after`'s order.
pub fn changes<'a>(before: &'a Evaluation, after: &'a Evaluation) -> Vec<Change<'a>> {
    let earlier: std::collections::HashMap<(&str, &str), &Outcome> =
        before.outcomes.iter().filter(|o| o.governing).map(|o| ((o.target(), o.unit()), o)).collect();
    after
        .outcomes
        .iter()
        .filter(|o| o.governing)
        .filter_map(|o| earlier.get(&(o.target(), o.unit())).filter(|b| b.status != o.status).map(|b| Change { before: b, after: o }))
        .collect()
}

/// Whether an earlier evaluation says anything: at least one target decided.
pub fn has_figures(ev: &Evaluation) -> bool {
    ev.outcomes.iter().any(|o| matches!(o.status, crate::evaluation::Status::Met | crate::evaluation::Status::NotMet))
}

fn counts_table(before: &[DocumentTally], after: &[DocumentTally], b: &str, a: &str, lang: Lang) -> String {
    let head = [
        pick(lang, "Văn bản", "Document"),
        pick(lang, "Đạt", "Met"),
        pick(lang, "Không đạt", "Not met"),
        pick(lang, "Thiếu số liệu", "No data"),
        pick(lang, "Tỷ lệ đạt", "Share met"),
    ];
    let mut s = String::from("<table class=\"ct-trend\"><thead><tr>");
    for (i, h) in head.iter().enumerate() {
        let class = if i == 0 { "" } else { "ct-n" };
        s.push_str(&format!("<th class=\"{class}\">{}<div class=\"ct-muted\">{}</div></th>", esc(h), if i == 0 { String::new() } else { esc(&format!("{b} → {a}")) }));
    }
    s.push_str("</tr></thead><tbody>");
    for d in after {
        let then = before.iter().find(|x| x.document_id == d.document_id);
        let pair = |f: &dyn Fn(&DocumentTally) -> String| format!("{} → {}", then.map(f).unwrap_or_else(|| "—".into()), f(d));
        let count = |k: fn(&tally::Tally) -> usize| move |x: &DocumentTally| format::count(k(&x.total), lang);
        s.push_str(&format!(
            "<tr data-document=\"{}\"><td>{}</td><td class=\"ct-n\">{}</td><td class=\"ct-n\">{}</td><td class=\"ct-n\">{}</td><td class=\"ct-n\">{}</td></tr>",
            esc(&d.document_id),
            esc(&d.heading),
            pair(&count(|t| t.met)),
            pair(&count(|t| t.not_met)),
            pair(&count(|t| t.no_data)),
            pair(&|x: &DocumentTally| x.reported.share_text(lang).unwrap_or_else(|| "—".into())),
        ));
    }
    s.push_str("</tbody></table>");
    s
}

/// The section "changes since `before`'s period".
pub fn section(before: &Evaluation, after: &Evaluation, cat: &Catalogue, lang: Lang) -> String {
    let (b, a) = (before.period.to_string(), after.period.to_string());
    let docs_before = tally::by_document(before, cat, lang);
    let docs_after = tally::by_document(after, cat, lang);
    let found = changes(before, after);
    let mut s = format!(
        "<section id=\"trend\" data-count=\"{}\"><h2>{}</h2>",
        found.len(),
        esc(&match lang {
            Lang::Vi => format!("Thay đổi so với kỳ {b}"),
            Lang::En => format!("Changes since {b}"),
        })
    );
    s.push_str(&counts_table(&docs_before, &docs_after, &b, &a, lang));
    if found.is_empty() {
        s.push_str(&format!("<p>{}</p>", esc(pick(lang, "Không chỉ tiêu nào đổi trạng thái.", "No target changed status."))));
    }
    for d in &docs_after {
        let of_doc: Vec<&Change> = found.iter().filter(|c| c.after.document_id() == d.document_id).collect();
        if of_doc.is_empty() {
            continue;
        }
        s.push_str(&format!("<h3>{} <span class=\"ct-muted\">({})</span></h3><ul class=\"ct-items\">", esc(&d.heading), format::count(of_doc.len(), lang)));
        for c in of_doc {
            let value = |o: &Outcome| {
                let v = o.actual_display(lang);
                if v.is_empty() {
                    "—".to_string()
                } else {
                    v
                }
            };
            s.push_str(&format!(
                "<li class=\"ct-trend-item\" data-target=\"{}\" data-unit=\"{}\"><b>{}</b> · {} {} → {}<div class=\"ct-figures\">{b}: {} · {a}: {}</div><div class=\"ct-id\">{}</div></li>",
                esc(c.after.target()),
                esc(c.after.unit()),
                esc(c.after.unit_name()),
                esc(c.after.name(lang)),
                badge(c.before.status.as_str(), words::status(c.before.status, lang)),
                badge(c.after.status.as_str(), words::status(c.after.status, lang)),
                esc(&value(c.before)),
                esc(&value(c.after)),
                esc(c.after.target())
            ));
        }
        s.push_str("</ul>");
    }
    s.push_str("</section>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::{evaluate, UnitFilter};
    use crate::{Period, UnitRegistry};

    #[test]
    fn a_change_of_status_is_listed_with_both_years() {
        let cat = Catalogue::builtin();
        let units = UnitRegistry::builtin();
        let ds = crate::sample::generate(&cat, &units);
        let y22 = evaluate(&cat, &units, &ds, Period::Year(2022), &UnitFilter::All).unwrap();
        let y23 = evaluate(&cat, &units, &ds, Period::Year(2023), &UnitFilter::All).unwrap();
        assert!(has_figures(&y22));
        let found = changes(&y22, &y23);
        assert!(!found.is_empty(), "the sample's years differ somewhere");
        for c in &found {
            assert_eq!((c.before.target(), c.before.unit()), (c.after.target(), c.after.unit()));
            assert_ne!(c.before.status, c.after.status);
        }
        let html = section(&y22, &y23, &cat, Lang::Vi);
        assert_eq!(html.matches("class=\"ct-trend-item\"").count(), found.len());
        assert!(html.contains("Thay đổi so với kỳ 2022") && html.contains("2022 → 2023"));
        // Nothing changes between a year and itself.
        assert!(changes(&y23, &y23).is_empty());
    }
}
