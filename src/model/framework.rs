//! The indicator frameworks (指标体系) as data: which 一级/二级 labels exist, their aliases,
//! and which (一级, 二级) pairs are allowed. See DOMAIN.md §2.
//!
//! Three layouts co-exist in real files — 财预〔2015〕88号, 财预〔2021〕101号 and local
//! variants — so the lenient reading accepts all of them and normalises aliases; pairs that mix
//! layouts are "hybrids" (warned, not rejected).

pub mod aliases;

use std::borrow::Cow;
use std::fmt;

/// 一级指标.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level1 {
    /// 成本指标 (a 一级 only under the 101号 layout).
    Cost,
    /// 产出指标.
    Output,
    /// 效益指标 (效果指标 in many local tables).
    Effect,
    /// 满意度指标.
    Satisfaction,
}

/// 二级指标.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level2 {
    /// 经济成本指标 (101号).
    EconomicCost,
    /// 社会成本指标 (101号).
    SocialCost,
    /// 生态环境成本指标 (101号).
    EcologicalCost,
    /// 数量指标.
    Quantity,
    /// 质量指标.
    Quality,
    /// 时效指标.
    Timeliness,
    /// 成本指标 (a 二级 under 产出 in the 88号 layout).
    Cost,
    /// 经济效益指标.
    Economic,
    /// 社会效益指标.
    Social,
    /// 生态效益指标 (also 环境效益).
    Ecological,
    /// 可持续影响指标.
    Sustainable,
    /// 服务对象满意度指标 (also 社会公众或服务对象满意度指标).
    Satisfaction,
}

/// Which indicator framework a tree is held to (`framework` in perf.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    /// Every layout accepted, aliases normalised, hybrids warned (the default).
    #[default]
    Lenient,
    /// 财预〔2015〕88号: 产出/效益/满意度, 成本 as a 二级 under 产出.
    F88,
    /// 财预〔2021〕101号: 成本 as a 一级 with its three 二级; basis from the four standards.
    F101,
}

impl Preset {
    /// Reads `lenient`, `88` or `101`.
    pub fn from_word(word: &str) -> Option<Self> {
        match word {
            "lenient" => Some(Self::Lenient),
            "88" => Some(Self::F88),
            "101" => Some(Self::F101),
            _ => None,
        }
    }

    /// The word as written in perf.toml.
    pub fn word(self) -> &'static str {
        match self {
            Self::Lenient => "lenient",
            Self::F88 => "88",
            Self::F101 => "101",
        }
    }
}

/// Whether a (一级, 二级) pair fits the frameworks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// The pair belongs to the framework in force.
    Allowed,
    /// The pair mixes layouts (e.g. 101号's 经济成本指标 under 88号's 产出指标): lenient only.
    Hybrid,
    /// The pair exists in another layout, but not in the strict preset in force.
    OtherFramework,
    /// The 二级 does not belong under this 一级 in any layout.
    Misplaced,
}

/// Labels accepted for each 一级, canonical label first.
const LEVEL1_LABELS: &[(Level1, &[&str])] = &[
    (Level1::Cost, &["成本指标", "成本"]),
    // 项目完成指标 / 项目效益指标: an older Sichuan form; 预期产出指标 / 预期效益指标: a
    // city's own form (docs/glossary.md, 地方表样).
    (
        Level1::Output,
        &["产出指标", "产出", "项目完成指标", "预期产出指标"],
    ),
    (
        Level1::Effect,
        &[
            "效益指标",
            "效益",
            "效果指标",
            "效果",
            "项目效益指标",
            "预期效益指标",
            "预期效果指标",
        ],
    ),
    (Level1::Satisfaction, &["满意度指标", "满意度"]),
];

/// Labels accepted for each 二级, canonical label first. A label without the trailing 指标 is
/// accepted too (经济效益 → 经济效益指标).
const LEVEL2_LABELS: &[(Level2, &[&str])] = &[
    (Level2::EconomicCost, &["经济成本指标"]),
    (Level2::SocialCost, &["社会成本指标"]),
    (
        Level2::EcologicalCost,
        &["生态环境成本指标", "环境成本指标"],
    ),
    (Level2::Quantity, &["数量指标"]),
    (Level2::Quality, &["质量指标"]),
    (Level2::Timeliness, &["时效指标"]),
    // Dongguan's 2019 construction-project form names its four 产出 二级 数量指标(或建筑规模
    // 指标), 质量指标, 时效指标(工期指标、形象进度指标) and 预算(或投资规模)控制指标: the last is
    // 88号's 成本指标 (tests/real-forms/03).
    (
        Level2::Cost,
        &[
            "成本指标",
            "预算(或投资规模)控制指标",
            "预算（或投资规模）控制指标",
            "预算控制指标",
        ],
    ),
    (Level2::Economic, &["经济效益指标"]),
    // One 二级 naming several effects at once (社会、经济、生态效益指标) is read as 社会效益,
    // the first it names: the row is an effect either way, and coverage only asks for one.
    (
        Level2::Social,
        &[
            "社会效益指标",
            "社会、经济、生态效益指标",
            "经济、社会、生态效益指标",
            "社会经济生态效益指标",
            "社会、经济效益指标",
            "经济社会效益指标",
        ],
    ),
    (Level2::Ecological, &["生态效益指标", "环境效益指标"]),
    (Level2::Sustainable, &["可持续影响指标", "可持续发展指标"]),
    (
        Level2::Satisfaction,
        &[
            "服务对象满意度指标",
            "社会公众或服务对象满意度指标",
            "社会公众满意度指标",
            "满意度指标",
        ],
    ),
];

/// Layout flags of a pair: which frameworks allow it.
const L88: u8 = 1;
const L101: u8 = 2;
/// Local variants (满意度 filed under 效益/效果).
const LOCAL: u8 = 4;
/// Seen in real tables, mixing layouts: warned under the lenient preset.
const HYBRID: u8 = 8;

/// Every (一级, 二级) pair real tables use, with the layouts that allow it; anything not
/// listed is misplaced under every preset.
const PAIRS: &[(Level1, Level2, u8)] = &[
    // 101号: 成本 as a 一级.
    (Level1::Cost, Level2::EconomicCost, L101),
    (Level1::Cost, Level2::SocialCost, L101),
    (Level1::Cost, Level2::EcologicalCost, L101),
    (Level1::Cost, Level2::Cost, HYBRID),
    // 产出: 88号 keeps 成本 here as a 二级.
    (Level1::Output, Level2::Quantity, L88 | L101),
    (Level1::Output, Level2::Quality, L88 | L101),
    (Level1::Output, Level2::Timeliness, L88 | L101),
    (Level1::Output, Level2::Cost, L88),
    (Level1::Output, Level2::EconomicCost, HYBRID),
    (Level1::Output, Level2::SocialCost, HYBRID),
    (Level1::Output, Level2::EcologicalCost, HYBRID),
    // 效益 (效果). 可持续影响 under 101号 is uncertain (DOMAIN.md §2), so it is accepted.
    (Level1::Effect, Level2::Economic, L88 | L101),
    (Level1::Effect, Level2::Social, L88 | L101),
    (Level1::Effect, Level2::Ecological, L88 | L101),
    (Level1::Effect, Level2::Sustainable, L88 | L101),
    (Level1::Effect, Level2::Satisfaction, LOCAL),
    (Level1::Satisfaction, Level2::Satisfaction, L88 | L101),
];

/// 指标值确定依据 the 101号 guide accepts; the strict preset flags others.
pub const STANDARD_BASES: [&str; 4] = ["计划标准", "行业标准", "历史标准", "其他标准"];

/// The basis that needs an explanation (`basis_note`) under the 101号 preset.
pub const OTHER_BASIS: &str = "其他标准";

/// A label without the note a form adds in brackets (`数量指标(必填硬性指标)`,
/// `成本指标（必填）`); `None` when it has none.
fn without_note(label: &str) -> Option<&str> {
    let open = label.find(['(', '（'])?;
    let closed = label.ends_with(')') || label.ends_with('）');
    let base = label.get(..open)?.trim();
    (closed && !base.is_empty()).then_some(base)
}

/// The level `label` is, written exactly as one of `table`'s names, with that name: a row's
/// label as written can then be kept without a copy of its own.
fn exact<L: Copy>(
    table: &[(L, &'static [&'static str])],
    label: &str,
) -> Option<(L, &'static str)> {
    table.iter().find_map(|&(level, names)| {
        names
            .iter()
            .find(|&&name| name == label)
            .map(|&name| (level, name))
    })
}

impl Level1 {
    /// Reads a 一级 label as [`Level1::from_label`] does, with the label as written: borrowed
    /// when it is written exactly as a known name (most rows), copied otherwise.
    pub fn read(label: &str) -> (Option<Self>, Cow<'static, str>) {
        match exact(LEVEL1_LABELS, label) {
            Some((level, name)) => (Some(level), Cow::Borrowed(name)),
            None => (Self::from_label(label), Cow::Owned(label.to_owned())),
        }
    }

    /// Reads a 一级 label, normalising aliases (效果指标 → 效益指标).
    pub fn from_label(label: &str) -> Option<Self> {
        let find = |l: &str| {
            LEVEL1_LABELS
                .iter()
                .find(|(_, names)| names.contains(&l))
                .map(|&(level, _)| level)
        };
        let label = label.trim();
        find(label).or_else(|| find(without_note(label)?))
    }

    /// The canonical label.
    pub fn label(self) -> &'static str {
        canonical(LEVEL1_LABELS, self)
    }

    /// Every canonical 一级 label, for messages that list what is accepted.
    pub fn labels() -> Vec<&'static str> {
        LEVEL1_LABELS
            .iter()
            .filter_map(|(_, names)| names.first().copied())
            .collect()
    }

    /// Every label read as a 一级指标, aliases included (editors' completion lists).
    pub fn accepted_labels() -> Vec<&'static str> {
        LEVEL1_LABELS
            .iter()
            .flat_map(|(_, names)| names.iter().copied())
            .collect()
    }

    /// The canonical 二级 labels allowed under this 一级 by `preset`.
    pub fn allowed_level2(self, preset: Preset) -> Vec<&'static str> {
        PAIRS
            .iter()
            .filter(|&&(l1, l2, _)| l1 == self && placement(l1, l2, preset) == Placement::Allowed)
            .map(|&(_, l2, _)| l2.label())
            .collect()
    }
}

impl Level2 {
    /// Reads a 二级 label as [`Level2::from_label`] does, with the label as written: borrowed
    /// when it is written exactly as a known name (most rows), copied otherwise.
    pub fn read(label: &str) -> (Option<Self>, Cow<'static, str>) {
        match exact(LEVEL2_LABELS, label) {
            Some((level, name)) => (Some(level), Cow::Borrowed(name)),
            None => (Self::from_label(label), Cow::Owned(label.to_owned())),
        }
    }

    /// Reads a 二级 label, normalising aliases and a missing trailing 指标.
    pub fn from_label(label: &str) -> Option<Self> {
        let label = label.trim();
        let find = |l: &str| {
            LEVEL2_LABELS
                .iter()
                .find(|(_, names)| names.contains(&l))
                .map(|&(level, _)| level)
        };
        let base = without_note(label).unwrap_or(label);
        // `base` + 指标 compared without writing it out: a `format!` for every row whose
        // 二级 is written without 指标 (社会效益) was an allocation per such row.
        let with_suffix = || {
            LEVEL2_LABELS
                .iter()
                .find(|(_, names)| names.iter().any(|n| n.strip_suffix("指标") == Some(base)))
                .map(|&(level, _)| level)
        };
        find(label).or_else(|| find(base)).or_else(with_suffix)
    }

    /// The canonical label.
    pub fn label(self) -> &'static str {
        canonical(LEVEL2_LABELS, self)
    }

    /// Every label read as a 二级指标: aliases, each also without its trailing 指标
    /// (`经济效益` reads as `经济效益指标`), in table order without repeats.
    pub fn accepted_labels() -> Vec<String> {
        let mut labels: Vec<String> = Vec::new();
        for name in LEVEL2_LABELS.iter().flat_map(|(_, names)| names.iter()) {
            let short = name.strip_suffix("指标").unwrap_or(name);
            for label in [name.to_string(), short.to_owned()] {
                if !labels.contains(&label) && Self::from_label(&label).is_some() {
                    labels.push(label);
                }
            }
        }
        labels
    }

    /// The 一级 this 二级 is filed under in the usual layouts: how a row whose 一级 label is
    /// unknown is still read (数量指标 → 产出指标), so one unknown label does not also make
    /// the coverage rules miss the rows under it.
    pub fn usual_level1(self) -> Level1 {
        match self {
            Self::EconomicCost | Self::SocialCost | Self::EcologicalCost => Level1::Cost,
            Self::Quantity | Self::Quality | Self::Timeliness | Self::Cost => Level1::Output,
            Self::Economic | Self::Social | Self::Ecological | Self::Sustainable => Level1::Effect,
            Self::Satisfaction => Level1::Satisfaction,
        }
    }

    /// True for the 二级 whose target is an amount of money to reconcile with the budget.
    pub fn is_money_cost(self) -> bool {
        matches!(self, Self::Cost | Self::EconomicCost)
    }
}

/// Where a (一级, 二级) pair stands under `preset`.
pub fn placement(level1: Level1, level2: Level2, preset: Preset) -> Placement {
    let Some(&(_, _, flags)) = PAIRS
        .iter()
        .find(|&&(l1, l2, _)| l1 == level1 && l2 == level2)
    else {
        return Placement::Misplaced;
    };
    let allowed_by = match preset {
        Preset::Lenient => L88 | L101 | LOCAL,
        Preset::F88 => L88,
        Preset::F101 => L101,
    };
    if flags & allowed_by != 0 {
        Placement::Allowed
    } else if preset == Preset::Lenient {
        Placement::Hybrid
    } else {
        Placement::OtherFramework
    }
}

fn canonical<T: PartialEq + Copy>(table: &[(T, &[&'static str])], value: T) -> &'static str {
    table
        .iter()
        .find(|(v, _)| *v == value)
        .and_then(|(_, names)| names.first().copied())
        .unwrap_or("")
}

impl fmt::Display for Level1 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl fmt::Display for Level2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {

    /// A label read with its text reads as `from_label` reads it, and keeps the text as
    /// written: borrowed for every known name, copied for anything else.
    #[test]
    fn labels_read_with_their_text_read_as_from_label() {
        let names1: Vec<&str> = LEVEL1_LABELS
            .iter()
            .flat_map(|(_, n)| n.iter().copied())
            .collect();
        let names2: Vec<&str> = LEVEL2_LABELS
            .iter()
            .flat_map(|(_, n)| n.iter().copied())
            .collect();
        let others = [
            " 产出指标",
            "数量",
            "数量指标(必填)",
            "效果指标 ",
            "",
            "未知",
        ];
        for label in names1.iter().chain(&names2).chain(&others).copied() {
            let (level1, text1) = Level1::read(label);
            let (level2, text2) = Level2::read(label);
            assert_eq!(level1, Level1::from_label(label), "{label}");
            assert_eq!(level2, Level2::from_label(label), "{label}");
            assert_eq!((&*text1, &*text2), (label, label));
            assert_eq!(
                matches!(text1, Cow::Borrowed(_)),
                names1.contains(&label),
                "{label}"
            );
            assert_eq!(
                matches!(text2, Cow::Borrowed(_)),
                names2.contains(&label),
                "{label}"
            );
        }
    }

    #[test]
    fn a_forms_note_in_brackets_is_not_part_of_the_label() {
        assert_eq!(
            Level2::from_label("数量指标(必填硬性指标)"),
            Some(Level2::Quantity)
        );
        assert_eq!(Level2::from_label("成本指标（必填）"), Some(Level2::Cost));
        assert_eq!(Level1::from_label("产出指标（必填）"), Some(Level1::Output));
        assert_eq!(Level2::from_label("(必填)"), None);
    }

    use super::*;

    #[test]
    fn normalises_aliases() {
        assert_eq!(Level1::from_label("效果指标"), Some(Level1::Effect));
        assert_eq!(Level2::from_label("经济效益"), Some(Level2::Economic));
        assert_eq!(Level2::from_label("环境效益指标"), Some(Level2::Ecological));
        assert_eq!(
            Level2::from_label("社会公众或服务对象满意度指标"),
            Some(Level2::Satisfaction)
        );
        assert_eq!(Level1::from_label("投入指标"), None);
        assert_eq!(Level1::from_label("项目完成指标"), Some(Level1::Output));
        assert_eq!(Level1::from_label("项目效益指标"), Some(Level1::Effect));
        assert_eq!(Level1::from_label("预期产出指标"), Some(Level1::Output));
        assert_eq!(
            Level2::from_label("社会、经济、生态效益指标"),
            Some(Level2::Social)
        );
        // Dongguan's 2019 form (real form 03): the 成本 二级 in its own words, both bracket
        // widths, and without the note.
        for label in [
            "预算(或投资规模)控制指标",
            "预算（或投资规模）控制指标",
            "预算控制指标",
        ] {
            assert_eq!(Level2::from_label(label), Some(Level2::Cost), "{label}");
        }
    }

    #[test]
    fn every_level_has_a_label_and_placement() {
        for (level, _) in LEVEL2_LABELS {
            assert!(!level.label().is_empty());
        }
        let cases = [
            (
                Level1::Output,
                Level2::Cost,
                Preset::Lenient,
                Placement::Allowed,
            ),
            (
                Level1::Output,
                Level2::Cost,
                Preset::F101,
                Placement::OtherFramework,
            ),
            (
                Level1::Cost,
                Level2::EconomicCost,
                Preset::F88,
                Placement::OtherFramework,
            ),
            (
                Level1::Output,
                Level2::EconomicCost,
                Preset::Lenient,
                Placement::Hybrid,
            ),
            (
                Level1::Satisfaction,
                Level2::Quantity,
                Preset::F88,
                Placement::Misplaced,
            ),
            (
                Level1::Effect,
                Level2::Satisfaction,
                Preset::Lenient,
                Placement::Allowed,
            ),
        ];
        for (l1, l2, preset, want) in cases {
            assert_eq!(
                placement(l1, l2, preset),
                want,
                "{l1:?} / {l2:?} under {preset:?}"
            );
        }
    }
}
