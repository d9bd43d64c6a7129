//! Writing output files so that nothing is ever damaged: the one rule the
//! command line (`--out`), the C ABI and Python follow for every file they
//! write (reports, workbooks).
//!
//! - a regular file, or a path that does not exist yet, is written whole or
//!   not at all: a temporary file beside it, flushed to disk, given the old
//!   file's permissions, then renamed over it, so that a failure (a full
//!   disk, a killed process) never leaves half a file nor damages the one
//!   already there;
//! - a symbolic link is followed: its target is written that way and the
//!   link stays a link;
//! - a character device or a pipe (`/dev/stdout`, `/dev/null`, a FIFO, a
//!   shell's `>(...)`) is written directly, as a stream: it is never renamed
//!   over, and a write error (`/dev/full`) is reported;
//! - a directory, a block device or a socket is refused, and nothing is written.
//!
//! Standard output (`-` on the command line) is the caller's business.

use std::fs::Metadata;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The buffer between the writer of the output and where it goes.
const BUFFER: usize = 1 << 20;

/// Writes `bytes` to `path` as the module doc says.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_whole_with(path, |w| w.write_all(bytes))
}

/// Like [`write_whole`], for output written piece by piece by `write` (a
/// national run is never held in memory whole), through a 1 MiB buffer.
pub fn write_whole_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    if path.as_os_str().is_empty() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"));
    }
    let target = follow_links(path)?;
    match std::fs::metadata(&target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => replace_file(write, &target, None),
        Err(e) => Err(e),
        Ok(m) if m.is_file() => replace_file(write, &target, Some(&m)),
        Ok(m) if is_stream(&m) => stream(write, &target),
        Ok(m) => Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("it is {}, not a file; nothing was written", kind(&m)))),
    }
}

/// The path a chain of symbolic links ends at (which may not exist yet).
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// A character device or a pipe: written as a stream, never replaced.
fn is_stream(m: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        m.file_type().is_char_device() || m.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        false
    }
}

/// What a path that is not a file is, in words.
fn kind(m: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if m.file_type().is_block_device() {
            return "a block device";
        }
        if m.file_type().is_socket() {
            return "a socket";
        }
    }
    if m.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Writes a device or pipe in place.
fn stream(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>, path: &Path) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::with_capacity(BUFFER, std::fs::OpenOptions::new().write(true).open(path)?);
    write(&mut f)?;
    f.flush()
}

/// Writes a regular file whole or not at all: a temporary file in the same
/// directory (removed when anything fails), synced, given the old file's
/// permissions, renamed over it.
fn replace_file(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>, path: &Path, old: Option<&Metadata>) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".chitieu-out.").suffix(".tmp").tempfile_in(dir)?;
    let mut buffered = std::io::BufWriter::with_capacity(BUFFER, tmp.as_file_mut());
    write(&mut buffered)?;
    buffered.flush()?;
    drop(buffered);
    if let Some(m) = old {
        tmp.as_file().set_permissions(m.permissions())?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map(drop).map_err(|e| e.error)
}


/// CSV text of rows of fields (the first row is the header), quoted by the
/// csv crate: the one way every CSV output (CLI listings, recognition
/// reports) is made in memory.
#[allow(clippy::expect_used)] // Writing to a Vec<u8> cannot fail, and fields that are Rust strings give UTF-8.
pub fn csv_rows<R, F>(rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 fields is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_nothing_and_a_good_one_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.xlsx");
        std::fs::write(&p, b"old").unwrap();
        write_whole(&p, b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        assert!(write_whole(&dir.path().join("no/such/dir/b.xlsx"), b"x").is_err());
        let e = write_whole(dir.path(), b"x").unwrap_err();
        assert!(e.to_string().contains("a directory"), "{e}");
        let failed = write_whole_with(&p, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"new", "a failed write leaves the old file whole");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_a_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        std::fs::write(&real, b"old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        write_whole(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
        write_whole(Path::new("/dev/null"), b"x").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "a device is written in place, never replaced");
    }
}
