//! A verdict's numbers as people read them: the actual value ("94,92%",
//! "1.759") and the margin ("-5,08 điểm %"), formatted by `crate::format` so
//! the terminal, the report, Jupyter, workbooks and one-value checks agree.

use super::rule::Verdict;
use crate::format;
use crate::Lang;

impl Verdict {
    /// The actual value: percent for fractions, with as many places as it
    /// takes not to look equal to the threshold; empty when undecided.
    pub fn actual_display(&self, lang: Lang) -> String {
        match &self.actual {
            Some(a) if self.fraction => {
                let against = self.required.as_ref().filter(|_| self.direction.is_none()).map(|r| r.percent());
                format!("{}%", format::percent_against(&a.percent(), against.as_ref(), lang))
            }
            Some(a) => format::number(a, lang),
            None => String::new(),
        }
    }

    /// The margin: percentage points for rates and changes, the measure's own
    /// unit otherwise; empty when undecided.
    pub fn margin_display(&self, lang: Lang) -> String {
        match &self.margin {
            Some(m) if self.fraction || self.direction.is_some() => format::points(&m.percent(), lang),
            Some(m) => format::number(m, lang),
            None => String::new(),
        }
    }
}
