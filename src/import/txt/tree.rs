//! A 批复表 printed as a tree, as some city sites publish them (石嘴山 2020): no 项目名称 label
//! and no 一级指标 header, only the columns `项目 指标值 绩效金额` and then one line per node,
//! its level told by its indentation — the department, then the project (with its 绩效金额 on
//! the next line), then 一级, 二级 and 三级 indicators, each 三级 followed by its 指标值:
//!
//! ```text
//!  石嘴山市疾病预防控制中心
//!   狂犬、乙肝、流感等疫苗及美沙酮药物
//! 3000000
//!    产出指标
//!     成本指标(必填硬性指标)
//!      按照物价部门定价标准采购
//! 100%
//! ```
//!
//! The tree is read only when its indentation is consistent: five depths one space (or one
//! full-width space) apart, each node one level under the one before it at most, a 一级 and a
//! 二级 a category (`…指标`), every 三级 followed by its 指标值. Otherwise the reader says
//! where the indentation breaks and reads nothing: a level cannot be guessed.
//!
//! What is read becomes a grid in the form's own words (`项目名称`, `主管部门`, `预算数`,
//! `一级指标 二级指标 三级指标 指标值`) at the places of the lines, so the form reader maps it
//! like any other table.

use crate::import::labels::{Label, label_of, parse_amount};
use crate::import::{Cell, Grid, Place, squeeze};

/// A tree found in the lines: the index of its first line (its column header `项目`) and the
/// grid, or the line where its indentation breaks and why.
pub(super) enum Tree {
    Read {
        header: usize,
        end: usize,
        grid: Grid,
    },
    Refused {
        line: usize,
        why: String,
    },
}

fn depth(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\u{3000}')
        .count()
}

fn cell(text: &str, line: usize) -> Cell {
    Cell {
        text: text.trim().to_owned(),
        place: Place::Line(line + 1),
        col: 0,
    }
}

fn is_category(text: &str) -> bool {
    let t = squeeze(text);
    let plain = t.split(['(', '（']).next().unwrap_or_default();
    plain.ends_with("指标")
}

/// The tree in `lines`, if they hold one (a line `项目` followed by `指标值`).
pub(super) fn read(lines: &[&str]) -> Option<Tree> {
    let non_blank: Vec<usize> = (0..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|l| !l.trim().is_empty()))
        .collect();
    let text = |i: usize| lines.get(i).map_or("", |l| l.trim());
    let at = non_blank.iter().position(|&i| squeeze(text(i)) == "项目")?;
    let next = |k: usize| non_blank.get(k).copied();
    if next(at + 1).map(|i| squeeze(text(i))) != Some("指标值".to_owned()) {
        return None;
    }
    let header = next(at)?;
    let mut k = at + 2;
    if next(k).is_some_and(|i| squeeze(text(i)) == "绩效金额") {
        k += 1;
    }
    let first = next(k)?;
    let base = depth(lines.get(first)?);
    if base == 0 {
        return None;
    }
    let refuse = |i: usize, why: &str| {
        Some(Tree::Refused {
            line: i + 1,
            why: why.to_owned(),
        })
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let unit = (0..header).rev().find_map(|i| {
        let t = text(i);
        matches!(label_of(t), Some(Label::Unit(_))).then(|| vec![cell(t, i)])
    });
    rows.extend(unit);
    let header_cells = ["一级指标", "二级指标", "三级指标", "指标值"]
        .iter()
        .map(|w| cell(w, header))
        .collect::<Vec<_>>();
    let mut indicators: Vec<Vec<Cell>> = Vec::new();
    let mut last_depth = base;
    let (mut have_project, mut have1, mut have2) = (false, false, false);
    while let Some(i) = next(k) {
        let line = lines.get(i).copied().unwrap_or_default();
        let d = depth(line);
        if d == 0 {
            // An unindented line that follows no 三级 or project: the tree has ended.
            break;
        }
        if d < base || d > base + 4 {
            return refuse(
                i,
                &format!("缩进 {d} 格，不在这棵树的 {base}–{} 格之内", base + 4),
            );
        }
        if d > last_depth + 1 {
            return refuse(i, "缩进一次深了不止一级");
        }
        last_depth = d;
        let level = d - base;
        match level {
            0 => {
                if !rows.iter().all(|r| r.len() == 1) || have_project {
                    return refuse(i, "树中有第二个部门（一次只读一个项目）");
                }
                rows.push(vec![cell("主管部门", i), cell(line, i)]);
            }
            1 => {
                if have_project {
                    return refuse(i, "树中有第二个项目（一次只读一个项目）");
                }
                have_project = true;
                rows.push(vec![cell("项目名称", i), cell(line, i)]);
                if let Some(j) = next(k + 1).filter(|&j| {
                    lines.get(j).is_some_and(|l| depth(l) == 0) && parse_amount(text(j)).is_some()
                }) {
                    rows.push(vec![cell("预算数", j), cell(text(j), j)]);
                    k += 1;
                }
            }
            2 | 3 => {
                if !is_category(line) {
                    return refuse(i, "一级、二级指标的位置不是指标类别");
                }
                if level == 3 && !have1 {
                    return refuse(i, "二级指标前没有一级指标");
                }
                if level == 2 {
                    have1 = true;
                    have2 = false;
                    indicators.push(vec![cell(line, i)]);
                } else {
                    have2 = true;
                    match indicators.last_mut() {
                        Some(row) if row.len() == 1 => row.push(cell(line, i)),
                        _ => indicators.push(vec![cell("", i), cell(line, i)]),
                    }
                }
            }
            _ => {
                if !have2 {
                    return refuse(i, "三级指标前没有二级指标");
                }
                let Some(j) = next(k + 1).filter(|&j| lines.get(j).is_some_and(|l| depth(l) == 0))
                else {
                    return refuse(i, "三级指标后面没有指标值");
                };
                let name = cell(line, i);
                let value = cell(text(j), j);
                match indicators.last_mut() {
                    Some(row) if row.len() == 2 => {
                        row.push(name);
                        row.push(value);
                    }
                    _ => indicators.push(vec![cell("", i), cell("", i), name, value]),
                }
                k += 1;
            }
        }
        k += 1;
    }
    if !have_project || indicators.is_empty() {
        return None;
    }
    if indicators.iter().any(|r| r.len() != 4) {
        let line = indicators
            .iter()
            .find(|r| r.len() != 4)
            .and_then(|r| r.last())
            .map_or(header, |c| match c.place {
                Place::Line(n) => n.saturating_sub(1),
                _ => header,
            });
        return refuse(line, "一级或二级指标下面没有三级指标");
    }
    rows.push(header_cells);
    rows.extend(indicators);
    // The lines after the tree are the page's, reported by the caller as paragraphs.
    let end = next(k).unwrap_or(lines.len());
    Some(Tree::Read {
        header,
        end,
        grid: Grid {
            rows,
            rows_known: true,
        },
    })
}
