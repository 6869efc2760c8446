//! Terminal tables with comfy-table: display-width aware (CJK characters take two cells),
//! amounts right-aligned.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use crate::report::grid::Grid;
use crate::text::visible;

/// Writes a grid as an aligned table with its caption and notes.
pub fn render(out: &mut dyn Write, grid: &Grid) -> io::Result<()> {
    writeln!(out, "{}", render_to_string(grid))
}

/// The table as a string (caption, table, notes).
pub fn render_to_string(grid: &Grid) -> String {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(shown(&grid.header));
    for row in grid.rows.iter().chain(std::iter::once(&grid.total)) {
        table.add_row(shown(row));
    }
    for (i, &right) in grid.right.iter().enumerate() {
        if let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(if right {
                CellAlignment::Right
            } else {
                CellAlignment::Left
            });
        }
    }
    let mut text = format!("{}\n{table}", grid.title);
    for note in &grid.notes {
        text.push('\n');
        text.push_str(note);
    }
    text
}

/// Cells with control characters escaped before comfy-table measures them, so the columns
/// stay aligned (`crate::text::visible`).
pub fn shown(cells: &[String]) -> Vec<String> {
    cells.iter().map(|c| visible(c).into_owned()).collect()
}
