//! Which way a target points when its text says no comparator: `95%`, `52`, `1200人`.
//!
//! Real tables write bare numbers everywhere, and units score them as 财预〔2020〕10号 says:
//! a 正向 target is a floor, a 反向 target a ceiling. So a bare number is read by the
//! indicator's direction — stated (`direction = "正向"`), else inferred from the name, the
//! unit and the 二级 (a 成本 row is a ceiling, a 数量 row a floor) by the ordered tables
//! below (docs/targets.md §7.1 shows them). When nothing decides, the reading stays `=` and says it is unknown: perf
//! does not guess. I012 still reports every missing comparator.

use crate::model::framework::Level2;
use crate::model::project::Direction;
use crate::model::target::{Comparator, Quantity, Unit};

/// Why a quantity is compared the way it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Because {
    /// `direction = "正向"/"反向"` was written on the row.
    Stated,
    /// The comparator was written in the target (`≥95%`, `95%以上`, `=100%`).
    Written,
    /// The indicator's name holds this word of [`NAME_WORDS`].
    Name(&'static str),
    /// The unit counts this noun (people, things, or a duration), see [`UNIT_NOUNS`].
    Unit(&'static str),
    /// The row's 二级, see [`LEVEL2_DIRECTIONS`]: 成本 rows are ceilings, 数量 rows floors.
    Level2(Level2),
    /// Nothing decides: read as `=`.
    Unknown,
}

/// How a quantitative target compares an actual: the comparator and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    /// ≥/> for a floor, ≤/< for a ceiling, = for an exact value or an unknown direction.
    pub comparator: Comparator,
    /// Where the comparator comes from.
    pub because: Because,
}

impl Comparison {
    /// True when the comparator was not written but inferred (name, unit or 二级).
    pub fn is_inferred(&self) -> bool {
        matches!(
            self.because,
            Because::Name(_) | Because::Unit(_) | Because::Level2(_)
        )
    }

    /// The direction this comparison reads the target in, when it is a floor or a ceiling.
    pub fn direction(&self) -> Option<Direction> {
        if self.comparator.is_lower_bound() {
            Some(Direction::Positive)
        } else if self.comparator.is_upper_bound() {
            Some(Direction::Negative)
        } else {
            None
        }
    }
}

/// How `quantity` compares an actual on a row named `name` under the 二级 `level2`, with
/// `stated` the row's own `direction`. Order: a stated direction, then a written comparator,
/// then the name, a 成本 二级, the unit and the other 二级; else `=` ([`Because::Unknown`]).
pub fn comparison(
    quantity: &Quantity,
    name: &str,
    stated: Option<Direction>,
    level2: Option<Level2>,
) -> Comparison {
    let bound = |direction: Direction, because| Comparison {
        comparator: match direction {
            Direction::Positive => Comparator::Ge,
            Direction::Negative => Comparator::Le,
        },
        because,
    };
    if let Some(direction) = stated {
        return bound(direction, Because::Stated);
    }
    if quantity.explicit_comparator {
        return Comparison {
            comparator: quantity.comparator,
            because: Because::Written,
        };
    }
    match infer_direction(name, &quantity.unit, level2) {
        Some((direction, because)) => bound(direction, because),
        None => Comparison {
            comparator: Comparator::Eq,
            because: Because::Unknown,
        },
    }
}

/// The direction of an indicator named `name` under `level2` whose target has `unit`: the
/// first word of [`NAME_WORDS`] the name holds, else ceiling for a 成本 row (its amounts are
/// spending caps, whatever the unit), else the unit's noun in [`UNIT_NOUNS`], else the 二级
/// in [`LEVEL2_DIRECTIONS`]; `None` when nothing decides.
pub fn infer_direction(
    name: &str,
    unit: &Unit,
    level2: Option<Level2>,
) -> Option<(Direction, Because)> {
    if let Some(&(word, direction)) = NAME_WORDS.iter().find(|(w, _)| name.contains(w)) {
        return Some((direction, Because::Name(word)));
    }
    let by_level2 = level2.and_then(|l2| {
        LEVEL2_DIRECTIONS
            .iter()
            .find(|(l, _)| *l == l2)
            .map(|&(l, direction)| (direction, Because::Level2(l)))
    });
    if level2.is_some_and(Level2::is_money_cost) {
        return by_level2;
    }
    let by_unit = match unit {
        Unit::Count { noun, .. } => UNIT_NOUNS
            .iter()
            .find(|(n, _)| n == noun)
            .map(|&(n, direction)| (direction, Because::Unit(n))),
        _ => None,
    };
    by_unit.or(by_level2)
}

/// The 二级 that decide when the name does not: 成本 rows (before the unit: their amounts are
/// caps) and, after the unit, 数量 rows (a count of output is a floor), 时效 rows (a time
/// allowed is a ceiling) and 满意度 rows (a floor). 质量 and 效益 rows decide nothing: their
/// names (…率, 增加…, 降低…) do.
pub const LEVEL2_DIRECTIONS: &[(Level2, Direction)] = &[
    (Level2::Cost, DOWN),
    (Level2::EconomicCost, DOWN),
    (Level2::Quantity, UP),
    (Level2::Timeliness, DOWN),
    (Level2::Satisfaction, UP),
];

use Direction::{Negative as DOWN, Positive as UP};

/// Words of an indicator's name, in order: the first the name holds decides. Negated good
/// words come first (`不合格率` is no 合格率), then reductions, handling and lifetimes (`成本
/// 节约率`, `投诉办结率`, `使用年限` point up although they name a cost or a complaint), then
/// what is better low, then what is better high.
pub const NAME_WORDS: &[(&str, Direction)] = &[
    // Negated good words.
    ("不合格", DOWN),
    ("不达标", DOWN),
    ("不满意", DOWN),
    ("未完成", DOWN),
    ("不及时", DOWN),
    // Reductions, handling, timeliness and lifetimes: better high.
    ("节约", UP),
    ("节省", UP),
    ("降低", UP),
    ("下降", UP),
    ("减少", UP),
    ("压减", UP),
    ("处理率", UP),
    ("办结率", UP),
    ("受理率", UP),
    ("整改率", UP),
    ("化解率", UP),
    ("解决率", UP),
    ("回复率", UP),
    ("及时", UP),
    ("年限", UP),
    ("寿命", UP),
    // Help given to a group (families of the 伤残、死亡, people in hardship): a count of those
    // helped is better high, whatever the group is named by (`对…死亡家庭进行扶助 63人`).
    ("扶助", UP),
    ("救助", UP),
    ("帮扶", UP),
    ("慰问", UP),
    // Better low.
    ("成本", DOWN),
    ("费用", DOWN),
    ("单价", DOWN),
    ("造价", DOWN),
    ("超支", DOWN),
    ("超标", DOWN),
    ("超期", DOWN),
    ("逾期", DOWN),
    ("延误", DOWN),
    ("时间", DOWN),
    ("时长", DOWN),
    ("时限", DOWN),
    ("用时", DOWN),
    ("耗时", DOWN),
    ("天数", DOWN),
    ("周期", DOWN),
    ("期限", DOWN),
    ("投诉", DOWN),
    ("事故", DOWN),
    ("差错", DOWN),
    ("错误", DOWN),
    ("失误", DOWN),
    ("误差", DOWN),
    ("偏差", DOWN),
    ("违规", DOWN),
    ("违纪", DOWN),
    ("故障", DOWN),
    ("返工", DOWN),
    ("损失", DOWN),
    ("伤亡", DOWN),
    ("死亡", DOWN),
    ("发病", DOWN),
    ("能耗", DOWN),
    ("排放", DOWN),
    ("闲置", DOWN),
    ("空置", DOWN),
    ("流失", DOWN),
    ("辍学", DOWN),
    ("拖欠", DOWN),
    ("信访", DOWN),
    // Better high.
    ("满意", UP),
    ("知晓", UP),
    ("率", UP),
    ("数量", UP),
    ("人数", UP),
    ("人次", UP),
    ("户数", UP),
    ("个数", UP),
    ("次数", UP),
    ("面积", UP),
    ("长度", UP),
    ("里程", UP),
    ("覆盖", UP),
    ("受益", UP),
    ("新增", UP),
    ("增加", UP),
    ("增长", UP),
    ("提高", UP),
    ("提升", UP),
    ("完成", UP),
    ("合格", UP),
    ("达标", UP),
    ("进度", UP),
    ("规模", UP),
];

/// Nouns of a count unit that decide when the name does not: people and things counted are
/// better high, durations better low. Money, percentages, months and years decide nothing
/// (a 补助标准 in 元/人 is exact, `12个月` may be a duration or a coverage).
pub const UNIT_NOUNS: &[(&str, Direction)] = &[
    ("人", UP),
    ("人次", UP),
    ("户", UP),
    ("个", UP),
    ("件", UP),
    ("项", UP),
    ("次", UP),
    ("场", UP),
    ("篇", UP),
    ("期", UP),
    ("所", UP),
    ("家", UP),
    ("台", UP),
    ("套", UP),
    ("座", UP),
    ("处", UP),
    ("名", UP),
    ("批", UP),
    ("册", UP),
    ("份", UP),
    ("株", UP),
    ("棵", UP),
    ("亩", UP),
    ("公顷", UP),
    ("平方米", UP),
    ("米", UP),
    ("公里", UP),
    ("千米", UP),
    ("天", DOWN),
    ("日", DOWN),
    ("工作日", DOWN),
    ("个工作日", DOWN),
    ("小时", DOWN),
    ("分钟", DOWN),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::target::Target;

    fn read(name: &str, target: &str, stated: Option<Direction>, l2: Option<Level2>) -> Comparison {
        let t = Target::parse(target);
        let q = t.quantity().cloned().unwrap();
        comparison(&q, name, stated, l2)
    }

    #[test]
    fn bare_targets_are_read_by_direction() {
        use Comparator::{Eq as EQ, Ge, Le};
        // (name, target, stated, 二级, comparator, why)
        type Case = (
            &'static str,
            &'static str,
            Option<Direction>,
            Option<Level2>,
            Comparator,
            Because,
        );
        const NO: Option<Level2> = None;
        const COST: Option<Level2> = Some(Level2::Cost);
        const QTY: Option<Level2> = Some(Level2::Quantity);
        const TIME: Option<Level2> = Some(Level2::Timeliness);
        const QUALITY: Option<Level2> = Some(Level2::Quality);
        let cases: &[Case] = &[
            ("受益群众满意度", "95%", None, NO, Ge, Because::Name("满意")),
            ("验收合格率", "95%", None, NO, Ge, Because::Name("率")),
            ("不合格率", "5%", None, NO, Le, Because::Name("不合格")),
            ("设备使用年限", "15年", None, NO, Ge, Because::Name("年限")),
            ("成本节约率", "10%", None, NO, Ge, Because::Name("节约")),
            ("投诉办结率", "100%", None, NO, Ge, Because::Name("办结率")),
            ("有效投诉次数", "3次", None, NO, Le, Because::Name("投诉")),
            ("安全事故发生率", "1%", None, NO, Le, Because::Name("事故")),
            ("项目完成时间", "30天", None, NO, Le, Because::Name("时间")),
            (
                "人均培训成本",
                "500元/人",
                None,
                NO,
                Le,
                Because::Name("成本"),
            ),
            ("超支率", "0%", None, NO, Le, Because::Name("超支")),
            // tests/real-forms/09: the group helped is named by 死亡; the count is of help.
            (
                "对符合政策法规的独生子伤残、死亡家庭进行扶助",
                "63人",
                None,
                QTY,
                Ge,
                Because::Name("扶助"),
            ),
            (
                "资助学生人数",
                "1200人",
                None,
                NO,
                Ge,
                Because::Name("人数"),
            ),
            ("修建道路", "52", None, NO, EQ, Because::Unknown),
            ("修建道路", "266米", None, NO, Ge, Because::Unit("米")),
            (
                "审批办理",
                "3个工作日",
                None,
                NO,
                Le,
                Because::Unit("个工作日"),
            ),
            ("补助标准", "500元/人", None, NO, EQ, Because::Unknown),
            (
                "资助补助资金总额",
                "520万元",
                None,
                COST,
                Le,
                Because::Level2(Level2::Cost),
            ),
            ("补助发放", "12个月", None, NO, EQ, Because::Unknown),
            // A stated direction wins over everything; a written comparator over inference.
            (
                "修建道路",
                "52",
                Some(Direction::Positive),
                NO,
                Ge,
                Because::Stated,
            ),
            (
                "验收合格率",
                "95%",
                Some(Direction::Negative),
                NO,
                Le,
                Because::Stated,
            ),
            ("项目完成时间", "≥30天", None, NO, Ge, Because::Written),
            ("验收合格率", "=100%", None, NO, EQ, Because::Written),
            // The 二级 decides after the name and the unit; 成本 before the unit.
            (
                "修建道路",
                "52",
                None,
                QTY,
                Ge,
                Because::Level2(Level2::Quantity),
            ),
            ("修建道路", "52", None, QUALITY, EQ, Because::Unknown),
            (
                "审批办结",
                "3",
                None,
                TIME,
                Le,
                Because::Level2(Level2::Timeliness),
            ),
            ("修建道路", "3天", None, QTY, Le, Because::Unit("天")),
            (
                "资金总额",
                "520人",
                None,
                COST,
                Le,
                Because::Level2(Level2::Cost),
            ),
            ("验收合格率", "95%", None, TIME, Ge, Because::Name("率")),
        ];
        for &(name, target, stated, cost, cmp, because) in cases {
            let got = read(name, target, stated, cost);
            assert_eq!(
                (got.comparator, got.because),
                (cmp, because),
                "{name} {target}"
            );
        }
    }

    #[test]
    fn inference_is_marked_and_gives_the_direction() {
        let c = read("满意度", "90%", None, None);
        assert!(c.is_inferred());
        assert_eq!(c.direction(), Some(Direction::Positive));
        let c = read("满意度", "≥90%", None, None);
        assert!(!c.is_inferred());
        let c = read("道路", "52", None, None);
        assert!(!c.is_inferred());
        assert_eq!(c.direction(), None);
    }

    #[test]
    fn docs_list_every_word_and_noun() {
        let docs = include_str!("../../../docs/targets.md");
        let section = docs.split("### 7.1").nth(1).unwrap_or_default();
        for (word, _) in NAME_WORDS.iter().chain(UNIT_NOUNS) {
            assert!(
                section.contains(&format!("`{word}`")),
                "docs/targets.md 7.1 misses `{word}`"
            );
        }
    }

    #[test]
    fn every_word_can_decide() {
        // A later word that contains an earlier one could never be reached.
        for (i, (word, _)) in NAME_WORDS.iter().enumerate() {
            let first = NAME_WORDS.iter().position(|(w, _)| word.contains(w));
            assert_eq!(first, Some(i), "{word} is shadowed by an earlier word");
        }
    }
}
