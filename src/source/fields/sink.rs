//! The findings of one file as it is read, written in the run's language.

use std::ops::Range;

use crate::diag::registry::Rule;
use crate::diag::{Diagnostic, FileId};
use crate::i18n::Lang;
use crate::source::fields::TableName;

/// Collects the findings of one file.
#[derive(Debug)]
pub struct Sink {
    file: FileId,
    lang: Lang,
    /// The findings so far.
    pub items: Vec<Diagnostic>,
}

impl Sink {
    /// An empty sink for `file`.
    pub fn new(file: FileId) -> Self {
        Self::in_lang(file, Lang::Zh)
    }

    /// An empty sink for `file` whose messages are written in `lang`.
    pub fn in_lang(file: FileId, lang: Lang) -> Self {
        Self {
            file,
            lang,
            items: Vec::new(),
        }
    }

    /// The catalog text of `key` in the sink's language.
    pub fn t(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        self.lang.text(key, args)
    }

    /// The language messages are written in.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// How messages name the `n`th (from 1) table of an array of tables: `第 3 个 [[indicator]]`.
    pub fn nth(&self, key: &'static str, n: usize) -> TableName {
        TableName::Nth {
            key,
            n,
            lang: self.lang,
        }
    }

    /// The file findings go to.
    pub fn file(&self) -> FileId {
        self.file
    }

    /// Records a finding of `rule` at `span` whose message is the catalog text `key` and whose
    /// help is `{key}_help`, both filled from `args`.
    pub fn report_text(
        &mut self,
        rule: &'static Rule,
        span: Range<usize>,
        key: &str,
        args: &[(&str, &dyn std::fmt::Display)],
    ) {
        let message = self.t(key, args);
        let help = self.t(&format!("{key}_help"), args);
        self.report(rule, span, message, Some(help));
    }

    /// Records a finding of `rule` at `span`.
    pub fn report(
        &mut self,
        rule: &'static Rule,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::new(rule, self.file, Some(span), message);
        d.help = help;
        self.items.push(d);
    }
}
