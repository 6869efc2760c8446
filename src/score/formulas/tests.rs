//! The 自评 formulas, table-driven: each case is a target and an actual as a unit would write
//! them, with the completion worked out by hand.

use super::*;
use crate::model::execution::GradeMark;
use crate::model::target::Target;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn row(target: &str, actual: Option<&str>, grade: Option<&str>) -> Indicator {
    let mut i = Indicator::new("产出指标", "数量指标", "测试指标", target);
    i.progress.actual = actual.map(Target::parse);
    i.progress.grade = grade.map(|g| GradeMark::parse(g).unwrap());
    i
}

/// Completion rounded to four decimals (0.01%), the precision scores use.
fn completion(i: &Indicator) -> (Method, Decimal) {
    match assess(i, d("50")) {
        Assessed::Done(c) => (c.method, c.ratio.round_dp(4)),
        other => panic!("{}: not computed: {other:?}", i.target.raw),
    }
}

#[test]
fn quantitative_formulas_match_hand_computation() {
    use Method::{Exact, Negative, Positive, Within, YesNo};
    let cases: &[(&str, &str, Method, &str)] = &[
        // 正向 B/A: 1180 ÷ 1200 = 0.98333…
        ("≥1200人", "1180人", Positive, "0.9833"),
        // Over the target: 412 ÷ 400 = 1.03 (capped only when scored).
        ("≥400人", "412人", Positive, "1.03"),
        // > reads like ≥.
        (">95%", "96%", Positive, "1.0105"),
        // Scales convert: 12000人 ÷ 1万人 = 1.2.
        ("≥1万人", "12000人", Positive, "1.2"),
        // A target of 0 is met by any actual.
        ("≥0个", "3个", Positive, "1"),
        // 反向 A/B: 800 ÷ 792 = 1.0101…
        ("≤800万元", "792万元", Negative, "1.0101"),
        // Missed cap: 15 ÷ 18 = 0.8333…
        ("≤15个工作日", "18个工作日", Negative, "0.8333"),
        // Money units convert: 0.4亿元 = 4000万元; 4000 ÷ 3800 = 1.0526…
        ("≤0.4亿元", "3800万元", Negative, "1.0526"),
        ("≤4000万元", "42000000元", Negative, "0.9524"),
        // Nothing spent against a cap meets it.
        ("≤5起", "0起", Negative, "1"),
        // = : met or not.
        ("=100%", "100%", Exact, "1"),
        // An `=` missed is scored in proportion by the row's direction (数量指标: a floor).
        ("=100%", "99.6%", Positive, "0.996"),
        ("=0起", "2起", Exact, "0"),
        ("=7000万元", "0.7亿元", Exact, "1"),
        // Ranges: inside met; below B/L (60 ÷ 70); above H/B (85 ÷ 90).
        ("70%-85%", "80%", Within, "1"),
        ("70%-85%", "60%", Within, "0.8571"),
        ("70%-85%", "90%", Within, "0.9444"),
        // 是/否.
        ("是", "是", YesNo, "1"),
        ("是", "否", YesNo, "0"),
    ];
    for &(target, actual, method, expected) in cases {
        let got = completion(&row(target, Some(actual), None));
        assert_eq!(got, (method, d(expected)), "{target} / {actual}");
    }
}

#[test]
fn a_stated_direction_wins_over_the_comparator() {
    let mut i = row("95%", Some("90%"), None);
    i.direction = Some(Direction::Positive);
    // 90 ÷ 95 = 0.947368…
    assert_eq!(completion(&i), (Method::Positive, d("0.9474")));
    i.direction = Some(Direction::Negative);
    // 95 ÷ 90 = 1.0555…
    assert_eq!(completion(&i), (Method::Negative, d("1.0556")));
}

#[test]
fn qualitative_rows_score_from_their_grade() {
    let cases: &[(&str, &str, &str)] = &[
        ("及时发放", "达成", "1"),
        ("及时发放", "达成 85%", "0.85"),
        // Without a percentage, 部分达成 gives the band's floor (50% by default).
        ("逐步提高", "部分达成", "0.5"),
        ("逐步提高", "部分达成 70%", "0.7"),
        ("2024年12月底前", "未达成", "0"),
        ("2024年12月底前", "未达成 30%", "0.3"),
        // A quantitative row without an actual falls back to its grade.
        ("≥6个", "部分达成 60%", "0.6"),
    ];
    for &(target, grade, expected) in cases {
        let got = completion(&row(target, None, Some(grade)));
        assert_eq!(got, (Method::Graded, d(expected)), "{target} / {grade}");
    }
    // With a configured floor of 60, a bare 部分达成 gives 60%.
    match assess(&row("逐步提高", None, Some("部分达成")), d("60")) {
        Assessed::Done(c) => assert_eq!(c.ratio, d("0.6")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rows_without_usable_data_say_why() {
    let cases: &[(Indicator, Assessed)] = &[
        (
            row("≥1200人", None, None),
            Assessed::Missing(Missing::NoActual),
        ),
        (row("是", None, None), Assessed::Missing(Missing::NoActual)),
        (
            row("及时发放", Some("已发放"), None),
            Assessed::Missing(Missing::Guess),
        ),
        (
            row("及时发放", None, None),
            Assessed::Missing(Missing::NoGrade),
        ),
        (
            row("≥266米", Some("≥266米"), None),
            Assessed::Missing(Missing::Restated),
        ),
        (
            row("95%", Some("≥95%"), None),
            Assessed::Missing(Missing::Restated),
        ),
        (
            row("≥1200人", Some("1200人次"), None),
            Assessed::Missing(Missing::Incomparable),
        ),
        (
            row("≥95%", Some("96人"), None),
            Assessed::Missing(Missing::Incomparable),
        ),
        (
            row("是", Some("1200人"), None),
            Assessed::Missing(Missing::Incomparable),
        ),
    ];
    for (i, expected) in cases {
        assert_eq!(&assess(i, d("50")), expected, "{}", i.target.raw);
    }
    let mut dropped = row("≥1200人", Some("1180人"), None);
    dropped.progress.applicable = false;
    assert_eq!(assess(&dropped, d("50")), Assessed::NotApplicable);
}

#[test]
fn bands_and_default_percentages() {
    let fifty = d("50");
    assert_eq!(
        grade_band(Grade::Achieved, fifty),
        (d("80"), d("100"), true)
    );
    assert_eq!(grade_band(Grade::Partial, fifty), (fifty, d("80"), false));
    assert_eq!(
        grade_band(Grade::Missed, fifty),
        (Decimal::ZERO, fifty, false)
    );
    let mark = |g| GradeMark {
        grade: g,
        percent: None,
    };
    assert_eq!(grade_percent(mark(Grade::Achieved), fifty), d("100"));
    assert_eq!(grade_percent(mark(Grade::Partial), fifty), fifty);
    assert_eq!(grade_percent(mark(Grade::Missed), fifty), Decimal::ZERO);
}

#[test]
fn met_means_full_completion_or_the_top_band() {
    let done = |target, actual| match assess(&row(target, Some(actual), None), d("50")) {
        Assessed::Done(c) => c.is_met(),
        other => panic!("{other:?}"),
    };
    assert!(done("≥400人", "412人"));
    assert!(!done("≥150个", "146个"));
    assert!(done("≤60万元", "60万元"));
    let graded = |g| match assess(&row("及时", None, Some(g)), d("50")) {
        Assessed::Done(c) => c.is_met(),
        other => panic!("{other:?}"),
    };
    assert!(graded("达成 85%"));
    assert!(!graded("部分达成 79%"));
}

/// 10号: 定量指标完成的得满分，未完成的按完成值与指标值的比例记分. A target written without a
/// comparator is read by the direction, never all or nothing; unitless actuals take the
/// target's unit; words score by the word table. Each line worked out by hand.
#[test]
fn bare_targets_bare_actuals_and_words_score_as_units_do() {
    use Method::{Negative, Positive, Words};
    // (target, actual, direction written, method, completion, target read bare,
    // actual read in the target's unit)
    type Case<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Method,
        &'a str,
        bool,
        bool,
    );
    let cases: &[Case<'_>] = &[
        // The cases: 95% with 100% is met (1.0526, capped when scored), not 0.
        ("95%", "100%", None, Positive, "1.0526", true, false),
        // 52 with 10: 10 ÷ 52 = 0.1923 (20 × 0.1923 = 3.85, the unit's own arithmetic).
        ("52个", "10个", None, Positive, "0.1923", true, false),
        // A stated 反向 reads a bare cap: 30 ÷ 36 = 0.8333.
        (
            "30天",
            "36天",
            Some("反向"),
            Negative,
            "0.8333",
            false,
            false,
        ),
        // 90 for ≥85%: read as 90%: 90 ÷ 85 = 1.0588.
        ("≥85%", "90", None, Positive, "1.0588", false, true),
        // 80 for ≥85%: 80 ÷ 85 = 0.9412.
        ("≥85%", "80", None, Positive, "0.9412", false, true),
        // Words in place of a number.
        ("≥95%", "达成预期指标", None, Words, "1", false, false),
        ("是", "已完成", None, Words, "1", false, false),
        ("有效提升", "有效", None, Words, "1", false, false),
        ("2023年12月底前", "按时完成", None, Words, "1", false, false),
        ("明显改善", "达到预期", None, Words, "1", false, false),
        // 基本 gives the 部分达成 floor (50%); 未… gives nothing.
        ("全面完成", "基本完成", None, Words, "0.5", false, false),
        ("按期", "未按期完成", None, Words, "0", false, false),
    ];
    for &(target, actual, direction, method, expected, bare, unit) in cases {
        let mut i = row(target, Some(actual), None);
        i.direction = direction.and_then(crate::model::project::Direction::from_label);
        match assess(&i, d("50")) {
            Assessed::Done(c) => {
                assert_eq!(
                    (c.method, c.ratio.round_dp(4)),
                    (method, d(expected)),
                    "{target} / {actual}"
                );
                assert_eq!(c.reading.bare_target.is_some(), bare, "{target} / {actual}");
                assert_eq!(c.reading.actual_in_target_unit, unit, "{target} / {actual}");
            }
            other => panic!("{target} / {actual}: {other:?}"),
        }
    }
    // A written grade wins over the words.
    let graded = row("有效", Some("有效"), Some("部分达成 70%"));
    assert_eq!(completion(&graded), (Method::Graded, d("0.7")));
    // A direction inferred (数量指标 is a floor) is no assumption.
    let Assessed::Done(c) = assess(&row("95%", Some("90%"), None), d("50")) else {
        panic!("not computed")
    };
    assert_eq!(c.reading.bare_target, Some((Direction::Positive, false)));
    // Nothing to infer from (a 二级 perf does not know, no unit, a plain name): 正向, and
    // the reading says it was assumed.
    let mut unknown = Indicator::new("产出指标", "其他", "测试指标", "95");
    unknown.progress.actual = Some(Target::parse("90"));
    let Assessed::Done(c) = assess(&unknown, d("50")) else {
        panic!("not computed")
    };
    assert_eq!(c.reading.bare_target, Some((Direction::Positive, true)));
}
