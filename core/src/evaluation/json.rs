//! A small writer of pretty JSON, byte for byte what serde_json's pretty
//! printer makes of the same tree (two spaces, `"key": value`, `[]` and `{}`
//! when empty, the same string escapes), for the outcome objects a national
//! run writes by the hundred thousand: keys are written in the contract's
//! order by the caller, strings are escaped in one pass.

/// The escape serde_json writes for a byte, if any.
fn escape(b: u8) -> Option<&'static [u8]> {
    Some(match b {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        0x08 => b"\\b",
        0x0c => b"\\f",
        b'\n' => b"\\n",
        b'\r' => b"\\r",
        b'\t' => b"\\t",
        _ => return None,
    })
}

/// `s` as a JSON string.
pub(crate) fn string(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    let bytes = s.as_bytes();
    // Most text needs no escape: found without branching per byte (the loop vectorises).
    let special = bytes.iter().fold(false, |any, &b| any | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if !special {
        buf.extend_from_slice(bytes);
        buf.push(b'"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        buf.extend_from_slice(bytes.get(start..i).unwrap_or_default());
        match escape(b) {
            Some(e) => buf.extend_from_slice(e),
            None => buf.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex(b >> 4), hex(b & 0xf)]),
        }
        start = i + 1;
    }
    buf.extend_from_slice(bytes.get(start..).unwrap_or_default());
    buf.push(b'"');
}

/// A lowercase hexadecimal digit (n < 16).
fn hex(n: u8) -> u8 {
    if n < 10 {
        b'0' + n
    } else {
        b'a' + n - 10
    }
}

fn indent(buf: &mut Vec<u8>, depth: usize) {
    const SPACES: &[u8; 32] = b"                                ";
    match SPACES.get(..depth * 2) {
        Some(s) => buf.extend_from_slice(s),
        None => buf.extend(std::iter::repeat_n(b' ', depth * 2)),
    }
}

/// An object being written at `depth` (its closing brace's indentation).
pub(crate) struct Obj<'b> {
    buf: &'b mut Vec<u8>,
    depth: usize,
    any: bool,
}

impl<'b> Obj<'b> {
    pub fn open(buf: &'b mut Vec<u8>, depth: usize) -> Obj<'b> {
        buf.push(b'{');
        Obj { buf, depth, any: false }
    }
    fn key(&mut self, k: &str) {
        self.buf.extend_from_slice(if self.any { b",\n" } else { b"\n" });
        self.any = true;
        indent(self.buf, self.depth + 1);
        // Keys are the contract's own words: nothing to escape.
        self.buf.push(b'"');
        self.buf.extend_from_slice(k.as_bytes());
        self.buf.extend_from_slice(b"\": ");
    }
    pub fn str(&mut self, k: &str, v: &str) {
        self.key(k);
        string(self.buf, v);
    }
    /// A string, or null.
    pub fn opt(&mut self, k: &str, v: Option<&str>) {
        match v {
            Some(v) => self.str(k, v),
            None => self.null(k),
        }
    }
    pub fn null(&mut self, k: &str) {
        self.key(k);
        self.buf.extend_from_slice(b"null");
    }
    pub fn bool(&mut self, k: &str, v: bool) {
        self.key(k);
        self.buf.extend_from_slice(if v { b"true" } else { b"false" });
    }
    /// A nested object, written through the returned writer (then closed).
    pub fn obj(&mut self, k: &str) -> Obj<'_> {
        self.key(k);
        Obj::open(self.buf, self.depth + 1)
    }
    /// A nested array.
    pub fn arr(&mut self, k: &str) -> Arr<'_> {
        self.key(k);
        self.buf.push(b'[');
        Arr { buf: self.buf, depth: self.depth + 1, any: false }
    }
    /// An array of strings.
    pub fn strs(&mut self, k: &str, items: &[String]) {
        let mut a = self.arr(k);
        for s in items {
            a.next();
            string(a.buf, s);
        }
        a.close();
    }
    pub fn close(self) {
        if self.any {
            self.buf.push(b'\n');
            indent(self.buf, self.depth);
        }
        self.buf.push(b'}');
    }
}

/// An array being written at `depth`.
pub(crate) struct Arr<'b> {
    buf: &'b mut Vec<u8>,
    depth: usize,
    any: bool,
}

impl Arr<'_> {
    fn next(&mut self) {
        self.buf.extend_from_slice(if self.any { b",\n" } else { b"\n" });
        self.any = true;
        indent(self.buf, self.depth + 1);
    }
    /// The next element, an object.
    pub fn obj(&mut self) -> Obj<'_> {
        self.next();
        Obj::open(self.buf, self.depth + 1)
    }
    pub fn close(self) {
        if self.any {
            self.buf.push(b'\n');
            indent(self.buf, self.depth);
        }
        self.buf.push(b']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Strings come out as serde_json writes them, whatever they hold.
        #[test]
        fn strings_are_escaped_as_serde_json_does(s in "(?s).{0,40}", ctl in proptest::collection::vec(0u8..0x20, 0..4)) {
            let mut s = s;
            for c in ctl {
                s.push(char::from(c));
                s.push_str("x\"\\/\u{7f}é");
            }
            let mut buf = Vec::new();
            string(&mut buf, &s);
            proptest::prop_assert_eq!(String::from_utf8(buf).unwrap(), serde_json::to_string(&s).unwrap());
        }
    }

    #[test]
    fn nesting_is_laid_out_as_serde_json_pretty() {
        let mut buf = Vec::new();
        let mut o = Obj::open(&mut buf, 0);
        o.str("a", "x");
        o.null("b");
        {
            let mut c = o.obj("c");
            c.bool("d", true);
            c.strs("e", &["f".to_string(), "g".to_string()]);
            c.strs("h", &[]);
            c.close();
        }
        o.obj("i").close();
        {
            let mut a = o.arr("j");
            let mut x = a.obj();
            x.str("k", "l");
            x.close();
            a.close();
        }
        o.close();
        let value = serde_json::json!({"a": "x", "b": null, "c": {"d": true, "e": ["f", "g"], "h": []}, "i": {}, "j": [{"k": "l"}]});
        assert_eq!(String::from_utf8(buf).unwrap(), serde_json::to_string_pretty(&value).unwrap());
    }
}
