//! The house has no cycles: each top-level module of the library uses only modules of a lower
//! layer, as the table in docs/design.md ("Layers") says. This test reads that table and
//! every `crate::` path in `src/` (comments and `#[cfg(test)]` code aside), so a new edge
//! that breaks the layering fails here, naming the file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Module → layer, from the table between the `layers` markers of docs/design.md.
fn layers() -> BTreeMap<String, u32> {
    let doc = std::fs::read_to_string(root().join("docs/design.md")).unwrap();
    let start = doc
        .find("<!-- layers: begin -->")
        .expect("layers table start");
    let end = doc.find("<!-- layers: end -->").expect("layers table end");
    let mut out = BTreeMap::new();
    for line in doc[start..end].lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(layer) = cells.get(1).and_then(|c| c.parse::<u32>().ok()) else {
            continue;
        };
        for module in cells[2].split(',') {
            out.insert(module.trim().trim_matches('`').to_owned(), layer);
        }
    }
    out
}

/// The text of a file without its line comments and without a trailing `mod tests { … }`.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            // `//` inside a string (a URL) is rare in `use` lines; cutting there is harmless.
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names through `crate::`.
fn used_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a::b, c};`: every name at depth 0 of the group.
            let mut depth = 0;
            let mut name = String::new();
            let mut at_start = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => at_start = true,
                    c if depth == 0 && at_start && (c.is_alphanumeric() || c == '_') => {
                        name.push(c)
                    }
                    _ if !name.is_empty() => {
                        out.insert(std::mem::take(&mut name));
                        at_start = false;
                    }
                    _ => {}
                }
            }
            if !name.is_empty() {
                out.insert(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

/// Files declared as `#[cfg(test)] mod name;` (test-only helpers in their own file).
fn test_only_files(dir: &Path, out: &mut BTreeSet<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            test_only_files(&path, out);
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            let (attr, decl) = (pair[0].trim(), pair[1].trim());
            let Some(name) = decl.strip_prefix("mod ").and_then(|d| d.strip_suffix(';')) else {
                continue;
            };
            if attr == "#[cfg(test)]" {
                let base = if path.file_name().unwrap() == "mod.rs" {
                    path.parent().unwrap().to_path_buf()
                } else {
                    path.with_extension("")
                };
                out.insert(base.join(format!("{name}.rs")));
                out.insert(base.join(name).join("mod.rs"));
            }
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_uses_one_of_its_own_layer_or_above() {
    let layers = layers();
    let src = root().join("src");
    let mut test_only = BTreeSet::new();
    test_only_files(&src, &mut test_only);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut broken = Vec::new();
    let mut unplaced = BTreeSet::new();
    for path in files {
        let relative = path.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if matches!(top.as_str(), "lib" | "main" | "cli")
            || test_only.contains(&path)
            || path.file_name().unwrap() == "tests.rs"
        {
            continue;
        }
        let Some(&own) = layers.get(&top) else {
            unplaced.insert(top);
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        for used in used_modules(&code_of(&text)) {
            if used == top || used == "args" {
                continue; // `crate::args!` is a macro exported at the root.
            }
            match layers.get(&used) {
                Some(&layer) if layer < own => {}
                Some(&layer) => broken.push(format!(
                    "{}: `{top}` (layer {own}) uses `{used}` (layer {layer})",
                    relative.display()
                )),
                None => {
                    unplaced.insert(used);
                }
            }
        }
    }
    assert!(
        unplaced.is_empty(),
        "modules missing from the layers table of docs/design.md: {unplaced:?}"
    );
    assert!(
        broken.is_empty(),
        "uses the layering forbids (docs/design.md, Layers):\n{}",
        broken.join("\n")
    );
}

#[test]
fn every_library_module_is_placed() {
    let layers = layers();
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|l| l.strip_suffix(';'))
        {
            assert!(
                layers.contains_key(name),
                "`{name}` has no layer in docs/design.md"
            );
        }
    }
}

#[test]
fn the_scanner_sees_grouped_and_plain_paths() {
    let code = code_of(
        "use crate::{diag::Diagnostic, model::{a, b}, source};\n\
         // use crate::report;\nlet x = crate::rules::check(y);\n",
    );
    let used: Vec<String> = used_modules(&code).into_iter().collect();
    assert_eq!(used, ["diag", "model", "rules", "source"]);
}
