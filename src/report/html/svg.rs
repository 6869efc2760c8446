//! Inline SVG charts for the HTML report: the cumulative spending plan against the 序时进度
//! line (with the actual spending to date when there is execution data), and budgets as
//! horizontal bars. Plain strings, no script; every label is escaped.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::args;
use crate::i18n::Lang;
use crate::model::money::format2;
use crate::report::html::esc;

/// The plan chart's size in CSS pixels (it scales with the page).
const W: f64 = 520.0;
const H: f64 = 240.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 30.0;

fn f(value: Decimal) -> f64 {
    value.to_f64().unwrap_or_default()
}

/// A line chart of cumulative % planned by the end of each month (`points`: month 1..=12 and
/// %), from 0 at the start of the year, with the 序时进度 diagonal (month ÷ 12) dashed.
pub fn plan_curve(points: &[(u32, Decimal)], lang: Lang) -> String {
    progress_curve(points, None, lang)
}

/// The actual cumulative spending of a chart: its points (month, % of the budget) and the
/// legend text (which names the as-of date; escaped here).
#[derive(Debug, Clone, Copy)]
pub struct Actual<'a> {
    /// Cumulative 执行率 by the end of each month with data.
    pub points: &'a [(u32, Decimal)],
    /// The legend entry.
    pub legend: &'a str,
}

/// [`plan_curve`], with the actual cumulative spending drawn over it when given.
pub fn progress_curve(points: &[(u32, Decimal)], actual: Option<Actual<'_>>, lang: Lang) -> String {
    let t = |key: &str| esc(&lang.text(key, &[]));
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |month: f64| LEFT + month / 12.0 * plot_w;
    // Percentages are drawn clamped to 0–100: a plan outside it is a finding, not a chart.
    let y = |percent: f64| TOP + (1.0 - percent.clamp(0.0, 100.0) / 100.0) * plot_h;
    let mut svg = format!(
        r#"<svg class="chart plan" viewBox="0 0 {W} {H}" role="img" aria-label="{title}"><title>{title}</title>"#,
        title = t("html.curve_title")
    );
    for p in [0, 25, 50, 75, 100] {
        let yy = y(f64::from(p));
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}"/><text class="axis" x="{:.1}" y="{:.1}" text-anchor="end">{p}%</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            yy + 4.0
        );
    }
    for m in [3, 6, 9, 12] {
        let xx = x(f64::from(m));
        let _ = write!(
            svg,
            r#"<text class="axis" x="{xx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            H - 10.0,
            esc(&lang.text("html.month", args!(month = m)))
        );
    }
    let _ = write!(
        svg,
        r#"<line class="elapsed" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
        x(0.0),
        y(0.0),
        x(12.0),
        y(100.0)
    );
    let mut line = format!("{:.1},{:.1}", x(0.0), y(0.0));
    for (month, percent) in points {
        let _ = write!(line, " {:.1},{:.1}", x(f64::from(*month)), y(f(*percent)));
    }
    let _ = write!(svg, r#"<polyline class="planned" points="{line}"/>"#);
    for (month, percent) in points.iter().filter(|(m, _)| [3, 6, 10, 12].contains(m)) {
        let _ = write!(
            svg,
            r#"<circle class="planned" cx="{:.1}" cy="{:.1}" r="3"><title>{} {}%</title></circle>"#,
            x(f64::from(*month)),
            y(f(*percent)),
            esc(&lang.text("report.month_end", args!(month = month))),
            format2(*percent)
        );
    }
    if let Some(actual) = actual {
        let mut line = format!("{:.1},{:.1}", x(0.0), y(0.0));
        for (month, percent) in actual.points {
            let _ = write!(line, " {:.1},{:.1}", x(f64::from(*month)), y(f(*percent)));
        }
        let _ = write!(svg, r#"<polyline class="actual" points="{line}"/>"#);
        for (month, percent) in actual.points {
            let _ = write!(
                svg,
                r#"<circle class="actual" cx="{:.1}" cy="{:.1}" r="2.5"><title>{} {}%</title></circle>"#,
                x(f64::from(*month)),
                y(f(*percent)),
                esc(&lang.text("report.month_end", args!(month = month))),
                format2(*percent)
            );
        }
        let _ = write!(
            svg,
            r#"<g class="legend"><line class="actual" x1="{:.1}" y1="58" x2="{:.1}" y2="58"/><text x="{:.1}" y="62">{}</text></g>"#,
            LEFT + 12.0,
            LEFT + 36.0,
            LEFT + 42.0,
            esc(actual.legend)
        );
    }
    let _ = write!(
        svg,
        r#"<g class="legend"><line class="planned" x1="{:.1}" y1="22" x2="{:.1}" y2="22"/><text x="{:.1}" y="26">{}</text><line class="elapsed" x1="{:.1}" y1="40" x2="{:.1}" y2="40"/><text x="{:.1}" y="44">{}</text></g></svg>"#,
        LEFT + 12.0,
        LEFT + 36.0,
        LEFT + 42.0,
        t("html.legend_planned"),
        LEFT + 12.0,
        LEFT + 36.0,
        LEFT + 42.0,
        t("html.legend_elapsed")
    );
    svg
}

/// Characters of a bar label before it is cut with `…` (the full name is in its tooltip).
const LABEL_CHARS: usize = 16;

/// Horizontal bars of amounts in 万元, one per (label, amount), longest bar = largest amount.
pub fn bars(items: &[(String, Decimal)], lang: Lang) -> String {
    const ROW: f64 = 22.0;
    const LABEL_W: f64 = 230.0;
    const VALUE_W: f64 = 80.0;
    let height = ROW * items.len() as f64 + 8.0;
    let bar_w = W + 120.0 - LABEL_W - VALUE_W;
    let max = items
        .iter()
        .map(|(_, v)| f(*v))
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let mut svg = format!(
        r#"<svg class="chart bars" viewBox="0 0 {:.0} {height:.0}" role="img" aria-label="{}"><title>{}</title>"#,
        W + 120.0,
        esc(&lang.text("html.bars_label", &[])),
        esc(&lang.text("html.bars_title", &[]))
    );
    for (i, (label, value)) in items.iter().enumerate() {
        let top = 4.0 + ROW * i as f64;
        let shown: String = if label.chars().count() > LABEL_CHARS {
            label.chars().take(LABEL_CHARS - 1).chain(['…']).collect()
        } else {
            label.clone()
        };
        let width = (f(*value).max(0.0) / max * bar_w).max(1.0);
        let _ = write!(
            svg,
            r#"<g><title>{} {} 万元</title><text class="label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{LABEL_W}" y="{:.1}" width="{width:.1}" height="{:.1}"/><text class="value" x="{:.1}" y="{:.1}">{}</text></g>"#,
            esc(label),
            format2(*value),
            LABEL_W - 8.0,
            top + 15.0,
            esc(&shown),
            top + 3.0,
            ROW - 6.0,
            LABEL_W + width + 6.0,
            top + 15.0,
            format2(*value)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_labels_are_escaped_and_cut() {
        let svg = bars(
            &[
                ("<b>".into(), Decimal::from(10)),
                (
                    "一二三四五六七八九十一二三四五六七八".into(),
                    Decimal::from(5),
                ),
            ],
            Lang::Zh,
        );
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains("一二三四五六七八九十一二三四五…"));
    }

    #[test]
    fn the_curve_starts_at_zero_and_has_the_elapsed_line() {
        let svg = plan_curve(
            &[(3, Decimal::from(20)), (12, Decimal::from(100))],
            Lang::Zh,
        );
        assert!(svg.contains(r#"class="elapsed""#));
        assert!(svg.contains("<polyline"));
        assert!(svg.contains("3月底 20.00%"));
        assert!(!svg.contains(r#"class="actual""#));
    }

    #[test]
    fn the_actual_series_is_drawn_with_an_escaped_legend() {
        let planned = [(6, Decimal::from(50)), (12, Decimal::from(100))];
        let actual = [(3, Decimal::from(10)), (6, Decimal::from(35))];
        let svg = progress_curve(
            &planned,
            Some(Actual {
                points: &actual,
                legend: "实际 <截至 2024-06-30>",
            }),
            Lang::Zh,
        );
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains(r#"<polyline class="actual""#));
        assert!(svg.contains("6月底 35.00%"));
        assert!(svg.contains("实际 &lt;截至 2024-06-30&gt;"));
    }
}
