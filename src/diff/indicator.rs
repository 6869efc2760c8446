//! Indicators of one project before and after: which rows were added, removed or changed, and
//! what a target change means (`≧85%` → `≥90%` is "提高 5 个百分点").
//!
//! Rows are paired by (一级, 二级, 三级指标名称) with aliases normalised, so `效果指标` and
//! `效益指标` are the same row; duplicate names pair in file order. Targets are compared as
//! parsed by [`crate::model::target`]; numbers are compared only in the same unit (money in
//! any of 元/万元/亿元 is converted to 万元).

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::args;
use crate::diff::{IndicatorChange, IndicatorStatus, TextChange};
use crate::i18n::Lang;
use crate::model::money::plain;
use crate::model::project::Indicator;
use crate::model::target::{Comparator, Quantity, Target, TargetValue, Unit};

/// The indicator rows added, removed or changed between two versions of a project, in the new
/// file's order, then the removed rows in the old file's order.
pub fn compare_indicators(old: &[Indicator], new: &[Indicator]) -> Vec<IndicatorChange> {
    compare_indicators_in(old, new, Lang::Zh)
}

/// [`compare_indicators`], with each change read out in `lang`.
pub fn compare_indicators_in(
    old: &[Indicator],
    new: &[Indicator],
    lang: Lang,
) -> Vec<IndicatorChange> {
    let mut unmatched: HashMap<(String, String, String), Vec<&Indicator>> = HashMap::new();
    for row in old.iter().rev() {
        unmatched.entry(key(row)).or_default().push(row);
    }
    let mut changes = Vec::new();
    for row in new {
        match unmatched.get_mut(&key(row)).and_then(Vec::pop) {
            Some(before) => changes.extend(change(before, row, lang)),
            None => changes.push(single(row, IndicatorStatus::Added)),
        }
    }
    // Removed rows, in the old file's order.
    for row in old {
        if let Some(left) = unmatched.get_mut(&key(row))
            && left.last().is_some_and(|r| std::ptr::eq(*r, row))
        {
            left.pop();
            changes.push(single(row, IndicatorStatus::Removed));
        }
    }
    changes
}

fn key(row: &Indicator) -> (String, String, String) {
    (level1(row), level2(row), row.name.trim().to_owned())
}

fn level1(row: &Indicator) -> String {
    row.level1.map_or_else(
        || row.level1_label.trim().to_owned(),
        |l| l.label().to_owned(),
    )
}

fn level2(row: &Indicator) -> String {
    row.level2.map_or_else(
        || row.level2_label.trim().to_owned(),
        |l| l.label().to_owned(),
    )
}

fn basis(row: &Indicator) -> Option<String> {
    row.basis
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_owned)
}

fn single(row: &Indicator, status: IndicatorStatus) -> IndicatorChange {
    let target = Some(row.target.raw.clone());
    let (old, new) = match status {
        IndicatorStatus::Removed => (target, None),
        _ => (None, target),
    };
    IndicatorChange {
        status,
        level1: level1(row),
        level2: level2(row),
        name: row.name.trim().to_owned(),
        target: TextChange { old, new },
        basis: None,
        reading: None,
        delta: None,
        unit: None,
    }
}

fn change(old: &Indicator, new: &Indicator, lang: Lang) -> Option<IndicatorChange> {
    let target_changed = old.target.raw.trim() != new.target.raw.trim();
    let basis_changed = basis(old) != basis(new);
    if !target_changed && !basis_changed {
        return None;
    }
    let shift = target_changed.then(|| read_shift_in(&old.target, &new.target, lang));
    Some(IndicatorChange {
        status: IndicatorStatus::Changed,
        level1: level1(new),
        level2: level2(new),
        name: new.name.trim().to_owned(),
        target: TextChange {
            old: Some(old.target.raw.clone()),
            new: Some(new.target.raw.clone()),
        },
        basis: basis_changed.then(|| TextChange {
            old: basis(old),
            new: basis(new),
        }),
        reading: shift.as_ref().map(|s| s.words.clone()),
        delta: shift.as_ref().and_then(|s| s.delta),
        unit: shift.and_then(|s| s.unit),
    })
}

/// How a target moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// In words: `提高 5 个百分点（要求更高）`, `比较符 = → ≤，降低 3000 万元`.
    pub words: String,
    /// The number's change, when comparable.
    pub delta: Option<Decimal>,
    /// The unit of `delta`.
    pub unit: Option<String>,
}

/// Reads what a target change means (in Chinese).
pub fn read_shift(old: &Target, new: &Target) -> Shift {
    read_shift_in(old, new, Lang::Zh)
}

/// [`read_shift`], in `lang`.
pub fn read_shift_in(old: &Target, new: &Target, lang: Lang) -> Shift {
    let kind = |v: &TargetValue| lang.text(&format!("target_kind.{}", v.kind_name()), &[]);
    let words = match (&old.value, &new.value) {
        (TargetValue::Quantity(a), TargetValue::Quantity(b)) => return quantity_shift(a, b, lang),
        (TargetValue::Range(a), TargetValue::Range(b)) if a.unit == b.unit => lang.text(
            "diff.range",
            args!(
                old = format!("{}–{}{}", plain(a.low), plain(a.high), a.unit),
                new = format!("{}–{}{}", plain(b.low), plain(b.high), b.unit)
            ),
        ),
        (TargetValue::YesNo(a), TargetValue::YesNo(b)) if a != b => {
            lang.text("diff.yes_no", args!(old = yes_no(*a), new = yes_no(*b)))
        }
        (a, b) if a.kind_label() == b.kind_label() => {
            lang.text("diff.same_kind", args!(kind = kind(a)))
        }
        (a, b) => lang.text("diff.kind_changed", args!(old = kind(a), new = kind(b))),
    };
    Shift {
        words,
        delta: None,
        unit: None,
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "是" } else { "否" }
}

/// Both numbers in one unit, when they can be compared: the same unit, two amounts of money
/// (converted to 万元), or counts of the same noun (`万人` and `人`, in the noun's base).
fn comparable(a: &Quantity, b: &Quantity) -> Option<(Decimal, Decimal, String)> {
    if a.unit == b.unit {
        return Some((a.value, b.value, a.unit.to_string()));
    }
    match (&a.unit, &b.unit) {
        (Unit::Money(ua), Unit::Money(ub)) => {
            Some((ua.to_wan(a.value)?, ub.to_wan(b.value)?, "万元".to_owned()))
        }
        (Unit::Count { noun: na, .. }, Unit::Count { noun: nb, .. }) if na == nb => {
            Some((a.scaled_value()?, b.scaled_value()?, na.to_string()))
        }
        _ => None,
    }
}

fn quantity_shift(a: &Quantity, b: &Quantity, lang: Lang) -> Shift {
    let t = |key: &str| lang.text(key, &[]);
    let sep = t("diff.sep");
    let mut words = Vec::new();
    if a.comparator != b.comparator {
        words.push(lang.text(
            "diff.comparator",
            args!(old = a.comparator, new = b.comparator),
        ));
    }
    let Some((before, after, unit)) = comparable(a, b) else {
        words.push(lang.text(
            "diff.unit",
            args!(
                old = show_unit(&a.unit, lang),
                new = show_unit(&b.unit, lang)
            ),
        ));
        if a.value != b.value {
            words.push(lang.text(
                "diff.value",
                args!(old = plain(a.value), new = plain(b.value)),
            ));
        }
        return Shift {
            words: words.join(&sep),
            delta: None,
            unit: None,
        };
    };
    let delta = after - before;
    let amount = match unit.as_str() {
        "%" => lang.text("diff.points", args!(n = plain(delta.abs()))),
        "" => plain(delta.abs()),
        u => format!("{} {u}", plain(delta.abs())),
    };
    if delta > Decimal::ZERO {
        words.push(lang.text("diff.raised", args!(amount = amount)));
    } else if delta < Decimal::ZERO {
        words.push(lang.text("diff.lowered", args!(amount = amount)));
    } else if words.is_empty() {
        words.push(t("diff.rewritten"));
    } else {
        words.push(t("diff.unchanged"));
    }
    let mut text = words.join(&sep);
    // With the same comparator, a floor raised or a cap lowered asks more of the project.
    if a.comparator == b.comparator && !delta.is_zero() {
        let raised = delta > Decimal::ZERO;
        if a.comparator.is_lower_bound() == raised && a.comparator != Comparator::Eq {
            text.push_str(&t("diff.stricter"));
        } else if a.comparator != Comparator::Eq {
            text.push_str(&t("diff.looser"));
        }
    }
    Shift {
        words: text,
        delta: Some(delta),
        unit: Some(unit),
    }
}

fn show_unit(unit: &Unit, lang: Lang) -> String {
    match unit {
        Unit::None => lang.text("diff.no_unit", &[]),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(old: &str, new: &str) -> String {
        read_shift(&Target::parse(old), &Target::parse(new)).words
    }

    #[test]
    fn reads_target_shifts() {
        assert_eq!(shift("≧85%", "≥90%"), "提高 5 个百分点（要求提高）");
        assert_eq!(
            shift("=7000万元", "≤4000万元"),
            "比较符 = → ≤，降低 3000 万元"
        );
        assert_eq!(shift("≤50万元", "≤500000元"), "写法调整，数值不变");
        assert_eq!(shift("≤60万元", "≤50万元"), "降低 10 万元（要求提高）");
        assert_eq!(shift("≥5个", "≥3个"), "降低 2 个（要求放宽）");
        assert_eq!(shift("≧50", "≤50万元"), "比较符 ≥ → ≤，单位 （无） → 万元");
        assert_eq!(shift("及时发放", "足额发放"), "定性指标值修改");
        assert_eq!(shift("是", "否"), "由“是”改为“否”");
        assert_eq!(shift("≥90%", "有效保障"), "由定量改为定性");
    }

    #[test]
    fn pairs_rows_by_level_and_name() {
        let old = vec![
            Indicator::new("产出指标", "数量指标", "审批地块数量", "≧5个"),
            Indicator::new("效果指标", "社会效益", "筹集完成", "及时发放"),
            Indicator::new("产出指标", "时效指标", "发放时间", "按月"),
        ];
        let new = vec![
            Indicator::new("产出指标", "数量指标", "审批地块数量", "≥6个"),
            Indicator::new("效益指标", "社会效益指标", "筹集完成", "及时发放"),
            Indicator::new("满意度指标", "服务对象满意度指标", "满意度", "≥90%"),
        ];
        let changes = compare_indicators(&old, &new);
        let statuses: Vec<_> = changes
            .iter()
            .map(|c| (c.status, c.name.as_str()))
            .collect();
        assert_eq!(
            statuses,
            vec![
                (IndicatorStatus::Changed, "审批地块数量"),
                (IndicatorStatus::Added, "满意度"),
                (IndicatorStatus::Removed, "发放时间"),
            ]
        );
        assert_eq!(changes[0].delta, Some(Decimal::ONE));
        assert_eq!(changes[0].unit.as_deref(), Some("个"));
    }
}
