//! Finding targets inside prose, such as a department's 分项绩效目标 (`带动就业、创业100人
//! 以上`, `受益群体满意度达到85%以上`), and reading each with the same grammar.

use crate::model::target::{Target, TargetValue, Unit};

/// Punctuation that ends a clause.
const CLAUSE_END: &[char] = &['，', '。', '；', '、', ',', ';', '：', ':', '（', '(', '\n'];

/// Comparator words that may stand right before a number in prose.
const LEAD_WORDS: &[&str] = &[
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "大于",
    "小于",
    "高于",
    "低于",
    "≥",
    "≧",
    "≤",
    "≦",
    ">",
    "<",
    "=",
];

/// Every quantity written in `text`, in order, each as the shortest clause that reads as a
/// quantity with a short unit (`100人以上`, `85%以上`, `55%`).
pub fn quantities(text: &str) -> Vec<Target> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(digit) = rest.find(|c: char| c.is_ascii_digit()) {
        let before = &rest[..digit];
        let lead = LEAD_WORDS
            .iter()
            .find(|w| before.ends_with(*w))
            .map_or(0, |w| w.len());
        let start = digit - lead;
        let clause_end = rest[digit..]
            .find(CLAUSE_END)
            .map_or(rest.len(), |i| digit + i);
        let clause = &rest[start..clause_end];
        if let Some(target) = shortest_reading(clause) {
            found.push(target);
        }
        // Skip past this number.
        let number_end = rest[digit..]
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .map_or(rest.len(), |i| digit + i);
        rest = &rest[number_end..];
    }
    found
}

/// The longest prefix of `clause` (cut at character boundaries) that reads as a quantity whose
/// unit is at most four characters, or carries a suffix comparator.
fn shortest_reading(clause: &str) -> Option<Target> {
    let ends: Vec<usize> = clause
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain([clause.len()])
        .collect();
    ends.iter().rev().find_map(|&end| {
        let target = Target::parse(&clause[..end]);
        match &target.value {
            TargetValue::Quantity(q)
                if q.unit != Unit::None && q.unit.to_string().chars().count() <= 4 =>
            {
                Some(target)
            }
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_seed_objectives_numbers() {
        let raws = |text: &str| {
            quantities(text)
                .into_iter()
                .map(|t| t.raw)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            raws("促进区内就业、创业工作的发展，发挥财政资金使用效益，带动就业、创业100人以上。"),
            ["100人以上"]
        );
        assert_eq!(
            raws("养老金征缴任务完成率为100%，受益群体满意度达到85%以上。"),
            ["100%", "85%以上"]
        );
        assert_eq!(
            raws("根据文件要求社保保障费提取比例为区片价的55%，风险基金提取比例均为15%。"),
            ["55%", "15%"]
        );
        assert!(raws("做好全区离退休人员各项工作。").is_empty());
    }
}
