//! A sheet's cells as the file holds them: only the cells present, sorted
//! by row then column, so that memory follows the cells a sheet has, not the
//! rectangle they span.
//!
//! calamine's `Range` is dense: a sheet with one cell in A1 and one in
//! XFD1048576 would be laid out as 17 billion cells. chitieu reads .xlsx and
//! .xlsb cell by cell into a [`Grid`] (within [`super::extent`]'s bound on the
//! cells present) and turns the (already bounded) ranges of .xls and .ods
//! into one too, so every workbook is read the same way. Rows are handed out
//! one by one by [`super::sheet::SheetRows`]; a row no cell is in is read
//! as blank, as the dense range read it.

use calamine::{Data, Range};

/// The cells present in a sheet, absolute positions (0-based).
#[derive(Default)]
pub(super) struct Grid {
    /// `(row, column, value)`, sorted by row then column; of two cells at one
    /// place the later in the file wins, as it did in calamine's range.
    cells: Vec<(u32, u32, Data)>,
    /// The first row and column that hold a cell, and the last column.
    first: (u32, u32),
    last_column: u32,
}

impl Grid {
    /// The cells in the file's order (sorted here): `Empty` cells are left out.
    pub fn new(mut cells: Vec<(u32, u32, Data)>) -> Grid {
        cells.retain(|c| c.2 != Data::Empty);
        // A file lists its cells in order, each once: then nothing is moved.
        if !cells.is_sorted_by(|a, b| (a.0, a.1) < (b.0, b.1)) {
            // Stable: cells at one place keep their order; of those the last is kept.
            cells.sort_by_key(|c| (c.0, c.1));
            cells.reverse();
            cells.dedup_by_key(|c| (c.0, c.1));
            cells.reverse();
        }
        let first_row = cells.first().map_or(0, |c| c.0);
        let first_column = cells.iter().map(|c| c.1).min().unwrap_or(0);
        let last_column = cells.iter().map(|c| c.1).max().unwrap_or(0);
        Grid { cells, first: (first_row, first_column), last_column }
    }

    /// The cells of a range calamine built.
    pub fn from_range(range: &Range<Data>) -> Grid {
        let (row0, column0) = range.start().unwrap_or((0, 0));
        // A range is at most u32::MAX wide: its relative positions fit back in u32.
        let cells = range.used_cells().map(|(r, c, d)| (row0.saturating_add(r as u32), column0.saturating_add(c as u32), d.clone())).collect();
        Grid::new(cells)
    }

    /// The column of a cell, counted from the first column.
    pub fn column(&self, cell: &(u32, u32, Data)) -> usize {
        (cell.1 - self.first.1) as usize
    }

    /// The first row and column holding a cell (0-based), `(0, 0)` when empty.
    pub fn start(&self) -> (u32, u32) {
        self.first
    }

    /// How many rows, from the first holding a cell to the last.
    pub fn height(&self) -> usize {
        self.cells.last().map_or(0, |c| (c.0 - self.first.0) as usize + 1)
    }

    /// How many columns, from the first holding a cell to the last.
    pub fn width(&self) -> usize {
        if self.cells.is_empty() {
            0
        } else {
            (self.last_column - self.first.1) as usize + 1
        }
    }

    /// From index `from` of the cells: those of row `row` (relative to the
    /// first row), and the index just past them.
    pub fn row_from(&self, from: usize, row: usize) -> (&[(u32, u32, Data)], usize) {
        let absolute = u64::from(self.first.0) + row as u64;
        let rest = self.cells.get(from..).unwrap_or_default();
        let skip = rest.iter().take_while(|c| u64::from(c.0) < absolute).count();
        let rest = rest.get(skip..).unwrap_or_default();
        let n = rest.iter().take_while(|c| u64::from(c.0) == absolute).count();
        (rest.get(..n).unwrap_or_default(), from + skip + n)
    }

    /// The cells of row `row` (relative to the first row).
    pub fn row(&self, row: usize) -> &[(u32, u32, Data)] {
        let absolute = u64::from(self.first.0) + row as u64;
        let start = self.cells.partition_point(|c| u64::from(c.0) < absolute);
        self.row_from(start, row).0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn far_apart_cells_take_the_room_of_two() {
        let g = Grid::new(vec![(1_048_575, 16_383, Data::Int(2)), (0, 0, Data::Int(1)), (5, 3, Data::Empty)]);
        assert_eq!((g.start(), g.height(), g.width()), ((0, 0), 1_048_576, 16_384));
        assert_eq!(g.row(0).len(), 1);
        assert!(g.row(7).is_empty());
        assert_eq!(g.row(1_048_575).first().map(|c| &c.2), Some(&Data::Int(2)));
    }

    #[test]
    fn the_later_of_two_cells_at_one_place_wins() {
        let g = Grid::new(vec![(2, 1, Data::Int(1)), (2, 1, Data::Int(9)), (2, 2, Data::Int(3))]);
        assert_eq!((g.start(), g.height(), g.width()), ((2, 1), 1, 2));
        let row: Vec<_> = g.row(0).iter().map(|c| (c.1, &c.2)).collect();
        assert_eq!(row, vec![(1, &Data::Int(9)), (2, &Data::Int(3))]);
    }
}
