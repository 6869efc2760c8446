//! Table-driven tests of the target grammar on real-world forms (docs/targets.md).

use rust_decimal::Decimal;

use super::*;
use crate::model::money::MoneyUnit;

/// What a target should read as: the kind, and for quantities the comparator, number and unit.
#[derive(Debug)]
enum Want {
    Q(Comparator, &'static str, &'static str),
    /// A quantity with no comparator written (read as `=`).
    Bare(&'static str, &'static str),
    R(&'static str, &'static str, &'static str),
    Time,
    Yes(bool),
    Graded,
    Words,
    Empty,
    Bad,
}

use Comparator::{Eq as EQ, Ge, Gt, Le, Lt};
use Want::{Bad, Bare, Empty, Graded, Q, R, Time, Words, Yes};

const CASES: &[(&str, Want)] = &[
    // The seed.
    ("≧5个", Q(Ge, "5", "个")),
    ("≧85%", Q(Ge, "85", "%")),
    ("=7000万元", Q(EQ, "7000", "万元")),
    ("≤2800万元", Q(Le, "2800", "万元")),
    (">95%", Q(Gt, "95", "%")),
    ("=100%", Q(EQ, "100", "%")),
    ("≧50", Q(Ge, "50", "")),
    ("≧20000人", Q(Ge, "20000", "人")),
    ("2024年12月底前", Time),
    ("是", Yes(true)),
    ("及时发放", Words),
    ("正确精准解读政策", Words),
    // Comparator glyphs.
    ("≥100人次", Q(Ge, "100", "人次")),
    (">=90%", Q(Ge, "90", "%")),
    ("＞=90%", Q(Ge, "90", "%")),
    ("=>90%", Q(Ge, "90", "%")),
    ("⩾3期", Q(Ge, "3", "期")),
    ("≦10天", Q(Le, "10", "天")),
    ("<=5%", Q(Le, "5", "%")),
    ("=<5%", Q(Le, "5", "%")),
    ("⩽2次", Q(Le, "2", "次")),
    ("＝100%", Q(EQ, "100", "%")),
    ("＞90%", Q(Gt, "90", "%")),
    ("<3个", Q(Lt, "3", "个")),
    ("＜3个", Q(Lt, "3", "个")),
    ("≥ 100 户", Q(Ge, "100", "户")),
    // Lookalike comparators (issue 20): box drawing, small forms, full-width digits.
    ("═100", Q(EQ, "100", "")),
    ("═100%", Q(EQ, "100", "%")),
    ("﹦100%", Q(EQ, "100", "%")),
    ("﹥90%", Q(Gt, "90", "%")),
    ("﹤3个", Q(Lt, "3", "个")),
    ("≧９５％", Q(Ge, "95", "%")),
    ("≦３天", Q(Le, "3", "天")),
    ("＞＝90%", Q(Ge, "90", "%")),
    ("＜＝5%", Q(Le, "5", "%")),
    ("＝＞90%", Q(Ge, "90", "%")),
    ("＝＜5%", Q(Le, "5", "%")),
    ("９５％以上", Q(Ge, "95", "%")),
    ("不低于９５％", Q(Ge, "95", "%")),
    // Comparator words around the number.
    ("达到95%", Q(Ge, "95", "%")),
    ("达到 1200人", Q(Ge, "1200", "人")),
    ("达到预期", Words),
    ("不低于95%", Q(Ge, "95", "%")),
    ("不超过30天", Q(Le, "30", "天")),
    ("95%以上", Q(Ge, "95", "%")),
    ("3个工作日以内", Q(Le, "3", "个工作日")),
    ("500万元以内", Q(Le, "500", "万元")),
    ("2%以下", Q(Le, "2", "%")),
    // Durations and counts of years and months are no dates (issue 20).
    ("15年", Bare("15", "年")),
    ("2年", Bare("2", "年")),
    ("≥15年", Q(Ge, "15", "年")),
    ("3年内", Q(Le, "3", "年")),
    ("3个月", Bare("3", "个月")),
    ("12个月内", Q(Le, "12", "个月")),
    ("18月内", Q(Le, "18", "月")),
    ("6月内", Time),
    // Date ranges and dates with dots, slashes or hyphens (issue 15).
    ("2023.07-2024.01", Time),
    ("2023.7~2023.12", Time),
    ("2024-06-30", Time),
    ("2024/6/30前", Time),
    ("2024年3月至6月", Time),
    ("2023.13-2024.01", Bad),
    ("2024.01-2023.07", Bad),
    ("2024年6月至3月", Bad),
    ("2024年13月32日前", Bad),
    ("2024.5万元", Bare("2024.5", "万元")),
    // Comparator words.
    ("不低于90%", Q(Ge, "90", "%")),
    ("不少于200人", Q(Ge, "200", "人")),
    ("不小于1个", Q(Ge, "1", "个")),
    ("至少2次", Q(Ge, "2", "次")),
    ("不高于3%", Q(Le, "3", "%")),
    ("不超过500万元", Q(Le, "500", "万元")),
    ("不多于5件", Q(Le, "5", "件")),
    ("最多4篇", Q(Le, "4", "篇")),
    ("大于80%", Q(Gt, "80", "%")),
    ("高于上年", Bad),
    ("小于1%", Q(Lt, "1", "%")),
    ("低于2%", Q(Lt, "2", "%")),
    ("大于等于95%", Q(Ge, "95", "%")),
    ("小于或等于10天", Q(Le, "10", "天")),
    ("等于100%", Q(EQ, "100", "%")),
    ("100人以上", Q(Ge, "100", "人")),
    ("85%以上", Q(Ge, "85", "%")),
    ("90%及以上", Q(Ge, "90", "%")),
    ("5%以下", Q(Le, "5", "%")),
    ("3个工作日以内", Q(Le, "3", "个工作日")),
    ("15个工作日内", Q(Le, "15", "个工作日")),
    // Numbers.
    ("≥１２０人", Q(Ge, "120", "人")),
    ("≥1,346.5万平方米", Q(Ge, "1346.5", "万平方米")),
    ("≥1，200人", Q(Ge, "1200", "人")),
    ("=1346.0088万平方米", Q(EQ, "1346.0088", "万平方米")),
    ("≤2.5亿元", Q(Le, "2.5", "亿元")),
    ("≥0.5万人", Q(Ge, "0.5", "万人")),
    ("=98.5%", Q(EQ, "98.5", "%")),
    // Compound units.
    ("≥2次/月", Q(Ge, "2", "次/月")),
    ("≤50万元/年", Q(Le, "50", "万元/年")),
    ("≤50万/月", Q(Le, "50", "万元/月")),
    ("≤500元/人", Q(Le, "500", "元/人")),
    ("=800元/亩", Q(EQ, "800", "元/亩")),
    ("≤300元/人·月", Q(Le, "300", "元/人·月")),
    ("≥1次/季度", Q(Ge, "1", "次/季度")),
    ("≥95％", Q(Ge, "95", "%")),
    ("≥95百分比", Q(Ge, "95", "%")),
    ("≥3次/人", Q(Ge, "3", "次/人")),
    ("≤300元/人/月", Q(Le, "300", "元/人·月")),
    ("≥90%（抽样调查）", Q(Ge, "90", "%")),
    ("80%~90%以上", R("80", "90", "%")),
    ("1,2", Bad),
    // Counts with their nouns.
    ("=12期", Q(EQ, "12", "期")),
    ("≥6篇", Q(Ge, "6", "篇")),
    ("≥30件", Q(Ge, "30", "件")),
    ("≥500户", Q(Ge, "500", "户")),
    ("≥2000平方米", Q(Ge, "2000", "平方米")),
    ("≥12个月", Q(Ge, "12", "个月")),
    // Bare numbers: read as `=`.
    ("5个", Bare("5", "个")),
    ("100%", Bare("100", "%")),
    ("4000万元", Bare("4000", "万元")),
    ("12", Bare("12", "")),
    // Ranges.
    ("80%-90%", R("80", "90", "%")),
    ("5~8个", R("5", "8", "个")),
    ("5～8个", R("5", "8", "个")),
    ("3至5次", R("3", "5", "次")),
    ("10-20万元", R("10", "20", "万元")),
    ("90%-80%", Bad),
    // Dates and periods.
    ("2024年1月--2024年11月", Time),
    ("2024年6月30日前", Time),
    ("12月底前", Time),
    ("6月30日前完成", Time),
    ("2024年内", Time),
    ("按月", Time),
    ("每季度", Time),
    ("每年", Time),
    ("年底前", Time),
    ("按季度发放", Time),
    // Graded terms and yes/no.
    ("否", Yes(false)),
    ("优", Graded),
    ("良好", Graded),
    ("达到", Graded),
    ("基本达到", Graded),
    ("未达到", Graded),
    ("较高", Graded),
    ("有所提升", Graded),
    // Prose, kept as qualitative.
    ("按时足额发放", Words),
    ("群众满意度明显提高", Words),
    ("控制在预算内", Words),
    ("无重大安全事故", Words),
    // Placeholders.
    ("", Empty),
    ("——", Empty),
    ("/", Empty),
    ("无", Empty),
    ("  ", Empty),
    // Unreadable quantities.
    ("≧个", Bad),
    ("≥5个3", Bad),
    ("≥", Bad),
    ("不低于上年", Bad),
];

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn every_real_world_form_reads_as_documented() {
    assert!(
        CASES.len() >= 80,
        "the grammar is pinned by at least 80 real-world strings"
    );
    let mut failures = Vec::new();
    for (raw, want) in CASES {
        let got = Target::parse(*raw).value;
        let ok = match (want, &got) {
            (Q(cmp, n, unit), TargetValue::Quantity(q)) => {
                q.comparator == *cmp
                    && q.explicit_comparator
                    && q.value == dec(n)
                    && q.unit.to_string() == *unit
            }
            (Bare(n, unit), TargetValue::Quantity(q)) => {
                q.comparator == Comparator::Eq
                    && !q.explicit_comparator
                    && q.value == dec(n)
                    && q.unit.to_string() == *unit
            }
            (R(lo, hi, unit), TargetValue::Range(r)) => {
                r.low == dec(lo) && r.high == dec(hi) && r.unit.to_string() == *unit
            }
            (Time, TargetValue::Time) | (Graded, TargetValue::Graded) => true,
            (Words, TargetValue::Qualitative) | (Empty, TargetValue::Empty) => true,
            (Yes(b), TargetValue::YesNo(got)) => b == got,
            (Bad, TargetValue::Unreadable(_)) => true,
            _ => false,
        };
        if !ok {
            failures.push(format!("{raw:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn units_carry_their_meaning() {
    let q = Target::parse("≥1,346.5万平方米")
        .quantity()
        .cloned()
        .unwrap();
    assert_eq!(q.scaled_value(), Some(dec("13465000")));
    assert_eq!(q.unit.noun(), Some("平方米"));
    let q = Target::parse("≤50万元/月").quantity().cloned().unwrap();
    assert_eq!(
        q.unit,
        Unit::PerPeriod {
            base: Box::new(Unit::Money(MoneyUnit::Wan)),
            period: Period::Month
        }
    );
    let q = Target::parse("≤500元/人").quantity().cloned().unwrap();
    assert_eq!(q.unit.noun(), Some("人"));
}

#[test]
fn display_then_parse_is_stable() {
    for (raw, _) in CASES {
        if let TargetValue::Quantity(q) = Target::parse(*raw).value {
            let shown = q.to_string();
            let again = Target::parse(&shown).value;
            let TargetValue::Quantity(again) = again else {
                panic!("{raw} → {shown} → {again:?}")
            };
            assert_eq!(
                (again.comparator, again.value.normalize(), &again.unit),
                (q.comparator, q.value.normalize(), &q.unit),
                "{raw} → {shown}"
            );
        }
    }
}

#[test]
fn the_longest_placeholder_is_known() {
    let longest = super::words::PLACEHOLDERS
        .iter()
        .map(|p| p.chars().count())
        .max();
    assert_eq!(longest, Some(super::LONGEST_PLACEHOLDER));
    assert!(is_placeholder(" ———— "));
    assert!(!is_placeholder("—————"));
}

/// The one-pass readers (first byte first, earliest separator in one scan, no decoding of a
/// text without full-width bytes) read as the plain searches they replaced.
#[test]
fn the_fast_readers_read_as_the_plain_searches() {
    let plain_prefix = |text: &str| -> Option<Comparator> {
        PREFIXES
            .iter()
            .find_map(|&(word, cmp)| text.strip_prefix(word).map(|_| cmp))
            .or_else(|| {
                NUMBER_PREFIXES.iter().find_map(|&(word, cmp)| {
                    text.strip_prefix(word)
                        .filter(|rest| next_is_digit(rest.trim_start()))
                        .map(|_| cmp)
                })
            })
    };
    let plain_separator = |after: &str| -> Option<(usize, &str)> {
        RANGE_SEPARATORS
            .iter()
            .filter_map(|s| after.find(s).map(|i| (i, *s)))
            .min_by_key(|&(i, _)| i)
    };
    let plain_normalise = |raw: &str| -> String { raw.trim().chars().map(half_width).collect() };
    let texts = [
        "≥95%",
        "≧８５％",
        ">=3",
        "=>3",
        "大于或等于5",
        "大于5",
        "不低于９０％",
        "80%-90%",
        "80%--90%",
        "5~8个",
        "3至5次",
        "1—2",
        "1–2",
        "到2024年",
        "-5",
        "",
        " ",
        "　≥1 ",
        "═100",
        "﹥5",
        "1,346.5万元",
        "达到95%",
        "达到预期",
        "2024年1月--2024年11月",
        "５－８",
        "１／２",
        "中文至",
        "至",
        "--",
        "–",
        "是",
        "=<5",
        "<=5",
        "<5",
        ">5",
        "=5",
        "==5",
        "><5",
        "⩾5",
        "⩽5",
        "≤5",
        "≦5个",
        "a5",
        "5",
        "≥",
        ">",
        "大于",
        "达到",
        "＞＝５",
        "≥９５％",
        "５％",
        "﹦1",
        "≧1　",
        "～5",
        "5．5",
        "—",
    ];
    for text in texts {
        assert_eq!(split_prefix(text).0, plain_prefix(text), "{text}");
        let want = plain_separator(text);
        assert_eq!(first_separator(text), want, "{text}");
        assert_eq!(normalise(text), plain_normalise(text), "{text}");
    }
}

/// The walk on lead bytes answers as the `memchr3` search it replaced, for every character
/// of the planes targets use, alone and between others; and says yes wherever `half_width`
/// changes a character.
#[test]
fn may_change_reads_as_the_search() {
    let by_search = |b: &[u8]| {
        memchr::memchr3_iter(0xe2, 0xe3, 0xef, b).any(|at| {
            matches!(
                b.get(at..),
                Some([0xe2, 0x95, ..] | [0xe3, 0x80, ..] | [0xef, 0xb9 | 0xbc | 0xbd, ..])
            )
        })
    };
    let chars = (0..0x3100u32)
        .chain(0xfe00..0x1_0000)
        .chain([0x1_f600, 0x2_0000])
        .filter_map(char::from_u32);
    for c in chars {
        for text in [
            format!("{c}"),
            format!("中{c}文"),
            format!("a{c}"),
            format!("≥5{c}"),
        ] {
            let b = text.as_bytes();
            assert_eq!(may_change(b), by_search(b), "U+{:04X}", u32::from(c));
            assert!(
                half_width(c) == c || may_change(b),
                "U+{:04X}",
                u32::from(c)
            );
        }
    }
}
