//! Every `Declare` of examples/excel/Chitieu.bas must name a function of
//! include/chitieu.h with the same number and kinds of parameters and the
//! same kind of result: a wrong Declare corrupts the stack of Excel rather
//! than failing to compile, so this test is the only guard.
//!
//! Kinds: VBA `ByVal Long` <-> int32_t (or a typedef of it), `ByVal Double`
//! <-> double, `ByVal LongPtr` <-> any pointer, `ByVal String` <-> char
//! pointer (ANSI), `ByRef Long` <-> int32_t *, `ByRef Double` <-> double *.

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
        (Kind::Ptr(Some(a)), Kind::Ptr(Some(b))) => a == b,
        (a, b) => a == b,
    }
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
        (r, t) => Kind::Other(format!("{} {t}", if r { "ByRef" } else { "ByVal" })),
    }
}

fn declares() -> Vec<Declare> {
    let text = std::fs::read_to_string(root().join("examples/excel/Chitieu.bas")).expect("examples/excel/Chitieu.bas");
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
    for d in &decls {
        if d.lib != "chitieu.dll" {
            problems.push(format!("{}: Lib \"{}\", expected \"chitieu.dll\"", d.name, d.lib));
            continue;
        }
        if !d.ptr_safe {
            problems.push(format!("{}: Declare without PtrSafe (64-bit Office needs it)", d.name));
        }
        let Some((result, params)) = header.get(&d.name) else {
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
}
