//! The indicator table of a 项目绩效目标表: the header row names the columns, each row below
//! maps its cells to them — by grid column when the rows are known, by position in text copied
//! out of Word — and an empty 一级 or 二级 cell repeats the one above, as a merged cell does.

use crate::exchange::form::Reader;
use crate::exchange::form_labels::{Column, Label, column_of, label_of, parse_number};
use crate::exchange::import::{Problem, clean, squeeze};
use crate::model::project::{Direction, Indicator};

impl Reader<'_> {
    /// The indicator rows under the header at `start`.
    pub(super) fn indicators(&mut self, start: usize) -> Vec<Indicator> {
        let header_row = self.cells.get(start).map_or(0, |(r, _)| *r);
        let mut columns: Vec<(Column, usize)> = Vec::new();
        let mut i = start;
        while let Some((r, cell)) = self.cells.get(i) {
            if self.rows_known && *r != header_row {
                break;
            }
            match column_of(&cell.text) {
                Some(column) => columns.push((column, cell.col)),
                None if self.rows_known => {}
                None => break,
            }
            let is_header = column_of(&cell.text).is_some();
            if is_header {
                self.mark(i);
            }
            i += 1;
        }
        let rows = self.data_rows(i, columns.len(), header_row);
        let mut out = Vec::new();
        let (mut level1, mut level2) = (String::new(), String::new());
        for row in rows {
            let mut fields: Vec<(Column, usize)> = Vec::new();
            for (pos, &k) in row.iter().enumerate() {
                let column = if self.rows_known {
                    let col = self.cells.get(k).map_or(0, |(_, c)| c.col);
                    columns
                        .iter()
                        .rev()
                        .find(|(_, start)| *start <= col)
                        .map(|(c, _)| *c)
                } else {
                    columns.get(pos).map(|(c, _)| *c)
                };
                if let Some(column) = column {
                    fields.push((column, k));
                }
            }
            let get = |column: Column, reader: &Self| -> String {
                fields
                    .iter()
                    .filter(|(c, _)| *c == column)
                    .map(|(_, k)| clean(reader.text(*k)))
                    .find(|t| !t.is_empty())
                    .unwrap_or_default()
            };
            if fields.iter().all(|(_, k)| self.text(*k).trim().is_empty()) {
                for (_, k) in &fields {
                    self.mark(*k);
                }
                continue;
            }
            if fields
                .iter()
                .any(|(_, k)| label_of(self.text(*k)) == Some(Label::End))
            {
                break;
            }
            let (name, target) = (get(Column::Name, self), get(Column::Target, self));
            let l1 = squeeze(&get(Column::Level1, self));
            let l2 = squeeze(&get(Column::Level2, self));
            if !l1.is_empty() {
                if l1 != level1 && l2.is_empty() {
                    level2.clear();
                }
                level1 = l1;
            }
            if !l2.is_empty() {
                level2 = l2;
            }
            if name.is_empty() && target.is_empty() {
                // A row of level labels alone (some forms give each 一级 a row of its own).
                for (c, k) in &fields {
                    if matches!(c, Column::Level1 | Column::Level2) {
                        self.mark(*k);
                    }
                }
                continue;
            }
            for (_, k) in &fields {
                self.mark(*k);
            }
            let mut indicator = Indicator::new(&level1, &level2, &name, &target);
            let optional = |t: String| (!t.is_empty()).then_some(t);
            indicator.description = optional(get(Column::Description, self));
            indicator.basis = optional(get(Column::Basis, self));
            indicator.basis_note = optional(get(Column::BasisNote, self));
            indicator.baseline = optional(get(Column::Baseline, self));
            indicator.direction = Direction::from_label(&get(Column::Direction, self));
            indicator.weight = parse_number(&get(Column::Weight, self));
            if let Some(unit) = optional(get(Column::Unit, self)) {
                indicator.set_unit(&unit);
            }
            let first = fields.first().map(|(_, k)| *k).unwrap_or(start);
            if level1.is_empty() || level2.is_empty() {
                let place = self.cells.get(first).map(|(_, c)| c.place.clone());
                if let Some(place) = place {
                    self.problems.push(Problem {
                        place,
                        message: format!("指标“{name}”没有一级或二级指标"),
                    });
                }
            }
            out.push(indicator);
        }
        out
    }

    /// The cells of each data row after the header (indices into the cells).
    fn data_rows(&self, from: usize, width: usize, header_row: usize) -> Vec<Vec<usize>> {
        let rest = from..self.cells.len();
        if self.rows_known {
            let mut rows: Vec<Vec<usize>> = Vec::new();
            let mut current = None;
            for k in rest {
                let row = self.cells.get(k).map_or(0, |(r, _)| *r);
                if row == header_row {
                    continue;
                }
                if current != Some(row) {
                    rows.push(Vec::new());
                    current = Some(row);
                }
                if let Some(last) = rows.last_mut() {
                    last.push(k);
                }
            }
            rows
        } else {
            rest.collect::<Vec<_>>()
                .chunks(width.max(1))
                .map(<[usize]>::to_vec)
                .collect()
        }
    }
}
