//! The word table of 自评: how a written actual such as `已完成`, `达到预期` or `未按期完成`
//! scores a row whose target is not a number (or a number row whose actual is only words),
//! when no `grade` is written. The table is data, documented in docs/monitoring.md
//! (“Words”), so a reviewer can see exactly which words give what.
//!
//! Order matters and is fixed: words that deny (未…, 没有, 否, 不…) are looked for first, then
//! words that qualify (基本, 部分 …), and only then the words that affirm — so `未完成` is never
//! read as `完成`, and `基本完成` never as full marks.

/// What the words of an actual say about its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Met in full: 100% of the weight.
    Met,
    /// Partly met: the 部分达成 floor (`grade_partial_min`).
    Partial,
    /// Not met: 0.
    Missed,
}

/// Words that deny: any of them anywhere in the actual means not met.
pub const MISSED: &[&str] = &[
    "未完成",
    "未达成",
    "未达到",
    "未达标",
    "未按时",
    "未按期",
    "未实现",
    "未开展",
    "未启动",
    "没有",
    "无效",
    "不合格",
    "不满意",
    "不达标",
    "滞后",
    "延期",
    "逾期",
    "否",
];

/// Words that qualify: the row is met in part.
pub const PARTIAL: &[&str] = &["基本", "部分", "大部分", "初步", "较少", "一般"];

/// Words that affirm, matched at the start of the actual (`有效提升` starts with `有效`).
pub const MET: &[&str] = &[
    "达成",
    "已达成",
    "完成",
    "已完成",
    "全部完成",
    "按时完成",
    "按期完成",
    "如期完成",
    "及时完成",
    "有效",
    "是",
    "达到",
    "已达到",
    "达到预期",
    "达标",
    "已达标",
    "实现",
    "已实现",
    "合格",
    "满意",
    "优",
    "良好",
    "较好",
    "显著",
    "明显",
    "及时",
    "按时",
    "按期",
    "正常",
    "持续",
    "逐步",
    "提升",
    "提高",
    "改善",
    "保障",
];

/// Reads an actual written in words against its target: `Some` when the table decides it,
/// `None` when only a guess would (E012 then says so and the row scores 0). An actual that
/// repeats a qualitative target word for word (`及时发放` for `及时发放`) is the unit saying it
/// happened as planned: met.
pub fn verdict(actual: &str, target: &str) -> Option<Verdict> {
    let text: String = actual
        .trim()
        .trim_end_matches(['。', '.', '；', ';', '，', ','])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if text.is_empty() {
        return None;
    }
    if MISSED.iter().any(|w| text.contains(w)) || text.starts_with('不') {
        return Some(Verdict::Missed);
    }
    if PARTIAL.iter().any(|w| text.contains(w)) {
        return Some(Verdict::Partial);
    }
    if MET.iter().any(|w| text.starts_with(w)) || text == target.trim() {
        return Some(Verdict::Met);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_real_actuals() {
        let cases = [
            ("达成预期指标", "≥95%", Some(Verdict::Met)),
            ("已完成", "是", Some(Verdict::Met)),
            ("有效", "有效提升", Some(Verdict::Met)),
            ("达到预期", "明显改善", Some(Verdict::Met)),
            ("按时完成", "2023年12月底前", Some(Verdict::Met)),
            ("是", "是", Some(Verdict::Met)),
            ("及时发放", "及时发放", Some(Verdict::Met)),
            ("基本完成", "全面完成", Some(Verdict::Partial)),
            ("部分达成", "达成", Some(Verdict::Partial)),
            ("未完成", "完成", Some(Verdict::Missed)),
            ("未按期完成", "按期", Some(Verdict::Missed)),
            ("项目进度滞后", "按期", Some(Verdict::Missed)),
            ("否", "是", Some(Verdict::Missed)),
            ("不明显", "明显", Some(Verdict::Missed)),
            ("群众反映较好。", "满意", None),
            ("详见附件", "有效", None),
            ("", "有效", None),
            ("2023年完成立项", "2023年", None),
        ];
        for (actual, target, want) in cases {
            assert_eq!(verdict(actual, target), want, "{actual} for {target}");
        }
    }
}
