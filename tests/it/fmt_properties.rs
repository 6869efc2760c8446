//! Properties of `perf fmt`'s canonical layout (toml_writer::canonical) on generated project
//! files written every way a person might: keys and tables in any order, any spacing and
//! indentation, literal or basic strings, quoted or bare months, comments before keys, after
//! values and after headers, blank lines anywhere.
//!
//! - formatting is idempotent;
//! - the file means the same after formatting (the lowered model is equal);
//! - every comment survives, and every 指标值 keeps its exact text, quotes included;
//! - in arrays too: comments before and after items, before and after commas, after the last
//!   item with or without a trailing comma, and before `]`.

// A harness fails by panicking; the helpers below are not `#[test]` functions, so clippy's
// allow-*-in-tests settings do not reach them.
#![allow(clippy::unwrap_used, clippy::panic)]

use perf::diag::FileId;
use perf::source::fields::Sink;
use perf::source::lower::Lowered;
use perf::source::parse_and_lower;
use perf::toml_writer::canonical::format;
use proptest::prelude::*;

/// Draws choices from a byte string, so proptest can shrink a failing file.
struct Dice<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Dice<'_> {
    fn roll(&mut self, n: usize) -> usize {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        usize::from(b) % n.max(1)
    }

    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[self.roll(from.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.roll(i + 1);
            items.swap(i, j);
        }
    }

    fn gap(&mut self) -> String {
        self.pick(&["", " ", "  ", "\t"]).to_owned()
    }

    /// Blank lines and comment lines before an entry.
    fn before(&mut self) -> String {
        let mut out = "\n".repeat(self.roll(3));
        for _ in 0..self.roll(3) {
            out.push_str(&self.gap());
            out.push_str(self.pick(&["# 注释", "# 原表如此", "#note", "# 预算（万元）"]));
            out.push('\n');
        }
        out
    }

    fn after(&mut self) -> String {
        match self.roll(4) {
            0 => format!("{}# 行尾注释", self.gap().replace('\t', " ") + " "),
            _ => String::new(),
        }
    }

    fn string(&mut self, text: &str) -> String {
        if self.roll(2) == 0 {
            format!("'{text}'")
        } else {
            format!("\"{text}\"")
        }
    }

    fn line(&mut self, key: &str, value: &str) -> String {
        let before = self.before();
        let (indent, l, r, after) = (self.gap(), self.gap(), self.gap(), self.after());
        format!("{before}{indent}{key}{l}={r}{value}{after}\n")
    }
}

/// A `goals` array with comments wherever TOML allows them: on lines before an item, after
/// an item before its comma, after the comma, after the last item with or without a trailing
/// comma (`"b" # 备注⏎]`, issue 14), and on lines before `]`.
fn goals(d: &mut Dice<'_>) -> String {
    let items = ["\"及时足额发放。\"", "\"保障基本生活。\"", "'按月发放。'"];
    let n = 1 + d.roll(3);
    let mut out = String::from("[");
    for (i, item) in items.iter().take(n).enumerate() {
        match d.roll(4) {
            0 => out.push_str("\n  # 条目前注释\n  "),
            1 => out.push_str("\n    "),
            2 => out.push(' '),
            _ => {}
        }
        out.push_str(item);
        match d.roll(4) {
            0 => out.push_str(" # 逗号前注释\n"),
            1 => out.push_str("  "),
            _ => {}
        }
        if i + 1 < n || d.roll(2) == 0 {
            out.push(',');
            if d.roll(3) == 0 {
                out.push_str(" # 逗号后注释\n");
            }
        }
    }
    match d.roll(3) {
        0 => out.push_str("\n  # 末尾注释\n"),
        1 => out.push('\n'),
        _ => {}
    }
    out.push(']');
    out
}

/// A project file and its 指标值 as written (with their quotes).
fn project_file(bytes: &[u8]) -> (String, Vec<String>) {
    let mut d = Dice { bytes, at: 0 };
    let goals = goals(&mut d);
    let mut project = vec![
        ("name", d.string("临时救助资金")),
        ("department", d.string("示例区民政局")),
        ("year", "2024".to_owned()),
        ("goals", goals),
        ("purpose", d.string("用于临时救助。")),
    ];
    d.shuffle(&mut project);
    let total = d.pick(&["120", "\"120\"", "120.0", "1_20"]).to_owned();
    let mut budget = vec![
        ("total", total),
        ("fiscal", "100".to_owned()),
        ("other", "20".to_owned()),
    ];
    d.shuffle(&mut budget);
    let mut plan = vec![("3", "25"), ("6", "\"50%\""), ("10", "80.5"), ("12", "100")];
    d.shuffle(&mut plan);
    let mut targets = Vec::new();
    let mut rows = Vec::new();
    for (l1, l2, name, target) in [
        ("产出指标", "数量指标", "救助人次", "≧300人次"),
        ("产出指标", "成本指标", "资金总额", "≤120万元"),
        ("满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
    ] {
        let target = d.string(target);
        targets.push(target.clone());
        let mut keys = vec![
            ("level1", d.string(l1)),
            ("level2", d.string(l2)),
            ("name", d.string(name)),
            ("target", target),
            ("basis", d.string("计划标准")),
        ];
        d.shuffle(&mut keys);
        rows.push(keys);
    }
    let mut tables: Vec<String> = Vec::new();
    let header = |d: &mut Dice<'_>, name: &str| format!("{}[{name}]{}\n", d.before(), d.after());
    let mut body = header(&mut d, "project");
    for (k, v) in &project {
        body.push_str(&d.line(k, v));
    }
    tables.push(body);
    let mut body = header(&mut d, "budget");
    for (k, v) in &budget {
        body.push_str(&d.line(k, v));
    }
    tables.push(body);
    let mut body = header(&mut d, "plan");
    for (k, v) in &plan {
        let key = if d.roll(2) == 0 {
            format!("\"{k}\"")
        } else {
            (*k).to_owned()
        };
        body.push_str(&d.line(&key, v));
    }
    tables.push(body);
    d.shuffle(&mut tables);
    let mut text: String = tables.concat();
    for keys in rows {
        text.push_str(&format!("{}[[indicator]]{}\n", d.before(), d.after()));
        for (k, v) in &keys {
            text.push_str(&d.line(k, v));
        }
    }
    text.push_str(&d.before());
    (text, targets)
}

fn lowered(text: &str) -> Lowered {
    let mut sink = Sink::new(FileId(0));
    let lowered = parse_and_lower(text, &mut sink);
    assert!(sink.items.is_empty(), "{:?}\n{text}", sink.items);
    lowered
}

fn comments(text: &str) -> Vec<String> {
    let mut all: Vec<String> = text
        .lines()
        .filter_map(|l| l.find('#').map(|i| l[i..].trim().to_owned()))
        .collect();
    all.sort();
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_comment_in_an_array_survives(bytes in prop::collection::vec(any::<u8>(), 32..96)) {
        let mut d = Dice { bytes: &bytes, at: 0 };
        let text = format!("[project]\ngoals = {}\n", goals(&mut d));
        let once = format(&text).unwrap();
        let twice = format(&once).unwrap();
        prop_assert_eq!(&twice, &once, "not idempotent:\n{}", text);
        prop_assert_eq!(comments(&text), comments(&once), "a comment was lost:\n{}\n---\n{}", text, once);
        let parsed = |t: &str| t.parse::<toml::Table>().unwrap();
        prop_assert_eq!(parsed(&text), parsed(&once), "the values changed:\n{}\n---\n{}", text, once);
    }

    #[test]
    fn formatting_is_idempotent_and_keeps_meaning_and_comments(
        bytes in prop::collection::vec(any::<u8>(), 128..512)
    ) {
        let (text, targets) = project_file(&bytes);
        let once = format(&text).unwrap();
        let twice = format(&once).unwrap();
        prop_assert_eq!(&twice, &once, "not idempotent:\n{}", text);
        let (Lowered::Project(before), Lowered::Project(after)) = (lowered(&text), lowered(&once)) else {
            panic!("not a project:\n{text}")
        };
        prop_assert_eq!(&before.0, &after.0, "the model changed:\n{}\n---\n{}", text, once);
        prop_assert_eq!(comments(&text), comments(&once), "a comment was lost:\n{}", once);
        for target in targets {
            let line = format!("target = {target}");
            prop_assert!(once.contains(&line), "{} rewritten:\n{}", target, once);
        }
    }
}
