//! Word lists the reviewer rules use, as data: edit a list here (and its test) to widen or
//! narrow a rule, never the rule's code.

/// I021: phrases that state a direction without a standard (效果明显 — compared with what, by
/// how much?). A target made only of such words cannot be assessed at year end. States that
/// can be checked as met or not (有效保障, 及时发放) are not listed.
pub const VAGUE_TARGET: Words = Words::new(&[
    "效果明显",
    "效果显著",
    "成效明显",
    "成效显著",
    "明显改善",
    "明显提高",
    "明显提升",
    "明显增强",
    "明显增加",
    "持续加强",
    "显著提高",
    "显著提升",
    "显著改善",
    "有效提升",
    "有效提高",
    "有效改善",
    "有效促进",
    "进一步提高",
    "进一步提升",
    "进一步改善",
    "进一步增强",
    "进一步完善",
    "有所提高",
    "有所提升",
    "有所改善",
    "逐步提高",
    "逐步提升",
    "逐步改善",
    "不断提高",
    "不断提升",
    "稳步提升",
    "稳步提高",
    "大幅提升",
    "大幅提高",
    "得到提升",
    "得到提高",
    "得到改善",
    "持续改善",
    "持续提升",
]);

/// C015: words that describe an effect (效益) or satisfaction, not a cost: in a 成本指标 row
/// they mean the row measures the wrong thing.
/// 提升/提高/改善 are left out: in cost rows they name works (道路提升改造费), not effects.
pub const EFFECT_WORDS: Words =
    Words::new(&["效益", "效果", "满意", "促进", "带动", "增收", "受益"]);

/// C014: names of an 经济效益 row that claim income or output produced by the project (收入,
/// 收益 …), which the budget should plausibly explain. Other money an effect row names —
/// 追回被拖欠工资, 带动社会投资 — is not produced by the grant and is not compared.
pub const INCOME_WORDS: Words = Words::new(&[
    "收入", "增收", "收益", "效益", "产值", "利润", "创收", "营收",
]);

/// A word list, with the pairs of leading bytes its words start with (a bit set computed at
/// compile time): most places in a text start no word, and the set says so at once.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// The words, in order.
    pub list: &'static [&'static str],
    lead: [u64; 8],
}

/// A place's bit in [`Words::lead`], from its first two bytes: the low three bits of the
/// first (a Chinese character's first byte is E4–E9) and the low six of the second.
const fn lead_bit(first: u8, second: u8) -> usize {
    (((first & 0x7) as usize) << 6) | ((second & 0x3f) as usize)
}

impl Words {
    /// A list and its set of leading bytes.
    pub const fn new(list: &'static [&'static str]) -> Self {
        let mut lead = [0u64; 8];
        let mut words = list;
        while let [word, rest @ ..] = words {
            match word.as_bytes() {
                [first, second, ..] => {
                    let bit = lead_bit(*first, *second);
                    let mut at = 0;
                    let mut slots: &mut [u64] = &mut lead;
                    while let [slot, tail @ ..] = slots {
                        if at == bit / 64 {
                            *slot |= 1 << (bit % 64);
                        }
                        at += 1;
                        slots = tail;
                    }
                }
                // An empty or one-byte word could start anywhere: every bit.
                _ => lead = [u64::MAX; 8],
            }
            words = rest;
        }
        Self { list, lead }
    }

    /// Whether some word may start with `bytes`.
    fn may_start(&self, bytes: &[u8]) -> bool {
        let bit = match bytes {
            [first, second, ..] => lead_bit(*first, *second),
            // Too short for any word of two bytes or more.
            _ => return self.lead == [u64::MAX; 8],
        };
        self.lead
            .get(bit / 64)
            .is_some_and(|set| set & (1 << (bit % 64)) != 0)
    }
}

/// True when `text` contains one of `words`; returns the first found (first in the list).
///
/// One pass over `text`, trying the words only where the set of leading bytes says one may
/// start: searching for each of the 39 vague phrases in turn (`str::contains` sets up a
/// searcher per word) was 3% of `perf validate`.
pub fn first_in(text: &str, words: &Words) -> Option<&'static str> {
    // The earliest word (in list order) found so far: later places need only try those
    // before it.
    let mut best = words.list.len();
    let ends = text.char_indices().map(|(i, _)| i).chain([text.len()]);
    for at in ends {
        let rest = text.get(at..).unwrap_or_default().as_bytes();
        if !words.may_start(rest) {
            continue;
        }
        let found = words
            .list
            .iter()
            .take(best)
            .position(|w| rest.starts_with(w.as_bytes()));
        if let Some(k) = found {
            best = k;
            if best == 0 {
                break;
            }
        }
    }
    words.list.get(best).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_examples_are_listed() {
        for text in ["效果明显", "有效提升", "进一步提高", "明显改善"] {
            assert_eq!(first_in(text, &VAGUE_TARGET), Some(text));
        }
        assert_eq!(first_in("及时发放", &VAGUE_TARGET), None);
        assert_eq!(first_in("群众满意度提升", &EFFECT_WORDS), Some("满意"));
        assert_eq!(first_in("道路提升改造费", &EFFECT_WORDS), None);
    }

    /// The word returned is the first of the list the text contains, wherever it stands in
    /// the text, as `words.iter().find(|w| text.contains(w))` says.
    #[test]
    fn the_first_word_of_the_list_wins_wherever_it_stands() {
        const WORDS: Words = Words::new(&["满意", "效益", "益满", ""]);
        let words = WORDS.list;
        let cases = [
            ("效益满意", Some("满意")),
            ("效益", Some("效益")),
            ("经济效益满", Some("效益")),
            ("效益满", Some("效益")),
            ("无", Some("")),
            ("", Some("")),
        ];
        for (text, want) in cases {
            assert_eq!(first_in(text, &WORDS), want, "{text}");
            let plain = words.iter().copied().find(|w| text.contains(w));
            assert_eq!(first_in(text, &WORDS), plain, "{text}");
        }
        assert_eq!(first_in("", &Words::new(&["满意"])), None);
        assert_eq!(first_in("很满意", &Words::new(&["意", "满意"])), Some("意"));
        assert_eq!(first_in("ab", &Words::new(&["x", "b"])), Some("b"));
        for list in [VAGUE_TARGET, EFFECT_WORDS, INCOME_WORDS] {
            for word in list.list {
                let text = format!("目标{word}。");
                let plain = list.list.iter().copied().find(|w| text.contains(w));
                assert_eq!(first_in(&text, &list), plain);
            }
        }
    }
}
