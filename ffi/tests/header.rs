//! include/chitieu.h must be what cbindgen generates from this crate with
//! ffi/cbindgen.toml, byte for byte, and every function must be documented.
//! Regenerate with `CHITIEU_BLESS=1 cargo test -p chitieu-ffi --test header`.

use std::path::{Path, PathBuf};

fn ffi_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn header_path() -> PathBuf {
    ffi_dir().join("../include/chitieu.h")
}

fn generate() -> String {
    let dir = ffi_dir();
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("ffi/cbindgen.toml is readable");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .generate()
        .expect("cbindgen generates the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

#[test]
fn the_committed_header_is_up_to_date() {
    let generated = generate();
    let path = header_path();
    if std::env::var_os("CHITIEU_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let line = committed.lines().zip(generated.lines()).position(|(a, b)| a != b).map(|i| i + 1);
        panic!(
            "include/chitieu.h is stale: it differs from what cbindgen generates from ffi/src{}.\n\
             Regenerate it with:  CHITIEU_BLESS=1 cargo test -p chitieu-ffi --test header\n\
             then review and commit include/chitieu.h.",
            line.map(|l| format!(" (first difference at line {l})")).unwrap_or_default()
        );
    }
}

/// Every function prototype of the header is preceded by a doc comment.
#[test]
fn every_function_is_documented() {
    let text = std::fs::read_to_string(header_path()).expect("include/chitieu.h exists");
    let lines: Vec<&str> = text.lines().collect();
    let mut undocumented = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let is_prototype = line.contains("chitieu_") && line.contains('(') && !line.starts_with(' ') && !line.starts_with('#') && !line.starts_with('/') && !line.starts_with('*');
        if is_prototype && (i == 0 || !lines[i - 1].trim_end().ends_with("*/")) {
            undocumented.push(line.to_string());
        }
    }
    assert!(undocumented.is_empty(), "functions without a doc comment in include/chitieu.h:\n{}", undocumented.join("\n"));
    let _ = Path::new("");
}
