//! `chitieu catalogue` and `chitieu check-catalogue`.

use std::path::PathBuf;

use chitieu_core::catalogue::{Catalogue, Mode};
use chitieu_core::Lang;
use clap::Args;

use crate::output::{csv_rows, emit, json_text, table, Format, Term};
use crate::{Failure, Out, Sources};

#[derive(Args)]
pub struct CatalogueArgs {
    /// Only this document (nq314, kh50, kh02, kh102, ct32).
    #[arg(long)]
    document: Option<String>,
    /// List the data vocabulary (variables) instead of the targets.
    #[arg(long)]
    variables: bool,
    #[command(flatten)]
    sources: Sources,
    #[command(flatten)]
    out: Out,
}

pub fn catalogue(a: CatalogueArgs) -> Result<(), Failure> {
    let (cat, _) = a.sources.load()?;
    let lang: Lang = a.out.lang.into();
    if let Some(d) = &a.document {
        if cat.document(d).is_none() {
            let ids: Vec<&str> = cat.documents().iter().map(|d| d.id.as_str()).collect();
            return Err(Failure::Usage(format!("unknown document '{d}': expected one of {}", ids.join(", "))));
        }
    }
    let format = match a.out.format {
        Some(Format::Xlsx) => Format::Xlsx,
        _ => a.out.format()?,
    };
    let format = match format {
        Format::Xlsx => return Err(Failure::Usage("the catalogue is listed as a table, JSON or CSV; workbooks (--format xlsx) are written for results: evaluate, allocations, select, certify, programme, template".into())),
        f => f,
    };
    let term = Term::detect(a.out.out.as_deref());
    let text = if a.variables {
        variables(&cat, format, lang, term)
    } else {
        match format {
            Format::Json => json_text(&cat.to_json(a.document.as_deref(), lang)),
            Format::Csv => targets_csv(&cat, a.document.as_deref(), lang),
            Format::Table | Format::Xlsx => targets_table(&cat, a.document.as_deref(), lang, term),
        }
    };
    emit(&text, a.out.out.as_deref()).map_err(Failure::Data)
}

fn pick<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::Vi {
        vi
    } else {
        en
    }
}

fn selected<'c>(cat: &'c Catalogue, document: Option<&str>) -> impl Iterator<Item = &'c chitieu_core::catalogue::CatalogueTarget> {
    let doc = document.map(str::to_string);
    cat.targets().iter().filter(move |t| doc.as_deref().map_or(true, |d| cat.document_of(t).id == d))
}

fn targets_table(cat: &Catalogue, document: Option<&str>, lang: Lang, term: Term) -> String {
    let mut out = String::new();
    for d in cat.documents().iter().filter(|d| document.map_or(true, |x| d.id == x)) {
        out.push_str(&format!("{} {} ({}, {}): {}\n", d.kind.name(lang), d.number, pick(lang, &d.issuer_vi, &d.issuer_en), d.date.format("%d/%m/%Y"), pick(lang, &d.title_vi, &d.title_en)));
    }
    let headers = if lang == Lang::Vi { vec!["Mã chỉ tiêu", "Văn bản", "Điều khoản", "Kỳ", "Yêu cầu", "Tên"] } else { vec!["Target id", "Document", "Clause", "Period", "Requirement", "Name"] };
    let longest = selected(cat, document).map(|ct| ct.target.id.chars().count()).max().unwrap_or(0);
    let mut t = table(headers, term, None, Some((0, longest)));
    for ct in selected(cat, document) {
        let x = &ct.target;
        t.add_row(vec![
            x.id.clone(),
            cat.document_of(ct).number.clone(),
            pick(lang, &x.clause_vi, &x.clause_en).to_string(),
            x.period.words(lang),
            cat.rule_text(x, lang),
            pick(lang, &x.name_vi, &x.name_en).to_string(),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    let criteria: Vec<_> = cat.criteria().filter(|(_, d)| document.map_or(true, |x| d.id == x)).collect();
    if !criteria.is_empty() {
        out.push_str(if lang == Lang::Vi { "Tiêu chí lựa chọn, công nhận (xã, huyện sạch ma túy):\n" } else { "Selection and recognition criteria (drug-free communes and districts):\n" });
        let headers = if lang == Lang::Vi { vec!["Mã tiêu chí", "Văn bản", "Điều khoản", "Cấp", "Tên"] } else { vec!["Criterion id", "Document", "Clause", "Level", "Name"] };
        let longest = criteria.iter().map(|(c, _)| c.id.chars().count()).max().unwrap_or(0);
        let mut t = table(headers, term, None, Some((0, longest)));
        for (c, d) in criteria {
            t.add_row(vec![c.id.clone(), d.number.clone(), pick(lang, &c.clause_vi, &c.clause_en).to_string(), c.level.name(lang).to_string(), pick(lang, &c.name_vi, &c.name_en).to_string()]);
        }
        out.push_str(&format!("{t}\n"));
    }
    let tasks: Vec<_> = cat.tasks().filter(|(_, d)| document.is_none_or(|x| d.id == x)).collect();
    if !tasks.is_empty() {
        out.push_str(if lang == Lang::Vi { "Nhiệm vụ có thời hạn (xem `chitieu tasks`):\n" } else { "Tasks with a due time (see `chitieu tasks`):\n" });
        let headers = if lang == Lang::Vi { vec!["Mã nhiệm vụ", "Văn bản", "Điều khoản", "Thời hạn", "Đơn vị chủ trì", "Tên"] } else { vec!["Task id", "Document", "Clause", "Due", "Lead", "Name"] };
        let longest = tasks.iter().map(|(x, _)| x.id.chars().count()).max().unwrap_or(0);
        let mut t = table(headers, term, None, Some((0, longest)));
        for (x, d) in tasks {
            t.add_row(vec![x.id.clone(), d.number.clone(), pick(lang, &x.clause_vi, &x.clause_en).to_string(), pick(lang, &x.due_vi, &x.due_en).to_string(), x.lead.join("; "), pick(lang, &x.name_vi, &x.name_en).to_string()]);
        }
        out.push_str(&format!("{t}\n"));
    }
    for w in cat.warnings() {
        out.push_str(&format!("{}: {}\n", if lang == Lang::Vi { "Cảnh báo" } else { "Warning" }, w.message(lang)));
    }
    out
}

fn targets_csv(cat: &Catalogue, document: Option<&str>, lang: Lang) -> String {
    let mut rows = vec![vec![
        "id".to_string(), "indicator".into(), "document".into(), "clause_vi".into(), "clause_en".into(), "period".into(), "requirement".into(),
        "name_vi".into(), "name_en".into(), "phrase".into(), "interpretation".into(),
    ]];
    for ct in selected(cat, document) {
        let x = &ct.target;
        let interp = match lang {
            Lang::Vi => x.interpretation_vi.clone(),
            Lang::En => x.interpretation_en.clone(),
        };
        rows.push(vec![
            x.id.clone(), x.indicator.clone(), cat.document_of(ct).number.clone(), x.clause_vi.clone(), x.clause_en.clone(), x.period.to_string(),
            cat.rule_text(x, lang), x.name_vi.clone(), x.name_en.clone(), x.full_phrase(), interp.unwrap_or_default(),
        ]);
    }
    csv_rows(rows)
}

fn variables(cat: &Catalogue, format: Format, lang: Lang, term: Term) -> String {
    match format {
        Format::Json => json_text(&serde_json::Value::Array(cat.variables().values().map(|v| serde_json::to_value(v).unwrap_or_default()).collect())),
        Format::Csv => {
            let header = ["name", "kind", "part_of", "name_vi", "name_en"].map(String::from);
            let rows = cat.variables().values().map(|v| {
                let kind = serde_json::to_value(v.kind).ok().and_then(|k| k.as_str().map(str::to_string)).unwrap_or_default();
                [v.name.clone(), kind, v.part_of.join(", "), v.name_vi.clone(), v.name_en.clone()]
            });
            csv_rows(std::iter::once(header).chain(rows))
        }
        Format::Table | Format::Xlsx => {
            let longest = cat.variables().keys().map(|k| k.chars().count()).max().unwrap_or(0);
            let mut t = table(if lang == Lang::Vi { vec!["Biến", "Loại", "Là phần của", "Tên"] } else { vec!["Variable", "Kind", "Part of", "Name"] }, term, None, Some((0, longest)));
            for v in cat.variables().values() {
                let kind = serde_json::to_value(v.kind).ok().and_then(|k| k.as_str().map(str::to_string)).unwrap_or_default();
                t.add_row(vec![v.name.clone(), kind, v.part_of.join(", "), pick(lang, &v.name_vi, &v.name_en).to_string()]);
            }
            format!("{t}\n")
        }
    }
}

#[derive(Args)]
pub struct CheckArgs {
    /// The catalogue file (or directory of .toml files) to check.
    path: PathBuf,
    /// Check it on its own, without the built-in documents and vocabulary.
    #[arg(long)]
    replace: bool,
    /// The unit registry the catalogue is used with (code,name,level,division_type,parent_code);
    /// default: Quảng Ninh 2024. Unit codes the file names are checked against it.
    #[arg(long, value_name = "PATH")]
    units: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "vi")]
    lang: crate::output::LangArg,
}

pub fn check(a: CheckArgs) -> Result<(), Failure> {
    let lang: Lang = a.lang.into();
    if !a.path.exists() {
        return Err(Failure::Data(format!("{}: no such file or directory", a.path.display())));
    }
    let mode = if a.replace { Mode::Replace } else { Mode::AddToBuiltin };
    let cat = Catalogue::from_paths(&[a.path.as_path()], mode).map_err(|e| Failure::Data(e.to_string()))?;
    cat.check_units(&crate::registry(&a.units, &None)?).map_err(|e| Failure::Data(e.to_string()))?;
    let mine: Vec<_> = cat.targets().iter().filter(|t| !t.file.ends_with("(built-in)")).collect();
    let docs: std::collections::BTreeSet<&str> = mine.iter().map(|t| cat.document_of(t).id.as_str()).collect();
    let msg = match lang {
        Lang::Vi => format!("{}: hợp lệ, {} văn bản, {} chỉ tiêu\n", a.path.display(), docs.len(), mine.len()),
        Lang::En => format!("{}: valid, {} documents, {} targets\n", a.path.display(), docs.len(), mine.len()),
    };
    let mut text = msg;
    for w in cat.warnings() {
        text.push_str(&format!("{}: {}\n", if lang == Lang::Vi { "Cảnh báo" } else { "Warning" }, w.message(lang)));
    }
    emit(&text, None).map_err(Failure::Data)
}
