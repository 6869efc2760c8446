//! Which part of the official form a finding is about — the 项目名称 row, an amount, a plan
//! checkpoint, a goal, one cell of an indicator row — found from the finding's place in the
//! TOML file and the file's spans. The Excel export turns a spot into the cell it wrote,
//! so a clerk reads "C14" where a TOML position (`48:8`) would mean nothing.

use std::ops::Range;

use crate::model::spans::ProjectSpans;

/// A part of the 项目绩效目标表.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Spot {
    /// The table as a whole (its title): the finding is about no one field.
    #[default]
    Table,
    /// 项目名称.
    Name,
    /// 项目编码.
    Code,
    /// 主管部门.
    Department,
    /// 预算数.
    Total,
    /// 其中：财政资金.
    Fiscal,
    /// 其他资金.
    Other,
    /// 资金用途.
    Purpose,
    /// The 资金支出计划 as a whole, or one checkpoint (index in month order).
    Plan(Option<usize>),
    /// A goal (index), or the goals as a whole.
    Goal(Option<usize>),
    /// One cell of an indicator row: the row's position in the file, and the column.
    Indicator(usize, IndicatorCell),
}

/// The cell of an indicator row a finding points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorCell {
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标 (also the row as a whole).
    Name,
    /// 指标值 (also the row's monitoring and 自评 keys, which the form has no cell for).
    Target,
    /// 指标值确定依据.
    Basis,
}

/// The spot of the byte `offset` in a project file with `spans`; [`Spot::Table`] when the
/// finding has no place or its place is none of the form's fields.
pub fn spot(spans: &ProjectSpans, offset: Option<usize>) -> Spot {
    let Some(at) = offset else {
        return Spot::Table;
    };
    let inside = |range: &Option<Range<usize>>| range.as_ref().is_some_and(|r| r.contains(&at));
    // A row's own table span may be only its `[[indicator]]` header, so its cells are
    // looked for by their own spans first.
    for (position, row) in spans.indicators.iter().enumerate() {
        let cell = if row.level1.contains(&at) {
            IndicatorCell::Level1
        } else if row.level2.contains(&at) {
            IndicatorCell::Level2
        } else if inside(&row.basis) {
            IndicatorCell::Basis
        } else if row.target.contains(&at) || inside(&row.progress.actual) {
            IndicatorCell::Target
        } else if row.name.contains(&at) || row.row.contains(&at) {
            IndicatorCell::Name
        } else {
            continue;
        };
        return Spot::Indicator(position, cell);
    }
    // Elsewhere in a row's body (its weight, a reason): the last row that starts before.
    let other_tables = [&spans.budget, &spans.plan, &spans.goals];
    let in_execution = spans
        .execution
        .as_ref()
        .is_some_and(|e| e.table.contains(&at));
    let in_project = spans.project.contains(&at);
    if !in_execution
        && !in_project
        && !other_tables.into_iter().any(inside)
        && let Some(position) = spans.indicators.iter().rposition(|row| row.row.start <= at)
    {
        return Spot::Indicator(position, IndicatorCell::Name);
    }
    if let Some(i) = spans.goal_items.iter().position(|r| r.contains(&at)) {
        return Spot::Goal(Some(i));
    }
    if let Some(i) = spans.plan_points.iter().position(|r| r.contains(&at)) {
        return Spot::Plan(Some(i));
    }
    let fields = [
        (&spans.name, Spot::Name),
        (&spans.code, Spot::Code),
        (&spans.department, Spot::Department),
        (&spans.purpose, Spot::Purpose),
        (&spans.total, Spot::Total),
        (&spans.fiscal, Spot::Fiscal),
        (&spans.other, Spot::Other),
        (&spans.sources, Spot::Total),
        (&spans.items, Spot::Total),
        (&spans.goals, Spot::Goal(None)),
        (&spans.plan, Spot::Plan(None)),
        (&spans.budget, Spot::Total),
    ];
    fields
        .into_iter()
        .find(|(range, _)| inside(range))
        .map_or(Spot::Table, |(_, spot)| spot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::spans::IndicatorSpans;

    fn spans() -> ProjectSpans {
        ProjectSpans {
            name: Some(10..20),
            total: Some(30..35),
            plan: Some(40..60),
            plan_points: vec![45..50, 50..55],
            indicators: vec![IndicatorSpans {
                row: 100..200,
                level1: 110..115,
                level2: 120..125,
                name: 130..140,
                target: 150..160,
                basis: Some(170..180),
                ..IndicatorSpans::default()
            }],
            ..ProjectSpans::default()
        }
    }

    #[test]
    fn a_place_is_found_in_the_innermost_field() {
        let s = spans();
        assert_eq!(spot(&s, None), Spot::Table);
        assert_eq!(spot(&s, Some(12)), Spot::Name);
        assert_eq!(spot(&s, Some(31)), Spot::Total);
        assert_eq!(spot(&s, Some(51)), Spot::Plan(Some(1)));
        assert_eq!(spot(&s, Some(41)), Spot::Plan(None));
        assert_eq!(
            spot(&s, Some(152)),
            Spot::Indicator(0, IndicatorCell::Target)
        );
        assert_eq!(
            spot(&s, Some(171)),
            Spot::Indicator(0, IndicatorCell::Basis)
        );
        assert_eq!(
            spot(&s, Some(111)),
            Spot::Indicator(0, IndicatorCell::Level1)
        );
        assert_eq!(spot(&s, Some(190)), Spot::Indicator(0, IndicatorCell::Name));
        assert_eq!(spot(&s, Some(5)), Spot::Table);
    }

    #[test]
    fn a_row_known_only_by_its_header_still_gets_its_cells() {
        let mut s = spans();
        // As the TOML parser reports it: the row's span is its `[[indicator]]` header.
        if let Some(row) = s.indicators.first_mut() {
            row.row = 100..113;
        }
        assert_eq!(
            spot(&s, Some(152)),
            Spot::Indicator(0, IndicatorCell::Target)
        );
        // A key of the row the form has no cell for (weight, reason): the row's name cell.
        assert_eq!(spot(&s, Some(195)), Spot::Indicator(0, IndicatorCell::Name));
        assert_eq!(spot(&s, Some(42)), Spot::Plan(None));
    }
}
