//! Comparing two loaded trees: pairing each project's old and new versions, then what changed
//! in its budget, plan, indicators and findings, and the totals by department.
//!
//! Projects are paired in four passes, each over what the previous left unpaired: the same
//! file; the same 项目编码; the same department and 项目名称 (a moved file); then, in the same
//! department, the same 预算数 and mostly the same indicator rows (a file renamed and moved).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::diag::{Counts, Diagnostic, Severity};
use crate::diff::findings::{Findings, compare_findings};
use crate::diff::indicator::compare_indicators_in;
use crate::diff::{
    AmountChange, Amounts, BudgetChange, DepartmentDiff, Diff, FieldChange, MatchedBy, Overview,
    PlanChange, ProjectDiff, Side, Status, TextChange, TotalsDiff,
};
use crate::i18n::Lang;
use crate::model::project::Project;
use crate::source::{LoadedProject, Workspace};

/// One side of a comparison: a loaded tree and its findings.
pub struct Snapshot<'a> {
    /// What the user named (`HEAD`, `工作区`, a folder).
    pub label: String,
    /// The commit, for a git revision.
    pub commit: Option<String>,
    /// The tree.
    pub workspace: &'a Workspace,
    /// Its findings, after configuration and suppressions.
    pub findings: &'a [Diagnostic],
    /// The folder file paths are shown relative to (a temporary copy's folder, the
    /// repository's top folder, or the folder compared).
    pub root: &'a Path,
}

impl Snapshot<'_> {
    /// Each file's path relative to `root`, with `/` separators, by file id.
    fn paths(&self) -> Vec<String> {
        self.workspace
            .files
            .iter()
            .map(|f| display_path(&f.path, self.root))
            .collect()
    }
}

/// `path` relative to `root`, `/`-separated; as it is when not under `root`.
pub fn display_path(path: &Path, root: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A project on one side, with what pairing needs.
struct Entry<'a> {
    project: &'a Project,
    path: String,
    department: String,
}

fn entries<'a>(snapshot: &Snapshot<'a>, paths: &[String]) -> Vec<Entry<'a>> {
    let ws = snapshot.workspace;
    ws.projects
        .iter()
        .map(|p: &'a LoadedProject| Entry {
            project: &p.project,
            path: paths.get(p.file.0).cloned().unwrap_or_default(),
            department: ws.canonical_department(&p.project.department).to_owned(),
        })
        .collect()
}

/// Compares the old and new trees (the verdict and target readings in Chinese).
pub fn compare(old: &Snapshot<'_>, new: &Snapshot<'_>) -> Diff {
    compare_in(old, new, Lang::Zh)
}

/// [`compare`], with the verdict and target readings in `lang`.
pub fn compare_in(old: &Snapshot<'_>, new: &Snapshot<'_>, lang: Lang) -> Diff {
    let old_paths = old.paths();
    let new_paths = new.paths();
    let olds = entries(old, &old_paths);
    let news = entries(new, &new_paths);
    let pairs = pair(&olds, &news);

    let mut departments: BTreeMap<String, DepartmentDiff> = BTreeMap::new();
    let mut overview = Overview::default();
    let mut moved = HashMap::new();
    let unreadable_new: HashSet<&str> = unlowered(new.workspace, &new_paths);
    for &(o, n, by) in &pairs {
        let before = o.and_then(|i| olds.get(i));
        let after = n.and_then(|j| news.get(j));
        if let Some(e) = before {
            department(&mut departments, &e.department)
                .members
                .0
                .push(amounts(e.project));
        }
        if let Some(e) = after {
            department(&mut departments, &e.department)
                .members
                .1
                .push(amounts(e.project));
        }
        let diff = match (before, after) {
            (Some(b), Some(a)) => {
                if b.path != a.path {
                    moved.insert(b.path.clone(), a.path.clone());
                }
                changed(b, a, by, &mut overview, lang)
            }
            (None, Some(a)) => {
                overview.projects_added += 1;
                Some(one_sided(a, Status::Added))
            }
            (Some(b), None) if unreadable_new.contains(b.path.as_str()) => {
                overview.projects_unreadable += 1;
                Some(one_sided(b, Status::Unreadable))
            }
            (Some(b), None) => {
                overview.projects_removed += 1;
                Some(one_sided(b, Status::Removed))
            }
            (None, None) => None,
        };
        if let Some(diff) = diff {
            let home = after.or(before).map(|e| e.department.clone());
            if let Some(home) = home {
                department(&mut departments, &home).projects.push(diff);
            }
        }
    }
    let mut departments: Vec<DepartmentDiff> = departments.into_values().collect();
    let (mut all_old, mut all_new) = (Vec::new(), Vec::new());
    for d in &mut departments {
        d.totals = TotalsDiff::of(&d.members.0, &d.members.1);
        all_old.extend_from_slice(&d.members.0);
        all_new.extend_from_slice(&d.members.1);
        d.projects.sort_by(|a, b| a.file.cmp(&b.file));
    }

    let findings = compare_findings(
        &Findings {
            workspace: old.workspace,
            diagnostics: old.findings,
            paths: &old_paths,
        },
        &Findings {
            workspace: new.workspace,
            diagnostics: new.findings,
            paths: &new_paths,
        },
        &moved,
    );
    let count = |list: &[crate::diff::FindingChange], severity| {
        list.iter().filter(|f| f.severity == severity).count()
    };
    overview.errors_introduced = count(&findings.introduced, Severity::Error);
    overview.errors_fixed = count(&findings.fixed, Severity::Error);
    overview.warnings_introduced = count(&findings.introduced, Severity::Warning);
    overview.warnings_fixed = count(&findings.fixed, Severity::Warning);

    let mut diff = Diff {
        verdict: String::new(),
        old: side(old),
        new: side(new),
        overview,
        totals: TotalsDiff::of(&all_old, &all_new),
        departments,
        findings,
    };
    diff.verdict = diff.verdict_line_in(lang);
    diff
}

fn side(s: &Snapshot<'_>) -> Side {
    Side {
        label: s.label.clone(),
        commit: s.commit.clone(),
        projects: s.workspace.projects.len(),
        findings: Counts::of(s.findings),
    }
}

fn department<'m>(
    map: &'m mut BTreeMap<String, DepartmentDiff>,
    name: &str,
) -> &'m mut DepartmentDiff {
    map.entry(name.to_owned())
        .or_insert_with(|| DepartmentDiff {
            name: name.to_owned(),
            totals: TotalsDiff::of(&[], &[]),
            projects: Vec::new(),
            members: (Vec::new(), Vec::new()),
        })
}

/// Display paths of files that did not lower into a project or department.
fn unlowered<'p>(ws: &Workspace, paths: &'p [String]) -> HashSet<&'p str> {
    let lowered: HashSet<usize> = ws
        .projects
        .iter()
        .map(|p| p.file.0)
        .chain(ws.departments.iter().map(|d| d.file.0))
        .collect();
    paths
        .iter()
        .enumerate()
        .filter(|(i, _)| !lowered.contains(i))
        .map(|(_, p)| p.as_str())
        .collect()
}

fn amounts(p: &Project) -> Amounts {
    let Some(budget) = &p.budget else {
        return Amounts::default();
    };
    let split = budget.split_wan();
    Amounts {
        total: budget.total_wan(),
        fiscal: split.map(|s| s.fiscal),
        other: split.map(|s| s.other),
    }
}

/// What one pairing pass compares: projects with equal keys are the same; `None` never pairs.
type KeyOf = fn(&Entry<'_>) -> Option<String>;

/// Pairs old and new projects: `(old index, new index, how)`, every project exactly once.
fn pair(olds: &[Entry<'_>], news: &[Entry<'_>]) -> Vec<(Option<usize>, Option<usize>, MatchedBy)> {
    let mut old_of_new: Vec<Option<(usize, MatchedBy)>> = vec![None; news.len()];
    let mut taken = vec![false; olds.len()];
    let passes: [(MatchedBy, KeyOf); 3] = [
        (MatchedBy::Path, |e| Some(e.path.clone())),
        (MatchedBy::Code, |e| code(e).map(str::to_owned)),
        (MatchedBy::Name, |e| {
            Some(format!("{}\u{0}{}", e.department, e.project.name.trim()))
        }),
    ];
    for (by, key_of) in passes {
        // Untaken old projects by key, first in path order at the back (popped first).
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for ((i, o), &was_taken) in olds.iter().enumerate().zip(&taken).rev() {
            if let (false, Some(key)) = (was_taken, key_of(o)) {
                by_key.entry(key).or_default().push(i);
            }
        }
        for (n, slot) in news.iter().zip(old_of_new.iter_mut()) {
            if slot.is_some() {
                continue;
            }
            let found = key_of(n).and_then(|key| by_key.get_mut(&key)?.pop());
            if let Some(i) = found {
                take(&mut taken, i);
                *slot = Some((i, by));
            }
        }
    }
    for (n, slot) in news.iter().zip(old_of_new.iter_mut()) {
        if slot.is_some() {
            continue;
        }
        let best = olds
            .iter()
            .enumerate()
            .zip(&taken)
            .filter(|((_, o), was_taken)| !**was_taken && o.department == n.department)
            .filter_map(|((i, o), _)| similarity(o.project, n.project).map(|s| (s, i)))
            .max_by_key(|&(s, i)| (s, std::cmp::Reverse(i)));
        if let Some((_, i)) = best {
            take(&mut taken, i);
            *slot = Some((i, MatchedBy::Content));
        }
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>, MatchedBy)> = old_of_new
        .iter()
        .enumerate()
        .map(|(j, m)| match m {
            Some((i, by)) => (Some(*i), Some(j), *by),
            None => (None, Some(j), MatchedBy::Path),
        })
        .collect();
    pairs.extend(
        taken
            .iter()
            .enumerate()
            .filter(|(_, t)| !**t)
            .map(|(i, _)| (Some(i), None, MatchedBy::Path)),
    );
    pairs
}

/// Marks old project `i` as paired.
fn take(taken: &mut [bool], i: usize) {
    if let Some(t) = taken.get_mut(i) {
        *t = true;
    }
}

/// A project's 项目编码, when it has one.
fn code<'e>(e: &Entry<'e>) -> Option<&'e str> {
    e.project
        .code
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// For a file both renamed and moved: the same 预算数 and at least two thirds of the indicator
/// rows (name and target) shared; the count shared. Names alone are not enough, because many
/// departments fill every project from one template.
fn similarity(a: &Project, b: &Project) -> Option<usize> {
    if amounts(a).total.is_none() || amounts(a).total != amounts(b).total {
        return None;
    }
    let rows = |p: &Project| -> HashSet<(String, String)> {
        p.indicators
            .iter()
            .map(|i| (i.name.trim().to_owned(), i.target.raw.trim().to_owned()))
            .collect()
    };
    let (x, y) = (rows(a), rows(b));
    let shared = x.intersection(&y).count();
    let larger = x.len().max(y.len());
    (larger > 0 && shared * 3 >= larger * 2).then_some(shared)
}

/// One project's two versions, compared as `perf diff` compares a pair of files: what changed
/// (fields, budget, plan, indicators), or `None` when nothing it looks at did. A missing side
/// is a project added (`old` is `None`) or removed. `file` is the file's path as shown; the
/// department is compared as written.
pub fn compare_project(
    old: Option<&Project>,
    new: Option<&Project>,
    file: &str,
    lang: Lang,
) -> Option<ProjectDiff> {
    fn entry<'p>(project: &'p Project, file: &str) -> Entry<'p> {
        Entry {
            project,
            path: file.to_owned(),
            department: project.department.trim().to_owned(),
        }
    }
    match (old.map(|p| entry(p, file)), new.map(|p| entry(p, file))) {
        (Some(b), Some(a)) => changed(&b, &a, MatchedBy::Path, &mut Overview::default(), lang),
        (None, Some(a)) => Some(one_sided(&a, Status::Added)),
        (Some(b), None) => Some(one_sided(&b, Status::Removed)),
        (None, None) => None,
    }
}

fn one_sided(e: &Entry<'_>, status: Status) -> ProjectDiff {
    let a = amounts(e.project);
    let removed = status != Status::Added;
    let change = |v: Option<rust_decimal::Decimal>| {
        if removed {
            AmountChange::new(v, None)
        } else {
            AmountChange::new(None, v)
        }
    };
    let budget = [
        ("预算数", a.total),
        ("财政资金", a.fiscal),
        ("其他资金", a.other),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_some())
    .map(|(field, v)| BudgetChange {
        field,
        amount: change(v),
    })
    .collect();
    ProjectDiff {
        status,
        name: e.project.name.clone(),
        file: e.path.clone(),
        matched_by: None,
        fields: Vec::new(),
        budget,
        plan: Vec::new(),
        indicators: Vec::new(),
        indicator_count: e.project.indicators.len(),
    }
}

fn changed(
    b: &Entry<'_>,
    a: &Entry<'_>,
    by: MatchedBy,
    overview: &mut Overview,
    lang: Lang,
) -> Option<ProjectDiff> {
    let (old, new) = (b.project, a.project);
    let text = |v: &str| (!v.trim().is_empty()).then(|| v.trim().to_owned());
    let fields: Vec<FieldChange> = [
        ("文件", text(&b.path), text(&a.path)),
        ("项目名称", text(&old.name), text(&new.name)),
        (
            "项目编码",
            old.code.as_deref().and_then(text),
            new.code.as_deref().and_then(text),
        ),
        ("主管部门", text(&b.department), text(&a.department)),
        (
            "预算年度",
            old.year.map(|y| y.to_string()),
            new.year.map(|y| y.to_string()),
        ),
    ]
    .into_iter()
    .filter(|(_, o, n)| o != n)
    .map(|(field, old, new)| FieldChange {
        field,
        value: TextChange { old, new },
    })
    .collect();
    let (ao, an) = (amounts(old), amounts(new));
    let budget: Vec<BudgetChange> = [
        ("预算数", ao.total, an.total),
        ("财政资金", ao.fiscal, an.fiscal),
        ("其他资金", ao.other, an.other),
    ]
    .into_iter()
    .map(|(field, o, n)| BudgetChange {
        field,
        amount: AmountChange::new(o, n),
    })
    .filter(|c| c.amount.changed())
    .collect();
    let plan = compare_plans(old, new);
    let indicators = compare_indicators_in(&old.indicators, &new.indicators, lang);

    if fields
        .iter()
        .any(|f| f.field == "文件" || f.field == "项目名称")
    {
        overview.projects_renamed += 1;
    }
    overview.budgets_changed += usize::from(!budget.is_empty());
    overview.plans_changed += usize::from(!plan.is_empty());
    overview.indicators_changed += indicators.len();
    if fields.is_empty() && budget.is_empty() && plan.is_empty() && indicators.is_empty() {
        return None;
    }
    Some(ProjectDiff {
        status: Status::Changed,
        name: new.name.clone(),
        file: a.path.clone(),
        matched_by: Some(by),
        fields,
        budget,
        plan,
        indicators,
        indicator_count: new.indicators.len(),
    })
}

fn compare_plans(old: &Project, new: &Project) -> Vec<PlanChange> {
    let points = |p: &Project| -> BTreeMap<i64, rust_decimal::Decimal> {
        p.plan
            .iter()
            .flat_map(|plan| plan.points.iter().map(|pt| (pt.month, pt.percent)))
            .collect()
    };
    let (before, after) = (points(old), points(new));
    let months: std::collections::BTreeSet<i64> =
        before.keys().chain(after.keys()).copied().collect();
    months
        .into_iter()
        .filter_map(|month| {
            let (o, n) = (before.get(&month).copied(), after.get(&month).copied());
            (o != n).then(|| PlanChange {
                month,
                old: o,
                new: n,
                delta: o.zip(n).map(|(o, n)| n - o),
            })
        })
        .collect()
}
