//! What the server holds: the session, the settings the command line gave, and the tree as
//! last loaded. The tree is reloaded when a cheap scan of the roots (paths, sizes and mtimes)
//! differs from the one taken at the last load: a `git pull` or an editor's save shows on the
//! next request without a restart, and no watcher thread is needed (`notify` would cost a
//! dependency and a thread for what a scan of a few thousand `stat`s does in milliseconds).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use crate::diag::FileId;
use crate::i18n::Lang;
use crate::session::{Judged, Session};
use crate::source::LoadedProject;

/// What the command line says about the server.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// No writes: the edit pages are absent and every POST answers 405.
    pub read_only: bool,
    /// The access token (`--token`, `PERF_SERVE_TOKEN`); `None` on a loopback-only server.
    pub token: Option<String>,
    /// The `Host` header values the server answers to (`127.0.0.1:8000`, `localhost:8000`…);
    /// anything else is refused (DNS rebinding).
    pub hosts: Vec<String>,
    /// Also answer to any IP address (with `port`) as Host: the server listens on every
    /// address (`--host 0.0.0.0`), so the machine is reached by whichever address the
    /// network gives it. Names still need to be listed: a name is what DNS rebinding uses.
    pub any_ip_on_port: Option<u16>,
    /// `--commit`: every save becomes one git commit of the written file (see
    /// [`crate::serve::commit`]). The command line has checked that git can commit there.
    pub commit: bool,
}

/// The server's state, shared by every request.
#[derive(Debug)]
pub struct App {
    session: Session,
    settings: Settings,
    csrf: String,
    tree: RwLock<Arc<Tree>>,
    /// Whether the first root is inside a git working tree: the project pages link their
    /// history (`/history/…`).
    in_git: bool,
    /// Held while a save reads, compares and writes a file, so that of two concurrent saves
    /// of one file one wins and the other sees the file changed (409).
    pub(crate) saving: Mutex<()>,
}

/// The tree as loaded, with each project's address inside it.
#[derive(Debug)]
pub struct Tree {
    /// The projects and their findings, levels and suppressions applied.
    pub judged: Judged,
    /// By project index: its path inside the tree (`高新区人社局/人才发展资金.toml`), or
    /// `None` when the file is not inside a root (a symlink leading out): never served.
    rels: Vec<Option<String>>,
    index: HashMap<String, usize>,
    /// Every file read (projects, department files, files that did not parse), by address.
    files: HashMap<String, FileId>,
    /// The address of each file, by id.
    file_rels: Vec<Option<String>>,
    fingerprint: u64,
}

impl Tree {
    /// The project at `rel` (a path inside the tree, `/`-separated).
    pub fn project_at(&self, rel: &str) -> Option<&LoadedProject> {
        self.index
            .get(rel)
            .and_then(|&i| self.judged.workspace.projects.get(i))
    }

    /// The file at `rel`, whatever it holds (a file that did not parse has no project).
    pub fn file_at(&self, rel: &str) -> Option<FileId> {
        self.files.get(rel).copied()
    }

    /// The address of a file, when it may be served.
    pub fn file_rel(&self, id: FileId) -> Option<&str> {
        self.file_rels.get(id.0).and_then(|r| r.as_deref())
    }

    /// The address of the `i`th project, when it may be served.
    pub fn rel_of(&self, i: usize) -> Option<&str> {
        self.rels.get(i).and_then(|r| r.as_deref())
    }

    /// The projects that may be served, with their addresses.
    pub fn served(&self) -> impl Iterator<Item = (&str, &LoadedProject)> {
        self.judged
            .workspace
            .projects
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((self.rel_of(i)?, p)))
    }
}

impl App {
    /// A server over `session`'s tree, loaded now.
    ///
    /// # Errors
    /// The system could not give random bytes for the CSRF token.
    pub fn new(session: Session, settings: Settings) -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes)?;
        let csrf = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let tree = load(&session);
        let in_git = session.roots().first().is_some_and(|root| {
            let dir = if root.is_file() {
                root.parent().unwrap_or(Path::new("."))
            } else {
                root.as_path()
            };
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            crate::source::git::Repo::discover(dir).is_ok()
        });
        Ok(Self {
            session,
            settings,
            csrf,
            tree: RwLock::new(Arc::new(tree)),
            in_git,
            saving: Mutex::new(()),
        })
    }

    /// The session every page goes through.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The language of every page.
    pub fn lang(&self) -> Lang {
        self.session.lang()
    }

    /// A catalog text of the pages.
    pub fn t(&self, key: &str) -> String {
        self.lang().text(key, &[])
    }

    /// What the command line said.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Whether the tree is in a git working tree (its history can be shown).
    pub fn in_git(&self) -> bool {
        self.in_git
    }

    /// The token every form carries.
    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// The stamp of the tree as last loaded (no scan): pages carry it, and their script
    /// compares it with `GET /stamp` to say when the data changed on disk.
    pub fn stamp(&self) -> String {
        self.tree
            .read()
            .map(|tree| format!("{:016x}", tree.fingerprint))
            .unwrap_or_default()
    }

    /// The tree, reloaded first if a file changed on disk since it was loaded.
    pub fn tree(&self) -> Arc<Tree> {
        let now = fingerprint(self.session.roots());
        if let Ok(tree) = self.tree.read()
            && tree.fingerprint == now
        {
            return Arc::clone(&tree);
        }
        let fresh = Arc::new(load(&self.session));
        if let Ok(mut slot) = self.tree.write() {
            *slot = Arc::clone(&fresh);
        }
        fresh
    }
}

fn load(session: &Session) -> Tree {
    // Taken before loading: a change during the load shows as a change on the next request.
    let fingerprint = fingerprint(session.roots());
    let judged = session.load();
    let roots: Vec<(PathBuf, PathBuf)> = session
        .roots()
        .iter()
        .map(|root| {
            let base = if root.is_file() {
                root.parent().map(Path::to_path_buf).unwrap_or_default()
            } else {
                root.clone()
            };
            let canonical = base.canonicalize().unwrap_or_else(|_| base.clone());
            (base, canonical)
        })
        .collect();
    let rels: Vec<Option<String>> = judged
        .workspace
        .projects
        .iter()
        .map(|p| {
            let path = &judged.workspace.file(p.file)?.path;
            address(path, &roots)
        })
        .collect();
    let mut index = HashMap::new();
    for (i, rel) in rels.iter().enumerate() {
        if let Some(rel) = rel {
            index.entry(rel.clone()).or_insert(i);
        }
    }
    let file_rels: Vec<Option<String>> = judged
        .workspace
        .files
        .iter()
        .map(|f| address(&f.path, &roots))
        .collect();
    let files = file_rels
        .iter()
        .enumerate()
        .filter_map(|(i, rel)| Some((rel.clone()?, FileId(i))))
        .collect();
    Tree {
        judged,
        rels,
        index,
        files,
        file_rels,
        fingerprint,
    }
}

/// `path`'s address inside the first root that holds it — after resolving symlinks, so a
/// link leading out of the tree has none.
fn address(path: &Path, roots: &[(PathBuf, PathBuf)]) -> Option<String> {
    let real = path.canonicalize().ok()?;
    roots.iter().find_map(|(base, canonical)| {
        real.strip_prefix(canonical).ok()?;
        let rel = path.strip_prefix(base).ok()?;
        let parts: Option<Vec<&str>> = rel
            .components()
            .map(|c| match c {
                std::path::Component::Normal(part) => part.to_str(),
                _ => None,
            })
            .collect();
        let parts = parts?;
        (!parts.is_empty()).then(|| parts.join("/"))
    })
}

/// Paths, sizes and modification times of every file under `roots`.
fn fingerprint(roots: &[PathBuf]) -> u64 {
    let mut hasher = DefaultHasher::new();
    for root in roots {
        for entry in walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            entry.path().hash(&mut hasher);
            if let Ok(meta) = entry.metadata() {
                // The inode too: a save renames a new file into place.
                std::os::unix::fs::MetadataExt::ino(&meta).hash(&mut hasher);
                meta.len().hash(&mut hasher);
                meta.modified().ok().hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

/// The content hash a form carries, to refuse a save over a file changed since it was
/// loaded (fava's checksum rule). Not a secret: a change detector.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    format!("{:016x}-{}", hasher.finish(), bytes.len())
}
