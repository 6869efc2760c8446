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
    /// 预期目标 on a 自评表 (`年度总体目标` `预期目标` `实际完成情况`): the column of the goals.
    GoalsExpected,
    /// 实际完成情况 / 年度目标完成情况 beside the goals on a 自评表: no field, listed.
    GoalsDone,
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
    /// 实际完成值 (自评表, 监控表): the row's `actual`.
    Actual,
    /// 得分 (自评表): the row's `self_score`.
    Score,
    /// 偏差原因分析及改进措施 (自评表, 监控表): the row's `reason`.
    Reason,
}

/// A column of the 预算执行 block of a 自评表 or 监控表 (`年初预算数 全年预算数 全年执行数 分值
/// 执行率 得分`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecColumn {
    /// 年初预算数: the year's budget as first approved (`[budget] total`).
    Initial,
    /// 全年预算数 / 调整后预算数 (`[execution] adjusted_budget` when it differs).
    Adjusted,
    /// 全年执行数 / 预算执行数; `1-7月执行数` gives its month (`[execution] spent`).
    Spent(u32),
    /// 分值 / 权重 of 预算执行率 (`self_rate_points`).
    Points,
    /// 执行率 (`self_rate`).
    Rate,
    /// 得分 of 预算执行率: the project file has no place for it.
    Score,
    /// 全年预计执行数 (监控表, `[execution] forecast`).
    Forecast,
    /// 原因 / 偏差原因 (`[execution] reason`).
    Reason,
}

/// The 预算执行 column a cell's text names, if any.
pub fn exec_column_of(text: &str) -> Option<ExecColumn> {
    let word = base(&simplified(&squeeze(text)));
    let column = match word.as_str() {
        "年初预算数" | "年初预算" | "年初预算金额" => ExecColumn::Initial,
        "全年预算数" | "调整后预算数" | "调整后预算" | "全年预算" | "全年预算金额" => {
            ExecColumn::Adjusted
        }
        "全年执行数" | "预算执行数" | "执行数" | "全年执行金额" | "实际执行数" => {
            ExecColumn::Spent(12)
        }
        "分值" | "权重" => ExecColumn::Points,
        "执行率" | "预算执行率" => ExecColumn::Rate,
        "得分" => ExecColumn::Score,
        "全年预计执行数" | "预计全年执行数" => ExecColumn::Forecast,
        "原因" | "偏差原因" | "原因分析" => ExecColumn::Reason,
        w => return spent_to_month(w).map(ExecColumn::Spent),
    };
    Some(column)
}

/// `1-7月执行数`, `1—6月预算执行数`, `截至7月底执行数` → 7.
fn spent_to_month(word: &str) -> Option<u32> {
    let rest = word
        .strip_suffix("执行数")
        .map(|r| r.strip_suffix("预算").unwrap_or(r))?;
    let rest = rest
        .strip_suffix("月底")
        .or_else(|| rest.strip_suffix('月'))?;
    let digits: String = rest
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let month: u32 = digits.parse().ok()?;
    (1..=12).contains(&month).then_some(month)
}

/// The label a cell's text is, if any.
pub fn label_of(text: &str) -> Option<Label> {
    let full = simplified(&squeeze(text));
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
        | "主管部门及其编码"
        | "主管部门及其代码"
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
        "其中:财政资金"
        | "财政资金"
        | "其中:财政拨款"
        | "财政拨款"
        | "其中财政资金"
        | "预算资金" => Label::Fiscal(unit),
        "当年财政拨款" | "其中:当年财政拨款" => Label::YearFiscal(unit),
        "其他资金" => Label::Other(unit),
        "当年其他资金" => Label::YearOther(unit),
        "上年结转" | "其中:上年结转" | "上年结转资金" => Label::CarriedOver(unit),
        // 项目概况: what the money buys, on forms that have no 资金用途 (湖南's 项目绩效目标表).
        "资金用途" | "项目概况" => Label::Purpose,
        "实施期" | "项目实施期" | "项目支出实施期" | "项目起止时间" | "项目实施期限" => {
            Label::Period
        }
        "绩效目标"
        | "年度绩效目标"
        | "年度目标"
        | "项目绩效目标"
        | "年度总体目标"
        | "本年度绩效目标"
        | "当年目标"
        | "项目年度目标" => Label::GoalsBlock,
        "预期目标" => Label::GoalsExpected,
        "实际完成情况" | "年度目标完成情况" | "目标完成情况" => {
            Label::GoalsDone
        }
        "中期目标"
        | "长期目标"
        | "实施期绩效目标"
        | "中长期目标"
        | "实施期目标"
        | "中期滚动目标" => Label::LongGoals,
        "项目资金" | "资金情况" => unit.map_or(Label::Block, Label::Unit),
        // 项目实施进度计划 heads a table of steps and dates (湘潭's 2024 项目绩效目标表, real
        // form 15): no field of the project file; it ends the 项目概况 before it, whose
        // paragraph it is not, and its cells are listed as not imported.
        "总体目标"
        | "绩效指标"
        | "本年度绩效指标"
        | "年度绩效指标"
        | "绩效项目指标表"
        | "项目实施进度计划"
        | "实施进度计划" => Label::Block,
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
    let full = simplified(&squeeze(text));
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
        "实际完成值"
        | "完成值"
        | "全年实际值"
        | "实际值"
        | "实际完成"
        | "全年实际完成值"
        | "1-6月实际完成值"
        | "截至目前实际完成值" => Column::Actual,
        "得分" => Column::Score,
        "偏差原因分析及改进措施" | "未完成原因分析" | "偏差原因" | "偏差原因分析" | "原因分析" => {
            Column::Reason
        }
        _ => return None,
    };
    Some(column)
}

/// The form's words in traditional characters, as some sites convert published pages
/// (`項目名稱`, `績效指標`), read in simplified characters: only the characters of the form's
/// own vocabulary (labels, header words, 一级/二级 categories) are mapped — cell values are
/// kept as written. A site's conversion may also put the pinyin after a character
/// (`項(xiàng)目`): such a bracket of Latin letters after a Chinese character is dropped.
pub fn simplified(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(
            TRADITIONAL
                .iter()
                .find(|(t, _)| *t == c)
                .map_or(c, |(_, s)| *s),
        );
        if is_cjk(c) && chars.peek() == Some(&'(') {
            let rest: String = chars.clone().take(12).collect();
            if let Some(end) = rest.find(')') {
                let inner = rest.get(1..end).unwrap_or_default();
                if !inner.is_empty() && inner.chars().all(is_pinyin) {
                    for _ in 0..inner.chars().count() + 2 {
                        chars.next();
                    }
                }
            }
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A letter of pinyin with its tone marks (`xiàng`, `zhǎn`, `lǜ`).
fn is_pinyin(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c)
}

/// Traditional → simplified, for the characters of the form's words only (labels, header
/// words, categories, money units); not a general converter.
const TRADITIONAL: &[(char, char)] = &[
    ('項', '项'),
    ('稱', '称'),
    ('績', '绩'),
    ('標', '标'),
    ('級', '级'),
    ('門', '门'),
    ('實', '实'),
    ('資', '资'),
    ('預', '预'),
    ('數', '数'),
    ('執', '执'),
    ('總', '总'),
    ('額', '额'),
    ('當', '当'),
    ('財', '财'),
    ('撥', '拨'),
    ('結', '结'),
    ('轉', '转'),
    ('體', '体'),
    ('產', '产'),
    ('質', '质'),
    ('時', '时'),
    ('滿', '满'),
    ('對', '对'),
    ('經', '经'),
    ('濟', '济'),
    ('會', '会'),
    ('態', '态'),
    ('續', '续'),
    ('響', '响'),
    ('値', '值'),
    ('單', '单'),
    ('號', '号'),
    ('萬', '万'),
    ('億', '亿'),
    ('圓', '圆'),
    ('內', '内'),
    ('說', '说'),
    ('據', '据'),
    ('確', '确'),
    ('與', '与'),
    ('關', '关'),
    ('計', '计'),
    ('劃', '划'),
    ('畫', '画'),
    ('論', '论'),
    ('評', '评'),
    ('價', '价'),
    ('務', '务'),
    ('況', '况'),
    ('編', '编'),
    ('碼', '码'),
    ('屬', '属'),
    ('長', '长'),
    ('諮', '谘'),
    ('區', '区'),
    ('開', '开'),
    ('來', '来'),
    ('後', '后'),
    ('調', '调'),
    ('達', '达'),
    ('權', '权'),
    ('進', '进'),
    ('議', '议'),
    ('見', '见'),
    ('審', '审'),
    ('負', '负'),
    ('責', '责'),
    ('報', '报'),
    ('監', '监'),
    ('現', '现'),
    ('狀', '状'),
    ('間', '间'),
    ('歲', '岁'),
    ('無', '无'),
    ('識', '识'),
    ('別', '别'),
    ('戶', '户'),
    ('檔', '档'),
    ('專', '专'),
    ('餘', '余'),
    ('頁', '页'),
    ('範', '范'),
    ('圍', '围'),
    ('際', '际'),
    ('規', '规'),
    ('訊', '讯'),
    ('場', '场'),
    ('環', '环'),
    ('護', '护'),
    ('構', '构'),
    ('導', '导'),
    ('節', '节'),
    ('費', '费'),
    ('補', '补'),
    ('驗', '验'),
    ('準', '准'),
    ('衛', '卫'),
    ('員', '员'),
    ('險', '险'),
];

/// Lines that end a form on a web page or a printed table.
const FOOTERS: [&str; 9] = [
    "财政部门审核意见",
    "主管部门审核意见",
    "填表人",
    "填报人",
    "附件:",
    "附件：",
    "扫一扫",
    "单位负责人",
    // The row under a 湖南 项目绩效目标表's indicators (湘潭 2024).
    "其他需说明的问题",
];

/// A heading of the form: 项目绩效目标表 and its variants (申报表, 批复表, 审批表, 监控表,
/// 自评表), wherever the words are in the line.
pub fn is_title(word: &str) -> bool {
    let word = simplified(word);
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
