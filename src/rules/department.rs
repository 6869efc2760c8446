//! The rules of a department file on its own (X006: paragraphs, measures and objectives left
//! blank), run in the per-file step like a project's families, so that a streamed check
//! holds department files only as the cross-file rules read them.

use crate::args;
use crate::diag::Diagnostic;
use crate::diag::registry::DEPARTMENT_UNFILLED;
use crate::i18n::Lang;
use crate::model::located::LoadedDepartment;

/// X006: a department file's empty `overall` paragraphs and `measures` items, and `[[objective]]` tables without a
/// title or with neither goal nor indicator (an unfilled skeleton), reported at the
/// `[department]` table (the loader keeps no span per paragraph or objective).
pub(crate) fn unfilled(loaded: &LoadedDepartment, lang: Lang, out: &mut Vec<Diagnostic>) {
    let d = &loaded.department;
    for (key, list) in [("overall", &d.overall), ("measures", &d.measures)] {
        let blank = list.iter().enumerate().filter(|(_, p)| p.trim().is_empty());
        for (i, _) in blank {
            out.push(
                Diagnostic::new(
                    &DEPARTMENT_UNFILLED,
                    loaded.file,
                    Some(loaded.spans.department.clone()),
                    lang.text(&format!("X006.{key}"), args!(n = i + 1)),
                )
                .with_help(lang.text(&format!("X006.{key}_help"), &[])),
            );
        }
    }
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    for (i, o) in d.objectives.iter().enumerate() {
        let (message, help) = if o.title.trim().is_empty() {
            (
                lang.text("X006.objective", args!(n = i + 1)),
                "X006.objective_help",
            )
        } else if blank(&o.goal) && blank(&o.indicator) {
            (
                lang.text("X006.objective_empty", args!(title = o.title)),
                "X006.objective_empty_help",
            )
        } else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &DEPARTMENT_UNFILLED,
                loaded.file,
                Some(loaded.spans.department.clone()),
                message,
            )
            .with_help(lang.text(help, &[])),
        );
    }
}
