//! The report's stylesheet: scoped under `.chitieu` so a Jupyter notebook's
//! own styles are left alone, readable on a phone, and printable to A4 (page
//! margins, page numbers and, for the sample, the synthetic-data label on
//! every printed page).

use super::html::css_string;

/// Rules shared by the report and Jupyter fragments.
pub const FRAGMENT: &str = r#"
.chitieu{font-family:"Segoe UI",Roboto,"Noto Sans","DejaVu Sans","Liberation Sans",Arial,sans-serif;font-size:14px;line-height:1.45;color:#101828;overflow-wrap:break-word}
.chitieu h1{font-size:22px;line-height:1.25;margin:0 0 4px}
.chitieu h2{font-size:18px;margin:26px 0 8px;padding-bottom:2px;border-bottom:2px solid #101828}
.chitieu h3{font-size:15px;margin:18px 0 6px}
.chitieu h4{font-size:14px;margin:12px 0 4px}
.chitieu p{margin:4px 0}
.chitieu .ct-muted{color:#475467}
.chitieu .ct-meta{color:#475467;font-size:13px}
.chitieu .ct-banner{border:2px solid #b42318;color:#b42318;font-weight:700;padding:6px 10px;margin:8px 0;text-align:center}
.chitieu .ct-warn{border-left:4px solid #b54708;background:#fffaeb;padding:4px 8px;margin:4px 0}
.chitieu table{border-collapse:collapse;margin:6px 0;max-width:100%}
.chitieu th,.chitieu td{border:1px solid #d0d5dd;padding:3px 6px;text-align:left;vertical-align:top}
.chitieu thead th{background:#f2f4f7}
.chitieu .ct-n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.chitieu th.ct-n,.chitieu .ct-n .ct-muted,.chitieu table.ct-trend .ct-n{white-space:normal}
.chitieu .ct-n .ct-muted{font-size:12px}
.chitieu tr.ct-doc-row th{background:#eaecf0;font-weight:700}
.chitieu tr.ct-doc-row th .ct-muted{font-weight:400}
.chitieu tr.ct-total td{font-weight:700}
.chitieu .ct-badge{display:inline-block;border:1px solid currentColor;border-radius:8px;padding:0 6px;font-weight:600;font-size:12px;white-space:nowrap}
.chitieu .ct-met,.chitieu .ct-certified,.chitieu .ct-eligible{background:#d1fadf;color:#05603a}
.chitieu .ct-not_met,.chitieu .ct-not_certified,.chitieu .ct-not_eligible{background:#fde2e1;color:#b42318}
.chitieu .ct-no_data{background:#fef0c7;color:#93370d}
.chitieu .ct-not_applicable{background:#eaecf0;color:#344054}
.chitieu .ct-id{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:12px;color:#475467;overflow-wrap:anywhere}
.chitieu .ct-num{font-variant-numeric:tabular-nums}
.chitieu .ct-num[title]{text-decoration:underline dotted #98a2b3;cursor:help}
.chitieu .ct-figure{margin:10px 0 18px;break-inside:avoid}
.chitieu figcaption{font-weight:700;margin-bottom:2px}
.chitieu .ct-legend{display:flex;flex-wrap:wrap;gap:2px 14px;font-size:12px;margin:2px 0 6px}
.chitieu .ct-key{display:inline-flex;align-items:center;gap:4px;white-space:nowrap}
.chitieu .ct-chart{display:block;max-width:760px}
.chitieu .ct-bar-label{font-size:13px;fill:#101828}
.chitieu .ct-bar-value{font-size:12px;fill:#101828;font-variant-numeric:tabular-nums}
.chitieu ol.ct-items,.chitieu ul.ct-items{padding-left:1.5em;margin:4px 0}
.chitieu .ct-items>li{margin:0 0 8px;break-inside:avoid}
.chitieu .ct-figures{font-size:13px;color:#344054}
.chitieu .ct-unit{break-inside:avoid-page}
.chitieu .ct-scroll{max-width:100%;overflow-x:auto}
@media (max-width:640px){
.chitieu{font-size:13px}
.chitieu h1{font-size:19px}
.chitieu h2{font-size:16px}
.chitieu th,.chitieu td{padding:2px 3px}
.chitieu .ct-wide{display:none}
}
@media print{
.chitieu h2,.chitieu h3,.chitieu h4{break-after:avoid}
.chitieu .ct-badge,.chitieu .ct-banner,.chitieu thead th,.chitieu tr.ct-doc-row th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.chitieu .ct-num[title]{text-decoration:none}
}
"#;

/// Rules of the whole page: width, A4 print with page numbers, and the label
/// of synthetic data in the top margin of every printed page.
pub fn page(synthetic_label: Option<&str>, page_word: &str) -> String {
    let top = synthetic_label.map(|l| format!("@top-center{{content:{};color:#b42318;font:700 10pt sans-serif}}", css_string(l))).unwrap_or_default();
    let mut css = format!(
        "html{{-webkit-text-size-adjust:100%}}body{{margin:0;background:#fff}}\
         .ct-page{{max-width:980px;margin:0 auto;padding:16px 20px 32px;box-sizing:border-box}}\
         @media (max-width:640px){{.ct-page{{padding:10px 10px 24px}}}}\
         @page{{size:A4;margin:17mm 13mm 15mm 13mm;{top}@bottom-right{{content:{} \" \" counter(page) \"/\" counter(pages);font:9pt sans-serif;color:#475467}}}}\
         @media print{{.ct-page{{max-width:none;padding:0}}}}",
        css_string(page_word)
    );
    if synthetic_label.is_some() {
        // A faint word behind the text of every page too, for browsers that
        // print no page-margin text: fixed elements repeat on each printed page.
        css.push_str(
            ".ct-watermark{position:fixed;top:45%;left:0;right:0;text-align:center;\
             font:700 60px sans-serif;color:rgba(180,35,24,.07);z-index:-1;pointer-events:none;white-space:nowrap;overflow:hidden}\
             @media (max-width:640px){.ct-watermark{font-size:34px}}",
        );
    }
    css
}
