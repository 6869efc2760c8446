//! Local 一级/二级 labels a tree declares in perf.toml (`[framework.aliases]`), each read as
//! a label the presets know: `"项目完成指标" = "产出指标"`. The presets already carry the
//! regional labels seen in published forms (docs/glossary.md); this is for the rest.

use crate::model::framework::{Level1, Level2};
use crate::model::project::{Indicator, Project};

/// Local labels and the known level each stands for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    level1: Vec<(String, Level1)>,
    level2: Vec<(String, Level2)>,
}

impl Aliases {
    /// Declares `local` as another name of `known`. A known label that is both a 一级 and a
    /// 二级 (成本指标, 满意度指标) stands for either, by the column it is written in. False
    /// when `known` is no label perf knows (the caller reports it).
    pub fn add(&mut self, local: &str, known: &str) -> bool {
        let local = local.trim().to_owned();
        let l1 = Level1::from_label(known);
        let l2 = Level2::from_label(known);
        if let Some(l1) = l1 {
            self.level1.push((local.clone(), l1));
        }
        if let Some(l2) = l2 {
            self.level2.push((local, l2));
        }
        l1.is_some() || l2.is_some()
    }

    /// True when none is declared.
    pub fn is_empty(&self) -> bool {
        self.level1.is_empty() && self.level2.is_empty()
    }

    /// Every declaration as (local label, the known label it stands for), 一级 first, for
    /// `perf config`; a label declared for both levels is listed once.
    pub fn pairs(&self) -> Vec<(String, &'static str)> {
        let mut out: Vec<(String, &'static str)> = self
            .level1
            .iter()
            .map(|(l, level)| (l.clone(), level.label()))
            .collect();
        for (l, level) in &self.level2 {
            if !out.iter().any(|(seen, _)| seen == l) {
                out.push((l.clone(), level.label()));
            }
        }
        out
    }

    /// The 一级 a local label stands for.
    pub fn level1(&self, label: &str) -> Option<Level1> {
        let label = label.trim();
        self.level1
            .iter()
            .find(|(l, _)| l == label)
            .map(|&(_, level)| level)
    }

    /// The 二级 a local label stands for.
    pub fn level2(&self, label: &str) -> Option<Level2> {
        let label = label.trim();
        self.level2
            .iter()
            .find(|(l, _)| l == label)
            .map(|&(_, level)| level)
    }

    /// Reads a row's unknown labels through the aliases; true when one was read.
    pub fn apply_to(&self, row: &mut Indicator) -> bool {
        let mut changed = false;
        if row.level1.is_none()
            && let Some(l1) = self.level1(&row.level1_label)
        {
            row.level1 = Some(l1);
            changed = true;
        }
        if row.level2.is_none()
            && let Some(l2) = self.level2(&row.level2_label)
        {
            row.level2 = Some(l2);
            changed = true;
        }
        changed
    }

    /// The project with its unknown labels read through the aliases, `None` when no alias
    /// applies (the common case: no copy is made).
    pub fn applied(&self, project: &Project) -> Option<Project> {
        if self.is_empty() {
            return None;
        }
        let applies = project.indicators.iter().any(|row| {
            (row.level1.is_none() && self.level1(&row.level1_label).is_some())
                || (row.level2.is_none() && self.level2(&row.level2_label).is_some())
        });
        if !applies {
            return None;
        }
        let mut copy = project.clone();
        for row in &mut copy.indicators {
            self.apply_to(row);
        }
        Some(copy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_labels_read_as_known_ones() {
        let mut aliases = Aliases::default();
        assert!(aliases.add("完成指标", "产出指标"));
        assert!(aliases.add("群众满意", "满意度指标"));
        assert!(!aliases.add("甲", "乙"));
        let mut row = Indicator::new("完成指标", "群众满意", "x", "≥90%");
        assert!(aliases.apply_to(&mut row));
        assert_eq!(row.level1, Some(Level1::Output));
        assert_eq!(row.level2, Some(Level2::Satisfaction));
        assert_eq!(row.level1_label, "完成指标");
    }
}
