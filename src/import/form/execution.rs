//! The 预算执行 block of a 自评表 or 监控表: a header of amount columns (`年初预算数 全年预算数
//! 全年执行数 分值 执行率 得分`, `年初预算 调整后预算数 预算执行数 预算执行率 权重 得分 原因`),
//! then one row per source of funds (`年度资金总额`, `其中：当年财政拨款`, `上年结转资金`,
//! `其他资金`). The 年度资金总额 row gives `[budget] total` (年初预算数, else 全年预算数),
//! `[execution] adjusted_budget` (全年预算数 when it differs), `spent` (全年执行数: month 12,
//! or the month a 监控表 names, `1-7月执行数`), `self_rate`, `self_rate_points`, `forecast` and
//! `reason`; the 财政拨款, 上年结转 and 其他资金 rows give the budget's split.
//!
//! Web copies lose merged cells (the 分值/执行率/得分 cells span the block's rows), so a row
//! may be shorter than the header. A row is placed only when its cells say where they belong:
//! all of them, or its amounts alone (the merged cells are the later ones), or — around the one
//! cell written as a percentage, which is the 执行率 — the amounts before it. When the amounts
//! placed do not give the printed 执行率 (执行数 ÷ 预算数), the row is not imported and is
//! listed: which cell is missing cannot be told without guessing.

use rust_decimal::Decimal;

use crate::import::form::{Found, Reader};
use crate::import::labels::{
    ExecColumn, Label, column_of, exec_column_of, label_of, parse_amount, parse_number, simplified,
};
use crate::import::{short, squeeze};

/// A row of the block: which source of funds it states.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Funding {
    Total,
    Fiscal,
    Carried,
    Other,
    /// 财政专户管理资金, 单位资金: no field of the project file.
    Unplaced,
}

fn funding_of(text: &str) -> Option<Funding> {
    match label_of(text) {
        Some(Label::Total(_) | Label::YearTotal(_)) => Some(Funding::Total),
        Some(Label::Fiscal(_) | Label::YearFiscal(_)) => Some(Funding::Fiscal),
        Some(Label::CarriedOver(_)) => Some(Funding::Carried),
        Some(Label::Other(_) | Label::YearOther(_)) => Some(Funding::Other),
        _ => match simplified(&squeeze(text)).trim_start_matches("其中:") {
            "总额" | "合计" => Some(Funding::Total),
            "其中:当年财政拨款"
            | "当年财政拨款"
            | "当年一般公共预算拨款"
            | "一般公共预算拨款"
            | "本年财政拨款" => Some(Funding::Fiscal),
            "财政专户管理资金" | "单位资金" | "自有资金" | "单位自有资金" => {
                Some(Funding::Unplaced)
            }
            _ => None,
        },
    }
}

/// An empty cell as forms write one (`—`, `/`).
fn blank(text: &str) -> bool {
    let t = squeeze(text);
    t.is_empty()
        || t.chars()
            .all(|c| matches!(c, '—' | '-' | '/' | '－' | '／' | '…'))
}

fn percent(text: &str) -> bool {
    squeeze(text).ends_with(['%', '％'])
}

/// The printed percentage, as written (its decimals kept: E008 compares to them).
fn rate_value(text: &str) -> Option<Decimal> {
    let t = squeeze(text);
    let t = t.trim_end_matches(['%', '％']);
    t.parse::<Decimal>().ok()
}

fn zero(text: &str) -> bool {
    parse_number(squeeze(text).trim_end_matches(['%', '％'])).is_some_and(|v| v.is_zero())
}

/// The form's own guidance left in a cell (`…（100字以内）`), not the unit's content.
fn instruction(text: &str) -> bool {
    let t = squeeze(text);
    t.contains("字以内") || t.contains("须说明原因") || t.contains("需说明原因")
}

impl Reader<'_> {
    /// The 预算执行 block starting at `i` (its heading `项目资金（万元）` / `年度预算数（万元）`, or
    /// its first column word): read into `found`; the index after it. `None` when no such
    /// header starts here.
    pub(super) fn execution_block(&mut self, i: usize, found: &mut Found) -> Option<usize> {
        let mut unit = None;
        let mut k = i;
        if exec_column_of(self.text(i)).is_none() {
            match label_of(self.text(i)) {
                Some(Label::Total(u) | Label::BudgetBlock(u)) => unit = u,
                Some(Label::Unit(u)) => unit = Some(u),
                Some(Label::Block) => {}
                _ => return None,
            }
            k = i + 1;
        }
        let mut columns: Vec<ExecColumn> = Vec::new();
        let mut header = Vec::new();
        while k < self.cells.len() {
            let text = self.text(k);
            if text.trim().is_empty() {
                k += 1;
                continue;
            }
            match exec_column_of(text) {
                Some(c) => {
                    columns.push(c);
                    header.push(k);
                    k += 1;
                }
                None => break,
            }
        }
        let amounts = columns
            .iter()
            .filter(|c| {
                matches!(
                    c,
                    ExecColumn::Initial | ExecColumn::Adjusted | ExecColumn::Spent(_)
                )
            })
            .count();
        if amounts < 2 {
            return None;
        }
        for m in i..k {
            self.mark(m);
        }
        found.unit = found.unit.or(unit);
        let mut total_refused = false;
        let mut total_row: Vec<(ExecColumn, usize)> = Vec::new();
        loop {
            while k < self.cells.len() && self.text(k).trim().is_empty() {
                self.mark(k);
                k += 1;
            }
            let Some(funding) = funding_of(self.text(k)) else {
                break;
            };
            let label = k;
            self.mark(k);
            k += 1;
            let start = k;
            while k < self.cells.len() {
                let t = self.text(k);
                if funding_of(t).is_some() || label_of(t).is_some() || column_of(t).is_some() {
                    break;
                }
                k += 1;
            }
            let cells: Vec<usize> = (start..k).collect();
            for &c in &cells {
                self.mark(c);
            }
            if total_refused && funding != Funding::Total {
                if cells.iter().any(|&c| !blank(self.text(c))) {
                    self.exec_refused(label, &cells, "年度资金总额一行未导入，其下各行也不导入");
                }
                continue;
            }
            let placed = match self.exec_place(&cells, &columns) {
                Ok(placed) => placed,
                Err(why) => {
                    self.exec_refused(label, &cells, &why);
                    total_refused |= funding == Funding::Total;
                    continue;
                }
            };
            self.exec_row(funding, label, &placed, &total_row, found);
            if funding == Funding::Total {
                total_row = placed;
            }
        }
        Some(k)
    }

    fn exec_refused(&mut self, label: usize, cells: &[usize], why: &str) {
        let texts: Vec<String> = cells
            .iter()
            .map(|&c| short(self.text(c)))
            .filter(|t| !t.is_empty())
            .collect();
        let name = squeeze(self.text(label));
        self.problem(
            label,
            &format!(
                "预算执行情况“{name}”这一行未导入：{why}；这一行是“{}”",
                texts.join("｜")
            ),
        );
    }

    /// Where each cell of a row goes (see the module comment), or why it cannot be told.
    fn exec_place(
        &self,
        cells: &[usize],
        columns: &[ExecColumn],
    ) -> Result<Vec<(ExecColumn, usize)>, String> {
        let mut cells = cells.to_vec();
        while cells
            .last()
            .is_some_and(|&c| self.text(c).trim().is_empty())
        {
            cells.pop();
        }
        if cells.iter().all(|&c| blank(self.text(c))) {
            return Ok(Vec::new());
        }
        if cells.len() > columns.len() {
            return Err(format!("单元格比表头的列多（表头 {} 列）", columns.len()));
        }
        let amounts = columns
            .iter()
            .take_while(|c| {
                matches!(
                    c,
                    ExecColumn::Initial | ExecColumn::Adjusted | ExecColumn::Spent(_)
                )
            })
            .count();
        let rate_col = columns.iter().position(|c| *c == ExecColumn::Rate);
        let pct = cells.iter().position(|&c| percent(self.text(c)));
        let mut placed = Vec::new();
        match (pct, rate_col) {
            (Some(p), Some(r)) => {
                let before = cells.get(..p).unwrap_or_default();
                let after = cells.get(p + 1..).unwrap_or_default();
                let before_cols = if before.len() == r {
                    columns.get(..r)
                } else if before.len() == amounts && amounts <= r {
                    columns.get(..amounts)
                } else {
                    None
                };
                let Some(before_cols) = before_cols else {
                    return Err(format!(
                        "执行率前有 {} 格，表头在执行率前有 {r} 列，缺的是哪一格无法确定",
                        before.len()
                    ));
                };
                let after_cols = columns.get(r + 1..).unwrap_or_default();
                if after.len() > after_cols.len() {
                    return Err("执行率后的单元格比表头的列多".to_owned());
                }
                placed.extend(before_cols.iter().copied().zip(before.iter().copied()));
                if let Some(&c) = cells.get(p) {
                    placed.push((ExecColumn::Rate, c));
                }
                placed.extend(after_cols.iter().copied().zip(after.iter().copied()));
            }
            (Some(_), None) => return Err("表头没有执行率一列，百分数无处可放".to_owned()),
            (None, _) => {
                if cells.len() != columns.len() && cells.len() > amounts {
                    return Err(format!(
                        "有 {} 格，表头有 {} 列，缺的是哪一格无法确定",
                        cells.len(),
                        columns.len()
                    ));
                }
                placed.extend(columns.iter().copied().zip(cells.iter().copied()));
            }
        }
        self.rate_agrees(&placed)?;
        Ok(placed)
    }

    /// The placed amounts must give the printed 执行率 (to its decimals): else the cells are
    /// not where the header says.
    fn rate_agrees(&self, placed: &[(ExecColumn, usize)]) -> Result<(), String> {
        let get = |want: fn(&ExecColumn) -> bool| {
            placed
                .iter()
                .find(|(c, k)| want(c) && !blank(self.text(*k)))
                .map(|(_, k)| self.text(*k))
        };
        let Some(rate) = get(|c| *c == ExecColumn::Rate) else {
            return Ok(());
        };
        let budget =
            get(|c| *c == ExecColumn::Adjusted).or_else(|| get(|c| *c == ExecColumn::Initial));
        let spent = get(|c| matches!(c, ExecColumn::Spent(_)));
        let (Some(budget), Some(spent), Some(rate_v)) = (budget, spent, rate_value(rate)) else {
            return Ok(());
        };
        let (Some((b, _)), Some((s, _))) = (parse_amount(budget), parse_amount(spent)) else {
            return Ok(());
        };
        let computed = if b.is_zero() {
            Decimal::ZERO
        } else {
            s * Decimal::ONE_HUNDRED / b
        };
        // Within a point: forms round the rate (86% for 86.20%), never by more.
        if (computed - rate_v).abs() <= Decimal::ONE {
            Ok(())
        } else {
            Err(format!(
                "按表头的列，执行数 {} ÷ 预算数 {} = {}%，与表上的执行率 {} 不符，单元格与表头的列对不上",
                squeeze(spent),
                squeeze(budget),
                computed.round_dp(2),
                squeeze(rate)
            ))
        }
    }

    /// Writes a placed row into `found`.
    fn exec_row(
        &mut self,
        funding: Funding,
        label: usize,
        placed: &[(ExecColumn, usize)],
        total_row: &[(ExecColumn, usize)],
        found: &mut Found,
    ) {
        let unit = found.unit;
        let cell = |c: ExecColumn, reader: &Self| {
            placed
                .iter()
                .find(|(col, k)| *col == c && !blank(reader.text(*k)))
                .map(|(_, k)| *k)
        };
        let initial = cell(ExecColumn::Initial, self);
        let adjusted = cell(ExecColumn::Adjusted, self);
        let budget = initial.or(adjusted);
        let mut used = Vec::new();
        match funding {
            Funding::Total => {
                if let Some(b) = budget {
                    found.values.push((Label::Total(unit), Some(b)));
                    used.push(b);
                }
                if let (Some(i), Some(a)) = (initial, adjusted) {
                    let differs = parse_number(self.text(i)) != parse_number(self.text(a));
                    if differs {
                        found.exec.adjusted = Some(a);
                    }
                    used.push(a);
                }
                for (c, k) in placed {
                    if blank(self.text(*k)) || used.contains(k) {
                        continue;
                    }
                    match c {
                        ExecColumn::Spent(month) => found.exec.spent = Some((*month, *k)),
                        ExecColumn::Rate => found.exec.rate = Some(*k),
                        ExecColumn::Points => found.exec.points = Some(*k),
                        ExecColumn::Forecast => found.exec.forecast = Some(*k),
                        ExecColumn::Reason if instruction(self.text(*k)) => self.problem(
                            *k,
                            &format!("表格的填写说明未导入：“{}”", short(self.text(*k))),
                        ),
                        ExecColumn::Reason => found.exec.reason = Some(*k),
                        ExecColumn::Score => self.problem(
                            *k,
                            &format!(
                                "预算执行率的得分“{}”未导入（项目文件不记这一项）",
                                squeeze(self.text(*k))
                            ),
                        ),
                        ExecColumn::Initial | ExecColumn::Adjusted => {}
                    }
                }
            }
            Funding::Fiscal | Funding::Carried | Funding::Other => {
                let field = match funding {
                    Funding::Fiscal => Label::Fiscal(unit),
                    Funding::Carried => Label::CarriedOver(unit),
                    _ => Label::Other(unit),
                };
                // A 财政拨款 of 0 is written (the total may be 0 too); a 上年结转 or 其他资金 of
                // 0 says there is none.
                if let Some(b) =
                    budget.filter(|&b| funding == Funding::Fiscal || !zero(self.text(b)))
                {
                    found.values.push((field, Some(b)));
                    used.push(b);
                }
                if let Some(a) = adjusted {
                    used.push(a);
                }
                let name = squeeze(self.text(label));
                for (c, k) in placed {
                    let text = self.text(*k);
                    if blank(text) || zero(text) || used.contains(k) {
                        continue;
                    }
                    // The same figure as the 年度资金总额 row's (all of it is 财政拨款): implied.
                    let same = total_row
                        .iter()
                        .any(|(tc, tk)| tc == c && squeeze(self.text(*tk)) == squeeze(text));
                    if !same {
                        self.problem(
                            *k,
                            &format!(
                                "“{name}”的{}“{}”未导入（项目文件只记各来源的预算数）",
                                exec_name(*c),
                                squeeze(text)
                            ),
                        );
                    }
                }
            }
            Funding::Unplaced => {
                let name = squeeze(self.text(label));
                for (c, k) in placed {
                    let text = self.text(*k);
                    if !blank(text) && !zero(text) {
                        self.problem(
                            *k,
                            &format!(
                                "“{name}”的{}“{}”未导入（项目文件没有这一来源）",
                                exec_name(*c),
                                squeeze(text)
                            ),
                        );
                    }
                }
            }
        }
    }
}

fn exec_name(c: ExecColumn) -> &'static str {
    match c {
        ExecColumn::Initial => "年初预算数",
        ExecColumn::Adjusted => "全年预算数",
        ExecColumn::Spent(_) => "执行数",
        ExecColumn::Points => "分值",
        ExecColumn::Rate => "执行率",
        ExecColumn::Score => "得分",
        ExecColumn::Forecast => "全年预计执行数",
        ExecColumn::Reason => "原因",
    }
}
