//! Department names looked up by name or alias in constant time. A national-scale tree has
//! 10⁴ department files and as many (department, year) groups and candidate projects: asking
//! every department "are you called this?" for each of them was quadratic (10⁸ comparisons at
//! 10⁶ projects). The index answers exactly what [`Department::is_named`] and
//! `source::canonical_name` answer, in the departments' order.
//!
//! [`Department::is_named`]: crate::model::department::Department::is_named

use std::collections::HashMap;

use crate::model::located::LoadedDepartment;

/// The departments of a tree by every name they answer to.
#[derive(Debug, Default)]
pub struct DepartmentIndex<'a> {
    departments: &'a [LoadedDepartment],
    /// For each name or alias, the departments answering to it, in the slice's order.
    named: HashMap<&'a str, Vec<usize>>,
    /// Names that are some department's full name.
    full: HashMap<&'a str, ()>,
}

impl<'a> DepartmentIndex<'a> {
    /// Indexes `departments` (their order is kept in every answer).
    pub fn new(departments: &'a [LoadedDepartment]) -> Self {
        let mut named: HashMap<&'a str, Vec<usize>> = HashMap::new();
        let mut full = HashMap::new();
        for (i, d) in departments.iter().enumerate() {
            let department = &d.department;
            full.insert(department.name.as_str(), ());
            let names = std::iter::once(&department.name).chain(&department.aliases);
            for name in names {
                let list = named.entry(name.as_str()).or_default();
                // A name written twice in one department file answers once.
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        Self {
            departments,
            named,
            full,
        }
    }

    /// The departments named `name` (by full name or alias), in order: what filtering with
    /// `is_named(name)` gives.
    pub fn named(&self, name: &str) -> impl Iterator<Item = &'a LoadedDepartment> + Clone + '_ {
        self.named
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.departments.get(i))
    }

    /// The full name `name` stands for: itself when a department is called that, else the
    /// name of the first department that has it as an alias, else itself (as
    /// `source::canonical_name`).
    pub fn canonical<'n>(&self, name: &'n str) -> &'n str
    where
        'a: 'n,
    {
        if self.full.contains_key(name) {
            return name;
        }
        self.named(name)
            .next()
            .map_or(name, |d| d.department.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::department::Department;
    use crate::model::located::FileId;

    fn department(file: usize, name: &str, aliases: &[&str]) -> LoadedDepartment {
        LoadedDepartment {
            file: FileId(file),
            department: Department {
                aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
                ..Department::named(name)
            },
            spans: Default::default(),
        }
    }

    /// The index gives exactly what the linear scans it replaces give, on names, aliases,
    /// an alias shared by two departments, a name that is also another's alias, and unknowns.
    #[test]
    fn answers_as_the_linear_scans_do() {
        let departments = vec![
            department(0, "高新区人社局", &["人社局", "人社局"]),
            department(1, "高新区教育局", &["教育局", "人社局"]),
            department(2, "教育局", &[]),
            department(3, "高新区人社局", &[]),
        ];
        let index = DepartmentIndex::new(&departments);
        for name in [
            "高新区人社局",
            "人社局",
            "教育局",
            "高新区教育局",
            "财政局",
            "",
        ] {
            let scanned: Vec<usize> = departments
                .iter()
                .filter(|d| d.department.is_named(name))
                .map(|d| d.file.0)
                .collect();
            let indexed: Vec<usize> = index.named(name).map(|d| d.file.0).collect();
            assert_eq!(indexed, scanned, "{name}");
            // `source::canonical_name`'s scan: a full name first, then the first alias.
            let canonical = if departments.iter().any(|d| d.department.name == name) {
                name
            } else {
                departments
                    .iter()
                    .find(|d| d.department.aliases.iter().any(|a| a == name))
                    .map_or(name, |d| d.department.name.as_str())
            };
            assert_eq!(index.canonical(name), canonical, "{name}");
        }
        assert_eq!(index.canonical("人社局"), "高新区人社局");
        assert_eq!(index.canonical("教育局"), "教育局");
    }
}
