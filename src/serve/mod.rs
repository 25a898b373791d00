//! `gongkai serve [--port N] [--bind ADDR] [--out DIR]`: build, serve on 127.0.0.1, watch the
//! sources, rebuild what changed and reload the open pages once the files are in place.
//!
//! A broken file never stops the server: the console names it, the browser shows an overlay
//! with the same findings, and the last good pages stay served until it is fixed.

pub mod http;
mod plan;
mod session;

use crate::diag::{Diagnostics, render};
use crate::output;
use crate::pipeline::Outcome;
use crate::pipeline::{Options, RunError};
use crate::site_map;
use http::Shared;
use notify::{EventKind, RecursiveMode, Watcher};
use session::{Round, Session};
use std::io::{IsTerminal, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

pub use crate::cli::ServeArgs as Args;

/// Where `serve` writes its preview without `--out`, under the site's folder (`init`'s
/// .gitignore lists `.gongkai/`).
pub const PREVIEW_DIR: &str = ".gongkai/serve";

/// Quiet time that ends a burst of file events (an editor's save, a `git pull`).
const QUIET: Duration = Duration::from_millis(20);
/// The longest a burst is allowed to grow before it is rebuilt anyway.
const LONGEST: Duration = Duration::from_secs(2);

pub fn run(opts: Options, args: Args) -> Result<Outcome, RunError> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| RunError(format!("{}: {e}", opts.root.display())))?;
    let out = output_folder(&root, args.out.as_deref())?;
    let (listener, addr) = listen(&args)?;
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |ev| {
        // The receiver lives as long as the loop below; a closed one means we are exiting.
        let _ = tx.send(ev);
    })
    .map_err(|e| RunError(format!("无法监视文件变化：{e} (cannot watch files)")))?;
    let mut watched = Watched::default();
    watched.folders(&mut watcher, &root);
    let opts = Options {
        root: root.clone(),
        today: opts.today,
    };
    let mut session = Session::new(opts, &out)?;
    session.timings = args.timings;
    let mut notifier = Notifier {
        shared: Arc::new(Shared::new(out.clone())),
        version: 0,
        last_round: Vec::new(),
    };
    let first = session.reload_all()?;
    watched.settings(&mut watcher, &session.settings_files());
    // A commit changes no content file but every page's 更新记录 (SPEC §12): the
    // repository's own folder is watched (not recursively) for it.
    let git_dir = session
        .git_dir()
        .filter(|d| watcher.watch(d, RecursiveMode::NonRecursive).is_ok());
    if notifier.announce(&session, first, true) {
        notifier.checked(&mut session);
    }
    // One write, whose failure (nobody reading) never stops the preview.
    let _ = write!(
        std::io::stdout(),
        "预览 {} 已启动：http://{addr}/ （输出在 {}）\n保存文件后浏览器会自动刷新。按 Ctrl-C 停止预览\n",
        root.display(),
        out.display()
    );
    let _ = std::io::stdout().flush();
    let server = Arc::clone(&notifier.shared);
    std::thread::spawn(move || http::serve(listener, server));
    let canonical_out = out.canonicalize().unwrap_or(out);
    let mut rules_pending = false;
    loop {
        let paths = match next_batch(&rx, rules_pending.then_some(IDLE)) {
            Batch::Closed => break,
            Batch::Idle => {
                notifier.checked(&mut session);
                rules_pending = false;
                continue;
            }
            Batch::Paths(p) => p,
        };
        // A folder that appeared (a first `templates/`) is watched from now on, and read whole.
        let mut full = watched.folders(&mut watcher, &root);
        let settings = session.settings_files();
        let mut content = Vec::new();
        let mut git_changed = false;
        for p in paths {
            if p.starts_with(&canonical_out) {
                continue;
            }
            if git_dir.as_ref().is_some_and(|d| p.starts_with(d)) {
                git_changed = true;
                continue;
            }
            let Ok(rel) = p.strip_prefix(&root) else {
                continue;
            };
            let rel = crate::source::rel_path(Path::new(""), rel);
            let folder = rel.split_once('/').map(|(f, _)| f);
            if folder == Some(site_map::CONTENT) {
                content.push(rel);
            } else if settings.contains(&p)
                || folder.is_some_and(|f| site_map::SITE_FOLDERS.contains(&f))
            {
                full = true;
            }
        }
        content.sort();
        content.dedup();
        if git_changed && session.history_moved() {
            full = true;
        }
        if !full && content.is_empty() {
            continue;
        }
        let round = if full || content.len() > 1000 || !watched.has(site_map::CONTENT) {
            let round = session.reload_all()?;
            // The settings may name another word list now.
            watched.settings(&mut watcher, &session.settings_files());
            round
        } else {
            session.content_changed(&content)
        };
        rules_pending = notifier.announce(&session, round, full);
    }
    Ok(Outcome::Success)
}

/// Where the preview is written: `--out`, checked as `build` checks it, else a private
/// folder in the site's own `.gongkai/` (SPEC §15): not a guessable folder under /tmp that
/// other users can read or plant a link in. It starts empty, and goes when serve stops.
fn output_folder(root: &Path, out: Option<&Path>) -> Result<PathBuf, RunError> {
    Ok(match out {
        Some(o) => output::check_out_dir(o, root).map_err(RunError)?,
        None => {
            let out = root.join(PREVIEW_DIR);
            output::live::fresh_private_dir(&out).map_err(|e| {
                RunError(format!(
                    "无法创建预览文件夹 {}：{e} (cannot create the preview folder)",
                    out.display()
                ))
            })?;
            let gone = out.clone();
            ctrlc::set_handler(move || {
                let _ = std::fs::remove_dir_all(&gone);
                std::process::exit(0);
            })
            .map_err(|e| RunError(format!("无法设置退出处理：{e} (cannot handle signals)")))?;
            out
        }
    })
}

/// The listening socket of `--bind` and `--port` (loopback unless asked), with a warning
/// when other machines can reach it.
fn listen(args: &Args) -> Result<(TcpListener, std::net::SocketAddr), RunError> {
    let host = args.bind.clone().unwrap_or_else(|| "127.0.0.1".into());
    let listener = TcpListener::bind((host.as_str(), args.port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            return RunError(format!(
                "端口 {} 已被占用（可能另一个预览还开着）。换一个端口：gongkai serve --port {}",
                args.port,
                args.port.wrapping_add(1).max(1024)
            ));
        }
        RunError(format!("无法在 {host}:{} 上监听：{e}", args.port))
    })?;
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "警告：预览服务在 {addr} 上，其他机器也能访问，预览包含编辑检查报告 (warning: serving on {addr}, reachable from other machines; the preview includes the editors' report)"
        );
    }
    Ok((listener, addr))
}

/// What is watched: the site's folders that reach the output (`site_map::SITE_FOLDERS`,
/// recursively), and the folder of each settings file (site.toml, the word list wherever it
/// is kept).
#[derive(Default)]
struct Watched {
    folders: Vec<&'static str>,
    settings_dirs: Vec<PathBuf>,
}

impl Watched {
    fn has(&self, folder: &str) -> bool {
        self.folders.contains(&folder)
    }

    /// Watch each folder whose changes matter that exists and is not watched yet. Returns
    /// whether any was added.
    fn folders(&mut self, watcher: &mut notify::RecommendedWatcher, root: &Path) -> bool {
        let mut added = false;
        for dir in site_map::SITE_FOLDERS {
            let d = root.join(dir);
            if d.is_dir() && !self.has(dir) && watcher.watch(&d, RecursiveMode::Recursive).is_ok() {
                self.folders.push(dir);
                added = true;
            }
        }
        added
    }

    /// Watch the folder of each settings file (not recursively: only its own files).
    fn settings(&mut self, watcher: &mut notify::RecommendedWatcher, files: &[PathBuf]) {
        for f in files {
            let Some(dir) = f.parent() else { continue };
            if dir.is_dir()
                && !self.settings_dirs.iter().any(|d| d == dir)
                && watcher.watch(dir, RecursiveMode::NonRecursive).is_ok()
            {
                self.settings_dirs.push(dir.to_path_buf());
            }
        }
    }
}

/// What the open pages are told: each message has a version, and the files the last
/// rebuild changed are kept for the messages after it.
struct Notifier {
    shared: Arc<Shared>,
    version: u64,
    last_round: Vec<String>,
}

impl Notifier {
    /// Tell the console and the open pages what a round did. Returns whether pages changed
    /// (the rules then run once the editor pauses).
    fn announce(&mut self, session: &Session, round: Option<Round>, all: bool) -> bool {
        self.version += 1;
        let v = self.version;
        let errors = errors_json(&session.diags);
        let colour = std::io::stderr().is_terminal();
        match &round {
            Some(r) => {
                eprintln!(
                    "已更新，用时 {} 毫秒：{} 个文件变化，重新生成 {} 个文件页面 (rebuilt)",
                    r.millis,
                    r.changed.len(),
                    r.documents_rendered
                );
                // A stylesheet alone restyles open pages instead of reloading them.
                let all = all && r.changed.iter().any(|c| !c.ends_with(".css"));
                let msg = self.event(v - 1, &r.changed, all, &errors, 0);
                self.shared.broadcast(msg);
                true
            }
            None => {
                let mut errs = Diagnostics::default();
                errs.extend(session.diags.iter().filter(|d| d.is_error()).cloned());
                eprint!("{}", render::text(&errs, colour));
                eprintln!(
                    "未更新：请改正上面的错误；仍在提供上一次正确的页面 (not rebuilt: fix the error(s) above; the last good pages are still served)"
                );
                let msg = self.event(v, &[], false, &errors, 0);
                self.shared.broadcast(msg);
                false
            }
        }
    }

    /// Run the editorial rules, update the report page, and tell the open pages.
    fn checked(&mut self, session: &mut Session) {
        let colour = std::io::stderr().is_terminal();
        let errors = errors_json(&session.diags);
        let checked = session.check_and_report();
        {
            let mut pages = self
                .shared
                .virtual_pages
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            match checked.report {
                Some(bytes) => {
                    pages.insert(crate::site_map::Page::Report.path(), bytes);
                }
                None => {
                    pages.clear();
                }
            }
        }
        let warnings = session.diags.warning_count();
        if warnings > 0 {
            let counts = render::text(&session.diags, colour);
            if let Some(last) = counts.lines().last() {
                eprintln!("{last}  （详见 details: /report/）");
            }
        }
        let msg = self.event(self.version, &checked.changed, false, &errors, warnings);
        self.shared.broadcast(msg);
    }

    /// One message to the open pages (and `/__gongkai/status`): `changed` are the files
    /// this message is about; `round` the files the last rebuild changed, kept for later
    /// messages. `settled` below the current version marks a rebuild's own message.
    fn event(
        &mut self,
        settled: u64,
        changed: &[String],
        all: bool,
        errors: &[serde_json::Value],
        warnings: usize,
    ) -> String {
        let cap = |list: &[String]| {
            if list.len() > 500 {
                Vec::new()
            } else {
                list.to_vec()
            }
        };
        if settled < self.version {
            self.last_round = cap(changed);
        }
        serde_json::json!({
            "version": self.version,
            "settled": settled,
            "changed": cap(changed),
            "all": all || changed.len() > 500,
            "round": self.last_round,
            "errors": errors,
            "warnings": warnings,
        })
        .to_string()
    }
}

fn errors_json(diags: &Diagnostics) -> Vec<serde_json::Value> {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            serde_json::json!({
                "file": d.file, "line": d.line, "column": d.column,
                "code": d.code, "message": d.message, "help": d.help,
            })
        })
        .collect()
}

/// How long the editor must pause before the rules run: they take a moment on a large site,
/// and a save that follows at once should not wait for them.
const IDLE: Duration = Duration::from_millis(250);

enum Batch {
    Paths(Vec<PathBuf>),
    /// No event within the idle time.
    Idle,
    /// The watcher has stopped.
    Closed,
}

/// The paths of one burst of file events.
fn next_batch(rx: &Receiver<notify::Result<notify::Event>>, idle: Option<Duration>) -> Batch {
    let first = match idle {
        Some(t) => match rx.recv_timeout(t) {
            Ok(ev) => ev,
            Err(RecvTimeoutError::Timeout) => return Batch::Idle,
            Err(RecvTimeoutError::Disconnected) => return Batch::Closed,
        },
        None => match rx.recv() {
            Ok(ev) => ev,
            Err(_) => return Batch::Closed,
        },
    };
    let mut paths = Vec::new();
    let mut take = |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev
            && relevant(&ev.kind)
        {
            paths.extend(ev.paths);
        }
    };
    take(first);
    let started = Instant::now();
    while started.elapsed() < LONGEST {
        match rx.recv_timeout(QUIET) {
            Ok(ev) => take(ev),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return Batch::Closed,
        }
    }
    Batch::Paths(paths)
}

fn relevant(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}
