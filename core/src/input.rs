//! Reading input files with errors that name them, and never without a bound.
//!
//! A regular file is read for the length it has. Anything else given as an
//! input path (a pipe, `/dev/stdin`, a device such as `/dev/zero`) is read up
//! to [`STREAM_LIMIT`] bytes: a stream that goes on past it is refused with a
//! message saying so, instead of being read into memory without end (issue 12).
//! Text is also refused when it runs for [`LINE_LIMIT`] bytes without a line
//! end, which no spreadsheet row does and an endless stream of one byte would.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use crate::error::{DataError, Location};

/// The most a non-regular input (a pipe or a device) may hold.
pub const STREAM_LIMIT: u64 = 256 << 20;
/// The longest run of text without a line end that a table input may hold.
pub const LINE_LIMIT: usize = 1 << 20;

/// An input file opened for reading, with whether it is a regular file.
pub(crate) struct Input {
    pub file: File,
    pub regular: bool,
}

/// Opens `path` for reading; `name` names it in errors.
pub(crate) fn open(path: &Path, name: &str) -> Result<Input, DataError> {
    let file = File::open(path).map_err(|e| DataError::new(Location::file(name), format!("cannot read the file: {e}")))?;
    let meta = file.metadata().map_err(|e| DataError::new(Location::file(name), format!("cannot read the file: {e}")))?;
    if meta.is_dir() {
        return Err(DataError::new(Location::file(name), "this is a folder, not a file").expected("a CSV, JSON or workbook file"));
    }
    Ok(Input { file, regular: meta.is_file() })
}


/// The whole file as UTF-8 text (a UTF-8 byte-order mark, as Excel writes, is
/// dropped). A NUL byte, which no text holds, stops the reading at once.
pub fn read_text(path: &Path) -> Result<String, DataError> {
    let file = path.display().to_string();
    let input = open(path, &file)?;
    let mut bytes = Vec::new();
    let mut reader = Bounded::new(&input.file, input.regular).without_line_limit();
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(DataError::new(Location::file(&file), e.to_string())),
        };
        let got = chunk.get(..n).unwrap_or_default();
        if let Some(i) = got.iter().position(|b| *b == 0) {
            return Err(DataError::new(Location::file(&file), format!("the file holds a NUL byte (byte {}): it is not text", bytes.len() + i))
                .expected("a text file (CSV, JSON or TOML) saved as UTF-8"));
        }
        bytes.extend_from_slice(got);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        DataError::new(Location::file(&file), format!("the file is not UTF-8 text (byte {}); save it as 'CSV UTF-8'", e.utf8_error().valid_up_to()))
    })?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// A reader that enforces the bounds of the module: the stream limit for
/// non-regular files, the line limit for everyone (unless lifted). Errors are
/// `io::Error`s whose text is the message for the user (the file is named by
/// the caller).
pub(crate) struct Bounded<R> {
    inner: R,
    /// `None` for a regular file.
    left: Option<u64>,
    /// Bytes read since the last line end; `None` when lines are not bounded.
    run: Option<usize>,
}

impl<R: Read> Bounded<R> {
    pub fn new(inner: R, regular: bool) -> Bounded<R> {
        Bounded { inner, left: if regular { None } else { Some(STREAM_LIMIT) }, run: Some(0) }
    }
    /// For text that may be one long line (JSON).
    pub fn without_line_limit(mut self) -> Bounded<R> {
        self.run = None;
        self
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf).map_err(|e| io::Error::new(e.kind(), format!("cannot read the file: {e}")))?;
        let got = buf.get(..n).unwrap_or_default();
        if let Some(left) = &mut self.left {
            if n as u64 > *left {
                return Err(io::Error::other(format!(
                    "not a regular file, and it did not end within {} MiB (an endless device such as /dev/zero?); give a file saved on disk",
                    STREAM_LIMIT >> 20
                )));
            }
            *left -= n as u64;
        }
        let Some(run) = &mut self.run else { return Ok(n) };
        // Lines are short: searching from the end stops at the last line end at once.
        *run = match got.iter().rposition(|b| *b == b'\n') {
            Some(i) => n - i - 1,
            None => *run + n,
        };
        if *run > LINE_LIMIT {
            return Err(io::Error::other(format!(
                "more than {} MiB of text without a line end; this is not a table of figures (a binary file, or an endless stream?)",
                LINE_LIMIT >> 20
            )));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_device_is_refused_with_a_message() {
        // /dev/zero never ends and holds no line end: refused by the line bound at once.
        let mut b = Bounded::new(File::open("/dev/zero").unwrap(), false);
        let mut sink = Vec::new();
        let e = b.read_to_end(&mut sink).unwrap_err();
        assert!(e.to_string().contains("without a line end"), "{e}");
        assert!(sink.len() <= LINE_LIMIT + 65536, "{}", sink.len());
    }

    #[test]
    fn a_stream_of_lines_stops_at_the_stream_limit() {
        let lines = io::repeat(b'\n');
        let mut b = Bounded::new(lines, false);
        let e = io::copy(&mut b, &mut io::sink()).unwrap_err();
        assert!(e.to_string().contains("did not end within 256 MiB"), "{e}");
    }

    #[test]
    fn a_device_of_nul_bytes_is_not_text() {
        let e = read_text(Path::new("/dev/zero")).unwrap_err();
        assert!(e.message.contains("NUL byte (byte 0)"), "{e}");
        let e = read_text(Path::new("/dev/full")).unwrap_err();
        assert!(e.message.contains("NUL byte"), "{e}");
    }

    #[test]
    fn a_folder_is_not_a_file() {
        let e = read_text(Path::new("/")).unwrap_err();
        assert!(e.message.contains("folder"), "{e}");
    }
}
