//! `chitieu evaluate`: a scorecard of every binding target.

use std::path::PathBuf;

use chitieu_core::evaluation::{evaluate, Evaluation, Status, UnitFilter};
use chitieu_core::observations::Dataset;
use chitieu_core::{Lang, Period};
use clap::{ArgGroup, Args};

use crate::output::{emit, json_text, status_word, table, warning_lines, Format};
use crate::{Failure, Out, Sources};

/// The figures and period an evaluation-like command works on; shared by
/// `evaluate` and `allocations`.
#[derive(Args)]
#[command(group(ArgGroup::new("input").required(true).args(["data", "sample"])))]
pub struct Figures {
    /// Observations: a CSV (wide or long) or JSON file.
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// Use the built-in synthetic sample (2016-2024; not real data).
    #[arg(long)]
    sample: bool,
    /// The period: a year such as 2023 (or 2021-2025 for the cumulative targets).
    #[arg(long, value_name = "P")]
    period: String,
}

impl Figures {
    /// The period asked for (a usage error when it is not one).
    pub fn period(&self) -> Result<Period, Failure> {
        self.period.parse().map_err(|e: chitieu_core::period::PeriodError| Failure::Usage(e.to_string()))
    }

    /// The observations: the file given, or the sample built for this catalogue.
    pub fn load(&self, cat: &chitieu_core::catalogue::Catalogue, units: &chitieu_core::UnitRegistry) -> Result<Dataset, Failure> {
        match (&self.data, self.sample) {
            (Some(p), false) => Dataset::from_path(p, cat, units).map_err(|e| Failure::Data(e.to_string())),
            (None, true) => Ok(chitieu_core::sample::generate(cat, units)),
            _ => Err(Failure::Usage("give either --data PATH or --sample".into())),
        }
    }
}

#[derive(Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    figures: Figures,
    /// A unit code to evaluate (repeatable), or "all"; default: the province.
    #[arg(long = "unit", value_name = "CODE")]
    unit: Vec<String>,
    #[command(flatten)]
    sources: Sources,
    #[command(flatten)]
    out: Out,
}

pub fn run(a: EvaluateArgs) -> Result<(), Failure> {
    let period = a.figures.period()?;
    let (cat, units) = a.sources.load()?;
    let filter = match a.unit.as_slice() {
        [] => UnitFilter::Root,
        [one] if one == "all" => UnitFilter::All,
        codes if codes.iter().any(|c| c == "all") => {
            return Err(Failure::Usage("--unit all already selects every unit: give either --unit all or unit codes, not both".into()))
        }
        codes => UnitFilter::Codes(codes.to_vec()),
    };
    let ds = a.figures.load(&cat, &units)?;
    let ev = evaluate(&cat, &units, &ds, period, &filter).map_err(crate::failure)?;
    let lang: Lang = a.out.lang.into();
    let text = match a.out.format {
        Format::Json => json_text(&ev.to_json(lang)),
        Format::Csv => ev.to_csv(lang),
        Format::Table => scorecard(&ev, lang),
    };
    emit(&text, a.out.out.as_deref()).map_err(Failure::Data)
}

/// The terminal scorecard: warnings, one row per outcome, the explanations, a summary.
fn scorecard(ev: &Evaluation, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    let mut s = String::new();
    s.push_str(&if vi {
        format!("chitieu {} — kỳ {} — dữ liệu: {}\n", ev.chitieu_version, ev.period, ev.dataset)
    } else {
        format!("chitieu {} — period {} — data: {}\n", ev.chitieu_version, ev.period, ev.dataset)
    });
    s.push_str(&warning_lines(&ev.warnings, lang));
    let headers = if vi {
        vec!["#", "Trạng thái", "Chỉ tiêu", "Đơn vị", "Kỳ", "Thực tế", "Yêu cầu", "Chênh lệch"]
    } else {
        vec!["#", "Status", "Target", "Unit", "Period", "Actual", "Required", "Margin"]
    };
    let mut t = table(headers);
    for (i, o) in ev.outcomes.iter().enumerate() {
        let mut status = status_word(o.status.as_str(), lang).to_string();
        if let Some(by) = &o.superseded_by {
            status.push_str(&if vi { format!("\n(thay bởi {by})") } else { format!("\n(superseded by {by})") });
        }
        t.add_row(vec![
            (i + 1).to_string(),
            status,
            format!("{}\n{}", o.target, o.name(lang)),
            format!("{} {}", o.unit, o.unit_name),
            o.period.to_string(),
            o.actual_display(lang),
            o.required(lang),
            o.margin_display(lang),
        ]);
    }
    s.push_str(&format!("{t}\n"));
    s.push_str(if vi { "Giải thích:\n" } else { "Explanations:\n" });
    for (i, o) in ev.outcomes.iter().enumerate() {
        s.push_str(&format!("{:>3}. [{}] {}\n", i + 1, status_word(o.status.as_str(), lang), o.explanation(lang)));
    }
    let count = |st: Status| ev.outcomes.iter().filter(|o| o.status == st && o.governing).count();
    let superseded = ev.outcomes.iter().filter(|o| !o.governing).count();
    s.push_str(&if vi {
        format!(
            "Tổng hợp (chỉ tiêu áp dụng): {} đạt, {} không đạt, {} thiếu số liệu, {} không áp dụng; {} chỉ tiêu bị thay thế bởi chỉ tiêu cao hơn\n",
            count(Status::Met), count(Status::NotMet), count(Status::NoData), count(Status::NotApplicable), superseded
        )
    } else {
        format!(
            "Summary (governing targets): {} met, {} not met, {} no data, {} not applicable; {} superseded by a more demanding target\n",
            count(Status::Met), count(Status::NotMet), count(Status::NoData), count(Status::NotApplicable), superseded
        )
    });
    if ev.synthetic {
        s.push_str(if vi { "DỮ LIỆU MẪU TỔNG HỢP — không phải số liệu thật.\n" } else { "SYNTHETIC SAMPLE DATA — not real figures.\n" });
    }
    s
}
