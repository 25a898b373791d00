//! A Word table being read: its rows with Word's spans and vertical merges, made into a
//! [`Table`] with row spans when it ends.

use crate::import::blocks::{Block, Cell, Table};
use std::collections::HashMap;

/// A table being read: its rows, and for each grid column the cell a vertical merge
/// continues.
#[derive(Default)]
pub(super) struct OpenTable {
    pub(super) rows: Vec<Vec<(Cell, u32, Merge)>>,
    pub(super) cell_text: String,
    pub(super) span: u32,
    pub(super) merge: Merge,
}

#[derive(Clone, Copy, Default, PartialEq)]
pub(super) enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

/// Rows read with Word's spans into cells with row spans: a cell that continues a vertical
/// merge is dropped and counted in the span of the cell that began it, found by grid column.
pub(super) fn merged(rows: Vec<Vec<(Cell, u32, Merge)>>) -> Table {
    let mut out: Vec<Vec<Cell>> = Vec::new();
    // Grid column → (row, index in that row) of the cell a merge began at.
    let mut open: HashMap<u32, (usize, usize)> = HashMap::new();
    for row in rows {
        let mut cells = Vec::new();
        let mut col = 0u32;
        for (cell, span, merge) in row {
            match merge {
                Merge::Continue => {
                    if let Some(&(r, i)) = open.get(&col) {
                        out[r][i].rowspan += 1;
                    }
                }
                Merge::Restart => {
                    open.insert(col, (out.len(), cells.len()));
                    cells.push(cell);
                }
                Merge::None => {
                    open.remove(&col);
                    cells.push(cell);
                }
            }
            col += span;
        }
        out.push(cells);
    }
    Table { rows: out }
}

/// A table cell ends: its text becomes the open row's next cell.
pub(super) fn end_cell(tables: &mut [OpenTable]) {
    if let Some(t) = tables.last_mut() {
        let cell = Cell {
            text: std::mem::take(&mut t.cell_text),
            colspan: t.span,
            rowspan: 1,
        };
        let (span, merge) = (t.span, t.merge);
        if let Some(row) = t.rows.last_mut() {
            row.push((cell, span, merge));
        }
    }
}

/// A table ends: it becomes a block, or, inside a cell, its text joins the cell's.
pub(super) fn end_table(tables: &mut Vec<OpenTable>, out: &mut Vec<Block>) {
    if let Some(t) = tables.pop() {
        let table = merged(t.rows);
        match tables.last_mut() {
            // A table inside a cell: its text joins the cell's.
            Some(outer) => {
                for row in &table.rows {
                    let line: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
                    outer.cell_text.push_str(&line.join(" "));
                    outer.cell_text.push('\n');
                }
            }
            None => out.push(Block::Table(table)),
        }
    }
}
