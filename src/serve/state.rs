//! What the server holds: the session, the settings the command line gave, and the tree as
//! last loaded. The tree is reloaded when a scan of the roots (paths, inodes, sizes and
//! mtimes) differs from the one taken at the last load: a `git pull` or an editor's save
//! shows without a restart, and no watcher is needed (`notify` would cost a dependency and
//! behave differently on network and container file systems).
//!
//! A scan is a `stat` of every file: about 40 ms at 10,000 projects, too much to repeat on
//! every request of eight clerks at once. Under [`Scan::WhenDue`] (what `perf serve` runs) a
//! request scans only after a request that may have written, so a clerk's next page shows
//! their save; the binary calls [`App::refresh`] once a second off the requests, so a
//! `git pull` shows within a second. [`Scan::EveryRequest`] scans on each request, for
//! callers without a ticker.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

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
    /// When to look for files changed on disk.
    pub scan: Scan,
    /// `--commit`: every save becomes one git commit of the written file (see
    /// [`crate::serve::commit`]). The command line has checked that git can commit there.
    pub commit: bool,
    /// Today's date, for the monitoring sections of the report download (the library reads
    /// no clock: `perf serve` passes the system's, tests a fixed one). `None`: the report is
    /// monitored at the end of the newest budget year.
    pub today: Option<fn() -> crate::track::date::Date>,
    /// How 导入 reads an .xls workbook: `perf serve` passes the CLI's reader, which parses it
    /// in a child process with its memory capped (a damaged .xls can make calamine abort the
    /// process that reads it — never the server). `None`: .xls is refused, with a request to
    /// save as .xlsx.
    pub read_xls: Option<XlsInChild>,
}

/// Reads the bytes of an .xls workbook into sheets, out of the server's process.
pub type XlsInChild =
    fn(&[u8]) -> Result<Vec<crate::import::sheet::Sheet>, crate::import::ImportError>;

/// When the server scans its roots for files changed on disk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scan {
    /// Before every request: changes show at once, at the cost of a scan each time.
    #[default]
    EveryRequest,
    /// Whenever [`App::refresh`] is called (`perf serve` calls it once a second, off the
    /// requests), and before any request that comes after an [`App::mark_scan_due`] (the
    /// guard marks one after every request that may write) until a scan begun after the mark
    /// is done: a page after a save always shows it.
    WhenDue,
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
    /// Under [`Scan::WhenDue`]: how many times a request that may have written was marked
    /// ([`App::mark_scan_due`]), and how many of those marks the last finished scan covers.
    /// A request scans (and waits for a scan under way) while `covered < marked`, so a page
    /// after a save always shows it; the ticker's scans never make a request wait.
    marked: AtomicU64,
    covered: AtomicU64,
    /// One scan at a time.
    scanning: Mutex<()>,
    /// The previews of 导入 waiting for their confirmation.
    pub(crate) imports: Mutex<crate::serve::import::pending::Previews>,
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
    /// 总览's totals by year filter, computed once per loaded tree: the overview is the page
    /// every clerk opens, and summing 10,000 projects takes longer than the rest of a request.
    /// One cell per filter, so that requests arriving together wait for the first to fill it
    /// instead of each summing the tree (eight copies of every project row at once).
    overviews: Mutex<HashMap<Option<i64>, OverviewCell>>,
}

/// One year filter's 总览, filled by the first request that asks for it.
type OverviewCell = Arc<OnceLock<Arc<Overview>>>;

/// What 总览 shows for one year filter: the summary rounded for display, and errors and
/// warnings per department.
#[derive(Debug)]
pub struct Overview {
    /// The department rows and totals, rounded as shown.
    pub summary: crate::summary::Summary,
    /// Errors and warnings by department.
    pub findings: std::collections::BTreeMap<String, (usize, usize)>,
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

    /// 总览's figures for `year` (all years: `None`), made by `make` the first time they are
    /// asked for on this tree.
    pub fn overview(&self, year: Option<i64>, make: impl FnOnce() -> Overview) -> Arc<Overview> {
        // The map's lock is held only to find the cell, not while the figures are made: a
        // request for another year filter does not wait.
        let cell = self
            .overviews
            .lock()
            .map(|mut cache| Arc::clone(cache.entry(year).or_default()))
            .unwrap_or_default();
        Arc::clone(cell.get_or_init(|| Arc::new(make())))
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
            marked: AtomicU64::new(0),
            covered: AtomicU64::new(0),
            scanning: Mutex::new(()),
            imports: Mutex::new(crate::serve::import::pending::Previews::default()),
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

    /// Scans for files changed on disk now, and reloads the tree if any did (the ticker of
    /// `perf serve`, off the requests).
    pub fn refresh(&self) {
        self.scan(true);
    }

    /// Under [`Scan::WhenDue`], makes the next request scan for files changed on disk: call it
    /// once a write is complete (the guard does after every request that may write).
    pub fn mark_scan_due(&self) {
        self.marked.fetch_add(1, Ordering::AcqRel);
    }

    /// The tree, reloaded first if a file changed on disk since it was loaded (under
    /// [`Scan::WhenDue`], only when a scan is due).
    pub fn tree(&self) -> Arc<Tree> {
        match self.settings.scan {
            Scan::EveryRequest => self.scan(true),
            Scan::WhenDue
                if self.covered.load(Ordering::Acquire) < self.marked.load(Ordering::Acquire) =>
            {
                self.scan(false)
            }
            Scan::WhenDue => self.current(),
        }
    }

    /// The tree as last loaded.
    fn current(&self) -> Arc<Tree> {
        match self.tree.read() {
            Ok(tree) => Arc::clone(&tree),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Scans the roots and reloads the tree if a file changed; unless `always`, only when no
    /// scan begun since the last mark has already done so.
    fn scan(&self, always: bool) -> Arc<Tree> {
        let _one = self.scanning.lock();
        // Read before the scan: every write marked by now is complete, so the scan sees it.
        let marked = self.marked.load(Ordering::Acquire);
        if !always && self.covered.load(Ordering::Acquire) >= marked {
            return self.current();
        }
        let now = fingerprint(self.session.roots());
        let current = self.current();
        let tree = if current.fingerprint == now {
            current
        } else {
            let fresh = Arc::new(load(&self.session));
            if let Ok(mut slot) = self.tree.write() {
                *slot = Arc::clone(&fresh);
            }
            fresh
        };
        self.covered.fetch_max(marked, Ordering::AcqRel);
        tree
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
        overviews: Mutex::new(HashMap::new()),
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
