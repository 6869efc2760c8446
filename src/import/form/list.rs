//! The list layout: one table for many projects, one row per indicator (`单位名称 | 项目名称 |
//! 预算数 | 年度目标 | 一级指标 | …`), as county budget disclosures print 部门预算项目绩效目标表.
//! A row that names a project starts it; the rows after it, whose leading cells are merged
//! away, are its further indicators. Rows are placed on the header's columns from the right
//! (the merged cells are the leading ones), and a row that does not fit is a problem.

use crate::import::form::indicators::{is_category, is_level};
use crate::import::form::split_code;
use crate::import::labels::{Column, Label, column_of, label_of, parse_amount, parse_number};
use crate::import::{Cell, Defaults, Grid, ImportedProject, Place, Problem, clean, short, squeeze};
use crate::model::budget::Budget;
use crate::model::money::MoneyUnit;
use crate::model::project::{Direction, Indicator, Project};

/// A column of the list: a project's own, or one of the indicator table's.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ListColumn {
    Unit,
    Name,
    Total,
    Goal,
    Indicator(Column),
}

fn list_column(text: &str) -> Option<ListColumn> {
    match label_of(text) {
        Some(Label::Name) => return Some(ListColumn::Name),
        Some(Label::Total(_)) => return Some(ListColumn::Total),
        Some(Label::GoalsBlock) => return Some(ListColumn::Goal),
        _ => {}
    }
    let word = squeeze(text);
    if matches!(word.as_str(), "单位名称" | "预算单位" | "部门名称") {
        return Some(ListColumn::Unit);
    }
    if word == "指标方向性" {
        return Some(ListColumn::Indicator(Column::Direction));
    }
    column_of(text).map(ListColumn::Indicator)
}

/// The header row of a list: it names both 项目名称 and 一级指标.
fn header(grid: &Grid) -> Option<(usize, Vec<ListColumn>)> {
    grid.rows.iter().enumerate().find_map(|(r, row)| {
        let columns: Vec<ListColumn> = row.iter().filter_map(|c| list_column(&c.text)).collect();
        let has = |want: ListColumn| columns.contains(&want);
        (has(ListColumn::Name) && has(ListColumn::Indicator(Column::Level1)))
            .then_some((r, columns))
    })
}

/// The projects of a list-layout table; `None` when the table is not one.
pub fn projects(
    heading: &[Cell],
    grid: &Grid,
    defaults: &Defaults,
) -> Option<Vec<ImportedProject>> {
    // Only text copies: a workbook's or a Word table's cells have their true columns, and
    // their rows are not placed from the right.
    let text_rows = grid
        .rows
        .iter()
        .flatten()
        .all(|c| matches!(c.place, Place::Line(_)));
    if !grid.rows_known || !text_rows {
        return None;
    }
    let (header_row, columns) = header(grid)?;
    let mut problems = Vec::new();
    // The unit of the amounts: `金额单位：元` above the header.
    let unit = grid
        .rows
        .iter()
        .take(header_row)
        .flatten()
        .chain(heading)
        .find_map(|c| match label_of(&c.text) {
            Some(Label::Unit(u)) => Some(u),
            _ => None,
        });
    let year = heading
        .iter()
        .chain(grid.rows.iter().take(header_row).flatten())
        .find_map(|c| crate::import::year_in(&squeeze(&c.text)));
    let mut out: Vec<ImportedProject> = Vec::new();
    let mut unit_name: Option<String> = None;
    for row in grid.rows.iter().skip(header_row + 1) {
        let cells: Vec<&Cell> = row.iter().collect();
        if cells.iter().all(|c| c.text.trim().is_empty()) {
            continue;
        }
        if cells.len() > columns.len() {
            problems_for(&mut out, &mut problems).push(misfit(
                &cells,
                columns.len(),
                "单元格比表头的列多",
            ));
            continue;
        }
        let skip = columns.len() - cells.len();
        let placed: Vec<(ListColumn, &Cell)> = cells
            .iter()
            .enumerate()
            .filter_map(|(k, c)| columns.get(k + skip).map(|col| (*col, *c)))
            .collect();
        let get = |want: ListColumn| {
            placed
                .iter()
                .find(|(c, _)| *c == want)
                .map(|(_, cell)| clean(&cell.text))
                .filter(|t| !t.is_empty())
        };
        if let Some(unit_cell) = get(ListColumn::Unit) {
            let (name, code) = split_code(&unit_cell.replacen('-', " ", 1));
            if let (Some(code), Some(cell)) = (
                code,
                placed
                    .iter()
                    .find(|(c, _)| *c == ListColumn::Unit)
                    .map(|(_, c)| c),
            ) {
                problems.push(Problem {
                    place: cell.place.clone(),
                    message: format!("单位的编码“{code}”未导入（项目文件只记名称）"),
                });
            }
            unit_name = Some(name);
        }
        if let Some(name) = get(ListColumn::Name) {
            let place = placed
                .iter()
                .find(|(c, _)| *c == ListColumn::Name)
                .map_or(Place::Line(0), |(_, c)| c.place.clone());
            let total = get(ListColumn::Total).and_then(|t| parse_amount(&t));
            let budget = total.map(|(total, written)| Budget {
                unit: unit.or(written).unwrap_or(MoneyUnit::Wan),
                total,
                fiscal: None,
                other: None,
                sources: Vec::new(),
                items: Vec::new(),
            });
            let project = Project {
                name,
                department: unit_name
                    .clone()
                    .or_else(|| defaults.department.clone())
                    .unwrap_or_default(),
                year: year.or(defaults.year),
                goals: get(ListColumn::Goal).into_iter().collect(),
                budget,
                ..Project::default()
            };
            out.push(ImportedProject {
                project,
                place: place.clone(),
                problems: std::mem::take(&mut problems),
                provenance: vec![("name".to_owned(), place)],
            });
        } else if placed
            .iter()
            .any(|(c, _)| !matches!(c, ListColumn::Indicator(_)))
        {
            // A subtotal row (`820-某部门 | 8,827,620.53`): not a project's.
            let text: Vec<String> = cells.iter().map(|c| short(&c.text)).collect();
            if let Some(first) = cells.first() {
                problems_for(&mut out, &mut problems).push(Problem {
                    place: first.place.clone(),
                    message: format!("这一行不是指标，未导入：“{}”", text.join("｜")),
                });
            }
            continue;
        }
        // The row's indicator cells, read as the indicator table reads a row.
        let indicator_cells: Vec<Cell> = placed
            .iter()
            .filter(|(c, _)| matches!(c, ListColumn::Indicator(_)))
            .map(|(_, c)| (*c).clone())
            .collect();
        let indicator_columns: Vec<Column> = columns
            .iter()
            .filter_map(|c| match c {
                ListColumn::Indicator(col) => Some(*col),
                _ => None,
            })
            .collect();
        let Some(current) = out.last_mut() else {
            problems.push(misfit(&cells, columns.len(), "项目名称之前的指标行"));
            continue;
        };
        let previous = current
            .project
            .indicators
            .last()
            .map(|i| (i.level1_label.to_string(), i.level2_label.to_string()));
        match row_indicator(&indicator_cells, &indicator_columns, previous) {
            Ok(Some(indicator)) => {
                current.provenance.push((
                    format!(
                        "indicator {}（{}）",
                        current.project.indicators.len() + 1,
                        indicator.name
                    ),
                    indicator_cells
                        .first()
                        .map_or(Place::Line(0), |c| c.place.clone()),
                ));
                current.project.indicators.push(indicator);
            }
            Ok(None) => {}
            Err(why) => current.problems.push(misfit(&cells, columns.len(), why)),
        }
    }
    if let Some(last) = out.last_mut() {
        last.problems.append(&mut problems);
    }
    Some(out)
}

/// One indicator from a row's cells placed on their columns; `Ok(None)` for a row with no
/// name and no value (a blank template row); `Err` when the cells cannot be the row's.
fn row_indicator(
    cells: &[Cell],
    columns: &[Column],
    previous: Option<(String, String)>,
) -> Result<Option<Indicator>, &'static str> {
    let skip = columns.len().saturating_sub(cells.len());
    let get = |want: Column| {
        cells
            .iter()
            .enumerate()
            .find(|(k, _)| columns.get(k + skip) == Some(&want))
            .map(|(_, c)| clean(&c.text))
            .unwrap_or_default()
    };
    let (prev1, prev2) = previous.unwrap_or_default();
    let l1 = squeeze(&get(Column::Level1));
    let l2 = squeeze(&get(Column::Level2));
    let name = get(Column::Name);
    let mut target = get(Column::Target);
    let fits = (l1.is_empty() || is_category(&l1))
        && (l2.is_empty() || is_category(&l2))
        && (!is_level(&squeeze(&name)) || [&l1, &l2].contains(&&squeeze(&name)))
        && !is_level(&squeeze(&target));
    if !fits {
        return Err(
            "单元格与表头的列对不上（一级、二级指标的位置不是指标类别，或指标名称、指标值的位置是指标类别）",
        );
    }
    if name.is_empty() && target.is_empty() {
        return Ok(None);
    }
    let level1 = if l1.is_empty() { prev1 } else { l1 };
    let level2 = if l2.is_empty() { prev2 } else { l2 };
    let nature = squeeze(&get(Column::Nature));
    if !nature.is_empty() && !target.is_empty() && !nature.starts_with("定性") {
        target = format!("{nature}{target}");
    }
    let mut indicator = Indicator::new(&level1, &level2, &name, &target);
    let optional = |t: String| (!t.is_empty()).then_some(t);
    indicator.description = optional(get(Column::Description));
    indicator.basis = optional(get(Column::Basis)).map(std::borrow::Cow::Owned);
    indicator.direction = Direction::from_label(&get(Column::Direction));
    indicator.weight = parse_number(&get(Column::Weight));
    if let Some(unit) = optional(get(Column::Unit)) {
        indicator.set_unit(&unit);
    }
    Ok(Some(indicator))
}

fn problems_for<'a>(
    out: &'a mut [ImportedProject],
    pending: &'a mut Vec<Problem>,
) -> &'a mut Vec<Problem> {
    match out.last_mut() {
        Some(p) => &mut p.problems,
        None => pending,
    }
}

fn misfit(cells: &[&Cell], width: usize, why: &str) -> Problem {
    let texts: Vec<String> = cells
        .iter()
        .map(|c| short(&c.text))
        .filter(|t| !t.is_empty())
        .collect();
    Problem {
        place: cells.first().map_or(Place::Line(0), |c| c.place.clone()),
        message: format!(
            "这一行指标未导入：{why}；表头有 {width} 列，这一行是“{}”",
            texts.join("｜")
        ),
    }
}
