//! Reading the 部门整体绩效目标 out of the paragraphs before the first project table: the
//! department's name and year from the cover lines, then the numbered sections 一、总体绩效目标
//! (one paragraph each), 二、分项绩效目标 (`（一）名称`, `绩效目标：…`, `绩效指标：…`) and
//! 三、工作保障措施 (one item each). Sections are recognised by their words, not by number.

use crate::import::{
    Cell, Defaults, ImportedDepartment, Problem, clean, short, short_name, squeeze, year_in,
};
use crate::model::department::{Department, Objective};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Cover,
    Overall,
    Objectives,
    Measures,
    Unknown,
}

/// The department part, or `None` when the paragraphs have none of its sections.
pub fn department(paragraphs: &[Cell], defaults: &Defaults) -> Option<ImportedDepartment> {
    let mut section = Section::Cover;
    let mut seen_section = false;
    let mut name: Option<String> = None;
    let mut year = None;
    let mut department = Department::named(String::new());
    let mut problems = Vec::new();
    for cell in paragraphs {
        let text = clean(&cell.text).replace('\n', "");
        if text.is_empty() {
            continue;
        }
        if let Some(next) = section_heading(&text) {
            section = next;
            seen_section = true;
            if next == Section::Unknown {
                problems.push(unmapped(cell, "不认识的部分标题"));
            }
            continue;
        }
        match section {
            Section::Cover => {
                year = year.or_else(|| year_in(&text));
                let plain = squeeze(&text);
                let cover_line = plain.contains("绩效文本")
                    || plain.contains("整体绩效目标")
                    || plain.ends_with("编制")
                    || plain.contains("部门预算");
                if !cover_line && name.is_none() {
                    name = Some(text);
                } else if !cover_line {
                    problems.push(unmapped(cell, "封面文字无法识别"));
                }
            }
            Section::Overall => department.overall.push(text),
            Section::Measures => department.measures.push(text),
            Section::Objectives => objective_line(&text, cell, &mut department, &mut problems),
            Section::Unknown => problems.push(unmapped(cell, "无法归入部门整体绩效目标的哪一部分")),
        }
    }
    if !seen_section {
        return None;
    }
    department.name = name
        .or_else(|| defaults.department.clone())
        .unwrap_or_default();
    department.aliases = short_name(&department.name).into_iter().collect();
    department.year = year.or(defaults.year);
    Some(ImportedDepartment {
        department,
        problems,
    })
}

/// `一、总体绩效目标` → the section it opens.
fn section_heading(text: &str) -> Option<Section> {
    let (number, title) = text.split_once('、')?;
    if number.is_empty() || !number.chars().all(|c| "一二三四五六七八九十".contains(c)) {
        return None;
    }
    let title = squeeze(title);
    Some(if title.contains("总体") {
        Section::Overall
    } else if title.contains("分项") || title.contains("具体") {
        Section::Objectives
    } else if title.contains("保障措施") || title.contains("措施") {
        Section::Measures
    } else {
        Section::Unknown
    })
}

fn objective_line(
    text: &str,
    cell: &Cell,
    department: &mut Department,
    problems: &mut Vec<Problem>,
) {
    if let Some(title) = numbered_title(text) {
        department.objectives.push(Objective {
            title: title.to_owned(),
            goal: None,
            indicator: None,
        });
        return;
    }
    let labelled = |prefix: &str| {
        text.strip_prefix(prefix)
            .map(|rest| rest.trim_start_matches(['：', ':']).trim().to_owned())
    };
    let Some(current) = department.objectives.last_mut() else {
        problems.push(unmapped(cell, "分项绩效目标之前的文字无法识别"));
        return;
    };
    if let Some(goal) = labelled("绩效目标") {
        current.goal = Some(goal);
    } else if let Some(indicator) = labelled("绩效指标") {
        current.indicator = Some(indicator);
    } else {
        problems.push(unmapped(
            cell,
            "分项绩效目标中的文字无法识别（应以“绩效目标：”或“绩效指标：”开头）",
        ));
    }
}

/// `（一）促进就业` → `促进就业`.
fn numbered_title(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(['（', '('])?;
    let close = rest.find(['）', ')'])?;
    let number = rest.get(..close)?;
    if number.is_empty() || !number.chars().all(|c| "一二三四五六七八九十".contains(c)) {
        return None;
    }
    let title = rest.get(close..)?.trim_start_matches(['）', ')']).trim();
    (!title.is_empty()).then_some(title)
}

fn unmapped(cell: &Cell, why: &str) -> Problem {
    Problem {
        place: cell.place.clone(),
        message: format!("{why}：“{}”", short(&cell.text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Place;

    fn cells(lines: &[&str]) -> Vec<Cell> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| Cell {
                text: (*l).to_owned(),
                place: Place::Line(i + 1),
                col: 0,
            })
            .collect()
    }

    #[test]
    fn reads_the_sections_by_their_words() {
        let d = department(
            &cells(&[
                "示例区民政局",
                "2024年部门预算绩效文本",
                "一、总体绩效目标",
                "兜住底线。",
                "二、分项绩效目标",
                "（一）做好临时救助",
                "绩效目标：及时救助。",
                "绩效指标：救助300人次以上。",
                "三、工作保障措施",
                "1.双监控。",
            ]),
            &Defaults::default(),
        )
        .unwrap();
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let d = d.department;
        assert_eq!(d.name, "示例区民政局");
        assert_eq!(d.aliases, vec!["民政局"]);
        assert_eq!(d.year, Some(2024));
        assert_eq!(d.objectives[0].goal.as_deref(), Some("及时救助。"));
        assert_eq!(d.measures, vec!["1.双监控。"]);
    }

    #[test]
    fn prose_without_sections_is_not_a_department() {
        assert!(department(&cells(&["随便一段话"]), &Defaults::default()).is_none());
    }
}
