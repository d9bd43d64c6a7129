//! Writing output files whole or not at all: the bytes go into a temporary
//! file beside the target, are flushed to disk, then renamed into place, so a
//! failure (a full disk, a killed process) never leaves half a file nor
//! damages the one already there. The command line, the C ABI and Python
//! write their files (reports, workbooks) through here.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` whole or not at all; the temporary file is
/// removed when anything fails.
pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_whole_with(path, |w| w.write_all(bytes))
}

/// Like [`write_whole`], for output written piece by piece by `write` (a
/// national run is never held in memory whole), through a 1 MiB buffer.
pub fn write_whole_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    const BUFFER: usize = 1 << 20;
    if path.as_os_str().is_empty() || path.is_dir() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let run = || -> std::io::Result<()> {
        let mut f = std::io::BufWriter::with_capacity(BUFFER, std::fs::File::create(&tmp)?);
        write(&mut f)?;
        let f = f.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    run().inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
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
        assert!(write_whole(dir.path(), b"x").is_err(), "a folder is not a file name");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
    }
}
