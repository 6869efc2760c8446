//! Pins the transcription of the real department document (tests/fixtures/seed/, a copy of
//! ../shared/seed/) into budgets/高新区人社局/: 7 projects, 42 indicator rows, every amount and
//! plan, and every 三级指标 name and target string appearing verbatim in the seed text.

use std::path::PathBuf;

use perf::model::money::plain;
use perf::source::{LoadedProject, load};

const SEED: &str = include_str!("../fixtures/seed/高新区人社局-2024年部门预算绩效文本.txt");

fn projects() -> Vec<LoadedProject> {
    let workspace = load(&[PathBuf::from("budgets/高新区人社局")]);
    assert!(workspace.errors.is_empty(), "{:?}", workspace.errors);
    assert!(
        workspace.diagnostics.is_empty(),
        "structural findings: {:?}",
        workspace.diagnostics
    );
    assert_eq!(workspace.departments.len(), 1);
    workspace.projects
}

#[test]
fn holds_seven_projects_and_forty_two_indicator_rows() {
    let projects = projects();
    assert_eq!(projects.len(), 7);
    let rows: usize = projects.iter().map(|p| p.project.indicators.len()).sum();
    assert_eq!(rows, 42);
}

#[test]
fn amounts_and_plans_match_the_seed() {
    // (项目名称, 预算数, 财政资金, plan 3/6/10/12) as printed in the seed's tables.
    let expected = [
        (
            "被征地农民社会保障费",
            "4000",
            "4000",
            ["20", "50", "70", "100"],
        ),
        (
            "9村村民参加企业职工养老保险财政补贴",
            "230",
            "230",
            ["0", "10", "10", "100"],
        ),
        (
            "城乡居民养老保险区级财政补助",
            "683",
            "683",
            ["20", "50", "70", "100"],
        ),
        (
            "机关事业养老保险财政补助",
            "1206",
            "1206",
            ["20", "40", "70", "100"],
        ),
        (
            "党员档案集中管理经费",
            "50",
            "50",
            ["20", "50", "75", "100"],
        ),
        (
            "驻村工作队工作经费及驻村干部人身意外保险经费",
            "66",
            "66",
            ["20", "50", "70", "100"],
        ),
        ("人才发展资金", "2800", "2800", ["20", "40", "75", "100"]),
    ];
    let projects = projects();
    for (name, total, fiscal, plan) in expected {
        let p = &projects
            .iter()
            .find(|p| p.project.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .project;
        let budget = p.budget.as_ref().unwrap();
        assert_eq!(plain(budget.total), total, "{name}");
        assert_eq!(budget.fiscal.map(plain).as_deref(), Some(fiscal), "{name}");
        // 其他资金 is blank in every seed table: not stated, derived as zero.
        assert_eq!(budget.other, None, "{name}");
        let points: Vec<(i64, String)> = p
            .plan
            .as_ref()
            .unwrap()
            .points
            .iter()
            .map(|pt| (pt.month, plain(pt.percent)))
            .collect();
        let want: Vec<(i64, String)> = [3, 6, 10, 12]
            .into_iter()
            .zip(plan.map(String::from))
            .collect();
        assert_eq!(points, want, "{name}");
        assert_eq!(p.department, "高新区人社局");
        assert_eq!(p.year, Some(2024));
        assert_eq!(p.goals.len(), 2, "{name}");
    }
}

#[test]
fn every_text_appears_verbatim_in_the_seed() {
    for loaded in projects() {
        let p = &loaded.project;
        assert!(SEED.contains(&p.name), "{}", p.name);
        assert!(SEED.contains(p.purpose.as_deref().unwrap()), "{}", p.name);
        for goal in &p.goals {
            assert!(SEED.contains(goal.as_str()), "goal {goal}");
        }
        for row in &p.indicators {
            assert!(SEED.contains(&row.name), "三级指标 {}", row.name);
            assert!(SEED.contains(&row.target.raw), "指标值 {}", row.target.raw);
            assert!(
                SEED.contains(row.description.as_deref().unwrap()),
                "描述 {:?}",
                row.description
            );
            assert!(
                SEED.contains(row.basis.as_deref().unwrap()),
                "依据 {:?}",
                row.basis
            );
        }
    }
}

#[test]
fn keeps_the_seed_mistakes() {
    let projects = projects();
    let target_of = |project: &str, indicator: &str| {
        projects
            .iter()
            .find(|p| p.project.name == project)
            .and_then(|p| p.project.indicators.iter().find(|i| i.name == indicator))
            .map(|i| i.target.raw.clone())
    };
    assert_eq!(
        target_of("被征地农民社会保障费", "项目金额").as_deref(),
        Some("=7000万元")
    );
    assert_eq!(
        target_of("党员档案集中管理经费", "项目金额").as_deref(),
        Some("≧50")
    );
    assert_eq!(
        target_of("被征地农民社会保障费", "服务对象满意度指标").as_deref(),
        Some("=100%")
    );
}
