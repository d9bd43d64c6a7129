//! What a person sees: a self-contained HTML report an official can forward
//! (`chitieu report`, `Result.report()`, `Recognition.report()`), and the
//! HTML fragments Jupyter shows, built from the same pieces so the two never
//! disagree.
//!
//! The report is one file: no network, no script, inline SVG charts that read
//! in black and white ([`chart`]), a stylesheet that prints to A4 with page
//! numbers and, for the built-in sample, the synthetic-data label on every
//! page ([`style`]). Numbers are written the reader's way by `crate::format`
//! (Vietnamese "94,92%", "1.759"), each rounded number with its exact value in
//! a tooltip. For an evaluation it shows the summary per document and level,
//! the districts of each document by share of targets met and the targets not
//! met with their explanations and clauses ([`scorecard`]), and what changed
//! since an earlier period ([`trend`]); for a recognition
//! run, the certified communes per district, what blocks each district, the
//! programme targets and what changed since a recorded run ([`recognition`]).
//!
//! Counting is done once, in [`tally`], for the report, Jupyter, the terminal's
//! summary line and `Result.plot()`.

pub mod chart;
pub mod html;
pub mod recognition;
pub mod scorecard;
pub mod style;
pub mod tally;
pub mod trend;
pub mod words;

use chrono::NaiveDate;

use crate::catalogue::Catalogue;
use crate::certification::log::Comparison;
use crate::certification::window::date_text;
use crate::certification::Report;
use crate::evaluation::Evaluation;
use crate::warning::Warning;
use crate::Lang;
use html::esc;

pub(crate) fn pick<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// A status or decision badge: its words on a tinted background, outlined so
/// it reads in black and white.
pub(crate) fn badge(key: &str, words: &str) -> String {
    format!("<span class=\"ct-badge ct-{}\" data-status=\"{}\">{}</span>", html::id_part(key), esc(key), esc(words))
}

/// Warnings in the reader's language; `skip_synthetic` when a banner already says it.
pub(crate) fn warnings_html(ws: &[Warning], lang: Lang, skip_synthetic: bool) -> String {
    ws.iter()
        .filter(|w| !(skip_synthetic && w.code == "synthetic_data"))
        .map(|w| format!("<div class=\"ct-warn\" data-code=\"{}\">⚠ {}</div>", esc(&w.code), esc(w.message(lang))))
        .collect()
}

/// What a report is made of: an evaluation (with its catalogue, for the
/// documents' names), a recognition run, or both.
pub struct Request<'a> {
    pub lang: Lang,
    pub evaluation: Option<(&'a Evaluation, &'a Catalogue)>,
    /// The same evaluation for an earlier period, to show what changed since.
    pub previous: Option<&'a Evaluation>,
    pub recognition: Option<&'a Report>,
    /// What changed since a recorded run of the recognition.
    pub since: Option<&'a Comparison>,
    /// The day the report is made, printed in its footer.
    pub generated_on: Option<NaiveDate>,
}

impl Request<'_> {
    fn synthetic(&self) -> bool {
        self.evaluation.is_some_and(|(e, _)| e.synthetic) || self.recognition.is_some_and(|r| r.synthetic)
    }

    fn title(&self) -> String {
        let lang = self.lang;
        let mut parts = Vec::new();
        if let Some((ev, _)) = self.evaluation {
            parts.push(match lang {
                Lang::Vi => format!("Kết quả thực hiện chỉ tiêu phòng, chống tội phạm và ma túy — kỳ {}", ev.period),
                Lang::En => format!("Crime- and drug-prevention targets — period {}", ev.period),
            });
        }
        if let Some(r) = self.recognition {
            parts.push(format!("{} {} — {}", pick(lang, "Kế hoạch", "Plan"), r.document, recognition::operation_title(r, lang)));
        }
        parts.join(" · ")
    }
}

/// Today, in the local time zone: the day a report is made.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The whole report: one self-contained HTML page.
pub fn page(req: &Request) -> String {
    let lang = req.lang;
    let synthetic = req.synthetic();
    let banner = words::synthetic_banner(lang);
    let title = req.title();
    let mut s = String::from("<!DOCTYPE html>\n");
    s.push_str(&format!(
        "<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"generator\" content=\"chitieu {}\"><title>{}</title><style>{}{}</style></head><body>",
        pick(lang, "vi", "en"),
        crate::VERSION,
        esc(&title),
        style::FRAGMENT,
        style::page(synthetic.then_some(banner), pick(lang, "Trang", "Page"))
    ));
    if synthetic {
        s.push_str(&format!("<div class=\"ct-watermark\" aria-hidden=\"true\">{}</div>", esc(pick(lang, "MẪU TỔNG HỢP", "SYNTHETIC"))));
    }
    s.push_str("<main class=\"chitieu ct-page\"><header>");
    if synthetic {
        s.push_str(&format!("<p class=\"ct-banner\" id=\"synthetic-banner\">{}</p>", esc(banner)));
    }
    s.push_str(&format!("<h1>{}</h1>", esc(&title)));
    let mut meta: Vec<String> = Vec::new();
    if let Some((ev, cat)) = req.evaluation {
        meta.push(format!("{}: {}", pick(lang, "Số liệu", "Figures"), words::dataset(&ev.dataset, lang)));
        meta.push(format!("{}: {}", pick(lang, "Danh mục chỉ tiêu", "Catalogue"), cat.version_label()));
        if let Some(p) = req.previous {
            meta.push(format!("{} {}", pick(lang, "So sánh với kỳ", "Compared with"), p.period));
        }
    }
    if let Some(r) = req.recognition {
        meta.push(format!(
            "{}: {} (sha256 {})",
            pick(lang, "Dữ kiện công nhận", "Recognition facts"),
            words::dataset(&r.dataset, lang),
            r.inputs_sha256.get(..16).unwrap_or(&r.inputs_sha256)
        ));
    }
    s.push_str(&meta.iter().map(|m| format!("<p class=\"ct-meta\">{}</p>", esc(m))).collect::<String>());
    s.push_str("</header>");
    let mut warnings: Vec<Warning> = Vec::new();
    for w in req.evaluation.iter().flat_map(|(e, _)| e.warnings.iter()).chain(req.recognition.iter().flat_map(|r| r.warnings.iter())) {
        if !warnings.iter().any(|x| x.code == w.code && x.message_en == w.message_en) {
            warnings.push(w.clone());
        }
    }
    let warned = warnings_html(&warnings, lang, true);
    if !warned.is_empty() {
        s.push_str(&format!("<section id=\"warnings\">{warned}</section>"));
    }
    if let Some((ev, cat)) = req.evaluation {
        s.push_str(&scorecard::sections(ev, cat, req.previous, lang));
    }
    if let Some(r) = req.recognition {
        s.push_str(&recognition::sections(r, req.since, lang));
    }
    let made = req.generated_on.map(|d| format!("{} {} · ", pick(lang, "Lập ngày", "Made on"), date_text(d, lang))).unwrap_or_default();
    s.push_str(&format!(
        "<footer class=\"ct-meta\"><p>{made}chitieu {} · {}</p></footer></main></body></html>\n",
        crate::VERSION,
        esc(pick(
            lang,
            "Số liệu làm tròn để đọc; đặt chuột lên một con số để xem giá trị chính xác. Mọi kết luận được tính trên giá trị chính xác.",
            "Numbers are rounded for reading; hover over a number for its exact value. Every verdict is decided on exact values."
        ))
    ));
    s
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::evaluation::{evaluate, UnitFilter};
    use crate::{Period, UnitRegistry};

    /// The sample evaluated for 2023, with its catalogue.
    pub(crate) fn sample(filter: UnitFilter) -> (Evaluation, Catalogue) {
        let cat = Catalogue::builtin();
        let units = UnitRegistry::builtin();
        let ds = crate::sample::generate(&cat, &units);
        (evaluate(&cat, &units, &ds, Period::Year(2023), &filter).unwrap(), cat)
    }

    #[test]
    fn a_report_of_the_sample_is_self_contained_and_says_it_is_synthetic() {
        let (ev, cat) = sample(UnitFilter::All);
        let req = Request { lang: Lang::Vi, evaluation: Some((&ev, &cat)), previous: None, recognition: None, since: None, generated_on: NaiveDate::from_ymd_opt(2025, 1, 2) };
        let html = page(&req);
        assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("src=") && !html.contains("<link"), "nothing is fetched");
        assert!(html.contains("@top-center{content:\"DỮ LIỆU MẪU TỔNG HỢP — không phải số liệu thật của tỉnh\""));
        assert!(html.contains("id=\"synthetic-banner\""));
        assert!(html.contains("Lập ngày 02/01/2025"));
        assert!(html.contains("Số liệu: mẫu tổng hợp có sẵn (không phải số liệu thật)"));
        assert!(!html.contains("data-code=\"synthetic_data\""), "the banner says it once, not again as a warning");
        let en = page(&Request { lang: Lang::En, ..req });
        assert!(en.contains("<html lang=\"en\">") && en.contains("SYNTHETIC SAMPLE DATA"));
    }
}
