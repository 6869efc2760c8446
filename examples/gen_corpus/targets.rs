//! 指标值 by the role of the row, in every form the target grammar reads
//! (`src/model/target/tests.rs`): comparator glyphs and words, postfix comparators, full-width
//! digits, thousands separators, compound and per-item units, ranges, dates, periods, yes/no,
//! graded and prose values. Forms that are findings (`≧个`, `——`, `≥120%`, bare `5个`…) live
//! in `defects.rs`; everything here is clean for the row it is generated for.

use super::Rng;

/// A target and, for a plain count (`≥300人`), its noun and value: a unit cost (`≤500元/人`)
/// is reconciled against the first count with its noun.
pub(crate) type Generated = (String, Option<(&'static str, u64)>);

fn fullwidth(n: u64) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
        .collect()
}

fn thousands(n: u64, sep: &str) -> String {
    if n < 1000 {
        return n.to_string();
    }
    format!("{}{sep}{:03}", n / 1000, n % 1000)
}

/// 数量指标: counts in the noun the row's name asks for.
pub(crate) fn quantity(rng: &mut Rng, name: &str) -> Generated {
    let n = rng.range(20, 900);
    let big = rng.range(1200, 9999);
    let k = rng.range(2, 12);
    let count = |t: String, noun: &'static str, v: u64| (t, Some((noun, v)));
    if name.ends_with("人次") {
        return match rng.below(2) {
            0 => (format!("≥{n}人次"), None),
            _ => (format!("≥{}人次", thousands(big, ",")), None),
        };
    }
    if name.ends_with("人数") {
        return match rng.below(8) {
            0 => count(format!(">={n}人"), "人", n),
            1 => count(format!("不少于{n}人"), "人", n),
            2 => count(format!("{n}人以上"), "人", n),
            3 => count(format!("≥{}人", fullwidth(n)), "人", n),
            4 => count(format!("≥{}人", thousands(big, ",")), "人", big),
            5 => count(format!("≥{}人", thousands(big, "，")), "人", big),
            6 => count(format!("≥{k}.5万人"), "人", k * 10_000 + 5_000),
            _ => count(format!("≧{n}人"), "人", n),
        };
    }
    if name.ends_with("户数") {
        return match rng.below(4) {
            0 => count(format!("=>{n}户"), "户", n),
            1 => count(format!("≥ {n} 户"), "户", n),
            2 => count(format!("{n}户及以上"), "户", n),
            _ => count(format!("≥{n}户"), "户", n),
        };
    }
    if name.ends_with("次数") {
        return match rng.below(5) {
            0 => count(format!("至少{k}次"), "次", k),
            1 => (format!("{}至{}次", k, k + 2), None),
            2 => (format!("≥{}次/月", k.min(4)), None),
            3 => (format!("≥{}次/季度", k.min(3)), None),
            _ => (format!("≥{}次/人", k.min(5)), None),
        };
    }
    if name.ends_with("期数") {
        return match rng.below(2) {
            0 => count(format!("⩾{k}期"), "期", k),
            _ => count(format!("={k}期"), "期", k),
        };
    }
    if name.ends_with("面积") {
        return match rng.below(3) {
            0 => (format!("≥{k}.5万平方米"), None),
            1 => (format!("={}.{:04}万平方米", n, big), None),
            _ => count(format!("≥{big}平方米"), "平方米", big),
        };
    }
    if name.ends_with("篇数") {
        return count(format!("≥{k}篇"), "篇", k);
    }
    if name.ends_with("件数") {
        return match rng.below(2) {
            0 => count(format!("大于等于{n}件"), "件", n),
            _ => count(format!("≥{n}件"), "件", n),
        };
    }
    if name.ends_with("份数") {
        return count(format!("≥{big}份"), "份", big);
    }
    if name.ends_with("月数") {
        return count(format!("≥{}个月", k.min(12)), "个月", k.min(12));
    }
    match rng.below(5) {
        0 => count(format!("≧{k}个"), "个", k),
        1 => count(format!("不小于{k}个"), "个", k),
        2 => (format!("{}~{}个", k, k + 3), None),
        3 => (format!("{}～{}个", k, k + 3), None),
        _ => count(format!("≥{n}个"), "个", n),
    }
}

/// 质量指标, higher is better: rates, yes/no, grades.
pub(crate) fn quality(rng: &mut Rng, name: &str) -> String {
    if name.starts_with("是否") {
        return "是".into();
    }
    if name.ends_with("等次") {
        return rng.pick(&["优", "良好", "达到", "基本达到"]).to_string();
    }
    let p = rng.range(85, 99);
    match rng.below(22) {
        0 => format!("≥{p}%"),
        1 => format!("≧{p}%"),
        2 => format!(">{p}%"),
        3 => "=100%".into(),
        4 => "＝100%".into(),
        5 => format!("不低于{p}%"),
        6 => format!("{p}%以上"),
        7 => format!("{p}%及以上"),
        8 => format!("={p}.5%"),
        9 => format!("≥{p}％"),
        10 => format!("≥{p}百分比"),
        11 => format!("大于等于{p}%"),
        12 => "等于100%".into(),
        13 => format!("大于{p}%"),
        14 => format!("＞{p}%"),
        15 => format!(">={p}%"),
        16 => format!("=>{p}%"),
        17 => format!("＞={p}%"),
        18 => "100%".into(),
        19 => format!("{}%-{}%", p - 5, p),
        20 => format!("＞＝{}％", fullwidth(p)),
        _ => format!("≥{p}%"),
    }
}

/// 质量指标, lower is better: error rates, complaints, accidents.
pub(crate) fn quality_low(rng: &mut Rng, name: &str) -> String {
    let p = rng.range(1, 5);
    if name.starts_with("是否") {
        return rng.pick(&["否", "无重大安全事故"]).to_string();
    }
    if name.ends_with("率") {
        return match rng.below(7) {
            0 => format!("<={p}%"),
            1 => format!("=<{p}%"),
            2 => format!("{p}%以下"),
            3 => format!("小于{p}%"),
            4 => format!("低于{p}%"),
            5 => format!("不高于{p}%"),
            _ => format!("≤{p}%"),
        };
    }
    match rng.below(5) {
        0 => format!("<{p}个"),
        1 => format!("＜{p}个"),
        2 => format!("不多于{p}件"),
        3 => format!("最多{p}篇"),
        _ => format!("⩽{p}次"),
    }
}

/// 时效指标: dates, deadlines, periods and durations.
pub(crate) fn timeliness(rng: &mut Rng, year: i64) -> String {
    let d = rng.range(3, 15);
    match rng.below(15) {
        0 => format!("{year}年12月底前"),
        1 => format!("{year}年6月30日前"),
        2 => "12月底前".into(),
        3 => "6月30日前完成".into(),
        4 => format!("{year}年内"),
        5 => "按月".into(),
        6 => "每季度".into(),
        7 => "每年".into(),
        8 => "年底前".into(),
        9 => "按季度发放".into(),
        10 => format!("{year}年1月--{year}年11月"),
        11 => format!("≦{d}天"),
        12 => format!("{d}个工作日以内"),
        13 => format!("{d}个工作日内"),
        _ => format!("小于或等于{d}天"),
    }
}

/// 效益指标 by 二级 (`economic`, `social`, `ecological`, `sustainable`).
pub(crate) fn effect(rng: &mut Rng, kind: &str, name: &str) -> Generated {
    let p = rng.range(80, 98);
    let k = rng.range(1, 9);
    let t: String = match kind {
        // At most 10 万元, the smallest budget generated: an economic benefit above the
        // budget is C014, a finding a clean file must not have.
        "economic" => match rng.below(3) {
            0 => format!("{}-{}万元", k, k + 1),
            1 => format!("≥{k}万元"),
            _ => "达到预期".into(),
        },
        "ecological" => rng
            .pick(&["达到国家标准", "达到", "基本达到", "未达到", "达到省定标准"])
            .to_string(),
        "sustainable" if name.contains("年限") => match rng.below(2) {
            0 => format!("≥{}年", k + 5),
            _ => format!("{}年", k + 5),
        },
        "sustainable" => rng.pick(&["有效建立", "长期", "较高", "良好"]).to_string(),
        _ => match rng.below(11) {
            0 => "达到预期目标".into(),
            1 => "较高".into(),
            // Not 明显改善 / 明显提高: a direction without a standard is I021 (issue 15).
            2 => "达到国家标准".into(),
            3 => "良好".into(),
            4 => "按时足额发放".into(),
            5 => "群众获得感增强".into(),
            6 => "正确精准解读政策".into(),
            7 => "及时发放".into(),
            8 => "优".into(),
            9 => format!("≥{p}%"),
            _ => "无重大安全事故".into(),
        },
    };
    (t, None)
}

/// 满意度指标: a realistic floor, never 100%.
pub(crate) fn satisfaction(rng: &mut Rng) -> String {
    let p = rng.range(85, 95);
    match rng.below(14) {
        0 => format!("≥{p}%"),
        1 => format!("≧{p}%"),
        2 => format!("不低于{p}%"),
        3 => format!("{p}%以上"),
        4 => format!("{p}%及以上"),
        5 => format!(">{p}%"),
        6 => format!("大于{p}%"),
        7 => format!("大于等于{p}%"),
        8 => format!("≥{p}％"),
        9 => format!("＞{p}%"),
        10 => format!(">={p}%"),
        11 => format!("=>{p}%"),
        12 => format!("⩾{p}%"),
        _ => format!("≥{p}百分比"),
    }
}

/// An exact decimal `value / 10^scale`, without trailing zeros.
pub(crate) fn decimal(value: i128, scale: u32) -> String {
    let div = 10_i128.pow(scale);
    let (int, frac) = (value / div, (value % div).abs());
    if frac == 0 {
        return int.to_string();
    }
    let digits = format!("{frac:0width$}", width = scale as usize);
    let sign = if value < 0 && int == 0 { "-" } else { "" };
    format!("{sign}{int}.{}", digits.trim_end_matches('0'))
}

/// A 成本指标 stating the total amount `cents` (hundredths of `unit`), written in one of the
/// accepted ways, all equal to (or capping at) the budget.
pub(crate) fn cost_total(rng: &mut Rng, cents: i128, yuan: bool) -> String {
    if yuan {
        let v = decimal(cents, 2);
        return match rng.below(3) {
            0 => format!("≤{v}元"),
            1 => format!("={v}元"),
            _ => format!("≤{}万元", decimal(cents, 6)),
        };
    }
    let v = decimal(cents, 2);
    match rng.below(9) {
        0 | 1 => format!("≤{v}万元"),
        2 => format!("={v}万元"),
        3 => format!("不超过{v}万元"),
        4 => format!("小于或等于{v}万元"),
        5 => format!("≤{}元", decimal(cents * 100, 0)),
        6 => format!("≤{}亿元", decimal(cents, 6)),
        7 => format!("不高于{v}万元"),
        _ => format!("⩽{v}万元"),
    }
}
