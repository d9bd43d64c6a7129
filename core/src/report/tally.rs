//! Counting outcomes the way the province reports them: per document and
//! level, and per document and district ("which districts are behind, on
//! what"). The terminal's summary line, the HTML report, Jupyter and
//! `Result.plot()` all count here.
//!
//! Only governing outcomes are counted by status; an outcome superseded by a
//! more demanding target is counted apart, so a target is never counted twice.
//! The share of targets met is `met / (met + not met + no data)`: a target
//! without data is not met as far as anyone can show, and a target that does
//! not apply (a rate of nothing) is left out. A unit without any figure for a
//! document is counted (units, no data) but left out of the document's share:
//! it says nothing about how the targets went, only that nothing was reported.
//! A share of nothing decided is "—", never 0%.

use serde_json::{json, Value};

use crate::catalogue::Catalogue;
use crate::evaluation::{Evaluation, Outcome, Status};
use crate::units::Level;
use crate::Lang;

/// Outcomes counted by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub met: usize,
    pub not_met: usize,
    pub no_data: usize,
    pub not_applicable: usize,
    /// Outcomes a more demanding target supersedes (not in the counts above).
    pub superseded: usize,
}

impl Tally {
    pub fn add(&mut self, o: &Outcome) {
        if !o.governing {
            self.superseded += 1;
            return;
        }
        match o.status {
            Status::Met => self.met += 1,
            Status::NotMet => self.not_met += 1,
            Status::NoData => self.no_data += 1,
            Status::NotApplicable => self.not_applicable += 1,
        }
    }

    pub fn of(outcomes: &[&Outcome]) -> Tally {
        let mut t = Tally::default();
        for o in outcomes {
            t.add(o);
        }
        t
    }

    pub fn get(&self, s: Status) -> usize {
        match s {
            Status::Met => self.met,
            Status::NotMet => self.not_met,
            Status::NoData => self.no_data,
            Status::NotApplicable => self.not_applicable,
        }
    }

    /// Targets that apply: met, not met or without data.
    pub fn applying(&self) -> usize {
        self.met + self.not_met + self.no_data
    }

    /// "80,00%": met among the targets that apply; `None` when none was decided.
    pub fn share_text(&self, lang: Lang) -> Option<String> {
        if self.met + self.not_met == 0 {
            return None;
        }
        crate::format::share(self.met, self.applying(), lang)
    }

    fn plus(&self, o: &Tally) -> Tally {
        Tally {
            met: self.met + o.met,
            not_met: self.not_met + o.not_met,
            no_data: self.no_data + o.no_data,
            not_applicable: self.not_applicable + o.not_applicable,
            superseded: self.superseded + o.superseded,
        }
    }

    /// Met among applying, for ordering: compares a/b with c/d exactly.
    fn ahead_of(&self, other: &Tally) -> std::cmp::Ordering {
        let (a, b) = (self.met as u128, self.applying().max(1) as u128);
        let (c, d) = (other.met as u128, other.applying().max(1) as u128);
        (a * d).cmp(&(c * b))
    }

    /// "29 đạt, 5 không đạt, 1 thiếu số liệu" (zero counts left out, except met).
    pub fn text(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        for s in [Status::Met, Status::NotMet, Status::NoData, Status::NotApplicable] {
            let n = self.get(s);
            if n > 0 || s == Status::Met {
                parts.push(format!("{} {}", crate::format::count(n, lang), super::words::status(s, lang)));
            }
        }
        if self.superseded > 0 {
            parts.push(match lang {
                Lang::Vi => format!("{} bị thay thế bởi chỉ tiêu cao hơn", crate::format::count(self.superseded, lang)),
                Lang::En => format!("{} superseded by a more demanding target", crate::format::count(self.superseded, lang)),
            });
        }
        parts.join(", ")
    }

    pub fn to_json(&self) -> Value {
        json!({"met": self.met, "not_met": self.not_met, "no_data": self.no_data, "not_applicable": self.not_applicable, "superseded": self.superseded})
    }
}

/// One level of one document: how many units, how many of them without any
/// figure for it, and their outcomes counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelTally {
    pub level: Level,
    pub units: usize,
    /// Units whose every governing outcome of the document is `no_data`.
    pub units_without_data: usize,
    pub tally: Tally,
    /// The outcomes of the units with at least one figure: what the share is of.
    pub reported: Tally,
}

/// One document: its outcomes counted per level, and in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentTally {
    pub document_id: String,
    /// "Nghị quyết 314/2020/NQ-HĐND" (the number alone when the catalogue does not know it).
    pub heading: String,
    /// The document's title, when the catalogue knows it.
    pub title: Option<String>,
    pub levels: Vec<LevelTally>,
    pub total: Tally,
    /// The outcomes of units with at least one figure, all levels.
    pub reported: Tally,
}

/// The documents of an evaluation in catalogue order (then order of appearance).
fn documents<'e>(ev: &'e Evaluation, cat: &Catalogue) -> Vec<(&'e str, &'e str)> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let all = ev.outcomes.iter().map(|o| (o.document_id(), o.document())).chain(ev.units_without_figures.iter().map(|w| (w.document_id(), w.document())));
    for (id, number) in all {
        if !seen.iter().any(|(x, _)| *x == id) {
            seen.push((id, number));
        }
    }
    let rank = |id: &str| cat.documents().iter().position(|d| d.id == id).unwrap_or(usize::MAX);
    seen.sort_by_key(|(id, _)| rank(id));
    seen
}

fn heading(cat: &Catalogue, id: &str, number: &str, lang: Lang) -> (String, Option<String>) {
    match cat.document(id) {
        Some(d) => (
            format!("{} {}", d.kind.name(lang), d.number),
            Some(match lang {
                Lang::Vi => d.title_vi.clone(),
                Lang::En => d.title_en.clone(),
            }),
        ),
        None => (number.to_string(), None),
    }
}

const LEVELS: [Level; 3] = [Level::Province, Level::District, Level::Commune];

/// Outcomes counted per document and level.
pub fn by_document(ev: &Evaluation, cat: &Catalogue, lang: Lang) -> Vec<DocumentTally> {
    documents(ev, cat)
        .into_iter()
        .map(|(id, number)| {
            let of_doc: Vec<&Outcome> = ev.outcomes.iter().filter(|o| o.document_id() == id).collect();
            let levels = LEVELS
                .iter()
                .filter_map(|level| {
                    let at: Vec<&Outcome> = of_doc.iter().copied().filter(|o| o.level() == *level).collect();
                    // Units reported once for the document, without figures (no outcomes).
                    let absent = ev.units_without_figures.iter().filter(|w| w.document_id() == id && w.level() == *level).map(|w| w.unit());
                    let mut units: Vec<&str> = at.iter().map(|o| o.unit()).chain(absent).collect();
                    if units.is_empty() {
                        return None;
                    }
                    units.sort_unstable();
                    units.dedup();
                    // Units with a figure: one governing outcome decided (or not applicable) is enough.
                    let heard: std::collections::HashSet<&str> =
                        at.iter().filter(|o| o.governing && o.status != Status::NoData).map(|o| o.unit()).collect();
                    let without = units.len() - heard.len();
                    let reported: Vec<&Outcome> = at.iter().copied().filter(|o| heard.contains(o.unit())).collect();
                    Some(LevelTally { level: *level, units: units.len(), units_without_data: without, tally: Tally::of(&at), reported: Tally::of(&reported) })
                })
                .collect::<Vec<LevelTally>>();
            let (heading, title) = heading(cat, id, number, lang);
            let reported = levels.iter().fold(Tally::default(), |t, l| t.plus(&l.reported));
            DocumentTally { document_id: id.to_string(), heading, title, levels, total: Tally::of(&of_doc), reported }
        })
        .collect()
}

/// One district's outcomes of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistrictRow {
    pub unit: String,
    pub name: String,
    pub tally: Tally,
}

/// The statuses a district chart stacks, in order.
pub const CHART_SERIES: [Status; 3] = [Status::Met, Status::NotMet, Status::NoData];

/// Districts of one document, most targets met first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistrictChart {
    pub document_id: String,
    pub heading: String,
    pub rows: Vec<DistrictRow>,
}

impl DistrictChart {
    /// `{"document_id", "heading", "series": [{"status", "label"}], "rows": [{"unit", "name",
    /// "met", "not_met", "no_data", "not_applicable", "superseded", "applying", "share"}]}`:
    /// what `Result.plot()` draws, in the chart's order (most targets met first).
    pub fn to_json(&self, lang: Lang) -> Value {
        json!({
            "document_id": self.document_id,
            "heading": self.heading,
            "series": CHART_SERIES.iter().map(|s| json!({"status": s.as_str(), "label": super::words::status(*s, lang)})).collect::<Vec<_>>(),
            "rows": self.rows.iter().map(|r| {
                let mut m = r.tally.to_json();
                if let Value::Object(o) = &mut m {
                    o.insert("unit".into(), json!(r.unit));
                    o.insert("name".into(), json!(r.name));
                    o.insert("applying".into(), json!(r.tally.applying()));
                    o.insert("share".into(), json!(r.tally.share_text(lang)));
                }
                m
            }).collect::<Vec<_>>(),
        })
    }
}

/// For each document with district outcomes, the districts by share of targets met.
pub fn districts(ev: &Evaluation, cat: &Catalogue, lang: Lang) -> Vec<DistrictChart> {
    documents(ev, cat)
        .into_iter()
        .filter_map(|(id, number)| {
            let mut rows: Vec<DistrictRow> = Vec::new();
            for o in ev.outcomes.iter().filter(|o| o.document_id() == id && o.level() == Level::District) {
                match rows.iter_mut().find(|r| r.unit == o.unit()) {
                    Some(r) => r.tally.add(o),
                    None => {
                        let mut tally = Tally::default();
                        tally.add(o);
                        rows.push(DistrictRow { unit: o.unit().to_string(), name: o.unit_name().to_string(), tally });
                    }
                }
            }
            if rows.is_empty() {
                return None;
            }
            // Stable: districts with the same share keep the registry's order.
            rows.sort_by(|a, b| b.tally.ahead_of(&a.tally));
            Some(DistrictChart { document_id: id.to_string(), heading: heading(cat, id, number, lang).0, rows })
        })
        .collect()
}

/// Outcomes counted per document as they come (a streamed run is never held
/// whole): what the summary lines say.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// (document id, number, tally) in order of appearance.
    docs: Vec<(String, String, Tally)>,
    total: Tally,
}

impl Summary {
    pub fn add(&mut self, o: &Outcome) {
        match self.docs.iter_mut().find(|(id, ..)| id == o.document_id()) {
            Some((.., t)) => t.add(o),
            None => {
                let mut t = Tally::default();
                t.add(o);
                self.docs.push((o.document_id().to_string(), o.document().to_string(), t));
            }
        }
        self.total.add(o);
    }

    /// One line per document (catalogue order), then the total when there are several.
    pub fn lines(&self, cat: &Catalogue, lang: Lang) -> Vec<String> {
        let mut docs: Vec<&(String, String, Tally)> = self.docs.iter().collect();
        let rank = |id: &str| cat.documents().iter().position(|d| d.id == id).unwrap_or(usize::MAX);
        docs.sort_by_key(|(id, ..)| rank(id));
        let mut lines: Vec<String> = docs.iter().map(|(id, number, t)| format!("{}: {}", heading(cat, id, number, lang).0, t.text(lang))).collect();
        if docs.len() > 1 {
            lines.push(match lang {
                Lang::Vi => format!("Cộng: {}", self.total.text(lang)),
                Lang::En => format!("Total: {}", self.total.text(lang)),
            });
        }
        lines
    }
}

/// The summary lines under the terminal table: one per document, then the total.
pub fn summary_lines(ev: &Evaluation, cat: &Catalogue, lang: Lang) -> Vec<String> {
    let mut s = Summary::default();
    for o in &ev.outcomes {
        s.add(o);
    }
    s.lines(cat, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::UnitFilter;
    use crate::report::tests::sample;


    #[test]
    fn every_outcome_is_counted_once_per_document() {
        let (ev, cat) = sample(UnitFilter::All);
        let docs = by_document(&ev, &cat, Lang::Vi);
        let counted: usize = docs.iter().map(|d| d.total.applying() + d.total.not_applicable + d.total.superseded).sum();
        assert_eq!(counted, ev.outcomes.len());
        for d in &docs {
            let by_level: usize = d.levels.iter().map(|l| l.tally.applying() + l.tally.not_applicable + l.tally.superseded).sum();
            assert_eq!(by_level, d.total.applying() + d.total.not_applicable + d.total.superseded, "{}", d.document_id);
        }
        let not_met = ev.outcomes.iter().filter(|o| o.governing && o.status == Status::NotMet).count();
        assert_eq!(docs.iter().map(|d| d.total.not_met).sum::<usize>(), not_met);
        assert_eq!(docs.first().map(|d| d.heading.as_str()), Some("Nghị quyết 314/2020/NQ-HĐND"));
    }

    #[test]
    fn communes_without_any_figure_are_counted_as_such() {
        let (ev, cat) = sample(UnitFilter::All);
        let docs = by_document(&ev, &cat, Lang::Vi);
        let nq = docs.iter().find(|d| d.document_id == "nq314").unwrap();
        let communes = nq.levels.iter().find(|l| l.level == Level::Commune).unwrap();
        // The sample has no commune figures for NQ 314.
        assert_eq!(communes.units, 177);
        assert_eq!(communes.units_without_data, 177);
        // ...so they say nothing about the share: "—" for communes, and the
        // document's share is that of the province and districts.
        assert_eq!(communes.reported, Tally::default());
        assert_eq!(communes.reported.share_text(Lang::Vi), None);
        let upper: Vec<&LevelTally> = nq.levels.iter().filter(|l| l.level != Level::Commune).collect();
        assert_eq!(nq.reported.met, upper.iter().map(|l| l.tally.met).sum::<usize>());
    }

    #[test]
    fn districts_are_ordered_by_share_of_targets_met() {
        let (ev, cat) = sample(UnitFilter::All);
        let charts = districts(&ev, &cat, Lang::En);
        let nq = charts.iter().find(|c| c.document_id == "nq314").unwrap();
        assert_eq!(nq.rows.len(), 13);
        for w in nq.rows.windows(2) {
            let (a, b) = (&w[0].tally, &w[1].tally);
            assert!(a.met * b.applying() >= b.met * a.applying(), "{} before {}", w[0].name, w[1].name);
        }
        let province_only = sample(UnitFilter::Root);
        assert!(districts(&province_only.0, &province_only.1, Lang::En).is_empty());
    }

    #[test]
    fn the_summary_line_names_each_document() {
        let (ev, cat) = sample(UnitFilter::Root);
        let lines = summary_lines(&ev, &cat, Lang::En);
        assert!(lines.iter().any(|l| l.starts_with("Resolution 314/2020/NQ-HĐND: ")), "{lines:?}");
        assert!(lines.last().unwrap().starts_with("Total: "));
    }
}
