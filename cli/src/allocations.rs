//! `chitieu allocations`: each district against its share of a split target.

use chitieu_core::evaluation::{allocation_progress, AllocationProgress};
use chitieu_core::report::words;
use chitieu_core::{format_number, Lang};
use clap::Args;
use comfy_table::Cell;

use crate::evaluate::Figures;
use crate::output::{csv_rows, emit, json_text, status_colour, status_word, table, Format, Term};
use crate::{Failure, Out, Sources};

#[derive(Args)]
pub struct AllocationsArgs {
    #[command(flatten)]
    figures: Figures,
    #[command(flatten)]
    sources: Sources,
    #[command(flatten)]
    out: Out,
}

pub fn run(a: AllocationsArgs) -> Result<(), Failure> {
    let format = a.out.format()?;
    let period = a.figures.period()?;
    let (cat, units) = a.sources.load()?;
    let ds = a.figures.load(&cat, &units)?;
    let reports = allocation_progress(&cat, &units, &ds, period).map_err(crate::failure)?;
    let lang: Lang = a.out.lang.into();
    let text = match format {
        Format::Xlsx => return a.out.workbook(chitieu_core::workbook::allocations(&reports, period, &ds.name, ds.synthetic, lang)),
        Format::Json => json_text(&serde_json::json!({
            "chitieu_version": chitieu_core::VERSION,
            "period": period.to_string(),
            "dataset": {"name": ds.name, "synthetic": ds.synthetic},
            "allocations": reports.iter().map(|r| r.to_json(lang)).collect::<Vec<_>>(),
        })),
        Format::Csv => csv_text(&reports, lang),
        Format::Table => {
            let term = Term::detect(a.out.out.as_deref());
            let mut s = String::new();
            if ds.synthetic {
                s.push_str(&format!("{}\n", words::synthetic_banner(lang)));
            }
            for r in &reports {
                s.push_str(&table_text(r, lang, term));
            }
            s
        }
    };
    emit(&text, a.out.out.as_deref()).map_err(Failure::Data)
}

/// One allocation table: a row per recipient, a cell per column ("actual /
/// share" and its status, coloured), the sum of the rows and the printed total.
fn table_text(r: &AllocationProgress, lang: Lang, term: Term) -> String {
    let vi = lang == Lang::Vi;
    let mut headers = vec![if vi { "Địa phương, đơn vị".to_string() } else { "Recipient".to_string() }];
    headers.extend(r.columns.iter().map(|c| if vi { c.name_vi.clone() } else { format!("{} ({})", c.name_en, c.name_vi) }));
    let mut t = table(headers.iter().map(String::as_str).collect(), term, None, None);
    let mut done = chitieu_core::report::tally::Tally::default();
    for row in &r.rows {
        let mut cells = vec![Cell::new(&row.label)];
        for (share, o) in &row.cells {
            let share = share.as_ref().map(|s| format_number(s, lang)).unwrap_or_else(|| "-".into());
            cells.push(match o {
                Some(o) => {
                    done.add(o);
                    let actual = o.actual_display(lang);
                    let actual = if actual.is_empty() { "?".to_string() } else { actual };
                    Cell::new(format!("{actual} / {share}\n{}", status_word(o.status, lang))).fg(status_colour(o.status.as_str()))
                }
                None => Cell::new(share),
            });
        }
        t.add_row(cells);
    }
    let mut sum = vec![if vi { "Cộng các dòng".to_string() } else { "Sum of the rows".to_string() }];
    let mut stated = vec![if vi { "Dòng tổng (văn bản)".to_string() } else { "Total row (as printed)".to_string() }];
    for c in &r.columns {
        let mark = if c.sum_of_shares == c.stated_total { "" } else { " ≠" };
        sum.push(format!("{}{mark}", format_number(&c.sum_of_shares, lang)));
        stated.push(format_number(&c.stated_total, lang));
    }
    t.add_row(sum);
    t.add_row(stated);
    let title = if vi { &r.table_vi } else { &r.table_en };
    let legend = if vi { "Mỗi ô: thực hiện / chỉ tiêu được giao" } else { "Each cell: actual / allocated share" };
    let summary = if lang == Lang::Vi { "Tổng hợp các ô" } else { "Cells" };
    format!("{title} ({})\n{legend}\n{t}\n{summary}: {}\n\n", r.document, done.text(lang))
}

fn csv_text(reports: &[AllocationProgress], lang: Lang) -> String {
    let header = ["table", "unit", "label", "column", "target", "share", "actual", "status", "explanation"].map(String::from);
    let rows = reports.iter().flat_map(|r| {
        r.rows.iter().flat_map(move |row| {
            row.cells.iter().zip(&r.columns).map(move |((share, o), c)| {
                [
                    r.id.clone(),
                    row.unit.clone().unwrap_or_default(),
                    row.label.clone(),
                    c.key.clone(),
                    c.target.clone(),
                    share.as_ref().map(|s| s.decimal_text()).unwrap_or_default(),
                    o.as_ref().and_then(|o| o.verdict.as_ref()).and_then(|v| v.actual.as_ref()).map(|a| a.decimal_text()).unwrap_or_default(),
                    o.as_ref().map(|o| o.status.as_str().to_string()).unwrap_or_default(),
                    o.as_ref().map(|o| o.explanation(lang).to_string()).unwrap_or_default(),
                ]
            })
        })
    });
    csv_rows(std::iter::once(header).chain(rows))
}
