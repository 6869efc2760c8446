//! Test support for the rule families' unit tests: a project file's text in, what one family
//! reports out (codes and messages), without the binary, the walk or the other families.

use crate::config::settings::Settings;
use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;
use crate::rules::ProjectCtx;
use crate::source::fields::Sink;
use crate::source::lower::Lowered;
use crate::source::parse_and_lower;

/// The clean project every fixture starts from (all checks pass on it).
pub(crate) const CLEAN: &str = include_str!("../../examples/示例区教育局/学生资助补助经费.toml");

/// A rule family's entry point.
pub(crate) type Family = fn(&ProjectCtx<'_>, &mut Vec<Diagnostic>);

/// What `family` reports on the project `text` under `settings`.
pub(crate) fn findings_with(text: &str, settings: &Settings, family: Family) -> Vec<Diagnostic> {
    let mut sink = Sink::in_lang(FileId(0), Lang::Zh);
    let Lowered::Project(boxed) = parse_and_lower(text, &mut sink) else {
        panic!("not a project file: {:?}", sink.items); // ok: test-only (cfg(test)), a fixture that is not a project is a broken test
    };
    let (project, spans) = *boxed;
    let ctx = ProjectCtx {
        project: &project,
        spans: &spans,
        settings,
        file: FileId(0),
    };
    let mut out = Vec::new();
    family(&ctx, &mut out);
    out
}

/// The codes `family` reports on `text` under the default settings, in order.
pub(crate) fn codes(text: &str, family: Family) -> Vec<&'static str> {
    findings_with(text, &Settings::default(), family)
        .iter()
        .map(|d| d.rule.code)
        .collect()
}

/// The clean project with `from` replaced by `to` (which must be there: a fixture that no
/// longer changes anything would pass for the wrong reason).
pub(crate) fn clean_with(from: &str, to: &str) -> String {
    assert!(CLEAN.contains(from), "the clean project has no `{from}`");
    CLEAN.replacen(from, to, 1)
}

#[test]
fn the_clean_project_is_clean_for_every_family() {
    let families: [(&str, Family); 9] = [
        ("project", crate::rules::project::check),
        ("budget", crate::rules::budget::check),
        ("breakdowns", crate::rules::budget::check_breakdowns),
        ("plan", crate::rules::plan::check),
        ("indicator", crate::rules::indicator::check),
        ("target", crate::rules::target::check),
        ("cost", crate::rules::cost::check),
        ("execution", crate::rules::execution::check),
        ("review", crate::rules::review::check),
    ];
    for (name, family) in families {
        assert_eq!(codes(CLEAN, family), Vec::<&str>::new(), "{name}");
    }
}
