//! The words every human view uses for statuses, levels and tracks, in the
//! reader's language: one place, so the terminal, the HTML report and
//! Jupyter say the same thing.

use crate::catalogue::Track;
use crate::certification::UnitDecision;
use crate::certification::window::date_text;
use crate::evaluation::Status;
use crate::Lang;

/// A status as a person reads it: "đạt", "không đạt", "thiếu số liệu", "không áp dụng".
pub fn status(s: Status, lang: Lang) -> &'static str {
    match (s, lang) {
        (Status::Met, Lang::Vi) => "đạt",
        (Status::NotMet, Lang::Vi) => "không đạt",
        (Status::NoData, Lang::Vi) => "thiếu số liệu",
        (Status::NotApplicable, Lang::Vi) => "không áp dụng",
        (Status::Met, Lang::En) => "met",
        (Status::NotMet, Lang::En) => "not met",
        (Status::NoData, Lang::En) => "no data",
        (Status::NotApplicable, Lang::En) => "not applicable",
    }
}

/// Statuses in the order a reader looks for them: what failed first.
pub const STATUS_ORDER: [Status; 4] = [Status::NotMet, Status::NoData, Status::NotApplicable, Status::Met];

/// "superseded by X" under a status.
pub fn superseded_by(by: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("thay bởi {by}"),
        Lang::En => format!("superseded by {by}"),
    }
}

/// "The built-in synthetic sample" in the reader's language; other names (file paths) as they are.
pub fn dataset(name: &str, lang: Lang) -> String {
    match (name, lang) {
        (crate::sample::NAME, Lang::Vi) => "mẫu tổng hợp có sẵn (không phải số liệu thật)".into(),
        (crate::sample::programme::NAME, Lang::Vi) => "mẫu tổng hợp có sẵn: chương trình sạch ma túy 2024 (không phải số liệu thật)".into(),
        _ => name.to_string(),
    }
}

/// The banner every page of a report of the sample carries.
pub fn synthetic_banner(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "DỮ LIỆU MẪU TỔNG HỢP — không phải số liệu thật của tỉnh",
        Lang::En => "SYNTHETIC SAMPLE DATA — not real figures of the province",
    }
}

/// The track of a programme unit: "giữ sạch", "làm sạch từ 01/05/2024".
pub fn track(u: &UnitDecision, lang: Lang) -> String {
    let from = || u.entry_date.map(|d| date_text(d, lang)).unwrap_or_default();
    match (u.track, lang) {
        (Some(Track::KeepClean), Lang::Vi) => "giữ sạch".into(),
        (Some(Track::KeepClean), Lang::En) => "keep clean".into(),
        (Some(Track::MakeClean), Lang::Vi) => format!("làm sạch từ {}", from()),
        (Some(Track::MakeClean), Lang::En) => format!("make clean from {}", from()),
        (None, _) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_named_in_the_readers_language() {
        assert_eq!(dataset(crate::sample::NAME, Lang::Vi), "mẫu tổng hợp có sẵn (không phải số liệu thật)");
        assert_eq!(dataset(crate::sample::NAME, Lang::En), crate::sample::NAME);
        assert_eq!(dataset("data/figures.csv", Lang::Vi), "data/figures.csv");
        assert_eq!(status(Status::NotMet, Lang::Vi), "không đạt");
    }
}
