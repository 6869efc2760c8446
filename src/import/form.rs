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
//!
//! A 自评表 or 监控表 is read by the same walk: its 预算执行 block (`execution`) gives
//! `[budget]` and `[execution]`, its 实际完成值/得分/偏差原因 columns each row's `actual`,
//! `self_score` and `reason`, its 总分 row `self_total`. The form's words may be written in
//! traditional characters (`form_labels::simplified`); values are kept as written.

mod execution;
mod indicators;
mod list;

pub use list::projects as list_projects;

use rust_decimal::Decimal;

use crate::import::labels::{Label, is_title, label_of, parse_amount, parse_number, simplified};
use crate::import::{
    Cell, Defaults, Grid, ImportedProject, Place, Problem, clean, short, squeeze, year_in,
};
use crate::model::budget::{Budget, BudgetLine};
use crate::model::execution::{Execution, SpentPoint};
use crate::model::money::MoneyUnit;
use crate::model::plan::{PlanPoint, SpendingPlan};
use crate::model::project::{Indicator, Project};

/// Reads the project in `grid`, headed by the paragraphs `heading`; `None` when the table has
/// no 项目名称 (it is not a 项目绩效目标表).
pub fn project(heading: &[Cell], grid: &Grid, defaults: &Defaults) -> Option<ImportedProject> {
    let split: Vec<(usize, Cell)> = grid
        .rows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter()
                .flat_map(move |c| inline_value(c).into_iter().map(move |c| (r, c)))
        })
        .collect();
    let cells: Vec<(usize, &Cell)> = split.iter().map(|(r, c)| (*r, c)).collect();
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
        provenance: Vec::new(),
    };
    reader.used = vec![false; reader.cells.len()];
    let place = reader.cells.first().map(|(_, c)| c.place.clone())?;
    let found = reader.walk();
    let mut problems = std::mem::take(&mut reader.problems);
    let (title_text, year) = heading_title(heading, &found.titles, &mut problems);
    let title_place = heading
        .iter()
        .chain(&found.titles)
        .rfind(|c| is_title(&squeeze(&c.text)))
        .map(|c| c.place.clone());
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
    if let Some(place) = title_place
        && project.year.is_some()
    {
        reader.provenance.insert(0, ("year".to_owned(), place));
    }
    // The project's own fields first, then its indicator rows, each in reading order.
    let mut provenance = reader.provenance;
    provenance.sort_by_key(|(field, _)| field.starts_with("indicator"));
    Some(ImportedProject {
        project,
        place,
        problems: reader.problems,
        provenance,
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
    long_goals: Vec<usize>,
    indicators: Vec<Indicator>,
    /// The 预算执行 block of a 自评表 or 监控表 (cells by index).
    exec: ExecCells,
    /// The 得分 of the form's 总分 row.
    self_total: Option<usize>,
}

/// Where the `[execution]` values of a 自评表 or 监控表 are (indices into the cells).
#[derive(Default)]
struct ExecCells {
    adjusted: Option<usize>,
    spent: Option<(u32, usize)>,
    rate: Option<usize>,
    points: Option<usize>,
    forecast: Option<usize>,
    reason: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    None,
    Budget,
    Plan,
    Goals,
    LongGoals,
}

struct Reader<'g> {
    cells: Vec<(usize, &'g Cell)>,
    used: Vec<bool>,
    rows_known: bool,
    problems: Vec<Problem>,
    provenance: Vec<(String, Place)>,
}

impl Reader<'_> {
    fn text(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |(_, c)| c.text.as_str())
    }

    /// Notes that `field` was read from the cell at `i` (for `perf import --explain`).
    fn from(&mut self, field: &str, i: usize) {
        if let Some((_, cell)) = self.cells.get(i) {
            self.provenance.push((field.to_owned(), cell.place.clone()));
        }
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

    /// Goal labels side by side (`中期目标` `年度目标`, then their texts in the same order):
    /// each text goes to its own label. `None` when the label at `i` stands alone.
    fn side_by_side_goals(&mut self, i: usize, found: &mut Found) -> Option<usize> {
        let is_goal = |t: &str| {
            matches!(
                label_of(t),
                Some(
                    Label::GoalsBlock | Label::LongGoals | Label::GoalsExpected | Label::GoalsDone
                )
            )
        };
        let mut labels = Vec::new();
        let mut j = i;
        while let Some((_, cell)) = self.cells.get(j) {
            if cell.text.trim().is_empty() {
                j += 1;
                continue;
            }
            if !is_goal(&cell.text) {
                break;
            }
            labels.push(j);
            j += 1;
        }
        if labels.len() < 2 {
            return None;
        }
        // `年度总体目标` `预期目标` `实际完成情况`: the first spans the rows at the left; the
        // columns are 预期目标 and what follows it.
        if let Some(at) = labels
            .iter()
            .position(|&l| label_of(self.text(l)) == Some(Label::GoalsExpected))
        {
            labels.drain(..at);
        }
        // `项目绩效目标` `长期目标` `年度目标` (湘潭 2024): the first spans the rows at the left
        // and heads the two columns; only these get texts.
        let kinds: Vec<Option<Label>> = labels.iter().map(|&l| label_of(self.text(l))).collect();
        if labels.len() == 3
            && kinds.first() == Some(&Some(Label::GoalsBlock))
            && kinds.get(1..).is_some_and(|rest| {
                rest.contains(&Some(Label::LongGoals)) && rest.contains(&Some(Label::GoalsBlock))
            })
        {
            labels.remove(0);
        }
        let mut k = 0;
        while k < labels.len() {
            let Some((_, cell)) = self.cells.get(j) else {
                break;
            };
            if label_of(&cell.text).is_some() {
                break;
            }
            if !cell.text.trim().is_empty() {
                let kind = labels.get(k).and_then(|&l| label_of(self.text(l)));
                if kind == Some(Label::LongGoals) {
                    found.long_goals.push(j);
                } else if kind == Some(Label::GoalsDone) {
                    let message = done_not_imported(self.text(j));
                    self.problem(j, &message);
                } else {
                    found.goals.push(j);
                }
                k += 1;
            }
            j += 1;
        }
        for m in i..j {
            self.mark(m);
        }
        Some(j)
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
            if let Some(next) = self.execution_block(i, &mut found) {
                section = Section::None;
                i = next;
                continue;
            }
            let text = self.text(i).to_owned();
            let Some(label) = label_of(&text) else {
                if !text.trim().is_empty() {
                    match section {
                        // A label perf does not know (`该项目支出上级资金`) is no 资金用途: it is
                        // left to be reported.
                        Section::Budget if looks_like_label(&text) => {
                            i += 1;
                            continue;
                        }
                        Section::Budget => found.purpose.push(i),
                        Section::Plan => found.plan.push(i),
                        Section::Goals => found.goals.push(i),
                        Section::LongGoals => found.long_goals.push(i),
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
                Label::GoalsBlock | Label::LongGoals | Label::GoalsExpected => {
                    section = if label != Label::LongGoals {
                        Section::Goals
                    } else {
                        Section::LongGoals
                    };
                    if let Some(next) = self.side_by_side_goals(i, &mut found) {
                        section = Section::None;
                        i = next;
                        continue;
                    }
                }
                Label::Block | Label::Footer => section = Section::None,
                Label::MidTotal => {
                    section = Section::None;
                    if let Some(j) = self.value_after(i) {
                        self.mark(j);
                        self.problem(j, "中期（实施期）金额未导入：项目文件只记当年预算");
                    }
                }
                Label::Unit(unit) => found.unit = found.unit.or(Some(unit)),
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
                    let (indicators, total) = self.indicators(i);
                    found.indicators = indicators;
                    found.self_total = total;
                    break;
                }
                Label::GoalsDone => {
                    section = Section::None;
                    if let Some(j) = self.value_after(i) {
                        self.mark(j);
                        self.problem(j, &done_not_imported(self.text(j)));
                    }
                }
                Label::End => break,
                Label::Total(unit)
                | Label::Fiscal(unit)
                | Label::Other(unit)
                | Label::YearTotal(unit)
                | Label::YearFiscal(unit)
                | Label::YearOther(unit)
                | Label::CarriedOver(unit) => {
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
                | Label::Period
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
        let name = value(|l| *l == Label::Name, self).map(|(j, t)| (j, split_code(&t)));
        let name_code = name.as_ref().and_then(|(_, (_, c))| c.clone());
        let name = name.map(|(j, (n, _))| (j, n));
        if let Some((j, _)) = &name {
            self.from("name", *j);
        }
        let name = name.map(|(_, n)| n);
        let name = name.or_else(|| heading.clone()).unwrap_or_default();
        let title = heading.filter(|h| *h != name);
        let code = value(|l| *l == Label::Code, self)
            .map(|(j, t)| {
                self.from("code", j);
                t
            })
            .filter(|c| !c.chars().all(|ch| matches!(ch, '—' | '-' | '/' | '－')))
            .or(name_code);
        let department = value(|l| *l == Label::Department, self)
            .and_then(|(j, t)| {
                self.from("department", j);
                self.unit_name(j, &t, "主管部门")
            })
            .or_else(|| defaults.department.clone())
            .unwrap_or_default();
        let implementer = value(|l| *l == Label::Implementer, self)
            .and_then(|(j, t)| {
                self.from("implementer", j);
                self.unit_name(j, &t, "实施单位")
            })
            .filter(|i| *i != department);
        let period = value(|l| *l == Label::Period, self).and_then(|(j, t)| {
            self.from("period", j);
            let period = period_of(&t);
            if period.is_none() {
                self.problem(
                    j,
                    &format!(
                        "实施期“{}”读不出起止年月（应为 2024.01-2024.12 之类）",
                        short(&t)
                    ),
                );
            }
            period
        });
        let mut purposes: Vec<usize> = found
            .values
            .iter()
            .filter(|(l, _)| *l == Label::Purpose)
            .filter_map(|(_, j)| *j)
            .collect();
        purposes.extend(&found.purpose);
        let purpose = purposes.first().map(|&j| clean(self.text(j)));
        if let Some(&j) = purposes.first() {
            self.from("purpose", j);
        }
        for (k, &j) in found.goals.iter().enumerate() {
            self.from(&format!("goals[{}]", k + 1), j);
        }
        for (k, &j) in found.long_goals.iter().enumerate() {
            self.from(&format!("long_term_goals[{}]", k + 1), j);
        }
        for &j in purposes.iter().skip(1) {
            let message = format!(
                "资金用途只能有一段，多出的这段未导入：“{}”",
                short(self.text(j))
            );
            self.problem(j, &message);
        }
        let budget = self.budget(&found);
        let plan = self.plan(&found);
        let execution = self.execution(&found);
        let goals = found
            .goals
            .iter()
            .flat_map(|&j| split_goals(self.text(j)))
            .collect();
        let long_term_goals = found
            .long_goals
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
            period,
            purpose,
            goals,
            long_term_goals,
            budget,
            plan,
            indicators: found.indicators,
            execution,
            ..Project::default()
        }
    }

    /// A department's or unit's name as written: a code before or after it (`[015001]某局`,
    /// `某局 201001`) is split off and reported (a project file has no place for a
    /// department's code); an address is not a name.
    fn unit_name(&mut self, j: usize, text: &str, what: &str) -> Option<String> {
        if text.contains("://") || text.starts_with("www.") {
            self.problem(
                j,
                &format!("{what}“{}”是网址，不是单位名称，未导入", short(text)),
            );
            return None;
        }
        let (name, code) = split_code(text);
        if let Some(code) = code {
            self.problem(
                j,
                &format!("{what}的编码“{code}”未导入（项目文件只记名称）"),
            );
        }
        Some(name)
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
        // A form with 当年 amounts beside the others gives the whole period first: the
        // project file keeps the year's amounts, and says the period's were not imported.
        let has_year = found.values.iter().any(|(l, _)| {
            matches!(
                l,
                Label::YearTotal(_) | Label::YearFiscal(_) | Label::YearOther(_)
            )
        });
        let mut amount = |want: fn(&Label) -> bool, reader: &mut Self| -> Option<Decimal> {
            let (label, j) = found.values.iter().find(|(l, _)| want(l))?;
            let j = (*j)?;
            let field = match label {
                Label::Fiscal(_) | Label::YearFiscal(_) => "budget.fiscal",
                Label::Other(_) | Label::YearOther(_) => "budget.other",
                Label::CarriedOver(_) => "budget.sources 上年结转",
                _ => "budget.total",
            };
            let period_amount =
                matches!(label, Label::Total(_) | Label::Fiscal(_) | Label::Other(_));
            if !(has_year && period_amount) {
                reader.from(field, j);
            }
            let text = reader.text(j).to_owned();
            if text.trim().is_empty() {
                return None;
            }
            match parse_amount(&text) {
                Some((value, written)) => {
                    // `854万(含上年结转100万)`: the note is the form's, not an amount perf keeps.
                    if let Some(at) = text.find(['(', '（']).filter(|&at| at > 0) {
                        let note = text.get(at..).unwrap_or_default();
                        reader.problem(j, &format!("金额后的说明“{}”未导入", short(note)));
                    }
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
        let year_total = amount(|l| matches!(l, Label::YearTotal(_)), self);
        let year_fiscal = amount(|l| matches!(l, Label::YearFiscal(_)), self);
        let year_other = amount(|l| matches!(l, Label::YearOther(_)), self);
        let carried = amount(|l| matches!(l, Label::CarriedOver(_)), self);
        let (total, fiscal, other) = if has_year {
            for (l, j) in &found.values {
                let mid = matches!(l, Label::Total(_) | Label::Fiscal(_) | Label::Other(_));
                if let (true, Some(j)) = (mid, j)
                    && !self.text(*j).trim().is_empty()
                {
                    self.problem(*j, "中期（实施期）金额未导入：项目文件只记当年预算");
                }
            }
            (year_total, year_fiscal, year_other)
        } else {
            (total, fiscal, other)
        };
        let mut sources = Vec::new();
        if let Some(carried) = carried {
            let named = [
                ("财政拨款", fiscal),
                ("上年结转", Some(carried)),
                ("其他资金", other),
            ];
            sources = named
                .into_iter()
                .filter_map(|(name, amount)| {
                    amount.map(|amount| BudgetLine {
                        name: name.to_owned(),
                        amount,
                    })
                })
                .collect();
        }
        Some(Budget {
            unit: unit.unwrap_or_default(),
            total: total?,
            fiscal,
            other,
            sources,
            items: Vec::new(),
        })
    }

    /// `[execution]` from a 自评表's or 监控表's 预算执行 block and its 总分.
    fn execution(&mut self, found: &Found) -> Option<Execution> {
        let exec = &found.exec;
        let mut execution = Execution::default();
        let amount = |j: usize, reader: &mut Self, field: &str| -> Option<Decimal> {
            reader.from(field, j);
            let text = reader.text(j).to_owned();
            let value = parse_amount(&text).map(|(v, _)| v);
            if value.is_none() {
                reader.problem(j, &format!("金额“{}”不是数字", short(&text)));
            }
            value
        };
        if let Some(j) = exec.adjusted {
            execution.adjusted_budget = amount(j, self, "execution.adjusted_budget");
        }
        if let Some((month, j)) = exec.spent
            && let Some(value) = amount(j, self, "execution.spent")
        {
            execution.spent = vec![SpentPoint {
                month,
                amount: value,
            }];
        }
        if let Some(j) = exec.forecast {
            execution.forecast = amount(j, self, "execution.forecast");
        }
        let number = |j: usize, reader: &mut Self, field: &str| -> Option<Decimal> {
            reader.from(field, j);
            let text = squeeze(reader.text(j));
            // As printed: `100.00%` keeps its decimals (E008 compares to them).
            let value = text.trim_end_matches(['%', '％']).parse::<Decimal>().ok();
            if value.is_none() {
                reader.problem(j, &format!("“{}”不是数字", short(&text)));
            }
            value
        };
        if let Some(j) = exec.rate {
            execution.self_rate = number(j, self, "execution.self_rate");
        }
        if let Some(j) = exec.points {
            execution.self_rate_points = number(j, self, "execution.self_rate_points");
        }
        if let Some(j) = found.self_total {
            execution.self_total = number(j, self, "execution.self_total");
        }
        if let Some(j) = exec.reason {
            self.from("execution.reason", j);
            execution.explanation.reason = Some(clean(self.text(j)));
        }
        (execution != Execution::default()).then_some(execution)
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
        for &(j, _, _) in &values {
            self.from("plan", j);
        }
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
    let Some(pos) = all.iter().rposition(|c| is_title(&squeeze(&c.text))) else {
        for c in heading.iter().filter(|c| !c.text.trim().is_empty()) {
            problems.push(Problem {
                place: c.place.clone(),
                message: format!("表格前的文字无法识别：“{}”", short(&c.text)),
            });
        }
        return (None, None);
    };
    let text = all.get(pos).map(|c| clean(&c.text)).unwrap_or_default();
    let mut used = vec![pos];
    // The year: in the title, or on the line after it (`项目支出绩效目标表` / `（2020年度）`).
    let mut year = year_in(&text);
    if year.is_none()
        && let Some(next) = all.get(pos + 1).filter(|c| is_year_line(&c.text))
    {
        year = year_in(&squeeze(&next.text));
        used.push(pos + 1);
    }
    let before = title_prefix(&text).trim().to_owned();
    let name = if before.is_empty() && pos > 0 {
        // A heading split in two (`某项目` / `项目绩效目标表`), as Word text gives it; not a
        // line of page furniture (`发布时间：…`).
        let prev = all.get(pos - 1).map(|c| clean(&c.text).replace('\n', ""));
        match prev {
            Some(p)
                if !p.contains([':', '：', '|'])
                    && !is_title(&squeeze(&p))
                    && !is_attachment(&squeeze(&p)) =>
            {
                used.push(pos - 1);
                Some(p)
            }
            _ => None,
        }
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

/// The text before the form's own words in a title, without the year in front
/// (`2024年被征地农民社会保障费项目绩效目标表` → `被征地农民社会保障费`… kept as written but
/// for the form words; `2023年项目支出绩效目标申报表` → empty).
fn title_prefix(title: &str) -> String {
    // A title in traditional characters: its simplified reading tells whether anything but a
    // year comes before the form's words; what does is kept as written (the whole title, as
    // the cut cannot be mapped back through the reading).
    let simple = simplified(title);
    if simple != title {
        let before = title_prefix(&simple);
        let before = before.trim_matches(['|', ' ']);
        let bare = before
            .trim_end_matches("年度")
            .trim_end_matches('年')
            .chars()
            .all(|c| c.is_ascii_digit());
        return if bare {
            String::new()
        } else {
            title.trim_matches(['|', ' ']).to_owned()
        };
    }
    let cut = [
        "项目支出绩效",
        "项目绩效",
        "绩效目标",
        "绩效监控",
        "绩效自评",
        "项目支出",
    ]
    .iter()
    .filter_map(|w| title.find(w))
    .min()
    .unwrap_or(title.len());
    let before = title.get(..cut).unwrap_or_default();
    // `部门预算项目支出绩效自评表`: the kind of budget, not a title.
    let before = if matches!(before, "部门预算" | "部门") {
        ""
    } else {
        before
    };
    let bare_year = before
        .trim_end_matches("年度")
        .trim_end_matches('年')
        .chars()
        .all(|c| c.is_ascii_digit());
    if bare_year {
        String::new()
    } else {
        before.to_owned()
    }
}

/// `附件1`, `附件`: the attachment number printed above a form, not its title.
fn is_attachment(text: &str) -> bool {
    text.strip_prefix("附件")
        .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '-'))
}

/// `2020年度)`, `（2025年度）`: a line that only states the year.
fn is_year_line(text: &str) -> bool {
    let t = squeeze(text);
    let t = t.trim_matches(['(', ')', '（', '）']);
    year_in(t).is_some() && t.chars().count() <= 8
}

/// A cell holding a label and its value (`年度资金总额：16`, `预算单位：某局`) as two cells, the
/// value after the label, both at the cell's place; any other cell as it is.
fn inline_value(cell: &Cell) -> Vec<Cell> {
    if label_of(&cell.text).is_some() {
        return vec![cell.clone()];
    }
    let text = cell.text.trim();
    let Some(at) = text.find([':', '：']) else {
        return vec![cell.clone()];
    };
    let (left, right) = text.split_at(at);
    let right = right.trim_start_matches([':', '：']).trim();
    // `一、预算资金:250`, `二、自有资金:0`: the form's numbering is no part of the label.
    let left = left
        .trim()
        .trim_start_matches(['一', '二', '三', '四', '五', '六'])
        .trim_start_matches(['、', '.', '．']);
    let left = match left.trim() {
        "预算单位" | "填报单位" | "部门" | "单位名称" => "主管部门",
        other => other,
    };
    let wanted = matches!(
        label_of(left),
        Some(
            Label::Name
                | Label::Code
                | Label::Department
                | Label::Implementer
                | Label::Total(_)
                | Label::Fiscal(_)
                | Label::Other(_)
                | Label::YearTotal(_)
                | Label::YearFiscal(_)
                | Label::YearOther(_)
                | Label::CarriedOver(_)
                | Label::Period
                | Label::Purpose
        )
    );
    if !wanted || right.is_empty() {
        return vec![cell.clone()];
    }
    let part = |text: &str, col: usize| Cell {
        text: text.to_owned(),
        place: cell.place.clone(),
        col,
    };
    vec![part(left, cell.col), part(right, cell.col)]
}

/// What a 自评表 says under 实际完成情况 (or the form's own guidance left there): listed, as the
/// project file has no place for it.
fn done_not_imported(text: &str) -> String {
    format!(
        "实际完成情况未导入（项目文件没有这一项）：“{}”",
        short(text)
    )
}

/// A short cell that reads as a form label (`该项目支出上级资金`, `自有资金：`, `1,000`), not as
/// the sentence of a 资金用途.
fn looks_like_label(text: &str) -> bool {
    let t = squeeze(text);
    let short = t.chars().count() <= 15;
    let labelish = [
        "资金", "金额", "总额", "拨款", "结转", "收入", "预算", "万元",
    ]
    .iter()
    .any(|w| t.trim_end_matches([':', '：']).ends_with(w));
    // `三、其他:0`: a label perf does not know, written with its amount.
    let with_amount = t.split_once([':', '：']).is_some_and(|(label, amount)| {
        label.chars().count() <= 10 && parse_amount(amount).is_some()
    });
    t.ends_with([':', '：']) || (short && labelish) || with_amount || parse_amount(&t).is_some()
}

/// A name and the code written with it: `[015001]某局`, `【077】某局`, `某局 201001`,
/// `201001 某局`. A code is digits (letters allowed after the first digit), 3 to 20 of them.
pub(crate) fn split_code(text: &str) -> (String, Option<String>) {
    let text = clean(text).replace('\n', "");
    let is_code = |c: &str| {
        let n = c.chars().count();
        (3..=32).contains(&n)
            && c.starts_with(|ch: char| ch.is_ascii_digit())
            && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
    };
    for (open, close) in [('[', ']'), ('【', '】'), ('［', '］')] {
        if let Some(rest) = text.strip_prefix(open)
            && let Some((code, name)) = rest.split_once(close)
            && is_code(code.trim())
            && !name.trim().is_empty()
        {
            return (name.trim().to_owned(), Some(code.trim().to_owned()));
        }
    }
    // `51000021R000000019951-工资性支出`: a long code joined by a dash (a year such as
    // `2023-2024年…` is too short to be one).
    if let Some((code, name)) = text.split_once(['-', '－'])
        && code.chars().count() >= 6
        && is_code(code.trim())
        && !name.trim().is_empty()
    {
        return (name.trim().to_owned(), Some(code.trim().to_owned()));
    }
    if let Some((name, code)) = text.rsplit_once([' ', '\u{3000}'])
        && is_code(code.trim())
        && !name.trim().is_empty()
    {
        return (name.trim().to_owned(), Some(code.trim().to_owned()));
    }
    if let Some((code, name)) = text.split_once([' ', '\u{3000}'])
        && is_code(code.trim())
        && !name.trim().is_empty()
    {
        return (name.trim().to_owned(), Some(code.trim().to_owned()));
    }
    (text, None)
}

/// `2023.07-2024.01`, `202001-202012`, `2023年4月-2024年2月`, `2024-01/2024-12` → the period
/// as a project file writes it (`2023-07/2024-01`); `None` unless exactly two year-months.
fn period_of(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<(u32, u32)> = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let run: String = chars
            .get(k..)?
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if run.is_empty() {
            k += 1;
            continue;
        }
        let len = run.chars().count();
        k += len;
        if len == 6 || len == 8 {
            let year = run.get(..4)?.parse().ok()?;
            let month = run.get(4..6)?.parse().ok()?;
            found.push((year, month));
        } else if len == 4 {
            let year: u32 = run.parse().ok()?;
            let sep = chars.get(k).copied();
            if matches!(sep, Some('.' | '-' | '年' | '/' | '－')) {
                let month: String = chars
                    .get(k + 1..)?
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                if !month.is_empty() && month.chars().count() <= 2 {
                    k += 1 + month.chars().count();
                    found.push((year, month.parse().ok()?));
                }
            }
        }
    }
    match found.as_slice() {
        [(y1, m1), (y2, m2)]
            if (1..=12).contains(m1) && (1..=12).contains(m2) && (y1, m1) <= (y2, m2) =>
        {
            Some(format!("{y1}-{m1:02}/{y2}-{m2:02}"))
        }
        _ => None,
    }
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
    fn codes_come_off_names() {
        assert_eq!(
            split_code("[015001]武汉市青山区教育局"),
            ("武汉市青山区教育局".to_owned(), Some("015001".to_owned()))
        );
        assert_eq!(
            split_code("示例区民政局 201001"),
            ("示例区民政局".to_owned(), Some("201001".to_owned()))
        );
        assert_eq!(split_code("[077]某项目").1.as_deref(), Some("077"));
        assert_eq!(
            split_code("2024年 某项目"),
            ("2024年 某项目".to_owned(), None)
        );
        assert_eq!(split_code("某局").1, None);
    }

    #[test]
    fn periods_read_as_year_months() {
        assert_eq!(
            period_of("2023.07-2024.01").as_deref(),
            Some("2023-07/2024-01")
        );
        assert_eq!(
            period_of("202001-202012").as_deref(),
            Some("2020-01/2020-12")
        );
        assert_eq!(
            period_of("2023年4月-2024年2月").as_deref(),
            Some("2023-04/2024-02")
        );
        assert_eq!(period_of("2024年"), None);
        assert_eq!(period_of("2024.13-2024.12"), None);
    }

    #[test]
    fn goals_lose_their_numbers() {
        assert_eq!(split_goals("目标1：及时拨付。"), vec!["及时拨付。"]);
        assert_eq!(
            split_goals("目标1：甲。\n目标2：乙。"),
            vec!["甲。".to_owned(), "乙。".to_owned()]
        );
    }
}
