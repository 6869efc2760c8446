//! perf's findings as LSP diagnostics: the same code, severity, message and help that
//! `perf validate` prints, the code linked to the rule's documentation, the help attached as
//! related information (the place editors show a second line under the message).

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Uri,
};

use crate::diag::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::lsp::position::LineIndex;

/// The `source` field: which tool said it.
pub(crate) const SOURCE: &str = "perf";

/// Where a rule's documentation is: a template with `{code}` (C001) and `{anchor}` (c001).
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleDocs {
    template: Option<String>,
}

impl RuleDocs {
    /// Documentation at `template`, e.g. `file:///repo/docs/rules.md#{anchor}`.
    pub(crate) fn at(template: String) -> Self {
        Self {
            template: Some(template),
        }
    }

    /// The link for `code`, when a template is known and gives a valid URI.
    pub(crate) fn link(&self, code: &str) -> Option<Uri> {
        let template = self.template.as_ref()?;
        template
            .replace("{code}", code)
            .replace("{anchor}", &code.to_lowercase())
            .parse()
            .ok()
    }
}

/// `diagnostic` (pointing into `text`, the document at `uri`) as the protocol has it.
pub(crate) fn to_lsp(
    diagnostic: &Diagnostic,
    index: &LineIndex<'_>,
    uri: &Uri,
    docs: &RuleDocs,
    lang: Lang,
) -> lsp_types::Diagnostic {
    let range = diagnostic
        .span
        .as_ref()
        .map_or_else(lsp_types::Range::default, |span| index.range(span));
    let related = diagnostic.help.as_ref().map(|help| {
        vec![DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range),
            message: lang.text("lsp.help", crate::args!(help = help)),
        }]
    });
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.rule.code.to_owned())),
        code_description: docs
            .link(diagnostic.rule.code)
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: diagnostic.message.clone(),
        related_information: related,
        tags: None,
        data: diagnostic
            .help
            .as_ref()
            .map(|help| serde_json::json!({ "help": help })),
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}
