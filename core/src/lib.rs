//! chitieu-core: the targets of Quảng Ninh's crime- and drug-prevention
//! documents as data, evaluated exactly against real figures, with every
//! verdict explained in Vietnamese and English.
//!
//! All domain logic lives here; the C ABI, the Python package and the command
//! line are thin layers that ask this crate.

pub mod catalogue;
pub mod conversion;
pub mod certification;
pub mod contain;
pub mod error;
pub mod evaluation;
pub mod exact;
pub mod format;
pub mod lineage;
pub mod observations;
pub mod period;
pub mod report;
pub mod sample;
pub mod structures;
pub mod table;
pub mod tasks;
pub mod territory;
pub mod units;
mod input;
pub mod output;
mod suggest;
pub mod warning;
pub mod workbook;

pub use error::{CatalogueError, DataError, Error, Location};
pub use exact::Exact;
pub use format::{number as format_number, status_word};
pub use period::Period;
pub use units::{Level, Unit, UnitRegistry};

/// The version reported in every output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Language of explanations and names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    Vi,
    En,
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "vi" => Ok(Lang::Vi),
            "en" => Ok(Lang::En),
            _ => Err(format!("unknown language '{s}': expected vi or en")),
        }
    }
}
