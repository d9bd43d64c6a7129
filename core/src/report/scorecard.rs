//! An evaluation as HTML: the summary per document and level, the districts
//! of each document by share of targets met, the targets not met with their
//! explanations and clauses, and (for Jupyter) the table of outcomes.
//!
//! Everything shown is what core decided and wrote: statuses, explanations,
//! requirements and numbers formatted by `crate::format`; each rounded number
//! carries its exact value in a tooltip.

use super::chart::{Bar, Chart, Fill, Scale, Series};
use super::html::{esc, id_part, num};
use super::tally::{self, DistrictChart, DocumentTally};
use super::words::{self, STATUS_ORDER};
use super::{badge, pick, warnings_html};
use crate::catalogue::Catalogue;
use crate::evaluation::{Evaluation, Outcome, Status};
use crate::format;
use crate::units::Level;
use crate::Lang;

fn status_badge(s: Status, lang: Lang) -> String {
    badge(s.as_str(), words::status(s, lang))
}

/// The actual value as shown, with its exact value (and the fraction it comes from) one hover away.
pub fn actual_html(o: &Outcome, lang: Lang) -> String {
    let shown = o.actual_display(lang);
    let exact = o.verdict.as_ref().and_then(|v| {
        let a = v.actual.as_ref()?;
        let x = if v.fraction { format!("{}%", format::exact(&a.percent(), lang)) } else { format::exact(a, lang) };
        Some(match &v.parts {
            Some((n, d)) => format!("{}/{} = {x}", format::number(n, lang), format::number(d, lang)),
            None => x,
        })
    });
    num(&shown, exact.as_deref())
}

/// The margin as shown, exact value one hover away.
pub fn margin_html(o: &Outcome, lang: Lang) -> String {
    let shown = o.margin_display(lang);
    let exact = o.verdict.as_ref().and_then(|v| {
        let m = v.margin.as_ref()?;
        Some(if v.fraction || v.direction.is_some() { format!("{} {}", format::exact(&m.percent(), lang), pick(lang, "điểm %", "pts")) } else { format::exact(m, lang) })
    });
    num(&shown, exact.as_deref())
}

/// One line of figures: "Thực tế 94,92% · Yêu cầu ≥ 100% · Chênh lệch -5,08 điểm %".
pub(crate) fn figures_line(o: &Outcome, lang: Lang) -> String {
    let mut parts = Vec::new();
    if !o.actual_display(lang).is_empty() {
        parts.push(format!("{} <b>{}</b>", pick(lang, "Thực tế", "Actual"), actual_html(o, lang)));
    }
    let required = o.required(lang);
    if !required.is_empty() {
        parts.push(format!("{} {}", pick(lang, "Yêu cầu", "Required"), esc(&required)));
    }
    if !o.margin_display(lang).is_empty() {
        parts.push(format!("{} <b>{}</b>", pick(lang, "Chênh lệch", "Margin"), margin_html(o, lang)));
    }
    parts.join(" · ")
}

/// The summary table: per document, one row per level and a total row.
pub fn summary_table(docs: &[DocumentTally], lang: Lang) -> String {
    let head = [
        (pick(lang, "Cấp", "Level"), ""),
        (pick(lang, "Số đơn vị", "Units"), "ct-n"),
        (pick(lang, "Đạt", "Met"), "ct-n"),
        (pick(lang, "Không đạt", "Not met"), "ct-n"),
        (pick(lang, "Thiếu số liệu", "No data"), "ct-n"),
        (pick(lang, "Không áp dụng", "N/A"), "ct-n ct-wide"),
        (pick(lang, "Tỷ lệ đạt", "Share met"), "ct-n"),
    ];
    let mut s = String::from("<table class=\"ct-summary\"><thead><tr>");
    for (h, class) in head {
        s.push_str(&format!("<th class=\"{class}\">{}</th>", esc(h)));
    }
    s.push_str("</tr></thead>");
    for d in docs {
        let did = id_part(&d.document_id);
        s.push_str(&format!("<tbody id=\"summary-{did}\" class=\"ct-doc-summary\" data-document=\"{}\">", esc(&d.document_id)));
        let title = d.title.as_deref().map(|x| format!(" <span class=\"ct-muted ct-wide\">— {}</span>", esc(x))).unwrap_or_default();
        let superseded = if d.total.superseded > 0 {
            format!(
                "<div class=\"ct-muted\">{}</div>",
                esc(&match lang {
                    Lang::Vi => format!("{} kết quả bị thay thế bởi chỉ tiêu cao hơn, không tính", d.total.superseded),
                    Lang::En => format!("{} outcomes superseded by a more demanding target, not counted", d.total.superseded),
                })
            )
        } else {
            String::new()
        };
        s.push_str(&format!("<tr class=\"ct-doc-row\"><th colspan=\"7\">{}{title}{superseded}</th></tr>", esc(&d.heading)));
        for l in &d.levels {
            let units = if l.units_without_data > 0 {
                format!(
                    "{}<div class=\"ct-muted\">{}</div>",
                    format::count(l.units, lang),
                    esc(&match lang {
                        Lang::Vi => format!("{} chưa có số liệu nào", format::count(l.units_without_data, lang)),
                        Lang::En => format!("{} without any figure", format::count(l.units_without_data, lang)),
                    })
                )
            } else {
                format::count(l.units, lang)
            };
            s.push_str(&row(l.level.name(lang), &units, &l.tally, &l.reported, lang, ""));
        }
        if d.levels.len() > 1 {
            let units: usize = d.levels.iter().map(|l| l.units).sum();
            s.push_str(&row(pick(lang, "Cộng", "Total"), &format::count(units, lang), &d.total, &d.reported, lang, "ct-total"));
        }
        s.push_str("</tbody>");
    }
    s.push_str("</table>");
    s
}

/// A row of counts; the share is of `reported` (units with at least one figure).
fn row(label: &str, units: &str, tally: &tally::Tally, reported: &tally::Tally, lang: Lang, class: &str) -> String {
    let cells: String = [Status::Met, Status::NotMet, Status::NoData, Status::NotApplicable]
        .iter()
        .map(|st| {
            // "Not applicable" is seldom anything but 0: the first column a phone drops.
            let class = if *st == Status::NotApplicable { "ct-n ct-wide" } else { "ct-n" };
            format!("<td class=\"{class}\" data-status=\"{}\">{}</td>", st.as_str(), format::count(tally.get(*st), lang))
        })
        .collect();
    let share = reported.share_text(lang).unwrap_or_else(|| "—".into());
    let share_title = format!("{}/{}", reported.met, reported.applying());
    format!(
        "<tr class=\"{class}\"><td>{}</td><td class=\"ct-n\">{units}</td>{cells}<td class=\"ct-n\">{}</td></tr>",
        esc(label),
        num(&share, Some(&share_title))
    )
}

/// The series of a district chart, in legend order.
fn status_series(lang: Lang) -> Vec<Series> {
    tally::CHART_SERIES.iter().zip([Fill::Solid, Fill::Hatched, Fill::Dotted]).map(|(s, fill)| Series { fill, label: words::status(*s, lang).into() }).collect()
}

/// One chart per document: its districts by share of targets met.
pub fn district_charts(charts: &[DistrictChart], lang: Lang) -> String {
    charts
        .iter()
        .map(|c| {
            let bars = c
                .rows
                .iter()
                .map(|r| {
                    let share = r.tally.share_text(lang).unwrap_or_else(|| "—".into());
                    let value_text = match lang {
                        Lang::Vi => format!("{}/{} đạt · {share}", r.tally.met, r.tally.applying()),
                        Lang::En => format!("{}/{} met · {share}", r.tally.met, r.tally.applying()),
                    };
                    Bar { label: r.name.clone(), value_text, values: tally::CHART_SERIES.iter().map(|s| r.tally.get(*s)).collect() }
                })
                .collect();
            let title = match lang {
                Lang::Vi => format!("{}: các huyện theo tỷ lệ chỉ tiêu đạt", c.heading),
                Lang::En => format!("{}: districts by share of targets met", c.heading),
            };
            Chart { id: format!("chart-{}", c.document_id), title, series: status_series(lang), bars, scale: Scale::Share }.html()
        })
        .collect()
}

/// The governing outcomes not met, per document and unit, with explanations and clauses.
pub fn not_met_list(ev: &Evaluation, docs: &[DocumentTally], lang: Lang) -> String {
    let mut s = String::new();
    for d in docs {
        let items: Vec<&Outcome> = ev.outcomes.iter().filter(|o| o.document_id() == d.document_id && o.governing && o.status == Status::NotMet).collect();
        if items.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "<section class=\"ct-notmet-doc\" data-document=\"{}\" data-count=\"{}\"><h3>{} <span class=\"ct-muted\">({})</span></h3>",
            esc(&d.document_id),
            items.len(),
            esc(&d.heading),
            format::count(items.len(), lang)
        ));
        let mut units: Vec<(&str, &str, Level)> = Vec::new();
        for o in &items {
            if !units.iter().any(|(u, _, _)| *u == o.unit()) {
                units.push((o.unit(), o.unit_name(), o.level()));
            }
        }
        units.sort_by_key(|(_, _, level)| *level);
        for (unit, name, _) in units {
            let of_unit: Vec<&&Outcome> = items.iter().filter(|o| o.unit() == unit).collect();
            s.push_str(&format!(
                "<div class=\"ct-unit\"><h4>{} <span class=\"ct-muted\">{} · {}</span></h4><ol class=\"ct-items\">",
                esc(name),
                esc(unit),
                esc(&match lang {
                    Lang::Vi => format!("{} chỉ tiêu không đạt", of_unit.len()),
                    Lang::En => format!("{} not met", of_unit.len()),
                })
            ));
            for o in of_unit {
                let interp = o.interpretation(lang).map(|x| format!("<div class=\"ct-muted\"><i>{}</i></div>", esc(x))).unwrap_or_default();
                s.push_str(&format!(
                    "<li class=\"ct-notmet-item\" data-target=\"{}\" data-unit=\"{}\"><div>{}</div><div class=\"ct-figures\">{}</div>{interp}<div class=\"ct-id\">{}</div></li>",
                    esc(o.target()),
                    esc(o.unit()),
                    esc(&o.explanation(lang)),
                    figures_line(o, lang),
                    esc(o.target())
                ));
            }
            s.push_str("</ol></div>");
        }
        s.push_str("</section>");
    }
    s
}

/// Every outcome as a table, not met first (then core's order), at most `max_rows` rows.
pub fn outcomes_table(ev: &Evaluation, lang: Lang, max_rows: usize) -> String {
    let rank = |s: Status| STATUS_ORDER.iter().position(|x| *x == s).unwrap_or(STATUS_ORDER.len());
    let mut rows: Vec<&Outcome> = ev.outcomes.iter().collect();
    rows.sort_by_key(|o| rank(o.status));
    let head = match lang {
        Lang::Vi => ["Trạng thái", "Đơn vị", "Chỉ tiêu", "Văn bản, điều khoản", "Thực tế", "Yêu cầu", "Chênh lệch", "Giải thích"],
        Lang::En => ["Status", "Unit", "Target", "Document, clause", "Actual", "Required", "Margin", "Explanation"],
    };
    let mut s = String::from("<table class=\"ct-outcomes\"><thead><tr>");
    for h in head {
        s.push_str(&format!("<th>{}</th>", esc(h)));
    }
    s.push_str("</tr></thead><tbody>");
    for o in rows.iter().take(max_rows) {
        let superseded = o.superseded_by().map(|by| format!("<div class=\"ct-muted\">{}</div>", esc(&words::superseded_by(by, lang)))).unwrap_or_default();
        let clause = o.clause(lang);
        s.push_str(&format!(
            "<tr data-status=\"{}\"><td>{}{superseded}</td><td>{} <span class=\"ct-muted\">{}</span></td><td>{}<div class=\"ct-id\">{}</div></td>\
             <td>{}<div class=\"ct-muted\">{}</div></td><td class=\"ct-n\">{}</td><td>{}</td><td class=\"ct-n\">{}</td><td>{}</td></tr>",
            o.status.as_str(),
            status_badge(o.status, lang),
            esc(o.unit_name()),
            esc(o.unit()),
            esc(o.name(lang)),
            esc(o.target()),
            esc(o.document()),
            esc(&clause),
            actual_html(o, lang),
            esc(&o.required(lang)),
            margin_html(o, lang),
            esc(&o.explanation(lang)),
        ));
    }
    s.push_str("</tbody></table>");
    if rows.len() > max_rows {
        s.push_str(&format!(
            "<p class=\"ct-muted\">{}</p>",
            esc(&match lang {
                Lang::Vi => format!("… còn {} dòng nữa", format::count(rows.len() - max_rows, lang)),
                Lang::En => format!("… {} more rows", format::count(rows.len() - max_rows, lang)),
            })
        ));
    }
    s
}

/// The sections of an evaluation in the report: summary, district charts,
/// what changed since `previous` (an earlier period's evaluation), targets not met.
pub fn sections(ev: &Evaluation, cat: &Catalogue, previous: Option<&Evaluation>, lang: Lang) -> String {
    let docs = tally::by_document(ev, cat, lang);
    let charts = tally::districts(ev, cat, lang);
    let not_met: usize = docs.iter().map(|d| d.total.not_met).sum();
    let mut s = String::new();
    s.push_str(&format!("<section id=\"summary\"><h2>{}</h2>", esc(pick(lang, "Tổng hợp theo văn bản và cấp", "Summary by document and level"))));
    s.push_str(&format!(
        "<p class=\"ct-muted\">{}</p>",
        esc(pick(
            lang,
            "Đếm các chỉ tiêu áp dụng; tỷ lệ đạt = đạt / (đạt + không đạt + thiếu số liệu), không tính các đơn vị chưa có số liệu nào.",
            "Governing targets counted; share met = met / (met + not met + no data), leaving out units without any figure."
        ))
    ));
    s.push_str(&summary_table(&docs, lang));
    s.push_str("</section>");
    s.push_str(&format!("<section id=\"districts\"><h2>{}</h2>", esc(pick(lang, "Các huyện theo tỷ lệ chỉ tiêu đạt", "Districts by share of targets met"))));
    if charts.is_empty() {
        s.push_str(&format!(
            "<p class=\"ct-muted\">{}</p>",
            esc(pick(lang, "Lần đánh giá này không có kết quả cấp huyện.", "This evaluation has no district outcomes."))
        ));
    } else {
        s.push_str(&district_charts(&charts, lang));
    }
    s.push_str("</section>");
    if let Some(before) = previous {
        s.push_str(&super::trend::section(before, ev, cat, lang));
    }
    s.push_str(&format!(
        "<section id=\"not-met\" data-count=\"{not_met}\"><h2>{} <span class=\"ct-muted\">({})</span></h2>",
        esc(pick(lang, "Chỉ tiêu không đạt", "Targets not met")),
        format::count(not_met, lang)
    ));
    if not_met == 0 {
        s.push_str(&format!("<p>{}</p>", esc(pick(lang, "Không có chỉ tiêu nào không đạt.", "No target is not met."))));
    }
    s.push_str(&not_met_list(ev, &docs, lang));
    s.push_str("</section>");
    s
}

/// What Jupyter shows for a result: the heading, warnings, the summary, the
/// district charts and the table of outcomes (the report's own pieces).
pub fn fragment(ev: &Evaluation, cat: &Catalogue, lang: Lang, max_rows: usize) -> String {
    let docs = tally::by_document(ev, cat, lang);
    let charts = tally::districts(ev, cat, lang);
    let mut s = format!("<div class=\"chitieu\"><style>{}</style>", super::style::FRAGMENT);
    s.push_str(&format!(
        "<div><b>chitieu — {} {}</b> <span class=\"ct-muted\">({}; {} {})</span></div>",
        esc(pick(lang, "Kết quả đánh giá", "Evaluation")),
        esc(&ev.period.to_string()),
        esc(&words::dataset(&ev.dataset, lang)),
        format::count(ev.outcomes.len(), lang),
        esc(pick(lang, "kết quả", "outcomes"))
    ));
    s.push_str(&warnings_html(&ev.warnings, lang, false));
    s.push_str(&summary_table(&docs, lang));
    s.push_str(&district_charts(&charts, lang));
    s.push_str(&outcomes_table(ev, lang, max_rows));
    s.push_str("</div>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::UnitFilter;
    use crate::report::tests::sample;


    #[test]
    fn numbers_are_written_the_readers_way_with_the_exact_value_on_hover() {
        let (ev, cat) = sample(UnitFilter::Root);
        let html = fragment(&ev, &cat, Lang::Vi, 500);
        // 161/177 communes reached by trafficking information = 90.960...%:
        // shown Vietnamese, exact in the title.
        assert!(html.contains("title=\"161/177 = 16100/177 ≈ 90,9604519774%\">90,96%</span>"), "{}", &html[..2000.min(html.len())]);
        assert!(html.contains(">-9,04 điểm %</span>"));
        assert!(!html.contains("90.9604519774"), "no machine decimal in a Vietnamese view");
        let en = fragment(&ev, &cat, Lang::En, 500);
        assert!(en.contains(">90.96%</span>") && en.contains(">-9.04 pts</span>"));
    }

    #[test]
    fn every_not_met_outcome_is_listed_once_with_its_explanation() {
        let (ev, cat) = sample(UnitFilter::All);
        let html = sections(&ev, &cat, None, Lang::Vi);
        let expected = ev.outcomes.iter().filter(|o| o.governing && o.status == Status::NotMet).count();
        assert!(expected > 0);
        assert_eq!(html.matches("class=\"ct-notmet-item\"").count(), expected);
        assert!(html.contains(&format!("id=\"not-met\" data-count=\"{expected}\"")));
        for d in ["nq314", "kh02", "kh102", "ct32"] {
            assert!(html.contains(&format!("id=\"summary-{d}\"")), "{d}");
            assert!(html.contains(&format!("id=\"chart-{d}\"")), "{d}");
        }
        let some = ev.outcomes.iter().find(|o| o.governing && o.status == Status::NotMet).unwrap();
        assert!(html.contains(&esc(&some.explanation(Lang::Vi))));
    }
}
