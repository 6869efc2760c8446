//! `perf import` on text copied from web pages and PDFs (issue 15): tab-separated rows, a row
//! that does not fit the header (a listed problem with its place, exit 1, never a shifted
//! row), `--explain` naming where each field came from, "no table found" saying why, and a
//! footer under a Word table that is listed, not appended to the last 指标值; one cell per
//! line without the merged cells, rows rebuilt from their level cells.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use crate::common::{perf, stderr};

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// A 101号-style table copied as tab-separated rows, with merged 一级/二级 cells missing.
const TABBED: &str = "某县某局2024年项目支出绩效目标表（2024年度）
项目名称\t农村道路养护
主管部门\t某县交通运输局 201001
项目资金（万元）\t年度资金总额\t854万(含上年结转100万)
\t财政拨款\t754
\t上年结转\t100
\t其他资金\t0
年度目标\t完成农村道路养护120公里。
一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t权重
产出指标\t数量指标\t养护里程\t≥\t120\t公里\t30
\t质量指标\t养护合格率\t≥\t95\t%\t30
\t时效指标\t完成时间\t≤\t2024年11月\t\t20
满意度指标\t服务对象满意度指标\t群众满意度\t≥\t90\t%\t10
";

#[test]
fn tab_separated_rows_with_merged_cells_import_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let source = write(dir.path(), "a.txt", TABBED);
    let target = dir.path().join("某县交通运输局");
    let output = perf(&["import", &source, "--dept-dir", target.to_str().unwrap()]);
    let err = stderr(&output);
    // The department's code is split off and said, so the import is not silent about it.
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("主管部门的编码“201001”未导入"), "{err}");
    assert!(
        err.contains("金额后的说明“(含上年结转100万)”未导入"),
        "{err}"
    );
    let text = std::fs::read_to_string(target.join("农村道路养护.toml")).unwrap();
    assert!(text.contains("department = \"某县交通运输局\""), "{text}");
    assert!(text.contains("year = 2024"), "{text}");
    assert!(text.contains("total = 854"), "{text}");
    assert!(text.contains("fiscal = 754"), "{text}");
    assert!(text.contains("name = \"上年结转\""), "{text}");
    // 指标性质 + 指标值 make the target; 度量单位 and 权重 their own fields; the merged
    // 一级 cell repeats.
    assert!(text.contains("target = \"≥95\""), "{text}");
    assert!(text.contains("unit = \"%\""), "{text}");
    assert!(text.contains("weight = 30"), "{text}");
    let rows = text.matches("[[indicator]]").count();
    assert_eq!(rows, 4, "{text}");
    assert!(
        text.contains("level1 = \"产出指标\"\nlevel2 = \"质量指标\""),
        "{text}"
    );
}

#[test]
fn a_row_that_does_not_fit_the_header_is_a_problem_never_a_shifted_row() {
    let dir = tempfile::tempdir().unwrap();
    // The 时效 row lost its 二级 cell *and* has one cell too many: it cannot be placed.
    let text = TABBED.replace(
        "\t时效指标\t完成时间\t≤\t2024年11月\t\t20",
        "产出指标\t完成时间\t时效指标\t≤\t2024年11月\t\t20\t多余",
    );
    let source = write(dir.path(), "a.txt", &text);
    let target = dir.path().join("某县交通运输局");
    let output = perf(&["import", &source, "--dept-dir", target.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("第 12 行：这一行指标未导入：单元格比表头的列多"),
        "{err}"
    );
    let written = std::fs::read_to_string(target.join("农村道路养护.toml")).unwrap();
    assert!(!written.contains("name = \"完成时间\""), "{written}");
    assert!(!written.contains("target = \"时效指标\""), "{written}");
    // A level cell holding a name is refused the same way.
    let text = TABBED.replace(
        "\t时效指标\t完成时间\t≤\t2024年11月\t\t20",
        "完成时间\t时效指标\t≤\t2024年11月\t\t20\t5",
    );
    let source = write(dir.path(), "b.txt", &text);
    let target = dir.path().join("b");
    let output = perf(&["import", &source, "--dept-dir", target.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("第 12 行：这一行指标未导入：单元格与表头的列对不上"),
        "{err}"
    );
}

#[test]
fn explain_says_where_each_field_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let source = write(dir.path(), "a.txt", TABBED);
    let target = dir.path().join("x");
    let output = perf(&[
        "import",
        &source,
        "--dept-dir",
        target.to_str().unwrap(),
        "--explain",
    ]);
    let err = stderr(&output);
    for line in [
        "  year ← a.txt 第 1 行",
        "  name ← a.txt 第 2 行",
        "  department ← a.txt 第 3 行",
        "  budget.total ← a.txt 第 4 行",
        "  budget.fiscal ← a.txt 第 5 行",
        "  goals[1] ← a.txt 第 8 行",
        "  indicator 2（养护合格率） ← a.txt 第 11 行",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    // Without --explain, none of it.
    let output = perf(&[
        "import",
        &source,
        "--dept-dir",
        dir.path().join("y").to_str().unwrap(),
    ]);
    assert!(!stderr(&output).contains(" ← "));
}

#[test]
fn no_table_found_says_what_was_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    // Cells run together without any separator cannot be split: refused, with the reason.
    let source = write(
        dir.path(),
        "a.txt",
        "绩效目标表（2020年度）\n项目名称农村义务教育薄弱学校改造补助资金\n产出指标数量指标覆盖率100%\n",
    );
    let output = perf(&[
        "import",
        &source,
        "--dept-dir",
        dir.path().join("x").to_str().unwrap(),
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("中没有找到项目绩效目标表：没有哪一个单元格或哪一行是“项目名称”"),
        "{err}"
    );
    assert!(err.contains("连在一起的文字无法拆分"), "{err}");
    // The lines that could not be read are one note, not one each (a web page's copy is
    // dozens of lines, each saying the same before the error that says why).
    let notes: Vec<&str> = err.lines().filter(|l| l.starts_with("note:")).collect();
    assert_eq!(
        notes,
        [
            "note: 自第 1 行起的 3 段文字都无法识别（文中没有读出项目绩效目标表）；第一段是“绩效目标表（2020年度）”"
        ],
        "{err}"
    );
}

/// `perf import` of `text` (saved as a.txt) into the department folder 某局 of a fresh
/// folder: the folder (kept alive), the department folder, and the run.
fn import_into_a_folder(
    text: &str,
) -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let source = write(dir.path(), "a.txt", text);
    let target = dir.path().join("某局");
    let output = perf(&["import", &source, "--dept-dir", target.to_str().unwrap()]);
    (dir, target, output)
}

#[test]
fn a_footer_under_a_word_table_is_listed_not_appended_to_the_last_target() {
    let text = "某局\n2024年部门预算绩效文本\n一、总体绩效目标\n做好工作。\n某项目\n项目绩效目标表\n\t项目名称\n\t某项目\n\t预算数（万元）\n\t10\n\t绩效目标\n\t完成某事。\n\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\t产出指标\n\t数量指标\n\t完成数量\n\t≥5个\n填表人：张三\n";
    let (_dir, target, output) = import_into_a_folder(text);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("第 21 行：表格之后的文字无法识别：“填表人：张三”"),
        "{err}"
    );
    let written = std::fs::read_to_string(target.join("某项目.toml")).unwrap();
    assert!(written.contains("target = \"≥5个\"\n"), "{written}");
}

/// One cell per line, as a web page gives it: merged 一级/二级 cells are absent (a row opens
/// with only the levels it starts) and a narrow 二级 cell wraps before its last word.
const ONE_PER_LINE: &str = "绩效目标申报表

(2022年度)

项目名称

某县高标准农田建设项目

主管部门

某县农业农村局

年度资金总额:

854

年度目标

完成项目主体工程70%

一级指标

二级指标

三级指标

指标值

产出指标

数量指标

道路硬化里程

≥100公里

供水设施数量

≥20座

质量指标

验收合格率

100%

效益指标

经济效益

指标

年增粮食

3500公斤

注:各地请根据实际情况填报。
";

#[test]
fn one_cell_per_line_rows_are_rebuilt_from_their_level_cells() {
    let dir = tempfile::tempdir().unwrap();
    let source = write(dir.path(), "a.txt", ONE_PER_LINE);
    let target = dir.path().join("某县农业农村局");
    let output = perf(&["import", &source, "--dept-dir", target.to_str().unwrap()]);
    let err = stderr(&output);
    // The note under the table is one cell short of a row: listed, exit 1, never a row.
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("这一行指标未导入：单元格比表头的列少"),
        "{err}"
    );
    let text = std::fs::read_to_string(target.join("某县高标准农田建设项目.toml")).unwrap();
    assert_eq!(text.matches("[[indicator]]").count(), 4, "{text}");
    assert!(
        text.contains(
            "level1 = \"产出指标\"\nlevel2 = \"数量指标\"\nname = \"供水设施数量\"\ntarget = \"≥20座\""
        ),
        "{text}"
    );
    assert!(
        text.contains("level1 = \"产出指标\"\nlevel2 = \"质量指标\"\nname = \"验收合格率\""),
        "{text}"
    );
    assert!(
        text.contains("level1 = \"效益指标\"\nlevel2 = \"经济效益指标\"\nname = \"年增粮食\""),
        "{text}"
    );
    assert!(!text.contains("= \"注:"), "{text}");
}

#[test]
fn a_header_word_the_rows_do_not_fill_never_takes_the_next_rows_cells() {
    // Header words broken over lines (`实际` / `完成值`, a self-evaluation form) are one header
    // word, 实际完成值: the header has five columns while each row below has four cells. The
    // first row would take the next row's name (`供水设施数量`) for its actual: it is listed,
    // and so is every row after it — none is placed by guess.
    let dir = tempfile::tempdir().unwrap();
    let text = ONE_PER_LINE.replace("指标值\n\n产出指标", "指标值\n\n实际\n\n完成值\n\n产出指标");
    let source = write(dir.path(), "a.txt", &text);
    let target = dir.path().join("某县农业农村局");
    let output = perf(&["import", &source, "--dept-dir", target.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("这一行指标未导入：单元格与表头的列对不上；表头有 5 列，这一行是“产出指标｜数量指标｜道路硬化里程｜≥100公里｜供水设施数量”")
            || err.contains("表头有 5 列，这一行是“产出指标｜数量指标｜道路硬化里程｜≥100公里｜供水设施数量”"),
        "{err}"
    );
    let written = std::fs::read_to_string(target.join("某县高标准农田建设项目.toml")).unwrap();
    assert!(!written.contains("actual = \"供水设施数量\""), "{written}");
    assert!(!written.contains("name = \"实际\""), "{written}");
    assert!(!written.contains("name = \"≥"), "{written}");
}

#[test]
fn a_bare_category_opens_a_row_in_a_one_cell_per_line_copy() {
    // `社会效益` without its `指标` (some forms write the 二级 so) is still a level cell.
    let dir = tempfile::tempdir().unwrap();
    let text = ONE_PER_LINE.replace(
        "注:各地请根据实际情况填报。\n",
        "社会效益\n\n受益人口数\n\n≥500人\n",
    );
    let source = write(dir.path(), "a.txt", &text);
    let target = dir.path().join("某县农业农村局");
    let output = perf(&["import", &source, "--dept-dir", target.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    let text = std::fs::read_to_string(target.join("某县高标准农田建设项目.toml")).unwrap();
    assert_eq!(text.matches("[[indicator]]").count(), 5, "{text}");
    assert!(
        text.contains(
            "level1 = \"效益指标\"\nlevel2 = \"社会效益\"\nname = \"受益人口数\"\ntarget = \"≥500人\""
        ),
        "{text}"
    );
}

/// 湘潭's 2024 项目绩效目标表 (tests/real-forms/15) in miniature: one cell per line with blank
/// lines between, empty cells as a lone space, blank 二级 rows, the 满意度 row after them.
const XIANGTAN_2024: &str = "2024年项目绩效目标表

项目名称

雾炮车抑尘降尘服务

主管部门及其编码

某市城市管理局 308001

项目实施单位

某市环境卫生管理处

项目资金申请

(万元)

资金总额: 250

        一、预算资金:250

        二、自有资金:0

        三、其他:0

项目概况

采购10台雾炮车用于特殊时段环卫作业。

项目绩效目标

长期目标

年度目标

 持续改善空气质量

2024年通过采购雾炮车服务改善空气质量

年度绩效指标

一级指标

二级指标

三级指标

指标值

绩效标准

产出指标

数量指标

配备车辆数

10辆

计划标准

效益指标

社会效益指标

市民对空气质量改善的满意程度

85%

计划标准

生态效益指标

 

 

 

可持续影响

指标

 

 

 

服务对象满意度指标

满意度

90%

计划标准

其他需说明的问题
";

#[test]
fn blank_rows_of_a_one_cell_per_line_copy_shift_no_row_and_labels_stay_labels() {
    // A row that opens with a 二级 category (`生态效益指标`) has lost its merged 一级 cell: the
    // lone spaces after it are its empty cells, not a second level. Read as a level, they
    // shifted the 满意度 row into `name = "90%"`, `target = "计划标准"`.
    let dir = tempfile::tempdir().unwrap();
    let source = write(dir.path(), "a.txt", XIANGTAN_2024);
    let target = dir.path().join("某市城市管理局");
    let output = perf(&["import", &source, "--dept-dir", target.to_str().unwrap()]);
    let err = stderr(&output);
    let text = std::fs::read_to_string(target.join("雾炮车抑尘降尘服务.toml")).unwrap();
    assert_eq!(text.matches("[[indicator]]").count(), 3, "{text}\n{err}");
    assert!(
        text.contains(
            "level1 = \"效益指标\"\nlevel2 = \"服务对象满意度指标\"\nname = \"满意度\"\ntarget = \"90%\"\nbasis = \"计划标准\""
        ),
        "{text}"
    );
    assert!(!text.contains("name = \"90%\""), "{text}");
    // 主管部门及其编码: the department, its code split off and said.
    assert!(text.contains("department = \"某市城市管理局\""), "{text}");
    assert!(err.contains("主管部门的编码“308001”未导入"), "{err}");
    // `项目资金申请` / `(万元)`: the unit belongs to the label and is no 资金用途; 项目概况 is.
    assert!(!text.contains("(万元)"), "{text}");
    assert!(
        text.contains("purpose = \"采购10台雾炮车用于特殊时段环卫作业。\""),
        "{text}"
    );
    // `一、预算资金:250` is the fiscal amount; `三、其他:0` a label perf does not know, listed.
    assert!(text.contains("total = 250\nfiscal = 250"), "{text}");
    assert!(err.contains("三、其他:0"), "{err}");
    // 项目绩效目标 heads 长期目标 and 年度目标: each text goes to its own column.
    assert!(
        text.contains("goals = [\n  \"2024年通过采购雾炮车服务改善空气质量\",\n]"),
        "{text}"
    );
    assert!(
        text.contains("long_term_goals = [\n  \"持续改善空气质量\",\n]"),
        "{text}"
    );
}

#[test]
fn a_second_purpose_is_listed_with_its_text() {
    let text = "某项目\n项目绩效目标表\n\t项目名称\n\t某项目\n\t预算数（万元）\n\t10\n\t资金用途\n\t用于甲。\n\t资金用途\n\t用于乙。\n\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\t产出指标\n\t数量指标\n\t完成数量\n\t≥5个\n";
    let (_dir, target, output) = import_into_a_folder(text);
    let err = stderr(&output);
    assert!(
        err.contains("第 10 行：资金用途只能有一段，多出的这段未导入：“用于乙。”"),
        "{err}"
    );
    let written = std::fs::read_to_string(target.join("某项目.toml")).unwrap();
    assert!(written.contains("purpose = \"用于甲。\""), "{written}");
}
