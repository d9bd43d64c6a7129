//! Administrative units: the province, its districts and communes.
//!
//! The registry is data (official codes of 2024 by default) because the
//! structure changes: districts were merged away in 2025, and another province
//! can load its own. Codes are text: commune codes keep their leading zero.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{DataError, Location};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    District,
    Commune,
}

impl Level {
    pub fn name(&self, lang: crate::Lang) -> &'static str {
        use crate::Lang::*;
        match (self, lang) {
            (Level::Province, Vi) => "tỉnh",
            (Level::District, Vi) => "huyện",
            (Level::Commune, Vi) => "xã",
            (Level::Province, En) => "province",
            (Level::District, En) => "district",
            (Level::Commune, En) => "commune",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name(crate::Lang::En))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub level: Level,
    /// "tỉnh", "thành phố", "thị xã", "huyện", "phường", "xã", "thị trấn".
    pub division_type: String,
    pub parent: Option<String>,
}

/// The units of one province, with their hierarchy.
#[derive(Clone, Debug)]
pub struct UnitRegistry {
    /// The file it was read from, for messages.
    name: String,
    units: Vec<Unit>,
    by_code: HashMap<String, usize>,
    children: HashMap<String, Vec<usize>>,
}

const BUILTIN_CSV: &str = include_str!("../data/quang-ninh-units-2024.csv");
const BUILTIN_NAME: &str = "quang-ninh-units-2024.csv (built-in)";

impl UnitRegistry {
    /// Quảng Ninh, 2024: the province, 13 districts, 177 communes.
    #[allow(clippy::expect_used)] // Fixed at build time; every test loads it.
    pub fn builtin() -> UnitRegistry {
        UnitRegistry::from_csv_str(BUILTIN_CSV, BUILTIN_NAME).expect("the built-in unit registry is valid")
    }

    pub fn from_csv_path(path: &Path) -> Result<UnitRegistry, DataError> {
        let text = crate::input::read_text(path)?;
        UnitRegistry::from_csv_str(&text, &path.display().to_string())
    }

    /// Reads `code,name,level,division_type,parent_code`.
    pub fn from_csv_str(text: &str, file: &str) -> Result<UnitRegistry, DataError> {
        let mut rdr = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| DataError::new(Location::file(file), format!("cannot read the header: {e}")))?
            .clone();
        let expected = ["code", "name", "level", "division_type", "parent_code"];
        let col = |name: &str| headers.iter().position(|h| h.trim_start_matches('\u{feff}') == name);
        let idx = expected
            .iter()
            .map(|name| {
                col(name).ok_or_else(|| {
                    DataError::new(Location::file(file).at_row(1), format!("missing column '{name}'"))
                        .expected("the columns code,name,level,division_type,parent_code")
                })
            })
            .collect::<Result<Vec<usize>, DataError>>()?;
        let mut units = Vec::new();
        let mut rows = Vec::new();
        let mut by_code = HashMap::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| DataError::from_csv(file, e))?;
            let row = rec.position().map(|p| p.line() as usize).unwrap_or(0);
            let get = |i: usize| idx.get(i).and_then(|c| rec.get(*c)).unwrap_or("").to_string();
            let code = get(0);
            let loc = |c: &str| Location::file(file).at_row(row).at_column(c);
            if code.is_empty() {
                return Err(DataError::new(loc("code"), "empty unit code").expected("a code such as 22, 193 or 06649"));
            }
            let level = match get(2).as_str() {
                "province" => Level::Province,
                "district" => Level::District,
                "commune" => Level::Commune,
                other => {
                    return Err(DataError::new(loc("level"), "unknown level")
                        .value(other)
                        .expected("province, district or commune"))
                }
            };
            let parent = Some(get(4)).filter(|p| !p.is_empty());
            if by_code.insert(code.clone(), units.len()).is_some() {
                return Err(DataError::new(loc("code"), "the same unit code appears twice").value(&code));
            }
            units.push(Unit { code, name: get(1), level, division_type: get(3), parent });
            rows.push(row);
        }
        if units.is_empty() {
            return Err(DataError::new(Location::file(file), "the registry lists no unit").expected("one row per unit under the header code,name,level,division_type,parent_code"));
        }
        let mut children: HashMap<String, Vec<usize>> = HashMap::new();
        for ((i, u), row) in units.iter().enumerate().zip(rows) {
            if let Some(p) = &u.parent {
                let at = Location::file(file).at_row(row).at_column("parent_code");
                let Some(parent) = by_code.get(p).and_then(|pi| units.get(*pi)) else {
                    return Err(DataError::new(at, "parent code is not a unit of the file").value(p).expected(format!("the code of a unit listed in {file}")));
                };
                // Levels strictly fall from parent to child, so the hierarchy has no cycle.
                if parent.level >= u.level {
                    return Err(DataError::new(at, format!("unit {} sits under a unit of the same or a lower level", u.code)).value(p));
                }
                children.entry(p.clone()).or_default().push(i);
            }
        }
        Ok(UnitRegistry { name: file.to_string(), units, by_code, children })
    }

    /// The file the registry was read from ("quang-ninh-units-2024.csv (built-in)" for the built-in one).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn get(&self, code: &str) -> Option<&Unit> {
        self.by_code.get(code).and_then(|&i| self.units.get(i))
    }

    /// Finds a unit by code, also when a spreadsheet dropped the leading zero
    /// ("6649" for "06649"). Returns the unit and whether the code was repaired.
    pub fn resolve(&self, code: &str) -> Option<(&Unit, bool)> {
        let code = code.trim();
        if let Some(u) = self.get(code) {
            return Some((u, false));
        }
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let stripped = code.trim_start_matches('0');
        let mut found = self.units.iter().filter(|u| u.code.trim_start_matches('0') == stripped);
        match (found.next(), found.next()) {
            (Some(u), None) => Some((u, true)),
            _ => None,
        }
    }

    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The root units (normally the one province).
    pub fn roots(&self) -> impl Iterator<Item = &Unit> {
        self.units.iter().filter(|u| u.parent.is_none())
    }

    pub fn children(&self, code: &str) -> impl Iterator<Item = &Unit> {
        self.children.get(code).into_iter().flatten().filter_map(|&i| self.units.get(i))
    }

    /// All units at `level` under `code` (children, grandchildren...), in registry order.
    pub fn descendants_at(&self, code: &str, level: Level) -> Vec<&Unit> {
        let mut out = Vec::new();
        let mut stack: Vec<&Unit> = self.children(code).collect();
        stack.reverse();
        while let Some(u) = stack.pop() {
            if u.level == level {
                out.push(u);
            } else if u.level < level {
                let mut kids: Vec<&Unit> = self.children(&u.code).collect();
                kids.reverse();
                stack.extend(kids);
            }
        }
        out.sort_by_key(|u| self.by_code.get(&u.code).copied());
        out
    }

    /// The nearest unit code to `code` by name or code, for "did you mean".
    pub fn nearest(&self, code: &str) -> Option<&Unit> {
        crate::suggest::nearest(code, self.units.iter().map(|u| (u.code.as_str(), u)))
    }

    pub fn parent(&self, code: &str) -> Option<&Unit> {
        self.get(code).and_then(|u| u.parent.as_deref()).and_then(|p| self.get(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_the_province_13_districts_177_communes() {
        let r = UnitRegistry::builtin();
        let count = |l| r.units().iter().filter(|u| u.level == l).count();
        assert_eq!((count(Level::Province), count(Level::District), count(Level::Commune)), (1, 13, 177));
        assert_eq!(r.descendants_at("22", Level::Commune).len(), 177);
        assert_eq!(r.descendants_at("195", Level::Commune).len(), 16);
        assert_eq!(r.get("06649").unwrap().name, "Phường Hà Khánh");
    }

    #[test]
    fn a_dropped_leading_zero_is_repaired() {
        let r = UnitRegistry::builtin();
        let (u, repaired) = r.resolve("6649").unwrap();
        assert_eq!((u.code.as_str(), repaired), ("06649", true));
        assert!(r.resolve("99999").is_none());
    }

    #[test]
    fn a_bad_registry_names_row_and_column() {
        let e = UnitRegistry::from_csv_str("code,name,level,division_type,parent_code\n1,A,province,tỉnh,\n2,B,county,huyện,1\n", "u.csv").unwrap_err();
        assert_eq!((e.location.row, e.location.column.as_deref()), (Some(3), Some("level")));
        assert_eq!(e.value.as_deref(), Some("county"));
    }
}
