//! The unit of report of each rule: how often one problem is said (once per row, once per
//! file, once per label, …). `perf rules` and docs/rules.md print it, so a reader knows
//! that twenty I012 lines are twenty rows, and one I014 line can be a whole form.

use crate::diag::registry::{Family, Rule};
use crate::i18n::Lang;

/// How often a rule reports one problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportUnit {
    /// At each place in the file where it occurs (a key, a value).
    Place,
    /// Once per indicator row.
    Row,
    /// Once per row, or once per file when no row of the form has it (a missing column).
    RowOrFile,
    /// Once per file (project).
    File,
    /// Once per distinct label per file, naming how many rows use it.
    Label,
    /// Once per checkpoint month of the plan or the spending.
    Month,
    /// Once per goal.
    Goal,
    /// Once per department (and year) across files.
    Department,
}

impl ReportUnit {
    /// The unit of `rule`: listed codes, else the usual unit of its family.
    pub fn of(rule: &Rule) -> Self {
        match rule.code {
            "P006" => Self::Goal,
            "S001" | "S002" | "S003" | "S005" => Self::Month,
            "I001" | "I002" => Self::Label,
            "I013" | "I014" | "E014" => Self::RowOrFile,
            "I018" | "C011" | "E004" | "P007" | "E008" | "E010" | "E015" | "E016" => Self::File,
            "X002" | "X003" | "X004" | "X006" => Self::Department,
            "E001" => Self::Place,
            _ => match rule.family {
                Family::File => Self::Place,
                Family::Project | Family::Budget | Family::Plan | Family::Cross => Self::File,
                Family::Indicator | Family::Cost | Family::Execution => Self::Row,
            },
        }
    }

    /// Its name in `lang`, for `perf rules`.
    pub fn label(self, lang: Lang) -> String {
        let key = match self {
            Self::Place => "place",
            Self::Row => "row",
            Self::RowOrFile => "row_or_file",
            Self::File => "file",
            Self::Label => "label",
            Self::Month => "month",
            Self::Goal => "goal",
            Self::Department => "department",
        };
        lang.text(&format!("report_unit.{key}"), &[])
    }
}
