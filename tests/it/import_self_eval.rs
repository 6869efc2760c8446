//! `perf import` on 自评表 (issue 15): the 预算执行 block (年初预算数 / 全年预算数 / 全年执行数
//! / 分值 / 执行率 / 得分) becomes `[budget]` and `[execution]`, the 实际完成值 / 得分 / 偏差原因
//! columns become each row's `actual`, `self_score` and `reason`, and the 总分 row's 得分
//! `self_total`. Header words broken over lines (`年度` / `指标值`) are joined; a budget row
//! whose cells cannot be told apart is listed, never placed by guess.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{perf, stderr};

fn import(text: &str) -> (std::process::Output, String) {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("a.txt");
    std::fs::write(&source, text).unwrap();
    let target = dir.path().join("某局");
    let output = perf(&[
        "import",
        source.to_str().unwrap(),
        "--dept-dir",
        target.to_str().unwrap(),
    ]);
    let file = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "toml"))
        .expect("a file written");
    let written = std::fs::read_to_string(file).unwrap();
    (output, written)
}

/// One cell per line, as a web page copies it: headers broken over two lines, a blank
/// template row, the form's numbering before names.
const ONE_PER_LINE: &str = "项目支出绩效自评表\n\n2023年度)\n\n项目名称\n\n某项目\n\n主管部门\n\n某局\n\n项目资金\n(万元)\n\n \n\n年初\n\n预算数\n\n全年\n\n预算数\n\n全年\n\n执行数\n\n分值\n\n执行率\n\n得分\n\n年度资金总额\n\n50\n\n48\n\n40\n\n10\n\n83.33%\n\n8\n\n其中:当年财政拨款\n\n50\n\n48\n\n40\n\n \n\n上年结转资金\n\n \n\n \n\n \n\n \n\n年度总体目标\n\n预期目标\n\n实际完成情况\n\n完成改造\n\n已完成\n\n一级指标\n\n二级指标\n\n三级指标\n\n年度\n\n指标值\n\n实际\n\n完成值\n\n分值\n\n得分\n\n偏差原因分析及改进措施\n\n产出指标\n\n数量指标\n\n指标1改造面积\n\n≥100平方米\n\n90平方米\n\n50\n\n45\n\n工期延误\n\n指标2\n\n \n\n \n\n \n\n \n\n \n\n效益指标\n\n社会效益指标\n\n指标1群众满意度\n\n≥90%\n\n95%\n\n40\n\n40\n\n0\n";

#[test]
fn a_self_evaluation_form_fills_execution_and_each_rows_actual() {
    let (output, written) = import(ONE_PER_LINE);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    for want in [
        "[budget]\ntotal = 50\nfiscal = 50\n",
        "name = \"改造面积\"\ntarget = \"≥100平方米\"\nweight = 50\nactual = \"90平方米\"\nself_score = 45\nreason = \"工期延误\"\n",
        "name = \"群众满意度\"\ntarget = \"≥90%\"\nweight = 40\nactual = \"95%\"\nself_score = 40\n\n",
        "[execution]\nadjusted_budget = 48\nspent = { 12 = 40 }\nself_rate = 83.33\nself_rate_points = 10\n",
        "goals = [\n  \"完成改造\",\n]",
    ] {
        assert!(written.contains(want), "missing {want:?} in\n{written}");
    }
    assert!(!written.contains("name = \"指标2"), "{written}");
    // What has no field is listed, with its place: the rate's 得分, the 实际完成情况, the
    // blank template row.
    assert!(err.contains("预算执行率的得分“8”未导入"), "{err}");
    assert!(
        err.contains("实际完成情况未导入（项目文件没有这一项）：“已完成”"),
        "{err}"
    );
    assert!(err.contains("1 行空白的模板行（指标2）未导入"), "{err}");
}

/// `|` rows as a page gives them: the 年度资金总额 row lost a cell (two amounts for three
/// columns), and its 执行数 would be `10` for a 执行率 of 100%: listed, not placed.
const PIPES: &str = "2022年度项目支出绩效自评表 |\n| 项目名称 | 某项目 | 主管部门 | 某局 |\n| 项目资金 (元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n| 年度资金总额 | 1000 | 1000 | 10 | 100% | 10 |\n| 其中:当年财政拨款 | 1000 | 1000 | — |\n| 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |\n| 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 |\n| 产出指标 | 数量指标 | 受益人数 | ≧ | 735 | 人次 | 735 | 50 | 50 |\n| 质量指标 | 覆盖率 | ≧ | 100 | % | 100% | 40 | 36 |\n| 其他需要说明事项 | 无 | 总分 | 100 | 96 | 优 |\n";

#[test]
fn a_budget_row_that_does_not_fit_is_listed_and_rows_under_a_two_row_header_import() {
    let (output, written) = import(PIPES);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("预算执行情况“年度资金总额”这一行未导入：按表头的列，执行数 10 ÷ 预算数 1000 = 1%，与表上的执行率 100% 不符"),
        "{err}"
    );
    assert!(!written.contains("[budget]"), "{written}");
    assert!(!written.contains("spent"), "{written}");
    for want in [
        "level1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"受益人数\"\ntarget = \"≧735\"\nunit = \"人次\"\nweight = 50\nactual = \"735\"\nself_score = 50\n",
        "level1 = \"产出指标\"\nlevel2 = \"质量指标\"\nname = \"覆盖率\"\ntarget = \"≧100\"\nunit = \"%\"\nweight = 40\nactual = \"100%\"\nself_score = 36\n",
        "[execution]\nself_total = 96\n",
    ] {
        assert!(written.contains(want), "missing {want:?} in\n{written}");
    }
    assert!(err.contains("自评等级“优”未导入"), "{err}");
}

/// A page a site converted to traditional characters, with the pinyin of some characters in
/// brackets: the form's words are recognised (`項(xiàng)目名稱`, `績效指標`, `產出指標`), the
/// values are kept as written.
const TRADITIONAL: &str = "| 2020年度項(xiàng)目支出績效自評表 |\n| 項(xiàng)目名稱 | 衛(wèi)片執法經費 |\n| 主管部門 | 麗江市某局 |\n| 項(xiàng)目資金 (萬元) | 年初預(yù)算數(shù) | 全年預(yù)算數(shù) | 全年執(zhí)行數(shù) | 分值 | 執(zhí)行率 | 得分 |\n| 年度資金總額 | 7.29 | 7.29 | 7.29 | 10.00 | 100% | 10.00 |\n| 績效指標(biāo) | 年度指標(biāo)值 | 實(shí)際完成值 | 分值 | 得分 | 偏差原因分析及改進(jìn)措施 |\n| 一級 指標(biāo) | 二級指標(biāo) | 三級指標(biāo) | 指標(biāo)性質(zhì) | 指標(biāo)值 | 度量單位 |\n| 產(chǎn)出指標(biāo) | 數(shù)量指標(biāo) | 衛(wèi)片執法經費 | ﹦ | 72890 | 元 | 72890 | 90.00 | 81.00 |\n";

#[test]
fn traditional_labels_are_read_and_values_kept_as_written() {
    let (output, written) = import(TRADITIONAL);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    for want in [
        "name = \"衛(wèi)片執法經費\"\ndepartment = \"麗江市某局\"\nyear = 2020\n",
        "[budget]\ntotal = 7.29\n\n",
        "level1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"衛(wèi)片執法經費\"\ntarget = \"﹦72890\"\nunit = \"元\"\nweight = 90\nactual = \"72890\"\nself_score = 81\n",
        "[execution]\nspent = { 12 = 7.29 }\nself_rate = 100\nself_rate_points = 10\n",
    ] {
        assert!(written.contains(want), "missing {want:?} in\n{written}");
    }
    // The heading in traditional characters is the form's title: its year is read.
    assert!(!written.contains("title ="), "{written}");
}

/// A 监控表's 项目资金 block: `1-6月执行数` is the spending to the end of June.
const MONITOR: &str = "| 某市项目支出绩效监控表 |\n| (2019年度) |\n| 项目名称 | 某项目 |\n| 主管部门 | 某局 |\n| 项目资金 (万元) | 年初预算数 | 1-6月执行数 | 全年预计执行数 |\n| 年度资金总额: | 220 | 87.57 | 200 |\n| 其中:当年一般公共预算拨款 | 220 | 87.57 |\n| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n| 产出指标 | 数量指标 | 活动场次 | ≥5场 |\n";

#[test]
fn a_monitoring_forms_spending_is_dated_by_its_column() {
    let (output, written) = import(MONITOR);
    let err = stderr(&output);
    assert!(output.status.code().is_some_and(|c| c <= 1), "{err}");
    for want in [
        "[budget]\ntotal = 220\nfiscal = 220\n",
        "[execution]\nspent = { 6 = 87.57 }\nforecast = 200\n",
        "name = \"活动场次\"\ntarget = \"≥5场\"\n",
    ] {
        assert!(written.contains(want), "missing {want:?} in\n{written}");
    }
}
