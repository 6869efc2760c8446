//! Reading one 项目绩效目标表 out of a table, by the words on the official form rather than by
//! cell addresses: a label (`项目名称`, `预算数`, `3月底`, `一级指标` …) says what the cells after
//! it hold, so the reader copes with the layouts departments actually use — labels and values
//! on one row or several, merged cells, extra blank cells, columns in another order.
//!
//! The indicator table is read by its header row: each header word names a column, and each
//! row below maps its cells to those columns (by grid column when the rows are known, by
//! position when text copied out of Word has lost them). An empty 一级 or 二级 cell repeats
//! the one above, as a merged cell does. Every non-empty cell that no rule consumed is a
//! [`Problem`], so nothing is dropped silently.

mod indicators;

use rust_decimal::Decimal;

use crate::exchange::form_labels::{Label, label_of, parse_amount, parse_number};
use crate::exchange::import::{
    Cell, Defaults, Grid, ImportedProject, Problem, clean, short, squeeze, year_in,
};
use crate::model::budget::Budget;
use crate::model::money::MoneyUnit;
use crate::model::plan::{PlanPoint, SpendingPlan};
use crate::model::project::{Indicator, Project};

/// Reads the project in `grid`, headed by the paragraphs `heading`; `None` when the table has
/// no 项目名称 (it is not a 项目绩效目标表).
pub fn project(heading: &[Cell], grid: &Grid, defaults: &Defaults) -> Option<ImportedProject> {
    let cells: Vec<(usize, &Cell)> = grid
        .rows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| row.iter().map(move |c| (r, c)))
        .collect();
    if !cells
        .iter()
        .any(|(_, c)| matches!(label_of(&c.text), Some(Label::Name)))
    {
        return None;
    }
    let mut reader = Reader {
        cells,
        used: Vec::new(),
        rows_known: grid.rows_known,
        problems: Vec::new(),
    };
    reader.used = vec![false; reader.cells.len()];
    let place = reader.cells.first().map(|(_, c)| c.place.clone())?;
    let found = reader.walk();
    let mut problems = std::mem::take(&mut reader.problems);
    let (title_text, year) = heading_title(heading, &found.titles, &mut problems);
    reader.problems = problems;
    let project = reader.build(found, title_text, year, defaults);
    for (i, (_, cell)) in reader.cells.iter().enumerate() {
        if !reader.used.get(i).copied().unwrap_or(true) && !cell.text.trim().is_empty() {
            reader.problems.push(Problem {
                place: cell.place.clone(),
                message: format!("无法识别的内容：“{}”", short(&cell.text)),
            });
        }
    }
    Some(ImportedProject {
        project,
        place,
        problems: reader.problems,
    })
}

/// What the walk over the cells found, by index into the cells.
#[derive(Default)]
struct Found {
    titles: Vec<Cell>,
    values: Vec<(Label, Option<usize>)>,
    unit: Option<MoneyUnit>,
    purpose: Vec<usize>,
    months: Vec<(usize, i64)>,
    plan: Vec<usize>,
    goals: Vec<usize>,
    indicators: Vec<Indicator>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Budget,
    Plan,
    Goals,
}

struct Reader<'g> {
    cells: Vec<(usize, &'g Cell)>,
    used: Vec<bool>,
    rows_known: bool,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn text(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |(_, c)| c.text.as_str())
    }

    fn mark(&mut self, i: usize) {
        if let Some(u) = self.used.get_mut(i) {
            *u = true;
        }
    }

    /// The cell holding the value of the label at `i`: the next cell (text copied out of Word
    /// keeps empty cells), or the next non-empty cell of the same row; never another label.
    fn value_after(&self, i: usize) -> Option<usize> {
        let (row, _) = *self.cells.get(i)?;
        let mut j = i + 1;
        while let Some((r, cell)) = self.cells.get(j) {
            if self.rows_known && *r != row {
                return None;
            }
            if label_of(&cell.text).is_some() {
                return None;
            }
            if !self.rows_known || !cell.text.trim().is_empty() {
                return Some(j);
            }
            j += 1;
        }
        None
    }

    fn walk(&mut self) -> Found {
        let mut found = Found::default();
        let mut section = Section::None;
        let mut i = 0;
        while i < self.cells.len() {
            if self.used.get(i).copied().unwrap_or(true) {
                i += 1;
                continue;
            }
            let text = self.text(i).to_owned();
            let Some(label) = label_of(&text) else {
                if !text.trim().is_empty() {
                    match section {
                        Section::Budget => found.purpose.push(i),
                        Section::Plan => found.plan.push(i),
                        Section::Goals => found.goals.push(i),
                        Section::None => {}
                    }
                }
                if text.trim().is_empty() || section != Section::None {
                    self.mark(i);
                }
                i += 1;
                continue;
            };
            self.mark(i);
            match label {
                Label::Title => {
                    if let Some((_, cell)) = self.cells.get(i) {
                        found.titles.push((*cell).clone());
                    }
                }
                Label::BudgetBlock(unit) => {
                    section = Section::Budget;
                    found.unit = found.unit.or(unit);
                }
                Label::PlanBlock => section = Section::Plan,
                Label::GoalsBlock => section = Section::Goals,
                Label::Month(m) => {
                    section = Section::Plan;
                    found.months.push((i, m));
                }
                Label::GoalNumber => {
                    section = Section::Goals;
                    if let Some(j) = self.value_after(i) {
                        self.mark(j);
                        found.goals.push(j);
                    }
                }
                Label::Header => {
                    found.indicators = self.indicators(i);
                    break;
                }
                Label::End => break,
                Label::Total(unit) | Label::Fiscal(unit) | Label::Other(unit) => {
                    section = Section::Budget;
                    found.unit = found.unit.or(unit);
                    let j = self.value_after(i);
                    if let Some(j) = j {
                        self.mark(j);
                    }
                    found.values.push((label, j));
                }
                Label::Code
                | Label::Name
                | Label::Department
                | Label::Implementer
                | Label::Purpose => {
                    let j = self.value_after(i);
                    if let Some(j) = j {
                        self.mark(j);
                    }
                    found.values.push((label, j));
                }
            }
            i += 1;
        }
        // Everything after the indicator table or the 检查结果 block is perf's own output or
        // notes; it is not part of the form.
        for j in i..self.cells.len() {
            if label_of(self.text(j)) == Some(Label::End) {
                for k in j..self.cells.len() {
                    self.mark(k);
                }
                break;
            }
        }
        found
    }

    fn build(
        &mut self,
        found: Found,
        heading: Option<String>,
        year: Option<i64>,
        defaults: &Defaults,
    ) -> Project {
        let value = |label: fn(&Label) -> bool, reader: &Self| -> Option<(usize, String)> {
            found
                .values
                .iter()
                .find(|(l, _)| label(l))
                .and_then(|(_, j)| *j)
                .map(|j| (j, clean(reader.text(j))))
                .filter(|(_, t)| !t.is_empty())
        };
        let name = value(|l| *l == Label::Name, self).map(|(_, t)| t);
        let name = name.or_else(|| heading.clone()).unwrap_or_default();
        let title = heading.filter(|h| *h != name);
        let code = value(|l| *l == Label::Code, self)
            .map(|(_, t)| t)
            .filter(|c| !c.chars().all(|ch| matches!(ch, '—' | '-' | '/' | '－')));
        let department = value(|l| *l == Label::Department, self)
            .map(|(_, t)| t)
            .or_else(|| defaults.department.clone())
            .unwrap_or_default();
        let implementer = value(|l| *l == Label::Implementer, self).map(|(_, t)| t);
        let mut purposes: Vec<usize> = found
            .values
            .iter()
            .filter(|(l, _)| *l == Label::Purpose)
            .filter_map(|(_, j)| *j)
            .collect();
        purposes.extend(&found.purpose);
        let purpose = purposes.first().map(|&j| clean(self.text(j)));
        for &j in purposes.iter().skip(1) {
            self.problem(j, "资金用途只能有一段，多出的这段未导入");
        }
        let budget = self.budget(&found);
        let plan = self.plan(&found);
        let goals = found
            .goals
            .iter()
            .flat_map(|&j| split_goals(self.text(j)))
            .collect();
        if department.is_empty() {
            self.problem(
                0,
                "表中没有主管部门：用 --dept-dir 指定部门目录，其名称即主管部门",
            );
        }
        Project {
            name,
            title,
            code,
            department,
            implementer,
            year: year.or(defaults.year),
            purpose,
            goals,
            budget,
            plan,
            indicators: found.indicators,
            ..Project::default()
        }
    }

    fn problem(&mut self, i: usize, message: &str) {
        if let Some((_, cell)) = self.cells.get(i) {
            self.problems.push(Problem {
                place: cell.place.clone(),
                message: message.to_owned(),
            });
        }
    }

    fn budget(&mut self, found: &Found) -> Option<Budget> {
        let mut unit = found.unit;
        let mut amount = |want: fn(&Label) -> bool, reader: &mut Self| -> Option<Decimal> {
            let j = found.values.iter().find(|(l, _)| want(l))?.1?;
            let text = reader.text(j).to_owned();
            if text.trim().is_empty() {
                return None;
            }
            match parse_amount(&text) {
                Some((value, written)) => {
                    if written.is_some() && unit.is_some() && written != unit {
                        reader.problem(j, "金额单位与表中其他金额不同，按表头单位读取");
                    }
                    unit = unit.or(written);
                    Some(value)
                }
                None => {
                    reader.problem(j, &format!("金额“{}”不是数字", short(&text)));
                    None
                }
            }
        };
        let total = amount(|l| matches!(l, Label::Total(_)), self);
        let fiscal = amount(|l| matches!(l, Label::Fiscal(_)), self);
        let other = amount(|l| matches!(l, Label::Other(_)), self);
        Some(Budget {
            unit: unit.unwrap_or_default(),
            total: total?,
            fiscal,
            other,
            sources: Vec::new(),
            items: Vec::new(),
        })
    }

    fn plan(&mut self, found: &Found) -> Option<SpendingPlan> {
        if found.months.is_empty() {
            return None;
        }
        let values: Vec<(usize, Option<Decimal>, bool)> = found
            .plan
            .iter()
            .map(|&j| {
                let text = squeeze(self.text(j));
                let percent = text.ends_with(['%', '％']);
                (j, parse_number(text.trim_end_matches(['%', '％'])), percent)
            })
            .collect();
        // A workbook stores 20% as 0.2: when no value says % and none exceeds 1, they are shares.
        let shares = values
            .iter()
            .all(|(_, v, percent)| !percent && v.is_some_and(|v| v <= Decimal::ONE));
        let mut points = Vec::new();
        for (k, &(i, month)) in found.months.iter().enumerate() {
            match values.get(k) {
                Some(&(_, Some(v), _)) => points.push(PlanPoint {
                    month,
                    percent: if shares {
                        (v * Decimal::ONE_HUNDRED).normalize()
                    } else {
                        v.normalize()
                    },
                }),
                Some(&(j, None, _)) => self.problem(j, "支出计划的比例不是数字"),
                None => self.problem(i, &format!("{month} 月底没有填写支出比例")),
            }
        }
        for &(j, _, _) in values.iter().skip(found.months.len()) {
            self.problem(j, "支出计划中多出的比例没有对应的月份");
        }
        Some(SpendingPlan::new(points))
    }
}

/// The heading of the table: the text before `项目绩效目标表` (the paragraph before it when the
/// heading is split in two), and the year it names. Other paragraphs are problems.
fn heading_title(
    heading: &[Cell],
    titles: &[Cell],
    problems: &mut Vec<Problem>,
) -> (Option<String>, Option<i64>) {
    let all: Vec<&Cell> = heading.iter().chain(titles).collect();
    let Some(pos) = all
        .iter()
        .rposition(|c| squeeze(&c.text).contains("绩效目标表"))
    else {
        for c in heading.iter().filter(|c| !c.text.trim().is_empty()) {
            problems.push(Problem {
                place: c.place.clone(),
                message: format!("表格前的文字无法识别：“{}”", short(&c.text)),
            });
        }
        return (None, None);
    };
    let text = all.get(pos).map(|c| clean(&c.text)).unwrap_or_default();
    let year = year_in(&text);
    let before = text
        .split("绩效目标表")
        .next()
        .unwrap_or_default()
        .trim_end_matches("项目")
        .trim()
        .to_owned();
    let mut used = vec![pos];
    let name = if before.is_empty() && pos > 0 {
        used.push(pos - 1);
        all.get(pos - 1).map(|c| clean(&c.text).replace('\n', ""))
    } else {
        Some(before)
    };
    for (i, c) in all.iter().enumerate() {
        if !used.contains(&i) && !c.text.trim().is_empty() && i < heading.len() {
            problems.push(Problem {
                place: c.place.clone(),
                message: format!("表格前的文字无法识别：“{}”", short(&c.text)),
            });
        }
    }
    (name.filter(|n| !n.is_empty()), year)
}

/// Goals in one cell: `目标1：…` prefixes dropped; several numbered goals in one cell split.
fn split_goals(text: &str) -> Vec<String> {
    let text = clean(text);
    let mut goals: Vec<String> = Vec::new();
    for line in text.split('\n') {
        match strip_goal_number(line) {
            Some(rest) => goals.push(rest.to_owned()),
            None => match goals.last_mut() {
                Some(last) if text.contains("目标1") => {
                    last.push('\n');
                    last.push_str(line);
                }
                _ => goals.push(line.to_owned()),
            },
        }
    }
    goals.retain(|g| !g.trim().is_empty());
    goals
}

fn strip_goal_number(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("目标")?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = rest.get(digits..)?;
    let rest = rest.trim_start_matches(['：', ':', '、', '.', ' ']);
    Some(rest.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goals_lose_their_numbers() {
        assert_eq!(split_goals("目标1：及时拨付。"), vec!["及时拨付。"]);
        assert_eq!(
            split_goals("目标1：甲。\n目标2：乙。"),
            vec!["甲。".to_owned(), "乙。".to_owned()]
        );
    }
}
