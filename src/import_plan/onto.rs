//! An import onto a folder that already holds the files (docs/import.md, "Importing onto
//! existing files"): which file a table belongs to, and what becomes of it — merged (the
//! default: the table updates what it carries, everything else stays byte for byte), replaced
//! when the caller forces it (after listing what is lost), or shown as a diff.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::toml_writer::merge::{Change, file_name_key, losses, merge, unified};
use crate::write::{Snapshot, read_for_update};

/// The project files already in the folder, by their `[project].name`.
#[derive(Debug, Default)]
pub struct Existing {
    by_name: HashMap<String, PathBuf>,
}

impl Existing {
    /// Reads the `name` of every `*.toml` directly in `dir` (none when it does not exist).
    pub fn scan(dir: &Path) -> Self {
        let mut by_name = HashMap::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Self::default();
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if let Some((false, name)) = file_name_key(&text) {
                by_name.entry(name).or_insert(path);
            }
        }
        Self { by_name }
    }

    /// The file that holds the project `name`, if one does (taken: a second table of the
    /// same name gets a file of its own).
    pub fn take(&mut self, name: &str) -> Option<PathBuf> {
        self.by_name.remove(name)
    }
}

/// What importing does to one file that exists.
#[derive(Debug, Clone)]
pub struct Onto {
    /// The file's text as read.
    pub old: String,
    /// Its identity, so the write refuses a file changed meanwhile.
    pub snapshot: Snapshot,
    /// The text to write (merged, or the import's own when forced).
    pub text: String,
    /// Lines to show about it: the first says what happens, the others (indented with
    /// `  - `) each change or loss.
    pub lines: Vec<String>,
    /// True when the file is replaced (forced) rather than merged into.
    pub replaced: bool,
}

/// Reads the existing file at `path` (shown as `shown`) and settles what to write there:
/// `text` is the import's text for it, `department` says whether it is the department file,
/// `hint` how the user replaces a file or picks another folder. `Err` is the message for a
/// file that cannot be imported onto (nothing is written then).
pub fn settle(
    path: &Path,
    shown: &str,
    text: &str,
    name: &str,
    department: bool,
    force: bool,
    hint: &str,
) -> Result<Onto, String> {
    let (bytes, snapshot) = read_for_update(path).map_err(|e| e.message(crate::i18n::Lang::Zh))?;
    let old =
        String::from_utf8(bytes).map_err(|_| format!("{shown} 已存在且不是 UTF-8 文本；{hint}"))?;
    let mut lines = Vec::new();
    if force {
        let lost = losses(&old, text).map_err(|e| format!("{shown}：{e}"))?;
        if lost.is_empty() {
            lines.push(format!("替换 {shown}：原文件的内容都在导入的表里"));
        } else {
            lines.push(format!("替换 {shown}（--force），原文件中以下内容将丢失："));
            lines.extend(grouped(&lost).iter().map(|l| format!("  - {l}")));
        }
        return Ok(Onto {
            old,
            snapshot,
            text: text.to_owned(),
            lines,
            replaced: true,
        });
    }
    // A file of another project under the name this table would take is not merged into.
    match file_name_key(&old) {
        Some((d, other)) if d == department && (department || other == name) => {}
        _ => {
            return Err(format!("{shown} 已存在，但不是项目“{name}”的文件；{hint}"));
        }
    }
    let merged = merge(&old, text).map_err(|e| format!("{shown}：{e}"))?;
    let changed = merged
        .changes
        .iter()
        .filter(|c| !matches!(c, Change::Kept { .. }))
        .count();
    if changed == 0 {
        lines.push(format!("{shown} 与表中内容一致，未改动"));
    } else {
        lines.push(format!(
            "合并到 {shown}：改动 {changed} 处，表中没有的内容（执行、完成值、注释等）保留"
        ));
    }
    for change in &merged.changes {
        lines.push(format!("  - {}", describe(change)));
    }
    Ok(Onto {
        old,
        snapshot,
        text: merged.text,
        lines,
        replaced: false,
    })
}

/// The preview of one file (`perf import --dry-run`): a diff against the file, or the whole
/// new file.
pub fn preview(name: &str, onto: Option<&Onto>, text: &str) -> String {
    match onto {
        Some(o) if o.old == o.text => format!("# {name}：不变\n"),
        Some(o) => unified(&o.old, &o.text, name),
        None => format!("# 新文件 {name}\n{text}"),
    }
}

fn describe(change: &Change) -> String {
    match change {
        Change::Changed { at, old, new } => format!("{at}：{old} → {new}"),
        Change::Added { at } => format!("{at}：新增"),
        Change::Kept { at } if at.starts_with('#') => at.clone(),
        Change::Kept { at } => format!("{at}：表中没有，文件中保留（要删除请直接编辑文件）"),
        Change::Renamed { old, new } => {
            format!("{old}：改名为“{new}”（同一一级/二级下唯一对不上的一行）")
        }
    }
}

/// `--force` losses, one line per table or row: `indicator“A”（…）：actual、likelihood`.
fn grouped(lost: &[Change]) -> Vec<String> {
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    for change in lost {
        let Change::Kept { at } = change else {
            rows.push((describe(change), Vec::new()));
            continue;
        };
        let (head, key) = match at.rsplit_once('.') {
            Some((head, key)) if !key.contains('“') => (head.to_owned(), Some(key.to_owned())),
            _ => (at.clone(), None),
        };
        match (rows.last_mut(), key) {
            (Some((h, keys)), Some(key)) if *h == head && !keys.is_empty() => keys.push(key),
            (_, Some(key)) => rows.push((head, vec![key])),
            (_, None) => rows.push((head, Vec::new())),
        }
    }
    rows.into_iter()
        .map(|(head, keys)| {
            if head.starts_with('#') {
                head
            } else if keys.is_empty() {
                format!("{head}（整个）")
            } else {
                format!("{head}：{}", keys.join("、"))
            }
        })
        .collect()
}
