//! The word lists of the 指标值 grammar: comparator words and glyphs, range separators,
//! placeholders, graded terms and period words. Data only; `super` reads them.

use crate::model::target::Comparator;

/// Comparators written before the number, longest first so `>=` wins over `>`.
pub(super) const PREFIXES: &[(&str, Comparator)] = &[
    ("大于或等于", Comparator::Ge),
    ("小于或等于", Comparator::Le),
    ("大于等于", Comparator::Ge),
    ("小于等于", Comparator::Le),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("不小于", Comparator::Ge),
    ("至少", Comparator::Ge),
    ("不高于", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不多于", Comparator::Le),
    ("不大于", Comparator::Le),
    ("最多", Comparator::Le),
    ("大于", Comparator::Gt),
    ("高于", Comparator::Gt),
    ("多于", Comparator::Gt),
    ("超过", Comparator::Gt),
    ("小于", Comparator::Lt),
    ("低于", Comparator::Lt),
    ("少于", Comparator::Lt),
    ("等于", Comparator::Eq),
    (">=", Comparator::Ge),
    ("=>", Comparator::Ge),
    ("<=", Comparator::Le),
    ("=<", Comparator::Le),
    ("≥", Comparator::Ge),
    ("≧", Comparator::Ge),
    ("⩾", Comparator::Ge),
    ("≤", Comparator::Le),
    ("≦", Comparator::Le),
    ("⩽", Comparator::Le),
    (">", Comparator::Gt),
    ("<", Comparator::Lt),
    ("=", Comparator::Eq),
];

/// Words that are comparators only when a number follows (`达到95%`); alone they are graded
/// terms (`达到`, `达到预期`).
pub(super) const NUMBER_PREFIXES: &[(&str, Comparator)] = &[("达到", Comparator::Ge)];

/// Comparators written after the number and unit (`100人以上`, `3个工作日内`).
pub(super) const SUFFIXES: &[(&str, Comparator)] = &[
    ("及以上", Comparator::Ge),
    ("以上", Comparator::Ge),
    ("及以下", Comparator::Le),
    ("以下", Comparator::Le),
    ("以内", Comparator::Le),
    ("之内", Comparator::Le),
    ("内", Comparator::Le),
];

/// Range separators between two numbers.
pub(super) const RANGE_SEPARATORS: &[&str] = &["--", "-", "~", "—", "–", "至", "到"];

pub(super) const PLACEHOLDERS: &[&str] = &[
    "",
    "—",
    "——",
    "————",
    "-",
    "--",
    "/",
    "\\",
    "无",
    "空",
    "暂无",
    "N/A",
    "n/a",
    "NA",
    "略",
];

/// Graded qualitative terms (定性分级分档), as the review guidance asks for.
pub(super) const GRADES: &[&str] = &[
    "优",
    "良",
    "中",
    "低",
    "差",
    "优秀",
    "良好",
    "一般",
    "较差",
    "合格",
    "不合格",
    "达到",
    "基本达到",
    "部分达到",
    "未达到",
    "达标",
    "基本达标",
    "未达标",
    "高",
    "较高",
    "中等",
    "较低",
    "好",
    "较好",
    "显著",
    "明显",
    "有所提升",
    "明显提升",
    "稳步提升",
    "逐步提高",
];

/// Words for a recurring period or a deadline with no digits.
pub(super) const PERIOD_WORDS: &[&str] = &[
    "按日",
    "每日",
    "按天",
    "每天",
    "按周",
    "每周",
    "按月",
    "每月",
    "按季",
    "按季度",
    "每季",
    "每季度",
    "按半年",
    "每半年",
    "按年",
    "每年",
    "年底前",
    "年内",
    "当年",
    "年底",
    "月底前",
];
