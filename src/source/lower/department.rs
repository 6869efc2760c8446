//! Lowering a department file: `[department]` and its `[[objective]]` rows.

use crate::source::doc;

use crate::model::department::{Department, Objective};
use crate::model::spans::DepartmentSpans;
use crate::source::fields::{Sink, Table};
use crate::source::lower::Lowered;
use crate::source::schema::{DEPARTMENT, DEPARTMENT_TOP, OBJECTIVE};

pub(super) fn lower_department(root: &doc::Table<'_>, sink: &mut Sink) -> Lowered {
    let top = Table::top(root, DEPARTMENT_TOP, sink);
    let Some(head) = top.table("department", true, sink) else {
        return Lowered::Unknown;
    };
    let fields = Table::new(
        head.value,
        head.span.clone(),
        "[department]",
        DEPARTMENT,
        sink,
    );
    let name = fields.str("name", true, sink);
    let year = fields.int("year", true, sink);
    let budget = fields.decimal("budget", false, sink);
    let list = |key: &str, sink: &mut Sink| -> Vec<String> {
        fields
            .str_list(key, false, sink)
            .map(|l| l.value.into_iter().map(|s| s.value).collect())
            .unwrap_or_default()
    };
    let aliases = list("aliases", sink);
    let overall = list("overall", sink);
    let measures = list("measures", sink);
    let projects = list("projects", sink);
    let objectives = top
        .tables("objective", false, sink)
        .into_iter()
        .enumerate()
        .filter_map(|(i, row)| {
            let name = sink.nth("objective", i + 1);
            let fields = Table::new(row.value, row.span, name, OBJECTIVE, sink);
            Some(Objective {
                title: fields.str("title", true, sink)?.value,
                goal: fields.str("goal", false, sink).map(|g| g.value),
                indicator: fields.str("indicator", false, sink).map(|i| i.value),
            })
        })
        .collect();
    let spans = DepartmentSpans {
        department: head.span,
        name: name.as_ref().map(|n| n.span.clone()),
        year: year.as_ref().map(|y| y.span.clone()),
        budget: budget.as_ref().map(|b| b.span.clone()),
    };
    let department = Department {
        name: name.map(|n| n.value).unwrap_or_default(),
        aliases,
        year: year.map(|y| y.value),
        budget: budget.map(|b| b.value),
        overall,
        measures,
        objectives,
        projects,
    };
    Lowered::Department(Box::new((department, spans)))
}
