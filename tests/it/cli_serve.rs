//! `perf serve`: the router in-process (tower's `oneshot`, no socket) for pages, refusals and
//! saves, and the real binary once (`--port 0`, URL on the first stdout line).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::serve_client::{Client, copy_tree, enc_path, form_fields, with};
use axum::http::StatusCode;

use crate::common::{perf, stderr};

#[tokio::test]
async fn every_page_answers_200_on_budgets_and_examples() {
    for root in ["budgets", "examples"] {
        let client = Client::new(&Path::new(env!("CARGO_MANIFEST_DIR")).join(root), false);
        let (status, overview) = client.get("/").await;
        assert_eq!(status, StatusCode::OK, "{root}: {overview}");
        let tree = client.app.tree();
        let rels: Vec<String> = tree.served().map(|(rel, _)| rel.to_owned()).collect();
        assert!(rels.len() >= 3, "{root}: {rels:?}");
        for rel in &rels {
            for prefix in ["/project/", "/edit/"] {
                let (status, body) = client.get(&format!("{prefix}{}", enc_path(rel))).await;
                assert_eq!(status, StatusCode::OK, "{prefix}{rel}: {body}");
            }
        }
        let mut departments: Vec<String> = tree
            .served()
            .map(|(_, p)| {
                tree.judged
                    .workspace
                    .canonical_department(&p.project.department)
                    .to_owned()
            })
            .collect();
        departments.dedup();
        for d in &departments {
            assert!(overview.contains(d.as_str()), "{root}: {d} on the overview");
            let (status, body) = client.get(&format!("/dept/{}", enc_path(d))).await;
            assert_eq!(status, StatusCode::OK, "{d}: {body}");
        }
        let mut codes: Vec<&str> = tree
            .judged
            .diagnostics
            .iter()
            .map(|d| d.rule.code)
            .collect();
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            let (status, body) = client.get(&format!("/rules/{code}")).await;
            assert_eq!(status, StatusCode::OK, "{code}: {body}");
        }
        for path in [
            "/new",
            "/findings",
            "/findings?severity=error",
            "/findings.csv",
            "/assets/serve.css",
            "/assets/serve.js",
        ] {
            let (status, body) = client.get(path).await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
        }
    }
}

#[tokio::test]
async fn the_project_page_shows_each_finding_beside_its_row_and_links_the_rule() {
    let client = Client::budgets(false);
    let (status, body) = client
        .get(&format!(
            "/project/{}",
            enc_path("高新区人社局/被征地农民社会保障费.toml")
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let row = body.find("=7000万元").expect("the cost row");
    let finding = body
        .find("href=\"/rules/C001\"")
        .expect("C001 linked to its rule page");
    let next_row = body[row..]
        .find("服务对象满意度指标")
        .map(|i| i + row)
        .unwrap();
    assert!(
        row < finding && finding < next_row,
        "C001 is shown under the cost row"
    );
    assert!(
        body.contains("读作：= 7000 万元"),
        "the reading of the target"
    );
    let (status, rule) = client.get("/rules/C001").await;
    assert_eq!(status, StatusCode::OK);
    assert!(rule.contains("C001"), "{rule}");
}

#[tokio::test]
async fn findings_filter_by_severity_rule_and_department_and_csv_is_guarded() {
    let client = Client::budgets(false);
    let (_, all) = client.get("/findings").await;
    let (_, errors) = client.get("/findings?severity=error").await;
    assert!(
        errors.contains("C001") && !errors.contains(">S005<"),
        "{errors}"
    );
    assert!(all.contains(">S005<"));
    let (_, by_rule) = client.get("/findings?rule=S005").await;
    assert!(by_rule.contains(">S005<") && !by_rule.contains(">C001<"));
    let (_, none) = client.get("/findings?dept=%E6%B2%A1%E6%9C%89").await;
    assert!(!none.contains(">S005<"));
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets"),
        dir.path(),
    );
    let file = dir.path().join("高新区人社局/被征地农民社会保障费.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen(
            "name = \"被征地农民社会保障费\"",
            "name = \"=HYPERLINK(1)\"",
            1,
        ),
    )
    .unwrap();
    let client = Client::new(dir.path(), false);
    let (status, csv) = client.get("/findings.csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains(",'=HYPERLINK(1),"), "{csv}");
}

#[tokio::test]
async fn traversal_absolute_paths_and_symlinks_out_of_the_tree_are_404() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets"),
        dir.path(),
    );
    let secret = outside.path().join("secret.toml");
    std::fs::copy(dir.path().join("高新区人社局/人才发展资金.toml"), &secret).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("高新区人社局/链接.toml")).unwrap();
    let client = Client::new(dir.path(), false);
    for path in [
        "/project/../Cargo.toml",
        "/project/%2e%2e/%2e%2e/Cargo.toml",
        "/project/%2Fetc%2Fpasswd",
        "/project//etc/passwd",
        "/project/高新区人社局/../../Cargo.toml",
        "/edit/%2e%2e/Cargo.toml",
    ] {
        let (status, _) = client
            .get(&path.replace("高新区人社局", &enc_path("高新区人社局")))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let link = format!("/project/{}", enc_path("高新区人社局/链接.toml"));
    assert_eq!(
        client.get(&link).await.0,
        StatusCode::NOT_FOUND,
        "a symlink out of the tree"
    );
    let edit = format!("/edit/{}", enc_path("高新区人社局/链接.toml"));
    assert_eq!(client.get(&edit).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_foreign_host_or_origin_is_403_and_a_post_without_the_csrf_token_is_403() {
    let client = Client::budgets(false);
    let (status, body) = client
        .request("GET", "/", &[("host", "evil.example:8000")], "")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("DNS"), "{body}");
    let (status, _) = client
        .request("GET", "/", &[("origin", "http://evil.example")], "")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = client
        .request("GET", "/", &[("origin", "http://localhost:8000")], "")
        .await;
    assert_eq!(status, StatusCode::OK);
    let check = format!(
        "/check/{}",
        enc_path("高新区人社局/被征地农民社会保障费.toml")
    );
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let (status, _) = client.request("POST", &check, &form, "name=x").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = client
        .request("POST", &check, &form, "name=x&csrf=wrong")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pages_carry_a_content_security_policy_and_escape_what_files_say() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets"),
        dir.path(),
    );
    let file = dir.path().join("高新区人社局/人才发展资金.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen(
            "name = \"人才发展资金\"",
            "name = \"<script>alert(1)</script>\"",
            1,
        ),
    )
    .unwrap();
    let client = Client::new(dir.path(), false);
    let response = client.raw("GET", "/", &[], "").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    let (_, page) = client
        .get(&format!(
            "/project/{}",
            enc_path("高新区人社局/人才发展资金.toml")
        ))
        .await;
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert")
    );
}

#[tokio::test]
async fn with_a_token_every_request_must_carry_it() {
    let client = Client::with_token("s3cret");
    assert_eq!(client.get("/").await.0, StatusCode::UNAUTHORIZED);
    let (status, _) = client
        .request("GET", "/", &[("authorization", "Bearer wrong")], "")
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = client
        .request("GET", "/", &[("authorization", "Bearer s3cret")], "")
        .await;
    assert_eq!(status, StatusCode::OK);
    let response = client.raw("GET", "/?token=s3cret", &[], "").await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.starts_with("perf_token=s3cret;") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let (status, _) = client
        .request("GET", "/findings", &[("cookie", "perf_token=s3cret")], "")
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn files_changed_on_disk_are_picked_up_on_the_next_request() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets"),
        dir.path(),
    );
    let client = Client::new(dir.path(), false);
    let rel = enc_path("高新区人社局/被征地农民社会保障费.toml");
    let (_, before) = client.get(&format!("/project/{rel}")).await;
    assert!(before.contains("href=\"/rules/C001\""));
    let file = dir.path().join("高新区人社局/被征地农民社会保障费.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let (_, stamp_before) = client.get("/stamp").await;
    let meta = |stamp: &str| format!("name=\"perf-stamp\" content=\"{stamp}\"");
    assert!(before.contains(&meta(&stamp_before)));
    std::fs::write(&file, text.replace("=7000万元", "≤4000万元")).unwrap();
    let (_, stamp_after) = client.get("/stamp").await;
    assert_ne!(
        stamp_before, stamp_after,
        "open pages learn that the data changed"
    );
    let (_, after) = client.get(&format!("/project/{rel}")).await;
    assert!(
        !after.contains("href=\"/rules/C001\""),
        "reloaded without a restart"
    );
    assert!(after.contains(&meta(&stamp_after)));
}

#[tokio::test]
async fn english_pages_with_lang_en() {
    let client = Client::english();
    let (_, body) = client.get("/").await;
    assert!(
        body.contains("Overview") && body.contains("lang=\"en\""),
        "{body}"
    );
}

#[test]
fn a_non_loopback_host_is_refused_without_read_only_or_a_token() {
    let output = perf(&["serve", "--host", "0.0.0.0", "--port", "0"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("--read-only") && err.contains("--token"),
        "{err}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn the_real_binary_prints_its_url_first_and_serves_pages() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_perf"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("PERF_LANG")
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().to_owned();
    let address = url
        .strip_prefix("http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("a URL on the first line: {url:?}"));
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.contains("高新区人社局") && answer.contains("总览"),
        "{answer}"
    );
}

const SOCIAL: &str = "高新区人社局/被征地农民社会保障费.toml";

/// A copy of budgets/ and a client over it.
fn copied() -> (tempfile::TempDir, Client) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("budgets"),
        dir.path(),
    );
    let client = Client::new(dir.path(), false);
    (dir, client)
}

fn codes_of(json: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let list = value
        .get("findings")
        .or_else(|| value.get("diagnostics"))
        .unwrap();
    let mut codes: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    codes
}

#[tokio::test]
async fn saving_the_form_as_served_changes_no_byte() {
    for root in ["budgets", "examples"] {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join(root),
            dir.path(),
        );
        let client = Client::new(dir.path(), false);
        let rels: Vec<String> = client
            .app
            .tree()
            .served()
            .map(|(r, _)| r.to_owned())
            .collect();
        for rel in rels {
            let path = dir.path().join(&rel);
            let before = std::fs::read(&path).unwrap();
            let (status, page) = client.get(&format!("/edit/{}", enc_path(&rel))).await;
            assert_eq!(status, StatusCode::OK, "{rel}");
            let uri = format!("/edit/{}", enc_path(&rel));
            let fields = form_fields(&page);
            let name = client
                .app
                .tree()
                .project_at(&rel)
                .unwrap()
                .project
                .name
                .clone();
            assert!(
                fields.contains(&("project.name".to_owned(), name)),
                "{rel}: {fields:?}"
            );
            assert!(
                fields.iter().any(|(k, _)| k == "ind.0.target"),
                "{rel}: {fields:?}"
            );
            let (status, body) = client.post(&uri, &fields).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{rel}: {body}");
            let after = std::fs::read(&path).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&after),
                String::from_utf8_lossy(&before),
                "{root}/{rel}: an unchanged form writes nothing new"
            );
        }
    }
}

#[tokio::test]
async fn live_check_and_save_agree_with_validate_and_change_only_the_edited_bytes() {
    let (dir, client) = copied();
    let rel = enc_path(SOCIAL);
    let path = dir.path().join(SOCIAL);
    let before = std::fs::read_to_string(&path).unwrap();
    let (_, page) = client.get(&format!("/edit/{rel}")).await;
    assert!(
        page.contains("href=\"/rules/C001\""),
        "the saved file's C001 is on the form"
    );
    assert!(
        page.contains("读作：= 7000 万元"),
        "the reading of the target"
    );
    let fields = form_fields(&page);
    let (status, json) = client.post(&format!("/check/{rel}"), &fields).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(codes_of(&json).contains(&"C001".to_owned()), "{json}");
    assert!(
        json.contains("\"field\":\"ind.3.target\""),
        "C001 placed on the target: {json}"
    );
    let edited = with(&fields, "ind.3.target", "≤4000万元");
    let (_, json) = client.post(&format!("/check/{rel}"), &edited).await;
    let live = codes_of(&json);
    assert!(
        !live.contains(&"C001".to_owned()),
        "C001 gone before saving: {json}"
    );
    assert!(json.contains("读作：≤ 4000 万元"), "{json}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "a check writes nothing"
    );
    let (status, body) = client.post(&format!("/edit/{rel}"), &edited).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        before.replace("\"=7000万元\"", "\"≤4000万元\""),
        "only the edited value changed"
    );
    assert!(after.contains("# 其他资金：原表空白"), "comments kept");
    let output = crate::common::perf_in(dir.path(), &["validate", SOCIAL, "--format", "json"]);
    assert_eq!(
        codes_of(&crate::common::stdout(&output)),
        live,
        "perf validate agrees with the page"
    );
}

#[tokio::test]
async fn a_save_over_a_file_changed_since_the_form_was_loaded_is_409() {
    let (dir, client) = copied();
    let rel = enc_path(SOCIAL);
    let path = dir.path().join(SOCIAL);
    let (_, page) = client.get(&format!("/edit/{rel}")).await;
    let fields = with(&form_fields(&page), "budget.total", "5000");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("purpose = \"", "purpose = \"（他人修改）");
    std::fs::write(&path, &theirs).unwrap();
    let (status, body) = client.post(&format!("/edit/{rel}"), &fields).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body.contains("（他人修改）") && body.contains("total = 5000"),
        "both versions shown"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "never a silent overwrite"
    );
}

#[tokio::test]
async fn of_two_saves_from_one_form_the_second_gets_the_conflict_page() {
    let (dir, client) = copied();
    let rel = enc_path(SOCIAL);
    let (_, page) = client.get(&format!("/edit/{rel}")).await;
    let fields = form_fields(&page);
    let first = with(&fields, "budget.total", "4100");
    let second = with(&fields, "budget.total", "4200");
    let uri = format!("/edit/{rel}");
    let (a, b) = tokio::join!(client.post(&uri, &first), client.post(&uri, &second));
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::CONFLICT]);
    let text = std::fs::read_to_string(dir.path().join(SOCIAL)).unwrap();
    assert!(
        text.contains("total = 4100") != text.contains("total = 4200"),
        "{text}"
    );
}

#[tokio::test]
async fn rows_are_added_and_deleted_and_strings_are_escaped_as_toml() {
    let (dir, client) = copied();
    let rel = enc_path(SOCIAL);
    let (_, page) = client.get(&format!("/edit/{rel}")).await;
    let mut fields = with(&form_fields(&page), "ind.6.name", "新增指标");
    fields = with(&fields, "ind.6.level1", "产出指标");
    fields = with(&fields, "ind.6.level2", "数量指标");
    fields = with(&fields, "ind.6.target", "≥10人");
    fields = with(&fields, "project.purpose", "含\"引号\"\n和换行");
    fields.push(("ind.1.delete".into(), "on".into()));
    let (status, body) = client.post(&format!("/edit/{rel}"), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let text = std::fs::read_to_string(dir.path().join(SOCIAL)).unwrap();
    assert!(
        text.contains("name = \"新增指标\"") && !text.contains("对收益人帮助情况"),
        "{text}"
    );
    let project = perf::source::load(&[dir.path().to_path_buf()]);
    let saved = project
        .projects
        .iter()
        .find(|p| p.project.name == "被征地农民社会保障费")
        .unwrap();
    assert_eq!(saved.project.purpose.as_deref(), Some("含\"引号\"\n和换行"));
    assert_eq!(saved.project.indicators.len(), 6);
}

#[tokio::test]
async fn read_only_answers_405_to_every_write_and_has_no_edit_page() {
    let client = Client::budgets(true);
    let rel = enc_path(SOCIAL);
    let (_, page) = client.get(&format!("/project/{rel}")).await;
    assert!(!page.contains("/edit/"), "no edit link");
    assert_eq!(
        client.get(&format!("/edit/{rel}")).await.0,
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(client.get("/new").await.0, StatusCode::METHOD_NOT_ALLOWED);
    for path in [
        format!("/edit/{rel}"),
        format!("/check/{rel}"),
        "/new".to_owned(),
        "/".to_owned(),
    ] {
        let (status, _) = client.post(&path, &[]).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
    }
    let (status, _) = client.request("PUT", "/", &[], "").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn a_file_that_does_not_parse_shows_its_errors_and_the_rest_is_served() {
    let (dir, _) = copied();
    let broken = dir.path().join("高新区人社局/坏文件.toml");
    std::fs::write(&broken, "[project]\nname = \"未闭合\n").unwrap();
    let client = Client::new(dir.path(), false);
    let (status, overview) = client.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(overview.contains("高新区人社局"));
    let (_, findings) = client.get("/findings?rule=F001").await;
    let link = format!("/project/{}", enc_path("高新区人社局/坏文件.toml"));
    assert!(findings.contains(&link), "{findings}");
    let (status, page) = client.get(&link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("F001") && page.contains("第 2 行"), "{page}");
    let edit = format!("/edit/{}", enc_path("高新区人社局/坏文件.toml"));
    assert_eq!(
        client.get(&edit).await.0,
        StatusCode::NOT_FOUND,
        "no form for it"
    );
    let (status, _) = client
        .post(&edit, &[("project.name".into(), "x".into())])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "[project]\nname = \"未闭合\n"
    );
}

#[tokio::test]
async fn a_new_project_is_created_from_the_skeleton_and_never_over_a_file() {
    let (dir, client) = copied();
    let fields = |name: &str| {
        vec![
            ("dept".to_owned(), "高新区人社局".to_owned()),
            ("name".to_owned(), name.to_owned()),
            ("year".to_owned(), "2025".to_owned()),
        ]
    };
    let body = format!(
        "{}&csrf={}",
        serde_urlencoded::to_string(fields("新的 项目/一")).unwrap(),
        client.app.csrf()
    );
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let response = client.raw("POST", "/new", &form, &body).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        format!("/edit/{}", enc_path("高新区人社局/新的 项目_一.toml"))
    );
    let text = std::fs::read_to_string(dir.path().join("高新区人社局/新的 项目_一.toml")).unwrap();
    assert!(
        text.contains("name = \"新的 项目/一\"") && text.contains("year = 2025"),
        "{text}"
    );
    let (status, page) = client.get(&location).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (status, _) = client.post("/new", &fields("新的 项目/一")).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an existing file is never replaced"
    );
    let (status, _) = client.post("/new", &fields("人才发展资金")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = client.post("/new", &fields("  ")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut copy = fields("复制的项目");
    copy.push(("from".to_owned(), SOCIAL.to_owned()));
    assert_eq!(client.post("/new", &copy).await.0, StatusCode::SEE_OTHER);
    let copied = std::fs::read_to_string(dir.path().join("高新区人社局/复制的项目.toml")).unwrap();
    assert!(
        copied.contains("及时发放社会保障费和风险基金"),
        "rows copied: {copied}"
    );
    assert!(
        !copied.contains("4000") && !copied.contains("7000"),
        "money cleared: {copied}"
    );
    copy[3].1 = "../Cargo.toml".to_owned();
    copy[1].1 = "另一个".to_owned();
    assert_eq!(
        client.post("/new", &copy).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut foreign = fields("x");
    foreign[0].1 = "../..".to_owned();
    assert_eq!(
        client.post("/new", &foreign).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn downloads_are_the_exports_of_what_is_shown() {
    use calamine::Reader;
    let client = Client::budgets(false);
    let response = client.raw("GET", "/download/perf.xlsx", &[], "").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("perf.xlsx")
    );
    let (status, json) = client.get("/download/perf.json").await;
    assert_eq!(status, StatusCode::OK);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["projects"].as_array().unwrap().len(), 7);
    let uri = format!("/download/project/{}", enc_path(SOCIAL));
    let response = client.raw("GET", &uri, &[], "").await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let workbook: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names = workbook.sheet_names();
    assert!(
        names.iter().any(|n| n.contains("被征地农民社会保障费")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.contains("人才发展资金")),
        "only this project: {names:?}"
    );
    assert_eq!(
        client.get("/download/other.bin").await.0,
        StatusCode::NOT_FOUND
    );
    let missing = format!("/download/project/{}", enc_path("高新区人社局/没有.toml"));
    assert_eq!(client.get(&missing).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn listening_everywhere_answers_to_any_ip_of_the_machine_but_not_to_names() {
    let client = Client::everywhere();
    for host in [
        "192.168.1.5:8000",
        "10.0.0.2:8000",
        "[fe80::1]:8000",
        "127.0.0.1:8000",
    ] {
        let (status, _) = client.request("GET", "/", &[("host", host)], "").await;
        assert_eq!(status, StatusCode::OK, "{host}");
    }
    for host in ["192.168.1.5:9000", "rebind.example:8000", "192.168.1.5"] {
        let (status, _) = client.request("GET", "/", &[("host", host)], "").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{host}");
    }
}

#[test]
fn read_only_on_every_address_starts_and_answers_by_ip() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_perf"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["serve", "--host", "0.0.0.0", "--port", "0", "--read-only"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();
    let mut stream = std::net::TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
    write!(stream, "POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(line.starts_with("http://0.0.0.0:"), "{line}");
    assert!(
        answer.starts_with("HTTP/1.1 405"),
        "read-only refuses writes: {answer}"
    );
}
