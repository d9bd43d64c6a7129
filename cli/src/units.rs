//! `chitieu units`: the structure in force on a date, or a unit's history
//! both ways across the reforms. The listing and the history come from core.

use chitieu_core::certification::window::{date_text, parse_date, NaiveDate};
use chitieu_core::lineage::{history, History, Link};
use chitieu_core::{Lang, UnitRegistry};
use clap::Args;

use crate::output::{emit, json_text, table, Format, Term};
use crate::{Failure, Out, Sources};

#[derive(Args)]
pub struct UnitsArgs {
    /// The day whose structure is listed (YYYY-MM-DD; default: today).
    #[arg(long, value_name = "DATE", conflicts_with = "lineage")]
    as_of: Option<String>,
    /// Show the history of a unit code both ways: what it was formed from, what it went into.
    #[arg(long, value_name = "CODE")]
    lineage: Option<String>,
    #[command(flatten)]
    sources: Sources,
    #[command(flatten)]
    out: Out,
}

pub fn run(a: UnitsArgs) -> Result<(), Failure> {
    let units = a.sources.registry(UnitRegistry::builtin)?;
    let lang: Lang = a.out.lang.into();
    let format = a.out.format()?;
    if format == Format::Xlsx {
        return Err(Failure::Usage("units are listed as a table, JSON or CSV; workbooks (--format xlsx) are written for results: evaluate, allocations, select, certify, programme, template".into()));
    }
    let text = match &a.lineage {
        Some(code) => {
            let h = history(&units, code).ok_or_else(|| {
                let hint = units.nearest(code).map(|u| format!("; did you mean {} ({})?", u.code, u.name)).unwrap_or_default();
                Failure::Usage(format!("unknown unit code '{code}'{hint}"))
            })?;
            match format {
                Format::Json => json_text(&serde_json::Value::Array(h.iter().map(|x| x.to_json(&units)).collect())),
                _ => history_text(&units, &h, lang),
            }
        }
        None => {
            let day = match &a.as_of {
                Some(s) => parse_date(s).map_err(|(m, e)| Failure::Usage(format!("--as-of '{s}': {m} (expected {e})")))?,
                None => chitieu_core::certification::window::today(),
            };
            let listing = chitieu_core::structures::listing_json(&units, day);
            match format {
                Format::Json => json_text(&listing),
                Format::Csv => listing_csv(&listing),
                Format::Table | Format::Xlsx => listing_table(&listing, day, lang, Term::detect(a.out.out.as_deref())),
            }
        }
    };
    emit(&text, a.out.out.as_deref()).map_err(Failure::Data)
}

fn s<'v>(v: &'v serde_json::Value, k: &str) -> &'v str {
    v.get(k).and_then(|x| x.as_str()).unwrap_or("")
}

/// A level of the listing (its JSON word) in `lang`, as core names it.
fn level_word(level: &serde_json::Value, lang: Lang) -> &'static str {
    serde_json::from_value::<chitieu_core::units::Level>(level.clone()).map(|l| l.name(lang)).unwrap_or("")
}

fn listing_table(v: &serde_json::Value, day: NaiveDate, lang: Lang, term: Term) -> String {
    let vi = lang == Lang::Vi;
    let mut out = String::new();
    let structure = s(v, "structure");
    out.push_str(&if vi {
        format!("Đơn vị hành chính ngày {} (cơ cấu {structure})\n", date_text(day, lang))
    } else {
        format!("Administrative units on {} (structure {structure})\n", date_text(day, lang))
    });
    for st in v["structures"].as_array().into_iter().flatten() {
        let mark = if s(st, "label") == structure { "▶" } else { " " };
        let (from, to) = (s(st, "from"), s(st, "to"));
        let n = |k: &str| st.get(k).and_then(|x| x.as_u64()).unwrap_or(0);
        out.push_str(&if vi {
            format!(" {mark} {}: {}..{}: {} tỉnh, {} huyện, {} xã\n", s(st, "label"), from, to, n("provinces"), n("districts"), n("communes"))
        } else {
            format!(" {mark} {}: {}..{}: {} provinces, {} districts, {} communes\n", s(st, "label"), from, to, n("provinces"), n("districts"), n("communes"))
        });
    }
    let mut t = table(if vi { vec!["Mã", "Tên", "Cấp", "Loại", "Trực thuộc", "Hiệu lực"] } else { vec!["Code", "Name", "Level", "Type", "Parent", "Valid"] }, term, None, None);
    for u in v["units"].as_array().into_iter().flatten() {
        t.add_row(vec![
            s(u, "code").to_string(),
            s(u, "name").to_string(),
            level_word(&u["level"], lang).to_string(),
            s(u, "division_type").to_string(),
            s(u, "parent").to_string(),
            format!("{}..{}", s(u, "valid_from"), s(u, "valid_to")),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out
}

fn listing_csv(v: &serde_json::Value) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["code", "name", "level", "division_type", "parent_code", "valid_from", "valid_to"]);
    for u in v["units"].as_array().into_iter().flatten() {
        let _ = w.write_record(["code", "name", "level", "division_type", "parent", "valid_from", "valid_to"].map(|k| s(u, k)));
    }
    w.into_inner().ok().and_then(|b| String::from_utf8(b).ok()).unwrap_or_default()
}

/// "06652 Phường Hà Phong (..2025-06-30)".
fn version(units: &UnitRegistry, id: chitieu_core::units::UnitId) -> String {
    let u = units.unit(id);
    let d = |x: Option<NaiveDate>| x.map(|d| d.to_string()).unwrap_or_default();
    format!("{} {} ({}..{})", u.code, u.name, d(u.valid_from), d(u.valid_to))
}

fn link_line(units: &UnitRegistry, depth: usize, l: &Link, back: bool, lang: Lang) -> String {
    let pad = "  ".repeat(depth);
    let when = date_text(l.effective, lang);
    let kind = l.kind.words(lang);
    let default = if l.default_successor { if lang == Lang::Vi { ", đơn vị kế thừa chính" } else { ", main successor" } } else { "" };
    let renamed = if !l.old_name.is_empty() && l.old_name != units.unit(l.old).name {
        if lang == Lang::Vi { format!(", tên khi sáp nhập: {}", l.old_name) } else { format!(", named {} at the change", l.old_name) }
    } else {
        String::new()
    };
    if back {
        format!("{pad}← {when}: {} ({kind}{default}{renamed})\n", version(units, l.old))
    } else {
        let to = match l.new {
            Some(n) => version(units, n),
            None if l.kind == chitieu_core::lineage::LinkKind::Abolished => (if lang == Lang::Vi { "—" } else { "—" }).to_string(),
            None => (if lang == Lang::Vi { "chưa rõ đơn vị kế thừa (bổ sung bằng --lineage-file)" } else { "successor not known (supply it with --lineage-file)" }).to_string(),
        };
        format!("{pad}→ {when}: {to} ({kind}{default}{renamed})\n")
    }
}

fn history_text(units: &UnitRegistry, h: &[History], lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let mut out = String::new();
    for x in h {
        out.push_str(&format!("{}\n", version(units, x.unit)));
        if x.before.is_empty() {
            out.push_str(if vi { "  (không hình thành từ đơn vị nào trong danh sách sáp nhập)\n" } else { "  (formed from no unit of the lineage)\n" });
        }
        for (d, l) in &x.before {
            out.push_str(&link_line(units, *d, l, true, lang));
        }
        if x.after.is_empty() {
            out.push_str(if vi { "  (vẫn còn hiệu lực, hoặc không có dòng sáp nhập)\n" } else { "  (still in force, or no lineage row)\n" });
        }
        for (d, l) in &x.after {
            out.push_str(&link_line(units, *d, l, false, lang));
        }
    }
    out
}
