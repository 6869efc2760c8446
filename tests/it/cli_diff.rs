//! `perf diff` end to end on temporary git repositories: commits that add, remove, rename and
//! edit projects (amounts, plan, targets), in every format; `--dirs`; exit statuses.

// The repository helpers below are test code outside `#[test]` functions.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{perf_in, stderr, stdout};
use tempfile::TempDir;

const DEPT: &str = "测试区民政局";

/// A throwaway git repository with fixed identities and dates, so commit ids are stable.
struct Repo {
    dir: TempDir,
    commits: u32,
}

impl Repo {
    fn new() -> Self {
        let repo = Self {
            dir: TempDir::new().unwrap(),
            commits: 0,
        };
        repo.git(&["init", "-q"]);
        repo.git(&["config", "user.name", "测试"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn git(&self, args: &[&str]) -> String {
        let date = format!("2024-01-0{}T00:00:00Z", self.commits + 1);
        let out = Command::new("git")
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn project(&self, file: &str, p: &Project) {
        self.write(&format!("budgets/{DEPT}/{file}.toml"), &p.toml());
    }

    fn remove(&self, relative: &str) {
        std::fs::remove_file(self.path().join(relative)).unwrap();
    }

    fn commit(&mut self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self.commits += 1;
    }

    fn diff(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["diff"];
        all.extend_from_slice(args);
        perf_in(self.path(), &all)
    }
}

/// A project file, written out in full.
#[derive(Clone)]
struct Project {
    name: &'static str,
    total: &'static str,
    fiscal: &'static str,
    plan: [u32; 4],
    indicators: Vec<[&'static str; 5]>,
}

impl Project {
    fn new(name: &'static str, total: &'static str, fiscal: &'static str) -> Self {
        Self {
            name,
            total,
            fiscal,
            plan: [25, 50, 80, 100],
            indicators: vec![
                ["产出指标", "数量指标", "救助人次", "≥300人次", "历史标准"],
                [
                    "产出指标",
                    "质量指标",
                    "救助对象认定准确率",
                    "=100%",
                    "计划标准",
                ],
                [
                    "产出指标",
                    "时效指标",
                    "资金发放时间",
                    "2024年12月底前",
                    "计划标准",
                ],
                ["产出指标", "成本指标", "资金总额", "", "计划标准"],
                [
                    "效益指标",
                    "社会效益指标",
                    "困难群众基本生活保障情况",
                    "有效保障",
                    "其他标准",
                ],
                [
                    "满意度指标",
                    "服务对象满意度指标",
                    "救助对象满意度",
                    "≥85%",
                    "行业标准",
                ],
            ],
        }
    }

    fn target(mut self, name: &str, target: &'static str) -> Self {
        for row in &mut self.indicators {
            if row[2] == name {
                row[3] = target;
            }
        }
        self
    }

    fn toml(&self) -> String {
        let [m3, m6, m10, m12] = self.plan;
        let mut text = format!(
            "[project]\nname = \"{}\"\ndepartment = \"{DEPT}\"\nyear = 2024\n\
             purpose = \"用于保障困难群众基本生活。\"\n\
             goals = [\"保障困难群众基本生活。\"]\n\n\
             [budget]\ntotal = {}\nfiscal = {}\n\n\
             [plan]\n3 = {m3}\n6 = {m6}\n10 = {m10}\n12 = {m12}\n",
            self.name, self.total, self.fiscal
        );
        for [level1, level2, name, target, basis] in &self.indicators {
            let target = if target.is_empty() {
                format!("≤{}万元", self.total)
            } else {
                (*target).to_owned()
            };
            text.push_str(&format!(
                "\n[[indicator]]\nlevel1 = \"{level1}\"\nlevel2 = \"{level2}\"\nname = \"{name}\"\n\
                 target = \"{target}\"\nbasis = \"{basis}\"\n"
            ));
        }
        text
    }
}

const DEPARTMENT: &str =
    "[department]\nname = \"测试区民政局\"\naliases = [\"民政局\"]\nyear = 2024\n";

/// Commit 1: four projects. Commit 2: one edited (amounts, plan, targets, basis), one removed,
/// one added, one file renamed, and one given a cost indicator that contradicts its budget.
fn two_commits() -> Repo {
    let mut repo = Repo::new();
    repo.write(&format!("budgets/{DEPT}/department.toml"), DEPARTMENT);
    repo.project("临时救助资金", &Project::new("临时救助资金", "120", "100"));
    repo.project("低保资金", &Project::new("低保资金", "500", "500"));
    repo.project("养老服务补贴", &Project::new("养老服务补贴", "80", "80"));
    repo.project("残疾人补贴", &Project::new("残疾人补贴", "60", "60"));
    repo.commit("2024 budgets");

    let mut edited = Project::new("临时救助资金", "150", "130").target("救助对象满意度", "≥90%");
    edited.plan = [30, 50, 80, 100];
    edited.indicators[0][4] = "计划标准";
    repo.project("临时救助资金", &edited);
    repo.project(
        "低保资金",
        &Project::new("低保资金", "500", "500").target("资金总额", "=700万元"),
    );
    repo.remove(&format!("budgets/{DEPT}/养老服务补贴.toml"));
    repo.project("医疗救助资金", &Project::new("医疗救助资金", "90", "90"));
    repo.git(&[
        "mv",
        &format!("budgets/{DEPT}/残疾人补贴.toml"),
        &format!("budgets/{DEPT}/残疾人两项补贴.toml"),
    ]);
    repo.commit("adjust budgets");
    repo
}

#[test]
fn table_reports_every_kind_of_change_and_exits_one_on_a_new_error() {
    let repo = two_commits();
    let output = repo.diff(&["HEAD~1", "HEAD"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "预算总额 +40.00 万元 (+5.26%)，新增 1 个项目，删除 1 个项目，1 个项目改名或移动，\
         1 个项目调整预算，1 个项目调整支出计划，4 个指标调整，新增 1 个错误"
    );
    for expected in [
        "≥85%",
        "≥90%",
        "提高 5 个百分点（要求提高）",
        "≤120万元",
        "提高 30 万元（要求放宽）",
        "+30.00 (+25.00%)",
        "3月底计划",
        "+5 个百分点",
        "新增项目",
        "删除项目",
        "按部门和项目名称对应",
        "依据",
        "error[C001] budgets/测试区民政局/低保资金.toml:",
        "问题合计：错误 0 → 1",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    insta::assert_snapshot!("diff_commits_table", text);
}

#[test]
fn markdown_for_the_job_summary() {
    let repo = two_commits();
    let output = repo.diff(&["HEAD~1", "HEAD", "--format", "markdown"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    insta::assert_snapshot!("diff_commits_markdown", stdout(&output));
}

#[test]
fn json_keeps_exact_amounts_and_structure() {
    let repo = two_commits();
    let output = repo.diff(&["HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["old"]["label"], "HEAD~1");
    assert_eq!(doc["new"]["label"], "HEAD");
    assert_eq!(doc["totals"]["total"]["old"], "760");
    assert_eq!(doc["totals"]["total"]["new"], "800");
    assert_eq!(doc["totals"]["total"]["delta"], "40");
    assert_eq!(doc["overview"]["errors_introduced"], 1);
    let projects = doc["departments"][0]["projects"].as_array().unwrap();
    let status = |name: &str| {
        projects.iter().find(|p| p["name"] == name).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(status("医疗救助资金"), "added");
    assert_eq!(status("养老服务补贴"), "removed");
    assert_eq!(status("临时救助资金"), "changed");
    let moved = projects.iter().find(|p| p["name"] == "残疾人补贴").unwrap();
    assert_eq!(moved["matched_by"], "name");
    assert_eq!(moved["fields"][0]["field"], "文件");
    let edited = projects
        .iter()
        .find(|p| p["name"] == "临时救助资金")
        .unwrap();
    let satisfaction = edited["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "救助对象满意度")
        .unwrap();
    assert_eq!(satisfaction["delta"], "5");
    assert_eq!(satisfaction["unit"], "%");
    assert_eq!(satisfaction["reading"], "提高 5 个百分点（要求提高）");
    assert_eq!(edited["plan"][0]["month"], 3);
    assert_eq!(edited["plan"][0]["delta"], "5");
    let introduced = doc["findings"]["introduced"].as_array().unwrap();
    assert_eq!(introduced.len(), 1);
    assert_eq!(introduced[0]["code"], "C001");
}

#[test]
fn default_compares_head_with_the_working_tree_and_sees_fixes() {
    let repo = two_commits();
    repo.project(
        "低保资金",
        &Project::new("低保资金", "500", "500").target("资金总额", "≤500万元"),
    );
    let status_before = repo.git(&["status", "--porcelain"]);
    let output = repo.diff(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("预算总额不变（800.00 万元），1 个指标调整，修复 1 个错误\n"),
        "{text}"
    );
    assert!(text.contains("比较：HEAD ("), "{text}");
    assert!(text.contains("→ 工作区"), "{text}");
    assert!(text.contains("比较符 = → ≤，降低 200 万元"), "{text}");
    assert!(
        text.contains("已修复的问题（1 个错误，0 个警告）"),
        "{text}"
    );
    // Reading revisions leaves the working tree and the index as they were.
    assert_eq!(repo.git(&["status", "--porcelain"]), status_before);
}

#[test]
fn nothing_changed() {
    let repo = two_commits();
    let output = repo.diff(&["HEAD"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("没有变化：预算总额不变（800.00 万元）\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn paths_limit_the_comparison() {
    let repo = two_commits();
    let file = format!("budgets/{DEPT}/临时救助资金.toml");
    let output = repo.diff(&["HEAD~1", "HEAD", "--", &file]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("预算总额 +30.00 万元 (+25.00%)，1 个项目调整预算"),
        "{text}"
    );
    assert!(!text.contains("低保资金"), "{text}");
    // A path right after the revisions works without `--` too.
    let output = repo.diff(&["HEAD~1", &file]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_revision_before_the_budgets_existed_shows_everything_added() {
    let mut repo = Repo::new();
    repo.write("README.md", "budgets to come\n");
    repo.commit("empty");
    repo.write(&format!("budgets/{DEPT}/department.toml"), DEPARTMENT);
    repo.project("低保资金", &Project::new("低保资金", "500", "500"));
    repo.commit("first budget");
    let output = repo.diff(&["HEAD~1", "HEAD"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("预算总额 +500.00 万元，新增 1 个项目\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn dirs_compare_two_folders_without_git() {
    let old = TempDir::new().unwrap();
    let new = TempDir::new().unwrap();
    for (dir, total) in [(&old, "120"), (&new, "100")] {
        let folder = dir.path().join(DEPT);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("department.toml"), DEPARTMENT).unwrap();
        std::fs::write(
            folder.join("临时救助资金.toml"),
            Project::new("临时救助资金", total, total).toml(),
        )
        .unwrap();
    }
    let arg = |d: &TempDir| d.path().display().to_string();
    let output = perf_in(
        old.path(),
        &["diff", "--dirs", &arg(&old), &arg(&new), "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["totals"]["total"]["delta"], "-20");
    let project = &doc["departments"][0]["projects"][0];
    assert_eq!(project["file"], format!("{DEPT}/临时救助资金.toml"));
    let percent = project["budget"][0]["amount"]["percent"].as_str().unwrap();
    assert!(percent.starts_with("-16.666"), "{percent}");
}

#[test]
fn outside_a_repository_exits_two_with_a_hint() {
    let dir = TempDir::new().unwrap();
    let output = perf_in(dir.path(), &["diff"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("不在 git 仓库中"), "{err}");
    assert!(err.contains("perf diff --dirs"), "{err}");
}

#[test]
fn a_bad_revision_exits_two() {
    let repo = two_commits();
    let output = repo.diff(&["no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("`no-such-branch` 不是有效的 git 修订版本"),
        "{err}"
    );
    let output = repo.diff(&["origin/main", "HEAD"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("git fetch origin"),
        "{}",
        stderr(&output)
    );
    let output = repo.diff(&["HEAD", "--", "nowhere"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("两边都没有找到预算文件"));
}

#[test]
fn a_repository_without_commits_says_so() {
    let repo = Repo::new();
    repo.write(&format!("budgets/{DEPT}/department.toml"), DEPARTMENT);
    let output = repo.diff(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("仓库还没有任何提交"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_file_that_no_longer_parses_is_unreadable_not_removed() {
    let repo = two_commits();
    repo.write(
        &format!("budgets/{DEPT}/低保资金.toml"),
        "[project\nname = ",
    );
    let output = repo.diff(&["--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["overview"]["projects_unreadable"], 1);
    assert_eq!(doc["overview"]["projects_removed"], 0);
    assert_eq!(doc["findings"]["introduced"][0]["code"], "F001");
}

#[test]
fn changed_files_lists_committed_staged_and_untracked_changes() {
    let repo = two_commits();
    repo.write(&format!("budgets/{DEPT}/新项目.toml"), "# untracked\n");
    let git = perf::source::git::Repo::discover(repo.path()).unwrap();
    let changed = git
        .changed_since("HEAD~1", &[PathBuf::from("budgets")])
        .unwrap();
    let top = git.top().to_path_buf();
    let names: Vec<String> = changed
        .iter()
        .map(|p| p.strip_prefix(&top).unwrap().display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "budgets/测试区民政局/临时救助资金.toml",
            "budgets/测试区民政局/低保资金.toml",
            "budgets/测试区民政局/医疗救助资金.toml",
            "budgets/测试区民政局/新项目.toml",
            "budgets/测试区民政局/残疾人两项补贴.toml",
        ]
    );
}
