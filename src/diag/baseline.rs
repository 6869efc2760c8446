//! Baselines for adopting perf on a large legacy tree: record today's findings, then report
//! only new ones. A finding is identified by its code, its file and a fingerprint of the
//! source line it points at (not the line number), so edits elsewhere in the file do not
//! make old findings look new.
//!
//! The file is keyed on its path relative to the tree's root (the repository
//! root, else the current directory), `/`-separated, so `./blt/x.toml`, `blt/x.toml` and
//! `/abs/blt/x.toml` are one file whatever was typed (version 2). Version 1 recorded the path
//! as typed; it is still read, each path normalised the same way. Other versions are refused.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::diag::file::SourceFile;

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The rule code.
    pub code: String,
    /// The file relative to the tree's root, `/`-separated (version 1: as perf printed it).
    pub file: String,
    /// FNV-1a of the code, the trimmed source line and the message, in hex.
    pub fingerprint: String,
}

/// A baseline file (`--write-baseline`, `--baseline`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version: 2 (1 is still read).
    pub version: u32,
    /// The findings, sorted.
    pub findings: Vec<Entry>,
}

/// The version [`Baseline::of`] writes.
pub const VERSION: u32 = 2;

/// Why a baseline file cannot be used.
#[derive(Debug)]
pub enum BaselineError {
    /// Not JSON in the baseline's shape.
    Malformed(serde_json::Error),
    /// A version this perf does not know.
    Version(u32),
}

impl Baseline {
    /// Records `diagnostics`, files keyed relative to the anchor's root.
    pub fn of(files: &[SourceFile], diagnostics: &[Diagnostic], anchor: &Anchor) -> Self {
        let mut keys = Keys::new(files, anchor);
        let mut findings: Vec<Entry> = diagnostics
            .iter()
            .map(|d| entry(files, d, &mut keys))
            .collect();
        findings.sort();
        Self {
            version: VERSION,
            findings,
        }
    }

    /// Reads a baseline file's text. A version 1 file's paths (as typed, relative to the
    /// current directory) are normalised to version 2 keys.
    pub fn parse(text: &str, anchor: &Anchor) -> Result<Self, BaselineError> {
        let mut baseline: Self = serde_json::from_str(text).map_err(BaselineError::Malformed)?;
        match baseline.version {
            VERSION => {}
            1 => {
                for e in &mut baseline.findings {
                    e.file = anchor.key(Path::new(&e.file));
                }
                baseline.version = VERSION;
            }
            other => return Err(BaselineError::Version(other)),
        }
        Ok(baseline)
    }

    /// The findings not in the baseline. Each recorded entry excuses one finding, so a second
    /// identical problem on another line still shows.
    pub fn filter(
        &self,
        files: &[SourceFile],
        diagnostics: Vec<Diagnostic>,
        anchor: &Anchor,
    ) -> Vec<Diagnostic> {
        let mut budget: HashMap<&Entry, usize> = HashMap::new();
        for e in &self.findings {
            *budget.entry(e).or_default() += 1;
        }
        let mut keys = Keys::new(files, anchor);
        diagnostics
            .into_iter()
            .filter(|d| {
                let e = entry(files, d, &mut keys);
                match budget.get_mut(&e) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }
}

/// Where paths are resolved from (the current directory) and the root keys are relative to.
#[derive(Debug, Clone)]
pub struct Anchor {
    cwd: PathBuf,
    root: PathBuf,
    /// The canonical form of each folder a file was keyed in (`None`: it does not resolve),
    /// shared by the clones the workers hold: resolving every component of every file's path
    /// was a tenth of `perf validate --format gitlab` on a 100k tree.
    folders: Arc<Mutex<HashMap<PathBuf, Option<PathBuf>>>>,
}

impl Anchor {
    /// Paths typed relative to `cwd`; the root is the nearest ancestor of `cwd` holding
    /// `.git` (the repository's root), else `cwd` itself.
    pub fn at(cwd: &Path) -> Self {
        let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
        let root = cwd
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .unwrap_or(&cwd)
            .to_path_buf();
        Self {
            cwd,
            root,
            folders: Arc::default(),
        }
    }

    /// A file's key: its path made absolute and canonical (links resolved; lexically
    /// normalised when it does not exist), relative to the root when under it, `/`-separated.
    pub fn key(&self, path: &Path) -> String {
        let full = self.cwd.join(path);
        let full = self.canonical(&full).unwrap_or_else(|| normalise(&full));
        let shown = full.strip_prefix(&self.root).unwrap_or(&full);
        shown
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }
}

impl Anchor {
    /// `full` made canonical, `None` when it does not resolve. A file that is not a link is
    /// an entry of its folder's canonical form: one `lstat` and a folder looked up once,
    /// instead of resolving every component of every file's path.
    fn canonical(&self, full: &Path) -> Option<PathBuf> {
        // Only a path that ends in the name itself: `dir/.` or `dir/` would have `lstat`
        // follow a linked `dir`.
        if let (Some(folder), Some(Component::Normal(name))) =
            (full.parent(), full.components().next_back())
            && full
                .as_os_str()
                .as_encoded_bytes()
                .ends_with(name.as_encoded_bytes())
            && std::fs::symlink_metadata(full).is_ok_and(|m| !m.file_type().is_symlink())
            && let Ok(mut folders) = self.folders.lock()
            && let Some(folder) = folders
                .entry(folder.to_path_buf())
                .or_insert_with(|| folder.canonicalize().ok())
        {
            return Some(folder.join(name));
        }
        full.canonicalize().ok()
    }
}

/// `a/./b/../c` → `a/c`, without touching the disk.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// File keys, computed once per file (a canonicalisation is a system call).
struct Keys<'a> {
    files: &'a [SourceFile],
    anchor: &'a Anchor,
    cache: HashMap<usize, String>,
}

impl<'a> Keys<'a> {
    fn new(files: &'a [SourceFile], anchor: &'a Anchor) -> Self {
        Self {
            files,
            anchor,
            cache: HashMap::new(),
        }
    }

    fn of(&mut self, id: usize) -> String {
        let (files, anchor) = (self.files, self.anchor);
        self.cache
            .entry(id)
            .or_insert_with(|| {
                files
                    .get(id)
                    .map(|f| anchor.key(&f.path))
                    .unwrap_or_default()
            })
            .clone()
    }
}

/// FNV-1a of the finding's code, the trimmed source line it points at and its message, in
/// hex: what identifies a finding across edits elsewhere in its file (also used by the GitLab
/// Code Quality report).
pub(crate) fn fingerprint(files: &[SourceFile], d: &Diagnostic) -> String {
    let file = files.get(d.file.0);
    let line = match (file.and_then(|f| f.text.as_deref()), &d.span) {
        (Some(text), Some(span)) => {
            let start = text[..span.start.min(text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            text[start..end].trim()
        }
        _ => "",
    };
    format!("{:016x}", line_fingerprint(d, line))
}

/// [`fingerprint`] as a number, from the finding's source line (already trimmed, or `""`
/// when it has none): for a renderer that has the line in hand.
pub(crate) fn line_fingerprint(d: &Diagnostic, line: &str) -> u64 {
    fnv1a(&[d.rule.code, line, &d.message])
}

/// `n` as 16 lowercase hex digits (`format!("{n:016x}")`), without a `String`.
pub(crate) fn hex16(n: u64) -> [u8; 16] {
    let mut out = [b'0'; 16];
    for (i, digit) in out.iter_mut().enumerate() {
        let nibble = (n >> (60 - 4 * i)) & 0xf;
        *digit = b"0123456789abcdef"
            .get(usize::try_from(nibble).unwrap_or_default())
            .copied()
            .unwrap_or(b'0');
    }
    out
}

/// FNV-1a (64 bits) of the parts joined by NUL (hashed part by part, without joining them).
pub(crate) fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        let separator: &[u8] = if i == 0 { b"" } else { b"\0" };
        for &byte in separator.iter().chain(part.as_bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

fn entry(files: &[SourceFile], d: &Diagnostic, keys: &mut Keys<'_>) -> Entry {
    Entry {
        code: d.rule.code.to_owned(),
        file: keys.of(d.file.0),
        fingerprint: fingerprint(files, d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key as it was computed before folders were cached: every path resolved whole.
    fn resolved_whole(anchor: &Anchor, path: &Path) -> String {
        let full = anchor.cwd.join(path);
        let full = full.canonicalize().unwrap_or_else(|_| normalise(&full));
        let shown = full.strip_prefix(&anchor.root).unwrap_or(&full);
        shown
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    #[test]
    fn keys_are_those_of_whole_paths_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for folder in ["repo/.git", "repo/预算/人社局", "elsewhere"] {
            crate::write::create_dir_all(&root.join(folder)).unwrap();
        }
        crate::write::fixture(&root.join("repo/预算/人社局/a.toml"), "");
        crate::write::fixture(&root.join("elsewhere/b.toml"), "");
        let mut paths = vec![
            "预算/人社局/a.toml",
            "./预算/人社局/a.toml",
            "预算/./人社局/../人社局/a.toml",
            "预算/人社局/missing.toml",
            "预算/missing/../人社局/a.toml",
            "预算/人社局",
            "预算/人社局/.",
            "预算/人社局/..",
            "../elsewhere/b.toml",
        ];
        #[cfg(unix)]
        {
            use crate::write::fixture_symlink as symlink;
            // A linked file keys as its target; a file in a linked folder as the folder's.
            symlink(
                &root.join("elsewhere/b.toml"),
                &root.join("repo/预算/link.toml"),
            );
            symlink(&root.join("elsewhere"), &root.join("repo/linked"));
            symlink(&root.join("nowhere"), &root.join("repo/dangling.toml"));
            paths.extend([
                "预算/link.toml",
                "linked/b.toml",
                "dangling.toml",
                "linked/.",
                "linked/",
                "linked",
            ]);
        }
        let anchor = Anchor::at(&root.join("repo"));
        // Twice: the second time the folders come from the cache.
        for _ in 0..2 {
            for path in &paths {
                let path = Path::new(path);
                assert_eq!(anchor.key(path), resolved_whole(&anchor, path), "{path:?}");
            }
        }
        assert_eq!(
            anchor.key(Path::new("预算/人社局/a.toml")),
            "预算/人社局/a.toml"
        );
    }

    #[test]
    fn hex16_is_format_016x() {
        for n in [0, 1, 0xabc, u64::MAX, 0x0123_4567_89ab_cdef, 1 << 63] {
            assert_eq!(hex16(n).as_slice(), format!("{n:016x}").as_bytes());
        }
    }

    #[test]
    fn fnv1a_hashes_the_parts_joined_by_nul() {
        let joined = |parts: &[&str]| {
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for byte in parts.join("\u{0}").bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
            hash
        };
        for parts in [
            &[][..],
            &[""],
            &["", ""],
            &["B001", "total = 1", "合计不符"],
            &["a\u{0}b", "c"],
        ] {
            assert_eq!(fnv1a(parts), joined(parts), "{parts:?}");
        }
    }
}
