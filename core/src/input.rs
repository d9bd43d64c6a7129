//! Reading input files with errors that name them.

use std::path::Path;

use crate::error::{DataError, Location};

/// The whole file as UTF-8 text (a UTF-8 byte-order mark, as Excel writes, is dropped).
pub fn read_text(path: &Path) -> Result<String, DataError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| DataError::new(Location::file(&file), format!("cannot read the file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        DataError::new(Location::file(&file), format!("the file is not UTF-8 text (byte {}); save it as 'CSV UTF-8'", e.utf8_error().valid_up_to()))
    })?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}
