//! THE table of rule codes: one row per rule, the single source of truth for `perf rules`,
//! `docs/rules.md`, severities and machine-readable output.
//!
//! Codes are one family letter and three digits, assigned once and never reused. Rows are
//! sorted by code; the tests below keep them that way.

use crate::diag::Severity;

/// A family of rules, one file under `src/rules/` each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// F: the file and its TOML (checked while loading, in `source::lower`).
    File,
    /// P: a project's goals and indicator coverage.
    Project,
    /// B: 预算规模.
    Budget,
    /// S: 资金支出计划.
    Plan,
    /// I: the indicator table and its targets.
    Indicator,
    /// C: cost indicators against the budget.
    Cost,
    /// X: rules across files.
    Cross,
    /// E: 执行与自评 — spending to date and indicator progress (`[execution]`, `actual`).
    Execution,
}

impl Family {
    /// The code letter.
    pub fn letter(self) -> char {
        match self {
            Self::File => 'F',
            Self::Project => 'P',
            Self::Budget => 'B',
            Self::Plan => 'S',
            Self::Indicator => 'I',
            Self::Cost => 'C',
            Self::Cross => 'X',
            Self::Execution => 'E',
        }
    }

    /// The family's name in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::File => "文件结构",
            Self::Project => "项目与指标完整性",
            Self::Budget => "预算规模",
            Self::Plan => "资金支出计划",
            Self::Indicator => "绩效指标",
            Self::Cost => "成本指标与预算",
            Self::Cross => "跨文件",
            Self::Execution => "执行与自评",
        }
    }
}

/// One rule.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code (`B001`).
    pub code: &'static str,
    /// Stable kebab-case name (`budget-sum-mismatch`).
    pub name: &'static str,
    /// The family the code letter stands for.
    pub family: Family,
    /// Default severity.
    pub severity: Severity,
    /// One line, in Chinese.
    pub summary: &'static str,
    /// One line, in English.
    pub summary_en: &'static str,
    /// What it checks, why it matters, an example and how to fix it (Chinese, markdown).
    pub explanation: &'static str,
}

macro_rules! rules {
    ($($ident:ident = $code:literal $name:literal $family:ident $severity:ident
        $summary:literal $summary_en:literal $explanation:literal;)*) => {
        $(
            #[doc = concat!($code, " `", $name, "`: ", $summary_en)]
            pub static $ident: Rule = Rule {
                code: $code,
                name: $name,
                family: Family::$family,
                severity: Severity::$severity,
                summary: $summary,
                summary_en: $summary_en,
                explanation: $explanation,
            };
        )*
        /// Every rule, sorted by code.
        pub static REGISTRY: &[&Rule] = &[$(&$ident),*];
    };
}

rules! {
    TOML_SYNTAX = "F001" "toml-syntax" File Error
        "TOML 语法错误" "the file is not valid TOML"
        "**检查**：文件能否按 TOML 语法读取。\n\n**为什么**：语法错误的文件无法读取，其中的预算和指标都不会被检查或汇总。\n\n**示例**：`target = \"≧5个`（缺少右引号）。\n\n**如何修改**：按提示位置补全引号、括号或等号；字符串一律用英文双引号。";
    UNKNOWN_KEY = "F002" "unknown-key" File Error
        "未知的键" "a key the file format does not define"
        "**检查**：每个键都属于文件格式（docs/file-format.md）。\n\n**为什么**：拼错的键（如 `fiscall`）会被悄悄忽略，数据就丢了。\n\n**示例**：`[budget]` 下写了 `fiscall = 4000`。\n\n**如何修改**：改成提示中最接近的已知键，或删除该键。";
    MISSING_KEY = "F003" "missing-key" File Error
        "缺少必填键" "a required key is missing"
        "**检查**：必填项齐全：`project.name`、`department`、`year`、`goals`、`budget.total`、至少一行 `[[indicator]]`；部门文件的 `name`、`year`。\n\n**为什么**：完整性是绩效目标审核的第一项。\n\n**示例**：项目文件没有 `[budget]` 表。\n\n**如何修改**：按提示补上该键。";
    WRONG_TYPE = "F004" "invalid-value" File Error
        "值的类型或取值不对" "a value has the wrong type or an invalid form"
        "**检查**：每个值的类型（文字、整数、金额、列表、表）和取值符合文件格式。\n\n**为什么**：类型不对的值无法参与计算。\n\n**示例**：`year = \"2024年\"`，应为 `year = 2024`；`total = \"四千\"`。\n\n**如何修改**：按提示改成正确的写法。金额写数字（`4000` 或 `\"1234.56\"`），不带单位。";
    FILE_KIND = "F005" "file-kind" File Error
        "文件种类不明" "a file must have exactly one of `[project]` or `[department]`"
        "**检查**：每个文件的顶层恰好有 `[project]` 或 `[department]` 之一。\n\n**为什么**：perf 按此判断文件是项目绩效目标表还是部门整体绩效目标。\n\n**示例**：文件只有 `[budget]` 和 `[[indicator]]`。\n\n**如何修改**：项目文件加上 `[project]` 表；部门文件使用 `[department]`。";
    NOT_UTF8 = "F006" "not-utf8" File Error
        "文件不是 UTF-8 编码" "the file is not UTF-8"
        "**检查**：文件以 UTF-8 编码保存（可带 BOM）。\n\n**为什么**：GBK 等编码的中文会变成乱码，无法可靠读取。\n\n**示例**：用记事本以 ANSI 编码保存的文件。\n\n**如何修改**：`iconv -f GBK -t UTF-8 旧文件 > 新文件`，或在编辑器中另存为 UTF-8。";
    SUPPRESSION_INVALID = "F007" "suppression-invalid" File Error
        "perf 忽略注释写法不对" "a `# perf: allow(...)` comment without a reason or with an unknown code"
        "**检查**：`# perf: allow(代码) 原因` 注释写明了已知的规则代码和原因。\n\n**为什么**：忽略一个问题需要留下理由，方便审核人判断；没有原因的忽略不生效。\n\n**示例**：`total = 4000  # perf: allow(B001)`。\n\n**如何修改**：写成 `# perf: allow(B001) 原表如此，已与财政局确认`。";
    SUPPRESSION_UNUSED = "F008" "suppression-unused" File Warning
        "perf 忽略注释没有忽略任何问题" "a `# perf: allow(...)` comment suppresses nothing"
        "**检查**：每条 `# perf: allow(…)` 注释都确实忽略了该行（或该表）上的问题。\n\n**为什么**：问题修正后留下的忽略注释会掩盖以后再出现的同类问题。\n\n**示例**：成本指标已改正，注释 `# perf: allow(C001) …` 还在。\n\n**如何修改**：删除这条注释。";
    GOALS_EMPTY = "P001" "goals-empty" Project Error
        "项目没有绩效目标" "the project states no goal"
        "**检查**：`goals` 至少有一条非空目标。\n\n**为什么**：绩效目标是目标表的核心，审核要求目标明确。\n\n**示例**：`goals = []`。\n\n**如何修改**：写出项目的年度绩效目标，每条一个字符串。";
    OUTPUT_COVERAGE = "P002" "output-coverage" Project Warning
        "产出指标不全" "产出 lacks one of 数量/质量/时效/成本"
        "**检查**：产出指标下有数量、质量、时效指标，成本指标在产出（88号）或作为一级（101号）。\n\n**为什么**：审核要求产出指标覆盖数量、质量、时效和成本（DOMAIN.md §4 完整性）。\n\n**示例**：只有质量和时效指标，没有数量指标。\n\n**如何修改**：补上缺少的二级指标，例如 `level2 = \"数量指标\"`、`target = \"≥100人\"`。";
    EFFECT_MISSING = "P003" "effect-missing" Project Warning
        "没有效益指标" "no 效益 (效果) indicator"
        "**检查**：至少一行效益（效果）指标。\n\n**为什么**：效益指标说明资金带来的经济、社会、生态效益，是审核的必备内容。\n\n**示例**：只有产出和满意度指标。\n\n**如何修改**：补一行 `level1 = \"效益指标\"`，如社会效益指标。";
    SATISFACTION_MISSING = "P004" "satisfaction-missing" Project Warning
        "没有满意度指标" "no 满意度 indicator"
        "**检查**：至少一行满意度指标。\n\n**为什么**：服务对象满意度是常规审核内容；不面向公众的项目可以没有，此时可在配置中关闭本规则。\n\n**示例**：指标表没有满意度指标。\n\n**如何修改**：补一行 `level1 = \"满意度指标\"`，`level2 = \"服务对象满意度指标\"`，`target = \"≥90%\"`。";
    PURPOSE_MISSING = "P005" "purpose-missing" Project Warning
        "没有填写资金用途" "the project states no purpose (资金用途)"
        "**检查**：`purpose`（资金用途）已填写且不为空。\n\n**为什么**：资金用途是目标表“预算规模及资金用途”栏的必填内容，审核据此判断目标与资金是否相关（完整性）。\n\n**示例**：没有 `purpose` 键。\n\n**如何修改**：写明资金的具体用途，如 `purpose = \"用于支付被征地农民社会保障费和风险基金。\"`。";
    GOAL_UNMATCHED = "P006" "goal-unmatched" Project Note
        "绩效目标没有对应的指标" "a goal is reflected by no indicator"
        "**检查**：每条绩效目标至少与一行指标有共同的关键词（按相邻两个汉字比对）。\n\n**为什么**：相关性审核要求每个目标都有指标衡量；没有指标的目标无法评价。\n\n**示例**：目标“提升群众满意度”，但没有满意度指标。\n\n**如何修改**：为该目标补充指标，或改写目标使其与指标对应。本规则为提示，匹配是近似的。";
    BUDGET_SUM = "B001" "budget-sum-mismatch" Budget Error
        "财政资金 + 其他资金 ≠ 预算数" "fiscal + other funds differ from the total"
        "**检查**：`fiscal + other = total`；只填一项时，该项不得超过预算数。\n\n**为什么**：预算数 = 财政资金 + 其他资金 是完整性审核的硬性要求。\n\n**示例**：`total = 4000`，`fiscal = 3900`，`other = 0`。\n\n**如何修改**：核对三者，改正错误的一项。";
    NEGATIVE_AMOUNT = "B002" "negative-amount" Budget Error
        "金额为负数" "an amount is negative"
        "**检查**：预算数、财政资金、其他资金都不为负。\n\n**为什么**：预算金额不能为负，负数多为录入错误。\n\n**示例**：`other = -10`。\n\n**如何修改**：改成正确的非负金额。";
    BUDGET_SPLIT_MISSING = "B003" "budget-split-missing" Budget Warning
        "未填写资金来源" "neither fiscal nor other funds are stated"
        "**检查**：`fiscal` 与 `other` 至少填一项。\n\n**为什么**：资金来源是目标表的必填栏；缺少时汇总只能把资金来源显示为未知。\n\n**示例**：`[budget]` 只有 `total`。\n\n**如何修改**：加上 `fiscal = …`（其他资金为 0 时可省略 `other`）。";
    BUDGET_ITEMS_SUM = "B004" "budget-items-mismatch" Budget Error
        "预算明细合计 ≠ 预算数" "the itemised budget does not add up to the total"
        "**检查**：`[[budget.items]]` 的金额合计等于 `total`。\n\n**为什么**：明细是预算数的测算依据；对不上说明测算或填写有误。\n\n**示例**：预算数 100，明细 60 + 30。\n\n**如何修改**：核对明细和预算数。";
    BUDGET_SOURCES_SUM = "B005" "budget-sources-mismatch" Budget Error
        "资金来源明细合计 ≠ 预算数" "the funding sources do not add up to the total"
        "**检查**：`[[budget.sources]]`（上级补助、本级财政、单位自有资金等）合计等于 `total`。\n\n**为什么**：资金来源必须覆盖全部预算数（完整性）。\n\n**示例**：`total = 4000`，两行 `[[budget.sources]]` 上级补助 1000、本级财政 2000。\n\n**如何修改**：补全或改正各来源金额。";
    PLAN_MONTH = "S001" "plan-month-range" Plan Error
        "支出计划月份不在 1–12" "a plan month is outside 1..12"
        "**检查**：`[plan]` 的键是 1 到 12 的月份。\n\n**为什么**：资金支出计划按月底累计进度填写。\n\n**示例**：`13 = 100`。\n\n**如何修改**：改成正确的月份，如 `12 = 100`。";
    PLAN_PERCENT = "S002" "plan-percent-range" Plan Error
        "支出进度不在 0–100%" "a plan percentage is outside 0..100"
        "**检查**：每个累计支出比例在 0 到 100 之间。\n\n**为什么**：累计支出不能为负，也不能超过预算。\n\n**示例**：`6 = 120`。\n\n**如何修改**：改成 0–100 之间的累计百分比（不带 % 号）。";
    PLAN_DECREASING = "S003" "plan-decreasing" Plan Error
        "累计支出进度下降" "the cumulative plan decreases"
        "**检查**：后一个月底的累计比例不低于前一个。\n\n**为什么**：计划是累计数，已支出的钱不会减少；下降多为把当月数当成了累计数。\n\n**示例**：`6 = 50`，`10 = 40`。\n\n**如何修改**：填写截至该月底的累计比例。";
    PLAN_INCOMPLETE = "S004" "plan-incomplete" Plan Error
        "12月底累计支出不是 100%" "the plan does not reach exactly 100 at month 12"
        "**检查**：12 月底的累计支出比例恰为 100。\n\n**为什么**：年度预算应在年底全部支出；少于 100 说明计划结转，多于 100 不可能。\n\n**示例**：`12 = 90`，或没有 `12`。\n\n**如何修改**：写 `12 = 100`。";
    PLAN_BEHIND = "S005" "plan-behind-schedule" Plan Warning
        "支出计划明显落后于序时进度" "a checkpoint lags the time-elapsed share by more than 20 points"
        "**检查**：各月底累计比例与序时进度（月份 ÷ 12）之差不超过 20 个百分点。\n\n**为什么**：财政部门要求支出进度达到序时进度（“确保支出进度达标”）；计划过于靠后的项目在执行监控中会预警。\n\n**示例**：3 月底 0%（序时进度 25%），6 月底 10%（序时进度 50%）。\n\n**如何修改**：按实际支出安排调整计划，或在说明中写明集中支付的原因。";
    PLAN_MISSING = "S006" "plan-missing" Plan Warning
        "没有资金支出计划" "the project has no `[plan]`"
        "**检查**：项目有 `[plan]`。\n\n**为什么**：支出计划是执行监控（双监控）的依据。\n\n**示例**：文件没有 `[plan]` 表。\n\n**如何修改**：加上 `[plan]`，写 3、6、10、12 月底的累计比例。";
    LEVEL1_UNKNOWN = "I001" "level1-unknown" Indicator Error
        "一级指标名称不认识" "an unknown 一级指标"
        "**检查**：一级指标是产出、效益（效果）、满意度或成本指标之一。\n\n**为什么**：指标体系由财预〔2015〕88号、财预〔2021〕101号规定；其他名称无法归类汇总。\n\n**示例**：`level1 = \"投入指标\"`。\n\n**如何修改**：改成提示列出的名称之一。";
    LEVEL2_UNKNOWN = "I002" "level2-unknown" Indicator Error
        "二级指标名称不认识" "an unknown 二级指标"
        "**检查**：二级指标是指标体系中的名称（可省略末尾的“指标”）。\n\n**为什么**：未知名称无法判断覆盖情况，也无法核对成本。\n\n**示例**：`level2 = \"数量\"` 可以，`level2 = \"规模指标\"` 不行。\n\n**如何修改**：改成该一级指标下允许的二级指标。";
    LEVEL2_MISPLACED = "I003" "level2-misplaced" Indicator Error
        "二级指标不属于该一级指标" "a 二级 does not belong under its 一级"
        "**检查**：（一级，二级）组合属于某个指标体系。\n\n**为什么**：放错位置的指标会被错误汇总和评分。\n\n**示例**：`level1 = \"满意度指标\"`，`level2 = \"数量指标\"`。\n\n**如何修改**：把该行移到正确的一级指标下。";
    LEVEL_HYBRID = "I004" "level-hybrid" Indicator Warning
        "指标混用了新旧指标体系" "a pair mixes the 88号 and 101号 layouts"
        "**检查**：同一行的一级、二级来自同一指标体系。\n\n**为什么**：101号把成本指标提为一级并细分为经济、社会、生态环境成本；与 88号 的产出指标混用会让汇总口径不一。\n\n**示例**：`level1 = \"产出指标\"`，`level2 = \"经济成本指标\"`。\n\n**如何修改**：统一采用一个指标体系。";
    TARGET_UNREADABLE = "I005" "target-unreadable" Indicator Error
        "指标值无法解析" "a quantitative-looking target cannot be read"
        "**检查**：以比较符或数字开头的指标值能读成“比较符 + 数值 + 单位”。\n\n**为什么**：读不出的定量指标无法核对、监控和评分。\n\n**示例**：`≧个`、`≥5个3`。\n\n**如何修改**：写成 `≥5个`、`=100%`、`≤2800万元` 这样的形式；定性指标直接写文字。";
    TARGET_EMPTY = "I006" "target-empty" Indicator Error
        "指标值为空或占位符" "a target is blank or a placeholder"
        "**检查**：每行都有指标值，不是空白、“——”、“/”或“无”。\n\n**为什么**：没有指标值的行无法衡量，审核视为不完整。\n\n**示例**：`target = \"——\"`。\n\n**如何修改**：填写具体指标值，或删除该行。";
    PERCENT_OVER_100 = "I007" "percent-over-100" Indicator Error
        "百分比超过 100%" "a percentage above 100"
        "**检查**：以 % 为单位的指标值不超过 100%。\n\n**为什么**：率类指标（覆盖率、发放率、满意度）不可能超过 100%。\n\n**示例**：`target = \"≥120%\"`。\n\n**如何修改**：改成 100% 以内的值；增长类指标请写明增长量及单位。";
    SATISFACTION_TARGET = "I008" "satisfaction-target" Indicator Warning
        "满意度指标值写法不当" "a 满意度 target is not a % floor, or is exactly 100%"
        "**检查**：满意度指标值是带 ≥ 或 > 的百分比，且不等于 100%。\n\n**为什么**：满意度来自抽样调查，应设下限（通常 80%–95%）；要求 100% 既无法保证，也无法评价。\n\n**示例**：`=100%`、`较高`。\n\n**如何修改**：写成 `≥90%` 这样的下限。";
    DUPLICATE_INDICATOR = "I009" "duplicate-indicator" Indicator Warning
        "同一项目中三级指标重名" "two indicators of a project share a name"
        "**检查**：同一项目的三级指标名称互不相同。\n\n**为什么**：重名的指标在监控和自评时无法区分。\n\n**示例**：两行都叫“补助金覆盖率”。\n\n**如何修改**：给指标起能区分的名称，或合并重复的行。";
    BASIS_NOT_STANDARD = "I010" "basis-not-standard" Indicator Warning
        "指标值确定依据不是 101号 规定的标准" "under the 101 preset, the basis is not one of the four standards"
        "**检查**（仅 101 预设）：依据为计划标准、行业标准、历史标准或其他标准之一。\n\n**为什么**：财预〔2021〕101号 要求指标值有据可依；“工作经验”等说法无法核实。\n\n**示例**：`basis = \"工作经验\"`。\n\n**如何修改**：写明依据属于哪类标准；确无标准的写“其他标准”并加 `basis_note` 说明。";
    BASIS_OTHER_UNEXPLAINED = "I011" "basis-other-unexplained" Indicator Warning
        "“其他标准”没有说明" "a 其他标准 basis has no basis_note"
        "**检查**（仅 101 预设）：依据为“其他标准”时有 `basis_note` 说明。\n\n**为什么**：101号 规定其他标准须为财政部门认可的标准，需要说明来源。\n\n**示例**：`basis = \"其他标准\"`，没有 `basis_note`。\n\n**如何修改**：加上 `basis_note = \"……\"` 说明标准来源。";
    TARGET_NO_COMPARATOR = "I012" "target-no-comparator" Indicator Warning
        "数量或金额指标值没有比较符" "a count or amount target has no comparator"
        "**检查**：带数量或金额单位的指标值写明 ≥、≤ 或 =。\n\n**为什么**：没有比较符的数值按“等于”理解，常常不是本意（至少？至多？）。\n\n**示例**：`target = \"200人\"`。\n\n**如何修改**：写成 `≥200人` 或 `=200人`。";
    TARGET_NO_UNIT = "I013" "target-no-unit" Indicator Warning
        "指标值的数值没有单位" "a numeric target has no unit"
        "**检查**：定量指标值带有单位（个、人、%、万元……）。\n\n**为什么**：没有单位的数值无法理解，也无法与实际值比较。\n\n**示例**：`target = \"≥50\"`。\n\n**如何修改**：写上单位，如 `≥50人`；或用 `unit` 单独写度量单位。";
    BASIS_MISSING = "I014" "basis-missing" Indicator Warning
        "没有指标值确定依据" "an indicator has no basis"
        "**检查**：每行指标都有 `basis`（指标值确定依据）。\n\n**为什么**：目标表要求写明指标值的确定依据（完整性）。\n\n**示例**：没有 `basis` 键。\n\n**如何修改**：加上 `basis = \"计划标准\"` 等。";
    RATE_FLOOR_100 = "I015" "rate-floor-100" Indicator Warning
        "比率写成了 ≥100%" "a rate target reads `≥100%`"
        "**检查**：比率类指标不写 `≥100%`。\n\n**为什么**：比率不会超过 100%，“不低于 100%”就是“等于 100%”，写法可疑。\n\n**示例**：`target = \"≥100%\"`。\n\n**如何修改**：写成 `=100%`，或设一个现实的下限如 `≥98%`。";
    SATISFACTION_UNDER_SOCIAL = "I016" "satisfaction-under-social" Indicator Warning
        "满意度指标放在了社会效益下" "a satisfaction measure is filed under 社会效益"
        "**检查**：名称含“满意”的指标不放在社会效益指标下。\n\n**为什么**：满意度有单独的一级（或二级）指标；放在社会效益下会使满意度缺失、效益被高估。\n\n**示例**：`level2 = \"社会效益指标\"`，`name = \"群众满意度\"`。\n\n**如何修改**：改为 `level1 = \"满意度指标\"`、`level2 = \"服务对象满意度指标\"`。";
    WEIGHTS_INCOMPLETE = "I017" "weights-incomplete" Indicator Error
        "部分指标有权重、部分没有" "some indicators have a weight and some do not"
        "**检查**：只要有一行写了 `weight`，每行都要写。\n\n**为什么**：自评打分按权重计算，缺权重的行无法计分。\n\n**示例**：6 行中只有 4 行有 `weight`。\n\n**如何修改**：为每行补上权重，或全部删除权重（按默认权重评分）。";
    WEIGHTS_SUM = "I018" "weights-sum" Indicator Error
        "指标权重合计不是 100（或配置的合计）" "indicator weights do not sum to the configured total"
        "**检查**：各行 `weight` 合计等于 100；配置 `thresholds.weight_total = 90` 时（预留 10 分给预算执行率）等于 90。\n\n**为什么**：权重合计不对，自评总分就不是百分制。\n\n**示例**：权重 30 + 30 + 30。\n\n**如何修改**：调整权重使合计正确。";
    LEVEL_OTHER_FRAMEWORK = "I019" "level-other-framework" Indicator Error
        "指标不属于所选指标体系" "under a strict preset, a pair belongs to another framework"
        "**检查**（88 或 101 预设）：（一级，二级）组合属于所选的指标体系。\n\n**为什么**：统一口径才能汇总和评分；101号 把成本指标提为一级，88号 把成本放在产出下。\n\n**示例**：101 预设下 `level1 = \"产出指标\"`、`level2 = \"成本指标\"`。\n\n**如何修改**：按所选体系改写，如 101 下写 `level1 = \"成本指标\"`、`level2 = \"经济成本指标\"`。";
    INDICATOR_NAME_EMPTY = "I020" "indicator-name-empty" Indicator Error
        "三级指标名称为空或占位符" "an indicator row has a blank or placeholder name"
        "**检查**：三级指标名称不为空，不是“——”“/”“无”。\n\n**为什么**：没有名称的行无法理解、监控和评分（完整性）。\n\n**示例**：`name = \"——\"`。\n\n**如何修改**：写出指标名称，或删除该行。";
    COST_MISMATCH = "C001" "cost-total-mismatch" Cost Error
        "成本指标金额与预算数不一致" "an `=` cost target differs from the budget"
        "**检查**：写成 `=金额` 的成本指标等于预算数（元/万元/亿元换算后）。\n\n**为什么**：适当性审核要求目标与资金匹配；成本写错会使整张表失去可信度。\n\n**示例**：预算数 4000 万元，成本指标 `=7000万元`。\n\n**如何修改**：核对后改成与预算数一致的金额，如 `=4000万元` 或 `≤4000万元`。";
    COST_CAP_BELOW = "C002" "cost-cap-below-budget" Cost Error
        "成本上限低于预算数" "a `≤` cost cap is below the budget"
        "**检查**：`≤金额` 的成本上限不低于预算数。\n\n**为什么**：上限低于预算数，说明计划支出的钱超过了自己设定的成本上限。\n\n**示例**：预算数 2800 万元，`≤2500万元`。\n\n**如何修改**：把上限改成预算数，或相应调减预算。";
    COST_CAP_ABOVE = "C003" "cost-cap-above-budget" Cost Warning
        "成本上限高于预算数" "a `≤` cost cap is above the budget"
        "**检查**：`≤金额` 的成本上限不高于预算数。\n\n**为什么**：上限高于预算数，这个指标就约束不了支出。\n\n**示例**：预算数 50 万元，`≤80万元`。\n\n**如何修改**：把上限改成预算数。";
    COST_FLOOR = "C004" "cost-floor" Cost Warning
        "成本指标写成了下限" "a cost target is a floor (≥)"
        "**检查**：成本指标不用 ≥ 或 >。\n\n**为什么**：成本指标是控制支出的上限；写成“不少于”等于鼓励多花钱。\n\n**示例**：`≧50`。\n\n**如何修改**：写成 `≤50万元`。";
    COST_FLOOR_ABOVE = "C005" "cost-floor-above-budget" Cost Error
        "成本下限超过预算数" "a `≥` cost target exceeds the budget"
        "**检查**：写成 ≥ 的成本指标不超过预算数。\n\n**为什么**：要花的钱比预算还多，目标不可能在预算内完成。\n\n**示例**：预算数 50 万元，`≥80万元`。\n\n**如何修改**：改成 `≤预算数万元`。";
    COST_NO_UNIT = "C006" "cost-without-unit" Cost Warning
        "成本指标金额没有单位" "a cost amount has no unit"
        "**检查**：成本金额带有 元、万元 或 亿元。\n\n**为什么**：没有单位的金额可能差一万倍；perf 暂按预算的单位读取。\n\n**示例**：`≧50`。\n\n**如何修改**：写成 `≤50万元`。";
    COST_PER_PERIOD = "C007" "cost-per-period-over-budget" Cost Error
        "按期成本乘以期数超过预算数" "a per-period cost times the periods exceeds the budget"
        "**检查**：`金额/月`（或 /季度、/年）乘以期数（实施期或时效指标的期间，默认全年）不超过预算数。\n\n**为什么**：按期成本推算的年度成本超过预算，说明目标与资金不匹配（适当性）。\n\n**示例**：预算数 500 万元，成本指标 `≤50万元/月`，全年 600 万元。\n\n**如何修改**：核对按期成本或预算数。";
    UNIT_COST_OVER = "C008" "unit-cost-over-budget" Cost Error
        "单位成本乘以数量超过预算数" "a unit cost times its quantity exceeds the budget"
        "**检查**：`元/人`、`元/亩` 等单位成本乘以同单位的数量指标（如 `≥100人`）不超过预算数。\n\n**为什么**：按单位成本和数量测算的总成本超过预算，目标不可能在预算内完成。\n\n**示例**：预算数 10 万元，`=500元/人`、`≥300人`，合计 15 万元。\n\n**如何修改**：核对单位成本、数量或预算数。";
    UNIT_COST_UNMATCHED = "C009" "unit-cost-unmatched" Cost Note
        "单位成本找不到对应的数量指标" "a unit cost has no matching quantity to reconcile with"
        "**检查**：`元/人` 等单位成本有同单位（人）的数量指标。\n\n**为什么**：没有数量就无法用单位成本核对预算；本规则为提示。\n\n**示例**：`≤500元/人`，但数量指标以“户”计。\n\n**如何修改**：补充以相同单位计的数量指标。";
    COST_NOT_CHECKABLE = "C010" "cost-not-checkable" Cost Warning
        "成本指标是比率或文字，无法与预算核对" "a cost indicator is a rate or prose"
        "**检查**：成本指标写成金额（总额、按期或单位成本）。\n\n**为什么**：`成本控制率 100%`、`控制在预算内`、`是` 无法与预算数核对，审核视为不可衡量。\n\n**示例**：`target = \"是\"`。\n\n**如何修改**：写成 `≤预算数万元`，或单位成本如 `≤500元/人`。";
    COST_ROWS_OVER = "C011" "cost-rows-over-budget" Cost Error
        "多个成本指标金额合计超过预算数" "several cost rows together exceed the budget"
        "**检查**：项目有多行金额成本指标时，金额合计不超过预算数。\n\n**为什么**：各项成本之和超过预算，说明测算有误。\n\n**示例**：预算数 100 万元，成本指标 `≤60万元` 和 `≤50万元`。\n\n**如何修改**：核对各项成本。";
    DUPLICATE_PROJECT = "X001" "duplicate-project" Cross Error
        "项目重复" "two files for the same department, year and project"
        "**检查**：同一部门、同一年度的项目名称只出现在一个文件中。\n\n**为什么**：重复的项目会让部门预算被重复计算。\n\n**示例**：两个文件都写 `name = \"人才发展资金\"`。\n\n**如何修改**：删除或合并重复的文件。";
    DEPARTMENT_MISSING = "X002" "department-file-missing" Cross Warning
        "找不到项目所属部门的部门文件" "no department file for the project's department"
        "**检查**：项目的 `department` 在检查范围内有对应的 `[department]` 文件（名称或别名）。\n\n**为什么**：部门整体绩效目标与项目目标一起审核；名称写错的项目会汇总到错误的部门。\n\n**示例**：`department = \"人社局\"`，但部门文件写 `name = \"高新区人社局\"` 且没有别名。\n\n**如何修改**：写全称，或在部门文件的 `aliases` 中加上该名称，或补上 department.toml。";
    DEPARTMENT_YEAR = "X003" "department-year-mismatch" Cross Warning
        "项目年度与部门文件不同" "the project's year differs from its department file"
        "**检查**：项目的 `year` 与所属部门文件的 `year` 相同。\n\n**为什么**：不同年度的目标表不能放在一起汇总。\n\n**示例**：部门文件 2024 年，项目文件 2023 年。\n\n**如何修改**：改正年度，或把旧年度文件移到单独的目录。";
    DEPARTMENT_BUDGET = "X004" "department-budget-mismatch" Cross Error
        "部门预算总额 ≠ 各项目预算数之和" "the department budget differs from the sum of its projects"
        "**检查**：部门文件写了 `budget` 时，它等于该部门同年度各项目预算数之和（万元）。\n\n**为什么**：部门预算由项目组成；对不上说明漏报、重报或填错。\n\n**示例**：`budget = 9000`，项目合计 9035。\n\n**如何修改**：核对部门预算总额和各项目预算数。";
    DUPLICATE_CODE = "X005" "duplicate-code" Cross Error
        "项目编码重复" "two projects share a project code"
        "**检查**：填写了 `code` 的项目，编码在整个目录中唯一。\n\n**为什么**：项目编码用于预算一体化系统对账；重复的编码会让执行数据对错项目。\n\n**示例**：两个项目都写 `code = \"JY2024-001\"`。\n\n**如何修改**：改正其中一个编码。";
    SPENT_INVALID = "E001" "spent-invalid" Execution Error
        "累计执行数下降或超过调整后预算" "cumulative spending decreases or exceeds the adjusted budget"
        "**检查**：`[execution]` 的 `spent` 逐月不下降，且不超过调整后预算数（`adjusted_budget`，未写时为 `budget.total`）；`forecast`（全年预计执行数）也不超过它。\n\n**为什么**：`spent` 是截至各月底的累计数，已支出的钱不会减少；支出超过预算说明超支或数据填错，执行率和自评得分都会失真。\n\n**示例**：`spent = { 3 = 650, 6 = 600 }`；预算 4000，`spent = { 12 = 4200 }`。\n\n**如何修改**：填写截至该月底的累计数（不是当月数）；确有预算调整的，写 `adjusted_budget`。";
    LIKELIHOOD_UNEXPLAINED = "E002" "likelihood-unexplained" Execution Error
        "完成目标可能性为有可能/不可能，但没有原因和措施" "a doubtful likelihood without reason and measure"
        "**检查**：`likelihood = \"有可能\"` 或 `\"不可能\"` 的指标写了 `reason`（偏差原因）和 `measure`（改进措施）。\n\n**为什么**：绩效运行监控表要求对可能完不成的目标分析原因（经费、制度、人员、硬件条件保障或其他）并提出纠偏措施，财政部门据此决定是否调整预算。\n\n**示例**：`likelihood = \"有可能\"`，没有 `reason`。\n\n**如何修改**：加上 `reason = \"……\"`、`reason_category = \"人员保障\"`、`measure = \"……\"`。";
    ACTUAL_UNIT_MISMATCH = "E003" "actual-unit-mismatch" Execution Error
        "实际完成值与指标值的单位不一致" "an actual's unit does not match its target's"
        "**检查**：定量指标的 `actual` 是数值，单位与 `target` 相同（元/万元/亿元、万人/人 可以换算）；`是/否` 指标的实际值写“是”或“否”。\n\n**为什么**：单位不同的实际值无法与目标比较，完成率和自评得分会算错。\n\n**示例**：`target = \"≥1200人\"`，`actual = \"1180人次\"`；`target = \"≥95%\"`，`actual = \"96\"`。\n\n**如何修改**：按指标值的单位填写实际值，如 `actual = \"1180人\"`、`actual = \"96%\"`。";
    EXECUTION_RATE_LOW = "E004" "execution-rate-low" Execution Warning
        "年底预算执行率低于 90% 且没有说明原因" "year-end 执行率 below 90% without a reason"
        "**检查**：`spent` 写到 12 月（年度已结束）时，执行率（12 月底累计执行数 ÷ 调整后预算数）不低于 90%（`thresholds.execution_rate_min`）；低于时 `[execution]` 写了 `reason`。\n\n**为什么**：财预〔2020〕10号 要求执行率偏低时分析偏差原因并提出改进措施；自评报告和预算安排都会用到。\n\n**示例**：预算 300，`spent = { 12 = 240 }`（80%），`[execution]` 没有 `reason`。\n\n**如何修改**：在 `[execution]` 中写 `reason`、`reason_category` 和 `measure`。";
    TARGET_TOO_LOW = "E005" "target-too-low" Execution Warning
        "实际完成值远超指标值，目标可能定得过低" "an actual far above its target (B/A > 1.2)"
        "**检查**：正向指标（≥）的实际完成值与指标值之比 B/A 不超过 1.2（`thresholds.overachieve_ratio`）。\n\n**为什么**：大幅超额完成通常说明目标定得过低，绩效目标失去约束作用；下一年度应据实提高目标。\n\n**示例**：`target = \"≥1000人\"`，`actual = \"1500人\"`（B/A = 1.5）。\n\n**如何修改**：核对实际值；属实的，在下一年度目标中提高指标值，并在 `reason` 中说明超额原因。";
    DEVIATION_UNEXPLAINED = "E006" "deviation-unexplained" Execution Warning
        "年底未完成目标或剔除的指标没有说明原因" "a missed target at year end, or a dropped row, without a reason"
        "**检查**：年度结束（`spent` 写到 12 月）时，未完成指标值的指标（自评得分低于满分），以及写了 `applicable = false`（不适用、自评时剔除）的指标，写了 `reason`。\n\n**为什么**：自评要求对未完成的目标写明偏差原因和改进措施；剔除指标会抬高其余指标的权重，必须有理由。\n\n**示例**：`target = \"≥1200人\"`，`actual = \"1100人\"`，没有 `reason`。\n\n**如何修改**：写 `reason`（偏差原因）、`reason_category` 和 `measure`（改进措施）。";
    GRADE_OUTSIDE_BAND = "E007" "grade-outside-band" Execution Error
        "自评等级的得分比例不在该等级的区间内" "a grade's percentage lies outside its band"
        "**检查**：`grade` 写了得分比例时，比例在该等级的区间内：达成 80%–100%，部分达成 50%（`thresholds.grade_partial_min`）至 80%（不含），未达成低于 50%。\n\n**为什么**：定性指标按“达成、部分达成、未达成”三档计分；比例与等级不符，得分就无据可依。\n\n**示例**：`grade = \"部分达成 90%\"`。\n\n**如何修改**：改成该等级区间内的比例，或改正等级，如 `grade = \"达成 90%\"`。";
}

/// Finds a rule by code (`B001`, case-insensitive) or name (`budget-sum-mismatch`).
pub fn lookup(code_or_name: &str) -> Option<&'static Rule> {
    REGISTRY
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_match_their_family() {
        for pair in REGISTRY.windows(2) {
            let family_order = |r: &Rule| "FPBSICXE".find(r.family.letter());
            let key = |r: &Rule| (family_order(r), r.code);
            assert!(
                key(pair[0]) < key(pair[1]),
                "{} / {}",
                pair[0].code,
                pair[1].code
            );
        }
        for rule in REGISTRY {
            assert!(rule.code.starts_with(rule.family.letter()), "{}", rule.code);
            assert_eq!(rule.code.len(), 4);
            assert!(rule.code[1..].chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn names_are_unique_kebab_case() {
        let mut names: Vec<_> = REGISTRY.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), REGISTRY.len());
        for name in names {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
            );
        }
    }

    #[test]
    fn lookup_accepts_code_and_name() {
        assert_eq!(lookup("b001").map(|r| r.code), Some("B001"));
        assert_eq!(lookup("budget-sum-mismatch").map(|r| r.code), Some("B001"));
        assert!(lookup("Z999").is_none());
    }
}
