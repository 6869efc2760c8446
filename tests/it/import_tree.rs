//! `perf import` on a 批复表 printed as a tree (issue 15): no 项目名称 label and no 一级指标
//! header, the levels told by each line's indentation. Read when the indentation is
//! consistent; otherwise refused with the line where it breaks — never a guessed level.

#![allow(clippy::unwrap_used)]

use crate::common::{perf, stderr};

const TREE: &str = "某市某中心2020年项目绩效目标批复表\n\n单位:元\n\n项目\n\n指标值\n\n绩效金额\n\n 某市某中心\n\n  疫苗采购\n\n3000000\n\n   产出指标\n\n    数量指标\n\n     疫苗使用率\n\n100%\n\n     接种人数\n\n≥5000人\n\n    时效指标\n\n     疫苗提供及时率\n\n100%\n\n   满意度指标\n\n    服务对象满意度指标\n\n     服务对象满意度\n\n≥90%\n\n附件下载:\n";

fn import(text: &str) -> (std::process::Output, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("a.txt");
    std::fs::write(&source, text).unwrap();
    let target = dir.path().join("某中心");
    let output = perf(&[
        "import",
        source.to_str().unwrap(),
        "--dept-dir",
        target.to_str().unwrap(),
    ]);
    let written = std::fs::read_to_string(target.join("疫苗采购.toml")).ok();
    (output, written)
}

#[test]
fn a_tree_with_consistent_indentation_is_read_level_by_level() {
    let (output, written) = import(TREE);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    let written = written.unwrap();
    for want in [
        "name = \"疫苗采购\"",
        "department = \"某市某中心\"\nyear = 2020",
        "[budget]\nunit = \"元\"\ntotal = 3000000\n",
        "level1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"疫苗使用率\"\ntarget = \"100%\"\n",
        "level1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"接种人数\"\ntarget = \"≥5000人\"\n",
        "level1 = \"产出指标\"\nlevel2 = \"时效指标\"\nname = \"疫苗提供及时率\"\ntarget = \"100%\"\n",
        "level1 = \"满意度指标\"\nlevel2 = \"服务对象满意度指标\"\nname = \"服务对象满意度\"\ntarget = \"≥90%\"\n",
    ] {
        assert!(written.contains(want), "missing {want:?} in\n{written}");
    }
    assert_eq!(written.matches("[[indicator]]").count(), 4, "{written}");
    // The page's line after the tree is listed, not appended to the last 指标值.
    assert!(err.contains("表格之后的文字无法识别：“附件下载:”"), "{err}");
}

#[test]
fn a_tree_whose_indentation_breaks_is_refused_with_its_line() {
    // 时效指标 indented like a 三级: its level cannot be told.
    let text = TREE.replace("    时效指标", "     时效指标");
    let (output, written) = import(&text);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(written.is_none());
    assert!(
        err.contains("按缩进分级的表未读取：三级指标后面没有指标值；缩进一致时才按缩进读出一级、二级、三级指标"),
        "{err}"
    );
    // Line 29 is the 时效指标 indented like a 三级 (one space more than its siblings).
    assert!(err.contains("第 29 行：按缩进分级的表未读取"), "{err}");
}
