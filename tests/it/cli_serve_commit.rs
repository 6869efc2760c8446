//! `perf serve --commit` and the history page: saves through the router in-process over a
//! temporary git repository (Chinese paths, identity set in the repository), checked with git
//! itself; `--commit` outside a repository through the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::Path;
use std::process::Command;

use axum::http::StatusCode;

use crate::common::stderr;
use crate::serve_client::{Client, copy_tree, enc_path, form_fields, with};

const SOCIAL: &str = "高新区人社局/被征地农民社会保障费.toml";
const AUTHOR: &str = "张 三";

/// Runs git in `dir` (a fixed environment: no global configuration), answering stdout.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A repository `仓库/` holding `预算/` (a copy of budgets/) and `说明.txt`, all committed,
/// the server's identity set in the repository.
fn repository() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().join("仓库");
    let tree = top.join("预算");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets"),
        &tree,
    );
    std::fs::write(top.join("说明.txt"), "第一版\n").unwrap();
    git(&top, &["init", "-q"]);
    git(&top, &["config", "user.name", "预算服务器"]);
    git(&top, &["config", "user.email", "server@example.invalid"]);
    git(&top, &["config", "commit.gpgsign", "false"]);
    git(&top, &["add", "-A"]);
    git(&top, &["commit", "-q", "-m", "初始"]);
    (dir, top)
}

fn cookie() -> String {
    format!("perf_author={}", enc_path(AUTHOR))
}

/// The edit form of SOCIAL with 项目金额 changed from =7000万元 to ≤4000万元.
async fn edited_form(client: &Client, cookie: &str) -> Vec<(String, String)> {
    let (status, page) = client
        .get_with(
            &format!("/edit/{}", enc_path(SOCIAL)),
            &[("cookie", cookie)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let fields = form_fields(&page);
    let (target, _) = fields
        .iter()
        .find(|(k, v)| k.ends_with(".target") && v == "=7000万元")
        .expect("the 项目金额 row")
        .clone();
    with(&fields, &target, "≤4000万元")
}

/// POSTs the edit form of SOCIAL with the author cookie.
async fn save(
    client: &Client,
    fields: &[(String, String)],
) -> axum::http::Response<axum::body::Body> {
    client
        .post_with(
            &format!("/edit/{}", enc_path(SOCIAL)),
            fields,
            &[("cookie", &cookie())],
        )
        .await
}

#[tokio::test]
async fn a_save_is_one_commit_of_that_file_by_the_named_author_and_staged_work_stays() {
    let (_dir, top) = repository();
    // The user's own work: a staged change and an untracked file, neither to be committed.
    std::fs::write(top.join("说明.txt"), "第二版（已暂存）\n").unwrap();
    git(&top, &["add", "说明.txt"]);
    std::fs::write(top.join("草稿.txt"), "未跟踪\n").unwrap();
    let client = Client::committing(&top.join("预算"));

    // The form asks for the name, filled from the cookie.
    let (_, page) = client
        .get_with(
            &format!("/edit/{}", enc_path(SOCIAL)),
            &[("cookie", &cookie())],
        )
        .await;
    assert!(page.contains("你的姓名"), "{page}");
    assert!(
        page.contains(&format!("name=\"author\" value=\"{AUTHOR}\"")),
        "{page}"
    );

    let fields = edited_form(&client, &cookie()).await;
    let response = save(&client, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let set_cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(set_cookie.starts_with("perf_author="), "{set_cookie}");

    let count = git(&top, &["rev-list", "--count", "HEAD"]);
    assert_eq!(count.trim(), "2", "one new commit");
    let files = git(&top, &["show", "-z", "--name-only", "--format=", "HEAD"]);
    let files: Vec<&str> = files.split('\0').filter(|f| !f.trim().is_empty()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].trim(), format!("预算/{SOCIAL}"));
    let who = git(&top, &["show", "-s", "--format=%an|%ae|%cn", "HEAD"]);
    assert_eq!(who.trim(), "张 三|perf-serve@localhost|预算服务器");
    let message = git(&top, &["show", "-s", "--format=%B", "HEAD"]);
    let subject = message.lines().next().unwrap();
    assert_eq!(
        subject,
        "修改 被征地农民社会保障费：成本指标“项目金额” =7000万元 → ≤4000万元"
    );
    assert!(message.contains("降低 3000 万元"), "{message}");
    // The committed file is the file on disk.
    let committed = git(&top, &["show", &format!("HEAD:预算/{SOCIAL}")]);
    let on_disk = std::fs::read_to_string(top.join("预算").join(SOCIAL)).unwrap();
    assert_eq!(committed, on_disk);
    assert!(on_disk.contains("≤4000万元"));

    // The user's staged change is still staged, and not committed; the draft untracked.
    let status = git(&top, &["status", "--porcelain=v1", "-z"]);
    let mut status: Vec<&str> = status.split('\0').filter(|s| !s.is_empty()).collect();
    status.sort_unstable();
    assert_eq!(status, vec!["?? 草稿.txt", "M  说明.txt"]);
    let staged = git(&top, &["show", ":说明.txt"]);
    assert_eq!(staged, "第二版（已暂存）\n");
    assert_eq!(git(&top, &["show", "HEAD:说明.txt"]), "第一版\n");

    // The project page links the history; the history lists the commit and its change.
    let (_, project) = client.get(&format!("/project/{}", enc_path(SOCIAL))).await;
    assert!(
        project.contains(&format!("/history/{}", enc_path(SOCIAL))),
        "{project}"
    );
    let (status, history) = client.get(&format!("/history/{}", enc_path(SOCIAL))).await;
    assert_eq!(status, StatusCode::OK, "{history}");
    assert!(history.contains("张 三"), "{history}");
    assert!(history.contains(subject), "{history}");
    assert!(history.contains("初始"), "the first commit too: {history}");
    let change = &history[history.find("<details").unwrap()..];
    let change = &change[..change.find("</details>").unwrap()];
    assert!(
        change.contains("=7000万元") && change.contains("≤4000万元"),
        "{change}"
    );
    assert!(change.contains("成本指标“项目金额”"), "{change}");
}

#[tokio::test]
async fn a_new_project_is_committed_alone_and_a_name_is_required_and_checked() {
    let (_dir, top) = repository();
    let client = Client::committing(&top.join("预算"));
    let fields = |author: &str| {
        vec![
            ("dept".to_owned(), "高新区人社局".to_owned()),
            ("name".to_owned(), "新的项目".to_owned()),
            ("year".to_owned(), "2025".to_owned()),
            ("author".to_owned(), author.to_owned()),
        ]
    };
    // No name (no field, no cookie), or a name git would mangle: refused, nothing written.
    for bad in ["", "李四 <x@y>", "李\n四"] {
        let (status, page) = client.post("/new", &fields(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}: {page}");
        assert!(page.contains("文件未被改动"), "{page}");
    }
    assert!(!top.join("预算/高新区人社局/新的项目.toml").exists());
    let (status, _) = client.post("/new", &fields("李四")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let subject = git(&top, &["show", "-s", "--format=%an|%s", "HEAD"]);
    assert_eq!(subject.trim(), "李四|新建 新的项目");
    let files = git(&top, &["show", "-z", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), "预算/高新区人社局/新的项目.toml\0");
    assert_eq!(git(&top, &["status", "--porcelain"]), "");

    // An edit without the field and without the cookie is refused before writing.
    let fields = edited_form(&client, "").await;
    let fields: Vec<(String, String)> = fields.into_iter().filter(|(k, _)| k != "author").collect();
    let (status, _) = client
        .post(&format!("/edit/{}", enc_path(SOCIAL)), &fields)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let on_disk = std::fs::read_to_string(top.join("预算").join(SOCIAL)).unwrap();
    assert!(on_disk.contains("=7000万元"));
}

#[tokio::test]
async fn a_commit_refused_by_a_hook_says_the_file_is_saved_but_not_committed() {
    let (_dir, top) = repository();
    let hook = top.join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\necho 提交被钩子拒绝 >&2\nexit 1\n").unwrap();
    let mut permissions = std::fs::metadata(&hook).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&hook, permissions).unwrap();
    let head = git(&top, &["rev-parse", "HEAD"]);
    let client = Client::committing(&top.join("预算"));
    let fields = edited_form(&client, &cookie()).await;
    let response = save(&client, &fields).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let page = String::from_utf8(body.to_vec()).unwrap();
    assert!(
        page.contains("文件已保存") && page.contains("没有提交到 git"),
        "{page}"
    );
    assert!(page.contains("提交被钩子拒绝"), "git's words: {page}");
    assert_eq!(git(&top, &["rev-parse", "HEAD"]), head, "no commit");
    let on_disk = std::fs::read_to_string(top.join("预算").join(SOCIAL)).unwrap();
    assert!(on_disk.contains("≤4000万元"), "the file is saved");
}

#[tokio::test]
async fn without_commit_a_save_makes_no_commit_and_the_history_is_still_shown() {
    let (_dir, top) = repository();
    let client = Client::new(&top.join("预算"), false);
    let fields = edited_form(&client, "").await;
    assert!(fields.iter().all(|(k, _)| k != "author"), "no name asked");
    let (status, _) = client
        .post(&format!("/edit/{}", enc_path(SOCIAL)), &fields)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(git(&top, &["rev-list", "--count", "HEAD"]).trim(), "1");
    let status = git(&top, &["status", "--porcelain", "-z"]);
    assert_eq!(status, format!(" M 预算/{SOCIAL}\0"));
    let (status, history) = client.get(&format!("/history/{}", enc_path(SOCIAL))).await;
    assert_eq!(status, StatusCode::OK, "{history}");
    assert!(history.contains("初始"), "{history}");

    // Outside git: no link, and the history page says why.
    let plain = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets"),
        plain.path(),
    );
    let client = Client::new(plain.path(), false);
    let (_, project) = client.get(&format!("/project/{}", enc_path(SOCIAL))).await;
    assert!(!project.contains("/history/"), "{project}");
}

#[test]
fn commit_outside_a_repository_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets"),
        &dir.path().join("budgets"),
    );
    let output = Command::new(env!("CARGO_BIN_EXE_perf"))
        .current_dir(dir.path())
        .env_remove("PERF_LANG")
        // No repository above the temporary folder counts.
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .args(["serve", "--commit", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("--commit") && err.contains("不在 git 仓库的工作区中"),
        "{err}"
    );
    assert!(output.stdout.is_empty(), "no URL: the server did not start");
}

#[tokio::test]
async fn the_message_says_what_the_commit_changes_and_the_history_follows_a_rename() {
    let (_dir, top) = repository();
    // A change made on disk outside perf serve and not committed: the commit holds it too,
    // so its message names it.
    let file = top.join("预算").join(SOCIAL);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("\"≧5个\"", "\"≥6个\"")).unwrap();
    let client = Client::committing(&top.join("预算"));
    let fields = edited_form(&client, &cookie()).await;
    let response = save(&client, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let message = git(&top, &["show", "-s", "--format=%B", "HEAD"]);
    let mut lines = message.lines();
    assert_eq!(
        lines.next().unwrap(),
        "修改 被征地农民社会保障费：数量指标“审批地块数量” ≧5个 → ≥6个 等 2 处"
    );
    let body: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    assert_eq!(body.len(), 2, "{message}");
    assert!(body[1].starts_with("成本指标“项目金额” =7000万元 → ≤4000万元"));

    // Saving the form again unchanged: no write, no commit.
    let head = git(&top, &["rev-parse", "HEAD"]);
    let (_, page) = client
        .get_with(
            &format!("/edit/{}", enc_path(SOCIAL)),
            &[("cookie", &cookie())],
        )
        .await;
    let status = save(&client, &form_fields(&page)).await.status();
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(git(&top, &["rev-parse", "HEAD"]), head);

    // Renamed with git: the history of the new name goes back through the old one.
    git(
        &top,
        &[
            "mv",
            &format!("预算/{SOCIAL}"),
            "预算/高新区人社局/社保费.toml",
        ],
    );
    git(&top, &["commit", "-q", "-m", "改名"]);
    let renamed = "高新区人社局/社保费.toml";
    let (status, history) = client.get(&format!("/history/{}", enc_path(renamed))).await;
    assert_eq!(status, StatusCode::OK, "{history}");
    for subject in ["改名", "等 2 处", "初始"] {
        assert!(history.contains(subject), "{subject}: {history}");
    }
    let details: Vec<&str> = history.split("<details").skip(1).collect();
    assert_eq!(details.len(), 3, "{history}");
    assert!(
        details[0].contains("没有变化"),
        "the rename: {}",
        details[0]
    );
    assert!(
        details[1].contains("≥6个") && details[1].contains("≤4000万元"),
        "{}",
        details[1]
    );
    assert!(details[2].contains("新增项目"), "{}", details[2]);
}

#[test]
fn commit_without_git_is_refused_and_in_a_repository_the_server_starts() {
    let (_dir, top) = repository();
    let serve = |path: &str| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_perf"));
        command
            .current_dir(&top)
            .env_remove("PERF_LANG")
            .env("PATH", path)
            .args(["serve", "预算", "--commit", "--port", "0"]);
        command
    };
    // No git on PATH.
    let empty = tempfile::tempdir().unwrap();
    let output = serve(&empty.path().display().to_string()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("--commit") && err.contains("无法运行 git"),
        "{err}"
    );

    // git that does not know who commits (no identity, and told not to guess one).
    let anonymous = tempfile::tempdir().unwrap();
    git(anonymous.path(), &["init", "-q"]);
    git(anonymous.path(), &["config", "user.useConfigOnly", "true"]);
    std::fs::create_dir(anonymous.path().join("预算")).unwrap();
    let output = serve(&std::env::var("PATH").unwrap())
        .current_dir(anonymous.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_COMMITTER_NAME")
        .env_remove("GIT_COMMITTER_EMAIL")
        .env_remove("EMAIL")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("--commit") && err.contains("var GIT_COMMITTER_IDENT"),
        "{err}"
    );

    // In the repository, with git: the URL comes first, as without --commit.
    let mut child = serve(&std::env::var("PATH").unwrap())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(line.starts_with("http://127.0.0.1:"), "{line:?}");
}
