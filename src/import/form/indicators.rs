//! The indicator table of a 项目绩效目标表: the header row names the columns, each row below
//! maps its cells to them — by grid column when the rows are known, by position in text copied
//! out of Word — and an empty 一级 or 二级 cell repeats the one above, as a merged cell does.

use crate::import::form::Reader;
use crate::import::labels::{Column, Label, column_of, label_of, parse_number, simplified};
use crate::import::{Place, Problem, clean, short, squeeze};
use crate::model::framework::{Level1, Level2};
use crate::model::project::{Direction, Indicator};
use crate::model::target::Target;

impl Reader<'_> {
    /// The indicator rows under the header at `start`, and the cell of the form's 总分 (the
    /// 得分 of its 总分/合计 row), if any.
    pub(super) fn indicators(&mut self, start: usize) -> (Vec<Indicator>, Option<usize>) {
        let header_row = self.cells.get(start).map_or(0, |(r, _)| *r);
        let mut columns: Vec<(Column, usize)> = Vec::new();
        let mut i = start;
        while let Some((r, cell)) = self.cells.get(i) {
            if self.rows_known && *r != header_row {
                break;
            }
            match column_of(&cell.text) {
                Some(column) => columns.push((column, cell.col)),
                // A row that goes on after its header words with the first indicator (a web
                // copy that lost the row break): the rest of the row is data.
                None if self.rows_known
                    && columns.len() >= 3
                    && !cell.text.trim().is_empty()
                    && self.is_text_line(i) =>
                {
                    break;
                }
                None if self.rows_known => {}
                None => break,
            }
            let is_header = column_of(&cell.text).is_some();
            if is_header {
                self.mark(i);
            }
            i += 1;
        }
        self.upper_header(start, &mut columns);
        // The same column twice (二级 三级 指标值 under 中期 and again under 年度): the year's
        // are the last ones; the earlier ones are the period's and are not imported.
        for k in 0..columns.len() {
            let later = columns.get(k + 1..).is_some_and(|rest| {
                rest.iter()
                    .any(|(c, _)| Some(c) == columns.get(k).map(|(c, _)| c))
            });
            let repeatable = columns
                .get(k)
                .is_some_and(|(c, _)| matches!(c, Column::Level2 | Column::Name | Column::Target));
            if later
                && repeatable
                && let Some(col) = columns.get_mut(k)
            {
                col.0 = Column::LongTerm;
            }
        }
        // The leading 一级/二级 columns: in a copy whose rows are lost and whose merged cells
        // are absent (one cell per line off a web page), a row opens with only the levels it
        // starts.
        let leading = columns
            .iter()
            .take_while(|(c, _)| matches!(c, Column::Level1 | Column::Level2))
            .count();
        let rows = self.data_rows(i, columns.len(), leading, header_row);
        let mut out = Vec::new();
        let mut total = None;
        let mut templates: Vec<usize> = Vec::new();
        let (mut level1, mut level2) = (String::new(), String::new());
        for (row, lead_skip) in rows {
            if row
                .iter()
                .any(|&k| matches!(label_of(self.text(k)), Some(Label::Footer | Label::End)))
            {
                // The form's footer (审核意见, 填表人) or a page's own: the table ends here.
                break;
            }
            if let Some(at) = row
                .iter()
                .position(|&k| matches!(squeeze(self.text(k)).as_str(), "总分" | "合计"))
            {
                // The 总分 / 合计 row ends the table: its cells are the points (100) and the
                // form's own total 得分, then its grade (`优`).
                total = self.total_row(&row, at);
                break;
            }
            // Text copied from a web page loses merged cells: a row shorter than the header
            // fills its last columns (the merged 一级/二级 cells are the leading ones) — or,
            // when that does not fit, starts at the column its leading categories say (the
            // merged cells it lost are 一级/二级 ones before, and empty ones at its end).
            let positional = self.rows_known && row.iter().all(|&k| self.is_text_line(k));
            if positional && row.len() > columns.len() {
                self.misfit(&row, columns.len(), "单元格比表头的列多");
                continue;
            }
            let skip = if positional {
                columns.len().saturating_sub(row.len())
            } else {
                lead_skip
            };
            if !self.rows_known && row.len() + skip < columns.len() {
                // The cells ran out before the row's last column (a note under the table):
                // never placed by guess.
                self.misfit(&row, columns.len(), "单元格比表头的列少");
                continue;
            }
            let mut fields = self.assign(&row, &columns, skip, positional);
            // A 自评表's rows also lose their empty cells at the end (得分, 偏差原因): the
            // categories a row starts with say where it starts.
            let self_eval = columns
                .iter()
                .any(|(c, _)| matches!(c, Column::Actual | Column::Score | Column::Reason));
            if positional && (self_eval || !self.fits(&fields)) {
                let categories = row
                    .iter()
                    .take(leading)
                    .take_while(|&&k| is_category(&level_word(self.text(k))))
                    .count();
                let by_levels = leading - categories;
                if by_levels != skip && row.len() + by_levels <= columns.len() {
                    let other = self.assign(&row, &columns, by_levels, positional);
                    if self.fits(&other) && (self_eval || categories > 0) {
                        fields = other;
                    }
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
            let (name, mut target) = (get(Column::Name, self), get(Column::Target, self));
            let l1 = level_word(&get(Column::Level1, self));
            let l2 = level_word(&get(Column::Level2, self));
            if !self.fits(&fields) {
                let cells: Vec<usize> = fields.iter().map(|(_, k)| *k).collect();
                self.misfit(&cells, columns.len(), "单元格与表头的列对不上（一级、二级指标的位置不是指标类别，或指标名称、指标值的位置是指标类别）");
                continue;
            }
            // A 自评表's blank template line (`指标2`, `……` and nothing else): no row.
            let others_blank = fields.iter().all(|(c, k)| {
                matches!(c, Column::Name | Column::Level1 | Column::Level2)
                    || self.text(*k).trim().is_empty()
            });
            if others_blank && is_template_name(&name) {
                for (_, k) in &fields {
                    self.mark(*k);
                }
                if let Some(&(_, k)) = fields.iter().find(|(c, _)| *c == Column::Name) {
                    templates.push(k);
                }
                if !l1.is_empty() {
                    level1.clone_from(&l1);
                }
                if !l2.is_empty() {
                    level2.clone_from(&l2);
                }
                continue;
            }
            let name = strip_number(&name).to_owned();
            if self_eval
                && !name.is_empty()
                && target.is_empty()
                && get(Column::Actual, self).is_empty()
            {
                // A row broken over several lines of the copy: its value is on another line,
                // which cannot be joined back without guessing.
                // Its 一级/二级 cells still head the rows after it.
                if !l1.is_empty() {
                    if l1 != level1 && l2.is_empty() {
                        level2.clear();
                    }
                    level1.clone_from(&l1);
                }
                if !l2.is_empty() {
                    level2.clone_from(&l2);
                }
                let cells: Vec<usize> = fields.iter().map(|(_, k)| *k).collect();
                self.misfit(
                    &cells,
                    columns.len(),
                    "这一行没有指标值，也没有实际完成值（原表的一行可能断成了几行）",
                );
                continue;
            }
            if !self.rows_known
                && ((l1.is_empty() && level1.is_empty()) || (l2.is_empty() && level2.is_empty()))
                && !(name.is_empty() && target.is_empty())
            {
                // Rows not known: a row that leaves out a level repeats the row above; with no
                // row above to repeat (header words read as cells, a template's blank rows),
                // placing it would be a guess.
                let cells: Vec<usize> = fields.iter().map(|(_, k)| *k).collect();
                self.misfit(
                    &cells,
                    columns.len(),
                    "没有一级或二级指标可沿用（上面没有指标行）",
                );
                continue;
            }
            let nature = squeeze(&get(Column::Nature, self));
            if !nature.is_empty() && !target.is_empty() && !nature.starts_with("定性") {
                target = format!("{nature}{target}");
            }
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
            if name.is_empty() && level1.is_empty() && level2.is_empty() {
                // A value with no name and no level above it (a form's total or note line
                // that fell into the columns): not a row; its cells stay unread and are
                // listed with their places.
                continue;
            }
            // A 中期/长期 column beside the year's is not imported: said once for the row, its
            // cells quoted, unless they only repeat the row's own category.
            let mut long_term: Option<(Place, Vec<String>)> = None;
            for (c, k) in &fields {
                let text = squeeze(self.text(*k));
                if *c == Column::LongTerm
                    && !text.is_empty()
                    && text != level1
                    && text != level2
                    && let Some((_, cell)) = self.cells.get(*k)
                {
                    let (_, texts) =
                        long_term.get_or_insert_with(|| (cell.place.clone(), Vec::new()));
                    texts.push(short(&cell.text));
                }
                self.mark(*k);
            }
            if let Some((place, texts)) = long_term {
                self.problems.push(Problem {
                    place,
                    message: format!(
                        "中期（长期）指标未导入（项目文件只记年度指标）：“{}”",
                        texts.join("｜")
                    ),
                });
            }
            let mut indicator = Indicator::new(&level1, &level2, &name, &target);
            let optional = |t: String| (!t.is_empty()).then_some(t);
            let actual = get(Column::Actual, self);
            if !actual.is_empty() && !is_blank_mark(&actual) {
                indicator.progress.actual = Some(Target::parse(&actual));
            }
            indicator.progress.self_score = parse_number(&get(Column::Score, self));
            let reason = get(Column::Reason, self);
            if !reason.is_empty() && !is_blank_mark(&reason) && reason != "0" && reason != "无" {
                indicator.progress.explanation.reason = Some(reason);
            }
            indicator.description = optional(get(Column::Description, self));
            indicator.basis = optional(get(Column::Basis, self)).map(std::borrow::Cow::Owned);
            indicator.basis_note = optional(get(Column::BasisNote, self));
            indicator.baseline = optional(get(Column::Baseline, self));
            indicator.direction = Direction::from_label(&get(Column::Direction, self));
            indicator.weight = parse_number(&get(Column::Weight, self));
            if let Some(unit) = optional(get(Column::Unit, self)) {
                indicator.set_unit(&unit);
            }
            let first = fields.first().map(|(_, k)| *k).unwrap_or(start);
            self.from(&format!("indicator {}（{name}）", out.len() + 1), first);
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
        if let Some(&first) = templates.first() {
            let names: Vec<String> = templates.iter().map(|&k| squeeze(self.text(k))).collect();
            self.problem(
                first,
                &format!(
                    "{} 行空白的模板行（{}）未导入：只有占位的名称，没有指标值",
                    templates.len(),
                    names.join("、")
                ),
            );
        }
        (out, total)
    }

    /// The row's cells by column: positionally from `skip` (text off a web page), by grid
    /// column (workbooks, Word), or by position after the levels the row starts.
    fn assign(
        &self,
        row: &[usize],
        columns: &[(Column, usize)],
        skip: usize,
        positional: bool,
    ) -> Vec<(Column, usize)> {
        let mut fields = Vec::new();
        for (pos, &k) in row.iter().enumerate() {
            let column = if positional || !self.rows_known {
                columns.get(pos + skip).map(|(c, _)| *c)
            } else {
                let col = self.cells.get(k).map_or(0, |(_, c)| c.col);
                columns
                    .iter()
                    .rev()
                    .find(|(_, start)| *start <= col)
                    .map(|(c, _)| *c)
            };
            if let Some(column) = column {
                fields.push((column, k));
            }
        }
        fields
    }

    /// Never a shifted row: a level cell must hold a level, a name or a target must not.
    fn fits(&self, fields: &[(Column, usize)]) -> bool {
        let get = |column: Column| -> String {
            fields
                .iter()
                .filter(|(c, _)| *c == column)
                .map(|(_, k)| simplified(&squeeze(self.text(*k))))
                .find(|t| !t.is_empty())
                .unwrap_or_default()
        };
        let (l1, l2) = (get(Column::Level1), get(Column::Level2));
        let (l1, l2) = (level_word(&l1), level_word(&l2));
        let (name, target) = (get(Column::Name), get(Column::Target));
        let nature = get(Column::Nature);
        // Rows not known (one cell per line): a row cut one cell too long takes the next
        // row's name for its 实际完成值. A numeric target's actual with no digit at all that
        // is longer than a word (`是`, `已完成`) is such a cell, never placed.
        let actual = get(Column::Actual);
        let has_digit = |t: &str| t.chars().any(|c| c.is_ascii_digit());
        let stray_actual = !self.rows_known
            && has_digit(&target)
            && !actual.is_empty()
            && !has_digit(&actual)
            && actual.chars().count() > 4;
        // A 二级 category that is no 一级 (`社会效益`) in the 一级 column: the row lost a cell.
        let level2_only = |w: &str| {
            Level2::from_label(w).is_some()
                && Level1::from_label(w).is_none()
                && Level1::from_label(&format!("{w}指标")).is_none()
        };
        !stray_actual
            && (nature.is_empty() || is_nature(&nature))
            && (l1.is_empty() || (is_category(&l1) && !level2_only(&l1)))
            && (l2.is_empty() || is_category(&l2))
            && (!is_level(&name) || name == l1 || name == l2)
            && !is_level(&target)
    }

    /// A 总分 row: the cell after 总分 is the points (100), the next the form's total 得分
    /// (returned), a third its grade (`优`, listed: the project file has no place for it).
    fn total_row(&mut self, row: &[usize], at: usize) -> Option<usize> {
        let rest: Vec<usize> = row.iter().skip(at).copied().collect();
        for &k in &rest {
            self.mark(k);
        }
        let values: Vec<usize> = rest
            .iter()
            .skip(1)
            .copied()
            .filter(|&k| !self.text(k).trim().is_empty())
            .collect();
        let score = values
            .get(1)
            .copied()
            .filter(|&k| parse_number(self.text(k)).is_some());
        for &k in values.iter().skip(2) {
            let text = squeeze(self.text(k));
            self.problem(
                k,
                &format!("自评等级“{text}”未导入（perf score 自己评等级）"),
            );
        }
        score
    }

    /// Header words in the row above `start` (`年度指标值 实际完成值 分值 得分 偏差原因…` over
    /// `一级指标 … 指标性质 指标值 度量单位`): the upper row's 年度指标值 spans the lower row's
    /// split value columns, and its later words are the columns after them.
    fn upper_header(&mut self, start: usize, columns: &mut Vec<(Column, usize)>) {
        let mut upper = Vec::new();
        let mut k = start;
        while k > 0 {
            k -= 1;
            let text = self.text(k);
            if text.trim().is_empty() {
                continue;
            }
            match column_of(text) {
                Some(c) => upper.push((c, k)),
                None => break,
            }
        }
        upper.reverse();
        let spans_target = upper.first().is_some_and(|(c, _)| *c == Column::Target);
        let lower_target = columns.iter().rposition(|(c, _)| *c == Column::Target);
        if !spans_target || upper.len() < 2 {
            return;
        }
        let Some(at) = lower_target else { return };
        let after_target = columns.iter().skip(at + 1).all(|(c, _)| *c == Column::Unit);
        if !after_target {
            return;
        }
        let last_col = columns.last().map_or(0, |(_, col)| *col);
        for (n, (c, k)) in upper.iter().enumerate().skip(1) {
            columns.push((*c, last_col + n));
            self.mark(*k);
        }
        if let Some((_, k)) = upper.first() {
            self.mark(*k);
        }
    }

    fn is_text_line(&self, k: usize) -> bool {
        self.cells
            .get(k)
            .is_some_and(|(_, c)| matches!(c.place, Place::Line(_)))
    }

    /// A row that does not fit the header: one problem at its first cell, its cells marked
    /// (they are reported once, here, not again as unrecognised).
    fn misfit(&mut self, row: &[usize], width: usize, why: &str) {
        let texts: Vec<String> = row
            .iter()
            .map(|&k| short(self.text(k)))
            .filter(|t| !t.is_empty())
            .collect();
        if let Some((_, cell)) = row.first().and_then(|&k| self.cells.get(k)) {
            self.problems.push(Problem {
                place: cell.place.clone(),
                message: format!(
                    "这一行指标未导入：{why}；表头有 {width} 列，这一行是“{}”",
                    texts.join("｜")
                ),
            });
        }
        for &k in row {
            self.mark(k);
        }
    }

    /// The cells of each data row after the header (indices into the cells), with the number
    /// of leading 一级/二级 columns the row leaves out (rows not known only).
    ///
    /// When the rows are not known, a row is its leading level cells — as many of the
    /// `leading` 一级/二级 columns as hold a category or an empty cell (text out of Word keeps
    /// a merged cell's empty cell; a web copy drops it) — then the header's other columns. A
    /// row that starts fewer levels fills the last level columns (a lone category is a 二级).
    fn data_rows(
        &self,
        from: usize,
        width: usize,
        leading: usize,
        header_row: usize,
    ) -> Vec<(Vec<usize>, usize)> {
        let rest = from..self.cells.len();
        if self.rows_known {
            let mut rows: Vec<Vec<usize>> = Vec::new();
            let mut current = None;
            for k in rest {
                let row = self.cells.get(k).map_or(0, |(r, _)| *r);
                if row == header_row && !self.is_text_line(k) {
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
            rows.into_iter().map(|r| (r, 0)).collect()
        } else {
            let mut rows = Vec::new();
            let mut k = from;
            let end = self.cells.len();
            while k < end {
                // A level cell holds a category, bare ones included (`满意度`, `经济效益`), or
                // is empty. When all of the row's leading cells do, the row is whole (text out
                // of Word, every cell kept); else it starts as many levels as it has.
                let level_cell = |k: usize| {
                    let text = squeeze(self.text(k));
                    text.is_empty() || is_category(&text)
                };
                // An empty cell before a 一级 category and a 二级 one (`␣ 效益指标 可持续影响指标`)
                // is a stray line of the copy, not an empty 一级: the row starts after it.
                let level1_word = |k: usize| {
                    let t = level_word(self.text(k));
                    Level1::from_label(&t).is_some() && Level2::from_label(&t).is_none()
                };
                if leading == 2
                    && self.text(k).trim().is_empty()
                    && level1_word(k + 1)
                    && is_category(&level_word(self.text(k + 2)))
                {
                    k += 1;
                }
                // A row that opens with a 二级 category has lost its 一级 cell (merged above):
                // it starts at 二级, and the empty cell after it is its 三级, not a second
                // level (`生态效益指标 ␣ ␣ ␣` would otherwise shift every row after it).
                let level2_only = |k: usize| {
                    let t = level_word(self.text(k));
                    Level2::from_label(&t).is_some() && Level1::from_label(&t).is_none()
                };
                let mut row = Vec::new();
                while row.len() < leading && k < end && level_cell(k) {
                    row.push(k);
                    k += 1;
                    if leading == 2 && row.len() == 1 && level2_only(k - 1) {
                        break;
                    }
                }
                let skip = leading - row.len();
                let take = width.saturating_sub(leading).max(1).min(end - k);
                row.extend(k..k + take);
                k += take;
                rows.push((row, skip));
            }
            rows
        }
    }
}

/// A 一级/二级 cell as the form's word: whitespace out, traditional characters read
/// ([`simplified`]), a trailing `等` dropped (`服务对象满意度指标等`).
fn level_word(text: &str) -> String {
    let word = simplified(&squeeze(text));
    match word.strip_suffix('等') {
        Some(w) if is_level(w) => w.to_owned(),
        _ => word,
    }
}

/// What a 指标性质 cell holds: a comparator (`≥`, `＝`, `﹦`, `≧`, `═`) or 定性/定量.
fn is_nature(text: &str) -> bool {
    let t = squeeze(text);
    t.chars().count() <= 4
        && (t.chars().all(|c| "≥≤=＝﹦≧≦═><＞＜≠".contains(c))
            || [
                "定性",
                "定量",
                "大于",
                "小于",
                "等于",
                "大于等于",
                "小于等于",
                "不低于",
                "不高于",
                "不超过",
            ]
            .contains(&t.as_str()))
}

/// A 自评表's placeholder name: `指标2`, `……`, `...`.
fn is_template_name(name: &str) -> bool {
    let t = squeeze(name);
    (!t.is_empty() && t.chars().all(|c| matches!(c, '…' | '.' | '。' | '．')))
        || t.strip_prefix("指标")
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// The form's numbering before a name (`指标1工程完工率`, `指标2：…`) is no part of it.
fn strip_number(name: &str) -> &str {
    let Some(rest) = name.strip_prefix("指标") else {
        return name;
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let rest = rest.get(digits..).unwrap_or_default();
    let rest = rest.trim_start_matches([':', '：', '、', '.', ' ']);
    if digits == 0 || rest.is_empty() {
        name
    } else {
        rest
    }
}

/// `—`, `/`: a cell the form leaves empty.
fn is_blank_mark(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(c, '—' | '-' | '/' | '－' | '／' | ' '))
}

/// A 一级/二级 category as forms write them (`产出指标`, `社会效益指标`, `满意度`): what a
/// level cell must hold and a name or target cell must not.
pub(super) fn is_level(word: &str) -> bool {
    let word = word.trim_end_matches(['：', ':']);
    // `数量指标(或建筑规模指标)`, `预算(或投资规模)控制指标`: the words outside brackets.
    let mut plain = String::new();
    let mut depth = 0_u32;
    for c in word.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            c if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let word = plain.as_str();
    if word.is_empty() {
        return false;
    }
    word.ends_with("指标") && word.chars().count() <= 16
}

/// What a 一级/二级 cell may hold: a category (`…指标`), or one written without 指标
/// (`产出`, `满意度`), which is also a plausible indicator name and so not refused there.
pub(super) fn is_category(word: &str) -> bool {
    is_level(word)
        || matches!(
            word.trim_end_matches(['：', ':']),
            "产出"
                | "效益"
                | "满意度"
                | "成本"
                | "数量"
                | "质量"
                | "时效"
                | "经济效益"
                | "社会效益"
                | "生态效益"
                | "可持续影响"
                | "服务对象满意度"
        )
}

#[cfg(test)]
mod tests {
    use super::{is_category, is_level};

    #[test]
    fn levels_are_told_from_names_and_targets() {
        assert!(is_level("时效指标"));
        assert!(is_level("社会公众或服务对象满意度指标"));
        assert!(is_category("满意度"));
        assert!(!is_level("满意度"));
        assert!(!is_level("雾炮车风炮射程"));
        assert!(!is_level("≥90%"));
        assert!(!is_level("食品安全指标达标率"));
        assert!(is_level("数量指标(或建筑规模指标)"));
        assert!(is_level("预算(或投资规模)控制指标"));
    }
}
