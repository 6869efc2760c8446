//! 导入 in `perf serve` (issue 17 item 7): a real published table uploaded through the router
//! in-process is previewed (projects, problems with their places, the findings of
//! `perf validate`), confirmed, and written exactly as previewed; the seed Word file onto the
//! committed department changes nothing; the refusals (CSRF, read-only, too large, changed
//! since the preview, not a table, .xls) write nothing; the upload's file name never decides
//! a path.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use axum::http::StatusCode;

use crate::common::{perf, stderr, stdout};
use crate::serve_client::{Client, confirm, copy_tree, multipart, preview_id};

const REAL: &str = "tests/real-forms/04-jingyan-mata-2023/source.txt";
const SEED_DOCX: &str = "tests/fixtures/seed/高新区人社局-2024年部门预算绩效文本.docx";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of budgets/ in a temporary folder, and a server over it.
fn tree() -> (tempfile::TempDir, Client) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("budgets"), dir.path());
    let client = Client::new(dir.path(), false);
    (dir, client)
}

/// Every file under `dir`, relative, with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The rule codes of the findings `perf validate --format json` gives on `file`.
fn validate_codes(dir: &Path, file: &Path) -> BTreeSet<String> {
    let output = perf(&["validate", "--format", "json", dir.to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| Path::new(d["file"].as_str().unwrap()) == file)
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// The rule codes linked in the preview's section about `file` (an address in the tree).
fn preview_codes(page: &str, file: &str) -> BTreeSet<String> {
    let at = page
        .find(&format!("<code>{file}</code>"))
        .expect("the file's section");
    let end = page[at..].find("</section>").unwrap() + at;
    page[at..end]
        .split("href=\"/rules/")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .collect()
}

#[tokio::test]
async fn a_real_table_is_previewed_then_written_as_previewed_and_validate_agrees() {
    let (dir, client) = tree();
    let (status, form) = client.get("/import").await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert!(form.contains("enctype=\"multipart/form-data\"") && form.contains("高新区人社局"));
    let (_, overview) = client.get("/").await;
    assert!(overview.contains("href=\"/import\""), "linked from 总览");
    let (_, dept) = client
        .get(&format!(
            "/dept/{}",
            crate::serve_client::enc_path("高新区人社局")
        ))
        .await;
    let link = format!(
        "href=\"/import?folder={}\"",
        crate::serve_client::enc_path("高新区人社局")
    );
    assert!(
        dept.contains(&link),
        "linked from 部门 with its folder: {dept}"
    );
    let (_, chosen) = client.get(&link[6..link.len() - 1]).await;
    assert!(
        chosen.contains("<option value=\"高新区人社局\" selected>"),
        "{chosen}"
    );
    let before = snapshot(dir.path());
    let bytes = std::fs::read(root().join(REAL)).unwrap();
    let (status, page) = client
        .upload(
            "/import",
            &[("folder", ""), ("new_folder", "马踏镇"), ("year", "")],
            Some(("马踏镇 2023.txt", &bytes)),
            true,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    // Each project with its department, year, total and rows, the file it goes to (new).
    for (name, rows, total) in [
        ("村组干部报酬", 8, "3309840元"),
        ("基层组织活动经费", 4, "660000元"),
    ] {
        assert!(page.contains(&format!("<h2>{name} ")), "{name}: {page}");
        assert!(page.contains(&format!("<code>马踏镇/{name}.toml</code>")));
        assert!(page.contains(&format!("<td>{rows}</td>")), "{name}");
        assert!(page.contains(total), "{name}");
    }
    assert!(page.contains("井研县马踏镇人民政府") && page.contains("<td>2023</td>"));
    assert_eq!(page.matches("新文件").count(), 2, "{page}");
    // What could not be mapped, each with its place, once.
    let problem = "第 6 行：单位的编码“820001”未导入";
    assert_eq!(page.matches(problem).count(), 1, "{page}");
    assert!(page.contains("第 18 行：这一行指标未导入"), "{page}");
    assert!(page.contains("与目录名不同"), "the folder note: {page}");
    // The findings perf validate will give.
    assert!(page.contains("perf validate 的检查结果"), "{page}");
    // Nothing written by the preview.
    assert_eq!(snapshot(dir.path()), before);
    let id = preview_id(&page);
    let (status, location) = confirm(&client, &id).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    assert_eq!(
        location,
        format!(
            "/dept/{}",
            crate::serve_client::enc_path("井研县马踏镇人民政府")
        )
    );
    let (status, dept) = client.get(&location).await;
    assert_eq!(status, StatusCode::OK, "{dept}");
    assert!(dept.contains("村组干部报酬") && dept.contains("基层组织活动经费"));
    // On disk: exactly the two files, as the CLI writes them from the same document.
    let folder = dir.path().join("马踏镇");
    let cli = tempfile::tempdir().unwrap();
    let cli_folder = cli.path().join("马踏镇");
    let output = perf(&[
        "import",
        root().join(REAL).to_str().unwrap(),
        "--dept-dir",
        cli_folder.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let web = snapshot(&folder);
    assert_eq!(web.len(), 2);
    for (file, bytes) in &web {
        let mine = String::from_utf8(bytes.clone()).unwrap();
        let theirs = std::fs::read_to_string(cli_folder.join(file)).unwrap();
        // The opening comment names the document by the name it came with.
        assert_eq!(
            mine.replace("马踏镇 2023.txt", "source.txt"),
            theirs,
            "{file:?}"
        );
        // perf validate gives the findings the preview listed.
        let shown = format!("马踏镇/{}", file.display());
        assert_eq!(
            preview_codes(&page, &shown),
            validate_codes(dir.path(), &folder.join(file)),
            "{shown}"
        );
    }
    // A confirmation is used once.
    let (status, _) = confirm(&client, &id).await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn the_seed_onto_its_own_department_changes_nothing_and_an_edit_is_merged_back() {
    let (dir, client) = tree();
    let docx = std::fs::read(root().join(SEED_DOCX)).unwrap();
    let upload = || {
        client.upload(
            "/import",
            &[("folder", "高新区人社局")],
            Some(("高新区人社局-2024年部门预算绩效文本.docx", &docx)),
            true,
        )
    };
    let (status, page) = upload().await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page.matches("与现有文件一致，不改动").count(), 8, "{page}");
    assert!(page.contains("没有要写入的文件") && !page.contains("name=\"id\""));
    // A target changed in the file: the table puts it back, the rest stays byte for byte.
    let file = dir.path().join("高新区人社局/人才发展资金.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let old = "target = \"≧200人\"";
    assert!(text.contains(old), "{text}");
    let edited = text.replacen(old, "target = \"≧150人\"", 1);
    std::fs::write(&file, &edited).unwrap();
    let (status, page) = upload().await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page.matches("合并到现有文件").count(), 1, "{page}");
    assert!(
        page.contains("≧150人&quot; → &quot;≧200人"),
        "the change: {page}"
    );
    let before = snapshot(dir.path());
    let (status, _) = confirm(&client, &preview_id(&page)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    let after = snapshot(dir.path());
    let changed: Vec<&PathBuf> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    assert_eq!(changed, [Path::new("高新区人社局/人才发展资金.toml")]);
}

#[tokio::test]
async fn a_file_changed_or_created_after_the_preview_is_409_and_nothing_is_written() {
    let (dir, client) = tree();
    let bytes = std::fs::read(root().join(REAL)).unwrap();
    let preview = || {
        client.upload(
            "/import",
            &[("new_folder", "马踏镇")],
            Some(("source.txt", &bytes)),
            true,
        )
    };
    // A file created where the preview planned a new one.
    let (_, page) = preview().await;
    let id = preview_id(&page);
    let folder = dir.path().join("马踏镇");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("村组干部报酬.toml"), "# 别人刚写的\n").unwrap();
    let (status, body) = confirm(&client, &id).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body.contains("马踏镇/村组干部报酬.toml") && body.contains("没有写入任何文件"));
    assert!(
        !folder.join("基层组织活动经费.toml").exists(),
        "all or none"
    );
    std::fs::remove_file(folder.join("村组干部报酬.toml")).unwrap();
    // A file merged into that changed after the preview.
    let (_, page) = preview().await;
    let (status, _) = confirm(&client, &preview_id(&page)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let file = folder.join("村组干部报酬.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let old = "target = \"≥95\"";
    assert!(text.contains(old), "{text}");
    std::fs::write(&file, text.replacen(old, "target = \"≥96\"", 1)).unwrap();
    let (_, page) = preview().await;
    assert!(page.contains("合并到现有文件"), "{page}");
    let id = preview_id(&page);
    std::fs::write(&file, text.replacen(old, "target = \"≥97\"", 1)).unwrap();
    let before = snapshot(dir.path());
    let (status, body) = confirm(&client, &id).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(snapshot(dir.path()), before);
}

#[tokio::test]
async fn without_csrf_403_read_only_405_too_large_413_and_nothing_is_written() {
    let (dir, client) = tree();
    let before = snapshot(dir.path());
    let bytes = std::fs::read(root().join(REAL)).unwrap();
    let fields = [("new_folder", "马踏镇")];
    let (status, _) = client
        .upload("/import", &fields, Some(("a.txt", &bytes)), false)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = confirm(&client, "0").await;
    assert_eq!(status, StatusCode::GONE, "an unknown preview");
    let read_only = Client::new(dir.path(), true);
    let (status, _) = read_only
        .upload("/import", &fields, Some(("a.txt", &bytes)), true)
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        read_only.get("/import").await.0,
        StatusCode::METHOD_NOT_ALLOWED
    );
    let (_, overview) = read_only.get("/").await;
    assert!(!overview.contains("href=\"/import\""));
    // One byte over the import's limit: the file alone, then the whole body over the route's.
    let limit = perf::import::limits::MAX_INPUT_BYTES as usize;
    let big = vec![b'x'; limit + 1];
    let (status, body) = client
        .upload("/import", &fields, Some(("big.txt", &big)), true)
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(body.contains("文件超过 64 MiB 的上限"), "{body}");
    let bigger = vec![b'x'; perf::serve::UPLOAD_LIMIT + 1];
    let (status, body) = client
        .upload("/import", &fields, Some(("big.txt", &bigger)), true)
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(body.contains("文件超过 64 MiB 的上限"), "{body}");
    // The other forms keep their 1 MiB.
    let response = client
        .raw_bytes(
            "POST",
            "/new",
            &[("content-type", "multipart/form-data; boundary=XperfX")],
            multipart(
                &[],
                Some(("a.txt", &big[..2 << 20])),
                Some(client.app.csrf()),
            ),
        )
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(snapshot(dir.path()), before);
}

#[tokio::test]
async fn not_a_table_an_xls_or_a_wrong_folder_is_a_clear_page_and_no_write() {
    let (dir, client) = tree();
    let before = snapshot(dir.path());
    // The document's name and bytes, the form's fields, what the page says (all 422).
    type Case<'a> = (&'a str, &'a [u8], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case<'_>; 6] = [
        (
            "通知.txt",
            "关于做好预算工作的通知\n各单位：请按时报送。\n".as_bytes(),
            &[("folder", "高新区人社局")],
            "中没有找到项目绩效目标表",
        ),
        (
            "坏.docx",
            b"PK not a zip",
            &[("folder", "高新区人社局")],
            "无法读取 Word 文档",
        ),
        (
            "旧.xls",
            b"\xd0\xcf\x11\xe0",
            &[("folder", "高新区人社局")],
            "另存为 .xlsx",
        ),
        (
            "图.png",
            b"\x89PNG",
            &[("folder", "高新区人社局")],
            "不支持的文件类型“png”",
        ),
        ("a.txt", b"x", &[("folder", "../..")], "请选择部门文件夹"),
        ("a.txt", b"x", &[("new_folder", "../外面")], "不可用"),
    ];
    for (name, bytes, fields, says) in cases {
        let (status, page) = client
            .upload("/import", fields, Some((name, bytes)), true)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {page}");
        assert!(page.contains(says), "{name}: {page}");
        assert!(
            page.contains("enctype=\"multipart/form-data\""),
            "the form again"
        );
    }
    let (status, page) = client.upload("/import", &[], None, true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("请选择要导入的文件"), "{page}");
    assert_eq!(snapshot(dir.path()), before);
}

#[tokio::test]
async fn a_path_in_the_uploaded_file_name_never_decides_where_files_go() {
    let outer = tempfile::tempdir().unwrap();
    let root_dir = outer.path().join("a/b/tree");
    std::fs::create_dir_all(&root_dir).unwrap();
    copy_tree(&root().join("budgets"), &root_dir);
    let client = Client::new(&root_dir, false);
    let bytes = std::fs::read(root().join(REAL)).unwrap();
    for name in [
        "../../x.txt",
        "..\\..\\x.txt",
        "/etc/x.txt",
        "马踏镇/../../x.txt",
    ] {
        let (status, page) = client
            .upload(
                "/import",
                &[("folder", "高新区人社局")],
                Some((name, &bytes)),
                true,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{name}: {page}");
        assert!(page.contains("<code>高新区人社局/村组干部报酬.toml</code>"));
        assert!(page.contains("x.txt") && !page.contains("../"), "{name}");
        let (status, _) = confirm(&client, &preview_id(&page)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{name}");
        let written = root_dir.join("高新区人社局/村组干部报酬.toml");
        let text = std::fs::read_to_string(&written).unwrap();
        assert!(text.contains("从 x.txt 导入"), "{text}");
        std::fs::remove_file(&written).unwrap();
        std::fs::remove_file(root_dir.join("高新区人社局/基层组织活动经费.toml")).unwrap();
    }
    // Nothing anywhere but inside the tree.
    let stray: Vec<PathBuf> = walkdir::WalkDir::new(outer.path())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| !p.starts_with(&root_dir) && p.is_file())
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
    assert_eq!(
        snapshot(&root_dir),
        snapshot(&root().join("budgets")),
        "the tree as it was"
    );
}

#[tokio::test]
async fn an_excel_export_of_a_department_uploads_back_onto_its_own_files() {
    let (dir, client) = tree();
    let out = tempfile::tempdir().unwrap();
    let xlsx = out.path().join("高新区人社局.xlsx");
    let output = perf(&[
        "export",
        dir.path().join("高新区人社局").to_str().unwrap(),
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let before = snapshot(dir.path());
    let bytes = std::fs::read(&xlsx).unwrap();
    let (status, page) = client
        .upload(
            "/import",
            &[("folder", "高新区人社局")],
            Some(("高新区人社局.XLSX", &bytes)),
            true,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    // Every table goes into the file that holds its project; none is new.
    for file in std::fs::read_dir(dir.path().join("高新区人社局")).unwrap() {
        let name = file.unwrap().file_name().into_string().unwrap();
        if name != "department.toml" {
            assert!(
                page.contains(&format!("<code>高新区人社局/{name}</code>")),
                "{name}"
            );
        }
    }
    assert!(!page.contains("badge new"), "{page}");
    assert_eq!(snapshot(dir.path()), before);
}
