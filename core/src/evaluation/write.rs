//! Writing outcomes as they come: the public JSON document (pretty, byte for
//! byte what `serde_json::to_string_pretty` makes of the whole tree, with a
//! final newline) and CSV, from chunks of outcomes, so a national run never
//! holds its output in memory. Chunks can be formatted on several threads
//! (`json_chunk`, `csv_rows`) and written in order.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use super::outcome::{Header, Outcome, CSV_COLUMNS};
use super::without_figures::UnitWithoutFigures;
use crate::Lang;

/// serde_json's pretty formatter (two spaces), starting `depth` levels in.
pub(crate) struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    pub fn at(depth: usize) -> Pretty {
        Pretty { depth, has_value: false }
    }
}

fn indent<W: ?Sized + Write>(w: &mut W, n: usize) -> io::Result<()> {
    for _ in 0..n {
        w.write_all(b"  ")?;
    }
    Ok(())
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.depth)?;
        }
        w.write_all(b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.depth)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            indent(w, self.depth)?;
        }
        w.write_all(b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        indent(w, self.depth)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `value` as pretty JSON starting `depth` levels in.
pub(crate) fn pretty<W: Write, T: Serialize + ?Sized>(w: &mut W, depth: usize, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, Pretty::at(depth));
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// The outcomes of a chunk as elements of the document's "outcomes" array,
/// separated from each other (the writer puts the separator before a chunk).
pub fn json_chunk(outcomes: &[Outcome], lang: Lang, out: &mut Vec<u8>) -> io::Result<()> {
    for (i, o) in outcomes.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n    ");
        }
        o.write_json(lang, out, 2);
    }
    Ok(())
}

/// Writes the document from its header and chunks of outcomes (already
/// formatted by `json_chunk`, or formatted here).
pub struct JsonWriter<'h, W: Write> {
    w: W,
    header: &'h Header<'h>,
    lang: Lang,
    any: bool,
}

impl<'h, W: Write> JsonWriter<'h, W> {
    pub fn begin(mut w: W, header: &'h Header<'h>, lang: Lang) -> io::Result<JsonWriter<'h, W>> {
        w.write_all(b"{\n  \"chitieu_version\": ")?;
        pretty(&mut w, 1, header.chitieu_version)?;
        w.write_all(b",\n  \"dataset\": ")?;
        pretty(&mut w, 1, &serde_json::json!({"name": header.dataset, "synthetic": header.synthetic}))?;
        w.write_all(b",\n  \"outcomes\": [")?;
        Ok(JsonWriter { w, header, lang, any: false })
    }
    /// Appends a chunk made by `json_chunk` (nothing for an empty chunk).
    pub fn formatted(&mut self, chunk: &[u8]) -> io::Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        self.w.write_all(if self.any { b",\n    " } else { b"\n    " })?;
        self.any = true;
        self.w.write_all(chunk)
    }
    pub fn outcomes(&mut self, outcomes: &[Outcome]) -> io::Result<()> {
        let mut buf = Vec::new();
        json_chunk(outcomes, self.lang, &mut buf)?;
        self.formatted(&buf)
    }
    /// Ends the document with the units without figures the run found (what
    /// `Evaluator::run_with` returns).
    pub fn finish(mut self, without_figures: &[UnitWithoutFigures]) -> io::Result<W> {
        self.w.write_all(if self.any { b"\n  ],\n  \"period\": " } else { b"],\n  \"period\": " })?;
        pretty(&mut self.w, 1, &self.header.period.to_string())?;
        self.w.write_all(b",\n  \"units_without_figures\": ")?;
        pretty(&mut self.w, 1, &WithoutFiguresList { items: without_figures, lang: self.lang })?;
        self.w.write_all(b",\n  \"warnings\": ")?;
        let warnings: Vec<serde_json::Value> = self.header.warnings.iter().map(|w| w.to_json(self.lang)).collect();
        pretty(&mut self.w, 1, &warnings)?;
        self.w.write_all(b"\n}\n")?;
        Ok(self.w)
    }
}

/// The list `units_without_figures` of the document.
struct WithoutFiguresList<'a> {
    items: &'a [UnitWithoutFigures],
    lang: Lang,
}

impl Serialize for WithoutFiguresList<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.items.iter().map(|w| w.json(self.lang)))
    }
}

/// The whole document from chunks of outcomes.
pub(crate) fn json<'a, W: Write>(header: &Header, lang: Lang, chunks: impl Iterator<Item = &'a [Outcome]>, without_figures: &[UnitWithoutFigures], w: W) -> io::Result<W> {
    let mut jw = JsonWriter::begin(w, header, lang)?;
    for c in chunks {
        jw.outcomes(c)?;
    }
    jw.finish(without_figures)
}

/// One CSV record as the csv crate writes it by default: a field is quoted
/// when it holds a comma, a quote, a carriage return or a newline (quotes
/// doubled inside); records end with a newline.
pub(crate) fn csv_record(fields: &[&str], buf: &mut Vec<u8>) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        let bytes = f.as_bytes();
        if memchr::memchr3(b',', b'"', b'\n', bytes).is_some() || memchr::memchr(b'\r', bytes).is_some() {
            buf.push(b'"');
            for part in f.split('"').enumerate() {
                if part.0 > 0 {
                    buf.extend_from_slice(b"\"\"");
                }
                buf.extend_from_slice(part.1.as_bytes());
            }
            buf.push(b'"');
        } else {
            buf.extend_from_slice(f.as_bytes());
        }
    }
    buf.push(b'\n');
}

pub fn csv_header<W: Write>(w: &mut W) -> io::Result<()> {
    let mut buf = Vec::new();
    csv_record(CSV_COLUMNS, &mut buf);
    w.write_all(&buf)
}

/// The CSV rows of some outcomes (the same bytes in chunks as all at once).
pub fn csv_rows<W: Write>(outcomes: &[Outcome], lang: Lang, w: &mut W) -> io::Result<()> {
    let mut buf = Vec::with_capacity(outcomes.len() * 512);
    for o in outcomes {
        o.write_csv(lang, &mut buf);
    }
    w.write_all(&buf)
}

/// The CSV rows of the units without figures: after the outcomes, a `no_data`
/// row per unit and document with the target's columns empty.
pub fn csv_without_figures<W: Write>(items: &[UnitWithoutFigures], lang: Lang, w: &mut W) -> io::Result<()> {
    let mut buf = Vec::new();
    for x in items {
        let row = x.csv_row(lang);
        csv_record(&row.iter().map(String::as_str).collect::<Vec<_>>(), &mut buf);
    }
    w.write_all(&buf)
}

/// The whole JSON document of a run, outcomes formatted on every core and
/// written in order as they come.
pub fn json_document<W: Write>(ev: &super::Evaluator, lang: Lang, w: W) -> io::Result<W> {
    let header = ev.header();
    let mut jw = JsonWriter::begin(w, &header, lang)?;
    let without = ev.run_with(
        |outcomes| {
            let mut buf = Vec::with_capacity(outcomes.len() * 2304); // about 2.2 kB an outcome: room enough never to grow
            json_chunk(&outcomes, lang, &mut buf).map(|_| buf)
        },
        |buf| jw.formatted(&buf),
    )?;
    jw.finish(&without)
}

/// The whole CSV of a run, rows formatted on every core and written in order.
pub fn csv_document<W: Write>(ev: &super::Evaluator, lang: Lang, mut w: W) -> io::Result<W> {
    csv_header(&mut w)?;
    let without = ev.run_with(
        |outcomes| {
            let mut buf = Vec::with_capacity(outcomes.len() * 512);
            csv_rows(&outcomes, lang, &mut buf).map(|_| buf)
        },
        |buf| w.write_all(&buf),
    )?;
    csv_without_figures(&without, lang, &mut w)?;
    Ok(w)
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// Records come out as the csv crate writes them, whatever the fields hold.
        #[test]
        fn csv_records_are_written_as_the_csv_crate_does(fields in proptest::collection::vec("(?s)[a-z,\"\r\n é]{0,8}", 2..6)) {
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            let mut mine = Vec::new();
            super::csv_record(&refs, &mut mine);
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&refs).unwrap();
            proptest::prop_assert_eq!(mine, w.into_inner().unwrap());
        }
    }
}
