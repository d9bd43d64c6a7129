//! CSV observations, wide or long.
//!
//! Read as bytes record by record: a cell that is a plain integer goes
//! straight into its column; unit codes and periods are looked up once per
//! distinct text; a location is only made for an error. A large plain file is
//! read in pieces on every core and the pieces' columns merged.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::DatasetBuilder;
use crate::catalogue::{VarId, VariableKind};
use crate::error::{DataError, Location};
use crate::period::Period;
use crate::units::UnitId;

/// Columns a file may carry beside the variables, for people reading it:
/// the unit's name, and where a converted figure came from (`chitieu convert`).
pub(super) const DESCRIPTIVE: &[&str] = &["unit_name", "source"];

/// The column naming the structure a row's unit code is written in (a label
/// such as "2025-07-01", or a date): without it a code is read in the
/// structure in force during the row's period.
pub(super) const STRUCTURE: &str = "structure";

/// The columns of a long-form file.
pub(super) const LONG: &[&str] = &["unit_code", "period", "variable", "value", "unit_name", "source", "structure"];

/// What a long-form file with another column is told.
pub(super) const LONG_EXPECTED: &str = "long form takes the columns unit_code,period,variable,value (and unit_name, structure, source); put other variables in rows of 'variable', or write the file in wide form";

/// Where the columns of a file are.
struct Layout {
    unit_i: usize,
    period_i: usize,
    /// (variable column, value column) of a long-form file.
    long: Option<(usize, usize)>,
    /// Wide: (column index, variable, kind, label) of each variable column.
    wide: Vec<(usize, VarId, VariableKind, u32)>,
    value_label: u32,
    fields: usize,
    /// The column naming the structure a row's code is written in, if any.
    structure_i: Option<usize>,
    /// The column saying where a converted figure came from, if any.
    source_i: Option<usize>,
}

/// Below this size a file is read on one thread.
const PARALLEL_BYTES: usize = 1 << 20;

pub(super) fn read(text: &str, b: &mut DatasetBuilder) -> Result<(), DataError> {
    let file = b.file().to_string();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = rdr.headers().map_err(|e| DataError::from_csv(&file, e))?.iter().map(|h| h.trim().to_string()).collect();
    let layout = layout(&headers, b)?;
    // A large plain file (no quotes, no carriage returns, no blank lines: one
    // record a line, so line numbers are plain to count) is read in pieces on
    // every core. Should a piece find a problem, or two pieces disagree, the
    // file is read again in one pass so the error named is the first in it.
    let threads = rayon::current_num_threads();
    let bytes = text.as_bytes();
    if threads > 1 && bytes.len() >= PARALLEL_BYTES {
        if let Some(body) = memchr::memchr(b'\n', bytes).and_then(|i| bytes.get(i + 1..)) {
            let plain = memchr::memchr2(b'"', b'\r', bytes).is_none() && memchr::memmem::find(body, b"\n\n").is_none() && !body.starts_with(b"\n");
            if plain && read_in_pieces(body, b, &layout, threads) {
                return Ok(());
            }
        }
    }
    rows(rdr, b, &layout, 0)
}

/// Reads the body in `pieces` pieces at once and merges them into `b`;
/// `false` (and `b` as it was) when a piece or the merge meets a problem.
fn read_in_pieces(body: &[u8], b: &mut DatasetBuilder, layout: &Layout, pieces: usize) -> bool {
    // Piece boundaries just after a newline; each piece's first line number.
    let mut cuts = vec![0usize];
    for k in 1..pieces {
        let at = body.len() * k / pieces;
        let Some(cut) = memchr::memchr(b'\n', body.get(at..).unwrap_or_default()).map(|i| at + i + 1) else { break };
        if cut > *cuts.last().unwrap_or(&0) && cut < body.len() {
            cuts.push(cut);
        }
    }
    cuts.push(body.len());
    let mut first_lines = Vec::with_capacity(cuts.len());
    let mut line = 2; // the header is line 1
    for w in cuts.windows(2) {
        first_lines.push(line);
        if let [a, z] = w {
            line += memchr::memchr_iter(b'\n', body.get(*a..*z).unwrap_or_default()).count();
        }
    }
    // Pieces keep no rows: any problem is looked for again in one pass that does.
    let template = b.fork(false);
    let parts: Vec<Option<DatasetBuilder>> = cuts
        .windows(2)
        .zip(&first_lines)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(w, first)| {
            let [a, z] = w else { return None };
            let piece = body.get(*a..*z)?;
            let mut p = template.fork(false);
            let rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(piece);
            rows(rdr, &mut p, layout, first - 1).ok().map(|_| p)
        })
        .collect();
    let Some(parts) = parts.into_iter().collect::<Option<Vec<_>>>() else { return false };
    let mut merged = b.fork(false);
    for p in parts {
        if merged.merge(p).is_err() {
            return false;
        }
    }
    if merged.part_over_whole().is_some() {
        return false;
    }
    *b = merged;
    true
}

fn layout(headers: &[String], b: &mut DatasetBuilder) -> Result<Layout, DataError> {
    let file = b.file().to_string();
    let at = |row: usize, col: &str| Location::file(&file).at_row(row).at_column(col);
    let find = |name: &str| headers.iter().position(|h| h == name);
    let (Some(unit_i), Some(period_i)) = (find("unit_code"), find("period")) else {
        return Err(DataError::new(Location::file(&file).at_row(1), "the header lacks 'unit_code' or 'period'")
            .value(headers.join(","))
            .expected("unit_code,period,<variable>... (wide) or unit_code,period,variable,value (long)"));
    };
    let long = match (find("variable"), find("value")) {
        (Some(v), Some(x)) => Some((v, x)),
        _ => None,
    };
    let mut wide: Vec<(usize, VarId, VariableKind, u32)> = Vec::new();
    match long {
        Some(_) => {
            if let Some(extra) = headers.iter().find(|h| !LONG.contains(&h.as_str())) {
                return Err(DataError::new(at(1, extra), "a long-form file (with 'variable' and 'value' columns) has another column").value(extra.as_str()).expected(LONG_EXPECTED));
            }
        }
        None => {
            for (i, h) in headers.iter().enumerate() {
                if i == unit_i || i == period_i || h == STRUCTURE || DESCRIPTIVE.contains(&h.as_str()) {
                    continue;
                }
                if headers.get(..i).is_some_and(|before| before.contains(h)) {
                    return Err(DataError::new(at(1, h), "the same column appears twice").value(h.as_str()));
                }
                let (var, kind) = b.variable(h, || at(1, h))?;
                let label = b.label(h);
                wide.push((i, var, kind, label));
            }
        }
    }
    let value_label = b.label("value");
    Ok(Layout { unit_i, period_i, long, wide, value_label, fields: headers.len(), structure_i: find(STRUCTURE), source_i: find("source") })
}

/// Reads records into `b`; `line_offset` is added to the reader's line
/// numbers (a piece of a file). A reader made `flexible` gets its field
/// counts checked here, with the message the strict reader gives.
fn rows<R: std::io::Read>(mut rdr: csv::Reader<R>, b: &mut DatasetBuilder, layout: &Layout, line_offset: usize) -> Result<(), DataError> {
    let file = b.file().to_string();
    let at = |row: usize, col: &str| Location::file(&file).at_row(row).at_column(col);
    let single = b.units.single_structure();
    // Unit code text -> registry code (and, in a single-structure registry, the unit).
    let mut codes: FxHashMap<Vec<u8>, (&str, Option<UnitId>)> = FxHashMap::default();
    let mut periods: FxHashMap<Vec<u8>, (u32, Period)> = FxHashMap::default();
    // Column slot by (period, wide column): looked up once per period.
    let mut slots: Vec<Vec<u32>> = Vec::new();
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(DataError::from_csv(&file, e)),
        }
        let row = rec.position().map(|p| p.line() as usize).unwrap_or(0) + line_offset;
        if rec.len() != layout.fields {
            return Err(DataError::new(Location::file(&file).at_row(row), format!("this row has {} fields, the header has {}", rec.len(), layout.fields)));
        }
        let row32 = u32::try_from(row).unwrap_or(u32::MAX - 1);
        let cell = |i: usize| rec.get(i).unwrap_or_default();
        let text_of = |bytes: &[u8], col: &str| -> Result<String, DataError> {
            std::str::from_utf8(bytes).map(|s| s.trim().to_string()).map_err(|_| DataError::new(at(row, col), "the text is not UTF-8 (save the file as 'CSV UTF-8')"))
        };
        let raw_unit = cell(layout.unit_i);
        let (code, known) = match codes.get(raw_unit) {
            Some(&found) => found,
            None => {
                let t = text_of(raw_unit, "unit_code")?;
                let code = b.unit_code(&t, || at(row, "unit_code"))?;
                let id = match b.units.versions(code) {
                    [one] if single => Some(*one),
                    _ => None,
                };
                codes.insert(raw_unit.to_vec(), (code, id));
                (code, id)
            }
        };
        let raw_period = cell(layout.period_i);
        let (pid, period) = match periods.get(raw_period) {
            Some(&found) => found,
            None => {
                let t = text_of(raw_period, "period")?;
                let period = super::parse_period(&t, || at(row, "period"))?;
                let pid = b.period_id(period);
                periods.insert(raw_period.to_vec(), (pid, period));
                (pid, period)
            }
        };
        let structure = match layout.structure_i.map(|i| text_of(cell(i), STRUCTURE)).transpose()? {
            Some(s) if !s.is_empty() => Some(s),
            _ => None,
        };
        let unit = match (known, &structure) {
            (_, Some(st)) => b.place_in(code, st, || at(row, "unit_code"))?,
            (Some(u), None) => u,
            (None, None) => b.place(code, &period, || at(row, "unit_code"))?,
        };
        match layout.long {
            Some((vi, xi)) => {
                let name = text_of(cell(vi), "variable")?;
                let (var, kind) = b.variable(&name, || at(row, "variable"))?;
                let slot = b.slot(var, pid, layout.value_label);
                let converted = layout.source_i.is_some_and(|i| !cell(i).is_empty()) && cell(xi).contains(&b'/');
                if converted {
                    let t = text_of(cell(xi), "value")?;
                    b.add_fraction(slot, unit, kind, &t, row32, layout.value_label)?;
                } else {
                    b.add_cell(slot, unit, kind, cell(xi), row32, layout.value_label)?;
                }
            }
            None => {
                if slots.get(pid as usize).is_none_or(Vec::is_empty) {
                    let s: Vec<u32> = layout.wide.iter().map(|(_, var, _, label)| b.slot(*var, pid, *label)).collect();
                    if slots.len() <= pid as usize {
                        slots.resize(pid as usize + 1, Vec::new());
                    }
                    if let Some(x) = slots.get_mut(pid as usize) {
                        *x = s;
                    }
                }
                let pslots = slots.get(pid as usize).map(Vec::as_slice).unwrap_or_default();
                for ((i, _, kind, label), slot) in layout.wide.iter().zip(pslots) {
                    let c = cell(*i);
                    if !c.is_empty() {
                        b.add_cell(*slot, unit, *kind, c, row32, *label)?;
                    }
                }
            }
        }
    }
    Ok(())
}
