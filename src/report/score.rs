//! `perf score` as grids: one row per project (scores by 一级, total, grade), and with
//! `--explain` one row per scored line with its formula, inputs, weight and score.

use rust_decimal::Decimal;

use crate::args;
use crate::i18n::Lang;
use crate::model::money::format2;
use crate::model::money::sum;
use crate::report::grid::Grid;
use crate::score::{Group, ProjectScore, ScoreReport};

const UNKNOWN: &str = "—";

/// A row's group (a Chinese label in the view) as tables show it.
fn group_text(label: &str, lang: Lang) -> String {
    Group::ALL
        .iter()
        .find(|g| g.label() == label)
        .map_or_else(|| lang.text("score.group_unknown", &[]), |g| g.text(lang))
}

/// A row's formula (its stable name in the view) as tables show it.
fn method_text(name: &str, lang: Lang) -> String {
    if name.is_empty() {
        UNKNOWN.to_owned()
    } else {
        lang.text(&format!("method.{name}"), &[])
    }
}

fn group_score(p: &ProjectScore, group: Group) -> Option<Decimal> {
    p.groups
        .iter()
        .find(|g| g.group == group.label())
        .map(|g| g.score)
}

/// One row per project; the last row averages the projects shown.
pub fn score_grid(report: &ScoreReport, lang: Lang) -> Grid {
    let t = |key: &str| lang.text(key, &[]);
    let departments: std::collections::BTreeSet<&str> = report
        .projects
        .iter()
        .map(|p| p.department.as_str())
        .collect();
    let several = departments.len() > 1;
    let mut header: Vec<String> = if several {
        vec![t("report.department"), t("report.project")]
    } else {
        vec![t("report.project")]
    };
    let labels = header.len();
    // The unit's own total goes beside perf's only when some file carries one.
    let own = report.projects.iter().any(|p| p.self_total.is_some());
    header.extend(Group::ALL.iter().map(|g| g.text(lang)));
    header.push(t("score.total"));
    if own {
        header.extend(["score.self_total", "score.self_gap"].map(t));
    }
    header.extend(["score.grade", "score.weights_from"].map(t));
    let numbers = Group::ALL.len() + if own { 3 } else { 1 };
    let right = (0..header.len())
        .map(|i| i >= labels && i < labels + numbers)
        .collect();
    let mut rows = Vec::new();
    for p in &report.projects {
        let mut row = if several {
            vec![p.department.clone()]
        } else {
            Vec::new()
        };
        row.push(p.name.clone());
        row.extend(
            Group::ALL
                .iter()
                .map(|&g| group_score(p, g).map_or_else(|| UNKNOWN.to_owned(), format2)),
        );
        row.push(format2(p.total));
        if own {
            row.push(p.self_total.map_or_else(|| UNKNOWN.to_owned(), format2));
            row.push(p.self_total.map_or_else(
                || UNKNOWN.to_owned(),
                |s| format2(p.total.saturating_sub(s)),
            ));
        }
        row.push(p.grade.to_owned());
        row.push(t(if p.weights_from == "indicator" {
            "score.indicator_weights"
        } else {
            "score.default_weights"
        }));
        rows.push(row);
    }
    let n = report.projects.len();
    let mut total = if several {
        vec![
            t("score.average"),
            lang.text("report.n_projects", args!(n = n)),
        ]
    } else {
        vec![lang.text("score.average_of", args!(n = n))]
    };
    let average = |values: Vec<Decimal>| -> String {
        let count = values.len();
        sum(values)
            .checked_div(Decimal::from(count))
            .map_or_else(|| UNKNOWN.to_owned(), format2)
    };
    for g in Group::ALL {
        total.push(average(
            report
                .projects
                .iter()
                .filter_map(|p| group_score(p, g))
                .collect(),
        ));
    }
    total.push(average(report.projects.iter().map(|p| p.total).collect()));
    if own {
        total.extend([String::new(), String::new()]);
    }
    total.extend([String::new(), String::new()]);
    let mut notes = vec![t("score.note_total")];
    for p in &report.projects {
        if let Some(why) = &p.why_ungraded {
            notes.push(lang.text(
                "score.note_ungraded",
                args!(name = p.name, grade = p.grade, why = why),
            ));
        }
    }
    if !report.unscored.is_empty() {
        let names = report
            .unscored
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join(&t("term.list_sep"));
        notes.push(lang.text(
            "score.note_unscored",
            args!(n = report.unscored.len(), names = names),
        ));
    }
    let title = match departments.iter().collect::<Vec<_>>().as_slice() {
        [only] => lang.text("score.title_department", args!(name = only)),
        _ => t("score.title"),
    };
    Grid {
        title,
        header,
        right,
        rows,
        total,
        notes,
    }
}

/// Every line of the projects given, with its formula: one grid for one project (a table
/// per project in the terminal), or all of them with a 项目 column (CSV).
pub fn explain_grid(projects: &[&ProjectScore], lang: Lang) -> Grid {
    let t = |key: &str| lang.text(key, &[]);
    let several = projects.len() > 1;
    let mut header: Vec<String> = if several {
        vec![t("report.project")]
    } else {
        Vec::new()
    };
    let labels = header.len();
    header.extend(
        [
            "report.level1",
            "report.level2",
            "sheet.level3",
            "sheet.target",
            "monitor.actual",
            "score.method",
            "score.weight",
            "score.score",
        ]
        .map(t),
    );
    // The unit's own 得分 goes beside perf's only when some row carries one.
    let own = projects
        .iter()
        .any(|p| p.rows.iter().any(|r| r.self_score.is_some()));
    if own {
        header.push(t("score.self_score"));
    }
    header.push(t("score.working"));
    let right = (0..header.len())
        .map(|i| i == labels + 6 || i == labels + 7 || (own && i == labels + 8))
        .collect();
    let mut rows = Vec::new();
    for p in projects {
        for r in &p.rows {
            let mut row = if several {
                vec![p.name.clone()]
            } else {
                Vec::new()
            };
            let actual = match (&r.actual, &r.grade) {
                (Some(a), _) => a.clone(),
                (None, Some(g)) => lang.text("monitor.graded", args!(grade = g)),
                (None, None) => UNKNOWN.to_owned(),
            };
            row.extend([
                group_text(r.group, lang),
                r.level2.clone(),
                r.name.clone(),
                r.target.clone(),
                actual,
                method_text(r.method, lang),
                r.weight.map_or_else(|| UNKNOWN.to_owned(), format2),
                r.score.map_or_else(|| UNKNOWN.to_owned(), format2),
            ]);
            if own {
                row.push(r.self_score.map_or_else(|| UNKNOWN.to_owned(), format2));
            }
            row.push(r.explain.clone());
            rows.push(row);
        }
    }
    let weight = sum(projects
        .iter()
        .flat_map(|p| p.rows.iter().filter_map(|r| r.weight)));
    let score = sum(projects.iter().map(|p| p.total));
    let mut total = if several {
        vec![lang.text("report.total_of_projects", args!(n = projects.len()))]
    } else {
        Vec::new()
    };
    let grade = match projects {
        [only] => lang.text(
            "score.total_and_grade",
            args!(total = format2(only.total), grade = only.grade),
        ),
        _ => String::new(),
    };
    total.extend([
        t("report.total"),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format2(weight),
        format2(score),
    ]);
    if own {
        let own_total = match projects {
            [only] => only.self_total.map_or_else(|| UNKNOWN.to_owned(), format2),
            _ => String::new(),
        };
        total.push(own_total);
    }
    total.push(grade);
    let title = match projects {
        [only] => lang.text(
            "score.explain_title_project",
            args!(name = only.name, department = only.department),
        ),
        _ => t("score.explain_title"),
    };
    let mut notes: Vec<String> = projects
        .iter()
        .flat_map(|p| {
            p.notes.iter().map(move |n| {
                if several {
                    lang.text("score.note_of", args!(name = p.name, note = n))
                } else {
                    lang.text("score.note", args!(note = n))
                }
            })
        })
        .collect();
    notes.push(t("score.note_weights"));
    Grid {
        title,
        header,
        right,
        rows,
        total,
        notes,
    }
}
