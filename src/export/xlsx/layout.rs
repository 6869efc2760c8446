//! How the exported workbook prints: page setup, the font, and row heights for wrapped text.
//! Excel does not grow a row for wrapped text in merged cells, and the written file carries
//! no heights unless we set them, so each row is given the height its longest cell needs.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// The font of every cell: 宋体, the font of the printed forms. charset 134 (GB2312) tells
/// Excel and WPS the name is a Chinese font; where 宋体 is missing (LibreOffice on Linux) the
/// application's own substitution picks a CJK serif (Noto Serif CJK, Source Han Serif).
pub(super) fn font(format: Format) -> Format {
    format
        .set_font_name("宋体")
        .set_font_charset(134)
        .set_font_size(11)
}

/// A4 landscape, one page wide (as many pages tall as needed), centred, with page numbers;
/// `department` puts 填报单位（盖章） and a 填报日期 to fill in by hand into the page header.
pub(super) fn print_setup(ws: &mut Worksheet, department: Option<&str>) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.9, 0.7, 0.4, 0.3);
    if let Some(department) = department {
        // `&` starts a header code; a department named with one writes it doubled.
        let unit = department.replace('&', "&&");
        ws.set_header(format!(
            "&L&\"宋体\"&11填报单位（盖章）：{unit}&R&\"宋体\"&11填报日期：　　年　　月　　日"
        ));
    }
    ws.set_footer("&C&\"宋体\"&10第 &P 页，共 &N 页");
    Ok(())
}

/// Points per line of 11-point 宋体, with the cell's padding.
const LINE: f64 = 14.5;

/// The lines each row needs, collected while cells are written, then set at once.
pub(super) struct Heights {
    widths: Vec<f64>,
    lines: std::collections::BTreeMap<u32, u32>,
}

impl Heights {
    /// For a sheet whose columns have these widths (Excel character units).
    pub(super) fn new(widths: &[f64]) -> Self {
        Self {
            widths: widths.to_vec(),
            lines: std::collections::BTreeMap::new(),
        }
    }

    /// `text` written in row `row` across columns `first..=last`.
    pub(super) fn cell(&mut self, row: u32, first: u16, last: u16, text: &str) {
        self.block(row, 1, first, last, text);
    }

    /// `text` written in a cell merged over `rows` rows from `row`, columns `first..=last`:
    /// the lines it needs are shared among those rows.
    pub(super) fn block(&mut self, row: u32, rows: u32, first: u16, last: u16, text: &str) {
        let width: f64 = (first..=last)
            .filter_map(|c| self.widths.get(usize::from(c)))
            .sum();
        let needed = lines_for(text, width);
        let rows = rows.max(1);
        let each = needed.div_ceil(rows);
        for r in row..row + rows {
            let entry = self.lines.entry(r).or_insert(1);
            *entry = (*entry).max(each);
        }
    }

    /// Sets the height of every row that needs more than one line.
    pub(super) fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (&row, &lines) in &self.lines {
            if lines > 1 {
                ws.set_row_height(row, f64::from(lines) * LINE + 2.0)?;
            }
        }
        Ok(())
    }
}

/// Lines `text` takes in a column `width` units wide: each paragraph wrapped on its own, a
/// Chinese character counting two units (as in Excel's measure of a column).
fn lines_for(text: &str, width: f64) -> u32 {
    // A little under the full width: Excel wraps before a character that would touch the
    // border, and the cell has padding.
    let usable = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|paragraph| {
            let units = paragraph.width() as f64;
            ((units / usable).ceil() as u32).max(1)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_counts_two_units_a_character() {
        // 30 characters = 60 units in a 31-unit column: two lines.
        let text = "一".repeat(30);
        assert_eq!(lines_for(&text, 31.0), 2);
        assert_eq!(lines_for("short", 31.0), 1);
        assert_eq!(lines_for("", 31.0), 1);
        assert_eq!(lines_for("a\nb\nc", 31.0), 3);
    }

    #[test]
    fn a_merged_block_shares_its_lines_among_its_rows() {
        let mut h = Heights::new(&[10.0, 10.0]);
        // 60 units over 9 usable: 7 lines, over 3 rows: 3 each.
        h.block(4, 3, 0, 0, &"一".repeat(30));
        assert_eq!(h.lines.get(&4), Some(&3));
        assert_eq!(h.lines.get(&6), Some(&3));
        h.cell(5, 0, 1, "x");
        assert_eq!(h.lines.get(&5), Some(&3), "a taller need is kept");
    }
}
