//! `perf serve [PATH...]`: the web workbench. This file owns what only the binary may do —
//! the command line, binding the socket, the first stdout line (the URL, so scripts and tests
//! can find a `--port 0` server), the runtime — and hands every request to `perf::serve`.
//!
//! Ctrl-C: the process-wide handler (`output::clean_up_on_signals`) removes perf's temporary
//! files and exits 130; a save being renamed into place finishes first (the write layer holds
//! signals off during renames), so no file is left half-written.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use perf::serve::{App, Scan, Settings, router};

use crate::cli::config::{ConfigArgs, open_session};
use crate::cli::output::{note, with_stdout};
use crate::cli::{GlobalArgs, Outcome, paths_or_default};

/// Arguments of `perf serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Budget files or directories to serve [default: budgets/].
    paths: Vec<PathBuf>,
    /// The address to listen on; anything but a loopback address needs --read-only or --token.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// The port; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Serve the pages only: no editing, every write answers 405.
    #[arg(long)]
    read_only: bool,
    /// An access token every request must carry (for a server others can reach).
    #[arg(long, env = "PERF_SERVE_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Another Host name the server answers to (the public name behind a reverse proxy).
    #[arg(long, value_name = "HOST")]
    allow_host: Vec<String>,
    /// Commit every save to git (that file only, authored by the name given in the page).
    #[arg(long, conflicts_with = "read_only")]
    commit: bool,
    /// Open the workbench in the default browser once the server listens.
    #[arg(long)]
    open: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

/// Runs `perf serve` until it is stopped.
pub(crate) fn run(args: &ServeArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let lang = global.lang;
    let paths = paths_or_default(&args.paths);
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        note(&format!(
            "error: {}",
            lang.text("serve.missing_path", perf::args!(path = missing.display()))
        ));
        return Ok(Outcome::Failure);
    }
    let ip: IpAddr = if args.host == "localhost" {
        IpAddr::from([127, 0, 0, 1])
    } else {
        match args.host.parse() {
            Ok(ip) => ip,
            Err(_) => {
                note(&format!(
                    "error: {}",
                    lang.text("serve.bad_host", perf::args!(host = args.host))
                ));
                return Ok(Outcome::Failure);
            }
        }
    };
    let token = args.token.clone().filter(|t| !t.is_empty());
    if !ip.is_loopback() && !args.read_only && token.is_none() {
        note(&format!(
            "error: {}",
            lang.text("serve.open_host_refused", perf::args!(host = ip))
        ));
        return Ok(Outcome::Failure);
    }
    if args.commit
        && let Err(e) = paths.iter().try_for_each(|p| commit_check(p))
    {
        note(&format!(
            "error: {}",
            lang.text(
                "serve.commit.unavailable",
                perf::args!(error = commit_problem(&e, lang))
            )
        ));
        return Ok(Outcome::Failure);
    }
    let session = match open_session(&args.config, &paths, global) {
        Ok(session) => session,
        Err(outcome) => return Ok(outcome),
    };
    let listener = std::net::TcpListener::bind(SocketAddr::new(ip, args.port)).map_err(|e| {
        anyhow::anyhow!(lang.text(
            "serve.bind_failed",
            perf::args!(address = SocketAddr::new(ip, args.port), error = e)
        ))
    })?;
    listener.set_nonblocking(true).context("listening")?;
    let port = listener.local_addr().context("listening")?.port();
    let shown = SocketAddr::new(ip, port);
    let mut hosts = vec![shown.to_string()];
    if ip.is_loopback() || ip.is_unspecified() {
        hosts.extend(["127.0.0.1", "localhost", "[::1]"].map(|h| format!("{h}:{port}")));
    }
    hosts.extend(args.allow_host.iter().cloned());
    let settings = Settings {
        read_only: args.read_only,
        token,
        hosts,
        any_ip_on_port: ip.is_unspecified().then_some(port),
        scan: Scan::WhenDue,
        today: Some(crate::cli::monitor::today),
        read_xls: Some(crate::cli::import_xls::read_bytes_in_child),
        commit: args.commit,
    };
    let app = Arc::new(
        App::new(session, settings)
            .map_err(|e| anyhow::anyhow!("random bytes for the CSRF token: {e}"))?,
    );
    let router = router(Arc::clone(&app));
    with_stdout(|out| writeln!(out, "http://{shown}/")).context("writing the URL")?;
    note(&lang.text(
        "serve.started",
        perf::args!(url = format!("http://{shown}/")),
    ));
    if args.open {
        // The socket is bound, so the browser finds the server even before the runtime runs.
        // A browser that cannot be started is said, not fatal: the URL is printed above.
        if let Err(e) = open_browser(&format!("http://{shown}/")) {
            note(&lang.text("serve.open_failed", perf::args!(error = e)));
        }
    }
    // Two worker threads: a workbench for a few clerks, on a machine that does other work.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()
        .context("starting the server")?;
    runtime
        .block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            // Files changed on disk show within a second (docs/serve.md): the scan (and a
            // reload, when something changed) runs here, off the requests, once a second.
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
                loop {
                    tick.tick().await;
                    let app = Arc::clone(&app);
                    let _ = tokio::task::spawn_blocking(move || app.refresh()).await;
                }
            });
            axum::serve(listener, router).await
        })
        .context("serving")?;
    Ok(Outcome::Success)
}

/// `--commit` can work on `path`: it is in a git working tree and git knows who commits.
fn commit_check(path: &std::path::Path) -> Result<(), perf::source::git::GitError> {
    let dir = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(std::path::Path::new("."))
    };
    let dir = if dir.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        dir
    };
    perf::source::git_commit::repo_for_commits(dir).map(|_| ())
}

/// Why `--commit` cannot work, said for `perf serve` (git's own messages speak of `perf diff`).
fn commit_problem(error: &perf::source::git::GitError, lang: perf::i18n::Lang) -> String {
    use perf::source::git::GitError;
    match error {
        GitError::NotARepo { dir } | GitError::NoWorkTree { dir } => {
            lang.text("serve.commit.not_a_repo", perf::args!(dir = dir.display()))
        }
        other => other.message(lang),
    }
}

/// Hands `url` to the desktop's opener (`xdg-open`, macOS `open`, Windows `start`), without
/// waiting for the browser.
fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|mut child| {
            // Reaped in the background: the opener exits at once, the server runs on.
            std::thread::spawn(move || child.wait());
        })
}
