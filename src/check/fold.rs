//! The fold of `perf validate`'s pass: what the cross-file rules need of every project, a
//! few bytes a project (hashes of its header in per-file slots, its department's files as
//! runs, the X004 sums), and from it the candidates — the projects that can fire a
//! cross-file rule, the only ones read again once the pass is over.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use rust_decimal::Decimal;

use crate::diag::FileId;
use crate::model::names::DepartmentIndex;
use crate::model::project::Project;

/// What the cross-file rules need of all projects, folded as files are read: a few bytes per
/// project, so that only the projects that can fire a cross-file rule are read again.
#[derive(Default)]
pub(super) struct Fold {
    /// Department names as written, each stored once, and their ids.
    pub(super) ids: HashMap<String, u32>,
    pub(super) names: Vec<String>,
    /// Per file, the hash of its project's department, year and name (X001), and of its code
    /// (X005): equal hashes are the candidates. 32-bit hashes in per-file slots keep this at
    /// 8 bytes a project; the few collisions at 10^6 projects only add candidates.
    pub(super) keys: Slots,
    pub(super) codes: Slots,
    /// Each department as written and year (X002, X003), and its files as runs of
    /// consecutive ids (a department's files sit together in the sorted walk: a few runs
    /// each, not one entry per file).
    pub(super) groups: HashMap<(u32, Option<i64>), u32>,
    pub(super) runs: Vec<Vec<(u32, u32)>>,
    /// 预算数 (万元) and count of projects by department as written and year (X004).
    pub(super) sums: HashMap<(u32, i64), (Decimal, usize)>,
}

impl Fold {
    pub(super) fn add(&mut self, file: FileId, p: &Project) {
        let department = match self.ids.get(p.department.as_str()) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
                self.names.push(p.department.clone());
                self.ids.insert(p.department.clone(), id);
                id
            }
        };
        if let Some(key) = key_of(p) {
            self.keys.set(file.0, key);
        }
        if let Some(code) = code_of(p) {
            self.codes.set(file.0, code);
        }
        let group = match self.groups.get(&(department, p.year)) {
            Some(&group) => group,
            None => {
                let group = u32::try_from(self.runs.len()).unwrap_or(u32::MAX);
                self.runs.push(Vec::new());
                self.groups.insert((department, p.year), group);
                group
            }
        };
        let file = u32::try_from(file.0).unwrap_or(u32::MAX);
        if let Some(runs) = self.runs.get_mut(group as usize) {
            // Files finish nearly in order (two workers, batches of consecutive files): one
            // of the last few runs is usually the one to extend.
            match runs.iter_mut().rev().take(4).find(|r| r.1 == file) {
                Some(run) => run.1 += 1,
                None => runs.push((file, file.saturating_add(1))),
            }
        }
        if let (Some(year), Some(total)) = (p.year, p.budget.as_ref().and_then(|b| b.total_wan())) {
            // Exact decimals: the sum does not depend on the order files finish in.
            let sum = self.sums.entry((department, year)).or_default();
            sum.0 += total;
            sum.1 += 1;
        }
    }

    /// The files of each group, as (first, end, group), sorted: which group a file was in.
    pub(super) fn run_table(&self) -> Vec<(u32, u32, u32)> {
        let mut table: Vec<(u32, u32, u32)> = self
            .runs
            .iter()
            .enumerate()
            .flat_map(|(group, runs)| {
                let group = u32::try_from(group).unwrap_or(u32::MAX);
                runs.iter().map(move |&(start, end)| (start, end, group))
            })
            .collect();
        table.sort_unstable();
        table
    }

    /// Whether `p`, read again as file `file`, is the project the pass folded there: the same
    /// hashes of its header and the same department and year. A file renamed or rewritten
    /// since the pass is not (the walk alone cannot tell).
    pub(super) fn saw(&self, runs: &[(u32, u32, u32)], file: FileId, p: &Project) -> bool {
        let at = runs.partition_point(|r| r.0 as usize <= file.0);
        let was = at
            .checked_sub(1)
            .and_then(|at| runs.get(at))
            .filter(|r| file.0 < r.1 as usize)
            .map(|r| r.2);
        let is = self
            .ids
            .get(p.department.as_str())
            .and_then(|&d| self.groups.get(&(d, p.year)))
            .copied();
        was.is_some()
            && was == is
            && self.keys.get(file.0) == key_of(p)
            && self.codes.get(file.0) == code_of(p)
    }
}

/// The fold's X001 hash of a project: department, year and name, when it has both.
fn key_of(p: &Project) -> Option<u32> {
    (!p.name.is_empty() && !p.department.is_empty())
        .then(|| hash(&(&p.department, p.year, &p.name)))
}

/// The fold's X005 hash of a project: its code.
fn code_of(p: &Project) -> Option<u32> {
    p.code.as_ref().map(|code| hash(&code.trim()))
}

/// A 32-bit value per file, in chunks of a fixed size: no doubling slack, and files may be
/// set in any order.
#[derive(Default)]
pub(super) struct Slots {
    chunks: Vec<Box<[u32]>>,
}

/// Files per chunk of [`Slots`] (16 KB).
const SLOTS: usize = 4096;
/// A slot with no value ([`hash`] never gives it).
const NO_SLOT: u32 = u32::MAX;

impl Slots {
    fn set(&mut self, file: usize, value: u32) {
        while self.chunks.len() <= file / SLOTS {
            self.chunks.push(vec![NO_SLOT; SLOTS].into_boxed_slice());
        }
        if let Some(slot) = self
            .chunks
            .get_mut(file / SLOTS)
            .and_then(|c| c.get_mut(file % SLOTS))
        {
            *slot = value;
        }
    }

    fn get(&self, file: usize) -> Option<u32> {
        let value = *self.chunks.get(file / SLOTS)?.get(file % SLOTS)?;
        (value != NO_SLOT).then_some(value)
    }

    /// Every (file, value) set, in file order.
    fn iter(&self) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.chunks
            .iter()
            .flat_map(|c| c.iter().copied())
            .enumerate()
            .filter(|&(_, v)| v != NO_SLOT)
    }
}

/// File ids sorted and without repeats: the table [`file_table`] builds from them is in path
/// order.
pub(super) fn distinct(ids: impl Iterator<Item = FileId>) -> Vec<FileId> {
    let mut ids: Vec<FileId> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The files whose hash another file shares. The hashes are sorted a sixteenth of the hash
/// space at a time, so that the copy sorted is a sixteenth of the tree's.
fn shared(slots: &Slots, out: &mut Vec<u32>) {
    let mut repeated = HashSet::new();
    let mut slice = Vec::new();
    for part in 0..16 {
        slice.clear();
        slice.extend(slots.iter().map(|(_, h)| h).filter(|h| h >> 28 == part));
        slice.sort_unstable();
        for group in slice.chunk_by(|a, b| a == b).filter(|g| g.len() > 1) {
            repeated.extend(group.first().copied());
        }
    }
    if repeated.is_empty() {
        return;
    }
    out.extend(
        slots
            .iter()
            .filter(|(_, h)| repeated.contains(h))
            .map(|(file, _)| u32::try_from(file).unwrap_or(u32::MAX)),
    );
}

/// A fixed-key hash: equal inputs give equal hashes in every run. A collision only makes a
/// project a candidate that the cross-file rules then clear.
fn hash(value: &impl Hash) -> u32 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    let full = hasher.finish();
    // Both halves, so that no bits of the hash are thrown away unmixed; never `NO_SLOT` (the
    // one value it takes instead only adds candidates).
    ((full ^ (full >> 32)) as u32).min(NO_SLOT - 1)
}

/// The projects that can fire a cross-file rule, in path order: those sharing a (department,
/// year, name) or a code with another, and those whose department file is missing or of
/// another year.
pub(super) fn candidates(
    index: &DepartmentIndex<'_>,
    fold: &Fold,
    projects_on: bool,
    codes_on: bool,
) -> Vec<FileId> {
    let mut wanted = Vec::new();
    if projects_on {
        shared(&fold.keys, &mut wanted);
    }
    if codes_on {
        shared(&fold.codes, &mut wanted);
    }
    for (&(department, year), &group) in fold.groups.iter().filter(|_| projects_on) {
        let Some(name) = fold.names.get(department as usize) else {
            continue;
        };
        let matching = index.named(name);
        let years: Vec<i64> = matching.clone().filter_map(|d| d.department.year).collect();
        let missing = matching.count() == 0;
        let other_year = year.is_some_and(|y| !years.is_empty() && !years.contains(&y));
        if missing || other_year {
            for &(start, end) in fold.runs.get(group as usize).into_iter().flatten() {
                wanted.extend(start..end);
            }
        }
    }
    wanted.sort_unstable();
    wanted.dedup();
    wanted.into_iter().map(|i| FileId(i as usize)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable_across_runs() {
        // DefaultHasher::new() has fixed keys: the same input always hashes the same.
        assert_eq!(
            hash(&("a", Some(2024_i64), "b")),
            hash(&("a", Some(2024_i64), "b"))
        );
        assert_ne!(hash(&"JY-1"), hash(&"JY-2"));
    }

    #[test]
    fn slots_hold_values_set_in_any_order() {
        let mut slots = Slots::default();
        slots.set(5000, 7);
        slots.set(3, 9);
        assert_eq!(slots.get(3), Some(9));
        assert_eq!(slots.get(4), None);
        assert_eq!(slots.get(5000), Some(7));
        assert_eq!(slots.get(1 << 20), None);
        assert_eq!(slots.iter().collect::<Vec<_>>(), vec![(3, 9), (5000, 7)]);
        let mut out = Vec::new();
        slots.set(9000, 7);
        shared(&slots, &mut out);
        assert_eq!(out, vec![5000, 9000]);
    }
}
