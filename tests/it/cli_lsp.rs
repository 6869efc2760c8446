//! `perf lsp` end to end: the real binary spoken to over stdio with Content-Length framing,
//! as an editor does (tests/it/lsp_client.rs is the client).

// Helpers outside #[test] functions: the allow-*-in-tests settings do not reach them.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use crate::lsp_client::{Client, codes, file_uri};
use serde_json::{Value, json};

const SEED: &str = "budgets/高新区人社局/被征地农民社会保障费.toml";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed() -> (String, String) {
    let path = repo().join(SEED);
    (file_uri(&path), std::fs::read_to_string(&path).unwrap())
}

fn has(code: &'static str) -> impl Fn(&[Value]) -> bool {
    move |list| codes(list).iter().any(|c| c == code)
}

#[test]
fn opening_the_seed_shows_c001_on_line_54_as_validate_does() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    client.open(&uri, &text);
    let list = client.diagnostics(&uri, has("C001"));
    let c001 = list.iter().find(|d| d["code"] == "C001").unwrap();
    // `target = "=7000万元"`: the value starts at the 10th character of line 54 (0-based 53,
    // character 9) and ends after 9 characters, counted in UTF-16 units.
    assert_eq!(
        c001["range"],
        json!({ "start": { "line": 53, "character": 9 }, "end": { "line": 53, "character": 18 } })
    );
    assert_eq!(c001["severity"], 1, "error");
    assert_eq!(c001["source"], "perf");
    assert_eq!(
        c001["message"],
        "成本指标“项目金额”为“=7000万元”（7000万元），与预算数 4000万元 不一致"
    );
    let help = &c001["relatedInformation"][0];
    assert_eq!(
        help["message"],
        "建议：改成 `≤4000万元`（与预算数一致），或核对预算数"
    );
    assert_eq!(help["location"]["uri"], uri.as_str());
    let href = c001["codeDescription"]["href"].as_str().unwrap();
    assert!(href.ends_with("docs/rules.md#c001"), "{href}");
    // The rest of what `perf validate` says about the file: I008 on line 70, as a warning.
    let i008 = list.iter().find(|d| d["code"] == "I008").unwrap();
    assert_eq!(i008["range"]["start"]["line"], 69);
    assert_eq!(i008["severity"], 2);
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn a_change_that_fixes_the_cost_clears_c001_and_a_broken_file_gets_its_syntax_error() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    client.open(&uri, &text);
    client.diagnostics(&uri, has("C001"));
    client.change(&uri, 2, &text.replace("=7000万元", "≤4000万元"));
    let list = client.diagnostics(&uri, |l| !has("C001")(l));
    assert!(has("I008")(&list), "{list:?}");
    // Half-typed TOML: a syntax error where it is, and the server goes on.
    let broken = text.replace("target = \"=7000万元\"", "target = \"=7000万元");
    client.change(&uri, 3, &broken);
    let list = client.diagnostics(&uri, has("F001"));
    let f001 = list.iter().find(|d| d["code"] == "F001").unwrap();
    assert_eq!(f001["range"]["start"]["line"], 53, "{f001}");
    client.change(&uri, 4, &text);
    client.diagnostics(&uri, has("C001"));
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn only_the_newest_of_quick_changes_is_published() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    client.open(&uri, &text);
    client.diagnostics(&uri, has("C001"));
    for version in 2..40 {
        client.change(
            &uri,
            version,
            &text.replace("=7000万元", &format!("={version}万元")),
        );
    }
    client.change(&uri, 40, &text.replace("=7000万元", "≤4000万元"));
    let last = client
        .take(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 40);
    assert!(!has("C001")(
        last["params"]["diagnostics"].as_array().unwrap()
    ));
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let cleared = client.take(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(Vec::is_empty)
    });
    assert_eq!(cleared["params"]["uri"], uri.as_str());
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn messages_follow_lang() {
    let mut client = Client::initialized(&repo(), &["--lang", "en"]);
    let (uri, text) = seed();
    client.open(&uri, &text);
    let list = client.diagnostics(&uri, has("C001"));
    let c001 = list.iter().find(|d| d["code"] == "C001").unwrap();
    let help = c001["relatedInformation"][0]["message"].as_str().unwrap();
    assert!(help.starts_with("help: "), "{help}");
    assert_eq!(
        c001["message"],
        "cost indicator “项目金额” is “=7000万元” (7000万元), which differs from the budget total of 4000万元"
    );
    assert_eq!(client.shut_down(), 0);
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn saving_refreshes_cross_file_findings_of_open_files_and_perf_toml_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("budgets")).unwrap();
    copy_tree(&repo().join("budgets"), &root.join("budgets"));
    // perf.toml turns I008 off: the server must not show it.
    std::fs::write(root.join("perf.toml"), "[rules]\nI008 = \"allow\"\n").unwrap();
    let mut client = Client::initialized(root, &[]);
    let path = root.join(SEED);
    let uri = file_uri(&path);
    client.open(&uri, &std::fs::read_to_string(&path).unwrap());
    let list = client.diagnostics(&uri, has("C001"));
    assert!(!has("I008")(&list), "{list:?}");
    assert!(!has("X001")(&list), "{list:?}");
    // Another file with the same project appears on disk and is saved: the open file is
    // judged again against the tree as it now is.
    let copy = path.with_file_name("副本.toml");
    std::fs::copy(&path, &copy).unwrap();
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": file_uri(&copy) } }),
    );
    let list = client.diagnostics(&uri, has("X001"));
    assert!(has("C001")(&list));
    // From the project's name to the duplicate.
    let result = client.request("textDocument/definition", at(&uri, 2, 10));
    let found: Vec<&str> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["uri"].as_str().unwrap())
        .collect();
    assert_eq!(found, [file_uri(&copy)]);
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn exit_without_shutdown_is_status_1_and_a_closed_pipe_ends_the_server() {
    let mut client = Client::initialized(&repo(), &[]);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), 1);
    let client = Client::initialized(&repo(), &[]);
    assert_eq!(client.wait(), 1);
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

fn hover_text(client: &mut Client, uri: &str, line: u32, character: u32) -> String {
    let result = client.request("textDocument/hover", at(uri, line, character));
    result["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

#[test]
fn hover_reads_the_target_explains_levels_and_rule_codes() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    let text = text.replace(
        "basis = \"工作经验\"\n\n[[indicator]]\nlevel1 = \"满意度指标\"",
        "basis = \"工作经验\"  # perf: allow(C006) 测试\n\n[[indicator]]\nlevel1 = \"满意度指标\"",
    );
    client.open(&uri, &text);
    // Line 54 `target = "=7000万元"`: the reading `perf target` prints, and the budget the
    // cost row is checked against.
    let hover = hover_text(&mut client, &uri, 53, 13);
    assert!(hover.contains("**指标值** `=7000万元`"), "{hover}");
    assert!(hover.contains("- 比较符：=（等于）"), "{hover}");
    assert!(hover.contains("- 单位：万元（金额）"), "{hover}");
    assert!(hover.contains("预算数 4000万元"), "{hover}");
    let range = client.request("textDocument/hover", at(&uri, 53, 13))["range"].clone();
    assert_eq!(range["start"]["character"], 10, "inside the quotes");
    // Line 58 `level1 = "效果指标"`: an alias of 效益指标, and what belongs under it.
    let hover = hover_text(&mut client, &uri, 57, 11);
    assert!(hover.contains("**一级指标** 效益指标"), "{hover}");
    assert!(hover.contains("“效果指标”读作“效益指标”"), "{hover}");
    assert!(hover.contains("社会效益指标"), "{hover}");
    // Line 51 `level2 = "成本指标"` under 产出指标.
    let hover = hover_text(&mut client, &uri, 50, 11);
    assert!(hover.contains("**二级指标** 成本指标"), "{hover}");
    assert!(
        hover.contains("在本行的一级指标 产出指标 下：属于指标体系 lenient"),
        "{hover}"
    );
    // The rule code in the comment added to line 63.
    let line = text
        .lines()
        .position(|l| l.contains("allow(C006)"))
        .unwrap() as u32;
    let column = text
        .lines()
        .nth(line as usize)
        .unwrap()
        .find("C006")
        .unwrap();
    let character = text.lines().nth(line as usize).unwrap()[..column]
        .encode_utf16()
        .count() as u32;
    let hover = hover_text(&mut client, &uri, line, character + 1);
    assert!(hover.starts_with("**C006** `"), "{hover}");
    // A key: its term and description from the format's tables.
    let hover = hover_text(&mut client, &uri, 13, 1);
    assert!(hover.contains("**预算数** `total`（必填）"), "{hover}");
    // The same cost row named as a rate: its number is not held to the budget (C010), and
    // the hover does not say it is.
    let rate = text.replacen(
        "name = \"项目金额\"\ndescription = \"项目金额\"\ntarget = \"=7000万元\"",
        "name = \"成本控制率\"\ndescription = \"项目金额\"\ntarget = \"=100\"",
        1,
    );
    assert_ne!(rate, text);
    client.change(&uri, 2, &rate);
    let hover = hover_text(&mut client, &uri, 53, 11);
    assert!(hover.contains("**指标值** `=100`"), "{hover}");
    assert!(!hover.contains("预算数 4000万元"), "{hover}");
    // With a unit it is an amount again, held to the budget.
    client.change(
        &uri,
        3,
        &rate.replacen("target = \"=100\"", "target = \"=100万元\"", 1),
    );
    let hover = hover_text(&mut client, &uri, 53, 11);
    assert!(hover.contains("预算数 4000万元"), "{hover}");
    assert_eq!(client.shut_down(), 0);
}

fn labels(result: &Value) -> Vec<String> {
    result
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn completion_offers_missing_keys_levels_under_the_chosen_level1_and_rule_codes() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    let text = format!(
        "{text}\n[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"\"\nna\n# perf: allow(C0\n"
    );
    client.open(&uri, &text);
    let last = text.lines().count() as u32;
    // level2 under 产出指标: 数量/质量/时效/成本, never 社会效益指标.
    let result = client.request("textDocument/completion", at(&uri, last - 3, 10));
    let level2 = labels(&result);
    assert!(level2.contains(&"数量指标".to_owned()), "{level2:?}");
    assert!(level2.contains(&"成本指标".to_owned()), "{level2:?}");
    assert!(!level2.contains(&"社会效益指标".to_owned()), "{level2:?}");
    // Keys of [[indicator]] not written in this row yet.
    let result = client.request("textDocument/completion", at(&uri, last - 2, 2));
    let keys = labels(&result);
    assert!(keys.contains(&"name".to_owned()), "{keys:?}");
    assert!(keys.contains(&"target".to_owned()), "{keys:?}");
    assert!(!keys.contains(&"level1".to_owned()), "{keys:?}");
    // Rule codes inside allow(.
    let result = client.request("textDocument/completion", at(&uri, last - 1, 16));
    let codes = labels(&result);
    assert!(codes.contains(&"C001".to_owned()), "{codes:?}");
    // level1 values.
    let line = text
        .lines()
        .position(|l| l == "level1 = \"产出指标\"")
        .unwrap() as u32;
    let result = client.request("textDocument/completion", at(&uri, line, 10));
    assert!(labels(&result).contains(&"满意度指标".to_owned()));
    assert_eq!(client.shut_down(), 0);
}

fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    action["edit"]["changes"][uri].as_array().unwrap().clone()
}

#[test]
fn code_actions_fix_the_cost_change_the_comparator_glyph_and_allow() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    client.open(&uri, &text);
    let list = client.diagnostics(&uri, has("C001"));
    let c001 = list.iter().find(|d| d["code"] == "C001").unwrap().clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": c001["range"], "context": { "diagnostics": [c001] } }),
    );
    let actions = actions.as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["title"] == "改成 \"≤4000万元\"")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let edits = edits_of(fix, &uri);
    assert_eq!(edits[0]["newText"], "\"≤4000万元\"");
    assert_eq!(edits[0]["range"], c001["range"]);
    let allow = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("allow(C001)"))
        .unwrap();
    let edits = edits_of(allow, &uri);
    assert_eq!(edits[0]["newText"], "  # perf: allow(C001) ");
    assert_eq!(
        edits[0]["range"]["start"],
        json!({ "line": 53, "character": 18 })
    );
    // Applying the fix clears C001.
    let fixed = text.replace("\"=7000万元\"", "\"≤4000万元\"");
    client.change(&uri, 2, &fixed);
    client.diagnostics(&uri, |l| !has("C001")(l));
    // Line 30 `target = "≧5个"`: ≧ → ≥, the same comparator.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 29, "character": 0 }, "end": { "line": 29, "character": 0 } },
            "context": { "diagnostics": [] },
        }),
    );
    let glyph = &actions.as_array().unwrap()[0];
    assert_eq!(glyph["title"], "把“≧”改成“≥”（含义不变）");
    let edits = edits_of(glyph, &uri);
    assert_eq!(edits[0]["newText"], "≥");
    assert_eq!(
        edits[0]["range"],
        json!({ "start": { "line": 29, "character": 10 }, "end": { "line": 29, "character": 11 } })
    );
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn formatting_is_perf_fmt_and_definition_leads_to_the_department_file() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    let messy = text.replacen("year = 2024", "year    =    2024", 1);
    client.open(&uri, &messy);
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(
        edits[0]["newText"].as_str().unwrap(),
        perf::toml_writer::canonical::format(&messy).unwrap()
    );
    assert!(
        edits[0]["newText"]
            .as_str()
            .unwrap()
            .contains("\nyear = 2024\n")
    );
    // A file that does not parse: an error that says where, not a crash.
    client.change(&uri, 2, "name = \"未闭合\n");
    let response = client.request_raw(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let message = response["error"]["message"].as_str().unwrap();
    assert!(message.contains("第 1 行"), "{message}");
    client.change(&uri, 3, &text);
    // Line 4 `department = "高新区人社局"` → budgets/高新区人社局/department.toml.
    let result = client.request("textDocument/definition", at(&uri, 3, 16));
    let target = result["uri"].as_str().unwrap();
    assert_eq!(
        target,
        file_uri(&repo().join("budgets/高新区人社局/department.toml"))
    );
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn files_outside_the_budget_tree_are_left_alone() {
    let mut client = Client::initialized(&repo(), &[]);
    let path = repo().join("Cargo.toml");
    let uri = file_uri(&path);
    client.open(&uri, &std::fs::read_to_string(&path).unwrap());
    let list = client.diagnostics(&uri, |_| true);
    assert!(list.is_empty(), "{list:?}");
    assert_eq!(client.shut_down(), 0);
}

/// `text` with an LSP text edit applied (positions in UTF-16 units).
fn apply(text: &str, edit: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let (from, to) = (
        offset(&edit["range"]["start"]),
        offset(&edit["range"]["end"]),
    );
    format!(
        "{}{}{}",
        &text[..from],
        edit["newText"].as_str().unwrap(),
        &text[to..]
    )
}

fn actions_for(client: &mut Client, uri: &str, diagnostic: &Value) -> Vec<Value> {
    let result = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": diagnostic["range"], "context": { "diagnostics": [diagnostic] } }),
    );
    result.as_array().unwrap().clone()
}

#[test]
fn exact_fixes_add_the_budget_unit_and_the_missing_row() {
    let mut client = Client::initialized(&repo(), &[]);
    // C006 on `target = "≧50"`: the budget's unit after the number, read the same.
    let path = repo().join("budgets/高新区人社局/党员档案集中管理经费.toml");
    let (uri, text) = (file_uri(&path), std::fs::read_to_string(&path).unwrap());
    client.open(&uri, &text);
    let list = client.diagnostics(&uri, has("C006"));
    let c006 = list.iter().find(|d| d["code"] == "C006").unwrap();
    let actions = actions_for(&mut client, &uri, c006);
    let unit = actions
        .iter()
        .find(|a| a["title"] == "写明预算的单位：\"≧50万元\"（读法不变）")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let fixed = apply(&text, &edits_of(unit, &uri)[0]);
    assert!(fixed.contains("target = \"≧50万元\"\n"), "{fixed}");
    client.change(&uri, 2, &fixed);
    let list = client.diagnostics(&uri, |l| !has("C006")(l));
    assert!(has("C004")(&list), "{list:?}");
    // P002 on a project without a 成本指标 row: that row, to fill in.
    let path = repo().join("budgets/高新区人社局/9村村民参加企业职工养老保险财政补贴.toml");
    let (uri, text) = (file_uri(&path), std::fs::read_to_string(&path).unwrap());
    client.open(&uri, &text);
    let list = client.diagnostics(&uri, has("P002"));
    let p002 = list.iter().find(|d| d["code"] == "P002").unwrap();
    let actions = actions_for(&mut client, &uri, p002);
    let row = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("补一行指标："))
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let edit = &edits_of(row, &uri)[0];
    assert_eq!(
        edit["newText"].as_str().unwrap().trim_start(),
        "[[indicator]]\nlevel1 = \"产出指标\"\nlevel2 = \"成本指标\"\nname = \"\"\ntarget = \"\"\n"
    );
    let with_row = apply(&text, edit);
    client.change(&uri, 2, &with_row);
    let list = client.diagnostics(&uri, |l| !has("P002")(l));
    // The new row is there to fill: a row with neither name nor 指标值 is I020.
    assert!(has("I020")(&list), "{list:?}");
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn hover_names_the_findings_under_the_cursor_and_the_department_total() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    client.open(&uri, &text);
    client.diagnostics(&uri, has("C001"));
    let hover = hover_text(&mut client, &uri, 53, 13);
    assert!(
        hover.contains("\n\n---\n\n**C001** `cost-total-mismatch`"),
        "{hover}"
    );
    // `total = 4000` on line 14: the department's seven projects, 9035 万元 together.
    let hover = hover_text(&mut client, &uri, 13, 2);
    assert!(
        hover.contains("高新区人社局 2024 年 7 个项目的预算数合计 9035万元（本项目 4000万元"),
        "{hover}"
    );
    // As the editor has it: 4000 → 5000 gives 10035.
    client.change(&uri, 2, &text.replacen("total = 4000", "total = 5000", 1));
    let hover = hover_text(&mut client, &uri, 13, 2);
    assert!(hover.contains("合计 10035万元（本项目 5000万元"), "{hover}");
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn a_bad_perf_toml_and_an_unreadable_part_of_the_tree_are_said_not_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("budgets")).unwrap();
    copy_tree(&repo().join("budgets"), &root.join("budgets"));
    std::fs::write(root.join("perf.toml"), "[rules]\nI008 = \"sometimes\"\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("budgets/断链.toml")).unwrap();
    let mut client = Client::initialized(root, &[]);
    let shown = client.take(|m| m["method"] == "window/showMessage" && m["params"]["type"] == 1);
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains("perf.toml"), "{message}");
    assert!(message.contains("按默认配置检查"), "{message}");
    #[cfg(unix)]
    {
        let shown =
            client.take(|m| m["method"] == "window/showMessage" && m["params"]["type"] == 2);
        let message = shown["params"]["message"].as_str().unwrap();
        assert!(message.contains("断链.toml"), "{message}");
    }
    // Findings go on under the defaults: I008 is back.
    let path = root.join(SEED);
    let uri = file_uri(&path);
    client.open(&uri, &std::fs::read_to_string(&path).unwrap());
    client.diagnostics(&uri, has("I008"));
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn perf_toml_gets_its_own_problems_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("budgets")).unwrap();
    copy_tree(&repo().join("budgets"), &root.join("budgets"));
    let path = root.join("perf.toml");
    std::fs::write(&path, "[rules]\nI008 = \"allow\"\n").unwrap();
    let mut client = Client::initialized(root, &[]);
    let uri = file_uri(&path);
    client.open(&uri, "[rules]\nI008 = \"allow\"\n");
    let list = client.diagnostics(&uri, |_| true);
    assert!(list.is_empty(), "{list:?}");
    client.change(&uri, 2, "[rules]\nI008 = \"sometimes\"\n");
    let list = client.diagnostics(&uri, |l| !l.is_empty());
    assert_eq!(list[0]["range"]["start"]["line"], 1, "{list:?}");
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn files_changed_outside_the_editor_are_read_again_when_the_client_watches() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("budgets")).unwrap();
    copy_tree(&repo().join("budgets"), &root.join("budgets"));
    let watching =
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let mut client = Client::initialized_with(root, &[], watching);
    let register = client.take(|m| m["method"] == "client/registerCapability");
    let registration = &register["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        registration["registerOptions"]["watchers"][0]["globPattern"],
        "**/*.toml"
    );
    client.send(&json!({ "jsonrpc": "2.0", "id": register["id"], "result": null }));
    let path = root.join(SEED);
    let uri = file_uri(&path);
    client.open(&uri, &std::fs::read_to_string(&path).unwrap());
    let list = client.diagnostics(&uri, has("C001"));
    assert!(!has("X001")(&list));
    // A copy appears on disk (a git pull): the watcher's notice re-reads the tree.
    let copy = path.with_file_name("副本.toml");
    std::fs::copy(&path, &copy).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&copy), "type": 1 }] }),
    );
    client.diagnostics(&uri, has("X001"));
    assert_eq!(client.shut_down(), 0);
}

#[test]
fn a_client_that_cannot_watch_is_not_asked_to() {
    let mut client = Client::initialized(&repo(), &[]);
    let (uri, text) = seed();
    client.open(&uri, &text);
    client.diagnostics(&uri, has("C001"));
    let register = client.request("shutdown", Value::Null);
    assert!(register.is_null());
    assert!(
        client
            .pending_methods()
            .iter()
            .all(|m| m != "client/registerCapability"),
        "{:?}",
        client.pending_methods()
    );
    client.notify("exit", Value::Null);
    assert_eq!(client.wait(), 0);
}

#[test]
fn after_the_allow_comment_the_cursor_goes_where_the_reason_is_typed() {
    let showing = json!({ "window": { "showDocument": { "support": true } } });
    let mut client = Client::initialized_with(&repo(), &[], showing);
    let (uri, text) = seed();
    client.open(&uri, &text);
    let list = client.diagnostics(&uri, has("C001"));
    let c001 = list.iter().find(|d| d["code"] == "C001").unwrap();
    let actions = actions_for(&mut client, &uri, c001);
    let allow = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("allow(C001)"))
        .unwrap();
    // The edit first, then the command (the protocol's order for an action with both).
    let command = &allow["command"];
    assert_eq!(command["command"], "perf.cursorAt");
    let result = client.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    assert!(result.is_null());
    let show = client.take(|m| m["method"] == "window/showDocument");
    assert_eq!(show["params"]["uri"], uri.as_str());
    // `target = "=7000万元"` is 18 units; `  # perf: allow(C001) ` adds 22.
    assert_eq!(
        show["params"]["selection"]["start"],
        json!({ "line": 53, "character": 40 })
    );
    // An unknown command is refused, naming the one there is.
    let response = client.request_raw(
        "workspace/executeCommand",
        json!({ "command": "perf.other", "arguments": [] }),
    );
    assert!(
        response["error"]["message"]
            .as_str()
            .unwrap()
            .contains("perf.cursorAt")
    );
    assert_eq!(client.shut_down(), 0);
    // Without the client capability, the action is the edit alone.
    let mut client = Client::initialized(&repo(), &[]);
    client.open(&uri, &text);
    let list = client.diagnostics(&uri, has("C001"));
    let c001 = list.iter().find(|d| d["code"] == "C001").unwrap();
    let actions = actions_for(&mut client, &uri, c001);
    assert!(
        actions.iter().all(|a| a.get("command").is_none()),
        "{actions:#?}"
    );
    assert_eq!(client.shut_down(), 0);
}
