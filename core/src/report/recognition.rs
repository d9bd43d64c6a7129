//! A recognition run (Kế hoạch 50/KH-UBND) as people read it: counts of
//! decisions, certified communes per district (a chart), what blocks each
//! district, the programme targets and what changed since a recorded run.
//! The terminal listing uses the same words and reasons ([`reasons`],
//! [`changes_heading`]), so the two never disagree.

use super::chart::{Bar, Chart, Fill, Scale, Series};
use super::html::{esc, id_part};
use super::{badge, pick, scorecard, warnings_html, words};
use crate::catalogue::Stage;
use crate::certification::log::Comparison;
use crate::certification::window::date_text;
use crate::certification::{Decision, Operation, Report, UnitDecision};
use crate::evaluation::Status;
use crate::format;
use crate::Lang;

/// The decisions of an operation, in the order a summary lists them.
pub fn decisions(op: Operation) -> [Decision; 3] {
    match op {
        Operation::Select => [Decision::Eligible, Decision::NotEligible, Decision::NoData],
        Operation::Certify | Operation::Programme => [Decision::Certified, Decision::NotCertified, Decision::NoData],
    }
}

/// Whether a commune takes part in the programme: on a track, or certified.
pub fn in_programme(u: &UnitDecision) -> bool {
    u.track.is_some() || u.status == Decision::Certified
}

/// Whether a unit is listed by default: eligible ones in a selection, the
/// programme's communes otherwise (the others are counted, not listed).
pub fn listed(r: &Report, u: &UnitDecision) -> bool {
    match r.operation {
        Operation::Select => u.status == Decision::Eligible,
        _ => in_programme(u),
    }
}

/// The words of a decision; "certified" and "eligible" in capitals for the terminal.
pub fn decision_badge(d: Decision, lang: Lang) -> String {
    badge(d.as_str(), d.words(lang))
}

/// What a unit's row says: its gaps, or why it passed, one line each.
pub fn reasons(u: &UnitDecision, lang: Lang) -> Vec<String> {
    let vi = lang == Lang::Vi;
    let mut lines: Vec<String> = Vec::new();
    if let Some(l) = u.lost_on {
        lines.push(if vi { format!("mất công nhận từ {}", date_text(l, lang)) } else { format!("recognition lost on {}", date_text(l, lang)) });
    }
    if u.gaps.is_empty() {
        let deciding = u.criteria.iter().filter(|c| c.decides).count();
        let met = u.criteria.iter().filter(|c| c.decides && c.status == Status::Met).count();
        match (u.stage, u.certified_on) {
            (Stage::Keep, Some(c)) => {
                let w = u.criteria.iter().flat_map(|c| c.parts.iter()).find_map(|p| p.window).map(|w| w.text(lang)).unwrap_or_default();
                lines.push(if vi {
                    format!("giữ sạch từ {}: không có tội phạm, tệ nạn ma túy trở lại trong khoảng {w}", date_text(c, lang))
                } else {
                    format!("kept clean since {}: no return of drug crime or drug evils inside {w}", date_text(c, lang))
                })
            }
            _ => {
                let named = u.criteria.iter().find(|c| c.decides && c.alternative.is_some() && c.status == Status::Met);
                lines.push(match (named, vi) {
                    (Some(c), _) => c.detail(lang).to_string(),
                    (None, true) => format!("đạt {met}/{deciding} tiêu chí"),
                    (None, false) => format!("meets {met} of {deciding} criteria"),
                })
            }
        }
    }
    for g in &u.gaps {
        lines.push(format!("• {}", g.text(lang)));
    }
    for c in u.criteria.iter().filter(|c| !c.decides && c.status == Status::NotMet) {
        // Information only (the criterion does not decide): said in words, as
        // a symbol such as ⓘ is missing from many printers' fonts.
        lines.push(format!("{} {}: {}", pick(lang, "Lưu ý —", "Note —"), c.name(lang), c.detail(lang)));
    }
    lines
}

/// "Thay đổi so với lần ghi ngày … (xem xét …, vai trò: tên), dữ liệu đầu vào đã khác".
pub fn changes_heading(c: &Comparison, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!(
            "Thay đổi so với lần ghi ngày {} (xem xét {}, {}: {}){}",
            c.recorded_at,
            date_text(c.recorded_as_of, lang),
            c.decided_by.role,
            c.decided_by.name,
            if c.inputs_changed { ", dữ liệu đầu vào đã khác" } else { ", cùng dữ liệu đầu vào" }
        ),
        Lang::En => format!(
            "Changes since the run recorded at {} (review {}, {}: {}){}",
            c.recorded_at,
            date_text(c.recorded_as_of, lang),
            c.decided_by.role,
            c.decided_by.name,
            if c.inputs_changed { ", inputs differ" } else { ", same inputs" }
        ),
    }
}

/// "Công nhận sạch ma túy — ngày xem xét 15/12/2024".
pub fn operation_title(r: &Report, lang: Lang) -> String {
    let (vi, en) = match r.operation {
        Operation::Select => ("Lựa chọn địa bàn xây dựng — ngày lựa chọn", "Selection — selection date"),
        Operation::Certify => ("Công nhận sạch ma túy — ngày xem xét", "Drug-free recognition — review date"),
        Operation::Programme => ("Chương trình năm — ngày xem xét", "Programme year — review date"),
    };
    format!("{} {}", pick(lang, vi, en), date_text(r.as_of, lang))
}

/// Communes of one district by decision; `outside` counts those outside the programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistrictCommunes {
    pub unit: String,
    pub name: String,
    pub status: Decision,
    /// Certified (eligible), not certified (not eligible), no data: programme communes only.
    pub counts: [usize; 3],
    pub outside: usize,
}

impl DistrictCommunes {
    pub fn total(&self) -> usize {
        self.counts.iter().sum::<usize>() + self.outside
    }
}

/// Communes per district, the district with the largest share certified
/// (eligible) first; ties keep the report's district order.
pub fn communes_by_district(r: &Report) -> Vec<DistrictCommunes> {
    let ds = decisions(r.operation);
    let mut rows: Vec<DistrictCommunes> = r
        .districts
        .iter()
        .map(|d| {
            let mut counts = [0usize; 3];
            let mut outside = 0;
            for c in r.communes.iter().filter(|c| c.district.as_deref() == Some(d.unit.as_str())) {
                let counted = r.operation == Operation::Select || in_programme(c);
                match (counted, ds.iter().position(|x| *x == c.status).and_then(|i| counts.get_mut(i))) {
                    (true, Some(n)) => *n += 1,
                    _ => outside += 1,
                }
            }
            DistrictCommunes { unit: d.unit.clone(), name: d.name.clone(), status: d.status, counts, outside }
        })
        .collect();
    rows.sort_by(|a, b| (b.counts[0] * a.total().max(1)).cmp(&(a.counts[0] * b.total().max(1))).then(b.counts[0].cmp(&a.counts[0])));
    rows
}

/// The series of the communes-per-district chart, as (key, label): the three
/// decisions, then "outside" the programme (not for a selection).
pub fn commune_series(op: Operation, lang: Lang) -> Vec<(&'static str, String)> {
    let mut series: Vec<(&'static str, String)> = decisions(op).iter().map(|d| (d.as_str(), d.words(lang).to_string())).collect();
    if op != Operation::Select {
        series.push(("outside", pick(lang, "ngoài chương trình", "outside the programme").into()));
    }
    series
}

/// The chart of communes per district: certified (eligible) first.
pub fn communes_chart(r: &Report, lang: Lang) -> String {
    let rows = communes_by_district(r);
    let series: Vec<Series> =
        commune_series(r.operation, lang).into_iter().zip([Fill::Solid, Fill::Hatched, Fill::Dotted, Fill::Blank]).map(|((_, label), fill)| Series { fill, label }).collect();
    let select = r.operation == Operation::Select;
    let bars = rows
        .iter()
        .map(|d| {
            let [yes, no, none] = d.counts;
            let value_text = match (lang, select) {
                (Lang::Vi, false) => format!("{yes}/{} xã đạt", d.total()),
                (Lang::En, false) => format!("{yes} of {} communes certified", d.total()),
                (Lang::Vi, true) => format!("{yes}/{} xã đủ điều kiện", d.total()),
                (Lang::En, true) => format!("{yes} of {} communes eligible", d.total()),
            };
            let mut values = vec![yes, no, none];
            if !select {
                values.push(d.outside);
            }
            Bar { label: d.name.clone(), value_text, values }
        })
        .collect();
    let title = match (lang, select) {
        (Lang::Vi, false) => "Xã đạt sạch ma túy theo huyện",
        (Lang::En, false) => "Communes certified drug-free per district",
        (Lang::Vi, true) => "Xã đủ điều kiện lựa chọn theo huyện",
        (Lang::En, true) => "Communes eligible for selection per district",
    };
    Chart { id: format!("chart-{}-{}", r.scheme, r.operation.as_str()), title: title.into(), series, bars, scale: Scale::Count }.html()
}

/// The counts of decisions: communes and districts.
pub fn summary_table(r: &Report, lang: Lang) -> String {
    let ds = decisions(r.operation);
    let mut s = String::from("<table class=\"ct-summary ct-recognition-summary\"><thead><tr><th></th>");
    for d in ds {
        s.push_str(&format!("<th class=\"ct-n\">{}</th>", esc(d.words(lang))));
    }
    let programme = r.operation != Operation::Select;
    if programme {
        let outside = commune_series(r.operation, lang).into_iter().find(|(k, _)| *k == "outside").map(|(_, l)| l).unwrap_or_default();
        s.push_str(&format!("<th class=\"ct-n\">{}</th>", esc(&outside)));
    }
    s.push_str(&format!("<th class=\"ct-n\">{}</th></tr></thead><tbody>", esc(pick(lang, "Cộng", "Total"))));
    for (label, units, communes) in [(pick(lang, "Cấp xã", "Communes"), &r.communes, true), (pick(lang, "Cấp huyện", "Districts"), &r.districts, false)] {
        s.push_str(&format!("<tr data-level=\"{}\"><td>{}</td>", if communes { "commune" } else { "district" }, esc(label)));
        let outside = if programme && communes { units.iter().filter(|u| !in_programme(u)).count() } else { 0 };
        for d in ds {
            let n = units.iter().filter(|u| u.status == d && (!programme || !communes || in_programme(u))).count();
            s.push_str(&format!("<td class=\"ct-n\" data-decision=\"{}\">{}</td>", d.as_str(), format::count(n, lang)));
        }
        if programme {
            s.push_str(&format!("<td class=\"ct-n\">{}</td>", if communes { format::count(outside, lang) } else { "—".into() }));
        }
        s.push_str(&format!("<td class=\"ct-n\">{}</td></tr>", format::count(units.len(), lang)));
    }
    s.push_str("</tbody></table>");
    s
}

fn lines_html(lines: &[String]) -> String {
    lines.iter().map(|l| format!("<div>{}</div>", esc(l))).collect()
}

/// For each district: what stands in the way of its recognition, and the
/// programme communes of it that are not certified, with their gaps.
pub fn district_gaps(r: &Report, lang: Lang) -> String {
    let ds = decisions(r.operation);
    let (passed, blocked): (Vec<&UnitDecision>, Vec<&UnitDecision>) = r.districts.iter().partition(|d| d.status == ds[0]);
    let mut s = String::new();
    if !passed.is_empty() {
        let names: Vec<String> = passed.iter().map(|d| d.name.clone()).collect();
        s.push_str(&format!("<p><b>{}:</b> {}</p>", esc(ds[0].words(lang)), esc(&names.join(", "))));
    }
    for d in blocked {
        let communes: Vec<&UnitDecision> =
            r.communes.iter().filter(|c| c.district.as_deref() == Some(d.unit.as_str()) && listed(r, c) && c.status != ds[0]).collect();
        s.push_str(&format!(
            "<div class=\"ct-unit ct-district-gaps\" id=\"gaps-{}\" data-unit=\"{}\"><h3>{} {}</h3><ul class=\"ct-items\">",
            id_part(&d.unit),
            esc(&d.unit),
            esc(&d.name),
            decision_badge(d.status, lang)
        ));
        for l in reasons(d, lang) {
            s.push_str(&format!("<li>{}</li>", esc(l.trim_start_matches("• "))));
        }
        s.push_str("</ul>");
        if !communes.is_empty() {
            s.push_str(&format!(
                "<h4>{} ({})</h4><ul class=\"ct-items\">",
                esc(pick(lang, "Xã trong chương trình chưa đạt", "Programme communes not certified")),
                communes.len()
            ));
            for c in communes {
                let track = words::track(c, lang);
                s.push_str(&format!(
                    "<li><b>{}</b> <span class=\"ct-muted\">{} · {}</span>{}</li>",
                    esc(&c.name),
                    esc(&c.unit),
                    esc(&track),
                    lines_html(&reasons(c, lang))
                ));
            }
            s.push_str("</ul>");
        }
        s.push_str("</div>");
    }
    s
}

/// The programme targets of the year, each with its status and explanation.
pub fn programme_list(r: &Report, lang: Lang) -> String {
    let mut s = String::from("<ul class=\"ct-items ct-programme\">");
    for o in &r.programme {
        let superseded = o.superseded_by().map(|by| format!(" <span class=\"ct-muted\">({})</span>", esc(&words::superseded_by(by, lang)))).unwrap_or_default();
        s.push_str(&format!(
            "<li data-status=\"{}\">{}{superseded} {}<div class=\"ct-figures\">{}</div><div class=\"ct-id\">{}</div></li>",
            o.status.as_str(),
            badge(o.status.as_str(), words::status(o.status, lang)),
            esc(&o.explanation(lang)),
            scorecard::figures_line(o, lang),
            esc(o.target())
        ));
    }
    s.push_str("</ul>");
    s
}

/// The units whose decision changed since a recorded run.
pub fn changes(c: &Comparison, lang: Lang) -> String {
    let mut s = format!("<p>{}</p>", esc(&changes_heading(c, lang)));
    if c.changes.is_empty() {
        s.push_str(&format!("<p>{}</p>", esc(pick(lang, "Không có thay đổi.", "No change."))));
        return s;
    }
    let head = match lang {
        Lang::Vi => ["Đơn vị", "Trước", "Sau", "Tiêu chí thay đổi"],
        Lang::En => ["Unit", "Before", "After", "Criteria that changed"],
    };
    s.push_str("<table class=\"ct-changes\"><thead><tr>");
    for h in head {
        s.push_str(&format!("<th>{}</th>", esc(h)));
    }
    s.push_str("</tr></thead><tbody>");
    let word = |d: Option<Decision>| d.map(|d| decision_badge(d, lang)).unwrap_or_else(|| "—".into());
    for ch in &c.changes {
        let criteria: String = ch
            .criteria
            .iter()
            .map(|(id, b, a)| format!("<div><span class=\"ct-id\">{}</span>: {} → {}</div>", esc(id), esc(b.as_deref().unwrap_or("—")), esc(a.as_deref().unwrap_or("—"))))
            .collect();
        s.push_str(&format!(
            "<tr><td>{} <span class=\"ct-muted\">{}</span></td><td>{}</td><td>{}</td><td>{criteria}</td></tr>",
            esc(&ch.name),
            esc(&ch.unit),
            word(ch.before),
            word(ch.after)
        ));
    }
    s.push_str("</tbody></table>");
    s
}

/// The sections of a recognition run in the report.
pub fn sections(r: &Report, since: Option<&Comparison>, lang: Lang) -> String {
    let heading = match r.operation {
        Operation::Select => pick(lang, "Kết quả lựa chọn", "Selection results"),
        Operation::Certify | Operation::Programme => pick(lang, "Kết quả công nhận", "Recognition results"),
    };
    let mut s = format!(
        "<section id=\"recognition\"><h2>{} <span class=\"ct-muted\">({} {}, {})</span></h2>",
        esc(heading),
        esc(pick(lang, "Kế hoạch", "Plan")),
        esc(&r.document),
        esc(&date_text(r.as_of, lang))
    );
    s.push_str(&summary_table(r, lang));
    s.push_str(&communes_chart(r, lang));
    s.push_str("</section>");
    s.push_str(&format!("<section id=\"district-gaps\"><h2>{}</h2>", esc(pick(lang, "Những gì còn vướng ở từng huyện", "What blocks each district"))));
    s.push_str(&district_gaps(r, lang));
    s.push_str("</section>");
    if !r.programme.is_empty() {
        let year = r.year.map(|y| y.to_string()).unwrap_or_else(|| r.as_of.format("%Y").to_string());
        s.push_str(&format!(
            "<section id=\"programme\"><h2>{} {}</h2>",
            esc(pick(lang, "Mục tiêu chương trình năm", "Programme targets of the year")),
            esc(&year)
        ));
        s.push_str(&programme_list(r, lang));
        s.push_str("</section>");
    }
    if let Some(c) = since {
        s.push_str(&format!("<section id=\"changes\"><h2>{}</h2>", esc(pick(lang, "Thay đổi so với lần ghi trước", "Changes since the recorded run"))));
        s.push_str(&changes(c, lang));
        s.push_str("</section>");
    }
    s
}

fn unit_table(units: &[&UnitDecision], lang: Lang, communes: bool) -> String {
    let head: Vec<&str> = match (lang, communes) {
        (Lang::Vi, true) => vec!["Kết quả", "Đơn vị", "Huyện", "Diện", "Lý do / còn vướng"],
        (Lang::En, true) => vec!["Result", "Unit", "District", "Track", "Reasons / what stands in the way"],
        (Lang::Vi, false) => vec!["Kết quả", "Đơn vị", "Diện", "Lý do / còn vướng"],
        (Lang::En, false) => vec!["Result", "Unit", "Track", "Reasons / what stands in the way"],
    };
    let mut s = String::from("<table class=\"ct-units\"><thead><tr>");
    for h in head {
        s.push_str(&format!("<th>{}</th>", esc(h)));
    }
    s.push_str("</tr></thead><tbody>");
    for u in units {
        let district = if communes { format!("<td>{}</td>", esc(u.district_name.as_deref().unwrap_or(""))) } else { String::new() };
        s.push_str(&format!(
            "<tr data-status=\"{}\"><td>{}</td><td>{} <span class=\"ct-muted\">{}</span></td>{district}<td>{}</td><td>{}</td></tr>",
            u.status.as_str(),
            decision_badge(u.status, lang),
            esc(&u.name),
            esc(&u.unit),
            esc(&words::track(u, lang)),
            lines_html(&reasons(u, lang))
        ));
    }
    s.push_str("</tbody></table>");
    s
}

/// What Jupyter shows for a recognition run: heading, warnings, counts, the
/// chart, the communes in question (or all), every district, the programme
/// targets.
pub fn fragment(r: &Report, lang: Lang, all: bool, max_rows: usize) -> String {
    let ds = decisions(r.operation);
    let rank = |d: Decision| ds.iter().rev().position(|x| *x == d).unwrap_or(ds.len());
    let mut communes: Vec<&UnitDecision> = r.communes.iter().filter(|u| all || listed(r, u)).collect();
    communes.sort_by_key(|u| rank(u.status));
    let mut districts: Vec<&UnitDecision> = r.districts.iter().collect();
    districts.sort_by_key(|u| rank(u.status));
    let mut s = format!("<div class=\"chitieu\"><style>{}</style>", super::style::FRAGMENT);
    s.push_str(&format!(
        "<div><b>chitieu — {} {} — {}</b> <span class=\"ct-muted\">({}; sha256 {}…)</span></div>",
        esc(pick(lang, "Kế hoạch", "Plan")),
        esc(&r.document),
        esc(&operation_title(r, lang)),
        esc(&words::dataset(&r.dataset, lang)),
        esc(r.inputs_sha256.get(..16).unwrap_or(&r.inputs_sha256))
    ));
    s.push_str(&warnings_html(&r.warnings, lang, false));
    s.push_str(&summary_table(r, lang));
    s.push_str(&communes_chart(r, lang));
    s.push_str(&format!("<h4>{}</h4>", esc(pick(lang, "Cấp xã", "Communes"))));
    let shown: Vec<&UnitDecision> = communes.iter().take(max_rows).copied().collect();
    if !shown.is_empty() {
        s.push_str(&unit_table(&shown, lang, true));
    }
    let hidden = r.communes.len() - shown.len();
    if hidden > 0 {
        s.push_str(&format!(
            "<p class=\"ct-muted\">{}</p>",
            esc(&match lang {
                Lang::Vi => format!("… {hidden} xã không liệt kê"),
                Lang::En => format!("… {hidden} communes not listed"),
            })
        ));
    }
    s.push_str(&format!("<h4>{}</h4>", esc(pick(lang, "Cấp huyện", "Districts"))));
    s.push_str(&unit_table(&districts, lang, false));
    if !r.programme.is_empty() {
        s.push_str(&format!("<h4>{} {}</h4>", esc(pick(lang, "Mục tiêu chương trình năm", "Programme targets, year")), r.year.map(|y| y.to_string()).unwrap_or_default()));
        s.push_str(&programme_list(r, lang));
    }
    s.push_str("</div>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::certification::certify;
    use crate::UnitRegistry;

    fn review() -> Report {
        let cat = Catalogue::builtin();
        let units = UnitRegistry::builtin();
        let inputs = crate::sample::programme::generate(&cat, &units).unwrap();
        certify(&cat, &units, &inputs, "kh50", chrono::NaiveDate::from_ymd_opt(2024, 12, 15).unwrap()).unwrap()
    }

    #[test]
    fn communes_per_district_add_up_to_the_report() {
        let r = review();
        let rows = communes_by_district(&r);
        assert_eq!(rows.len(), r.districts.len());
        assert_eq!(rows.iter().map(DistrictCommunes::total).sum::<usize>(), r.communes.len());
        let certified = r.communes.iter().filter(|c| c.status == Decision::Certified).count();
        assert_eq!(rows.iter().map(|d| d.counts[0]).sum::<usize>(), certified);
    }

    #[test]
    fn every_blocked_district_says_what_blocks_it() {
        let r = review();
        let html = sections(&r, None, Lang::Vi);
        for d in r.districts.iter().filter(|d| d.status != Decision::Certified) {
            assert!(html.contains(&format!("id=\"gaps-{}\"", d.unit)), "{}", d.name);
            for g in &d.gaps {
                assert!(html.contains(&esc(g.text(Lang::Vi))), "{}: {}", d.name, g.text(Lang::Vi));
            }
        }
        // A blocked programme commune is listed under its district with its gaps.
        let c = r.communes.iter().find(|c| c.track.is_some() && c.status == Decision::NotCertified && !c.gaps.is_empty()).unwrap();
        assert!(html.contains(&esc(c.gaps[0].text(Lang::Vi))));
        assert!(html.contains("Xã đạt sạch ma túy theo huyện"));
    }
}
