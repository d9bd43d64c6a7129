//! Recognition across a reform: a commune formed on 1/7/2025 has no entry of
//! its own in the programme register, yet its territory was recognised
//! drug-free in December 2024, in whole or in part.
//!
//! The reading (criterion `kh50.keep.predecessors`, in the report and the
//! decision log): the new commune keeps the recognition only if every unit
//! that went into it, wholly or in part, held a recognition the day before
//! the change, and none lost it: the cases in each predecessor's territory
//! since its own recognition count against the new commune as its own do
//! (the keep-clean criteria over the predecessors' territory, then its own).
//! A part of a commune that was not recognised brings unrecognised territory
//! in: the new commune is then not kept, with the predecessor named. A new
//! commune with an entry of its own (selected to be made clean, say) is
//! judged on that entry; one formed only from unrecognised communes is
//! outside the programme, as any other.

use chrono::NaiveDate;

use super::criteria::{CriterionOutcome, Gap, PartOutcome};
use super::register::{Entry, Register};
use super::window::date_text;
use crate::catalogue::Track;
use crate::evaluation::Status;
use crate::lineage::day_before;
use crate::units::{Unit, UnitId, UnitRegistry};
use crate::Lang;

/// The id of the reading's criterion.
pub const CRITERION: &str = "kh50.keep.predecessors";

/// A commune formed by a reform, with the recognitions of its predecessors.
pub(crate) struct Inherited<'r> {
    pub unit: &'r Unit,
    /// The first day of the new commune.
    pub effective: NaiveDate,
    /// Each predecessor and the entry whose recognition it held the day before, if any.
    pub predecessors: Vec<(UnitId, Option<&'r Entry>)>,
    /// The recognition it keeps, from the earliest of its predecessors' days
    /// (the window of its cases; each predecessor's own count from its own day).
    pub entry: Entry,
}

impl<'r> Inherited<'r> {
    /// The succession of `unit` at `as_of`, when it was formed by a reform,
    /// has no entry of its own and at least one predecessor was recognised.
    pub fn of(units: &'r UnitRegistry, reg: &'r Register, unit: &'r Unit, as_of: NaiveDate) -> Option<Inherited<'r>> {
        if reg.has(unit) {
            return None;
        }
        let (id, _) = units.resolve_on(&unit.code, as_of)?;
        let effective = unit.valid_from.filter(|e| *e <= as_of)?;
        let mut preds: Vec<UnitId> = units.lineage().into(id).filter(|l| l.effective == effective).map(|l| l.old).collect();
        preds.sort_unstable();
        preds.dedup();
        let eve = day_before(effective);
        let predecessors: Vec<(UnitId, Option<&Entry>)> = preds.iter().map(|p| (*p, reg.held_on(units.unit(*p), eve))).collect();
        let certified_on = predecessors.iter().filter_map(|(_, e)| e.and_then(|e| e.certified_on)).min()?;
        let entry = Entry {
            unit: unit.code.clone(),
            track: Track::KeepClean,
            entry_date: effective,
            certified_on: Some(certified_on),
            lost_on: None,
            note: Some(format!("{CRITERION}: recognition of the units it was formed from")),
            row: 0,
        };
        Some(Inherited { unit, effective, predecessors, entry })
    }

    /// Whether every predecessor held a recognition on the eve of the change.
    pub fn kept(&self) -> bool {
        self.predecessors.iter().all(|(_, e)| e.is_some())
    }

    /// The recognised predecessors and the day each was recognised: their cases since count.
    pub fn since(&self) -> Vec<(UnitId, NaiveDate)> {
        self.predecessors.iter().filter_map(|(p, e)| e.and_then(|e| e.certified_on).map(|c| (*p, c))).collect()
    }

    /// The reading as a deciding criterion of the unit.
    pub fn outcome(&self, units: &UnitRegistry) -> CriterionOutcome {
        let kept = self.kept();
        let line = |lang: Lang| -> String {
            self.predecessors
                .iter()
                .map(|(p, e)| {
                    let u = units.unit(*p);
                    match (e.and_then(|e| e.certified_on), lang) {
                        (Some(c), Lang::Vi) => format!("{} ({}) được công nhận ngày {}", u.name, u.code, date_text(c, lang)),
                        (Some(c), Lang::En) => format!("{} ({}) recognised on {}", u.name, u.code, date_text(c, lang)),
                        (None, Lang::Vi) => format!("{} ({}) không giữ công nhận sạch ma túy ngày {}", u.name, u.code, date_text(day_before(self.effective), lang)),
                        (None, Lang::En) => format!("{} ({}) held no drug-free recognition on {}", u.name, u.code, date_text(day_before(self.effective), lang)),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let when = |lang: Lang| date_text(self.effective, lang);
        let detail_vi = format!("{} thành lập từ ngày {}: {}", self.unit.name, when(Lang::Vi), line(Lang::Vi));
        let detail_en = format!("{} formed on {}: {}", self.unit.name, when(Lang::En), line(Lang::En));
        let status = if kept { Status::Met } else { Status::NotMet };
        let gaps = if kept {
            Vec::new()
        } else {
            let missing = self.predecessors.iter().filter(|(_, e)| e.is_none()).map(|(p, _)| format!("{} ({})", units.unit(*p).name, units.unit(*p).code)).collect::<Vec<_>>().join(", ");
            vec![Gap {
                criterion: CRITERION.to_string(),
                need: None,
                text_vi: format!("không giữ sạch được: một phần địa bàn chưa được công nhận ({missing}); cần đưa vào diện xây dựng xã sạch ma túy"),
                text_en: format!("not kept: part of its territory was not recognised ({missing}); the commune must enter the programme to be made clean"),
            }]
        };
        let part = PartOutcome {
            name_vi: "Các đơn vị trước sắp xếp".to_string(),
            name_en: "The units before the reorganisation".to_string(),
            status,
            verdict: None,
            window: None,
            events: Vec::new(),
            detail_vi: detail_vi.clone(),
            detail_en: detail_en.clone(),
        };
        CriterionOutcome {
            id: CRITERION.to_string(),
            name_vi: "Giữ sạch của xã mới sau sắp xếp: mọi đơn vị nhập vào đều đã được công nhận".to_string(),
            name_en: "Kept clean after the reorganisation: every unit that went into the new commune was recognised".to_string(),
            clause_vi: "Mục I.2.1; Mục II.3 (đọc theo sắp xếp đơn vị hành chính từ 01/7/2025)".to_string(),
            clause_en: "Section I.2.1; Section II.3 (read across the reorganisation of 1/7/2025)".to_string(),
            phrase: "ít nhất 90% địa bàn cấp xã đạt “Xã, phường, thị trấn sạch ma túy” không có tội phạm, tệ nạn ma túy trở lại".to_string(),
            decides: true,
            alternative: None,
            status,
            parts: vec![part],
            detail_vi,
            detail_en,
            gaps,
            interpretation_vi: Some("Xã mới thành lập khi sắp xếp đơn vị hành chính chỉ giữ công nhận sạch ma túy khi mọi đơn vị nhập vào (toàn bộ hay một phần) đã được công nhận và không mất công nhận: các trường hợp trên địa bàn mỗi đơn vị cũ kể từ ngày nó được công nhận được tính như của xã mới. Một phần địa bàn chưa được công nhận thì xã mới không được giữ sạch.".to_string()),
            interpretation_en: Some("A commune formed by the reorganisation keeps the drug-free recognition only when every unit that went into it (wholly or in part) had been recognised and had not lost it: the cases in each old unit's territory since its recognition count as the new commune's. If part of its territory was not recognised, the new commune is not kept clean.".to_string()),
        }
    }
}
