//! Writing the site safely: a staging folder beside the target, a scan of every page for
//! withheld text before it is written, and an atomic swap only when everything succeeded.
//! A failed build removes its staging folder and leaves the previous site as it was.
//!
//! Nothing outlives the build beside `--out` (SPEC §9): the staging folder is new for every
//! build, readable by its owner only until it is swapped in, removed on every exit path
//! (`Drop`), and a folder left by a killed build is removed when the next one starts. The
//! previous output is swapped out atomically (`renameat2` with `RENAME_EXCHANGE` where the
//! filesystem has it) and deleted before `build` returns.

pub mod guard;
pub mod live;
mod sink;
pub mod spool;

pub use sink::Sink;

use crate::diag::{Diagnostic, codes};
use crate::site_map;
use guard::Guard;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;

pub use crate::site_map::MARKER;
/// What the marker file says (the same from `build` and `serve`, so their folders compare
/// equal).
pub const MARKER_TEXT: &str = "This folder is written by gongkai and replaced by each build.\n";

/// The staging folder and the threads that write into it.
///
/// Pages are rendered on every core; files are created by writer threads fed through bounded
/// channels, one per group of folders ([`site_map::writer_lane`]): creating thousands of files in one folder
/// from several threads makes them spin on the folder's lock in the kernel, while creating
/// files in different folders proceeds in parallel (right after a mass delete, when ext4
/// makes every new file slow, two writers in two folders took half the time of one).
///
/// Dropping a `Staging` that was not committed removes its folder.
pub struct Staging {
    dir: PathBuf,
    guard: Option<Guard>,
    /// The bytes the rules read of files published as they are, linked in by `copy`.
    spool: std::sync::Arc<spool::Spool>,
    senders: Vec<SyncSender<Vec<Job>>>,
    /// Each lane's files not yet handed over: they go in batches of [`BATCH`], so a writer
    /// is woken once a batch, not once a file.
    batches: Vec<Mutex<Vec<Job>>>,
    writers: Vec<JoinHandle<Vec<Diagnostic>>>,
    /// Set once the folder has become `--out`: nothing left to remove.
    committed: bool,
    /// Every file handed over, for the marker's list (what the next build may replace).
    written: Mutex<Vec<String>>,
}

enum Job {
    Write(String, Vec<u8>),
    /// A file the guard vetted in the spool, linked in (copied where links fail).
    Link(String, PathBuf),
}

/// What precedes the list of files in a build's marker.
const FILE_LIST: &str = "Files:\n";

/// Files of `out` that the build which wrote it did not write (someone put them there), when
/// its marker lists what it wrote, and whatever of it (the marker too) cannot be read; a
/// build refuses to delete them (SPEC §14).
pub fn strangers(out: &Path) -> Vec<String> {
    let marker = match std::fs::read_to_string(out.join(MARKER)) {
        Ok(marker) => marker,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => return vec![format!("{MARKER}（无法读取：{e}）")],
    };
    let Some((_, list)) = marker.split_once(FILE_LIST) else {
        return Vec::new(); // a folder `serve` wrote, or an older build's
    };
    let ours: HashSet<&str> = list.lines().collect();
    let rel = |path: &Path| crate::source::rel_path(out, path);
    let mut found: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(|e| match e {
            Ok(e) if e.file_type().is_dir() => None,
            Ok(e) => {
                let rel = rel(e.path());
                (rel != MARKER && !ours.contains(rel.as_str())).then_some(rel)
            }
            // What cannot be read cannot be known to be ours: the build leaves it alone.
            Err(e) => Some(format!(
                "{}（无法读取：{e}）",
                e.path().map_or_else(String::new, &rel)
            )),
        })
        .collect();
    found.sort();
    found
}

/// Files in flight between the renderers and the writer; bounds memory, not speed.
const QUEUE: usize = 256;
/// Files handed to a writer at a time. One at a time, a 10,000-document build made 13,000
/// context switches, the writers waking for each file.
const BATCH: usize = 32;

/// The folders a build of `out` uses beside it: its staging folder, the name the previous
/// output has while it is swapped out on filesystems without an atomic exchange, and the
/// spool (outside the staging folder, so that no file of the site can take its names).
pub fn beside(out: &Path) -> [PathBuf; 3] {
    let parent = out.parent().unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    [
        parent.join(format!(".{name}.gongkai-next")),
        parent.join(format!(".{name}.gongkai-old")),
        parent.join(format!(".{name}.gongkai-spool")),
    ]
}

/// Remove what a killed build left beside `out`. A folder of that name that gongkai did not
/// make (no marker, not empty) is refused rather than deleted.
fn remove_leftovers(out: &Path) -> std::io::Result<()> {
    for dir in beside(out) {
        if !dir.exists() && !dir.is_symlink() {
            continue;
        }
        let ours = dir.join(MARKER).is_file()
            || std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_none());
        if !ours || dir.is_symlink() {
            return Err(std::io::Error::other(format!(
                "文件夹 {} 已存在但不是 gongkai 生成的；请删除它或换一个 --out ({} exists but was not made by gongkai; remove it or choose another --out)",
                dir.display(),
                dir.display()
            )));
        }
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(())
}

/// Resolve `--out` and refuse the dangerous ones: `/`, the site root, `content/`, anything
/// inside `content/`, or an ancestor of either.
pub fn check_out_dir(out: &Path, root: &Path) -> Result<PathBuf, String> {
    let out = absolute(out).map_err(|e| e.to_string())?;
    let root = absolute(root).map_err(|e| e.to_string())?;
    let content = root.join("content");
    if out.parent().is_none() {
        return Err(format!(
            "拒绝输出到 {}：它是文件系统的根目录 (refusing to build into {}: it is the filesystem root)",
            out.display(),
            out.display()
        ));
    }
    if out == root || root.starts_with(&out) {
        return Err(format!(
            "拒绝输出到 {}：它是站点目录或包含站点目录 (refusing to build into {}: it is the site root or contains it)",
            out.display(),
            out.display()
        ));
    }
    if out.starts_with(&content) {
        return Err(format!(
            "拒绝输出到 {}：它在 content 文件夹中 (refusing to build into {}: it is inside the content folder)",
            out.display(),
            out.display()
        ));
    }
    if out.is_dir()
        && !out.join(MARKER).exists()
        // A folder that cannot be listed cannot be known to be empty.
        && std::fs::read_dir(&out).map_or(true, |mut d| d.next().is_some())
    {
        return Err(format!(
            "拒绝替换 {}：它不是空文件夹，也不是 gongkai 生成的（其中没有 {MARKER}） (refusing to replace {}: it is not empty and was not made by gongkai, no {MARKER} in it)",
            out.display(),
            out.display()
        ));
    }
    Ok(out)
}

/// Refuse to replace `out` when it holds a file the previous build did not write (the
/// marker's list): the swap would delete it. A walk of the whole output, so `build` runs it
/// beside rendering and asks before the swap.
pub fn refuse_strangers(out: &Path) -> Result<(), String> {
    match strangers(out).first() {
        Some(first) => Err(format!(
            "拒绝替换 {}：其中的 {first} 不是上一次生成写入的，替换会把它删掉；把它放进站点的 root/ 文件夹（每次生成都会复制），或移走后再生成 (refusing to delete a file the previous build did not write)",
            out.display()
        )),
        None => Ok(()),
    }
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
    /// A new staging folder beside `out` (same filesystem, so the swap is a rename), after
    /// removing whatever a killed build left there. Nothing is copied into it before
    /// [`Staging::set_guard`]; its spool takes files from the rules before that.
    pub fn create(out: &Path) -> std::io::Result<Staging> {
        use std::os::unix::fs::DirBuilderExt;
        let parent = out
            .parent()
            .ok_or_else(|| std::io::Error::other("output has no parent folder"))?;
        std::fs::create_dir_all(parent)?;
        remove_leftovers(out)?;
        let [dir, _, spool] = beside(out);
        // Owner only while it is being written: a web server serving the parent folder
        // cannot read a page before the build has vouched for all of them.
        std::fs::DirBuilder::new().mode(0o700).create(&dir)?;
        std::fs::DirBuilder::new().mode(0o700).create(&spool)?;
        std::fs::write(spool.join(MARKER), MARKER_TEXT)?;
        let mut staging = Staging {
            dir: dir.clone(),
            guard: None,
            spool: std::sync::Arc::new(spool::Spool::new(spool)),
            senders: Vec::new(),
            batches: (0..site_map::WRITER_LANES)
                .map(|_| Mutex::new(Vec::new()))
                .collect(),
            writers: Vec::new(),
            committed: false,
            written: Mutex::new(Vec::new()),
        };
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
        // The output being replaced (checked to be gongkai's by `check_out_dir`), whose
        // unchanged files are linked rather than written again.
        let previous = out.join(MARKER).is_file().then(|| out.to_path_buf());
        for _ in 0..site_map::WRITER_LANES {
            let (sender, receiver) = sync_channel::<Vec<Job>>(QUEUE / BATCH);
            let root = dir.clone();
            let previous = previous.clone();
            staging.senders.push(sender);
            staging.writers.push(std::thread::spawn(move || {
                write_lane(&root, previous.as_deref(), receiver)
            }));
        }
        Ok(staging)
    }

    /// The guard every file passes; copies are refused until there is one.
    pub fn set_guard(&mut self, guard: Option<Guard>) {
        self.guard = guard;
    }

    /// Where the rules keep the bytes they read of files published as they are
    /// ([`crate::security::Secrets::keep`]).
    pub fn spool(&self) -> std::sync::Arc<spool::Spool> {
        std::sync::Arc::clone(&self.spool)
    }

    /// Wait until every file handed over so far is on disk; returns the failures.
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
        for writer in self.writers.drain(..) {
            match writer.join() {
                Ok(e) => errors.extend(e),
                Err(_) => errors.push(io_diag(
                    "(writer)",
                    &std::io::Error::other("writer thread failed"),
                )),
            }
        }
        errors
    }

    fn send(&self, job: Job) -> Result<(), Diagnostic> {
        let rel = match &job {
            Job::Write(rel, _) | Job::Link(rel, _) => rel,
        };
        lock(&self.written).push(rel.clone());
        let n = site_map::writer_lane(rel);
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

    /// Swap the staging folder in for `out`, then delete the previous output. Call
    /// [`Staging::flush`] first and commit only when it reported nothing.
    pub fn commit(mut self, out: &Path) -> std::io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        if !self.flush().is_empty() {
            return Err(std::io::Error::other("output files failed to write"));
        }
        // The marker lists every file of this output: the next build replaces these and
        // refuses to delete anything else someone put there.
        let mut written = std::mem::take(&mut *lock(&self.written));
        written.sort_unstable();
        written.dedup();
        let mut marker = String::from(MARKER_TEXT);
        marker.push_str(FILE_LIST);
        for rel in &written {
            marker.push_str(rel);
            marker.push('\n');
        }
        std::fs::write(self.dir.join(MARKER), marker)?;
        std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o755))?;
        let [_, old, _] = beside(out);
        let swapped_out = swap(&self.dir, out, &old)?;
        self.committed = true;
        // What was linked from the spool stays; the spool's own names go (`Drop` tries
        // again; the next build removes what is left).
        let _ = std::fs::remove_dir_all(self.spool.dir());
        if let Some(previous) = swapped_out {
            remove_output(&previous)?;
        }
        Ok(())
    }

    /// Give up: the published output is untouched and the staging folder is removed.
    pub fn abandon(self) {
        drop(self);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.flush();
        // Nothing else can be done about a failure here; the next build removes them.
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        let _ = std::fs::remove_dir_all(self.spool.dir());
    }
}

/// Delete a previous output: its document pages (most of its files) on a second thread, as
/// they were written.
fn remove_output(dir: &Path) -> std::io::Result<()> {
    let docs = dir.join("docs");
    let pages = std::thread::spawn(move || match std::fs::remove_dir_all(&docs) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    });
    let rest: std::io::Result<()> = std::fs::read_dir(dir)?
        .flatten()
        .filter(|e| e.file_name() != "docs")
        .try_for_each(|e| match e.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(e.path()),
            _ => std::fs::remove_file(e.path()),
        });
    let pages = pages
        .join()
        .unwrap_or_else(|_| Err(std::io::Error::other("removing the old pages failed")));
    rest?;
    pages?;
    std::fs::remove_dir_all(dir)
}

/// Put `next` at `out`. Returns where the previous output now is, to be deleted: `next`'s
/// old name after an atomic exchange, or `old` after two renames.
fn swap(next: &Path, out: &Path, old: &Path) -> std::io::Result<Option<PathBuf>> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    if !out.exists() {
        std::fs::rename(next, out)?;
        return Ok(None);
    }
    match renameat_with(CWD, next, CWD, out, RenameFlags::EXCHANGE) {
        Ok(()) => return Ok(Some(next.to_path_buf())),
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
        Err(e) => return Err(e.into()),
    }
    // No atomic exchange here: for a moment there is no `out`.
    std::fs::rename(out, old)?;
    if let Err(e) = std::fs::rename(next, out) {
        let _ = std::fs::rename(old, out);
        return Err(e);
    }
    Ok(Some(old.to_path_buf()))
}

/// A lane's batch; a thread that panicked holding it left a batch that is still whole.
fn lock<T>(batch: &Mutex<T>) -> MutexGuard<'_, T> {
    batch
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One writer thread: write or copy each job's file, in order.
fn write_lane(
    root: &Path,
    previous: Option<&Path>,
    batches: Receiver<Vec<Job>>,
) -> Vec<Diagnostic> {
    let mut made: HashSet<PathBuf> = HashSet::new();
    // A path is always written by the same lane: one written again (a theme's static file
    // and the site's of the same name) is removed first, never written through, since it
    // may be a link to the spool or to the previous output.
    let mut done: HashSet<String> = HashSet::new();
    let mut errors = Vec::new();
    for job in batches.into_iter().flatten() {
        let rel = match &job {
            Job::Write(rel, _) | Job::Link(rel, _) => rel.clone(),
        };
        if !done.insert(rel.clone())
            && let Err(e) = std::fs::remove_file(root.join(&rel))
            && e.kind() != std::io::ErrorKind::NotFound
        {
            errors.push(io_diag(&rel, &e));
            continue;
        }
        let (rel, result) = match job {
            Job::Write(rel, bytes) => {
                let r = prepare(root, &rel, &mut made).and_then(|t| {
                    match previous.map(|p| p.join(&rel)) {
                        Some(old)
                            if same_bytes(&old, &bytes) && std::fs::hard_link(&old, &t).is_ok() =>
                        {
                            Ok(())
                        }
                        _ => std::fs::write(t, &bytes),
                    }
                });
                (rel, r)
            }
            Job::Link(rel, from) => {
                let r = prepare(root, &rel, &mut made).and_then(|t| {
                    // Copied only where a link cannot be made (another filesystem, too many
                    // links); the target does not exist, so nothing is written through.
                    std::fs::hard_link(&from, &t).or_else(|e| {
                        let errno = e.raw_os_error().map(rustix::io::Errno::from_raw_os_error);
                        if errno == Some(rustix::io::Errno::XDEV)
                            || errno == Some(rustix::io::Errno::MLINK)
                        {
                            std::fs::copy(&from, &t).map(drop)
                        } else {
                            Err(e)
                        }
                    })
                });
                (rel, r)
            }
        };
        if let Err(e) = result {
            errors.push(io_diag(&rel, &e));
        }
    }
    errors
}

/// Whether the file at `path` holds exactly `bytes`.
///
/// A rebuild links each unchanged page of the output it replaces instead of writing it:
/// no new inode for the page, and none freed when the old output is deleted. On ext4 without
/// a journal, allocating inodes right after thousands were freed is several times slower
/// (docs/PERFORMANCE.md), and before session 7 a rebuild avoided it by reusing the previous
/// output as its staging folder, which left withheld pages beside `--out` (SPEC §9).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len());
    file.read_to_end(&mut old).is_ok() && old == bytes
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

/// The target path of `rel` in `root`, with its folder created (once per folder).
fn prepare(root: &Path, rel: &str, made: &mut HashSet<PathBuf>) -> std::io::Result<PathBuf> {
    let target = root.join(rel);
    if let Some(parent) = target.parent()
        && !made.contains(parent)
    {
        std::fs::create_dir_all(parent)?;
        made.insert(parent.to_path_buf());
    }
    Ok(target)
}

pub(crate) fn io_diag(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        codes::OUTPUT,
        format!("无法写入输出文件 {rel}: {e} (cannot write output)"),
    )
    .help("检查输出文件夹的权限和磁盘空间")
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        self.write_page(rel, bytes, 0..0)
    }

    fn write_page(
        &self,
        rel: &str,
        bytes: Vec<u8>,
        body: std::ops::Range<usize>,
    ) -> Result<(), Diagnostic> {
        if let Some(owner) = self
            .guard
            .as_ref()
            .and_then(|g| g.find_outside(rel, &bytes, body))
        {
            return Err(guard::leak(rel, owner));
        }
        checked(rel)?;
        self.send(Job::Write(rel.to_string(), bytes))
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        checked(rel)?;
        // SPEC §15: the bytes the guard read completely are the bytes written; the source is
        // never read again (a save in between would publish bytes nobody read). Bytes the
        // rules read and kept in the spool are vetted by their digest and linked in.
        let Some(g) = &self.guard else {
            return Err(io_diag(rel, &std::io::Error::other("no guard")));
        };
        if let Some(kept) = g.checked_kept(rel, from, &self.spool) {
            return self.send(Job::Link(rel.to_string(), kept?));
        }
        let bytes = g.checked_copy(rel, from)?;
        self.send(Job::Write(rel.to_string(), bytes))
    }
}

#[cfg(test)]
mod tests;
