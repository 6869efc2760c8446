//! The Excel export: a 汇总 sheet (one row per project, 合计 last — one 合计 per budget year
//! when the projects span several, as budgets of different years are never added up) and one
//! sheet per project
//! in the official 项目绩效目标表 layout — merged label cells, borders, amounts as numbers
//! with two decimals, plan checkpoints as percentages.
//!
//! Excel stores every number as a double, so amounts leave perf's exact decimals here, after
//! rounding to cents; the 合计 row is the sum of the rounded rows, as in every perf table.
//!
//! The workbook is meant to be printed and sent: every sheet is A4 landscape, one page wide,
//! its title row repeated on each page, 填报单位 and 填报日期 in the page header (not in cells,
//! so `perf import` reads the form as before), page numbers in the footer, 宋体 throughout,
//! and rows as tall as their wrapped text (`layout`). perf's findings are not printed inside
//! the official form: they have a sheet of their own, 检查结果, each naming (and linking to)
//! the cell of the form it is about.

mod layout;

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::diag::Severity;
use crate::export::Dataset;
use crate::model::money::round2;
use crate::summary::sheet::ProjectSheet;
use crate::summary::spot::{IndicatorCell, Spot};

use layout::{Heights, print_setup};

/// The summary sheet's name.
pub const SUMMARY_SHEET: &str = "汇总";

/// The findings sheet's name.
pub const FINDINGS_SHEET: &str = "检查结果";

/// Excel's limit on a sheet name, in characters.
const NAME_LIMIT: usize = 31;

/// Builds the workbook and returns the bytes of the .xlsx file. It is signed as perf's
/// (author and last saved by `perf`, custom property `generator` = `perf`), so a later
/// export may replace it while a workbook the clerk saved is kept (`crate::write::kind`).
pub fn write(data: &Dataset) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let generator = crate::write::kind::GENERATOR;
    workbook.set_properties(
        &DocProperties::new()
            .set_author(generator)
            .set_custom_property("generator", generator),
    );
    let styles = Styles::new();
    let names = sheet_names(data.projects.iter().map(|p| p.sheet.name.as_str()));
    summary_sheet(workbook.add_worksheet(), data, &styles)?;
    let mut placed = Vec::new();
    for (sheet, name) in data.projects.iter().map(|p| &p.sheet).zip(names) {
        let cells = project_sheet(workbook.add_worksheet(), &name, sheet, &styles)?;
        placed.push((sheet, name, cells));
    }
    if placed
        .iter()
        .any(|(sheet, _, _)| !sheet.findings.is_empty())
    {
        findings_sheet(workbook.add_worksheet(), &placed, &styles)?;
    }
    workbook.save_to_buffer()
}

/// Sheet names for projects: characters Excel forbids replaced, cut to 31 characters, and
/// made unique (Excel compares names case-insensitively) with a `~2`, `~3` … suffix, never
/// clashing with the summary sheet.
pub fn sheet_names<'a>(projects: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut used: HashSet<String> =
        HashSet::from([SUMMARY_SHEET.to_lowercase(), FINDINGS_SHEET.to_lowercase()]);
    projects
        .map(|name| {
            let clean: String = name
                .chars()
                .map(|c| match c {
                    '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
                    c if c.is_control() => '_',
                    c => c,
                })
                .collect();
            let clean = clean.trim_matches('\'').trim();
            let base = if clean.is_empty() { "项目" } else { clean };
            let mut n = 1;
            loop {
                let suffix = if n == 1 {
                    String::new()
                } else {
                    format!("~{n}")
                };
                let keep = NAME_LIMIT - suffix.chars().count();
                let candidate: String =
                    base.chars().take(keep).collect::<String>() + suffix.as_str();
                if used.insert(candidate.to_lowercase()) {
                    break candidate;
                }
                n += 1;
            }
        })
        .collect()
}

struct Styles {
    title: Format,
    label: Format,
    text: Format,
    money: Format,
    percent: Format,
    header: Format,
}

impl Styles {
    fn new() -> Self {
        let cell = layout::font(Format::new())
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Self {
            title: layout::font(Format::new())
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            label: cell.clone().set_bold().set_align(FormatAlign::Center),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color("#E8EEF4"),
            text: cell.clone(),
            money: cell.clone().set_num_format("0.00"),
            percent: cell.set_num_format("0.00%"),
        }
    }
}

fn number(value: Decimal) -> f64 {
    round2(value).to_f64().unwrap_or_default()
}

fn summary_sheet(ws: &mut Worksheet, data: &Dataset, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(SUMMARY_SHEET)?;
    let header = [
        "部门",
        "年度",
        "项目",
        "预算数（万元）",
        "财政资金",
        "其他资金",
        "错误",
        "警告",
    ];
    for (c, h) in (0u16..).zip(header) {
        ws.write_string_with_format(0, c, h, &s.header)?;
    }
    // One set of totals per budget year: budgets of different years are never added up.
    let mut years: Vec<Option<i64>> = data.projects.iter().map(|p| p.sheet.year).collect();
    years.sort_unstable();
    years.dedup();
    let mut totals = vec![(0usize, [Decimal::ZERO; 3]); years.len()];
    let mut row = 1u32;
    for p in &data.projects {
        let at = years.iter().position(|y| *y == p.sheet.year);
        if let Some((n, _)) = at.and_then(|i| totals.get_mut(i)) {
            *n += 1;
        }
        ws.write_string_with_format(row, 0, &p.sheet.department, &s.text)?;
        match p.sheet.year {
            Some(y) => ws.write_number_with_format(row, 1, y as f64, &s.text)?,
            None => ws.write_blank(row, 1, &s.text)?,
        };
        ws.write_string_with_format(row, 2, &p.sheet.name, &s.text)?;
        for (i, amount) in [p.sheet.total, p.sheet.fiscal, p.sheet.other]
            .into_iter()
            .enumerate()
        {
            let col = 3 + i as u16;
            match amount {
                Some(a) => {
                    let year = at.and_then(|y| totals.get_mut(y));
                    if let Some(t) = year.and_then(|(_, t)| t.get_mut(i)) {
                        *t += round2(a);
                    }
                    ws.write_number_with_format(row, col, number(a), &s.money)?
                }
                None => ws.write_string_with_format(row, col, "—", &s.text)?,
            };
        }
        for (col, severity) in [(6u16, Severity::Error), (7, Severity::Warning)] {
            let n = p
                .sheet
                .findings
                .iter()
                .filter(|f| f.severity == severity)
                .count();
            ws.write_number_with_format(row, col, n as f64, &s.text)?;
        }
        row += 1;
    }
    let several = years.len() > 1;
    for (year, (n, sums)) in years.iter().zip(&totals) {
        let label = match (several, year) {
            (false, _) => "合计".to_owned(),
            (true, Some(y)) => format!("{y}年合计"),
            (true, None) => "年度未知合计".to_owned(),
        };
        ws.write_string_with_format(row, 0, &label, &s.label)?;
        ws.write_blank(row, 1, &s.text)?;
        ws.write_string_with_format(row, 2, format!("{n} 个项目"), &s.text)?;
        for (i, t) in sums.iter().enumerate() {
            ws.write_number_with_format(row, 3 + i as u16, number(*t), &s.money)?;
        }
        row += 1;
    }
    if several || years.is_empty() {
        ws.write_string_with_format(row, 0, "合计", &s.label)?;
        ws.write_blank(row, 1, &s.text)?;
        let count = format!("{} 个项目", data.projects.len());
        ws.write_string_with_format(row, 2, &count, &s.text)?;
        if several {
            ws.write_string_with_format(row, 3, "不同年度的预算不相加，见各年合计", &s.text)?;
        } else {
            for c in 3..6 {
                ws.write_number_with_format(row, c, 0.0, &s.money)?;
            }
        }
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(2, 40)?;
    for c in 3..6 {
        ws.set_column_width(c, 14)?;
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, None)?;
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Columns of the official layout: A label, B–F content.
const LAST_COL: u16 = 5;

/// Widths of columns A–F, in Excel's character units.
const WIDTHS: [f64; 6] = [12.0, 16.0, 24.0, 30.0, 14.0, 16.0];

/// Where the parts of one project's form were written: the cell of each [`Spot`].
type Cells = HashMap<Spot, (u32, u16)>;

fn project_sheet(
    ws: &mut Worksheet,
    name: &str,
    p: &ProjectSheet,
    s: &Styles,
) -> Result<Cells, XlsxError> {
    ws.set_name(name)?;
    for (c, w) in WIDTHS.into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    let mut cells = Cells::new();
    let mut heights = Heights::new(&WIDTHS);
    // A heading that differs from the name (`title`) leads the title, so `perf import` gets
    // it back; so does the 项目编码 row, written only for projects that have a code.
    let heading = p.title.as_deref().unwrap_or_default();
    let title = match p.year {
        Some(y) => format!("{heading}项目绩效目标表（{y}年度）"),
        None => format!("{heading}项目绩效目标表"),
    };
    ws.merge_range(0, 0, 0, LAST_COL, &title, &s.title)?;
    ws.set_row_height(0, 27)?;
    cells.insert(Spot::Table, (0, 0));
    let mut row = 1u32;
    let rows = [
        ("项目名称", Some(&p.name), Spot::Name),
        ("项目编码", p.code.as_ref(), Spot::Code),
        ("主管部门", Some(&p.department), Spot::Department),
    ];
    for (label, value, spot) in rows {
        let Some(value) = value else { continue };
        ws.write_string_with_format(row, 0, label, &s.label)?;
        ws.merge_range(row, 1, row, LAST_COL, value, &s.text)?;
        heights.cell(row, 1, LAST_COL, value);
        cells.insert(spot, (row, 1));
        row += 1;
    }
    // 预算规模及资金用途: three amount rows beside the purpose.
    ws.merge_range(row, 0, row + 2, 0, "预算规模及资金用途（万元）", &s.label)?;
    for (i, (label, amount, spot)) in [
        ("预算数", p.total, Spot::Total),
        ("其中：财政资金", p.fiscal, Spot::Fiscal),
        ("其他资金", p.other, Spot::Other),
    ]
    .into_iter()
    .enumerate()
    {
        let r = row + i as u32;
        ws.write_string_with_format(r, 1, label, &s.label)?;
        // An amount perf does not know is an empty cell to fill (a `—` would read back
        // as text that is not a number).
        match amount {
            Some(a) => ws.write_number_with_format(r, 2, number(a), &s.money)?,
            None => ws.write_blank(r, 2, &s.money)?,
        };
        cells.insert(spot, (r, 2));
    }
    let purpose = p.purpose.clone().unwrap_or_default();
    ws.merge_range(row, 3, row + 2, LAST_COL, &purpose, &s.text)?;
    heights.block(row, 3, 3, LAST_COL, &purpose);
    cells.insert(Spot::Purpose, (row, 3));
    row += 3;
    // 资金支出计划: months across, cumulative percentages under them.
    if !p.plan.is_empty() {
        ws.merge_range(row, 0, row + 1, 0, "资金支出计划", &s.label)?;
        cells.insert(Spot::Plan(None), (row + 1, 1));
        for (i, pt) in p.plan.iter().enumerate() {
            let col = 1 + i as u16;
            ws.write_string_with_format(row, col, format!("{}月底", pt.month), &s.header)?;
            let share = (pt.percent / Decimal::ONE_HUNDRED)
                .to_f64()
                .unwrap_or_default();
            ws.write_number_with_format(row + 1, col, share, &s.percent)?;
            cells.insert(Spot::Plan(Some(i)), (row + 1, col));
        }
        row += 2;
    }
    // 绩效目标: one merged row per goal.
    if !p.goals.is_empty() {
        let last = row + p.goals.len() as u32 - 1;
        if last > row {
            ws.merge_range(row, 0, last, 0, "绩效目标", &s.label)?;
        } else {
            ws.write_string_with_format(row, 0, "绩效目标", &s.label)?;
        }
        cells.insert(Spot::Goal(None), (row, 1));
        for (i, goal) in p.goals.iter().enumerate() {
            let r = row + i as u32;
            let text = format!("目标{}：{goal}", i + 1);
            ws.merge_range(r, 1, r, LAST_COL, &text, &s.text)?;
            heights.cell(r, 1, LAST_COL, &text);
            cells.insert(Spot::Goal(Some(i)), (r, 1));
        }
        row = last + 1;
    }
    let header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标描述",
        "指标值",
        "指标值确定依据",
    ];
    for (c, h) in (0u16..).zip(header) {
        ws.write_string_with_format(row, c, h, &s.header)?;
    }
    row += 1;
    for g1 in &p.groups() {
        let start1 = row;
        for g2 in &g1.groups {
            let start2 = row;
            for r in &g2.rows {
                let description = r.description.clone().unwrap_or_default();
                let basis = r.basis.clone().unwrap_or_default();
                for (col, text) in [(2, &r.name), (3, &description), (4, &r.target), (5, &basis)] {
                    ws.write_string_with_format(row, col, text, &s.text)?;
                    heights.cell(row, col, col, text);
                }
                for (cell, col) in [
                    (IndicatorCell::Level1, 0),
                    (IndicatorCell::Level2, 1),
                    (IndicatorCell::Name, 2),
                    (IndicatorCell::Target, 4),
                    (IndicatorCell::Basis, 5),
                ] {
                    cells.insert(Spot::Indicator(r.position, cell), (row, col));
                }
                row += 1;
            }
            label_cells(ws, start2, row - 1, 1, g2.label, &s.label)?;
        }
        label_cells(ws, start1, row - 1, 0, g1.label, &s.label)?;
    }
    heights.apply(ws)?;
    print_setup(ws, Some(&p.department))?;
    ws.set_repeat_rows(0, 0)?;
    Ok(cells)
}

/// 检查结果: every finding of every project, with the sheet and cell of the form it is about
/// (a link to it) and, for whoever keeps the TOML files, the file and line.
fn findings_sheet(
    ws: &mut Worksheet,
    placed: &[(&ProjectSheet, String, Cells)],
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(FINDINGS_SHEET)?;
    let widths = [20.0, 8.0, 8.0, 7.0, 50.0, 40.0, 30.0];
    for (c, w) in widths.into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    let header = [
        "项目",
        "单元格",
        "级别",
        "代码",
        "问题",
        "修改建议",
        "文件位置",
    ];
    for (c, h) in (0u16..).zip(header) {
        ws.write_string_with_format(0, c, h, &s.header)?;
    }
    let mut heights = Heights::new(&widths);
    let mut row = 1u32;
    for (sheet, name, cells) in placed {
        for f in &sheet.findings {
            let (r, c) = cells
                .get(&f.spot)
                .or_else(|| cells.get(&Spot::Table))
                .copied()
                .unwrap_or((0, 0));
            let cell = cell_name(r, c);
            ws.write_string_with_format(row, 0, name, &s.text)?;
            let link = rust_xlsxwriter::Url::new(format!(
                "internal:'{}'!{cell}",
                name.replace('\'', "''")
            ))
            .set_text(&cell);
            ws.write_url_with_format(row, 1, link, &s.text)?;
            ws.write_string_with_format(row, 2, f.severity.label(crate::i18n::Lang::Zh), &s.text)?;
            ws.write_string_with_format(row, 3, f.code, &s.text)?;
            ws.write_string_with_format(row, 4, &f.message, &s.text)?;
            let help = f.help.clone().unwrap_or_default();
            ws.write_string_with_format(row, 5, &help, &s.text)?;
            let place = format!("{}:{}:{}", f.file, f.line, f.column);
            ws.write_string_with_format(row, 6, &place, &s.text)?;
            for (col, text) in [(0, name.as_str()), (4, &f.message), (5, &help), (6, &place)] {
                heights.cell(row, col, col, text);
            }
            row += 1;
        }
    }
    heights.apply(ws)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, None)?;
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// `C14` for row 13, column 2 (both 0-based).
fn cell_name(row: u32, col: u16) -> String {
    format!(
        "{}{}",
        crate::import::column_name(u32::from(col) + 1),
        row + 1
    )
}

/// A label spanning rows `first..=last` of a column: merged when it spans more than one.
fn label_cells(
    ws: &mut Worksheet,
    first: u32,
    last: u32,
    col: u16,
    label: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if last > first {
        ws.merge_range(first, col, last, col, label, format)?;
    } else {
        ws.write_string_with_format(first, col, label, format)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_and_clashing_names_are_cut_and_numbered() {
        let long = "驻村工作队工作经费及驻村干部人身意外保险经费和其他一些很长的名字";
        let names = sheet_names([long, long, "汇总", "a/b", "A_B"].into_iter());
        assert_eq!(names[0].chars().count(), 31);
        assert!(names[1].ends_with("~2") && names[1].chars().count() == 31);
        assert_eq!(names[2], "汇总~2");
        assert_eq!(names[3], "a_b");
        assert_eq!(names[4], "A_B~2");
    }
}
