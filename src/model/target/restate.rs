//! Whether an 实际完成值 restates a target instead of measuring: `≥266米` or `≥95%` copied
//! into the actual column. A measurement is a number; a comparator or a range in an actual
//! says what was aimed at, not what was done, so it cannot be graded (issue 20).

use crate::model::target::{Comparator, Target, TargetValue};

/// How an actual restates a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restatement {
    /// The actual reads exactly as the target: same comparator, number and unit (`≥266米`
    /// under `≥266米`, or `95%以上` under `≥95%`).
    Copy,
    /// The actual is a bound or a range other than the target (`≥90%` under `≥95%`): still
    /// no measurement.
    Bound,
}

impl Target {
    /// How this actual restates `target`, or `None` when it is a measurement (a bare or `=`
    /// number, words, a date). Quantities and ranges restate with a comparator or as a range
    /// (`95%` under `95%` is a measurement that meets its target exactly); a deadline restates
    /// when copied word for word (`2024年12月底前`).
    pub fn restatement_of(&self, target: &Target) -> Option<Restatement> {
        match (&self.value, &target.value) {
            (TargetValue::Quantity(a), _)
                if !a.explicit_comparator || a.comparator == Comparator::Eq =>
            {
                None
            }
            (TargetValue::Quantity(a), TargetValue::Quantity(t)) => Some(
                if a.comparator == t.comparator
                    && a.value.normalize() == t.value.normalize()
                    && a.unit == t.unit
                {
                    Restatement::Copy
                } else {
                    Restatement::Bound
                },
            ),
            (TargetValue::Range(a), TargetValue::Range(t)) if a == t => Some(Restatement::Copy),
            // A deadline copied word for word (`2024年12月底前` under itself) says when the
            // work was due, not when it was done.
            (TargetValue::Time, TargetValue::Time)
                if self.raw.trim() == target.raw.trim() && target.raw.contains('前') =>
            {
                Some(Restatement::Copy)
            }
            (TargetValue::Quantity(_) | TargetValue::Range(_), _) => Some(Restatement::Bound),
            _ => None,
        }
    }

    /// True when this actual restates `target` (a copy of it or another bound) instead of
    /// measuring: scoring refuses to grade such a row, and E011 reports it.
    pub fn is_restatement_of(&self, target: &Target) -> bool {
        self.restatement_of(target).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actuals_that_restate_their_targets() {
        use Restatement::{Bound, Copy};
        let cases: &[(&str, &str, Option<Restatement>)] = &[
            ("≥266米", "≥266米", Some(Copy)),
            ("≥95%", "≥95%", Some(Copy)),
            ("95%以上", "≥95%", Some(Copy)),
            ("≧９５％", "≥95%", Some(Copy)),
            ("≤30天", "≤30天", Some(Copy)),
            ("80%-90%", "80%-90%", Some(Copy)),
            ("≥90%", "≥95%", Some(Bound)),
            ("≥95%", "95%", Some(Bound)),
            ("≥266米", "2024年12月底前", Some(Bound)),
            ("80%-90%", "≥80%", Some(Bound)),
            // Measurements.
            ("266米", "≥266米", None),
            ("98%", "≥95%", None),
            ("95%", "95%", None),
            ("=100%", "=100%", None),
            ("已完成", "≥95%", None),
            ("2024年11月", "2024年12月底前", None),
            ("2024年12月底前", "2024年12月底前", Some(Copy)),
            ("2024年12月", "2024年12月", None),
            ("是", "是", None),
        ];
        for &(actual, target, want) in cases {
            let got = Target::parse(actual).restatement_of(&Target::parse(target));
            assert_eq!(got, want, "{actual} under {target}");
            assert_eq!(
                Target::parse(actual).is_restatement_of(&Target::parse(target)),
                want.is_some()
            );
        }
    }
}
