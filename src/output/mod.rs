//! Writing the site safely: a staging folder beside the target, a scan of every page for
//! withheld text before it is written, and an atomic swap only when everything succeeded.
//! A failed build removes its staging folder and leaves the previous site as it was.

pub mod guard;
pub mod live;

use crate::diag::{Diagnostic, codes};
use crate::render::Sink;
use guard::Guard;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;

/// Marks a folder as gongkai's output, so a later build may replace it.
pub const MARKER: &str = ".gongkai-output";
/// What the marker file says (the same from `build` and `serve`, so their folders compare
/// equal).
pub const MARKER_TEXT: &str = "This folder is written by gongkai and replaced by each build.\n";

/// The staging folder and the threads that write into it.
///
/// Pages are rendered on every core; files are created by writer threads fed through bounded
/// channels, one per group of folders ([`LANES`]): creating thousands of files in one folder
/// from several threads makes them spin on the folder's lock in the kernel, while creating
/// files in different folders proceeds in parallel (right after a mass delete, when ext4
/// makes every new file slow, two writers in two folders took half the time of one).
pub struct Staging {
    dir: PathBuf,
    guard: Option<Guard>,
    /// Whether the staging folder was new: nothing in it to compare with or prune.
    fresh: bool,
    senders: Vec<SyncSender<Vec<Job>>>,
    /// Each lane's files not yet handed over: they go in batches of [`BATCH`], so a writer
    /// is woken once a batch, not once a file.
    batches: Vec<Mutex<Vec<Job>>>,
    writers: Vec<JoinHandle<Lane>>,
}

/// What a writer thread reports: its failures and the files it wrote.
type Lane = (Vec<Diagnostic>, HashSet<PathBuf>);

enum Job {
    Write(String, Vec<u8>),
    Copy(String, PathBuf),
}

/// Files in flight between the renderers and the writer; bounds memory, not speed.
const QUEUE: usize = 256;
/// Files handed to a writer at a time. One at a time, a 10,000-document build made 13,000
/// context switches, the writers waking for each file.
const BATCH: usize = 32;

/// Resolve `--out` and refuse the dangerous ones: `/`, the site root, `content/`, anything
/// inside `content/`, or an ancestor of either.
pub fn check_out_dir(out: &Path, root: &Path) -> Result<PathBuf, String> {
    let out = absolute(out).map_err(|e| e.to_string())?;
    let root = absolute(root).map_err(|e| e.to_string())?;
    let content = root.join("content");
    if out.parent().is_none() {
        return Err(format!(
            "refusing to build into {}: it is the filesystem root",
            out.display()
        ));
    }
    if out == root || root.starts_with(&out) {
        return Err(format!(
            "refusing to build into {}: it is the site root or contains it",
            out.display()
        ));
    }
    if out.starts_with(&content) {
        return Err(format!(
            "refusing to build into {}: it is inside the content folder",
            out.display()
        ));
    }
    if out.is_dir()
        && !out.join(MARKER).exists()
        && std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        return Err(format!(
            "refusing to replace {}: it is not empty and was not made by gongkai (no {MARKER} in it)",
            out.display()
        ));
    }
    Ok(out)
}

/// An absolute path with `.` and `..` resolved, symbolic links in the existing part followed.
fn absolute(p: &Path) -> std::io::Result<PathBuf> {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    };
    let mut clean = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other.as_os_str()),
        }
    }
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        real.push(name);
    }
    Ok(real)
}

impl Staging {
    /// A fresh staging folder beside `out` (same filesystem, so the swap is a rename).
    pub fn create(out: &Path, guard: Option<Guard>) -> std::io::Result<Staging> {
        let parent = out
            .parent()
            .ok_or_else(|| std::io::Error::other("output has no parent folder"))?;
        std::fs::create_dir_all(parent)?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.gongkai-next"));
        if dir.exists() && !dir.join(MARKER).exists() {
            return Err(std::io::Error::other(format!(
                "{} exists but was not made by gongkai; remove it or choose another --out",
                dir.display()
            )));
        }
        // A new staging folder (the first build, or a clean one) holds nothing to compare
        // with, replace or prune: each file is simply created.
        let fresh = !dir.exists();
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
        let (senders, writers) = (0..LANES)
            .map(|_| {
                let (sender, receiver) = sync_channel::<Vec<Job>>(QUEUE / BATCH);
                let root = dir.clone();
                (
                    sender,
                    std::thread::spawn(move || write_lane(&root, fresh, receiver)),
                )
            })
            .unzip();
        Ok(Staging {
            dir,
            guard,
            fresh,
            senders,
            batches: (0..LANES).map(|_| Mutex::new(Vec::new())).collect(),
            writers,
        })
    }

    /// Wait until every file handed over so far is on disk, then remove what the build before
    /// last left and this one did not write; returns the failures.
    pub fn flush(&mut self) -> Vec<Diagnostic> {
        if self.writers.is_empty() {
            return Vec::new(); // flushed already
        }
        for (sender, batch) in self.senders.iter().zip(&self.batches) {
            let rest = std::mem::take(&mut *lock(batch));
            if !rest.is_empty() {
                // A writer that stopped reports why when it is joined below.
                let _ = sender.send(rest);
            }
        }
        self.senders.clear();
        let mut errors = Vec::new();
        let mut written = HashSet::new();
        for writer in self.writers.drain(..) {
            match writer.join() {
                Ok((e, w)) => {
                    errors.extend(e);
                    written.extend(w);
                }
                Err(_) => errors.push(io_diag(
                    "(writer)",
                    &std::io::Error::other("writer thread failed"),
                )),
            }
        }
        if errors.is_empty()
            && !self.fresh
            && let Err(e) = prune(&self.dir, &written)
        {
            errors.push(io_diag("(stale files)", &e));
        }
        errors
    }

    fn send(&self, job: Job) -> Result<(), Diagnostic> {
        let rel = match &job {
            Job::Write(rel, _) | Job::Copy(rel, _) => rel,
        };
        let n = lane(rel);
        let sender = self
            .senders
            .get(n)
            .ok_or_else(|| io_diag("(writer)", &std::io::Error::other("output already closed")))?;
        let full = {
            let mut batch = lock(&self.batches[n]);
            batch.push(job);
            if batch.len() < BATCH {
                return Ok(());
            }
            std::mem::take(&mut *batch)
        };
        sender
            .send(full)
            .map_err(|_| io_diag("(writer)", &std::io::Error::other("writer thread stopped")))
    }

    /// Swap the staging folder in for `out`. The previous output becomes the staging folder
    /// of the next build, whose files it overwrites in place: a rebuild neither deletes nor
    /// allocates thousands of files. Call [`Staging::flush`] first and commit only when it
    /// reported nothing.
    pub fn commit(mut self, out: &Path) -> std::io::Result<()> {
        if !self.flush().is_empty() {
            return Err(std::io::Error::other("output files failed to write"));
        }
        let swap = self
            .dir
            .with_extension(format!("swap-{}", std::process::id()));
        let had_old = out.exists();
        if had_old {
            std::fs::rename(out, &swap)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, out) {
            if had_old {
                let _ = std::fs::rename(&swap, out);
            }
            return Err(e);
        }
        if had_old {
            std::fs::rename(&swap, &self.dir)?;
        }
        Ok(())
    }

    /// Give up: the published output is untouched. The half-written staging folder stays
    /// for the next build to overwrite; it is never published as it is.
    pub fn abandon(mut self) {
        self.flush();
    }
}

/// A lane's batch; a thread that panicked holding it left a batch that is still whole.
fn lock(batch: &Mutex<Vec<Job>>) -> MutexGuard<'_, Vec<Job>> {
    batch
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Writer threads. Each owns whole folders: the document pages (`docs/`, most of the files)
/// go to one, everything else to the other, so no two threads ever create files in the same
/// folder (they would spin on its lock in the kernel).
const LANES: usize = 2;

fn lane(rel: &str) -> usize {
    usize::from(!rel.starts_with("docs/"))
}

/// One writer thread: write or copy each job's file, in order.
fn write_lane(root: &Path, fresh: bool, batches: Receiver<Vec<Job>>) -> Lane {
    let mut made: HashSet<PathBuf> = HashSet::new();
    let mut written: HashSet<PathBuf> = HashSet::new();
    let mut errors = Vec::new();
    for job in batches.into_iter().flatten() {
        let (rel, result) = match job {
            Job::Write(rel, bytes) => {
                let r = prepare(root, &rel, &mut made).and_then(|t| {
                    if fresh {
                        std::fs::write(t, &bytes)
                    } else {
                        write_file(&t, &bytes)
                    }
                });
                (rel, r)
            }
            Job::Copy(rel, from) => {
                let r = prepare(root, &rel, &mut made).and_then(|t| copy_file(&from, &t));
                (rel, r)
            }
        };
        match result {
            Ok(()) if !fresh => {
                written.insert(root.join(&rel));
            }
            Ok(()) => {}
            Err(e) => errors.push(io_diag(&rel, &e)),
        }
    }
    (errors, written)
}

/// Refuse a relative output path that is absolute or climbs out of the output folder.
pub(crate) fn checked(rel: &str) -> Result<&Path, Diagnostic> {
    let path = Path::new(rel);
    if path.is_absolute()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(Diagnostic::error(
            codes::PATH_ESCAPE,
            format!("refusing to write outside the output folder: {rel}"),
        ));
    }
    Ok(path)
}

/// The target path of `rel` in `root`, with its folder created (once per folder). The staging
/// folder may be the output of an earlier build, so a file may stand where a folder is needed
/// now (removed here), or the other way round (see [`write_file`]).
fn prepare(root: &Path, rel: &str, made: &mut HashSet<PathBuf>) -> std::io::Result<PathBuf> {
    let target = root.join(rel);
    if let Some(parent) = target.parent()
        && !made.contains(parent)
    {
        if std::fs::create_dir_all(parent).is_err() {
            let mut cur = root.to_path_buf();
            for c in Path::new(rel)
                .parent()
                .into_iter()
                .flat_map(Path::components)
            {
                cur.push(c);
                if cur.is_file() {
                    std::fs::remove_file(&cur)?;
                }
            }
            std::fs::create_dir_all(parent)?;
        }
        made.insert(parent.to_path_buf());
    }
    Ok(target)
}

/// Copy `from` to `to`, replacing a folder of the build before last that stands there.
fn copy_file(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::copy(from, to) {
        Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => {
            std::fs::remove_dir_all(to)?;
            std::fs::copy(from, to).map(|_| ())
        }
        r => r.map(|_| ()),
    }
}

/// Write `bytes` to `path`, which may hold the same page from the build before last.
///
/// An unchanged file is left alone (no write, and its timestamp stays, which also keeps
/// rsync deploys small). A changed one is overwritten in place and then cut to length rather
/// than truncated first: ext4 flushes a file truncated to zero when it is closed, which made
/// rebuilds wait on the disk.
///
/// Four system calls for an unchanged file (open, stat, one read, close): it is most of what a
/// rebuild does per page.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::{ErrorKind, Read, Seek, Write};
    let mut file = match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return std::fs::write(path, bytes),
        // A folder of the build before last where this build has a file.
        Err(e) if e.kind() == ErrorKind::IsADirectory => {
            std::fs::remove_dir_all(path)?;
            return std::fs::write(path, bytes);
        }
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    if len == bytes.len() as u64 {
        let mut old = vec![0; bytes.len()];
        file.read_exact(&mut old)?;
        if old == bytes {
            return Ok(());
        }
        file.rewind()?;
    }
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)
}

/// Remove every file of an earlier build that this build did not write, and the folders
/// left empty, so the staging folder holds exactly this build's output.
fn prune(root: &Path, written: &HashSet<PathBuf>) -> std::io::Result<()> {
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1) {
        let entry = entry.map_err(std::io::Error::other)?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            dirs.push(path.to_path_buf());
        } else if !written.contains(path) && path != root.join(MARKER) {
            std::fs::remove_file(path)?;
        }
    }
    for dir in dirs.iter().rev() {
        if std::fs::read_dir(dir)?.next().is_none() {
            std::fs::remove_dir(dir)?;
        }
    }
    Ok(())
}

pub(crate) fn io_diag(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        codes::CONFIG,
        format!("无法写入输出文件 {rel}: {e} (cannot write output)"),
    )
    .help("检查输出文件夹的权限和磁盘空间")
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        if let Some(g) = &self.guard
            && guard::scanned(rel)
            && let Some(found) = g.find(&bytes)
        {
            return Err(Diagnostic::error(
                codes::LEAK,
                format!("构建中止：页面 {rel} 含有不予公开或依申请公开的内容“{found}”，未写出任何文件 (withheld text in output)"),
            )
            .help("这是 gongkai 的缺陷或模板问题，请报告；网站保持上次构建的状态"));
        }
        checked(rel)?;
        self.send(Job::Write(rel.to_string(), bytes))
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        checked(rel)?;
        self.send(Job::Copy(rel.to_string(), from.to_path_buf()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_replace_what_the_build_before_last_left() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("a.html");
        write_file(&page, b"new").unwrap();
        assert_eq!(std::fs::read(&page).unwrap(), b"new");
        // Same length, other bytes; longer; shorter; unchanged.
        for text in [&b"old"[..], b"longer page", b"short", b"short"] {
            write_file(&page, text).unwrap();
            assert_eq!(std::fs::read(&page).unwrap(), text);
        }
        // A folder where a file goes now, for a page and for a copied file.
        std::fs::create_dir_all(dir.path().join("b.html/inner")).unwrap();
        write_file(&dir.path().join("b.html"), b"page").unwrap();
        assert_eq!(std::fs::read(dir.path().join("b.html")).unwrap(), b"page");
        std::fs::create_dir_all(dir.path().join("c.pdf/inner")).unwrap();
        copy_file(&page, &dir.path().join("c.pdf")).unwrap();
        assert_eq!(std::fs::read(dir.path().join("c.pdf")).unwrap(), b"short");
    }

    #[test]
    fn refuses_dangerous_out_dirs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        assert!(check_out_dir(Path::new("/"), &root).is_err());
        assert!(check_out_dir(&root, &root).is_err());
        assert!(check_out_dir(dir.path(), &root).is_err());
        assert!(check_out_dir(&root.join("content"), &root).is_err());
        assert!(check_out_dir(&root.join("content/a/out"), &root).is_err());
        assert!(check_out_dir(&root.join("content/../content"), &root).is_err());
        assert!(check_out_dir(&root.join("public"), &root).is_ok());
        std::fs::create_dir_all(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/notes.txt"), "x").unwrap();
        assert!(
            check_out_dir(&root.join("mine"), &root)
                .unwrap_err()
                .contains("not made by gongkai")
        );
    }
}
