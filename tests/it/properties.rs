//! Properties that must hold for any input, not just the fixtures (proptest).

use std::path::PathBuf;

use perf::diag::FileId;
use perf::model::budget::Budget;
use perf::model::money::MoneyUnit;
use perf::model::plan::{PlanPoint, SpendingPlan};
use perf::model::project::Project;
use perf::model::spans::ProjectSpans;
use perf::model::target::{Target, TargetValue};
use perf::rules::{Settings, check_project};
use perf::source::fields::Sink;
use perf::source::file::SourceFile;
use perf::source::lower::Lowered;
use perf::source::{LoadedProject, Workspace, parse_and_lower};
use perf::summary::{DEFAULT_MONTHS, Filter, summarise};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn unit() -> impl Strategy<Value = MoneyUnit> {
    prop_oneof![
        Just(MoneyUnit::Yuan),
        Just(MoneyUnit::Wan),
        Just(MoneyUnit::Yi)
    ]
}

/// An amount with up to four decimals, as budget files write them.
fn amount() -> impl Strategy<Value = Decimal> {
    (0i64..100_000_000, 0u32..=4).prop_map(|(n, scale)| Decimal::new(n, scale))
}

fn plan() -> impl Strategy<Value = Vec<(i64, i64)>> {
    proptest::collection::btree_map(1i64..=12, 0i64..=100, 0..6)
        .prop_map(|m| m.into_iter().collect())
}

fn project(
    i: usize,
    department: usize,
    total: Decimal,
    fiscal: Option<Decimal>,
    unit: MoneyUnit,
    plan: Vec<(i64, i64)>,
) -> LoadedProject {
    let points = plan
        .into_iter()
        .map(|(month, p)| PlanPoint {
            month,
            percent: Decimal::from(p),
        })
        .collect();
    LoadedProject {
        file: FileId(i),
        project: Project {
            name: format!("项目{i}"),
            department: format!("部门{department}"),
            year: Some(2024),
            budget: Some(Budget {
                unit,
                total,
                fiscal,
                other: None,
                sources: Vec::new(),
                items: Vec::new(),
            }),
            plan: Some(SpendingPlan::new(points)),
            ..Project::default()
        },
        spans: ProjectSpans::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every total shown — per department and overall, exact and rounded — is the sum of the
    /// rows it totals.
    #[test]
    fn totals_are_the_sum_of_their_rows(
        rows in proptest::collection::vec((0usize..3, amount(), proptest::option::of(amount()), unit(), plan()), 1..12)
    ) {
        let mut workspace = Workspace::default();
        for (i, (department, total, fiscal, unit, plan)) in rows.into_iter().enumerate() {
            workspace.files.push(SourceFile { path: PathBuf::from(format!("{i}.toml")), text: None, suppressions: Vec::new() });
            workspace.projects.push(project(i, department, total, fiscal, unit, plan));
        }
        let exact = summarise(&workspace, &Filter::default(), &DEFAULT_MONTHS);
        for summary in [exact.clone(), exact.rounded()] {
            let mut grand = Decimal::ZERO;
            for d in &summary.departments {
                let sum: Decimal = d.projects.iter().map(|p| p.total).sum();
                prop_assert_eq!(d.totals.total, sum);
                let fiscal: Decimal = d.projects.iter().filter_map(|p| p.fiscal).sum();
                prop_assert_eq!(d.totals.fiscal, fiscal);
                for (m, planned) in d.totals.planned.iter().enumerate() {
                    let sum: Decimal = d.projects.iter().filter_map(|p| p.planned.get(m)).map(|p| p.amount).sum();
                    prop_assert_eq!(planned.amount, sum);
                }
                grand += d.totals.total;
            }
            // All projects here are of one year, so there is one 合计.
            prop_assert!(summary.by_year.is_empty());
            prop_assert_eq!(summary.totals.as_ref().map(|t| t.total), Some(grand));
        }
    }

    /// The plan rules judge a plan, not the order its keys are written in.
    #[test]
    fn plan_findings_do_not_depend_on_key_order(plan in plan(), seed in any::<u64>()) {
        let mut shuffled = plan.clone();
        // A cheap deterministic shuffle from the seed.
        let len = shuffled.len();
        for i in (1..len).rev() {
            let j = usize::try_from(seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1)).unwrap_or(0);
            shuffled.swap(i, j);
        }
        let codes = |plan: &[(i64, i64)]| {
            let lines: String = plan.iter().map(|(m, p)| format!("{m} = {p}\n")).collect();
            let text = format!(
                "[project]\nname = \"p\"\ndepartment = \"d\"\nyear = 2024\ngoals = [\"g\"]\n[budget]\ntotal = 1\nfiscal = 1\n[plan]\n{lines}\
                 [[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"n\"\ntarget = \"≥1个\"\n"
            );
            let mut sink = Sink::new(FileId(0));
            let Lowered::Project(boxed) = parse_and_lower(&text, &mut sink) else { return Vec::new() };
            let (project, spans) = *boxed;
            let loaded = LoadedProject { file: FileId(0), project, spans };
            let mut codes: Vec<String> = check_project(&loaded, &Settings::default())
                .into_iter()
                .filter(|d| d.rule.code.starts_with('S'))
                .map(|d| format!("{} {}", d.rule.code, d.message))
                .collect();
            codes.sort();
            codes
        };
        prop_assert_eq!(codes(&plan), codes(&shuffled));
    }

    /// Reading a quantitative target, writing it back canonically and reading it again gives
    /// the same reading.
    #[test]
    fn target_parse_display_parse_is_stable(
        cmp in prop::sample::select(vec!["≥", "≧", ">=", "＞=", "≤", "≦", "<=", "=", "＝", ">", "＞", "<", "＜", "不低于", "不超过", ""]),
        whole in 0u32..1_000_000,
        frac in prop::option::of(0u32..100),
        unit in prop::sample::select(vec!["", "%", "％", "个", "人次", "万元", "元", "亿元", "万平方米", "次/月", "万元/年", "元/人", "元/人·月", "户"]),
    ) {
        let number = match frac { Some(f) => format!("{whole}.{f:02}"), None => whole.to_string() };
        let raw = format!("{cmp}{number}{unit}");
        let first = Target::parse(&raw);
        let TargetValue::Quantity(q) = &first.value else {
            return Err(TestCaseError::fail(format!("{raw} did not read as a quantity: {:?}", first.value)));
        };
        let again = Target::parse(q.to_string());
        let TargetValue::Quantity(q2) = &again.value else {
            return Err(TestCaseError::fail(format!("{raw} → {q} did not read back")));
        };
        prop_assert_eq!((q.comparator, q.value.normalize(), &q.unit), (q2.comparator, q2.value.normalize(), &q2.unit));
    }
}
