//! The words of the official 项目绩效目标表 and their variants across provinces and years: the
//! labels that say what the cells after them hold, the header words of the indicator table,
//! and how amounts are written in the cells. Matching ignores whitespace (Word breaks
//! `一级指标` over two lines), a trailing colon and a unit in brackets (`预算数（万元）`).

use rust_decimal::Decimal;

use crate::import::squeeze;
use crate::model::money::MoneyUnit;

/// A label of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// The table's title (`…项目绩效目标表（2024年度）`).
    Title,
    /// 项目编码.
    Code,
    /// 项目名称.
    Name,
    /// 主管部门.
    Department,
    /// 实施单位.
    Implementer,
    /// 预算规模及资金用途, with the unit it names.
    BudgetBlock(Option<MoneyUnit>),
    /// 预算数 / 年度资金总额.
    Total(Option<MoneyUnit>),
    /// 其中：财政资金.
    Fiscal(Option<MoneyUnit>),
    /// 其他资金.
    Other(Option<MoneyUnit>),
    /// 当年资金总额 / 年度资金总额 beside a 中期 资金总额: the year's own total.
    YearTotal(Option<MoneyUnit>),
    /// 当年财政拨款 beside a 中期 财政拨款.
    YearFiscal(Option<MoneyUnit>),
    /// 当年其他资金 beside a 中期 其他资金.
    YearOther(Option<MoneyUnit>),
    /// 中期预算 (`中期市财政预算`, `中期资金总额`): the whole period's amount, not imported.
    MidTotal,
    /// 上年结转: a source of its own (`[[budget.sources]]`).
    CarriedOver(Option<MoneyUnit>),
    /// 实施期 / 项目起止时间.
    Period,
    /// 中期目标 / 长期目标 / 实施期绩效目标.
    LongGoals,
    /// A heading inside the form that holds no value itself (总体目标, 绩效指标).
    Block,
    /// `单位：万元` above the table: the unit of its amounts.
    Unit(MoneyUnit),
    /// The end of the form: 审核意见, 填表人, a page's own footer.
    Footer,
    /// 资金用途, as a label of its own.
    Purpose,
    /// 资金支出计划.
    PlanBlock,
    /// `3月底`.
    Month(i64),
    /// 绩效目标 / 年度绩效目标.
    GoalsBlock,
    /// `目标1`.
    GoalNumber,
    /// The indicator table's header (`一级指标`).
    Header,
    /// Not part of the form: perf's own 检查结果 under an exported table.
    End,
}

/// A column of the indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标.
    Name,
    /// 绩效指标描述.
    Description,
    /// 指标值.
    Target,
    /// 度量单位.
    Unit,
    /// 指标方向.
    Direction,
    /// 上年实际值.
    Baseline,
    /// 权重.
    Weight,
    /// 指标值确定依据.
    Basis,
    /// 依据说明.
    BasisNote,
    /// 指标性质 (`≥`, `＝`, `定性`): the comparison, written before 指标值.
    Nature,
    /// A 中期/长期 column beside the year's (二级指标（长期）…): not imported.
    LongTerm,
}

/// The label a cell's text is, if any.
pub fn label_of(text: &str) -> Option<Label> {
    let full = squeeze(text);
    if is_title(&full) {
        return Some(Label::Title);
    }
    if let Some(unit) = unit_line(&full) {
        return Some(Label::Unit(unit));
    }
    if FOOTERS.iter().any(|f| full.starts_with(f)) {
        return Some(Label::Footer);
    }
    let unit = unit_in(&full);
    let word = base(&full);
    let word = word.strip_suffix("及单位").unwrap_or(&word);
    let label = match word {
        "项目编码" | "项目代码" => Label::Code,
        "项目名称" | "项目支出名称" => Label::Name,
        "主管部门"
        | "主管部门及代码"
        | "主管部门及编码"
        | "主管单位"
        | "项目主管部门"
        | "预算部门" => Label::Department,
        "实施单位" | "项目实施单位" | "项目执行单位" | "执行单位" => {
            Label::Implementer
        }
        "预算数"
        | "年度资金总额"
        | "资金总额"
        | "项目总额"
        | "年度预算数"
        | "项目预算金额"
        | "年度本级预算金额"
        | "项目预算"
        | "年度金额" => Label::Total(unit),
        "当年资金总额" | "当年预算数" => Label::YearTotal(unit),
        "本年度申请市财政预算资金" | "本年度申请金额" | "本年度预算" | "年度预算金额" => {
            Label::Total(unit)
        }
        "中期市财政预算" | "中期资金总额" | "中期预算" | "实施期资金总额" => {
            Label::MidTotal
        }
        "其中:财政资金" | "财政资金" | "其中:财政拨款" | "财政拨款" | "其中财政资金" => {
            Label::Fiscal(unit)
        }
        "当年财政拨款" | "其中:当年财政拨款" => Label::YearFiscal(unit),
        "其他资金" => Label::Other(unit),
        "当年其他资金" => Label::YearOther(unit),
        "上年结转" | "其中:上年结转" => Label::CarriedOver(unit),
        "资金用途" => Label::Purpose,
        "实施期" | "项目实施期" | "项目支出实施期" | "项目起止时间" | "项目实施期限" => {
            Label::Period
        }
        "绩效目标"
        | "年度绩效目标"
        | "年度目标"
        | "项目绩效目标"
        | "年度总体目标"
        | "本年度绩效目标"
        | "当年目标" => Label::GoalsBlock,
        "中期目标"
        | "长期目标"
        | "实施期绩效目标"
        | "中长期目标"
        | "实施期目标"
        | "中期滚动目标" => Label::LongGoals,
        "项目资金" | "资金情况" => unit.map_or(Label::Block, Label::Unit),
        "总体目标" | "绩效指标" | "本年度绩效指标" | "年度绩效指标" | "绩效项目指标表" => {
            Label::Block
        }
        "一级指标" | "一级" => Label::Header,
        "检查结果" => Label::End,
        w if w.starts_with("预算规模") || w.starts_with("项目资金申请") => {
            Label::BudgetBlock(unit)
        }
        w if w.starts_with("资金支出计划") => Label::PlanBlock,
        w => return month(w).map(Label::Month).or_else(|| goal_number(w)),
    };
    Some(label)
}

/// The header word a cell's text is, if any.
pub fn column_of(text: &str) -> Option<Column> {
    let full = squeeze(text);
    if ["长期", "中期", "实施期"]
        .iter()
        .any(|w| full.contains(&format!("（{w}）")) || full.contains(&format!("({w})")))
    {
        return Some(Column::LongTerm);
    }
    let word = base(&full);
    let column = match word.as_str() {
        "一级指标" | "一级" => Column::Level1,
        "二级指标" | "二级" => Column::Level2,
        "三级指标" | "指标名称" | "三级指标名称" | "三级" => Column::Name,
        "指标性质" => Column::Nature,
        "绩效指标描述" | "指标描述" | "指标内容" | "指标解释" | "指标说明" => {
            Column::Description
        }
        "指标值" | "目标值" | "年度指标值" | "指标目标值" | "绩效指标值" | "指标值及单位"
        | "计划指标值" => Column::Target,
        "度量单位" | "计量单位" | "单位" => Column::Unit,
        "指标方向" => Column::Direction,
        "上年实际值" | "基期值" | "上年完成值" | "历史值" => Column::Baseline,
        "权重" | "分值" | "指标权重" => Column::Weight,
        "指标值确定依据"
        | "确定依据"
        | "指标值设定依据"
        | "设定依据"
        | "指标值确定依据及说明"
        | "绩效标准" => Column::Basis,
        "依据说明" => Column::BasisNote,
        _ => return None,
    };
    Some(column)
}

/// Lines that end a form on a web page or a printed table.
const FOOTERS: [&str; 8] = [
    "财政部门审核意见",
    "主管部门审核意见",
    "填表人",
    "填报人",
    "附件:",
    "附件：",
    "扫一扫",
    "单位负责人",
];

/// A heading of the form: 项目绩效目标表 and its variants (申报表, 批复表, 审批表, 监控表,
/// 自评表), wherever the words are in the line.
pub fn is_title(word: &str) -> bool {
    [
        "绩效目标表",
        "绩效目标申报表",
        "绩效目标批复表",
        "绩效目标审批表",
        "绩效监控表",
        "绩效目标执行监控表",
        "绩效自评表",
        "绩效目标自评表",
    ]
    .iter()
    .any(|t| word.contains(t))
}

/// `单位：万元` (or `填报单位：（盖章） 单位：万元`, `金额单位：万元`): the unit a form's amounts are in.
fn unit_line(word: &str) -> Option<MoneyUnit> {
    let at = word.rfind("单位:").or_else(|| word.rfind("单位："))?;
    let rest = word
        .get(at..)?
        .trim_start_matches("单位")
        .trim_start_matches([':', '：']);
    let unit = MoneyUnit::from_label(rest)?;
    (word.starts_with("单位") || word.starts_with("金额单位") || word.starts_with("填报单位"))
        .then_some(unit)
}

/// The word without a bracketed part, a trailing colon, and with full-width colons made
/// half-width.
fn base(word: &str) -> String {
    let cut = word
        .find(['（', '('])
        .map_or(word, |i| word.get(..i).unwrap_or(word));
    cut.replace('：', ":").trim_end_matches(':').to_owned()
}

/// The money unit a label names in brackets (`（万元）`).
fn unit_in(word: &str) -> Option<MoneyUnit> {
    let start = word.find(['（', '('])?;
    let inner = word
        .get(start..)?
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    MoneyUnit::from_label(inner)
}

/// `3月底`, `3月末`, `3月` → 3.
fn month(word: &str) -> Option<i64> {
    let rest = word
        .strip_suffix("月底")
        .or_else(|| word.strip_suffix("月末"))
        .or_else(|| word.strip_suffix("月"))?;
    let month: i64 = rest.parse().ok()?;
    (1..=12).contains(&month).then_some(month)
}

fn goal_number(word: &str) -> Option<Label> {
    let rest = word.strip_prefix("目标")?;
    (!rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit())).then_some(Label::GoalNumber)
}

/// An amount as written in a cell: `4000`, `4000万元`, `1,234.56`, `12345元`.
pub fn parse_amount(text: &str) -> Option<(Decimal, Option<MoneyUnit>)> {
    let text = squeeze(text);
    // `854万(含上年结转100万)`: the amount is what comes before the note in brackets.
    let text = text
        .find(['(', '（'])
        .filter(|&at| at > 0)
        .and_then(|at| text.get(..at))
        .unwrap_or(&text)
        .to_owned();
    let (number, unit) = [
        ("万元", MoneyUnit::Wan),
        ("亿元", MoneyUnit::Yi),
        ("元", MoneyUnit::Yuan),
        ("万", MoneyUnit::Wan),
        ("亿", MoneyUnit::Yi),
    ]
    .into_iter()
    .find_map(|(suffix, unit)| text.strip_suffix(suffix).map(|n| (n, Some(unit))))
    .unwrap_or((text.as_str(), None));
    Some((parse_number(number)?, unit))
}

/// A plain number: thousands separators between digits allowed, exact.
pub fn parse_number(text: &str) -> Option<Decimal> {
    let chars: Vec<char> = squeeze(text).chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        let between = i > 0
            && chars.get(i - 1).is_some_and(char::is_ascii_digit)
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if matches!(c, ',' | '，') && between {
            continue;
        }
        out.push(*c);
    }
    if out.is_empty() {
        return None;
    }
    let value = if out.contains(['e', 'E']) {
        Decimal::from_scientific(&out).ok()?
    } else {
        out.parse::<Decimal>().ok()?
    };
    Some(value.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn amounts_keep_their_unit_and_exact_value() {
        assert_eq!(
            parse_amount("4000万元"),
            Some((Decimal::from(4000), Some(MoneyUnit::Wan)))
        );
        assert_eq!(
            parse_amount("1,234.56"),
            Some(("1234.56".parse().unwrap(), None))
        );
        assert_eq!(parse_amount("四千"), None);
        assert_eq!(
            parse_amount("854万(含上年结转100万)"),
            Some((Decimal::from(854), Some(MoneyUnit::Wan)))
        );
        assert_eq!(
            parse_amount("250万"),
            Some((Decimal::from(250), Some(MoneyUnit::Wan)))
        );
    }

    #[test]
    fn labels_are_found_by_their_words() {
        assert_eq!(label_of("项目\n\n编码"), Some(Label::Code));
        assert_eq!(
            label_of("预算规模及资金用途（万元）"),
            Some(Label::BudgetBlock(Some(MoneyUnit::Wan)))
        );
        assert_eq!(label_of("其中：财政资金"), Some(Label::Fiscal(None)));
        assert_eq!(label_of("资金支出计划（%）"), Some(Label::PlanBlock));
        assert_eq!(label_of("10月底"), Some(Label::Month(10)));
        assert_eq!(label_of("目标2"), Some(Label::GoalNumber));
        assert_eq!(label_of("一级\n\n指标"), Some(Label::Header));
        assert_eq!(label_of("项目金额"), None);
        assert_eq!(label_of("20%"), None);
    }

    #[test]
    fn header_words_name_columns() {
        assert_eq!(column_of("指标值确定依据"), Some(Column::Basis));
        assert_eq!(column_of("权重（分）"), Some(Column::Weight));
        assert_eq!(column_of("一级\n\n指标"), Some(Column::Level1));
        assert_eq!(column_of("是"), None);
    }
}
