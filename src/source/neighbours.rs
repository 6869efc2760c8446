//! Which projects of a loaded tree share a department, a name or a code: the projects the
//! cross-file rules compare an edited file with (`Session::check_text`, behind every live
//! check of `perf serve` and `perf lsp`). Built once per workspace on first use, so a check
//! looks its neighbours up instead of comparing itself with every project of the tree (10 ms
//! of each check at 10,000 projects). Like [`super::DepartmentNames`], it assumes the tree is
//! not changed after loading.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Workspace;

/// Project indices by full department name, by project name and by trimmed code.
#[derive(Debug, Default)]
pub struct Neighbours {
    index: OnceLock<Index>,
}

#[derive(Debug, Default)]
struct Index {
    department: HashMap<String, Vec<usize>>,
    name: HashMap<String, Vec<usize>>,
    code: HashMap<String, Vec<usize>>,
}

impl Workspace {
    /// The indices (in `projects`, ascending, each once) of the projects whose department is
    /// `department` (aliases resolved), whose name is `name`, or whose code is `code`.
    pub fn projects_sharing(&self, department: &str, name: &str, code: Option<&str>) -> Vec<usize> {
        let index = self.neighbours.index.get_or_init(|| {
            let mut index = Index::default();
            for (i, p) in self.projects.iter().enumerate() {
                let project = &p.project;
                let full = self.canonical_department(&project.department).to_owned();
                index.department.entry(full).or_default().push(i);
                index.name.entry(project.name.clone()).or_default().push(i);
                if let Some(code) = &project.code {
                    index
                        .code
                        .entry(code.trim().to_owned())
                        .or_default()
                        .push(i);
                }
            }
            index
        });
        let mut out: Vec<usize> = Vec::new();
        let full = self.canonical_department(department);
        out.extend(index.department.get(full).into_iter().flatten());
        out.extend(index.name.get(name).into_iter().flatten());
        if let Some(code) = code {
            out.extend(index.code.get(code.trim()).into_iter().flatten());
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
