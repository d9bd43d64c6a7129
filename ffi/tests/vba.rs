//! Every `Declare` of examples/excel/Chitieu.bas must name a function of
//! include/chitieu.h with the same number and kinds of parameters and the
//! same kind of result: a wrong Declare corrupts the stack of Excel rather
//! than failing to compile, so this test is the only guard.
//!
//! Kinds: VBA `ByVal Long` <-> int32_t (or a typedef of it), `ByVal Double`
//! <-> double, `ByVal LongPtr` <-> any pointer, `ByVal String` <-> char
//! pointer (ANSI), `ByRef Long` <-> int32_t *, `ByRef Double` <-> double *,
//! `ByRef LongPtr` <-> a pointer to a pointer (a handle filled in).
//!
//! Also the shape that keeps the module safe in real offices: every Declare
//! inside `#If VBA7 And Win64`, with a 32-bit branch defining the same
//! helpers (which say "64-bit Office needed"); the DLL loaded by full path
//! with LoadLibraryW, never by changing the current directory; an error
//! handler in every worksheet function.

use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    Void,
    Int32,
    Double,
    /// A pointer; the pointee when it matters ("char", "uint16_t", "int32_t", "double").
    Ptr(Option<String>),
    Other(String),
}

fn compatible(vba: &Kind, c: &Kind) -> bool {
    match (vba, c) {
        (Kind::Ptr(None), Kind::Ptr(_)) => true,
        (Kind::Ptr(Some(a)), Kind::Ptr(Some(b))) if a == POINTER => b.ends_with('*'),
        (Kind::Ptr(Some(a)), Kind::Ptr(Some(b))) => a == b,
        (a, b) => a == b,
    }
}

/// The pointee of a VBA `ByRef ... As LongPtr`: some pointer.
const POINTER: &str = "a pointer";

/// The Windows functions the module may declare, with their C kinds.
fn windows_functions() -> HashMap<String, (Kind, Vec<Kind>)> {
    // HMODULE LoadLibraryW(LPCWSTR lpLibFileName)
    HashMap::from([("LoadLibraryW".to_string(), (Kind::Ptr(Some("HMODULE".into())), vec![Kind::Ptr(Some("uint16_t".into()))]))])
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn strip_c_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    loop {
        let block = rest.find("/*");
        let line = rest.find("//");
        match (block, line) {
            (Some(b), l) if l.map_or(true, |l| b < l) => {
                out.push_str(&rest[..b]);
                rest = rest[b + 2..].split_once("*/").map(|x| x.1).unwrap_or("");
            }
            (_, Some(l)) => {
                out.push_str(&rest[..l]);
                rest = rest[l..].split_once('\n').map(|x| x.1).unwrap_or("");
                out.push('\n');
            }
            _ => {
                out.push_str(rest);
                return out;
            }
        }
    }
}

fn c_kind(ty: &str, int32_aliases: &[String]) -> Kind {
    let ty = ty.replace("const", " ");
    let stars = ty.matches('*').count();
    let base = ty.replace('*', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    if stars > 0 {
        return Kind::Ptr(if stars == 1 { Some(if int32_aliases.contains(&base) { "int32_t".to_string() } else { base }) } else { Some(format!("{base}{}", "*".repeat(stars - 1))) });
    }
    match base.as_str() {
        "void" => Kind::Void,
        "double" => Kind::Double,
        b if int32_aliases.iter().any(|a| a == b) => Kind::Int32,
        b => Kind::Other(b.to_string()),
    }
}

/// Functions of the header: name -> (result, parameters).
fn header_functions() -> HashMap<String, (Kind, Vec<Kind>)> {
    let text = std::fs::read_to_string(root().join("include/chitieu.h")).expect("include/chitieu.h");
    let code = strip_c_comments(&text);
    let mut aliases = vec!["int32_t".to_string()];
    for line in code.lines() {
        if let Some(rest) = line.trim().strip_prefix("typedef int32_t ") {
            aliases.push(rest.trim_end_matches(';').trim().to_string());
        }
    }
    let mut out = HashMap::new();
    for stmt in code.split(';') {
        let stmt = stmt.split_whitespace().collect::<Vec<_>>().join(" ");
        let stmt = stmt.rsplit(['{', '}']).next().unwrap_or("").trim().to_string();
        let Some((head, params)) = stmt.split_once('(') else { continue };
        if head.starts_with('#') || head.contains("typedef") || head.contains('=') {
            continue;
        }
        let head = head.trim();
        let split = head.rfind([' ', '*']).map(|i| i + 1).unwrap_or(0);
        let (ret, name) = (&head[..split], &head[split..]);
        if !name.starts_with("chitieu_") {
            continue;
        }
        let params = params.trim_end().trim_end_matches(')');
        let kinds = if params.trim() == "void" {
            Vec::new()
        } else {
            params
                .split(',')
                .map(|p| {
                    let p = p.trim();
                    let cut = p.rfind([' ', '*']).map(|i| i + 1).unwrap_or(0);
                    c_kind(&p[..cut], &aliases)
                })
                .collect()
        };
        out.insert(name.to_string(), (c_kind(ret, &aliases), kinds));
    }
    out
}

struct Declare {
    line: String,
    name: String,
    lib: String,
    ptr_safe: bool,
    result: Kind,
    params: Vec<Kind>,
}

fn vba_kind(by_ref: bool, ty: &str) -> Kind {
    match (by_ref, ty) {
        (false, "Long") => Kind::Int32,
        (false, "Double") => Kind::Double,
        (false, "LongPtr") => Kind::Ptr(None),
        (false, "String") => Kind::Ptr(Some("char".into())),
        (true, "Long") => Kind::Ptr(Some("int32_t".into())),
        (true, "Double") => Kind::Ptr(Some("double".into())),
        (true, "LongPtr") => Kind::Ptr(Some(POINTER.into())),
        (r, t) => Kind::Other(format!("{} {t}", if r { "ByRef" } else { "ByVal" })),
    }
}

fn module_text() -> String {
    std::fs::read_to_string(root().join("examples/excel/Chitieu.bas")).expect("examples/excel/Chitieu.bas")
}

fn declares() -> Vec<Declare> {
    let text = module_text();
    // Join continued lines ("... _" at the end of a line).
    let joined = text.replace("\r\n", "\n").replace(" _\n", " ");
    let mut out = Vec::new();
    for line in joined.lines() {
        let code = line.split('\'').next().unwrap_or("").trim();
        let words: Vec<&str> = code.split_whitespace().collect();
        let Some(pos) = words.iter().position(|w| *w == "Declare") else { continue };
        let ptr_safe = words.get(pos + 1) == Some(&"PtrSafe");
        let rest = &words[pos + 1 + ptr_safe as usize..];
        let is_function = rest.first() == Some(&"Function");
        let name = rest.get(1).unwrap_or(&"").to_string();
        let lib = code.split('"').nth(1).unwrap_or("").to_string();
        assert!(!code.contains(" Alias "), "an Alias hides the real name, which this test must check: {code}");
        let params_text = code.split_once('(').and_then(|(_, r)| r.rsplit_once(')')).map(|(p, _)| p).unwrap_or("");
        let after = code.rsplit_once(')').map(|(_, r)| r.trim()).unwrap_or("");
        let result = match (is_function, after.strip_prefix("As ").map(str::trim)) {
            (false, _) => Kind::Void,
            (true, Some("Long")) => Kind::Int32,
            (true, Some("Double")) => Kind::Double,
            (true, Some("LongPtr")) => Kind::Ptr(None),
            (true, other) => Kind::Other(format!("As {}", other.unwrap_or("Variant (no As)"))),
        };
        let params = params_text
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                let w: Vec<&str> = p.split_whitespace().filter(|w| *w != "Optional").collect();
                // ByRef is VBA's default.
                let by_ref = w.first() != Some(&"ByVal");
                let ty = w.iter().position(|x| *x == "As").and_then(|i| w.get(i + 1)).copied().unwrap_or("Variant");
                vba_kind(by_ref, ty)
            })
            .collect();
        out.push(Declare { line: code.to_string(), name, lib, ptr_safe, result, params });
    }
    out
}

#[test]
fn every_declare_matches_the_header() {
    let header = header_functions();
    assert!(header.contains_key("chitieu_xl_explain_w"), "the header parser found no spreadsheet function: {:?}", header.keys());
    let decls = declares();
    assert!(decls.len() >= 4, "Chitieu.bas has {} Declare statements", decls.len());
    let mut problems = Vec::new();
    let windows = windows_functions();
    for d in &decls {
        let known = match d.lib.as_str() {
            "chitieu.dll" => &header,
            "kernel32" => &windows,
            other => {
                problems.push(format!("{}: Lib \"{other}\", expected \"chitieu.dll\" (or \"kernel32\" for LoadLibraryW)", d.name));
                continue;
            }
        };
        if !d.ptr_safe {
            problems.push(format!("{}: Declare without PtrSafe (64-bit Office needs it)", d.name));
        }
        let Some((result, params)) = known.get(&d.name) else {
            problems.push(format!("{}: not a function of include/chitieu.h", d.name));
            continue;
        };
        if !compatible(&d.result, result) {
            problems.push(format!("{}: result {:?} in VBA, {:?} in C", d.name, d.result, result));
        }
        if d.params.len() != params.len() {
            problems.push(format!("{}: {} parameters in VBA, {} in C", d.name, d.params.len(), params.len()));
            continue;
        }
        for (i, (v, c)) in d.params.iter().zip(params).enumerate() {
            if !compatible(v, c) {
                problems.push(format!("{}: parameter {} is {:?} in VBA, {:?} in C\n    {}", d.name, i + 1, v, c, d.line));
            }
        }
    }
    assert!(problems.is_empty(), "Chitieu.bas does not match include/chitieu.h:\n{}", problems.join("\n"));
}

/// The parsers themselves: a wrong Declare must be caught.
#[test]
fn a_wrong_declare_is_caught() {
    let header = header_functions();
    let (ret, params) = &header["chitieu_xl_margin_w"];
    assert_eq!(*ret, Kind::Int32);
    assert_eq!(params.len(), 5);
    assert!(compatible(&vba_kind(true, "Double"), &params[4]));
    assert!(!compatible(&vba_kind(true, "Long"), &params[4]), "ByRef Long must not pass for double *");
    assert!(!compatible(&vba_kind(false, "Double"), &params[3]), "a Double is not an int32");
    let (_, explain) = &header["chitieu_xl_explain_w"];
    assert_eq!(explain[4], Kind::Int32, "chitieu_lang is a typedef of int32_t");
    assert!(!compatible(&vba_kind(false, "String"), &explain[0]), "an ANSI String is not UTF-16");
    let (_, find) = &header["chitieu_xl_target_find_w"];
    assert!(compatible(&vba_kind(true, "LongPtr"), &find[1]), "ByRef LongPtr receives a handle: {:?}", find[1]);
    assert!(!compatible(&vba_kind(true, "LongPtr"), &params[4]), "ByRef LongPtr must not pass for double *");
}

/// The branches of `#If VBA7 And Win64 Then ... #Else ... #End If` that hold
/// the Declares and the code calling them: (64-bit code, the rest of the
/// module, the other branch).
fn branches(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("#If VBA7 And Win64 Then") {
        let after = &rest[start + "#If VBA7 And Win64 Then".len()..];
        let end = after.find("#End If").expect("#If without #End If");
        let block = &after[..end];
        let (yes, no) = block.split_once("#Else").unwrap_or((block, ""));
        out.push((yes.to_string(), no.to_string()));
        rest = &after[end..];
    }
    out
}

fn defined_functions(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("Private Function ").or_else(|| l.strip_prefix("Public Function "))?;
            Some(rest.split('(').next()?.trim().to_string())
        })
        .collect()
}

#[test]
fn the_module_is_safe_in_real_offices() {
    let text = module_text().replace("\r\n", "\n");
    let branches = branches(&text);
    assert!(!branches.is_empty(), "no #If VBA7 And Win64 branch: 32-bit Office could not even compile the module");
    // Every Declare is in a 64-bit branch.
    let outside: String = {
        let mut t = text.clone();
        for (yes, _) in &branches {
            t = t.replace(yes.as_str(), "");
        }
        t
    };
    let stray: Vec<&str> = outside.lines().filter(|l| l.split('\'').next().unwrap_or("").contains("Declare ")).collect();
    assert!(stray.is_empty(), "Declare statements outside #If VBA7 And Win64: {stray:?}");
    // What the 64-bit branch defines and the rest of the module calls, the
    // other branch defines too (saying "64-bit Office needed").
    let yes_fns: Vec<String> = branches.iter().flat_map(|(y, _)| defined_functions(y)).collect();
    let no_fns: Vec<String> = branches.iter().flat_map(|(_, n)| defined_functions(n)).collect();
    let mut missing = Vec::new();
    for f in &yes_fns {
        let called_outside = outside.lines().any(|l| !l.trim_start().starts_with('\'') && l.contains(&format!("{f}(")) && !l.contains("Function "));
        if called_outside && !no_fns.contains(f) {
            missing.push(f.clone());
        }
    }
    assert!(missing.is_empty(), "called by the module but defined only for 64-bit Office: {missing:?}");
    assert!(text.contains("64-bit Office needed"), "32-bit Office must be told it needs 64-bit Office");
    // Loaded by full path, never by changing the current directory.
    assert!(text.contains("LoadLibraryW(StrPtr("), "chitieu.dll must be loaded with LoadLibraryW by its full path");
    for bad in ["ChDir ", "ChDrive "] {
        assert!(!text.lines().any(|l| l.trim_start().starts_with(bad)), "the module must not use {bad}");
    }
    // Every worksheet function has an error handler.
    let mut public = 0;
    for part in text.split("Public Function ").skip(1) {
        public += 1;
        let body = part.split("End Function").next().unwrap_or("");
        let name = body.split('(').next().unwrap_or("");
        assert!(body.contains("On Error GoTo"), "{name} has no error handler: a failure would show only #VALUE!");
    }
    assert!(public >= 7, "{public} worksheet functions");
}
