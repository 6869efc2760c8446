//! P: a project states its purpose and goals, its indicators cover what the review expects
//! (产出 with 数量/质量/时效/成本, 效益, 满意度 — 完整性), and every goal is reflected by some
//! indicator (相关性).

use crate::args;
use crate::diag::Diagnostic;
use crate::diag::registry::{
    EFFECT_MISSING, GOAL_UNMATCHED, GOALS_EMPTY, OUTPUT_COVERAGE, PURPOSE_MISSING,
    SATISFACTION_MISSING,
};
use crate::model::framework::{Level1, Level2, Preset};
use crate::rules::ProjectCtx;

/// Checks purpose, goals and indicator coverage.
pub fn check(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    let project = ctx.project;
    let spans = ctx.spans;
    if project
        .purpose
        .as_deref()
        .is_none_or(|p| p.trim().is_empty())
    {
        out.push(
            ctx.finding(
                &PURPOSE_MISSING,
                spans.purpose.as_ref().or(spans.name.as_ref()),
                ctx.t("P005.message", &[]),
            )
            .with_help(ctx.t("P005.help", &[])),
        );
    }
    if spans.goals.is_some() && project.goals.iter().all(|g| g.trim().is_empty()) {
        out.push(
            ctx.finding(
                &GOALS_EMPTY,
                spans.goals.as_ref(),
                ctx.t("P001.message", &[]),
            )
            .with_help(ctx.t("P001.help", &[])),
        );
    }
    if project.indicators.is_empty() {
        return;
    }
    check_coverage(ctx, out);
    check_goal_relevance(ctx, out);
}

fn check_coverage(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    // A blank template row (I020) still counts by its labels: its emptiness is said once
    // there, not again as a "missing" 数量/质量/… here.
    // What the rows hold, in one pass over them (a pass per question was a visible share
    // of this rule).
    let f101 = ctx.framework() == Preset::F101;
    let mut seen = Seen::default();
    for i in &ctx.project.indicators {
        // A row whose level cannot be read at all (both labels unknown, said once by
        // I001/I002) could be any kind: coverage is not judged rather than reported falsely.
        let Some(level1) = i.level1_read() else {
            return;
        };
        if level1 == Level1::Output {
            match i.level2 {
                Some(Level2::Quantity) => seen.quantity = true,
                Some(Level2::Quality) => seen.quality = true,
                Some(Level2::Timeliness) => seen.timeliness = true,
                // An 产出 row with an unknown 二级 may be the very 数量/质量/时效/成本 row
                // "missing".
                None => seen.output_unknown = true,
                Some(_) => {}
            }
        }
        // 101号 makes 成本 a 一级; elsewhere a 成本 二级 (under 产出, or the 101号 form)
        // counts.
        seen.cost |=
            level1 == Level1::Cost || (!f101 && i.level2.is_some_and(Level2::is_money_cost));
        seen.effect |= level1 == Level1::Effect;
        seen.satisfaction |= i.is_satisfaction();
    }
    let at = ctx.spans.name.as_ref();
    let kinds = [
        (seen.quantity, Level2::Quantity),
        (seen.quality, Level2::Quality),
        (seen.timeliness, Level2::Timeliness),
        (seen.cost, Level2::Cost),
    ];
    let mut missing: Vec<Level2> = kinds
        .into_iter()
        .filter(|&(has, _)| !has && !seen.output_unknown)
        .map(|(_, level2)| level2)
        .collect();
    // Under 101号 成本 is a 一级 of its own: a row of another kind, said on its own.
    let cost_101 = ctx.framework() == Preset::F101 && missing.last() == Some(&Level2::Cost);
    if cost_101 {
        missing.pop();
    }
    // One finding names every 二级 missing under 产出: one gap in the table, said once
    // (three findings on the same name read as three problems).
    if !missing.is_empty() {
        let what: Vec<String> = missing
            .iter()
            .map(|level2| {
                let term = match level2 {
                    Level2::Quantity => "term.quantity_indicator",
                    Level2::Quality => "term.quality_indicator",
                    Level2::Timeliness => "term.timeliness_indicator",
                    _ => "term.cost_indicator",
                };
                ctx.t(term, &[])
            })
            .collect();
        let rows: Vec<String> = missing
            .iter()
            .map(|level2| ctx.t("P002.row", args!(level2 = level2.label())))
            .collect();
        let (what, rows) = (
            what.join(&ctx.t("P002.and", &[])),
            rows.join(&ctx.t("P002.rows_joined", &[])),
        );
        let help = if missing.len() == 1 {
            ctx.t("P002.help", args!(row = rows))
        } else {
            ctx.t("P002.help_rows", args!(rows = rows))
        };
        out.push(
            ctx.finding(
                &OUTPUT_COVERAGE,
                at,
                ctx.t("P002.message", args!(what = what)),
            )
            .with_help(help),
        );
    }
    if cost_101 {
        out.push(
            ctx.finding(&OUTPUT_COVERAGE, at, ctx.t("P002.cost_101", &[]))
                .with_help(ctx.t("P002.cost_101_help", &[])),
        );
    }
    if !seen.effect {
        out.push(
            ctx.finding(&EFFECT_MISSING, at, ctx.t("P003.message", &[]))
                .with_help(ctx.t("P003.help", &[])),
        );
    }
    if !seen.satisfaction {
        out.push(
            ctx.finding(&SATISFACTION_MISSING, at, ctx.t("P004.message", &[]))
                .with_help(ctx.t("P004.help", &[])),
        );
    }
}

/// What [`check_coverage`] looks for among a project's rows.
#[derive(Default)]
struct Seen {
    quantity: bool,
    quality: bool,
    timeliness: bool,
    cost: bool,
    output_unknown: bool,
    effect: bool,
    satisfaction: bool,
}

/// Two-character words too common in these tables to show that a goal and an indicator are
/// about the same thing.
const COMMON_BIGRAMS: &[&str] = &[
    "确保", "按照", "相关", "规定", "工作", "进行", "顺利", "开展", "提高", "及时", "保障", "项目",
    "资金", "使用", "情况", "是否", "完成", "按时", "有关", "加强", "做好", "实现", "落实",
];

/// A two-character word as one number: sorted numbers instead of sets of strings make this
/// rule cheap (with strings it took a quarter of `perf validate` on a large tree).
fn pack(first: char, second: char) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// [`COMMON_BIGRAMS`], packed once and sorted (searched once per distinct word of a goal).
static COMMON_PACKED: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut packed: Vec<u64> = COMMON_BIGRAMS
        .iter()
        .filter_map(|common| {
            let mut chars = common.chars();
            Some(pack(chars.next()?, chars.next()?))
        })
        .collect();
    packed.sort_unstable();
    packed
});

/// [`COMMON_PACKED`] as a filter: most words are not common, and the filter says so
/// without a search.
static COMMON_FILTER: std::sync::LazyLock<Filter> =
    std::sync::LazyLock::new(|| COMMON_PACKED.iter().copied().collect());

fn is_common(word: u64) -> bool {
    COMMON_FILTER.may_hold(word) && COMMON_PACKED.binary_search(&word).is_ok()
}

/// A set of packed words as 1,024 bits, one per word (hashed): a word whose bit is clear is
/// not in the set. Answers most questions of a goal's words without a binary search (those
/// searches were most of what this rule cost).
#[derive(Default)]
struct Filter([u64; 16]);

impl Filter {
    fn place(word: u64) -> (usize, u64) {
        let hash = word.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54;
        // `hash` is below 1,024.
        let at = usize::try_from(hash >> 6).unwrap_or_default();
        (at, 1 << (hash & 63))
    }

    fn add(&mut self, word: u64) {
        let (at, bit) = Self::place(word);
        if let Some(slot) = self.0.get_mut(at) {
            *slot |= bit;
        }
    }

    fn may_hold(&self, word: u64) -> bool {
        let (at, bit) = Self::place(word);
        self.0.get(at).is_some_and(|slot| slot & bit != 0)
    }
}

impl FromIterator<u64> for Filter {
    fn from_iter<I: IntoIterator<Item = u64>>(words: I) -> Self {
        let mut filter = Self::default();
        for word in words {
            filter.add(word);
        }
        filter
    }
}

/// Appends to `out` the two-character windows of a text's Han characters (punctuation and
/// ASCII split it), packed, sorted and without repeats. Appending to one buffer for all of a
/// project's goals spares a vector per goal (with one each, this was 4% of `perf validate`).
fn bigrams_into(text: &str, out: &mut Vec<u64>) {
    let start = out.len();
    for_each_bigram(text, |w| {
        out.push(w);
        false
    });
    let own = out.get_mut(start..).unwrap_or_default();
    own.sort_unstable();
    let mut kept = start;
    for i in start..out.len() {
        let Some(&w) = out.get(i) else { break };
        // Sorted: a repeat follows its first copy.
        let repeat = kept > start && out.get(kept - 1) == Some(&w);
        if !repeat && !is_common(w) {
            if let Some(slot) = out.get_mut(kept) {
                *slot = w;
            }
            kept += 1;
        }
    }
    out.truncate(kept);
}

#[cfg(test)]
fn bigrams(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    bigrams_into(text, &mut out);
    out
}

/// Calls `each` on every two-character window of the Han characters of `text`, until it
/// returns true (stop).
fn for_each_bigram(text: &str, mut each: impl FnMut(u64) -> bool) -> bool {
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let mut previous = None;
    for c in text.chars() {
        if !han(c) {
            previous = None;
            continue;
        }
        if let Some(p) = previous
            && each(pack(p, c))
        {
            return true;
        }
        previous = Some(c);
    }
    false
}

/// 相关性: each goal shares at least one key word with some indicator's name or description.
fn check_goal_relevance(ctx: &ProjectCtx<'_>, out: &mut Vec<Diagnostic>) {
    // Each goal's words, sorted; indicator texts are scanned once, window by window, and the
    // scan stops as soon as every goal has met one of its words (usually within a row or
    // two). A goal with no words of its own is never reported.
    // One buffer of words for all goals; each goal holds its range of it and whether it has
    // met one of them (a goal without words has nothing to meet).
    // Both lists are kept by the thread from project to project (two allocations a file
    // otherwise, one in forty of `perf validate`'s).
    thread_local! {
        static SCRATCH: std::cell::RefCell<GoalScratch> = const {
            std::cell::RefCell::new((Vec::new(), Vec::new()))
        };
    }
    let scratch = SCRATCH.try_with(|s| s.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)));
    let (mut words, mut state) = match scratch {
        Ok(Ok(taken)) => taken,
        _ => GoalScratch::default(),
    };
    words.clear();
    state.clear();
    goal_relevance(ctx, &mut words, &mut state, out);
    let _ = SCRATCH.try_with(|s| {
        // Not the lists of an outsized file: they would be held to the end.
        if let Ok(mut s) = s.try_borrow_mut()
            && words.capacity() <= 4096
        {
            *s = (words, state);
        }
    });
}

/// Each goal's words (sorted, in one list), and each goal's range of them with whether a row
/// has met one.
type GoalScratch = (Vec<u64>, Vec<(std::ops::Range<usize>, bool)>);

fn goal_relevance(
    ctx: &ProjectCtx<'_>,
    words: &mut Vec<u64>,
    state: &mut Vec<(std::ops::Range<usize>, bool)>,
    out: &mut Vec<Diagnostic>,
) {
    let goals = &ctx.project.goals;
    words.reserve(goals.iter().map(|g| g.len() / 3).sum());
    for goal in goals {
        let start = words.len();
        bigrams_into(goal, words);
        state.push((start..words.len(), words.len() == start));
    }
    let mut open = state.iter().filter(|(_, m)| !*m).count();
    let filter: Filter = words.iter().copied().collect();
    'rows: for i in &ctx.project.indicators {
        let texts = [
            i.name.as_str(),
            i.description.as_deref().unwrap_or_default(),
        ];
        for text in texts {
            let done = open == 0
                || for_each_bigram(text, |w| {
                    if !filter.may_hold(w) {
                        return false;
                    }
                    for (range, m) in state.iter_mut() {
                        if !*m
                            && words
                                .get(range.clone())
                                .is_some_and(|own| own.binary_search(&w).is_ok())
                        {
                            *m = true;
                            open -= 1;
                        }
                    }
                    open == 0
                });
            if done {
                break 'rows;
            }
        }
    }
    for (i, goal) in ctx.project.goals.iter().enumerate() {
        if state.get(i).is_none_or(|(_, m)| *m) {
            continue;
        }
        let at = ctx.spans.goal_items.get(i).or(ctx.spans.goals.as_ref());
        out.push(
            ctx.finding(
                &GOAL_UNMATCHED,
                at,
                ctx.t("P006.message", args!(n = i + 1, goal = goal.trim())),
            )
            .with_help(ctx.t("P006.help", &[])),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_skip_punctuation_and_common_words() {
        let words = bigrams("及时拨付，缴纳国库。");
        let has = |w: &str| {
            let mut c = w.chars();
            let word = pack(c.next().unwrap(), c.next().unwrap());
            words.binary_search(&word).is_ok()
        };
        assert!(has("拨付") && has("国库"));
        assert!(!has("付缴") && !has("及时"));
    }

    /// Several 二级 missing under 产出 are one gap in the table: one P002 names them all, and
    /// its help names one row each (the editor's quick fix adds those rows).
    #[test]
    fn missing_output_kinds_are_said_once() {
        use crate::config::settings::Settings;
        use crate::rules::testing::{clean_with, findings_with};
        // Rows moved from 产出 to 效益: known 二级, so nothing is left unread.
        const OUTPUT_QUANTITY: &str = "level1 = \"产出指标\"\nlevel2 = \"数量指标\"";
        const OUTPUT_TIMELINESS: &str = "level1 = \"产出指标\"\nlevel2 = \"时效指标\"";
        const SOCIAL: &str = "level1 = \"效益指标\"\nlevel2 = \"社会效益指标\"";
        let text = clean_with(OUTPUT_QUANTITY, SOCIAL).replacen(OUTPUT_TIMELINESS, SOCIAL, 1);
        let found = findings_with(&text, &Settings::default(), check);
        let p002: Vec<_> = found.iter().filter(|d| d.rule.code == "P002").collect();
        assert_eq!(p002.len(), 1, "{found:?}");
        assert_eq!(p002[0].message, "产出指标缺少数量指标、时效指标");
        assert_eq!(
            p002[0].help.as_deref(),
            Some(
                "每样补一行：`level1 = \"产出指标\"`、`level2 = \"数量指标\"`；\
                 `level1 = \"产出指标\"`、`level2 = \"时效指标\"`"
            )
        );
        // One missing reads as it always did.
        let one = clean_with(OUTPUT_QUANTITY, SOCIAL);
        let found = findings_with(&one, &Settings::default(), check);
        let help: Vec<_> = found.iter().filter_map(|d| d.help.as_deref()).collect();
        assert!(
            help.contains(&"补一行 `level1 = \"产出指标\"`、`level2 = \"数量指标\"` 的指标"),
            "{found:?}"
        );
    }
}
